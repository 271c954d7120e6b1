/*
 * vigilctl's parts: its commands (vigilctl.c), asking the daemon
 * (vigilctl_ask.c), the event stream (vigilctl_events.c), the status records
 * as a JSON document and as text (vigilctl_records.c), Prometheus
 * metrics (vigilctl_metrics.c). The document's schema is in vigilctl(8).
 */
#ifndef VIGIL_VIGILCTL_H
#define VIGIL_VIGILCTL_H

#include <stdio.h>

#include <jansson.h>

#define CTL_EXIT_REFUSED	1	/* the daemon answered with an error */
#define CTL_EXIT_UNREACHABLE	2	/* no daemon, no permission */

/* vigilctl_ask.c: the answer to cmd without its last line (free it),
 * *error the daemon's error or NULL; NULL when vigild was not reached
 * (said on stderr). */
char	*ctl_ask(const char *path, const char *cmd, const char **error);
char	*ctl_ask_fd(int fd, const char *path, const char *cmd,
	    const char **error);

/* vigilctl_ask.c: a connected socket (reads and writes time out after
 * 60 s), or -1 (said on stderr). */
int	 ctl_connect(const char *path);

/* vigilctl_events.c: "events", its lines copied to stdout as they come
 * until vigild closes the stream. */
int	 ctl_events(const char *path);

/* The records of "status" (common/ctl.h) as one JSON object. */
json_t	*ctl_records_parse(const char *text);
void	 ctl_print_status(json_t *doc, FILE *);
void	 ctl_print_stats(json_t *doc, FILE *);

/* Prometheus text exposition of doc; on stdout; over HTTP. */
void	 ctl_metrics_write(json_t *doc, FILE *);
int	 ctl_metrics(const char *path);
int	 ctl_metrics_listen(const char *path, const char *addr);

/* snmp_agent.c: "snmp-agent", the AgentX subagent (vigild(8)). */
int	 ctl_snmp_agent(const char *path, int argc, char *argv[]);

#endif
