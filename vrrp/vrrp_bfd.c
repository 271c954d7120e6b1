/*
 * BFD sessions in the vrrp child: one UDP socket per session to send
 * from (its own source port in 49152-65535, TTL / hop limit as
 * configured, 255 by default), one receiving socket per address family
 * and port (3784 single hop, 4784 multi hop) shared by the sessions, a
 * libevent timer per session for sending and one for detection. A
 * session going to or from Up feeds the instances that track it
 * (vrrp_engine_tracked) at once, and the check child (MSG_BFD_STATE).
 *
 * A received packet is checked (bfd_pkt_parse, then TTL, session,
 * discriminators, authentication, RFC 5880 6.8.6's order); one that fails
 * is counted by reason and dropped, no session touched.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/ctl.h"
#include "common/log.h"
#include "common/proc.h"
#include "vrrp/bfd.h"
#include "vrrp/vrrp_engine.h"

struct vrrp_bfd {
	struct msg_conf_bfd	 conf;
	struct bfd_fsm		 fsm;
	int			 fd;		/* sends; -1: none */
	uint16_t		 sport;
	struct event		*tx_ev;
	struct event		*detect_ev;
	uint64_t		 tx_errors;
	uint64_t		 up_since;	/* us, 0: not Up */
	uint64_t		 max_rx_gap_us;	/* longest wait between
						 * packets while Up */
	uint64_t		 last_rx_us;
	uint8_t			 state_seen;	/* last state acted on */
	bool			 retimed;	/* a reload changed its timers */
};

/* Receiving sockets: [family index][multi hop]. */
struct vrrp_bfd_rx {
	int			 fd;
	struct event		*ev;
};

static struct {
	struct event_base	*base;
	struct vrrp_bfd		*s;
	size_t			 n;
	struct vrrp_bfd_rx	 rx[2][2];
	uint64_t		 drops[BFD_RX_MAX];
	uint64_t		 rx_ok;
} bfd = { .rx = { { { -1, NULL }, { -1, NULL } },
		  { { -1, NULL }, { -1, NULL } } } };

static int
fam_ix(uint32_t family)
{
	return family == AF_INET6 ? 1 : 0;
}

static bool
multihop(const struct msg_conf_bfd *c)
{
	return c->max_hops > 0;
}

static uint32_t
bfd_random(void)
{
	return (uint32_t)random();
}

void
vrrp_bfd_init(struct event_base *base)
{
	struct timespec ts;

	bfd.base = base;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	srandom((unsigned)(ts.tv_nsec ^ getpid()));
}

static void
sa_fill(struct sockaddr_storage *ss, socklen_t *len, uint32_t family,
    const uint8_t *addr, uint16_t port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		if (addr != NULL)
			memcpy(&sin6->sin6_addr, addr, 16);
		*len = sizeof(*sin6);
	} else {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		if (addr != NULL)
			memcpy(&sin->sin_addr, addr, 4);
		*len = sizeof(*sin);
	}
}

static const char *
addr_str(uint32_t family, const uint8_t *a, char *buf, size_t len)
{
	return inet_ntop((int)family, a, buf, (socklen_t)len) ? buf : "?";
}

/* --- receiving --- */

static void vrrp_bfd_rx_cb(evutil_socket_t, short, void *);

static void
rx_open(uint32_t family, bool mh)
{
	struct vrrp_bfd_rx *r = &bfd.rx[fam_ix(family)][mh];
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, on = 1;

	if (r->fd != -1)
		return;
	if ((fd = socket((int)family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1) {
		log_warn("bfd: socket");
		return;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (family == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on,
		    sizeof(on)) == -1 || setsockopt(fd, IPPROTO_IPV6,
		    IPV6_RECVPKTINFO, &on, sizeof(on)) == -1)
			log_warn("bfd: IPV6_RECVHOPLIMIT");
	} else if (setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &on,
	    sizeof(on)) == -1 || setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on,
	    sizeof(on)) == -1)
		log_warn("bfd: IP_RECVTTL");
	sa_fill(&ss, &len, family, NULL, mh ? BFD_MULTIHOP_PORT : BFD_PORT);
	if (bind(fd, (struct sockaddr *)&ss, len) == -1) {
		log_warn("bfd: cannot listen on %s port %d", family ==
		    AF_INET6 ? "IPv6" : "IPv4", mh ? BFD_MULTIHOP_PORT :
		    BFD_PORT);
		close(fd);
		return;
	}
	r->fd = fd;
	if ((r->ev = event_new(bfd.base, fd, EV_READ | EV_PERSIST,
	    vrrp_bfd_rx_cb, r)) == NULL || event_add(r->ev, NULL) == -1)
		fatalx("bfd: event_new");
}

static void
rx_close(struct vrrp_bfd_rx *r)
{
	if (r->fd == -1)
		return;
	event_free(r->ev);
	close(r->fd);
	r->fd = -1;
	r->ev = NULL;
}

/* What recvmsg said besides the payload. */
struct bfd_rxinfo {
	uint32_t	 family;
	uint8_t		 src[16];
	uint8_t		 dst[16];
	bool		 has_dst;
	int		 ttl;		/* -1: not given */
	bool		 mh;		/* on the multi-hop port */
};

static void
rx_cmsgs(struct msghdr *mh, struct bfd_rxinfo *ri)
{
	struct cmsghdr *cm;
	struct in_pktinfo pi;
	struct in6_pktinfo pi6;
	int v;

	for (cm = CMSG_FIRSTHDR(mh); cm != NULL; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_TTL &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(int))) {
			memcpy(&v, CMSG_DATA(cm), sizeof(v));
			ri->ttl = v;
		} else if (cm->cmsg_level == IPPROTO_IP &&
		    cm->cmsg_type == IP_PKTINFO &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(pi))) {
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			memcpy(ri->dst, &pi.ipi_addr, 4);
			ri->has_dst = true;
		} else if (cm->cmsg_level == IPPROTO_IPV6 &&
		    cm->cmsg_type == IPV6_HOPLIMIT &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(int))) {
			memcpy(&v, CMSG_DATA(cm), sizeof(v));
			ri->ttl = v;
		} else if (cm->cmsg_level == IPPROTO_IPV6 &&
		    cm->cmsg_type == IPV6_PKTINFO &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(pi6))) {
			memcpy(&pi6, CMSG_DATA(cm), sizeof(pi6));
			memcpy(ri->dst, &pi6.ipi6_addr, 16);
			ri->has_dst = true;
		}
	}
}

static size_t
alen(uint32_t family)
{
	return family == AF_INET6 ? 16 : 4;
}

/* The session a packet with Your Discriminator 0 belongs to: neighbour
 * = source, our source_ip (if any) = destination, the port's kind. */
static struct vrrp_bfd *
find_by_addr(const struct bfd_rxinfo *ri)
{
	struct vrrp_bfd *s;
	size_t i;

	for (i = 0; i < bfd.n; i++) {
		s = &bfd.s[i];
		if (s->conf.family != ri->family ||
		    memcmp(s->conf.neighbor, ri->src, alen(ri->family)) != 0 ||
		    multihop(&s->conf) != ri->mh)
			continue;
		if ((s->conf.flags & BFD_F_SOURCE) && ri->has_dst &&
		    memcmp(s->conf.source, ri->dst, alen(ri->family)) != 0)
			continue;
		return s;
	}
	return NULL;
}

static struct vrrp_bfd *
find_by_discr(uint32_t discr)
{
	size_t i;

	for (i = 0; i < bfd.n; i++)
		if (bfd.s[i].fsm.local_discr == discr)
			return &bfd.s[i];
	return NULL;
}

/* RFC 5880 6.8.6 after the packet's own checks: the session, then the
 * TTL it allows, then authentication; the reason, s set when OK. */
static enum bfd_rx_reason
rx_session(const struct bfd_pkt *p, const struct bfd_rxinfo *ri,
    struct vrrp_bfd **sp)
{
	struct vrrp_bfd *s;

	if (p->your_discr != 0) {
		s = find_by_discr(p->your_discr);
		/* The discriminator must be the sender's session's. */
		if (s == NULL || s->conf.family != ri->family ||
		    memcmp(s->conf.neighbor, ri->src, alen(ri->family)) != 0 ||
		    multihop(&s->conf) != ri->mh)
			return BFD_RX_YOUR_DISCR;
	} else {
		if (p->state != BFD_STATE_DOWN &&
		    p->state != BFD_STATE_ADMIN_DOWN)
			return BFD_RX_ZERO_DISCR_STATE;
		if ((s = find_by_addr(ri)) == NULL)
			return BFD_RX_NO_SESSION;
	}
	if (!bfd_ttl_ok(ri->ttl, (int)s->conf.ttl, s->conf.max_hops))
		return BFD_RX_TTL;
	if (p->auth)
		return BFD_RX_AUTH;
	*sp = s;
	return BFD_RX_OK;
}

static void
rx_drop(enum bfd_rx_reason r, const struct bfd_rxinfo *ri)
{
	char buf[INET6_ADDRSTRLEN];

	bfd.drops[r]++;
	/* One line per power of two: a flood does not fill the log. */
	if ((bfd.drops[r] & (bfd.drops[r] - 1)) == 0)
		log_info("bfd: dropped a packet from %s: %s (%" PRIu64
		    " so far)", addr_str(ri->family, ri->src, buf,
		    sizeof(buf)), bfd_rx_reason_name(r), bfd.drops[r]);
}

static void session_event(struct vrrp_bfd *, unsigned act, uint64_t now);

static void
rx_one(struct vrrp_bfd_rx *r, bool mh, uint32_t family)
{
	uint8_t buf[128], cbuf[256];
	struct sockaddr_storage from;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from),
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
	    .msg_controllen = sizeof(cbuf) };
	struct bfd_rxinfo ri;
	struct bfd_pkt p;
	struct vrrp_bfd *s = NULL;
	enum bfd_rx_reason why;
	ssize_t n;
	uint64_t now;

	while ((n = recvmsg(r->fd, &msg, 0)) >= 0) {
		memset(&ri, 0, sizeof(ri));
		ri.family = family;
		ri.ttl = -1;
		ri.mh = mh;
		if (family == AF_INET6)
			memcpy(ri.src, &((struct sockaddr_in6 *)&from)->
			    sin6_addr, 16);
		else
			memcpy(ri.src, &((struct sockaddr_in *)&from)->
			    sin_addr, 4);
		rx_cmsgs(&msg, &ri);
		if ((why = bfd_pkt_parse(buf, (size_t)n, &p)) == BFD_RX_OK)
			why = rx_session(&p, &ri, &s);
		if (why != BFD_RX_OK)
			rx_drop(why, &ri);
		else {
			bfd.rx_ok++;
			now = vrrp_now_us();
			if (s->fsm.state == BFD_STATE_UP && s->last_rx_us != 0 &&
			    now - s->last_rx_us > s->max_rx_gap_us)
				s->max_rx_gap_us = now - s->last_rx_us;
			s->last_rx_us = now;
			session_event(s, bfd_fsm_rx(&s->fsm, &p, now), now);
		}
		msg.msg_namelen = sizeof(from);
		msg.msg_controllen = sizeof(cbuf);
	}
}

static void
vrrp_bfd_rx_cb(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_bfd_rx *r = arg;
	int f, m;

	for (f = 0; f < 2; f++)
		for (m = 0; m < 2; m++)
			if (&bfd.rx[f][m] == r)
				rx_one(r, m, f ? AF_INET6 : AF_INET);
}

/* --- sending --- */

static void
tx_send(struct vrrp_bfd *s)
{
	struct sockaddr_storage ss;
	socklen_t len;
	struct bfd_pkt p;
	uint8_t buf[BFD_PKT_LEN];

	if (s->fd == -1)
		return;
	bfd_fsm_tx(&s->fsm, &p);
	bfd_pkt_build(&p, buf);
	sa_fill(&ss, &len, s->conf.family, s->conf.neighbor,
	    multihop(&s->conf) ? BFD_MULTIHOP_PORT : BFD_PORT);
	if (sendto(s->fd, buf, sizeof(buf), 0, (struct sockaddr *)&ss,
	    len) == -1) {
		if ((s->tx_errors & (s->tx_errors - 1)) == 0 || s->tx_errors == 0)
			log_warn("(%s) bfd: cannot send", s->conf.name);
		s->tx_errors++;
	}
}

static void
tx_arm(struct vrrp_bfd *s)
{
	struct timeval tv;
	uint32_t us;

	if (!bfd_fsm_sending(&s->fsm)) {
		evtimer_del(s->tx_ev);
		return;
	}
	us = bfd_jitter(bfd_fsm_tx_interval(&s->fsm), s->fsm.mult,
	    bfd_random());
	tv.tv_sec = us / 1000000;
	tv.tv_usec = us % 1000000;
	evtimer_add(s->tx_ev, &tv);
}

static void
tx_cb(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_bfd *s = arg;

	tx_send(s);
	tx_arm(s);
}

static void
detect_arm(struct vrrp_bfd *s, uint64_t now)
{
	struct timeval tv;
	uint64_t us;

	if (s->fsm.detect_at == 0) {
		evtimer_del(s->detect_ev);
		return;
	}
	us = s->fsm.detect_at > now ? s->fsm.detect_at - now : 0;
	tv.tv_sec = (time_t)(us / 1000000);
	tv.tv_usec = (suseconds_t)(us % 1000000);
	evtimer_add(s->detect_ev, &tv);
}

static void
detect_cb(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_bfd *s = arg;
	uint64_t now = vrrp_now_us();

	/* Fired a little early by the clock's rounding: wait the rest. */
	if (s->fsm.detect_at > now) {
		detect_arm(s, now);
		return;
	}
	session_event(s, bfd_fsm_expire(&s->fsm, now), now);
}

/* --- state changes --- */

static void
report_check(const struct vrrp_bfd *s)
{
	struct proc_env *env = proc_env();
	struct msg_bfd_state m;

	if (env == NULL || env->peer == NULL || ((s->conf.flags & BFD_F_VRRP) &&
	    !(s->conf.flags & BFD_F_CHECKER)))
		return;
	memset(&m, 0, sizeof(m));
	snprintf(m.name, sizeof(m.name), "%s", s->conf.name);
	m.state = s->fsm.state;
	ipc_send(env->peer, MSG_BFD_STATE, &m, sizeof(m));
}

static void
state_changed(struct vrrp_bfd *s, uint8_t from, uint64_t now)
{
	bool up = s->fsm.state == BFD_STATE_UP;

	if (s->fsm.state == BFD_STATE_DOWN)
		log_info("(%s) Entering Down state (Local diagnostic - %s, "
		    "Remote diagnostic - %s)", s->conf.name,
		    bfd_diag_name(s->fsm.diag),
		    bfd_diag_name(s->fsm.remote_diag));
	else
		log_info("(%s) Entering %s state", s->conf.name,
		    bfd_state_name(s->fsm.state));
	s->up_since = up ? now : 0;
	s->last_rx_us = up ? now : 0;
	if ((from == BFD_STATE_UP) == up)
		return;
	if (!(s->conf.flags & BFD_F_CHECKER) || (s->conf.flags & BFD_F_VRRP))
		vrrp_engine_tracked(TRACK_BFD, s->conf.name, up, 0);
	report_check(s);
}

static void
session_event(struct vrrp_bfd *s, unsigned act, uint64_t now)
{
	uint8_t from = s->state_seen;

	if (s->fsm.state != from) {
		s->state_seen = s->fsm.state;
		state_changed(s, from, now);
	}
	if (act & BFD_ACT_SEND) {
		tx_send(s);
		tx_arm(s);
	} else if ((act & BFD_ACT_TIMERS) && !evtimer_pending(s->tx_ev,
	    NULL))
		tx_arm(s);
	if (act & BFD_ACT_TIMERS)
		detect_arm(s, now);
}

/* --- sessions --- */

static int
tx_open(struct vrrp_bfd *s)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, ttl = (int)s->conf.ttl, tos = 0xc0, tries;
	uint16_t port;

	if ((fd = socket((int)s->conf.family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (s->conf.family == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl,
		    sizeof(ttl));
		setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof(tos));
	} else {
		setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
		setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos));
	}
	/* RFC 5881 4: a source port in 49152-65535, one per session. */
	for (tries = 0; tries < 64; tries++) {
		port = (uint16_t)(BFD_SPORT_MIN + bfd_random() %
		    (BFD_SPORT_MAX - BFD_SPORT_MIN + 1));
		sa_fill(&ss, &len, s->conf.family, (s->conf.flags &
		    BFD_F_SOURCE) ? s->conf.source : NULL, port);
		if (bind(fd, (struct sockaddr *)&ss, len) == 0) {
			s->sport = port;
			return fd;
		}
		if (errno != EADDRINUSE)
			break;
	}
	log_warn("(%s) bfd: cannot bind a source port", s->conf.name);
	close(fd);
	return -1;
}

static uint32_t
new_discr(void)
{
	uint32_t d;

	do
		d = bfd_random() ^ (bfd_random() << 16);
	while (d == 0 || find_by_discr(d) != NULL);
	return d;
}

static void
session_start(struct vrrp_bfd *s, uint64_t now)
{
	char buf[INET6_ADDRSTRLEN];

	bfd_fsm_init(&s->fsm, &s->conf, new_discr(), now);
	s->state_seen = s->fsm.state;
	s->fd = tx_open(s);
	if ((s->tx_ev = evtimer_new(bfd.base, tx_cb, s)) == NULL ||
	    (s->detect_ev = evtimer_new(bfd.base, detect_cb, s)) == NULL)
		fatalx("bfd: evtimer_new");
	rx_open(s->conf.family, multihop(&s->conf));
	log_info("(%s) bfd session to %s port %d, source port %u, "
	    "discriminator %u%s", s->conf.name, addr_str(s->conf.family,
	    s->conf.neighbor, buf, sizeof(buf)), multihop(&s->conf) ?
	    BFD_MULTIHOP_PORT : BFD_PORT, s->sport, s->fsm.local_discr,
	    (s->conf.flags & BFD_F_PASSIVE) ? " (passive)" : "");
	if (!(s->conf.flags & BFD_F_PASSIVE)) {
		tx_send(s);
		tx_arm(s);
	}
}

static void
session_stop(struct vrrp_bfd *s, bool tell)
{
	if (tell && s->fsm.state != BFD_STATE_ADMIN_DOWN &&
	    s->fd != -1) {
		/* RFC 5880 6.8.16: AdminDown tells the neighbour that this
		 * end went away on purpose. */
		s->fsm.state = BFD_STATE_ADMIN_DOWN;
		s->fsm.diag = BFD_DIAG_ADMIN_DOWN;
		tx_send(s);
	}
	if (s->tx_ev != NULL)
		event_free(s->tx_ev);
	if (s->detect_ev != NULL)
		event_free(s->detect_ev);
	if (s->fd != -1)
		close(s->fd);
	s->tx_ev = s->detect_ev = NULL;
	s->fd = -1;
}

/* Whether a and b are one session: all but the timers and the weight
 * (which only the trackers read) are the same. */
static bool
same_session(const struct msg_conf_bfd *a, const struct msg_conf_bfd *b)
{
	struct msg_conf_bfd x = *a, y = *b;

	x.min_rx_us = y.min_rx_us = 0;
	x.min_tx_us = y.min_tx_us = 0;
	x.idle_tx_us = y.idle_tx_us = 0;
	x.multiplier = y.multiplier = 0;
	x.weight = y.weight = 0;
	x.flags &= ~BFD_F_REVERSE;
	y.flags &= ~BFD_F_REVERSE;
	return memcmp(&x, &y, sizeof(x)) == 0;
}

static struct vrrp_bfd *
find_old(struct vrrp_bfd *old, size_t n, const struct msg_conf_bfd *c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (old[i].fd != -2 && same_session(&old[i].conf, c))
			return &old[i];
	return NULL;
}

/* A reload keeps every session whose bfd_instance did not change, with
 * its state; the others stop (AdminDown sent) and the new ones start. */
void
vrrp_bfd_apply(const struct conf_set *set)
{
	struct vrrp_bfd *old = bfd.s, *ns, *o;
	size_t nold = bfd.n, i, f, m;
	uint64_t now = vrrp_now_us();
	bool need[2][2] = { { false } };

	ns = set->nbfd ? calloc(set->nbfd, sizeof(*ns)) : NULL;
	if (set->nbfd && ns == NULL)
		fatal("bfd");
	for (i = 0; i < set->nbfd; i++) {
		ns[i].conf = set->bfd[i];
		ns[i].fd = -1;
		if ((o = find_old(old, nold, &set->bfd[i])) != NULL) {
			ns[i] = *o;
			ns[i].conf = set->bfd[i];
			o->fd = -2;	/* moved */
			if (bfd_fsm_retime(&ns[i].fsm, &ns[i].conf, now) != 0) {
				log_info("(%s) bfd timers changed%s",
				    ns[i].conf.name, ns[i].fsm.poll ?
				    ": poll sequence" : "");
				ns[i].retimed = true;
			}
		}
		need[fam_ix(ns[i].conf.family)][multihop(&ns[i].conf)] = true;
	}
	for (i = 0; i < nold; i++)
		if (old[i].fd != -2) {
			log_info("(%s) bfd session stopped", old[i].conf.name);
			session_stop(&old[i], true);
		}
	free(old);
	bfd.s = ns;
	bfd.n = set->nbfd;
	/* The kept sessions' events point at their old place. */
	for (i = 0; i < bfd.n; i++)
		if (bfd.s[i].tx_ev != NULL) {
			evtimer_del(bfd.s[i].tx_ev);
			evtimer_del(bfd.s[i].detect_ev);
			event_assign(bfd.s[i].tx_ev, bfd.base, -1, 0, tx_cb,
			    &bfd.s[i]);
			event_assign(bfd.s[i].detect_ev, bfd.base, -1, 0,
			    detect_cb, &bfd.s[i]);
			if (bfd.s[i].retimed)	/* the Poll, at once */
				tx_send(&bfd.s[i]);
			bfd.s[i].retimed = false;
			tx_arm(&bfd.s[i]);
			detect_arm(&bfd.s[i], now);
		}
	for (f = 0; f < 2; f++)
		for (m = 0; m < 2; m++)
			if (!need[f][m])
				rx_close(&bfd.rx[f][m]);
	for (i = 0; i < bfd.n; i++)
		if (bfd.s[i].tx_ev == NULL)
			session_start(&bfd.s[i], now);
	for (i = 0; i < bfd.n; i++)
		report_check(&bfd.s[i]);
}

void
vrrp_bfd_shutdown(void)
{
	size_t i, f, m;

	for (i = 0; i < bfd.n; i++)
		session_stop(&bfd.s[i], true);
	free(bfd.s);
	bfd.s = NULL;
	bfd.n = 0;
	for (f = 0; f < 2; f++)
		for (m = 0; m < 2; m++)
			rx_close(&bfd.rx[f][m]);
}

bool
vrrp_bfd_up(const char *name, bool *up)
{
	size_t i;

	for (i = 0; i < bfd.n; i++)
		if (strcmp(bfd.s[i].conf.name, name) == 0) {
			/* checker: the VRRP side hears nothing of it. */
			if ((bfd.s[i].conf.flags & BFD_F_CHECKER) &&
			    !(bfd.s[i].conf.flags & BFD_F_VRRP))
				return false;
			*up = bfd.s[i].fsm.state == BFD_STATE_UP;
			return true;
		}
	return false;
}

void
vrrp_bfd_peer(void)
{
	size_t i;

	for (i = 0; i < bfd.n; i++)
		report_check(&bfd.s[i]);
}

/* SIGUSR1's data dump. */
void
vrrp_bfd_dump(struct ipc_chan *c, uint32_t id)
{
	const struct vrrp_bfd *s;
	char buf[INET6_ADDRSTRLEN];
	size_t i;
	int r;

	for (i = 0; i < bfd.n; i++) {
		s = &bfd.s[i];
		ipc_dump_printf(c, id, " BFD Instance = %s\n   Neighbor IP = %s"
		    "\n   State = %s\n   Local diagnostic = %s\n"
		    "   Remote state = %s\n   Local discriminator = %u\n"
		    "   Remote discriminator = %u\n   Source port = %u\n"
		    "   Desired min TX = %u us\n   Required min RX = %u us\n"
		    "   Remote min RX = %u us\n   TX interval = %u us\n"
		    "   Detection time = %" PRIu64 " us\n"
		    "   Packets received = %" PRIu64 "\n   Packets sent = %"
		    PRIu64 "\n   Times Up = %" PRIu64 "\n", s->conf.name,
		    addr_str(s->conf.family, s->conf.neighbor, buf,
		    sizeof(buf)), bfd_state_name(s->fsm.state),
		    bfd_diag_name(s->fsm.diag),
		    bfd_state_name(s->fsm.remote_state), s->fsm.local_discr,
		    s->fsm.remote_discr, s->sport, s->fsm.desired_min_tx,
		    s->fsm.required_min_rx, s->fsm.remote_min_rx,
		    bfd_fsm_tx_interval(&s->fsm),
		    bfd_fsm_detect_time(&s->fsm), s->fsm.rx, s->fsm.tx,
		    s->fsm.ups);
	}
	for (r = 1; r < BFD_RX_MAX; r++)
		if (bfd.drops[r] != 0)
			ipc_dump_printf(c, id, " BFD dropped (%s) = %" PRIu64
			    "\n", bfd_rx_reason_name(r), bfd.drops[r]);
}

/* vigilctl status: one record per session, then the drops. */
void
vrrp_bfd_status(struct ipc_chan *c, uint32_t id)
{
	const struct vrrp_bfd *s;
	char buf[INET6_ADDRSTRLEN], line[1024];
	uint64_t now = vrrp_now_us();
	size_t i, len;
	int r;

	for (i = 0; i < bfd.n; i++) {
		s = &bfd.s[i];
		ipc_dump_printf(c, id, CTL_REC_BFD "\tname=%s\tneighbor=%s"
		    "\tup=%d\tstate=%s\tremote_state=%s\tdiag=%s\tremote_diag=%s"
		    "\tlocal_discr=%u\tremote_discr=%u\ttx_interval_us=%u"
		    "\tdetect_time_us=%" PRIu64 "\trx=%" PRIu64 "\ttx=%"
		    PRIu64 "\tups=%" PRIu64 "\tdowns=%" PRIu64 "\tsince=%.2f"
		    "\tmax_rx_gap_us=%" PRIu64 "\n", s->conf.name,
		    addr_str(s->conf.family, s->conf.neighbor, buf,
		    sizeof(buf)), s->fsm.state == BFD_STATE_UP,
		    bfd_state_name(s->fsm.state),
		    bfd_state_name(s->fsm.remote_state),
		    bfd_diag_name(s->fsm.diag),
		    bfd_diag_name(s->fsm.remote_diag), s->fsm.local_discr,
		    s->fsm.remote_discr, bfd_fsm_tx_interval(&s->fsm),
		    bfd_fsm_detect_time(&s->fsm), s->fsm.rx, s->fsm.tx,
		    s->fsm.ups, s->fsm.downs,
		    (now - s->fsm.changed_at) / 1e6, s->max_rx_gap_us);
	}
	if (bfd.n == 0)
		return;
	len = (size_t)snprintf(line, sizeof(line), CTL_REC_BFD_RX "\tok=%"
	    PRIu64, bfd.rx_ok);
	for (r = 1; r < BFD_RX_MAX && len < sizeof(line); r++)
		len += (size_t)snprintf(line + len, sizeof(line) - len,
		    "\tdrop_%s=%" PRIu64, bfd_rx_key(r), bfd.drops[r]);
	ipc_dump_printf(c, id, "%s\n", line);
}
