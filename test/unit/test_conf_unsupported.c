/*
 * The schema and vigil.conf(5) agree on what vigil does not do:
 * - every keyword the schema accepts without acting on it
 *   (CONF_KW_UNSUPPORTED, or .inert; a deprecated alias of one counts too)
 *   is an `.It Ic KEYWORD` of the page's "Not supported yet" list, and
 *   every keyword of that list is such a keyword;
 * - every deliberately different keyword (.differs) is an item of
 *   MIGRATING FROM KEEPALIVED's "Deliberately different" list, and the
 *   other way round.
 * Run from the top of the tree (test/runtests.sh does), or with
 * VIGIL_MAN naming the page. Each mismatch is printed by name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

#define MAXNAMES	512

struct names {
	const char	*v[MAXNAMES];
	size_t		 n;
};

static bool
names_has(const struct names *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], name) == 0)
			return true;
	return false;
}

static void
names_add(struct names *s, const char *name)
{
	if (names_has(s, name))
		return;
	assert_true(s->n < MAXNAMES);
	s->v[s->n++] = name;
}

/* The schema's two sets, each block once. */
static void
walk(const struct conf_block *blk, const struct conf_block **seen,
    size_t *nseen, struct names *unsup, struct names *differs)
{
	const struct conf_kw *kw, *k;
	size_t i;

	for (i = 0; i < *nseen; i++)
		if (seen[i] == blk)
			return;
	assert_true(*nseen < 256);
	seen[(*nseen)++] = blk;
	for (kw = blk->kws; kw->name != NULL; kw++) {
		k = kw->alias_of != NULL ? conf_kw_find(blk, kw->alias_of) : kw;
		if (k == NULL)
			continue;
		if ((k->flags & CONF_KW_UNSUPPORTED) || k->inert != NULL)
			names_add(unsup, kw->name);
		if (k->differs != NULL)
			names_add(differs, kw->name);
	}
	for (kw = blk->kws; kw->name != NULL; kw++)
		if (kw->sub != NULL && kw->sub->kws != NULL)
			walk(kw->sub, seen, nseen, unsup, differs);
}

/*
 * The `.It Ic NAME` / `.It Cm NAME` items of the subsection titled
 * title (up to the next .Ss or .Sh). Returns whether the title was found.
 */
static bool
man_list(const char *title, struct names *out)
{
	const char *path = getenv("VIGIL_MAN");
	char line[1024], want[256], *p, *e;
	bool in = false, found = false;
	FILE *f;

	if (path == NULL)
		path = "man/vigil.conf.5";
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s (run from the top of the tree)", path);
	snprintf(want, sizeof(want), ".Ss %s\n", title);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strcmp(line, want) == 0) {
			in = found = true;
			continue;
		}
		if (strncmp(line, ".Ss ", 4) == 0 || strncmp(line, ".Sh ", 4) == 0)
			in = false;
		if (!in || (strncmp(line, ".It Ic ", 7) != 0 &&
		    strncmp(line, ".It Cm ", 7) != 0))
			continue;
		p = line + 7;
		e = p + strcspn(p, " \t\n");
		*e = '\0';
		if (!names_has(out, p))
			names_add(out, strdup(p));
	}
	fclose(f);
	return found;
}

/* For the sets man_list made (their names are copies). */
static void
names_free(struct names *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free((char *)s->v[i]);
	s->n = 0;
}

/* Names of a missing from b, printed; their count. */
static size_t
missing(const char *what, const struct names *a, const struct names *b)
{
	size_t i, n = 0;

	for (i = 0; i < a->n; i++)
		if (!names_has(b, a->v[i])) {
			print_error("%s: %s\n", what, a->v[i]);
			n++;
		}
	return n;
}

static void
test_unsupported_documented(void **state)
{
	const struct conf_block *seen[256];
	struct names unsup = { 0 }, differs = { 0 }, man_unsup = { 0 },
	    man_differs = { 0 };
	size_t nseen = 0, bad = 0;

	(void)state;
	walk(&conf_root_block, seen, &nseen, &unsup, &differs);
	/* The walk reached the tables (a broken walk finds nothing). */
	assert_true(nseen > 20);
	assert_true(names_has(&differs, "enable_dbus"));
	assert_true(names_has(&differs, "vrrp_iptables"));

	assert_true(man_list("Not supported yet", &man_unsup));
	assert_true(man_list("Deliberately different", &man_differs));
	bad += missing("not supported yet in the schema, missing from "
	    "vigil.conf(5) \"Not supported yet\"", &unsup, &man_unsup);
	bad += missing("in vigil.conf(5) \"Not supported yet\", but the "
	    "schema supports it (or does not know it)", &man_unsup, &unsup);
	bad += missing("deliberately different in the schema, missing from "
	    "vigil.conf(5) \"Deliberately different\"", &differs,
	    &man_differs);
	bad += missing("in vigil.conf(5) \"Deliberately different\", not "
	    "a .differs keyword of the schema", &man_differs, &differs);
	names_free(&man_unsup);
	names_free(&man_differs);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unsupported_documented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
