/*
 * The SNMP agent process, the parent's side. When the configuration
 * asks for SNMP (enable_snmp_vrrp, enable_snmp_checker, enable_snmp_rfc*,
 * or -x), the parent
 * starts `vigilctl snmp-agent` (core/snmp_agent.c): an AgentX subagent
 * that serves KEEPALIVED-MIB, VRRP-MIB and VRRPV3-MIB from vigild's status records
 * and sends traps from its event stream. It never runs with privilege:
 *
 *  - The parent forks; the new process keeps one end of a socketpair
 *    (SOCK_SEQPACKET) on fd 3, closes everything else the parent had
 *    and execs vigilctl (the vigilctl installed next to vigild) with
 *    --user=UID:GID, the user the children use (vigil, else nobody).
 *    vigilctl switches to that user (no capabilities left, no new
 *    privileges) before it does anything else.
 *  - The agent never opens the control socket (root only, 0600). Each
 *    time it wants to ask something it writes one byte on fd 3; the
 *    parent makes a new socketpair, serves one end as a control-socket
 *    client that may only ask "status" and "events", and passes the
 *    other end back (SCM_RIGHTS). It cannot reload or dump.
 *  - A dead agent is restarted with the children's backoff (1 s doubling
 *    to 60 s; at once after a minute of running); a configuration that
 *    no longer wants SNMP stops it; one that changes its socket or
 *    traps restarts it.
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/proc.h"
#include "common/util.h"
#include "conf/conf.h"
#include "core/core.h"

#define SNMP_FD			3
#define SNMP_SOCKET_DEFAULT	"unix:/var/agentx/master"
#define SNMP_FIELDS_MAX		4096

static struct {
	bool		 wanted;
	bool		 keepalived;	/* KEEPALIVED-MIB */
	bool		 checker;	/* KEEPALIVED-MIB's check part */
	bool		 rfcv3;		/* VRRPV3-MIB */
	bool		 rfcv2;		/* VRRP-MIB */
	bool		 traps;
	char		 socket[PATH_MAX];
	char		 fields[SNMP_FIELDS_MAX];
	pid_t		 pid;
	struct event	*chan_ev;	/* our end of the agent's fd 3 */
	struct event	*restart_ev;
	struct timespec	 started;
	unsigned	 backoff;
	bool		 restarting;	/* stopped by us: start again */
} snmp = { .backoff = 1 };

static void snmp_start(void);

const char *
core_snmp_fields(void)
{
	return snmp.fields;
}

/* The global values KEEPALIVED-MIB shows, as daemon record fields. */
static void
snmp_fields(const struct vigil_conf *conf)
{
	const struct conf_global *g = &conf->global;
	const struct conf_email *e;
	char host[256] = "", *dot;
	size_t off;

	if (g->router_id == NULL && gethostname(host, sizeof(host) - 1) == 0 &&
	    (dot = strchr(host, '.')) != NULL)
		*dot = '\0';
	off = (size_t)snprintf(snmp.fields, sizeof(snmp.fields),
	    "\trouter_id=%s\tsnmp_vrrp=%d\tsnmp_traps=%d\t"
	    "linkbeat_polling=%d\tlvs_flush=%d\tlvs_flush_on_stop=%d\t"
	    "dynamic_interfaces=%d\tnet_namespace=%s\tsmtp_server=%s\t"
	    "smtp_port=%d\tsmtp_connect_timeout=%d\temail_from=%s\t"
	    "email_faults=%d\tsmtp_alert=%d\tsmtp_alert_vrrp=%d\t"
	    "smtp_alert_checker=%d\temails=",
	    g->router_id != NULL ? g->router_id : host, snmp.keepalived,
	    snmp.traps, g->linkbeat_use_polling, g->lvs_flush,
	    g->lvs_flush_on_stop, g->dynamic_interfaces,
	    g->net_namespace != NULL ? g->net_namespace : "",
	    g->smtp_server != NULL ? g->smtp_server : "", g->smtp_port,
	    g->smtp_connect_timeout, g->email_from != NULL ? g->email_from :
	    "", !g->no_email_faults, g->smtp_alert, g->smtp_alert_vrrp,
	    g->smtp_alert_checker);
	TAILQ_FOREACH(e, &g->emails, entry)
		if (off < sizeof(snmp.fields))
			off += (size_t)snprintf(snmp.fields + off,
			    sizeof(snmp.fields) - off, "%s%s",
			    e == TAILQ_FIRST(&g->emails) ? "" : ",", e->addr);
	/* Tabs and newlines cannot be in a configuration word. */
}

/* The agent asks for a connection: a socketpair, one end a read-only
 * control client, the other sent back. */
static void
snmp_chan_read(evutil_socket_t fd, short ev, void *arg)
{
	struct msghdr msg;
	struct cmsghdr *cm;
	struct iovec iov;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char byte;
	ssize_t n;
	int sv[2];

	if ((n = recv(fd, &byte, 1, 0)) <= 0) {
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		event_free(snmp.chan_ev);	/* closes nothing: */
		snmp.chan_ev = NULL;
		close(fd);
		return;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		log_warn("snmp agent: socketpair");
		return;
	}
	ctl_adopt(sv[0], true);
	memset(&msg, 0, sizeof(msg));
	memset(&u, 0, sizeof(u));
	iov.iov_base = &byte;
	iov.iov_len = 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &sv[1], sizeof(int));
	if (sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL) == -1)
		log_warn("snmp agent: passing a connection");
	close(sv[1]);
}

/* vigilctl next to the running vigild. */
static void
snmp_ctl_path(char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n;
	char *slash;

	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) <= 0) {
		snprintf(buf, len, "vigilctl");
		return;
	}
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) != NULL)
		*slash = '\0';
	if (strlen(self) + sizeof("/vigilctl") > len)
		snprintf(buf, len, "vigilctl");
	else
		snprintf(buf, len, "%.*s/vigilctl", (int)(len - 10), self);
}

/* In the forked process: fd 3 the channel, the rest closed, exec. */
static void __attribute__((noreturn))
snmp_exec(int fd)
{
	static char userarg[48], path[PATH_MAX];
	char *argv[16];
	sigset_t none;
	uid_t uid;
	gid_t gid;
	int n = 0, sig;

	snmp_ctl_path(path, sizeof(path));
	proc_user(&uid, &gid);
	snprintf(userarg, sizeof(userarg), "--user=%u:%u", (unsigned)uid,
	    (unsigned)gid);
	if (fd != SNMP_FD) {
		if (dup2(fd, SNMP_FD) == -1)
			_exit(VIGIL_EXIT_FAILURE);
		close(fd);
	} else
		fcntl(fd, F_SETFD, 0);
	closefrom(SNMP_FD + 1);
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	argv[n++] = "vigilctl";
	argv[n++] = "snmp-agent";
	argv[n++] = userarg;
	argv[n++] = "--fd=3";
	argv[n++] = "--agentx";
	argv[n++] = snmp.socket;
	if (snmp.keepalived)
		argv[n++] = "--keepalived";
	if (snmp.checker)
		argv[n++] = "--checker";
	if (snmp.rfcv3)
		argv[n++] = "--rfcv3";
	if (snmp.rfcv2)
		argv[n++] = "--rfcv2";
	if (snmp.traps)
		argv[n++] = "--traps";
	if (core.opts->debug)
		argv[n++] = "-D";
	argv[n] = NULL;
	execv(path, argv);
	fprintf(stderr, "vigild: cannot execute %s: %s\n", path,
	    strerror(errno));
	_exit(VIGIL_EXIT_PERM);
}

static void
snmp_start(void)
{
	sigset_t all, old;
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1) {
		log_warn("snmp agent: socketpair");
		return;
	}
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if ((pid = fork()) == -1) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		log_warn("snmp agent: fork");
		close(sv[0]);
		close(sv[1]);
		return;
	}
	if (pid == 0)
		snmp_exec(sv[1]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(sv[1]);
	evutil_make_socket_nonblocking(sv[0]);
	snmp.chan_ev = event_new(core.base, sv[0], EV_READ | EV_PERSIST,
	    snmp_chan_read, NULL);
	if (snmp.chan_ev == NULL || event_add(snmp.chan_ev, NULL) == -1)
		fatalx("snmp agent: cannot watch its channel");
	snmp.pid = pid;
	clock_gettime(CLOCK_MONOTONIC, &snmp.started);
	log_info("started snmp agent (pid %d), AgentX master %s%s", (int)pid,
	    snmp.socket, snmp.traps ? ", traps on" : "");
}

static void
snmp_restart_cb(evutil_socket_t fd, short ev, void *arg)
{
	if (!core.stopping && snmp.wanted && snmp.pid == 0)
		snmp_start();
}

static void
snmp_close_chan(void)
{
	if (snmp.chan_ev == NULL)
		return;
	close(event_get_fd(snmp.chan_ev));
	event_free(snmp.chan_ev);
	snmp.chan_ev = NULL;
}

bool
core_snmp_reaped(pid_t pid, int status)
{
	struct timespec now;
	struct timeval tv = { 0, 0 };

	if (pid != snmp.pid || pid == 0)
		return false;
	snmp.pid = 0;
	snmp_close_chan();
	if (core.stopping || !snmp.wanted || snmp.restarting) {
		log_info("snmp agent (pid %d) stopped", (int)pid);
		if (snmp.restarting && !core.stopping && snmp.wanted)
			snmp_start();
		snmp.restarting = false;
		return true;
	}
	if (WIFEXITED(status))
		log_warnx("lost snmp agent (pid %d): exited with status %d",
		    (int)pid, WEXITSTATUS(status));
	else
		log_warnx("lost snmp agent (pid %d): killed by signal %d",
		    (int)pid, WTERMSIG(status));
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - snmp.started.tv_sec >= CORE_STABLE_AFTER)
		snmp.backoff = 1;
	else {
		tv.tv_sec = snmp.backoff;
		snmp.backoff = snmp.backoff * 2 > CORE_BACKOFF_MAX ?
		    CORE_BACKOFF_MAX : snmp.backoff * 2;
	}
	if (snmp.restart_ev == NULL)
		snmp.restart_ev = evtimer_new(core.base, snmp_restart_cb, NULL);
	evtimer_add(snmp.restart_ev, &tv);
	log_info("restarting snmp agent in %lld s", (long long)tv.tv_sec);
	return true;
}

const struct timeval *
core_snmp_grace(void)
{
	static const struct timeval grace = { 0, 300000 };

	return snmp.pid > 0 ? &grace : NULL;
}

void
core_snmp_stop(void)
{
	if (snmp.restart_ev != NULL)
		evtimer_del(snmp.restart_ev);
	if (snmp.pid > 0)
		kill(snmp.pid, SIGTERM);
}

void
core_snmp_adopt(const struct vigil_conf *conf)
{
	const struct conf_global *g = &conf->global;
	bool was = snmp.wanted, traps = snmp.traps, kmib = snmp.keepalived,
	    rfcv3 = snmp.rfcv3, rfcv2 = snmp.rfcv2, checker = snmp.checker;
	char old[PATH_MAX];

	snprintf(old, sizeof(old), "%s", snmp.socket);
	snmp.keepalived = g->snmp_vrrp || core.opts->snmp;
	snmp.rfcv3 = g->snmp_rfcv3 || g->snmp_rfc || core.opts->snmp;
	snmp.rfcv2 = g->snmp_rfcv2 || g->snmp_rfc || core.opts->snmp;
	snmp.checker = g->snmp_checker || core.opts->snmp;
	snmp.wanted = snmp.keepalived || snmp.checker || snmp.rfcv3 ||
	    snmp.rfcv2;
	snmp.traps = g->snmp_traps;
	snprintf(snmp.socket, sizeof(snmp.socket), "%s",
	    core.opts->snmp_socket != NULL ? core.opts->snmp_socket :
	    g->snmp_socket != NULL ? g->snmp_socket : SNMP_SOCKET_DEFAULT);
	snmp_fields(conf);
	if (snmp.wanted && snmp.pid == 0 && (snmp.restart_ev == NULL ||
	    !evtimer_pending(snmp.restart_ev, NULL)))
		snmp_start();
	else if (!snmp.wanted && snmp.pid > 0) {
		log_info("snmp agent no longer configured: stopping it");
		core_snmp_stop();
	} else if (was && snmp.wanted && snmp.pid > 0 &&
	    (traps != snmp.traps || kmib != snmp.keepalived ||
	    checker != snmp.checker ||
	    rfcv3 != snmp.rfcv3 || rfcv2 != snmp.rfcv2 ||
	    strcmp(old, snmp.socket) != 0)) {
		log_info("snmp agent settings changed: restarting it");
		snmp.restarting = true;
		kill(snmp.pid, SIGTERM);
	}
}
