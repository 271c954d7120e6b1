/* Receive validation of VRRP advertisements, one check per line. */
#include "vrrp/vrrp_rx.h"

#include <string.h>

#include "common/util.h"

#define VCHECK(cond, reason) do {		\
	if (!(cond))				\
		return (reason);		\
} while (0)

static const char *const vrrp_rx_names[VRRP_RX_MAX] = {
	[VRRP_RX_OK] = "ok",
	[VRRP_RX_TOO_SHORT] = "too_short",
	[VRRP_RX_IP_HEADER] = "ip_header",
	[VRRP_RX_LENGTH] = "length",
	[VRRP_RX_TTL] = "ttl",
	[VRRP_RX_VERSION] = "version",
	[VRRP_RX_TYPE] = "type",
	[VRRP_RX_TRUNCATED] = "truncated",
	[VRRP_RX_ADDR_COUNT] = "addr_count",
	[VRRP_RX_CHECKSUM] = "checksum",
	[VRRP_RX_VRID] = "vrid",
	[VRRP_RX_AUTH_TYPE] = "auth_type",
	[VRRP_RX_AUTH] = "auth",
	[VRRP_RX_INTERVAL] = "interval",
	[VRRP_RX_UNICAST_SRC] = "unicast_src",
	[VRRP_RX_ADDR_LIST] = "addr_list",
};

const char *
vrrp_rx_reason_name(enum vrrp_rx_reason r)
{
	if ((unsigned)r >= ARRAY_SIZE(vrrp_rx_names))
		return "unknown";
	return vrrp_rx_names[r];
}

/* IPv4: the raw socket hands over the IP header; take TTL and addresses
 * from it and find the VRRP message behind it. */
static enum vrrp_rx_reason
vrrp_rx_ip4(const struct vrrp_rx *rx, struct vrrp_advert *adv)
{
	const uint8_t *ip = rx->buf;
	size_t ihl;

	VCHECK(rx->len >= VRRP_IP4_HDR_LEN + VRRP_HDR_LEN, VRRP_RX_TOO_SHORT);
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	VCHECK((ip[0] >> 4) == 4 && ihl >= VRRP_IP4_HDR_LEN, VRRP_RX_IP_HEADER);
	VCHECK(ip[9] == VRRP_IPPROTO, VRRP_RX_IP_HEADER);
	VCHECK(rx->len >= ihl + VRRP_HDR_LEN, VRRP_RX_TOO_SHORT);
	VCHECK((size_t)(ip[2] << 8 | ip[3]) == rx->len, VRRP_RX_LENGTH);
	adv->ttl = ip[8];
	adv->src.family = adv->dst.family = AF_INET;
	memcpy(&adv->src.u.v4, ip + 12, 4);
	memcpy(&adv->dst.u.v4, ip + 16, 4);
	vrrp_packet_decode(ip + ihl, rx->len - ihl, AF_INET, adv);
	return VRRP_RX_OK;
}

/* IPv6: the payload only; the rest came as ancillary data. */
static enum vrrp_rx_reason
vrrp_rx_ip6(const struct vrrp_rx *rx, struct vrrp_advert *adv)
{
	VCHECK(rx->len >= VRRP_HDR_LEN, VRRP_RX_TOO_SHORT);
	adv->ttl = rx->hoplimit < 0 || rx->hoplimit > 255 ? 0 :
	    (uint8_t)rx->hoplimit;
	adv->src = rx->src;
	adv->dst = rx->dst;
	adv->src.family = adv->dst.family = AF_INET6;
	vrrp_packet_decode(rx->buf, rx->len, AF_INET6, adv);
	return VRRP_RX_OK;
}

/* The sum as configured; in AUTO mode a v3 IPv4 unicast advert may also
 * carry keepalived's old sum (group address in the pseudo-header). */
static bool
vrrp_rx_csum_ok(const struct vrrp_params *p, struct vrrp_advert *adv)
{
	bool pseudo = vrrp_packet_csum_pseudo(adv->version, p->family,
	    p->csum_mode);
	struct vrrp_ipaddr dst;

	vrrp_packet_csum_dst(p->csum_mode, &adv->dst, &dst);
	if (vrrp_packet_csum(&adv->src, &dst, adv->msg, adv->wantlen,
	    pseudo) == 0)
		return true;
	if (!pseudo || p->csum_mode != VRRP_CSUM_AUTO || p->family != AF_INET)
		return false;
	vrrp_packet_csum_dst(VRRP_CSUM_OLD_UNICAST, &adv->dst, &dst);
	if (vrrp_packet_csum(&adv->src, &dst, adv->msg, adv->wantlen,
	    true) != 0)
		return false;
	adv->old_csum = true;
	return true;
}

/* v2 authentication: none or a simple password, and the same as ours. */
static enum vrrp_rx_reason
vrrp_rx_auth(const struct vrrp_params *p, const struct vrrp_advert *adv)
{
	if (adv->version != VRRP_VERSION_2)
		return VRRP_RX_OK;
	VCHECK(adv->auth_type == VRRP_AUTH_NONE ||
	    adv->auth_type == VRRP_AUTH_PASS, VRRP_RX_AUTH_TYPE);
	VCHECK(adv->auth_type == p->auth_type, VRRP_RX_AUTH_TYPE);
	/* No auth data (v2 over IPv6) cannot carry a password. */
	VCHECK(adv->auth_type != VRRP_AUTH_PASS || (adv->auth_data != NULL &&
	    memcmp(adv->auth_data, p->auth_pass, VRRP_AUTH_LEN) == 0),
	    VRRP_RX_AUTH);
	return VRRP_RX_OK;
}

/* v2: the interval must be ours (else two masters could coexist).
 * v3: any, learnt by a backup; zero would make the timers spin. */
static bool
vrrp_rx_interval_ok(const struct vrrp_params *p,
    const struct vrrp_advert *adv)
{
	if (adv->version == VRRP_VERSION_2)
		return adv->adver_int_cs == p->advert_int_cs;
	return adv->adver_int_cs != 0;
}

static bool
vrrp_rx_unicast_src_ok(const struct vrrp_params *p,
    const struct vrrp_advert *adv)
{
	size_t i;

	if (!p->check_unicast_src || p->npeers == 0)
		return true;
	for (i = 0; i < p->npeers; i++)
		if (vrrp_ipaddr_eq(&p->peers[i], &adv->src))
			return true;
	return false;
}

/* The advert lists exactly our VIPs, in any order. */
static bool
vrrp_rx_addr_list_ok(const struct vrrp_params *p,
    const struct vrrp_advert *adv)
{
	size_t alen = vrrp_ipaddr_len(p->family), i, j;

	if (adv->naddr != p->nvips)
		return false;
	for (i = 0; i < p->nvips; i++) {
		for (j = 0; j < adv->naddr; j++)
			if (memcmp(&p->vips[i].u, adv->addrs + j * alen,
			    alen) == 0)
				break;
		if (j == adv->naddr)
			return false;
	}
	return true;
}

/* Whether to compare the VIP lists at all. */
static bool
vrrp_rx_addr_list_wanted(const struct vrrp_params *p,
    const struct vrrp_ipaddr *last_master, const struct vrrp_advert *adv)
{
	if (!p->skip_check_adv_addr)
		return true;
	return last_master != NULL && !vrrp_ipaddr_eq(last_master, &adv->src);
}

enum vrrp_rx_reason
vrrp_rx_check(const struct vrrp_params *p, const struct vrrp_rx *rx,
    struct vrrp_advert *adv, enum vrrp_rx_reason *warn)
{
	return vrrp_rx_check_from(p, rx, NULL, adv, warn);
}

enum vrrp_rx_reason
vrrp_rx_check_from(const struct vrrp_params *p, const struct vrrp_rx *rx,
    const struct vrrp_ipaddr *last_master, struct vrrp_advert *adv,
    enum vrrp_rx_reason *warn)
{
	enum vrrp_rx_reason r;

	memset(adv, 0, sizeof(*adv));
	*warn = VRRP_RX_OK;
	VCHECK(rx->family == p->family, VRRP_RX_IP_HEADER);
	r = p->family == AF_INET ? vrrp_rx_ip4(rx, adv) : vrrp_rx_ip6(rx, adv);
	VCHECK(r == VRRP_RX_OK, r);
	/* keepalived skips the TTL check for unicast peers (routed). */
	VCHECK(p->npeers > 0 || adv->ttl == VRRP_TTL, VRRP_RX_TTL);
	VCHECK(adv->version == p->version, VRRP_RX_VERSION);
	VCHECK(adv->type == VRRP_TYPE_ADVERT, VRRP_RX_TYPE);
	VCHECK(adv->msglen >= adv->wantlen, VRRP_RX_TRUNCATED);
	VCHECK(adv->msglen == adv->wantlen, VRRP_RX_ADDR_COUNT);
	VCHECK(vrrp_rx_csum_ok(p, adv), VRRP_RX_CHECKSUM);
	VCHECK(adv->vrid == p->vrid, VRRP_RX_VRID);
	r = vrrp_rx_auth(p, adv);
	VCHECK(r == VRRP_RX_OK, r);
	VCHECK(vrrp_rx_interval_ok(p, adv), VRRP_RX_INTERVAL);
	VCHECK(vrrp_rx_unicast_src_ok(p, adv), VRRP_RX_UNICAST_SRC);
	if (vrrp_rx_addr_list_wanted(p, last_master, adv) &&
	    !vrrp_rx_addr_list_ok(p, adv)) {
		/* RFC 5798 7.1: drop unless sent by the owner; strict only. */
		VCHECK(!p->strict || adv->priority == VRRP_PRIO_OWNER,
		    VRRP_RX_ADDR_LIST);
		*warn = VRRP_RX_ADDR_LIST;
	}
	return VRRP_RX_OK;
}
