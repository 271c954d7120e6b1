/* Unit tests for vigilctl's records (core/vigilctl_records.c) and metrics
 * (core/vigilctl_metrics.c): the records of common/ctl.h become the JSON
 * document vigilctl(8) describes, the text lines and the Prometheus
 * samples. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/vigilctl.h"

static const char records[] =
    "daemon\tpid=42\tconfig=/etc/vigil/vigil.conf\tgeneration=3"
    "\tvrrp_pid=43\tcheck_pid=44\n"
    "instance\tname=VI_1\tinterface=eth0\tvrid=51\tversion=3\tfamily=inet"
    "\tstate=BACKUP\tbase_priority=200\tpriority=145\tgroup="
    "\tadjust=chk:-60,up:+5\tfault=\tmaster=192.0.2.2\tmaster_priority=150"
    "\tvips=192.0.2.10/32,2001:db8::10/128\tsince=12.50\ttransitions=3"
    "\tbecame_master=1\tadverts_sent=9\tadverts_received=70\tprio0_sent=0"
    "\tprio0_received=1\tgarp_sent=5\tna_sent=0\trx_error_ttl=2"
    "\trx_error_auth=0\tfuture_key=x\n"
    "track\tinstance=VI_1\ttype=script\tname=chk\tstate=failed\tweight=-60"
    "\treverse=0\tadjust=-60\tfault=0\n"
    "instance\tname=100\tinterface=eth1\tvrid=52\tversion=2\tfamily=inet"
    "\tstate=WAITING\tbase_priority=100\tpriority=100\tgroup=G"
    "\tadjust=\tfault=eth1\tmaster=\tmaster_priority=0\tvips=\tsince=\n"
    "socket\tinterface=eth0\tfamily=inet\tdrop_too_short=1"
    "\tdrop_unknown_vrid=4\n"
    "script\tname=chk\tstate=BAD\trunning=0\tweight=-60"
    "\tlast=exited with status 1\truns=7\tfailures=6\ttimeouts=1\tskipped=0\n"
    "virtual_server\tname=[192.0.2.200]:tcp:80\tscheduler=rr\tquorum=1"
    "\tstate=UP\tlive_weight=1\tsorry=none\treal_servers=1\n"
    "real_server\tvirtual_server=[192.0.2.200]:tcp:80"
    "\tname=[192.0.2.1]:tcp:80\tstate=UP\tweight=1\tconfigured_weight=1"
    "\tin_ipvs=1\tcheckers=1\ttransitions=0\n"
    "checker\tprobes=1\tattempts=10\tfailures=2\n"
    "unknown_kind\tname=x\n";

static json_t *
get(json_t *o, const char *path)
{
	char *dup = strdup(path), *p = dup, *k;

	while (o != NULL && (k = strsep(&p, ".")) != NULL)
		o = json_is_array(o) ? json_array_get(o, atoi(k)) :
		    json_object_get(o, k);
	free(dup);
	return o;
}

static long long
geti(json_t *doc, const char *path)
{
	json_t *v = get(doc, path);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static const char *
gets_(json_t *doc, const char *path)
{
	json_t *v = get(doc, path);

	assert_true(json_is_string(v));
	return json_string_value(v);
}

static void
test_json(void **state)
{
	json_t *doc = ctl_records_parse(records);

	assert_int_equal(geti(doc, "daemon.pid"), 42);
	assert_int_equal(geti(doc, "daemon.generation"), 3);
	assert_string_equal(gets_(doc, "instances.0.state"), "BACKUP");
	assert_int_equal(geti(doc, "instances.0.priority"), 145);
	assert_string_equal(gets_(doc, "instances.0.adjust.0.name"), "chk");
	assert_int_equal(geti(doc, "instances.0.adjust.0.weight"), -60);
	assert_int_equal(geti(doc, "instances.0.adjust.1.weight"), 5);
	assert_int_equal(json_array_size(get(doc, "instances.0.fault")), 0);
	assert_string_equal(gets_(doc, "instances.0.master.address"),
	    "192.0.2.2");
	assert_int_equal(geti(doc, "instances.0.master.priority"), 150);
	assert_null(get(doc, "instances.0.master_priority"));
	assert_string_equal(gets_(doc, "instances.0.vips.1"),
	    "2001:db8::10/128");
	assert_true(json_number_value(get(doc, "instances.0.since")) == 12.5);
	assert_int_equal(geti(doc, "instances.0.stats.adverts_received"), 70);
	assert_int_equal(geti(doc, "instances.0.stats.rx_errors.ttl"), 2);
	assert_null(get(doc, "instances.0.adverts_sent"));	/* moved */
	assert_string_equal(gets_(doc, "instances.0.future_key"), "x");
	assert_string_equal(gets_(doc, "instances.0.tracks.0.name"), "chk");
	assert_int_equal(geti(doc, "instances.0.tracks.0.adjust"), -60);
	assert_null(get(doc, "instances.0.tracks.0.instance"));
	/* A name of digits stays a string; empty master and since: null. */
	assert_string_equal(gets_(doc, "instances.1.name"), "100");
	assert_true(json_is_null(get(doc, "instances.1.master")));
	assert_true(json_is_null(get(doc, "instances.1.since")));
	assert_string_equal(gets_(doc, "instances.1.fault.0"), "eth1");
	assert_int_equal(json_array_size(get(doc, "instances.1.tracks")), 0);
	assert_int_equal(geti(doc, "sockets.0.drops.unknown_vrid"), 4);
	assert_string_equal(gets_(doc, "scripts.0.last"),
	    "exited with status 1");
	assert_string_equal(gets_(doc,
	    "virtual_servers.0.real_servers.0.name"), "[192.0.2.1]:tcp:80");
	assert_int_equal(geti(doc, "checkers.attempts"), 10);
	assert_int_equal(json_array_size(get(doc, "track_files")), 0);
	json_decref(doc);
}

/* The text of fn(doc) as a string (the caller frees it). */
static char *
render(void (*fn)(json_t *, FILE *))
{
	json_t *doc = ctl_records_parse(records);
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	fn(doc, f);
	fclose(f);
	json_decref(doc);
	return buf;
}

static void
test_text(void **state)
{
	char *out = render(ctl_print_status);

	assert_non_null(strstr(out, "VI_1             eth0       vrid 51  "
	    "BACKUP  prio 200-60 chk+5 up = 145  master 192.0.2.2 prio 150  "
	    "vips 192.0.2.10/32,2001:db8::10/128  since 12.5s\n"));
	assert_non_null(strstr(out, "100              eth1       vrid 52  "
	    "WAITING prio 100 fault eth1  master -  vips -  since -\n"));
	assert_non_null(strstr(out, "scripts:\n  chk            BAD     "
	    "last: exited with status 1\n"));
	assert_non_null(strstr(out, "    [192.0.2.1]:tcp:80 UP weight 1\n"));
	free(out);
	out = render(ctl_print_stats);
	assert_non_null(strstr(out, "VI_1: transitions 3, became_master 1, "
	    "adverts_sent 9, adverts_received 70, prio0_sent 0, "
	    "prio0_received 1, garp_sent 5, na_sent 0\n"
	    "  receive errors: ttl 2, auth 0\n"));
	assert_non_null(strstr(out, "script chk: runs 7, failures 6, "
	    "timeouts 1, skipped 0\n"));
	free(out);
}

static void
test_metrics(void **state)
{
	char *out = render(ctl_metrics_write);

	assert_non_null(strstr(out, "# TYPE vigil_vrrp_state gauge\n"));
	assert_non_null(strstr(out, "vigil_vrrp_state{instance=\"VI_1\","
	    "interface=\"eth0\",vrid=\"51\",state=\"BACKUP\"} 1\n"));
	assert_non_null(strstr(out, "vigil_vrrp_state{instance=\"VI_1\","
	    "interface=\"eth0\",vrid=\"51\",state=\"MASTER\"} 0\n"));
	assert_non_null(strstr(out, "vigil_vrrp_state{instance=\"100\","
	    "interface=\"eth1\",vrid=\"52\",state=\"BACKUP\"} 0\n"));
	assert_non_null(strstr(out,
	    "vigil_vrrp_priority{instance=\"VI_1\"} 145\n"));
	assert_non_null(strstr(out,
	    "vigil_vrrp_state_seconds{instance=\"VI_1\"} 12.500\n"));
	assert_null(strstr(out, "vigil_vrrp_state_seconds{instance=\"100\"}"));
	assert_non_null(strstr(out, "vigil_vrrp_receive_errors_total{"
	    "instance=\"VI_1\",reason=\"ttl\"} 2\n"));
	assert_non_null(strstr(out, "vigil_script_up{script=\"chk\"} 0\n"));
	assert_non_null(strstr(out, "vigil_real_server_up{virtual_server="
	    "\"[192.0.2.200]:tcp:80\","
	    "real_server=\"[192.0.2.1]:tcp:80\"} 1\n"));
	assert_non_null(strstr(out, "vigil_checker_attempts_total 10\n"));
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_metrics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
