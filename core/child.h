/*
 * The children's frames: what the vrrp and check processes do with the
 * runtime of common/proc.c until the VRRP engine (vrrp/) and the checkers
 * (check/) plug in. The process table in procs.c points here.
 */
#ifndef VIGIL_CHILD_H
#define VIGIL_CHILD_H

#include "common/proc.h"

void vrrp_child_init(struct proc_env *);
void vrrp_child_dispatch_core(struct ipc_chan *, struct ipc_msg *);
void vrrp_child_dispatch_peer(struct ipc_chan *, struct ipc_msg *);
void vrrp_child_shutdown(struct proc_env *);

void check_child_init(struct proc_env *);
void check_child_dispatch_core(struct ipc_chan *, struct ipc_msg *);
void check_child_dispatch_peer(struct ipc_chan *, struct ipc_msg *);
void check_child_shutdown(struct proc_env *);

#endif
