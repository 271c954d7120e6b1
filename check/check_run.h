/*
 * The script runner of the check child: every command vigil runs
 * (vrrp_script, notify scripts) starts here.
 *
 * A run forks and execs the command in a process group of its own, as
 * its user, with a clean environment (PATH only), stdin from /dev/null,
 * stdout and stderr into one pipe (the first CHECK_RUN_OUTPUT_MAX bytes
 * are kept, the rest read and dropped) and no other descriptor. The run
 * ends when its process exits, not when the pipe closes, so a
 * background child left holding the pipe never holds up the runner. At
 * its timeout the group gets SIGTERM, then SIGKILL CHECK_RUN_KILL_MS
 * later; a timed-out run's group also gets SIGKILL once its process is
 * reaped, so nothing it started lingers. The process is a child
 * subreaper: what a script leaves running when it exits becomes its
 * child, and every child is reaped from the SIGCHLD handler, so no
 * zombie is left even where init does not reap orphans.
 */
#ifndef VIGIL_CHECK_RUN_H
#define VIGIL_CHECK_RUN_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/check_user.h"

struct event_base;
struct check_run;

#define CHECK_RUN_OUTPUT_MAX	4096
#define CHECK_RUN_KILL_MS	1000	/* SIGTERM to SIGKILL */
#define CHECK_RUN_ARGS_MAX	64
#define CHECK_RUN_PATH		"/usr/local/sbin:/usr/local/bin:/usr/sbin:" \
				"/usr/bin:/sbin:/bin"

/* How a run ended. */
enum check_run_end {
	CHECK_RUN_EXITED,	/* status: its exit status */
	CHECK_RUN_SIGNALLED,	/* status: the signal */
	CHECK_RUN_TIMEOUT,	/* killed at its timeout */
	CHECK_RUN_EXEC_FAILED,	/* status: errno of execve (or of the
				 * user switch) */
	CHECK_RUN_NOT_STARTED,	/* fork or pipe failed: status errno */
};

struct check_run_result {
	enum check_run_end end;
	int		 status;
	const char	*output;	/* NUL-terminated, may be "" */
	size_t		 output_len;
	size_t		 output_dropped;	/* bytes past the bound */
	uint64_t	 elapsed_us;
};

/* Called once per run, after its process was reaped (never from inside
 * check_run_start). */
typedef void (*check_run_done_fn)(void *arg, const struct check_run_result *);

struct check_run_cmd {
	const char	*path;		/* resolved executable */
	char		*const *argv;	/* argv[0] as written, NULL ended */
	const struct check_user *user;	/* who runs it, groups included */
	uint32_t	 timeout_ms;	/* 0: none */
	bool		 term_with_parent; /* SIGTERM when the check child
					 * exits (PR_SET_PDEATHSIG) */
};

/* Set up the SIGCHLD handler on base (once). */
void check_run_init(struct event_base *);
/* Start cmd; done(arg, ...) is called once it ended. NULL only when
 * fork/pipe failed, after logging why; done is then not called. */
struct check_run *check_run_start(const struct check_run_cmd *,
    check_run_done_fn done, void *arg);
/* The run's owner goes away: done will not be called; a running process
 * group gets SIGKILL and is reaped later. */
void check_run_abandon(struct check_run *);
/* Stop waiting for r: done will not be called; its process runs on and
 * is reaped when it exits. */
void check_run_detach(struct check_run *);
/* Processes started and not reaped yet. */
size_t check_run_active(void);
pid_t check_run_pid(const struct check_run *);

/*
 * A command line split into words as keepalived splits a script: blanks
 * separate words, '...' and "..." quote (a backslash escapes the next
 * character outside single quotes). Fills argv (at most max - 1 words
 * and the terminating NULL) with pointers into buf (a copy of line).
 * Returns the word count, -1 for an unterminated quote or too many
 * words, 0 for an empty line.
 */
int check_run_split(const char *line, char *buf, size_t buflen, char **argv,
    size_t max);
/* The executable argv0 names: itself when it holds a '/', else the first
 * regular file of that name in CHECK_RUN_PATH. Returns 0 with path
 * filled, or an errno (ENOENT: found nowhere). */
int check_run_resolve(const char *argv0, char *path, size_t pathlen);

#endif
