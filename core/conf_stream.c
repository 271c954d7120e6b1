/*
 * The configuration, parent side: cut the typed configuration (conf/) into
 * each child's conf_set, and stream a conf_set to a child as typed
 * messages ending with MSG_CONF_END. Start, reload and restart after a
 * crash all go through conf_stream().
 */
#include <sys/socket.h>

#include <string.h>

#include <cap-ng.h>

#include "common/log.h"
#include "conf/conf.h"
#include "core/core.h"

uint32_t
conf_child_wait_time(const struct vigil_conf *conf)
{
	return CORE_CHILD_WAIT_DEFAULT;
}

/* Fill the vrrp child's and the check child's sets from conf. */
static void
conf_collect(const struct vigil_conf *conf, struct conf_set *vrrp,
    struct conf_set *check)
{
}

void
conf_build_sets(const struct vigil_conf *conf, struct conf_set set[PROC_MAX],
    uint32_t gen)
{
	int i;

	for (i = 0; i < PROC_MAX; i++) {
		conf_set_clear(&set[i]);
		set[i].gen = gen;
	}
	conf_collect(conf, &set[PROC_VRRP], &set[PROC_CHECK]);
}

bool
conf_set_wants(const struct conf_set *s, enum proc_id id)
{
	switch (id) {
	case PROC_VRRP:
		return s->ninst > 0;
	case PROC_CHECK:
		return s->nscript > 0 || s->nvs > 0;
	default:
		return false;
	}
}

bool
conf_set_has_lvs(const struct conf_set *s)
{
	return s->nvs > 0;
}

void
conf_stream(struct child *c, const struct conf_set *s, bool restart)
{
	struct msg_conf_begin b = { .gen = s->gen };
	struct msg_conf_instance in;
	struct msg_conf_gen g = { .gen = s->gen };
	size_t i;

	if (c->chan == NULL)
		return;
	b.flags = restart ? CONF_BEGIN_RESTART : 0;
	ipc_send(c->chan, MSG_CONF_BEGIN, &b, sizeof(b));
	ipc_send(c->chan, MSG_CONF_GLOBAL, &s->global, sizeof(s->global));
	for (i = 0; i < s->ninst; i++) {
		in = s->inst[i];
		if (restart)
			in.init_state = VRRP_INIT_BACKUP;
		ipc_send(c->chan, MSG_CONF_INSTANCE, &in, sizeof(in));
	}
	for (i = 0; i < s->nvip; i++)
		ipc_send(c->chan, MSG_CONF_VIP, &s->vip[i], sizeof(s->vip[i]));
	for (i = 0; i < s->nscript; i++)
		ipc_send(c->chan, MSG_CONF_SCRIPT, &s->script[i],
		    sizeof(s->script[i]));
	for (i = 0; i < s->nvs; i++)
		ipc_send(c->chan, MSG_CONF_VS, &s->vs[i], sizeof(s->vs[i]));
	ipc_send(c->chan, MSG_CONF_END, &g, sizeof(g));
	log_debug("sent configuration %u to the %s child", s->gen,
	    c->proc->name);
}

/* The first capability vigild lacks to run what set configures, and who
 * needs it; -1 when nothing is missing. */
int
conf_missing_cap(const struct conf_set set[PROC_MAX],
    const struct core_opts *o, const char **who)
{
	/* A child needs these to switch to its user and limit its sets. */
	static const int switch_user[] = { CAP_SETUID, CAP_SETGID, CAP_SETPCAP,
	    -1 };
	bool restricted = o->only[PROC_VRRP] || o->only[PROC_CHECK];
	const struct proc *p;
	int i, cap;

	for (i = PROC_VRRP; i < PROC_MAX; i++) {
		if (!conf_set_wants(&set[i], i) || (restricted && !o->only[i]))
			continue;
		p = &procs[i];
		*who = p->name;
		if ((cap = caps_missing(conf_set_has_lvs(&set[i]) &&
		    p->caps_lvs ? p->caps_lvs : p->caps)) != -1 ||
		    (cap = caps_missing(switch_user)) != -1)
			return cap;
	}
	*who = "core";
	return caps_missing(procs[PROC_CORE].caps);
}
