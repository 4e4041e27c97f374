import { LINK_TYPE_USAGE } from '../../iproute/link-types.js';
/**
 * `nlts link help`: ip link's usage (ip/iplink.c usage()) in its wording and
 * tab layout, for what nlts takes. Left out, as nlts refuses them
 * (change.ts UNSUPPORTED_WORDS): parentdev, link-netns and link-netnsid,
 * vf, protodown_reason, afstats, and xdp's "object FILE" (nlts has no ELF
 * loader; "pinned FILE" is taken: iproute/bpf-prog.ts). TYPE is ip's list:
 * nlts sends any kind, and refuses options only where it lacks their parser.
 */
export const LINK_HELP = `Usage: nlts link add [link DEV] [ name ] NAME
		    [ txqueuelen PACKETS ]
		    [ address LLADDR ]
		    [ broadcast LLADDR ]
		    [ mtu MTU ] [index IDX ]
		    [ numtxqueues QUEUE_COUNT ]
		    [ numrxqueues QUEUE_COUNT ]
		    [ netns { PID | NAME } ]
		    type TYPE [ ARGS ]

	nlts link delete { DEVICE | dev DEVICE | group DEVGROUP } type TYPE [ ARGS ]

	nlts link set { DEVICE | dev DEVICE | group DEVGROUP }
			[ { up | down } ]
			[ type TYPE ARGS ]
		[ arp { on | off } ]
		[ dynamic { on | off } ]
		[ multicast { on | off } ]
		[ allmulticast { on | off } ]
		[ promisc { on | off } ]
		[ trailers { on | off } ]
		[ carrier { on | off } ]
		[ txqueuelen PACKETS ]
		[ name NEWNAME ]
		[ address LLADDR ]
		[ broadcast LLADDR ]
		[ mtu MTU ]
		[ netns { PID | NAME } ]
		[ alias NAME ]
		[ { xdp | xdpgeneric | xdpdrv | xdpoffload } { off |
			  pinned FILE } ]
		[ master DEVICE ][ vrf NAME ]
		[ nomaster ]
		[ addrgenmode { eui64 | none | stable_secret | random } ]
		[ protodown { on | off } ]
		[ gso_max_size BYTES ] | [ gso_max_segs PACKETS ]
		[ gro_max_size BYTES ]

	nlts link show [ DEVICE | group GROUP ] [up] [master DEV] [vrf NAME] [type TYPE]
		[nomaster]

	nlts link xstats type TYPE [ ARGS ]

	nlts link property add dev DEVICE [ altname NAME .. ]
	nlts link property del dev DEVICE [ altname NAME .. ]

	nlts link help

${LINK_TYPE_USAGE}
`;
