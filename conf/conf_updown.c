/*
 * interface_up_down_delays { IF DOWN [UP] ... }: per interface, how long
 * a link going down (up) waits before the VRRP instances that use or
 * track it go to FAULT (leave it). Entries, the check pass (interfaces
 * on this host, delays shortened to the instances' master-down time),
 * dump and free. The vrrp child applies them (vrrp/vrrp_updown.c).
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"
#include "conf/conf_updown.h"

static struct conf_updown *
updown_find(struct conf_updown_list *l, const char *ifname)
{
	struct conf_updown *u;

	TAILQ_FOREACH(u, l, entry)
		if (strcmp(u->ifname, ifname) == 0)
			return u;
	return NULL;
}

/* One line: IF DOWN [UP]. keepalived reads one entry a line and ignores
 * words after UP; so does vigil, with a warning. */
static int
updown_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	struct conf_updown_list *l = (struct conf_updown_list *)obj;
	struct conf_updown *u;
	int64_t down, up;
	char what[96];

	if (conf_check_ifname(ctx, &args[0]) < 0)
		return -1;
	if (nargs < 2) {
		conf_warning(ctx, &args[0].loc, "interface_up_down_delays: %s "
		    "has no delay; ignored (write '%s DOWN-DELAY [UP-DELAY]', "
		    "in seconds)", args[0].s, args[0].s);
		return 1;
	}
	/* "interface_up_down_delays: eth0: down delay 256 is out of range
	 * (0-255)" */
	snprintf(what, sizeof(what), "interface_up_down_delays: %s: down "
	    "delay", args[0].s);
	if (conf_parse_decimal(ctx, &args[1], what, 1000000, 0,
	    CONF_UPDOWN_MAX_US, &down) < 0)
		return -1;
	/* keepalived's manual: an omitted up delay is the down delay, what
	 * the line's author read; keepalived 2.2.7 itself uses 0. */
	up = down;
	snprintf(what, sizeof(what), "interface_up_down_delays: %s: up "
	    "delay", args[0].s);
	if (nargs >= 3 && conf_parse_decimal(ctx, &args[2], what, 1000000, 0,
	    CONF_UPDOWN_MAX_US, &up) < 0)
		return -1;
	if (nargs > 3)
		conf_warning(ctx, &args[3].loc, "interface_up_down_delays: %s: "
		    "words after the up delay ignored (one interface a line: "
		    "IF DOWN-DELAY [UP-DELAY])", args[0].s);
	if ((u = updown_find(l, args[0].s)) != NULL) {
		conf_warning(ctx, &args[0].loc, "interface_up_down_delays: %s "
		    "is given again (first at line %u); the last delays are "
		    "used", args[0].s, u->loc.line);
	} else {
		u = xcalloc(1, sizeof(*u));
		u->ifname = xstrdup(args[0].s);
		TAILQ_INSERT_TAIL(l, u, entry);
	}
	u->loc = args[0].loc;
	u->down_us = down;
	u->up_us = up;
	u->up_given = nargs >= 3;
	return (int)nargs;
}

const struct conf_block conf_updown_block = {
	.name = "interface_up_down_delays",
	.kws = (const struct conf_kw[]){ { NULL } },
	.entry = updown_entry,
};

static const char *
updown_secs(int64_t us, char *buf, size_t len)
{
	return conf_decimal_str(us, 1000000, buf, len);
}

/*
 * A delay must be shorter than (down_timer_adverts - 1) advert intervals
 * of every instance on the interface, or the peers take over before this
 * node acts. keepalived 2.2.7 (observed: -t says nothing; at start it
 * logs "debounce timer(s) not less that 2 * advert_int - resetting")
 * shortens such a delay to that time less 1/256 of the interval; so does
 * vigil, with a warning at the delay.
 */
static void
updown_clamp(struct conf_ctx *ctx, struct conf_updown *u, int64_t *delay,
    const char *which, const struct conf_vrrp_instance *vi)
{
	int64_t adv_us = vi->advert_int_cs * 10000, limit_us, to_us;
	char a[48], b[48], c[48], d[48];

	limit_us = (int64_t)(vi->down_timer_adverts - 1) * adv_us;
	if (*delay == 0 || *delay < limit_us)
		return;
	to_us = limit_us - adv_us / 256;
	if (to_us < 0)
		to_us = 0;
	conf_warning(ctx, &u->loc, "interface_up_down_delays: %s: %s delay "
	    "%s s is not shorter than %s s, (down_timer_adverts %d - 1) x "
	    "advert_int %s s of vrrp_instance %s (its peers would take over "
	    "first); using %s s, as keepalived does (write a shorter delay)",
	    u->ifname, which, updown_secs(*delay, a, sizeof(a)),
	    updown_secs(limit_us, c, sizeof(c)), vi->down_timer_adverts,
	    updown_secs(adv_us, b, sizeof(b)), vi->name,
	    updown_secs(to_us, d, sizeof(d)));
	*delay = to_us;
}

/* vi uses u's interface: its own (a VMAC's parent too) or tracked. */
static void
updown_check_instance(struct conf_ctx *ctx, struct conf_updown *u,
    const struct conf_vrrp_instance *vi)
{
	const struct conf_ref *r;
	bool uses = vi->interface != NULL &&
	    strcmp(vi->interface, u->ifname) == 0;

	TAILQ_FOREACH(r, &vi->track_ifs, entry)
		if (strcmp(r->name, u->ifname) == 0)
			uses = true;
	if (!uses)
		return;
	updown_clamp(ctx, u, &u->down_us, u->up_given ? "down" : "down (and up)",
	    vi);
	if (u->up_given)
		updown_clamp(ctx, u, &u->up_us, "up", vi);
	else
		u->up_us = u->down_us;
}

/* After conf_vrrp_check (advert_int_cs and down_timer_adverts known). */
void
conf_updown_check(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	struct conf_updown *u;
	const struct conf_vrrp_instance *vi;
	size_t n = 0;

	TAILQ_FOREACH(u, &conf->updowns, entry) {
		if (++n == CONF_UPDOWN_IF_MAX + 1)
			conf_error(ctx, &u->loc, "interface_up_down_delays: "
			    "more than %d interfaces (vigil's limit)",
			    CONF_UPDOWN_IF_MAX);
		/* keepalived refuses an interface it does not know, unless
		 * dynamic_interfaces (then the delays wait for it). */
		if (ctx->opts != NULL && ctx->opts->check_interfaces &&
		    !conf->global.dynamic_interfaces &&
		    if_nametoindex(u->ifname) == 0)
			conf_error(ctx, &u->loc, "interface_up_down_delays: "
			    "interface %s not found on this host (create it "
			    "first, remove the line, or set dynamic_interfaces "
			    "in global_defs to keep its delays until it "
			    "appears)", u->ifname);
		TAILQ_FOREACH(vi, &conf->instances, entry)
			updown_check_instance(ctx, u, vi);
	}
}

void
conf_updown_dump(const struct vigil_conf *conf, FILE *out)
{
	const struct conf_updown *u;
	char a[48], b[48];

	if (TAILQ_EMPTY(&conf->updowns))
		return;
	fputs("interface_up_down_delays {\n", out);
	TAILQ_FOREACH(u, &conf->updowns, entry)
		fprintf(out, "    %s %s %s\n", u->ifname,
		    updown_secs(u->down_us, a, sizeof(a)),
		    updown_secs(u->up_us, b, sizeof(b)));
	fputs("}\n", out);
}

void
conf_updown_free(struct vigil_conf *conf)
{
	struct conf_updown *u;

	while ((u = TAILQ_FIRST(&conf->updowns)) != NULL) {
		TAILQ_REMOVE(&conf->updowns, u, entry);
		free(u->ifname);
		free(u);
	}
}
