/* The configuration stream, receiving side, and the conf_set it fills. */
#include "conf_rx.h"

#include <sys/socket.h>

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

/* Grown by powers of two: a set of 10,000 real servers is not copied
 * 10,000 times. */
#define SET_ADD(arr, n, item) do {					\
	if (((n) & ((n) - 1)) == 0)					\
		(arr) = xreallocarray((arr), (n) ? 2 * (n) : 1,		\
		    sizeof(*(arr)));					\
	(arr)[(n)++] = *(item);						\
} while (0)

void
conf_set_clear(struct conf_set *s)
{
	free(s->inst);
	free(s->vip);
	free(s->route);
	free(s->script);
	free(s->vs);
	free(s->vsg);
	free(s->rs);
	free(s->check);
	free(s->url);
	free(s->lcmd);
	free(s->notify);
	free(s->track);
	free(s->sync);
	free(s->tfile);
	free(s->tproc);
	free(s->mail);
	free(s->fifo);
	free(s->bfd);
	memset(s, 0, sizeof(*s));
}

void
conf_set_add_instance(struct conf_set *s, const struct msg_conf_instance *i)
{
	SET_ADD(s->inst, s->ninst, i);
}

void
conf_set_add_vip(struct conf_set *s, const struct msg_conf_vip *v)
{
	SET_ADD(s->vip, s->nvip, v);
}

void
conf_set_add_route(struct conf_set *s, const struct msg_conf_route *r)
{
	SET_ADD(s->route, s->nroute, r);
}

void
conf_set_add_script(struct conf_set *s, const struct msg_conf_script *sc)
{
	SET_ADD(s->script, s->nscript, sc);
}

void
conf_set_add_vs(struct conf_set *s, const struct msg_conf_vs *vs)
{
	SET_ADD(s->vs, s->nvs, vs);
}

void
conf_set_add_vsg(struct conf_set *s, const struct msg_conf_vsg *g)
{
	SET_ADD(s->vsg, s->nvsg, g);
}

void
conf_set_add_rs(struct conf_set *s, const struct msg_conf_rs *r)
{
	SET_ADD(s->rs, s->nrs, r);
}

void
conf_set_add_check(struct conf_set *s, const struct msg_conf_check *c)
{
	SET_ADD(s->check, s->ncheck, c);
}

void
conf_set_add_url(struct conf_set *s, const struct msg_conf_url *u)
{
	SET_ADD(s->url, s->nurl, u);
}

void
conf_set_add_lcmd(struct conf_set *s, const struct msg_conf_lvs_cmd *c)
{
	SET_ADD(s->lcmd, s->nlcmd, c);
}

void
conf_set_add_notify(struct conf_set *s, const struct msg_conf_notify *n)
{
	SET_ADD(s->notify, s->nnotify, n);
}

void
conf_set_add_track(struct conf_set *s, const struct msg_conf_track *t)
{
	SET_ADD(s->track, s->ntrack, t);
}

void
conf_set_add_sync(struct conf_set *s, const struct msg_conf_sync *y)
{
	SET_ADD(s->sync, s->nsync, y);
}

void
conf_set_add_tfile(struct conf_set *s, const struct msg_conf_track_file *f)
{
	SET_ADD(s->tfile, s->ntfile, f);
}

void
conf_set_add_tproc(struct conf_set *s, const struct msg_conf_track_process *p)
{
	SET_ADD(s->tproc, s->ntproc, p);
}

void
conf_set_add_mail(struct conf_set *s, const struct msg_conf_mail *m)
{
	SET_ADD(s->mail, s->nmail, m);
}

void
conf_set_add_fifo(struct conf_set *s, const struct msg_conf_fifo *f)
{
	SET_ADD(s->fifo, s->nfifo, f);
}

const struct msg_conf_instance *
conf_set_instance(const struct conf_set *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->ninst; i++)
		if (strcmp(s->inst[i].name, name) == 0)
			return &s->inst[i];
	return NULL;
}

const struct msg_conf_script *
conf_set_script(const struct conf_set *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nscript; i++)
		if (strcmp(s->script[i].name, name) == 0)
			return &s->script[i];
	return NULL;
}

const struct msg_conf_track_file *
conf_set_tfile(const struct conf_set *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->ntfile; i++)
		if (strcmp(s->tfile[i].name, name) == 0)
			return &s->tfile[i];
	return NULL;
}

const struct msg_conf_track_process *
conf_set_tproc(const struct conf_set *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->ntproc; i++)
		if (strcmp(s->tproc[i].name, name) == 0)
			return &s->tproc[i];
	return NULL;
}

void
conf_set_add_bfd(struct conf_set *s, const struct msg_conf_bfd *b)
{
	SET_ADD(s->bfd, s->nbfd, b);
}

const struct msg_conf_bfd *
conf_set_bfd(const struct conf_set *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nbfd; i++)
		if (strcmp(s->bfd[i].name, name) == 0)
			return &s->bfd[i];
	return NULL;
}

const struct msg_conf_fifo *
conf_set_fifo(const struct conf_set *s, uint32_t kind)
{
	size_t i;

	for (i = 0; i < s->nfifo; i++)
		if (s->fifo[i].kind == kind)
			return &s->fifo[i];
	return NULL;
}

const char *
conf_tproc_word(const struct msg_conf_track_process *p, size_t i)
{
	const char *w = p->words;

	while (i-- > 0)
		w += strlen(w) + 1;
	return w;
}

/* nwords (at least one, the name) NUL-terminated words, all inside the
 * array. */
static bool
conf_rx_words_ok(const struct msg_conf_track_process *p)
{
	size_t off = 0, i, len;

	if (p->nwords == 0 || p->nwords > sizeof(p->words) / 2)
		return false;
	for (i = 0; i < p->nwords; i++) {
		if (off >= sizeof(p->words))
			return false;
		len = strnlen(p->words + off, sizeof(p->words) - off);
		if (off + len >= sizeof(p->words))
			return false;
		off += len + 1;
	}
	return true;
}

/* Strings inside the payloads must be terminated within their arrays;
 * an address family, a notify, mail or FIFO kind, a tracker type, a port
 * must be one there is. */
static bool
conf_rx_family_ok(uint32_t af)
{
	return af == AF_INET || af == AF_INET6;
}

/* The LVS objects: strings terminated, kinds known, every index naming
 * an object already received (the parent sends owners first). */
static bool
conf_rx_lvs_ok(const struct conf_set *n, const struct ipc_msg *m)
{
	const struct msg_conf_vs *vs = m->data;
	const struct msg_conf_vsg *g = m->data;
	const struct msg_conf_rs *rs = m->data;
	const struct msg_conf_check *c = m->data;
	const struct msg_conf_url *u = m->data;
	const struct msg_conf_lvs_cmd *l = m->data;
	const struct msg_conf_ssl *ssl = m->data;

	switch (m->hdr.type) {
	case MSG_CONF_VS:
		return ipc_str_ok(vs->group, sizeof(vs->group)) &&
		    ipc_str_ok(vs->sched, sizeof(vs->sched)) &&
		    ipc_str_ok(vs->pe_name, sizeof(vs->pe_name)) &&
		    (vs->flags & VS_F_GROUP || vs->fwmark != 0 ||
		    conf_rx_family_ok(vs->family)) && vs->port <= 65535 &&
		    (!(vs->flags & VS_F_SORRY) ||
		    conf_rx_family_ok(vs->sorry_family));
	case MSG_CONF_VSG:
		return g->vs < n->nvs && g->port <= 65535 &&
		    (g->fwmark != 0 || conf_rx_family_ok(g->family));
	case MSG_CONF_RS:
		return rs->vs < n->nvs && conf_rx_family_ok(rs->family) &&
		    rs->port <= 65535;
	case MSG_CONF_CHECK:
		return c->rs < n->nrs && c->type < LVS_CHECK_TYPE_MAX &&
		    ipc_str_ok(c->bind_if, sizeof(c->bind_if)) &&
		    ipc_str_ok(c->name, sizeof(c->name)) &&
		    ipc_str_ok(c->file_path, sizeof(c->file_path)) &&
		    (c->type == LVS_CHECK_MISC || c->type == LVS_CHECK_FILE ||
		    c->type == LVS_CHECK_BFD ||
		    conf_rx_family_ok(c->family)) && c->port <= 65535 &&
		    c->bind_port <= 65535 &&
		    c->udp_payload_len <= IPC_UDP_MAX &&
		    c->udp_reply_len <= IPC_UDP_MAX;
	case MSG_CONF_URL:
		return u->check < n->ncheck &&
		    ipc_str_ok(u->path, sizeof(u->path)) &&
		    ipc_str_ok(u->digest, sizeof(u->digest)) &&
		    ipc_str_ok(u->virtualhost, sizeof(u->virtualhost)) &&
		    ipc_str_ok(u->regex, sizeof(u->regex));
	case MSG_CONF_LVS_CMD:
		return l->kind < LVS_CMD_KIND_MAX &&
		    l->owner < (l->kind == LVS_CMD_MISC ? n->ncheck :
		    l->kind <= LVS_CMD_NOTIFY_DOWN ? n->nrs : n->nvs) &&
		    ipc_str_ok(l->command, sizeof(l->command)) &&
		    ipc_str_ok(l->user, sizeof(l->user)) &&
		    ipc_str_ok(l->insecure, sizeof(l->insecure));
	case MSG_CONF_SSL:
		return ipc_str_ok(ssl->password, sizeof(ssl->password)) &&
		    ipc_str_ok(ssl->ca, sizeof(ssl->ca)) &&
		    ipc_str_ok(ssl->certificate, sizeof(ssl->certificate)) &&
		    ipc_str_ok(ssl->key, sizeof(ssl->key));
	default:
		return true;
	}
}

static bool
conf_rx_strings_ok(const struct ipc_msg *m)
{
	const struct msg_conf_global *g = m->data;
	const struct msg_conf_instance *in = m->data;
	const struct msg_conf_vip *v = m->data;
	const struct msg_conf_route *r = m->data;
	const struct msg_conf_script *s = m->data;
	const struct msg_conf_notify *n = m->data;
	const struct msg_conf_track *t = m->data;
	const struct msg_conf_sync *y = m->data;
	const struct msg_conf_track_file *tf = m->data;
	const struct msg_conf_track_process *tp = m->data;
	const struct msg_conf_bfd *bf = m->data;
	const struct msg_conf_smtp *sm = m->data;
	const struct msg_conf_mail *ml = m->data;
	const struct msg_conf_fifo *f = m->data;

	switch (m->hdr.type) {
	case MSG_CONF_GLOBAL:
		return ipc_str_ok(g->router_id, sizeof(g->router_id)) &&
		    ipc_str_ok(g->script_user, sizeof(g->script_user)) &&
		    ipc_str_ok(g->lvs_sync_if, sizeof(g->lvs_sync_if)) &&
		    ipc_str_ok(g->lvs_sync_instance,
		    sizeof(g->lvs_sync_instance)) &&
		    ipc_str_ok(g->ipvs_netns, sizeof(g->ipvs_netns)) &&
		    ipc_str_ok(g->nft_ipvs_table, sizeof(g->nft_ipvs_table));
	case MSG_CONF_INSTANCE:
		return ipc_str_ok(in->name, sizeof(in->name)) &&
		    ipc_str_ok(in->ifname, sizeof(in->ifname)) &&
		    ipc_str_ok(in->vmac_name, sizeof(in->vmac_name)) &&
		    ipc_str_ok(in->auth_pass, sizeof(in->auth_pass)) &&
		    in->csum_mode < IPC_CSUM_MAX;
	case MSG_CONF_TRACK:
		return ipc_str_ok(t->owner, sizeof(t->owner)) &&
		    ipc_str_ok(t->name, sizeof(t->name)) &&
		    t->type < TRACK_TYPE_MAX;
	case MSG_CONF_TRACK_FILE:
		return ipc_str_ok(tf->name, sizeof(tf->name)) &&
		    ipc_str_ok(tf->path, sizeof(tf->path));
	case MSG_CONF_TRACK_PROCESS:
		return ipc_str_ok(tp->name, sizeof(tp->name)) &&
		    conf_rx_words_ok(tp) && tp->param_match <=
		    TPROC_MATCH_PARTIAL;
	case MSG_CONF_BFD:
		return ipc_str_ok(bf->name, sizeof(bf->name)) &&
		    (bf->family == AF_INET || bf->family == AF_INET6) &&
		    bf->multiplier >= 1 && bf->multiplier <= 255 &&
		    bf->min_rx_us > 0 && bf->min_tx_us > 0 &&
		    bf->idle_tx_us > 0 && bf->ttl >= 1 && bf->ttl <= 255;
	case MSG_CONF_SYNC:
		return ipc_str_ok(y->group, sizeof(y->group)) &&
		    ipc_str_ok(y->instance, sizeof(y->instance));
	case MSG_CONF_VIP:
		return ipc_str_ok(v->instance, sizeof(v->instance)) &&
		    ipc_str_ok(v->ifname, sizeof(v->ifname)) &&
		    ipc_str_ok(v->label, sizeof(v->label)) &&
		    (v->family == AF_INET || v->family == AF_INET6);
	case MSG_CONF_ROUTE:
		return ipc_str_ok(r->instance, sizeof(r->instance)) &&
		    ipc_str_ok(r->route, sizeof(r->route));
	case MSG_CONF_SCRIPT:
		return ipc_str_ok(s->name, sizeof(s->name)) &&
		    ipc_str_ok(s->command, sizeof(s->command)) &&
		    ipc_str_ok(s->user, sizeof(s->user)) &&
		    ipc_str_ok(s->insecure, sizeof(s->insecure));
	case MSG_CONF_NOTIFY:
		return ipc_str_ok(n->object, sizeof(n->object)) &&
		    ipc_str_ok(n->command, sizeof(n->command)) &&
		    ipc_str_ok(n->user, sizeof(n->user)) &&
		    ipc_str_ok(n->insecure, sizeof(n->insecure)) &&
		    n->kind < NOTIFY_KIND_MAX;
	case MSG_CONF_SMTP:
		return ipc_str_ok(sm->server, sizeof(sm->server)) &&
		    ipc_str_ok(sm->helo_name, sizeof(sm->helo_name)) &&
		    ipc_str_ok(sm->from, sizeof(sm->from)) &&
		    sm->server[0] != '\0' && sm->port >= 1 &&
		    sm->port <= 65535 && sm->connect_timeout >= 1;
	case MSG_CONF_MAIL:
		return ipc_str_ok(ml->name, sizeof(ml->name)) &&
		    ml->name[0] != '\0' && ml->kind < MAIL_KIND_MAX;
	case MSG_CONF_FIFO:
		return ipc_str_ok(f->path, sizeof(f->path)) &&
		    ipc_str_ok(f->owner, sizeof(f->owner)) &&
		    ipc_str_ok(f->script, sizeof(f->script)) &&
		    ipc_str_ok(f->script_user, sizeof(f->script_user)) &&
		    ipc_str_ok(f->insecure, sizeof(f->insecure)) &&
		    f->kind < FIFO_KIND_MAX;
	default:
		return true;
	}
}

static void
conf_rx_end(struct conf_rx *rx, struct ipc_chan *c, const struct ipc_msg *m)
{
	const struct msg_conf_gen *g = m->data;
	struct conf_set old;

	if (g->gen != rx->next.gen)
		fatalx("ipc: MSG_CONF_END for generation %u inside stream %u",
		    g->gen, rx->next.gen);
	old = rx->cur;
	rx->cur = rx->next;
	memset(&rx->next, 0, sizeof(rx->next));
	rx->streaming = false;
	if (rx->apply != NULL)
		rx->apply(&old, &rx->cur);
	conf_set_clear(&old);
	/* Give back what the stream and the old set left free in the heap. */
	malloc_trim(0);
	ipc_send(c, MSG_CONF_APPLIED, g, sizeof(*g));
}

bool
conf_rx_dispatch(struct conf_rx *rx, struct ipc_chan *c, struct ipc_msg *m)
{
	const struct msg_conf_begin *b = m->data;

	switch (m->hdr.type) {
	case MSG_CONF_BEGIN:
		if (rx->streaming)
			fatalx("ipc: MSG_CONF_BEGIN inside a stream");
		conf_set_clear(&rx->next);
		rx->next.gen = b->gen;
		rx->next.flags = b->flags;
		rx->streaming = true;
		return true;
	case MSG_CONF_GLOBAL:
	case MSG_CONF_INSTANCE:
	case MSG_CONF_VIP:
	case MSG_CONF_ROUTE:
	case MSG_CONF_SCRIPT:
	case MSG_CONF_VS:
	case MSG_CONF_VSG:
	case MSG_CONF_RS:
	case MSG_CONF_CHECK:
	case MSG_CONF_URL:
	case MSG_CONF_LVS_CMD:
	case MSG_CONF_SSL:
	case MSG_CONF_NOTIFY:
	case MSG_CONF_TRACK:
	case MSG_CONF_SYNC:
	case MSG_CONF_TRACK_FILE:
	case MSG_CONF_TRACK_PROCESS:
	case MSG_CONF_SMTP:
	case MSG_CONF_MAIL:
	case MSG_CONF_FIFO:
	case MSG_CONF_BFD:
	case MSG_CONF_END:
		break;
	default:
		return false;
	}
	if (!rx->streaming)
		fatalx("ipc: %s outside a configuration stream",
		    msg_name(m->hdr.type));
	if (!conf_rx_strings_ok(m))
		fatalx("ipc: %s: unterminated string", msg_name(m->hdr.type));
	if (!conf_rx_lvs_ok(&rx->next, m))
		fatalx("ipc: %s: bad string, kind or index",
		    msg_name(m->hdr.type));
	switch (m->hdr.type) {
	case MSG_CONF_GLOBAL:
		memcpy(&rx->next.global, m->data, sizeof(rx->next.global));
		break;
	case MSG_CONF_INSTANCE:
		conf_set_add_instance(&rx->next, m->data);
		break;
	case MSG_CONF_VIP:
		conf_set_add_vip(&rx->next, m->data);
		break;
	case MSG_CONF_ROUTE:
		conf_set_add_route(&rx->next, m->data);
		break;
	case MSG_CONF_SCRIPT:
		conf_set_add_script(&rx->next, m->data);
		break;
	case MSG_CONF_VS:
		conf_set_add_vs(&rx->next, m->data);
		break;
	case MSG_CONF_VSG:
		conf_set_add_vsg(&rx->next, m->data);
		break;
	case MSG_CONF_RS:
		conf_set_add_rs(&rx->next, m->data);
		break;
	case MSG_CONF_CHECK:
		conf_set_add_check(&rx->next, m->data);
		break;
	case MSG_CONF_URL:
		conf_set_add_url(&rx->next, m->data);
		break;
	case MSG_CONF_LVS_CMD:
		conf_set_add_lcmd(&rx->next, m->data);
		break;
	case MSG_CONF_SSL:
		memcpy(&rx->next.ssl, m->data, sizeof(rx->next.ssl));
		rx->next.has_ssl = true;
		break;
	case MSG_CONF_NOTIFY:
		conf_set_add_notify(&rx->next, m->data);
		break;
	case MSG_CONF_TRACK:
		conf_set_add_track(&rx->next, m->data);
		break;
	case MSG_CONF_SYNC:
		conf_set_add_sync(&rx->next, m->data);
		break;
	case MSG_CONF_TRACK_FILE:
		conf_set_add_tfile(&rx->next, m->data);
		break;
	case MSG_CONF_TRACK_PROCESS:
		conf_set_add_tproc(&rx->next, m->data);
		break;
	case MSG_CONF_SMTP:
		memcpy(&rx->next.smtp, m->data, sizeof(rx->next.smtp));
		break;
	case MSG_CONF_MAIL:
		conf_set_add_mail(&rx->next, m->data);
		break;
	case MSG_CONF_FIFO:
		conf_set_add_fifo(&rx->next, m->data);
		break;
	case MSG_CONF_BFD:
		conf_set_add_bfd(&rx->next, m->data);
		break;
	case MSG_CONF_END:
		conf_rx_end(rx, c, m);
		break;
	}
	return true;
}
