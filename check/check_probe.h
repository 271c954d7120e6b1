/*
 * One health probe of a real server (TCP_CHECK, HTTP_GET, SSL_GET,
 * SMTP_CHECK, DNS_CHECK, PING_CHECK, UDP_CHECK): connect, talk, decide. Every probe is a state
 * machine on the check child's one event loop; none blocks, none forks,
 * none keeps more than a bounded amount of the server's answer.
 *
 * A probe is started by its family's start function (check_tcp.c,
 * check_http.c, check_smtp_probe.c, check_dns.c, check_ping.c,
 * check_udp.c), ends exactly once by
 * calling its done callback (never from inside the start function), and
 * frees itself after that call. check_probe_cancel() ends it early
 * without calling done. The whole probe, connection included, is bounded
 * by the target's timeout_ms (keepalived's connect_timeout).
 *
 * The scheduler (check_sched.c) decides when to probe and what a result
 * means (retry, delay_before_retry, up and down); probes only answer
 * "did this one attempt succeed, and if not, why".
 */
#ifndef VIGIL_CHECK_PROBE_H
#define VIGIL_CHECK_PROBE_H

#include <sys/socket.h>
#include <net/if.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event;
struct event_base;

/* Where a probe connects, and from where. */
struct check_probe_target {
	struct sockaddr_storage	 dst;		/* connect_ip, connect_port */
	socklen_t		 dstlen;
	struct sockaddr_storage	 src;		/* bindto, bind_port */
	socklen_t		 srclen;	/* 0: the kernel chooses */
	char			 bind_if[IF_NAMESIZE]; /* "": none */
	uint32_t		 fwmark;	/* 0: none (SO_MARK) */
	unsigned int		 timeout_ms;	/* whole probe, > 0 */
};

/* The outcome of one attempt. why says what failed, in words for the
 * log ("connection refused", "timeout", "status 503", "digest
 * mismatch"); "" on success. */
struct check_probe_result {
	bool			 ok;
	int			 weight;	/* MISC_CHECK misc_dynamic: the
						 * weight its exit status gave;
						 * -1: none */
	char			 why[160];
};

typedef void (*check_probe_done_fn)(void *arg,
    const struct check_probe_result *);

/*
 * Every probe's state begins with this header (first member), so that
 * the scheduler can cancel any probe without knowing its family.
 */
struct check_probe {
	void			(*cancel)(struct check_probe *);
	check_probe_done_fn	 done;
	void			*arg;
};

/* End p early: done is not called, everything p holds is freed. */
void	check_probe_cancel(struct check_probe *p);

/* Call p's done with ok/why (printf format), for the families'
 * state machines; the caller frees p after this returns. */
void	check_probe_finish(struct check_probe *p, bool ok, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

/*
 * A non-blocking socket of type (SOCK_STREAM, SOCK_DGRAM) for t, bound
 * to t's source address and interface, marked with t's fwmark, with
 * connect() to t's destination started (EINPROGRESS is not an error).
 * -1 with errno set and *what naming the failed step ("socket",
 * "bind", "SO_BINDTODEVICE", "SO_MARK", "connect").
 */
int	check_probe_socket(const struct check_probe_target *t, int type,
	    const char **what);
/* The same with a protocol (IPPROTO_ICMP for PING_CHECK). */
int	check_probe_socket_proto(const struct check_probe_target *t, int type,
	    int proto, const char **what);

/* errno err as the words of a reason, into buf: "connection refused",
 * or "bind: cannot assign requested address" with step "bind" ("" for
 * none). Returns buf. */
char	*check_probe_errstr(char *buf, size_t len, const char *step, int err);

/* "[192.0.2.1]:tcp:80", keepalived's way of naming a checked service,
 * into buf (at least CHECK_PROBE_NAME_LEN bytes). */
#define CHECK_PROBE_NAME_LEN	64
const char *check_probe_name(const struct sockaddr_storage *ss, int proto,
	    char *buf, size_t len);

/* The families' start functions. Each returns NULL only when it could not
 * even start (out of memory), after logging why; done is then not called. */
struct check_probe *check_tcp_start(struct event_base *,
	    const struct check_probe_target *, check_probe_done_fn, void *);

/* HTTP_GET and SSL_GET: every url is fetched in turn (a connection each,
 * keepalived's way); the probe succeeds only if all of them do. */
struct http_regex;
struct check_http_url {
	const char		*path;
	const char		*digest;	/* 32 lower-case hex, or NULL */
	const uint64_t		*status;	/* bit (code - 100) for codes
						 * 100-599, 8 words; all zero:
						 * 200-299 */
	const char		*virtualhost;	/* NULL: the check's */
	struct http_regex	*regex;		/* NULL: none; the probe
						 * takes a reference */
};

enum check_http_proto { CHECK_HTTP_10, CHECK_HTTP_10C, CHECK_HTTP_11 };

struct ssl_ctx_st;
struct check_http_conf {
	const struct check_http_url *urls;
	size_t			 nurls;
	const char		*virtualhost;	/* Host: header; NULL: the
						 * target's address */
	int			 proto;		/* enum check_http_proto */
	struct ssl_ctx_st	*ssl;		/* NULL: plain HTTP_GET */
	bool			 sni;		/* SSL_GET: send the Host name
						 * as SNI */
	size_t			 url_base;	/* urls[0] is the check's url
						 * url_base + 1 (in reasons) */
};
struct check_probe *check_http_start(struct event_base *,
	    const struct check_probe_target *, const struct check_http_conf *,
	    check_probe_done_fn, void *);

/* SMTP_CHECK: the 220 greeting, HELO helo_name answered 250, QUIT. */
struct check_probe *check_smtp_probe_start(struct event_base *,
	    const struct check_probe_target *, const char *helo_name,
	    check_probe_done_fn, void *);

/* DNS_CHECK: one query of type (1 A, 28 AAAA, ...) for name over UDP. */
struct check_probe *check_dns_start(struct event_base *,
	    const struct check_probe_target *, int type, const char *name,
	    check_probe_done_fn, void *);

/* PING_CHECK: one ICMP or ICMPv6 echo request over an unprivileged ICMP
 * datagram socket, answered by an echo reply within the timeout. */
struct check_probe *check_ping_start(struct event_base *,
	    const struct check_probe_target *, check_probe_done_fn, void *);

/* UDP_CHECK: payload sent in one datagram over a connected UDP socket. */
struct check_udp_conf {
	const uint8_t		*payload;	/* NULL: an empty datagram */
	size_t			 payload_len;
	bool			 require_reply;
	const uint8_t		*reply;		/* compared under reply_mask */
	const uint8_t		*reply_mask;
	size_t			 reply_len;
	size_t			 min_reply_len;
	size_t			 max_reply_len;
};
/* Whether a reply of len bytes satisfies c (pure; check_udp.c). */
bool	check_udp_reply_ok(const struct check_udp_conf *c, const uint8_t *buf,
	    size_t len, char *why, size_t whylen);
struct check_probe *check_udp_start(struct event_base *,
	    const struct check_probe_target *, const struct check_udp_conf *,
	    check_probe_done_fn, void *);

/*
 * A probe over one socket (TCP_CHECK, UDP_CHECK, PING_CHECK): the
 * socket, the event that waits on it, and the timer that bounds the
 * whole probe. The timer also delivers a failure met inside the start
 * function, since done is never called from there. A family's state
 * begins with this (first member) and is allocated by
 * check_sock_probe_new(); check_probe_cancel() and check_sock_probe_end()
 * free all of it.
 */
struct check_sock_probe {
	struct check_probe	 p;		/* first */
	struct event		*ev;		/* on fd; NULL: not armed */
	struct event		*timer;
	int			 fd;		/* -1: none */
	bool			 failed;	/* why holds a failure that the
						 * timer reports */
	bool			 timeout_ok;	/* the timeout is a success
						 * (UDP_CHECK without
						 * require_reply) */
	char			 why[128];
};

/* size bytes (at least sizeof(struct check_sock_probe)), zeroed, with
 * the header, fd -1 and the timer set up. NULL after logging why (name:
 * "TCP_CHECK"...) when out of memory. */
struct check_sock_probe *check_sock_probe_new(struct event_base *,
	    size_t size, const char *name, check_probe_done_fn, void *);
/* Call done with ok/why, then free s. */
void	check_sock_probe_end(struct check_sock_probe *s, bool ok,
	    const char *why);
/* The same with errno err as the reason (check_probe_errstr(), no step). */
void	check_sock_probe_end_errno(struct check_sock_probe *s, int err);
/* Fail s from inside its start function: why (already written) is
 * reported by the timer once the event loop runs. */
void	check_sock_probe_fail_later(struct check_sock_probe *s);
/* The same with errno err as the reason (check_probe_errstr()). */
void	check_sock_probe_fail_errno(struct check_sock_probe *s,
	    const char *step, int err);
/* Wait for what (EV_READ, EV_WRITE; persistent) on s->fd with cb (its
 * arg: s), and start the timeout. On failure s fails later ("out of
 * memory"). */
void	check_sock_probe_arm(struct check_sock_probe *s, short what,
	    void (*cb)(int, short, void *), unsigned int timeout_ms);

#endif
