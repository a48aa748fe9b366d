// SPDX-License-Identifier: GPL-2.0
/*
 * grant_table_op (hypercall 20), Xen 4.17's do_grant_table_op(): the
 * dispatcher's checks, the calls on the caller's own table (setup_table,
 * query_size, set_version, get_version, get_status_frames,
 * swap_grant_ref, cache_flush) and copy. Documentation/notes/
 * gnttab-xen417.txt has the rules with their sources.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include "gnttab.h"

#define XENHV_GNTTABOP_CMD_MASK		0xfffU
/* Xen 4.17 has no dump_table handler: -ENOSYS, like an unknown op. */

/* rcu_lock_domain_by_any_id(): DOMID_SELF or the own id. */
static bool xenhv_gnt_dom_ok(struct xenhv_domain *d, domid_t dom)
{
	return xenhv_is_self(d, dom);
}

static long xenhv_gnt_setup_table(struct xenhv_domain *d, unsigned long uop, int count)
{
	struct xenhv_gnttab *gt = d->gnttab;
	struct gnttab_setup_table op;
	unsigned long flags, list;
	unsigned int i;
	u64 gfn;
	int rc;

	if (count != 1)
		return -XEN_EINVAL;
	if (xenhv_copy_from_guest(d, &op, uop, sizeof(op)))
		return -XEN_EFAULT;
	list = (unsigned long)op.frame_list;
	if (!xenhv_gnt_dom_ok(d, op.dom)) {
		op.status = GNTST_bad_domain;
	} else if (op.nr_frames > gt->max_frames) {
		pr_debug("d%u is limited to %u grant-table frames\n", d->domid, gt->max_frames);
		op.status = GNTST_general_error;
	} else {
		spin_lock_irqsave(&gt->lock, flags);
		rc = op.nr_frames > gt->nr_frames ? xenhv_gnt_grow(d, op.nr_frames) : 0;
		spin_unlock_irqrestore(&gt->lock, flags);
		op.status = rc ? GNTST_general_error : GNTST_okay;
		/* The gfn each frame is placed at (the M2P), or INVALID_GFN. */
		for (i = 0; !rc && i < op.nr_frames; i++) {
			gfn = xenhv_gnttab_shared_gfn(d, i);
			if (xenhv_copy_to_guest(d, list + i * sizeof(gfn), &gfn, sizeof(gfn)))
				op.status = GNTST_bad_virt_addr;
		}
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
	if (!xenhv_gnt_dom_ok(d, op.dom)) {
		op.status = GNTST_bad_domain;
	} else {
		op.nr_frames = READ_ONCE(d->gnttab->nr_frames);
		op.max_nr_frames = d->gnttab->max_frames;
		op.status = GNTST_okay;
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
	if (!xenhv_gnt_dom_ok(d, op.dom))
		return -XEN_ESRCH;
	op.version = READ_ONCE(d->gnttab->version);
	return xenhv_copy_to_guest(d, uop + offsetof(struct gnttab_get_version, version),
				   &op.version, sizeof(op.version)) ? -XEN_EFAULT : 0;
}

/* No version check: in version 1 there are no status frames to ask for. */
static long xenhv_gnt_get_status_frames(struct xenhv_domain *d, unsigned long uop, int count)
{
	struct xenhv_gnttab *gt = d->gnttab;
	struct gnttab_get_status_frames op;
	unsigned long list;
	unsigned int i;
	u64 gfn;

	if (count != 1)
		return -XEN_EINVAL;
	if (xenhv_copy_from_guest(d, &op, uop, sizeof(op)))
		return -XEN_EFAULT;
	list = (unsigned long)op.frame_list;
	if (!xenhv_gnt_dom_ok(d, op.dom)) {
		op.status = GNTST_bad_domain;
	} else if (op.nr_frames > READ_ONCE(gt->nr_status)) {
		op.status = GNTST_general_error;
	} else {
		op.status = GNTST_okay;
		for (i = 0; i < op.nr_frames; i++) {
			gfn = xenhv_gnttab_status_gfn(d, i);
			if (xenhv_copy_to_guest(d, list + i * sizeof(gfn), &gfn, sizeof(gfn)))
				op.status = GNTST_bad_virt_addr;
		}
	}
	return xenhv_copy_to_guest(d, uop + offsetof(struct gnttab_get_status_frames, status),
				   &op.status, sizeof(op.status)) ? -XEN_EFAULT : 0;
}

static bool xenhv_gnt_pinned(const struct xenhv_gnttab *gt, u32 ref)
{
	return gt->active[ref];
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
	if (!be->ops->ram_frame(be, c->a.dev_bus_addr >> PAGE_SHIFT))
		return -XEN_EINVAL;
	page = be->ops->map_gfn(be, c->a.dev_bus_addr >> PAGE_SHIFT);
	if (!page)
		return -XEN_EPERM;	/* not the caller's page */
	if (!(c->op & GNTTAB_CACHE_CLEAN)) {
		be->ops->unmap_gfn(be, page);
		return -XEN_EOPNOTSUPP;
	}
	be->ops->cache_clean(be, page + c->offset, c->length);
	be->ops->unmap_gfn(be, page);
	return 0;
}

/* ---- copy ---- */

struct xenhv_gnt_claim {
	void *page;		/* mapped frame */
	unsigned int start;	/* the window a sub-page grant allows */
	unsigned int len;
	s32 ref;		/* the own-table entry pinned, or -1 */
	bool write;
};

/*
 * acquire_grant_for_copy() on the caller's own table: the entry must
 * grant the caller (its own id) access of the right kind; the reading /
 * writing bits and the pin show the granter it is in use until release.
 */
static s16 xenhv_gnt_claim_ref(struct xenhv_domain *d, u32 ref, bool write,
			       struct xenhv_gnt_claim *c)
{
	struct xenhv_gnttab *gt = d->gnttab;
	u16 fl, busy = write ? GTF_reading | GTF_writing : GTF_reading;
	union grant_entry_v2 *e2;
	struct grant_entry_v1 *e1;
	u64 frame;

	if (ref >= xenhv_gnt_nr_entries(gt))
		return GNTST_bad_gntref;
	if (gt->active[ref] == U32_MAX)
		return GNTST_general_error;
	c->start = 0;
	c->len = PAGE_SIZE;
	if (gt->version == 1) {
		e1 = xenhv_gnt_v1(gt, ref);
		fl = READ_ONCE(e1->flags);
		if ((fl & GTF_type_mask) != GTF_permit_access || e1->domid != d->domid ||
		    (write && (fl & GTF_readonly)))
			return GNTST_general_error;
		frame = e1->frame;
	} else {
		e2 = xenhv_gnt_v2(gt, ref);
		fl = READ_ONCE(e2->hdr.flags);
		/* A transitive grant names another domain's grant: none exists here. */
		if ((fl & GTF_type_mask) != GTF_permit_access || e2->hdr.domid != d->domid ||
		    (write && (fl & GTF_readonly)))
			return GNTST_general_error;
		if (fl & GTF_sub_page) {
			c->start = e2->sub_page.page_off;
			c->len = e2->sub_page.length;
			frame = e2->sub_page.frame;
		} else {
			frame = e2->full_page.frame;
		}
	}
	c->page = d->be->ops->map_gfn(d->be, frame);
	if (!c->page)
		return GNTST_bad_page;
	gt->active[ref]++;
	if (gt->version == 1)
		WRITE_ONCE(e1->flags, fl | busy);
	else
		WRITE_ONCE(*xenhv_gnt_status(gt, ref), *xenhv_gnt_status(gt, ref) | busy);
	c->ref = ref;
	c->write = write;
	return GNTST_okay;
}

static void xenhv_gnt_release(struct xenhv_domain *d, struct xenhv_gnt_claim *c)
{
	struct xenhv_gnttab *gt = d->gnttab;
	u16 busy = GTF_reading | GTF_writing;

	if (!c->page)
		return;
	d->be->ops->unmap_gfn(d->be, c->page);
	c->page = NULL;
	if (c->ref < 0)
		return;
	/* Only when the last user goes may the granter revoke. */
	if (--gt->active[c->ref])
		return;
	if (gt->version == 1)
		WRITE_ONCE(xenhv_gnt_v1(gt, c->ref)->flags,
			   xenhv_gnt_v1(gt, c->ref)->flags & ~busy);
	else
		WRITE_ONCE(*xenhv_gnt_status(gt, c->ref), *xenhv_gnt_status(gt, c->ref) & ~busy);
}

static s16 xenhv_gnt_claim(struct xenhv_domain *d, const struct gnttab_copy_ptr *p,
			   bool by_ref, bool write, struct xenhv_gnt_claim *c)
{
	c->page = NULL;
	c->ref = -1;
	if (by_ref)
		return xenhv_gnt_claim_ref(d, p->u.ref, write, c);
	c->start = 0;
	c->len = PAGE_SIZE;
	c->page = d->be->ops->map_gfn(d->be, p->u.gmfn);
	return c->page ? GNTST_okay : GNTST_bad_page;
}

/*
 * gnttab_copy_one(): domains first (a frame number needs DOMID_SELF, even
 * the own id is -EPERM's GNTST_permission_denied; a grant reference names
 * a domain: here only this one), then the source and destination claims,
 * then the bounds (GNTST_bad_copy_arg past the page, general_error
 * outside a sub-page window).
 */
static s16 xenhv_gnt_copy_one(struct xenhv_domain *d, const struct gnttab_copy *op)
{
	bool sref = op->flags & GNTCOPY_source_gref, dref = op->flags & GNTCOPY_dest_gref;
	struct xenhv_gnt_claim src, dst;
	s16 st;

	if ((!sref && op->source.domid != DOMID_SELF) || (!dref && op->dest.domid != DOMID_SELF))
		return GNTST_permission_denied;
	if (!xenhv_gnt_dom_ok(d, op->source.domid) || !xenhv_gnt_dom_ok(d, op->dest.domid))
		return GNTST_bad_domain;
	st = xenhv_gnt_claim(d, &op->source, sref, false, &src);
	if (st == GNTST_okay) {
		st = xenhv_gnt_claim(d, &op->dest, dref, true, &dst);
		if (st != GNTST_okay)
			dst.page = NULL;
	} else {
		dst.page = NULL;
	}
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
	xenhv_gnt_release(d, &dst);
	xenhv_gnt_release(d, &src);
	return st;
}

/* ---- the batched ops ---- */

/*
 * One element of a batched op; its GNTST_* goes in its status field.
 * Returns -XEN_EFAULT if the element cannot be read or answered.
 */
static int xenhv_gnt_batch_one(struct xenhv_domain *d, unsigned int cmd, unsigned long at)
{
	struct xenhv_gnttab *gt = d->gnttab;
	union {
		struct gnttab_swap_grant_ref swap;
		struct gnttab_copy copy;
		struct gnttab_transfer xfer;
		struct gnttab_cache_flush cf;
	} u;
	size_t len, st_off;
	unsigned long flags;
	s16 st;

	switch (cmd) {
	case GNTTABOP_swap_grant_ref:
		len = sizeof(u.swap);
		st_off = offsetof(struct gnttab_swap_grant_ref, status);
		break;
	case GNTTABOP_copy:
		len = sizeof(u.copy);
		st_off = offsetof(struct gnttab_copy, status);
		break;
	case GNTTABOP_transfer:
		len = sizeof(u.xfer);
		st_off = offsetof(struct gnttab_transfer, status);
		break;
	default:
		len = sizeof(u.cf);
		st_off = 0;
	}
	if (xenhv_copy_from_guest(d, &u, at, len))
		return -XEN_EFAULT;
	spin_lock_irqsave(&gt->lock, flags);
	switch (cmd) {
	case GNTTABOP_swap_grant_ref:
		st = xenhv_gnt_swap_one(d, u.swap.ref_a, u.swap.ref_b);
		break;
	case GNTTABOP_copy:
		st = xenhv_gnt_copy_one(d, &u.copy);
		break;
	case GNTTABOP_transfer:
		/*
		 * An HVM domain's page cannot be stolen (steal_page() is
		 * -EOPNOTSUPP for paging_mode_external): general_error, the
		 * page stays; a frame that is not its RAM is bad_page.
		 */
		st = d->be->ops->ram_frame(d->be, u.xfer.mfn) ? GNTST_general_error : GNTST_bad_page;
		break;
	default:
		spin_unlock_irqrestore(&gt->lock, flags);
		return xenhv_gnt_cache_flush_one(d, &u.cf);
	}
	spin_unlock_irqrestore(&gt->lock, flags);
	return xenhv_copy_to_guest(d, at + st_off, &st, sizeof(st)) ? -XEN_EFAULT : 0;
}

/**
 * xenhv_grant_table_op - hypercall 20
 * @d: the domain
 * @args: cmd, uop, count; on -XENHV_ERESTART, the continuation
 *
 * do_grant_table_op(): a negative count and continuation bits on any op
 * but cache_flush are -EINVAL; unknown ops (dump_table included) -ENOSYS.
 * Batched ops answer per element and stop at an unreadable one (-EFAULT)
 * or when the CPU is wanted (continuation).
 *
 * Return: 0, -errno, or -XENHV_ERESTART.
 */
long xenhv_grant_table_op(struct xenhv_domain *d, unsigned long *args)
{
	unsigned int cmd = args[0], opaque = cmd & ~XENHV_GNTTABOP_CMD_MASK;
	unsigned long uop = args[1];
	int count = args[2], i;
	size_t sz;
	long rc;

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
	case GNTTABOP_swap_grant_ref:
		sz = sizeof(struct gnttab_swap_grant_ref);
		break;
	case GNTTABOP_copy:
		sz = sizeof(struct gnttab_copy);
		break;
	case GNTTABOP_transfer:
		sz = sizeof(struct gnttab_transfer);
		break;
	case GNTTABOP_cache_flush:
		sz = sizeof(struct gnttab_cache_flush);
		break;
	default:
		/* map / unmap / unmap_and_replace need a second domain: not yet. */
		return -XEN_ENOSYS;
	}
	for (i = 0; i < count; i++) {
		if (i && d->be->ops->preempt_check(d->be)) {
			args[0] = cmd;
			args[1] = uop + i * sz;
			args[2] = count - i;
			return -XENHV_ERESTART;
		}
		rc = xenhv_gnt_batch_one(d, cmd, uop + i * sz);
		if (rc)
			return rc;
	}
	return 0;
}
