// SPDX-License-Identifier: GPL-2.0
/*
 * sched_op (hypercall 29): SCHEDOP_yield becomes HvCallNotifyLongSpinWait.
 * block, poll, shutdown and the rest land with the event and time families.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include "xenhv_engine.h"

/*
 * SCHEDOP_yield: Xen's vcpu_yield() raises SCHEDULE_SOFTIRQ and returns 0
 * (xen/common/sched/core.c do_sched_op). The Hyper-V way to give up the
 * physical CPU is the spin-wait notification (TLFS "HvCallNotifyLongSpinWait",
 * a fast call whose only input is a spin count): Xen's own viridian code
 * turns that call into a yield (xen/arch/x86/hvm/viridian/viridian.c), and
 * KVM into kvm_vcpu_on_spin(). The count is only a hint; a yield has not
 * spun, so it says 0. A yield cannot fail in Xen, so a failed status is
 * counted by the backend but not returned.
 */
static long xenhv_sched_yield(struct xenhv_domain *d)
{
	struct xenhv_backend *be = d->be;

	be->ops->hypercall_fast(be, HVCALL_NOTIFY_LONG_SPIN_WAIT, 0, 0);
	return 0;
}

long xenhv_sched_op(struct xenhv_domain *d, int cmd, unsigned long arg)
{
	switch (cmd) {
	case SCHEDOP_yield:
		return xenhv_sched_yield(d);
	default:
		/* Xen's answer for an unknown cmd; the others are still todo. */
		return -XEN_ENOSYS;
	}
}
