/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xenhv trace system: one event per Xen hypercall a domain makes and
 * one per Hyper-V hypercall xenhv makes, so "trace-cmd record -e xenhv"
 * shows what each Xen call became. Static keys: nothing runs when off.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM xenhv

#if !defined(_XENHV_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _XENHV_TRACE_H

#include <linux/tracepoint.h>
#include <xen/interface/xen.h>

/*
 * A Xen hypercall as the domain made it and the value it returned (a Xen
 * errno when negative). @vcpu is the CPU it ran on, the domain's vCPU id.
 */
TRACE_EVENT(xenhv_xen_hypercall,
	TP_PROTO(u16 domid, unsigned int vcpu, unsigned int op,
		 const unsigned long *args, long ret),
	TP_ARGS(domid, vcpu, op, args, ret),

	TP_STRUCT__entry(
		__field(u16, domid)
		__field(unsigned int, vcpu)
		__field(unsigned int, op)
		__array(unsigned long, args, 5)
		__field(long, ret)
	),

	TP_fast_assign(
		__entry->domid = domid;
		__entry->vcpu = vcpu;
		__entry->op = op;
		memcpy(__entry->args, args, sizeof(__entry->args));
		__entry->ret = ret;
	),

	TP_printk("dom%u vcpu%u %s(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx) = %ld",
		  __entry->domid, __entry->vcpu,
		  __print_symbolic(__entry->op,
				   { __HYPERVISOR_mmu_update, "mmu_update" },
				   { __HYPERVISOR_memory_op, "memory_op" },
				   { __HYPERVISOR_multicall, "multicall" },
				   { __HYPERVISOR_update_va_mapping, "update_va_mapping" },
				   { __HYPERVISOR_set_timer_op, "set_timer_op" },
				   { __HYPERVISOR_xen_version, "xen_version" },
				   { __HYPERVISOR_console_io, "console_io" },
				   { __HYPERVISOR_grant_table_op, "grant_table_op" },
				   { __HYPERVISOR_vm_assist, "vm_assist" },
				   { __HYPERVISOR_update_va_mapping_otherdomain,
				     "update_va_mapping_otherdomain" },
				   { __HYPERVISOR_vcpu_op, "vcpu_op" },
				   { __HYPERVISOR_mmuext_op, "mmuext_op" },
				   { __HYPERVISOR_xsm_op, "xsm_op" },
				   { __HYPERVISOR_sched_op, "sched_op" },
				   { __HYPERVISOR_event_channel_op, "event_channel_op" },
				   { __HYPERVISOR_physdev_op, "physdev_op" },
				   { __HYPERVISOR_hvm_op, "hvm_op" },
				   { __HYPERVISOR_sysctl, "sysctl" },
				   { __HYPERVISOR_domctl, "domctl" },
				   { __HYPERVISOR_xenpmu_op, "xenpmu_op" },
				   { __HYPERVISOR_dm_op, "dm_op" },
				   { __HYPERVISOR_hypfs_op, "hypfs_op" }),
		  __entry->args[0], __entry->args[1], __entry->args[2],
		  __entry->args[3], __entry->args[4], __entry->ret)
);

/*
 * A Hyper-V hypercall xenhv made (TLFS 3.7-3.8): the call code, whether
 * it was fast, the rep count asked and done, and the status.
 */
TRACE_EVENT(xenhv_hv_hypercall,
	TP_PROTO(u64 control, u64 status),
	TP_ARGS(control, status),

	TP_STRUCT__entry(
		__field(u16, code)
		__field(bool, fast)
		__field(u16, reps)
		__field(u16, reps_done)
		__field(u16, status)
	),

	TP_fast_assign(
		__entry->code = lower_16_bits(control);
		__entry->fast = !!(control & HV_HYPERCALL_FAST_BIT);
		__entry->reps = (control & HV_HYPERCALL_REP_COMP_MASK) >>
				HV_HYPERCALL_REP_COMP_OFFSET;
		__entry->reps_done = (status & HV_HYPERCALL_REP_COMP_MASK) >>
				     HV_HYPERCALL_REP_COMP_OFFSET;
		__entry->status = status & HV_HYPERCALL_RESULT_MASK;
	),

	TP_printk("code 0x%04x%s reps %u/%u status 0x%x",
		  __entry->code, __entry->fast ? " fast" : "",
		  __entry->reps_done, __entry->reps, __entry->status)
);

#endif /* _XENHV_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE xenhv_trace
#include <trace/define_trace.h>
