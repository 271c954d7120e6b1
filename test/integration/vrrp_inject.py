#!/usr/bin/env python3
"""Send crafted VRRP advertisements on a LAN, for the hostile-packet tests.

Frames are built whole (Ethernet, IPv4 or IPv6, VRRP) and sent on an
AF_PACKET socket, so every field is ours: TTL / hop limit, checksums,
version, lengths. Run it as root inside the attacker's namespace:

  vrrp_inject.py -i eth0 -s 192.0.2.66 --vrid 51 --prio 254 \\
      --vip 192.0.2.10 --kind checksum -n 5

Kinds (what is wrong with the advert; the name is the reason vigild's
receive checks give for it, see vrrp/vrrp_rx.h):
  good        nothing (a control: it must be honoured)
  ttl         TTL / hop limit 254 instead of 255
  version     VRRP version 1 (neither 2 nor 3)
  type        type 2 (not an advertisement)
  truncated   the address count claims one address more than is sent
  addr_count  one address more is sent than the count says
  checksum    the VRRP checksum off by one
  vrid        another VRID (--vrid is ignored: --other-vrid)
  auth_type   v2: authentication type 2 (IP AH, obsolete)
  auth        v2: PASS with another password
  interval    v2: another advertisement interval; v3: 0
  too_short   only the first 4 bytes of the VRRP header
  tiny        a 1-byte VRRP message (no VRID: dropped before any
              instance, counted per socket as too_short)
  flood       --count packets cycling through every bad kind above (or
              --kinds), as fast as --rate allows, for --max-time at most

Exit status 0 when every frame was sent. Prints "sent N" at the end.
"""
import argparse
import ipaddress
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
ETH_P_IPV6 = 0x86DD
PROTO_VRRP = 112
BAD_KINDS = ["ttl", "version", "type", "truncated", "addr_count", "checksum",
             "vrid", "auth_type", "auth", "interval", "too_short", "tiny"]
V2_ONLY = ("auth_type", "auth")


def csum(data):
    """The Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def if_mac(ifname):
    with open("/sys/class/net/%s/address" % ifname) as f:
        return bytes.fromhex(f.read().strip().replace(":", ""))


def vrrp_msg(a, kind, src, dst):
    """The VRRP message (no IP header) of the given kind."""
    fam6 = src.version == 6
    version = a.version
    vtype = 1
    vrid = a.vrid
    vips = [ipaddress.ip_address(v).packed for v in a.vip]
    count = len(vips)
    if kind == "version":
        version = 1
    elif kind == "type":
        vtype = 2
    elif kind == "truncated":
        count += 1
    elif kind == "addr_count":
        count -= 1 if count > 0 else 0
        if len(vips) == count:
            vips.append(vips[0] if vips else src.packed)
    elif kind == "vrid":
        vrid = a.other_vrid
    hdr = bytearray(8)
    hdr[0] = (version << 4) | vtype
    hdr[1] = vrid
    hdr[2] = a.prio
    hdr[3] = count & 0xFF
    if a.version == 2:
        auth_type = a.auth_type
        interval = a.interval
        if kind == "auth_type":
            auth_type = 2
        elif kind == "interval":
            interval = interval + 1 if interval < 255 else 1
        hdr[4] = auth_type
        hdr[5] = interval
    else:
        interval = a.interval
        if kind == "interval":
            interval = 0
        struct.pack_into("!H", hdr, 4, interval & 0x0FFF)
    body = bytes(hdr) + b"".join(vips)
    if a.version == 2 and not fam6:
        pw = a.password.encode()
        if kind == "auth":
            pw = (a.password + "x").encode() if a.password else b"bad"
        body += (pw + b"\0" * 8)[:8]
    # v3 (and anything over IPv6) sums a pseudo-header; v2 over IPv4 not.
    if a.version == 3 or fam6:
        if fam6:
            ph = src.packed + dst.packed + struct.pack("!I3xB", len(body),
                                                       PROTO_VRRP)
        else:
            ph = src.packed + dst.packed + struct.pack("!xBH", PROTO_VRRP,
                                                       len(body))
    else:
        ph = b""
    body = bytearray(body)
    c = csum(ph + bytes(body))
    if kind == "checksum":
        c = (c + 1) & 0xFFFF or 1
    struct.pack_into("!H", body, 6, c)
    if kind == "too_short":
        body = body[:4]
    elif kind == "tiny":
        body = body[:1]
    return bytes(body)


def frame(a, kind, src, dst, smac, ip_id):
    msg = vrrp_msg(a, kind, src, dst)
    hop = 254 if kind == "ttl" else a.ttl
    if src.version == 4:
        ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + len(msg),
                                   ip_id & 0xFFFF, 0, hop, PROTO_VRRP, 0,
                                   src.packed, dst.packed))
        struct.pack_into("!H", ip, 10, csum(bytes(ip)))
        dmac = bytes([0x01, 0x00, 0x5E, dst.packed[1] & 0x7F]) + \
            dst.packed[2:] if dst.is_multicast else a.dmac
        return dmac + smac + struct.pack("!H", ETH_P_IP) + bytes(ip) + msg
    dmac = b"\x33\x33" + dst.packed[12:] if dst.is_multicast else a.dmac
    ip6 = struct.pack("!IHBB16s16s", 0x60000000, len(msg), PROTO_VRRP, hop,
                      src.packed, dst.packed)
    return dmac + smac + struct.pack("!H", ETH_P_IPV6) + ip6 + msg


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("-i", "--iface", required=True)
    p.add_argument("-s", "--src", required=True, help="IP source")
    p.add_argument("-d", "--dst", help="default 224.0.0.18 / ff02::12")
    p.add_argument("--dmac", help="destination MAC for a unicast dst")
    p.add_argument("--version", type=int, default=3, choices=(2, 3))
    p.add_argument("--vrid", type=int, default=51)
    p.add_argument("--other-vrid", type=int, default=199)
    p.add_argument("--prio", type=int, default=254)
    p.add_argument("--vip", action="append", default=[])
    p.add_argument("--interval", type=int,
                   help="v2: seconds (default 1); v3: centiseconds "
                   "(default 10)")
    p.add_argument("--auth-type", type=int, default=0, help="v2: 0 or 1")
    p.add_argument("--password", default="", help="v2 PASS password")
    p.add_argument("--ttl", type=int, default=255)
    p.add_argument("-k", "--kind", default="good",
                   choices=["good", "flood"] + BAD_KINDS)
    p.add_argument("--kinds", help="flood: these kinds only (a,b,...)")
    p.add_argument("-n", "--count", type=int, default=1)
    p.add_argument("--gap", type=float, default=0.0,
                   help="seconds between packets (default: none)")
    p.add_argument("--rate", type=float, default=0.0,
                   help="packets per second at most (default: no limit)")
    p.add_argument("--max-time", type=float, default=5.0,
                   help="stop after this many seconds whatever the count")
    a = p.parse_args()

    src = ipaddress.ip_address(a.src)
    if a.dst is None:
        a.dst = "224.0.0.18" if src.version == 4 else "ff02::12"
    dst = ipaddress.ip_address(a.dst)
    if not dst.is_multicast:
        if not a.dmac:
            p.error("--dmac is needed for a unicast destination")
        a.dmac = bytes.fromhex(a.dmac.replace(":", ""))
    if a.interval is None:
        a.interval = 1 if a.version == 2 else 10
    if src.version == 6 and a.version == 2:
        a.auth_type = 0
    if not a.vip:
        p.error("at least one --vip")

    kinds = [a.kind]
    if a.kind == "flood":
        kinds = [k for k in BAD_KINDS
                 if a.version == 2 or k not in V2_ONLY]
        if src.version == 6 or a.auth_type == 0:
            kinds = [k for k in kinds if k != "auth"]
        if a.kinds:
            kinds = a.kinds.split(",")
            bad = [k for k in kinds if k not in BAD_KINDS + ["good"]]
            if bad:
                p.error("unknown kind(s): %s" % ",".join(bad))
    smac = if_mac(a.iface)
    frames = [frame(a, k, src, dst, smac, 0x4000 + i)
              for i, k in enumerate(kinds)]

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    sent = 0
    t0 = time.monotonic()
    t_end = t0 + a.max_time
    while sent < a.count and time.monotonic() < t_end:
        if a.rate:
            ahead = t0 + sent / a.rate - time.monotonic()
            if ahead > 0.002:
                time.sleep(ahead)
        try:
            s.send(frames[sent % len(frames)])
        except BlockingIOError:
            time.sleep(0.001)
            continue
        except OSError as e:
            if e.errno == 105:  # ENOBUFS: the qdisc is full, let it drain
                time.sleep(0.001)
                continue
            raise
        sent += 1
        if a.gap:
            time.sleep(a.gap)
    print("sent %d" % sent)
    return 0 if sent == a.count else 1


if __name__ == "__main__":
    sys.exit(main())
