// SPDX-License-Identifier: GPL-2.0
/*
 * The PV MMU's entry updates: mod_lN_entry() with the L1 fast path, and
 * the hypercalls that change entries (mmu_update, update_va_mapping);
 * running on the domain's tables, and a multicall's coalesced flush.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/bitops.h>
#include <linux/atomic.h>
#include "mm.h"

/*
 * L1 entry bits that can change with no reference moving: Xen's
 * FASTPATH_FLAG_WHITELIST (mod_l1_entry()), less xenhv's grant bit,
 * which says who holds the frame.
 */
#define XENHV_L1_FASTPATH	((XENHV_PTE_NX | XENHV_PTE_AVAIL_HIGH | XENHV_PTE_AVAIL | \
				  XENHV_PTE_G | XENHV_PTE_D | XENHV_PTE_A | XENHV_PTE_US) & \
				 ~XENHV_PTE_GNTTAB)

/*
 * A present L1 entry rewritten with the same frame, where only RW and
 * fast-path bits change (fork's and mprotect's batches). Only fast-path
 * bits: Xen's fast path, nothing to take or drop. RW too: the get of
 * the new entry and the put of the old name the same frame, so the
 * general reference stays and only the writable type count moves, in
 * one update of the frame's word.
 *
 * Return: true when done; false, with nothing changed, when the general
 * get and put must do it and give its errno: a frame that is not one of
 * the domain's data frames, a count at its limit or below 0.
 */
static __always_inline bool xenhv_l1e_reflag(struct xenhv_mm_domain *mm, u64 old, u64 val)
{
	unsigned long *w, v;

	if (!((old ^ val) & XENHV_PTE_RW))
		return true;
	w = xenhv_fi_pte(mm, val, XENHV_FI_GET);
	if (!xenhv_fi_is_data(*w))
		return false;
	/*
	 * The writable type's half of a get or of a put, and the reference
	 * Xen's get of the new entry takes before the put of the old one
	 * drops it again: at its limit, Xen's get_page() fails and so does
	 * this (-EBUSY from the general path). A guard shows either limit.
	 */
	v = *w + (val & XENHV_PTE_RW ? XENHV_FI_COUNT_ONE + XENHV_FI_REFS_ONE :
				       XENHV_FI_REFS_ONE - XENHV_FI_COUNT_ONE);
	if (v & XENHV_FI_GUARDS)
		return false;
	*w = v - XENHV_FI_REFS_ONE;
	return true;
}

/*
 * A present, writable L1 entry rewritten to name another frame, writable
 * too (mremap()'s and migration's batches; the caller checked the bits):
 * when both frames are data frames of the domain, the new one's counts go
 * up and the old one's down, each in one update of its word.
 *
 * Return: as xenhv_l1e_reflag().
 */
static __always_inline bool xenhv_l1e_remap(struct xenhv_mm_domain *mm, u64 old, u64 val)
{
	unsigned long *wg, *wp, g, p;

	wg = xenhv_fi_pte(mm, val, XENHV_FI_GET);
	wp = xenhv_fi_pte(mm, old, XENHV_FI_PUT);
	/*
	 * Neither add nor subtract reaches XENHV_FI_DATA_MASK, which is 0
	 * for a data frame; a guard shows a count past its limit. One test
	 * for both frames' type and both limits.
	 */
	BUILD_BUG_ON(XENHV_FI_DATA_FRAME != 0);
	g = *wg + (XENHV_FI_COUNT_ONE | XENHV_FI_REFS_ONE);
	p = *wp - (XENHV_FI_COUNT_ONE | XENHV_FI_REFS_ONE);
	if ((g | p) & (XENHV_FI_DATA_MASK | XENHV_FI_GUARDS))
		return false;
	*wg = g;
	*wp = p;
	return true;
}

/*
 * What one present L1 entry holds of its frame: a writable one the
 * writable type's count and a reference, a read-only one a reference.
 */
static unsigned long xenhv_l1e_counts(u64 e)
{
	return e & XENHV_PTE_RW ? XENHV_FI_COUNT_ONE | XENHV_FI_REFS_ONE : XENHV_FI_REFS_ONE;
}

/*
 * The bits of a frame's word, with xenhv_l1e_counts(@e) added or taken,
 * that say the general path must do it: for a writable entry, anything
 * but a data frame (XENHV_FI_DATA_MASK) or a count past a limit; for a
 * read-only one, a frame not the domain's or the reference count past
 * its limit (any frame of the domain's may be mapped read-only).
 */
static unsigned long xenhv_l1e_refuse(u64 e)
{
	return e & XENHV_PTE_RW ? XENHV_FI_DATA_MASK | XENHV_FI_GUARDS :
				  XENHV_FI_FOREIGN | XENHV_FI_REFS_GUARD;
}

/*
 * An L1 entry made present or not present (populating a range, and
 * munmap()'s batches): the one frame's word changes as
 * get_page_from_l1e() or put_page_from_l1e() would change it, when that
 * cannot fail. Between two non-present entries nothing moves. Return:
 * as xenhv_l1e_reflag(), the entry written when done.
 */
static __always_inline bool xenhv_l1e_edge(struct xenhv_mm_domain *mm, u64 *pte, u64 old,
					   u64 val)
{
	unsigned long *w, v;

	if (!(old & XENHV_PTE_P)) {
		if (val & XENHV_PTE_P) {
			if (val & XENHV_L1_DISALLOWED)
				return false;
			w = xenhv_fi_pte(mm, val, XENHV_FI_GET);
			v = *w + xenhv_l1e_counts(val);
			if (v & xenhv_l1e_refuse(val))
				return false;
			*w = v;
			val &= ~XENHV_PTE_G;
		}
	} else {
		/* Present to present with a disallowed bit; a grant's mapping. */
		if ((val & XENHV_PTE_P) || (old & XENHV_PTE_GNTTAB))
			return false;
		w = xenhv_fi_pte(mm, old, XENHV_FI_PUT);
		v = *w - xenhv_l1e_counts(old);
		if (v & xenhv_l1e_refuse(old))
			return false;
		*w = v;
	}
	WRITE_ONCE(*pte, val);
	return true;
}

/*
 * mod_l1_entry()'s common cases, each in one update of a frame's word or
 * two: a present entry rewritten present, neither with a bit a domU may
 * not set, naming the same frame (xenhv_l1e_reflag()) or another
 * (xenhv_l1e_remap()); an entry made present or not (xenhv_l1e_edge()).
 * Return: true when done and the entry written; false, with nothing
 * changed, for the general get and put.
 */
static __always_inline bool xenhv_l1e_fast(struct xenhv_mm_domain *mm, u64 *pte, u64 old,
					   u64 val)
{
	/* After the xors P and RW read 0 only where set in both entries. */
	u64 missing = (old ^ XENHV_PTE_P ^ XENHV_PTE_RW) | (val ^ XENHV_PTE_P ^ XENHV_PTE_RW);

	/* With P in both and no disallowed bit, what else differs is this. */
	BUILD_BUG_ON(~(XENHV_PTE_P | XENHV_PTE_FRAME | XENHV_L1_DISALLOWED) !=
		     (XENHV_L1_FASTPATH | XENHV_PTE_RW));
	if (missing & (XENHV_PTE_P | XENHV_L1_DISALLOWED))
		return xenhv_l1e_edge(mm, pte, old, val);
	if (!((old ^ val) & XENHV_PTE_FRAME)) {
		if (!xenhv_l1e_reflag(mm, old, val))
			return false;
	} else if ((missing & XENHV_PTE_RW) || !xenhv_l1e_remap(mm, old, val)) {
		return false;	/* not writable in both: the general path */
	}
	WRITE_ONCE(*pte, val & ~XENHV_PTE_G);
	return true;
}

/*
 * The L1 table the last request of an mmu_update batch changed, while the
 * batch holds the lock: the requests after it for the same table with the
 * same command (@key: the request's ptr without the entry index) run
 * without the table's lookup and checks. An L1 entry cannot change its
 * own table's type (a writable mapping of a table is refused, a read-only
 * one takes a reference only); only the general put path, for a table
 * changed behind xenhv's back, can, and the hint goes when it runs
 * (XENHV_MOD_GENERAL_PUT). The next batch keeps the hint if the table is
 * still an L1 table when it takes the lock again.
 */
struct xenhv_l1_hint {
	u64 key;
	u64 keep;	/* the old entry's bits the command keeps (PRESERVE_AD) */
	u64 *t;
};

/* __xenhv_mod_entry() succeeded through the general put. */
#define XENHV_MOD_GENERAL_PUT	1

/*
 * An mmu_update request's ptr: the entry's machine address, its low bits
 * (below an entry's alignment) the command.
 */
#define XENHV_REQ_CMD_MASK	((u64)sizeof(u64) - 1)
#define XENHV_REQ_IDX_MASK	((u64)PAGE_SIZE - sizeof(u64))

/* mmu_update's foreigndom: the page-table owner's id + 1, then the page owner. */
#define XENHV_FOREIGNDOM_PT_SHIFT	16
#define XENHV_FOREIGNDOM_PG_MASK	GENMASK(15, 0)

/* PRESERVE_AD keeps the A/D bits hardware set in the old entry. */
static u64 xenhv_keep_bits(bool preserve_ad)
{
	return preserve_ad ? XENHV_PTE_A | XENHV_PTE_D : 0;
}

/*
 * mod_lN_entry()'s general path, for @val replacing @old in entry @pte of
 * a validated table: the new value is validated and its references
 * taken before it is written; the old value's are dropped after.
 *
 * Return: 0, XENHV_MOD_GENERAL_PUT (done too), or the errno.
 */
static int xenhv_mod_general(struct xenhv_domain *d, struct xenhv_mm_domain *mm, u64 *pte,
			     unsigned int level, u64 old, u64 val)
{
	int rc;

	if (val & XENHV_PTE_P) {
		rc = level == 1 ? xenhv_get_l1e(d, mm, val) : xenhv_get_entry(d, level, val);
		if (rc)
			return rc;
		/*
		 * Only a present entry is adjusted, as Xen's adjust_guest_l1e()
		 * (arch/x86/pv/mm.h): in a non-present one bit 8 is the guest's,
		 * Linux's _PAGE_PROTNONE, which marks a PROT_NONE page present
		 * to Linux; cleared, the entry would read as a swap entry.
		 */
		if (level == 1)
			val &= ~XENHV_PTE_G;
	}
	WRITE_ONCE(*pte, val);
	if (!(old & XENHV_PTE_P) || (level == 1 && xenhv_put_l1e(mm, old)))
		return 0;
	xenhv_put_entry_slow(d, level, old);
	return XENHV_MOD_GENERAL_PUT;
}

/*
 * mod_lN_entry(): entry @pte of a validated table; @keep are the old
 * value's bits that stay. An L1 entry's common cases take the fast path.
 *
 * Return: 0, XENHV_MOD_GENERAL_PUT (done too), or the errno.
 */
static __always_inline int __xenhv_mod_entry(struct xenhv_domain *d, struct xenhv_mm_domain *mm,
					     u64 *pte, unsigned int level, u64 val, u64 keep)
{
	u64 old = READ_ONCE(*pte);

	val |= old & keep;
	if (level == 1 && xenhv_l1e_fast(mm, pte, old, val))
		return 0;
	return xenhv_mod_general(d, mm, pte, level, old, val);
}

static int xenhv_mod_entry(struct xenhv_domain *d, u64 table, unsigned int level,
			   unsigned int idx, u64 val, bool preserve_ad)
{
	u64 *t = xenhv_frame(d, table);
	int rc;

	if (!t)
		return -XEN_EINVAL;
	rc = __xenhv_mod_entry(d, d->mm, &t[idx], level, val, xenhv_keep_bits(preserve_ad));
	return rc == XENHV_MOD_GENERAL_PUT ? 0 : rc;
}

/* ---- mmu_update ---- */

struct xenhv_mmu_update {
	u64 ptr;
	u64 val;
};

enum xenhv_pg_owner { XENHV_PGO_SELF, XENHV_PGO_IO, XENHV_PGO_XEN };

/*
 * A present L1 entry with DOMID_IO as page owner: mod_l1_entry()'s flag
 * check and fast path come first, then get_page_from_l1e(), where no
 * frame is DOMID_IO's for a domU: RAM fails xsm_priv_mapping() (-EBUSY),
 * I/O memory it may not map is -EPERM, INVALID_MFN -EINVAL.
 */
static int xenhv_l1e_io(struct xenhv_domain *d, u64 *pte, u64 val, u64 keep)
{
	u64 old = READ_ONCE(*pte);

	val |= old & keep;
	if (val & XENHV_L1_DISALLOWED)
		return -XEN_EINVAL;
	/* The same present frame, only fast-path bits changed: nothing to take. */
	if (!((old ^ val) & ~XENHV_L1_FASTPATH)) {
		WRITE_ONCE(*pte, val & ~XENHV_PTE_G);
		return 0;
	}
	return xenhv_l1e_foreign_errno(d, xenhv_pte_frame(val));
}

/*
 * MMU_NORMAL_PT_UPDATE / PRESERVE_AD / NO_TRANSLATE: a validated table's
 * entry goes through mod_lN_entry(); a frame that is not a table in use
 * (no type, or mapped writable) is plain memory and simply written, as
 * Xen does when page_lock() fails but the writable type can be taken.
 */
static int xenhv_pt_update(struct xenhv_domain *d, u64 ptr, u64 val, bool preserve_ad,
			   enum xenhv_pg_owner pgo, bool *linear_changed,
			   struct xenhv_l1_hint *hint)
{
	struct xenhv_mm_domain *mm = d->mm;
	u64 frame = ptr >> PAGE_SHIFT, *t;
	unsigned int idx = (ptr & (PAGE_SIZE - 1)) / sizeof(u64);
	struct xenhv_frame f;
	int rc;

	/* xsm_mmu_update(): DOMID_XEN as page owner fails XSM_TARGET. */
	if (pgo == XENHV_PGO_XEN)
		return -XEN_EPERM;
	hint->t = NULL;
	if (!xenhv_frame_decode(*xenhv_fi_in(mm, frame, XENHV_FI_TABLE), &f))
		return -XEN_EINVAL;
	if (!f.count || f.type == XENHV_PGT_WRITABLE) {
		t = xenhv_frame(d, frame);
		if (!t)
			return -XEN_EINVAL;
		WRITE_ONCE(t[idx], val);
		return 0;
	}
	if (f.type == XENHV_PGT_L1) {
		t = xenhv_frame(d, frame);
		if (!t)
			return -XEN_EINVAL;
		if (pgo == XENHV_PGO_IO && (val & XENHV_PTE_P))
			return xenhv_l1e_io(d, &t[idx], val, xenhv_keep_bits(preserve_ad));
		/* DOMID_IO's requests never start a run. */
		if (pgo == XENHV_PGO_SELF)
			hint->t = t;
		rc = __xenhv_mod_entry(d, mm, &t[idx], 1, val, xenhv_keep_bits(preserve_ad));
		if (rc != XENHV_MOD_GENERAL_PUT)
			return rc;
		hint->t = NULL;
		return 0;
	}
	/* L2-L4 entries must name the page-table owner's frames. */
	if (pgo != XENHV_PGO_SELF)
		return -XEN_EINVAL;
	/* !is_guest_l4_slot(): the kernel's half. */
	if (f.type == XENHV_PGT_L4 && idx >= XENHV_GUEST_L4_SLOTS)
		return -XEN_EINVAL;
	rc = xenhv_mod_entry(d, frame, f.type, idx, val, preserve_ad);
	if (!rc)
		*linear_changed = true;
	return rc;
}

/*
 * An entry of a run that xenhv_l1e_fast() left: out of line, so that the
 * run's loop keeps its values in registers across the fast path.
 */
static noinline int xenhv_l1_general(struct xenhv_domain *d, u64 *pte, u64 old, u64 val)
{
	return xenhv_mod_general(d, d->mm, pte, 1, old, val);
}

/*
 * The requests from @req on that continue the run of @hint: the same
 * command on entries of the same L1 table, as a guest remapping a range
 * sends them. Return: how many ran; *@rc is the errno that stopped the
 * run, if one did.
 */
static __always_inline unsigned int __xenhv_l1_run(struct xenhv_domain *d,
						   struct xenhv_l1_hint *hint,
						   const struct xenhv_mmu_update *req,
						   unsigned int n, long *rc, u64 keep)
{
	struct xenhv_mm_domain *mm = d->mm;
	u64 *t = hint->t, key = hint->key, *pte, old, val;
	unsigned int j;
	int r = 0;

	for (j = 0; j < n; j++) {
		/*
		 * ptr - key is the entry's byte offset when the request names
		 * the same table with the same command. Otherwise its low 3
		 * bits hold the commands' difference, or, if those are equal,
		 * the bits from 12 up hold the tables' difference: the mask
		 * finds either, and the offset needs no index taken out of it.
		 */
		u64 off = req[j].ptr - key;

		if (off & ~XENHV_REQ_IDX_MASK)
			break;
		pte = (u64 *)((char *)t + off);
		old = READ_ONCE(*pte);
		val = req[j].val | (old & keep);
		if (likely(xenhv_l1e_fast(mm, pte, old, val)))
			continue;
		r = xenhv_l1_general(d, pte, old, val);
		if (r)
			break;
	}
	if (r == XENHV_MOD_GENERAL_PUT) {
		hint->t = NULL;
		return j + 1;
	}
	*rc = r;
	return j;
}

/* One copy of the run for each command's @keep, a constant in each. */
static unsigned int xenhv_l1_run(struct xenhv_domain *d, struct xenhv_l1_hint *hint,
				 const struct xenhv_mmu_update *req, unsigned int n, long *rc)
{
	if (hint->keep)
		return __xenhv_l1_run(d, hint, req, n, rc, xenhv_keep_bits(true));
	return __xenhv_l1_run(d, hint, req, n, rc, 0);
}

/* After the lock was dropped: is the hint's table still an L1 table? */
static bool xenhv_l1_hint_holds(struct xenhv_mm_domain *mm, const struct xenhv_l1_hint *hint)
{
	unsigned long v = *xenhv_fi_in(mm, hint->key >> PAGE_SHIFT, XENHV_FI_TABLE);

	return (v & (XENHV_FI_FOREIGN | XENHV_FI_TYPE_MASK)) ==
	       ((unsigned long)XENHV_PGT_L1 << XENHV_FI_TYPE_SHIFT) &&
	       (v & XENHV_FI_COUNT_MASK);
}

/*
 * MMU_MACHPHYS_UPDATE: the frame must be the page owner's (-EINVAL).
 * The M2P is the identity here and is not mapped for the guest, so the
 * gpfn Xen would store has nothing to change.
 */
static int xenhv_machphys_update(struct xenhv_domain *d, u64 ptr, enum xenhv_pg_owner pgo)
{
	if (pgo == XENHV_PGO_XEN)
		return -XEN_EPERM;
	if (pgo == XENHV_PGO_IO || !xenhv_owned(d->mm, ptr >> PAGE_SHIFT))
		return -XEN_EINVAL;
	return 0;
}

/*
 * The flush after L2-L4 changes: every vCPU on the domain's tables, all of
 * its TLB (or the multicall's batch, flushed when the batch ends). Out of
 * line, so the flush's struct stays off xenhv_mmu_update()'s stack.
 */
static noinline int xenhv_mmu_update_flush(struct xenhv_domain *d)
{
	struct xenhv_flush own __uninitialized, *f = xenhv_mm_flush_get(d, &own);

	xenhv_mm_flush_add_dirty(d, f);
	xenhv_flush_add_full(f);
	return xenhv_mm_flush_put(d, f, &own);
}

/**
 * xenhv_mmu_update - hypercall 1
 * @d: the domain
 * @args: ureqs, count, pdone, foreigndom; rewritten into the
 *	continuation on -XENHV_ERESTART
 *
 * Xen's do_mmu_update(): the continuation probe returns foreigndom; a
 * PREEMPTED count resumes the running total from *pdone; the page-table
 * owner (foreigndom >> 16, id + 1) and the page owner (low 16 bits) are
 * looked up (-ESRCH). Requests run in order until one fails; cmd is
 * ptr's low 3 bits: 0, 2, 3 entry updates, 1 MACHPHYS, 4-7 -ENOSYS. L1
 * changes flush nothing (the guest flushes); an L2-L4 change flushes
 * every vCPU on the domain's tables before returning. *pdone counts
 * what succeeded.
 *
 * Return: 0, the failing request's errno, or -XENHV_ERESTART.
 */
long xenhv_mmu_update(struct xenhv_domain *d, unsigned long *args)
{
	unsigned long ureqs = args[0], pdone = args[2];
	unsigned int count = args[1], foreigndom = args[3];
	unsigned int pt_dom = foreigndom >> XENHV_FOREIGNDOM_PT_SHIFT;
	domid_t pg_dom = foreigndom & XENHV_FOREIGNDOM_PG_MASK;
	struct xenhv_mm_domain *mm = d->mm;
	/* Read only as far as each batch's copy wrote: not zeroed first (INIT_STACK_ALL_ZERO). */
	struct xenhv_mmu_update reqs[XENHV_MMU_BATCH] __uninitialized;
	struct xenhv_l1_hint hint = {};
	enum xenhv_pg_owner pgo;
	bool linear_changed = false;
	unsigned int i, j, n, done = 0;
	unsigned long flags;
	long rc = 0;
	int frc;

	if (count == XENHV_MMU_UPDATE_PREEMPTED && !ureqs)
		return (int)foreigndom;
	if (count & XENHV_MMU_UPDATE_PREEMPTED) {
		count &= ~XENHV_MMU_UPDATE_PREEMPTED;
		if (pdone && xenhv_copy_from_guest(d, &done, pdone, sizeof(done)))
			done = 0;
	}
	/* pt_owner: only this domain exists (its id + 1); pdone untouched. */
	if (pt_dom && pt_dom - 1 != d->domid)
		return -XEN_ESRCH;
	if (pg_dom == DOMID_SELF) {
		pgo = XENHV_PGO_SELF;
	} else if (pg_dom == DOMID_IO) {
		pgo = XENHV_PGO_IO;
	} else if (pg_dom == DOMID_XEN) {
		pgo = XENHV_PGO_XEN;
	} else {
		/* get_pg_owner(): the own id and unknown ids; pdone gets done. */
		rc = -XEN_ESRCH;
		i = 0;
		goto out;
	}

	for (i = 0; i < count && !rc; i += j) {
		n = min_t(unsigned int, count - i, XENHV_MMU_BATCH);
		if (i && xenhv_be_preempt_check(d->be)) {
			rc = -XENHV_ERESTART;
			break;
		}
		/*
		 * One copy for the batch; if it faults, one request at a time,
		 * so the requests before the unreadable one still run (Xen
		 * copies each in turn).
		 */
		if (xenhv_copy_from_guest(d, reqs, ureqs + i * sizeof(*reqs), n * sizeof(*reqs))) {
			n = 1;
			if (xenhv_copy_from_guest(d, reqs, ureqs + i * sizeof(*reqs), sizeof(*reqs))) {
				rc = -XEN_EFAULT;
				break;
			}
		}
		spin_lock_irqsave(&mm->lock, flags);
		if (hint.t && !xenhv_l1_hint_holds(mm, &hint))
			hint.t = NULL;
		for (j = 0; j < n; j++) {
			const struct xenhv_mmu_update *req;
			unsigned int cmd;

			if (hint.t) {
				j += xenhv_l1_run(d, &hint, &reqs[j], n - j, &rc);
				if (rc || j == n)
					break;
			}
			req = &reqs[j];
			cmd = req->ptr & XENHV_REQ_CMD_MASK;
			if (cmd == MMU_NORMAL_PT_UPDATE || cmd == MMU_PT_UPDATE_NO_TRANSLATE ||
			    cmd == MMU_PT_UPDATE_PRESERVE_AD)
				rc = xenhv_pt_update(d, req->ptr & ~XENHV_REQ_CMD_MASK, req->val,
						     cmd == MMU_PT_UPDATE_PRESERVE_AD, pgo,
						     &linear_changed, &hint);
			else if (cmd == MMU_MACHPHYS_UPDATE)
				rc = xenhv_machphys_update(d, req->ptr, pgo);
			else
				rc = -XEN_ENOSYS;
			if (rc)
				break;
			if (hint.t) {
				hint.key = req->ptr & ~XENHV_REQ_IDX_MASK;
				hint.keep = xenhv_keep_bits(cmd == MMU_PT_UPDATE_PRESERVE_AD);
			}
		}
		spin_unlock_irqrestore(&mm->lock, flags);
	}
	/* Xen flushes at once after L2-L4 changes, even when a later request failed. */
	if (linear_changed) {
		frc = xenhv_mmu_update_flush(d);
		if (!rc)
			rc = frc;
	}
	if (rc == -XENHV_ERESTART) {
		args[0] = ureqs + i * sizeof(*reqs);
		args[1] = (count - i) | XENHV_MMU_UPDATE_PREEMPTED;
	}
out:
	if (pdone) {
		done += i;
		xenhv_copy_to_guest(d, pdone, &done, sizeof(done));
	}
	return rc;
}

/* ---- update_va_mapping ---- */

/**
 * xenhv_update_va_mapping - hypercalls 14 and 22
 * @d: the domain
 * @va: the address whose L1 entry changes, in the vCPU's address space
 * @val: the new entry
 * @flags: UVMF_NONE / TLB_FLUSH / INVLPG, with UVMF_LOCAL, UVMF_ALL or a
 *	vCPU bitmap pointer
 * @domid: the page owner (otherdomain form)
 * @otherdomain: hypercall 22
 *
 * Xen's __do_update_va_mapping(): the page owner first (the own id and
 * unknown ids -ESRCH, DOMID_IO/XEN fail XSM -EPERM); then an address
 * outside the guest's half, no base pointer, or no L1 table on the way
 * is -EINVAL; the entry is validated like mmu_update's. Only after it is
 * written does the flush run; a bad vCPU bitmap then gives -EFAULT with
 * the entry already changed, as in Xen.
 *
 * Return: 0 or Xen's errno.
 */
long xenhv_update_va_mapping(struct xenhv_domain *d, u64 va, u64 val,
			     unsigned long flags, domid_t domid, bool otherdomain)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned int self = xenhv_be_this_vcpu(d->be);
	unsigned long bmap = flags & ~(unsigned long)UVMF_FLUSHTYPE_MASK, irqf;
	struct xenhv_flush own __uninitialized, *f;
	u64 root, l1;
	long rc;
	int frc;

	if (otherdomain) {
		if (domid == DOMID_IO || domid == DOMID_XEN)
			return -XEN_EPERM;
		if (domid != DOMID_SELF)
			return -XEN_ESRCH;
	}
	if (!xenhv_mm_addr_ok(va))
		return -XEN_EINVAL;

	spin_lock_irqsave(&mm->lock, irqf);
	root = mm->vcpu[self].guest_table;
	l1 = root == XENHV_NO_FRAME ? XENHV_NO_FRAME : xenhv_walk_to_l1(d, root, va);
	rc = -XEN_EINVAL;
	if (l1 != XENHV_NO_FRAME) {
		struct xenhv_frame fi;

		if (xenhv_frame_load(mm, l1, &fi) && fi.count && fi.type == XENHV_PGT_L1)
			rc = xenhv_mod_entry(d, l1, 1, xenhv_pt_index(va, 1), val, false);
	}
	spin_unlock_irqrestore(&mm->lock, irqf);
	if (rc)
		return rc;

	f = xenhv_mm_flush_get(d, &own);
	switch (flags & UVMF_FLUSHTYPE_MASK) {
	case UVMF_TLB_FLUSH:
	case UVMF_INVLPG:
		if (bmap == UVMF_LOCAL)
			xenhv_flush_add_vcpu(d, f, self);
		else if (bmap == UVMF_ALL)
			xenhv_mm_flush_add_dirty(d, f);
		else if (xenhv_mm_flush_add_vcpumask(d, f, bmap, true))
			rc = -XEN_EFAULT;
		if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_TLB_FLUSH)
			xenhv_flush_add_full(f);
		else
			xenhv_flush_add_va(f, va);
		break;
	}
	frc = xenhv_mm_flush_put(d, f, &own);
	return rc ? rc : frc;
}

/* ---- Running on the domain's tables ---- */

/**
 * xenhv_pv_enter - run the calling vCPU on its NEW_BASEPTR root
 * @d: the domain
 * @saved: where the kernel's CR3 goes, for xenhv_pv_exit()
 *
 * Interrupts must be off until xenhv_pv_exit(): the kernel half of the
 * root is the kernel's own, but its user half is the domain's. The vCPU
 * counts as holding the domain's translations (its dirty bit) from
 * before the switch until after the switch back.
 *
 * Return: 0; -XEN_EOPNOTSUPP when the kernel's paging does not allow it
 * (5-level paging, page-table isolation); -XEN_EINVAL with no root.
 */
int xenhv_pv_enter(struct xenhv_domain *d, u64 *saved)
{
	struct xenhv_backend *be = d->be;
	unsigned int self = xenhv_be_this_vcpu(be);
	u64 root = READ_ONCE(d->mm->vcpu[self].guest_table);

	if (!be->can_switch_root)
		return -XEN_EOPNOTSUPP;
	if (root == XENHV_NO_FRAME)
		return -XEN_EINVAL;
	set_bit(self, d->mm->inside);
	/* Visible as dirty before any translation of the domain's can be cached. */
	smp_mb__after_atomic();
	*saved = xenhv_be_switch_root(be, root << PAGE_SHIFT);
	return 0;
}

void xenhv_pv_exit(struct xenhv_domain *d, u64 saved)
{
	struct xenhv_backend *be = d->be;

	xenhv_be_switch_root(be, saved);
	/* Off the domain's tables before a flusher may skip this vCPU. */
	smp_mb__before_atomic();
	clear_bit(xenhv_be_this_vcpu(be), d->mm->inside);
}

/* ---- Multicall coalescing ---- */

/* From here until xenhv_mm_batch_end(), MMU calls add to @f instead of flushing. */
void xenhv_mm_batch_begin(struct xenhv_domain *d, struct xenhv_flush *f)
{
	xenhv_flush_init(f, XENHV_FLUSH_ALL_SPACES);
	f->non_global = true;
	d->mm->vcpu[xenhv_be_this_vcpu(d->be)].batch = f;
}

int xenhv_mm_batch_end(struct xenhv_domain *d)
{
	struct xenhv_mm_vcpu *vs = &d->mm->vcpu[xenhv_be_this_vcpu(d->be)];
	struct xenhv_flush *f = vs->batch;

	vs->batch = NULL;
	return f ? xenhv_flush_commit(d, f) : 0;
}

