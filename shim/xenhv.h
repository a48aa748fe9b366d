/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenhv public in-kernel API: issue Xen hypercalls that xenhv translates
 * to Hyper-V, and read back what it did.
 */
#ifndef _XENHV_H
#define _XENHV_H

#include <linux/types.h>

/**
 * xenhv_hypercall - issue one Xen hypercall (x86_64 Xen ABI, in C)
 * @op: hypercall number (__HYPERVISOR_*)
 * @a1: first argument (RDI in the register ABI)
 * @a2: second argument (RSI)
 * @a3: third argument (RDX)
 * @a4: fourth argument (R10)
 * @a5: fifth argument (R8)
 *
 * Guest handles are kernel virtual addresses of the caller; a bad one
 * gives -EFAULT. May sleep. This signature is a stable interface.
 *
 * Return: what Xen would return in RAX.
 */
long xenhv_hypercall(unsigned int op, unsigned long a1, unsigned long a2,
		     unsigned long a3, unsigned long a4, unsigned long a5);

/**
 * xenhv_hypercall_page_addr - the Xen-style hypercall page
 *
 * 128 stubs of 32 bytes: stub N takes the Xen x86_64 register ABI (RDI,
 * RSI, RDX, R10, R8 in, RAX out) for hypercall N and preserves every other
 * register, as Xen's page does; so "call page + N * 32" works unchanged.
 */
const void *xenhv_hypercall_page_addr(void);

/* Typed wrappers, named after the kernel's HYPERVISOR_* helpers. */
static inline int xenhv_HYPERVISOR_xen_version(int cmd, void *arg)
{
	return xenhv_hypercall(17 /* __HYPERVISOR_xen_version */, cmd,
			       (unsigned long)arg, 0, 0, 0);
}

static inline int xenhv_HYPERVISOR_sched_op(int cmd, void *arg)
{
	return xenhv_hypercall(29 /* __HYPERVISOR_sched_op */, cmd,
			       (unsigned long)arg, 0, 0, 0);
}

static inline int xenhv_HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return xenhv_hypercall(32 /* __HYPERVISOR_event_channel_op */, cmd,
			       (unsigned long)arg, 0, 0, 0);
}

static inline int xenhv_HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	return xenhv_hypercall(12 /* __HYPERVISOR_memory_op */, cmd,
			       (unsigned long)arg, 0, 0, 0);
}

static inline int xenhv_HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return xenhv_hypercall(24 /* __HYPERVISOR_vcpu_op */, cmd, vcpu,
			       (unsigned long)arg, 0, 0);
}

static inline long xenhv_HYPERVISOR_set_timer_op(u64 timeout)
{
	return xenhv_hypercall(15 /* __HYPERVISOR_set_timer_op */, timeout, 0, 0, 0, 0);
}

static inline int xenhv_HYPERVISOR_hvm_op(int cmd, void *arg)
{
	return xenhv_hypercall(34 /* __HYPERVISOR_hvm_op */, cmd,
			       (unsigned long)arg, 0, 0, 0);
}

/* What xenhv set up on Hyper-V, for diagnostics and tests. */
enum xenhv_hypercall_page_owner {
	XENHV_HCPAGE_KERNEL,	/* the kernel's Hyper-V core set it up */
	XENHV_HCPAGE_XENHV,	/* xenhv enabled its own */
};

struct xenhv_info {
	enum xenhv_hypercall_page_owner hcpage_owner;
	u64 hv_features_eax;	/* CPUID 0x40000003 EAX */
	unsigned int sint;	/* the SynIC SINT xenhv owns */
	bool cold_discard;	/* Hyper-V takes cold-discard memory hints */
	bool can_switch_root;	/* a vCPU can run on the domain's PV tables */
	u16 domid;		/* the guest domain's id */
	u16 backend_domid;	/* the hosted backend domain's id */
	u32 isolation;		/* Hyper-V isolation type (0: none, 1 VBS, 2 SNP, 3 TDX) */
};

struct xenhv_vcpu_info {
	u32 vp_index;
	u8 vector;		/* xenhv's SINT's vector on this vCPU, 0 if none */
	u64 sint_irqs;		/* interrupts taken on that vector */
	u8 upcall_vector;	/* where xenhv's event and time IPIs go, 0 if none */
	u64 upcall_irqs;	/* interrupts taken on that vector */
	u64 timer_msgs;		/* SynIC timer-expired messages consumed */
	u64 timer_virqs;	/* VIRQ_TIMERs its Xen timers raised */
	u64 time_duties;	/* interrupts that ran the time duties */
	u64 time_refreshes;	/* pvclock/runstate refreshes */
};

/* The event-channel upcall: hard-interrupt context, on the notified vCPU. */
typedef void (*xenhv_upcall_fn)(void);

int xenhv_register_upcall(xenhv_upcall_fn handler);
/* How SCHEDOP_shutdown ends the domain; NULL: power off / restart. */
typedef void (*xenhv_shutdown_fn)(unsigned int reason);
void xenhv_set_shutdown_handler(xenhv_shutdown_fn fn);
void xenhv_unregister_upcall(xenhv_upcall_fn handler);
int xenhv_connect_hv_port(u32 port, u32 connection_id, u32 flag);
void xenhv_get_info(struct xenhv_info *info);
int xenhv_get_vcpu_info(unsigned int cpu, struct xenhv_vcpu_info *vi);
u64 xenhv_hv_call_count(u16 code, u64 *failures);
/* Run this vCPU on its NEW_BASEPTR root, interrupts off, until switch_out. */
int xenhv_pv_switch_in(u64 *saved);
void xenhv_pv_switch_out(u64 saved);
/* The backend domain xenhv hosts (module parameter backend_domid). */
long xenhv_backend_hypercall(unsigned int op, unsigned long a1, unsigned long a2,
			     unsigned long a3, unsigned long a4, unsigned long a5);
int xenhv_backend_switch_in(u64 *saved);
void xenhv_backend_switch_out(u64 saved);
int xenhv_backend_register_upcall(xenhv_upcall_fn handler);
void xenhv_backend_unregister_upcall(xenhv_upcall_fn handler);

#endif /* _XENHV_H */
