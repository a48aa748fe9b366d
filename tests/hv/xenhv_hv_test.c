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
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/nospec-branch.h>
#include "../../shim/xenhv.h"
#include "../../xen_abi/xenhv_xen.h"
#include "../../xen_abi/xenhv_errno.h"
#include "../../hv_abi/xenhv_tlfs.h"

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
	KUNIT_EXPECT_EQ(test, xenhv_hypercall(__HYPERVISOR_mmu_update, 0, 0, 0, 0, 0),
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
	KUNIT_EXPECT_EQ(test, xenhv_call_stub(test, xenhv_stub(__HYPERVISOR_grant_table_op), 0, 0),
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
	u64 now;

	a->err = rdmsrl_safe(HV_X64_MSR_TIME_REF_COUNT, &now);
	if (a->err)
		return;
	a->err = wrmsrl_safe(XENHV_STIMER_CONFIG_MSR(XENHV_TEST_STIMER),
			     XENHV_STIMER_ENABLE |
			     ((u64)a->sint << XENHV_STIMER_SINTX_SHIFT));
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

static struct kunit_case xenhv_hv_cases[] = {
	KUNIT_CASE(xenhv_hv_detected_and_hypercall_page_live),
	KUNIT_CASE(xenhv_hv_xen_version_through_dispatcher),
	KUNIT_CASE(xenhv_hv_register_abi_page),
	KUNIT_CASE(xenhv_hv_bad_pointers_fault),
	KUNIT_CASE(xenhv_hv_yield_notifies_spin_wait),
	KUNIT_CASE(xenhv_hv_vp_indexes),
	KUNIT_CASE(xenhv_hv_sint_delivers_timer_message),
	{}
};

static struct kunit_suite xenhv_hv_suite = {
	.name = "xenhv_hyperv",
	.test_cases = xenhv_hv_cases,
};

kunit_test_suites(&xenhv_hv_suite);

MODULE_DESCRIPTION("xenhv integration tests on a real Hyper-V");
MODULE_LICENSE("GPL");
