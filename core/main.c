/* vigild: entry point. (Skeleton: -t/-d only; the process model extends it.) */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/log.h"
#include "conf/conf.h"

#define VIGIL_VERSION "0.1.0"
#define VIGIL_DEFAULT_CONF "/etc/vigil/vigil.conf"

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: vigild [-t [-d]] [-f file]\n"
	    "  -f, --use-file=FILE   configuration file (default %s)\n"
	    "  -t, --config-test     check the configuration and exit\n"
	    "  -d, --dump-conf       with -t, print the effective configuration\n"
	    "  -v, --version         print the version and exit\n"
	    "  -h, --help            this help\n", VIGIL_DEFAULT_CONF);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "use-file", required_argument, NULL, 'f' },
		{ "config-test", no_argument, NULL, 't' },
		{ "dump-conf", no_argument, NULL, 'd' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		/* Prints every schema keyword as "block keyword"; used by the
		 * test that checks the man page documents them all. */
		{ "list-keywords", no_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = VIGIL_DEFAULT_CONF;
	bool test = false, dump = false;
	struct conf_load_opts opts = { .check_interfaces = true };
	struct vigil_conf *conf;
	int ch;

	while ((ch = getopt_long(argc, argv, "f:tdvh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f': path = optarg; break;
		case 't': test = true; break;
		case 'd': dump = true; break;
		case 'v': printf("vigild %s\n", VIGIL_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		case 'K': conf_schema_list(stdout); return 0;
		default: usage(stderr); return 1;
		}
	}
	log_init("vigild", true, false);
	if (!test) {
		fprintf(stderr, "vigild: only -t is implemented so far\n");
		return 1;
	}
	conf = conf_load(path, &opts);
	if (conf == NULL)
		return 1;
	if (dump)
		conf_dump(conf, stdout);
	fprintf(stderr, "configuration OK\n");
	conf_free(conf);
	return 0;
}
