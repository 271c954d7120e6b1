/*
 * Events for `vigilctl events`: a child describes what happened (a VRRP
 * transition, a priority change and its reason, a script's or checker's
 * new result, a real server going up or down) as one JSON object and
 * sends it to the parent (MSG_EVENT), which writes it as a line to every
 * client of the control socket that asked for events (core/ctl.c). The
 * keys of each type are listed in vigilctl(8).
 */
#ifndef VIGIL_EVENT_H
#define VIGIL_EVENT_H

#include <jansson.h>

/* A new event of that type: {"time": seconds since the epoch, "type":
 * type}; add its keys with evt_set*, then evt_send. */
json_t	*evt_new(const char *type);
void	 evt_set(json_t *, const char *key, json_t *value);
void	 evt_set_str(json_t *, const char *key, const char *value);
void	 evt_set_int(json_t *, const char *key, long long value);
/* Send it to the parent and free it. */
void	 evt_send(json_t *);

#endif
