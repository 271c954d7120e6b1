/*
 * Unit tests for conf/conf_lvs*.c: virtual_server, virtual_server_group,
 * real_server and the checkers, read from strings through conf_load_buffer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"

#define SEC	1000000

struct lvs_diags {
	char	text[32768];
	size_t	len;
	int	errors, warnings, notes;
	int	inert;	/* "KW: not supported yet: ..." (read, not acted on) */
};

static struct lvs_diags dg;

static void
lvs_diag(void *arg, enum conf_level level, const char *line)
{
	struct lvs_diags *d = arg;
	int n;

	n = snprintf(d->text + d->len, sizeof(d->text) - d->len, "%s\n", line);
	if (n > 0 && d->len + (size_t)n < sizeof(d->text))
		d->len += (size_t)n;
	if (level == CONF_ERROR)
		d->errors++;
	else if (level == CONF_WARNING && strstr(line, ": not supported yet: "))
		d->inert++;
	else if (level == CONF_WARNING)
		d->warnings++;
	else
		d->notes++;
}

static struct vigil_conf *
lvs_load(const char *text)
{
	struct conf_load_opts opts = {
		.diag = lvs_diag, .diag_arg = &dg,
		.check_interfaces = false, .config_id = "unit",
	};

	memset(&dg, 0, sizeof(dg));
	return conf_load_buffer("t.conf", text, strlen(text), &opts);
}

static char *
lvs_dump(const struct vigil_conf *conf)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	conf_dump(conf, f);
	fclose(f);
	return buf;
}

static int
has(const char *needle)
{
	return strstr(dg.text, needle) != NULL;
}

/* Print the diagnostics when an assertion is about to fail. */
#define CHECK_OK(conf) do {						\
	if ((conf) == NULL || dg.errors != 0)				\
		fprintf(stderr, "%s", dg.text);				\
	assert_non_null(conf);						\
} while (0)

static struct conf_virtual_server *
first_vs(struct vigil_conf *conf)
{
	return TAILQ_FIRST(&conf->lvs.vss);
}

static struct conf_real_server *
nth_rs(struct conf_virtual_server *vs, int n)
{
	struct conf_real_server *rs = TAILQ_FIRST(&vs->real_servers);

	while (rs != NULL && n-- > 0)
		rs = TAILQ_NEXT(rs, entry);
	return rs;
}

static const char director[] =
    "virtual_server 203.0.113.10 80 {\n"
    "    delay_loop 5\n"
    "    lvs_sched wlc\n"
    "    lvs_method DR\n"
    "    protocol TCP\n"
    "    persistence_timeout 300\n"
    "    quorum 2\n"
    "    sorry_server 198.51.100.99 80\n"
    "    real_server 198.51.100.21 80 {\n"
    "        weight 1\n"
    "        HTTP_GET {\n"
    "            url {\n"
    "                path /health\n"
    "                status_code 200\n"
    "            }\n"
    "            connect_timeout 3\n"
    "            retry 2\n"
    "            delay_before_retry 2\n"
    "        }\n"
    "    }\n"
    "    real_server 198.51.100.22 80 {\n"
    "        TCP_CHECK {\n"
    "            connect_timeout 3\n"
    "        }\n"
    "    }\n"
    "    real_server 198.51.100.23 80 {\n"
    "        weight 2\n"
    "        MISC_CHECK {\n"
    "            misc_path \"/etc/vigil/check_web.sh 198.51.100.23\"\n"
    "        }\n"
    "    }\n"
    "}\n";

static void
test_director(void **state)
{
	struct vigil_conf *conf = lvs_load(director);
	struct conf_virtual_server *vs;
	struct conf_real_server *rs;
	struct conf_check *c;
	struct conf_url *u;

	(void)state;
	CHECK_OK(conf);
	assert_int_equal(dg.warnings, 0);
	/* Acted on now: no "not supported yet" for the blocks. */
	assert_null(strstr(dg.text, "not supported yet"));
	vs = first_vs(conf);
	assert_int_equal(vs->kind, CONF_VS_ADDR);
	assert_int_equal(vs->port, 80);
	assert_int_equal(vs->sched, CONF_SCHED_WLC);
	assert_int_equal(vs->fwd.method, CONF_LVS_DR);
	assert_int_equal(vs->protocol, CONF_PROTO_TCP);
	assert_int_equal(vs->persistence_timeout, 300);
	assert_int_equal(vs->quorum, 2);
	assert_true(vs->has_sorry);
	assert_int_equal(vs->sorry_port, 80);
	assert_int_equal(vs->sorry_fwd.method, CONF_LVS_DR);
	assert_int_equal(vs->nrs, 3);

	rs = nth_rs(vs, 0);
	c = TAILQ_FIRST(&rs->checks);
	assert_int_equal(c->type, CONF_CHECK_HTTP);
	assert_int_equal(c->retry, 2);
	assert_int_equal(c->delay_before_retry_us, 2 * SEC);
	assert_int_equal(c->connect_timeout_us, 3 * SEC);
	assert_int_equal(c->delay_loop_us, 5 * SEC);
	assert_int_equal(c->warmup_us, 5 * SEC);
	assert_int_equal(c->http_protocol, CONF_HTTP_10);
	u = TAILQ_FIRST(&c->urls);
	assert_string_equal(u->path, "/health");
	assert_null(u->digest);

	/* weight and forwarding come from the virtual server */
	rs = nth_rs(vs, 1);
	assert_int_equal(rs->weight, 1);
	assert_int_equal(rs->fwd.method, CONF_LVS_DR);
	c = TAILQ_FIRST(&rs->checks);
	assert_int_equal(c->type, CONF_CHECK_TCP);
	assert_int_equal(c->retry, 1);
	assert_int_equal(c->delay_before_retry_us, 1 * SEC);

	rs = nth_rs(vs, 2);
	assert_int_equal(rs->weight, 2);
	c = TAILQ_FIRST(&rs->checks);
	assert_int_equal(c->type, CONF_CHECK_MISC);
	assert_int_equal(c->retry, 0);
	assert_int_equal(c->misc_timeout_us, 5 * SEC);
	assert_string_equal(c->misc_path, "/etc/vigil/check_web.sh "
	    "198.51.100.23");
	conf_free(conf);
}

static void
test_defaults(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 53 {\n"
	    "  protocol UDP\n"
	    "  real_server 192.0.2.11 53 {\n"
	    "    DNS_CHECK { }\n"
	    "    SMTP_CHECK { connect_port 25 }\n"
	    "    SSL_GET { url { path / } }\n"
	    "    UDP_CHECK { }\n"
	    "  }\n"
	    "}\n");
	struct conf_virtual_server *vs;
	struct conf_real_server *rs;
	struct conf_check *c;
	struct conf_url *u;

	(void)state;
	CHECK_OK(conf);
	vs = first_vs(conf);
	assert_int_equal(vs->delay_loop_us, 60 * SEC);
	assert_int_equal(vs->connect_timeout_us, 5 * SEC);
	assert_int_equal(vs->sched, CONF_SCHED_WLC);
	assert_int_equal(vs->fwd.method, CONF_LVS_NAT);
	assert_int_equal(vs->quorum, 1);
	assert_int_equal(vs->hysteresis, 0);
	assert_int_equal(vs->weight, 1);
	assert_int_equal(vs->persistence_timeout, 0);
	assert_false(vs->smtp_alert);
	rs = nth_rs(vs, 0);
	assert_true(rs->smtp_alert);
	assert_int_equal(rs->weight, 1);

	c = TAILQ_FIRST(&rs->checks);
	assert_int_equal(c->type, CONF_CHECK_DNS);
	assert_int_equal(c->retry, 3);
	assert_int_equal(c->delay_before_retry_us, 60 * SEC);
	assert_int_equal(c->dns_type, CONF_DNS_SOA);
	assert_string_equal(c->dns_name, ".");
	assert_int_equal(c->connect_timeout_us, 5 * SEC);

	c = TAILQ_NEXT(c, entry);
	assert_int_equal(c->type, CONF_CHECK_SMTP);
	assert_string_equal(c->helo_name, "smtpchecker.keepalived.org");
	assert_int_equal(c->connect_port, 25);

	c = TAILQ_NEXT(c, entry);
	assert_int_equal(c->type, CONF_CHECK_SSL);
	assert_int_equal(c->retry, 1);
	assert_int_equal(c->delay_before_retry_us, 3 * SEC);
	u = TAILQ_FIRST(&c->urls);
	/* status_code defaults to 200-299 */
	assert_true(u->status[(200 - 100) / 64] & (UINT64_C(1) << (100 % 64)));

	c = TAILQ_NEXT(c, entry);
	assert_int_equal(c->type, CONF_CHECK_UDP);
	assert_int_equal(c->min_reply_length, 0);
	assert_int_equal(c->max_reply_length, 255);
	assert_false(c->require_reply);
	assert_null(c->payload);
	conf_free(conf);
}

static void
test_deprecated(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 80 {\n"
	    "  lb_algo wrr\n"
	    "  lb_kind DR\n"
	    "  protocol TCP\n"
	    "  real_server 192.0.2.11 80 {\n"
	    "    TCP_CHECK { nb_get_retry 4 }\n"
	    "  }\n"
	    "}\n");
	struct conf_virtual_server *vs;
	char *d;

	(void)state;
	CHECK_OK(conf);
	/* The third: TCP_CHECK's statement on the line of its '{'. */
	assert_int_equal(dg.notes, 4);
	assert_int_equal(dg.warnings, 0);
	assert_true(has("t.conf:6:17: note: a block's statements on the "
	    "line of its '{'"));
	assert_true(has("t.conf:2:3: note: 'lb_algo' is deprecated; use "
	    "'lvs_sched'"));
	assert_true(has("t.conf:3:3: note: 'lb_kind' is deprecated; use "
	    "'lvs_method'"));
	assert_true(has("t.conf:6:17: note: 'nb_get_retry' is deprecated; "
	    "use 'retry'"));
	vs = first_vs(conf);
	assert_int_equal(vs->sched, CONF_SCHED_WRR);
	assert_int_equal(vs->fwd.method, CONF_LVS_DR);
	assert_int_equal(TAILQ_FIRST(&nth_rs(vs, 0)->checks)->retry, 4);
	d = lvs_dump(conf);
	assert_non_null(strstr(d, "    lvs_sched wrr\n"));
	assert_non_null(strstr(d, "    lvs_method DR\n"));
	assert_non_null(strstr(d, "            retry 4\n"));
	assert_null(strstr(d, "lb_algo"));
	assert_null(strstr(d, "nb_get_retry"));
	free(d);
	conf_free(conf);
}

/* One config per bad value: the error states the range. */
static void
test_ranges(void **state)
{
	static const struct {
		const char *kw, *where, *expect;
	} cases[] = {
		{ "persistence_timeout 0", "vs", "(1-2678400)" },
		{ "quorum 0", "vs", "(1-4294967295)" },
		{ "weight 0", "vs", "(1-2147483647)" },
		{ "delay_loop 0", "vs", "out of range" },
		{ "connect_timeout 5000", "vs", "(0.000001-4294.967295)" },
		{ "weight -1", "rs", "(0-2147483647)" },
		{ "uthreshold 5000000000", "rs", "(0-4294967295)" },
		{ "retry -1", "ck", "(0-4294967295)" },
		{ "connect_port 70000", "ck", "(1-65535)" },
		{ "fwmark 0", "ck", "(1-4294967295)" },
	};
	char buf[512];
	struct vigil_conf *conf;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf),
		    "virtual_server 192.0.2.1 80 {\n protocol TCP\n %s\n"
		    " real_server 192.0.2.11 80 {\n %s\n"
		    "  TCP_CHECK {\n %s\n }\n }\n}\n",
		    strcmp(cases[i].where, "vs") == 0 ? cases[i].kw : "",
		    strcmp(cases[i].where, "rs") == 0 ? cases[i].kw : "",
		    strcmp(cases[i].where, "ck") == 0 ? cases[i].kw : "");
		conf = lvs_load(buf);
		if (conf != NULL || !has(cases[i].expect))
			fprintf(stderr, "case %s:\n%s", cases[i].kw, dg.text);
		assert_null(conf);
		assert_true(has(": error: "));
		assert_true(has(cases[i].expect));
	}
}

static void
test_status_code(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 443 {\n protocol TCP\n"
	    " real_server 192.0.2.11 443 {\n"
	    "  SSL_GET { url { path / status_code 200-299 400-499 503 505 }\n"
	    "   url { path /mrtg/ digest 9B3A0C85A887A256D6939DA88AABD8CD\n"
	    "         status_code 200 } }\n"
	    " }\n}\n");
	struct conf_check *c;
	struct conf_url *u;
	char *d;

	(void)state;
	CHECK_OK(conf);
	c = TAILQ_FIRST(&nth_rs(first_vs(conf), 0)->checks);
	u = TAILQ_NEXT(TAILQ_FIRST(&c->urls), entry);
	assert_string_equal(u->digest, "9b3a0c85a887a256d6939da88aabd8cd");
	d = lvs_dump(conf);
	assert_non_null(strstr(d, "status_code 200-299 400-499 503 505\n"));
	assert_non_null(strstr(d, "status_code 200\n"));
	free(d);
	conf_free(conf);

	conf = lvs_load("virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  HTTP_GET { url { path / status_code 600 } }\n }\n}\n");
	assert_null(conf);
	assert_true(has("t.conf:4:39: error: status_code 600 is out of range "
	    "(100-599)"));
	conf = lvs_load("virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  HTTP_GET { url { path / digest 1234 } }\n }\n}\n");
	assert_null(conf);
	assert_true(has("is not an MD5 digest"));
	conf = lvs_load("virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  HTTP_GET { connect_timeout 3 }\n }\n}\n");
	assert_null(conf);
	assert_true(has("HTTP_GET needs at least one url"));
}

static void
test_placeholder(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  TCP_CHECK {\n"
	    "   bindto <ip>\n"
	    "  }\n }\n}\n");

	(void)state;
	assert_null(conf);
	assert_true(has("t.conf:5:11: error: '<ip>' is a placeholder"));
	conf = lvs_load("virtual_server <VIP> 80 {\n protocol TCP\n}\n");
	assert_null(conf);
	assert_true(has("t.conf:1:16: error: '<VIP>' is a placeholder"));
	conf = lvs_load("virtual_server_group G {\n <vip> 80\n}\n");
	assert_null(conf);
	assert_true(has("t.conf:2:2: error: '<vip>' is a placeholder"));
}

static void
test_group(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server group WEB {\n protocol TCP\n"
	    " persistence_timeout 50\n"
	    " real_server 192.0.2.11 80 { lvs_method TUN TCP_CHECK { } }\n}\n"
	    "virtual_server_group WEB {\n"
	    " 192.0.2.1 80\n"
	    " 192.0.2.3-10 80 192.0.2.250-192.0.3.10 80\n"
	    " 198.51.100.0/29 8080\n"
	    " 2001:db8::2-1f 80\n"
	    " fwmark 7\n"
	    " fwmark 8 inet6\n"
	    "}\n");
	struct conf_vs_group *g;
	struct conf_vs_group_entry *e;
	char *d;

	(void)state;
	CHECK_OK(conf);
	g = TAILQ_FIRST(&conf->lvs.groups);
	assert_ptr_equal(first_vs(conf)->vsg, g);
	assert_int_equal(g->nentries, 7);
	e = TAILQ_NEXT(TAILQ_FIRST(&g->entries), entry);
	assert_int_equal(((uint8_t *)&e->last.u.v4)[3], 10);
	assert_int_equal(e->port, 80);
	d = lvs_dump(conf);
	assert_non_null(strstr(d, "\n    192.0.2.3-10 80\n"));
	assert_non_null(strstr(d, "\n    192.0.2.250-192.0.3.10 80\n"));
	assert_non_null(strstr(d, "\n    198.51.100.0/29 8080\n"));
	assert_non_null(strstr(d, "\n    2001:db8::2-1f 80\n"));
	assert_non_null(strstr(d, "\n    fwmark 8 inet6\n"));
	assert_non_null(strstr(d, "virtual_server group WEB {\n"));
	free(d);
	conf_free(conf);

	/* a reference to a group defined nowhere */
	conf = lvs_load("virtual_server_group WEB { 192.0.2.1 80 }\n"
	    "virtual_server group WBE {\n protocol TCP\n"
	    " real_server 192.0.2.11 80 { TCP_CHECK { } }\n}\n");
	assert_null(conf);
	assert_true(has("t.conf:2:22: error: virtual_server_group WBE is not "
	    "defined; did you mean 'WEB'?"));

	conf = lvs_load("virtual_server_group E {\n}\n");
	assert_null(conf);
	assert_true(has("virtual_server_group E has no entries"));
	conf = lvs_load("virtual_server_group R { 192.0.2.9-3 80 }\n");
	assert_null(conf);
	assert_true(has("ends before it starts"));
}

static void
test_enum_typos(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 80 {\n"
	    " lvs_sched rrr\n"
	    " lvs_method NATT\n"
	    " protocol TPC\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  DNS_CHECK { type AAA }\n"
	    "  HTTP_GET { url { path / } http_protocol 1.2 }\n"
	    " }\n}\n");
	struct conf_virtual_server *vs;
	struct conf_check *c;

	(void)state;
	CHECK_OK(conf);
	assert_true(has("t.conf:2:12: warning: lvs_sched 'rrr' is not one of"));
	assert_true(has("; using wlc; did you mean 'rr'?"));
	assert_true(has("t.conf:3:13: warning: lvs_method 'NATT' is not one "
	    "of NAT, DR, TUN; using NAT; did you mean 'NAT'?"));
	assert_true(has("t.conf:4:11: warning: protocol 'TPC' is not one of "
	    "TCP, UDP, SCTP; using UDP; did you mean 'TCP'?"));
	assert_true(has("t.conf:6:20: warning: type 'AAA'"));
	vs = first_vs(conf);
	assert_int_equal(vs->sched, CONF_SCHED_WLC);
	assert_int_equal(vs->fwd.method, CONF_LVS_NAT);
	assert_int_equal(vs->protocol, CONF_PROTO_UDP);
	c = TAILQ_FIRST(&nth_rs(vs, 0)->checks);
	assert_int_equal(c->dns_type, CONF_DNS_SOA);
	c = TAILQ_NEXT(c, entry);
	assert_int_equal(c->http_protocol, CONF_HTTP_10);
	conf_free(conf);
}

static void
test_no_protocol(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 80 {\n"
	    " real_server 192.0.2.11 80 { TCP_CHECK { } }\n}\n"
	    "virtual_server fwmark 3 {\n"
	    " real_server 192.0.2.11 80 { TCP_CHECK { } }\n}\n");
	struct conf_virtual_server *vs;

	(void)state;
	CHECK_OK(conf);
	assert_true(has("t.conf:1:1: warning: virtual_server has no protocol; "
	    "using UDP as keepalived does"));
	vs = first_vs(conf);
	assert_int_equal(vs->protocol, CONF_PROTO_UDP);
	vs = TAILQ_NEXT(vs, entry);
	assert_int_equal(vs->kind, CONF_VS_FWMARK);
	assert_int_equal(vs->fwmark, 3);
	assert_int_equal(vs->protocol, 0);
	assert_int_equal(dg.warnings, 1);
	conf_free(conf);
}

/* Virtual server keywords written after the real servers still apply. */
static void
test_inheritance_order(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  retry 7\n"
	    "  TCP_CHECK { }\n"
	    "  TCP_CHECK { retry 2 delay_loop 9 }\n"
	    " }\n"
	    " real_server 192.0.2.12 80 { alpha TCP_CHECK { } }\n"
	    " delay_loop 10\n"
	    " delay_before_retry 4\n"
	    " retry 5\n"
	    " weight 3\n"
	    " inhibit_on_failure\n"
	    "}\n");
	struct conf_virtual_server *vs;
	struct conf_real_server *rs;
	struct conf_check *c;

	(void)state;
	CHECK_OK(conf);
	vs = first_vs(conf);
	rs = nth_rs(vs, 0);
	assert_int_equal(rs->weight, 3);
	assert_true(rs->inhibit_on_failure);
	c = TAILQ_FIRST(&rs->checks);
	assert_int_equal(c->retry, 7);
	assert_int_equal(c->delay_loop_us, 10 * SEC);
	assert_int_equal(c->warmup_us, 10 * SEC);
	assert_int_equal(c->delay_before_retry_us, 4 * SEC);
	c = TAILQ_NEXT(c, entry);
	assert_int_equal(c->retry, 2);
	assert_int_equal(c->delay_loop_us, 9 * SEC);
	assert_int_equal(c->warmup_us, 9 * SEC);
	rs = nth_rs(vs, 1);
	c = TAILQ_FIRST(&rs->checks);
	assert_int_equal(c->retry, 5);
	assert_true(c->alpha);
	conf_free(conf);
}

static void
test_tunnel(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " lvs_method TUN type gue port 6080 csum\n"
	    " real_server 2001:db8::11 80 { lvs_method TUN type gre }\n"
	    " real_server 192.0.2.12 80 { }\n"
	    "}\n");
	struct conf_virtual_server *vs;
	struct conf_real_server *rs;
	char *d;

	(void)state;
	CHECK_OK(conf);
	vs = first_vs(conf);
	assert_int_equal(vs->fwd.method, CONF_LVS_TUN);
	assert_int_equal(vs->fwd.tun_type, CONF_TUN_GUE);
	assert_int_equal(vs->fwd.tun_port, 6080);
	assert_int_equal(vs->fwd.csum, CONF_CSUM_CSUM);
	rs = nth_rs(vs, 0);
	assert_int_equal(rs->fwd.tun_type, CONF_TUN_GRE);
	rs = nth_rs(vs, 1);
	assert_int_equal(rs->fwd.tun_type, CONF_TUN_GUE);
	d = lvs_dump(conf);
	assert_non_null(strstr(d, "lvs_method TUN type gue port 6080 csum\n"));
	assert_non_null(strstr(d, "lvs_method TUN type gre nocsum\n"));
	free(d);
	conf_free(conf);

	conf = lvs_load("virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " lvs_method TUN type gue\n}\n");
	assert_null(conf);
	assert_true(has("a gue tunnel needs 'port N'"));
	conf = lvs_load("virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " lvs_method TUN csum\n}\n");
	assert_null(conf);
	assert_true(has("a ipip tunnel does not support csum"));
	conf = lvs_load("virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " lvs_method DR type gre\n}\n");
	assert_null(conf);
	assert_true(has("tunnel options only apply to TUN"));
	/* NAT cannot mix families */
	conf = lvs_load("virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " real_server 2001:db8::11 80 { }\n}\n");
	assert_null(conf);
	assert_true(has("real_server is IPv6 but the virtual_server is IPv4"));
	conf = lvs_load("virtual_server_group G { 192.0.2.1 80 }\n"
	    "virtual_server group G {\n protocol TCP\n"
	    " real_server 2001:db8::11 80 { }\n}\n");
	assert_null(conf);
	assert_true(has("t.conf:4:2: error: real_server is IPv6 but the "
	    "virtual_server is IPv4 (line 1;"));
	conf = lvs_load("virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " real_server 192.0.2.11 80 { TCP_CHECK { bindto 2001:db8::1 } }"
	    "\n}\n");
	assert_null(conf);
	assert_true(has("TCP_CHECK: bindto is IPv6 but the address checked is "
	    "not"));
}

static void
test_udp_hex(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 1358 {\n protocol UDP\n"
	    " real_server 192.0.2.11 1358 {\n"
	    "  UDP_CHECK {\n"
	    "   payload Ab12f 3 456 546443123\n"
	    "   require_reply 01Xx ff\n"
	    "   min_reply_length 2\n"
	    "  }\n }\n}\n");
	static const uint8_t want[] = { 0xab, 0x12, 0x0f, 0x03, 0x45, 0x06,
	    0x54, 0x64, 0x43, 0x12, 0x03 };
	struct conf_check *c;
	char *d;

	(void)state;
	CHECK_OK(conf);
	c = TAILQ_FIRST(&nth_rs(first_vs(conf), 0)->checks);
	assert_int_equal(c->payload_len, sizeof(want));
	assert_memory_equal(c->payload, want, sizeof(want));
	assert_true(c->require_reply);
	assert_int_equal(c->reply_len, 3);
	assert_int_equal(c->reply[0], 0x01);
	assert_int_equal(c->reply_mask[1], 0x00);
	assert_int_equal(c->reply[2], 0xff);
	d = lvs_dump(conf);
	assert_non_null(strstr(d, "payload ab120f03450654644312" "03\n"));
	assert_non_null(strstr(d, "require_reply 01XXff\n"));
	free(d);
	conf_free(conf);

	conf = lvs_load("virtual_server 192.0.2.1 1358 {\n protocol UDP\n"
	    " real_server 192.0.2.11 1358 {\n"
	    "  UDP_CHECK { payload 12zz }\n }\n}\n");
	assert_null(conf);
	assert_true(has("payload: '12zz' is not hexadecimal"));
}

/* snmp_name: the KEEPALIVED-MIB names of a virtual and a real server,
 * kept (no warning) and dumped. */
static void
test_snmp_name(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " snmp_name \"web front\"\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  snmp_name rs1\n"
	    "  HTTP_GET { url { path / } }\n"
	    " }\n}\n");
	char *d;

	(void)state;
	CHECK_OK(conf);
	assert_false(has("snmp_name"));
	assert_string_equal(first_vs(conf)->snmp_name, "web front");
	assert_string_equal(nth_rs(first_vs(conf), 0)->snmp_name, "rs1");
	d = lvs_dump(conf);
	assert_non_null(strstr(d, "snmp_name \"web front\"\n"));
	assert_non_null(strstr(d, "snmp_name rs1\n"));
	free(d);
	conf_free(conf);
}

/* FILE_CHECK: its track_file found by name, the block's weight unless
 * it gives one; an unknown name or none is a warning and the checker is
 * left out (keepalived ignores it too). */
static void
test_file_check(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "track_file tf { file /run/tf\n weight 3 reverse\n}\n"
	    "virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  FILE_CHECK { track_file tf }\n }\n"
	    " real_server 192.0.2.12 80 {\n"
	    "  FILE_CHECK { track_file tf\n weight -2 }\n }\n"
	    " real_server 192.0.2.13 80 {\n"
	    "  FILE_CHECK { track_file nosuch }\n }\n}\n");
	struct conf_check *c;

	(void)state;
	CHECK_OK(conf);
	assert_int_equal(dg.warnings, 1);
	assert_true(has("t.conf:14:3: warning: FILE_CHECK: no track_file "
	    "named nosuch"));
	c = TAILQ_FIRST(&nth_rs(first_vs(conf), 0)->checks);
	assert_int_equal(c->type, CONF_CHECK_FILE);
	assert_non_null(c->file_target);
	assert_int_equal(c->file_weight, 3);
	assert_true(c->file_reverse);
	c = TAILQ_FIRST(&nth_rs(first_vs(conf), 1)->checks);
	assert_int_equal(c->file_weight, -2);
	assert_false(c->file_reverse);
	c = TAILQ_FIRST(&nth_rs(first_vs(conf), 2)->checks);
	assert_null(c->file_target);
	conf_free(conf);

	conf = lvs_load("virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " real_server 192.0.2.11 80 {\n  FILE_CHECK { weight 1 }\n"
	    " }\n}\n");
	CHECK_OK(conf);
	assert_true(has("t.conf:4:3: warning: FILE_CHECK has no track_file: "
	    "this checker is ignored"));
	assert_null(TAILQ_FIRST(&nth_rs(first_vs(conf), 0)->checks)->
	    file_target);
	conf_free(conf);
}

/* BFD_CHECK: its bfd_instance found by name; an unknown name, none, a
 * second check of one session or a vrrp-only session is a warning and
 * the checker is left out (keepalived ignores it too). */
static void
test_bfd_check(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "bfd_instance b1 { neighbor_ip 192.0.2.11 }\n"
	    "bfd_instance b2 { neighbor_ip 192.0.2.12\n vrrp }\n"
	    "virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  BFD_CHECK { name b1 }\n"
	    "  BFD_CHECK { name b1 }\n }\n"
	    " real_server 192.0.2.12 80 {\n"
	    "  BFD_CHECK { name b2 }\n"
	    "  BFD_CHECK { name nosuch }\n"
	    "  BFD_CHECK { }\n }\n}\n");
	struct conf_check *c;

	(void)state;
	CHECK_OK(conf);
	assert_int_equal(dg.warnings, 4);
	assert_true(has("t.conf:8:3: warning: BFD_CHECK: this real server "
	    "already checks b1: ignored"));
	assert_true(has("t.conf:11:3: warning: BFD_CHECK: bfd_instance b2 "
	    "says vrrp"));
	assert_true(has("t.conf:12:3: warning: BFD_CHECK: no bfd_instance "
	    "named nosuch"));
	assert_true(has("t.conf:13:3: warning: BFD_CHECK has no name"));
	c = TAILQ_FIRST(&nth_rs(first_vs(conf), 0)->checks);
	assert_int_equal(c->type, CONF_CHECK_BFD);
	assert_non_null(c->bfd_target);
	assert_string_equal(c->bfd_target->name, "b1");
	assert_null(TAILQ_NEXT(c, entry)->bfd_target);
	TAILQ_FOREACH(c, &nth_rs(first_vs(conf), 1)->checks, entry)
		assert_null(c->bfd_target);
	conf_free(conf);
}

/* url { regex ... }: read, compiled at load, dumped back. */
static void
test_regex(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  HTTP_GET { url { path /\n"
	    "   regex \"status: (ok|degraded)\"\n"
	    "   regex_options caseless multiline\n"
	    "   regex_no_match\n regex_min_offset 2\n"
	    "   regex_max_offset 4096\n regex_stack 32768 65536\n"
	    "  } }\n }\n}\n");
	const struct conf_url *u;
	char *d;

	(void)state;
	CHECK_OK(conf);
	assert_int_equal(dg.errors + dg.warnings, 0);
	u = TAILQ_FIRST(&TAILQ_FIRST(&nth_rs(first_vs(conf), 0)->checks)->urls);
	assert_string_equal(u->regex, "status: (ok|degraded)");
	assert_true(u->regex_no_match);
	assert_int_equal(u->regex_min_offset, 2);
	assert_true(u->regex_max_set);
	assert_int_equal(u->regex_max_offset, 4096);
	assert_int_equal(u->regex_stack[1], 65536);
	d = lvs_dump(conf);
	assert_non_null(strstr(d, "regex_options caseless multiline\n"));
	assert_non_null(strstr(d, "regex_stack 32768 65536\n"));
	free(d);
	conf_free(conf);

	conf = lvs_load("virtual_server 192.0.2.1 80 {\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  HTTP_GET { url { path / regex \"a(b\" } }\n }\n}\n");
	assert_null(conf);
	assert_true(has("regex 'a(b': missing closing parenthesis"));
	conf = lvs_load("virtual_server 192.0.2.1 80 {\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  HTTP_GET { url { path / regex x regex_options nocase } }\n"
	    " }\n}\n");
	assert_null(conf);
	assert_true(has("regex_options: unknown option 'nocase'"));
	/* settings without a regex: warned, dropped */
	conf = lvs_load("virtual_server 192.0.2.1 80 {\n"
	    " real_server 192.0.2.11 80 {\n"
	    "  HTTP_GET { url { path / regex_no_match } }\n }\n}\n");
	CHECK_OK(conf);
	assert_true(has("regex settings without a regex are ignored"));
	conf_free(conf);
}

static void
test_quorum_and_ports(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " lvs_method DR\n"
	    " quorum 5\n hysteresis 9\n"
	    " real_server 192.0.2.11 8080 { }\n"
	    " real_server 192.0.2.12 { weight 2 }\n"
	    " real_server 192.0.2.12 80 { }\n"
	    "}\n");
	struct conf_virtual_server *vs;

	(void)state;
	CHECK_OK(conf);
	vs = first_vs(conf);
	assert_true(has("t.conf:6:2: warning: real_server port 8080 differs "
	    "from the virtual_server port 80"));
	assert_true(has("t.conf:8:2: warning: real_server given twice"));
	assert_true(has("quorum 5 is above the total weight of the real "
	    "servers (3); using 3"));
	assert_true(has("hysteresis 9 must be below the quorum 3; using 2"));
	assert_int_equal(vs->nrs, 2);
	assert_int_equal(nth_rs(vs, 0)->port, 80);
	assert_int_equal(nth_rs(vs, 1)->port, 80);
	assert_int_equal(vs->quorum, 3);
	assert_int_equal(vs->hysteresis, 2);
	conf_free(conf);

	/* no port: persistent, as keepalived makes it */
	conf = lvs_load("virtual_server 192.0.2.1 {\n protocol TCP\n"
	    " real_server 192.0.2.11 { PING_CHECK { } }\n}\n");
	CHECK_OK(conf);
	assert_true(has("must be persistent; using persistence_timeout 360"));
	assert_int_equal(first_vs(conf)->persistence_timeout, 360);
	conf_free(conf);

	/* a TCP check with nowhere to connect */
	conf = lvs_load("virtual_server fwmark 1 {\n lvs_method DR\n"
	    " real_server 192.0.2.11 { TCP_CHECK { } }\n}\n");
	assert_null(conf);
	assert_true(has("TCP_CHECK has no port to connect to"));
}

static void
test_one_line(void **state)
{
	struct vigil_conf *one = lvs_load(
	    "virtual_server 192.0.2.1 80 { protocol TCP lvs_sched rr "
	    "real_server 192.0.2.11 80 { weight 2 HTTP_GET { url { path /x "
	    "status_code 200 } connect_timeout 3 } } }\n");
	struct vigil_conf *many = lvs_load(
	    "virtual_server 192.0.2.1 80 {\n protocol TCP\n lvs_sched rr\n"
	    " real_server 192.0.2.11 80 {\n  weight 2\n  HTTP_GET {\n"
	    "   url {\n    path /x\n    status_code 200\n   }\n"
	    "   connect_timeout 3\n  }\n }\n}\n");
	char *d1, *d2;

	(void)state;
	assert_non_null(one);
	assert_non_null(many);
	d1 = lvs_dump(one);
	d2 = lvs_dump(many);
	assert_string_equal(d1, d2);
	free(d1);
	free(d2);
	conf_free(one);
	conf_free(many);
}

/* The dump parses back to the same dump. */
static void
test_roundtrip(void **state)
{
	static const char rich[] =
	    "virtual_server_group G { 192.0.2.1-5 80 fwmark 9 inet }\n"
	    "virtual_server group G {\n protocol TCP\n persistence_timeout\n"
	    " persistence_granularity 255.255.255.0\n lvs_sched sh\n sh-port\n"
	    " ops\n alpha\n omega\n ha_suspend\n smtp_alert\n"
	    " quorum_up \"/bin/up.sh a b\"\n quorum_down /bin/down.sh\n"
	    " virtualhost www.example.org\n"
	    " sorry_server 192.0.2.99 80\n sorry_server_inhibit\n"
	    " real_server 192.0.2.11 80 {\n  uthreshold 100\n lthreshold 10\n"
	    "  notify_up /bin/up\n  notify_down \"/bin/down x\"\n"
	    "  inhibit_on_failure no\n  smtp_alert off\n"
	    "  SMTP_CHECK { helo_name mx.example.org host { connect_ip "
	    "192.0.2.50 connect_port 587 bindto 192.0.2.2 } }\n"
	    "  MISC_CHECK {\n   misc_path /bin/check\n   misc_dynamic\n"
	    "   user nobody nogroup\n  }\n"
	    "  HTTP_GET { url { path / virtualhost a.example } fast_recovery "
	    "enable_sni http_protocol 1.1 bind_if lo bind_port 4000 "
	    "fwmark 5 log_all_failures }\n"
	    " }\n}\n"
	    "virtual_server 2001:db8::1 443 {\n protocol SCTP\n alpha\n"
	    " inhibit_on_failure\n"
	    " persistence_granularity 64\n"
	    " real_server 2001:db8::2 443 { DNS_CHECK { type AAAA name "
	    "example.org connect_ip 2001:db8::53 } }\n"
	    " real_server 2001:db8::3 443 { alpha no inhibit_on_failure off "
	    "TCP_CHECK { alpha yes } }\n}\n";
	struct vigil_conf *a = lvs_load(rich), *b;
	char *d1, *d2;

	(void)state;
	CHECK_OK(a);
	d1 = lvs_dump(a);
	b = lvs_load(d1);
	if (b == NULL)
		fprintf(stderr, "%s\n%s", d1, dg.text);
	assert_non_null(b);
	assert_int_equal(dg.warnings, 0);
	d2 = lvs_dump(b);
	assert_string_equal(d1, d2);
	assert_non_null(strstr(d1, "persistence_timeout 360\n"));
	assert_non_null(strstr(d1, "persistence_granularity 255.255.255.0\n"));
	assert_non_null(strstr(d1, "persistence_granularity 64\n"));
	assert_non_null(strstr(d1, "quorum_up \"/bin/up.sh a b\"\n"));
	assert_non_null(strstr(d1, "user \"nobody nogroup\"\n"));
	free(d1);
	free(d2);
	conf_free(a);
	conf_free(b);
}

static void
test_duplicate_service(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 80 { protocol TCP }\n"
	    "virtual_server 192.0.2.1 80 { protocol UDP }\n"
	    "virtual_server fwmark 4 { }\n"
	    "virtual_server 192.0.2.1 80 { protocol TCP }\n"
	    "virtual_server fwmark 4 { }\n");

	(void)state;
	assert_null(conf);
	assert_int_equal(dg.errors, 2);
	assert_true(has("t.conf:4:1: error: this virtual_server is the same "
	    "service as the one at line 1"));
	assert_true(has("t.conf:5:1: error: this virtual_server is the same "
	    "service as the one at line 3"));
}

static void
test_keyword_typo(void **state)
{
	struct vigil_conf *conf = lvs_load(
	    "virtual_server 192.0.2.1 80 {\n protocol TCP\n"
	    " delay_lop 6\n"
	    " real_server 192.0.2.11 80 { TCP_CHEK { } }\n}\n");

	(void)state;
	assert_null(conf);
	assert_true(has("t.conf:3:2: error: unknown keyword 'delay_lop' in "
	    "virtual_server; did you mean 'delay_loop'?"));
	assert_true(has("unknown keyword 'TCP_CHEK' in real_server; did you "
	    "mean 'TCP_CHECK'?"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_director),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_deprecated),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_status_code),
		cmocka_unit_test(test_placeholder),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_enum_typos),
		cmocka_unit_test(test_no_protocol),
		cmocka_unit_test(test_inheritance_order),
		cmocka_unit_test(test_tunnel),
		cmocka_unit_test(test_udp_hex),
		cmocka_unit_test(test_snmp_name),
		cmocka_unit_test(test_file_check),
		cmocka_unit_test(test_bfd_check),
		cmocka_unit_test(test_regex),
		cmocka_unit_test(test_quorum_and_ports),
		cmocka_unit_test(test_one_line),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_duplicate_service),
		cmocka_unit_test(test_keyword_typo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
