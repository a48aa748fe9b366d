/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces between the parts of the xenhv module glue.
 */
#ifndef _XENHV_SHIM_H
#define _XENHV_SHIM_H

#include <linux/types.h>
#include <linux/mm.h>
#include "../translate/xenhv_engine.h"
#include "../translate/dispatch.h"
#include "xenhv.h"

/* entry_64.S: the Xen-ABI stub page, and the page Hyper-V fills with its code. */
extern const char xenhv_hypercall_page[];
extern const char xenhv_hv_hypercall_area[];

/* Backend counters cover call codes below this; the rest share one slot. */
#define XENHV_HV_STAT_CODES	0x100

/* hyperv.c: what Hyper-V offers and what xenhv set up on it. */
struct xenhv_hyperv {
	u32 features_eax;
	u32 features_edx;
	enum xenhv_hypercall_page_owner hcpage_owner;
	bool own_guest_id;
	u64 saved_hypercall_msr;
	u32 isolation;		/* HV_ISOLATION_TYPE_*, 0 when not isolated */
};

void *xenhv_hyperv_init(struct xenhv_hyperv *hv);
void xenhv_hyperv_exit(struct xenhv_hyperv *hv);

/* hv_backend.c: the real backend, on the hypercall page. */
extern struct xenhv_backend xenhv_real_backend;
int xenhv_backend_init(void *hypercall_page, u32 features_eax, u32 features_edx,
		       unsigned int sint, unsigned int stimer);
void xenhv_backend_exit(void);
/* A privcmd hypercall: guest handles are the calling task's user addresses. */
struct xenhv_user_call {
	unsigned long kbuf;	/* a kernel buffer the call may also use, or 0 */
	size_t klen;
};
int xenhv_user_call_begin(struct xenhv_user_call *uc);
void xenhv_user_call_end(void);
/*
 * Around a call that may raise an event for this vCPU, with preemption
 * off: no self-IPI; true at the end if the caller must run the upcall.
 */
void xenhv_kick_defer_begin(void);
bool xenhv_kick_defer_end(void);
int xenhv_backend_hide_page(void *addr);
void xenhv_backend_unhide_page(void *addr);
void xenhv_backend_set_vp_index(unsigned int cpu, u32 vp_index);
void xenhv_backend_set_upcall_vector(unsigned int cpu, u8 vector);
u8 xenhv_backend_upcall_vector(unsigned int cpu);
u64 xenhv_backend_calls(unsigned int slot, u64 *failures);

/* ram.c: which frames are RAM, kept current across memory hotplug. */
int xenhv_ram_init(void);
void xenhv_ram_exit(void);
bool xenhv_ram_pfn(u64 pfn);

/* synic.c: SynIC bring-up, xenhv's SINT and per-vCPU vectors. */
int xenhv_synic_init(unsigned int sint);
void xenhv_synic_exit(void);

/* domain.c: the guest and the backend domain xenhv hosts. */
struct xenhv_domain_params {
	domid_t domid;
	domid_t backend_domid;
	unsigned int max_evtchn_port;
	unsigned int max_grant_frames;
};

int xenhv_domains_init(const struct xenhv_domain_params *p);
void xenhv_domains_stop(void);
void xenhv_domains_exit(void);
struct xenhv_dispatcher *xenhv_domain_dispatcher(void);
bool xenhv_domain_cold_discard(void);
void xenhv_domain_vcpu_info(unsigned int cpu, struct xenhv_vcpu_info *vi);
/* Run the registered event upcalls due on this vCPU. */
void xenhv_run_upcall(void);
/* @cpu is online with its upcall vector: deliver what is pending. */
void xenhv_vcpu_online(unsigned int cpu);
/* This vCPU's timer duties (xenhv_time_interrupt()). */
void xenhv_run_time(bool timer_expired);
/* Host-connection events for the guest. */
bool xenhv_has_hv_conns(void);
void xenhv_hv_event(u32 flag);

/* xenbus_dev.c: the xenstore and /dev/xen/xenbus. */
int xenhv_xenbus_init(domid_t domid, domid_t backend_domid);
void xenhv_xenbus_exit(void);
domid_t xenhv_xenbus_target(domid_t domid);

/* evtchn_dev.c: /dev/xen/evtchn for both domains. */
int xenhv_evtchn_dev_init(void);
void xenhv_evtchn_dev_exit(void);
bool xenhv_evtchn_dev_bound(bool backend, evtchn_port_t port);

/* grant_dev.c: /dev/xen/gntalloc and /dev/xen/gntdev for both domains. */
int xenhv_grant_dev_init(void);
void xenhv_grant_dev_exit(void);

/* A VMA's flags, set through vm_flags_set() where the kernel has it (6.3 on). */
static inline void xenhv_vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
#ifdef XENHV_HAVE_VM_FLAGS_SET
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

/* privcmd_dev.c: /dev/xen/privcmd and /dev/xen/hypercall for both domains. */
int xenhv_privcmd_init(domid_t domid, domid_t backend_domid);
void xenhv_privcmd_exit(void);

/* sys_hypervisor.c: /sys/hypervisor as on Xen. */
int xenhv_sys_hypervisor_init(void);
void xenhv_sys_hypervisor_exit(void);

/* debugfs.c */
void xenhv_debugfs_init(struct xenhv_dispatcher *disp);
void xenhv_debugfs_exit(void);

#endif /* _XENHV_SHIM_H */
