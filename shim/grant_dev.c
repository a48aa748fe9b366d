// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/xen/gntalloc and /dev/xen/gntdev for the guest domain, and the
 * same under /dev/xenhv-backend for the backend domain, as Linux's
 * drivers/xen/gntalloc.c and gntdev.c give them on Xen (the ioctls of
 * include/uapi/xen/gntalloc.h and gntdev.h), for libxengnttab and
 * libxenvchan.
 *
 * gntalloc shares pages by grant: xenhv keeps the domain's grant table
 * itself (the stock kernel has none): the guest's v1 frames placed on
 * pages of its own as they are needed, the backend's (a PV domain's) the
 * machine frames GNTTABOP_setup_table names. It writes each entry as
 * Linux's gnttab_grant_foreign_access() does. The backend shares pages of
 * its own reservation. A grant ends when no file and no mapping holds it;
 * while the remote end still maps it, it waits on a list retried every
 * second, as Linux defers gnttab_end_foreign_access().
 *
 * gntdev maps a domain's grants into a process. The granter's frames are
 * this partition's own RAM, so a grant is mapped with GNTTABOP_map_grant_ref
 * as a device mapping (which pins the entry and gives the frame) and the
 * granted page itself is inserted into the process, never a p2m trick; it
 * is unmapped when the last VMA and file let go of it. Root only.
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
#include <linux/mutex.h>
#include <linux/list.h>
#include <linux/bitmap.h>
#include <linux/highmem.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>
#include <xen/interface/xen.h>
#include <xen/interface/memory.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/event_channel.h>
#include <xen/gntalloc.h>
#include <xen/gntdev.h>
#include "xenhv_shim.h"

/* An unmap notification (both devices): clear a byte, send an event. */
struct xenhv_notify {
	u32 flags;		/* UNMAP_NOTIFY_* */
	u32 off;		/* the byte, from the start of the grant or map */
	evtchn_port_t event;
};

/* A hypercall as the guest or, @backend, as the backend domain. */
static long xenhv_gd_hypercall(bool backend, unsigned int op, unsigned long a1,
			       unsigned long a2, unsigned long a3)
{
	if (backend)
		return xenhv_backend_hypercall(op, a1, a2, a3, 0, 0);
	return xenhv_hypercall(op, a1, a2, a3, 0, 0);
}

static void xenhv_notify_send(bool backend, evtchn_port_t port)
{
	struct evtchn_send send = { .port = port };

	/* Linux keeps the port bound until now; here it must still be bound. */
	if (xenhv_evtchn_dev_bound(backend, port))
		xenhv_gd_hypercall(backend, __HYPERVISOR_event_channel_op, EVTCHNOP_send,
				   (unsigned long)&send, 0);
}

static int xenhv_notify_check(bool backend, u32 action, evtchn_port_t port)
{
	if (action & ~(UNMAP_NOTIFY_CLEAR_BYTE | UNMAP_NOTIFY_SEND_EVENT))
		return -EINVAL;
	/* evtchn_get(): the port must be one bound through the evtchn device. */
	if ((action & UNMAP_NOTIFY_SEND_EVENT) && !xenhv_evtchn_dev_bound(backend, port))
		return -EINVAL;
	return 0;
}

/* ---- gntalloc ---- */

#define XENHV_GA_LIMIT		1024	/* Linux's gntalloc "limit" */
#define XENHV_GA_RESERVED	8	/* GNTTAB_NR_RESERVED_ENTRIES */
#define XENHV_GA_PER_FRAME	(PAGE_SIZE / sizeof(struct grant_entry_v1))
#define XENHV_GA_FRAMES		DIV_ROUND_UP(XENHV_GA_LIMIT + XENHV_GA_RESERVED, \
					     XENHV_GA_PER_FRAME)
#define XENHV_GA_REFS		(XENHV_GA_FRAMES * XENHV_GA_PER_FRAME)

/*
 * One domain's gntalloc: its grant table as xenhv writes it, the refs in
 * use, and the grants waiting for the remote end to unmap them. The
 * guest's frames are pages xenhv placed (XENMAPSPACE_grant_table); the
 * backend's, a PV domain's, are the frames GNTTABOP_setup_table names.
 */
struct xenhv_ga_dom {
	struct miscdevice misc;
	bool backend;
	unsigned int size;		/* grefs counted against the limit */
	struct list_head dying;
	struct delayed_work reaper;
	struct grant_entry_v1 *frames[XENHV_GA_FRAMES];
	struct page *placed[XENHV_GA_FRAMES];	/* the guest's, to give back */
	unsigned int nframes;
	DECLARE_BITMAP(used, XENHV_GA_REFS);
};

struct xenhv_ga_gref {
	struct xenhv_ga_dom *dom;
	struct list_head next_file;	/* in its file, until deallocated */
	struct list_head dying;		/* ended locally, still mapped remotely */
	u64 file_index;
	unsigned int users;		/* its file, and each mapping */
	struct page *page;
	u32 ref;
	struct xenhv_notify notify;
};

struct xenhv_ga_file {
	struct xenhv_ga_dom *dom;
	struct list_head grefs;		/* by file_index */
	u64 index;
};

struct xenhv_ga_vma {
	unsigned int users;
	unsigned int count;
	struct xenhv_ga_gref *grefs[];
};

/* Every gntalloc domain, gref and mapping. */
static DEFINE_MUTEX(xenhv_ga_lock);

static struct grant_entry_v1 *xenhv_ga_entry(struct xenhv_ga_dom *dom, u32 ref)
{
	return dom->frames[ref / XENHV_GA_PER_FRAME] + ref % XENHV_GA_PER_FRAME;
}

/* Grant frame @idx of the guest's table, on a zeroed page of xenhv's. */
static int xenhv_ga_place_frame(struct xenhv_ga_dom *dom, unsigned int idx)
{
	struct page *pg = alloc_page(GFP_KERNEL | __GFP_ZERO);
	struct xen_add_to_physmap x = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_grant_table, .idx = idx,
	};

	lockdep_assert_held(&xenhv_ga_lock);
	if (!pg)
		return -ENOMEM;
	x.gpfn = page_to_pfn(pg);
	if (xenhv_hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			    (unsigned long)&x, 0, 0, 0)) {
		__free_page(pg);
		return -ENOSPC;
	}
	dom->placed[idx] = pg;
	dom->frames[idx] = page_address(pg);
	return 0;
}

/* The backend's table grown to @n frames, and where they all are. */
static int xenhv_ga_setup_frames(struct xenhv_ga_dom *dom, unsigned int n)
{
	xen_pfn_t fl[XENHV_GA_FRAMES];
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = n };
	unsigned int i;

	lockdep_assert_held(&xenhv_ga_lock);
	set_xen_guest_handle(st.frame_list, fl);
	if (xenhv_backend_hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table,
				    (unsigned long)&st, 1, 0, 0) || st.status != GNTST_okay)
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		if (!pfn_valid(fl[i]))
			return -ENOSPC;
		dom->frames[i] = page_address(pfn_to_page(fl[i]));
	}
	return 0;
}

static int xenhv_ga_grow(struct xenhv_ga_dom *dom, unsigned int n)
{
	int rc = 0;

	lockdep_assert_held(&xenhv_ga_lock);
	if (dom->backend) {
		rc = xenhv_ga_setup_frames(dom, n);
		if (!rc)
			dom->nframes = n;
		return rc;
	}
	while (!rc && dom->nframes < n) {
		rc = xenhv_ga_place_frame(dom, dom->nframes);
		if (!rc)
			dom->nframes++;
	}
	return rc;
}

/* A zeroed page of the domain's: the guest's from the kernel, the backend's reserved. */
static struct page *xenhv_ga_page_alloc(bool backend)
{
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
	xen_pfn_t frame;

	if (!backend)
		return alloc_page(GFP_KERNEL | __GFP_ZERO);
	set_xen_guest_handle(r.extent_start, &frame);
	if (xenhv_backend_hypercall(__HYPERVISOR_memory_op, XENMEM_increase_reservation,
				    (unsigned long)&r, 0, 0, 0) != 1 || !pfn_valid(frame))
		return NULL;
	return pfn_to_page(frame);
}

static void xenhv_ga_page_free(bool backend, struct page *page)
{
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
	xen_pfn_t frame = page_to_pfn(page);

	if (!backend) {
		__free_page(page);
		return;
	}
	set_xen_guest_handle(r.extent_start, &frame);
	xenhv_backend_hypercall(__HYPERVISOR_memory_op, XENMEM_decrease_reservation,
				(unsigned long)&r, 0, 0, 0);
}

/*
 * gnttab_grant_foreign_access(): a free ref, its entry's domid and frame
 * written before its flags. Return: the ref, or -ENOSPC.
 */
static int xenhv_ga_grant(struct xenhv_ga_dom *dom, domid_t domid, struct page *page,
			  bool readonly)
{
	struct grant_entry_v1 *e;
	unsigned long ref;
	int rc;

	lockdep_assert_held(&xenhv_ga_lock);
	ref = find_next_zero_bit(dom->used, XENHV_GA_REFS, XENHV_GA_RESERVED);
	if (ref >= XENHV_GA_REFS)
		return -ENOSPC;
	if (ref / XENHV_GA_PER_FRAME >= dom->nframes) {
		rc = xenhv_ga_grow(dom, ref / XENHV_GA_PER_FRAME + 1);
		if (rc)
			return rc;
	}
	__set_bit(ref, dom->used);
	e = xenhv_ga_entry(dom, ref);
	e->domid = domid;
	e->frame = page_to_pfn(page);
	smp_wmb();	/* domid and frame before flags */
	WRITE_ONCE(e->flags, GTF_permit_access | (readonly ? GTF_readonly : 0));
	return ref;
}

/* gnttab_end_foreign_access_ref() (v1): only if nobody reads or writes it. */
static bool xenhv_ga_end(struct xenhv_ga_dom *dom, u32 ref)
{
	u16 *pflags = &xenhv_ga_entry(dom, ref)->flags;
	u16 flags = READ_ONCE(*pflags);

	do {
		if (flags & (GTF_reading | GTF_writing))
			return false;
	} while (!try_cmpxchg(pflags, &flags, 0));
	return true;
}

static bool xenhv_ga_free_if_ended(struct xenhv_ga_gref *g)
{
	struct xenhv_ga_dom *dom = g->dom;

	lockdep_assert_held(&xenhv_ga_lock);
	if (!xenhv_ga_end(dom, g->ref))
		return false;
	__clear_bit(g->ref, dom->used);
	xenhv_ga_page_free(dom->backend, g->page);
	dom->size--;
	kfree(g);
	return true;
}

/* __del_gref(): the notification, then the grant ends, now or later. */
static void xenhv_ga_del(struct xenhv_ga_gref *g)
{
	struct xenhv_ga_dom *dom = g->dom;

	lockdep_assert_held(&xenhv_ga_lock);
	if (g->notify.flags & UNMAP_NOTIFY_CLEAR_BYTE) {
		u8 *p = kmap_local_page(g->page);

		p[g->notify.off] = 0;
		kunmap_local(p);
	}
	if (g->notify.flags & UNMAP_NOTIFY_SEND_EVENT)
		xenhv_notify_send(dom->backend, g->notify.event);
	g->notify.flags = 0;
	if (!g->page) {		/* never granted */
		dom->size--;
		kfree(g);
		return;
	}
	if (!xenhv_ga_free_if_ended(g)) {
		list_add_tail(&g->dying, &dom->dying);
		schedule_delayed_work(&dom->reaper, HZ);
	}
}

static void xenhv_ga_put(struct xenhv_ga_gref *g)
{
	lockdep_assert_held(&xenhv_ga_lock);
	if (!--g->users)
		xenhv_ga_del(g);
}

/* Grants the remote end still mapped when they ended: try again. */
static void xenhv_ga_reap(struct work_struct *work)
{
	struct xenhv_ga_dom *dom = container_of(to_delayed_work(work), struct xenhv_ga_dom,
						reaper);
	struct xenhv_ga_gref *g, *n;
	LIST_HEAD(retry);

	mutex_lock(&xenhv_ga_lock);
	list_splice_init(&dom->dying, &retry);
	list_for_each_entry_safe(g, n, &retry, dying) {
		list_del(&g->dying);
		if (!xenhv_ga_free_if_ended(g))
			list_add_tail(&g->dying, &dom->dying);
	}
	if (!list_empty(&dom->dying))
		schedule_delayed_work(&dom->reaper, HZ);
	mutex_unlock(&xenhv_ga_lock);
}

static int xenhv_ga_open(struct inode *inode, struct file *file)
{
	struct xenhv_ga_dom *dom = container_of(file->private_data, struct xenhv_ga_dom, misc);
	struct xenhv_ga_file *f;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->dom = dom;
	INIT_LIST_HEAD(&f->grefs);
	file->private_data = f;
	return 0;
}

static int xenhv_ga_release(struct inode *inode, struct file *file)
{
	struct xenhv_ga_file *f = file->private_data;
	struct xenhv_ga_gref *g, *n;

	mutex_lock(&xenhv_ga_lock);
	list_for_each_entry_safe(g, n, &f->grefs, next_file) {
		list_del(&g->next_file);
		xenhv_ga_put(g);
	}
	mutex_unlock(&xenhv_ga_lock);
	kfree(f);
	return 0;
}

/* find_grefs(): @count grefs of @f from @index on, contiguous; the first. */
static struct xenhv_ga_gref *xenhv_ga_find(struct xenhv_ga_file *f, u64 index, u32 count)
{
	struct xenhv_ga_gref *g, *first = NULL;

	lockdep_assert_held(&xenhv_ga_lock);
	if (!count)
		return NULL;
	list_for_each_entry(g, &f->grefs, next_file) {
		if (g->file_index == index && !first)
			first = g;
		if (first) {
			if (g->file_index != index)
				return NULL;
			index += PAGE_SIZE;
			if (!--count)
				return first;
		}
	}
	return NULL;
}

static long xenhv_ga_alloc(struct xenhv_ga_file *f, struct ioctl_gntalloc_alloc_gref __user *arg)
{
	struct ioctl_gntalloc_alloc_gref op;
	struct xenhv_ga_gref *g, *n;
	struct xenhv_ga_dom *dom;
	LIST_HEAD(queue);
	u32 *ids, i;
	long rc = 0;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.count > XENHV_GA_LIMIT)
		return -ENOSPC;
	ids = kcalloc(op.count, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return -ENOMEM;
	mutex_lock(&xenhv_ga_lock);
	dom = f->dom;
	if (dom->size > XENHV_GA_LIMIT || op.count > XENHV_GA_LIMIT - dom->size) {
		rc = -ENOSPC;
		goto out_unlock;
	}
	dom->size += op.count;
	op.index = f->index;
	f->index += (u64)op.count * PAGE_SIZE;
	for (i = 0; i < op.count; i++) {
		g = kzalloc(sizeof(*g), GFP_KERNEL);
		if (!g) {
			dom->size -= op.count - i;
			rc = -ENOMEM;
			break;
		}
		list_add_tail(&g->next_file, &queue);
		g->dom = dom;
		g->users = 1;
		g->file_index = op.index + (u64)i * PAGE_SIZE;
		g->page = xenhv_ga_page_alloc(dom->backend);
		rc = g->page ? xenhv_ga_grant(dom, op.domid, g->page,
					      !(op.flags & GNTALLOC_FLAG_WRITABLE)) : -ENOMEM;
		if (rc < 0) {
			if (g->page)
				xenhv_ga_page_free(dom->backend, g->page);
			g->page = NULL;
			dom->size -= op.count - i - 1;
			break;
		}
		ids[i] = g->ref = rc;
		rc = 0;
	}
	if (rc) {
		list_for_each_entry_safe(g, n, &queue, next_file) {
			list_del(&g->next_file);
			xenhv_ga_del(g);
		}
		goto out_unlock;
	}
	list_splice_tail(&queue, &f->grefs);
	mutex_unlock(&xenhv_ga_lock);
	/* As Linux: once added, the grefs are the file's even if this fails. */
	if (copy_to_user(arg, &op, sizeof(op)) ||
	    copy_to_user(arg->gref_ids, ids, sizeof(*ids) * op.count))
		rc = -EFAULT;
	kfree(ids);
	return rc;

out_unlock:
	mutex_unlock(&xenhv_ga_lock);
	kfree(ids);
	return rc;
}

static long xenhv_ga_dealloc(struct xenhv_ga_file *f, void __user *arg)
{
	struct ioctl_gntalloc_dealloc_gref op;
	struct xenhv_ga_gref *g, *n;
	long rc = 0;
	u32 i;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	mutex_lock(&xenhv_ga_lock);
	g = xenhv_ga_find(f, op.index, op.count);
	if (!g) {
		rc = -EINVAL;
	} else {
		for (i = 0; i < op.count; i++) {
			n = list_next_entry(g, next_file);
			list_del(&g->next_file);
			xenhv_ga_put(g);
			g = n;
		}
	}
	mutex_unlock(&xenhv_ga_lock);
	return rc;
}

static long xenhv_ga_unmap_notify(struct xenhv_ga_file *f, void __user *arg)
{
	struct ioctl_gntalloc_unmap_notify op;
	struct xenhv_ga_gref *g;
	long rc;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	mutex_lock(&xenhv_ga_lock);
	g = xenhv_ga_find(f, op.index & PAGE_MASK, 1);
	rc = g ? xenhv_notify_check(f->dom->backend, op.action, op.event_channel_port) : -ENOENT;
	if (!rc) {
		g->notify.flags = op.action;
		g->notify.off = op.index & ~PAGE_MASK;
		g->notify.event = op.event_channel_port;
	}
	mutex_unlock(&xenhv_ga_lock);
	return rc;
}

static long xenhv_ga_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct xenhv_ga_file *f = file->private_data;

	switch (cmd) {
	case IOCTL_GNTALLOC_ALLOC_GREF:
		return xenhv_ga_alloc(f, (void __user *)arg);
	case IOCTL_GNTALLOC_DEALLOC_GREF:
		return xenhv_ga_dealloc(f, (void __user *)arg);
	case IOCTL_GNTALLOC_SET_UNMAP_NOTIFY:
		return xenhv_ga_unmap_notify(f, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static void xenhv_ga_vma_open(struct vm_area_struct *vma)
{
	struct xenhv_ga_vma *v = vma->vm_private_data;

	mutex_lock(&xenhv_ga_lock);
	v->users++;
	mutex_unlock(&xenhv_ga_lock);
}

static void xenhv_ga_vma_close(struct vm_area_struct *vma)
{
	struct xenhv_ga_vma *v = vma->vm_private_data;
	unsigned int i;

	mutex_lock(&xenhv_ga_lock);
	if (!--v->users) {
		for (i = 0; i < v->count; i++)
			xenhv_ga_put(v->grefs[i]);
		kfree(v);
	}
	mutex_unlock(&xenhv_ga_lock);
}

static const struct vm_operations_struct xenhv_ga_vm_ops = {
	.open = xenhv_ga_vma_open,
	.close = xenhv_ga_vma_close,
};

static int xenhv_ga_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct xenhv_ga_file *f = file->private_data;
	unsigned int count = vma_pages(vma), i;
	struct xenhv_ga_gref *g;
	struct xenhv_ga_vma *v;
	int rc = 0;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	v = kzalloc(struct_size(v, grefs, count), GFP_KERNEL | __GFP_NOWARN);
	if (!v)
		return -ENOMEM;
	mutex_lock(&xenhv_ga_lock);
	g = xenhv_ga_find(f, (u64)vma->vm_pgoff << PAGE_SHIFT, count);
	if (!g) {
		mutex_unlock(&xenhv_ga_lock);
		kfree(v);
		return -ENOENT;
	}
	xenhv_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	for (i = 0; i < count; i++, g = list_next_entry(g, next_file)) {
		g->users++;
		v->grefs[v->count++] = g;
		rc = vm_insert_page(vma, vma->vm_start + i * PAGE_SIZE, g->page);
		if (rc)
			break;
	}
	if (rc) {
		/* A failed mmap is torn down without close(): undo here. */
		for (i = 0; i < v->count; i++)
			xenhv_ga_put(v->grefs[i]);
		kfree(v);
	} else {
		v->users = 1;
		vma->vm_private_data = v;
		vma->vm_ops = &xenhv_ga_vm_ops;
	}
	mutex_unlock(&xenhv_ga_lock);
	return rc;
}

static const struct file_operations xenhv_ga_fops = {
	.owner = THIS_MODULE,
	.open = xenhv_ga_open,
	.release = xenhv_ga_release,
	.unlocked_ioctl = xenhv_ga_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = xenhv_ga_mmap,
	.llseek = noop_llseek,
};

/* ---- gntdev ---- */

#define XENHV_GD_LIMIT		(64 * 1024)	/* Linux's gntdev "limit" */

struct xenhv_gd_map {
	struct list_head next;
	bool backend;		/* mapped by the backend domain */
	refcount_t users;	/* its file's list, and its VMA */
	u64 index;		/* in pages */
	u32 count;
	bool in_use;		/* mmapped (once, as Linux allows) */
	bool mapped;
	u32 flags;		/* GNTMAP_readonly or 0, fixed at mmap */
	struct xenhv_notify notify;
	struct ioctl_gntdev_grant_ref *grants;
	struct gnttab_map_grant_ref *ops;
	struct page **pages;
};

struct xenhv_gd_file {
	bool backend;		/* the backend domain's device */
	struct mutex lock;	/* maps */
	struct list_head maps;	/* by index */
};

static int xenhv_gd_open(struct inode *inode, struct file *file)
{
	struct miscdevice *misc = file->private_data;
	struct xenhv_gd_file *f;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->backend = !strcmp(misc->name, "xenhv-backend/gntdev");
	mutex_init(&f->lock);
	INIT_LIST_HEAD(&f->maps);
	file->private_data = f;
	return 0;
}

static long xenhv_gd_gnttab(bool backend, unsigned int cmd, void *ops, unsigned int count)
{
	return xenhv_gd_hypercall(backend, __HYPERVISOR_grant_table_op, cmd, (unsigned long)ops,
				  count);
}

/* Unmap what mmap mapped; the notification first, while the page is ours. */
static void xenhv_gd_unmap(struct xenhv_gd_map *m)
{
	struct gnttab_unmap_grant_ref u;
	u32 i;

	if (!m->mapped)
		return;
	if ((m->notify.flags & UNMAP_NOTIFY_CLEAR_BYTE) && m->pages[m->notify.off >> PAGE_SHIFT]) {
		u8 *p = kmap_local_page(m->pages[m->notify.off >> PAGE_SHIFT]);

		p[m->notify.off & ~PAGE_MASK] = 0;
		kunmap_local(p);
	}
	if (m->notify.flags & UNMAP_NOTIFY_SEND_EVENT)
		xenhv_notify_send(m->backend, m->notify.event);
	for (i = 0; i < m->count; i++) {
		if (!m->pages[i])
			continue;
		u = (struct gnttab_unmap_grant_ref){
			.dev_bus_addr = m->ops[i].dev_bus_addr, .handle = m->ops[i].handle,
		};
		if (xenhv_gd_gnttab(m->backend, GNTTABOP_unmap_grant_ref, &u, 1) || u.status)
			pr_warn_ratelimited("gntdev: unmap of grant %u of domain %u: %d\n",
					    m->grants[i].ref, m->grants[i].domid, u.status);
		put_page(m->pages[i]);
		m->pages[i] = NULL;
	}
	m->mapped = false;
}

static void xenhv_gd_put(struct xenhv_gd_map *m)
{
	if (!refcount_dec_and_test(&m->users))
		return;
	xenhv_gd_unmap(m);
	kvfree(m->pages);
	kvfree(m->ops);
	kvfree(m->grants);
	kfree(m);
}

static int xenhv_gd_release(struct inode *inode, struct file *file)
{
	struct xenhv_gd_file *f = file->private_data;
	struct xenhv_gd_map *m, *n;

	list_for_each_entry_safe(m, n, &f->maps, next) {
		list_del(&m->next);
		xenhv_gd_put(m);
	}
	kfree(f);
	return 0;
}

/* gntdev_add_map(): the first gap in the file's index space that fits. */
static void xenhv_gd_add(struct xenhv_gd_file *f, struct xenhv_gd_map *m)
{
	struct xenhv_gd_map *o;

	lockdep_assert_held(&f->lock);
	list_for_each_entry(o, &f->maps, next) {
		if (m->index + m->count < o->index) {
			list_add_tail(&m->next, &o->next);
			return;
		}
		m->index = o->index + o->count;
	}
	list_add_tail(&m->next, &f->maps);
}

static struct xenhv_gd_map *xenhv_gd_find(struct xenhv_gd_file *f, u64 index, u32 count)
{
	struct xenhv_gd_map *m;

	lockdep_assert_held(&f->lock);
	list_for_each_entry(m, &f->maps, next)
		if (m->index == index && m->count == count)
			return m;
	return NULL;
}

static long xenhv_gd_map_ioctl(struct xenhv_gd_file *f, struct ioctl_gntdev_map_grant_ref __user *u)
{
	struct ioctl_gntdev_map_grant_ref op;
	struct xenhv_gd_map *m;

	if (copy_from_user(&op, u, sizeof(op)))
		return -EFAULT;
	if (!op.count || op.count > XENHV_GD_LIMIT)
		return -EINVAL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	refcount_set(&m->users, 1);
	m->backend = f->backend;
	m->count = op.count;
	m->grants = kvcalloc(op.count, sizeof(*m->grants), GFP_KERNEL);
	m->ops = kvcalloc(op.count, sizeof(*m->ops), GFP_KERNEL);
	m->pages = kvcalloc(op.count, sizeof(*m->pages), GFP_KERNEL);
	if (!m->grants || !m->ops || !m->pages) {
		xenhv_gd_put(m);
		return -ENOMEM;
	}
	if (copy_from_user(m->grants, u->refs, sizeof(*m->grants) * op.count)) {
		xenhv_gd_put(m);
		return -EFAULT;
	}
	mutex_lock(&f->lock);
	xenhv_gd_add(f, m);
	op.index = m->index << PAGE_SHIFT;
	mutex_unlock(&f->lock);
	/*
	 * Not under f->lock, which mmap takes under mmap_lock that a fault
	 * here would take. As Linux: once added, the map is the file's
	 * even if this fails (unmap or close releases it).
	 */
	if (copy_to_user(u, &op, sizeof(op)))
		return -EFAULT;
	return 0;
}

static long xenhv_gd_unmap_ioctl(struct xenhv_gd_file *f, void __user *u)
{
	struct ioctl_gntdev_unmap_grant_ref op;
	struct xenhv_gd_map *m;

	if (copy_from_user(&op, u, sizeof(op)))
		return -EFAULT;
	mutex_lock(&f->lock);
	m = xenhv_gd_find(f, op.index >> PAGE_SHIFT, op.count);
	if (m)
		list_del(&m->next);
	mutex_unlock(&f->lock);
	if (!m)
		return -ENOENT;
	xenhv_gd_put(m);
	return 0;
}

static const struct vm_operations_struct xenhv_gd_vm_ops;

static long xenhv_gd_offset_ioctl(struct xenhv_gd_file *f, void __user *u)
{
	struct ioctl_gntdev_get_offset_for_vaddr op;
	struct vm_area_struct *vma;
	struct xenhv_gd_map *m;
	long rc = -EINVAL;

	if (copy_from_user(&op, u, sizeof(op)))
		return -EFAULT;
	mmap_read_lock(current->mm);
	vma = find_vma(current->mm, op.vaddr);
	if (vma && vma->vm_ops == &xenhv_gd_vm_ops && vma->vm_private_data) {
		m = vma->vm_private_data;
		op.offset = m->index << PAGE_SHIFT;
		op.count = m->count;
		rc = 0;
	}
	mmap_read_unlock(current->mm);
	if (!rc && copy_to_user(u, &op, sizeof(op)))
		return -EFAULT;
	return rc;
}

static long xenhv_gd_notify_ioctl(struct xenhv_gd_file *f, void __user *u)
{
	struct ioctl_gntdev_unmap_notify op;
	struct xenhv_gd_map *m;
	long rc;

	if (copy_from_user(&op, u, sizeof(op)))
		return -EFAULT;
	rc = xenhv_notify_check(f->backend, op.action, op.event_channel_port);
	if (rc)
		return rc;
	mutex_lock(&f->lock);
	rc = -ENOENT;
	list_for_each_entry(m, &f->maps, next) {
		u64 begin = m->index << PAGE_SHIFT, end = (m->index + m->count) << PAGE_SHIFT;

		if (op.index < begin || op.index >= end)
			continue;
		if ((op.action & UNMAP_NOTIFY_CLEAR_BYTE) && (m->flags & GNTMAP_readonly)) {
			rc = -EINVAL;
			break;
		}
		m->notify.flags = op.action;
		m->notify.off = op.index - begin;
		m->notify.event = op.event_channel_port;
		rc = 0;
		break;
	}
	mutex_unlock(&f->lock);
	return rc;
}

/* One GNTTABOP_copy: 0 (its GNTST_* in @c->status) or a negative errno. */
/*
 * One GNTTABOP_copy: 0 (its GNTST_* in @c->status) or a negative errno.
 * The local side is a page of the process: the guest's memory is the
 * kernel's, so the guest names the page itself; the backend domain owns
 * only what it reserved, so its side goes through @bounce, a frame of
 * its reservation, as a PV dom0's copy names a frame it owns.
 */
static long xenhv_gd_copy_one(bool backend, struct page *bounce, struct gnttab_copy *c,
			      unsigned long va, bool to_user)
{
	struct page *page = NULL;
	unsigned long gmfn;
	long rc;

	if (va && bounce) {
		gmfn = page_to_pfn(bounce);
		if (!to_user && copy_from_user(page_address(bounce) + offset_in_page(va),
					       (void __user *)va, c->len))
			return -EFAULT;
	} else if (va) {
		if (pin_user_pages_fast(va, 1, to_user ? FOLL_WRITE : 0, &page) != 1)
			return -EFAULT;
		gmfn = page_to_pfn(page);
	}
	if (va && to_user) {
		c->dest.u.gmfn = gmfn;
		c->dest.domid = DOMID_SELF;
		c->dest.offset = offset_in_page(va);
	} else if (va) {
		c->source.u.gmfn = gmfn;
		c->source.domid = DOMID_SELF;
		c->source.offset = offset_in_page(va);
	}
	rc = xenhv_gd_gnttab(backend, GNTTABOP_copy, c, 1);
	if (page)
		unpin_user_pages_dirty_lock(&page, 1, to_user && !rc && c->status == GNTST_okay);
	if (va && bounce && to_user && !rc && c->status == GNTST_okay &&
	    copy_to_user((void __user *)va, page_address(bounce) + offset_in_page(va), c->len))
		return -EFAULT;
	return rc;
}

static long xenhv_gd_copy_ioctl(struct xenhv_gd_file *f, void __user *u)
{
	struct ioctl_gntdev_grant_copy op;
	struct gntdev_grant_copy_segment seg;
	struct page *bounce = NULL;
	long rc = 0;
	u32 i;

	if (copy_from_user(&op, u, sizeof(op)))
		return -EFAULT;
	if (f->backend && op.count) {
		bounce = xenhv_ga_page_alloc(true);
		if (!bounce)
			return -ENOMEM;
	}
	for (i = 0; i < op.count; i++) {
		struct gntdev_grant_copy_segment __user *us = op.segments + i;
		bool src_gref, dst_gref, to_user;
		unsigned long va = 0;
		u16 done = 0;
		s16 status = GNTST_okay;

		rc = -EFAULT;
		if (copy_from_user(&seg, us, sizeof(seg)))
			goto out;
		src_gref = seg.flags & GNTCOPY_source_gref;
		dst_gref = seg.flags & GNTCOPY_dest_gref;
		to_user = !dst_gref;
		rc = -EINVAL;
		if (!src_gref && !dst_gref)
			goto out;
		if (src_gref && seg.source.foreign.offset + seg.len > PAGE_SIZE)
			goto out;
		if (dst_gref && seg.dest.foreign.offset + seg.len > PAGE_SIZE)
			goto out;
		rc = 0;
		if (!src_gref || !dst_gref)
			va = (unsigned long)(to_user ? seg.dest.virt : seg.source.virt);
		while (done < seg.len && status == GNTST_okay) {
			u16 len = seg.len - done;
			struct gnttab_copy c = { .flags = seg.flags & (GNTCOPY_source_gref |
								      GNTCOPY_dest_gref) };

			if (va)
				len = min_t(u16, len, PAGE_SIZE - offset_in_page(va + done));
			c.len = len;
			if (src_gref) {
				c.source.u.ref = seg.source.foreign.ref;
				c.source.domid = seg.source.foreign.domid;
				c.source.offset = seg.source.foreign.offset + done;
			}
			if (dst_gref) {
				c.dest.u.ref = seg.dest.foreign.ref;
				c.dest.domid = seg.dest.foreign.domid;
				c.dest.offset = seg.dest.foreign.offset + done;
			}
			rc = xenhv_gd_copy_one(f->backend, bounce, &c, va ? va + done : 0,
					       to_user);
			if (rc)
				goto out;
			status = c.status;
			done += len;
		}
		rc = -EFAULT;
		if (put_user(status, &us->status))
			goto out;
		rc = 0;
	}
out:
	if (bounce)
		xenhv_ga_page_free(true, bounce);
	return rc;
}

static long xenhv_gd_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct xenhv_gd_file *f = file->private_data;
	void __user *u = (void __user *)arg;

	switch (cmd) {
	case IOCTL_GNTDEV_MAP_GRANT_REF:
		return xenhv_gd_map_ioctl(f, u);
	case IOCTL_GNTDEV_UNMAP_GRANT_REF:
		return xenhv_gd_unmap_ioctl(f, u);
	case IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR:
		return xenhv_gd_offset_ioctl(f, u);
	case IOCTL_GNTDEV_SET_UNMAP_NOTIFY:
		return xenhv_gd_notify_ioctl(f, u);
	case IOCTL_GNTDEV_GRANT_COPY:
		return xenhv_gd_copy_ioctl(f, u);
	default:
		return -ENOTTY;
	}
}

/* mremap() copies the VMA before it closes the old one. */
static void xenhv_gd_vma_open(struct vm_area_struct *vma)
{
	struct xenhv_gd_map *m = vma->vm_private_data;

	refcount_inc(&m->users);
}

static void xenhv_gd_vma_close(struct vm_area_struct *vma)
{
	xenhv_gd_put(vma->vm_private_data);
}

static int xenhv_gd_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	return -EINVAL;
}

static const struct vm_operations_struct xenhv_gd_vm_ops = {
	.open = xenhv_gd_vma_open,
	.close = xenhv_gd_vma_close,
	.may_split = xenhv_gd_may_split,
};

/*
 * Map every grant of @m as a device mapping (GNTTABOP_map_grant_ref:
 * the entry pinned, the frame in dev_bus_addr) and take its page. Any
 * failure is -EINVAL, as gntdev_map_grant_pages() answers.
 */
static int xenhv_gd_map_pages(struct xenhv_gd_map *m)
{
	int rc = 0;
	u32 i;

	for (i = 0; i < m->count; i++)
		m->ops[i] = (struct gnttab_map_grant_ref){
			.flags = GNTMAP_device_map | m->flags,
			.ref = m->grants[i].ref, .dom = m->grants[i].domid,
		};
	if (xenhv_gd_gnttab(m->backend, GNTTABOP_map_grant_ref, m->ops, m->count))
		return -EINVAL;
	m->mapped = true;
	for (i = 0; i < m->count; i++) {
		unsigned long pfn = m->ops[i].dev_bus_addr >> PAGE_SHIFT;

		if (m->ops[i].status != GNTST_okay) {
			rc = -EINVAL;
			continue;
		}
		if (!pfn_valid(pfn)) {
			/* Not RAM xenhv can insert: give the mapping back. */
			struct gnttab_unmap_grant_ref u = {
				.dev_bus_addr = m->ops[i].dev_bus_addr, .handle = m->ops[i].handle,
			};

			xenhv_gd_gnttab(m->backend, GNTTABOP_unmap_grant_ref, &u, 1);
			rc = -EINVAL;
			continue;
		}
		m->pages[i] = pfn_to_page(pfn);
		get_page(m->pages[i]);
	}
	return rc;
}

static int xenhv_gd_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct xenhv_gd_file *f = file->private_data;
	unsigned int count = vma_pages(vma), i;
	struct xenhv_gd_map *m;
	int rc;

	if ((vma->vm_flags & VM_WRITE) && !(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	mutex_lock(&f->lock);
	m = xenhv_gd_find(f, vma->vm_pgoff, count);
	if (!m || m->in_use) {
		mutex_unlock(&f->lock);
		return -EINVAL;
	}
	m->in_use = true;
	refcount_inc(&m->users);
	m->flags = (vma->vm_flags & VM_WRITE) ? 0 : GNTMAP_readonly;
	/* Not copied into a child: the grant is this process's to unmap. */
	xenhv_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP | VM_DONTCOPY | VM_MIXEDMAP);
	vma->vm_ops = &xenhv_gd_vm_ops;
	vma->vm_private_data = m;
	mutex_unlock(&f->lock);
	rc = xenhv_gd_map_pages(m);
	for (i = 0; !rc && i < count; i++)
		rc = vm_insert_page(vma, vma->vm_start + i * PAGE_SIZE, m->pages[i]);
	/*
	 * A failed mmap is torn down without close(): the VMA's reference
	 * goes here. The grants stay mapped until the map is unmapped or its
	 * file closed, and the map cannot be mmapped again, as in Linux.
	 */
	if (rc)
		xenhv_gd_put(m);
	return rc;
}

static const struct file_operations xenhv_gd_fops = {
	.owner = THIS_MODULE,
	.open = xenhv_gd_open,
	.release = xenhv_gd_release,
	.unlocked_ioctl = xenhv_gd_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = xenhv_gd_mmap,
	.llseek = noop_llseek,
};

static struct xenhv_ga_dom xenhv_ga_guest = {
	.misc = { .minor = MISC_DYNAMIC_MINOR, .name = "xen/gntalloc", .fops = &xenhv_ga_fops,
		  .mode = 0600 },
	.dying = LIST_HEAD_INIT(xenhv_ga_guest.dying),
	.reaper = __DELAYED_WORK_INITIALIZER(xenhv_ga_guest.reaper, xenhv_ga_reap, 0),
};

static struct xenhv_ga_dom xenhv_ga_backend = {
	.misc = { .minor = MISC_DYNAMIC_MINOR, .name = "xenhv-backend/gntalloc",
		  .fops = &xenhv_ga_fops, .mode = 0600 },
	.backend = true,
	.dying = LIST_HEAD_INIT(xenhv_ga_backend.dying),
	.reaper = __DELAYED_WORK_INITIALIZER(xenhv_ga_backend.reaper, xenhv_ga_reap, 0),
};

static struct miscdevice xenhv_gd_devs[] = {
	{ .minor = MISC_DYNAMIC_MINOR, .name = "xen/gntdev", .fops = &xenhv_gd_fops,
	  .mode = 0600 },
	{ .minor = MISC_DYNAMIC_MINOR, .name = "xenhv-backend/gntdev", .fops = &xenhv_gd_fops,
	  .mode = 0600 },
};

static struct miscdevice *xenhv_grant_devs[] = {
	&xenhv_ga_guest.misc, &xenhv_ga_backend.misc, &xenhv_gd_devs[0], &xenhv_gd_devs[1],
};

int xenhv_grant_dev_init(void)
{
	unsigned int i;
	int rc = 0;

	for (i = 0; i < ARRAY_SIZE(xenhv_grant_devs) && !rc; i++)
		rc = misc_register(xenhv_grant_devs[i]);
	if (rc) {
		pr_err("cannot register /dev/%s: %d\n", xenhv_grant_devs[i - 1]->name, rc);
		for (i--; i--;)
			misc_deregister(xenhv_grant_devs[i]);
	}
	return rc;
}

/*
 * Every file and mapping is gone (each holds the module). Grants a remote
 * end still maps cannot end: their pages are left, as Linux leaks them.
 * Then the guest's grant frames go back to it; the backend's are its own.
 */
static void xenhv_ga_dom_exit(struct xenhv_ga_dom *dom)
{
	struct xenhv_ga_gref *g, *n;
	unsigned int i;

	cancel_delayed_work_sync(&dom->reaper);
	mutex_lock(&xenhv_ga_lock);
	list_for_each_entry_safe(g, n, &dom->dying, dying) {
		list_del(&g->dying);
		if (!xenhv_ga_free_if_ended(g)) {
			pr_warn("gntalloc: grant %u still mapped at unload: its page is left\n",
				g->ref);
			kfree(g);
		}
	}
	for (i = 0; i < dom->nframes && !dom->backend; i++) {
		struct xen_remove_from_physmap rm = {
			.domid = DOMID_SELF, .gpfn = page_to_pfn(dom->placed[i]),
		};

		if (xenhv_hypercall(__HYPERVISOR_memory_op, XENMEM_remove_from_physmap,
				    (unsigned long)&rm, 0, 0, 0))
			pr_warn("gntalloc: grant frame %u stays placed\n", i);
		else
			__free_page(dom->placed[i]);
		dom->placed[i] = NULL;
	}
	dom->nframes = 0;
	mutex_unlock(&xenhv_ga_lock);
}

void xenhv_grant_dev_exit(void)
{
	unsigned int i;

	for (i = ARRAY_SIZE(xenhv_grant_devs); i--;)
		misc_deregister(xenhv_grant_devs[i]);
	xenhv_ga_dom_exit(&xenhv_ga_backend);
	xenhv_ga_dom_exit(&xenhv_ga_guest);
}
