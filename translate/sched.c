// SPDX-License-Identifier: GPL-2.0
/*
 * sched_op (hypercall 29): yield becomes HvCallNotifyLongSpinWait; poll
 * and block wait for events and timers; shutdown reports a crash through
 * the Hyper-V guest crash MSRs; the rest as Xen 4.17 answers a domU.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/limits.h>
#include "xenhv_engine.h"
#include "time.h"

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

/*
 * Wait for @done, or until @deadline: a timer of this vCPU that falls due
 * meanwhile is run here, so it wakes the wait even where the backend
 * spins with interrupts off and the timer interrupt cannot come in.
 */
static void xenhv_sched_wait(struct xenhv_domain *d, unsigned int vcpu,
			     bool (*done)(void *arg), void *arg, u64 deadline)
{
	struct xenhv_backend *be = d->be;
	u64 timer;

	/* Raises wake waiters only while one is counted (xenhv_evtchn_waiting()). */
	xenhv_evtchn_waiting(d, true);
	for (;;) {
		timer = xenhv_time_next_deadline(d, vcpu);
		/* block() returns once @done or its deadline has passed. */
		be->ops->block(be, done, arg, min(deadline, timer));
		if (done(arg) || timer >= deadline)
			break;
		xenhv_time_service(d, vcpu);	/* raises VIRQ_TIMER */
		if (done(arg))
			break;
	}
	xenhv_evtchn_waiting(d, false);
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
	xenhv_sched_wait(d, w.vcpu, xenhv_poll_done, &w, sp.timeout ? sp.timeout : U64_MAX);
	return 0;
}

static bool xenhv_block_done(void *arg)
{
	struct xenhv_poll_wait *w = arg;

	return xenhv_evtchn_upcall_pending(w->d, w->vcpu);
}

/*
 * SCHEDOP_block (vcpu_block_enable_events()): unmask the upcall, then
 * sleep until this vCPU has an event to deliver (a timer firing is one:
 * VIRQ_TIMER); returns 0.
 */
static long xenhv_sched_block(struct xenhv_domain *d)
{
	struct xenhv_poll_wait w = { .d = d };

	if (!d->evtchn)
		return 0;
	w.vcpu = d->be->ops->this_vcpu(d->be);
	xenhv_evtchn_enable_events(d, w.vcpu);
	if (!xenhv_evtchn_upcall_pending(d, w.vcpu))
		xenhv_sched_wait(d, w.vcpu, xenhv_block_done, &w, U64_MAX);
	return 0;
}

/*
 * A crash as the Hyper-V host sees one (TLFS "guest crash enlightenment",
 * as arch/x86/hyperv/hv_init.c hyperv_report_panic() does): the five
 * parameter MSRs, then CRASH_CTL with CRASH_NOTIFY. P0 holds the Xen
 * shutdown reason, P1 the domid, P2 the reporting vCPU, P3 the
 * shutdown code, P4 xenhv's marker.
 */
static void xenhv_report_crash(struct xenhv_domain *d, unsigned int reason)
{
	struct xenhv_backend *be = d->be;

	if (!be->crash_msrs)
		return;
	be->ops->write_msr(be, HV_X64_MSR_CRASH_P0, reason);
	be->ops->write_msr(be, HV_X64_MSR_CRASH_P1, d->domid);
	be->ops->write_msr(be, HV_X64_MSR_CRASH_P2, be->ops->this_vcpu(be));
	be->ops->write_msr(be, HV_X64_MSR_CRASH_P3, d->shutdown_code);
	be->ops->write_msr(be, HV_X64_MSR_CRASH_P4, XENHV_CRASH_MAGIC);
	be->ops->write_msr(be, HV_X64_MSR_CRASH_CTL, HV_CRASH_CTL_CRASH_NOTIFY);
}

/**
 * xenhv_domain_shutdown - domain_shutdown() (xen/common/domain.c)
 * @d: the domain
 * @reason: SHUTDOWN_*, any u8 (Xen does not validate it)
 *
 * Once: a second shutdown does nothing. A code set by
 * SCHEDOP_shutdown_code wins over @reason. Crash and watchdog are
 * reported to Hyper-V through the crash MSRs; then the backend ends the
 * domain (the partition: power off, restart). Suspend needs a toolstack
 * to save the domain, which Hyper-V does not offer a guest: it is
 * answered as a cancelled suspend, 1, what Xen returns to an HVM guest
 * whose suspend the toolstack cancelled.
 *
 * Return: 0, or 1 for a cancelled suspend.
 */
long xenhv_domain_shutdown(struct xenhv_domain *d, unsigned int reason)
{
	unsigned int code;

	reason = (u8)reason;
	if (reason == SHUTDOWN_suspend)
		return 1;
	if (xchg(&d->shutting_down, true))
		return 0;
	code = cmpxchg(&d->shutdown_code, XENHV_SHUTDOWN_CODE_INVALID, reason);
	if (code != XENHV_SHUTDOWN_CODE_INVALID)
		reason = code;
	if (reason == SHUTDOWN_crash || reason == SHUTDOWN_watchdog)
		xenhv_report_crash(d, reason);
	d->be->ops->shutdown(d->be, reason);
	return 0;
}

/* domain_watchdog_timeout(): a watchdog expired. */
void xenhv_sched_watchdog_expired(struct xenhv_domain *d)
{
	xenhv_domain_shutdown(d, SHUTDOWN_watchdog);
}

long xenhv_sched_op(struct xenhv_domain *d, int cmd, unsigned long arg)
{
	union {
		struct sched_shutdown shutdown;
		struct sched_remote_shutdown remote;
		struct sched_watchdog wd;
	} u;

	switch (cmd) {
	case SCHEDOP_yield:
		return xenhv_sched_yield(d);
	case SCHEDOP_poll:
		return xenhv_sched_poll(d, arg);
	case SCHEDOP_block:
		return xenhv_sched_block(d);
	case SCHEDOP_shutdown:
		if (xenhv_copy_from_guest(d, &u.shutdown, arg, sizeof(u.shutdown)))
			return -XEN_EFAULT;
		return xenhv_domain_shutdown(d, u.shutdown.reason);
	case SCHEDOP_shutdown_code:
		/* Sets the code once, as (u8)reason; never shuts down. */
		if (xenhv_copy_from_guest(d, &u.shutdown, arg, sizeof(u.shutdown)))
			return -XEN_EFAULT;
		cmpxchg(&d->shutdown_code, XENHV_SHUTDOWN_CODE_INVALID, (u8)u.shutdown.reason);
		return 0;
	case SCHEDOP_remote_shutdown:
		/*
		 * rcu_lock_domain_by_id() does not resolve DOMID_SELF (-ESRCH);
		 * the domain's own id, dom0 or the peer is found, and then
		 * XSM_DM_PRIV refuses a domU (-EPERM).
		 */
		if (xenhv_copy_from_guest(d, &u.remote, arg, sizeof(u.remote)))
			return -XEN_EFAULT;
		return u.remote.domain_id == d->domid ||
		       xenhv_is_other_domain(d, u.remote.domain_id) ? -XEN_EPERM : -XEN_ESRCH;
	case SCHEDOP_watchdog:
		if (xenhv_copy_from_guest(d, &u.wd, arg, sizeof(u.wd)))
			return -XEN_EFAULT;
		if (!d->time)
			return -XEN_ENOSYS;
		return xenhv_sched_watchdog(d, u.wd.id, u.wd.timeout);
	case SCHEDOP_pin_override:
		/* Hardware domain only, checked before the argument is read. */
		return -XEN_EPERM;
	default:
		return -XEN_ENOSYS;
	}
}
