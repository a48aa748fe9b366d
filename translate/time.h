/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time inside the engine: pvclock from the Hyper-V reference TSC page,
 * Xen's vCPU timers on a Hyper-V synthetic timer, runstate areas.
 */
#ifndef _XENHV_TIME_H
#define _XENHV_TIME_H

#include <linux/spinlock.h>
#include "xenhv_engine.h"
#include <xen/interface/vcpu.h>

/* Xen's domain watchdogs (xen/common/sched/core.c NR_DOMAIN_WATCHDOG_TIMERS). */
#define XENHV_NR_WATCHDOGS	2

/* What pvclock time is built from: one snapshot, shared by every vCPU. */
struct xenhv_pvclock {
	u64 tsc_timestamp;
	u64 system_time;
	u32 mul;
	s8 shift;
};

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
	u64 watchdog[XENHV_NR_WATCHDOGS];	/* deadlines, 0 = free */
	bool watchdog_used[XENHV_NR_WATCHDOGS];
	bool stopping;			/* unloading: never re-arm a timer */
};

/* The TSC-page time of @tsc in ns, rounded up when @ceil (exact, 192-bit). */
u64 xenhv_tsc_page_ns(u64 scale, s64 offset, u64 tsc, bool ceil);
/* mul/shift for a clock whose ns per tick is @scale_x100 / 2^64. */
void xenhv_pvclock_scale(u64 scale, struct xenhv_pvclock *pv);
/* How long after tsc_timestamp a snapshot stays within 1 ns. */
u64 xenhv_pvclock_window_ns(u64 scale);
/* The guest's side: pvclock time at @tsc (Linux's pvclock_clocksource_read). */
u64 xenhv_pvclock_read(const struct xenhv_pvclock *pv, u64 tsc);

/* The snapshot window: never shorter (stimer resolution), never longer. */
#define XENHV_PVCLOCK_MIN_WINDOW_NS	1000ULL
#define XENHV_PVCLOCK_MAX_WINDOW_NS	1000000000ULL
/* No TSC page and no TSC frequency: refresh this often, with mul 0. */
#define XENHV_UNKNOWN_TSC_WINDOW_NS	1000000ULL
/* The slowest TSC the scale can describe (10 MHz: 100 ns per tick). */
#define XENHV_MIN_TSC_KHZ		10000

#endif /* _XENHV_TIME_H */
