/*
 * global_defs keywords about vigild's processes and reloads: the handlers
 * and dumps of those that are not plain types, and the checks made once
 * everything is read. What they do: common/proc_tune.c (the children's
 * scheduling), core/procs_conf.c (the parent's part), core/reload_time.c.
 */
#include <sys/stat.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_global.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

#define FIELD(obj, kw)	((char *)(obj) + (kw)->off)

/* vrrp_cpu_affinity N [N]... */
int
conf_procs_cpus(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	uint64_t *cpus = (uint64_t *)FIELD(obj, kw);
	int64_t cpu;
	size_t i;

	memset(cpus, 0, CONF_CPUS_MAX / 8);
	for (i = 0; i < n->nargs; i++) {
		if (conf_parse_int(ctx, &n->args[i], "CPU number", 0,
		    CONF_CPUS_MAX - 1, &cpu) < 0)
			return -1;
		cpus[cpu / 64] |= (uint64_t)1 << (cpu % 64);
	}
	return 0;
}

void
conf_procs_cpus_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const uint64_t *cpus = (const uint64_t *)((const char *)obj + kw->off);
	bool any = false;
	int cpu;

	for (cpu = 0; cpu < CONF_CPUS_MAX; cpu++) {
		if (!conf_cpu_isset(cpus, cpu))
			continue;
		if (!any) {
			conf_dump_indent(out, depth);
			fputs(kw->name, out);
		}
		any = true;
		fprintf(out, " %d", cpu);
	}
	if (any)
		fputc('\n', out);
}

/*
 * umask NUMBER | BITS: a number in C's notation (0x hex, leading 0
 * octal, else decimal), or names IRUSR ... IXOTH joined by '|', as
 * keepalived takes them (written as one word or with spaces around
 * the '|').
 */
static int
umask_bits(const char *w)
{
	static const char *names[] = { "IXOTH", "IWOTH", "IROTH", "IXGRP",
	    "IWGRP", "IRGRP", "IXUSR", "IWUSR", "IRUSR" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(w, names[i]) == 0)
			return 1 << i;
	return -1;
}

int
conf_procs_umask(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	int *mask = (int *)FIELD(obj, kw), bits, b;
	char buf[256], *p, *w, *save, *end;
	unsigned long v;
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n->nargs; i++)
		len += (size_t)snprintf(buf + len, len < sizeof(buf) ?
		    sizeof(buf) - len : 0, "%s", n->args[i].s);
	if (len >= sizeof(buf)) {
		conf_error(ctx, &n->loc, "umask: too long");
		return -1;
	}
	if (buf[0] >= '0' && buf[0] <= '9') {
		v = strtoul(buf, &end, 0);
		if (*end != '\0' || v > 0777) {
			conf_error(ctx, &n->args[0].loc, "umask: '%s' is not a "
			    "number from 0 to 0777", buf);
			return -1;
		}
		*mask = (int)v;
		return 0;
	}
	bits = 0;
	for (p = buf; (w = strtok_r(p, "|", &save)) != NULL; p = NULL) {
		if ((b = umask_bits(w)) == -1) {
			conf_error(ctx, &n->args[0].loc, "umask: '%s' is none "
			    "of I{R,W,X}{USR,GRP,OTH}", w);
			return -1;
		}
		bits |= b;
	}
	*mask = bits;
	return 0;
}

void
conf_procs_umask_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	conf_dump_indent(out, depth);
	fprintf(out, "%s 0%o\n", kw->name, *(const int *)((const char *)obj +
	    kw->off));
}

/* reload_check_config [LOG_FILE] */
int
conf_procs_check_config(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_procs *p = (struct conf_procs *)(FIELD(obj, kw) -
	    offsetof(struct conf_procs, reload_check_config));

	p->reload_check_config = true;
	free(p->reload_check_log);
	p->reload_check_log = NULL;
	if (n->nargs == 0)
		return 0;
	if (n->args[0].s[0] != '/') {
		conf_error(ctx, &n->args[0].loc, "reload_check_config: %s is "
		    "not an absolute path", n->args[0].s);
		return -1;
	}
	p->reload_check_log = xstrdup(n->args[0].s);
	return 0;
}

void
conf_procs_check_config_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_procs *p = (const struct conf_procs *)((const char *)
	    obj + kw->off - offsetof(struct conf_procs, reload_check_config));

	if (!p->reload_check_config)
		return;
	conf_dump_indent(out, depth);
	fputs(kw->name, out);
	if (p->reload_check_log != NULL) {
		fputc(' ', out);
		conf_dump_str(out, p->reload_check_log);
	}
	fputc('\n', out);
}

/* max_auto_priority [-1..99]: no value is the highest, 99. */
int
conf_procs_auto(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	int64_t v = 99;

	if (n->nargs > 0 && conf_parse_int(ctx, &n->args[0],
	    "max_auto_priority", -1, 99, &v) < 0)
		return -1;
	*(int *)FIELD(obj, kw) = (int)v;
	return 0;
}

void
conf_procs_auto_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	int v = *(const int *)((const char *)obj + kw->off);

	if (v == 0)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s %d\n", kw->name, v);
}

/* Process names, the instance name: what fits a file name and a
 * command name. */
int
conf_procs_name(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	const char *s = *(char **)FIELD(obj, kw);

	if (s == NULL)
		return 0;
	if (s[0] == '\0' || strchr(s, '/') != NULL || strchr(s, ',') != NULL) {
		conf_error(ctx, &n->args[0].loc, "%s: '%s' is empty or has a "
		    "'/' or ','", kw->name, s);
		return -1;
	}
	if (strcmp(kw->name, "instance") != 0 &&
	    strlen(s) > CONF_PROC_NAME_MAX)
		conf_warning(ctx, &n->args[0].loc, "%s: the kernel keeps the "
		    "first %d characters of '%s'", kw->name,
		    CONF_PROC_NAME_MAX, s);
	return 0;
}

static void
procs_check_dir(struct conf_ctx *ctx, const struct conf_loc *loc,
    const char *kw, const char *path, bool parent)
{
	char *dir, *slash;
	struct stat st;

	if (path == NULL)
		return;
	if (path[0] != '/') {
		conf_error(ctx, loc, "%s: %s is not an absolute path", kw,
		    path);
		return;
	}
	dir = xstrdup(path);
	if (parent && (slash = strrchr(dir, '/')) != NULL)
		slash[slash == dir ? 1 : 0] = '\0';
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode))
		conf_warning(ctx, loc, "%s: %s is not a directory%s", kw, dir,
		    parent ? ": the file is not watched until a reload or "
		    "restart finds it" : "");
	free(dir);
}

void
conf_procs_finish(struct conf_ctx *ctx, struct conf_global *g)
{
	struct conf_procs *p = &g->procs;
	const struct conf_loc *loc = &g->obj.loc;

	procs_check_dir(ctx, loc, "reload_time_file", p->reload_time_file,
	    true);
	if (p->config_save_dir != NULL && p->config_save_dir[0] != '/')
		conf_error(ctx, loc, "config_save_dir: %s is not an absolute "
		    "path", p->config_save_dir);
	procs_check_dir(ctx, loc, "tmp_config_directory",
	    p->tmp_config_directory, false);
	if (p->vrrp.nice != 0)
		conf_warning(ctx, loc, "vrrp_priority: the VRRP process runs "
		    "SCHED_RR (priority %d), where a nice value has no effect; "
		    "ignored", p->vrrp.rt_priority ? p->vrrp.rt_priority : 1);
	if (p->reload_repeat && p->reload_time_file == NULL)
		conf_warning(ctx, loc, "reload_repeat without "
		    "reload_time_file: nothing to repeat");
	if (p->data_use_instance && p->instance == NULL)
		conf_note(ctx, loc, "data_use_instance without instance: the "
		    "dump file names stay vigil.data and vigil.stats");
}
