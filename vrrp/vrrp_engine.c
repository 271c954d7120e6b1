/*
 * The VRRP engine: the instances of the running configuration, the raw
 * sockets they share (one per interface and family) and the link events
 * that drive track_interface. Reload merges: an instance whose
 * configuration is unchanged keeps running untouched, a changed one takes
 * the change in place unless its identity changed (vrrp_reload.c), a
 * removed one or one whose identity changed goes down cleanly, a new one
 * starts.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <arpa/inet.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <netlink/socket.h>

#include "common/ipc.h"
#include "common/log.h"
#include "conf/conf_global.h"
#include "vrrp/vrrp_arp.h"
#include "vrrp/bfd.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_link.h"
#include "vrrp/vrrp_ndisc.h"
#include "vrrp/vrrp_nft.h"
#include "vrrp/vrrp_nl.h"
#include "vrrp/vrrp_packet.h"
#include "vrrp/vrrp_track.h"
#include "vrrp/vrrp_txq.h"
#include "vrrp/vrrp_updown.h"

struct vrrp_engine vrrp_eng = {
	.arp_fd = -1,
	.nd_fd = -1,
	.insts = TAILQ_HEAD_INITIALIZER(vrrp_eng.insts),
	.socks = TAILQ_HEAD_INITIALIZER(vrrp_eng.socks),
};

#define VRRP_DROP_LOG_CS	1000	/* one line per socket and reason per 10 s */

static const char *const vrrp_drop_names[VRRP_DROP_MAX] = {
	[VRRP_DROP_TOO_SHORT] = "too_short",
	[VRRP_DROP_UNKNOWN_VRID] = "unknown_vrid",
	[VRRP_DROP_OVERSIZE] = "oversize",
};

static const char *
vrrp_family_name(int family)
{
	return family == AF_INET ? "IPv4" : "IPv6";
}

const char *
vrrp_drop_name(int d)
{
	return d >= 0 && d < VRRP_DROP_MAX ? vrrp_drop_names[d] : "unknown";
}

/*
 * Whether adverts for VRIDs nobody here has are logged: only with
 * log_unknown_vrids (as keepalived), since a LAN shared with other VRRP
 * routers sends them all the time. They are counted either way.
 */
static bool
vrrp_log_unknown_vrids(void)
{
	const struct vrrp_rt *rt;

	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry)
		if (rt->conf.log_unknown_vrids)
			return true;
	return false;
}

/* Count a packet no instance saw; log it, rate-limited, with its source. */
static void
vrrp_ifsock_drop(struct vrrp_ifsock *is, enum vrrp_drop d,
    const struct vrrp_sock_rx *srx, size_t len, int vrid)
{
	char src[INET6_ADDRSTRLEN], what[32] = "";
	uint64_t now = vrrp_now_cs();

	is->drops[d]++;
	if (is->drop_logged[d] != 0 && now < is->drop_logged[d])
		return;
	if (d == VRRP_DROP_UNKNOWN_VRID && !vrrp_log_unknown_vrids())
		return;
	is->drop_logged[d] = now + VRRP_DROP_LOG_CS;
	if (vrid >= 0)
		snprintf(what, sizeof(what), "vrid %d, ", vrid);
	log_info("%s: dropped %s VRRP packet from %s: %s (%s%zu bytes; %"
	    PRIu64 " so far)", is->sock.ifname,
	    vrrp_family_name(is->sock.family),
	    vrrp_ipaddr_str(&srx->src, src, sizeof(src)), vrrp_drop_names[d],
	    what, len, is->drops[d]);
}

/* Whether an instance of that VRID has this socket's interface as its
 * base (a use_vmac instance reads its packets on the VMAC's socket). */
static bool
vrrp_ifsock_vrid_known(const struct vrrp_ifsock *is, uint8_t vrid)
{
	return is->known[vrid / 8] & (1U << (vrid % 8));
}

/*
 * Rebuild a socket's table from the instances, so that a packet finds its
 * instance in one step instead of a walk over all of them (1,000
 * instances: 1,000 adverts a second, each compared with half of them).
 */
static void
vrrp_ifsock_reindex(struct vrrp_ifsock *is)
{
	struct vrrp_rt *rt;
	uint8_t v;

	memset(is->byvrid, 0, sizeof(is->byvrid));
	memset(is->known, 0, sizeof(is->known));
	is->wide = false;
	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry)
		if (rt->started && rt->sock == is && rt->conf.ifname[0] == '\0')
			is->wide = true;
	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry) {
		if (!rt->started)
			continue;
		v = rt->params.vrid;
		if (rt->sock == is && is->byvrid[v] == NULL)
			is->byvrid[v] = rt;
		if (rt->params.family == is->sock.family &&
		    (rt->base_ifindex == is->sock.ifindex || is->wide ||
		    rt->conf.ifname[0] == '\0'))
			is->known[v / 8] |= 1U << (v % 8);
	}
}

void
vrrp_ifsock_index(const struct vrrp_rt *rt, struct vrrp_ifsock *was)
{
	struct vrrp_ifsock *is;

	TAILQ_FOREACH(is, &vrrp_eng.socks, entry)
		if (is == was || is == rt->sock || is->wide ||
		    (is->sock.family == rt->params.family &&
		    (is->sock.ifindex == rt->base_ifindex ||
		    rt->conf.ifname[0] == '\0')))
			vrrp_ifsock_reindex(is);
}

/* An advert accepted: in BACKUP, the wait since the previous one. */
static void
vrrp_rt_rx_timing(struct vrrp_rt *rt, uint64_t now)
{
	if (rt->fsm.state != VRRP_STATE_BACKUP) {
		rt->last_rx_us = 0;
		return;
	}
	if (rt->last_rx_us != 0 && now - rt->last_rx_us > rt->rx_gap_max_us)
		rt->rx_gap_max_us = now - rt->last_rx_us;
	rt->last_rx_us = now;
}

/* Hand one datagram to the instance of its VRID on that socket; now
 * (us) is when its batch was read. */
static void
vrrp_ifsock_deliver(struct vrrp_ifsock *is, const uint8_t *buf, size_t n,
    const struct vrrp_sock_rx *srx, uint64_t now)
{
	struct vrrp_rt *rt;
	struct vrrp_rx rx;
	uint8_t vrid;

	if (srx->len < 2) {
		vrrp_ifsock_drop(is, VRRP_DROP_TOO_SHORT, srx, srx->len, -1);
		return;
	}
	vrid = buf[srx->off + 1];
	if ((rt = is->byvrid[vrid]) != NULL) {
		memset(&rx, 0, sizeof(rx));
		rx.family = is->sock.family;
		rx.buf = buf;
		rx.len = n;
		rx.src = srx->src;
		rx.dst = srx->dst;
		rx.hoplimit = srx->ttl;
		if (vrrp_fsm_input(&rt->fsm, &rx, now / 10000) == VRRP_RX_OK)
			vrrp_rt_rx_timing(rt, now);
		return;
	}
	if (!vrrp_ifsock_vrid_known(is, vrid))
		vrrp_ifsock_drop(is, VRRP_DROP_UNKNOWN_VRID, srx, srx->len,
		    vrid);
}

/*
 * Packets are read VRRP_SOCK_BATCH at a time (recvmmsg): a master's
 * adverts for many instances come in bursts. At most two batches per
 * call, so that one busy socket does not hold up the others.
 */
static void
vrrp_ifsock_cb(int fd, short what, void *arg)
{
	static struct vrrp_sock_batch b;
	struct vrrp_ifsock *is = arg;
	struct vrrp_sock_rx srx;
	const uint8_t *buf;
	uint64_t now;
	ssize_t n;
	int i, got, round;

	for (round = 0; round < 2; round++) {
		if ((got = vrrp_sock_recv_batch(&is->sock, &b)) == -1)
			return;
		now = vrrp_now_us();	/* vrrp_now_cs() is now / 10000 */
		for (i = 0; i < got; i++) {
			n = vrrp_sock_batch_get(&is->sock, &b, i, &buf, &srx);
			if (n != -1)
				vrrp_ifsock_deliver(is, buf, (size_t)n, &srx,
				    now);
			else if (errno == EBADMSG)
				vrrp_ifsock_drop(is, VRRP_DROP_TOO_SHORT, &srx,
				    0, -1);
			else if (errno == EMSGSIZE)
				vrrp_ifsock_drop(is, VRRP_DROP_OVERSIZE, &srx,
				    VRRP_SOCK_RXBUF, -1);
		}
		if (got < VRRP_SOCK_BATCH)
			return;
	}
}

struct vrrp_ifsock *
vrrp_ifsock_get(int family, unsigned int ifindex, const char *ifname)
{
	struct vrrp_ifsock *is;

	TAILQ_FOREACH(is, &vrrp_eng.socks, entry)
		if (is->sock.family == family && is->sock.ifindex == ifindex) {
			is->refs++;
			return is;
		}
	if ((is = calloc(1, sizeof(*is))) == NULL)
		fatal("vrrp socket");
	if (vrrp_sock_open(&is->sock, family, ifindex, ifname) == -1) {
		log_warn("cannot open the VRRP socket on %s", ifname);
		free(is);
		return NULL;
	}
	if ((is->ev = event_new(vrrp_eng.base, is->sock.fd,
	    EV_READ | EV_PERSIST, vrrp_ifsock_cb, is)) == NULL ||
	    event_add(is->ev, NULL) == -1)
		fatalx("vrrp: cannot watch the socket on %s", ifname);
	is->refs = 1;
	TAILQ_INSERT_TAIL(&vrrp_eng.socks, is, entry);
	return is;
}

/*
 * vrrp_rx_bufs_policy and kernel_rx_buf_size: a socket's receive buffer
 * is the sum of the shares of the started instances reading it (their
 * kernel_rx_buf_size or the policy's size; MTU: the interface's MTU,
 * ADVERT: the advert's IP packet, times vrrp_rx_bufs_multiplier), set
 * with SO_RCVBUF; with no share at all, vigil's 1 MiB, forced.
 */
static struct {
	uint32_t	 policy;	/* CONF_RXBUFS_* */
	uint32_t	 mult;
} vrrp_rxb;

static uint64_t
vrrp_rt_rx_share(const struct vrrp_rt *rt, const struct vrrp_ifsock *is)
{
	const struct vrrp_params *p = &rt->params;
	struct ifreq ifr;
	uint64_t len;

	if (rt->conf.rx_buf_size != 0)
		return rt->conf.rx_buf_size;
	switch (vrrp_rxb.policy) {
	case CONF_RXBUFS_MTU:
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s",
		    is->sock.ifname);
		if (ioctl(is->sock.fd, SIOCGIFMTU, &ifr) == -1)
			return 0;
		return (uint64_t)ifr.ifr_mtu * vrrp_rxb.mult;
	case CONF_RXBUFS_ADVERT:
		len = (p->family == AF_INET ? 20 : 40) + 8 + p->nvips *
		    (p->family == AF_INET ? 4 : 16) +
		    (p->version == VRRP_VERSION_2 ? 8 : 0);
		return len * vrrp_rxb.mult;
	default:
		return 0;
	}
}

void
vrrp_ifsock_rxbuf(struct vrrp_ifsock *is)
{
	const struct vrrp_rt *rt;
	uint64_t sum = 0;
	char what[IF_NAMESIZE + 32];

	if (is == NULL)
		return;
	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry)
		if (rt->started && rt->sock == is)
			sum += vrrp_rt_rx_share(rt, is);
	if (sum > INT32_MAX / 2)
		sum = INT32_MAX / 2;
	snprintf(what, sizeof(what), "%s: vrrp socket", is->sock.ifname);
	vrrp_rcvbuf_set(is->sock.fd, (uint32_t)sum, VRRP_SOCK_RCVBUF, true,
	    what);
}

void
vrrp_ifsock_put(struct vrrp_ifsock *is)
{
	if (is == NULL || --is->refs > 0)
		return;
	vrrp_txq_flush();	/* nothing queued may outlive it */
	TAILQ_REMOVE(&vrrp_eng.socks, is, entry);
	event_free(is->ev);
	vrrp_sock_close(&is->sock);
	free(is);
}

static void
vrrp_engine_link_cb(const struct vrrp_link_event *le, void *arg)
{
	struct vrrp_rt *rt;
	bool up = !le->deleted && le->up && le->running;

	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry) {
		/* Deleted and created again: new index, sockets anew. */
		if (rt->started && !le->deleted &&
		    le->ifindex != rt->base_ifindex &&
		    vrrp_rt_link(rt)[0] != '\0' &&
		    strcmp(le->name, vrrp_rt_link(rt)) == 0) {
			log_info("(%s) interface %s re-created: restarting",
			    rt->conf.name, le->name);
			vrrp_rt_stop(rt);
			rt->waiting_logged = false;
			vrrp_rt_start(rt);
		}
	}
	/* interface_up_down_delays may hold the change back. */
	vrrp_updown_link(le->name, up);
}

void
vrrp_engine_link_act(const char *name, bool up)
{
	struct vrrp_rt *rt;

	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry)
		vrrp_rt_track(rt, TRACK_INTERFACE, name, up, 0);
	vrrp_static_link(name, up);
}

/* Address events: track_src_ip, tracked static addresses. */
static void
vrrp_engine_addr_cb(const struct vrrp_link_addr_event *ev, void *arg)
{
	vrrp_tsrc_addr_cb(ev, arg);
	vrrp_static_addr_event(ev);
}

/*
 * The last result of each vrrp_script: it belongs to the script, not to
 * the instances tracking it, so an instance that a reload restarts or
 * adds starts from it (not from "no result yet", which would let a node
 * whose script fails take the VIPs back until the next result).
 */
static struct vrrp_script_result {
	char	 name[IPC_NAME_LEN];
	bool	 ok;
} *vrrp_results;
static size_t vrrp_nresults;

bool
vrrp_engine_script_result(const char *name, bool *ok)
{
	size_t i;

	for (i = 0; i < vrrp_nresults; i++)
		if (strcmp(vrrp_results[i].name, name) == 0) {
			*ok = vrrp_results[i].ok;
			return true;
		}
	return false;
}

/* Forget the results of scripts that new does not have, or defines
 * otherwise than old (they start over, init_fail included). */
static void
vrrp_engine_results_prune(const struct conf_set *old,
    const struct conf_set *new)
{
	const struct msg_conf_script *a, *b;
	size_t i, n = 0;

	for (i = 0; i < vrrp_nresults; i++) {
		a = conf_set_script(old, vrrp_results[i].name);
		b = conf_set_script(new, vrrp_results[i].name);
		if (a != NULL && b != NULL && memcmp(a, b, sizeof(*a)) == 0)
			vrrp_results[n++] = vrrp_results[i];
	}
	vrrp_nresults = n;
	if (n == 0) {
		free(vrrp_results);
		vrrp_results = NULL;
	}
}

void
vrrp_engine_script(const char *name, int status)
{
	struct vrrp_script_result *r;
	struct vrrp_rt *rt;
	size_t i;

	for (i = 0; i < vrrp_nresults; i++)
		if (strcmp(vrrp_results[i].name, name) == 0)
			break;
	if (i == vrrp_nresults) {
		if ((r = reallocarray(vrrp_results, vrrp_nresults + 1,
		    sizeof(*r))) == NULL)
			fatal("vrrp script result");
		vrrp_results = r;
		snprintf(r[i].name, sizeof(r[i].name), "%s", name);
		r[i].ok = status != 0;	/* the first result is news */
		vrrp_nresults++;
	}
	if (vrrp_results[i].ok != (status == 0))
		vrrp_event_script(name, status == 0);
	vrrp_results[i].ok = status == 0;
	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry)
		vrrp_rt_track(rt, TRACK_SCRIPT, name, status == 0, 0);
}

void
vrrp_engine_tracked(int type, const char *name, bool up, int64_t value)
{
	struct vrrp_rt *rt;

	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry)
		vrrp_rt_track(rt, type, name, up, value);
}

static void
vrrp_engine_link_read(int fd, short what, void *arg)
{
	switch (vrrp_link_dispatch(vrrp_eng.link)) {
	case -1:
		log_warnx("link events: cannot read");
		break;
	case 1:		/* addresses are not replayed: ask */
		vrrp_tsrc_resync();
		break;
	}
}

/* Still privileged: netlink and the announcement sockets. */
void
vrrp_engine_init(struct event_base *base)
{
	vrrp_eng.base = base;
	vrrp_txq_init(base);
	if ((vrrp_eng.nl = vrrp_nl_open()) == NULL)
		fatalx("vrrp: no netlink socket");
	if ((vrrp_eng.arp_fd = vrrp_arp_open()) == -1)
		log_warn("vrrp: no gratuitous ARP socket");
	if ((vrrp_eng.nd_fd = vrrp_ndisc_open()) == -1)
		log_warn("vrrp: no neighbour advertisement socket");
	vrrp_tproc_init(base);
	vrrp_tfile_init(base);
	vrrp_bfd_init(base);
	if ((vrrp_eng.link = vrrp_link_open(vrrp_engine_link_cb,
	    vrrp_engine_addr_cb, NULL)) == NULL)
		fatal("vrrp: link events");
	if ((vrrp_eng.link_ev = event_new(base, vrrp_link_fd(vrrp_eng.link),
	    EV_READ | EV_PERSIST, vrrp_engine_link_read, NULL)) == NULL ||
	    event_add(vrrp_eng.link_ev, NULL) == -1)
		fatalx("vrrp: cannot watch link events");
}

static struct vrrp_rt *
vrrp_engine_find(const char *name)
{
	struct vrrp_rt *rt;

	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry)
		if (strcmp(rt->conf.name, name) == 0)
			return rt;
	return NULL;
}

/* report: STOP or DELETED for the check child; INIT (a restart) none. */
static void
vrrp_engine_remove(struct vrrp_rt *rt, const char *why,
    enum vrrp_report report)
{
	enum vrrp_state from = rt->fsm.state;
	bool started = rt->started;

	log_info("(%s) %s", rt->conf.name, why);
	vrrp_rt_stop(rt);
	if (started && report != VREPORT_INIT)
		vrrp_report_stop(rt, from, report == VREPORT_DELETED);
	TAILQ_REMOVE(&vrrp_eng.insts, rt, entry);
	vrrp_rt_free(rt);
}

/* global_defs' netlink receive buffers, at start and at each reload. The
 * request socket's default is libnl's (32 KiB, not forced). */
static void
vrrp_engine_rcvbufs(const struct msg_conf_global *g)
{
	struct vrrp_ifsock *is;

	vrrp_rcvbuf_set(nl_socket_get_fd(vrrp_eng.nl), g->nl_cmd_rcvbuf,
	    32768, false, "netlink request socket");
	vrrp_link_rcvbuf(vrrp_eng.link, g->nl_mon_rcvbuf);
	vrrp_tproc_rcvbuf(g->proc_mon_rcvbuf);
	vrrp_rxb.policy = g->rx_bufs_policy;
	vrrp_rxb.mult = g->rx_bufs_multiplier != 0 ? g->rx_bufs_multiplier : 3;
	TAILQ_FOREACH(is, &vrrp_eng.socks, entry)
		vrrp_ifsock_rxbuf(is);
}

void
vrrp_engine_apply(const struct conf_set *old, const struct conf_set *new)
{
	struct vrrp_rt *rt, *next;
	const struct msg_conf_instance *in;
	const char *what;
	char why[128];
	size_t i;

	/* Before the instances: one taking a changed script in place
	 * starts it over too. */
	vrrp_engine_results_prune(old, new);
	vrrp_report_groups_mark(new);
	for (rt = TAILQ_FIRST(&vrrp_eng.insts); rt != NULL; rt = next) {
		next = TAILQ_NEXT(rt, entry);
		in = conf_set_instance(new, rt->conf.name);
		if (in == NULL)
			vrrp_engine_remove(rt, "removed from the configuration",
			    VREPORT_DELETED);
		else if (!vrrp_rt_same(rt, new, in) &&
		    !vrrp_rt_update(rt, new, in, &what)) {
			snprintf(why, sizeof(why), "configuration changed "
			    "(%s): restarting", what);
			vrrp_engine_remove(rt, why, VREPORT_INIT);
		}
	}
	/* Files read and processes counted before instances are made. */
	vrrp_tfile_apply(new);
	vrrp_tproc_apply(new);
	vrrp_bfd_apply(new);
	for (i = 0; i < new->ninst; i++) {
		in = &new->inst[i];
		if (vrrp_engine_find(in->name) != NULL)
			continue;
		if ((rt = vrrp_rt_new(new, in)) == NULL)
			continue;
		TAILQ_INSERT_TAIL(&vrrp_eng.insts, rt, entry);
		vrrp_rt_start(rt);
	}
	vrrp_report_groups_sweep();
	vrrp_nft_sync(&new->global);
	vrrp_engine_rcvbufs(&new->global);
}

/* SIGTERM: every instance leaves (priority 0 when master, VIPs down). */
void
vrrp_engine_shutdown(void)
{
	struct vrrp_rt *rt;

	vrrp_nft_stopping();
	vrrp_txq_flush();
	while ((rt = TAILQ_FIRST(&vrrp_eng.insts)) != NULL)
		vrrp_engine_remove(rt, "stopping", VREPORT_STOP);
	vrrp_txq_flush();
	vrrp_nft_shutdown();
	vrrp_tproc_shutdown();
	vrrp_bfd_shutdown();
}

/* A tracker's state in the stats dump and vigilctl's status. */
const char *
vrrp_track_dump_state(const struct vrrp_track_if *t, char *buf, size_t len)
{
	switch (t->type) {
	case TRACK_SCRIPT:
		return !t->known ? "no result yet" : t->up ? "succeeded" :
		    "failed";
	case TRACK_FILE:
		if (!t->known)
			return "not read";
		snprintf(buf, len, "value %lld", (long long)t->value);
		return buf;
	default:
		return t->up ? "up" : "down";
	}
}

void
vrrp_engine_dump(struct ipc_chan *c, uint32_t id)
{
	const struct vrrp_rt *rt;
	const struct vrrp_stats *st;
	const struct vrrp_ifsock *is;
	const struct vrrp_track_if *t;
	char buf[32];
	size_t i;
	int r, d;

	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry) {
		st = &rt->fsm.stats;
		ipc_dump_printf(c, id, " VRRP Instance = %s\n   State = %s\n"
		    "   Effective priority = %u\n   Became master = %" PRIu64
		    "\n   Adverts sent = %" PRIu64 "\n   Priority 0 sent = %"
		    PRIu64 "\n   Priority 0 received = %" PRIu64 "\n",
		    rt->conf.name, rt->started ?
		    vrrp_state_name(rt->fsm.state) : "WAITING",
		    rt->fsm.priority, st->entered[VRRP_STATE_MASTER],
		    st->adverts_sent, st->prio0_sent, st->prio0_rcvd);
		ipc_dump_printf(c, id, "   Advert timer late max = %.1f ms\n"
		    "   Longest wait between adverts in BACKUP = %.1f ms\n",
		    rt->adver_late_max_us / 1000.0, rt->rx_gap_max_us / 1000.0);
		for (i = 0; i < rt->ntifs; i++) {
			t = &rt->tifs[i];
			ipc_dump_printf(c, id, "   Tracked %s %s = %s, weight "
			    "%d%s, adjusts %d%s\n", vrrp_track_type_name(t->type),
			    t->name, vrrp_track_dump_state(t, buf, sizeof(buf)),
			    t->weight, t->reverse ? " reverse" : "",
			    vrrp_track_adjust(t), vrrp_track_fault(t) ?
			    ", FAULT" : "");
		}
		for (r = 0; r < VRRP_RX_MAX; r++)
			if (st->rx_error[r] != 0)
				ipc_dump_printf(c, id, "   Received %s = %"
				    PRIu64 "\n", r == VRRP_RX_OK ? "ok" :
				    vrrp_rx_reason_name(r), st->rx_error[r]);
	}
	vrrp_tfile_dump(c, id);
	vrrp_tproc_dump(c, id);
	TAILQ_FOREACH(is, &vrrp_eng.socks, entry) {
		ipc_dump_printf(c, id, " VRRP Socket = %s/%s\n",
		    is->sock.ifname, vrrp_family_name(is->sock.family));
		for (d = 0; d < VRRP_DROP_MAX; d++)
			ipc_dump_printf(c, id, "   Received %s = %" PRIu64
			    "\n", vrrp_drop_names[d], is->drops[d]);
	}
}

void
vrrp_engine_replay(void)
{
	struct vrrp_rt *rt;

	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry)
		vrrp_report_replay(rt);
}
