// SPDX-License-Identifier: GPL-2.0
/*
 * xenhv module glue: Hyper-V detection and bring-up, the Xen hypercall
 * entry, and the exported in-kernel API.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/dmi.h>
#include <linux/uuid.h>
#include <linux/version.h>
#include <linux/utsname.h>
#include <linux/minmax.h>
#include <linux/lockdep.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include <asm/msr.h>
#include <asm/io.h>
#if IS_ENABLED(CONFIG_HYPERV)
#include <asm/mshyperv.h>
#endif
#include "xenhv_shim.h"
#include "../translate/mm.h"

static unsigned int sint = 5;
module_param(sint, uint, 0444);
MODULE_PARM_DESC(sint, "SynIC SINT owned by xenhv (0-15, not 2: hv_vmbus uses it; default 5)");

static unsigned short domid = 1;
module_param(domid, ushort, 0444);
MODULE_PARM_DESC(domid, "Xen domain id the guest sees as DOMID_SELF (1-32751; default 1)");

static unsigned int stimer = 3;
module_param(stimer, uint, 0444);
MODULE_PARM_DESC(stimer, "Hyper-V synthetic timer owned by xenhv on every vCPU (1-3; default 3; Linux's clockevent uses 0)");

static struct {
	u32 features_eax;
	u32 features_edx;
	enum xenhv_hypercall_page_owner hcpage_owner;
	bool own_guest_id;
	u64 saved_hypercall_msr;
	u32 isolation;		/* HV_ISOLATION_TYPE_*, 0 when not isolated */
} xenhv_hv;

static unsigned int max_evtchn_port = XENHV_DEFAULT_MAX_EVTCHN_PORT;
module_param(max_evtchn_port, uint, 0444);
MODULE_PARM_DESC(max_evtchn_port, "Highest event-channel port (default 1023, libxl's default)");

/* Xen 4.17's default (opt_max_grant_frames); libxl's -1 means the same. */
static unsigned int max_grant_frames = 64;
module_param(max_grant_frames, uint, 0444);
MODULE_PARM_DESC(max_grant_frames, "grant-table frames the domain may have (1-64, default 64)");

/*
 * The backend domain xenhv hosts in the guest, as QEMU's Xen emulation
 * hosts its own: in-kernel backends call Xen hypercalls as it
 * (xenhv_backend_hypercall()) to map and copy the guest's grants.
 */
static unsigned short backend_domid;
module_param(backend_domid, ushort, 0444);
MODULE_PARM_DESC(backend_domid, "domid of the backend domain xenhv hosts (default 0)");

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

/*
 * TLFS 2.4: Hyper-V is present when CPUID 0x40000000 says "Microsoft Hv" and
 * 0x40000001 reports the "Hv#1" interface. KVM's Hyper-V emulation passes
 * this too; Xen's viridian does, but lacks what xenhv needs (SynIC), and
 * is told apart by the feature check below.
 */
static int xenhv_detect_hyperv(void)
{
	u32 eax, ebx, ecx, edx;
	const u32 need = HV_MSR_HYPERCALL_AVAILABLE | HV_MSR_VP_INDEX_AVAILABLE |
			 HV_MSR_SYNIC_AVAILABLE;

	if (!boot_cpu_has(X86_FEATURE_HYPERVISOR)) {
		pr_info("not loading: no hypervisor (xenhv needs Microsoft Hyper-V)\n");
		return -ENODEV;
	}
	cpuid(HYPERV_CPUID_VENDOR_AND_MAX_FUNCTIONS, &eax, &ebx, &ecx, &edx);
	if (ebx != XENHV_HV_SIG_EBX || ecx != XENHV_HV_SIG_ECX ||
	    edx != XENHV_HV_SIG_EDX || eax < HYPERV_CPUID_IMPLEMENT_LIMITS ||
	    cpuid_eax(HYPERV_CPUID_INTERFACE) != XENHV_HV_INTERFACE_SIG) {
		pr_info("not loading: the hypervisor is not Microsoft Hyper-V (CPUID 0x40000000)\n");
		return -ENODEV;
	}
	xenhv_hv.features_eax = cpuid_eax(HYPERV_CPUID_FEATURES);
	xenhv_hv.features_edx = cpuid_edx(HYPERV_CPUID_FEATURES);
	if ((xenhv_hv.features_eax & need) != need) {
		pr_info("not loading: Hyper-V lacks hypercalls, VP index or SynIC (features 0x%x)\n",
			xenhv_hv.features_eax);
		return -ENODEV;
	}
	/*
	 * An isolated (confidential) partition: the host sees none of the
	 * guest's memory unless the guest makes it host-visible
	 * (HvCallModifySparseGpaPageHostVisibility). Grants between the guest
	 * and the backend domain stay inside the partition and need nothing;
	 * no Xen domain is the host, so nothing is ever granted to it.
	 */
	if ((cpuid_ebx(HYPERV_CPUID_FEATURES) & HV_ISOLATION) &&
	    eax >= HYPERV_CPUID_ISOLATION_CONFIG) {
		xenhv_hv.isolation = cpuid_ebx(HYPERV_CPUID_ISOLATION_CONFIG) & HV_ISOLATION_TYPE;
		pr_info("isolated partition (type %u): grants stay inside it; nothing is made host-visible\n",
			xenhv_hv.isolation);
	}
	return 0;
}

/*
 * TLFS 3.12 open-source guest OS ID, encoded as hv_generate_guest_id()
 * does: Linux vendor ID, then the running kernel's version.
 */
static u64 xenhv_guest_os_id(void)
{
	unsigned int major = 0, minor = 0, sub = 0;

	/* A release that does not parse still gives a valid ID: version 0. */
	if (sscanf(init_utsname()->release, "%u.%u.%u", &major, &minor, &sub) != 3)
		major = minor = sub = 0;
	return ((u64)HV_LINUX_VENDOR_ID << 48) |
	       ((u64)KERNEL_VERSION(major, minor, min(sub, 255U)) << 16);
}

/*
 * The hypercall page: the kernel's when its Hyper-V core set one up
 * (arch/x86/hyperv/hv_init.c), else xenhv's own. TLFS 3.13: the guest OS
 * ID must be set before the hypercall page is enabled, and the page is
 * partition-wide, so xenhv never moves one that someone else enabled.
 */
static void *xenhv_hypercall_page_setup(void)
{
	u64 guest_id, hc;

#if IS_ENABLED(CONFIG_HYPERV)
	if (hv_hypercall_pg) {
		xenhv_hv.hcpage_owner = XENHV_HCPAGE_KERNEL;
		return hv_hypercall_pg;
	}
#endif
	rdmsrl(HV_X64_MSR_HYPERCALL, hc);
	if (hc & HV_X64_MSR_HYPERCALL_ENABLE) {
		pr_err("not loading: someone else enabled the Hyper-V hypercall page\n");
		return ERR_PTR(-EBUSY);
	}
	xenhv_hv.saved_hypercall_msr = hc;

	rdmsrl(HV_X64_MSR_GUEST_OS_ID, guest_id);
	if (!guest_id) {
		guest_id = xenhv_guest_os_id();
		wrmsrl(HV_X64_MSR_GUEST_OS_ID, guest_id);
		xenhv_hv.own_guest_id = true;
	}

	/*
	 * Hyper-V writes its code into the page at the GPA we give it. The
	 * page is a page-aligned, page-sized stretch of xenhv's own text
	 * (shim/entry_64.S), so it is executable without any allocator help.
	 */
	hc &= ~HV_X64_MSR_HYPERCALL_PAGE_ADDRESS_MASK;
	hc |= page_to_phys(vmalloc_to_page(xenhv_hv_hypercall_area)) |
	      HV_X64_MSR_HYPERCALL_ENABLE;
	wrmsrl(HV_X64_MSR_HYPERCALL, hc);
	rdmsrl(HV_X64_MSR_HYPERCALL, hc);
	if (!(hc & HV_X64_MSR_HYPERCALL_ENABLE)) {
		pr_err("not loading: Hyper-V refused the hypercall page\n");
		if (xenhv_hv.own_guest_id)
			wrmsrl(HV_X64_MSR_GUEST_OS_ID, 0);
		xenhv_hv.own_guest_id = false;
		return ERR_PTR(-EIO);
	}
	xenhv_hv.hcpage_owner = XENHV_HCPAGE_XENHV;
	return (void *)xenhv_hv_hypercall_area;
}

static void xenhv_hypercall_page_teardown(void)
{
	if (xenhv_hv.hcpage_owner != XENHV_HCPAGE_XENHV)
		return;
	wrmsrl(HV_X64_MSR_HYPERCALL, xenhv_hv.saved_hypercall_msr);
	if (xenhv_hv.own_guest_id)
		wrmsrl(HV_X64_MSR_GUEST_OS_ID, 0);
	xenhv_hv.own_guest_id = false;
}

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

	return xenhv_dispatch(&xenhv_disp, op, args);
}
EXPORT_SYMBOL_GPL(xenhv_hypercall);

const void *xenhv_hypercall_page_addr(void)
{
	return xenhv_hypercall_page;
}
EXPORT_SYMBOL_GPL(xenhv_hypercall_page_addr);

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
	/* Pairs with the release in xenhv_init(): the domains are whole. */
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

static void xenhv_stop_time_ipi(void *unused)
{
	xenhv_time_stop_vcpu(&xenhv_dom);
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

void xenhv_get_info(struct xenhv_info *info)
{
	info->hcpage_owner = xenhv_hv.hcpage_owner;
	info->hv_features_eax = xenhv_hv.features_eax;
	info->sint = sint;
	info->cold_discard = xenhv_dom.mm->cold_discard;
	info->can_switch_root = xenhv_real_backend.can_switch_root;
	info->domid = domid;
	info->backend_domid = backend_domid;
	info->isolation = xenhv_hv.isolation;
}
EXPORT_SYMBOL_GPL(xenhv_get_info);

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

int xenhv_get_vcpu_info(unsigned int cpu, struct xenhv_vcpu_info *vi)
{
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return -EINVAL;
	vi->vp_index = xenhv_vp_index(&xenhv_real_backend, cpu);
	xenhv_synic_vcpu_info(cpu, vi);
	vi->timer_virqs = xenhv_time_timer_virqs(&xenhv_dom, cpu);
	xenhv_time_stats(&xenhv_dom, cpu, &vi->time_duties, &vi->time_refreshes);
	return 0;
}
EXPORT_SYMBOL_GPL(xenhv_get_vcpu_info);

u64 xenhv_hv_call_count(u16 code, u64 *failures)
{
	return xenhv_backend_calls(code, failures);
}
EXPORT_SYMBOL_GPL(xenhv_hv_call_count);

/*
 * The hosted backend domain: page tables, a grant table and event
 * channels of its own, so it can map and copy the guest's grants and
 * signal the guest over interdomain channels. No timers.
 */
static int xenhv_backend_dom_init(void)
{
	int ret;

	xenhv_backend_dom.be = &xenhv_real_backend;
	xenhv_backend_dom.domid = backend_domid;
	xenhv_backend_dom.shutdown_code = XENHV_SHUTDOWN_CODE_INVALID;
	/* Its memory is what it reserves; the guest's is the kernel's. */
	xenhv_backend_dom.memory_is_reservations = true;
	/* A PV driver domain: its page tables are xenhv's PV MMU's. */
	xenhv_backend_dom.pv = true;
	ret = xenhv_evtchn_init(&xenhv_backend_dom, max_evtchn_port);
	if (ret)
		return ret;
	ret = xenhv_mm_init(&xenhv_backend_dom);
	if (ret)
		goto err_evtchn;
	ret = xenhv_gnttab_init(&xenhv_backend_dom, max_grant_frames);
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

	if (!xenhv_backend_may_call(op))
		return -XEN_ENOSYS;
	return xenhv_dispatch(&xenhv_backend_disp, op, args);
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

static int __init xenhv_init(void)
{
	void *hcpage;
	int ret;

	if (sint >= HV_SYNIC_SINT_COUNT || sint == XENHV_VMBUS_SINT) {
		pr_err("sint=%u is invalid (0-15, not %u)\n", sint, XENHV_VMBUS_SINT);
		return -EINVAL;
	}
	if (stimer < 1 || stimer > 3) {
		pr_err("stimer=%u is invalid (1-3)\n", stimer);
		return -EINVAL;
	}
	if (domid == 0 || domid >= DOMID_FIRST_RESERVED) {
		pr_err("domid=%u is invalid (1-%u)\n", domid, DOMID_FIRST_RESERVED - 1);
		return -EINVAL;
	}
	if (backend_domid == domid || backend_domid >= DOMID_FIRST_RESERVED) {
		pr_err("backend_domid=%u is invalid (0-%u, not domid)\n", backend_domid,
		       DOMID_FIRST_RESERVED - 1);
		return -EINVAL;
	}
	ret = xenhv_detect_hyperv();
	if (ret)
		return ret;

	hcpage = xenhv_hypercall_page_setup();
	if (IS_ERR(hcpage))
		return PTR_ERR(hcpage);
	ret = xenhv_backend_init(hcpage, xenhv_hv.features_eax, xenhv_hv.features_edx,
				 sint, stimer);
	if (ret)
		goto err_hcpage;
	ret = xenhv_synic_init(sint);
	if (ret)
		goto err_backend;

	xenhv_dom.be = &xenhv_real_backend;
	xenhv_dom.domid = domid;
	xenhv_dom.shutdown_code = XENHV_SHUTDOWN_CODE_INVALID;
	xenhv_domain_handle(xenhv_dom.handle);
	ret = xenhv_evtchn_init(&xenhv_dom, max_evtchn_port);
	if (ret)
		goto err_synic;
	ret = xenhv_time_init(&xenhv_dom);
	if (ret)
		goto err_evtchn;
	ret = xenhv_mm_init(&xenhv_dom);
	if (ret)
		goto err_time;
	ret = xenhv_gnttab_init(&xenhv_dom, max_grant_frames);
	if (ret)
		goto err_mm_only;
	ret = xenhv_dispatcher_init(&xenhv_disp, &xenhv_dom);
	if (ret)
		goto err_mm;
	ret = xenhv_backend_dom_init();
	if (ret)
		goto err_disp;
	/* After the domains' state: a CPU coming online reads it next. */
	smp_store_release(&xenhv_domains_up, true);
	xenhv_debugfs_init(&xenhv_disp);

	pr_info("loaded on Microsoft Hyper-V: hypercall page %s, SynIC SINT%u, domid %u\n",
		xenhv_hv.hcpage_owner == XENHV_HCPAGE_KERNEL ? "shared with the kernel" :
		"set up by xenhv", sint, domid);
	return 0;

err_disp:
	xenhv_dispatcher_destroy(&xenhv_disp);
err_mm:
	xenhv_gnttab_destroy(&xenhv_dom);
err_mm_only:
	xenhv_mm_destroy(&xenhv_dom);
err_time:
	xenhv_time_destroy(&xenhv_dom);
err_evtchn:
	xenhv_evtchn_destroy(&xenhv_dom);
err_synic:
	xenhv_synic_exit();
err_backend:
	xenhv_backend_exit();
err_hcpage:
	xenhv_hypercall_page_teardown();
	return ret;
}

static void __exit xenhv_exit(void)
{
	WRITE_ONCE(xenhv_domains_up, false);
	xenhv_debugfs_exit();
	/* Timers off, then vectors: no upcall may run while the state goes. */
	on_each_cpu(xenhv_stop_time_ipi, NULL, 1);
	xenhv_synic_exit();
	xenhv_backend_dom_destroy();
	xenhv_dispatcher_destroy(&xenhv_disp);
	xenhv_gnttab_destroy(&xenhv_dom);
	xenhv_mm_destroy(&xenhv_dom);
	xenhv_time_destroy(&xenhv_dom);
	xenhv_evtchn_destroy(&xenhv_dom);
	xenhv_backend_exit();
	xenhv_hypercall_page_teardown();
	pr_info("unloaded; Hyper-V state restored\n");
}

module_init(xenhv_init);
module_exit(xenhv_exit);

MODULE_DESCRIPTION("Xen hypercalls translated to Microsoft Hyper-V");
MODULE_AUTHOR("The xenhv developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(XENHV_VERSION);
