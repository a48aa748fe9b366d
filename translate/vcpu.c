// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu_op (hypercall 24): VCPUOP_register_vcpu_info. Timers, runstate and
 * the up/down family land with the time issue.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/mm.h>
#include "evtchn.h"
#include <xen/interface/vcpu.h>

/*
 * map_vcpu_info() (xen/common/domain.c): the vcpu_info must fit in the
 * page, may be registered once, and must be guest RAM. Xen also refuses a
 * remote vCPU that is up; module mode has no notion of a vCPU being down
 * (every vCPU is a running kernel CPU), so that check is left to boot mode.
 */
static long xenhv_register_vcpu_info(struct xenhv_domain *d, unsigned int vcpu,
				     unsigned long arg)
{
	struct vcpu_register_vcpu_info info;
	u8 *page;

	if (xenhv_copy_from_guest(d, &info, arg, sizeof(info)))
		return -XEN_EFAULT;
	if (info.offset > PAGE_SIZE - sizeof(struct vcpu_info))
		return -XEN_EINVAL;
	if (!d->evtchn)
		return -XEN_EINVAL;
	page = d->be->ops->map_gfn(d->be, info.mfn);
	if (!page)
		return -XEN_EINVAL;
	return xenhv_evtchn_register_vcpu_info(d, vcpu,
					       (struct vcpu_info *)(page + info.offset));
}

long xenhv_vcpu_op(struct xenhv_domain *d, int cmd, unsigned int vcpu, unsigned long arg)
{
	/* do_vcpu_op(): the vCPU must exist before anything else. */
	if (vcpu >= d->be->nr_vcpus)
		return -XEN_ENOENT;
	switch (cmd) {
	case VCPUOP_register_vcpu_info:
		return xenhv_register_vcpu_info(d, vcpu, arg);
	default:
		return -XEN_ENOSYS;
	}
}
