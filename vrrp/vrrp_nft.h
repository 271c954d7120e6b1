/*
 * Accept mode (RFC 5798 section 6.1): a master that does not own its
 * addresses and runs with no_accept (vrrp_strict implies it) drops
 * packets addressed to its VIPs. vigil does it with nftables rules of its
 * own, programmed over netlink (libnftnl, libmnl), in one table:
 *
 *	table inet vigil {
 *		set vips4 { type ipv4_addr }
 *		set vips6 { type ipv6_addr }
 *		chain in { type filter hook input priority -1; policy accept;
 *			icmpv6 type nd-neighbor-solicit..nd-neighbor-advert accept
 *			ip daddr @vips4 drop
 *			ip6 daddr @vips6 drop }
 *		chain out { type filter hook output priority -1; policy accept;
 *			(the same with saddr) }
 *	}
 *
 * so that 1,000 instances are six rules and 1,000 set elements. ARP is
 * not in the inet family, and VRRP adverts are addressed to the group or
 * to a peer's address, so neither is touched.
 *
 *   vrrp_nft_rules.c	the netlink batches (pure: built into a buffer)
 *   vrrp_nft.c		the socket; the vrrp child's elements and hooks
 */
#ifndef VIGIL_VRRP_NFT_H
#define VIGIL_VRRP_NFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/ipc.h"

#define VRRP_NFT_TABLE		"vigil"	/* the default table name */
#define VRRP_NFT_PRIO		(-1)	/* keepalived's: filter - 1 */

/* What global_defs says of the table (nftables, nftables_priority,
 * nftables_counters). */
struct vrrp_nft_conf {
	char		 table[IPC_NAME_LEN];	/* "" for VRRP_NFT_TABLE */
	int32_t		 prio;
	bool		 counters;
};

/* One address in a set. */
struct vrrp_nft_elem {
	uint8_t		 family;		/* AF_INET, AF_INET6 */
	uint8_t		 addr[16];
};

/* A netlink batch being built into buf. */
struct vrrp_nft_batch {
	char		*buf;
	size_t		 cap;
	size_t		 len;
	uint32_t	 seq;		/* next sequence number */
	uint32_t	 first;		/* of the first message acked */
	unsigned	 nmsg;		/* messages that ask for an ack */
	bool		 overflow;
};

/* The buffer size a batch of n elements needs at most. */
size_t	vrrp_nft_batch_size(size_t n);
void	vrrp_nft_batch_init(struct vrrp_nft_batch *, char *buf, size_t cap,
	    uint32_t seq);
/* Begin / end markers of a transaction. */
void	vrrp_nft_batch_begin(struct vrrp_nft_batch *);
void	vrrp_nft_batch_end(struct vrrp_nft_batch *);
/* (Re)create the table: any table of that name is replaced, in the same
 * transaction, by one holding the sets, chains and rules, and the n
 * elements. */
void	vrrp_nft_put_table(struct vrrp_nft_batch *, const struct vrrp_nft_conf *,
	    const struct vrrp_nft_elem *, size_t n);
/* Delete the table (create it first, so that a missing one is no
 * error). */
void	vrrp_nft_put_deltable(struct vrrp_nft_batch *, const char *table);
/* Add or remove the n elements of one family to / from its set. */
void	vrrp_nft_put_elems(struct vrrp_nft_batch *, const char *table,
	    bool add, int family, const struct vrrp_nft_elem *, size_t n);
/* The table's name as used ("" is VRRP_NFT_TABLE). */
const char *vrrp_nft_table_name(const char *table);

/*
 * Send a batch on a NETLINK_NETFILTER socket from vrrp_nft_socket() and
 * read its acks: 0, or -1 with errno set to the first error.
 */
struct mnl_socket *vrrp_nft_socket(void);
int	vrrp_nft_send(struct mnl_socket *, struct vrrp_nft_batch *);

/*
 * Remove table (NULL: VRRP_NFT_TABLE) and everything in it, from any
 * process with CAP_NET_ADMIN: the parent after a vrrp child crash,
 * vigild --release. 1 if it was there, 0 if not, -1 on error (logged).
 */
int	vrrp_nft_table_delete(const char *table);

/* The vrrp child (vrrp_nft.c). */
struct vrrp_rt;
void	vrrp_nft_vips_up(struct vrrp_rt *);	/* before its addresses */
void	vrrp_nft_vips_down(struct vrrp_rt *);	/* after its addresses */
/* After each configuration (start, reload). */
void	vrrp_nft_sync(const struct msg_conf_global *);
void	vrrp_nft_stopping(void);		/* before the instances leave */
void	vrrp_nft_shutdown(void);		/* after: the table goes */
bool	vrrp_nft_wanted(const struct vrrp_rt *);
size_t	vrrp_nft_count(void);			/* addresses in the sets */

#endif
