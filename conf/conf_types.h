/*
 * Value types shared by every part of the typed configuration: source
 * locations, addresses and the header every configuration object starts
 * with. Kept apart from conf.h so that conf_lvs.h can use them too.
 */
#ifndef VIGIL_CONF_TYPES_H
#define VIGIL_CONF_TYPES_H

#include <sys/queue.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

/* Where something was written. file points into vigil_conf.files and lives
 * as long as the configuration. line and col are 1-based; col counts
 * characters, not bytes. file NULL: a built-in default. */
struct conf_loc {
	const char	*file;
	unsigned	 line;
	unsigned	 col;
};

/* An IPv4 or IPv6 address with a prefix length. family is AF_UNSPEC when
 * the value was not given. plen is 32 or 128 when no "/len" was written;
 * has_plen tells whether it was. */
struct conf_addr {
	sa_family_t	 family;
	uint8_t		 plen;
	bool		 has_plen;
	union {
		struct in_addr	v4;
		struct in6_addr	v6;
	} u;
};

/* Bit set of the keywords given explicitly in a block (by index in the
 * block's keyword table), so that the dump and checks can tell "given"
 * from "default". */
#define CONF_MAX_KW	256

/* Every object made from a block { } starts with this header. */
struct conf_obj {
	struct conf_loc	 loc;		/* of the keyword that opened it */
	uint8_t		 set[CONF_MAX_KW / 8];
};

#endif
