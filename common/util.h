/* Small helpers shared by every vigil process. */
#ifndef VIGIL_UTIL_H
#define VIGIL_UTIL_H

#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that never returns NULL: out of memory is fatal. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
int xasprintf(char **ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Levenshtein distance, capped: returns > max as soon as it is exceeded. */
unsigned edit_distance(const char *a, const char *b, unsigned max);

#endif
