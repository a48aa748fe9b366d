// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the Xen hypercall dispatch table, every number 0-63 and beyond.
 */
#include <kunit/test.h>
#include "xenhv_fake_backend.h"
#include "../../translate/dispatch.h"
#include "../../translate/evtchn.h"

struct xenhv_dispatch_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_dispatcher disp;
};

static int xenhv_dispatch_test_init(struct kunit *test)
{
	struct xenhv_dispatch_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	ctx->fb = xenhv_fake_new(test, 256);
	KUNIT_ASSERT_EQ(test, xenhv_dispatcher_init(&ctx->disp,
						    xenhv_fake_domain(test, ctx->fb)), 0);
	test->priv = ctx;
	return 0;
}

static void xenhv_dispatch_test_exit(struct kunit *test)
{
	struct xenhv_dispatch_ctx *ctx = test->priv;

	xenhv_dispatcher_destroy(&ctx->disp);
}

/*
 * The numbers an HVM guest reaches in Xen 4.17 (hypercall-defs.c, hvm64
 * column, plus the PV MMU calls; every other number must be -XEN_ENOSYS. xenhv_hypercall_table checks each one's answers.
 */
static bool xenhv_expected_implemented(unsigned int op)
{
	switch (op) {
	case __HYPERVISOR_platform_op:
	case __HYPERVISOR_memory_op:
	case __HYPERVISOR_multicall:
	case __HYPERVISOR_set_timer_op:
	case __HYPERVISOR_xen_version:
	case __HYPERVISOR_console_io:
	case __HYPERVISOR_vm_assist:
	case __HYPERVISOR_vcpu_op:
	case __HYPERVISOR_mmuext_op:
	case __HYPERVISOR_grant_table_op:
	case __HYPERVISOR_mmu_update:
	case __HYPERVISOR_update_va_mapping:
	case __HYPERVISOR_update_va_mapping_otherdomain:
	case __HYPERVISOR_xsm_op:
	case __HYPERVISOR_sched_op:
	case __HYPERVISOR_event_channel_op:
	case __HYPERVISOR_physdev_op:
	case __HYPERVISOR_hvm_op:
	case __HYPERVISOR_sysctl:
	case __HYPERVISOR_domctl:
	case __HYPERVISOR_xenpmu_op:
	case __HYPERVISOR_dm_op:
	case __HYPERVISOR_hypfs_op:
	case XENHV_HYPERVISOR_paging_domctl_cont:
		return true;
	default:
		return false;
	}
}

static void xenhv_dispatch_every_number(struct kunit *test)
{
	struct xenhv_dispatch_ctx *ctx = test->priv;
	/* Arguments that are garbage for every family. */
	const unsigned long junk[5] = { 0xdead, ULONG_MAX, 0, 1, 0x8000 };
	unsigned int op;

	for (op = 0; op < XENHV_NR_HYPERCALLS; op++) {
		long ret = xenhv_dispatch(&ctx->disp, op, junk);

		KUNIT_EXPECT_EQ_MSG(test, xenhv_hcall_implemented(op),
				    xenhv_expected_implemented(op), "op %u", op);
		if (!xenhv_expected_implemented(op))
			KUNIT_EXPECT_EQ_MSG(test, ret, (long)-XEN_ENOSYS, "op %u", op);
	}
	/* Unknown sub-ops of the implemented families are -XEN_ENOSYS too. */
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_xen_version, junk),
			(long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_sched_op, junk),
			(long)-XEN_ENOSYS);
	/* Garbage reached no hypervisor. */
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

static void xenhv_dispatch_out_of_range(struct kunit *test)
{
	struct xenhv_dispatch_ctx *ctx = test->priv;
	const unsigned long args[5] = { XENVER_version };
	u64 calls, errors;

	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, XENHV_NR_HYPERCALLS, args),
			(long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, UINT_MAX, args), (long)-XEN_ENOSYS);
	/* Same low bits as xen_version: must not alias onto it. */
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, 0x100 | __HYPERVISOR_xen_version,
					     args), (long)-XEN_ENOSYS);
	xenhv_hcall_stats_sum(&ctx->disp, XENHV_HCALL_OUT_OF_RANGE, &calls, &errors);
	KUNIT_EXPECT_EQ(test, calls, 3ULL);
	KUNIT_EXPECT_EQ(test, errors, 3ULL);
	xenhv_hcall_stats_sum(&ctx->disp, __HYPERVISOR_xen_version, &calls, &errors);
	KUNIT_EXPECT_EQ(test, calls, 0ULL);
}

static void xenhv_dispatch_routes_arguments(struct kunit *test)
{
	struct xenhv_dispatch_ctx *ctx = test->priv;
	unsigned long args[5] = { XENVER_pagesize, 0 };

	/* a2 reaches the family: NULL → page size, non-NULL → -XEN_EINVAL. */
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_xen_version, args),
			4096L);
	args[1] = 1;
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_xen_version, args),
			(long)-XEN_EINVAL);
	/* The command is the low 32 bits, as Xen's (int) parameter is. */
	args[0] = (1UL << 32) | XENVER_version;
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_xen_version, args),
			(long)((XENHV_XEN_MAJOR << 16) | XENHV_XEN_MINOR));
}

static void xenhv_dispatch_counts_calls_and_errors(struct kunit *test)
{
	struct xenhv_dispatch_ctx *ctx = test->priv;
	unsigned long ok[5] = { XENVER_version }, bad[5] = { 999 };
	u64 calls, errors;

	xenhv_dispatch(&ctx->disp, __HYPERVISOR_xen_version, ok);
	xenhv_dispatch(&ctx->disp, __HYPERVISOR_xen_version, ok);
	xenhv_dispatch(&ctx->disp, __HYPERVISOR_xen_version, bad);
	xenhv_dispatch(&ctx->disp, __HYPERVISOR_mmu_update, ok);
	xenhv_hcall_stats_sum(&ctx->disp, __HYPERVISOR_xen_version, &calls, &errors);
	KUNIT_EXPECT_EQ(test, calls, 3ULL);
	KUNIT_EXPECT_EQ(test, errors, 1ULL);
	xenhv_hcall_stats_sum(&ctx->disp, __HYPERVISOR_mmu_update, &calls, &errors);
	KUNIT_EXPECT_EQ(test, calls, 1ULL);
	KUNIT_EXPECT_EQ(test, errors, 1ULL);
}

/*
 * EVTCHNOP_send skips the table: it must still answer as the table
 * would, take the command from the low 32 bits only, and be counted as an
 * event_channel_op, errors included.
 */
static void xenhv_dispatch_send_fast_path(struct kunit *test)
{
	struct xenhv_dispatch_ctx *ctx = test->priv;
	struct xenhv_fake_backend *fb = ctx->fb;
	struct xenhv_domain *d = ctx->disp.dom;
	unsigned long args[5] = { EVTCHNOP_send, xenhv_fake_gva(fb, 0) };
	unsigned long bind[5] = { EVTCHNOP_bind_ipi, xenhv_fake_gva(fb, 0) };
	struct evtchn_bind_ipi b = { .vcpu = 0 };
	struct evtchn_send s;
	u64 calls, errors;

	/* No event channels yet: the table's answer. */
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_event_channel_op, args),
			(long)-XEN_ENOSYS);
	KUNIT_ASSERT_EQ(test, xenhv_evtchn_init(d, 63), 0);
	memcpy(fb->mem, &b, sizeof(b));
	KUNIT_ASSERT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_event_channel_op, bind), 0L);
	memcpy(&b, fb->mem, sizeof(b));

	s.port = b.port;
	memcpy(fb->mem, &s, sizeof(s));
	args[0] = (1UL << 32) | EVTCHNOP_send;	/* Xen's cmd is an int */
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_event_channel_op, args), 0L);
	KUNIT_EXPECT_TRUE(test, test_bit(b.port, (unsigned long *)d->evtchn->shinfo->evtchn_pending));
	KUNIT_EXPECT_EQ(test, d->evtchn->shinfo->vcpu_info[0].evtchn_upcall_pending, 1);
	s.port = 63;	/* never handed out: invalid */
	memcpy(fb->mem, &s, sizeof(s));
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_event_channel_op, args),
			(long)-XEN_EINVAL);
	args[1] = 0;
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_event_channel_op, args),
			(long)-XEN_EFAULT);

	xenhv_hcall_stats_sum(&ctx->disp, __HYPERVISOR_event_channel_op, &calls, &errors);
	KUNIT_EXPECT_EQ(test, calls, 5ULL);
	KUNIT_EXPECT_EQ(test, errors, 3ULL);
	xenhv_evtchn_destroy(d);
}

static void xenhv_dispatch_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, xenhv_hcall_name(__HYPERVISOR_xen_version), "xen_version");
	KUNIT_EXPECT_STREQ(test, xenhv_hcall_name(__HYPERVISOR_hypfs_op), "hypfs_op");
	KUNIT_EXPECT_STREQ(test, xenhv_hcall_name(__HYPERVISOR_argo_op), "argo_op");
	KUNIT_EXPECT_NULL(test, xenhv_hcall_name(11));	/* unused in Xen */
	KUNIT_EXPECT_NULL(test, xenhv_hcall_name(XENHV_NR_HYPERCALLS));
}

static struct kunit_case xenhv_dispatch_cases[] = {
	KUNIT_CASE(xenhv_dispatch_every_number),
	KUNIT_CASE(xenhv_dispatch_out_of_range),
	KUNIT_CASE(xenhv_dispatch_routes_arguments),
	KUNIT_CASE(xenhv_dispatch_counts_calls_and_errors),
	KUNIT_CASE(xenhv_dispatch_send_fast_path),
	KUNIT_CASE(xenhv_dispatch_names),
	{}
};

static struct kunit_suite xenhv_dispatch_suite = {
	.name = "xenhv_dispatch",
	.init = xenhv_dispatch_test_init,
	.exit = xenhv_dispatch_test_exit,
	.test_cases = xenhv_dispatch_cases,
};

kunit_test_suites(&xenhv_dispatch_suite);
