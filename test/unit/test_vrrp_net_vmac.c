/*
 * vrrp_vmac for real: a macvlan VMAC is created on va with the virtual
 * router MAC, private mode, up, no IPv6 address generation; adopted when
 * it already exists; removed; and a GARP-ready interface is reported by
 * vrrp_link. Runs as root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test/unit/test_vrrp_net_harness.h"
#include "vrrp/vrrp_link.h"
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
