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
 * The hypervisor's capabilities as Xen's arch_get_xen_caps() lists them
 * (xen/arch/x86/setup.c), restricted to what xenhv can host: its one guest
 * is the 64-bit kernel it runs in. Like Xen's, the string keeps its
 * trailing space. "xen-3.0-x86_64" (PV) joins when the PV MMU family does.
 */
#define XENHV_CAPABILITIES "hvm-3.0-x86_64 "

/**
 * xenhv_xen_features - XENVER_get_features submap for this domain
 * @d: the domain
 * @submap_idx: which 32-bit submap
 *
 * Xen 4.17 gives an HVM domU 0x12305 (kernel.c, XENVER_get_features). xenhv
 * advertises only the subset it really implements, so a guest never takes
 * a path that would fail:
 *  - writable_page_tables, auto_translated_physmap: the guest runs on its
 *    own hardware-virtualised page tables with guest frames, as an HVM
 *    guest does (paging_mode_translate() is true in Xen's terms);
 *  - not_direct_mapped: x86 Xen reports it for every translated domain.
 * Left clear until their families land: hvm_callback_vector (event
 * channels), hvm_safe_pvclock (time), memory_op_vnode_supported (memory_op).
 * Never set for a domU: dom0, hvm_pirqs (no PIRQs: has_pirq() is false),
 * and the PV-only bits.
 *
 * Return: the submap; 0 for an index Xen does not define (callers check).
 */
u32 xenhv_xen_features(const struct xenhv_domain *d, unsigned int submap_idx)
{
	if (submap_idx != 0)
		return 0;
	return BIT(XENFEAT_writable_page_tables) |
	       BIT(XENFEAT_auto_translated_physmap) |
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
