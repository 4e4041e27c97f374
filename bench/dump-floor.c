/*
 * The kernel's own cost of the dumps behind `ip link show` and `ip route show`,
 * with no formatting: one NETLINK_ROUTE socket, one dump request like the one
 * nlts sends, every reply read with a 32 KiB buffer (iproute2's size) and
 * thrown away. bench/floor.mjs compiles it with the system's cc and times it
 * next to ip and nlts: no program that prints the dump can be faster.
 *
 *   dump-floor link|route [NETNS-PATH]     prints the number of messages read
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2 || (strcmp(argv[1], "link") && strcmp(argv[1], "route"))) {
		fprintf(stderr, "usage: dump-floor link|route [NETNS-PATH]\n");
		return 2;
	}
	int links = !strcmp(argv[1], "link");
	if (argc > 2) {
		int ns = open(argv[2], O_RDONLY | O_CLOEXEC);
		if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) {
			perror("setns");
			return 1;
		}
		close(ns);
	}
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (s < 0) {
		perror("socket");
		return 1;
	}
	struct {
		struct nlmsghdr h;
		union {
			struct ifinfomsg ifi;
			struct rtmsg rtm;
		} u;
		struct rtattr ext;
		__u32 mask;
	} req;
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = 1;
	if (links) {
		/* nlts link show's request: ifinfomsg (AF_PACKET) and IFLA_EXT_MASK. */
		req.h.nlmsg_type = RTM_GETLINK;
		req.u.ifi.ifi_family = AF_PACKET;
		req.ext.rta_type = IFLA_EXT_MASK;
		req.ext.rta_len = RTA_LENGTH(sizeof(__u32));
		req.mask = RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS;
		req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)) + RTA_LENGTH(sizeof(__u32));
	} else {
		req.h.nlmsg_type = RTM_GETROUTE;
		req.u.rtm.rtm_family = AF_INET;
		req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	}
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	if (sendto(s, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		perror("sendto");
		return 1;
	}
	static char buf[32768];
	long count = 0;
	for (;;) {
		ssize_t n = recv(s, buf, sizeof(buf), 0);
		if (n < 0) {
			perror("recv");
			return 1;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				printf("%ld\n", count);
				return 0;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				fprintf(stderr, "dump failed\n");
				return 1;
			}
			count++;
		}
	}
}
