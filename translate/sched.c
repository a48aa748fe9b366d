// SPDX-License-Identifier: GPL-2.0
/*
 * sched_op (hypercall 29): yield becomes HvCallNotifyLongSpinWait; poll
 * and block wait for events and timers; the domain watchdogs run on
 * time.c's domain timers; shutdown is domain.c's; the rest as Xen 4.17
 * answers a domU.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/limits.h>
#include <linux/time64.h>
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

	xenhv_be_hypercall_fast(be, HVCALL_NOTIFY_LONG_SPIN_WAIT, 0, 0);
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
		xenhv_be_block(be, done, arg, min(deadline, timer));
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
	w.vcpu = xenhv_be_this_vcpu(d->be);
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
	w.vcpu = xenhv_be_this_vcpu(d->be);
	xenhv_evtchn_enable_events(d, w.vcpu);
	if (!xenhv_evtchn_upcall_pending(d, w.vcpu))
		xenhv_sched_wait(d, w.vcpu, xenhv_block_done, &w, U64_MAX);
	return 0;
}

/* Xen's domain watchdogs (NR_DOMAIN_WATCHDOG_TIMERS), one domain timer each. */
#define XENHV_NR_WATCHDOGS	XENHV_NR_DOMAIN_TIMERS

/*
 * domain_watchdog_timeout(): a watchdog expired. Its domain timer was
 * disarmed as it fired, so the watchdog is free again.
 */
static void xenhv_sched_watchdog_timeout(struct xenhv_domain *d)
{
	xenhv_domain_shutdown(d, SHUTDOWN_watchdog);
}

/**
 * xenhv_sched_watchdog - SCHEDOP_watchdog, domain_watchdog()
 * @d: the domain
 * @id: 0 allocates; 1..2 names one
 * @timeout: seconds; 0 frees the named one (or, on allocation, expires
 *	at once, as Xen's set_timer(NOW()) does)
 *
 * A watchdog is in use while its domain timer (time.c) is armed.
 *
 * Return: the new id, 0, -EINVAL (bad or unused id) or -ENOSPC.
 */
static long xenhv_sched_watchdog(struct xenhv_domain *d, u32 id, u32 timeout)
{
	struct xenhv_time_domain *td = d->time;
	unsigned long flags;
	long ret = 0;
	unsigned int i;
	u64 now;

	if (id > XENHV_NR_WATCHDOGS)
		return -XEN_EINVAL;
	now = xenhv_system_time(d);
	spin_lock_irqsave(&td->lock, flags);
	td->timers_fired = xenhv_sched_watchdog_timeout;
	if (id == 0) {
		ret = -XEN_ENOSPC;
		for (i = 0; i < XENHV_NR_WATCHDOGS; i++) {
			if (!td->timer_armed[i]) {
				td->timer_armed[i] = true;
				td->timer[i] = now + (u64)timeout * NSEC_PER_SEC;
				ret = i + 1;
				break;
			}
		}
	} else if (!td->timer_armed[id - 1]) {
		ret = -XEN_EINVAL;
	} else if (!timeout) {
		td->timer_armed[id - 1] = false;
	} else {
		td->timer[id - 1] = now + (u64)timeout * NSEC_PER_SEC;
	}
	spin_unlock_irqrestore(&td->lock, flags);
	if (ret >= 0)
		xenhv_time_domain_timers_changed(d);
	return ret;
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
