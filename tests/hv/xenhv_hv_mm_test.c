// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit on a real Hyper-V ABI (the nested KVM stack): the PV MMU. An
 * address space built through the Xen hypercalls, run on, changed under
 * a vCPU running on it, and hostile page-table entries refused.
 */
#include <kunit/test.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/atomic.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/uaccess.h>
#include <linux/printk.h>
#include <linux/smp.h>
#include <asm/page.h>
#include "../../shim/xenhv.h"
#include "../../xen_abi/xenhv_xen.h"
#include "../../xen_abi/xenhv_errno.h"
#include "../../hv_abi/xenhv_tlfs.h"
#include "xenhv_hv_test.h"
#include <linux/wait.h>
#include <linux/delay.h>
#include <linux/sort.h>
#include <xen/interface/memory.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/io/ring.h>

#define XH_P		BIT_ULL(0)
#define XH_RW		BIT_ULL(1)
#define XH_PTE(f, fl)	(((u64)(f) << PAGE_SHIFT) | (fl))
/* L4, L3, L2 slot 0, L1 slot 5: a page of the domain's lower half. */
#define XH_VA		0x5000UL
#define XH_PATTERN_A	0xa1a1a1a1a1a1a1a1ULL
#define XH_PATTERN_B	0xb2b2b2b2b2b2b2b2ULL

struct xh_space {
	u64 l4, l3, l2, l1, a, b;
};

struct xh_mop {
	u32 cmd, pad;
	u64 arg1, arg2;
};

static long xh_mmuext(u32 cmd, u64 arg1, u64 arg2)
{
	struct xh_mop op = { .cmd = cmd, .arg1 = arg1, .arg2 = arg2 };

	return xenhv_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&op, 1, 0, DOMID_SELF, 0);
}

static long xh_mmu(u64 table, unsigned int idx, u64 val)
{
	u64 req[2] = { (table << PAGE_SHIFT) + idx * 8, val };

	return xenhv_hypercall(__HYPERVISOR_mmu_update, (unsigned long)req, 1, 0, DOMID_SELF, 0);
}

static long xh_uvm(unsigned long va, u64 val, unsigned long flags)
{
	return xenhv_hypercall(__HYPERVISOR_update_va_mapping, va, val, flags, 0, 0);
}

static long xh_reservation(unsigned int op, u64 *frames, unsigned long n, unsigned int order)
{
	struct xen_memory_reservation r = {
		.nr_extents = n, .extent_order = order, .domid = DOMID_SELF,
	};

	set_xen_guest_handle(r.extent_start, (xen_pfn_t *)frames);
	return xenhv_hypercall(__HYPERVISOR_memory_op, op, (unsigned long)&r, 0, 0, 0);
}

static u64 *xh_page(u64 frame)
{
	return pfn_to_kaddr(frame);
}

static void xh_pin_cpu(struct kunit *test, unsigned int cpu)
{
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(cpu)), 0);
	KUNIT_ASSERT_EQ(test, raw_smp_processor_id(), cpu);
}

/* Frames from increase_reservation, tables written while plain memory, root pinned. */
static void xh_build(struct kunit *test, struct xh_space *s)
{
	struct xenhv_info info;
	u64 f[6];
	int i;

	xenhv_get_info(&info);
	if (!info.can_switch_root)
		kunit_skip(test, "kernel paging does not allow a PV root (LA57 or PTI)");
	KUNIT_ASSERT_EQ(test, xh_reservation(XENMEM_increase_reservation, f, 6, 0), 6L);
	s->l4 = f[0];
	s->l3 = f[1];
	s->l2 = f[2];
	s->l1 = f[3];
	s->a = f[4];
	s->b = f[5];
	for (i = 0; i < 512; i++) {
		xh_page(s->a)[i] = XH_PATTERN_A;
		xh_page(s->b)[i] = XH_PATTERN_B;
	}
	xh_page(s->l4)[0] = XH_PTE(s->l3, XH_P | XH_RW);
	xh_page(s->l3)[0] = XH_PTE(s->l2, XH_P | XH_RW);
	xh_page(s->l2)[0] = XH_PTE(s->l1, XH_P | XH_RW);
	xh_page(s->l1)[XH_VA >> PAGE_SHIFT] = XH_PTE(s->a, XH_P | XH_RW);
	KUNIT_ASSERT_EQ(test, xh_mmuext(MMUEXT_PIN_L4_TABLE, s->l4, 0), 0L);
}

static void xh_park_ipi(void *root)
{
	if (xh_mmuext(MMUEXT_NEW_BASEPTR, *(u64 *)root, 0))
		*(u64 *)root = 0;
}

/*
 * Unpin and give everything back. A base pointer holds its root (and so
 * the whole tree), as in Xen: first every vCPU that used the space moves
 * to an empty root of its own.
 */
static void xh_teardown(struct kunit *test, struct xh_space *s, bool used_cpu1)
{
	u64 f[6] = { s->l4, s->l3, s->l2, s->l1, s->a, s->b }, park;

	KUNIT_ASSERT_EQ(test, xh_reservation(XENMEM_increase_reservation, &park, 1, 0), 1L);
	KUNIT_EXPECT_EQ(test, xh_mmuext(MMUEXT_NEW_BASEPTR, park, 0), 0L);
	if (used_cpu1) {
		u64 root = park;

		smp_call_function_single(1, xh_park_ipi, &root, 1);
		KUNIT_EXPECT_EQ(test, root, park);
	}
	KUNIT_EXPECT_EQ(test, xh_mmuext(MMUEXT_UNPIN_TABLE, s->l4, 0), 0L);
	KUNIT_EXPECT_EQ(test, xh_reservation(XENMEM_decrease_reservation, f, 6, 0), 6L);
}

/*
 * Read (and optionally write) XH_VA on the domain's tables. Fault-safe:
 * a missing mapping is -EFAULT here, never an oops.
 */
static int xh_access_on(int (*in)(u64 *saved), void (*out)(u64 saved), u64 *val,
			const u64 *store)
{
	unsigned long flags;
	u64 saved;
	int rc;

	local_irq_save(flags);
	rc = in(&saved);
	if (!rc) {
		pagefault_disable();
		if (__copy_from_user_inatomic(val, (const void __user *)XH_VA, sizeof(*val)))
			rc = -EFAULT;
		else if (store && __copy_to_user_inatomic((void __user *)XH_VA, store,
							  sizeof(*store)))
			rc = -EFAULT;
		pagefault_enable();
		out(saved);
	}
	local_irq_restore(flags);
	return rc;
}

static int xh_access(u64 *val, const u64 *store)
{
	return xh_access_on(xenhv_pv_switch_in, xenhv_pv_switch_out, val, store);
}

/* Build, run on it, remap, unmap: the data seen through the mapping follows. */
static void xenhv_hv_pv_address_space_runs(struct kunit *test)
{
	struct {
		unsigned long op, result, args[6];
	} mc[2] = {};
	struct xh_mop inv = { .cmd = MMUEXT_INVLPG_LOCAL, .arg1 = XH_VA };
	u64 req[2], val = 0, store = 0x1234;
	struct xh_space s;

	xh_pin_cpu(test, 0);
	xh_build(test, &s);
	KUNIT_ASSERT_EQ(test, xh_mmuext(MMUEXT_NEW_BASEPTR, s.l4, 0), 0L);
	KUNIT_ASSERT_EQ(test, xh_access(&val, &store), 0);
	KUNIT_EXPECT_EQ(test, val, XH_PATTERN_A);
	/* The write went to frame a: the mapping is the real one. */
	KUNIT_EXPECT_EQ(test, xh_page(s.a)[0], 0x1234ULL);
	/* Remap through update_va_mapping. */
	KUNIT_EXPECT_EQ(test, xh_uvm(XH_VA, XH_PTE(s.b, XH_P | XH_RW), UVMF_INVLPG | UVMF_LOCAL),
			0L);
	KUNIT_ASSERT_EQ(test, xh_access(&val, NULL), 0);
	KUNIT_EXPECT_EQ(test, val, XH_PATTERN_B);
	/* Unmap through mmu_update plus INVLPG_LOCAL, in one multicall. */
	req[0] = (s.l1 << PAGE_SHIFT) + (XH_VA >> PAGE_SHIFT) * 8;
	req[1] = 0;
	mc[0].op = __HYPERVISOR_mmu_update;
	mc[0].args[0] = (unsigned long)req;
	mc[0].args[1] = 1;
	mc[0].args[3] = DOMID_SELF;
	mc[1].op = __HYPERVISOR_mmuext_op;
	mc[1].args[0] = (unsigned long)&inv;
	mc[1].args[1] = 1;
	mc[1].args[3] = DOMID_SELF;
	KUNIT_EXPECT_EQ(test, xenhv_hypercall(__HYPERVISOR_multicall, (unsigned long)mc, 2, 0, 0,
					      0), 0L);
	KUNIT_EXPECT_EQ(test, mc[0].result, 0UL);
	KUNIT_EXPECT_EQ(test, mc[1].result, 0UL);
	KUNIT_EXPECT_EQ(test, xh_access(&val, NULL), -EFAULT);
	kunit_info(test, "ran on the domain's tables: read A, wrote a, remapped to B, unmapped (fault)\n");
	xh_teardown(test, &s, false);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/* ---- A vCPU running on the tables while another changes them ---- */

enum xh_mode { XH_UVM_INVLPG_ALL, XH_MULTICALL, XH_MANY_PAGES, XH_NO_FLUSH };

/*
 * vCPU 1 on a domain's tables (the guest's or the backend's) with a warm
 * TLB, waiting while vCPU 0 changes them, then looking once more.
 */
struct xh_remote {
	u64 root;
	long (*set_base)(u64 root);	/* NEW_BASEPTR as that domain */
	int (*in)(u64 *saved);
	void (*out)(u64 saved);
	atomic_t phase;		/* 1: on the tables and warm; 2: changed; 3: done */
	u64 before, after;
	int read_before, read_after;	/* 0, or the fault of that read */
	int err;
	struct completion done;
};

static bool xh_wait_phase(atomic_t *phase, int want)
{
	u64 last = ktime_get_mono_fast_ns(), now, ran = 0;

	/* No PAUSE: a pause exit would give the TLB a flush of its own. */
	while (atomic_read(phase) < want) {
		now = ktime_get_mono_fast_ns();
		/*
		 * Only time the guest ran counts: a jump of over 1 s between two
		 * reads is the nested stack frozen (testing.rst), not the other
		 * vCPU late. 10 s: a round of the KCSAN kernel on this stack.
		 */
		if (now - last < NSEC_PER_SEC)
			ran += now - last;
		last = now;
		if (ran > 10 * NSEC_PER_SEC)
			return false;
		barrier();
	}
	return true;
}

static long xh_guest_set_base(u64 root)
{
	return xh_mmuext(MMUEXT_NEW_BASEPTR, root, 0);
}

static int xh_remote_thread(void *arg)
{
	struct xh_remote *r = arg;
	unsigned long flags;
	u64 saved;
	int i;

	r->err = r->set_base(r->root);
	if (!r->err) {
		local_irq_save(flags);
		r->err = r->in(&saved);
		if (!r->err) {
			pagefault_disable();
			/* Warm the TLB with the current translation. */
			for (i = 0; i < 16; i++)
				r->read_before = __copy_from_user_inatomic(&r->before,
						(const void __user *)XH_VA, sizeof(r->before));
			atomic_set(&r->phase, 1);
			if (!xh_wait_phase(&r->phase, 2))
				r->err = -ETIMEDOUT;
			r->read_after = __copy_from_user_inatomic(&r->after,
						(const void __user *)XH_VA, sizeof(r->after));
			pagefault_enable();
			r->out(saved);
		}
		local_irq_restore(flags);
	}
	atomic_set(&r->phase, 3);
	complete(&r->done);
	return 0;
}

/* One round: vCPU 1 on the tables, vCPU 0 remaps XH_VA to @to. */
static int xh_round(struct kunit *test, struct xh_space *s, enum xh_mode mode, u64 to,
		    struct xh_remote *r, u64 *lists, u64 *spaces)
{
	struct task_struct *t;
	struct xh_mop ops[40];
	u64 req[2], l0, s0, lf, sf, i64f, s64f;
	unsigned int i;
	long rc = 0;
	struct {
		unsigned long op, result, args[6];
	} mc[2] = {};

	memset(r, 0, sizeof(*r));
	r->root = s->l4;
	r->set_base = xh_guest_set_base;
	r->in = xenhv_pv_switch_in;
	r->out = xenhv_pv_switch_out;
	init_completion(&r->done);
	t = kthread_create_on_cpu(xh_remote_thread, r, 1, "xenhv-pv/%u");
	if (IS_ERR(t))
		return PTR_ERR(t);
	wake_up_process(t);
	if (!xh_wait_phase(&r->phase, 1)) {
		wait_for_completion(&r->done);
		return -ETIMEDOUT;
	}
	l0 = xenhv_hv_call_count(HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST, &lf);
	s0 = xenhv_hv_call_count(HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE, &sf);
	switch (mode) {
	case XH_UVM_INVLPG_ALL:
		rc = xh_uvm(XH_VA, XH_PTE(to, XH_P | XH_RW), UVMF_INVLPG | UVMF_ALL);
		break;
	case XH_NO_FLUSH:
		rc = xh_uvm(XH_VA, XH_PTE(to, XH_P | XH_RW), UVMF_NONE);
		break;
	case XH_MULTICALL:
	case XH_MANY_PAGES:
		/* mmu_update of the L1 entry, then INVLPG_ALL of 1 or 40 pages. */
		req[0] = (s->l1 << PAGE_SHIFT) + (XH_VA >> PAGE_SHIFT) * 8;
		req[1] = XH_PTE(to, XH_P | XH_RW);
		for (i = 0; i < ARRAY_SIZE(ops); i++)
			ops[i] = (struct xh_mop){ .cmd = MMUEXT_INVLPG_ALL,
						  .arg1 = XH_VA + i * PAGE_SIZE };
		mc[0].op = __HYPERVISOR_mmu_update;
		mc[0].args[0] = (unsigned long)req;
		mc[0].args[1] = 1;
		mc[0].args[3] = DOMID_SELF;
		mc[1].op = __HYPERVISOR_mmuext_op;
		mc[1].args[0] = (unsigned long)ops;
		mc[1].args[1] = mode == XH_MULTICALL ? 1 : ARRAY_SIZE(ops);
		mc[1].args[3] = DOMID_SELF;
		rc = xenhv_hypercall(__HYPERVISOR_multicall, (unsigned long)mc, 2, 0, 0, 0);
		if (!rc)
			rc = mc[0].result ?: mc[1].result;
		break;
	}
	*lists = xenhv_hv_call_count(HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST, &i64f) - l0;
	*spaces = xenhv_hv_call_count(HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE, &s64f) - s0;
	/* Hyper-V accepted every flush. */
	KUNIT_EXPECT_EQ(test, i64f, lf);
	KUNIT_EXPECT_EQ(test, s64f, sf);
	/* Only now may vCPU 1 look again. */
	atomic_set(&r->phase, 2);
	wait_for_completion(&r->done);
	if (!rc && (r->read_before || r->read_after))
		rc = -EFAULT;
	return rc ?: r->err;
}

/*
 * vCPU 1 runs on the tables with a warm TLB while vCPU 0 remaps the page:
 * after the hypercall returns vCPU 1 must read the new page, and the
 * flush must have cost one Hyper-V call. The control round (no flush
 * asked) shows whether this stack keeps stale entries at all: with L1 on
 * one CPU, every switch between L2 vCPUs is a VMRUN, which empties TCG's
 * TLB, so it never does here; the flush calls are what is proven here,
 * the staleness check is for a Hyper-V with real TLBs.
 */
static void xenhv_hv_pv_remote_never_stale(struct kunit *test)
{
	static const char * const names[] = {
		"update_va_mapping(INVLPG|ALL)", "multicall mmu_update + INVLPG_ALL",
		"multicall mmu_update + 40 INVLPG_ALL", "update_va_mapping(NONE) (control)",
	};
	const unsigned int rounds = 8;
	struct xh_remote *r;
	struct xh_space s;
	unsigned int mode, i, stale[4] = {}, lists[4] = {}, spaces[4] = {};
	u64 from, to, l, sp;
	int rc;

	KUNIT_ASSERT_GE_MSG(test, num_online_cpus(), 2U, "needs 2 vCPUs");
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	xh_pin_cpu(test, 0);
	xh_build(test, &s);
	KUNIT_ASSERT_EQ(test, xh_mmuext(MMUEXT_NEW_BASEPTR, s.l4, 0), 0L);
	for (mode = 0; mode < 4; mode++) {
		for (i = 0; i < rounds; i++) {
			/* Alternate a -> b -> a: vCPU 1 always holds the other one. */
			from = xh_page(s.l1)[XH_VA >> PAGE_SHIFT] >> PAGE_SHIFT;
			to = from == s.a ? s.b : s.a;
			rc = xh_round(test, &s, mode, to, r, &l, &sp);
			KUNIT_ASSERT_EQ_MSG(test, rc, 0, "%s round %u", names[mode], i);
			KUNIT_EXPECT_EQ(test, r->before,
					from == s.a ? XH_PATTERN_A : XH_PATTERN_B);
			lists[mode] += l;
			spaces[mode] += sp;
			if (r->after != (to == s.a ? XH_PATTERN_A : XH_PATTERN_B))
				stale[mode]++;
		}
		kunit_info(test, "%s: %u rounds, %u stale reads after return, %u list + %u space flushes\n",
			   names[mode], rounds, stale[mode], lists[mode], spaces[mode]);
	}
	/* With the flush the hypercall owes: never stale, one Hyper-V call each. */
	for (mode = 0; mode < XH_NO_FLUSH; mode++)
		KUNIT_EXPECT_EQ_MSG(test, stale[mode], 0U, "%s", names[mode]);
	KUNIT_EXPECT_EQ(test, lists[XH_UVM_INVLPG_ALL], rounds);
	KUNIT_EXPECT_EQ(test, spaces[XH_UVM_INVLPG_ALL], 0U);
	KUNIT_EXPECT_EQ(test, lists[XH_MULTICALL], rounds);
	KUNIT_EXPECT_EQ(test, lists[XH_MANY_PAGES], 0U);
	KUNIT_EXPECT_EQ(test, spaces[XH_MANY_PAGES], rounds);
	KUNIT_EXPECT_EQ(test, lists[XH_NO_FLUSH] + spaces[XH_NO_FLUSH], 0U);
	xh_teardown(test, &s, true);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/* Entries naming what the domain does not own: Xen's errno, nothing mapped. */
static void xenhv_hv_pv_hostile_entries(struct kunit *test)
{
	const void *hcpage = xenhv_hypercall_page_addr();
	struct page *foreign = alloc_page(GFP_KERNEL);
	unsigned long kernel_text = __pa_symbol(_printk) >> PAGE_SHIFT;
	unsigned long xenhv_page;
	struct xh_space s;
	u64 f = 0;

	KUNIT_ASSERT_NOT_NULL(test, foreign);
	xenhv_page = virt_addr_valid(hcpage) ? PHYS_PFN(__pa(hcpage)) : vmalloc_to_pfn(hcpage);
	xh_pin_cpu(test, 0);
	xh_build(test, &s);
	KUNIT_EXPECT_EQ(test, xh_mmu(s.l1, 6, XH_PTE(xenhv_page, XH_P)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, xh_mmu(s.l1, 6, XH_PTE(kernel_text, XH_P | XH_RW)),
			(long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, xh_mmu(s.l1, 6, XH_PTE(page_to_pfn(foreign), XH_P | XH_RW)),
			(long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, xh_mmu(s.l1, 6, XH_PTE(0xfee00, XH_P | XH_RW)), (long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, xh_mmu(s.l1, 6, XH_PTE(s.l2, XH_P | XH_RW)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, xh_page(s.l1)[6], 0ULL);
	/* Tables made of frames the domain does not own, or a kernel page as root. */
	KUNIT_EXPECT_EQ(test, xh_mmu(s.l2, 1, XH_PTE(kernel_text, XH_P | XH_RW)),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xh_mmuext(MMUEXT_PIN_L1_TABLE, page_to_pfn(foreign), 0),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xh_mmuext(MMUEXT_NEW_BASEPTR, kernel_text, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xh_mmu(kernel_text, 0, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xh_mmuext(MMUEXT_CLEAR_PAGE, page_to_pfn(foreign), 0),
			(long)-XEN_EINVAL);
	/* Addresses outside the guest's half, lists that are not there. */
	KUNIT_EXPECT_EQ(test, xh_uvm(0xffff888000000000UL, 0, UVMF_INVLPG | UVMF_ALL),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xh_uvm(0x800000000000UL, 0, UVMF_NONE), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_hypercall(__HYPERVISOR_mmu_update, 16, 0x7fffffff, 0,
					      DOMID_SELF, 0), (long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_hypercall(__HYPERVISOR_mmuext_op, 16, 0x7fffffff, 0,
					      DOMID_SELF, 0), (long)-XEN_EFAULT);
	/* A kernel page is not the domain's to give back. */
	f = page_to_pfn(foreign);
	KUNIT_EXPECT_EQ(test, xh_reservation(XENMEM_decrease_reservation, &f, 1, 0), 0L);
	__free_page(foreign);
	xh_teardown(test, &s, false);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/* A 2 MiB extent in and out; a 100k-request batch completes; the hint, if offered. */
static void xenhv_hv_pv_reservations_and_long_batch(struct kunit *test)
{
	const unsigned int n = 100000;
	struct xenhv_info info;
	u64 f[1], (*reqs)[2], hint0, hint1;
	unsigned int done = 0, i;
	ktime_t t0;
	long rc;

	xenhv_get_info(&info);
	hint0 = xenhv_hv_call_count(HV_EXT_CALL_MEMORY_HEAT_HINT, NULL);
	KUNIT_ASSERT_EQ(test, xh_reservation(XENMEM_increase_reservation, f, 1, 9), 1L);
	KUNIT_EXPECT_EQ(test, f[0] % 512, 0ULL);
	reqs = vmalloc(array_size(n, sizeof(*reqs)));
	KUNIT_ASSERT_NOT_NULL(test, reqs);
	/* Raw writes into the extent's frames: plain memory, no table. */
	for (i = 0; i < n; i++) {
		reqs[i][0] = ((f[0] + i % 512) << PAGE_SHIFT) + (i / 512 % 512) * 8;
		reqs[i][1] = i;
	}
	t0 = ktime_get();
	rc = xenhv_hypercall(__HYPERVISOR_mmu_update, (unsigned long)reqs, n,
			     (unsigned long)&done, DOMID_SELF, 0);
	KUNIT_EXPECT_EQ(test, rc, 0L);
	KUNIT_EXPECT_EQ(test, done, n);
	KUNIT_EXPECT_EQ(test, xh_page(f[0] + 7)[0], 7ULL);
	kunit_info(test, "mmu_update of %u entries: %lld ms\n", n,
		   ktime_ms_delta(ktime_get(), t0));
	vfree(reqs);
	KUNIT_EXPECT_EQ(test, xh_reservation(XENMEM_decrease_reservation, f, 1, 9), 1L);
	hint1 = xenhv_hv_call_count(HV_EXT_CALL_MEMORY_HEAT_HINT, NULL);
	KUNIT_EXPECT_EQ(test, hint1 - hint0, info.cold_discard ? 1ULL : 0ULL);
	kunit_info(test, "cold-discard hint %s: %llu hints for 1 extent given back\n",
		   info.cold_discard ? "offered" : "not offered by this Hyper-V",
		   hint1 - hint0);
}

/* ---- Grants: the hosted backend domain maps the guest's page ---- */

#define XH_GREF		8

/*
 * The guest places grant frame 0 in @tp and, in entry @ref, grants
 * @frame to the backend domain: domid and frame before the flags that
 * validate them, the granter's order.
 */
static struct grant_entry_v1 *xh_grant(struct kunit *test, struct page *tp, u32 ref, u64 frame)
{
	struct xen_add_to_physmap x = { .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table,
					.gpfn = page_to_pfn(tp) };
	struct grant_entry_v1 *table = page_address(tp);
	struct xenhv_info info;

	xenhv_get_info(&info);
	KUNIT_ASSERT_EQ(test, xenhv_hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
					      (unsigned long)&x, 0, 0, 0), 0L);
	table[ref].domid = info.backend_domid;
	table[ref].frame = frame;
	smp_wmb();	/* domid and frame before flags */
	WRITE_ONCE(table[ref].flags, GTF_permit_access);
	return table;
}

/* Give @page (grant frame 0 or shared_info) back to the guest. */
static void xh_unplace(struct kunit *test, struct page *page)
{
	struct xen_remove_from_physmap rm = { .domid = DOMID_SELF, .gpfn = page_to_pfn(page) };

	KUNIT_EXPECT_EQ(test, xenhv_hypercall(__HYPERVISOR_memory_op, XENMEM_remove_from_physmap,
					      (unsigned long)&rm, 0, 0, 0), 0L);
}

struct xh_be {
	u64 data_pfn;		/* the guest's granted page */
	u64 l4;
	int map_st, unmap_st, err;
	u64 seen, after_unmap;
	int fault_after_unmap;
	int own_page_st;
	u32 handle;
	struct completion done;
};

static long xh_be_mmuext(u32 cmd, u64 arg1)
{
	struct xh_mop op = { .cmd = cmd, .arg1 = arg1 };

	return xenhv_backend_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&op, 1, 0,
				       DOMID_SELF, 0);
}

static int xh_be_read(u64 *val, const u64 *store)
{
	return xh_access_on(xenhv_backend_switch_in, xenhv_backend_switch_out, val, store);
}

/*
 * The backend domain's address space, L4 -> L3 -> L2 -> an empty L1 over
 * XH_VA, from its own reservation, pinned and made this vCPU's base
 * pointer. The frames stay the backend's until xenhv unloads.
 */
static int xh_be_tables(u64 *l4)
{
	struct xen_memory_reservation r = { .nr_extents = 4, .domid = DOMID_SELF };
	u64 f[4];

	set_xen_guest_handle(r.extent_start, (xen_pfn_t *)f);
	if (xenhv_backend_hypercall(__HYPERVISOR_memory_op, XENMEM_increase_reservation,
				    (unsigned long)&r, 0, 0, 0) != 4)
		return -ENOMEM;
	xh_page(f[0])[0] = XH_PTE(f[1], XH_P | XH_RW);
	xh_page(f[1])[0] = XH_PTE(f[2], XH_P | XH_RW);
	xh_page(f[2])[0] = XH_PTE(f[3], XH_P | XH_RW);
	*l4 = f[0];
	if (xh_be_mmuext(MMUEXT_PIN_L4_TABLE, f[0]) || xh_be_mmuext(MMUEXT_NEW_BASEPTR, f[0]))
		return -EINVAL;
	return 0;
}

/* On vCPU 1, as the backend domain: tables, map, read and answer, unmap. */
static int xh_be_thread(void *arg)
{
	struct xh_be *b = arg;
	struct gnttab_map_grant_ref m = {
		.host_addr = XH_VA, .flags = GNTMAP_host_map, .ref = XH_GREF, .dom = 0,
	};
	struct gnttab_unmap_grant_ref u = { .host_addr = XH_VA };
	u64 answer = 0xbeefbeefULL;
	struct xenhv_info info;

	xenhv_get_info(&info);
	m.dom = info.domid;
	b->err = xh_be_tables(&b->l4);
	if (b->err)
		goto out;
	if (xenhv_backend_hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref,
				    (unsigned long)&m, 1, 0, 0)) {
		b->err = -EIO;
		goto out;
	}
	b->map_st = m.status;
	b->handle = m.handle;
	if (m.status)
		goto out;
	/* Read the guest's request through the mapping; answer through it. */
	b->err = xh_be_read(&b->seen, &answer);
	u.handle = m.handle;
	xenhv_backend_hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_unmap_grant_ref,
				(unsigned long)&u, 1, 0, 0);
	b->unmap_st = u.status;
	/* The old mapping is gone. */
	b->fault_after_unmap = xh_be_read(&b->after_unmap, NULL);
	/* A grant naming xenhv's own page (its Xen-ABI hypercall page): refused. */
	m.ref = XH_GREF + 1;
	xenhv_backend_hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref,
				(unsigned long)&m, 1, 0, 0);
	b->own_page_st = m.status;
out:
	complete(&b->done);
	return 0;
}

static void xenhv_hv_grant_map_by_backend(struct kunit *test)
{
	struct grant_entry_v1 *table;
	struct task_struct *t;
	struct page *tp, *dp;
	struct xh_be *b;
	struct xenhv_info info;

	KUNIT_ASSERT_GE_MSG(test, num_online_cpus(), 2U, "needs 2 vCPUs");
	xenhv_get_info(&info);
	if (!info.can_switch_root)
		kunit_skip(test, "kernel paging does not allow a PV root (LA57 or PTI)");
	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	tp = alloc_page(GFP_KERNEL | __GFP_ZERO);
	dp = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_TRUE(test, b && tp && dp);
	/* The guest places grant frame 0 in its page and grants a data page. */
	*(u64 *)page_address(dp) = 0x1234567890abcdefULL;	/* the request */
	table = xh_grant(test, tp, XH_GREF, page_to_pfn(dp));
	xh_grant(test, tp, XH_GREF + 1, vmalloc_to_pfn(xenhv_hypercall_page_addr()));
	b->data_pfn = page_to_pfn(dp);
	init_completion(&b->done);
	t = kthread_create_on_cpu(xh_be_thread, b, 1, "xenhv-be/%u");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	wake_up_process(t);
	wait_for_completion(&b->done);
	KUNIT_EXPECT_EQ(test, b->err, 0);
	KUNIT_EXPECT_EQ(test, b->map_st, GNTST_okay);
	KUNIT_EXPECT_EQ(test, b->seen, 0x1234567890abcdefULL);
	/* vCPU 1's answer is in the guest's page, seen on vCPU 0. */
	KUNIT_EXPECT_EQ(test, *(u64 *)page_address(dp), 0xbeefbeefULL);
	KUNIT_EXPECT_EQ(test, b->unmap_st, GNTST_okay);
	KUNIT_EXPECT_EQ(test, b->fault_after_unmap, -EFAULT);
	KUNIT_EXPECT_EQ(test, b->own_page_st, GNTST_bad_page);
	/* The granter may revoke: nothing is reading or writing. */
	KUNIT_EXPECT_EQ(test, READ_ONCE(table[XH_GREF].flags), (u16)GTF_permit_access);
	kunit_info(test, "backend domain %u on vCPU 1 mapped guest grant %u: read the request, wrote the answer, unmapped (fault after)\n",
		   info.backend_domid, XH_GREF);
	/* Revoke, then frame 0 back to a hidden page; the backend's tables stay. */
	WRITE_ONCE(table[XH_GREF].flags, 0);
	WRITE_ONCE(table[XH_GREF + 1].flags, 0);
	xh_unplace(test, tp);
	__free_page(tp);
	__free_page(dp);
}

static long xh_be_set_base(u64 root)
{
	return xh_be_mmuext(MMUEXT_NEW_BASEPTR, root);
}

/*
 * Unmap from vCPU 0 while vCPU 1 runs on the backend's tables with the
 * mapping in its TLB: the unmap flushes vCPU 1 (one Hyper-V list flush)
 * before the entry goes back to the granter, and vCPU 1's next access
 * faults.
 */
static void xenhv_hv_grant_unmap_gone_on_every_vcpu(struct kunit *test)
{
	struct gnttab_map_grant_ref m = { .host_addr = XH_VA, .flags = GNTMAP_host_map,
					  .ref = XH_GREF };
	struct gnttab_unmap_grant_ref u = { .host_addr = XH_VA };
	struct xenhv_info info;
	struct grant_entry_v1 *table;
	struct xh_remote *r;
	struct task_struct *t;
	struct page *tp, *dp;
	u64 l4, l0, lf, l1, lf1;

	KUNIT_ASSERT_GE_MSG(test, num_online_cpus(), 2U, "needs 2 vCPUs");
	xenhv_get_info(&info);
	if (!info.can_switch_root)
		kunit_skip(test, "kernel paging does not allow a PV root (LA57 or PTI)");
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	tp = alloc_page(GFP_KERNEL | __GFP_ZERO);
	dp = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_TRUE(test, r && tp && dp);
	xh_pin_cpu(test, 0);
	*(u64 *)page_address(dp) = XH_PATTERN_A;
	table = xh_grant(test, tp, XH_GREF, page_to_pfn(dp));
	/* The backend's tables, used from vCPU 0 (map, unmap) and vCPU 1 (access). */
	KUNIT_ASSERT_EQ(test, xh_be_tables(&l4), 0);
	m.dom = info.domid;
	KUNIT_ASSERT_EQ(test, xenhv_backend_hypercall(__HYPERVISOR_grant_table_op,
						      GNTTABOP_map_grant_ref, (unsigned long)&m,
						      1, 0, 0), 0L);
	KUNIT_ASSERT_EQ(test, m.status, GNTST_okay);

	r->root = l4;
	r->set_base = xh_be_set_base;
	r->in = xenhv_backend_switch_in;
	r->out = xenhv_backend_switch_out;
	init_completion(&r->done);
	t = kthread_create_on_cpu(xh_remote_thread, r, 1, "xenhv-be1/%u");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	wake_up_process(t);
	KUNIT_EXPECT_TRUE(test, xh_wait_phase(&r->phase, 1));
	l0 = xenhv_hv_call_count(HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST, &lf);
	u.handle = m.handle;
	KUNIT_EXPECT_EQ(test, xenhv_backend_hypercall(__HYPERVISOR_grant_table_op,
						      GNTTABOP_unmap_grant_ref, (unsigned long)&u,
						      1, 0, 0), 0L);
	l1 = xenhv_hv_call_count(HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST, &lf1);
	atomic_set(&r->phase, 2);
	wait_for_completion(&r->done);
	KUNIT_EXPECT_EQ(test, r->err, 0);
	KUNIT_EXPECT_EQ(test, u.status, GNTST_okay);
	KUNIT_EXPECT_EQ(test, r->read_before, 0);
	KUNIT_EXPECT_EQ(test, r->before, XH_PATTERN_A);
	KUNIT_EXPECT_NE(test, r->read_after, 0);	/* faulted: the mapping is gone */
	KUNIT_EXPECT_EQ(test, l1 - l0, 1ULL);
	KUNIT_EXPECT_EQ(test, lf1 - lf, 0ULL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(table[XH_GREF].flags), (u16)GTF_permit_access);
	kunit_info(test, "unmap from vCPU 0 with vCPU 1 on the tables: %llu Hyper-V list flush, vCPU 1's next access faulted\n",
		   l1 - l0);
	WRITE_ONCE(table[XH_GREF].flags, 0);	/* revoke before the page goes */
	xh_unplace(test, tp);
	__free_page(tp);
	__free_page(dp);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/* ---- A split driver's shape: a granted ring and an event channel each way ---- */

#define XH_RING_DATA	48
#define XH_RING_ROUNDS	64
#define XH_RING_BATCH	8

struct xh_ring_req {
	u32 id;
	u32 len;
	u8 data[XH_RING_DATA];
};

struct xh_ring_rsp {
	u32 id;
	u32 sum;		/* the bytes of the request, added up */
	u8 data[XH_RING_DATA];	/* the request's bytes, inverted */
};

DEFINE_RING_TYPES(xh_ring, struct xh_ring_req, struct xh_ring_rsp);

#define XH_RING_SIZE	((unsigned int)__CONST_RING_SIZE(xh_ring, PAGE_SIZE))

/* One side's event delivery, as its upcall handler sees it. */
struct xh_ring_side {
	struct shared_info *shinfo;
	u32 port;
	atomic_t events;		/* its port found pending and taken */
	atomic_t on_cpu[2];		/* where the upcall ran */
	wait_queue_head_t wq;
};

struct xh_ring_test {
	struct xh_ring_side guest, be;
	u32 gref;
	domid_t guest_domid;
	u32 gport;			/* the guest's port, offered to the backend */
	atomic_t ready;			/* backend: 1 bound and mapped, -errno failed */
	bool stop;
	/* backend's results */
	int err;
	int map_st, unmap_st;
	u32 handled;			/* requests answered */
	u32 notifies;			/* sends to the guest */
	u32 bind_raised;		/* its new port was pending at once */
	u32 status_after_close;		/* EVTCHNSTAT_* of its port after close */
	struct completion done;
};

static struct xh_ring_test *xh_rt;

/* What Linux's 2-level upcall does, for the one port this side cares about. */
static void xh_ring_take(struct xh_ring_side *side)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu_info *vi = &side->shinfo->vcpu_info[cpu];

	WRITE_ONCE(vi->evtchn_upcall_pending, 0);
	xchg(&vi->evtchn_pending_sel, 0);
	if (side->port && test_and_clear_bit(side->port,
					     (unsigned long *)side->shinfo->evtchn_pending)) {
		atomic_inc(&side->on_cpu[cpu & 1]);
		atomic_inc(&side->events);
		wake_up(&side->wq);
	}
}

static void xh_ring_guest_upcall(void)
{
	xh_ring_take(&READ_ONCE(xh_rt)->guest);
}

static void xh_ring_be_upcall(void)
{
	xh_ring_take(&READ_ONCE(xh_rt)->be);
}

static long xh_be_evop(int cmd, void *op)
{
	return xenhv_backend_hypercall(__HYPERVISOR_event_channel_op, cmd, (unsigned long)op,
				       0, 0, 0);
}

static long xh_evop(int cmd, void *op)
{
	return xenhv_hypercall(__HYPERVISOR_event_channel_op, cmd, (unsigned long)op, 0, 0, 0);
}

/* The shared ring as the backend sees it: at XH_VA, through its own tables. */
static int xh_sring_get(size_t off, void *dst, size_t len)
{
	return __copy_from_user_inatomic(dst, (const void __user *)(XH_VA + off), len) ?
	       -EFAULT : 0;
}

static int xh_sring_put(size_t off, const void *src, size_t len)
{
	return __copy_to_user_inatomic((void __user *)(XH_VA + off), src, len) ? -EFAULT : 0;
}

#define XH_SRING_OFF(field)	offsetof(struct xh_ring_sring, field)
#define XH_SRING_SLOT(idx)	(offsetof(struct xh_ring_sring, ring) + \
				 ((idx) & (XH_RING_SIZE - 1)) * sizeof(union xh_ring_sring_entry))

/*
 * One pass of a back end over the ring, as Linux's backends do it with
 * RING_FINAL_CHECK_FOR_REQUESTS and RING_PUSH_RESPONSES_AND_CHECK_NOTIFY,
 * written out with accessors because the ring is in the backend's own
 * address space. Runs on the backend's tables, interrupts off.
 */
static int xh_ring_back_pass(struct xh_ring_back_ring *back, bool *notify)
{
	RING_IDX prod, old, event;
	struct xh_ring_req req;
	struct xh_ring_rsp rsp;
	unsigned int i;
	int err;

	for (;;) {
		err = xh_sring_get(XH_SRING_OFF(req_prod), &prod, sizeof(prod));
		if (err)
			return err;
		virt_rmb();	/* the requests are read after the index that covers them */
		while (back->req_cons != prod) {
			err = xh_sring_get(XH_SRING_SLOT(back->req_cons), &req, sizeof(req));
			if (err)
				return err;
			back->req_cons++;
			rsp.id = req.id;
			rsp.sum = 0;
			for (i = 0; i < XH_RING_DATA; i++) {
				rsp.sum += req.data[i];
				rsp.data[i] = ~req.data[i];
			}
			err = xh_sring_put(XH_SRING_SLOT(back->rsp_prod_pvt), &rsp, sizeof(rsp));
			if (err)
				return err;
			back->rsp_prod_pvt++;
		}
		/* Ask for an event at the next request, then look once more. */
		event = back->req_cons + 1;
		err = xh_sring_put(XH_SRING_OFF(req_event), &event, sizeof(event));
		if (err)
			return err;
		virt_mb();	/* req_event visible before req_prod is read again */
		err = xh_sring_get(XH_SRING_OFF(req_prod), &prod, sizeof(prod));
		if (err)
			return err;
		if (prod == back->req_cons)
			break;
	}
	err = xh_sring_get(XH_SRING_OFF(rsp_prod), &old, sizeof(old));
	if (err)
		return err;
	virt_wmb();	/* the responses are visible before the index that covers them */
	err = xh_sring_put(XH_SRING_OFF(rsp_prod), &back->rsp_prod_pvt, sizeof(RING_IDX));
	if (err)
		return err;
	virt_mb();	/* rsp_prod visible before rsp_event is read */
	err = xh_sring_get(XH_SRING_OFF(rsp_event), &event, sizeof(event));
	if (err)
		return err;
	*notify = (RING_IDX)(back->rsp_prod_pvt - event) < (RING_IDX)(back->rsp_prod_pvt - old);
	return 0;
}

/* On vCPU 1, as the backend domain: bind, map the ring, serve it until told to stop. */
static int xh_ring_be_thread(void *arg)
{
	struct xh_ring_test *t = arg;
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
	struct xen_add_to_physmap x = { .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info };
	struct gnttab_map_grant_ref m = {
		.host_addr = XH_VA, .flags = GNTMAP_host_map, .ref = t->gref,
		.dom = t->guest_domid,
	};
	struct gnttab_unmap_grant_ref u = { .host_addr = XH_VA };
	struct evtchn_bind_interdomain bi = {
		.remote_dom = t->guest_domid, .remote_port = t->gport,
	};
	struct evtchn_bind_vcpu bv = { .vcpu = 1 };
	struct evtchn_status st = { .dom = DOMID_SELF };
	struct xh_ring_back_ring back = {};
	struct evtchn_send send;
	unsigned long flags;
	bool notify;
	int seen = 0;
	u64 shinfo_frame, l4, saved;

	/* Its event state lives in a shared_info page of its own. */
	set_xen_guest_handle(r.extent_start, (xen_pfn_t *)&shinfo_frame);
	t->err = xh_be_tables(&l4);
	if (t->err)
		goto out;
	if (xenhv_backend_hypercall(__HYPERVISOR_memory_op, XENMEM_increase_reservation,
				    (unsigned long)&r, 0, 0, 0) != 1) {
		t->err = -ENOMEM;
		goto out;
	}
	x.gpfn = shinfo_frame;
	t->err = xenhv_backend_hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
					 (unsigned long)&x, 0, 0, 0);
	if (t->err)
		goto out;
	t->be.shinfo = (struct shared_info *)xh_page(shinfo_frame);
	t->err = xenhv_backend_register_upcall(xh_ring_be_upcall);
	if (t->err)
		goto out_shinfo;
	t->err = xh_be_evop(EVTCHNOP_bind_interdomain, &bi);
	if (t->err)
		goto out_upcall;
	/* Xen raises the binder's new port at once; take it here. */
	t->bind_raised = test_and_clear_bit(bi.local_port,
					    (unsigned long *)t->be.shinfo->evtchn_pending);
	bv.port = bi.local_port;
	t->err = xh_be_evop(EVTCHNOP_bind_vcpu, &bv);
	if (t->err)
		goto out_close;
	t->be.port = bi.local_port;
	atomic_set(&t->be.on_cpu[0], 0);
	atomic_set(&t->be.on_cpu[1], 0);
	t->err = xenhv_backend_hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref,
					 (unsigned long)&m, 1, 0, 0);
	t->map_st = m.status;
	if (t->err || m.status)
		goto out_close;
	/* Indexes only: the ring itself is reached at XH_VA, not through ->sring. */
	back.nr_ents = XH_RING_SIZE;
	atomic_set(&t->ready, 1);

	send.port = bi.local_port;
	while (!READ_ONCE(t->stop)) {
		wait_event_timeout(t->be.wq, atomic_read(&t->be.events) != seen ||
				   READ_ONCE(t->stop), 5 * HZ);
		seen = atomic_read(&t->be.events);
		local_irq_save(flags);
		t->err = xenhv_backend_switch_in(&saved);
		if (!t->err) {
			pagefault_disable();
			t->err = xh_ring_back_pass(&back, &notify);
			pagefault_enable();
			xenhv_backend_switch_out(saved);
		}
		local_irq_restore(flags);
		if (t->err)
			break;
		if (notify) {
			t->notifies++;
			xh_be_evop(EVTCHNOP_send, &send);
		}
	}
	t->handled = back.req_cons;
	u.handle = m.handle;
	xenhv_backend_hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_unmap_grant_ref,
				(unsigned long)&u, 1, 0, 0);
	t->unmap_st = u.status;
out_close:
	{
		struct evtchn_close c = { .port = bi.local_port };

		if (bi.local_port)
			xh_be_evop(EVTCHNOP_close, &c);
		st.port = bi.local_port;
		if (!xh_be_evop(EVTCHNOP_status, &st))
			t->status_after_close = st.status;
	}
out_upcall:
	xenhv_backend_unregister_upcall(xh_ring_be_upcall);
out_shinfo:
	{
		struct xen_remove_from_physmap rm = { .domid = DOMID_SELF, .gpfn = shinfo_frame };

		xenhv_backend_hypercall(__HYPERVISOR_memory_op, XENMEM_remove_from_physmap,
					(unsigned long)&rm, 0, 0, 0);
	}
out:
	if (atomic_read(&t->ready) != 1)
		atomic_set(&t->ready, t->err ?: -EIO);
	complete(&t->done);
	return 0;
}

static int xh_u64_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Fill one request with bytes that depend on its id. */
static void xh_ring_fill(struct xh_ring_req *req, u32 id)
{
	unsigned int i;

	req->id = id;
	req->len = XH_RING_DATA;
	for (i = 0; i < XH_RING_DATA; i++)
		req->data[i] = (u8)(id * 31 + i * 7);
}

/* Check one response against the request it answers; true if it is right. */
static bool xh_ring_check(const struct xh_ring_rsp *rsp, u32 id)
{
	struct xh_ring_req want;
	u32 sum = 0;
	unsigned int i;

	xh_ring_fill(&want, id);
	if (rsp->id != id)
		return false;
	for (i = 0; i < XH_RING_DATA; i++) {
		sum += want.data[i];
		if (rsp->data[i] != (u8)~want.data[i])
			return false;
	}
	return rsp->sum == sum;
}

/*
 * The guest (frontend, vCPU 0) grants a ring page to the backend domain
 * (vCPU 1), which maps it with a real PTE in its own tables; requests go
 * one way and responses the other, each direction notified over an
 * interdomain event channel with the ring's event-index suppression, as
 * netfront/blkfront and their backends do. Every response must carry the
 * request's data transformed, every upcall must run on the vCPU its port
 * is bound to, and each notification costs at most one Hyper-V IPI.
 */
static void xenhv_hv_grant_ring_and_events(struct kunit *test)
{
	struct xen_add_to_physmap sx = { .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info };
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF };
	struct evtchn_status st = { .dom = DOMID_SELF };
	struct xh_ring_front_ring front;
	struct grant_entry_v1 *table;
	struct xenhv_info info;
	struct xh_ring_test *t;
	struct task_struct *th;
	struct page *tp, *rp, *sp;
	struct evtchn_send send;
	u64 *rtt, ipi0 = 0, ipif0 = 0, ipi1 = 0, ipif1 = 0;
	u32 next_id = 0, answered = 0, wrong = 0, guest_sends = 0;
	unsigned int round, i;

	KUNIT_ASSERT_GE_MSG(test, num_online_cpus(), 2U, "needs 2 vCPUs");
	xenhv_get_info(&info);
	if (!info.can_switch_root)
		kunit_skip(test, "kernel paging does not allow a PV root (LA57 or PTI)");
	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	rtt = kunit_kcalloc(test, XH_RING_ROUNDS + 1, sizeof(*rtt), GFP_KERNEL);
	tp = alloc_page(GFP_KERNEL | __GFP_ZERO);
	rp = alloc_page(GFP_KERNEL | __GFP_ZERO);
	sp = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_TRUE(test, t && rtt && tp && rp && sp);
	xh_pin_cpu(test, 0);
	init_waitqueue_head(&t->guest.wq);
	init_waitqueue_head(&t->be.wq);
	init_completion(&t->done);
	WRITE_ONCE(xh_rt, t);

	/* The guest's event state in a page of its own, clean. */
	sx.gpfn = page_to_pfn(sp);
	KUNIT_ASSERT_EQ(test, xenhv_hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
					      (unsigned long)&sx, 0, 0, 0), 0L);
	memset(page_address(sp), 0, PAGE_SIZE);
	t->guest.shinfo = page_address(sp);
	KUNIT_ASSERT_EQ(test, xenhv_register_upcall(xh_ring_guest_upcall), 0);

	/* The ring, granted; the port, offered to the backend domain. */
	SHARED_RING_INIT((struct xh_ring_sring *)page_address(rp));
	FRONT_RING_INIT(&front, (struct xh_ring_sring *)page_address(rp), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, RING_SIZE(&front), (unsigned int)XH_RING_SIZE);
	table = xh_grant(test, tp, XH_GREF, page_to_pfn(rp));
	au.remote_dom = info.backend_domid;
	KUNIT_ASSERT_EQ(test, xh_evop(EVTCHNOP_alloc_unbound, &au), 0L);
	t->guest.port = au.port;
	t->gport = au.port;
	t->gref = XH_GREF;
	t->guest_domid = info.domid;

	th = kthread_create_on_cpu(xh_ring_be_thread, t, 1, "xenhv-ring/%u");
	KUNIT_ASSERT_FALSE(test, IS_ERR(th));
	wake_up_process(th);
	{
		unsigned long end = jiffies + 5 * HZ;

		while (!atomic_read(&t->ready) && time_before(jiffies, end))
			msleep(20);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&t->ready), 1);
	if (atomic_read(&t->ready) != 1)
		goto stop;
	st.port = t->gport;
	KUNIT_EXPECT_EQ(test, xh_evop(EVTCHNOP_status, &st), 0L);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_interdomain);
	KUNIT_EXPECT_EQ(test, st.u.interdomain.dom, info.backend_domid);

	ipi0 = xenhv_hv_call_count(HVCALL_SEND_IPI, &ipif0);
	send.port = t->gport;
	/* XH_RING_ROUNDS rounds of a batch, then one that fills the ring. */
	for (round = 0; round <= XH_RING_ROUNDS; round++) {
		unsigned int n = round < XH_RING_ROUNDS ? XH_RING_BATCH : XH_RING_SIZE;
		u32 want = answered + n;
		u64 t0 = get_cycles();
		int notify, more, seen;

		for (i = 0; i < n; i++)
			xh_ring_fill(RING_GET_REQUEST(&front, front.req_prod_pvt++), next_id++);
		RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
		if (notify) {
			guest_sends++;
			KUNIT_EXPECT_EQ(test, xh_evop(EVTCHNOP_send, &send), 0L);
		}
		while (answered < want) {
			seen = atomic_read(&t->guest.events);
			while (RING_HAS_UNCONSUMED_RESPONSES(&front)) {
				const struct xh_ring_rsp *rsp;

				virt_rmb();	/* the response after the index that covers it */
				rsp = RING_GET_RESPONSE(&front, front.rsp_cons++);
				if (!xh_ring_check(rsp, answered))
					wrong++;
				answered++;
			}
			RING_FINAL_CHECK_FOR_RESPONSES(&front, more);
			if (more || answered >= want)
				continue;
			if (!wait_event_timeout(t->guest.wq,
						atomic_read(&t->guest.events) != seen, 5 * HZ))
				break;
		}
		rtt[round] = get_cycles() - t0;
		if (answered < want) {
			KUNIT_FAIL(test, "round %u: %u of %u answers after 5 s", round,
				   answered, want);
			break;
		}
	}
	ipi1 = xenhv_hv_call_count(HVCALL_SEND_IPI, &ipif1);

stop:
	WRITE_ONCE(t->stop, true);
	wake_up(&t->be.wq);
	wait_for_completion(&t->done);
	KUNIT_EXPECT_EQ(test, t->err, 0);
	KUNIT_EXPECT_EQ(test, t->map_st, GNTST_okay);
	KUNIT_EXPECT_EQ(test, t->unmap_st, GNTST_okay);
	KUNIT_EXPECT_EQ(test, t->bind_raised, 1U);
	if (atomic_read(&t->ready) == 1) {
		u32 total = XH_RING_ROUNDS * XH_RING_BATCH + XH_RING_SIZE;

		KUNIT_EXPECT_EQ(test, answered, total);
		KUNIT_EXPECT_EQ(test, t->handled, total);
		KUNIT_EXPECT_EQ(test, wrong, 0U);
		/* Each notification reached the other side, on the vCPU its port names. */
		KUNIT_EXPECT_GE(test, (u32)atomic_read(&t->be.events), 1U);
		KUNIT_EXPECT_GE(test, (u32)atomic_read(&t->guest.events), 1U);
		KUNIT_EXPECT_EQ(test, atomic_read(&t->be.on_cpu[0]), 0);
		KUNIT_EXPECT_EQ(test, atomic_read(&t->guest.on_cpu[1]), 0);
		KUNIT_EXPECT_LE(test, (u32)atomic_read(&t->be.events), guest_sends);
		KUNIT_EXPECT_LE(test, (u32)atomic_read(&t->guest.events), t->notifies);
		/* At most one Hyper-V call per cross-vCPU notification, none failed. */
		KUNIT_EXPECT_GE(test, ipi1 - ipi0, 1ULL);
		KUNIT_EXPECT_LE(test, ipi1 - ipi0, (u64)(guest_sends + t->notifies));
		KUNIT_EXPECT_EQ(test, ipif1 - ipif0, 0ULL);
		sort(rtt, XH_RING_ROUNDS, sizeof(*rtt), xh_u64_cmp, NULL);
		kunit_info(test, "ring of %u over grant %u: %u requests in %u rounds answered right; events guest->backend %u (upcalls on vCPU 1: %d), backend->guest %u (upcalls on vCPU 0: %d); %llu Hyper-V IPIs; median round trip of %u requests %llu cycles\n",
			   XH_RING_SIZE, XH_GREF, answered, XH_RING_ROUNDS + 1, guest_sends,
			   atomic_read(&t->be.on_cpu[1]), t->notifies,
			   atomic_read(&t->guest.on_cpu[0]), ipi1 - ipi0, XH_RING_BATCH,
			   rtt[XH_RING_ROUNDS / 2]);
	}
	/* The backend closed its end: ours waits for it again. */
	KUNIT_EXPECT_EQ(test, t->status_after_close, (u32)EVTCHNSTAT_closed);
	st.port = t->gport;
	KUNIT_EXPECT_EQ(test, xh_evop(EVTCHNOP_status, &st), 0L);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_unbound);
	KUNIT_EXPECT_EQ(test, st.u.unbound.dom, info.backend_domid);
	{
		struct evtchn_close c = { .port = t->gport };

		KUNIT_EXPECT_EQ(test, xh_evop(EVTCHNOP_close, &c), 0L);
		xenhv_unregister_upcall(xh_ring_guest_upcall);
		/* Nothing maps the ring now: the guest may revoke it. */
		KUNIT_EXPECT_EQ(test, READ_ONCE(table[XH_GREF].flags), (u16)GTF_permit_access);
		WRITE_ONCE(table[XH_GREF].flags, 0);
		xh_unplace(test, tp);
		xh_unplace(test, sp);
	}
	WRITE_ONCE(xh_rt, NULL);
	__free_page(tp);
	__free_page(rp);
	__free_page(sp);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

static struct kunit_case xenhv_hv_mm_cases[] = {
	KUNIT_CASE(xenhv_hv_pv_address_space_runs),
	KUNIT_CASE(xenhv_hv_pv_remote_never_stale),
	KUNIT_CASE(xenhv_hv_pv_hostile_entries),
	KUNIT_CASE(xenhv_hv_pv_reservations_and_long_batch),
	KUNIT_CASE(xenhv_hv_grant_map_by_backend),
	KUNIT_CASE(xenhv_hv_grant_unmap_gone_on_every_vcpu),
	KUNIT_CASE(xenhv_hv_grant_ring_and_events),
	{}
};

struct kunit_suite xenhv_hv_mm_suite = {
	.name = "xenhv_hyperv_mm",
	.init = xenhv_hv_case_begins,
	.test_cases = xenhv_hv_mm_cases,
};
