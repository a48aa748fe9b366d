/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The backend ops (struct xenhv_backend_ops) as calls: one static inline
 * per op, so the engine reads as calls to Hyper-V and the kernel, and an
 * op's callers are found by its name, as drivers/xen/events keeps its
 * port ops behind events_internal.h.
 */
#ifndef _XENHV_BACKEND_OPS_H
#define _XENHV_BACKEND_OPS_H

static inline u64 xenhv_be_hypercall(struct xenhv_backend *be, u64 control, const void *in,
				     size_t in_len, void *out, size_t out_len)
{
	return be->ops->hypercall(be, control, in, in_len, out, out_len);
}

static inline u64 xenhv_be_hypercall_fast(struct xenhv_backend *be, u64 control, u64 in1, u64 in2)
{
	return be->ops->hypercall_fast(be, control, in1, in2);
}

static inline int xenhv_be_read_msr(struct xenhv_backend *be, u32 msr, u64 *val)
{
	return be->ops->read_msr(be, msr, val);
}

static inline int xenhv_be_write_msr(struct xenhv_backend *be, u32 msr, u64 val)
{
	return be->ops->write_msr(be, msr, val);
}

static inline unsigned int xenhv_be_this_vcpu(struct xenhv_backend *be)
{
	return be->ops->this_vcpu(be);
}

static inline int xenhv_be_copy_from_guest(struct xenhv_backend *be, void *dst, unsigned long src,
					   size_t len)
{
	return be->ops->copy_from_guest(be, dst, src, len);
}

static inline int xenhv_be_copy_to_guest(struct xenhv_backend *be, unsigned long dst,
					 const void *src, size_t len)
{
	return be->ops->copy_to_guest(be, dst, src, len);
}

static inline long xenhv_be_read_guest_u32(struct xenhv_backend *be, unsigned long src)
{
	return be->ops->read_guest_u32(be, src);
}

static inline void *xenhv_be_map_gfn(struct xenhv_backend *be, u64 gfn)
{
	return be->ops->map_gfn(be, gfn);
}

static inline void xenhv_be_unmap_gfn(struct xenhv_backend *be, void *addr)
{
	be->ops->unmap_gfn(be, addr);
}

static inline void xenhv_be_kick_self(struct xenhv_backend *be)
{
	be->ops->kick_self(be);
}

static inline u64 xenhv_be_system_time_ns(struct xenhv_backend *be)
{
	return be->ops->system_time_ns(be);
}

static inline void xenhv_be_block(struct xenhv_backend *be, bool (*done)(void *arg), void *arg,
				  u64 deadline_ns)
{
	be->ops->block(be, done, arg, deadline_ns);
}

static inline void xenhv_be_wake_blocked(struct xenhv_backend *be)
{
	be->ops->wake_blocked(be);
}

static inline u64 xenhv_be_read_tsc(struct xenhv_backend *be)
{
	return be->ops->read_tsc(be);
}

static inline const struct ms_hyperv_tsc_page *xenhv_be_tsc_page(struct xenhv_backend *be)
{
	return be->ops->tsc_page(be);
}

static inline u32 xenhv_be_tsc_khz(struct xenhv_backend *be)
{
	return be->ops->tsc_khz(be);
}

static inline u64 xenhv_be_wallclock_ns(struct xenhv_backend *be)
{
	return be->ops->wallclock_ns(be);
}

static inline u64 xenhv_be_idle_ns(struct xenhv_backend *be, unsigned int vcpu)
{
	return be->ops->idle_ns(be, vcpu);
}

static inline u32 xenhv_be_apic_dest(struct xenhv_backend *be, unsigned int vcpu)
{
	return be->ops->apic_dest(be, vcpu);
}

static inline void xenhv_be_shutdown(struct xenhv_backend *be, unsigned int reason)
{
	be->ops->shutdown(be, reason);
}

static inline void xenhv_be_flush_local(struct xenhv_backend *be, const u64 *vas, unsigned int nr,
					bool full)
{
	be->ops->flush_local(be, vas, nr, full);
}

static inline void xenhv_be_memory_stats(struct xenhv_backend *be, u64 *ram_pages, u64 *max_pfn)
{
	be->ops->memory_stats(be, ram_pages, max_pfn);
}

static inline u64 xenhv_be_alloc_frames(struct xenhv_backend *be, unsigned int order, u64 below_pfn)
{
	return be->ops->alloc_frames(be, order, below_pfn);
}

static inline void xenhv_be_free_frame(struct xenhv_backend *be, u64 gfn)
{
	be->ops->free_frame(be, gfn);
}

static inline bool xenhv_be_ram_frame(struct xenhv_backend *be, u64 gfn)
{
	return be->ops->ram_frame(be, gfn);
}

static inline const u64 *xenhv_be_kernel_root(struct xenhv_backend *be)
{
	return be->ops->kernel_root(be);
}

static inline u64 xenhv_be_switch_root(struct xenhv_backend *be, u64 cr3)
{
	return be->ops->switch_root(be, cr3);
}

static inline bool xenhv_be_preempt_check(struct xenhv_backend *be)
{
	return be->ops->preempt_check(be);
}

static inline unsigned int xenhv_be_ram_ranges(struct xenhv_backend *be, u64 *start_pfn,
					       u64 *end_pfn, unsigned int max)
{
	return be->ops->ram_ranges(be, start_pfn, end_pfn, max);
}

static inline void xenhv_be_cache_clean(struct xenhv_backend *be, void *va, size_t len)
{
	be->ops->cache_clean(be, va, len);
}

static inline void *xenhv_be_frame_va(struct xenhv_backend *be, u64 gfn)
{
	return be->ops->frame_va(be, gfn);
}

#endif /* _XENHV_BACKEND_OPS_H */
