/*
 * LVS side of the typed configuration: virtual_server, real_server and
 * their checks, virtual_server_group. Tables: conf_lvs.c (written against
 * the engine API in conf_schema.h).
 *
 * (Initial stub by the conf/ engine work: a minimal virtual_server and
 * virtual_server_group so that the engine hooks exist. The LVS work owns
 * this file and conf_lvs.c from here on.)
 */
#ifndef VIGIL_CONF_LVS_H
#define VIGIL_CONF_LVS_H

#include <stdio.h>

#include "conf/conf_types.h"

struct vigil_conf;
struct conf_ctx;
struct conf_block;

enum conf_lvs_method { CONF_LVS_NAT, CONF_LVS_DR, CONF_LVS_TUN };

struct conf_real_server {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_real_server) entry;
	struct conf_addr addr;
	int		 port;
	int		 weight;		/* 1 */
};

struct conf_virtual_server {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_virtual_server) entry;
	/* "virtual_server IP PORT", "fwmark N" or "group NAME" */
	struct conf_addr addr;
	int		 port;
	uint32_t	 fwmark;
	char		*group;
	int		 delay_loop;		/* 60 s */
	char		*lvs_sched;		/* wlc */
	int		 lvs_method;		/* enum conf_lvs_method, NAT */
	int		 protocol;		/* IPPROTO_TCP */
	TAILQ_HEAD(, conf_real_server) real_servers;
};

/* virtual_server_group NAME { entry lines } */
struct conf_vs_group_entry {
	TAILQ_ENTRY(conf_vs_group_entry) entry;
	struct conf_loc	 loc;
	char		*text;
};

struct conf_vs_group {
	struct conf_obj	 obj;
	TAILQ_ENTRY(conf_vs_group) entry;
	char		*name;
	TAILQ_HEAD(, conf_vs_group_entry) entries;
};

struct conf_lvs {
	TAILQ_HEAD(, conf_virtual_server) vss;
	TAILQ_HEAD(, conf_vs_group) groups;
};

/* Top-level blocks, listed in the top-level table of conf.c. */
extern const struct conf_block conf_lvs_virtual_server_block;
extern const struct conf_block conf_lvs_virtual_server_group_block;

/* Hooks called by conf.c: init when the config is created, check after
 * the whole input is read (cross-references), dump after the VRRP part,
 * free. */
void	conf_lvs_init(struct vigil_conf *conf);
void	conf_lvs_check(struct conf_ctx *ctx, struct vigil_conf *conf);
void	conf_lvs_dump(const struct vigil_conf *conf, FILE *out);
void	conf_lvs_free(struct vigil_conf *conf);

#endif
