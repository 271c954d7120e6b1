/*
 * interface_up_down_delays: the accepted forms (an omitted up delay is
 * 0, as keepalived 2.2.7 runs; microseconds; 0 and 255), the errors (above 255,
 * negative, not a number, an interface this host lacks unless
 * dynamic_interfaces), the warnings (no delay, extra words, a line
 * again, a delay not shorter than the instances' master-down time, which
 * shortens it as keepalived does), the
 * dump's round trip and what the parent sends the vrrp child.
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

#define INST(ifname, adv) \
	"vrrp_instance VI_1 {\n interface " ifname "\n virtual_router_id 51\n" \
	" advert_int " adv "\n virtual_ipaddress {\n 192.0.2.10\n }\n}\n"

static const struct conf_updown *
ud_of(const struct vigil_conf *c, const char *ifname)
{
	const struct conf_updown *u;

	TAILQ_FOREACH(u, &c->updowns, entry)
		if (strcmp(u->ifname, ifname) == 0)
			return u;
	return NULL;
}

static void
test_forms(void **state)
{
	struct vigil_conf *c, *c2;
	const struct conf_updown *u;
	char *d, *d2;

	(void)state;
	assert_non_null(c = load_str("interface_up_down_delays {\n"
	    " eth0 1.5\n eth1 2 0.25\n eth2 0.000001 255\n eth3 0\n}\n"
	    INST("eth0", "5")));
	assert_int_equal(diags.errors + diags.warnings + diags.inert, 0);
	assert_non_null(u = ud_of(c, "eth0"));
	assert_int_equal(u->down_us, 1500000);
	/* omitted: the down delay, as keepalived's manual says (keepalived
	 * 2.2.7 itself uses 0) */
	assert_int_equal(u->up_us, 1500000);
	assert_non_null(u = ud_of(c, "eth1"));
	assert_int_equal(u->down_us, 2000000);
	assert_int_equal(u->up_us, 250000);
	assert_non_null(u = ud_of(c, "eth2"));
	assert_int_equal(u->down_us, 1);
	assert_int_equal(u->up_us, 255000000);
	assert_non_null(u = ud_of(c, "eth3"));
	assert_int_equal(u->down_us + u->up_us, 0);
	d = dump_str(c);
	assert_non_null(strstr(d, "interface_up_down_delays {\n"
	    "    eth0 1.5 1.5\n    eth1 2 0.25\n    eth2 0.000001 255\n"
	    "    eth3 0 0\n}\n"));
	/* the dump reads back to itself */
	assert_non_null(c2 = load_str(d));
	d2 = dump_str(c2);
	assert_string_equal(d, d2);
	free(d);
	free(d2);
	conf_free(c2);
	conf_free(c);
}

/* Each bad line alone: an error at its place, the load refused. */
static void
test_errors(void **state)
{
	static const struct { const char *line, *diag; } bad[] = {
		{ " eth0 256\n", "t.conf:2:7: error: interface_up_down_delays: "
		    "eth0: down delay 256 is out of range (0-255)" },
		{ " eth0 1 255.5\n", "t.conf:2:9: error: "
		    "interface_up_down_delays: eth0: up delay 255.5 is out "
		    "of range (0-255)" },
		{ " eth0 -1\n", "t.conf:2:7: error: interface_up_down_delays: "
		    "eth0: down delay -1 is out of range (0-255)" },
		{ " eth0 1 -0.5\n", "up delay -0.5 is out of range" },
		{ " eth0 fast\n", "eth0: down delay: 'fast' is not a number" },
		{ " eth0/1 1\n", "'eth0/1' is not a valid interface name" },
	};
	char text[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "interface_up_down_delays {\n%s}\n"
		    INST("eth0", "5"), bad[i].line);
		assert_null(load_str(text));
		assert_int_equal(diags.errors, 1);
		if (!diag_has(bad[i].diag))
			fail_msg("%s: want '%s' in:\n%s", bad[i].line,
			    bad[i].diag, diags.text);
	}
}

static void
test_warnings(void **state)
{
	struct vigil_conf *c;
	const struct conf_updown *u;

	(void)state;
	assert_non_null(c = load_str("interface_up_down_delays {\n"
	    " eth0\n eth1 1 2 3\n eth2 1\n eth2 3 4\n}\n" INST("eth0", "5")));
	assert_int_equal(diags.errors, 0);
	assert_int_equal(diags.warnings, 3);
	assert_true(diag_has("t.conf:2:2: warning: interface_up_down_delays: "
	    "eth0 has no delay; ignored"));
	assert_true(diag_has("t.conf:3:11: warning: interface_up_down_delays: "
	    "eth1: words after the up delay ignored"));
	assert_true(diag_has("t.conf:5:2: warning: interface_up_down_delays: "
	    "eth2 is given again (first at line 4); the last delays are used"));
	assert_null(ud_of(c, "eth0"));
	assert_non_null(u = ud_of(c, "eth1"));
	assert_int_equal(u->up_us, 2000000);
	assert_non_null(u = ud_of(c, "eth2"));
	assert_int_equal(u->down_us, 3000000);
	assert_int_equal(u->up_us, 4000000);
	conf_free(c);
}

/* A delay of (down_timer_adverts - 1) x advert_int or more: a warning
 * naming the instance, and the delay is that less 1/256 of the interval
 * (keepalived 2.2.7: 1.996094 s at advert_int 1); shorter, or on an
 * interface the instance does not use: as written. */
static void
test_master_down(void **state)
{
	struct vigil_conf *c;
	const struct conf_updown *u;
	char *d;

	(void)state;
	assert_non_null(c = load_str("interface_up_down_delays {\n eth0 2 5\n"
	    " eth1 9\n}\n" INST("eth0", "1")));
	assert_int_equal(diags.warnings, 2);
	assert_true(diag_has("t.conf:2:2: warning: interface_up_down_delays: "
	    "eth0: down delay 2 s is not shorter than 2 s, (down_timer_adverts "
	    "3 - 1) x advert_int 1 s of vrrp_instance VI_1 (its peers would "
	    "take over first); using 1.996094 s, as keepalived does"));
	assert_true(diag_has("eth0: up delay 5 s is not shorter than 2 s"));
	assert_non_null(u = ud_of(c, "eth0"));
	assert_int_equal(u->down_us, 1996094);
	assert_int_equal(u->up_us, 1996094);
	assert_non_null(u = ud_of(c, "eth1"));
	assert_int_equal(u->down_us, 9000000);
	d = dump_str(c);
	assert_non_null(strstr(d, "    eth0 1.996094 1.996094\n"));
	free(d);
	conf_free(c);
	/* the shortest instance counts; down_timer_adverts too */
	assert_non_null(c = load_str("interface_up_down_delays {\n eth0 1.9 "
	    "1.5\n}\n" INST("eth0", "1") "vrrp_instance VI_2 {\n interface "
	    "eth0\n virtual_router_id 52\n down_timer_adverts 2\n"
	    " virtual_ipaddress {\n 192.0.2.11\n }\n}\n"));
	assert_int_equal(diags.warnings, 2);
	assert_true(diag_has("eth0: down delay 1.9 s is not shorter than 1 s, "
	    "(down_timer_adverts 2 - 1) x advert_int 1 s of vrrp_instance "
	    "VI_2"));
	assert_non_null(u = ud_of(c, "eth0"));
	assert_int_equal(u->down_us, 996094);
	assert_int_equal(u->up_us, 996094);
	conf_free(c);
	assert_non_null(c = load_str("interface_up_down_delays {\n eth0 1.9 "
	    "1.5\n}\n" INST("eth0", "1")));
	assert_int_equal(diags.warnings, 0);
	conf_free(c);
	/* track_interface counts too */
	assert_non_null(c = load_str("interface_up_down_delays {\n eth5 3\n}\n"
	    "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
	    " track_interface {\n eth5\n }\n virtual_ipaddress {\n"
	    " 192.0.2.10\n }\n}\n"));
	assert_true(diag_has("eth5: down (and up) delay 3 s is not "
	    "shorter"));
	conf_free(c);
}

static struct vigil_conf *
load_checked(const char *text)
{
	struct conf_load_opts opts = {
		.diag = diag_collect, .diag_arg = &diags,
		.check_interfaces = true, .config_id = "unit",
	};

	memset(&diags, 0, sizeof(diags));
	return conf_load_buffer("t.conf", text, strlen(text), &opts);
}

/* keepalived refuses an interface it does not know, unless
 * dynamic_interfaces. */
static void
test_unknown_interface(void **state)
{
	struct vigil_conf *c;

	(void)state;
	assert_null(load_checked("interface_up_down_delays {\n lo 1\n"
	    " vu-nosuch9 1\n}\n"));
	assert_int_equal(diags.errors, 1);
	assert_true(diag_has("t.conf:3:2: error: interface_up_down_delays: "
	    "interface vu-nosuch9 not found on this host"));
	assert_non_null(c = load_checked("global_defs {\n dynamic_interfaces\n"
	    "}\ninterface_up_down_delays {\n lo 1\n vu-nosuch9 1\n}\n"));
	assert_false(diag_has("vu-nosuch9"));
	conf_free(c);
}

static void
test_limit(void **state)
{
	char text[8192];
	size_t len, i;

	(void)state;
	len = (size_t)snprintf(text, sizeof(text),
	    "interface_up_down_delays {\n");
	for (i = 0; i <= CONF_UPDOWN_IF_MAX; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    " eth%zu 1\n", i);
	snprintf(text + len, sizeof(text) - len, "}\n");
	assert_null(load_str(text));
	assert_true(diag_has("t.conf:66:2: error: interface_up_down_delays: "
	    "more than 64 interfaces (vigil's limit)"));
}

/* What the vrrp child gets: names and both delays in microseconds. */
static void
test_collect(void **state)
{
	struct vigil_conf *c;
	struct msg_conf_global g;

	(void)state;
	assert_non_null(c = load_str("interface_up_down_delays {\n"
	    " eth0 1.5\n eth1 0 255\n}\n" INST("eth0", "5")));
	memset(&g, 0, sizeof(g));
	conf_collect_updown(c, &g);
	assert_int_equal(g.nupdown, 2);
	assert_string_equal(g.updown_ifname[0], "eth0");
	assert_int_equal(g.updown_us[0][0], 1500000);
	assert_int_equal(g.updown_us[0][1], 1500000);
	assert_string_equal(g.updown_ifname[1], "eth1");
	assert_int_equal(g.updown_us[1][0], 0);
	assert_int_equal(g.updown_us[1][1], 255000000);
	conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_master_down),
		cmocka_unit_test(test_unknown_interface),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_collect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
