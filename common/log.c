/* Logging: one line per call, prefixed with the process name. */
#include "log.h"
#include "proc.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <paths.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static const char *log_procname = "vigild";
static bool log_to_stderr = true;
static bool log_debug_on;

/*
 * Syslog, written here rather than with syslog(3): its socket blocks when
 * the syslog daemon's queue is full (10 datagrams by default), and a
 * starved or stuck journald would then stop the vrrp process, adverts
 * included. Ours never blocks: a line that does not fit is dropped and
 * counted, and the count is logged once lines get through again.
 */
static int log_sock = -1;
static char log_ident[32] = "vigild";
static int log_facility = LOG_DAEMON;
static unsigned long log_dropped;

static void
log_syslog_connect(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	if (log_sock != -1)
		return;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", _PATH_LOG);
	log_sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	/* Above the fds a child finds its channels on: a child opens its log
	 * before it looks for them, and took fd 4 for the sibling channel
	 * when no sibling was running yet. */
	if (log_sock != -1 && log_sock <= PROC_FD_PEER) {
		fd = fcntl(log_sock, F_DUPFD_CLOEXEC, PROC_FD_PEER + 1);
		close(log_sock);
		log_sock = fd;
	}
	if (log_sock != -1 && connect(log_sock, (struct sockaddr *)&sun,
	    sizeof(sun)) == -1) {
		close(log_sock);	/* no syslog daemon yet: next line */
		log_sock = -1;
	}
}

/* One datagram as syslog(3) formats it: "<PRI>Mmm dd hh:mm:ss ident[pid]:
 * msg". False if it was not sent. */
static bool
log_syslog_send(int pri, const char *msg)
{
	char buf[2300], stamp[32];
	struct tm tm;
	time_t now = time(NULL);
	int n, try;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%h %e %T", &tm);
	n = snprintf(buf, sizeof(buf), "<%d>%s %s[%d]: %s",
	    LOG_MAKEPRI(log_facility, LOG_PRI(pri)), stamp, log_ident,
	    (int)getpid(), msg);
	if (n < 0)
		return false;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	for (try = 0; try < 2; try++) {
		log_syslog_connect();
		if (log_sock == -1)
			return false;
		if (send(log_sock, buf, n, MSG_NOSIGNAL) == n)
			return true;
		if (errno == EAGAIN || errno == ENOBUFS || errno == EINTR)
			return false;	/* full: drop, never wait */
		close(log_sock);	/* the daemon restarted: reconnect */
		log_sock = -1;
	}
	return false;
}

static void
log_syslog(int pri, const char *msg)
{
	int saved = errno;
	char note[96];

	if (log_dropped > 0) {
		snprintf(note, sizeof(note), "%s: %lu log lines dropped "
		    "(syslog not reading)", log_procname, log_dropped);
		if (log_syslog_send(LOG_WARNING, note))
			log_dropped = 0;
	}
	if (log_dropped > 0 || !log_syslog_send(pri, msg))
		log_dropped++;
	errno = saved;
}

void
log_syslog_line(int pri, const char *msg)
{
	log_syslog(pri, msg);
}

void
log_init(const char *procname, bool to_stderr, bool debug)
{
	log_procname = procname;
	log_to_stderr = to_stderr;
	log_debug_on = debug;
	if (!to_stderr)
		log_syslog_connect();
}

void
log_set_procname(const char *procname)
{
	log_procname = procname;
}

bool
log_debug_enabled(void)
{
	return log_debug_on;
}

static void
log_emit(int pri, const char *msg)
{
	if (log_to_stderr) {
		struct timespec ts;
		struct tm tm;
		char stamp[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ld %s: %s\n", stamp, ts.tv_nsec / 1000000,
		    log_procname, msg);
		fflush(stderr);
	} else {
		char line[2100];

		snprintf(line, sizeof(line), "%s: %s", log_procname, msg);
		log_syslog(pri, line);
	}
}

/* Format and emit; with err != 0, append ": strerror(err)". */
static void
vlog_err(int pri, int err, const char *fmt, va_list ap)
{
	char msg[2048];
	int n;

	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (err && n >= 0 && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(err));
	log_emit(pri, msg);
}

void
vlog(int pri, const char *fmt, va_list ap)
{
	vlog_err(pri, 0, fmt, ap);
}

#define LOG_FN(name, pri, with_errno)				\
void								\
name(const char *fmt, ...)					\
{								\
	int saved = errno;					\
	va_list ap;						\
								\
	va_start(ap, fmt);					\
	vlog_err(pri, (with_errno) ? saved : 0, fmt, ap);	\
	va_end(ap);						\
	errno = saved;						\
}

LOG_FN(log_info, LOG_INFO, 0)
LOG_FN(log_warn, LOG_WARNING, 1)
LOG_FN(log_warnx, LOG_WARNING, 0)

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_debug_on)
		return;
	va_start(ap, fmt);
	vlog_err(LOG_DEBUG, 0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog_err(LOG_CRIT, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_err(LOG_CRIT, 0, fmt, ap);
	va_end(ap);
	exit(1);
}

void
log_set_syslog(const char *ident, int facility)
{
	snprintf(log_ident, sizeof(log_ident), "%s", ident);
	log_facility = facility;
	log_syslog_connect();
}
