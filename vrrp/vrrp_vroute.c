/*
 * virtual_routes lines, as keepalived reads them:
 *   [src ADDR] [to] DST[/LEN] [via|gw GW] [dev IF] [table N] [metric N]
 * DST may be "default". Other route options are ignored with a warning.
 */
#include <arpa/inet.h>
#include <net/if.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "vrrp/vrrp_engine.h"

static int
vrrp_vroute_addr(const char *s, struct vrrp_ipaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &a->u.v4) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, s, &a->u.v6) == 1)
		a->family = AF_INET6;
	else
		return -1;
	return 0;
}

/* DST[/LEN] or "default". */
static int
vrrp_vroute_dst(char *s, struct vrrp_vroute *vr)
{
	char *slash, *end;
	long len;

	if (strcmp(s, "default") == 0) {
		vr->dst.family = AF_INET;
		vr->dst_len = 0;
		return 0;
	}
	if ((slash = strchr(s, '/')) != NULL)
		*slash++ = '\0';
	if (vrrp_vroute_addr(s, &vr->dst) == -1)
		return -1;
	len = vr->dst.family == AF_INET ? 32 : 128;
	if (slash != NULL) {
		len = strtol(slash, &end, 10);
		if (*end != '\0' || len < 0 ||
		    len > (vr->dst.family == AF_INET ? 32 : 128))
			return -1;
	}
	vr->dst_len = (uint8_t)len;
	return 0;
}

/* Parse line into vr; *dev receives the dev name (or stays ""). */
int
vrrp_vroute_parse(const char *name, const char *line, struct vrrp_vroute *vr,
    char dev[IF_NAMESIZE])
{
	char buf[128], *tok, *val, *save = NULL;
	bool have_dst = false;
	int bad = 0;

	memset(vr, 0, sizeof(*vr));
	snprintf(buf, sizeof(buf), "%s", line);
	for (tok = strtok_r(buf, " \t", &save); tok != NULL && !bad;
	    tok = strtok_r(NULL, " \t", &save)) {
		if (strcmp(tok, "to") == 0)
			continue;
		if (strcmp(tok, "src") == 0 || strcmp(tok, "via") == 0 ||
		    strcmp(tok, "gw") == 0 || strcmp(tok, "dev") == 0 ||
		    strcmp(tok, "table") == 0 || strcmp(tok, "metric") == 0) {
			if ((val = strtok_r(NULL, " \t", &save)) == NULL) {
				bad = 1;
				break;
			}
			if (strcmp(tok, "src") == 0) {
				vr->has_src = true;
				bad = vrrp_vroute_addr(val, &vr->src) == -1;
			} else if (strcmp(tok, "dev") == 0)
				snprintf(dev, IF_NAMESIZE, "%s", val);
			else if (strcmp(tok, "table") == 0)
				vr->table = (uint32_t)strtoul(val, NULL, 10);
			else if (strcmp(tok, "metric") == 0)
				vr->metric = (uint32_t)strtoul(val, NULL, 10);
			else {
				vr->has_gw = true;
				bad = vrrp_vroute_addr(val, &vr->gw) == -1;
			}
		} else if (!have_dst) {
			bad = vrrp_vroute_dst(tok, vr) == -1;
			have_dst = true;
		} else
			log_warnx("(%s) virtual route \"%s\": \"%s\" ignored",
			    name, line, tok);
	}
	if (!bad && have_dst && vr->dst_len == 0 && vr->has_gw)
		vr->dst.family = vr->gw.family;	/* "default via" */
	if (bad || !have_dst) {
		log_warnx("(%s) virtual route \"%s\" not understood: ignored",
		    name, line);
		return -1;
	}
	return 0;
}
