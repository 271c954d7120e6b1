/* Unit tests for the lexer and parser: comments, one-line blocks, Unicode
 * spaces, columns, includes, conditional lines and $NAME substitution. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "conf/conf_schema.h"
#include "conf/conf_vrrp.h"
#include "test/unit/conf_helpers.h"

static const char base_multi[] =
    "vrrp_instance VI_1 {\n"
    "    state MASTER\n"
    "    interface lo\n"
    "    virtual_router_id 51\n"
    "    priority 110\n"
    "    authentication {\n"
    "        auth_type PASS\n"
    "        auth_pass 1111\n"
    "    }\n"
    "    virtual_ipaddress {\n"
    "        192.0.2.1/24\n"
    "        192.0.2.2/24\n"
    "    }\n"
    "}\n";

static void
test_oneline_block_equals_multiline(void **state)
{
	const char *one =
	    "vrrp_instance VI_1 { state MASTER interface lo "
	    "virtual_router_id 51 priority 110 authentication { auth_type "
	    "PASS auth_pass 1111 } virtual_ipaddress { 192.0.2.1/24 "
	    "192.0.2.2/24 } }\n";
	struct vigil_conf *a, *b;
	char *da, *db;

	(void)state;
	a = load_str(base_multi);
	assert_non_null(a);
	b = load_str(one);
	assert_non_null(b);
	assert_int_equal(diags.errors + diags.warnings, 0);
	da = dump_str(a);
	db = dump_str(b);
	assert_string_equal(da, db);
	assert_non_null(strstr(db, "auth_pass 1111"));
	free(da);
	free(db);
	conf_free(a);
	conf_free(b);
}

static void
test_comments(void **state)
{
	struct vigil_conf *c;
	struct conf_vrrp_instance *vi;

	(void)state;
	c = load_str("! header\n# another\nvrrp_instance VI_1 { # c\n"
	    "  interface lo ! trailing\n  virtual_router_id 7   # seven\n"
	    "  priority 100   # the master\n}\n");
	assert_non_null(c);
	vi = TAILQ_FIRST(&c->instances);
	assert_int_equal(vi->vrid, 7);
	assert_int_equal(vi->priority, 100);
	conf_free(c);
}

static void
test_unicode_spaces(void **state)
{
	struct vigil_conf *c;
	struct conf_vrrp_instance *vi;

	(void)state;
	/* "state MASTER" + 4 x U+3000 + "# 主", "priority 110" + 2 x U+00A0 */
	c = load_str("vrrp_instance VI_1 {\n"
	    "    state MASTER\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80"
	    "# \xe4\xb8\xbb\n"
	    "    interface lo\n    virtual_router_id 51\n"
	    "    priority 110\xc2\xa0\xc2\xa0# x\n"
	    "    virtual_ipaddress { 192.0.2.1 }\n}\n");
	assert_non_null(c);
	vi = TAILQ_FIRST(&c->instances);
	assert_int_equal(vi->state, CONF_STATE_MASTER);
	assert_int_equal(vi->priority, 110);
	/* One warning per run, at its first character (column 17). */
	assert_int_equal(diags.warnings, 2);
	assert_true(diag_has("t.conf:2:17: warning: "));
	assert_true(diag_has("U+3000"));
	assert_true(diag_has("t.conf:5:17: warning: "));
	assert_true(diag_has("U+00A0"));
	conf_free(c);
}

static void
test_columns_count_characters(void **state)
{
	struct vigil_conf *c;

	(void)state;
	/* "é" is two bytes but one column: the error is at column 5. */
	c = load_str("\xc3\xa9\xc3\xa9 { }\nvrrp_instance VI_1 {\n"
	    "\t\xc3\xa9 priorty 5\n}\n");
	assert_null(c);
	assert_true(diag_has("t.conf:1:1: error: unknown keyword"));
	assert_true(diag_has("t.conf:3:2: error: unknown keyword"));
}

static void
test_quoted_strings(void **state)
{
	struct vigil_conf *c;
	struct conf_vrrp_script *s;

	(void)state;
	c = load_str("vrrp_script chk { script \"/bin/check -x # not a "
	    "comment\" interval 3 }\n");
	assert_non_null(c);
	s = TAILQ_FIRST(&c->scripts);
	assert_string_equal(s->script, "/bin/check -x # not a comment");
	assert_int_equal(s->interval, 3);
	conf_free(c);
	/* Single quotes quote too; escapes work in both. */
	c = load_str("vrrp_script a { script 'killall -0 nginx' }\n"
	    "vrrp_script b { script /bin/sh -c 'exit 0' }\n"
	    "vrrp_script c { script \"say \\\"hi\\\"\\t\" }\n"
	    "vrrp_script d { script \"\\x41\\x2a\\x2A1\\xg\\101\" }\n");
	assert_non_null(c);
	s = TAILQ_FIRST(&c->scripts);
	assert_string_equal(s->script, "killall -0 nginx");
	s = TAILQ_NEXT(s, entry);
	assert_string_equal(s->script, "/bin/sh -c 'exit 0'");
	s = TAILQ_NEXT(s, entry);
	assert_string_equal(s->script, "say \"hi\"\t");
	s = TAILQ_NEXT(s, entry);
	assert_string_equal(s->script, "A**1xgA");
	conf_free(c);
	/* Quoted parts inside a word, as keepalived.conf(5) shows. */
	c = load_str("global_defs { router_id abcd\" efg h jkl \"mnop }\n");
	assert_non_null(c);
	assert_string_equal(c->global.router_id, "abcd efg h jkl mnop");
	conf_free(c);
}

static void
test_comment_glued(void **state)
{
	struct vigil_conf *c, *again;
	struct conf_vrrp_instance *vi;
	char *d1, *d2;

	(void)state;
	/* keepalived ends a value at '#' or '!' outside double quotes. */
	c = load_str("vrrp_instance VI_1 { interface lo\n"
	    " virtual_router_id 51#x\n priority 100!master\n"
	    " authentication { auth_type PASS\n auth_pass ab#cd\n }\n"
	    " virtual_ipaddress { 192.0.2.1/24 }\n}\n");
	assert_non_null(c);
	vi = TAILQ_FIRST(&c->instances);
	assert_int_equal(vi->vrid, 51);
	assert_int_equal(vi->priority, 100);
	assert_string_equal(vi->auth.pass, "ab");
	assert_int_equal(diags.warnings, 3);
	assert_true(diag_has("t.conf:2:22: warning: '#' starts a comment"));
	assert_true(diag_has("t.conf:3:14: warning: '!' starts a comment"));
	assert_true(diag_has("t.conf:5:14: warning: '#' starts a comment"));
	conf_free(c);
	/* After a space, or at the start of a line: no warning. */
	c = load_str("#a\n!b\nglobal_defs { router_id r1 #c\n}#d\n");
	assert_non_null(c);
	assert_int_equal(diags.warnings, 0);
	conf_free(c);
	/* Single quotes do not protect them (keepalived's rule). */
	assert_null(load_str("global_defs { router_id 'a#b' }\n"));
	assert_true(diag_has("t.conf:1:27: warning: '#' inside single "
	    "quotes starts a comment"));
	assert_true(diag_has("t.conf:1:25: error: missing closing '"));
	/* A backslash does: \" does not end the string (keepalived's
	 * comment scan steps over the character after a backslash), and
	 * \# outside quotes is a '#'. */
	c = load_str("global_defs { router_id \"a\\\"#b\" }\n"
	    "global_defs { smtp_helo_name g\\#h\\!i }\n");
	assert_non_null(c);
	assert_int_equal(diags.warnings, 0);
	assert_string_equal(c->global.router_id, "a\"#b");
	assert_string_equal(c->global.smtp_helo_name, "g#h!i");
	conf_free(c);
	/* A value with '"', '#' and '!' is dumped so that it reads back. */
	c = load_str("global_defs { router_id \"x\\042#y!z 'q'\" }\n");
	assert_non_null(c);
	assert_string_equal(c->global.router_id, "x\"#y!z 'q'");
	d1 = dump_str(c);
	assert_non_null(strstr(d1, "router_id \"x\\042#y!z 'q'\"\n"));
	again = load_str(d1);
	assert_non_null(again);
	d2 = dump_str(again);
	assert_string_equal(d1, d2);
	free(d1);
	free(d2);
	conf_free(again);
	conf_free(c);
}

static void
test_unbalanced(void **state)
{
	(void)state;
	assert_null(load_str("vrrp_instance VI_1 {\n interface lo\n"));
	assert_true(diag_has("t.conf:1:20: error: missing '}'"));
	assert_null(load_str("global_defs {\n}\n}\n"));
	assert_true(diag_has("t.conf:3:1: error: unexpected '}'"));
}

static void
test_conditional_lines(void **state)
{
	struct vigil_conf *c;
	struct conf_vrrp_instance *vi;

	(void)state;
	c = load_str("vrrp_instance VI_1 {\n interface lo\n"
	    " virtual_router_id 1\n@unit priority 170\n@other priority 85\n"
	    "@^unit advert_int 3\n@^other advert_int 2\n}\n");
	assert_non_null(c);
	vi = TAILQ_FIRST(&c->instances);
	assert_int_equal(vi->priority, 170);
	assert_int_equal(vi->advert_int_cs, 200);
	conf_free(c);
}

static void
test_definitions(void **state)
{
	struct vigil_conf *c;
	struct conf_vrrp_instance *vi;

	(void)state;
	c = load_str("$IF=lo\n$PRIO=150\nvrrp_instance VI_1 {\n"
	    " interface $IF\n virtual_router_id 1\n priority ${PRIO}\n}\n");
	assert_non_null(c);
	vi = TAILQ_FIRST(&c->instances);
	assert_string_equal(vi->interface, "lo");
	assert_int_equal(vi->priority, 150);
	conf_free(c);
}

static void
test_multiline_definitions(void **state)
{
	struct vigil_conf *c;
	struct conf_vrrp_instance *vi;
	char buf[64];

	(void)state;
	c = load_str("$BASE=10.2.${SUB}\n$SUB=0\n$IF_UNIT=@unit\n"
	    "$INST= \\\nvrrp_instance VI_${N} { \\\n interface lo \\\n"
	    " virtual_router_id ${N} \\\n $IF_UNIT priority 130 \\\n"
	    " virtual_ipaddress { ${BASE}.${N}/24 } \\\n}\n"
	    "$N=1\n$INST\n$N=2\n$SUB=10\n$INST\n"
	    "vrrp_script s { script \"/bin/echo $HOME ${N} $N.\" }\n");
	assert_non_null(c);
	vi = TAILQ_FIRST(&c->instances);
	assert_string_equal(vi->name, "VI_1");
	assert_int_equal(vi->priority, 130);
	conf_addr_str(&TAILQ_FIRST(&vi->vips)->addr, buf, sizeof(buf));
	assert_string_equal(buf, "10.2.0.1/24");
	vi = TAILQ_NEXT(vi, entry);
	assert_string_equal(vi->name, "VI_2");
	conf_addr_str(&TAILQ_FIRST(&vi->vips)->addr, buf, sizeof(buf));
	assert_string_equal(buf, "10.2.10.2/24");
	/* Undefined names stay; defined ones need a word end or braces. */
	assert_string_equal(TAILQ_FIRST(&c->scripts)->script,
	    "/bin/echo $HOME 2 $N.");
	conf_free(c);
	/* A definition that uses itself stops at the nesting limit. */
	assert_null(load_str("$A=$A x\n$A\n"));
	assert_true(diag_has("nested more than"));
}

static void
test_loops(void **state)
{
	struct vigil_conf *c;
	struct conf_vrrp_instance *vi;
	struct conf_vip *v;
	char buf[64];
	const char *want[] = { "10.0.0.1", "10.0.2.1", "192.168.10.1",
	    "192.168.20.4" };
	size_t i = 0;

	(void)state;
	c = load_str("vrrp_instance VI_1 {\n interface lo\n"
	    " virtual_router_id 1\n virtual_ipaddress {\n"
	    "  ~SEQ(S, 0, 2, 2) 10.0.${S}.1\n"
	    "  ~LST({IP, IP1}, {10,1},{20,4}) 192.168.${IP}.${IP1}\n }\n"
	    " notify \"/bin/echo ${_HASH}${_BANG}${_INSTANCE}\"\n}\n");
	assert_non_null(c);
	vi = TAILQ_FIRST(&c->instances);
	TAILQ_FOREACH(v, &vi->vips, entry) {
		assert_true(i < 4);
		assert_string_equal(conf_addr_str(&v->addr, buf, sizeof(buf)),
		    want[i]);
		i++;
	}
	assert_int_equal(i, 4);
	assert_string_equal(vi->notify, "/bin/echo #!unit");
	conf_free(c);
	assert_null(load_str("~SEQ(X, 1, 0, 5) a\n"));
	assert_true(diag_has("t.conf:1:1: error: ~SEQ: no sensible sequence"));
	assert_null(load_str("~SEQ(X, 1, 1000000) a\n"));
}

/* How many times needle appears in the diagnostics. */
static int
count_of(const char *needle)
{
	const char *p = diags.text;
	int n = 0;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* Write text to dir/name (path: that name, size PATH_SIZE); NULL text
 * makes that directory. */
#define PATH_SIZE	300
static void
put_file(char *path, const char *dir, const char *name, const char *text)
{
	FILE *f;

	snprintf(path, PATH_SIZE, "%s/%s", dir, name);
	if (text == NULL) {
		assert_int_equal(mkdir(path, 0700), 0);
		return;
	}
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void
test_include(void **state)
{
	char dir[] = "/tmp/vigil-unit-XXXXXX", path[PATH_SIZE];
	struct conf_load_opts opts = {
		.diag = diag_collect, .diag_arg = &diags, .config_id = "u",
	};
	struct vigil_conf *c;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put_file(path, dir, "sub", NULL);
	put_file(path, dir, "sub/a.conf",
	    "vrrp_script chk { script /bin/true }\n");
	put_file(path, dir, "sub/b.conf",
	    "vrrp_instance VI_1 {\n interface lo\n virtual_router_id 1\n"
	    " priorty 5\n}\n");
	put_file(path, dir, "main.conf",
	    "include sub/*.conf\ninclude none/*.conf\ninclude main.conf\n"
	    "include a b\ninclude sub/{b,a}.conf\n");
	memset(&diags, 0, sizeof(diags));
	c = conf_load(path, &opts);
	assert_null(c);
	/* The error is reported in the included file, at its line. */
	assert_true(diag_has("/sub/b.conf:4:2: error: unknown keyword "
	    "'priorty' in vrrp_instance; did you mean 'priority'?"));
	assert_true(diag_has("/main.conf:2:1: warning: include none/*.conf: "
	    "no file matches"));
	assert_true(diag_has("/main.conf:3:1: error: include cycle"));
	assert_true(diag_has("/main.conf:4:1: error: include needs exactly "
	    "one file pattern"));
	/* Braces in a pattern are csh alternatives, in their order: the
	 * second include of b.conf reports its error again, a.conf's
	 * script is then defined twice (the same: a warning). */
	assert_int_equal(count_of("'priorty'"), 2);
	assert_true(diag_has("/sub/a.conf:1:1: warning: vrrp_script chk is "
	    "defined again, the same as at"));
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

/* The router_id that text gives. */
static void
c_assert_value(const char *text, const char *want)
{
	struct vigil_conf *c = load_str(text);

	assert_non_null(c);
	assert_string_equal(c->global.router_id, want);
	conf_free(c);
}

/* ${_PWD} is the absolute directory of the file being read, as
 * keepalived's (it changes into that directory). */
static void
test_pwd(void **state)
{
	char dir[] = "/tmp/vigil-unit-XXXXXX", path[PATH_SIZE], *real, *want;
	char *cwd;
	struct conf_load_opts opts = {
		.diag = diag_collect, .diag_arg = &diags, .config_id = "u",
	};
	struct vigil_conf *c;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put_file(path, dir, "sub", NULL);
	put_file(path, dir, "sub/s.conf",
	    "global_defs { smtp_helo_name ${_PWD} }\n");
	put_file(path, dir, "main.conf",
	    "global_defs { router_id ${_PWD} }\ninclude sub/s.conf\n"
	    "global_defs { notification_email_from ${_PWD} }\n");
	/* Read by a relative name, from its directory. */
	assert_non_null(cwd = getcwd(NULL, 0));
	assert_int_equal(chdir(dir), 0);
	memset(&diags, 0, sizeof(diags));
	c = conf_load("main.conf", &opts);
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	assert_non_null(c);
	assert_non_null(real = realpath(dir, NULL));
	assert_string_equal(c->global.router_id, real);
	assert_string_equal(c->global.email_from, real);
	assert_true(asprintf(&want, "%s/sub", real) > 0);
	assert_string_equal(c->global.smtp_helo_name, want);
	free(want);
	free(real);
	conf_free(c);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

/* ${_RANDOM [MIN [MAX]]}: in range, repeatable with random_seed, and
 * replaced by a definition of the same name. */
static void
test_random(void **state)
{
	static const char text[] =
	    "global_defs {\n random_seed 42\n router_id ${_RANDOM 5 9}\n"
	    " smtp_helo_name h${_RANDOM}\n"
	    " notification_email_from ${_RANDOM 7}@$_RANDOM\n}\n";
	struct vigil_conf *a, *b;
	long v;

	(void)state;
	a = load_str(text);
	assert_non_null(a);
	b = load_str(text);
	assert_non_null(b);
	v = strtol(a->global.router_id, NULL, 10);
	assert_true(v >= 5 && v <= 9);
	v = strtol(a->global.smtp_helo_name + 1, NULL, 10);
	assert_true(v >= 0 && v <= 32767);
	assert_string_equal(a->global.router_id, b->global.router_id);
	assert_string_equal(a->global.smtp_helo_name, b->global.smtp_helo_name);
	assert_string_equal(a->global.email_from, b->global.email_from);
	assert_null(strchr(a->global.email_from, '$'));
	conf_free(a);
	conf_free(b);
	c_assert_value("$_RANDOM=4\nglobal_defs { router_id ${_RANDOM} }\n",
	    "4");
	c_assert_value("global_defs { router_id ${_RANDOM 3 3} }\n", "3");
	assert_null(load_str("global_defs { random_seed x1 }\n"));
	assert_true(diag_has("t.conf:1:27: error: random_seed takes one "
	    "number"));
	/* A MIN above MAX, or a number past 4294967295: an error at the
	 * reference (once left as text, it made "does not take a block"). */
	assert_null(load_str("global_defs {\n router_id ${_RANDOM 5 1}\n}\n"));
	assert_true(diag_has("t.conf:2:12: error: ${_RANDOM 5 1}: MIN 5 is "
	    "above MAX 1"));
	assert_false(diag_has("block"));
	assert_null(load_str("global_defs { router_id "
	    "${_RANDOM 1 4294967296} }\n"));
	assert_true(diag_has("t.conf:1:25: error: ${_RANDOM 1 4294967296}: "
	    "MIN and MAX are 0 to 4294967295"));
}

static void
test_hostile_input(void **state)
{
	char buf[4096];
	size_t i;

	(void)state;
	/* Deep nesting, stray braces, NUL bytes: errors, no crash. */
	for (i = 0; i < sizeof(buf) - 1; i++)
		buf[i] = "{}\"x\0\n"[i % 6];
	conf_free(conf_load_buffer("t", buf, sizeof(buf) - 1, &(struct
	    conf_load_opts){ .diag = diag_collect, .diag_arg = &diags }));
	memset(buf, '{', sizeof(buf));
	conf_free(conf_load_buffer("t", buf, sizeof(buf), &(struct
	    conf_load_opts){ .diag = diag_collect, .diag_arg = &diags }));
	memset(&diags, 0, sizeof(diags));
	assert_null(load_str("a {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{}"));
}

/*
 * Repeated diagnostics (conf_diag.c): a deprecated keyword is said once
 * with a count; a glued '#' in full five times, then counted; an error in
 * full each time. All are given out after the load, reading's (lexer,
 * parser) before applying's, although the tree is applied one top-level
 * statement at a time: the parser's '}' error after the last
 * virtual_server comes before the notes of the first ones.
 */
static void
test_repeats_counted(void **state)
{
	const char *text =
	    "virtual_server 192.0.2.10 80 {\n lb_algo rr\n protocol TCP\n"
	    " real_server 198.51.100.1 80 {\n  weight 1#a\n }\n"
	    " real_server 198.51.100.2 80 {\n  weight 1#a\n }\n"
	    " real_server 198.51.100.3 80 {\n  weight 1#a\n }\n"
	    " real_server 198.51.100.4 80 {\n  weight 1#a\n }\n}\n"
	    "virtual_server 192.0.2.11 80 {\n lb_algo rr\n protocol TCP\n"
	    " real_server 198.51.100.5 80 {\n  weight 1#a\n }\n"
	    " real_server 198.51.100.6 80 {\n  weight 1#a\n }\n"
	    " real_server 198.51.100.7 80 {\n  weight 1#a\n }\n"
	    " priorty 1\n priorty 2\n}\n}\n";
	const char *glued5, *more, *brace, *typo1, *typo2, *note;

	(void)state;
	assert_null(load_str(text));
	/* 5 in full + 1 count, 1 note, 3 errors */
	assert_int_equal(diags.warnings, 6);
	assert_int_equal(diags.notes, 1);
	assert_int_equal(diags.errors, 3);
	assert_true(diag_has("t.conf:5:11: warning: '#' starts a comment"));
	glued5 = strstr(diags.text, "t.conf:21:11: warning: '#'");
	more = strstr(diags.text, "t.conf:24:11: warning: '#' starts a "
	    "comment here, so the rest of the line is ignored (as in "
	    "keepalived); put a space before it, or write the value in "
	    "double quotes if '#' belongs to it (2 more times; the first of "
	    "them here)\n");
	assert_false(diag_has("t.conf:27:11:"));
	brace = strstr(diags.text, "t.conf:32:1: error: unexpected '}'\n");
	typo1 = strstr(diags.text, "t.conf:29:2: error: unknown keyword "
	    "'priorty'");
	typo2 = strstr(diags.text, "t.conf:30:2: error: unknown keyword "
	    "'priorty'");
	note = strstr(diags.text, "t.conf:2:2: note: 'lb_algo' is "
	    "deprecated; use 'lvs_sched' (2 uses; the first here)\n");
	assert_non_null(glued5);
	assert_non_null(more);
	assert_non_null(brace);
	assert_non_null(typo1);
	assert_non_null(typo2);
	assert_non_null(note);
	assert_true(glued5 < more && more < brace && brace < note &&
	    note < typo1 && typo1 < typo2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oneline_block_equals_multiline),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_unicode_spaces),
		cmocka_unit_test(test_columns_count_characters),
		cmocka_unit_test(test_quoted_strings),
		cmocka_unit_test(test_comment_glued),
		cmocka_unit_test(test_unbalanced),
		cmocka_unit_test(test_conditional_lines),
		cmocka_unit_test(test_definitions),
		cmocka_unit_test(test_multiline_definitions),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_pwd),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_repeats_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
