/**
 * nlts nexthop add|replace|del|flush|get|bucket against ip 6.1: each step
 * runs as ip in one namespace and as nlts in its twin, with the same words;
 * the output, exit status and the resulting `ip -j -d nexthop show` and
 * `ip -j nexthop bucket show` must be the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli, type Ran } from '../support/golden.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live nexthop change tests: ${skip}`);

type Ns = { name: string; delete(): void; ip(x: string[]): string };

function setup(prefix: string): Ns {
  const ns = Netns.create(prefix) as Ns;
  try {
    ipBatch(
      [
        'link set lo up',
        'link add v0 type veth peer name v1',
        'link set v0 up',
        'link set v1 up',
        'addr add 10.0.0.1/24 dev v0',
        'addr add 2001:db8::1/64 dev v0 nodad',
      ],
      ns.name,
    );
  } catch (e) {
    ns.delete();
    throw e;
  }
  return ns;
}

/** A bucket's idle_time is the time since it was last used: it differs between two namespaces. */
function withoutIdleTime(json: string): unknown {
  const v = JSON.parse(json) as { bucket?: { idle_time?: number } }[];
  for (const b of v) delete b.bucket?.idle_time;
  return v;
}

function state(ns: Ns): string {
  const nh = ip(['-n', ns.name, '-j', '-d', 'nexthop', 'show']).stdout;
  const buckets = withoutIdleTime(ip(['-n', ns.name, '-j', 'nexthop', 'bucket', 'show']).stdout);
  return `${nh}\n${JSON.stringify(buckets)}`;
}

const SCRIPT: string[][] = [
  ['nexthop', 'add', 'id', '1', 'via', '10.0.0.2', 'dev', 'v0'],
  ['nexthop', 'add', 'id', '2', 'blackhole'],
  ['nexthop', 'add', 'id', '3', 'via', '10.0.0.3', 'dev', 'v0', 'onlink', 'proto', 'static'],
  ['nexthop', 'add', 'id', '4', 'via', '2001:db8::2', 'dev', 'v0'],
  ['-6', 'nexthop', 'add', 'id', '6', 'dev', 'v0', 'protocol', '99'],
  ['nexthop', 'add', 'id', '5', 'dev', 'v0'],
  ['nexthop', 'add', 'id', '10', 'group', '1/3,5'],
  [
    'nexthop',
    'add',
    'id',
    '11',
    'group',
    '1/3',
    'type',
    'resilient',
    'buckets',
    '8',
    'idle_timer',
    '5',
    'unbalanced_timer',
    '10',
  ],
  ['nexthop', 'add', 'id', '12', 'group', '1/3', 'type', 'resilient'], // no buckets: the kernel refuses
  ['nexthop', 'add', 'id', '13', 'group', '1,2/3,256', 'type', 'mpath'],
  ['nexthop', 'add', 'id', '20', 'via', '10.0.0.5', 'fdb'],
  ['nexthop', 'add', 'id', '21', 'group', '20', 'fdb'],
  ['nexthop', 'replace', 'id', '1', 'via', '10.0.0.9', 'dev', 'v0'],
  ['nexthop', 'add', 'id', '1', 'via', '10.0.0.9', 'dev', 'v0'], // EEXIST
  ['nexthop', 'add', 'id', '30', 'encap', 'ip', 'id', '5', 'dst', '10.0.0.9', 'via', '10.0.0.2', 'dev', 'v0'],
  ['nexthop', 'replace', 'id', '11', 'group', '1/3', 'type', 'resilient', 'buckets', '8', 'idle_timer', '7'],
  ['nexthop', 'show'],
  ['-d', 'nexthop', 'show'],
  ['-j', 'nexthop', 'show'],
  ['nexthop', 'get', 'id', '11'],
  ['-j', 'nexthop', 'get', 'id', '13'],
  ['nexthop', 'get', 'id', '99'],
  ['nexthop', 'bucket', 'get', 'id', '11', 'index', '99'],
  ['nexthop', 'bucket', 'show', 'id', '12', 'nhid', '3'],
  ['nexthop', 'del', 'id', '99'],
  ['nexthop', 'del'],
  ['nexthop', 'del', 'id', '2', 'dev', 'v0'],
  ['nexthop', 'add', 'id', '40', 'group', '77/78'],
  ['nexthop', 'add', 'id', '40', 'group', '1,300'],
  ['nexthop', 'add', 'id', '40', 'group', '1,x/2'],
  ['nexthop', 'add', 'id', '40', 'group', 'x/1'],
  ['nexthop', 'add', 'id', '40', 'dev', 'nope'],
  ['nexthop', 'add', 'id', 'x'],
  ['nexthop', 'add', 'id', '40', 'via', '10.0.0.2'],
  ['nexthop', 'add', 'id', '40', 'group', '1', 'type', 'foo'],
  ['nexthop', 'add', 'id', '40', 'group', '1', 'type', 'resilient', 'buckets', 'x'],
  ['nexthop', 'add', 'id', '40', 'proto', 'nosuch'],
  ['-6', 'nexthop', 'add', 'id', '40', 'via', '10.0.0.1', 'dev', 'v0'],
  ['nexthop', 'add', 'id', '40', 'dev', 'v0', 'via', '2001:db8::5'],
  ['nexthop', 'add', 'id', '40', 'bogus'],
  ['nexthop', 'add', 'id', '40', 'dev'],
  ['nexthop', 'bucket', 'show', 'groups'],
  ['nexthop', 'bucket', 'show', 'dev', 'nope'],
  ['nexthop', 'bucket', 'get', 'id', '11', 'index', 'x'],
  ['nexthop', 'show', 'dev', 'nope'],
  ['nexthop', 'del', 'id', '13'],
  ['nexthop', 'flush', 'protocol', '99'],
  ['nexthop', 'flush', 'id', '99'],
  ['nexthop', 'flush', 'id', '20'],
  ['nexthop', 'flush', 'groups'],
  ['nexthop', 'flush', 'dev', 'v0'],
  ['nexthop', 'flush', 'protocol', 'static'],
  ['nexthop', 'add', 'id', '7', 'via', '10.0.0.7', 'dev', 'v0'],
  ['nexthop', 'add', 'id', '8', 'group', '7'],
  ['nexthop', 'flush'],
  ['nexthop', 'flush'],
  ['nexthop', 'add', 'id', '9', 'blackhole'],
  ['-j', 'nexthop', 'flush'],
];

describe.skipIf(skip !== null)('live: nlts nexthop changes against ip in a twin namespace', () => {
  let theirs: Ns;
  let ours: Ns;
  /** The state after each step, for the check that the script did something. */
  const seen: string[] = [];
  beforeAll(() => {
    theirs = setup('h8nh-ip');
    ours = setup('h8nh-us');
  });
  afterAll(() => {
    theirs?.delete();
    ours?.delete();
  });

  it('the two namespaces start alike', () => {
    expect(state(ours)).toBe(state(theirs));
  });

  for (const [i, args] of SCRIPT.entries()) {
    it(`step ${i}: ${args.join(' ')}: same output, exit and resulting nexthops`, async () => {
      const a = ip(['-n', theirs.name, ...args]);
      const b: Ran = await runCli(['-n', ours.name, ...args]);
      // nlts also names the attribute an extack points at ("(attribute NHA_OIF)"); ip does not.
      expect(b.stderr.replace(/ \(attribute [A-Z_.]+\)/, '')).toBe(a.stderr);
      expect(b.code).toBe(a.code);
      // With -j a refused command writes its error as JSON on stdout (nlts), nothing (ip).
      if (a.code === 0 || !args.includes('-j')) expect(b.stdout).toBe(a.stdout);
      else expect(() => JSON.parse(b.stdout) as unknown).not.toThrow();
      const after = state(theirs);
      seen.push(after);
      expect(state(ours)).toBe(after);
    });
  }

  it('the script made resilient groups with buckets and fdb nexthops, and flushed them all (it tested something)', () => {
    expect(seen.some((x) => x.includes('"type":"resilient"') && x.includes('"bucket":{"index":7'))).toBe(
      true,
    );
    expect(seen.some((x) => x.includes('"fdb":null'))).toBe(true);
    expect(seen.some((x) => x.includes('"encap":"ip"'))).toBe(true);
    expect(state(theirs)).toBe(`${ip(['-n', ours.name, '-j', 'nexthop']).stdout}\n[]`);
    expect(state(theirs)).toMatch(/^\[\]\n/);
  });

  it('a difference between the namespaces is seen (the comparison can fail)', () => {
    theirs.ip(['nexthop', 'add', 'id', '999', 'blackhole']);
    try {
      expect(state(ours)).not.toBe(state(theirs));
    } finally {
      theirs.ip(['nexthop', 'del', 'id', '999']);
    }
    expect(state(ours)).toBe(state(theirs));
  });

  it('bucket show/get print what ip prints (idle_time aside)', async () => {
    const add = ['nexthop', 'add'];
    for (const ns of [theirs, ours]) {
      ns.ip([...add, 'id', '1', 'via', '10.0.0.2', 'dev', 'v0']);
      ns.ip([...add, 'id', '3', 'via', '10.0.0.3', 'dev', 'v0']);
      ns.ip([...add, 'id', '11', 'group', '1/3', 'type', 'resilient', 'buckets', '6']);
    }
    const idle = /idle_time [0-9.e+-]+ /g;
    for (const args of [
      ['nexthop', 'bucket', 'show'],
      ['nexthop', 'bucket', 'list', 'id', '11'],
      ['nexthop', 'bucket', 'show', 'nhid', '3'],
      ['nexthop', 'bucket', 'show', 'dev', 'v0'],
      ['nexthop', 'bucket'],
      ['nexthop', 'bucket', 'get', 'id', '11', 'index', '2'],
    ]) {
      const a = ip(['-n', theirs.name, ...args]);
      const b = await runCli(['-n', ours.name, ...args]);
      expect(b.code).toBe(a.code);
      expect(a.stdout).toMatch(/^id 11 index \d+ idle_time \S+ nhid [13] \n/);
      expect(b.stdout.replace(idle, '')).toBe(a.stdout.replace(idle, ''));
      const aj = ip(['-n', theirs.name, '-j', ...args]).stdout;
      const bj = (await runCli(['-n', ours.name, '-j', ...args])).stdout;
      expect(withoutIdleTime(bj)).toEqual(withoutIdleTime(aj));
    }
  });

  it('usage: get and bucket get without their words exit 255 with the help', async () => {
    for (const args of [
      ['nexthop', 'get'],
      ['nexthop', 'bucket', 'get', 'id', '11'],
      ['nexthop', 'get', 'id', '1', 'dev', 'v0'],
    ]) {
      const a = ip(['-n', theirs.name, ...args]);
      const b = await runCli(['-n', ours.name, ...args]);
      expect(a.code).toBe(255);
      expect(b.code).toBe(255);
      expect(b.stderr).toMatch(/^Usage: nlts nexthop \{ list \| flush \}/);
      expect(b.stdout).toBe('');
    }
  });
});
