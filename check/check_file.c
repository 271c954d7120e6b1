/*
 * FILE_CHECK: a real server's checker that follows the number in a
 * track_file's file. The file is read when the configuration comes and
 * again whenever inotify reports a change in its directory (written,
 * created, renamed, removed), so a file replaced by rename is followed;
 * a directory that cannot be watched yet is tried again every second.
 * A missing, unreadable or non-numeric file counts as 0; a number is
 * taken within -2147483648..2147483648, as keepalived takes it.
 *
 * The verdict: with weight 0, 0 is up and any other number down;
 * otherwise the number times the weight (negated by reverse) is added
 * to the real server's configured weight: a sum below 0 takes the
 * server down, else the sum is the server's weight. (keepalived 2.2.7
 * documents a "dynamic" keyword here but does not read it.)
 * Several checkers of one file share one watch.
 */
#include <sys/inotify.h>
#include <sys/queue.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "check/check_lvs.h"
#include "common/ipc.h"
#include "common/log.h"
#include "common/util.h"

#define FILE_EVENTS	(IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | \
			 IN_DELETE | IN_MOVED_FROM | IN_ATTRIB | \
			 IN_DELETE_SELF | IN_MOVE_SELF)
#define FILE_VALUE_MAX	2147483648LL

struct check_file {
	TAILQ_ENTRY(check_file) entry;
	char		 path[IPC_CMD_LEN];
	int		 wd;		/* -1: not watched (yet) */
	int64_t		 value;
	int		 err;		/* why it reads as 0: errno, -1 not a
					 * number, 0 none */
	TAILQ_HEAD(, lvs_checker) subs;
};

static struct {
	struct event_base *base;
	int		 fd;		/* inotify, -1 until needed */
	struct event	*ev, *retry;
	TAILQ_HEAD(, check_file) files;
} cf = { .fd = -1, .files = TAILQ_HEAD_INITIALIZER(cf.files) };

static void file_watch_all(void);

/* The number f's file holds now (0 when there is none: *err says why). */
static int64_t
file_value(const struct check_file *f, int *err)
{
	char buf[64], *end;
	long long v;
	ssize_t n;
	int fd;

	*err = 0;
	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		*err = errno;
		return 0;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	*err = n == -1 ? errno : 0;
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (end == buf || (errno != 0 && errno != ERANGE)) {
		*err = -1;
		return 0;
	}
	/* keepalived's limits: the product with a weight fits 64 bits. */
	return v > FILE_VALUE_MAX ? FILE_VALUE_MAX : v < -FILE_VALUE_MAX ?
	    -FILE_VALUE_MAX : v;
}

/* Say once why f reads as 0, when that changes. */
static void
file_report(struct check_file *f, int err)
{
	if (err == f->err)
		return;
	f->err = err;
	if (err == -1)
		log_warnx("FILE_CHECK %s: not a number: read as 0", f->path);
	else if (err != 0)
		log_warnx("FILE_CHECK %s: %s: read as 0", f->path,
		    strerror(err));
}

/* Whether value v holds chk's server up, and its weight (-1: the
 * configured one). */
static bool
file_verdict(const struct lvs_checker *chk, int64_t v, int *weight)
{
	const struct msg_conf_check *c = chk->conf;
	int64_t w;

	*weight = -1;
	if (c->file_weight == 0)
		return v == 0;
	w = v * c->file_weight;
	if (c->file_reverse)
		w = -w;
	w += (int64_t)chk->rs->conf->weight;
	if (w < 0)
		return false;
	*weight = w > INT_MAX ? INT_MAX : (int)w;
	return true;
}

/* Read f again; its real servers follow a changed number. */
static void
file_read(struct check_file *f)
{
	struct lvs_checker *chk;
	char why[64];
	int err, w;
	int64_t v = file_value(f, &err), old = f->value;
	bool up;

	file_report(f, err);
	if (v == old)
		return;
	log_info("FILE_CHECK %s: value %lld (was %lld)", f->path,
	    (long long)v, (long long)old);
	f->value = v;
	TAILQ_FOREACH(chk, &f->subs, entry) {
		if ((up = file_verdict(chk, v, &w)) !=
		    file_verdict(chk, old, &w)) {
			snprintf(why, sizeof(why), "value %lld",
			    (long long)v);
			check_event_checker("FILE_CHECK", chk->rs->name, up,
			    up ? "" : why);
		}
		check_vs_rs_changed(chk->rs);
	}
}

static void
file_inotify_cb(int fd, short what, void *arg)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct
	    inotify_event))));
	const struct inotify_event *ie;
	struct check_file *f;
	ssize_t n;
	char *p;

	(void)what;
	(void)arg;
	/* A directory removed or moved: its files are watched again once
	 * it is back (the retry timer). */
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (p = buf; p < buf + n; p += sizeof(*ie) + ie->len) {
			ie = (const struct inotify_event *)p;
			if (!(ie->mask & IN_IGNORED))
				continue;
			TAILQ_FOREACH(f, &cf.files, entry)
				if (f->wd == ie->wd)
					f->wd = -1;
		}
	/* Few files: every one is read again, whatever the event named. */
	TAILQ_FOREACH(f, &cf.files, entry)
		file_read(f);
	file_watch_all();
}

static void
file_retry_cb(int fd, short what, void *arg)
{
	struct check_file *f;

	(void)fd;
	(void)what;
	(void)arg;
	file_watch_all();
	TAILQ_FOREACH(f, &cf.files, entry)
		file_read(f);
}

/* Watch the directory of every file not yet watched. */
static void
file_watch_all(void)
{
	struct timeval tv = { 1, 0 };
	struct check_file *f;
	char dir[IPC_CMD_LEN], *slash;
	bool missing = false;

	if (cf.fd == -1) {
		if ((cf.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1)
			fatal("FILE_CHECK: inotify_init1");
		cf.ev = event_new(cf.base, cf.fd, EV_READ | EV_PERSIST,
		    file_inotify_cb, NULL);
		cf.retry = evtimer_new(cf.base, file_retry_cb, NULL);
		if (cf.ev == NULL || cf.retry == NULL ||
		    event_add(cf.ev, NULL) == -1)
			fatalx("FILE_CHECK: cannot create its events");
	}
	TAILQ_FOREACH(f, &cf.files, entry) {
		if (f->wd != -1)
			continue;
		snprintf(dir, sizeof(dir), "%s", f->path);
		if ((slash = strrchr(dir, '/')) == NULL)
			snprintf(dir, sizeof(dir), ".");
		else if (slash == dir)
			dir[1] = '\0';
		else
			*slash = '\0';
		if ((f->wd = inotify_add_watch(cf.fd, dir, FILE_EVENTS)) == -1)
			missing = true;
	}
	if (missing && !evtimer_pending(cf.retry, NULL))
		evtimer_add(cf.retry, &tv);
}

void
check_file_init(struct event_base *base)
{
	cf.base = base;
}

/* Before a configuration's checkers attach: every file loses them. */
void
check_file_begin(void)
{
	struct check_file *f;

	TAILQ_FOREACH(f, &cf.files, entry)
		TAILQ_INIT(&f->subs);
}

void
check_file_attach(struct lvs_checker *chk)
{
	struct check_file *f;
	int err;

	TAILQ_FOREACH(f, &cf.files, entry)
		if (strcmp(f->path, chk->conf->file_path) == 0)
			break;
	if (f == NULL) {
		f = xcalloc(1, sizeof(*f));
		snprintf(f->path, sizeof(f->path), "%s", chk->conf->file_path);
		f->wd = -1;
		f->value = file_value(f, &err);
		file_report(f, err);
		log_info("FILE_CHECK %s: value %lld", f->path,
		    (long long)f->value);
		TAILQ_INIT(&f->subs);
		TAILQ_INSERT_TAIL(&cf.files, f, entry);
	}
	chk->job = NULL;
	chk->file = f;
	TAILQ_INSERT_TAIL(&f->subs, chk, entry);
}

/* Files no checker follows any more are dropped; new ones watched. */
void
check_file_commit(void)
{
	struct check_file *f, *next;

	for (f = TAILQ_FIRST(&cf.files); f != NULL; f = next) {
		next = TAILQ_NEXT(f, entry);
		if (!TAILQ_EMPTY(&f->subs))
			continue;
		/* A watch on a directory is shared by its files: it is
		 * left in place (inotify_add_watch gives the same wd). */
		TAILQ_REMOVE(&cf.files, f, entry);
		free(f);
	}
	if (!TAILQ_EMPTY(&cf.files))
		file_watch_all();
}

bool
check_file_up(const struct lvs_checker *chk, int *weight)
{
	return file_verdict(chk, chk->file->value, weight);
}
