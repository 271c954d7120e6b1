/*
 * vrrp_arp for real: a gratuitous ARP sent on va is captured on the peer
 * end vb with a packet socket and its fields checked. Runs as root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <net/if_arp.h>

#include "test/unit/test_vrrp_net_harness.h"
#include "vrrp/vrrp_arp.h"

/* An ARP frame whose target protocol address is *arg. */
static bool
is_arp_for(const uint8_t *f, size_t len, const void *arg)
{
	return len >= VRRP_ARP_FRAME_LEN && f[12] == 0x08 && f[13] == 0x06 &&
	    memcmp(f + 38, arg, 4) == 0;
}

static void
check_garp(int sniff, const uint8_t mac[6], const char *vipstr)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[6];
	uint8_t f[1600];
	struct in_addr vip;

	inet_pton(AF_INET, vipstr, &vip);
	assert_true(vn_sniff(sniff, f, sizeof(f), is_arp_for, &vip) >=
	    VRRP_ARP_FRAME_LEN);
	assert_memory_equal(f, bcast, 6);		/* Ethernet dst */
	assert_memory_equal(f + 6, mac, 6);		/* Ethernet src */
	assert_int_equal(f[14] << 8 | f[15], ARPHRD_ETHER);
	assert_int_equal(f[16] << 8 | f[17], 0x0800);
	assert_int_equal(f[18], 6);
	assert_int_equal(f[19], 4);
	assert_int_equal(f[20] << 8 | f[21], ARPOP_REQUEST);
	assert_memory_equal(f + 22, mac, 6);		/* sender MAC */
	assert_memory_equal(f + 28, &vip, 4);		/* sender IP */
	assert_memory_equal(f + 32, zero, 6);		/* target MAC */
	assert_memory_equal(f + 38, &vip, 4);		/* target IP */
}

static void
test_garp_interface_mac(void **state)
{
	uint8_t mac[6];
	struct in_addr vip;
	int fd, sniff;

	assert_int_equal(vn_mac("va", mac), 0);
	assert_true((sniff = vn_sniff_open(ETH_P_ARP)) != -1);
	assert_true((fd = vrrp_arp_open()) != -1);
	inet_pton(AF_INET, "192.0.2.100", &vip);
	assert_int_equal(vrrp_arp_send(fd, vn_ifindex("va"), mac, vip), 0);
	check_garp(sniff, mac, "192.0.2.100");
	close(fd);
	close(sniff);
}

/* Sent with the VMAC as source (what a use_vmac instance does). */
static void
test_garp_vmac(void **state)
{
	static const uint8_t vmac[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 42 };
	struct in_addr vip;
	int fd, sniff;

	assert_true((sniff = vn_sniff_open(ETH_P_ARP)) != -1);
	assert_true((fd = vrrp_arp_open()) != -1);
	inet_pton(AF_INET, "203.0.113.9", &vip);
	assert_int_equal(vrrp_arp_send(fd, vn_ifindex("va"), vmac, vip), 0);
	check_garp(sniff, vmac, "203.0.113.9");
	close(fd);
	close(sniff);
}

static void
test_garp_error(void **state)
{
	uint8_t mac[6] = { 0 };
	struct in_addr vip;
	int fd;

	assert_true((fd = vrrp_arp_open()) != -1);
	inet_pton(AF_INET, "192.0.2.100", &vip);
	assert_int_equal(vrrp_arp_send(fd, 9999, mac, vip), -1);
	assert_int_equal(errno, ENXIO);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_garp_interface_mac,
		    vn_setup, vn_teardown),
		cmocka_unit_test_setup_teardown(test_garp_vmac, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_garp_error, vn_setup,
		    vn_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
