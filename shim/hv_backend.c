// SPDX-License-Identifier: GPL-2.0
/*
 * The real xenhv backend: Hyper-V hypercalls through the hypercall page,
 * synthetic MSRs, VP indexes, and fault-safe access to guest handles.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <linux/overflow.h>
#include <asm/msr.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/nospec-branch.h>
#include <asm/apic.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/ktime.h>
#include <linux/reboot.h>
#include <linux/tick.h>
#include <linux/workqueue.h>
#include <linux/ioport.h>
#include <linux/pfn.h>
#include <linux/xarray.h>
#include <linux/sched.h>
#include <linux/atomic.h>
#include <linux/kernel_stat.h>
#include <asm/tsc.h>
#include <asm/smp.h>
#include <asm/tlbflush.h>
#include <asm/special_insns.h>
#include <asm/cacheflush.h>
#include <asm/processor-flags.h>
#include <linux/sizes.h>
#include <linux/mm.h>
#include "xenhv_shim.h"
#include "xenhv_trace.h"

/*
 * Per-vCPU state. The input and output pages satisfy TLFS 3.6: hypercall
 * parameters are GPA-addressed, 8-byte aligned and must not cross a page,
 * so each vCPU owns one whole page of each, used with interrupts off.
 */
struct xenhv_backend_pcpu {
	void *in_page;
	void *out_page;
	u64 calls[XENHV_HV_STAT_CODES + 1];
	u64 failures[XENHV_HV_STAT_CODES + 1];
};

/* Dynamic: the counters are too big for the modules' static per-CPU area. */
static struct xenhv_backend_pcpu __percpu *xenhv_be_pcpu;
static void *xenhv_hc_page;

static unsigned int xenhv_stat_slot(u64 control)
{
	u16 code = control & 0xffff;

	return code < XENHV_HV_STAT_CODES ? code : XENHV_HV_STAT_CODES;
}

/* this_cpu_inc: one instruction, so safe against an interrupt's own call. */
static void xenhv_count(u64 control, u64 status)
{
	unsigned int slot = xenhv_stat_slot(control);

	this_cpu_inc(xenhv_be_pcpu->calls[slot]);
	if (xenhv_hv_result(status) != HV_STATUS_SUCCESS)
		this_cpu_inc(xenhv_be_pcpu->failures[slot]);
	trace_xenhv_hv_hypercall(control, status);
}

static u64 xenhv_real_hypercall(struct xenhv_backend *be, u64 control,
			      const void *in, size_t in_len, void *out,
			      size_t out_len)
{
	struct xenhv_backend_pcpu *pc;
	void *page = xenhv_hc_page;
	u64 in_gpa, out_gpa, status;
	unsigned long flags;

	if (in_len > PAGE_SIZE || out_len > PAGE_SIZE)
		return HV_STATUS_INVALID_PARAMETER;

	local_irq_save(flags);
	pc = this_cpu_ptr(xenhv_be_pcpu);
	if (in_len)
		memcpy(pc->in_page, in, in_len);
	in_gpa = in_len ? virt_to_phys(pc->in_page) : 0;
	out_gpa = out_len ? virt_to_phys(pc->out_page) : 0;

	/* The TLFS x64 calling convention: RCX control, RDX in, R8 out. */
	asm volatile("mov %[out], %%r8\n\t"
		     CALL_NOSPEC
		     : "=a" (status), ASM_CALL_CONSTRAINT,
		       "+c" (control), "+d" (in_gpa)
		     : [out] "r" (out_gpa), THUNK_TARGET(page)
		     : "cc", "memory", "r8", "r9", "r10", "r11");

	if (out_len)
		memcpy(out, pc->out_page, out_len);
	xenhv_count(control, status);
	local_irq_restore(flags);
	return status;
}

static u64 xenhv_real_hypercall_fast(struct xenhv_backend *be, u64 control,
				   u64 in1, u64 in2)
{
	void *page = xenhv_hc_page;
	u64 status, ctl = control | HV_HYPERCALL_FAST_BIT;

	asm volatile("mov %[in2], %%r8\n\t"
		     CALL_NOSPEC
		     : "=a" (status), ASM_CALL_CONSTRAINT,
		       "+c" (ctl), "+d" (in1)
		     : [in2] "r" (in2), THUNK_TARGET(page)
		     : "cc", "r8", "r9", "r10", "r11");

	/* Counted on whichever vCPU we are on now: only sums are read. */
	xenhv_count(control, status);
	return status;
}

static int xenhv_real_read_msr(struct xenhv_backend *be, u32 msr, u64 *val)
{
	return rdmsrl_safe(msr, val) ? -EIO : 0;
}

static int xenhv_real_write_msr(struct xenhv_backend *be, u32 msr, u64 val)
{
	return wrmsrl_safe(msr, val) ? -EIO : 0;
}

static unsigned int xenhv_real_this_vcpu(struct xenhv_backend *be)
{
	return raw_smp_processor_id();
}

/*
 * A guest handle from a kernel caller must be a canonical kernel address:
 * user addresses are not the caller's to hand us, and touching a
 * non-canonical one would #GP (which the uaccess fixup reports with a
 * WARN) rather than fault cleanly.
 */
static bool xenhv_kernel_range_ok(unsigned long addr, size_t len)
{
	unsigned long last;

	if (!len)
		return true;
	if (check_add_overflow(addr, len - 1, &last))
		return false;
	if (addr < TASK_SIZE_MAX + PAGE_SIZE)
		return false;
	return __is_canonical_address(addr, boot_cpu_data.x86_virt_bits) &&
	       __is_canonical_address(last, boot_cpu_data.x86_virt_bits);
}

/*
 * Hypercalls a process makes through privcmd: their guest handles are the
 * process's own user addresses. While one runs, its task is listed here
 * (by pid, per thread) and the copy ops take that task's user addresses,
 * and kernel addresses only inside the one buffer the device built for
 * the call (dm_op's array of buffers), never other kernel memory. Copies
 * do not fault pages in: a page that is not resident fails with -EFAULT,
 * as Xen's copy from a guest page that is not mapped does; libxencall's
 * buffers come from /dev/xen/hypercall or are locked. Interrupts that run
 * xenhv meanwhile still copy kernel addresses only.
 */
static DEFINE_XARRAY(xenhv_user_calls);
static atomic_t xenhv_user_calls_live = ATOMIC_INIT(0);

/**
 * xenhv_user_call_begin - the current task's hypercalls take user handles
 * @uc: the call's kernel buffer (or none), live until xenhv_user_call_end()
 *
 * Return: 0, -EBUSY if the task is already in one, or -ENOMEM.
 */
int xenhv_user_call_begin(struct xenhv_user_call *uc)
{
	int rc = xa_insert(&xenhv_user_calls, current->pid, uc, GFP_KERNEL);

	if (!rc)
		atomic_inc(&xenhv_user_calls_live);
	return rc;
}

void xenhv_user_call_end(void)
{
	if (xa_erase(&xenhv_user_calls, current->pid))
		atomic_dec(&xenhv_user_calls_live);
}

static const struct xenhv_user_call *xenhv_user_call(void)
{
	if (likely(!atomic_read(&xenhv_user_calls_live)) || !in_task())
		return NULL;
	return xa_load(&xenhv_user_calls, current->pid);
}

/* Whether [@addr, +@len) lies in the call's own kernel buffer. */
static bool xenhv_user_call_kbuf(const struct xenhv_user_call *uc, unsigned long addr,
				 size_t len)
{
	return uc->kbuf && addr >= uc->kbuf && len <= uc->klen &&
	       addr - uc->kbuf <= uc->klen - len;
}

static int xenhv_user_copy_from(const struct xenhv_user_call *uc, void *dst,
				unsigned long src, size_t len)
{
	const void __user *u = (const void __user *)src;
	unsigned long left;

	if (xenhv_user_call_kbuf(uc, src, len)) {
		memcpy(dst, (const void *)src, len);
		return 0;
	}
	if (!access_ok(u, len))
		return -EFAULT;
	pagefault_disable();
	left = __copy_from_user_inatomic(dst, u, len);
	pagefault_enable();
	return left ? -EFAULT : 0;
}

static int xenhv_user_copy_to(const struct xenhv_user_call *uc, unsigned long dst,
			      const void *src, size_t len)
{
	void __user *u = (void __user *)dst;
	unsigned long left;

	if (xenhv_user_call_kbuf(uc, dst, len)) {
		memcpy((void *)dst, src, len);
		return 0;
	}
	if (!access_ok(u, len))
		return -EFAULT;
	pagefault_disable();
	left = __copy_to_user_inatomic(u, src, len);
	pagefault_enable();
	return left ? -EFAULT : 0;
}

static int xenhv_real_copy_from_guest(struct xenhv_backend *be, void *dst,
				    unsigned long src, size_t len)
{
	const struct xenhv_user_call *uc = xenhv_user_call();

	if (unlikely(uc))
		return xenhv_user_copy_from(uc, dst, src, len);
	if (!xenhv_kernel_range_ok(src, len))
		return -EFAULT;
	return copy_from_kernel_nofault(dst, (const void *)src, len) ? -EFAULT : 0;
}

static long xenhv_real_read_guest_u32(struct xenhv_backend *be, unsigned long src)
{
	u32 val;

	if (xenhv_real_copy_from_guest(be, &val, src, sizeof(val)))
		return -EFAULT;
	return val;
}

/* copy_to_kernel_nofault() is not exported; this is its loop. */
static int xenhv_real_copy_to_guest(struct xenhv_backend *be, unsigned long dst,
				  const void *src, size_t len)
{
	const struct xenhv_user_call *uc = xenhv_user_call();
	void *d = (void *)dst;

	if (unlikely(uc))
		return xenhv_user_copy_to(uc, dst, src, len);
	if (!xenhv_kernel_range_ok(dst, len))
		return -EFAULT;

	pagefault_disable();
	while (len >= sizeof(u64)) {
		__put_kernel_nofault(d, src, u64, fault);
		d += sizeof(u64);
		src += sizeof(u64);
		len -= sizeof(u64);
	}
	while (len) {
		__put_kernel_nofault(d, src, u8, fault);
		d++;
		src++;
		len--;
	}
	pagefault_enable();
	return 0;
fault:
	pagefault_enable();
	return -EFAULT;
}

/*
 * xenhv's own frames: the module image (its Xen-ABI hypercall page among
 * them), the hypercall parameter pages, the SynIC pages and the reference
 * TSC page when xenhv enabled it. A guest never
 * gets one accepted as a page the hypervisor writes.
 */
static DEFINE_XARRAY(xenhv_own_pfns);

static int xenhv_own_pfn_add(unsigned long pfn)
{
	return xa_err(xa_store(&xenhv_own_pfns, pfn, xa_mk_value(0), GFP_KERNEL));
}

/**
 * xenhv_backend_hide_page - refuse a page of xenhv's to every guest
 * @addr: a direct-map page xenhv allocated
 *
 * Until xenhv_backend_unhide_page(), map_gfn refuses the frame.
 *
 * Return: 0 or -ENOMEM.
 */
int xenhv_backend_hide_page(void *addr)
{
	return xenhv_own_pfn_add(PHYS_PFN(virt_to_phys(addr)));
}

void xenhv_backend_unhide_page(void *addr)
{
	if (addr)
		xa_erase(&xenhv_own_pfns, PHYS_PFN(virt_to_phys(addr)));
}

static int xenhv_module_pfns_add(const char *base, unsigned int size)
{
	unsigned int off;
	int rc;

	for (off = 0; base && off < size; off += PAGE_SIZE) {
		rc = xenhv_own_pfn_add(vmalloc_to_pfn(base + off));
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Kernels from 6.4 describe module memory per type (mod->mem[]), earlier
 * ones by layout; for_each_mod_mem_type() (which declares its own loop
 * variable) came with mod->mem[].
 */
static int xenhv_module_pfns_init(void)
{
#ifdef for_each_mod_mem_type
	int rc;

	for_each_mod_mem_type(t) {
		if (t == MOD_INIT_TEXT || t == MOD_INIT_DATA || t == MOD_INIT_RODATA)
			continue;
		rc = xenhv_module_pfns_add(THIS_MODULE->mem[t].base, THIS_MODULE->mem[t].size);
		if (rc)
			return rc;
	}
	return 0;
#else
	return xenhv_module_pfns_add(THIS_MODULE->core_layout.base,
				     THIS_MODULE->core_layout.size);
#endif
}

/*
 * A frame the guest may give the hypervisor for shared_info or vcpu_info:
 * ordinary RAM in the direct map, not reserved (kernel image, firmware)
 * and not one of xenhv's own pages, which must never be guest-writable
 * through a Xen interface.
 */
static void *xenhv_real_map_gfn(struct xenhv_backend *be, u64 gfn)
{
	struct page *page;

	if (gfn > ULONG_MAX >> PAGE_SHIFT || !pfn_valid(gfn))
		return NULL;
	page = pfn_to_page(gfn);
	/*
	 * Slab pages hold kernel objects (xenhv's hidden shared_info among
	 * them): never memory a guest hands to the hypervisor.
	 */
	if (PageReserved(page) || PageHighMem(page) || PageSlab(page))
		return NULL;
	if (xa_load(&xenhv_own_pfns, gfn))
		return NULL;
	/* A free page (refcount 0) belongs to nobody: refuse it. */
	if (!get_page_unless_zero(page))
		return NULL;
	return pfn_to_kaddr(gfn);
}

static void xenhv_real_unmap_gfn(struct xenhv_backend *be, void *addr)
{
	put_page(virt_to_page(addr));
}

/*
 * Per vCPU: 0, or XENHV_KICK_DEFER while a caller on it will run the
 * upcall itself before it returns, XENHV_KICK_DUE once a kick came in
 * that time (from the call, or from an interrupt during it).
 */
#define XENHV_KICK_DEFER	1
#define XENHV_KICK_DUE		2
static DEFINE_PER_CPU(u8, xenhv_kick_state);

/*
 * The current vCPU: a local-APIC self-IPI on its own vector. That is not
 * a Hyper-V call, but without AVIC it is a VM exit, and so is its EOI;
 * the upcall runs as soon as this vCPU takes interrupts, like Xen's
 * injection on return to the guest. Inside a deferring call no IPI: the
 * call runs the upcall on its way out.
 */
static void xenhv_real_kick_self(struct xenhv_backend *be)
{
	u8 vector;

	if (this_cpu_cmpxchg(xenhv_kick_state, XENHV_KICK_DEFER, XENHV_KICK_DUE))
		return;
	vector = xenhv_backend_upcall_vector(smp_processor_id());
	if (vector)
		apic->send_IPI_self(vector);
}

/**
 * xenhv_kick_defer_begin - defer this vCPU's self-kicks to the end of a call
 *
 * For a short call from process context (an event-channel send or
 * unmask from the evtchn device) that may raise an event for the vCPU it
 * runs on. Preemption stays off until xenhv_kick_defer_end(), so the
 * upcall runs on the vCPU whose vcpu_info it reads.
 */
void xenhv_kick_defer_begin(void)
{
	lockdep_assert_preemption_disabled();
	this_cpu_write(xenhv_kick_state, XENHV_KICK_DEFER);
}

/* Whether a kick came while deferred: the caller then runs the upcall. */
bool xenhv_kick_defer_end(void)
{
	lockdep_assert_preemption_disabled();
	return this_cpu_xchg(xenhv_kick_state, 0) == XENHV_KICK_DUE;
}

/* Xen system time: Hyper-V's partition reference time is in 100 ns units. */
static u64 xenhv_real_system_time_ns(struct xenhv_backend *be)
{
	u64 ref = 0;

	rdmsrl_safe(HV_X64_MSR_TIME_REF_COUNT, &ref);
	return ref * 100;
}

static DECLARE_WAIT_QUEUE_HEAD(xenhv_block_wq);

/*
 * Block like a Xen vCPU in SCHEDOP_poll/block. A caller that may sleep
 * sleeps (woken by every raised event, re-checking @done); one that may
 * not (e.g. Linux's PV spinlock slow path, IRQs off) spins, telling
 * Hyper-V it is spinning now and then so the VP can be rescheduled.
 */
static void xenhv_real_block(struct xenhv_backend *be, bool (*done)(void *arg), void *arg,
			   u64 deadline_ns)
{
	unsigned int spins = 0;
	u64 now;

	while (!done(arg)) {
		now = xenhv_real_system_time_ns(be);
		if (now >= deadline_ns)
			return;
		if (preemptible()) {
			u64 left = deadline_ns - now;
			long timeout = deadline_ns == U64_MAX ? MAX_SCHEDULE_TIMEOUT :
				       (long)nsecs_to_jiffies(min_t(u64, left, NSEC_PER_SEC)) + 1;

			wait_event_timeout(xenhv_block_wq, done(arg), timeout);
		} else {
			cpu_relax();
			if (!(++spins % 4096))
				xenhv_real_hypercall_fast(be, HVCALL_NOTIFY_LONG_SPIN_WAIT, spins, 0);
		}
	}
}

static void xenhv_real_wake_blocked(struct xenhv_backend *be)
{
	if (wq_has_sleeper(&xenhv_block_wq))
		wake_up_all(&xenhv_block_wq);
}

static u64 xenhv_real_read_tsc(struct xenhv_backend *be)
{
	return rdtsc_ordered();
}

/* The reference TSC page: the kernel's (hyperv_timer) or xenhv's own. */
static struct ms_hyperv_tsc_page *xenhv_tsc_pg;
static bool xenhv_own_tsc_pg;
static u64 xenhv_saved_tsc_msr;

static const struct ms_hyperv_tsc_page *xenhv_real_tsc_page(struct xenhv_backend *be)
{
	return xenhv_tsc_pg;
}

/* Hyper-V's TSC frequency MSR when offered (as ms_hyperv_init_platform() reads it). */
static u32 xenhv_hv_tsc_khz;

static u32 xenhv_real_tsc_khz(struct xenhv_backend *be)
{
	return xenhv_hv_tsc_khz ?: tsc_khz;
}

static u64 xenhv_real_wallclock_ns(struct xenhv_backend *be)
{
	return ktime_get_real_ns();
}

/* NO_HZ idle accounting where the kernel has it, else the tick's. */
static u64 xenhv_real_idle_ns(struct xenhv_backend *be, unsigned int vcpu)
{
	u64 us;

	if (vcpu >= nr_cpu_ids || !cpu_possible(vcpu))
		return 0;
	us = get_cpu_idle_time_us(vcpu, NULL);
	if (us != (u64)-1)
		return us * NSEC_PER_USEC;
	return kcpustat_cpu(vcpu).cpustat[CPUTIME_IDLE];
}

/*
 * HV_X64_MSR_ICR takes the ICR as one 64-bit value: the destination is
 * the ICR2 register's (APIC ID << 24) in xAPIC mode and the whole APIC
 * ID in x2APIC mode (arch/x86/hyperv/hv_apic.c hv_apic_icr_write()).
 */
static u32 xenhv_real_apic_dest(struct xenhv_backend *be, unsigned int vcpu)
{
	u64 apicbase = 0;
	u32 id;

	if (vcpu >= nr_cpu_ids || !cpu_online(vcpu))
		return U32_MAX;
	id = per_cpu(x86_cpu_to_apicid, vcpu);
	if (id == BAD_APICID)
		return U32_MAX;
	rdmsrl_safe(MSR_IA32_APICBASE, &apicbase);
	return (apicbase & X2APIC_ENABLE) ? id : id << 24;
}

static xenhv_shutdown_fn xenhv_shutdown_handler;

/**
 * xenhv_set_shutdown_handler - choose how SCHEDOP_shutdown ends the domain
 * @fn: called with the SHUTDOWN_* reason after xenhv reported it to
 *	Hyper-V (crash MSRs for crash and watchdog); NULL restores the
 *	default: power off, restart, or halt after a crash
 *
 * Boot mode and tests use it; a module-mode caller that asks to shut its
 * domain down gets the whole partition shut down by default.
 */
void xenhv_set_shutdown_handler(xenhv_shutdown_fn fn)
{
	WRITE_ONCE(xenhv_shutdown_handler, fn);
}
EXPORT_SYMBOL_GPL(xenhv_set_shutdown_handler);

/*
 * The partition is the domain. libxl's defaults: poweroff and crash
 * destroy the domain (here: power off after the crash report), reboot
 * and soft_reset restart it, watchdog restarts. Shutdown can be asked
 * for in atomic context (a watchdog expires in xenhv's interrupt), so
 * the kernel's power-off or restart runs from a work item.
 */
static unsigned int xenhv_shutdown_reason;

static void xenhv_shutdown_work_fn(struct work_struct *work)
{
	switch (READ_ONCE(xenhv_shutdown_reason)) {
	case SHUTDOWN_reboot:
	case SHUTDOWN_soft_reset:
	case SHUTDOWN_watchdog:
		kernel_restart(NULL);
		break;
	default:
		kernel_power_off();
		break;
	}
}

static DECLARE_WORK(xenhv_shutdown_work, xenhv_shutdown_work_fn);

static void xenhv_real_shutdown(struct xenhv_backend *be, unsigned int reason)
{
	xenhv_shutdown_fn fn = READ_ONCE(xenhv_shutdown_handler);

	pr_emerg("domain shutdown requested (SCHEDOP_shutdown reason %u)\n", reason);
	if (fn) {
		fn(reason);
		return;
	}
	WRITE_ONCE(xenhv_shutdown_reason, reason);
	schedule_work(&xenhv_shutdown_work);
}

/* INVLPG per page, or a full flush; no hypercall (the caller's own VP). */
static void xenhv_real_flush_local(struct xenhv_backend *be, const u64 *vas, unsigned int nr,
				 bool full)
{
	unsigned int i;

	if (full) {
		__flush_tlb_all();
		return;
	}
	for (i = 0; i < nr; i++)
		asm volatile("invlpg (%0)" : : "r" ((unsigned long)vas[i]) : "memory");
}

struct xenhv_ram_walk {
	u64 pages;
	u64 end_pfn;
};

static int xenhv_ram_range(struct resource *res, void *arg)
{
	struct xenhv_ram_walk *w = arg;
	u64 first = PFN_UP(res->start), end = PFN_DOWN(res->end + 1);

	if (end > first) {
		w->pages += end - first;
		w->end_pfn = max(w->end_pfn, end);
	}
	return 0;
}

/* The partition's RAM, as the kernel's "System RAM" resources list it. */
static void xenhv_real_memory_stats(struct xenhv_backend *be, u64 *ram_pages, u64 *max_pfn)
{
	struct xenhv_ram_walk w = {};

	walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
			    0, U64_MAX, &w, xenhv_ram_range);
	*ram_pages = w.pages;
	*max_pfn = w.end_pfn;
}

/*
 * Frames for the domain: zeroed kernel pages, split so each can be freed
 * alone. Sleeps only when the caller can; address_bits below 4 GiB asks
 * the DMA32 zone.
 */
static u64 xenhv_real_alloc_frames(struct xenhv_backend *be, unsigned int order, u64 below_pfn)
{
	gfp_t gfp = (preemptible() ? GFP_KERNEL : GFP_ATOMIC) | __GFP_ZERO | __GFP_NOWARN;
	struct page *page;
	u64 pfn;

	if (below_pfn <= PFN_DOWN(SZ_4G))
		gfp |= GFP_DMA32;
	page = alloc_pages(gfp, order);
	if (!page)
		return XENHV_NO_FRAME;
	pfn = page_to_pfn(page);
	if (pfn + (1UL << order) > below_pfn) {
		__free_pages(page, order);
		return XENHV_NO_FRAME;
	}
	if (order)
		split_page(page, order);
	return pfn;
}

static void xenhv_real_free_frame(struct xenhv_backend *be, u64 gfn)
{
	__free_page(pfn_to_page(gfn));
}

static bool xenhv_real_ram_frame(struct xenhv_backend *be, u64 gfn)
{
	/* Called with domain locks held: not page_is_ram() (shim/ram.c). */
	return gfn <= ULONG_MAX >> PAGE_SHIFT && pfn_valid(gfn) && xenhv_ram_pfn(gfn);
}

/* Every kernel page table shares this upper half (the kernel's mappings). */
static const u64 *xenhv_real_kernel_root(struct xenhv_backend *be)
{
	return __va(__native_read_cr3() & CR3_ADDR_MASK);
}

/*
 * Load a PV root with PCID 0, which the kernel never uses when PCIDs are
 * on: the CR3 write (no NOFLUSH bit) drops whatever PCID 0 held, so
 * translations from an earlier visit never survive into the next one.
 */
static u64 xenhv_real_switch_root(struct xenhv_backend *be, u64 cr3)
{
	u64 old = __native_read_cr3();

	native_write_cr3(cr3);
	return old;
}

static bool xenhv_real_preempt_check(struct xenhv_backend *be)
{
	return need_resched();
}

struct xenhv_ram_list {
	u64 *start, *end;
	unsigned int n, max;
};

static int xenhv_ram_list_add(struct resource *res, void *arg)
{
	struct xenhv_ram_list *l = arg;
	u64 first = PFN_UP(res->start), end = PFN_DOWN(res->end + 1);

	if (end <= first)
		return 0;
	if (l->n == l->max)
		return 1;	/* stop: the list is full */
	l->start[l->n] = first;
	l->end[l->n++] = end;
	return 0;
}

static unsigned int xenhv_real_ram_ranges(struct xenhv_backend *be, u64 *start_pfn,
					u64 *end_pfn, unsigned int max)
{
	struct xenhv_ram_list l = { .start = start_pfn, .end = end_pfn, .max = max };

	walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
			    0, U64_MAX, &l, xenhv_ram_list_add);
	return l.n;
}

static void *xenhv_real_frame_va(struct xenhv_backend *be, u64 gfn)
{
	return pfn_to_kaddr(gfn);
}

static void xenhv_real_cache_clean(struct xenhv_backend *be, void *va, size_t len)
{
	clflush_cache_range(va, len);
}

static const struct xenhv_backend_ops xenhv_real_ops = {
	.hypercall = xenhv_real_hypercall,
	.hypercall_fast = xenhv_real_hypercall_fast,
	.read_msr = xenhv_real_read_msr,
	.write_msr = xenhv_real_write_msr,
	.this_vcpu = xenhv_real_this_vcpu,
	.copy_from_guest = xenhv_real_copy_from_guest,
	.read_guest_u32 = xenhv_real_read_guest_u32,
	.copy_to_guest = xenhv_real_copy_to_guest,
	.map_gfn = xenhv_real_map_gfn,
	.unmap_gfn = xenhv_real_unmap_gfn,
	.kick_self = xenhv_real_kick_self,
	.system_time_ns = xenhv_real_system_time_ns,
	.block = xenhv_real_block,
	.wake_blocked = xenhv_real_wake_blocked,
	.read_tsc = xenhv_real_read_tsc,
	.tsc_page = xenhv_real_tsc_page,
	.tsc_khz = xenhv_real_tsc_khz,
	.wallclock_ns = xenhv_real_wallclock_ns,
	.idle_ns = xenhv_real_idle_ns,
	.apic_dest = xenhv_real_apic_dest,
	.shutdown = xenhv_real_shutdown,
	.flush_local = xenhv_real_flush_local,
	.memory_stats = xenhv_real_memory_stats,
	.alloc_frames = xenhv_real_alloc_frames,
	.free_frame = xenhv_real_free_frame,
	.ram_frame = xenhv_real_ram_frame,
	.kernel_root = xenhv_real_kernel_root,
	.switch_root = xenhv_real_switch_root,
	.preempt_check = xenhv_real_preempt_check,
	.ram_ranges = xenhv_real_ram_ranges,
	.cache_clean = xenhv_real_cache_clean,
	.frame_va = xenhv_real_frame_va,
};

/*
 * The reference TSC page (TLFS 12.7): use the one already enabled (the
 * kernel's hyperv_timer clocksource) or enable xenhv's own, given back at
 * unload. Without one, time comes from the reference counter MSR.
 */
static void xenhv_tsc_page_setup(u32 features_eax)
{
	union hv_reference_tsc_msr msr;

	if (!(features_eax & HV_MSR_REFERENCE_TSC_AVAILABLE) ||
	    rdmsrl_safe(HV_X64_MSR_REFERENCE_TSC, &msr.as_uint64))
		return;
	if (msr.enable) {
		if (pfn_valid(msr.pfn))
			xenhv_tsc_pg = pfn_to_kaddr(msr.pfn);
		return;
	}
	xenhv_tsc_pg = (void *)get_zeroed_page(GFP_KERNEL);
	if (xenhv_tsc_pg && xenhv_backend_hide_page(xenhv_tsc_pg)) {
		free_page((unsigned long)xenhv_tsc_pg);
		xenhv_tsc_pg = NULL;
	}
	if (!xenhv_tsc_pg)
		return;
	xenhv_saved_tsc_msr = msr.as_uint64;
	msr.pfn = virt_to_phys(xenhv_tsc_pg) >> HV_HYP_PAGE_SHIFT;
	msr.enable = 1;
	wrmsrl(HV_X64_MSR_REFERENCE_TSC, msr.as_uint64);
	xenhv_own_tsc_pg = true;
}

static void xenhv_tsc_page_teardown(void)
{
	if (xenhv_own_tsc_pg) {
		wrmsrl(HV_X64_MSR_REFERENCE_TSC, xenhv_saved_tsc_msr);
		free_page((unsigned long)xenhv_tsc_pg);
	}
	xenhv_own_tsc_pg = false;
	xenhv_tsc_pg = NULL;
}

struct xenhv_backend xenhv_real_backend = {
	.ops = &xenhv_real_ops,
	.event_lock = __SPIN_LOCK_UNLOCKED(xenhv_real_backend.event_lock),
};

/*
 * Each CPU's VP index and upcall vector (xenhv_real_backend.vps): U32_MAX
 * and 0 until its SynIC is up; the vector is 0 again once it goes down.
 */
static struct xenhv_vp *xenhv_be_vps;

void xenhv_backend_set_vp_index(unsigned int cpu, u32 vp_index)
{
	WRITE_ONCE(xenhv_be_vps[cpu].index, vp_index);
}

void xenhv_backend_set_upcall_vector(unsigned int cpu, u8 vector)
{
	WRITE_ONCE(xenhv_be_vps[cpu].upcall_vector, vector);
}

/* Where xenhv's IPIs to @cpu go: 0 if nowhere (the one copy kicks read too). */
u8 xenhv_backend_upcall_vector(unsigned int cpu)
{
	return READ_ONCE(xenhv_be_vps[cpu].upcall_vector);
}

u64 xenhv_backend_calls(unsigned int slot, u64 *failures)
{
	u64 calls = 0, fails = 0;
	unsigned int cpu;

	if (!xenhv_be_pcpu)
		return 0;
	if (slot > XENHV_HV_STAT_CODES)
		slot = XENHV_HV_STAT_CODES;
	for_each_possible_cpu(cpu) {
		const struct xenhv_backend_pcpu *pc = per_cpu_ptr(xenhv_be_pcpu, cpu);

		calls += READ_ONCE(pc->calls[slot]);
		fails += READ_ONCE(pc->failures[slot]);
	}
	if (failures)
		*failures = fails;
	return calls;
}

u64 xenhv_hv_call_count(u16 code, u64 *failures)
{
	return xenhv_backend_calls(code, failures);
}
EXPORT_SYMBOL_GPL(xenhv_hv_call_count);

void xenhv_backend_exit(void)
{
	unsigned int cpu;

	xenhv_ram_exit();
	xa_destroy(&xenhv_own_pfns);
	xenhv_real_backend.vps = NULL;
	kfree(xenhv_be_vps);
	xenhv_be_vps = NULL;
	if (!xenhv_be_pcpu)
		return;
	for_each_possible_cpu(cpu) {
		struct xenhv_backend_pcpu *pc = per_cpu_ptr(xenhv_be_pcpu, cpu);

		free_page((unsigned long)pc->in_page);
		free_page((unsigned long)pc->out_page);
	}
	free_percpu(xenhv_be_pcpu);
	xenhv_be_pcpu = NULL;
	xenhv_hc_page = NULL;
	xenhv_tsc_page_teardown();
}

int xenhv_backend_init(void *hypercall_page, u32 features_eax, u32 features_edx,
		       unsigned int sint, unsigned int stimer)
{
	unsigned int cpu;
	int rc;

	rc = xenhv_ram_init();
	if (rc)
		return rc;
	xenhv_be_vps = kmalloc_array(nr_cpu_ids, sizeof(*xenhv_be_vps), GFP_KERNEL);
	if (!xenhv_be_vps) {
		xenhv_ram_exit();
		return -ENOMEM;
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		xenhv_be_vps[cpu] = (struct xenhv_vp){ .index = U32_MAX };
	xenhv_real_backend.vps = xenhv_be_vps;
	xenhv_be_pcpu = alloc_percpu(struct xenhv_backend_pcpu);
	if (!xenhv_be_pcpu) {
		xenhv_backend_exit();
		return -ENOMEM;
	}
	for_each_possible_cpu(cpu) {
		struct xenhv_backend_pcpu *pc = per_cpu_ptr(xenhv_be_pcpu, cpu);

		pc->in_page = (void *)get_zeroed_page(GFP_KERNEL);
		pc->out_page = (void *)get_zeroed_page(GFP_KERNEL);
		if (!pc->in_page || !pc->out_page ||
		    xenhv_backend_hide_page(pc->in_page) ||
		    xenhv_backend_hide_page(pc->out_page)) {
			xenhv_backend_exit();
			return -ENOMEM;
		}
	}
	xenhv_hc_page = hypercall_page;
	rc = xenhv_module_pfns_init();
	if (rc) {
		xenhv_backend_exit();
		return rc;
	}
	xenhv_real_backend.nr_vcpus = nr_cpu_ids;
	xenhv_real_backend.sint = sint;
	xenhv_real_backend.stimer = stimer;
	xenhv_real_backend.crash_msrs = features_edx & HV_FEATURE_GUEST_CRASH_MSR_AVAILABLE;
	xenhv_real_backend.synthetic_icr = features_eax & HV_MSR_APIC_ACCESS_AVAILABLE;
	xenhv_real_backend.ext_hypercalls = cpuid_ebx(HYPERV_CPUID_FEATURES) &
					    HV_ENABLE_EXTENDED_HYPERCALLS;
	/* A PV root is a 4-level table, and PTI's CR3 juggling must not see it. */
	xenhv_real_backend.can_switch_root = !pgtable_l5_enabled() &&
					     !boot_cpu_has(X86_FEATURE_PTI);
	xenhv_tsc_page_setup(features_eax);
	if ((features_eax & HV_ACCESS_FREQUENCY_MSRS) &&
	    (features_edx & HV_FEATURE_FREQUENCY_MSRS_AVAILABLE)) {
		u64 hz;

		if (!rdmsrl_safe(HV_X64_MSR_TSC_FREQUENCY, &hz))
			xenhv_hv_tsc_khz = div_u64(hz, 1000);
	}
	return 0;
}
