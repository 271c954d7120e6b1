/* vigild: entry point. Flags, then -t, a child (--proc), or the parent. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "check/check_http.h"
#include "check/check_ipvs.h"
#include "common/ctl.h"
#include "common/log.h"
#include "common/proc.h"
#include "common/proc_tune.h"
#include "common/util.h"
#include "conf/conf.h"
#include "core/core.h"

#include "common/version.h"
#define VIGIL_DEFAULT_CONF "/etc/vigil/vigil.conf"

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: vigild [-CDdGhIlnPRtvx] [-A socket] [-c file] [-f file] "
	    "[-g file]\n              [-i id] [-p file] [-r file] "
	    "[-S facility]\n"
	    "  -f, --use-file=FILE       configuration file (default %s);\n"
	    "                            with -t, once per node to compare "
	    "them\n"
	    "  -P, --vrrp                run the vrrp child only\n"
	    "  -C, --check               run the check child only\n"
	    "  -l, --log-console         log to stderr instead of syslog\n"
	    "  -D, --log-detail          detailed (debug) log messages\n"
	    "  -S, --log-facility=FAC    syslog facility: 0-7, local0-7, "
	    "user, daemon\n"
	    "  -g, --log-file=FILE       log to FILE (FILE_vrrp, FILE_check "
	    "for children)\n"
	    "  -G, --no-syslog           do not log to syslog\n"
	    "  -R, --dont-respawn        do not restart children; stop instead\n"
	    "  -n, --dont-fork           stay in the foreground\n"
	    "  -p, --pid=FILE            pid file (default %s/vigild.pid)\n"
	    "  -r, --vrrp_pid=FILE       vrrp child pid file (default "
	    "%s/vrrp.pid)\n"
	    "  -c, --checkers_pid=FILE   check child pid file (default "
	    "%s/check.pid)\n"
	    "      --control-socket=FILE control socket (default %s)\n"
	    "  -t, --config-test         check the configuration and exit\n"
	    "  -d, --dump-conf           print the effective configuration\n"
	    "  -i, --config-id=ID        use the \"@ID\" lines of the "
	    "configuration\n"
	    "  -I, --dont-release-ipvs   leave the IPVS entries in place at "
	    "stop\n"
	    "      --release             remove the configuration's VIPs and "
	    "VMACs and exit\n"
	    "      --signum=NAME         print the number of the signal that "
	    "asks for NAME:\n"
	    "                            JSON, DATA, STATS, RELOAD, STOP\n"
	    "  -x, --snmp                run the SNMP agent (KEEPALIVED-MIB)\n"
	    "  -A, --snmp-agent-socket=S AgentX master socket (default "
	    "unix:/var/agentx/master)\n"
	    "  -v, --version             print the version and exit\n"
	    "  -h, --help                this help\n", VIGIL_DEFAULT_CONF,
	    VIGIL_RUNDIR, VIGIL_RUNDIR, VIGIL_RUNDIR, CTL_SOCKET_DEFAULT);
}

/*
 * --signum=NAME: the signal that asks vigild for NAME, as keepalived's
 * --signum prints it (tools that drive keepalived ask it this way).
 */
static int
print_signum(const char *name)
{
	static const struct { const char *name; int sig; } sigs[] = {
		{ "DATA", SIGUSR1 }, { "STATS", SIGUSR2 },
		{ "RELOAD", SIGHUP }, { "STOP", SIGTERM },
	};
	size_t i;

	if (strcmp(name, "JSON") == 0) {
		printf("%d\n", CORE_SIG_JSON);
		return 0;
	}
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (strcmp(name, sigs[i].name) == 0) {
			printf("%d\n", sigs[i].sig);
			return 0;
		}
	fprintf(stderr, "vigild: --signum: unknown name %s (JSON, DATA, "
	    "STATS, RELOAD, STOP)\n", name);
	return 1;
}

/* "local3", "3", "user", "daemon" -> LOG_LOCAL3...; -1 if unknown. */
static int
parse_facility(const char *s)
{
	static const int local[] = { LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2,
	    LOG_LOCAL3, LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7 };

	if (s == NULL || strcmp(s, "daemon") == 0)
		return LOG_DAEMON;
	if (strcmp(s, "user") == 0)
		return LOG_USER;
	if (strncmp(s, "local", 5) == 0)
		s += 5;
	if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
		return local[s[0] - '0'];
	return -1;
}

/* -g FILE: this process logs to FILE with "_vrrp" or "_check" inserted
 * before the last '.', through stderr. */
static void
log_to_file(const char *path, const char *suffix)
{
	const char *dot = strrchr(path, '.');
	char *name;
	int fd;

	if (suffix == NULL)
		name = xstrdup(path);
	else if (dot != NULL && strchr(dot, '/') == NULL)
		xasprintf(&name, "%.*s_%s%s", (int)(dot - path), path, suffix,
		    dot);
	else
		xasprintf(&name, "%s_%s", path, suffix);
	fd = open(name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (fd == -1 || dup2(fd, STDERR_FILENO) == -1)
		fatal("log file %s", name);
	close(fd);
	free(name);
}

/* Logging for the parent (p NULL) or a child. */
static void
setup_log(const struct core_opts *o, const struct proc *p)
{
	bool to_stderr = o->log_stderr || o->log_file != NULL || o->no_syslog;

	if (o->log_file != NULL)
		log_to_file(o->log_file, p ? p->name : NULL);
	log_init(p ? p->name : "core", to_stderr, o->debug);
	if (!to_stderr)
		log_set_syslog(p ? p->ident : procs[PROC_CORE].ident,
		    parse_facility(o->facility));
}

/* daemon() changes to /: make a relative path absolute first. */
static const char *
abspath(const char *path)
{
	char cwd[4096];
	char *abs;

	if (path == NULL || path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return path;
	xasprintf(&abs, "%s/%s", cwd, path);
	return abs;
}

/*
 * net_namespace NAME: join it before the configuration is loaded for good
 * (its interfaces are checked there) and before anything is opened or
 * started. -1 (said on stderr) when it cannot be joined.
 */
static int
join_netns(const char *path, const char *config_id, char *why, size_t len)
{
	char *name;
	int rc = 0;

	if ((name = core_netns_peek(path, config_id)) == NULL)
		return 0;
	rc = core_netns_join(name, why, len);
	free(name);
	return rc;
}

/* -t [-d]: each file loaded and checked on its own (its diagnostics, exit
 * 1 if any is unusable); several files, one per node, are then compared
 * (conf_compare_nodes). */
static int
config_test(const char *const *paths, size_t n, bool dump,
    const char *config_id)
{
	struct conf_load_opts opts = { .check_interfaces = true,
	    .config_id = config_id };
	struct vigil_conf **confs = xcalloc(n, sizeof(*confs));
	size_t i, usable = 0;
	char why[600];

	log_init("vigild", true, false);
	if (n == 1 && join_netns(paths[0], config_id, why, sizeof(why)) == -1)
		fprintf(stderr, "warning: %s; interfaces are checked in the "
		    "current namespace\n", why);
	for (i = 0; i < n; i++)
		if ((confs[usable] = conf_load(paths[i], &opts)) != NULL)
			usable++;
	if (dump && usable == 1 && n == 1)
		conf_dump(confs[0], stdout);
	if (usable > 1)
		conf_compare_nodes((const struct vigil_conf *const *)confs,
		    usable, &opts);
	if (usable == n)
		fprintf(stderr, "configuration OK\n");
	for (i = 0; i < usable; i++)
		conf_free(confs[i]);
	free(confs);
	return usable == n ? 0 : 1;
}

/* One line on stderr (and in syslog when that is where logs go). */
static void
startup_error(const struct core_opts *o, const char *fmt, const char *a,
    const char *b)
{
	char line[1024];

	snprintf(line, sizeof(line), fmt, a, b);
	fprintf(stderr, "vigild: %s\n", line);
	if (!o->log_stderr && !o->no_syslog && o->log_file == NULL)
		log_syslog_line(LOG_CRIT, line);
}

static int
check_caps(const struct core_opts *o, const struct vigil_conf *conf)
{
	struct conf_set set[PROC_MAX];
	const char *who = "";
	int cap, i;

	memset(set, 0, sizeof(set));
	conf_build_sets(conf, set, 0);
	cap = conf_missing_cap(set, o, false, &who);
	for (i = 0; i < PROC_MAX; i++)
		conf_set_clear(&set[i]);
	if (cap == -1)
		return 0;
	startup_error(o, "missing capability %s (needed by the %s process)",
	    cap_name(cap), who);
	return VIGIL_EXIT_PERM;
}

/* Diagnostics at start: on stderr, where vigild was started, and in the
 * log too when that is syslog. */
static void
startup_diag(void *arg, enum conf_level level, const char *line)
{
	const struct core_opts *o = arg;

	fprintf(stderr, "%s\n", line);
	if (!o->log_stderr && !o->no_syslog && o->log_file == NULL)
		log_syslog_line(level == CONF_ERROR ? LOG_ERR : LOG_WARNING,
		    line);
}

/*
 * vigild --release: after the whole daemon was killed (SIGKILL of its
 * process group, a cgroup OOM kill), remove from the interfaces the VIPs
 * and VMACs the configuration's instances would hold, and nothing else,
 * as the parent does after a vrrp child crash; the unit runs it as
 * ExecStopPost. Refused while a vigild holds the pid file.
 */
static int
run_release(struct core_opts *o)
{
	struct conf_load_opts lo = { .diag = startup_diag, .diag_arg = o,
	    .config_id = o->config_id };
	struct conf_set set[PROC_MAX];
	struct vigil_conf *conf;
	int lockfd, i;
	char why[600];

	setup_log(o, NULL);
	if (join_netns(o->conf_path, o->config_id, why, sizeof(why)) == -1) {
		startup_error(o, "--release: %s: nothing removed%s", why, "");
		return VIGIL_EXIT_FAILURE;
	}
	core_netns_log();
	/* Loaded first: an instance name changes the pid file's. */
	if ((conf = conf_load(o->conf_path, &lo)) == NULL) {
		startup_error(o, "%s: configuration not usable: nothing "
		    "removed%s", o->conf_path, "");
		return VIGIL_EXIT_CONFIG;
	}
	if (!core_netns_same(conf)) {
		startup_error(o, "--release: %s: net_namespace changed while "
		    "it was read: nothing removed%s", o->conf_path, "");
		conf_free(conf);
		return VIGIL_EXIT_FAILURE;
	}
	core_procs_pidfiles(o, conf);
	if ((lockfd = pidfile_lock(o->pidfile)) == -1) {
		startup_error(o, "--release: a vigild runs (%s is locked): "
		    "nothing removed%s", o->pidfile, "");
		conf_free(conf);
		return VIGIL_EXIT_FAILURE;
	}
	memset(set, 0, sizeof(set));
	conf_build_sets(conf, set, 0);
	log_info("--release: removing the VIPs, virtual routes and rules, "
	    "VMACs and static addresses, routes and rules of %zu instances "
	    "of %s", set[PROC_VRRP].ninst, o->conf_path);
	vip_remove_all(&set[PROC_VRRP]);
	vroute_remove_all(&set[PROC_VRRP], true);
	for (i = 0; i < PROC_MAX; i++)
		conf_set_clear(&set[i]);
	conf_free(conf);
	pidfile_remove(o->pidfile);
	close(lockfd);
	return VIGIL_EXIT_OK;
}

/* The parent: load, check privileges, lock, daemonize, run. */
static int
run_daemon(struct core_opts *o, bool dump)
{
	struct conf_load_opts lo = { .diag = startup_diag, .diag_arg = o,
	    .check_interfaces = true, .config_id = o->config_id };
	struct vigil_conf *conf;
	int code, lockfd, i;
	char why[600];

	setup_log(o, NULL);
	if (join_netns(o->conf_path, o->config_id, why, sizeof(why)) == -1) {
		startup_error(o, "%s%s", why, "");
		return VIGIL_EXIT_FAILURE;
	}
	if ((conf = conf_load(o->conf_path, &lo)) == NULL) {
		startup_error(o, "%s: configuration not usable%s", o->conf_path,
		    "");
		return VIGIL_EXIT_CONFIG;
	}
	/* Never run in a namespace other than the one it names. */
	if (!core_netns_same(conf)) {
		startup_error(o, "%s: net_namespace changed while it was "
		    "read%s", o->conf_path, "");
		conf_free(conf);
		return VIGIL_EXIT_FAILURE;
	}
	if (dump)
		conf_dump(conf, stdout);
	core_procs_pidfiles(o, conf);
	if ((code = check_caps(o, conf)) != 0 ||
	    (lockfd = pidfile_lock(o->pidfile)) == -1) {
		conf_free(conf);
		return code != 0 ? code : VIGIL_EXIT_FAILURE;
	}
	if (!o->foreground) {
		if (daemon(0, o->log_stderr) == -1)
			fatal("daemon");
		if (o->log_file != NULL && !o->log_stderr)
			log_to_file(o->log_file, NULL);	/* stderr is /dev/null */
	}
	pidfile_write(o->pidfile, getpid());
	log_info("vigild %s starting (pid %d)", VIGIL_VERSION, (int)getpid());
	core_netns_log();
	code = core_run(o, conf);
	for (i = PROC_VRRP; i < PROC_MAX; i++)
		if (o->child_pidfile[i] != NULL)
			pidfile_remove(o->child_pidfile[i]);
	pidfile_remove(o->pidfile);
	close(lockfd);
	return code;
}

/* What the command line asks for besides core_opts. */
struct args {
	const char	**files;	/* -f, in order; nfiles > 1 only with -t */
	size_t		 nfiles;
	const struct proc *child;	/* --proc=NAME */
	struct proc_cred cred;		/* --user=UID:GID */
	bool		 test;
	bool		 dump;
	bool		 lvs;
	bool		 release;	/* --release */
};

static const struct option longopts[] = {
	{ "use-file", required_argument, NULL, 'f' },
	{ "vrrp", no_argument, NULL, 'P' },
	{ "check", no_argument, NULL, 'C' },
	{ "log-console", no_argument, NULL, 'l' },
	{ "log-detail", no_argument, NULL, 'D' },
	{ "log-facility", required_argument, NULL, 'S' },
	{ "log-file", required_argument, NULL, 'g' },
	{ "no-syslog", no_argument, NULL, 'G' },
	{ "dont-respawn", no_argument, NULL, 'R' },
	{ "dont-fork", no_argument, NULL, 'n' },
	{ "pid", required_argument, NULL, 'p' },
	{ "control-socket", required_argument, NULL, 's' },
	{ "vrrp_pid", required_argument, NULL, 'r' },
	{ "checkers_pid", required_argument, NULL, 'c' },
	{ "config-test", no_argument, NULL, 't' },
	{ "dump-conf", no_argument, NULL, 'd' },
	{ "config-id", required_argument, NULL, 'i' },
	{ "dont-release-ipvs", no_argument, NULL, 'I' },
	{ "release", no_argument, NULL, 'E' },
	{ "signum", required_argument, NULL, 'N' },
	{ "snmp", no_argument, NULL, 'x' },
	{ "snmp-agent-socket", required_argument, NULL, 'A' },
	{ "version", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	/* Prints every schema keyword as "block keyword"; used by the
	 * test that checks the man page documents them all. */
	{ "list-keywords", no_argument, NULL, 'K' },
	/* Internal: how the parent starts its children. */
	{ "proc", required_argument, NULL, 'X' },
	{ "lvs", no_argument, NULL, 'L' },
	{ "user", required_argument, NULL, 'U' },
	{ "tune", required_argument, NULL, 'Y' },
	{ "ipvs-netns", required_argument, NULL, 'W' },
	{ NULL, 0, NULL, 0 }
};

/* Parse the command line: -1 to go on, else the exit status. */
/* --user=UID:GID, which the parent gives its children. */
static int
parse_cred(const char *s, struct proc_cred *c)
{
	unsigned long u, g;
	char *end;

	errno = 0;
	u = strtoul(s, &end, 10);
	if (end == s || *end != ':' || errno != 0 || u > UINT32_MAX - 1)
		return -1;
	s = end + 1;
	g = strtoul(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || g > UINT32_MAX - 1)
		return -1;
	c->uid = (uid_t)u;
	c->gid = (gid_t)g;
	c->set = true;
	return 0;
}

static int
parse_args(int argc, char *argv[], struct core_opts *o, struct args *a)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "f:PClDS:g:GRnp:r:c:tdi:IvhxA:",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			a->files = xreallocarray(a->files, a->nfiles + 1,
			    sizeof(*a->files));
			a->files[a->nfiles++] = o->conf_path = optarg;
			break;
		case 'P': o->only[PROC_VRRP] = true; break;
		case 'C': o->only[PROC_CHECK] = true; break;
		case 'l': o->log_stderr = true; break;
		case 'D': o->debug = true; break;
		case 'S': o->facility = optarg; break;
		case 'g': o->log_file = optarg; break;
		case 'G': o->no_syslog = true; break;
		case 'R': o->respawn = false; break;
		case 'n': o->foreground = true; break;
		case 'p': o->pidfile = optarg; break;
		case 's': o->ctl_path = optarg; break;
		case 'r': o->child_pidfile[PROC_VRRP] = optarg; break;
		case 'c': o->child_pidfile[PROC_CHECK] = optarg; break;
		case 't': a->test = true; break;
		case 'd': a->dump = true; break;
		case 'i': o->config_id = optarg; break;
		case 'I': o->keep_ipvs = true; break;
		case 'x': o->snmp = true; break;
		case 'A': o->snmp_socket = optarg; break;
		case 'E': a->release = true; break;
		case 'N': return print_signum(optarg);
		case 'v': printf("vigild %s\n", VIGIL_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		case 'K': conf_schema_list(stdout); return 0;
		case 'X':
			a->child = proc_by_name(optarg);
			if (a->child == NULL || a->child->id == PROC_CORE) {
				fprintf(stderr, "vigild: no process %s\n",
				    optarg);
				return 1;
			}
			break;
		case 'L': a->lvs = true; break;
		case 'W': check_ipvs_netns_arg(optarg); break;
		case 'U':
			if (parse_cred(optarg, &a->cred) == -1) {
				fprintf(stderr, "vigild: bad --user %s\n",
				    optarg);
				return 1;
			}
			break;
		case 'Y':
			if (proc_tune_arg(optarg) == -1) {
				fprintf(stderr, "vigild: bad --tune %s\n",
				    optarg);
				return 1;
			}
			break;
		default: usage(stderr); return 1;
		}
	}
	if (argc != optind) {
		usage(stderr);
		return 1;
	}
	if (a->nfiles > 1 && !a->test) {
		fprintf(stderr, "vigild: -f given %zu times: only -t takes "
		    "several files (one per node, to compare them)\n",
		    a->nfiles);
		return 1;
	}
	if (a->nfiles > 1 && a->dump) {
		fprintf(stderr, "vigild: -d prints one configuration: give one "
		    "-f with -t -d\n");
		return 1;
	}
	if (parse_facility(o->facility) == -1) {
		fprintf(stderr, "vigild: unknown syslog facility %s\n",
		    o->facility);
		return 1;
	}
	return -1;
}

int
main(int argc, char *argv[])
{
	struct core_opts o = {
		.conf_path = VIGIL_DEFAULT_CONF,
		.pidfile = VIGIL_RUNDIR "/vigild.pid",
		.child_pidfile = {
			[PROC_VRRP] = VIGIL_RUNDIR "/vrrp.pid",
			[PROC_CHECK] = VIGIL_RUNDIR "/check.pid",
		},
		.respawn = true,
	};
	struct args a = { .child = NULL };
	int code;

	if (argc > 1 && strcmp(argv[1], "--genhash") == 0)
		return check_genhash_main(argc - 1, argv + 1);
	code = parse_args(argc, argv, &o, &a);
	if (code == -1 && a.test)
		code = config_test(a.nfiles > 0 ? a.files : &o.conf_path,
		    a.nfiles > 0 ? a.nfiles : 1, a.dump, o.config_id);
	free(a.files);		/* the names are argv's */
	if (code != -1)
		return code;
	o.conf_path = abspath(o.conf_path);
	o.pidfile = abspath(o.pidfile);
	o.child_pidfile[PROC_VRRP] = abspath(o.child_pidfile[PROC_VRRP]);
	o.child_pidfile[PROC_CHECK] = abspath(o.child_pidfile[PROC_CHECK]);
	o.log_file = abspath(o.log_file);
	o.ctl_path = abspath(o.ctl_path);
	if (a.child != NULL) {
		setup_log(&o, a.child);
		proc_child_run(a.child, a.lvs, &a.cred);
	}
	if (a.release)
		return run_release(&o);
	return run_daemon(&o, a.dump);
}
