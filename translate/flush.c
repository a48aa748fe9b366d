// SPDX-License-Identifier: GPL-2.0
/*
 * TLB flushes with the fewest Hyper-V calls: a hypercall collects what
 * must be clean (which pages, which vCPUs) and discharges it once, at the
 * end, as Linux's arch/x86/hyperv/mmu.c does for the kernel's own
 * flushes: nothing remote, no hypercall; the calling vCPU alone, INVLPG
 * or a CR3 reload with no hypercall; others, one HvCallFlushVirtualAddress
 * List (a rep per page) or, past XENHV_FLUSH_LIST_MAX pages or for the
 * whole space, one HvCallFlushVirtualAddressSpace; the _Ex forms with a
 * sparse VP set once a target's VP index does not fit a 64-bit mask.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/bitops.h>
#include "flush.h"
#include "mm.h"

/*
 * Only the header: vas[] is read as far as nr_vas and banks[] where
 * bank_mask says, each set before it counts, so a flush on its op's
 * stack (__uninitialized) needs no other initialisation.
 */
void xenhv_flush_init(struct xenhv_flush *f, u64 space)
{
	f->space = space;
	f->local = false;
	f->all_vcpus = false;
	f->full = false;
	f->non_global = false;
	f->nr_vas = 0;
	f->bank_mask = 0;
}

/* One page; past the list's limit the flush becomes a full one. */
void xenhv_flush_add_va(struct xenhv_flush *f, u64 va)
{
	unsigned int i;

	if (f->full)
		return;
	va &= ~(u64)(HV_HYP_PAGE_SIZE - 1);
	for (i = 0; i < f->nr_vas; i++)
		if (f->vas[i] == va)
			return;
	if (f->nr_vas == XENHV_FLUSH_LIST_MAX) {
		f->full = true;
		return;
	}
	f->vas[f->nr_vas++] = va;
}

void xenhv_flush_add_full(struct xenhv_flush *f)
{
	f->full = true;
}

/**
 * xenhv_flush_add_vcpu - @vcpu's TLB must be clean too
 * @d: the domain
 * @f: the flush
 * @vcpu: the vCPU
 *
 * Return: 0, or -XEN_EINVAL for a vCPU the domain does not have. A vCPU
 * with no VP index (not running) holds no translations: nothing to do.
 */
int xenhv_flush_add_vcpu(struct xenhv_domain *d, struct xenhv_flush *f, unsigned int vcpu)
{
	struct xenhv_backend *be = d->be;
	u32 vp;

	if (vcpu >= be->nr_vcpus)
		return -XEN_EINVAL;
	if (vcpu == xenhv_be_this_vcpu(be)) {
		f->local = true;
		return 0;
	}
	vp = xenhv_vp_index(be, vcpu);
	if (vp == U32_MAX || vp / 64 >= XENHV_FLUSH_MAX_BANKS)
		return 0;
	if (!(f->bank_mask & BIT_ULL(vp / 64)))
		f->banks[vp / 64] = 0;
	f->bank_mask |= BIT_ULL(vp / 64);
	f->banks[vp / 64] |= BIT_ULL(vp % 64);
	return 0;
}

void xenhv_flush_add_all_vcpus(struct xenhv_domain *d, struct xenhv_flush *f)
{
	f->all_vcpus = true;
}

/* The fixed header both forms share: address space, then flags. */
static unsigned int xenhv_flush_header(const struct xenhv_flush *f, u64 *in)
{
	u64 flags = 0;

	if (f->space == XENHV_FLUSH_ALL_SPACES)
		flags |= HV_FLUSH_ALL_VIRTUAL_ADDRESS_SPACES;
	if (f->non_global)
		flags |= HV_FLUSH_NON_GLOBAL_MAPPINGS_ONLY;
	if (f->all_vcpus)
		flags |= HV_FLUSH_ALL_PROCESSORS;
	in[0] = f->space == XENHV_FLUSH_ALL_SPACES ? 0 : f->space;
	in[1] = flags;
	return 2;
}

/**
 * xenhv_flush_commit - make every TLB the flush names clean
 * @d: the domain
 * @f: what to flush
 *
 * Return: 0, or the errno of a Hyper-V call that failed (the remote
 * vCPUs may then still hold stale entries).
 */
int xenhv_flush_commit(struct xenhv_domain *d, struct xenhv_flush *f)
{
	struct xenhv_backend *be = d->be;
	/* Header, a full VP set, then the list: under one page by construction. */
	u64 in[2 + 2 + XENHV_FLUSH_MAX_BANKS + XENHV_FLUSH_LIST_MAX] __uninitialized;
	unsigned int n, nb = 0;
	u64 status, banks;
	bool ex, list;

	if (!f->full && !f->nr_vas)
		return 0;
	/* HV_FLUSH_ALL_PROCESSORS covers the caller's own VP too. */
	if (f->local && !f->all_vcpus)
		xenhv_be_flush_local(be, f->full ? NULL : f->vas, f->nr_vas, f->full);
	if (!f->all_vcpus && !f->bank_mask)
		return 0;

	n = xenhv_flush_header(f, in);
	ex = !f->all_vcpus && (f->bank_mask & ~1ULL);
	list = !f->full;
	if (ex) {
		in[n++] = HV_GENERIC_SET_SPARSE_4K;
		in[n++] = f->bank_mask;
		/* Only the valid banks' contents, in bank order (TLFS 10.5.2). */
		for (banks = f->bank_mask; banks; banks &= banks - 1, nb++)
			in[n++] = f->banks[__ffs64(banks)];
	} else {
		in[n++] = f->all_vcpus ? 0 : f->banks[0];	/* processor mask */
	}
	if (list) {
		memcpy(&in[n], f->vas, f->nr_vas * sizeof(u64));
		status = xenhv_hv_call_rep(be, ex ? HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST_EX :
					   HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST, f->nr_vas, nb,
					   in, (n + f->nr_vas) * sizeof(u64), NULL, 0);
	} else {
		status = xenhv_be_hypercall(be, xenhv_hv_control(ex ?
					    HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE_EX :
					    HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE, 0, 0, nb),
					    in, n * sizeof(u64), NULL, 0);
	}
	return xenhv_hv_status_to_errno(status);
}

/*
 * The PV MMU's flushes. A flush for this call, or the multicall's when
 * one is coalescing; xenhv_mm_flush_put() commits only the call's own.
 */
struct xenhv_flush *xenhv_mm_flush_get(struct xenhv_domain *d, struct xenhv_flush *own)
{
	struct xenhv_flush *batch = d->mm->vcpu[xenhv_be_this_vcpu(d->be)].batch;

	if (batch)
		return batch;
	/* Guest entries are never global (G is cleared): the kernel's may stay. */
	xenhv_flush_init(own, XENHV_FLUSH_ALL_SPACES);
	own->non_global = true;
	return own;
}

int xenhv_mm_flush_put(struct xenhv_domain *d, struct xenhv_flush *f, struct xenhv_flush *own)
{
	return f == own ? xenhv_flush_commit(d, f) : 0;
}

/*
 * Xen flushes d->dirty_cpumask: the CPUs that may hold the domain's
 * translations. Here those are the vCPUs running on one of its root
 * tables right now; any other vCPU drops them when it loads a root
 * (a CR3 write with PCID 0, never used by the kernel, flushes them).
 */
void xenhv_mm_flush_add_dirty(struct xenhv_domain *d, struct xenhv_flush *f)
{
	struct xenhv_mm_domain *mm = d->mm;
	unsigned int v;

	for_each_set_bit(v, mm->inside, d->be->nr_vcpus)
		xenhv_flush_add_vcpu(d, f, v);
}

/*
 * vcpumask_to_pcpumask(): the guest's bitmap, one 64-bit word at a
 * time; bits past the domain's vCPUs are ignored, and so is a vCPU that
 * holds no translation. -EFAULT if a word cannot be read.
 */
int xenhv_mm_flush_add_vcpumask(struct xenhv_domain *d, struct xenhv_flush *f,
				unsigned long mask, bool only_dirty)
{
	unsigned int nr = d->be->nr_vcpus, self = xenhv_be_this_vcpu(d->be), w, b, v;
	u64 word;

	for (w = 0; w * 64 < nr; w++) {
		if (xenhv_copy_from_guest(d, &word, mask + w * sizeof(word), sizeof(word)))
			return -XEN_EFAULT;
		for (b = 0; b < 64 && w * 64 + b < nr; b++) {
			v = w * 64 + b;
			if (!(word & BIT_ULL(b)))
				continue;
			if (v == self || !only_dirty || test_bit(v, d->mm->inside))
				xenhv_flush_add_vcpu(d, f, v);
		}
	}
	return 0;
}
