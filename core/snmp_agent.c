/*
 * vigilctl snmp-agent: an AgentX subagent (net-snmp's agent library)
 * serving KEEPALIVED-MIB read-only from vigild's status records, and
 * sending keepalived's traps for the transitions of vigild's event
 * stream. vigild starts it (core/snmp.c) with --fd=3, a channel on which
 * it asks the parent for each control connection it needs, and --user,
 * the user it switches to first of all; run by hand without --fd it
 * connects to the control socket (-s) itself.
 *
 * The mapping from the status document to MIB variables is pure and
 * lives in core/snmp_map.c and core/snmp_vrrp.c; this file is the
 * net-snmp glue: registration, GET/GETNEXT, the trap varbinds, the loop.
 *
 * net-snmp is linked into vigilctl only (never into vigild): the agent
 * library is a well-kept Debian package (libsnmp40), and vigilctl
 * already is the unprivileged reader of the control socket.
 */
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/socket.h>

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <net/if.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "common/version.h"
#include "core/snmp_map.h"
#include "core/vigilctl.h"

#define AGENT_STALE_MS		1000	/* status older than this: ask again */
#define AGENT_RETRY_S		1	/* events stream lost: retry after */

static struct {
	const char	*path;		/* control socket, without --fd */
	int		 chan;		/* --fd, -1: none */
	bool		 traps;
	bool		 debug;
	bool		 keepalived;	/* serve KEEPALIVED-MIB (vrrp part) */
	bool		 checker;	/* serve KEEPALIVED-MIB (check part) */
	bool		 rfcv3;		/* serve VRRPV3-MIB */
	bool		 rfcv2;		/* serve VRRP-MIB */
	json_t		*doc;
	struct snmp_vars vars;
	struct timespec	 fetched;
	bool		 stale;
	int		 evfd;		/* vigilctl events stream, -1 */
	char		 evbuf[65536];
	size_t		 evlen;
	time_t		 ev_retry;
	bool		 caught_up;	/* agent_catch_up done */
} agent = { .chan = -1, .evfd = -1, .stale = true };

static volatile sig_atomic_t agent_stop;

static void
agent_sig(int sig)
{
	agent_stop = 1;
}

/* A control connection: from the parent over the channel, or our own. */
static int
agent_connect(void)
{
	struct timeval tv = { 10, 0 };
	struct msghdr msg;
	struct cmsghdr *cm;
	struct iovec iov;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char byte = 'c';
	int fd = -1;

	if (agent.chan == -1)
		return ctl_connect(agent.path);
	if (send(agent.chan, &byte, 1, MSG_NOSIGNAL) != 1) {
		fprintf(stderr, "vigilctl snmp-agent: vigild is gone\n");
		exit(CTL_EXIT_UNREACHABLE);
	}
	memset(&msg, 0, sizeof(msg));
	iov.iov_base = &byte;
	iov.iov_len = 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	if (recvmsg(agent.chan, &msg, MSG_CMSG_CLOEXEC) <= 0) {
		fprintf(stderr, "vigilctl snmp-agent: vigild is gone\n");
		exit(CTL_EXIT_UNREACHABLE);
	}
	for (cm = CMSG_FIRSTHDR(&msg); cm != NULL; cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	if (fd != -1) {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	}
	return fd;
}

static unsigned int
agent_ifindex(const char *name)
{
	return *name != '\0' ? if_nametoindex(name) : 0;
}

static bool
agent_hwaddr(const char *name, unsigned char mac[6])
{
	struct ifreq ifr;
	int fd;
	bool ok;

	if (strlen(name) >= sizeof(ifr.ifr_name) ||
	    (fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return false;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, name);
	ok = ioctl(fd, SIOCGIFHWADDR, &ifr) == 0;
	close(fd);
	if (ok)
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return ok;
}

static long
agent_ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 +
	    (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* The status, asked again when older than AGENT_STALE_MS or after an
 * event; on failure the last one stays. */
static void
agent_refresh(bool force)
{
	const char *error;
	char *text;
	int fd;

	if (!force && !agent.stale && agent.doc != NULL &&
	    agent_ms_since(&agent.fetched) < AGENT_STALE_MS)
		return;
	if ((fd = agent_connect()) == -1)
		return;
	if ((text = ctl_ask_fd(fd, "vigild", "status", &error)) == NULL)
		return;
	json_decref(agent.doc);
	agent.doc = ctl_records_parse(text);
	free(text);
	snmp_vars_clear(&agent.vars);
	if (agent.keepalived)
		snmp_map_keepalived(agent.doc, "vigil " VIGIL_VERSION,
		    agent_ifindex, &agent.vars);
	else if (agent.checker)
		snmp_map_keepalived_global(agent.doc, "vigil " VIGIL_VERSION,
		    &agent.vars);
	if (agent.checker)
		snmp_map_check(agent.doc, &agent.vars);
	if (agent.rfcv3)
		snmp_map_vrrpv3(agent.doc, agent_ifindex, agent_hwaddr,
		    &agent.vars);
	if (agent.rfcv2)
		snmp_map_vrrpv2(agent.doc, agent.traps, agent_ifindex,
		    agent_hwaddr, &agent.vars);
	snmp_vars_sort(&agent.vars);
	clock_gettime(CLOCK_MONOTONIC, &agent.fetched);
	agent.stale = false;
}

static void
agent_oid(const uint32_t *in, size_t n, oid *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = in[i];
}

static void
agent_set_value(netsnmp_variable_list *vb, const struct snmp_var *v)
{
	oid o[SNMP_OID_MAX];
	long l = (long)v->num;
	u_long g = (u_long)v->num;
	struct counter64 c64;

	switch (v->type) {
	case SNMP_T_INT:
		snmp_set_var_typed_value(vb, ASN_INTEGER, &l, sizeof(l));
		break;
	case SNMP_T_GAUGE:
		snmp_set_var_typed_value(vb, ASN_GAUGE, &g, sizeof(g));
		break;
	case SNMP_T_STRING:
	case SNMP_T_OCTETS:
		snmp_set_var_typed_value(vb, ASN_OCTET_STR, v->str, v->slen);
		break;
	case SNMP_T_OID:
		agent_oid((const uint32_t *)v->str, v->slen, o);
		snmp_set_var_typed_value(vb, ASN_OBJECT_ID, o,
		    v->slen * sizeof(oid));
		break;
	case SNMP_T_COUNTER32:
		snmp_set_var_typed_value(vb, ASN_COUNTER, &g, sizeof(g));
		break;
	case SNMP_T_TICKS:
		snmp_set_var_typed_value(vb, ASN_TIMETICKS, &g, sizeof(g));
		break;
	case SNMP_T_IPADDR:
		snmp_set_var_typed_value(vb, ASN_IPADDRESS, v->str, v->slen);
		break;
	case SNMP_T_COUNTER64:
		c64.high = (u_long)((unsigned long long)v->num >> 32);
		c64.low = (u_long)(v->num & 0xffffffffULL);
		snmp_set_var_typed_value(vb, ASN_COUNTER64, &c64,
		    sizeof(c64));
		break;
	}
}

static int
agent_handler(netsnmp_mib_handler *handler,
    netsnmp_handler_registration *reg, netsnmp_agent_request_info *info,
    netsnmp_request_info *requests)
{
	const struct snmp_var *v;
	netsnmp_request_info *r;
	netsnmp_variable_list *vb;
	uint32_t want[SNMP_OID_MAX], root[SNMP_OID_MAX];
	oid o[SNMP_OID_MAX];
	size_t i, len, rlen;

	agent_refresh(false);
	rlen = reg->rootoid_len < SNMP_OID_MAX ? reg->rootoid_len :
	    SNMP_OID_MAX;
	for (i = 0; i < rlen; i++)
		root[i] = (uint32_t)reg->rootoid[i];
	for (r = requests; r != NULL; r = r->next) {
		vb = r->requestvb;
		len = vb->name_length < SNMP_OID_MAX ? vb->name_length :
		    SNMP_OID_MAX;
		for (i = 0; i < len; i++)
			want[i] = (uint32_t)vb->name[i];
		switch (info->mode) {
		case MODE_GET:
			v = snmp_vars_find(&agent.vars, want, len, false);
			if (v == NULL)
				netsnmp_set_request_error(info, r,
				    SNMP_NOSUCHINSTANCE);
			else
				agent_set_value(vb, v);
			break;
		case MODE_GETNEXT:
			v = snmp_vars_find(&agent.vars, want, len, true);
			if (v == NULL || v->len < rlen ||
			    snmp_oid_cmp(v->oid, rlen, root, rlen) != 0) {
				snmp_set_var_typed_value(vb, SNMP_ENDOFMIBVIEW,
				    NULL, 0);
				break;
			}
			agent_oid(v->oid, v->len, o);
			snmp_set_var_objid(vb, o, v->len);
			agent_set_value(vb, v);
			break;
		default:
			netsnmp_set_request_error(info, r, SNMP_ERR_NOTWRITABLE);
			break;
		}
	}
	return SNMP_ERR_NOERROR;
}

static void agent_send(const struct snmp_vars *);

/* Whether the status we have knows the event's instance or group (a
 * trap takes only configuration from it: asking vigild again for each
 * event would hold the traps back, and lose the last ones at a stop). */
static bool
agent_knows(json_t *ev)
{
	const char *name, *list = "instances";
	json_t *o;
	size_t i;

	if ((name = json_string_value(json_object_get(ev, "instance"))) ==
	    NULL) {
		name = json_string_value(json_object_get(ev, "group"));
		list = "sync_groups";
	}
	/* A checker's event: the counts it carries want a fresh status. */
	if (json_object_get(ev, "virtual_server") != NULL)
		return false;
	if (name == NULL || agent.doc == NULL)
		return agent.doc != NULL;
	json_array_foreach(json_object_get(agent.doc, list), i, o)
		if (strcmp(json_string_value(json_object_get(o, "name")) ?
		    json_string_value(json_object_get(o, "name")) : "", name)
		    == 0)
			return true;
	return false;
}

/* The traps for an event line, through the master agent. */
static void
agent_trap(json_t *ev, bool refresh)
{
	struct snmp_vars vars = { 0 };

	if (refresh)
		agent_refresh(true);
	if (agent.doc == NULL)
		return;
	if (agent.keepalived && snmp_map_trap(ev, agent.doc, &vars))
		agent_send(&vars);
	snmp_vars_clear(&vars);
	if (agent.checker && snmp_map_trap_check(ev, agent.doc, &vars))
		agent_send(&vars);
	snmp_vars_clear(&vars);
	if (agent.rfcv3 && snmp_map_trap_vrrpv3(ev, agent.doc, agent_ifindex,
	    &vars))
		agent_send(&vars);
	snmp_vars_clear(&vars);
	if (agent.rfcv2 && snmp_map_trap_vrrpv2(ev, agent.doc, agent_ifindex,
	    &vars))
		agent_send(&vars);
	snmp_vars_clear(&vars);
}

/* One trap: snmpTrapOID.0 and the varbinds of vars. */
static void
agent_send(const struct snmp_vars *vars)
{
	netsnmp_variable_list *vl = NULL;
	const struct snmp_var *v;
	oid name[SNMP_OID_MAX], val[SNMP_OID_MAX];
	long l;
	u_long g;
	size_t i;

	for (i = 0; i < vars->n; i++) {
		v = &vars->v[i];
		agent_oid(v->oid, v->len, name);
		switch (v->type) {
		case SNMP_T_INT:
			l = (long)v->num;
			snmp_varlist_add_variable(&vl, name, v->len,
			    ASN_INTEGER, &l, sizeof(l));
			break;
		case SNMP_T_GAUGE:
			g = (u_long)v->num;
			snmp_varlist_add_variable(&vl, name, v->len, ASN_GAUGE,
			    &g, sizeof(g));
			break;
		case SNMP_T_STRING:
		case SNMP_T_OCTETS:
			snmp_varlist_add_variable(&vl, name, v->len,
			    ASN_OCTET_STR, v->str, v->slen);
			break;
		case SNMP_T_IPADDR:
			snmp_varlist_add_variable(&vl, name, v->len,
			    ASN_IPADDRESS, v->str, v->slen);
			break;
		case SNMP_T_OID:
			agent_oid((const uint32_t *)v->str, v->slen, val);
			snmp_varlist_add_variable(&vl, name, v->len,
			    ASN_OBJECT_ID, val, v->slen * sizeof(oid));
			break;
		default:	/* no counter in a trap */
			break;
		}
	}
	send_v2trap(vl);
	snmp_free_varbind(vl);
}

/* Once, when the event stream is first open: a trap for the state of
 * each group and instance that has left INIT before we could see it. */
static void
agent_catch_up(void)
{
	json_t *evs, *ev;
	size_t i;

	agent_refresh(true);
	if (agent.doc == NULL)
		return;
	agent.caught_up = true;
	evs = snmp_current_states(agent.doc);
	json_array_foreach(evs, i, ev)
		agent_trap(ev, false);
	json_decref(evs);
}

/* Open the event stream (its first line says so). */
static void
agent_events_open(void)
{
	int fd;

	if (agent.evfd != -1 || time(NULL) < agent.ev_retry)
		return;
	agent.ev_retry = time(NULL) + AGENT_RETRY_S;
	if ((fd = agent_connect()) == -1)
		return;
	if (write(fd, "events\n", 7) != 7) {
		close(fd);
		return;
	}
	agent.evfd = fd;
	agent.evlen = 0;
	if (agent.traps && !agent.caught_up)
		agent_catch_up();
}

static void
agent_events_read(void)
{
	json_t *ev;
	char *nl, *line;
	ssize_t n;

	n = read(agent.evfd, agent.evbuf + agent.evlen,
	    sizeof(agent.evbuf) - agent.evlen - 1);
	if (n <= 0) {
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			return;
		close(agent.evfd);
		agent.evfd = -1;
		agent.stale = true;
		return;
	}
	agent.evlen += (size_t)n;
	agent.evbuf[agent.evlen] = '\0';
	line = agent.evbuf;
	while ((nl = strchr(line, '\n')) != NULL) {
		*nl = '\0';
		agent.stale = true;
		if (agent.traps && (ev = json_loads(line, 0, NULL)) != NULL) {
			agent_trap(ev, !agent_knows(ev));
			json_decref(ev);
		}
		line = nl + 1;
	}
	agent.evlen -= (size_t)(line - agent.evbuf);
	memmove(agent.evbuf, line, agent.evlen);
	if (agent.evlen == sizeof(agent.evbuf) - 1)
		agent.evlen = 0;	/* a line that long is not an event */
}

static void
agent_loop(void)
{
	struct timeval tv;
	fd_set r;
	int n, nfds, block;

	while (!agent_stop) {
		agent_events_open();
		nfds = 0;
		block = 0;
		tv.tv_sec = 1;
		tv.tv_usec = 0;
		FD_ZERO(&r);
		snmp_select_info(&nfds, &r, &tv, &block);
		if (block || tv.tv_sec >= 1) {
			tv.tv_sec = 1;
			tv.tv_usec = 0;
		}
		if (agent.evfd != -1) {
			FD_SET(agent.evfd, &r);
			if (agent.evfd >= nfds)
				nfds = agent.evfd + 1;
		}
		n = select(nfds, &r, NULL, NULL, &tv);
		if (n > 0) {
			if (agent.evfd != -1 && FD_ISSET(agent.evfd, &r)) {
				FD_CLR(agent.evfd, &r);
				agent_events_read();
			}
			snmp_read(&r);
		} else if (n == 0)
			snmp_timeout();
		run_alarms();
		netsnmp_check_outstanding_agent_requests();
	}
}

/* --user=UID:GID: vigild started us as root; become that user, with no
 * capabilities and no way back, before anything else. */
static void
agent_drop(const char *user)
{
	unsigned int uid, gid;

	if (sscanf(user, "%u:%u", &uid, &gid) != 2) {
		fprintf(stderr, "vigilctl snmp-agent: bad --user %s\n", user);
		exit(CTL_EXIT_UNREACHABLE);
	}
	if (getuid() == 0 && (setgroups(0, NULL) == -1 ||
	    setresgid(gid, gid, gid) == -1 || setresuid(uid, uid, uid) == -1)) {
		fprintf(stderr, "vigilctl snmp-agent: cannot become %u:%u: "
		    "%s\n", uid, gid, strerror(errno));
		exit(CTL_EXIT_UNREACHABLE);
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    (uid != 0 && (setuid(0) != -1 || geteuid() == 0))) {
		fprintf(stderr, "vigilctl snmp-agent: privileges not dropped\n");
		exit(CTL_EXIT_UNREACHABLE);
	}
}

static void
agent_register(const char *name, const uint32_t *root32, size_t len)
{
	netsnmp_handler_registration *reg;
	oid root[SNMP_OID_MAX];

	agent_oid(root32, len, root);
	reg = netsnmp_create_handler_registration(name, agent_handler, root,
	    len, HANDLER_CAN_RONLY);
	if (reg == NULL || netsnmp_register_handler(reg) !=
	    MIB_REGISTERED_OK) {
		fprintf(stderr, "vigilctl snmp-agent: cannot register %s\n",
		    name);
		exit(CTL_EXIT_UNREACHABLE);
	}
}

static void
agent_init(const char *agentx)
{
	setenv("MIBS", "", 1);		/* numbers only: no MIB files read */
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_ROLE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_X_SOCKET, agentx);
	/* Keep trying to reach a master agent that is not up yet. */
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL, 5);
	snmp_enable_stderrlog();
	if (agent.debug)
		snmp_set_do_debugging(0);
	init_agent("vigil");
	if (agent.keepalived || agent.checker)
		agent_register("KEEPALIVED-MIB", snmp_keepalived_oid,
		    snmp_keepalived_len);
	if (agent.rfcv3)
		agent_register("VRRPV3-MIB", snmp_vrrpv3_oid,
		    snmp_vrrpv3_len);
	if (agent.rfcv2)
		agent_register("VRRP-MIB", snmp_vrrpv2_oid, snmp_vrrpv2_len);
	init_snmp("vigil");
}

int
ctl_snmp_agent(const char *path, int argc, char *argv[])
{
	const char *agentx = "unix:/var/agentx/master", *user = NULL;
	int ch;

	static const struct option opts[] = {
		{ "fd", required_argument, NULL, 'f' },
		{ "user", required_argument, NULL, 'u' },
		{ "agentx", required_argument, NULL, 'a' },
		{ "traps", no_argument, NULL, 't' },
		{ "keepalived", no_argument, NULL, 'k' },
		{ "checker", no_argument, NULL, 'c' },
		{ "rfcv3", no_argument, NULL, '3' },
		{ "rfcv2", no_argument, NULL, '2' },
		{ NULL, 0, NULL, 0 }
	};

	optind = 1;
	while ((ch = getopt_long(argc, argv, "D", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': agent.chan = atoi(optarg); break;
		case 'u': user = optarg; break;
		case 'a': agentx = optarg; break;
		case 't': agent.traps = true; break;
		case 'k': agent.keepalived = true; break;
		case 'c': agent.checker = true; break;
		case '3': agent.rfcv3 = true; break;
		case '2': agent.rfcv2 = true; break;
		case 'D': agent.debug = true; break;
		default: return 64;
		}
	}
	if (optind != argc)
		return 64;
	if (!agent.keepalived && !agent.checker && !agent.rfcv3 &&
	    !agent.rfcv2)
		agent.keepalived = true;	/* by hand: the default */
	if (user != NULL)
		agent_drop(user);
	agent.path = path;
	signal(SIGTERM, agent_sig);
	signal(SIGINT, agent_sig);
	signal(SIGPIPE, SIG_IGN);
	agent_init(agentx);
	fprintf(stderr, "vigilctl snmp-agent: serving%s%s%s%s through the "
	    "AgentX master at %s%s\n", agent.keepalived ? " KEEPALIVED-MIB" :
	    "", agent.checker ? " KEEPALIVED-MIB(check)" : "", agent.rfcv2 ? " VRRP-MIB" : "", agent.rfcv3 ? " VRRPV3-MIB" :
	    "", agentx, agent.traps ? ", traps on" : "");
	agent_refresh(true);
	agent_loop();
	snmp_shutdown("vigil");
	return 0;
}
