// SPDX-License-Identifier: GPL-2.0
/*
 * The domain as a whole and its vCPUs: shutdown (xen/common/domain.c)
 * and the kick that makes a vCPU run its upcall (xen/arch/x86/domain.c),
 * which every family below the dispatcher may call.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/atomic.h>
#include "domain.h"

/*
 * A crash as the Hyper-V host sees one (TLFS "guest crash enlightenment",
 * as arch/x86/hyperv/hv_init.c hyperv_report_panic() does): the five
 * parameter MSRs, then CRASH_CTL with CRASH_NOTIFY. P0 holds the Xen
 * shutdown reason, P1 the domid, P2 the reporting vCPU, P3 the
 * shutdown code, P4 xenhv's marker.
 */
static void xenhv_report_crash(struct xenhv_domain *d, unsigned int reason)
{
	struct xenhv_backend *be = d->be;

	if (!be->crash_msrs)
		return;
	xenhv_be_write_msr(be, HV_X64_MSR_CRASH_P0, reason);
	xenhv_be_write_msr(be, HV_X64_MSR_CRASH_P1, d->domid);
	xenhv_be_write_msr(be, HV_X64_MSR_CRASH_P2, xenhv_be_this_vcpu(be));
	xenhv_be_write_msr(be, HV_X64_MSR_CRASH_P3, d->shutdown_code);
	xenhv_be_write_msr(be, HV_X64_MSR_CRASH_P4, XENHV_CRASH_MAGIC);
	xenhv_be_write_msr(be, HV_X64_MSR_CRASH_CTL, HV_CRASH_CTL_CRASH_NOTIFY);
}

/**
 * xenhv_domain_shutdown - domain_shutdown() (xen/common/domain.c)
 * @d: the domain
 * @reason: SHUTDOWN_*, any u8 (Xen does not validate it)
 *
 * Once: a second shutdown does nothing. A code set by
 * SCHEDOP_shutdown_code wins over @reason. Crash and watchdog are
 * reported to Hyper-V through the crash MSRs; then the backend ends the
 * domain (the partition: power off, restart). Suspend needs a toolstack
 * to save the domain, which Hyper-V does not offer a guest: it is
 * answered as a cancelled suspend, 1, what Xen returns to an HVM guest
 * whose suspend the toolstack cancelled.
 *
 * Return: 0, or 1 for a cancelled suspend.
 */
long xenhv_domain_shutdown(struct xenhv_domain *d, unsigned int reason)
{
	unsigned int code;

	reason = (u8)reason;
	if (reason == SHUTDOWN_suspend)
		return 1;
	if (xchg(&d->shutting_down, true))
		return 0;
	code = cmpxchg(&d->shutdown_code, XENHV_SHUTDOWN_CODE_INVALID, reason);
	if (code != XENHV_SHUTDOWN_CODE_INVALID)
		reason = code;
	if (reason == SHUTDOWN_crash || reason == SHUTDOWN_watchdog)
		xenhv_report_crash(d, reason);
	xenhv_be_shutdown(d->be, reason);
	return 0;
}

noinline void xenhv_vcpu_kick_remote_ex(struct xenhv_backend *be, u8 vector, u32 index)
{
	/* struct hv_send_ipi_ex with a one-bank sparse VP set. */
	const u64 in[4] = {
		vector,
		HV_GENERIC_SET_SPARSE_4K,
		BIT_ULL(index / 64),
		BIT_ULL(index % 64),
	};

	xenhv_be_hypercall(be, xenhv_hv_control(HVCALL_SEND_IPI_EX, 0, 0, 1),
			   in, sizeof(in), NULL, 0);
}

void xenhv_vcpu_kick(struct xenhv_domain *d, unsigned int vcpu)
{
	__xenhv_vcpu_kick(d->be, vcpu);
}
