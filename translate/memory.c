// SPDX-License-Identifier: GPL-2.0
/*
 * memory_op (hypercall 12): add_to_physmap/remove_from_physmap for
 * shared_info, the reservation queries and claim_pages. Reservations,
 * grant frames and maps land with the memory and grant issues.
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

#define XENHV_MEMOP_EXTENT_SHIFT	6
#define XENHV_MEMOP_CMD_MASK		0x3f
#define XENHV_XENMEM_maximum_gpfn	14
#define XENHV_XENMEM_claim_pages	24

/*
 * current_reservation / maximum_reservation / maximum_gpfn: the argument
 * is a domid_t; rcu_lock_domain_by_any_id() (DOMID_SELF or the own id,
 * else -ESRCH), then the domain's tot_pages, max_pages, or highest guest
 * frame. The partition is the domain: its RAM is what it holds, with no
 * headroom to grow into, and its highest RAM frame is the highest gpfn.
 */
static long xenhv_memory_stat(struct xenhv_domain *d, unsigned int op, unsigned long arg)
{
	u64 ram_pages, max_pfn;
	domid_t dom;

	if (xenhv_copy_from_guest(d, &dom, arg, sizeof(dom)))
		return -XEN_EFAULT;
	if (!xenhv_is_self(d, dom))
		return -XEN_ESRCH;
	d->be->ops->memory_stats(d->be, &ram_pages, &max_pfn);
	if (op == XENHV_XENMEM_maximum_gpfn)
		return max_pfn ? max_pfn - 1 : 0;
	return ram_pages;
}

/*
 * XENMEM_claim_pages: the reservation must be empty of extents, order
 * and flags (-EINVAL); the domain is looked up without DOMID_SELF
 * (-EINVAL when not found); then XSM_PRIV refuses a domU (-EPERM).
 */
static long xenhv_claim_pages(struct xenhv_domain *d, unsigned long arg)
{
	struct xen_memory_reservation r;

	if (xenhv_copy_from_guest(d, &r, arg, sizeof(r)))
		return -XEN_EFAULT;
	if (r.extent_start || r.extent_order || r.address_bits)
		return -XEN_EINVAL;
	return r.domid == d->domid ? -XEN_EPERM : -XEN_EINVAL;
}

long xenhv_memory_op(struct xenhv_domain *d, int cmd, unsigned long arg)
{
	/* Bits above MEMOP_CMD_MASK carry a continuation index in Xen. */
	unsigned int op = cmd & XENHV_MEMOP_CMD_MASK;
	unsigned long start_extent = (unsigned int)cmd >> XENHV_MEMOP_EXTENT_SHIFT;
	u64 ram_pages, max_pfn;

	switch (op) {
	case XENMEM_add_to_physmap:
		return xenhv_add_to_physmap(d, arg);
	case XENMEM_remove_from_physmap:
		return xenhv_remove_from_physmap(d, arg);
	case XENMEM_maximum_ram_page:
		/* The host's max_page, with no permission check: here, the partition's. */
		if (start_extent)
			return -XEN_EINVAL;
		d->be->ops->memory_stats(d->be, &ram_pages, &max_pfn);
		return max_pfn;
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENHV_XENMEM_maximum_gpfn:
		if (start_extent)
			return -XEN_EINVAL;
		return xenhv_memory_stat(d, op, arg);
	case XENHV_XENMEM_claim_pages:
		if (start_extent)
			return -XEN_EINVAL;
		return xenhv_claim_pages(d, arg);
	default:
		/*
		 * Reservations, memory_map, exchange, grant frames: issue 5.
		 * machine_memory_map and machphys_mapping: -ENOSYS is already
		 * Xen 4.17's answer to an HVM guest (hvm_memory_op()).
		 */
		return -XEN_ENOSYS;
	}
}
