/*
 * vigilctl metrics: the status document as Prometheus text exposition
 * (format 0.0.4; names in vigilctl(8)), on stdout or served over HTTP by
 * this process (--listen), one scrape at a time, each asking vigild
 * afresh. vigild itself never opens a TCP port.
 */
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/vigilctl.h"

#define HTTP_TIMEOUT	5	/* s for a scraper to send and read */
#define HTTP_REQ_MAX	4096

enum src {
	SRC_INSTANCE,	/* doc.instances[] */
	SRC_INST_STATS,	/* doc.instances[].stats */
	SRC_SCRIPT,
	SRC_TFILE,
	SRC_TPROC,
	SRC_VS,
	SRC_RS,
	SRC_CHECKER,
	SRC_BFD,	/* doc.bfd[] */
};

/* One metric family: a number taken from key of each object of src. */
static const struct family {
	const char	*name;
	const char	*type;
	enum src	 src;
	const char	*key;
	const char	*help;
} families[] = {
	{ "vigil_vrrp_priority", "gauge", SRC_INSTANCE, "priority",
	  "Effective VRRP priority of the instance." },
	{ "vigil_vrrp_base_priority", "gauge", SRC_INSTANCE, "base_priority",
	  "Configured VRRP priority of the instance." },
	{ "vigil_vrrp_state_seconds", "gauge", SRC_INSTANCE, "since",
	  "Seconds since the instance's last state transition." },
	{ "vigil_vrrp_transitions_total", "counter", SRC_INST_STATS,
	  "transitions", "State transitions of the instance." },
	{ "vigil_vrrp_became_master_total", "counter", SRC_INST_STATS,
	  "became_master", "Transitions into MASTER." },
	{ "vigil_vrrp_adverts_sent_total", "counter", SRC_INST_STATS,
	  "adverts_sent", "VRRP advertisements sent." },
	{ "vigil_vrrp_adverts_received_total", "counter", SRC_INST_STATS,
	  "adverts_received", "VRRP advertisements received and accepted." },
	{ "vigil_vrrp_priority_zero_sent_total", "counter", SRC_INST_STATS,
	  "prio0_sent", "Advertisements of priority 0 sent." },
	{ "vigil_vrrp_priority_zero_received_total", "counter",
	  SRC_INST_STATS, "prio0_received",
	  "Advertisements of priority 0 received." },
	{ "vigil_vrrp_garp_sent_total", "counter", SRC_INST_STATS,
	  "garp_sent", "Gratuitous ARPs sent." },
	{ "vigil_vrrp_na_sent_total", "counter", SRC_INST_STATS, "na_sent",
	  "Unsolicited IPv6 neighbour advertisements sent." },
	{ "vigil_script_runs_total", "counter", SRC_SCRIPT, "runs",
	  "Results of the vrrp_script counted." },
	{ "vigil_script_failures_total", "counter", SRC_SCRIPT, "failures",
	  "Runs of the vrrp_script that failed." },
	{ "vigil_script_timeouts_total", "counter", SRC_SCRIPT, "timeouts",
	  "Runs of the vrrp_script that timed out." },
	{ "vigil_track_file_value", "gauge", SRC_TFILE, "value",
	  "Number read from the track_file." },
	{ "vigil_track_process_count", "gauge", SRC_TPROC, "count",
	  "Processes matching the vrrp_track_process." },
	{ "vigil_real_server_weight", "gauge", SRC_RS, "weight",
	  "Effective weight of the real server." },
	{ "vigil_checker_attempts_total", "counter", SRC_CHECKER, "attempts",
	  "Health check attempts of the real servers' checkers." },
	{ "vigil_checker_failures_total", "counter", SRC_CHECKER, "failures",
	  "Health check attempts that failed." },
	{ "vigil_bfd_up", "gauge", SRC_BFD, "up",
	  "1 while the BFD session is Up, else 0." },
	{ "vigil_bfd_detect_time_microseconds", "gauge", SRC_BFD,
	  "detect_time_us", "Detection time of the BFD session." },
	{ "vigil_bfd_packets_received_total", "counter", SRC_BFD, "rx",
	  "BFD packets taken by the session." },
	{ "vigil_bfd_packets_sent_total", "counter", SRC_BFD, "tx",
	  "BFD packets sent by the session." },
	{ "vigil_bfd_down_total", "counter", SRC_BFD, "downs",
	  "Times the BFD session went Down." },
};

static const char *
jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* A label value with \, " and newline escaped. */
static void
put_label(FILE *out, const char *name, const char *v, bool first)
{
	fprintf(out, "%s%s=\"", first ? "" : ",", name);
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			fprintf(out, "\\%c", *v);
		else if (*v == '\n')
			fputs("\\n", out);
		else
			fputc(*v, out);
	}
	fputc('"', out);
}

static void
put_value(FILE *out, json_t *v)
{
	if (json_is_integer(v))
		fprintf(out, " %lld\n", (long long)json_integer_value(v));
	else
		fprintf(out, " %.3f\n", json_number_value(v));
}

static void
put_header(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* The labels that name an object of src. */
static void
put_labels(FILE *out, enum src src, json_t *o, json_t *owner)
{
	if (src == SRC_CHECKER)
		return;
	fputc('{', out);
	switch (src) {
	case SRC_INSTANCE:
	case SRC_INST_STATS:
		put_label(out, "instance", jstr(owner, "name"), true);
		break;
	case SRC_SCRIPT:
		put_label(out, "script", jstr(o, "name"), true);
		break;
	case SRC_TFILE:
		put_label(out, "track_file", jstr(o, "name"), true);
		break;
	case SRC_TPROC:
		put_label(out, "track_process", jstr(o, "name"), true);
		break;
	case SRC_VS:
		put_label(out, "virtual_server", jstr(o, "name"), true);
		break;
	case SRC_RS:
		put_label(out, "virtual_server", jstr(owner, "name"), true);
		put_label(out, "real_server", jstr(o, "name"), false);
		break;
	case SRC_BFD:
		put_label(out, "bfd", jstr(o, "name"), true);
		break;
	case SRC_CHECKER:
		break;
	}
	fputc('}', out);
}

static void
put_sample(FILE *out, const struct family *f, json_t *o, json_t *owner)
{
	json_t *v = json_object_get(o, f->key);

	if (!json_is_number(v))
		return;
	fputs(f->name, out);
	put_labels(out, f->src, o, owner);
	put_value(out, v);
}

static void
put_family(FILE *out, json_t *doc, const struct family *f)
{
	json_t *o, *rs;
	size_t i, k;

	put_header(out, f->name, f->type, f->help);
	switch (f->src) {
	case SRC_INSTANCE:
	case SRC_INST_STATS:
		json_array_foreach(json_object_get(doc, "instances"), i, o)
			put_sample(out, f, f->src == SRC_INSTANCE ? o :
			    json_object_get(o, "stats"), o);
		break;
	case SRC_SCRIPT:
	case SRC_TFILE:
	case SRC_TPROC:
	case SRC_VS:
		json_array_foreach(json_object_get(doc, f->src == SRC_SCRIPT ?
		    "scripts" : f->src == SRC_TFILE ? "track_files" :
		    f->src == SRC_TPROC ? "track_processes" :
		    "virtual_servers"), i, o)
			put_sample(out, f, o, NULL);
		break;
	case SRC_RS:
		json_array_foreach(json_object_get(doc, "virtual_servers"), i,
		    o)
			json_array_foreach(json_object_get(o, "real_servers"),
			    k, rs)
				put_sample(out, f, rs, o);
		break;
	case SRC_CHECKER:
		if (json_is_object(o = json_object_get(doc, "checkers")))
			put_sample(out, f, o, NULL);
		break;
	case SRC_BFD:
		json_array_foreach(json_object_get(doc, "bfd"), i, o)
			put_sample(out, f, o, NULL);
		break;
	}
}

/* vigil_vrrp_state{instance, state} 1 for the state it is in, 0 for the
 * others, so that alerts can match on the state label. */
static void
put_states(FILE *out, json_t *doc)
{
	static const char *const states[] = { "INIT", "BACKUP", "MASTER",
	    "FAULT", NULL };
	json_t *o;
	size_t i;
	int s;

	put_header(out, "vigil_vrrp_state", "gauge",
	    "1 for the VRRP state the instance is in, 0 for the others.");
	json_array_foreach(json_object_get(doc, "instances"), i, o) {
		for (s = 0; states[s] != NULL; s++) {
			fputs("vigil_vrrp_state{", out);
			put_label(out, "instance", jstr(o, "name"), true);
			put_label(out, "interface", jstr(o, "interface"),
			    false);
			fprintf(out, ",vrid=\"%lld\"", (long long)
			    json_integer_value(json_object_get(o, "vrid")));
			put_label(out, "state", states[s], false);
			fprintf(out, "} %d\n", strcmp(jstr(o, "state"),
			    states[s]) == 0);
		}
	}
}

/* Receive errors by reason; 1/0 gauges of scripts and servers. */
static void
put_labelled(FILE *out, json_t *doc)
{
	json_t *o, *rx, *v, *rs;
	const char *reason;
	size_t i, k;

	put_header(out, "vigil_vrrp_receive_errors_total", "counter",
	    "Advertisements received and dropped, by reason.");
	json_array_foreach(json_object_get(doc, "instances"), i, o) {
		rx = json_object_get(json_object_get(o, "stats"), "rx_errors");
		json_object_foreach(rx, reason, v) {
			fputs("vigil_vrrp_receive_errors_total{", out);
			put_label(out, "instance", jstr(o, "name"), true);
			put_label(out, "reason", reason, false);
			fputc('}', out);
			put_value(out, v);
		}
	}
	put_header(out, "vigil_script_up", "gauge", "1 when the vrrp_script "
	    "succeeds, 0 when it fails, -1 before its first result.");
	json_array_foreach(json_object_get(doc, "scripts"), i, o) {
		fputs("vigil_script_up{", out);
		put_label(out, "script", jstr(o, "name"), true);
		fprintf(out, "} %d\n", strcmp(jstr(o, "state"), "GOOD") == 0 ?
		    1 : strcmp(jstr(o, "state"), "BAD") == 0 ? 0 : -1);
	}
	put_header(out, "vigil_virtual_server_up", "gauge",
	    "1 while the virtual server holds its quorum.");
	json_array_foreach(json_object_get(doc, "virtual_servers"), i, o) {
		fputs("vigil_virtual_server_up{", out);
		put_label(out, "virtual_server", jstr(o, "name"), true);
		fprintf(out, "} %d\n", strcmp(jstr(o, "state"), "UP") == 0);
	}
	put_header(out, "vigil_real_server_up", "gauge",
	    "1 while the real server's checkers succeed.");
	json_array_foreach(json_object_get(doc, "virtual_servers"), i, o) {
		json_array_foreach(json_object_get(o, "real_servers"), k, rs) {
			fputs("vigil_real_server_up{", out);
			put_label(out, "virtual_server", jstr(o, "name"), true);
			put_label(out, "real_server", jstr(rs, "name"), false);
			fprintf(out, "} %d\n", strcmp(jstr(rs, "state"),
			    "UP") == 0);
		}
	}
}

void
ctl_metrics_write(json_t *doc, FILE *out)
{
	size_t i;

	put_states(out, doc);
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		put_family(out, doc, &families[i]);
	put_labelled(out, doc);
}

/* The metrics text, or NULL (vigild not reached: said on stderr). */
static char *
metrics_text(const char *path, size_t *len)
{
	const char *error;
	char *text, *buf = NULL;
	json_t *doc;
	FILE *f;

	if ((text = ctl_ask(path, "status", &error)) == NULL)
		return NULL;
	doc = ctl_records_parse(text);
	free(text);
	if ((f = open_memstream(&buf, len)) == NULL) {
		json_decref(doc);
		return NULL;
	}
	ctl_metrics_write(doc, f);
	fclose(f);
	json_decref(doc);
	if (error != NULL)
		fprintf(stderr, "vigilctl: %s\n", error);
	return buf;
}

int
ctl_metrics(const char *path)
{
	size_t len;
	char *text;

	if ((text = metrics_text(path, &len)) == NULL)
		return CTL_EXIT_UNREACHABLE;
	fwrite(text, 1, len, stdout);
	free(text);
	return 0;
}

/* "127.0.0.1:9650", "[::1]:9650" -> a listening socket, or -1. */
static int
http_listen(const char *addr)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
	    .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo *ai;
	char host[256], *port;
	int fd, on = 1, e;

	snprintf(host, sizeof(host), "%s", addr[0] == '[' ? addr + 1 : addr);
	if ((port = strrchr(host, ':')) == NULL) {
		fprintf(stderr, "vigilctl: --listen %s: give address:port\n",
		    addr);
		return -1;
	}
	*port++ = '\0';
	if (port - host >= 2 && port[-2] == ']')
		port[-2] = '\0';
	if ((e = getaddrinfo(host, port, &hints, &ai)) != 0) {
		fprintf(stderr, "vigilctl: --listen %s: %s\n", addr,
		    gai_strerror(e));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on,
	    sizeof(on)) == -1 || bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 ||
	    listen(fd, 16) == -1) {
		fprintf(stderr, "vigilctl: --listen %s: %s\n", addr,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

static void
http_reply(int fd, const char *status, const char *type, const char *body,
    size_t len)
{
	dprintf(fd, "HTTP/1.0 %s\r\nContent-Type: %s\r\nContent-Length: %zu"
	    "\r\nConnection: close\r\n\r\n", status, type, len);
	if (len > 0 && write(fd, body, len) < 0)
		return;
}

/* One scrape: read the request line, answer, close. */
static void
http_serve(const char *path, int fd)
{
	struct timeval tv = { HTTP_TIMEOUT, 0 };
	char req[HTTP_REQ_MAX + 1], *text;
	size_t len = 0, tlen;
	ssize_t n;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (len < HTTP_REQ_MAX && (n = read(fd, req + len,
	    HTTP_REQ_MAX - len)) > 0) {
		len += (size_t)n;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL ||
		    strstr(req, "\n\n") != NULL)
			break;
	}
	req[len] = '\0';
	if (strncmp(req, "GET /metrics ", 13) != 0 &&
	    strncmp(req, "GET / ", 6) != 0) {
		http_reply(fd, "404 Not Found", "text/plain", "not found\n",
		    10);
		return;
	}
	if ((text = metrics_text(path, &tlen)) == NULL) {
		http_reply(fd, "503 Service Unavailable", "text/plain",
		    "vigild not reached\n", 19);
		return;
	}
	http_reply(fd, "200 OK", "text/plain; version=0.0.4; charset=utf-8",
	    text, tlen);
	free(text);
}

int
ctl_metrics_listen(const char *path, const char *addr)
{
	int lfd, fd;

	if ((lfd = http_listen(addr)) == -1)
		return CTL_EXIT_UNREACHABLE;
	signal(SIGPIPE, SIG_IGN);
	fprintf(stderr, "vigilctl: serving metrics on http://%s/metrics\n",
	    addr);
	for (;;) {
		if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			fprintf(stderr, "vigilctl: accept: %s\n",
			    strerror(errno));
			return CTL_EXIT_UNREACHABLE;
		}
		http_serve(path, fd);
		close(fd);
	}
}
