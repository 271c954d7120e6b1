/*
 * VRRP side of the typed configuration: vrrp_instance, vrrp_script,
 * vrrp_sync_group, vrrp_track_file, vrrp_track_process and the static
 * addresses/routes/rules. Tables: conf_vrrp.c, conf_vrrp_list.c,
 * conf_sync.c, conf_static.c.
 */
#ifndef VIGIL_CONF_VRRP_H
#define VIGIL_CONF_VRRP_H

#include "conf/conf_types.h"

/* An address of virtual_ipaddress, virtual_ipaddress_excluded or
 * static_ipaddress: "ADDR[/LEN] [brd A] [dev IF] [scope S] [label L] ..." */
struct conf_vip {
	TAILQ_ENTRY(conf_vip) entry;
	struct conf_loc	 loc;
	struct conf_addr addr;
	struct conf_addr brd;		/* AF_UNSPEC: none */
	char		*dev;		/* NULL: the instance's interface */
	struct conf_loc	 dev_loc;
	char		*scope;		/* NULL: global */
	char		*label;
	bool		 no_track;
	char		*extra;		/* other options, as written, or NULL */
};
TAILQ_HEAD(conf_vip_list, conf_vip);

/* A line of virtual_routes, virtual_rules, static_routes, static_rules:
 * kept as written (addresses in it are validated). */
/* The longest names, virtual_routes lines and commands the processes
 * exchange (common/ipc.h; core/conf_stream.c asserts they fit). */
#define CONF_NAME_MAX	63
#define CONF_ROUTE_MAX	127
#define CONF_CMD_MAX	1023

struct conf_route {
	TAILQ_ENTRY(conf_route) entry;
	struct conf_loc	 loc;
	char		*text;
};
TAILQ_HEAD(conf_route_list, conf_route);

/* A reference by name to another object (track_script, sync group
 * member, track_interface ...), resolved by the check pass. */
struct conf_ref {
	TAILQ_ENTRY(conf_ref) entry;
	struct conf_loc	 loc;
	char		*name;
	int		 weight;
	bool		 has_weight;
	bool		 reverse;
	bool		 noreverse;	/* "noreverse": not the script's */
	void		*target;	/* set by the check pass */
};
TAILQ_HEAD(conf_ref_list, conf_ref);

/* weight N [reverse] of track_file and vrrp_track_process */
struct conf_weight {
	int		 weight;
	bool		 reverse;
};

enum conf_vrrp_state { CONF_STATE_BACKUP, CONF_STATE_MASTER };
/* old_unicast_checksum: not given (detect), never (RFC only), given. */
enum conf_old_csum { CONF_OLD_CSUM_AUTO, CONF_OLD_CSUM_NEVER,
    CONF_OLD_CSUM_YES };
enum conf_auth_type { CONF_AUTH_NONE, CONF_AUTH_PASS, CONF_AUTH_AH };

struct conf_vrrp_auth {
	struct conf_obj	 obj;
	int		 type;		/* enum conf_auth_type */
	char		*pass;		/* at most 8 characters are used */
};

struct conf_vrrp_script {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_vrrp_script) entry;
	char		*name;
	char		*script;	/* command line */
	int		 interval;	/* s, 1 */
	int		 timeout;	/* s, 0: interval */
	int		 weight;	/* 0 */
	bool		 weight_reverse;
	int		 rise;		/* 1 */
	int		 fall;		/* 1 */
	char		*user;		/* "user [group]" */
	bool		 init_fail;
	bool		 used;		/* tracked by someone */
};

struct conf_track_file {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_track_file) entry;
	char		*name;
	char		*file;
	struct conf_weight weight;	/* 1 */
	bool		 init_file;
	int		 init_value;
	bool		 init_overwrite;
};

struct conf_track_process {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_track_process) entry;
	char		*name;
	char		**process;	/* name, then its arguments */
	size_t		 nprocess;	/* words in process */
	struct conf_weight weight;	/* 1 */
	int		 quorum;
	int		 quorum_max;
	bool		 full_command;
	int64_t		 delay_us;
	int64_t		 terminate_delay_us;
	int64_t		 fork_delay_us;
	int		 param_match;	/* 0 exact, 1 initial, 2 partial */
	bool		 param_match_given;
	bool		 quorum_max_given;	/* else no maximum */
};

struct conf_vrrp_instance {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_vrrp_instance) entry;
	char		*name;
	int		 state;			/* enum conf_vrrp_state */
	char		*interface;
	struct conf_loc	 interface_loc;
	int		 vrid;			/* virtual_router_id, 1-255 */
	int		 priority;		/* 1-255, 100 */
	int64_t		 advert_int_cs;		/* centiseconds, 100 */
	/* advert_int as given: its range depends on the version, known in
	 * the check pass, which then sets advert_int_cs. */
	int64_t		 advert_int_us;		/* microseconds */
	char		 advert_int_str[24];	/* as written */
	struct conf_loc	 advert_int_loc;
	int		 version;		/* 2 or 3 (global vrrp_version) */
	struct conf_vrrp_auth auth;
	struct conf_vip_list vips;		/* virtual_ipaddress */
	struct conf_vip_list evips;		/* virtual_ipaddress_excluded */
	bool		 no_vips;		/* no_virtual_ipaddress */
	struct conf_route_list routes;		/* virtual_routes */
	struct conf_route_list rules;		/* virtual_rules */
	struct conf_ref_list track_ifs;		/* track_interface */
	struct conf_ref_list track_scripts;	/* track_script */
	struct conf_ref_list track_files;	/* track_file */
	struct conf_ref_list track_processes;	/* track_process */
	struct conf_vip_list peers;		/* unicast_peer */
	struct conf_addr src_ip;		/* mcast_src_ip = unicast_src_ip */
	struct conf_addr mcast_dst_ip;
	bool		 check_unicast_src;
	bool		 track_src_ip;
	bool		 unicast_fault_no_peer;
	int		 unicast_ttl;		/* 255 */
	bool		 dont_track_primary;
	bool		 use_vmac;
	char		*vmac_name;		/* use_vmac NAME, NULL: vrrp.VRID */
	uint8_t		 vmac_mac[6];		/* use_vmac MAC */
	bool		 vmac_xmit_base;
	int		 vmac_mac_len;		/* 0: 00:00:5e:00:0X:VRID, 5: VRID
						 * appended, 6 */
	bool		 native_ipv6;
	bool		 nopreempt;
	int64_t		 preempt_delay_cs;	/* centiseconds, 0-1000 s */
	bool		 accept;		/* accept / no_accept */
	bool		 accept_given;
	bool		 skip_check_adv_addr;
	bool		 strict_mode;
	bool		 promote_secondaries;
	int		 garp_master_delay;	/* from global_defs */
	int		 garp_master_repeat;
	int		 garp_lower_prio_delay;
	int		 garp_lower_prio_repeat;
	int		 garp_master_refresh;
	int		 garp_master_refresh_repeat;
	int		 down_timer_adverts;
	bool		 lower_prio_no_advert;
	bool		 higher_prio_send_advert;
	int		 old_unicast_checksum;	/* CONF_OLD_CSUM_* */
	bool		 v3_checksum_as_v2;
	/* Commands; *_user: "user [group]" written after a quoted command,
	 * NULL: script_user's. */
	char		*notify_master, *notify_master_user;
	char		*notify_backup, *notify_backup_user;
	char		*notify_fault, *notify_fault_user;
	char		*notify_stop, *notify_stop_user;
	char		*notify, *notify_user;
	char		*notify_master_rx_lower_pri;
	char		*notify_master_rx_lower_pri_user;
	bool		 notify_priority_changes;
	bool		 smtp_alert;
	int		 debug;
	bool		 linkbeat_use_polling;
	struct conf_sync_group *sync_group;	/* set by the check pass */
	uint32_t	 kernel_rx_buf_size;	/* bytes, 0: by the policy */
	struct conf_ref_list track_bfds;	/* track_bfd */
	bool		 use_vmac_addr;
	int		 garp_extra_if;		/* s, 0: off (global's) */
	bool		 garp_extra_if_all;	/* "all": not only VMACs */
	bool		 use_ipvlan;		/* conf_ipvlan.c */
	char		*ipvlan_name;		/* NULL: as a VMAC's */
	struct conf_addr ipvlan_addr;		/* AF_UNSPEC: none */
	int		 ipvlan_mode;		/* CONF_IPVLAN_* */
	struct conf_loc	 ipvlan_loc;
	bool		 notify_deleted;	/* conf_notify_deleted.c */
	char		*notify_deleted_script;	/* NULL: none */
	char		*notify_deleted_user;	/* "user [group]", NULL */
	int		 timer_expired_backup;	/* peer priority, 0: off */
	struct conf_loc	 timer_expired_loc;	/* conf_timer_expired.c */
	struct conf_loc	 nopreempt_loc;		/* for check_preempt */
	/* vrf NAME (conf_vrf.c): a unicast instance with no interface
	 * binds its socket to that VRF device; NULL: none. */
	char		*vrf;
	struct conf_loc	 vrf_loc;
	bool		 no_interface;	/* unicast, bound to no interface */
};
enum { CONF_IPVLAN_BRIDGE, CONF_IPVLAN_PRIVATE, CONF_IPVLAN_VEPA };

struct conf_sync_group {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_sync_group) entry;
	char		*name;
	struct conf_ref_list members;		/* group { } */
	struct conf_ref_list track_ifs;
	struct conf_ref_list track_scripts;
	struct conf_ref_list track_files;
	struct conf_ref_list track_processes;
	char		*notify_master, *notify_master_user;
	char		*notify_backup, *notify_backup_user;
	char		*notify_fault, *notify_fault_user;
	char		*notify_stop, *notify_stop_user;
	char		*notify, *notify_user;
	bool		 notify_priority_changes;
	bool		 smtp_alert;
	bool		 global_tracking;
	bool		 sync_group_tracking_weight;
	struct conf_ref_list track_bfds;	/* track_bfd */
	bool		 notify_deleted;	/* conf_notify_deleted.c */
	char		*notify_deleted_script;	/* NULL: none */
	char		*notify_deleted_user;	/* "user [group]", NULL */
};

/* track_group NAME { group { INSTANCE ... } } (conf_track_group.c) */
struct conf_track_group {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_track_group) entry;
	char		*name;
	struct conf_ref_list members;
};

/* garp_group { ... } (conf_garp_group.c); at most CONF_GARP_IF_MAX
 * interfaces in all of them (they travel in msg_conf_global). */
#define CONF_GARP_IF_MAX	32
struct conf_garp_group {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_garp_group) entry;
	int64_t		 garp_interval_us;
	int64_t		 gna_interval_us;
	char		*interface;
	struct conf_ref_list interfaces;
};

/* static_ipaddress, static_routes, static_rules (all in one struct). */
struct conf_static {
	struct conf_vip_list addrs;
	struct conf_route_list routes;
	struct conf_route_list rules;
};

#endif
