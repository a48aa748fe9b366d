// SPDX-License-Identifier: GPL-2.0
/*
 * Grant mappings in a PV domain's own page tables (GNTMAP_host_map for a
 * PV mapper), and the frames a grant holds, as Xen keeps them apart in
 * xen/arch/x86/pv/grant_table.c.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include "mm.h"

/*
 * The L1 slot a grant mapping goes in: with @pte_addr, @addr is the
 * machine address of the entry (GNTMAP_contains_pte), which must lie in
 * an L1 table in use; otherwise @addr is a linear address in the calling
 * vCPU's space (create_grant_va_mapping()).
 */
static int xenhv_grant_slot(struct xenhv_domain *d, u64 addr, bool pte_addr, u64 *l1,
			    unsigned int *idx)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame f;
	u64 root;

	lockdep_assert_held(&mm->lock);
	if (pte_addr) {
		*l1 = addr >> PAGE_SHIFT;
		*idx = (addr & (PAGE_SIZE - 1)) / sizeof(u64);
	} else {
		if (!xenhv_mm_addr_ok(addr))
			return -XEN_EINVAL;
		root = mm->vcpu[xenhv_be_this_vcpu(d->be)].guest_table;
		if (root == XENHV_NO_FRAME)
			return -XEN_EINVAL;
		*l1 = xenhv_walk_to_l1(d, root, addr);
		*idx = xenhv_pt_index(addr, 1);
	}
	if (*l1 == XENHV_NO_FRAME || !xenhv_frame_load(mm, *l1, &f) || !f.count ||
	    f.type != XENHV_PGT_L1)
		return -XEN_EINVAL;
	return 0;
}

/*
 * Does @d own @gfn? For a caller of the other domain: the lookup goes
 * through @d's chunk cache, which @d's own vCPUs change under @d's lock
 * (a slot rewritten field by field, a chunk freed with its last frame),
 * so it takes that lock, alone: no two domains' MMU locks are ever held
 * together. The answer can go stale once the lock is dropped only
 * towards the safe side: the caller holds the page (map_gfn()), so @d
 * cannot be given it meanwhile; it may give it back.
 */
static bool xenhv_mm_owns(struct xenhv_domain *d, u64 gfn)
{
	unsigned long flags;
	bool owned;

	spin_lock_irqsave(&d->mm->lock, flags);
	owned = xenhv_owned(d->mm, gfn);
	spin_unlock_irqrestore(&d->mm->lock, flags);
	return owned;
}

/**
 * xenhv_mm_grant_frame_get - hold a granter's frame for a grant's use
 * @d: the domain whose frame it must be (the granter, or a copy's caller)
 * @gfn: the frame
 * @write: the use writes it (a writable map, a copy destination)
 * @held: set if a reference (and, for @write, the writable type) was taken
 *
 * Xen's get_paged_frame() finds only a page the domain owns
 * (GNTST_bad_page otherwise); a writable use then takes the writable
 * type (get_page_type(PGT_writable_page)), which a page table cannot
 * have (GNTST_general_error), and holding it keeps the frame from
 * becoming one while the grant is in use. The hosted backend owns
 * exactly its reservations. The guest in module mode is the kernel: its
 * memory is every RAM frame no other domain owns, and only its
 * reservations carry types.
 *
 * Return: 0; -XEN_EINVAL if the frame is not @d's; -XEN_EBUSY if it
 * cannot be written.
 */
int xenhv_mm_grant_frame_get(struct xenhv_domain *d, u64 gfn, bool write, bool *held)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned long flags;
	int rc = 0;

	*held = false;
	if (d->peer && d->peer->mm && xenhv_mm_owns(d->peer, gfn))
		return -XEN_EINVAL;
	spin_lock_irqsave(&mm->lock, flags);
	if (!xenhv_owned(mm, gfn)) {
		if (d->memory_is_reservations)
			rc = -XEN_EINVAL;
		goto out;
	}
	if (write && xenhv_get_type(d, gfn, XENHV_PGT_WRITABLE)) {
		rc = -XEN_EBUSY;
		goto out;
	}
	if (!xenhv_get_ref(mm, gfn)) {
		if (write)
			xenhv_put_type(d, gfn);
		rc = -XEN_EBUSY;
		goto out;
	}
	*held = true;
out:
	spin_unlock_irqrestore(&mm->lock, flags);
	return rc;
}

/* Drop what xenhv_mm_grant_frame_get() took when it set *held. */
void xenhv_mm_grant_frame_put(struct xenhv_domain *d, u64 gfn, bool write)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned long flags;

	spin_lock_irqsave(&mm->lock, flags);
	if (write)
		xenhv_put_type(d, gfn);
	xenhv_put_ref(mm, gfn);
	spin_unlock_irqrestore(&mm->lock, flags);
}

/**
 * xenhv_mm_grant_map - install a grant mapping's PTE
 * @d: the mapping domain
 * @addr: linear address, or the PTE's machine address with @pte_addr
 * @pte_addr: GNTMAP_contains_pte
 * @pte: the entry (XENHV_PTE_GNTTAB set)
 *
 * Whatever the slot held is replaced (its references dropped), as Xen's
 * create_grant_pv_mapping() does.
 *
 * Return: 0, or -XEN_EINVAL when there is no L1 slot of the domain's there.
 */
int xenhv_mm_grant_map(struct xenhv_domain *d, u64 addr, bool pte_addr, u64 pte)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned int idx;
	unsigned long flags;
	u64 l1, *t, old;
	int rc;

	spin_lock_irqsave(&mm->lock, flags);
	rc = xenhv_grant_slot(d, addr, pte_addr, &l1, &idx);
	if (!rc) {
		t = xenhv_frame(d, l1);
		if (!t) {
			rc = -XEN_EINVAL;
		} else {
			old = READ_ONCE(t[idx]);
			WRITE_ONCE(t[idx], pte);
			if (old & XENHV_PTE_P)
				xenhv_put_entry(d, 1, old);
		}
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	return rc;
}

/**
 * xenhv_mm_grant_unmap - remove a grant mapping's PTE
 * @d: the mapping domain
 * @addr: as for xenhv_mm_grant_map()
 * @pte_addr: GNTMAP_contains_pte
 * @frame: the granted frame the entry must still map
 * @f: the batch's flush: the vCPUs on the domain's tables, that page
 *	(or everything, when only the entry's address is known)
 *
 * Return: 0, or -XEN_EINVAL if the slot does not hold that grant mapping
 * (Xen's "old mapping invalid").
 */
int xenhv_mm_grant_unmap(struct xenhv_domain *d, u64 addr, bool pte_addr, u64 frame,
			 struct xenhv_flush *f)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned int idx;
	unsigned long flags;
	u64 l1, *t, cur;
	int rc;

	spin_lock_irqsave(&mm->lock, flags);
	rc = xenhv_grant_slot(d, addr, pte_addr, &l1, &idx);
	if (!rc) {
		t = xenhv_frame(d, l1);
		cur = t ? READ_ONCE(t[idx]) : 0;
		if (!(cur & XENHV_PTE_P) || !(cur & XENHV_PTE_GNTTAB) ||
		    xenhv_pte_frame(cur) != frame)
			rc = -XEN_EINVAL;
		else
			WRITE_ONCE(t[idx], 0);
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	if (!rc) {
		xenhv_mm_flush_add_dirty(d, f);
		if (pte_addr)
			xenhv_flush_add_full(f);
		else
			xenhv_flush_add_va(f, addr);
	}
	return rc;
}

/**
 * xenhv_mm_grant_replace - GNTTABOP_unmap_and_replace with a new address
 * @d: the mapping domain
 * @addr: the linear address of the grant mapping
 * @frame: the granted frame it must still map
 * @new_addr: a linear address whose entry moves into @addr's slot
 * @f: the batch's flush (both pages, on the vCPUs on the tables)
 *
 * replace_grant_pv_mapping(): @new_addr's entry is cleared and put where
 * the grant mapping was, references and all (netback's page swap).
 *
 * Return: 0, or -XEN_EINVAL if either slot is missing or @addr does not
 * hold that grant mapping (nothing changes then).
 */
int xenhv_mm_grant_replace(struct xenhv_domain *d, u64 addr, u64 frame, u64 new_addr,
			   struct xenhv_flush *f)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned int idx, nidx;
	unsigned long flags;
	u64 l1, nl1, *t = NULL, *nt = NULL, cur, moved;
	int rc;

	spin_lock_irqsave(&mm->lock, flags);
	rc = xenhv_grant_slot(d, new_addr, false, &nl1, &nidx);
	if (!rc)
		rc = xenhv_grant_slot(d, addr, false, &l1, &idx);
	if (!rc) {
		t = xenhv_frame(d, l1);
		nt = xenhv_frame(d, nl1);
		cur = t ? READ_ONCE(t[idx]) : 0;
		if (!nt || !(cur & XENHV_PTE_P) || !(cur & XENHV_PTE_GNTTAB) ||
		    xenhv_pte_frame(cur) != frame || (l1 == nl1 && idx == nidx)) {
			rc = -XEN_EINVAL;
		} else {
			moved = READ_ONCE(nt[nidx]);
			WRITE_ONCE(nt[nidx], 0);
			WRITE_ONCE(t[idx], moved);
		}
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	if (!rc) {
		xenhv_mm_flush_add_dirty(d, f);
		xenhv_flush_add_va(f, addr);
		xenhv_flush_add_va(f, new_addr);
	}
	return rc;
}

