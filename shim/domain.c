// SPDX-License-Identifier: GPL-2.0
/*
 * The two Xen domains xenhv hosts: the guest (the kernel that loaded
 * xenhv, DOMID_SELF) and the backend domain, with their dispatchers and
 * event-channel upcalls, and the in-kernel API that acts as them.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/smp.h>
#include <linux/dmi.h>
#include <linux/uuid.h>
#include <linux/rcupdate.h>
#include <linux/lockdep.h>
#include "xenhv_shim.h"

#include "xenhv_trace.h"

static struct xenhv_domain xenhv_dom;
static struct xenhv_domain xenhv_backend_dom;
static struct xenhv_dispatcher xenhv_disp;
static struct xenhv_dispatcher xenhv_backend_disp;
/*
 * Each domain's event-channel upcall: the guest's and the hosted
 * backend's. Both arrive on xenhv's one vector; each runs when its own
 * domain has an upcall pending on this vCPU.
 */
static xenhv_upcall_fn xenhv_upcall_handler;
static xenhv_upcall_fn xenhv_backend_upcall_handler;

/* XENVER_guest_handle: the VM's UUID, which Hyper-V puts in SMBIOS. */
static void xenhv_domain_handle(xen_domain_handle_t handle)
{
	const char *s = dmi_get_system_info(DMI_PRODUCT_UUID);
	uuid_t u;

	memset(handle, 0, sizeof(xen_domain_handle_t));
	if (s && !uuid_parse(s, &u))
		memcpy(handle, u.b, sizeof(xen_domain_handle_t));
}

long xenhv_hypercall(unsigned int op, unsigned long a1, unsigned long a2,
		     unsigned long a3, unsigned long a4, unsigned long a5)
{
	const unsigned long args[5] = { a1, a2, a3, a4, a5 };
	long ret = xenhv_dispatch(&xenhv_disp, op, args);

	trace_xenhv_xen_hypercall(xenhv_dom.domid, raw_smp_processor_id(), op, args, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(xenhv_hypercall);

static void xenhv_run_upcall_ipi(void *unused)
{
	xenhv_run_upcall();
}

static int xenhv_upcall_register(xenhv_upcall_fn *slot, xenhv_upcall_fn handler)
{
	if (cmpxchg(slot, NULL, handler))
		return -EBUSY;
	/*
	 * An upcall that came due while no handler was registered left its
	 * vCPU's upcall_pending set, and Xen's rules send no new interrupt
	 * while it stays set: run those now, on their vCPUs.
	 */
	on_each_cpu(xenhv_run_upcall_ipi, NULL, 1);
	return 0;
}

static void xenhv_upcall_unregister(xenhv_upcall_fn *slot, xenhv_upcall_fn handler)
{
	cmpxchg(slot, handler, NULL);
	/* No vCPU may still be inside the old handler when we return. */
	synchronize_rcu();
}

/**
 * xenhv_register_upcall - set the event-channel upcall of this domain
 * @handler: called in hard-interrupt context on a vCPU whose vcpu_info has
 *	evtchn_upcall_pending set; it clears the flag and scans the pending
 *	words, as Linux's xen_evtchn_do_upcall() does
 *
 * Return: 0, or -EBUSY if a handler is already registered.
 */
int xenhv_register_upcall(xenhv_upcall_fn handler)
{
	return xenhv_upcall_register(&xenhv_upcall_handler, handler);
}
EXPORT_SYMBOL_GPL(xenhv_register_upcall);

void xenhv_unregister_upcall(xenhv_upcall_fn handler)
{
	xenhv_upcall_unregister(&xenhv_upcall_handler, handler);
}
EXPORT_SYMBOL_GPL(xenhv_unregister_upcall);

/**
 * xenhv_backend_register_upcall - set the upcall of the hosted backend domain
 * @handler: as for xenhv_register_upcall(), for the backend domain's
 *	vcpu_info (in the shared_info it placed with add_to_physmap)
 *
 * Return: 0, or -EBUSY if a handler is already registered.
 */
int xenhv_backend_register_upcall(xenhv_upcall_fn handler)
{
	return xenhv_upcall_register(&xenhv_backend_upcall_handler, handler);
}
EXPORT_SYMBOL_GPL(xenhv_backend_register_upcall);

void xenhv_backend_unregister_upcall(xenhv_upcall_fn handler)
{
	xenhv_upcall_unregister(&xenhv_backend_upcall_handler, handler);
}
EXPORT_SYMBOL_GPL(xenhv_backend_unregister_upcall);

static void xenhv_run_domain_upcall(xenhv_upcall_fn *slot, struct xenhv_domain *d,
				    unsigned int cpu)
{
	xenhv_upcall_fn handler = READ_ONCE(*slot);

	if (handler && xenhv_evtchn_upcall_pending(d, cpu))
		handler();
}

/*
 * Set once both domains are up. The SynIC's CPU-online callback is
 * registered before them (and unregistered before they go), so it
 * checks this before it touches their state.
 */
static bool xenhv_domains_up;

void xenhv_vcpu_online(unsigned int cpu)
{
	/* Pairs with the release in xenhv_domains_init(): the domains are whole. */
	if (!smp_load_acquire(&xenhv_domains_up))
		return;
	xenhv_evtchn_vcpu_up(&xenhv_dom, cpu);
	xenhv_evtchn_vcpu_up(&xenhv_backend_dom, cpu);
}

void xenhv_run_upcall(void)
{
	unsigned int cpu = smp_processor_id();

	xenhv_run_domain_upcall(&xenhv_upcall_handler, &xenhv_dom, cpu);
	xenhv_run_domain_upcall(&xenhv_backend_upcall_handler, &xenhv_backend_dom, cpu);
}

void xenhv_run_time(bool timer_expired)
{
	xenhv_time_interrupt(&xenhv_dom, smp_processor_id(), timer_expired);
}

bool xenhv_has_hv_conns(void)
{
	return xenhv_evtchn_has_hv_conns(&xenhv_dom);
}

void xenhv_hv_event(u32 flag)
{
	xenhv_evtchn_hv_event(&xenhv_dom, flag);
}

/**
 * xenhv_connect_hv_port - bind an event channel to a Hyper-V host connection
 * @port: a port allocated with EVTCHNOP_alloc_unbound for dom0
 * @connection_id: the connection the Hyper-V host created for this guest
 * @flag: the event flag used in both directions
 *
 * Return: 0 or a negative Xen errno.
 */
int xenhv_connect_hv_port(u32 port, u32 connection_id, u32 flag)
{
	return xenhv_evtchn_connect_hv(&xenhv_dom, port, connection_id, flag);
}
EXPORT_SYMBOL_GPL(xenhv_connect_hv_port);

/**
 * xenhv_pv_switch_in - run the calling vCPU on the domain's page tables
 * @saved: where the kernel's CR3 goes
 *
 * The root is the one this vCPU's MMUEXT_NEW_BASEPTR installed. The
 * caller keeps interrupts off until xenhv_pv_switch_out(): the lower half
 * of the address space is the domain's, not the current task's.
 *
 * Return: 0, -EOPNOTSUPP (5-level paging or page-table isolation), or
 * -EINVAL with no base pointer.
 */
int xenhv_pv_switch_in(u64 *saved)
{
	lockdep_assert_irqs_disabled();
	return xenhv_pv_enter(&xenhv_dom, saved);
}
EXPORT_SYMBOL_GPL(xenhv_pv_switch_in);

void xenhv_pv_switch_out(u64 saved)
{
	lockdep_assert_irqs_disabled();
	xenhv_pv_exit(&xenhv_dom, saved);
}
EXPORT_SYMBOL_GPL(xenhv_pv_switch_out);

/* The guest's time duties on @cpu, for xenhv_get_vcpu_info(). */
void xenhv_domain_vcpu_info(unsigned int cpu, struct xenhv_vcpu_info *vi)
{
	vi->timer_virqs = xenhv_time_timer_virqs(&xenhv_dom, cpu);
	xenhv_time_stats(&xenhv_dom, cpu, &vi->time_duties, &vi->time_refreshes);
}

bool xenhv_domain_cold_discard(void)
{
	return xenhv_memory_cold_discard(&xenhv_dom);
}

struct xenhv_dispatcher *xenhv_domain_dispatcher(void)
{
	return &xenhv_disp;
}

/*
 * The hosted backend domain: page tables, a grant table and event
 * channels of its own, so it can map and copy the guest's grants and
 * signal the guest over interdomain channels. No timers.
 */
static int xenhv_backend_dom_init(const struct xenhv_domain_params *p)
{
	int ret;

	xenhv_backend_dom.be = &xenhv_real_backend;
	xenhv_backend_dom.domid = p->backend_domid;
	xenhv_backend_dom.shutdown_code = XENHV_SHUTDOWN_CODE_INVALID;
	/* Its memory is what it reserves; the guest's is the kernel's. */
	xenhv_backend_dom.memory_is_reservations = true;
	/* A PV driver domain: its page tables are xenhv's PV MMU's. */
	xenhv_backend_dom.pv = true;
	/* dom0 is the control domain, as Xen's initial domain is. */
	xenhv_backend_dom.control = !p->backend_domid;
	ret = xenhv_evtchn_init(&xenhv_backend_dom, p->max_evtchn_port);
	if (ret)
		return ret;
	ret = xenhv_mm_init(&xenhv_backend_dom);
	if (ret)
		goto err_evtchn;
	ret = xenhv_gnttab_init(&xenhv_backend_dom, p->max_grant_frames);
	if (ret)
		goto err_mm;
	ret = xenhv_dispatcher_init(&xenhv_backend_disp, &xenhv_backend_dom);
	if (ret)
		goto err_gnttab;
	xenhv_backend_dom.peer = &xenhv_dom;
	xenhv_dom.peer = &xenhv_backend_dom;
	return 0;

err_gnttab:
	xenhv_gnttab_destroy(&xenhv_backend_dom);
err_mm:
	xenhv_mm_destroy(&xenhv_backend_dom);
err_evtchn:
	xenhv_evtchn_destroy(&xenhv_backend_dom);
	return ret;
}

/*
 * Maps go first (both ways), so no grant holds a page of a table that
 * goes; then event channels, while the peers still see each other.
 */
static void xenhv_backend_dom_destroy(void)
{
	xenhv_gnttab_drop_maps(&xenhv_backend_dom);
	xenhv_gnttab_drop_maps(&xenhv_dom);
	/* The guest's ends of its channels to the backend go back to unbound. */
	xenhv_evtchn_destroy(&xenhv_backend_dom);
	xenhv_dom.peer = NULL;
	xenhv_dispatcher_destroy(&xenhv_backend_disp);
	xenhv_gnttab_destroy(&xenhv_backend_dom);
	xenhv_mm_destroy(&xenhv_backend_dom);
}

/**
 * xenhv_backend_hypercall - a Xen hypercall as the hosted backend domain
 * @op: hypercall number
 * @a1: first argument
 * @a2: second argument
 * @a3: third argument
 * @a4: fourth argument
 * @a5: fifth argument
 *
 * The backend domain has memory, page tables, a grant table and event
 * channels; every other family answers -ENOSYS for it.
 *
 * Return: the hypercall's result.
 */
long xenhv_backend_hypercall(unsigned int op, unsigned long a1, unsigned long a2,
			     unsigned long a3, unsigned long a4, unsigned long a5)
{
	const unsigned long args[5] = { a1, a2, a3, a4, a5 };
	long ret = -XEN_ENOSYS;

	if (xenhv_backend_may_call(op))
		ret = xenhv_dispatch(&xenhv_backend_disp, op, args);
	trace_xenhv_xen_hypercall(xenhv_backend_dom.domid, raw_smp_processor_id(), op, args,
				  ret);
	return ret;
}
EXPORT_SYMBOL_GPL(xenhv_backend_hypercall);

/* Run on the backend domain's tables (its own NEW_BASEPTR), as xenhv_pv_switch_in(). */
int xenhv_backend_switch_in(u64 *saved)
{
	lockdep_assert_irqs_disabled();
	return xenhv_pv_enter(&xenhv_backend_dom, saved);
}
EXPORT_SYMBOL_GPL(xenhv_backend_switch_in);

void xenhv_backend_switch_out(u64 saved)
{
	lockdep_assert_irqs_disabled();
	xenhv_pv_exit(&xenhv_backend_dom, saved);
}
EXPORT_SYMBOL_GPL(xenhv_backend_switch_out);

/**
 * xenhv_domains_init - bring up the guest and the backend domain
 * @p: their ids and limits (module parameters)
 *
 * Runs after the backend and the SynIC are up: a vCPU that comes online
 * from here on delivers what is pending to both domains.
 *
 * Return: 0 or a negative errno.
 */
int xenhv_domains_init(const struct xenhv_domain_params *p)
{
	int ret;

	xenhv_dom.be = &xenhv_real_backend;
	xenhv_dom.domid = p->domid;
	xenhv_dom.shutdown_code = XENHV_SHUTDOWN_CODE_INVALID;
	xenhv_domain_handle(xenhv_dom.handle);
	ret = xenhv_evtchn_init(&xenhv_dom, p->max_evtchn_port);
	if (ret)
		return ret;
	ret = xenhv_time_init(&xenhv_dom);
	if (ret)
		goto err_evtchn;
	ret = xenhv_mm_init(&xenhv_dom);
	if (ret)
		goto err_time;
	ret = xenhv_gnttab_init(&xenhv_dom, p->max_grant_frames);
	if (ret)
		goto err_mm;
	ret = xenhv_dispatcher_init(&xenhv_disp, &xenhv_dom);
	if (ret)
		goto err_gnttab;
	ret = xenhv_backend_dom_init(p);
	if (ret)
		goto err_disp;
	/* After the domains' state: a CPU coming online reads it next. */
	smp_store_release(&xenhv_domains_up, true);
	return 0;

err_disp:
	xenhv_dispatcher_destroy(&xenhv_disp);
err_gnttab:
	xenhv_gnttab_destroy(&xenhv_dom);
err_mm:
	xenhv_mm_destroy(&xenhv_dom);
err_time:
	xenhv_time_destroy(&xenhv_dom);
err_evtchn:
	xenhv_evtchn_destroy(&xenhv_dom);
	return ret;
}

static void xenhv_stop_time_ipi(void *unused)
{
	xenhv_time_stop_vcpu(&xenhv_dom);
}

/* Before the vectors go: no CPU coming online and no timer touches the domains. */
void xenhv_domains_stop(void)
{
	WRITE_ONCE(xenhv_domains_up, false);
	on_each_cpu(xenhv_stop_time_ipi, NULL, 1);
}

/* After the vectors went: no upcall may run while the state goes. */
void xenhv_domains_exit(void)
{
	xenhv_backend_dom_destroy();
	xenhv_dispatcher_destroy(&xenhv_disp);
	xenhv_gnttab_destroy(&xenhv_dom);
	xenhv_mm_destroy(&xenhv_dom);
	xenhv_time_destroy(&xenhv_dom);
	xenhv_evtchn_destroy(&xenhv_dom);
}
