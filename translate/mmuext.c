// SPDX-License-Identifier: GPL-2.0
/*
 * mmuext_op (hypercall 26) with Xen's PV semantics (xen/arch/x86/mm.c
 * do_mmuext_op()): the TLB and cache commands, CLEAR_PAGE and COPY_PAGE.
 * Every TLB obligation of one call is collected and discharged once at
 * its end through the flush builder (the guest cannot look at a TLB in
 * the middle of a hypercall, and flushing more than asked is always
 * allowed), so N INVLPGs for another vCPU cost one Hyper-V call.
 *
 * Pinning, base pointers and SET_LDT need xenhv's page-table tracking,
 * which is issue 5's remaining work; until then they return -ENOSYS.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/preempt.h>
#include "flush.h"

/* The commands the kernel's header does not name. */
#define XENHV_MMUEXT_MARK_SUPER		19
#define XENHV_MMUEXT_UNMARK_SUPER	20

struct xenhv_mmuext_op {
	u32 cmd;
	u32 pad;
	u64 arg1;		/* mfn or linear_addr */
	u64 arg2;		/* nr_ents, vcpumask handle or src_mfn */
};

/* Xen's __addr_ok() for a 64-bit PV guest: a canonical 48-bit address. */
static bool xenhv_addr_ok(u64 va)
{
	return (u64)((s64)(va << 16) >> 16) == va;
}

/*
 * vcpumask_to_pcpumask(): the guest's bitmap of vCPUs, one xen_ulong_t
 * word at a time; bits past the domain's vCPUs are ignored. An
 * unreadable word fails the op with -EINVAL (not -EFAULT), as in Xen.
 */
static int xenhv_flush_add_vcpumask(struct xenhv_domain *d, struct xenhv_flush *f,
				    unsigned long mask)
{
	unsigned int nr = d->be->nr_vcpus, w, b;
	u64 word;

	for (w = 0; w * 64 < nr; w++) {
		if (xenhv_copy_from_guest(d, &word, mask + w * sizeof(word), sizeof(word)))
			return -XEN_EINVAL;
		for (b = 0; b < 64 && w * 64 + b < nr; b++)
			if (word & BIT_ULL(b))
				xenhv_flush_add_vcpu(d, f, w * 64 + b);
	}
	return 0;
}

/*
 * CLEAR_PAGE / COPY_PAGE: the frames must be the guest's RAM (-EINVAL);
 * the destination must also be writable-typed, which every frame is
 * until page-table pinning lands.
 */
static long xenhv_mmuext_clear_copy(struct xenhv_domain *d, const struct xenhv_mmuext_op *op)
{
	struct xenhv_backend *be = d->be;
	void *dst, *src = NULL;

	dst = be->ops->map_gfn(be, op->arg1);
	if (!dst)
		return -XEN_EINVAL;
	if (op->cmd == MMUEXT_COPY_PAGE) {
		src = be->ops->map_gfn(be, op->arg2);
		if (!src) {
			be->ops->unmap_gfn(be, dst);
			return -XEN_EINVAL;
		}
		memcpy(dst, src, PAGE_SIZE);
		be->ops->unmap_gfn(be, src);
	} else {
		memset(dst, 0, PAGE_SIZE);
	}
	be->ops->unmap_gfn(be, dst);
	return 0;
}

static long xenhv_mmuext_one(struct xenhv_domain *d, struct xenhv_flush *f,
			     const struct xenhv_mmuext_op *op)
{
	unsigned int self = d->be->ops->this_vcpu(d->be);

	switch (op->cmd) {
	case MMUEXT_TLB_FLUSH_LOCAL:
		xenhv_flush_add_vcpu(d, f, self);
		xenhv_flush_add_full(f);
		return 0;
	case MMUEXT_INVLPG_LOCAL:
		/* paging_invlpg() ignores a non-canonical address. */
		if (xenhv_addr_ok(op->arg1)) {
			xenhv_flush_add_vcpu(d, f, self);
			xenhv_flush_add_va(f, op->arg1);
		}
		return 0;
	case MMUEXT_TLB_FLUSH_MULTI:
		if (xenhv_flush_add_vcpumask(d, f, op->arg2))
			return -XEN_EINVAL;
		xenhv_flush_add_full(f);
		return 0;
	case MMUEXT_INVLPG_MULTI:
		if (xenhv_flush_add_vcpumask(d, f, op->arg2))
			return -XEN_EINVAL;
		if (xenhv_addr_ok(op->arg1))
			xenhv_flush_add_va(f, op->arg1);
		return 0;
	case MMUEXT_TLB_FLUSH_ALL:
		xenhv_flush_add_all_vcpus(d, f);
		xenhv_flush_add_full(f);
		return 0;
	case MMUEXT_INVLPG_ALL:
		if (xenhv_addr_ok(op->arg1)) {
			xenhv_flush_add_all_vcpus(d, f);
			xenhv_flush_add_va(f, op->arg1);
		}
		return 0;
	case MMUEXT_FLUSH_CACHE:
		/* cache_flush_permitted(): a domU has no I/O memory or ports. */
		return -XEN_EACCES;
	case MMUEXT_FLUSH_CACHE_GLOBAL:
		return -XEN_EINVAL;	/* the same refusal, another errno */
	case MMUEXT_CLEAR_PAGE:
	case MMUEXT_COPY_PAGE:
		return xenhv_mmuext_clear_copy(d, op);
	case XENHV_MMUEXT_MARK_SUPER:
	case XENHV_MMUEXT_UNMARK_SUPER:
		return -XEN_EOPNOTSUPP;
	default:
		/* Unknown commands; PIN/UNPIN/BASEPTR/SET_LDT until issue 5 ends. */
		return -XEN_ENOSYS;
	}
}

/**
 * xenhv_mmuext_op - hypercall 26
 * @d: the domain
 * @uops: the array of struct mmuext_op
 * @count: how many; with MMU_UPDATE_PREEMPTED set, a continuation
 * @pdone: where the running count of completed ops goes, or NULL
 * @foreigndom: the page owner (DOMID_SELF)
 *
 * Xen's prologue: the continuation probe (count == MMU_UPDATE_PREEMPTED
 * with no ops) returns foreigndom; get_pg_owner() refuses the caller's
 * own id and unknown ids (-ESRCH); DOMID_IO and DOMID_XEN fail XSM
 * (-EPERM). Ops run in order until one fails; its errno is returned and
 * *pdone counts those before it. A long list yields the CPU between ops,
 * which is what Xen's continuation gives the guest.
 *
 * Return: 0, the first failing op's errno, or foreigndom for the probe.
 */
long xenhv_mmuext_op(struct xenhv_domain *d, unsigned long uops, unsigned int count,
		     unsigned long pdone, domid_t foreigndom)
{
	struct xenhv_mmuext_op op;
	struct xenhv_flush f;
	unsigned int i, done = 0;
	long rc = 0, frc;

	if (count == XENHV_MMU_UPDATE_PREEMPTED && !uops)
		return (int)foreigndom;
	if (count & XENHV_MMU_UPDATE_PREEMPTED) {
		count &= ~XENHV_MMU_UPDATE_PREEMPTED;
		if (pdone && xenhv_copy_from_guest(d, &done, pdone, sizeof(done)))
			done = 0;
	}
	if (foreigndom == DOMID_IO || foreigndom == DOMID_XEN)
		return -XEN_EPERM;
	if (foreigndom != DOMID_SELF)
		return -XEN_ESRCH;

	xenhv_flush_init(&f, XENHV_FLUSH_ALL_SPACES);
	for (i = 0; i < count; i++) {
		if (i && preemptible())
			cond_resched();
		if (xenhv_copy_from_guest(d, &op, uops + i * sizeof(op), sizeof(op))) {
			rc = -XEN_EFAULT;
			break;
		}
		rc = xenhv_mmuext_one(d, &f, &op);
		if (rc)
			break;
	}
	/* What the completed ops asked for is owed even when a later one failed. */
	frc = xenhv_flush_commit(d, &f);
	if (!rc)
		rc = frc;
	if (pdone) {
		done += i;
		if (xenhv_copy_to_guest(d, pdone, &done, sizeof(done)) && !rc)
			rc = -XEN_EFAULT;
	}
	return rc;
}
