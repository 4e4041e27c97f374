export const LINK_HELP = `Usage: nlts link show [ [dev] DEVICE ] [ up ] [ type KIND ] [ master DEVICE ] [ nomaster ]
                      [ group GROUP ] [ vrf NAME ]
       nlts link add [ name ] NAME [ address LLADDR ] [ mtu MTU ] [ txqueuelen N ]
                     type { veth [ peer name P ] | bridge | macvlan link DEV mode MODE |
                            vxlan id VNI [ local A ] [ remote A ] [ dstport P ] [ dev DEV ] | ifb | ... }
       nlts link set { dev DEVICE | DEVICE } [ up | down ] [ mtu MTU ] [ address LLADDR ]
                     [ name NEWNAME ] [ master DEVICE | nomaster ] [ vrf NAME ] [ netns NAME | PID ]
                     [ alias TEXT ] [ txqueuelen N ] [ promisc on|off ] [ arp on|off ] ...
       nlts link delete { dev DEVICE | DEVICE }
       nlts link property add dev DEVICE [ altname NAME .. ]
       nlts link property del dev DEVICE [ altname NAME .. ]
       nlts link xstats type TYPE [ ARGS ]
       nlts link help

Global options that change what is shown:
  -j[son] -p[retty]   JSON exactly as ip -j link show prints it (-p indents it)
  -br[ief]            one line per interface: name, state, address, flags
  -s[tatistics]       counters; twice (-s -s) for the error breakdown
  -h[uman] [-iec]     counters with k/M/G… prefixes (-iec: powers of 1024, ki/Mi/Gi…)
  -d[etails]          kind-specific data (bridge, veth, vxlan, macvlan, tun...)
  -o[neline]          one line per interface
  -n[etns] NAME       look inside network namespace NAME (or a /proc/PID/ns/net path)
  -c[olor][=WHEN]     colour text output: always, auto (default on a terminal), never

Examples:
  nlts link
  nlts link add br0 type bridge && nlts link set dev br0 up
  nlts link add v0 type veth peer name v1 && nlts link set v1 netns blue
  nlts -br link show up
  nlts -j link show dev eth0 | jq -r '.[0].address'
  nlts -s -s link show lo
  nlts -d link show type bridge
  nlts -n blue -j -p link show master br0
`;
