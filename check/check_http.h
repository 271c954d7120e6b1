/* HTTP_GET and SSL_GET (check_http.c). */
#ifndef VIGIL_CHECK_HTTP_H
#define VIGIL_CHECK_HTTP_H

struct ssl_ctx_st;

/* The TLS client context of SSL_GET checks from the SSL block (NULL
 * arguments: none given); NULL when it cannot be set up. */
struct ssl_ctx_st *check_http_ssl_ctx(const char *ca, const char *cert,
    const char *key, const char *password);

#endif
