/*
 * The VRRP engine of the vrrp child: runtime instances built from the
 * streamed configuration (common/conf_rx.h), sockets shared per
 * (interface, family) on the libevent base, packets demultiplexed by VRID
 * to the state machine (vrrp_fsm), whose actions (adverts, VIPs, GARP,
 * timers) are carried out here.
 *
 *   vrrp_engine.c	the engine: instances, sockets, link events, merge
 *   vrrp_instance.c	one instance: building, starting, the FSM ops
 *   vrrp_reload.c	a reload taken in place; what restarts an instance
 *   vrrp_announce.c	gratuitous ARP / unsolicited NA and their repeats
 *   vrrp_sync.c	sync groups
 *   vrrp_report.c	state reports to the check child
 *   vrrp_vrules.c	virtual_rules (routes and rules: common/nlroute.h)
 *   vrrp_static.c	static_ipaddress, static_routes, static_rules
 *   vrrp_json.c	the JSON dump (keepalived.json's structure)
 *   vrrp_events.c	events for vigilctl events
 */
#ifndef VIGIL_VRRP_ENGINE_H
#define VIGIL_VRRP_ENGINE_H

#include <sys/queue.h>

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/conf_rx.h"
#include "vrrp/vrrp.h"
#include "vrrp/vrrp_addr.h"
#include "vrrp/vrrp_addr_vmac.h"
#include "vrrp/vrrp_garp_group.h"
#include "vrrp/vrrp_fsm.h"
#include "vrrp/vrrp_sock.h"

struct event;
struct event_base;
struct ipc_chan;
struct vrrp_link;

/* Why a socket dropped a packet before any instance saw it. */
enum vrrp_drop {
	VRRP_DROP_TOO_SHORT,	/* no VRID byte / IPv4 header cut short */
	VRRP_DROP_UNKNOWN_VRID,	/* no instance of that VRID here */
	VRRP_DROP_OVERSIZE,	/* larger than any VRRP packet */
	VRRP_DROP_MAX
};

const char *vrrp_drop_name(int);	/* enum vrrp_drop, for records */

/* A raw socket shared by the instances of one (interface, family). */
struct vrrp_ifsock {
	TAILQ_ENTRY(vrrp_ifsock) entry;
	struct vrrp_sock	 sock;
	struct event		*ev;
	unsigned int		 refs;
	uint64_t		 drops[VRRP_DROP_MAX];
	uint64_t		 drop_logged[VRRP_DROP_MAX];	/* next, cs */
	/* The demultiplexing table (vrrp_ifsock_index): for each VRID the
	 * first started instance (in configuration order) reading this
	 * socket, and the VRIDs of the started instances based on its
	 * interface (a use_vmac instance reads on its VMAC's socket). */
	struct vrrp_rt		*byvrid[256];
	uint8_t			 known[256 / 8];
	/* Read by instances without interface (bound to no device or to a
	 * VRF): it also sees the adverts of the interfaces' instances,
	 * which are then known, as theirs are on every socket. */
	bool			 wide;
};

/* Announcements of one family (0: ARP, 1: NA) sent one at a time,
 * vrrp_garp_interval / vrrp_gna_interval apart: message k of the queue
 * is round k / nvips for VIP k % nvips. */
struct vrrp_pace {
	struct event		*ev;
	size_t			 next;		/* next message to send */
	size_t			 total;		/* messages queued so far */
};

/*
 * What an instance tracks (TRACK_* of common/ipc.h): an interface
 * (track_interface, and the instance's own), a track_script (its results
 * come from the check child), a track_process (vrrp_track_proc.c) or a
 * track_file (vrrp_track_file.c). As keepalived, for all but files: with
 * a weight, up adds a positive weight and down a negative one; "reverse"
 * negates that adjustment; with weight 0, down (up when reversed) is a
 * FAULT. A script that has not reported yet adjusts nothing; with weight
 * 0 it counts as up, or as down with init_fail. A file adds its value
 * times the weight (negated by reverse); a product below -253 is a FAULT,
 * and so is any non-zero value with weight 0.
 */
#define VRRP_TRACK_SRC_IP	TRACK_TYPE_MAX	/* track_src_ip: the child's own */
#define VRRP_TRACK_FILE_FAULT	(-253)	/* a file's product below: FAULT */
#define VRRP_TRACK_FILE_MAX	100000	/* |product| counted at most */
struct vrrp_track_if {
	char			 name[IPC_NAME_LEN];
	uint8_t			 type;		/* TRACK_* */
	int			 weight;	/* 0: FAULT when down */
	bool			 reverse;
	bool			 up;		/* IFF_UP and IFF_RUNNING; ok */
	bool			 known;		/* script: a result came */
	int64_t			 value;		/* file: the number read */
};

/* What t adds to the priority now; whether it puts its instance in
 * FAULT. */
int	vrrp_track_adjust(const struct vrrp_track_if *t);
bool	vrrp_track_fault(const struct vrrp_track_if *t);
const char *vrrp_track_type_name(int type);
/* Its state in words ("up", "failed", "value 3"); buf may hold them. */
const char *vrrp_track_dump_state(const struct vrrp_track_if *t, char *buf,
	    size_t len);

/* One configured vrrp_instance at run time. */
/* What an instance's garp_ev timer sends when it fires. */
enum vrrp_garp_mode {
	VRRP_GARP_DELAYED,	/* garp_master_delay after becoming master */
	VRRP_GARP_REFRESH,	/* garp_master_refresh */
	VRRP_GARP_LOWER,	/* garp_lower_prio_delay after a lower advert */
};

struct vrrp_rt {
	TAILQ_ENTRY(vrrp_rt)	 entry;
	struct msg_conf_instance conf;		/* as received, to merge */
	struct msg_conf_vip	*cvips;		/* as received */
	size_t			 ncvips;
	struct msg_conf_route	*croutes;	/* as received */
	size_t			 ncroutes;
	struct msg_conf_track	*ctracks;	/* as received */
	size_t			 nctracks;
	char			 group[IPC_NAME_LEN];	/* sync group or "" */

	struct vrrp_params	 params;
	struct vrrp_instance	 fsm;
	struct vrrp_ipaddr	*advips;	/* params.vips */
	struct vrrp_ipaddr	*peers;		/* params.peers */
	struct vrrp_vip		*vips;		/* every address to add */
	uint8_t			(*vmacs)[6];	/* MAC of each VIP's link */
	size_t			 nvips;
	struct nlr_route	*routes;	/* virtual_routes */
	char			(*rdevs)[IF_NAMESIZE];	/* their dev */
	size_t			 nroutes;
	struct nlr_rule		*rules;		/* virtual_rules */
	size_t			 nrules;
	struct vrrp_track_if	*tifs;
	size_t			 ntifs;

	unsigned int		 ifindex;	/* adverts: base or VMAC */
	unsigned int		 base_ifindex;	/* the interface's */
	char			 vmac[IF_NAMESIZE];	/* use_vmac: the VMAC's name */
	struct vrrp_ifsock	*sock;
	bool			 joined;
	bool			 started;	/* the FSM runs */
	bool			 waiting_logged;
	struct event		*timer[VRRP_TIMER_MAX];
	/* When the state machine wants each timer to fire (us, 0: not
	 * armed) and when the libevent timer is set for (0: not pending,
	 * kept here rather than asked of libevent): a timer pushed
	 * later (a backup's master-down timer, at every advert) is not
	 * moved in libevent's heap; it fires at the old time and is set
	 * again for the rest (vrrp_ops.c). */
	uint64_t		 timer_due_us[VRRP_TIMER_MAX];
	uint64_t		 timer_set_us[VRRP_TIMER_MAX];
	/* libevent's common timeout for the last duration each timer was
	 * armed with (NULL: none), so that 1,000 timers of one duration
	 * sit in a list, not in the heap. */
	const struct timeval	*timer_ctv[VRRP_TIMER_MAX];
	uint64_t		 timer_ctv_us[VRRP_TIMER_MAX];
	struct event		*retry_ev;	/* interface / source pending */
	struct event		*garp_ev;	/* delayed and refresh GARPs */
	int			 garp_mode;	/* VRRP_GARP_*: what garp_ev is */
	struct vrrp_pace	 pace[2];	/* ARPs, NAs with an interval */
	bool			 sync_fault;	/* FAULT because of the group */
	bool			 vips_new;	/* VIPs just set: announce all */
	enum vrrp_state		 last_state;	/* for the sync group */
	/* Timing, for the stats dump: how late the advert timer fired (a
	 * master not scheduled in time) and the longest wait between two
	 * adverts accepted in BACKUP (late sender or late delivery), us. */
	uint64_t		 adver_due_us;	/* 0: not armed */
	uint64_t		 last_rx_us;	/* 0: none yet in this BACKUP */
	uint64_t		 adver_late_max_us;
	uint64_t		 rx_gap_max_us;
	uint64_t		 garp_sent;	/* gratuitous ARPs sent */
	uint64_t		 na_sent;	/* unsolicited NAs sent */
	struct vrrp_avmac	*avmacs;	/* use_vmac_addr's VMACs */
	size_t			 navmacs;
	struct event		*extra_ev;	/* garp_extra_if */
};
TAILQ_HEAD(vrrp_rt_list, vrrp_rt);

struct vrrp_engine {
	struct event_base	*base;
	struct nl_sock		*nl;		/* requests */
	struct vrrp_link	*link;		/* link events */
	struct event		*link_ev;
	int			 arp_fd;
	int			 nd_fd;
	struct vrrp_rt_list	 insts;
	TAILQ_HEAD(, vrrp_ifsock) socks;
};

extern struct vrrp_engine vrrp_eng;

/* The child frame's entry points (vrrp/vrrp_child.c). */
void	vrrp_engine_init(struct event_base *);
void	vrrp_engine_apply(const struct conf_set *old,
	    const struct conf_set *new);
void	vrrp_engine_shutdown(void);
void	vrrp_engine_dump(struct ipc_chan *, uint32_t id);
/* The JSON dump (vrrp_json.c): keepalived.json's array, as dump id. */
void	vrrp_json_dump(struct ipc_chan *, uint32_t id, const struct conf_set *);
/* vigilctl's records (vrrp_status.c, common/ctl.h). */
void	vrrp_status(struct ipc_chan *, uint32_t id);
/* vrrp_status_conf.c: what the SNMP agent needs too: more instance
 * fields (appended to buf), "vip" and "sync_group" records. */
void	vrrp_status_conf(char *buf, size_t len, const struct vrrp_rt *,
	    const struct conf_set *);
void	vrrp_status_vips(struct ipc_chan *, uint32_t id,
	    const struct vrrp_rt *);
void	vrrp_status_groups(struct ipc_chan *, uint32_t id,
	    const struct conf_set *);
/* vrrp_child.c: the configuration applied now. */
const struct conf_set *vrrp_child_conf(void);
/* A vrrp_script result from the check child: status 0 is success. */
void	vrrp_engine_script(const char *name, int status);
/* The last result of that script, if one came (ok: success). */
bool	vrrp_engine_script_result(const char *name, bool *ok);
/* A track_file's value or a track_process's quorum changed: tell the
 * instances tracking it. */
void	vrrp_engine_tracked(int type, const char *name, bool up,
	    int64_t value);

/* Monotonic time in centiseconds, in microseconds. */
uint64_t vrrp_now_cs(void);
uint64_t vrrp_now_us(void);

/* Sockets (vrrp_engine.c). */
struct vrrp_ifsock *vrrp_ifsock_get(int family, unsigned int ifindex,
	    const char *ifname);
void	vrrp_ifsock_put(struct vrrp_ifsock *);
/* Its receive buffer again, from the started instances reading it
 * (vrrp_rx_bufs_policy, kernel_rx_buf_size). */
void	vrrp_ifsock_rxbuf(struct vrrp_ifsock *);
/* rt started or stopped (it read was, NULL if none): the sockets it
 * counts in rebuild their tables. */
void	vrrp_ifsock_index(const struct vrrp_rt *rt, struct vrrp_ifsock *was);

/* Instances (vrrp_instance.c). */
struct vrrp_rt *vrrp_rt_new(const struct conf_set *,
	    const struct msg_conf_instance *);
/* Instances without interface (vrrp_noif.c). */
struct vrrp_ifinfo;
const char *vrrp_rt_link(const struct vrrp_rt *);
const char *vrrp_rt_sockname(const struct vrrp_rt *);
int	vrrp_noif_lookup(const struct vrrp_rt *, struct vrrp_ifinfo *);
void	vrrp_rt_start(struct vrrp_rt *);
void	vrrp_rt_stop(struct vrrp_rt *);
void	vrrp_rt_free(struct vrrp_rt *);
bool	vrrp_rt_same(const struct vrrp_rt *, const struct conf_set *,
	    const struct msg_conf_instance *);
/* Reload in place (vrrp_reload.c): false, with what changed in *why,
 * when the instance must restart instead; vrrp_rt_identity says which
 * identity field differs between two instances, NULL for none. */
bool	vrrp_rt_update(struct vrrp_rt *, const struct conf_set *,
	    const struct msg_conf_instance *, const char **why);
const char *vrrp_rt_identity(const struct vrrp_rt *, const struct vrrp_rt *);
/* A tracked object of that type and name changed: up (interface up,
 * script succeeded, process quorum), value (file). */
void	vrrp_rt_track(struct vrrp_rt *, int type, const char *name,
	    bool up, int64_t value);
/* Set a from family and 4 or 16 bytes. */
void	vrrp_ipaddr_set(struct vrrp_ipaddr *a, sa_family_t, const uint8_t *);

/* vrrp_vrules.c: parse rt's virtual_rules out of its croutes; add
 * them (becoming master), remove them (leaving), take a reload's. */
void	vrrp_rules_build(struct vrrp_rt *);
void	vrrp_rules_add(struct vrrp_rt *);
void	vrrp_rules_del(struct vrrp_rt *);
void	vrrp_rules_reload(struct vrrp_rt *old, struct vrrp_rt *new);

/* vrrp_static.c: the static_* entries of the set; apply adds new and
 * removes dropped ones, shutdown removes them all (the daemon stops). */
void	vrrp_static_apply(const struct conf_set *old,
	    const struct conf_set *new);
void	vrrp_static_shutdown(const struct conf_set *);
/* Their track_group entries: an interface's link state (put back its
 * entries when it comes up), an address event (put back a deleted one). */
struct vrrp_link_addr_event;
void	vrrp_static_link(const char *ifname, bool up);
void	vrrp_static_addr_event(const struct vrrp_link_addr_event *);

/* A VRRP_EVT_PRIORITY for rt's state machine, and its report. */
void	vrrp_rt_priority_event(struct vrrp_rt *, const struct vrrp_event *);

/* Reports to the check child (vrrp_report.c): a state change, a stop
 * (deleted: removed by a reload), a lower priority advert as master, a
 * new effective priority (old: the one before). */
void	vrrp_report_state(struct vrrp_rt *, enum vrrp_state from,
	    enum vrrp_state to);
void	vrrp_report_stop(struct vrrp_rt *, enum vrrp_state from, bool deleted);
void	vrrp_report_replay(struct vrrp_rt *);
/* A reload: before it, mark the sync groups it removes (their members
 * leaving report nothing of them); after it, report them DELETED. */
void	vrrp_report_groups_mark(const struct conf_set *);
void	vrrp_report_groups_sweep(void);
/* Every instance's current state to a new check child. */
void	vrrp_engine_replay(void);
void	vrrp_report_rx_lower(struct vrrp_rt *, const struct vrrp_ipaddr *src,
	    uint8_t prio);
void	vrrp_report_priority(struct vrrp_rt *, uint8_t old);

/* Events for vigilctl events (vrrp_events.c). */
void	vrrp_event_report(const struct msg_vrrp_state *);
void	vrrp_event_priority(const struct vrrp_rt *, unsigned int old,
	    const char *why);
void	vrrp_event_script(const char *name, bool ok);

/* Sync groups (vrrp_sync.c). */
void	vrrp_sync_state(struct vrrp_rt *, enum vrrp_state from,
	    enum vrrp_state to);
void	vrrp_sync_faults(struct vrrp_rt *);
/* A reload took the instance out of its sync group (in place). */
void	vrrp_sync_leave(struct vrrp_rt *);
bool	vrrp_sync_may_master(const struct vrrp_rt *);

/* Announcements (vrrp_announce.c). */
void	vrrp_announce(struct vrrp_rt *, int rounds);
void	vrrp_announce_master(struct vrrp_rt *);
void	vrrp_announce_lower(struct vrrp_rt *);
void	vrrp_announce_stop(struct vrrp_rt *);
/* One gratuitous ARP or unsolicited NA for VIP i, now. */
void	vrrp_announce_one(struct vrrp_rt *, size_t i);

#endif
