/*
 * DNS_CHECK's query and reply, as pure functions (no I/O, unit-tested and
 * fuzzed): the query check_dns.c sends, and what a datagram that came
 * back says about the server.
 */
#ifndef VIGIL_CHECK_DNS_H
#define VIGIL_CHECK_DNS_H

#include <stddef.h>
#include <stdint.h>

#define CHECK_DNS_HDR		12	/* id, flags, 4 counts */
#define CHECK_DNS_NAME_MAX	255	/* encoded name, RFC 1035 2.3.4 */
#define CHECK_DNS_QUERY_MAX	(CHECK_DNS_HDR + CHECK_DNS_NAME_MAX + 4)

/* keepalived's types by name (A, NS, CNAME, SOA, MX, TXT, AAAA), or a
 * number 1-65535; -1 if neither. */
int	check_dns_type(const char *name);

/*
 * The query for name (dotted, "." or "" for the root, a last dot
 * allowed) of type, class IN, with id and RD set, into buf (at least
 * CHECK_DNS_QUERY_MAX bytes). Its length, or -1 when name cannot be
 * encoded (an empty label, a label over 63 bytes, over 255 in all).
 */
int	check_dns_query(uint8_t *buf, size_t len, uint16_t id, int type,
	    const char *name);

enum check_dns_verdict {
	CHECK_DNS_OK,		/* an answer to the query, rcode NOERROR */
	CHECK_DNS_FAIL,		/* an answer with an error rcode */
	CHECK_DNS_IGNORE,	/* no answer to the query: keep waiting */
};

/*
 * What the datagram reply (rlen bytes) says about query (qlen bytes, as
 * check_dns_query made it): a verdict, the reply's rcode (0 if it has
 * none) and, when not CHECK_DNS_OK, *why in words ("id mismatch",
 * "rcode 3 (NXDOMAIN)" written into whybuf).
 */
enum check_dns_verdict check_dns_reply(const uint8_t *query, size_t qlen,
	    const uint8_t *reply, size_t rlen, int *rcode, char *whybuf,
	    size_t whylen);

#endif
