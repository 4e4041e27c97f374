export const DROPWATCH_HELP = `Usage: nlts dropwatch [ monitor ] [ --mode { summary | packet } ] [ --sw ] [ --hw ]
                      [ --trunc BYTES ] [ --queue N ] [ --count N ] [ --duration S ]
                      [ --interval S ] [ --view { auto | table | lines } ] [ --pcap FILE ]
       nlts dropwatch { status | stop | help }

  monitor           configure NET_DM, start tracing, print drops until Ctrl-C, --count or --duration;
                    tracing is always stopped on the way out
  --mode MODE       summary: drop counts per location, about once a second (default);
                    packet: every dropped packet with its reason, device and addresses
  --sw, --hw        software drops (default) and/or hardware (devlink trap) drops
  --trunc BYTES     copy at most BYTES of each packet (packet mode; 0 = all)
  --queue N         packets queued per CPU before the kernel drops alerts (packet mode)
  --count N         stop after N alerts
  --duration S      stop after S seconds
  --interval S      table refresh period (default 1)
  --view VIEW       table: live table redrawn in place (default on a terminal);
                    lines: one line per alert (default otherwise); -j gives one JSON object per alert
  --pcap FILE       write packet-mode payloads to FILE (pcapng, raw IP, drop metadata as comments)
  status            the kernel's NET_DM configuration, tracing state and lost-alert counters
  stop              stop NET_DM tracing left on by another program

NET_DM is global to the kernel: -n NETNS does not apply.
Examples:
  nlts dropwatch --duration 10
  nlts -j dropwatch --mode packet --count 5 | jq -r .reason
  nlts dropwatch --mode packet --trunc 128 --pcap drops.pcapng
See nlts-dropwatch(8).
`;
