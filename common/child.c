/*
 * The children's shared frame: what the vrrp and check children both do
 * with a message from the parent (configuration stream, dumps, the
 * sibling's channel).
 */
#include "common/child.h"
#include "common/conf_rx.h"
#include "common/ipc.h"

bool
child_dispatch_core(struct ipc_chan *c, struct ipc_msg *m, struct conf_rx *rx,
    child_dump_fn dump_data, child_dump_fn dump_stats, child_dump_fn status)
{
	const struct msg_dump *d = m->data;

	if (conf_rx_dispatch(rx, c, m))
		return true;
	switch (m->hdr.type) {
	case MSG_DUMP_DATA:
		dump_data(c, d->id);
		ipc_send(c, MSG_DUMP_END, d, sizeof(*d));
		return true;
	case MSG_DUMP_STATS:
		dump_stats(c, d->id);
		ipc_send(c, MSG_DUMP_END, d, sizeof(*d));
		return true;
	case MSG_STATUS:
		status(c, d->id);
		ipc_send(c, MSG_DUMP_END, d, sizeof(*d));
		return true;
	case MSG_PEER_FD:
		proc_set_peer(c->arg, m->fd);
		return true;
	default:
		return false;
	}
}
