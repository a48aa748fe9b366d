// SPDX-License-Identifier: GPL-2.0
/*
 * Xen time on Hyper-V's clock: pvclock snapshots and wallclock from the
 * reference TSC page (the arithmetic is pvclock.c's), set_timer_op, the
 * VCPUOP timers and the domain timers on a synthetic timer, and runstate
 * areas from the VP runtime MSR.
 *
 * Xen system time is Hyper-V partition reference time in ns: the TSC page
 * gives reference time as ((tsc * scale) >> 64) + offset in 100 ns units
 * (TLFS 12.7.3), so ns = ((tsc * scale * 100) >> 64) + offset * 100, with
 * no rounding until the end. pvclock gives the guest
 * system_time + ((tsc - tsc_timestamp) << shift) * mul >> 32; xenhv picks
 * system_time, mul and shift so the two agree to within 1 ns for as long
 * as a snapshot is used (its "window"), and refreshes each vCPU's copy
 * before the window ends or when the TSC page sequence changes.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/irqflags.h>
#include <asm/barrier.h>
#include "time.h"

/*
 * One consistent reading of the TSC page and the TSC (TLFS 12.7.3.2:
 * re-read while the sequence changes). Returns the sequence, or 0 when
 * there is no valid page ("use the reference counter MSR").
 */
static u32 xenhv_tsc_page_read(struct xenhv_backend *be, u64 *scale, s64 *offset,
			       u64 *tsc)
{
	const struct ms_hyperv_tsc_page *tp = xenhv_be_tsc_page(be);
	u32 seq;

	while (tp) {
		seq = READ_ONCE(tp->tsc_sequence);
		if (!seq)
			break;
		smp_rmb();	/* the sequence before the values */
		*scale = READ_ONCE(tp->tsc_scale);
		*offset = READ_ONCE(tp->tsc_offset);
		*tsc = xenhv_be_read_tsc(be);
		smp_rmb();	/* the values before the sequence re-check */
		if (READ_ONCE(tp->tsc_sequence) == seq)
			return seq;
	}
	return 0;
}

/* A fresh snapshot; returns the TSC page sequence used, 0 for the fallback. */
static u32 xenhv_pvclock_snapshot(struct xenhv_domain *d, struct xenhv_pvclock *pv)
{
	struct xenhv_backend *be = d->be;
	u64 scale, tsc, ref = 0, khz;
	s64 offset;
	u32 seq = xenhv_tsc_page_read(be, &scale, &offset, &tsc);

	if (seq) {
		pv->tsc_timestamp = tsc;
		pv->system_time = xenhv_tsc_page_ns(scale, offset, tsc, true);
	} else {
		/*
		 * No valid TSC page: anchor at the reference counter and scale
		 * by the TSC frequency (Hyper-V's frequency MSR, else the
		 * kernel's calibration). Exact only to that frequency;
		 * refreshed every window like the TSC-page case.
		 */
		tsc = xenhv_be_read_tsc(be);
		xenhv_be_read_msr(be, HV_X64_MSR_TIME_REF_COUNT, &ref);
		pv->tsc_timestamp = tsc;
		pv->system_time = ref * 100;
		khz = xenhv_be_tsc_khz(be);
		if (khz < XENHV_MIN_TSC_KHZ) {
			/*
			 * Frequency unknown: a clock that only moves at each
			 * refresh, refreshed every millisecond, beats one that
			 * runs at a made-up rate.
			 */
			pv->mul = 0;
			pv->shift = 0;
			d->time->window_ns = XENHV_UNKNOWN_TSC_WINDOW_NS;
			return 0;
		}
		scale = div64_u64(U64_MAX, khz) * 10000;	/* 2^64 * 1e4 / khz */
	}
	xenhv_pvclock_scale(scale, pv);
	d->time->window_ns = xenhv_pvclock_window_ns(scale);
	return seq;
}

/**
 * xenhv_system_time - Xen's NOW(): reference time in ns
 * @d: the domain
 *
 * From the TSC page when it is valid (no exit), else the reference
 * counter MSR.
 */
u64 xenhv_system_time(struct xenhv_domain *d)
{
	u64 scale, tsc, ref = 0;
	s64 offset;

	if (xenhv_tsc_page_read(d->be, &scale, &offset, &tsc))
		return xenhv_tsc_page_ns(scale, offset, tsc, false);
	xenhv_be_read_msr(d->be, HV_X64_MSR_TIME_REF_COUNT, &ref);
	return ref * 100;
}

static void xenhv_pvclock_to_abi(const struct xenhv_pvclock *pv,
				 struct pvclock_vcpu_time_info *t)
{
	memset(t, 0, sizeof(*t));
	t->tsc_timestamp = pv->tsc_timestamp;
	t->system_time = pv->system_time;
	t->tsc_to_system_mul = pv->mul;
	t->tsc_shift = pv->shift;
	/*
	 * flags stay 0: Xen 4.17 sets XEN_PVCLOCK_TSC_STABLE_BIT only with
	 * clocksource=tsc (xen/arch/x86/time.c), not by default, and each
	 * refresh may step the guest's time by up to 1 ns.
	 */
}

/*
 * Xen's version protocol (__update_vcpu_system_time()): odd while the
 * fields change, even and one higher when they are done.
 */
static int xenhv_write_time_area(struct xenhv_domain *d, unsigned long va,
				 const struct pvclock_vcpu_time_info *t)
{
	struct pvclock_vcpu_time_info cur;
	u32 version;
	int ret;

	ret = xenhv_copy_from_guest(d, &cur.version, va, sizeof(cur.version));
	if (ret)
		return ret;
	version = (cur.version + 1) | 1;
	ret = xenhv_copy_to_guest(d, va, &version, sizeof(version));
	smp_wmb();	/* odd version visible before the fields change */
	cur = *t;
	cur.version = version;
	ret = ret ?: xenhv_copy_to_guest(d, va, &cur, sizeof(cur));
	smp_wmb();	/* the fields visible before the even version */
	version++;
	return ret ?: xenhv_copy_to_guest(d, va, &version, sizeof(version));
}

/*
 * Runstate from what Hyper-V and the kernel know: running is the VP's
 * run time (HV_X64_MSR_VP_RUNTIME, 100 ns units), blocked is the time
 * the vCPU idled, and the rest of the time since the partition started
 * is runnable (the VP wanted to run and did not: stolen). Each stays
 * monotonic and the four add up to state_entry_time, as in Xen.
 */
static void xenhv_runstate_sample(struct xenhv_domain *d, unsigned int vcpu,
				  struct vcpu_runstate_info *rs, u64 now)
{
	struct xenhv_backend *be = d->be;
	u64 *t = rs->time;
	u64 run = 0, idle, r, b, rest;

	xenhv_be_read_msr(be, HV_X64_MSR_VP_RUNTIME, &run);
	run *= 100;
	idle = xenhv_be_idle_ns(be, vcpu);
	now = max(now, rs->state_entry_time);
	r = clamp_t(u64, run, t[RUNSTATE_running],
		    now - t[RUNSTATE_runnable] - t[RUNSTATE_blocked] - t[RUNSTATE_offline]);
	rest = now - r - t[RUNSTATE_offline];	/* runnable + blocked */
	b = clamp_t(u64, idle, t[RUNSTATE_blocked], rest - t[RUNSTATE_runnable]);
	t[RUNSTATE_running] = r;
	t[RUNSTATE_blocked] = b;
	t[RUNSTATE_runnable] = rest - b;
	rs->state = RUNSTATE_running;
	rs->state_entry_time = now;
}

/*
 * update_runstate_area() (xen/arch/x86/domain.c): with
 * VMASST_TYPE_runstate_update_flag, XEN_RUNSTATE_UPDATE is set in the top
 * byte of state_entry_time before the copy and cleared after it, so a
 * reader can tell a torn copy.
 */
#define XENHV_RS_FLAG_BYTE	(offsetof(struct vcpu_runstate_info, state_entry_time) + 7)

/* Write @len bytes at @off of @tv's runstate area, mapped frame or guest handle. */
static int xenhv_runstate_put(struct xenhv_domain *d, struct xenhv_time_vcpu *tv,
			      size_t off, const void *src, size_t len)
{
	if (tv->runstate_map) {
		memcpy((u8 *)tv->runstate_map + off, src, len);
		return 0;
	}
	return xenhv_copy_to_guest(d, tv->runstate_va + off, src, len);
}

static int xenhv_runstate_write(struct xenhv_domain *d, struct xenhv_time_vcpu *tv,
				const struct vcpu_runstate_info *rs)
{
	struct vcpu_runstate_info copy = *rs;
	bool flag = test_bit(VMASST_TYPE_runstate_update_flag, &d->vm_assist);
	u8 top = (u8)(rs->state_entry_time >> 56);
	u8 flagged = top | (u8)(XEN_RUNSTATE_UPDATE >> 56);
	int ret = 0;

	if (!tv->runstate_map && !tv->runstate_va)
		return 0;
	if (flag) {
		copy.state_entry_time |= XEN_RUNSTATE_UPDATE;
		ret = xenhv_runstate_put(d, tv, XENHV_RS_FLAG_BYTE, &flagged, 1);
		smp_wmb();	/* flag visible before the copy */
	}
	ret = ret ?: xenhv_runstate_put(d, tv, 0, &copy, sizeof(copy));
	if (flag) {
		smp_wmb();	/* the copy visible before the flag clears */
		ret = ret ?: xenhv_runstate_put(d, tv, XENHV_RS_FLAG_BYTE, &top, 1);
	}
	return ret;
}

/* The TSC page's sequence differs from the one the snapshot came from. */
static bool xenhv_tsc_page_moved(struct xenhv_domain *d)
{
	const struct ms_hyperv_tsc_page *tp = xenhv_be_tsc_page(d->be);

	return (tp ? READ_ONCE(tp->tsc_sequence) : 0) != d->time->tsc_sequence;
}

/* Take a new snapshot if the TSC page moved on or the window ran out. */
static void xenhv_pvclock_maybe_resnap(struct xenhv_domain *d, u64 now)
{
	struct xenhv_time_domain *td = d->time;
	u64 snap_ns = td->pv.system_time;

	if (td->window_ns && !xenhv_tsc_page_moved(d) && now >= snap_ns &&
	    now - snap_ns < td->window_ns)
		return;
	td->tsc_sequence = xenhv_pvclock_snapshot(d, &td->pv);
}

/*
 * Bring @vcpu's time views up to date: vcpu_info.time (and the time
 * area) from the shared snapshot, and, when @sample, its runstate from
 * this VP's run time (only the vCPU itself can read its VP_RUNTIME).
 */
static void xenhv_time_refresh(struct xenhv_domain *d, unsigned int vcpu, bool sample)
{
	struct xenhv_time_domain *td = d->time;
	struct xenhv_time_vcpu *tv = &td->vcpus[vcpu];
	struct pvclock_vcpu_time_info t;
	struct vcpu_runstate_info rs;
	bool has_runstate;
	unsigned long flags;
	u64 now = xenhv_system_time(d);

	spin_lock_irqsave(&td->lock, flags);
	xenhv_pvclock_maybe_resnap(d, now);
	xenhv_pvclock_to_abi(&td->pv, &t);
	has_runstate = tv->runstate_map || tv->runstate_va;
	if (sample && has_runstate)
		xenhv_runstate_sample(d, vcpu, &tv->runstate, now);
	rs = tv->runstate;
	tv->next_refresh = td->pv.system_time + td->window_ns;
	if (tv->time_area_map)
		xenhv_pvclock_publish(tv->time_area_map, &t);
	if (tv->runstate_map)
		xenhv_runstate_write(d, tv, &rs);
	spin_unlock_irqrestore(&td->lock, flags);

	xenhv_evtchn_write_vcpu_time(d, vcpu, &t);
	/* Guest handles are written outside the lock: they may fault. */
	if (tv->time_area_va)
		xenhv_write_time_area(d, tv->time_area_va, &t);
	if (has_runstate && !tv->runstate_map)
		xenhv_runstate_write(d, tv, &rs);
}

/* Whether @vcpu needs its time views refreshed at all. */
static bool xenhv_time_needs_refresh(struct xenhv_domain *d, unsigned int vcpu)
{
	struct xenhv_time_vcpu *tv = &d->time->vcpus[vcpu];

	return xenhv_evtchn_has_vcpu_info(d, vcpu) || tv->runstate_va ||
	       tv->runstate_map || tv->time_area_va || tv->time_area_map;
}

/* The earliest thing @vcpu's synthetic timer must wake it for; 0 if none. */
static u64 xenhv_time_next_locked(struct xenhv_domain *d, unsigned int vcpu)
{
	struct xenhv_time_domain *td = d->time;
	struct xenhv_time_vcpu *tv = &td->vcpus[vcpu];
	u64 next = U64_MAX;
	unsigned int i;

	if (tv->singleshot)
		next = min(next, tv->singleshot);
	if (tv->periodic_period)
		next = min(next, tv->periodic_last + tv->periodic_period);
	if (tv->next_refresh)
		next = min(next, tv->next_refresh);
	/* Domain timers run on vCPU 0, as a housekeeping duty. */
	for (i = 0; vcpu == 0 && i < XENHV_NR_DOMAIN_TIMERS; i++)
		if (td->timer_armed[i])
			next = min(next, td->timer[i]);
	return next == U64_MAX ? 0 : next;
}

/*
 * Program this vCPU's synthetic timer for @next (absolute ns; 0 stops
 * it). One-shot, with auto-enable: writing COUNT (absolute reference
 * time, 100 ns units, rounded up so it never fires early) arms it
 * (TLFS 12.4.2). The config goes in once, in message mode on xenhv's
 * SINT even where direct mode is offered: the SINT also brings host
 * connections' event flags, and the timer-expired message tells its
 * handler that a timer is due without a clock read.
 */
static void xenhv_stimer_program(struct xenhv_domain *d, unsigned int vcpu, u64 next)
{
	struct xenhv_backend *be = d->be;
	struct xenhv_time_vcpu *tv = &d->time->vcpus[vcpu];
	u64 count = next ? max_t(u64, DIV_ROUND_UP_ULL(next, 100), 1) : 0;
	union hv_stimer_config config = { .as_uint64 = 0 };

	if (count == tv->armed_count || d->time->stopping)
		return;
	if (!count) {
		xenhv_be_write_msr(be, XENHV_STIMER_CONFIG_MSR(be->stimer), 0);
		tv->stimer_configured = false;
		tv->armed_count = 0;
		return;
	}
	if (!tv->stimer_configured) {
		/* One-shot, a message to xenhv's SINT, armed by each COUNT write. */
		config.enable = 1;
		config.auto_enable = 1;
		config.sintx = be->sint;
		xenhv_be_write_msr(be, XENHV_STIMER_CONFIG_MSR(be->stimer), config.as_uint64);
		tv->stimer_configured = true;
	}
	xenhv_be_write_msr(be, XENHV_STIMER_COUNT_MSR(be->stimer), count);
	tv->armed_count = count;
}

/* xenhv_time_service() on @vcpu itself, interrupts off. */
static void xenhv_time_service_here(struct xenhv_domain *d, unsigned int vcpu)
{
	struct xenhv_time_domain *td = d->time;
	struct xenhv_time_vcpu *tv = &td->vcpus[vcpu];
	void (*timers_fired)(struct xenhv_domain *d) = NULL;
	bool fire = false, refresh;
	unsigned long flags;
	unsigned int i;
	u64 now, next;

	now = xenhv_system_time(d);

	spin_lock_irqsave(&td->lock, flags);
	/* A one-shot stimer that has expired is disabled by Hyper-V. */
	if (tv->armed_count && now >= tv->armed_count * 100)
		tv->armed_count = 0;
	if (tv->singleshot && now >= tv->singleshot) {
		tv->singleshot = 0;
		fire = true;
	}
	/* vcpu_periodic_timer_work(): fire, then count the next period from now. */
	if (tv->periodic_period && now >= tv->periodic_last + tv->periodic_period) {
		tv->periodic_last = now;
		fire = true;
	}
	for (i = 0; vcpu == 0 && i < XENHV_NR_DOMAIN_TIMERS; i++) {
		if (td->timer_armed[i] && now >= td->timer[i]) {
			td->timer_armed[i] = false;
			timers_fired = td->timers_fired;
		}
	}
	/* Due, or Hyper-V moved the TSC page on (migration, new scale). */
	refresh = xenhv_time_needs_refresh(d, vcpu) &&
		  (!tv->next_refresh || now >= tv->next_refresh ||
		   xenhv_tsc_page_moved(d));
	if (fire)
		tv->timer_virqs++;
	tv->duties++;
	tv->refreshes += refresh;
	spin_unlock_irqrestore(&td->lock, flags);

	if (refresh)
		xenhv_time_refresh(d, vcpu, true);
	if (fire)
		xenhv_evtchn_raise_virq(d, vcpu, VIRQ_TIMER);
	if (timers_fired)
		timers_fired(d);

	spin_lock_irqsave(&td->lock, flags);
	if (!xenhv_time_needs_refresh(d, vcpu))
		tv->next_refresh = 0;
	next = xenhv_time_next_locked(d, vcpu);
	xenhv_stimer_program(d, vcpu, next);
	/* Until then (or a change), interrupts skip the duties unlocked. */
	WRITE_ONCE(tv->next_due, next ?: U64_MAX);
	spin_unlock_irqrestore(&td->lock, flags);
}

/**
 * xenhv_time_service - run @vcpu's time duties
 * @d: the domain
 * @vcpu: the vCPU whose duties to run
 *
 * Fires due timers as VIRQ_TIMER (send_timer_event()), refreshes the
 * time views when due, runs the domain timers that fell due (vCPU 0),
 * then re-arms the synthetic timer for whatever comes next. A synthetic
 * timer is programmed through its own VP's MSRs, so this runs with
 * interrupts off on @vcpu itself; called anywhere else (or after the
 * caller moved), it interrupts @vcpu on its upcall vector (one IPI),
 * whose handler runs the duties (xenhv_time_interrupt()).
 */
void xenhv_time_service(struct xenhv_domain *d, unsigned int vcpu)
{
	unsigned long flags;

	if (!d->time || vcpu >= d->time->nr_vcpus)
		return;
	local_irq_save(flags);
	if (vcpu != xenhv_be_this_vcpu(d->be))
		xenhv_vcpu_kick(d, vcpu);
	else if (xenhv_system_time(d) >= READ_ONCE(d->time->vcpus[vcpu].next_due) ||
		 xenhv_tsc_page_moved(d))
		xenhv_time_service_here(d, vcpu);
	/* Else nothing is due: no lock shared between vCPUs is taken. */
	local_irq_restore(flags);
}

/**
 * xenhv_time_interrupt - an interrupt on one of xenhv's vectors, on @vcpu itself
 * @d: the domain
 * @vcpu: the current vCPU
 * @timer_expired: it brought a timer-expired message
 *
 * Both of xenhv's handlers call this: the SINT's (timer messages, host
 * event flags) and the upcall vector's (event upcalls, duties kicked
 * from another vCPU), so it runs on every event interrupt. Unless a
 * timer expired, a change was kicked here (next_due 0) or the TSC page
 * moved on, it returns without reading the clock or taking a lock.
 */
void xenhv_time_interrupt(struct xenhv_domain *d, unsigned int vcpu, bool timer_expired)
{
	struct xenhv_time_vcpu *tv;
	unsigned long flags;

	if (!d->time || vcpu >= d->time->nr_vcpus)
		return;
	tv = &d->time->vcpus[vcpu];
	if (!timer_expired && READ_ONCE(tv->next_due) && !xenhv_tsc_page_moved(d))
		return;
	local_irq_save(flags);
	/*
	 * Hyper-V disabled the expired one-shot: re-arm even for the same
	 * count (the reference counter and the TSC page may differ by a few
	 * ns, so a deadline can still look a hair in the future).
	 */
	if (timer_expired)
		tv->armed_count = 0;
	xenhv_time_service_here(d, vcpu);
	local_irq_restore(flags);
}

/* Timer state of @vcpu changed: re-arm there (here, or by one IPI). */
static void xenhv_time_changed(struct xenhv_domain *d, unsigned int vcpu)
{
	WRITE_ONCE(d->time->vcpus[vcpu].next_due, 0);
	xenhv_time_service(d, vcpu);
}

/**
 * xenhv_time_vcpu_info_changed - @vcpu's vcpu_info appeared or moved
 * @d: the domain
 * @vcpu: the vCPU (or U32_MAX for every vCPU: shared_info was placed)
 *
 * Xen writes vcpu_info.time as soon as the guest can see it; so does
 * xenhv, and starts the refresh duty on the vCPU.
 */
void xenhv_time_vcpu_info_changed(struct xenhv_domain *d, unsigned int vcpu)
{
	unsigned int v;

	if (!d->time)
		return;
	xenhv_time_write_wallclock(d);
	for (v = 0; v < d->time->nr_vcpus; v++) {
		if (vcpu != U32_MAX && v != vcpu)
			continue;
		if (!xenhv_evtchn_has_vcpu_info(d, v))
			continue;
		xenhv_time_refresh(d, v, false);
		xenhv_time_changed(d, v);
	}
}

/* update_domain_wallclock_time(): wc_version odd while wc_* change. */
void xenhv_time_write_wallclock(struct xenhv_domain *d)
{
	u64 wc = d->time->wc_ns;
	u32 nsec;
	u64 sec = div_u64_rem(wc, NSEC_PER_SEC, &nsec);

	xenhv_evtchn_write_wallclock(d, sec, nsec);
}

/**
 * xenhv_time_next_deadline - when @vcpu's own timers next fire
 * @d: the domain
 * @vcpu: the vCPU
 *
 * SCHEDOP_block and SCHEDOP_poll wait at most until then, so a timer
 * wakes them even where the wait spins with interrupts off.
 */
u64 xenhv_time_next_deadline(struct xenhv_domain *d, unsigned int vcpu)
{
	struct xenhv_time_vcpu *tv;
	unsigned long flags;
	u64 next = U64_MAX;

	if (!d->time || vcpu >= d->time->nr_vcpus)
		return U64_MAX;
	tv = &d->time->vcpus[vcpu];
	spin_lock_irqsave(&d->time->lock, flags);
	if (tv->singleshot)
		next = tv->singleshot;
	if (tv->periodic_period)
		next = min(next, tv->periodic_last + tv->periodic_period);
	spin_unlock_irqrestore(&d->time->lock, flags);
	return next;
}

/*
 * The singleshot timer, shared by set_timer_op and
 * VCPUOP_set_singleshot_timer as in Xen (v->singleshot_timer). A time
 * already past fires at once, like Xen's set_timer() on a past expiry.
 */
static void xenhv_singleshot_set(struct xenhv_domain *d, unsigned int vcpu, u64 when)
{
	unsigned long flags;

	spin_lock_irqsave(&d->time->lock, flags);
	d->time->vcpus[vcpu].singleshot = max_t(u64, when, 1);
	spin_unlock_irqrestore(&d->time->lock, flags);
	xenhv_time_changed(d, vcpu);
}

static void xenhv_singleshot_stop(struct xenhv_domain *d, unsigned int vcpu)
{
	unsigned long flags;

	spin_lock_irqsave(&d->time->lock, flags);
	d->time->vcpus[vcpu].singleshot = 0;
	spin_unlock_irqrestore(&d->time->lock, flags);
	xenhv_time_changed(d, vcpu);
}

/* Xen's "Linux workaround" horizon: 2^50 ns (about 13 days). */
#define XENHV_TIMER_FAR_FUTURE_SHIFT	50
#define XENHV_TIMER_FAR_FUTURE_DELAY	(100ULL * NSEC_PER_MSEC)

/**
 * xenhv_set_timer_op - hypercall 15, do_set_timer_op()
 * @d: the domain
 * @timeout: absolute system time in ns; 0 stops the timer
 *
 * Xen's "Linux workaround": a negative timeout, or one 2^50 ns (about 13
 * days) or more ahead, comes from old kernels' jiffies wrapping; it fires
 * in 100 ms instead (xen/common/sched/core.c do_set_timer_op()). A time
 * already past fires at once. Always 0.
 */
long xenhv_set_timer_op(struct xenhv_domain *d, u64 timeout)
{
	unsigned int vcpu = xenhv_be_this_vcpu(d->be);
	s64 offset;
	u64 now;

	if (!d->time)
		return -XEN_ENOSYS;
	if (!timeout) {
		xenhv_singleshot_stop(d, vcpu);
		return 0;
	}
	now = xenhv_system_time(d);
	offset = (s64)(timeout - now);
	if ((s64)timeout < 0 || (offset > 0 && (u32)(offset >> XENHV_TIMER_FAR_FUTURE_SHIFT)))
		timeout = now + XENHV_TIMER_FAR_FUTURE_DELAY;
	xenhv_singleshot_set(d, vcpu, timeout);
	return 0;
}

/*
 * VCPUOP_set_singleshot_timer (xen/common/domain.c do_vcpu_op(), 4.17.7):
 * only on the calling vCPU, as in Xen. The flags are ignored since 4.17.3
 * (VCPU_SSHOTTMR_future gave -ETIME for a past deadline in 4.17.0): a
 * past deadline fires at once and the call returns 0. set_timer() takes
 * a signed s_time_t, so a deadline of 2^63 ns or more is in the past too.
 */
long xenhv_vcpu_set_singleshot_timer(struct xenhv_domain *d, unsigned int vcpu,
				     unsigned long arg)
{
	struct vcpu_set_singleshot_timer set;

	if (vcpu != xenhv_be_this_vcpu(d->be))
		return -XEN_EINVAL;
	if (xenhv_copy_from_guest(d, &set, arg, sizeof(set)))
		return -XEN_EFAULT;
	xenhv_singleshot_set(d, vcpu, (s64)set.timeout_abs_ns < 0 ? 1 : set.timeout_abs_ns);
	return 0;
}

long xenhv_vcpu_stop_singleshot_timer(struct xenhv_domain *d, unsigned int vcpu)
{
	if (vcpu != xenhv_be_this_vcpu(d->be))
		return -XEN_EINVAL;
	xenhv_singleshot_stop(d, vcpu);
	return 0;
}

/*
 * vcpu_set_periodic_timer(): the period restarts from the last periodic
 * event, so the first tick comes at once when none came for a period.
 */
static void xenhv_periodic_set(struct xenhv_domain *d, unsigned int vcpu, u64 period)
{
	unsigned long flags;

	spin_lock_irqsave(&d->time->lock, flags);
	d->time->vcpus[vcpu].periodic_period = period;
	spin_unlock_irqrestore(&d->time->lock, flags);
	xenhv_time_changed(d, vcpu);
}

/* VCPUOP_set_periodic_timer: 1 ms <= period <= STIME_DELTA_MAX (2^62 - 1). */
#define XENHV_STIME_DELTA_MAX	((1ULL << 62) - 1)

long xenhv_vcpu_set_periodic_timer(struct xenhv_domain *d, unsigned int vcpu,
				   unsigned long arg)
{
	struct vcpu_set_periodic_timer set;

	if (xenhv_copy_from_guest(d, &set, arg, sizeof(set)))
		return -XEN_EFAULT;
	if (set.period_ns < NSEC_PER_MSEC || set.period_ns > XENHV_STIME_DELTA_MAX)
		return -XEN_EINVAL;
	xenhv_periodic_set(d, vcpu, set.period_ns);
	return 0;
}

long xenhv_vcpu_stop_periodic_timer(struct xenhv_domain *d, unsigned int vcpu)
{
	xenhv_periodic_set(d, vcpu, 0);
	return 0;
}

/* vcpu_runstate_get(): fresh for the caller, the last sample for others. */
static void xenhv_runstate_get(struct xenhv_domain *d, unsigned int vcpu,
			       struct vcpu_runstate_info *rs)
{
	struct xenhv_time_domain *td = d->time;
	unsigned long flags;
	bool self;
	u64 now;

	/* Interrupts off: VP_RUNTIME must be read on @vcpu's own VP. */
	spin_lock_irqsave(&td->lock, flags);
	self = vcpu == xenhv_be_this_vcpu(d->be);
	now = self ? xenhv_system_time(d) : 0;
	if (self)
		xenhv_runstate_sample(d, vcpu, &td->vcpus[vcpu].runstate, now);
	*rs = td->vcpus[vcpu].runstate;
	spin_unlock_irqrestore(&td->lock, flags);
}

long xenhv_vcpu_get_runstate_info(struct xenhv_domain *d, unsigned int vcpu,
				  unsigned long arg)
{
	struct vcpu_runstate_info rs;

	xenhv_runstate_get(d, vcpu, &rs);
	if (xenhv_copy_to_guest(d, arg, &rs, sizeof(rs)))
		return -XEN_EFAULT;
	return 0;
}

/* Drop whatever runstate or time area @vcpu had; returns a page to unmap. */
static void *xenhv_area_clear(struct xenhv_time_vcpu *tv, bool runstate)
{
	void *old;

	if (runstate) {
		old = tv->runstate_map;
		tv->runstate_map = NULL;
		tv->runstate_va = 0;
	} else {
		old = tv->time_area_map;
		tv->time_area_map = NULL;
		tv->time_area_va = 0;
	}
	return old;
}

/*
 * The guest-physical variants (VCPUOP_register_runstate_phys_area and
 * VCPUOP_register_vcpu_time_phys_area, Xen 4.18's map_guest_area()): ~0
 * unregisters; an area crossing a page is -ENXIO; a frame that is not
 * the guest's RAM is -EINVAL. Xen 4.17 predates them (-ENOSYS there);
 * xenhv offers them because they are the only form a guest that maps
 * its memory late can use, and a guest probing for them gets a working
 * call instead of a fallback.
 */
static long xenhv_map_area(struct xenhv_domain *d, u64 gaddr, size_t size, void **out)
{
	u8 *page;

	*out = NULL;
	if (gaddr == ~0ULL)
		return 0;
	if ((gaddr >> PAGE_SHIFT) != ((gaddr + size - 1) >> PAGE_SHIFT))
		return -XEN_ENXIO;
	page = xenhv_be_map_gfn(d->be, gaddr >> PAGE_SHIFT);
	if (!page)
		return -XEN_EINVAL;
	*out = page + offset_in_page(gaddr);
	return 0;
}

/**
 * xenhv_vcpu_register_area - the runstate / time-area registrations
 * @d: the domain
 * @vcpu: the vCPU
 * @arg: struct vcpu_register_runstate_memory_area or
 *	 vcpu_register_time_memory_area (both one address)
 * @runstate: runstate area (else the secondary vcpu_time_info)
 * @phys: @arg holds a guest-physical address (else a guest handle)
 *
 * As in Xen, a guest handle is not checked when registered (HVM handles
 * are checked on use, guest_handle_okay() is always true), and the area
 * is written at once: the caller's own runstate is sampled first.
 */
long xenhv_vcpu_register_area(struct xenhv_domain *d, unsigned int vcpu,
			      unsigned long arg, bool runstate, bool phys)
{
	struct xenhv_time_domain *td = d->time;
	struct xenhv_time_vcpu *tv = &td->vcpus[vcpu];
	unsigned long flags;
	void *map = NULL, *old;
	u64 addr;
	long ret;

	if (xenhv_copy_from_guest(d, &addr, arg, sizeof(addr)))
		return -XEN_EFAULT;
	if (phys) {
		ret = xenhv_map_area(d, addr, runstate ? sizeof(struct vcpu_runstate_info) :
				     sizeof(struct pvclock_vcpu_time_info), &map);
		if (ret)
			return ret;
	}
	spin_lock_irqsave(&td->lock, flags);
	old = xenhv_area_clear(tv, runstate);
	if (runstate) {
		tv->runstate_map = map;
		tv->runstate_va = phys ? 0 : addr;
	} else {
		tv->time_area_map = map;
		tv->time_area_va = phys ? 0 : addr;
	}
	spin_unlock_irqrestore(&td->lock, flags);
	if (old)
		xenhv_be_unmap_gfn(d->be, old);
	if (runstate) {
		struct vcpu_runstate_info rs;

		xenhv_runstate_get(d, vcpu, &rs);
		spin_lock_irqsave(&td->lock, flags);
		if (tv->runstate_map)
			xenhv_runstate_write(d, tv, &rs);
		spin_unlock_irqrestore(&td->lock, flags);
		if (tv->runstate_va)
			xenhv_runstate_write(d, tv, &rs);	/* result ignored, as Xen's */
	} else {
		xenhv_time_refresh(d, vcpu, false);
	}
	xenhv_time_changed(d, vcpu);
	return 0;
}

int xenhv_time_init(struct xenhv_domain *d)
{
	struct xenhv_time_domain *td;
	struct xenhv_backend *be = d->be;

	td = kzalloc(sizeof(*td), GFP_KERNEL);
	if (!td)
		return -ENOMEM;
	td->nr_vcpus = be->nr_vcpus;
	td->vcpus = kcalloc(td->nr_vcpus, sizeof(*td->vcpus), GFP_KERNEL);
	if (!td->vcpus) {
		kfree(td);
		return -ENOMEM;
	}
	spin_lock_init(&td->lock);
	d->time = td;
	td->tsc_sequence = xenhv_pvclock_snapshot(d, &td->pv);
	/* The wallclock is the real time at system time 0 (Xen's wc_*). */
	td->wc_ns = xenhv_be_wallclock_ns(be) - xenhv_system_time(d);
	if (d->evtchn)
		xenhv_time_write_wallclock(d);
	return 0;
}

/**
 * xenhv_time_stop_vcpu - disarm this vCPU's synthetic timer (unload)
 * @d: the domain
 *
 * From the first call on, no vCPU re-arms its timer: an interrupt that
 * comes in while xenhv unloads must not leave a timer aimed at a vector
 * about to be freed.
 */
void xenhv_time_stop_vcpu(struct xenhv_domain *d)
{
	unsigned int vcpu = xenhv_be_this_vcpu(d->be);
	struct xenhv_backend *be = d->be;
	unsigned long flags;

	if (!d->time || vcpu >= d->time->nr_vcpus)
		return;
	spin_lock_irqsave(&d->time->lock, flags);
	d->time->stopping = true;
	xenhv_be_write_msr(be, XENHV_STIMER_CONFIG_MSR(be->stimer), 0);
	xenhv_be_write_msr(be, XENHV_STIMER_COUNT_MSR(be->stimer), 0);
	d->time->vcpus[vcpu].armed_count = 0;
	d->time->vcpus[vcpu].stimer_configured = false;
	spin_unlock_irqrestore(&d->time->lock, flags);
}

void xenhv_time_destroy(struct xenhv_domain *d)
{
	struct xenhv_time_domain *td = d->time;
	unsigned int v;

	if (!td)
		return;
	for (v = 0; v < td->nr_vcpus; v++) {
		if (td->vcpus[v].runstate_map)
			xenhv_be_unmap_gfn(d->be, td->vcpus[v].runstate_map);
		if (td->vcpus[v].time_area_map)
			xenhv_be_unmap_gfn(d->be, td->vcpus[v].time_area_map);
	}
	d->time = NULL;
	kfree(td->vcpus);
	kfree(td);
}

/* Stat for tests and debugfs: VIRQ_TIMERs raised on @vcpu. */
u64 xenhv_time_timer_virqs(struct xenhv_domain *d, unsigned int vcpu)
{
	if (!d->time || vcpu >= d->time->nr_vcpus)
		return 0;
	return READ_ONCE(d->time->vcpus[vcpu].timer_virqs);
}

/* Stats for debugfs: how often @vcpu ran its duties and refreshed its views. */
void xenhv_time_stats(struct xenhv_domain *d, unsigned int vcpu, u64 *duties, u64 *refreshes)
{
	*duties = 0;
	*refreshes = 0;
	if (!d->time || vcpu >= d->time->nr_vcpus)
		return;
	*duties = READ_ONCE(d->time->vcpus[vcpu].duties);
	*refreshes = READ_ONCE(d->time->vcpus[vcpu].refreshes);
}

/**
 * xenhv_time_domain_timers_changed - the domain timers were set or stopped
 * @d: the domain
 *
 * Their user changed them under the time lock; vCPU 0, which runs them,
 * re-arms its synthetic timer (here, or by one IPI).
 */
void xenhv_time_domain_timers_changed(struct xenhv_domain *d)
{
	xenhv_time_changed(d, 0);
}
