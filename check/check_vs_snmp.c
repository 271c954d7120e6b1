/*
 * The fields of the virtual_server and real_server status records
 * (common/ctl.h, vigilctl status --json) that KEEPALIVED-MIB's checker
 * tables show and the records did not carry: how each server is
 * configured (address, forwarding method, timers, commands, snmp_name),
 * the members of its group, how many of its checkers fail now, and
 * IPVS's counters of its services and destinations (summed over the
 * services of a group). The SNMP agent (core/snmp_check.c) turns them
 * into the tables.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/ip_vs.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_bfd.h"
#include "check/check_lvs.h"
#include "common/log.h"
#include "common/util.h"

/* "\tfamily=inet\taddress=192.0.2.1" (fkey, key) */
static void
snmp_addr(FILE *f, const char *fkey, const char *key, uint32_t family,
    const void *a)
{
	char buf[INET6_ADDRSTRLEN];

	if ((family != AF_INET && family != AF_INET6) ||
	    inet_ntop((int)family, a, buf, sizeof(buf)) == NULL)
		return;
	fprintf(f, "\t%s=%s\t%s=%s", fkey, family == AF_INET ? "inet" :
	    "inet6", key, buf);
}

static const char *
snmp_method(uint32_t conn_flags)
{
	switch (conn_flags & IP_VS_CONN_F_FWD_MASK) {
	case IP_VS_CONN_F_DROUTE:	return "DR";
	case IP_VS_CONN_F_TUNNEL:	return "TUN";
	default:			return "NAT";
	}
}

/* method, and the tunnel's type, port and checksum with TUN. */
static void
snmp_fwd(FILE *f, uint32_t conn_flags, uint32_t type, uint32_t port,
    uint32_t flags)
{
	fprintf(f, "\tmethod=%s", snmp_method(conn_flags));
	if ((conn_flags & IP_VS_CONN_F_FWD_MASK) != IP_VS_CONN_F_TUNNEL)
		return;
	fprintf(f, "\ttunnel_type=%s\ttunnel_port=%u\ttunnel_csum=%s",
	    type == IP_VS_CONN_F_TUNNEL_TYPE_GUE ? "gue" :
	    type == IP_VS_CONN_F_TUNNEL_TYPE_GRE ? "gre" : "ipip", port,
	    flags & IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM ? "remcsum" :
	    flags & IP_VS_TUNNEL_ENCAP_FLAG_CSUM ? "csum" : "nocsum");
}

static void
snmp_timers(FILE *f, uint64_t loop, uint64_t ct, bool retry_given,
    uint32_t retry, bool dbr_given, uint64_t dbr, bool warmup_given,
    uint64_t warmup)
{
	fprintf(f, "\tdelay_loop_us=%llu\tconnect_timeout_us=%llu",
	    (unsigned long long)loop, (unsigned long long)ct);
	if (retry_given)
		fprintf(f, "\tretry=%u", retry);
	if (dbr_given)
		fprintf(f, "\tdelay_before_retry_us=%llu",
		    (unsigned long long)dbr);
	if (warmup_given)
		fprintf(f, "\twarmup_us=%llu", (unsigned long long)warmup);
}

/* IPVS's counters: a virtual server's, summed over its services, and
 * each of its real servers' (summed over the services too). */
struct snmp_stats_ctx {
	const struct lvs_vs	*v;
	struct check_ipvs_stats	*sum;	/* v's; NULL: a dest dump */
	struct check_ipvs_stats	*rs;	/* v->nrs */
	bool			*seen;	/* v->nrs, or 1 for v */
};

static bool
snmp_same_addr(int af, const union check_ipvs_addr *a,
    const union check_ipvs_addr *b)
{
	return memcmp(a->b, b->b, af == AF_INET6 ? 16 : 4) == 0;
}

static bool
snmp_same_svc(const struct check_ipvs_service *a,
    const struct check_ipvs_service *b)
{
	if (a->af != b->af || a->fwmark != b->fwmark)
		return false;
	return a->fwmark != 0 || (a->protocol == b->protocol &&
	    a->port == b->port && snmp_same_addr(a->af, &a->addr, &b->addr));
}

static void
snmp_add(struct check_ipvs_stats *to, const struct check_ipvs_stats *st)
{
	to->conns += st->conns;
	to->inpkts += st->inpkts;
	to->outpkts += st->outpkts;
	to->inbytes += st->inbytes;
	to->outbytes += st->outbytes;
	to->cps += st->cps;
	to->inpps += st->inpps;
	to->outpps += st->outpps;
	to->inbps += st->inbps;
	to->outbps += st->outbps;
	to->activeconns += st->activeconns;
	to->inactconns += st->inactconns;
	to->persistconns += st->persistconns;
}

static void
snmp_svc_cb(const struct check_ipvs_service *s,
    const struct check_ipvs_stats *st, void *arg)
{
	struct snmp_stats_ctx *x = arg;
	size_t i;

	for (i = 0; i < x->v->nsvc; i++)
		if (snmp_same_svc(s, &x->v->svc[i])) {
			snmp_add(x->sum, st);
			x->seen[0] = true;
		}
}

static void
snmp_dest_cb(const struct check_ipvs_dest *d,
    const struct check_ipvs_stats *st, void *arg)
{
	struct snmp_stats_ctx *x = arg;
	const struct lvs_rs *r;
	size_t i;

	for (i = 0; i < x->v->nrs; i++) {
		r = x->v->rs[i];
		if (r->in_ipvs && d->port == r->dest.port &&
		    snmp_same_addr(d->af, &d->addr, &r->dest.addr)) {
			snmp_add(&x->rs[i], st);
			x->seen[i] = true;
		}
	}
}

static void
snmp_stats(FILE *f, const struct check_ipvs_stats *st, bool dest)
{
	fprintf(f, "\tconns=%llu\tinpkts=%llu\toutpkts=%llu\tinbytes=%llu"
	    "\toutbytes=%llu\tcps=%llu\tinpps=%llu\toutpps=%llu\tinbps=%llu"
	    "\toutbps=%llu", (unsigned long long)st->conns,
	    (unsigned long long)st->inpkts, (unsigned long long)st->outpkts,
	    (unsigned long long)st->inbytes, (unsigned long long)st->outbytes,
	    (unsigned long long)st->cps, (unsigned long long)st->inpps,
	    (unsigned long long)st->outpps, (unsigned long long)st->inbps,
	    (unsigned long long)st->outbps);
	if (dest)
		fprintf(f, "\tactiveconns=%u\tinactconns=%u\tpersistconns=%u",
		    st->activeconns, st->inactconns, st->persistconns);
}

/* v's counters into f; *rs_stats: its real servers' (an array of
 * v->nrs, NULL where IPVS is absent; zero for what is not in the
 * table). */
static void
snmp_vs_stats(FILE *f, const struct lvs_vs *v,
    struct check_ipvs_stats **rs_stats)
{
	struct check_ipvs_stats sum;
	struct snmp_stats_ctx x = { .v = v, .sum = &sum };
	bool seen = false;
	size_t i;

	*rs_stats = NULL;
	if (!check_ipvs_available())
		return;
	memset(&sum, 0, sizeof(sum));
	x.seen = &seen;
	check_ipvs_service_stats(snmp_svc_cb, &x);
	snmp_stats(f, &sum, false);	/* zero when not in the table */
	x.rs = xcalloc(v->nrs + 1, sizeof(*x.rs));
	x.seen = xcalloc(v->nrs + 1, sizeof(*x.seen));
	for (i = 0; i < v->nsvc; i++)
		check_ipvs_dest_stats(&v->svc[i], snmp_dest_cb, &x);
	free(x.seen);
	*rs_stats = x.rs;
}

static void
snmp_str(FILE *f, const char *key, const char *v)
{
	if (v != NULL && *v != '\0')
		fprintf(f, "\t%s=%s", key, v);
}

/* The lines of a group virtual server's group: "fwmark N" or "inet
 * FIRST LAST PORT", comma separated. */
static void
snmp_members(FILE *f, const struct conf_set *c, size_t idx)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	const char *sep = "";
	size_t i;

	fprintf(f, "\tmembers=");
	for (i = 0; c != NULL && i < 2 * c->nvsg; i++) {
		const struct msg_conf_vsg *g = &c->vsg[i % c->nvsg];

		/* fwmark lines first, then address lines, as keepalived */
		if (g->vs != idx || (i < c->nvsg) != (g->fwmark != 0))
			continue;
		if (g->fwmark != 0)
			fprintf(f, "%sfwmark %u", sep, g->fwmark);
		else if ((g->family == AF_INET || g->family == AF_INET6) &&
		    inet_ntop((int)g->family, g->first, a, sizeof(a)) != NULL &&
		    inet_ntop((int)g->family, g->last, b, sizeof(b)) != NULL)
			fprintf(f, "%s%s %s %s %u", sep, g->family == AF_INET ?
			    "inet" : "inet6", a, b, g->port);
		else
			continue;
		sep = ",";
	}
}

char *
check_vs_snmp_vs(const struct lvs_vs *v, const struct conf_set *c,
    size_t idx, struct check_ipvs_stats **rs_stats)
{
	const struct msg_conf_vs *m = v->conf;
	uint32_t mask = m->netmask != 0 ? m->netmask : 0xffffffff;
	char *out = NULL;
	size_t len = 0, i, up = 0;
	FILE *f = open_memstream(&out, &len);

	if (f == NULL)
		fatal("open_memstream");
	for (i = 0; i < v->nrs; i++)
		up += v->rs[i]->up;
	if (m->flags & VS_F_GROUP) {
		fprintf(f, "\tkind=group\tgroup=%s", m->group);
		snmp_members(f, c, idx);
	} else if (m->fwmark != 0) {
		fprintf(f, "\tkind=fwmark\tfwmark=%u", m->fwmark);
		if (m->family == AF_INET || m->family == AF_INET6)
			fprintf(f, "\tfamily=%s", m->family == AF_INET ?
			    "inet" : "inet6");
	} else {
		fprintf(f, "\tkind=address");
		snmp_addr(f, "family", "address", m->family, m->addr);
		fprintf(f, "\tport=%u", m->port);
	}
	fprintf(f, "\tprotocol=%s", m->protocol == IPPROTO_TCP ? "tcp" :
	    m->protocol == IPPROTO_UDP ? "udp" : m->protocol == IPPROTO_SCTP ?
	    "sctp" : "none");
	snmp_fwd(f, m->conn_flags, m->tun_type, m->tun_port, m->tun_flags);
	fprintf(f, "\tsvc_flags=%u\tpersistence_timeout=%u", m->svc_flags,
	    m->svc_flags & IP_VS_SVC_F_PERSISTENT ? m->timeout : 0);
	/* persistence_granularity, when not all bits */
	if (m->family == AF_INET6 && m->netmask != 0 && m->netmask != 128)
		fprintf(f, "\tgranularity6=%u", m->netmask);
	else if (m->family != AF_INET6 && mask != 0xffffffff)
		snmp_addr(f, "granularity_family", "granularity", AF_INET,
		    &mask);
	snmp_timers(f, m->delay_loop_us, m->connect_timeout_us,
	    m->retry_given, m->retry, m->dbr_given, m->delay_before_retry_us,
	    m->warmup_given, m->warmup_us);
	fprintf(f, "\tweight=%u\tinhibit_on_failure=%u\talpha=%d\tomega=%d"
	    "\tha_suspend=%d\tsmtp_alert=%d\thysteresis=%u"
	    "\treal_servers_up=%zu", m->weight, m->inhibit,
	    !!(m->flags & VS_F_ALPHA), !!(m->flags & VS_F_OMEGA),
	    !!(m->flags & VS_F_HA_SUSPEND), !!(m->flags & VS_F_SMTP_ALERT),
	    m->hysteresis, up);
	snmp_str(f, "quorum_up", v->quorum_up != NULL ?
	    v->quorum_up->command : NULL);
	snmp_str(f, "quorum_down", v->quorum_down != NULL ?
	    v->quorum_down->command : NULL);
	snmp_str(f, "virtualhost", m->virtualhost);
	snmp_str(f, "snmp_name", m->snmp_name);
	if (m->flags & VS_F_SORRY) {
		snmp_addr(f, "sorry_family", "sorry_address", m->sorry_family,
		    m->sorry_addr);
		fprintf(f, "\tsorry_port=%u\tsorry_method=%s", m->sorry_port,
		    snmp_method(m->sorry_conn_flags));
	}
	snmp_vs_stats(f, v, rs_stats);
	if (fclose(f) != 0)
		fatal("open_memstream");
	return out;
}

/* How many of r's checkers fail now. */
static size_t
snmp_failed(const struct lvs_rs *r)
{
	size_t i, n = 0;
	int w;

	for (i = 0; i < r->nchk; i++)
		n += r->chk[i].conf->type == LVS_CHECK_BFD ?
		    !check_bfd_is_up(r->chk[i].conf->name) :
		    r->chk[i].file != NULL ? !check_file_up(&r->chk[i], &w) :
		    !check_sched_up(&r->chk[i], &w);
	return n;
}

char *
check_vs_snmp_rs(const struct lvs_rs *r, const struct check_ipvs_stats *st)
{
	const struct msg_conf_rs *m = r->conf;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (f == NULL)
		fatal("open_memstream");
	snmp_addr(f, "family", "address", m->family, m->addr);
	fprintf(f, "\tport=%u", m->port);
	snmp_fwd(f, m->conn_flags, m->tun_type, m->tun_port, m->tun_flags);
	fprintf(f, "\tuthreshold=%u\tlthreshold=%u\tinhibit_on_failure=%d"
	    "\talpha=%d\tsmtp_alert=%d\tfailed_checks=%zu", m->uthreshold,
	    m->lthreshold, !!(m->flags & RS_F_INHIBIT),
	    !!(m->flags & RS_F_ALPHA), !!(m->flags & RS_F_SMTP_ALERT),
	    snmp_failed(r));
	snmp_timers(f, m->delay_loop_us, m->connect_timeout_us,
	    m->retry_given, m->retry, m->dbr_given, m->delay_before_retry_us,
	    m->warmup_given, m->warmup_us);
	snmp_str(f, "notify_up", r->notify_up != NULL ?
	    r->notify_up->command : NULL);
	snmp_str(f, "notify_down", r->notify_down != NULL ?
	    r->notify_down->command : NULL);
	snmp_str(f, "virtualhost", m->virtualhost);
	snmp_str(f, "snmp_name", m->snmp_name);
	if (st != NULL)
		snmp_stats(f, st, true);
	if (fclose(f) != 0)
		fatal("open_memstream");
	return out;
}
