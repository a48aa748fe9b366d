/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A recording fake of the xenhv backend: it plays Hyper-V for KUnit, logs
 * and counts every hypercall, and bounds "guest memory" to one buffer.
 */
#ifndef _XENHV_FAKE_BACKEND_H
#define _XENHV_FAKE_BACKEND_H

#include <kunit/test.h>
#include "../../translate/xenhv_engine.h"

#define XENHV_FAKE_LOG		32
#define XENHV_FAKE_SCRIPT	16
#define XENHV_FAKE_VCPUS	128
#define XENHV_FAKE_IN_BYTES	64
/* Fake guest RAM: pages 0-7 for tests' own use, the rest for alloc_frames. */
#define XENHV_FAKE_RAM_PAGES	64
/*
 * The RAM allocated: a test may raise nr_pages up to it before its first
 * allocation (three of the PV MMU's 64-frame chunks of frame info).
 */
#define XENHV_FAKE_RAM_MAX_PAGES	192
#define XENHV_FAKE_FIRST_FREE	8
/* max_grant_frames of the fake domain: small, so its limits are testable. */
#define XENHV_GNT_TEST_FRAMES	16

struct xenhv_fake_call {
	u64 control;		/* as the engine passed it (fast bit added for fast calls) */
	bool fast;
	u64 in1, in2;		/* fast-call registers */
	size_t in_len;
	u8 in[XENHV_FAKE_IN_BYTES];	/* first bytes of a slow call's input */
};

struct xenhv_fake_backend {
	struct xenhv_backend be;
	/*
	 * Everything the fake changes below: a test may run vCPUs on two
	 * threads (the guest's and the backend domain's). A leaf lock,
	 * taken inside the engine's; hooks run outside it.
	 */
	spinlock_t lock;
	/*
	 * this_vcpu for such a test: the vCPU the calling thread plays
	 * (else cur_vcpu, the single-threaded tests' one vCPU at a time).
	 */
	unsigned int (*vcpu_of)(struct xenhv_fake_backend *fb);
	/* What the engine asked of "Hyper-V". */
	unsigned int nr_calls;
	struct xenhv_fake_call log[XENHV_FAKE_LOG];
	/* The first 8 output bytes of every slow call (e.g. capabilities). */
	u64 hv_out;
	/* Results to return, in order; after them, success with all reps done. */
	u64 script[XENHV_FAKE_SCRIPT];
	unsigned int nr_script, script_pos;
	/* The only addresses the guest may hand us: [mem, mem + mem_size). */
	u8 *mem;
	size_t mem_size;
	unsigned int nr_guest_faults;
	unsigned int cur_vcpu;
	/* VP indexes and upcall vectors, as the backend publishes them. */
	struct xenhv_vp vps[XENHV_FAKE_VCPUS];
	/* Guest RAM for map_gfn: gfn N is page N, up to nr_pages. */
	u8 *ram;
	unsigned int nr_pages;
	unsigned int nr_maps, nr_unmaps;	/* map_gfn/unmap_gfn, to catch leaks */
	unsigned int nr_frame_vas;		/* frame_va: the PV MMU's own frames */
	/* map_gfn(alias_gfn) returns alias_page: a page that is not fake RAM. */
	u64 alias_gfn;
	void *alias_page;
	unsigned int nr_self_kicks;
	unsigned int last_self_kick_vcpu;
	/* Blocking: the fake clock, and what the last block() saw. */
	u64 now_ns;
	unsigned int nr_blocks, nr_wakes;
	u64 last_deadline;
	bool done_at_block;	/* @done(arg) when block() was entered */
	/* Run while "blocked" (e.g. another vCPU sending), then time out. */
	void (*while_blocked)(struct xenhv_fake_backend *fb);
	bool done_after;	/* @done(arg) after while_blocked ran */
	/* Time: a TSC page, the TSC, and MSRs the engine reads. */
	struct ms_hyperv_tsc_page tsc_page;
	bool has_tsc_page;
	u64 tsc;
	u32 tsc_khz;
	u64 wallclock_ns;
	u64 idle_ns[XENHV_FAKE_VCPUS];
	u64 vp_runtime;		/* HV_X64_MSR_VP_RUNTIME, 100 ns units */
	unsigned int nr_clock_reads;	/* TSC and reference-counter reads */
	/* Every MSR write, in order. */
	unsigned int nr_msr_writes;
	struct { u32 msr; u64 val; } msr_log[XENHV_FAKE_LOG];
	/* Single-byte guest writes, in order (the runstate update flag). */
	unsigned int nr_byte_writes;
	u8 byte_writes[8];
	/* Local TLB flushes (no hypercall). */
	unsigned int nr_local_flushes, last_local_nr;
	bool last_local_full;
	/* Frames handed out by alloc_frames, and frees. */
	unsigned long frame_used[BITS_TO_LONGS(XENHV_FAKE_RAM_MAX_PAGES)];
	unsigned int nr_allocs, nr_frees;
	bool fail_allocs;
	/* The kernel's root table and each vCPU's CR3 (switch_root). */
	u64 kernel_root[512];
	u64 cr3[XENHV_FAKE_VCPUS];
	unsigned int nr_root_switches;
	/* cache_clean calls and the last length. */
	unsigned int nr_cache_cleans;
	size_t last_clean_len;
	/* preempt_check: true every preempt_every-th call. */
	unsigned int preempt_every, nr_preempt_checks;
	/*
	 * Run by the next preempt_check, then cleared: what another vCPU
	 * does while a long hypercall has its locks dropped.
	 */
	void (*on_preempt_check)(struct xenhv_fake_backend *fb);
	void *hook_arg;
	/* The last shutdown() and how many. */
	unsigned int nr_shutdowns;
	unsigned int last_shutdown;
};

/* How many MSR writes to @msr, and the last value written (0 if none). */
unsigned int xenhv_fake_msr_writes(const struct xenhv_fake_backend *fb, u32 msr, u64 *last);
/* The fake TSC page: valid, scale @scale, offset @offset; the TSC at @tsc. */
void xenhv_fake_set_tsc_page(struct xenhv_fake_backend *fb, u64 scale, s64 offset, u64 tsc);


/* A fake backend plus a domain on it, both freed with the test. */
struct xenhv_fake_backend *xenhv_fake_new(struct kunit *test, size_t mem_size);
struct xenhv_domain *xenhv_fake_domain(struct kunit *test,
				       struct xenhv_fake_backend *fb);
void xenhv_fake_push_status(struct xenhv_fake_backend *fb, u64 status);
unsigned int xenhv_fake_count_code(const struct xenhv_fake_backend *fb, u16 code);
void *xenhv_fake_page(struct xenhv_fake_backend *fb, unsigned int gfn);

/* The guest address of offset @off in the fake's guest memory. */
static inline unsigned long xenhv_fake_gva(const struct xenhv_fake_backend *fb,
					   size_t off)
{
	return (unsigned long)(fb->mem + off);
}

/* mmuext_op / mmu_update with the hypercall's own four arguments. */
static inline long xenhv_fake_mmuext(struct xenhv_domain *d, unsigned long uops,
				     unsigned int count, unsigned long pdone, domid_t dom)
{
	unsigned long a[5] = { uops, count, pdone, dom };

	return xenhv_mmuext_op(d, a);
}

static inline long xenhv_fake_mmu_update(struct xenhv_domain *d, unsigned long reqs,
					 unsigned int count, unsigned long pdone, u32 dom)
{
	unsigned long a[5] = { reqs, count, pdone, dom };

	return xenhv_mmu_update(d, a);
}

#endif /* _XENHV_FAKE_BACKEND_H */
