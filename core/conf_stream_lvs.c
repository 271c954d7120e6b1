/*
 * The configuration, parent side, LVS part: cut the typed virtual
 * servers (conf/conf_lvs.h) into the check child's messages (common/ipc.h:
 * MSG_CONF_VS, VSG, RS, CHECK, URL, LVS_CMD, SSL), every value effective,
 * in IPVS's own terms (scheduler name, IP_VS_SVC_F_* and IP_VS_CONN_F_*
 * flags) so that the check child programs what it is given.
 */
#include <arpa/inet.h>
#include <linux/ip_vs.h>

#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "conf/conf.h"
#include "conf/conf_lvs_priv.h"
#include "core/core.h"

static void
lvs_strlcpy(char *dst, const char *s, size_t len)
{
	snprintf(dst, len, "%s", s != NULL ? s : "");
}

static void
lvs_addr(uint8_t dst[16], const struct conf_addr *a)
{
	memset(dst, 0, 16);
	memcpy(dst, &a->u, a->family == AF_INET ? 4 : 16);
}

static uint32_t
lvs_conn_flags(const struct conf_lvs_forward *f)
{
	switch (f->method) {
	case CONF_LVS_DR:
		return IP_VS_CONN_F_DROUTE;
	case CONF_LVS_TUN:
		return IP_VS_CONN_F_TUNNEL;
	default:
		return IP_VS_CONN_F_MASQ;
	}
}

static uint32_t
lvs_tun_flags(const struct conf_lvs_forward *f)
{
	switch (f->csum) {
	case CONF_CSUM_CSUM:
		return IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	case CONF_CSUM_REMCSUM:
		return IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
	default:
		return IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM;
	}
}

static uint32_t
lvs_svc_flags(const struct conf_virtual_server *vs)
{
	uint32_t f = 0;

	if (vs->persistence_timeout > 0)
		f |= IP_VS_SVC_F_PERSISTENT;
	if (vs->hashed)
		f |= IP_VS_SVC_F_HASHED;
	if (vs->ops)
		f |= IP_VS_SVC_F_ONEPACKET;
	if (vs->flag1 || vs->sh_fallback || vs->mh_fallback)
		f |= IP_VS_SVC_F_SCHED1;
	if (vs->flag2 || vs->sh_port || vs->mh_port)
		f |= IP_VS_SVC_F_SCHED2;
	if (vs->flag3)
		f |= IP_VS_SVC_F_SCHED3;
	return f;
}

/* The family of a service: its address's, else its group's first
 * address line's, else inet (a fwmark service of no family given). */
static uint32_t
lvs_vs_family(const struct conf_virtual_server *vs)
{
	const struct conf_vs_group_entry *e;

	if (vs->kind == CONF_VS_ADDR)
		return vs->addr.family;
	if (vs->ip_family == AF_INET6 || vs->ip_family == AF_INET)
		return (uint32_t)vs->ip_family;
	if (vs->vsg != NULL)
		TAILQ_FOREACH(e, &vs->vsg->entries, entry)
			if (!e->is_fwmark)
				return e->first.family;
	return AF_INET;
}

static uint32_t
lvs_netmask(const struct conf_virtual_server *vs, uint32_t family)
{
	uint8_t plen = vs->pgran_set ? vs->pgran_plen :
	    family == AF_INET6 ? 128 : 32;

	if (family == AF_INET6)
		return plen;
	return htonl(plen == 0 ? 0 : 0xffffffffu << (32 - plen));
}

static void
lvs_cmd(struct conf_set *check, uint32_t kind, size_t owner,
    const char *command, const char *user)
{
	struct msg_conf_lvs_cmd c;

	if (command == NULL || command[0] == '\0')
		return;
	memset(&c, 0, sizeof(c));
	c.kind = kind;
	c.owner = (uint32_t)owner;
	lvs_strlcpy(c.command, command, sizeof(c.command));
	lvs_strlcpy(c.user, user, sizeof(c.user));
	conf_set_add_lcmd(check, &c);
}

/* ADDRESS/LEN: from its first address to its last. */
static void
lvs_prefix_range(uint8_t *first, uint8_t *last, size_t len, unsigned plen)
{
	size_t i;
	unsigned bits;

	for (i = 0; i < len; i++) {
		bits = plen >= 8 * (i + 1) ? 8 : plen > 8 * i ? plen - 8 * i : 0;
		first[i] &= (uint8_t)(0xff00 >> bits);
		last[i] = first[i] | (uint8_t)(0xff >> bits);
	}
}

static void
lvs_collect_group(const struct conf_virtual_server *vs, size_t id,
    struct conf_set *check)
{
	const struct conf_vs_group_entry *e;
	struct msg_conf_vsg g;

	if (vs->vsg == NULL)
		return;
	TAILQ_FOREACH(e, &vs->vsg->entries, entry) {
		memset(&g, 0, sizeof(g));
		g.vs = (uint32_t)id;
		if (e->is_fwmark) {
			g.fwmark = e->fwmark;
			g.family = e->fwmark_family != AF_UNSPEC ?
			    e->fwmark_family : lvs_vs_family(vs);
		} else {
			g.family = e->first.family;
			lvs_addr(g.first, &e->first);
			lvs_addr(g.last, &e->last);
			if (e->first.has_plen)
				lvs_prefix_range(g.first, g.last,
				    e->first.family == AF_INET ? 4 : 16,
				    e->first.plen);
			g.port = e->port != 0 ? e->port : (uint32_t)vs->port;
		}
		conf_set_add_vsg(check, &g);
	}
}

static void
lvs_collect_vs(const struct conf_virtual_server *vs, struct conf_set *check)
{
	struct msg_conf_vs m;
	size_t id = check->nvs;

	memset(&m, 0, sizeof(m));
	m.family = lvs_vs_family(vs);
	m.protocol = vs->kind == CONF_VS_FWMARK ? 0 : (uint32_t)vs->protocol;
	if (vs->kind == CONF_VS_ADDR)
		lvs_addr(m.addr, &vs->addr);
	m.port = vs->kind == CONF_VS_ADDR ? (uint32_t)vs->port : 0;
	m.fwmark = vs->kind == CONF_VS_FWMARK ? vs->fwmark : 0;
	if (vs->kind == CONF_VS_GROUP) {
		m.flags |= VS_F_GROUP;
		lvs_strlcpy(m.group, vs->group, sizeof(m.group));
	}
	lvs_strlcpy(m.sched, conf_lvs_sched_name(vs->sched), sizeof(m.sched));
	lvs_strlcpy(m.pe_name, vs->persistence_engine, sizeof(m.pe_name));
	m.svc_flags = lvs_svc_flags(vs);
	m.timeout = vs->persistence_timeout;
	m.netmask = lvs_netmask(vs, m.family);
	m.quorum = vs->quorum;
	m.hysteresis = vs->hysteresis;
	m.flags |= (vs->alpha ? VS_F_ALPHA : 0) |
	    (vs->omega ? VS_F_OMEGA : 0) |
	    (vs->ha_suspend ? VS_F_HA_SUSPEND : 0) |
	    (vs->smtp_alert ? VS_F_SMTP_ALERT : 0);
	if (vs->has_sorry) {
		m.flags |= VS_F_SORRY | (vs->sorry_inhibit ?
		    VS_F_SORRY_INHIBIT : 0);
		m.sorry_family = vs->sorry_addr.family;
		lvs_addr(m.sorry_addr, &vs->sorry_addr);
		m.sorry_port = (uint32_t)vs->sorry_port;
		m.sorry_conn_flags = lvs_conn_flags(&vs->sorry_fwd);
	}
	m.nreal = vs->nrs;
	lvs_strlcpy(m.snmp_name, vs->snmp_name, sizeof(m.snmp_name));
	lvs_strlcpy(m.virtualhost, vs->virtualhost, sizeof(m.virtualhost));
	m.conn_flags = lvs_conn_flags(&vs->fwd);
	m.tun_type = (uint32_t)vs->fwd.tun_type;
	m.tun_port = vs->fwd.tun_port;
	m.tun_flags = lvs_tun_flags(&vs->fwd);
	m.weight = vs->weight;
	m.inhibit = vs->inhibit_on_failure;
	m.retry = vs->retry;
	m.retry_given = conf_kw_given(&conf_lvs_virtual_server_block,
	    &vs->obj, "retry");
	m.dbr_given = conf_kw_given(&conf_lvs_virtual_server_block, &vs->obj,
	    "delay_before_retry");
	m.warmup_given = conf_kw_given(&conf_lvs_virtual_server_block,
	    &vs->obj, "warmup");
	m.delay_loop_us = (uint64_t)vs->delay_loop_us;
	m.delay_before_retry_us = (uint64_t)vs->delay_before_retry_us;
	m.warmup_us = (uint64_t)vs->warmup_us;
	m.connect_timeout_us = (uint64_t)vs->connect_timeout_us;
	conf_set_add_vs(check, &m);
	lvs_collect_group(vs, id, check);
	lvs_cmd(check, LVS_CMD_QUORUM_UP, id, vs->quorum_up, NULL);
	lvs_cmd(check, LVS_CMD_QUORUM_DOWN, id, vs->quorum_down, NULL);
}

static uint32_t
lvs_check_type(int type)
{
	switch (type) {
	case CONF_CHECK_TCP:	return LVS_CHECK_TCP;
	case CONF_CHECK_HTTP:	return LVS_CHECK_HTTP;
	case CONF_CHECK_SSL:	return LVS_CHECK_SSL;
	case CONF_CHECK_SMTP:	return LVS_CHECK_SMTP;
	case CONF_CHECK_DNS:	return LVS_CHECK_DNS;
	case CONF_CHECK_MISC:	return LVS_CHECK_MISC;
	case CONF_CHECK_FILE:	return LVS_CHECK_FILE;
	case CONF_CHECK_BFD:	return LVS_CHECK_BFD;
	case CONF_CHECK_PING:	return LVS_CHECK_PING;
	case CONF_CHECK_UDP:	return LVS_CHECK_UDP;
	default:		return LVS_CHECK_TYPE_MAX;
	}
}

static uint32_t
lvs_ms(int64_t us)
{
	return us <= 0 ? 0 : us / 1000 > UINT32_MAX ? UINT32_MAX :
	    (uint32_t)(us / 1000);
}

/* One checker (or one host { } of an SMTP_CHECK: h != NULL). */
static void
lvs_collect_one_check(const struct conf_real_server *rs, size_t rs_id,
    const struct conf_check *c, const struct conf_smtp_host *h,
    struct conf_set *check)
{
	struct msg_conf_check m;
	const struct conf_addr *ip, *bind;
	const struct conf_url *u;
	struct msg_conf_url mu;
	size_t id = check->ncheck;
	int port;

	memset(&m, 0, sizeof(m));
	m.rs = (uint32_t)rs_id;
	m.type = lvs_check_type(c->type);
	ip = h != NULL && h->connect_ip.family != AF_UNSPEC ?
	    &h->connect_ip : c->connect_ip.family != AF_UNSPEC ?
	    &c->connect_ip : &rs->addr;
	m.family = ip->family;
	lvs_addr(m.addr, ip);
	port = h != NULL && h->connect_port != 0 ? h->connect_port :
	    c->connect_port != 0 ? c->connect_port : rs->port;
	if (port == 0)
		port = c->type == CONF_CHECK_SMTP ? 25 :
		    c->type == CONF_CHECK_DNS ? 53 : 0;
	m.port = (uint32_t)port;
	bind = h != NULL && h->bindto.family != AF_UNSPEC ? &h->bindto :
	    &c->bindto;
	if (bind->family == m.family) {
		m.bind_set = 1;
		lvs_addr(m.bind_addr, bind);
	}
	m.bind_port = (uint32_t)(h != NULL && h->bind_port != 0 ?
	    h->bind_port : c->bind_port);
	lvs_strlcpy(m.bind_if, h != NULL && h->bind_if != NULL ? h->bind_if :
	    c->bind_if, sizeof(m.bind_if));
	m.fwmark = h != NULL && h->fwmark != 0 ? h->fwmark : c->fwmark;
	m.connect_timeout_ms = lvs_ms(h != NULL && h->connect_timeout_us > 0 ?
	    h->connect_timeout_us : c->connect_timeout_us);
	m.retry = c->retry;
	m.delay_before_retry_ms = lvs_ms(c->delay_before_retry_us);
	m.warmup_ms = lvs_ms(c->warmup_us);
	m.delay_loop_ms = lvs_ms(c->delay_loop_us);
	m.flags = (c->alpha ? CHECK_F_ALPHA : 0) |
	    (c->log_all_failures ? CHECK_F_LOG_ALL : 0) |
	    (c->enable_sni ? CHECK_F_SNI : 0) |
	    (c->misc_dynamic ? CHECK_F_MISC_DYNAMIC : 0) |
	    (c->fast_recovery ? CHECK_F_FAST_RECOVERY : 0);
	m.http_proto = (uint32_t)c->http_protocol;
	m.dns_type = (uint32_t)c->dns_type;
	m.misc_timeout_ms = lvs_ms(c->misc_timeout_us);
	lvs_strlcpy(m.name, c->type == CONF_CHECK_SMTP ? c->helo_name :
	    c->type == CONF_CHECK_DNS ? c->dns_name : c->virtualhost,
	    sizeof(m.name));
	if (c->type == CONF_CHECK_FILE) {
		lvs_strlcpy(m.file_path, c->file_target->file,
		    sizeof(m.file_path));
		m.file_weight = c->file_weight;
		m.file_reverse = c->file_reverse;
	}
	if (c->type == CONF_CHECK_UDP) {	/* lengths checked at parse */
		m.udp_require_reply = c->require_reply;
		m.udp_payload_len = (uint32_t)c->payload_len;
		if (c->payload_len > 0)
			memcpy(m.udp_payload, c->payload, c->payload_len);
		m.udp_reply_len = (uint32_t)c->reply_len;
		if (c->reply_len > 0) {
			memcpy(m.udp_reply, c->reply, c->reply_len);
			memcpy(m.udp_reply_mask, c->reply_mask, c->reply_len);
		}
		m.udp_min_reply = (uint32_t)c->min_reply_length;
		m.udp_max_reply = (uint32_t)c->max_reply_length;
	}
	if (c->type == CONF_CHECK_BFD)	/* the bfd_instance's name */
		lvs_strlcpy(m.name, c->bfd_name, sizeof(m.name));
	conf_set_add_check(check, &m);
	if (c->type == CONF_CHECK_MISC)
		lvs_cmd(check, LVS_CMD_MISC, id, c->misc_path, c->user);
	TAILQ_FOREACH(u, &c->urls, entry) {
		memset(&mu, 0, sizeof(mu));
		mu.check = (uint32_t)id;
		lvs_strlcpy(mu.path, u->path, sizeof(mu.path));
		lvs_strlcpy(mu.digest, u->digest, sizeof(mu.digest));
		memcpy(mu.status, u->status, sizeof(mu.status));
		lvs_strlcpy(mu.virtualhost, u->virtualhost,
		    sizeof(mu.virtualhost));
		lvs_strlcpy(mu.regex, u->regex, sizeof(mu.regex));
		mu.regex_options = u->regex_options;
		mu.regex_flags = (u->regex_no_match ? URL_REGEX_F_NO_MATCH :
		    0) | (u->regex_max_set ? URL_REGEX_F_MAX : 0);
		mu.regex_min_offset = u->regex_min_offset;
		mu.regex_max_offset = u->regex_max_offset;
		memcpy(mu.regex_stack, u->regex_stack, sizeof(mu.regex_stack));
		conf_set_add_url(check, &mu);
	}
}

static void
lvs_collect_rs(const struct conf_real_server *rs, size_t vs_id,
    struct conf_set *check)
{
	const struct conf_check *c;
	const struct conf_smtp_host *h;
	struct msg_conf_rs m;
	size_t id = check->nrs;

	memset(&m, 0, sizeof(m));
	m.vs = (uint32_t)vs_id;
	m.family = rs->addr.family;
	lvs_addr(m.addr, &rs->addr);
	m.port = (uint32_t)rs->port;
	m.weight = rs->weight;
	m.conn_flags = lvs_conn_flags(&rs->fwd);
	m.tun_type = (uint32_t)rs->fwd.tun_type;
	m.tun_port = rs->fwd.tun_port;
	m.tun_flags = lvs_tun_flags(&rs->fwd);
	m.uthreshold = rs->uthreshold;
	m.lthreshold = rs->lthreshold;
	m.flags = (rs->inhibit_on_failure ? RS_F_INHIBIT : 0) |
	    (rs->alpha ? RS_F_ALPHA : 0) | (rs->smtp_alert ? RS_F_SMTP_ALERT :
	    0);
	lvs_strlcpy(m.snmp_name, rs->snmp_name, sizeof(m.snmp_name));
	lvs_strlcpy(m.virtualhost, rs->virtualhost, sizeof(m.virtualhost));
	m.retry = rs->retry;
	m.retry_given = conf_kw_given(&conf_lvs_rs_block, &rs->obj, "retry");
	m.dbr_given = conf_kw_given(&conf_lvs_rs_block, &rs->obj,
	    "delay_before_retry");
	m.warmup_given = conf_kw_given(&conf_lvs_rs_block, &rs->obj, "warmup");
	m.delay_loop_us = (uint64_t)rs->delay_loop_us;
	m.delay_before_retry_us = (uint64_t)rs->delay_before_retry_us;
	m.warmup_us = (uint64_t)rs->warmup_us;
	m.connect_timeout_us = (uint64_t)rs->connect_timeout_us;
	conf_set_add_rs(check, &m);
	lvs_cmd(check, LVS_CMD_NOTIFY_UP, id, rs->notify_up, NULL);
	lvs_cmd(check, LVS_CMD_NOTIFY_DOWN, id, rs->notify_down, NULL);
	TAILQ_FOREACH(c, &rs->checks, entry) {
		if (lvs_check_type(c->type) == LVS_CHECK_TYPE_MAX ||
		    (c->type == CONF_CHECK_FILE && c->file_target == NULL) ||
		    (c->type == CONF_CHECK_BFD && c->bfd_target == NULL))
			continue;	/* warned at parse time */
		if (c->type == CONF_CHECK_SMTP && !TAILQ_EMPTY(&c->hosts)) {
			TAILQ_FOREACH(h, &c->hosts, entry)
				lvs_collect_one_check(rs, id, c, h, check);
		} else
			lvs_collect_one_check(rs, id, c, NULL, check);
	}
}

void
conf_collect_lvs(const struct vigil_conf *conf, struct conf_set *check)
{
	const struct conf_virtual_server *vs;
	const struct conf_real_server *rs;
	const struct conf_ssl *ssl = conf->lvs.ssl;
	size_t vs_id;

	TAILQ_FOREACH(vs, &conf->lvs.vss, entry) {
		vs_id = check->nvs;
		lvs_collect_vs(vs, check);
		TAILQ_FOREACH(rs, &vs->real_servers, entry)
			lvs_collect_rs(rs, vs_id, check);
	}
	if (ssl != NULL) {
		check->has_ssl = true;
		lvs_strlcpy(check->ssl.password, ssl->password,
		    sizeof(check->ssl.password));
		lvs_strlcpy(check->ssl.ca, ssl->ca, sizeof(check->ssl.ca));
		lvs_strlcpy(check->ssl.certificate, ssl->certificate,
		    sizeof(check->ssl.certificate));
		lvs_strlcpy(check->ssl.key, ssl->key, sizeof(check->ssl.key));
	}
}

void
conf_stream_lvs(struct ipc_chan *c, const struct conf_set *s)
{
	size_t i;

	for (i = 0; i < s->nvs; i++)
		ipc_send(c, MSG_CONF_VS, &s->vs[i], sizeof(s->vs[i]));
	for (i = 0; i < s->nvsg; i++)
		ipc_send(c, MSG_CONF_VSG, &s->vsg[i], sizeof(s->vsg[i]));
	for (i = 0; i < s->nrs; i++)
		ipc_send(c, MSG_CONF_RS, &s->rs[i], sizeof(s->rs[i]));
	for (i = 0; i < s->ncheck; i++)
		ipc_send(c, MSG_CONF_CHECK, &s->check[i], sizeof(s->check[i]));
	for (i = 0; i < s->nurl; i++)
		ipc_send(c, MSG_CONF_URL, &s->url[i], sizeof(s->url[i]));
	for (i = 0; i < s->nlcmd; i++)
		ipc_send(c, MSG_CONF_LVS_CMD, &s->lcmd[i], sizeof(s->lcmd[i]));
	if (s->has_ssl)
		ipc_send(c, MSG_CONF_SSL, &s->ssl, sizeof(s->ssl));
}
