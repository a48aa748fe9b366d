// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: mmuext_op's TLB, cache and page commands with Xen's PV answers,
 * and the Hyper-V flush calls they cost (one per hypercall at most).
 */
#include <kunit/test.h>
#include "xenhv_fake_backend.h"
#include "../../translate/flush.h"

#define OPS_OFF		0
#define MASK_OFF	3072
#define DONE_OFF	3584
#define BAD		0xdeadUL

struct xenhv_mmuext_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d;
	unsigned int n;
};

struct mop {
	u32 cmd, pad;
	u64 arg1, arg2;
};

static int xenhv_mmuext_test_init(struct kunit *test)
{
	struct xenhv_mmuext_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	ctx->fb = xenhv_fake_new(test, 4096);
	ctx->d = xenhv_fake_domain(test, ctx->fb);
	test->priv = ctx;
	return 0;
}

static void xenhv_mmuext_test_exit(struct kunit *test)
{
	struct xenhv_mmuext_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, ctx->fb->nr_unmaps, ctx->fb->nr_maps);
}

/* Append one op to the list in guest memory. */
static void add(struct xenhv_mmuext_ctx *ctx, u32 cmd, u64 arg1, u64 arg2)
{
	struct mop op = { .cmd = cmd, .arg1 = arg1, .arg2 = arg2 };

	memcpy(ctx->fb->mem + OPS_OFF + ctx->n++ * sizeof(op), &op, sizeof(op));
}

static long run(struct xenhv_mmuext_ctx *ctx, unsigned int count, u32 *done)
{
	long rc = xenhv_mmuext_op(ctx->d, xenhv_fake_gva(ctx->fb, OPS_OFF), count,
				  xenhv_fake_gva(ctx->fb, DONE_OFF), DOMID_SELF);

	memcpy(done, ctx->fb->mem + DONE_OFF, sizeof(*done));
	return rc;
}

static unsigned long vcpumask(struct xenhv_mmuext_ctx *ctx, u64 bits)
{
	memcpy(ctx->fb->mem + MASK_OFF, &bits, sizeof(bits));
	return xenhv_fake_gva(ctx->fb, MASK_OFF);
}

/* N INVLPG_MULTI for another vCPU in one call: one list flush with N entries. */
static void xenhv_mmuext_invlpg_multi_one_list_flush(struct kunit *test)
{
	struct xenhv_mmuext_ctx *ctx = test->priv;
	unsigned long m = vcpumask(ctx, BIT(1));
	unsigned int i;
	u32 done;

	for (i = 0; i < 8; i++)
		add(ctx, MMUEXT_INVLPG_MULTI, 0x700000000000ULL + i * 0x1000, m);
	KUNIT_EXPECT_EQ(test, run(ctx, 8, &done), 0L);
	KUNIT_EXPECT_EQ(test, done, 8U);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].control & 0xffff,
			(u64)HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST);
	KUNIT_EXPECT_EQ(test, (ctx->fb->log[0].control & HV_HYPERCALL_REP_COMP_MASK) >>
			HV_HYPERCALL_REP_COMP_OFFSET, 8ULL);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_local_flushes, 0U);	/* vCPU 0 not named */
}

/* Past the list threshold: one space flush. TLB_FLUSH_ALL: one, all processors. */
static void xenhv_mmuext_many_pages_and_flush_all(struct kunit *test)
{
	struct xenhv_mmuext_ctx *ctx = test->priv;
	unsigned long m = vcpumask(ctx, BIT(0) | BIT(1));
	unsigned int i;
	u32 done;

	for (i = 0; i < XENHV_FLUSH_LIST_MAX + 5; i++)
		add(ctx, MMUEXT_INVLPG_MULTI, i * 0x1000ULL, m);
	KUNIT_EXPECT_EQ(test, run(ctx, ctx->n, &done), 0L);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].control & 0xffff,
			(u64)HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_local_flushes, 1U);	/* vCPU 0 is the caller */

	ctx->n = 0;
	add(ctx, MMUEXT_TLB_FLUSH_ALL, 0, 0);
	add(ctx, MMUEXT_INVLPG_ALL, 0x1000, 0);
	KUNIT_EXPECT_EQ(test, run(ctx, 2, &done), 0L);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 2U);
	KUNIT_EXPECT_EQ(test, ((const u64 *)ctx->fb->log[1].in)[1],
			(u64)(HV_FLUSH_ALL_PROCESSORS | HV_FLUSH_ALL_VIRTUAL_ADDRESS_SPACES));
}

/* The caller's own vCPU only: INVLPG here, no hypercall; non-canonical: nothing. */
static void xenhv_mmuext_local_no_hypercall(struct kunit *test)
{
	struct xenhv_mmuext_ctx *ctx = test->priv;
	u32 done;

	add(ctx, MMUEXT_INVLPG_LOCAL, 0x5000, 0);
	add(ctx, MMUEXT_INVLPG_LOCAL, 0x9000000000000000ULL, 0);	/* non-canonical */
	add(ctx, MMUEXT_INVLPG_MULTI, 0x6000, vcpumask(ctx, BIT(0)));
	KUNIT_EXPECT_EQ(test, run(ctx, 3, &done), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_local_flushes, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->last_local_nr, 2U);
	ctx->n = 0;
	add(ctx, MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
	KUNIT_EXPECT_EQ(test, run(ctx, 1, &done), 0L);
	KUNIT_EXPECT_TRUE(test, ctx->fb->last_local_full);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

/* A failing op: its errno, *pdone counts the ones before, their flush still done. */
static void xenhv_mmuext_errors_and_success_count(struct kunit *test)
{
	struct xenhv_mmuext_ctx *ctx = test->priv;
	static const struct { u32 cmd; long rc; } refusals[] = {
		{ MMUEXT_FLUSH_CACHE, -XEN_EACCES }, { MMUEXT_FLUSH_CACHE_GLOBAL, -XEN_EINVAL },
		{ 19, -XEN_EOPNOTSUPP }, { 20, -XEN_EOPNOTSUPP }, { 14, -XEN_ENOSYS },
		{ 99, -XEN_ENOSYS },
	};
	unsigned int i;
	u32 done;

	add(ctx, MMUEXT_INVLPG_MULTI, 0x5000, vcpumask(ctx, BIT(1)));
	add(ctx, MMUEXT_INVLPG_MULTI, 0x6000, BAD);	/* unreadable vcpumask */
	KUNIT_EXPECT_EQ(test, run(ctx, 2, &done), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, done, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);	/* the first op's flush */
	for (i = 0; i < ARRAY_SIZE(refusals); i++) {
		ctx->n = 0;
		add(ctx, refusals[i].cmd, 0, 0);
		KUNIT_EXPECT_EQ_MSG(test, run(ctx, 1, &done), refusals[i].rc, "cmd %u",
				    refusals[i].cmd);
		KUNIT_EXPECT_EQ(test, done, 0U);
	}
	/* Continuation: count | PREEMPTED resumes the running count in *pdone. */
	ctx->n = 0;
	add(ctx, MMUEXT_INVLPG_LOCAL, 0x5000, 0);
	done = 5;
	memcpy(ctx->fb->mem + DONE_OFF, &done, sizeof(done));
	KUNIT_EXPECT_EQ(test, run(ctx, 1 | XENHV_MMU_UPDATE_PREEMPTED, &done), 0L);
	KUNIT_EXPECT_EQ(test, done, 6U);
	/* Unreadable op list: -EFAULT, nothing done. */
	KUNIT_EXPECT_EQ(test, xenhv_mmuext_op(ctx->d, BAD, 1, 0, DOMID_SELF), (long)-XEN_EFAULT);
}

static void xenhv_mmuext_clear_and_copy_page(struct kunit *test)
{
	struct xenhv_mmuext_ctx *ctx = test->priv;
	u8 *p1 = xenhv_fake_page(ctx->fb, 1), *p2 = xenhv_fake_page(ctx->fb, 2);
	u32 done;

	memset(p1, 0xab, PAGE_SIZE);
	memset(p2, 0x11, PAGE_SIZE);
	add(ctx, MMUEXT_COPY_PAGE, 2, 1);	/* dst mfn 2, src mfn 1 */
	KUNIT_EXPECT_EQ(test, run(ctx, 1, &done), 0L);
	KUNIT_EXPECT_EQ(test, p2[0], 0xab);
	KUNIT_EXPECT_EQ(test, p2[PAGE_SIZE - 1], 0xab);
	ctx->n = 0;
	add(ctx, MMUEXT_CLEAR_PAGE, 1, 0);
	KUNIT_EXPECT_EQ(test, run(ctx, 1, &done), 0L);
	KUNIT_EXPECT_EQ(test, p1[0], 0);
	KUNIT_EXPECT_EQ(test, p1[PAGE_SIZE - 1], 0);
	ctx->n = 0;
	add(ctx, MMUEXT_CLEAR_PAGE, 1000, 0);		/* not the guest's RAM */
	KUNIT_EXPECT_EQ(test, run(ctx, 1, &done), (long)-XEN_EINVAL);
	ctx->n = 0;
	add(ctx, MMUEXT_COPY_PAGE, 2, 1000);
	KUNIT_EXPECT_EQ(test, run(ctx, 1, &done), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, p2[0], 0xab);
}

static struct kunit_case xenhv_mmuext_cases[] = {
	KUNIT_CASE(xenhv_mmuext_invlpg_multi_one_list_flush),
	KUNIT_CASE(xenhv_mmuext_many_pages_and_flush_all),
	KUNIT_CASE(xenhv_mmuext_local_no_hypercall),
	KUNIT_CASE(xenhv_mmuext_errors_and_success_count),
	KUNIT_CASE(xenhv_mmuext_clear_and_copy_page),
	{}
};

static struct kunit_suite xenhv_mmuext_suite = {
	.name = "xenhv_mmuext",
	.init = xenhv_mmuext_test_init,
	.exit = xenhv_mmuext_test_exit,
	.test_cases = xenhv_mmuext_cases,
};

kunit_test_suite(xenhv_mmuext_suite);
