/*
 * Unit tests for vrrp/vrrp_packet.c and vrrp/vrrp_rx.c: keepalived 2.2.7's
 * own packets (captured with tshark, checksums "Good") as reference
 * vectors, build/decode round trips, and one crafted packet per
 * validation reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <string.h>

#include "vrrp/vrrp.h"
#include "vrrp/vrrp_packet.h"
#include "vrrp/vrrp_rx.h"

/* keepalived 2.2.7, vrid 42, prio 100, v2, advert_int 1, PASS "secret",
 * VIPs 192.0.2.100 and .101, from 192.0.2.1 to 224.0.0.18. */
static const uint8_t ka_v2_pass[] = {
	0x45, 0xc0, 0x00, 0x2c, 0x00, 0x01, 0x00, 0x00, 0xff, 0x70, 0x18, 0x8d,
	0xc0, 0x00, 0x02, 0x01, 0xe0, 0x00, 0x00, 0x12,
	0x21, 0x2a, 0x64, 0x02, 0x01, 0x01, 0xb8, 0xbb, 0xc0, 0x00, 0x02, 0x64,
	0xc0, 0x00, 0x02, 0x65, 0x73, 0x65, 0x63, 0x72, 0x65, 0x74, 0x00, 0x00,
};

/* v3, vrid 43, prio 150, advert_int 0.5 (50 cs), VIP 198.51.100.7,
 * 192.0.2.1 -> 224.0.0.18: the pseudo-header is in the sum. */
static const uint8_t ka_v3_mcast[] = {
	0x45, 0xc0, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00, 0xff, 0x70, 0x18, 0x99,
	0xc0, 0x00, 0x02, 0x01, 0xe0, 0x00, 0x00, 0x12,
	0x31, 0x2b, 0x96, 0x01, 0x00, 0x32, 0x6b, 0xd5, 0xc6, 0x33, 0x64, 0x07,
};

/* v3 unicast, vrid 44, prio 120, 10 cs, VIP 203.0.113.9,
 * 192.0.2.1 -> 192.0.2.2: the unicast peer is in the pseudo-header. */
static const uint8_t ka_v3_ucast[] = {
	0x45, 0xc0, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00, 0xff, 0x70, 0x36, 0xa9,
	0xc0, 0x00, 0x02, 0x01, 0xc0, 0x00, 0x02, 0x02,
	0x31, 0x2c, 0x78, 0x01, 0x00, 0x0a, 0x96, 0x3d, 0xcb, 0x00, 0x71, 0x09,
};

/* v3 over IPv6, vrid 46, prio 200, 100 cs, VIP 2001:db8::46,
 * fe80::1 -> ff02::12 (payload only, as a raw IPv6 socket gives it). */
static const uint8_t ka_v3_ip6[] = {
	0x31, 0x2e, 0xc8, 0x01, 0x00, 0x64, 0xda, 0x4d,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46,
};

static struct vrrp_ipaddr
a4(const char *s)
{
	struct vrrp_ipaddr a;

	memset(&a, 0, sizeof(a));
	a.family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, s, &a.u.v4), 1);
	return a;
}

static struct vrrp_ipaddr
a6(const char *s)
{
	struct vrrp_ipaddr a;

	memset(&a, 0, sizeof(a));
	a.family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, s, &a.u.v6), 1);
	return a;
}

static struct vrrp_ipaddr vips_v2[2], vips_v3[1], vips_u[1], vips_6[1];
static struct vrrp_ipaddr peers[2];
static struct vrrp_ipaddr grp4, grp6;

static int
setup(void **state)
{
	vips_v2[0] = a4("192.0.2.100");
	vips_v2[1] = a4("192.0.2.101");
	vips_v3[0] = a4("198.51.100.7");
	vips_u[0] = a4("203.0.113.9");
	vips_6[0] = a6("2001:db8::46");
	peers[0] = a4("192.0.2.2");
	peers[1] = a4("192.0.2.3");
	grp4 = a4("224.0.0.18");
	grp6 = a6("ff02::12");
	return 0;
}

static void
params_v2(struct vrrp_params *p)
{
	memset(p, 0, sizeof(*p));
	strcpy(p->name, "VI_2");
	p->vrid = 42;
	p->version = VRRP_VERSION_2;
	p->family = AF_INET;
	p->priority = 100;
	p->advert_int_cs = 100;
	p->preempt = true;
	p->auth_type = VRRP_AUTH_PASS;
	memcpy(p->auth_pass, "secret", 6);
	p->primary = a4("192.0.2.1");
	p->vips = vips_v2;
	p->nvips = 2;
}

static void
params_v3(struct vrrp_params *p)
{
	memset(p, 0, sizeof(*p));
	strcpy(p->name, "VI_3");
	p->vrid = 43;
	p->version = VRRP_VERSION_3;
	p->family = AF_INET;
	p->priority = 150;
	p->advert_int_cs = 50;
	p->preempt = true;
	p->primary = a4("192.0.2.1");
	p->vips = vips_v3;
	p->nvips = 1;
}

static void
params_u(struct vrrp_params *p)
{
	params_v3(p);
	p->vrid = 44;
	p->priority = 120;
	p->advert_int_cs = 10;
	p->vips = vips_u;
	p->peers = peers;
	p->npeers = 1;
}

static void
params_6(struct vrrp_params *p)
{
	params_v3(p);
	strcpy(p->name, "VI_6");
	p->family = AF_INET6;
	p->vrid = 46;
	p->priority = 200;
	p->advert_int_cs = 100;
	p->primary = a6("fe80::1");
	p->vips = vips_6;
}

static struct vrrp_rx
rx4(const uint8_t *buf, size_t len)
{
	struct vrrp_rx rx;

	memset(&rx, 0, sizeof(rx));
	rx.family = AF_INET;
	rx.buf = buf;
	rx.len = len;
	return rx;
}

static struct vrrp_rx
rx6(const uint8_t *buf, size_t len)
{
	struct vrrp_rx rx;

	memset(&rx, 0, sizeof(rx));
	rx.family = AF_INET6;
	rx.buf = buf;
	rx.len = len;
	rx.src = a6("fe80::1");
	rx.dst = grp6;
	rx.hoplimit = 255;
	return rx;
}

static enum vrrp_rx_reason
check(const struct vrrp_params *p, const struct vrrp_rx *rx,
    struct vrrp_advert *adv)
{
	enum vrrp_rx_reason warn;
	enum vrrp_rx_reason r = vrrp_rx_check(p, rx, adv, &warn);

	if (r == VRRP_RX_OK)
		assert_int_equal(warn, VRRP_RX_OK);
	return r;
}

/* Rewrite the VRRP checksum of an IPv4 datagram after tampering. */
static void
fix_csum4(uint8_t *pkt, size_t len, bool pseudo)
{
	struct vrrp_ipaddr s = a4("0.0.0.0"), d = s;
	uint16_t c;

	memcpy(&s.u.v4, pkt + 12, 4);
	memcpy(&d.u.v4, pkt + 16, 4);
	pkt[26] = pkt[27] = 0;
	c = vrrp_packet_csum(&s, &d, pkt + 20, len - 20, pseudo);
	pkt[26] = c >> 8;
	pkt[27] = c & 0xff;
}

/* Our builder produces keepalived's bytes, IP header included. */
static void
test_build_matches_keepalived(void **state)
{
	struct vrrp_params p;
	uint8_t buf[VRRP_PKT_MAX];

	params_v2(&p);
	assert_int_equal(vrrp_packet_build_ip4(&p, 100, &grp4, 1, buf,
	    sizeof(buf)), sizeof(ka_v2_pass));
	assert_memory_equal(buf, ka_v2_pass, sizeof(ka_v2_pass));

	params_v3(&p);
	assert_int_equal(vrrp_packet_build_ip4(&p, 150, &grp4, 1, buf,
	    sizeof(buf)), sizeof(ka_v3_mcast));
	assert_memory_equal(buf, ka_v3_mcast, sizeof(ka_v3_mcast));

	params_u(&p);
	assert_int_equal(vrrp_packet_build_ip4(&p, 120, &peers[0], 1, buf,
	    sizeof(buf)), sizeof(ka_v3_ucast));
	assert_memory_equal(buf, ka_v3_ucast, sizeof(ka_v3_ucast));

	params_6(&p);
	assert_int_equal(vrrp_packet_build(&p, 200, &grp6, buf, sizeof(buf)),
	    sizeof(ka_v3_ip6));
	assert_memory_equal(buf, ka_v3_ip6, sizeof(ka_v3_ip6));
}

/* keepalived's packets pass every check and decode as tshark did. */
static void
test_parse_keepalived(void **state)
{
	struct vrrp_params p;
	struct vrrp_advert adv;
	struct vrrp_rx rx;

	params_v2(&p);
	rx = rx4(ka_v2_pass, sizeof(ka_v2_pass));
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
	assert_int_equal(adv.version, 2);
	assert_int_equal(adv.vrid, 42);
	assert_int_equal(adv.priority, 100);
	assert_int_equal(adv.naddr, 2);
	assert_int_equal(adv.auth_type, VRRP_AUTH_PASS);
	assert_int_equal(adv.adver_int_cs, 100);
	assert_int_equal(adv.checksum, 0xb8bb);
	assert_int_equal(adv.ttl, 255);
	assert_true(vrrp_ipaddr_eq(&adv.src, &p.primary));
	assert_true(vrrp_ipaddr_eq(&adv.dst, &grp4));
	assert_memory_equal(adv.auth_data, "secret\0\0", 8);

	params_v3(&p);
	rx = rx4(ka_v3_mcast, sizeof(ka_v3_mcast));
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
	assert_int_equal(adv.adver_int_cs, 50);
	assert_int_equal(adv.priority, 150);
	assert_null(adv.auth_data);
	assert_false(adv.old_csum);

	params_u(&p);
	rx = rx4(ka_v3_ucast, sizeof(ka_v3_ucast));
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
	assert_false(adv.old_csum);

	params_6(&p);
	rx = rx6(ka_v3_ip6, sizeof(ka_v3_ip6));
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
	assert_int_equal(adv.adver_int_cs, 100);
	assert_int_equal(adv.priority, 200);
	assert_memory_equal(adv.addrs, &vips_6[0].u.v6, 16);
}

/* build -> check for v2/v3 x IPv4/IPv6, several priorities. */
static void
test_round_trip(void **state)
{
	static const uint8_t prios[] = { 0, 1, 100, 254, 255 };
	struct vrrp_params p;
	struct vrrp_advert adv;
	struct vrrp_rx rx;
	uint8_t buf[VRRP_PKT_MAX];
	size_t len, i;
	int v, fam;

	for (v = 2; v <= 3; v++)
		for (fam = 0; fam < 2; fam++)
			for (i = 0; i < sizeof(prios); i++) {
				if (fam == 0) {
					params_v3(&p);
					p.version = (uint8_t)v;
					p.advert_int_cs = 300;
					len = vrrp_packet_build_ip4(&p, prios[i],
					    &grp4, 7, buf, sizeof(buf));
					rx = rx4(buf, len);
				} else {
					params_6(&p);
					p.version = (uint8_t)v;
					len = vrrp_packet_build(&p, prios[i],
					    &grp6, buf, sizeof(buf));
					rx = rx6(buf, len);
				}
				assert_true(len > 0);
				assert_int_equal(check(&p, &rx, &adv),
				    VRRP_RX_OK);
				assert_int_equal(adv.version, v);
				assert_int_equal(adv.priority, prios[i]);
				assert_int_equal(adv.adver_int_cs,
				    p.advert_int_cs);
				assert_int_equal(adv.wantlen,
				    vrrp_packet_len(&p));
			}
}

/* An even-length message with a correct sum sums to zero, and the v3
 * IPv4 sum changes with the pseudo-header. */
static void
test_checksum(void **state)
{
	struct vrrp_ipaddr s = a4("192.0.2.1");

	assert_int_equal(vrrp_packet_csum(&s, &grp4, ka_v2_pass + 20, 24,
	    false), 0);
	assert_int_equal(vrrp_packet_csum(&s, &grp4, ka_v3_mcast + 20, 12,
	    true), 0);
	assert_int_not_equal(vrrp_packet_csum(&s, &grp4, ka_v3_mcast + 20, 12,
	    false), 0);
	assert_int_not_equal(vrrp_packet_csum(&s, &peers[0],
	    ka_v3_mcast + 20, 12, true), 0);
	/* Odd length: the last byte is padded with zero. */
	{
		const uint8_t odd[3] = { 0x01, 0x02, 0x03 };

		assert_int_equal(vrrp_packet_csum(&s, &s, odd, 3, false),
		    (uint16_t)~(0x0102 + 0x0300));
	}
}

/* keepalived < 1.3.6 summed 224.0.0.18 into unicast v3 adverts; 2.2.7
 * accepts that (and says so) unless told "never". */
static void
test_old_unicast_checksum(void **state)
{
	struct vrrp_params p;
	struct vrrp_advert adv;
	struct vrrp_rx rx;
	uint8_t buf[VRRP_PKT_MAX];
	size_t len;

	params_u(&p);
	p.csum_mode = VRRP_CSUM_OLD_UNICAST;
	len = vrrp_packet_build_ip4(&p, 120, &peers[0], 1, buf, sizeof(buf));
	assert_memory_not_equal(buf, ka_v3_ucast, len);
	p.csum_mode = VRRP_CSUM_AUTO;
	rx = rx4(buf, len);
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
	assert_true(adv.old_csum);
	p.csum_mode = VRRP_CSUM_OLD_UNICAST;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
	p.csum_mode = VRRP_CSUM_NEVER_OLD;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_CHECKSUM);
	/* The RFC sum is refused by an instance set to the old one. */
	p.csum_mode = VRRP_CSUM_OLD_UNICAST;
	rx = rx4(ka_v3_ucast, sizeof(ka_v3_ucast));
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_CHECKSUM);
}

/* v3_checksum_as_v2: no pseudo-header (Cisco); the two do not mix. */
static void
test_checksum_as_v2(void **state)
{
	struct vrrp_params p;
	struct vrrp_advert adv;
	struct vrrp_rx rx;
	uint8_t buf[VRRP_PKT_MAX];
	size_t len;

	params_v3(&p);
	p.csum_mode = VRRP_CSUM_AS_V2;
	len = vrrp_packet_build_ip4(&p, 150, &grp4, 1, buf, sizeof(buf));
	assert_int_equal(vrrp_packet_csum(&p.primary, &grp4, buf + 20,
	    len - 20, false), 0);
	rx = rx4(buf, len);
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
	p.csum_mode = VRRP_CSUM_AUTO;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_CHECKSUM);
}

/* Every reason from a crafted packet, IPv4 v2 unless said. */
static void
test_reasons_ip(void **state)
{
	struct vrrp_params p;
	struct vrrp_advert adv;
	struct vrrp_rx rx;
	uint8_t b[64];

	params_v2(&p);
	memcpy(b, ka_v2_pass, sizeof(ka_v2_pass));
	rx = rx4(b, 27);
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_TOO_SHORT);
	rx = rx4(b, 0);
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_TOO_SHORT);
	rx = rx4(b, sizeof(ka_v2_pass));
	b[0] = 0x65;				/* version 6 */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_IP_HEADER);
	b[0] = 0x44;				/* IHL 16 bytes */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_IP_HEADER);
	b[0] = 0x4f;				/* IHL 60 > packet */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_TOO_SHORT);
	b[0] = 0x45;
	b[9] = 51;				/* AH */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_IP_HEADER);
	b[9] = 112;
	b[3] = 0x2d;				/* total length 45 */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_LENGTH);
	b[3] = 0x2c;
	b[8] = 254;				/* TTL */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_TTL);
	p.peers = peers;			/* unicast: TTL not checked */
	p.npeers = 1;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
	p.npeers = 0;
	b[8] = 255;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
	rx.family = AF_INET6;			/* wrong socket */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_IP_HEADER);
}

static void
test_reasons_vrrp(void **state)
{
	struct vrrp_params p;
	struct vrrp_advert adv;
	struct vrrp_rx rx;
	uint8_t b[64];

	params_v2(&p);
	memcpy(b, ka_v2_pass, sizeof(ka_v2_pass));
	rx = rx4(b, sizeof(ka_v2_pass));
	p.version = VRRP_VERSION_3;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_VERSION);
	p.version = VRRP_VERSION_2;
	b[20] = 0x22;				/* type 2 */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_TYPE);
	b[20] = 0x21;
	b[23] = 3;				/* 3 addresses, room for 2 */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_TRUNCATED);
	b[23] = 1;				/* 1 address, 2 present */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_ADDR_COUNT);
	b[23] = 2;
	b[27] ^= 0x01;				/* checksum */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_CHECKSUM);
	b[27] ^= 0x01;
	p.vrid = 41;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_VRID);
	p.vrid = 42;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
}

static void
test_reasons_auth_interval(void **state)
{
	struct vrrp_params p;
	struct vrrp_advert adv;
	struct vrrp_rx rx;
	uint8_t b[64];

	params_v2(&p);
	memcpy(b, ka_v2_pass, sizeof(ka_v2_pass));
	rx = rx4(b, sizeof(ka_v2_pass));
	p.auth_type = VRRP_AUTH_NONE;		/* theirs PASS, ours none */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_AUTH_TYPE);
	p.auth_type = VRRP_AUTH_PASS;
	b[24] = VRRP_AUTH_AH;
	fix_csum4(b, sizeof(ka_v2_pass), false);
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_AUTH_TYPE);
	b[24] = VRRP_AUTH_PASS;
	fix_csum4(b, sizeof(ka_v2_pass), false);
	memcpy(p.auth_pass, "secreT\0\0", 8);
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_AUTH);
	memcpy(p.auth_pass, "secret\0\0", 8);
	p.advert_int_cs = 200;			/* v2: must be ours */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_INTERVAL);
	p.advert_int_cs = 100;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);

	/* v3: any interval but zero; a backup learns it. */
	params_v3(&p);
	memcpy(b, ka_v3_mcast, sizeof(ka_v3_mcast));
	rx = rx4(b, sizeof(ka_v3_mcast));
	p.advert_int_cs = 100;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
	assert_int_equal(adv.adver_int_cs, 50);
	b[24] = 0xf0;				/* reserved bits ignored */
	b[25] = 0;
	fix_csum4(b, sizeof(ka_v3_mcast), true);
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_INTERVAL);
}

static void
test_reasons_unicast_src(void **state)
{
	struct vrrp_params p;
	struct vrrp_advert adv;
	struct vrrp_rx rx;
	struct vrrp_ipaddr src;

	params_u(&p);
	p.peers = &peers[1];			/* 192.0.2.3 only */
	p.check_unicast_src = true;
	rx = rx4(ka_v3_ucast, sizeof(ka_v3_ucast));
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_UNICAST_SRC);
	p.check_unicast_src = false;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
	p.check_unicast_src = true;
	src = a4("192.0.2.1");			/* the sender listed */
	p.peers = &src;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
}

/* A different VIP list is reported but honoured, unless strict (and not
 * from the owner); skip_check_adv_addr silences it. */
static void
test_addr_list(void **state)
{
	struct vrrp_params p;
	struct vrrp_advert adv;
	struct vrrp_rx rx;
	enum vrrp_rx_reason warn;
	struct vrrp_ipaddr other[2];
	uint8_t b[64];

	other[0] = vips_v2[1];			/* same set, other order */
	other[1] = vips_v2[0];
	params_v2(&p);
	p.vips = other;
	rx = rx4(ka_v2_pass, sizeof(ka_v2_pass));
	assert_int_equal(vrrp_rx_check(&p, &rx, &adv, &warn), VRRP_RX_OK);
	assert_int_equal(warn, VRRP_RX_OK);
	other[1] = a4("192.0.2.102");
	assert_int_equal(vrrp_rx_check(&p, &rx, &adv, &warn), VRRP_RX_OK);
	assert_int_equal(warn, VRRP_RX_ADDR_LIST);
	p.nvips = 1;				/* count differs */
	assert_int_equal(vrrp_rx_check(&p, &rx, &adv, &warn), VRRP_RX_OK);
	assert_int_equal(warn, VRRP_RX_ADDR_LIST);
	p.skip_check_adv_addr = true;
	assert_int_equal(vrrp_rx_check(&p, &rx, &adv, &warn), VRRP_RX_OK);
	assert_int_equal(warn, VRRP_RX_OK);
	/* With the last master known, skip only for that master. */
	assert_int_equal(vrrp_rx_check_from(&p, &rx, &p.primary, &adv, &warn),
	    VRRP_RX_OK);
	assert_int_equal(warn, VRRP_RX_OK);
	assert_int_equal(vrrp_rx_check_from(&p, &rx, &peers[0], &adv, &warn),
	    VRRP_RX_OK);
	assert_int_equal(warn, VRRP_RX_ADDR_LIST);
	p.skip_check_adv_addr = false;
	assert_int_equal(vrrp_rx_check_from(&p, &rx, &p.primary, &adv, &warn),
	    VRRP_RX_OK);
	assert_int_equal(warn, VRRP_RX_ADDR_LIST);
	p.strict = true;
	assert_int_equal(vrrp_rx_check(&p, &rx, &adv, &warn),
	    VRRP_RX_ADDR_LIST);
	/* The owner's advert is processed even in strict mode. */
	memcpy(b, ka_v2_pass, sizeof(ka_v2_pass));
	b[22] = 255;
	fix_csum4(b, sizeof(ka_v2_pass), false);
	rx = rx4(b, sizeof(ka_v2_pass));
	assert_int_equal(vrrp_rx_check(&p, &rx, &adv, &warn), VRRP_RX_OK);
	assert_int_equal(warn, VRRP_RX_ADDR_LIST);
}

static void
test_reasons_ip6(void **state)
{
	struct vrrp_params p;
	struct vrrp_advert adv;
	struct vrrp_rx rx;
	uint8_t b[64];

	params_6(&p);
	memcpy(b, ka_v3_ip6, sizeof(ka_v3_ip6));
	rx = rx6(b, 7);
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_TOO_SHORT);
	rx = rx6(b, sizeof(ka_v3_ip6));
	rx.hoplimit = 64;
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_TTL);
	rx.hoplimit = -1;			/* not delivered */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_TTL);
	rx.hoplimit = 255;
	rx = rx6(b, sizeof(ka_v3_ip6) - 1);
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_TRUNCATED);
	rx = rx6(b, sizeof(ka_v3_ip6));
	rx.src = a6("fe80::2");			/* pseudo-header: source */
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_CHECKSUM);
	rx.src = a6("fe80::1");
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_OK);
	/* v2 over IPv6 carries no auth data: PASS can never match. */
	p.version = VRRP_VERSION_2;
	p.auth_type = VRRP_AUTH_PASS;
	rx.len = vrrp_packet_build(&p, 100, &grp6, b, sizeof(b));
	assert_int_equal(check(&p, &rx, &adv), VRRP_RX_AUTH);
}

static void
test_reason_names(void **state)
{
	int i, j;

	for (i = 0; i < VRRP_RX_MAX; i++) {
		assert_non_null(vrrp_rx_reason_name(i));
		for (j = 0; j < i; j++)
			assert_string_not_equal(vrrp_rx_reason_name(i),
			    vrrp_rx_reason_name(j));
	}
	assert_string_equal(vrrp_rx_reason_name(VRRP_RX_TTL), "ttl");
	assert_string_equal(vrrp_rx_reason_name(VRRP_RX_CHECKSUM), "checksum");
	assert_string_equal(vrrp_rx_reason_name(VRRP_RX_MAX), "unknown");
}

/* Buffers too small or params unusable build nothing. */
static void
test_build_limits(void **state)
{
	struct vrrp_params p;
	uint8_t buf[VRRP_PKT_MAX];

	params_v2(&p);
	assert_int_equal(vrrp_packet_build_ip4(&p, 100, &grp4, 1, buf,
	    sizeof(ka_v2_pass) - 1), 0);
	assert_int_equal(vrrp_packet_build(&p, 100, &grp4, buf, 10), 0);
	p.version = 4;
	assert_int_equal(vrrp_packet_build(&p, 100, &grp4, buf, sizeof(buf)),
	    0);
	params_6(&p);
	assert_int_equal(vrrp_packet_build_ip4(&p, 100, &grp6, 1, buf,
	    sizeof(buf)), 0);
	/* v2 intervals are whole seconds, at least 1. */
	params_v2(&p);
	p.advert_int_cs = 50;
	assert_int_equal(vrrp_packet_build(&p, 100, &grp4, buf, sizeof(buf)),
	    vrrp_packet_len(&p));
	assert_int_equal(buf[5], 1);
}

static void
test_params_check(void **state)
{
	struct vrrp_params p;

	params_v2(&p);
	assert_null(vrrp_params_check(&p));
	p.advert_int_cs = 150;
	assert_non_null(vrrp_params_check(&p));
	params_v2(&p);
	p.vrid = 0;
	assert_non_null(vrrp_params_check(&p));
	params_v2(&p);
	p.priority = 0;
	assert_non_null(vrrp_params_check(&p));
	params_v3(&p);
	assert_null(vrrp_params_check(&p));
	p.advert_int_cs = 4096;
	assert_non_null(vrrp_params_check(&p));
	params_v3(&p);
	p.auth_type = VRRP_AUTH_PASS;
	assert_non_null(vrrp_params_check(&p));
	params_6(&p);
	assert_null(vrrp_params_check(&p));
	p.vips = vips_v3;			/* IPv4 VIP on IPv6 */
	assert_non_null(vrrp_params_check(&p));
	params_6(&p);
	p.peers = peers;
	p.npeers = 1;
	assert_non_null(vrrp_params_check(&p));
	params_6(&p);
	p.version = VRRP_VERSION_2;
	assert_null(vrrp_params_check(&p));
	p.auth_type = VRRP_AUTH_PASS;		/* no room for it in v6 */
	assert_non_null(vrrp_params_check(&p));
}

/* v3 intervals above 40.95 s are sent as 40.95 s, not wrapped. */
static void
test_v3_interval_clamp(void **state)
{
	struct vrrp_params p;
	uint8_t buf[VRRP_PKT_MAX];

	params_v3(&p);
	p.advert_int_cs = 4096;
	assert_true(vrrp_packet_build(&p, 100, &grp4, buf, sizeof(buf)) > 0);
	assert_int_equal(buf[4] << 8 | buf[5], 4095);
}

/* vrrp_ipaddr_str prints IPv4 without inet_ntop: the same text, and
 * "?" when the buffer is too small. */
static void
test_ipaddr_str(void **state)
{
	static const char *const t[] = { "0.0.0.0", "192.0.2.1",
	    "255.255.255.255", "10.100.9.99", "1.20.100.200" };
	struct vrrp_ipaddr a;
	char buf[INET6_ADDRSTRLEN], small[8];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&a, 0, sizeof(a));
		a.family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, t[i], &a.u.v4), 1);
		assert_string_equal(vrrp_ipaddr_str(&a, buf, sizeof(buf)), t[i]);
	}
	assert_string_equal(vrrp_ipaddr_str(&a, small, sizeof(small)), "?");
	assert_int_equal(inet_pton(AF_INET, "1.2.3.4", &a.u.v4), 1);
	assert_string_equal(vrrp_ipaddr_str(&a, small, sizeof(small)),
	    "1.2.3.4");
	a.family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::1", &a.u.v6), 1);
	assert_string_equal(vrrp_ipaddr_str(&a, buf, sizeof(buf)),
	    "2001:db8::1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_matches_keepalived),
		cmocka_unit_test(test_parse_keepalived),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_old_unicast_checksum),
		cmocka_unit_test(test_checksum_as_v2),
		cmocka_unit_test(test_reasons_ip),
		cmocka_unit_test(test_reasons_vrrp),
		cmocka_unit_test(test_reasons_auth_interval),
		cmocka_unit_test(test_reasons_unicast_src),
		cmocka_unit_test(test_addr_list),
		cmocka_unit_test(test_reasons_ip6),
		cmocka_unit_test(test_reason_names),
		cmocka_unit_test(test_build_limits),
		cmocka_unit_test(test_params_check),
		cmocka_unit_test(test_v3_interval_clamp),
		cmocka_unit_test(test_ipaddr_str),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
