/*
 * vrrp_vmac for real: a macvlan VMAC is created on va with the virtual
 * router MAC, private mode, up, no IPv6 address generation; adopted when
 * it already exists; removed; and VRRP adverts sent through a socket on
 * the VMAC leave with the virtual MAC as Ethernet source (IPv4 from the
 * base's address, IPv6 from the base's link-local copied onto the VMAC).
 * Runs as root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/rtnetlink.h>

#include "test/unit/test_vrrp_net_harness.h"
#include "vrrp/vrrp_addr.h"
#include "vrrp/vrrp_link.h"
#include "vrrp/vrrp_sock.h"
#include "vrrp/vrrp_vmac.h"

static struct nl_sock *nl;

static int
setup(void **state)
{
	if (vn_setup(state) == -1)
		return -1;
	return (nl = vrrp_nl_open()) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	vrrp_nl_close(nl);
	nl = NULL;
	return 0;
}

static void
test_names(void **state)
{
	uint8_t mac[6];
	char name[IF_NAMESIZE];
	static const uint8_t v4[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 51 };
	static const uint8_t v6[6] = { 0x00, 0x00, 0x5e, 0x00, 0x02, 255 };

	vrrp_vmac_addr(AF_INET, 51, mac);
	assert_memory_equal(mac, v4, 6);
	vrrp_vmac_addr(AF_INET6, 255, mac);
	assert_memory_equal(mac, v6, 6);
	vrrp_vmac_name(51, name);
	assert_string_equal(name, "vrrp.51");
}

static void
test_create_delete(void **state)
{
	struct vrrp_ifinfo ii;
	uint8_t mac[6];
	unsigned int ifindex, again;
	char out[4096];

	vrrp_vmac_addr(AF_INET, 51, mac);
	assert_int_equal(vrrp_vmac_create(nl, vn_ifindex("va"), "vrrp.51", mac,
	    VRRP_VMAC_MODE_PRIVATE, &ifindex), 0);
	assert_int_equal(ifindex, vn_ifindex("vrrp.51"));
	assert_int_equal(vrrp_link_lookup(nl, "vrrp.51", 0, &ii), 0);
	assert_memory_equal(ii.mac, mac, 6);
	assert_true(ii.flags & IFF_UP);
	assert_int_equal(vn_capture(out, sizeof(out),
	    "ip -d link show vrrp.51"), 0);
	assert_non_null(strstr(out, "vrrp.51@va:"));
	assert_non_null(strstr(out, "link/ether 00:00:5e:00:01:33"));
	assert_non_null(strstr(out, "macvlan mode private"));
	assert_non_null(strstr(out, "addrgenmode none"));
	/* No EUI-64 link-local from the shared MAC. */
	assert_int_equal(vn_capture(out, sizeof(out),
	    "ip -6 addr show dev vrrp.51"), 0);
	assert_null(strstr(out, "fe80"));

	/* Created again (a restart after a crash): adopted, same index. */
	assert_int_equal(vrrp_vmac_create(nl, vn_ifindex("va"), "vrrp.51", mac,
	    VRRP_VMAC_MODE_PRIVATE, &again), 0);
	assert_int_equal(again, ifindex);

	assert_int_equal(vrrp_vmac_tune(nl, ifindex, vn_ifindex("va")), 0);
	assert_int_equal(vn_capture(out, sizeof(out),
	    "sysctl -n net.ipv4.conf.vrrp/51.arp_ignore "
	    "net.ipv4.conf.vrrp/51.accept_local net.ipv4.conf.vrrp/51.rp_filter "
	    "net.ipv4.conf.va.arp_ignore net.ipv4.conf.va.arp_filter"), 0);
	assert_string_equal(out, "1\n1\n0\n1\n1\n");

	assert_int_equal(vrrp_vmac_delete(nl, "vrrp.51"), 0);
	assert_int_equal(vn_ifindex("vrrp.51"), 0);
	assert_int_equal(vrrp_vmac_delete(nl, "vrrp.51"), 0);	/* absent */
}

static void
test_bridge_mode_v6(void **state)
{
	uint8_t mac[6];
	unsigned int ifindex;
	char out[4096];

	vrrp_vmac_addr(AF_INET6, 7, mac);
	assert_int_equal(vrrp_vmac_create(nl, vn_ifindex("va"), "vh7", mac,
	    VRRP_VMAC_MODE_BRIDGE, &ifindex), 0);
	assert_int_equal(vn_capture(out, sizeof(out), "ip -d link show vh7"),
	    0);
	assert_non_null(strstr(out, "link/ether 00:00:5e:00:02:07"));
	assert_non_null(strstr(out, "macvlan mode bridge"));
	assert_int_equal(vrrp_vmac_delete(nl, "vh7"), 0);
}

static void
test_name_taken(void **state)
{
	uint8_t mac[6];
	unsigned int ifindex;

	/* A name held by an interface that is not our macvlan. */
	vrrp_vmac_addr(AF_INET, 9, mac);
	assert_int_equal(vn_sh(VN_A, "ip link add vrrp.9 type veth peer name "
	    "x9"), 0);
	assert_int_equal(vrrp_vmac_create(nl, vn_ifindex("va"), "vrrp.9", mac,
	    VRRP_VMAC_MODE_PRIVATE, &ifindex), -1);
	assert_int_equal(errno, EEXIST);
	/* A base that does not exist. */
	assert_int_equal(vrrp_vmac_create(nl, 9999, "vrrp.10", mac,
	    VRRP_VMAC_MODE_PRIVATE, &ifindex), -1);
}

/* A frame from the VMAC carrying protocol 112. */
static bool
is_vrrp_from(const uint8_t *f, size_t len, const void *mac)
{
	if (len < 14 + 20 || memcmp(f + 6, mac, 6) != 0)
		return false;
	if (f[12] == 0x08 && f[13] == 0x00)
		return f[14 + 9] == 112 && f[14 + 8] == 255;
	return len >= 14 + 40 && f[12] == 0x86 && f[13] == 0xdd &&
	    f[14 + 6] == 112 && f[14 + 7] == 255;
}

/* Send one payload through a VRRP socket on the VMAC from src; expect it
 * on vb from the VMAC's MAC and on a VRRP socket there from src. */
static void
send_via_vmac(int family, unsigned int vmac_ifindex, const char *vmac_name,
    const uint8_t mac[6], const struct vrrp_ipaddr *src)
{
	static const uint8_t payload[] = { 0x31, 42, 100, 0, 0, 100, 0, 0 };
	struct vrrp_sock a, b;
	struct vrrp_sock_rx rx;
	uint8_t buf[2048];
	int sniff;

	assert_true((sniff = vn_sniff_open(family == AF_INET ? ETH_P_IP :
	    ETH_P_IPV6)) != -1);
	assert_int_equal(vn_enter(VN_B), 0);
	assert_int_equal(vrrp_sock_open(&b, family, vn_ifindex("vb"), "vb"), 0);
	assert_int_equal(vrrp_sock_join(&b), 0);
	assert_int_equal(vn_enter(VN_A), 0);
	assert_int_equal(vrrp_sock_open(&a, family, vmac_ifindex, vmac_name),
	    0);
	assert_int_equal(vrrp_sock_send(&a, src, NULL, payload,
	    sizeof(payload)), 0);
	assert_true(vn_sniff(sniff, buf, sizeof(buf), is_vrrp_from, mac) > 0);
	assert_int_equal(vn_wait(b.fd, 2000), 1);
	assert_true(vrrp_sock_recv(&b, buf, sizeof(buf), &rx) > 0);
	assert_true(vrrp_ipaddr_eq(&rx.src, src));
	assert_int_equal(rx.ttl, 255);
	/* And the other way: the peer's multicast advert reaches a socket
	 * on the VMAC (macvlan passes multicast from the wire up). */
	assert_int_equal(vrrp_sock_join(&a), 0);
	assert_int_equal(vrrp_sock_send(&b, NULL, NULL, payload,
	    sizeof(payload)), 0);
	assert_int_equal(vn_wait(a.fd, 2000), 1);
	assert_true(vrrp_sock_recv(&a, buf, sizeof(buf), &rx) > 0);
	assert_int_equal(rx.ifindex, vmac_ifindex);
	vrrp_sock_close(&a);
	vrrp_sock_close(&b);
	close(sniff);
}

static void
test_vmac_sends_v4(void **state)
{
	struct vrrp_ifinfo base;
	uint8_t mac[6];
	unsigned int ifindex;

	assert_int_equal(vrrp_link_lookup(nl, "va", 0, &base), 0);
	vrrp_vmac_addr(AF_INET, 42, mac);
	assert_int_equal(vrrp_vmac_create(nl, base.ifindex, "vrrp.42", mac,
	    VRRP_VMAC_MODE_PRIVATE, &ifindex), 0);
	assert_true(base.has_v4);
	send_via_vmac(AF_INET, ifindex, "vrrp.42", mac, &base.v4);
	assert_int_equal(vrrp_vmac_delete(nl, "vrrp.42"), 0);
}

static void
test_vmac_sends_v6(void **state)
{
	struct vrrp_ifinfo base;
	struct vrrp_vip ll;
	uint8_t mac[6];
	unsigned int ifindex;

	assert_int_equal(vrrp_link_lookup(nl, "va", 0, &base), 0);
	vrrp_vmac_addr(AF_INET6, 42, mac);
	assert_int_equal(vrrp_vmac_create(nl, base.ifindex, "vrrp6.42", mac,
	    VRRP_VMAC_MODE_PRIVATE, &ifindex), 0);
	/* The VMAC generates no link-local: give it the base's. */
	assert_true(base.has_ll6);
	memset(&ll, 0, sizeof(ll));
	ll.addr = base.ll6;
	ll.prefixlen = 64;
	ll.scope = RT_SCOPE_LINK;
	ll.ifindex = ifindex;
	assert_int_equal(vrrp_addr_add(nl, &ll), 0);
	send_via_vmac(AF_INET6, ifindex, "vrrp6.42", mac, &base.ll6);
	assert_int_equal(vrrp_vmac_delete(nl, "vrrp6.42"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_create_delete, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bridge_mode_v6, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_name_taken, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_vmac_sends_v4, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_vmac_sends_v6, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
