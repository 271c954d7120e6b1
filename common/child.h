/*
 * The children's frames (vrrp/vrrp_child.c, check/check_child.c): what
 * the vrrp and check processes do with the runtime of common/proc.c. The
 * process table in core/procs.c points here.
 *
 * Plugging in: the runtime calls init (still root, full capabilities:
 * open raw sockets and netlink here), then drops to the capabilities of
 * core/procs.c and the unprivileged user, then runs env->base. The config
 * arrives as a conf_set (common/conf_rx.h) through the apply callback,
 * at start, reload and restart after a crash (CONF_BEGIN_RESTART: start
 * every instance in BACKUP). Talk to the sibling with
 * ipc_send(env->peer, ...) when env->peer is not NULL (it is replaced
 * when the sibling restarts). shutdown runs on SIGTERM: leave gracefully
 * (priority 0 adverts, VIPs removed) and return.
 *
 * The frame lives in common/ (child.c), so that vrrp/ and check/ depend
 * on common/ and conf/ only; core/procs.c points at these entry points.
 */
#ifndef VIGIL_CHILD_H
#define VIGIL_CHILD_H

#include "common/proc.h"

struct conf_rx;

/* What both children do with a message from core: the configuration
 * stream (into rx), the data and stats dumps and vigilctl's status
 * (answered by dump_data, dump_stats and status, then MSG_DUMP_END),
 * the sibling's channel. False for any other message, which the caller
 * handles or finds fatal. */
typedef void (*child_dump_fn)(struct ipc_chan *, uint32_t id);
bool child_dispatch_core(struct ipc_chan *, struct ipc_msg *, struct conf_rx *,
    child_dump_fn dump_data, child_dump_fn dump_stats, child_dump_fn status);

void vrrp_child_init(struct proc_env *);
void vrrp_child_dispatch_core(struct ipc_chan *, struct ipc_msg *);
void vrrp_child_dispatch_peer(struct ipc_chan *, struct ipc_msg *);
void vrrp_child_shutdown(struct proc_env *);
void vrrp_child_peer_up(struct proc_env *);

void check_child_init(struct proc_env *);
void check_child_dispatch_core(struct ipc_chan *, struct ipc_msg *);
void check_child_dispatch_peer(struct ipc_chan *, struct ipc_msg *);
void check_child_shutdown(struct proc_env *);
bool check_child_draining(struct proc_env *, unsigned int ms);

#endif
