// SPDX-License-Identifier: GPL-2.0
/*
 * The PV MMU's page-table types and validation, with Xen 4.17's rules
 * (xen/arch/x86/mm.c) on real x86-64 4-level tables in guest memory:
 * what an entry takes and drops, promotion and demotion, pins, base
 * pointers, SET_LDT and the page copies. The frame word they count in is
 * mm_frame.c's; the hypercalls that change entries are mm_update.c's,
 * grant mappings mm_grant.c's and reservations memory.c's.
 *
 * Machine frames equal guest frames here: a frame number in a PTE, in
 * MMU_MACHPHYS_UPDATE or in a reservation extent is the frame's guest
 * physical number, so the M2P is the identity. A domain owns the frames
 * it was given (populate_physmap / increase_reservation) and nothing
 * else: the kernel's text, its other memory and xenhv's own pages can
 * never appear in a validated entry.
 *
 * Types and counts follow Xen's page_info: a frame is at most one of L1,
 * L2, L3, L4 or writable at a time, for as long as its type count is
 * non-zero; the first reference of a table type validates every entry
 * (promotion), the last drops what they referenced (demotion). A pinned
 * or referenced table can therefore never be mapped writable through the
 * domain's own tables, and a frame mapped writable never becomes a table.
 *
 * Root tables get the kernel's upper half (slots 256-511), as Xen puts
 * its own slots in every PV L4 (init_xen_l4_slots()): a vCPU can run on
 * the domain's tables without losing the kernel. The guest owns the lower
 * half, 0 to 2^47.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/bitmap.h>
#include <linux/atomic.h>
#include "mm.h"

static u64 xenhv_pte_allowed(unsigned int level)
{
	return level == 1 ? XENHV_L1_ALLOWED : XENHV_PTE_ALLOWED;
}

/*
 * get_page_from_l1e() for a frame the mapping may not take (not the
 * domain's, or a DOMID_IO request): RAM -EBUSY, I/O memory a domU may
 * not map -EPERM, and the all-ones frame, Xen's INVALID_MFN, -EINVAL.
 */
int xenhv_l1e_foreign_errno(struct xenhv_domain *d, u64 frame)
{
	if (frame == XENHV_PTE_FRAME >> PAGE_SHIFT)
		return -XEN_EINVAL;
	return xenhv_be_ram_frame(d->be, frame) ? -XEN_EBUSY : -XEN_EPERM;
}

/*
 * get_page_from_l1e() for a frame's packed entry: a frame the domain does
 * not own gets xenhv_l1e_foreign_errno(). A writable mapping needs the writable
 * type, never a table's, and every mapping a reference: both taken in one
 * update of the packed entry.
 */
int xenhv_get_l1e(struct xenhv_domain *d, struct xenhv_mm_domain *mm, u64 e)
{
	u64 frame = xenhv_pte_frame(e);
	unsigned long *w, v;

	if (e & XENHV_PTE_FLAGS & ~xenhv_pte_allowed(1))
		return -XEN_EINVAL;
	w = xenhv_fi(mm, frame);
	v = *w;
	/* A data frame: one more of each count, unless one is full. */
	if ((e & XENHV_PTE_RW) && likely(xenhv_fi_is_data(v))) {
		v += XENHV_FI_COUNT_ONE | XENHV_FI_REFS_ONE;
		if (unlikely(v & XENHV_FI_GUARDS))
			return -XEN_EBUSY;
		*w = v;
		return 0;
	}
	if (unlikely(v & XENHV_FI_FOREIGN))
		return xenhv_l1e_foreign_errno(d, frame);
	if (e & XENHV_PTE_RW)
		return -XEN_EBUSY;	/* a page table is never mapped writable */
	v += XENHV_FI_REFS_ONE;
	if (unlikely(v & XENHV_FI_REFS_GUARD))
		return -XEN_EBUSY;
	*w = v;
	return 0;
}

/*
 * put_page_from_l1e() for a frame's packed entry, in one update; false
 * if the general path must do it: a table-typed frame under a writable
 * entry means the table was changed behind xenhv's back, and that path
 * copes. A grant mapping holds nothing of the page tables': its grant does.
 */
bool xenhv_put_l1e(struct xenhv_mm_domain *mm, u64 e)
{
	unsigned long *w, v, nv;

	if (e & XENHV_PTE_GNTTAB)
		return true;
	w = xenhv_fi_in(mm, xenhv_pte_frame(e), XENHV_FI_PUT);
	v = *w;
	if ((e & XENHV_PTE_RW) && likely(xenhv_fi_is_data(v))) {
		/* One less of each; the type goes with the last count by itself. */
		nv = v - (XENHV_FI_COUNT_ONE | XENHV_FI_REFS_ONE);
		if (unlikely(nv & XENHV_FI_GUARDS)) {
			/* Corrupted behind xenhv's back: neither goes below 0. */
			nv = v;
			if (nv & XENHV_FI_COUNT_MASK)
				nv -= XENHV_FI_COUNT_ONE;
			if (nv & XENHV_FI_REFS_MASK)
				nv -= XENHV_FI_REFS_ONE;
		}
		*w = nv;
		return true;
	}
	if (unlikely(v & XENHV_FI_FOREIGN))
		return true;
	if ((e & XENHV_PTE_RW) && (v & XENHV_FI_COUNT_MASK))
		return false;	/* a table's type under a writable entry */
	/* A count corrupted behind xenhv's back never goes below 0. */
	if (v & XENHV_FI_REFS_MASK)
		v -= XENHV_FI_REFS_ONE;
	*w = v;
	return true;
}

/* Take what a new present entry of a level-@level table references. */
int xenhv_get_entry(struct xenhv_domain *d, unsigned int level, u64 e)
{
	struct xenhv_mm_domain *mm = d->mm;
	u64 frame = xenhv_pte_frame(e);
	int rc;

	if (level == 1)
		return xenhv_get_l1e(d, mm, e);
	if (e & XENHV_PTE_FLAGS & ~xenhv_pte_allowed(level))
		return -XEN_EINVAL;
	/* get_page_and_type_from_mfn(): -EINVAL for foreign or mistyped frames. */
	if (!xenhv_owned(mm, frame))
		return -XEN_EINVAL;
	rc = xenhv_get_type(d, frame, level - 1);
	if (rc)
		return rc;
	if (!xenhv_get_ref(mm, frame)) {
		xenhv_put_type(d, frame);
		return -XEN_EINVAL;
	}
	return 0;
}

/* The general put, for every level and the L1 cases xenhv_put_l1e() leaves. */
void xenhv_put_entry_slow(struct xenhv_domain *d, unsigned int level, u64 e)
{
	u64 frame = xenhv_pte_frame(e);

	if (level > 1 || (e & XENHV_PTE_RW))
		xenhv_put_type(d, frame);
	xenhv_put_ref(d->mm, frame);
}

void xenhv_put_entry(struct xenhv_domain *d, unsigned int level, u64 e)
{
	if (level == 1 && xenhv_put_l1e(d->mm, e))
		return;
	xenhv_put_entry_slow(d, level, e);
}

static unsigned int xenhv_guest_slots(unsigned int level)
{
	return level == 4 ? XENHV_GUEST_L4_SLOTS : XENHV_PT_ENTRIES;
}

/*
 * promote_lN_table(): validate every present entry; on the first failure
 * undo the ones taken and return its errno. G is cleared in L1 entries
 * (Xen adjusts entries it validates too): a global translation would
 * outlive the switch back to the kernel's tables.
 */
static int xenhv_promote(struct xenhv_domain *d, u64 gfn, unsigned int level)
{
	struct xenhv_backend *be = d->be;
	unsigned int i, n = xenhv_guest_slots(level);
	const u64 *kroot;
	u64 *t, e;
	int rc = 0;

	t = xenhv_frame(d, gfn);
	if (!t)
		return -XEN_EINVAL;
	for (i = 0; i < n; i++) {
		e = READ_ONCE(t[i]);
		if (!(e & XENHV_PTE_P))
			continue;
		rc = xenhv_get_entry(d, level, e);
		if (rc)
			break;
		if (level == 1 && (e & XENHV_PTE_G))
			WRITE_ONCE(t[i], e & ~XENHV_PTE_G);
	}
	if (rc) {
		while (i--) {
			e = READ_ONCE(t[i]);
			if (e & XENHV_PTE_P)
				xenhv_put_entry(d, level, e);
		}
	} else if (level == 4) {
		kroot = xenhv_be_kernel_root(be);
		for (i = XENHV_GUEST_L4_SLOTS; i < XENHV_PT_ENTRIES; i++)
			WRITE_ONCE(t[i], kroot ? kroot[i] : 0);
	}
	if (!rc)
		d->mm->promotions++;
	return rc;
}

/* The last type reference went: drop what the entries held. */
static void xenhv_demote(struct xenhv_domain *d, u64 gfn, unsigned int level)
{
	unsigned int i, n = xenhv_guest_slots(level);
	u64 *t, e;

	t = xenhv_frame(d, gfn);
	if (!t)
		return;
	for (i = 0; i < n; i++) {
		e = READ_ONCE(t[i]);
		if (e & XENHV_PTE_P)
			xenhv_put_entry(d, level, e);
	}
	/* The kernel's slots do not stay behind in a frame the guest may read. */
	if (level == 4)
		memset(&t[XENHV_GUEST_L4_SLOTS], 0,
		       (XENHV_PT_ENTRIES - XENHV_GUEST_L4_SLOTS) * sizeof(u64));
}

/*
 * get_page_type(): another reference of @type. The type is set before
 * the contents are validated, so a table reached again during its own
 * promotion (an entry pointing back up) sees a type mismatch, -EINVAL.
 */
int xenhv_get_type(struct xenhv_domain *d, u64 gfn, unsigned int type)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame f;
	int rc;

	if (!xenhv_frame_load(mm, gfn, &f))
		return -XEN_EINVAL;
	if (f.count) {
		if (f.type != type || f.count == XENHV_FI_COUNT_MAX)
			return -XEN_EINVAL;
		f.count++;
		xenhv_frame_store(mm, gfn, &f);
		return 0;
	}
	f.type = type;
	f.count = 1;
	xenhv_frame_store(mm, gfn, &f);
	if (type == XENHV_PGT_WRITABLE)
		return 0;
	rc = xenhv_promote(d, gfn, type);
	if (rc) {
		xenhv_frame_load(mm, gfn, &f);
		f.type = XENHV_PGT_NONE;
		f.count = 0;
		xenhv_frame_store(mm, gfn, &f);
	}
	return rc;
}

void xenhv_put_type(struct xenhv_domain *d, u64 gfn)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame f;

	if (!xenhv_frame_load(mm, gfn, &f) || !f.count)
		return;
	/* Demote while the type still holds, so nothing re-types it meanwhile. */
	if (f.count == 1 && f.type != XENHV_PGT_WRITABLE) {
		xenhv_demote(d, gfn, f.type);
		xenhv_frame_load(mm, gfn, &f);
	}
	f.count--;
	if (!f.count)
		f.type = XENHV_PGT_NONE;
	xenhv_frame_store(mm, gfn, &f);
}

/*
 * map_guest_l1e(): the L1 table that maps @va in @root, walking the
 * domain's own tables; XENHV_NO_FRAME if a level is absent or is a
 * superpage (never valid here anyway).
 */
u64 xenhv_walk_to_l1(struct xenhv_domain *d, u64 root, u64 va)
{
	u64 frame = root, *t, e;
	unsigned int level;

	for (level = 4; level > 1; level--) {
		t = xenhv_frame(d, frame);
		if (!t)
			return XENHV_NO_FRAME;
		e = READ_ONCE(t[xenhv_pt_index(va, level)]);
		if (!(e & XENHV_PTE_P) || (level < 4 && (e & XENHV_PTE_PSE)))
			return XENHV_NO_FRAME;
		frame = xenhv_pte_frame(e);
	}
	return frame;
}

/* ---- Pins, base pointers, LDT, page copies (mmuext_op's commands) ---- */

int xenhv_mm_pin(struct xenhv_domain *d, u64 gfn, unsigned int level)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame f;
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&mm->lock, flags);
	rc = xenhv_get_type(d, gfn, level);
	if (!rc) {
		xenhv_frame_load(mm, gfn, &f);
		/* Already pinned: -EINVAL, and the extra type reference goes. */
		if (f.pinned || !xenhv_get_ref(mm, gfn)) {
			xenhv_put_type(d, gfn);
			rc = -XEN_EINVAL;
		} else {
			xenhv_frame_load(mm, gfn, &f);
			f.pinned = true;
			xenhv_frame_store(mm, gfn, &f);
		}
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	return rc;
}

/* UNPIN_TABLE works on any level, without a type check, as in Xen. */
int xenhv_mm_unpin(struct xenhv_domain *d, u64 gfn)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame f;
	unsigned long flags;
	int rc = -XEN_EINVAL;

	spin_lock_irqsave(&mm->lock, flags);
	if (xenhv_frame_load(mm, gfn, &f) && f.pinned) {
		f.pinned = false;
		xenhv_frame_store(mm, gfn, &f);
		xenhv_put_type(d, gfn);
		xenhv_put_ref(mm, gfn);
		rc = 0;
	}
	spin_unlock_irqrestore(&mm->lock, flags);
	return rc;
}

static int xenhv_get_root(struct xenhv_domain *d, u64 gfn)
{
	int rc = xenhv_get_type(d, gfn, XENHV_PGT_L4);

	if (!rc && !xenhv_get_ref(d->mm, gfn)) {
		xenhv_put_type(d, gfn);
		rc = -XEN_EINVAL;
	}
	return rc;
}

static void xenhv_put_root(struct xenhv_domain *d, u64 gfn)
{
	if (gfn == XENHV_NO_FRAME)
		return;
	xenhv_put_type(d, gfn);
	xenhv_put_ref(d->mm, gfn);
}

/*
 * NEW_BASEPTR (new_guest_cr3()) and NEW_USER_BASEPTR: the root must take
 * the L4 type (-EINVAL otherwise); the old root's references go. A vCPU
 * running on its tables switches at once, a full flush as in Xen's
 * write_ptbase(); the same root again is just that reload. The user root
 * is recorded (module mode has no guest user mode); 0 clears it.
 */
int xenhv_mm_new_baseptr(struct xenhv_domain *d, struct xenhv_flush *f, u64 gfn, bool user)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned int self = xenhv_be_this_vcpu(d->be);
	struct xenhv_mm_vcpu *vs = &mm->vcpu[self];
	u64 *slot = user ? &vs->guest_table_user : &vs->guest_table;
	unsigned long flags;
	int rc = 0;
	u64 old;

	spin_lock_irqsave(&mm->lock, flags);
	if (gfn == *slot) {
		if (!user && test_bit(self, mm->inside))
			xenhv_be_switch_root(d->be, gfn << PAGE_SHIFT);
		goto out;
	}
	if (!(user && gfn == 0)) {
		rc = xenhv_get_root(d, gfn);
		if (rc)
			goto out;
	}
	old = *slot;
	*slot = (user && gfn == 0) ? XENHV_NO_FRAME : gfn;
	if (!user && test_bit(self, mm->inside))
		xenhv_be_switch_root(d->be, gfn << PAGE_SHIFT);
	xenhv_put_root(d, old);
out:
	spin_unlock_irqrestore(&mm->lock, flags);
	return rc;
}

/*
 * SET_LDT: at most XENHV_LDT_MAX_ENTS entries at a page-aligned guest
 * address, else -EINVAL. Recorded per vCPU: in module mode no guest code
 * runs with its own segment table; boot mode loads it.
 */
int xenhv_mm_set_ldt(struct xenhv_domain *d, u64 base, u32 ents)
{
	struct xenhv_mm_vcpu *vs = &d->mm->vcpu[xenhv_be_this_vcpu(d->be)];

	if (ents > XENHV_LDT_MAX_ENTS ||
	    (ents && ((base & (PAGE_SIZE - 1)) || !xenhv_mm_addr_ok(base))))
		return -XEN_EINVAL;
	vs->ldt_base = ents ? base : 0;
	vs->ldt_ents = ents;
	return 0;
}

/*
 * CLEAR_PAGE / COPY_PAGE: both frames must be the domain's (-EINVAL);
 * the destination must be able to take the writable type, so not a
 * table in use. The source may be anything the domain owns.
 */
int xenhv_mm_clear_copy(struct xenhv_domain *d, u64 dst, u64 src, bool copy)
{
	struct xenhv_mm_domain *mm = d->mm;
	struct xenhv_frame f;
	void *pd, *ps = NULL;
	unsigned long flags;
	int rc = -XEN_EINVAL;

	spin_lock_irqsave(&mm->lock, flags);
	if (!xenhv_frame_load(mm, dst, &f) ||
	    (f.count && f.type != XENHV_PGT_WRITABLE) ||
	    (copy && !xenhv_owned(mm, src)))
		goto out;
	pd = xenhv_frame(d, dst);
	if (!pd)
		goto out;
	if (copy) {
		ps = xenhv_frame(d, src);
		if (!ps)
			goto out;
		memcpy(pd, ps, PAGE_SIZE);
	} else {
		memset(pd, 0, PAGE_SIZE);
	}
	rc = 0;
out:
	spin_unlock_irqrestore(&mm->lock, flags);
	return rc;
}

int xenhv_mm_init(struct xenhv_domain *d)
{
	struct xenhv_backend *be = d->be;
	struct xenhv_mm_domain *mm;
	u64 ram_pages, max_pfn;
	unsigned int v;

	mm = kzalloc(struct_size(mm, vcpu, be->nr_vcpus), GFP_KERNEL);
	if (!mm)
		return -ENOMEM;
	mm->inside = bitmap_zalloc(be->nr_vcpus, GFP_KERNEL);
	if (!mm->inside) {
		kfree(mm);
		return -ENOMEM;
	}
	spin_lock_init(&mm->lock);
	xenhv_fi_init(mm);
	for (v = 0; v < be->nr_vcpus; v++) {
		mm->vcpu[v].guest_table = XENHV_NO_FRAME;
		mm->vcpu[v].guest_table_user = XENHV_NO_FRAME;
	}
	/* The domain may take at most half the partition's RAM from the kernel. */
	xenhv_be_memory_stats(be, &ram_pages, &max_pfn);
	mm->max_pages = ram_pages / 2;
	mm->cold_discard = xenhv_mm_detect_cold_discard(be);
	d->mm = mm;
	return 0;
}

/* Every vCPU has left the domain's tables: all its frames go back. */
void xenhv_mm_destroy(struct xenhv_domain *d)
{
	struct xenhv_mm_domain *mm = d->mm;

	if (!mm)
		return;
	xenhv_fi_destroy(d);
	bitmap_free(mm->inside);
	kfree(mm);
	d->mm = NULL;
}
