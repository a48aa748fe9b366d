// SPDX-License-Identifier: GPL-2.0
/*
 * Hyper-V bring-up: detection (TLFS 2.4), the guest OS ID (TLFS 3.12) and
 * the hypercall page (TLFS 3.13), shared with the kernel's Hyper-V core
 * when it set one up.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/version.h>
#include <linux/utsname.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include <asm/msr.h>
#include <asm/io.h>
#if IS_ENABLED(CONFIG_HYPERV)
#include <asm/mshyperv.h>
#endif
#include "xenhv_shim.h"

/*
 * TLFS 2.4: Hyper-V is present when CPUID 0x40000000 says "Microsoft Hv" and
 * 0x40000001 reports the "Hv#1" interface. KVM's Hyper-V emulation passes
 * this too; Xen's viridian does, but lacks what xenhv needs (SynIC), and
 * is told apart by the feature check below.
 */
static int xenhv_detect_hyperv(struct xenhv_hyperv *hv)
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
	hv->features_eax = cpuid_eax(HYPERV_CPUID_FEATURES);
	hv->features_edx = cpuid_edx(HYPERV_CPUID_FEATURES);
	if ((hv->features_eax & need) != need) {
		pr_info("not loading: Hyper-V lacks hypercalls, VP index or SynIC (features 0x%x)\n",
			hv->features_eax);
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
		hv->isolation = cpuid_ebx(HYPERV_CPUID_ISOLATION_CONFIG) & HV_ISOLATION_TYPE;
		pr_info("isolated partition (type %u): grants stay inside it; nothing is made host-visible\n",
			hv->isolation);
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
static void *xenhv_hypercall_page_setup(struct xenhv_hyperv *hv)
{
	u64 guest_id, hc;

#if IS_ENABLED(CONFIG_HYPERV)
	if (hv_hypercall_pg) {
		hv->hcpage_owner = XENHV_HCPAGE_KERNEL;
		return hv_hypercall_pg;
	}
#endif
	rdmsrl(HV_X64_MSR_HYPERCALL, hc);
	if (hc & HV_X64_MSR_HYPERCALL_ENABLE) {
		pr_err("not loading: someone else enabled the Hyper-V hypercall page\n");
		return ERR_PTR(-EBUSY);
	}
	hv->saved_hypercall_msr = hc;

	rdmsrl(HV_X64_MSR_GUEST_OS_ID, guest_id);
	if (!guest_id) {
		guest_id = xenhv_guest_os_id();
		wrmsrl(HV_X64_MSR_GUEST_OS_ID, guest_id);
		hv->own_guest_id = true;
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
		if (hv->own_guest_id)
			wrmsrl(HV_X64_MSR_GUEST_OS_ID, 0);
		hv->own_guest_id = false;
		return ERR_PTR(-EIO);
	}
	hv->hcpage_owner = XENHV_HCPAGE_XENHV;
	return (void *)xenhv_hv_hypercall_area;
}

/**
 * xenhv_hyperv_exit - give back what xenhv_hyperv_init() took
 * @hv: as filled by xenhv_hyperv_init()
 *
 * Restores the hypercall MSR and the guest OS ID if xenhv set them.
 */
void xenhv_hyperv_exit(struct xenhv_hyperv *hv)
{
	if (hv->hcpage_owner != XENHV_HCPAGE_XENHV)
		return;
	wrmsrl(HV_X64_MSR_HYPERCALL, hv->saved_hypercall_msr);
	if (hv->own_guest_id)
		wrmsrl(HV_X64_MSR_GUEST_OS_ID, 0);
	hv->own_guest_id = false;
}

/**
 * xenhv_hyperv_init - check for Hyper-V and take a hypercall page
 * @hv: filled with the features and what xenhv set up
 *
 * Return: the hypercall page, or an ERR_PTR: -ENODEV when this is not a
 * Hyper-V xenhv can use, -EBUSY or -EIO when no hypercall page is to be had.
 */
void *xenhv_hyperv_init(struct xenhv_hyperv *hv)
{
	int ret = xenhv_detect_hyperv(hv);

	if (ret)
		return ERR_PTR(ret);
	return xenhv_hypercall_page_setup(hv);
}

const void *xenhv_hypercall_page_addr(void)
{
	return xenhv_hypercall_page;
}
EXPORT_SYMBOL_GPL(xenhv_hypercall_page_addr);
