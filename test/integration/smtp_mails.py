#!/usr/bin/env python3
"""Check the e-mail alerts smtp_sink.py received for one instance or group.

    smtp_mails.py MAILS RID KIND NAME PRIO HELO FROM RCPT,RCPT STATE...

MAILS: smtp_sink.py's output. The mails whose subject starts with
"[RID] VRRP KIND NAME - " (KIND: Instance or Group) must be exactly one
per STATE, in that order, each saying the new state and the one before
it (INIT for the first), the host RID, the name, the configured priority
PRIO (instances; groups have none), with Date/From/To/Subject headers,
and sent with HELO, MAIL FROM and RCPT TO as given. Prints what differs
and exits 1, else prints a summary line.
"""
import json
import re
import sys


def main():
    path, rid, kind, name, prio, helo, sender, rcpt = sys.argv[1:9]
    states = sys.argv[9:]
    rcpt = rcpt.split(",")
    prefix = "[%s] VRRP %s %s - " % (rid, kind, name)
    mails = []
    for line in open(path):
        m = json.loads(line)
        subj = re.search(r"^Subject: (.*)$", m["data"], re.M)
        if subj and subj.group(1).startswith(prefix):
            mails.append((m, subj.group(1)))
    errs = []
    got = [re.sub(r".* - Entering (\S+) state$", r"\1", s) for _, s in mails]
    if got != states:
        errs.append("states mailed %s, want %s" % (got, states))
    prev = "INIT"
    for (m, subj), want in zip(mails, states):
        d = m["data"]
        head, _, body = d.partition("\n\n")

        def need(cond, what):
            if not cond:
                errs.append("%s: %s" % (subj, what))
        need(subj == prefix + "Entering %s state" % want, "subject")
        need(m["helo"] == helo, "HELO %r, want %r" % (m["helo"], helo))
        need(m["mail_from"] == "<%s>" % sender,
             "MAIL FROM %r" % m["mail_from"])
        need(m["rcpt"] == ["<%s>" % r for r in rcpt],
             "RCPT TO %r" % m["rcpt"])
        need(re.search(r"^Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d "
                       r"[+-]\d{4}$", head, re.M), "no RFC 5322 Date")
        need(re.search(r"^From: %s$" % re.escape(sender), head, re.M),
             "From header")
        need(re.search(r"^To: %s$" % re.escape(", ".join(rcpt)), head,
                       re.M), "To header")
        need(re.search(r"^Host: +%s$" % re.escape(rid), body, re.M), "Host")
        label = "Instance:" if kind == "Instance" else "Sync group:"
        need(re.search(r"^%s +%s$" % (label, re.escape(name)), body, re.M),
             label)
        need(re.search(r"^State: +%s \(was %s\)$" % (want, prev), body,
                       re.M), "State line, want %s (was %s)" % (want, prev))
        if kind == "Instance":
            need(re.search(r"^Priority: +\d+ \(configured %s\)$" % prio,
                           body, re.M), "Priority line")
        else:
            need("Priority" not in body, "a group has no priority")
        prev = want
    if errs:
        print("\n".join(errs))
        for m, _ in mails:
            print("--- mail:\n" + m["data"])
        sys.exit(1)
    print("%s%s: %d mails, %s" % (prefix, "*", len(mails), " ".join(got)))


if __name__ == "__main__":
    main()
