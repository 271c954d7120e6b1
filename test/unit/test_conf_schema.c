/* Unit tests for the schema engine and the VRRP tables: diagnostics and
 * suggestions, ranges, defaults, deprecated and unsupported keywords,
 * cross references, and the dump round trip. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "conf/conf_schema.h"
#include "test/unit/conf_helpers.h"

#define INST(body) "vrrp_instance VI_1 {\n interface lo\n" \
	" virtual_router_id 51\n" body " virtual_ipaddress { 192.0.2.10 }\n}\n"

static void
test_keyword_typo(void **state)
{
	(void)state;
	assert_null(load_str(INST(" priorty 100\n")));
	assert_true(diag_has("t.conf:4:2: error: unknown keyword 'priorty' "
	    "in vrrp_instance; did you mean 'priority'?\n"));
	assert_null(load_str(INST(" zzzzzzzz 100\n")));
	assert_false(diag_has("did you mean"));
}

static void
test_enum_typo_falls_back(void **state)
{
	struct vigil_conf *c;

	(void)state;
	c = load_str(INST(" state BAKCUP\n"));
	assert_non_null(c);
	assert_true(diag_has("t.conf:4:8: warning: state 'BAKCUP' is not one "
	    "of MASTER, BACKUP; using BACKUP; did you mean 'BACKUP'?"));
	assert_int_equal(TAILQ_FIRST(&c->instances)->state, CONF_STATE_BACKUP);
	conf_free(c);
}

static void
test_ranges(void **state)
{
	(void)state;
	assert_null(load_str("vrrp_instance VI_1 {\n interface lo\n"
	    " virtual_router_id 300\n}\n"));
	assert_true(diag_has("t.conf:3:20: error: virtual_router_id 300 is "
	    "out of range (1-255)"));
	assert_false(diag_has("has no virtual_router_id"));
	assert_null(load_str(INST(" priority 0\n")));
	assert_true(diag_has("priority 0 is out of range (1-255)"));
	assert_null(load_str(INST(" priority 256\n")));
	assert_true(diag_has("priority 256 is out of range (1-255)"));
	assert_null(load_str(INST(" advert_int 0.001\n version 3\n")));
	assert_true(diag_has("t.conf:4:13: error: advert_int 0.001 is out of "
	    "range for VRRP version 3 (0.01-40.95)"));
	assert_null(load_str(INST(" advert_int 0.015\n version 3\n")));
	assert_true(diag_has("advert_int 0.015: VRRP version 3 counts in "
	    "steps of 0.01 (0.01-40.95)"));
	assert_null(load_str(INST(" advert_int 0.001\n")));
	assert_true(diag_has("advert_int 0.001: VRRP version 2 takes whole "
	    "seconds (1-255)"));
	assert_null(load_str(INST(" advert_int 256\n")));
	assert_true(diag_has("advert_int 256 is out of range for VRRP version "
	    "2 (1-255)"));
	/* Below a microsecond: too many decimals, not "out of range". */
	assert_null(load_str(INST(" advert_int 1.0000001\n")));
	assert_true(diag_has("t.conf:4:13: error: advert_int 1.0000001 has "
	    "too many decimals"));
	assert_false(diag_has("out of range"));
	assert_null(load_str(INST(" advert_int 1.5\n")));
	assert_true(diag_has("advert_int 1.5: VRRP version 2 takes whole "
	    "seconds"));
	assert_null(load_str(INST(" advert_int 50\n version 3\n")));
	assert_true(diag_has("(0.01-40.95)"));
	assert_null(load_str("global_defs { vrrp_version 2 }\n"
	    INST(" advert_int 0.5\n")));
	assert_true(diag_has("t.conf:5:13: error: advert_int 0.5"));
}

static void
test_v3_fractional_ok(void **state)
{
	struct vigil_conf *c;

	(void)state;
	c = load_str(INST(" version 3\n advert_int 0.25\n"));
	assert_non_null(c);
	assert_int_equal(TAILQ_FIRST(&c->instances)->advert_int_cs, 25);
	conf_free(c);
}

static void
test_placeholder(void **state)
{
	(void)state;
	assert_null(load_str(INST(" unicast_src_ip <ip>\n")));
	assert_true(diag_has("t.conf:4:17: error: '<ip>' is a placeholder"));
}

static void
test_defaults(void **state)
{
	struct vigil_conf *c;
	struct conf_vrrp_instance *vi;
	struct conf_vrrp_script *s;

	(void)state;
	c = load_str("vrrp_script chk { script /bin/true }\n"
	    INST(" track_script { chk }\n"));
	assert_non_null(c);
	vi = TAILQ_FIRST(&c->instances);
	s = TAILQ_FIRST(&c->scripts);
	assert_int_equal(vi->state, CONF_STATE_BACKUP);
	assert_int_equal(vi->priority, 100);
	assert_int_equal(vi->advert_int_cs, 100);
	assert_int_equal(vi->version, 2);
	assert_int_equal(vi->garp_master_delay, 5);
	assert_int_equal(vi->garp_master_repeat, 5);
	assert_int_equal(vi->down_timer_adverts, 3);
	assert_true(vi->accept);
	assert_false(vi->nopreempt);
	assert_int_equal(s->interval, 1);
	assert_int_equal(s->rise, 1);
	assert_int_equal(s->fall, 1);
	assert_int_equal(s->weight, 0);
	assert_int_equal(c->global.garp_interval_us, 0);
	assert_int_equal(c->global.vrrp_version, 2);
	assert_int_equal(c->global.smtp_connect_timeout, 30);
	conf_free(c);
}

static void
test_global_inherited(void **state)
{
	struct vigil_conf *c;
	struct conf_vrrp_instance *vi;

	(void)state;
	c = load_str(INST(" garp_master_repeat 2\n") "global_defs {\n"
	    " vrrp_garp_master_delay 10\n vrrp_garp_interval 0\n"
	    " vrrp_gna_interval 0.000001\n vrrp_version 3\n}\n");
	assert_non_null(c);
	assert_int_equal(diags.errors + diags.warnings, 0);
	vi = TAILQ_FIRST(&c->instances);
	assert_int_equal(vi->garp_master_delay, 10);
	assert_int_equal(vi->garp_lower_prio_delay, 10);
	assert_int_equal(vi->garp_master_repeat, 2);
	assert_int_equal(vi->version, 3);
	assert_int_equal(c->global.gna_interval_us, 1);
	conf_free(c);
}

/* A deprecated spelling is noted and dumped under its current name. (No
 * keyword is "not supported yet" any more: test_conf_unsupported keeps
 * that list and vigil.conf(5)'s equal.) */
static void
test_deprecated(void **state)
{
	struct vigil_conf *c;
	char *d;

	(void)state;
	c = load_str("vrrp_instance VI_1 {\n interface lo\n"
	    " virtual_router_id 1\n"
	    " virtual_ipaddress {\n 192.0.2.5\n }\n}\n"
	    "virtual_server 192.0.2.1 80 {\n lb_algo rr\n}\n");
	assert_non_null(c);
	assert_true(diag_has("t.conf:9:2: note: 'lb_algo' is deprecated; "
	    "use 'lvs_sched'"));
	d = dump_str(c);
	assert_null(strstr(d, "lb_algo"));
	assert_non_null(strstr(d, "lvs_sched rr"));
	free(d);
	conf_free(c);
}

static void
test_script_defined_after(void **state)
{
	struct vigil_conf *c;
	struct conf_ref *r;

	(void)state;
	c = load_str(INST(" track_script {\n  chk_nginx weight 10\n }\n")
	    "vrrp_script chk_nginx {\n script \"/usr/bin/pgrep nginx\"\n}\n");
	assert_non_null(c);
	r = TAILQ_FIRST(&TAILQ_FIRST(&c->instances)->track_scripts);
	assert_non_null(r->target);
	assert_int_equal(r->weight, 10);
	conf_free(c);
}

static void
test_notify_user(void **state)
{
	struct vigil_conf *c;
	struct conf_vrrp_instance *vi;

	(void)state;
	c = load_str(INST(" notify_master /bin/notify.sh MASTER\n"
	    " notify_backup \"/bin/notify.sh BACKUP\" nobody nogroup\n"
	    " notify_fault \"/bin/notify.sh\"\n"));
	assert_non_null(c);
	vi = TAILQ_FIRST(&c->instances);
	assert_string_equal(vi->notify_master, "/bin/notify.sh MASTER");
	assert_null(vi->notify_master_user);
	assert_string_equal(vi->notify_backup, "/bin/notify.sh BACKUP");
	assert_string_equal(vi->notify_backup_user, "nobody nogroup");
	assert_string_equal(vi->notify_fault, "/bin/notify.sh");
	conf_free(c);
}

static void
test_sync_group_weights(void **state)
{
	struct vigil_conf *c;

	(void)state;
	c = load_str("vrrp_script chk { script /bin/true }\n"
	    "vrrp_sync_group G { group { VI_1 } }\n"
	    INST(" track_script { chk weight 20 }\n"));
	assert_non_null(c);
	assert_true(diag_has("t.conf:2:1: warning: vrrp_sync_group G has only "
	    "one member"));
	assert_true(diag_has("warning: weight 20 of track_script chk is "
	    "ignored: VI_1 is in vrrp_sync_group G"));
	conf_free(c);
}

static void
test_unused_script(void **state)
{
	struct vigil_conf *c;

	(void)state;
	c = load_str("vrrp_script chk { script /bin/true }\n" INST(""));
	assert_non_null(c);
	assert_true(diag_has("t.conf:1:1: warning: vrrp_script chk is not in "
	    "any track_script block; it will not run"));
	conf_free(c);
}

static void
test_unknown_references(void **state)
{
	(void)state;
	assert_null(load_str("vrrp_script chk_nginx { script /bin/true }\n"
	    INST(" track_script {\n  chk_ngnix\n }\n")));
	assert_true(diag_has("t.conf:6:3: error: vrrp_script chk_ngnix is not "
	    "defined; did you mean 'chk_nginx'?"));
	assert_null(load_str(INST("") "vrrp_sync_group G { group { VI_2 } }\n"));
	assert_true(diag_has("t.conf:6:29: error: vrrp_instance VI_2 is not "
	    "defined; did you mean 'VI_1'?"));
}

static void
test_sync_group_old_form(void **state)
{
	struct vigil_conf *c, *c2;
	char *d, *d2;

	(void)state;
	c = load_str("vrrp_sync_group G {\n VI_1\n}\n" INST(""));
	assert_non_null(c);
	assert_true(diag_has("t.conf:2:2: note: "));
	d = dump_str(c);
	c2 = load_str("vrrp_sync_group G {\n group {\n VI_1\n }\n}\n" INST(""));
	assert_non_null(c2);
	d2 = dump_str(c2);
	assert_string_equal(d, d2);
	free(d);
	free(d2);
	conf_free(c);
	conf_free(c2);
}

static void
test_vip_entries(void **state)
{
	struct vigil_conf *c;
	struct conf_vip *v;

	(void)state;
	c = load_str("vrrp_instance VI_1 {\n interface lo\n virtual_router_id 1"
	    "\n virtual_ipaddress {\n  192.0.2.1/24 dev lo label lo:1 192.0.2.2"
	    "\n  192.0.2.3\n }\n virtual_ipaddress_excluded { 2001:db8::1/64 }"
	    "\n}\n");
	assert_non_null(c);
	v = TAILQ_FIRST(&TAILQ_FIRST(&c->instances)->vips);
	assert_int_equal(v->addr.plen, 24);
	assert_string_equal(v->dev, "lo");
	assert_string_equal(v->label, "lo:1");
	v = TAILQ_NEXT(v, entry);
	assert_int_equal(v->addr.plen, 32);
	v = TAILQ_FIRST(&TAILQ_FIRST(&c->instances)->evips);
	assert_int_equal(v->addr.family, AF_INET6);
	conf_free(c);
	assert_null(load_str("vrrp_instance VI_1 {\n interface lo\n"
	    " virtual_router_id 1\n virtual_ipaddress { 192.0.2.1 2001:db8::1 }"
	    "\n}\n"));
	assert_true(diag_has("t.conf:4:32: error: address 2001:db8::1 is IPv6 "
	    "but vrrp_instance VI_1 is IPv4"));
	assert_null(load_str(INST(" virtual_ipaddress {\n 192.168.100./24\n"
	    " }\n")));
	assert_true(diag_has("t.conf:5:2: error: address: '192.168.100./24' "
	    "is not a valid IP address"));
}

static void
test_roundtrip(void **state)
{
	const char *text =
	    "global_defs { router_id r1 notification_email { a@example.org "
	    "\"~SEQ(x\" \"@a\" \"$\\\\{_HASH}\" }"
	    " smtp_server 192.0.2.9 2525 vrrp_garp_interval 0.001 }\n"
	    "static_ipaddress { 192.0.2.50/24 dev lo scope link }\n"
	    "vrrp_script chk { script \"/bin/x 'a b' c\" weight -20 reverse }\n"
	    "vrrp_sync_group G { group { VI_1 } notify_master \"/bin/n m\" }\n"
	    INST(" state MASTER\n nopreempt\n use_vmac\n preempt_delay 2.5\n"
	    " track_interface { lo weight 5 }\n track_script { chk }\n"
	    " unicast_peer { 192.0.2.7 }\n virtual_routes { 192.0.2.0/24 via "
	    "192.0.2.254 dev lo }\n authentication { auth_type AH }\n");
	struct vigil_conf *a, *b;
	char *da, *db;

	(void)state;
	a = load_str(text);
	assert_non_null(a);
	da = dump_str(a);
	b = load_str(da);
	assert_non_null(b);
	db = dump_str(b);
	assert_string_equal(da, db);
	assert_non_null(strstr(da, "weight -20 reverse"));
	assert_non_null(strstr(da, "preempt_delay 2.5"));
	assert_non_null(strstr(da, "vrrp_garp_interval 0.001\n"));
	free(da);
	free(db);
	conf_free(a);
	conf_free(b);
}

static void
test_misplaced_keyword(void **state)
{
	(void)state;
	assert_null(load_str(INST("") " priority 100\n"));
	assert_true(diag_has("t.conf:6:2: error: unknown keyword 'priority' "
	    "at top level; it belongs in vrrp_instance"));
}

static void
test_adjustments(void **state)
{
	struct vigil_conf *c;
	struct conf_vrrp_instance *vi;

	(void)state;
	c = load_str("global_defs { vrrp_strict }\n" INST(" state MASTER\n"
	    " authentication { auth_type PASS auth_pass x }\n"));
	assert_non_null(c);
	vi = TAILQ_FIRST(&c->instances);
	assert_int_equal(vi->state, CONF_STATE_BACKUP);
	assert_int_equal(vi->auth.type, CONF_AUTH_NONE);
	assert_false(vi->accept);
	assert_true(diag_has("strict mode does not allow authentication"));
	conf_free(c);
	c = load_str(INST(" priority 255\n nopreempt\n"));
	assert_non_null(c);
	assert_false(TAILQ_FIRST(&c->instances)->nopreempt);
	assert_true(diag_has("nopreempt has no effect with priority 255"));
	conf_free(c);
	c = load_str("vrrp_instance VI_6 {\n interface lo\n virtual_router_id"
	    " 2\n version 2\n virtual_ipaddress { 2001:db8::1 }\n}\n");
	assert_non_null(c);
	assert_int_equal(TAILQ_FIRST(&c->instances)->version, 3);
	conf_free(c);
}

static void
test_schema_list(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	conf_schema_list(f);
	fclose(f);
	assert_non_null(strstr(buf, "vrrp_instance priority\n"));
	assert_non_null(strstr(buf, "global_defs router_id\n"));
	assert_non_null(strstr(buf, "authentication auth_pass\n"));
	assert_non_null(strstr(buf, "top include\n"));
	free(buf);
}

/* smtp_alert of instances and sync groups: their own, else
 * smtp_alert_vrrp, else smtp_alert, else off; a note, once, when mail is
 * configured and nothing alerts; a warning when something alerts and
 * there is nowhere to send. */
#define MAILDEFS(x) "global_defs {\n notification_email { a@example.org }\n" \
	" smtp_server 192.0.2.25\n" x "}\n"
#define INST2(name, body) "vrrp_instance " name " {\n interface lo\n" \
	" virtual_router_id 52\n" body " virtual_ipaddress { 192.0.2.11 }\n}\n"

static const struct conf_vrrp_instance *
inst_named(const struct vigil_conf *c, const char *name)
{
	const struct conf_vrrp_instance *vi;

	TAILQ_FOREACH(vi, &c->instances, entry)
		if (strcmp(vi->name, name) == 0)
			return vi;
	fail_msg("no instance %s", name);
	return NULL;
}

static void
test_mail_alert(void **state)
{
	struct vigil_conf *c;

	(void)state;
	/* The tutorials' configuration: one note at smtp_server, no more. */
	c = load_str(MAILDEFS("") INST("") INST2("VI_2", ""));
	assert_non_null(c);
	assert_int_equal(diags.notes, 1);
	assert_int_equal(diags.warnings, 0);
	assert_int_equal(diags.inert, 0);
	assert_true(diag_has("t.conf:3:2: note: no e-mail alert will be sent: "
	    "smtp_alert is off in every vrrp_instance and vrrp_sync_group"));
	assert_true(diag_has("write 'smtp_alert' in global_defs"));
	assert_false(inst_named(c, "VI_1")->smtp_alert);
	conf_free(c);

	/* smtp_alert_vrrp wins over smtp_alert; an instance's own wins. */
	c = load_str(MAILDEFS(" smtp_alert off\n smtp_alert_vrrp on\n")
	    INST("") INST2("VI_2", " smtp_alert off\n")
	    "vrrp_sync_group G {\n group { VI_1 VI_2 }\n}\n");
	assert_non_null(c);
	assert_int_equal(diags.notes + diags.warnings + diags.inert, 0);
	assert_true(inst_named(c, "VI_1")->smtp_alert);
	assert_false(inst_named(c, "VI_2")->smtp_alert);
	assert_true(TAILQ_FIRST(&c->sync_groups)->smtp_alert);
	conf_free(c);
	c = load_str(MAILDEFS(" smtp_alert\n") INST("") INST2("VI_2",
	    " smtp_alert no\n"));
	assert_non_null(c);
	assert_true(inst_named(c, "VI_1")->smtp_alert);
	assert_false(inst_named(c, "VI_2")->smtp_alert);
	conf_free(c);

	/* Turned off on purpose: nothing to say. */
	c = load_str(MAILDEFS(" smtp_alert_vrrp off\n") INST(""));
	assert_non_null(c);
	assert_int_equal(diags.notes + diags.warnings, 0);
	conf_free(c);

	/* Alerting with nowhere to send. */
	c = load_str("global_defs {\n smtp_alert\n}\n" INST(""));
	assert_non_null(c);
	assert_true(diag_has("warning: smtp_alert is on for VI_1, but "
	    "global_defs has no smtp_server: no e-mail is sent"));
	conf_free(c);
	c = load_str("global_defs {\n smtp_server 192.0.2.25\n}\n"
	    INST(" smtp_alert\n"));
	assert_non_null(c);
	assert_true(diag_has("t.conf:2:2: warning: smtp_alert is on for VI_1, "
	    "but global_defs has no notification_email: no e-mail is sent"));
	conf_free(c);

	/* What the check child cannot take is an error at its line. */
	c = load_str("global_defs {\n notification_email {\n a@"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    ".org\n }\n}\n" INST(""));
	assert_null(c);
	assert_true(diag_has("t.conf:3:2: error: this notification_email "
	    "address is 266 characters long; vigil takes at most 255"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keyword_typo),
		cmocka_unit_test(test_enum_typo_falls_back),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_v3_fractional_ok),
		cmocka_unit_test(test_placeholder),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_global_inherited),
		cmocka_unit_test(test_deprecated),
		cmocka_unit_test(test_script_defined_after),
		cmocka_unit_test(test_notify_user),
		cmocka_unit_test(test_sync_group_weights),
		cmocka_unit_test(test_unused_script),
		cmocka_unit_test(test_unknown_references),
		cmocka_unit_test(test_sync_group_old_form),
		cmocka_unit_test(test_vip_entries),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_misplaced_keyword),
		cmocka_unit_test(test_adjustments),
		cmocka_unit_test(test_schema_list),
		cmocka_unit_test(test_mail_alert),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
