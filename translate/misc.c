// SPDX-License-Identifier: GPL-2.0
/*
 * The rest of the hypercall table as Xen 4.17 answers an HVM domU: the
 * one setting a domU has (vm_assist), and the refusals, each checked in
 * Xen's order so a bad argument gets the errno Xen gives it.
 *
 * Which numbers an HVM guest reaches at all is Xen 4.17's
 * xen/include/hypercall-defs.c (the hvm64 column); the rest fall to the
 * generated default case of hvm_hypercall(), -ENOSYS, which is what the
 * dispatcher returns for an empty table slot.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/string.h>
#include <linux/bitops.h>
#include "xenhv_engine.h"

/*
 * do_vm_assist() (xen/common/domain.c): an HVM domain's valid mask is
 * HVM_VM_ASSIST_MASK, only runstate_update_flag. The type is checked
 * before the command.
 */
long xenhv_vm_assist(struct xenhv_domain *d, unsigned int cmd, unsigned int type)
{
	if (type >= BITS_PER_LONG || type != VMASST_TYPE_runstate_update_flag)
		return -XEN_EINVAL;
	switch (cmd) {
	case VMASST_CMD_enable:
		set_bit(type, &d->vm_assist);
		return 0;
	case VMASST_CMD_disable:
		clear_bit(type, &d->vm_assist);
		return 0;
	default:
		return -XEN_ENOSYS;
	}
}

/*
 * platform_op (xen/arch/x86/platform_hypercall.c), sysctl
 * (xen/common/sysctl.c): copy the whole op (-EFAULT), check the interface
 * version (-EACCES), then XSM_PRIV refuses a domU (-EPERM).
 */
static long xenhv_priv_op(struct xenhv_domain *d, unsigned long arg, size_t size,
			  u32 version, struct xenhv_priv_op_head *head)
{
	u8 buf[XENHV_DOMCTL_SIZE];

	if (xenhv_copy_from_guest(d, buf, arg, size))
		return -XEN_EFAULT;
	memcpy(head, buf, sizeof(*head));
	if (head->interface_version != version)
		return -XEN_EACCES;
	return -XEN_EPERM;
}

long xenhv_platform_op(struct xenhv_domain *d, unsigned long arg)
{
	struct xenhv_priv_op_head head;

	return xenhv_priv_op(d, arg, XENHV_PLATFORM_OP_SIZE,
			     XENHV_XENPF_INTERFACE_VERSION, &head);
}

long xenhv_sysctl(struct xenhv_domain *d, unsigned long arg)
{
	struct xenhv_priv_op_head head;

	return xenhv_priv_op(d, arg, XENHV_SYSCTL_SIZE,
			     XENHV_SYSCTL_INTERFACE_VERSION, &head);
}

/*
 * domctl (xen/common/domctl.c do_domctl()) and paging_domctl_cont
 * (xen/arch/x86/mm/paging.c): after the copy and version checks the
 * target is looked up by id (DOMID_SELF is not resolved): no such domain
 * -ESRCH; the domain's own id, dom0 or the peer is found and XSM refuses
 * it, -EPERM. createdomain and getdomaininfo go to XSM without a lookup
 * (-EPERM).
 */
long xenhv_domctl(struct xenhv_domain *d, unsigned long arg, bool paging_cont)
{
	struct xenhv_priv_op_head head;
	long ret;

	ret = xenhv_priv_op(d, arg, XENHV_DOMCTL_SIZE,
			    XENHV_DOMCTL_INTERFACE_VERSION, &head);
	if (ret != -XEN_EPERM)
		return ret;
	if (!paging_cont && (head.cmd == XENHV_DOMCTL_createdomain ||
			     head.cmd == XENHV_DOMCTL_getdomaininfo))
		return -XEN_EPERM;
	return head.domain == d->domid || xenhv_is_other_domain(d, head.domain) ?
	       -XEN_EPERM : -XEN_ESRCH;
}

/*
 * dm_op (xen/common/dm.c do_dm_op() in 4.17.7): no buffers -ENODATA and
 * too many -E2BIG, both before anything is read; an unreadable buffer
 * array -EFAULT; then dm_op() (xen/arch/x86/hvm/dm.c):
 * rcu_lock_remote_domain_by_id() (unknown and DOMID_SELF -ESRCH, the
 * caller itself -EPERM), a domain that is not HVM -EINVAL (dom0 and the
 * backend are PV), and xsm_dm_op() would refuse the rest: a domU is no
 * device model.
 */
long xenhv_dm_op(struct xenhv_domain *d, domid_t domid, unsigned int nr_bufs,
		 unsigned long bufs)
{
	u8 buf[XENHV_DMOP_MAX_BUFS * XENHV_DMOP_BUF_SIZE];

	if (!nr_bufs)
		return -XEN_ENODATA;
	if (nr_bufs > XENHV_DMOP_MAX_BUFS)
		return -XEN_E2BIG;
	if (xenhv_copy_from_guest(d, buf, bufs, nr_bufs * XENHV_DMOP_BUF_SIZE))
		return -XEN_EFAULT;
	if (domid == d->domid)
		return -XEN_EPERM;
	return xenhv_is_other_domain(d, domid) ? -XEN_EINVAL : -XEN_ESRCH;
}
