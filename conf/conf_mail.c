/*
 * E-mail alerts, cross-reference pass: each instance's and sync group's
 * smtp_alert with keepalived's defaults (smtp_alert_vrrp, else
 * smtp_alert, else off), the lengths the check child takes, and whether
 * any mail can be sent at all. keepalived sends nothing unless
 * smtp_alert is on, while the tutorials set notification_email and
 * smtp_server and stop there: vigil keeps the rule and says so, once.
 */
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

/* smtp_alert of an object that does not write its own. */
static bool
mail_default(const struct conf_global *g, bool *given)
{
	const struct conf_block *b = &conf_global_block;

	if (conf_kw_given(b, &g->obj, "smtp_alert_vrrp")) {
		*given = true;
		return g->smtp_alert_vrrp;
	}
	if (conf_kw_given(b, &g->obj, "smtp_alert")) {
		*given = true;
		return g->smtp_alert;
	}
	return false;
}

/* A string the check child writes into SMTP commands and headers: short
 * enough for the messages, no control character. */
static void
mail_check_str(struct conf_ctx *ctx, const struct conf_loc *loc,
    const char *what, const char *s)
{
	const unsigned char *p;

	if (s == NULL)
		return;
	if (strlen(s) > CONF_MAIL_MAX)
		conf_error(ctx, loc, "%s is %zu characters long; vigil takes "
		    "at most %d (shorten it)", what, strlen(s), CONF_MAIL_MAX);
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f) {
			conf_error(ctx, loc, "%s holds a control character",
			    what);
			return;
		}
}

static void
mail_check_lengths(struct conf_ctx *ctx, const struct conf_global *g)
{
	const struct conf_email *e;

	TAILQ_FOREACH(e, &g->emails, entry)
		mail_check_str(ctx, &e->loc, "this notification_email address",
		    e->addr);
	mail_check_str(ctx, &g->smtp_server_loc, "the smtp_server",
	    g->smtp_server);
	mail_check_str(ctx, &g->obj.loc, "notification_email_from",
	    g->email_from);
	mail_check_str(ctx, &g->obj.loc, "smtp_helo_name", g->smtp_helo_name);
}

/* Where to say something about the e-mail settings as a whole. */
static const struct conf_loc *
mail_loc(const struct conf_global *g)
{
	if (g->smtp_server != NULL)
		return &g->smtp_server_loc;
	if (!TAILQ_EMPTY(&g->emails))
		return &TAILQ_FIRST(&g->emails)->loc;
	return &g->obj.loc;
}

void
conf_mail_check(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	const struct conf_global *g = &conf->global;
	struct conf_vrrp_instance *vi;
	struct conf_sync_group *sg;
	const char *first = NULL;
	const struct conf_loc *first_loc = NULL;
	bool def, given = false;

	mail_check_lengths(ctx, g);
	def = mail_default(g, &given);
	TAILQ_FOREACH(vi, &conf->instances, entry) {
		if (conf_kw_given(&conf_vrrp_instance_block, &vi->obj,
		    "smtp_alert"))
			given = true;
		else
			vi->smtp_alert = def;
		if (vi->smtp_alert && first == NULL) {
			first = vi->name;
			first_loc = &vi->obj.loc;
		}
	}
	TAILQ_FOREACH(sg, &conf->sync_groups, entry) {
		if (conf_kw_given(&conf_sync_group_block, &sg->obj,
		    "smtp_alert"))
			given = true;
		else
			sg->smtp_alert = def;
		if (sg->smtp_alert && first == NULL) {
			first = sg->name;
			first_loc = &sg->obj.loc;
		}
	}
	if (first != NULL && g->smtp_server == NULL)
		conf_warning(ctx, first_loc, "smtp_alert is on for %s, but "
		    "global_defs has no smtp_server: no e-mail is sent", first);
	else if (first != NULL && TAILQ_EMPTY(&g->emails))
		conf_warning(ctx, mail_loc(g), "smtp_alert is on for %s, but "
		    "global_defs has no notification_email: no e-mail is sent",
		    first);
	else if (first == NULL && !given && !TAILQ_EMPTY(&conf->instances) &&
	    (g->smtp_server != NULL || !TAILQ_EMPTY(&g->emails)))
		conf_note(ctx, mail_loc(g), "no e-mail alert will be sent: "
		    "smtp_alert is off in every vrrp_instance and "
		    "vrrp_sync_group, as in keepalived; write 'smtp_alert' in "
		    "global_defs (or in the instances and sync groups to alert "
		    "on) to send them");
}
