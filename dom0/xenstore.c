// SPDX-License-Identifier: GPL-2.0
/*
 * xenstore: the tree, permissions, quotas, watches, transactions and the
 * wire protocol, answering each domain as Xen 4.17.7's C xenstored does
 * (tools/xenstore/xenstored_{core,domain,transaction,watch}.c; the rules
 * and where Xen has them: Documentation/notes/xenstored-xen417.txt).
 *
 * The tree is persistent: a node shared between the store and an open
 * transaction (ref > 1) is copied before it changes, so a transaction
 * reads a consistent snapshot and starts in O(1). Every change stamps
 * the node with the next value of one global generation counter. A
 * transaction records the generation each node had when it first touched
 * it (0: missing); its commit fails with EAGAIN if any of them changed in
 * the store meanwhile, else its changes are replayed on the store, firing
 * their watches, as xenstored_transaction.c decides and fires.
 *
 * Domain 0 is privileged (no permission checks, no quotas), as dom0 is
 * in Xen; every other domain is an unprivileged domU.
 *
 * Locking: one mutex per store, taken by every entry point.
 */
#define pr_fmt(fmt) "xenhv: xenstore: " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/ctype.h>
#include <linux/mutex.h>
#include <linux/lockdep.h>
#include <linux/xarray.h>
#include <linux/overflow.h>
#include "xenstore.h"

#define XS_HDR			sizeof(struct xsd_sockmsg)
/* A node record's fixed part in xenstored's database (struct xs_tdb_record_hdr). */
#define XS_REC_HDR		24
#define XS_PERM_BOTH		(XENHV_XS_PERM_READ | XENHV_XS_PERM_WRITE)
#define XS_PERM_ALL		(XS_PERM_BOTH | XENHV_XS_PERM_OWNER)
/* Replies a domain may leave unread before its requests wait (quota_req_outstanding). */
#define XS_OUTSTANDING		20

struct xs_node {
	unsigned int ref;
	u64 gen;			/* of its last change */
	char *name;			/* last path component; "" for the root */
	u8 *data;
	u32 len;
	struct xenhv_xs_perm *perms;	/* [0]: owner, and everyone else's access */
	u16 nperms;
	u32 nkids, kcap;
	struct xs_node **kids;		/* in creation order, as xenstored lists them */
	u32 kidlen;			/* bytes of the children's names, NULs included */
};

/* What the store charges a domain for. */
struct xs_dom {
	unsigned int entries;		/* nodes it owns */
	unsigned int watches;
	unsigned int txs;
	u32 next_tx;
	long mem;
	bool introduced;
};

enum xs_change_type { XS_CH_WRITE, XS_CH_MKDIR, XS_CH_RM, XS_CH_PERMS };

/* A change a transaction made, replayed on the store at commit. */
struct xs_change {
	enum xs_change_type type;
	char *path;
	u8 *data;
	u32 len;
	struct xenhv_xs_perm *perms;
	u16 nperms;
};

struct xs_access {
	char *path;
	u64 gen;			/* 0: missing */
};

struct xs_tx {
	u32 id;
	struct xs_node *root;		/* the transaction's own tree */
	struct xs_access *acc;
	u32 nacc, acap;
	struct xs_change *ch;
	u32 nch, chcap;
	int created;			/* nodes the domain gained in it */
	bool fail;			/* an op inside failed: commit is ENOMEM */
	long mem;			/* charged to the domain */
};

struct xs_watch {
	char *node;			/* absolute, or a special "@..." name */
	char *token;
	size_t rel;			/* bytes to strip from event paths */
};

struct xs_msg {
	struct xs_msg *next;
	bool event;
	u32 len;
	u8 buf[];
};

struct xenhv_xs_conn {
	struct xenhv_xs_store *s;
	domid_t domid;
	bool priv;
	xenhv_xs_wake_fn wake;
	void *wake_priv;
	struct xs_msg *out, *out_tail;
	size_t out_off;
	unsigned int replies;		/* queued, not events */
	struct xs_watch *watches;
	u32 nwatches, wcap;
	struct xs_tx **txs;
	u32 ntxs, tcap;
	size_t in_used;
	u8 in[XS_HDR + XENSTORE_PAYLOAD_MAX];
};

struct xenhv_xs_store {
	struct mutex lock;
	struct xs_node *root;
	u64 gen;
	struct xenhv_xs_conn **conns;
	u32 nconns, ccap;
	struct xarray doms;		/* domid -> struct xs_dom */
	/* The permissions of @introduceDomain and @releaseDomain. */
	struct xenhv_xs_perm special[2][XENHV_XS_QUOTA_PERMS + 1];
	u16 nspecial[2];
	unsigned long nodes, bytes;
	struct xenhv_xs_conn *tool;	/* the toolstack's own requests */
};

static const char * const xs_special_names[2] = { "@introduceDomain", "@releaseDomain" };

/* The context of one request: who asks, and which tree it works on. */
struct xs_req {
	struct xenhv_xs_store *s;
	struct xenhv_xs_conn *c;
	struct xs_tx *tx;
	struct xs_node **rootp;
};

static bool xs_grow(void **arr, u32 *cap, u32 need, size_t size)
{
	void *p;
	u32 n;

	if (need <= *cap)
		return true;
	n = max(need, *cap ? *cap * 2 : 4U);
	p = krealloc(*arr, (size_t)n * size, GFP_KERNEL);
	if (!p)
		return false;
	*arr = p;
	*cap = n;
	return true;
}

/* ---- domains ---- */

static struct xs_dom *xs_dom(struct xenhv_xs_store *s, u32 domid)
{
	struct xs_dom *d = xa_load(&s->doms, domid);

	if (d || domid > U16_MAX)
		return d;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return NULL;
	if (xa_err(xa_store(&s->doms, domid, d, GFP_KERNEL))) {
		kfree(d);
		return NULL;
	}
	return d;
}

static void xs_entries_add(struct xenhv_xs_store *s, u32 domid, int delta)
{
	struct xs_dom *d = xs_dom(s, domid);

	if (d)
		d->entries += delta;
}

static void xs_mem_add(struct xenhv_xs_store *s, u32 domid, long delta)
{
	struct xs_dom *d = xs_dom(s, domid);

	if (d)
		d->mem += delta;
}

/* Would @c's domain go past its memory quota with @more bytes? */
static bool xs_mem_over(struct xenhv_xs_conn *c, long more)
{
	struct xs_dom *d = xs_dom(c->s, c->domid);

	return !c->priv && (!d || d->mem + more > XENHV_XS_QUOTA_MEMORY);
}

/* A domain exists for permissions: dom0 and every introduced domain. */
static bool xs_dom_exists(struct xenhv_xs_store *s, u32 domid)
{
	struct xs_dom *d = xa_load(&s->doms, domid);

	return domid == 0 || (d && d->introduced);
}

/* ---- nodes ---- */

static size_t xs_node_bytes(const struct xs_node *n)
{
	return sizeof(*n) + strlen(n->name) + 1 + n->len +
	       n->nperms * sizeof(*n->perms) + n->kcap * sizeof(*n->kids);
}

/* write_node_raw(): the record xenstored stores, which the node-size quota limits. */
static size_t xs_rec_size(const struct xs_node *n)
{
	return XS_REC_HDR + 8 * n->nperms + n->len + n->kidlen;
}

static struct xs_node *xs_node_alloc(struct xenhv_xs_store *s, const char *name, size_t nlen)
{
	struct xs_node *n = kzalloc(sizeof(*n), GFP_KERNEL);

	if (!n)
		return NULL;
	n->name = kmemdup_nul(name, nlen, GFP_KERNEL);
	if (!n->name) {
		kfree(n);
		return NULL;
	}
	n->ref = 1;
	s->nodes++;
	s->bytes += xs_node_bytes(n);
	return n;
}

static void xs_node_put(struct xenhv_xs_store *s, struct xs_node *n)
{
	u32 i;

	if (!n || --n->ref)
		return;
	for (i = 0; i < n->nkids; i++)
		xs_node_put(s, n->kids[i]);
	s->nodes--;
	s->bytes -= xs_node_bytes(n);
	kfree(n->kids);
	kfree(n->perms);
	kfree(n->data);
	kfree(n->name);
	kfree(n);
}

static int xs_node_set_data(struct xenhv_xs_store *s, struct xs_node *n, const u8 *data, u32 len)
{
	u8 *d = NULL;

	if (len) {
		d = kmemdup(data, len, GFP_KERNEL);
		if (!d)
			return -ENOMEM;
	}
	s->bytes -= n->len;
	kfree(n->data);
	n->data = d;
	n->len = len;
	s->bytes += len;
	return 0;
}

static int xs_node_set_perms(struct xenhv_xs_store *s, struct xs_node *n,
			     const struct xenhv_xs_perm *perms, u16 nperms)
{
	struct xenhv_xs_perm *p = kmemdup(perms, nperms * sizeof(*perms), GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	s->bytes -= n->nperms * sizeof(*n->perms);
	kfree(n->perms);
	n->perms = p;
	n->nperms = nperms;
	s->bytes += nperms * sizeof(*p);
	return 0;
}

/* A private copy of @n, sharing its children, for a tree about to change. */
static struct xs_node *xs_node_clone(struct xenhv_xs_store *s, const struct xs_node *n)
{
	struct xs_node *c = xs_node_alloc(s, n->name, strlen(n->name));
	u32 i;

	if (!c)
		return NULL;
	c->gen = n->gen;
	if (xs_node_set_data(s, c, n->data, n->len) ||
	    xs_node_set_perms(s, c, n->perms, n->nperms) ||
	    !xs_grow((void **)&c->kids, &c->kcap, n->nkids, sizeof(*c->kids))) {
		xs_node_put(s, c);
		return NULL;
	}
	s->bytes += c->kcap * sizeof(*c->kids);
	for (i = 0; i < n->nkids; i++) {
		c->kids[i] = n->kids[i];
		c->kids[i]->ref++;
	}
	c->nkids = n->nkids;
	c->kidlen = n->kidlen;
	return c;
}

static long xs_kid_find(const struct xs_node *n, const char *name, size_t len)
{
	u32 i;

	for (i = 0; i < n->nkids; i++)
		if (!strncmp(n->kids[i]->name, name, len) && !n->kids[i]->name[len])
			return i;
	return -1;
}

/* The next component of @p after *pos: its start and length; false at the end. */
static bool xs_next_comp(const char *p, size_t *pos, const char **comp, size_t *len)
{
	const char *e;

	if (!p[*pos] || !p[*pos + 1])
		return false;
	*comp = p + *pos + 1;
	e = strchrnul(*comp, '/');
	*len = e - *comp;
	*pos = e - p;
	return true;
}

/* The node at absolute @path in @root, or NULL. */
static struct xs_node *xs_lookup(struct xs_node *root, const char *path)
{
	struct xs_node *n = root;
	const char *comp;
	size_t pos = 0, len;
	long i;

	while (n && xs_next_comp(path, &pos, &comp, &len)) {
		i = xs_kid_find(n, comp, len);
		n = i >= 0 ? n->kids[i] : NULL;
	}
	return n;
}

/* The deepest existing node on the way to @path (the root at least), and its path length. */
static struct xs_node *xs_nearest(struct xs_node *root, const char *path, size_t *plen)
{
	struct xs_node *n = root;
	const char *comp;
	size_t pos = 0, len;
	long i;

	*plen = 1;
	while (xs_next_comp(path, &pos, &comp, &len)) {
		i = xs_kid_find(n, comp, len);
		if (i < 0)
			break;
		n = n->kids[i];
		*plen = pos;
	}
	return n;
}

/* @path's parent, as a new string ("/" for a top-level node). */
static char *xs_parent_path(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == path ? kstrdup("/", GFP_KERNEL) : kmemdup_nul(path, slash - path, GFP_KERNEL);
}

/* ---- paths and permissions ---- */

static bool xs_is_special(const char *path)
{
	return path[0] == '@';
}

/* Bytes of "/local/domain/<id>/" at the start of @p (sscanf "%5u/%n"), else 0. */
static size_t xs_local_off(const char *p)
{
	static const char pre[] = "/local/domain/";
	size_t i = sizeof(pre) - 1, d;

	if (strncmp(p, pre, i))
		return 0;
	for (d = 0; d < 5 && isdigit(p[i + d]); d++)
		;
	if (!d || p[i + d] != '/')
		return 0;
	return i + d + 1;
}

/*
 * is_valid_nodename() (xenstored_core.c): absolute; no "//"; no trailing
 * slash but for "/"; only [A-Za-z0-9-/_@]; at most 2048 bytes past a
 * domain's home, or in all elsewhere. All else is EINVAL.
 */
static bool xs_valid_path(const char *p)
{
	size_t i, len = strlen(p);

	if (p[0] != '/' || strstr(p, "//") || (len > 1 && p[len - 1] == '/'))
		return false;
	if (len > xs_local_off(p) + XENHV_XS_QUOTA_PATH)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(p[i]) && !strchr("-/_@", p[i]))
			return false;
	return true;
}

/*
 * canonicalize(): a relative path is below the domain's home. @rel gets
 * the bytes a relative path's events strip. Returns a new string, or an
 * ERR_PTR.
 */
static char *xs_canonical(struct xenhv_xs_conn *c, const char *path, size_t *rel)
{
	char *abs;

	*rel = 0;
	if (path[0] == '/' || xs_is_special(path)) {
		abs = kstrdup(path, GFP_KERNEL);
	} else {
		abs = kasprintf(GFP_KERNEL, "/local/domain/%u/%s", c->domid, path);
		if (abs)
			*rel = strlen(abs) - strlen(path);
	}
	return abs ?: ERR_PTR(-ENOMEM);
}

/* perm_for_conn() (xenstored_core.c): what @c may do to a node with @perms. */
static unsigned int xs_perm_for(const struct xenhv_xs_conn *c,
				const struct xenhv_xs_perm *perms, u16 nperms)
{
	u16 i;

	if (c->priv || perms[0].id == c->domid)
		return XS_PERM_ALL;
	for (i = 1; i < nperms; i++)
		if (!(perms[i].perms & XENHV_XS_PERM_IGNORE) && perms[i].id == c->domid)
			return perms[i].perms & XS_PERM_BOTH;
	return perms[0].perms & XS_PERM_BOTH;
}

static unsigned int xs_node_perm(const struct xenhv_xs_conn *c, const struct xs_node *n)
{
	return xs_perm_for(c, n->perms, n->nperms);
}

/* ---- transactions: what they touched and changed ---- */

static int xs_tx_charge(struct xs_req *r, long bytes)
{
	if (xs_mem_over(r->c, bytes)) {
		r->tx->fail = true;
		return -ENOMEM;
	}
	r->tx->mem += bytes;
	xs_mem_add(r->s, r->c->domid, bytes);
	return 0;
}

/*
 * The node at @path made private to the request's tree (shared nodes on
 * the way copied; in a transaction the copies are charged to the
 * domain), or NULL if it does not exist or memory ran out (*@err).
 */
static struct xs_node *xs_own_path(struct xs_req *r, const char *path, int *err)
{
	struct xs_node **slot = r->rootp, *n;
	const char *comp;
	size_t pos = 0, len;
	long i;

	*err = 0;
	for (;;) {
		n = *slot;
		if (n->ref > 1) {
			struct xs_node *c;

			if (r->tx) {
				*err = xs_tx_charge(r, xs_node_bytes(n));
				if (*err)
					return NULL;
			}
			c = xs_node_clone(r->s, n);
			if (!c) {
				*err = -ENOMEM;
				return NULL;
			}
			n->ref--;
			*slot = c;
			n = c;
		}
		if (!xs_next_comp(path, &pos, &comp, &len))
			return n;
		i = xs_kid_find(n, comp, len);
		if (i < 0)
			return NULL;
		slot = &n->kids[i];
	}
}

/*
 * access_node(): the first touch of @path in the transaction records the
 * generation it had (0: missing); past quota_trans_nodes that is ENOSPC
 * and the transaction can no longer commit.
 */
static int xs_tx_access(struct xs_req *r, const char *path, const struct xs_node *n)
{
	struct xs_tx *tx = r->tx;
	u32 i;

	if (!tx)
		return 0;
	for (i = 0; i < tx->nacc; i++)
		if (!strcmp(tx->acc[i].path, path))
			return 0;
	if (!r->c->priv && tx->nacc >= XENHV_XS_QUOTA_TRANS_NODES) {
		tx->fail = true;
		return -ENOSPC;
	}
	if (xs_tx_charge(r, sizeof(*tx->acc) + strlen(path) + 1) ||
	    !xs_grow((void **)&tx->acc, &tx->acap, tx->nacc + 1, sizeof(*tx->acc)))
		return -ENOMEM;
	tx->acc[tx->nacc].path = kstrdup(path, GFP_KERNEL);
	if (!tx->acc[tx->nacc].path)
		return -ENOMEM;
	tx->acc[tx->nacc].gen = n ? n->gen : 0;
	tx->nacc++;
	return 0;
}

static int xs_tx_log(struct xs_req *r, enum xs_change_type type, const char *path,
		     const u8 *data, u32 len, const struct xenhv_xs_perm *perms, u16 nperms)
{
	struct xs_tx *tx = r->tx;
	struct xs_change *ch;

	if (xs_tx_charge(r, sizeof(*ch) + strlen(path) + 1 + len + nperms * sizeof(*perms)) ||
	    !xs_grow((void **)&tx->ch, &tx->chcap, tx->nch + 1, sizeof(*tx->ch)))
		return -ENOMEM;
	ch = &tx->ch[tx->nch];
	memset(ch, 0, sizeof(*ch));
	ch->type = type;
	ch->path = kstrdup(path, GFP_KERNEL);
	if (len)
		ch->data = kmemdup(data, len, GFP_KERNEL);
	if (nperms)
		ch->perms = kmemdup(perms, nperms * sizeof(*perms), GFP_KERNEL);
	if (!ch->path || (len && !ch->data) || (nperms && !ch->perms)) {
		kfree(ch->path);
		kfree(ch->data);
		kfree(ch->perms);
		tx->fail = true;
		return -ENOMEM;
	}
	ch->len = len;
	ch->nperms = nperms;
	tx->nch++;
	return 0;
}

/*
 * get_node() with errno_from_parents(): a missing node is ENOENT to a
 * domain granted any of @perm on its nearest existing ancestor, else
 * EACCES, so existence does not leak through closed directories; a node
 * without all of @perm is EACCES. In a transaction the node (or the
 * ancestor asked) is touched.
 */
static struct xs_node *xs_get(struct xs_req *r, const char *path, unsigned int perm, int *err)
{
	struct xs_node *n = xs_lookup(*r->rootp, path);

	*err = xs_tx_access(r, path, n);
	if (*err)
		return NULL;
	if (!n) {
		size_t plen;
		struct xs_node *a = xs_nearest(*r->rootp, path, &plen);
		char *apath = kmemdup_nul(path, plen, GFP_KERNEL);

		*err = apath ? xs_tx_access(r, apath, a) : -ENOMEM;
		kfree(apath);
		if (!*err)
			*err = xs_node_perm(r->c, a) & perm ? -ENOENT : -EACCES;
		return NULL;
	}
	if ((xs_node_perm(r->c, n) & perm) != perm) {
		*err = -EACCES;
		return NULL;
	}
	return n;
}

/* ---- output ---- */

static void xs_queue(struct xenhv_xs_conn *c, struct xs_msg *m)
{
	m->next = NULL;
	if (c->out_tail)
		c->out_tail->next = m;
	else
		c->out = m;
	c->out_tail = m;
	if (!m->event)
		c->replies++;
	xs_mem_add(c->s, c->domid, m->len);
	if (c->wake)
		c->wake(c->wake_priv);
}

static struct xs_msg *xs_msg_new(u32 type, u32 req_id, u32 tx_id,
				 const void *a, u32 alen, const void *b, u32 blen)
{
	struct xsd_sockmsg hdr = {
		.type = type, .req_id = req_id, .tx_id = tx_id, .len = alen + blen,
	};
	struct xs_msg *m = kmalloc(struct_size(m, buf, XS_HDR + alen + blen), GFP_KERNEL);

	if (!m)
		return NULL;
	m->event = type == XS_WATCH_EVENT;
	m->len = XS_HDR + alen + blen;
	memcpy(m->buf, &hdr, XS_HDR);
	if (alen)
		memcpy(m->buf + XS_HDR, a, alen);
	if (blen)
		memcpy(m->buf + XS_HDR + alen, b, blen);
	return m;
}

static const char *xs_errname(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(xsd_errors); i++)
		if (xsd_errors[i].errnum == -err)
			return xsd_errors[i].errstring;
	if (err == -EPERM)	/* in 4.17's table, not in Linux's copy of it */
		return "EPERM";
	if (err == -EOPNOTSUPP)	/* an op xenstored does not have */
		return "ENOSYS";
	return "EINVAL";
}

/* send_error(): the errno's name, or EINVAL for one Xen cannot name. */
static void xs_error(struct xenhv_xs_conn *c, const struct xsd_sockmsg *req, int err)
{
	const char *name = xs_errname(err);
	struct xs_msg *m = xs_msg_new(XS_ERROR, req->req_id, req->tx_id, name,
				      strlen(name) + 1, NULL, 0);

	if (m)
		xs_queue(c, m);
}

/*
 * send_reply(): the request's header echoed with @data; a reply past the
 * payload limit is E2BIG, past the memory quota ENOMEM.
 */
static int xs_reply(struct xenhv_xs_conn *c, const struct xsd_sockmsg *req,
		    const void *data, u32 len)
{
	struct xs_msg *m;

	if (len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	if (len > 16 && xs_mem_over(c, XS_HDR + len))
		return -ENOMEM;
	m = xs_msg_new(req->type, req->req_id, req->tx_id, data, len, NULL, 0);
	if (!m)
		return -ENOMEM;
	xs_queue(c, m);
	return 0;
}

static int xs_ok(struct xenhv_xs_conn *c, const struct xsd_sockmsg *req)
{
	return xs_reply(c, req, "OK", 3);
}

/* ---- watches ---- */

/*
 * send_event(): "<path>\0<token>\0"; an identical event still queued is
 * not queued twice (but special ones are), and none past the memory
 * quota.
 */
static void xs_watch_event(struct xenhv_xs_conn *c, const struct xs_watch *w, const char *path)
{
	const char *p = path;
	struct xs_msg *m, *q;

	if (w->rel && strlen(p) >= w->rel)
		p += w->rel;
	m = xs_msg_new(XS_WATCH_EVENT, 0, 0, p, strlen(p) + 1, w->token, strlen(w->token) + 1);
	if (!m)
		return;
	if (m->len > XS_HDR + XENSTORE_PAYLOAD_MAX || xs_mem_over(c, m->len))
		goto drop;
	if (!xs_is_special(path))
		for (q = c->out; q; q = q->next)
			if (q->event && q->len == m->len && (q != c->out || !c->out_off) &&
			    !memcmp(q->buf, m->buf, m->len))
				goto drop;
	xs_queue(c, m);
	return;
drop:
	kfree(m);
}

/* is_child(): @child is @parent or below it. */
static bool xs_is_child(const char *child, const char *parent)
{
	size_t len = strlen(parent);

	if (len == 1 && parent[0] == '/')
		return true;
	return !strncmp(child, parent, len) && (child[len] == '/' || !child[len]);
}

/* The permissions a change is filtered with: the node's, its old ones, its parent's. */
struct xs_fire_perms {
	const struct xenhv_xs_perm *perms, *old, *parent;
	u16 nperms, nold, nparent;
};

/* watch_permitted(): may @c hear of a change to a node with @fp? */
static bool xs_watch_permitted(const struct xenhv_xs_conn *c, const struct xs_fire_perms *fp)
{
	if (fp->perms && xs_perm_for(c, fp->perms, fp->nperms) & XENHV_XS_PERM_READ)
		return true;
	if (fp->old && xs_perm_for(c, fp->old, fp->nold) & XENHV_XS_PERM_READ)
		return true;
	return fp->parent && xs_perm_for(c, fp->parent, fp->nparent) & XENHV_XS_PERM_READ;
}

/*
 * fire_watches(): a change at @path fires each watch on it or above it
 * (@exact: on it only), for every connection, the writer's included.
 */
static void xs_fire(struct xenhv_xs_store *s, const char *path, bool exact,
		    const struct xs_fire_perms *fp)
{
	u32 i, j;

	lockdep_assert_held(&s->lock);
	for (i = 0; i < s->nconns; i++) {
		struct xenhv_xs_conn *c = s->conns[i];

		if (!xs_watch_permitted(c, fp))
			continue;
		for (j = 0; j < c->nwatches; j++) {
			const struct xs_watch *w = &c->watches[j];

			if ((exact || xs_is_special(path)) ? !strcmp(path, w->node) :
			    xs_is_child(path, w->node))
				xs_watch_event(c, w, path);
		}
	}
}

/* A change at @path in the store (not a transaction): its watches. */
static void xs_fire_node(struct xenhv_xs_store *s, const char *path,
			 const struct xenhv_xs_perm *old, u16 nold)
{
	struct xs_node *n = xs_lookup(s->root, path);
	char *ppath = xs_parent_path(path);
	struct xs_node *p = ppath && strcmp(path, "/") ? xs_lookup(s->root, ppath) : NULL;
	struct xs_fire_perms fp = { .old = old, .nold = nold };

	kfree(ppath);
	if (n) {
		fp.perms = n->perms;
		fp.nperms = n->nperms;
	}
	if (p) {
		fp.parent = p->perms;
		fp.nparent = p->nperms;
	}
	xs_fire(s, path, false, &fp);
}

static int xs_special_index(const char *path)
{
	if (!strcmp(path, xs_special_names[0]))
		return 0;
	if (!strcmp(path, xs_special_names[1]))
		return 1;
	return -1;
}

/* @introduceDomain / @releaseDomain, to those who may read them (check_perms_special()). */
static void xs_fire_special(struct xenhv_xs_store *s, int which)
{
	struct xs_fire_perms fp = { .perms = s->special[which], .nperms = s->nspecial[which] };

	xs_fire(s, xs_special_names[which], true, &fp);
}

/* ---- changes, on the store or in a transaction ---- */

/* Charge or refund a node's record to its owner (store tree only). */
static void xs_charge(struct xs_req *r, const struct xs_node *n, int sign)
{
	if (!r->tx)
		xs_mem_add(r->s, n->perms[0].id, sign * (long)xs_rec_size(n));
}

/* Node-size quota (write_node_raw()): an unprivileged write keeps records below 2048. */
static bool xs_too_big(struct xs_req *r, size_t rec)
{
	return !r->c->priv && rec >= XENHV_XS_QUOTA_NODE_SIZE;
}

/* The missing nodes on the way to @path (so the node-count quota can be checked first). */
static unsigned int xs_missing(struct xs_node *root, const char *path)
{
	const char *comp;
	size_t pos = 0, len;
	struct xs_node *n = root;
	unsigned int m = 0;
	long i;

	while (xs_next_comp(path, &pos, &comp, &len)) {
		i = n ? xs_kid_find(n, comp, len) : -1;
		n = i >= 0 ? n->kids[i] : NULL;
		m += !n;
	}
	return m;
}

/*
 * create_node()/construct_node(): every missing node on the way to @path,
 * each with its parent's full permission list and, made by a domU, the
 * domU as owner; all or none (the node-count quota is checked first).
 * Returns the node at @path, private to the tree.
 */
static struct xs_node *xs_create(struct xs_req *r, const char *path, int *err)
{
	struct xenhv_xs_store *s = r->s;
	struct xs_node *parent, *n;
	const char *comp;
	char *ppath;
	size_t pos, len;
	u32 kcap;

	n = xs_own_path(r, path, err);
	if (n || *err)
		return n;
	if (!r->c->priv) {
		struct xs_dom *d = xs_dom(s, r->c->domid);
		unsigned int have = (d ? d->entries : 0) + (r->tx ? r->tx->created : 0);

		if (!d || have + xs_missing(*r->rootp, path) > XENHV_XS_QUOTA_ENTRIES) {
			*err = -ENOSPC;
			return NULL;
		}
	}
	ppath = xs_parent_path(path);
	if (!ppath) {
		*err = -ENOMEM;
		return NULL;
	}
	parent = xs_create(r, ppath, err);
	if (parent)
		*err = xs_tx_access(r, ppath, parent) ?: xs_tx_access(r, path, NULL);
	kfree(ppath);
	if (!parent || *err)
		return NULL;
	pos = strrchr(path, '/') - path;
	xs_next_comp(path, &pos, &comp, &len);
	if (xs_too_big(r, xs_rec_size(parent) + len + 1)) {
		*err = -ENOSPC;
		return NULL;
	}
	kcap = parent->kcap;
	n = xs_node_alloc(s, comp, len);
	if (!n || xs_node_set_perms(s, n, parent->perms, parent->nperms) ||
	    !xs_grow((void **)&parent->kids, &parent->kcap, parent->nkids + 1,
		     sizeof(*parent->kids))) {
		xs_node_put(s, n);
		*err = -ENOMEM;
		return NULL;
	}
	s->bytes += (parent->kcap - kcap) * sizeof(*parent->kids);
	if (!r->c->priv)
		n->perms[0].id = r->c->domid;
	n->gen = ++s->gen;
	xs_charge(r, parent, -1);
	parent->kids[parent->nkids++] = n;
	parent->kidlen += len + 1;
	parent->gen = ++s->gen;
	xs_charge(r, parent, 1);
	xs_charge(r, n, 1);
	if (r->tx)
		r->tx->created++;
	else
		xs_entries_add(s, n->perms[0].id, 1);
	return n;
}

static void xs_uncharge_tree(struct xs_req *r, const struct xs_node *n)
{
	u32 i;

	for (i = 0; i < n->nkids; i++)
		xs_uncharge_tree(r, n->kids[i]);
	xs_charge(r, n, -1);
	if (!r->tx)
		xs_entries_add(r->s, n->perms[0].id, -1);
	else if (n->perms[0].id == r->c->domid)
		r->tx->created--;
}

/*
 * The removal's watches (delnode_sub()), children first: each removed
 * node fires the watches on exactly it, the top one also those above.
 * @parent: the top node's parent's permissions.
 */
static void xs_fire_removed(struct xenhv_xs_store *s, const struct xs_node *n, char *path,
			    size_t plen, bool top, const struct xenhv_xs_perm *parent, u16 nparent)
{
	struct xs_fire_perms fp = {
		.perms = n->perms, .nperms = n->nperms, .parent = parent, .nparent = nparent,
	};
	u32 i;

	for (i = 0; i < n->nkids; i++) {
		size_t k = strlen(n->kids[i]->name);

		if (plen + 1 + k > XENSTORE_ABS_PATH_MAX + XENHV_XS_QUOTA_PATH)
			continue;
		path[plen] = '/';
		memcpy(path + plen + 1, n->kids[i]->name, k + 1);
		xs_fire_removed(s, n->kids[i], path, plen + 1 + k, false, n->perms, n->nperms);
	}
	path[plen] = 0;
	xs_fire(s, path, !top, &fp);
}

/*
 * Remove the subtree at @path (which exists) from the tree; in the store,
 * fire its watches first, while the nodes' permissions can be seen.
 */
static int xs_remove(struct xs_req *r, const char *path)
{
	struct xenhv_xs_store *s = r->s;
	char *ppath = xs_parent_path(path);
	struct xs_node *parent, *n;
	long i;
	int err;

	if (!ppath)
		return -ENOMEM;
	parent = xs_own_path(r, ppath, &err);
	if (parent)
		err = xs_tx_access(r, ppath, parent);
	kfree(ppath);
	if (!parent || err)
		return err ?: -ENOENT;
	i = xs_kid_find(parent, strrchr(path, '/') + 1, strlen(strrchr(path, '/') + 1));
	if (i < 0)
		return -ENOENT;
	n = parent->kids[i];
	if (!r->tx) {
		char *buf = kmalloc(XENSTORE_ABS_PATH_MAX + XENHV_XS_QUOTA_PATH + 2, GFP_KERNEL);

		if (!buf)
			return -ENOMEM;
		strscpy(buf, path, XENSTORE_ABS_PATH_MAX + XENHV_XS_QUOTA_PATH + 2);
		xs_fire_removed(s, n, buf, strlen(buf), true, parent->perms, parent->nperms);
		kfree(buf);
	}
	xs_uncharge_tree(r, n);
	xs_charge(r, parent, -1);
	memmove(&parent->kids[i], &parent->kids[i + 1],
		(parent->nkids - i - 1) * sizeof(*parent->kids));
	parent->nkids--;
	parent->kidlen -= strlen(n->name) + 1;
	parent->gen = ++s->gen;
	xs_charge(r, parent, 1);
	xs_node_put(s, n);
	return 0;
}

/* Set the value of the (private) node @n. */
static int xs_set_value(struct xs_req *r, struct xs_node *n, const u8 *data, u32 len)
{
	long more = (long)len - n->len;
	int err;

	if (xs_too_big(r, xs_rec_size(n) - n->len + len))
		return -ENOSPC;
	/* Past the memory quota a node write fails as write_node_raw() does. */
	if (!r->tx && more > 0 && xs_mem_over(r->c, more))
		return -EIO;
	xs_charge(r, n, -1);
	err = xs_node_set_data(r->s, n, data, len);
	xs_charge(r, n, 1);
	if (!err)
		n->gen = ++r->s->gen;
	return err;
}

/* Set the permissions of @path (which exists), moving its count if the owner changes. */
static int xs_set_perms(struct xs_req *r, const char *path, const struct xenhv_xs_perm *perms,
			u16 nperms)
{
	struct xs_node *n;
	u32 owner;
	int err;

	n = xs_own_path(r, path, &err);
	if (!n)
		return err ?: -ENOENT;
	if (xs_too_big(r, xs_rec_size(n) + 8 * ((int)nperms - n->nperms)))
		return -ENOSPC;
	owner = n->perms[0].id;
	xs_charge(r, n, -1);
	err = xs_node_set_perms(r->s, n, perms, nperms);
	xs_charge(r, n, 1);
	if (err)
		return err;
	if (!r->tx && owner != perms[0].id) {
		xs_entries_add(r->s, owner, -1);
		xs_entries_add(r->s, perms[0].id, 1);
	}
	n->gen = ++r->s->gen;
	return 0;
}

/* ---- requests ---- */

/* get_strings(): @n NUL-terminated strings at the start of the payload; bytes after. */
static int xs_strings(const u8 *p, u32 len, const char **out, unsigned int n)
{
	unsigned int i;
	u32 off = 0;

	for (i = 0; i < n; i++) {
		const u8 *z = off < len ? memchr(p + off, 0, len - off) : NULL;

		if (!z)
			return -EINVAL;
		out[i] = (const char *)p + off;
		off = z - p + 1;
	}
	return off;
}

static unsigned int xs_count_nuls(const u8 *p, u32 len)
{
	unsigned int n = 0;
	u32 i;

	for (i = 0; i < len; i++)
		n += !p[i];
	return n;
}

/* onearg(): exactly one NUL-terminated string, the whole payload. */
static const char *xs_onearg(const u8 *p, u32 len)
{
	if (!len || p[len - 1] || memchr(p, 0, len) != p + len - 1)
		return NULL;
	return (const char *)p;
}

/* A request's path argument, canonical and valid, or an ERR_PTR (EINVAL). */
static char *xs_req_path(struct xs_req *r, const char *arg)
{
	size_t rel;
	char *abs;

	if (!arg)
		return ERR_PTR(-EINVAL);
	abs = xs_canonical(r->c, arg, &rel);
	if (!IS_ERR(abs) && !xs_valid_path(abs)) {
		kfree(abs);
		return ERR_PTR(-EINVAL);
	}
	return abs;
}

/* C's atoi(), which xenstored applies to numeric arguments unchecked. */
static int xs_atoi(const char *s)
{
	bool neg = false;
	unsigned int v = 0;

	while (isspace(*s))
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while (isdigit(*s))
		v = v * 10 + (*s++ - '0');
	return neg ? -(int)v : (int)v;
}

static int xs_do_read(struct xs_req *r, const struct xsd_sockmsg *h, const u8 *p)
{
	char *path = xs_req_path(r, xs_onearg(p, h->len));
	struct xs_node *n;
	int err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	n = xs_get(r, path, XENHV_XS_PERM_READ, &err);
	kfree(path);
	return n ? xs_reply(r->c, h, n->data, n->len) : err;
}

/* The children's names, each NUL-terminated, in creation order. */
static u8 *xs_kid_names(const struct xs_node *n)
{
	u8 *buf = kmalloc(n->kidlen ?: 1, GFP_KERNEL);
	u32 i, off = 0;

	if (!buf)
		return NULL;
	for (i = 0; i < n->nkids; i++) {
		size_t k = strlen(n->kids[i]->name) + 1;

		memcpy(buf + off, n->kids[i]->name, k);
		off += k;
	}
	return buf;
}

/*
 * send_directory_part(): the generation, then whole names from byte
 * @off of the list (mid-name offsets give a name's tail) while they fit,
 * and an empty name when the list ends there.
 */
static int xs_dir_part(struct xs_req *r, const struct xsd_sockmsg *h, const struct xs_node *n,
		       unsigned int off, const u8 *names)
{
	u8 *buf = kmalloc(XENSTORE_PAYLOAD_MAX, GFP_KERNEL);
	size_t glen, len = 0;
	int err;

	if (!buf)
		return -ENOMEM;
	glen = snprintf(buf, 32, "%llu", (unsigned long long)n->gen) + 1;
	if (off >= n->kidlen) {
		buf[glen] = 0;
		len = 1;
	} else {
		while (off + len < n->kidlen) {
			size_t k = strlen((const char *)names + off + len);

			if (glen + len + k >= XENSTORE_PAYLOAD_MAX - 1)
				break;
			len += k + 1;
		}
		memcpy(buf + glen, names + off, len);
		if (off + len == n->kidlen)
			buf[glen + len++] = 0;
	}
	err = xs_reply(r->c, h, buf, glen + len);
	kfree(buf);
	return err;
}

static int xs_do_directory(struct xs_req *r, const struct xsd_sockmsg *h, const u8 *p, bool part)
{
	const char *args[2] = { NULL, NULL };
	struct xs_node *n;
	char *path;
	u8 *names;
	int err;

	if (part) {
		if (xs_count_nuls(p, h->len) != 2 || xs_strings(p, h->len, args, 2) < 0)
			return -EINVAL;
	} else {
		args[0] = xs_onearg(p, h->len);
	}
	path = xs_req_path(r, args[0]);
	if (IS_ERR(path))
		return PTR_ERR(path);
	n = xs_get(r, path, XENHV_XS_PERM_READ, &err);
	kfree(path);
	if (!n)
		return err;
	names = xs_kid_names(n);
	if (!names)
		return -ENOMEM;
	err = part ? xs_dir_part(r, h, n, xs_atoi(args[1]), names) :
		     xs_reply(r->c, h, names, n->kidlen);
	kfree(names);
	return err;
}

static int xs_perms_string(const struct xenhv_xs_perm *perms, u16 nperms, char **out, u32 *len)
{
	static const char letter[] = "nrwb";
	char *buf = kmalloc(nperms * 16, GFP_KERNEL);
	u32 l = 0;
	u16 i;

	if (!buf)
		return -ENOMEM;
	for (i = 0; i < nperms; i++)
		l += sprintf(buf + l, "%c%i", letter[perms[i].perms & XS_PERM_BOTH],
			     (int)perms[i].id) + 1;
	*out = buf;
	*len = l;
	return 0;
}

static int xs_do_get_perms(struct xs_req *r, const struct xsd_sockmsg *h, const u8 *p)
{
	char *path = xs_req_path(r, xs_onearg(p, h->len)), *s;
	struct xs_node *n;
	u32 len;
	int err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	n = xs_get(r, path, XENHV_XS_PERM_READ, &err);
	kfree(path);
	if (!n)
		return err;
	err = xs_perms_string(n->perms, n->nperms, &s, &len);
	if (err)
		return err;
	err = xs_reply(r->c, h, s, len);
	kfree(s);
	return err;
}

/* Write @path in the request's tree: create it (and its parents) or set its value. */
static int xs_apply_write(struct xs_req *r, enum xs_change_type type, const char *path,
			  const u8 *data, u32 len)
{
	struct xs_node *n;
	int err;

	n = xs_create(r, path, &err);
	if (!n)
		return err;
	return type == XS_CH_WRITE ? xs_set_value(r, n, data, len) : 0;
}

/*
 * do_write()/do_mkdir(): needs write permission on the node, or (to
 * create it) one the hide rule grants on its nearest ancestor. A write
 * fires the node's watches even with an unchanged value; a mkdir of an
 * existing node changes nothing and fires none.
 */
static int xs_do_write(struct xs_req *r, const struct xsd_sockmsg *h, const u8 *p, bool mkdir)
{
	const u8 *data = NULL;
	const char *arg = NULL;
	struct xs_node *n;
	u32 dlen = 0;
	char *path;
	int off, err;

	if (mkdir) {
		arg = xs_onearg(p, h->len);
	} else {
		off = xs_strings(p, h->len, &arg, 1);
		if (off < 0)
			return off;
		data = p + off;
		dlen = h->len - off;
	}
	path = xs_req_path(r, arg);
	if (IS_ERR(path))
		return PTR_ERR(path);
	n = xs_get(r, path, XENHV_XS_PERM_WRITE, &err);
	if (!n && err != -ENOENT)
		goto out;
	if (mkdir && n) {
		err = xs_ok(r->c, h);
		goto out;
	}
	/* A new node is all or nothing: its size is checked before any is made. */
	if (!n) {
		size_t plen;
		struct xs_node *a = xs_nearest(*r->rootp, path, &plen);

		if (xs_too_big(r, XS_REC_HDR + 8 * a->nperms + dlen)) {
			err = -ENOSPC;
			goto poison;
		}
	}
	err = xs_apply_write(r, mkdir ? XS_CH_MKDIR : XS_CH_WRITE, path, data, dlen);
	if (err)
		goto poison;
	if (r->tx)
		err = xs_tx_log(r, mkdir ? XS_CH_MKDIR : XS_CH_WRITE, path, data, dlen, NULL, 0);
	else
		xs_fire_node(r->s, path, NULL, 0);
	if (!err)
		err = xs_ok(r->c, h);
poison:
	if (err && r->tx)
		r->tx->fail = true;
out:
	kfree(path);
	return err;
}

/*
 * do_rm(): needs write permission on the node only. A missing node is
 * fine if its parent exists (and the hide rule says ENOENT); "/" cannot
 * go.
 */
static int xs_do_rm(struct xs_req *r, const struct xsd_sockmsg *h, const u8 *p)
{
	char *path = xs_req_path(r, xs_onearg(p, h->len));
	struct xs_node *n;
	int err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	n = xs_get(r, path, XENHV_XS_PERM_WRITE, &err);
	if (!n) {
		if (err == -ENOENT) {
			char *pp = xs_parent_path(path);

			if (!pp)
				err = -ENOMEM;
			else if (xs_lookup(*r->rootp, pp))
				err = xs_ok(r->c, h);
			kfree(pp);
		}
		goto out;
	}
	if (!strcmp(path, "/")) {
		err = -EINVAL;
		goto out;
	}
	err = xs_remove(r, path);
	if (!err && r->tx)
		err = xs_tx_log(r, XS_CH_RM, path, NULL, 0, NULL, 0);
	if (!err)
		err = xs_ok(r->c, h);
	else if (r->tx)
		r->tx->fail = true;
out:
	kfree(path);
	return err;
}

/* xs_strings_to_perms(): a letter n/r/w/b, then a domid as strtol(base 0) reads it. */
static int xs_parse_perm(const char *s, struct xenhv_xs_perm *p)
{
	static const char letters[] = "nrwb";
	const char *l = s[0] ? strchr(letters, s[0]) : NULL;
	long id;

	if (!l || !s[1] || kstrtol(s + 1, 0, &id))
		return -EINVAL;
	p->perms = l - letters;
	p->id = (u32)id;
	return 0;
}

/* set_perms_special(): only dom0 may open @introduceDomain / @releaseDomain. */
static int xs_set_perms_special(struct xs_req *r, const struct xsd_sockmsg *h, const char *name,
				const struct xenhv_xs_perm *perms, u16 nperms)
{
	int which = xs_special_index(name);

	if (which < 0)
		return -EINVAL;
	if ((xs_perm_for(r->c, r->s->special[which], r->s->nspecial[which]) &
	     (XENHV_XS_PERM_WRITE | XENHV_XS_PERM_OWNER)) !=
	    (XENHV_XS_PERM_WRITE | XENHV_XS_PERM_OWNER))
		return -EACCES;
	if (nperms > ARRAY_SIZE(r->s->special[which]))
		return -ENOSPC;
	memcpy(r->s->special[which], perms, nperms * sizeof(*perms));
	r->s->nspecial[which] = nperms;
	return xs_ok(r->c, h);
}

/*
 * do_set_perms(): needs write permission or ownership; a domU may change
 * the default and the list but not the owner (EPERM). Entries naming no
 * existing domain are kept but ignored; an ignored owner is ENOENT.
 */
static int xs_do_set_perms(struct xs_req *r, const struct xsd_sockmsg *h, const u8 *p)
{
	struct xenhv_xs_perm *perms;
	unsigned int nuls = xs_count_nuls(p, h->len), i;
	const char *arg, *s;
	struct xs_node *n;
	char *path = NULL;
	u16 nperms;
	int off, err;

	if (nuls < 2)
		return -EINVAL;
	nperms = nuls - 1;
	if (!r->c->priv && nperms > XENHV_XS_QUOTA_PERMS)
		return -ENOSPC;
	off = xs_strings(p, h->len, &arg, 1);
	perms = kcalloc(nperms, sizeof(*perms), GFP_KERNEL);
	if (!perms)
		return -ENOMEM;
	for (i = 0, s = (const char *)p + off; i < nperms; i++, s += strlen(s) + 1) {
		err = xs_parse_perm(s, &perms[i]);
		if (err)
			goto out;
		if (!xs_dom_exists(r->s, perms[i].id))
			perms[i].perms |= XENHV_XS_PERM_IGNORE;
	}
	if (perms[0].perms & XENHV_XS_PERM_IGNORE) {
		err = -ENOENT;
		goto out;
	}
	if (xs_is_special(arg)) {
		err = xs_set_perms_special(r, h, arg, perms, nperms);
		goto out;
	}
	path = xs_req_path(r, arg);
	if (IS_ERR(path)) {
		err = PTR_ERR(path);
		path = NULL;
		goto out;
	}
	n = xs_get(r, path, XENHV_XS_PERM_WRITE | XENHV_XS_PERM_OWNER, &err);
	if (!n)
		goto out;
	if (!r->c->priv && perms[0].id != n->perms[0].id) {
		err = -EPERM;
		goto out;
	}
	{
		struct xenhv_xs_perm *old = kmemdup(n->perms, n->nperms * sizeof(*old), GFP_KERNEL);
		u16 nold = n->nperms;

		err = old ? xs_set_perms(r, path, perms, nperms) : -ENOMEM;
		if (!err && r->tx)
			err = xs_tx_log(r, XS_CH_PERMS, path, NULL, 0, perms, nperms);
		else if (!err)
			xs_fire_node(r->s, path, old, nold);
		kfree(old);
	}
	if (!err)
		err = xs_ok(r->c, h);
	else if (r->tx)
		r->tx->fail = true;
out:
	kfree(path);
	kfree(perms);
	return err;
}

static unsigned int xs_dom_watches(struct xenhv_xs_conn *c)
{
	struct xs_dom *d = xs_dom(c->s, c->domid);

	return d ? d->watches : UINT_MAX;
}

/*
 * do_watch(): no permission or existence check; a repeated (path, token)
 * is EEXIST; past the quota E2BIG. OK, then one event at once with the
 * path as given.
 */
static int xs_do_watch(struct xs_req *r, const struct xsd_sockmsg *h, const u8 *p)
{
	struct xenhv_xs_conn *c = r->c;
	const char *args[2];
	struct xs_watch *w;
	size_t rel;
	char *node;
	long mem;
	u32 i;
	int err;

	if (xs_count_nuls(p, h->len) != 2 || xs_strings(p, h->len, args, 2) < 0)
		return -EINVAL;
	if (xs_is_special(args[0])) {
		if (strlen(args[0]) > XENHV_XS_QUOTA_PATH)
			return -EINVAL;
		node = kstrdup(args[0], GFP_KERNEL);
		rel = 0;
		if (!node)
			return -ENOMEM;
	} else {
		node = xs_req_path(r, args[0]);
		if (IS_ERR(node))
			return PTR_ERR(node);
		rel = args[0][0] == '/' ? 0 : strlen(node) - strlen(args[0]);
	}
	for (i = 0; i < c->nwatches; i++)
		if (!strcmp(c->watches[i].node, node) && !strcmp(c->watches[i].token, args[1])) {
			kfree(node);
			return -EEXIST;
		}
	if (!c->priv && xs_dom_watches(c) > XENHV_XS_QUOTA_WATCHES) {
		kfree(node);
		return -E2BIG;
	}
	mem = sizeof(*w) + strlen(node) + strlen(args[1]) + 2;
	if (xs_mem_over(c, mem) ||
	    !xs_grow((void **)&c->watches, &c->wcap, c->nwatches + 1, sizeof(*c->watches))) {
		kfree(node);
		return -ENOMEM;
	}
	w = &c->watches[c->nwatches];
	w->token = kstrdup(args[1], GFP_KERNEL);
	if (!w->token) {
		kfree(node);
		return -ENOMEM;
	}
	w->node = node;
	w->rel = rel;
	c->nwatches++;
	xs_dom(c->s, c->domid)->watches++;
	xs_mem_add(c->s, c->domid, mem);
	err = xs_ok(c, h);
	/* The first event names the path as the watcher gave it. */
	if (!err) {
		struct xs_watch as_given = { .node = (char *)args[0], .token = w->token };

		xs_watch_event(c, &as_given, args[0]);
	}
	return err;
}

static void xs_watch_drop(struct xenhv_xs_conn *c, u32 i)
{
	struct xs_watch *w = &c->watches[i];

	xs_mem_add(c->s, c->domid, -(long)(sizeof(*w) + strlen(w->node) + strlen(w->token) + 2));
	xs_dom(c->s, c->domid)->watches--;
	kfree(w->node);
	kfree(w->token);
	memmove(w, w + 1, (c->nwatches - i - 1) * sizeof(*w));
	c->nwatches--;
}

/* do_unwatch(): the canonical path and token must match a watch (no validity check). */
static int xs_do_unwatch(struct xs_req *r, const struct xsd_sockmsg *h, const u8 *p)
{
	struct xenhv_xs_conn *c = r->c;
	const char *args[2];
	size_t rel;
	char *node;
	u32 i;

	if (xs_count_nuls(p, h->len) != 2 || xs_strings(p, h->len, args, 2) < 0)
		return -EINVAL;
	node = xs_canonical(c, args[0], &rel);
	if (IS_ERR(node))
		return PTR_ERR(node);
	for (i = 0; i < c->nwatches; i++)
		if (!strcmp(c->watches[i].node, node) && !strcmp(c->watches[i].token, args[1]))
			break;
	kfree(node);
	if (i == c->nwatches)
		return -ENOENT;
	xs_watch_drop(c, i);
	return xs_ok(c, h);
}

static void xs_tx_free(struct xenhv_xs_conn *c, struct xs_tx *tx)
{
	u32 i;

	for (i = 0; i < tx->nacc; i++)
		kfree(tx->acc[i].path);
	for (i = 0; i < tx->nch; i++) {
		kfree(tx->ch[i].path);
		kfree(tx->ch[i].data);
		kfree(tx->ch[i].perms);
	}
	kfree(tx->acc);
	kfree(tx->ch);
	xs_node_put(c->s, tx->root);
	xs_mem_add(c->s, c->domid, -tx->mem);
	xs_dom(c->s, c->domid)->txs--;
	kfree(tx);
}

static struct xs_tx *xs_tx_find(struct xenhv_xs_conn *c, u32 id)
{
	u32 i;

	for (i = 0; i < c->ntxs; i++)
		if (c->txs[i]->id == id)
			return c->txs[i];
	return NULL;
}

/* Is @id the id of an open transaction of any connection of @domid? */
static bool xs_tx_id_used(struct xenhv_xs_store *s, domid_t domid, u32 id)
{
	u32 i;

	for (i = 0; i < s->nconns; i++)
		if (s->conns[i]->domid == domid && xs_tx_find(s->conns[i], id))
			return true;
	return false;
}

/*
 * do_transaction_start(): inside a transaction EBUSY; past the quota
 * ENOSPC. The reply is the id, counted per domain from 1 and never one
 * in use, as the domain's one xenstored connection numbers them.
 */
static int xs_do_tx_start(struct xs_req *r, const struct xsd_sockmsg *h)
{
	struct xenhv_xs_conn *c = r->c;
	struct xs_dom *d = xs_dom(c->s, c->domid);
	char buf[16];
	struct xs_tx *tx;
	int err;

	if (r->tx)
		return -EBUSY;
	if (!d)
		return -ENOMEM;
	if (!c->priv && d->txs > XENHV_XS_QUOTA_TRANSACTIONS)
		return -ENOSPC;
	if (xs_mem_over(c, sizeof(*tx)) ||
	    !xs_grow((void **)&c->txs, &c->tcap, c->ntxs + 1, sizeof(*c->txs)))
		return -ENOMEM;
	tx = kzalloc(sizeof(*tx), GFP_KERNEL);
	if (!tx)
		return -ENOMEM;
	do {
		tx->id = ++d->next_tx;
	} while (!tx->id || xs_tx_id_used(c->s, c->domid, tx->id));
	tx->root = c->s->root;
	tx->root->ref++;
	tx->mem = sizeof(*tx);
	xs_mem_add(c->s, c->domid, tx->mem);
	d->txs++;
	c->txs[c->ntxs++] = tx;
	err = xs_reply(c, h, buf, snprintf(buf, sizeof(buf), "%u", tx->id) + 1);
	return err;
}

static void xs_tx_drop(struct xenhv_xs_conn *c, struct xs_tx *tx)
{
	u32 i;

	for (i = 0; i < c->ntxs; i++)
		if (c->txs[i] == tx) {
			memmove(&c->txs[i], &c->txs[i + 1], (c->ntxs - i - 1) * sizeof(*c->txs));
			c->ntxs--;
			break;
		}
	xs_tx_free(c, tx);
}

/*
 * transaction_commit(): every node the transaction touched must have the
 * generation it had then; the node-count quota is checked on the result;
 * then the changes are replayed on the store, which fires their watches.
 */
static int xs_tx_commit(struct xenhv_xs_conn *c, struct xs_tx *tx)
{
	struct xenhv_xs_store *s = c->s;
	struct xs_req r = { .s = s, .c = c, .rootp = &s->root };
	struct xs_dom *d = xs_dom(s, c->domid);
	u32 i;
	int err;

	if (tx->fail)
		return -ENOMEM;
	for (i = 0; i < tx->nacc; i++) {
		struct xs_node *n = xs_lookup(s->root, tx->acc[i].path);

		if ((n ? n->gen : 0) != tx->acc[i].gen)
			return -EAGAIN;
	}
	if (!c->priv && tx->created > 0 &&
	    (!d || d->entries + tx->created >= XENHV_XS_QUOTA_ENTRIES))
		return -ENOSPC;
	/* The checks above passed, so only memory can fail from here. */
	for (i = 0; i < tx->nch; i++) {
		const struct xs_change *ch = &tx->ch[i];
		struct xenhv_xs_perm *old = NULL;
		struct xs_node *n;
		u16 nold = 0;

		switch (ch->type) {
		case XS_CH_WRITE:
		case XS_CH_MKDIR:
			err = xs_apply_write(&r, ch->type, ch->path, ch->data, ch->len);
			break;
		case XS_CH_RM:
			/* xs_remove() fires the removal's watches itself. */
			err = xs_lookup(s->root, ch->path) ? xs_remove(&r, ch->path) : 0;
			break;
		case XS_CH_PERMS:
			n = xs_lookup(s->root, ch->path);
			if (n) {
				nold = n->nperms;
				old = kmemdup(n->perms, nold * sizeof(*old), GFP_KERNEL);
			}
			err = n && !old ? -ENOMEM : xs_set_perms(&r, ch->path, ch->perms, ch->nperms);
			break;
		default:
			err = -EINVAL;
		}
		if (!err && ch->type != XS_CH_RM)
			xs_fire_node(s, ch->path, old, nold);
		kfree(old);
		if (err)
			return err;
	}
	return 0;
}

/* do_transaction_end(): "T" commits, "F" drops; either way it is gone. */
static int xs_do_tx_end(struct xs_req *r, const struct xsd_sockmsg *h, const u8 *p)
{
	const char *arg = xs_onearg(p, h->len);
	struct xs_tx *tx = r->tx;
	int err = 0;

	if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
		return -EINVAL;
	if (!tx)
		return -ENOENT;
	r->tx = NULL;
	r->rootp = &r->s->root;
	if (!strcmp(arg, "T"))
		err = xs_tx_commit(r->c, tx);
	xs_tx_drop(r->c, tx);
	return err ?: xs_ok(r->c, h);
}

/* do_get_domain_path(): any domid, as atoi() reads it; no existence check. */
static int xs_do_get_domain_path(struct xs_req *r, const struct xsd_sockmsg *h, const u8 *p)
{
	const char *arg = xs_onearg(p, h->len);
	char buf[32];

	if (!arg)
		return -EINVAL;
	return xs_reply(r->c, h, buf,
			snprintf(buf, sizeof(buf), "/local/domain/%u", (unsigned int)xs_atoi(arg)) + 1);
}

/* do_is_domain_introduced(), the toolstack's: "T" or "F". */
static int xs_do_is_introduced(struct xs_req *r, const struct xsd_sockmsg *h, const u8 *p)
{
	const char *arg = xs_onearg(p, h->len);
	int domid;

	if (!arg)
		return -EINVAL;
	domid = xs_atoi(arg);
	return xs_reply(r->c, h, domid >= 0 && xs_dom_exists(r->s, domid) ? "T" : "F", 2);
}

static void xs_conn_reset(struct xenhv_xs_conn *c)
{
	while (c->nwatches)
		xs_watch_drop(c, c->nwatches - 1);
	while (c->ntxs)
		xs_tx_drop(c, c->txs[c->ntxs - 1]);
}

/*
 * wire_funcs[] flags (xenstored_core.c): the toolstack's ops, and the
 * two that take no transaction (their tx_id is not looked at).
 */
#define XS_F_NOTID	1
#define XS_F_PRIV	2
#define XS_F_VALID	4

static const u8 xs_flags[XS_TYPE_COUNT] = {
	[XS_CONTROL] = XS_F_VALID | XS_F_PRIV,
	[XS_DIRECTORY] = XS_F_VALID,
	[XS_READ] = XS_F_VALID,
	[XS_GET_PERMS] = XS_F_VALID,
	[XS_WATCH] = XS_F_VALID | XS_F_NOTID,
	[XS_UNWATCH] = XS_F_VALID | XS_F_NOTID,
	[XS_TRANSACTION_START] = XS_F_VALID,
	[XS_TRANSACTION_END] = XS_F_VALID,
	[XS_INTRODUCE] = XS_F_VALID | XS_F_PRIV,
	[XS_RELEASE] = XS_F_VALID | XS_F_PRIV,
	[XS_GET_DOMAIN_PATH] = XS_F_VALID,
	[XS_WRITE] = XS_F_VALID,
	[XS_MKDIR] = XS_F_VALID,
	[XS_RM] = XS_F_VALID,
	[XS_SET_PERMS] = XS_F_VALID,
	[XS_IS_DOMAIN_INTRODUCED] = XS_F_VALID | XS_F_PRIV,
	[XS_RESUME] = XS_F_VALID | XS_F_PRIV,
	[XS_SET_TARGET] = XS_F_VALID | XS_F_PRIV,
	[XS_RESET_WATCHES] = XS_F_VALID,
	[XS_DIRECTORY_PART] = XS_F_VALID,
};

/* process_message(): no such op, then EACCES, then the transaction, then the op. */
static int xs_dispatch(struct xenhv_xs_conn *c, const struct xsd_sockmsg *h, const u8 *p)
{
	struct xs_req r = { .s = c->s, .c = c, .rootp = &c->s->root };

	lockdep_assert_held(&c->s->lock);
	if (h->type >= XS_TYPE_COUNT || !(xs_flags[h->type] & XS_F_VALID))
		return -EOPNOTSUPP;
	if ((xs_flags[h->type] & XS_F_PRIV) && !c->priv)
		return -EACCES;
	if (!(xs_flags[h->type] & XS_F_NOTID) && h->tx_id) {
		r.tx = xs_tx_find(c, h->tx_id);
		if (!r.tx)
			return -ENOENT;
		r.rootp = &r.tx->root;
	}
	switch (h->type) {
	case XS_READ:
		return xs_do_read(&r, h, p);
	case XS_WRITE:
		return xs_do_write(&r, h, p, false);
	case XS_MKDIR:
		return xs_do_write(&r, h, p, true);
	case XS_RM:
		return xs_do_rm(&r, h, p);
	case XS_DIRECTORY:
		return xs_do_directory(&r, h, p, false);
	case XS_DIRECTORY_PART:
		return xs_do_directory(&r, h, p, true);
	case XS_GET_PERMS:
		return xs_do_get_perms(&r, h, p);
	case XS_SET_PERMS:
		return xs_do_set_perms(&r, h, p);
	case XS_WATCH:
		return xs_do_watch(&r, h, p);
	case XS_UNWATCH:
		return xs_do_unwatch(&r, h, p);
	case XS_TRANSACTION_START:
		return xs_do_tx_start(&r, h);
	case XS_TRANSACTION_END:
		return xs_do_tx_end(&r, h, p);
	case XS_GET_DOMAIN_PATH:
		return xs_do_get_domain_path(&r, h, p);
	case XS_RESET_WATCHES:
		xs_conn_reset(c);
		return xs_ok(c, h);
	case XS_IS_DOMAIN_INTRODUCED:
		return xs_do_is_introduced(&r, h, p);
	default:
		/*
		 * The toolstack's ops, from dom0: xenhv's toolstack is in the
		 * kernel and introduces its domains itself.
		 */
		return -EOPNOTSUPP;
	}
}

/* ---- connections ---- */

/**
 * xenhv_xs_conn_write - feed bytes of the wire protocol from a client
 * @c: the connection
 * @buf: bytes (a kernel buffer), any split of the message stream
 * @len: how many
 *
 * Each complete request is answered (xenhv_xs_conn_read()) before this
 * returns. A domU with 20 replies unread has its requests wait, as
 * xenstored stops reading its ring: the bytes of a request not yet
 * taken are not consumed. A header announcing more than
 * XENSTORE_PAYLOAD_MAX is a protocol violation: the partial message is
 * dropped and the result is -E2BIG.
 *
 * Return: bytes consumed (0: wait for replies to be read), or -E2BIG.
 */
ssize_t xenhv_xs_conn_write(struct xenhv_xs_conn *c, const void *buf, size_t len)
{
	struct xenhv_xs_store *s = c->s;
	const u8 *b = buf;
	size_t done = 0;
	ssize_t ret;

	mutex_lock(&s->lock);
	while (done < len) {
		struct xsd_sockmsg h;
		size_t need = XS_HDR, n;

		if (!c->in_used && !c->priv && c->replies >= XS_OUTSTANDING)
			break;
		if (c->in_used >= XS_HDR) {
			memcpy(&h, c->in, XS_HDR);
			need += h.len;
		}
		n = min(len - done, need - c->in_used);
		memcpy(c->in + c->in_used, b + done, n);
		c->in_used += n;
		done += n;
		if (c->in_used < XS_HDR)
			continue;
		memcpy(&h, c->in, XS_HDR);
		if (h.len > XENSTORE_PAYLOAD_MAX) {
			c->in_used = 0;
			mutex_unlock(&s->lock);
			return -E2BIG;
		}
		if (c->in_used == XS_HDR + h.len) {
			int err = xs_dispatch(c, &h, c->in + XS_HDR);

			if (err)
				xs_error(c, &h, err);
			c->in_used = 0;
		}
	}
	ret = done;
	mutex_unlock(&s->lock);
	return ret;
}

/**
 * xenhv_xs_conn_read - take the next bytes of replies and watch events
 * @c: the connection
 * @buf: where (a kernel buffer)
 * @len: at most this many
 *
 * Return: bytes copied; 0 when nothing is queued.
 */
size_t xenhv_xs_conn_read(struct xenhv_xs_conn *c, void *buf, size_t len)
{
	struct xenhv_xs_store *s = c->s;
	size_t done = 0;

	mutex_lock(&s->lock);
	while (done < len && c->out) {
		struct xs_msg *m = c->out;
		size_t n = min(len - done, m->len - c->out_off);

		memcpy((u8 *)buf + done, m->buf + c->out_off, n);
		done += n;
		c->out_off += n;
		if (c->out_off == m->len) {
			c->out = m->next;
			if (!c->out)
				c->out_tail = NULL;
			if (!m->event)
				c->replies--;
			c->out_off = 0;
			xs_mem_add(s, c->domid, -(long)m->len);
			kfree(m);
		}
	}
	mutex_unlock(&s->lock);
	return done;
}

bool xenhv_xs_conn_readable(struct xenhv_xs_conn *c)
{
	return READ_ONCE(c->out) != NULL;
}

/* Would xenhv_xs_conn_write() take bytes now (not waiting for replies to be read)? */
bool xenhv_xs_conn_writable(struct xenhv_xs_conn *c)
{
	return c->priv || READ_ONCE(c->in_used) || READ_ONCE(c->replies) < XS_OUTSTANDING;
}

/**
 * xenhv_xs_conn_new - a client connection of domain @domid
 * @s: the store
 * @domid: the domain the client acts as; domain 0 is privileged
 * @wake: called (store lock held) when output is queued; may be NULL
 * @priv: its argument
 *
 * Return: the connection, or NULL on -ENOMEM.
 */
struct xenhv_xs_conn *xenhv_xs_conn_new(struct xenhv_xs_store *s, domid_t domid,
					xenhv_xs_wake_fn wake, void *priv)
{
	struct xenhv_xs_conn *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	c->s = s;
	c->domid = domid;
	c->priv = domid == 0;
	c->wake = wake;
	c->wake_priv = priv;
	mutex_lock(&s->lock);
	if (!xs_dom(s, domid) ||
	    !xs_grow((void **)&s->conns, &s->ccap, s->nconns + 1, sizeof(*s->conns))) {
		mutex_unlock(&s->lock);
		kfree(c);
		return NULL;
	}
	s->conns[s->nconns++] = c;
	mutex_unlock(&s->lock);
	return c;
}

/* The connection goes, with its watches, transactions and unread output. */
void xenhv_xs_conn_free(struct xenhv_xs_conn *c)
{
	struct xenhv_xs_store *s;
	u32 i;

	if (!c)
		return;
	s = c->s;
	mutex_lock(&s->lock);
	for (i = 0; i < s->nconns; i++)
		if (s->conns[i] == c) {
			s->conns[i] = s->conns[--s->nconns];
			break;
		}
	xs_conn_reset(c);
	while (c->out) {
		struct xs_msg *m = c->out;

		c->out = m->next;
		xs_mem_add(s, c->domid, -(long)m->len);
		kfree(m);
	}
	mutex_unlock(&s->lock);
	kfree(c->watches);
	kfree(c->txs);
	kfree(c);
}

/* ---- the store and its domains ---- */

/* Write @path as the toolstack does: create it, set @val (unless NULL) and @perms. */
static int xs_tool_write(struct xenhv_xs_store *s, const char *path, const char *val,
			 const struct xenhv_xs_perm *perms, u16 nperms)
{
	struct xs_req r = { .s = s, .c = s->tool, .rootp = &s->root };
	struct xs_node *n;
	int err;

	n = xs_create(&r, path, &err);
	if (!n)
		return err;
	if (val) {
		err = xs_set_value(&r, n, (const u8 *)val, strlen(val));
		if (err)
			return err;
	}
	if (perms) {
		err = xs_set_perms(&r, path, perms, nperms);
		if (err)
			return err;
	}
	xs_fire_node(s, path, NULL, 0);
	return 0;
}

struct xenhv_xs_store *xenhv_xs_store_new(void)
{
	static const struct xenhv_xs_perm none0 = { 0, XENHV_XS_PERM_NONE };
	struct xenhv_xs_store *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int err;

	if (!s)
		return NULL;
	mutex_init(&s->lock);
	xa_init(&s->doms);
	s->special[0][0] = none0;
	s->special[1][0] = none0;
	s->nspecial[0] = 1;
	s->nspecial[1] = 1;
	s->tool = kzalloc(sizeof(*s->tool), GFP_KERNEL);
	s->root = xs_node_alloc(s, "", 0);
	if (!s->tool || !s->root || !xs_dom(s, 0) || xs_node_set_perms(s, s->root, &none0, 1))
		goto fail;
	s->tool->s = s;
	s->tool->priv = true;
	s->root->gen = ++s->gen;
	xs_entries_add(s, 0, 1);
	xs_mem_add(s, 0, xs_rec_size(s->root));
	/* setup_structure(): "/tool/xenstored", and the home of all domains. */
	mutex_lock(&s->lock);
	err = xs_tool_write(s, "/tool/xenstored", "", NULL, 0) ?:
	      xs_tool_write(s, "/local/domain", "", NULL, 0);
	mutex_unlock(&s->lock);
	if (err)
		goto fail;
	return s;
fail:
	xenhv_xs_store_free(s);
	return NULL;
}

/**
 * xenhv_xs_init_dom0 - dom0's own nodes, as xen-init-dom0 writes them
 * @s: the store
 *
 * "/local/domain/0/domid" and "/local/domain/0/name" ("Domain-0"), owned
 * by dom0 (tools/helpers/xen-init-dom0.c), for a store whose dom0 is a
 * domain xenhv hosts.
 *
 * Return: 0 or a negative errno.
 */
int xenhv_xs_init_dom0(struct xenhv_xs_store *s)
{
	int err;

	mutex_lock(&s->lock);
	err = xs_tool_write(s, "/local/domain/0/domid", "0", NULL, 0) ?:
	      xs_tool_write(s, "/local/domain/0/name", "Domain-0", NULL, 0);
	mutex_unlock(&s->lock);
	return err;
}

/* Every connection must be gone first. */
void xenhv_xs_store_free(struct xenhv_xs_store *s)
{
	struct xs_dom *d;
	unsigned long id;

	if (!s)
		return;
	WARN_ON(s->nconns);
	xs_node_put(s, s->root);
	xa_for_each(&s->doms, id, d)
		kfree(d);
	xa_destroy(&s->doms);
	kfree(s->conns);
	kfree(s->tool);
	kfree(s);
}

/**
 * xenhv_xs_domain_introduce - the toolstack's part when a domain starts
 * @s: the store
 * @di: the domain
 *
 * Writes what libxl writes for an HVM domU under /local/domain/<domid>
 * (libxl__domain_make(), libxl__build_post()) with libxl's permissions:
 * the home and most below it read-only to the domain ("n0 r<domid>"),
 * data/, drivers/, feature/, attr/, error/ and the control nodes it
 * answers its own ("n<domid>"); then fires @introduceDomain.
 *
 * Return: 0 or -ENOMEM.
 */
int xenhv_xs_domain_introduce(struct xenhv_xs_store *s, const struct xenhv_xs_domain_info *di)
{
	const struct xenhv_xs_perm ro[2] = {
		{ 0, XENHV_XS_PERM_NONE }, { di->domid, XENHV_XS_PERM_READ } };
	const struct xenhv_xs_perm rw[1] = { { di->domid, XENHV_XS_PERM_NONE } };
	static const char * const rw_nodes[] = {
		"device/suspend/event-channel", "control/shutdown", "control/feature-poweroff",
		"control/feature-reboot", "control/feature-suspend", "control/sysrq",
		"control/feature-s3", "control/feature-s4", "data", "drivers", "feature", "attr",
		"error",
	};
	char *home, *path = NULL, *vm = NULL, val[24];
	struct xs_dom *d;
	unsigned int i;
	int err;

	home = kasprintf(GFP_KERNEL, "/local/domain/%u", di->domid);
	vm = kasprintf(GFP_KERNEL, "/vm/%s", di->uuid);
	path = kmalloc(128, GFP_KERNEL);
	if (!home || !vm || !path) {
		err = -ENOMEM;
		goto out;
	}
	mutex_lock(&s->lock);
	d = xs_dom(s, di->domid);
	if (!d) {
		err = -ENOMEM;
		goto unlock;
	}
	d->introduced = true;
	/* libxl__domain_make(): the home starts empty. */
	if (xs_lookup(s->root, home)) {
		struct xs_req r = { .s = s, .c = s->tool, .rootp = &s->root };

		err = xs_remove(&r, home);
		if (err)
			goto unlock;
	}
#define XS_AT(fmt, ...) (snprintf(path, 128, "%s/" fmt, home, ##__VA_ARGS__), path)
	err = xs_tool_write(s, vm, "", ro, 2) ?:
	      xs_tool_write(s, home, "", ro, 2) ?:
	      xs_tool_write(s, XS_AT("vm"), vm, NULL, 0) ?:
	      xs_tool_write(s, XS_AT("name"), di->name, NULL, 0) ?:
	      xs_tool_write(s, XS_AT("cpu"), "", ro, 2) ?:
	      xs_tool_write(s, XS_AT("memory"), "", ro, 2) ?:
	      xs_tool_write(s, XS_AT("device"), "", ro, 2) ?:
	      xs_tool_write(s, XS_AT("control"), "", ro, 2) ?:
	      xs_tool_write(s, XS_AT("hvmloader"), "", ro, 2);
	for (i = 0; i < ARRAY_SIZE(rw_nodes) && !err; i++)
		err = xs_tool_write(s, XS_AT("%s", rw_nodes[i]), "", rw, 1);
	if (!err)
		err = xs_tool_write(s, XS_AT("control/platform-feature-multiprocessor-suspend"),
				    "1", NULL, 0) ?:
		      xs_tool_write(s, XS_AT("control/platform-feature-xs_reset_watches"),
				    "1", NULL, 0);
	/* libxl__build_post(). */
	snprintf(val, sizeof(val), "%lu", di->memory_kb);
	if (!err)
		err = xs_tool_write(s, XS_AT("memory/static-max"), val, NULL, 0) ?:
		      xs_tool_write(s, XS_AT("memory/target"), val, NULL, 0) ?:
		      xs_tool_write(s, XS_AT("memory/videoram"), "-1", NULL, 0);
	snprintf(val, sizeof(val), "%u", di->domid);
	if (!err)
		err = xs_tool_write(s, XS_AT("domid"), val, NULL, 0);
	for (i = 0; i < di->vcpus && !err; i++)
		err = xs_tool_write(s, XS_AT("cpu/%u/availability", i), "online", NULL, 0);
#undef XS_AT
	if (!err && di->domid)
		xs_fire_special(s, 0);
unlock:
	mutex_unlock(&s->lock);
out:
	kfree(path);
	kfree(vm);
	kfree(home);
	return err;
}

/* The domain is gone: its home goes, and @releaseDomain fires. */
void xenhv_xs_domain_release(struct xenhv_xs_store *s, domid_t domid)
{
	struct xs_req r = { .s = s, .c = s->tool, .rootp = &s->root };
	struct xs_dom *d;
	char path[32];

	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	mutex_lock(&s->lock);
	if (xs_lookup(s->root, path))
		xs_remove(&r, path);
	d = xa_load(&s->doms, domid);
	if (d)
		d->introduced = false;
	xs_fire_special(s, 1);
	mutex_unlock(&s->lock);
}

/**
 * xenhv_xs_read - a node's value, as the toolstack reads it
 * @s: the store
 * @path: an absolute path xenhv built (not checked as a client's would be)
 * @buf: where the value goes, NUL-terminated
 * @len: @buf's size
 *
 * No permission check: xenhv reads what its own domains' toolstack would.
 *
 * Return: the value's length, -ENOENT if there is no such node, or
 * -E2BIG if @buf cannot hold the value and a NUL.
 */
ssize_t xenhv_xs_read(struct xenhv_xs_store *s, const char *path, char *buf, size_t len)
{
	struct xs_node *n;
	ssize_t ret;

	mutex_lock(&s->lock);
	n = xs_lookup(s->root, path);
	if (!n) {
		ret = -ENOENT;
	} else if (n->len >= len) {
		ret = -E2BIG;
	} else {
		memcpy(buf, n->data, n->len);
		buf[n->len] = '\0';
		ret = n->len;
	}
	mutex_unlock(&s->lock);
	return ret;
}

void xenhv_xs_stats(struct xenhv_xs_store *s, domid_t domid, struct xenhv_xs_stats *st)
{
	struct xs_dom *d;

	memset(st, 0, sizeof(*st));
	mutex_lock(&s->lock);
	st->nodes = s->nodes;
	st->bytes = s->bytes;
	st->conns = s->nconns;
	d = xa_load(&s->doms, domid);
	if (d) {
		st->entries = d->entries;
		st->watches = d->watches;
		st->transactions = d->txs;
		st->memory = d->mem;
	}
	mutex_unlock(&s->lock);
}
