/*
 * The BFD control packet (RFC 5880 4.1): build and parse, and the checks
 * of RFC 5880 6.8.6 that need no session, in its order. Pure: no socket,
 * no clock.
 */
#include <arpa/inet.h>

#include <string.h>

#include "vrrp/bfd.h"

static const char *const rx_names[BFD_RX_MAX] = {
	[BFD_RX_OK] = "ok",
	[BFD_RX_SHORT] = "too short",
	[BFD_RX_VERSION] = "bad version",
	[BFD_RX_LENGTH] = "bad length",
	[BFD_RX_MULT] = "detect multiplier 0",
	[BFD_RX_MULTIPOINT] = "multipoint set",
	[BFD_RX_MY_DISCR] = "my discriminator 0",
	[BFD_RX_TTL] = "bad TTL",
	[BFD_RX_YOUR_DISCR] = "unknown your discriminator",
	[BFD_RX_NO_SESSION] = "no session",
	[BFD_RX_ZERO_DISCR_STATE] = "your discriminator 0 in Init or Up",
	[BFD_RX_AUTH] = "authentication not configured",
};

const char *
bfd_rx_reason_name(int r)
{
	return r >= 0 && r < BFD_RX_MAX ? rx_names[r] : "?";
}

/* The same as one word, for status records' keys. */
const char *
bfd_rx_key(int r)
{
	static const char *const keys[BFD_RX_MAX] = {
		"ok", "short", "version", "length", "mult", "multipoint",
		"my_discr", "ttl", "your_discr", "no_session",
		"zero_discr_state", "auth",
	};

	return r >= 0 && r < BFD_RX_MAX ? keys[r] : "unknown";
}

const char *
bfd_state_name(int s)
{
	static const char *const names[] = { "AdminDown", "Down", "Init",
	    "Up" };

	return s >= 0 && s < 4 ? names[s] : "?";
}

const char *
bfd_diag_name(int d)
{
	static const char *const names[BFD_DIAG_MAX] = {
		"No Diagnostic", "Control Detection Time Expired",
		"Echo Function Failed", "Neighbor Signaled Session Down",
		"Forwarding Plane Reset", "Path Down",
		"Concatenated Path Down", "Administratively Down",
		"Reverse Concatenated Path Down",
	};

	return d >= 0 && d < BFD_DIAG_MAX ? names[d] : "Unknown";
}

static uint32_t
get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return ntohl(v);
}

static void
put32(uint8_t *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

enum bfd_rx_reason
bfd_pkt_parse(const uint8_t *buf, size_t len, struct bfd_pkt *p)
{
	memset(p, 0, sizeof(*p));
	if (len < BFD_PKT_LEN)
		return BFD_RX_SHORT;
	p->version = buf[0] >> 5;
	p->diag = buf[0] & 0x1f;
	p->state = buf[1] >> 6;
	p->poll = buf[1] & 0x20;
	p->final = buf[1] & 0x10;
	p->cpi = buf[1] & 0x08;
	p->auth = buf[1] & 0x04;
	p->demand = buf[1] & 0x02;
	p->multipoint = buf[1] & 0x01;
	p->detect_mult = buf[2];
	p->length = buf[3];
	p->my_discr = get32(buf + 4);
	p->your_discr = get32(buf + 8);
	p->desired_min_tx = get32(buf + 12);
	p->required_min_rx = get32(buf + 16);
	p->required_min_echo_rx = get32(buf + 20);
	if (p->version != BFD_VERSION)
		return BFD_RX_VERSION;
	if (p->length < (p->auth ? BFD_PKT_LEN + 2 : BFD_PKT_LEN) ||
	    p->length > len)
		return BFD_RX_LENGTH;
	if (p->detect_mult == 0)
		return BFD_RX_MULT;
	if (p->multipoint)
		return BFD_RX_MULTIPOINT;
	if (p->my_discr == 0)
		return BFD_RX_MY_DISCR;
	return BFD_RX_OK;
}

size_t
bfd_pkt_build(const struct bfd_pkt *p, uint8_t buf[BFD_PKT_LEN])
{
	buf[0] = (uint8_t)(BFD_VERSION << 5 | (p->diag & 0x1f));
	buf[1] = (uint8_t)((p->state & 3) << 6 | (p->poll ? 0x20 : 0) |
	    (p->final ? 0x10 : 0) | (p->cpi ? 0x08 : 0) |
	    (p->demand ? 0x02 : 0));
	buf[2] = p->detect_mult;
	buf[3] = BFD_PKT_LEN;
	put32(buf + 4, p->my_discr);
	put32(buf + 8, p->your_discr);
	put32(buf + 12, p->desired_min_tx);
	put32(buf + 16, p->required_min_rx);
	put32(buf + 20, p->required_min_echo_rx);
	return BFD_PKT_LEN;
}

/* RFC 5881 5: with GTSM (max_hops 0 and TTL 255 sent) only 255 is
 * taken; max_hops lets that many routers decrement it (RFC 5883). */
bool
bfd_ttl_ok(int rx_ttl, int sent_ttl, int max_hops)
{
	if (max_hops < 0)
		return true;
	return rx_ttl >= 0 && rx_ttl >= sent_ttl - max_hops;
}
