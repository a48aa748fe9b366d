// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the fake backend itself, so the other suites can trust what it
 * records and refuses.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include "xenhv_fake_backend.h"

static void xenhv_fake_records_every_call(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);
	u64 in = 0x1122334455667788ULL;

	fb->be.ops->hypercall_fast(&fb->be, 0x0008, 7, 9);
	fb->be.ops->hypercall(&fb->be, 0x0002, &in, sizeof(in), NULL, 0);

	KUNIT_EXPECT_EQ(test, fb->nr_calls, 2U);
	KUNIT_EXPECT_TRUE(test, fb->log[0].fast);
	KUNIT_EXPECT_EQ(test, fb->log[0].control, 0x0008ULL | HV_HYPERCALL_FAST_BIT);
	KUNIT_EXPECT_EQ(test, fb->log[0].in1, 7ULL);
	KUNIT_EXPECT_EQ(test, fb->log[0].in2, 9ULL);
	KUNIT_EXPECT_FALSE(test, fb->log[1].fast);
	KUNIT_EXPECT_EQ(test, fb->log[1].in_len, sizeof(in));
	KUNIT_EXPECT_EQ(test, memcmp(fb->log[1].in, &in, sizeof(in)), 0);
	KUNIT_EXPECT_EQ(test, xenhv_fake_count_code(fb, 0x0008), 1U);
	KUNIT_EXPECT_EQ(test, xenhv_fake_count_code(fb, 0x0003), 0U);
}

static void xenhv_fake_scripted_results_in_order(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);
	u64 rep3 = xenhv_hv_control(0x0003, 3, 0, 0);

	xenhv_fake_push_status(fb, HV_STATUS_ACCESS_DENIED);
	xenhv_fake_push_status(fb, HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, fb->be.ops->hypercall_fast(&fb->be, 8, 0, 0),
			(u64)HV_STATUS_ACCESS_DENIED);
	KUNIT_EXPECT_EQ(test, fb->be.ops->hypercall_fast(&fb->be, 8, 0, 0),
			(u64)HV_STATUS_INVALID_PARAMETER);
	/* Script exhausted: success, all reps done. */
	KUNIT_EXPECT_EQ(test, fb->be.ops->hypercall(&fb->be, rep3, NULL, 0, NULL, 0),
			3ULL << HV_HYPERCALL_REP_COMP_OFFSET);
}

static void xenhv_fake_guest_memory_is_bounded(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);
	u8 buf[16] = { 1, 2, 3 };

	KUNIT_EXPECT_EQ(test, fb->be.ops->copy_to_guest(&fb->be, xenhv_fake_gva(fb, 48),
							buf, 16), 0);
	KUNIT_EXPECT_EQ(test, fb->mem[49], 2);
	/* One byte past the end, before the start, and wrap-around all fault. */
	KUNIT_EXPECT_EQ(test, fb->be.ops->copy_to_guest(&fb->be, xenhv_fake_gva(fb, 49),
							buf, 16), -EFAULT);
	KUNIT_EXPECT_EQ(test, fb->be.ops->copy_from_guest(&fb->be, buf,
							  xenhv_fake_gva(fb, 0) - 1, 2),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, fb->be.ops->copy_from_guest(&fb->be, buf, ULONG_MAX - 3, 8),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, fb->nr_guest_faults, 3U);
	/* A u32 read gives the value, all 32 bits of it, or -EFAULT on the same bounds. */
	memset(fb->mem + 60, 0xff, 4);
	KUNIT_EXPECT_EQ(test, fb->be.ops->read_guest_u32(&fb->be, xenhv_fake_gva(fb, 60)),
			(long)U32_MAX);
	KUNIT_EXPECT_EQ(test, fb->be.ops->read_guest_u32(&fb->be, xenhv_fake_gva(fb, 61)),
			(long)-EFAULT);
	KUNIT_EXPECT_EQ(test, fb->be.ops->read_guest_u32(&fb->be, xenhv_fake_gva(fb, 0) - 1),
			(long)-EFAULT);
	KUNIT_EXPECT_EQ(test, fb->be.ops->read_guest_u32(&fb->be, 0), (long)-EFAULT);
	KUNIT_EXPECT_EQ(test, fb->nr_guest_faults, 6U);
}

static struct kunit_case xenhv_fake_cases[] = {
	KUNIT_CASE(xenhv_fake_records_every_call),
	KUNIT_CASE(xenhv_fake_scripted_results_in_order),
	KUNIT_CASE(xenhv_fake_guest_memory_is_bounded),
	{}
};

static struct kunit_suite xenhv_fake_suite = {
	.name = "xenhv_fake_backend",
	.test_cases = xenhv_fake_cases,
};

kunit_test_suites(&xenhv_fake_suite);

MODULE_DESCRIPTION("KUnit tests for xenhv on a recording fake Hyper-V");
MODULE_LICENSE("GPL");
