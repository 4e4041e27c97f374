/**
 * The route command's shared pieces: they live in commands/common.ts (other
 * commands use them too) and are re-exported here for the files that take
 * them from this module.
 */
export { makePrinter, openRoute } from '../common.js';
// One chunking output (it names its target, so a failure mid-document closes the JSON).
export { ChunkedOutput } from '../../output/output.js';
/** The argument cursor lives with ip's other parsers. */
export { Args } from '../../iproute/args.js';
