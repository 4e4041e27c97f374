export const RAW_SEND_HELP = `Usage: nlts raw send --proto N|NAME --type T [ --flags FLAGS ] [ --seq S ] [ --msg-pid P ]
                     [ --pid P ] [ --group G ]... [ --dest-pid P ] [ --dest-group G ]
                     [ --header-hex BYTES ] [ --hex BYTES | --attr TYPE:KIND=VALUE ... | --file F ]
                     [ --header-len N ] [ --timeout MS ]

Sends one netlink message and prints every reply until ACK, DONE, an error or the timeout.

  --proto N|NAME      protocol number (0-31) or name: route, usersock, sock_diag, nflog, xfrm, selinux,
                      iscsi, audit, fib_lookup, connector, netfilter, kobject_uevent, generic, rdma, crypto...
  --type T            nlmsg_type: a number, NLMSG_NOOP/ERROR/DONE/OVERRUN, or RTM_* with --proto route
  --flags FLAGS       comma-separated: request, ack, echo, dump, root, match, atomic, replace, excl,
                      create, append, nonrec, bulk, or numbers (default: request,ack); sent exactly as given
  --seq S             nlmsg_seq (default: the current time in seconds)
  --msg-pid P         nlmsg_pid written in the header (default 0)
  --pid P             bind the local socket to port id P (default: the kernel picks one)
  --group G           join multicast group G while waiting (its messages are printed too)
  --dest-pid P        send to port id P (default 0, the kernel)
  --dest-group G      send to multicast group G (1-32)
  --header-hex BYTES  family header, e.g. 16 zero bytes of struct ifinfomsg for RTM_GETLINK
  --hex BYTES         the rest of the payload as hex ("0a0b", "0a 0b" and "0a:0b" all work)
  --attr SPEC         an attribute TYPE[.TYPE...]:KIND[=VALUE]; KIND is u8, u16, u32, u64, s8, s16, s32,
                      s64, be16, be32, string (NUL added), strn (no NUL), hex, flag or nested (=HEX);
                      a dotted TYPE puts it in nests: --attr 18.1:string=veth
  --file F            the rest of the payload from file F (raw bytes)
  --header-len N      decode replies as N bytes of family header then attributes (default: the
                      struct for RTM_* types on route, 4 on generic and netfilter, else 0)
  --timeout MS        wait this long for each reply (default 1000; 0 when sending to a process with
                      --dest-pid/--dest-group); 0 sends without waiting

Examples:
  nlts raw send --proto route --type RTM_GETLINK --flags request,dump --header-hex 00000000000000000000000000000000
  nlts -j raw send --proto generic --type 16 --flags request,ack --header-hex 03010000 --attr 2:string=nlctrl
  nlts raw send --proto usersock --type 0x20 --dest-pid 4242 --hex 68656c6c6f
`;

export const RAW_LISTEN_HELP = `Usage: nlts raw listen --proto N|NAME [ --group G ]... [ --pid P ] [ --count N ] [ --duration S ]
                       [ --all-nsid ] [ --header-len N ]

Binds a netlink socket and prints every message that arrives, with the sender's port id (from=),
the destination group from NETLINK_PKTINFO (group=, 0 for a unicast) and, with --all-nsid, the
namespace id (nsid=).

  --proto N|NAME      protocol number or name, as for raw send
  --group G           join multicast group G (NETLINK_ADD_MEMBERSHIP); may be repeated
  --pid P             bind to port id P (default: the kernel picks one)
  --count N           stop after N messages
  --duration S        stop after S seconds (fractions allowed)
  --all-nsid          NETLINK_LISTEN_ALL_NSID: also receive other namespaces' broadcasts, with nsid=
  --header-len N      family header length before the attributes (default as for raw send)

Stops on --count, --duration or Ctrl-C. An overflowed receive queue (ENOBUFS) is reported as a
"lost" line (-j: {"lost":{...}}) and listening continues.

Examples:
  nlts raw listen --proto route --group 1 --count 5
  nlts -j raw listen --proto usersock --pid 4242 --duration 10
`;

export const RAW_HELP = `Usage: nlts raw send --proto N|NAME --type T [ OPTIONS ]
       nlts raw listen --proto N|NAME [ --group G ]... [ OPTIONS ]
       nlts raw help

Speaks any netlink protocol at the message level. "nlts raw send --help" and
"nlts raw listen --help" list the options; see nlts-raw(8).
With -j every message is printed as one JSON object per line.
`;
