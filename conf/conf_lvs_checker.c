/*
 * The health checkers of a real server (TCP_CHECK, HTTP_GET, SSL_GET,
 * SMTP_CHECK, DNS_CHECK, MISC_CHECK, PING_CHECK, UDP_CHECK) and their
 * sub-blocks url { } and host { }: keyword tables, hooks, keepalived's
 * defaults per checker type, and the free.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf.h"
#include "conf/conf_lvs_priv.h"

#define CK(m)	CONF_OFF(struct conf_check, m)
#define URL(m)	CONF_OFF(struct conf_url, m)
#define HOST(m)	CONF_OFF(struct conf_smtp_host, m)

/* A port keyword stored in an int; 0 means not given. */
#define PORT_KW(n, f)	{ n, CONF_T_NONE, f, .min_args = 1, .max_args = 1, \
			  .handler = conf_lvs_port_handler, \
			  .dump = conf_lvs_dump_port }

static const struct conf_enum http_proto_enums[] = {
	{ "1.0", CONF_HTTP_10 }, { "1.0C", CONF_HTTP_10C },
	{ "1.1", CONF_HTTP_11 }, { NULL, 0 }
};

static const struct conf_enum dns_type_enums[] = {
	{ "A", CONF_DNS_A }, { "NS", CONF_DNS_NS }, { "CNAME", CONF_DNS_CNAME },
	{ "SOA", CONF_DNS_SOA }, { "MX", CONF_DNS_MX }, { "TXT", CONF_DNS_TXT },
	{ "AAAA", CONF_DNS_AAAA }, { NULL, 0 }
};

const char *
conf_check_type_name(int type)
{
	if (type < CONF_CHECK_TCP || type > CONF_CHECK_UDP)
		return "?";
	return conf_lvs_check_types[type].name;
}

/* --- url { } of HTTP_GET and SSL_GET --- */

static void
status_set(uint64_t *bits, int code)
{
	bits[(code - 100) / 64] |= UINT64_C(1) << ((code - 100) % 64);
}

static bool
status_has(const uint64_t *bits, int code)
{
	return (bits[(code - 100) / 64] >> ((code - 100) % 64)) & 1;
}

/* status_code 200 200-299 ... */
static int
status_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_url *u = (struct conf_url *)obj;
	uint64_t bits[8] = { 0 };
	struct conf_arg a;
	char buf[32], *dash;
	int64_t lo, hi;
	size_t i;

	for (i = 0; i < n->nargs; i++) {
		a = n->args[i];
		if (strlen(a.s) >= sizeof(buf)) {
			conf_error(ctx, &a.loc, "status_code: '%s' is not a "
			    "code or a range of codes", a.s);
			return -1;
		}
		strcpy(buf, a.s);
		if ((dash = strchr(buf, '-')) != NULL && dash != buf)
			*dash++ = '\0';
		else
			dash = NULL;
		a.s = buf;
		if (conf_parse_int(ctx, &a, "status_code", 100, 599, &lo) < 0)
			return -1;
		hi = lo;
		a.s = dash;
		if (dash != NULL && conf_parse_int(ctx, &a, "status_code", 100,
		    599, &hi) < 0)
			return -1;
		if (hi < lo) {
			conf_error(ctx, &n->args[i].loc, "status_code: range "
			    "'%s' ends before it starts", n->args[i].s);
			return -1;
		}
		for (; lo <= hi; lo++)
			status_set(bits, (int)lo);
	}
	(void)kw;
	memcpy(u->status, bits, sizeof(bits));
	return 0;
}

static void
dump_status(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_url *u = (const struct conf_url *)obj;
	int code, end;

	conf_dump_indent(out, depth);
	fputs(kw->name, out);
	for (code = 100; code <= 599; code++) {
		if (!status_has(u->status, code))
			continue;
		for (end = code; end < 599 && status_has(u->status, end + 1);
		    end++)
			;
		if (end == code)
			fprintf(out, " %d", code);
		else
			fprintf(out, " %d-%d", code, end);
		code = end;
	}
	fputc('\n', out);
}

/* digest: an MD5 sum, 32 hexadecimal digits; stored in lower case. */
static int
digest_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_url *u = (struct conf_url *)obj;
	const char *s = n->args[0].s;
	size_t i;

	for (i = 0; s[i] != '\0' && isxdigit((unsigned char)s[i]); i++)
		;
	if (i != 32 || s[i] != '\0') {
		conf_error(ctx, &n->args[0].loc, "%s '%s' is not an MD5 digest "
		    "(32 hexadecimal digits)", kw->name, s);
		return -1;
	}
	for (i = 0; i < 32; i++)
		u->digest[i] = (char)tolower((unsigned char)u->digest[i]);
	return 0;
}

static const struct conf_kw url_kws[] = {
	{ "path", CONF_T_STRING, URL(path) },
	{ "digest", CONF_T_STRING, URL(digest), .handler = digest_handler },
	{ "status_code", CONF_T_NONE, .min_args = 1, .max_args = CONF_ARGS_ANY,
	  .handler = status_handler, .dump = dump_status },
	{ "virtualhost", CONF_T_STRING, URL(virtualhost) },
	CONF_LVS_REGEX_KWS,
	{ NULL }
};

static struct conf_obj *
url_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct conf_check *c = (struct conf_check *)parent;
	struct conf_url *u = xcalloc(1, sizeof(*u));

	(void)ctx;
	(void)node;
	TAILQ_INSERT_TAIL(&c->urls, u, entry);
	return &u->obj;
}

static void
url_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_url *u = (struct conf_url *)obj;
	int code;

	if (u->path == NULL)
		conf_error(ctx, &u->obj.loc, "url needs a path");
	if (!conf_kw_given(&conf_lvs_url_block, obj, "status_code"))
		for (code = 200; code <= 299; code++)
			status_set(u->status, code);
	conf_lvs_regex_close(ctx, u);
}

const struct conf_block conf_lvs_url_block = {
	.name = "url",
	.kws = url_kws,
	.size = sizeof(struct conf_url),
	.open = url_open,
	.close = url_close,
};

/* --- host { } of SMTP_CHECK --- */

/*
 * retry, delay_before_retry, warmup, delay_loop, alpha and
 * log_all_failures written in a host { }: keepalived accepts them there
 * and sets them on the whole SMTP_CHECK, so they are applied (and dumped)
 * there.
 */
static int
host_check_kw(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_smtp_host *h = (struct conf_smtp_host *)obj;

	conf_note(ctx, &n->loc, "%s in host applies to the whole SMTP_CHECK "
	    "(as in keepalived); write it in SMTP_CHECK", n->kw);
	conf_apply_stmt(ctx, &conf_lvs_smtp_block, h->check, n);
	return 0;
}

#define HOST_CHECK_KW(n) \
	{ n, CONF_T_NONE, .min_args = 0, .max_args = 1, \
	  .handler = host_check_kw, .flags = CONF_KW_NODUMP | CONF_KW_MULTI }

static const struct conf_kw host_kws[] = {
	{ "connect_ip", CONF_T_IP, HOST(connect_ip) },
	PORT_KW("connect_port", HOST(connect_port)),
	{ "bindto", CONF_T_IP, HOST(bindto) },
	PORT_KW("bind_port", HOST(bind_port)),
	{ "bind_if", CONF_T_IFNAME, HOST(bind_if) },
	CONNECT_TIMEOUT(HOST(connect_timeout_us)),
	{ "fwmark", CONF_T_U32, HOST(fwmark), .min = 1, .max = UINT32_MAX },
	HOST_CHECK_KW("retry"), HOST_CHECK_KW("delay_before_retry"),
	HOST_CHECK_KW("warmup"), HOST_CHECK_KW("delay_loop"),
	HOST_CHECK_KW("alpha"), HOST_CHECK_KW("log_all_failures"),
	{ NULL }
};

static struct conf_obj *
host_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct conf_check *c = (struct conf_check *)parent;
	struct conf_smtp_host *h = xcalloc(1, sizeof(*h));

	(void)ctx;
	(void)node;
	h->check = parent;
	TAILQ_INSERT_TAIL(&c->hosts, h, entry);
	return &h->obj;
}

const struct conf_block conf_lvs_host_block = {
	.name = "host",
	.kws = host_kws,
	.size = sizeof(struct conf_smtp_host),
	.open = host_open,
};

/* --- UDP_CHECK payload and require_reply: free-format hex --- */

static int
hex_digit(int c, bool allow_x, uint8_t *nib, uint8_t *mask)
{
	if (allow_x && (c == 'x' || c == 'X')) {
		*nib = 0;
		*mask = 0;
		return 0;
	}
	if (!isxdigit(c))
		return -1;
	*nib = (uint8_t)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
	*mask = 0xf;
	return 0;
}

/* "Ab12f 3 456" is AB 12 0F 03 45 06: each word is read in pairs of digits
 * and an odd last digit is a byte of its own, as keepalived reads it. With
 * allow_x, X stands for a digit that is not compared. */
static int
hex_parse(struct conf_ctx *ctx, const struct conf_node *n, bool allow_x,
    uint8_t **valp, uint8_t **maskp, size_t *lenp)
{
	uint8_t *val, *mask, hi, lo, hm, lm;
	size_t i, k, len = 0, total = 0;
	const char *s;

	for (i = 0; i < n->nargs; i++) {
		s = n->args[i].s;
		for (k = 0; s[k] != '\0'; k++)
			if (hex_digit((unsigned char)s[k], allow_x, &hi,
			    &hm) < 0) {
				conf_error(ctx, &n->args[i].loc, "%s: '%s' is "
				    "not hexadecimal%s", n->kw, s, allow_x ?
				    " (X for any digit)" : "");
				return -1;
			}
		total += (k + 1) / 2;
	}
	if (total > 65535) {
		conf_error(ctx, &n->loc, "%s: more than 65535 bytes", n->kw);
		return -1;
	}
	val = xcalloc(total + 1, 1);
	mask = xcalloc(total + 1, 1);
	for (i = 0; i < n->nargs; i++)
		for (s = n->args[i].s; *s != '\0'; s += s[1] != '\0' ? 2 : 1) {
			hex_digit((unsigned char)s[0], allow_x, &hi, &hm);
			if (s[1] == '\0') {
				val[len] = hi;
				mask[len++] = hm;
				continue;
			}
			hex_digit((unsigned char)s[1], allow_x, &lo, &lm);
			val[len] = (uint8_t)(hi << 4 | lo);
			mask[len++] = (uint8_t)(hm << 4 | lm);
		}
	*valp = val;
	*lenp = len;
	if (maskp != NULL)
		*maskp = mask;
	else
		free(mask);
	return 0;
}

static int
payload_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_check *c = (struct conf_check *)obj;
	uint8_t *val;
	size_t len;

	(void)kw;
	if (hex_parse(ctx, n, false, &val, NULL, &len) < 0)
		return -1;
	free(c->payload);
	c->payload = val;
	c->payload_len = len;
	return 0;
}

static int
reply_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_check *c = (struct conf_check *)obj;
	uint8_t *val, *mask;
	size_t len;

	(void)kw;
	if (hex_parse(ctx, n, true, &val, &mask, &len) < 0)
		return -1;
	free(c->reply);
	free(c->reply_mask);
	c->require_reply = true;
	c->reply = len > 0 ? val : NULL;
	c->reply_mask = len > 0 ? mask : NULL;
	c->reply_len = len;
	if (len == 0) {
		free(val);
		free(mask);
	}
	return 0;
}

static void
hex_print(FILE *out, const uint8_t *val, const uint8_t *mask, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	fputc(' ', out);
	for (i = 0; i < len; i++) {
		fputc(mask == NULL || (mask[i] & 0xf0) ? digits[val[i] >> 4] :
		    'X', out);
		fputc(mask == NULL || (mask[i] & 0x0f) ? digits[val[i] & 0xf] :
		    'X', out);
	}
}

static void
dump_payload(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_check *c = (const struct conf_check *)obj;

	if (c->payload == NULL)
		return;
	conf_dump_indent(out, depth);
	fputs(kw->name, out);
	hex_print(out, c->payload, NULL, c->payload_len);
	fputc('\n', out);
}

static void
dump_reply(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_check *c = (const struct conf_check *)obj;

	if (!c->require_reply)
		return;
	conf_dump_indent(out, depth);
	fputs(kw->name, out);
	if (c->reply != NULL)
		hex_print(out, c->reply, c->reply_mask, c->reply_len);
	fputc('\n', out);
}

/* --- the checkers --- */

#define CHECK_CONN_KWS							\
	{ "connect_ip", CONF_T_IP, CK(connect_ip) },			\
	PORT_KW("connect_port", CK(connect_port)),			\
	{ "bindto", CONF_T_IP, CK(bindto) },				\
	PORT_KW("bind_port", CK(bind_port)),				\
	{ "bind_if", CONF_T_IFNAME, CK(bind_if) },			\
	{ "fwmark", CONF_T_U32, CK(fwmark), .min = 1, .max = UINT32_MAX }, \
	{ "connect_timeout", CONF_T_DECIMAL, CK(connect_timeout_us),	\
	  .scale = USEC, .min = 1, .max = UINT32_MAX,			\
	  .dump = conf_lvs_dump_timer_always }

#define CHECK_COMMON_KWS						\
	{ "retry", CONF_T_U32, CK(retry), .min = 0, .max = UINT32_MAX,	\
	  .dump = conf_lvs_dump_u32_always },				\
	{ "nb_get_retry", .alias_of = "retry" },			\
	{ "delay_before_retry", CONF_T_DECIMAL, CK(delay_before_retry_us), \
	  .scale = USEC, .min = 0, .max = TIMER_MAX,			\
	  .dump = conf_lvs_dump_timer_always },				\
	{ "warmup", CONF_T_DECIMAL, CK(warmup_us), .scale = USEC,	\
	  .min = 0, .max = TIMER_MAX,					\
	  .dump = conf_lvs_dump_timer_always },				\
	{ "delay_loop", CONF_T_DECIMAL, CK(delay_loop_us), .scale = USEC, \
	  .min = 1, .max = TIMER_MAX,					\
	  .dump = conf_lvs_dump_timer_always },				\
	{ "alpha", CONF_T_BOOL, CK(alpha),				\
	  .dump = conf_lvs_dump_bool_always },				\
	{ "log_all_failures", CONF_T_BOOL, CK(log_all_failures),	\
	  .dump = conf_lvs_dump_bool_always }

static const struct conf_kw tcp_kws[] = {
	CHECK_CONN_KWS,
	CHECK_COMMON_KWS,
	{ NULL }
};

static const struct conf_kw http_kws[] = {
	CHECK_CONN_KWS,
	CHECK_COMMON_KWS,
	{ "url", CONF_T_BLOCK, .sub = &conf_lvs_url_block,
	  .flags = CONF_KW_MULTI | CONF_KW_NODUMP },
	{ "virtualhost", CONF_T_STRING, CK(virtualhost) },
	{ "http_protocol", CONF_T_ENUM, CK(http_protocol),
	  .enums = http_proto_enums, .fallback = CONF_HTTP_10, .def = "1.0" },
	{ "fast_recovery", CONF_T_BOOL, CK(fast_recovery),
	  .dump = conf_lvs_dump_flag },
	{ "enable_sni", CONF_T_FLAG, CK(enable_sni) },
	{ NULL }
};

static const struct conf_kw smtp_kws[] = {
	CHECK_CONN_KWS,
	CHECK_COMMON_KWS,
	{ "helo_name", CONF_T_STRING, CK(helo_name),
	  .def = "smtpchecker.keepalived.org" },
	{ "host", CONF_T_BLOCK, .sub = &conf_lvs_host_block,
	  .flags = CONF_KW_MULTI | CONF_KW_NODUMP },
	{ NULL }
};

static const struct conf_kw dns_kws[] = {
	CHECK_CONN_KWS,
	CHECK_COMMON_KWS,
	{ "type", CONF_T_ENUM, CK(dns_type), .enums = dns_type_enums,
	  .fallback = CONF_DNS_SOA, .def = "SOA" },
	{ "name", CONF_T_STRING, CK(dns_name), .def = "." },
	{ NULL }
};

static const struct conf_kw misc_kws[] = {
	CHECK_COMMON_KWS,
	{ "misc_path", CONF_T_CMD, CK(misc_path) },
	{ "misc_timeout", CONF_T_DECIMAL, CK(misc_timeout_us), .scale = USEC,
	  .min = 0, .max = TIMER_MAX,
	  .dump = conf_lvs_dump_timer_always },
	{ "misc_dynamic", CONF_T_FLAG, CK(misc_dynamic) },
	{ "user", CONF_T_CMD, CK(user), .min_args = 1, .max_args = 2 },
	{ NULL }
};

static const struct conf_kw udp_kws[] = {
	CHECK_CONN_KWS,
	CHECK_COMMON_KWS,
	{ "payload", CONF_T_NONE, .min_args = 1, .max_args = CONF_ARGS_ANY,
	  .handler = payload_handler, .dump = dump_payload },
	{ "require_reply", CONF_T_NONE, .min_args = 0,
	  .max_args = CONF_ARGS_ANY, .handler = reply_handler,
	  .dump = dump_reply },
	{ "min_reply_length", CONF_T_INT, CK(min_reply_length), .min = 0,
	  .max = 65535, .def = "0" },
	{ "max_reply_length", CONF_T_INT, CK(max_reply_length), .min = 0,
	  .max = 65535, .def = "255" },
	{ NULL }
};

/* A checker of type t, appended to rs's list. */
struct conf_check *
conf_lvs_check_new(struct conf_real_server *rs, int t)
{
	struct conf_check *c;

	c = xcalloc(1, sizeof(*c));
	c->type = t;
	TAILQ_INIT(&c->urls);
	TAILQ_INIT(&c->hosts);
	TAILQ_INSERT_TAIL(&rs->checks, c, entry);
	rs->nchecks++;
	return c;
}

static struct conf_obj *
check_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct conf_real_server *rs = (struct conf_real_server *)parent;
	struct conf_check *c;
	int t;

	(void)ctx;
	for (t = CONF_CHECK_TCP; t <= CONF_CHECK_UDP; t++)
		if (strcmp(conf_lvs_check_types[t].name, node->kw) == 0)
			break;
	if (t > CONF_CHECK_UDP)
		return NULL;
	c = conf_lvs_check_new(rs, t);
	return &c->obj;
}

static void
check_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_check *c = (struct conf_check *)obj;
	const char *name = conf_lvs_check_types[c->type].name;

	if ((c->type == CONF_CHECK_HTTP || c->type == CONF_CHECK_SSL) &&
	    TAILQ_EMPTY(&c->urls))
		conf_error(ctx, &c->obj.loc, "%s needs at least one url { }",
		    name);
	if (c->type == CONF_CHECK_MISC && c->misc_path == NULL)
		conf_error(ctx, &c->obj.loc, "MISC_CHECK needs a misc_path");
	if (c->type == CONF_CHECK_UDP && (c->payload_len > 512 ||
	    c->reply_len > 512))	/* IPC_UDP_MAX */
		conf_error(ctx, &c->obj.loc, "UDP_CHECK: payload or "
		    "require_reply over 512 bytes: not supported yet; shorten "
		    "it");
	if (c->type == CONF_CHECK_UDP &&
	    c->min_reply_length > c->max_reply_length)
		conf_error(ctx, &c->obj.loc, "UDP_CHECK: min_reply_length %d "
		    "is above max_reply_length %d", c->min_reply_length,
		    c->max_reply_length);
}

#define CHECK_BLOCK(var, n, k)						\
	const struct conf_block var = {					\
		.name = n, .kws = k, .size = sizeof(struct conf_check),	\
		.open = check_open, .close = check_close,		\
	}

CHECK_BLOCK(conf_lvs_tcp_block, "TCP_CHECK", tcp_kws);
CHECK_BLOCK(conf_lvs_http_block, "HTTP_GET", http_kws);
CHECK_BLOCK(conf_lvs_ssl_get_block, "SSL_GET", http_kws);
CHECK_BLOCK(conf_lvs_smtp_block, "SMTP_CHECK", smtp_kws);
CHECK_BLOCK(conf_lvs_dns_block, "DNS_CHECK", dns_kws);
CHECK_BLOCK(conf_lvs_misc_block, "MISC_CHECK", misc_kws);
CHECK_BLOCK(conf_lvs_ping_block, "PING_CHECK", tcp_kws);
CHECK_BLOCK(conf_lvs_udp_block, "UDP_CHECK", udp_kws);

/* In enum conf_check_type order. */
const struct conf_lvs_check_type conf_lvs_check_types[CONF_CHECK_BFD + 1] = {
	{ "TCP_CHECK", &conf_lvs_tcp_block, 1, 1 * USEC, 0 },
	{ "HTTP_GET", &conf_lvs_http_block, 1, 3 * USEC, 0 },
	{ "SSL_GET", &conf_lvs_ssl_get_block, 1, 3 * USEC, 0 },
	{ "SMTP_CHECK", &conf_lvs_smtp_block, 1, 1 * USEC, 25 },
	{ "DNS_CHECK", &conf_lvs_dns_block, 3, -1, 53 },
	{ "MISC_CHECK", &conf_lvs_misc_block, 0, 1 * USEC, -1 },
	{ "PING_CHECK", &conf_lvs_ping_block, 1, 1 * USEC, -1 },
	{ "UDP_CHECK", &conf_lvs_udp_block, 1, 1 * USEC, 0 },
	{ "FILE_CHECK", &conf_lvs_file_block, 0, -1, -1 },
	{ "BFD_CHECK", &conf_lvs_bfd_block, 0, -1, -1 },
};

/* --- free --- */

void
conf_lvs_free_check(struct conf_check *c)
{
	struct conf_url *u;
	struct conf_smtp_host *h;

	while ((u = TAILQ_FIRST(&c->urls)) != NULL) {
		TAILQ_REMOVE(&c->urls, u, entry);
		conf_free_fields(&conf_lvs_url_block, &u->obj);
		free(u);
	}
	while ((h = TAILQ_FIRST(&c->hosts)) != NULL) {
		TAILQ_REMOVE(&c->hosts, h, entry);
		conf_free_fields(&conf_lvs_host_block, &h->obj);
		free(h);
	}
	conf_free_fields(conf_lvs_check_types[c->type].blk, &c->obj);
	free(c->payload);
	free(c->reply);
	free(c->reply_mask);
	free(c);
}

