/*
 * Shared by the test_vrrp_net_* tests: two fresh network namespaces made
 * in-process with unshare(CLONE_NEWNET), "A" (where the test runs) and "B"
 * (the peer), joined by a veth pair va (in A) <-> vb (in B):
 *
 *   A: va 192.0.2.1/24 2001:db8::1/64      B: vb 192.0.2.2/24 2001:db8::2/64
 *
 * DAD is off in both so link-local addresses are usable at once. The
 * namespaces vanish with their last reference (the next test's setup or
 * the process exit), taking the interfaces with them.
 * Tests must run as root: the setup fails (never skips) otherwise.
 */
#ifndef TEST_VRRP_NET_HARNESS_H
#define TEST_VRRP_NET_HARNESS_H

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VN_UNUSED	__attribute__((unused))
#define VN_A		0
#define VN_B		1

static int vn_ns[2] = { -1, -1 };

static VN_UNUSED int
vn_enter(int which)
{
	if (setns(vn_ns[which], CLONE_NEWNET) == -1) {
		fprintf(stderr, "setns %d: %s\n", which, strerror(errno));
		return -1;
	}
	return 0;
}

/* Run a shell command inside namespace which; returns its exit status. */
static VN_UNUSED int __attribute__((format(printf, 2, 3)))
vn_sh(int which, const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (vn_enter(which) == -1)
		return -1;
	rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	vn_enter(VN_A);
	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

/* Write a short string to a /proc/sys file of the current namespace. */
static VN_UNUSED int
vn_write(const char *path, const char *val)
{
	FILE *f;
	int rc;

	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	rc = fputs(val, f) == EOF ? -1 : 0;
	if (fclose(f) == EOF)
		rc = -1;
	return rc;
}

/* Run a command in namespace A and capture its output (truncated to size). */
static VN_UNUSED int __attribute__((format(printf, 3, 4)))
vn_capture(char *out, size_t size, const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	FILE *p;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	return pclose(p) == 0 ? 0 : -1;
}

static VN_UNUSED int
vn_new_ns(void)
{
	int fd;

	if (unshare(CLONE_NEWNET) == -1) {
		fprintf(stderr, "unshare(CLONE_NEWNET): %s\n", strerror(errno));
		return -1;
	}
	if ((fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) == -1)
		fprintf(stderr, "open netns: %s\n", strerror(errno));
	/* DAD off, so link-local addresses are usable as soon as links are up. */
	vn_write("/proc/sys/net/ipv6/conf/all/accept_dad", "0");
	vn_write("/proc/sys/net/ipv6/conf/default/accept_dad", "0");
	return fd;
}

static VN_UNUSED int
vn_setup(void **state)
{
	int i;

	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "FAIL: the test_vrrp_net_* tests must run as "
		    "root (they create network namespaces, veth pairs and raw "
		    "sockets); euid is %d\n", (int)geteuid());
		return -1;
	}
	for (i = 0; i < 2; i++)
		if (vn_ns[i] != -1) {
			close(vn_ns[i]);
			vn_ns[i] = -1;
		}
	if ((vn_ns[VN_A] = vn_new_ns()) == -1 ||
	    (vn_ns[VN_B] = vn_new_ns()) == -1 || vn_enter(VN_A) == -1)
		return -1;
	if (vn_sh(VN_A, "ip link set lo up && ip link add va type veth peer "
	    "name vb netns /proc/%d/fd/%d && ip link set va up && "
	    "ip addr add 192.0.2.1/24 dev va && "
	    "ip addr add 2001:db8::1/64 dev va nodad", (int)getpid(),
	    vn_ns[VN_B]) != 0)
		return -1;
	if (vn_sh(VN_B, "ip link set lo up && ip link set vb up && "
	    "ip addr add 192.0.2.2/24 dev vb && "
	    "ip addr add 2001:db8::2/64 dev vb nodad") != 0)
		return -1;
	return 0;
}

static VN_UNUSED int
vn_teardown(void **state)
{
	(void)state;
	return 0;
}

/* Wait up to ms for fd to be readable: 1 readable, 0 timeout. */
static VN_UNUSED int
vn_wait(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, ms);
}

/* The current namespace's ifindex of name, 0 if absent. */
static VN_UNUSED unsigned int
vn_ifindex(const char *name)
{
	return if_nametoindex(name);
}

/* The link-local IPv6 address of ifname in the current namespace. */
static VN_UNUSED int
vn_linklocal(const char *ifname, struct in6_addr *out)
{
	struct ifaddrs *ifa, *p;
	int rc = -1;

	if (getifaddrs(&ifa) == -1)
		return -1;
	for (p = ifa; p != NULL; p = p->ifa_next) {
		const struct sockaddr_in6 *s6;

		if (p->ifa_addr == NULL || p->ifa_addr->sa_family != AF_INET6 ||
		    strcmp(p->ifa_name, ifname) != 0)
			continue;
		s6 = (const struct sockaddr_in6 *)p->ifa_addr;
		if (IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr)) {
			*out = s6->sin6_addr;
			rc = 0;
			break;
		}
	}
	freeifaddrs(ifa);
	return rc;
}

/* The MAC address of ifname in the current namespace. */
static VN_UNUSED int
vn_mac(const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr;
	int fd, rc;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	rc = ioctl(fd, SIOCGIFHWADDR, &ifr);
	close(fd);
	if (rc == -1)
		return -1;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

/* A packet socket in namespace B capturing ethertype on vb. */
static VN_UNUSED int
vn_sniff_open(uint16_t ethertype)
{
	struct sockaddr_ll sll;
	int fd;

	if (vn_enter(VN_B) == -1)
		return -1;
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ethertype));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ethertype);
	sll.sll_ifindex = (int)if_nametoindex("vb");
	if (fd != -1 && bind(fd, (struct sockaddr *)&sll, sizeof(sll)) == -1) {
		close(fd);
		fd = -1;
	}
	vn_enter(VN_A);
	return fd;
}

/*
 * Read frames from a sniffer until match(frame, len, arg) is true (returns
 * the frame length) or 2 s pass (returns -1).
 */
static VN_UNUSED ssize_t
vn_sniff(int fd, uint8_t *buf, size_t size,
    bool (*match)(const uint8_t *, size_t, const void *), const void *arg)
{
	ssize_t n;
	int i;

	for (i = 0; i < 200; i++) {
		if (vn_wait(fd, 10) != 1)
			continue;
		if ((n = recv(fd, buf, size, 0)) > 0 &&
		    match(buf, (size_t)n, arg))
			return n;
	}
	return -1;
}

#endif
