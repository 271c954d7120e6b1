/*
 * The dump of the LVS part: SSL, virtual_server_group and virtual_server
 * with their real servers and checkers, in keepalived syntax, so that
 * the dump parses back to the same configuration.
 */
#include <sys/socket.h>
#include <inttypes.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_lvs_priv.h"
#include "conf/conf_priv.h"

/* The end of a range, short when only the last byte or group differs. */
static void
dump_range_end(FILE *out, const struct conf_addr *first,
    const struct conf_addr *last)
{
	const uint8_t *a, *b;
	size_t len;

	if (first->family == AF_INET) {
		a = (const uint8_t *)&first->u.v4;
		b = (const uint8_t *)&last->u.v4;
		len = 4;
	} else {
		a = first->u.v6.s6_addr;
		b = last->u.v6.s6_addr;
		len = 16;
	}
	if (memcmp(a, b, len - (len == 4 ? 1 : 2)) != 0) {
		fputc('-', out);
		conf_dump_addr(out, last);
	} else if (len == 4)
		fprintf(out, "-%u", b[3]);
	else
		fprintf(out, "-%x", (unsigned)(b[14] << 8 | b[15]));
}

static void
dump_group_entry(FILE *out, const struct conf_vs_group_entry *e)
{
	conf_dump_indent(out, 1);
	if (e->is_fwmark) {
		fprintf(out, "fwmark %" PRIu32 "%s\n", e->fwmark,
		    e->fwmark_family == AF_INET ? " inet" :
		    e->fwmark_family == AF_INET6 ? " inet6" : "");
		return;
	}
	conf_dump_addr(out, &e->first);
	if (!e->first.has_plen && !conf_lvs_addr_equal(&e->first, &e->last))
		dump_range_end(out, &e->first, &e->last);
	if (e->port != 0)
		fprintf(out, " %u", e->port);
	fputc('\n', out);
}

static void
dump_check(FILE *out, const struct conf_check *c, int depth)
{
	const struct conf_url *u;
	const struct conf_smtp_host *h;

	conf_dump_indent(out, depth);
	fprintf(out, "%s {\n", conf_lvs_check_types[c->type].name);
	conf_dump_fields(out, conf_lvs_check_types[c->type].blk, &c->obj,
	    depth + 1);
	TAILQ_FOREACH(u, &c->urls, entry) {
		conf_dump_indent(out, depth + 1);
		fputs("url {\n", out);
		conf_dump_fields(out, &conf_lvs_url_block, &u->obj, depth + 2);
		conf_dump_indent(out, depth + 1);
		fputs("}\n", out);
	}
	TAILQ_FOREACH(h, &c->hosts, entry) {
		conf_dump_indent(out, depth + 1);
		fputs("host {\n", out);
		conf_dump_fields(out, &conf_lvs_host_block, &h->obj,
		    depth + 2);
		conf_dump_indent(out, depth + 1);
		fputs("}\n", out);
	}
	conf_dump_indent(out, depth);
	fputs("}\n", out);
}

static void
dump_rs(FILE *out, const struct conf_real_server *rs)
{
	const struct conf_check *c;

	conf_dump_indent(out, 1);
	fputs("real_server ", out);
	conf_dump_addr(out, &rs->addr);
	if (rs->port != 0)
		fprintf(out, " %d", rs->port);
	fputs(" {\n", out);
	conf_dump_fields(out, &conf_lvs_rs_block, &rs->obj, 2);
	TAILQ_FOREACH(c, &rs->checks, entry)
		dump_check(out, c, 2);
	conf_dump_indent(out, 1);
	fputs("}\n", out);
}

static void
dump_vs(FILE *out, const struct conf_virtual_server *vs)
{
	const struct conf_real_server *rs;

	fputs("\nvirtual_server ", out);
	if (vs->kind == CONF_VS_GROUP) {
		fputs("group ", out);
		conf_dump_str(out, vs->group);
	} else if (vs->kind == CONF_VS_FWMARK)
		fprintf(out, "fwmark %" PRIu32, vs->fwmark);
	else {
		conf_dump_addr(out, &vs->addr);
		if (vs->port != 0)
			fprintf(out, " %d", vs->port);
	}
	fputs(" {\n", out);
	conf_dump_fields(out, &conf_lvs_virtual_server_block, &vs->obj, 1);
	TAILQ_FOREACH(rs, &vs->real_servers, entry)
		dump_rs(out, rs);
	fputs("}\n", out);
}

void
conf_lvs_group_dump_entries(FILE *out, const struct conf_vs_group *g)
{
	const struct conf_vs_group_entry *e;

	TAILQ_FOREACH(e, &g->entries, entry)
		dump_group_entry(out, e);
}

void
conf_lvs_dump(const struct vigil_conf *conf, FILE *out)
{
	const struct conf_virtual_server *vs;
	const struct conf_vs_group *g;

	if (conf->lvs.ssl != NULL) {
		fputs("\nSSL {\n", out);
		conf_dump_fields(out, &conf_lvs_ssl_block, &conf->lvs.ssl->obj,
		    1);
		fputs("}\n", out);
	}
	TAILQ_FOREACH(g, &conf->lvs.groups, entry) {
		fputs("\nvirtual_server_group ", out);
		conf_dump_str(out, g->name);
		fputs(" {\n", out);
		conf_lvs_group_dump_entries(out, g);
		fputs("}\n", out);
	}
	TAILQ_FOREACH(vs, &conf->lvs.vss, entry)
		dump_vs(out, vs);
}

