/*
 * Interoperation with keepalived (Debian's 2.2.7, `make deps` installs
 * it), at the socket level: keepalived runs in namespace B on vb as a
 * BACKUP of VRID 42. Adverts built by vrrp_packet_build() and sent with
 * vrrp_sock from A at a higher priority keep it BACKUP (it accepted them:
 * TTL, checksum, VIP list); when they stop, it takes the VIP, and its own
 * adverts received with vrrp_sock pass vrrp_rx_check(). v3 over IPv4
 * multicast, IPv6 multicast and IPv4 unicast; v2 with PASS auth from a
 * keepalived address owner (v2's 1 s adverts make a takeover too slow for
 * a unit test). Runs as root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "test/unit/test_vrrp_net_harness.h"
#include "vrrp/vrrp_packet.h"
#include "vrrp/vrrp_rx.h"
#include "vrrp/vrrp_sock.h"

#define KEEPALIVED	"/usr/sbin/keepalived"

static pid_t ka_pid = -1;
static char ka_dir[64];

static int
ka_teardown(void **state)
{
	char cmd[128];
	int st;

	if (ka_pid > 0) {
		kill(ka_pid, SIGTERM);
		waitpid(ka_pid, &st, 0);
		ka_pid = -1;
	}
	if (ka_dir[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", ka_dir);
		if (system(cmd) != 0)
			fprintf(stderr, "%s failed\n", cmd);
		ka_dir[0] = '\0';
	}
	return 0;
}

/* Start keepalived in namespace B: VI_1, VRID 42 on vb, at prio. */
static void
ka_start(int prio, const char *instance)
{
	char conf[128], pid1[128], pid2[128];
	FILE *f;

	if (access(KEEPALIVED, X_OK) != 0)
		fail_msg("%s is not installed (make deps installs it)",
		    KEEPALIVED);
	snprintf(ka_dir, sizeof(ka_dir), "/tmp/vigil-ka-XXXXXX");
	assert_non_null(mkdtemp(ka_dir));
	snprintf(conf, sizeof(conf), "%s/keepalived.conf", ka_dir);
	snprintf(pid1, sizeof(pid1), "%s/keepalived.pid", ka_dir);
	snprintf(pid2, sizeof(pid2), "%s/vrrp.pid", ka_dir);
	assert_non_null(f = fopen(conf, "w"));
	fprintf(f, "global_defs {\n\trouter_id vn\n}\n"
	    "vrrp_instance VI_1 {\n\tstate %s\n\tinterface vb\n"
	    "\tvirtual_router_id 42\n\tpriority %d\n%s}\n",
	    prio == 255 ? "MASTER" : "BACKUP", prio, instance);
	fclose(f);
	assert_int_equal(vn_enter(VN_B), 0);
	ka_pid = fork();
	assert_true(ka_pid != -1);
	if (ka_pid == 0) {
		char log[128];
		int fd;

		snprintf(log, sizeof(log), "%s/log", ka_dir);
		if ((fd = open(log, O_WRONLY | O_CREAT, 0600)) != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl(KEEPALIVED, "keepalived", "-n", "-l", "-D", "-P", "-f",
		    conf, "-p", pid1, "-r", pid2, (char *)NULL);
		_exit(127);
	}
	assert_int_equal(vn_enter(VN_A), 0);
}

static bool
b_has(const char *what)
{
	char out[4096];

	assert_int_equal(vn_enter(VN_B), 0);
	assert_int_equal(vn_capture(out, sizeof(out), "ip -o addr show dev vb"),
	    0);
	assert_int_equal(vn_enter(VN_A), 0);
	return strstr(out, what) != NULL;
}

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static struct vrrp_ipaddr
mkip(int family, const char *str)
{
	struct vrrp_ipaddr a;

	memset(&a, 0, sizeof(a));
	a.family = family;
	assert_int_equal(inet_pton(family, str, &a.u), 1);
	return a;
}

/* Wait for one of keepalived's adverts at prio on s; check it as peer p
 * and return the reason (VRRP_RX_OK expected unless testing a mismatch). */
static enum vrrp_rx_reason
ka_advert(struct vrrp_sock *s, const struct vrrp_params *p, int prio)
{
	uint8_t buf[2048];
	struct vrrp_sock_rx rx;
	struct vrrp_advert adv;
	struct vrrp_rx r;
	enum vrrp_rx_reason warn, reason;
	ssize_t n;
	int i;

	/* 5 s: keepalived may still be starting on a busy host. */
	for (i = 0; i < 250; i++) {
		if (vn_wait(s->fd, 20) != 1)
			continue;
		assert_true((n = vrrp_sock_recv(s, buf, sizeof(buf), &rx)) > 0);
		memset(&r, 0, sizeof(r));
		r.family = p->family;
		r.buf = buf;
		r.len = (size_t)n;
		r.src = rx.src;
		r.dst = rx.dst;
		r.hoplimit = rx.ttl;
		if (p->npeers == 0)
			assert_int_equal(rx.ttl, 255);
		if (rx.len < VRRP_HDR_LEN || buf[rx.off + 2] != prio)
			continue;
		reason = vrrp_rx_check(p, &r, &adv, &warn);
		if (reason == VRRP_RX_OK)
			assert_int_equal(warn, VRRP_RX_OK);
		return reason;
	}
	fail_msg("no advert from keepalived");
	return VRRP_RX_MAX;
}

/*
 * Keep keepalived BACKUP with our adverts for 0.8 s (more than twice its
 * master-down interval), then stop and expect it to take vipstr and
 * advertise. dst NULL: multicast.
 */
static void
interop(struct vrrp_params *p, const struct vrrp_ipaddr *dst,
    const char *vipstr)
{
	struct vrrp_sock s;
	uint8_t pkt[VRRP_PKT_MAX];
	struct vrrp_ipaddr group;
	size_t len;
	int i;

	group = p->family == AF_INET ? mkip(AF_INET, "224.0.0.18") :
	    mkip(AF_INET6, "ff02::12");
	len = vrrp_packet_build(p, 250, dst != NULL ? dst : &group, pkt,
	    sizeof(pkt));
	assert_true(len > 0);
	assert_int_equal(vrrp_sock_open(&s, p->family, vn_ifindex("va"), "va"),
	    0);
	if (dst == NULL)
		assert_int_equal(vrrp_sock_join(&s), 0);
	for (i = 0; i < 80; i++) {
		assert_int_equal(vrrp_sock_send(&s, &p->primary, dst, pkt, len),
		    0);
		sleep_ms(10);
	}
	assert_false(b_has(vipstr));
	/* At least 5 s (its master-down interval is 0.36 s). */
	for (i = 0; i < 250 && !b_has(vipstr); i++)
		sleep_ms(20);
	assert_true(b_has(vipstr));
	assert_int_equal(ka_advert(&s, p, 100), VRRP_RX_OK);
	vrrp_sock_close(&s);
}

static void
params_init(struct vrrp_params *p, int family, uint8_t version,
    const struct vrrp_ipaddr *primary, const struct vrrp_ipaddr *vip)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "VI_1");
	p->vrid = 42;
	p->version = version;
	p->family = family;
	p->priority = 250;
	p->advert_int_cs = version == VRRP_VERSION_3 ? 10 : 100;
	p->primary = *primary;
	p->vips = vip;
	p->nvips = 1;
}

static void
test_v3_ip4(void **state)
{
	struct vrrp_ipaddr vip = mkip(AF_INET, "192.0.2.200");
	struct vrrp_ipaddr pa = mkip(AF_INET, "192.0.2.1");
	struct vrrp_params p;

	params_init(&p, AF_INET, VRRP_VERSION_3, &pa, &vip);
	ka_start(100, "\tversion 3\n\tadvert_int 0.1\n"
	    "\tvirtual_ipaddress {\n\t\t192.0.2.200/32\n\t}\n");
	interop(&p, NULL, "inet 192.0.2.200/32");
}

static void
test_v3_ip6(void **state)
{
	struct vrrp_ipaddr vip = mkip(AF_INET6, "2001:db8::200");
	struct vrrp_ipaddr pa;
	struct vrrp_params p;

	pa.family = AF_INET6;
	assert_int_equal(vn_linklocal("va", &pa.u.v6), 0);
	params_init(&p, AF_INET6, VRRP_VERSION_3, &pa, &vip);
	ka_start(100, "\tversion 3\n\tadvert_int 0.1\n"
	    "\tvirtual_ipaddress {\n\t\t2001:db8::200/128\n\t}\n");
	interop(&p, NULL, "inet6 2001:db8::200/128");
}

static void
test_v3_ip4_unicast(void **state)
{
	struct vrrp_ipaddr vip = mkip(AF_INET, "198.51.100.200");
	struct vrrp_ipaddr pa = mkip(AF_INET, "192.0.2.1");
	struct vrrp_ipaddr pb = mkip(AF_INET, "192.0.2.2");
	struct vrrp_params p;

	params_init(&p, AF_INET, VRRP_VERSION_3, &pa, &vip);
	p.peers = &pb;
	p.npeers = 1;
	p.check_unicast_src = true;
	ka_start(100, "\tversion 3\n\tadvert_int 0.1\n"
	    "\tunicast_src_ip 192.0.2.2\n\tunicast_peer {\n\t\t192.0.2.1\n\t}\n"
	    "\tvirtual_ipaddress {\n\t\t198.51.100.200/32\n\t}\n");
	interop(&p, &pb, "inet 198.51.100.200/32");
}

/* v2, PASS auth: keepalived at priority 255 advertises at once. */
static void
test_v2_ip4_pass(void **state)
{
	struct vrrp_ipaddr vip = mkip(AF_INET, "192.0.2.202");
	struct vrrp_ipaddr pa = mkip(AF_INET, "192.0.2.1");
	struct vrrp_params p;
	struct vrrp_sock s;

	params_init(&p, AF_INET, VRRP_VERSION_2, &pa, &vip);
	p.auth_type = VRRP_AUTH_PASS;
	memcpy(p.auth_pass, "vigil", 5);
	assert_int_equal(vrrp_sock_open(&s, AF_INET, vn_ifindex("va"), "va"),
	    0);
	assert_int_equal(vrrp_sock_join(&s), 0);
	ka_start(255, "\tadvert_int 1\n"
	    "\tauthentication {\n\t\tauth_type PASS\n\t\tauth_pass vigil\n\t}\n"
	    "\tvirtual_ipaddress {\n\t\t192.0.2.202/32\n\t}\n");
	assert_int_equal(ka_advert(&s, &p, 255), VRRP_RX_OK);
	memcpy(p.auth_pass, "wrong", 5);
	assert_int_equal(ka_advert(&s, &p, 255), VRRP_RX_AUTH);
	vrrp_sock_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_v3_ip4, vn_setup,
		    ka_teardown),
		cmocka_unit_test_setup_teardown(test_v3_ip6, vn_setup,
		    ka_teardown),
		cmocka_unit_test_setup_teardown(test_v3_ip4_unicast, vn_setup,
		    ka_teardown),
		cmocka_unit_test_setup_teardown(test_v2_ip4_pass, vn_setup,
		    ka_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
