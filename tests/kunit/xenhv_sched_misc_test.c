// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: sched_op shutdown/watchdog, hvm_op, and the whole hypercall
 * table walked with valid and garbage arguments against Xen 4.17's
 * answers to an HVM domU.
 */
#include <kunit/test.h>
#include "xenhv_fake_backend.h"
#include "../../translate/evtchn.h"
#include "../../translate/time.h"
#include "../../translate/dispatch.h"
#include <xen/interface/hvm/hvm_op.h>
#include <xen/interface/hvm/params.h>
#include <xen/interface/memory.h>

#define MS		1000000ULL
#define BAD		0xdeadUL	/* never guest memory in the fake */

struct xenhv_misc_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d;
	struct xenhv_dispatcher disp;
};

static int xenhv_misc_test_init(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	test->priv = ctx;
	ctx->fb = xenhv_fake_new(test, 1024);
	ctx->fb->now_ns = 1000 * MS;
	ctx->d = xenhv_fake_domain(test, ctx->fb);
	KUNIT_ASSERT_EQ(test, xenhv_evtchn_init(ctx->d, XENHV_DEFAULT_MAX_EVTCHN_PORT), 0);
	KUNIT_ASSERT_EQ(test, xenhv_time_init(ctx->d), 0);
	KUNIT_ASSERT_EQ(test, xenhv_dispatcher_init(&ctx->disp, ctx->d), 0);
	return 0;
}

static void xenhv_misc_test_exit(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;

	xenhv_dispatcher_destroy(&ctx->disp);
	xenhv_time_destroy(ctx->d);
	xenhv_evtchn_destroy(ctx->d);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_unmaps, ctx->fb->nr_maps);
}

static unsigned long put(struct xenhv_misc_ctx *ctx, const void *op, size_t size)
{
	memcpy(ctx->fb->mem, op, size);
	return xenhv_fake_gva(ctx->fb, 0);
}

static long sched(struct kunit *test, int cmd, const void *op, size_t size)
{
	struct xenhv_misc_ctx *ctx = test->priv;

	return xenhv_sched_op(ctx->d, cmd, put(ctx, op, size));
}

/* ---- sched_op ---- */

/*
 * SCHEDOP_shutdown(crash): the five crash parameters, then CRASH_CTL with
 * CRASH_NOTIFY, then the backend ends the domain. Once only.
 */
static void xenhv_shutdown_crash_reports_to_hyperv(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	struct sched_shutdown sd = { .reason = SHUTDOWN_crash };
	u64 v;

	ctx->fb->cur_vcpu = 1;
	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_shutdown, &sd, sizeof(sd)), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_msr_writes, 6U);
	KUNIT_EXPECT_EQ(test, ctx->fb->msr_log[0].msr, (u32)HV_X64_MSR_CRASH_P0);
	KUNIT_EXPECT_EQ(test, ctx->fb->msr_log[0].val, (u64)SHUTDOWN_crash);
	KUNIT_EXPECT_EQ(test, xenhv_fake_msr_writes(ctx->fb, HV_X64_MSR_CRASH_P1, &v), 1U);
	KUNIT_EXPECT_EQ(test, v, 1ULL);		/* domid */
	xenhv_fake_msr_writes(ctx->fb, HV_X64_MSR_CRASH_P2, &v);
	KUNIT_EXPECT_EQ(test, v, 1ULL);		/* vCPU */
	xenhv_fake_msr_writes(ctx->fb, HV_X64_MSR_CRASH_P4, &v);
	KUNIT_EXPECT_EQ(test, v, XENHV_CRASH_MAGIC);
	KUNIT_EXPECT_EQ(test, ctx->fb->msr_log[5].msr, (u32)HV_X64_MSR_CRASH_CTL);
	KUNIT_EXPECT_EQ(test, ctx->fb->msr_log[5].val, HV_CRASH_CTL_CRASH_NOTIFY);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_shutdowns, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->last_shutdown, (unsigned int)SHUTDOWN_crash);
	/* A second shutdown does nothing more (already shutting down). */
	sd.reason = SHUTDOWN_poweroff;
	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_shutdown, &sd, sizeof(sd)), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_shutdowns, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_msr_writes, 6U);
}

static void xenhv_shutdown_reasons_and_code(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	struct sched_shutdown sd = { .reason = SHUTDOWN_suspend };

	KUNIT_EXPECT_EQ(test, xenhv_sched_op(ctx->d, SCHEDOP_shutdown, BAD), (long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_sched_op(ctx->d, SCHEDOP_shutdown_code, BAD),
			(long)-XEN_EFAULT);
	/* Suspend: no toolstack to save the domain: a cancelled suspend, 1. */
	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_shutdown, &sd, sizeof(sd)), 1L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_shutdowns, 0U);
	/* shutdown_code is set once and wins over the later reason. */
	sd.reason = SHUTDOWN_reboot;
	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_shutdown_code, &sd, sizeof(sd)), 0L);
	sd.reason = SHUTDOWN_crash;
	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_shutdown_code, &sd, sizeof(sd)), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_shutdowns, 0U);
	sd.reason = SHUTDOWN_poweroff + 0x100;	/* truncated to a u8: poweroff */
	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_shutdown, &sd, sizeof(sd)), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->last_shutdown, (unsigned int)SHUTDOWN_reboot);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_msr_writes, 0U);	/* not a crash */
}

static void xenhv_sched_remote_and_pin(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	struct sched_remote_shutdown rs = { .domain_id = DOMID_SELF };

	KUNIT_EXPECT_EQ(test, xenhv_sched_op(ctx->d, SCHEDOP_remote_shutdown, BAD),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_remote_shutdown, &rs, sizeof(rs)),
			(long)-XEN_ESRCH);
	rs.domain_id = 7;
	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_remote_shutdown, &rs, sizeof(rs)),
			(long)-XEN_ESRCH);
	rs.domain_id = 1;
	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_remote_shutdown, &rs, sizeof(rs)),
			(long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, xenhv_sched_op(ctx->d, SCHEDOP_pin_override, BAD),
			(long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, xenhv_sched_op(ctx->d, 8, 0), (long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_shutdowns, 0U);
}

/*
 * dom0 exists, and so does a hosted backend domain: remote_shutdown finds
 * either and XSM_DM_PRIV refuses the domU, -EPERM; nothing shuts down.
 */
static void xenhv_sched_remote_shutdown_dom0(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	struct sched_remote_shutdown rs = { .domain_id = 0, .reason = SHUTDOWN_poweroff };
	struct xenhv_domain *be = xenhv_fake_domain(test, ctx->fb);

	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_remote_shutdown, &rs, sizeof(rs)),
			(long)-XEN_EPERM);
	be->domid = 2;
	ctx->d->peer = be;
	rs.domain_id = 2;
	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_remote_shutdown, &rs, sizeof(rs)),
			(long)-XEN_EPERM);
	rs.domain_id = 0;
	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_remote_shutdown, &rs, sizeof(rs)),
			(long)-XEN_EPERM);
	rs.domain_id = 3;
	KUNIT_EXPECT_EQ(test, sched(test, SCHEDOP_remote_shutdown, &rs, sizeof(rs)),
			(long)-XEN_ESRCH);
	ctx->d->peer = NULL;
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_shutdowns, 0U);
}

static long watchdog(struct kunit *test, u32 id, u32 timeout)
{
	struct sched_watchdog wd = { .id = id, .timeout = timeout };

	return sched(test, SCHEDOP_watchdog, &wd, sizeof(wd));
}

/* domain_watchdog(): two timers; id > 2 or unused -EINVAL; expiry shuts down. */
static void xenhv_sched_watchdog_rules(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, xenhv_sched_op(ctx->d, SCHEDOP_watchdog, BAD), (long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, watchdog(test, 3, 10), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, watchdog(test, 1, 10), (long)-XEN_EINVAL);	/* unused */
	KUNIT_EXPECT_EQ(test, watchdog(test, 0, 10), 1L);
	KUNIT_EXPECT_EQ(test, watchdog(test, 0, 20), 2L);
	KUNIT_EXPECT_EQ(test, watchdog(test, 0, 30), (long)-XEN_ENOSPC);
	KUNIT_EXPECT_EQ(test, watchdog(test, 2, 0), 0L);			/* freed */
	KUNIT_EXPECT_EQ(test, watchdog(test, 2, 5), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, watchdog(test, 1, 30), 0L);			/* re-armed */
	/* Vcpu 0 runs the watchdogs: not due yet, then due. */
	ctx->fb->now_ns = 1000 * MS + 29 * NSEC_PER_SEC;
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_shutdowns, 0U);
	ctx->fb->now_ns = 1000 * MS + 30 * NSEC_PER_SEC;
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_shutdowns, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->last_shutdown, (unsigned int)SHUTDOWN_watchdog);
	/* A watchdog expiry is reported to Hyper-V as a crash. */
	KUNIT_EXPECT_EQ(test, xenhv_fake_msr_writes(ctx->fb, HV_X64_MSR_CRASH_CTL, NULL), 1U);
}

static struct kunit_case xenhv_sched_cases[] = {
	KUNIT_CASE(xenhv_shutdown_crash_reports_to_hyperv),
	KUNIT_CASE(xenhv_shutdown_reasons_and_code),
	KUNIT_CASE(xenhv_sched_remote_and_pin),
	KUNIT_CASE(xenhv_sched_watchdog_rules),
	KUNIT_CASE(xenhv_sched_remote_shutdown_dom0),
	{}
};

static struct kunit_suite xenhv_sched_shutdown_suite = {
	.name = "xenhv_sched_shutdown",
	.init = xenhv_misc_test_init,
	.exit = xenhv_misc_test_exit,
	.test_cases = xenhv_sched_cases,
};

/* ---- hvm_op ---- */

static long hvm_param(struct kunit *test, bool set, domid_t dom, u32 index, u64 *value)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	struct xen_hvm_param p = { .domid = dom, .index = index, .value = *value };
	long ret = xenhv_hvm_op(ctx->d, set ? HVMOP_set_param : HVMOP_get_param,
				put(ctx, &p, sizeof(p)));

	memcpy(&p, ctx->fb->mem, sizeof(p));
	*value = p.value;
	return ret;
}

/* hvm_allow_get/set_param(): checks in order, then the domU lists. */
static void xenhv_hvm_params(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	u64 v = 0;
	u32 i;

	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_get_param, BAD), (long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, hvm_param(test, false, DOMID_SELF, 39, &v), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, hvm_param(test, false, 5, HVM_PARAM_CALLBACK_IRQ, &v),
			(long)-XEN_ESRCH);
	KUNIT_EXPECT_EQ(test, hvm_param(test, false, DOMID_SELF, HVM_PARAM_PAE_ENABLED, &v),
			(long)-XEN_EINVAL);	/* deprecated */
	KUNIT_EXPECT_EQ(test, hvm_param(test, false, DOMID_SELF, HVM_PARAM_IDENT_PT, &v),
			(long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, hvm_param(test, true, DOMID_SELF, HVM_PARAM_STORE_PFN, &v),
			(long)-XEN_EPERM);	/* readable, not writable */
	KUNIT_EXPECT_EQ(test, hvm_param(test, false, DOMID_SELF, HVM_PARAM_STORE_PFN, &v), 0L);
	v = 0x0200000000000000ULL | 0xf3;	/* vector callback */
	KUNIT_EXPECT_EQ(test, hvm_param(test, true, 1, HVM_PARAM_CALLBACK_IRQ, &v), 0L);
	v = 0;
	KUNIT_EXPECT_EQ(test, hvm_param(test, false, DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, &v), 0L);
	KUNIT_EXPECT_EQ(test, v, 0x0200000000000000ULL | 0xf3);
	v = 5;
	KUNIT_EXPECT_EQ(test, hvm_param(test, true, DOMID_SELF, 36, &v), (long)-XEN_EINVAL);
	v = 8;
	KUNIT_EXPECT_EQ(test, hvm_param(test, true, DOMID_SELF, 36, &v), 0L);
	v = 1ULL << 32;
	KUNIT_EXPECT_EQ(test, hvm_param(test, true, DOMID_SELF, HVM_PARAM_VM86_TSS, &v),
			(long)-XEN_EINVAL);
	/* Every index has one documented answer for a read by a domU. */
	for (i = 0; i < 39; i++) {
		long r;

		v = 0;
		r = hvm_param(test, false, DOMID_SELF, i, &v);
		KUNIT_EXPECT_TRUE_MSG(test, r == 0 || r == -XEN_EPERM || r == -XEN_EINVAL,
				      "param %u: %ld", i, r);
	}
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

/* HVMOP_flush_tlbs: NULL only; one FlushVirtualAddressSpace, all CPUs, all spaces. */
static void xenhv_hvm_flush_tlbs(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	const struct hv_tlb_flush *in;

	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, 5, BAD), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, 5, 0), 0L);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].control & 0xffff,
			(u64)HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE);
	KUNIT_EXPECT_FALSE(test, ctx->fb->log[0].fast);
	in = (const void *)ctx->fb->log[0].in;
	KUNIT_EXPECT_EQ(test, in->flags,
			(u64)(HV_FLUSH_ALL_PROCESSORS | HV_FLUSH_ALL_VIRTUAL_ADDRESS_SPACES));
	/* A Hyper-V failure comes back as an errno. */
	xenhv_fake_push_status(ctx->fb, HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, 5, 0), (long)-XEN_EINVAL);
}

static void xenhv_hvm_other_ops(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	struct xen_hvm_get_mem_type mt = { .domid = DOMID_SELF, .pfn = 2 };
	struct xen_hvm_pagetable_dying pd = { .domid = DOMID_SELF };
	u16 tr[2] = { 0x1000, 0 };
	u64 now;
	int op;

	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, 10, xenhv_fake_gva(ctx->fb, 64)), 0L);
	memcpy(&now, ctx->fb->mem + 64, sizeof(now));
	KUNIT_EXPECT_EQ(test, now, 1000 * MS);
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, 10, BAD), (long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_pagetable_dying,
					   put(ctx, &pd, sizeof(pd))), (long)-XEN_EINVAL);
	pd.domid = 9;
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_pagetable_dying,
					   put(ctx, &pd, sizeof(pd))), (long)-XEN_ESRCH);
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_get_mem_type,
					   put(ctx, &mt, sizeof(mt))), 0L);
	memcpy(&mt, ctx->fb->mem, sizeof(mt));
	KUNIT_EXPECT_EQ(test, mt.mem_type, (u16)HVMMEM_ram_rw);
	mt.pfn = 1000;
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_get_mem_type,
					   put(ctx, &mt, sizeof(mt))), 0L);
	memcpy(&mt, ctx->fb->mem, sizeof(mt));
	KUNIT_EXPECT_EQ(test, mt.mem_type, (u16)HVMMEM_mmio_dm);
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, 11, put(ctx, tr, sizeof(tr))),
			(long)-XEN_EINVAL);	/* event beyond the subclass */
	tr[0] = 0x0fff;
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, 11, put(ctx, tr, sizeof(tr))), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, 24, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, 24, BAD), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, 25, BAD), (long)-XEN_EOPNOTSUPP);
	for (op = 2; op < 40; op++) {
		if (op == 5 || op == 9 || op == 10 || op == 11 || op == 15 ||
		    op == 23 || op == 24 || op == 25)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, xenhv_hvm_op(ctx->d, op, BAD), (long)-XEN_ENOSYS,
				    "op %d", op);
	}
}

/*
 * dom0 exists and is PV: its params are -EINVAL (hvmop_get/set_param(),
 * !is_hvm_domain()), pagetable_dying of another domain -EOPNOTSUPP,
 * get_mem_type XSM_TARGET's -EPERM. A missing domain is still -ESRCH.
 */
static void xenhv_hvm_dom0_exists(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	struct xen_hvm_get_mem_type mt = { .domid = 0, .pfn = 2 };
	struct xen_hvm_pagetable_dying pd = { .domid = 0 };
	u64 v = 0;

	KUNIT_EXPECT_EQ(test, hvm_param(test, false, 0, HVM_PARAM_STORE_EVTCHN, &v),
			(long)-XEN_EINVAL);
	v = 0x0200000000000000ULL | 0xf3;
	KUNIT_EXPECT_EQ(test, hvm_param(test, true, 0, HVM_PARAM_CALLBACK_IRQ, &v),
			(long)-XEN_EINVAL);
	v = 0;
	KUNIT_EXPECT_EQ(test, hvm_param(test, false, DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, &v), 0L);
	KUNIT_EXPECT_EQ(test, v, 0ULL);		/* the guest's own param untouched */
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_pagetable_dying,
					   put(ctx, &pd, sizeof(pd))), (long)-XEN_EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_get_mem_type,
					   put(ctx, &mt, sizeof(mt))), (long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, hvm_param(test, false, 8, HVM_PARAM_STORE_EVTCHN, &v),
			(long)-XEN_ESRCH);
	pd.domid = 8;
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_pagetable_dying,
					   put(ctx, &pd, sizeof(pd))), (long)-XEN_ESRCH);
	mt.domid = 8;
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_get_mem_type,
					   put(ctx, &mt, sizeof(mt))), (long)-XEN_ESRCH);
}

static struct kunit_case xenhv_hvm_cases[] = {
	KUNIT_CASE(xenhv_hvm_params),
	KUNIT_CASE(xenhv_hvm_flush_tlbs),
	KUNIT_CASE(xenhv_hvm_other_ops),
	KUNIT_CASE(xenhv_hvm_dom0_exists),
	{}
};

static struct kunit_suite xenhv_hvm_op_suite = {
	.name = "xenhv_hvm_op",
	.init = xenhv_misc_test_init,
	.exit = xenhv_misc_test_exit,
	.test_cases = xenhv_hvm_cases,
};

/* ---- the whole table ---- */

#define ENOSYS_	(-XEN_ENOSYS)

/*
 * Every number 0-63 with garbage arguments (a1 a pointer outside guest
 * memory, a2 all ones, a3 0, a4 1 = the domain's own id, a5 0x8000) and
 * with all-zero arguments: Xen 4.17's answer to an HVM domU, number by
 * number (hypercall-defs.c hvm64 column; the handlers' first checks).
 */
static const struct {
	bool reached;	/* false: not in the hvm64 column, -ENOSYS for both */
	long junk, zero;
} xenhv_table_expect[XENHV_NR_HYPERCALLS] = {
	[__HYPERVISOR_platform_op] = { true, -XEN_EFAULT, -XEN_EFAULT },
	/* junk: sub-op 0xdead & 0x3f unknown; zero: increase_reservation of nothing. */
	[__HYPERVISOR_memory_op] = { true, ENOSYS_, 0 },
	/* PV MMU: the own id as page owner, domain 0 unknown; no base pointer. */
	[__HYPERVISOR_mmu_update] = { true, -XEN_ESRCH, -XEN_ESRCH },
	[__HYPERVISOR_update_va_mapping] = { true, -XEN_EINVAL, -XEN_EINVAL },
	[__HYPERVISOR_update_va_mapping_otherdomain] = { true, -XEN_ESRCH, -XEN_ESRCH },
	/* junk: cmd 0xdead, no op hvm_grant_table_op() admits; zero: map of nothing. */
	[__HYPERVISOR_grant_table_op] = { true, ENOSYS_, 0 },
	[__HYPERVISOR_multicall] = { true, -XEN_EFAULT, 0 },
	[__HYPERVISOR_set_timer_op] = { true, 0, 0 },
	[__HYPERVISOR_xen_version] = { true, ENOSYS_, (4 << 16) | 17 },
	[__HYPERVISOR_console_io] = { true, -XEN_EPERM, -XEN_EPERM },
	[__HYPERVISOR_vm_assist] = { true, -XEN_EINVAL, -XEN_EINVAL },
	[__HYPERVISOR_vcpu_op] = { true, -XEN_ENOENT, -XEN_EFAULT },
	[__HYPERVISOR_mmuext_op] = { true, -XEN_ESRCH, -XEN_ESRCH },
	[__HYPERVISOR_xsm_op] = { true, ENOSYS_, ENOSYS_ },
	[__HYPERVISOR_sched_op] = { true, ENOSYS_, 0 },
	[__HYPERVISOR_event_channel_op] = { true, ENOSYS_, -XEN_EFAULT },
	[__HYPERVISOR_physdev_op] = { true, ENOSYS_, ENOSYS_ },
	[__HYPERVISOR_hvm_op] = { true, ENOSYS_, -XEN_EFAULT },
	[__HYPERVISOR_sysctl] = { true, -XEN_EFAULT, -XEN_EFAULT },
	[__HYPERVISOR_domctl] = { true, -XEN_EFAULT, -XEN_EFAULT },
	[__HYPERVISOR_xenpmu_op] = { true, -XEN_EOPNOTSUPP, -XEN_EOPNOTSUPP },
	/* zero: no buffers, -ENODATA before the domain is looked up. */
	[__HYPERVISOR_dm_op] = { true, -XEN_E2BIG, -XEN_ENODATA },
	[__HYPERVISOR_hypfs_op] = { true, -XEN_EPERM, -XEN_EPERM },
	[XENHV_HYPERVISOR_paging_domctl_cont] = { true, -XEN_EFAULT, -XEN_EFAULT },
};

static void xenhv_table_every_number(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	const unsigned long junk[5] = { BAD, ULONG_MAX, 0, 1, 0x8000 };
	const unsigned long zero[5] = { 0 };
	unsigned int op;

	for (op = 0; op < XENHV_NR_HYPERCALLS; op++) {
		bool reached = xenhv_table_expect[op].reached;

		KUNIT_EXPECT_EQ_MSG(test, xenhv_dispatch(&ctx->disp, op, junk),
				    reached ? xenhv_table_expect[op].junk : ENOSYS_,
				    "op %u junk", op);
		KUNIT_EXPECT_EQ_MSG(test, xenhv_dispatch(&ctx->disp, op, zero),
				    reached ? xenhv_table_expect[op].zero : ENOSYS_,
				    "op %u zero", op);
	}
	/* Garbage reached Hyper-V only where Xen's answer needs it: yield. */
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, xenhv_fake_count_code(ctx->fb, HVCALL_NOTIFY_LONG_SPIN_WAIT), 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_shutdowns, 0U);
}

/* Every sub-op of sched_op, vcpu_op and hvm_op with an unreadable argument. */
static void xenhv_table_every_subop_bad_pointer(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	static const long sched_expect[] = {
		[SCHEDOP_yield] = 0, [SCHEDOP_block] = 0, [SCHEDOP_shutdown] = -XEN_EFAULT,
		[SCHEDOP_poll] = -XEN_EFAULT, [SCHEDOP_remote_shutdown] = -XEN_EFAULT,
		[SCHEDOP_shutdown_code] = -XEN_EFAULT, [SCHEDOP_watchdog] = -XEN_EFAULT,
		[SCHEDOP_pin_override] = -XEN_EPERM, [8] = ENOSYS_, [9] = ENOSYS_,
	};
	static const long vcpu_expect[] = {
		[VCPUOP_initialise] = -XEN_EFAULT, [VCPUOP_up] = 0, [VCPUOP_down] = 0,
		[VCPUOP_is_up] = 0 /* down just before */,
		[VCPUOP_get_runstate_info] = -XEN_EFAULT,
		[VCPUOP_register_runstate_memory_area] = -XEN_EFAULT,
		[VCPUOP_set_periodic_timer] = -XEN_EFAULT, [VCPUOP_stop_periodic_timer] = 0,
		[VCPUOP_set_singleshot_timer] = -XEN_EFAULT,
		[VCPUOP_stop_singleshot_timer] = 0, [VCPUOP_register_vcpu_info] = -XEN_EFAULT,
		[VCPUOP_send_nmi] = -XEN_EINVAL, [VCPUOP_get_physid] = -XEN_EINVAL,
		[VCPUOP_register_vcpu_time_memory_area] = -XEN_EFAULT,
		[14] = -XEN_EFAULT, [15] = -XEN_EFAULT, [16] = ENOSYS_, [17] = ENOSYS_,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sched_expect); i++)
		KUNIT_EXPECT_EQ_MSG(test, xenhv_sched_op(ctx->d, i, BAD), sched_expect[i],
				    "sched_op %u", i);
	/* vCPU 1 (vCPU 0 stays up, so down is not a shutdown). */
	ctx->fb->cur_vcpu = 1;
	for (i = 0; i < ARRAY_SIZE(vcpu_expect); i++)
		KUNIT_EXPECT_EQ_MSG(test, xenhv_vcpu_op(ctx->d, i, 1, BAD), vcpu_expect[i],
				    "vcpu_op %u", i);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_shutdowns, 0U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_maps, 0U);
	/* Every EVTCHNOP reads its argument first; past reset_cont, -ENOSYS. */
	for (i = 0; i < 20; i++)
		KUNIT_EXPECT_EQ_MSG(test, xenhv_event_channel_op(ctx->d, i, BAD),
				    i <= EVTCHNOP_reset_cont ? (long)-XEN_EFAULT : ENOSYS_,
				    "event_channel_op %u", i);
	/*
	 * memory_op: the sub-ops with an argument read it; reservations
	 * answer a count (0 done), never an errno; the compat M2P list is
	 * -EOPNOTSUPP and acquire_resource -EACCES before any read; the rest
	 * are -ENOSYS.
	 */
	for (i = 0; i < 32; i++) {
		long want = ENOSYS_;

		if (i == XENMEM_add_to_physmap || i == XENMEM_remove_from_physmap ||
		    i == XENMEM_current_reservation || i == XENMEM_maximum_reservation ||
		    i == 14 || i == 24 || i == XENMEM_exchange || i == XENMEM_memory_map ||
		    i == 23 || i == XENMEM_machphys_mfn_list || i == 26)
			want = -XEN_EFAULT;
		else if (i == 25)
			want = -XEN_EOPNOTSUPP;
		else if (i == XENMEM_acquire_resource)
			want = -XEN_EACCES;
		else if (i == XENMEM_increase_reservation || i == XENMEM_decrease_reservation ||
			 i == XENMEM_populate_physmap)
			want = 0;
		else if (i == XENMEM_maximum_ram_page)
			want = 0x40000;
		KUNIT_EXPECT_EQ_MSG(test, xenhv_memory_op(ctx->d, i, BAD), want, "memory_op %u", i);
	}
	/* Of all that, only SCHEDOP_yield reached Hyper-V. */
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, xenhv_fake_count_code(ctx->fb, HVCALL_NOTIFY_LONG_SPIN_WAIT), 1U);
}

/* Privileged calls: copy, then version (-EACCES), then XSM (-EPERM) / lookup. */
static void xenhv_table_privileged_order(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	struct xenhv_priv_op_head h = { .cmd = 1, .interface_version = 0x14 };
	u8 bufs[32] = { 0 };

	memset(ctx->fb->mem, 0, 256);
	memcpy(ctx->fb->mem, &h, sizeof(h));
	KUNIT_EXPECT_EQ(test, xenhv_sysctl(ctx->d, xenhv_fake_gva(ctx->fb, 0)), (long)-XEN_EACCES);
	KUNIT_EXPECT_EQ(test, xenhv_domctl(ctx->d, xenhv_fake_gva(ctx->fb, 0), false),
			(long)-XEN_EACCES);
	KUNIT_EXPECT_EQ(test, xenhv_platform_op(ctx->d, xenhv_fake_gva(ctx->fb, 0)),
			(long)-XEN_EACCES);
	h.interface_version = XENHV_SYSCTL_INTERFACE_VERSION;
	memcpy(ctx->fb->mem, &h, sizeof(h));
	KUNIT_EXPECT_EQ(test, xenhv_sysctl(ctx->d, xenhv_fake_gva(ctx->fb, 0)), (long)-XEN_EPERM);
	/* domctl: createdomain -EPERM; a lookup: own id -EPERM, others -ESRCH. */
	KUNIT_EXPECT_EQ(test, xenhv_domctl(ctx->d, xenhv_fake_gva(ctx->fb, 0), false),
			(long)-XEN_EPERM);
	h.cmd = 2;
	h.domain = DOMID_SELF;
	memcpy(ctx->fb->mem, &h, sizeof(h));
	KUNIT_EXPECT_EQ(test, xenhv_domctl(ctx->d, xenhv_fake_gva(ctx->fb, 0), false),
			(long)-XEN_ESRCH);
	h.domain = 1;
	memcpy(ctx->fb->mem, &h, sizeof(h));
	KUNIT_EXPECT_EQ(test, xenhv_domctl(ctx->d, xenhv_fake_gva(ctx->fb, 0), false),
			(long)-XEN_EPERM);
	h.interface_version = XENHV_XENPF_INTERFACE_VERSION;
	memcpy(ctx->fb->mem, &h, sizeof(h));
	KUNIT_EXPECT_EQ(test, xenhv_platform_op(ctx->d, xenhv_fake_gva(ctx->fb, 0)),
			(long)-XEN_EPERM);
	/* A struct that ends past guest memory faults as a whole. */
	KUNIT_EXPECT_EQ(test, xenhv_domctl(ctx->d, xenhv_fake_gva(ctx->fb, 1024 - 100), false),
			(long)-XEN_EFAULT);
	/* dm_op: -E2BIG, -EFAULT, then -ESRCH / -EPERM. */
	memcpy(ctx->fb->mem, bufs, sizeof(bufs));
	KUNIT_EXPECT_EQ(test, xenhv_dm_op(ctx->d, 1, 3, xenhv_fake_gva(ctx->fb, 0)),
			(long)-XEN_E2BIG);
	KUNIT_EXPECT_EQ(test, xenhv_dm_op(ctx->d, 1, 2, BAD), (long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_dm_op(ctx->d, 1, 2, xenhv_fake_gva(ctx->fb, 0)),
			(long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, xenhv_dm_op(ctx->d, DOMID_SELF, 2, xenhv_fake_gva(ctx->fb, 0)),
			(long)-XEN_ESRCH);
	/* mmuext_op (PV): the continuation probe, then the page owner. */
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmuext(ctx->d, 0, XENHV_MMU_UPDATE_PREEMPTED, 0, 7), 7L);
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmuext(ctx->d, BAD, 1, 0, DOMID_SELF), (long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmuext(ctx->d, BAD, 1, 0, DOMID_IO), (long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmuext(ctx->d, BAD, 1, 0, 1), (long)-XEN_ESRCH);
}

/* multicall: entries in order, results written back, nesting refused. */
static void xenhv_table_multicall(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	unsigned long mc[3][8] = {
		{ __HYPERVISOR_xen_version, 77, XENVER_version },
		{ __HYPERVISOR_multicall, 77, 0, 0 },
		{ __HYPERVISOR_console_io, 77, 0 },
	};
	const unsigned long args[5] = { xenhv_fake_gva(ctx->fb, 0), 3 };

	memcpy(ctx->fb->mem, mc, sizeof(mc));
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_multicall, args), 0L);
	memcpy(mc, ctx->fb->mem, sizeof(mc));
	KUNIT_EXPECT_EQ(test, (long)mc[0][1], (4L << 16) | 17);
	KUNIT_EXPECT_EQ(test, (long)mc[1][1], (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, (long)mc[2][1], (long)-XEN_EPERM);
}

/* The reservation queries and claim_pages, as Xen answers a domU. */
static void xenhv_table_memory_queries(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	struct xen_memory_reservation r = { .domid = 1 };
	domid_t dom = DOMID_SELF;
	unsigned long a;

	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_maximum_ram_page, 0), 0x40000L);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_maximum_ram_page | (1 << 6), 0),
			(long)-XEN_EINVAL);
	a = put(ctx, &dom, sizeof(dom));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_current_reservation, a), 0x3fe00L);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_maximum_reservation, a), 0x3fe00L);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 14, a), 0x3ffffL);	/* maximum_gpfn */
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_current_reservation | (2 << 6), a),
			(long)-XEN_EINVAL);
	dom = 1;
	a = put(ctx, &dom, sizeof(dom));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_maximum_reservation, a), 0x3fe00L);
	dom = 7;
	a = put(ctx, &dom, sizeof(dom));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_current_reservation, a),
			(long)-XEN_ESRCH);
	/* claim_pages: own id -EPERM (XSM); DOMID_SELF is not looked up: -EINVAL. */
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 24, put(ctx, &r, sizeof(r))),
			(long)-XEN_EPERM);
	r.domid = DOMID_SELF;
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 24, put(ctx, &r, sizeof(r))),
			(long)-XEN_EINVAL);
	r.domid = 1;
	r.extent_order = 1;
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 24, put(ctx, &r, sizeof(r))),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

/* Naming dom0: found, then refused as Xen refuses a domU; unknown ids -ESRCH. */
static void xenhv_table_dom0_exists(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	struct xenhv_priv_op_head h = {
		.cmd = 2, .interface_version = XENHV_DOMCTL_INTERFACE_VERSION, .domain = 0,
	};
	struct xen_memory_reservation r = { .domid = 0 };
	u8 bufs[32] = { 0 };
	domid_t dom = 0;
	unsigned long a;

	/* The reservation queries: XSM_TARGET, -EPERM. */
	a = put(ctx, &dom, sizeof(dom));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_current_reservation, a),
			(long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_maximum_reservation, a),
			(long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 14, a), (long)-XEN_EPERM);
	/* claim_pages: found by id, XSM_PRIV. */
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 24, put(ctx, &r, sizeof(r))),
			(long)-XEN_EPERM);
	/* domctl: found, XSM refuses. */
	memset(ctx->fb->mem, 0, 1024);
	memcpy(ctx->fb->mem, &h, sizeof(h));
	KUNIT_EXPECT_EQ(test, xenhv_domctl(ctx->d, xenhv_fake_gva(ctx->fb, 0), false),
			(long)-XEN_EPERM);
	/* dm_op: found, but dom0 is PV: dm_op()'s !is_hvm_domain() -EINVAL. */
	memcpy(ctx->fb->mem, bufs, sizeof(bufs));
	KUNIT_EXPECT_EQ(test, xenhv_dm_op(ctx->d, 0, 1, xenhv_fake_gva(ctx->fb, 0)),
			(long)-XEN_EINVAL);
	/* A domain that does not exist is still missing. */
	KUNIT_EXPECT_EQ(test, xenhv_dm_op(ctx->d, 8, 1, xenhv_fake_gva(ctx->fb, 0)),
			(long)-XEN_ESRCH);
	dom = 8;
	a = put(ctx, &dom, sizeof(dom));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_current_reservation, a),
			(long)-XEN_ESRCH);
	r.domid = 8;
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 24, put(ctx, &r, sizeof(r))),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

/* do_dm_op() (4.17.7): no buffers is -ENODATA before anything else. */
static void xenhv_table_dm_op_no_buffers(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, xenhv_dm_op(ctx->d, 1, 0, BAD), (long)-XEN_ENODATA);
	KUNIT_EXPECT_EQ(test, xenhv_dm_op(ctx->d, DOMID_SELF, 0, 0), (long)-XEN_ENODATA);
	KUNIT_EXPECT_EQ(test, xenhv_dm_op(ctx->d, 7, 0, 0), (long)-XEN_ENODATA);
	/* One buffer is enough to reach the lookup. */
	KUNIT_EXPECT_EQ(test, xenhv_dm_op(ctx->d, 1, 1, xenhv_fake_gva(ctx->fb, 0)),
			(long)-XEN_EPERM);
}

/* struct xen_vnuma_topology_info's layout (public/memory.h). */
struct xh_vnuma_topology {
	domid_t domid;
	u16 pad;
	u32 nr_vnodes, nr_vcpus, nr_vmemranges;
	u64 vdistance, vcpu_to_vnode, vmemrange;
};

/*
 * The M2P lists, vNUMA and acquire_resource, as 4.17.7 answers an HVM
 * domU (and, for acquire_resource, a PV one).
 */
static void xenhv_table_memory_m2p_vnuma_resource(struct kunit *test)
{
	struct xenhv_misc_ctx *ctx = test->priv;
	struct xen_machphys_mfn_list ml = { .max_extents = 4, .nr_extents = 99 };
	struct xh_vnuma_topology vi = { .domid = DOMID_SELF, .nr_vnodes = 5 };
	struct xen_mem_acquire_resource ar = { .domid = 1, .nr_frames = 1 };
	u64 *list = (u64 *)(ctx->fb->mem + 512);

	/* machphys_mfn_list: reached by an HVM guest; no M2P table, no extents. */
	list[0] = 0x5a5a;
	set_xen_guest_handle(ml.extent_start, (xen_pfn_t *)xenhv_fake_gva(ctx->fb, 512));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_machphys_mfn_list,
					      put(ctx, &ml, sizeof(ml))), 0L);
	memcpy(&ml, ctx->fb->mem, sizeof(ml));
	KUNIT_EXPECT_EQ(test, ml.nr_extents, 0U);
	KUNIT_EXPECT_EQ(test, ml.max_extents, 4U);
	KUNIT_EXPECT_EQ(test, list[0], 0x5a5aULL);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_machphys_mfn_list | (1 << 6),
					      xenhv_fake_gva(ctx->fb, 0)), (long)ENOSYS_);
	/* The compat list: no 32-bit PV (opt_pv32 off). */
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 25, BAD), (long)-XEN_EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 25 | (1 << 6), BAD), (long)ENOSYS_);

	/* get_vnumainfo: this domain has no vNUMA. */
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 26, put(ctx, &vi, sizeof(vi))),
			(long)-XEN_EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 26 | (1 << 6), put(ctx, &vi, sizeof(vi))),
			(long)-XEN_EINVAL);
	vi.domid = 0;
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 26, put(ctx, &vi, sizeof(vi))),
			(long)-XEN_EPERM);
	vi.domid = 8;
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 26, put(ctx, &vi, sizeof(vi))),
			(long)-XEN_ESRCH);
	vi.pad = 1;
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 26, put(ctx, &vi, sizeof(vi))),
			(long)-XEN_EINVAL);

	/* acquire_resource: a translated domU is refused before the read. */
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_acquire_resource, BAD),
			(long)-XEN_EACCES);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_acquire_resource,
					      put(ctx, &ar, sizeof(ar))), (long)-XEN_EACCES);
	/* A PV caller goes on: itself -EPERM, dom0 XSM_DM_PRIV -EPERM, none -ESRCH. */
	ctx->d->pv = true;
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_acquire_resource, BAD),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_acquire_resource,
					      put(ctx, &ar, sizeof(ar))), (long)-XEN_EPERM);
	ar.domid = 0;
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_acquire_resource,
					      put(ctx, &ar, sizeof(ar))), (long)-XEN_EPERM);
	ar.domid = DOMID_SELF;
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_acquire_resource,
					      put(ctx, &ar, sizeof(ar))), (long)-XEN_ESRCH);
	ar.frame = 1ULL << 32;
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_acquire_resource,
					      put(ctx, &ar, sizeof(ar))), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

static struct kunit_case xenhv_table_cases[] = {
	KUNIT_CASE(xenhv_table_every_number),
	KUNIT_CASE(xenhv_table_every_subop_bad_pointer),
	KUNIT_CASE(xenhv_table_privileged_order),
	KUNIT_CASE(xenhv_table_multicall),
	KUNIT_CASE(xenhv_table_memory_queries),
	KUNIT_CASE(xenhv_table_dom0_exists),
	KUNIT_CASE(xenhv_table_dm_op_no_buffers),
	KUNIT_CASE(xenhv_table_memory_m2p_vnuma_resource),
	{}
};

static struct kunit_suite xenhv_table_suite = {
	.name = "xenhv_hypercall_table",
	.init = xenhv_misc_test_init,
	.exit = xenhv_misc_test_exit,
	.test_cases = xenhv_table_cases,
};

kunit_test_suites(&xenhv_sched_shutdown_suite, &xenhv_hvm_op_suite, &xenhv_table_suite);
