/*
 * track_file and vrrp_track_process in the vrrp child: the objects feed
 * the instances' priorities directly (vrrp_engine_tracked), with no
 * program run and no message to another process.
 *
 *   vrrp_track_file.c	files: read at start, again on inotify events
 *   vrrp_track_proc.c	processes: one /proc scan, then the kernel's
 *			process events connector (or a /proc scan every
 *			second where the connector cannot be used)
 *   vrrp_track_match.c	the pure logic of both, unit-tested: a file's
 *			number, a process against its line, quorum, delays
 */
#ifndef VIGIL_VRRP_TRACK_H
#define VIGIL_VRRP_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/conf_rx.h"

struct event_base;
struct ipc_chan;
struct vrrp_link_addr_event;
struct vrrp_rt;
struct vrrp_track_if;

/* The number a track_file holds: blanks, an optional sign, decimal digits
 * (a 32-bit value), blanks; 0 and *v set, or -1 (empty, not a number, out
 * of range). */
int	vrrp_tfile_parse(const char *buf, size_t len, int64_t *v);

/* Whether a process matches a vrrp_track_process. comm is its name
 * (/proc/PID/comm, at most 15 characters); cmdline its len bytes of
 * NUL-separated arguments (/proc/PID/cmdline), read only when
 * vrrp_tproc_wants_cmdline() says so (NULL, 0 otherwise). */
bool	vrrp_tproc_wants_cmdline(const struct msg_conf_track_process *);
bool	vrrp_tproc_match(const struct msg_conf_track_process *,
	    const char *comm, const char *cmdline, size_t len);
/* Whether n processes make the quorum (quorum..quorum_max). */
bool	vrrp_tproc_quorum(const struct msg_conf_track_process *, uint32_t n);

/* What to do when the count changed: the state reported (up) against
 * what the count says now (ok). */
enum vrrp_tproc_step {
	VRRP_TPROC_KEEP,	/* ok == up: nothing (a pending wait ends) */
	VRRP_TPROC_REPORT,	/* report ok now */
	VRRP_TPROC_WAIT,	/* report ok after the delay, if it holds */
};
enum vrrp_tproc_step vrrp_tproc_step(const struct msg_conf_track_process *,
	    bool up, bool ok, uint64_t *delay_us);

/* Files (vrrp_track_file.c). */
void	vrrp_tfile_init(struct event_base *);
void	vrrp_tfile_apply(const struct conf_set *);
bool	vrrp_tfile_value(const char *name, int64_t *v);
void	vrrp_tfile_dump(struct ipc_chan *, uint32_t id);
void	vrrp_tfile_status(struct ipc_chan *, uint32_t id);	/* records */

/* Processes (vrrp_track_proc.c). init runs while the child is still
 * privileged: it opens the connector socket. */
void	vrrp_tproc_init(struct event_base *);
void	vrrp_tproc_apply(const struct conf_set *);
bool	vrrp_tproc_up(const char *name, bool *up);
void	vrrp_tproc_dump(struct ipc_chan *, uint32_t id);
void	vrrp_tproc_status(struct ipc_chan *, uint32_t id);	/* records */
void	vrrp_tproc_shutdown(void);
/* process_monitor_rcv_bufs: msg_conf_global's proc_mon_rcvbuf */
void	vrrp_tproc_rcvbuf(uint32_t);

/* track_src_ip (vrrp_track_src.c): the tracker's name (false: the
 * instance has none), its state from the kernel (at start and reload),
 * the link socket's address callback, and a fresh look at every one
 * after lost events. */
bool	vrrp_tsrc_name(const struct vrrp_rt *, char *buf, size_t len);
void	vrrp_tsrc_refresh(const struct vrrp_rt *, struct vrrp_track_if *);
void	vrrp_tsrc_addr_cb(const struct vrrp_link_addr_event *, void *);
void	vrrp_tsrc_resync(void);

/* Whether the configuration set has a tracker of that type and name. */
bool	vrrp_track_used(const struct conf_set *, int type, const char *name);

#endif
