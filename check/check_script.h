/* vrrp_script runs and their results (check_script.c). */
#ifndef VIGIL_CHECK_SCRIPT_H
#define VIGIL_CHECK_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>

#include "common/conf_rx.h"

struct event_base;

struct check_script_stats {
	uint64_t	 runs;		/* results counted */
	uint64_t	 failures;	/* of which failed */
	uint64_t	 timeouts;	/* of which timed out */
	uint64_t	 skipped;	/* ticks with the last run still going */
};

struct check_script_info {
	const struct msg_conf_script *conf;
	bool		 decided;
	bool		 ok;
	bool		 running;
	const char	*user;
	char		 last[160];	/* the last run's outcome */
	struct check_script_stats stats;
};

/* keepalived's rise/fall counter: count runs 0 .. rise + fall - 1 and is
 * succeeded (ok) at rise and above once decided. */
struct check_count {
	unsigned int	 count;
	bool		 decided;	/* a result came, or init_fail */
	bool		 ok;
};
/* Count one result; true when the script turned (or got its first
 * result). */
bool check_count(struct check_count *, unsigned int rise, unsigned int fall,
    bool success);

void check_script_init(struct event_base *);
/* Merge a new configuration: unchanged scripts keep their state and
 * timers, changed ones start over, new ones run at once. */
void check_script_apply(const struct conf_set *);
/* Send the vrrp child the result of every decided script. */
void check_script_resend(void);
void check_script_shutdown(void);
void check_script_foreach(void (*fn)(void *, const char *name,
    const struct check_script_info *), void *arg);

#endif
