/*
 * A child's side of the configuration stream: CONF_BEGIN, objects,
 * CONF_END. The objects are collected into a conf_set; at CONF_END the
 * child's apply function merges the new set over the old one, then the
 * parent is told CONF_APPLIED. The parent builds the same conf_set from
 * its parsed configuration before sending it, so both ends share one
 * description of "the part of the configuration a child gets".
 */
#ifndef VIGIL_CONF_RX_H
#define VIGIL_CONF_RX_H

#include <stdbool.h>
#include <stddef.h>

#include "ipc.h"

struct conf_set {
	uint32_t		 gen;
	uint32_t		 flags;		/* CONF_BEGIN_* */
	struct msg_conf_global	 global;
	struct msg_conf_instance *inst;
	size_t			 ninst;
	struct msg_conf_vip	*vip;
	size_t			 nvip;
	struct msg_conf_route	*route;
	size_t			 nroute;
	struct msg_conf_script	*script;
	size_t			 nscript;
	struct msg_conf_vs	*vs;
	size_t			 nvs;
	struct msg_conf_vsg	*vsg;
	size_t			 nvsg;
	struct msg_conf_rs	*rs;
	size_t			 nrs;
	struct msg_conf_check	*check;
	size_t			 ncheck;
	struct msg_conf_url	*url;
	size_t			 nurl;
	struct msg_conf_lvs_cmd	*lcmd;
	size_t			 nlcmd;
	struct msg_conf_ssl	 ssl;
	bool			 has_ssl;
	struct msg_conf_notify	*notify;
	size_t			 nnotify;
	struct msg_conf_track	*track;
	size_t			 ntrack;
	struct msg_conf_sync	*sync;
	size_t			 nsync;
	struct msg_conf_track_file *tfile;
	size_t			 ntfile;
	struct msg_conf_track_process *tproc;
	size_t			 ntproc;
	struct msg_conf_smtp	 smtp;		/* server "": no e-mail */
	struct msg_conf_mail	*mail;
	size_t			 nmail;
	struct msg_conf_fifo	*fifo;
	size_t			 nfifo;
	struct msg_conf_bfd	*bfd;
	size_t			 nbfd;
};

typedef void (*conf_apply_fn)(const struct conf_set *old,
    const struct conf_set *new);

struct conf_rx {
	bool			 streaming;
	struct conf_set		 cur;
	struct conf_set		 next;
	conf_apply_fn		 apply;
};

void conf_set_clear(struct conf_set *);
void conf_set_add_instance(struct conf_set *, const struct msg_conf_instance *);
void conf_set_add_vip(struct conf_set *, const struct msg_conf_vip *);
void conf_set_add_route(struct conf_set *, const struct msg_conf_route *);
void conf_set_add_script(struct conf_set *, const struct msg_conf_script *);
void conf_set_add_vs(struct conf_set *, const struct msg_conf_vs *);
void conf_set_add_vsg(struct conf_set *, const struct msg_conf_vsg *);
void conf_set_add_rs(struct conf_set *, const struct msg_conf_rs *);
void conf_set_add_check(struct conf_set *, const struct msg_conf_check *);
void conf_set_add_url(struct conf_set *, const struct msg_conf_url *);
void conf_set_add_lcmd(struct conf_set *, const struct msg_conf_lvs_cmd *);
void conf_set_add_notify(struct conf_set *, const struct msg_conf_notify *);
void conf_set_add_track(struct conf_set *, const struct msg_conf_track *);
void conf_set_add_sync(struct conf_set *, const struct msg_conf_sync *);
void conf_set_add_tfile(struct conf_set *, const struct msg_conf_track_file *);
void conf_set_add_tproc(struct conf_set *,
    const struct msg_conf_track_process *);
void conf_set_add_mail(struct conf_set *, const struct msg_conf_mail *);
void conf_set_add_fifo(struct conf_set *, const struct msg_conf_fifo *);
void conf_set_add_bfd(struct conf_set *, const struct msg_conf_bfd *);
const struct msg_conf_bfd *conf_set_bfd(const struct conf_set *,
    const char *name);
const struct msg_conf_instance *conf_set_instance(const struct conf_set *,
    const char *name);
const struct msg_conf_script *conf_set_script(const struct conf_set *,
    const char *name);
const struct msg_conf_track_file *conf_set_tfile(const struct conf_set *,
    const char *name);
const struct msg_conf_track_process *conf_set_tproc(const struct conf_set *,
    const char *name);
/* The FIFO of that kind (enum notify_fifo_kind), NULL if none. */
const struct msg_conf_fifo *conf_set_fifo(const struct conf_set *,
    uint32_t kind);
/* Word i (< nwords) of a track_process's words; the message was checked
 * on receipt (or built by the parent). */
const char *conf_tproc_word(const struct msg_conf_track_process *, size_t i);

/* Handle m if it is part of the configuration stream: true if consumed.
 * A stream out of order or a string without its NUL is fatal. */
bool conf_rx_dispatch(struct conf_rx *, struct ipc_chan *, struct ipc_msg *);

#endif
