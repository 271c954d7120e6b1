/*
 * vrrp_sock with the packet codec, for real: adverts built by
 * vrrp_packet_build() (v3 IPv4/IPv6 multicast, v3 IPv4 unicast, v2 with
 * PASS auth) are sent with vrrp_sock_send() from the instance's primary
 * address, received on the peer with vrrp_sock_recv() and pass every
 * check of vrrp_rx_check(), pseudo-header checksum included. This is the
 * path the vrrp child wires together. Runs as root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "test/unit/test_vrrp_net_harness.h"
#include "vrrp/vrrp_packet.h"
#include "vrrp/vrrp_rx.h"
#include "vrrp/vrrp_sock.h"

static struct vrrp_ipaddr
mkip(int family, const char *str)
{
	struct vrrp_ipaddr a;

	memset(&a, 0, sizeof(a));
	a.family = family;
	assert_int_equal(inet_pton(family, str, &a.u), 1);
	return a;
}

static void
params_init(struct vrrp_params *p, int family, uint8_t version,
    const struct vrrp_ipaddr *primary, const struct vrrp_ipaddr *vips)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "VI_1");
	p->vrid = 42;
	p->version = version;
	p->family = family;
	p->priority = 150;
	p->advert_int_cs = 100;
	p->preempt = true;
	p->primary = *primary;
	p->vips = vips;
	p->nvips = 1;
}

/* Send p's advert from p->primary to dst (NULL: group) over va; receive it
 * on vb and run the receive checks of the peer instance q. */
static void
roundtrip(const struct vrrp_params *p, const struct vrrp_params *q,
    const struct vrrp_ipaddr *dst, bool join)
{
	struct vrrp_sock a, b;
	struct vrrp_sock_rx rx;
	struct vrrp_ipaddr group;
	struct vrrp_advert adv;
	struct vrrp_rx r;
	enum vrrp_rx_reason warn;
	uint8_t pkt[VRRP_PKT_MAX], buf[2048];
	size_t len;
	ssize_t n;

	if (p->family == AF_INET)
		group = mkip(AF_INET, "224.0.0.18");
	else
		group = mkip(AF_INET6, "ff02::12");
	len = vrrp_packet_build(p, p->priority, dst != NULL ? dst : &group,
	    pkt, sizeof(pkt));
	assert_true(len > 0);
	assert_int_equal(vn_enter(VN_B), 0);
	assert_int_equal(vrrp_sock_open(&b, p->family, vn_ifindex("vb"), "vb"),
	    0);
	if (join)
		assert_int_equal(vrrp_sock_join(&b), 0);
	assert_int_equal(vn_enter(VN_A), 0);
	assert_int_equal(vrrp_sock_open(&a, p->family, vn_ifindex("va"), "va"),
	    0);
	assert_int_equal(vrrp_sock_send(&a, &p->primary, dst, pkt, len), 0);
	assert_int_equal(vn_wait(b.fd, 2000), 1);
	assert_true((n = vrrp_sock_recv(&b, buf, sizeof(buf), &rx)) > 0);
	assert_int_equal(rx.len, len);
	assert_int_equal(buf[rx.off + 1], 42);		/* demux by VRID */

	memset(&r, 0, sizeof(r));
	r.family = p->family;
	r.buf = buf;
	r.len = (size_t)n;
	r.src = rx.src;
	r.dst = rx.dst;
	r.hoplimit = rx.ttl;
	assert_int_equal(vrrp_rx_check(q, &r, &adv, &warn), VRRP_RX_OK);
	assert_int_equal(warn, VRRP_RX_OK);
	assert_int_equal(adv.priority, 150);
	assert_true(vrrp_ipaddr_eq(&adv.src, &p->primary));
	vrrp_sock_close(&a);
	vrrp_sock_close(&b);
}

static void
test_v3_ip4_mcast(void **state)
{
	struct vrrp_ipaddr vip = mkip(AF_INET, "192.0.2.100");
	struct vrrp_ipaddr pa = mkip(AF_INET, "192.0.2.1");
	struct vrrp_ipaddr pb = mkip(AF_INET, "192.0.2.2");
	struct vrrp_params p, q;

	params_init(&p, AF_INET, VRRP_VERSION_3, &pa, &vip);
	params_init(&q, AF_INET, VRRP_VERSION_3, &pb, &vip);
	roundtrip(&p, &q, NULL, true);
}

static void
test_v3_ip6_mcast(void **state)
{
	struct vrrp_ipaddr vip = mkip(AF_INET6, "2001:db8::100");
	struct vrrp_ipaddr pa, pb;
	struct vrrp_params p, q;

	pa.family = pb.family = AF_INET6;
	assert_int_equal(vn_linklocal("va", &pa.u.v6), 0);
	assert_int_equal(vn_enter(VN_B), 0);
	assert_int_equal(vn_linklocal("vb", &pb.u.v6), 0);
	assert_int_equal(vn_enter(VN_A), 0);
	params_init(&p, AF_INET6, VRRP_VERSION_3, &pa, &vip);
	params_init(&q, AF_INET6, VRRP_VERSION_3, &pb, &vip);
	roundtrip(&p, &q, NULL, true);
}

static void
test_v3_ip4_unicast(void **state)
{
	struct vrrp_ipaddr vip = mkip(AF_INET, "198.51.100.10");
	struct vrrp_ipaddr pa = mkip(AF_INET, "192.0.2.1");
	struct vrrp_ipaddr pb = mkip(AF_INET, "192.0.2.2");
	struct vrrp_params p, q;

	params_init(&p, AF_INET, VRRP_VERSION_3, &pa, &vip);
	p.peers = &pb;
	p.npeers = 1;
	params_init(&q, AF_INET, VRRP_VERSION_3, &pb, &vip);
	q.peers = &pa;
	q.npeers = 1;
	q.check_unicast_src = true;
	roundtrip(&p, &q, &pb, false);
}

static void
test_v2_pass(void **state)
{
	struct vrrp_ipaddr vip = mkip(AF_INET, "203.0.113.10");
	struct vrrp_ipaddr pa = mkip(AF_INET, "192.0.2.1");
	struct vrrp_ipaddr pb = mkip(AF_INET, "192.0.2.2");
	struct vrrp_params p, q;

	params_init(&p, AF_INET, VRRP_VERSION_2, &pa, &vip);
	p.auth_type = VRRP_AUTH_PASS;
	memcpy(p.auth_pass, "secret", 6);
	params_init(&q, AF_INET, VRRP_VERSION_2, &pb, &vip);
	q.auth_type = VRRP_AUTH_PASS;
	memcpy(q.auth_pass, "secret", 6);
	roundtrip(&p, &q, NULL, true);
}

/* An IPv4 or IPv6 frame carrying protocol 112. */
static bool
is_vrrp(const uint8_t *f, size_t len, const void *arg)
{
	(void)arg;
	if (len >= 34 && f[12] == 0x08 && f[13] == 0x00)
		return f[14 + 9] == VRRP_IPPROTO;
	return len >= 54 && f[12] == 0x86 && f[13] == 0xdd &&
	    f[14 + 6] == VRRP_IPPROTO;
}

/* Append one Ethernet frame to a pcap file (written on first call). */
static void
pcap_add(FILE *f, const uint8_t *frame, size_t len)
{
	uint32_t gh[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	uint32_t rh[4] = { 0, 0, (uint32_t)len, (uint32_t)len };

	if (ftell(f) == 0)
		assert_int_equal(fwrite(gh, sizeof(gh), 1, f), 1);
	assert_int_equal(fwrite(rh, sizeof(rh), 1, f), 1);
	assert_int_equal(fwrite(frame, len, 1, f), 1);
}

/* Send p's multicast advert on va and capture its frame on vb. */
static void
capture(const struct vrrp_params *p, FILE *pcap)
{
	struct vrrp_sock a;
	struct vrrp_ipaddr group;
	uint8_t pkt[VRRP_PKT_MAX], frame[2048];
	size_t len;
	ssize_t n;
	int sniff;

	group = p->family == AF_INET ? mkip(AF_INET, "224.0.0.18") :
	    mkip(AF_INET6, "ff02::12");
	len = vrrp_packet_build(p, p->priority, &group, pkt, sizeof(pkt));
	assert_true(len > 0);
	assert_true((sniff = vn_sniff_open(p->family == AF_INET ? ETH_P_IP :
	    ETH_P_IPV6)) != -1);
	assert_int_equal(vrrp_sock_open(&a, p->family, vn_ifindex("va"), "va"),
	    0);
	assert_int_equal(vrrp_sock_send(&a, &p->primary, NULL, pkt, len), 0);
	assert_true((n = vn_sniff(sniff, frame, sizeof(frame), is_vrrp,
	    NULL)) > 0);
	pcap_add(pcap, frame, (size_t)n);
	vrrp_sock_close(&a);
	close(sniff);
}

/* What keepalived's peers see: tshark decodes our adverts as VRRP with a
 * good checksum, TTL/hop limit 255. */
static void
test_tshark_decodes(void **state)
{
	struct vrrp_ipaddr vip4 = mkip(AF_INET, "192.0.2.100");
	struct vrrp_ipaddr vip6 = mkip(AF_INET6, "2001:db8::100");
	struct vrrp_ipaddr pa4 = mkip(AF_INET, "192.0.2.1"), pa6;
	struct vrrp_params p;
	char path[] = "/tmp/vigil-vrrp-net-XXXXXX", out[1024];
	FILE *f;
	int fd;

	pa6.family = AF_INET6;
	assert_int_equal(vn_linklocal("va", &pa6.u.v6), 0);
	assert_true((fd = mkstemp(path)) != -1);
	assert_non_null(f = fdopen(fd, "w"));
	params_init(&p, AF_INET, VRRP_VERSION_3, &pa4, &vip4);
	capture(&p, f);
	params_init(&p, AF_INET, VRRP_VERSION_2, &pa4, &vip4);
	capture(&p, f);
	params_init(&p, AF_INET6, VRRP_VERSION_3, &pa6, &vip6);
	capture(&p, f);
	fclose(f);
	if (access("/usr/bin/tshark", X_OK) != 0) {
		unlink(path);
		fail_msg("tshark is not installed (make deps installs it)");
	}
	assert_int_equal(vn_capture(out, sizeof(out), "tshark -r %s -T fields "
	    "-E separator=, -e vrrp.version -e vrrp.virt_rtr_id "
	    "-e vrrp.checksum.status -e ip.ttl -e ipv6.hlim 2>/dev/null", path),
	    0);
	unlink(path);
	assert_string_equal(out, "3,42,1,255,\n2,42,1,255,\n3,42,1,,255\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_v3_ip4_mcast, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_v3_ip6_mcast, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_v3_ip4_unicast, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_v2_pass, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_tshark_decodes, vn_setup,
		    vn_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
