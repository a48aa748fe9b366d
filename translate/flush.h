/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TLB obligations collected during a hypercall and discharged with the
 * fewest Hyper-V flush hypercalls: the builder the PV MMU and grant
 * families use.
 */
#ifndef _XENHV_FLUSH_H
#define _XENHV_FLUSH_H

#include "xenhv_engine.h"

/*
 * Above this many pages a flush of the whole address space is cheaper
 * than one INVLPG per page on every target VP: the same trade-off, and
 * the same figure, as Linux's tlb_single_page_flush_ceiling (33). Well
 * below the list's one-page limit (509 entries after the 24-byte header).
 */
#define XENHV_FLUSH_LIST_MAX		33
/* Sparse VP sets: 64 banks of 64 VPs, the TLFS limit of one valid-bank mask. */
#define XENHV_FLUSH_MAX_BANKS		64
/* address_space value meaning "every address space". */
#define XENHV_FLUSH_ALL_SPACES		(~0ULL)

/**
 * struct xenhv_flush - what must be clean before a hypercall returns
 * @space: the address space (CR3 without PCID bits), or
 *	XENHV_FLUSH_ALL_SPACES
 * @local: the calling vCPU must flush too
 * @all_vcpus: every vCPU of the domain
 * @full: the whole address space, not just @vas
 * @non_global: global mappings may stay (Hyper-V NON_GLOBAL_MAPPINGS_ONLY)
 * @nr_vas: pages in @vas (page-aligned, no duplicates)
 * @vas: the pages
 * @bank_mask: which 64-VP banks of @banks hold target VPs (not the caller)
 * @banks: target VP indexes, one bit each
 */
struct xenhv_flush {
	u64 space;
	bool local;
	bool all_vcpus;
	bool full;
	bool non_global;
	unsigned int nr_vas;
	u64 vas[XENHV_FLUSH_LIST_MAX];
	u64 bank_mask;
	u64 banks[XENHV_FLUSH_MAX_BANKS];
};

void xenhv_flush_init(struct xenhv_flush *f, u64 space);
void xenhv_flush_add_va(struct xenhv_flush *f, u64 va);
void xenhv_flush_add_full(struct xenhv_flush *f);
int xenhv_flush_add_vcpu(struct xenhv_domain *d, struct xenhv_flush *f, unsigned int vcpu);
void xenhv_flush_add_all_vcpus(struct xenhv_domain *d, struct xenhv_flush *f);
int xenhv_flush_commit(struct xenhv_domain *d, struct xenhv_flush *f);

/* The PV MMU's flushes: the call's own or the multicall's, and their vCPUs. */
struct xenhv_flush *xenhv_mm_flush_get(struct xenhv_domain *d, struct xenhv_flush *own);
int xenhv_mm_flush_put(struct xenhv_domain *d, struct xenhv_flush *f, struct xenhv_flush *own);
void xenhv_mm_flush_add_dirty(struct xenhv_domain *d, struct xenhv_flush *f);
int xenhv_mm_flush_add_vcpumask(struct xenhv_domain *d, struct xenhv_flush *f,
				unsigned long mask, bool only_dirty);

#endif /* _XENHV_FLUSH_H */
