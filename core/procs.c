/* The process table: one line per process drives the supervisor, the
 * child runtime and vigild(8)'s PROCESSES section. */
#include <cap-ng.h>

#include "common/log.h"
#include "common/proc.h"
#include "common/child.h"

/* The parent: signal children running as another user, remove VIPs
 * after a vrrp child crash, read any configuration file, give a notify
 * FIFO it creates at a reload to its owner. */
static const int core_caps[] = { CAP_CHOWN, CAP_DAC_READ_SEARCH, CAP_KILL,
    CAP_NET_ADMIN, -1 };
/* The vrrp child: raw VRRP sockets, ARP/NA; addresses, routes, links. */
static const int vrrp_caps[] = { CAP_NET_RAW, CAP_NET_ADMIN, -1 };
/* The check child: start scripts as their users, kill their process
 * groups; IPVS over generic netlink only when LVS is configured. */
static const int check_caps[] = { CAP_KILL, CAP_SETGID, CAP_SETUID, -1 };
static const int check_caps_lvs[] = { CAP_KILL, CAP_SETGID, CAP_SETUID,
    CAP_NET_ADMIN, -1 };

const struct proc procs[PROC_MAX] = {
	[PROC_CORE] = {
		.name = "core", .id = PROC_CORE, .ident = "vigild",
		.caps = core_caps,
	},
	[PROC_VRRP] = {
		.name = "vrrp", .id = PROC_VRRP, .ident = "vigild_vrrp",
		.caps = vrrp_caps, .limit_bounding = true,
		.no_new_privs = true,
		.init = vrrp_child_init,
		.dispatch_core = vrrp_child_dispatch_core,
		.dispatch_peer = vrrp_child_dispatch_peer,
		.peer_up = vrrp_child_peer_up,
		.shutdown = vrrp_child_shutdown,
	},
	[PROC_CHECK] = {
		.name = "check", .id = PROC_CHECK, .ident = "vigild_check",
		.caps = check_caps, .caps_lvs = check_caps_lvs,
		.init = check_child_init,
		.dispatch_core = check_child_dispatch_core,
		.dispatch_peer = check_child_dispatch_peer,
		.shutdown = check_child_shutdown,
		.draining = check_child_draining,
	},
};
