/*
 * The netlink messages of accept mode's nftables table (vrrp_nft.h):
 * built with libnftnl into a caller's buffer, one transaction per batch,
 * and sent on a NETLINK_NETFILTER socket (libmnl) whose acks are counted.
 * Building is pure, so the unit tests read the rules back.
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
#include <libnftnl/set.h>
#include <libnftnl/table.h>

#include "common/log.h"
#include "vrrp/vrrp_nft.h"

#define NFT_TYPE_IPADDR		7	/* nft's datatypes: ipv4_addr */
#define NFT_TYPE_IP6ADDR	8	/* ipv6_addr */
#define NFT_SET_ID4		1
#define NFT_SET_ID6		2
#define NFT_ND_FIRST		135	/* nd-neighbor-solicit */
#define NFT_ND_LAST		136	/* nd-neighbor-advert */

const char *
vrrp_nft_table_name(const char *table)
{
	return table != NULL && table[0] != '\0' ? table : VRRP_NFT_TABLE;
}

size_t
vrrp_nft_batch_size(size_t n)
{
	return 16384 + n * 64;
}

void
vrrp_nft_batch_init(struct vrrp_nft_batch *b, char *buf, size_t cap,
    uint32_t seq)
{
	memset(b, 0, sizeof(*b));
	b->buf = buf;
	b->cap = cap;
	b->seq = seq;
	b->first = seq;
}

/* Room for one more message of up to need bytes; its start. */
static char *
nft_room(struct vrrp_nft_batch *b, size_t need)
{
	if (b->overflow || b->len + need > b->cap) {
		b->overflow = true;
		return NULL;
	}
	return b->buf + b->len;
}

static void
nft_done(struct vrrp_nft_batch *b, struct nlmsghdr *nlh, bool acked)
{
	b->len += NLMSG_ALIGN(nlh->nlmsg_len);
	if (acked)
		b->nmsg++;
}

void
vrrp_nft_batch_begin(struct vrrp_nft_batch *b)
{
	char *p;

	if ((p = nft_room(b, 64)) == NULL)
		return;
	nft_done(b, nftnl_batch_begin(p, b->seq++), false);
	b->first = b->seq;
}

void
vrrp_nft_batch_end(struct vrrp_nft_batch *b)
{
	char *p;

	if ((p = nft_room(b, 64)) == NULL)
		return;
	nft_done(b, nftnl_batch_end(p, b->seq++), false);
}

static struct nlmsghdr *
nft_hdr(struct vrrp_nft_batch *b, uint16_t type, uint16_t flags, size_t need)
{
	char *p;

	if ((p = nft_room(b, need)) == NULL)
		return NULL;
	return nftnl_nlmsg_build_hdr(p, type, NFPROTO_INET, flags | NLM_F_ACK,
	    b->seq++);
}

static void
nft_put_table_msg(struct vrrp_nft_batch *b, const char *name, uint16_t type,
    uint16_t flags)
{
	struct nftnl_table *t;
	struct nlmsghdr *nlh;

	if ((nlh = nft_hdr(b, type, flags, 256)) == NULL)
		return;
	if ((t = nftnl_table_alloc()) == NULL)
		fatalx("nft: out of memory");
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_INET);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, name);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	nft_done(b, nlh, true);
}

void
vrrp_nft_put_deltable(struct vrrp_nft_batch *b, const char *table)
{
	const char *name = vrrp_nft_table_name(table);

	nft_put_table_msg(b, name, NFT_MSG_NEWTABLE, NLM_F_CREATE);
	nft_put_table_msg(b, name, NFT_MSG_DELTABLE, 0);
}

static void
nft_put_set(struct vrrp_nft_batch *b, const char *table, int family)
{
	struct nftnl_set *s;
	struct nlmsghdr *nlh;
	bool v4 = family == AF_INET;

	if ((nlh = nft_hdr(b, NFT_MSG_NEWSET, NLM_F_CREATE, 512)) == NULL)
		return;
	if ((s = nftnl_set_alloc()) == NULL)
		fatalx("nft: out of memory");
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, NFPROTO_INET);
	nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, v4 ? "vips4" : "vips6");
	nftnl_set_set_u32(s, NFTNL_SET_ID, v4 ? NFT_SET_ID4 : NFT_SET_ID6);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE,
	    v4 ? NFT_TYPE_IPADDR : NFT_TYPE_IP6ADDR);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, v4 ? 4 : 16);
	nftnl_set_set_u32(s, NFTNL_SET_FLAGS, 0);
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	nft_done(b, nlh, true);
}

static void
nft_put_chain(struct vrrp_nft_batch *b, const struct vrrp_nft_conf *c,
    const char *name, uint32_t hook)
{
	struct nftnl_chain *ch;
	struct nlmsghdr *nlh;

	if ((nlh = nft_hdr(b, NFT_MSG_NEWCHAIN, NLM_F_CREATE, 512)) == NULL)
		return;
	if ((ch = nftnl_chain_alloc()) == NULL)
		fatalx("nft: out of memory");
	nftnl_chain_set_u32(ch, NFTNL_CHAIN_FAMILY, NFPROTO_INET);
	nftnl_chain_set_str(ch, NFTNL_CHAIN_TABLE,
	    vrrp_nft_table_name(c->table));
	nftnl_chain_set_str(ch, NFTNL_CHAIN_NAME, name);
	nftnl_chain_set_str(ch, NFTNL_CHAIN_TYPE, "filter");
	nftnl_chain_set_u32(ch, NFTNL_CHAIN_HOOKNUM, hook);
	nftnl_chain_set_s32(ch, NFTNL_CHAIN_PRIO, c->prio);
	nftnl_chain_set_u32(ch, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	nftnl_chain_nlmsg_build_payload(nlh, ch);
	nftnl_chain_free(ch);
	nft_done(b, nlh, true);
}

static struct nftnl_expr *
nft_expr(const char *name)
{
	struct nftnl_expr *e;

	if ((e = nftnl_expr_alloc(name)) == NULL)
		fatalx("nft: out of memory");
	return e;
}

/* meta KEY into register 1. */
static void
nft_meta(struct nftnl_rule *r, uint32_t key)
{
	struct nftnl_expr *e = nft_expr("meta");

	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	nftnl_rule_add_expr(r, e);
}

/* Register 1 OP a value of len bytes. */
static void
nft_cmp(struct nftnl_rule *r, uint32_t op, const void *v, uint32_t len)
{
	struct nftnl_expr *e = nft_expr("cmp");

	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, v, len);
	nftnl_rule_add_expr(r, e);
}

/* len bytes at offset of header base into register 1. */
static void
nft_payload(struct nftnl_rule *r, uint32_t base, uint32_t off, uint32_t len)
{
	struct nftnl_expr *e = nft_expr("payload");

	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	nftnl_rule_add_expr(r, e);
}

static void
nft_lookup(struct nftnl_rule *r, const char *set, uint32_t id)
{
	struct nftnl_expr *e = nft_expr("lookup");

	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, NFT_REG_1);
	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SET_ID, id);
	nftnl_rule_add_expr(r, e);
}

/* [counter] then the verdict. */
static void
nft_verdict(struct nftnl_rule *r, bool counter, int verdict)
{
	struct nftnl_expr *e;

	if (counter)
		nftnl_rule_add_expr(r, nft_expr("counter"));
	e = nft_expr("immediate");
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, verdict);
	nftnl_rule_add_expr(r, e);
}

enum nft_rule_kind { NFT_R_ND, NFT_R_V4, NFT_R_V6 };

static void
nft_put_rule(struct vrrp_nft_batch *b, const struct vrrp_nft_conf *c,
    const char *chain, bool in, enum nft_rule_kind k)
{
	struct nftnl_rule *r;
	struct nlmsghdr *nlh;
	uint8_t proto, lo = NFT_ND_FIRST, hi = NFT_ND_LAST;

	if ((nlh = nft_hdr(b, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND,
	    1024)) == NULL)
		return;
	if ((r = nftnl_rule_alloc()) == NULL)
		fatalx("nft: out of memory");
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, vrrp_nft_table_name(c->table));
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	switch (k) {
	case NFT_R_ND:		/* ND must work: a master answers NS */
		proto = IPPROTO_ICMPV6;
		nft_meta(r, NFT_META_L4PROTO);
		nft_cmp(r, NFT_CMP_EQ, &proto, 1);
		nft_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1);
		nft_cmp(r, NFT_CMP_GTE, &lo, 1);
		nft_cmp(r, NFT_CMP_LTE, &hi, 1);
		nft_verdict(r, c->counters, NF_ACCEPT);
		break;
	case NFT_R_V4:
		proto = NFPROTO_IPV4;
		nft_meta(r, NFT_META_NFPROTO);
		nft_cmp(r, NFT_CMP_EQ, &proto, 1);
		nft_payload(r, NFT_PAYLOAD_NETWORK_HEADER, in ? 16 : 12, 4);
		nft_lookup(r, "vips4", NFT_SET_ID4);
		nft_verdict(r, c->counters, NF_DROP);
		break;
	case NFT_R_V6:
		proto = NFPROTO_IPV6;
		nft_meta(r, NFT_META_NFPROTO);
		nft_cmp(r, NFT_CMP_EQ, &proto, 1);
		nft_payload(r, NFT_PAYLOAD_NETWORK_HEADER, in ? 24 : 8, 16);
		nft_lookup(r, "vips6", NFT_SET_ID6);
		nft_verdict(r, c->counters, NF_DROP);
		break;
	}
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	nft_done(b, nlh, true);
}

void
vrrp_nft_put_table(struct vrrp_nft_batch *b, const struct vrrp_nft_conf *c,
    const struct vrrp_nft_elem *e, size_t n)
{
	const char *name = vrrp_nft_table_name(c->table);
	static const char *chains[2] = { "in", "out" };
	int i;

	vrrp_nft_put_deltable(b, name);
	nft_put_table_msg(b, name, NFT_MSG_NEWTABLE, NLM_F_CREATE);
	nft_put_set(b, name, AF_INET);
	nft_put_set(b, name, AF_INET6);
	nft_put_chain(b, c, "in", NF_INET_LOCAL_IN);
	nft_put_chain(b, c, "out", NF_INET_LOCAL_OUT);
	for (i = 0; i < 2; i++) {
		nft_put_rule(b, c, chains[i], i == 0, NFT_R_ND);
		nft_put_rule(b, c, chains[i], i == 0, NFT_R_V4);
		nft_put_rule(b, c, chains[i], i == 0, NFT_R_V6);
	}
	vrrp_nft_put_elems(b, name, true, AF_INET, e, n);
	vrrp_nft_put_elems(b, name, true, AF_INET6, e, n);
}

/* Elements of family among e[0..n), in one message. */
void
vrrp_nft_put_elems(struct vrrp_nft_batch *b, const char *table, bool add,
    int family, const struct vrrp_nft_elem *e, size_t n)
{
	struct nftnl_set *s;
	struct nftnl_set_elem *se;
	struct nlmsghdr *nlh;
	size_t i, k = 0;
	bool v4 = family == AF_INET;

	for (i = 0; i < n; i++)
		k += e[i].family == family;
	if (k == 0)
		return;
	if ((nlh = nft_hdr(b, add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM,
	    add ? NLM_F_CREATE : 0, 512 + k * 48)) == NULL)
		return;
	if ((s = nftnl_set_alloc()) == NULL)
		fatalx("nft: out of memory");
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, NFPROTO_INET);
	nftnl_set_set_str(s, NFTNL_SET_TABLE, vrrp_nft_table_name(table));
	nftnl_set_set_str(s, NFTNL_SET_NAME, v4 ? "vips4" : "vips6");
	for (i = 0; i < n; i++) {
		if (e[i].family != family)
			continue;
		if ((se = nftnl_set_elem_alloc()) == NULL)
			fatalx("nft: out of memory");
		nftnl_set_elem_set(se, NFTNL_SET_ELEM_KEY, e[i].addr,
		    v4 ? 4 : 16);
		nftnl_set_elem_add(s, se);
	}
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	nft_done(b, nlh, true);
}

struct mnl_socket *
vrrp_nft_socket(void)
{
	struct mnl_socket *nl;
	int sz = 4 << 20;

	if ((nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC)) == NULL)
		return NULL;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == -1) {
		mnl_socket_close(nl);
		return NULL;
	}
	/* Large batches (thousands of VIPs) in one send. */
	if (setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_SNDBUFFORCE,
	    &sz, sizeof(sz)) == -1)
		(void)setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_SNDBUF,
		    &sz, sizeof(sz));
	return nl;
}

/* Read acks until every message of b is acked or one failed. */
static int
nft_acks(struct mnl_socket *nl, const struct vrrp_nft_batch *b)
{
	char buf[8192];
	const struct nlmsghdr *h;
	const struct nlmsgerr *err;
	unsigned acked = 0;
	ssize_t got;
	int len;

	while (acked < b->nmsg) {
		if ((got = mnl_socket_recvfrom(nl, buf, sizeof(buf))) <= 0)
			return -1;
		len = (int)got;
		for (h = (struct nlmsghdr *)buf; mnl_nlmsg_ok(h, len);
		    h = mnl_nlmsg_next(h, &len)) {
			if (h->nlmsg_type != NLMSG_ERROR ||
			    h->nlmsg_seq < b->first || h->nlmsg_seq >= b->seq)
				continue;	/* an earlier batch's */
			err = mnl_nlmsg_get_payload(h);
			if (err->error != 0) {
				errno = -err->error;
				return -1;	/* the transaction failed */
			}
			acked++;
		}
	}
	return 0;
}

int
vrrp_nft_send(struct mnl_socket *nl, struct vrrp_nft_batch *b)
{
	struct timeval tv = { 2, 0 };
	char drain[8192];

	if (b->overflow) {
		errno = ENOBUFS;
		return -1;
	}
	/* Answers left from a failed batch, then this one's. */
	while (recv(mnl_socket_get_fd(nl), drain, sizeof(drain),
	    MSG_DONTWAIT) > 0)
		;
	(void)setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof(tv));
	if (mnl_socket_sendto(nl, b->buf, b->len) < 0)
		return -1;
	return nft_acks(nl, b);
}

int
vrrp_nft_table_delete(const char *table)
{
	struct vrrp_nft_batch b;
	struct mnl_socket *nl;
	const char *name = vrrp_nft_table_name(table);
	char buf[1024];
	int rc;

	if ((nl = vrrp_nft_socket()) == NULL) {
		log_warn("nftables table %s: netlink", name);
		return -1;
	}
	vrrp_nft_batch_init(&b, buf, sizeof(buf), (uint32_t)time(NULL));
	vrrp_nft_batch_begin(&b);
	nft_put_table_msg(&b, name, NFT_MSG_DELTABLE, 0);
	vrrp_nft_batch_end(&b);
	if ((rc = vrrp_nft_send(nl, &b)) == 0)
		rc = 1;
	else if (errno == ENOENT || errno == EOPNOTSUPP ||
	    errno == EPROTONOSUPPORT || errno == EAFNOSUPPORT)
		rc = 0;		/* not there, or no nf_tables at all */
	else
		log_warn("cannot remove nftables table inet %s", name);
	mnl_socket_close(nl);
	return rc;
}
