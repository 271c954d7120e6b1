/*
 * vigild --genhash: keepalived's genhash. Fetch one url with the probe's
 * own code (check_http.c, through an observer) and print the MD5 of its
 * body, the value to paste into a url's digest:
 *
 *   vigild --genhash -s 192.0.2.1 -p 80 -u /index.html
 *   MD5SUM = 6f5902ac237024bdd0c176cb93063dc4
 *
 * Options as keepalived 2.2.7's (-S -I -s -p -u -V -P -t -m -H -v -h),
 * plus -r (the version, as the old genhash). What differs: the line is
 * "MD5SUM = <hex>" as the separate genhash printed it (keepalived 2.2.7
 * prints the bare hex); -v prints the request, the header lines and the
 * body as text rather than hex dumps; a chunked body is hashed decoded,
 * as the probe hashes it; -p defaults to 80 (443 with -S); the whole
 * fetch is bounded by -t (default 10 s, keepalived's none); a status
 * code other than 2xx is reported on stderr (the digest is printed all
 * the same); the exit status is 1 when nothing could be hashed.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include <openssl/ssl.h>

#include "check/check_http.h"
#include "common/log.h"

struct genhash {
	struct event_base	*base;
	bool			 verbose;
	bool			 ok;
	int			 status;
	char			 hex[2 * 64 + 1];
	char			 why[160];
	uint64_t		 body;
};

static void
genhash_usage(FILE *out)
{
	fprintf(out,
	    "usage: vigild --genhash [-hIrSv] -s address [-p port] -u url "
	    "[-V virtualhost]\n"
	    "                        [-P 1.0|1.0C|1.1] [-t seconds] "
	    "[-m fwmark] [-H md5]\n"
	    "  -S, --use-ssl          fetch over TLS\n"
	    "  -I, --use-sni          send the virtualhost as SNI (with -V)\n"
	    "  -s, --server=ADDRESS   the server's IPv4 or IPv6 address\n"
	    "  -p, --port=PORT        its port (default 80, 443 with -S)\n"
	    "  -u, --url=PATH         the url's path\n"
	    "  -V, --use-virtualhost=NAME  the Host header's name\n"
	    "  -P, --protocol=VERSION 1.0 (default), 1.0C (with Connection: "
	    "close), 1.1\n"
	    "  -t, --timeout=SECONDS  for the whole fetch (default 10)\n"
	    "  -m, --fwmark=MARK      the socket's firewall mark\n"
	    "  -H, --hash=md5         the hash (only md5)\n"
	    "  -v, --verbose          print the request, header and body\n"
	    "  -r, --release          print the version\n"
	    "  -h, --help             this help\n");
}

static void
genhash_request(void *arg, const char *text)
{
	struct genhash *g = arg;

	if (g->verbose)
		printf("----- request -----\n%s----- header -----\n", text);
}

static void
genhash_header(void *arg, const char *line)
{
	struct genhash *g = arg;

	if (g->verbose)
		printf("%s\n", line);
}

static void
genhash_body(void *arg, const char *data, size_t len)
{
	struct genhash *g = arg;

	if (g->verbose) {
		if (g->body == 0)
			printf("----- body -----\n");
		fwrite(data, 1, len, stdout);
	}
	g->body += len;
}

static void
genhash_digest(void *arg, int status, const char *hex)
{
	struct genhash *g = arg;

	g->status = status;
	snprintf(g->hex, sizeof(g->hex), "%s", hex);
}

static void
genhash_done(void *arg, const struct check_probe_result *r)
{
	struct genhash *g = arg;

	g->ok = r->ok;
	snprintf(g->why, sizeof(g->why), "%s", r->why);
	event_base_loopbreak(g->base);
}

static int
genhash_addr(struct check_probe_target *t, const char *s)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)&t->dst;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&t->dst;

	if (inet_pton(AF_INET, s, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		t->dstlen = sizeof(*s4);
	} else if (inet_pton(AF_INET6, s, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		t->dstlen = sizeof(*s6);
	} else
		return -1;
	return 0;
}

static long
genhash_num(const char *s, long min, long max, const char *what)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < min || n > max) {
		fprintf(stderr, "genhash: invalid %s '%s'\n", what, s);
		exit(1);
	}
	return n;
}

static int
genhash_fetch(struct check_probe_target *t, struct check_http_conf *c,
    struct genhash *g)
{
	struct check_http_observer obs = {
		.request = genhash_request, .header = genhash_header,
		.body = genhash_body, .digest = genhash_digest, .arg = g,
	};

	signal(SIGPIPE, SIG_IGN);
	if ((g->base = event_base_new()) == NULL) {
		fprintf(stderr, "genhash: no event base\n");
		return 1;
	}
	if (check_http_start_observed(g->base, t, c, &obs, genhash_done,
	    g) == NULL)
		return 1;
	event_base_dispatch(g->base);
	event_base_free(g->base);
	if (!g->ok) {
		fprintf(stderr, "genhash: %s\n", g->why);
		return 1;
	}
	if (g->verbose)
		printf("\n----- %ju body bytes -----\n", (uintmax_t)g->body);
	if (g->status < 200 || g->status > 299)
		fprintf(stderr, "genhash: the server answered status code "
		    "%d\n", g->status);
	printf("MD5SUM = %s\n", g->hex);
	return 0;
}

int
check_genhash_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "use-ssl", no_argument, NULL, 'S' },
		{ "use-sni", no_argument, NULL, 'I' },
		{ "server", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'p' },
		{ "url", required_argument, NULL, 'u' },
		{ "use-virtualhost", required_argument, NULL, 'V' },
		{ "protocol", required_argument, NULL, 'P' },
		{ "timeout", required_argument, NULL, 't' },
		{ "fwmark", required_argument, NULL, 'm' },
		{ "hash", required_argument, NULL, 'H' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "release", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct check_probe_target t = { .timeout_ms = 10000 };
	struct check_http_url url = { .path = NULL };
	struct check_http_conf c = { .urls = &url, .nurls = 1 };
	struct genhash g = { .status = 0 };
	const char *server = NULL;
	long port = 0;
	bool tls = false;
	int ch, rc;

	log_init("genhash", true, false);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "SIs:p:u:V:P:t:m:H:vrh", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'S':
			tls = true;
			break;
		case 'I':
			c.sni = true;
			break;
		case 's':
			server = optarg;
			break;
		case 'p':
			port = genhash_num(optarg, 1, 65535, "port number");
			break;
		case 'u':
			url.path = optarg;
			break;
		case 'V':
			c.virtualhost = optarg;
			break;
		case 'P':
			if (strcmp(optarg, "1.0") == 0)
				c.proto = CHECK_HTTP_10;
			else if (strcasecmp(optarg, "1.0c") == 0)
				c.proto = CHECK_HTTP_10C;
			else if (strcmp(optarg, "1.1") == 0)
				c.proto = CHECK_HTTP_11;
			else {
				fprintf(stderr, "genhash: invalid HTTP "
				    "protocol version '%s'\n", optarg);
				return 1;
			}
			break;
		case 't':
			t.timeout_ms = 1000 * (unsigned)genhash_num(optarg, 1,
			    86400, "timeout");
			break;
		case 'm':
			t.fwmark = (uint32_t)genhash_num(optarg, 0, UINT32_MAX,
			    "fwmark");
			break;
		case 'H':
			if (strcasecmp(optarg, "md5") != 0) {
				fprintf(stderr, "genhash: only md5 is "
				    "supported\n");
				return 1;
			}
			break;
		case 'v':
			g.verbose = true;
			break;
		case 'r':
			printf("vigild genhash (MD5)\n");
			return 0;
		case 'h':
			genhash_usage(stdout);
			return 0;
		default:
			genhash_usage(stderr);
			return 1;
		}
	}
	if (optind < argc || server == NULL || url.path == NULL) {
		genhash_usage(stderr);
		return 1;
	}
	if (genhash_addr(&t, server) == -1) {
		fprintf(stderr, "genhash: server should be an IP address, not "
		    "%s\n", server);
		return 1;
	}
	if (port == 0)
		port = tls ? 443 : 80;
	if (t.dst.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&t.dst)->sin6_port =
		    htons((uint16_t)port);
	else
		((struct sockaddr_in *)&t.dst)->sin_port =
		    htons((uint16_t)port);
	if (tls && (c.ssl = check_http_ssl_ctx(NULL, NULL, NULL, NULL)) ==
	    NULL)
		return 1;
	rc = genhash_fetch(&t, &c, &g);
	if (c.ssl != NULL)
		SSL_CTX_free(c.ssl);
	return rc;
}
