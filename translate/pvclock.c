// SPDX-License-Identifier: GPL-2.0
/*
 * pvclock from the Hyper-V reference TSC page: the exact TSC-page time,
 * the mul/shift and window that keep the guest's pvclock within 1 ns of
 * it, and Xen's version protocol for a vcpu_time_info the guest maps.
 * The derivation is in time.c's header comment.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <asm/barrier.h>
#include "pvclock.h"

/**
 * xenhv_tsc_page_ns - reference time of @tsc in ns, from TSC-page values
 * @scale: tsc_scale (a 64.64 fixed-point multiplier to 100 ns units)
 * @offset: tsc_offset (100 ns units)
 * @tsc: the TSC value
 * @ceil: round up instead of down
 *
 * tsc * scale * 100 needs up to 135 bits: split it so nothing is lost.
 */
u64 xenhv_tsc_page_ns(u64 scale, s64 offset, u64 tsc, bool ceil)
{
	unsigned __int128 x = (unsigned __int128)tsc * scale;
	unsigned __int128 y = (unsigned __int128)(u64)x * 100;
	u64 ns = (u64)(x >> 64) * 100 + (u64)(y >> 64);

	if (ceil && (u64)y)
		ns++;
	return ns + (u64)offset * 100;
}

/*
 * The pvclock multiplier for ns-per-tick = scale * 100 / 2^64: the
 * smallest shift >= 0 that fits mul in 32 bits, mul rounded to nearest.
 * A negative shift would let the guest drop up to 2^-shift - 1 low TSC
 * bits, close to 1 ns by itself, so xenhv never uses one.
 */
void xenhv_pvclock_scale(u64 scale, struct xenhv_pvclock *pv)
{
	unsigned __int128 f = (unsigned __int128)scale * 100;
	unsigned int s;

	for (s = 0; s < 32; s++) {
		unsigned __int128 mul = (f + ((unsigned __int128)1 << (31 + s))) >> (32 + s);

		if (mul <= U32_MAX) {
			pv->mul = (u32)mul;
			pv->shift = s;
			return;
		}
	}
	pv->mul = U32_MAX;	/* unreachable: f < 2^71 fits at s = 7 */
	pv->shift = 31;
}

/*
 * With mul rounded to nearest, the error grows by at most 2^(shift-33) ns
 * per tick; keeping the delta under 2^(31-shift) ticks keeps it under
 * 1/4 ns, and system_time rounded up plus the guest's truncation then
 * keep the guest within 1 ns of the exact time. 2^31 ticks bounds it for
 * every shift (ticks shrink as shift grows); a refresh at least once a
 * second keeps idle vCPUs cheap and matches Xen's calibration epoch.
 */
u64 xenhv_pvclock_window_ns(u64 scale)
{
	u64 ns = (u64)(((unsigned __int128)scale * 100) >> 33);

	return clamp_t(u64, ns, XENHV_PVCLOCK_MIN_WINDOW_NS, XENHV_PVCLOCK_MAX_WINDOW_NS);
}

/* Linux's pvclock_clocksource_read(), without the monotonic fix-up. */
u64 xenhv_pvclock_read(const struct xenhv_pvclock *pv, u64 tsc)
{
	u64 delta = tsc - pv->tsc_timestamp;

	if (pv->shift < 0)
		delta >>= -pv->shift;
	else
		delta <<= pv->shift;
	return pv->system_time + mul_u64_u32_shr(delta, pv->mul, 32);
}

/**
 * xenhv_pvclock_publish - write a vcpu_time_info the guest maps
 * @dst: the guest's copy
 * @t: the new contents (its version is ignored)
 *
 * Xen's version protocol (__update_vcpu_system_time()): the version is
 * odd while the fields change, and one higher (even) once they are done,
 * so a reader that sees the same even version before and after has a
 * consistent copy.
 */
void xenhv_pvclock_publish(struct pvclock_vcpu_time_info *dst,
			   const struct pvclock_vcpu_time_info *t)
{
	u32 version = (READ_ONCE(dst->version) + 1) | 1;

	WRITE_ONCE(dst->version, version);
	smp_wmb();	/* odd version visible before the fields change */
	dst->tsc_timestamp = t->tsc_timestamp;
	dst->system_time = t->system_time;
	dst->tsc_to_system_mul = t->tsc_to_system_mul;
	dst->tsc_shift = t->tsc_shift;
	dst->flags = t->flags;
	smp_wmb();	/* the fields visible before the even version */
	WRITE_ONCE(dst->version, version + 1);
}
