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

/* x86 arch hypercalls: arch_0 is mca, arch_1 paging_domctl_cont. */
#define XENHV_HYPERVISOR_mca			48
#define XENHV_HYPERVISOR_paging_domctl_cont	49

/* Xen 4.17 interface versions the privileged calls check (-EACCES). */
#define XENHV_XENPF_INTERFACE_VERSION		0x03000001
#define XENHV_SYSCTL_INTERFACE_VERSION		0x00000015
#define XENHV_DOMCTL_INTERFACE_VERSION		0x00000015
/* XEN_DOMCTL_createdomain / getdomaininfo: looked up by XSM, not by id. */
#define XENHV_DOMCTL_createdomain		1
#define XENHV_DOMCTL_getdomaininfo		5

/*
 * The fixed part of struct xen_platform_op / xen_sysctl / xen_domctl:
 * cmd, interface_version (and domctl's domain), then a union padded to
 * 128 bytes. Xen copies the whole structure first.
 */
#define XENHV_PLATFORM_OP_SIZE			136
#define XENHV_SYSCTL_SIZE			136
#define XENHV_DOMCTL_SIZE			144
struct xenhv_priv_op_head {
	u32 cmd;
	u32 interface_version;
	domid_t domain;		/* domctl only */
};

/* mmu_update/mmuext_op: count with this bit set is a continuation. */
#define XENHV_MMU_UPDATE_PREEMPTED		0x80000000U

/* dm_op takes at most this many buffers (struct dmop_args buf[2]). */
#define XENHV_DMOP_MAX_BUFS			2
#define XENHV_DMOP_BUF_SIZE			16	/* { handle, size } */

/* Xen 4.17's HVM_NR_PARAMS (the kernel's header still says 19). */
#define XENHV_HVM_NR_PARAMS			39

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
