#!/usr/bin/env python3
"""Record gratuitous ARPs and unsolicited neighbour advertisements seen
on an interface, with the kernel's receive time, for the GARP tests.

  garp_capture.py -i eth0 -t 4 --ready FILE

A gratuitous ARP is an ARP whose sender and target addresses are the
same; an unsolicited NA is an ICMPv6 type 136 to ff02::1. Each one is
printed as "arp ADDRESS SECONDS" or "na ADDRESS SECONDS" (SECONDS from
SO_TIMESTAMPNS, so a busy machine delaying this reader does not change
the gaps). FILE is created once the socket listens. With --mac, the
frame's Ethernet source address follows as a fourth field.
"""
import argparse
import ipaddress
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
SO_TIMESTAMPNS = 35


def parse(frame):
    """(kind, address) of a GARP or unsolicited NA frame, else None."""
    etype = struct.unpack("!H", frame[12:14])[0]
    p = frame[14:]
    if etype == 0x0806 and len(p) >= 28:
        spa, tpa = p[14:18], p[24:28]
        if spa == tpa:
            return "arp", str(ipaddress.IPv4Address(spa))
    elif etype == 0x86DD and len(p) >= 40 + 24:
        nxt, dst = p[6], p[24:40]
        if nxt == 58 and p[40] == 136 and \
                dst == ipaddress.IPv6Address("ff02::1").packed:
            return "na", str(ipaddress.IPv6Address(p[48:64]))
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-i", "--iface", required=True)
    ap.add_argument("-t", "--time", type=float, default=4.0)
    ap.add_argument("--ready", help="file to create once listening")
    ap.add_argument("--mac", action="store_true",
                    help="print the Ethernet source address too")
    a = ap.parse_args()

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETH_P_ALL))
    s.bind((a.iface, 0))
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    if a.ready:
        open(a.ready, "w").close()
    end = time.monotonic() + a.time
    while True:
        left = end - time.monotonic()
        if left <= 0:
            break
        if not select.select([s], [], [], left)[0]:
            continue
        frame, anc, _, addr = s.recvmsg(2048, 64)
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        got = parse(frame)
        if got is None:
            continue
        ts = time.time()
        for level, typ, data in anc:
            if level == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack("qq", data[:16])
                ts = sec + nsec / 1e9
        line = "%s %s %.6f" % (got[0], got[1], ts)
        if a.mac:
            line += " " + ":".join("%02x" % b for b in frame[6:12])
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
