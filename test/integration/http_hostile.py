#!/usr/bin/env python3
"""Broken and hostile HTTP servers for t_check_http, one per port on ADDR:

  8001 a 10 MiB body of zero bytes (Content-Length)
  8002 a header line that never ends
  8003 no status line ("HELLO WORLD")
  8004 status code 999
  8005 Content-Length 1000000, 100000 bytes, then a reset (RST)
  8006 accepts, reads the request, never answers
  8007 answers a TLS ClientHello in plain text
  8008 a body without length that never ends
  8009 reads the request, closes without a word
  8010 chunked, with a chunk size line that never ends
  8011 TLS (CERT, KEY): a body up to the end, closed without close_notify
       (/short: 5 bytes of a Content-Length of 100, the same way)

Usage: http_hostile.py ADDR PIDFILE CERT KEY (the pid file is written once
every port listens)."""
import os
import socket
import ssl
import struct
import sys
import threading

ZERO = b"\0" * 65536
HELD = []


def read_request(c):
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        d = c.recv(4096)
        if not d:
            break
        data += d
    return data


def forever(c, head, piece):
    c.sendall(head)
    while True:
        c.sendall(piece)


def serve(port, c):
    req = b""
    if port != 8007:
        req = read_request(c)
    if port == 8001:
        c.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % (10 << 20))
        for _ in range((10 << 20) // len(ZERO)):
            c.sendall(ZERO)
    elif port == 8002:
        forever(c, b"HTTP/1.0 200 OK\r\nX-Pad: ", b"a" * 4096)
    elif port == 8003:
        c.sendall(b"HELLO WORLD\r\n\r\n")
    elif port == 8004:
        c.sendall(b"HTTP/1.1 999 Nope\r\nContent-Length: 0\r\n\r\n")
    elif port == 8005:
        c.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 1000000\r\n\r\n")
        c.sendall(b"x" * 100000)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                     struct.pack("ii", 1, 0))
    elif port == 8006:
        HELD.append(c)
        return
    elif port == 8007:
        c.recv(4096)
        c.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\nplain text here\n")
    elif port == 8008:
        forever(c, b"HTTP/1.0 200 OK\r\n\r\n", ZERO)
    elif port == 8011:
        if req.startswith(b"GET /short "):
            c.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\nshort")
        else:
            c.sendall(b"HTTP/1.0 200 OK\r\n\r\nbody up to the end\n")
        # The TCP connection ends under TLS: no close_notify.
        os.close(c.detach())
        return
    elif port == 8010:
        forever(c, b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"10;ext=", b"e" * 4096)
    c.close()


def conn(port, c):
    try:
        serve(port, c)
    except OSError:
        c.close()


def listen(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(16)
    return s


def accept_loop(port, s, tls):
    while True:
        c, _ = s.accept()
        if tls is not None:
            try:
                c = tls.wrap_socket(c, server_side=True)
            except (OSError, ssl.SSLError):
                c.close()
                continue
        threading.Thread(target=conn, args=(port, c), daemon=True).start()


def main():
    addr, pidfile, cert, key = sys.argv[1:5]
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    socks = [(p, listen(addr, p)) for p in range(8001, 8012)]
    for p, s in socks:
        threading.Thread(target=accept_loop,
                         args=(p, s, tls if p == 8011 else None),
                         daemon=True).start()
    with open(pidfile + ".tmp", "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(pidfile + ".tmp", pidfile)
    threading.Event().wait()


main()
