/*
 * vigilctl: one question to vigild over its control socket (protocol:
 * common/ctl.h) and the whole answer, or a clear word on stderr when the
 * daemon cannot be reached.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/ctl.h"
#include "core/vigilctl.h"

#define CTL_WAIT		60	/* s for a whole answer */

/* Connect, or say clearly why not. */
int
ctl_connect(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { CTL_WAIT, 0 };
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "vigilctl: %s: path too long\n", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		fprintf(stderr, "vigilctl: socket: %s\n", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
		return fd;
	if (errno == ENOENT || errno == ECONNREFUSED)
		fprintf(stderr, "vigilctl: no vigild answers at %s (%s): is "
		    "it running? (-s names another daemon's socket)\n", path,
		    strerror(errno));
	else if (errno == EACCES || errno == EPERM)
		fprintf(stderr, "vigilctl: %s: permission denied: the socket "
		    "is for root (or the group global_defs "
		    "control_socket_group names)\n", path);
	else
		fprintf(stderr, "vigilctl: %s: %s\n", path, strerror(errno));
	close(fd);
	return -1;
}

/*
 * Send cmd, read the whole answer. Returns the answer without its "%end"
 * line (the caller frees it), with *error set to the daemon's error text
 * (a static string, NULL when it said ok); NULL when the daemon could
 * not be reached or the answer was cut short (said on stderr).
 */
char *
ctl_ask(const char *path, const char *cmd, const char **error)
{
	int fd;

	*error = NULL;
	if ((fd = ctl_connect(path)) == -1)
		return NULL;
	return ctl_ask_fd(fd, path, cmd, error);
}

/* ctl_ask on a connected socket (closed here); path names it in errors. */
char *
ctl_ask_fd(int fd, const char *path, const char *cmd, const char **error)
{
	static char errbuf[512];
	char *buf = NULL, *end;
	size_t len = 0, cap = 0;
	ssize_t n;

	*error = NULL;
	if (dprintf(fd, "%s\n", cmd) < 0) {
		fprintf(stderr, "vigilctl: %s: %s\n", path, strerror(errno));
		close(fd);
		return NULL;
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap * 2 + 65536;
			if ((buf = realloc(buf, cap)) == NULL) {
				fprintf(stderr, "vigilctl: out of memory\n");
				exit(CTL_EXIT_UNREACHABLE);
			}
		}
		if ((n = read(fd, buf + len, cap - len - 1)) <= 0)
			break;
		len += (size_t)n;
	}
	if (n < 0)
		fprintf(stderr, "vigilctl: %s: %s\n", path, strerror(errno));
	close(fd);
	buf[len] = '\0';
	/* The last line must be "%end ...". */
	end = len > 0 && buf[len - 1] == '\n' ? buf + len - 1 : NULL;
	if (end != NULL) {
		*end = '\0';
		end = strrchr(buf, '\n');
		end = end != NULL ? end + 1 : buf;
	}
	if (end == NULL || strncmp(end, CTL_END " ", strlen(CTL_END) + 1) !=
	    0) {
		fprintf(stderr, "vigilctl: the answer from %s was cut short "
		    "(vigild stopped, or dropped this client)\n", path);
		free(buf);
		return NULL;
	}
	if (strncmp(end + strlen(CTL_END) + 1, "error ", 6) == 0) {
		snprintf(errbuf, sizeof(errbuf), "%s",
		    end + strlen(CTL_END) + 7);
		*error = errbuf;
	}
	*end = '\0';
	return buf;
}
