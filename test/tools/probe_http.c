/*
 * probe_http: one HTTP_GET or SSL_GET probe against one server, on its own
 * event loop, for the integration tests:
 *
 *   probe_http FAMILY ADDRESS PORT TIMEOUT_MS [family options]
 *
 * prints "OK" or "FAIL: why" and exits 0 or 1 (2: bad usage, or the
 * probe could not start). Each family is one entry of the table below,
 * with the function that reads its options and starts it.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include <openssl/ssl.h>

#include "check/check_http.h"
#include "check/check_probe.h"
#include "common/http_regex.h"
#include "common/log.h"

struct run {
	struct event_base	*base;
	bool			 done;
	bool			 ok;
};

typedef struct check_probe *(*family_start_fn)(struct event_base *,
    const struct check_probe_target *, const char *family, int argc,
    char **argv, check_probe_done_fn, void *);

static void
usage(void)
{
	fprintf(stderr, "usage: probe_http FAMILY ADDRESS PORT TIMEOUT_MS "
	    "[options]\n"
	    "  http|ssl: [-u path [-d digest] [-c codes] [-v vhost]]... "
	    "[-V vhost]\n"
	    "            [-P 1.0|1.0C|1.1] [-I (SNI)] [-C ca] [-E cert]\n"
	    "            [-Y key] [-W password] [-K cancel_ms]\n"
	    "            per url: [-r regex [-N (no match)] [-i (caseless)]\n"
	    "                     [-m min_offset] [-M max_offset]]\n");
	exit(2);
}

/* "200-299,404" into 8 words of bits (code - 100). */
static void
http_codes(const char *s, uint64_t *bits)
{
	char *end;
	long a, b, c;

	while (*s != '\0') {
		a = strtol(s, &end, 10);
		b = a;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		if (a < 100 || b > 599 || a > b || (*end != ',' && *end))
			usage();
		for (c = a; c <= b; c++)
			bits[(c - 100) / 64] |= 1ULL << ((c - 100) % 64);
		s = *end == ',' ? end + 1 : end;
	}
}

/* -K ms: cancel the probe after ms, print CANCELLED (done must not come). */
struct cancel {
	struct check_probe	*p;
	struct event_base	*base;
	struct event		*ev;
};

static void
cancel_cb(evutil_socket_t fd, short what, void *arg)
{
	struct cancel *c = arg;

	check_probe_cancel(c->p);
	event_free(c->ev);
	printf("CANCELLED\n");
	event_base_loopbreak(c->base);
}

static void
cancel_after(struct event_base *base, struct check_probe *p, int ms)
{
	static struct cancel c;
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	c.p = p;
	c.base = base;
	c.ev = evtimer_new(base, cancel_cb, &c);
	evtimer_add(c.ev, &tv);
}

/* HTTP_GET (family "http") and SSL_GET ("ssl"). */
static struct check_probe *
http_family(struct event_base *base, const struct check_probe_target *t,
    const char *family, int argc, char **argv, check_probe_done_fn done,
    void *arg)
{
	static struct check_http_url urls[16];
	static uint64_t status[16][8];
	static struct check_http_conf c;
	static struct http_regex_conf rx[16];
	char why[160];
	size_t i;
	struct check_probe *p;
	const char *ca = NULL, *cert = NULL, *key = NULL, *pass = NULL;
	int ch, cancel_ms = 0;

	c.urls = urls;
	while ((ch = getopt(argc, argv, "u:d:c:v:V:P:IC:E:Y:W:K:r:Nim:M:")) !=
	    -1) {
		if (ch == 'u') {
			if (c.nurls == 16)
				usage();
			urls[c.nurls].path = optarg;
			urls[c.nurls].status = status[c.nurls];
			c.nurls++;
			continue;
		}
		if (strchr("dcvrNimM", ch) != NULL && c.nurls == 0)
			usage();
		switch (ch) {
		case 'r':
			rx[c.nurls - 1].pattern = optarg;
			break;
		case 'N':
			rx[c.nurls - 1].no_match = true;
			break;
		case 'i':
			http_regex_option("caseless", &rx[c.nurls - 1].options);
			break;
		case 'm':
			rx[c.nurls - 1].min_offset = (uint32_t)atol(optarg);
			break;
		case 'M':
			rx[c.nurls - 1].max_set = true;
			rx[c.nurls - 1].max_offset = (uint32_t)atol(optarg);
			break;
		case 'd':
			urls[c.nurls - 1].digest = optarg;
			break;
		case 'c':
			http_codes(optarg, status[c.nurls - 1]);
			break;
		case 'v':
			urls[c.nurls - 1].virtualhost = optarg;
			break;
		case 'V':
			c.virtualhost = optarg;
			break;
		case 'P':
			if (strcasecmp(optarg, "1.0") == 0)
				c.proto = CHECK_HTTP_10;
			else if (strcasecmp(optarg, "1.0C") == 0)
				c.proto = CHECK_HTTP_10C;
			else if (strcmp(optarg, "1.1") == 0)
				c.proto = CHECK_HTTP_11;
			else
				usage();
			break;
		case 'I':
			c.sni = true;
			break;
		case 'C':
			ca = optarg;
			break;
		case 'E':
			cert = optarg;
			break;
		case 'Y':
			key = optarg;
			break;
		case 'W':
			pass = optarg;
			break;
		case 'K':
			cancel_ms = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (c.nurls == 0 || optind != argc)
		usage();
	for (i = 0; i < c.nurls; i++)
		if (rx[i].pattern != NULL && (urls[i].regex =
		    http_regex_new(&rx[i], why, sizeof(why))) == NULL) {
			fprintf(stderr, "probe_http: regex: %s\n", why);
			exit(2);
		}
	if (strcmp(family, "ssl") == 0 &&
	    (c.ssl = check_http_ssl_ctx(ca, cert, key, pass)) == NULL)
		return NULL;
	p = check_http_start(base, t, &c, done, arg);
	if (p != NULL && cancel_ms > 0)
		cancel_after(base, p, cancel_ms);
	return p;
}

static const struct {
	const char	*name;
	family_start_fn	 start;
} families[] = {
	{ "http", http_family },
	{ "ssl", http_family },
};

static void
probe_done(void *arg, const struct check_probe_result *r)
{
	struct run *run = arg;

	run->done = true;
	run->ok = r->ok;
	if (r->ok)
		printf("OK\n");
	else
		printf("FAIL: %s\n", r->why);
	event_base_loopbreak(run->base);
}

static void
target_parse(struct check_probe_target *t, const char *addr,
    const char *port, const char *timeout)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)&t->dst;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&t->dst;
	int p = atoi(port);

	memset(t, 0, sizeof(*t));
	if (p <= 0 || p > 65535 || atoi(timeout) <= 0)
		usage();
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(p);
		t->dstlen = sizeof(*s4);
	} else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(p);
		t->dstlen = sizeof(*s6);
	} else
		usage();
	t->timeout_ms = (unsigned)atoi(timeout);
}

int
main(int argc, char **argv)
{
	struct check_probe_target t;
	struct run run = { 0 };
	struct check_probe *p = NULL;
	size_t i;

	if (argc < 5)
		usage();
	signal(SIGPIPE, SIG_IGN);
	log_init("probe_http", true, false);
	target_parse(&t, argv[2], argv[3], argv[4]);
	run.base = event_base_new();
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strcmp(families[i].name, argv[1]) == 0) {
			optind = 1;
			p = families[i].start(run.base, &t, argv[1], argc - 4,
			    argv + 4, probe_done, &run);
			break;
		}
	if (i == sizeof(families) / sizeof(families[0]))
		usage();
	if (p == NULL)
		return 2;
	event_base_dispatch(run.base);
	event_base_free(run.base);
	return run.done && run.ok ? 0 : 1;
}
