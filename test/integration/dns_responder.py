#!/usr/bin/env python3
"""A small DNS server over UDP for the DNS_CHECK tests (stdlib only).

    dns_responder.py ADDR OUT PORT:MODE...

Listens on ADDR, on each PORT (UDP), and answers each query as that
port's MODE says; each query is logged to OUT as "MODE peer ADDR PORT
qname QTYPE id ID". The pid is written to OUT.pid once every socket is
bound. MODE:

    ok          NOERROR; an A query gets 192.0.2.80, others no record
    nodata      NOERROR and no answer record
    nxdomain    rcode 3
    wrongid     the answer of "ok" with another id, and nothing else
    wrongid_ok  first the answer with another id, then the right one
    question    the answer of "ok" to another name
    truncated   the first 14 bytes of the answer of "ok" only
    silent      never answers
"""
import os
import selectors
import socket
import struct
import sys


def qname(pkt):
    """The question's name (dotted) and where its type starts."""
    labels, i = [], 12
    while pkt[i]:
        n = pkt[i]
        labels.append(pkt[i + 1:i + 1 + n].decode("ascii", "replace"))
        i += 1 + n
    return ".".join(labels) + ".", i + 1


def answer(pkt, rcode, with_record):
    qid, flags = struct.unpack("!HH", pkt[:4])
    name, end = qname(pkt)
    qtype, = struct.unpack("!H", pkt[end:end + 2])
    question = pkt[12:end + 4]
    rec = b""
    if with_record and qtype == 1:
        rec = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + \
            socket.inet_aton("192.0.2.80")
    flags = 0x8000 | (flags & 0x0100) | 0x0080 | rcode
    head = struct.pack("!HHHHHH", qid, flags, 1, 1 if rec else 0, 0, 0)
    return head + question + rec


def respond(s, mode, log):
    pkt, peer = s.recvfrom(4096)
    if len(pkt) < 17:
        return
    name, end = qname(pkt)
    qtype, = struct.unpack("!H", pkt[end:end + 2])
    qid, = struct.unpack("!H", pkt[:2])
    log.write("%s peer %s %d %s %d id %d\n" % (mode, peer[0], peer[1], name,
                                                qtype, qid))
    if mode == "silent":
        return
    if mode == "nxdomain":
        s.sendto(answer(pkt, 3, False), peer)
        return
    good = answer(pkt, 0, mode != "nodata")
    bad_id = struct.pack("!H", (qid + 1) & 0xffff) + good[2:]
    if mode in ("ok", "nodata"):
        s.sendto(good, peer)
    elif mode == "wrongid":
        s.sendto(bad_id, peer)
    elif mode == "wrongid_ok":
        s.sendto(bad_id, peer)
        s.sendto(good, peer)
    elif mode == "question":
        other = bytearray(good)
        other[13] ^= 0x01               # first letter of the name
        s.sendto(bytes(other), peer)
    elif mode == "truncated":
        s.sendto(good[:14], peer)


def main():
    addr, out = sys.argv[1], sys.argv[2]
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    sel = selectors.DefaultSelector()
    for arg in sys.argv[3:]:
        port, mode = arg.split(":")
        s = socket.socket(fam, socket.SOCK_DGRAM)
        s.bind((addr, int(port)))
        sel.register(s, selectors.EVENT_READ, mode)
    log = open(out, "a", buffering=1)
    with open(out + ".pid", "w") as f:
        f.write("%d\n" % os.getpid())
    while True:
        for key, _ in sel.select():
            respond(key.fileobj, key.data, log)


if __name__ == "__main__":
    main()
