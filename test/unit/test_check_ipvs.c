/*
 * Unit tests for check/check_ipvs.c's names of services and forwarding
 * methods, which its log lines and the tests' expectations are made of.
 * The netlink side runs against a real kernel in t_ipvs_qemu.sh.
 */
#include <arpa/inet.h>
#include <linux/ip_vs.h>
#include <netinet/in.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "check/check_ipvs.h"

static const char *
name(int af, uint16_t proto, const char *addr, uint16_t port, uint32_t fwm)
{
	static char buf[80];
	struct check_ipvs_service s;

	memset(&s, 0, sizeof(s));
	s.af = af;
	s.protocol = proto;
	s.port = port;
	s.fwmark = fwm;
	if (addr != NULL)
		assert_int_equal(inet_pton(af, addr, s.addr.b), 1);
	return check_ipvs_service_name(&s, buf, sizeof(buf));
}

static void
test_service_name(void **state)
{
	assert_string_equal(name(AF_INET, IPPROTO_TCP, "192.0.2.200", 80, 0),
	    "[192.0.2.200]:tcp:80");
	assert_string_equal(name(AF_INET, IPPROTO_UDP, "192.0.2.1", 53, 0),
	    "[192.0.2.1]:udp:53");
	assert_string_equal(name(AF_INET, IPPROTO_SCTP, "192.0.2.1", 9, 0),
	    "[192.0.2.1]:sctp:9");
	assert_string_equal(name(AF_INET6, IPPROTO_TCP, "2001:db8::1", 443,
	    0), "[2001:db8::1]:tcp:443");
	assert_string_equal(name(AF_INET, 0, NULL, 0, 7), "FWM 7");
	assert_string_equal(name(AF_INET6, 0, NULL, 0, 8), "FWM 8 (IPv6)");
}

static void
test_service_name_short_buffer(void **state)
{
	struct check_ipvs_service s;
	char buf[8];

	memset(&s, 0, sizeof(s));
	s.af = AF_INET;
	s.protocol = IPPROTO_TCP;
	s.port = 80;
	assert_int_equal(inet_pton(AF_INET, "192.0.2.200", s.addr.b), 1);
	assert_string_equal(check_ipvs_service_name(&s, buf, sizeof(buf)),
	    "[192.0.");
}

static void
test_method_name(void **state)
{
	assert_string_equal(check_ipvs_method_name(IP_VS_CONN_F_MASQ), "NAT");
	assert_string_equal(check_ipvs_method_name(IP_VS_CONN_F_DROUTE), "DR");
	assert_string_equal(check_ipvs_method_name(IP_VS_CONN_F_TUNNEL),
	    "TUN");
	assert_string_equal(check_ipvs_method_name(IP_VS_CONN_F_LOCALNODE),
	    "LOCAL");
	/* Only the forwarding bits count. */
	assert_string_equal(check_ipvs_method_name(IP_VS_CONN_F_DROUTE |
	    IP_VS_CONN_F_ONE_PACKET), "DR");
	assert_string_equal(check_ipvs_method_name(IP_VS_CONN_F_BYPASS), "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_service_name),
		cmocka_unit_test(test_service_name_short_buffer),
		cmocka_unit_test(test_method_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
