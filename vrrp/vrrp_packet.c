/* VRRP advertisement wire format: build, checksum, decode. */
#include "vrrp/vrrp_packet.h"

#include <string.h>

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* One's complement sum of 16-bit big-endian words, not yet folded. */
static uint64_t
csum_add(uint64_t sum, const uint8_t *p, size_t len)
{
	for (; len > 1; p += 2, len -= 2)
		sum += get16(p);
	if (len)
		sum += (uint64_t)p[0] << 8;
	return sum;
}

static uint16_t
csum_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t
vrrp_packet_csum(const struct vrrp_ipaddr *src, const struct vrrp_ipaddr *dst,
    const uint8_t *msg, size_t len, bool pseudo)
{
	uint8_t ph[40];
	uint64_t sum = 0;

	if (pseudo && src->family == AF_INET) {
		/* RFC 768-style: src, dst, zero, protocol, length (16). */
		memcpy(ph, &src->u.v4, 4);
		memcpy(ph + 4, &dst->u.v4, 4);
		ph[8] = 0;
		ph[9] = VRRP_IPPROTO;
		put16(ph + 10, (uint16_t)len);
		sum = csum_add(sum, ph, 12);
	} else if (pseudo) {
		/* RFC 2460 8.1: src, dst, length (32), zero (24), next hdr. */
		memcpy(ph, &src->u.v6, 16);
		memcpy(ph + 16, &dst->u.v6, 16);
		put16(ph + 32, 0);
		put16(ph + 34, (uint16_t)len);
		ph[36] = ph[37] = ph[38] = 0;
		ph[39] = VRRP_IPPROTO;
		sum = csum_add(sum, ph, 40);
	}
	return csum_fold(csum_add(sum, msg, len));
}

/*
 * v2 over IPv4 sums the message alone (RFC 3768 5.3.8). v3 adds the
 * pseudo-header (RFC 5798 5.2.8) unless told to behave as v2. Over IPv6
 * the kernel sums the pseudo-header for every version (IPV6_CHECKSUM),
 * which is what keepalived's v2-over-IPv6 does too.
 */
bool
vrrp_packet_csum_pseudo(uint8_t version, sa_family_t family,
    enum vrrp_csum_mode mode)
{
	if (family == AF_INET6)
		return true;
	return version == VRRP_VERSION_3 && mode != VRRP_CSUM_AS_V2;
}

/* The pseudo-header destination: the real one, or the IPv4 group for
 * keepalived's pre-1.3.6 unicast checksum. */
void
vrrp_packet_csum_dst(enum vrrp_csum_mode mode, const struct vrrp_ipaddr *dst,
    struct vrrp_ipaddr *out)
{
	*out = *dst;
	if (mode == VRRP_CSUM_OLD_UNICAST && dst->family == AF_INET)
		out->u.v4.s_addr = htonl(VRRP_MCAST4);
}

size_t
vrrp_packet_len(const struct vrrp_params *p)
{
	size_t len = VRRP_HDR_LEN + p->nvips * vrrp_ipaddr_len(p->family);

	/* keepalived's v2 over IPv6 carries no authentication data. */
	if (p->version == VRRP_VERSION_2 && p->family == AF_INET)
		len += VRRP_AUTH_LEN;
	return len;
}

/* The first word after type/VRID/priority/count: v2 auth type and
 * seconds, v3 reserved bits and centiseconds. */
static void
vrrp_packet_put_int(const struct vrrp_params *p, uint8_t *msg)
{
	unsigned secs;

	if (p->version == VRRP_VERSION_2) {
		secs = p->advert_int_cs / 100;
		msg[4] = p->auth_type;
		msg[5] = (uint8_t)(secs ? (secs > 255 ? 255 : secs) : 1);
	} else
		put16(msg + 4, p->advert_int_cs > VRRP_V3_MAX_INT_CS ?
		    VRRP_V3_MAX_INT_CS : p->advert_int_cs);
}

size_t
vrrp_packet_build(const struct vrrp_params *p, uint8_t prio,
    const struct vrrp_ipaddr *dst, uint8_t *buf, size_t buflen)
{
	size_t len = vrrp_packet_len(p), alen = vrrp_ipaddr_len(p->family);
	struct vrrp_ipaddr cdst;
	uint8_t *q;
	size_t i;

	if (len > buflen || p->nvips > VRRP_MAX_ADDRS ||
	    (p->version != VRRP_VERSION_2 && p->version != VRRP_VERSION_3))
		return 0;
	buf[0] = (uint8_t)(p->version << 4 | VRRP_TYPE_ADVERT);
	buf[1] = p->vrid;
	buf[2] = prio;
	buf[3] = (uint8_t)p->nvips;
	vrrp_packet_put_int(p, buf);
	put16(buf + 6, 0);
	q = buf + VRRP_HDR_LEN;
	for (i = 0; i < p->nvips; i++, q += alen)
		memcpy(q, &p->vips[i].u, alen);
	if (p->version == VRRP_VERSION_2 && p->family == AF_INET) {
		memset(q, 0, VRRP_AUTH_LEN);
		if (p->auth_type == VRRP_AUTH_PASS)
			memcpy(q, p->auth_pass, VRRP_AUTH_LEN);
	}
	vrrp_packet_csum_dst(p->csum_mode, dst, &cdst);
	put16(buf + 6, vrrp_packet_csum(&p->primary, &cdst, buf, len,
	    vrrp_packet_csum_pseudo(p->version, p->family, p->csum_mode)));
	return len;
}

size_t
vrrp_packet_build_ip4(const struct vrrp_params *p, uint8_t prio,
    const struct vrrp_ipaddr *dst, uint16_t ip_id, uint8_t *buf, size_t buflen)
{
	uint8_t *ip = buf;
	size_t len;

	if (p->family != AF_INET || buflen < VRRP_IP4_HDR_LEN)
		return 0;
	len = vrrp_packet_build(p, prio, dst, buf + VRRP_IP4_HDR_LEN,
	    buflen - VRRP_IP4_HDR_LEN);
	if (len == 0)
		return 0;
	len += VRRP_IP4_HDR_LEN;
	ip[0] = 0x45;			/* version 4, 5 words */
	ip[1] = VRRP_IP4_TOS;
	put16(ip + 2, (uint16_t)len);
	put16(ip + 4, ip_id);
	put16(ip + 6, 0);		/* no flags, offset 0 */
	ip[8] = VRRP_TTL;
	ip[9] = VRRP_IPPROTO;
	put16(ip + 10, 0);
	memcpy(ip + 12, &p->primary.u.v4, 4);
	memcpy(ip + 16, &dst->u.v4, 4);
	put16(ip + 10, csum_fold(csum_add(0, ip, VRRP_IP4_HDR_LEN)));
	return len;
}

void
vrrp_packet_decode(const uint8_t *msg, size_t len, sa_family_t family,
    struct vrrp_advert *adv)
{
	adv->msg = msg;
	adv->msglen = len;
	adv->version = msg[0] >> 4;
	adv->type = msg[0] & 0x0f;
	adv->vrid = msg[1];
	adv->priority = msg[2];
	adv->naddr = msg[3];
	adv->checksum = get16(msg + 6);
	adv->addrs = msg + VRRP_HDR_LEN;
	adv->wantlen = VRRP_HDR_LEN + adv->naddr * vrrp_ipaddr_len(family);
	adv->auth_data = NULL;
	if (adv->version == VRRP_VERSION_2) {
		adv->auth_type = msg[4];
		adv->adver_int_cs = (uint16_t)(msg[5] * 100);
		if (family == AF_INET) {
			/* Point at it only once it is known to be there. */
			if (len >= adv->wantlen + VRRP_AUTH_LEN)
				adv->auth_data = msg + adv->wantlen;
			adv->wantlen += VRRP_AUTH_LEN;
		}
	} else {
		adv->auth_type = 0;
		adv->adver_int_cs = get16(msg + 4) & VRRP_V3_MAX_INT_CS;
	}
}
