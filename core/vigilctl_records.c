/*
 * vigilctl: the status records (common/ctl.h) as one JSON document
 * (schema: vigilctl(8)), and that document as text for status and stats.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/ctl.h"
#include "core/vigilctl.h"

/* Keys whose values stay strings even when they look like numbers. */
static const char *const rec_strings[] = { "name", "interface", "instance",
    "family", "state", "group", "master", "virtual_server", "process", "path",
    "last", "config", "scheduler", "sorry", "type", "vips", "since",
    "address", "dev", "label", "members", "router_id", "net_namespace",
    "smtp_server", "email_from", "emails", "initial_state", "mcast", "primary",
    "notify", "notify_master", "notify_backup", "notify_fault",
    "notify_stop", "notify_master_rx_lower_pri", "snmp_name", "virtualhost",
    "quorum_up", "quorum_down", "notify_up", "notify_down", "sorry_address",
    "granularity", "vrf", NULL };
/* An instance's lists (its trackers' "adjust" and "fault" are numbers). */
static const char *const inst_strings[] = { "adjust", "fault", NULL };

/* Counters of an instance, moved into its "stats". */
static const char *const inst_counters[] = { "transitions", "became_master",
    "adverts_sent", "adverts_received", "prio0_sent", "prio0_received",
    "garp_sent", "na_sent", NULL };

static bool
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

static json_t *
rec_value(const char *kind, const char *key, const char *v)
{
	char *end;
	long long i;
	double d;

	if (in_list(rec_strings, key) || *v == '\0' ||
	    (strcmp(kind, CTL_REC_INSTANCE) == 0 && in_list(inst_strings, key)))
		return json_string(v);
	i = strtoll(v, &end, 10);
	if (*end == '\0')
		return json_integer(i);
	d = strtod(v, &end);
	if (*end == '\0')
		return json_real(d);
	return json_string(v);
}

/* "kind\tk=v\tk=v" -> {k: v, ...}; *kind points into line. */
static json_t *
rec_object(char *line, const char **kind)
{
	json_t *o = json_object();
	char *f, *eq;

	*kind = strsep(&line, "\t");
	while ((f = strsep(&line, "\t")) != NULL) {
		if ((eq = strchr(f, '=')) == NULL)
			continue;
		*eq = '\0';
		json_object_set_new(o, f, rec_value(*kind, f, eq + 1));
	}
	return o;
}

/* "a,b,c" -> ["a", "b", "c"]; "" -> []. */
static json_t *
split_list(const char *s)
{
	json_t *a = json_array();
	char *dup = strdup(s), *p = dup, *w;

	while (p != NULL && *p != '\0' && (w = strsep(&p, ",")) != NULL)
		json_array_append_new(a, json_string(w));
	free(dup);
	return a;
}

static const char *
jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

static long long
jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* "chk:-20,x:+5" -> [{"name": "chk", "weight": -20}, ...] */
static json_t *
split_adjust(const char *s)
{
	json_t *a = json_array(), *names = split_list(s), *w;
	const char *n, *colon;
	size_t i;

	json_array_foreach(names, i, w) {
		n = json_string_value(w);
		if ((colon = strrchr(n, ':')) == NULL)
			continue;
		json_array_append_new(a, json_pack("{s:s%,s:I}", "name", n,
		    (size_t)(colon - n), "weight",
		    (json_int_t)strtoll(colon + 1, NULL, 10)));
	}
	json_decref(names);
	return a;
}

/* Move keys with prefix (or in list) from o into a sub-object. */
static void
move_keys(json_t *o, json_t *to, const char *prefix,
    const char *const *list)
{
	const char *key;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(o, tmp, key, v) {
		if (prefix != NULL && strncmp(key, prefix, strlen(prefix)) == 0)
			json_object_set(to, key + strlen(prefix), v);
		else if (list != NULL && in_list(list, key))
			json_object_set(to, key, v);
		else
			continue;
		json_object_del(o, key);
	}
}

static void
shape_instance(json_t *o)
{
	json_t *stats = json_object(), *rx = json_object();
	const char *master = jstr(o, "master");

	json_object_set_new(o, "adjust", split_adjust(jstr(o, "adjust")));
	json_object_set_new(o, "fault", split_list(jstr(o, "fault")));
	json_object_set_new(o, "vips", split_list(jstr(o, "vips")));
	if (*master == '\0')
		json_object_set_new(o, "master", json_null());
	else
		json_object_set_new(o, "master", json_pack("{s:s,s:I}",
		    "address", master, "priority",
		    (json_int_t)jint(o, "master_priority")));
	json_object_del(o, "master_priority");
	if (*jstr(o, "since") == '\0')
		json_object_set_new(o, "since", json_null());
	else
		json_object_set_new(o, "since",
		    json_real(strtod(jstr(o, "since"), NULL)));
	move_keys(o, stats, NULL, inst_counters);
	move_keys(o, rx, "rx_error_", NULL);
	json_object_set_new(stats, "rx_errors", rx);
	json_object_set_new(o, "stats", stats);
	json_object_set_new(o, "tracks", json_array());
	json_object_set_new(o, "addresses", json_array());
}

/* The last object of array whose key is name. */
static json_t *
find_last(json_t *array, const char *key, const char *name)
{
	size_t i = json_array_size(array);
	json_t *o;

	while (i-- > 0) {
		o = json_array_get(array, i);
		if (strcmp(jstr(o, key), name) == 0)
			return o;
	}
	return NULL;
}

static void
rec_add(json_t *doc, const char *kind, json_t *o)
{
	json_t *owner, *drops;

	if (strcmp(kind, CTL_REC_DAEMON) == 0)
		json_object_set(doc, "daemon", o);
	else if (strcmp(kind, CTL_REC_INSTANCE) == 0) {
		shape_instance(o);
		json_array_append(json_object_get(doc, "instances"), o);
	} else if (strcmp(kind, CTL_REC_TRACK) == 0) {
		owner = find_last(json_object_get(doc, "instances"), "name",
		    jstr(o, "instance"));
		json_object_del(o, "instance");
		if (owner != NULL)
			json_array_append(json_object_get(owner, "tracks"), o);
	} else if (strcmp(kind, CTL_REC_SOCKET) == 0) {
		drops = json_object();
		move_keys(o, drops, "drop_", NULL);
		json_object_set_new(o, "drops", drops);
		json_array_append(json_object_get(doc, "sockets"), o);
	} else if (strcmp(kind, CTL_REC_TRACK_FILE) == 0)
		json_array_append(json_object_get(doc, "track_files"), o);
	else if (strcmp(kind, CTL_REC_TRACK_PROCESS) == 0)
		json_array_append(json_object_get(doc, "track_processes"), o);
	else if (strcmp(kind, CTL_REC_SCRIPT) == 0)
		json_array_append(json_object_get(doc, "scripts"), o);
	else if (strcmp(kind, CTL_REC_VS) == 0) {
		json_object_set_new(o, "real_servers", json_array());
		json_array_append(json_object_get(doc, "virtual_servers"), o);
	} else if (strcmp(kind, CTL_REC_RS) == 0) {
		owner = find_last(json_object_get(doc, "virtual_servers"),
		    "name", jstr(o, "virtual_server"));
		json_object_del(o, "virtual_server");
		if (owner != NULL)
			json_array_append(json_object_get(owner,
			    "real_servers"), o);
	} else if (strcmp(kind, CTL_REC_CHECKER) == 0)
		json_object_set(doc, "checkers", o);
	else if (strcmp(kind, CTL_REC_BFD) == 0)
		json_array_append(json_object_get(doc, "bfd"), o);
	else if (strcmp(kind, CTL_REC_BFD_RX) == 0) {
		drops = json_object();
		move_keys(o, drops, "drop_", NULL);
		json_object_set_new(o, "drops", drops);
		json_object_set(doc, "bfd_rx", o);
	} else if (strcmp(kind, CTL_REC_VIP) == 0) {
		owner = find_last(json_object_get(doc, "instances"), "name",
		    jstr(o, "instance"));
		json_object_del(o, "instance");
		if (owner != NULL)
			json_array_append(json_object_get(owner, "addresses"),
			    o);
	} else if (strcmp(kind, CTL_REC_SYNC_GROUP) == 0) {
		json_object_set_new(o, "members",
		    split_list(jstr(o, "members")));
		json_array_append(json_object_get(doc, "sync_groups"), o);
	}
}

json_t *
ctl_records_parse(const char *text)
{
	json_t *doc, *o;
	char *dup = strdup(text), *p = dup, *line;
	const char *kind;

	doc = json_pack("{s:n,s:[],s:[],s:[],s:[],s:[],s:[],s:n,s:[],s:n,s:[]}",
	    "daemon", "instances", "scripts", "track_files",
	    "track_processes", "virtual_servers", "sockets", "checkers",
	    "bfd", "bfd_rx", "sync_groups");
	while ((line = strsep(&p, "\n")) != NULL) {
		if (*line == '\0')
			continue;
		o = rec_object(line, &kind);
		rec_add(doc, kind, o);
		json_decref(o);
	}
	free(dup);
	return doc;
}

/* "100", or "100-20 chk_nginx+5 x" when the trackers move it, then
 * "= 80" when that is not the sum (clamped, owner, FAULT). */
static void
print_priority(json_t *in, FILE *out)
{
	long long base = jint(in, "base_priority"), prio = jint(in,
	    "priority"), sum = base;
	json_t *a;
	size_t i;

	fprintf(out, "%lld", base);
	json_array_foreach(json_object_get(in, "adjust"), i, a) {
		fprintf(out, "%+lld %s", jint(a, "weight"), jstr(a, "name"));
		sum += jint(a, "weight");
	}
	if (sum != base || prio != base)
		fprintf(out, " = %lld", prio);
}

static void
print_since(json_t *in, FILE *out)
{
	json_t *s = json_object_get(in, "since");
	long long t;

	if (!json_is_number(s)) {
		fprintf(out, "-");
		return;
	}
	t = (long long)json_number_value(s);
	if (t >= 86400)
		fprintf(out, "%lldd%02lldh", t / 86400, t % 86400 / 3600);
	else if (t >= 3600)
		fprintf(out, "%lldh%02lldm", t / 3600, t % 3600 / 60);
	else if (t >= 60)
		fprintf(out, "%lldm%02llds", t / 60, t % 60);
	else
		fprintf(out, "%.1fs", json_number_value(s));
}

static void
print_instance(json_t *in, FILE *out)
{
	json_t *m = json_object_get(in, "master"), *v, *f;
	size_t i;
	char ifcol[32];

	/* An instance without an interface (unicast): its VRF, or none. */
	if (*jstr(in, "interface") != '\0')
		snprintf(ifcol, sizeof(ifcol), "%s", jstr(in, "interface"));
	else if (*jstr(in, "vrf") != '\0')
		snprintf(ifcol, sizeof(ifcol), "vrf:%s", jstr(in, "vrf"));
	else
		snprintf(ifcol, sizeof(ifcol), "(none)");
	fprintf(out, "%-16s %-10s vrid %-3lld %-7s prio ", jstr(in, "name"),
	    ifcol, jint(in, "vrid"), jstr(in, "state"));
	print_priority(in, out);
	f = json_object_get(in, "fault");
	json_array_foreach(f, i, v)
		fprintf(out, "%s%s", i == 0 ? " fault " : ",",
		    json_string_value(v));
	/* interface_up_down_delays: a link change waiting */
	json_array_foreach(json_object_get(in, "tracks"), i, v)
		if (*jstr(v, "pending") != '\0')
			fprintf(out, " (%s %s)", jstr(v, "name"),
			    jstr(v, "pending"));
	if (json_is_object(m))
		fprintf(out, "  master %s prio %lld", jstr(m, "address"),
		    jint(m, "priority"));
	else
		fprintf(out, "  master -");
	fprintf(out, "  vips");
	json_array_foreach(json_object_get(in, "vips"), i, v)
		fprintf(out, "%s%s", i == 0 ? " " : ",", json_string_value(v));
	if (json_array_size(json_object_get(in, "vips")) == 0)
		fprintf(out, " -");
	fprintf(out, "  since ");
	print_since(in, out);
	fputc('\n', out);
}

static void
print_servers(json_t *doc, FILE *out)
{
	json_t *vs, *rs;
	size_t i, k;

	json_array_foreach(json_object_get(doc, "virtual_servers"), i, vs) {
		if (i == 0)
			fprintf(out, "virtual servers:\n");
		fprintf(out, "  %s %s %s (quorum %lld, live weight %lld, "
		    "sorry server %s)\n", jstr(vs, "name"), jstr(vs,
		    "scheduler"), jstr(vs, "state"), jint(vs, "quorum"),
		    jint(vs, "live_weight"), jstr(vs, "sorry"));
		json_array_foreach(json_object_get(vs, "real_servers"), k, rs)
			fprintf(out, "    %s %s weight %lld%s\n", jstr(rs,
			    "name"), jstr(rs, "state"), jint(rs, "weight"),
			    jint(rs, "in_ipvs") ? "" : " (not in IPVS)");
	}
}

void
ctl_print_status(json_t *doc, FILE *out)
{
	json_t *o;
	size_t i;

	json_array_foreach(json_object_get(doc, "instances"), i, o)
		print_instance(o, out);
	json_array_foreach(json_object_get(doc, "scripts"), i, o)
		fprintf(out, "%s  %-14s %-7s%s last: %s\n", i == 0 ?
		    "scripts:\n" : "", jstr(o, "name"), jstr(o, "state"),
		    jint(o, "running") ? " (running)" : "", jstr(o, "last"));
	json_array_foreach(json_object_get(doc, "track_files"), i, o)
		fprintf(out, "%s  %-14s %s value %lld (%s)\n", i == 0 ?
		    "tracked files:\n" : "", jstr(o, "name"), jstr(o, "path"),
		    jint(o, "value"), jstr(o, "state"));
	json_array_foreach(json_object_get(doc, "track_processes"), i, o)
		fprintf(out, "%s  %-14s %s: %lld running, quorum %lld, %s\n",
		    i == 0 ? "tracked processes:\n" : "", jstr(o, "name"),
		    jstr(o, "process"), jint(o, "count"), jint(o, "quorum"),
		    jstr(o, "state"));
	json_array_foreach(json_object_get(doc, "bfd"), i, o)
		fprintf(out, "%s  %-14s %s %s (remote %s), detection %lld us, "
		    "%s\n", i == 0 ? "bfd sessions:\n" : "", jstr(o, "name"),
		    jstr(o, "neighbor"), jstr(o, "state"),
		    jstr(o, "remote_state"), jint(o, "detect_time_us"),
		    jstr(o, "diag"));
	print_servers(doc, out);
}

static void
print_counters(json_t *o, FILE *out)
{
	const char *key;
	json_t *v;
	bool first = true;

	json_object_foreach(o, key, v) {
		if (!json_is_integer(v))
			continue;
		fprintf(out, "%s%s %lld", first ? "" : ", ", key,
		    (long long)json_integer_value(v));
		first = false;
	}
	fputc('\n', out);
}

void
ctl_print_stats(json_t *doc, FILE *out)
{
	json_t *o, *st, *c;
	size_t i;

	json_array_foreach(json_object_get(doc, "instances"), i, o) {
		st = json_object_get(o, "stats");
		fprintf(out, "%s: ", jstr(o, "name"));
		print_counters(st, out);
		fprintf(out, "  receive errors: ");
		print_counters(json_object_get(st, "rx_errors"), out);
	}
	json_array_foreach(json_object_get(doc, "sockets"), i, o) {
		fprintf(out, "socket %s %s dropped: ", jstr(o, "interface"),
		    jstr(o, "family"));
		print_counters(json_object_get(o, "drops"), out);
	}
	json_array_foreach(json_object_get(doc, "scripts"), i, o)
		fprintf(out, "script %s: runs %lld, failures %lld, timeouts "
		    "%lld, skipped %lld\n", jstr(o, "name"), jint(o, "runs"),
		    jint(o, "failures"), jint(o, "timeouts"),
		    jint(o, "skipped"));
	json_array_foreach(json_object_get(doc, "bfd"), i, o)
		fprintf(out, "bfd %s: received %lld, sent %lld, up %lld, down "
		    "%lld\n", jstr(o, "name"), jint(o, "rx"), jint(o, "tx"),
		    jint(o, "ups"), jint(o, "downs"));
	if (json_is_object(c = json_object_get(doc, "bfd_rx"))) {
		fprintf(out, "bfd packets: ok %lld, dropped: ", jint(c, "ok"));
		print_counters(json_object_get(c, "drops"), out);
	}
	if (json_is_object(c = json_object_get(doc, "checkers"))) {
		fprintf(out, "checkers: ");
		print_counters(c, out);
	}
}
