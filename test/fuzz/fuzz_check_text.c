/*
 * libFuzzer target over the check child's text parsers: the command line
 * splitter of the script runner (check_run_split), SMTP reply lines
 * (smtp_reply_parse) and the mail body's dot-stuffing (smtp_dot_stuff).
 *
 * Input: byte 0 picks the parser (mod 3); the rest is the text.
 * Checked: split words lie inside the buffer, are NUL-terminated and
 * number what was returned; a parsed reply code is 200..559 and agrees
 * with the line; stuffed text ends with CRLF "." CRLF, every line ends
 * with CRLF, and no line but the last is a lone ".".
 *
 * Build: make fuzz-build; run: test/fuzz/run.sh 60 build-fuzz/fuzz_check_text
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "check/check_run.h"
#include "check/check_smtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_split(const char *text)
{
	char buf[512], *argv[CHECK_RUN_ARGS_MAX];
	int n, i;

	n = check_run_split(text, buf, sizeof(buf), argv, CHECK_RUN_ARGS_MAX);
	if (n < -1 || n >= CHECK_RUN_ARGS_MAX)
		abort();
	if (n < 0)
		return;
	for (i = 0; i < n; i++)
		if (argv[i] < buf || argv[i] + strlen(argv[i]) >=
		    buf + sizeof(buf))
			abort();
	if (argv[n] != NULL)
		abort();
}

static void
fuzz_reply(const char *text, size_t len)
{
	bool last;
	int code;

	if (smtp_reply_parse(text, len, &code, &last) != 0)
		return;
	if (code < 200 || code > 559 || code / 100 != text[0] - '0' ||
	    last != (len == 3 || text[3] == ' '))
		abort();
}

static void
fuzz_stuff(const char *text, size_t len)
{
	struct evbuffer *out = evbuffer_new();
	size_t n, i, start = 0;
	char *p;

	smtp_dot_stuff(out, text, len);
	n = evbuffer_get_length(out);
	p = (char *)evbuffer_pullup(out, -1);
	if (n < 3 || memcmp(p + n - 3, ".\r\n", 3) != 0)
		abort();
	for (i = 0; i < n; i++) {
		if (p[i] == '\r' && (i + 1 >= n || p[i + 1] != '\n'))
			abort();
		if (p[i] == '\n' && (i == 0 || p[i - 1] != '\r'))
			abort();
		if (p[i] == '\n') {
			if (i + 1 < n && i - start == 2 && p[start] == '.')
				abort();	/* a lone "." before the end */
			start = i + 1;
		}
	}
	evbuffer_free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1 || size > 4096)
		return 0;
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 3) {
	case 0:
		fuzz_split(text);
		break;
	case 1:
		fuzz_reply(text, size - 1);
		break;
	default:
		fuzz_stuff(text, size - 1);
		break;
	}
	free(text);
	return 0;
}
