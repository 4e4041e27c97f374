// Golden cases for `nlts neigh`: each replays a recorded kernel exchange
// (scripts/record-neigh-rule-goldens.mjs records them from a real kernel).
export const NEIGH_GOLDEN_NETNS = 'nlts-golden-neigh';
export const NEIGH_GOLDEN_PEER_NETNS = 'nlts-golden-neighp';

export const NEIGH_CASES = [
  { name: 'neigh-show', args: ['neigh', 'show'] },
  { name: 'neigh-show-json', args: ['-j', 'neigh', 'show'] },
  { name: 'neigh-show-json-pretty', args: ['-j', '-p', 'neigh', 'show'] },
  { name: 'neigh-show-stats', args: ['-s', 'neigh', 'show'] },
  { name: 'neigh-show-stats-json', args: ['-j', '-s', 'neigh', 'show'] },
  { name: 'neigh-show-brief', args: ['-br', 'neigh', 'show'] },
  { name: 'neigh-show-nud-all', args: ['neigh', 'show', 'nud', 'all'] },
  { name: 'neigh-show-proxy-json', args: ['-j', 'neigh', 'show', 'proxy'] },
  { name: 'neigh-show-dev-v0-inet6', args: ['-6', 'neigh', 'show', 'dev', 'v0'] },
  { name: 'neigh-show-nosuch', args: ['neigh', 'show', 'dev', 'nosuch0'] },
];
