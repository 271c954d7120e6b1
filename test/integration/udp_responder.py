#!/usr/bin/env python3
"""UDP responder for t_lvs_udp.sh: udp_responder.py ADDR PORT REPLY_HEX PIDFILE.
Answers every datagram with REPLY_HEX's bytes and appends a line to
PIDFILE.log per datagram; writes its pid to PIDFILE once bound."""
import os
import socket
import sys

addr, port, reply, pidfile = sys.argv[1], int(sys.argv[2]), \
    bytes.fromhex(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((addr, port))
with open(pidfile + ".tmp", "w") as f:
    f.write("%d\n" % os.getpid())
os.rename(pidfile + ".tmp", pidfile)
while True:
    data, peer = s.recvfrom(65536)
    with open(pidfile + ".log", "a") as f:
        f.write(data.hex() + "\n")
    s.sendto(reply, peer)
