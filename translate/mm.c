// SPDX-License-Identifier: GPL-2.0
/*
 * The PV MMU: frame ownership, page-table types and validation, and the
 * mmu_update / update_va_mapping hypercalls, with Xen 4.17's rules
 * (xen/arch/x86/mm.c) on real x86-64 4-level tables in guest memory.
 *
 * Machine frames equal guest frames here: a frame number in a PTE, in
 * MMU_MACHPHYS_UPDATE or in a reservation extent is the frame's guest
 * physical number, so the M2P is the identity. A domain owns the frames
 * it was given (populate_physmap / increase_reservation) and nothing
 * else: the kernel's text, its other memory and xenhv's own pages can
 * never appear in a validated entry.
 *
 * Types and counts follow Xen's page_info: a frame is at most one of L1,
 * L2, L3, L4 or writable at a time, for as long as its type count is
 * non-zero; the first reference of a table type validates every entry
 * (promotion), the last drops what they referenced (demotion). A pinned
 * or referenced table can therefore never be mapped writable through the
 * domain's own tables, and a frame mapped writable never becomes a table.
 *
 * Root tables get the kernel's upper half (slots 256-511), as Xen puts
 * its own slots in every PV L4 (init_xen_l4_slots()): a vCPU can run on
 * the domain's tables without losing the kernel. The guest owns the lower
 * half, 0 to 2^47.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/bitmap.h>
#include <linux/atomic.h>
#include "mm.h"

struct xenhv_frame {
	bool owned;
	bool pinned;
	u8 type;
	u32 count;	/* type count */
	u32 refs;	/* general references: entries, pins, base pointers */
};

/*
 * Flags a domU may set, per level (Xen's L*_DISALLOW_MASK with
 * l1_disallow_mask() for a domain without I/O memory): no cache-attribute
 * bits (PWT, PCD, PAT), no superpages (PSE in L2/L3), G only in an L1.
 */
#define XENHV_PTE_ALLOWED	(XENHV_PTE_P | XENHV_PTE_RW | XENHV_PTE_US | XENHV_PTE_A | \
				 XENHV_PTE_D | XENHV_PTE_AVAIL | XENHV_PTE_AVAIL_HIGH | \
				 XENHV_PTE_NX)

#define XENHV_L1_ALLOWED	((XENHV_PTE_ALLOWED | XENHV_PTE_G) & ~XENHV_PTE_GNTTAB)
/* An L1 entry's bits a domU may not set: cache attributes, PAT, the grant bit. */
#define XENHV_L1_DISALLOWED	(XENHV_PTE_FLAGS & ~XENHV_L1_ALLOWED)

static u64 xenhv_pte_allowed(unsigned int level)
{
	return level == 1 ? XENHV_L1_ALLOWED : XENHV_PTE_ALLOWED;
}

static u64 xenhv_pte_frame(u64 e)
{
	return (e & XENHV_PTE_FRAME) >> PAGE_SHIFT;
}

/*
 * A frame the domain owns, for reading or writing its contents: xenhv
 * allocated it and holds it until the domain gives it back, which needs
 * mm->lock, so no reference is taken and nothing is looked up. Only for
 * frames checked to be owned.
 */
static u64 *xenhv_frame(struct xenhv_domain *d, u64 gfn)
{
	lockdep_assert_held(&d->mm->lock);
	return d->be->ops->frame_va(d->be, gfn);
}

/* The word of every frame the domain does not own: never written. */
static const unsigned long xenhv_fi_unowned = XENHV_FI_FOREIGN;

/*
 * The cache slot a lookup uses: the frame an entry gets (and every other
 * lookup), the frame an old entry puts, or the table an mmu_update
 * request names. A run of remaps takes frames in one range and drops
 * them in another, while its table is checked once a batch: each keeps
 * its chunk.
 */
enum xenhv_fi_slot {
	XENHV_FI_GET,
	XENHV_FI_PUT,
	XENHV_FI_TABLE,
	XENHV_FI_SLOTS
};

/* xenhv_fi_in() when @slot does not hold the chunk: filled from another slot or the xarray. */
static noinline unsigned long *xenhv_fi_lookup(struct xenhv_mm_domain *mm, u64 gfn,
					       enum xenhv_fi_slot slot)
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
 * The info word of @gfn, through @slot of the chunk cache. The caller
 * writes the word only after finding XENHV_FI_FOREIGN clear in it (a
 * frame the domain does not own has the read-only xenhv_fi_unowned).
 */
static __always_inline unsigned long *xenhv_fi_in(struct xenhv_mm_domain *mm, u64 gfn,
						  enum xenhv_fi_slot slot)
{
	lockdep_assert_held(&mm->lock);
	if (likely(mm->fi_cache[slot].idx == gfn >> XENHV_FI_CHUNK_SHIFT))
		return (unsigned long *)(mm->fi_cache[slot].base + gfn * sizeof(unsigned long));
	return xenhv_fi_lookup(mm, gfn, slot);
}

/*
 * xenhv_fi_in() for the frame a PTE names, taken from its frame bits as
 * they stand: one subtract is both the cache check and, shifted, the
 * word's offset, with no frame number worked out (the remap's hot path).
 */
static __always_inline unsigned long *xenhv_fi_pte(struct xenhv_mm_domain *mm, u64 e,
						   enum xenhv_fi_slot slot)
{
	u64 off = (e & XENHV_PTE_FRAME) - mm->fi_cache[slot].lo;

	lockdep_assert_held(&mm->lock);
	/* The frame bits are gfn * PAGE_SIZE; the word is gfn * its size on. */
	if (likely(off < (PAGE_SIZE << XENHV_FI_CHUNK_SHIFT)))
		return (unsigned long *)(mm->fi_cache[slot].fi +
					 off / (PAGE_SIZE / sizeof(unsigned long)));
	return xenhv_fi_lookup(mm, xenhv_pte_frame(e), slot);
}

static __always_inline unsigned long *xenhv_fi(struct xenhv_mm_domain *mm, u64 gfn)
{
	return xenhv_fi_in(mm, gfn, XENHV_FI_GET);
}

/* A frame's word, unpacked; returns whether the domain owns the frame. */
static __always_inline bool xenhv_frame_decode(unsigned long v, struct xenhv_frame *f)
{
	f->owned = !(v & XENHV_FI_FOREIGN);
	f->pinned = v & XENHV_FI_PINNED;
	f->type = (v & XENHV_FI_TYPE_MASK) >> XENHV_FI_TYPE_SHIFT;
	f->count = (v >> XENHV_FI_COUNT_SHIFT) & XENHV_FI_COUNT_MAX;
	if (f->type == XENHV_PGT_NONE && f->count)
		f->type = XENHV_PGT_WRITABLE;	/* not stored: see mm.h */
	f->refs = (v >> XENHV_FI_REFS_SHIFT) & XENHV_FI_REFS_MAX;
	return f->owned;
}

static bool xenhv_frame_load(struct xenhv_mm_domain *mm, u64 gfn, struct xenhv_frame *f)
{
	return xenhv_frame_decode(*xenhv_fi(mm, gfn), f);
}

/* Replaces the word of an owned frame (so its chunk exists). */
static void xenhv_frame_store(struct xenhv_mm_domain *mm, u64 gfn, const struct xenhv_frame *f)
{
	unsigned long v = XENHV_FI_DATA_FRAME;

	if (f->pinned)
		v |= XENHV_FI_PINNED;
	if (f->type != XENHV_PGT_WRITABLE)
		v |= (unsigned long)f->type << XENHV_FI_TYPE_SHIFT;
	v |= (unsigned long)f->count << XENHV_FI_COUNT_SHIFT;
	v |= (unsigned long)f->refs << XENHV_FI_REFS_SHIFT;
	*xenhv_fi(mm, gfn) = v;
}

/*
 * Every chunk for the frames [@gfn, @gfn + @n) exists, so their words can
 * be set.
 */
static int xenhv_fi_chunks_get(struct xenhv_mm_domain *mm, u64 gfn, unsigned long n)
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
static void xenhv_fi_chunks_put(struct xenhv_mm_domain *mm, u64 gfn, unsigned long n)
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

static bool xenhv_owned(struct xenhv_mm_domain *mm, u64 gfn)
{
	struct xenhv_frame f;

	return xenhv_frame_load(mm, gfn, &f);
}

static bool xenhv_get_ref(struct xenhv_mm_domain *mm, u64 gfn)
{
	struct xenhv_frame f;

	if (!xenhv_frame_load(mm, gfn, &f) || f.refs == XENHV_FI_REFS_MAX)
		return false;
	f.refs++;
	xenhv_frame_store(mm, gfn, &f);
	return true;
}

static void xenhv_put_ref(struct xenhv_mm_domain *mm, u64 gfn)
{
	struct xenhv_frame f;

	/* A count the guest corrupted behind xenhv's back never goes below 0. */
	if (!xenhv_frame_load(mm, gfn, &f) || !f.refs)
		return;
	f.refs--;
	xenhv_frame_store(mm, gfn, &f);
}

static int xenhv_get_type(struct xenhv_domain *d, u64 gfn, unsigned int type);
static void xenhv_put_type(struct xenhv_domain *d, u64 gfn);

/*
 * get_page_from_l1e() for a frame the mapping may not take (not the
 * domain's, or a DOMID_IO request): RAM -EBUSY, I/O memory a domU may
 * not map -EPERM, and the all-ones frame, Xen's INVALID_MFN, -EINVAL.
 */
static int xenhv_l1e_foreign_errno(struct xenhv_domain *d, u64 frame)
{
	if (frame == XENHV_PTE_FRAME >> PAGE_SHIFT)
		return -XEN_EINVAL;
	return d->be->ops->ram_frame(d->be, frame) ? -XEN_EBUSY : -XEN_EPERM;
}

/*
 * get_page_from_l1e() for a frame's packed entry: a frame the domain does
 * not own gets xenhv_l1e_foreign_errno(). A writable mapping needs the writable
 * type, never a table's, and every mapping a reference: both taken in one
 * update of the packed entry. Inline: the hot path of every mmu_update.
 */
static __always_inline int xenhv_get_l1e(struct xenhv_domain *d, struct xenhv_mm_domain *mm,
					 u64 e)
{
	u64 frame = xenhv_pte_frame(e);
	unsigned long *w, v;

	if (e & XENHV_PTE_FLAGS & ~xenhv_pte_allowed(1))
		return -XEN_EINVAL;
	w = xenhv_fi(mm, frame);
	v = *w;
	/* A data frame: one more of each count, unless one is full. */
	if ((e & XENHV_PTE_RW) && likely((u8)v == XENHV_FI_DATA_FRAME)) {
		v += XENHV_FI_COUNT_ONE | XENHV_FI_REFS_ONE;
		if (unlikely(v & XENHV_FI_GUARDS))
			return -XEN_EBUSY;
		*w = v;
		return 0;
	}
	if (unlikely(v & XENHV_FI_FOREIGN))
		return xenhv_l1e_foreign_errno(d, frame);
	if (e & XENHV_PTE_RW)
		return -XEN_EBUSY;	/* a page table is never mapped writable */
	v += XENHV_FI_REFS_ONE;
	if (unlikely(v & XENHV_FI_REFS_GUARD))
		return -XEN_EBUSY;
	*w = v;
	return 0;
}

/*
 * put_page_from_l1e() for a frame's packed entry, in one update; false
 * if the general path must do it: a table-typed frame under a writable
 * entry means the table was changed behind xenhv's back, and that path
 * copes. A grant mapping holds nothing of the page tables': its grant does.
 */
static __always_inline bool xenhv_put_l1e(struct xenhv_mm_domain *mm, u64 e)
{
	unsigned long *w, v, nv;

	if (e & XENHV_PTE_GNTTAB)
		return true;
	w = xenhv_fi_in(mm, xenhv_pte_frame(e), XENHV_FI_PUT);
	v = *w;
	if ((e & XENHV_PTE_RW) && likely((u8)v == XENHV_FI_DATA_FRAME)) {
		/* One less of each; the type goes with the last count by itself. */
		nv = v - (XENHV_FI_COUNT_ONE | XENHV_FI_REFS_ONE);
		if (unlikely(nv & XENHV_FI_GUARDS)) {
			/* Corrupted behind xenhv's back: neither goes below 0. */
			nv = v;
			if (nv & XENHV_FI_COUNT_MASK)
				nv -= XENHV_FI_COUNT_ONE;
			if (nv & XENHV_FI_REFS_MASK)
				nv -= XENHV_FI_REFS_ONE;
		}
		*w = nv;
		return true;
	}
	if (unlikely(v & XENHV_FI_FOREIGN))
		return true;
	if ((e & XENHV_PTE_RW) && (v & XENHV_FI_COUNT_MASK))
		return false;	/* a table's type under a writable entry */
	/* A count corrupted behind xenhv's back never goes below 0. */
	if (v & XENHV_FI_REFS_MASK)
		v -= XENHV_FI_REFS_ONE;
	*w = v;
	return true;
}

/*
 * L1 entry bits that can change with no reference moving: Xen's
 * FASTPATH_FLAG_WHITELIST (mod_l1_entry()), less xenhv's grant bit,
 * which says who holds the frame.
 */
#define XENHV_L1_FASTPATH	((XENHV_PTE_NX | XENHV_PTE_AVAIL_HIGH | XENHV_PTE_AVAIL | \
				  XENHV_PTE_G | XENHV_PTE_D | XENHV_PTE_A | XENHV_PTE_US) & \
				 ~XENHV_PTE_GNTTAB)

/*
 * A present L1 entry rewritten with the same frame, where only RW and
 * fast-path bits change (fork's and mprotect's batches). Only fast-path
 * bits: Xen's fast path, nothing to take or drop. RW too: the get of
 * the new entry and the put of the old name the same frame, so the
 * general reference stays and only the writable type count moves, in
 * one update of the frame's word.
 *
 * Return: true when done; false, with nothing changed, when the general
 * get and put must do it and give its errno: a frame that is not one of
 * the domain's data frames, a count at its limit or below 0.
 */
static __always_inline bool xenhv_l1e_reflag(struct xenhv_mm_domain *mm, u64 old, u64 val)
{
	unsigned long *w, v;

	if (!((old ^ val) & XENHV_PTE_RW))
		return true;
	w = xenhv_fi_pte(mm, val, XENHV_FI_GET);
	if ((u8)*w != XENHV_FI_DATA_FRAME)
		return false;
	/*
	 * The writable type's half of a get or of a put, and the reference
	 * Xen's get of the new entry takes before the put of the old one
	 * drops it again: at its limit, Xen's get_page() fails and so does
	 * this (-EBUSY from the general path). A guard shows either limit.
	 */
	v = *w + (val & XENHV_PTE_RW ? XENHV_FI_COUNT_ONE + XENHV_FI_REFS_ONE :
				       XENHV_FI_REFS_ONE - XENHV_FI_COUNT_ONE);
	if (v & XENHV_FI_GUARDS)
		return false;
	*w = v - XENHV_FI_REFS_ONE;
	return true;
}

/*
 * A present, writable L1 entry rewritten to name another frame, writable
 * too (mremap()'s and migration's batches; the caller checked the bits):
 * when both frames are data frames of the domain, the new one's counts go
 * up and the old one's down, each in one update of its word.
 *
 * Return: as xenhv_l1e_reflag().
 */
static __always_inline bool xenhv_l1e_remap(struct xenhv_mm_domain *mm, u64 old, u64 val)
{
	unsigned long *wg, *wp, g, p;

	wg = xenhv_fi_pte(mm, val, XENHV_FI_GET);
	wp = xenhv_fi_pte(mm, old, XENHV_FI_PUT);
	/*
	 * Neither add nor subtract reaches the low byte, which is 0 for a
	 * data frame (XENHV_FI_DATA_FRAME); a guard shows a count past its
	 * limit. One test for both frames' type and both limits.
	 */
	BUILD_BUG_ON(XENHV_FI_DATA_FRAME != 0);
	g = *wg + (XENHV_FI_COUNT_ONE | XENHV_FI_REFS_ONE);
	p = *wp - (XENHV_FI_COUNT_ONE | XENHV_FI_REFS_ONE);
	if ((g | p) & (0xffUL | XENHV_FI_GUARDS))
		return false;
	*wg = g;
	*wp = p;
	return true;
}

/*
 * What one present L1 entry holds of its frame: a writable one the
 * writable type's count and a reference, a read-only one a reference.
 */
static __always_inline unsigned long xenhv_l1e_counts(u64 e)
{
	return e & XENHV_PTE_RW ? XENHV_FI_COUNT_ONE | XENHV_FI_REFS_ONE : XENHV_FI_REFS_ONE;
}

/*
 * The bits of a frame's word, with xenhv_l1e_counts(@e) added or taken,
 * that say the general path must do it: for a writable entry, anything
 * but a data frame (the low byte) or a count past a limit; for a
 * read-only one, a frame not the domain's or the reference count past
 * its limit (any frame of the domain's may be mapped read-only).
 */
static __always_inline unsigned long xenhv_l1e_refuse(u64 e)
{
	return e & XENHV_PTE_RW ? 0xffUL | XENHV_FI_GUARDS :
				  XENHV_FI_FOREIGN | XENHV_FI_REFS_GUARD;
}

/*
 * An L1 entry made present or not present (populating a range, and
 * munmap()'s batches): the one frame's word changes as
 * get_page_from_l1e() or put_page_from_l1e() would change it, when that
 * cannot fail. Between two non-present entries nothing moves. Return:
 * as xenhv_l1e_reflag(), the entry written when done.
 */
static __always_inline bool xenhv_l1e_edge(struct xenhv_mm_domain *mm, u64 *pte, u64 old,
					   u64 val)
{
	unsigned long *w, v;

	if (!(old & XENHV_PTE_P)) {
		if (val & XENHV_PTE_P) {
			if (val & XENHV_L1_DISALLOWED)
				return false;
			w = xenhv_fi_pte(mm, val, XENHV_FI_GET);
			v = *w + xenhv_l1e_counts(val);
			if (v & xenhv_l1e_refuse(val))
				return false;
			*w = v;
			val &= ~XENHV_PTE_G;
		}
	} else {
		/* Present to present with a disallowed bit; a grant's mapping. */
		if ((val & XENHV_PTE_P) || (old & XENHV_PTE_GNTTAB))
			return false;
		w = xenhv_fi_pte(mm, old, XENHV_FI_PUT);
		v = *w - xenhv_l1e_counts(old);
		if (v & xenhv_l1e_refuse(old))
			return false;
		*w = v;
	}
	WRITE_ONCE(*pte, val);
	return true;
}

/*
 * mod_l1_entry()'s common cases, each in one update of a frame's word or
 * two: a present entry rewritten present, neither with a bit a domU may
 * not set, naming the same frame (xenhv_l1e_reflag()) or another
 * (xenhv_l1e_remap()); an entry made present or not (xenhv_l1e_edge()).
 * Return: true when done and the entry written; false, with nothing
 * changed, for the general get and put.
 */
static __always_inline bool xenhv_l1e_fast(struct xenhv_mm_domain *mm, u64 *pte, u64 old,
					   u64 val)
{
	/* After the xors P and RW read 0 only where set in both entries. */
	u64 missing = (old ^ XENHV_PTE_P ^ XENHV_PTE_RW) | (val ^ XENHV_PTE_P ^ XENHV_PTE_RW);

	/* With P in both and no disallowed bit, what else differs is this. */
	BUILD_BUG_ON(~(XENHV_PTE_P | XENHV_PTE_FRAME | XENHV_L1_DISALLOWED) !=
		     (XENHV_L1_FASTPATH | XENHV_PTE_RW));
	if (missing & (XENHV_PTE_P | XENHV_L1_DISALLOWED))
		return xenhv_l1e_edge(mm, pte, old, val);
	if (!((old ^ val) & XENHV_PTE_FRAME)) {
		if (!xenhv_l1e_reflag(mm, old, val))
			return false;
	} else if ((missing & XENHV_PTE_RW) || !xenhv_l1e_remap(mm, old, val)) {
		return false;	/* not writable in both: the general path */
	}
	WRITE_ONCE(*pte, val & ~XENHV_PTE_G);
	return true;
}

/* Take what a new present entry of a level-@level table references. */
static int xenhv_get_entry(struct xenhv_domain *d, unsigned int level, u64 e)
{
	struct xenhv_mm_domain *mm = d->mm;
	u64 frame = xenhv_pte_frame(e);
	int rc;

	if (level == 1)
		return xenhv_get_l1e(d, mm, e);
	if (e & XENHV_PTE_FLAGS & ~xenhv_pte_allowed(level))
		return -XEN_EINVAL;
	/* get_page_and_type_from_mfn(): -EINVAL for foreign or mistyped frames. */
	if (!xenhv_owned(mm, frame))
		return -XEN_EINVAL;
	rc = xenhv_get_type(d, frame, level - 1);
	if (rc)
		return rc;
	if (!xenhv_get_ref(mm, frame)) {
		xenhv_put_type(d, frame);
		return -XEN_EINVAL;
	}
	return 0;
}

/* The general put, for every level and the L1 cases xenhv_put_l1e() leaves. */
static void xenhv_put_entry_slow(struct xenhv_domain *d, unsigned int level, u64 e)
{
	u64 frame = xenhv_pte_frame(e);

	if (level > 1 || (e & XENHV_PTE_RW))
		xenhv_put_type(d, frame);
	xenhv_put_ref(d->mm, frame);
}

static void xenhv_put_entry(struct xenhv_domain *d, unsigned int level, u64 e)
{
	if (level == 1 && xenhv_put_l1e(d->mm, e))
		return;
	xenhv_put_entry_slow(d, level, e);
}

static unsigned int xenhv_guest_slots(unsigned int level)
{
	return level == 4 ? XENHV_GUEST_L4_SLOTS : XENHV_PT_ENTRIES;
}

/*
 * promote_lN_table(): validate every present entry; on the first failure
 * undo the ones taken and return its errno. G is cleared in L1 entries
 * (Xen adjusts entries it validates too): a global translation would
 * outlive the switch back to the kernel's tables.
 */
static int xenhv_promote(struct xenhv_domain *d, u64 gfn, unsigned int level)
{
	struct xenhv_backend *be = d->be;
	unsigned int i, n = xenhv_guest_slots(level);
	const u64 *kroot;
	u64 *t, e;
	int rc = 0;

	t = xenhv_frame(d, gfn);
	if (!t)
		return -XEN_EINVAL;
	for (i = 0; i < n; i++) {
		e = READ_ONCE(t[i]);
		if (!(e & XENHV_PTE_P))
			continue;
		rc = xenhv_get_entry(d, level, e);
		if (rc)
			break;
		if (level == 1 && (e & XENHV_PTE_G))
			WRITE_ONCE(t[i], e & ~XENHV_PTE_G);
	}
	if (rc) {
		while (i--) {
			e = READ_ONCE(t[i]);
			if (e & XENHV_PTE_P)
				xenhv_put_entry(d, level, e);
		}
	} else if (level == 4) {
		kroot = be->ops->kernel_root(be);
		for (i = XENHV_GUEST_L4_SLOTS; i < XENHV_PT_ENTRIES; i++)
			WRITE_ONCE(t[i], kroot ? kroot[i] : 0);
	}
	if (!rc)
		d->mm->promotions++;
	return rc;
}

/* The last type reference went: drop what the entries held. */
static void xenhv_demote(struct xenhv_domain *d, u64 gfn, unsigned int level)
{
	unsigned int i, n = xenhv_guest_slots(level);
	u64 *t, e;

	t = xenhv_frame(d, gfn);
	if (!t)
		return;
	for (i = 0; i < n; i++) {
		e = READ_ONCE(t[i]);
		if (e & XENHV_PTE_P)
			xenhv_put_entry(d, level, e);
	}
	/* The kernel's slots do not stay behind in a frame the guest may read. */
	if (level == 4)
		memset(&t[XENHV_GUEST_L4_SLOTS], 0,
		       (XENHV_PT_ENTRIES - XENHV_GUEST_L4_SLOTS) * sizeof(u64));
}

/*
 * get_page_type(): another reference of @type. The type is set before
 * the contents are validated, so a table reached again during its own
 * promotion (an entry pointing back up) sees a type mismatch, -EINVAL.
 */
static int xenhv_get_type(struct xenhv_domain *d, u64 gfn, unsigned int type)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame f;
	int rc;

	if (!xenhv_frame_load(mm, gfn, &f))
		return -XEN_EINVAL;
	if (f.count) {
		if (f.type != type || f.count == XENHV_FI_COUNT_MAX)
			return -XEN_EINVAL;
		f.count++;
		xenhv_frame_store(mm, gfn, &f);
		return 0;
	}
	f.type = type;
	f.count = 1;
	xenhv_frame_store(mm, gfn, &f);
	if (type == XENHV_PGT_WRITABLE)
		return 0;
	rc = xenhv_promote(d, gfn, type);
	if (rc) {
		xenhv_frame_load(mm, gfn, &f);
		f.type = XENHV_PGT_NONE;
		f.count = 0;
		xenhv_frame_store(mm, gfn, &f);
	}
	return rc;
}

static void xenhv_put_type(struct xenhv_domain *d, u64 gfn)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame f;

	if (!xenhv_frame_load(mm, gfn, &f) || !f.count)
		return;
	/* Demote while the type still holds, so nothing re-types it meanwhile. */
	if (f.count == 1 && f.type != XENHV_PGT_WRITABLE) {
		xenhv_demote(d, gfn, f.type);
		xenhv_frame_load(mm, gfn, &f);
	}
	f.count--;
	if (!f.count)
		f.type = XENHV_PGT_NONE;
	xenhv_frame_store(mm, gfn, &f);
}

/*
 * The L1 table the last request of an mmu_update batch changed, while the
 * batch holds the lock: the requests after it for the same table with the
 * same command (@key: the request's ptr without the entry index) run
 * without the table's lookup and checks. An L1 entry cannot change its
 * own table's type (a writable mapping of a table is refused, a read-only
 * one takes a reference only); only the general put path, for a table
 * changed behind xenhv's back, can, and the hint goes when it runs
 * (XENHV_MOD_GENERAL_PUT). The next batch keeps the hint if the table is
 * still an L1 table when it takes the lock again.
 */
struct xenhv_l1_hint {
	u64 key;
	u64 keep;	/* the old entry's bits the command keeps (PRESERVE_AD) */
	u64 *t;
};

/* __xenhv_mod_entry() succeeded through the general put. */
#define XENHV_MOD_GENERAL_PUT	1

/* The entry index in an mmu_update request's ptr. */
#define XENHV_REQ_IDX_MASK	((u64)PAGE_SIZE - sizeof(u64))

/* PRESERVE_AD keeps the A/D bits hardware set in the old entry. */
static u64 xenhv_keep_bits(bool preserve_ad)
{
	return preserve_ad ? XENHV_PTE_A | XENHV_PTE_D : 0;
}

/*
 * mod_lN_entry()'s general path, for @val replacing @old in entry @pte of
 * a validated table: the new value is validated and its references
 * taken before it is written; the old value's are dropped after.
 *
 * Return: 0, XENHV_MOD_GENERAL_PUT (done too), or the errno.
 */
static __always_inline int xenhv_mod_general(struct xenhv_domain *d, struct xenhv_mm_domain *mm,
					     u64 *pte, unsigned int level, u64 old, u64 val)
{
	int rc;

	if (val & XENHV_PTE_P) {
		rc = level == 1 ? xenhv_get_l1e(d, mm, val) : xenhv_get_entry(d, level, val);
		if (rc)
			return rc;
		/*
		 * Only a present entry is adjusted, as Xen's adjust_guest_l1e()
		 * (arch/x86/pv/mm.h): in a non-present one bit 8 is the guest's,
		 * Linux's _PAGE_PROTNONE, which marks a PROT_NONE page present
		 * to Linux; cleared, the entry would read as a swap entry.
		 */
		if (level == 1)
			val &= ~XENHV_PTE_G;
	}
	WRITE_ONCE(*pte, val);
	if (!(old & XENHV_PTE_P) || (level == 1 && xenhv_put_l1e(mm, old)))
		return 0;
	xenhv_put_entry_slow(d, level, old);
	return XENHV_MOD_GENERAL_PUT;
}

/*
 * mod_lN_entry(): entry @pte of a validated table; @keep are the old
 * value's bits that stay. An L1 entry's common cases are inline.
 *
 * Return: 0, XENHV_MOD_GENERAL_PUT (done too), or the errno.
 */
static __always_inline int __xenhv_mod_entry(struct xenhv_domain *d, struct xenhv_mm_domain *mm,
					     u64 *pte, unsigned int level, u64 val, u64 keep)
{
	u64 old = READ_ONCE(*pte);

	val |= old & keep;
	if (level == 1 && xenhv_l1e_fast(mm, pte, old, val))
		return 0;
	return xenhv_mod_general(d, mm, pte, level, old, val);
}

static int xenhv_mod_entry(struct xenhv_domain *d, u64 table, unsigned int level,
			   unsigned int idx, u64 val, bool preserve_ad)
{
	u64 *t = xenhv_frame(d, table);
	int rc;

	if (!t)
		return -XEN_EINVAL;
	rc = __xenhv_mod_entry(d, d->mm, &t[idx], level, val, xenhv_keep_bits(preserve_ad));
	return rc == XENHV_MOD_GENERAL_PUT ? 0 : rc;
}

/* ---- Flushes: who can hold the domain's translations ---- */

struct xenhv_flush *xenhv_mm_flush_get(struct xenhv_domain *d, struct xenhv_flush *own)
{
	struct xenhv_flush *batch = d->mm->vcpu[d->be->ops->this_vcpu(d->be)].batch;

	if (batch)
		return batch;
	/* Guest entries are never global (G is cleared): the kernel's may stay. */
	xenhv_flush_init(own, XENHV_FLUSH_ALL_SPACES);
	own->non_global = true;
	return own;
}

int xenhv_mm_flush_put(struct xenhv_domain *d, struct xenhv_flush *f, struct xenhv_flush *own)
{
	return f == own ? xenhv_flush_commit(d, f) : 0;
}

/*
 * Xen flushes d->dirty_cpumask: the CPUs that may hold the domain's
 * translations. Here those are the vCPUs running on one of its root
 * tables right now; any other vCPU drops them when it loads a root
 * (a CR3 write with PCID 0, never used by the kernel, flushes them).
 */
void xenhv_mm_flush_add_dirty(struct xenhv_domain *d, struct xenhv_flush *f)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned int v;

	for_each_set_bit(v, mm->inside, d->be->nr_vcpus)
		xenhv_flush_add_vcpu(d, f, v);
}

/*
 * vcpumask_to_pcpumask(): the guest's bitmap, one 64-bit word at a
 * time; bits past the domain's vCPUs are ignored, and so is a vCPU that
 * holds no translation. -EFAULT if a word cannot be read.
 */
int xenhv_mm_flush_add_vcpumask(struct xenhv_domain *d, struct xenhv_flush *f,
				unsigned long mask, bool only_dirty)
{
	unsigned int nr = d->be->nr_vcpus, self = d->be->ops->this_vcpu(d->be), w, b, v;
	u64 word;

	for (w = 0; w * 64 < nr; w++) {
		if (xenhv_copy_from_guest(d, &word, mask + w * sizeof(word), sizeof(word)))
			return -XEN_EFAULT;
		for (b = 0; b < 64 && w * 64 + b < nr; b++) {
			v = w * 64 + b;
			if (!(word & BIT_ULL(b)))
				continue;
			if (v == self || !only_dirty || test_bit(v, d->mm->inside))
				xenhv_flush_add_vcpu(d, f, v);
		}
	}
	return 0;
}

/* ---- Pins, base pointers, LDT, page copies (mmuext_op's commands) ---- */

int xenhv_mm_pin(struct xenhv_domain *d, u64 gfn, unsigned int level)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame f;
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&mm->lock, flags);
	rc = xenhv_get_type(d, gfn, level);
	if (!rc) {
		xenhv_frame_load(mm, gfn, &f);
		/* Already pinned: -EINVAL, and the extra type reference goes. */
		if (f.pinned || !xenhv_get_ref(mm, gfn)) {
			xenhv_put_type(d, gfn);
			rc = -XEN_EINVAL;
		} else {
			xenhv_frame_load(mm, gfn, &f);
			f.pinned = true;
			xenhv_frame_store(mm, gfn, &f);
		}
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	return rc;
}

/* UNPIN_TABLE works on any level, without a type check, as in Xen. */
int xenhv_mm_unpin(struct xenhv_domain *d, u64 gfn)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame f;
	unsigned long flags;
	int rc = -XEN_EINVAL;

	spin_lock_irqsave(&mm->lock, flags);
	if (xenhv_frame_load(mm, gfn, &f) && f.pinned) {
		f.pinned = false;
		xenhv_frame_store(mm, gfn, &f);
		xenhv_put_type(d, gfn);
		xenhv_put_ref(mm, gfn);
		rc = 0;
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	return rc;
}

static int xenhv_get_root(struct xenhv_domain *d, u64 gfn)
{
	int rc = xenhv_get_type(d, gfn, XENHV_PGT_L4);

	if (!rc && !xenhv_get_ref(d->mm, gfn)) {
		xenhv_put_type(d, gfn);
		rc = -XEN_EINVAL;
	}
	return rc;
}

static void xenhv_put_root(struct xenhv_domain *d, u64 gfn)
{
	if (gfn == XENHV_NO_FRAME)
		return;
	xenhv_put_type(d, gfn);
	xenhv_put_ref(d->mm, gfn);
}

/*
 * NEW_BASEPTR (new_guest_cr3()) and NEW_USER_BASEPTR: the root must take
 * the L4 type (-EINVAL otherwise); the old root's references go. A vCPU
 * running on its tables switches at once, a full flush as in Xen's
 * write_ptbase(); the same root again is just that reload. The user root
 * is recorded (module mode has no guest user mode); 0 clears it.
 */
int xenhv_mm_new_baseptr(struct xenhv_domain *d, struct xenhv_flush *f, u64 gfn, bool user)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned int self = d->be->ops->this_vcpu(d->be);
	struct xenhv_mm_vcpu *vs = &mm->vcpu[self];
	u64 *slot = user ? &vs->guest_table_user : &vs->guest_table;
	unsigned long flags;
	int rc = 0;
	u64 old;

	spin_lock_irqsave(&mm->lock, flags);
	if (gfn == *slot) {
		if (!user && test_bit(self, mm->inside))
			d->be->ops->switch_root(d->be, gfn << PAGE_SHIFT);
		goto out;
	}
	if (!(user && gfn == 0)) {
		rc = xenhv_get_root(d, gfn);
		if (rc)
			goto out;
	}
	old = *slot;
	*slot = (user && gfn == 0) ? XENHV_NO_FRAME : gfn;
	if (!user && test_bit(self, mm->inside))
		d->be->ops->switch_root(d->be, gfn << PAGE_SHIFT);
	xenhv_put_root(d, old);
out:
	spin_unlock_irqrestore(&mm->lock, flags);
	return rc;
}

/*
 * SET_LDT: at most 8192 entries at a page-aligned guest address, else
 * -EINVAL. Recorded per vCPU: in module mode no guest code runs with
 * its own segment table; boot mode loads it.
 */
int xenhv_mm_set_ldt(struct xenhv_domain *d, u64 base, u32 ents)
{
	struct xenhv_mm_vcpu *vs = &d->mm->vcpu[d->be->ops->this_vcpu(d->be)];

	if (ents > 8192 || (ents && ((base & (PAGE_SIZE - 1)) || !xenhv_mm_addr_ok(base))))
		return -XEN_EINVAL;
	vs->ldt_base = ents ? base : 0;
	vs->ldt_ents = ents;
	return 0;
}

/*
 * CLEAR_PAGE / COPY_PAGE: both frames must be the domain's (-EINVAL);
 * the destination must be able to take the writable type, so not a
 * table in use. The source may be anything the domain owns.
 */
int xenhv_mm_clear_copy(struct xenhv_domain *d, u64 dst, u64 src, bool copy)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame f;
	void *pd, *ps = NULL;
	unsigned long flags;
	int rc = -XEN_EINVAL;

	spin_lock_irqsave(&mm->lock, flags);
	if (!xenhv_frame_load(mm, dst, &f) ||
	    (f.count && f.type != XENHV_PGT_WRITABLE) ||
	    (copy && !xenhv_owned(mm, src)))
		goto out;
	pd = xenhv_frame(d, dst);
	if (!pd)
		goto out;
	if (copy) {
		ps = xenhv_frame(d, src);
		if (!ps)
			goto out;
		memcpy(pd, ps, PAGE_SIZE);
	} else {
		memset(pd, 0, PAGE_SIZE);
	}
	rc = 0;
out:
	spin_unlock_irqrestore(&mm->lock, flags);
	return rc;
}

/* ---- mmu_update ---- */

struct xenhv_mmu_update {
	u64 ptr;
	u64 val;
};

enum xenhv_pg_owner { XENHV_PGO_SELF, XENHV_PGO_IO, XENHV_PGO_XEN };

/*
 * A present L1 entry with DOMID_IO as page owner: mod_l1_entry()'s flag
 * check and fast path come first, then get_page_from_l1e(), where no
 * frame is DOMID_IO's for a domU: RAM fails xsm_priv_mapping() (-EBUSY),
 * I/O memory it may not map is -EPERM, INVALID_MFN -EINVAL.
 */
static int xenhv_l1e_io(struct xenhv_domain *d, u64 *pte, u64 val, u64 keep)
{
	u64 old = READ_ONCE(*pte);

	val |= old & keep;
	if (val & XENHV_L1_DISALLOWED)
		return -XEN_EINVAL;
	/* The same present frame, only fast-path bits changed: nothing to take. */
	if (!((old ^ val) & ~XENHV_L1_FASTPATH)) {
		WRITE_ONCE(*pte, val & ~XENHV_PTE_G);
		return 0;
	}
	return xenhv_l1e_foreign_errno(d, xenhv_pte_frame(val));
}

/*
 * MMU_NORMAL_PT_UPDATE / PRESERVE_AD / NO_TRANSLATE: a validated table's
 * entry goes through mod_lN_entry(); a frame that is not a table in use
 * (no type, or mapped writable) is plain memory and simply written, as
 * Xen does when page_lock() fails but the writable type can be taken.
 */
static __always_inline int xenhv_pt_update(struct xenhv_domain *d, u64 ptr, u64 val,
					   bool preserve_ad, enum xenhv_pg_owner pgo,
					   bool *linear_changed, struct xenhv_l1_hint *hint)
{
	struct xenhv_mm_domain *mm = d->mm;
	u64 frame = ptr >> PAGE_SHIFT, *t;
	unsigned int idx = (ptr & (PAGE_SIZE - 1)) / sizeof(u64);
	struct xenhv_frame f;
	int rc;

	/* xsm_mmu_update(): DOMID_XEN as page owner fails XSM_TARGET. */
	if (pgo == XENHV_PGO_XEN)
		return -XEN_EPERM;
	hint->t = NULL;
	if (!xenhv_frame_decode(*xenhv_fi_in(mm, frame, XENHV_FI_TABLE), &f))
		return -XEN_EINVAL;
	if (!f.count || f.type == XENHV_PGT_WRITABLE) {
		t = xenhv_frame(d, frame);
		if (!t)
			return -XEN_EINVAL;
		WRITE_ONCE(t[idx], val);
		return 0;
	}
	if (f.type == XENHV_PGT_L1) {
		t = xenhv_frame(d, frame);
		if (!t)
			return -XEN_EINVAL;
		if (pgo == XENHV_PGO_IO && (val & XENHV_PTE_P))
			return xenhv_l1e_io(d, &t[idx], val, xenhv_keep_bits(preserve_ad));
		/* DOMID_IO's requests never start a run. */
		if (pgo == XENHV_PGO_SELF)
			hint->t = t;
		/* Inline: the common request. */
		rc = __xenhv_mod_entry(d, mm, &t[idx], 1, val, xenhv_keep_bits(preserve_ad));
		if (rc != XENHV_MOD_GENERAL_PUT)
			return rc;
		hint->t = NULL;
		return 0;
	}
	/* L2-L4 entries must name the page-table owner's frames. */
	if (pgo != XENHV_PGO_SELF)
		return -XEN_EINVAL;
	/* !is_guest_l4_slot(): the kernel's half. */
	if (f.type == XENHV_PGT_L4 && idx >= XENHV_GUEST_L4_SLOTS)
		return -XEN_EINVAL;
	rc = xenhv_mod_entry(d, frame, f.type, idx, val, preserve_ad);
	if (!rc)
		*linear_changed = true;
	return rc;
}

/*
 * An entry of a run that xenhv_l1e_fast() left: out of line, so that the
 * run's loop keeps its values in registers across the fast path.
 */
static noinline int xenhv_l1_general(struct xenhv_domain *d, u64 *pte, u64 old, u64 val)
{
	return xenhv_mod_general(d, d->mm, pte, 1, old, val);
}

/*
 * The requests from @req on that continue the run of @hint: the same
 * command on entries of the same L1 table, as a guest remapping a range
 * sends them. Return: how many ran; *@rc is the errno that stopped the
 * run, if one did.
 */
static __always_inline unsigned int __xenhv_l1_run(struct xenhv_domain *d,
						   struct xenhv_l1_hint *hint,
						   const struct xenhv_mmu_update *req,
						   unsigned int n, long *rc, u64 keep)
{
	struct xenhv_mm_domain *mm = d->mm;
	u64 *t = hint->t, key = hint->key, *pte, old, val;
	unsigned int j;
	int r = 0;

	for (j = 0; j < n; j++) {
		/*
		 * ptr - key is the entry's byte offset when the request names
		 * the same table with the same command. Otherwise its low 3
		 * bits hold the commands' difference, or, if those are equal,
		 * the bits from 12 up hold the tables' difference: the mask
		 * finds either, and the offset needs no index taken out of it.
		 */
		u64 off = req[j].ptr - key;

		if (off & ~XENHV_REQ_IDX_MASK)
			break;
		pte = (u64 *)((char *)t + off);
		old = READ_ONCE(*pte);
		val = req[j].val | (old & keep);
		if (likely(xenhv_l1e_fast(mm, pte, old, val)))
			continue;
		r = xenhv_l1_general(d, pte, old, val);
		if (r)
			break;
	}
	if (r == XENHV_MOD_GENERAL_PUT) {
		hint->t = NULL;
		return j + 1;
	}
	*rc = r;
	return j;
}

/* One copy of the run for each command's @keep, a constant in each. */
static noinline unsigned int xenhv_l1_run(struct xenhv_domain *d, struct xenhv_l1_hint *hint,
					  const struct xenhv_mmu_update *req, unsigned int n,
					  long *rc)
{
	if (hint->keep)
		return __xenhv_l1_run(d, hint, req, n, rc, xenhv_keep_bits(true));
	return __xenhv_l1_run(d, hint, req, n, rc, 0);
}

/* After the lock was dropped: is the hint's table still an L1 table? */
static bool xenhv_l1_hint_holds(struct xenhv_mm_domain *mm, const struct xenhv_l1_hint *hint)
{
	unsigned long v = *xenhv_fi_in(mm, hint->key >> PAGE_SHIFT, XENHV_FI_TABLE);

	return (v & (XENHV_FI_FOREIGN | XENHV_FI_TYPE_MASK)) ==
	       ((unsigned long)XENHV_PGT_L1 << XENHV_FI_TYPE_SHIFT) &&
	       (v & XENHV_FI_COUNT_MASK);
}

/*
 * MMU_MACHPHYS_UPDATE: the frame must be the page owner's (-EINVAL).
 * The M2P is the identity here and is not mapped for the guest, so the
 * gpfn Xen would store has nothing to change.
 */
static int xenhv_machphys_update(struct xenhv_domain *d, u64 ptr, enum xenhv_pg_owner pgo)
{
	if (pgo == XENHV_PGO_XEN)
		return -XEN_EPERM;
	if (pgo == XENHV_PGO_IO || !xenhv_owned(d->mm, ptr >> PAGE_SHIFT))
		return -XEN_EINVAL;
	return 0;
}

/*
 * The flush after L2-L4 changes: every vCPU on the domain's tables, all of
 * its TLB (or the multicall's batch, flushed when the batch ends). Out of
 * line, so the flush's struct stays off xenhv_mmu_update()'s stack.
 */
static noinline int xenhv_mmu_update_flush(struct xenhv_domain *d)
{
	struct xenhv_flush own __uninitialized, *f = xenhv_mm_flush_get(d, &own);

	xenhv_mm_flush_add_dirty(d, f);
	xenhv_flush_add_full(f);
	return xenhv_mm_flush_put(d, f, &own);
}

/**
 * xenhv_mmu_update - hypercall 1
 * @d: the domain
 * @args: ureqs, count, pdone, foreigndom; rewritten into the
 *	continuation on -XENHV_ERESTART
 *
 * Xen's do_mmu_update(): the continuation probe returns foreigndom; a
 * PREEMPTED count resumes the running total from *pdone; the page-table
 * owner (foreigndom >> 16, id + 1) and the page owner (low 16 bits) are
 * looked up (-ESRCH). Requests run in order until one fails; cmd is
 * ptr & 7: 0, 2, 3 entry updates, 1 MACHPHYS, 4-7 -ENOSYS. L1 changes
 * flush nothing (the guest flushes); an L2-L4 change flushes every vCPU
 * on the domain's tables before returning. *pdone counts what succeeded.
 *
 * Return: 0, the failing request's errno, or -XENHV_ERESTART.
 */
long xenhv_mmu_update(struct xenhv_domain *d, unsigned long *args)
{
	unsigned long ureqs = args[0], pdone = args[2];
	unsigned int count = args[1], foreigndom = args[3], pt_dom = foreigndom >> 16;
	domid_t pg_dom = foreigndom & 0xffff;
	struct xenhv_mm_domain *mm = d->mm;
	/* Read only as far as each batch's copy wrote: not zeroed first (INIT_STACK_ALL_ZERO). */
	struct xenhv_mmu_update reqs[XENHV_MMU_BATCH] __uninitialized;
	struct xenhv_l1_hint hint;
	enum xenhv_pg_owner pgo;
	bool linear_changed = false;
	unsigned int i, j, n, done = 0;
	unsigned long flags;
	long rc = 0;
	int frc;

	if (count == XENHV_MMU_UPDATE_PREEMPTED && !ureqs)
		return (int)foreigndom;
	if (count & XENHV_MMU_UPDATE_PREEMPTED) {
		count &= ~XENHV_MMU_UPDATE_PREEMPTED;
		if (pdone && xenhv_copy_from_guest(d, &done, pdone, sizeof(done)))
			done = 0;
	}
	/* pt_owner: only this domain exists (its id + 1); pdone untouched. */
	if (pt_dom && pt_dom - 1 != d->domid)
		return -XEN_ESRCH;
	if (pg_dom == DOMID_SELF) {
		pgo = XENHV_PGO_SELF;
	} else if (pg_dom == DOMID_IO) {
		pgo = XENHV_PGO_IO;
	} else if (pg_dom == DOMID_XEN) {
		pgo = XENHV_PGO_XEN;
	} else {
		/* get_pg_owner(): the own id and unknown ids; pdone gets done. */
		rc = -XEN_ESRCH;
		i = 0;
		goto out;
	}

	hint.t = NULL;
	for (i = 0; i < count && !rc; i += j) {
		n = min_t(unsigned int, count - i, XENHV_MMU_BATCH);
		if (i && d->be->ops->preempt_check(d->be)) {
			rc = -XENHV_ERESTART;
			break;
		}
		/*
		 * One copy for the batch; if it faults, one request at a time,
		 * so the requests before the unreadable one still run (Xen
		 * copies each in turn).
		 */
		if (xenhv_copy_from_guest(d, reqs, ureqs + i * sizeof(*reqs), n * sizeof(*reqs))) {
			n = 1;
			if (xenhv_copy_from_guest(d, reqs, ureqs + i * sizeof(*reqs), sizeof(*reqs))) {
				rc = -XEN_EFAULT;
				break;
			}
		}
		spin_lock_irqsave(&mm->lock, flags);
		if (hint.t && !xenhv_l1_hint_holds(mm, &hint))
			hint.t = NULL;
		for (j = 0; j < n; j++) {
			const struct xenhv_mmu_update *req;
			unsigned int cmd;

			if (hint.t) {
				j += xenhv_l1_run(d, &hint, &reqs[j], n - j, &rc);
				if (rc || j == n)
					break;
			}
			req = &reqs[j];
			cmd = req->ptr & 7;
			if (cmd == MMU_NORMAL_PT_UPDATE || cmd == MMU_PT_UPDATE_NO_TRANSLATE ||
			    cmd == MMU_PT_UPDATE_PRESERVE_AD)
				rc = xenhv_pt_update(d, req->ptr & ~7ULL, req->val,
						     cmd == MMU_PT_UPDATE_PRESERVE_AD, pgo,
						     &linear_changed, &hint);
			else if (cmd == MMU_MACHPHYS_UPDATE)
				rc = xenhv_machphys_update(d, req->ptr, pgo);
			else
				rc = -XEN_ENOSYS;
			if (rc)
				break;
			if (hint.t) {
				hint.key = req->ptr & ~XENHV_REQ_IDX_MASK;
				hint.keep = xenhv_keep_bits(cmd == MMU_PT_UPDATE_PRESERVE_AD);
			}
		}
		spin_unlock_irqrestore(&mm->lock, flags);
	}
	/* Xen flushes at once after L2-L4 changes, even when a later request failed. */
	if (linear_changed) {
		frc = xenhv_mmu_update_flush(d);
		if (!rc)
			rc = frc;
	}
	if (rc == -XENHV_ERESTART) {
		args[0] = ureqs + i * sizeof(*reqs);
		args[1] = (count - i) | XENHV_MMU_UPDATE_PREEMPTED;
	}
out:
	if (pdone) {
		done += i;
		xenhv_copy_to_guest(d, pdone, &done, sizeof(done));
	}
	return rc;
}

/* ---- update_va_mapping ---- */

/*
 * map_guest_l1e(): the L1 table that maps @va in @root, walking the
 * domain's own tables; XENHV_NO_FRAME if a level is absent or is a
 * superpage (never valid here anyway).
 */
static u64 xenhv_walk_to_l1(struct xenhv_domain *d, u64 root, u64 va)
{
	u64 frame = root, *t, e;
	unsigned int level;

	for (level = 4; level > 1; level--) {
		t = xenhv_frame(d, frame);
		if (!t)
			return XENHV_NO_FRAME;
		e = READ_ONCE(t[(va >> (PAGE_SHIFT + 9 * (level - 1))) & 511]);
		if (!(e & XENHV_PTE_P) || (level < 4 && (e & XENHV_PTE_PSE)))
			return XENHV_NO_FRAME;
		frame = xenhv_pte_frame(e);
	}
	return frame;
}

/**
 * xenhv_update_va_mapping - hypercalls 14 and 22
 * @d: the domain
 * @va: the address whose L1 entry changes, in the vCPU's address space
 * @val: the new entry
 * @flags: UVMF_NONE / TLB_FLUSH / INVLPG, with UVMF_LOCAL, UVMF_ALL or a
 *	vCPU bitmap pointer
 * @domid: the page owner (otherdomain form)
 * @otherdomain: hypercall 22
 *
 * Xen's __do_update_va_mapping(): the page owner first (the own id and
 * unknown ids -ESRCH, DOMID_IO/XEN fail XSM -EPERM); then an address
 * outside the guest's half, no base pointer, or no L1 table on the way
 * is -EINVAL; the entry is validated like mmu_update's. Only after it is
 * written does the flush run; a bad vCPU bitmap then gives -EFAULT with
 * the entry already changed, as in Xen.
 *
 * Return: 0 or Xen's errno.
 */
long xenhv_update_va_mapping(struct xenhv_domain *d, u64 va, u64 val,
			     unsigned long flags, domid_t domid, bool otherdomain)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned int self = d->be->ops->this_vcpu(d->be);
	unsigned long bmap = flags & ~(unsigned long)UVMF_FLUSHTYPE_MASK, irqf;
	struct xenhv_flush own __uninitialized, *f;
	u64 root, l1;
	long rc;
	int frc;

	if (otherdomain) {
		if (domid == DOMID_IO || domid == DOMID_XEN)
			return -XEN_EPERM;
		if (domid != DOMID_SELF)
			return -XEN_ESRCH;
	}
	if (!xenhv_mm_addr_ok(va))
		return -XEN_EINVAL;

	spin_lock_irqsave(&mm->lock, irqf);
	root = mm->vcpu[self].guest_table;
	l1 = root == XENHV_NO_FRAME ? XENHV_NO_FRAME : xenhv_walk_to_l1(d, root, va);
	rc = -XEN_EINVAL;
	if (l1 != XENHV_NO_FRAME) {
		struct xenhv_frame fi;

		if (xenhv_frame_load(mm, l1, &fi) && fi.count && fi.type == XENHV_PGT_L1)
			rc = xenhv_mod_entry(d, l1, 1, (va >> PAGE_SHIFT) & 511, val, false);
	}
	spin_unlock_irqrestore(&mm->lock, irqf);
	if (rc)
		return rc;

	f = xenhv_mm_flush_get(d, &own);
	switch (flags & UVMF_FLUSHTYPE_MASK) {
	case UVMF_TLB_FLUSH:
	case UVMF_INVLPG:
		if (bmap == UVMF_LOCAL)
			xenhv_flush_add_vcpu(d, f, self);
		else if (bmap == UVMF_ALL)
			xenhv_mm_flush_add_dirty(d, f);
		else if (xenhv_mm_flush_add_vcpumask(d, f, bmap, true))
			rc = -XEN_EFAULT;
		if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_TLB_FLUSH)
			xenhv_flush_add_full(f);
		else
			xenhv_flush_add_va(f, va);
		break;
	}
	frc = xenhv_mm_flush_put(d, f, &own);
	return rc ? rc : frc;
}

/* ---- Grant mappings (GNTMAP_host_map for a PV mapper) ---- */

/*
 * The L1 slot a grant mapping goes in: with @pte_addr, @addr is the
 * machine address of the entry (GNTMAP_contains_pte), which must lie in
 * an L1 table in use; otherwise @addr is a linear address in the calling
 * vCPU's space (create_grant_va_mapping()).
 */
static int xenhv_grant_slot(struct xenhv_domain *d, u64 addr, bool pte_addr, u64 *l1,
			    unsigned int *idx)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame f;
	u64 root;

	lockdep_assert_held(&mm->lock);
	if (pte_addr) {
		*l1 = addr >> PAGE_SHIFT;
		*idx = (addr & (PAGE_SIZE - 1)) / sizeof(u64);
	} else {
		if (!xenhv_mm_addr_ok(addr))
			return -XEN_EINVAL;
		root = mm->vcpu[d->be->ops->this_vcpu(d->be)].guest_table;
		if (root == XENHV_NO_FRAME)
			return -XEN_EINVAL;
		*l1 = xenhv_walk_to_l1(d, root, addr);
		*idx = (addr >> PAGE_SHIFT) & 511;
	}
	if (*l1 == XENHV_NO_FRAME || !xenhv_frame_load(mm, *l1, &f) || !f.count ||
	    f.type != XENHV_PGT_L1)
		return -XEN_EINVAL;
	return 0;
}

/*
 * Does @d own @gfn? For a caller of the other domain: the lookup goes
 * through @d's chunk cache, which @d's own vCPUs change under @d's lock
 * (a slot rewritten field by field, a chunk freed with its last frame),
 * so it takes that lock, alone: no two domains' MMU locks are ever held
 * together. The answer can go stale once the lock is dropped only
 * towards the safe side: the caller holds the page (map_gfn()), so @d
 * cannot be given it meanwhile; it may give it back.
 */
static bool xenhv_mm_owns(struct xenhv_domain *d, u64 gfn)
{
	unsigned long flags;
	bool owned;

	spin_lock_irqsave(&d->mm->lock, flags);
	owned = xenhv_owned(d->mm, gfn);
	spin_unlock_irqrestore(&d->mm->lock, flags);
	return owned;
}

/**
 * xenhv_mm_grant_frame_get - hold a granter's frame for a grant's use
 * @d: the domain whose frame it must be (the granter, or a copy's caller)
 * @gfn: the frame
 * @write: the use writes it (a writable map, a copy destination)
 * @held: set if a reference (and, for @write, the writable type) was taken
 *
 * Xen's get_paged_frame() finds only a page the domain owns
 * (GNTST_bad_page otherwise); a writable use then takes the writable
 * type (get_page_type(PGT_writable_page)), which a page table cannot
 * have (GNTST_general_error), and holding it keeps the frame from
 * becoming one while the grant is in use. The hosted backend owns
 * exactly its reservations. The guest in module mode is the kernel: its
 * memory is every RAM frame no other domain owns, and only its
 * reservations carry types.
 *
 * Return: 0; -XEN_EINVAL if the frame is not @d's; -XEN_EBUSY if it
 * cannot be written.
 */
int xenhv_mm_grant_frame_get(struct xenhv_domain *d, u64 gfn, bool write, bool *held)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned long flags;
	int rc = 0;

	*held = false;
	if (d->peer && d->peer->mm && xenhv_mm_owns(d->peer, gfn))
		return -XEN_EINVAL;
	spin_lock_irqsave(&mm->lock, flags);
	if (!xenhv_owned(mm, gfn)) {
		if (d->memory_is_reservations)
			rc = -XEN_EINVAL;
		goto out;
	}
	if (write && xenhv_get_type(d, gfn, XENHV_PGT_WRITABLE)) {
		rc = -XEN_EBUSY;
		goto out;
	}
	if (!xenhv_get_ref(mm, gfn)) {
		if (write)
			xenhv_put_type(d, gfn);
		rc = -XEN_EBUSY;
		goto out;
	}
	*held = true;
out:
	spin_unlock_irqrestore(&mm->lock, flags);
	return rc;
}

/* Drop what xenhv_mm_grant_frame_get() took when it set *held. */
void xenhv_mm_grant_frame_put(struct xenhv_domain *d, u64 gfn, bool write)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned long flags;

	spin_lock_irqsave(&mm->lock, flags);
	if (write)
		xenhv_put_type(d, gfn);
	xenhv_put_ref(mm, gfn);
	spin_unlock_irqrestore(&mm->lock, flags);
}

/**
 * xenhv_mm_grant_map - install a grant mapping's PTE
 * @d: the mapping domain
 * @addr: linear address, or the PTE's machine address with @pte_addr
 * @pte_addr: GNTMAP_contains_pte
 * @pte: the entry (XENHV_PTE_GNTTAB set)
 *
 * Whatever the slot held is replaced (its references dropped), as Xen's
 * create_grant_pv_mapping() does.
 *
 * Return: 0, or -XEN_EINVAL when there is no L1 slot of the domain's there.
 */
int xenhv_mm_grant_map(struct xenhv_domain *d, u64 addr, bool pte_addr, u64 pte)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned int idx;
	unsigned long flags;
	u64 l1, *t, old;
	int rc;

	spin_lock_irqsave(&mm->lock, flags);
	rc = xenhv_grant_slot(d, addr, pte_addr, &l1, &idx);
	if (!rc) {
		t = xenhv_frame(d, l1);
		if (!t) {
			rc = -XEN_EINVAL;
		} else {
			old = READ_ONCE(t[idx]);
			WRITE_ONCE(t[idx], pte);
			if (old & XENHV_PTE_P)
				xenhv_put_entry(d, 1, old);
		}
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	return rc;
}

/**
 * xenhv_mm_grant_unmap - remove a grant mapping's PTE
 * @d: the mapping domain
 * @addr: as for xenhv_mm_grant_map()
 * @pte_addr: GNTMAP_contains_pte
 * @frame: the granted frame the entry must still map
 * @f: the batch's flush: the vCPUs on the domain's tables, that page
 *	(or everything, when only the entry's address is known)
 *
 * Return: 0, or -XEN_EINVAL if the slot does not hold that grant mapping
 * (Xen's "old mapping invalid").
 */
int xenhv_mm_grant_unmap(struct xenhv_domain *d, u64 addr, bool pte_addr, u64 frame,
			 struct xenhv_flush *f)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned int idx;
	unsigned long flags;
	u64 l1, *t, cur;
	int rc;

	spin_lock_irqsave(&mm->lock, flags);
	rc = xenhv_grant_slot(d, addr, pte_addr, &l1, &idx);
	if (!rc) {
		t = xenhv_frame(d, l1);
		cur = t ? READ_ONCE(t[idx]) : 0;
		if (!(cur & XENHV_PTE_P) || !(cur & XENHV_PTE_GNTTAB) ||
		    xenhv_pte_frame(cur) != frame)
			rc = -XEN_EINVAL;
		else
			WRITE_ONCE(t[idx], 0);
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	if (!rc) {
		xenhv_mm_flush_add_dirty(d, f);
		if (pte_addr)
			xenhv_flush_add_full(f);
		else
			xenhv_flush_add_va(f, addr);
	}
	return rc;
}

/**
 * xenhv_mm_grant_replace - GNTTABOP_unmap_and_replace with a new address
 * @d: the mapping domain
 * @addr: the linear address of the grant mapping
 * @frame: the granted frame it must still map
 * @new_addr: a linear address whose entry moves into @addr's slot
 * @f: the batch's flush (both pages, on the vCPUs on the tables)
 *
 * replace_grant_pv_mapping(): @new_addr's entry is cleared and put where
 * the grant mapping was, references and all (netback's page swap).
 *
 * Return: 0, or -XEN_EINVAL if either slot is missing or @addr does not
 * hold that grant mapping (nothing changes then).
 */
int xenhv_mm_grant_replace(struct xenhv_domain *d, u64 addr, u64 frame, u64 new_addr,
			   struct xenhv_flush *f)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned int idx, nidx;
	unsigned long flags;
	u64 l1, nl1, *t = NULL, *nt = NULL, cur, moved;
	int rc;

	spin_lock_irqsave(&mm->lock, flags);
	rc = xenhv_grant_slot(d, new_addr, false, &nl1, &nidx);
	if (!rc)
		rc = xenhv_grant_slot(d, addr, false, &l1, &idx);
	if (!rc) {
		t = xenhv_frame(d, l1);
		nt = xenhv_frame(d, nl1);
		cur = t ? READ_ONCE(t[idx]) : 0;
		if (!nt || !(cur & XENHV_PTE_P) || !(cur & XENHV_PTE_GNTTAB) ||
		    xenhv_pte_frame(cur) != frame || (l1 == nl1 && idx == nidx)) {
			rc = -XEN_EINVAL;
		} else {
			moved = READ_ONCE(nt[nidx]);
			WRITE_ONCE(nt[nidx], 0);
			WRITE_ONCE(t[idx], moved);
		}
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	if (!rc) {
		xenhv_mm_flush_add_dirty(d, f);
		xenhv_flush_add_va(f, addr);
		xenhv_flush_add_va(f, new_addr);
	}
	return rc;
}

/* ---- Running on the domain's tables ---- */

/**
 * xenhv_pv_enter - run the calling vCPU on its NEW_BASEPTR root
 * @d: the domain
 * @saved: where the kernel's CR3 goes, for xenhv_pv_exit()
 *
 * Interrupts must be off until xenhv_pv_exit(): the kernel half of the
 * root is the kernel's own, but its user half is the domain's. The vCPU
 * counts as holding the domain's translations (its dirty bit) from
 * before the switch until after the switch back.
 *
 * Return: 0; -XEN_EOPNOTSUPP when the kernel's paging does not allow it
 * (5-level paging, page-table isolation); -XEN_EINVAL with no root.
 */
int xenhv_pv_enter(struct xenhv_domain *d, u64 *saved)
{
	struct xenhv_backend *be = d->be;
	unsigned int self = be->ops->this_vcpu(be);
	u64 root = READ_ONCE(d->mm->vcpu[self].guest_table);

	if (!be->can_switch_root)
		return -XEN_EOPNOTSUPP;
	if (root == XENHV_NO_FRAME)
		return -XEN_EINVAL;
	set_bit(self, d->mm->inside);
	/* Visible as dirty before any translation of the domain's can be cached. */
	smp_mb__after_atomic();
	*saved = be->ops->switch_root(be, root << PAGE_SHIFT);
	return 0;
}

void xenhv_pv_exit(struct xenhv_domain *d, u64 saved)
{
	struct xenhv_backend *be = d->be;

	be->ops->switch_root(be, saved);
	/* Off the domain's tables before a flusher may skip this vCPU. */
	smp_mb__before_atomic();
	clear_bit(be->ops->this_vcpu(be), d->mm->inside);
}

/* ---- Multicall coalescing ---- */

/* From here until xenhv_mm_batch_end(), MMU calls add to @f instead of flushing. */
void xenhv_mm_batch_begin(struct xenhv_domain *d, struct xenhv_flush *f)
{
	xenhv_flush_init(f, XENHV_FLUSH_ALL_SPACES);
	f->non_global = true;
	d->mm->vcpu[d->be->ops->this_vcpu(d->be)].batch = f;
}

int xenhv_mm_batch_end(struct xenhv_domain *d)
{
	struct xenhv_mm_vcpu *vs = &d->mm->vcpu[d->be->ops->this_vcpu(d->be)];
	struct xenhv_flush *f = vs->batch;

	vs->batch = NULL;
	return f ? xenhv_flush_commit(d, f) : 0;
}

/* ---- Ownership: reservations ---- */

/**
 * xenhv_mm_alloc_extent - give the domain 2^@order new frames
 * @d: the domain
 * @order: extent order
 * @below_pfn: every frame below this (address_bits), or U64_MAX
 *
 * Return: the first frame, or XENHV_NO_FRAME at max_pages or when the
 * kernel has no memory to give.
 */
u64 xenhv_mm_alloc_extent(struct xenhv_domain *d, unsigned int order, u64 below_pfn)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned long n = 1UL << order, flags, i;
	u64 gfn;
	int rc;

	spin_lock_irqsave(&mm->lock, flags);
	if (mm->tot_pages + n > mm->max_pages) {
		spin_unlock_irqrestore(&mm->lock, flags);
		return XENHV_NO_FRAME;
	}
	mm->tot_pages += n;	/* reserved now, so racing callers respect max_pages */
	spin_unlock_irqrestore(&mm->lock, flags);

	/* The kernel's allocation may sleep: outside the lock. */
	gfn = d->be->ops->alloc_frames(d->be, order, below_pfn);

	spin_lock_irqsave(&mm->lock, flags);
	rc = gfn == XENHV_NO_FRAME ? -XEN_ENOMEM : xenhv_fi_chunks_get(mm, gfn, n);
	if (rc) {
		mm->tot_pages -= n;
		if (gfn != XENHV_NO_FRAME)
			xenhv_fi_chunks_put(mm, gfn, n);
	} else {
		for (i = 0; i < n; i++)
			*xenhv_fi(mm, gfn + i) = XENHV_FI_DATA_FRAME;
	}
	spin_unlock_irqrestore(&mm->lock, flags);

	if (rc && gfn != XENHV_NO_FRAME) {
		for (i = 0; i < n; i++)
			d->be->ops->free_frame(d->be, gfn + i);
		gfn = XENHV_NO_FRAME;
	}
	return gfn;
}

/* HvExtCallMemoryHeatHint(COLD_DISCARD) for @n frames from @gfn (TLFS 3.9.1). */
static void xenhv_mm_cold_discard(struct xenhv_domain *d, u64 gfn, unsigned long n)
{
	u64 in[2], status;

	in[0] = HV_EXT_MEMORY_HEAT_HINT_TYPE_COLD_DISCARD;
	/* union hv_gpa_page_range: additional_pages:11, largepage:1, basepfn:52. */
	in[1] = (n - 1) | (gfn << 12);
	status = xenhv_hv_call_rep(d->be, HV_EXT_CALL_MEMORY_HEAT_HINT, 1, 0, in, sizeof(in),
				   NULL, 0);
	if (xenhv_hv_result(status) == HV_STATUS_SUCCESS)
		d->mm->hints++;
}

static int xenhv_mm_check_locked(struct xenhv_mm_domain *mm, u64 gfn, unsigned long n)
{
	struct xenhv_frame fi;
	unsigned long i;

	for (i = 0; i < n; i++) {
		if (!xenhv_frame_load(mm, gfn + i, &fi))
			return -XEN_ENXIO;
		if (fi.count || fi.refs || fi.pinned)
			return -XEN_EBUSY;
	}
	return 0;
}

/* Could xenhv_mm_release_extent() take these frames now? 0 or its errno. */
int xenhv_mm_check_extent(struct xenhv_domain *d, u64 gfn, unsigned int order)
{
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&d->mm->lock, flags);
	rc = xenhv_mm_check_locked(d->mm, gfn, 1UL << order);
	spin_unlock_irqrestore(&d->mm->lock, flags);
	return rc;
}

/**
 * xenhv_mm_release_extent - take 2^@order frames back from the domain
 * @d: the domain
 * @gfn: the first frame
 * @order: extent order
 *
 * Every frame must be the domain's (-ENXIO, guest_remove_page()'s
 * answer) and no longer used as a table, pinned, mapped or a base
 * pointer (-EBUSY: Xen would free it only when the last use goes; xenhv
 * keeps it with the domain instead). Before the frames leave, every vCPU
 * that may still translate to them is flushed; Hyper-V then gets the
 * cold-discard hint, where it offers one, so the host takes the memory
 * back; the kernel gets the frames.
 *
 * Return: 0 or the errno that stopped it (nothing released).
 */
int xenhv_mm_release_extent(struct xenhv_domain *d, u64 gfn, unsigned int order)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned long n = 1UL << order, flags, i;
	struct xenhv_flush f;
	int rc;

	spin_lock_irqsave(&mm->lock, flags);
	rc = xenhv_mm_check_locked(mm, gfn, n);
	if (!rc) {
		for (i = 0; i < n; i++)
			*xenhv_fi(mm, gfn + i) = XENHV_FI_FOREIGN;
		xenhv_fi_chunks_put(mm, gfn, n);
		mm->tot_pages -= n;
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	if (rc)
		return rc;

	xenhv_flush_init(&f, XENHV_FLUSH_ALL_SPACES);
	f.non_global = true;
	xenhv_mm_flush_add_dirty(d, &f);
	xenhv_flush_add_full(&f);
	xenhv_flush_commit(d, &f);
	if (mm->cold_discard)
		xenhv_mm_cold_discard(d, gfn, n);
	for (i = 0; i < n; i++)
		d->be->ops->free_frame(d->be, gfn + i);
	return 0;
}

/* HvExtCallQueryCapabilities: does Hyper-V take cold-discard hints? */
static bool xenhv_mm_detect_cold_discard(struct xenhv_backend *be)
{
	u64 caps = 0, status;

	if (!be->ext_hypercalls)
		return false;
	status = be->ops->hypercall(be, xenhv_hv_control(HV_EXT_CALL_QUERY_CAPABILITIES, 0, 0, 0),
				    NULL, 0, &caps, sizeof(caps));
	return xenhv_hv_result(status) == HV_STATUS_SUCCESS &&
	       (caps & HV_EXT_CAPABILITY_MEMORY_COLD_DISCARD_HINT);
}

int xenhv_mm_init(struct xenhv_domain *d)
{
	struct xenhv_backend *be = d->be;
	struct xenhv_mm_domain *mm;
	u64 ram_pages, max_pfn;
	unsigned int v;

	mm = kzalloc(struct_size(mm, vcpu, be->nr_vcpus), GFP_KERNEL);
	if (!mm)
		return -XEN_ENOMEM;
	mm->inside = bitmap_zalloc(be->nr_vcpus, GFP_KERNEL);
	if (!mm->inside) {
		kfree(mm);
		return -XEN_ENOMEM;
	}
	spin_lock_init(&mm->lock);
	xa_init(&mm->frames);
	BUILD_BUG_ON(ARRAY_SIZE(mm->fi_cache) != XENHV_FI_SLOTS);
	for (v = 0; v < ARRAY_SIZE(mm->fi_cache); v++) {
		mm->fi_cache[v].idx = XENHV_FI_NO_CHUNK;
		mm->fi_cache[v].lo = XENHV_FI_NO_CHUNK_LO;
	}
	for (v = 0; v < be->nr_vcpus; v++) {
		mm->vcpu[v].guest_table = XENHV_NO_FRAME;
		mm->vcpu[v].guest_table_user = XENHV_NO_FRAME;
	}
	/* The domain may take at most half the partition's RAM from the kernel. */
	be->ops->memory_stats(be, &ram_pages, &max_pfn);
	mm->max_pages = ram_pages / 2;
	mm->cold_discard = xenhv_mm_detect_cold_discard(be);
	d->mm = mm;
	return 0;
}

/* Every vCPU has left the domain's tables: all its frames go back. */
void xenhv_mm_destroy(struct xenhv_domain *d)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame_chunk *c;
	unsigned long idx, i;

	if (!mm)
		return;
	xa_for_each(&mm->frames, idx, c) {
		for (i = 0; i < XENHV_FI_PER_CHUNK; i++)
			if (!(c->fi[i] & XENHV_FI_FOREIGN))
				d->be->ops->free_frame(d->be, (idx << XENHV_FI_CHUNK_SHIFT) + i);
		kfree(c);
	}
	xa_destroy(&mm->frames);
	bitmap_free(mm->inside);
	kfree(mm);
	d->mm = NULL;
}
