/*
 * Unit tests for vrrp/vrrp_nft_rules.c: the netlink batches of accept
 * mode's nftables table, read back with libnftnl (no kernel involved).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>

#include "vrrp/vrrp_nft.h"

#define NMSG_MAX	64

/* What a batch holds, read back. */
struct seen {
	int		 type[NMSG_MAX];	/* NFT_MSG_*, -1 begin, -2 end */
	size_t		 n;
	char		 rules[8][512];		/* text of each rule */
	size_t		 nrules;
	int32_t		 prio[2];		/* of chains in, out */
	uint32_t	 hook[2];
	size_t		 nchains;
	size_t		 elems[2];		/* per NEWSETELEM message */
	size_t		 nelemmsg;
	char		 elemset[2][16];
};

/* Set name and element count of a (NEW|DEL)SETELEM message. */
static void
read_elems(const struct nlmsghdr *h, char *set, size_t setlen, size_t *n)
{
	const struct nlattr *a, *e;

	*n = 0;
	mnl_attr_for_each(a, h, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) == NFTA_SET_ELEM_LIST_SET)
			snprintf(set, setlen, "%s", mnl_attr_get_str(a));
		else if (mnl_attr_get_type(a) == NFTA_SET_ELEM_LIST_ELEMENTS)
			mnl_attr_for_each_nested(e, a)
				(*n)++;
	}
}

static void
read_batch(const struct vrrp_nft_batch *b, struct seen *s)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)b->buf;
	int len = (int)b->len, type;
	struct nftnl_rule *r;
	struct nftnl_chain *c;

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
		}
		s->type[s->n++] = type;
		if (type == NFT_MSG_NEWRULE) {
			assert_non_null(r = nftnl_rule_alloc());
			assert_int_equal(nftnl_rule_nlmsg_parse(h, r), 0);
			nftnl_rule_snprintf(s->rules[s->nrules++],
			    sizeof(s->rules[0]), r, NFTNL_OUTPUT_DEFAULT, 0);
			nftnl_rule_free(r);
		} else if (type == NFT_MSG_NEWCHAIN) {
			assert_non_null(c = nftnl_chain_alloc());
			assert_int_equal(nftnl_chain_nlmsg_parse(h, c), 0);
			s->prio[s->nchains] = nftnl_chain_get_s32(c,
			    NFTNL_CHAIN_PRIO);
			s->hook[s->nchains++] = nftnl_chain_get_u32(c,
			    NFTNL_CHAIN_HOOKNUM);
			nftnl_chain_free(c);
		} else if (type == NFT_MSG_NEWSETELEM ||
		    type == NFT_MSG_DELSETELEM) {
			read_elems(h, s->elemset[s->nelemmsg],
			    sizeof(s->elemset[0]), &s->elems[s->nelemmsg]);
			s->nelemmsg++;
		}
	}
	assert_int_equal(len, 0);
}

static void
elems(struct vrrp_nft_elem *e, size_t n4, size_t n6)
{
	size_t i;

	memset(e, 0, sizeof(*e) * (n4 + n6));
	for (i = 0; i < n4; i++) {
		e[i].family = AF_INET;
		e[i].addr[0] = 198;
		e[i].addr[1] = 18;
		e[i].addr[2] = (uint8_t)(i >> 8);
		e[i].addr[3] = (uint8_t)i;
	}
	for (i = n4; i < n4 + n6; i++) {
		e[i].family = AF_INET6;
		inet_pton(AF_INET6, "2001:db8::", e[i].addr);
		e[i].addr[14] = (uint8_t)(i >> 8);
		e[i].addr[15] = (uint8_t)i;
	}
}

static bool
has(const char *text, const char *what)
{
	return strstr(text, what) != NULL;
}

/* The whole table: replaced in one transaction, sets, two base chains
 * at the configured priority, ND accepted before the drops. */
static void
test_nft_table(void **state)
{
	struct vrrp_nft_conf c = { "", -1, false };
	struct vrrp_nft_elem e[3];
	struct vrrp_nft_batch b;
	static char buf[65536];
	struct seen s;
	static const int want[] = { -1, NFT_MSG_NEWTABLE, NFT_MSG_DELTABLE,
	    NFT_MSG_NEWTABLE, NFT_MSG_NEWSET, NFT_MSG_NEWSET,
	    NFT_MSG_NEWCHAIN, NFT_MSG_NEWCHAIN, NFT_MSG_NEWRULE,
	    NFT_MSG_NEWRULE, NFT_MSG_NEWRULE, NFT_MSG_NEWRULE,
	    NFT_MSG_NEWRULE, NFT_MSG_NEWRULE, NFT_MSG_NEWSETELEM,
	    NFT_MSG_NEWSETELEM, -2 };
	size_t i;

	(void)state;
	elems(e, 2, 1);
	vrrp_nft_batch_init(&b, buf, sizeof(buf), 100);
	vrrp_nft_batch_begin(&b);
	vrrp_nft_put_table(&b, &c, e, 3);
	vrrp_nft_batch_end(&b);
	assert_false(b.overflow);
	read_batch(&b, &s);
	assert_int_equal(s.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < s.n; i++)
		assert_int_equal(s.type[i], want[i]);
	assert_int_equal(b.nmsg, s.n - 2);
	assert_int_equal(b.first, 101);
	assert_int_equal(b.seq, 100 + s.n);
	assert_int_equal(s.nchains, 2);
	assert_int_equal(s.hook[0], NF_INET_LOCAL_IN);
	assert_int_equal(s.hook[1], NF_INET_LOCAL_OUT);
	assert_int_equal(s.prio[0], -1);
	assert_int_equal(s.prio[1], -1);
	assert_int_equal(s.nrules, 6);
	for (i = 0; i < 6; i++) {
		assert_true(has(s.rules[i], "inet vigil"));
		assert_true(has(s.rules[i], i < 3 ? "inet vigil in\n" :
		    "inet vigil out\n"));
		assert_false(has(s.rules[i], "counter"));
	}
	/* ND first (accept), then the address drops. */
	assert_true(has(s.rules[0], "meta load l4proto"));
	assert_true(has(s.rules[0], "cmp gte reg 1 0x00000087"));
	assert_true(has(s.rules[0], "cmp lte reg 1 0x00000088"));
	assert_true(has(s.rules[0], "immediate reg 0 accept"));
	assert_true(has(s.rules[1], "payload load 4b @ network header + 16"));
	assert_true(has(s.rules[1], "lookup reg 1 set vips4"));
	assert_true(has(s.rules[1], "immediate reg 0 drop"));
	assert_true(has(s.rules[2], "payload load 16b @ network header + 24"));
	assert_true(has(s.rules[2], "lookup reg 1 set vips6"));
	/* Output: the source addresses. */
	assert_true(has(s.rules[4], "payload load 4b @ network header + 12"));
	assert_true(has(s.rules[5], "payload load 16b @ network header + 8"));
	assert_int_equal(s.nelemmsg, 2);
	assert_string_equal(s.elemset[0], "vips4");
	assert_int_equal(s.elems[0], 2);
	assert_string_equal(s.elemset[1], "vips6");
	assert_int_equal(s.elems[1], 1);
}

/* nftables NAME, nftables_priority, nftables_counters. */
static void
test_nft_table_options(void **state)
{
	struct vrrp_nft_conf c = { "fw", 10, true };
	struct vrrp_nft_batch b;
	static char buf[65536];
	struct seen s;
	size_t i;

	(void)state;
	vrrp_nft_batch_init(&b, buf, sizeof(buf), 1);
	vrrp_nft_batch_begin(&b);
	vrrp_nft_put_table(&b, &c, NULL, 0);
	vrrp_nft_batch_end(&b);
	read_batch(&b, &s);
	assert_int_equal(s.nelemmsg, 0);	/* no empty element message */
	assert_int_equal(s.prio[0], 10);
	for (i = 0; i < 6; i++) {
		assert_true(has(s.rules[i], "inet fw"));
		assert_true(has(s.rules[i], "counter"));
	}
	assert_string_equal(vrrp_nft_table_name(""), "vigil");
	assert_string_equal(vrrp_nft_table_name(NULL), "vigil");
	assert_string_equal(vrrp_nft_table_name("fw"), "fw");
}

/* 1,000 addresses of each family: two messages, within the size
 * vrrp_nft_batch_size promises; too small a buffer is refused whole. */
static void
test_nft_elems(void **state)
{
	static struct vrrp_nft_elem e[2000];
	struct vrrp_nft_batch b;
	size_t cap = vrrp_nft_batch_size(2000);
	char *buf = malloc(cap), small[512];
	struct seen s;

	(void)state;
	elems(e, 1000, 1000);
	vrrp_nft_batch_init(&b, buf, cap, 7);
	vrrp_nft_batch_begin(&b);
	vrrp_nft_put_elems(&b, NULL, false, AF_INET, e, 2000);
	vrrp_nft_put_elems(&b, NULL, false, AF_INET6, e, 2000);
	vrrp_nft_batch_end(&b);
	assert_false(b.overflow);
	read_batch(&b, &s);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.type[1], NFT_MSG_DELSETELEM);
	assert_int_equal(s.elems[0], 1000);
	assert_int_equal(s.elems[1], 1000);
	assert_int_equal(b.nmsg, 2);
	free(buf);

	vrrp_nft_batch_init(&b, small, sizeof(small), 7);
	vrrp_nft_batch_begin(&b);
	vrrp_nft_put_elems(&b, NULL, true, AF_INET, e, 2000);
	vrrp_nft_batch_end(&b);
	assert_true(b.overflow);
	assert_int_equal(vrrp_nft_send(NULL, &b), -1);
	assert_int_equal(errno, ENOBUFS);
}

/* Removing the table cannot fail for its absence: created first. */
static void
test_nft_deltable(void **state)
{
	struct vrrp_nft_batch b;
	char buf[1024];
	struct seen s;

	(void)state;
	vrrp_nft_batch_init(&b, buf, sizeof(buf), 1);
	vrrp_nft_batch_begin(&b);
	vrrp_nft_put_deltable(&b, "vigil");
	vrrp_nft_batch_end(&b);
	read_batch(&b, &s);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.type[1], NFT_MSG_NEWTABLE);
	assert_int_equal(s.type[2], NFT_MSG_DELTABLE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nft_table),
		cmocka_unit_test(test_nft_table_options),
		cmocka_unit_test(test_nft_elems),
		cmocka_unit_test(test_nft_deltable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
