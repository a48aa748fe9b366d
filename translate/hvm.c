// SPDX-License-Identifier: GPL-2.0
/*
 * hvm_op (hypercall 34): parameters, event upcall routing, time and TLB
 * flushes as Xen 4.17 answers an HVM domU (xen/arch/x86/hvm/hvm.c
 * do_hvm_op()).
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include "evtchn.h"
#include "flush.h"
#include <xen/interface/hvm/hvm_op.h>
#include <xen/interface/hvm/params.h>

/* Ops and params newer than the kernel's copy of the Xen headers. */
#define XENHV_HVMOP_flush_tlbs			5
#define XENHV_HVMOP_get_time			10
#define XENHV_HVMOP_xentrace			11
#define XENHV_HVMOP_guest_request_vm_event	24
#define XENHV_HVMOP_altp2m			25
#define XENHV_HVM_PARAM_ACPI_IOPORTS_LOCATION	19
#define XENHV_HVM_PARAM_VM_GENERATION_ID_ADDR	34
#define XENHV_HVM_PARAM_ALTP2M			35
#define XENHV_HVM_PARAM_X87_FIP_WIDTH		36
#define XENHV_HVM_PARAM_VM86_TSS_SIZED		37
#define XENHV_TRC_SUBCLS_SHIFT			12

struct xenhv_hvm_xentrace {
	u16 event, extra_bytes;
	u8 extra[7 * sizeof(u32)];
};

/* HVMOP_get_param: what a domU may read (hvm_allow_get_param()). */
static bool xenhv_param_readable(u32 index)
{
	switch (index) {
	case HVM_PARAM_CALLBACK_IRQ:
	case HVM_PARAM_STORE_PFN:
	case HVM_PARAM_STORE_EVTCHN:
	case HVM_PARAM_VM86_TSS:
	case HVM_PARAM_CONSOLE_PFN:
	case HVM_PARAM_CONSOLE_EVTCHN:
	case XENHV_HVM_PARAM_ACPI_IOPORTS_LOCATION:
	case XENHV_HVM_PARAM_VM_GENERATION_ID_ADDR:
	case XENHV_HVM_PARAM_ALTP2M:
	case XENHV_HVM_PARAM_X87_FIP_WIDTH:
	case XENHV_HVM_PARAM_VM86_TSS_SIZED:
		return true;
	}
	return false;
}

/* HVMOP_set_param: what a domU may write (hvm_allow_set_param()). */
static bool xenhv_param_writable(u32 index)
{
	switch (index) {
	case HVM_PARAM_CALLBACK_IRQ:
	case HVM_PARAM_VM86_TSS:
	case XENHV_HVM_PARAM_VM86_TSS_SIZED:
	case XENHV_HVM_PARAM_ACPI_IOPORTS_LOCATION:
	case XENHV_HVM_PARAM_VM_GENERATION_ID_ADDR:
	case HVM_PARAM_STORE_EVTCHN:
	case HVM_PARAM_CONSOLE_EVTCHN:
	case XENHV_HVM_PARAM_X87_FIP_WIDTH:
		return true;
	}
	return false;
}

/* Params Xen retired: -EINVAL either way, before the -EPERM rule. */
static bool xenhv_param_deprecated(u32 index)
{
	switch (index) {
	case HVM_PARAM_PAE_ENABLED:
	case HVM_PARAM_DM_DOMAIN:
	case 20 ... 25:	/* MEMORY_EVENT_CR0/CR3/CR4/INT3, NESTEDHVM, SINGLE_STEP */
	case 26:	/* BUFIOREQ_EVTCHN */
	case 30:	/* MEMORY_EVENT_MSR */
		return true;
	}
	return false;
}

/*
 * HVMOP_set_param / HVMOP_get_param, checks in Xen's order: copy
 * (-EFAULT), index (-EINVAL), domain (-ESRCH), a domain that is not HVM
 * -EINVAL (hvmop_get_param(): every other domain that exists here, dom0
 * and the backend, is PV), then the domU rules: deprecated -EINVAL, not
 * allowed -EPERM.
 */
static long xenhv_hvm_param(struct xenhv_domain *d, unsigned long arg, bool set)
{
	struct xen_hvm_param p;

	if (xenhv_copy_from_guest(d, &p, arg, sizeof(p)))
		return -XEN_EFAULT;
	if (p.index >= XENHV_HVM_NR_PARAMS)
		return -XEN_EINVAL;
	if (!xenhv_is_self(d, p.domid))
		return xenhv_is_other_domain(d, p.domid) ? -XEN_EINVAL : -XEN_ESRCH;
	if (xenhv_param_deprecated(p.index))
		return -XEN_EINVAL;
	if (!(set ? xenhv_param_writable(p.index) : xenhv_param_readable(p.index)))
		return -XEN_EPERM;
	if (!set) {
		p.value = d->hvm_params[p.index];
		if (p.index == HVM_PARAM_VM86_TSS)
			p.value = (u32)d->hvm_params[XENHV_HVM_PARAM_VM86_TSS_SIZED];
		return xenhv_copy_to_guest(d, arg, &p, sizeof(p)) ? -XEN_EFAULT : 0;
	}
	switch (p.index) {
	case HVM_PARAM_CALLBACK_IRQ:
		/*
		 * hvm_set_callback_via(): GSI (0), PCI INTx (1) or vector (2)
		 * in bits 63:56; an unknown type means "none". xenhv records
		 * it; delivery is on xenhv's per-vCPU vectors in every case,
		 * which is what a vector callback gives the guest.
		 */
		d->evtchn->callback_irq = p.value;
		break;
	case XENHV_HVM_PARAM_X87_FIP_WIDTH:
		if (p.value != 0 && p.value != 4 && p.value != 8)
			return -XEN_EINVAL;
		break;
	case HVM_PARAM_VM86_TSS:
		/* Xen also crashes the domain here; xenhv only refuses. */
		if (p.value > U32_MAX)
			return -XEN_EINVAL;
		d->hvm_params[XENHV_HVM_PARAM_VM86_TSS_SIZED] = p.value;
		break;
	}
	d->hvm_params[p.index] = p.value;
	return 0;
}

static long xenhv_hvm_set_upcall_vector(struct xenhv_domain *d, unsigned long arg)
{
	struct xen_hvm_evtchn_upcall_vector uv;

	if (xenhv_copy_from_guest(d, &uv, arg, sizeof(uv)))
		return -XEN_EFAULT;
	/* Xen: vectors below 0x10 are exceptions, not deliverable. */
	if (uv.vector < 0x10)
		return -XEN_EINVAL;
	if (uv.vcpu >= d->be->nr_vcpus)
		return -XEN_ENOENT;
	xenhv_evtchn_set_upcall_vector(d, uv.vcpu, uv.vector);
	return 0;
}

/*
 * HVMOP_flush_tlbs (hvmop_flush_tlb_all()): the argument must be NULL;
 * then every vCPU's TLB is flushed: one HvCallFlushVirtualAddressSpace
 * for all processors and all address spaces (TLFS 12.5.2), which includes
 * the caller's own VP.
 */
static long xenhv_hvm_flush_tlbs(struct xenhv_domain *d, unsigned long arg)
{
	struct xenhv_flush f;

	if (arg)
		return -XEN_EINVAL;
	xenhv_flush_init(&f, XENHV_FLUSH_ALL_SPACES);
	xenhv_flush_add_all_vcpus(d, &f);
	xenhv_flush_add_full(&f);
	return xenhv_flush_commit(d, &f);
}

/* HVMOP_get_time: NOW(), the same clock as pvclock's system_time. */
static long xenhv_hvm_get_time(struct xenhv_domain *d, unsigned long arg)
{
	u64 now = xenhv_system_time(d);

	return xenhv_copy_to_guest(d, arg, &now, sizeof(now)) ? -XEN_EFAULT : 0;
}

/*
 * HVMOP_pagetable_dying: a hint for shadow paging. Hyper-V gives the
 * guest hardware paging (HAP), where Xen answers a valid request for
 * itself with -EINVAL; any other domain found is -EOPNOTSUPP
 * (do_hvm_op(), before the paging mode is looked at).
 */
static long xenhv_hvm_pagetable_dying(struct xenhv_domain *d, unsigned long arg)
{
	struct xen_hvm_pagetable_dying a;

	if (xenhv_copy_from_guest(d, &a, arg, sizeof(a)))
		return -XEN_EFAULT;
	if (!xenhv_is_self(d, a.domid))
		return xenhv_is_other_domain(d, a.domid) ? -XEN_EOPNOTSUPP : -XEN_ESRCH;
	return -XEN_EINVAL;
}

/*
 * HVMOP_get_mem_type: guest RAM is ram_rw; anything else is device-model
 * MMIO. Another domain that exists fails XSM_TARGET first (-EPERM,
 * hvmop_get_mem_type()).
 */
static long xenhv_hvm_get_mem_type(struct xenhv_domain *d, unsigned long arg)
{
	struct xen_hvm_get_mem_type a;
	void *page;

	if (xenhv_copy_from_guest(d, &a, arg, sizeof(a)))
		return -XEN_EFAULT;
	if (!xenhv_is_self(d, a.domid))
		return xenhv_is_other_domain(d, a.domid) ? -XEN_EPERM : -XEN_ESRCH;
	page = xenhv_be_map_gfn(d->be, a.pfn);
	a.mem_type = page ? HVMMEM_ram_rw : HVMMEM_mmio_dm;
	if (page)
		xenhv_be_unmap_gfn(d->be, page);
	return xenhv_copy_to_guest(d, arg, &a, sizeof(a)) ? -XEN_EFAULT : 0;
}

/* HVMOP_xentrace: checked, then dropped (no trace buffers). */
static long xenhv_hvm_xentrace(struct xenhv_domain *d, unsigned long arg)
{
	struct xenhv_hvm_xentrace tr;

	if (xenhv_copy_from_guest(d, &tr, arg, sizeof(tr)))
		return -XEN_EFAULT;
	if (tr.extra_bytes > sizeof(tr.extra) ||
	    (tr.event & ~((1U << XENHV_TRC_SUBCLS_SHIFT) - 1)))
		return -XEN_EINVAL;
	return 0;
}

long xenhv_hvm_op(struct xenhv_domain *d, int cmd, unsigned long arg)
{
	if (!d->evtchn)
		return -XEN_ENOSYS;
	switch (cmd) {
	case HVMOP_set_param:
		return xenhv_hvm_param(d, arg, true);
	case HVMOP_get_param:
		return xenhv_hvm_param(d, arg, false);
	case XENHV_HVMOP_flush_tlbs:
		return xenhv_hvm_flush_tlbs(d, arg);
	case HVMOP_pagetable_dying:
		return xenhv_hvm_pagetable_dying(d, arg);
	case XENHV_HVMOP_get_time:
		return xenhv_hvm_get_time(d, arg);
	case XENHV_HVMOP_xentrace:
		return xenhv_hvm_xentrace(d, arg);
	case HVMOP_get_mem_type:
		return xenhv_hvm_get_mem_type(d, arg);
	case HVMOP_set_evtchn_upcall_vector:
		return xenhv_hvm_set_upcall_vector(d, arg);
	case XENHV_HVMOP_guest_request_vm_event:
		/* No monitor attached: accepted and dropped, if arg is NULL. */
		return arg ? -XEN_EINVAL : 0;
	case XENHV_HVMOP_altp2m:
		/* hvm_altp2m_supported() is false: the first check. */
		return -XEN_EOPNOTSUPP;
	default:
		return -XEN_ENOSYS;
	}
}
