/* interface_up_down_delays: per-interface debouncing of link changes. */
#include "vrrp/vrrp_updown.h"

#include <sys/time.h>

#include <net/if.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "common/conf_rx.h"
#include "common/ipc.h"
#include "common/log.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_link.h"

struct vrrp_ud {
	char		 name[IF_NAMESIZE];
	uint32_t	 delay_us[2];	/* [0] down, [1] up */
	bool		 acted;		/* the state the instances were given */
	bool		 pending;	/* a change to !acted waits */
	uint64_t	 since_us;	/* when it began (vrrp_now_us) */
	struct event	*ev;
};

static struct vrrp_ud *vrrp_uds;
static size_t vrrp_nuds;

static struct vrrp_ud *
vrrp_ud_find(struct vrrp_ud *t, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

static const char *
vrrp_ud_secs(uint64_t us, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%" PRIu64 ".%06" PRIu64, us / 1000000,
	    us % 1000000);

	/* 1.500000 -> 1.5, 2.000000 -> 2 */
	while (n > 0 && (size_t)n < len && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && (size_t)n < len && buf[n - 1] == '.')
		buf[--n] = '\0';
	return buf;
}

static const char *
vrrp_ud_word(bool up)
{
	return up ? "up" : "down";
}

/* The wait is over (its timer, or a reload that shortened it): the
 * instances get the new state. */
static void
vrrp_ud_fire(struct vrrp_ud *u, bool reload)
{
	char s[32];
	bool up = !u->acted;

	if (u->ev != NULL)
		evtimer_del(u->ev);
	u->pending = false;
	u->acted = up;
	vrrp_ud_secs(u->delay_us[up], s, sizeof(s));
	if (reload)
		log_info("%s %s: its %s delay is now %s s, over: acting on it",
		    u->name, vrrp_ud_word(up), vrrp_ud_word(up), s);
	else
		log_info("%s still %s after its %s delay (%s s): acting on it",
		    u->name, vrrp_ud_word(up), vrrp_ud_word(up), s);
	vrrp_engine_link_act(u->name, up);
}

static void
vrrp_ud_timer_cb(int fd, short what, void *arg)
{
	vrrp_ud_fire(arg, false);
}

/* Arm u's timer for what is left of its delay; false when none is. */
static bool
vrrp_ud_arm(struct vrrp_ud *u)
{
	uint64_t now = vrrp_now_us(), end, left;
	struct timeval tv;

	end = u->since_us + u->delay_us[!u->acted];
	if (u->delay_us[!u->acted] == 0 || end <= now)
		return false;
	left = end - now;
	if (u->ev == NULL && (u->ev = evtimer_new(vrrp_eng.base,
	    vrrp_ud_timer_cb, u)) == NULL)
		fatalx("vrrp: evtimer_new");
	tv.tv_sec = (time_t)(left / 1000000);
	tv.tv_usec = (suseconds_t)(left % 1000000);
	evtimer_add(u->ev, &tv);
	return true;
}

static void
vrrp_ud_check(const struct msg_conf_global *g)
{
	uint32_t i;

	if (g->nupdown > IPC_UPDOWN_IF_MAX)
		fatalx("configuration: %u up/down delays", g->nupdown);
	for (i = 0; i < g->nupdown; i++)
		if (memchr(g->updown_ifname[i], '\0', IF_NAMESIZE) == NULL ||
		    g->updown_ifname[i][0] == '\0')
			fatalx("configuration: bad up/down delay interface");
}

void
vrrp_updown_apply(const struct conf_set *s)
{
	const struct msg_conf_global *g = &s->global;
	struct vrrp_ud *nt = NULL, *old, *u;
	struct vrrp_ifinfo ii;
	bool *fire = NULL;
	size_t i, n = g->nupdown;

	vrrp_ud_check(g);
	if (n > 0 && ((nt = calloc(n, sizeof(*nt))) == NULL ||
	    (fire = calloc(n, sizeof(*fire))) == NULL))
		fatal("up/down delays");
	for (i = 0; i < n; i++) {
		u = &nt[i];
		memcpy(u->name, g->updown_ifname[i], IF_NAMESIZE);
		u->delay_us[0] = g->updown_us[i][0];
		u->delay_us[1] = g->updown_us[i][1];
		if ((old = vrrp_ud_find(vrrp_uds, vrrp_nuds, u->name)) != NULL) {
			u->acted = old->acted;
			u->pending = old->pending;
			u->since_us = old->since_us;
			if (old->ev != NULL)
				event_free(old->ev);
			old->ev = NULL;
			old->pending = false;
			if (u->pending && !vrrp_ud_arm(u))
				fire[i] = true;
			continue;
		}
		/* New: the state the instances see at start is the kernel's. */
		if (vrrp_link_lookup(vrrp_eng.nl, u->name, 0, &ii) == -1)
			ii.flags = 0;
		u->acted = (ii.flags & IFF_UP) && (ii.flags & IFF_RUNNING);
	}
	/* Interfaces no longer delayed: a change that waited acts now. */
	for (i = 0; i < vrrp_nuds; i++) {
		old = &vrrp_uds[i];
		if (old->ev != NULL)
			event_free(old->ev);
		if (old->pending) {
			log_info("%s %s: no up/down delay any more: acting on "
			    "it", old->name, vrrp_ud_word(!old->acted));
			vrrp_engine_link_act(old->name, !old->acted);
		}
	}
	free(vrrp_uds);
	vrrp_uds = nt;
	vrrp_nuds = n;
	for (i = 0; i < n; i++)
		if (fire[i])
			vrrp_ud_fire(&vrrp_uds[i], true);
	free(fire);
}

void
vrrp_updown_link(const char *name, bool up)
{
	struct vrrp_ud *u = vrrp_ud_find(vrrp_uds, vrrp_nuds, name);
	char s[32];

	if (u == NULL) {
		vrrp_engine_link_act(name, up);
		return;
	}
	if (up == u->acted) {
		if (u->pending) {
			u->pending = false;
			evtimer_del(u->ev);
			log_info("%s %s again within its %s delay (%s s): no "
			    "state change", name, vrrp_ud_word(up),
			    vrrp_ud_word(!up), vrrp_ud_secs(u->delay_us[!up],
			    s, sizeof(s)));
		}
		vrrp_engine_link_act(name, up);
		return;
	}
	if (u->pending)		/* the same change reported again */
		return;
	u->pending = true;
	u->since_us = vrrp_now_us();
	if (!vrrp_ud_arm(u)) {		/* no delay this way */
		u->pending = false;
		u->acted = up;
		vrrp_engine_link_act(name, up);
		return;
	}
	/* "act on it": FAULT or leaving it, or a track_interface weight */
	vrrp_ud_secs(u->delay_us[up], s, sizeof(s));
	if (up)
		log_info("%s up: instances using it act on it in %s s "
		    "unless it goes down again", name, s);
	else
		log_info("%s down: instances using it act on it in %s s "
		    "unless it comes back", name, s);
}

bool
vrrp_updown_held(const char *name, bool *up)
{
	const struct vrrp_ud *u = vrrp_ud_find(vrrp_uds, vrrp_nuds, name);

	if (u == NULL || !u->pending)
		return false;
	*up = u->acted;
	return true;
}

const char *
vrrp_updown_pending(const char *name, char *buf, size_t len)
{
	const struct vrrp_ud *u = vrrp_ud_find(vrrp_uds, vrrp_nuds, name);
	uint64_t now = vrrp_now_us(), end;
	char s[32];

	if (len > 0)
		buf[0] = '\0';
	if (u == NULL || !u->pending)
		return buf;
	end = u->since_us + u->delay_us[!u->acted];
	snprintf(buf, len, "%s in %s s", vrrp_ud_word(!u->acted),
	    vrrp_ud_secs(end > now ? (end - now) / 100000 * 100000 : 0, s,
	    sizeof(s)));
	return buf;
}
