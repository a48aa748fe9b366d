// SPDX-License-Identifier: GPL-2.0
/*
 * SynIC bring-up: xenhv's SINT, its per-vCPU interrupt vectors, and the
 * message and event-flag pages, shared with hv_vmbus when it is loaded.
 *
 * A module cannot add an IDT entry, so xenhv takes its vectors from the
 * kernel's own vector allocator: one managed interrupt per vCPU in the
 * x86 vector domain, pinned to that vCPU. A SINT names a vector per VP, so
 * the vectors may differ between vCPUs. A managed interrupt is shut down
 * when its CPU goes offline and restarted when it comes back; the
 * hotplug callback then reprograms the SINT with whatever vector it has.
 *
 * SIMP, SIEFP and SCONTROL are per-VP and shared by every SynIC user.
 * drivers/hv/hv.c hv_synic_enable_regs() sets them when hv_vmbus loads, and
 * it points SIMP at its own page. So xenhv enables them only where nobody
 * has, and finds the message page from the SIMP MSR when a message
 * arrives instead of caching it. hv_vmbus owns SINT2 (VMBUS_MESSAGE_SINT);
 * xenhv owns one other SINT and touches no other.
 *
 * Reading SIMP is an intercepted MSR, a VM exit, so event-channel upcalls
 * do not come on the SINT's vector: each vCPU has a second vector, the
 * upcall vector, that xenhv's own IPIs (HvCallSendSyntheticClusterIpi and
 * the self-IPI) target. Its handler reads no MSR: it runs the time duties
 * a kick asked for and the upcall. The SINT's vector carries only what
 * Hyper-V sends: timer-expired messages and host-connection event flags.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/gfp.h>
#include <linux/percpu.h>
#include <linux/mm.h>
#include <asm/irqdomain.h>
#include <asm/hw_irq.h>
#include <asm/msr.h>
#include <asm/io.h>
#include "xenhv_shim.h"

struct xenhv_synic_cpu {
	int irq;			/* the SINT's interrupt; 0: none on this vCPU */
	u8 vector;
	int upcall_irq;			/* the upcall vector's interrupt; 0: none */
	u64 upcall_irqs;
	void *simp_page;		/* xenhv's pages, used if nobody else's */
	void *siefp_page;
	bool own_simp, own_siefp, own_scontrol, sint_set;
	u64 sint_irqs;
	u64 timer_msgs;
	u64 other_msgs;
};

static struct xenhv_synic_cpu __percpu *xenhv_synic;
static unsigned int xenhv_sint;
static enum cpuhp_state xenhv_cpuhp_state;

static u32 xenhv_sint_msr(void)
{
	return HV_REGISTER_SINT0 + xenhv_sint;
}

/*
 * The page behind SIMP or SIEFP, read from the MSR each time because
 * hv_vmbus may repoint it at its own page; NULL if disabled. Both MSRs
 * have the enable bit at 0 and the GPA from bit 12. An overlay page
 * outside RAM is not in the direct map, so it is not used.
 */
static void *xenhv_synic_page(u32 msr)
{
	/* SIMP and SIEFP share a layout: enable in bit 0, the GPA's frame above. */
	union hv_synic_simp val;

	rdmsrl(msr, val.as_uint64);
	if (!val.simp_enabled)
		return NULL;
	return pfn_valid(val.base_simp_gpa) ? pfn_to_kaddr(val.base_simp_gpa) : NULL;
}

/* The message slot for xenhv's SINT, or NULL. */
static struct hv_message *xenhv_sint_message(void)
{
	struct hv_message_page *page = xenhv_synic_page(HV_REGISTER_SIMP);

	return page ? &page->sint_message[xenhv_sint] : NULL;
}

/* The event flags of xenhv's SINT, or NULL. */
static union hv_synic_event_flags *xenhv_sint_event_flags(void)
{
	union hv_synic_event_flags *flags = xenhv_synic_page(HV_REGISTER_SIEFP);

	return flags ? flags + xenhv_sint : NULL;
}

/* Each flag the host set raises the port bound to it (TLFS 11.9.3). */
static void xenhv_hv_event_flags(void)
{
	union hv_synic_event_flags *ef;
	unsigned int i, bit;

	if (!xenhv_has_hv_conns())
		return;
	ef = xenhv_sint_event_flags();
	if (!ef)
		return;
	for (i = 0; i < HV_EVENT_FLAGS_LONG_COUNT; i++) {
		unsigned long word = READ_ONCE(ef->flags[i]);

		while (word) {
			bit = __ffs(word);
			word &= word - 1;
			if (test_and_clear_bit(bit, &ef->flags[i]))
				xenhv_hv_event(i * BITS_PER_LONG + bit);
		}
	}
}

/*
 * Free the slot, then ask for the next message if Hyper-V has one queued
 * (TLFS 11.10.3). Same protocol as vmbus_signal_eom(), which is unusable
 * here: on a kernel without CONFIG_HYPERV its register write is a no-op.
 */
static void xenhv_message_done(struct hv_message *msg, u32 type)
{
	if (cmpxchg(&msg->header.message_type, type, HVMSG_NONE) != type)
		return;
	/*
	 * Order the slot release before reading msg_pending: Hyper-V sets
	 * msg_pending only while the slot is full, so reading it first could
	 * miss a message queued just as we freed the slot.
	 */
	mb();
	if (msg->header.message_flags.msg_pending)
		wrmsrl(HV_REGISTER_EOM, 0);
}

static irqreturn_t xenhv_sint_interrupt(int irq, void *dev_id)
{
	struct xenhv_synic_cpu *sc = this_cpu_ptr(xenhv_synic);
	struct hv_message *msg;
	bool timer = false;
	u32 type;

	sc->sint_irqs++;
	msg = xenhv_sint_message();
	if (msg) {
		type = READ_ONCE(msg->header.message_type);
		if (type != HVMSG_NONE) {
			timer = type == HVMSG_TIMER_EXPIRED;
			if (timer)
				sc->timer_msgs++;
			else
				sc->other_msgs++;
			xenhv_message_done(msg, type);
		}
	}
	/* Host connections set flags in our SINT's event-flag slot. */
	xenhv_hv_event_flags();
	/* A synthetic timer expired: its VIRQ_TIMER kicks the upcall vector. */
	xenhv_run_time(timer);
	/* The vector is xenhv's alone: every interrupt on it is ours. */
	return IRQ_HANDLED;
}

/*
 * xenhv's own IPIs: an event-channel upcall, or time duties that changed
 * on this vCPU (xenhv_time_service() from another vCPU). No MSR access.
 */
static irqreturn_t xenhv_upcall_interrupt(int irq, void *dev_id)
{
	struct xenhv_synic_cpu *sc = this_cpu_ptr(xenhv_synic);

	sc->upcall_irqs++;
	xenhv_run_time(false);
	xenhv_run_upcall();
	return IRQ_HANDLED;
}

static int xenhv_synic_cpu_online(unsigned int cpu)
{
	struct xenhv_synic_cpu *sc = this_cpu_ptr(xenhv_synic);
	union hv_synic_scontrol sctrl;
	union hv_synic_simp simp;
	union hv_synic_siefp siefp;
	union hv_synic_sint sint;
	u64 vp_index;

	if (!rdmsrl_safe(HV_REGISTER_VP_INDEX, &vp_index))
		xenhv_backend_set_vp_index(cpu, (u32)vp_index);

	rdmsrl(HV_REGISTER_SIMP, simp.as_uint64);
	if (!simp.simp_enabled) {
		simp.base_simp_gpa = virt_to_phys(sc->simp_page) >> HV_HYP_PAGE_SHIFT;
		simp.simp_enabled = 1;
		wrmsrl(HV_REGISTER_SIMP, simp.as_uint64);
		sc->own_simp = true;
	}
	rdmsrl(HV_REGISTER_SIEFP, siefp.as_uint64);
	if (!siefp.siefp_enabled) {
		siefp.base_siefp_gpa = virt_to_phys(sc->siefp_page) >> HV_HYP_PAGE_SHIFT;
		siefp.siefp_enabled = 1;
		wrmsrl(HV_REGISTER_SIEFP, siefp.as_uint64);
		sc->own_siefp = true;
	}

	/*
	 * A managed interrupt may come back with another vector: look again,
	 * and publish it last, after the VP index, for remote kicks to use.
	 */
	if (sc->upcall_irq)
		xenhv_backend_set_upcall_vector(cpu,
						irqd_cfg(irq_get_irq_data(sc->upcall_irq))->vector);
	if (sc->irq) {
		sc->vector = irqd_cfg(irq_get_irq_data(sc->irq))->vector;
		sint.as_uint64 = 0;
		sint.vector = sc->vector;
		sint.masked = false;
		sint.auto_eoi = false;	/* EOI through the local APIC, as Linux's IRQ core does */
		wrmsrl(xenhv_sint_msr(), sint.as_uint64);
		sc->sint_set = true;
	} else {
		pr_warn_once("vCPU %u came online after load: it has no xenhv vector\n", cpu);
	}

	rdmsrl(HV_REGISTER_SCONTROL, sctrl.as_uint64);
	if (!sctrl.enable) {
		sctrl.enable = 1;
		wrmsrl(HV_REGISTER_SCONTROL, sctrl.as_uint64);
		sc->own_scontrol = true;
	}
	/* Events raised while the vCPU was down got no upcall: now they do. */
	if (sc->upcall_irq)
		xenhv_vcpu_online(cpu);
	return 0;
}

static int xenhv_synic_cpu_offline(unsigned int cpu)
{
	struct xenhv_synic_cpu *sc = this_cpu_ptr(xenhv_synic);
	union hv_synic_scontrol sctrl;
	union hv_synic_simp simp;
	union hv_synic_siefp siefp;
	union hv_synic_sint sint;

	/* No more kicks to this vCPU: events for it stay pending, as in Xen. */
	xenhv_backend_set_upcall_vector(cpu, 0);
	if (sc->sint_set) {
		sint.as_uint64 = 0;
		sint.masked = true;
		wrmsrl(xenhv_sint_msr(), sint.as_uint64);
		sc->sint_set = false;
	}
	/*
	 * Undo only what xenhv enabled, and only while it is still ours: if
	 * hv_vmbus loaded meanwhile, SIMP now points at its page and it is
	 * hv_vmbus that will disable it.
	 */
	rdmsrl(HV_REGISTER_SIMP, simp.as_uint64);
	if (sc->own_simp && simp.base_simp_gpa ==
	    virt_to_phys(sc->simp_page) >> HV_HYP_PAGE_SHIFT) {
		simp.simp_enabled = 0;
		simp.base_simp_gpa = 0;
		wrmsrl(HV_REGISTER_SIMP, simp.as_uint64);
	}
	rdmsrl(HV_REGISTER_SIEFP, siefp.as_uint64);
	if (sc->own_siefp && siefp.base_siefp_gpa ==
	    virt_to_phys(sc->siefp_page) >> HV_HYP_PAGE_SHIFT) {
		siefp.siefp_enabled = 0;
		siefp.base_siefp_gpa = 0;
		wrmsrl(HV_REGISTER_SIEFP, siefp.as_uint64);
	}
	/* SCONTROL stays on while anyone's message page is still enabled. */
	rdmsrl(HV_REGISTER_SIMP, simp.as_uint64);
	if (sc->own_scontrol && !simp.simp_enabled) {
		rdmsrl(HV_REGISTER_SCONTROL, sctrl.as_uint64);
		sctrl.enable = 0;
		wrmsrl(HV_REGISTER_SCONTROL, sctrl.as_uint64);
	}
	sc->own_simp = false;
	sc->own_siefp = false;
	sc->own_scontrol = false;
	return 0;
}

/* One managed interrupt pinned to @cpu, with a vector in the kernel's space. */
static int xenhv_alloc_vcpu_irq(unsigned int cpu, irq_handler_t handler, const char *name,
				int *irq_out)
{
	struct irq_affinity_desc affinity = { .is_managed = 1 };
	struct irq_alloc_info info = { .mask = cpumask_of(cpu) };
	struct xenhv_synic_cpu *sc = per_cpu_ptr(xenhv_synic, cpu);
	int irq, ret;

	cpumask_copy(&affinity.mask, cpumask_of(cpu));
	irq = __irq_domain_alloc_irqs(x86_vector_domain, -1, 1, cpu_to_node(cpu),
				      &info, false, &affinity);
	if (irq < 0)
		return irq;
	/*
	 * The vector domain gives the interrupt a chip (the local APIC) but no
	 * flow handler: an MSI or IOAPIC parent normally sets that. Edge flow
	 * acks (EOIs) the local APIC, as a SINT without AutoEOI needs.
	 */
	irq_set_handler(irq, handle_edge_irq);
	ret = request_irq(irq, handler, IRQF_NOBALANCING, name, sc);
	if (ret) {
		irq_dispose_mapping(irq);
		return ret;
	}
	*irq_out = irq;
	return 0;
}

/* The SINT's vector and the upcall vector of @cpu. */
static int xenhv_alloc_vcpu_irqs(unsigned int cpu)
{
	struct xenhv_synic_cpu *sc = per_cpu_ptr(xenhv_synic, cpu);
	int ret;

	ret = xenhv_alloc_vcpu_irq(cpu, xenhv_sint_interrupt, "xenhv-sint", &sc->irq);
	if (ret)
		return ret;
	return xenhv_alloc_vcpu_irq(cpu, xenhv_upcall_interrupt, "xenhv-upcall",
				    &sc->upcall_irq);
}

static void xenhv_free_vcpu_irq(struct xenhv_synic_cpu *sc, int *irq)
{
	if (*irq) {
		free_irq(*irq, sc);
		irq_dispose_mapping(*irq);
		*irq = 0;
	}
}

static void xenhv_free_vcpu_irqs(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct xenhv_synic_cpu *sc = per_cpu_ptr(xenhv_synic, cpu);

		xenhv_free_vcpu_irq(sc, &sc->irq);
		xenhv_free_vcpu_irq(sc, &sc->upcall_irq);
		xenhv_backend_unhide_page(sc->simp_page);
		xenhv_backend_unhide_page(sc->siefp_page);
		free_page((unsigned long)sc->simp_page);
		free_page((unsigned long)sc->siefp_page);
	}
}

/**
 * xenhv_synic_init - take @sint and a vector on every vCPU
 * @sint: the SINT xenhv owns (0-15, not hv_vmbus's)
 *
 * Return: 0, -EBUSY if someone already uses @sint, or another errno.
 */
int xenhv_synic_init(unsigned int sint)
{
	union hv_synic_sint cur;
	unsigned int cpu;
	int ret;

	xenhv_sint = sint;
	rdmsrl(HV_REGISTER_SINT0 + sint, cur.as_uint64);
	if (!cur.masked) {
		pr_err("SynIC SINT%u is in use (vector %u); pick another with sint=\n",
		       sint, cur.vector);
		return -EBUSY;
	}

	xenhv_synic = alloc_percpu(struct xenhv_synic_cpu);
	if (!xenhv_synic)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct xenhv_synic_cpu *sc = per_cpu_ptr(xenhv_synic, cpu);

		sc->simp_page = (void *)get_zeroed_page(GFP_KERNEL);
		sc->siefp_page = (void *)get_zeroed_page(GFP_KERNEL);
		if (!sc->simp_page || !sc->siefp_page ||
		    xenhv_backend_hide_page(sc->simp_page) ||
		    xenhv_backend_hide_page(sc->siefp_page)) {
			ret = -ENOMEM;
			goto err_free;
		}
	}

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		ret = xenhv_alloc_vcpu_irqs(cpu);
		if (ret) {
			pr_err("no interrupt vectors for vCPU %u: %d\n", cpu, ret);
			goto err_unlock;
		}
	}
	ret = cpuhp_setup_state_cpuslocked(CPUHP_AP_ONLINE_DYN, "xenhv/synic:online",
					   xenhv_synic_cpu_online,
					   xenhv_synic_cpu_offline);
	if (ret < 0)
		goto err_unlock;
	xenhv_cpuhp_state = ret;
	cpus_read_unlock();
	return 0;

err_unlock:
	cpus_read_unlock();
err_free:
	xenhv_free_vcpu_irqs();
	free_percpu(xenhv_synic);
	xenhv_synic = NULL;
	return ret;
}

void xenhv_synic_exit(void)
{
	if (!xenhv_synic)
		return;
	/* Runs the offline callback on every online vCPU: SINT masked first. */
	cpuhp_remove_state(xenhv_cpuhp_state);
	xenhv_free_vcpu_irqs();
	free_percpu(xenhv_synic);
	xenhv_synic = NULL;
}

/**
 * xenhv_get_vcpu_info - what xenhv set up on one vCPU, and its counters
 * @cpu: the vCPU
 * @vi: filled in
 *
 * Return: 0, or -EINVAL if @cpu is not a possible CPU.
 */
int xenhv_get_vcpu_info(unsigned int cpu, struct xenhv_vcpu_info *vi)
{
	const struct xenhv_synic_cpu *sc;

	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return -EINVAL;
	sc = per_cpu_ptr(xenhv_synic, cpu);
	vi->vp_index = xenhv_vp_index(&xenhv_real_backend, cpu);
	xenhv_domain_vcpu_info(cpu, vi);
	vi->vector = sc->irq ? sc->vector : 0;
	vi->sint_irqs = READ_ONCE(sc->sint_irqs);
	vi->upcall_vector = xenhv_backend_upcall_vector(cpu);
	vi->upcall_irqs = READ_ONCE(sc->upcall_irqs);
	vi->timer_msgs = READ_ONCE(sc->timer_msgs);
	return 0;
}
EXPORT_SYMBOL_GPL(xenhv_get_vcpu_info);
