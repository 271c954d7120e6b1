/*
 * The arithmetic of the director's verdicts, apart from any I/O so that
 * unit tests drive it: keepalived 2.2.7's retry counting for a checker,
 * and the quorum of a virtual server with its hysteresis.
 */
#include "check/check_lvs.h"

enum check_verdict_step
check_verdict_step(struct check_verdict *v, bool ok, uint32_t retry)
{
	if (ok) {
		v->fails = 0;
		if (v->up)
			return CHECK_V_SAME;
		v->up = true;
		return CHECK_V_UP;
	}
	if (!v->up)
		return CHECK_V_SAME;
	if (++v->fails <= retry)
		return CHECK_V_RETRY;
	v->up = false;
	v->fails = 0;
	return CHECK_V_DOWN;
}

bool
check_quorum_step(bool held, uint64_t live, uint32_t quorum,
    uint32_t hysteresis)
{
	if (held)
		return (int64_t)live >= (int64_t)quorum - hysteresis;
	return live >= (uint64_t)quorum + hysteresis;
}
