/*
 * Periodic adverts in batches. Instances that became master together
 * (1,000 at start-up) have advert timers firing in the same pass of the
 * event loop; one sendmsg each made the system calls a good part of a
 * master's cost. Their adverts are queued instead and sent at the end of
 * the pass, one sendmmsg per socket, in the order they were queued: the
 * flush is an event made active when the first advert is queued, so
 * libevent runs it after the timers already due in this pass. Only the
 * advert timer's adverts wait (microseconds): an advert sent on a state
 * change, a priority 0 advert at shutdown, go at once, after what is
 * queued.
 */
#include <errno.h>
#include <string.h>

#include <event2/event.h>

#include "common/log.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_txq.h"

#define VRRP_TXQ_MAX	64

static struct {
	struct event		*ev;
	bool			 batch;
	size_t			 n;
	struct vrrp_ifsock	*is[VRRP_TXQ_MAX];
	struct vrrp_sock_msg	 m[VRRP_TXQ_MAX];
} vrrp_txq;

static void
vrrp_txq_cb(int fd, short what, void *arg)
{
	vrrp_txq_flush();
}

void
vrrp_txq_init(struct event_base *base)
{
	if ((vrrp_txq.ev = event_new(base, -1, 0, vrrp_txq_cb, NULL)) == NULL)
		fatalx("vrrp: event_new");
}

void
vrrp_txq_batch(bool on)
{
	vrrp_txq.batch = on;
}

/* Each socket's messages in one batch, sockets in order of appearance. */
void
vrrp_txq_flush(void)
{
	struct vrrp_sock_msg *batch[VRRP_TXQ_MAX];
	struct vrrp_ifsock *is;
	bool sent[VRRP_TXQ_MAX] = { false };
	size_t i, j, k, n = vrrp_txq.n;

	vrrp_txq.n = 0;
	for (i = 0; i < n; i++) {
		if (sent[i])
			continue;
		is = vrrp_txq.is[i];
		for (j = i, k = 0; j < n; j++)
			if (!sent[j] && vrrp_txq.is[j] == is) {
				batch[k++] = &vrrp_txq.m[j];
				sent[j] = true;
			}
		(void)vrrp_sock_send_batch(&is->sock, batch, k);
	}
}

int
vrrp_txq_send(struct vrrp_ifsock *is, const struct vrrp_ipaddr *src,
    const struct vrrp_ipaddr *dst, const void *buf, size_t len)
{
	if (!vrrp_txq.batch || vrrp_txq.ev == NULL) {
		vrrp_txq_flush();
		return vrrp_sock_send(&is->sock, src, dst, buf, len);
	}
	if (vrrp_txq.n == VRRP_TXQ_MAX)
		vrrp_txq_flush();
	if (vrrp_sock_msg_prepare(&is->sock, src, dst, buf, len,
	    &vrrp_txq.m[vrrp_txq.n]) == -1)
		return -1;
	vrrp_txq.is[vrrp_txq.n++] = is;
	if (vrrp_txq.n == 1)
		event_active(vrrp_txq.ev, EV_TIMEOUT, 1);
	return 0;
}
