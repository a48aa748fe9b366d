/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pvclock arithmetic on Hyper-V's reference TSC page, and Xen's version
 * protocol for a vcpu_time_info the guest maps: pure, so both time.c and
 * the vcpu_info owner (shinfo.c) use it.
 */
#ifndef _XENHV_PVCLOCK_H
#define _XENHV_PVCLOCK_H

#include <linux/types.h>
#include <asm/pvclock-abi.h>

/* What pvclock time is built from: one snapshot, shared by every vCPU. */
struct xenhv_pvclock {
	u64 tsc_timestamp;
	u64 system_time;
	u32 mul;
	s8 shift;
};

/* The TSC-page time of @tsc in ns, rounded up when @ceil (exact, 192-bit). */
u64 xenhv_tsc_page_ns(u64 scale, s64 offset, u64 tsc, bool ceil);
/* mul/shift for a clock whose ns per tick is @scale_x100 / 2^64. */
void xenhv_pvclock_scale(u64 scale, struct xenhv_pvclock *pv);
/* How long after tsc_timestamp a snapshot stays within 1 ns. */
u64 xenhv_pvclock_window_ns(u64 scale);
/* The guest's side: pvclock time at @tsc (Linux's pvclock_clocksource_read). */
u64 xenhv_pvclock_read(const struct xenhv_pvclock *pv, u64 tsc);
void xenhv_pvclock_publish(struct pvclock_vcpu_time_info *dst,
			   const struct pvclock_vcpu_time_info *t);

/* The snapshot window: never shorter (stimer resolution), never longer. */
#define XENHV_PVCLOCK_MIN_WINDOW_NS	1000ULL
#define XENHV_PVCLOCK_MAX_WINDOW_NS	1000000000ULL

#endif /* _XENHV_PVCLOCK_H */
