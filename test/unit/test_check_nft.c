/*
 * Unit tests for check/check_nft.c: the batch of nftables_ipvs's table,
 * read back with libnftnl (no kernel involved; t_lvs_nft and t_lvs_qemu
 * run it against one).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>

#include "check/check_nft.h"

#define NMSG_MAX	32

struct seen {
	int		 type[NMSG_MAX];	/* NFT_MSG_*, -1 begin, -2 end */
	size_t		 n;
	unsigned	 acked;
	char		 table[64];		/* of the last table message */
	char		 rules[8][1024];
	char		 rchain[8][16];
	size_t		 nrules;
	char		 ctype[2][16];
	uint32_t	 hook[2];
	int32_t		 prio[2];
	size_t		 nchains;
};

static void
read_batch(const char *buf, size_t blen, struct seen *s)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	int len = (int)blen, type;
	struct nftnl_rule *r;
	struct nftnl_chain *c;
	struct nftnl_table *t;

	memset(s, 0, sizeof(*s));
	for (; mnl_nlmsg_ok(h, len); h = mnl_nlmsg_next(h, &len)) {
		assert_true(s->n < NMSG_MAX);
		if (h->nlmsg_type == NFNL_MSG_BATCH_BEGIN)
			type = -1;
		else if (h->nlmsg_type == NFNL_MSG_BATCH_END)
			type = -2;
		else {
			assert_int_equal(h->nlmsg_type >> 8, NFNL_SUBSYS_NFTABLES);
			type = h->nlmsg_type & 0xff;
			assert_true(h->nlmsg_flags & NLM_F_ACK);
			s->acked++;
		}
		s->type[s->n++] = type;
		if (type == NFT_MSG_NEWTABLE || type == NFT_MSG_DELTABLE) {
			assert_non_null(t = nftnl_table_alloc());
			assert_int_equal(nftnl_table_nlmsg_parse(h, t), 0);
			snprintf(s->table, sizeof(s->table), "%s",
			    nftnl_table_get_str(t, NFTNL_TABLE_NAME));
			assert_int_equal(nftnl_table_get_u32(t,
			    NFTNL_TABLE_FAMILY), NFPROTO_INET);
			nftnl_table_free(t);
		} else if (type == NFT_MSG_NEWRULE) {
			assert_true(s->nrules < 8);
			assert_non_null(r = nftnl_rule_alloc());
			assert_int_equal(nftnl_rule_nlmsg_parse(h, r), 0);
			snprintf(s->rchain[s->nrules], sizeof(s->rchain[0]),
			    "%s", nftnl_rule_get_str(r, NFTNL_RULE_CHAIN));
			nftnl_rule_snprintf(s->rules[s->nrules++],
			    sizeof(s->rules[0]), r, NFTNL_OUTPUT_DEFAULT, 0);
			nftnl_rule_free(r);
		} else if (type == NFT_MSG_NEWCHAIN) {
			assert_non_null(c = nftnl_chain_alloc());
			assert_int_equal(nftnl_chain_nlmsg_parse(h, c), 0);
			snprintf(s->ctype[s->nchains], sizeof(s->ctype[0]), "%s",
			    nftnl_chain_get_str(c, NFTNL_CHAIN_TYPE));
			s->prio[s->nchains] = nftnl_chain_get_s32(c,
			    NFTNL_CHAIN_PRIO);
			s->hook[s->nchains++] = nftnl_chain_get_u32(c,
			    NFTNL_CHAIN_HOOKNUM);
			nftnl_chain_free(c);
		}
	}
	assert_int_equal(len, 0);
}

static bool
has(const char *text, const char *what)
{
	return strstr(text, what) != NULL;
}

static void
lines(struct check_nft_line *l)
{
	memset(l, 0, 2 * sizeof(*l));
	l[0].af = AF_INET;
	inet_pton(AF_INET, "192.0.2.10", l[0].first);
	inet_pton(AF_INET, "192.0.2.12", l[0].last);
	l[0].proto = IPPROTO_TCP;
	l[0].port = 80;
	l[0].mark = 1000;
	l[1].af = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::5", l[1].first);
	inet_pton(AF_INET6, "2001:db8::5", l[1].last);
	l[1].proto = IPPROTO_UDP;
	l[1].port = 0;
	l[1].mark = 1001;
}

/* The table replaced in one transaction: two base chains at the
 * priority, one rule per line in each, a range as >= and <=, one
 * address as ==, no port: no port match. */
static void
test_nft_build(void **state)
{
	static char buf[65536];
	static const int want[] = { -1, NFT_MSG_NEWTABLE, NFT_MSG_DELTABLE,
	    NFT_MSG_NEWTABLE, NFT_MSG_NEWCHAIN, NFT_MSG_NEWCHAIN,
	    NFT_MSG_NEWRULE, NFT_MSG_NEWRULE, NFT_MSG_NEWRULE,
	    NFT_MSG_NEWRULE, -2 };
	struct check_nft_line l[2];
	struct seen s;
	unsigned acks;
	size_t len, i;

	(void)state;
	lines(l);
	len = check_nft_build(buf, sizeof(buf), 100, "", -5, l, 2, &acks);
	assert_true(len > 0);
	read_batch(buf, len, &s);
	assert_int_equal(s.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < s.n; i++)
		assert_int_equal(s.type[i], want[i]);
	assert_int_equal(acks, s.acked);
	assert_string_equal(s.table, CHECK_NFT_IPVS_TABLE);
	assert_int_equal(s.nchains, 2);
	assert_string_equal(s.ctype[0], "filter");
	assert_int_equal(s.hook[0], NF_INET_PRE_ROUTING);
	assert_string_equal(s.ctype[1], "route");
	assert_int_equal(s.hook[1], NF_INET_LOCAL_OUT);
	assert_int_equal(s.prio[0], -5);
	assert_int_equal(s.prio[1], -5);
	assert_string_equal(s.rchain[0], "prerouting");
	assert_string_equal(s.rchain[1], "output");
	/* IPv4 range, TCP 80, mark 1000 (0x3e8 host order). */
	assert_true(has(s.rules[0], "[ payload load 4b @ network header + 16 => reg 1 ]"));
	assert_true(has(s.rules[0], "[ cmp gte reg 1 0x0a0200c0 ]"));
	assert_true(has(s.rules[0], "[ cmp lte reg 1 0x0c0200c0 ]"));
	assert_true(has(s.rules[0], "[ payload load 2b @ transport header + 2 => reg 1 ]"));
	assert_true(has(s.rules[0], "[ cmp eq reg 1 0x00005000 ]"));
	assert_true(has(s.rules[0], "[ immediate reg 1 0x000003e8 ]"));
	assert_true(has(s.rules[0], "[ meta set mark with reg 1 ]"));
	/* IPv6 address alone, UDP, any port. */
	assert_true(has(s.rules[2], "[ payload load 16b @ network header + 24 => reg 1 ]"));
	assert_false(has(s.rules[2], "cmp gte"));
	assert_false(has(s.rules[2], "transport header"));
	assert_true(has(s.rules[2], "[ cmp eq reg 1 0x00000011 ]"));
	assert_true(has(s.rules[2], "[ immediate reg 1 0x000003e9 ]"));
}

/* No lines: the table removed (created first, so that none is no
 * error); a named table; a buffer too small gives 0. */
static void
test_nft_remove_and_small(void **state)
{
	static char buf[4096];
	static const int want[] = { -1, NFT_MSG_NEWTABLE, NFT_MSG_DELTABLE,
	    -2 };
	struct check_nft_line l[2];
	struct seen s;
	unsigned acks;
	size_t len, i;

	(void)state;
	len = check_nft_build(buf, sizeof(buf), 7, "lb", -1, NULL, 0, &acks);
	assert_true(len > 0);
	read_batch(buf, len, &s);
	assert_int_equal(s.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < s.n; i++)
		assert_int_equal(s.type[i], want[i]);
	assert_string_equal(s.table, "lb");
	assert_int_equal(acks, 2);

	lines(l);
	assert_int_equal(check_nft_build(buf, 256, 7, "", -1, l, 2, &acks),
	    0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nft_build),
		cmocka_unit_test(test_nft_remove_and_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
