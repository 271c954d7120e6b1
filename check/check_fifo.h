/* notify_fifo, vrrp_notify_fifo and lvs_notify_fifo: lines written,
 * readers run (check_fifo.c). */
#ifndef VIGIL_CHECK_FIFO_H
#define VIGIL_CHECK_FIFO_H

#include <stdbool.h>
#include <stdint.h>

#include "common/conf_rx.h"

struct event_base;

#define CHECK_FIFO_BACKOFF_MAX	60	/* s between starts of a reader */
#define CHECK_FIFO_STABLE_S	10	/* a reader up that long starts again
					 * after 1 s */
#define CHECK_FIFO_DRAIN_MS	1000	/* at stop, for readers to read */

void check_fifo_init(struct event_base *);
/* MSG_FIFO_FD: the FIFO of that kind for the configuration being
 * streamed; taken over (closed here). */
void check_fifo_take_fd(const struct msg_fifo_fd *, int fd);
/* A configuration applied (old is empty at the first): FIFOs swapped,
 * readers started or stopped, states written after a reload with
 * fifo_write_vrrp_states_on_reload. */
void check_fifo_apply(const struct conf_set *old, const struct conf_set *cur);
/* A report of the vrrp child: its line, to notify_fifo and
 * vrrp_notify_fifo, never blocking. */
void check_fifo_report(const struct msg_vrrp_state *);
/* A virtual or real server's line (keepalived's "VS [192.0.2.1]:tcp:80
 * UP\n", "RS [192.0.2.2]:tcp:80 [192.0.2.1]:tcp:80 DOWN\n"), to
 * notify_fifo and lvs_notify_fifo, never blocking. */
void check_fifo_lvs(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* After SIGTERM: whether a reader still has lines to read (ms: time
 * since SIGTERM); once not, the readers have been sent SIGTERM. */
bool check_fifo_draining(unsigned int ms);
/* SIGUSR2: one line per FIFO. */
void check_fifo_dump_stats(struct ipc_chan *, uint32_t id);

#endif
