/*
 * vrrp_track_process: how many running processes match each tracked
 * process line, kept up to date by the kernel's process events connector
 * (netlink NETLINK_CONNECTOR, CN_IDX_PROC: fork, exec, comm, exit), after
 * one scan of /proc when the configuration comes. Tracking a process thus
 * costs no program run and no /proc walk per second.
 *
 * The connector only answers in the initial network namespace (elsewhere
 * PROC_CN_MCAST_LISTEN fails with ECONNREFUSED), and vigild may run in
 * another one: the child's init, still root with every capability,
 * opens the socket in the namespace of PID 1 (setns there and back).
 * The socket subscribes (group membership and LISTEN) only while some
 * track_process is configured. Where the connector cannot be had (a
 * container without access to the host's namespace, a kernel without
 * CONFIG_PROC_EVENTS), /proc is scanned every second instead, logged
 * once.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/ctl.h"
#include "common/ipc.h"
#include "common/log.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_nl.h"
#include "vrrp/vrrp_track.h"

#define VRRP_TPROC_POLL_S	1
#define VRRP_TPROC_RCVBUF	(1024 * 1024)
#define VRRP_TPROC_CMDLINE	4096	/* bytes of a command line compared */

struct vrrp_tproc {
	struct msg_conf_track_process conf;
	pid_t			*pids;		/* the matching processes */
	size_t			 npids;
	size_t			 cap;
	bool			 up;		/* quorum, as reported */
	bool			 known;
	struct event		*delay_ev;	/* fork/terminate_delay */
};

static struct {
	struct event_base	*base;
	int			 fd;		/* connector socket, or -1 */
	const char		*fd_ns;		/* where it was opened */
	bool			 listening;
	bool			 polling;
	struct event		*ev;
	struct event		*poll_ev;
	struct vrrp_tproc	*procs;
	size_t			 nprocs;
	uint64_t		 events;	/* process events read */
	uint64_t		 scans;		/* /proc scans */
	uint32_t		 rcvbuf;	/* process_monitor_rcv_bufs */
} tp = { .fd = -1 };

/* process_monitor_rcv_bufs (as msg_conf_global carries it), now and for
 * every socket opened later. */
void
vrrp_tproc_rcvbuf(uint32_t v)
{
	tp.rcvbuf = v;
	vrrp_rcvbuf_set(tp.fd, v, VRRP_TPROC_RCVBUF, true,
	    "track_process: connector socket");
}

/* Whether fd_a and path name the same namespace. */
static bool
vrrp_tproc_same_ns(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int
vrrp_tproc_socket(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd;

	if ((fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    NETLINK_CONNECTOR)) == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		close(fd);
		return -1;
	}
	/* Past the system's limit if need be (CAP_NET_ADMIN is kept). */
	vrrp_rcvbuf_set(fd, tp.rcvbuf, VRRP_TPROC_RCVBUF, true,
	    "track_process: connector socket");
	return fd;
}

/* The connector socket in the network namespace of nspath: there and
 * back with setns(2). -1 if that namespace cannot be entered. */
static int
vrrp_tproc_socket_in(const char *nspath)
{
	int self, other, fd, e;

	if ((self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((other = open(nspath, O_RDONLY | O_CLOEXEC)) == -1 ||
	    setns(other, CLONE_NEWNET) == -1) {
		e = errno;
		if (other != -1)
			close(other);
		close(self);
		errno = e;
		return -1;
	}
	fd = vrrp_tproc_socket();
	e = errno;
	if (setns(self, CLONE_NEWNET) == -1)
		fatal("track_process: cannot return to the network namespace");
	close(other);
	close(self);
	errno = e;
	return fd;
}

/* The parent of pid, from /proc/PID/stat; 0 if unknown. */
static pid_t
vrrp_tproc_ppid(pid_t pid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd, ppid;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL || sscanf(p + 1, " %*c %d",
	    &ppid) != 1)
		return 0;
	return (pid_t)ppid;
}

/*
 * Where PID 1's namespace cannot be opened (a sandbox hiding PID 1), the
 * nearest ancestor in another network namespace: vigild started by
 * "ip netns exec" from the host has the host's namespace there.
 */
static int
vrrp_tproc_socket_ancestor(char *nspath, size_t len)
{
	pid_t pid = getppid();
	int fd, hops;

	for (hops = 0; pid > 1 && hops < 64; hops++,
	    pid = vrrp_tproc_ppid(pid)) {
		snprintf(nspath, len, "/proc/%d/ns/net", (int)pid);
		if (vrrp_tproc_same_ns("/proc/self/ns/net", nspath))
			continue;
		if ((fd = vrrp_tproc_socket_in(nspath)) != -1)
			return fd;
	}
	return -1;
}

void
vrrp_tproc_init(struct event_base *base)
{
	static char where[96];
	char nspath[64];

	tp.base = base;
	if (vrrp_tproc_same_ns("/proc/self/ns/net", "/proc/1/ns/net")) {
		tp.fd = vrrp_tproc_socket();
		tp.fd_ns = "this network namespace (PID 1's)";
	} else if ((tp.fd = vrrp_tproc_socket_in("/proc/1/ns/net")) != -1)
		tp.fd_ns = "PID 1's network namespace";
	else if ((tp.fd = vrrp_tproc_socket_ancestor(nspath,
	    sizeof(nspath))) != -1) {
		snprintf(where, sizeof(where), "the network namespace of %s",
		    nspath);
		tp.fd_ns = where;
	} else {
		tp.fd = vrrp_tproc_socket();
		tp.fd_ns = "this network namespace";
	}
	if (tp.fd == -1)
		log_debug("track_process: no connector socket: %s",
		    strerror(errno));
}

/* PROC_CN_MCAST_LISTEN or _IGNORE: 0, or -1 and errno. */
static int
vrrp_tproc_mcast(enum proc_cn_mcast_op op)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char buf[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(op))];
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	struct cn_msg *cn;

	memset(buf, 0, sizeof(buf));
	nh->nlmsg_len = NLMSG_LENGTH(sizeof(*cn) + sizeof(op));
	nh->nlmsg_type = NLMSG_DONE;
	cn = NLMSG_DATA(nh);
	cn->id.idx = CN_IDX_PROC;
	cn->id.val = CN_VAL_PROC;
	cn->len = sizeof(op);
	memcpy(cn->data, &op, sizeof(op));
	return sendto(tp.fd, buf, nh->nlmsg_len, 0, (struct sockaddr *)&sa,
	    sizeof(sa)) == -1 ? -1 : 0;
}

static void vrrp_tproc_read_cb(evutil_socket_t, short, void *);
static void vrrp_tproc_poll_cb(evutil_socket_t, short, void *);
static void vrrp_tproc_scan(void);

/* No connector: a /proc scan every second, said once. */
static void
vrrp_tproc_poll_start(const char *why)
{
	struct timeval tv = { VRRP_TPROC_POLL_S, 0 };

	if (!tp.polling)
		log_warnx("track_process: no process events (%s): scanning "
		    "/proc every second instead", why);
	tp.polling = true;
	if (tp.poll_ev == NULL && (tp.poll_ev = event_new(tp.base, -1,
	    EV_PERSIST, vrrp_tproc_poll_cb, NULL)) == NULL)
		fatalx("track_process: event_new");
	event_add(tp.poll_ev, &tv);
}

static void
vrrp_tproc_poll_cb(evutil_socket_t fd, short what, void *arg)
{
	vrrp_tproc_scan();
}

/* Join the proc events group and ask for events; else poll. */
static void
vrrp_tproc_listen(void)
{
	int grp = CN_IDX_PROC;
	char why[128];

	if (tp.listening || tp.polling)
		return;
	if (tp.fd == -1) {
		vrrp_tproc_poll_start("no connector socket");
		return;
	}
	if (setsockopt(tp.fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
	    sizeof(grp)) == -1 || vrrp_tproc_mcast(PROC_CN_MCAST_LISTEN) ==
	    -1) {
		snprintf(why, sizeof(why), "%s in %s", strerror(errno),
		    tp.fd_ns);
		setsockopt(tp.fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, &grp,
		    sizeof(grp));
		vrrp_tproc_poll_start(why);
		return;
	}
	if (tp.ev == NULL && (tp.ev = event_new(tp.base, tp.fd,
	    EV_READ | EV_PERSIST, vrrp_tproc_read_cb, NULL)) == NULL)
		fatalx("track_process: event_new");
	event_add(tp.ev, NULL);
	tp.listening = true;
	log_info("track_process: listening to process events in %s",
	    tp.fd_ns);
}

/* No track_process left: unsubscribe, stop polling. */
static void
vrrp_tproc_unlisten(void)
{
	int grp = CN_IDX_PROC;

	if (tp.listening) {
		vrrp_tproc_mcast(PROC_CN_MCAST_IGNORE);
		setsockopt(tp.fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, &grp,
		    sizeof(grp));
		event_del(tp.ev);
		tp.listening = false;
		log_info("track_process: process events no longer needed");
	}
	if (tp.polling) {
		event_del(tp.poll_ev);
		tp.polling = false;
	}
}

/* Process pid's name and state from /proc/PID/stat; -1 if gone. */
static int
vrrp_tproc_stat(pid_t pid, char comm[16], char *state)
{
	char path[64], buf[512], *open_p, *close_p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if ((open_p = strchr(buf, '(')) == NULL ||
	    (close_p = strrchr(buf, ')')) == NULL || close_p < open_p ||
	    close_p[1] != ' ')
		return -1;
	snprintf(comm, 16, "%.*s", (int)(close_p - open_p - 1), open_p + 1);
	*state = close_p[2];
	return 0;
}

/* Its command line, up to len bytes; 0 for none (kernel thread, gone). */
static size_t
vrrp_tproc_cmdline(pid_t pid, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	n = read(fd, buf, len);
	close(fd);
	return n > 0 ? (size_t)n : 0;
}

static bool
vrrp_tproc_any_cmdline(void)
{
	size_t i;

	for (i = 0; i < tp.nprocs; i++)
		if (vrrp_tproc_wants_cmdline(&tp.procs[i].conf))
			return true;
	return false;
}

static bool
vrrp_tproc_has(const struct vrrp_tproc *t, pid_t pid)
{
	size_t i;

	for (i = 0; i < t->npids; i++)
		if (t->pids[i] == pid)
			return true;
	return false;
}

static void
vrrp_tproc_add(struct vrrp_tproc *t, pid_t pid)
{
	pid_t *p;

	if (vrrp_tproc_has(t, pid))
		return;
	if (t->npids == t->cap) {
		if ((p = reallocarray(t->pids, t->cap ? t->cap * 2 : 8,
		    sizeof(*p))) == NULL)
			fatal("track_process");
		t->pids = p;
		t->cap = t->cap ? t->cap * 2 : 8;
	}
	t->pids[t->npids++] = pid;
}

static void
vrrp_tproc_del(struct vrrp_tproc *t, pid_t pid)
{
	size_t i;

	for (i = 0; i < t->npids; i++)
		if (t->pids[i] == pid) {
			t->pids[i] = t->pids[--t->npids];
			return;
		}
}

static void
vrrp_tproc_report(struct vrrp_tproc *t, bool up)
{
	t->up = up;
	log_info("track_process %s: quorum %s (%zu process%s)", t->conf.name,
	    up ? "up" : "down", t->npids, t->npids == 1 ? "" : "es");
	vrrp_engine_tracked(TRACK_PROCESS, t->conf.name, up, 0);
}

static void
vrrp_tproc_delay_cb(evutil_socket_t fd, short what, void *arg)
{
	struct vrrp_tproc *t = arg;
	bool ok = vrrp_tproc_quorum(&t->conf, (uint32_t)t->npids);

	if (ok != t->up)
		vrrp_tproc_report(t, ok);
}

/* The count of t changed (or was first made): report now, after the
 * delay, or not at all. */
static void
vrrp_tproc_counted(struct vrrp_tproc *t, size_t was)
{
	bool ok = vrrp_tproc_quorum(&t->conf, (uint32_t)t->npids);
	struct timeval tv;
	uint64_t delay;

	if (!t->known) {
		t->known = true;
		vrrp_tproc_report(t, ok);
		return;
	}
	if (t->npids != was)
		log_info("track_process %s: %zu process%s (was %zu)",
		    t->conf.name, t->npids, t->npids == 1 ? "" : "es", was);
	switch (vrrp_tproc_step(&t->conf, t->up, ok, &delay)) {
	case VRRP_TPROC_KEEP:
		evtimer_del(t->delay_ev);
		break;
	case VRRP_TPROC_REPORT:
		evtimer_del(t->delay_ev);
		vrrp_tproc_report(t, ok);
		break;
	case VRRP_TPROC_WAIT:
		if (evtimer_pending(t->delay_ev, NULL))
			break;
		log_info("track_process %s: quorum %s in %.3f s unless it "
		    "comes %s", t->conf.name, ok ? "up" : "down",
		    delay / 1e6, ok ? "down again" : "back");
		tv.tv_sec = delay / 1000000;
		tv.tv_usec = delay % 1000000;
		evtimer_add(t->delay_ev, &tv);
		break;
	}
}

/* Whether process pid (comm, cmdline) matches t. */
static bool
vrrp_tproc_matches(const struct vrrp_tproc *t, const char *comm,
    const char *cmdline, size_t len)
{
	return vrrp_tproc_match(&t->conf, comm, cmdline, len);
}

/* Walk /proc and count every tracker anew. */
static void
vrrp_tproc_scan(void)
{
	char comm[16], state, cmdline[VRRP_TPROC_CMDLINE];
	bool want_cmd = vrrp_tproc_any_cmdline();
	size_t i, len, *was;
	struct dirent *de;
	DIR *d;
	pid_t pid;

	if ((was = calloc(tp.nprocs + 1, sizeof(*was))) == NULL)
		fatal("track_process");
	for (i = 0; i < tp.nprocs; i++) {
		was[i] = tp.procs[i].npids;
		tp.procs[i].npids = 0;
	}
	tp.scans++;
	if ((d = opendir("/proc")) == NULL)
		log_warn("track_process: /proc");
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = (pid_t)atoi(de->d_name);
		/* Zombies are not running: not counted, as keepalived. */
		if (vrrp_tproc_stat(pid, comm, &state) == -1 || state == 'Z' ||
		    state == 'X')
			continue;
		len = want_cmd ? vrrp_tproc_cmdline(pid, cmdline,
		    sizeof(cmdline)) : 0;
		for (i = 0; i < tp.nprocs; i++)
			if (vrrp_tproc_matches(&tp.procs[i], comm, cmdline, len))
				vrrp_tproc_add(&tp.procs[i], pid);
	}
	if (d != NULL)
		closedir(d);
	for (i = 0; i < tp.nprocs; i++)
		vrrp_tproc_counted(&tp.procs[i], was[i]);
	free(was);
}

/* pid exec'd or renamed itself: does it match now? */
static void
vrrp_tproc_recheck(pid_t pid)
{
	char comm[16], state, cmdline[VRRP_TPROC_CMDLINE];
	struct vrrp_tproc *t;
	bool alive, m;
	size_t i, len = 0, was;

	alive = vrrp_tproc_stat(pid, comm, &state) == 0 && state != 'Z' &&
	    state != 'X';
	if (alive && vrrp_tproc_any_cmdline())
		len = vrrp_tproc_cmdline(pid, cmdline, sizeof(cmdline));
	for (i = 0; i < tp.nprocs; i++) {
		t = &tp.procs[i];
		was = t->npids;
		m = alive && vrrp_tproc_matches(t, comm, cmdline, len);
		if (m)
			vrrp_tproc_add(t, pid);
		else
			vrrp_tproc_del(t, pid);
		if (t->npids != was)
			vrrp_tproc_counted(t, was);
	}
}

/* A new process is a copy of its parent: counted where the parent is. */
static void
vrrp_tproc_fork(pid_t parent, pid_t child)
{
	struct vrrp_tproc *t;
	size_t i, was;

	for (i = 0; i < tp.nprocs; i++) {
		t = &tp.procs[i];
		if (!vrrp_tproc_has(t, parent))
			continue;
		was = t->npids;
		vrrp_tproc_add(t, child);
		vrrp_tproc_counted(t, was);
	}
}

static void
vrrp_tproc_exit(pid_t pid)
{
	struct vrrp_tproc *t;
	size_t i, was;

	for (i = 0; i < tp.nprocs; i++) {
		t = &tp.procs[i];
		was = t->npids;
		vrrp_tproc_del(t, pid);
		if (t->npids != was)
			vrrp_tproc_counted(t, was);
	}
}

/* One process event; threads (pid != tgid) are not processes. */
static void
vrrp_tproc_event(const struct proc_event *pe)
{
	tp.events++;
	switch (pe->what) {
	case PROC_EVENT_FORK:
		if (pe->event_data.fork.child_pid ==
		    pe->event_data.fork.child_tgid)
			vrrp_tproc_fork(pe->event_data.fork.parent_tgid,
			    pe->event_data.fork.child_tgid);
		break;
	case PROC_EVENT_EXEC:
		vrrp_tproc_recheck(pe->event_data.exec.process_tgid);
		break;
	case PROC_EVENT_COMM:
		if (pe->event_data.comm.process_pid ==
		    pe->event_data.comm.process_tgid)
			vrrp_tproc_recheck(pe->event_data.comm.process_tgid);
		break;
	case PROC_EVENT_EXIT:
		if (pe->event_data.exit.process_pid ==
		    pe->event_data.exit.process_tgid)
			vrrp_tproc_exit(pe->event_data.exit.process_tgid);
		break;
	case PROC_EVENT_NONE:
		if (pe->event_data.ack.err != 0) {
			errno = (int)pe->event_data.ack.err;
			log_warn("track_process: the kernel refused LISTEN");
			vrrp_tproc_unlisten();
			vrrp_tproc_poll_start(strerror(
			    (int)pe->event_data.ack.err));
		}
		break;
	default:
		break;
	}
}

static void
vrrp_tproc_read_cb(evutil_socket_t fd, short what, void *arg)
{
	char buf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nh;
	struct cn_msg *cn;
	struct proc_event pe;
	ssize_t n;
	int i;

	for (i = 0; i < 64 && tp.listening; i++) {
		if ((n = recv(tp.fd, buf, sizeof(buf), 0)) == -1) {
			if (errno == ENOBUFS) {
				log_warnx("track_process: process events "
				    "lost (receive buffer full): scanning "
				    "/proc");
				vrrp_tproc_scan();
				continue;
			}
			if (errno != EAGAIN && errno != EINTR)
				log_warn("track_process: recv");
			return;
		}
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n);
		    nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type != NLMSG_DONE ||
			    nh->nlmsg_len < NLMSG_LENGTH(sizeof(*cn)))
				continue;
			cn = NLMSG_DATA(nh);
			if (cn->id.idx != CN_IDX_PROC ||
			    cn->id.val != CN_VAL_PROC ||
			    nh->nlmsg_len < NLMSG_LENGTH(sizeof(*cn) + cn->len))
				continue;
			/* cn->data is 4-byte aligned, the event holds a
			 * 64-bit time stamp: copied out. */
			memset(&pe, 0, sizeof(pe));
			memcpy(&pe, cn->data, cn->len < sizeof(pe) ? cn->len :
			    sizeof(pe));
			vrrp_tproc_event(&pe);
		}
	}
}

static struct vrrp_tproc *
vrrp_tproc_find(struct vrrp_tproc *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].conf.name, name) == 0)
			return &v[i];
	return NULL;
}

static void
vrrp_tproc_free(struct vrrp_tproc *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].pids);
		if (v[i].delay_ev != NULL)
			event_free(v[i].delay_ev);
	}
	free(v);
}

/*
 * The processes tracked in s. One defined as before keeps its reported
 * state (a reload does not flap it); every tracker is counted anew by a
 * scan of /proc, after subscribing, so that no event falls between.
 */
void
vrrp_tproc_apply(const struct conf_set *s)
{
	struct vrrp_tproc *nv = NULL, *t, *o;
	size_t i, n = 0;

	for (i = 0; i < s->ntproc; i++)
		if (vrrp_track_used(s, TRACK_PROCESS, s->tproc[i].name))
			n++;
	if (n > 0 && (nv = calloc(n, sizeof(*nv))) == NULL)
		fatal("track_process");
	for (i = 0, n = 0; i < s->ntproc; i++) {
		if (!vrrp_track_used(s, TRACK_PROCESS, s->tproc[i].name))
			continue;
		t = &nv[n++];
		t->conf = s->tproc[i];
		if ((t->delay_ev = evtimer_new(tp.base, vrrp_tproc_delay_cb,
		    t)) == NULL)
			fatalx("track_process: evtimer_new");
		if ((o = vrrp_tproc_find(tp.procs, tp.nprocs,
		    t->conf.name)) != NULL && memcmp(&o->conf, &t->conf,
		    sizeof(t->conf)) == 0) {
			t->up = o->up;
			t->known = o->known;
		}
	}
	vrrp_tproc_free(tp.procs, tp.nprocs);
	tp.procs = nv;
	tp.nprocs = n;
	if (n == 0) {
		vrrp_tproc_unlisten();
		return;
	}
	vrrp_tproc_listen();
	vrrp_tproc_scan();
}

bool
vrrp_tproc_up(const char *name, bool *up)
{
	const struct vrrp_tproc *t = vrrp_tproc_find(tp.procs, tp.nprocs,
	    name);

	if (t == NULL || !t->known)
		return false;
	*up = t->up;
	return true;
}

void
vrrp_tproc_shutdown(void)
{
	vrrp_tproc_unlisten();
}

void
vrrp_tproc_dump(struct ipc_chan *c, uint32_t id)
{
	const struct vrrp_tproc *t;
	char max[16];
	size_t i;

	for (i = 0; i < tp.nprocs; i++) {
		t = &tp.procs[i];
		if (t->conf.quorum_max == TPROC_NO_MAX)
			snprintf(max, sizeof(max), "none");
		else
			snprintf(max, sizeof(max), "%u", t->conf.quorum_max);
		ipc_dump_printf(c, id, " Track process = %s\n   Process = %s%s"
		    "\n   Processes = %zu\n   Quorum = %u, max %s\n"
		    "   State = %s%s\n", t->conf.name,
		    conf_tproc_word(&t->conf, 0), t->conf.nwords > 1 ?
		    " ..." : "", t->npids, t->conf.quorum, max,
		    t->up ? "up" : "down", evtimer_pending(t->delay_ev, NULL) ?
		    " (changing after its delay)" : "");
	}
	if (tp.nprocs > 0)
		ipc_dump_printf(c, id, " Track process source = %s\n"
		    " Process events = %llu\n Process scans = %llu\n",
		    tp.listening ? "process events connector" : tp.polling ?
		    "/proc every second" : "none", (unsigned long long)tp.events,
		    (unsigned long long)tp.scans);
}

/* vigilctl's records (common/ctl.h). */
void
vrrp_tproc_status(struct ipc_chan *c, uint32_t id)
{
	const struct vrrp_tproc *t;
	size_t i;

	for (i = 0; i < tp.nprocs; i++) {
		t = &tp.procs[i];
		ipc_dump_printf(c, id, CTL_REC_TRACK_PROCESS "\tname=%s"
		    "\tprocess=%s\tcount=%zu\tquorum=%u\tstate=%s\n",
		    t->conf.name, conf_tproc_word(&t->conf, 0), t->npids,
		    t->conf.quorum, t->up ? "up" : "down");
	}
}
