/*
 * The checkers' scheduler: when each probe runs and what its results
 * mean.
 *
 * A job is one distinct probe: its checker's parameters (type, target,
 * source, timeouts, retry, delays, urls, command) are its identity, so a
 * real server configured under several virtual servers is probed once
 * and every checker of that identity follows the one verdict. A job
 * keeps its verdict across reloads that leave its identity alone.
 *
 * keepalived 2.2.7's counting: a checker starts up (down with alpha);
 * a failed attempt of an up checker is retried `retry` times,
 * delay_before_retry apart, and only the last failure takes it down;
 * one success brings it up. Between verdicts a job waits delay_loop.
 * HTTP_GET and SSL_GET of a server that is down fetch one url an
 * attempt unless fast_recovery is set (sched_http_urls).
 * The first run of each job comes at a random point of its first
 * delay_loop (of warmup, when given), so that 10,000 checkers do not
 * start in the same millisecond.
 */
#include <arpa/inet.h>
#include <sys/time.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <openssl/ssl.h>

#include "check/check_http.h"
#include "check/check_lvs.h"
#include "check/check_run.h"
#include "check/check_user.h"
#include "common/http_regex.h"
#include "common/ctl.h"
#include "common/ipc.h"
#include "common/log.h"
#include "common/util.h"

#define SCHED_HASH_MIN		64
#define SCHED_LATE_BUCKETS	2000	/* 1 ms each; the last: longer */

struct lvs_job {
	LIST_ENTRY(lvs_job) hash;
	TAILQ_ENTRY(lvs_job) entry;
	uint64_t	 key_hash;
	uint64_t	 extra_hash;	/* urls and command */
	struct msg_conf_check key;	/* rs zeroed */
	uint32_t	 gen;
	TAILQ_HEAD(, lvs_checker) subs;
	/* valid for the current configuration */
	const struct msg_conf_check *conf;
	const struct msg_conf_lvs_cmd *misc;
	struct check_http_url *urls;
	size_t		 nurls;
	struct check_probe_target target;
	char		 name[CHECK_PROBE_NAME_LEN];
	/* state */
	struct check_verdict v;
	int		 weight;	/* misc_dynamic, -1: none */
	int64_t		 due_us;	/* CLOCK_MONOTONIC */
	struct event	*timer;
	struct check_probe *probe;
	struct check_run *run;		/* MISC_CHECK */
	uint64_t	 runs, failures;
	char		 last_why[96];
	/* HTTP_GET, SSL_GET down without fast_recovery: one url an
	 * attempt (sched_http_urls) */
	size_t		 url_next;	/* the url the next attempt fetches */
	bool		 url_paced;	/* the attempt under way fetches one */
};

static struct {
	struct event_base *base;
	LIST_HEAD(, lvs_job) *hash;
	size_t		 nhash;
	TAILQ_HEAD(, lvs_job) jobs;
	size_t		 njobs;
	uint32_t	 gen;
	const struct conf_set *conf;
	size_t		*url_first;	/* per check: index of its first url */
	size_t		*url_count;
	const struct msg_conf_lvs_cmd **misc;	/* per check */
	struct ssl_ctx_st *ssl;
	bool		 ssl_tried;
	struct msg_conf_ssl ssl_conf;	/* what ssl was made from */
	bool		 ssl_had_block;
	uint64_t	 runs, failures, late_sum_us;
	uint64_t	 late[SCHED_LATE_BUCKETS];
	int64_t		 late_max_us;
	/* since the last stats dump */
	uint64_t	 win_runs, win_failures;
	uint64_t	 win_late[SCHED_LATE_BUCKETS];
	int64_t		 win_late_max_us;
} sched = { .jobs = TAILQ_HEAD_INITIALIZER(sched.jobs) };

static void sched_run_cb(int, short, void *);

static int64_t
sched_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static uint64_t
sched_fnv(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;

	while (len-- > 0)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

void
check_sched_init(struct event_base *base)
{
	sched.base = base;
}

/* Per check index: where its urls are, which command it runs. */
static void
sched_index(const struct conf_set *c)
{
	size_t i;

	free(sched.url_first);
	free(sched.url_count);
	free(sched.misc);
	sched.url_first = xcalloc(c->ncheck + 1, sizeof(size_t));
	sched.url_count = xcalloc(c->ncheck + 1, sizeof(size_t));
	sched.misc = xcalloc(c->ncheck + 1, sizeof(*sched.misc));
	for (i = c->nurl; i-- > 0;) {
		sched.url_first[c->url[i].check] = i;
		sched.url_count[c->url[i].check]++;
	}
	for (i = 0; i < c->nlcmd; i++)
		if (c->lcmd[i].kind == LVS_CMD_MISC)
			sched.misc[c->lcmd[i].owner] = &c->lcmd[i];
}

static void
sched_ssl(const struct conf_set *c)
{
	const struct msg_conf_ssl *s = &c->ssl;
	size_t i;

	/* A changed SSL block makes a new context; probes under way hold
	 * their own reference to the old one. */
	if (sched.ssl_tried && (c->has_ssl != sched.ssl_had_block ||
	    memcmp(&c->ssl, &sched.ssl_conf, sizeof(c->ssl)) != 0)) {
		SSL_CTX_free(sched.ssl);
		sched.ssl = NULL;
		sched.ssl_tried = false;
	}
	if (sched.ssl != NULL || sched.ssl_tried)
		return;
	for (i = 0; i < c->ncheck; i++)
		if (c->check[i].type == LVS_CHECK_SSL)
			break;
	if (i == c->ncheck)
		return;
	sched.ssl_tried = true;
	sched.ssl_conf = c->ssl;
	sched.ssl_had_block = c->has_ssl;
	sched.ssl = check_http_ssl_ctx(
	    c->has_ssl && s->ca[0] ? s->ca : NULL,
	    c->has_ssl && s->certificate[0] ? s->certificate : NULL,
	    c->has_ssl && s->key[0] ? s->key : NULL,
	    c->has_ssl && s->password[0] ? s->password : NULL);
	if (sched.ssl == NULL)
		log_warnx("SSL_GET: cannot set up TLS from the SSL block: "
		    "those checks fail");
}

void
check_sched_begin(const struct conf_set *c)
{
	struct lvs_job *j;
	size_t n;

	sched.gen++;
	sched.conf = c;
	sched_index(c);
	sched_ssl(c);
	TAILQ_FOREACH(j, &sched.jobs, entry)
		TAILQ_INIT(&j->subs);
	for (n = SCHED_HASH_MIN; n < c->ncheck; n *= 2)
		;
	if (n > sched.nhash) {
		LIST_HEAD(, lvs_job) *h = xcalloc(n, sizeof(*h));

		free(sched.hash);
		sched.hash = (void *)h;
		sched.nhash = n;
		TAILQ_FOREACH(j, &sched.jobs, entry)
			LIST_INSERT_HEAD(&sched.hash[j->key_hash & (n - 1)], j,
			    hash);
	}
}

static uint64_t
sched_extra_hash(size_t id)
{
	const struct conf_set *c = sched.conf;
	uint64_t h = 0xcbf29ce484222325ULL;
	struct msg_conf_url u;
	size_t i;

	for (i = 0; i < sched.url_count[id]; i++) {
		u = c->url[sched.url_first[id] + i];
		u.check = 0;
		h = sched_fnv(h, &u, sizeof(u));
	}
	if (sched.misc[id] != NULL) {
		struct msg_conf_lvs_cmd m = *sched.misc[id];

		m.owner = 0;
		h = sched_fnv(h, &m, sizeof(m));
	}
	return h;
}

static void
sched_target(struct lvs_job *j)
{
	const struct msg_conf_check *c = j->conf;
	struct check_probe_target *t = &j->target;

	memset(t, 0, sizeof(*t));
	if (c->family == AF_INET) {
		struct sockaddr_in *d = (void *)&t->dst, *s = (void *)&t->src;

		d->sin_family = AF_INET;
		memcpy(&d->sin_addr, c->addr, 4);
		d->sin_port = htons((uint16_t)c->port);
		t->dstlen = sizeof(*d);
		if (c->bind_set || c->bind_port) {
			s->sin_family = AF_INET;
			memcpy(&s->sin_addr, c->bind_addr, 4);
			s->sin_port = htons((uint16_t)c->bind_port);
			t->srclen = sizeof(*s);
		}
	} else if (c->family == AF_INET6) {
		struct sockaddr_in6 *d = (void *)&t->dst, *s = (void *)&t->src;

		d->sin6_family = AF_INET6;
		memcpy(&d->sin6_addr, c->addr, 16);
		d->sin6_port = htons((uint16_t)c->port);
		t->dstlen = sizeof(*d);
		if (c->bind_set || c->bind_port) {
			s->sin6_family = AF_INET6;
			memcpy(&s->sin6_addr, c->bind_addr, 16);
			s->sin6_port = htons((uint16_t)c->bind_port);
			t->srclen = sizeof(*s);
		}
	}
	snprintf(t->bind_if, sizeof(t->bind_if), "%s", c->bind_if);
	t->fwmark = c->fwmark;
	t->timeout_ms = c->connect_timeout_ms > 0 ? c->connect_timeout_ms :
	    5000;
	if (c->type == LVS_CHECK_PING) {	/* no port: "[192.0.2.1]" */
		check_probe_name(&t->dst, IPPROTO_TCP, j->name,
		    sizeof(j->name));
		*strchr(j->name, ']' ) = '\0';
		strcat(j->name, "]");
		if (t->dst.ss_family == AF_INET)
			((struct sockaddr_in *)(void *)&t->dst)->sin_port = 0;
		else
			((struct sockaddr_in6 *)(void *)&t->dst)->sin6_port =
			    0;
		return;
	}
	check_probe_name(&t->dst, c->type == LVS_CHECK_DNS ||
	    c->type == LVS_CHECK_UDP ? IPPROTO_UDP : IPPROTO_TCP, j->name,
	    sizeof(j->name));
}

/* A url's regex, compiled (the parent has compiled it once already). */
static struct http_regex *
sched_regex(const struct msg_conf_url *u)
{
	struct http_regex_conf rc = { 0 };
	struct http_regex *re;
	char why[160];

	if (u->regex[0] == '\0')
		return NULL;
	rc.pattern = u->regex;
	rc.options = u->regex_options;
	rc.no_match = (u->regex_flags & URL_REGEX_F_NO_MATCH) != 0;
	rc.min_offset = u->regex_min_offset;
	rc.max_set = (u->regex_flags & URL_REGEX_F_MAX) != 0;
	rc.max_offset = u->regex_max_offset;
	rc.stack_start = u->regex_stack[0];
	rc.stack_max = u->regex_stack[1];
	if ((re = http_regex_new(&rc, why, sizeof(why))) == NULL)
		log_warnx("url %s: regex: %s", u->path, why);
	return re;
}

static void
sched_free_urls(struct lvs_job *j)
{
	size_t i;

	for (i = 0; i < j->nurls; i++)
		http_regex_free(j->urls[i].regex);
	free(j->urls);
	j->urls = NULL;
	j->nurls = 0;
}

/* Point j at the current configuration's strings. */
static void
sched_bind(struct lvs_job *j, const struct msg_conf_check *c)
{
	const struct conf_set *cs = sched.conf;
	size_t id = (size_t)(c - cs->check), i;
	const struct msg_conf_url *u;

	j->conf = c;
	j->misc = sched.misc[id];
	sched_free_urls(j);
	j->nurls = sched.url_count[id];
	j->urls = j->nurls ? xcalloc(j->nurls, sizeof(*j->urls)) : NULL;
	for (i = 0; i < j->nurls; i++) {
		u = &cs->url[sched.url_first[id] + i];
		j->urls[i].path = u->path;
		j->urls[i].digest = u->digest[0] ? u->digest : NULL;
		j->urls[i].status = u->status;
		j->urls[i].virtualhost = u->virtualhost[0] ? u->virtualhost :
		    NULL;
		j->urls[i].regex = sched_regex(u);
	}
	sched_target(j);
}

static void
sched_arm(struct lvs_job *j, int64_t delay_us)
{
	struct timeval tv;

	if (delay_us < 0)
		delay_us = 0;
	j->due_us = sched_now_us() + delay_us;
	tv.tv_sec = delay_us / 1000000;
	tv.tv_usec = delay_us % 1000000;
	evtimer_add(j->timer, &tv);
}

static void
sched_stop_probe(struct lvs_job *j)
{
	if (j->probe != NULL) {
		check_probe_cancel(j->probe);
		j->probe = NULL;
	}
	if (j->run != NULL) {
		check_run_abandon(j->run);
		j->run = NULL;
	}
}

void
check_sched_attach(struct lvs_checker *chk)
{
	const struct msg_conf_check *c = chk->conf;
	size_t id = (size_t)(c - sched.conf->check);
	struct msg_conf_check key = *c;
	uint64_t h, extra;
	struct lvs_job *j;
	uint32_t first;

	key.rs = 0;
	extra = sched_extra_hash(id);
	h = sched_fnv(extra, &key, sizeof(key));
	LIST_FOREACH(j, &sched.hash[h & (sched.nhash - 1)], hash)
		if (j->key_hash == h && j->extra_hash == extra &&
		    memcmp(&j->key, &key, sizeof(key)) == 0)
			break;
	if (j == NULL) {
		j = xcalloc(1, sizeof(*j));
		j->key = key;
		j->key_hash = h;
		j->extra_hash = extra;
		j->v.up = !(c->flags & CHECK_F_ALPHA);
		j->weight = -1;
		TAILQ_INIT(&j->subs);
		if ((j->timer = evtimer_new(sched.base, sched_run_cb, j)) ==
		    NULL)
			fatalx("cannot create a checker timer");
		LIST_INSERT_HEAD(&sched.hash[h & (sched.nhash - 1)], j, hash);
		TAILQ_INSERT_TAIL(&sched.jobs, j, entry);
		sched.njobs++;
		j->gen = sched.gen;
		sched_bind(j, c);
		first = c->warmup_ms > 0 ? c->warmup_ms : c->delay_loop_ms;
		/* in microseconds, without overflowing 32 bits */
		sched_arm(j, first > 0 ?
		    (int64_t)arc4random_uniform(first) * 1000 +
		    arc4random_uniform(1000) : 0);
	} else if (j->gen != sched.gen) {
		/* Kept from the previous configuration: its strings are
		 * about to go; an attempt under way starts again. */
		j->gen = sched.gen;
		sched_bind(j, c);
		if (j->probe != NULL || j->run != NULL) {
			sched_stop_probe(j);
			sched_arm(j, (int64_t)arc4random_uniform(1000000));
		}
	}
	chk->job = j;
	TAILQ_INSERT_TAIL(&j->subs, chk, entry);
}

static void
sched_free(struct lvs_job *j)
{
	sched_stop_probe(j);
	event_free(j->timer);
	LIST_REMOVE(j, hash);
	TAILQ_REMOVE(&sched.jobs, j, entry);
	sched.njobs--;
	sched_free_urls(j);
	free(j);
}

void
check_sched_commit(void)
{
	struct lvs_job *j, *next;

	for (j = TAILQ_FIRST(&sched.jobs); j != NULL; j = next) {
		next = TAILQ_NEXT(j, entry);
		if (j->gen != sched.gen)
			sched_free(j);
	}
}

bool
check_sched_up(const struct lvs_checker *chk, int *weight)
{
	*weight = chk->job->weight;
	return chk->job->v.up;
}

static const char *
sched_type_name(uint32_t type)
{
	static const char *const names[LVS_CHECK_TYPE_MAX] = {
		[LVS_CHECK_TCP] = "TCP_CHECK", [LVS_CHECK_HTTP] = "HTTP_GET",
		[LVS_CHECK_SSL] = "SSL_GET", [LVS_CHECK_SMTP] = "SMTP_CHECK",
		[LVS_CHECK_DNS] = "DNS_CHECK", [LVS_CHECK_MISC] = "MISC_CHECK",
		[LVS_CHECK_FILE] = "FILE_CHECK",
		[LVS_CHECK_BFD] = "BFD_CHECK",
		[LVS_CHECK_PING] = "PING_CHECK", [LVS_CHECK_UDP] = "UDP_CHECK",
	};

	return type < LVS_CHECK_TYPE_MAX ? names[type] : "?";
}

static void
sched_log_up(const struct lvs_job *j)
{
	switch (j->conf->type) {
	case LVS_CHECK_TCP:
		log_info("TCP connection to %s success.", j->name);
		break;
	case LVS_CHECK_MISC:
		log_info("Misc check for [%s] success.", j->misc != NULL ?
		    j->misc->command : "");
		break;
	default:
		log_info("%s on service %s success.",
		    sched_type_name(j->conf->type), j->name);
	}
}

static void
sched_log_down(const struct lvs_job *j, const char *why)
{
	if (j->conf->type == LVS_CHECK_MISC)
		log_info("Misc check for [%s] failed: %s.", j->misc != NULL ?
		    j->misc->command : "", why);
	else if (j->conf->retry > 0)
		log_info("%s on service %s failed after %u retr%s: %s.",
		    sched_type_name(j->conf->type), j->name, j->conf->retry,
		    j->conf->retry == 1 ? "y" : "ies", why);
	else
		log_info("%s on service %s failed: %s.",
		    sched_type_name(j->conf->type), j->name, why);
}

static void
sched_notify(struct lvs_job *j)
{
	struct lvs_checker *chk;

	TAILQ_FOREACH(chk, &j->subs, entry)
		check_vs_rs_changed(chk->rs);
}

static bool
sched_http(const struct msg_conf_check *c)
{
	return c->type == LVS_CHECK_HTTP || c->type == LVS_CHECK_SSL;
}

/* The wait before an HTTP_GET or SSL_GET of a server that is down tries
 * again after a failure: delay_loop, or delay_before_retry when that is
 * longer (keepalived's rule). */
static int64_t
sched_http_down_delay(const struct msg_conf_check *c)
{
	uint32_t ms = c->delay_before_retry_ms > c->delay_loop_ms ?
	    c->delay_before_retry_ms : c->delay_loop_ms;

	return (int64_t)ms * 1000;
}

/*
 * The urls an HTTP_GET or SSL_GET attempt fetches. While the server is
 * up, or with fast_recovery, all of them in turn, the next as soon as one
 * has passed. While it is down (alpha at start, or after a failure)
 * without fast_recovery, keepalived's pace: one url an attempt,
 * delay_loop apart, the server up once the last has passed; a failure
 * starts again at the first.
 */
static void
sched_http_urls(struct lvs_job *j, struct check_http_conf *hc)
{
	j->url_paced = !j->v.up && j->nurls > 1 &&
	    !(j->conf->flags & CHECK_F_FAST_RECOVERY);
	if (!j->url_paced || j->url_next >= j->nurls)
		j->url_next = 0;
	if (!j->url_paced)
		return;
	hc->urls = j->urls + j->url_next;
	hc->nurls = 1;
	hc->url_base = j->url_next;
}

/* One url of a paced attempt passed, not the last: the next one after
 * delay_loop. */
static void
sched_url_passed(struct lvs_job *j)
{
	const struct msg_conf_check *c = j->conf;
	const char *path = j->urls[j->url_next].path;

	j->runs++;
	sched.runs++;
	sched.win_runs++;
	j->last_why[0] = '\0';
	log_info("%s on service %s: url %zu of %zu (%s) passed, the next "
	    "in %u ms.", sched_type_name(c->type), j->name, j->url_next + 1,
	    j->nurls, path != NULL ? path : "/", c->delay_loop_ms);
	j->url_next++;
	sched_arm(j, (int64_t)c->delay_loop_ms * 1000);
}

/* One attempt's outcome: keepalived's retry counting. */
static void
sched_result(struct lvs_job *j, bool ok, int weight, const char *why)
{
	const struct msg_conf_check *c = j->conf;
	int64_t next = (int64_t)c->delay_loop_ms * 1000;
	bool changed = false;

	j->runs++;
	sched.runs++;
	sched.win_runs++;
	if (!ok) {
		j->failures++;
		sched.failures++;
		sched.win_failures++;
		snprintf(j->last_why, sizeof(j->last_why), "%s", why);
	} else
		j->last_why[0] = '\0';
	switch (check_verdict_step(&j->v, ok, c->retry)) {
	case CHECK_V_UP:
		changed = true;
		sched_log_up(j);
		check_event_checker(sched_type_name(c->type), j->name, true,
		    "");
		break;
	case CHECK_V_DOWN:
		changed = true;
		sched_log_down(j, why);
		check_event_checker(sched_type_name(c->type), j->name, false,
		    why);
		break;
	case CHECK_V_RETRY:
		log_debug("%s on service %s failed (%s), retry %u of %u",
		    sched_type_name(c->type), j->name, why, j->v.fails,
		    c->retry);
		next = (int64_t)c->delay_before_retry_ms * 1000;
		break;
	case CHECK_V_SAME:
		if (!ok && (c->flags & CHECK_F_LOG_ALL))
			sched_log_down(j, why);
		break;
	}
	if (!ok && !j->v.up && sched_http(c))
		next = sched_http_down_delay(c);
	if (ok && weight != j->weight) {
		j->weight = weight;
		changed = true;
	}
	sched_arm(j, next);
	if (changed)
		sched_notify(j);
}

static void
sched_probe_done(void *arg, const struct check_probe_result *r)
{
	struct lvs_job *j = arg;

	j->probe = NULL;
	if (r->ok && j->url_paced && j->url_next + 1 < j->nurls) {
		sched_url_passed(j);
		return;
	}
	j->url_next = 0;
	j->url_paced = false;
	sched_result(j, r->ok, -1, r->why);
}

/* MISC_CHECK: exit 0 up, else down; with misc_dynamic 2-255 up with
 * weight status - 2 (keepalived's rule). */
static void
sched_misc_done(void *arg, const struct check_run_result *r)
{
	struct lvs_job *j = arg;
	bool dyn = j->conf->flags & CHECK_F_MISC_DYNAMIC;
	char why[96];

	j->run = NULL;
	if (r->end == CHECK_RUN_EXITED && r->status == 0)
		sched_result(j, true, -1, "");
	else if (r->end == CHECK_RUN_EXITED && dyn && r->status >= 2)
		sched_result(j, true, r->status - 2, "");
	else {
		if (r->end == CHECK_RUN_EXITED)
			snprintf(why, sizeof(why), "exited with status %d",
			    r->status);
		else if (r->end == CHECK_RUN_TIMEOUT)
			snprintf(why, sizeof(why), "timed out");
		else if (r->end == CHECK_RUN_SIGNALLED)
			snprintf(why, sizeof(why), "killed by signal %d",
			    r->status);
		else
			snprintf(why, sizeof(why), "not run: %s",
			    strerror(r->status));
		sched_result(j, false, -1, why);
	}
}

static void
sched_misc_start(struct lvs_job *j)
{
	const struct conf_set *c = sched.conf;
	char buf[IPC_CMD_LEN], *argv[CHECK_RUN_ARGS_MAX], path[PATH_MAX];
	struct check_run_cmd cmd;
	struct check_user user;
	bool root;
	int e;

	if (j->misc == NULL || check_run_split(j->misc->command, buf,
	    sizeof(buf), argv, CHECK_RUN_ARGS_MAX) <= 0) {
		sched_result(j, false, -1, "cannot split the command");
		return;
	}
	if ((j->misc->flags & LVS_CMD_F_INSECURE) &&
	    c->global.script_security) {
		sched_result(j, false, -1, "not run: its path is insecure "
		    "(enable_script_security)");
		return;
	}
	if (j->misc->user[0] != '\0') {
		if (check_user_lookup(j->misc->user, &user) != 0) {
			sched_result(j, false, -1, "unknown user");
			return;
		}
	} else
		check_user_default(c->global.script_user, &user, &root);
	if ((e = check_run_resolve(argv[0], path, sizeof(path))) != 0) {
		sched_result(j, false, -1, e == ENOENT ? "not found" :
		    strerror(e));
		return;
	}
	memset(&cmd, 0, sizeof(cmd));
	cmd.path = path;
	cmd.argv = argv;
	cmd.user = &user;
	cmd.timeout_ms = j->conf->misc_timeout_ms > 0 ?
	    j->conf->misc_timeout_ms : j->conf->delay_loop_ms;
	cmd.term_with_parent = true;
	if ((j->run = check_run_start(&cmd, sched_misc_done, j)) == NULL)
		sched_result(j, false, -1, "cannot start");
}

static void
sched_late(int64_t late_us)
{
	int64_t ms = late_us / 1000;

	if (late_us < 0)
		late_us = ms = 0;
	if (ms > SCHED_LATE_BUCKETS - 1)
		ms = SCHED_LATE_BUCKETS - 1;
	sched.late[ms]++;
	sched.win_late[ms]++;
	sched.late_sum_us += (uint64_t)late_us;
	if (late_us > sched.late_max_us)
		sched.late_max_us = late_us;
	if (late_us > sched.win_late_max_us)
		sched.win_late_max_us = late_us;
}

/* ha_suspend: a job runs unless every virtual server it serves is
 * suspended. */
static bool
sched_suspended(struct lvs_job *j)
{
	struct lvs_checker *chk;

	TAILQ_FOREACH(chk, &j->subs, entry)
		if (!check_vs_suspended(chk->rs->vs))
			return false;
	return !TAILQ_EMPTY(&j->subs);
}

static void
sched_run_cb(int fd, short what, void *arg)
{
	struct lvs_job *j = arg;
	const struct msg_conf_check *c = j->conf;
	struct check_http_conf hc;
	struct check_udp_conf uc;

	sched_late(sched_now_us() - j->due_us);
	if (sched_suspended(j)) {
		sched_arm(j, (int64_t)c->delay_loop_ms * 1000);
		return;
	}
	switch (c->type) {
	case LVS_CHECK_TCP:
		j->probe = check_tcp_start(sched.base, &j->target,
		    sched_probe_done, j);
		break;
	case LVS_CHECK_HTTP:
	case LVS_CHECK_SSL:
		if (c->type == LVS_CHECK_SSL && sched.ssl == NULL) {
			sched_result(j, false, -1, "no TLS context");
			return;
		}
		memset(&hc, 0, sizeof(hc));
		hc.urls = j->urls;
		hc.nurls = j->nurls;
		hc.virtualhost = c->name[0] ? c->name : NULL;
		hc.proto = (int)c->http_proto;
		hc.ssl = c->type == LVS_CHECK_SSL ? sched.ssl : NULL;
		hc.sni = c->flags & CHECK_F_SNI;
		sched_http_urls(j, &hc);
		j->probe = check_http_start(sched.base, &j->target, &hc,
		    sched_probe_done, j);
		break;
	case LVS_CHECK_SMTP:
		j->probe = check_smtp_probe_start(sched.base, &j->target,
		    c->name[0] ? c->name : NULL, sched_probe_done, j);
		break;
	case LVS_CHECK_DNS:
		j->probe = check_dns_start(sched.base, &j->target,
		    (int)c->dns_type, c->name, sched_probe_done, j);
		break;
	case LVS_CHECK_MISC:
		sched_misc_start(j);
		return;
	case LVS_CHECK_PING:
		j->probe = check_ping_start(sched.base, &j->target,
		    sched_probe_done, j);
		break;
	case LVS_CHECK_UDP:
		memset(&uc, 0, sizeof(uc));
		uc.payload = c->udp_payload;
		uc.payload_len = c->udp_payload_len;
		uc.require_reply = c->udp_require_reply != 0;
		uc.reply = c->udp_reply;
		uc.reply_mask = c->udp_reply_mask;
		uc.reply_len = c->udp_reply_len;
		uc.min_reply_len = c->udp_min_reply;
		uc.max_reply_len = c->udp_max_reply;
		j->probe = check_udp_start(sched.base, &j->target, &uc,
		    sched_probe_done, j);
		break;
	}
	if (j->probe == NULL && c->type != LVS_CHECK_MISC)
		sched_result(j, false, -1, "cannot start the probe");
}

void
check_sched_shutdown(void)
{
	struct lvs_job *j;

	TAILQ_FOREACH(j, &sched.jobs, entry) {
		sched_stop_probe(j);
		evtimer_del(j->timer);
	}
}

size_t
check_sched_jobs(void)
{
	return sched.njobs;
}

static int64_t
sched_late_pct(const uint64_t *late, unsigned pct)
{
	uint64_t n = 0, want, seen = 0;
	size_t i;

	for (i = 0; i < SCHED_LATE_BUCKETS; i++)
		n += late[i];
	if (n == 0)
		return 0;
	want = (n * pct + 99) / 100;
	for (i = 0; i < SCHED_LATE_BUCKETS; i++)
		if ((seen += late[i]) >= want)
			return (int64_t)i;
	return SCHED_LATE_BUCKETS;
}

void
check_sched_dump_stats(struct ipc_chan *c, uint32_t id)
{
	struct lvs_job *j;

	ipc_dump_printf(c, id, " Checkers: probes = %zu, attempts = %llu, "
	    "failed = %llu, late p50 = %lld ms, p99 = %lld ms, max = %lld "
	    "ms\n", sched.njobs, (unsigned long long)sched.runs,
	    (unsigned long long)sched.failures,
	    (long long)sched_late_pct(sched.late, 50),
	    (long long)sched_late_pct(sched.late, 99),
	    (long long)(sched.late_max_us / 1000));
	/* The same since the last dump (benchmarks: a steady window). */
	ipc_dump_printf(c, id, " Checkers since the last dump: attempts = "
	    "%llu, failed = %llu, late p50 = %lld ms, p99 = %lld ms, max = "
	    "%lld ms\n", (unsigned long long)sched.win_runs,
	    (unsigned long long)sched.win_failures,
	    (long long)sched_late_pct(sched.win_late, 50),
	    (long long)sched_late_pct(sched.win_late, 99),
	    (long long)(sched.win_late_max_us / 1000));
	sched.win_runs = sched.win_failures = 0;
	memset(sched.win_late, 0, sizeof(sched.win_late));
	sched.win_late_max_us = 0;
	if (sched.njobs > 64)
		return;
	TAILQ_FOREACH(j, &sched.jobs, entry)
		ipc_dump_printf(c, id, "  %s %s: %s, attempts = %llu, "
		    "failed = %llu%s%s\n", sched_type_name(j->conf->type),
		    j->name, j->v.up ? "UP" : "DOWN",
		    (unsigned long long)j->runs,
		    (unsigned long long)j->failures,
		    j->last_why[0] ? ", last failure: " : "", j->last_why);
}

/* vigilctl's record of the checkers' totals (common/ctl.h). */
void
check_sched_status(struct ipc_chan *c, uint32_t id)
{
	ipc_dump_printf(c, id, CTL_REC_CHECKER "\tprobes=%zu\tattempts=%llu"
	    "\tfailures=%llu\n", sched.njobs,
	    (unsigned long long)sched.runs,
	    (unsigned long long)sched.failures);
}
