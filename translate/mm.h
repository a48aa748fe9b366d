/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PV MMU's shared state: which frames the domain owns, their
 * page-table types and counts, pins and base pointers.
 */
#ifndef _XENHV_MM_H
#define _XENHV_MM_H

#include <linux/bits.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>
#include "flush.h"

/* x86-64 page-table entry bits (SDM vol. 3, 4.5), as Xen names them. */
#define XENHV_PTE_P		BIT_ULL(0)
#define XENHV_PTE_RW		BIT_ULL(1)
#define XENHV_PTE_US		BIT_ULL(2)
#define XENHV_PTE_PWT		BIT_ULL(3)
#define XENHV_PTE_PCD		BIT_ULL(4)
#define XENHV_PTE_A		BIT_ULL(5)
#define XENHV_PTE_D		BIT_ULL(6)
#define XENHV_PTE_PSE		BIT_ULL(7)	/* PAT in an L1 entry */
#define XENHV_PTE_G		BIT_ULL(8)
#define XENHV_PTE_AVAIL		GENMASK_ULL(11, 9)
#define XENHV_PTE_FRAME		GENMASK_ULL(51, 12)
#define XENHV_PTE_AVAIL_HIGH	GENMASK_ULL(62, 52)
#define XENHV_PTE_NX		BIT_ULL(63)
#define XENHV_PTE_FLAGS		(GENMASK_ULL(11, 0) | GENMASK_ULL(63, 52))
/*
 * A grant mapping's PTE (Xen's _PAGE_GNTTAB, a software bit): it names
 * another domain's frame, held by the grant, not by the page tables.
 * Guests may not set it (Xen's debug-build L1 rule).
 */
#define XENHV_PTE_GNTTAB	BIT_ULL(62)

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

/* Index bits per table level, and a table's entries. */
#define XENHV_PT_SHIFT		9
#define XENHV_PT_ENTRIES	BIT(XENHV_PT_SHIFT)
/* Root slots the guest controls: the lower half. The upper half is the kernel's. */
#define XENHV_GUEST_L4_SLOTS	256
/* The first address past the guest's half (Xen's __addr_ok() for us). */
#define XENHV_GUEST_VA_END	BIT_ULL(47)
/* The largest extent order a domU may ask for (Xen's domu_max_order). */
#define XENHV_MAX_EXTENT_ORDER	9
/* SET_LDT's most entries: the 64 KiB a descriptor table can span. */
#define XENHV_LDT_MAX_ENTS	8192

/*
 * mmu_update requests taken from the guest at a time (1 KiB of stack):
 * one copy, one lock and one preemption check per batch instead of per
 * request.
 */
#define XENHV_MMU_BATCH	64

/* Page types, Xen's PGT_*: a frame holds one at a time. */
enum xenhv_pgt {
	XENHV_PGT_NONE,
	XENHV_PGT_L1,
	XENHV_PGT_L2,
	XENHV_PGT_L3,
	XENHV_PGT_L4,
	XENHV_PGT_WRITABLE,
};

/**
 * struct xenhv_mm_vcpu - one vCPU's PV MMU state
 * @guest_table: the root (L4) NEW_BASEPTR installed, or XENHV_NO_FRAME
 * @guest_table_user: the NEW_USER_BASEPTR root, or XENHV_NO_FRAME
 * @ldt_base: SET_LDT's linear address
 * @ldt_ents: SET_LDT's entry count
 * @batch: the multicall's flush, while a multicall coalesces MMU entries
 */
struct xenhv_mm_vcpu {
	u64 guest_table;
	u64 guest_table_user;
	u64 ldt_base;
	u32 ldt_ents;
	struct xenhv_flush *batch;
};

/*
 * The frame word: what Xen keeps of a frame in its page_info (owner,
 * type, type count, references), packed in one unsigned long per frame.
 *
 *  63 | 62 ......... 33 | 32 | 31 ......... 8 | 7  6  5 | 4  3  2 | 1 | 0
 *   G | references (30) |  G | type count (24)|  0 0 0  |  type   | P | F
 *
 * F: XENHV_FI_FOREIGN, set for a frame the domain does not own, with
 *    every other bit 0. Inverted, so that a data frame (owned, no table
 *    type, not pinned) has XENHV_FI_DATA_MASK clear: two frames' words
 *    or'ed are tested for both at once.
 * P: XENHV_FI_PINNED; only a table is pinned.
 * type: the table type (XENHV_PGT_L1-L4) while its type count holds it,
 *    else 0. XENHV_PGT_WRITABLE is not stored: a type count on a frame
 *    with no table type is the writable type's, so a frame's first
 *    writable mapping and its last change only the counts.
 * type count: Xen's type_info count, of the table type or the writable one.
 * references: Xen's count_info, the general references (entries, pins,
 *    base pointers, grants).
 * G: guards, 0 at rest: a count carried past its maximum or borrowed
 *    below 0 sets the guard above it. One add or subtract moves both
 *    counts of a writable mapping, and one test of XENHV_FI_GUARDS finds
 *    either out of range. Past a maximum: -EBUSY, where Xen's get_page()
 *    fails on overflow.
 */
#define XENHV_FI_FOREIGN	BIT(0)
#define XENHV_FI_PINNED		BIT(1)
#define XENHV_FI_TYPE_SHIFT	2
#define XENHV_FI_TYPE_MASK	GENMASK(4, 2)
#define XENHV_FI_DATA_MASK	GENMASK(7, 0)
#define XENHV_FI_COUNT_SHIFT	8
#define XENHV_FI_COUNT_MASK	GENMASK(31, 8)
#define XENHV_FI_COUNT_MAX	(XENHV_FI_COUNT_MASK >> XENHV_FI_COUNT_SHIFT)
#define XENHV_FI_COUNT_ONE	BIT(XENHV_FI_COUNT_SHIFT)
#define XENHV_FI_COUNT_GUARD	BIT(32)
#define XENHV_FI_REFS_SHIFT	33
#define XENHV_FI_REFS_MASK	GENMASK(62, 33)
#define XENHV_FI_REFS_MAX	(XENHV_FI_REFS_MASK >> XENHV_FI_REFS_SHIFT)
#define XENHV_FI_REFS_ONE	BIT(XENHV_FI_REFS_SHIFT)
#define XENHV_FI_REFS_GUARD	BIT(63)
#define XENHV_FI_GUARDS		(XENHV_FI_COUNT_GUARD | XENHV_FI_REFS_GUARD)
/*
 * A data frame's XENHV_FI_DATA_MASK bits, and the whole word of a frame
 * just given to the domain. A data frame may be mapped writable.
 */
#define XENHV_FI_DATA_FRAME	0UL

static_assert(XENHV_FI_COUNT_MASK + XENHV_FI_COUNT_ONE == XENHV_FI_COUNT_GUARD);
static_assert(XENHV_FI_REFS_MASK + XENHV_FI_REFS_ONE == XENHV_FI_REFS_GUARD);
static_assert(XENHV_FI_COUNT_GUARD << 1 == XENHV_FI_REFS_ONE);
static_assert(((XENHV_FI_FOREIGN | XENHV_FI_PINNED | XENHV_FI_TYPE_MASK) &
	       ~XENHV_FI_DATA_MASK) == 0);

/* Owned, no table type, not pinned: a frame that may be mapped writable. */
static inline bool xenhv_fi_is_data(unsigned long v)
{
	return (v & XENHV_FI_DATA_MASK) == XENHV_FI_DATA_FRAME;
}

/*
 * The words are kept in chunks of 64 that mm->frames finds by gfn / 64.
 * A word is read and changed in place, always under mm->lock; a chunk is
 * freed (under the lock) only when it holds no owned frame, so a pointer
 * to a word taken under the lock stays good until the lock is dropped.
 */
#define XENHV_FI_CHUNK_SHIFT	6
#define XENHV_FI_PER_CHUNK	BIT(XENHV_FI_CHUNK_SHIFT)

struct xenhv_frame_chunk {
	unsigned long fi[XENHV_FI_PER_CHUNK];
};

/* No chunk, for @idx: gfn / 64 is always below it. */
#define XENHV_FI_NO_CHUNK	ULONG_MAX
/* No chunk, for @lo: a PTE's frame bits (below bit 52) less it are >= 2^63. */
#define XENHV_FI_NO_CHUNK_LO	BIT(63)

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

/*
 * One slot of the chunk cache: a chunk found two ways. By gfn: its index
 * (gfn / 64), and the address gfn's word has when gfn is in it (@base +
 * gfn * 8). By a PTE's frame bits (gfn * 4096, unshifted): those of its
 * first frame, @lo, and its first word, @fi; the PTE's frame bits less
 * @lo are below 64 * 4096 only in the chunk, and are then 512 times the
 * word's offset.
 */
struct xenhv_fi_cache {
	unsigned long idx;
	unsigned long base;
	unsigned long lo;
	unsigned long fi;
};

/**
 * struct xenhv_mm_domain - the domain's PV memory
 * @lock: serialises every type, count and entry change
 * @frames: gfn / 64 -> a chunk of 64 frames' packed info; a chunk exists
 *	while one of its frames is owned
 * @fi_cache: the chunks used last to take a frame, to drop one and to find a
 *	table; under @lock
 * @tot_pages: frames owned
 * @max_pages: the most it may own
 * @inside: vCPUs running on one of the domain's root tables now: the
 *	only TLBs that can hold its translations (Xen's dirty_cpumask)
 * @cold_discard: Hyper-V takes HvExtCallMemoryHeatHint(COLD_DISCARD)
 * @promotions: tables validated (type count 0 -> 1)
 * @hints: cold-discard hints Hyper-V accepted
 * @vcpu: per-vCPU state, nr_vcpus of them
 */
struct xenhv_mm_domain {
	spinlock_t lock;
	struct xarray frames;
	struct xenhv_fi_cache fi_cache[XENHV_FI_SLOTS];
	unsigned long tot_pages;
	unsigned long max_pages;
	unsigned long *inside;
	bool cold_discard;
	u64 promotions;
	u64 hints;
	struct xenhv_mm_vcpu vcpu[];
};

/**
 * struct xenhv_frame - a frame word, unpacked
 * @owned: the domain owns the frame (XENHV_FI_FOREIGN clear)
 * @pinned: XENHV_FI_PINNED
 * @type: enum xenhv_pgt: a table type, XENHV_PGT_WRITABLE for a type
 *	count with no table type, else XENHV_PGT_NONE
 * @count: the type count
 * @refs: the general references
 */
struct xenhv_frame {
	bool owned;
	bool pinned;
	u8 type;
	u32 count;
	u32 refs;
};

/* The frame an entry names. */
static inline u64 xenhv_pte_frame(u64 e)
{
	return (e & XENHV_PTE_FRAME) >> PAGE_SHIFT;
}

/* The entry of a level-@level table that maps @va. */
static inline unsigned int xenhv_pt_index(u64 va, unsigned int level)
{
	return (va >> (PAGE_SHIFT + XENHV_PT_SHIFT * (level - 1))) & (XENHV_PT_ENTRIES - 1);
}

/*
 * A frame the domain owns, for reading or writing its contents: xenhv
 * allocated it and holds it until the domain gives it back, which needs
 * mm->lock, so no reference is taken and nothing is looked up. Only for
 * frames checked to be owned.
 */
static inline u64 *xenhv_frame(struct xenhv_domain *d, u64 gfn)
{
	lockdep_assert_held(&d->mm->lock);
	return xenhv_be_frame_va(d->be, gfn);
}

unsigned long *xenhv_fi_lookup(struct xenhv_mm_domain *mm, u64 gfn, enum xenhv_fi_slot slot);

/*
 * The info word of @gfn, through @slot of the chunk cache. The caller
 * writes the word only after finding XENHV_FI_FOREIGN clear in it (a
 * frame the domain does not own has the read-only xenhv_fi_unowned).
 */
static inline unsigned long *xenhv_fi_in(struct xenhv_mm_domain *mm, u64 gfn,
					 enum xenhv_fi_slot slot)
{
	lockdep_assert_held(&mm->lock);
	if (likely(mm->fi_cache[slot].idx == gfn >> XENHV_FI_CHUNK_SHIFT))
		return (unsigned long *)(mm->fi_cache[slot].base + gfn * sizeof(unsigned long));
	return xenhv_fi_lookup(mm, gfn, slot);
}

/*
 * xenhv_fi_in() for the frame a PTE names, taken from its frame bits as
 * they stand: their difference from the slot's @lo is both the cache
 * check and, shifted, the word's offset.
 */
static inline unsigned long *xenhv_fi_pte(struct xenhv_mm_domain *mm, u64 e,
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

static inline unsigned long *xenhv_fi(struct xenhv_mm_domain *mm, u64 gfn)
{
	return xenhv_fi_in(mm, gfn, XENHV_FI_GET);
}

/* A frame's word, unpacked; returns whether the domain owns the frame. */
static inline bool xenhv_frame_decode(unsigned long v, struct xenhv_frame *f)
{
	f->owned = !(v & XENHV_FI_FOREIGN);
	f->pinned = v & XENHV_FI_PINNED;
	f->type = (v & XENHV_FI_TYPE_MASK) >> XENHV_FI_TYPE_SHIFT;
	f->count = (v >> XENHV_FI_COUNT_SHIFT) & XENHV_FI_COUNT_MAX;
	if (f->type == XENHV_PGT_NONE && f->count)
		f->type = XENHV_PGT_WRITABLE;	/* not stored: see the frame word */
	f->refs = (v >> XENHV_FI_REFS_SHIFT) & XENHV_FI_REFS_MAX;
	return f->owned;
}

static inline bool xenhv_frame_load(struct xenhv_mm_domain *mm, u64 gfn, struct xenhv_frame *f)
{
	return xenhv_frame_decode(*xenhv_fi(mm, gfn), f);
}

/* Replaces the word of an owned frame (so its chunk exists). */
static inline void xenhv_frame_store(struct xenhv_mm_domain *mm, u64 gfn,
				     const struct xenhv_frame *f)
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

/* mm_frame.c: the frame word store and the general references; under mm->lock. */
void xenhv_fi_init(struct xenhv_mm_domain *mm);
void xenhv_fi_destroy(struct xenhv_domain *d);
int xenhv_fi_chunks_get(struct xenhv_mm_domain *mm, u64 gfn, unsigned long n);
void xenhv_fi_chunks_put(struct xenhv_mm_domain *mm, u64 gfn, unsigned long n);
bool xenhv_owned(struct xenhv_mm_domain *mm, u64 gfn);
bool xenhv_get_ref(struct xenhv_mm_domain *mm, u64 gfn);
void xenhv_put_ref(struct xenhv_mm_domain *mm, u64 gfn);

/* mm.c: what entries take and drop, and page types; under mm->lock. */
int xenhv_l1e_foreign_errno(struct xenhv_domain *d, u64 frame);
int xenhv_get_l1e(struct xenhv_domain *d, struct xenhv_mm_domain *mm, u64 e);
bool xenhv_put_l1e(struct xenhv_mm_domain *mm, u64 e);
int xenhv_get_entry(struct xenhv_domain *d, unsigned int level, u64 e);
void xenhv_put_entry_slow(struct xenhv_domain *d, unsigned int level, u64 e);
void xenhv_put_entry(struct xenhv_domain *d, unsigned int level, u64 e);
int xenhv_get_type(struct xenhv_domain *d, u64 gfn, unsigned int type);
void xenhv_put_type(struct xenhv_domain *d, u64 gfn);
u64 xenhv_walk_to_l1(struct xenhv_domain *d, u64 root, u64 va);

/* mm.c: mmuext_op's commands. */
int xenhv_mm_pin(struct xenhv_domain *d, u64 gfn, unsigned int level);
int xenhv_mm_unpin(struct xenhv_domain *d, u64 gfn);
int xenhv_mm_new_baseptr(struct xenhv_domain *d, struct xenhv_flush *f, u64 gfn, bool user);
int xenhv_mm_set_ldt(struct xenhv_domain *d, u64 base, u32 ents);
int xenhv_mm_clear_copy(struct xenhv_domain *d, u64 dst, u64 src, bool copy);

/* mm_grant.c: what a grant holds of a frame, and grant mappings' PTEs. */
int xenhv_mm_grant_frame_get(struct xenhv_domain *d, u64 gfn, bool write, bool *held);
void xenhv_mm_grant_frame_put(struct xenhv_domain *d, u64 gfn, bool write);
int xenhv_mm_grant_map(struct xenhv_domain *d, u64 addr, bool pte_addr, u64 pte);
int xenhv_mm_grant_unmap(struct xenhv_domain *d, u64 addr, bool pte_addr, u64 frame,
			 struct xenhv_flush *f);
int xenhv_mm_grant_replace(struct xenhv_domain *d, u64 addr, u64 frame, u64 new_addr,
			   struct xenhv_flush *f);

/* memory.c: reservations. */
u64 xenhv_mm_alloc_extent(struct xenhv_domain *d, unsigned int order, u64 below_pfn);
int xenhv_mm_release_extent(struct xenhv_domain *d, u64 gfn, unsigned int order);
int xenhv_mm_check_extent(struct xenhv_domain *d, u64 gfn, unsigned int order);
bool xenhv_mm_detect_cold_discard(struct xenhv_backend *be);

static inline bool xenhv_mm_addr_ok(u64 va)
{
	return va < XENHV_GUEST_VA_END;
}

#endif /* _XENHV_MM_H */
