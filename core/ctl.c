/*
 * The control socket vigilctl talks to (protocol: common/ctl.h). The
 * parent answers from what the children report: a command becomes a
 * request to each running child, whose answers are copied to the client
 * as they come. The parent never waits on a client: sockets are
 * non-blocking, a client's queued output is bounded, and a client that
 * does not read (the bound reached, or no progress for CTL_IO_TIMEOUT)
 * is dropped.
 *
 * "events" turns a client into a reader of the children's events
 * (common/event.h): it gets a first line saying so, then a line per
 * event as they come, with no idle timeout, until it closes or vigild
 * stops; one that lets CTL_OUT_MAX pile up is dropped.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "common/ctl.h"
#include "common/log.h"
#include "common/util.h"
#include "core/core.h"

#define CTL_CLIENTS_MAX		64
#define CTL_OUT_MAX		(16u << 20)	/* queued per client */
#define CTL_IO_TIMEOUT		10	/* s idle: dropped */
#define CTL_ANSWER_TIMEOUT	5	/* s for the children to answer */
#define CTL_RELOAD_TIMEOUT	30	/* s for a reload to be applied */
#define CTL_ID_BIT		0x80000000u	/* not SIGUSR1's ids */

enum ctl_state {
	CTL_READING,		/* waiting for the command line */
	CTL_COLLECTING,		/* children answering */
	CTL_RELOADING,		/* waiting for every child to apply gen */
	CTL_CLOSING,		/* answer complete: close once written */
	CTL_EVENTS,		/* reading events until it closes */
};

struct ctl_client {
	TAILQ_ENTRY(ctl_client) entry;
	struct bufferevent *bev;
	enum ctl_state	 state;
	uint32_t	 id;		/* CTL_COLLECTING: request id */
	unsigned	 pending;	/* bit per child yet to answer */
	uint32_t	 gen;		/* CTL_RELOADING: generation */
	struct event	*timer;
	bool		 readonly;	/* the SNMP agent's: status, events */
};

static struct {
	struct evconnlistener *lev;
	char		*path;
	TAILQ_HEAD(, ctl_client) clients;
	size_t		 nclients;
	uint32_t	 next_id;
	struct ctl_client *reload;	/* gets a reload's diagnostics */
} ctl = { .clients = TAILQ_HEAD_INITIALIZER(ctl.clients) };

static void
ctl_free(struct ctl_client *cl)
{
	TAILQ_REMOVE(&ctl.clients, cl, entry);
	ctl.nclients--;
	if (ctl.reload == cl)
		ctl.reload = NULL;
	event_free(cl->timer);
	bufferevent_free(cl->bev);
	free(cl);
}

static void ctl_printf(struct ctl_client *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* Queue output; a client that lets too much pile up is dropped, later. */
static void
ctl_printf(struct ctl_client *cl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	evbuffer_add_vprintf(bufferevent_get_output(cl->bev), fmt, ap);
	va_end(ap);
}

/* The last line; the client is closed once it has read everything. */
static void
ctl_finish(struct ctl_client *cl, const char *error)
{
	evtimer_del(cl->timer);
	if (error == NULL)
		ctl_printf(cl, "%s ok\n", CTL_END);
	else
		ctl_printf(cl, "%s error %s\n", CTL_END, error);
	cl->state = CTL_CLOSING;
	bufferevent_disable(cl->bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(cl->bev)) == 0)
		ctl_free(cl);
}

/* Too much queued: this client does not read. */
static bool
ctl_overflow(struct ctl_client *cl)
{
	if (evbuffer_get_length(bufferevent_get_output(cl->bev)) <=
	    CTL_OUT_MAX)
		return false;
	log_warnx("control socket: dropping a client that does not read "
	    "(%u bytes queued)", CTL_OUT_MAX);
	ctl_free(cl);
	return true;
}

static void
ctl_timeout(evutil_socket_t fd, short ev, void *arg)
{
	struct ctl_client *cl = arg;

	if (cl->state == CTL_RELOADING)
		ctl_finish(cl, "reload sent, but not every child applied it "
		    "in time");
	else
		ctl_finish(cl, "no answer from a child in time (incomplete)");
}

static struct ctl_client *
ctl_by_id(uint32_t id)
{
	struct ctl_client *cl;

	TAILQ_FOREACH(cl, &ctl.clients, entry)
		if (cl->state == CTL_COLLECTING && cl->id == id)
			return cl;
	return NULL;
}

bool
ctl_owns(uint32_t id)
{
	return (id & CTL_ID_BIT) != 0;
}

void
ctl_dump_text(uint32_t id, const void *text, size_t len)
{
	struct ctl_client *cl;

	if ((cl = ctl_by_id(id)) == NULL)
		return;
	evbuffer_add(bufferevent_get_output(cl->bev), text, len);
	ctl_overflow(cl);
}

void
ctl_dump_end(uint32_t id, enum proc_id from)
{
	struct ctl_client *cl;

	if ((cl = ctl_by_id(id)) == NULL)
		return;
	cl->pending &= ~(1u << from);
	if (cl->pending == 0)
		ctl_finish(cl, NULL);
}

/* A child went away, or a configuration got applied everywhere. */
void
ctl_children_changed(void)
{
	struct ctl_client *cl, *next;
	int i;

	for (cl = TAILQ_FIRST(&ctl.clients); cl != NULL; cl = next) {
		next = TAILQ_NEXT(cl, entry);
		if (cl->state == CTL_COLLECTING) {
			for (i = PROC_VRRP; i < PROC_MAX; i++)
				if (core.child[i].pid == 0 ||
				    core.child[i].chan == NULL)
					cl->pending &= ~(1u << i);
			if (cl->pending == 0)
				ctl_finish(cl, NULL);
		} else if (cl->state == CTL_RELOADING && core.ready &&
		    core.gen >= cl->gen) {
			ctl_printf(cl, "configuration %u running in every "
			    "process\n", core.gen);
			ctl_finish(cl, NULL);
		}
	}
}

/* The parent's own record or header, then a request to each child. */
static void
ctl_request(struct ctl_client *cl, enum msg_type type)
{
	struct timeval tv = { CTL_ANSWER_TIMEOUT, 0 };
	struct msg_dump d;
	char *header;
	int i;

	cl->state = CTL_COLLECTING;
	cl->id = d.id = CTL_ID_BIT | ctl.next_id++;
	cl->pending = 0;
	if (type == MSG_STATUS) {
		ctl_printf(cl, CTL_REC_DAEMON "\tpid=%d\tconfig=%s\t"
		    "generation=%u", (int)getpid(), core.opts->conf_path,
		    core.gen);
		ctl_printf(cl, "%s", core_snmp_fields());
		for (i = PROC_VRRP; i < PROC_MAX; i++)
			ctl_printf(cl, "\t%s_pid=%d", procs[i].name,
			    (int)core.child[i].pid);
		ctl_printf(cl, "\n");
	} else {
		header = core_dump_header();
		ctl_printf(cl, "%s", header);
		free(header);
	}
	for (i = PROC_VRRP; i < PROC_MAX; i++) {
		if (core.child[i].pid <= 0 || core.child[i].chan == NULL)
			continue;
		ipc_send(core.child[i].chan, type, &d, sizeof(d));
		cl->pending |= 1u << i;
	}
	if (cl->pending == 0)
		ctl_finish(cl, NULL);
	else
		evtimer_add(cl->timer, &tv);
}

/* A line of the reload's diagnostics, for the client that asked. */
void
ctl_reload_diag(const char *line)
{
	if (ctl.reload != NULL)
		ctl_printf(ctl.reload, "%s\n", line);
}

static void
ctl_reload(struct ctl_client *cl)
{
	struct timeval tv = { CTL_RELOAD_TIMEOUT, 0 };
	char why[128];

	if (core.stopping) {
		ctl_finish(cl, "vigild is stopping");
		return;
	}
	ctl.reload = cl;
	log_info("reload asked for on the control socket");
	if (!core_reload(why, sizeof(why))) {
		ctl.reload = NULL;
		ctl_finish(cl, why);
		return;
	}
	ctl.reload = NULL;
	cl->state = CTL_RELOADING;
	cl->gen = core.gen;
	evtimer_add(cl->timer, &tv);
	ctl_children_changed();
}

/* "events": no idle timeout from now on; reads only notice the end. */
static void
ctl_events(struct ctl_client *cl)
{
	struct timespec ts;

	cl->state = CTL_EVENTS;
	bufferevent_set_timeouts(cl->bev, NULL, NULL);
	bufferevent_enable(cl->bev, EV_READ);
	clock_gettime(CLOCK_REALTIME, &ts);
	ctl_printf(cl, "{\"time\":%lld.%06ld,\"type\":\"events\","
	    "\"pid\":%d}\n", (long long)ts.tv_sec, ts.tv_nsec / 1000,
	    (int)getpid());
}

void
ctl_event_line(const void *text, size_t len)
{
	struct ctl_client *cl, *next;
	struct evbuffer *out;

	for (cl = TAILQ_FIRST(&ctl.clients); cl != NULL; cl = next) {
		next = TAILQ_NEXT(cl, entry);
		if (cl->state != CTL_EVENTS)
			continue;
		out = bufferevent_get_output(cl->bev);
		evbuffer_add(out, text, len);
		evbuffer_add(out, "\n", 1);
		ctl_overflow(cl);
	}
}

static void
ctl_command(struct ctl_client *cl, const char *cmd)
{
	bufferevent_disable(cl->bev, EV_READ);
	if (cl->readonly && strcmp(cmd, "status") != 0 &&
	    strcmp(cmd, "events") != 0)
		ctl_finish(cl, "read-only connection: status and events only");
	else if (strcmp(cmd, "status") == 0)
		ctl_request(cl, MSG_STATUS);
	else if (strcmp(cmd, "dump") == 0)
		ctl_request(cl, MSG_DUMP_DATA);
	else if (strcmp(cmd, "dump stats") == 0)
		ctl_request(cl, MSG_DUMP_STATS);
	else if (strcmp(cmd, "reload") == 0)
		ctl_reload(cl);
	else if (strcmp(cmd, "events") == 0)
		ctl_events(cl);
	else
		ctl_finish(cl, "unknown command");
}

static void
ctl_read(struct bufferevent *bev, void *arg)
{
	struct ctl_client *cl = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	char *line;

	if (cl->state == CTL_EVENTS)
		evbuffer_drain(in, evbuffer_get_length(in));
	if (cl->state != CTL_READING)
		return;
	line = evbuffer_readln(in, NULL, EVBUFFER_EOL_LF);
	if (line == NULL) {
		if (evbuffer_get_length(in) > CTL_CMD_MAX)
			ctl_finish(cl, "command too long");
		return;
	}
	ctl_command(cl, line);
	free(line);
}

static void
ctl_written(struct bufferevent *bev, void *arg)
{
	struct ctl_client *cl = arg;

	if (cl->state == CTL_CLOSING)
		ctl_free(cl);
}

static void
ctl_event(struct bufferevent *bev, short what, void *arg)
{
	struct ctl_client *cl = arg;

	if (what & BEV_EVENT_TIMEOUT)
		log_warnx("control socket: dropping a client idle for %d s",
		    CTL_IO_TIMEOUT);
	/* EOF, error or timeout: whatever it waited for is dropped. */
	ctl_free(cl);
}

static void
ctl_accept(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	ctl_adopt(fd, false);
}

/* A connected socket (accepted, or one end of a socketpair made for the
 * SNMP agent, readonly) becomes a client. */
void
ctl_adopt(int fd, bool readonly)
{
	struct timeval io = { CTL_IO_TIMEOUT, 0 };
	struct ctl_client *cl;

	if (ctl.nclients >= CTL_CLIENTS_MAX) {
		log_warnx("control socket: %d clients already, refusing one",
		    CTL_CLIENTS_MAX);
		close(fd);
		return;
	}
	evutil_make_socket_nonblocking(fd);
	cl = xcalloc(1, sizeof(*cl));
	cl->bev = bufferevent_socket_new(core.base, fd, BEV_OPT_CLOSE_ON_FREE);
	cl->timer = evtimer_new(core.base, ctl_timeout, cl);
	if (cl->bev == NULL || cl->timer == NULL)
		fatalx("control socket: cannot set up a client");
	cl->state = CTL_READING;
	cl->readonly = readonly;
	bufferevent_setcb(cl->bev, ctl_read, ctl_written, ctl_event, cl);
	bufferevent_set_timeouts(cl->bev, &io, &io);
	bufferevent_enable(cl->bev, EV_READ | EV_WRITE);
	TAILQ_INSERT_TAIL(&ctl.clients, cl, entry);
	ctl.nclients++;
}

/* Another vigild answering there: do not take its socket away. */
static bool
ctl_in_use(const struct sockaddr_un *sun)
{
	int fd, r;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return false;
	r = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	close(fd);
	return r == 0;
}

/* Mode 0600 root, or 0660 with group. */
static int
ctl_perms(const char *path, const char *group)
{
	struct group *gr;

	if (group == NULL)
		return chmod(path, 0600);
	if ((gr = getgrnam(group)) == NULL) {
		log_warnx("control socket: no group %s; %s stays 0600 root",
		    group, path);
		return chmod(path, 0600);
	}
	if (chown(path, 0, gr->gr_gid) == -1)
		return -1;
	return chmod(path, 0660);
}

static int
ctl_bind(const char *path, const char *group)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char *dup;
	mode_t old;
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_warnx("control socket %s: path too long", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	dup = xstrdup(path);
	if (mkdir(dirname(dup), 0755) == -1 && errno != EEXIST)
		log_warn("mkdir %s", dup);
	free(dup);
	if (ctl_in_use(&sun)) {
		log_warnx("control socket %s: another process answers there; "
		    "serving none (give vigild --control-socket)", path);
		return -1;
	}
	unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		return -1;
	old = umask(0177);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    ctl_perms(path, group) == -1) {
		umask(old);
		log_warn("control socket %s", path);
		close(fd);
		return -1;
	}
	umask(old);
	return fd;
}

void
ctl_open(const char *path, const char *group)
{
	int fd;

	if ((fd = ctl_bind(path, group)) == -1)
		return;
	ctl.lev = evconnlistener_new(core.base, ctl_accept, NULL,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 16, fd);
	if (ctl.lev == NULL) {
		log_warnx("control socket %s: cannot listen", path);
		close(fd);
		unlink(path);
		return;
	}
	ctl.path = xstrdup(path);
	log_info("control socket %s (%s)", path, group != NULL ?
	    "mode 0660" : "mode 0600");
}

void
ctl_close(void)
{
	struct ctl_client *cl;

	while ((cl = TAILQ_FIRST(&ctl.clients)) != NULL)
		ctl_free(cl);
	if (ctl.lev == NULL)
		return;
	evconnlistener_free(ctl.lev);
	ctl.lev = NULL;
	unlink(ctl.path);
	free(ctl.path);
	ctl.path = NULL;
}
