/*
 * BFD's pure parts (vrrp/bfd_packet.c, vrrp/bfd_fsm.c): the control
 * packet's codec and RFC 5880 6.8.6's checks, the TTL rule, and one
 * session's state machine and timers driven by synthetic packets and
 * times.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "vrrp/bfd.h"

#define MS	1000u

static void
conf(struct msg_conf_bfd *c, uint32_t rx_ms, uint32_t tx_ms, uint32_t mult)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->name, "b");
	c->family = AF_INET;
	c->min_rx_us = rx_ms * MS;
	c->min_tx_us = tx_ms * MS;
	c->idle_tx_us = 1000 * MS;
	c->multiplier = mult;
	c->ttl = 255;
}

/* A packet from the neighbour (discriminator 77) to session f. */
static struct bfd_pkt
peer_pkt(const struct bfd_fsm *f, uint8_t state, uint32_t tx_us,
    uint32_t rx_us, uint8_t mult)
{
	struct bfd_pkt p;

	memset(&p, 0, sizeof(p));
	p.version = 1;
	p.state = state;
	p.detect_mult = mult;
	p.length = BFD_PKT_LEN;
	p.my_discr = 77;
	p.your_discr = f->local_discr;
	p.desired_min_tx = tx_us;
	p.required_min_rx = rx_us;
	return p;
}

static void
test_codec_roundtrip(void **state)
{
	struct bfd_pkt p, q;
	uint8_t buf[BFD_PKT_LEN];

	memset(&p, 0, sizeof(p));
	p.diag = BFD_DIAG_NEIGHBOR_DOWN;
	p.state = BFD_STATE_UP;
	p.poll = true;
	p.detect_mult = 3;
	p.my_discr = 0x01020304;
	p.your_discr = 0xa0b0c0d0;
	p.desired_min_tx = 10000;
	p.required_min_rx = 20000;
	assert_int_equal(bfd_pkt_build(&p, buf), 24);
	/* RFC 5880 4.1: version 1, diag 3; Up (3) << 6 | P. */
	assert_int_equal(buf[0], 0x23);
	assert_int_equal(buf[1], 0xe0);
	assert_int_equal(buf[2], 3);
	assert_int_equal(buf[3], 24);
	assert_int_equal(buf[4], 1);
	assert_int_equal(buf[7], 4);
	assert_int_equal(bfd_pkt_parse(buf, sizeof(buf), &q), BFD_RX_OK);
	assert_int_equal(q.version, 1);
	assert_int_equal(q.diag, BFD_DIAG_NEIGHBOR_DOWN);
	assert_int_equal(q.state, BFD_STATE_UP);
	assert_true(q.poll);
	assert_false(q.final);
	assert_int_equal(q.my_discr, 0x01020304);
	assert_int_equal(q.your_discr, 0xa0b0c0d0);
	assert_int_equal(q.desired_min_tx, 10000);
	assert_int_equal(q.required_min_rx, 20000);
}

static void
test_codec_validation(void **state)
{
	struct bfd_pkt p, q;
	uint8_t buf[64], b[64];

	memset(&p, 0, sizeof(p));
	p.state = BFD_STATE_DOWN;
	p.detect_mult = 3;
	p.my_discr = 5;
	memset(buf, 0, sizeof(buf));
	bfd_pkt_build(&p, buf);
	assert_int_equal(bfd_pkt_parse(buf, 24, &q), BFD_RX_OK);
	/* A datagram longer than Length is fine (padding). */
	assert_int_equal(bfd_pkt_parse(buf, 30, &q), BFD_RX_OK);
	assert_int_equal(bfd_pkt_parse(buf, 23, &q), BFD_RX_SHORT);
	assert_int_equal(bfd_pkt_parse(buf, 0, &q), BFD_RX_SHORT);
#define MUT(i, v, want) do {						\
	memcpy(b, buf, sizeof(b));					\
	b[i] = (v);							\
	assert_int_equal(bfd_pkt_parse(b, 24, &q), (want));		\
} while (0)
	MUT(0, 0x00, BFD_RX_VERSION);		/* version 0 */
	MUT(0, 0x40, BFD_RX_VERSION);		/* version 2 */
	MUT(3, 23, BFD_RX_LENGTH);		/* Length below 24 */
	MUT(3, 25, BFD_RX_LENGTH);		/* Length beyond the datagram */
	MUT(2, 0, BFD_RX_MULT);			/* Detect Mult 0 */
	MUT(1, 0x41, BFD_RX_MULTIPOINT);	/* M */
	MUT(7, 0, BFD_RX_MY_DISCR);		/* My Discriminator 0 */
	/* A: at least 26 bytes; here Length 24 with A is too short. */
	MUT(1, 0x44, BFD_RX_LENGTH);
	memcpy(b, buf, sizeof(b));
	b[1] = 0x44;
	b[3] = 26;
	assert_int_equal(bfd_pkt_parse(b, 26, &q), BFD_RX_OK);
	assert_true(q.auth);	/* refused later: no authentication here */
	/* Every reason has a name and a key. */
	for (int r = 0; r < BFD_RX_MAX; r++) {
		assert_string_not_equal(bfd_rx_reason_name(r), "?");
		assert_string_not_equal(bfd_rx_key(r), "unknown");
	}
}

static void
test_ttl(void **state)
{
	/* GTSM: only 255 with max_hops 0 and TTL 255 sent. */
	assert_true(bfd_ttl_ok(255, 255, 0));
	assert_false(bfd_ttl_ok(254, 255, 0));
	assert_false(bfd_ttl_ok(1, 255, 0));
	assert_false(bfd_ttl_ok(-1, 255, 0));	/* not given: refused */
	/* max_hops 2: 253..255. */
	assert_true(bfd_ttl_ok(253, 255, 2));
	assert_false(bfd_ttl_ok(252, 255, 2));
	/* -1: any. */
	assert_true(bfd_ttl_ok(1, 255, -1));
	assert_true(bfd_ttl_ok(-1, 255, -1));
	/* keepalived's rule: relative to the TTL this end sends. */
	assert_true(bfd_ttl_ok(64, 64, 0));
}

static void
test_jitter(void **state)
{
	uint32_t r, j, lo = UINT32_MAX, hi = 0;

	for (r = 0; r < 20000; r++) {
		j = bfd_jitter(10000, 3, r * 7919u);
		lo = j < lo ? j : lo;
		hi = j > hi ? j : hi;
	}
	assert_int_equal(lo, 7500);
	assert_int_equal(hi, 10000);
	lo = UINT32_MAX;
	hi = 0;
	for (r = 0; r < 20000; r++) {
		j = bfd_jitter(10000, 1, r * 7919u);
		lo = j < lo ? j : lo;
		hi = j > hi ? j : hi;
	}
	assert_int_equal(lo, 7500);
	assert_int_equal(hi, 9000);	/* multiplier 1: at most 90 % */
}

/* Down -> Init -> Up (three-way handshake), timers while not Up and once
 * Up, the Poll Sequence, detection expiry. */
static void
test_fsm_handshake(void **state)
{
	struct msg_conf_bfd c;
	struct bfd_fsm f;
	struct bfd_pkt p, out;
	unsigned act;
	uint64_t t = 1000000;

	conf(&c, 10, 10, 3);
	bfd_fsm_init(&f, &c, 42, t);
	assert_int_equal(f.state, BFD_STATE_DOWN);
	assert_true(bfd_fsm_sending(&f));
	/* Not Up: 1 s, whatever min_tx says (RFC 5880 6.8.3). */
	assert_int_equal(bfd_fsm_tx_interval(&f), 1000 * MS);
	assert_int_equal(bfd_fsm_detect_time(&f), 0);
	bfd_fsm_tx(&f, &out);
	assert_int_equal(out.state, BFD_STATE_DOWN);
	assert_int_equal(out.my_discr, 42);
	assert_int_equal(out.your_discr, 0);
	assert_int_equal(out.desired_min_tx, 1000 * MS);
	assert_int_equal(out.required_min_rx, 10 * MS);
	assert_int_equal(out.detect_mult, 3);

	/* The neighbour says Down: Init. */
	p = peer_pkt(&f, BFD_STATE_DOWN, 1000 * MS, 10 * MS, 3);
	p.your_discr = 0;
	act = bfd_fsm_rx(&f, &p, t += 1000);
	assert_true(act & BFD_ACT_STATE);
	assert_true(act & BFD_ACT_SEND);
	assert_int_equal(f.state, BFD_STATE_INIT);
	assert_int_equal(f.remote_discr, 77);
	/* Detection: its multiplier x max(our min_rx, its 1 s). */
	assert_int_equal(bfd_fsm_detect_time(&f), 3 * 1000 * MS);
	assert_int_equal(f.detect_at, t + 3 * 1000 * MS);

	/* It says Up: Up, our interval becomes min_tx with a Poll. */
	p = peer_pkt(&f, BFD_STATE_UP, 1000 * MS, 10 * MS, 3);
	act = bfd_fsm_rx(&f, &p, t += 1000);
	assert_true(act & BFD_ACT_STATE);
	assert_int_equal(f.state, BFD_STATE_UP);
	assert_int_equal(bfd_fsm_tx_interval(&f), 10 * MS);
	assert_true(f.poll);
	bfd_fsm_tx(&f, &out);
	assert_true(out.poll);
	assert_false(out.final);
	assert_int_equal(out.desired_min_tx, 10 * MS);
	/* Its Final ends the Poll; its faster Desired Min TX shortens the
	 * detection time. */
	p = peer_pkt(&f, BFD_STATE_UP, 10 * MS, 10 * MS, 3);
	p.final = true;
	act = bfd_fsm_rx(&f, &p, t += 1000);
	assert_false(act & BFD_ACT_STATE);
	assert_false(f.poll);
	assert_int_equal(bfd_fsm_detect_time(&f), 30 * MS);
	bfd_fsm_tx(&f, &out);
	assert_false(out.poll);

	/* Its own Poll is answered at once with F (and never P with F). */
	f.poll = true;
	p = peer_pkt(&f, BFD_STATE_UP, 10 * MS, 10 * MS, 3);
	p.poll = true;
	act = bfd_fsm_rx(&f, &p, t += 1000);
	assert_true(act & BFD_ACT_SEND);
	bfd_fsm_tx(&f, &out);
	assert_true(out.final);
	assert_false(out.poll);
	bfd_fsm_tx(&f, &out);
	assert_false(out.final);	/* one F per Poll */
	assert_true(out.poll);
	f.poll = false;

	/* The detection timer: early calls do nothing; then Down, 1. */
	assert_int_equal(bfd_fsm_expire(&f, t + 29 * MS), 0);
	assert_int_equal(f.state, BFD_STATE_UP);
	act = bfd_fsm_expire(&f, t + 30 * MS);
	assert_true(act & BFD_ACT_STATE);
	assert_int_equal(f.state, BFD_STATE_DOWN);
	assert_int_equal(f.diag, BFD_DIAG_EXPIRED);
	assert_int_equal(f.remote_discr, 0);
	assert_int_equal(bfd_fsm_tx_interval(&f), 1000 * MS);
	assert_int_equal(f.ups, 1);
	assert_int_equal(f.downs, 1);
}

/* Down straight to Up on Init; the remote's Required Min RX honoured;
 * Down and AdminDown received; passive; Required Min RX 0. */
static void
test_fsm_transitions(void **state)
{
	struct msg_conf_bfd c;
	struct bfd_fsm f;
	struct bfd_pkt p;
	uint64_t t = 5000000;

	conf(&c, 10, 10, 3);
	bfd_fsm_init(&f, &c, 42, t);
	p = peer_pkt(&f, BFD_STATE_INIT, 1000 * MS, 10 * MS, 3);
	bfd_fsm_rx(&f, &p, t);
	assert_int_equal(f.state, BFD_STATE_UP);
	/* The neighbour takes no faster than 50 ms: we send at 50. */
	p = peer_pkt(&f, BFD_STATE_UP, 10 * MS, 50 * MS, 3);
	bfd_fsm_rx(&f, &p, t += 1000);
	assert_int_equal(bfd_fsm_tx_interval(&f), 50 * MS);
	/* It sends slower than our min_rx: detection by its interval. */
	p = peer_pkt(&f, BFD_STATE_UP, 100 * MS, 50 * MS, 4);
	bfd_fsm_rx(&f, &p, t += 1000);
	assert_int_equal(bfd_fsm_detect_time(&f), 400 * MS);
	/* Init while Up changes nothing. */
	p = peer_pkt(&f, BFD_STATE_INIT, 10 * MS, 10 * MS, 3);
	assert_false(bfd_fsm_rx(&f, &p, t += 1000) & BFD_ACT_STATE);
	assert_int_equal(f.state, BFD_STATE_UP);
	/* It says Down: Down, Neighbor Signaled Session Down. */
	p = peer_pkt(&f, BFD_STATE_DOWN, 1000 * MS, 10 * MS, 3);
	assert_true(bfd_fsm_rx(&f, &p, t += 1000) & BFD_ACT_STATE);
	assert_int_equal(f.state, BFD_STATE_DOWN);
	assert_int_equal(f.diag, BFD_DIAG_NEIGHBOR_DOWN);
	/* Its next Down: Init (one step per packet). */
	assert_true(bfd_fsm_rx(&f, &p, t += 1000) & BFD_ACT_STATE);
	assert_int_equal(f.state, BFD_STATE_INIT);
	/* AdminDown: Down, and it stays Down while AdminDown comes. */
	p = peer_pkt(&f, BFD_STATE_ADMIN_DOWN, 1000 * MS, 0, 3);
	bfd_fsm_rx(&f, &p, t += 1000);
	assert_int_equal(f.state, BFD_STATE_DOWN);
	assert_int_equal(f.diag, BFD_DIAG_NEIGHBOR_DOWN);
	bfd_fsm_rx(&f, &p, t += 1000);
	assert_int_equal(f.state, BFD_STATE_DOWN);
	/* Required Min RX 0: it wants no periodic packets. */
	assert_false(bfd_fsm_sending(&f));

	/* Passive: silent until the neighbour spoke. */
	c.flags |= BFD_F_PASSIVE;
	bfd_fsm_init(&f, &c, 43, t);
	assert_false(bfd_fsm_sending(&f));
	p = peer_pkt(&f, BFD_STATE_DOWN, 1000 * MS, 10 * MS, 3);
	p.your_discr = 0;
	bfd_fsm_rx(&f, &p, t += 1000);
	assert_true(bfd_fsm_sending(&f));
	/* Heard nothing for a detection time: silent again. */
	bfd_fsm_expire(&f, t + 3000 * MS);
	assert_false(bfd_fsm_sending(&f));
	assert_int_equal(f.state, BFD_STATE_DOWN);
}

/* A reload's new timers: a Poll while Up, none while Down. */
static void
test_fsm_retime(void **state)
{
	struct msg_conf_bfd c;
	struct bfd_fsm f;
	struct bfd_pkt p, out;
	uint64_t t = 1000000;

	conf(&c, 10, 10, 3);
	bfd_fsm_init(&f, &c, 42, t);
	conf(&c, 20, 10, 3);
	assert_int_not_equal(bfd_fsm_retime(&f, &c, t), 0);
	assert_false(f.poll);			/* Down: no one to poll */
	assert_int_equal(f.required_min_rx, 20 * MS);
	assert_int_equal(f.desired_min_tx, 1000 * MS);
	assert_int_equal(bfd_fsm_retime(&f, &c, t), 0);	/* the same */

	p = peer_pkt(&f, BFD_STATE_INIT, 10 * MS, 10 * MS, 3);
	bfd_fsm_rx(&f, &p, t += 1000);
	p.final = true;
	p.state = BFD_STATE_UP;
	bfd_fsm_rx(&f, &p, t += 1000);
	assert_int_equal(f.state, BFD_STATE_UP);
	assert_false(f.poll);
	assert_int_equal(bfd_fsm_detect_time(&f), 60 * MS);
	/* Up: min_tx 50, min_rx 100: polled, detection at once. */
	conf(&c, 100, 50, 3);
	assert_true(bfd_fsm_retime(&f, &c, t) & BFD_ACT_SEND);
	assert_true(f.poll);
	assert_int_equal(bfd_fsm_detect_time(&f), 300 * MS);
	assert_int_equal(f.detect_at, t + 300 * MS);
	bfd_fsm_tx(&f, &out);
	assert_true(out.poll);
	assert_int_equal(out.desired_min_tx, 50 * MS);
	assert_int_equal(out.required_min_rx, 100 * MS);
	assert_int_equal(f.state, BFD_STATE_UP);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec_roundtrip),
		cmocka_unit_test(test_codec_validation),
		cmocka_unit_test(test_ttl),
		cmocka_unit_test(test_jitter),
		cmocka_unit_test(test_fsm_handshake),
		cmocka_unit_test(test_fsm_transitions),
		cmocka_unit_test(test_fsm_retime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
