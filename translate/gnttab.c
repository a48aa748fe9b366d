// SPDX-License-Identifier: GPL-2.0
/*
 * Grant tables, the granter's side (xen/common/grant_table.c): the shared
 * and status frames, versions 1 and 2, and the GNTTABOP calls that work
 * on the caller's own table.
 *
 * Frames are xenhv's until the guest places them with
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table): a frame is then the
 * guest's page at that gfn (its contents moved there), as with
 * shared_info, and goes back to a hidden page of xenhv's when the guest
 * removes it. The guest writes its entries straight into the frames, as
 * the ABI wants.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include "gnttab.h"

static unsigned int xenhv_gnt_per_frame(unsigned int version)
{
	return version == 2 ? XENHV_GNT_V2_PER_FRAME : XENHV_GNT_V1_PER_FRAME;
}

/* Status frames a v2 table of @nr shared frames needs. */
static unsigned int xenhv_gnt_status_for(unsigned int nr)
{
	return DIV_ROUND_UP(nr * XENHV_GNT_V2_PER_FRAME, XENHV_GNT_STATUS_PER_FRAME);
}

unsigned int xenhv_gnt_nr_entries(const struct xenhv_gnttab *gt)
{
	return gt->nr_frames * xenhv_gnt_per_frame(gt->version);
}

struct grant_entry_v1 *xenhv_gnt_v1(struct xenhv_gnttab *gt, u32 ref)
{
	return (struct grant_entry_v1 *)gt->shared[ref / XENHV_GNT_V1_PER_FRAME].cur +
	       ref % XENHV_GNT_V1_PER_FRAME;
}

union grant_entry_v2 *xenhv_gnt_v2(struct xenhv_gnttab *gt, u32 ref)
{
	return (union grant_entry_v2 *)gt->shared[ref / XENHV_GNT_V2_PER_FRAME].cur +
	       ref % XENHV_GNT_V2_PER_FRAME;
}

u16 *xenhv_gnt_status(struct xenhv_gnttab *gt, u32 ref)
{
	return (u16 *)gt->status[ref / XENHV_GNT_STATUS_PER_FRAME].cur +
	       ref % XENHV_GNT_STATUS_PER_FRAME;
}

static gfp_t xenhv_gnt_gfp(void)
{
	return preemptible() ? GFP_KERNEL : GFP_ATOMIC;
}

/*
 * A new frame: a hidden, zeroed page of xenhv's. A PV domain's is a
 * machine frame of its own, as Xen's xenheap frames shared with the
 * domain are, so setup_table can name it.
 */
static int xenhv_gnt_frame_new(struct xenhv_domain *d, struct xenhv_gnt_frame *f)
{
	f->mfn = XENHV_NO_FRAME;
	if (d->pv) {
		f->mfn = xenhv_be_alloc_frames(d->be, 0, XENHV_NO_FRAME);
		f->hidden = f->mfn == XENHV_NO_FRAME ? NULL : xenhv_be_frame_va(d->be, f->mfn);
	} else {
		f->hidden = (void *)get_zeroed_page(xenhv_gnt_gfp());
	}
	if (!f->hidden)
		return -XEN_ENOMEM;
	f->cur = f->hidden;
	f->gfn = XENHV_NO_FRAME;
	return 0;
}

/* The frame goes: a placed one gives the guest page back. */
static void xenhv_gnt_frame_free(struct xenhv_domain *d, struct xenhv_gnt_frame *f)
{
	if (f->cur && f->cur != f->hidden)
		xenhv_be_unmap_gfn(d->be, f->cur);
	if (f->mfn != XENHV_NO_FRAME && f->hidden)
		xenhv_be_free_frame(d->be, f->mfn);
	else
		free_page((unsigned long)f->hidden);
	memset(f, 0, sizeof(*f));
}

/*
 * gnttab_grow_table(): up to @nr shared frames (and, in v2, the status
 * frames they need), new entries zeroed.
 */
int xenhv_gnt_grow(struct xenhv_domain *d, unsigned int nr)
{
	struct xenhv_gnttab *gt = d->gnttab;
	int rc;

	lockdep_assert_held(&gt->lock);
	if (nr > gt->max_frames)
		return -XEN_EINVAL;
	while (gt->nr_frames < nr) {
		if (!gt->pins[gt->nr_frames])
			gt->pins[gt->nr_frames] = kzalloc(sizeof(struct xenhv_gnt_pins),
							  xenhv_gnt_gfp());
		if (!gt->pins[gt->nr_frames])
			return -XEN_ENOMEM;
		rc = xenhv_gnt_frame_new(d, &gt->shared[gt->nr_frames]);
		if (rc)
			return rc;
		gt->nr_frames++;
	}
	if (gt->version == 2) {
		while (gt->nr_status < xenhv_gnt_status_for(gt->nr_frames)) {
			rc = xenhv_gnt_frame_new(d, &gt->status[gt->nr_status]);
			if (rc)
				return rc;
			gt->nr_status++;
		}
	}
	return 0;
}

/*
 * Put frame @f at the guest's @page (frame @gfn): its contents move
 * there. The reference on @page is kept; the old placement's is returned
 * in @old for the caller to drop outside the lock.
 */
static void xenhv_gnt_place(struct xenhv_gnt_frame *f, u64 gfn, void *page, void **old)
{
	if (f->cur == page) {
		*old = page;	/* already there: drop the new reference */
		return;
	}
	memcpy(page, f->cur, PAGE_SIZE);
	if (f->cur != f->hidden)
		*old = f->cur;
	f->cur = page;
	f->gfn = gfn;
}

/**
 * xenhv_gnttab_add_to_physmap - XENMAPSPACE_grant_table
 * @d: the domain
 * @idx: the frame, with XENMAPIDX_grant_table_status for a status frame
 * @gfn: where the guest wants it
 *
 * A shared frame past the table grows it, up to max_grant_frames
 * (-EINVAL beyond); status frames exist only in version 2 (-EINVAL).
 * A frame already placed elsewhere moves. Non-RAM gfn: -EINVAL.
 *
 * Return: 0 or Xen's errno.
 */
int xenhv_gnttab_add_to_physmap(struct xenhv_domain *d, u64 idx, u64 gfn)
{
	struct xenhv_gnttab *gt = d->gnttab;
	bool status = idx & XENHV_MAPIDX_GRANT_STATUS;
	struct xenhv_gnt_frame *f = NULL;
	void *page, *old = NULL;
	unsigned long flags;
	int rc = 0;

	idx &= ~(u64)XENHV_MAPIDX_GRANT_STATUS;
	page = xenhv_be_map_gfn(d->be, gfn);
	if (!page)
		return -XEN_EINVAL;
	spin_lock_irqsave(&gt->lock, flags);
	if (status) {
		/* gnttab_map_frame(): a status frame past the end grows the table. */
		if (gt->version != 2)
			rc = -XEN_EINVAL;
		else if (idx >= gt->nr_status &&
			 (idx + 1) * XENHV_GNT_STATUS_PER_FRAME / XENHV_GNT_V2_PER_FRAME <=
			 gt->max_frames)
			rc = xenhv_gnt_grow(d, (idx + 1) * XENHV_GNT_STATUS_PER_FRAME /
					    XENHV_GNT_V2_PER_FRAME);
		if (!rc && idx >= gt->nr_status)
			rc = -XEN_EINVAL;
		if (!rc)
			f = &gt->status[idx];
	} else {
		if (idx >= gt->max_frames)
			rc = -XEN_EINVAL;
		else if (idx >= gt->nr_frames)
			rc = xenhv_gnt_grow(d, idx + 1);
		if (!rc)
			f = &gt->shared[idx];
	}
	if (f)
		xenhv_gnt_place(f, gfn, page, &old);
	else
		old = page;
	spin_unlock_irqrestore(&gt->lock, flags);
	if (old)
		xenhv_be_unmap_gfn(d->be, old);
	return rc;
}

/*
 * XENMEM_remove_from_physmap of a placed frame: its contents go back to
 * the hidden page, which the table uses from now on.
 */
bool xenhv_gnttab_remove_from_physmap(struct xenhv_domain *d, u64 gfn)
{
	struct xenhv_gnttab *gt = d->gnttab;
	struct xenhv_gnt_frame *f = NULL;
	unsigned long flags;
	void *old = NULL;
	unsigned int i;

	spin_lock_irqsave(&gt->lock, flags);
	for (i = 0; i < gt->nr_frames && !f; i++)
		if (gt->shared[i].cur != gt->shared[i].hidden && gt->shared[i].gfn == gfn)
			f = &gt->shared[i];
	for (i = 0; i < gt->nr_status && !f; i++)
		if (gt->status[i].cur != gt->status[i].hidden && gt->status[i].gfn == gfn)
			f = &gt->status[i];
	if (f) {
		memcpy(f->hidden, f->cur, PAGE_SIZE);
		old = f->cur;
		f->cur = f->hidden;
		f->gfn = XENHV_NO_FRAME;
	}
	spin_unlock_irqrestore(&gt->lock, flags);
	if (old)
		xenhv_be_unmap_gfn(d->be, old);
	return old != NULL;
}

/*
 * What setup_table and get_status_frames name a frame by: Xen's
 * gnttab_shared_gfn() is mfn_to_gfn(), the M2P entry for an HVM domain
 * (where the guest placed the frame, else INVALID_GFN) and the machine
 * frame itself for a PV one (xen/arch/x86/include/asm/p2m.h, 4.17.7).
 */
static u64 xenhv_gnt_frame_gfn(const struct xenhv_domain *d, const struct xenhv_gnt_frame *f)
{
	if (f->cur != f->hidden)
		return f->gfn;
	return d->pv && f->mfn != XENHV_NO_FRAME ? f->mfn : XENHV_INVALID_GFN;
}

u64 xenhv_gnttab_shared_gfn(struct xenhv_domain *d, unsigned int i)
{
	return xenhv_gnt_frame_gfn(d, &d->gnttab->shared[i]);
}

u64 xenhv_gnttab_status_gfn(struct xenhv_domain *d, unsigned int i)
{
	return xenhv_gnt_frame_gfn(d, &d->gnttab->status[i]);
}

/* Release status frames (going back to version 1). */
static void xenhv_gnt_drop_status(struct xenhv_domain *d)
{
	struct xenhv_gnttab *gt = d->gnttab;

	while (gt->nr_status)
		xenhv_gnt_frame_free(d, &gt->status[--gt->nr_status]);
}

/**
 * xenhv_gnttab_set_version_locked - gnttab_set_version()'s switch
 * @d: the domain
 * @version: 1 or 2
 *
 * Only while no entry past the 8 reserved ones is in use (-EBUSY); a v2
 * table whose reserved entries cannot be written as v1 (a frame above
 * 32 bits, a transitive grant) stays (-ERANGE). The reserved entries are
 * carried over, everything else is cleared, status frames come and go.
 *
 * Return: 0 or Xen's errno.
 */
int xenhv_gnttab_set_version_locked(struct xenhv_domain *d, unsigned int version)
{
	struct xenhv_gnttab *gt = d->gnttab;
	struct grant_entry_v1 keep[GNTTAB_NR_RESERVED_ENTRIES] = {};
	unsigned int i, nr = xenhv_gnt_nr_entries(gt);
	union grant_entry_v2 *e2;
	int rc;

	lockdep_assert_held(&gt->lock);
	if (version == gt->version)
		return 0;
	for (i = GNTTAB_NR_RESERVED_ENTRIES; i < nr; i++)
		if (*xenhv_gnt_active(gt, i))
			return -XEN_EBUSY;
	nr = min_t(unsigned int, nr, GNTTAB_NR_RESERVED_ENTRIES);
	if (gt->version == 2) {
		for (i = 0; i < nr; i++) {
			e2 = xenhv_gnt_v2(gt, i);
			switch (e2->hdr.flags & GTF_type_mask) {
			case GTF_permit_access:
				if (e2->full_page.frame >> 32)
					return -XEN_ERANGE;
				keep[i].flags = e2->hdr.flags | *xenhv_gnt_status(gt, i);
				keep[i].domid = e2->hdr.domid;
				keep[i].frame = e2->full_page.frame;
				break;
			case GTF_transitive:
				return -XEN_ERANGE;
			}
		}
	} else {
		for (i = 0; i < nr; i++)
			keep[i] = *xenhv_gnt_v1(gt, i);
	}
	if (version == 2) {
		gt->version = 2;
		rc = xenhv_gnt_grow(d, gt->nr_frames);
		if (rc) {
			xenhv_gnt_drop_status(d);
			gt->version = 1;
			return rc;
		}
	} else {
		xenhv_gnt_drop_status(d);
	}
	for (i = 0; i < gt->nr_frames; i++)
		memset(gt->shared[i].cur, 0, PAGE_SIZE);
	gt->version = version;
	for (i = 0; i < nr; i++) {
		if (version == 1) {
			*xenhv_gnt_v1(gt, i) = keep[i];
			continue;
		}
		e2 = xenhv_gnt_v2(gt, i);
		*xenhv_gnt_status(gt, i) = keep[i].flags & (GTF_reading | GTF_writing);
		e2->hdr.flags = keep[i].flags & ~(GTF_reading | GTF_writing);
		e2->hdr.domid = keep[i].domid;
		e2->full_page.frame = keep[i].frame;
	}
	return 0;
}

int xenhv_gnttab_init(struct xenhv_domain *d, unsigned int max_frames)
{
	struct xenhv_gnttab *gt;
	unsigned long flags;
	int rc;

	gt = kzalloc(sizeof(*gt), GFP_KERNEL);
	if (!gt)
		return -ENOMEM;
	spin_lock_init(&gt->lock);
	/* grant_table_init(): version 1 from creation, one frame. */
	gt->version = 1;
	gt->max_frames = clamp_t(unsigned int, max_frames, 1, XENHV_GNT_MAX_FRAMES);
	d->gnttab = gt;
	/* Nobody else sees the table yet, but growth is done under its lock. */
	spin_lock_irqsave(&gt->lock, flags);
	rc = xenhv_gnt_grow(d, 1);
	spin_unlock_irqrestore(&gt->lock, flags);
	if (rc) {
		xenhv_gnttab_destroy(d);
		return -ENOMEM;
	}
	return 0;
}

void xenhv_gnttab_destroy(struct xenhv_domain *d)
{
	struct xenhv_gnttab *gt = d->gnttab;
	unsigned int i;

	if (!gt)
		return;
	xenhv_gnt_drop_status(d);
	while (gt->nr_frames)
		xenhv_gnt_frame_free(d, &gt->shared[--gt->nr_frames]);
	/* A frame that failed half-way may have its pins without the page. */
	for (i = 0; i < XENHV_GNT_MAX_FRAMES; i++)
		kfree(gt->pins[i]);
	for (i = 0; i < gt->nr_maptrack_chunks; i++)
		kfree(gt->maptrack[i]);
	kfree(gt);
	d->gnttab = NULL;
}
