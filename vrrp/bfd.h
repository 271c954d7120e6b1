/*
 * BFD (RFC 5880 asynchronous mode, RFC 5881 single hop, RFC 5883 multi
 * hop) in the vrrp child.
 *
 *   bfd_packet.c	the control packet: build, parse and the RFC 5880
 *			6.8.6 checks that need no session (pure)
 *   bfd_fsm.c		one session's state machine and timer arithmetic,
 *			driven by packets and the time (pure, unit-tested)
 *   vrrp_bfd.c		sockets, sessions, libevent timers; track_bfd
 *			(vrrp_engine_tracked) and the check child
 *			(MSG_BFD_STATE) told of every change to or from Up
 */
#ifndef VIGIL_VRRP_BFD_H
#define VIGIL_VRRP_BFD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/ipc.h"		/* BFD_STATE_*, struct msg_conf_bfd */

#define BFD_PORT		3784	/* RFC 5881 */
#define BFD_MULTIHOP_PORT	4784	/* RFC 5883 */
#define BFD_SPORT_MIN		49152
#define BFD_SPORT_MAX		65535
#define BFD_PKT_LEN		24	/* without authentication */
#define BFD_VERSION		1
#define BFD_SLOW_US		1000000	/* RFC 5880 6.8.3: at least 1 s
					 * while not Up */

/* Diagnostics (RFC 5880 4.1). */
enum bfd_diag {
	BFD_DIAG_NONE, BFD_DIAG_EXPIRED, BFD_DIAG_ECHO, BFD_DIAG_NEIGHBOR_DOWN,
	BFD_DIAG_FWD_RESET, BFD_DIAG_PATH_DOWN, BFD_DIAG_CONCAT_DOWN,
	BFD_DIAG_ADMIN_DOWN, BFD_DIAG_REV_CONCAT_DOWN, BFD_DIAG_MAX
};

struct bfd_pkt {
	uint8_t		 version;
	uint8_t		 diag;
	uint8_t		 state;		/* BFD_STATE_* */
	bool		 poll, final, cpi, auth, demand, multipoint;
	uint8_t		 detect_mult;
	uint8_t		 length;
	uint32_t	 my_discr;
	uint32_t	 your_discr;
	uint32_t	 desired_min_tx;	/* us */
	uint32_t	 required_min_rx;	/* us */
	uint32_t	 required_min_echo_rx;	/* us */
};

/* Why a received packet was dropped (or BFD_RX_OK), in the order of the
 * checks. Each is counted; none changes a session. */
enum bfd_rx_reason {
	BFD_RX_OK,
	BFD_RX_SHORT,		/* fewer than 24 bytes */
	BFD_RX_VERSION,		/* not version 1 */
	BFD_RX_LENGTH,		/* Length below 24 (26 with A) or beyond
				 * the datagram */
	BFD_RX_MULT,		/* Detect Mult 0 */
	BFD_RX_MULTIPOINT,	/* M set */
	BFD_RX_MY_DISCR,	/* My Discriminator 0 */
	BFD_RX_TTL,		/* TTL / hop limit below what max_hops allows */
	BFD_RX_YOUR_DISCR,	/* Your Discriminator names no session */
	BFD_RX_NO_SESSION,	/* Your Discriminator 0: no session for the
				 * addresses and port */
	BFD_RX_ZERO_DISCR_STATE, /* Your Discriminator 0 in Init or Up */
	BFD_RX_AUTH,		/* A set: no authentication is configured */
	BFD_RX_MAX
};

const char *bfd_rx_reason_name(int);
const char *bfd_rx_key(int);		/* one word: "ttl", "auth" */
const char *bfd_state_name(int);
const char *bfd_diag_name(int);

/* Parse len bytes; BFD_RX_OK and *p filled, or the first check that
 * failed among SHORT..MY_DISCR (the session-independent ones). */
enum bfd_rx_reason bfd_pkt_parse(const uint8_t *buf, size_t len,
	    struct bfd_pkt *p);
/* Write p as 24 bytes (no authentication); returns 24. */
size_t	bfd_pkt_build(const struct bfd_pkt *p, uint8_t buf[BFD_PKT_LEN]);
/* Whether a packet that arrived with that TTL / hop limit is accepted by
 * a session that sends sent_ttl and allows max_hops (-1: any). */
bool	bfd_ttl_ok(int rx_ttl, int sent_ttl, int max_hops);

/* One session's state (RFC 5880 6.8.1 names in comments). Times in
 * microseconds, on the caller's monotonic clock. */
struct bfd_fsm {
	/* configuration */
	uint32_t	 min_tx_us;
	uint32_t	 min_rx_us;
	uint32_t	 idle_tx_us;
	uint8_t		 mult;		/* bfd.DetectMult */
	bool		 passive;
	/* state */
	uint8_t		 state;		/* bfd.SessionState */
	uint8_t		 remote_state;	/* bfd.RemoteSessionState */
	uint8_t		 diag;		/* bfd.LocalDiag */
	uint8_t		 remote_diag;	/* the last one received */
	uint32_t	 local_discr;	/* bfd.LocalDiscr */
	uint32_t	 remote_discr;	/* bfd.RemoteDiscr */
	uint32_t	 desired_min_tx;	/* bfd.DesiredMinTxInterval */
	uint32_t	 required_min_rx;	/* bfd.RequiredMinRxInterval */
	uint32_t	 remote_min_rx;	/* bfd.RemoteMinRxInterval */
	uint32_t	 remote_min_tx;	/* last Desired Min TX received */
	uint8_t		 remote_mult;	/* last Detect Mult received */
	bool		 poll;		/* a Poll Sequence is under way */
	bool		 final_due;	/* answer a Poll with F */
	uint64_t	 detect_at;	/* detection timer, 0: not armed */
	/* counters */
	uint64_t	 rx, tx, polls, ups, downs;
	uint64_t	 changed_at;	/* last state change */
};

/* What the caller must do after an event (bits). */
#define BFD_ACT_STATE		0x1	/* the state changed */
#define BFD_ACT_SEND		0x2	/* send a packet now */
#define BFD_ACT_TIMERS		0x4	/* intervals or detection changed */

void	bfd_fsm_init(struct bfd_fsm *, const struct msg_conf_bfd *,
	    uint32_t local_discr, uint64_t now);
/* A reload changed min_tx, min_rx, idle_tx or the multiplier: the new
 * values, announced by a Poll Sequence when Up (RFC 5880 6.8.3). */
unsigned bfd_fsm_retime(struct bfd_fsm *, const struct msg_conf_bfd *,
	    uint64_t now);
/* A packet that passed every check, for this session. */
unsigned bfd_fsm_rx(struct bfd_fsm *, const struct bfd_pkt *, uint64_t now);
/* The detection timer fired at now (early calls do nothing). */
unsigned bfd_fsm_expire(struct bfd_fsm *, uint64_t now);
/* The packet to send now; clears final_due (an F answers one Poll). */
void	bfd_fsm_tx(struct bfd_fsm *, struct bfd_pkt *);
/* Whether periodic packets are sent now: not by a passive session that
 * has not heard its neighbour, nor when the neighbour asks for none
 * (Required Min RX 0). */
bool	bfd_fsm_sending(const struct bfd_fsm *);
/* The interval between packets before jitter: the larger of what we
 * want to send at and what the neighbour can receive. */
uint32_t bfd_fsm_tx_interval(const struct bfd_fsm *);
/* The detection time: the neighbour's multiplier times the larger of our
 * Required Min RX and its Desired Min TX; 0 before any packet. */
uint64_t bfd_fsm_detect_time(const struct bfd_fsm *);
/* interval reduced by RFC 5880 6.8.7's jitter: to 75-100 % (75-90 % with
 * a multiplier of 1); rnd is any random number. */
uint32_t bfd_jitter(uint32_t interval, uint8_t mult, uint32_t rnd);

/* The vrrp child's side (vrrp_bfd.c). */
struct event_base;
struct conf_set;
struct ipc_chan;
void	vrrp_bfd_init(struct event_base *);
void	vrrp_bfd_apply(const struct conf_set *);
void	vrrp_bfd_shutdown(void);
/* The session's state for a new tracker: false if there is none. */
bool	vrrp_bfd_up(const char *name, bool *up);
void	vrrp_bfd_dump(struct ipc_chan *, uint32_t id);
void	vrrp_bfd_status(struct ipc_chan *, uint32_t id);
/* Send every session's state to the check child (a new channel). */
void	vrrp_bfd_peer(void);

#endif
