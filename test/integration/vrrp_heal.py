#!/usr/bin/env python3
"""Heal a split brain at a chosen phase of a router's adverts, for
t_vrrp_splitbrain: run inside the switch's namespace.

  vrrp_heal.py -i p2 -s 192.0.2.2 -w 192.0.2.1 -d 0.15 \
      -c 'delete table bridge sb' -n 'ip -n CLIENT neigh show dev eth0' \
      --ready FILE

Waits for the next VRRP advert (IPv4) from the loser -s on -i (the
loser's port), then, -d seconds after its kernel receive time, ends the
cut by closing the input of an already running "nft -f -" fed -c (so no
process start delays the heal). The first advert of the winner -w that
crosses -i after that makes the loser step down. The neighbour table of
the client (-n) is printed just before the heal and 300 ms after the
step-down. Prints, one per line: "advert SECONDS", "heal SECONDS" (the
middle of the nft run), "stepdown SECONDS", "before LINE..." and
"after LINE...". FILE is created once listening.
"""
import argparse
import socket
import struct
import subprocess
import sys
import time

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
SO_TIMESTAMPNS = 35


def wait_advert(sock, src, timeout, after=0):
    """Kernel receive time of the next advert from src (after after)."""
    end = time.time() + timeout
    while time.time() < end:
        sock.settimeout(max(0.01, end - time.time()))
        try:
            data, anc, _, addr = sock.recvmsg(2048, 64)
        except socket.timeout:
            continue
        if addr[1] != ETH_P_IP or len(data) < 20 or data[9] != 112 or \
                data[12:16] != src:
            continue
        for level, kind, val in anc:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack("qq", val[:16])
                if sec + nsec / 1e9 > after:
                    return sec + nsec / 1e9
    else:
        sys.exit("no advert from %s" % socket.inet_ntoa(src))


def neigh(cmd, tag):
    out = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        print(tag, line, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-i", required=True)
    ap.add_argument("-s", required=True)
    ap.add_argument("-w", required=True)
    ap.add_argument("-d", type=float, required=True)
    ap.add_argument("-c", required=True)
    ap.add_argument("-n", required=True)
    ap.add_argument("-t", type=float, default=8)
    ap.add_argument("--ready", required=True)
    a = ap.parse_args()
    # ETH_P_ALL: on a bridge port only the taps of every protocol see
    # the frames the bridge then takes.
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                         socket.htons(ETH_P_ALL))
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    sock.bind((a.i, ETH_P_ALL))
    nft = subprocess.Popen(["nft", "-f", "-"], stdin=subprocess.PIPE)
    nft.stdin.write((a.c + "\n").encode())
    nft.stdin.flush()
    open(a.ready, "w").close()
    t = wait_advert(sock, socket.inet_aton(a.s), a.t)
    print("advert %.6f" % t, flush=True)
    time.sleep(max(0, t + a.d - 0.1 - time.time()))
    neigh(a.n, "before")
    time.sleep(max(0, t + a.d - time.time()))
    t0 = time.time()
    nft.stdin.close()
    if nft.wait() != 0:
        sys.exit("nft failed")
    t1 = time.time()
    print("heal %.6f" % ((t0 + t1) / 2), flush=True)
    # The loser steps down on the winner's first advert to reach it.
    t = wait_advert(sock, socket.inet_aton(a.w), a.t, t0)
    print("stepdown %.6f" % t, flush=True)
    time.sleep(max(0, t + 0.3 - time.time()))
    neigh(a.n, "after")


main()
