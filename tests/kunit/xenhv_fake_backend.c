// SPDX-License-Identifier: GPL-2.0
/*
 * The recording fake backend used by every xenhv KUnit suite.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/bitops.h>
#include <kunit/resource.h>
#include "xenhv_fake_backend.h"

static struct xenhv_fake_backend *to_fake(struct xenhv_backend *be)
{
	return container_of(be, struct xenhv_fake_backend, be);
}

/* One more of a counter: under the fake's lock, as two vCPU threads may count. */
static void xenhv_fake_count(struct xenhv_fake_backend *fb, unsigned int *n)
{
	unsigned long flags;

	spin_lock_irqsave(&fb->lock, flags);
	(*n)++;
	spin_unlock_irqrestore(&fb->lock, flags);
}

/* Next scripted result, or success with every rep of @control done. */
static u64 xenhv_fake_result(struct xenhv_fake_backend *fb, u64 control)
{
	if (fb->script_pos < fb->nr_script)
		return fb->script[fb->script_pos++];
	return control & HV_HYPERCALL_REP_COMP_MASK;
}

static struct xenhv_fake_call *xenhv_fake_record(struct xenhv_fake_backend *fb,
						 u64 control, bool fast)
{
	struct xenhv_fake_call *c = NULL;

	if (fb->nr_calls < XENHV_FAKE_LOG) {
		c = &fb->log[fb->nr_calls];
		memset(c, 0, sizeof(*c));
		c->control = control;
		c->fast = fast;
	}
	fb->nr_calls++;
	return c;
}

static u64 xenhv_fake_hypercall(struct xenhv_backend *be, u64 control,
				const void *in, size_t in_len, void *out,
				size_t out_len)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	struct xenhv_fake_call *c;
	unsigned long flags;
	u64 ret;

	spin_lock_irqsave(&fb->lock, flags);
	c = xenhv_fake_record(fb, control, false);
	if (c) {
		c->in_len = in_len;
		memcpy(c->in, in, min_t(size_t, in_len, sizeof(c->in)));
	}
	if (out_len)
		memset(out, 0, out_len);
	if (out_len >= sizeof(fb->hv_out))
		memcpy(out, &fb->hv_out, sizeof(fb->hv_out));
	ret = xenhv_fake_result(fb, control);
	spin_unlock_irqrestore(&fb->lock, flags);
	return ret;
}

static u64 xenhv_fake_hypercall_fast(struct xenhv_backend *be, u64 control,
				     u64 in1, u64 in2)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	struct xenhv_fake_call *c;
	unsigned long flags;
	u64 ret;

	control |= HV_HYPERCALL_FAST_BIT;
	spin_lock_irqsave(&fb->lock, flags);
	c = xenhv_fake_record(fb, control, true);
	if (c) {
		c->in1 = in1;
		c->in2 = in2;
	}
	ret = xenhv_fake_result(fb, control);
	spin_unlock_irqrestore(&fb->lock, flags);
	return ret;
}

static int xenhv_fake_read_msr(struct xenhv_backend *be, u32 msr, u64 *val)
{
	struct xenhv_fake_backend *fb = to_fake(be);

	switch (msr) {
	case HV_X64_MSR_VP_RUNTIME:
		*val = fb->vp_runtime;
		break;
	case HV_X64_MSR_TIME_REF_COUNT:
		xenhv_fake_count(fb, &fb->nr_clock_reads);
		*val = fb->now_ns / 100;	/* the same clock as system_time_ns */
		break;
	default:
		*val = 0;
	}
	return 0;
}

static int xenhv_fake_write_msr(struct xenhv_backend *be, u32 msr, u64 val)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	unsigned long flags;

	spin_lock_irqsave(&fb->lock, flags);
	if (fb->nr_msr_writes < XENHV_FAKE_LOG) {
		fb->msr_log[fb->nr_msr_writes].msr = msr;
		fb->msr_log[fb->nr_msr_writes].val = val;
	}
	fb->nr_msr_writes++;
	spin_unlock_irqrestore(&fb->lock, flags);
	return 0;
}

unsigned int xenhv_fake_msr_writes(const struct xenhv_fake_backend *fb, u32 msr, u64 *last)
{
	unsigned int i, n = 0;

	if (last)
		*last = 0;
	for (i = 0; i < min_t(unsigned int, fb->nr_msr_writes, XENHV_FAKE_LOG); i++) {
		if (fb->msr_log[i].msr != msr)
			continue;
		n++;
		if (last)
			*last = fb->msr_log[i].val;
	}
	return n;
}

void xenhv_fake_set_tsc_page(struct xenhv_fake_backend *fb, u64 scale, s64 offset, u64 tsc)
{
	fb->tsc_page.tsc_sequence++;
	if (!fb->tsc_page.tsc_sequence)
		fb->tsc_page.tsc_sequence = 1;
	fb->tsc_page.tsc_scale = scale;
	fb->tsc_page.tsc_offset = offset;
	fb->has_tsc_page = true;
	fb->tsc = tsc;
}

static unsigned int xenhv_fake_this_vcpu(struct xenhv_backend *be)
{
	struct xenhv_fake_backend *fb = to_fake(be);

	return fb->vcpu_of ? fb->vcpu_of(fb) : fb->cur_vcpu;
}

static bool xenhv_fake_range_ok(struct xenhv_fake_backend *fb,
				unsigned long addr, size_t len)
{
	unsigned long base = (unsigned long)fb->mem, end;

	if (check_add_overflow(addr, len, &end))
		return false;
	return addr >= base && end <= base + fb->mem_size;
}

static int xenhv_fake_copy_from_guest(struct xenhv_backend *be, void *dst,
				      unsigned long src, size_t len)
{
	struct xenhv_fake_backend *fb = to_fake(be);

	if (!xenhv_fake_range_ok(fb, src, len)) {
		xenhv_fake_count(fb, &fb->nr_guest_faults);
		return -EFAULT;
	}
	memcpy(dst, (const void *)src, len);
	return 0;
}

static long xenhv_fake_read_guest_u32(struct xenhv_backend *be, unsigned long src)
{
	u32 val;

	if (xenhv_fake_copy_from_guest(be, &val, src, sizeof(val)))
		return -EFAULT;
	return val;
}

static int xenhv_fake_copy_to_guest(struct xenhv_backend *be, unsigned long dst,
				    const void *src, size_t len)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	unsigned long flags;

	if (!xenhv_fake_range_ok(fb, dst, len)) {
		xenhv_fake_count(fb, &fb->nr_guest_faults);
		return -EFAULT;
	}
	if (len == 1) {
		spin_lock_irqsave(&fb->lock, flags);
		if (fb->nr_byte_writes < ARRAY_SIZE(fb->byte_writes))
			fb->byte_writes[fb->nr_byte_writes++] = *(const u8 *)src;
		spin_unlock_irqrestore(&fb->lock, flags);
	}
	memcpy((void *)dst, src, len);
	return 0;
}

static void *xenhv_fake_map_gfn(struct xenhv_backend *be, u64 gfn)
{
	struct xenhv_fake_backend *fb = to_fake(be);

	if (fb->alias_page && gfn == fb->alias_gfn) {
		xenhv_fake_count(fb, &fb->nr_maps);
		return fb->alias_page;
	}
	if (gfn >= fb->nr_pages)
		return NULL;
	xenhv_fake_count(fb, &fb->nr_maps);
	return fb->ram + gfn * PAGE_SIZE;
}

static void xenhv_fake_unmap_gfn(struct xenhv_backend *be, void *addr)
{
	struct xenhv_fake_backend *fb = to_fake(be);

	xenhv_fake_count(fb, &fb->nr_unmaps);
}

static void xenhv_fake_kick_self(struct xenhv_backend *be)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	unsigned int self = xenhv_fake_this_vcpu(be);
	unsigned long flags;

	spin_lock_irqsave(&fb->lock, flags);
	fb->nr_self_kicks++;
	fb->last_self_kick_vcpu = self;
	spin_unlock_irqrestore(&fb->lock, flags);
}

/*
 * The fake clock: with a TSC page, time is the TSC-page time of the fake
 * TSC (tests move the TSC); without, now_ns (tests move that).
 */
static u64 xenhv_fake_system_time_ns(struct xenhv_backend *be)
{
	return to_fake(be)->now_ns;
}

static u64 xenhv_fake_read_tsc(struct xenhv_backend *be)
{
	struct xenhv_fake_backend *fb = to_fake(be);

	xenhv_fake_count(fb, &fb->nr_clock_reads);
	return fb->tsc;
}

static const struct ms_hyperv_tsc_page *xenhv_fake_tsc_page(struct xenhv_backend *be)
{
	struct xenhv_fake_backend *fb = to_fake(be);

	return fb->has_tsc_page ? &fb->tsc_page : NULL;
}

static u32 xenhv_fake_tsc_khz(struct xenhv_backend *be)
{
	return to_fake(be)->tsc_khz;
}

static u64 xenhv_fake_wallclock_ns(struct xenhv_backend *be)
{
	return to_fake(be)->wallclock_ns;
}

static u64 xenhv_fake_idle_ns(struct xenhv_backend *be, unsigned int vcpu)
{
	return vcpu < XENHV_FAKE_VCPUS ? to_fake(be)->idle_ns[vcpu] : 0;
}

/* xAPIC form: APIC ID (here vCPU + 1) << 24. */
static u32 xenhv_fake_apic_dest(struct xenhv_backend *be, unsigned int vcpu)
{
	return vcpu < be->nr_vcpus ? (vcpu + 1) << 24 : U32_MAX;
}

static void xenhv_fake_shutdown(struct xenhv_backend *be, unsigned int reason)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	unsigned long flags;

	spin_lock_irqsave(&fb->lock, flags);
	fb->nr_shutdowns++;
	fb->last_shutdown = reason;
	spin_unlock_irqrestore(&fb->lock, flags);
}

/* Never really waits: runs the test's "meanwhile", then jumps the clock. */
static void xenhv_fake_block(struct xenhv_backend *be, bool (*done)(void *arg), void *arg,
			     u64 deadline_ns)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	bool at_block, after;
	unsigned long flags;

	/* @done and the hook call the engine: outside the fake's lock. */
	at_block = done(arg);
	if (fb->while_blocked)
		fb->while_blocked(fb);
	after = done(arg);
	spin_lock_irqsave(&fb->lock, flags);
	fb->nr_blocks++;
	fb->last_deadline = deadline_ns;
	fb->done_at_block = at_block;
	fb->done_after = after;
	/*
	 * Blocked until the deadline: the clock gets there. A real clock
	 * never goes back and moves on while anything blocks, so a deadline
	 * already past still costs a microsecond.
	 */
	if (!after && deadline_ns != U64_MAX)
		fb->now_ns = max(deadline_ns, fb->now_ns + NSEC_PER_USEC);
	spin_unlock_irqrestore(&fb->lock, flags);
}

static void xenhv_fake_wake_blocked(struct xenhv_backend *be)
{
	struct xenhv_fake_backend *fb = to_fake(be);

	xenhv_fake_count(fb, &fb->nr_wakes);
}

static void xenhv_fake_flush_local(struct xenhv_backend *be, const u64 *vas, unsigned int nr,
				   bool full)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	unsigned long flags;

	spin_lock_irqsave(&fb->lock, flags);
	fb->nr_local_flushes++;
	fb->last_local_full = full;
	fb->last_local_nr = nr;
	spin_unlock_irqrestore(&fb->lock, flags);
}

/* The fake partition: its RAM pages and the frame past the highest. */
static void xenhv_fake_memory_stats(struct xenhv_backend *be, u64 *ram_pages, u64 *max_pfn)
{
	*ram_pages = 0x3fe00;	/* 1 GiB less 2 MiB of holes */
	*max_pfn = 0x40000;
}

/* Frames for the domain: the first free run of fake RAM from XENHV_FAKE_FIRST_FREE. */
static u64 xenhv_fake_alloc_frames(struct xenhv_backend *be, unsigned int order, u64 below_pfn)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	unsigned int n = 1U << order, g, i;
	unsigned long flags;
	u64 gfn = XENHV_NO_FRAME;

	spin_lock_irqsave(&fb->lock, flags);
	fb->nr_allocs++;
	for (g = ALIGN(XENHV_FAKE_FIRST_FREE, n);
	     !fb->fail_allocs && g + n <= fb->nr_pages && g + n <= below_pfn; g += n) {
		for (i = 0; i < n && !test_bit(g + i, fb->frame_used); i++)
			;
		if (i < n)
			continue;
		for (i = 0; i < n; i++)
			set_bit(g + i, fb->frame_used);
		gfn = g;
		break;
	}
	spin_unlock_irqrestore(&fb->lock, flags);
	/* The frames are the caller's now: zeroed outside the lock. */
	if (gfn != XENHV_NO_FRAME)
		memset(fb->ram + (size_t)gfn * PAGE_SIZE, 0, (size_t)n * PAGE_SIZE);
	return gfn;
}

static void xenhv_fake_free_frame(struct xenhv_backend *be, u64 gfn)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	unsigned long flags;

	spin_lock_irqsave(&fb->lock, flags);
	fb->nr_frees++;
	if (gfn < fb->nr_pages)
		clear_bit(gfn, fb->frame_used);
	spin_unlock_irqrestore(&fb->lock, flags);
}

/* Fake RAM is every page below nr_pages; above it, "MMIO". */
static bool xenhv_fake_ram_frame(struct xenhv_backend *be, u64 gfn)
{
	return gfn < to_fake(be)->nr_pages;
}

static const u64 *xenhv_fake_kernel_root(struct xenhv_backend *be)
{
	return to_fake(be)->kernel_root;
}

static u64 xenhv_fake_switch_root(struct xenhv_backend *be, u64 cr3)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	unsigned int self = xenhv_fake_this_vcpu(be);
	unsigned long flags;
	u64 old;

	spin_lock_irqsave(&fb->lock, flags);
	old = fb->cr3[self];
	fb->cr3[self] = cr3;
	fb->nr_root_switches++;
	spin_unlock_irqrestore(&fb->lock, flags);
	return old;
}

/* Preemption wanted every preempt_every-th check (0: never). */
static bool xenhv_fake_preempt_check(struct xenhv_backend *be)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	void (*hook)(struct xenhv_fake_backend *fb);
	unsigned long flags;
	bool preempt;

	spin_lock_irqsave(&fb->lock, flags);
	hook = fb->on_preempt_check;
	fb->on_preempt_check = NULL;
	spin_unlock_irqrestore(&fb->lock, flags);
	/* The hook plays another vCPU: it calls the engine, so not under the lock. */
	if (hook)
		hook(fb);
	spin_lock_irqsave(&fb->lock, flags);
	preempt = fb->preempt_every && !(++fb->nr_preempt_checks % fb->preempt_every);
	spin_unlock_irqrestore(&fb->lock, flags);
	return preempt;
}

/* The fake partition's RAM: [0, 0x9f) and [0x100, 0x40000). */
static unsigned int xenhv_fake_ram_ranges(struct xenhv_backend *be, u64 *start, u64 *end,
					  unsigned int max)
{
	static const u64 r[][2] = { { 0, 0x9f }, { 0x100, 0x40000 } };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(r) && i < max; i++) {
		start[i] = r[i][0];
		end[i] = r[i][1];
	}
	return i;
}

/* Fake RAM only: an engine bug that reaches past it gets NULL, not memory. */
static void *xenhv_fake_frame_va(struct xenhv_backend *be, u64 gfn)
{
	struct xenhv_fake_backend *fb = to_fake(be);

	xenhv_fake_count(fb, &fb->nr_frame_vas);
	return gfn < fb->nr_pages ? fb->ram + gfn * PAGE_SIZE : NULL;
}

static void xenhv_fake_cache_clean(struct xenhv_backend *be, void *va, size_t len)
{
	struct xenhv_fake_backend *fb = to_fake(be);
	unsigned long flags;

	spin_lock_irqsave(&fb->lock, flags);
	fb->nr_cache_cleans++;
	fb->last_clean_len = len;
	spin_unlock_irqrestore(&fb->lock, flags);
}

static const struct xenhv_backend_ops xenhv_fake_ops = {
	.hypercall = xenhv_fake_hypercall,
	.hypercall_fast = xenhv_fake_hypercall_fast,
	.read_msr = xenhv_fake_read_msr,
	.write_msr = xenhv_fake_write_msr,
	.this_vcpu = xenhv_fake_this_vcpu,
	.copy_from_guest = xenhv_fake_copy_from_guest,
	.read_guest_u32 = xenhv_fake_read_guest_u32,
	.copy_to_guest = xenhv_fake_copy_to_guest,
	.map_gfn = xenhv_fake_map_gfn,
	.unmap_gfn = xenhv_fake_unmap_gfn,
	.kick_self = xenhv_fake_kick_self,
	.system_time_ns = xenhv_fake_system_time_ns,
	.block = xenhv_fake_block,
	.wake_blocked = xenhv_fake_wake_blocked,
	.read_tsc = xenhv_fake_read_tsc,
	.tsc_page = xenhv_fake_tsc_page,
	.tsc_khz = xenhv_fake_tsc_khz,
	.wallclock_ns = xenhv_fake_wallclock_ns,
	.idle_ns = xenhv_fake_idle_ns,
	.apic_dest = xenhv_fake_apic_dest,
	.shutdown = xenhv_fake_shutdown,
	.flush_local = xenhv_fake_flush_local,
	.memory_stats = xenhv_fake_memory_stats,
	.alloc_frames = xenhv_fake_alloc_frames,
	.free_frame = xenhv_fake_free_frame,
	.ram_frame = xenhv_fake_ram_frame,
	.kernel_root = xenhv_fake_kernel_root,
	.switch_root = xenhv_fake_switch_root,
	.preempt_check = xenhv_fake_preempt_check,
	.ram_ranges = xenhv_fake_ram_ranges,
	.cache_clean = xenhv_fake_cache_clean,
	.frame_va = xenhv_fake_frame_va,
};

struct xenhv_fake_backend *xenhv_fake_new(struct kunit *test, size_t mem_size)
{
	struct xenhv_fake_backend *fb;
	unsigned int i;

	fb = kunit_kzalloc(test, sizeof(*fb), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, fb);
	fb->mem = kunit_kzalloc(test, mem_size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, fb->mem);
	fb->mem_size = mem_size;
	fb->ram = kunit_kzalloc(test, XENHV_FAKE_RAM_MAX_PAGES * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, fb->ram);
	fb->nr_pages = XENHV_FAKE_RAM_PAGES;
	fb->be.ops = &xenhv_fake_ops;
	spin_lock_init(&fb->lock);
	spin_lock_init(&fb->be.event_lock);
	fb->be.nr_vcpus = 2;
	fb->be.sint = 5;
	fb->be.stimer = 3;
	fb->be.crash_msrs = true;
	fb->be.synthetic_icr = true;
	fb->be.can_switch_root = true;
	/* Recognisable kernel half: slot i holds 0x1000 * (i + 1) | P | RW. */
	for (i = 0; i < 512; i++)
		fb->kernel_root[i] = i >= 256 ? (0x1000ULL * (i + 1)) | 3 : 0;
	for (i = 0; i < XENHV_FAKE_VCPUS; i++)
		fb->cr3[i] = 0xc3000;	/* "the kernel's tables" */
	fb->tsc_khz = 2000000;
	/*
	 * VP indexes deliberately differ from vCPU numbers; the upcall
	 * vectors are distinct and recognisable.
	 */
	for (i = 0; i < XENHV_FAKE_VCPUS; i++) {
		fb->vps[i].index = i + 3;
		fb->vps[i].upcall_vector = 0x40 + (i & 0x3f);
	}
	fb->be.vps = fb->vps;
	return fb;
}

static void xenhv_fake_mm_destroy(struct kunit_resource *res)
{
	xenhv_gnttab_destroy(res->data);
	xenhv_mm_destroy(res->data);
}

struct xenhv_domain *xenhv_fake_domain(struct kunit *test,
				       struct xenhv_fake_backend *fb)
{
	struct xenhv_domain *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, d);
	d->be = &fb->be;
	d->domid = 1;
	d->shutdown_code = XENHV_SHUTDOWN_CODE_INVALID;
	KUNIT_ASSERT_EQ(test, xenhv_mm_init(d), 0);
	KUNIT_ASSERT_EQ(test, xenhv_gnttab_init(d, XENHV_GNT_TEST_FRAMES), 0);
	/* Resources go in reverse order: the PV memory before the fake's RAM. */
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, NULL, xenhv_fake_mm_destroy,
							 GFP_KERNEL, d));
	for (i = 0; i < sizeof(d->handle); i++)
		d->handle[i] = 0xa0 + i;
	return d;
}

void xenhv_fake_push_status(struct xenhv_fake_backend *fb, u64 status)
{
	if (fb->nr_script < XENHV_FAKE_SCRIPT)
		fb->script[fb->nr_script++] = status;
}

void *xenhv_fake_page(struct xenhv_fake_backend *fb, unsigned int gfn)
{
	return fb->ram + gfn * PAGE_SIZE;
}

unsigned int xenhv_fake_count_code(const struct xenhv_fake_backend *fb, u16 code)
{
	unsigned int i, n = 0;

	for (i = 0; i < min_t(unsigned int, fb->nr_calls, XENHV_FAKE_LOG); i++)
		n += (fb->log[i].control & 0xffff) == code;
	return n;
}
