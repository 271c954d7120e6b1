/*
 * use_ipvlan [IFNAME] [ADDRESS[/LEN]] [bridge|private|vepa]: handler and
 * dump for the instance table (conf_vrrp.c); the check pass's part
 * (conf_ipvlan_check). The vrrp child makes the interface
 * (vrrp/vrrp_ipvlan.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

static const char *const ipvlan_modes[] = { "bridge", "private", "vepa" };

int
conf_ipvlan_inst(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_vrrp_instance *vi = (struct conf_vrrp_instance *)obj;
	const struct conf_arg *a;
	struct conf_addr addr;
	size_t i, m;

	free(vi->ipvlan_name);
	vi->ipvlan_name = NULL;
	memset(&vi->ipvlan_addr, 0, sizeof(vi->ipvlan_addr));
	vi->ipvlan_mode = CONF_IPVLAN_BRIDGE;
	for (i = 0; i < n->nargs; i++) {
		a = &n->args[i];
		for (m = 0; m < 3; m++)
			if (strcmp(a->s, ipvlan_modes[m]) == 0)
				break;
		if (m < 3) {
			vi->ipvlan_mode = (int)m;
			continue;
		}
		if (conf_addr_from_str(a->s, true, &addr) == 0) {
			vi->ipvlan_addr = addr;
			continue;
		}
		if (conf_check_ifname(ctx, a) < 0)
			return -1;
		free(vi->ipvlan_name);
		vi->ipvlan_name = xstrdup(a->s);
	}
	vi->use_ipvlan = true;
	vi->ipvlan_loc = n->loc;
	return 0;
}

void
conf_ipvlan_inst_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_vrrp_instance *vi =
	    (const struct conf_vrrp_instance *)obj;

	if (!vi->use_ipvlan)
		return;
	conf_dump_indent(out, depth);
	fputs("use_ipvlan", out);
	if (vi->ipvlan_name != NULL)
		fprintf(out, " %s", vi->ipvlan_name);
	if (vi->ipvlan_addr.family != AF_UNSPEC) {
		fputc(' ', out);
		conf_dump_addr(out, &vi->ipvlan_addr);
	}
	fprintf(out, " %s\n", ipvlan_modes[vi->ipvlan_mode]);
}

/* What the instance's family and use_vmac say about use_ipvlan. */
void
conf_ipvlan_check(struct conf_ctx *ctx, struct conf_vrrp_instance *vi,
    int family)
{
	if (!vi->use_ipvlan)
		return;
	if (vi->use_vmac) {
		conf_error(ctx, &vi->ipvlan_loc, "vrrp_instance %s: use_ipvlan "
		    "and use_vmac exclude each other (keep one)", vi->name);
		return;
	}
	if (family == AF_INET && vi->ipvlan_addr.family != AF_INET)
		conf_error(ctx, &vi->ipvlan_loc, "vrrp_instance %s: use_ipvlan "
		    "needs an IPv4 address for the ipvlan interface of an IPv4 "
		    "instance (write: use_ipvlan [NAME] ADDRESS/LEN)", vi->name);
	else if (vi->ipvlan_addr.family != AF_UNSPEC &&
	    vi->ipvlan_addr.family != family)
		conf_error(ctx, &vi->ipvlan_loc, "vrrp_instance %s: the "
		    "use_ipvlan address is not of the instance's family",
		    vi->name);
	if (vi->ipvlan_mode != CONF_IPVLAN_BRIDGE)
		conf_warning(ctx, &vi->ipvlan_loc, "use_ipvlan: mode %s: not "
		    "supported yet, the interface is made in mode bridge",
		    ipvlan_modes[vi->ipvlan_mode]);
}
