/*
 * BFD session states in the check child (check_bfd.c): the vrrp child
 * runs the sessions and sends each change (MSG_BFD_STATE); BFD_CHECK
 * takes its real server out while its session is not Up.
 */
#ifndef VIGIL_CHECK_BFD_H
#define VIGIL_CHECK_BFD_H

#include <stdbool.h>

#include "common/ipc.h"

/* A MSG_BFD_STATE from the vrrp child (a bad one is fatal). */
void	check_bfd_state(const struct msg_bfd_state *);
/* Whether the session is Up; false (down) until the vrrp child said. */
bool	check_bfd_is_up(const char *name);

#endif
