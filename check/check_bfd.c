/*
 * The BFD sessions' states as the vrrp child reports them, by name.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check_bfd.h"
#include "check/check_lvs.h"
#include "common/log.h"
#include "common/util.h"

struct check_bfd {
	char		 name[IPC_NAME_LEN];
	uint32_t	 state;
};

static struct check_bfd *cb;
static size_t ncb;

static struct check_bfd *
check_bfd_find(const char *name)
{
	size_t i;

	for (i = 0; i < ncb; i++)
		if (strcmp(cb[i].name, name) == 0)
			return &cb[i];
	return NULL;
}

void
check_bfd_state(const struct msg_bfd_state *m)
{
	struct check_bfd *b;
	bool was;

	if (!ipc_str_ok(m->name, sizeof(m->name)) ||
	    m->state > BFD_STATE_UP)
		fatalx("ipc: MSG_BFD_STATE: bad name or state");
	if ((b = check_bfd_find(m->name)) == NULL) {
		cb = xreallocarray(cb, ncb + 1, sizeof(*cb));
		b = &cb[ncb++];
		memcpy(b->name, m->name, sizeof(b->name));
	}
	was = b->state == BFD_STATE_UP;
	b->state = m->state;
	log_debug("bfd %s: %s", m->name, m->state == BFD_STATE_UP ? "up" :
	    "down");
	if (was != (m->state == BFD_STATE_UP))
		check_vs_bfd(m->name, !was);
}

bool
check_bfd_is_up(const char *name)
{
	const struct check_bfd *b = check_bfd_find(name);

	return b != NULL && b->state == BFD_STATE_UP;
}
