/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Xen public ABI as xenhv accepts it: the kernel's include/xen/interface
 * plus the few definitions it lacks.
 */
#ifndef _XENHV_XEN_ABI_H
#define _XENHV_XEN_ABI_H

#include <xen/interface/xen.h>
#include <xen/interface/version.h>
#include <xen/interface/sched.h>
#include <xen/interface/features.h>

/* xen/include/public/xen.h; the kernel names 39 __HYPERVISOR_xc_reserved_op. */
#ifndef __HYPERVISOR_argo_op
#define __HYPERVISOR_argo_op		39
#endif
#ifndef __HYPERVISOR_hypfs_op
#define __HYPERVISOR_hypfs_op		42
#endif

/* The dispatch table covers every number an x86_64 guest can name. */
#define XENHV_NR_HYPERCALLS		64

/* The Xen release whose guest-visible answers xenhv reproduces. */
#define XENHV_XEN_MAJOR			4
#define XENHV_XEN_MINOR			17
#define XENHV_XEN_EXTRAVERSION		".0-xenhv"

/*
 * HYPERVISOR_VIRT_START for x86_64 (xen/include/public/arch-x86/xen-x86_64.h);
 * 4.17 still returns it from XENVER_platform_parameters to HVM guests.
 */
#define XENHV_HYPERVISOR_VIRT_START	0xFFFF800000000000UL

/* xen/common/version.c xen_deny(): what a denied XENVER_* query reads. */
#define XENHV_XEN_DENY_STRING		"<denied>"

#endif /* _XENHV_XEN_ABI_H */
