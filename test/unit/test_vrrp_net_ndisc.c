/*
 * vrrp_ndisc for real: an unsolicited neighbour advertisement sent on va is
 * captured on vb with a packet socket; IPv6 and ICMPv6 fields and the
 * checksum are checked. Runs as root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/icmp6.h>
#include <netinet/ip6.h>

#include "test/unit/test_vrrp_net_harness.h"
#include "vrrp/vrrp_ndisc.h"

#define ETH_LEN	14
#define IP6_LEN	40

/* An IPv6 frame carrying an ICMPv6 NA whose target is *arg. */
static bool
is_na_for(const uint8_t *f, size_t len, const void *arg)
{
	return len >= ETH_LEN + IP6_LEN + VRRP_NDISC_NA_LEN &&
	    f[12] == 0x86 && f[13] == 0xdd && f[ETH_LEN + 6] == IPPROTO_ICMPV6 &&
	    f[ETH_LEN + IP6_LEN] == ND_NEIGHBOR_ADVERT &&
	    memcmp(f + ETH_LEN + IP6_LEN + 8, arg, 16) == 0;
}

/* The ICMPv6 checksum over the pseudo-header and body; 0 when valid. */
static uint16_t
icmp6_sum(const uint8_t *ip6, const uint8_t *body, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < 32; i += 2)		/* source and destination */
		sum += ip6[8 + i] << 8 | ip6[8 + i + 1];
	sum += (uint32_t)len + IPPROTO_ICMPV6;
	for (i = 0; i + 1 < len; i += 2)
		sum += body[i] << 8 | body[i + 1];
	if (len & 1)
		sum += body[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void
check_na(int sniff, const uint8_t mac[6], const struct in6_addr *vip,
    const struct in6_addr *src, bool router)
{
	static const uint8_t mdst[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	uint8_t f[1600], *ip6, *na;
	struct in6_addr allnodes;

	assert_true(vn_sniff(sniff, f, sizeof(f), is_na_for, vip) > 0);
	ip6 = f + ETH_LEN;
	na = ip6 + IP6_LEN;
	inet_pton(AF_INET6, "ff02::1", &allnodes);
	assert_memory_equal(f, mdst, 6);
	assert_int_equal(ip6[7], 255);				/* hop limit */
	assert_int_equal(ip6[4] << 8 | ip6[5], VRRP_NDISC_NA_LEN);
	assert_memory_equal(ip6 + 8, src, 16);
	assert_memory_equal(ip6 + 24, &allnodes, 16);
	assert_int_equal(na[0], ND_NEIGHBOR_ADVERT);
	assert_int_equal(na[1], 0);
	assert_int_equal(icmp6_sum(ip6, na, VRRP_NDISC_NA_LEN), 0);
	assert_int_equal(na[4], 0x20 | (router ? 0x80 : 0));	/* O, R; not S */
	assert_int_equal(na[24], ND_OPT_TARGET_LINKADDR);
	assert_int_equal(na[25], 1);
	assert_memory_equal(na + 26, mac, 6);
}

static void
test_na(void **state)
{
	uint8_t mac[6];
	struct in6_addr vip, ll;
	int fd, sniff;

	assert_int_equal(vn_mac("va", mac), 0);
	assert_int_equal(vn_linklocal("va", &ll), 0);
	assert_true((sniff = vn_sniff_open(ETH_P_IPV6)) != -1);
	assert_true((fd = vrrp_ndisc_open()) != -1);
	inet_pton(AF_INET6, "2001:db8::100", &vip);
	/* The kernel's choice of source: va's link-local address. */
	assert_int_equal(vrrp_ndisc_send(fd, vn_ifindex("va"), mac, &vip, NULL,
	    false), 0);
	check_na(sniff, mac, &vip, &ll, false);
	close(fd);
	close(sniff);
}

static void
test_na_vmac_router_src(void **state)
{
	static const uint8_t vmac[6] = { 0x00, 0x00, 0x5e, 0x00, 0x02, 7 };
	struct in6_addr vip, src;
	int fd, sniff;

	assert_true((sniff = vn_sniff_open(ETH_P_IPV6)) != -1);
	assert_true((fd = vrrp_ndisc_open()) != -1);
	inet_pton(AF_INET6, "2001:db8::7", &vip);
	inet_pton(AF_INET6, "2001:db8::1", &src);
	assert_int_equal(vrrp_ndisc_send(fd, vn_ifindex("va"), vmac, &vip,
	    &src, true), 0);
	check_na(sniff, vmac, &vip, &src, true);
	close(fd);
	close(sniff);
}

static void
test_na_error(void **state)
{
	uint8_t mac[6] = { 0 };
	struct in6_addr vip;
	int fd;

	assert_true((fd = vrrp_ndisc_open()) != -1);
	inet_pton(AF_INET6, "2001:db8::100", &vip);
	assert_int_equal(vrrp_ndisc_send(fd, 9999, mac, &vip, NULL, false), -1);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_na, vn_setup, vn_teardown),
		cmocka_unit_test_setup_teardown(test_na_vmac_router_src,
		    vn_setup, vn_teardown),
		cmocka_unit_test_setup_teardown(test_na_error, vn_setup,
		    vn_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
