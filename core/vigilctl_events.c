/*
 * vigilctl events: the daemon's event stream (common/event.h), one JSON
 * object per line, copied to stdout line by line as it comes, so that a
 * pipe into another program sees each event at once. It ends when
 * vigild closes the stream (it stopped, or dropped a reader that did not
 * keep up): that is said on stderr, exit status 1.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/vigilctl.h"

int
ctl_events(const char *path)
{
	struct timeval none = { 0, 0 };
	char buf[65536];
	ssize_t n;
	int fd;

	if ((fd = ctl_connect(path)) == -1)
		return CTL_EXIT_UNREACHABLE;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof(none));
	if (dprintf(fd, "events\n") < 0) {
		fprintf(stderr, "vigilctl: %s: %s\n", path, strerror(errno));
		close(fd);
		return CTL_EXIT_UNREACHABLE;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n == -1 &&
	    errno == EINTR)) {
		if (n > 0 && (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n ||
		    fflush(stdout) == EOF)) {
			close(fd);
			return 0;	/* the reader of our output left */
		}
	}
	if (n == -1)
		fprintf(stderr, "vigilctl: %s: %s\n", path, strerror(errno));
	else
		fprintf(stderr, "vigilctl: vigild closed the event stream "
		    "(it stopped, or dropped this reader for not keeping "
		    "up)\n");
	close(fd);
	return CTL_EXIT_REFUSED;
}
