// SPDX-License-Identifier: GPL-2.0
/*
 * grant_table_op (hypercall 20), Xen 4.17's do_grant_table_op(): the
 * dispatcher's checks, the calls on the caller's own table (setup_table,
 * query_size, set_version, get_version, get_status_frames,
 * swap_grant_ref, cache_flush), copy, and maps by a domain whose page
 * tables xenhv runs. Documentation/notes/
 * gnttab-xen417.txt has the rules with their sources.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include "gnttab.h"
#include "mm.h"

#define XENHV_GNTTABOP_CMD_MASK		0xfffU
/* Xen 4.17 has no dump_table handler: -ENOSYS, like an unknown op. */

/*
 * The table calls' lookup and permission check: rcu_lock_domain_by_any_id()
 * (DOMID_SELF or the own id; none: bad_domain), then XSM_TARGET
 * (xsm_grant_setup(), xsm_grant_query_size()) refuses any other domain
 * that exists (dom0, the peer): permission_denied.
 */
static s16 xenhv_gnt_table_dom(struct xenhv_domain *d, domid_t dom)
{
	if (xenhv_is_self(d, dom))
		return GNTST_okay;
	return xenhv_is_other_domain(d, dom) ? GNTST_permission_denied : GNTST_bad_domain;
}

/*
 * Each frame's gfn (where add_to_physmap placed it: the M2P; else
 * INVALID_GFN) into the guest's list; a fault is GNTST_bad_virt_addr and
 * the rest are still written, as Xen's loop does.
 */
static s16 xenhv_gnt_put_gfns(struct xenhv_domain *d, unsigned long list, unsigned int n,
			      bool status)
{
	s16 st = GNTST_okay;
	unsigned int i;
	u64 gfn;

	for (i = 0; i < n; i++) {
		gfn = status ? xenhv_gnttab_status_gfn(d, i) : xenhv_gnttab_shared_gfn(d, i);
		if (xenhv_copy_to_guest(d, list + i * sizeof(gfn), &gfn, sizeof(gfn)))
			st = GNTST_bad_virt_addr;
	}
	return st;
}

static long xenhv_gnt_setup_table(struct xenhv_domain *d, unsigned long uop, int count)
{
	struct xenhv_gnttab *gt = d->gnttab;
	struct gnttab_setup_table op;
	unsigned long flags;
	int rc;

	if (count != 1)
		return -XEN_EINVAL;
	if (xenhv_copy_from_guest(d, &op, uop, sizeof(op)))
		return -XEN_EFAULT;
	op.status = xenhv_gnt_table_dom(d, op.dom);
	if (op.status == GNTST_okay && op.nr_frames > gt->max_frames) {
		pr_debug("d%u is limited to %u grant-table frames\n", d->domid, gt->max_frames);
		op.status = GNTST_general_error;
	} else if (op.status == GNTST_okay) {
		spin_lock_irqsave(&gt->lock, flags);
		rc = op.nr_frames > gt->nr_frames ? xenhv_gnt_grow(d, op.nr_frames) : 0;
		spin_unlock_irqrestore(&gt->lock, flags);
		op.status = rc ? GNTST_general_error :
			    xenhv_gnt_put_gfns(d, (unsigned long)op.frame_list, op.nr_frames, false);
	}
	if (xenhv_copy_to_guest(d, uop + offsetof(struct gnttab_setup_table, status),
				&op.status, sizeof(op.status)))
		return -XEN_EFAULT;
	return 0;
}

/* The whole struct goes back, inputs echoed, even on error. */
static long xenhv_gnt_query_size(struct xenhv_domain *d, unsigned long uop, int count)
{
	struct gnttab_query_size op;

	if (count != 1)
		return -XEN_EINVAL;
	if (xenhv_copy_from_guest(d, &op, uop, sizeof(op)))
		return -XEN_EFAULT;
	op.status = xenhv_gnt_table_dom(d, op.dom);
	if (op.status == GNTST_okay) {
		op.nr_frames = READ_ONCE(d->gnttab->nr_frames);
		op.max_nr_frames = d->gnttab->max_frames;
	}
	return xenhv_copy_to_guest(d, uop, &op, sizeof(op)) ? -XEN_EFAULT : 0;
}

/* Always the caller's table; count is ignored; the version in force goes back. */
static long xenhv_gnt_set_version(struct xenhv_domain *d, unsigned long uop)
{
	struct xenhv_gnttab *gt = d->gnttab;
	struct gnttab_set_version op;
	unsigned long flags;
	long rc;

	if (xenhv_copy_from_guest(d, &op, uop, sizeof(op)))
		return -XEN_EFAULT;
	if (op.version != 1 && op.version != 2) {
		rc = -XEN_EINVAL;
	} else {
		spin_lock_irqsave(&gt->lock, flags);
		rc = xenhv_gnttab_set_version_locked(d, op.version);
		spin_unlock_irqrestore(&gt->lock, flags);
	}
	op.version = READ_ONCE(gt->version);
	if (xenhv_copy_to_guest(d, uop, &op, sizeof(op)))
		rc = -XEN_EFAULT;
	return rc;
}

static long xenhv_gnt_get_version(struct xenhv_domain *d, unsigned long uop)
{
	struct gnttab_get_version op;

	if (xenhv_copy_from_guest(d, &op, uop, sizeof(op)))
		return -XEN_EFAULT;
	/* No status field: the lookup's -ESRCH, XSM_TARGET's -EPERM. */
	if (!xenhv_is_self(d, op.dom))
		return xenhv_is_other_domain(d, op.dom) ? -XEN_EPERM : -XEN_ESRCH;
	op.version = READ_ONCE(d->gnttab->version);
	return xenhv_copy_to_guest(d, uop + offsetof(struct gnttab_get_version, version),
				   &op.version, sizeof(op.version)) ? -XEN_EFAULT : 0;
}

/* No version check: in version 1 there are no status frames to ask for. */
static long xenhv_gnt_get_status_frames(struct xenhv_domain *d, unsigned long uop, int count)
{
	struct xenhv_gnttab *gt = d->gnttab;
	struct gnttab_get_status_frames op;

	if (count != 1)
		return -XEN_EINVAL;
	if (xenhv_copy_from_guest(d, &op, uop, sizeof(op)))
		return -XEN_EFAULT;
	op.status = xenhv_gnt_table_dom(d, op.dom);
	if (op.status == GNTST_okay && op.nr_frames > READ_ONCE(gt->nr_status))
		op.status = GNTST_general_error;
	else if (op.status == GNTST_okay)
		op.status = xenhv_gnt_put_gfns(d, (unsigned long)op.frame_list, op.nr_frames, true);
	return xenhv_copy_to_guest(d, uop + offsetof(struct gnttab_get_status_frames, status),
				   &op.status, sizeof(op.status)) ? -XEN_EFAULT : 0;
}

static bool xenhv_gnt_pinned(struct xenhv_gnttab *gt, u32 ref)
{
	return *xenhv_gnt_active(gt, ref);
}

/* swap_grant_ref: whole entries (and v2 status words) trade places. */
static s16 xenhv_gnt_swap_one(struct xenhv_domain *d, u32 a, u32 b)
{
	struct xenhv_gnttab *gt = d->gnttab;
	union grant_entry_v2 t2;
	struct grant_entry_v1 t1;
	u16 ts;

	if (a >= xenhv_gnt_nr_entries(gt) || b >= xenhv_gnt_nr_entries(gt))
		return GNTST_bad_gntref;
	if (a == b)
		return GNTST_okay;
	if (xenhv_gnt_pinned(gt, a) || xenhv_gnt_pinned(gt, b))
		return GNTST_eagain;
	if (gt->version == 1) {
		t1 = *xenhv_gnt_v1(gt, a);
		*xenhv_gnt_v1(gt, a) = *xenhv_gnt_v1(gt, b);
		*xenhv_gnt_v1(gt, b) = t1;
	} else {
		t2 = *xenhv_gnt_v2(gt, a);
		*xenhv_gnt_v2(gt, a) = *xenhv_gnt_v2(gt, b);
		*xenhv_gnt_v2(gt, b) = t2;
		ts = *xenhv_gnt_status(gt, a);
		*xenhv_gnt_status(gt, a) = *xenhv_gnt_status(gt, b);
		*xenhv_gnt_status(gt, b) = ts;
	}
	return GNTST_okay;
}

/*
 * cache_flush: no status field, so a bad element fails the call. Only a
 * frame of the caller's own RAM can be named here (no other domain
 * grants it anything); CLEAN (with or without INVAL) writes the range
 * back, INVAL alone is -EOPNOTSUPP on x86, as in Xen 4.17.
 */
static int xenhv_gnt_cache_flush_one(struct xenhv_domain *d, const struct gnttab_cache_flush *c)
{
	struct xenhv_backend *be = d->be;
	void *page;

	if (c->offset >= PAGE_SIZE || c->length > PAGE_SIZE ||
	    c->offset + c->length > PAGE_SIZE ||
	    (c->op & ~(GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL)))
		return -XEN_EINVAL;
	if (!c->length || !c->op)
		return 0;
	if (!xenhv_be_ram_frame(be, c->a.dev_bus_addr >> PAGE_SHIFT))
		return -XEN_EINVAL;
	page = xenhv_be_map_gfn(be, c->a.dev_bus_addr >> PAGE_SHIFT);
	if (!page)
		return -XEN_EPERM;	/* not the caller's page */
	if (!(c->op & GNTTAB_CACHE_CLEAN)) {
		xenhv_be_unmap_gfn(be, page);
		return -XEN_EOPNOTSUPP;
	}
	xenhv_be_cache_clean(be, page + c->offset, c->length);
	xenhv_be_unmap_gfn(be, page);
	return 0;
}

/* ---- acquiring an entry: copy and map ---- */

/*
 * The domain a grant op names: rcu_lock_domain_by_any_id() for copy and
 * the table calls (DOMID_SELF too); rcu_lock_domain_by_id() for maps
 * (not DOMID_SELF). Here: the caller itself or its peer (the guest, or
 * the backend domain xenhv hosts for it).
 */
static struct xenhv_domain *xenhv_gnt_lookup(struct xenhv_domain *d, domid_t dom, bool any_id)
{
	if ((any_id && dom == DOMID_SELF) || dom == d->domid)
		return d;
	if (d->peer && dom == d->peer->domid)
		return d->peer;
	return NULL;
}

/*
 * Set @bits in @rd's entry @ref for @ld (Xen's _set_status_v1/v2): the
 * entry must grant @ld access of this kind. The check and the set are one
 * compare-and-exchange of the flags and domid (v1), or the status word
 * set and the header re-read (v2), so a granter revoking at the same time
 * either sees the bits or wins.
 */
static s16 xenhv_gnt_set_status(struct xenhv_gnttab *gt, u32 ref, domid_t ld, bool write,
				bool map, u64 *frame, unsigned int *start, unsigned int *len)
{
	u16 bits = write ? GTF_reading | GTF_writing : GTF_reading, fl, st;
	union grant_entry_v2 *e2;
	u32 *w, old, i;

	lockdep_assert_held(&gt->lock);
	*start = 0;
	*len = PAGE_SIZE;
	if (gt->version == 1) {
		w = (u32 *)xenhv_gnt_v1(gt, ref);
		for (i = 0; i < 5; i++) {
			old = READ_ONCE(*w);
			fl = old & 0xffff;
			/* A v1 sub_page bit is no permit_access for a map. */
			if ((fl & (GTF_type_mask | (map ? GTF_sub_page : 0))) != GTF_permit_access ||
			    (old >> 16) != ld || (write && (fl & GTF_readonly)))
				return GNTST_general_error;
			if (cmpxchg(w, old, old | bits) == old) {
				*frame = xenhv_gnt_v1(gt, ref)->frame;
				return GNTST_okay;
			}
		}
		return GNTST_general_error;	/* "unstable" */
	}
	e2 = xenhv_gnt_v2(gt, ref);
	fl = READ_ONCE(e2->hdr.flags);
	if ((fl & GTF_type_mask) != GTF_permit_access || e2->hdr.domid != ld ||
	    (write && (fl & GTF_readonly)) || (map && (fl & GTF_sub_page)))
		return GNTST_general_error;
	do {
		st = READ_ONCE(*xenhv_gnt_status(gt, ref));
	} while (cmpxchg(xenhv_gnt_status(gt, ref), st, st | bits) != st);
	/* The bits are visible before the header is read again (Xen's mb()). */
	smp_mb();
	if (READ_ONCE(e2->hdr.flags) != fl || e2->hdr.domid != ld) {
		do {
			st = READ_ONCE(*xenhv_gnt_status(gt, ref));
		} while (cmpxchg(xenhv_gnt_status(gt, ref), st, st & ~bits) != st);
		return GNTST_general_error;
	}
	if (fl & GTF_sub_page) {
		*start = e2->sub_page.page_off;
		*len = e2->sub_page.length;
		*frame = e2->sub_page.frame;
	} else {
		*frame = e2->full_page.frame;
	}
	return GNTST_okay;
}

/*
 * A user of an entry goes (reduce_status_for_pin()): GTF_writing clears
 * with the last writable user, GTF_reading with the last user; then the
 * granter may revoke it.
 */
static void xenhv_gnt_unpin(struct xenhv_gnttab *gt, u32 ref, bool write)
{
	u16 bits = 0, st;
	u32 *w, old;

	u32 *active = xenhv_gnt_active(gt, ref), *wactive = xenhv_gnt_wactive(gt, ref);

	lockdep_assert_held(&gt->lock);
	if (!*active)
		return;
	if (write && *wactive && !--*wactive)
		bits |= GTF_writing;
	if (!--*active)
		bits |= GTF_reading | GTF_writing;
	if (!bits)
		return;
	if (gt->version == 1) {
		w = (u32 *)xenhv_gnt_v1(gt, ref);
		do {
			old = READ_ONCE(*w);
		} while (cmpxchg(w, old, old & ~(u32)bits) != old);
	} else {
		do {
			st = READ_ONCE(*xenhv_gnt_status(gt, ref));
		} while (cmpxchg(xenhv_gnt_status(gt, ref), st, st & ~bits) != st);
	}
}

static bool __xenhv_gnt_is_hidden(struct xenhv_gnttab *gt, const void *page)
{
	unsigned int i;

	for (i = 0; i < XENHV_GNT_MAX_FRAMES; i++)
		if (gt->shared[i].hidden == page)
			return true;
	for (i = 0; i < XENHV_GNT_MAX_STATUS; i++)
		if (gt->status[i].hidden == page)
			return true;
	return false;
}

/*
 * A hidden grant frame of @d's: xenhv's own page, never grantable. @d may
 * be the other domain, whose frames come and go as its own vCPUs grow the
 * table or switch its version: under @d's table lock, taken with no other
 * table lock held. The caller holds @page (map_gfn()), so it cannot
 * become a hidden page once checked.
 */
static bool xenhv_gnt_is_hidden(struct xenhv_domain *d, const void *page)
{
	struct xenhv_gnttab *gt = d ? d->gnttab : NULL;
	unsigned long flags;
	bool hidden;

	if (!gt)
		return false;
	spin_lock_irqsave(&gt->lock, flags);
	hidden = __xenhv_gnt_is_hidden(gt, page);
	spin_unlock_irqrestore(&gt->lock, flags);
	return hidden;
}

/*
 * The frame must be @owner's, and writable if the use writes: Xen's
 * get_paged_frame() (GNTST_bad_page) and get_page_type(PGT_writable_page)
 * (GNTST_general_error). On failure @c's page is unmapped.
 */
static s16 xenhv_gnt_hold(struct xenhv_domain *owner, u64 frame, bool write,
			  struct xenhv_gnt_claim *c)
{
	int rc = xenhv_mm_grant_frame_get(owner, frame, write, &c->held);

	if (!rc)
		return GNTST_okay;
	xenhv_be_unmap_gfn(owner->be, c->page);
	c->page = NULL;
	return rc == -XEN_EINVAL ? GNTST_bad_page : GNTST_general_error;
}

/*
 * acquire_grant_for_copy() / the pin of map_grant_ref(): @rd's entry @ref
 * for @ld, its frame mapped (the page held until release). As in Xen's
 * map_grant_ref(), @rd's table lock covers the entry alone: its pin and
 * reading/writing bits. The frame is then mapped and checked with no
 * lock held, since the checks take the locks of both domains' tables and
 * memory, one at a time (Documentation/design.rst, "Locking"); the pin
 * keeps the entry from being revoked, swapped or switched meanwhile, and
 * a failure takes the lock again to drop it.
 */
static s16 xenhv_gnt_acquire(struct xenhv_domain *ld, struct xenhv_domain *rd, u32 ref,
			     bool write, bool map, struct xenhv_gnt_claim *c)
{
	struct xenhv_gnttab *gt = rd->gnttab;
	unsigned long flags;
	u64 frame = 0;
	s16 st;

	c->held = false;
	spin_lock_irqsave(&gt->lock, flags);
	if (ref >= xenhv_gnt_nr_entries(gt))
		st = GNTST_bad_gntref;
	else if (*xenhv_gnt_active(gt, ref) == U32_MAX)
		st = GNTST_general_error;
	else
		st = xenhv_gnt_set_status(gt, ref, ld->domid, write, map, &frame, &c->start,
					  &c->len);
	if (st == GNTST_okay) {
		(*xenhv_gnt_active(gt, ref))++;
		if (write)
			(*xenhv_gnt_wactive(gt, ref))++;
	}
	spin_unlock_irqrestore(&gt->lock, flags);
	if (st == GNTST_okay) {
		c->page = xenhv_be_map_gfn(rd->be, frame);
		/* xenhv's own pages are not the granter's to give. */
		if (c->page && (xenhv_gnt_is_hidden(rd, c->page) ||
				xenhv_gnt_is_hidden(rd->peer, c->page))) {
			xenhv_be_unmap_gfn(rd->be, c->page);
			c->page = NULL;
		}
		st = c->page ? xenhv_gnt_hold(rd, frame, write, c) : GNTST_bad_page;
		if (st != GNTST_okay) {
			spin_lock_irqsave(&gt->lock, flags);
			xenhv_gnt_unpin(gt, ref, write);
			spin_unlock_irqrestore(&gt->lock, flags);
		}
	}
	c->ref = st == GNTST_okay ? ref : -1;
	c->write = write;
	c->owner = rd;
	c->frame = frame;
	return st;
}

static void xenhv_gnt_release(struct xenhv_gnt_claim *c)
{
	struct xenhv_domain *rd = c->owner;
	unsigned long flags;

	if (!c->page)
		return;
	xenhv_be_unmap_gfn(rd->be, c->page);
	c->page = NULL;
	if (c->held)
		xenhv_mm_grant_frame_put(rd, c->frame, c->write);
	c->held = false;
	if (c->ref < 0)
		return;
	spin_lock_irqsave(&rd->gnttab->lock, flags);
	xenhv_gnt_unpin(rd->gnttab, c->ref, c->write);
	spin_unlock_irqrestore(&rd->gnttab->lock, flags);
}

static s16 xenhv_gnt_claim(struct xenhv_domain *d, const struct gnttab_copy_ptr *p,
			   bool by_ref, bool write, struct xenhv_gnt_claim *c)
{
	c->page = NULL;
	c->ref = -1;
	c->owner = d;
	c->held = false;
	if (by_ref)
		return xenhv_gnt_acquire(d, xenhv_gnt_lookup(d, p->domid, true), p->u.ref, write,
					 false, c);
	c->start = 0;
	c->len = PAGE_SIZE;
	c->frame = p->u.gmfn;
	c->write = write;
	c->page = xenhv_be_map_gfn(d->be, p->u.gmfn);
	return c->page ? xenhv_gnt_hold(d, p->u.gmfn, write, c) : GNTST_bad_page;
}

/*
 * gnttab_copy_one(): domains first (a frame number needs DOMID_SELF, even
 * the own id is GNTST_permission_denied; a grant reference names the
 * caller or its peer, else bad_domain), then the source and destination
 * claims, then the bounds (GNTST_bad_copy_arg past the page,
 * general_error outside a sub-page window). The copy runs with both
 * entries pinned and their reading/writing bits set, no lock held.
 */
static s16 xenhv_gnt_copy_one(struct xenhv_domain *d, const struct gnttab_copy *op)
{
	bool sref = op->flags & GNTCOPY_source_gref, dref = op->flags & GNTCOPY_dest_gref;
	struct xenhv_gnt_claim src = {}, dst = {};
	s16 st;

	if ((!sref && op->source.domid != DOMID_SELF) || (!dref && op->dest.domid != DOMID_SELF))
		return GNTST_permission_denied;
	if (!xenhv_gnt_lookup(d, op->source.domid, true) ||
	    !xenhv_gnt_lookup(d, op->dest.domid, true))
		return GNTST_bad_domain;
	st = xenhv_gnt_claim(d, &op->source, sref, false, &src);
	if (st == GNTST_okay)
		st = xenhv_gnt_claim(d, &op->dest, dref, true, &dst);
	if (st == GNTST_okay) {
		if (op->source.offset + op->len > PAGE_SIZE || op->dest.offset + op->len > PAGE_SIZE)
			st = GNTST_bad_copy_arg;
		else if (op->source.offset < src.start ||
			 op->source.offset + op->len > src.start + src.len ||
			 op->dest.offset < dst.start ||
			 op->dest.offset + op->len > dst.start + dst.len)
			st = GNTST_general_error;
		else
			memcpy(dst.page + op->dest.offset, src.page + op->source.offset, op->len);
	}
	xenhv_gnt_release(&dst);
	xenhv_gnt_release(&src);
	return st;
}

/* ---- map / unmap ---- */

/* Each batched op's element: its size, and where its status field is. */
static const struct {
	u8 size;
	u8 status;
} xenhv_gnt_elem[] = {
	[GNTTABOP_map_grant_ref] = { sizeof(struct gnttab_map_grant_ref),
				     offsetof(struct gnttab_map_grant_ref, status) },
	[GNTTABOP_unmap_grant_ref] = { sizeof(struct gnttab_unmap_grant_ref),
				       offsetof(struct gnttab_unmap_grant_ref, status) },
	[GNTTABOP_transfer] = { sizeof(struct gnttab_transfer),
				offsetof(struct gnttab_transfer, status) },
	[GNTTABOP_copy] = { sizeof(struct gnttab_copy), offsetof(struct gnttab_copy, status) },
	[GNTTABOP_unmap_and_replace] = { sizeof(struct gnttab_unmap_and_replace),
					 offsetof(struct gnttab_unmap_and_replace, status) },
	[GNTTABOP_swap_grant_ref] = { sizeof(struct gnttab_swap_grant_ref),
				      offsetof(struct gnttab_swap_grant_ref, status) },
	[GNTTABOP_cache_flush] = { sizeof(struct gnttab_cache_flush), 0 },	/* no status */
};

/*
 * The host mapping's PTE, as create_grant_pv_mapping() builds it: present,
 * accessed, dirty, writable unless read-only, user only for
 * application_map; never executable here.
 */
static u64 xenhv_gnt_pte(u64 frame, u32 flags)
{
	u64 pte = (frame << PAGE_SHIFT) | XENHV_PTE_P | XENHV_PTE_A | XENHV_PTE_D |
		  XENHV_PTE_GNTTAB | XENHV_PTE_NX;

	if (!(flags & GNTMAP_readonly))
		pte |= XENHV_PTE_RW;
	if (flags & GNTMAP_application_map)
		pte |= XENHV_PTE_US;
	return pte;
}

/* maptrack flag: unmapped, waiting for the batch's flush (not a GNTMAP_ bit). */
#define XENHV_GNT_UNMAPPING	BIT(15)

/*
 * A free handle: the lowest in the chunks there are, else the first of a
 * new chunk (get_maptrack_handle() grows the maptrack the same way),
 * an atomic allocation: the table lock is held.
 */
static int xenhv_gnt_handle_get(struct xenhv_gnttab *gt)
{
	struct xenhv_gnt_map *chunk;
	unsigned int h;

	lockdep_assert_held(&gt->lock);
	for (h = 0; h < gt->nr_maptrack_chunks * XENHV_MAPTRACK_CHUNK; h++)
		if (!xenhv_gnt_map_at(gt, h)->flags)
			return h;
	if (gt->nr_maptrack_chunks == ARRAY_SIZE(gt->maptrack))
		return -1;
	chunk = kcalloc(XENHV_MAPTRACK_CHUNK, sizeof(*chunk), GFP_ATOMIC);
	if (!chunk)
		return -1;
	gt->maptrack[gt->nr_maptrack_chunks++] = chunk;
	return h;
}

/*
 * map_grant_ref() for a mapper whose page tables xenhv runs (the PV MMU):
 * the order of Xen's checks, the entry pinned with its reading/writing
 * bits set, the host mapping a real PTE in the mapper's tables, the
 * device address the frame's machine address. On failure nothing stays
 * pinned and the handle is not taken.
 */
static s16 xenhv_gnt_map_one(struct xenhv_domain *ld, struct gnttab_map_grant_ref *op)
{
	struct xenhv_gnttab *lgt = ld->gnttab;
	bool write = !(op->flags & GNTMAP_readonly);
	struct xenhv_domain *rd;
	struct xenhv_gnt_map *m;
	unsigned long irqf;
	int h;
	s16 st;

	if (!(op->flags & (GNTMAP_host_map | GNTMAP_device_map)))
		return GNTST_bad_gntref;
	rd = xenhv_gnt_lookup(ld, op->dom, false);
	if (!rd)
		return GNTST_bad_domain;
	spin_lock_irqsave(&lgt->lock, irqf);
	h = xenhv_gnt_handle_get(lgt);
	m = h >= 0 ? xenhv_gnt_map_at(lgt, h) : NULL;
	if (m)
		m->flags = op->flags | GNTMAP_host_map | GNTMAP_device_map;
	spin_unlock_irqrestore(&lgt->lock, irqf);
	if (!m)
		return GNTST_no_space;
	st = xenhv_gnt_acquire(ld, rd, op->ref, write, true, &m->claim);
	if (st == GNTST_okay && (op->flags & GNTMAP_host_map) &&
	    xenhv_mm_grant_map(ld, op->host_addr, op->flags & GNTMAP_contains_pte,
			       xenhv_gnt_pte(m->claim.frame, op->flags))) {
		xenhv_gnt_release(&m->claim);
		st = GNTST_general_error;
	}
	if (st != GNTST_okay) {
		WRITE_ONCE(m->flags, 0);
		return st;
	}
	m->host_addr = op->host_addr;
	WRITE_ONCE(m->flags, op->flags & (GNTMAP_host_map | GNTMAP_device_map |
					  GNTMAP_readonly | GNTMAP_contains_pte |
					  GNTMAP_application_map));
	op->handle = h;
	op->dev_bus_addr = m->claim.frame << PAGE_SHIFT;
	return GNTST_okay;
}

/*
 * unmap_common(), first half: the handle, the device address, the host
 * mapping's PTE removed (its flush added to @f). The entry stays pinned
 * until the flush is done: *@done says the handle is to be completed.
 */
static s16 xenhv_gnt_unmap_one(struct xenhv_domain *ld, u32 handle, u64 host_addr,
			       u64 dev_bus_addr, u64 new_addr, struct xenhv_flush *f,
			       bool *done)
{
	struct xenhv_gnttab *gt = ld->gnttab;
	struct xenhv_gnt_map *m;
	unsigned long irqf;
	s16 st = GNTST_okay;
	u32 fl;

	*done = false;
	/* One unmapper at a time per domain: a handle is released once. */
	spin_lock_irqsave(&gt->lock, irqf);
	m = xenhv_gnt_map_at(gt, handle);
	fl = m ? m->flags : 0;
	if (!fl || !m->claim.page || (fl & XENHV_GNT_UNMAPPING)) {
		st = GNTST_bad_handle;
	} else if (dev_bus_addr && (fl & GNTMAP_device_map) &&
		   dev_bus_addr != m->claim.frame << PAGE_SHIFT) {
		st = GNTST_bad_dev_addr;
	} else if (new_addr && (fl & GNTMAP_contains_pte)) {
		st = GNTST_general_error;	/* no PTE address with a new address */
	} else if (host_addr && (fl & GNTMAP_host_map) &&
		   (new_addr ? xenhv_mm_grant_replace(ld, host_addr, m->claim.frame, new_addr, f) :
		    xenhv_mm_grant_unmap(ld, host_addr, fl & GNTMAP_contains_pte,
					 m->claim.frame, f))) {
		st = GNTST_general_error;
	} else {
		if (host_addr)
			fl &= ~GNTMAP_host_map;
		if (dev_bus_addr)
			fl &= ~GNTMAP_device_map;
		*done = !(fl & (GNTMAP_host_map | GNTMAP_device_map));
		/* Completed after the flush; until then nobody else may take it. */
		m->flags = *done ? fl | XENHV_GNT_UNMAPPING : fl;
	}
	spin_unlock_irqrestore(&gt->lock, irqf);
	return st;
}

/* unmap_common_complete(): after the flush, the granter gets its entry back. */
static void xenhv_gnt_unmap_complete(struct xenhv_domain *ld, u32 handle)
{
	struct xenhv_gnt_map *m = xenhv_gnt_map_at(ld->gnttab, handle);

	xenhv_gnt_release(&m->claim);
	WRITE_ONCE(m->flags, 0);
}

/* Every handle a domain still holds goes (the domain is being destroyed). */
void xenhv_gnttab_drop_maps(struct xenhv_domain *d)
{
	struct xenhv_gnttab *gt = d->gnttab;
	unsigned int h;

	for (h = 0; gt && h < gt->nr_maptrack_chunks * XENHV_MAPTRACK_CHUNK; h++)
		if (xenhv_gnt_map_at(gt, h)->flags && xenhv_gnt_map_at(gt, h)->claim.page)
			xenhv_gnt_unmap_complete(d, h);
}

/* Unmaps are done in batches of this many: one flush, then completion. */
#define XENHV_GNT_UNMAP_BATCH	32

/*
 * unmap_grant_ref / unmap_and_replace: the batch's host mappings are
 * removed, every vCPU that may hold them is flushed once (the fewest
 * Hyper-V calls), and only then are the entries released, so the
 * granter can never reuse a frame another vCPU still reaches.
 */
static long xenhv_gnt_unmap_batch(struct xenhv_domain *ld, unsigned int cmd, unsigned long uop,
				  unsigned int n, size_t sz)
{
	u32 handles[XENHV_GNT_UNMAP_BATCH];
	bool complete[XENHV_GNT_UNMAP_BATCH];
	union {
		struct gnttab_unmap_grant_ref u;
		struct gnttab_unmap_and_replace r;
	} op;
	struct xenhv_flush own __uninitialized, *f;	/* xenhv_flush_init() sets it */
	size_t st_off;
	unsigned int i;
	long rc = 0;
	s16 st;

	st_off = xenhv_gnt_elem[cmd].status;
	f = xenhv_mm_flush_get(ld, &own);
	for (i = 0; i < n; i++) {
		complete[i] = false;
		if (xenhv_copy_from_guest(ld, &op, uop + i * sz, sz)) {
			rc = -XEN_EFAULT;
			break;
		}
		if (cmd == GNTTABOP_unmap_grant_ref) {
			handles[i] = op.u.handle;
			st = xenhv_gnt_unmap_one(ld, op.u.handle, op.u.host_addr, op.u.dev_bus_addr,
						 0, f, &complete[i]);
		} else {
			handles[i] = op.r.handle;
			st = xenhv_gnt_unmap_one(ld, op.r.handle, op.r.host_addr, 0, op.r.new_addr,
						 f, &complete[i]);
		}
		if (xenhv_copy_to_guest(ld, uop + i * sz + st_off, &st, sizeof(st))) {
			rc = -XEN_EFAULT;
			i++;
			break;
		}
	}
	xenhv_mm_flush_put(ld, f, &own);
	while (i--)
		if (complete[i])
			xenhv_gnt_unmap_complete(ld, handles[i]);
	return rc;
}

/* ---- the batched ops ---- */


/*
 * One element of a batched op; its GNTST_* goes in its status field.
 * Returns -XEN_EFAULT if the element cannot be read or answered, or the
 * errno that fails a cache_flush.
 */
static int xenhv_gnt_batch_one(struct xenhv_domain *d, unsigned int cmd, unsigned long at)
{
	struct xenhv_gnttab *gt = d->gnttab;
	union {
		struct gnttab_map_grant_ref map;
		struct gnttab_swap_grant_ref swap;
		struct gnttab_copy copy;
		struct gnttab_transfer xfer;
		struct gnttab_cache_flush cf;
	} u;
	unsigned long flags;
	s16 st;

	if (xenhv_copy_from_guest(d, &u, at, xenhv_gnt_elem[cmd].size))
		return -XEN_EFAULT;
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		/* The whole struct goes back: handle and dev_bus_addr too. */
		u.map.status = xenhv_gnt_map_one(d, &u.map);
		return xenhv_copy_to_guest(d, at, &u.map, sizeof(u.map)) ? -XEN_EFAULT : 0;
	case GNTTABOP_swap_grant_ref:
		spin_lock_irqsave(&gt->lock, flags);
		st = xenhv_gnt_swap_one(d, u.swap.ref_a, u.swap.ref_b);
		spin_unlock_irqrestore(&gt->lock, flags);
		break;
	case GNTTABOP_copy:
		st = xenhv_gnt_copy_one(d, &u.copy);
		break;
	case GNTTABOP_transfer:
		/*
		 * Only the PV backend gets here (an HVM caller is refused
		 * first). xenhv gives no page away: general_error, as for a
		 * page steal_page() refuses, and the page stays; a frame
		 * that is not RAM is bad_page. Xen would hand an unused PV
		 * page over.
		 */
		st = xenhv_be_ram_frame(d->be, u.xfer.mfn) ? GNTST_general_error : GNTST_bad_page;
		break;
	default:
		return xenhv_gnt_cache_flush_one(d, &u.cf);
	}
	return xenhv_copy_to_guest(d, at + xenhv_gnt_elem[cmd].status, &st, sizeof(st)) ?
	       -XEN_EFAULT : 0;
}

/*
 * hvm_grant_table_op() (xen/arch/x86/hvm/hypercall.c, 4.17.7): what an
 * HVM guest may call; every other op "needs auditing", -ENOSYS. It
 * compares the whole cmd, so continuation bits are -ENOSYS too.
 */
static bool xenhv_gnt_hvm_allowed(unsigned int cmd)
{
	switch (cmd) {
	case GNTTABOP_query_size:
	case GNTTABOP_setup_table:
	case GNTTABOP_set_version:
	case GNTTABOP_get_version:
	case GNTTABOP_copy:
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_swap_grant_ref:
		return true;
	default:
		return false;
	}
}

/**
 * xenhv_grant_table_op - hypercall 20
 * @d: the domain
 * @args: cmd, uop, count; on -XENHV_ERESTART, the continuation
 *
 * An HVM caller first passes hvm_grant_table_op()'s list (-ENOSYS); a PV
 * one (the hosted backend) reaches every op. Then do_grant_table_op(): a
 * negative count and continuation bits on any op but cache_flush are
 * -EINVAL; unknown ops (dump_table included) -ENOSYS. Batched ops answer
 * per element and stop at an unreadable one (-EFAULT) or when the CPU is
 * wanted (continuation).
 *
 * Return: 0, -errno, or -XENHV_ERESTART.
 */
long xenhv_grant_table_op(struct xenhv_domain *d, unsigned long *args)
{
	unsigned int cmd = args[0], opaque = cmd & ~XENHV_GNTTABOP_CMD_MASK;
	unsigned long uop = args[1];
	int count = args[2], i;
	unsigned int n;
	size_t sz;
	long rc;

	if (!d->pv && !xenhv_gnt_hvm_allowed(cmd))
		return -XEN_ENOSYS;
	if (count < 0)
		return -XEN_EINVAL;
	cmd &= XENHV_GNTTABOP_CMD_MASK;
	if (opaque && cmd != GNTTABOP_cache_flush)
		return -XEN_EINVAL;
	switch (cmd) {
	case GNTTABOP_setup_table:
		return xenhv_gnt_setup_table(d, uop, count);
	case GNTTABOP_query_size:
		return xenhv_gnt_query_size(d, uop, count);
	case GNTTABOP_set_version:
		return xenhv_gnt_set_version(d, uop);
	case GNTTABOP_get_version:
		return xenhv_gnt_get_version(d, uop);
	case GNTTABOP_get_status_frames:
		return xenhv_gnt_get_status_frames(d, uop, count);
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_transfer:
	case GNTTABOP_copy:
	case GNTTABOP_unmap_and_replace:
	case GNTTABOP_swap_grant_ref:
	case GNTTABOP_cache_flush:
		sz = xenhv_gnt_elem[cmd].size;
		break;
	default:
		return -XEN_ENOSYS;
	}
	for (i = 0; i < count; i++) {
		if (i && xenhv_be_preempt_check(d->be)) {
			args[0] = cmd;
			args[1] = uop + i * sz;
			args[2] = count - i;
			return -XENHV_ERESTART;
		}
		if (cmd == GNTTABOP_unmap_grant_ref || cmd == GNTTABOP_unmap_and_replace) {
			n = min_t(unsigned int, count - i, XENHV_GNT_UNMAP_BATCH);
			rc = xenhv_gnt_unmap_batch(d, cmd, uop + i * sz, n, sz);
			i += n - 1;
		} else {
			rc = xenhv_gnt_batch_one(d, cmd, uop + i * sz);
		}
		if (rc)
			return rc;
	}
	return 0;
}
