#!/usr/bin/env python3
"""Count the processes that given processes start, through the kernel's
process events (netlink connector, CN_IDX_PROC), for a while.

Usage: proc_forks.py SECONDS PID...
Prints "ready" once listening, then after SECONDS one line per PID:
"PID FORKS", the number of new processes (not threads) whose parent was
PID. Needs root, in the initial network namespace (where the connector
answers: run it through nsenter -t 1 -n if the caller is elsewhere).
"""
import os
import select
import socket
import struct
import sys
import time

NETLINK_CONNECTOR = 11
CN_IDX_PROC = 1
CN_VAL_PROC = 1
PROC_CN_MCAST_LISTEN = 1
PROC_CN_MCAST_IGNORE = 2
PROC_EVENT_FORK = 0x00000001
NLMSG_DONE = 3

NLMSGHDR = struct.Struct("=IHHII")        # len, type, flags, seq, pid
CN_MSG = struct.Struct("=IIIIHH")         # idx, val, seq, ack, len, flags
EVENT = struct.Struct("=IIQ")             # what, cpu, timestamp_ns
FORK = struct.Struct("=iiii")             # parent pid, tgid, child pid, tgid


def control(sock, op):
    payload = struct.pack("=I", op)
    cn = CN_MSG.pack(CN_IDX_PROC, CN_VAL_PROC, 0, 0, len(payload), 0)
    msg = cn + payload
    sock.send(NLMSGHDR.pack(NLMSGHDR.size + len(msg), NLMSG_DONE, 0, 0,
                            os.getpid()) + msg)


def main():
    seconds = float(sys.argv[1])
    watched = {int(p): 0 for p in sys.argv[2:]}
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM,
                         NETLINK_CONNECTOR)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.bind((0, CN_IDX_PROC))
    control(sock, PROC_CN_MCAST_LISTEN)
    print("ready", flush=True)
    end = time.monotonic() + seconds
    try:
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            if not select.select([sock], [], [], left)[0]:
                continue
            data = sock.recv(65536)
            off = 0
            while off + NLMSGHDR.size <= len(data):
                nlen = NLMSGHDR.unpack_from(data, off)[0]
                if nlen < NLMSGHDR.size:
                    break
                ev = off + NLMSGHDR.size + CN_MSG.size
                if ev + EVENT.size + FORK.size <= off + nlen:
                    what = EVENT.unpack_from(data, ev)[0]
                    if what == PROC_EVENT_FORK:
                        _, ptgid, cpid, ctgid = FORK.unpack_from(
                            data, ev + EVENT.size)
                        if cpid == ctgid and ptgid in watched:
                            watched[ptgid] += 1
                off += (nlen + 3) & ~3
    finally:
        control(sock, PROC_CN_MCAST_IGNORE)
    for pid, n in watched.items():
        print(pid, n)


if __name__ == "__main__":
    main()
