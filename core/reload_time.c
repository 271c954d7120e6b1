/*
 * reload_time_file: a reload at the time written in a file, so that the
 * nodes of a group reload together. The parent watches the file's
 * directory with inotify: the file created or rewritten (re)schedules the
 * reload, the file removed cancels it. The first line is exactly
 * HH:MM:SS, YY-MM-DD HH:MM:SS or YYYY-MM-DD HH:MM:SS, with an optional Z
 * for UTC (else local time); a time alone is its next occurrence. When
 * the reload is done the file is removed, unless reload_repeat (a time
 * alone then reloads every day at that time). keepalived's rules.
 */
#include <sys/inotify.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/util.h"
#include "conf/conf.h"
#include "core/core.h"

static struct {
	char		*path;
	const char	*name;		/* in path */
	bool		 repeat;
	int		 fd;		/* inotify; -1: none */
	struct event	*ino_ev;
	struct event	*timer;
	time_t		 when;		/* 0: nothing scheduled */
} rt = { .fd = -1 };

/* Parse the first line: the time it names, or -1. */
static time_t
rt_parse(const char *s)
{
	struct tm tm, now_tm;
	time_t now = time(NULL), t;
	const char *end;
	bool utc, date;
	size_t len = strlen(s);

	utc = len > 0 && s[len - 1] == 'Z';
	memset(&tm, 0, sizeof(tm));
	date = len > 9;
	if (date) {
		end = strptime(s, len - utc >= 19 ? "%Y-%m-%d %H:%M:%S" :
		    "%y-%m-%d %H:%M:%S", &tm);
	} else {
		if (utc)
			gmtime_r(&now, &now_tm);
		else
			localtime_r(&now, &now_tm);
		tm = now_tm;
		end = strptime(s, "%H:%M:%S", &tm);
	}
	if (end == NULL || (utc ? strcmp(end, "Z") : strcmp(end, "")) != 0)
		return -1;
	if (len - utc != 8 && len - utc != 17 && len - utc != 19)
		return -1;
	tm.tm_isdst = -1;
	t = utc ? timegm(&tm) : mktime(&tm);
	if (!date && t <= now) {
		tm.tm_mday++;
		tm.tm_isdst = -1;
		t = utc ? timegm(&tm) : mktime(&tm);
	}
	return t;
}

static void rt_fire(evutil_socket_t, short, void *);

/* Read the file and (re)schedule, or cancel when it is gone or bad. */
static void
rt_read(void)
{
	char line[64], when[64];
	struct timeval tv = { 0, 0 };
	struct tm tm;
	time_t t, now = time(NULL);
	FILE *f;

	if (rt.timer != NULL)
		evtimer_del(rt.timer);
	if (rt.when != 0 && access(rt.path, F_OK) == -1)
		log_info("reload_time_file %s removed: scheduled reload "
		    "cancelled", rt.path);
	rt.when = 0;
	if ((f = fopen(rt.path, "re")) == NULL)
		return;
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	if ((t = rt_parse(line)) == -1) {
		log_warnx("reload_time_file %s: '%s' is not HH:MM:SS or "
		    "[YY]YY-MM-DD HH:MM:SS[Z]: no reload scheduled", rt.path,
		    line);
		return;
	}
	if (t < now) {
		log_info("reload_time_file %s: %s is past: no reload "
		    "scheduled", rt.path, line);
		return;
	}
	if (rt.timer == NULL &&
	    (rt.timer = evtimer_new(core.base, rt_fire, NULL)) == NULL)
		fatalx("cannot create the reload timer");
	rt.when = t;
	tv.tv_sec = t - now;
	evtimer_add(rt.timer, &tv);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
	log_info("Scheduling reload for %s", when);
}

/* The timer has second resolution: wait for the second itself. */
static void
rt_fire(evutil_socket_t fd, short ev, void *arg)
{
	struct timeval tv = { 0, 100000 };
	char why[256];

	if (time(NULL) < rt.when) {
		evtimer_add(rt.timer, &tv);
		return;
	}
	rt.when = 0;
	if (!rt.repeat && unlink(rt.path) == -1 && errno != ENOENT)
		log_warn("reload_time_file: cannot remove %s", rt.path);
	log_info("scheduled reload (reload_time_file %s)", rt.path);
	/* A reload done reads the file again (core_reload_time_adopt). */
	if ((core.stopping || !core_reload(why, sizeof(why))) && rt.repeat &&
	    rt.path != NULL)
		rt_read();
}

static void
rt_inotify(evutil_socket_t fd, short ev, void *arg)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct
	    inotify_event))));
	const struct inotify_event *ie;
	bool mine = false;
	ssize_t n;
	char *p;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (p = buf; p < buf + n; p += sizeof(*ie) + ie->len) {
			ie = (const struct inotify_event *)p;
			if (ie->mask & (IN_IGNORED | IN_DELETE_SELF |
			    IN_MOVE_SELF)) {
				log_warnx("reload_time_file: its directory "
				    "is gone; not watched until a reload");
				event_del(rt.ino_ev);
				return;
			}
			if (ie->len > 0 && strcmp(ie->name, rt.name) == 0)
				mine = true;
		}
	if (mine)
		rt_read();
}

static void
rt_stop(void)
{
	if (rt.ino_ev != NULL) {
		event_free(rt.ino_ev);
		rt.ino_ev = NULL;
	}
	if (rt.fd != -1)
		close(rt.fd);
	rt.fd = -1;
	if (rt.timer != NULL)
		evtimer_del(rt.timer);
	rt.when = 0;
	free(rt.path);
	rt.path = NULL;
}

void
core_reload_time_adopt(const struct conf_procs *p)
{
	char *dir, *slash;

	rt_stop();
	rt.repeat = p->reload_repeat;
	if (p->reload_time_file == NULL)
		return;
	rt.path = xstrdup(p->reload_time_file);
	slash = strrchr(rt.path, '/');
	rt.name = slash + 1;
	dir = xstrdup(rt.path);
	dir[slash == rt.path ? 1 : slash - rt.path] = '\0';
	if ((rt.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1 ||
	    inotify_add_watch(rt.fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO |
	    IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF) == -1) {
		log_warn("reload_time_file: cannot watch %s", dir);
		free(dir);
		rt_stop();
		return;
	}
	free(dir);
	rt.ino_ev = event_new(core.base, rt.fd, EV_READ | EV_PERSIST,
	    rt_inotify, NULL);
	if (rt.ino_ev == NULL || event_add(rt.ino_ev, NULL) == -1)
		fatalx("cannot watch reload_time_file");
	rt_read();
}
