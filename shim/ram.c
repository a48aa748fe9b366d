// SPDX-License-Identifier: GPL-2.0
/*
 * The partition's RAM, as the kernel's "System RAM" resources say, kept
 * as a sorted copy that is read under RCU: xenhv classifies frames with
 * its domains' locks held and interrupts off, where page_is_ram() must
 * not be called (it takes resource_lock, which others take with
 * interrupts on: a lock-order inversion lockdep reports as
 * HARDIRQ-safe -> HARDIRQ-unsafe). Memory hot-add and removal refresh
 * the copy.
 */
#include <linux/ioport.h>
#include <linux/memory.h>
#include <linux/mutex.h>
#include <linux/pfn.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "xenhv_shim.h"

struct xenhv_ram_range {
	u64 first, last;	/* frames, inclusive */
};

struct xenhv_ram {
	struct rcu_head rcu;
	unsigned int nr, max;
	struct xenhv_ram_range r[];
};

static struct xenhv_ram __rcu *xenhv_ram;
static DEFINE_MUTEX(xenhv_ram_mutex);

static int xenhv_ram_add(struct resource *res, void *arg)
{
	struct xenhv_ram *ram = arg;
	u64 first = PFN_UP(res->start), last = PFN_DOWN(res->end + 1);

	if (first >= last)
		return 0;
	if (ram->nr < ram->max)
		ram->r[ram->nr] = (struct xenhv_ram_range){ first, last - 1 };
	ram->nr++;
	return 0;
}

/* Take a new copy of the RAM ranges; the caller holds xenhv_ram_mutex. */
static int xenhv_ram_snapshot(void)
{
	struct xenhv_ram count = {}, *ram, *old;
	unsigned long flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;

	lockdep_assert_held(&xenhv_ram_mutex);
	walk_iomem_res_desc(IORES_DESC_NONE, flags, 0, U64_MAX, &count, xenhv_ram_add);
	/* Room for a few ranges more, should one appear between the walks. */
	ram = kzalloc(struct_size(ram, r, count.nr + 8), GFP_KERNEL);
	if (!ram)
		return -ENOMEM;
	ram->max = count.nr + 8;
	walk_iomem_res_desc(IORES_DESC_NONE, flags, 0, U64_MAX, ram, xenhv_ram_add);
	ram->nr = min(ram->nr, ram->max);
	old = rcu_replace_pointer(xenhv_ram, ram, lockdep_is_held(&xenhv_ram_mutex));
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static int xenhv_ram_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	if (action == MEM_ONLINE || action == MEM_OFFLINE) {
		mutex_lock(&xenhv_ram_mutex);
		if (xenhv_ram_snapshot())
			pr_warn("xenhv: no memory to refresh the RAM ranges\n");
		mutex_unlock(&xenhv_ram_mutex);
	}
	return NOTIFY_OK;
}

static struct notifier_block xenhv_ram_nb = {
	.notifier_call = xenhv_ram_notify,
};

/**
 * xenhv_ram_pfn - whether @pfn is RAM, as page_is_ram() says
 * @pfn: the frame
 *
 * Any context: a binary search of the copy, under RCU.
 */
bool xenhv_ram_pfn(u64 pfn)
{
	const struct xenhv_ram *ram;
	unsigned int lo = 0, hi;
	bool found = false;

	rcu_read_lock();
	ram = rcu_dereference(xenhv_ram);
	hi = ram ? ram->nr : 0;
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (pfn < ram->r[mid].first) {
			hi = mid;
		} else if (pfn > ram->r[mid].last) {
			lo = mid + 1;
		} else {
			found = true;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

int xenhv_ram_init(void)
{
	int rc;

	mutex_lock(&xenhv_ram_mutex);
	rc = xenhv_ram_snapshot();
	mutex_unlock(&xenhv_ram_mutex);
	if (rc)
		return rc;
	rc = register_memory_notifier(&xenhv_ram_nb);
	if (rc)
		xenhv_ram_exit();
	return rc;
}

void xenhv_ram_exit(void)
{
	struct xenhv_ram *ram;

	unregister_memory_notifier(&xenhv_ram_nb);
	mutex_lock(&xenhv_ram_mutex);
	ram = rcu_replace_pointer(xenhv_ram, NULL, lockdep_is_held(&xenhv_ram_mutex));
	mutex_unlock(&xenhv_ram_mutex);
	synchronize_rcu();
	kfree(ram);
}
