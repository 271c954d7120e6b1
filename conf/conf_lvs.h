/*
 * LVS side of the typed configuration: virtual_server_group,
 * virtual_server, real_server, the health checkers (TCP_CHECK, HTTP_GET,
 * SSL_GET, SMTP_CHECK, DNS_CHECK, MISC_CHECK, PING_CHECK, UDP_CHECK) and
 * the SSL block. Tables: conf_lvs.c (virtual_server_group, virtual_server,
 * SSL), conf_lvs_rs.c and conf_lvs_checker.c; the check pass:
 * conf_lvs_check.c; the dump: conf_lvs_dump.c.
 *
 * After conf_load() every value is effective: what a real server or a
 * checker inherits from its virtual server (delay_loop, retry, weight,
 * lvs_method ...) has been copied down, and the checkers' own defaults
 * (keepalived's) are filled in.
 *
 * Times are in microseconds (*_us), as keepalived's resolution.
 */
#ifndef VIGIL_CONF_LVS_H
#define VIGIL_CONF_LVS_H

#include <stdio.h>

#include "conf/conf_types.h"

struct conf_track_file;

struct vigil_conf;
struct conf_ctx;
struct conf_block;

enum conf_lvs_sched {
	CONF_SCHED_RR, CONF_SCHED_WRR, CONF_SCHED_LC, CONF_SCHED_WLC,
	CONF_SCHED_LBLC, CONF_SCHED_LBLCR, CONF_SCHED_SH, CONF_SCHED_MH,
	CONF_SCHED_DH, CONF_SCHED_FO, CONF_SCHED_OVF, CONF_SCHED_SED,
	CONF_SCHED_NQ, CONF_SCHED_TWOS
};

enum conf_lvs_method { CONF_LVS_NAT, CONF_LVS_DR, CONF_LVS_TUN };
enum conf_lvs_tun { CONF_TUN_IPIP, CONF_TUN_GUE, CONF_TUN_GRE };
enum conf_lvs_csum { CONF_CSUM_NOCSUM, CONF_CSUM_CSUM, CONF_CSUM_REMCSUM };

/* lvs_method NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum] */
struct conf_lvs_forward {
	int		 method;	/* enum conf_lvs_method */
	int		 tun_type;	/* enum conf_lvs_tun */
	uint16_t	 tun_port;	/* gue only */
	int		 csum;		/* enum conf_lvs_csum */
};

/* protocol: IPPROTO_* values; 0 for fwmark services */
#define CONF_PROTO_TCP		6
#define CONF_PROTO_UDP		17
#define CONF_PROTO_SCTP		132

/* One line of a virtual_server_group. */
struct conf_vs_group_entry {
	TAILQ_ENTRY(conf_vs_group_entry) entry;
	struct conf_loc	 loc;
	bool		 is_fwmark;
	uint32_t	 fwmark;
	sa_family_t	 fwmark_family;	/* AF_UNSPEC unless inet/inet6 given */
	struct conf_addr first;		/* has_plen: written as a prefix */
	struct conf_addr last;		/* == first for a single address */
	uint16_t	 port;		/* 0: none */
};

struct conf_vs_group {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_vs_group) entry;
	char		*name;
	TAILQ_HEAD(, conf_vs_group_entry) entries;
	unsigned	 nentries;
	bool		 used;		/* referenced by a virtual_server */
};

enum conf_check_type {
	CONF_CHECK_TCP, CONF_CHECK_HTTP, CONF_CHECK_SSL, CONF_CHECK_SMTP,
	CONF_CHECK_DNS, CONF_CHECK_MISC, CONF_CHECK_PING, CONF_CHECK_UDP,
	CONF_CHECK_FILE, CONF_CHECK_BFD
};

enum conf_http_proto { CONF_HTTP_10, CONF_HTTP_10C, CONF_HTTP_11 };

enum conf_dns_type {
	CONF_DNS_A = 1, CONF_DNS_NS = 2, CONF_DNS_CNAME = 5, CONF_DNS_SOA = 6,
	CONF_DNS_MX = 15, CONF_DNS_TXT = 16, CONF_DNS_AAAA = 28
};

/* url { } of HTTP_GET / SSL_GET */
struct conf_url {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_url) entry;
	char		*path;
	char		*digest;	/* 32 lower-case hex digits, or NULL */
	uint64_t	 status[8];	/* bit (code - 100), codes 100-599 */
	char		*virtualhost;
	/* regex (conf_lvs_regex.c) */
	char		*regex;		/* NULL: none */
	bool		 regex_no_match;
	uint32_t	 regex_options;	/* PCRE2 compile bits */
	uint32_t	 regex_min_offset;
	uint32_t	 regex_max_offset;	/* with regex_max_set */
	bool		 regex_max_set;
	uint32_t	 regex_stack[2];	/* start, max; 0 0: none */
};

/* host { } of SMTP_CHECK (old form: one more address to check) */
struct conf_smtp_host {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_smtp_host) entry;
	struct conf_obj	*check;		/* the SMTP_CHECK it is in */
	struct conf_addr connect_ip;	/* AF_UNSPEC: the checker's */
	int		 connect_port;	/* 0: the checker's */
	struct conf_addr bindto;
	int		 bind_port;
	char		*bind_if;
	uint32_t	 fwmark;
	int64_t		 connect_timeout_us; /* 0: the checker's */
};

struct conf_check {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_check) entry;
	int		 type;		/* enum conf_check_type */
	/* connection (all but MISC_CHECK) */
	struct conf_addr connect_ip;	/* AF_UNSPEC: the real server's */
	int		 connect_port;	/* 0: the real server's, or when it
					 * has none SMTP 25, DNS 53 */
	struct conf_addr bindto;	/* AF_UNSPEC: none */
	int		 bind_port;	/* 0: none */
	char		*bind_if;
	uint32_t	 fwmark;	/* 0: none */
	int64_t		 connect_timeout_us;
	/* every checker */
	uint32_t	 retry;
	int64_t		 delay_before_retry_us;
	int64_t		 warmup_us;
	int64_t		 delay_loop_us;
	bool		 alpha;
	bool		 log_all_failures;
	/* HTTP_GET, SSL_GET */
	TAILQ_HEAD(, conf_url) urls;
	char		*virtualhost;	/* NULL: real or virtual server's */
	int		 http_protocol;	/* enum conf_http_proto */
	bool		 fast_recovery;
	bool		 enable_sni;
	/* SMTP_CHECK */
	char		*helo_name;
	TAILQ_HEAD(, conf_smtp_host) hosts;
	/* DNS_CHECK */
	int		 dns_type;	/* enum conf_dns_type */
	char		*dns_name;
	/* MISC_CHECK */
	char		*misc_path;	/* command line */
	int64_t		 misc_timeout_us;
	bool		 misc_dynamic;
	char		*user;		/* "user [group]", NULL: script_user */
	/* UDP_CHECK */
	uint8_t		*payload;	/* NULL: random */
	size_t		 payload_len;
	bool		 require_reply;
	uint8_t		*reply;		/* expected start of the reply */
	uint8_t		*reply_mask;	/* 0xf0/0x0f/0xff: nibbles compared */
	size_t		 reply_len;
	int		 min_reply_length;
	int		 max_reply_length;
	/* FILE_CHECK (conf_lvs_file.c) */
	char		*track_file;	/* the track_file block's name */
	int		 file_weight;	/* weight N [reverse] */
	bool		 file_reverse;
	bool		 file_weight_given;
	const struct conf_track_file *file_target; /* set by the check pass */
	/* BFD_CHECK (conf_lvs_bfd.c) */
	char		*bfd_name;	/* the bfd_instance's name */
	const struct conf_bfd *bfd_target; /* set by the check pass */
};

struct conf_real_server {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_real_server) entry;
	struct conf_addr addr;
	int		 port;		/* effective (0 for fwmark DR/TUN) */
	uint32_t	 weight;
	struct conf_lvs_forward fwd;
	char		*notify_up;
	char		*notify_down;
	uint32_t	 uthreshold;
	uint32_t	 lthreshold;
	bool		 inhibit_on_failure;
	bool		 alpha;
	bool		 smtp_alert;
	/* defaults of the checkers, as written (see conf_kw_given) */
	uint32_t	 retry;
	int64_t		 delay_before_retry_us;
	int64_t		 warmup_us;
	int64_t		 connect_timeout_us;
	int64_t		 delay_loop_us;
	char		*virtualhost;
	TAILQ_HEAD(, conf_check) checks;
	unsigned	 nchecks;
	char		*snmp_name;	/* KEEPALIVED-MIB realServerName */
};

enum conf_vs_kind { CONF_VS_ADDR, CONF_VS_FWMARK, CONF_VS_GROUP };

struct conf_virtual_server {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_virtual_server) entry;
	int		 kind;		/* enum conf_vs_kind */
	struct conf_addr addr;		/* CONF_VS_ADDR */
	int		 port;		/* CONF_VS_ADDR; 0: persistent, any */
	uint32_t	 fwmark;	/* CONF_VS_FWMARK */
	char		*group;		/* CONF_VS_GROUP */
	struct conf_loc	 group_loc;
	struct conf_vs_group	*vsg;		/* resolved by the check pass */
	int		 sched;		/* enum conf_lvs_sched */
	struct conf_lvs_forward fwd;
	int		 protocol;	/* CONF_PROTO_*; 0 for fwmark */
	uint32_t	 persistence_timeout;	/* s, 0: not persistent */
	bool		 pgran_set;	/* persistence_granularity */
	sa_family_t	 pgran_family;
	uint8_t		 pgran_plen;	/* as a prefix length */
	char		*persistence_engine;
	int		 ip_family;	/* AF_INET, AF_INET6, AF_UNSPEC */
	int64_t		 delay_loop_us;
	int64_t		 connect_timeout_us;
	uint32_t	 retry;		/* see conf_kw_given */
	int64_t		 delay_before_retry_us;
	int64_t		 warmup_us;
	bool		 inhibit_on_failure;
	bool		 alpha;
	bool		 omega;
	bool		 ha_suspend;
	uint32_t	 quorum;
	uint32_t	 hysteresis;
	char		*quorum_up;
	char		*quorum_down;
	uint32_t	 weight;	/* default weight of the real servers */
	bool		 smtp_alert;
	char		*virtualhost;
	bool		 ops, hashed, flag1, flag2, flag3;
	bool		 sh_port, sh_fallback, mh_port, mh_fallback;
	bool		 has_sorry;
	struct conf_addr sorry_addr;
	int		 sorry_port;
	bool		 sorry_inhibit;
	struct conf_lvs_forward sorry_fwd;
	TAILQ_HEAD(, conf_real_server) real_servers;
	unsigned	 nrs;
	char		*snmp_name;	/* KEEPALIVED-MIB virtualServerName */
};

/* SSL { }: client certificate of SSL_GET checks. */
struct conf_ssl {
	struct conf_obj	 obj;
	char		*password;
	char		*ca;
	char		*certificate;
	char		*key;
};

/* Member of struct vigil_conf. */
struct conf_lvs {
	TAILQ_HEAD(, conf_virtual_server) vss;
	TAILQ_HEAD(, conf_vs_group) groups;
	struct conf_ssl	*ssl;		/* NULL: no SSL block */
};

/* Top-level blocks, listed in the top-level table of conf.c. */
extern const struct conf_block conf_lvs_virtual_server_block;
extern const struct conf_block conf_lvs_virtual_server_group_block;
extern const struct conf_block conf_lvs_ssl_block;

/* Hooks called by conf.c: init when the config is created, check after
 * the whole input is read (cross-references, inheritance, defaults that
 * depend on other values), dump after the VRRP part, free. */
void	conf_lvs_init(struct vigil_conf *conf);
void	conf_lvs_check(struct conf_ctx *ctx, struct vigil_conf *conf);
void	conf_lvs_dump(const struct vigil_conf *conf, FILE *out);
void	conf_lvs_free(struct vigil_conf *conf);

/* Names, for messages and logs. */
const char *conf_lvs_sched_name(int sched);
const char *conf_lvs_method_name(int method);
const char *conf_check_type_name(int type);

#endif
