import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli } from '../support/golden.js';

/*
 * Issue 12 item 9: -h/-human/-iec change the -s counters as ip 6.1 does
 * (print_num), JSON stays numeric; -f bridge|mpls, -B, -M list links as ip
 * does. Counters are made large (a megabyte through a veth) and then frozen:
 * no IPv6 on the veths (addrgenmode none), so nothing else is sent.
 */

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live link-human tests: ${skip}`);

type Ns = { name: string; delete(): void; ip(x: string[]): string };

describe.skipIf(skip !== null)('live: -h / -iec counters and -f bridge|mpls like ip', () => {
  let ns: Ns;

  beforeAll(() => {
    ns = Netns.create('h2lnk-h');
    for (const cmd of [
      [
        'link',
        'add',
        'hv0',
        'address',
        '02:00:00:00:0c:01',
        'type',
        'veth',
        'peer',
        'name',
        'hv1',
        'address',
        '02:00:00:00:0c:02',
      ],
      ['link', 'set', 'hv0', 'addrgenmode', 'none'],
      ['link', 'set', 'hv1', 'addrgenmode', 'none'],
      ['addr', 'add', '10.12.0.1/24', 'dev', 'hv0'],
      ['link', 'set', 'hv0', 'up'],
      ['link', 'set', 'hv1', 'up'],
      ['neigh', 'add', '10.12.0.3', 'lladdr', '02:00:00:00:0c:03', 'dev', 'hv0'],
    ])
      ns.ip(cmd);
    // 900 UDP datagrams of 1400 bytes out of hv0 (and into hv1): about 1.3 MB.
    execFileSync('ip', [
      'netns',
      'exec',
      ns.name,
      process.execPath,
      '-e',
      "const s=require('dgram').createSocket('udp4');const b=Buffer.alloc(1400);let n=0;" +
        "const go=()=>{if(n++>=900){s.close();return;}s.send(b,9,'10.12.0.3',go);};go();",
    ]);
  });
  afterAll(() => ns?.delete());

  const cases: string[][] = [
    ['-s', '-h', 'link', 'show'],
    ['-s', '-s', '-h', 'link', 'show', 'dev', 'hv0'],
    ['-s', '-iec', '-h', 'link', 'show'],
    ['-s', '-s', '-hu', '-iec', 'link', 'show', 'hv1'],
    ['-s', '-human-readable', '-o', 'link'],
    ['-s', '-iec', 'link', 'show'], // -iec alone: exact counters
    ['-j', '-s', '-h', '-iec', 'link', 'show'], // JSON stays numeric
    ['-f', 'bridge', 'link', 'show'],
    ['-f', 'mpls', '-d', 'link', 'show'],
    ['-f', 'bridge', '-j', 'link', 'show'],
    ['-B', '-br', 'link'],
    ['-M', '-s', '-h', 'link'],
    ['-f', 'ipx', 'link'],
  ];

  for (const args of cases) {
    it(`nlts ${args.join(' ')} = ip ${args.join(' ')}`, async () => {
      const i = ip(['-n', ns.name, ...args]);
      const r = await runCli(['-n', ns.name, ...args]);
      expect(r.code).toBe(i.code);
      expect(r.stdout).toBe(i.stdout);
      expect(r.stderr.split('\n')[0]).toBe(i.stderr.split('\n')[0]);
    });
  }

  it('the counters really are in the thousands-prefix range (the test can fail)', () => {
    const text = ip(['-n', ns.name, '-s', '-h', 'link', 'show', 'hv0']).stdout;
    expect(text).toMatch(/\d\.\d+M /);
  });
});
