// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit integration suite for a loaded xenhv on a real Hyper-V ABI (the
 * nested KVM stack in CI): detection, the hypercall page, the Xen entry
 * in C and register form, HvCallNotifyLongSpinWait, SINT delivery.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/delay.h>
#include <linux/vmalloc.h>
#include <linux/smp.h>
#include <linux/cpumask.h>
#include <linux/cpu.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/sched.h>
#include <linux/atomic.h>
#include <linux/ktime.h>
#include <linux/tick.h>
#include <asm/msr.h>
#include <asm/nmi.h>
#include <asm/pvclock-abi.h>
#include <linux/math64.h>
#include <linux/workqueue.h>
#include <linux/sizes.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/nospec-branch.h>
#include "../../shim/xenhv.h"
#include "../../xen_abi/xenhv_xen.h"
#include "../../xen_abi/xenhv_errno.h"
#include "../../hv_abi/xenhv_tlfs.h"
#include "xenhv_hv_test.h"
#include <xen/interface/event_channel.h>
#include <xen/interface/memory.h>
#include <xen/interface/vcpu.h>

/* The synthetic timer the test borrows; Linux's clockevent uses STIMER0. */
#define XENHV_TEST_STIMER	2

static void xenhv_hv_detected_and_hypercall_page_live(struct kunit *test)
{
	struct xenhv_info info;
	u32 eax, ebx, ecx, edx;
	u64 hc, guest_id;

	cpuid(HYPERV_CPUID_VENDOR_AND_MAX_FUNCTIONS, &eax, &ebx, &ecx, &edx);
	KUNIT_EXPECT_EQ(test, ebx, (u32)XENHV_HV_SIG_EBX);
	KUNIT_EXPECT_EQ(test, ecx, (u32)XENHV_HV_SIG_ECX);
	KUNIT_EXPECT_EQ(test, edx, (u32)XENHV_HV_SIG_EDX);

	xenhv_get_info(&info);
	/* Whose page: the kernel's Hyper-V core's if it has one, else xenhv's. */
	KUNIT_EXPECT_EQ(test, info.hcpage_owner,
			IS_ENABLED(CONFIG_HYPERV) ? XENHV_HCPAGE_KERNEL : XENHV_HCPAGE_XENHV);
	rdmsrl(HV_X64_MSR_HYPERCALL, hc);
	KUNIT_EXPECT_TRUE(test, hc & HV_X64_MSR_HYPERCALL_ENABLE);
	rdmsrl(HV_X64_MSR_GUEST_OS_ID, guest_id);
	KUNIT_EXPECT_NE(test, guest_id, 0ULL);
	/* Isolation as CPUID says (KVM's emulation: none). */
	KUNIT_EXPECT_EQ(test, info.isolation,
			(cpuid_ebx(HYPERV_CPUID_FEATURES) & HV_ISOLATION) ?
			cpuid_ebx(HYPERV_CPUID_ISOLATION_CONFIG) & HV_ISOLATION_TYPE : 0);
	kunit_info(test, "isolation type %u\n", info.isolation);
}

static void xenhv_hv_xen_version_through_dispatcher(struct kunit *test)
{
	struct xen_feature_info fi = { .submap_idx = 0 };
	char extra[16];

	KUNIT_EXPECT_EQ(test, xenhv_hypercall(__HYPERVISOR_xen_version, XENVER_version,
					      0, 0, 0, 0), 0x40011L);
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_xen_version(XENVER_extraversion, extra), 0);
	KUNIT_EXPECT_STREQ(test, extra, XENHV_XEN_EXTRAVERSION);
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
	KUNIT_EXPECT_TRUE(test, fi.submap & BIT(XENFEAT_auto_translated_physmap));
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_xen_version(XENVER_build_id, NULL), -XEN_EPERM);
	KUNIT_EXPECT_EQ(test, xenhv_hypercall(__HYPERVISOR_set_trap_table, 0, 0, 0, 0, 0),
			(long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, xenhv_hypercall(64, 0, 0, 0, 0, 0), (long)-XEN_ENOSYS);
}

/*
 * Call @stub (of xenhv's hypercall page) with the Xen register ABI, and
 * check that RCX, R9 and R11 survive: a Xen guest relies on that.
 * Nothing may run between setting the register variables and the asm
 * (GCC keeps them in their registers only up to a call), so the caller
 * computes @stub.
 */
static noinline long xenhv_call_stub(struct kunit *test, const void *stub,
				     unsigned long a1, unsigned long a2)
{
	register unsigned long r10 asm("r10") = 0;
	register unsigned long r8 asm("r8") = 0;
	register unsigned long rcx asm("rcx") = 0x1111;
	register unsigned long r9 asm("r9") = 0x2222;
	register unsigned long r11 asm("r11") = 0x3333;
	unsigned long rdx = 0;
	long ret;

	asm volatile(CALL_NOSPEC
		     : "=a" (ret), ASM_CALL_CONSTRAINT, "+D" (a1), "+S" (a2),
		       "+d" (rdx), "+r" (r10), "+r" (r8), "+r" (rcx), "+r" (r9),
		       "+r" (r11)
		     : THUNK_TARGET(stub)
		     : "memory", "cc");
	KUNIT_EXPECT_EQ(test, rcx, 0x1111UL);
	KUNIT_EXPECT_EQ(test, r9, 0x2222UL);
	KUNIT_EXPECT_EQ(test, r11, 0x3333UL);
	return ret;
}

static const void *xenhv_stub(unsigned int op)
{
	return (const char *)xenhv_hypercall_page_addr() + op * 32;
}

static void xenhv_hv_register_abi_page(struct kunit *test)
{
	char extra[16] = {};

	KUNIT_EXPECT_EQ(test, xenhv_call_stub(test, xenhv_stub(__HYPERVISOR_xen_version),
					      XENVER_version, 0), 0x40011L);
	KUNIT_EXPECT_EQ(test, xenhv_call_stub(test, xenhv_stub(__HYPERVISOR_xen_version),
					      XENVER_extraversion,
					      (unsigned long)extra), 0L);
	KUNIT_EXPECT_STREQ(test, extra, XENHV_XEN_EXTRAVERSION);
	KUNIT_EXPECT_EQ(test, xenhv_call_stub(test, xenhv_stub(__HYPERVISOR_sched_op),
					      SCHEDOP_yield, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_call_stub(test, xenhv_stub(__HYPERVISOR_set_gdt), 0, 0),
			(long)-XEN_ENOSYS);
	/* The last stub, 127, is past the table: -XEN_ENOSYS, not a stray call. */
	KUNIT_EXPECT_EQ(test, xenhv_call_stub(test, xenhv_stub(127), 0, 0), (long)-XEN_ENOSYS);
}

static void xenhv_hv_bad_pointers_fault(struct kunit *test)
{
	void *v = vmalloc(PAGE_SIZE);
	unsigned long guard;

	KUNIT_ASSERT_NOT_NULL(test, v);
	guard = (unsigned long)v + PAGE_SIZE;	/* vmalloc's guard page */
	KUNIT_EXPECT_EQ(test, xenhv_hypercall(__HYPERVISOR_xen_version,
					      XENVER_extraversion, 0, 0, 0, 0),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_hypercall(__HYPERVISOR_xen_version,
					      XENVER_extraversion, 0x10000, 0, 0, 0),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_hypercall(__HYPERVISOR_xen_version,
					      XENVER_capabilities,
					      0x8000000000000000UL, 0, 0, 0),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_hypercall(__HYPERVISOR_xen_version,
					      XENVER_get_features, guard, 0, 0, 0),
			(long)-XEN_EFAULT);
	/* A buffer running off the end of the mapping faults too. */
	KUNIT_EXPECT_EQ(test, xenhv_hypercall(__HYPERVISOR_xen_version,
					      XENVER_capabilities, guard - 512, 0, 0, 0),
			(long)-XEN_EFAULT);
	vfree(v);
}

static void xenhv_hv_yield_notifies_spin_wait(struct kunit *test)
{
	u64 fail0, fail1, n0, n1;

	n0 = xenhv_hv_call_count(HVCALL_NOTIFY_LONG_SPIN_WAIT, &fail0);
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
	n1 = xenhv_hv_call_count(HVCALL_NOTIFY_LONG_SPIN_WAIT, &fail1);
	/* Exactly one Hyper-V call, and Hyper-V said HV_STATUS_SUCCESS. */
	KUNIT_EXPECT_EQ(test, n1 - n0, 1ULL);
	KUNIT_EXPECT_EQ(test, fail1 - fail0, 0ULL);
}

static void xenhv_hv_vp_indexes(struct kunit *test)
{
	struct xenhv_vcpu_info vi;
	u32 seen[NR_CPUS];
	unsigned int cpu, n = 0, i;

	for_each_online_cpu(cpu) {
		KUNIT_ASSERT_EQ(test, xenhv_get_vcpu_info(cpu, &vi), 0);
		KUNIT_EXPECT_NE(test, vi.vp_index, U32_MAX);
		KUNIT_EXPECT_NE(test, vi.vector, 0);
		/* Event IPIs have a vector of their own: no SIMP read for them. */
		KUNIT_EXPECT_NE(test, vi.upcall_vector, 0);
		KUNIT_EXPECT_NE(test, vi.upcall_vector, vi.vector);
		for (i = 0; i < n; i++)
			KUNIT_EXPECT_NE(test, seen[i], vi.vp_index);
		seen[n++] = vi.vp_index;
	}
	KUNIT_EXPECT_EQ(test, xenhv_get_vcpu_info(nr_cpu_ids, &vi), -EINVAL);
}

struct xenhv_stimer_arm {
	unsigned int sint;
	u64 delay_100ns;
	int err;
};

/* Runs on the target vCPU: synthetic timers are per-VP (TLFS 12.1). */
static void xenhv_arm_stimer(void *data)
{
	struct xenhv_stimer_arm *a = data;
	union hv_stimer_config cfg = { .as_uint64 = 0 };
	u64 now;

	a->err = rdmsrl_safe(HV_X64_MSR_TIME_REF_COUNT, &now);
	if (a->err)
		return;
	cfg.enable = 1;
	cfg.sintx = a->sint;
	a->err = wrmsrl_safe(XENHV_STIMER_CONFIG_MSR(XENHV_TEST_STIMER), cfg.as_uint64);
	if (!a->err)
		a->err = wrmsrl_safe(XENHV_STIMER_COUNT_MSR(XENHV_TEST_STIMER),
				     now + a->delay_100ns);
}

/* Leave the borrowed timer as the test found it: disabled, count 0. */
static void xenhv_disarm_stimer(void *data)
{
	wrmsrl_safe(XENHV_STIMER_CONFIG_MSR(XENHV_TEST_STIMER), 0);
	wrmsrl_safe(XENHV_STIMER_COUNT_MSR(XENHV_TEST_STIMER), 0);
}

static void xenhv_hv_sint_delivers_timer_message(struct kunit *test)
{
	struct xenhv_vcpu_info before, after;
	struct xenhv_info info;
	unsigned int cpu;
	int waited;

	xenhv_get_info(&info);
	KUNIT_ASSERT_TRUE_MSG(test, info.hv_features_eax & HV_MSR_SYNTIMER_AVAILABLE,
			      "Hyper-V offers no synthetic timers");
	for_each_online_cpu(cpu) {
		struct xenhv_stimer_arm a = { .sint = info.sint, .delay_100ns = 10000 };

		KUNIT_ASSERT_EQ(test, xenhv_get_vcpu_info(cpu, &before), 0);
		smp_call_function_single(cpu, xenhv_arm_stimer, &a, 1);
		KUNIT_ASSERT_EQ_MSG(test, a.err, 0, "arming STIMER%d on vCPU %u",
				    XENHV_TEST_STIMER, cpu);
		/* 1 ms timer; allow 5 s for a slow nested emulation. */
		for (waited = 0; waited < 5000; waited += 20) {
			xenhv_get_vcpu_info(cpu, &after);
			if (after.timer_msgs > before.timer_msgs)
				break;
			msleep(20);
		}
		smp_call_function_single(cpu, xenhv_disarm_stimer, NULL, 1);
		KUNIT_EXPECT_EQ_MSG(test, after.timer_msgs, before.timer_msgs + 1,
				    "timer message on vCPU %u", cpu);
		KUNIT_EXPECT_GT_MSG(test, after.sint_irqs, before.sint_irqs,
				    "interrupt on xenhv's vector 0x%x, vCPU %u",
				    after.vector, cpu);
		kunit_info(test, "vCPU %u: SINT%u on vector 0x%x, message after ~%d ms\n",
			   cpu, info.sint, after.vector, waited);
	}
}

/* ---- Event channels on the real Hyper-V ---- */

#define XENHV_EV_PORTS	64

/* ~5 ms a round trip on the nested TCG stack: 1000 keeps CI near 10 s. */
static unsigned int storm_rounds = 1000;
module_param(storm_rounds, uint, 0444);
MODULE_PARM_DESC(storm_rounds, "Ping-pong sends per vCPU in the event storm test");

static unsigned int storm_sends = 1000000;
module_param(storm_sends, uint, 0444);
MODULE_PARM_DESC(storm_sends, "Total fire-and-forget sends in the million-send storm");

static struct shared_info *ev_shinfo;
/* Fire-and-forget storm: the sender's sequence, and what the consumer saw. */
static unsigned long ev_seq[XENHV_EV_PORTS];
static unsigned long ev_seen_seq[XENHV_EV_PORTS];
static atomic_t ev_wrong_cpu;
static atomic_t ev_consumed[XENHV_EV_PORTS];
static atomic_t ev_where[XENHV_EV_PORTS];	/* vCPU that consumed it last */
static atomic_t ev_upcalls, ev_spurious;
/* Ports bound to each vCPU, as Linux keeps per-CPU evtchn masks. */
static unsigned long ev_cpu_ports[NR_CPUS];

/* FIFO mode: control block per vCPU (one page each) and one event page. */
static struct evtchn_fifo_control_block *ev_fifo_cb[NR_CPUS];
static event_word_t *ev_fifo_words;
/* Linux keeps its own queue heads; the control block's is read when empty. */
static u32 ev_fifo_qhead[NR_CPUS][EVTCHN_FIFO_MAX_QUEUES];

static void xenhv_ev_consumed(unsigned int port, unsigned int cpu)
{
	if (port < XENHV_EV_PORTS) {
		atomic_set(&ev_where[port], cpu);
		atomic_inc(&ev_consumed[port]);
		/* Read after the pending bit was cleared: the newest send seen. */
		WRITE_ONCE(ev_seen_seq[port], READ_ONCE(ev_seq[port]));
	}
}

static bool xenhv_word_test_and_clear(event_word_t *w, unsigned int bit)
{
	return test_and_clear_bit(bit + ((unsigned long)w & 4) * 8,
				  (unsigned long *)((unsigned long)w & ~7UL));
}

/* Linux's events_fifo.c __evtchn_fifo_handle_events()/consume_one_event(). */
static bool xenhv_test_upcall_fifo(unsigned int cpu)
{
	struct evtchn_fifo_control_block *cb = ev_fifo_cb[cpu];
	unsigned long ready = xchg(&cb->ready, 0);
	bool found = false;

	while (ready) {
		unsigned int q = __ffs(ready);
		u32 head = ev_fifo_qhead[cpu][q];
		event_word_t *w, old, new;

		if (!head) {
			smp_rmb();	/* the word before the head, as Linux does */
			head = READ_ONCE(cb->head[q]);
		}
		if (!head) {
			ready &= ~BIT(q);
			continue;
		}
		w = &ev_fifo_words[head];
		old = READ_ONCE(*w);
		do {
			new = old & ~(BIT(EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK);
		} while (!try_cmpxchg(w, &old, new));
		if (!(old & EVTCHN_FIFO_LINK_MASK))
			ready &= ~BIT(q);
		if (xenhv_word_test_and_clear(w, EVTCHN_FIFO_PENDING)) {
			xenhv_ev_consumed(head, cpu);
			found = true;
		}
		ev_fifo_qhead[cpu][q] = old & EVTCHN_FIFO_LINK_MASK;
	}
	return found;
}

/* What Linux's xen_evtchn_do_upcall() does with 2-level events. */
static void xenhv_test_upcall(void)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu_info *vi = &ev_shinfo->vcpu_info[cpu];
	unsigned long sel, bits;
	bool found = false;

	atomic_inc(&ev_upcalls);
	WRITE_ONCE(vi->evtchn_upcall_pending, 0);
	if (ev_fifo_words) {
		if (!xenhv_test_upcall_fifo(cpu))
			atomic_inc(&ev_spurious);
		return;
	}
	sel = xchg(&vi->evtchn_pending_sel, 0);
	while (sel) {
		unsigned int w = __ffs(sel);

		sel &= sel - 1;
		/* Only this vCPU's ports, as Linux's active_evtchns() does. */
		bits = READ_ONCE(ev_shinfo->evtchn_pending[w]) &
		       ~READ_ONCE(ev_shinfo->evtchn_mask[w]) &
		       (w == 0 ? READ_ONCE(ev_cpu_ports[cpu]) : 0);
		while (bits) {
			unsigned int port = w * BITS_PER_LONG + __ffs(bits);

			bits &= bits - 1;
			if (!test_and_clear_bit(port, (unsigned long *)ev_shinfo->evtchn_pending))
				continue;
			found = true;
			xenhv_ev_consumed(port, cpu);
		}
	}
	if (!found)
		atomic_inc(&ev_spurious);
}

static int xenhv_ev_init(struct kunit *test)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
	};
	unsigned int i;

	xenhv_hv_case_begins(test);

	ev_shinfo = (void *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ev_shinfo);
	for (i = 0; i < XENHV_EV_PORTS; i++) {
		atomic_set(&ev_consumed[i], 0);
		atomic_set(&ev_where[i], -1);
	}
	atomic_set(&ev_upcalls, 0);
	atomic_set(&ev_spurious, 0);
	memset(ev_cpu_ports, 0, sizeof(ev_cpu_ports));
	memset(ev_seq, 0, sizeof(ev_seq));
	memset(ev_seen_seq, 0, sizeof(ev_seen_seq));
	atomic_set(&ev_wrong_cpu, 0);
	xatp.gpfn = PHYS_PFN(virt_to_phys(ev_shinfo));
	KUNIT_ASSERT_EQ(test, xenhv_HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp), 0);
	/*
	 * Xen's shared_info outlives a mapping, so it carries what earlier
	 * tests left; start each test from a clean page, as a guest that
	 * (re)initialises its event state does.
	 */
	memset(ev_shinfo, 0, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, xenhv_register_upcall(xenhv_test_upcall), 0);
	return 0;
}

static void xenhv_ev_exit(struct kunit *test)
{
	struct xen_remove_from_physmap xrfp = {
		.domid = DOMID_SELF, .gpfn = PHYS_PFN(virt_to_phys(ev_shinfo)),
	};
	struct evtchn_reset reset = { .dom = DOMID_SELF };
	unsigned int cpu;

	if (!ev_shinfo)
		return;		/* the case was skipped before its setup */
	/* Reset also takes xenhv back to 2-level: then the FIFO pages are ours. */
	xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_reset, &reset);
	xenhv_unregister_upcall(xenhv_test_upcall);
	free_page((unsigned long)ev_fifo_words);
	ev_fifo_words = NULL;
	for (cpu = 0; cpu < ARRAY_SIZE(ev_fifo_cb); cpu++) {
		free_page((unsigned long)ev_fifo_cb[cpu]);
		ev_fifo_cb[cpu] = NULL;
	}
	memset(ev_fifo_qhead, 0, sizeof(ev_fifo_qhead));
	/* Xen keeps shared_info's state once the guest takes its page back. */
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &xrfp), 0);
	free_page((unsigned long)ev_shinfo);
	ev_shinfo = NULL;
}

static int xenhv_ev_bind_ipi(unsigned int vcpu)
{
	struct evtchn_bind_ipi b = { .vcpu = vcpu };
	int ret = xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b);

	if (ret)
		return ret;
	if (b.port < XENHV_EV_PORTS && vcpu < ARRAY_SIZE(ev_cpu_ports))
		set_bit(b.port, &ev_cpu_ports[vcpu]);
	return b.port;
}

static int xenhv_ev_send(unsigned int port)
{
	struct evtchn_send s = { .port = port };

	return xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

/* Wait until @port has been consumed @n times; false after 5 s. */
/*
 * A time limit that counts only time the guest ran. On the nested TCG
 * stack L0 can stall L1 for ten seconds and more until the harness kicks
 * it (Documentation/testing.rst); the guest's jiffies then jump when its
 * ticks resume. A step longer than @max_step between two looks is such a
 * stall, not time the test waited, so it does not count.
 */
struct xenhv_runtime {
	unsigned long last, ran, max_step;
};

static void xenhv_runtime_start(struct xenhv_runtime *rt, unsigned long max_step)
{
	rt->last = jiffies;
	rt->ran = 0;
	rt->max_step = max_step;
}

static unsigned long xenhv_runtime_ran(struct xenhv_runtime *rt)
{
	unsigned long now = jiffies, step = now - rt->last;

	if (step <= rt->max_step)
		rt->ran += step;
	else
		pr_info("xenhv-hv: the guest did not run for %u ms: not counted\n",
			jiffies_to_msecs(step));
	rt->last = now;
	return rt->ran;
}

static bool xenhv_ev_wait(unsigned int port, int n)
{
	struct xenhv_runtime rt;

	xenhv_runtime_start(&rt, HZ);
	while (atomic_read(&ev_consumed[port]) < n) {
		if (xenhv_runtime_ran(&rt) > 5 * HZ)
			return false;
		cpu_relax();
	}
	return true;
}

/* Run the calling test thread on @cpu (kthreads may be re-pinned). */
static void xenhv_pin(struct kunit *test, unsigned int cpu)
{
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(cpu)), 0);
	KUNIT_ASSERT_EQ(test, raw_smp_processor_id(), cpu);
}

static void xenhv_hv_evtchn_ipi_cross_vcpu(struct kunit *test)
{
	const int rounds = 200;
	int port, i;
	u64 n0, n1, f0, f1;

	KUNIT_ASSERT_GE_MSG(test, num_online_cpus(), 2U, "needs 2 vCPUs");
	xenhv_pin(test, 0);
	port = xenhv_ev_bind_ipi(1);
	KUNIT_ASSERT_GT(test, port, 0);
	n0 = xenhv_hv_call_count(HVCALL_SEND_IPI, &f0);
	for (i = 1; i <= rounds; i++) {
		KUNIT_ASSERT_EQ(test, xenhv_ev_send(port), 0);
		KUNIT_ASSERT_TRUE_MSG(test, xenhv_ev_wait(port, i), "event %d lost", i);
	}
	n1 = xenhv_hv_call_count(HVCALL_SEND_IPI, &f1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ev_consumed[port]), rounds);
	KUNIT_EXPECT_EQ(test, atomic_read(&ev_where[port]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ev_spurious), 0);
	/* One HvCallSendSyntheticClusterIpi per event, all HV_STATUS_SUCCESS. */
	KUNIT_EXPECT_EQ(test, n1 - n0, (u64)rounds);
	KUNIT_EXPECT_EQ(test, f1 - f0, 0ULL);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/*
 * A vCPU taken offline has no upcall vector: an event for it stays
 * pending and costs no Hyper-V call. When the vCPU comes back it gets
 * the upcall for it (xenhv_vcpu_online(); Xen asserts the upcall when a
 * vCPU's vector is set), and events reach it as before.
 */
static void xenhv_hv_evtchn_vcpu_offline_and_back(struct kunit *test)
{
	u64 n0, n1, f0, f1;
	int port;

	KUNIT_ASSERT_GE_MSG(test, num_online_cpus(), 2U, "needs 2 vCPUs");
	xenhv_pin(test, 0);
	port = xenhv_ev_bind_ipi(1);
	KUNIT_ASSERT_GT(test, port, 0);
	KUNIT_ASSERT_EQ(test, remove_cpu(1), 0);
	n0 = xenhv_hv_call_count(HVCALL_SEND_IPI, &f0);
	KUNIT_EXPECT_EQ(test, xenhv_ev_send(port), 0);
	n1 = xenhv_hv_call_count(HVCALL_SEND_IPI, &f1);
	KUNIT_EXPECT_EQ(test, n1 - n0, 0ULL);
	KUNIT_EXPECT_TRUE(test, test_bit(port, (unsigned long *)ev_shinfo->evtchn_pending));
	KUNIT_EXPECT_EQ(test, READ_ONCE(ev_shinfo->vcpu_info[1].evtchn_upcall_pending), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ev_consumed[port]), 0);

	KUNIT_ASSERT_EQ(test, add_cpu(1), 0);
	KUNIT_EXPECT_TRUE_MSG(test, xenhv_ev_wait(port, 1), "the pending event never reached vCPU 1");
	KUNIT_EXPECT_EQ(test, atomic_read(&ev_where[port]), 1);
	KUNIT_EXPECT_EQ(test, xenhv_ev_send(port), 0);
	KUNIT_EXPECT_TRUE_MSG(test, xenhv_ev_wait(port, 2), "no event after vCPU 1 came back");
	KUNIT_EXPECT_EQ(test, atomic_read(&ev_spurious), 0);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

static void xenhv_hv_evtchn_same_vcpu_no_hypercall(struct kunit *test)
{
	const int rounds = 50;
	int port, i;
	u64 n0, n1;

	xenhv_pin(test, 0);
	port = xenhv_ev_bind_ipi(0);
	KUNIT_ASSERT_GT(test, port, 0);
	n0 = xenhv_hv_call_count(HVCALL_SEND_IPI, NULL) +
	     xenhv_hv_call_count(HVCALL_SEND_IPI_EX, NULL);
	for (i = 1; i <= rounds; i++) {
		KUNIT_ASSERT_EQ(test, xenhv_ev_send(port), 0);
		KUNIT_ASSERT_TRUE_MSG(test, xenhv_ev_wait(port, i), "event %d lost", i);
	}
	n1 = xenhv_hv_call_count(HVCALL_SEND_IPI, NULL) +
	     xenhv_hv_call_count(HVCALL_SEND_IPI_EX, NULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&ev_where[port]), 0);
	KUNIT_EXPECT_EQ(test, n1 - n0, 0ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&ev_spurious), 0);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

static void xenhv_hv_evtchn_loopback_interdomain(struct kunit *test)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
	struct evtchn_bind_interdomain b = { .remote_dom = DOMID_SELF };

	/*
	 * Both ends notify vCPU 0 (Xen binds new channels there), and the
	 * local end is raised inside bind_interdomain: the handler must
	 * already treat vCPU 0's ports as its own, as a guest binds a port
	 * to its CPU before it can fire.
	 */
	ev_cpu_ports[0] = ~0UL;
	KUNIT_ASSERT_EQ(test, xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a), 0);
	b.remote_port = a.port;
	KUNIT_ASSERT_EQ(test, xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b),
			0);
	/* The new local end is raised at bind time. */
	KUNIT_EXPECT_TRUE(test, xenhv_ev_wait(b.local_port, 1));
	KUNIT_EXPECT_EQ(test, xenhv_ev_send(b.local_port), 0);
	KUNIT_EXPECT_TRUE(test, xenhv_ev_wait(a.port, 1));
	KUNIT_EXPECT_EQ(test, xenhv_ev_send(a.port), 0);
	KUNIT_EXPECT_TRUE(test, xenhv_ev_wait(b.local_port, 2));
	KUNIT_EXPECT_EQ(test, atomic_read(&ev_spurious), 0);
}

static void xenhv_hv_evtchn_bad_input(struct kunit *test)
{
	struct evtchn_bind_ipi b = { .vcpu = nr_cpu_ids };

	KUNIT_EXPECT_EQ(test, xenhv_ev_send(0), -XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_ev_send(60000), -XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b),
			-XEN_ENOENT);
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_send, NULL),
			-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_send,
								(void *)0x1000), -XEN_EFAULT);
	{
		struct evtchn_init_control ic = { .vcpu = nr_cpu_ids };

		KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_init_control,
									&ic), -XEN_ENOENT);
	}
}

/* The same cross-vCPU ping-pong after switching the domain to FIFO. */
static void xenhv_hv_evtchn_fifo_cross_vcpu(struct kunit *test)
{
	struct evtchn_expand_array ea;
	const int rounds = 200;
	unsigned int cpu;
	int port, i;
	u64 n0, n1;

	KUNIT_ASSERT_GE(test, num_online_cpus(), 2U);
	for_each_online_cpu(cpu) {
		struct evtchn_init_control ic = { .vcpu = cpu };

		ev_fifo_cb[cpu] = (void *)get_zeroed_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, ev_fifo_cb[cpu]);
		ic.control_gfn = PHYS_PFN(virt_to_phys(ev_fifo_cb[cpu]));
		KUNIT_ASSERT_EQ(test, xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_init_control,
									&ic), 0);
		KUNIT_EXPECT_EQ(test, ic.link_bits, (u8)EVTCHN_FIFO_LINK_BITS);
	}
	ev_fifo_words = (void *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ev_fifo_words);
	ea.array_gfn = PHYS_PFN(virt_to_phys(ev_fifo_words));
	KUNIT_ASSERT_EQ(test, xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &ea), 0);

	xenhv_pin(test, 0);
	port = xenhv_ev_bind_ipi(1);
	KUNIT_ASSERT_GT(test, port, 0);
	n0 = xenhv_hv_call_count(HVCALL_SEND_IPI, NULL);
	for (i = 1; i <= rounds; i++) {
		KUNIT_ASSERT_EQ(test, xenhv_ev_send(port), 0);
		KUNIT_ASSERT_TRUE_MSG(test, xenhv_ev_wait(port, i), "FIFO event %d lost", i);
	}
	n1 = xenhv_hv_call_count(HVCALL_SEND_IPI, NULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&ev_where[port]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ev_spurious), 0);
	KUNIT_EXPECT_EQ(test, n1 - n0, (u64)rounds);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/* Xen system time as xenhv defines it: Hyper-V reference time x 100 ns. */
static u64 xenhv_xen_now(void)
{
	u64 ref = 0;

	rdmsrl_safe(HV_X64_MSR_TIME_REF_COUNT, &ref);
	return ref * 100;
}

static long xenhv_poll_one(u32 port, u64 timeout)
{
	struct sched_poll sp = { .nr_ports = 1, .timeout = timeout };

	sp.ports = &port;
	return xenhv_HYPERVISOR_sched_op(SCHEDOP_poll, &sp);
}

struct xenhv_delayed_send {
	u32 port;
	unsigned int delay_ms;
	struct completion done;
};

static int xenhv_delayed_send_thread(void *data)
{
	struct xenhv_delayed_send *ds = data;

	msleep(ds->delay_ms);
	xenhv_ev_send(ds->port);
	complete(&ds->done);
	return 0;
}

/*
 * SCHEDOP_poll on a masked port (as Linux's PV spinlock polls its kick
 * port): another vCPU's send wakes it well before the timeout.
 */
static void xenhv_hv_sched_poll_woken_by_send(struct kunit *test)
{
	struct xenhv_delayed_send ds = { .delay_ms = 50 };
	struct task_struct *t;
	ktime_t t0;
	s64 ms;
	int port;

	KUNIT_ASSERT_GE(test, num_online_cpus(), 2U);
	xenhv_pin(test, 0);
	port = xenhv_ev_bind_ipi(0);
	KUNIT_ASSERT_GT(test, port, 0);
	set_bit(port, (unsigned long *)ev_shinfo->evtchn_mask);
	ds.port = port;
	init_completion(&ds.done);
	t = kthread_create_on_cpu(xenhv_delayed_send_thread, &ds, 1, "xenhv-send/%u");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	t0 = ktime_get();
	wake_up_process(t);
	KUNIT_EXPECT_EQ(test, xenhv_poll_one(port, xenhv_xen_now() + 10ULL * NSEC_PER_SEC), 0L);
	ms = ktime_ms_delta(ktime_get(), t0);
	wait_for_completion(&ds.done);
	KUNIT_EXPECT_TRUE(test, test_bit(port, (unsigned long *)ev_shinfo->evtchn_pending));
	KUNIT_EXPECT_GE(test, ms, 40LL);
	KUNIT_EXPECT_LT(test, ms, 5000LL);
	kunit_info(test, "poll woken after %lld ms (send after 50 ms)\n", ms);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/* Nothing arrives: SCHEDOP_poll returns 0 once system time passes the timeout. */
static void xenhv_hv_sched_poll_timeout(struct kunit *test)
{
	int port = xenhv_ev_bind_ipi(0);
	ktime_t t0;
	s64 ms;

	KUNIT_ASSERT_GT(test, port, 0);
	set_bit(port, (unsigned long *)ev_shinfo->evtchn_mask);
	t0 = ktime_get();
	KUNIT_EXPECT_EQ(test, xenhv_poll_one(port, xenhv_xen_now() + 30 * NSEC_PER_MSEC), 0L);
	ms = ktime_ms_delta(ktime_get(), t0);
	KUNIT_EXPECT_GE(test, ms, 29LL);
	KUNIT_EXPECT_LT(test, ms, 5000LL);
	KUNIT_EXPECT_FALSE(test, test_bit(port, (unsigned long *)ev_shinfo->evtchn_pending));
	/* Xen's checks: port 0 and more than 128 ports are -EINVAL. */
	KUNIT_EXPECT_EQ(test, xenhv_poll_one(0, 0), (long)-XEN_EINVAL);
	{
		struct sched_poll sp = { .nr_ports = 129 };

		KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_sched_op(SCHEDOP_poll, &sp), -XEN_EINVAL);
	}
	kunit_info(test, "30 ms poll timeout returned after %lld ms\n", ms);
}

/*
 * A port bound to a host connection sends with HvCallSignalEvent. No host
 * created connection 0x7777 for this guest, so the real Hyper-V refuses it
 * (HV_STATUS_INVALID_CONNECTION_ID): one call, counted as failed, and the
 * Xen send itself succeeds, as a send to a departed peer does.
 */
static void xenhv_hv_evtchn_hv_connection_signal_event(struct kunit *test)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = 0 };
	u64 n0, n1, f0, f1;

	KUNIT_ASSERT_EQ(test, xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a), 0);
	KUNIT_ASSERT_EQ(test, xenhv_connect_hv_port(a.port, 0x7777, 3), 0);
	n0 = xenhv_hv_call_count(HVCALL_SIGNAL_EVENT, &f0);
	KUNIT_EXPECT_EQ(test, xenhv_ev_send(a.port), 0);
	n1 = xenhv_hv_call_count(HVCALL_SIGNAL_EVENT, &f1);
	KUNIT_EXPECT_EQ(test, n1 - n0, 1ULL);
	KUNIT_EXPECT_EQ(test, f1 - f0, 1ULL);
}

struct xenhv_fire {
	unsigned int port;
	unsigned long sends;	/* at most this many */
	unsigned long sent;	/* how many it made */
	int err;
	bool stop;		/* the storm's time is up */
	unsigned long nvcsw, nivcsw;	/* its context switches */
	struct completion done;
};

static int xenhv_fire_thread(void *data)
{
	struct xenhv_fire *f = data;
	unsigned long i;

	for (i = 1; i <= f->sends && !READ_ONCE(f->stop); i++) {
		WRITE_ONCE(ev_seq[f->port], i);
		f->err = xenhv_ev_send(f->port);
		if (f->err)
			break;
		f->sent = i;
		if (!(i % 4096))
			cond_resched();
	}
	f->nvcsw = current->nvcsw;
	f->nivcsw = current->nivcsw;
	complete(&f->done);
	return 0;
}

/*
 * How long the storm sends at most. On the nested TCG stack one delivery
 * costs ~4 ms of the one L1 CPU that runs both L2 vCPUs, and how many
 * sends coalesce per delivery depends on L1's scheduling of the two vCPU
 * threads: a million sends took from 0.7 to 61 s in back-to-back runs
 * (Documentation/testing.rst). The checks hold for any number of sends.
 */
static unsigned int storm_seconds = 20;
module_param(storm_seconds, uint, 0444);
MODULE_PARM_DESC(storm_seconds, "Seconds the million-send storm sends at most");

/*
 * Every vCPU sends as fast as it can, without waiting, to a port on the
 * next vCPU: a million sends in all, or as many as storm_seconds allow
 * (progress is printed every 5 s, so that silence means a stall). Sends
 * to a still-pending port coalesce (as in Xen), so the checks are: the last send of each sender
 * is delivered (no lost wakeup), events arrive only on the vCPU bound and
 * only on sent ports, and each Hyper-V IPI produced exactly one upcall.
 * An upcall that finds its event already taken by the previous one is
 * legitimate in Xen too; those are reported, not failed.
 */
static void xenhv_hv_evtchn_million_send_storm(struct kunit *test)
{
	unsigned int n = num_online_cpus(), cpu, i = 0, other;
	struct xenhv_runtime rt;
	unsigned long sent = 0;
	struct xenhv_fire *f;
	int upcalls0, empty0, delivered = 0;
	struct xenhv_vcpu_info vi0[2] = {}, vi1;
	unsigned long t0;
	u64 n0, n1, ipis, upcall_irqs = 0, idle0[2];

	KUNIT_ASSERT_GE(test, n, 2U);
	f = kunit_kcalloc(test, n, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	for_each_online_cpu(cpu) {
		other = cpumask_next(cpu, cpu_online_mask) < nr_cpu_ids ?
			cpumask_next(cpu, cpu_online_mask) : cpumask_first(cpu_online_mask);
		f[i].port = xenhv_ev_bind_ipi(other);
		KUNIT_ASSERT_GT(test, (int)f[i].port, 0);
		f[i].sends = storm_sends / n;
		init_completion(&f[i].done);
		i++;
	}
	upcalls0 = atomic_read(&ev_upcalls);
	empty0 = atomic_read(&ev_spurious);
	for (i = 0; i < 2; i++)
		xenhv_get_vcpu_info(i, &vi0[i]);
	n0 = xenhv_hv_call_count(HVCALL_SEND_IPI, NULL);
	for (i = 0; i < 2; i++)
		idle0[i] = get_cpu_idle_time_us(i, NULL);
	t0 = jiffies;
	i = 0;
	for_each_online_cpu(cpu) {
		struct task_struct *t = kthread_create_on_cpu(xenhv_fire_thread, &f[i], cpu,
							     "xenhv-fire/%u");

		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
		wake_up_process(t);
		i++;
	}
	xenhv_runtime_start(&rt, 6 * HZ);
	for (i = 0; i < n; i++) {
		while (!wait_for_completion_timeout(&f[i].done, 5 * HZ)) {
			unsigned int j;

			for (j = 0; j < n; j++)
				pr_info("xenhv-hv: storm %us: sender %u at %lu of %lu, receiver saw %lu, %d consumed, %llu Hyper-V IPIs\n",
					jiffies_to_msecs(jiffies - t0) / 1000, j,
					READ_ONCE(ev_seq[f[j].port]), f[j].sends,
					READ_ONCE(ev_seen_seq[f[j].port]),
					atomic_read(&ev_consumed[f[j].port]),
					xenhv_hv_call_count(HVCALL_SEND_IPI, NULL) - n0);
			for (j = 0; j < 2; j++)
				pr_info("xenhv-hv: storm: vCPU %u idle %llu ms\n", j,
					div_u64(get_cpu_idle_time_us(j, NULL) - idle0[j], 1000));
			if (time_after(jiffies, t0 + storm_seconds * HZ))
				for (j = 0; j < n; j++)
					WRITE_ONCE(f[j].stop, true);
			if (xenhv_runtime_ran(&rt) > (storm_seconds + 30) * HZ) {
				KUNIT_FAIL(test, "sender %u does not stop: at %lu after %u s",
					   i, READ_ONCE(ev_seq[f[i].port]), storm_seconds + 30);
				return;
			}
		}
	}
	/* Let the last deliveries land. */
	xenhv_runtime_start(&rt, HZ);
	for (i = 0; i < n; i++)
		while (READ_ONCE(ev_seen_seq[f[i].port]) != f[i].sent &&
		       xenhv_runtime_ran(&rt) < 10 * HZ)
			msleep(20);
	n1 = xenhv_hv_call_count(HVCALL_SEND_IPI, NULL);
	ipis = n1 - n0;
	i = 0;
	for_each_online_cpu(cpu) {
		unsigned long seen;

		other = cpumask_next(cpu, cpu_online_mask) < nr_cpu_ids ?
			cpumask_next(cpu, cpu_online_mask) : cpumask_first(cpu_online_mask);
		KUNIT_EXPECT_EQ(test, f[i].err, 0);
		seen = READ_ONCE(ev_seen_seq[f[i].port]);
		KUNIT_EXPECT_EQ_MSG(test, seen, f[i].sent,
				    "sender %u: last send never delivered", i);
		KUNIT_EXPECT_EQ(test, atomic_read(&ev_where[f[i].port]), (int)other);
		KUNIT_EXPECT_LE(test, (unsigned long)atomic_read(&ev_consumed[f[i].port]),
				f[i].sent);
		KUNIT_EXPECT_GT(test, f[i].sent, 0UL);
		sent += f[i].sent;
		delivered += atomic_read(&ev_consumed[f[i].port]);
		i++;
	}
	for (i = 0; i < XENHV_EV_PORTS; i++) {
		unsigned int j;
		bool sent = false;

		for (j = 0; j < n; j++)
			sent |= f[j].port == i;
		if (!sent)
			KUNIT_EXPECT_EQ_MSG(test, atomic_read(&ev_consumed[i]), 0,
					    "event on port %u, never sent", i);
	}
	KUNIT_EXPECT_EQ(test, (u64)(atomic_read(&ev_upcalls) - upcalls0), ipis);
	/*
	 * Every upcall ran from an interrupt on the upcall vector (two IPIs
	 * landing while one is pending make one interrupt, so not equal).
	 */
	for (i = 0; i < 2; i++) {
		xenhv_get_vcpu_info(i, &vi1);
		upcall_irqs += vi1.upcall_irqs - vi0[i].upcall_irqs;
	}
	KUNIT_EXPECT_GE(test, upcall_irqs, (u64)(atomic_read(&ev_upcalls) - upcalls0));
	kunit_info(test, "%lu sends from %u vCPUs in %u ms: %d deliveries, %llu Hyper-V IPIs, %d upcalls (%d found their event already taken)\n",
		   sent, n, jiffies_to_msecs(jiffies - t0), delivered,
		   ipis, atomic_read(&ev_upcalls) - upcalls0, atomic_read(&ev_spurious) - empty0);
	for (i = 0; i < 2; i++) {
		xenhv_get_vcpu_info(i, &vi1);
		kunit_info(test, "vCPU %u during the storm: %llu interrupts on the upcall vector, %llu on the SINT's, %llu ran time duties, %llu refreshes, idle %llu ms; its sender switched out %lu times (%lu preempted)\n",
			   i, vi1.upcall_irqs - vi0[i].upcall_irqs, vi1.sint_irqs - vi0[i].sint_irqs,
			   vi1.time_duties - vi0[i].time_duties,
			   vi1.time_refreshes - vi0[i].time_refreshes,
			   div_u64(get_cpu_idle_time_us(i, NULL) - idle0[i], 1000),
			   f[i].nvcsw + f[i].nivcsw, f[i].nivcsw);
	}
}

struct xenhv_storm {
	unsigned int port;
	unsigned int rounds;
	int lost_at;		/* 0, or the round that never arrived */
	struct completion done;
};

static int xenhv_storm_thread(void *data)
{
	struct xenhv_storm *st = data;
	unsigned int i;

	for (i = 1; i <= st->rounds; i++) {
		if (xenhv_ev_send(st->port) || !xenhv_ev_wait(st->port, i)) {
			st->lost_at = i;
			break;
		}
		if (!(i % 256))
			cond_resched();
	}
	complete(&st->done);
	return 0;
}

/*
 * Every vCPU ping-pongs events to a port bound to the next vCPU, all at
 * once: each send must be consumed exactly once, on the right vCPU, with
 * one Hyper-V IPI each and no spurious upcall.
 */
static void xenhv_hv_evtchn_storm_all_vcpus(struct kunit *test)
{
	unsigned int n = num_online_cpus(), cpu, i = 0;
	struct xenhv_storm *st;
	unsigned long t0;
	u64 n0, n1;

	KUNIT_ASSERT_GE(test, n, 2U);
	st = kunit_kcalloc(test, n, sizeof(*st), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, st);
	n0 = xenhv_hv_call_count(HVCALL_SEND_IPI, NULL);
	for_each_online_cpu(cpu) {
		int port = xenhv_ev_bind_ipi(cpumask_next(cpu, cpu_online_mask) < nr_cpu_ids ?
					     cpumask_next(cpu, cpu_online_mask) :
					     cpumask_first(cpu_online_mask));

		KUNIT_ASSERT_GT(test, port, 0);
		st[i].port = port;
		st[i].rounds = storm_rounds;
		init_completion(&st[i].done);
		i++;
	}
	t0 = jiffies;
	i = 0;
	for_each_online_cpu(cpu) {
		struct task_struct *t = kthread_create_on_cpu(xenhv_storm_thread, &st[i],
							     cpu, "xenhv-storm/%u");

		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
		wake_up_process(t);
		i++;
	}
	for (i = 0; i < n; i++)
		wait_for_completion(&st[i].done);
	n1 = xenhv_hv_call_count(HVCALL_SEND_IPI, NULL);
	i = 0;
	for_each_online_cpu(cpu) {
		unsigned int target = cpumask_next(cpu, cpu_online_mask) < nr_cpu_ids ?
				      cpumask_next(cpu, cpu_online_mask) :
				      cpumask_first(cpu_online_mask);

		KUNIT_EXPECT_EQ(test, atomic_read(&ev_where[st[i].port]), (int)target);
		i++;
	}
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, st[i].lost_at, 0, "sender %u lost an event", i);
		KUNIT_EXPECT_EQ(test, atomic_read(&ev_consumed[st[i].port]), (int)storm_rounds);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&ev_spurious), 0);
	KUNIT_EXPECT_EQ(test, n1 - n0, (u64)n * storm_rounds);
	kunit_info(test, "%u vCPUs x %u events in %u ms, %d upcalls, %llu Hyper-V IPIs\n",
		   n, storm_rounds, jiffies_to_msecs(jiffies - t0),
		   atomic_read(&ev_upcalls), n1 - n0);
}

static struct kunit_case xenhv_hv_evtchn_cases[] = {
	KUNIT_CASE(xenhv_hv_evtchn_ipi_cross_vcpu),
	KUNIT_CASE(xenhv_hv_evtchn_vcpu_offline_and_back),
	KUNIT_CASE(xenhv_hv_evtchn_same_vcpu_no_hypercall),
	KUNIT_CASE(xenhv_hv_evtchn_loopback_interdomain),
	KUNIT_CASE(xenhv_hv_evtchn_bad_input),
	KUNIT_CASE(xenhv_hv_evtchn_fifo_cross_vcpu),
	KUNIT_CASE(xenhv_hv_sched_poll_woken_by_send),
	KUNIT_CASE(xenhv_hv_sched_poll_timeout),
	KUNIT_CASE(xenhv_hv_evtchn_hv_connection_signal_event),
	{}
};

static struct kunit_suite xenhv_hv_evtchn_suite = {
	.name = "xenhv_hyperv_evtchn",
	.init = xenhv_ev_init,
	.exit = xenhv_ev_exit,
	.test_cases = xenhv_hv_evtchn_cases,
};

/* Every vCPU sending at once: a suite (and so a guest) of their own. */
static struct kunit_case xenhv_hv_storm_cases[] = {
	KUNIT_CASE(xenhv_hv_evtchn_storm_all_vcpus),
	KUNIT_CASE(xenhv_hv_evtchn_million_send_storm),
	{}
};

static struct kunit_suite xenhv_hv_storm_suite = {
	.name = "xenhv_hyperv_storm",
	.init = xenhv_ev_init,
	.exit = xenhv_ev_exit,
	.test_cases = xenhv_hv_storm_cases,
};

/* memory_op's reservation queries describe the partition's RAM. */
/*
 * The reference TSC page, whether xenhv enabled it or the kernel's
 * hyperv_timer did, is never a page a guest may give the hypervisor: the
 * hypervisor writes it, and shared_info there would be overwritten (and
 * would overwrite the time every reader trusts). An ordinary page is taken.
 */
static void xenhv_hv_tsc_page_refused_as_shared_info(struct kunit *test)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
	};
	struct xen_remove_from_physmap xrfp = { .domid = DOMID_SELF };
	union hv_reference_tsc_msr msr;
	void *page;

	xenhv_hv_case_begins(test);
	if (rdmsrl_safe(HV_X64_MSR_REFERENCE_TSC, &msr.as_uint64) || !msr.enable)
		kunit_skip(test, "no reference TSC page on this vCPU");
	xatp.gpfn = msr.pfn;
	KUNIT_EXPECT_NE(test, xenhv_HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp), 0);

	page = (void *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	xatp.gpfn = PHYS_PFN(virt_to_phys(page));
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp), 0);
	xrfp.gpfn = xatp.gpfn;
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &xrfp), 0);
	free_page((unsigned long)page);
}

static void xenhv_hv_memory_queries(struct kunit *test)
{
	domid_t dom = DOMID_SELF;
	long cur, max, ram_page, gpfn;

	cur = xenhv_HYPERVISOR_memory_op(XENMEM_current_reservation, &dom);
	max = xenhv_HYPERVISOR_memory_op(XENMEM_maximum_reservation, &dom);
	ram_page = xenhv_HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
	gpfn = xenhv_HYPERVISOR_memory_op(14 /* XENMEM_maximum_gpfn */, &dom);
	/* A 512 MiB guest: most of it is RAM the kernel sees. */
	KUNIT_EXPECT_GT(test, cur, (long)(SZ_256M >> PAGE_SHIFT));
	KUNIT_EXPECT_LE(test, cur, (long)(SZ_512M >> PAGE_SHIFT));
	KUNIT_EXPECT_EQ(test, max, cur);
	KUNIT_EXPECT_GE(test, ram_page, cur);
	KUNIT_EXPECT_EQ(test, gpfn, ram_page - 1);
	kunit_info(test, "current_reservation %ld pages, maximum_ram_page 0x%lx\n", cur, ram_page);
}

/* ---- Time on the real Hyper-V ---- */

static struct shared_info *tm_shinfo;
static u32 tm_port[NR_CPUS];
static atomic_t tm_fired[NR_CPUS];
static u64 tm_fired_at[NR_CPUS];
static atomic_t tm_nmis[NR_CPUS];
static bool tm_nmi_armed;

/* The guest's pvclock read (Linux's pvclock_clocksource_read()). */
static u64 tm_pvclock(unsigned int cpu, u64 *tsc_out)
{
	struct pvclock_vcpu_time_info *t = &tm_shinfo->vcpu_info[cpu].time;
	u32 version;
	u64 tsc, delta, ns;

	do {
		version = READ_ONCE(t->version) & ~1U;
		virt_rmb();	/* version before the fields */
		tsc = rdtsc_ordered();
		delta = tsc - t->tsc_timestamp;
		delta = t->tsc_shift < 0 ? delta >> -t->tsc_shift : delta << t->tsc_shift;
		ns = t->system_time + mul_u64_u32_shr(delta, t->tsc_to_system_mul, 32);
		virt_rmb();	/* fields before the version re-check */
	} while (READ_ONCE(t->version) != version);
	if (tsc_out)
		*tsc_out = tsc;
	return ns;
}

static void tm_upcall(void)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu_info *vi = &tm_shinfo->vcpu_info[cpu];
	u32 port = tm_port[cpu];

	WRITE_ONCE(vi->evtchn_upcall_pending, 0);
	xchg(&vi->evtchn_pending_sel, 0);
	if (port && test_and_clear_bit(port, (unsigned long *)tm_shinfo->evtchn_pending)) {
		tm_fired_at[cpu] = tm_pvclock(cpu, NULL);
		atomic_inc(&tm_fired[cpu]);
	}
}

static int tm_nmi_handler(unsigned int type, struct pt_regs *regs)
{
	if (!READ_ONCE(tm_nmi_armed))
		return NMI_DONE;
	atomic_inc(&tm_nmis[smp_processor_id()]);
	return NMI_HANDLED;
}

static int xenhv_tm_init(struct kunit *test)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
	};
	unsigned int cpu;

	xenhv_hv_case_begins(test);

	tm_shinfo = (void *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tm_shinfo);
	xatp.gpfn = PHYS_PFN(virt_to_phys(tm_shinfo));
	KUNIT_ASSERT_EQ(test, xenhv_HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp), 0);
	memset(tm_shinfo->evtchn_pending, 0, sizeof(tm_shinfo->evtchn_pending));
	memset(tm_shinfo->evtchn_mask, 0, sizeof(tm_shinfo->evtchn_mask));
	for_each_online_cpu(cpu) {
		struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = cpu };

		KUNIT_ASSERT_EQ(test, xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv), 0);
		tm_port[cpu] = bv.port;
		atomic_set(&tm_fired[cpu], 0);
		atomic_set(&tm_nmis[cpu], 0);
	}
	KUNIT_ASSERT_EQ(test, xenhv_register_upcall(tm_upcall), 0);
	return 0;
}

static long tm_stop_timers(void *unused)
{
	xenhv_HYPERVISOR_set_timer_op(0);
	xenhv_HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, smp_processor_id(), NULL);
	return 0;
}

static void xenhv_tm_exit(struct kunit *test)
{
	struct xen_remove_from_physmap xrfp = {
		.domid = DOMID_SELF, .gpfn = PHYS_PFN(virt_to_phys(tm_shinfo)),
	};
	struct evtchn_reset reset = { .dom = DOMID_SELF };
	unsigned int cpu;

	if (!tm_shinfo)
		return;		/* the case was skipped before its setup */
	for_each_online_cpu(cpu)
		work_on_cpu(cpu, tm_stop_timers, NULL);
	xenhv_HYPERVISOR_event_channel_op(EVTCHNOP_reset, &reset);
	xenhv_unregister_upcall(tm_upcall);
	memset(tm_port, 0, sizeof(tm_port));
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &xrfp), 0);
	free_page((unsigned long)tm_shinfo);
	tm_shinfo = NULL;
}

/* Whether Hyper-V's reference TSC page is valid (else xenhv falls back). */
static bool tm_tsc_page_valid(void)
{
	const struct ms_hyperv_tsc_page *tp;
	u64 msr = 0;

	if (rdmsrl_safe(HV_X64_MSR_REFERENCE_TSC, &msr) || !(msr & 1))
		return false;
	tp = phys_to_virt(msr & PAGE_MASK);
	return READ_ONCE(tp->tsc_sequence) != 0;
}

struct tm_clock_sample {
	s64 lo, hi;		/* ref - pvclock before / after, ns */
	bool monotonic;
};

static long tm_sample_clock(void *data)
{
	struct tm_clock_sample *s = data;
	unsigned int cpu = smp_processor_id();
	u64 t1, t2, ref, last = 0;
	unsigned long flags;
	int i;

	s->lo = S64_MAX;
	s->hi = S64_MIN;
	s->monotonic = true;
	for (i = 0; i < 200; i++) {
		local_irq_save(flags);
		t1 = tm_pvclock(cpu, NULL);
		rdmsrl(HV_X64_MSR_TIME_REF_COUNT, ref);
		t2 = tm_pvclock(cpu, NULL);
		local_irq_restore(flags);
		ref *= 100;
		/* ref is truncated to 100 ns: true time is in [ref, ref + 100). */
		s->lo = min(s->lo, (s64)(ref + 100) - (s64)t1);
		s->hi = max(s->hi, (s64)ref - (s64)t2);
		if (t1 < last || t2 < t1)
			s->monotonic = false;
		last = t2;
	}
	return 0;
}

/*
 * pvclock against HV_X64_MSR_TIME_REF_COUNT on every vCPU: the reference
 * count read between two pvclock reads must fall between them, allowing
 * its 100 ns truncation and the pvclock's 1 ns. With no valid TSC page
 * xenhv scales by the kernel's TSC frequency, so allow 0.1% drift.
 */
static void xenhv_hv_pvclock_matches_reference_counter(struct kunit *test)
{
	bool valid = tm_tsc_page_valid();
	s64 slack = valid ? 1 : NSEC_PER_SEC / 1000;
	struct tm_clock_sample s;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct pvclock_vcpu_time_info *t = &tm_shinfo->vcpu_info[cpu].time;

		KUNIT_EXPECT_EQ(test, READ_ONCE(t->version) & 1, 0U);
		KUNIT_EXPECT_NE(test, t->tsc_to_system_mul, 0U);
		work_on_cpu(cpu, tm_sample_clock, &s);
		KUNIT_EXPECT_GE_MSG(test, s.lo, -slack, "vCPU %u: pvclock ahead of the reference count", cpu);
		KUNIT_EXPECT_LE_MSG(test, s.hi, slack, "vCPU %u: pvclock behind the reference count", cpu);
		KUNIT_EXPECT_TRUE(test, s.monotonic);
		kunit_info(test, "vCPU %u: TSC page %s; the reference count fell >= %lld ns after the first pvclock read and >= %lld ns before the second (mul %u shift %d)\n",
			   cpu, valid ? "valid" : "invalid (fallback)", s.lo - 100, -s.hi,
			   t->tsc_to_system_mul, t->tsc_shift);
	}
}

struct tm_shot {
	u64 deadline;
	long ret;
};

static long tm_arm_singleshot(void *data)
{
	struct tm_shot *sh = data;
	struct vcpu_set_singleshot_timer st = { .flags = VCPU_SSHOTTMR_future };
	unsigned int cpu = smp_processor_id();

	sh->deadline = tm_pvclock(cpu, NULL) + 20 * NSEC_PER_MSEC;
	st.timeout_abs_ns = sh->deadline;
	sh->ret = xenhv_HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, cpu, &st);
	return 0;
}

/*
 * A 20 ms singleshot timer on each vCPU: VIRQ_TIMER arrives on that vCPU,
 * never before the deadline, and (on this slow nested emulation) within
 * a second of it.
 */
static void xenhv_hv_singleshot_timer_each_vcpu(struct kunit *test)
{
	unsigned long until;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct tm_shot sh = {};
		int before = atomic_read(&tm_fired[cpu]);

		work_on_cpu(cpu, tm_arm_singleshot, &sh);
		KUNIT_ASSERT_EQ(test, sh.ret, 0L);
		until = jiffies + 5 * HZ;
		while (atomic_read(&tm_fired[cpu]) == before && time_before(jiffies, until))
			usleep_range(1000, 2000);
		KUNIT_ASSERT_EQ_MSG(test, atomic_read(&tm_fired[cpu]), before + 1,
				    "VIRQ_TIMER on vCPU %u", cpu);
		KUNIT_EXPECT_GE(test, tm_fired_at[cpu], sh.deadline);
		KUNIT_EXPECT_LT(test, tm_fired_at[cpu] - sh.deadline, (u64)NSEC_PER_SEC);
		kunit_info(test, "vCPU %u: singleshot fired %llu us after its deadline\n",
			   cpu, (tm_fired_at[cpu] - sh.deadline) / NSEC_PER_USEC);
	}
}

static long tm_set_periodic(void *data)
{
	struct vcpu_set_periodic_timer pt = { .period_ns = *(u64 *)data };

	return xenhv_HYPERVISOR_vcpu_op(pt.period_ns ? VCPUOP_set_periodic_timer :
					VCPUOP_stop_periodic_timer, smp_processor_id(),
					pt.period_ns ? &pt : NULL);
}

/*
 * A 10 ms periodic timer on vCPU 1, set from vCPU 0 (xenhv re-arms it on
 * vCPU 1 through one IPI): over 1 s, never more ticks than periods
 * (plus Xen's immediate first tick), and at least a quarter of them on
 * this emulation.
 */
static void xenhv_hv_periodic_timer_rate(struct kunit *test)
{
	unsigned int cpu = num_online_cpus() > 1 ? 1 : 0;
	struct vcpu_set_periodic_timer pt = { .period_ns = 10 * NSEC_PER_MSEC };
	u64 zero = 0, t0, t1;
	int n0, n;

	xenhv_pin(test, 0);
	n0 = atomic_read(&tm_fired[cpu]);
	t0 = tm_pvclock(0, NULL);
	KUNIT_ASSERT_EQ(test, xenhv_HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, cpu, &pt), 0);
	msleep(1000);
	work_on_cpu(cpu, tm_set_periodic, &zero);
	t1 = tm_pvclock(0, NULL);
	n = atomic_read(&tm_fired[cpu]) - n0;
	KUNIT_EXPECT_LE(test, (u64)n, div_u64(t1 - t0, 10 * NSEC_PER_MSEC) + 1);
	/*
	 * A second's sleep that took over 3 s: the nested stack froze (L0
	 * lost L1's timer; testing.rst), and a frozen vCPU takes no ticks,
	 * which Xen does not catch up. Only then is the floor not checked.
	 */
	if (t1 - t0 > 3 * NSEC_PER_SEC)
		kunit_info(test, "the sleep took %llu ms: the stack stalled, the floor is not checked\n",
			   div_u64(t1 - t0, NSEC_PER_MSEC));
	else
		KUNIT_EXPECT_GE(test, (u64)n, div_u64(t1 - t0, 40 * NSEC_PER_MSEC));
	kunit_info(test, "vCPU %u: %d ticks of 10 ms in %llu ms (%llu%% of nominal)\n", cpu, n,
		   div_u64(t1 - t0, NSEC_PER_MSEC),
		   div64_u64((u64)n * 100 * 10 * NSEC_PER_MSEC, max_t(u64, t1 - t0, 1)));
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/* VCPUOP_send_nmi through the synthetic ICR: an NMI arrives on the target vCPU. */
static void xenhv_hv_send_nmi(struct kunit *test)
{
	unsigned int target = num_online_cpus() > 1 ? 1 : 0;
	unsigned long until = jiffies + 5 * HZ;
	struct xenhv_info info;

	xenhv_get_info(&info);
	if (!(info.hv_features_eax & HV_MSR_APIC_ACCESS_AVAILABLE))
		kunit_skip(test, "Hyper-V offers no synthetic APIC MSRs");
	KUNIT_ASSERT_EQ(test, register_nmi_handler(NMI_UNKNOWN, tm_nmi_handler, 0, "xenhv_test"), 0);
	WRITE_ONCE(tm_nmi_armed, true);
	xenhv_pin(test, 0);
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_vcpu_op(VCPUOP_send_nmi, target, NULL), 0);
	while (!atomic_read(&tm_nmis[target]) && time_before(jiffies, until))
		usleep_range(1000, 2000);
	WRITE_ONCE(tm_nmi_armed, false);
	unregister_nmi_handler(NMI_UNKNOWN, "xenhv_test");
	KUNIT_EXPECT_EQ(test, atomic_read(&tm_nmis[target]), 1);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

static unsigned int tm_shutdown_reason = ~0U;

static void tm_shutdown_handler(unsigned int reason)
{
	tm_shutdown_reason = reason;
}

/*
 * SCHEDOP_shutdown(crash) reports through the Hyper-V crash MSRs: read
 * them back. A test-only shutdown handler keeps the partition running
 * (QEMU runs with -action panic=none, so the crash notification is
 * logged, not acted on). Last in the suite: the domain stays "shutting
 * down" afterwards, as in Xen.
 */
static void xenhv_hv_shutdown_crash_msrs(struct kunit *test)
{
	struct sched_shutdown sd = { .reason = SHUTDOWN_crash };
	u64 p[5], ctl;
	unsigned int i;

	if (!(cpuid_edx(HYPERV_CPUID_FEATURES) & HV_FEATURE_GUEST_CRASH_MSR_AVAILABLE))
		kunit_skip(test, "Hyper-V offers no guest crash MSRs");
	xenhv_pin(test, 0);
	xenhv_set_shutdown_handler(tm_shutdown_handler);
	KUNIT_EXPECT_EQ(test, xenhv_HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd), 0);
	xenhv_set_shutdown_handler(NULL);
	KUNIT_EXPECT_EQ(test, tm_shutdown_reason, (unsigned int)SHUTDOWN_crash);
	for (i = 0; i < 5; i++)
		KUNIT_ASSERT_EQ(test, rdmsrl_safe(HV_X64_MSR_CRASH_P0 + i, &p[i]), 0);
	KUNIT_ASSERT_EQ(test, rdmsrl_safe(HV_X64_MSR_CRASH_CTL, &ctl), 0);
	KUNIT_EXPECT_EQ(test, p[0], (u64)SHUTDOWN_crash);
	KUNIT_EXPECT_EQ(test, p[1], 1ULL);	/* domid */
	KUNIT_EXPECT_EQ(test, p[2], 0ULL);	/* vCPU */
	KUNIT_EXPECT_EQ(test, p[4], XENHV_CRASH_MAGIC);
	KUNIT_EXPECT_TRUE(test, ctl & HV_CRASH_CTL_CRASH_NOTIFY);
	kunit_info(test, "crash MSRs: P0 %llu P1 %llu P2 %llu P3 0x%llx P4 0x%llx CTL 0x%llx\n",
		   p[0], p[1], p[2], p[3], p[4], ctl);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

static struct kunit_case xenhv_hv_time_cases[] = {
	KUNIT_CASE(xenhv_hv_pvclock_matches_reference_counter),
	KUNIT_CASE(xenhv_hv_singleshot_timer_each_vcpu),
	KUNIT_CASE(xenhv_hv_periodic_timer_rate),
	KUNIT_CASE(xenhv_hv_send_nmi),
	KUNIT_CASE(xenhv_hv_shutdown_crash_msrs),
	{}
};

static struct kunit_suite xenhv_hv_time_suite = {
	.name = "xenhv_hyperv_time",
	.init = xenhv_tm_init,
	.exit = xenhv_tm_exit,
	.test_cases = xenhv_hv_time_cases,
};

static struct kunit_case xenhv_hv_cases[] = {
	KUNIT_CASE(xenhv_hv_detected_and_hypercall_page_live),
	KUNIT_CASE(xenhv_hv_xen_version_through_dispatcher),
	KUNIT_CASE(xenhv_hv_register_abi_page),
	KUNIT_CASE(xenhv_hv_bad_pointers_fault),
	KUNIT_CASE(xenhv_hv_yield_notifies_spin_wait),
	KUNIT_CASE(xenhv_hv_vp_indexes),
	KUNIT_CASE(xenhv_hv_sint_delivers_timer_message),
	KUNIT_CASE(xenhv_hv_memory_queries),
	KUNIT_CASE(xenhv_hv_tsc_page_refused_as_shared_info),
	{}
};

static struct kunit_suite xenhv_hv_suite = {
	.name = "xenhv_hyperv",
	.init = xenhv_hv_case_begins,
	.test_cases = xenhv_hv_cases,
};

/*
 * The suites run at load, those named in "suites" (all by default): the
 * harness boots a guest per suite, so that a guest that hangs takes only
 * its own suite with it.
 */
static struct kunit_suite *xenhv_hv_suites[] = {
	&xenhv_hv_suite, &xenhv_hv_evtchn_suite, &xenhv_hv_storm_suite,
	&xenhv_hv_time_suite, &xenhv_hv_mm_suite,
};
static struct kunit_suite *xenhv_hv_chosen[ARRAY_SIZE(xenhv_hv_suites)];
static int xenhv_hv_nr_chosen;

static char *suites = "";
module_param(suites, charp, 0444);
MODULE_PARM_DESC(suites, "Comma-separated suites to run (default: all)");

static char *cases = "";
module_param(cases, charp, 0444);
MODULE_PARM_DESC(cases, "Comma-separated cases to run in the chosen suites (default: all)");

/* Whether @name is an item of the comma-separated @list (empty: all are). */
static bool xenhv_hv_listed(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p = list;

	if (!*list)
		return true;
	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ',') && (p[len] == ',' || !p[len]))
			return true;
		p += len;
	}
	return false;
}

bool xenhv_hv_case_chosen(const char *name)
{
	return xenhv_hv_listed(cases, name);
}

static int __init xenhv_hv_test_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xenhv_hv_suites); i++)
		if (xenhv_hv_listed(suites, xenhv_hv_suites[i]->name))
			xenhv_hv_chosen[xenhv_hv_nr_chosen++] = xenhv_hv_suites[i];
	if (!xenhv_hv_nr_chosen) {
		pr_err("xenhv-hv: no suite matches \"%s\"\n", suites);
		return -EINVAL;
	}
	return __kunit_test_suites_init(xenhv_hv_chosen, xenhv_hv_nr_chosen);
}

static void __exit xenhv_hv_test_exit(void)
{
	__kunit_test_suites_exit(xenhv_hv_chosen, xenhv_hv_nr_chosen);
}

module_init(xenhv_hv_test_init);
module_exit(xenhv_hv_test_exit);

MODULE_DESCRIPTION("xenhv integration tests on a real Hyper-V");
MODULE_LICENSE("GPL");
