/*
 * Accept mode in the vrrp child: which addresses are in the table's sets
 * and why. Each address is held by the instances that put it there (a
 * master in no_accept mode that does not own its addresses); it goes into
 * its set before the address goes onto the interface and leaves the set
 * after the address left, so no packet to it is ever accepted. The table
 * exists while any instance runs in no_accept mode; a reload changes only
 * what changed, and stopping removes the table.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "common/log.h"
#include "common/util.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_nft.h"

struct nft_ent {
	const void		*owner;		/* struct vrrp_rt */
	struct vrrp_nft_elem	 e;
};

static struct {
	struct mnl_socket	*nl;
	struct vrrp_nft_conf	 conf;
	bool			 synced;	/* a configuration was applied */
	bool			 exists;	/* our table is in the kernel */
	bool			 stopping;	/* the table goes whole at the end */
	struct nft_ent		*ents;
	size_t			 n, cap;
	uint32_t		 seq;
} nft;

bool
vrrp_nft_wanted(const struct vrrp_rt *rt)
{
	return !rt->params.accept && rt->conf.priority != VRRP_PRIO_OWNER;
}

size_t
vrrp_nft_count(void)
{
	size_t i, j, n = 0;

	for (i = 0; i < nft.n; i++) {
		for (j = 0; j < i; j++)
			if (memcmp(&nft.ents[j].e, &nft.ents[i].e,
			    sizeof(nft.ents[i].e)) == 0)
				break;
		n += j == i;
	}
	return n;
}

static void
nft_elem(struct vrrp_nft_elem *e, const struct vrrp_ipaddr *a)
{
	memset(e, 0, sizeof(*e));
	e->family = (uint8_t)a->family;
	memcpy(e->addr, &a->u, a->family == AF_INET ? 4 : 16);
}

/* Index of the entry (owner, e); owner NULL: any owner. -1: none. */
static ssize_t
nft_find(const void *owner, const struct vrrp_nft_elem *e)
{
	size_t i;

	for (i = 0; i < nft.n; i++)
		if ((owner == NULL || nft.ents[i].owner == owner) &&
		    memcmp(&nft.ents[i].e, e, sizeof(*e)) == 0)
			return (ssize_t)i;
	return -1;
}

static void
nft_append(const void *owner, const struct vrrp_nft_elem *e)
{
	if (nft.n == nft.cap) {
		nft.cap = nft.cap ? nft.cap * 2 : 64;
		nft.ents = xreallocarray(nft.ents, nft.cap, sizeof(*nft.ents));
	}
	nft.ents[nft.n].owner = owner;
	nft.ents[nft.n++].e = *e;
}

static struct mnl_socket *
nft_sock(void)
{
	if (nft.nl == NULL && (nft.nl = vrrp_nft_socket()) == NULL)
		log_warn("nftables: netlink");
	return nft.nl;
}

/* Send the batch built by put(arg) after BEGIN; 0 or -1 (errno). */
static int
nft_run(size_t nelem, void (*put)(struct vrrp_nft_batch *, void *),
    void *arg)
{
	struct vrrp_nft_batch b;
	size_t cap = vrrp_nft_batch_size(nelem);
	char *buf;
	int rc;

	if (nft_sock() == NULL)
		return -1;
	buf = xmalloc(cap);
	vrrp_nft_batch_init(&b, buf, cap, nft.seq);
	vrrp_nft_batch_begin(&b);
	put(&b, arg);
	vrrp_nft_batch_end(&b);
	nft.seq = b.seq;
	rc = b.nmsg == 0 ? 0 : vrrp_nft_send(nft.nl, &b);
	free(buf);
	return rc;
}

/* Every address once, in their order of arrival. */
static struct vrrp_nft_elem *
nft_unique(size_t *np)
{
	struct vrrp_nft_elem *v = xreallocarray(NULL, nft.n + 1, sizeof(*v));
	size_t i, n = 0;

	for (i = 0; i < nft.n; i++)
		if (nft_find(NULL, &nft.ents[i].e) == (ssize_t)i)
			v[n++] = nft.ents[i].e;
	*np = n;
	return v;
}

struct nft_tab_arg {
	const char		*old;		/* table to remove, or NULL */
	const struct vrrp_nft_elem *e;
	size_t			 n;
};

static void
nft_put_tab(struct vrrp_nft_batch *b, void *arg)
{
	struct nft_tab_arg *a = arg;

	if (a->old != NULL)
		vrrp_nft_put_deltable(b, a->old);
	vrrp_nft_put_table(b, &nft.conf, a->e, a->n);
}

/* The table made anew with every address held; old: a table of another
 * name to remove in the same transaction. */
static void
nft_rebuild(const char *old)
{
	struct nft_tab_arg a = { .old = old };
	struct vrrp_nft_elem *v = nft_unique(&a.n);

	a.e = v;
	if (nft_run(a.n, nft_put_tab, &a) == -1) {
		log_warn("nftables: cannot set up table inet %s",
		    vrrp_nft_table_name(nft.conf.table));
		nft.exists = false;
	} else {
		log_info("nftables: table inet %s set up (no_accept: %zu "
		    "addresses dropped)", vrrp_nft_table_name(nft.conf.table),
		    a.n);
		nft.exists = true;
	}
	free(v);
}

struct nft_elem_arg {
	bool			 add;
	const struct vrrp_nft_elem *e;
	size_t			 n;
};

static void
nft_put_elems(struct vrrp_nft_batch *b, void *arg)
{
	struct nft_elem_arg *a = arg;

	vrrp_nft_put_elems(b, nft.conf.table, a->add, AF_INET, a->e, a->n);
	vrrp_nft_put_elems(b, nft.conf.table, a->add, AF_INET6, a->e, a->n);
}

/* Add / remove addresses from the sets; on failure (someone removed the
 * table or an element), make the table anew. */
static void
nft_change(bool add, const struct vrrp_nft_elem *e, size_t n)
{
	struct nft_elem_arg a = { add, e, n };

	if (n == 0 || !nft.synced || nft.stopping)
		return;
	if (!nft.exists) {
		nft_rebuild(NULL);
		return;
	}
	if (nft_run(n, nft_put_elems, &a) == -1) {
		log_warn("nftables: cannot %s %zu addresses %s table inet %s; "
		    "setting it up again", add ? "add" : "remove", n,
		    add ? "to" : "from", vrrp_nft_table_name(nft.conf.table));
		nft.exists = false;
		nft_rebuild(NULL);
	}
}

void
vrrp_nft_vips_up(struct vrrp_rt *rt)
{
	struct vrrp_nft_elem e, *add;
	size_t i, n = 0;

	if (!vrrp_nft_wanted(rt) || rt->nvips == 0)
		return;
	add = xreallocarray(NULL, rt->nvips, sizeof(*add));
	for (i = 0; i < rt->nvips; i++) {
		if (rt->vips[i].ifindex == 0)
			continue;
		nft_elem(&e, &rt->vips[i].addr);
		if (nft_find(rt, &e) != -1)
			continue;
		if (nft_find(NULL, &e) == -1)
			add[n++] = e;
		nft_append(rt, &e);
	}
	log_debug("(%s) no_accept: %zu addresses to drop", rt->params.name, n);
	nft_change(true, add, n);
	free(add);
}

/* Remove owner's entries; the addresses nobody holds any more in *del. */
static size_t
nft_drop_owner(const void *owner, struct vrrp_nft_elem *del, size_t max)
{
	size_t i = 0, n = 0;
	struct vrrp_nft_elem e;

	while (i < nft.n) {
		if (nft.ents[i].owner != owner) {
			i++;
			continue;
		}
		e = nft.ents[i].e;
		nft.ents[i] = nft.ents[--nft.n];
		if (nft_find(NULL, &e) == -1 && n < max)
			del[n++] = e;
	}
	return n;
}

void
vrrp_nft_vips_down(struct vrrp_rt *rt)
{
	struct vrrp_nft_elem *del;
	size_t n;

	if (nft.n == 0)
		return;
	del = xreallocarray(NULL, nft.n, sizeof(*del));
	n = nft_drop_owner(rt, del, nft.n);
	if (n > 0)
		log_debug("(%s) no_accept: %zu addresses accepted again",
		    rt->params.name, n);
	nft_change(false, del, n);
	free(del);
}

static bool
nft_needed(void)
{
	struct vrrp_rt *rt;

	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry)
		if (vrrp_nft_wanted(rt))
			return true;
	return nft.n > 0;
}

static bool
nft_elem_in(const struct vrrp_nft_elem *v, size_t n,
    const struct vrrp_nft_elem *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (memcmp(&v[i], e, sizeof(*e)) == 0)
			return true;
	return false;
}

/* The entries as the instances stand now: a master in no_accept mode
 * holds its addresses, nobody else. */
static void
nft_recompute(void)
{
	struct vrrp_nft_elem e;
	struct vrrp_rt *rt;
	size_t i;

	nft.n = 0;
	TAILQ_FOREACH(rt, &vrrp_eng.insts, entry) {
		if (!rt->started || rt->fsm.state != VRRP_STATE_MASTER ||
		    !vrrp_nft_wanted(rt))
			continue;
		for (i = 0; i < rt->nvips; i++) {
			if (rt->vips[i].ifindex == 0)
				continue;
			nft_elem(&e, &rt->vips[i].addr);
			if (nft_find(rt, &e) == -1)
				nft_append(rt, &e);
		}
	}
}

/* nft_recompute(), and what differs to the kernel. */
static void
nft_resync(void)
{
	struct vrrp_nft_elem *oldv, *newv, *add, *del;
	size_t nold, nnew, i, nadd = 0, ndel = 0;

	oldv = nft_unique(&nold);
	nft_recompute();
	newv = nft_unique(&nnew);
	add = xreallocarray(NULL, nnew + 1, sizeof(*add));
	del = xreallocarray(NULL, nold + 1, sizeof(*del));
	for (i = 0; i < nnew; i++)
		if (!nft_elem_in(oldv, nold, &newv[i]))
			add[nadd++] = newv[i];
	for (i = 0; i < nold; i++)
		if (!nft_elem_in(newv, nnew, &oldv[i]))
			del[ndel++] = oldv[i];
	nft_change(false, del, ndel);
	nft_change(true, add, nadd);
	free(oldv);
	free(newv);
	free(add);
	free(del);
}

static void
nft_put_del(struct vrrp_nft_batch *b, void *arg)
{
	vrrp_nft_put_deltable(b, arg);
}

/* Remove table name, whether it is there or not; quiet: a kernel
 * without nf_tables is no news (nothing was made). */
static void
nft_delete(const char *name, bool quiet)
{
	if (nft_run(0, nft_put_del, (void *)name) == -1) {
		if (quiet)
			log_debug("nftables: no table inet %s removed: %s",
			    name, strerror(errno));
		else
			log_warn("nftables: cannot remove table inet %s",
			    name);
	}
	else if (nft.exists)
		log_info("nftables: table inet %s removed", name);
	nft.exists = false;
}

/*
 * After each configuration (start, reload): the table as global_defs
 * says, made or removed as the instances need it, and the addresses of
 * the masters in no_accept mode in its sets. The first time, a table
 * left by an earlier vigild is replaced.
 */
void
vrrp_nft_sync(const struct msg_conf_global *g)
{
	struct vrrp_nft_conf c, old = nft.conf;
	bool first = !nft.synced;

	memset(&c, 0, sizeof(c));
	snprintf(c.table, sizeof(c.table), "%s", vrrp_nft_table_name(
	    g->nft_table));
	c.prio = g->nft_prio;
	c.counters = g->nft_counters != 0;
	nft.conf = c;
	nft.synced = true;
	if (!nft_needed()) {
		if (first || nft.exists)
			nft_delete(first ? c.table : old.table, first);
		if (first && strcmp(c.table, VRRP_NFT_TABLE) != 0)
			nft_delete(VRRP_NFT_TABLE, true);
		nft.n = 0;
		return;
	}
	if (first || !nft.exists || memcmp(&c, &old, sizeof(c)) != 0) {
		nft_recompute();
		nft_rebuild(nft.exists && strcmp(old.table, c.table) != 0 ?
		    old.table : NULL);
		return;
	}
	nft_resync();
}

/* Stopping: the instances leave one after the other, their addresses
 * stay in the sets (harmless once off the interfaces) until the table
 * goes, so that no instance's priority 0 advert waits for netlink. */
void
vrrp_nft_stopping(void)
{
	nft.stopping = true;
}

void
vrrp_nft_shutdown(void)
{
	if (nft.synced && (nft.exists || nft.n > 0))
		nft_delete(nft.conf.table, false);
	free(nft.ents);
	nft.ents = NULL;
	nft.n = nft.cap = 0;
	if (nft.nl != NULL)
		mnl_socket_close(nft.nl);
	nft.nl = NULL;
}
