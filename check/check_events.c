/*
 * The check child's events for `vigilctl events` (common/event.h): a
 * checker's verdict on a service turning (after its retries), a real
 * server going up or down in its virtual server, a virtual server's
 * quorum gained or lost.
 */
#include "check/check_lvs.h"
#include "common/event.h"

void
check_event_checker(const char *checker, const char *service, bool up,
    const char *why)
{
	json_t *e = evt_new("checker");

	evt_set_str(e, "checker", checker);
	evt_set_str(e, "service", service);
	evt_set_str(e, "result", up ? "up" : "down");
	if (!up)
		evt_set_str(e, "reason", why);
	evt_send(e);
}

void
check_event_rs(const struct lvs_rs *r)
{
	json_t *e = evt_new("real_server");

	evt_set_str(e, "virtual_server", r->vs->name);
	evt_set_str(e, "real_server", r->name);
	evt_set_str(e, "state", r->up ? "up" : "down");
	evt_set_int(e, "weight", r->weight);
	evt_send(e);
}

void
check_event_quorum(const struct lvs_vs *v, uint64_t live)
{
	json_t *e = evt_new("quorum");

	evt_set_str(e, "virtual_server", v->name);
	evt_set_str(e, "state", v->quorum ? "up" : "down");
	evt_set_int(e, "live_weight", (long long)live);
	evt_send(e);
}
