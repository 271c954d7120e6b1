/*
 * A small string-keyed hash table (open addressing, FNV-1a) so that the
 * cross-reference pass stays linear on configurations with thousands of
 * instances, scripts and virtual servers.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_schema.h"

static uint32_t
names_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
names_grow(struct conf_names *t)
{
	struct conf_names_slot *old = t->slots;
	size_t oldcap = t->cap, i, j;

	t->cap = t->cap ? t->cap * 2 : 64;
	t->slots = xcalloc(t->cap, sizeof(*t->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].name == NULL)
			continue;
		for (j = names_hash(old[i].name) & (t->cap - 1);
		    t->slots[j].name != NULL; j = (j + 1) & (t->cap - 1))
			;
		t->slots[j] = old[i];
	}
	free(old);
}

void *
conf_names_get(const struct conf_names *t, const char *name)
{
	size_t j;

	if (t->cap == 0)
		return NULL;
	for (j = names_hash(name) & (t->cap - 1); t->slots[j].name != NULL;
	    j = (j + 1) & (t->cap - 1))
		if (strcmp(t->slots[j].name, name) == 0)
			return t->slots[j].value;
	return NULL;
}

void *
conf_names_put(struct conf_names *t, const char *name, void *value)
{
	size_t j;

	if ((t->n + 1) * 2 > t->cap)
		names_grow(t);
	for (j = names_hash(name) & (t->cap - 1); t->slots[j].name != NULL;
	    j = (j + 1) & (t->cap - 1))
		if (strcmp(t->slots[j].name, name) == 0)
			return t->slots[j].value;
	t->slots[j].name = name;
	t->slots[j].value = value;
	t->n++;
	return NULL;
}

/* Every key, for "did you mean" after a failed lookup. */
const char **
conf_names_keys(const struct conf_names *t, size_t *n)
{
	const char **keys = xcalloc(t->n + 1, sizeof(*keys));
	size_t i;

	*n = 0;
	for (i = 0; i < t->cap; i++)
		if (t->slots[i].name != NULL)
			keys[(*n)++] = t->slots[i].name;
	return keys;
}

void
conf_names_free(struct conf_names *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}
