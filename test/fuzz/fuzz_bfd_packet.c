/*
 * libFuzzer target over BFD's packet parser and state machine
 * (vrrp/bfd_packet.c, vrrp/bfd_fsm.c).
 *
 * Input: a datagram. Checked: the parser reads only the datagram and
 * says OK or one reason; an accepted packet has version 1, a Length of
 * 24..datagram (26.. with A), a multiplier, no M and a My Discriminator,
 * and built again it parses to the same fields; a rejected one leaves a
 * session untouched (nothing is fed). Fed to a session in each state,
 * an accepted packet leaves it in a valid state with timers in range:
 * a transmit interval at least the smaller of what both ends want, a
 * detection time of at most 255 x 2^32 us, never P and F together in
 * what it sends next.
 *
 * Build: make fuzz-build; run: test/fuzz/run.sh 60 build-fuzz/fuzz_bfd_packet
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/bfd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int cond)
{
	if (!cond)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct msg_conf_bfd c;
	struct bfd_pkt p, q, out;
	struct bfd_fsm f;
	uint8_t *copy, buf[BFD_PKT_LEN];
	enum bfd_rx_reason r;
	int st;

	/* An exact-size copy: ASan catches any read beyond it. */
	copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	r = bfd_pkt_parse(copy, size, &p);
	check(r >= BFD_RX_OK && r < BFD_RX_MAX);
	free(copy);
	if (r != BFD_RX_OK)
		return 0;
	check(p.version == 1 && p.detect_mult != 0 && !p.multipoint &&
	    p.my_discr != 0 && p.length <= size &&
	    p.length >= (p.auth ? 26 : 24));
	bfd_pkt_build(&p, buf);
	check(bfd_pkt_parse(buf, sizeof(buf), &q) == BFD_RX_OK || p.auth);
	if (!p.auth)
		check(q.state == p.state && q.diag == p.diag &&
		    q.my_discr == p.my_discr && q.your_discr == p.your_discr &&
		    q.desired_min_tx == p.desired_min_tx &&
		    q.required_min_rx == p.required_min_rx &&
		    q.poll == p.poll && q.final == p.final);

	memset(&c, 0, sizeof(c));
	c.family = 2;
	c.min_rx_us = 10000;
	c.min_tx_us = 10000;
	c.idle_tx_us = 1000000;
	c.multiplier = 3;
	c.ttl = 255;
	for (st = BFD_STATE_DOWN; st <= BFD_STATE_UP; st++) {
		bfd_fsm_init(&f, &c, 1, 1000);
		f.state = (uint8_t)st;
		bfd_fsm_rx(&f, &p, 2000);
		check(f.state <= BFD_STATE_UP);
		check(bfd_fsm_detect_time(&f) <= 255ull * UINT32_MAX);
		check(bfd_fsm_tx_interval(&f) >= f.desired_min_tx);
		bfd_fsm_tx(&f, &out);
		check(!(out.poll && out.final));
		bfd_fsm_expire(&f, f.detect_at);
		check(f.state <= BFD_STATE_UP);
	}
	return 0;
}
