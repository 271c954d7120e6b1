/*
 * Virtual and real servers: from checker verdicts to the IPVS table.
 *
 * A real server is up while every one of its checkers is (one without
 * checkers always is); its weight is the configured one unless a
 * MISC_CHECK with misc_dynamic gave another. Up: a destination of each
 * of its virtual server's services with that weight. Down: removed, or
 * kept with weight 0 under inhibit_on_failure. A virtual server holds
 * quorum while the weights of its live real servers add up to quorum
 * (hysteresis either side); losing it runs quorum_down and lets the
 * sorry server in, regaining it runs quorum_up and takes it out.
 *
 * Reload: objects are matched by identity (a virtual server by its
 * service, a real server by its virtual server, address and port), keep
 * their state and their table entries, and only what changed is
 * programmed; what is gone is removed. At stop vigil removes the
 * services it added, and only those (unless -I keeps them).
 */
#include <arpa/inet.h>
#include <linux/ip_vs.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check/check_bfd.h"
#include "check/check_fifo.h"
#include "check/check_nft.h"
#include "check/check_lvs.h"
#include "check/check_notify.h"
#include "check/check_smtp.h"
#include "common/ctl.h"
#include "common/ipc.h"
#include "common/log.h"
#include "common/util.h"

static struct {
	struct lvs_vs	*vs;
	size_t		 nvs;
	struct lvs_rs	*rs;
	size_t		 nrs;
	bool		 ipvs;		/* check_ipvs_init done */
	bool		 flush_on_stop;	/* lvs_flush_on_stop (no VS) */
	bool		 adopt;		/* restarted after a crash: the table
					 * may hold our entries already */
	uint64_t	 rs_up, rs_down, quorum_lost, quorum_gained;
	const struct conf_set *conf;	/* vs[i].conf is conf->vs[i] */
} vss;

void
check_vs_init(struct event_base *base)
{
	check_sched_init(base);
	check_file_init(base);
}

static void
vs_fill_addr(union check_ipvs_addr *a, int af, const uint8_t *b)
{
	memset(a, 0, sizeof(*a));
	memcpy(a->b, b, af == AF_INET ? 4 : 16);
}

static const char *
vs_proto(uint32_t p)
{
	return p == IPPROTO_UDP ? "udp" : p == IPPROTO_SCTP ? "sctp" : "tcp";
}

static void
vs_addr_name(char *buf, size_t len, int af, const uint8_t *a, uint32_t proto,
    uint32_t port)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(af, a, s, sizeof(s));
	snprintf(buf, len, "[%s]:%s:%u", s, vs_proto(proto), port);
}

#define VS_RANGE_MAX	65536	/* services of one group line */

/* Addresses from first to last, both included (network order). */
static uint32_t
vs_range_span(int af, const uint8_t *first, const uint8_t *last)
{
	size_t len = af == AF_INET ? 4 : 16, i;
	uint64_t span = 0;

	for (i = 0; i < len; i++) {
		span = span * 256 + last[i] - first[i];
		if (span >= VS_RANGE_MAX) {
			log_warnx("virtual_server_group: a range of more than "
			    "%d addresses: only its first %d are services",
			    VS_RANGE_MAX, VS_RANGE_MAX);
			return VS_RANGE_MAX;
		}
	}
	return (uint32_t)span + 1;
}

static void
vs_addr_next(union check_ipvs_addr *a, int af)
{
	size_t i = af == AF_INET ? 4 : 16;

	while (i-- > 0 && ++a->b[i] == 0)
		;
}

/* nftables_ipvs: the mark of virtual server id, which uses a group with
 * address lines (0: none, or nftables_ipvs off). One mark per such
 * virtual server, in configuration order, from nftables_ipvs_start_fwmark
 * (two virtual servers of one group, TCP and UDP, need two services). */
static uint32_t
vs_nft_mark(const struct conf_set *c, size_t id)
{
	uint32_t rank = 0;
	size_t i, k;
	bool addr;

	if (!c->global.nft_ipvs)
		return 0;
	for (i = 0; i <= id && i < c->nvs; i++) {
		if (!(c->vs[i].flags & VS_F_GROUP))
			continue;
		for (k = 0, addr = false; k < c->nvsg && !addr; k++)
			addr = c->vsg[k].vs == i && c->vsg[k].fwmark == 0;
		if (!addr)
			continue;
		if (i == id)
			return c->global.nft_ipvs_fwmark + rank;
		rank++;
	}
	return 0;
}

/* The nftables_ipvs lines of every group virtual server (n 0: none). */
static struct check_nft_line *
vs_nft_lines(const struct conf_set *c, size_t *np)
{
	struct check_nft_line *out = NULL, l;
	size_t i, n = 0;
	uint32_t mark;

	for (i = 0; i < c->nvsg; i++) {
		const struct msg_conf_vsg *g = &c->vsg[i];

		if (g->fwmark != 0 || g->vs >= c->nvs ||
		    (mark = vs_nft_mark(c, g->vs)) == 0)
			continue;
		memset(&l, 0, sizeof(l));
		l.af = (int)g->family;
		memcpy(l.first, g->first, sizeof(l.first));
		memcpy(l.last, g->last, sizeof(l.last));
		l.proto = (uint8_t)c->vs[g->vs].protocol;
		l.port = (uint16_t)g->port;
		l.mark = mark;
		out = xreallocarray(out, n + 1, sizeof(*out));
		out[n++] = l;
	}
	*np = n;
	return out;
}

/* The services of a virtual server: itself, or one per address of each
 * line of its group (fwmark lines: one each); with nftables_ipvs, the
 * address lines are one fwmark service per address family. */
static void
vs_services(struct lvs_vs *v, const struct conf_set *c, size_t id)
{
	const struct msg_conf_vs *m = v->conf;
	struct check_ipvs_service s, *out = NULL;
	size_t n = 0, i;
	uint32_t k, span, mark = vs_nft_mark(c, id);
	bool fam4 = false, fam6 = false;

	memset(&s, 0, sizeof(s));
	snprintf(s.sched, sizeof(s.sched), "%s", m->sched);
	snprintf(s.pe_name, sizeof(s.pe_name), "%s", m->pe_name);
	s.flags = m->svc_flags;
	s.timeout = m->timeout;
	s.netmask = m->netmask;
	s.protocol = (uint16_t)m->protocol;
	if (!(m->flags & VS_F_GROUP)) {
		s.af = (int)m->family;
		s.fwmark = m->fwmark;
		if (m->fwmark == 0) {
			vs_fill_addr(&s.addr, s.af, m->addr);
			s.port = (uint16_t)m->port;
		} else
			s.protocol = 0;
		v->svc = xcalloc(1, sizeof(s));
		v->svc[0] = s;
		v->nsvc = 1;
		return;
	}
	for (i = 0; i < c->nvsg; i++) {
		const struct msg_conf_vsg *g = &c->vsg[i];

		if (g->vs != id)
			continue;
		s.af = (int)g->family;
		if (g->fwmark != 0) {
			s.fwmark = g->fwmark;
			s.protocol = 0;
			memset(&s.addr, 0, sizeof(s.addr));
			s.port = 0;
			span = 1;
		} else if (mark != 0) {
			fam4 |= g->family == AF_INET;
			fam6 |= g->family == AF_INET6;
			continue;
		} else {
			s.fwmark = 0;
			s.protocol = (uint16_t)m->protocol;
			s.port = (uint16_t)g->port;
			vs_fill_addr(&s.addr, s.af, g->first);
			span = vs_range_span(s.af, g->first, g->last);
		}
		for (k = 0; k < span; k++) {
			out = xreallocarray(out, n + 1, sizeof(*out));
			out[n++] = s;
			vs_addr_next(&s.addr, s.af);
		}
	}
	for (i = 0; i < 2; i++) {
		if (!(i == 0 ? fam4 : fam6))
			continue;
		s.af = i == 0 ? AF_INET : AF_INET6;
		s.fwmark = mark;
		s.protocol = 0;
		s.port = 0;
		memset(&s.addr, 0, sizeof(s.addr));
		out = xreallocarray(out, n + 1, sizeof(*out));
		out[n++] = s;
	}
	v->svc = out;
	v->nsvc = n;
}

static void
vs_name(struct lvs_vs *v)
{
	const struct msg_conf_vs *m = v->conf;

	if (m->flags & VS_F_GROUP)
		snprintf(v->name, sizeof(v->name), "[%s]:%s:%u", m->group,
		    vs_proto(m->protocol), m->port);
	else if (m->fwmark != 0)
		snprintf(v->name, sizeof(v->name), "FWM %u", m->fwmark);
	else
		vs_addr_name(v->name, sizeof(v->name), (int)m->family,
		    m->addr, m->protocol, m->port);
}

static void
vs_dest(struct lvs_rs *r, int weight, struct check_ipvs_dest *d)
{
	const struct msg_conf_rs *m = r->conf;

	memset(d, 0, sizeof(*d));
	d->af = (int)m->family;
	vs_fill_addr(&d->addr, d->af, m->addr);
	d->port = (uint16_t)m->port;
	d->conn_flags = m->conn_flags;
	d->weight = weight;
	d->u_threshold = m->uthreshold;
	d->l_threshold = m->lthreshold;
	d->tun_type = (uint8_t)m->tun_type;
	d->tun_port = (uint16_t)m->tun_port;
	d->tun_flags = (uint16_t)m->tun_flags;
}

/* Program d into (or out of) every service of v. */
static void
vs_dest_op(struct lvs_vs *v, const struct check_ipvs_dest *d, int op)
{
	size_t i;

	for (i = 0; i < v->nsvc; i++) {
		if (op > 0 && vss.adopt) {
			/* An add of what exists leaves it as it was. */
			check_ipvs_dest_add(&v->svc[i], d);
			check_ipvs_dest_edit(&v->svc[i], d);
		} else if (op > 0)
			check_ipvs_dest_add(&v->svc[i], d);
		else if (op == 0)
			check_ipvs_dest_edit(&v->svc[i], d);
		else
			check_ipvs_dest_del(&v->svc[i], d);
	}
}

/* Make the table hold what r's state calls for: its weight while it is
 * up, unless the sorry server stands in for the whole virtual server. */
static void
vs_rs_program(struct lvs_rs *r)
{
	bool inhibit = r->conf->flags & RS_F_INHIBIT;
	int want = r->up && !r->vs->sorry_in ? r->weight : inhibit ? 0 : -1;
	struct check_ipvs_dest d;

	if (want < 0) {
		if (r->in_ipvs)
			vs_dest_op(r->vs, &r->dest, -1);
		r->in_ipvs = false;
		return;
	}
	vs_dest(r, want, &d);
	if (!r->in_ipvs)
		vs_dest_op(r->vs, &d, 1);
	else if (memcmp(&d, &r->dest, sizeof(d)) != 0)
		vs_dest_op(r->vs, &d, 0);
	r->dest = d;
	r->in_ipvs = true;
	r->ipvs_weight = want;
}

static void
vs_sorry_program(struct lvs_vs *v)
{
	const struct msg_conf_vs *m = v->conf;
	bool inhibit = m->flags & VS_F_SORRY_INHIBIT;
	struct check_ipvs_dest d;
	bool want;

	if (!(m->flags & VS_F_SORRY))
		return;
	want = v->sorry_in || inhibit;
	memset(&d, 0, sizeof(d));
	d.af = (int)m->sorry_family;
	vs_fill_addr(&d.addr, d.af, m->sorry_addr);
	d.port = (uint16_t)(m->sorry_port != 0 ? m->sorry_port : m->port);
	d.conn_flags = m->sorry_conn_flags;
	d.weight = v->sorry_in ? 1 : 0;
	if (!want) {
		if (v->sorry_programmed)
			vs_dest_op(v, &v->sorry, -1);
		v->sorry_programmed = false;
		return;
	}
	if (!v->sorry_programmed)
		vs_dest_op(v, &d, 1);
	else if (memcmp(&d, &v->sorry, sizeof(d)) != 0)
		vs_dest_op(v, &d, 0);
	v->sorry = d;
	v->sorry_programmed = true;
}

static void vs_quorum_state(struct lvs_vs *);

static void
vs_run_cmd(const struct lvs_vs *v, const struct msg_conf_lvs_cmd *cmd,
    const char *what)
{
	if (cmd == NULL)
		return;
	check_notify_lvs(v->name, what, cmd->command, cmd->user,
	    cmd->flags & LVS_CMD_F_INSECURE ? cmd->insecure : "", NULL);
}

static uint64_t
vs_live_weight(const struct lvs_vs *v)
{
	uint64_t w = 0;
	size_t i;

	for (i = 0; i < v->nrs; i++)
		if (v->rs[i]->up)
			w += (uint64_t)v->rs[i]->weight;
	return w;
}

/* smtp_alert of a virtual server: a mail when its quorum changes. */
static void
vs_mail_quorum(const struct lvs_vs *v, uint64_t w)
{
	const struct msg_conf_vs *m = v->conf;
	char what[256], body[512];

	if (!(m->flags & VS_F_SMTP_ALERT))
		return;
	snprintf(what, sizeof(what), "Virtualserver %s - %s", v->name,
	    v->quorum ? "UP" : "DOWN");
	snprintf(body, sizeof(body), "Virtual server %s %s its quorum: the "
	    "live real servers weigh %llu, quorum %u, hysteresis %u.%s\n",
	    v->name, v->quorum ? "regained" : "lost", (unsigned long long)w,
	    m->quorum, m->hysteresis, !(m->flags & VS_F_SORRY) ? "" :
	    v->quorum ? "\nThe sorry server is out." :
	    "\nThe sorry server is in.");
	check_smtp_checker(what, body);
}

/* smtp_alert of a real server: a mail when it goes up or down. */
static void
vs_mail_rs(const struct lvs_rs *r)
{
	char what[256], body[512];

	if (!(r->conf->flags & RS_F_SMTP_ALERT))
		return;
	snprintf(what, sizeof(what), "Realserver %s of virtual server %s - "
	    "%s", r->name, r->vs->name, r->up ? "UP" : "DOWN");
	snprintf(body, sizeof(body), "Real server %s of virtual server %s is "
	    "%s: %s.\n", r->name, r->vs->name, r->up ? "UP" : "DOWN",
	    r->up ? "it takes connections" : r->conf->flags & RS_F_INHIBIT ?
	    "its weight is 0 (inhibit_on_failure)" :
	    "it is out of the IPVS table");
	check_smtp_checker(what, body);
}

/* keepalived's quorum: lost below quorum - hysteresis, regained at
 * quorum + hysteresis. While it is lost, a sorry server takes the
 * place of the real servers still alive (they leave the table, or keep
 * weight 0 under inhibit_on_failure) and gives it back after. */
static void
vs_quorum(struct lvs_vs *v)
{
	bool sorry = v->sorry_in;
	size_t i;

	vs_quorum_state(v);
	if (sorry == v->sorry_in)
		return;
	if (v->sorry_in)
		vs_sorry_program(v);
	for (i = 0; i < v->nrs; i++)
		vs_rs_program(v->rs[i]);
	if (!v->sorry_in)
		vs_sorry_program(v);
}

static void
vs_quorum_state(struct lvs_vs *v)
{
	const struct msg_conf_vs *m = v->conf;
	uint64_t w = vs_live_weight(v);
	int64_t down = (int64_t)m->quorum - m->hysteresis;
	uint64_t up = (uint64_t)m->quorum + m->hysteresis;

	bool held = check_quorum_step(v->quorum, w, m->quorum, m->hysteresis);

	if (v->quorum && !held) {
		v->quorum = false;
		vss.quorum_lost++;
		log_info("Lost quorum %u-%u=%lld > %llu for VS %s", m->quorum,
		    m->hysteresis, (long long)down, (unsigned long long)w,
		    v->name);
		check_event_quorum(v, w);
		vs_mail_quorum(v, w);
		vs_run_cmd(v, v->quorum_down, "quorum_down");
		check_fifo_lvs("VS %s DOWN\n", v->name);
		if (m->flags & VS_F_SORRY) {
			v->sorry_in = true;
			log_info("Adding sorry server to VS %s", v->name);
		}
	} else if (!v->quorum && held) {
		v->quorum = true;
		vss.quorum_gained++;
		log_info("Gained quorum %u+%u=%llu <= %llu for VS %s",
		    m->quorum, m->hysteresis, (unsigned long long)up,
		    (unsigned long long)w, v->name);
		check_event_quorum(v, w);
		vs_mail_quorum(v, w);
		vs_run_cmd(v, v->quorum_up, "quorum_up");
		check_fifo_lvs("VS %s UP\n", v->name);
		if (v->sorry_in)
			log_info("Removing sorry server from VS %s", v->name);
		v->sorry_in = false;
	}
}

/* What r's checkers say now. */
static bool
vs_rs_verdict(const struct lvs_rs *r, int *weight)
{
	int w;
	size_t i;

	*weight = (int)r->conf->weight;
	for (i = 0; i < r->nchk; i++) {
		w = -1;
		if (r->chk[i].conf->type == LVS_CHECK_BFD ?
		    !check_bfd_is_up(r->chk[i].conf->name) :
		    r->chk[i].file != NULL ? !check_file_up(&r->chk[i], &w) :
		    !check_sched_up(&r->chk[i], &w))
			return false;
		if (w >= 0)
			*weight = w;
	}
	return true;
}

void
check_vs_rs_changed(struct lvs_rs *r)
{
	int weight;
	bool up = vs_rs_verdict(r, &weight), old_up = r->up;

	if (up == r->up && weight == r->weight)
		return;
	if (up != r->up) {
		r->transitions++;
		if (up) {
			vss.rs_up++;
			log_info("%s service %s to VS %s",
			    r->in_ipvs ? "Enabling" : "Adding", r->name,
			    r->vs->name);
		} else {
			vss.rs_down++;
			log_info("%s service %s from VS %s",
			    r->conf->flags & RS_F_INHIBIT ? "Disabling" :
			    "Removing", r->name, r->vs->name);
		}
	} else
		log_info("Changing weight of service %s in VS %s from %d to "
		    "%d", r->name, r->vs->name, r->weight, weight);
	r->up = up;
	r->weight = weight;
	vs_rs_program(r);
	/* A weight change alone (misc_dynamic) is no transition. */
	if (old_up != up) {
		check_event_rs(r);
		vs_mail_rs(r);
		vs_run_cmd(r->vs, up ? r->notify_up : r->notify_down,
		    up ? "notify_up" : "notify_down");
		check_fifo_lvs("RS %s %s %s\n", r->name, r->vs->name,
		    up ? "UP" : "DOWN");
	}
	vs_quorum(r->vs);
}

/* Whether v's address is on one of this host's interfaces: a socket can
 * be bound to it (EADDRNOTAVAIL otherwise). */
static bool
vs_addr_local(const struct lvs_vs *v)
{
	const struct msg_conf_vs *m = v->conf;
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, e = 0;

	memset(&ss, 0, sizeof(ss));
	if (m->family == AF_INET) {
		struct sockaddr_in *sin = (void *)&ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, m->addr, 4);
		len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (void *)&ss;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, m->addr, 16);
		len = sizeof(*sin6);
	}
	if ((fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return true;	/* cannot tell: do not suspend */
	if (bind(fd, (struct sockaddr *)&ss, len) == -1)
		e = errno;
	close(fd);
	return e != EADDRNOTAVAIL;
}

bool
check_vs_suspended(struct lvs_vs *v)
{
	struct timespec ts;
	int64_t now;
	bool local;

	if (!(v->conf->flags & VS_F_HA_SUSPEND) ||
	    (v->conf->flags & VS_F_GROUP) || v->conf->fwmark != 0)
		return false;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	if (v->suspend_checked_us != 0 && now - v->suspend_checked_us <
	    1000000)
		return v->suspended;
	v->suspend_checked_us = now;
	local = vs_addr_local(v);
	if (local == !v->suspended)
		return v->suspended;
	v->suspended = !local;
	log_info("%s healthchecker for VS %s: its address is %s this host "
	    "(ha_suspend)", v->suspended ? "Suspending" : "Resuming",
	    v->name, v->suspended ? "not on" : "on");
	return v->suspended;
}

/* --- configuration --- */

static bool
vs_same_service(const struct msg_conf_vs *a, const struct msg_conf_vs *b)
{
	return a->family == b->family && a->protocol == b->protocol &&
	    memcmp(a->addr, b->addr, 16) == 0 && a->port == b->port &&
	    a->fwmark == b->fwmark && (a->flags & VS_F_GROUP) ==
	    (b->flags & VS_F_GROUP) && strcmp(a->group, b->group) == 0;
}

static struct lvs_vs *
vs_find_old(const struct msg_conf_vs *m)
{
	size_t i;

	for (i = 0; i < vss.nvs; i++)
		if (vss.vs[i].conf != NULL &&
		    vs_same_service(vss.vs[i].conf, m))
			return &vss.vs[i];
	return NULL;
}

static struct lvs_rs *
vs_find_old_rs(const struct lvs_vs *old, const struct msg_conf_rs *m)
{
	size_t i;

	for (i = 0; old != NULL && i < old->nrs; i++)
		if (old->rs[i]->conf != NULL &&
		    old->rs[i]->conf->family == m->family &&
		    old->rs[i]->conf->port == m->port &&
		    memcmp(old->rs[i]->conf->addr, m->addr, 16) == 0)
			return old->rs[i];
	return NULL;
}

static bool
vs_svc_equal(const struct check_ipvs_service *a,
    const struct check_ipvs_service *b)
{
	return a->af == b->af && a->protocol == b->protocol &&
	    memcmp(&a->addr, &b->addr, sizeof(a->addr)) == 0 &&
	    a->port == b->port && a->fwmark == b->fwmark;
}

static const struct check_ipvs_service *
vs_svc_find(const struct check_ipvs_service *s, size_t n,
    const struct check_ipvs_service *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (vs_svc_equal(&s[i], want))
			return &s[i];
	return NULL;
}

/* The table for a kept virtual server: services gone removed, new ones
 * added, changed ones edited; its old programmed destinations carried. */
static void
vs_services_merge(struct lvs_vs *v, const struct lvs_vs *o)
{
	const struct check_ipvs_service *p;
	size_t i;

	for (i = 0; i < o->nsvc; i++)
		if (vs_svc_find(v->svc, v->nsvc, &o->svc[i]) == NULL)
			check_ipvs_service_del(&o->svc[i]);
	for (i = 0; i < v->nsvc; i++) {
		if ((p = vs_svc_find(o->svc, o->nsvc, &v->svc[i])) == NULL)
			check_ipvs_service_add(&v->svc[i]);
		else if (memcmp(p, &v->svc[i], sizeof(*p)) != 0)
			check_ipvs_service_edit(&v->svc[i]);
	}
}

/* A new service of a kept virtual server needs its destinations. */
static void
vs_dests_for_new_services(struct lvs_vs *v, const struct lvs_vs *o)
{
	size_t i, k;

	for (i = 0; i < v->nsvc; i++) {
		if (vs_svc_find(o->svc, o->nsvc, &v->svc[i]) != NULL)
			continue;
		for (k = 0; k < v->nrs; k++)
			if (v->rs[k]->in_ipvs)
				check_ipvs_dest_add(&v->svc[i], &v->rs[k]->dest);
		if (v->sorry_programmed)
			check_ipvs_dest_add(&v->svc[i], &v->sorry);
	}
}

static void
vs_free_runtime(struct lvs_vs *vs, size_t nvs, struct lvs_rs *rs, size_t nrs)
{
	size_t i;

	for (i = 0; i < nvs; i++) {
		free(vs[i].svc);
		free(vs[i].rs);
	}
	for (i = 0; i < nrs; i++)
		free(rs[i].chk);
	free(vs);
	free(rs);
}

static void
vs_build(const struct conf_set *c, struct lvs_vs **pvs, struct lvs_rs **prs)
{
	struct lvs_vs *vs = xcalloc(c->nvs + 1, sizeof(*vs));
	struct lvs_rs *rs = xcalloc(c->nrs + 1, sizeof(*rs));
	size_t i, *nchk = xcalloc(c->nrs + 1, sizeof(size_t));

	for (i = 0; i < c->nvs; i++) {
		vs[i].conf = &c->vs[i];
		vs_name(&vs[i]);
		vs_services(&vs[i], c, i);
		vs[i].rs = xcalloc(c->vs[i].nreal + 1, sizeof(*vs[i].rs));
		vs[i].quorum = true;
	}
	for (i = 0; i < c->nrs; i++) {
		struct lvs_vs *v = &vs[c->rs[i].vs];

		rs[i].conf = &c->rs[i];
		rs[i].vs = v;
		vs_addr_name(rs[i].name, sizeof(rs[i].name),
		    (int)c->rs[i].family, c->rs[i].addr, v->conf->protocol,
		    c->rs[i].port);
		if (v->nrs <= v->conf->nreal)
			v->rs[v->nrs++] = &rs[i];
	}
	for (i = 0; i < c->ncheck; i++)
		nchk[c->check[i].rs]++;
	for (i = 0; i < c->nrs; i++)
		rs[i].chk = xcalloc(nchk[i] + 1, sizeof(*rs[i].chk));
	for (i = 0; i < c->ncheck; i++) {
		struct lvs_rs *r = &rs[c->check[i].rs];

		r->chk[r->nchk].rs = r;
		r->chk[r->nchk].conf = &c->check[i];
		r->nchk++;
	}
	for (i = 0; i < c->nlcmd; i++) {
		const struct msg_conf_lvs_cmd *l = &c->lcmd[i];

		if (l->kind == LVS_CMD_NOTIFY_UP)
			rs[l->owner].notify_up = l;
		else if (l->kind == LVS_CMD_NOTIFY_DOWN)
			rs[l->owner].notify_down = l;
		else if (l->kind == LVS_CMD_QUORUM_UP)
			vs[l->owner].quorum_up = l;
		else if (l->kind == LVS_CMD_QUORUM_DOWN)
			vs[l->owner].quorum_down = l;
	}
	free(nchk);
	*pvs = vs;
	*prs = rs;
}

/* A virtual server the configuration no longer has: out of the table. */
static void
vs_remove(const struct lvs_vs *o)
{
	size_t i;

	log_info("Removing Virtual Server %s", o->name);
	for (i = 0; i < o->nsvc; i++)
		check_ipvs_service_del(&o->svc[i]);
}

/* Carry r's state from its old self, or start it from its checkers. */
static void
vs_rs_start(struct lvs_rs *r, struct lvs_rs *old, bool vs_kept)
{
	int w;

	if (old != NULL) {
		r->up = old->up;
		r->weight = old->weight;
		r->in_ipvs = old->in_ipvs;
		r->dest = old->dest;
		r->ipvs_weight = old->ipvs_weight;
		r->transitions = old->transitions;
		old->conf = NULL;	/* taken */
		/* The verdict of checkers that changed may differ. */
		r->up = vs_rs_verdict(r, &w);
		if (r->up != old->up)
			r->transitions++;
		r->weight = w;
	} else {
		r->up = vs_rs_verdict(r, &w);
		r->weight = w;
		if (r->up)
			log_info("Adding service %s to VS %s", r->name,
			    r->vs->name);
	}
	vs_rs_program(r);
	(void)vs_kept;
}

/* lvs_timeouts, at start and when a reload changes them. */
static void
vs_timeouts(const struct conf_set *c)
{
	static uint32_t done[3];
	const uint32_t *t = c->global.lvs_timeouts;

	vss.flush_on_stop = (c->global.flags & GLOBAL_F_FLUSH_ON_STOP) != 0;
	if ((!t[0] && !t[1] && !t[2]) || memcmp(done, t, sizeof(done)) == 0)
		return;
	log_info("lvs_timeouts: tcp %u tcpfin %u udp %u (0: as it was)", t[0],
	    t[1], t[2]);
	if (check_ipvs_set_timeouts(t[0], t[1], t[2]) == 0)
		memcpy(done, t, sizeof(done));
}

/* nftables_ipvs: the marking table follows the group virtual servers. */
static void
vs_nft_sync(const struct conf_set *c)
{
	struct check_nft_line *l;
	size_t n;

	l = vs_nft_lines(c, &n);
	(void)check_nft_sync(c->global.nft_ipvs_table, c->global.nft_ipvs_prio,
	    l, n);
	free(l);
}

void
check_vs_apply(const struct conf_set *old, const struct conf_set *c)
{
	struct lvs_vs *vs, *o;
	struct lvs_rs *rs, *or;
	size_t i, k;

	(void)old;
	vss.adopt = vss.nvs == 0 && (c->flags & CONF_BEGIN_RESTART);
	check_ipvs_set_rcvbuf(c->global.lvs_nl_cmd_rcvbuf,
	    c->global.lvs_nl_cmd_rcvbuf_force != 0);
	if (c->nvs > 0 && !vss.ipvs) {
		check_ipvs_init();
		vss.ipvs = true;
		/* lvs_flush: once, when the first child starts (a child
		 * restarted after a crash finds its own entries). */
		if ((c->global.flags & GLOBAL_F_LVS_FLUSH) &&
		    !(c->flags & CONF_BEGIN_RESTART)) {
			log_info("lvs_flush: removing every IPVS service");
			check_ipvs_flush();
		}
	}
	vs_timeouts(c);
	vs_build(c, &vs, &rs);
	check_sched_begin(c);
	check_file_begin();
	for (i = 0; i < c->nrs; i++)
		for (k = 0; k < rs[i].nchk; k++)
			if (rs[i].chk[k].conf->type == LVS_CHECK_FILE)
				check_file_attach(&rs[i].chk[k]);
			else if (rs[i].chk[k].conf->type == LVS_CHECK_BFD)
				rs[i].chk[k].job = NULL;	/* check_bfd.c */
			else
				check_sched_attach(&rs[i].chk[k]);
	for (i = 0; i < c->nvs; i++) {
		struct lvs_vs *v = &vs[i];

		if ((o = vs_find_old(v->conf)) != NULL) {
			vs_services_merge(v, o);
			v->quorum = o->quorum;
			v->sorry_in = o->sorry_in;
			v->sorry_programmed = o->sorry_programmed;
			v->sorry = o->sorry;
			v->suspended = o->suspended;
			v->suspend_checked_us = o->suspend_checked_us;
		} else {
			log_info("Activating healthchecker for VS %s", v->name);
			for (k = 0; k < v->nsvc; k++) {
				check_ipvs_service_add(&v->svc[k]);
				if (vss.adopt)
					check_ipvs_service_edit(&v->svc[k]);
			}
		}
		for (k = 0; k < v->nrs; k++) {
			or = vs_find_old_rs(o, v->rs[k]->conf);
			vs_rs_start(v->rs[k], or, o != NULL);
		}
		/* Real servers of the old one that are gone. */
		for (k = 0; o != NULL && k < o->nrs; k++)
			if (o->rs[k]->conf != NULL && o->rs[k]->in_ipvs) {
				log_info("Removing service %s from VS %s",
				    o->rs[k]->name, o->name);
				vs_dest_op(o, &o->rs[k]->dest, -1);
			}
		if (o != NULL) {
			vs_dests_for_new_services(v, o);
			o->conf = NULL;	/* taken */
		}
		vs_quorum(v);
		vs_sorry_program(v);
	}
	for (i = 0; i < vss.nvs; i++)
		if (vss.vs[i].conf != NULL)
			vs_remove(&vss.vs[i]);
	vs_nft_sync(c);
	check_sched_commit();
	check_file_commit();
	vs_free_runtime(vss.vs, vss.nvs, vss.rs, vss.nrs);
	vss.vs = vs;
	vss.nvs = c->nvs;
	vss.rs = rs;
	vss.nrs = c->nrs;
	vss.conf = c;
	vss.adopt = false;
}

void
check_vs_shutdown(bool keep_ipvs)
{
	size_t i, k;

	check_sched_shutdown();
	if (!keep_ipvs && vss.flush_on_stop && vss.nvs > 0) {
		log_info("lvs_flush_on_stop: removing every IPVS service");
		check_ipvs_flush();
		keep_ipvs = true;	/* nothing left to remove one by one */
	}
	for (i = 0; i < vss.nvs; i++) {
		struct lvs_vs *v = &vss.vs[i];

		if (v->conf->flags & VS_F_OMEGA) {
			for (k = 0; k < v->nrs; k++)
				if (v->rs[k]->up) {
					vs_run_cmd(v, v->rs[k]->notify_down,
					    "notify_down");
					check_fifo_lvs("RS %s %s DOWN\n",
					    v->rs[k]->name, v->name);
				}
			if (v->quorum) {
				vs_run_cmd(v, v->quorum_down, "quorum_down");
				check_fifo_lvs("VS %s DOWN\n", v->name);
			}
		}
		if (keep_ipvs)
			continue;
		log_info("Removing Virtual Server %s", v->name);
		for (k = 0; k < v->nsvc; k++)
			check_ipvs_service_del(&v->svc[k]);
	}
	if (!keep_ipvs)
		check_nft_remove();
}

size_t
check_vs_count(void)
{
	return vss.nvs;
}

void
check_vs_dump_data(struct ipc_chan *c, uint32_t id)
{
	size_t i, k;

	for (i = 0; i < vss.nvs; i++) {
		const struct lvs_vs *v = &vss.vs[i];

		ipc_dump_printf(c, id, " Virtual Server = %s\n"
		    "   Scheduler = %s, services = %zu\n"
		    "   Quorum = %u, hysteresis = %u, state = %s, live "
		    "weight = %llu\n   Sorry server = %s\n", v->name,
		    v->conf->sched, v->nsvc, v->conf->quorum,
		    v->conf->hysteresis, v->quorum ? "UP" : "DOWN",
		    (unsigned long long)vs_live_weight(v),
		    !(v->conf->flags & VS_F_SORRY) ? "none" :
		    v->sorry_in ? "in use" : "not in use");
		for (k = 0; k < v->nrs; k++) {
			const struct lvs_rs *r = v->rs[k];

			ipc_dump_printf(c, id, "   Real Server = %s, %s, "
			    "weight %d (configured %u), %s, checkers = %zu, "
			    "transitions = %llu\n", r->name,
			    r->up ? "UP" : "DOWN", r->weight, r->conf->weight,
			    r->in_ipvs ? "in IPVS" : "not in IPVS", r->nchk,
			    (unsigned long long)r->transitions);
		}
	}
}

void
check_vs_dump_stats(struct ipc_chan *c, uint32_t id)
{
	ipc_dump_printf(c, id, " Virtual servers = %zu, real servers = %zu; "
	    "real servers up %llu times, down %llu times; quorum lost %llu "
	    "times, gained %llu times\n", vss.nvs, vss.nrs,
	    (unsigned long long)vss.rs_up, (unsigned long long)vss.rs_down,
	    (unsigned long long)vss.quorum_lost,
	    (unsigned long long)vss.quorum_gained);
	check_sched_dump_stats(c, id);
}

/* vigilctl's records (common/ctl.h): each virtual server, then its real
 * servers. */
void
check_vs_status(struct ipc_chan *c, uint32_t id)
{
	struct check_ipvs_stats *st;
	size_t i, k;
	char *more;

	for (i = 0; i < vss.nvs; i++) {
		const struct lvs_vs *v = &vss.vs[i];

		more = check_vs_snmp_vs(v, vss.conf, i, &st);
		ipc_dump_printf(c, id, CTL_REC_VS "\tname=%s\tscheduler=%s"
		    "\tquorum=%u\tstate=%s\tlive_weight=%llu\tsorry=%s"
		    "\treal_servers=%zu%s\n", v->name, v->conf->sched,
		    v->conf->quorum, v->quorum ? "UP" : "DOWN",
		    (unsigned long long)vs_live_weight(v),
		    !(v->conf->flags & VS_F_SORRY) ? "none" :
		    v->sorry_in ? "in_use" : "standby", v->nrs, more);
		free(more);
		for (k = 0; k < v->nrs; k++) {
			const struct lvs_rs *r = v->rs[k];

			more = check_vs_snmp_rs(r, st != NULL ? &st[k] :
			    NULL);
			ipc_dump_printf(c, id, CTL_REC_RS "\tvirtual_server=%s"
			    "\tname=%s\tstate=%s\tweight=%d"
			    "\tconfigured_weight=%u\tin_ipvs=%d\tcheckers=%zu"
			    "\ttransitions=%llu%s\n", v->name, r->name,
			    r->up ? "UP" : "DOWN", r->weight, r->conf->weight,
			    r->in_ipvs, r->nchk,
			    (unsigned long long)r->transitions, more);
			free(more);
		}
		free(st);
	}
	check_sched_status(c, id);
}

/* A BFD session went to or from Up: the real servers whose BFD_CHECK
 * names it follow. */
void
check_vs_bfd(const char *name, bool up)
{
	struct lvs_rs *r;
	size_t i, k;

	for (i = 0; i < vss.nrs; i++) {
		r = &vss.rs[i];
		for (k = 0; k < r->nchk; k++) {
			if (r->chk[k].conf->type != LVS_CHECK_BFD ||
			    strcmp(r->chk[k].conf->name, name) != 0)
				continue;
			log_info("BFD check of [%s] RS(%s) is %s", name,
			    r->name, up ? "UP" : "DOWN");
			check_event_checker("BFD_CHECK", r->name, up,
			    up ? "" : "session not Up");
			check_vs_rs_changed(r);
		}
	}
}
