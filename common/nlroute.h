/*
 * Route and rule lines (virtual_routes, virtual_rules, static_routes,
 * static_rules), parsed and set through libnl-route. Shared by the vrrp
 * child, which sets them, and the parent, which removes them after a vrrp
 * child crash and for vigild --release.
 *   nlroute_parse.c	the lines, as keepalived reads them
 *   nlroute.c		add and remove, over a NETLINK_ROUTE socket
 *   nlroute_ka.c	the lines in keepalived.json's words, for vigil.json
 *
 * Routes and rules carry protocol RTPROT_KEEPALIVED (18), as keepalived's
 * do. Adding what is there or removing what is not succeeds. Failures
 * return -1 and log a warning naming the route or rule.
 */
#ifndef VIGIL_NLROUTE_H
#define VIGIL_NLROUTE_H

#include <netinet/in.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

struct nl_sock;

struct nlr_ipaddr {
	sa_family_t	family;		/* AF_INET, AF_INET6; 0: none */
	union {
		struct in_addr	v4;
		struct in6_addr	v6;
	} u;
};

/* "[src A] [to] DST[/LEN]|default [via|gw GW] [dev IF] [table N]
 * [metric N]" */
struct nlr_route {
	struct nlr_ipaddr dst;
	uint8_t		dst_len;
	bool		has_gw;
	struct nlr_ipaddr gw;		/* same family as dst */
	bool		has_src;
	struct nlr_ipaddr src;		/* preferred source */
	unsigned int	ifindex;	/* 0: none given (statics) */
	uint32_t	table;		/* 0: main */
	uint32_t	metric;
};

/* "[from A[/LEN]|all] [to A[/LEN]|all] [table|lookup N] [priority|
 * preference|pref|prio N] [iif IF] [oif IF] [fwmark N[/M]] [tos N]
 * [goto N|blackhole|unreachable|prohibit] [inet|inet6]" */
struct nlr_rule {
	sa_family_t	family;
	struct nlr_ipaddr from, to;	/* family 0: all */
	uint8_t		from_len, to_len;
	uint32_t	table;		/* 0: none (an action instead) */
	bool		has_prio;	/* always, once parsed */
	uint32_t	prio;
	bool		prio_default;	/* none given: NLR_RULE_PRIO */
	char		iif[IF_NAMESIZE], oif[IF_NAMESIZE];	/* "": any */
	bool		has_mark;
	uint32_t	mark, mask;
	uint8_t		tos;
	uint8_t		action;		/* FR_ACT_* */
	uint32_t	goto_prio;
};

/* The preference of a rule that gives none, as keepalived's (which warns
 * "Rule has no preference specified - setting to 16384"). */
#define NLR_RULE_PRIO	16384

bool	nlr_ipaddr_eq(const struct nlr_ipaddr *, const struct nlr_ipaddr *);
bool	nlr_route_eq(const struct nlr_route *, const struct nlr_route *);
bool	nlr_rule_eq(const struct nlr_rule *, const struct nlr_rule *);

/* Parse a line; who names its owner in the warnings ("VI_1", "static").
 * dev receives the route's "dev" ("" if none). 0, or -1 (warned). */
int	nlr_route_parse(const char *who, const char *line, struct nlr_route *,
	    char dev[IF_NAMESIZE]);
int	nlr_rule_parse(const char *who, const char *line, struct nlr_rule *);

/* A connected NETLINK_ROUTE socket, NULL (warned) if none. */
struct nl_sock *nlr_open(void);
void	nlr_close(struct nl_sock *);

/* Add (replacing a route to the same destination) / remove. */
int	nlr_route_add(struct nl_sock *, const struct nlr_route *);
int	nlr_route_del(struct nl_sock *, const struct nlr_route *);
/* A rule is added once (NLM_F_EXCL): one that is there is left alone. */
int	nlr_rule_add(struct nl_sock *, const struct nlr_rule *);
int	nlr_rule_del(struct nl_sock *, const struct nlr_rule *);

/* "route 203.0.113.0/24 via 192.0.2.254 dev eth0", for the logs. */
const char *nlr_route_str(const struct nlr_route *, char *, size_t);
const char *nlr_rule_str(const struct nlr_rule *, char *, size_t);

/* The line keepalived writes for it in keepalived.json (nlroute_ka.c);
 * dev: the route's device name, or NULL/"" for none. */
const char *nlr_route_ka_str(const struct nlr_route *, const char *dev,
	    char *, size_t);
const char *nlr_rule_ka_str(const struct nlr_rule *, char *, size_t);

#endif
