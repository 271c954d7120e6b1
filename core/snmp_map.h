/*
 * The SNMP agent's pure part: vigild's status document (vigilctl status
 * --json) -> the KEEPALIVED-MIB variables as keepalived 2.2.7 serves
 * them (core/snmp_map.c, the global scalars and the VRRP tables in
 * core/snmp_vrrp.c), and an event (vigilctl events) -> the trap
 * keepalived sends for it. No net-snmp here: the agent
 * (core/snmp_agent.c) turns these into its varbinds, and the unit tests
 * (test/unit/test_snmp_map.c) check them directly.
 */
#ifndef VIGIL_SNMP_MAP_H
#define VIGIL_SNMP_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define SNMP_OID_MAX	64

enum snmp_type {
	SNMP_T_INT,		/* INTEGER (enumerations too) */
	SNMP_T_GAUGE,		/* Gauge32 / Unsigned32 */
	SNMP_T_STRING,		/* DisplayString, octets with a NUL-free text */
	SNMP_T_OCTETS,		/* OCTET STRING (addresses) */
	SNMP_T_OID,		/* OBJECT IDENTIFIER (snmpTrapOID) */
	SNMP_T_COUNTER32,	/* Counter32 */
	SNMP_T_COUNTER64,	/* Counter64 */
	SNMP_T_TICKS,		/* TimeTicks (hundredths of a second) */
	SNMP_T_IPADDR,		/* IpAddress (4 octets) */
};

struct snmp_var {
	uint32_t	 oid[SNMP_OID_MAX];
	size_t		 len;
	enum snmp_type	 type;
	long long	 num;
	unsigned char	*str;		/* STRING, OCTETS; OID: uint32_t[] */
	size_t		 slen;		/* bytes; OID: subidentifiers */
};

struct snmp_vars {
	struct snmp_var	*v;
	size_t		 n, cap;
};

/* 1.3.6.1.4.1.9586.100.5: KEEPALIVED-MIB's keepalived. */
extern const uint32_t snmp_keepalived_oid[];
extern const size_t snmp_keepalived_len;

/* The interface index of a name (0: none); the agent's if_nametoindex,
 * the tests' table. */
typedef unsigned int (*snmp_ifindex_fn)(const char *name);

/* Fill vars with every KEEPALIVED-MIB variable the document describes
 * (global scalars, VRRP tables), sorted by OID. */
void	snmp_map_keepalived(json_t *doc, const char *version,
	    snmp_ifindex_fn, struct snmp_vars *vars);

/* The variable at oid (exact), or the first after it (next); NULL when
 * none. vars sorted. */
const struct snmp_var *snmp_vars_find(const struct snmp_vars *,
	    const uint32_t *oid, size_t len, bool next);
int	snmp_oid_cmp(const uint32_t *a, size_t alen, const uint32_t *b,
	    size_t blen);
void	snmp_vars_clear(struct snmp_vars *);
void	snmp_vars_sort(struct snmp_vars *);

/* Appending one variable: base (n subids) then the rest (-1 ends). */
void	snmp_add_int(struct snmp_vars *, enum snmp_type, long long v,
	    const uint32_t *base, size_t n, ...);
void	snmp_add_str(struct snmp_vars *, enum snmp_type, const void *s,
	    size_t len, const uint32_t *base, size_t n, ...);
void	snmp_add_oid(struct snmp_vars *, const uint32_t *val, size_t vlen,
	    const uint32_t *base, size_t n, ...);

/* core/snmp_vrrp.c: the VRRP part (sync groups, instances, addresses). */
void	snmp_map_vrrp(json_t *doc, snmp_ifindex_fn, struct snmp_vars *);
/* KEEPALIVED-MIB's VrrpState of a status or event "state" word; a sync
 * group's, from its members' in doc. */
int	snmp_vrrp_state(const char *state);
int	snmp_group_state(json_t *doc, json_t *group);

/* 1.3.6.1.2.1.207: VRRPV3-MIB (RFC 6527). */
extern const uint32_t snmp_vrrpv3_oid[];
extern const size_t snmp_vrrpv3_len;

/* An interface's MAC address (false: none). */
typedef bool (*snmp_hwaddr_fn)(const char *name, unsigned char mac[6]);

/* core/snmp_vrrpv3.c: VRRPV3-MIB's variables for the version 3
 * instances of doc (appended; sort after). */
void	snmp_map_vrrpv3(json_t *doc, snmp_ifindex_fn, snmp_hwaddr_fn,
	    struct snmp_vars *vars);
/* vrrpv3NewMaster for an event of a version 3 instance entering MASTER
 * (false: none). */
bool	snmp_map_trap_vrrpv3(json_t *event, json_t *doc, snmp_ifindex_fn,
	    struct snmp_vars *vars);

/* 1.3.6.1.2.1.68: VRRP-MIB (RFC 2787). core/snmp_vrrpv2.c: its
 * variables for the version 2 IPv4 instances of doc (traps: the value of
 * vrrpNotificationCntl), and vrrpTrapNewMaster. */
extern const uint32_t snmp_vrrpv2_oid[];
extern const size_t snmp_vrrpv2_len;
void	snmp_map_vrrpv2(json_t *doc, bool traps, snmp_ifindex_fn,
	    snmp_hwaddr_fn, struct snmp_vars *vars);
bool	snmp_map_trap_vrrpv2(json_t *event, json_t *doc, snmp_ifindex_fn,
	    struct snmp_vars *vars);

/*
 * The trap for an event of vigilctl events, as keepalived raises it:
 * vars gets snmpTrapOID.0 then the varbinds; doc (the status) gives what
 * the event lacks (router_id, initial state). False: no trap for it.
 */
bool	snmp_map_trap(json_t *event, json_t *doc, struct snmp_vars *vars);

/* The events standing for the states in doc of every sync group and
 * instance that has started, groups first (an array to free): what the
 * agent raises traps for when it starts after them. */
json_t	*snmp_current_states(json_t *doc);

/* core/snmp_check.c: KEEPALIVED-MIB's checker part (virtual server
 * groups and their members, virtual servers, real servers) from doc's
 * virtual_servers (appended; sort after), and the trap of a
 * "real_server" or "quorum" event (false: none). */
void	snmp_map_check(json_t *doc, struct snmp_vars *vars);
bool	snmp_map_trap_check(json_t *event, json_t *doc,
	    struct snmp_vars *vars);
/* The global scalars alone (keepalived.global), appended. */
void	snmp_map_keepalived_global(json_t *doc, const char *version,
	    struct snmp_vars *vars);

/* Status record accessors shared by the MIB files (snmp_map.c). */
const char *snmp_jstr(json_t *, const char *);
long long snmp_jint(json_t *, const char *);
long long snmp_jstat(json_t *inst, const char *key);
long long snmp_jrx(json_t *inst, const char *reason);
int	snmp_tv(bool);

#endif
