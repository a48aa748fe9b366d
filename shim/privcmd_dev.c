// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/xen/privcmd and /dev/xen/hypercall as Linux's drivers/xen/privcmd.c
 * and privcmd-buf.c give them, for the guest domain, and the same pair
 * under /dev/xenhv-backend for the backend domain (bind-mount it over
 * /dev/xen in a private mount namespace to act as it). A process's
 * hypercalls run as its domain with guest handles that are its own user
 * addresses (xenhv_user_call_begin()). The guest is a domU: its privcmd is
 * restricted to the domain its xenstore "target" node names, or to none,
 * so its hypercall ioctl is refused with -EPERM as Linux refuses it in a
 * domU. The backend domain, when it is dom0, is unrestricted. Foreign
 * mappings (MMAPBATCH, MMAP_RESOURCE) are not offered. Root only.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/capability.h>
#include <linux/mm.h>
#include <linux/refcount.h>
#include <xen/interface/xen.h>
#include <xen/interface/hvm/dm_op.h>
#include <xen/privcmd.h>
#include "xenhv_shim.h"

/* Linux's defaults (privcmd.c dm_op_max_nr_bufs, dm_op_buf_max_size). */
#define XENHV_DM_OP_MAX_NUM	16
#define XENHV_DM_OP_BUF_MAX	4096

struct xenhv_pc_dev {
	struct miscdevice misc;
	bool backend;
};

struct xenhv_pc_file {
	bool backend;
	domid_t domid;		/* the restriction; DOMID_INVALID: none */
};

static domid_t xenhv_pc_guest_domid, xenhv_pc_backend_domid;

static int xenhv_pc_open(struct inode *inode, struct file *file)
{
	struct xenhv_pc_dev *dev = container_of(file->private_data, struct xenhv_pc_dev, misc);
	struct xenhv_pc_file *f;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->backend = dev->backend;
	/* privcmd_init(): only the initial domain is unrestricted. */
	if (f->backend && !xenhv_pc_backend_domid)
		f->domid = DOMID_INVALID;
	else
		f->domid = xenhv_xenbus_target(f->backend ? xenhv_pc_backend_domid :
					       xenhv_pc_guest_domid);
	file->private_data = f;
	return 0;
}

static int xenhv_pc_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

/* One hypercall as the file's domain, its guest handles in user space. */
static long xenhv_pc_call(struct xenhv_pc_file *f, unsigned int op, const u64 *a,
			  struct xenhv_user_call *uc)
{
	long ret = xenhv_user_call_begin(uc);

	if (ret)
		return ret;
	if (f->backend)
		ret = xenhv_backend_hypercall(op, a[0], a[1], a[2], a[3], a[4]);
	else
		ret = xenhv_hypercall(op, a[0], a[1], a[2], a[3], a[4]);
	xenhv_user_call_end();
	return ret;
}

static long xenhv_pc_hypercall(struct xenhv_pc_file *f, void __user *udata)
{
	struct xenhv_user_call uc = {};
	struct privcmd_hypercall h;

	/* Disallow arbitrary hypercalls if restricted, as Linux does. */
	if (f->domid != DOMID_INVALID)
		return -EPERM;
	if (copy_from_user(&h, udata, sizeof(h)))
		return -EFAULT;
	if (h.op > UINT_MAX)	/* past Xen's table, as Xen answers it */
		return -XEN_ENOSYS;
	return xenhv_pc_call(f, h.op, h.arg, &uc);
}

static long xenhv_pc_restrict(struct xenhv_pc_file *f, void __user *udata)
{
	domid_t dom;

	if (copy_from_user(&dom, udata, sizeof(dom)))
		return -EFAULT;
	if (f->domid == DOMID_INVALID)
		f->domid = dom;
	else if (f->domid != dom)
		return -EINVAL;
	return 0;
}

/*
 * privcmd_ioctl_dm_op(): the user's buffers are checked and pinned, and
 * the array that names them is the one kernel buffer the call may read.
 */
static long xenhv_pc_dm_op(struct xenhv_pc_file *f, void __user *udata)
{
	struct privcmd_dm_op_buf kbufs[XENHV_DM_OP_MAX_NUM];
	struct xen_dm_op_buf xbufs[XENHV_DM_OP_MAX_NUM];
	struct xenhv_user_call uc;
	struct privcmd_dm_op k;
	unsigned int i, nr_pages = 0;
	int pinned = 0, n;
	struct page **pages;
	u64 a[5] = {};
	long rc;

	if (copy_from_user(&k, udata, sizeof(k)))
		return -EFAULT;
	if (f->domid != DOMID_INVALID && f->domid != k.dom)
		return -EPERM;
	if (!k.num)
		return 0;
	if (k.num > XENHV_DM_OP_MAX_NUM)
		return -E2BIG;
	if (copy_from_user(kbufs, k.ubufs, sizeof(*kbufs) * k.num))
		return -EFAULT;
	for (i = 0; i < k.num; i++) {
		if (kbufs[i].size > XENHV_DM_OP_BUF_MAX)
			return -E2BIG;
		if (!access_ok(kbufs[i].uptr, kbufs[i].size))
			return -EFAULT;
		nr_pages += DIV_ROUND_UP(offset_in_page(kbufs[i].uptr) + kbufs[i].size,
					 PAGE_SIZE);
	}
	pages = kcalloc(nr_pages ?: 1, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	for (i = 0; i < k.num; i++) {
		unsigned long start = (unsigned long)kbufs[i].uptr;
		unsigned int np = DIV_ROUND_UP(offset_in_page(start) + kbufs[i].size, PAGE_SIZE);

		n = pin_user_pages_fast(start, np, FOLL_WRITE, pages + pinned);
		if (n > 0)
			pinned += n;
		if (n != np) {
			rc = n < 0 ? n : -EFAULT;
			goto out;
		}
		set_xen_guest_handle(xbufs[i].h, (__force void *)kbufs[i].uptr);
		xbufs[i].size = kbufs[i].size;
	}
	uc.kbuf = (unsigned long)xbufs;
	uc.klen = sizeof(*xbufs) * k.num;
	a[0] = k.dom;
	a[1] = k.num;
	a[2] = (unsigned long)xbufs;
	rc = xenhv_pc_call(f, __HYPERVISOR_dm_op, a, &uc);
out:
	unpin_user_pages(pages, pinned);
	kfree(pages);
	return rc;
}

/*
 * Foreign mappings: Linux's checks in its order, then -EOPNOTSUPP, as
 * xenhv does not map another domain's frames into a process. The guest
 * is auto-translated, so the first MMAP is -ENOSYS for it, as in Linux.
 */
static long xenhv_pc_mmap_ioctl(struct xenhv_pc_file *f, unsigned int cmd, void __user *udata)
{
	union {
		struct privcmd_mmap m;
		struct privcmd_mmapbatch b;
		struct privcmd_mmapbatch_v2 b2;
		struct privcmd_mmap_resource r;
	} u;
	size_t size;
	domid_t dom;

	switch (cmd) {
	case IOCTL_PRIVCMD_MMAP:
		if (!f->backend)	/* Linux's -ENOSYS, the same value */
			return -XEN_ENOSYS;
		size = sizeof(u.m);
		break;
	case IOCTL_PRIVCMD_MMAPBATCH:
		size = sizeof(u.b);
		break;
	case IOCTL_PRIVCMD_MMAPBATCH_V2:
		size = sizeof(u.b2);
		break;
	default:
		size = sizeof(u.r);
		break;
	}
	if (copy_from_user(&u, udata, size))
		return -EFAULT;
	switch (cmd) {
	case IOCTL_PRIVCMD_MMAP:
		dom = u.m.dom;
		break;
	case IOCTL_PRIVCMD_MMAPBATCH:
		dom = u.b.dom;
		break;
	case IOCTL_PRIVCMD_MMAPBATCH_V2:
		dom = u.b2.dom;
		break;
	default:
		dom = u.r.dom;
		break;
	}
	if (f->domid != DOMID_INVALID && f->domid != dom)
		return -EPERM;
	return -EOPNOTSUPP;
}

static long xenhv_pc_ioctl(struct file *file, unsigned int cmd, unsigned long data)
{
	struct xenhv_pc_file *f = file->private_data;
	void __user *udata = (void __user *)data;

	switch (cmd) {
	case IOCTL_PRIVCMD_HYPERCALL:
		return xenhv_pc_hypercall(f, udata);
	case IOCTL_PRIVCMD_DM_OP:
		return xenhv_pc_dm_op(f, udata);
	case IOCTL_PRIVCMD_RESTRICT:
		return xenhv_pc_restrict(f, udata);
	case IOCTL_PRIVCMD_MMAP:
	case IOCTL_PRIVCMD_MMAPBATCH:
	case IOCTL_PRIVCMD_MMAPBATCH_V2:
	case IOCTL_PRIVCMD_MMAP_RESOURCE:
		return xenhv_pc_mmap_ioctl(f, cmd, udata);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations xenhv_pc_fops = {
	.owner = THIS_MODULE,
	.open = xenhv_pc_open,
	.release = xenhv_pc_release,
	.unlocked_ioctl = xenhv_pc_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/*
 * /dev/xen/hypercall: zeroed pages mapped shared into the process, for
 * hypercall buffers that stay resident (privcmd-buf.c). A mapping's pages
 * are freed when its last VMA goes; the file keeps nothing else.
 */
struct xenhv_hb_map {
	refcount_t users;
	unsigned int n;
	struct page *pages[];
};

static void xenhv_hb_free(struct xenhv_hb_map *m)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		__free_page(m->pages[i]);
	kfree(m);
}

static void xenhv_hb_vma_open(struct vm_area_struct *vma)
{
	struct xenhv_hb_map *m = vma->vm_private_data;

	refcount_inc(&m->users);
}

static void xenhv_hb_vma_close(struct vm_area_struct *vma)
{
	struct xenhv_hb_map *m = vma->vm_private_data;

	if (refcount_dec_and_test(&m->users))
		xenhv_hb_free(m);
}

static vm_fault_t xenhv_hb_fault(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct xenhv_hb_vm_ops = {
	.open = xenhv_hb_vma_open,
	.close = xenhv_hb_vma_close,
	.fault = xenhv_hb_fault,
};

static int xenhv_hb_open(struct inode *inode, struct file *file)
{
	return capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
}

static int xenhv_hb_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long count = vma_pages(vma);
	struct xenhv_hb_map *m;
	int rc;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	m = kzalloc(struct_size(m, pages, count), GFP_KERNEL | __GFP_NOWARN);
	if (!m)
		return -ENOMEM;
	for (m->n = 0; m->n < count; m->n++) {
		m->pages[m->n] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!m->pages[m->n]) {
			xenhv_hb_free(m);
			return -ENOMEM;
		}
	}
	refcount_set(&m->users, 1);
	xenhv_vm_flags_set(vma, VM_IO | VM_DONTEXPAND);
	rc = vm_map_pages_zero(vma, m->pages, m->n);
	if (rc) {
		xenhv_hb_free(m);
		return rc;
	}
	vma->vm_ops = &xenhv_hb_vm_ops;
	vma->vm_private_data = m;
	return 0;
}

static const struct file_operations xenhv_hb_fops = {
	.owner = THIS_MODULE,
	.open = xenhv_hb_open,
	.mmap = xenhv_hb_mmap,
	.llseek = noop_llseek,
};

static struct xenhv_pc_dev xenhv_pc_devs[] = {
	{ .misc = { .minor = MISC_DYNAMIC_MINOR, .name = "xen/privcmd",
		    .fops = &xenhv_pc_fops, .mode = 0600 } },
	{ .misc = { .minor = MISC_DYNAMIC_MINOR, .name = "xenhv-backend/privcmd",
		    .fops = &xenhv_pc_fops, .mode = 0600 }, .backend = true },
};

static struct miscdevice xenhv_hb_devs[] = {
	{ .minor = MISC_DYNAMIC_MINOR, .name = "xen/hypercall", .fops = &xenhv_hb_fops,
	  .mode = 0600 },
	{ .minor = MISC_DYNAMIC_MINOR, .name = "xenhv-backend/hypercall",
	  .fops = &xenhv_hb_fops, .mode = 0600 },
};

/**
 * xenhv_privcmd_init - register privcmd and hypercall for both domains
 * @domid: the guest's domain id
 * @backend_domid: the backend domain's (0: dom0, unrestricted)
 *
 * Return: 0 or the errno of the registration that failed.
 */
int xenhv_privcmd_init(domid_t domid, domid_t backend_domid)
{
	unsigned int i, j;
	int rc;

	xenhv_pc_guest_domid = domid;
	xenhv_pc_backend_domid = backend_domid;
	for (i = 0; i < ARRAY_SIZE(xenhv_pc_devs); i++) {
		rc = misc_register(&xenhv_pc_devs[i].misc);
		if (rc)
			goto err_pc;
	}
	for (j = 0; j < ARRAY_SIZE(xenhv_hb_devs); j++) {
		rc = misc_register(&xenhv_hb_devs[j]);
		if (rc)
			goto err_hb;
	}
	return 0;

err_hb:
	pr_err("cannot register /dev/%s: %d\n", xenhv_hb_devs[j].name, rc);
	while (j--)
		misc_deregister(&xenhv_hb_devs[j]);
	i = ARRAY_SIZE(xenhv_pc_devs);
	goto out;
err_pc:
	pr_err("cannot register /dev/%s: %d\n", xenhv_pc_devs[i].misc.name, rc);
out:
	while (i--)
		misc_deregister(&xenhv_pc_devs[i].misc);
	return rc;
}

/* Unload waits for every open file; a mapping holds its file open. */
void xenhv_privcmd_exit(void)
{
	unsigned int i;

	for (i = ARRAY_SIZE(xenhv_hb_devs); i--;)
		misc_deregister(&xenhv_hb_devs[i]);
	for (i = ARRAY_SIZE(xenhv_pc_devs); i--;)
		misc_deregister(&xenhv_pc_devs[i].misc);
}
