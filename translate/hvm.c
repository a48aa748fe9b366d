// SPDX-License-Identifier: GPL-2.0
/*
 * hvm_op (hypercall 34): how event upcalls arrive (HVM_PARAM_CALLBACK_IRQ,
 * HVMOP_set_evtchn_upcall_vector). Other params and ops land with the
 * time/vCPU issue.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include "evtchn.h"
#include <xen/interface/hvm/hvm_op.h>
#include <xen/interface/hvm/params.h>

#define XENHV_CALLBACK_TYPE_SHIFT	56

static long xenhv_hvm_set_param(struct xenhv_domain *d, unsigned long arg)
{
	struct xen_hvm_param p;

	if (xenhv_copy_from_guest(d, &p, arg, sizeof(p)))
		return -XEN_EFAULT;
	if (!xenhv_is_self(d, p.domid))
		return -XEN_ESRCH;
	switch (p.index) {
	case HVM_PARAM_CALLBACK_IRQ:
		/*
		 * hvm_set_callback_via(): GSI (0), PCI INTx (1) or vector (2)
		 * in bits 63:56; an unknown type means "none". xenhv records
		 * it; delivery is on xenhv's per-vCPU vectors in every case,
		 * which is what a vector callback gives the guest.
		 */
		d->evtchn->callback_irq = p.value;
		return 0;
	default:
		return -XEN_ENOSYS;
	}
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

long xenhv_hvm_op(struct xenhv_domain *d, int cmd, unsigned long arg)
{
	if (!d->evtchn)
		return -XEN_ENOSYS;
	switch (cmd) {
	case HVMOP_set_param:
		return xenhv_hvm_set_param(d, arg);
	case HVMOP_set_evtchn_upcall_vector:
		return xenhv_hvm_set_upcall_vector(d, arg);
	default:
		return -XEN_ENOSYS;
	}
}
