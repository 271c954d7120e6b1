/*
 * track_file: the number a file holds, read when the configuration
 * comes and again whenever inotify reports that the file was written
 * (closed after writing), created, renamed into place, removed or
 * renamed away. The watch is on the file's directory, so a file deleted
 * and created again, or replaced by rename as editors do, is followed.
 * Nothing is polled, except the directory itself while it cannot be
 * watched (missing): tried again every second.
 *
 * A missing, unreadable or non-numeric file counts as 0, logged once per
 * change. Only files that some instance or sync group tracks are
 * watched.
 */
#include <sys/inotify.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/ctl.h"
#include "common/ipc.h"
#include "common/log.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_track.h"

#define VRRP_TFILE_EVENTS	(IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | \
				 IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF | \
				 IN_MOVE_SELF | IN_ATTRIB)
#define VRRP_TFILE_RETRY_S	1

/* Why a file reads as 0; none when it holds a number. */
enum vrrp_tfile_err { TFILE_OK, TFILE_MISSING, TFILE_UNREADABLE, TFILE_NAN };

struct vrrp_tfile {
	struct msg_conf_track_file conf;
	const char		*base;		/* in conf.path */
	int			 wd;		/* -1: the directory unwatched */
	int64_t			 value;
	enum vrrp_tfile_err	 err;
	int			 err_errno;
	bool			 watch_logged;
	uint64_t		 reads;
};

static struct {
	struct event_base	*base;
	int			 fd;		/* inotify, -1 until needed */
	struct event		*ev;
	struct event		*retry_ev;
	struct vrrp_tfile	*files;
	size_t			 nfiles;
	uint64_t		 events;	/* inotify events read */
} tf = { .fd = -1 };

void
vrrp_tfile_init(struct event_base *base)
{
	tf.base = base;
}

/* The directory part of path (".") into dir. */
static void
vrrp_tfile_dir(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(dir, len, ".");
	else if (slash == path)
		snprintf(dir, len, "/");
	else
		snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

/* Read f's number; tell the instances when it changed, or always. */
static void
vrrp_tfile_read(struct vrrp_tfile *f, bool always)
{
	enum vrrp_tfile_err err = TFILE_OK;
	int64_t v = 0, old = f->value;
	char buf[64];
	ssize_t n = -1;
	int fd, e = 0;

	f->reads++;
	if ((fd = open(f->conf.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) ==
	    -1 || (n = read(fd, buf, sizeof(buf))) == -1) {
		e = errno;
		err = e == ENOENT ? TFILE_MISSING : TFILE_UNREADABLE;
	} else if (vrrp_tfile_parse(buf, (size_t)n, &v) == -1)
		err = TFILE_NAN;
	if (fd != -1)
		close(fd);
	if (err != TFILE_OK)
		v = 0;
	if (err != f->err || (err == TFILE_UNREADABLE && e != f->err_errno)) {
		if (err == TFILE_MISSING)
			log_info("track_file %s: %s does not exist: value 0",
			    f->conf.name, f->conf.path);
		else if (err == TFILE_UNREADABLE)
			log_warnx("track_file %s: cannot read %s: %s: value 0",
			    f->conf.name, f->conf.path, strerror(e));
		else if (err == TFILE_NAN)
			log_warnx("track_file %s: %s holds no number: value 0",
			    f->conf.name, f->conf.path);
	}
	f->err = err;
	f->err_errno = e;
	f->value = v;
	if (v != old || always)
		log_info("track_file %s: value %lld", f->conf.name,
		    (long long)v);
	if (v != old || always)
		vrrp_engine_tracked(TRACK_FILE, f->conf.name, false, v);
}

static void vrrp_tfile_retry_cb(evutil_socket_t, short, void *);

/* Watch f's directory; false (and a retry every second) if it cannot. */
static bool
vrrp_tfile_watch(struct vrrp_tfile *f)
{
	struct timeval tv = { VRRP_TFILE_RETRY_S, 0 };
	char dir[IPC_CMD_LEN];

	vrrp_tfile_dir(f->conf.path, dir, sizeof(dir));
	if ((f->wd = inotify_add_watch(tf.fd, dir, VRRP_TFILE_EVENTS)) != -1) {
		if (f->watch_logged)
			log_info("track_file %s: watching %s", f->conf.name,
			    dir);
		f->watch_logged = false;
		return true;
	}
	if (!f->watch_logged)
		log_warn("track_file %s: cannot watch %s (trying again every "
		    "second)", f->conf.name, dir);
	f->watch_logged = true;
	if (tf.retry_ev == NULL && (tf.retry_ev = evtimer_new(tf.base,
	    vrrp_tfile_retry_cb, NULL)) == NULL)
		fatalx("track_file: evtimer_new");
	if (!evtimer_pending(tf.retry_ev, NULL))
		evtimer_add(tf.retry_ev, &tv);
	return false;
}

static void
vrrp_tfile_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	size_t i;

	for (i = 0; i < tf.nfiles; i++)
		if (tf.files[i].wd == -1 && vrrp_tfile_watch(&tf.files[i]))
			vrrp_tfile_read(&tf.files[i], false);
}

/* One inotify event: re-read the files of that directory it names (or
 * all of that directory's when the directory itself went away). */
static void
vrrp_tfile_event(const struct inotify_event *ie)
{
	struct vrrp_tfile *f;
	size_t i;

	for (i = 0; i < tf.nfiles; i++) {
		f = &tf.files[i];
		if (f->wd != ie->wd)
			continue;
		if (ie->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
			if (ie->mask & IN_IGNORED)
				f->wd = -1;
			vrrp_tfile_read(f, false);
			if (f->wd == -1)
				vrrp_tfile_watch(f);
			continue;
		}
		if (ie->len > 0 && strcmp(ie->name, f->base) == 0)
			vrrp_tfile_read(f, false);
	}
}

static void
vrrp_tfile_cb(evutil_socket_t fd, short what, void *arg)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct
	    inotify_event))));
	const struct inotify_event *ie;
	ssize_t n;
	char *p;

	while ((n = read(tf.fd, buf, sizeof(buf))) > 0)
		for (p = buf; p < buf + n; p += sizeof(*ie) + ie->len) {
			ie = (const struct inotify_event *)p;
			tf.events++;
			if (ie->mask & IN_Q_OVERFLOW) {
				log_warnx("track_file: inotify queue overflow: "
				    "reading every file");
				for (size_t i = 0; i < tf.nfiles; i++)
					vrrp_tfile_read(&tf.files[i], false);
				continue;
			}
			vrrp_tfile_event(ie);
		}
}

static void
vrrp_tfile_open(void)
{
	if (tf.fd != -1)
		return;
	if ((tf.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1)
		fatal("track_file: inotify_init1");
	if ((tf.ev = event_new(tf.base, tf.fd, EV_READ | EV_PERSIST,
	    vrrp_tfile_cb, NULL)) == NULL || event_add(tf.ev, NULL) == -1)
		fatalx("track_file: cannot watch inotify");
}

/* No file left: no inotify instance either (its watches go with it). */
static void
vrrp_tfile_close(void)
{
	if (tf.fd == -1)
		return;
	event_free(tf.ev);
	tf.ev = NULL;
	close(tf.fd);
	tf.fd = -1;
	if (tf.retry_ev != NULL)
		evtimer_del(tf.retry_ev);
}

static struct vrrp_tfile *
vrrp_tfile_find(struct vrrp_tfile *files, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(files[i].conf.name, name) == 0)
			return &files[i];
	return NULL;
}

/*
 * The files tracked in s: a file kept (same name and path) keeps its
 * watch and value; the others are read anew. Watches are per directory
 * (inotify gives one descriptor per inode): they are all made again,
 * which costs a system call per file at a reload.
 */
void
vrrp_tfile_apply(const struct conf_set *s)
{
	struct vrrp_tfile *old = tf.files, *nf = NULL, *f, *o;
	size_t nold = tf.nfiles, n = 0, i;

	for (i = 0; i < s->ntfile; i++)
		if (vrrp_track_used(s, TRACK_FILE, s->tfile[i].name))
			n++;
	if (n > 0 && (nf = calloc(n, sizeof(*nf))) == NULL)
		fatal("track_file");
	for (i = 0, n = 0; i < s->ntfile; i++) {
		if (!vrrp_track_used(s, TRACK_FILE, s->tfile[i].name))
			continue;
		f = &nf[n++];
		f->conf = s->tfile[i];
		f->base = strrchr(f->conf.path, '/');
		f->base = f->base != NULL ? f->base + 1 : f->conf.path;
		f->wd = -1;
		if ((o = vrrp_tfile_find(old, nold, f->conf.name)) != NULL &&
		    strcmp(o->conf.path, f->conf.path) == 0) {
			f->value = o->value;
			f->err = o->err;
			f->err_errno = o->err_errno;
			f->reads = o->reads;
		}
	}
	/* The old watches go: a directory no longer needed is unwatched. */
	vrrp_tfile_close();
	free(old);
	tf.files = nf;
	tf.nfiles = n;
	if (n == 0)
		return;
	vrrp_tfile_open();
	for (i = 0; i < n; i++) {
		vrrp_tfile_watch(&nf[i]);
		vrrp_tfile_read(&nf[i], true);
	}
}

bool
vrrp_tfile_value(const char *name, int64_t *v)
{
	const struct vrrp_tfile *f = vrrp_tfile_find(tf.files, tf.nfiles, name);

	if (f == NULL)
		return false;
	*v = f->value;
	return true;
}

void
vrrp_tfile_dump(struct ipc_chan *c, uint32_t id)
{
	static const char *const errs[] = { "", " (missing)",
	    " (unreadable)", " (not a number)" };
	const struct vrrp_tfile *f;
	size_t i;

	for (i = 0; i < tf.nfiles; i++) {
		f = &tf.files[i];
		ipc_dump_printf(c, id, " Track file = %s\n   File = %s\n"
		    "   Value = %lld%s\n   Watched = %s\n   Reads = %llu\n",
		    f->conf.name, f->conf.path, (long long)f->value,
		    errs[f->err], f->wd != -1 ? "yes (inotify)" :
		    "no (retrying every second)", (unsigned long long)f->reads);
	}
	if (tf.nfiles > 0)
		ipc_dump_printf(c, id, " Track file inotify events = %llu\n",
		    (unsigned long long)tf.events);
}

/* vigilctl's records (common/ctl.h). */
void
vrrp_tfile_status(struct ipc_chan *c, uint32_t id)
{
	static const char *const errs[] = { "ok", "missing", "unreadable",
	    "not a number" };
	const struct vrrp_tfile *f;
	size_t i;

	for (i = 0; i < tf.nfiles; i++) {
		f = &tf.files[i];
		ipc_dump_printf(c, id, CTL_REC_TRACK_FILE "\tname=%s\tpath=%s"
		    "\tvalue=%lld\tstate=%s\treads=%llu\n", f->conf.name,
		    f->conf.path, (long long)f->value, errs[f->err],
		    (unsigned long long)f->reads);
	}
}
