/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PV MMU's shared state: which frames the domain owns, their
 * page-table types and counts, pins and base pointers.
 */
#ifndef _XENHV_MM_H
#define _XENHV_MM_H

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

#define XENHV_PT_ENTRIES	512
/* Root slots the guest controls: the lower half. The upper half is the kernel's. */
#define XENHV_GUEST_L4_SLOTS	256
/* The first address past the guest's half (Xen's __addr_ok() for us). */
#define XENHV_GUEST_VA_END	(1ULL << 47)
/* The largest extent order a domU may ask for (Xen's domu_max_order). */
#define XENHV_MAX_EXTENT_ORDER	9

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

/* No chunk: gfn / 64 is always below it. */
#define XENHV_FI_NO_CHUNK	ULONG_MAX

/*
 * A chunk of frame info mm.c used lately: its index (gfn / 64), and the
 * address gfn's word has when gfn is in it (@base + gfn * 8).
 */
struct xenhv_fi_cache {
	unsigned long idx;
	unsigned long base;
};

/**
 * struct xenhv_mm_domain - the domain's PV memory
 * @lock: serialises every type, count and entry change
 * @frames: gfn / 64 -> a chunk of 64 frames' packed info; a chunk exists
 *	while one of its frames is owned
 * @fi_cache: the two chunks used last, under @lock
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
	struct xenhv_fi_cache fi_cache[2];
	unsigned long tot_pages;
	unsigned long max_pages;
	unsigned long *inside;
	bool cold_discard;
	u64 promotions;
	u64 hints;
	struct xenhv_mm_vcpu vcpu[];
};

/* A flush for this call, or the multicall's when one is coalescing. */
struct xenhv_flush *xenhv_mm_flush_get(struct xenhv_domain *d, struct xenhv_flush *own);
int xenhv_mm_flush_put(struct xenhv_domain *d, struct xenhv_flush *f, struct xenhv_flush *own);
void xenhv_mm_flush_add_dirty(struct xenhv_domain *d, struct xenhv_flush *f);
int xenhv_mm_flush_add_vcpumask(struct xenhv_domain *d, struct xenhv_flush *f,
				unsigned long mask, bool only_dirty);

int xenhv_mm_pin(struct xenhv_domain *d, u64 gfn, unsigned int level);
int xenhv_mm_unpin(struct xenhv_domain *d, u64 gfn);
int xenhv_mm_new_baseptr(struct xenhv_domain *d, struct xenhv_flush *f, u64 gfn, bool user);
int xenhv_mm_set_ldt(struct xenhv_domain *d, u64 base, u32 ents);
int xenhv_mm_clear_copy(struct xenhv_domain *d, u64 dst, u64 src, bool copy);

int xenhv_mm_grant_frame_get(struct xenhv_domain *d, u64 gfn, bool write, bool *held);
void xenhv_mm_grant_frame_put(struct xenhv_domain *d, u64 gfn, bool write);
int xenhv_mm_grant_map(struct xenhv_domain *d, u64 addr, bool pte_addr, u64 pte);
int xenhv_mm_grant_unmap(struct xenhv_domain *d, u64 addr, bool pte_addr, u64 frame,
			 struct xenhv_flush *f);
int xenhv_mm_grant_replace(struct xenhv_domain *d, u64 addr, u64 frame, u64 new_addr,
			   struct xenhv_flush *f);

u64 xenhv_mm_alloc_extent(struct xenhv_domain *d, unsigned int order, u64 below_pfn);
int xenhv_mm_release_extent(struct xenhv_domain *d, u64 gfn, unsigned int order);
int xenhv_mm_check_extent(struct xenhv_domain *d, u64 gfn, unsigned int order);

static inline bool xenhv_mm_addr_ok(u64 va)
{
	return va < XENHV_GUEST_VA_END;
}

#endif /* _XENHV_MM_H */
