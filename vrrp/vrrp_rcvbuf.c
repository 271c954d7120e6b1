/*
 * Receive buffers of the vrrp child's netlink sockets, as global_defs
 * sets them: vrrp_netlink_cmd_rcv_bufs (the request socket),
 * vrrp_netlink_monitor_rcv_bufs (link and address events) and
 * process_monitor_rcv_bufs (vrrp_track_process's connector socket), each
 * with SO_RCVBUF, or SO_RCVBUFFORCE (past rmem_max) with its _force
 * flag. Without the keyword a socket has vigil's own size; a reload that
 * drops the keyword puts that back.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "common/ipc.h"
#include "common/log.h"
#include "vrrp/vrrp_nl.h"

void
vrrp_rcvbuf_set(int fd, uint32_t v, int dflt, bool dflt_force,
    const char *what)
{
	bool force = (v & IPC_RCVBUF_FORCE) != 0;
	int size = (int)(v & ~IPC_RCVBUF_FORCE);

	if (fd == -1)
		return;
	if (size == 0) {
		size = dflt;
		force = dflt_force;
	}
	if (force && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
	    sizeof(size)) == 0)
		return;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) == -1)
		log_warn("%s: receive buffer of %d bytes", what, size);
	else if (force)
		log_warnx("%s: SO_RCVBUFFORCE refused (%s); the size is capped "
		    "by net.core.rmem_max", what, strerror(errno));
}
