// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: sched_op, and the Hyper-V calls each sub-op costs.
 */
#include <kunit/test.h>
#include "xenhv_fake_backend.h"

static void xenhv_sched_yield_is_one_spin_wait_notify(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);
	struct xenhv_domain *d = xenhv_fake_domain(test, fb);

	KUNIT_EXPECT_EQ(test, xenhv_sched_op(d, SCHEDOP_yield, 0), 0L);
	KUNIT_ASSERT_EQ(test, fb->nr_calls, 1U);
	KUNIT_EXPECT_TRUE(test, fb->log[0].fast);
	KUNIT_EXPECT_EQ(test, fb->log[0].control,
			(u64)HVCALL_NOTIFY_LONG_SPIN_WAIT | HV_HYPERCALL_FAST_BIT);
	/* Not a rep call, no variable header. */
	KUNIT_EXPECT_EQ(test, fb->log[0].control & (HV_HYPERCALL_REP_COMP_MASK |
						    HV_HYPERCALL_VARHEAD_MASK), 0ULL);
}

static void xenhv_sched_yield_ignores_its_argument(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);
	struct xenhv_domain *d = xenhv_fake_domain(test, fb);

	KUNIT_EXPECT_EQ(test, xenhv_sched_op(d, SCHEDOP_yield, 0xdead), 0L);
	KUNIT_EXPECT_EQ(test, fb->nr_guest_faults, 0U);
}

static void xenhv_sched_yield_cannot_fail(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);
	struct xenhv_domain *d = xenhv_fake_domain(test, fb);

	/* Xen's yield always returns 0; Hyper-V's refusal is only a lost hint. */
	xenhv_fake_push_status(fb, HV_STATUS_INVALID_HYPERCALL_CODE);
	KUNIT_EXPECT_EQ(test, xenhv_sched_op(d, SCHEDOP_yield, 0), 0L);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 1U);
}

static void xenhv_sched_unknown_cmds(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);
	struct xenhv_domain *d = xenhv_fake_domain(test, fb);

	KUNIT_EXPECT_EQ(test, xenhv_sched_op(d, 8, 0), (long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, xenhv_sched_op(d, -1, 0), (long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, xenhv_sched_op(d, INT_MAX, 0), (long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 0U);
}

static struct kunit_case xenhv_sched_cases[] = {
	KUNIT_CASE(xenhv_sched_yield_is_one_spin_wait_notify),
	KUNIT_CASE(xenhv_sched_yield_ignores_its_argument),
	KUNIT_CASE(xenhv_sched_yield_cannot_fail),
	KUNIT_CASE(xenhv_sched_unknown_cmds),
	{}
};

static struct kunit_suite xenhv_sched_suite = {
	.name = "xenhv_sched_op",
	.test_cases = xenhv_sched_cases,
};

kunit_test_suites(&xenhv_sched_suite);
