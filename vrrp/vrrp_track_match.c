/*
 * The pure logic of track_file and vrrp_track_process: no I/O, no state,
 * so that unit tests can drive it with any input.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/vrrp_track.h"

#define VRRP_COMM_MAX	15	/* TASK_COMM_LEN - 1: the kernel cuts names */

int
vrrp_tfile_parse(const char *buf, size_t len, int64_t *v)
{
	char tmp[64], *end;
	const char *p;
	long long n;

	/* Leading blanks, then at most a number's worth of characters. */
	while (len > 0 && isspace((unsigned char)*buf)) {
		buf++;
		len--;
	}
	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	if (!isdigit((unsigned char)tmp[0]) && !((tmp[0] == '-' ||
	    tmp[0] == '+') && isdigit((unsigned char)tmp[1])))
		return -1;
	errno = 0;
	n = strtoll(tmp, &end, 10);
	if (errno != 0 || n < INT32_MIN || n > INT32_MAX)
		return -1;
	for (p = end; *p != '\0'; p++)
		if (!isspace((unsigned char)*p))
			return -1;
	*v = n;
	return 0;
}

/* The process line is compared with the command line when it has
 * arguments, param_match or full_command; else the name with comm. */
bool
vrrp_tproc_wants_cmdline(const struct msg_conf_track_process *p)
{
	return p->nwords > 1 ||
	    (p->flags & (TPROC_F_FULL_COMMAND | TPROC_F_PARAM_MATCH));
}

/* comm against the name: a name longer than the kernel keeps is compared
 * by its first 15 characters. */
static bool
vrrp_tproc_comm(const char *name, const char *comm)
{
	size_t n = strlen(name);

	if (n > VRRP_COMM_MAX)
		n = VRRP_COMM_MAX;
	return strlen(comm) == n && strncmp(comm, name, n) == 0;
}

/* Word i of the NUL-separated cmdline (len bytes, the last word possibly
 * unterminated); NULL past the end. wlen: its length. */
static const char *
vrrp_tproc_arg(const char *cmdline, size_t len, size_t i, size_t *wlen)
{
	size_t off = 0, n;

	for (;;) {
		if (off >= len)
			return NULL;
		n = strnlen(cmdline + off, len - off);
		if (i-- == 0) {
			*wlen = n;
			return cmdline + off;
		}
		off += n + 1;
	}
}

static size_t
vrrp_tproc_nargs(const char *cmdline, size_t len)
{
	size_t n = 0, w;

	while (vrrp_tproc_arg(cmdline, len, n, &w) != NULL)
		n++;
	return n;
}

static bool
vrrp_tproc_word_eq(const char *w, size_t wlen, const char *want)
{
	return wlen == strlen(want) && memcmp(w, want, wlen) == 0;
}

/*
 * The command line against the process line: argv[0] equals the name;
 * then, with arguments configured, exact (the default): the same
 * arguments, no more; partial: the configured ones first, any after;
 * initial: the same number, the last one may be longer than configured.
 * Without arguments: any with full_command alone, none with param_match.
 */
static bool
vrrp_tproc_cmdline(const struct msg_conf_track_process *p,
    const char *cmdline, size_t len)
{
	size_t i, wlen, nconf = p->nwords - 1, nargs;
	const char *w, *want;

	if ((w = vrrp_tproc_arg(cmdline, len, 0, &wlen)) == NULL ||
	    !vrrp_tproc_word_eq(w, wlen, conf_tproc_word(p, 0)))
		return false;
	nargs = vrrp_tproc_nargs(cmdline, len) - 1;
	if (nconf == 0)
		return !(p->flags & TPROC_F_PARAM_MATCH) || nargs == 0;
	if (nargs < nconf || (nargs > nconf &&
	    p->param_match != TPROC_MATCH_PARTIAL))
		return false;
	for (i = 1; i <= nconf; i++) {
		w = vrrp_tproc_arg(cmdline, len, i, &wlen);
		want = conf_tproc_word(p, i);
		if (i == nconf && p->param_match == TPROC_MATCH_INITIAL) {
			if (wlen < strlen(want) ||
			    memcmp(w, want, strlen(want)) != 0)
				return false;
		} else if (!vrrp_tproc_word_eq(w, wlen, want))
			return false;
	}
	return true;
}

bool
vrrp_tproc_match(const struct msg_conf_track_process *p, const char *comm,
    const char *cmdline, size_t len)
{
	if (!vrrp_tproc_wants_cmdline(p))
		return comm != NULL && vrrp_tproc_comm(conf_tproc_word(p, 0),
		    comm);
	return cmdline != NULL && len > 0 && vrrp_tproc_cmdline(p, cmdline,
	    len);
}

bool
vrrp_tproc_quorum(const struct msg_conf_track_process *p, uint32_t n)
{
	return n >= p->quorum && n <= p->quorum_max;
}

/* Gaining the quorum waits fork_delay, losing it terminate_delay. */
enum vrrp_tproc_step
vrrp_tproc_step(const struct msg_conf_track_process *p, bool up, bool ok,
    uint64_t *delay_us)
{
	if (ok == up)
		return VRRP_TPROC_KEEP;
	*delay_us = ok ? p->fork_delay_us : p->terminate_delay_us;
	return *delay_us == 0 ? VRRP_TPROC_REPORT : VRRP_TPROC_WAIT;
}

bool
vrrp_track_used(const struct conf_set *s, int type, const char *name)
{
	size_t i;

	for (i = 0; i < s->ntrack; i++)
		if ((int)s->track[i].type == type &&
		    strcmp(s->track[i].name, name) == 0)
			return true;
	return false;
}
