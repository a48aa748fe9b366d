// SPDX-License-Identifier: GPL-2.0
/*
 * xenhv_bench: a benchmark, not a test. On the (nested) Hyper-V guest it
 * times Xen operations through xenhv beside the same job done natively
 * on Hyper-V, in the same run, and counts the Hyper-V calls each Xen
 * operation made. Lines start "BENCH:" for tests/scripts/bench.sh; the
 * native TLB-flush baseline comes from tests/hv/xenhv_flushbench.c.
 */
#define pr_fmt(fmt) "xenhv-bench: " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/smp.h>
#include <linux/sort.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/sched.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <asm/msr.h>
#include <asm/io.h>
#include <asm/pvclock-abi.h>
#include <asm/pvclock.h>
#include "../../shim/xenhv.h"
#include "../../xen_abi/xenhv_xen.h"
#include "../../hv_abi/xenhv_tlfs.h"
#include <xen/interface/event_channel.h>
#include <xen/interface/memory.h>
#if IS_ENABLED(CONFIG_HYPERV_TIMER)
#include <clocksource/hyperv_timer.h>
#endif

#if IS_ENABLED(CONFIG_HYPERV_TIMER)
/*
 * The kernel's TSC-page clocksource read. Its helper changed shape (6.3):
 * hv_read_tsc_page() went, and hv_read_tsc_page_tsc() returns whether the
 * page was valid and the time through a pointer. Kbuild probes the header.
 */
static u64 xb_read_tsc_page(void)
{
#ifdef XENHV_HV_TSC_READ_BOOL
	u64 tsc, time;

	return hv_read_tsc_page_tsc(hv_get_tsc_page(), &tsc, &time) ? time : U64_MAX;
#else
	return hv_read_tsc_page(hv_get_tsc_page());
#endif
}
#endif

#define XB_ROUNDS	201	/* odd: the median is a sample */
#define XB_READS	100	/* clock reads per sample */
#define XB_PAGES	16	/* pages per TLB flush */
#define XB_VA		0x5000UL
#define XB_PTE(f)	(((u64)(f) << PAGE_SHIFT) | 3)

static u64 xb_samples[XB_ROUNDS];
static struct shared_info *xb_shinfo;
static u32 xb_port;			/* an IPI port notifying vCPU 1 */
static unsigned long xb_seq, xb_ack;

static int xb_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 xb_median(void)
{
	sort(xb_samples, XB_ROUNDS, sizeof(u64), xb_cmp, NULL);
	return xb_samples[XB_ROUNDS / 2];
}

static long xb_evop(int cmd, void *arg)
{
	return xenhv_hypercall(__HYPERVISOR_event_channel_op, cmd, (unsigned long)arg, 0, 0, 0);
}

/* The guest's upcall, as Linux's: take the flag and the selector, then the port. */
static void xb_upcall(void)
{
	struct vcpu_info *vi = &xb_shinfo->vcpu_info[smp_processor_id()];

	WRITE_ONCE(vi->evtchn_upcall_pending, 0);
	xchg(&vi->evtchn_pending_sel, 0);
	if (test_and_clear_bit(xb_port, (unsigned long *)xb_shinfo->evtchn_pending))
		WRITE_ONCE(xb_ack, READ_ONCE(xb_seq));
}

static void xb_nop(void *unused)
{
}

static void xb_report(const char *op, u64 xen, u64 native, u64 calls_x100, const char *calls)
{
	if (native)
		pr_info("BENCH: %s | xen %llu cycles | native %llu cycles | ratio %llu.%02llu | %llu.%02llu %s per op\n",
			op, xen, native, xen / native, xen * 100 / native % 100,
			calls_x100 / 100, calls_x100 % 100, calls);
	else
		pr_info("BENCH: %s | xen %llu cycles | native n/a | ratio n/a | %llu.%02llu %s per op\n",
			op, xen, calls_x100 / 100, calls_x100 % 100, calls);
}

static u64 xb_native[XB_ROUNDS];

static u64 xb_median_of(u64 *v)
{
	sort(v, XB_ROUNDS, sizeof(u64), xb_cmp, NULL);
	return v[XB_ROUNDS / 2];
}

/*
 * vCPU 0 notifies vCPU 1 and waits until vCPU 1's upcall ran: the job of
 * smp_call_function_single(wait). The two alternate round by round, so
 * drift in the emulation's speed hits both alike.
 */
static int xb_event_round_trip(void)
{
	struct evtchn_send s;
	u64 c0, c1, t;
	unsigned int i;

	s.port = xb_port;
	c0 = xenhv_hv_call_count(HVCALL_SEND_IPI, NULL);
	for (i = 0; i < XB_ROUNDS; i++) {
		unsigned long end = jiffies + HZ;

		WRITE_ONCE(xb_seq, i + 1);
		t = rdtsc_ordered();
		if (xb_evop(EVTCHNOP_send, &s))
			return -EIO;
		while (READ_ONCE(xb_ack) != i + 1) {
			if (time_after(jiffies, end))
				return -ETIMEDOUT;
			cpu_relax();
		}
		xb_samples[i] = rdtsc_ordered() - t;
		t = rdtsc_ordered();
		smp_call_function_single(1, xb_nop, NULL, 1);
		xb_native[i] = rdtsc_ordered() - t;
	}
	c1 = xenhv_hv_call_count(HVCALL_SEND_IPI, NULL);
	/* smp_call_function_single() sent IPIs of its own: count ours only. */
	xb_report("cross-vCPU event notify + upcall vs smp_call_function_single",
		  xb_median(), xb_median_of(xb_native), (c1 - c0) * 100 / XB_ROUNDS,
		  "HvCallSendSyntheticClusterIpi");
	return 0;
}

/* Linux's own pvclock read (asm/pvclock.h) of the vcpu_info time xenhv keeps. */
static u64 xb_pvclock(const struct pvclock_vcpu_time_info *t)
{
	unsigned int version;
	u64 ns;

	do {
		version = pvclock_read_begin(t);
		ns = __pvclock_read_cycles(t, rdtsc_ordered());
	} while (pvclock_read_retry(t, version));
	return ns;
}

static void xb_clock_reads(void)
{
	const struct pvclock_vcpu_time_info *pt = &xb_shinfo->vcpu_info[0].time;
	u64 native = 0, sink = 0, t;
	unsigned int i, j;

	for (i = 0; i < XB_ROUNDS; i++) {
		t = rdtsc_ordered();
		for (j = 0; j < XB_READS; j++)
			sink += xb_pvclock(pt);
		xb_samples[i] = (rdtsc_ordered() - t) / XB_READS;
#if IS_ENABLED(CONFIG_HYPERV_TIMER)
		if (hv_get_tsc_page()) {
			t = rdtsc_ordered();
			for (j = 0; j < XB_READS; j++)
				sink += xb_read_tsc_page();
			xb_native[i] = (rdtsc_ordered() - t) / XB_READS;
			native = 1;
		}
#endif
	}
	if (native)
		native = xb_median_of(xb_native);
	xb_report("pvclock read vs Hyper-V TSC-page read", xb_median(), native, 0,
		  "Hyper-V calls");
	pr_debug("clock sink %llu\n", sink);
}

/* ---- N remote INVLPGs through mmuext_op while vCPU 1 runs on the domain's tables ---- */

struct xb_mop {
	u32 cmd, pad;
	u64 arg1, arg2;
};

static atomic_t xb_phase;

static long xb_mmuext(struct xb_mop *ops, unsigned int n)
{
	return xenhv_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)ops, n, 0, DOMID_SELF, 0);
}

static int xb_inside(void *root)
{
	struct xb_mop op = { .cmd = MMUEXT_NEW_BASEPTR, .arg1 = *(u64 *)root };
	unsigned long flags, end = jiffies + 60 * HZ;
	u64 saved;

	if (!xb_mmuext(&op, 1)) {
		local_irq_save(flags);
		if (!xenhv_pv_switch_in(&saved)) {
			atomic_set(&xb_phase, 1);
			while (atomic_read(&xb_phase) == 1 && time_before(jiffies, end))
				cpu_relax();
			xenhv_pv_switch_out(saved);
		}
		local_irq_restore(flags);
	}
	atomic_set(&xb_phase, 3);
	return 0;
}

static void xb_flushes(void)
{
	struct xen_memory_reservation r = { .nr_extents = 4, .domid = DOMID_SELF };
	struct xb_mop *ops;
	struct task_struct *th;
	struct xenhv_info info;
	u64 f[4], mask = BIT(1), c0, c1, t;
	unsigned int i;
	int j;

	xenhv_get_info(&info);
	if (!info.can_switch_root) {
		pr_info("BENCH: %u remote INVLPGs | skipped: kernel paging allows no PV root\n",
			XB_PAGES);
		return;
	}
	ops = kcalloc(XB_PAGES, sizeof(*ops), GFP_KERNEL);
	set_xen_guest_handle(r.extent_start, (xen_pfn_t *)f);
	if (!ops || xenhv_hypercall(__HYPERVISOR_memory_op, XENMEM_increase_reservation,
				    (unsigned long)&r, 0, 0, 0) != 4)
		goto out;
	for (j = 0; j < 3; j++)
		((u64 *)pfn_to_kaddr(f[j]))[0] = XB_PTE(f[j + 1]);
	ops[0] = (struct xb_mop){ .cmd = MMUEXT_PIN_L4_TABLE, .arg1 = f[0] };
	if (xb_mmuext(ops, 1))
		goto out;
	atomic_set(&xb_phase, 0);
	th = kthread_create_on_cpu(xb_inside, &f[0], 1, "xenhv-bench/%u");
	if (IS_ERR(th))
		goto out;
	wake_up_process(th);
	while (atomic_read(&xb_phase) == 0)
		cpu_relax();
	if (atomic_read(&xb_phase) != 1)
		goto out;
	for (i = 0; i < XB_PAGES; i++)
		ops[i] = (struct xb_mop){ .cmd = MMUEXT_INVLPG_MULTI, .arg1 = XB_VA + i * PAGE_SIZE,
					  .arg2 = (unsigned long)&mask };
	c0 = xenhv_hv_call_count(HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST, NULL);
	for (i = 0; i < XB_ROUNDS; i++) {
		t = rdtsc_ordered();
		xb_mmuext(ops, XB_PAGES);
		xb_samples[i] = rdtsc_ordered() - t;
	}
	c1 = xenhv_hv_call_count(HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST, NULL);
	atomic_set(&xb_phase, 2);
	while (atomic_read(&xb_phase) != 3)
		cpu_relax();
	pr_info("BENCH: %u remote INVLPGs (mmuext_op INVLPG_MULTI) | xen %llu cycles | %llu.%02llu HvCallFlushVirtualAddressList per op\n",
		XB_PAGES, xb_median(), (c1 - c0) * 100 / XB_ROUNDS / 100,
		(c1 - c0) * 100 / XB_ROUNDS % 100);
out:
	/* The tables stay the domain's until xenhv unloads. */
	kfree(ops);
}

static int __init xb_init(void)
{
	struct xen_add_to_physmap x = { .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info };
	struct evtchn_bind_ipi bi = { .vcpu = 1 };
	int rc;

	if (num_online_cpus() < 2)
		return -ENODEV;
	xb_shinfo = (void *)get_zeroed_page(GFP_KERNEL);
	if (!xb_shinfo)
		return -ENOMEM;
	x.gpfn = PHYS_PFN(virt_to_phys(xb_shinfo));
	rc = xenhv_hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, (unsigned long)&x,
			     0, 0, 0);
	memset(xb_shinfo->evtchn_pending, 0, sizeof(xb_shinfo->evtchn_pending));
	memset(xb_shinfo->evtchn_mask, 0, sizeof(xb_shinfo->evtchn_mask));
	if (rc || xenhv_register_upcall(xb_upcall))
		goto fail;
	if (xb_evop(EVTCHNOP_bind_ipi, &bi))
		goto fail_upcall;
	xb_port = bi.port;
	/* Every measurement from vCPU 0. */
	set_cpus_allowed_ptr(current, cpumask_of(0));
	rc = xb_event_round_trip();
	if (rc)
		pr_info("BENCH: event round trip failed: %d\n", rc);
	xb_clock_reads();
	xb_flushes();
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	xenhv_unregister_upcall(xb_upcall);
	pr_info("BENCH: done\n");
	/* xenhv holds shared_info until it unloads; our reference goes now. */
	free_page((unsigned long)xb_shinfo);
	return 0;
fail_upcall:
	xenhv_unregister_upcall(xb_upcall);
fail:
	pr_info("BENCH: setup failed\n");
	free_page((unsigned long)xb_shinfo);
	return -EIO;
}

static void __exit xb_exit(void)
{
}

module_init(xb_init);
module_exit(xb_exit);
MODULE_DESCRIPTION("xenhv benchmark: Xen operations against native Hyper-V");
MODULE_LICENSE("GPL");
