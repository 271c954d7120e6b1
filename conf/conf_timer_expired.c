/*
 * timer_expired_backup [PRIORITY] of a vrrp_instance (thread_timer_expired
 * is its older spelling): with nopreempt, a master that was not
 * scheduled for as long as a backup of PRIORITY (default 254) waits
 * before taking over steps down instead of advertising again
 * (vrrp_fsm.c, vrrp_master_overslept).
 */
#include <stdio.h>

#include "conf/conf_priv.h"
#include "conf/conf_vrrp.h"

#define TIMER_EXPIRED_DEFAULT	254

int
conf_timer_expired(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_vrrp_instance *vi = (struct conf_vrrp_instance *)obj;
	int64_t prio = TIMER_EXPIRED_DEFAULT;

	if (n->nargs > 0 && conf_parse_int(ctx, &n->args[0],
	    "timer_expired_backup priority", 1, 254, &prio) < 0)
		return -1;
	vi->timer_expired_backup = (int)prio;
	vi->timer_expired_loc = n->loc;
	return 0;
}

void
conf_timer_expired_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_vrrp_instance *vi =
	    (const struct conf_vrrp_instance *)obj;

	if (vi->timer_expired_backup == 0)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s %d\n", kw->name, vi->timer_expired_backup);
}

/* The check pass: without nopreempt a resumed master takes the VIPs
 * back anyway (its priority wins); the keyword would change nothing. */
void
conf_timer_expired_check(struct conf_ctx *ctx,
    struct conf_vrrp_instance *vi)
{
	if (vi->timer_expired_backup == 0 || vi->nopreempt)
		return;
	conf_note(ctx, &vi->timer_expired_loc, "timer_expired_backup acts "
	    "with nopreempt only: without it, a master that resumes takes "
	    "its VIPs back by priority; add nopreempt or remove the line");
	vi->timer_expired_backup = 0;
}
