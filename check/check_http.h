/*
 * HTTP_GET and SSL_GET beyond check_probe.h: the TLS context the
 * scheduler builds once from the SSL { } block, the hooks vigild
 * --genhash watches a fetch through, and the HTTP text of a probe (the
 * request it sends, the response it reads) as pure functions that the
 * unit tests and the fuzzer drive without a network.
 */
#ifndef VIGIL_CHECK_HTTP_H
#define VIGIL_CHECK_HTTP_H

#include <sys/socket.h>

#include <netinet/in.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/check_probe.h"

/*
 * The client context of every SSL_GET, from the SSL block's ca,
 * certificate, key and password (NULL: not given). Certificates are not
 * verified unless ca is given; with ca, the server's chain must lead to
 * it (keepalived loads ca but never checks the chain). NULL after
 * logging why (a file that does not load). Free with SSL_CTX_free();
 * probes hold their own reference.
 */
struct ssl_ctx_st *check_http_ssl_ctx(const char *ca, const char *cert,
	    const char *key, const char *password);

/*
 * What vigild --genhash sees of a fetch. With an observer, a probe
 * fetches its urls as usual but accepts any status code, always reads
 * and hashes the body, and compares no digest: each callback may be
 * NULL.
 */
struct check_http_observer {
	void	(*request)(void *arg, const char *text);
	/* A status or header line without CRLF, its first 255 bytes. */
	void	(*header)(void *arg, const char *line);
	void	(*body)(void *arg, const char *data, size_t len);
	void	(*digest)(void *arg, int status, const char *hex);
	void	*arg;
};
struct check_probe *check_http_start_observed(struct event_base *,
	    const struct check_probe_target *, const struct check_http_conf *,
	    const struct check_http_observer *, check_probe_done_fn, void *);

/* vigild --genhash: argv[0] is "--genhash". */
int	check_genhash_main(int argc, char **argv);

/* The request for path: "GET path HTTP/1.x", User-Agent, Connection:
 * close for 1.0C and 1.1, Host. Its length, or -1 if it does not fit. */
#define CHECK_HTTP_REQUEST_MAX	2048
int	check_http_request(char *buf, size_t len, const char *path,
	    int proto, const char *host);

/* The Host header's value for url u of conf c probing dst: u's
 * virtualhost, else c's, else dst's address ("[2001:db8::1]" for IPv6)
 * with ":port" unless port is tls ? 443 : 80. */
#define CHECK_HTTP_HOST_MAX	(INET6_ADDRSTRLEN + 16)
const char *check_http_host(char *buf, size_t len,
	    const struct check_http_url *u, const struct check_http_conf *c,
	    const struct sockaddr_storage *dst, bool tls);

/* Whether code is one that status (8 words, NULL or all zero: 200-299)
 * accepts. */
bool	check_http_status_ok(const uint64_t *status, int code);

/* The response parser: a state machine fed with what the server sends,
 * holding only the first CHECK_HTTP_LINE_KEEP bytes of one line. */
#define CHECK_HTTP_HEADER_MAX	16384	/* status line and headers, or
					 * trailers, in bytes */
#define CHECK_HTTP_CHUNK_LINE_MAX 4096	/* a chunk's size line */
#define CHECK_HTTP_LINE_KEEP	256

enum check_http_state {
	CHECK_HTTP_STATUS,		/* reading the status line */
	CHECK_HTTP_HEADER,		/* header lines */
	CHECK_HTTP_BODY,		/* a body of Content-Length bytes, or
					 * up to the end of the connection */
	CHECK_HTTP_CHUNK_SIZE,		/* chunked: a size line */
	CHECK_HTTP_CHUNK_DATA,		/* a chunk's data */
	CHECK_HTTP_CHUNK_END,		/* the CRLF after it */
	CHECK_HTTP_TRAILER,		/* lines after the last chunk */
	CHECK_HTTP_DONE,		/* the response is complete */
	CHECK_HTTP_ERROR		/* invalid: why says what */
};

struct check_http_resp {
	enum check_http_state	 state;
	int			 status;	/* of the status line */
	int			 minor;		/* HTTP/1.minor */
	bool			 headers_done;	/* empty line read */
	bool			 line_done;	/* the last feed ended a
						 * status or header line:
						 * it is line */
	bool			 chunked;
	bool			 has_length;
	bool			 to_eof;	/* body up to the end */
	uint64_t		 length;	/* Content-Length */
	uint64_t		 left;		/* of the body or chunk */
	uint64_t		 body;		/* body bytes delivered */
	size_t			 head;		/* header bytes */
	size_t			 linelen;	/* kept of this line */
	size_t			 linetotal;	/* read of this line */
	char			 line[CHECK_HTTP_LINE_KEEP];
	char			 why[96];	/* CHECK_HTTP_ERROR */
};

void	check_http_resp_init(struct check_http_resp *);
/* Consume the first bytes of data[0..len): one line, or one span of body
 * returned in *body, *bodylen (0 if none). Returns how many bytes it
 * consumed: 0 only once the state is DONE or ERROR (bytes after a
 * complete response are not looked at). */
size_t	check_http_resp_feed(struct check_http_resp *, const char *data,
	    size_t len, const char **body, size_t *bodylen);
/* The connection ended: NULL if the response is complete (DONE, or a
 * body that runs to the end), else why not (state becomes ERROR). */
const char *check_http_resp_eof(struct check_http_resp *);

/* 16-byte MD5 as 32 lower-case hex digits and a NUL. */
void	check_http_hex(const unsigned char *md, size_t n, char *out);

#endif
