"""A TCP listener for the checker tests: accepts and closes, one line
"peer ADDR PORT" per connection in OUT; writes OUT.pid once listening.

Usage: tcp_listener.py ADDR PORT OUT
"""
import os
import socket
import sys

addr, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
s.listen(64)
log = open(out, "a", buffering=1)
with open(out + ".pid", "w") as f:
    f.write("%d\n" % os.getpid())
while True:
    c, peer = s.accept()
    log.write("peer %s %d\n" % (peer[0], peer[1]))
    c.close()
