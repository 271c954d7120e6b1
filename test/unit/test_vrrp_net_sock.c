/*
 * vrrp_sock for real: VRRP payloads sent over multicast and unicast, IPv4
 * and IPv6, arrive on the peer's socket with TTL/hop limit 255, the right
 * source, destination and arrival interface. Runs as root in namespaces.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "test/unit/test_vrrp_net_harness.h"
#include "vrrp/vrrp_sock.h"

static const uint8_t payload[] = {
	0x31, 0x2a, 0x64, 0x01, 0x00, 0x64, 0x00, 0x00, 192, 0, 2, 100
};

static struct vrrp_ipaddr
mkip(int family, const char *str)
{
	struct vrrp_ipaddr a;

	memset(&a, 0, sizeof(a));
	a.family = family;
	assert_int_equal(inet_pton(family, str, &a.u), 1);
	return a;
}

/* Open the peer's socket in namespace B on vb. */
static void
open_peer(struct vrrp_sock *vs, int family, bool join)
{
	assert_int_equal(vn_enter(VN_B), 0);
	assert_int_equal(vrrp_sock_open(vs, family, vn_ifindex("vb"), "vb"), 0);
	if (join)
		assert_int_equal(vrrp_sock_join(vs), 0);
	assert_int_equal(vn_enter(VN_A), 0);
}

/* Receive one packet on vs and check payload, ttl and ifindex. */
static void
recv_check(struct vrrp_sock *vs, struct vrrp_sock_rx *rx)
{
	uint8_t buf[1500];
	ssize_t n;

	assert_int_equal(vn_wait(vs->fd, 2000), 1);
	n = vrrp_sock_recv(vs, buf, sizeof(buf), rx);
	assert_true(n > 0);
	assert_int_equal(rx->len, sizeof(payload));
	assert_memory_equal(buf + rx->off, payload, sizeof(payload));
	assert_int_equal(rx->ttl, 255);
	assert_int_equal(rx->ifindex, vs->ifindex);
	if (vs->family == AF_INET)
		assert_int_equal(buf[1], 0xc0);		/* TOS, as keepalived */
}

static void
test_mcast4(void **state)
{
	struct vrrp_sock a, b;
	struct vrrp_sock_rx rx;
	struct vrrp_ipaddr src;

	open_peer(&b, AF_INET, true);
	assert_int_equal(vrrp_sock_open(&a, AF_INET, vn_ifindex("va"), "va"),
	    0);
	/* The kernel's choice of source, then mcast_src_ip. */
	assert_int_equal(vrrp_sock_send(&a, NULL, NULL, payload,
	    sizeof(payload)), 0);
	recv_check(&b, &rx);
	assert_int_equal(rx.src.u.v4.s_addr, inet_addr("192.0.2.1"));
	assert_int_equal(rx.dst.u.v4.s_addr, inet_addr("224.0.0.18"));
	assert_int_equal(rx.off, 20);

	assert_int_equal(vn_sh(VN_A, "ip addr add 192.0.2.11/24 dev va"), 0);
	src = mkip(AF_INET, "192.0.2.11");
	assert_int_equal(vrrp_sock_send(&a, &src, NULL, payload,
	    sizeof(payload)), 0);
	recv_check(&b, &rx);
	assert_int_equal(rx.src.u.v4.s_addr, inet_addr("192.0.2.11"));
	/* Nothing else queued; a shared socket's last leave drops the group. */
	assert_int_equal(vrrp_sock_recv(&b, (uint8_t[64]){0}, 64, &rx), -1);
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(vrrp_sock_join(&b), 0);
	assert_int_equal(b.joined, 2);
	assert_int_equal(vrrp_sock_leave(&b), 0);
	assert_int_equal(vrrp_sock_leave(&b), 0);
	assert_int_equal(b.joined, 0);
	vrrp_sock_close(&a);
	vrrp_sock_close(&b);
}

static void
test_unicast4(void **state)
{
	struct vrrp_sock a, b;
	struct vrrp_sock_rx rx;
	struct vrrp_ipaddr src, peers[2];

	open_peer(&b, AF_INET, false);
	assert_int_equal(vrrp_sock_open(&a, AF_INET, vn_ifindex("va"), "va"),
	    0);
	src = mkip(AF_INET, "192.0.2.1");
	peers[0] = mkip(AF_INET, "192.0.2.2");
	peers[1] = mkip(AF_INET, "192.0.2.2");
	assert_int_equal(vrrp_sock_send_peers(&a, &src, peers, 2, payload,
	    sizeof(payload)), 0);
	recv_check(&b, &rx);
	assert_int_equal(rx.src.u.v4.s_addr, inet_addr("192.0.2.1"));
	assert_int_equal(rx.dst.u.v4.s_addr, inet_addr("192.0.2.2"));
	recv_check(&b, &rx);
	vrrp_sock_close(&a);
	vrrp_sock_close(&b);
}

static void
test_mcast6(void **state)
{
	struct vrrp_sock a, b;
	struct vrrp_sock_rx rx;
	struct vrrp_ipaddr src;
	struct in6_addr group;

	open_peer(&b, AF_INET6, true);
	assert_int_equal(vrrp_sock_open(&a, AF_INET6, vn_ifindex("va"), "va"),
	    0);
	src.family = AF_INET6;
	assert_int_equal(vn_linklocal("va", &src.u.v6), 0);
	assert_int_equal(vrrp_sock_send(&a, &src, NULL, payload,
	    sizeof(payload)), 0);
	recv_check(&b, &rx);
	assert_memory_equal(&rx.src.u.v6, &src.u.v6, 16);
	inet_pton(AF_INET6, "ff02::12", &group);
	assert_memory_equal(&rx.dst.u.v6, &group, 16);
	assert_int_equal(rx.off, 0);
	vrrp_sock_close(&a);
	vrrp_sock_close(&b);
}

static void
test_unicast6(void **state)
{
	struct vrrp_sock a, b;
	struct vrrp_sock_rx rx;
	struct vrrp_ipaddr src, peer;

	open_peer(&b, AF_INET6, false);
	assert_int_equal(vrrp_sock_open(&a, AF_INET6, vn_ifindex("va"), "va"),
	    0);
	src = mkip(AF_INET6, "2001:db8::1");
	peer = mkip(AF_INET6, "2001:db8::2");
	assert_int_equal(vrrp_sock_send_peers(&a, &src, &peer, 1, payload,
	    sizeof(payload)), 0);
	recv_check(&b, &rx);
	assert_memory_equal(&rx.src.u.v6, &src.u.v6, 16);
	assert_memory_equal(&rx.dst.u.v6, &peer.u.v6, 16);
	vrrp_sock_close(&a);
	vrrp_sock_close(&b);
}

static void
test_open_errors(void **state)
{
	struct vrrp_sock a;

	assert_int_equal(vrrp_sock_open(&a, AF_UNIX, 1, "va"), -1);
	assert_int_equal(errno, EAFNOSUPPORT);
	assert_int_equal(vrrp_sock_open(&a, AF_INET, 999, "nosuchif0"), -1);
	assert_int_equal(errno, ENODEV);
	assert_int_equal(a.fd, -1);
}

/* An IPv6 destination on an IPv4 socket is refused, not sent. */
static void
test_family_mismatch(void **state)
{
	struct vrrp_sock a;
	struct vrrp_ipaddr dst = mkip(AF_INET6, "2001:db8::2");

	assert_int_equal(vrrp_sock_open(&a, AF_INET, vn_ifindex("va"), "va"),
	    0);
	assert_int_equal(vrrp_sock_send(&a, NULL, &dst, payload,
	    sizeof(payload)), -1);
	assert_int_equal(errno, EAFNOSUPPORT);
	vrrp_sock_close(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mcast4, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_unicast4, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_mcast6, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_unicast6, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_family_mismatch, vn_setup,
		    vn_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
