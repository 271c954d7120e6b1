/* Logging: one line per call, prefixed with the process name. */
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

static const char *log_procname = "vigild";
static bool log_to_stderr = true;
static bool log_debug_on;

void
log_init(const char *procname, bool to_stderr, bool debug)
{
	log_procname = procname;
	log_to_stderr = to_stderr;
	log_debug_on = debug;
	if (!to_stderr)
		openlog("vigild", LOG_PID | LOG_NDELAY, LOG_DAEMON);
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
	} else
		syslog(pri, "%s: %s", log_procname, msg);
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
	closelog();
	openlog(ident, LOG_PID | LOG_NDELAY, facility);
}
