// SPDX-License-Identifier: GPL-2.0
/*
 * The xenstore's client devices: /dev/xen/xenbus, where a process talks
 * to the store as the guest domain, as it would through Linux's
 * xenbus_dev_frontend on Xen (one connection per open, the wire protocol
 * by write() and read(), poll()), and /dev/xenhv-backend/xenbus, the same
 * as the backend domain xenhv hosts. Bind-mounting /dev/xenhv-backend
 * over /dev/xen in a private mount namespace gives unmodified tools the
 * backend's identity. Root only.
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
#include <linux/capability.h>
#include <linux/dmi.h>
#include <linux/mm.h>
#include <linux/cpumask.h>
#include "xenhv_shim.h"
#include "../dom0/xenstore.h"

/* One message, header and payload, is the most a read or write moves at once. */
#define XENHV_XB_CHUNK	(sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)

static struct xenhv_xs_store *xenhv_store;

struct xenhv_xb_file {
	struct xenhv_xs_conn *conn;
	wait_queue_head_t wq;
	struct mutex io;	/* one reader and one writer at a time */
	u8 buf[XENHV_XB_CHUNK];
};

struct xenhv_xb_dev {
	struct miscdevice misc;
	domid_t domid;
};

static void xenhv_xb_wake(void *priv)
{
	struct xenhv_xb_file *f = priv;

	wake_up_interruptible(&f->wq);
}

static int xenhv_xb_open(struct inode *inode, struct file *file)
{
	struct xenhv_xb_dev *dev = container_of(file->private_data, struct xenhv_xb_dev, misc);
	struct xenhv_xb_file *f;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	init_waitqueue_head(&f->wq);
	mutex_init(&f->io);
	f->conn = xenhv_xs_conn_new(xenhv_store, dev->domid, xenhv_xb_wake, f);
	if (!f->conn) {
		kfree(f);
		return -ENOMEM;
	}
	file->private_data = f;
	return stream_open(inode, file);
}

static int xenhv_xb_release(struct inode *inode, struct file *file)
{
	struct xenhv_xb_file *f = file->private_data;

	xenhv_xs_conn_free(f->conn);
	kfree(f);
	return 0;
}

/* Replies and watch events, as a byte stream; blocks until there is one. */
static ssize_t xenhv_xb_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	struct xenhv_xb_file *f = file->private_data;
	size_t n;
	int rc;

	if (!len)
		return 0;
	for (;;) {
		if (mutex_lock_interruptible(&f->io))
			return -ERESTARTSYS;
		n = xenhv_xs_conn_read(f->conn, f->buf, min(len, sizeof(f->buf)));
		if (n) {
			rc = copy_to_user(ubuf, f->buf, n) ? -EFAULT : 0;
			mutex_unlock(&f->io);
			/* A writer waiting for replies to be read may go on. */
			wake_up_interruptible(&f->wq);
			return rc ?: n;
		}
		mutex_unlock(&f->io);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(f->wq, xenhv_xs_conn_readable(f->conn)))
			return -ERESTARTSYS;
	}
}

/*
 * Requests, as a byte stream in any split: each complete one is answered
 * before write() returns. With 20 replies unread the rest waits (or is
 * -EAGAIN without blocking), as xenstored stops reading a domain's ring.
 */
static ssize_t xenhv_xb_write(struct file *file, const char __user *ubuf, size_t len,
			      loff_t *ppos)
{
	struct xenhv_xb_file *f = file->private_data;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		size_t chunk = min(len - done, sizeof(f->buf));

		if (mutex_lock_interruptible(&f->io))
			return done ?: -ERESTARTSYS;
		if (copy_from_user(f->buf, ubuf + done, chunk)) {
			mutex_unlock(&f->io);
			return done ?: -EFAULT;
		}
		n = xenhv_xs_conn_write(f->conn, f->buf, chunk);
		mutex_unlock(&f->io);
		if (n < 0)
			return done ?: n;
		done += n;
		if (n)
			continue;
		if (done || (file->f_flags & O_NONBLOCK))
			return done ?: -EAGAIN;
		if (wait_event_interruptible(f->wq, xenhv_xs_conn_writable(f->conn)))
			return -ERESTARTSYS;
	}
	return done;
}

static __poll_t xenhv_xb_poll(struct file *file, poll_table *wait)
{
	struct xenhv_xb_file *f = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &f->wq, wait);
	if (xenhv_xs_conn_readable(f->conn))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (xenhv_xs_conn_writable(f->conn))
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

static const struct file_operations xenhv_xb_fops = {
	.owner = THIS_MODULE,
	.open = xenhv_xb_open,
	.release = xenhv_xb_release,
	.read = xenhv_xb_read,
	.write = xenhv_xb_write,
	.poll = xenhv_xb_poll,
};

static struct xenhv_xb_dev xenhv_xb_guest = {
	.misc = {
		.minor = MISC_DYNAMIC_MINOR,
		.name = "xen/xenbus",
		.fops = &xenhv_xb_fops,
		.mode = 0600,
	},
};

static struct xenhv_xb_dev xenhv_xb_backend = {
	.misc = {
		.minor = MISC_DYNAMIC_MINOR,
		.name = "xenhv-backend/xenbus",
		.fops = &xenhv_xb_fops,
		.mode = 0600,
	},
};

/* The domain as libxl would describe it: this VM's UUID, memory and vCPUs. */
static int xenhv_xb_introduce(domid_t domid, const char *name)
{
	const char *uuid = dmi_get_system_info(DMI_PRODUCT_UUID);
	struct xenhv_xs_domain_info di = {
		.domid = domid,
		.name = name,
		.uuid = uuid ?: "00000000-0000-0000-0000-000000000000",
		.memory_kb = totalram_pages() << (PAGE_SHIFT - 10),
		.vcpus = num_possible_cpus(),
	};

	return xenhv_xs_domain_introduce(xenhv_store, &di);
}

/**
 * xenhv_xenbus_init - the store, its domains' nodes and the client devices
 * @domid: the guest's domain id
 * @backend_domid: the backend domain's (0: it is dom0, privileged)
 *
 * Linux's own xenbus device cannot be registered off Xen, so the name
 * "xen/xenbus" is free; if something holds it, load fails with its errno.
 *
 * Return: 0 or a negative errno.
 */
int xenhv_xenbus_init(domid_t domid, domid_t backend_domid)
{
	int rc;

	xenhv_store = xenhv_xs_store_new();
	if (!xenhv_store)
		return -ENOMEM;
	rc = xenhv_xb_introduce(domid, "guest");
	if (!rc && backend_domid)
		rc = xenhv_xb_introduce(backend_domid, "backend");
	else if (!rc)
		rc = xenhv_xs_init_dom0(xenhv_store);
	if (rc)
		goto err_store;
	xenhv_xb_guest.domid = domid;
	xenhv_xb_backend.domid = backend_domid;
	rc = misc_register(&xenhv_xb_guest.misc);
	if (rc) {
		pr_err("cannot register /dev/xen/xenbus: %d\n", rc);
		goto err_store;
	}
	rc = misc_register(&xenhv_xb_backend.misc);
	if (rc) {
		pr_err("cannot register /dev/xenhv-backend/xenbus: %d\n", rc);
		goto err_guest;
	}
	return 0;

err_guest:
	misc_deregister(&xenhv_xb_guest.misc);
err_store:
	xenhv_xs_store_free(xenhv_store);
	xenhv_store = NULL;
	return rc;
}

/**
 * xenhv_xenbus_target - the domain @domid's "target" node
 * @domid: the domain whose home to read
 *
 * The domain a device model or stub domain serves, which Linux's privcmd
 * reads to restrict a domU's use (init_restrict() in drivers/xen/privcmd.c).
 *
 * Return: the target's domid, or DOMID_IDLE when there is no valid one
 * (privcmd's "No target domain found").
 */
domid_t xenhv_xenbus_target(domid_t domid)
{
	char path[40], val[16];
	unsigned int t;

	snprintf(path, sizeof(path), "/local/domain/%u/target", domid);
	if (!xenhv_store || xenhv_xs_read(xenhv_store, path, val, sizeof(val)) < 0 ||
	    kstrtouint(val, 10, &t))
		return DOMID_IDLE;
	return t;
}

/* Unload waits for every open device file: each holds a module reference. */
void xenhv_xenbus_exit(void)
{
	misc_deregister(&xenhv_xb_backend.misc);
	misc_deregister(&xenhv_xb_guest.misc);
	xenhv_xs_store_free(xenhv_store);
	xenhv_store = NULL;
}
