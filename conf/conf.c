/* Placeholder until the parser lands (replaced by the conf/ work). */
#include "conf.h"

struct vigil_conf *
conf_load(const char *path, const struct conf_load_opts *opts)
{
	(void)opts;
	fprintf(stderr, "%s: error: configuration parser not built yet\n", path);
	return NULL;
}

void
conf_dump(const struct vigil_conf *conf, FILE *out)
{
	(void)conf; (void)out;
}

void
conf_free(struct vigil_conf *conf)
{
	(void)conf;
}

void
conf_schema_list(FILE *out)
{
	(void)out;
}
