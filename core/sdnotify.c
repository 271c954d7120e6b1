/* systemd readiness (Type=notify): the sd_notify protocol, one datagram
 * to $NOTIFY_SOCKET. Nothing happens when it is not set. */
#include <sys/socket.h>
#include <sys/un.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "core/core.h"

void
sd_notifyf(const char *fmt, ...)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char buf[512];
	size_t len;
	va_list ap;
	int fd, n;

	if (path == NULL || (path[0] != '/' && path[0] != '@'))
		return;
	if ((len = strlen(path)) >= sizeof(sun.sun_path))
		return;
	memcpy(sun.sun_path, path, len);
	if (path[0] == '@')
		sun.sun_path[0] = '\0';
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return;
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return;
	if (sendto(fd, buf, n, MSG_NOSIGNAL, (struct sockaddr *)&sun,
	    offsetof(struct sockaddr_un, sun_path) + len) == -1)
		log_warn("sd_notify %s", path);
	close(fd);
}
