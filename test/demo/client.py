#!/usr/bin/env python3
"""The demo's client: fetch http://HOST/ every INTERVAL seconds, forever,
and write one line per try: "SECONDS ok PAGE" or "SECONDS fail" (the
format of test/integration/lib_nginx.sh's fetch.out). One process, no
fork per try, so the tries come every 10-20 ms; a try that gets no page
within TIMEOUT seconds fails."""
import http.client
import sys
import time

host = sys.argv[1]
interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.01
timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 0.1

while True:
    t = time.time()
    page = None
    try:
        c = http.client.HTTPConnection(host, 80, timeout=timeout)
        c.request("GET", "/")
        r = c.getresponse()
        if r.status == 200:
            page = r.read().decode(errors="replace").strip()
        c.close()
    except (OSError, http.client.HTTPException):
        pass
    if page:
        print("%.3f ok %s" % (t, page), flush=True)
    else:
        print("%.3f fail" % t, flush=True)
    time.sleep(interval)
