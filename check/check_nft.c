/*
 * nftables_ipvs (check_nft.h): the marking table, built with libnftnl
 * into one batch (a transaction: the table replaced whole) and sent on a
 * NETLINK_NETFILTER socket (libmnl) whose acks are counted.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>

#include "check/check_nft.h"
#include "common/log.h"
#include "common/util.h"

static struct {
	struct mnl_socket *nl;
	char		 table[64];	/* the one made, "" none */
	bool		 netns;		/* nl opened in net_namespace_ipvs */
} nft;

static const char *
nft_name(const char *table)
{
	return table != NULL && table[0] != '\0' ? table :
	    CHECK_NFT_IPVS_TABLE;
}

struct nft_b {
	struct mnl_nlmsg_batch *b;
	uint32_t	 seq;
	unsigned	 acks;
	bool		 full;
};

static struct nlmsghdr *
nft_hdr(struct nft_b *b, uint16_t type, uint16_t flags)
{
	return nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b->b), type,
	    NFPROTO_INET, flags | NLM_F_ACK, b->seq++);
}

static void
nft_next(struct nft_b *b, bool acked)
{
	if (!mnl_nlmsg_batch_next(b->b))
		b->full = true;
	if (acked)
		b->acks++;
}

static void
nft_table_msg(struct nft_b *b, const char *name, uint16_t type,
    uint16_t flags)
{
	struct nftnl_table *t;

	if (b->full)
		return;
	if ((t = nftnl_table_alloc()) == NULL)
		fatalx("nft: out of memory");
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_INET);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, name);
	nftnl_table_nlmsg_build_payload(nft_hdr(b, type, flags), t);
	nftnl_table_free(t);
	nft_next(b, true);
}

static void
nft_chain(struct nft_b *b, const char *table, const char *name,
    const char *type, uint32_t hook, int32_t prio)
{
	struct nftnl_chain *ch;

	if (b->full)
		return;
	if ((ch = nftnl_chain_alloc()) == NULL)
		fatalx("nft: out of memory");
	nftnl_chain_set_u32(ch, NFTNL_CHAIN_FAMILY, NFPROTO_INET);
	nftnl_chain_set_str(ch, NFTNL_CHAIN_TABLE, table);
	nftnl_chain_set_str(ch, NFTNL_CHAIN_NAME, name);
	nftnl_chain_set_str(ch, NFTNL_CHAIN_TYPE, type);
	nftnl_chain_set_u32(ch, NFTNL_CHAIN_HOOKNUM, hook);
	nftnl_chain_set_s32(ch, NFTNL_CHAIN_PRIO, prio);
	nftnl_chain_set_u32(ch, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	nftnl_chain_nlmsg_build_payload(nft_hdr(b, NFT_MSG_NEWCHAIN,
	    NLM_F_CREATE), ch);
	nftnl_chain_free(ch);
	nft_next(b, true);
}

static struct nftnl_expr *
nft_expr(struct nftnl_rule *r, const char *name)
{
	struct nftnl_expr *e;

	if ((e = nftnl_expr_alloc(name)) == NULL)
		fatalx("nft: out of memory");
	nftnl_rule_add_expr(r, e);
	return e;
}

static void
nft_meta_load(struct nftnl_rule *r, uint32_t key)
{
	struct nftnl_expr *e = nft_expr(r, "meta");

	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
}

static void
nft_load(struct nftnl_rule *r, uint32_t base, uint32_t off, uint32_t len)
{
	struct nftnl_expr *e = nft_expr(r, "payload");

	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
}

/* Register 1 OP v (compared byte by byte: network order). */
static void
nft_cmp(struct nftnl_rule *r, uint32_t op, const void *v, uint32_t len)
{
	struct nftnl_expr *e = nft_expr(r, "cmp");

	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, v, len);
}

/* meta mark set MARK */
static void
nft_set_mark(struct nftnl_rule *r, uint32_t mark)
{
	struct nftnl_expr *e = nft_expr(r, "immediate");

	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_1);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, &mark, sizeof(mark));
	e = nft_expr(r, "meta");
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_MARK);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_SREG, NFT_REG_1);
}

static void
nft_rule(struct nft_b *b, const char *table, const char *chain,
    const struct check_nft_line *l)
{
	struct nftnl_rule *r;
	uint8_t nfproto = l->af == AF_INET ? NFPROTO_IPV4 : NFPROTO_IPV6;
	uint32_t alen = l->af == AF_INET ? 4 : 16;
	uint16_t port = htons(l->port);

	if (b->full)
		return;
	if ((r = nftnl_rule_alloc()) == NULL)
		fatalx("nft: out of memory");
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	nft_meta_load(r, NFT_META_NFPROTO);
	nft_cmp(r, NFT_CMP_EQ, &nfproto, 1);
	nft_meta_load(r, NFT_META_L4PROTO);
	nft_cmp(r, NFT_CMP_EQ, &l->proto, 1);
	nft_load(r, NFT_PAYLOAD_NETWORK_HEADER, l->af == AF_INET ? 16 : 24,
	    alen);
	if (memcmp(l->first, l->last, alen) == 0)
		nft_cmp(r, NFT_CMP_EQ, l->first, alen);
	else {
		nft_cmp(r, NFT_CMP_GTE, l->first, alen);
		nft_cmp(r, NFT_CMP_LTE, l->last, alen);
	}
	if (l->port != 0) {
		nft_load(r, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
		nft_cmp(r, NFT_CMP_EQ, &port, 2);
	}
	nft_set_mark(r, l->mark);
	nftnl_rule_nlmsg_build_payload(nft_hdr(b, NFT_MSG_NEWRULE,
	    NLM_F_CREATE | NLM_F_APPEND), r);
	nftnl_rule_free(r);
	nft_next(b, true);
}

size_t
check_nft_build(char *buf, size_t cap, uint32_t seq, const char *table,
    int32_t prio, const struct check_nft_line *l, size_t n, unsigned *nacks)
{
	struct nft_b b = { .seq = seq };
	const char *name = nft_name(table);
	size_t i, len;

	if ((b.b = mnl_nlmsg_batch_start(buf, cap)) == NULL)
		return 0;
	nftnl_batch_begin(mnl_nlmsg_batch_current(b.b), b.seq++);
	nft_next(&b, false);
	/* Replace any table of that name in the same transaction. */
	nft_table_msg(&b, name, NFT_MSG_NEWTABLE, NLM_F_CREATE);
	nft_table_msg(&b, name, NFT_MSG_DELTABLE, 0);
	if (n > 0) {
		nft_table_msg(&b, name, NFT_MSG_NEWTABLE, NLM_F_CREATE);
		nft_chain(&b, name, "prerouting", "filter",
		    NF_INET_PRE_ROUTING, prio);
		nft_chain(&b, name, "output", "route", NF_INET_LOCAL_OUT,
		    prio);
		for (i = 0; i < n; i++) {
			nft_rule(&b, name, "prerouting", &l[i]);
			nft_rule(&b, name, "output", &l[i]);
		}
	}
	if (!b.full) {
		nftnl_batch_end(mnl_nlmsg_batch_current(b.b), b.seq++);
		nft_next(&b, false);
	}
	len = b.full ? 0 : mnl_nlmsg_batch_size(b.b);
	mnl_nlmsg_batch_stop(b.b);
	*nacks = b.acks;
	return len;
}

static struct mnl_socket *
nft_socket(void)
{
	struct mnl_socket *nl;

	if ((nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC)) == NULL)
		return NULL;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == -1) {
		mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

void
check_nft_open_here(void)
{
	nft.netns = true;	/* never a socket of our own namespace */
	if (nft.nl == NULL)
		nft.nl = nft_socket();
}

/* Send, then read until every message is acked or one failed. */
static int
nft_send(const char *buf, size_t len, uint32_t first, uint32_t end,
    unsigned acks)
{
	char rx[8192];
	const struct nlmsghdr *h;
	const struct nlmsgerr *err;
	struct timeval tv = { 2, 0 };
	ssize_t got;
	int rlen;

	while (recv(mnl_socket_get_fd(nft.nl), rx, sizeof(rx),
	    MSG_DONTWAIT) > 0)
		;
	(void)setsockopt(mnl_socket_get_fd(nft.nl), SOL_SOCKET, SO_RCVTIMEO,
	    &tv, sizeof(tv));
	if (mnl_socket_sendto(nft.nl, buf, len) < 0)
		return -1;
	while (acks > 0) {
		if ((got = mnl_socket_recvfrom(nft.nl, rx, sizeof(rx))) <= 0)
			return -1;
		rlen = (int)got;
		for (h = (struct nlmsghdr *)rx; mnl_nlmsg_ok(h, rlen);
		    h = mnl_nlmsg_next(h, &rlen)) {
			if (h->nlmsg_type != NLMSG_ERROR ||
			    h->nlmsg_seq < first || h->nlmsg_seq >= end)
				continue;
			err = mnl_nlmsg_get_payload(h);
			if (err->error != 0) {
				errno = -err->error;
				return -1;
			}
			acks--;
		}
	}
	return 0;
}

int
check_nft_sync(const char *table, int32_t prio,
    const struct check_nft_line *l, size_t n)
{
	const char *name = nft_name(table);
	size_t cap = 4096 + n * 1024, len;
	uint32_t seq = (uint32_t)time(NULL);
	unsigned acks;
	char *buf;
	int rc;

	if (n == 0 && nft.table[0] == '\0')
		return 0;
	if (n > 0 && nft.table[0] != '\0' && strcmp(nft.table, name) != 0)
		check_nft_remove();	/* renamed: the old one goes */
	if (nft.nl == NULL && !nft.netns && (nft.nl = nft_socket()) == NULL) {
		log_warn("nftables_ipvs: netfilter netlink socket");
		return -1;
	}
	if (nft.nl == NULL) {
		log_warnx("nftables_ipvs: no netfilter socket in "
		    "net_namespace_ipvs");
		return -1;
	}
	buf = xcalloc(1, cap);
	len = check_nft_build(buf, cap, seq, name, prio, l, n, &acks);
	rc = len == 0 ? (errno = ENOBUFS, -1) :
	    nft_send(buf, len, seq + 1, seq + 2 + acks, acks);
	free(buf);
	if (rc == -1) {
		log_warn("nftables_ipvs: cannot %s table inet %s",
		    n > 0 ? "program" : "remove", name);
		return -1;
	}
	if (n > 0) {
		snprintf(nft.table, sizeof(nft.table), "%s", name);
		log_info("nftables_ipvs: table inet %s, %zu address line%s "
		    "marked", name, n, n == 1 ? "" : "s");
	} else {
		log_info("nftables_ipvs: table inet %s removed", name);
		nft.table[0] = '\0';
	}
	return 0;
}

void
check_nft_remove(void)
{
	char name[64];

	if (nft.table[0] == '\0')
		return;
	snprintf(name, sizeof(name), "%s", nft.table);
	(void)check_nft_sync(name, 0, NULL, 0);
}
