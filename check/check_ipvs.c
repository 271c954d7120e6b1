/*
 * The kernel's IPVS table over generic netlink: one synchronous request
 * and its acknowledgement per call (libnl-genl-3, family "IPVS"), read
 * back by dumps.
 *
 * Resolving the family makes the kernel load ip_vs where it can (its
 * module alias net-pf-16-proto-16-family-IPVS; the kernel runs modprobe
 * itself, whatever the caller's capabilities), and ip_vs loads a
 * scheduler module on the first service that names it. Programming
 * needs CAP_NET_ADMIN in the caller's network namespace, whose table it
 * is. Where there is no family, check_ipvs_init() warns once and every
 * call after it logs what it would have done and succeeds.
 */
#include "check/check_ipvs.h"

#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/ip_vs.h>

#include <sched.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "check/check_nft.h"
#include "common/log.h"

static struct {
	struct nl_sock	*sk;
	int		 family;
	int		 err;		/* the kernel's answer, -errno */
	bool		 absent;	/* no IPVS: log, do nothing */
	bool		 warned;
	/* net_namespace_ipvs: the socket opened there at start */
	const char	*netns;		/* NULL: ours; "": process 1's */
	struct nl_sock	*netns_sk;	/* until check_ipvs_init takes it */
	/* lvs_netlink_cmd_rcv_bufs[_force] */
	uint32_t	 rcvbuf;
	bool		 rcvbuf_force;
} ipvs;

enum ipvs_op { IPVS_ADD, IPVS_EDIT, IPVS_DEL };
static const char *const ipvs_op_name[] = { "add", "edit", "delete" };

static int
ipvs_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	*(int *)arg = e->error;
	return NL_STOP;
}

/* libnl's own failures (not the kernel's) as an errno. */
static int
ipvs_nlerr(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:		return -ENOMEM;
	case NLE_PERM:		return -EPERM;
	case NLE_INVAL:		return -EINVAL;
	case NLE_MSGSIZE:	return -EMSGSIZE;
	case NLE_OBJ_NOTFOUND:	return -ENOENT;
	case NLE_EXIST:		return -EEXIST;
	case NLE_AGAIN:		return -EAGAIN;
	case NLE_INTR:		return -EINTR;
	default:		return -EIO;
	}
}

/* The namespace's file: /run/netns/NAME, or process 1's for "". */
static int
ipvs_netns_fd(const char *name, char *path, size_t len)
{
	if (name[0] == '\0')
		snprintf(path, len, "/proc/1/ns/net");
	else
		snprintf(path, len, "/run/netns/%s", name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

void
check_ipvs_netns_arg(const char *name)
{
	ipvs.netns = name;
}

/*
 * net_namespace_ipvs: open the generic netlink socket inside the named
 * namespace and come back. setns needs CAP_SYS_ADMIN: the check child
 * calls this at start, before it drops its capabilities; the socket
 * keeps its namespace for its life, so every request it carries
 * programs that namespace's IPVS table. A failure is logged; IPVS is
 * then absent (never the check child's own namespace instead).
 */
void
check_ipvs_netns_open(void)
{
	char path[300];
	int self, fd, err;
	struct nl_sock *sk;

	if (ipvs.netns == NULL || ipvs.netns_sk != NULL)
		return;
	if ((self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) == -1)
		fatal("net_namespace_ipvs: /proc/self/ns/net");
	if ((fd = ipvs_netns_fd(ipvs.netns, path, sizeof(path))) == -1) {
		log_warn("IPVS: net_namespace_ipvs %s: %s", ipvs.netns, path);
		close(self);
		return;
	}
	if (setns(fd, CLONE_NEWNET) == -1) {
		log_warn("IPVS: net_namespace_ipvs %s: setns", ipvs.netns);
		close(fd);
		close(self);
		return;
	}
	close(fd);
	check_nft_open_here();		/* nftables_ipvs: its table too */
	if ((sk = nl_socket_alloc()) != NULL &&
	    (err = nl_connect(sk, NETLINK_GENERIC)) < 0) {
		log_warnx("IPVS: net_namespace_ipvs %s: netlink socket: %s",
		    ipvs.netns, nl_geterror(err));
		nl_socket_free(sk);
		sk = NULL;
	}
	if (setns(self, CLONE_NEWNET) == -1)
		fatal("net_namespace_ipvs: cannot return to our namespace");
	close(self);
	ipvs.netns_sk = sk;
	if (sk != NULL)
		log_info("IPVS: programming the table of network namespace %s",
		    ipvs.netns[0] != '\0' ? ipvs.netns :
		    "of process 1 (net_namespace_ipvs)");
}

/* SO_RCVBUF, or SO_RCVBUFFORCE past net.core.rmem_max. */
static void
ipvs_apply_rcvbuf(void)
{
	int v = ipvs.rcvbuf > INT_MAX ? INT_MAX : (int)ipvs.rcvbuf;

	if (ipvs.sk == NULL || ipvs.rcvbuf == 0)
		return;
	if (setsockopt(nl_socket_get_fd(ipvs.sk), SOL_SOCKET,
	    ipvs.rcvbuf_force ? SO_RCVBUFFORCE : SO_RCVBUF, &v,
	    sizeof(v)) == -1)
		log_warn("IPVS: lvs_netlink_cmd_rcv_bufs %u: %s", ipvs.rcvbuf,
		    ipvs.rcvbuf_force ? "SO_RCVBUFFORCE" : "SO_RCVBUF");
	else
		log_debug("IPVS: netlink receive buffer %u bytes%s",
		    ipvs.rcvbuf, ipvs.rcvbuf_force ? " (forced)" : "");
}

void
check_ipvs_set_rcvbuf(uint32_t bytes, bool force)
{
	if (bytes == ipvs.rcvbuf && force == ipvs.rcvbuf_force)
		return;
	ipvs.rcvbuf = bytes;
	ipvs.rcvbuf_force = force;
	ipvs_apply_rcvbuf();
}

bool
check_ipvs_init(void)
{
	int err = 0;

	if (ipvs.sk != NULL)
		return true;
	ipvs.absent = true;
	if (ipvs.netns != NULL) {
		/* Taken once: a socket made now would be in our own
		 * namespace, not the one asked for. */
		ipvs.sk = ipvs.netns_sk;
		ipvs.netns_sk = NULL;
		if (ipvs.sk == NULL) {
			if (!ipvs.warned)
				log_warnx("IPVS: no socket in network "
				    "namespace %s (net_namespace_ipvs): "
				    "health checks run, but nothing is "
				    "programmed", ipvs.netns[0] != '\0' ?
				    ipvs.netns : "of process 1");
			ipvs.warned = true;
			return false;
		}
	} else if ((ipvs.sk = nl_socket_alloc()) == NULL) {
		log_warnx("IPVS: cannot allocate a netlink socket");
		return false;
	}
	if ((ipvs.netns == NULL &&
	    (err = nl_connect(ipvs.sk, NETLINK_GENERIC)) < 0) ||
	    (err = genl_ctrl_resolve(ipvs.sk, IPVS_GENL_NAME)) < 0) {
		nl_socket_free(ipvs.sk);
		ipvs.sk = NULL;
		if (!ipvs.warned)
			log_warnx("IPVS: not available in this kernel (%s): "
			    "health checks run, but nothing is programmed",
			    nl_geterror(err));
		ipvs.warned = true;
		return false;
	}
	ipvs.family = err;
	nl_socket_modify_err_cb(ipvs.sk, NL_CB_CUSTOM, ipvs_err_cb, &ipvs.err);
	ipvs_apply_rcvbuf();
	ipvs.absent = false;
	log_debug("IPVS: generic netlink family %d", ipvs.family);
	return true;
}

bool
check_ipvs_available(void)
{
	return ipvs.sk != NULL;
}

void
check_ipvs_close(void)
{
	if (ipvs.sk != NULL)
		nl_socket_free(ipvs.sk);
	ipvs.sk = NULL;
	ipvs.absent = false;
}

static const char *
ipvs_proto_name(uint16_t proto, char *buf, size_t len)
{
	switch (proto) {
	case IPPROTO_TCP:	return "tcp";
	case IPPROTO_UDP:	return "udp";
	case IPPROTO_SCTP:	return "sctp";
	default:
		snprintf(buf, len, "proto%u", proto);
		return buf;
	}
}

const char *
check_ipvs_service_name(const struct check_ipvs_service *s, char *buf,
    size_t len)
{
	char a[INET6_ADDRSTRLEN], p[16];

	if (s->fwmark != 0) {
		snprintf(buf, len, "FWM %u%s", s->fwmark,
		    s->af == AF_INET6 ? " (IPv6)" : "");
		return buf;
	}
	if (inet_ntop(s->af, s->addr.b, a, sizeof(a)) == NULL)
		snprintf(a, sizeof(a), "?");
	snprintf(buf, len, "[%s]:%s:%u", a,
	    ipvs_proto_name(s->protocol, p, sizeof(p)), s->port);
	return buf;
}

const char *
check_ipvs_method_name(uint32_t conn_flags)
{
	switch (conn_flags & IP_VS_CONN_F_FWD_MASK) {
	case IP_VS_CONN_F_MASQ:		return "NAT";
	case IP_VS_CONN_F_LOCALNODE:	return "LOCAL";
	case IP_VS_CONN_F_TUNNEL:	return "TUN";
	case IP_VS_CONN_F_DROUTE:	return "DR";
	default:			return "?";
	}
}

static const char *
ipvs_dest_name(const struct check_ipvs_service *s,
    const struct check_ipvs_dest *d, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], p[16];
	int af = d->af != 0 ? d->af : s->af;

	if (inet_ntop(af, d->addr.b, a, sizeof(a)) == NULL)
		snprintf(a, sizeof(a), "?");
	snprintf(buf, len, "[%s]:%s:%u", a, s->fwmark != 0 ? "fwm" :
	    ipvs_proto_name(s->protocol, p, sizeof(p)), d->port);
	return buf;
}

/* The persistence netmask the kernel needs when none is given: all
 * bits (IPv4, network order) or /128 (IPv6, a prefix length). */
static uint32_t
ipvs_netmask(const struct check_ipvs_service *s)
{
	if (s->netmask != 0)
		return s->netmask;
	return s->af == AF_INET6 ? 128 : 0xffffffffU;
}

static int
ipvs_put_service(struct nl_msg *m, const struct check_ipvs_service *s,
    bool full)
{
	struct nlattr *n;
	struct ip_vs_flags fl = { .flags = s->flags, .mask = ~0U };

	if ((n = nla_nest_start(m, IPVS_CMD_ATTR_SERVICE)) == NULL)
		return -EMSGSIZE;
	NLA_PUT_U16(m, IPVS_SVC_ATTR_AF, s->af);
	if (s->fwmark != 0)
		NLA_PUT_U32(m, IPVS_SVC_ATTR_FWMARK, s->fwmark);
	else {
		NLA_PUT_U16(m, IPVS_SVC_ATTR_PROTOCOL, s->protocol);
		NLA_PUT(m, IPVS_SVC_ATTR_ADDR, s->af == AF_INET6 ? 16 : 4,
		    s->addr.b);
		NLA_PUT_U16(m, IPVS_SVC_ATTR_PORT, htons(s->port));
	}
	if (full) {
		NLA_PUT_STRING(m, IPVS_SVC_ATTR_SCHED_NAME, s->sched);
		NLA_PUT(m, IPVS_SVC_ATTR_FLAGS, sizeof(fl), &fl);
		NLA_PUT_U32(m, IPVS_SVC_ATTR_TIMEOUT, s->timeout);
		NLA_PUT_U32(m, IPVS_SVC_ATTR_NETMASK, ipvs_netmask(s));
		if (s->pe_name[0] != '\0')
			NLA_PUT_STRING(m, IPVS_SVC_ATTR_PE_NAME, s->pe_name);
	}
	nla_nest_end(m, n);
	return 0;
nla_put_failure:
	return -EMSGSIZE;
}

static int
ipvs_put_dest(struct nl_msg *m, const struct check_ipvs_service *s,
    const struct check_ipvs_dest *d, bool full)
{
	struct nlattr *n;
	int af = d->af != 0 ? d->af : s->af;

	if ((n = nla_nest_start(m, IPVS_CMD_ATTR_DEST)) == NULL)
		return -EMSGSIZE;
	NLA_PUT(m, IPVS_DEST_ATTR_ADDR, af == AF_INET6 ? 16 : 4, d->addr.b);
	NLA_PUT_U16(m, IPVS_DEST_ATTR_PORT, htons(d->port));
	NLA_PUT_U16(m, IPVS_DEST_ATTR_ADDR_FAMILY, af);
	if (full) {
		NLA_PUT_U32(m, IPVS_DEST_ATTR_FWD_METHOD,
		    d->conn_flags & IP_VS_CONN_F_FWD_MASK);
		NLA_PUT_U32(m, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight);
		NLA_PUT_U32(m, IPVS_DEST_ATTR_U_THRESH, d->u_threshold);
		NLA_PUT_U32(m, IPVS_DEST_ATTR_L_THRESH, d->l_threshold);
		if ((d->conn_flags & IP_VS_CONN_F_FWD_MASK) ==
		    IP_VS_CONN_F_TUNNEL) {
			NLA_PUT_U8(m, IPVS_DEST_ATTR_TUN_TYPE, d->tun_type);
			NLA_PUT_U16(m, IPVS_DEST_ATTR_TUN_PORT,
			    htons(d->tun_port));
			NLA_PUT_U16(m, IPVS_DEST_ATTR_TUN_FLAGS, d->tun_flags);
		}
	}
	nla_nest_end(m, n);
	return 0;
nla_put_failure:
	return -EMSGSIZE;
}

static struct nl_msg *
ipvs_msg(uint8_t cmd, int flags)
{
	struct nl_msg *m;

	if ((m = nlmsg_alloc()) == NULL)
		return NULL;
	if (genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, ipvs.family, 0, flags,
	    cmd, IPVS_GENL_VERSION) == NULL) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

/* Send m (freed) and wait for the kernel's answer: 0 or -errno. */
static int
ipvs_talk(struct nl_msg *m)
{
	int err;

	ipvs.err = 0;
	err = nl_send_auto(ipvs.sk, m);
	nlmsg_free(m);
	if (err >= 0)
		err = nl_wait_for_ack(ipvs.sk);
	if (err >= 0)
		return 0;
	return ipvs.err != 0 ? ipvs.err : ipvs_nlerr(err);
}

/* "to [192.0.2.200]:tcp:80" style text of a request, for the logs. */
static void
ipvs_describe(char *buf, size_t len, enum ipvs_op op,
    const struct check_ipvs_service *s, const struct check_ipvs_dest *d)
{
	char sn[80], dn[80];

	check_ipvs_service_name(s, sn, sizeof(sn));
	if (d != NULL && op == IPVS_DEL)
		snprintf(buf, len, "real server %s from %s",
		    ipvs_dest_name(s, d, dn, sizeof(dn)), sn);
	else if (d != NULL)
		snprintf(buf, len, "real server %s weight %d %s %s %s",
		    ipvs_dest_name(s, d, dn, sizeof(dn)), d->weight,
		    check_ipvs_method_name(d->conn_flags),
		    op == IPVS_ADD ? "to" : "of", sn);
	else if (op == IPVS_DEL)
		snprintf(buf, len, "service %s", sn);
	else
		snprintf(buf, len, "service %s sched %s%s", sn, s->sched,
		    (s->flags & IP_VS_SVC_F_PERSISTENT) ? " persistent" : "");
}

/* Whether err is what the caller wanted anyway. */
static bool
ipvs_harmless(enum ipvs_op op, int err)
{
	return err == 0 || (op == IPVS_ADD && err == -EEXIST) ||
	    (op == IPVS_DEL && (err == -ENOENT || err == -ESRCH));
}

static int
ipvs_request(enum ipvs_op op, const struct check_ipvs_service *s,
    const struct check_ipvs_dest *d)
{
	static const uint8_t svc_cmd[] = { IPVS_CMD_NEW_SERVICE,
	    IPVS_CMD_SET_SERVICE, IPVS_CMD_DEL_SERVICE };
	static const uint8_t dest_cmd[] = { IPVS_CMD_NEW_DEST,
	    IPVS_CMD_SET_DEST, IPVS_CMD_DEL_DEST };
	char what[256];
	struct nl_msg *m;
	int err;

	if (ipvs.sk == NULL && !ipvs.absent)
		(void)check_ipvs_init();
	ipvs_describe(what, sizeof(what), op, s, d);
	if (ipvs.sk == NULL) {
		log_info("IPVS: would %s %s", ipvs_op_name[op], what);
		return 0;
	}
	if ((m = ipvs_msg(d != NULL ? dest_cmd[op] : svc_cmd[op], 0)) == NULL)
		err = -ENOMEM;
	else if ((err = ipvs_put_service(m, s, d == NULL && op != IPVS_DEL))
	    < 0 || (d != NULL && (err = ipvs_put_dest(m, s, d,
	    op != IPVS_DEL)) < 0))
		nlmsg_free(m);
	else
		err = ipvs_talk(m);
	if (ipvs_harmless(op, err)) {
		log_debug("IPVS: %s %s%s", ipvs_op_name[op], what,
		    err != 0 ? " (nothing to do)" : "");
		return 0;
	}
	log_warnx("IPVS: cannot %s %s: %s", ipvs_op_name[op], what,
	    strerror(-err));
	return err;
}

int
check_ipvs_service_add(const struct check_ipvs_service *s)
{
	return ipvs_request(IPVS_ADD, s, NULL);
}

int
check_ipvs_service_edit(const struct check_ipvs_service *s)
{
	return ipvs_request(IPVS_EDIT, s, NULL);
}

int
check_ipvs_service_del(const struct check_ipvs_service *s)
{
	return ipvs_request(IPVS_DEL, s, NULL);
}

int
check_ipvs_dest_add(const struct check_ipvs_service *s,
    const struct check_ipvs_dest *d)
{
	return ipvs_request(IPVS_ADD, s, d);
}

int
check_ipvs_dest_edit(const struct check_ipvs_service *s,
    const struct check_ipvs_dest *d)
{
	return ipvs_request(IPVS_EDIT, s, d);
}

int
check_ipvs_dest_del(const struct check_ipvs_service *s,
    const struct check_ipvs_dest *d)
{
	return ipvs_request(IPVS_DEL, s, d);
}

static int
ipvs_sync(enum ipvs_op op, const struct check_ipvs_sync *d)
{
	const char *st = d->state == IP_VS_STATE_MASTER ? "master" : "backup";
	struct nl_msg *m;
	struct nlattr *n;
	int err = -ENOMEM;

	if (ipvs.sk == NULL && !ipvs.absent)
		(void)check_ipvs_init();
	if (ipvs.sk == NULL) {
		if (op == IPVS_ADD)
			log_info("IPVS: would start the %s sync daemon on %s "
			    "syncid %u", st, d->ifname, d->syncid);
		else
			log_info("IPVS: would stop the %s sync daemon", st);
		return 0;
	}
	if ((m = ipvs_msg(op == IPVS_ADD ? IPVS_CMD_NEW_DAEMON :
	    IPVS_CMD_DEL_DAEMON, 0)) == NULL)
		goto out;
	err = -EMSGSIZE;
	if ((n = nla_nest_start(m, IPVS_CMD_ATTR_DAEMON)) == NULL)
		goto nla_put_failure;
	NLA_PUT_U32(m, IPVS_DAEMON_ATTR_STATE, (uint32_t)d->state);
	if (op == IPVS_ADD) {
		NLA_PUT_STRING(m, IPVS_DAEMON_ATTR_MCAST_IFN, d->ifname);
		NLA_PUT_U32(m, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid);
		if (d->maxlen)
			NLA_PUT_U16(m, IPVS_DAEMON_ATTR_SYNC_MAXLEN,
			    d->maxlen);
		if (d->port)
			NLA_PUT_U16(m, IPVS_DAEMON_ATTR_MCAST_PORT, d->port);
		if (d->ttl)
			NLA_PUT_U8(m, IPVS_DAEMON_ATTR_MCAST_TTL, d->ttl);
		if (d->group_af == AF_INET)
			NLA_PUT(m, IPVS_DAEMON_ATTR_MCAST_GROUP, 4,
			    &d->group.v4);
		else if (d->group_af == AF_INET6)
			NLA_PUT(m, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16,
			    &d->group.v6);
	}
	nla_nest_end(m, n);
	err = ipvs_talk(m);
	goto out;
nla_put_failure:
	nlmsg_free(m);
out:
	if (ipvs_harmless(op, err))
		return 0;
	log_warnx("IPVS: cannot %s the %s sync daemon: %s",
	    op == IPVS_ADD ? "start" : "stop", st, strerror(-err));
	return err;
}

int
check_ipvs_flush(void)
{
	struct nl_msg *m;
	int err;

	if (ipvs.sk == NULL && !ipvs.absent)
		(void)check_ipvs_init();
	if (ipvs.sk == NULL) {
		log_info("IPVS: would remove every service (lvs_flush)");
		return 0;
	}
	if ((m = ipvs_msg(IPVS_CMD_FLUSH, 0)) == NULL)
		return -ENOMEM;
	if ((err = ipvs_talk(m)) != 0)
		log_warnx("IPVS: cannot remove every service: %s",
		    strerror(-err));
	return err;
}

int
check_ipvs_set_timeouts(uint32_t tcp, uint32_t tcpfin, uint32_t udp)
{
	struct nl_msg *m;
	int err;

	if (ipvs.sk == NULL && !ipvs.absent)
		(void)check_ipvs_init();
	if (ipvs.sk == NULL) {
		log_info("IPVS: would set the timeouts tcp %u tcpfin %u udp %u "
		    "(lvs_timeouts)", tcp, tcpfin, udp);
		return 0;
	}
	if ((m = ipvs_msg(IPVS_CMD_SET_CONFIG, 0)) == NULL)
		return -ENOMEM;
	if (nla_put_u32(m, IPVS_CMD_ATTR_TIMEOUT_TCP, tcp) < 0 ||
	    nla_put_u32(m, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, tcpfin) < 0 ||
	    nla_put_u32(m, IPVS_CMD_ATTR_TIMEOUT_UDP, udp) < 0) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	if ((err = ipvs_talk(m)) != 0)
		log_warnx("IPVS: cannot set the timeouts (lvs_timeouts): %s",
		    strerror(-err));
	return err;
}

int
check_ipvs_sync_start(const struct check_ipvs_sync *d)
{
	return ipvs_sync(IPVS_ADD, d);
}

int
check_ipvs_sync_stop(int state)
{
	struct check_ipvs_sync d = { .state = state };

	return ipvs_sync(IPVS_DEL, &d);
}

/* Dumps: one callback per service or destination the kernel lists. */
struct ipvs_dump {
	const struct check_ipvs_service *svc;	/* dests of this service */
	void	(*svc_cb)(const struct check_ipvs_service *, void *);
	void	(*dest_cb)(const struct check_ipvs_dest *, void *);
	void	(*svc_st_cb)(const struct check_ipvs_service *,
		    const struct check_ipvs_stats *, void *);
	void	(*dest_st_cb)(const struct check_ipvs_dest *,
		    const struct check_ipvs_stats *, void *);
	void	*arg;
};

static struct nla_policy ipvs_svc_policy[IPVS_SVC_ATTR_MAX + 1] = {
	[IPVS_SVC_ATTR_AF] = { .type = NLA_U16 },
	[IPVS_SVC_ATTR_PROTOCOL] = { .type = NLA_U16 },
	[IPVS_SVC_ATTR_ADDR] = { .minlen = 4 },
	[IPVS_SVC_ATTR_PORT] = { .type = NLA_U16 },
	[IPVS_SVC_ATTR_FWMARK] = { .type = NLA_U32 },
	[IPVS_SVC_ATTR_SCHED_NAME] = { .type = NLA_STRING },
	[IPVS_SVC_ATTR_FLAGS] = { .minlen = sizeof(struct ip_vs_flags) },
	[IPVS_SVC_ATTR_TIMEOUT] = { .type = NLA_U32 },
	[IPVS_SVC_ATTR_NETMASK] = { .type = NLA_U32 },
	[IPVS_SVC_ATTR_PE_NAME] = { .type = NLA_STRING },
};

static struct nla_policy ipvs_dest_policy[IPVS_DEST_ATTR_MAX + 1] = {
	[IPVS_DEST_ATTR_ADDR] = { .minlen = 4 },
	[IPVS_DEST_ATTR_PORT] = { .type = NLA_U16 },
	[IPVS_DEST_ATTR_FWD_METHOD] = { .type = NLA_U32 },
	[IPVS_DEST_ATTR_WEIGHT] = { .type = NLA_U32 },
	[IPVS_DEST_ATTR_U_THRESH] = { .type = NLA_U32 },
	[IPVS_DEST_ATTR_L_THRESH] = { .type = NLA_U32 },
	[IPVS_DEST_ATTR_ADDR_FAMILY] = { .type = NLA_U16 },
	[IPVS_DEST_ATTR_TUN_TYPE] = { .type = NLA_U8 },
	[IPVS_DEST_ATTR_TUN_PORT] = { .type = NLA_U16 },
	[IPVS_DEST_ATTR_TUN_FLAGS] = { .type = NLA_U16 },
};

static void
ipvs_get_addr(union check_ipvs_addr *a, const struct nlattr *nla)
{
	size_t n = (size_t)nla_len(nla);

	memset(a, 0, sizeof(*a));
	memcpy(a->b, nla_data(nla), n < sizeof(a->b) ? n : sizeof(a->b));
}

static void
ipvs_get_string(char *dst, size_t len, const struct nlattr *nla)
{
	if (nla != NULL)
		nla_strlcpy(dst, nla, len);
}

static int
ipvs_parse_service(struct check_ipvs_service *s, struct nlattr *nest)
{
	struct nlattr *a[IPVS_SVC_ATTR_MAX + 1];
	struct ip_vs_flags fl;

	memset(s, 0, sizeof(*s));
	if (nest == NULL || nla_parse_nested(a, IPVS_SVC_ATTR_MAX, nest,
	    ipvs_svc_policy) < 0 || a[IPVS_SVC_ATTR_AF] == NULL)
		return -1;
	s->af = nla_get_u16(a[IPVS_SVC_ATTR_AF]);
	if (a[IPVS_SVC_ATTR_FWMARK] != NULL)
		s->fwmark = nla_get_u32(a[IPVS_SVC_ATTR_FWMARK]);
	if (s->fwmark == 0 && a[IPVS_SVC_ATTR_PROTOCOL] != NULL)
		s->protocol = nla_get_u16(a[IPVS_SVC_ATTR_PROTOCOL]);
	if (a[IPVS_SVC_ATTR_ADDR] != NULL)
		ipvs_get_addr(&s->addr, a[IPVS_SVC_ATTR_ADDR]);
	if (a[IPVS_SVC_ATTR_PORT] != NULL)
		s->port = ntohs(nla_get_u16(a[IPVS_SVC_ATTR_PORT]));
	ipvs_get_string(s->sched, sizeof(s->sched),
	    a[IPVS_SVC_ATTR_SCHED_NAME]);
	if (a[IPVS_SVC_ATTR_FLAGS] != NULL) {
		memcpy(&fl, nla_data(a[IPVS_SVC_ATTR_FLAGS]), sizeof(fl));
		s->flags = fl.flags;
	}
	if (a[IPVS_SVC_ATTR_TIMEOUT] != NULL)
		s->timeout = nla_get_u32(a[IPVS_SVC_ATTR_TIMEOUT]);
	if (a[IPVS_SVC_ATTR_NETMASK] != NULL)
		s->netmask = nla_get_u32(a[IPVS_SVC_ATTR_NETMASK]);
	ipvs_get_string(s->pe_name, sizeof(s->pe_name),
	    a[IPVS_SVC_ATTR_PE_NAME]);
	return 0;
}

static int
ipvs_parse_dest(struct check_ipvs_dest *d, int af, struct nlattr *nest)
{
	struct nlattr *a[IPVS_DEST_ATTR_MAX + 1];

	memset(d, 0, sizeof(*d));
	if (nest == NULL || nla_parse_nested(a, IPVS_DEST_ATTR_MAX, nest,
	    ipvs_dest_policy) < 0 || a[IPVS_DEST_ATTR_ADDR] == NULL)
		return -1;
	d->af = a[IPVS_DEST_ATTR_ADDR_FAMILY] != NULL ?
	    nla_get_u16(a[IPVS_DEST_ATTR_ADDR_FAMILY]) : af;
	ipvs_get_addr(&d->addr, a[IPVS_DEST_ATTR_ADDR]);
	if (a[IPVS_DEST_ATTR_PORT] != NULL)
		d->port = ntohs(nla_get_u16(a[IPVS_DEST_ATTR_PORT]));
	if (a[IPVS_DEST_ATTR_FWD_METHOD] != NULL)
		d->conn_flags = nla_get_u32(a[IPVS_DEST_ATTR_FWD_METHOD]);
	if (a[IPVS_DEST_ATTR_WEIGHT] != NULL)
		d->weight = (int)nla_get_u32(a[IPVS_DEST_ATTR_WEIGHT]);
	if (a[IPVS_DEST_ATTR_U_THRESH] != NULL)
		d->u_threshold = nla_get_u32(a[IPVS_DEST_ATTR_U_THRESH]);
	if (a[IPVS_DEST_ATTR_L_THRESH] != NULL)
		d->l_threshold = nla_get_u32(a[IPVS_DEST_ATTR_L_THRESH]);
	if (a[IPVS_DEST_ATTR_TUN_TYPE] != NULL)
		d->tun_type = nla_get_u8(a[IPVS_DEST_ATTR_TUN_TYPE]);
	if (a[IPVS_DEST_ATTR_TUN_PORT] != NULL)
		d->tun_port = ntohs(nla_get_u16(a[IPVS_DEST_ATTR_TUN_PORT]));
	if (a[IPVS_DEST_ATTR_TUN_FLAGS] != NULL)
		d->tun_flags = nla_get_u16(a[IPVS_DEST_ATTR_TUN_FLAGS]);
	return 0;
}

/* The counters of a STATS64 (else STATS) nest. */
static void
ipvs_parse_stats(struct check_ipvs_stats *st, struct nlattr *s64,
    struct nlattr *s32)
{
	struct nlattr *a[IPVS_STATS_ATTR_MAX + 1];
	struct nlattr *n = s64 != NULL ? s64 : s32;
	uint64_t *f[] = { NULL, &st->conns, &st->inpkts, &st->outpkts,
	    &st->inbytes, &st->outbytes, &st->cps, &st->inpps, &st->outpps,
	    &st->inbps, &st->outbps };
	size_t i;

	if (n == NULL || nla_parse_nested(a, IPVS_STATS_ATTR_MAX, n, NULL) < 0)
		return;
	for (i = 1; i < sizeof(f) / sizeof(f[0]) && i <= IPVS_STATS_ATTR_MAX;
	    i++)
		if (a[i] != NULL)
			*f[i] = nla_len(a[i]) >= 8 ? nla_get_u64(a[i]) :
			    nla_len(a[i]) >= 4 ? nla_get_u32(a[i]) : 0;
}

static void
ipvs_dump_stats(struct ipvs_dump *dp, struct nlattr **ca)
{
	struct nlattr *a[IPVS_DEST_ATTR_MAX + 1];
	struct nlattr *s[IPVS_SVC_ATTR_MAX + 1];
	struct check_ipvs_service svc;
	struct check_ipvs_dest d;
	struct check_ipvs_stats st;

	memset(&st, 0, sizeof(st));
	if (dp->svc_st_cb != NULL && ipvs_parse_service(&svc,
	    ca[IPVS_CMD_ATTR_SERVICE]) == 0 && nla_parse_nested(s,
	    IPVS_SVC_ATTR_MAX, ca[IPVS_CMD_ATTR_SERVICE],
	    ipvs_svc_policy) == 0) {
		ipvs_parse_stats(&st, s[IPVS_SVC_ATTR_STATS64],
		    s[IPVS_SVC_ATTR_STATS]);
		dp->svc_st_cb(&svc, &st, dp->arg);
	}
	if (dp->dest_st_cb != NULL && ipvs_parse_dest(&d, dp->svc->af,
	    ca[IPVS_CMD_ATTR_DEST]) == 0 && nla_parse_nested(a,
	    IPVS_DEST_ATTR_MAX, ca[IPVS_CMD_ATTR_DEST],
	    ipvs_dest_policy) == 0) {
		ipvs_parse_stats(&st, a[IPVS_DEST_ATTR_STATS64],
		    a[IPVS_DEST_ATTR_STATS]);
		if (a[IPVS_DEST_ATTR_ACTIVE_CONNS] != NULL)
			st.activeconns = nla_get_u32(
			    a[IPVS_DEST_ATTR_ACTIVE_CONNS]);
		if (a[IPVS_DEST_ATTR_INACT_CONNS] != NULL)
			st.inactconns = nla_get_u32(
			    a[IPVS_DEST_ATTR_INACT_CONNS]);
		if (a[IPVS_DEST_ATTR_PERSIST_CONNS] != NULL)
			st.persistconns = nla_get_u32(
			    a[IPVS_DEST_ATTR_PERSIST_CONNS]);
		dp->dest_st_cb(&d, &st, dp->arg);
	}
}

static int
ipvs_dump_cb(struct nl_msg *m, void *arg)
{
	struct ipvs_dump *dp = arg;
	struct nlattr *a[IPVS_CMD_ATTR_MAX + 1];
	struct check_ipvs_service s;
	struct check_ipvs_dest d;

	if (genlmsg_parse(nlmsg_hdr(m), 0, a, IPVS_CMD_ATTR_MAX, NULL) < 0)
		return NL_SKIP;
	if (dp->svc_cb != NULL &&
	    ipvs_parse_service(&s, a[IPVS_CMD_ATTR_SERVICE]) == 0)
		dp->svc_cb(&s, dp->arg);
	if (dp->dest_cb != NULL &&
	    ipvs_parse_dest(&d, dp->svc->af, a[IPVS_CMD_ATTR_DEST]) == 0)
		dp->dest_cb(&d, dp->arg);
	ipvs_dump_stats(dp, a);
	return NL_OK;
}

static int
ipvs_dump(struct nl_msg *m, struct ipvs_dump *dp)
{
	struct nl_cb *cb;
	int err;

	if ((cb = nl_cb_clone(nl_socket_get_cb(ipvs.sk))) == NULL) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, ipvs_dump_cb, dp);
	ipvs.err = 0;
	err = nl_send_auto(ipvs.sk, m);
	nlmsg_free(m);
	if (err >= 0)
		err = nl_recvmsgs(ipvs.sk, cb);
	nl_cb_put(cb);
	if (err >= 0)
		return 0;
	return ipvs.err != 0 ? ipvs.err : ipvs_nlerr(err);
}

int
check_ipvs_service_list(void (*cb)(const struct check_ipvs_service *,
    void *), void *arg)
{
	struct ipvs_dump dp = { .svc_cb = cb, .arg = arg };
	struct nl_msg *m;

	if (ipvs.sk == NULL)
		return -EOPNOTSUPP;
	if ((m = ipvs_msg(IPVS_CMD_GET_SERVICE, NLM_F_DUMP)) == NULL)
		return -ENOMEM;
	return ipvs_dump(m, &dp);
}

int
check_ipvs_dest_list(const struct check_ipvs_service *s,
    void (*cb)(const struct check_ipvs_dest *, void *), void *arg)
{
	struct ipvs_dump dp = { .svc = s, .dest_cb = cb, .arg = arg };
	struct nl_msg *m;

	if (ipvs.sk == NULL)
		return -EOPNOTSUPP;
	if ((m = ipvs_msg(IPVS_CMD_GET_DEST, NLM_F_DUMP)) == NULL)
		return -ENOMEM;
	if (ipvs_put_service(m, s, false) < 0) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	return ipvs_dump(m, &dp);
}

int
check_ipvs_service_stats(void (*cb)(const struct check_ipvs_service *,
    const struct check_ipvs_stats *, void *), void *arg)
{
	struct ipvs_dump dp = { .svc_st_cb = cb, .arg = arg };
	struct nl_msg *m;

	if (ipvs.sk == NULL)
		return -EOPNOTSUPP;
	if ((m = ipvs_msg(IPVS_CMD_GET_SERVICE, NLM_F_DUMP)) == NULL)
		return -ENOMEM;
	return ipvs_dump(m, &dp);
}

int
check_ipvs_dest_stats(const struct check_ipvs_service *s,
    void (*cb)(const struct check_ipvs_dest *, const struct check_ipvs_stats *,
    void *), void *arg)
{
	struct ipvs_dump dp = { .svc = s, .dest_st_cb = cb, .arg = arg };
	struct nl_msg *m;

	if (ipvs.sk == NULL)
		return -EOPNOTSUPP;
	if ((m = ipvs_msg(IPVS_CMD_GET_DEST, NLM_F_DUMP)) == NULL)
		return -ENOMEM;
	if (ipvs_put_service(m, s, false) < 0) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	return ipvs_dump(m, &dp);
}
