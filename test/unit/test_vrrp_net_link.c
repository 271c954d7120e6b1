/*
 * vrrp_link for real: link down/up, carrier loss, deletion and address
 * changes made with `ip` are reported by the callbacks when the event fd
 * is serviced; interface lookups return the MAC and addresses.
 * Runs as root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "test/unit/test_vrrp_net_harness.h"
#include "vrrp/vrrp_link.h"

#define MAX_EV	256

struct seen {
	struct vrrp_link_event		link[MAX_EV];
	size_t				nlink;
	struct vrrp_link_addr_event	addr[MAX_EV];
	size_t				naddr;
};

static struct seen seen;

static void
on_link(const struct vrrp_link_event *ev, void *arg)
{
	struct seen *s = arg;

	if (s->nlink < MAX_EV)
		s->link[s->nlink++] = *ev;
}

static void
on_addr(const struct vrrp_link_addr_event *ev, void *arg)
{
	struct seen *s = arg;

	if (s->naddr < MAX_EV)
		s->addr[s->naddr++] = *ev;
}

/* Service the fd until a link event for name with the given state shows up
 * (deleted, or else up and running as given); false after 2 s. */
static bool
wait_link(struct vrrp_link *l, const char *name, bool deleted, bool up,
    bool running)
{
	size_t i;
	int tries;

	for (tries = 0; tries < 100; tries++) {
		vn_wait(vrrp_link_fd(l), 20);
		assert_true(vrrp_link_dispatch(l) >= 0);
		for (i = 0; i < seen.nlink; i++) {
			const struct vrrp_link_event *ev = &seen.link[i];

			if (strcmp(ev->name, name) != 0 ||
			    ev->deleted != deleted)
				continue;
			if (deleted || (ev->up == up && ev->running == running))
				return true;
		}
	}
	return false;
}

static void
test_dump(void **state)
{
	struct vrrp_link *l;
	size_t i;
	bool va = false;

	memset(&seen, 0, sizeof(seen));
	assert_non_null(l = vrrp_link_open(on_link, NULL, &seen));
	assert_int_equal(vrrp_link_dump(l), 0);
	for (i = 0; i < seen.nlink; i++)
		if (strcmp(seen.link[i].name, "va") == 0) {
			va = true;
			assert_int_equal(seen.link[i].ifindex,
			    vn_ifindex("va"));
			assert_true(seen.link[i].up);
			assert_true(seen.link[i].running);
		}
	assert_true(va);
	vrrp_link_close(l);
}

static void
test_down_up(void **state)
{
	struct vrrp_link *l;

	memset(&seen, 0, sizeof(seen));
	assert_non_null(l = vrrp_link_open(on_link, NULL, &seen));
	assert_int_equal(vn_sh(VN_A, "ip link set va down"), 0);
	assert_true(wait_link(l, "va", false, false, false));
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(vn_sh(VN_A, "ip link set va up"), 0);
	assert_true(wait_link(l, "va", false, true, true));
	/* The peer going down takes the carrier: up, not running. */
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(vn_sh(VN_B, "ip link set vb down"), 0);
	assert_true(wait_link(l, "va", false, true, false));
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(vn_sh(VN_B, "ip link set vb up"), 0);
	assert_true(wait_link(l, "va", false, true, true));
	vrrp_link_close(l);
}

static void
test_deleted(void **state)
{
	struct vrrp_link *l;

	memset(&seen, 0, sizeof(seen));
	assert_non_null(l = vrrp_link_open(on_link, NULL, &seen));
	assert_int_equal(vn_sh(VN_A, "ip link add dx type veth peer name dy"),
	    0);
	assert_true(wait_link(l, "dx", false, false, false));
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(vn_sh(VN_A, "ip link del dx"), 0);
	assert_true(wait_link(l, "dx", true, false, false));
	vrrp_link_close(l);
}

static void
test_addr_events(void **state)
{
	struct vrrp_link *l;
	struct in_addr a;
	size_t i;
	int tries;
	bool added = false, removed = false;

	memset(&seen, 0, sizeof(seen));
	inet_pton(AF_INET, "192.0.2.77", &a);
	assert_non_null(l = vrrp_link_open(on_link, on_addr, &seen));
	assert_int_equal(vn_sh(VN_A, "ip addr add 192.0.2.77/32 dev va && "
	    "ip addr del 192.0.2.77/32 dev va"), 0);
	for (tries = 0; tries < 100 && !(added && removed); tries++) {
		vn_wait(vrrp_link_fd(l), 20);
		assert_true(vrrp_link_dispatch(l) >= 0);
		for (i = 0; i < seen.naddr; i++) {
			if (seen.addr[i].addr.family != AF_INET ||
			    seen.addr[i].addr.u.v4.s_addr != a.s_addr)
				continue;
			assert_int_equal(seen.addr[i].ifindex,
			    vn_ifindex("va"));
			assert_int_equal(seen.addr[i].prefixlen, 32);
			if (seen.addr[i].deleted)
				removed = true;
			else
				added = true;
		}
	}
	assert_true(added);
	assert_true(removed);
	vrrp_link_close(l);
}

/* Events lost to a full socket queue: dispatch reports every link anew. */
static void
test_overflow_resync(void **state)
{
	struct vrrp_link *l;
	size_t i;
	int tiny = 1, rc;
	bool va = false;

	memset(&seen, 0, sizeof(seen));
	assert_non_null(l = vrrp_link_open(on_link, on_addr, &seen));
	assert_int_equal(setsockopt(vrrp_link_fd(l), SOL_SOCKET, SO_RCVBUF,
	    &tiny, sizeof(tiny)), 0);
	assert_int_equal(vn_sh(VN_A, "for i in $(seq 1 64); do "
	    "ip addr add 198.51.100.$i/32 dev va; done"), 0);
	rc = vrrp_link_dispatch(l);
	assert_int_equal(rc, 1);
	for (i = 0; i < seen.nlink; i++)
		if (strcmp(seen.link[i].name, "va") == 0 && seen.link[i].up)
			va = true;
	assert_true(va);
	/* Back to normal afterwards. */
	assert_true(vrrp_link_dispatch(l) >= 0);
	vrrp_link_close(l);
}

static void
test_lookup(void **state)
{
	struct nl_sock *nl;
	struct vrrp_ifinfo ii, ij;
	struct in6_addr ll;
	uint8_t mac[6];

	assert_non_null(nl = vrrp_nl_open());
	/* A /32 VIP added later must not displace the primary address. */
	assert_int_equal(vn_sh(VN_A, "ip addr add 192.0.2.99/24 dev va"), 0);
	assert_int_equal(vrrp_link_lookup(nl, "va", 0, &ii), 0);
	assert_int_equal(ii.ifindex, vn_ifindex("va"));
	assert_string_equal(ii.name, "va");
	assert_true(ii.flags & IFF_UP);
	assert_int_equal(vn_mac("va", mac), 0);
	assert_true(ii.has_mac);
	assert_memory_equal(ii.mac, mac, 6);
	assert_true(ii.has_v4);
	assert_int_equal(ii.v4.family, AF_INET);
	assert_int_equal(ii.v4.u.v4.s_addr, inet_addr("192.0.2.1"));
	assert_int_equal(vn_linklocal("va", &ll), 0);
	assert_true(ii.has_ll6);
	assert_int_equal(ii.ll6.family, AF_INET6);
	assert_memory_equal(&ii.ll6.u.v6, &ll, 16);

	assert_int_equal(vrrp_link_lookup(nl, NULL, ii.ifindex, &ij), 0);
	assert_string_equal(ij.name, "va");
	assert_int_equal(vrrp_link_lookup(nl, "nosuch0", 0, &ij), -1);
	assert_int_equal(errno, ENODEV);
	vrrp_nl_close(nl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dump, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_down_up, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_deleted, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_addr_events, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_overflow_resync, vn_setup,
		    vn_teardown),
		cmocka_unit_test_setup_teardown(test_lookup, vn_setup,
		    vn_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
