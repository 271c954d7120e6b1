/* global_defs: the typed struct. Table: conf_global.c. */
#ifndef VIGIL_CONF_GLOBAL_H
#define VIGIL_CONF_GLOBAL_H

#include "conf/conf_types.h"
#include "conf/conf_procs.h"

/* Longest e-mail address, smtp_server or smtp_helo_name the check child
 * takes (IPC_MAIL_LEN - 1). */
#define CONF_MAIL_MAX	255

struct conf_email {
	TAILQ_ENTRY(conf_email) entry;
	char		*addr;
	struct conf_loc	 loc;
};

/* Times in the *_us fields are in microseconds, *_cs in centiseconds,
 * plain ones in seconds, as keepalived defines their resolution. */
struct conf_global {
	struct conf_obj	 obj;
	char		*router_id;		/* default: short host name */
	TAILQ_HEAD(, conf_email) emails;	/* notification_email */
	char		*email_from;		/* notification_email_from */
	char		*smtp_server;		/* host or address */
	struct conf_loc	 smtp_server_loc;
	int		 smtp_port;		/* 25 */
	char		*smtp_helo_name;
	int		 smtp_connect_timeout;	/* 30 s */
	bool		 smtp_alert;
	bool		 smtp_alert_vrrp;
	bool		 smtp_alert_checker;
	bool		 checker_log_all_failures;
	bool		 no_email_faults;
	struct conf_addr mcast_group4;		/* 224.0.0.18 */
	struct conf_addr mcast_group6;		/* ff02::12 */
	char		*default_interface;	/* static addresses */
	int		 garp_master_delay;	/* 5 s */
	int		 garp_master_repeat;	/* 5 */
	int		 garp_lower_prio_delay;	/* -1: garp_master_delay */
	int		 garp_lower_prio_repeat;/* -1: garp_master_repeat */
	int		 garp_master_refresh;	/* 0: off */
	int		 garp_master_refresh_repeat; /* 1 */
	int64_t		 garp_interval_us;	/* 0: no delay */
	int64_t		 gna_interval_us;	/* 0: no delay */
	bool		 min_garp;
	int		 down_timer_adverts;	/* 3 */
	bool		 lower_prio_no_advert;
	bool		 higher_prio_send_advert;
	bool		 v3_checksum_as_v2;
	int		 vrrp_version;		/* 2 */
	bool		 check_unicast_src;
	bool		 skip_check_adv_addr;
	bool		 vrrp_strict;
	bool		 notify_priority_changes;
	char		*script_user;		/* "user [group]" */
	bool		 enable_script_security;
	bool		 dynamic_interfaces;
	bool		 dynamic_interfaces_allow_changes;
	int64_t		 startup_delay_us;	/* vrrp_startup_delay */
	bool		 log_unknown_vrids;
	char		*vmac_prefix;		/* NULL: vrrp */
	bool		 lvs_flush;
	/* accept mode's nftables table (conf_nft.c) */
	bool		 nftables;		/* nftables [NAME] given */
	char		*nftables_table;	/* NULL: vigil */
	int		 nftables_priority;	/* -1 */
	bool		 nftables_counters;
	bool		 nftables_ifindex;	/* read; no effect */
	uint32_t	 lvs_timeouts[3];	/* tcp, tcpfin, udp s; 0: unset */
	int		 lvs_flush_on_stop;	/* CONF_FLUSH_ON_STOP_* */
	bool		 linkbeat_use_polling;
	char		*net_namespace;		/* conf_netns.c; NULL: none */
	char		*startup_script;
	char		*startup_script_user;	/* "user [group]" */
	int		 startup_script_timeout; /* 10 s */
	char		*shutdown_script;
	char		*shutdown_script_user;
	int		 shutdown_script_timeout; /* 10 s */
	bool		 rs_init_notifies;
	bool		 no_checker_emails;
	/* lvs_sync_daemon IF [inst] INSTANCE [id N] [maxlen N] [port N]
	 * [ttl N] [group ADDR] */
	char		*lvs_sync_if;		/* NULL: none */
	char		*lvs_sync_instance;	/* NULL: none named */
	struct conf_loc	 lvs_sync_loc;
	uint32_t	 lvs_sync_id;		/* default 255 */
	uint32_t	 lvs_sync_maxlen;	/* 0: the kernel's */
	uint32_t	 lvs_sync_port;		/* 0: the kernel's (8848) */
	uint32_t	 lvs_sync_ttl;		/* 0: the kernel's (1) */
	struct conf_addr lvs_sync_group;	/* AF_UNSPEC: the kernel's */
	char		*notify_fifo;		/* path */
	char		*notify_fifo_owner;	/* "user [group]" */
	char		*notify_fifo_script;
	char		*notify_fifo_script_user;
	char		*vrrp_notify_fifo;
	char		*vrrp_notify_fifo_owner;
	char		*vrrp_notify_fifo_script;
	char		*vrrp_notify_fifo_script_user;
	char		*lvs_notify_fifo;
	char		*lvs_notify_fifo_owner;
	char		*lvs_notify_fifo_script;
	char		*lvs_notify_fifo_script_user;
	bool		 fifo_write_vrrp_states_on_reload;
	uint32_t	 child_wait_time;	/* 5 s; also top-level */
	char		*control_socket;	/* path; NULL: the default */
	char		*control_socket_group;	/* group name; NULL: root */
	struct conf_procs procs;		/* conf_procs.h */
	/* net_namespace_ipvs [NAME] (conf_netns.c): NULL none, "" the
	 * namespace of process 1 */
	char		*net_namespace_ipvs;
	/* lvs_netlink_{cmd,monitor}_rcv_bufs[_force]; 0: the kernel's */
	uint32_t	 lvs_nl_cmd_rcvbuf;
	bool		 lvs_nl_cmd_rcvbuf_force;
	uint32_t	 lvs_nl_mon_rcvbuf;
	bool		 lvs_nl_mon_rcvbuf_force;
	/* nftables_ipvs [NAME] (conf_nft.c): marks for group services */
	bool		 nftables_ipvs;
	char		*nftables_ipvs_table;	/* NULL: keepalived_ipvs */
	int		 nftables_ipvs_priority; /* -1 */
	uint32_t	 nftables_ipvs_start_fwmark; /* conf_nft_ipvs_fwmark */
	/* netlink receive buffers of the vrrp child (0: vigil's own) */
	uint32_t	 nl_cmd_rcvbuf;		/* vrrp_netlink_cmd_rcv_bufs */
	bool		 nl_cmd_force;
	uint32_t	 nl_mon_rcvbuf;		/* vrrp_netlink_monitor_rcv_bufs */
	bool		 nl_mon_force;
	uint32_t	 proc_mon_rcvbuf;	/* process_monitor_rcv_bufs */
	bool		 proc_mon_force;
	/* VRRP sockets' receive buffers (conf_rxbufs.c) */
	int		 rx_bufs_policy;	/* CONF_RXBUFS_* */
	uint32_t	 rx_bufs_size;		/* CONF_RXBUFS_SIZE: bytes */
	int		 rx_bufs_multiplier;	/* vrrp_rx_bufs_multiplier, 3 */
	bool		 disable_local_igmp;
	bool		 reload_file_set;	/* reload_file [PATH] given */
	char		*reload_file;		/* its PATH, or NULL */
	/* SNMP (core/snmp.c): the AgentX subagent's part. */
	bool		 snmp_vrrp;		/* enable_snmp_vrrp */
	bool		 snmp_traps;		/* enable_traps */
	char		*snmp_socket;		/* NULL: unix:/var/agentx/master */
	bool		 snmp_rfcv3;		/* enable_snmp_rfcv3: VRRPV3-MIB */
	bool		 snmp_rfcv2;		/* enable_snmp_rfcv2: VRRP-MIB */
	bool		 snmp_rfc;		/* enable_snmp_rfc: both */
	char		*vmac_addr_prefix;	/* NULL: vmac_prefix */
	int		 garp_extra_if;		/* vrrp_garp_extra_if, 0: off */
	bool		 garp_extra_if_all;
	bool		 snmp_checker;		/* enable_snmp_checker */
};
/* vrrp_rx_bufs_policy (values as msg_conf_global carries them) */
#define CONF_RXBUFS_NONE	0	/* vigil's 1 MiB per socket */
#define CONF_RXBUFS_MTU		1	/* interface MTU * multiplier */
#define CONF_RXBUFS_ADVERT	2	/* advert size * multiplier */
#define CONF_RXBUFS_SIZE	3	/* bytes per instance */

#define CONF_FLUSH_ON_STOP_NO	0
#define CONF_FLUSH_ON_STOP_FULL	1	/* the whole IPVS table */
#define CONF_FLUSH_ON_STOP_VS	2	/* each service, not its servers */

#endif
