/*
 * Periodic adverts sent in batches: the adverts that the advert timers
 * firing in one pass of the event loop send wait for the end of that
 * pass, then go out in one sendmmsg per socket (vrrp_txq.c).
 */
#ifndef VIGIL_VRRP_TXQ_H
#define VIGIL_VRRP_TXQ_H

#include <stdbool.h>
#include <stddef.h>

#include "vrrp/vrrp.h"

struct event_base;
struct vrrp_ifsock;

void	vrrp_txq_init(struct event_base *);
/* While on, vrrp_txq_send queues; an advert timer's event turns it on. */
void	vrrp_txq_batch(bool on);
/* As vrrp_sock_send on is's socket, now or (batching) at the end of the
 * loop pass; what was queued before goes first either way. */
int	vrrp_txq_send(struct vrrp_ifsock *is, const struct vrrp_ipaddr *src,
	    const struct vrrp_ipaddr *dst, const void *buf, size_t len);
/* Send what is queued now (before a socket closes, at shutdown). */
void	vrrp_txq_flush(void);

#endif
