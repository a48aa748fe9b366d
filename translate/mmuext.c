// SPDX-License-Identifier: GPL-2.0
/*
 * mmuext_op (hypercall 26) with Xen's PV semantics (xen/arch/x86/mm.c
 * do_mmuext_op()): pins, base pointers, SET_LDT, the TLB and cache
 * commands, CLEAR_PAGE and COPY_PAGE. Every TLB obligation of one call
 * (or of a whole multicall's run of MMU calls) is collected and
 * discharged once at its end through the flush builder: the guest cannot
 * look at a TLB in the middle of a hypercall, and flushing more than
 * asked is always allowed, so N INVLPGs for another vCPU cost one
 * Hyper-V call.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include "mm.h"

/* The commands the kernel's header does not name. */
#define XENHV_MMUEXT_MARK_SUPER		19
#define XENHV_MMUEXT_UNMARK_SUPER	20

struct xenhv_mmuext_op {
	u32 cmd;
	u32 pad;
	u64 arg1;		/* mfn or linear_addr */
	u64 arg2;		/* nr_ents, vcpumask handle or src_mfn */
};

static long xenhv_mmuext_one(struct xenhv_domain *d, struct xenhv_flush *f,
			     const struct xenhv_mmuext_op *op)
{
	unsigned int self = xenhv_be_this_vcpu(d->be);

	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		return xenhv_mm_pin(d, op->arg1, op->cmd - MMUEXT_PIN_L1_TABLE + 1);
	case MMUEXT_UNPIN_TABLE:
		return xenhv_mm_unpin(d, op->arg1);
	case MMUEXT_NEW_BASEPTR:
		return xenhv_mm_new_baseptr(d, f, op->arg1, false);
	case MMUEXT_NEW_USER_BASEPTR:
		return xenhv_mm_new_baseptr(d, f, op->arg1, true);
	case MMUEXT_TLB_FLUSH_LOCAL:
		xenhv_flush_add_vcpu(d, f, self);
		xenhv_flush_add_full(f);
		return 0;
	case MMUEXT_INVLPG_LOCAL:
		/* paging_invlpg() ignores an address outside the guest's half. */
		if (xenhv_mm_addr_ok(op->arg1)) {
			xenhv_flush_add_vcpu(d, f, self);
			xenhv_flush_add_va(f, op->arg1);
		}
		return 0;
	case MMUEXT_TLB_FLUSH_MULTI:
		/* An unreadable mask is -EINVAL here (not -EFAULT), as in Xen. */
		if (xenhv_mm_flush_add_vcpumask(d, f, op->arg2, true))
			return -XEN_EINVAL;
		xenhv_flush_add_full(f);
		return 0;
	case MMUEXT_INVLPG_MULTI:
		if (xenhv_mm_flush_add_vcpumask(d, f, op->arg2, true))
			return -XEN_EINVAL;
		if (xenhv_mm_addr_ok(op->arg1))
			xenhv_flush_add_va(f, op->arg1);
		return 0;
	case MMUEXT_TLB_FLUSH_ALL:
		xenhv_mm_flush_add_dirty(d, f);
		xenhv_flush_add_full(f);
		return 0;
	case MMUEXT_INVLPG_ALL:
		if (xenhv_mm_addr_ok(op->arg1)) {
			xenhv_mm_flush_add_dirty(d, f);
			xenhv_flush_add_va(f, op->arg1);
		}
		return 0;
	case MMUEXT_FLUSH_CACHE:
		/* cache_flush_permitted(): a domU has no I/O memory or ports. */
		return -XEN_EACCES;
	case MMUEXT_FLUSH_CACHE_GLOBAL:
		return -XEN_EINVAL;	/* the same refusal, another errno */
	case MMUEXT_SET_LDT:
		return xenhv_mm_set_ldt(d, op->arg1, (u32)op->arg2);
	case MMUEXT_CLEAR_PAGE:
		return xenhv_mm_clear_copy(d, op->arg1, 0, false);
	case MMUEXT_COPY_PAGE:
		return xenhv_mm_clear_copy(d, op->arg1, op->arg2, true);
	case XENHV_MMUEXT_MARK_SUPER:
	case XENHV_MMUEXT_UNMARK_SUPER:
		return -XEN_EOPNOTSUPP;
	default:
		return -XEN_ENOSYS;
	}
}

/**
 * xenhv_mmuext_op - hypercall 26
 * @d: the domain
 * @args: uops, count, pdone, foreigndom; rewritten into the continuation
 *	on -XENHV_ERESTART
 *
 * Xen's prologue: the continuation probe (count == MMU_UPDATE_PREEMPTED
 * with no ops) returns foreigndom; a PREEMPTED count resumes the total
 * from *pdone; get_pg_owner() refuses the caller's own id and unknown
 * ids (-ESRCH); DOMID_IO and DOMID_XEN fail XSM (-EPERM). Ops run in
 * order until one fails; its errno is returned and *pdone counts those
 * before it. A long list stops between ops when the CPU is wanted and
 * continues from there.
 *
 * Return: 0, the first failing op's errno, foreigndom for the probe, or
 * -XENHV_ERESTART.
 */
long xenhv_mmuext_op(struct xenhv_domain *d, unsigned long *args)
{
	unsigned long uops = args[0], pdone = args[2];
	unsigned int count = args[1], foreigndom = args[3], i, done = 0;
	domid_t pg_dom = foreigndom;	/* get_pg_owner() takes a domid_t */
	struct xenhv_flush own __uninitialized, *f;	/* xenhv_flush_init() sets it */
	struct xenhv_mmuext_op op;
	long rc = 0, frc;

	if (count == XENHV_MMU_UPDATE_PREEMPTED && !uops)
		return (int)foreigndom;
	if (count & XENHV_MMU_UPDATE_PREEMPTED) {
		count &= ~XENHV_MMU_UPDATE_PREEMPTED;
		if (pdone && xenhv_copy_from_guest(d, &done, pdone, sizeof(done)))
			done = 0;
	}
	if (pg_dom == DOMID_IO || pg_dom == DOMID_XEN)
		return -XEN_EPERM;
	if (pg_dom != DOMID_SELF)
		return -XEN_ESRCH;

	f = xenhv_mm_flush_get(d, &own);
	for (i = 0; i < count; i++) {
		if (i && xenhv_be_preempt_check(d->be)) {
			rc = -XENHV_ERESTART;
			break;
		}
		if (xenhv_copy_from_guest(d, &op, uops + i * sizeof(op), sizeof(op))) {
			rc = -XEN_EFAULT;
			break;
		}
		rc = xenhv_mmuext_one(d, f, &op);
		if (rc)
			break;
	}
	/* What the completed ops asked for is owed even when a later one failed. */
	frc = xenhv_mm_flush_put(d, f, &own);
	if (!rc)
		rc = frc;
	if (rc == -XENHV_ERESTART) {
		args[0] = uops + i * sizeof(op);
		args[1] = (count - i) | XENHV_MMU_UPDATE_PREEMPTED;
	}
	if (pdone) {
		done += i;
		xenhv_copy_to_guest(d, pdone, &done, sizeof(done));
	}
	return rc;
}
