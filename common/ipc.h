/*
 * IPC between vigil's three processes: every message type, every payload,
 * the process ids and the channel over one SOCK_SEQPACKET socketpair.
 *
 * One message is one header plus one payload, sent with one sendmsg(), so
 * the kernel keeps its boundary. Every message is checked on receipt
 * against the table in ipc.c (type known, sender allowed, payload size);
 * a message that fails is a bug in the sender: fatal for a child, and the
 * parent kills and restarts a child that sends one.
 */
#ifndef VIGIL_IPC_H
#define VIGIL_IPC_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

struct event_base;
struct event;

enum proc_id {
	PROC_CORE,		/* the parent: config, supervision */
	PROC_VRRP,		/* the vrrp child */
	PROC_CHECK,		/* the check child */
	PROC_MAX
};

enum msg_type {
	MSG_NONE,

	/*
	 * core -> vrrp, core -> check: configuration. Sent at start, at
	 * reload and when a crashed child is restarted (one path): CONF_BEGIN,
	 * the objects of the receiver's part, CONF_END ("config done"). The
	 * child answers CONF_APPLIED once it has merged the whole stream.
	 */
	MSG_CONF_BEGIN,		/* struct msg_conf_begin */
	MSG_CONF_GLOBAL,	/* struct msg_conf_global */
	MSG_CONF_INSTANCE,	/* struct msg_conf_instance (vrrp only) */
	MSG_CONF_VIP,		/* struct msg_conf_vip (vrrp only) */
	MSG_CONF_ROUTE,		/* struct msg_conf_route (vrrp only) */
	MSG_CONF_SCRIPT,	/* struct msg_conf_script */
	MSG_CONF_TRACK,		/* struct msg_conf_track (vrrp only) */
	MSG_CONF_SYNC,		/* struct msg_conf_sync (vrrp only) */
	MSG_CONF_VS,		/* struct msg_conf_vs (check only) */
	MSG_CONF_VSG,		/* struct msg_conf_vsg (check only) */
	MSG_CONF_RS,		/* struct msg_conf_rs (check only) */
	MSG_CONF_CHECK,		/* struct msg_conf_check (check only) */
	MSG_CONF_URL,		/* struct msg_conf_url (check only) */
	MSG_CONF_LVS_CMD,	/* struct msg_conf_lvs_cmd (check only) */
	MSG_CONF_SSL,		/* struct msg_conf_ssl (check only) */
	MSG_CONF_NOTIFY,	/* struct msg_conf_notify (check only) */
	MSG_CONF_TRACK_FILE,	/* struct msg_conf_track_file (vrrp only) */
	MSG_CONF_TRACK_PROCESS,	/* struct msg_conf_track_process (vrrp only) */
	MSG_CONF_SMTP,		/* struct msg_conf_smtp (check only) */
	MSG_CONF_MAIL,		/* struct msg_conf_mail (check only) */
	MSG_CONF_FIFO,		/* struct msg_conf_fifo (check only) */
	MSG_CONF_END,		/* struct msg_conf_gen */

	/* core -> vrrp, core -> check: control. */
	MSG_DUMP_DATA,		/* struct msg_dump: SIGUSR1; answer DUMP_TEXT.. */
	MSG_DUMP_STATS,		/* struct msg_dump: SIGUSR2; answer DUMP_TEXT.. */
	MSG_DUMP_JSON,		/* struct msg_dump (vrrp only): the JSON
				 * signal; answer DUMP_TEXT.. of one JSON
				 * array, keepalived.json's structure */
	MSG_STATUS,		/* struct msg_dump: vigilctl status; answer
				 * DUMP_TEXT.. of records (common/ctl.h) */
	MSG_PEER_FD,		/* no payload, one fd: new vrrp<->check end */
	MSG_FIFO_FD,		/* struct msg_fifo_fd, one fd: a notify FIFO
				 * the parent opened (check only), sent
				 * inside every configuration stream */

	/* vrrp -> core, check -> core: answers. */
	MSG_CONF_APPLIED,	/* struct msg_conf_gen */
	MSG_DUMP_TEXT,		/* struct msg_dump, then 1.. bytes of text */
	MSG_DUMP_END,		/* struct msg_dump: this dump is complete */
	/* check -> core: a notify FIFO's reader started (pid) or is no
	 * longer ours (0), for the parent to stop it if the check child
	 * dies (PR_SET_PDEATHSIG does not survive a root reader's exec). */
	MSG_FIFO_READER,	/* struct msg_fifo_reader */

	/* vrrp -> core, check -> core: one event for vigilctl events, a
	 * JSON object on one line (common/event.h), without the newline. */
	MSG_EVENT,		/* 2.. bytes of text */

	/* vrrp <-> check, both ways: first message on a new channel. */
	MSG_PEER_HELLO,		/* struct msg_peer_hello */

	/* check -> vrrp: results of vrrp_script runs. */
	MSG_SCRIPT_RESULT,	/* struct msg_script_result */

	/* vrrp -> check: send the current result of every script that
	 * has one (after the vrrp child applied a configuration or got a
	 * new channel to the check child). No payload. */
	MSG_SCRIPT_QUERY,

	/* vrrp -> check: state changes, for notify scripts. */
	MSG_VRRP_STATE,		/* struct msg_vrrp_state */

	/* core -> check, sent only by the test hook of core/core.c: send
	 * this script result to the vrrp child as a MSG_SCRIPT_RESULT. */
	MSG_TEST_SCRIPT,	/* struct msg_script_result */

	/* core -> vrrp, core -> check: a bfd_instance, part of the
	 * configuration stream (between CONF_BEGIN and CONF_END). */
	MSG_CONF_BFD,		/* struct msg_conf_bfd */

	/* vrrp -> check: a BFD session's state (BFD_CHECK), at each change
	 * and for every session after a configuration or a new channel. */
	MSG_BFD_STATE,		/* struct msg_bfd_state */

	MSG_MAX
};

#define IPC_MAX_PAYLOAD		8192
#define IPC_NAME_LEN		64	/* instance, script names */
#define IPC_CMD_LEN		1024	/* script command lines */
#define IPC_MAIL_LEN		256	/* e-mail addresses, host names */

struct ipc_hdr {
	uint32_t	 type;		/* enum msg_type */
	uint32_t	 len;		/* payload bytes after the header */
	uint32_t	 pid;		/* sender's pid, for log lines */
	uint32_t	 pad;
};

/* Payloads. Strings are NUL-terminated within their array; the receiver
 * checks that (ipc_str_ok) before using them. */
struct msg_conf_gen {
	uint32_t	 gen;		/* configuration generation */
};

#define CONF_BEGIN_RESTART	0x1	/* child restarted after a crash */
struct msg_conf_begin {
	uint32_t	 gen;
	uint32_t	 flags;		/* CONF_BEGIN_* */
};

#define GLOBAL_F_KEEP_IPVS	0x1	/* -I: leave IPVS entries at stop */
#define GLOBAL_F_LVS_FLUSH	0x2	/* lvs_flush: empty IPVS at start */
#define GLOBAL_F_FLUSH_ON_STOP	0x100	/* lvs_flush_on_stop: all at stop */
struct msg_conf_global {
	char		 router_id[IPC_NAME_LEN];
	uint32_t	 child_wait_time;	/* seconds */
	uint32_t	 script_security;	/* enable_script_security */
	char		 script_user[IPC_NAME_LEN];
	uint32_t	 flags;			/* GLOBAL_F_* */
	/* lvs_sync_daemon (check child): ifname "" for none; instance ""
	 * for none named (then master and backup both run) */
	char		 lvs_sync_if[IF_NAMESIZE];
	char		 lvs_sync_instance[IPC_NAME_LEN];
	uint32_t	 lvs_sync_id;
	uint32_t	 lvs_sync_maxlen;
	uint32_t	 lvs_sync_port;
	uint32_t	 lvs_sync_ttl;
	uint32_t	 lvs_sync_family;	/* of group, 0: none */
	uint8_t		 lvs_sync_group[16];
	/* accept mode's nftables table (vrrp/vrrp_nft.h): nftables NAME,
	 * nftables_priority, nftables_counters */
	char		 nft_table[IPC_NAME_LEN];	/* "": vigil */
	int32_t		 nft_prio;
	uint32_t	 nft_counters;
	uint32_t	 lvs_timeouts[3];	/* tcp, tcpfin, udp s; 0: as is */
	/* net_namespace_ipvs (check child: its IPVS socket is opened there
	 * at start, core passes --ipvs-netns): set 0 none; name "": the
	 * namespace of process 1 */
	uint32_t	 ipvs_netns_set;
	char		 ipvs_netns[256];
	/* lvs_netlink_cmd_rcv_bufs[_force]: the IPVS socket's SO_RCVBUF
	 * (SO_RCVBUFFORCE); 0: the kernel's */
	uint32_t	 lvs_nl_cmd_rcvbuf;
	uint32_t	 lvs_nl_cmd_rcvbuf_force;
	/* nftables_ipvs (check/check_nft.h): 0 off */
	uint32_t	 nft_ipvs;
	char		 nft_ipvs_table[IPC_NAME_LEN];	/* "": default */
	int32_t		 nft_ipvs_prio;
	uint32_t	 nft_ipvs_fwmark;	/* the first mark */
	/* vrrp child's netlink receive buffers, bytes (0: vigil's own);
	 * IPC_RCVBUF_FORCE set: SO_RCVBUFFORCE (vrrp/vrrp_rcvbuf.c) */
	uint32_t	 nl_cmd_rcvbuf;
	uint32_t	 nl_mon_rcvbuf;
	uint32_t	 proc_mon_rcvbuf;
	/* vrrp_rx_bufs_policy (CONF_RXBUFS_*), vrrp_rx_bufs_multiplier */
	uint32_t	 rx_bufs_policy;
	uint32_t	 rx_bufs_multiplier;
	/* garp_group: interface i is in group garp_if_group[i], whose
	 * delays are garp_group_us[g][0] (ARP), [1] (NA) */
#define IPC_GARP_IF_MAX	32
	uint32_t	 ngarp_if;
	char		 garp_ifname[IPC_GARP_IF_MAX][IF_NAMESIZE];
	uint32_t	 garp_if_group[IPC_GARP_IF_MAX];
	uint32_t	 garp_group_us[IPC_GARP_IF_MAX][2];
	/* interface_up_down_delays (vrrp/vrrp_updown.c): a link change of
	 * updown_ifname[i] waits updown_us[i][0] us (down), [1] (up) */
#define IPC_UPDOWN_IF_MAX	64
	uint32_t	 nupdown;
	char		 updown_ifname[IPC_UPDOWN_IF_MAX][IF_NAMESIZE];
	uint32_t	 updown_us[IPC_UPDOWN_IF_MAX][2];
};
#define IPC_RCVBUF_FORCE	0x80000000u

#define VRRP_INIT_BACKUP	0
#define VRRP_INIT_MASTER	1
struct msg_conf_instance {
	char		 name[IPC_NAME_LEN];
	char		 ifname[IF_NAMESIZE];
	uint32_t	 vrid;
	uint32_t	 priority;
	uint32_t	 version;	/* 2 or 3 */
	uint32_t	 advert_cs;	/* advert interval, centiseconds */
	uint32_t	 init_state;	/* VRRP_INIT_*; BACKUP after a crash */
	uint32_t	 nopreempt;
	uint32_t	 preempt_delay_cs;
	uint32_t	 accept;
	uint32_t	 use_vmac;
	char		 vmac_name[IF_NAMESIZE];	/* "": vrrp.VRID */
	uint32_t	 auth_type;	/* 0 none, 1 PASS, 2 AH */
	char		 auth_pass[9];	/* at most 8 characters */
	/* What the VRRP engine runs with (vrrp/vrrp_engine.c). */
	uint32_t	 src_family;	/* mcast/unicast_src_ip; 0: none */
	uint8_t		 src_addr[16];
	uint32_t	 strict;	/* vrrp_strict / strict_mode */
	uint32_t	 skip_check_adv_addr;
	uint32_t	 check_unicast_src;
	uint32_t	 higher_prio_send_advert;
	uint32_t	 lower_prio_no_advert;
	uint32_t	 dont_track_primary;
	int32_t		 garp_master_delay;	/* s */
	int32_t		 garp_master_repeat;
	int32_t		 garp_master_refresh;	/* s, 0: off */
	int32_t		 garp_master_refresh_repeat;
	int32_t		 garp_lower_prio_repeat;
	uint32_t	 garp_interval_us;	/* vrrp_garp_interval, 0: none */
	uint32_t	 gna_interval_us;	/* vrrp_gna_interval, 0: none */
	uint32_t	 log_unknown_vrids;	/* global_defs */
	uint32_t	 notify_priority_changes; /* report VREPORT_PRIORITY */
	uint32_t	 csum_mode;	/* IPC_CSUM_* */
	uint32_t	 promote_secondaries;
	uint32_t	 fault_no_peer;	/* unicast_fault_no_peer */
	int32_t		 garp_lower_prio_delay;	/* s, 0: no second burst */
	uint32_t	 smtp_alert;	/* shown in the JSON dump only */
	uint32_t	 track_src_ip;	/* FAULT while src_addr is missing */
	/* use_vmac MAC (VRID appended to 5 octets), vmac_prefix */
	uint32_t	 vmac_mac_set;	/* 0: 00:00:5e:00:0X:VRID */
	uint8_t		 vmac_mac[8];	/* 6 used */
	char		 vmac_prefix[IF_NAMESIZE];	/* "": vrrp */
	uint32_t	 vmac_xmit_base;	/* adverts on ifname, not the VMAC */
	/* kernel_rx_buf_size, or vrrp_rx_bufs_policy's size; 0: the
	 * policy's MTU/ADVERT share, or none */
	uint32_t	 rx_buf_size;
	/* use_vmac_addr: a VMAC on each other interface of a VIP, named
	 * from vmac_addr_prefix ("": vmac_prefix's) */
	uint32_t	 use_vmac_addr;
	char		 vmac_addr_prefix[IF_NAMESIZE];
	/* garp_extra_if: s (0: off); all: every other interface of a
	 * VIP, not only the use_vmac_addr VMACs */
	uint32_t	 garp_extra_if;
	uint32_t	 garp_extra_if_all;
	/* use_ipvlan: an L2 ipvlan on ifname (name "": as a VMAC's) with
	 * that address, carrying the adverts and VIPs */
	uint32_t	 use_ipvlan;
	char		 ipvlan_name[IF_NAMESIZE];
	uint32_t	 ipvlan_family;		/* 0: none (IPv6) */
	uint8_t		 ipvlan_addr[16];
	uint32_t	 ipvlan_plen;
	/* timer_expired_backup's priority, 0: off */
	uint32_t	 timer_expired_backup;
	/* ifname "": unicast, bound to no interface, or to this VRF
	 * device ("": none) */
	char		 vrf[IF_NAMESIZE];
	uint32_t	 down_timer_adverts;	/* 1..100 */
};
/* msg_conf_instance.csum_mode: which VRRPv3 checksum over IPv4. */
#define IPC_CSUM_AUTO		0	/* RFC; accept the old unicast sum too */
#define IPC_CSUM_NEVER_OLD	1	/* old_unicast_checksum never */
#define IPC_CSUM_OLD_UNICAST	2	/* old_unicast_checksum */
#define IPC_CSUM_AS_V2		3	/* v3_checksum_as_v2 */
#define IPC_CSUM_MAX		4

/* What an instance or a sync group tracks, with its weight. */
#define TRACK_SCRIPT		0	/* vrrp_script, by name */
#define TRACK_INTERFACE		1	/* track_interface */
#define TRACK_FILE		2	/* track_file, by name */
#define TRACK_PROCESS		3	/* vrrp_track_process, by name */
#define TRACK_BFD		4	/* bfd_instance, by name */
#define TRACK_TYPE_MAX		5
#define TRACK_F_GROUP		0x1	/* owner is a sync group */
#define TRACK_F_WEIGHT		0x2	/* weight given here */
#define TRACK_F_REVERSE		0x4
#define TRACK_F_INIT_FAIL	0x8	/* the vrrp child's own use */
struct msg_conf_track {
	char		 owner[IPC_NAME_LEN];	/* instance or sync group */
	char		 name[IPC_NAME_LEN];	/* what it tracks */
	uint32_t	 type;			/* TRACK_* */
	uint32_t	 flags;			/* TRACK_F_* */
	int32_t		 weight;
};

/* One member of a vrrp_sync_group (a message per member). */
struct msg_conf_sync {
	char		 group[IPC_NAME_LEN];
	char		 instance[IPC_NAME_LEN];
};

#define VIP_F_EXCLUDED		0x1	/* virtual_ipaddress_excluded */
#define VIP_F_PEER		0x4	/* a unicast_peer (ifname ""), not a
					 * VIP: as many as configured */
#define VIP_F_STATIC		0x8	/* static_ipaddress (instance "") */
#define VIP_F_TRACKED		0x10	/* static with a defined track_group:
					 * put back when deleted */
struct msg_conf_vip {
	char		 instance[IPC_NAME_LEN];
	char		 ifname[IF_NAMESIZE];
	uint32_t	 family;	/* AF_INET, AF_INET6 */
	uint32_t	 plen;
	uint8_t		 addr[16];
	uint32_t	 flags;		/* VIP_F_* */
	uint32_t	 scope;		/* RT_SCOPE_*, 0: global */
	char		 label[IF_NAMESIZE];	/* IPv4 label, "" for none */
};

/* A virtual_routes line as written, parsed by the vrrp child (its own
 * message: 1,000 VIPs would otherwise each carry 128 unused bytes); the
 * flags make it a virtual_rules, static_routes or static_rules line
 * (static ones: instance ""). */
#define ROUTE_F_RULE		0x1	/* a rule, not a route */
#define ROUTE_F_STATIC		0x2	/* static_routes, static_rules */
#define ROUTE_F_TRACKED		0x4	/* static with a defined track_group:
					 * put back when its interface is up */
struct msg_conf_route {
	char		 instance[IPC_NAME_LEN];
	char		 route[128];
	uint32_t	 flags;		/* ROUTE_F_* */
};

#define SCRIPT_F_REVERSE	0x1	/* weight N reverse */
#define SCRIPT_F_INIT_FAIL	0x2	/* init_fail */
#define SCRIPT_F_INSECURE	0x4	/* runs as root, and insecure names
					 * a path component others can change
					 * (found by the parent, as root) */
struct msg_conf_script {
	char		 name[IPC_NAME_LEN];
	char		 command[IPC_CMD_LEN];	/* the vrrp child only shows it */
	char		 user[IPC_NAME_LEN];	/* empty: default user */
	uint32_t	 interval_ms;
	uint32_t	 timeout_ms;
	int32_t		 weight;
	uint32_t	 rise;
	uint32_t	 fall;
	uint32_t	 flags;			/* SCRIPT_F_* */
	char		 insecure[256];		/* SCRIPT_F_INSECURE */
};

/* A track_file block: the vrrp child reads the number in path, again
 * whenever inotify says it changed, while something tracks it. */
#define TFILE_F_REVERSE		0x1
struct msg_conf_track_file {
	char		 name[IPC_NAME_LEN];
	char		 path[IPC_CMD_LEN];
	int32_t		 weight;		/* default of the trackers */
	uint32_t	 flags;			/* TFILE_F_* */
};

/* A vrrp_track_process block: the vrrp child counts the processes that
 * match (process events, one /proc scan at start). words holds nwords
 * NUL-terminated words one after the other: the process name, then its
 * arguments. */
#define TPROC_F_REVERSE		0x1
#define TPROC_F_FULL_COMMAND	0x2
#define TPROC_F_PARAM_MATCH	0x4	/* param_match given */
#define TPROC_MATCH_EXACT	0	/* param_match: not given */
#define TPROC_MATCH_INITIAL	1
#define TPROC_MATCH_PARTIAL	2
#define TPROC_NO_MAX		UINT32_MAX	/* quorum_max not given */
struct msg_conf_track_process {
	char		 name[IPC_NAME_LEN];
	char		 words[IPC_CMD_LEN];
	uint32_t	 nwords;
	int32_t		 weight;		/* default of the trackers */
	uint32_t	 flags;			/* TPROC_F_* */
	uint32_t	 param_match;		/* TPROC_MATCH_* */
	uint32_t	 quorum;
	uint32_t	 quorum_max;		/* TPROC_NO_MAX: none */
	uint64_t	 fork_delay_us;
	uint64_t	 terminate_delay_us;
};

/* A notify script of an instance or a sync group: the check child runs
 * it when the vrrp child reports that state (MSG_VRRP_STATE). The vrrp
 * child gets those of instances too, for its JSON dump. */
enum notify_kind {
	NOTIFY_MASTER, NOTIFY_BACKUP, NOTIFY_FAULT, NOTIFY_STOP, NOTIFY_ANY,
	NOTIFY_MASTER_RX_LOWER_PRI,
	NOTIFY_DELETED,	/* notify_deleted: command "" when no SCRIPT */
	NOTIFY_KIND_MAX
};
#define NOTIFY_F_GROUP		0x1	/* of a sync group, not an instance */
#define NOTIFY_F_INSECURE	0x2	/* as SCRIPT_F_INSECURE */
struct msg_conf_notify {
	char		 object[IPC_NAME_LEN];	/* instance or group name */
	uint32_t	 kind;			/* enum notify_kind */
	uint32_t	 flags;			/* NOTIFY_F_* */
	char		 command[IPC_CMD_LEN];
	char		 user[IPC_NAME_LEN];	/* "user [group]", "": default */
	char		 insecure[256];		/* NOTIFY_F_INSECURE */
};

/*
 * E-mail alerts: sent only when some instance or sync group has
 * smtp_alert on and global_defs names an smtp_server and recipients
 * (else the check child sends no mail). MSG_CONF_SMTP once: the relay
 * and the sender; MSG_CONF_MAIL once per recipient (MAIL_RCPT) and once
 * per instance or sync group whose smtp_alert is on (MAIL_ALERT), the
 * parent having resolved smtp_alert_vrrp and smtp_alert as defaults.
 */
#define SMTP_F_NO_FAULTS	0x1	/* no_email_faults */
struct msg_conf_smtp {
	char		 server[IPC_MAIL_LEN];	/* host name or address */
	uint32_t	 port;			/* 1-65535 */
	uint32_t	 connect_timeout;	/* s, 1-3600 */
	char		 helo_name[IPC_MAIL_LEN];	/* "": the host name */
	char		 from[IPC_MAIL_LEN];	/* "": vigil@host name */
	uint32_t	 flags;			/* SMTP_F_* */
};

#define MAIL_RCPT		0	/* name: a recipient's address */
#define MAIL_ALERT		1	/* name: an instance or a sync group */
#define MAIL_KIND_MAX		2
#define MAIL_F_GROUP		0x1	/* MAIL_ALERT: name is a sync group */
struct msg_conf_mail {
	uint32_t	 kind;			/* MAIL_* */
	uint32_t	 flags;			/* MAIL_F_* */
	char		 name[IPC_MAIL_LEN];
};

/*
 * notify_fifo, vrrp_notify_fifo, lvs_notify_fifo: the parent creates and
 * opens the FIFO (path, owner) and passes it to the check child
 * (MSG_FIFO_FD), which writes a line per report of the vrrp child
 * (notify_fifo, vrrp_notify_fifo) and per virtual or real server state
 * change (notify_fifo, lvs_notify_fifo) to it and runs script, with the
 * FIFO's path appended, to read it.
 */
enum notify_fifo_kind { FIFO_NOTIFY, FIFO_VRRP, FIFO_LVS, FIFO_KIND_MAX };
#define FIFO_F_STATES_ON_RELOAD	0x1	/* fifo_write_vrrp_states_on_reload */
#define FIFO_F_INSECURE		0x2	/* script: as SCRIPT_F_INSECURE */
struct msg_conf_fifo {
	uint32_t	 kind;			/* enum notify_fifo_kind */
	uint32_t	 flags;			/* FIFO_F_* */
	char		 path[IPC_CMD_LEN];
	char		 owner[IPC_NAME_LEN];	/* "user [group]" of a FIFO
						 * vigild creates, "": root */
	char		 script[IPC_CMD_LEN];	/* "": none */
	char		 script_user[IPC_NAME_LEN]; /* "": default user */
	char		 insecure[256];		/* FIFO_F_INSECURE */
};

struct msg_fifo_fd {
	uint32_t	 kind;			/* enum notify_fifo_kind */
};

struct msg_fifo_reader {
	uint32_t	 kind;			/* enum notify_fifo_kind */
	int32_t		 pid;			/* 0: none */
};

/*
 * LVS: the check child's virtual servers, in order (a message's index
 * in its kind is its id): MSG_CONF_VS per virtual_server, MSG_CONF_VSG
 * per line of the virtual_server_group it uses, MSG_CONF_RS per
 * real_server, MSG_CONF_CHECK per checker (an SMTP_CHECK host { } is a
 * checker of its own), MSG_CONF_URL per url { } of HTTP_GET/SSL_GET,
 * MSG_CONF_LVS_CMD per command (notify_up/down, quorum_up/down,
 * misc_path: kept apart, so that 10,000 real servers do not carry 2 KiB
 * of empty command each), MSG_CONF_SSL once for the SSL { } block.
 * Every value is effective (inherited, defaulted) and checked by the
 * parent. Addresses: 4 or 16 bytes by family, network order; ports and
 * times in host order.
 */
#define VS_F_ALPHA		0x001	/* real servers start down */
#define VS_F_OMEGA		0x002	/* quorum_down, notify_down at exit */
#define VS_F_HA_SUSPEND		0x004
#define VS_F_SORRY		0x008	/* sorry_* are set */
#define VS_F_SORRY_INHIBIT	0x010
#define VS_F_GROUP		0x020	/* services: its MSG_CONF_VSG lines */
#define VS_F_SMTP_ALERT		0x040
#define LVS_SCHED_LEN		16
#define IPC_SNMP_LEN		128	/* snmp_name, virtualhost */
struct msg_conf_vs {
	uint32_t	 family;	/* AF_INET6, AF_INET; 0: by the group */
	uint32_t	 protocol;	/* IPPROTO_TCP, UDP, SCTP; 0: fwmark */
	uint8_t		 addr[16];
	uint32_t	 port;
	uint32_t	 fwmark;
	char		 group[IPC_NAME_LEN];	/* VS_F_GROUP */
	char		 sched[LVS_SCHED_LEN];
	char		 pe_name[LVS_SCHED_LEN];
	uint32_t	 svc_flags;	/* IP_VS_SVC_F_* */
	uint32_t	 timeout;	/* persistence_timeout, s */
	uint32_t	 netmask;	/* persistence_granularity: IPv4 mask,
					 * network order; IPv6 prefix length */
	uint32_t	 quorum;
	uint32_t	 hysteresis;
	uint32_t	 flags;		/* VS_F_* */
	uint32_t	 sorry_family;
	uint8_t		 sorry_addr[16];
	uint32_t	 sorry_port;
	uint32_t	 sorry_conn_flags;	/* IP_VS_CONN_F_* */
	uint32_t	 nreal;		/* real servers configured */
	/* What KEEPALIVED-MIB's virtualServerTable shows (the status
	 * records, core/snmp_check.c); *_given: 0 when not configured. */
	char		 snmp_name[IPC_SNMP_LEN];
	char		 virtualhost[IPC_SNMP_LEN];
	uint32_t	 conn_flags;	/* lvs_method: IP_VS_CONN_F_* */
	uint32_t	 tun_type;
	uint32_t	 tun_port;
	uint32_t	 tun_flags;
	uint32_t	 weight;
	uint32_t	 inhibit;	/* inhibit_on_failure */
	uint32_t	 retry, retry_given;
	uint32_t	 dbr_given, warmup_given;
	uint64_t	 delay_loop_us;
	uint64_t	 delay_before_retry_us;
	uint64_t	 warmup_us;
	uint64_t	 connect_timeout_us;
};

struct msg_conf_vsg {
	uint32_t	 vs;		/* index of its MSG_CONF_VS */
	uint32_t	 family;	/* address lines; fwmark: 0 unless
					 * inet/inet6 was given */
	uint32_t	 fwmark;	/* != 0: a fwmark line */
	uint8_t		 first[16];
	uint8_t		 last[16];	/* == first for one address */
	uint32_t	 port;
};

#define RS_F_INHIBIT		0x1	/* inhibit_on_failure */
#define RS_F_ALPHA		0x2
#define RS_F_SMTP_ALERT		0x4
struct msg_conf_rs {
	uint32_t	 vs;		/* index of its MSG_CONF_VS */
	uint32_t	 family;
	uint8_t		 addr[16];
	uint32_t	 port;
	uint32_t	 weight;
	uint32_t	 conn_flags;	/* IP_VS_CONN_F_MASQ/DROUTE/TUNNEL */
	uint32_t	 tun_type;	/* IP_VS_CONN_F_TUNNEL_TYPE_* */
	uint32_t	 tun_port;
	uint32_t	 tun_flags;	/* IP_VS_TUNNEL_ENCAP_FLAG_* */
	uint32_t	 uthreshold;
	uint32_t	 lthreshold;
	uint32_t	 flags;		/* RS_F_* */
	/* What KEEPALIVED-MIB's realServerTable shows (as msg_conf_vs). */
	char		 snmp_name[IPC_SNMP_LEN];
	char		 virtualhost[IPC_SNMP_LEN];
	uint32_t	 retry, retry_given;
	uint32_t	 dbr_given, warmup_given;
	uint64_t	 delay_loop_us;
	uint64_t	 delay_before_retry_us;
	uint64_t	 warmup_us;
	uint64_t	 connect_timeout_us;
};

#define IPC_UDP_MAX		512	/* UDP_CHECK payload, require_reply */
enum lvs_check_type {
	LVS_CHECK_TCP, LVS_CHECK_HTTP, LVS_CHECK_SSL, LVS_CHECK_SMTP,
	LVS_CHECK_DNS, LVS_CHECK_MISC, LVS_CHECK_FILE, LVS_CHECK_BFD,
	LVS_CHECK_PING, LVS_CHECK_UDP,
	LVS_CHECK_TYPE_MAX
};
#define CHECK_F_ALPHA		0x01
#define CHECK_F_LOG_ALL		0x02	/* log_all_failures */
#define CHECK_F_SNI		0x04	/* enable_sni */
#define CHECK_F_MISC_DYNAMIC	0x08
#define CHECK_F_FAST_RECOVERY	0x10
struct msg_conf_check {
	uint32_t	 rs;		/* index of its MSG_CONF_RS */
	uint32_t	 type;		/* enum lvs_check_type */
	uint32_t	 family;	/* of addr and bind_addr */
	uint8_t		 addr[16];	/* connect_ip (effective) */
	uint32_t	 port;		/* connect_port (effective) */
	uint8_t		 bind_addr[16];	/* bindto; all zero: none */
	uint32_t	 bind_set;	/* bindto given */
	uint32_t	 bind_port;	/* 0: none */
	char		 bind_if[IF_NAMESIZE];
	uint32_t	 fwmark;
	uint32_t	 connect_timeout_ms;
	uint32_t	 retry;
	uint32_t	 delay_before_retry_ms;
	uint32_t	 warmup_ms;
	uint32_t	 delay_loop_ms;
	uint32_t	 flags;		/* CHECK_F_* */
	uint32_t	 http_proto;	/* 0 HTTP/1.0, 1 1.0C, 2 1.1 */
	uint32_t	 dns_type;
	uint32_t	 misc_timeout_ms;
	/* HTTP/SSL: virtualhost; SMTP: helo_name; DNS: the name asked */
	char		 name[IPC_MAIL_LEN];
	/* FILE_CHECK: the track_file's file and the weight that scales the
	 * number in it (0: zero is up, anything else down) */
	char		 file_path[IPC_CMD_LEN];
	int32_t		 file_weight;
	uint32_t	 file_reverse;
	/* UDP_CHECK: payload, require_reply's pattern (mask: nibbles
	 * compared), reply length bounds */
	uint32_t	 udp_require_reply;
	uint32_t	 udp_payload_len;	/* <= IPC_UDP_MAX */
	uint32_t	 udp_reply_len;		/* <= IPC_UDP_MAX */
	uint32_t	 udp_min_reply;
	uint32_t	 udp_max_reply;
	uint8_t		 udp_payload[IPC_UDP_MAX];
	uint8_t		 udp_reply[IPC_UDP_MAX];
	uint8_t		 udp_reply_mask[IPC_UDP_MAX];
};

#define URL_PATH_LEN		512
struct msg_conf_url {
	uint32_t	 check;		/* index of its MSG_CONF_CHECK */
	char		 path[URL_PATH_LEN];
	char		 digest[36];	/* 32 hex digits, "": none */
	uint64_t	 status[8];	/* bit (code - 100); all 0: 2xx */
	char		 virtualhost[IPC_MAIL_LEN];	/* "": the check's */
	char		 regex[1024];	/* "": none (HTTP_REGEX_LEN) */
	uint32_t	 regex_options;	/* PCRE2 compile bits */
	uint32_t	 regex_flags;	/* URL_REGEX_F_* */
	uint32_t	 regex_min_offset;
	uint32_t	 regex_max_offset;	/* with URL_REGEX_F_MAX */
	uint32_t	 regex_stack[2];	/* JIT stack start, max; 0 0: none */
};
#define URL_REGEX_F_NO_MATCH	0x1	/* regex_no_match */
#define URL_REGEX_F_MAX		0x2	/* regex_max_offset given */

enum lvs_cmd_kind {
	LVS_CMD_NOTIFY_UP, LVS_CMD_NOTIFY_DOWN,		/* of a real server */
	LVS_CMD_QUORUM_UP, LVS_CMD_QUORUM_DOWN,		/* of a virtual server */
	LVS_CMD_MISC,					/* of a checker */
	LVS_CMD_KIND_MAX
};
#define LVS_CMD_F_INSECURE	0x1	/* as SCRIPT_F_INSECURE */
struct msg_conf_lvs_cmd {
	uint32_t	 kind;		/* enum lvs_cmd_kind */
	uint32_t	 owner;		/* index of its RS, VS or CHECK */
	uint32_t	 flags;		/* LVS_CMD_F_* */
	char		 command[IPC_CMD_LEN];
	char		 user[IPC_NAME_LEN];	/* "user [group]", "": default */
	char		 insecure[256];		/* LVS_CMD_F_INSECURE */
};

struct msg_conf_ssl {
	char		 password[IPC_MAIL_LEN];
	char		 ca[IPC_CMD_LEN];
	char		 certificate[IPC_CMD_LEN];
	char		 key[IPC_CMD_LEN];
};

/* A dump request and its answers carry the request's id, so that a late
 * answer to an earlier request never lands in a later dump. */
struct msg_dump {
	uint32_t	 id;
};

struct msg_peer_hello {
	uint32_t	 pid;
};

struct msg_script_result {
	char		 name[IPC_NAME_LEN];
	int32_t		 status;	/* 0: ok, else failed */
};

/*
 * What an instance or a sync group went through, for notify scripts,
 * notify FIFOs and e-mail alerts, in the order the vrrp child saw it.
 * States 0-3 are the state machine's (INIT, BACKUP, MASTER, FAULT);
 * STOP: the instance stopped (vigild stopping); DELETED: a reload removed
 * it; MASTER_RX_LOWER_PRI: as master, it heard an advert of lower
 * priority (from, addr: the sender), its state unchanged; PRIORITY: the
 * effective priority of a MASTER or BACKUP (from: that state) changed,
 * reported only for instances with notify_priority_changes (notify
 * FIFOs only: no notify script, no e-mail).
 */
enum vrrp_report {
	VREPORT_INIT, VREPORT_BACKUP, VREPORT_MASTER, VREPORT_FAULT,
	VREPORT_STOP, VREPORT_DELETED, VREPORT_MASTER_RX_LOWER_PRI,
	VREPORT_PRIORITY, VREPORT_MAX
};
#define VRRP_STATE_F_GROUP	0x1	/* name is a sync group */
#define VRRP_STATE_F_REPLAY	0x2	/* not a change: the current state,
					 * sent to a new check child (state
					 * holders only: no notification) */
struct msg_vrrp_state {
	char		 name[IPC_NAME_LEN];	/* instance or sync group */
	uint32_t	 flags;			/* VRRP_STATE_F_* */
	uint32_t	 state;			/* enum vrrp_report */
	uint32_t	 from;			/* the state before */
	uint32_t	 priority;		/* effective, now */
	uint32_t	 base_priority;
	uint32_t	 family;		/* of addr; 0: none */
	uint8_t		 addr[16];		/* RX_LOWER_PRI: the sender */
	uint32_t	 peer_priority;		/* RX_LOWER_PRI: its priority */
	int64_t		 time_us;		/* CLOCK_REALTIME */
	uint32_t	 reason;		/* MASTER: VRRP_REASON_*, 0 */
};

/*
 * A bfd_instance (vrrp/bfd.h): the vrrp child runs the session; track_bfd
 * and BFD_CHECK follow its state. Addresses: 4 or 16 bytes by family,
 * network order; times in microseconds.
 */
#define BFD_F_PASSIVE		0x01	/* wait for the neighbour's packet */
#define BFD_F_REVERSE		0x02	/* weight N reverse */
#define BFD_F_SOURCE		0x04	/* source_ip given */
#define BFD_F_VRRP		0x08	/* vrrp: state to the vrrp side only */
#define BFD_F_CHECKER		0x10	/* checker: to the check child only */
struct msg_conf_bfd {
	char		 name[IPC_NAME_LEN];
	uint32_t	 family;		/* AF_INET, AF_INET6 */
	uint8_t		 neighbor[16];
	uint8_t		 source[16];		/* BFD_F_SOURCE */
	uint32_t	 min_rx_us;
	uint32_t	 min_tx_us;
	uint32_t	 idle_tx_us;
	uint32_t	 multiplier;		/* 1-255 */
	uint32_t	 ttl;			/* sent TTL / hop limit */
	int32_t		 max_hops;		/* -1: no TTL check; > 0:
						 * multi-hop (RFC 5883) */
	int32_t		 weight;		/* default of the trackers */
	uint32_t	 flags;			/* BFD_F_* */
};

/* BFD session states (RFC 5880 4.1). */
#define BFD_STATE_ADMIN_DOWN	0
#define BFD_STATE_DOWN		1
#define BFD_STATE_INIT		2
#define BFD_STATE_UP		3
struct msg_bfd_state {
	char		 name[IPC_NAME_LEN];	/* the bfd_instance */
	uint32_t	 state;			/* BFD_STATE_* */
};

/* A message as handed to a dispatch function: header checked, payload
 * size checked against the type, fd >= 0 only for the types that carry
 * one (MSG_PEER_FD, MSG_FIFO_FD): the receiver owns it. */
struct ipc_msg {
	struct ipc_hdr	 hdr;
	const void	*data;
	int		 fd;
};

struct ipc_chan;
typedef void (*ipc_dispatch_fn)(struct ipc_chan *, struct ipc_msg *);
/* Called once when the channel fails: reason is NULL on EOF (the peer
 * died), else what was wrong with the received message. The channel is
 * already closed; free it with ipc_chan_free(). */
typedef void (*ipc_error_fn)(struct ipc_chan *, const char *reason);

struct ipc_buf {
	TAILQ_ENTRY(ipc_buf) entry;
	size_t		 len;
	int		 fd;		/* to pass with SCM_RIGHTS, or -1 */
	unsigned char	 data[];
};

struct ipc_chan {
	int		 fd;
	enum proc_id	 self;
	enum proc_id	 peer;
	struct event	*rev;
	struct event	*wev;
	TAILQ_HEAD(, ipc_buf) outq;
	ipc_dispatch_fn	 dispatch;
	ipc_error_fn	 error;
	void		*arg;
};

const char *proc_name(enum proc_id);
const char *msg_name(uint32_t type);

/* fd is one end of a SOCK_SEQPACKET socketpair; it is made non-blocking
 * and close-on-exec. */
struct ipc_chan *ipc_chan_new(struct event_base *, int fd, enum proc_id self,
    enum proc_id peer, ipc_dispatch_fn, ipc_error_fn, void *arg);
void ipc_chan_free(struct ipc_chan *);
/* Queue one message (len bytes of data, data may be NULL when len is 0)
 * and, with fd >= 0, pass that fd along. Sending never blocks; a channel
 * whose peer is gone reports through the error callback. */
void ipc_send(struct ipc_chan *, enum msg_type, const void *data, size_t len);
void ipc_send_fd(struct ipc_chan *, enum msg_type, int fd);
/* The same with a payload. Both close fd once it is sent: pass a dup()
 * of one to keep. */
void ipc_send_with_fd(struct ipc_chan *, enum msg_type, const void *data,
    size_t len, int fd);
/* Write everything queued now, blocking (used right before exiting). */
void ipc_flush(struct ipc_chan *);
/* Dispatch what a dead peer left unread, while *slot still is c (the
 * error callback that frees c at EOF clears it). */
void ipc_drain(struct ipc_chan *c, struct ipc_chan *const *slot);

/* Send formatted text as one MSG_DUMP_TEXT of dump id (truncated to the
 * maximum size). */
void ipc_dump_printf(struct ipc_chan *, uint32_t id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Send a raw, possibly malformed datagram: for the IPC tests only. */
void ipc_send_raw(struct ipc_chan *, const void *buf, size_t len);

/* true when s is NUL-terminated within n bytes */
bool ipc_str_ok(const char *s, size_t n);

/* A child's default handling of a bad message: one fatal line. */
void ipc_fatal_error(struct ipc_chan *, const char *reason)
    __attribute__((noreturn));

#endif
