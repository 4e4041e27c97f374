#!/usr/bin/env node
// Re-record the `nlts raw` golden fixtures from a real kernel (as root):
//
//   npm run build && sudo node scripts/record-raw-goldens.mjs
//
// Builds a small fixed scenario in the namespace nlts-golden-raw (lo, a veth
// pair and a bridge with fixed MACs), runs every case below through the raw
// handler with a Recorder around the native transport, and writes per case:
//   test/fixtures/golden/raw/NAME.recording.json  requests + replies, kernel version, command
//   test/fixtures/golden/raw/NAME.stdout          what nlts printed
//   test/fixtures/golden/raw/NAME.expect.json     global options, raw arguments, exit status, stderr
// test/golden/raw.test.ts replays each recording through the handler and
// compares. The handler is loaded from dist/ (NLTS_DIST overrides the path).
// Review `git diff test/fixtures/golden/raw` before committing.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Netns, isRoot, ipBatch, run } from '../test/support/scenario.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.env.NLTS_DIST ?? path.join(root, 'dist'));
const load = (rel) => import(pathToFileURL(path.join(dist, rel)).href);

export const RAW_GOLDEN_NETNS = 'nlts-golden-raw';
const ZERO_IFINFOMSG = '00'.repeat(16);
/** struct ifinfomsg with ifi_index = 999 (no such interface). */
const IFINDEX_999 = '00000000e7030000' + '00'.repeat(8);

const CASES = [
  {
    name: 'getlink-dump',
    json: false,
    args: [
      'send',
      '--proto',
      'route',
      '--type',
      'RTM_GETLINK',
      '--flags',
      'request,dump',
      '--seq',
      '1',
      '--header-hex',
      ZERO_IFINFOMSG,
    ],
  },
  {
    name: 'getlink-dump-json',
    json: true,
    args: [
      'send',
      '--proto',
      'route',
      '--type',
      'RTM_GETLINK',
      '--flags',
      'request,dump',
      '--seq',
      '1',
      '--header-hex',
      ZERO_IFINFOMSG,
    ],
  },
  {
    name: 'getlink-enodev',
    json: false,
    args: [
      'send',
      '--proto',
      'route',
      '--type',
      '18',
      '--flags',
      'request,ack',
      '--seq',
      '2',
      '--header-hex',
      IFINDEX_999,
    ],
  },
  {
    name: 'newlink-extack-json',
    json: true,
    args: [
      'send',
      '--proto',
      'route',
      '--type',
      'RTM_NEWLINK',
      '--flags',
      'request,ack,create,excl',
      '--seq',
      '3',
      '--header-hex',
      ZERO_IFINFOMSG,
      '--attr',
      '3:string=gold0',
      '--attr',
      '18.1:string=nosuchkind',
    ],
  },
];

/** Run the handler as main() would: a thrown error becomes one stderr line (and a JSON object with -j). */
export async function runCase(handler, describeError, errorJson, env) {
  try {
    return await handler();
  } catch (e) {
    const d = describeError(e);
    if (env.opts.json) env.out.write(JSON.stringify(errorJson(d)) + '\n');
    env.err.write(d.message + '\n');
    return d.exitCode;
  }
}

async function main() {
  if (!isRoot) {
    console.error('record-raw-goldens: must run as root (it creates a network namespace)');
    process.exit(1);
  }
  const { rawCommand } = await load('commands/raw/index.js');
  const { Recorder } = await load('netlink/recording.js');
  const { openNativeTransport } = await load('netlink/native-transport.js');
  const { StringOutput } = await load('output/output.js');
  const { defaultOptions } = await load('cli/options.js');
  const { describeError, errorJson } = await load('iproute/describe-error.js');

  try {
    run('ip', ['netns', 'del', RAW_GOLDEN_NETNS]);
  } catch {
    /* not there */
  }
  const ns = new Netns(RAW_GOLDEN_NETNS);
  const dir = path.join(root, 'test/fixtures/golden/raw');
  mkdirSync(dir, { recursive: true });
  let failed = false;
  try {
    ipBatch(
      [
        'link set lo up',
        'link add v0 address 02:00:00:00:0a:01 type veth peer name v1 address 02:00:00:00:0a:02',
        'link add br0 address 02:00:00:00:0a:10 type bridge',
      ],
      ns.name,
    );
    for (const c of CASES) {
      const global = [...(c.json ? ['-j'] : []), '-n', RAW_GOLDEN_NETNS];
      const command = ['nlts', ...global, 'raw', ...c.args].join(' ');
      const rec = new Recorder(openNativeTransport, command);
      const opts = defaultOptions();
      opts.json = c.json;
      opts.netns = RAW_GOLDEN_NETNS;
      const env = {
        opts,
        out: new StringOutput(),
        err: new StringOutput(),
        transports: rec.factory,
        colorize: undefined,
        readFile: () => null,
        fact: (_key, compute) => compute(),
      };
      const exit = await runCase(() => rawCommand(c.args, env), describeError, errorJson, env);
      rec.save(path.join(dir, `${c.name}.recording.json`));
      writeFileSync(path.join(dir, `${c.name}.stdout`), env.out.text);
      writeFileSync(
        path.join(dir, `${c.name}.expect.json`),
        JSON.stringify(
          { command, json: c.json, netns: RAW_GOLDEN_NETNS, args: c.args, exit, stderr: env.err.text },
          null,
          2,
        ) + '\n',
      );
      console.log(`${c.name}: exit ${exit}, ${env.out.text.length} bytes`);
      const expectedExit = c.name.includes('enodev') || c.name.includes('extack') ? 2 : 0;
      if (exit !== expectedExit) failed = true;
    }
  } finally {
    ns.delete();
  }
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
