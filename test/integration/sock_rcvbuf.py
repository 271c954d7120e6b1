#!/usr/bin/env python3
"""sock_rcvbuf.py PID: one line per socket of process PID,
"family protocol device rcvbuf", read from a copy of its descriptor
(pidfd_getfd(2), as root) with getsockopt: SO_DOMAIN, SO_PROTOCOL,
SO_BINDTODEVICE ("-" when unbound) and SO_RCVBUF (the doubled size the
kernel keeps). For sockets ss(8) shows no memory for (raw ones, without
the raw_diag module)."""
import ctypes
import os
import socket
import sys

SYS_PIDFD_OPEN = 434     # same number on every architecture since 5.3
SYS_PIDFD_GETFD = 438
SO_DOMAIN = 39
SO_PROTOCOL = 38

libc = ctypes.CDLL(None, use_errno=True)


def main():
    pid = int(sys.argv[1])
    pidfd = libc.syscall(SYS_PIDFD_OPEN, pid, 0)
    if pidfd < 0:
        sys.exit("pidfd_open %d: %s" % (pid, os.strerror(ctypes.get_errno())))
    for name in sorted(os.listdir("/proc/%d/fd" % pid), key=int):
        try:
            link = os.readlink("/proc/%d/fd/%s" % (pid, name))
        except OSError:
            continue
        if not link.startswith("socket:"):
            continue
        fd = libc.syscall(SYS_PIDFD_GETFD, pidfd, int(name), 0)
        if fd < 0:
            continue
        s = socket.socket(fileno=fd)
        try:
            fam = s.getsockopt(socket.SOL_SOCKET, SO_DOMAIN)
            proto = s.getsockopt(socket.SOL_SOCKET, SO_PROTOCOL)
            try:
                dev = s.getsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE,
                                   16).rstrip(b"\0").decode() or "-"
            except OSError:
                dev = "-"
            rb = s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
            print(fam, proto, dev, rb)
        finally:
            s.close()


main()
