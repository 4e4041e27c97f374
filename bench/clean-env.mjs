// Imported first by every bench that starts Node processes: it takes NODE_EXTRA_CA_CERTS out of
// the environment the timed commands inherit, and says so on stderr.
//
// Why: with it set (the development VM sets it), every Node start reads and parses a CA bundle,
// ~45 ms that is neither Node's start-up nor nlts's: `node -e 0` took ~105 ms instead of ~62,
// and every ratio to it or to ip shrank (session 8 first took start-up figures that way). ip and
// YNL's Python CLI do not read it either way.
if (process.env.NODE_EXTRA_CA_CERTS !== undefined) {
  delete process.env.NODE_EXTRA_CA_CERTS;
  process.stderr.write("bench: NODE_EXTRA_CA_CERTS removed from the timed commands' environment\n");
}
