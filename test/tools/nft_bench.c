/*
 * nft_bench N: time accept mode's nftables operations for N addresses,
 * as the vrrp child does them (vrrp/vrrp_nft.h), in the current network
 * namespace (run it in one of its own: unshare -n, ip netns exec):
 * the table with N addresses in one transaction, N addresses added one
 * transaction each (N instances becoming master one after the other),
 * removed the same way, and the table removed. Needs CAP_NET_ADMIN.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>

#include "vrrp/vrrp_nft.h"

static struct mnl_socket *nl;
static uint32_t seq = 1;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
run(struct vrrp_nft_batch *b, const char *what)
{
	vrrp_nft_batch_end(b);
	seq = b->seq;
	if (vrrp_nft_send(nl, b) == -1) {
		fprintf(stderr, "nft_bench: %s: %s\n", what, strerror(errno));
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	struct vrrp_nft_conf c = { "vigil", -1, false };
	struct vrrp_nft_batch b;
	struct vrrp_nft_elem *e;
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000, i, cap;
	char *buf;
	double t0, t_table, t_add, t_del, t_drop;

	if ((nl = vrrp_nft_socket()) == NULL) {
		perror("nft_bench: netlink");
		return 1;
	}
	e = calloc(n, sizeof(*e));
	cap = vrrp_nft_batch_size(n);
	buf = malloc(cap);
	for (i = 0; i < n; i++) {
		e[i].family = AF_INET;
		e[i].addr[0] = 198;
		e[i].addr[1] = 18 + (uint8_t)(i >> 16);
		e[i].addr[2] = (uint8_t)(i >> 8);
		e[i].addr[3] = (uint8_t)i;
	}
	t0 = now_ms();
	vrrp_nft_batch_init(&b, buf, cap, seq);
	vrrp_nft_batch_begin(&b);
	vrrp_nft_put_table(&b, &c, e, n);
	run(&b, "table");
	t_table = now_ms() - t0;

	t0 = now_ms();
	for (i = 0; i < n; i++) {
		vrrp_nft_batch_init(&b, buf, cap, seq);
		vrrp_nft_batch_begin(&b);
		vrrp_nft_put_elems(&b, NULL, false, AF_INET, &e[i], 1);
		run(&b, "remove one");
	}
	t_del = now_ms() - t0;
	t0 = now_ms();
	for (i = 0; i < n; i++) {
		vrrp_nft_batch_init(&b, buf, cap, seq);
		vrrp_nft_batch_begin(&b);
		vrrp_nft_put_elems(&b, NULL, true, AF_INET, &e[i], 1);
		run(&b, "add one");
	}
	t_add = now_ms() - t0;

	t0 = now_ms();
	vrrp_nft_batch_init(&b, buf, cap, seq);
	vrrp_nft_batch_begin(&b);
	vrrp_nft_put_deltable(&b, NULL);
	run(&b, "remove table");
	t_drop = now_ms() - t0;
	printf("nft_bench: %zu addresses: table with all in one transaction "
	    "%.1f ms; one transaction per address: add %.1f ms (%.1f us each), "
	    "remove %.1f ms (%.1f us each); table removed %.1f ms\n", n,
	    t_table, t_add, t_add * 1e3 / n, t_del, t_del * 1e3 / n, t_drop);
	free(buf);
	free(e);
	mnl_socket_close(nl);
	return 0;
}
