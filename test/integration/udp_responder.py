#!/usr/bin/env python3
"""UDP responder for t_lvs_udp.sh:
udp_responder.py ADDR PORT REPLY_HEX PIDFILE [LATER_HEX].
Answers every datagram with REPLY_HEX's bytes (with LATER_HEX's once it
has had SIGUSR1, staying bound all along) and appends a line to
PIDFILE.log per datagram; writes its pid to PIDFILE once bound. ADDR may
be IPv4 or IPv6."""
import os
import signal
import socket
import sys

addr, port, reply, pidfile = sys.argv[1], int(sys.argv[2]), \
    bytes.fromhex(sys.argv[3]), sys.argv[4]
later = bytes.fromhex(sys.argv[5]) if len(sys.argv) > 5 else reply


def switch(signum, frame):
    global reply
    reply = later


signal.signal(signal.SIGUSR1, switch)
s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET,
                  socket.SOCK_DGRAM)
s.bind((addr, port))
with open(pidfile + ".tmp", "w") as f:
    f.write("%d\n" % os.getpid())
os.rename(pidfile + ".tmp", pidfile)
while True:
    data, peer = s.recvfrom(65536)
    with open(pidfile + ".log", "a") as f:
        f.write(data.hex() + "\n")
    s.sendto(reply, peer)
