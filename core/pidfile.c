/*
 * Pid files. The parent's is locked with flock() for as long as vigild
 * runs: a pid file left by a crash is not locked, so it never stops a new
 * vigild from starting, whatever process its pid now belongs to.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "core/core.h"

/* Create the directory of path (one level: /run/vigil). */
static void
pidfile_mkdir(const char *path)
{
	char *dup = xstrdup(path);
	char *dir = dirname(dup);

	if (mkdir(dir, 0755) == -1 && errno != EEXIST)
		log_warn("mkdir %s", dir);
	free(dup);
}

/* Lock path: the fd to keep open, or -1 when another vigild holds it. */
int
pidfile_lock(const char *path)
{
	char buf[32] = "";
	ssize_t n;
	int fd;

	pidfile_mkdir(path);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1) {
		fprintf(stderr, "vigild: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	if (errno == EWOULDBLOCK) {
		n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		fprintf(stderr, "vigild: already running (pid %s, %s locked)\n",
		    buf[0] ? buf : "?", path);
	} else
		fprintf(stderr, "vigild: flock %s: %s\n", path, strerror(errno));
	close(fd);
	return -1;
}

void
pidfile_write(const char *path, pid_t pid)
{
	FILE *f;
	int fd;

	pidfile_mkdir(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0644);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		log_warn("cannot write pid file %s", path);
		if (fd != -1)
			close(fd);
		return;
	}
	fprintf(f, "%d\n", (int)pid);
	if (fclose(f) == EOF)
		log_warn("cannot write pid file %s", path);
}

void
pidfile_remove(const char *path)
{
	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("cannot remove pid file %s", path);
}
