/* Events for `vigilctl events`, child side: built with jansson, sent to
 * the parent as one line of JSON (common/event.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/event.h"
#include "common/ipc.h"
#include "common/log.h"
#include "common/proc.h"

json_t *
evt_new(const char *type)
{
	struct timespec ts;
	json_t *o = json_object();

	clock_gettime(CLOCK_REALTIME, &ts);
	evt_set(o, "time", json_real((double)ts.tv_sec +
	    (double)(ts.tv_nsec / 1000) / 1e6));
	evt_set_str(o, "type", type);
	return o;
}

void
evt_set(json_t *o, const char *key, json_t *value)
{
	if (o == NULL || value == NULL || json_object_set_new(o, key, value))
		fatalx("event: out of memory");
}

void
evt_set_str(json_t *o, const char *key, const char *value)
{
	evt_set(o, key, json_string(value != NULL ? value : ""));
}

void
evt_set_int(json_t *o, const char *key, long long value)
{
	evt_set(o, key, json_integer(value));
}

void
evt_send(json_t *o)
{
	struct proc_env *env = proc_env();
	char *text;

	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(16));
	json_decref(o);
	if (text == NULL)
		fatalx("event: out of memory");
	if (env != NULL && env->core != NULL && strlen(text) < IPC_MAX_PAYLOAD)
		ipc_send(env->core, MSG_EVENT, text, strlen(text));
	free(text);
}
