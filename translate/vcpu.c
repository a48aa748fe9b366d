// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu_op (hypercall 24): every VCPUOP as Xen 4.17 answers an HVM domU.
 * Timers and runstate live in time.c, vcpu_info placement in shinfo.c;
 * this file checks and routes.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/mm.h>
#include "evtchn.h"
#include "time.h"
#include <xen/interface/vcpu.h>
#include <xen/interface/hvm/hvm_vcpu.h>

#ifndef VCPUOP_register_runstate_phys_area
#define VCPUOP_register_runstate_phys_area	14
#define VCPUOP_register_vcpu_time_phys_area	15
#endif

/*
 * map_vcpu_info() (xen/common/domain.c): the vcpu_info must fit in the
 * page, be aligned, may be registered once, and must be guest RAM. Xen also refuses a
 * remote vCPU that is up; module mode has no notion of a vCPU being down
 * (every vCPU is a running kernel CPU), so that check is left to boot mode.
 */
static long xenhv_register_vcpu_info(struct xenhv_domain *d, unsigned int vcpu,
				     unsigned long arg)
{
	struct vcpu_register_vcpu_info info;
	long ret;
	u8 *page;

	if (xenhv_copy_from_guest(d, &info, arg, sizeof(info)))
		return -XEN_EFAULT;
	if (info.offset > PAGE_SIZE - sizeof(struct vcpu_info))
		return -XEN_EINVAL;
	/*
	 * XSA-327: the vcpu_info must be aligned as its type is, or its
	 * atomic fields straddle words (Xen 4.17 answers -EINVAL). Found by
	 * the vcpu_op fuzz target.
	 */
	if (info.offset & (__alignof__(struct vcpu_info) - 1))
		return -XEN_EINVAL;
	if (!d->evtchn)
		return -XEN_EINVAL;
	page = xenhv_be_map_gfn(d->be, info.mfn);
	if (!page)
		return -XEN_EINVAL;
	ret = xenhv_evtchn_register_vcpu_info(d, vcpu,
					      (struct vcpu_info *)(page + info.offset));
	/* Xen forces a system-time update into the new vcpu_info. */
	if (!ret)
		xenhv_time_vcpu_info_changed(d, vcpu);
	return ret;
}

/*
 * VCPUOP_initialise for an HVM vCPU (arch_initialise_vcpu()): Xen 4.17.0
 * first refuses a vCPU >= 32 without a registered vcpu_info (the dummy
 * vcpu_info check, limited to PV only in 2024), then reads the
 * vcpu_hvm_context and refuses an initialised vCPU with -EEXIST. Every
 * vCPU of a module-mode domain is a running kernel CPU, so initialised.
 */
static long xenhv_vcpu_initialise(struct xenhv_domain *d, unsigned int vcpu,
				  unsigned long arg)
{
	struct vcpu_hvm_context ctx;

	if (vcpu >= MAX_VIRT_CPUS && !xenhv_evtchn_has_vcpu_info(d, vcpu))
		return -XEN_EINVAL;
	if (xenhv_copy_from_guest(d, &ctx, arg, sizeof(ctx)))
		return -XEN_EFAULT;
	return -XEN_EEXIST;
}

/*
 * VCPUOP_up/down/is_up (common_vcpu_op()): up needs an initialised vCPU
 * (all are), down of the last vCPU that is up shuts the domain down
 * (poweroff). Module mode keeps Xen's view of which vCPUs are up; the
 * kernel's CPU hotplug, not xenhv, decides whether the CPU runs.
 */
static long xenhv_vcpu_up_down(struct xenhv_domain *d, unsigned int vcpu, bool up)
{
	struct xenhv_time_domain *td = d->time;
	unsigned int v, others_up = 0;

	if (up) {
		WRITE_ONCE(td->vcpus[vcpu].down, false);
		return 0;
	}
	for (v = 0; v < td->nr_vcpus; v++)
		if (v != vcpu && !READ_ONCE(td->vcpus[v].down))
			others_up++;
	if (!others_up)
		return xenhv_domain_shutdown(d, SHUTDOWN_poweroff);
	WRITE_ONCE(td->vcpus[vcpu].down, true);
	return 0;
}

/*
 * VCPUOP_send_nmi (arch do_vcpu_op()): the argument must be NULL; the NMI
 * goes to the vCPU through Hyper-V's synthetic ICR (HV_X64_MSR_ICR, the
 * register form of the local APIC ICR: destination in the high dword,
 * delivery mode NMI). Xen returns 0 even if one is already pending.
 */
static long xenhv_vcpu_send_nmi(struct xenhv_domain *d, unsigned int vcpu,
				unsigned long arg)
{
	struct xenhv_backend *be = d->be;
	u32 dest;

	if (arg)
		return -XEN_EINVAL;
	dest = xenhv_be_apic_dest(be, vcpu);
	if (dest == U32_MAX || !be->synthetic_icr)
		return 0;	/* nowhere to deliver: stays pending, as in Xen */
	xenhv_be_write_msr(be, HV_X64_MSR_ICR, ((u64)dest << 32) | XENHV_ICR_DELIVERY_NMI);
	return 0;
}

long xenhv_vcpu_op(struct xenhv_domain *d, int cmd, unsigned int vcpu, unsigned long arg)
{
	/* do_vcpu_op(): the vCPU must exist before anything else. */
	if (vcpu >= d->be->nr_vcpus)
		return -XEN_ENOENT;
	if (!d->time && cmd != VCPUOP_register_vcpu_info)
		return -XEN_ENOSYS;
	switch (cmd) {
	case VCPUOP_initialise:
		return xenhv_vcpu_initialise(d, vcpu, arg);
	case VCPUOP_up:
		return xenhv_vcpu_up_down(d, vcpu, true);
	case VCPUOP_down:
		return xenhv_vcpu_up_down(d, vcpu, false);
	case VCPUOP_is_up:
		return !READ_ONCE(d->time->vcpus[vcpu].down);
	case VCPUOP_get_runstate_info:
		return xenhv_vcpu_get_runstate_info(d, vcpu, arg);
	case VCPUOP_register_runstate_memory_area:
		return xenhv_vcpu_register_area(d, vcpu, arg, true, false);
	case VCPUOP_set_periodic_timer:
		return xenhv_vcpu_set_periodic_timer(d, vcpu, arg);
	case VCPUOP_stop_periodic_timer:
		return xenhv_vcpu_stop_periodic_timer(d, vcpu);
	case VCPUOP_set_singleshot_timer:
		return xenhv_vcpu_set_singleshot_timer(d, vcpu, arg);
	case VCPUOP_stop_singleshot_timer:
		return xenhv_vcpu_stop_singleshot_timer(d, vcpu);
	case VCPUOP_register_vcpu_info:
		return xenhv_register_vcpu_info(d, vcpu, arg);
	case VCPUOP_send_nmi:
		return xenhv_vcpu_send_nmi(d, vcpu, arg);
	case VCPUOP_get_physid:
		/* Only the hardware domain's pinned vCPUs have one. */
		return -XEN_EINVAL;
	case VCPUOP_register_vcpu_time_memory_area:
		return xenhv_vcpu_register_area(d, vcpu, arg, false, false);
	case VCPUOP_register_runstate_phys_area:
		return xenhv_vcpu_register_area(d, vcpu, arg, true, true);
	case VCPUOP_register_vcpu_time_phys_area:
		return xenhv_vcpu_register_area(d, vcpu, arg, false, true);
	default:
		return -XEN_ENOSYS;
	}
}
