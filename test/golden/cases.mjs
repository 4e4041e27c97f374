// The golden cases: each runs the real CLI against a recorded kernel exchange.
// `npm run record` (scripts/record-goldens.mjs) re-records all of them; the
// golden test replays each and compares stdout, stderr and the exit status.
export const GOLDEN_NETNS = 'nlts-golden-main';
export const GOLDEN_PEER_NETNS = 'nlts-golden-peer';

export const LINK_CASES = [
  { name: 'link-show', args: ['link', 'show'] },
  { name: 'link-show-json', args: ['-j', 'link', 'show'] },
  { name: 'link-show-json-pretty', args: ['-j', '-p', 'link', 'show'] },
  { name: 'link-show-brief', args: ['-br', 'link', 'show'] },
  { name: 'link-show-brief-json', args: ['-j', '-br', 'link', 'show'] },
  { name: 'link-show-stats', args: ['-s', 'link', 'show'] },
  { name: 'link-show-stats2', args: ['-s', '-s', 'link', 'show'] },
  { name: 'link-show-stats2-json', args: ['-j', '-s', '-s', 'link', 'show'] },
  { name: 'link-show-details', args: ['-d', 'link', 'show'] },
  { name: 'link-show-details-json', args: ['-j', '-d', 'link', 'show'] },
  { name: 'link-show-oneline', args: ['-o', 'link', 'show'] },
  { name: 'link-show-dev-veth0', args: ['link', 'show', 'dev', 'veth0'] },
  { name: 'link-show-dev-vb0-details-json', args: ['-j', '-d', 'link', 'show', 'dev', 'vb0'] },
  { name: 'link-show-master-br0-json', args: ['-j', 'link', 'show', 'master', 'br0'] },
  { name: 'link-show-type-vxlan-details', args: ['-d', 'link', 'show', 'type', 'vxlan'] },
  { name: 'link-show-up-brief', args: ['-br', 'link', 'show', 'up'] },
  { name: 'link-show-nosuch', args: ['link', 'show', 'dev', 'nosuch0'] },
  { name: 'link-show-nosuch-json', args: ['-j', 'link', 'show', 'dev', 'nosuch0'] },
];
