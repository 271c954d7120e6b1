/*
 * The control socket's protocol, shared by vigild (core/ctl.c, and the
 * children that write status records) and vigilctl (core/vigilctl.c).
 *
 * A client connects to the SOCK_STREAM socket, writes one command line
 * ("status", "reload", "dump", "dump stats") and reads lines until the
 * daemon closes. The last line is "%end ok" or "%end error TEXT"; an
 * answer without it was cut short (vigild dropped the client, or died).
 *
 * "status" answers with records, one per line: a kind, then fields
 * "key=value" separated by tabs (values never hold a tab or a newline;
 * lists inside a value are separated by commas). The kinds and their keys
 * are listed in vigilctl(8), which turns them into text, JSON and
 * Prometheus metrics; a key it does not know is passed on as it is.
 */
#ifndef VIGIL_CTL_H
#define VIGIL_CTL_H

#define CTL_SOCKET_DEFAULT	"/run/vigil/vigil.sock"
#define CTL_END			"%end"
#define CTL_CMD_MAX		64	/* longest command line */

/* Record kinds. */
#define CTL_REC_DAEMON		"daemon"	/* the parent */
#define CTL_REC_INSTANCE	"instance"	/* a vrrp_instance */
#define CTL_REC_TRACK		"track"		/* of an instance */
#define CTL_REC_SOCKET		"socket"	/* VRRP socket drops */
#define CTL_REC_TRACK_FILE	"track_file"
#define CTL_REC_TRACK_PROCESS	"track_process"
#define CTL_REC_SCRIPT		"script"	/* a vrrp_script */
#define CTL_REC_VS		"virtual_server"
#define CTL_REC_RS		"real_server"
#define CTL_REC_CHECKER		"checker"	/* checkers' totals */
#define CTL_REC_BFD		"bfd"		/* a bfd_instance's session */
#define CTL_REC_BFD_RX		"bfd_rx"	/* BFD packets taken, dropped */
#define CTL_REC_VIP		"vip"		/* an instance's address */
#define CTL_REC_SYNC_GROUP	"sync_group"	/* a vrrp_sync_group */

#endif
