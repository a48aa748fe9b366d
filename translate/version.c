// SPDX-License-Identifier: GPL-2.0
/*
 * xen_version (hypercall 17): every XENVER_* sub-op, answered as Xen 4.17
 * answers an unprivileged HVM domU (xen/common/kernel.c do_xen_version,
 * with the permission rules of xen/include/xsm/dummy.h xsm_xen_version).
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/string.h>
#include <linux/build_bug.h>
#include "xenhv_engine.h"

#ifndef XENHV_VERSION
#define XENHV_VERSION "unknown"
#endif

/* sparse defines neither; it only checks the code. */
#if defined(__clang__) && defined(__clang_version__)
#define XENHV_COMPILER "clang " __clang_version__
#elif defined(__VERSION__)
#define XENHV_COMPILER "gcc " __VERSION__
#else
#define XENHV_COMPILER "unknown"
#endif

/*
 * The hypervisor's capabilities, the same for every domain, as Xen
 * 4.17.7's arch_get_xen_caps() (xen/arch/x86/setup.c) lists them: 64-bit
 * PV (CONFIG_PV: xenhv's PV MMU hosts the backend domain), then the
 * three HVM entries hvm_enabled always adds. Not "xen-3.0-x86_32p":
 * xenhv hosts no 32-bit PV domain, which is Xen with opt_pv32 off (a CET
 * host, or "pv=no-32"), so XENMEM_machphys_compat_mfn_list is -EOPNOTSUPP
 * to match. Like Xen's, the string keeps its trailing space.
 */
#define XENHV_CAPABILITIES "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 "

/**
 * xenhv_xen_features - XENVER_get_features submap for this domain
 * @d: the domain
 * @submap_idx: which 32-bit submap
 *
 * What Xen 4.17.7 gives an HVM domU (do_xen_version(), xen/common/
 * kernel.c), 0x12305, each bit backed by what xenhv implements:
 *  - memory_op_vnode_supported: XENMEM_get_vnumainfo exists (the domain
 *    has no vNUMA: -EOPNOTSUPP, as Xen says to a domU built without);
 *  - writable_page_tables, auto_translated_physmap: the guest runs on its
 *    own hardware-virtualised page tables with guest frames
 *    (paging_mode_translate() is true in Xen's terms);
 *  - hvm_safe_pvclock, hvm_callback_vector: pvclock from the TSC page,
 *    and the upcall on a vector (HVM_PARAM_CALLBACK_IRQ, or
 *    HVMOP_set_evtchn_upcall_vector);
 *  - not_direct_mapped: x86 Xen reports it for every translated domain.
 * Never set for a domU: dom0, hvm_pirqs (no PIRQs: has_pirq() is false),
 * pae_pgdir_above_4gb (HVM_VM_ASSIST_MASK refuses pae_extended_cr3),
 * and the PV-only bits.
 *
 * Return: the submap; 0 for an index Xen does not define (callers check).
 */
u32 xenhv_xen_features(const struct xenhv_domain *d, unsigned int submap_idx)
{
	if (submap_idx != 0)
		return 0;
	return BIT(XENFEAT_memory_op_vnode_supported) |
	       BIT(XENFEAT_writable_page_tables) |
	       BIT(XENFEAT_auto_translated_physmap) |
	       BIT(XENFEAT_hvm_safe_pvclock) |
	       BIT(XENFEAT_hvm_callback_vector) |
	       BIT(XENFEAT_not_direct_mapped);
}

/* Copy a fixed-size, zero-padded string buffer to the guest, as Xen does. */
static long xenhv_put_string(struct xenhv_domain *d, unsigned long arg,
			     char *buf, size_t size, const char *str)
{
	memset(buf, 0, size);
	strscpy(buf, str, size);
	return xenhv_copy_to_guest(d, arg, buf, size) ? -XEN_EFAULT : 0;
}

long xenhv_xen_version(struct xenhv_domain *d, int cmd, unsigned long arg)
{
	switch (cmd) {
	case XENVER_version:
		return (XENHV_XEN_MAJOR << 16) | XENHV_XEN_MINOR;

	case XENVER_extraversion: {
		struct xen_extraversion ev;

		return xenhv_put_string(d, arg, ev.extraversion,
					sizeof(ev.extraversion),
					XENHV_XEN_EXTRAVERSION);
	}

	case XENVER_compile_info: {
		struct xen_compile_info ci;

		/*
		 * No build date: kernel builds are reproducible (-Wdate-time),
		 * and Xen leaves unknown fields empty too.
		 */
		memset(&ci, 0, sizeof(ci));
		strscpy(ci.compiler, XENHV_COMPILER, sizeof(ci.compiler));
		strscpy(ci.compile_by, "xenhv", sizeof(ci.compile_by));
		return xenhv_copy_to_guest(d, arg, &ci, sizeof(ci)) ? -XEN_EFAULT : 0;
	}

	case XENVER_capabilities: {
		/* 1 KiB is too much for the stack; send it in two pieces. */
		char chunk[sizeof(struct xen_capabilities_info) / 2];
		long ret;

		BUILD_BUG_ON(sizeof(XENHV_CAPABILITIES) > sizeof(chunk));
		ret = xenhv_put_string(d, arg, chunk, sizeof(chunk),
				       XENHV_CAPABILITIES);
		if (ret)
			return ret;
		memset(chunk, 0, sizeof(chunk));
		return xenhv_copy_to_guest(d, arg + sizeof(chunk), chunk,
					   sizeof(chunk)) ? -XEN_EFAULT : 0;
	}

	case XENVER_changeset: {
		struct xen_changeset_info cs;

		return xenhv_put_string(d, arg, cs.info, sizeof(cs.info),
					"xenhv " XENHV_VERSION);
	}

	case XENVER_platform_parameters: {
		struct xen_platform_parameters pp = {
			.virt_start = XENHV_HYPERVISOR_VIRT_START,
		};

		return xenhv_copy_to_guest(d, arg, &pp, sizeof(pp)) ? -XEN_EFAULT : 0;
	}

	case XENVER_get_features: {
		struct xen_feature_info fi;

		if (xenhv_copy_from_guest(d, &fi, arg, sizeof(fi)))
			return -XEN_EFAULT;
		if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
			return -XEN_EINVAL;
		fi.submap = xenhv_xen_features(d, fi.submap_idx);
		return xenhv_copy_to_guest(d, arg, &fi, sizeof(fi)) ? -XEN_EFAULT : 0;
	}

	case XENVER_pagesize:
		/* Xen: a non-NULL handle is an error, not an output. */
		return arg ? -XEN_EINVAL : 4096;

	case XENVER_guest_handle:
		return xenhv_copy_to_guest(d, arg, d->handle,
					   sizeof(d->handle)) ? -XEN_EFAULT : 0;

	case XENVER_commandline: {
		/*
		 * Denied to a domU (XSM_PRIV), but Xen still succeeds: it
		 * copies only the deny string and its NUL, not 1024 bytes.
		 */
		static const char deny[] = XENHV_XEN_DENY_STRING;

		return xenhv_copy_to_guest(d, arg, deny, sizeof(deny)) ? -XEN_EFAULT : 0;
	}

	case XENVER_build_id:
		/* Denied to a domU before any guest memory is touched. */
		return -XEN_EPERM;

	default:
		return -XEN_ENOSYS;
	}
}
