// SPDX-License-Identifier: GPL-2.0
/*
 * The frame word store, Xen's page_info for the PV MMU: one packed word
 * per frame (its layout in mm.h) in chunks of 64 found by gfn / 64, the
 * chunk cache the lookups go through, and the general references.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include "mm.h"

/* The word of every frame the domain does not own: never written. */
static const unsigned long xenhv_fi_unowned = XENHV_FI_FOREIGN;

/* xenhv_fi_in() when @slot does not hold the chunk: filled from another slot or the xarray. */
unsigned long *xenhv_fi_lookup(struct xenhv_mm_domain *mm, u64 gfn, enum xenhv_fi_slot slot)
{
	unsigned long idx = gfn >> XENHV_FI_CHUNK_SHIFT;
	struct xenhv_fi_cache *fc = &mm->fi_cache[slot];
	struct xenhv_frame_chunk *c;
	unsigned int i;

	for (i = 0; i < XENHV_FI_SLOTS; i++)
		if (mm->fi_cache[i].idx == idx)
			break;
	if (i < XENHV_FI_SLOTS) {
		*fc = mm->fi_cache[i];
	} else {
		c = xa_load(&mm->frames, idx);
		if (!c)
			return (unsigned long *)&xenhv_fi_unowned;
		fc->idx = idx;
		/* Where gfn 0's word would be, were the chunk that long: unsigned arithmetic. */
		fc->base = (unsigned long)c->fi - (idx << XENHV_FI_CHUNK_SHIFT) * sizeof(c->fi[0]);
		fc->lo = idx << (PAGE_SHIFT + XENHV_FI_CHUNK_SHIFT);
		fc->fi = (unsigned long)c->fi;
	}
	return (unsigned long *)(fc->base + gfn * sizeof(unsigned long));
}

/*
 * Every chunk for the frames [@gfn, @gfn + @n) exists, so their words can
 * be set.
 */
int xenhv_fi_chunks_get(struct xenhv_mm_domain *mm, u64 gfn, unsigned long n)
{
	unsigned long idx, last = (gfn + n - 1) >> XENHV_FI_CHUNK_SHIFT;
	struct xenhv_frame_chunk *c;
	unsigned int i;

	lockdep_assert_held(&mm->lock);
	for (idx = gfn >> XENHV_FI_CHUNK_SHIFT; idx <= last; idx++) {
		if (xa_load(&mm->frames, idx))
			continue;
		c = kmalloc(sizeof(*c), GFP_ATOMIC | __GFP_NOWARN);
		if (!c)
			return -XEN_ENOMEM;
		for (i = 0; i < XENHV_FI_PER_CHUNK; i++)
			c->fi[i] = XENHV_FI_FOREIGN;
		if (xa_err(xa_store(&mm->frames, idx, c, GFP_ATOMIC | __GFP_NOWARN))) {
			kfree(c);
			return -XEN_ENOMEM;
		}
	}
	return 0;
}

static bool xenhv_fi_chunk_used(const struct xenhv_frame_chunk *c)
{
	unsigned int i;

	for (i = 0; i < XENHV_FI_PER_CHUNK; i++)
		if (c->fi[i] != XENHV_FI_FOREIGN)
			return true;
	return false;
}

/*
 * Frees the chunks of [@gfn, @gfn + @n) that hold no owned frame any
 * more, so a domain that gives memory back does not keep its info.
 */
void xenhv_fi_chunks_put(struct xenhv_mm_domain *mm, u64 gfn, unsigned long n)
{
	unsigned long idx, last = (gfn + n - 1) >> XENHV_FI_CHUNK_SHIFT;
	struct xenhv_frame_chunk *c;
	unsigned int i;

	lockdep_assert_held(&mm->lock);
	for (idx = gfn >> XENHV_FI_CHUNK_SHIFT; idx <= last; idx++) {
		c = xa_load(&mm->frames, idx);
		if (!c || xenhv_fi_chunk_used(c))
			continue;
		xa_erase(&mm->frames, idx);
		for (i = 0; i < ARRAY_SIZE(mm->fi_cache); i++)
			if (mm->fi_cache[i].idx == idx) {
				mm->fi_cache[i].idx = XENHV_FI_NO_CHUNK;
				mm->fi_cache[i].lo = XENHV_FI_NO_CHUNK_LO;
			}
		kfree(c);
	}
}

/* Does the domain own @gfn? */
bool xenhv_owned(struct xenhv_mm_domain *mm, u64 gfn)
{
	struct xenhv_frame f;

	return xenhv_frame_load(mm, gfn, &f);
}

/*
 * One more general reference to an owned frame; false, with nothing
 * changed, for a frame the domain does not own or one at
 * XENHV_FI_REFS_MAX (where Xen's get_page() fails).
 */
bool xenhv_get_ref(struct xenhv_mm_domain *mm, u64 gfn)
{
	struct xenhv_frame f;

	if (!xenhv_frame_load(mm, gfn, &f) || f.refs == XENHV_FI_REFS_MAX)
		return false;
	f.refs++;
	xenhv_frame_store(mm, gfn, &f);
	return true;
}

/* One general reference less, for an owned frame. */
void xenhv_put_ref(struct xenhv_mm_domain *mm, u64 gfn)
{
	struct xenhv_frame f;

	/* A count the guest corrupted behind xenhv's back never goes below 0. */
	if (!xenhv_frame_load(mm, gfn, &f) || !f.refs)
		return;
	f.refs--;
	xenhv_frame_store(mm, gfn, &f);
}

/* No frame and no cached chunk yet. */
void xenhv_fi_init(struct xenhv_mm_domain *mm)
{
	unsigned int v;

	xa_init(&mm->frames);
	for (v = 0; v < ARRAY_SIZE(mm->fi_cache); v++) {
		mm->fi_cache[v].idx = XENHV_FI_NO_CHUNK;
		mm->fi_cache[v].lo = XENHV_FI_NO_CHUNK_LO;
	}
}

/* Every frame the domain owns goes back to the kernel, and every chunk. */
void xenhv_fi_destroy(struct xenhv_domain *d)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame_chunk *c;
	unsigned long idx, i;

	xa_for_each(&mm->frames, idx, c) {
		for (i = 0; i < XENHV_FI_PER_CHUNK; i++)
			if (!(c->fi[i] & XENHV_FI_FOREIGN))
				xenhv_be_free_frame(d->be, (idx << XENHV_FI_CHUNK_SHIFT) + i);
		kfree(c);
	}
	xa_destroy(&mm->frames);
}
