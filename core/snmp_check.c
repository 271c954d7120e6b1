/*
 * KEEPALIVED-MIB's checker part (keepalived.check, 1.3.6.1.4.1.9586.100.5.3)
 * from vigild's status document: virtualServerGroupTable,
 * virtualServerGroupMemberTable, virtualServerTable, realServerTable,
 * and the traps realServerStateChange and virtualServerQuorumStateChange
 * for the events "real_server" and "quorum" (see core/snmp_map.h).
 *
 * Rows follow the configuration: virtual servers in their order (index
 * 1..), their real servers in theirs and the sorry server last; groups
 * in the order the virtual servers first use them. A column the
 * configuration does not set (virtualhost, retry, a tunnel's columns
 * without TUN ...) has no instance, as the MIB asks for the columns of
 * another kind of row. The IPVS statistics columns are there only when
 * the status carries them (the check child read them from IPVS).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "core/snmp_map.h"

#define CHK_SVC_F_HASHED	0x0002	/* IP_VS_SVC_F_* */
#define CHK_SVC_F_ONEPACKET	0x0004
#define CHK_SVC_F_SCHED1	0x0008
#define CHK_SVC_F_SCHED2	0x0010
#define CHK_SVC_F_SCHED3	0x0020

static const uint32_t chk[] = { 1, 3, 6, 1, 4, 1, 9586, 100, 5, 3 };
#define CHK_N	(sizeof(chk) / sizeof(chk[0]))

/* A column of a row: table (1 groups, 2 members, 3 virtual servers, 4
 * real servers), column, then the index (one or two subidentifiers). */
#define COL(t, c, i, j)	chk, CHK_N, (t), 1, (c), (i), (j)

static void
chk_int(struct snmp_vars *vars, enum snmp_type type, long long v, int t,
    int c, int i, int j)
{
	if (j > 0)
		snmp_add_int(vars, type, v, COL(t, c, i, j), -1);
	else
		snmp_add_int(vars, type, v, COL(t, c, i, -1), -1);
}

/* A command as keepalived shows it: each word quoted, the directory of
 * the program resolved ("'/usr/bin/true' 'up'" for /bin/true up where
 * /bin is a link to /usr/bin). */
static char *
chk_cmd(const char *cmd)
{
	char *out = NULL, *dup = xstrdup(cmd), *p = dup, *w, *real, *slash;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	char q;
	bool first = true;

	if (f == NULL)
		fatal("open_memstream");
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (*p == '\'' || *p == '"') {
			q = *p++;
			w = p;
			while (*p != '\0' && *p != q)
				p++;
		} else {
			w = p;
			while (*p != '\0' && *p != ' ' && *p != '\t')
				p++;
		}
		if (*p != '\0')
			*p++ = '\0';
		real = NULL;
		if (first && (slash = strrchr(w, '/')) != NULL) {
			*slash = '\0';
			real = realpath(slash == w ? "/" : w, NULL);
			*slash = '/';
		}
		if (real != NULL)
			fprintf(f, "'%s%s'", strcmp(real, "/") == 0 ? "" :
			    real, slash);
		else
			fprintf(f, "%s'%s'", first ? "" : " ", w);
		free(real);
		first = false;
	}
	fclose(f);
	free(dup);
	return out;
}

static void
chk_cmd_col(struct snmp_vars *vars, const char *cmd, int t, int c, int i,
    int j);

static void
chk_str(struct snmp_vars *vars, const char *s, int t, int c, int i, int j)
{
	if (s == NULL || *s == '\0')
		return;
	if (j > 0)
		snmp_add_str(vars, SNMP_T_STRING, s, strlen(s), COL(t, c, i,
		    j), -1);
	else
		snmp_add_str(vars, SNMP_T_STRING, s, strlen(s), COL(t, c, i,
		    -1), -1);
}

static void
chk_cmd_col(struct snmp_vars *vars, const char *cmd, int t, int c, int i,
    int j)
{
	char *s;

	if (*cmd == '\0')
		return;
	s = chk_cmd(cmd);
	chk_str(vars, s, t, c, i, j);
	free(s);
}

/* InetAddressType ipv4(1)/ipv6(2) and InetAddress of a text address;
 * false when it is none. */
static bool
chk_parse(const char *s, int *type, unsigned char a[16], size_t *len)
{
	if (inet_pton(AF_INET, s, a) == 1) {
		*type = 1;
		*len = 4;
		return true;
	}
	if (inet_pton(AF_INET6, s, a) == 1) {
		*type = 2;
		*len = 16;
		return true;
	}
	return false;
}

static void
chk_addr(struct snmp_vars *vars, const char *s, int t, int ctype,
    int caddr, int i, int j)
{
	unsigned char a[16];
	size_t len;
	int type;

	if (!chk_parse(s, &type, a, &len))
		return;
	if (ctype > 0)
		chk_int(vars, SNMP_T_INT, type, t, ctype, i, j);
	if (j > 0)
		snmp_add_str(vars, SNMP_T_OCTETS, a, len, COL(t, caddr, i, j),
		    -1);
	else
		snmp_add_str(vars, SNMP_T_OCTETS, a, len, COL(t, caddr, i, -1),
		    -1);
}

static int
chk_sched(const char *s)
{
	static const char *const names[] = { "rr", "wrr", "lc", "wlc", "lblc",
	    "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i + 1;
	return 99;
}

static int
chk_method(const char *s)
{
	return strcmp(s, "DR") == 0 ? 2 : strcmp(s, "TUN") == 0 ? 3 : 1;
}

/* The tunnel's columns (type, port, checksum) of a TUN server. */
static void
chk_tunnel(struct snmp_vars *vars, json_t *o, int t, int c, int i, int j)
{
	const char *type = snmp_jstr(o, "tunnel_type");
	const char *csum = snmp_jstr(o, "tunnel_csum");

	if (*type == '\0')
		return;
	chk_int(vars, SNMP_T_INT, strcmp(type, "gue") == 0 ? 2 :
	    strcmp(type, "gre") == 0 ? 3 : 1, t, c, i, j);
	if (strcmp(type, "gue") == 0)
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(o, "tunnel_port"), t,
		    c + 1, i, j);
	if (strcmp(type, "ipip") != 0)
		chk_int(vars, SNMP_T_INT, strcmp(csum, "remcsum") == 0 ? 3 :
		    strcmp(csum, "csum") == 0 ? 2 : 1, t, c + 2, i, j);
}

/*
 * The IPVS statistics, when the record has them ("conns" ...): from
 * column c, the 32-bit counters and gauges, the 64-bit ones at c64,
 * the rates split at low (virtualServerStatsConns 27, 38, 41;
 * realServerStatsConns 14 with its three connection gauges, 27, 30).
 */
static void
chk_stats(struct snmp_vars *vars, json_t *o, bool force, int t, int c,
    int c64, int low, int i, int j)
{
	static const char *const rates[] = { "cps", "inpps", "outpps", "inbps",
	    "outbps" };
	long long v;
	size_t k;

	if (!force && json_object_get(o, "conns") == NULL)
		return;
	chk_int(vars, SNMP_T_GAUGE, snmp_jint(o, "conns") & 0xffffffff, t,
	    c++, i, j);
	if (t == 4) {
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(o, "activeconns"), t,
		    c++, i, j);
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(o, "inactconns"), t,
		    c++, i, j);
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(o, "persistconns"), t,
		    c++, i, j);
	}
	chk_int(vars, SNMP_T_COUNTER32, snmp_jint(o, "inpkts") & 0xffffffff,
	    t, c++, i, j);
	chk_int(vars, SNMP_T_COUNTER32, snmp_jint(o, "outpkts") & 0xffffffff,
	    t, c++, i, j);
	chk_int(vars, SNMP_T_COUNTER64, snmp_jint(o, "inbytes"), t, c++, i,
	    j);
	chk_int(vars, SNMP_T_COUNTER64, snmp_jint(o, "outbytes"), t, c++, i,
	    j);
	for (k = 0; k < 5; k++) {
		v = snmp_jint(o, rates[k]);
		chk_int(vars, SNMP_T_GAUGE, v > 0xffffffffLL ? 0xffffffffLL :
		    v, t, c++, i, j);
		chk_int(vars, SNMP_T_GAUGE, v & 0xffffffff, t, low + 2 *
		    (int)k, i, j);
		chk_int(vars, SNMP_T_GAUGE, (unsigned long long)v >> 32, t,
		    low + 2 * (int)k + 1, i, j);
	}
	chk_int(vars, SNMP_T_COUNTER64, snmp_jint(o, "conns"), t, c64, i, j);
	chk_int(vars, SNMP_T_COUNTER64, snmp_jint(o, "inpkts"), t, c64 + 1, i,
	    j);
	chk_int(vars, SNMP_T_COUNTER64, snmp_jint(o, "outpkts"), t, c64 + 2,
	    i, j);
}

/* Timers: seconds at c, c+1, c+2 (delay before retry, warmup, delay
 * loop) and microseconds at u...u+3 (the same and connect timeout);
 * the virtual server's columns are in another order (vs true). */
/* A real server's retry, delay_before_retry or warmup: its own, else
 * its virtual server's, else 0. */
static long long
chk_given(json_t *o, json_t *vs, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL && vs != NULL)
		v = json_object_get(vs, key);
	return json_integer_value(v);
}

static void
chk_timers(struct snmp_vars *vars, json_t *o, json_t *parent, int t, int i,
    int j)
{
	bool vs = t == 3;
	long long dbr = chk_given(o, parent, "delay_before_retry_us");
	long long warm = chk_given(o, parent, "warmup_us");
	long long loop = snmp_jint(o, "delay_loop_us");

	chk_int(vars, SNMP_T_GAUGE, chk_given(o, parent, "retry"), t,
	    vs ? 57 : 43, i, j);
	chk_int(vars, SNMP_T_GAUGE, dbr / 1000000, t, vs ? 58 : 44, i, j);
	chk_int(vars, SNMP_T_GAUGE, dbr, t, vs ? 65 : 48, i, j);
	chk_int(vars, SNMP_T_GAUGE, warm / 1000000, t, vs ? 59 : 45, i, j);
	chk_int(vars, SNMP_T_GAUGE, warm, t, vs ? 66 : 49, i, j);
	chk_int(vars, SNMP_T_GAUGE, loop / 1000000, t, vs ? 16 : 46, i, j);
	chk_int(vars, SNMP_T_GAUGE, loop, t, vs ? 64 : 50, i, j);
	chk_int(vars, SNMP_T_GAUGE, snmp_jint(o, "connect_timeout_us"), t,
	    vs ? 67 : 51, i, j);
}

/* The group of a virtual server (by name) in the order of first use:
 * its index, 0 for none. */
static int
chk_group_index(json_t *doc, const char *group)
{
	json_t *vs;
	size_t i;
	int n = 0;
	const char **seen = NULL;
	int found = 0, k;

	json_array_foreach(json_object_get(doc, "virtual_servers"), i, vs) {
		const char *g = snmp_jstr(vs, "group");

		if (strcmp(snmp_jstr(vs, "kind"), "group") != 0)
			continue;
		for (k = 0; k < n && strcmp(seen[k], g) != 0; k++)
			;
		if (k == n) {
			seen = xreallocarray(seen, (size_t)n + 1,
			    sizeof(*seen));
			seen[n++] = g;
		}
		if (strcmp(g, group) == 0) {
			found = k + 1;
			break;
		}
	}
	free(seen);
	return found;
}

/* Group g (index gi) and its members, from the first virtual server that
 * uses it. */
static void
chk_group(struct snmp_vars *vars, json_t *vs, int gi)
{
	char *list = xstrdup(snmp_jstr(vs, "members")), *p = list, *m;
	char fam[8], a[64], b[64];
	unsigned int port, mark;
	int mi = 0;

	chk_str(vars, snmp_jstr(vs, "group"), 1, 2, gi, 0);
	while ((m = strsep(&p, ",")) != NULL) {
		if (sscanf(m, "fwmark %u", &mark) == 1) {
			mi++;
			chk_int(vars, SNMP_T_INT, 1, 2, 2, gi, mi);
			chk_int(vars, SNMP_T_GAUGE, mark, 2, 3, gi, mi);
		} else if (sscanf(m, "%7s %63s %63s %u", fam, a, b, &port) ==
		    4) {
			mi++;
			if (strcmp(a, b) == 0) {
				chk_int(vars, SNMP_T_INT, 2, 2, 2, gi, mi);
				chk_addr(vars, a, 2, 4, 5, gi, mi);
			} else {
				chk_int(vars, SNMP_T_INT, 3, 2, 2, gi, mi);
				chk_addr(vars, a, 2, 4, 6, gi, mi);
				chk_addr(vars, b, 2, 0, 7, gi, mi);
			}
			chk_int(vars, SNMP_T_GAUGE, port, 2, 8, gi, mi);
		}
	}
	free(list);
}

/* A virtual server's identity: type, and by type its group name, mark,
 * or address and port (also the traps' varbinds). */
static void
chk_vs_ident(struct snmp_vars *vars, json_t *vs, int vi)
{
	const char *kind = snmp_jstr(vs, "kind");

	if (strcmp(kind, "group") == 0) {
		chk_int(vars, SNMP_T_INT, 3, 3, 2, vi, 0);
		chk_str(vars, snmp_jstr(vs, "group"), 3, 3, vi, 0);
	} else if (strcmp(kind, "fwmark") == 0) {
		chk_int(vars, SNMP_T_INT, 1, 3, 2, vi, 0);
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(vs, "fwmark"), 3, 4, vi,
		    0);
	} else {
		chk_int(vars, SNMP_T_INT, 2, 3, 2, vi, 0);
		chk_addr(vars, snmp_jstr(vs, "address"), 3, 0, 6, vi, 0);
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(vs, "port"), 3, 7, vi,
		    0);
	}
	/* the family, of every kind (IPv4 unless said otherwise) */
	chk_int(vars, SNMP_T_INT, strcmp(snmp_jstr(vs, "family"), "inet6") ==
	    0 ? 2 : 1, 3, 5, vi, 0);
}

static int
chk_protocol(json_t *vs)
{
	const char *p = snmp_jstr(vs, "protocol");

	return strcmp(p, "tcp") == 0 ? 1 : strcmp(p, "udp") == 0 ? 2 :
	    strcmp(p, "sctp") == 0 ? 3 : 4;
}

static void
chk_vs(struct snmp_vars *vars, json_t *vs, int vi)
{
	long long flags = snmp_jint(vs, "svc_flags");
	const char *sched = snmp_jstr(vs, "scheduler");
	bool sh = strcmp(sched, "sh") == 0, mh = strcmp(sched, "mh") == 0;
	bool persist = snmp_jint(vs, "persistence_timeout") > 0;

	chk_vs_ident(vars, vs, vi);
	if (strcmp(snmp_jstr(vs, "kind"), "fwmark") != 0)
		chk_int(vars, SNMP_T_INT, chk_protocol(vs), 3, 8, vi, 0);
	chk_int(vars, SNMP_T_INT, chk_sched(sched), 3, 9, vi, 0);
	chk_int(vars, SNMP_T_INT, chk_method(snmp_jstr(vs, "method")), 3, 10,
	    vi, 0);
	chk_int(vars, SNMP_T_INT, strcmp(snmp_jstr(vs, "state"), "UP") == 0 ?
	    1 : 2, 3, 11, vi, 0);
	chk_str(vars, snmp_jstr(vs, "virtualhost"), 3, 12, vi, 0);
	chk_int(vars, SNMP_T_INT, persist ? 1 : 2, 3, 13, vi, 0);
	if (persist)
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(vs,
		    "persistence_timeout"), 3, 14, vi, 0);
	/* the granularity, all ones when not given */
	if (*snmp_jstr(vs, "granularity") != '\0')
		chk_addr(vars, snmp_jstr(vs, "granularity"), 3, 0, 15, vi, 0);
	else {
		chk_addr(vars, "255.255.255.255", 3, 0, 15, vi, 0);
		chk_int(vars, SNMP_T_GAUGE, json_object_get(vs,
		    "granularity6") != NULL ? snmp_jint(vs, "granularity6") :
		    0xffffffffLL, 3, 51, vi, 0);
	}
	chk_int(vars, SNMP_T_INT, snmp_tv(snmp_jint(vs, "ha_suspend")), 3, 17,
	    vi, 0);
	chk_int(vars, SNMP_T_INT, snmp_jint(vs, "alpha") ? 1 : 2, 3, 18, vi,
	    0);
	chk_int(vars, SNMP_T_INT, snmp_jint(vs, "omega") ? 1 : 2, 3, 19, vi,
	    0);
	chk_int(vars, SNMP_T_GAUGE, (long long)json_array_size(
	    json_object_get(vs, "real_servers")), 3, 20, vi, 0);
	chk_int(vars, SNMP_T_GAUGE, snmp_jint(vs, "real_servers_up"), 3, 21,
	    vi, 0);
	chk_int(vars, SNMP_T_GAUGE, snmp_jint(vs, "quorum"), 3, 22, vi, 0);
	chk_int(vars, SNMP_T_INT, strcmp(snmp_jstr(vs, "state"), "UP") == 0 ?
	    1 : 2, 3, 23, vi, 0);
	chk_cmd_col(vars, snmp_jstr(vs, "quorum_up"), 3, 24, vi, 0);
	chk_cmd_col(vars, snmp_jstr(vs, "quorum_down"), 3, 25, vi, 0);
	chk_int(vars, SNMP_T_GAUGE, snmp_jint(vs, "hysteresis"), 3, 26, vi, 0);
	chk_stats(vars, vs, false, 3, 27, 38, 41, vi, 0);
	chk_int(vars, SNMP_T_INT, snmp_tv(flags & CHK_SVC_F_ONEPACKET), 3, 37,
	    vi, 0);
	chk_int(vars, SNMP_T_INT, snmp_tv(flags & CHK_SVC_F_HASHED), 3, 52,
	    vi, 0);
	chk_int(vars, SNMP_T_INT, snmp_tv(sh && (flags & CHK_SVC_F_SCHED1)),
	    3, 53, vi, 0);
	chk_int(vars, SNMP_T_INT, snmp_tv(sh && (flags & CHK_SVC_F_SCHED2)),
	    3, 54, vi, 0);
	chk_int(vars, SNMP_T_INT, snmp_tv(flags & CHK_SVC_F_SCHED3), 3, 55,
	    vi, 0);
	chk_int(vars, SNMP_T_INT, snmp_jint(vs, "inhibit_on_failure") ? 2 : 1,
	    3, 56, vi, 0);
	chk_int(vars, SNMP_T_INT, snmp_jint(vs, "weight"), 3, 60, vi, 0);
	chk_int(vars, SNMP_T_INT, snmp_jint(vs, "smtp_alert") ? 1 : 2, 3, 61,
	    vi, 0);
	chk_int(vars, SNMP_T_INT, snmp_tv(mh && (flags & CHK_SVC_F_SCHED1)),
	    3, 62, vi, 0);
	chk_int(vars, SNMP_T_INT, snmp_tv(mh && (flags & CHK_SVC_F_SCHED2)),
	    3, 63, vi, 0);
	chk_timers(vars, vs, NULL, 3, vi, 0);
	chk_tunnel(vars, vs, 3, 68, vi, 0);
	chk_str(vars, snmp_jstr(vs, "snmp_name"), 3, 71, vi, 0);
}

static void
chk_rs(struct snmp_vars *vars, json_t *vs, json_t *rs, int vi, int ri)
{
	bool up = strcmp(snmp_jstr(rs, "state"), "UP") == 0;

	chk_int(vars, SNMP_T_INT, 1, 4, 2, vi, ri);	/* regular */
	chk_addr(vars, snmp_jstr(rs, "address"), 4, 3, 4, vi, ri);
	chk_int(vars, SNMP_T_GAUGE, snmp_jint(rs, "port"), 4, 5, vi, ri);
	chk_int(vars, SNMP_T_INT, up ? 1 : 2, 4, 6, vi, ri);
	chk_int(vars, SNMP_T_INT, snmp_jint(rs, "weight"), 4, 7, vi, ri);
	if (snmp_jint(rs, "uthreshold") != 0)
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(rs, "uthreshold"), 4, 8,
		    vi, ri);
	if (snmp_jint(rs, "lthreshold") != 0)
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(rs, "lthreshold"), 4, 9,
		    vi, ri);
	chk_int(vars, SNMP_T_INT, snmp_jint(rs, "inhibit_on_failure") ? 2 : 1,
	    4, 10, vi, ri);
	chk_cmd_col(vars, snmp_jstr(rs, "notify_up"), 4, 11, vi, ri);
	chk_cmd_col(vars, snmp_jstr(rs, "notify_down"), 4, 12, vi, ri);
	chk_int(vars, SNMP_T_GAUGE, snmp_jint(rs, "failed_checks"), 4, 13, vi,
	    ri);
	chk_stats(vars, rs, false, 4, 14, 27, 30, vi, ri);
	chk_int(vars, SNMP_T_INT, chk_method(snmp_jstr(rs, "method")), 4, 40,
	    vi, ri);
	chk_str(vars, snmp_jstr(rs, "virtualhost"), 4, 41, vi, ri);
	chk_int(vars, SNMP_T_INT, snmp_jint(rs, "alpha") ? 1 : 2, 4, 42, vi,
	    ri);
	chk_int(vars, SNMP_T_INT, snmp_jint(rs, "smtp_alert") ? 1 : 2, 4, 47,
	    vi, ri);
	chk_timers(vars, rs, vs, 4, vi, ri);
	chk_tunnel(vars, rs, 4, 52, vi, ri);
	chk_str(vars, snmp_jstr(rs, "snmp_name"), 4, 55, vi, ri);
}

/* The sorry server: the first row, as keepalived has it, without status,
 * weight, action or failed checks; its timers zero. False: none. */
static bool
chk_sorry(struct snmp_vars *vars, json_t *vs, int vi, int ri)
{
	static const int zero[] = { 43, 44, 45, 46, 48, 49, 50, 51 };
	size_t k;

	if (*snmp_jstr(vs, "sorry_address") == '\0')
		return false;
	chk_int(vars, SNMP_T_INT, 2, 4, 2, vi, ri);	/* sorry */
	chk_addr(vars, snmp_jstr(vs, "sorry_address"), 4, 3, 4, vi, ri);
	chk_int(vars, SNMP_T_GAUGE, snmp_jint(vs, "sorry_port"), 4, 5, vi, ri);
	chk_int(vars, SNMP_T_INT, chk_method(snmp_jstr(vs, "sorry_method")), 4,
	    40, vi, ri);
	chk_int(vars, SNMP_T_INT, 2, 4, 42, vi, ri);	/* alpha */
	chk_int(vars, SNMP_T_INT, 2, 4, 47, vi, ri);	/* smtp_alert */
	for (k = 0; k < sizeof(zero) / sizeof(zero[0]); k++)
		chk_int(vars, SNMP_T_GAUGE, 0, 4, zero[k], vi, ri);
	/* IPVS's counters: not looked up for it */
	if (json_object_get(vs, "conns") != NULL) {
		json_t *none = json_object();

		chk_stats(vars, none, true, 4, 14, 27, 30, vi, ri);
		json_decref(none);
	}
	return true;
}

void
snmp_map_check(json_t *doc, struct snmp_vars *vars)
{
	json_t *vs, *rs;
	size_t i, k;
	int vi, gi, ngroups = 0, first;

	json_array_foreach(json_object_get(doc, "virtual_servers"), i, vs) {
		vi = (int)i + 1;
		if (strcmp(snmp_jstr(vs, "kind"), "group") == 0 &&
		    (gi = chk_group_index(doc, snmp_jstr(vs, "group"))) >
		    ngroups) {
			ngroups = gi;
			chk_group(vars, vs, gi);
		}
		chk_vs(vars, vs, vi);
		first = chk_sorry(vars, vs, vi, 1) ? 2 : 1;
		json_array_foreach(json_object_get(vs, "real_servers"), k, rs)
			chk_rs(vars, vs, rs, vi, (int)k + first);
	}
}

/* The trap's varbinds take the columns without an index, as keepalived's
 * VRRP traps do: the variables of one row, then the index stripped. */
static void
chk_strip(struct snmp_vars *vars, size_t from, size_t nidx)
{
	size_t i;

	for (i = from; i < vars->n; i++)
		vars->v[i].len -= nidx;
}

static json_t *
chk_find_vs(json_t *doc, const char *name, int *vi)
{
	json_t *vs;
	size_t i;

	json_array_foreach(json_object_get(doc, "virtual_servers"), i, vs)
		if (strcmp(snmp_jstr(vs, "name"), name) == 0) {
			*vi = (int)i + 1;
			return vs;
		}
	return NULL;
}

/* virtualServerType, then its group name, mark, or address type,
 * address and port, then protocol (a fwmark server's too), as
 * keepalived sends them; from vs (index vi), indexes stripped. */
static void
chk_trap_vs(struct snmp_vars *vars, json_t *vs, int vi)
{
	const char *kind = snmp_jstr(vs, "kind");
	size_t from = vars->n;

	if (strcmp(kind, "group") == 0) {
		chk_int(vars, SNMP_T_INT, 3, 3, 2, vi, 0);
		chk_str(vars, snmp_jstr(vs, "group"), 3, 3, vi, 0);
	} else if (strcmp(kind, "fwmark") == 0) {
		chk_int(vars, SNMP_T_INT, 1, 3, 2, vi, 0);
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(vs, "fwmark"), 3, 4, vi,
		    0);
	} else {
		chk_int(vars, SNMP_T_INT, 2, 3, 2, vi, 0);
		chk_addr(vars, snmp_jstr(vs, "address"), 3, 5, 6, vi, 0);
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(vs, "port"), 3, 7, vi,
		    0);
	}
	chk_int(vars, SNMP_T_INT, chk_protocol(vs), 3, 8, vi, 0);
	chk_strip(vars, from, 1);
}

static void
chk_trap_counts(struct snmp_vars *vars, json_t *vs, int vi, long long up)
{
	size_t from = vars->n;

	chk_int(vars, SNMP_T_GAUGE, up, 3, 21, vi, 0);
	chk_int(vars, SNMP_T_GAUGE, (long long)json_array_size(
	    json_object_get(vs, "real_servers")), 3, 20, vi, 0);
	chk_strip(vars, from, 1);
}

bool
snmp_map_trap_check(json_t *event, json_t *doc, struct snmp_vars *vars)
{
	static const uint32_t trap_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
	static const uint32_t rs_trap[] = { 1, 3, 6, 1, 4, 1, 9586, 100, 5, 3,
	    5, 0, 1 };
	static const uint32_t q_trap[] = { 1, 3, 6, 1, 4, 1, 9586, 100, 5, 3,
	    5, 0, 2 };
	static const uint32_t k[] = { 1, 3, 6, 1, 4, 1, 9586, 100, 5 };
	const char *type = snmp_jstr(event, "type"), *rid;
	bool up = strcmp(snmp_jstr(event, "state"), "up") == 0;
	json_t *vs, *rs = NULL, *o;
	long long nup = 0;
	size_t i, from;
	int vi, ri = 0;

	if (strcmp(type, "real_server") != 0 && strcmp(type, "quorum") != 0)
		return false;
	if ((vs = chk_find_vs(doc, snmp_jstr(event, "virtual_server"), &vi)) ==
	    NULL)
		return false;
	json_array_foreach(json_object_get(vs, "real_servers"), i, o) {
		if (strcmp(snmp_jstr(o, "name"), snmp_jstr(event,
		    "real_server")) == 0) {
			rs = o;
			ri = (int)i + 1;
		}
		nup += strcmp(snmp_jstr(o, "state"), "UP") == 0;
	}
	rid = snmp_jstr(json_object_get(doc, "daemon"), "router_id");
	if (*type == 'r') {
		if (rs == NULL)
			return false;
		/* The event is newer than the status: count it in. */
		nup += (up ? 1 : 0) - (strcmp(snmp_jstr(rs, "state"), "UP") ==
		    0);
		snmp_add_oid(vars, rs_trap, sizeof(rs_trap) /
		    sizeof(rs_trap[0]), trap_oid, 11, -1);
		from = vars->n;
		chk_addr(vars, snmp_jstr(rs, "address"), 4, 3, 4, vi, ri);
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(rs, "port"), 4, 5, vi,
		    ri);
		chk_int(vars, SNMP_T_INT, up ? 1 : 2, 4, 6, vi, ri);
		chk_strip(vars, from, 2);
		chk_trap_vs(vars, vs, vi);
	} else {
		snmp_add_oid(vars, q_trap, sizeof(q_trap) / sizeof(q_trap[0]),
		    trap_oid, 11, -1);
		chk_trap_vs(vars, vs, vi);
		from = vars->n;
		chk_int(vars, SNMP_T_INT, up ? 1 : 2, 3, 23, vi, 0);
		chk_int(vars, SNMP_T_GAUGE, snmp_jint(vs, "quorum"), 3, 22, vi,
		    0);
		chk_strip(vars, from, 1);
	}
	chk_trap_counts(vars, vs, vi, nup < 0 ? 0 : nup);
	snmp_add_str(vars, SNMP_T_STRING, rid, strlen(rid), k, 9, 1, 2, 0,
	    -1);
	return true;
}
