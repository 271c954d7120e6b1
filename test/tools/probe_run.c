/*
 * probe_run: one health probe (check_probe.h) against one target, for
 * the integration tests. Prints "OK" or "FAIL: why" and exits 0 or 1;
 * the time the probe took goes to stderr ("elapsed_ms N").
 *
 *   probe_run FAMILY --connect ADDR --port N [--bindto ADDR]
 *       [--bind-port N] [--bind-if IF] [--fwmark N] [--timeout MS]
 *       [--cancel-after MS] [family options]
 *   tcp:  no options
 *   smtp: --helo NAME
 *   dns:  --type A|NS|CNAME|SOA|MX|TXT|AAAA|N (SOA) --name NAME (".")
 *
 * It also holds the probe to its interface: done called from inside the
 * start function or twice exits 2, and the probe must leave nothing on
 * the event loop once done (else the loop never ends and the watchdog
 * alarm kills the tool). --cancel-after cancels the probe after MS and
 * prints "CANCELLED" (exit 3) if done was never called.
 *
 * One entry in families[] per probe family, with its option parser and
 * start function.
 */
#include <sys/socket.h>
#include <sys/time.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "check/check_dns.h"
#include "check/check_probe.h"
#include "common/log.h"

struct family {
	const char	*name;
	/* "--key value" of this family: 0 taken, -1 not its own. */
	int		(*option)(const char *key, const char *value);
	struct check_probe *(*start)(struct event_base *,
			    const struct check_probe_target *,
			    check_probe_done_fn, void *);
};

static int		 run_in_start;
static int		 run_done;
static int		 run_ok;
static struct event	*run_cancel_ev;	/* --cancel-after, until done */
static struct timespec	 run_t0;

static struct check_probe *
tcp_start(struct event_base *base, const struct check_probe_target *t,
    check_probe_done_fn done, void *arg)
{
	return check_tcp_start(base, t, done, arg);
}

static int
tcp_option(const char *key, const char *value)
{
	return -1;
}

static const char *smtp_helo;

static int
smtp_option(const char *key, const char *value)
{
	if (strcmp(key, "--helo") != 0)
		return -1;
	smtp_helo = value;
	return 0;
}

static struct check_probe *
smtp_start(struct event_base *base, const struct check_probe_target *t,
    check_probe_done_fn done, void *arg)
{
	return check_smtp_probe_start(base, t, smtp_helo, done, arg);
}

static int dns_qtype = 6;		/* SOA, keepalived's default */
static const char *dns_qname = ".";

static int
dns_option(const char *key, const char *value)
{
	if (strcmp(key, "--type") == 0) {
		if ((dns_qtype = check_dns_type(value)) == -1) {
			fprintf(stderr, "bad DNS type %s\n", value);
			exit(2);
		}
		return 0;
	}
	if (strcmp(key, "--name") == 0) {
		dns_qname = value;
		return 0;
	}
	return -1;
}

static struct check_probe *
dns_start(struct event_base *base, const struct check_probe_target *t,
    check_probe_done_fn done, void *arg)
{
	return check_dns_start(base, t, dns_qtype, dns_qname, done, arg);
}

static const struct family families[] = {
	{ "tcp", tcp_option, tcp_start },
	{ "smtp", smtp_option, smtp_start },
	{ "dns", dns_option, dns_start },
};

static void
usage(void)
{
	size_t i;

	fprintf(stderr, "usage: probe_run FAMILY --connect ADDR --port N "
	    "[--bindto ADDR] [--bind-port N] [--bind-if IF] [--fwmark N] "
	    "[--timeout MS] [--cancel-after MS] [family options]\n"
	    "families:");
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		fprintf(stderr, " %s", families[i].name);
	fprintf(stderr, "\n");
	exit(2);
}

static long
elapsed_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - run_t0.tv_sec) * 1000 +
	    (now.tv_nsec - run_t0.tv_nsec) / 1000000;
}

static void
run_done_cb(void *arg, const struct check_probe_result *r)
{
	if (run_in_start) {
		printf("BUG: done called from inside start\n");
		exit(2);
	}
	if (run_done++) {
		printf("BUG: done called twice\n");
		exit(2);
	}
	fprintf(stderr, "elapsed_ms %ld\n", elapsed_ms());
	if (run_cancel_ev != NULL)
		event_del(run_cancel_ev);
	run_ok = r->ok;
	if (r->ok)
		printf("OK\n");
	else
		printf("FAIL: %s\n", r->why);
	fflush(stdout);
}

/* addr and port into ss (port 0 kept when port is NULL). */
static socklen_t
run_addr(struct sockaddr_storage *ss, const char *addr, const char *port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	int p = port != NULL ? atoi(port) : 0;

	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(p);
		return sizeof(*sin);
	}
	if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(p);
		return sizeof(*sin6);
	}
	fprintf(stderr, "bad address %s\n", addr);
	exit(2);
}

static void
run_cancel(evutil_socket_t fd, short what, void *arg)
{
	check_probe_cancel(arg);
	if (!run_done) {
		printf("CANCELLED\n");
		fflush(stdout);
	}
}

int
main(int argc, char *argv[])
{
	const struct family *f = NULL;
	struct check_probe_target t;
	struct event_base *base;
	struct check_probe *p;
	const char *connect = NULL, *port = NULL, *bindto = NULL;
	const char *bind_port = NULL;
	struct timeval tv;
	long cancel_ms = -1;
	size_t i;
	int a;

	if (argc < 2)
		usage();
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strcmp(argv[1], families[i].name) == 0)
			f = &families[i];
	if (f == NULL)
		usage();
	memset(&t, 0, sizeof(t));
	t.timeout_ms = 5000;
	for (a = 2; a + 1 < argc; a += 2) {
		const char *k = argv[a], *v = argv[a + 1];

		if (strcmp(k, "--connect") == 0)
			connect = v;
		else if (strcmp(k, "--port") == 0)
			port = v;
		else if (strcmp(k, "--bindto") == 0)
			bindto = v;
		else if (strcmp(k, "--bind-port") == 0)
			bind_port = v;
		else if (strcmp(k, "--bind-if") == 0)
			snprintf(t.bind_if, sizeof(t.bind_if), "%s", v);
		else if (strcmp(k, "--fwmark") == 0)
			t.fwmark = (uint32_t)strtoul(v, NULL, 0);
		else if (strcmp(k, "--timeout") == 0)
			t.timeout_ms = (unsigned)atoi(v);
		else if (strcmp(k, "--cancel-after") == 0)
			cancel_ms = atol(v);
		else if (f->option(k, v) == -1)
			usage();
	}
	if (a != argc || connect == NULL || port == NULL || t.timeout_ms == 0)
		usage();
	t.dstlen = run_addr(&t.dst, connect, port);
	if (bindto != NULL)
		t.srclen = run_addr(&t.src, bindto, bind_port);
	else if (bind_port != NULL)
		t.srclen = run_addr(&t.src, t.dst.ss_family == AF_INET6 ?
		    "::" : "0.0.0.0", bind_port);

	log_init("probe_run", true, getenv("PROBE_DEBUG") != NULL);
	alarm(t.timeout_ms / 1000 + 5);		/* the watchdog */
	if ((base = event_base_new()) == NULL)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &run_t0);
	run_in_start = 1;
	p = f->start(base, &t, run_done_cb, NULL);
	run_in_start = 0;
	if (p == NULL) {
		printf("BUG: could not start\n");
		return 2;
	}
	if (cancel_ms >= 0) {
		run_cancel_ev = evtimer_new(base, run_cancel, p);
		tv.tv_sec = cancel_ms / 1000;
		tv.tv_usec = (cancel_ms % 1000) * 1000;
		evtimer_add(run_cancel_ev, &tv);
	}
	event_base_dispatch(base);
	if (run_cancel_ev != NULL)
		event_free(run_cancel_ev);
	event_base_free(base);
	if (run_cancel_ev != NULL && !run_done)
		return 3;
	if (!run_done) {
		printf("BUG: the loop ended without done\n");
		return 2;
	}
	return run_ok ? 0 : 1;
}
