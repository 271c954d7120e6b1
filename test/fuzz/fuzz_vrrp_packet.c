/*
 * libFuzzer target over VRRP receive: vrrp_rx_check (decode and every
 * validation step) and vrrp_fsm_input (validation, then the state machine
 * in any state) for v2/v3 over IPv4/IPv6.
 *
 * Input: byte 0 selects the instance: bit 0 version (2/3), bit 1 family
 * (IPv4/IPv6), bits 2-3 checksum mode, bit 4 strict, bit 5 unicast peers
 * with vrrp_check_unicast_src, bit 6 skip_check_adv_addr, bit 7 nopreempt.
 * Byte 1: bits 0-1 the state the instance is in, the rest its priority
 * (0 means the owner, 255). Byte 2: the IPv6 hop limit. The rest is the
 * datagram: IPv4 with its IP header, IPv6 the VRRP message alone.
 *
 * Logging goes to a fully masked syslog: nothing is written.
 * An accepted advert must be self-consistent (its length what its version
 * and count say) and rebuild to the same fields; a violation aborts.
 *
 * Build: make fuzz-build; run: test/fuzz/run.sh 60 build-fuzz/fuzz_vrrp_packet
 * Seeds: test/fuzz/corpus/fuzz_vrrp_packet/
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "common/log.h"
#include "vrrp/vrrp.h"
#include "vrrp/vrrp_fsm.h"
#include "vrrp/vrrp_packet.h"
#include "vrrp/vrrp_rx.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Transitions log; send that to syslog with everything masked, so the
 * run stays quiet and sanitizer reports still reach stderr. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	log_init("fuzz", false, false);
	setlogmask(LOG_MASK(LOG_EMERG));
	return 0;
}

static void
op_prio(void *ctx, uint8_t prio)
{
	(void)ctx; (void)prio;
}

static void
op_none(void *ctx)
{
	(void)ctx;
}

static void
op_arm(void *ctx, enum vrrp_timer_id t, uint32_t cs)
{
	(void)ctx; (void)t; (void)cs;
}

static void
op_cancel(void *ctx, enum vrrp_timer_id t)
{
	(void)ctx; (void)t;
}

static void
op_notify(void *ctx, enum vrrp_state s)
{
	(void)ctx; (void)s;
}

static const struct vrrp_fsm_ops fuzz_ops = {
	.send_advert = op_prio,
	.add_vips = op_none,
	.del_vips = op_none,
	.send_garp = op_none,
	.arm_timer = op_arm,
	.cancel_timer = op_cancel,
	.notify = op_notify,
};

static struct vrrp_ipaddr vips4[2], vips6[1], peers4[1], peers6[1];
static struct vrrp_ipaddr me4, me6, grp4, grp6;

static void
fuzz_addrs(void)
{
	static int done;

	if (done++)
		return;
	vips4[0].family = vips4[1].family = AF_INET;
	inet_pton(AF_INET, "192.0.2.100", &vips4[0].u.v4);
	inet_pton(AF_INET, "192.0.2.101", &vips4[1].u.v4);
	vips6[0].family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::46", &vips6[0].u.v6);
	peers4[0].family = me4.family = grp4.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.2", &peers4[0].u.v4);
	inet_pton(AF_INET, "192.0.2.1", &me4.u.v4);
	inet_pton(AF_INET, "224.0.0.18", &grp4.u.v4);
	peers6[0].family = me6.family = grp6.family = AF_INET6;
	inet_pton(AF_INET6, "fe80::2", &peers6[0].u.v6);
	inet_pton(AF_INET6, "fe80::1", &me6.u.v6);
	inet_pton(AF_INET6, "ff02::12", &grp6.u.v6);
}

static void
fuzz_params(struct vrrp_params *p, uint8_t sel, uint8_t prio)
{
	bool v6 = sel & 0x02;

	memset(p, 0, sizeof(*p));
	strcpy(p->name, "VI_F");
	p->vrid = (sel & 0x01) ? 43 : 42;
	p->version = (sel & 0x01) ? VRRP_VERSION_3 : VRRP_VERSION_2;
	p->family = v6 ? AF_INET6 : AF_INET;
	p->priority = prio ? prio : VRRP_PRIO_OWNER;
	p->advert_int_cs = (sel & 0x01) ? 50 : 100;
	p->csum_mode = (enum vrrp_csum_mode)((sel >> 2) & 0x03);
	p->strict = sel & 0x10;
	if (sel & 0x20) {
		p->peers = v6 ? peers6 : peers4;
		p->npeers = 1;
		p->check_unicast_src = true;
	}
	p->skip_check_adv_addr = sel & 0x40;
	p->preempt = !(sel & 0x80);
	p->auth_type = p->version == VRRP_VERSION_2 ? VRRP_AUTH_PASS : 0;
	memcpy(p->auth_pass, "secret", 6);
	p->primary = v6 ? me6 : me4;
	p->vips = v6 ? vips6 : vips4;
	p->nvips = v6 ? 1 : 2;
}

/* An accepted advert: consistent, and our builder agrees on its fields. */
static void
fuzz_accepted(const struct vrrp_params *p, const struct vrrp_advert *adv)
{
	struct vrrp_ipaddr addrs[VRRP_MAX_ADDRS];
	struct vrrp_params q = *p;
	uint8_t buf[VRRP_PKT_MAX];
	size_t alen = vrrp_ipaddr_len(p->family), i, len;

	if (adv->msglen != adv->wantlen || adv->version != p->version ||
	    adv->vrid != p->vrid || adv->type != VRRP_TYPE_ADVERT ||
	    VRRP_HDR_LEN + adv->naddr * alen > adv->msglen)
		abort();
	for (i = 0; i < adv->naddr; i++) {
		addrs[i].family = p->family;
		memcpy(&addrs[i].u, adv->addrs + i * alen, alen);
	}
	q.vips = addrs;
	q.nvips = adv->naddr;
	q.primary = adv->src;
	len = vrrp_packet_build(&q, adv->priority, &adv->dst, buf, sizeof(buf));
	if (len != adv->msglen || memcmp(buf, adv->msg, 4) != 0 ||
	    memcmp(buf + VRRP_HDR_LEN, adv->addrs, adv->naddr * alen) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vrrp_params p;
	struct vrrp_instance vi;
	struct vrrp_advert adv;
	struct vrrp_rx rx;
	enum vrrp_rx_reason r, warn;
	size_t i;

	if (size < 3)
		return 0;
	fuzz_addrs();
	fuzz_params(&p, data[0], data[1] & 0xfc);
	memset(&rx, 0, sizeof(rx));
	rx.family = p.family;
	rx.buf = data + 3;
	rx.len = size - 3;
	rx.src = p.family == AF_INET6 ? peers6[0] : peers4[0];
	rx.dst = p.family == AF_INET6 ? grp6 : grp4;
	rx.hoplimit = data[2];

	/* An instance in the state byte 1 names, with the rate-limited log
	 * already spent. */
	vrrp_fsm_init(&vi, &p, &fuzz_ops, NULL);
	vi.state = (enum vrrp_state)(data[1] & 0x03);
	for (i = 0; i < VRRP_RX_MAX; i++)
		vi.rx_logged[i] = UINT64_MAX;

	r = vrrp_rx_check(&p, &rx, &adv, &warn);
	if ((unsigned)r >= VRRP_RX_MAX || (unsigned)warn >= VRRP_RX_MAX)
		abort();
	if (r == VRRP_RX_OK)
		fuzz_accepted(&p, &adv);
	r = vrrp_rx_check_from(&p, &rx, &vi.master, &adv, &warn);
	if (r == VRRP_RX_OK)
		fuzz_accepted(&p, &adv);

	/* The same through the instance: same verdict, and a rejected
	 * packet leaves the state alone. */
	if (vrrp_fsm_input(&vi, &rx, 1000) != r)
		abort();
	if (r != VRRP_RX_OK && vi.state != (enum vrrp_state)(data[1] & 0x03))
		abort();
	return 0;
}
