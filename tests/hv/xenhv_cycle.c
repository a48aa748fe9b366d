// SPDX-License-Identifier: GPL-2.0
/*
 * xenhv_cycle: leaves xenhv busy for the load/unload cycle test. On load
 * it places shared_info, binds and sends event channels on both vCPUs,
 * starts a periodic timer raising VIRQ_TIMER, grants a page and has the
 * hosted backend domain map it, then unloads without undoing any of it:
 * unloading xenhv afterwards must take all of that down, every cycle,
 * with nothing leaked.
 */
#define pr_fmt(fmt) "xenhv-cycle: " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include "../../shim/xenhv.h"
#include "../../xen_abi/xenhv_xen.h"
#include <xen/interface/event_channel.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/memory.h>
#include <xen/interface/vcpu.h>

#define XH_CYCLE_GREF	8
#define XH_CYCLE_VA	0x5000UL
#define XH_PTE(f)	(((u64)(f) << PAGE_SHIFT) | 3)

static void xh_cycle_upcall(void)
{
	/* Events are taken by nobody: they stay pending for xenhv to drop. */
}

static long xh_memop(bool backend, unsigned int cmd, void *arg)
{
	return backend ? xenhv_backend_hypercall(__HYPERVISOR_memory_op, cmd,
						 (unsigned long)arg, 0, 0, 0) :
			 xenhv_hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg, 0, 0, 0);
}

static long xh_evop(int cmd, void *arg)
{
	return xenhv_hypercall(__HYPERVISOR_event_channel_op, cmd, (unsigned long)arg, 0, 0, 0);
}

struct xh_mop {
	u32 cmd, pad;
	u64 arg1, arg2;
};

static long xh_be_mmuext(u32 cmd, u64 arg1)
{
	struct xh_mop op = { .cmd = cmd, .arg1 = arg1 };

	return xenhv_backend_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&op, 1, 0,
				       DOMID_SELF, 0);
}

/* Pages handed to xenhv: it holds references; ours go at module exit. */
static struct page *xh_pages[3];

static int xh_cycle_events(void)
{
	struct xen_add_to_physmap x = { .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info };
	struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
	struct vcpu_set_periodic_timer pt = { .period_ns = 10 * NSEC_PER_MSEC };
	struct evtchn_bind_ipi bi;
	struct evtchn_send s;
	unsigned int v;
	long rc;

	x.gpfn = page_to_pfn(xh_pages[0]);
	rc = xh_memop(false, XENMEM_add_to_physmap, &x);
	if (rc)
		return rc;
	for (v = 0; v < min(num_online_cpus(), 2U); v++) {
		bi.vcpu = v;
		rc = xh_evop(EVTCHNOP_bind_ipi, &bi);
		if (rc)
			return rc;
		s.port = bi.port;
		rc = xh_evop(EVTCHNOP_send, &s);
		if (rc)
			return rc;
	}
	rc = xh_evop(EVTCHNOP_bind_virq, &bv);
	if (rc)
		return rc;
	return xenhv_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_set_periodic_timer, 0,
			       (unsigned long)&pt, 0, 0);
}

static int xh_cycle_grant(void)
{
	struct xen_add_to_physmap x = { .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table };
	struct xen_memory_reservation r = { .nr_extents = 4, .domid = DOMID_SELF };
	struct gnttab_map_grant_ref m = { .host_addr = XH_CYCLE_VA, .flags = GNTMAP_host_map,
					  .ref = XH_CYCLE_GREF };
	struct grant_entry_v1 *table;
	struct xenhv_info info;
	u64 f[4];
	long rc;
	int i;

	xenhv_get_info(&info);
	if (!info.can_switch_root)
		return 0;	/* no PV tables here: events and timers only */
	x.gpfn = page_to_pfn(xh_pages[1]);
	rc = xh_memop(false, XENMEM_add_to_physmap, &x);
	if (rc)
		return rc;
	table = page_address(xh_pages[1]);
	table[XH_CYCLE_GREF].domid = info.backend_domid;
	table[XH_CYCLE_GREF].frame = page_to_pfn(xh_pages[2]);
	/* Domid and frame before the flags that validate them. */
	smp_wmb();
	table[XH_CYCLE_GREF].flags = GTF_permit_access;

	set_xen_guest_handle(r.extent_start, (xen_pfn_t *)f);
	if (xh_memop(true, XENMEM_increase_reservation, &r) != 4)
		return -ENOMEM;
	for (i = 0; i < 3; i++)
		((u64 *)pfn_to_kaddr(f[i]))[0] = XH_PTE(f[i + 1]);
	rc = xh_be_mmuext(MMUEXT_PIN_L4_TABLE, f[0]) ?: xh_be_mmuext(MMUEXT_NEW_BASEPTR, f[0]);
	if (rc)
		return rc;
	m.dom = info.domid;
	rc = xenhv_backend_hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref,
				     (unsigned long)&m, 1, 0, 0);
	return rc ?: m.status;
}

static int __init xh_cycle_init(void)
{
	int i, rc;

	for (i = 0; i < ARRAY_SIZE(xh_pages); i++) {
		xh_pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!xh_pages[i]) {
			rc = -ENOMEM;
			goto out;
		}
	}
	rc = xenhv_register_upcall(xh_cycle_upcall);
	if (rc)
		goto out;
	rc = xh_cycle_events() ?: xh_cycle_grant();
	/* The handler is code of ours: it goes; the state it served stays. */
	xenhv_unregister_upcall(xh_cycle_upcall);
	if (rc) {
		pr_err("setting up failed: %d\n", rc);
		rc = -EIO;
		goto out;
	}
	pr_info("xenhv left busy: shared_info, 3 ports, a 10 ms periodic timer, a grant map\n");
	return 0;
out:
	while (i--)
		__free_page(xh_pages[i]);
	return rc;
}

static void __exit xh_cycle_exit(void)
{
	int i;

	/* xenhv keeps its own references until it unloads. */
	for (i = 0; i < ARRAY_SIZE(xh_pages); i++)
		__free_page(xh_pages[i]);
}

module_init(xh_cycle_init);
module_exit(xh_cycle_exit);
MODULE_DESCRIPTION("Leaves xenhv busy for its load/unload cycle test");
MODULE_LICENSE("GPL");
