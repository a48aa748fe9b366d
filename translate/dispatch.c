// SPDX-License-Identifier: GPL-2.0
/*
 * Xen hypercall dispatch: one table entry per hypercall number 0-63.
 *
 * The table is Xen 4.17's hvm64 column of xen/include/hypercall-defs.c:
 * a number an HVM guest cannot reach (the PV-only calls, unused and
 * out-of-range numbers) has no entry and gets -XEN_ENOSYS, the generated
 * default case of hvm_hypercall() (xen/arch/x86/hvm/hypercall.c).
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/nospec.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/preempt.h>
#include "dispatch.h"
#include "flush.h"

typedef long (*xenhv_hcall_fn)(struct xenhv_domain *d, unsigned long *args);

struct xenhv_hcall_desc {
	const char *name;
	xenhv_hcall_fn fn;
};

static long xenhv_hc_xen_version(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_xen_version(d, (int)args[0], args[1]);
}

static long xenhv_hc_sched_op(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_sched_op(d, (int)args[0], args[1]);
}

static long xenhv_hc_memory_op(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_memory_op_args(d, args);
}

static long xenhv_hc_vcpu_op(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_vcpu_op(d, (int)args[0], (unsigned int)args[1], args[2]);
}

static long xenhv_hc_hvm_op(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_hvm_op(d, (int)args[0], args[1]);
}

static long xenhv_hc_set_timer_op(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_set_timer_op(d, args[0]);
}

static long xenhv_hc_vm_assist(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_vm_assist(d, (unsigned int)args[0], (unsigned int)args[1]);
}

static long xenhv_hc_platform_op(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_platform_op(d, args[0]);
}

static long xenhv_hc_sysctl(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_sysctl(d, args[0]);
}

static long xenhv_hc_domctl(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_domctl(d, args[0], false);
}

static long xenhv_hc_paging_domctl_cont(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_domctl(d, args[0], true);
}

static long xenhv_hc_dm_op(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_dm_op(d, (domid_t)args[0], (unsigned int)args[1], args[2]);
}

static long xenhv_hc_mmuext_op(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_mmuext_op(d, args);
}

static long xenhv_hc_grant_table_op(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_grant_table_op(d, args);
}

static long xenhv_hc_mmu_update(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_mmu_update(d, args);
}

static long xenhv_hc_update_va_mapping(struct xenhv_domain *d, unsigned long *args)
{
	return xenhv_update_va_mapping(d, args[0], args[1], args[2], DOMID_SELF, false);
}

static long xenhv_hc_update_va_mapping_otherdomain(struct xenhv_domain *d,
						   unsigned long *args)
{
	return xenhv_update_va_mapping(d, args[0], args[1], args[2], (domid_t)args[3], true);
}

/*
 * console_io: xsm_console_io() refuses a domU that is not the console
 * domain before looking at the command (release builds; debug builds
 * let CONSOLEIO_write through). hypfs_op: XSM_PRIV, before any argument.
 */
static long xenhv_hc_eperm(struct xenhv_domain *d, unsigned long *args)
{
	return -XEN_EPERM;
}

/*
 * physdev_op: hvm_physdev_op() sends every op of a domain without PIRQs
 * to -ENOSYS; xsm_op: the dummy XSM module's -ENOSYS. Both are reachable
 * numbers whose every answer is -ENOSYS, so they are listed as handled.
 */
static long xenhv_hc_enosys(struct xenhv_domain *d, unsigned long *args)
{
	return -XEN_ENOSYS;
}

/* xenpmu_op: "!opt_vpmu_enabled || has_vlapic(currd)" is true for every HVM guest. */
static long xenhv_hc_eopnotsupp(struct xenhv_domain *d, unsigned long *args)
{
	return -XEN_EOPNOTSUPP;
}

static long xenhv_hc_multicall(struct xenhv_domain *d, unsigned long *args);

#define XENHV_HCALL(nr, fn_) \
	[__HYPERVISOR_##nr] = { .name = #nr, .fn = fn_ }

static const struct xenhv_hcall_desc xenhv_hcalls[XENHV_NR_HYPERCALLS] = {
	/*
	 * PV-only numbers (NULL): not in the hvm64 column, -ENOSYS. The PV
	 * MMU calls are the exception: xenhv gives its domain PV page tables.
	 */
	XENHV_HCALL(set_trap_table, NULL),
	XENHV_HCALL(mmu_update, xenhv_hc_mmu_update),
	XENHV_HCALL(set_gdt, NULL),
	XENHV_HCALL(stack_switch, NULL),
	XENHV_HCALL(set_callbacks, NULL),
	XENHV_HCALL(fpu_taskswitch, NULL),
	XENHV_HCALL(sched_op_compat, NULL),
	XENHV_HCALL(platform_op, xenhv_hc_platform_op),
	XENHV_HCALL(set_debugreg, NULL),
	XENHV_HCALL(get_debugreg, NULL),
	XENHV_HCALL(update_descriptor, NULL),
	XENHV_HCALL(memory_op, xenhv_hc_memory_op),
	XENHV_HCALL(multicall, xenhv_hc_multicall),
	XENHV_HCALL(update_va_mapping, xenhv_hc_update_va_mapping),
	XENHV_HCALL(set_timer_op, xenhv_hc_set_timer_op),
	XENHV_HCALL(event_channel_op_compat, NULL),
	XENHV_HCALL(xen_version, xenhv_hc_xen_version),
	XENHV_HCALL(console_io, xenhv_hc_eperm),
	XENHV_HCALL(physdev_op_compat, NULL),
	XENHV_HCALL(grant_table_op, xenhv_hc_grant_table_op),
	XENHV_HCALL(vm_assist, xenhv_hc_vm_assist),
	XENHV_HCALL(update_va_mapping_otherdomain, xenhv_hc_update_va_mapping_otherdomain),
	XENHV_HCALL(iret, NULL),
	XENHV_HCALL(vcpu_op, xenhv_hc_vcpu_op),
	XENHV_HCALL(set_segment_base, NULL),
	XENHV_HCALL(mmuext_op, xenhv_hc_mmuext_op),
	XENHV_HCALL(xsm_op, xenhv_hc_enosys),
	XENHV_HCALL(nmi_op, NULL),
	XENHV_HCALL(sched_op, xenhv_hc_sched_op),
	XENHV_HCALL(callback_op, NULL),
	XENHV_HCALL(xenoprof_op, NULL),
	XENHV_HCALL(event_channel_op, xenhv_event_channel_op_args),
	XENHV_HCALL(physdev_op, xenhv_hc_enosys),
	XENHV_HCALL(hvm_op, xenhv_hc_hvm_op),
	XENHV_HCALL(sysctl, xenhv_hc_sysctl),
	XENHV_HCALL(domctl, xenhv_hc_domctl),
	XENHV_HCALL(kexec_op, NULL),	/* PV-only in hypercall-defs.c */
	XENHV_HCALL(tmem_op, NULL),	/* removed from Xen */
	XENHV_HCALL(argo_op, NULL),	/* CONFIG_ARGO is off by default */
	XENHV_HCALL(xenpmu_op, xenhv_hc_eopnotsupp),
	XENHV_HCALL(dm_op, xenhv_hc_dm_op),
	XENHV_HCALL(hypfs_op, xenhv_hc_eperm),
	[XENHV_HYPERVISOR_mca] = { .name = "mca", .fn = NULL },
	[XENHV_HYPERVISOR_paging_domctl_cont] = {
		.name = "paging_domctl_cont", .fn = xenhv_hc_paging_domctl_cont },
};

/*
 * multicall (do_multicall()): each entry runs through the same table in
 * order and its result is written back; a multicall inside a multicall
 * is refused (-EINVAL as that entry's result). An unreadable entry stops
 * the batch with -EFAULT. When the CPU is wanted between entries, or an
 * entry itself stops early, the multicall continues from that entry (an
 * entry that stopped early is written back rewritten into its own
 * continuation, as Xen does).
 *
 * TLB flushes are coalesced across a run of consecutive PV MMU entries:
 * nobody can look at a TLB between them (this vCPU is inside the
 * multicall; another vCPU learns of a change only through a later
 * non-MMU entry, such as an event send, and the run's flush is done
 * before any such entry runs). Xen flushes per entry.
 */
struct xenhv_multicall_entry {
	unsigned long op, result;
	unsigned long args[6];
};

static bool xenhv_mc_is_mmu(unsigned long op)
{
	return op == __HYPERVISOR_mmu_update || op == __HYPERVISOR_mmuext_op ||
	       op == __HYPERVISOR_update_va_mapping ||
	       op == __HYPERVISOR_update_va_mapping_otherdomain;
}

static void xenhv_mc_flush(struct xenhv_domain *d, bool *batching)
{
	if (*batching && xenhv_mm_batch_end(d))
		pr_warn_ratelimited("multicall: a coalesced TLB flush failed\n");
	*batching = false;
}

static long xenhv_hc_multicall(struct xenhv_domain *d, unsigned long *args)
{
	unsigned long list = args[0];
	unsigned int i, nr = (unsigned int)args[1];
	struct xenhv_multicall_entry mc;
	struct xenhv_flush batch;
	bool batching = false;
	unsigned int slot;
	long rc = 0;

	for (i = 0; i < nr; i++) {
		unsigned long at = list + i * sizeof(mc);

		if (i && xenhv_be_preempt_check(d->be)) {
			rc = -XENHV_ERESTART;
			break;
		}
		if (xenhv_copy_from_guest(d, &mc, at, sizeof(mc))) {
			rc = -XEN_EFAULT;
			break;
		}
		if (!xenhv_mc_is_mmu(mc.op)) {
			xenhv_mc_flush(d, &batching);
		} else if (!batching) {
			xenhv_mm_batch_begin(d, &batch);
			batching = true;
		}
		if (mc.op == __HYPERVISOR_multicall) {
			mc.result = -XEN_EINVAL;
		} else if (mc.op < XENHV_NR_HYPERCALLS) {
			slot = array_index_nospec(mc.op, XENHV_NR_HYPERCALLS);
			mc.result = xenhv_hcalls[slot].fn ?
				    xenhv_hcalls[slot].fn(d, mc.args) : -XEN_ENOSYS;
		} else {
			mc.result = -XEN_ENOSYS;
		}
		if (mc.result == -XENHV_ERESTART) {
			/* The entry becomes its own continuation; resume here. */
			rc = xenhv_copy_to_guest(d, at, &mc, sizeof(mc)) ? -XEN_EFAULT :
			     -XENHV_ERESTART;
			break;
		}
		if (xenhv_copy_to_guest(d, at + offsetof(struct xenhv_multicall_entry, result),
					&mc.result, sizeof(mc.result))) {
			rc = -XEN_EFAULT;
			break;
		}
	}
	xenhv_mc_flush(d, &batching);
	if (rc == -XENHV_ERESTART) {
		args[0] = list + i * sizeof(mc);
		args[1] = nr - i;
	}
	return rc;
}

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
	return disp->stats ? 0 : -ENOMEM;
}

void xenhv_dispatcher_destroy(struct xenhv_dispatcher *disp)
{
	free_percpu(disp->stats);
	disp->stats = NULL;
}

/*
 * A continuation (Xen's hypercall_create_continuation()): the call
 * rewrote @a and is issued again, after giving the CPU away when the
 * caller may sleep. Never returned to the guest. Out of line: long
 * batches only, and the hot path keeps a smaller frame without it.
 */
static noinline long xenhv_dispatch_continue(struct xenhv_dispatcher *disp,
					     xenhv_hcall_fn fn, unsigned long *a)
{
	long ret;

	do {
		this_cpu_inc(disp->stats->continuations);
		if (preemptible())
			cond_resched();
		ret = fn(disp->dom, a);
	} while (ret == -XENHV_ERESTART);
	return ret;
}

/**
 * xenhv_dispatch_table - run one Xen hypercall through the table
 * @disp: the dispatcher
 * @op: hypercall number (RAX in the Xen x86_64 ABI)
 * @args: its five arguments (RDI, RSI, RDX, R10, R8)
 *
 * Every call but the EVTCHNOP_send fast path (xenhv_dispatch()).
 *
 * Return: the hypercall's result, as Xen would put it in RAX.
 */
long xenhv_dispatch_table(struct xenhv_dispatcher *disp, unsigned int op,
			  const unsigned long args[5])
{
	/* The families' copy: a continuation rewrites it; a sixth for multicall's shape. */
	unsigned long a[6] = { args[0], args[1], args[2], args[3], args[4] };
	unsigned int slot = XENHV_HCALL_OUT_OF_RANGE;
	xenhv_hcall_fn fn;
	long ret = -XEN_ENOSYS;

	if (likely(op < XENHV_NR_HYPERCALLS)) {
		/* op picks a function pointer: keep it in bounds speculatively. */
		slot = array_index_nospec(op, XENHV_NR_HYPERCALLS);
		fn = xenhv_hcalls[slot].fn;
		if (likely(fn)) {
			ret = fn(disp->dom, a);
			if (unlikely(ret == -XENHV_ERESTART))
				ret = xenhv_dispatch_continue(disp, fn, a);
		}
	}
	xenhv_dispatch_count(disp, slot, ret);
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

/* Calls re-issued from a continuation (long batches that gave the CPU away). */
u64 xenhv_hcall_continuations(struct xenhv_dispatcher *disp)
{
	unsigned int cpu;
	u64 n = 0;

	for_each_possible_cpu(cpu)
		n += per_cpu_ptr(disp->stats, cpu)->continuations;
	return n;
}

/*
 * The families the hosted backend domain has: memory, page tables, grant
 * tables and event channels (and xen_version). Every other number is
 * -ENOSYS for it (xenhv_backend_hypercall()).
 */
bool xenhv_backend_may_call(unsigned int op)
{
	switch (op) {
	case __HYPERVISOR_memory_op:
	case __HYPERVISOR_mmu_update:
	case __HYPERVISOR_mmuext_op:
	case __HYPERVISOR_update_va_mapping:
	case __HYPERVISOR_grant_table_op:
	case __HYPERVISOR_event_channel_op:
	case __HYPERVISOR_xen_version:
		return true;
	default:
		return false;
	}
}
