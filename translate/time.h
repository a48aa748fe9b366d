/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time inside the engine: pvclock from the Hyper-V reference TSC page,
 * Xen's vCPU timers and the domain timers on a Hyper-V synthetic timer,
 * runstate areas.
 */
#ifndef _XENHV_TIME_H
#define _XENHV_TIME_H

#include <linux/spinlock.h>
#include "xenhv_engine.h"
#include "pvclock.h"
#include <xen/interface/vcpu.h>

/*
 * Domain timers: deadlines of the domain as a whole, run on vCPU 0 (Xen's
 * struct timer as a domain's watchdogs use it; sched.c's watchdogs are
 * the only user, NR_DOMAIN_WATCHDOG_TIMERS of them).
 */
#define XENHV_NR_DOMAIN_TIMERS	2

struct xenhv_time_vcpu {
	u64 singleshot;		/* absolute system time, 0 = stopped */
	u64 periodic_period;	/* ns, 0 = stopped */
	u64 periodic_last;	/* Xen's periodic_last_event */
	u64 next_refresh;	/* pvclock/runstate refresh, 0 = none due */
	u64 armed_count;	/* stimer COUNT programmed (100 ns units), 0 = off */
	u64 next_due;		/* earliest duty (ns); 0 = run at the next interrupt */
	bool stimer_configured;
	/* The guest's runstate copy: a guest handle or a mapped frame. */
	unsigned long runstate_va;
	struct vcpu_runstate_info *runstate_map;
	struct vcpu_runstate_info runstate;	/* Xen's own copy */
	/* VCPUOP_register_vcpu_time_memory_area: a guest handle or a frame. */
	unsigned long time_area_va;
	struct pvclock_vcpu_time_info *time_area_map;
	u64 timer_virqs;	/* VIRQ_TIMERs raised (stat) */
	u64 duties;		/* times the duties ran (stat) */
	u64 refreshes;		/* time views refreshed (stat) */
	bool down;		/* VCPUOP_down (Xen's VPF_down) */
};

struct xenhv_time_domain {
	spinlock_t lock;		/* everything below */
	unsigned int nr_vcpus;
	struct xenhv_time_vcpu *vcpus;
	struct xenhv_pvclock pv;	/* the current snapshot */
	u32 tsc_sequence;		/* TSC page sequence it came from, 0 = fallback */
	u64 window_ns;			/* how long a snapshot stays exact */
	u64 wc_ns;			/* wallclock at system time 0 */
	/*
	 * Domain timers: the user sets them under @lock, then calls
	 * xenhv_time_domain_timers_changed(). vCPU 0 disarms one once due
	 * and then calls @timers_fired, once, outside the lock.
	 */
	u64 timer[XENHV_NR_DOMAIN_TIMERS];	/* deadlines, valid while armed */
	bool timer_armed[XENHV_NR_DOMAIN_TIMERS];
	void (*timers_fired)(struct xenhv_domain *d);
	bool stopping;			/* unloading: never re-arm a timer */
};

/* The domain timers changed: vCPU 0 re-arms for them. */
void xenhv_time_domain_timers_changed(struct xenhv_domain *d);

/* No TSC page and no TSC frequency: refresh this often, with mul 0. */
#define XENHV_UNKNOWN_TSC_WINDOW_NS	1000000ULL
/* The slowest TSC the scale can describe (10 MHz: 100 ns per tick). */
#define XENHV_MIN_TSC_KHZ		10000

#endif /* _XENHV_TIME_H */
