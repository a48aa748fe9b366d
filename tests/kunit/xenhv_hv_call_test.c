// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the TLFS calling helpers (rep continuation, status → errno).
 */
#include <kunit/test.h>
#include "xenhv_fake_backend.h"

#define REPS(n)	((u64)(n) << HV_HYPERCALL_REP_COMP_OFFSET)

static u64 rep_start(u64 control)
{
	return (control & HV_HYPERCALL_REP_START_MASK) >> HV_HYPERCALL_REP_START_OFFSET;
}

static void xenhv_rep_done_in_one_call(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);
	u64 in[4] = { 1, 2, 3, 4 };
	u64 st;

	st = xenhv_hv_call_rep(&fb->be, 0x0003, 2, 0, in, sizeof(in), NULL, 0);
	KUNIT_EXPECT_EQ(test, xenhv_hv_result(st), (u16)HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, xenhv_hv_reps_done(st), 2U);
	KUNIT_ASSERT_EQ(test, fb->nr_calls, 1U);
	KUNIT_EXPECT_FALSE(test, fb->log[0].fast);
	KUNIT_EXPECT_EQ(test, fb->log[0].control, xenhv_hv_control(0x0003, 2, 0, 0));
	KUNIT_EXPECT_EQ(test, fb->log[0].in_len, sizeof(in));
}

static void xenhv_rep_continues_from_reps_done(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);
	u64 in[8] = {};
	u64 st;

	/* Hyper-V completes 3, then 4 more, then the last 3. */
	xenhv_fake_push_status(fb, REPS(3));
	xenhv_fake_push_status(fb, REPS(7));
	xenhv_fake_push_status(fb, REPS(10));
	st = xenhv_hv_call_rep(&fb->be, 0x0003, 10, 1, in, sizeof(in), NULL, 0);
	KUNIT_EXPECT_EQ(test, xenhv_hv_result(st), (u16)HV_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, fb->nr_calls, 3U);
	KUNIT_EXPECT_EQ(test, rep_start(fb->log[0].control), 0ULL);
	KUNIT_EXPECT_EQ(test, rep_start(fb->log[1].control), 3ULL);
	KUNIT_EXPECT_EQ(test, rep_start(fb->log[2].control), 7ULL);
	/* Code, count and varhead are the same on every reissue. */
	KUNIT_EXPECT_EQ(test, fb->log[2].control & ~HV_HYPERCALL_REP_START_MASK,
			xenhv_hv_control(0x0003, 10, 0, 1));
}

static void xenhv_rep_stops_at_error(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);
	u64 st;

	xenhv_fake_push_status(fb, REPS(2));
	xenhv_fake_push_status(fb, HV_STATUS_INVALID_PARAMETER | REPS(4));
	st = xenhv_hv_call_rep(&fb->be, 0x0003, 10, 0, NULL, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, xenhv_hv_result(st), (u16)HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, xenhv_hv_reps_done(st), 4U);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 2U);
}

static void xenhv_rep_no_progress_is_not_a_hang(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);
	u64 st;

	/* Success with no reps done: retrying would loop forever. */
	xenhv_fake_push_status(fb, REPS(0));
	st = xenhv_hv_call_rep(&fb->be, 0x0003, 5, 0, NULL, 0, NULL, 0);
	KUNIT_EXPECT_NE(test, xenhv_hv_result(st), (u16)HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 1U);

	/* More reps done than asked for is as bad. */
	xenhv_fake_push_status(fb, REPS(6));
	st = xenhv_hv_call_rep(&fb->be, 0x0003, 5, 0, NULL, 0, NULL, 0);
	KUNIT_EXPECT_NE(test, xenhv_hv_result(st), (u16)HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 2U);
}

static void xenhv_rep_count_bounds(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);

	KUNIT_EXPECT_EQ(test, xenhv_hv_call_rep(&fb->be, 3, 0, 0, NULL, 0, NULL, 0),
			(u64)HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, xenhv_hv_call_rep(&fb->be, 3, XENHV_HV_MAX_REP_COUNT + 1,
						0, NULL, 0, NULL, 0),
			(u64)HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 0U);
	/* The largest count fits the control word's 12 bits exactly. */
	xenhv_hv_call_rep(&fb->be, 3, XENHV_HV_MAX_REP_COUNT, 0, NULL, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, (unsigned int)((fb->log[0].control & HV_HYPERCALL_REP_COMP_MASK)
					     >> HV_HYPERCALL_REP_COMP_OFFSET),
			(unsigned int)XENHV_HV_MAX_REP_COUNT);
}

static void xenhv_status_to_errno_map(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xenhv_hv_status_to_errno(HV_STATUS_SUCCESS | REPS(5)), 0);
	KUNIT_EXPECT_EQ(test, xenhv_hv_status_to_errno(HV_STATUS_INVALID_HYPERCALL_CODE),
			-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, xenhv_hv_status_to_errno(HV_STATUS_ACCESS_DENIED), -XEN_EPERM);
	KUNIT_EXPECT_EQ(test, xenhv_hv_status_to_errno(HV_STATUS_INSUFFICIENT_MEMORY),
			-XEN_ENOMEM);
	KUNIT_EXPECT_EQ(test, xenhv_hv_status_to_errno(HV_STATUS_INVALID_CONNECTION_ID),
			-XEN_ENOENT);
	KUNIT_EXPECT_EQ(test, xenhv_hv_status_to_errno(HV_STATUS_INVALID_PARAMETER),
			-XEN_EINVAL);
}

static struct kunit_case xenhv_hv_call_cases[] = {
	KUNIT_CASE(xenhv_rep_done_in_one_call),
	KUNIT_CASE(xenhv_rep_continues_from_reps_done),
	KUNIT_CASE(xenhv_rep_stops_at_error),
	KUNIT_CASE(xenhv_rep_no_progress_is_not_a_hang),
	KUNIT_CASE(xenhv_rep_count_bounds),
	KUNIT_CASE(xenhv_status_to_errno_map),
	{}
};

static struct kunit_suite xenhv_hv_call_suite = {
	.name = "xenhv_hv_call",
	.test_cases = xenhv_hv_call_cases,
};

kunit_test_suites(&xenhv_hv_call_suite);
