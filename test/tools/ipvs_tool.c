/*
 * ipvs_tool: check_ipvs_* driven from the command line, for the IPVS
 * tests. One process runs one or more commands, separated by "--", after
 * one check_ipvs_init(); the log goes to stderr.
 *
 *	ipvs_tool [-d] CMD ARGS [-- CMD ARGS]...
 *
 *	init				print "available" or "absent"
 *	reinit				check_ipvs_close(), check_ipvs_init()
 *	add-service SVC [OPT...]	sched=wlc persistent=S netmask=M
 *	edit-service SVC [OPT...]	pe=NAME flags=N
 *	del-service SVC
 *	add-dest SVC DEST [OPT...]	weight=N method=nat|dr|tun|local
 *	edit-dest SVC DEST [OPT...]	upper=N lower=N tun=ipip|gue|gre
 *	del-dest SVC DEST		tunport=N tunflags=N
 *	sync-start master|backup IFNAME SYNCID
 *	sync-stop master|backup
 *	list				the table, one line per entry
 *					(a destination's starts with its
 *					service's name)
 *
 * SVC: tcp:192.0.2.200:80, udp:[2001:db8::1]:53, fwm:1, fwm6:1.
 * DEST: 192.0.2.1:80, [2001:db8::2]:80. netmask: dotted IPv4 or an IPv6
 * prefix length. Exit status: 0, else 1 (the first failing command) or 2
 * (usage).
 */
#include <arpa/inet.h>
#include <linux/ip_vs.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_ipvs.h"
#include "common/log.h"

static void __attribute__((noreturn))
usage(const char *why, const char *arg)
{
	fprintf(stderr, "ipvs_tool: %s: %s\n", why, arg != NULL ? arg : "");
	exit(2);
}

static unsigned long
num(const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (*s == '\0' || *end != '\0' || errno != 0 || v > max)
		usage("bad number", s);
	return v;
}

/* "192.0.2.1:80" or "[2001:db8::1]:80": family, address, port. */
static int
addr_port(const char *s, union check_ipvs_addr *a, uint16_t *port)
{
	char buf[128], *p;
	int af;

	snprintf(buf, sizeof(buf), "%s", s);
	if (buf[0] == '[') {
		if ((p = strstr(buf, "]:")) == NULL)
			usage("bad address", s);
		*p = '\0';
		p += 2;
		af = AF_INET6;
	} else {
		if ((p = strrchr(buf, ':')) == NULL)
			usage("bad address", s);
		*p++ = '\0';
		af = AF_INET;
	}
	memset(a, 0, sizeof(*a));
	if (inet_pton(af, buf + (af == AF_INET6), a->b) != 1)
		usage("bad address", s);
	*port = (uint16_t)num(p, 65535);
	return af;
}

static void
parse_service(const char *s, struct check_ipvs_service *svc)
{
	memset(svc, 0, sizeof(*svc));
	snprintf(svc->sched, sizeof(svc->sched), "wlc");
	if (strncmp(s, "fwm:", 4) == 0 || strncmp(s, "fwm6:", 5) == 0) {
		svc->af = s[3] == '6' ? AF_INET6 : AF_INET;
		svc->fwmark = (uint32_t)num(strchr(s, ':') + 1, UINT32_MAX);
		return;
	}
	if (strncmp(s, "tcp:", 4) == 0)
		svc->protocol = IPPROTO_TCP;
	else if (strncmp(s, "udp:", 4) == 0)
		svc->protocol = IPPROTO_UDP;
	else if (strncmp(s, "sctp:", 5) == 0)
		svc->protocol = IPPROTO_SCTP;
	else
		usage("bad service", s);
	svc->af = addr_port(strchr(s, ':') + 1, &svc->addr, &svc->port);
}

static void
service_opt(const char *o, struct check_ipvs_service *s)
{
	struct in_addr m;

	if (strncmp(o, "sched=", 6) == 0)
		snprintf(s->sched, sizeof(s->sched), "%s", o + 6);
	else if (strncmp(o, "persistent=", 11) == 0) {
		s->flags |= IP_VS_SVC_F_PERSISTENT;
		s->timeout = (uint32_t)num(o + 11, UINT32_MAX);
	} else if (strncmp(o, "netmask=", 8) == 0) {
		if (inet_pton(AF_INET, o + 8, &m) == 1)
			s->netmask = m.s_addr;
		else
			s->netmask = (uint32_t)num(o + 8, 128);
	} else if (strncmp(o, "pe=", 3) == 0)
		snprintf(s->pe_name, sizeof(s->pe_name), "%s", o + 3);
	else if (strncmp(o, "flags=", 6) == 0)
		s->flags |= (uint32_t)num(o + 6, UINT32_MAX);
	else
		usage("bad service option", o);
}

static void
dest_opt(const char *o, struct check_ipvs_dest *d)
{
	static const char *const methods[] = { "nat", "local", "tun", "dr" };
	static const char *const tuns[] = { "ipip", "gue", "gre" };
	size_t i;

	if (strncmp(o, "weight=", 7) == 0)
		d->weight = (int)num(o + 7, INT32_MAX);
	else if (strncmp(o, "upper=", 6) == 0)
		d->u_threshold = (uint32_t)num(o + 6, UINT32_MAX);
	else if (strncmp(o, "lower=", 6) == 0)
		d->l_threshold = (uint32_t)num(o + 6, UINT32_MAX);
	else if (strncmp(o, "tunport=", 8) == 0)
		d->tun_port = (uint16_t)num(o + 8, 65535);
	else if (strncmp(o, "tunflags=", 9) == 0)
		d->tun_flags = (uint16_t)num(o + 9, 65535);
	else if (strncmp(o, "method=", 7) == 0) {
		for (i = 0; i < 4 && strcmp(o + 7, methods[i]) != 0; i++)
			;
		if (i == 4)
			usage("bad method", o);
		d->conn_flags = (uint32_t)i;
	} else if (strncmp(o, "tun=", 4) == 0) {
		for (i = 0; i < 3 && strcmp(o + 4, tuns[i]) != 0; i++)
			;
		if (i == 3)
			usage("bad tunnel type", o);
		d->tun_type = (uint8_t)i;
	} else
		usage("bad destination option", o);
}

static void
list_dest(const struct check_ipvs_dest *d, void *arg)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(d->af, d->addr.b, a, sizeof(a));
	printf("%s -> %s%s%s:%u %s weight %d upper %u lower %u\n",
	    (const char *)arg, d->af == AF_INET6 ? "[" : "", a,
	    d->af == AF_INET6 ? "]" : "",
	    d->port, check_ipvs_method_name(d->conn_flags), d->weight,
	    d->u_threshold, d->l_threshold);
}

struct list {
	struct check_ipvs_service	 svc[64];
	size_t				 n;
};

static void
list_collect(const struct check_ipvs_service *s, void *arg)
{
	struct list *l = arg;

	if (l->n < sizeof(l->svc) / sizeof(l->svc[0]))
		l->svc[l->n++] = *s;
}

/* The services first, then each one's destinations: a dump's callback
 * must not start another request on the same socket. */
static int
list(void)
{
	static struct list l;
	const struct check_ipvs_service *s;
	char name[80], mask[INET_ADDRSTRLEN];
	size_t i;
	int err;

	l.n = 0;
	if ((err = check_ipvs_service_list(list_collect, &l)) < 0)
		return err;
	for (i = 0; i < l.n; i++) {
		s = &l.svc[i];
		if (s->af == AF_INET)
			inet_ntop(AF_INET, &s->netmask, mask, sizeof(mask));
		else
			snprintf(mask, sizeof(mask), "%u", s->netmask);
		printf("%s sched %s flags 0x%x timeout %u netmask %s%s%s\n",
		    check_ipvs_service_name(s, name, sizeof(name)), s->sched,
		    s->flags, s->timeout, mask,
		    s->pe_name[0] != '\0' ? " pe " : "", s->pe_name);
		if ((err = check_ipvs_dest_list(s, list_dest, name)) < 0)
			return err;
	}
	fflush(stdout);
	return 0;
}

static int
run(int argc, char **argv)
{
	struct check_ipvs_service s;
	struct check_ipvs_dest d;
	const char *cmd = argv[0];
	struct check_ipvs_sync sync;
	int i;

	if (strcmp(cmd, "init") == 0) {
		printf("%s\n", check_ipvs_available() ? "available" : "absent");
		return 0;
	}
	if (strcmp(cmd, "reinit") == 0) {
		check_ipvs_close();
		(void)check_ipvs_init();
		return 0;
	}
	if (strcmp(cmd, "list") == 0)
		return list();
	if (strcmp(cmd, "sync-start") == 0 || strcmp(cmd, "sync-stop") == 0) {
		if (argc < 2)
			usage("missing state", cmd);
		i = strcmp(argv[1], "master") == 0 ? IP_VS_STATE_MASTER :
		    IP_VS_STATE_BACKUP;
		if (strcmp(cmd, "sync-stop") == 0)
			return check_ipvs_sync_stop(i);
		if (argc != 4)
			usage("usage", "sync-start STATE IFNAME SYNCID");
		memset(&sync, 0, sizeof(sync));
		sync.state = i;
		snprintf(sync.ifname, sizeof(sync.ifname), "%s", argv[2]);
		sync.syncid = (uint8_t)num(argv[3], 255);
		return check_ipvs_sync_start(&sync);
	}
	if (argc < 2)
		usage("missing service", cmd);
	parse_service(argv[1], &s);
	if (strstr(cmd, "-service") != NULL) {
		for (i = 2; i < argc; i++)
			service_opt(argv[i], &s);
		if (strcmp(cmd, "add-service") == 0)
			return check_ipvs_service_add(&s);
		if (strcmp(cmd, "edit-service") == 0)
			return check_ipvs_service_edit(&s);
		if (strcmp(cmd, "del-service") == 0)
			return check_ipvs_service_del(&s);
		usage("unknown command", cmd);
	}
	if (argc < 3)
		usage("missing destination", cmd);
	memset(&d, 0, sizeof(d));
	d.weight = 1;
	d.af = addr_port(argv[2], &d.addr, &d.port);
	for (i = 3; i < argc; i++)
		dest_opt(argv[i], &d);
	if (strcmp(cmd, "add-dest") == 0)
		return check_ipvs_dest_add(&s, &d);
	if (strcmp(cmd, "edit-dest") == 0)
		return check_ipvs_dest_edit(&s, &d);
	if (strcmp(cmd, "del-dest") == 0)
		return check_ipvs_dest_del(&s, &d);
	usage("unknown command", cmd);
}

int
main(int argc, char **argv)
{
	int i, start, err;
	bool debug = false;

	if (argc > 1 && strcmp(argv[1], "-d") == 0) {
		debug = true;
		argc--;
		argv++;
	}
	if (argc < 2)
		usage("usage", "ipvs_tool [-d] CMD ARGS [-- CMD ARGS]...");
	log_init("ipvs_tool", true, debug);
	(void)check_ipvs_init();
	for (start = 1, i = 1; i <= argc; i++) {
		if (i < argc && strcmp(argv[i], "--") != 0)
			continue;
		if (i == start)
			usage("empty command", "--");
		argv[i] = NULL;
		if ((err = run(i - start, argv + start)) < 0) {
			fprintf(stderr, "ipvs_tool: %s: %s\n", argv[start],
			    strerror(-err));
			return 1;
		}
		start = i + 1;
	}
	check_ipvs_close();
	return 0;
}
