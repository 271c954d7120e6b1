/*
 * nftables_ipvs: the check child marks the packets of virtual server
 * groups with nftables, so that each group is one fwmark service in
 * IPVS instead of one service per address and port. Its table:
 *
 *	table inet keepalived_ipvs {
 *		chain prerouting { type filter hook prerouting priority -1;
 *			ip daddr 192.0.2.10-192.0.2.12 meta l4proto tcp
 *			    th dport 80 meta mark set 1000 ... }
 *		chain output { type route hook output priority -1; (same) }
 *	}
 *
 * one rule per address line of a group (a range is one rule), rebuilt in
 * one transaction when the configuration changes, removed at stop.
 */
#ifndef VIGIL_CHECK_NFT_H
#define VIGIL_CHECK_NFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHECK_NFT_IPVS_TABLE	"keepalived_ipvs"	/* default name */

/* One address line of a group: addresses first..last (network order),
 * protocol, port (0: any), and the mark its virtual server's fwmark
 * service has. */
struct check_nft_line {
	int		 af;		/* AF_INET, AF_INET6 */
	uint8_t		 first[16];
	uint8_t		 last[16];
	uint8_t		 proto;		/* IPPROTO_TCP, UDP, SCTP */
	uint16_t	 port;		/* host order; 0: any */
	uint32_t	 mark;
};

/* Make the table hold exactly these lines (n 0: remove it). table ""
 * is CHECK_NFT_IPVS_TABLE. 0, or -1 after logging why. */
int	check_nft_sync(const char *table, int32_t prio,
	    const struct check_nft_line *, size_t n);
/* Remove the table if check_nft_sync made it (stop). */
void	check_nft_remove(void);
/* net_namespace_ipvs: open the netfilter socket now, in the namespace
 * the caller is in (check_ipvs_netns_open, inside the namespace). */
void	check_nft_open_here(void);

/* Pure: the batch for the lines into buf (tests read it back); its
 * length, 0 if it does not fit. */
size_t	check_nft_build(char *buf, size_t cap, uint32_t seq,
	    const char *table, int32_t prio, const struct check_nft_line *,
	    size_t n, unsigned *nacks);

#endif
