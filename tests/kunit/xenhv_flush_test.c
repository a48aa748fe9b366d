// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the TLB-flush builder: the fewest Hyper-V calls for what must be
 * clean, in the TLFS's list, space and _Ex forms.
 */
#include <kunit/test.h>
#include "xenhv_fake_backend.h"
#include "../../translate/flush.h"

#define SPACE	0x1234000ULL	/* a CR3 */

struct xenhv_flush_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d;
	struct xenhv_flush f;
};

static int xenhv_flush_test_init(struct kunit *test)
{
	struct xenhv_flush_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	ctx->fb = xenhv_fake_new(test, 256);
	ctx->fb->be.nr_vcpus = 4;
	ctx->fb->vps[2].index = 70;	/* bank 1 */
	ctx->fb->vps[3].index = 130;	/* bank 2 */
	ctx->d = xenhv_fake_domain(test, ctx->fb);
	xenhv_flush_init(&ctx->f, SPACE);
	test->priv = ctx;
	return 0;
}

static const u64 *call_in(struct xenhv_flush_ctx *ctx, unsigned int i)
{
	return (const u64 *)ctx->fb->log[i].in;
}

/* The caller's vCPU only: INVLPG here, no hypercall. */
static void xenhv_flush_local_only_no_hypercall(struct kunit *test)
{
	struct xenhv_flush_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, xenhv_flush_add_vcpu(ctx->d, &ctx->f, 0), 0);
	xenhv_flush_add_va(&ctx->f, 0x7000);
	xenhv_flush_add_va(&ctx->f, 0x7fff);	/* same page */
	xenhv_flush_add_va(&ctx->f, 0x9000);
	KUNIT_EXPECT_EQ(test, xenhv_flush_commit(ctx->d, &ctx->f), 0);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_local_flushes, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->last_local_nr, 2U);
	KUNIT_EXPECT_FALSE(test, ctx->fb->last_local_full);
}

/* N pages on another vCPU: one list flush, a rep per page. */
static void xenhv_flush_remote_pages_one_list(struct kunit *test)
{
	struct xenhv_flush_ctx *ctx = test->priv;
	const u64 *in;
	unsigned int i;

	/* Callers keep the flush __uninitialized: init makes garbage a clean flush. */
	memset(&ctx->f, 0xa5, sizeof(ctx->f));
	xenhv_flush_init(&ctx->f, SPACE);
	KUNIT_ASSERT_EQ(test, xenhv_flush_add_vcpu(ctx->d, &ctx->f, 1), 0);
	for (i = 0; i < 5; i++)
		xenhv_flush_add_va(&ctx->f, 0x40000000ULL + i * 0x1000 + 8);
	KUNIT_EXPECT_EQ(test, xenhv_flush_commit(ctx->d, &ctx->f), 0);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].control & 0xffff,
			(u64)HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST);
	KUNIT_EXPECT_EQ(test, (ctx->fb->log[0].control & HV_HYPERCALL_REP_COMP_MASK) >>
			HV_HYPERCALL_REP_COMP_OFFSET, 5ULL);
	in = call_in(ctx, 0);
	KUNIT_EXPECT_EQ(test, in[0], SPACE);
	KUNIT_EXPECT_EQ(test, in[1], 0ULL);
	KUNIT_EXPECT_EQ(test, in[2], BIT_ULL(4));	/* vCPU 1 is VP 4 */
	KUNIT_EXPECT_EQ(test, in[3], 0x40000000ULL);
	KUNIT_EXPECT_EQ(test, in[7], 0x40004000ULL);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].in_len, 8 * sizeof(u64));
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_local_flushes, 0U);
}

/* Past XENHV_FLUSH_LIST_MAX pages: one space flush instead. */
static void xenhv_flush_many_pages_one_space_flush(struct kunit *test)
{
	struct xenhv_flush_ctx *ctx = test->priv;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, xenhv_flush_add_vcpu(ctx->d, &ctx->f, 0), 0);
	KUNIT_ASSERT_EQ(test, xenhv_flush_add_vcpu(ctx->d, &ctx->f, 1), 0);
	for (i = 0; i <= XENHV_FLUSH_LIST_MAX; i++)
		xenhv_flush_add_va(&ctx->f, i * 0x1000ULL);
	KUNIT_EXPECT_TRUE(test, ctx->f.full);
	KUNIT_EXPECT_EQ(test, xenhv_flush_commit(ctx->d, &ctx->f), 0);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].control & 0xffff,
			(u64)HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE);
	KUNIT_EXPECT_EQ(test, call_in(ctx, 0)[2], BIT_ULL(4));
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_local_flushes, 1U);
	KUNIT_EXPECT_TRUE(test, ctx->fb->last_local_full);
}

/* VP indexes past 63: the _Ex form with a sparse VP set (varhead = banks). */
static void xenhv_flush_vp_above_63_uses_ex(struct kunit *test)
{
	struct xenhv_flush_ctx *ctx = test->priv;
	const u64 *in;

	KUNIT_ASSERT_EQ(test, xenhv_flush_add_vcpu(ctx->d, &ctx->f, 1), 0);
	KUNIT_ASSERT_EQ(test, xenhv_flush_add_vcpu(ctx->d, &ctx->f, 3), 0);
	xenhv_flush_add_va(&ctx->f, 0x5000);
	xenhv_flush_add_va(&ctx->f, 0x6000);
	KUNIT_EXPECT_EQ(test, xenhv_flush_commit(ctx->d, &ctx->f), 0);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].control & 0xffff,
			(u64)HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST_EX);
	KUNIT_EXPECT_EQ(test, (ctx->fb->log[0].control >> HV_HYPERCALL_VARHEAD_OFFSET) & 0x3ff,
			2ULL);
	in = call_in(ctx, 0);
	KUNIT_EXPECT_EQ(test, in[2], (u64)HV_GENERIC_SET_SPARSE_4K);
	KUNIT_EXPECT_EQ(test, in[3], BIT_ULL(0) | BIT_ULL(2));	/* banks 0 and 2 */
	KUNIT_EXPECT_EQ(test, in[4], BIT_ULL(4));		/* VP 4 */
	KUNIT_EXPECT_EQ(test, in[5], BIT_ULL(130 - 128));	/* VP 130 */
	KUNIT_EXPECT_EQ(test, in[6], 0x5000ULL);
	KUNIT_EXPECT_EQ(test, in[7], 0x6000ULL);

	/* The whole space on the same set: SpaceEx, no reps. */
	xenhv_flush_init(&ctx->f, SPACE);
	KUNIT_ASSERT_EQ(test, xenhv_flush_add_vcpu(ctx->d, &ctx->f, 2), 0);
	xenhv_flush_add_full(&ctx->f);
	KUNIT_EXPECT_EQ(test, xenhv_flush_commit(ctx->d, &ctx->f), 0);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[1].control & 0xffff,
			(u64)HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE_EX);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[1].control & HV_HYPERCALL_REP_COMP_MASK, 0ULL);
	KUNIT_EXPECT_EQ(test, call_in(ctx, 1)[3], BIT_ULL(1));
	KUNIT_EXPECT_EQ(test, call_in(ctx, 1)[4], BIT_ULL(70 - 64));
}

/* Every vCPU, every space: one call, ALL_PROCESSORS covers the caller too. */
static void xenhv_flush_everything_one_call(struct kunit *test)
{
	struct xenhv_flush_ctx *ctx = test->priv;

	xenhv_flush_init(&ctx->f, XENHV_FLUSH_ALL_SPACES);
	xenhv_flush_add_all_vcpus(ctx->d, &ctx->f);
	xenhv_flush_add_full(&ctx->f);
	KUNIT_EXPECT_EQ(test, xenhv_flush_commit(ctx->d, &ctx->f), 0);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].control & 0xffff,
			(u64)HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE);
	KUNIT_EXPECT_EQ(test, call_in(ctx, 0)[1],
			(u64)(HV_FLUSH_ALL_PROCESSORS | HV_FLUSH_ALL_VIRTUAL_ADDRESS_SPACES));
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_local_flushes, 0U);
}

static void xenhv_flush_nothing_and_errors(struct kunit *test)
{
	struct xenhv_flush_ctx *ctx = test->priv;

	/* No page and not full: nothing to do, even with vCPUs named. */
	KUNIT_ASSERT_EQ(test, xenhv_flush_add_vcpu(ctx->d, &ctx->f, 1), 0);
	KUNIT_EXPECT_EQ(test, xenhv_flush_commit(ctx->d, &ctx->f), 0);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
	KUNIT_EXPECT_EQ(test, xenhv_flush_add_vcpu(ctx->d, &ctx->f, 4), (int)-XEN_EINVAL);
	/* A vCPU with no VP index holds no translations. */
	ctx->fb->vps[1].index = U32_MAX;
	xenhv_flush_init(&ctx->f, SPACE);
	KUNIT_ASSERT_EQ(test, xenhv_flush_add_vcpu(ctx->d, &ctx->f, 1), 0);
	xenhv_flush_add_full(&ctx->f);
	KUNIT_EXPECT_EQ(test, xenhv_flush_commit(ctx->d, &ctx->f), 0);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
	/* Hyper-V refuses: the errno comes back. */
	ctx->fb->vps[1].index = 4;
	xenhv_flush_init(&ctx->f, SPACE);
	KUNIT_ASSERT_EQ(test, xenhv_flush_add_vcpu(ctx->d, &ctx->f, 1), 0);
	xenhv_flush_add_va(&ctx->f, 0x1000);
	xenhv_fake_push_status(ctx->fb, HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, xenhv_flush_commit(ctx->d, &ctx->f), (int)-XEN_EINVAL);
}

static struct kunit_case xenhv_flush_cases[] = {
	KUNIT_CASE(xenhv_flush_local_only_no_hypercall),
	KUNIT_CASE(xenhv_flush_remote_pages_one_list),
	KUNIT_CASE(xenhv_flush_many_pages_one_space_flush),
	KUNIT_CASE(xenhv_flush_vp_above_63_uses_ex),
	KUNIT_CASE(xenhv_flush_everything_one_call),
	KUNIT_CASE(xenhv_flush_nothing_and_errors),
	{}
};

static struct kunit_suite xenhv_flush_suite = {
	.name = "xenhv_flush",
	.init = xenhv_flush_test_init,
	.test_cases = xenhv_flush_cases,
};

kunit_test_suite(xenhv_flush_suite);
