/*
 * track_group: the block's parsing, checks and dump; which static
 * entries name a group (conf_track_group_of); what the parent sends the
 * vrrp child (entries marked tracked, one interface tracker per member
 * and interface, FAULT when down). No network needed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/conf_rx.h"
#include "conf/conf_priv.h"
#include "core/core.h"
#include "conf_helpers.h"

#define TGCONF(extra) \
	"track_group G1 {\n group {\n VI_1\n VI_2\n }\n}\n" \
	"static_ipaddress {\n 198.51.100.5/24 dev eth1 track_group G1\n" \
	" 198.51.100.6/24 dev eth2\n}\n" \
	"static_routes {\n 203.0.113.0/24 via 198.51.100.254 dev eth3 " \
	"track_group G1\n 203.0.113.64/26 dev eth1 track_group G1\n}\n" \
	"static_rules {\n from 203.0.113.0/24 table 100 oif eth4 " \
	"track_group G1\n}\n" \
	"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n" \
	" virtual_ipaddress {\n 192.0.2.10\n }\n}\n" extra

static void
test_of(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(conf_track_group_of("dev eth1 track_group G1",
	    buf, sizeof(buf)), "G1");
	assert_string_equal(conf_track_group_of("track_group  G2 dev x",
	    buf, sizeof(buf)), "G2");
	assert_null(conf_track_group_of("dev my_track_group G1", buf,
	    sizeof(buf)));
	assert_null(conf_track_group_of("dev eth1 track_group", buf,
	    sizeof(buf)));
	assert_null(conf_track_group_of("dev eth1", buf, sizeof(buf)));
	assert_null(conf_track_group_of(NULL, buf, sizeof(buf)));
}

static void
test_conf(void **state)
{
	struct vigil_conf *c;
	char *d, *d2;

	(void)state;
	assert_non_null(c = load_str(TGCONF("")));
	assert_int_equal(diags.errors + diags.inert, 0);
	/* VI_2 is no instance */
	assert_true(diag_has("t.conf:4:2: warning: track_group G1: no "
	    "vrrp_instance VI_2; ignored"));
	d = dump_str(c);
	assert_non_null(strstr(d, "track_group G1 {\n    group {\n"
	    "        VI_1\n        VI_2\n    }\n}\n"));
	conf_free(c);
	assert_non_null(c = load_str(d));
	d2 = dump_str(c);
	assert_string_equal(d, d2);
	free(d);
	free(d2);
	conf_free(c);
	/* an entry naming an undefined group */
	assert_non_null(c = load_str("static_ipaddress {\n 198.51.100.5/24 "
	    "dev eth1 track_group G9\n}\n"));
	assert_true(diag_has("t.conf:2:2: warning: static_ipaddress: "
	    "track_group G9 is not defined; nothing tracks this entry"));
	conf_free(c);
	assert_non_null(c = load_str("track_group G1 {\n}\n"));
	assert_true(diag_has("track_group G1 has no instance"));
	conf_free(c);
	assert_null(load_str("track_group G1 G2 {\n group { VI_1 }\n}\n"));
}

static const struct msg_conf_track *
track_of(const struct conf_set *s, const char *owner, const char *name)
{
	size_t i;

	for (i = 0; i < s->ntrack; i++)
		if (strcmp(s->track[i].owner, owner) == 0 &&
		    strcmp(s->track[i].name, name) == 0)
			return &s->track[i];
	return NULL;
}

static void
test_collect(void **state)
{
	struct msg_conf_instance in;
	const struct msg_conf_track *t;
	struct conf_set s;
	struct vigil_conf *c;
	size_t i;

	(void)state;
	assert_non_null(c = load_str(TGCONF("")));
	memset(&s, 0, sizeof(s));
	memset(&in, 0, sizeof(in));
	snprintf(in.name, sizeof(in.name), "VI_1");
	conf_set_add_instance(&s, &in);
	conf_collect_statics(c, &s);
	/* the group's entries are marked, the other one is not */
	assert_int_equal(s.nvip, 2);
	assert_int_equal(s.vip[0].flags, VIP_F_STATIC | VIP_F_TRACKED);
	assert_int_equal(s.vip[1].flags, VIP_F_STATIC);
	for (i = 0; i < s.nroute; i++)
		assert_true(s.route[i].flags & ROUTE_F_TRACKED);
	/* VI_1 tracks eth1 (once), eth3, eth4, FAULT when down; not eth2;
	 * VI_2 (no instance) nothing */
	assert_int_equal(s.ntrack, 3);
	assert_non_null(t = track_of(&s, "VI_1", "eth1"));
	assert_int_equal(t->type, TRACK_INTERFACE);
	assert_int_equal(t->flags, TRACK_F_WEIGHT);
	assert_int_equal(t->weight, 0);
	assert_non_null(track_of(&s, "VI_1", "eth3"));
	assert_non_null(track_of(&s, "VI_1", "eth4"));
	assert_null(track_of(&s, "VI_1", "eth2"));
	conf_set_clear(&s);
	conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_of),
		cmocka_unit_test(test_conf),
		cmocka_unit_test(test_collect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
