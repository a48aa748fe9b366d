// SPDX-License-Identifier: GPL-2.0
/*
 * Xen hypercall dispatch: one table entry per hypercall number 0-63.
 *
 * A number whose family has not landed, an unused number and an
 * out-of-range number all get -XEN_ENOSYS, which is what Xen's HVM dispatcher
 * returns for a call it has no handler for (xen/arch/x86/hvm/hypercall.c,
 * the generated default case of hvm_hypercall()).
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/nospec.h>
#include <linux/percpu.h>
#include "xenhv_dispatch.h"

typedef long (*xenhv_hcall_fn)(struct xenhv_domain *d, const unsigned long *args);

struct xenhv_hcall_desc {
	const char *name;
	xenhv_hcall_fn fn;
};

static long xenhv_hc_xen_version(struct xenhv_domain *d, const unsigned long *args)
{
	return xenhv_xen_version(d, (int)args[0], args[1]);
}

static long xenhv_hc_sched_op(struct xenhv_domain *d, const unsigned long *args)
{
	return xenhv_sched_op(d, (int)args[0], args[1]);
}

static long xenhv_hc_event_channel_op(struct xenhv_domain *d, const unsigned long *args)
{
	return xenhv_event_channel_op(d, (int)args[0], args[1]);
}

static long xenhv_hc_memory_op(struct xenhv_domain *d, const unsigned long *args)
{
	return xenhv_memory_op(d, (int)args[0], args[1]);
}

static long xenhv_hc_vcpu_op(struct xenhv_domain *d, const unsigned long *args)
{
	return xenhv_vcpu_op(d, (int)args[0], (unsigned int)args[1], args[2]);
}

static long xenhv_hc_hvm_op(struct xenhv_domain *d, const unsigned long *args)
{
	return xenhv_hvm_op(d, (int)args[0], args[1]);
}

#define XENHV_HCALL(nr, fn_) \
	[__HYPERVISOR_##nr] = { .name = #nr, .fn = fn_ }

static const struct xenhv_hcall_desc xenhv_hcalls[XENHV_NR_HYPERCALLS] = {
	XENHV_HCALL(set_trap_table, NULL),
	XENHV_HCALL(mmu_update, NULL),
	XENHV_HCALL(set_gdt, NULL),
	XENHV_HCALL(stack_switch, NULL),
	XENHV_HCALL(set_callbacks, NULL),
	XENHV_HCALL(fpu_taskswitch, NULL),
	XENHV_HCALL(sched_op_compat, NULL),
	XENHV_HCALL(platform_op, NULL),
	XENHV_HCALL(set_debugreg, NULL),
	XENHV_HCALL(get_debugreg, NULL),
	XENHV_HCALL(update_descriptor, NULL),
	XENHV_HCALL(memory_op, xenhv_hc_memory_op),
	XENHV_HCALL(multicall, NULL),
	XENHV_HCALL(update_va_mapping, NULL),
	XENHV_HCALL(set_timer_op, NULL),
	XENHV_HCALL(event_channel_op_compat, NULL),
	XENHV_HCALL(xen_version, xenhv_hc_xen_version),
	XENHV_HCALL(console_io, NULL),
	XENHV_HCALL(physdev_op_compat, NULL),
	XENHV_HCALL(grant_table_op, NULL),
	XENHV_HCALL(vm_assist, NULL),
	XENHV_HCALL(update_va_mapping_otherdomain, NULL),
	XENHV_HCALL(iret, NULL),
	XENHV_HCALL(vcpu_op, xenhv_hc_vcpu_op),
	XENHV_HCALL(set_segment_base, NULL),
	XENHV_HCALL(mmuext_op, NULL),
	XENHV_HCALL(xsm_op, NULL),
	XENHV_HCALL(nmi_op, NULL),
	XENHV_HCALL(sched_op, xenhv_hc_sched_op),
	XENHV_HCALL(callback_op, NULL),
	XENHV_HCALL(xenoprof_op, NULL),
	XENHV_HCALL(event_channel_op, xenhv_hc_event_channel_op),
	XENHV_HCALL(physdev_op, NULL),
	XENHV_HCALL(hvm_op, xenhv_hc_hvm_op),
	XENHV_HCALL(sysctl, NULL),
	XENHV_HCALL(domctl, NULL),
	XENHV_HCALL(kexec_op, NULL),
	XENHV_HCALL(tmem_op, NULL),
	XENHV_HCALL(argo_op, NULL),
	XENHV_HCALL(xenpmu_op, NULL),
	XENHV_HCALL(dm_op, NULL),
	XENHV_HCALL(hypfs_op, NULL),
};

const char *xenhv_hcall_name(unsigned int op)
{
	if (op >= XENHV_NR_HYPERCALLS || !xenhv_hcalls[op].name)
		return NULL;
	return xenhv_hcalls[op].name;
}

bool xenhv_hcall_implemented(unsigned int op)
{
	return op < XENHV_NR_HYPERCALLS && xenhv_hcalls[op].fn;
}

int xenhv_dispatcher_init(struct xenhv_dispatcher *disp, struct xenhv_domain *dom)
{
	disp->dom = dom;
	disp->stats = alloc_percpu(struct xenhv_hcall_stats);
	return disp->stats ? 0 : -XEN_ENOMEM;
}

void xenhv_dispatcher_destroy(struct xenhv_dispatcher *disp)
{
	free_percpu(disp->stats);
	disp->stats = NULL;
}

/**
 * xenhv_dispatch - run one Xen hypercall
 * @disp: the dispatcher
 * @op: hypercall number (RAX in the Xen x86_64 ABI)
 * @args: its five arguments (RDI, RSI, RDX, R10, R8)
 *
 * Return: the hypercall's result, as Xen would put it in RAX.
 */
long xenhv_dispatch(struct xenhv_dispatcher *disp, unsigned int op,
		    const unsigned long args[5])
{
	unsigned int slot = XENHV_HCALL_OUT_OF_RANGE;
	long ret = -XEN_ENOSYS;

	if (op < XENHV_NR_HYPERCALLS) {
		/* op picks a function pointer: keep it in bounds speculatively. */
		slot = array_index_nospec(op, XENHV_NR_HYPERCALLS);
		if (xenhv_hcalls[slot].fn)
			ret = xenhv_hcalls[slot].fn(disp->dom, args);
	}

	this_cpu_inc(disp->stats->calls[slot]);
	if (ret < 0)
		this_cpu_inc(disp->stats->errors[slot]);
	return ret;
}

void xenhv_hcall_stats_sum(struct xenhv_dispatcher *disp, unsigned int op,
			   u64 *calls, u64 *errors)
{
	unsigned int cpu;

	*calls = 0;
	*errors = 0;
	if (op > XENHV_HCALL_OUT_OF_RANGE)
		return;
	for_each_possible_cpu(cpu) {
		const struct xenhv_hcall_stats *s = per_cpu_ptr(disp->stats, cpu);

		*calls += s->calls[op];
		*errors += s->errors[op];
	}
}
