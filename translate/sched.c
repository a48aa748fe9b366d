// SPDX-License-Identifier: GPL-2.0
/*
 * sched_op (hypercall 29): yield becomes HvCallNotifyLongSpinWait; poll
 * and block wait for events. shutdown and the rest land with the time
 * and vCPU issue.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/limits.h>
#include "xenhv_engine.h"

/*
 * SCHEDOP_yield: Xen's vcpu_yield() raises SCHEDULE_SOFTIRQ and returns 0
 * (xen/common/sched/core.c do_sched_op). The Hyper-V way to give up the
 * physical CPU is the spin-wait notification (TLFS "HvCallNotifyLongSpinWait",
 * a fast call whose only input is a spin count): Xen's own viridian code
 * turns that call into a yield (xen/arch/x86/hvm/viridian/viridian.c), and
 * KVM into kvm_vcpu_on_spin(). The count is only a hint; a yield has not
 * spun, so it says 0. A yield cannot fail in Xen, so a failed status is
 * counted by the backend but not returned.
 */
static long xenhv_sched_yield(struct xenhv_domain *d)
{
	struct xenhv_backend *be = d->be;

	be->ops->hypercall_fast(be, HVCALL_NOTIFY_LONG_SPIN_WAIT, 0, 0);
	return 0;
}

/* do_poll() takes at most this many ports. */
#define XENHV_POLL_MAX_PORTS	128

struct xenhv_poll_wait {
	struct xenhv_domain *d;
	const u32 *ports;
	unsigned int nr_ports;
	unsigned int vcpu;
};

static bool xenhv_poll_done(void *arg)
{
	struct xenhv_poll_wait *w = arg;

	/* A port pending, or an event to deliver to this vCPU, ends the wait. */
	return xenhv_evtchn_poll_ports(w->d, w->ports, w->nr_ports) != 0 ||
	       xenhv_evtchn_upcall_pending(w->d, w->vcpu);
}

/*
 * SCHEDOP_poll (do_poll()): more than 128 ports -EINVAL; an unreadable
 * list -EFAULT; an invalid or unusable port -EINVAL; if a port is already
 * pending, or this vCPU has events to deliver, return at once; else block
 * until one of the ports is raised, an event arrives, or system time
 * reaches @timeout (absolute ns; 0 waits forever). Every way out returns 0.
 */
static long xenhv_sched_poll(struct xenhv_domain *d, unsigned long arg)
{
	struct xenhv_poll_wait w = { .d = d };
	struct sched_poll sp;
	u32 ports[XENHV_POLL_MAX_PORTS];
	unsigned int i;
	int ret;

	if (xenhv_copy_from_guest(d, &sp, arg, sizeof(sp)))
		return -XEN_EFAULT;
	if (sp.nr_ports > XENHV_POLL_MAX_PORTS)
		return -XEN_EINVAL;
	for (i = 0; i < sp.nr_ports; i++)
		if (xenhv_copy_from_guest(d, &ports[i],
					  (unsigned long)sp.ports + i * sizeof(u32),
					  sizeof(u32)))
			return -XEN_EFAULT;
	if (!d->evtchn)
		return -XEN_EINVAL;
	ret = xenhv_evtchn_poll_ports(d, ports, sp.nr_ports);
	if (ret < 0)
		return ret;
	w.ports = ports;
	w.nr_ports = sp.nr_ports;
	w.vcpu = d->be->ops->this_vcpu(d->be);
	if (ret > 0 || xenhv_evtchn_upcall_pending(d, w.vcpu))
		return 0;
	d->be->ops->block(d->be, xenhv_poll_done, &w, sp.timeout ? sp.timeout : U64_MAX);
	return 0;
}

static bool xenhv_block_done(void *arg)
{
	struct xenhv_poll_wait *w = arg;

	return xenhv_evtchn_upcall_pending(w->d, w->vcpu);
}

/*
 * SCHEDOP_block (vcpu_block_enable_events()): unmask the upcall, then
 * sleep until this vCPU has an event to deliver; returns 0. A timer
 * (set_timer_op) can also wake it once the time family lands.
 */
static long xenhv_sched_block(struct xenhv_domain *d)
{
	struct xenhv_poll_wait w = { .d = d };

	if (!d->evtchn)
		return 0;
	w.vcpu = d->be->ops->this_vcpu(d->be);
	xenhv_evtchn_enable_events(d, w.vcpu);
	if (!xenhv_evtchn_upcall_pending(d, w.vcpu))
		d->be->ops->block(d->be, xenhv_block_done, &w, U64_MAX);
	return 0;
}

long xenhv_sched_op(struct xenhv_domain *d, int cmd, unsigned long arg)
{
	switch (cmd) {
	case SCHEDOP_yield:
		return xenhv_sched_yield(d);
	case SCHEDOP_poll:
		return xenhv_sched_poll(d, arg);
	case SCHEDOP_block:
		return xenhv_sched_block(d);
	default:
		/* Xen's answer for an unknown cmd; the others are still todo. */
		return -XEN_ENOSYS;
	}
}
