/* Logging shared by every vigil process: syslog by default, stderr with -l. */
#ifndef VIGIL_LOG_H
#define VIGIL_LOG_H

#include <stdarg.h>
#include <stdbool.h>

/* procname prefixes every line ("vrrp", "check", "core"); to_stderr selects
 * the console instead of syslog; debug enables log_debug(). */
void log_init(const char *procname, bool to_stderr, bool debug);
void log_set_procname(const char *procname);
/* Reopen syslog with this ident ("vigild_vrrp") and facility (LOG_DAEMON). */
void log_set_syslog(const char *ident, int facility);
/* One line to syslog as it is (no process name), whatever -l says. */
void log_syslog_line(int pri, const char *msg);
bool log_debug_enabled(void);

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_warn appends ": strerror(errno)"; log_warnx does not. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* fatal appends ": strerror(errno)" and exits 1; fatalx does not append. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void vlog(int pri, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
