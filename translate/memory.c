// SPDX-License-Identifier: GPL-2.0
/*
 * memory_op (hypercall 12): the physmap calls for shared_info, the
 * reservations (frames the PV MMU may then use), exchange, memory_map,
 * the reservation queries, claim_pages, and the answers for the M2P
 * lists, vNUMA and acquire_resource. Then the reservations themselves:
 * the frames a domain is given and gives back, with Hyper-V's
 * cold-discard hint for those it gives back.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/slab.h>
#include <linux/preempt.h>
#include "mm.h"
#include <xen/interface/memory.h>

#define XENHV_MEMOP_EXTENT_SHIFT	6
#define XENHV_MEMOP_CMD_MASK		0x3f
#define XENHV_XENMEM_maximum_gpfn	14
#define XENHV_XENMEM_claim_pages	24
#define XENHV_XENMEM_add_to_physmap_batch	23
#define XENHV_XENMEM_machphys_compat_mfn_list	25
#define XENHV_XENMEM_get_vnumainfo	26
#define XENHV_INVALID_GFN_RAW		(~0ULL)
/* mem_flags (address_bits in the kernel's header): XENMEMF_* */
#define XENHV_XENMEMF_ADDRESS_BITS	0xffU
#define XENHV_XENMEMF_EXACT_NODE	BIT(17)

/* xenmem_add_to_physmap_one(): one index of one space. */
static int xenhv_add_to_physmap_one(struct xenhv_domain *d, unsigned int space, u64 idx,
				    u64 gpfn)
{
	void *page;

	switch (space) {
	case XENMAPSPACE_shared_info:
		/* Only index 0 names a page; anything else leaves the MFN invalid. */
		if (idx != 0 || !d->evtchn)
			return -XEN_EINVAL;
		page = xenhv_be_map_gfn(d->be, gpfn);
		if (!page)
			return -XEN_EINVAL;
		/* A special frame already at that gfn is unhooked first, as in Xen. */
		xenhv_gnttab_remove_from_physmap(d, gpfn);
		xenhv_evtchn_set_shared_info(d, gpfn, page);
		/* The guest sees the vCPU times and the wallclock at once. */
		xenhv_time_vcpu_info_changed(d, U32_MAX);
		return 0;
	case XENMAPSPACE_grant_table:
		if (d->evtchn)
			xenhv_evtchn_unmap_shared_info(d, gpfn);
		xenhv_gnttab_remove_from_physmap(d, gpfn);
		return xenhv_gnttab_add_to_physmap(d, idx, gpfn);
	case XENMAPSPACE_gmfn:
	case XENMAPSPACE_gmfn_range:
	case XENMAPSPACE_gmfn_foreign:
		/* No second physmap to move RAM within. */
		return -XEN_ENOSYS;
	default:
		/* An unknown space names no frame: -EINVAL, as for a bad index. */
		return -XEN_EINVAL;
	}
}

/*
 * The domain an add_to_physmap(_batch) or remove_from_physmap names:
 * rcu_lock_domain_by_any_id() (none: -ESRCH), then
 * xatp_permission_check() (xen/common/memory.c): a domain that is not
 * translated (dom0, the PV backend) -EACCES, dev_mmio (the hardware
 * domain's alone) -EACCES, then XSM_TARGET: another domain (the guest,
 * seen from the backend) -EPERM. remove_from_physmap passes space 0.
 * The backend may place its own frames, which Xen refuses a PV domain:
 * that is how xenhv gives it shared_info (a PV kernel's is in start_info).
 */
static long xenhv_physmap_check(struct xenhv_domain *d, domid_t dom, unsigned int space)
{
	bool self = xenhv_is_self(d, dom);

	if (!self && !xenhv_is_other_domain(d, dom))
		return -XEN_ESRCH;
	if (!self && !(d->peer && dom == d->peer->domid && !d->peer->pv))
		return -XEN_EACCES;
	if (space == XENMAPSPACE_dev_mmio)
		return -XEN_EACCES;
	return self ? 0 : -XEN_EPERM;
}

/*
 * XENMEM_add_to_physmap (do_memory_op()): a start_extent past the 16-bit
 * size -EDOM, -EFAULT, gmfn_foreign -ENOSYS (batch only), the domain
 * and permission, then xenmem_add_to_physmap(): INVALID_GFN -EINVAL
 * before the space is looked at.
 */
static long xenhv_add_to_physmap(struct xenhv_domain *d, unsigned long start,
				 unsigned long arg)
{
	struct xen_add_to_physmap xatp;
	long rc;

	if (start > U16_MAX)
		return -XEN_EDOM;
	if (xenhv_copy_from_guest(d, &xatp, arg, sizeof(xatp)))
		return -XEN_EFAULT;
	if (xatp.space == XENMAPSPACE_gmfn_foreign)
		return -XEN_ENOSYS;
	rc = xenhv_physmap_check(d, xatp.domid, xatp.space);
	if (rc)
		return rc;
	if (xatp.gpfn == XENHV_INVALID_GFN_RAW)
		return -XEN_EINVAL;
	return xenhv_add_to_physmap_one(d, xatp.space, xatp.idx, xatp.gpfn);
}

/*
 * XENMEM_add_to_physmap_batch (23, the kernel's add_to_physmap_range):
 * a start_extent past the 16-bit size is -EDOM; then -EFAULT, gmfn_range
 * -EOPNOTSUPP, the domain and permission; start past the size -EILSEQ
 * (xenmem_add_to_physmap_batch()). Each item's errno goes to errs[] and
 * the call returns 0, but an INVALID_GFN item ends the call, -EINVAL.
 * A long batch continues from the next item.
 */
static long xenhv_add_to_physmap_batch(struct xenhv_domain *d, unsigned long start,
				       unsigned long *args)
{
	struct xen_add_to_physmap_range b;
	unsigned long i;
	u64 idx, gpfn;
	int err;

	if (start > U16_MAX)
		return -XEN_EDOM;
	if (xenhv_copy_from_guest(d, &b, args[1], sizeof(b)))
		return -XEN_EFAULT;
	if (b.space == XENMAPSPACE_gmfn_range)
		return -XEN_EOPNOTSUPP;
	err = xenhv_physmap_check(d, b.domid, b.space);
	if (err)
		return err;
	if (b.size < start || (start && b.size == start))
		return -XEN_EILSEQ;
	for (i = start; i < b.size; i++) {
		if (i != start && xenhv_be_preempt_check(d->be)) {
			args[0] = XENHV_XENMEM_add_to_physmap_batch | (i << XENHV_MEMOP_EXTENT_SHIFT);
			return -XENHV_ERESTART;
		}
		if (xenhv_copy_from_guest(d, &idx, (unsigned long)b.idxs + i * sizeof(idx),
					  sizeof(idx)) ||
		    xenhv_copy_from_guest(d, &gpfn, (unsigned long)b.gpfns + i * sizeof(gpfn),
					  sizeof(gpfn)))
			return -XEN_EFAULT;
		if (gpfn == XENHV_INVALID_GFN_RAW)
			return -XEN_EINVAL;
		err = xenhv_add_to_physmap_one(d, b.space, idx, gpfn);
		if (xenhv_copy_to_guest(d, (unsigned long)b.errs + i * sizeof(err), &err,
					sizeof(err)))
			return -XEN_EFAULT;
	}
	return 0;
}

/*
 * increase_reservation / populate_physmap / decrease_reservation (Xen's
 * common/memory.c, PV form): the answer is always the number of extents
 * done, never an errno; an unreadable argument, a bad count, a foreign
 * domain or impossible flags end the call at start_extent. Frames are
 * machine frames: increase writes the new frames out (the list may be
 * NULL), populate reads a gpfn per extent and writes the frame it got,
 * decrease reads the frames to give back. Orders above 9 do nothing.
 */
static long xenhv_reservation(struct xenhv_domain *d, unsigned int op, unsigned long start,
			      unsigned long *args)
{
	struct xen_memory_reservation r;
	unsigned int bits;
	unsigned long i, list;
	u64 below = U64_MAX, frame;

	if (xenhv_copy_from_guest(d, &r, args[1], sizeof(r)))
		return start;
	if (r.nr_extents > (UINT_MAX >> XENHV_MEMOP_EXTENT_SHIFT) || start >= r.nr_extents)
		return start;
	if (!xenhv_is_self(d, r.domid))
		return start;
	if (op != XENMEM_decrease_reservation) {
		/* construct_memop_from_reservation(): address_bits, exact node. */
		bits = r.address_bits & XENHV_XENMEMF_ADDRESS_BITS;
		if ((bits && bits <= PAGE_SHIFT) || (r.address_bits & XENHV_XENMEMF_EXACT_NODE))
			return start;
		if (bits && bits < 64)
			below = 1ULL << (bits - PAGE_SHIFT);
	}
	if (r.extent_order > XENHV_MAX_EXTENT_ORDER)
		return start;
	list = (unsigned long)r.extent_start;
	for (i = start; i < r.nr_extents; i++) {
		if (i != start && xenhv_be_preempt_check(d->be)) {
			args[0] = op | (i << XENHV_MEMOP_EXTENT_SHIFT);
			return -XENHV_ERESTART;
		}
		switch (op) {
		case XENMEM_increase_reservation:
			frame = xenhv_mm_alloc_extent(d, r.extent_order, below);
			if (frame == XENHV_NO_FRAME)
				return i;
			/* A fault here leaves the extent with the domain, as in Xen. */
			if (list && xenhv_copy_to_guest(d, list + i * sizeof(frame), &frame,
							sizeof(frame)))
				return i;
			break;
		case XENMEM_populate_physmap:
			if (xenhv_copy_from_guest(d, &frame, list + i * sizeof(frame), sizeof(frame)))
				return i;
			frame = xenhv_mm_alloc_extent(d, r.extent_order, below);
			if (frame == XENHV_NO_FRAME ||
			    xenhv_copy_to_guest(d, list + i * sizeof(frame), &frame, sizeof(frame)))
				return i;
			break;
		default:
			if (xenhv_copy_from_guest(d, &frame, list + i * sizeof(frame), sizeof(frame)) ||
			    xenhv_mm_release_extent(d, frame, r.extent_order))
				return i;
		}
	}
	return r.nr_extents;
}

/*
 * XENMEM_exchange: give back in's extents, get out's (memory_exchange()).
 * The checks in Xen's order: start_extent -EINVAL, -EFAULT, an order
 * above 9 -EPERM, a bad count or size mismatch -EINVAL, all done 0, the
 * domain -ESRCH. Then chunk by chunk (the larger extent size): new frames
 * first (-ENOMEM), the old ones must be the domain's and unused (-EINVAL,
 * steal_page()'s answer), the new frames are written out. nr_exchanged
 * counts input extents done and is always written back.
 */
static long xenhv_exchange(struct xenhv_domain *d, unsigned long start, unsigned long arg)
{
	struct xen_memory_exchange x;
	unsigned int big, in_per, out_per, j, nouts;
	unsigned long in_list, out_list, in0, out0;
	u64 frame, *outs;
	long rc = 0;

	if (start)
		return -XEN_EINVAL;
	if (xenhv_copy_from_guest(d, &x, arg, sizeof(x)))
		return -XEN_EFAULT;
	if (x.in.extent_order > XENHV_MAX_EXTENT_ORDER ||
	    x.out.extent_order > XENHV_MAX_EXTENT_ORDER)
		return -XEN_EPERM;
	big = max(x.in.extent_order, x.out.extent_order);
	in_per = 1U << (big - x.in.extent_order);
	out_per = 1U << (big - x.out.extent_order);
	if (x.nr_exchanged > x.in.nr_extents || x.in.domid != x.out.domid ||
	    x.in.nr_extents > (ULONG_MAX >> 20) || x.out.nr_extents > (ULONG_MAX >> 20) ||
	    (x.in.nr_extents << x.in.extent_order) != (x.out.nr_extents << x.out.extent_order) ||
	    x.in.nr_extents % in_per || x.nr_exchanged % in_per)
		return -XEN_EINVAL;
	if (x.nr_exchanged == x.in.nr_extents)
		return 0;
	if (!xenhv_is_self(d, x.in.domid))	/* XSM_TARGET: another domain -EPERM */
		return xenhv_is_other_domain(d, x.in.domid) ? -XEN_EPERM : -XEN_ESRCH;
	outs = kmalloc_array(out_per, sizeof(*outs), preemptible() ? GFP_KERNEL : GFP_ATOMIC);
	if (!outs)
		return -XEN_ENOMEM;
	in_list = (unsigned long)x.in.extent_start;
	out_list = (unsigned long)x.out.extent_start;

	while (x.nr_exchanged < x.in.nr_extents && !rc) {
		in0 = x.nr_exchanged;
		out0 = in0 / in_per * out_per;
		/* Every old frame must be able to go before anything changes. */
		for (j = 0; j < in_per && !rc; j++) {
			if (xenhv_copy_from_guest(d, &frame, in_list + (in0 + j) * 8, 8))
				rc = -XEN_EFAULT;
			else if (xenhv_mm_check_extent(d, frame, x.in.extent_order))
				rc = -XEN_EINVAL;
		}
		for (nouts = 0; !rc && nouts < out_per; nouts++) {
			outs[nouts] = xenhv_mm_alloc_extent(d, x.out.extent_order, U64_MAX);
			if (outs[nouts] == XENHV_NO_FRAME)
				rc = -XEN_ENOMEM;
		}
		if (rc) {
			/* The chunk failed: its new frames go back, nothing counts. */
			for (j = 0; j + 1 < nouts; j++)
				xenhv_mm_release_extent(d, outs[j], x.out.extent_order);
			break;
		}
		for (j = 0; j < in_per; j++)
			if (!xenhv_copy_from_guest(d, &frame, in_list + (in0 + j) * 8, 8))
				xenhv_mm_release_extent(d, frame, x.in.extent_order);
		for (j = 0; j < out_per && !rc; j++)
			if (xenhv_copy_to_guest(d, out_list + (out0 + j) * 8, &outs[j], 8))
				rc = -XEN_EFAULT;
		x.nr_exchanged += in_per;
	}
	kfree(outs);
	if (xenhv_copy_to_guest(d, arg + offsetof(struct xen_memory_exchange, nr_exchanged),
				&x.nr_exchanged, sizeof(x.nr_exchanged)) && !rc)
		rc = -XEN_EFAULT;
	return rc;
}

/*
 * XENMEM_memory_map: the map an HVM domU's toolstack sets is its RAM;
 * here the partition's RAM ranges, as e820 entries (type 1). At most
 * nr_entries go out, silently truncated, and nr_entries says how many.
 */
struct xenhv_e820 {
	u64 addr;
	u64 size;
	u32 type;
} __packed;

static long xenhv_memory_map(struct xenhv_domain *d, unsigned long arg)
{
	struct xen_memory_map map;
	u64 start[XENHV_MAX_RAM_RANGES], end[XENHV_MAX_RAM_RANGES];
	struct xenhv_e820 e;
	unsigned int i, n;

	if (xenhv_copy_from_guest(d, &map, arg, sizeof(map)))
		return -XEN_EFAULT;
	n = xenhv_be_ram_ranges(d->be, start, end, XENHV_MAX_RAM_RANGES);
	n = min(n, map.nr_entries);
	for (i = 0; i < n; i++) {
		e.addr = start[i] << PAGE_SHIFT;
		e.size = (end[i] - start[i]) << PAGE_SHIFT;
		e.type = 1;	/* E820_RAM */
		if (xenhv_copy_to_guest(d, (unsigned long)map.buffer + i * sizeof(e), &e,
					sizeof(e)))
			return -XEN_EFAULT;
	}
	map.nr_entries = n;
	if (xenhv_copy_to_guest(d, arg, &map.nr_entries, sizeof(map.nr_entries)))
		return -XEN_EFAULT;
	return 0;
}

/*
 * XENMEM_remove_from_physmap (do_memory_op()): start_extent -EINVAL,
 * -EFAULT, the domain (paging_mode_translate() or -EACCES, then
 * XSM_TARGET). Of shared_info's or a grant frame: the page leaves the
 * guest's physmap and Xen's copy carries on unseen. A gfn with nothing
 * mapped (not RAM) has no page for get_page_from_gfn(): -ENOENT.
 * Ordinary RAM, which Xen would take from the guest, is not given up:
 * -ENOSYS.
 */
static long xenhv_remove_from_physmap(struct xenhv_domain *d, unsigned long start,
				      unsigned long arg)
{
	struct xen_remove_from_physmap xrfp;
	long rc;

	if (start)
		return -XEN_EINVAL;
	if (xenhv_copy_from_guest(d, &xrfp, arg, sizeof(xrfp)))
		return -XEN_EFAULT;
	rc = xenhv_physmap_check(d, xrfp.domid, 0);
	if (rc)
		return rc;
	if (d->evtchn && xenhv_evtchn_unmap_shared_info(d, xrfp.gpfn))
		return 0;
	if (xenhv_gnttab_remove_from_physmap(d, xrfp.gpfn))
		return 0;
	if (!xenhv_be_ram_frame(d->be, xrfp.gpfn))
		return -XEN_ENOENT;
	return -XEN_ENOSYS;
}

/*
 * current_reservation / maximum_reservation / maximum_gpfn: the argument
 * is a domid_t; rcu_lock_domain_by_any_id() (DOMID_SELF or the own id;
 * no such domain -ESRCH), XSM_TARGET (another domain that exists, such
 * as dom0, -EPERM), then the domain's tot_pages, max_pages, or highest
 * guest frame. The partition is the domain: its RAM is what it holds,
 * with no headroom to grow into, and its highest RAM frame is the
 * highest gpfn.
 */
static long xenhv_memory_stat(struct xenhv_domain *d, unsigned int op, unsigned long arg)
{
	u64 ram_pages, max_pfn;
	domid_t dom;

	if (xenhv_copy_from_guest(d, &dom, arg, sizeof(dom)))
		return -XEN_EFAULT;
	if (!xenhv_is_self(d, dom))
		return xenhv_is_other_domain(d, dom) ? -XEN_EPERM : -XEN_ESRCH;
	xenhv_be_memory_stats(d->be, &ram_pages, &max_pfn);
	if (op == XENHV_XENMEM_maximum_gpfn)
		return max_pfn ? max_pfn - 1 : 0;
	return ram_pages;
}

/*
 * XENMEM_claim_pages: the reservation must be empty of extents, order
 * and flags (-EINVAL); the domain is looked up without DOMID_SELF
 * (-EINVAL when not found); then XSM_PRIV refuses a domU (-EPERM), for
 * its own id and any other domain that exists.
 */
static long xenhv_claim_pages(struct xenhv_domain *d, unsigned long arg)
{
	struct xen_memory_reservation r;

	if (xenhv_copy_from_guest(d, &r, arg, sizeof(r)))
		return -XEN_EFAULT;
	if (r.extent_start || r.extent_order || r.address_bits)
		return -XEN_EINVAL;
	return r.domid == d->domid || xenhv_is_other_domain(d, r.domid) ? -XEN_EPERM :
	       -XEN_EINVAL;
}

/*
 * XENMEM_machphys_mfn_list (subarch_memory_op(), xen/arch/x86/x86_64/mm.c):
 * hvm_memory_op() lets an HVM guest through, and Xen lists the 2 MiB
 * extents of its M2P table, up to max_extents. The M2P here is the
 * identity and has no table: no extents, nr_extents 0, the whole struct
 * written back.
 */
static long xenhv_machphys_mfn_list(struct xenhv_domain *d, unsigned long arg)
{
	struct xen_machphys_mfn_list xmml;

	if (xenhv_copy_from_guest(d, &xmml, arg, sizeof(xmml)))
		return -XEN_EFAULT;
	xmml.nr_extents = 0;
	return xenhv_copy_to_guest(d, arg, &xmml, sizeof(xmml)) ? -XEN_EFAULT : 0;
}

/*
 * XENMEM_acquire_resource (acquire_resource(), xen/common/memory.c): a
 * translated caller that is not the hardware domain is refused first
 * (arch_acquire_resource_check(), -EACCES), before the argument is read:
 * the HVM guest. The PV backend goes on: -EFAULT, pad or a frame range
 * past 32 bits -EINVAL, rcu_lock_remote_domain_by_id() (itself -EPERM,
 * none or DOMID_SELF -ESRCH), then XSM_DM_PRIV refuses every other
 * domain (-EPERM): it is nobody's device model.
 */
static long xenhv_acquire_resource(struct xenhv_domain *d, unsigned long arg)
{
	struct xen_mem_acquire_resource xmar;

	if (!d->pv)
		return -XEN_EACCES;
	if (xenhv_copy_from_guest(d, &xmar, arg, sizeof(xmar)))
		return -XEN_EFAULT;
	/* Xen 4.17 calls the kernel's flags field pad: it must be 0. */
	if (xmar.flags || (xmar.frame >> 32) || ((xmar.frame + xmar.nr_frames) >> 32))
		return -XEN_EINVAL;
	if (xmar.domid == d->domid || xenhv_is_other_domain(d, xmar.domid))
		return -XEN_EPERM;
	return -XEN_ESRCH;
}

/* struct xen_vnuma_topology_info (public/memory.h), which Linux lacks. */
struct xenhv_vnuma_topology_info {
	domid_t domid;
	u16 pad;
	u32 nr_vnodes, nr_vcpus, nr_vmemranges;
	u64 vdistance, vcpu_to_vnode, vmemrange;
};

/*
 * XENMEM_get_vnumainfo (do_memory_op()): start_extent -EINVAL, -EFAULT,
 * pad -EINVAL, rcu_lock_domain_by_any_id() (-ESRCH), XSM_TARGET (another
 * domain -EPERM); then a domain built without vNUMA, as libxl builds one
 * unless told, has none: -EOPNOTSUPP. XENFEAT_memory_op_vnode_supported
 * says only that the call exists.
 */
static long xenhv_get_vnumainfo(struct xenhv_domain *d, unsigned long arg)
{
	struct xenhv_vnuma_topology_info t;

	if (xenhv_copy_from_guest(d, &t, arg, sizeof(t)))
		return -XEN_EFAULT;
	if (t.pad)
		return -XEN_EINVAL;
	if (!xenhv_is_self(d, t.domid))
		return xenhv_is_other_domain(d, t.domid) ? -XEN_EPERM : -XEN_ESRCH;
	return -XEN_EOPNOTSUPP;
}

/**
 * xenhv_memory_op_args - hypercall 12 with its continuation
 * @d: the domain
 * @args: cmd (op | start_extent << 6) and arg; on -XENHV_ERESTART, cmd
 *	carries where to resume
 *
 * Return: the sub-op's answer, or -XENHV_ERESTART.
 */
long xenhv_memory_op_args(struct xenhv_domain *d, unsigned long *args)
{
	/* Bits above MEMOP_CMD_MASK carry a continuation index in Xen. */
	unsigned int cmd = args[0], op = cmd & XENHV_MEMOP_CMD_MASK;
	unsigned long start_extent = cmd >> XENHV_MEMOP_EXTENT_SHIFT, arg = args[1];
	u64 ram_pages, max_pfn;

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return xenhv_reservation(d, op, start_extent, args);
	case XENMEM_exchange:
		return xenhv_exchange(d, start_extent, arg);
	case XENMEM_memory_map:
		return xenhv_memory_map(d, arg);
	case XENHV_XENMEM_add_to_physmap_batch:
		return xenhv_add_to_physmap_batch(d, start_extent, args);
	case XENMEM_add_to_physmap:
		return xenhv_add_to_physmap(d, start_extent, arg);
	case XENMEM_remove_from_physmap:
		return xenhv_remove_from_physmap(d, start_extent, arg);
	case XENMEM_maximum_ram_page:
		/* The host's max_page, with no permission check: here, the partition's. */
		if (start_extent)
			return -XEN_EINVAL;
		xenhv_be_memory_stats(d->be, &ram_pages, &max_pfn);
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
	case XENHV_XENMEM_get_vnumainfo:
		if (start_extent)
			return -XEN_EINVAL;
		return xenhv_get_vnumainfo(d, arg);
	case XENMEM_acquire_resource:
		return xenhv_acquire_resource(d, arg);
	/*
	 * The M2P lists go to arch_memory_op(), whose switch takes the whole
	 * cmd: with continuation bits they are unknown, -ENOSYS.
	 */
	case XENMEM_machphys_mfn_list:
		if (start_extent)
			return -XEN_ENOSYS;
		return xenhv_machphys_mfn_list(d, arg);
	case XENHV_XENMEM_machphys_compat_mfn_list:
		/* No 32-bit PV (opt_pv32 off, XENVER_capabilities): -EOPNOTSUPP. */
		return start_extent ? -XEN_ENOSYS : -XEN_EOPNOTSUPP;
	default:
		/*
		 * machine_memory_map, machphys_mapping: -ENOSYS, what
		 * hvm_memory_op() answers an HVM guest; the rest, unknown to
		 * xenhv, -ENOSYS too.
		 */
		return -XEN_ENOSYS;
	}
}

/* memory_op for in-kernel callers: a continuation is simply carried on. */
long xenhv_memory_op(struct xenhv_domain *d, int cmd, unsigned long arg)
{
	unsigned long args[2] = { (unsigned int)cmd, arg };
	long rc;

	while ((rc = xenhv_memory_op_args(d, args)) == -XENHV_ERESTART)
		;
	return rc;
}

/* ---- Reservations: the frames the domain owns ---- */

/**
 * xenhv_mm_alloc_extent - give the domain 2^@order new frames
 * @d: the domain
 * @order: extent order
 * @below_pfn: every frame below this (address_bits), or U64_MAX
 *
 * Return: the first frame, or XENHV_NO_FRAME at max_pages or when the
 * kernel has no memory to give.
 */
u64 xenhv_mm_alloc_extent(struct xenhv_domain *d, unsigned int order, u64 below_pfn)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned long n = 1UL << order, flags, i;
	u64 gfn;
	int rc;

	spin_lock_irqsave(&mm->lock, flags);
	if (mm->tot_pages + n > mm->max_pages) {
		spin_unlock_irqrestore(&mm->lock, flags);
		return XENHV_NO_FRAME;
	}
	mm->tot_pages += n;	/* reserved now, so racing callers respect max_pages */
	spin_unlock_irqrestore(&mm->lock, flags);

	/* The kernel's allocation may sleep: outside the lock. */
	gfn = xenhv_be_alloc_frames(d->be, order, below_pfn);

	spin_lock_irqsave(&mm->lock, flags);
	rc = gfn == XENHV_NO_FRAME ? -XEN_ENOMEM : xenhv_fi_chunks_get(mm, gfn, n);
	if (rc) {
		mm->tot_pages -= n;
		if (gfn != XENHV_NO_FRAME)
			xenhv_fi_chunks_put(mm, gfn, n);
	} else {
		for (i = 0; i < n; i++)
			*xenhv_fi(mm, gfn + i) = XENHV_FI_DATA_FRAME;
	}
	spin_unlock_irqrestore(&mm->lock, flags);

	if (rc && gfn != XENHV_NO_FRAME) {
		for (i = 0; i < n; i++)
			xenhv_be_free_frame(d->be, gfn + i);
		gfn = XENHV_NO_FRAME;
	}
	return gfn;
}

/* HvExtCallMemoryHeatHint(COLD_DISCARD) for @n frames from @gfn (TLFS 3.9.1). */
static void xenhv_mm_cold_discard(struct xenhv_domain *d, u64 gfn, unsigned long n)
{
	union hv_gpa_page_range range = { .page.additional_pages = n - 1, .page.basepfn = gfn };
	u64 in[2], status;

	in[0] = HV_EXT_MEMORY_HEAT_HINT_TYPE_COLD_DISCARD;
	in[1] = range.address_space;
	status = xenhv_hv_call_rep(d->be, HV_EXT_CALL_MEMORY_HEAT_HINT, 1, 0, in, sizeof(in),
				   NULL, 0);
	if (xenhv_hv_result(status) == HV_STATUS_SUCCESS)
		d->mm->hints++;
}

static int xenhv_mm_check_locked(struct xenhv_mm_domain *mm, u64 gfn, unsigned long n)
{
	struct xenhv_frame fi;
	unsigned long i;

	for (i = 0; i < n; i++) {
		if (!xenhv_frame_load(mm, gfn + i, &fi))
			return -XEN_ENXIO;
		if (fi.count || fi.refs || fi.pinned)
			return -XEN_EBUSY;
	}
	return 0;
}

/* Could xenhv_mm_release_extent() take these frames now? 0 or its errno. */
int xenhv_mm_check_extent(struct xenhv_domain *d, u64 gfn, unsigned int order)
{
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&d->mm->lock, flags);
	rc = xenhv_mm_check_locked(d->mm, gfn, 1UL << order);
	spin_unlock_irqrestore(&d->mm->lock, flags);
	return rc;
}

/**
 * xenhv_mm_release_extent - take 2^@order frames back from the domain
 * @d: the domain
 * @gfn: the first frame
 * @order: extent order
 *
 * Every frame must be the domain's (-ENXIO, guest_remove_page()'s
 * answer) and no longer used as a table, pinned, mapped or a base
 * pointer (-EBUSY: Xen would free it only when the last use goes; xenhv
 * keeps it with the domain instead). Before the frames leave, every vCPU
 * that may still translate to them is flushed; Hyper-V then gets the
 * cold-discard hint, where it offers one, so the host takes the memory
 * back; the kernel gets the frames.
 *
 * Return: 0 or the errno that stopped it (nothing released).
 */
int xenhv_mm_release_extent(struct xenhv_domain *d, u64 gfn, unsigned int order)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned long n = 1UL << order, flags, i;
	struct xenhv_flush f;
	int rc;

	spin_lock_irqsave(&mm->lock, flags);
	rc = xenhv_mm_check_locked(mm, gfn, n);
	if (!rc) {
		for (i = 0; i < n; i++)
			*xenhv_fi(mm, gfn + i) = XENHV_FI_FOREIGN;
		xenhv_fi_chunks_put(mm, gfn, n);
		mm->tot_pages -= n;
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	if (rc)
		return rc;

	xenhv_flush_init(&f, XENHV_FLUSH_ALL_SPACES);
	f.non_global = true;
	xenhv_mm_flush_add_dirty(d, &f);
	xenhv_flush_add_full(&f);
	xenhv_flush_commit(d, &f);
	if (mm->cold_discard)
		xenhv_mm_cold_discard(d, gfn, n);
	for (i = 0; i < n; i++)
		xenhv_be_free_frame(d->be, gfn + i);
	return 0;
}

bool xenhv_memory_cold_discard(const struct xenhv_domain *d)
{
	return d->mm->cold_discard;
}

/* HvExtCallQueryCapabilities: does Hyper-V take cold-discard hints? */
bool xenhv_mm_detect_cold_discard(struct xenhv_backend *be)
{
	u64 caps = 0, status;

	if (!be->ext_hypercalls)
		return false;
	status = xenhv_be_hypercall(be, xenhv_hv_control(HV_EXT_CALL_QUERY_CAPABILITIES, 0, 0, 0),
				    NULL, 0, &caps, sizeof(caps));
	return xenhv_hv_result(status) == HV_STATUS_SUCCESS &&
	       (caps & HV_EXT_CAPABILITY_MEMORY_COLD_DISCARD_HINT);
}
