// SPDX-License-Identifier: GPL-2.0
/*
 * memory_op (hypercall 12): add_to_physmap/remove_from_physmap for shared_info. The
 * rest of the family (reservations, grant frames, maps) lands with the
 * memory and grant issues.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include "xenhv_engine.h"
#include <xen/interface/memory.h>

static long xenhv_add_to_physmap(struct xenhv_domain *d, unsigned long arg)
{
	struct xen_add_to_physmap xatp;
	void *page;

	if (xenhv_copy_from_guest(d, &xatp, arg, sizeof(xatp)))
		return -XEN_EFAULT;
	/* xenmem_add_to_physmap(): rcu_lock_domain_by_any_id() */
	if (!xenhv_is_self(d, xatp.domid))
		return -XEN_ESRCH;
	switch (xatp.space) {
	case XENMAPSPACE_shared_info:
		/* Only index 0 names a page; anything else leaves the MFN invalid. */
		if (xatp.idx != 0)
			return -XEN_EINVAL;
		page = d->be->ops->map_gfn(d->be, xatp.gpfn);
		if (!page)
			return -XEN_EINVAL;
		xenhv_evtchn_set_shared_info(d, xatp.gpfn, page);
		/* The guest sees the vCPU times and the wallclock at once. */
		xenhv_time_vcpu_info_changed(d, U32_MAX);
		return 0;
	default:
		/* grant_table, gmfn, gmfn_range, gmfn_foreign: not yet (issues 5, 6). */
		return -XEN_ENOSYS;
	}
}

/*
 * XENMEM_remove_from_physmap of shared_info's frame: the page leaves the
 * guest's physmap and Xen's copy carries on unseen. Removing ordinary RAM
 * (which Xen would take from the guest) comes with the memory issue.
 */
static long xenhv_remove_from_physmap(struct xenhv_domain *d, unsigned long arg)
{
	struct xen_remove_from_physmap xrfp;

	if (xenhv_copy_from_guest(d, &xrfp, arg, sizeof(xrfp)))
		return -XEN_EFAULT;
	if (!xenhv_is_self(d, xrfp.domid))
		return -XEN_ESRCH;
	if (xenhv_evtchn_unmap_shared_info(d, xrfp.gpfn))
		return 0;
	return -XEN_ENOSYS;
}

long xenhv_memory_op(struct xenhv_domain *d, int cmd, unsigned long arg)
{
	/* Bits above MEMOP_CMD_MASK carry a continuation index in Xen. */
	switch (cmd & 0x3f) {
	case XENMEM_add_to_physmap:
		return xenhv_add_to_physmap(d, arg);
	case XENMEM_remove_from_physmap:
		return xenhv_remove_from_physmap(d, arg);
	default:
		return -XEN_ENOSYS;
	}
}
