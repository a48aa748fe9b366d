// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/xen/evtchn as Linux's drivers/xen/evtchn.c gives it on Xen, for
 * the guest domain in module mode, and /dev/xenhv-backend/evtchn for the
 * backend domain: bind unbound, interdomain and VIRQ ports, notify,
 * unbind, reset, restrict; read() gives pending ports, write() unmasks
 * them, poll(). The stock kernel has no Xen event core, so while a
 * domain's device is open xenhv plays it: it places the domain's
 * shared_info on a page of its own, takes the domain's upcall and scans
 * the 2-level pending words as xen_evtchn_do_upcall() does, masking each
 * port it hands to its file until the file unmasks it. Root only.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/capability.h>
#include <linux/xarray.h>
#include <linux/mm.h>
#include <asm/sync_bitops.h>
#include <asm/io.h>
#include <xen/interface/xen.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/memory.h>
#include <xen/evtchn.h>
#include "xenhv_shim.h"

/* A file's pending ports: a power of two, as Linux's first ring. */
#define XENHV_EV_RING	(PAGE_SIZE / sizeof(evtchn_port_t))
#define XENHV_EV_UNRESTRICTED	DOMID_INVALID

/* One domain's device: its ports, and its shared_info while a file is open. */
struct xenhv_ev_dom {
	struct miscdevice misc;
	bool backend;
	struct xarray owner;		/* port -> the file it is bound through */
	struct mutex users_lock;
	unsigned int users;
	struct shared_info *shinfo;
	xen_pfn_t shinfo_frame;		/* the backend's: a frame of its reservation */
};

struct xenhv_ev_file {
	struct xenhv_ev_dom *dom;
	spinlock_t lock;		/* the ring */
	evtchn_port_t ring[XENHV_EV_RING];
	unsigned int cons, prod;
	bool overflow;
	wait_queue_head_t wq;
	struct mutex bind;		/* binds, unbinds and the restriction */
	domid_t restrict_domid;
};

static long xenhv_ev_op(struct xenhv_ev_dom *dom, int cmd, void *arg)
{
	if (dom->backend)
		return xenhv_backend_hypercall(__HYPERVISOR_event_channel_op, cmd,
					       (unsigned long)arg, 0, 0, 0);
	return xenhv_hypercall(__HYPERVISOR_event_channel_op, cmd, (unsigned long)arg, 0, 0, 0);
}

/*
 * An op that may raise an event for this vCPU (send, unmask): its upcall
 * runs here on the way out, not from a self-IPI, as Xen delivers it on
 * the return to the guest. Neither op sleeps.
 */
static long xenhv_ev_op_here(struct xenhv_ev_dom *dom, int cmd, void *arg)
{
	unsigned long flags;
	long rc;

	preempt_disable();
	xenhv_kick_defer_begin();
	rc = xenhv_ev_op(dom, cmd, arg);
	if (xenhv_kick_defer_end()) {
		/* Interrupts off, as when the upcall vector runs it. */
		local_irq_save(flags);
		xenhv_run_upcall();
		local_irq_restore(flags);
	}
	preempt_enable();
	return rc;
}

static long xenhv_ev_memop(struct xenhv_ev_dom *dom, int cmd, void *arg)
{
	if (dom->backend)
		return xenhv_backend_hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg,
					       0, 0, 0);
	return xenhv_hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg, 0, 0, 0);
}

/*
 * Take @port's event for this upcall: mask it (0 -> 1) and clear its
 * pending bit (1 -> 0). An upcall on another vCPU that scans the same
 * pending word (its own ports are bound there) may take it first, and
 * this upcall's view of the word may be stale: by the time it gets here
 * the event may have been taken, read and unmasked by the reader. Then
 * the mask goes back, and a send that found it held (and so only set
 * the pending bit) is taken after all. Linux filters by the CPU a port
 * is bound to instead. Both bit operations are locked: a sender sets
 * pending before it tests the mask, this clears the mask before it
 * tests pending, so one of the two sees the other.
 */
static bool xenhv_ev_claim(struct shared_info *s, evtchn_port_t port)
{
	unsigned long *mask = (unsigned long *)s->evtchn_mask;
	unsigned long *pending = (unsigned long *)s->evtchn_pending;

	for (;;) {
		if (sync_test_and_set_bit(port, mask))
			return false;
		if (sync_test_and_clear_bit(port, pending))
			return true;
		sync_clear_bit(port, mask);
		if (!sync_test_bit(port, pending))
			return false;
	}
}

/*
 * The domain's upcall (hard interrupt, on the vCPU the event is bound
 * to): every pending unmasked port flagged here is masked, cleared and
 * queued to its file, as Linux's evtchn_interrupt() disables the irq.
 */
static void xenhv_ev_upcall(struct xenhv_ev_dom *dom)
{
	struct shared_info *s = READ_ONCE(dom->shinfo);
	unsigned int cpu = smp_processor_id();
	struct vcpu_info *vi;
	unsigned long sel;

	if (!s || cpu >= MAX_VIRT_CPUS)
		return;
	vi = &s->vcpu_info[cpu];
	WRITE_ONCE(vi->evtchn_upcall_pending, 0);
	sel = xchg(&vi->evtchn_pending_sel, 0);
	while (sel) {
		unsigned int w = __ffs(sel);
		unsigned long pend;

		sel &= sel - 1;
		pend = READ_ONCE(s->evtchn_pending[w]) & ~READ_ONCE(s->evtchn_mask[w]);
		while (pend) {
			evtchn_port_t port = w * BITS_PER_LONG + __ffs(pend);
			struct xenhv_ev_file *f;

			pend &= pend - 1;
			if (!xenhv_ev_claim(s, port))
				continue;
			f = xa_load(&dom->owner, port);
			if (!f)
				continue;
			spin_lock(&f->lock);
			if (f->prod - f->cons < XENHV_EV_RING)
				f->ring[f->prod++ % XENHV_EV_RING] = port;
			else
				f->overflow = true;
			spin_unlock(&f->lock);
			wake_up_interruptible(&f->wq);
		}
	}
}

static void xenhv_ev_guest_upcall(void);
static void xenhv_ev_backend_upcall(void);

/*
 * The domain's shared_info on a page of xenhv's: the guest's on a page of
 * the kernel's, the backend's on a frame of its own reservation (a PV
 * domain's memory is what it reserves).
 */
static struct shared_info *xenhv_ev_place(struct xenhv_ev_dom *dom)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
	};
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
	struct shared_info *s;

	if (dom->backend) {
		set_xen_guest_handle(r.extent_start, &dom->shinfo_frame);
		if (xenhv_ev_memop(dom, XENMEM_increase_reservation, &r) != 1)
			return NULL;
		s = page_address(pfn_to_page(dom->shinfo_frame));
		clear_page(s);
		xatp.gpfn = dom->shinfo_frame;
	} else {
		s = (void *)get_zeroed_page(GFP_KERNEL);
		if (!s)
			return NULL;
		xatp.gpfn = PHYS_PFN(virt_to_phys(s));
	}
	if (!xenhv_ev_memop(dom, XENMEM_add_to_physmap, &xatp))
		return s;
	if (dom->backend)
		xenhv_ev_memop(dom, XENMEM_decrease_reservation, &r);
	else
		free_page((unsigned long)s);
	return NULL;
}

static void xenhv_ev_unplace(struct xenhv_ev_dom *dom, struct shared_info *s)
{
	struct xen_remove_from_physmap xrfp = {
		.domid = DOMID_SELF, .gpfn = PHYS_PFN(virt_to_phys(s)),
	};
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };

	xenhv_ev_memop(dom, XENMEM_remove_from_physmap, &xrfp);
	if (dom->backend) {
		set_xen_guest_handle(r.extent_start, &dom->shinfo_frame);
		xenhv_ev_memop(dom, XENMEM_decrease_reservation, &r);
	} else {
		free_page((unsigned long)s);
	}
}

/* The first user places shared_info and takes the upcall; -EBUSY if another module has it. */
static int xenhv_ev_get(struct xenhv_ev_dom *dom)
{
	struct shared_info *s;
	int rc = 0;

	mutex_lock(&dom->users_lock);
	if (dom->users++)
		goto out;
	s = xenhv_ev_place(dom);
	rc = -EBUSY;
	if (!s)
		goto fail;
	WRITE_ONCE(dom->shinfo, s);
	rc = dom->backend ? xenhv_backend_register_upcall(xenhv_ev_backend_upcall) :
			    xenhv_register_upcall(xenhv_ev_guest_upcall);
	if (!rc)
		goto out;
	WRITE_ONCE(dom->shinfo, NULL);
	xenhv_ev_unplace(dom, s);
fail:
	dom->users--;
out:
	mutex_unlock(&dom->users_lock);
	return rc;
}

static void xenhv_ev_put(struct xenhv_ev_dom *dom)
{
	struct shared_info *s;

	mutex_lock(&dom->users_lock);
	if (--dom->users)
		goto out;
	if (dom->backend)
		xenhv_backend_unregister_upcall(xenhv_ev_backend_upcall);
	else
		xenhv_unregister_upcall(xenhv_ev_guest_upcall);
	s = dom->shinfo;
	WRITE_ONCE(dom->shinfo, NULL);
	if (s)
		xenhv_ev_unplace(dom, s);
out:
	mutex_unlock(&dom->users_lock);
}

static int xenhv_ev_open(struct inode *inode, struct file *file)
{
	struct xenhv_ev_dom *dom = container_of(file->private_data, struct xenhv_ev_dom, misc);
	struct xenhv_ev_file *f;
	int rc;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	rc = xenhv_ev_get(dom);
	if (rc) {
		kfree(f);
		return rc;
	}
	f->dom = dom;
	spin_lock_init(&f->lock);
	init_waitqueue_head(&f->wq);
	mutex_init(&f->bind);
	f->restrict_domid = XENHV_EV_UNRESTRICTED;
	file->private_data = f;
	return stream_open(inode, file);
}

/* Give the port to @f and let its events through (it starts unmasked). */
static long xenhv_ev_bound(struct xenhv_ev_file *f, evtchn_port_t port)
{
	struct evtchn_unmask um = { .port = port };
	struct evtchn_close cl = { .port = port };
	int rc;

	lockdep_assert_held(&f->bind);
	rc = xa_err(xa_store(&f->dom->owner, port, f, GFP_KERNEL));
	if (rc) {
		xenhv_ev_op(f->dom, EVTCHNOP_close, &cl);
		return rc;
	}
	xenhv_ev_op(f->dom, EVTCHNOP_unmask, &um);
	return port;
}

/* The port goes back to Xen: closed, and no longer this file's. */
static void xenhv_ev_unbind(struct xenhv_ev_file *f, evtchn_port_t port)
{
	struct evtchn_close cl = { .port = port };

	lockdep_assert_held(&f->bind);
	xa_erase(&f->dom->owner, port);
	/* No upcall is still queueing to this file for the port. */
	synchronize_rcu();
	xenhv_ev_op(f->dom, EVTCHNOP_close, &cl);
}

static bool xenhv_ev_mine(struct xenhv_ev_file *f, evtchn_port_t port)
{
	return xa_load(&f->dom->owner, port) == f;
}

static long xenhv_ev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct xenhv_ev_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;
	long rc;

	mutex_lock(&f->bind);
	switch (cmd) {
	case IOCTL_EVTCHN_BIND_VIRQ: {
		struct ioctl_evtchn_bind_virq b;
		struct evtchn_bind_virq op = { .vcpu = 0 };

		rc = -EACCES;
		if (f->restrict_domid != XENHV_EV_UNRESTRICTED)
			break;
		rc = -EFAULT;
		if (copy_from_user(&b, uarg, sizeof(b)))
			break;
		op.virq = b.virq;
		rc = xenhv_ev_op(f->dom, EVTCHNOP_bind_virq, &op);
		if (!rc)
			rc = xenhv_ev_bound(f, op.port);
		break;
	}
	case IOCTL_EVTCHN_BIND_INTERDOMAIN: {
		struct ioctl_evtchn_bind_interdomain b;
		struct evtchn_bind_interdomain op;

		rc = -EFAULT;
		if (copy_from_user(&b, uarg, sizeof(b)))
			break;
		rc = -EACCES;
		if (f->restrict_domid != XENHV_EV_UNRESTRICTED && b.remote_domain != f->restrict_domid)
			break;
		op.remote_dom = b.remote_domain;
		op.remote_port = b.remote_port;
		rc = xenhv_ev_op(f->dom, EVTCHNOP_bind_interdomain, &op);
		if (!rc)
			rc = xenhv_ev_bound(f, op.local_port);
		break;
	}
	case IOCTL_EVTCHN_BIND_UNBOUND_PORT: {
		struct ioctl_evtchn_bind_unbound_port b;
		struct evtchn_alloc_unbound op = { .dom = DOMID_SELF };

		rc = -EACCES;
		if (f->restrict_domid != XENHV_EV_UNRESTRICTED)
			break;
		rc = -EFAULT;
		if (copy_from_user(&b, uarg, sizeof(b)))
			break;
		op.remote_dom = b.remote_domain;
		rc = xenhv_ev_op(f->dom, EVTCHNOP_alloc_unbound, &op);
		if (!rc)
			rc = xenhv_ev_bound(f, op.port);
		break;
	}
	case IOCTL_EVTCHN_UNBIND: {
		struct ioctl_evtchn_unbind b;

		rc = -EFAULT;
		if (copy_from_user(&b, uarg, sizeof(b)))
			break;
		rc = -ENOTCONN;
		if (!xenhv_ev_mine(f, b.port))
			break;
		xenhv_ev_unbind(f, b.port);
		rc = 0;
		break;
	}
	case IOCTL_EVTCHN_NOTIFY: {
		struct ioctl_evtchn_notify b;
		struct evtchn_send op;

		rc = -EFAULT;
		if (copy_from_user(&b, uarg, sizeof(b)))
			break;
		rc = -ENOTCONN;
		if (!xenhv_ev_mine(f, b.port))
			break;
		op.port = b.port;
		rc = xenhv_ev_op_here(f->dom, EVTCHNOP_send, &op);
		break;
	}
	case IOCTL_EVTCHN_RESET:
		spin_lock_irq(&f->lock);
		f->cons = f->prod = 0;
		f->overflow = false;
		spin_unlock_irq(&f->lock);
		rc = 0;
		break;
	case IOCTL_EVTCHN_RESTRICT_DOMID: {
		struct ioctl_evtchn_restrict_domid r;

		rc = -EACCES;
		if (f->restrict_domid != XENHV_EV_UNRESTRICTED)
			break;
		rc = -EFAULT;
		if (copy_from_user(&r, uarg, sizeof(r)))
			break;
		rc = -EINVAL;
		if (r.domid == 0 || r.domid >= DOMID_FIRST_RESERVED)
			break;
		f->restrict_domid = r.domid;
		rc = 0;
		break;
	}
	default:
		rc = -ENOTTY;
	}
	mutex_unlock(&f->bind);
	return rc;
}

/* Pending ports, whole ones only; -EFBIG once the ring overflowed (until a reset). */
static ssize_t xenhv_ev_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct xenhv_ev_file *f = file->private_data;
	evtchn_port_t ports[64];
	unsigned int n = 0;

	count = min(count & ~(sizeof(evtchn_port_t) - 1), sizeof(ports));
	if (!count)
		return 0;
	for (;;) {
		spin_lock_irq(&f->lock);
		if (f->overflow) {
			spin_unlock_irq(&f->lock);
			return -EFBIG;
		}
		while (f->cons != f->prod && n < count / sizeof(evtchn_port_t))
			ports[n++] = f->ring[f->cons++ % XENHV_EV_RING];
		spin_unlock_irq(&f->lock);
		if (n)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(f->wq, READ_ONCE(f->cons) != READ_ONCE(f->prod) ||
					     READ_ONCE(f->overflow)))
			return -ERESTARTSYS;
	}
	if (copy_to_user(buf, ports, n * sizeof(evtchn_port_t)))
		return -EFAULT;
	return n * sizeof(evtchn_port_t);
}

/* Unmask the ports written that are this file's (others are skipped). */
static ssize_t xenhv_ev_write(struct file *file, const char __user *buf, size_t count,
			      loff_t *ppos)
{
	struct xenhv_ev_file *f = file->private_data;
	evtchn_port_t ports[64];
	unsigned int i;

	count = min(count & ~(sizeof(evtchn_port_t) - 1), sizeof(ports));
	if (!count)
		return 0;
	if (copy_from_user(ports, buf, count))
		return -EFAULT;
	for (i = 0; i < count / sizeof(evtchn_port_t); i++) {
		struct evtchn_unmask um = { .port = ports[i] };

		if (xenhv_ev_mine(f, ports[i]))
			xenhv_ev_op_here(f->dom, EVTCHNOP_unmask, &um);
	}
	return count;
}

static __poll_t xenhv_ev_poll(struct file *file, poll_table *wait)
{
	struct xenhv_ev_file *f = file->private_data;
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &f->wq, wait);
	if (READ_ONCE(f->cons) != READ_ONCE(f->prod))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(f->overflow))
		mask = EPOLLERR;
	return mask;
}

static int xenhv_ev_release(struct inode *inode, struct file *file)
{
	struct xenhv_ev_file *f = file->private_data;
	struct xenhv_ev_file *owner;
	unsigned long port;

	mutex_lock(&f->bind);
	xa_for_each(&f->dom->owner, port, owner)
		if (owner == f)
			xenhv_ev_unbind(f, port);
	mutex_unlock(&f->bind);
	xenhv_ev_put(f->dom);
	kfree(f);
	return 0;
}

static const struct file_operations xenhv_ev_fops = {
	.owner = THIS_MODULE,
	.open = xenhv_ev_open,
	.release = xenhv_ev_release,
	.read = xenhv_ev_read,
	.write = xenhv_ev_write,
	.poll = xenhv_ev_poll,
	.unlocked_ioctl = xenhv_ev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct xenhv_ev_dom xenhv_ev_guest = {
	.misc = { .minor = MISC_DYNAMIC_MINOR, .name = "xen/evtchn", .fops = &xenhv_ev_fops,
		  .mode = 0600 },
	.owner = XARRAY_INIT(xenhv_ev_guest.owner, 0),
	.users_lock = __MUTEX_INITIALIZER(xenhv_ev_guest.users_lock),
};

static struct xenhv_ev_dom xenhv_ev_backend = {
	.misc = { .minor = MISC_DYNAMIC_MINOR, .name = "xenhv-backend/evtchn",
		  .fops = &xenhv_ev_fops, .mode = 0600 },
	.backend = true,
	.owner = XARRAY_INIT(xenhv_ev_backend.owner, 0),
	.users_lock = __MUTEX_INITIALIZER(xenhv_ev_backend.users_lock),
};

static void xenhv_ev_guest_upcall(void)
{
	xenhv_ev_upcall(&xenhv_ev_guest);
}

static void xenhv_ev_backend_upcall(void)
{
	xenhv_ev_upcall(&xenhv_ev_backend);
}

/*
 * Whether @port of the guest (or, @backend, of the backend domain) is
 * bound through its device, by any file: the ports a grant device may
 * send an unmap notification on (Linux's evtchn_get()).
 */
bool xenhv_evtchn_dev_bound(bool backend, evtchn_port_t port)
{
	return xa_load(backend ? &xenhv_ev_backend.owner : &xenhv_ev_guest.owner, port);
}

int xenhv_evtchn_dev_init(void)
{
	int rc = misc_register(&xenhv_ev_guest.misc);

	if (rc)
		return rc;
	rc = misc_register(&xenhv_ev_backend.misc);
	if (rc)
		misc_deregister(&xenhv_ev_guest.misc);
	return rc;
}

void xenhv_evtchn_dev_exit(void)
{
	misc_deregister(&xenhv_ev_backend.misc);
	misc_deregister(&xenhv_ev_guest.misc);
}
