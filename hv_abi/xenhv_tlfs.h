/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hyper-V TLFS definitions as xenhv calls them: the kernel's TLFS header
 * plus pure helpers to build hypercall control words and decode results.
 */
#ifndef _XENHV_TLFS_H
#define _XENHV_TLFS_H

#include <linux/types.h>
#include <linux/bits.h>
#include <asm/hyperv-tlfs.h>

/* Each synthetic timer has a CONFIG and a COUNT MSR, in pairs from STIMER0. */
#define XENHV_STIMER_CONFIG_MSR(n)	(HV_REGISTER_STIMER0_CONFIG + 2 * (n))
#define XENHV_STIMER_COUNT_MSR(n)	(HV_REGISTER_STIMER0_COUNT + 2 * (n))

/* HV_X64_MSR_ICR low dword: the local APIC ICR's delivery mode NMI. */
#define XENHV_ICR_DELIVERY_NMI		0x400

/* What xenhv reports in the guest crash MSRs (HV_X64_MSR_CRASH_P4). */
#define XENHV_CRASH_MAGIC		0x78656e6876000000ULL	/* "xenhv" */

/* "Microsoft Hv" as CPUID 0x40000000 returns it in EBX, ECX, EDX. */
#define XENHV_HV_SIG_EBX		0x7263694d	/* "Micr" */
#define XENHV_HV_SIG_ECX		0x666f736f	/* "osof" */
#define XENHV_HV_SIG_EDX		0x76482074	/* "t Hv" */

/* CPUID 0x40000001 EAX: the "Hv#1" interface signature (TLFS 2.4.2). */
#define XENHV_HV_INTERFACE_SIG		0x31237648

/* drivers/hv: hv_vmbus takes SINT2 (VMBUS_MESSAGE_SINT) on every VP. */
#define XENHV_VMBUS_SINT		2

/* TLFS 3.8: the largest rep count a control word can carry (12 bits). */
#define XENHV_HV_MAX_REP_COUNT		0xfff

static inline u16 xenhv_hv_result(u64 status)
{
	return status & HV_HYPERCALL_RESULT_MASK;
}

static inline unsigned int xenhv_hv_reps_done(u64 status)
{
	return (status & HV_HYPERCALL_REP_COMP_MASK) >> HV_HYPERCALL_REP_COMP_OFFSET;
}

static inline u64 xenhv_hv_control(u16 code, unsigned int rep_count,
				   unsigned int rep_start, unsigned int varhead)
{
	return (u64)code |
	       ((u64)varhead << HV_HYPERCALL_VARHEAD_OFFSET) |
	       ((u64)rep_count << HV_HYPERCALL_REP_COMP_OFFSET) |
	       ((u64)rep_start << HV_HYPERCALL_REP_START_OFFSET);
}

#endif /* _XENHV_TLFS_H */
