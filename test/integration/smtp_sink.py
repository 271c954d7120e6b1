#!/usr/bin/env python3
"""A small SMTP server for the e-mail alert tests (stdlib only).

    smtp_sink.py ADDR PORT OUT [MODE]

Listens on ADDR:PORT and appends one JSON object per line to OUT for
each accepted message: {"helo", "mail_from", "rcpt": [...], "data",
"peer"}. Every command received is also appended to OUT.log, one line
each, so a test can see the dialogue. MODE:

    ok        answer as a mail relay does (default)
    tempfail  answer 451 to MAIL FROM (a relay that is not taking mail)
    silent    accept connections and never answer (a hung relay)

and, for SMTP_CHECK's probe (test/integration/t_check_probes.sh):

    multiline greet in three lines (220-, 220-, 220 ), then as ok
    greet554  greet with 554 (a server refusing service)
    helo500   answer HELO and EHLO with 500
    helomute  greet, then never answer
    hangup    greet, read the first command and close the connection
    endless   greet with a line that never ends
    greet512  greet with a line of 512 bytes, CRLF included (RFC 5321's
              longest), then as ok
    greet513  greet with a line of 513 bytes

The pid is written to OUT.pid once the socket listens.
"""
import json
import os
import socket
import sys
import threading


def reply(conn, text):
    conn.sendall(text.encode() + b"\r\n")


def lines(conn):
    """Yield CRLF-terminated lines (without CRLF) as bytes."""
    buf = b""
    while True:
        i = buf.find(b"\r\n")
        if i >= 0:
            line, buf = buf[:i], buf[i + 2:]
            yield line
            continue
        chunk = conn.recv(4096)
        if not chunk:
            return
        buf += chunk


def session(conn, peer, out, mode, lock):
    trace = open(out + ".log", "a", buffering=1)
    if mode == "silent":
        trace.write("%s connected (silent)\n" % peer)
        while conn.recv(4096):
            pass
        return
    if mode == "endless":
        conn.sendall(b"220 ")
        while True:
            conn.sendall(b"x" * 4096)
    if mode == "greet554":
        reply(conn, "554 5.3.2 sink.example no service")
        while conn.recv(4096):
            pass
        return
    if mode in ("greet512", "greet513"):
        text = "220 sink.example "
        reply(conn, text + "x" * (int(mode[5:]) - 2 - len(text)))
        if mode == "greet513":
            while conn.recv(4096):
                pass
            return
    if mode == "multiline":
        reply(conn, "220-sink.example ESMTP test sink")
        reply(conn, "220-no UCE")
    if mode not in ("greet512",):
        reply(conn, "220 sink.example ESMTP test sink")
    msg = {"helo": None, "mail_from": None, "rcpt": [], "peer": peer}
    it = lines(conn)
    for raw in it:
        line = raw.decode("utf-8", "replace")
        trace.write(line + "\n")
        cmd = line[:4].upper()
        if mode == "helomute":
            continue
        if mode == "hangup":
            return
        if cmd in ("HELO", "EHLO"):
            if mode == "helo500":
                reply(conn, "500 5.5.1 sink.example says no")
                continue
            msg["helo"] = line[5:]
            reply(conn, "250 sink.example")
        elif line.upper().startswith("MAIL FROM:"):
            if mode == "tempfail":
                reply(conn, "451 4.3.0 try again later")
                continue
            msg["mail_from"] = line[10:]
            msg["rcpt"] = []
            reply(conn, "250 2.1.0 ok")
        elif line.upper().startswith("RCPT TO:"):
            if msg["mail_from"] is None:
                reply(conn, "503 5.5.1 MAIL first")
                continue
            msg["rcpt"].append(line[8:])
            reply(conn, "250 2.1.5 ok")
        elif cmd == "DATA":
            if not msg["rcpt"]:
                reply(conn, "503 5.5.1 RCPT first")
                continue
            reply(conn, "354 end with <CRLF>.<CRLF>")
            body = []
            for d in it:
                if d == b".":
                    break
                body.append(d.decode("utf-8", "replace"))
            else:
                return
            msg["data"] = "\n".join(body)
            with lock:
                with open(out, "a") as f:
                    f.write(json.dumps(msg) + "\n")
            msg = dict(msg, mail_from=None, rcpt=[])
            msg.pop("data")
            reply(conn, "250 2.0.0 queued")
        elif cmd == "QUIT":
            reply(conn, "221 2.0.0 bye")
            return
        elif cmd == "RSET":
            msg["mail_from"], msg["rcpt"] = None, []
            reply(conn, "250 2.0.0 ok")
        elif cmd == "NOOP":
            reply(conn, "250 2.0.0 ok")
        else:
            reply(conn, "500 5.5.2 unknown command")


def main():
    addr, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    mode = sys.argv[4] if len(sys.argv) > 4 else "ok"
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(16)
    with open(out + ".pid", "w") as f:
        f.write("%d\n" % os.getpid())
    lock = threading.Lock()
    while True:
        conn, peer = s.accept()
        t = threading.Thread(target=serve, args=(conn, peer[0], out, mode,
                                                 lock), daemon=True)
        t.start()


def serve(conn, peer, out, mode, lock):
    try:
        session(conn, peer, out, mode, lock)
    except OSError:
        pass
    finally:
        conn.close()


if __name__ == "__main__":
    main()
