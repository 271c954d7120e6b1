/*
 * vigilctl: asks a running vigild through its control socket (protocol:
 * common/ctl.h) and prints the answer: status and stats as text or JSON,
 * reload with its outcome, the data dump, Prometheus metrics.
 *
 * JSON is built with jansson: a small, well-kept C library packaged by
 * Debian (libjansson-dev) and RPM distributions, with an object model
 * that keeps keys in insertion order, so the output reads like the text.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "common/version.h"
#include "common/ctl.h"
#include "core/vigilctl.h"

#define CTL_EXIT_USAGE		64

static void
usage(FILE *out)
{
	fprintf(out, "usage: vigilctl [-hv] [-s socket] command\n"
	    "  status [--json]    instances, scripts, tracked objects, "
	    "servers\n"
	    "  stats [--json]     counters\n"
	    "  reload             reload the configuration, print its "
	    "errors\n"
	    "  dump [stats]       the data (or stats) dump of SIGUSR1 "
	    "(SIGUSR2)\n"
	    "  events             a JSON line per event as it happens\n"
	    "  metrics [--listen address:port]\n"
	    "                     Prometheus metrics, or serve them over "
	    "HTTP\n"
	    "  snmp-agent [--agentx socket] [--traps]\n"
	    "                     AgentX subagent serving KEEPALIVED-MIB "
	    "(vigild starts it)\n"
	    "  -s socket          control socket (default %s)\n"
	    "  -v, --version      print the version and exit\n",
	    CTL_SOCKET_DEFAULT);
}

/* status, stats: the records, as text or JSON. */
static int
cmd_status(const char *path, bool json, bool stats)
{
	const char *error;
	json_t *doc;
	char *text;

	if ((text = ctl_ask(path, "status", &error)) == NULL)
		return CTL_EXIT_UNREACHABLE;
	doc = ctl_records_parse(text);
	free(text);
	if (json) {
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(9));
		putchar('\n');
	} else if (stats)
		ctl_print_stats(doc, stdout);
	else
		ctl_print_status(doc, stdout);
	json_decref(doc);
	if (error != NULL) {
		fprintf(stderr, "vigilctl: %s\n", error);
		return CTL_EXIT_REFUSED;
	}
	return 0;
}

/* reload: the diagnostics as they are, then the outcome. */
static int
cmd_reload(const char *path)
{
	const char *error;
	char *text;

	if ((text = ctl_ask(path, "reload", &error)) == NULL)
		return CTL_EXIT_UNREACHABLE;
	fputs(text, error != NULL ? stderr : stdout);
	free(text);
	if (error != NULL) {
		fprintf(stderr, "vigilctl: %s\n", error);
		return CTL_EXIT_REFUSED;
	}
	return 0;
}

static int
cmd_dump(const char *path, const char *cmd)
{
	const char *error;
	char *text;

	if ((text = ctl_ask(path, cmd, &error)) == NULL)
		return CTL_EXIT_UNREACHABLE;
	fputs(text, stdout);
	free(text);
	if (error != NULL) {
		fprintf(stderr, "vigilctl: %s\n", error);
		return CTL_EXIT_REFUSED;
	}
	return 0;
}

/* One optional flag after the command. */
static bool
flag(int argc, char *argv[], const char *name, bool *bad)
{
	if (argc == 1)
		return false;
	if (argc == 2 && strcmp(argv[1], name) == 0)
		return true;
	*bad = true;
	return false;
}

int
main(int argc, char *argv[])
{
	const char *path = CTL_SOCKET_DEFAULT, *cmd;
	bool bad = false, on;
	int ch;

	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};

	while ((ch = getopt_long(argc, argv, "+s:hv", longopts, NULL)) != -1) {
		switch (ch) {
		case 's': path = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'v': printf("vigilctl %s\n", VIGIL_VERSION); return 0;
		default: usage(stderr); return CTL_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return CTL_EXIT_USAGE;
	}
	cmd = argv[0];
	if (strcmp(cmd, "status") == 0 || strcmp(cmd, "stats") == 0) {
		on = flag(argc, argv, "--json", &bad);
		if (!bad)
			return cmd_status(path, on, cmd[4] == 's');
	} else if (strcmp(cmd, "reload") == 0 && argc == 1)
		return cmd_reload(path);
	else if (strcmp(cmd, "events") == 0 && argc == 1)
		return ctl_events(path);
	else if (strcmp(cmd, "dump") == 0) {
		on = flag(argc, argv, "stats", &bad);
		if (!bad)
			return cmd_dump(path, on ? "dump stats" : "dump");
	} else if (strcmp(cmd, "snmp-agent") == 0)
		return ctl_snmp_agent(path, argc, argv);
	else if (strcmp(cmd, "metrics") == 0) {
		if (argc == 1)
			return ctl_metrics(path);
		if (argc == 3 && strcmp(argv[1], "--listen") == 0)
			return ctl_metrics_listen(path, argv[2]);
	}
	usage(stderr);
	return CTL_EXIT_USAGE;
}
