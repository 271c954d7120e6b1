/*
 * libFuzzer target over the configuration language: lexer, parser, schema,
 * cross-reference pass, dump and free (conf_load_buffer, conf_dump,
 * conf_free). Diagnostics are swallowed.
 *
 * Every accepted input must also round-trip: its dump is loaded again and
 * must be accepted and dump to the same text (the property `vigild -t -d`
 * promises); a difference aborts, so the fuzzer reports it as a crash with
 * the input. Set FUZZ_CONF_NO_ROUNDTRIP=1 in the environment to skip it.
 *
 * Build: make fuzz-build; run: test/fuzz/run.sh 60 build-fuzz/fuzz_conf
 * Seeds: test/fuzz/corpus/fuzz_conf/
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int roundtrip = 1;

static void
fuzz_diag(void *arg, enum conf_level level, const char *line)
{
	(void)arg; (void)level; (void)line;
}

static const struct conf_load_opts fuzz_opts = {
	.diag = fuzz_diag,
	.check_interfaces = false,
	.config_id = "fuzz",
};

/* Dump conf into a malloc'ed buffer; NULL on allocation failure. */
static char *
fuzz_dump(const struct vigil_conf *conf, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (f == NULL)
		return NULL;
	conf_dump(conf, f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *e = getenv("FUZZ_CONF_NO_ROUNDTRIP");

	(void)argc; (void)argv;
	if (e != NULL && *e != '\0' && strcmp(e, "0") != 0)
		roundtrip = 0;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil_conf *conf, *again;
	char *d1, *d2;
	size_t l1 = 0, l2 = 0;

	conf = conf_load_buffer("fuzz.conf", (const char *)data, size,
	    &fuzz_opts);
	if (conf == NULL)
		return 0;
	d1 = fuzz_dump(conf, &l1);
	conf_free(conf);
	if (d1 == NULL || !roundtrip) {
		free(d1);
		return 0;
	}

	again = conf_load_buffer("dump.conf", d1, l1, &fuzz_opts);
	if (again == NULL) {
		fprintf(stderr, "fuzz_conf: the dump of an accepted input is "
		    "rejected; dump:\n%.*s\n", (int)l1, d1);
		abort();
	}
	d2 = fuzz_dump(again, &l2);
	conf_free(again);
	if (d2 != NULL && (l1 != l2 || memcmp(d1, d2, l1) != 0)) {
		fprintf(stderr, "fuzz_conf: the dump does not round-trip\n"
		    "--- first dump:\n%.*s\n--- dump of the dump:\n%.*s\n",
		    (int)l1, d1, (int)l2, d2);
		abort();
	}
	free(d1);
	free(d2);
	return 0;
}
