/**
 * ip's list of link kinds as its usage texts print it (ip/iplink.c usage(),
 * which ip address's usage repeats): one home for `nlts link help` and
 * `nlts address help`. nlts sends any kind; the list is ip's words.
 */
export const LINK_TYPE_USAGE = `TYPE := { amt | bareudp | bond | bond_slave | bridge | bridge_slave |
          dsa | dummy | erspan | geneve | gre | gretap | gtp | ifb |
          ip6erspan | ip6gre | ip6gretap | ip6tnl |
          ipip | ipoib | ipvlan | ipvtap |
          macsec | macvlan | macvtap |
          netdevsim | nlmon | rmnet | sit | team | team_slave |
          vcan | veth | vlan | vrf | vti | vxcan | vxlan | wwan |
          xfrm | virt_wifi }`;
