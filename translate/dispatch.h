/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Xen hypercall dispatch table: number → family, with call counters.
 */
#ifndef _XENHV_DISPATCH_H
#define _XENHV_DISPATCH_H

#include <linux/percpu.h>
#include "xenhv_engine.h"

/* Per-vCPU counters, one slot per hypercall number plus "out of range". */
struct xenhv_hcall_stats {
	u64 calls[XENHV_NR_HYPERCALLS + 1];
	u64 errors[XENHV_NR_HYPERCALLS + 1];
	u64 continuations;	/* calls re-issued from a continuation */
};

#define XENHV_HCALL_OUT_OF_RANGE	XENHV_NR_HYPERCALLS

/**
 * struct xenhv_dispatcher - one domain's hypercall entry
 * @dom: the domain the calls act on
 * @stats: per-CPU call counters (allocated by xenhv_dispatcher_init)
 */
struct xenhv_dispatcher {
	struct xenhv_domain *dom;
	struct xenhv_hcall_stats __percpu *stats;
};

int xenhv_dispatcher_init(struct xenhv_dispatcher *disp, struct xenhv_domain *dom);
void xenhv_dispatcher_destroy(struct xenhv_dispatcher *disp);
long xenhv_dispatch_table(struct xenhv_dispatcher *disp, unsigned int op,
			  const unsigned long args[5]);

/* Every call is counted in its slot, and a negative answer as an error. */
static __always_inline void xenhv_dispatch_count(struct xenhv_dispatcher *disp,
						 unsigned int slot, long ret)
{
	this_cpu_inc(disp->stats->calls[slot]);
	if (ret < 0)
		this_cpu_inc(disp->stats->errors[slot]);
}

/*
 * EVTCHNOP_send, counted as an event_channel_op. Inline with
 * xenhv_dispatch(): the send reaches its op with no call of its own.
 */
static __always_inline long xenhv_dispatch_send(struct xenhv_dispatcher *disp,
						unsigned long arg)
{
	long ret = xenhv_evtchn_send_op(disp->dom, arg);

	xenhv_dispatch_count(disp, __HYPERVISOR_event_channel_op, ret);
	return ret;
}

/**
 * xenhv_dispatch - run one Xen hypercall
 * @disp: the dispatcher
 * @op: hypercall number (RAX in the Xen x86_64 ABI)
 * @args: its five arguments (RDI, RSI, RDX, R10, R8)
 *
 * EVTCHNOP_send, the call a Xen guest makes most (every notification),
 * goes straight to its op: no table, no argument copy. KVM's
 * kvm_xen_hypercall() singles it out the same way. Inline, so an entry
 * that holds the arguments in registers tests them there. The cmd is
 * Xen's int: only the low 32 bits of RDI count.
 *
 * Return: the hypercall's result, as Xen would put it in RAX.
 */
static inline long xenhv_dispatch(struct xenhv_dispatcher *disp, unsigned int op,
				  const unsigned long args[5])
{
	if (likely(op == __HYPERVISOR_event_channel_op && (int)args[0] == EVTCHNOP_send))
		return xenhv_dispatch_send(disp, args[1]);
	return xenhv_dispatch_table(disp, op, args);
}
const char *xenhv_hcall_name(unsigned int op);
bool xenhv_hcall_implemented(unsigned int op);
void xenhv_hcall_stats_sum(struct xenhv_dispatcher *disp, unsigned int op,
			   u64 *calls, u64 *errors);

u64 xenhv_hcall_continuations(struct xenhv_dispatcher *disp);
bool xenhv_backend_may_call(unsigned int op);

#endif /* _XENHV_DISPATCH_H */
