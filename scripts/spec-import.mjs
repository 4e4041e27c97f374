#!/usr/bin/env node
// Import generic netlink family specs from the pinned kernel tree's YNL files
// (Documentation/netlink/specs/<family>.yaml) into nlts's spec directory.
//
// Only facts are kept: names, values, types, structure (attribute sets, ops,
// definitions, multicast groups). Every `doc` field and the files' comments are
// dropped, so no kernel documentation prose is copied; the output stays in the
// kernel's YNL format, so `--spec` accepts either file.
//
// Usage: node scripts/spec-import.mjs [--tree DIR] [--out DIR] [family ...]
//   default tree: /var/cache/nlts-linux-source/linux-source-* (scripts/fetch-linux-source.sh)
//   default out:  a directory you name; nothing is written to specs/ unless --out specs
//   default families: the genetlink specs of the tree (protocol genetlink*, not raw rtnetlink)
//   --overlay DIR: facts to merge over the kernel file, DIR/<family>.yaml (default: specs/overlay
//   when writing to specs). An overlay is a partial spec in the same format; it corrects what the
//   tree's file gets wrong against the UAPI header (nlctrl numbers policy-attrs "mask" and "pad"
//   in the wrong order), adds what kernels newer than the pinned tree have (the host runs 6.18),
//   and carries doc strings written for nlts. Merge rules (mergeOverlay): definitions, attribute
//   sets, ops and multicast groups are matched by name; a matched item takes the overlay's keys,
//   a set's attributes and an enum's entries are merged the same way, anything new is appended.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { parse, stringify } from 'yaml';

function arg(name) {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  process.argv.splice(i, 2);
  return v;
}

function defaultTree() {
  const cache = '/var/cache/nlts-linux-source';
  if (!existsSync(cache)) return undefined;
  const d = readdirSync(cache).find((n) => n.startsWith('linux-source-'));
  return d ? join(cache, d) : undefined;
}

const tree = arg('--tree') ?? defaultTree();
const out = arg('--out');
const overlayArg = arg('--overlay');
if (!tree || !out) {
  process.stderr.write(
    'usage: spec-import.mjs --out DIR [--tree DIR] [family ...] (run scripts/fetch-linux-source.sh)\n',
  );
  process.exit(2);
}
const specDir = join(tree, 'Documentation/netlink/specs');
const wanted = process.argv.slice(2);

const overlayDir =
  overlayArg ?? (out && out.replace(/\/+$/, '').endsWith('specs') ? join(out, 'overlay') : undefined);

const nameOf = (x) => (x && typeof x === 'object' ? x.name : x);

/** Merge list `extra` into list `base` by name: matched items take extra's keys (children merged by `deep`). */
function mergeByName(base, extra, deep = {}) {
  const outList = [...(base ?? [])];
  for (const e of extra ?? []) {
    const i = outList.findIndex((b) => nameOf(b) === nameOf(e));
    if (i < 0) {
      outList.push(e);
      continue;
    }
    const b = typeof outList[i] === 'object' ? { ...outList[i] } : { name: outList[i] };
    for (const [k, v] of Object.entries(typeof e === 'object' ? e : {})) {
      b[k] = deep[k] && Array.isArray(v) ? mergeByName(b[k], v) : v;
    }
    outList[i] = b;
  }
  return outList;
}

/** A kernel spec with an overlay merged in (see the header comment for the rules). */
function mergeOverlay(doc, ov) {
  const r = { ...doc };
  if (ov.definitions) r.definitions = mergeByName(doc.definitions, ov.definitions, { entries: true });
  if (ov['attribute-sets'])
    r['attribute-sets'] = mergeByName(doc['attribute-sets'], ov['attribute-sets'], { attributes: true });
  if (ov.operations?.list)
    r.operations = { ...doc.operations, list: mergeByName(doc.operations?.list, ov.operations.list) };
  if (ov['mcast-groups']?.list)
    r['mcast-groups'] = {
      ...doc['mcast-groups'],
      list: mergeByName(doc['mcast-groups']?.list, ov['mcast-groups'].list),
    };
  return r;
}

/** Drop every `doc` key (prose), keep the rest as it is. */
function factsOnly(v) {
  if (Array.isArray(v)) return v.map(factsOnly);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'doc') o[k] = factsOnly(x);
    return o;
  }
  return v;
}

mkdirSync(out, { recursive: true });
const version = basename(tree);
let written = 0;
for (const file of readdirSync(specDir).sort()) {
  if (!file.endsWith('.yaml')) continue;
  const text = readFileSync(join(specDir, file), 'utf8');
  const doc = parse(text);
  // YNL's loader (tools/net/ynl/lib/nlspec.py) refuses a spec whose first line is not the SPDX tag: keep it.
  const spdx = text.split('\n', 1)[0].startsWith('# SPDX-License-Identifier:')
    ? text.split('\n', 1)[0] + '\n'
    : '';
  const family = file.slice(0, -'.yaml'.length);
  if (wanted.length ? !wanted.includes(family) : !String(doc.protocol ?? 'genetlink').startsWith('genetlink'))
    continue;
  const overlayFile = overlayDir ? join(overlayDir, `${family}.yaml`) : undefined;
  const overlay = overlayFile && existsSync(overlayFile) ? parse(readFileSync(overlayFile, 'utf8')) : null;
  const header =
    spdx +
    `# ${doc.name}: generated by scripts/spec-import.mjs from ${version}\n` +
    `# Documentation/netlink/specs/${file}: facts only (names, values, types, structure); doc text omitted.\n` +
    (overlay ? `# Merged with specs/overlay/${family}.yaml (facts and doc text written for nlts).\n` : '') +
    `# Do not edit by hand: edit the overlay and re-run the script.\n`;
  // Doc text goes first, so the overlay's own doc strings survive.
  const facts = overlay ? mergeOverlay(factsOnly(doc), overlay) : factsOnly(doc);
  writeFileSync(join(out, `${family}.yaml`), header + stringify(facts, { lineWidth: 0 }));
  written++;
}
process.stdout.write(`wrote ${written} spec(s) to ${out} from ${version}\n`);
