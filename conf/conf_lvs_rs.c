/*
 * real_server: its keyword table, which lists the checker blocks it may
 * hold, its hook and its free. What it does not set is inherited from its
 * virtual server in the check pass (conf_lvs_check.c).
 */
#include <stdlib.h>

#include "common/util.h"
#include "conf/conf.h"
#include "conf/conf_lvs_priv.h"

#define RS(m)	CONF_OFF(struct conf_real_server, m)

#define CHECK_KW(n, b)	{ n, CONF_T_BLOCK, .sub = &(b), \
			  .flags = CONF_KW_MULTI | CONF_KW_NODUMP }

static const struct conf_kw rs_kws[] = {
	{ "weight", CONF_T_U32, RS(weight), .min = 0, .max = WEIGHT_MAX,
	  .dump = conf_lvs_dump_u32_always },
	{ "lvs_method", CONF_T_NONE, RS(fwd), .min_args = 1,
	  .max_args = 7, .handler = conf_lvs_forward_handler,
	  .dump = conf_lvs_dump_forward },
	{ "notify_up", CONF_T_CMD, RS(notify_up) },
	{ "notify_down", CONF_T_CMD, RS(notify_down) },
	{ "uthreshold", CONF_T_U32, RS(uthreshold), .min = 0,
	  .max = UINT32_MAX },
	{ "lthreshold", CONF_T_U32, RS(lthreshold), .min = 0,
	  .max = UINT32_MAX },
	{ "inhibit_on_failure", CONF_T_BOOL, RS(inhibit_on_failure),
	  .dump = conf_lvs_dump_bool_always },
	{ "alpha", CONF_T_BOOL, RS(alpha), .dump = conf_lvs_dump_bool_always },
	{ "smtp_alert", CONF_T_BOOL, RS(smtp_alert),
	  .dump = conf_lvs_dump_bool_always },
	{ "retry", CONF_T_U32, RS(retry), .min = 0, .max = UINT32_MAX },
	{ "nb_get_retry", .alias_of = "retry" },
	TIMER("delay_before_retry", RS(delay_before_retry_us), 0),
	TIMER("warmup", RS(warmup_us), 0),
	CONNECT_TIMEOUT(RS(connect_timeout_us)),
	TIMER("delay_loop", RS(delay_loop_us), 1),
	{ "virtualhost", CONF_T_STRING, RS(virtualhost) },
	{ "snmp_name", CONF_T_STRING, RS(snmp_name) },
	CHECK_KW("TCP_CHECK", conf_lvs_tcp_block),
	CHECK_KW("HTTP_GET", conf_lvs_http_block),
	CHECK_KW("SSL_GET", conf_lvs_ssl_get_block),
	CHECK_KW("SMTP_CHECK", conf_lvs_smtp_block),
	CHECK_KW("DNS_CHECK", conf_lvs_dns_block),
	CHECK_KW("MISC_CHECK", conf_lvs_misc_block),
	CHECK_KW("PING_CHECK", conf_lvs_ping_block),
	CHECK_KW("UDP_CHECK", conf_lvs_udp_block),
	CHECK_KW("BFD_CHECK", conf_lvs_bfd_block),
	CHECK_KW("FILE_CHECK", conf_lvs_file_block),
	{ NULL }
};

/* real_server ADDRESS [PORT] */
static struct conf_obj *
rs_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct conf_virtual_server *vs = (struct conf_virtual_server *)parent;
	struct conf_real_server *rs;
	struct conf_addr addr;
	int port = 0;

	if (conf_parse_addr(ctx, &node->args[0], "real_server", false,
	    &addr) < 0)
		return NULL;
	if (node->nargs > 1 && conf_lvs_parse_port(ctx, &node->args[1],
	    "real_server port", 0, &port) < 0)
		return NULL;
	rs = xcalloc(1, sizeof(*rs));
	rs->addr = addr;
	rs->port = port;
	TAILQ_INIT(&rs->checks);
	TAILQ_INSERT_TAIL(&vs->real_servers, rs, entry);
	vs->nrs++;
	return &rs->obj;
}

const struct conf_block conf_lvs_rs_block = {
	.name = "real_server",
	.kws = rs_kws,
	.size = sizeof(struct conf_real_server),
	.open = rs_open,
};

void
conf_lvs_free_rs(struct conf_real_server *rs)
{
	struct conf_check *c;

	while ((c = TAILQ_FIRST(&rs->checks)) != NULL) {
		TAILQ_REMOVE(&rs->checks, c, entry);
		conf_lvs_free_check(c);
	}
	conf_free_fields(&conf_lvs_rs_block, &rs->obj);
	free(rs);
}
