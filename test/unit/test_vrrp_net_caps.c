/*
 * The network modules under the vrrp child's privileges: a forked process
 * switches to nobody keeping only CAP_NET_RAW and CAP_NET_ADMIN (as
 * common/proc.c does for the vrrp child, no_new_privs included) and must
 * still open VRRP/ARP/NA sockets, send, add a VIP and a route, follow
 * links, and create, tune and delete a VMAC. Runs as root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <cap-ng.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "test/unit/test_vrrp_net_harness.h"
#include "common/proc.h"
#include "vrrp/vrrp_addr.h"
#include "vrrp/vrrp_arp.h"
#include "vrrp/vrrp_link.h"
#include "vrrp/vrrp_ndisc.h"
#include "vrrp/vrrp_sock.h"
#include "vrrp/vrrp_vmac.h"

static void
on_link(const struct vrrp_link_event *ev, void *arg)
{
	(*(int *)arg)++;
}

/* Each step returns its number on failure: the exit code names it. */
static int
exercise(void)
{
	static const uint8_t payload[] = { 0x31, 42, 100, 0, 0, 10, 0, 0 };
	struct nl_sock *nl;
	struct vrrp_ifinfo ii;
	struct vrrp_sock s4, s6;
	struct vrrp_vip vip;
	struct nlr_route vr;
	struct vrrp_link *l;
	uint8_t mac[6];
	unsigned int vmac;
	int fd, links = 0;

	if ((nl = vrrp_nl_open()) == NULL)
		return 10;
	if (vrrp_link_lookup(nl, "va", 0, &ii) == -1)
		return 11;
	if (vrrp_sock_open(&s4, AF_INET, ii.ifindex, "va") == -1 ||
	    vrrp_sock_join(&s4) == -1 ||
	    vrrp_sock_send(&s4, &ii.v4, NULL, payload, sizeof(payload)) == -1)
		return 12;
	if (vrrp_sock_open(&s6, AF_INET6, ii.ifindex, "va") == -1 ||
	    vrrp_sock_join(&s6) == -1 ||
	    vrrp_sock_send(&s6, &ii.ll6, NULL, payload, sizeof(payload)) == -1)
		return 13;
	memset(&vip, 0, sizeof(vip));
	vip.addr.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.100", &vip.addr.u);
	vip.ifindex = ii.ifindex;
	if (vrrp_addr_add(nl, &vip) == -1)
		return 14;
	memset(&vr, 0, sizeof(vr));
	vr.dst.family = vr.gw.family = AF_INET;
	inet_pton(AF_INET, "203.0.113.0", &vr.dst.u);
	vr.dst_len = 24;
	vr.has_gw = true;
	inet_pton(AF_INET, "192.0.2.2", &vr.gw.u);
	vr.ifindex = ii.ifindex;
	if (nlr_route_add(nl, &vr) == -1)
		return 15;
	if ((fd = vrrp_arp_open()) == -1 ||
	    vrrp_arp_send(fd, ii.ifindex, ii.mac, vip.addr.u.v4) == -1)
		return 16;
	if ((fd = vrrp_ndisc_open()) == -1 ||
	    vrrp_ndisc_send(fd, ii.ifindex, ii.mac, &ii.ll6.u.v6, NULL,
	    false) == -1)
		return 17;
	if ((l = vrrp_link_open(on_link, NULL, &links)) == NULL ||
	    vrrp_link_dump(l) == -1 || links == 0)
		return 18;
	vrrp_vmac_addr(AF_INET, 42, mac);
	if (vrrp_vmac_create(nl, ii.ifindex, "vrrp.42", mac,
	    VRRP_VMAC_MODE_PRIVATE, &vmac) == -1 ||
	    vrrp_vmac_tune(nl, vmac, ii.ifindex) == -1)
		return 19;
	if (vrrp_vmac_delete(nl, "vrrp.42") == -1)
		return 20;
	return 0;
}

static void
test_vrrp_child_privileges(void **state)
{
	static const int vrrp_caps[] = { CAP_NET_RAW, CAP_NET_ADMIN, -1 };
	char out[4096];
	pid_t pid;
	int st;

	assert_true((pid = fork()) != -1);
	if (pid == 0) {
		caps_drop(65534, 65534, vrrp_caps, true);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
			_exit(2);
		if (geteuid() != 65534 || caps_missing(vrrp_caps) != -1 ||
		    capng_have_capability(CAPNG_EFFECTIVE, CAP_SYS_ADMIN))
			_exit(3);
		_exit(exercise());
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(vn_capture(out, sizeof(out), "ip -o addr; ip route"),
	    0);
	assert_non_null(strstr(out, "192.0.2.100/32"));
	assert_non_null(strstr(out, "203.0.113.0/24 via 192.0.2.2"));
	assert_null(strstr(out, "vrrp.42"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_vrrp_child_privileges,
		    vn_setup, vn_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
