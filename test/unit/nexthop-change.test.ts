import { describe, expect, it } from 'vitest';
import { AttributeIndex } from '../../src/netlink/codec/index.js';
import {
  decodeNexthop,
  decodeNexthopBucket,
  encodeNexthopBucketDumpRequest,
  encodeNexthopBucketGetRequest,
  encodeNexthopChange,
  encodeNexthopDeleteRequest,
} from '../../src/netlink/route/nexthop.js';
import { parseNexthopChange, parseNexthopGroup } from '../../src/commands/nexthop/change.js';
import { renderNexthopBucket } from '../../src/commands/nexthop/bucket.js';
import { NEXTHOP_HELP } from '../../src/commands/nexthop/help.js';
import { IprouteNames } from '../../src/iproute/names.js';
import { Printer } from '../../src/output/printer.js';
import { StringOutput } from '../../src/output/output.js';
import {
  NEXTHOP_GRP_TYPE_RES,
  NHA_ENCAP,
  NHA_ENCAP_TYPE,
  NHA_ID,
  NHA_RES_BUCKET,
  NHA_RES_BUCKET_INDEX,
  NHA_RES_BUCKET_NH_ID,
  NHA_RES_GROUP,
  NHA_RES_GROUP_BUCKETS,
  NHA_RES_GROUP_IDLE_TIMER,
  NHA_RES_GROUP_UNBALANCED_TIMER,
  NHMSG_LEN,
} from '../../src/netlink/gen/nexthop.js';
import { RTNH_F_ONLINK } from '../../src/netlink/gen/rtnetlink.js';
import { AF_INET, AF_INET6 } from '../../src/netlink/gen/socket.js';
import { LWTUNNEL_ENCAP_IP } from '../../src/netlink/gen/lwtunnel.js';
import { cliErrorOf } from '../support/cli-error.js';

const names = IprouteNames.fromTexts({});
const ctx = (family = 0) => ({ family, names, ifindexOf: (n: string) => (n === 'v0' ? 7 : 0) });

describe('nexthop change requests (ipnh_modify)', () => {
  it('a gateway nexthop round-trips through the decoder: family from the address, onlink, protocol', () => {
    const spec = parseNexthopChange(
      ['id', '5', 'via', '10.0.0.2', 'dev', 'v0', 'onlink', 'proto', 'static'],
      ctx(),
    );
    const m = decodeNexthop(encodeNexthopChange(spec));
    expect(m.family).toBe(AF_INET);
    expect(m.id).toBe(5);
    expect(m.oif).toBe(7);
    expect([...m.gateway!]).toEqual([10, 0, 0, 2]);
    expect(m.flags).toBe(RTNH_F_ONLINK);
    expect(m.protocol).toBe(4);
  });

  it('blackhole and dev make an unspecified family AF_INET; -6 is kept', () => {
    expect(parseNexthopChange(['id', '1', 'blackhole'], ctx()).family).toBe(AF_INET);
    expect(parseNexthopChange(['id', '1', 'dev', 'v0'], ctx(AF_INET6)).family).toBe(AF_INET6);
  });

  it('a resilient group: members with weight - 1, the nest, the type, timers in ticks', () => {
    const spec = parseNexthopChange(
      [
        'id',
        '9',
        'group',
        '1,2/3',
        'type',
        'resilient',
        'buckets',
        '8',
        'idle_timer',
        '5',
        'unbalanced_timer',
        '10',
        'fdb',
      ],
      ctx(),
    );
    const payload = encodeNexthopChange(spec);
    const m = decodeNexthop(payload);
    expect(m.group).toEqual([
      { id: 1, weight: 1 },
      { id: 3, weight: 0 },
    ]);
    expect(m.groupType).toBe(NEXTHOP_GRP_TYPE_RES);
    expect(m.fdb).toBe(true);
    const tb = new AttributeIndex(payload, NHMSG_LEN);
    const res = tb.get(NHA_RES_GROUP)!;
    expect(res.nested).toBe(true);
    const r = new AttributeIndex(res.data);
    expect(r.u16(NHA_RES_GROUP_BUCKETS)).toBe(8);
    expect(r.u32(NHA_RES_GROUP_IDLE_TIMER)).toBe(500);
    expect(r.u32(NHA_RES_GROUP_UNBALANCED_TIMER)).toBe(1000);
  });

  it('"type resilient" last sends no NHA_RES_GROUP (parse_nh_group_type_res needs a next word)', () => {
    expect(
      parseNexthopChange(['id', '9', 'group', '1', 'type', 'resilient'], ctx()).resGroup,
    ).toBeUndefined();
    expect(parseNexthopChange(['id', '9', 'group', '1', 'type', 'resilient', 'fdb'], ctx()).resGroup).toEqual(
      {},
    );
  });

  it('encap ip: the NHA_ENCAP nest and NHA_ENCAP_TYPE', () => {
    const spec = parseNexthopChange(
      ['id', '3', 'encap', 'ip', 'id', '5', 'dst', '10.0.0.9', 'via', '10.0.0.2', 'dev', 'v0'],
      ctx(),
    );
    const tb = new AttributeIndex(encodeNexthopChange(spec), NHMSG_LEN);
    expect(tb.u16(NHA_ENCAP_TYPE)).toBe(LWTUNNEL_ENCAP_IP);
    expect(tb.get(NHA_ENCAP)!.nested).toBe(true);
    expect(tb.u32(NHA_ID)).toBe(3);
  });

  it("ip's argument errors, word for word", () => {
    expect(cliErrorOf(() => parseNexthopChange(['id', 'x'], ctx())).message).toBe(
      'Error: argument "x" is wrong: invalid id value',
    );
    expect(cliErrorOf(() => parseNexthopChange(['dev', 'nope'], ctx())).message).toBe(
      'Error: argument "nope" is wrong: Device does not exist\n\n',
    );
    expect(cliErrorOf(() => parseNexthopChange(['bogus'], ctx())).message).toBe(
      'Error: argument "bogus" is wrong: ',
    );
    expect(cliErrorOf(() => parseNexthopChange(['group', '1', 'type', 'foo'], ctx())).exitCode).toBe(255);
    expect(cliErrorOf(() => parseNexthopChange(['dev', 'v0', 'via', '2001:db8::1'], ctx())).message).toBe(
      'Error: inet address is expected rather than "2001:db8::1".',
    );
    expect(cliErrorOf(() => parseNexthopChange(['id'], ctx())).message).toMatch(
      /^Command line is not complete/,
    );
  });

  it('group parsing names the text ip names after cutting it at "/" and ","', () => {
    expect(parseNexthopGroup('1/3,256')).toEqual([
      { id: 1, weight: 0 },
      { id: 3, weight: 255 },
    ]);
    expect(cliErrorOf(() => parseNexthopGroup('1/x')).message).toBe(
      'Error: argument "1" is wrong: "group" value is invalid\n\n',
    );
    expect(cliErrorOf(() => parseNexthopGroup('x/1')).message).toBe(
      'Error: argument "x" is wrong: "group" value is invalid\n\n',
    );
    expect(cliErrorOf(() => parseNexthopGroup('')).message).toBe(
      'Error: argument "" is wrong: "group" value is invalid\n\n',
    );
    expect(cliErrorOf(() => parseNexthopGroup('1,x/2')).message).toBe(
      'Error: argument "x" is wrong: "weight" is invalid\n\n',
    );
    expect(cliErrorOf(() => parseNexthopGroup('1,2,3')).message).toBe(
      'Error: argument "2,3" is wrong: "weight" is invalid\n\n',
    );
    expect(cliErrorOf(() => parseNexthopGroup('1,0')).message).toMatch(/"weight" is invalid/);
    expect(cliErrorOf(() => parseNexthopGroup('1,257')).message).toMatch(/"weight" is invalid/);
  });

  it('flush deletes by id with AF_UNSPEC (delete_nexthop)', () => {
    const p = encodeNexthopDeleteRequest(42);
    expect(p[0]).toBe(0);
    expect(new AttributeIndex(p, NHMSG_LEN).u32(NHA_ID)).toBe(42);
  });
});

describe('nexthop buckets (RTM_GETNEXTHOPBUCKET)', () => {
  it('the dump request carries id and the nhid nest; get carries id and the index nest', () => {
    const d = new AttributeIndex(encodeNexthopBucketDumpRequest({ family: 0, id: 11, nhid: 3 }), NHMSG_LEN);
    expect(d.u32(NHA_ID)).toBe(11);
    const nest = d.get(NHA_RES_BUCKET)!;
    expect(nest.nested).toBe(true);
    expect(new AttributeIndex(nest.data).u32(NHA_RES_BUCKET_NH_ID)).toBe(3);
    const g = new AttributeIndex(encodeNexthopBucketGetRequest(0, 11, 2), NHMSG_LEN);
    expect(new AttributeIndex(g.get(NHA_RES_BUCKET)!.data).u16(NHA_RES_BUCKET_INDEX)).toBe(2);
  });

  it('a bucket prints as print_nexthop_bucket does (text and JSON)', () => {
    // What the kernel answers has the same layout as the get request, plus idle time and nhid.
    const m = decodeNexthopBucket(encodeNexthopBucketGetRequest(0, 11, 2));
    m.bucket!.idleTime = 1234n;
    m.bucket!.nhid = 3;
    const text = new StringOutput();
    renderNexthopBucket(new Printer(text, { json: false }), m);
    expect(text.text).toBe('id 11 index 2 idle_time 12.34 nhid 3 \n');
    const json = new StringOutput();
    const p = new Printer(json, { json: true });
    p.startDocument();
    renderNexthopBucket(p, m);
    p.endDocument();
    expect(JSON.parse(json.text)).toEqual([
      { id: 11, bucket: { index: 2, idle_time: 12.34, nhid: 3 }, flags: [] },
    ]);
  });
});

describe('nexthop help', () => {
  it("lists ip's verbs and the keywords scripts grep for, in ip's wording", () => {
    for (const w of [
      'add | replace',
      'get | del',
      'bucket list',
      'bucket get',
      'resilient',
      'fdb',
      'nhid',
      'idle_timer',
      'unbalanced_timer',
      'onlink',
      'blackhole',
    ])
      expect(NEXTHOP_HELP).toContain(w);
    expect(NEXTHOP_HELP).not.toContain('not available');
  });
});
