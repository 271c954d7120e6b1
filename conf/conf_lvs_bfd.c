/*
 * BFD_CHECK { name NAME }: a real server's checker that follows a
 * bfd_instance's session (up while it is Up). Its keyword table and the
 * check pass's look-up by name; the check child learns the session's
 * state from the vrrp child (check/check_bfd.c).
 */
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_lvs_priv.h"

#define C(m)	CONF_OFF(struct conf_check, m)

static const struct conf_kw bfd_check_kws[] = {
	{ "name", CONF_T_STRING, C(bfd_name) },
	{ NULL }
};

static struct conf_obj *
bfd_check_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct conf_real_server *rs = (struct conf_real_server *)parent;

	(void)ctx;
	(void)node;
	return &conf_lvs_check_new(rs, CONF_CHECK_BFD)->obj;
}

static void
bfd_check_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_check *c = (struct conf_check *)obj;

	if (c->bfd_name == NULL)
		conf_warning(ctx, &obj->loc, "BFD_CHECK has no name: this "
		    "checker is ignored (as keepalived does)");
}

const struct conf_block conf_lvs_bfd_block = {
	.name = "BFD_CHECK", .kws = bfd_check_kws,
	.size = sizeof(struct conf_check),
	.open = bfd_check_open, .close = bfd_check_close,
};

/* The bfd_instance c names. A name no block has, or one the real server
 * already checks, leaves the checker out with a warning, as keepalived
 * 2.2.7 does; so does a session reported to the VRRP side only. */
void
conf_lvs_bfd_resolve(struct conf_ctx *ctx, const struct vigil_conf *conf,
    const struct conf_real_server *rs, struct conf_check *c)
{
	const struct conf_check *o;
	const struct conf_bfd *b;

	if (c->bfd_name == NULL)
		return;
	if ((b = conf_bfd_find(conf, c->bfd_name)) == NULL) {
		conf_warning(ctx, &c->obj.loc, "BFD_CHECK: no bfd_instance "
		    "named %s: this checker is ignored (as keepalived does)",
		    c->bfd_name);
		return;
	}
	TAILQ_FOREACH(o, &rs->checks, entry) {
		if (o == c)
			break;
		if (o->type == CONF_CHECK_BFD && o->bfd_target == b) {
			conf_warning(ctx, &c->obj.loc, "BFD_CHECK: this real "
			    "server already checks %s: ignored",
			    c->bfd_name);
			return;
		}
	}
	if (b->vrrp && !b->checker) {
		conf_warning(ctx, &c->obj.loc, "BFD_CHECK: bfd_instance %s "
		    "says vrrp: its state goes to the VRRP side only; this "
		    "checker is ignored", c->bfd_name);
		return;
	}
	c->bfd_target = b;
	((struct conf_bfd *)b)->used = true;
}
