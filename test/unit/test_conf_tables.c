/* Unit tests of the keyword tables themselves: every table reachable from
 * the top level is well formed (aliases resolve, no duplicates, ranges and
 * scales make sense) and every default parses without a diagnostic. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "conf/conf_priv.h"

static unsigned ndiags;

static void
count_diag(void *arg, enum conf_level level, const char *line)
{
	(void)arg; (void)level;
	print_message("%s\n", line);
	ndiags++;
}

static void
check_table(const struct conf_block *blk)
{
	const struct conf_kw *kw, *k2, *target;
	size_t n = 0;

	for (kw = blk->kws; kw->name != NULL; kw++, n++) {
		for (k2 = kw + 1; k2->name != NULL; k2++)
			if (strcmp(kw->name, k2->name) == 0)
				fail_msg("%s %s: listed twice", blk->name,
				    kw->name);
		if (kw->alias_of != NULL) {
			target = conf_kw_find(blk, kw->alias_of);
			if (target == NULL || target->alias_of != NULL)
				fail_msg("%s %s: alias of a missing keyword",
				    blk->name, kw->name);
		}
		if (kw->type == CONF_T_ENUM && kw->enums == NULL)
			fail_msg("%s %s: enum without values", blk->name,
			    kw->name);
		if (kw->type == CONF_T_DECIMAL && (kw->scale <= 0 ||
		    1000000 % kw->scale != 0))
			fail_msg("%s %s: bad scale", blk->name, kw->name);
		if (kw->min > kw->max)
			fail_msg("%s %s: empty range", blk->name, kw->name);
		if ((kw->type == CONF_T_BLOCK || kw->type == CONF_T_LIST) &&
		    kw->sub == NULL && !(kw->flags & CONF_KW_UNSUPPORTED))
			fail_msg("%s %s: block without a table", blk->name,
			    kw->name);
		if (kw->type == CONF_T_LIST && kw->sub != NULL &&
		    kw->sub->entry == NULL)
			fail_msg("%s %s: list without an entry parser",
			    blk->name, kw->name);
	}
	assert_true(n < CONF_MAX_KW);
}

static void
walk(const struct conf_block *blk, const struct conf_block **seen,
    size_t *nseen)
{
	const struct conf_kw *kw;
	size_t i;

	for (i = 0; i < *nseen; i++)
		if (seen[i] == blk)
			return;
	assert_true(*nseen < 256);
	seen[(*nseen)++] = blk;
	check_table(blk);
	for (kw = blk->kws; kw->name != NULL; kw++)
		if (kw->sub != NULL)
			walk(kw->sub, seen, nseen);
}

static void
test_tables_well_formed(void **state)
{
	const struct conf_block *seen[256];
	size_t nseen = 0;

	(void)state;
	walk(&conf_root_block, seen, &nseen);
	assert_true(nseen > 10);
}

/* Defaults are text in the keyword's own syntax: each must parse. */
static void
test_defaults_parse(void **state)
{
	static const struct conf_block *const blocks[] = {
		&conf_global_block, &conf_vrrp_script_block,
		&conf_vrrp_instance_block, &conf_sync_group_block,
		&conf_track_file_block, &conf_track_process_block,
	};
	struct conf_load_opts opts = { .diag = count_diag };
	struct conf_ctx ctx = { .opts = &opts };
	struct conf_obj *obj;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		obj = calloc(1, blocks[i]->size);
		conf_apply_defaults(&ctx, blocks[i], obj);
		conf_free_fields(blocks[i], obj);
		free(obj);
	}
	assert_int_equal(ndiags, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_well_formed),
		cmocka_unit_test(test_defaults_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
