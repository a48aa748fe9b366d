// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: time on Hyper-V's clock (pvclock, wallclock), Xen's vCPU timers
 * on a synthetic timer, runstate areas, vm_assist and the rest of vcpu_op.
 */
#include <kunit/test.h>
#include <linux/random.h>
#include "xenhv_fake_backend.h"
#include "../../translate/evtchn.h"
#include "../../translate/time.h"
#include <xen/interface/memory.h>
#include <xen/interface/vcpu.h>
#include <xen/interface/hvm/hvm_vcpu.h>

#define ARG_OFF		0
#define AREA_OFF	256
#define SHINFO_GFN	1
#define MS		1000000ULL

struct xenhv_time_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d;
};

static int xenhv_time_test_init(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	test->priv = ctx;
	ctx->fb = xenhv_fake_new(test, 1024);
	ctx->fb->now_ns = 5000 * MS;
	ctx->fb->wallclock_ns = 1700000000ULL * NSEC_PER_SEC + 5000 * MS + 123456789;
	ctx->d = xenhv_fake_domain(test, ctx->fb);
	KUNIT_ASSERT_EQ(test, xenhv_evtchn_init(ctx->d, XENHV_DEFAULT_MAX_EVTCHN_PORT), 0);
	KUNIT_ASSERT_EQ(test, xenhv_time_init(ctx->d), 0);
	return 0;
}

static void xenhv_time_test_exit(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;

	xenhv_time_destroy(ctx->d);
	xenhv_evtchn_destroy(ctx->d);
	/* Every guest page xenhv took a reference on was given back. */
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_unmaps, ctx->fb->nr_maps);
}

/* Put @op at the argument slot of guest memory; return its guest address. */
static unsigned long put_arg(struct xenhv_time_ctx *ctx, const void *op, size_t size)
{
	memcpy(ctx->fb->mem + ARG_OFF, op, size);
	return xenhv_fake_gva(ctx->fb, ARG_OFF);
}

static struct shared_info *place_shared_info(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .gpfn = SHINFO_GFN,
	};

	KUNIT_ASSERT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_add_to_physmap,
					      put_arg(ctx, &xatp, sizeof(xatp))), 0L);
	return xenhv_fake_page(ctx->fb, SHINFO_GFN);
}

static u32 bind_virq_timer(struct kunit *test, unsigned int vcpu)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = vcpu };
	unsigned long a = put_arg(ctx, &bv, sizeof(bv));

	KUNIT_ASSERT_EQ(test, xenhv_event_channel_op(ctx->d, EVTCHNOP_bind_virq, a), 0L);
	memcpy(&bv, ctx->fb->mem + ARG_OFF, sizeof(bv));
	return bv.port;
}

static bool port_pending(struct xenhv_time_ctx *ctx, u32 port)
{
	return xenhv_evtchn_poll_ports(ctx->d, &port, 1) > 0;
}

static void clear_port(struct xenhv_time_ctx *ctx, u32 port)
{
	clear_bit(port, (unsigned long *)ctx->d->evtchn->shinfo->evtchn_pending);
}

/* The exact TSC-page time of @tsc in ns, rounded to nearest (reference). */
static u64 exact_ns_rounded(u64 scale, s64 offset, u64 tsc)
{
	unsigned __int128 x = (unsigned __int128)tsc * scale;			/* < 2^128 */
	unsigned __int128 lo100 = (unsigned __int128)(u64)x * 100;		/* < 2^71 */
	u64 whole = (u64)(x >> 64) * 100 + (u64)(lo100 >> 64);
	u64 frac = (u64)lo100;

	return whole + (frac >= (1ULL << 63)) + (u64)offset * 100;
}

static s64 pv_error(u64 scale, s64 offset, u64 ts, u64 tsc)
{
	struct xenhv_pvclock pv = {
		.tsc_timestamp = ts,
		.system_time = xenhv_tsc_page_ns(scale, offset, ts, true),
	};

	xenhv_pvclock_scale(scale, &pv);
	return (s64)(xenhv_pvclock_read(&pv, tsc) - exact_ns_rounded(scale, offset, tsc));
}

/* TSC ticks in the snapshot window of @scale (approximate, never above it). */
static u64 window_ticks(u64 scale)
{
	unsigned __int128 f = (unsigned __int128)scale * 100;
	u64 ns = xenhv_pvclock_window_ns(scale);

	if (ns == (u64)(f >> 33))
		return 1ULL << 31;		/* the window is 2^31 ticks */
	/* clamped to 1 s: ticks = 1e9 * 2^64 / f, rounded down */
	return div64_u64(NSEC_PER_SEC << 24, (u64)(f >> 40) + 1);
}

/*
 * The pvclock a guest reads matches the TSC-page formula (exact, in
 * 128-bit arithmetic, to the nearest ns) within 1 ns, at every point of
 * a snapshot's window, for every scale from 2^37 to 2^64 - 1: TSCs from
 * 10 MHz up to 1.3 PHz. (Below that the 2^31-tick window would be under
 * 1 us; it is clamped there and no bound is claimed.)
 */
static void xenhv_pvclock_exact_over_scale_range(struct kunit *test)
{
	static const u64 fixed[] = {
		U64_MAX, U64_MAX - 1, 1ULL << 63, (1ULL << 63) - 1, 1ULL << 37,
		/* 1 GHz, 2.5 GHz, 3.3 GHz, 10 GHz TSCs */
		0x28f5c28f5c28f5cULL, 0x10624dd2f1a9fbeULL, 0xc6980c6980c698ULL,
		0x4189374bc6a7efULL,
	};
	s64 worst = 0;
	unsigned int i, b, k;

	for (i = 0; i < ARRAY_SIZE(fixed) + 3 * 27; i++) {
		u64 scale, ticks, ts, tsc;
		s64 offset;
		struct xenhv_pvclock pv;

		if (i < ARRAY_SIZE(fixed)) {
			scale = fixed[i];
		} else {
			b = 37 + (i - ARRAY_SIZE(fixed)) % 27;
			scale = (1ULL << b) | (get_random_u64() & ((1ULL << b) - 1));
		}
		offset = (s64)(get_random_u64() >> 20) - (1LL << 42);
		ts = get_random_u64() >> 8;
		xenhv_pvclock_scale(scale, &pv);
		KUNIT_EXPECT_GE(test, (int)pv.shift, 0);
		ticks = window_ticks(scale);
		for (k = 0; k < 64; k++) {
			if (k < 16)
				tsc = ts + k;
			else if (k < 32)
				tsc = ts + ticks - (k - 16);
			else
				tsc = ts + get_random_u64() % (ticks + 1);
			worst = max(worst, abs(pv_error(scale, offset, ts, tsc)));
		}
	}
	kunit_info(test, "worst pvclock error, 9 fixed + 81 random scales x 64 points: %lld ns\n",
		   worst);
	KUNIT_EXPECT_LE(test, worst, 1LL);
	/* The window: 2^31 ticks, at most 1 s, at least 1 us. */
	KUNIT_EXPECT_EQ(test, xenhv_pvclock_window_ns(0x4189374bc6a7efULL), 214748364ULL);
	KUNIT_EXPECT_EQ(test, xenhv_pvclock_window_ns(0x28f5c28f5c28f5cULL),
			XENHV_PVCLOCK_MAX_WINDOW_NS);
	KUNIT_EXPECT_EQ(test, xenhv_pvclock_window_ns(U64_MAX), XENHV_PVCLOCK_MAX_WINDOW_NS);
	KUNIT_EXPECT_EQ(test, xenhv_pvclock_window_ns(1), XENHV_PVCLOCK_MIN_WINDOW_NS);
}

static void xenhv_pvclock_snapshot_rounds_up(struct kunit *test)
{
	/* 100 ns per tick * 1/3: the exact time has a fraction. */
	const u64 scale = U64_MAX / 3;

	KUNIT_EXPECT_EQ(test, xenhv_tsc_page_ns(scale, 0, 10, false), 333ULL);
	KUNIT_EXPECT_EQ(test, xenhv_tsc_page_ns(scale, 0, 10, true), 334ULL);
	/* offset is in 100 ns units and may be negative */
	KUNIT_EXPECT_EQ(test, xenhv_tsc_page_ns(scale, -3, 10, false), 33ULL);
	/* 2^64 - 1 scale, 1 tick: just under 100 ns */
	KUNIT_EXPECT_EQ(test, xenhv_tsc_page_ns(U64_MAX, 0, 1, false), 99ULL);
	KUNIT_EXPECT_EQ(test, xenhv_tsc_page_ns(U64_MAX, 0, 1, true), 100ULL);
}

/* Xen's version protocol, the fields, and a refresh when the page moves on. */
static void xenhv_pvclock_vcpu_info_follows_tsc_page(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	const u64 scale = 0x10624dd2f1a9fbeULL;	/* 2.5 GHz: 0.4 ns per tick, shift 0 */
	struct pvclock_vcpu_time_info *t;
	struct shared_info *s;
	struct xenhv_pvclock pv;
	u32 v0;

	xenhv_fake_set_tsc_page(ctx->fb, scale, 1000, 5000000000ULL);
	s = place_shared_info(test);
	t = &s->vcpu_info[0].time;
	KUNIT_EXPECT_EQ(test, t->version % 2, 0U);
	KUNIT_EXPECT_GT(test, t->version, 0U);
	KUNIT_EXPECT_EQ(test, t->tsc_timestamp, 5000000000ULL);
	KUNIT_EXPECT_EQ(test, t->system_time, xenhv_tsc_page_ns(scale, 1000, 5000000000ULL, true));
	KUNIT_EXPECT_EQ(test, (int)t->tsc_shift, 0);
	KUNIT_EXPECT_EQ(test, t->flags, 0);
	/* vCPU 1 got the same snapshot. */
	KUNIT_EXPECT_EQ(test, s->vcpu_info[1].time.tsc_timestamp, t->tsc_timestamp);
	pv.tsc_timestamp = t->tsc_timestamp;
	pv.system_time = t->system_time;
	pv.mul = t->tsc_to_system_mul;
	pv.shift = t->tsc_shift;
	KUNIT_EXPECT_LE(test, abs((s64)(xenhv_pvclock_read(&pv, 5000000000ULL + 123456) -
					exact_ns_rounded(scale, 1000, 5000000000ULL + 123456))),
			1LL);
	/* The refresh duty armed the synthetic timer for the window's end. */
	KUNIT_EXPECT_GE(test, xenhv_fake_msr_writes(ctx->fb, XENHV_STIMER_COUNT_MSR(3), NULL), 1U);

	/*
	 * Hyper-V moves the page on (offset + 100 ns, as after a migration)
	 * 40 ns into a 0.86 s window: the sequence change alone makes the
	 * next interrupt on xenhv's vector refresh.
	 */
	v0 = t->version;
	xenhv_fake_set_tsc_page(ctx->fb, scale, 1001, 5000000100ULL);
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_EQ(test, t->version, v0 + 2);
	KUNIT_EXPECT_EQ(test, t->tsc_timestamp, 5000000100ULL);
	KUNIT_EXPECT_EQ(test, t->system_time, xenhv_tsc_page_ns(scale, 1001, 5000000100ULL, true));
	/* Nothing changed: the next interrupt leaves it alone. */
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_EQ(test, t->version, v0 + 2);
}

/* TSC page invalid (sequence 0): reference counter plus the TSC frequency. */
static void xenhv_pvclock_fallback_reference_counter(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct pvclock_vcpu_time_info *t;
	struct shared_info *s;
	struct xenhv_pvclock pv;

	ctx->fb->has_tsc_page = true;
	ctx->fb->tsc_page.tsc_sequence = 0;
	ctx->fb->tsc = 777;
	ctx->fb->tsc_khz = 1000000;	/* 1 GHz */
	ctx->fb->now_ns = 42 * MS;
	s = place_shared_info(test);
	t = &s->vcpu_info[0].time;
	KUNIT_EXPECT_EQ(test, t->system_time, 42 * MS);
	KUNIT_EXPECT_EQ(test, t->tsc_timestamp, 777ULL);
	pv.tsc_timestamp = 777;
	pv.system_time = 42 * MS;
	pv.mul = t->tsc_to_system_mul;
	pv.shift = t->tsc_shift;
	/* one second of ticks is one second, to within the calibration's ns */
	KUNIT_EXPECT_LE(test, abs((s64)(xenhv_pvclock_read(&pv, 777 + 1000000000ULL) -
					(42 * MS + NSEC_PER_SEC))), 1LL);
	/* Xen system time itself came from the reference counter MSR. */
	KUNIT_EXPECT_EQ(test, xenhv_system_time(ctx->d), 42 * MS);

	/* No TSC frequency either: a clock that moves only at each refresh, every ms. */
	ctx->fb->tsc_khz = 0;
	ctx->fb->now_ns = 1042 * MS + 100;
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_EQ(test, t->tsc_to_system_mul, 0U);
	KUNIT_EXPECT_EQ(test, t->system_time, 1042 * MS + 100);
	KUNIT_EXPECT_EQ(test, ctx->d->time->window_ns, XENHV_UNKNOWN_TSC_WINDOW_NS);
}

static void xenhv_wallclock_in_shared_info(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct shared_info *s = place_shared_info(test);
	u64 wc = (u64)s->wc_sec_hi << 32 | s->wc.sec;

	/* Wall time at system time 0: wallclock now minus system time now. */
	KUNIT_EXPECT_EQ(test, s->wc.version % 2, 0U);
	KUNIT_EXPECT_GT(test, s->wc.version, 0U);
	KUNIT_EXPECT_EQ(test, wc * NSEC_PER_SEC + s->wc.nsec,
			ctx->fb->wallclock_ns - 5000 * MS);
	KUNIT_EXPECT_LT(test, s->wc.nsec, (u32)NSEC_PER_SEC);
}

static struct kunit_case xenhv_pvclock_cases[] = {
	KUNIT_CASE(xenhv_pvclock_exact_over_scale_range),
	KUNIT_CASE(xenhv_pvclock_snapshot_rounds_up),
	KUNIT_CASE(xenhv_pvclock_vcpu_info_follows_tsc_page),
	KUNIT_CASE(xenhv_pvclock_fallback_reference_counter),
	KUNIT_CASE(xenhv_wallclock_in_shared_info),
	{}
};

static struct kunit_suite xenhv_pvclock_suite = {
	.name = "xenhv_pvclock",
	.init = xenhv_time_test_init,
	.exit = xenhv_time_test_exit,
	.test_cases = xenhv_pvclock_cases,
};

/* ---- timers ---- */

static long singleshot(struct kunit *test, unsigned int vcpu, u64 when, u32 flags)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct vcpu_set_singleshot_timer st = { .timeout_abs_ns = when, .flags = flags };

	return xenhv_vcpu_op(ctx->d, VCPUOP_set_singleshot_timer, vcpu,
			     put_arg(ctx, &st, sizeof(st)));
}

static long periodic(struct kunit *test, unsigned int vcpu, u64 period)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct vcpu_set_periodic_timer pt = { .period_ns = period };

	return xenhv_vcpu_op(ctx->d, VCPUOP_set_periodic_timer, vcpu,
			     put_arg(ctx, &pt, sizeof(pt)));
}

/*
 * A singleshot timer arms the synthetic timer (config once: enabled,
 * auto-enable, message to xenhv's SINT; count: the deadline in 100 ns
 * units, rounded up) and raises VIRQ_TIMER on its vCPU when it expires.
 */
static void xenhv_timer_singleshot_fires_virq(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	u32 port = bind_virq_timer(test, 0);
	u64 cfg, count;

	KUNIT_ASSERT_EQ(test, singleshot(test, 0, 5003 * MS + 50, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_fake_msr_writes(ctx->fb, XENHV_STIMER_CONFIG_MSR(3), &cfg), 1U);
	/* TLFS 3.7 bits: enable (0), auto-enable (3), SINT 5 (bits 16-19). */
	KUNIT_EXPECT_EQ(test, cfg, BIT_ULL(0) | BIT_ULL(3) | (5ULL << 16));
	KUNIT_EXPECT_EQ(test, xenhv_fake_msr_writes(ctx->fb, XENHV_STIMER_COUNT_MSR(3), &count), 1U);
	KUNIT_EXPECT_EQ(test, count, (5003 * MS + 100) / 100);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);	/* MSRs, no hypercall */

	/* An early interrupt (a kick) does not fire it. */
	ctx->fb->now_ns = 5002 * MS;
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_FALSE(test, port_pending(ctx, port));

	ctx->fb->now_ns = 5003 * MS + 100;
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_TRUE(test, port_pending(ctx, port));
	KUNIT_EXPECT_EQ(test, xenhv_time_timer_virqs(ctx->d, 0), 1ULL);
	/* Nothing else due: Hyper-V disabled the expired one-shot; no write. */
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_msr_writes, 2U);
	/* One-shot: no second VIRQ. */
	clear_port(ctx, port);
	ctx->fb->now_ns = 6000 * MS;
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_FALSE(test, port_pending(ctx, port));
}

static void xenhv_timer_singleshot_rules(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	u32 port = bind_virq_timer(test, 0);
	unsigned int n;

	/* Only on the calling vCPU, checked before the argument is read. */
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_set_singleshot_timer, 1, 0xdead),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_stop_singleshot_timer, 1, 0),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_set_singleshot_timer, 0, 0xdead),
			(long)-XEN_EFAULT);
	/* VCPU_SSHOTTMR_future is ignored (4.17.7): a past deadline fires at once. */
	KUNIT_EXPECT_EQ(test, singleshot(test, 0, 4000 * MS, VCPU_SSHOTTMR_future), 0L);
	KUNIT_EXPECT_TRUE(test, port_pending(ctx, port));
	clear_port(ctx, port);
	/* Without the flag a past deadline fires at once. */
	KUNIT_EXPECT_EQ(test, singleshot(test, 0, 4000 * MS, 0), 0L);
	KUNIT_EXPECT_TRUE(test, port_pending(ctx, port));
	clear_port(ctx, port);
	/* Stopped before it is due: never fires. */
	KUNIT_EXPECT_EQ(test, singleshot(test, 0, 5001 * MS, VCPU_SSHOTTMR_future), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_stop_singleshot_timer, 0, 0), 0L);
	ctx->fb->now_ns = 5002 * MS;
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_FALSE(test, port_pending(ctx, port));

	/* Unloading: the timer is disarmed and nothing re-arms it after. */
	xenhv_time_stop_vcpu(ctx->d);
	KUNIT_EXPECT_EQ(test, ctx->fb->msr_log[ctx->fb->nr_msr_writes - 1].val, 0ULL);
	n = ctx->fb->nr_msr_writes;
	KUNIT_EXPECT_EQ(test, singleshot(test, 0, 9000 * MS, 0), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_msr_writes, n);
}

/*
 * Xen 4.17.7 ignores the flags of VCPUOP_set_singleshot_timer (do_vcpu_op(),
 * since 4.17.3; 4.17.0 gave VCPU_SSHOTTMR_future -ETIME): a past deadline
 * fires at once and the call returns 0, and so does one at 2^63 ns or
 * later, negative to set_timer(). A future one waits for its time.
 */
static void xenhv_timer_singleshot_flags_ignored(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	u32 port = bind_virq_timer(test, 0);

	KUNIT_EXPECT_EQ(test, singleshot(test, 0, 4000 * MS, VCPU_SSHOTTMR_future), 0L);
	KUNIT_EXPECT_TRUE(test, port_pending(ctx, port));
	KUNIT_EXPECT_EQ(test, xenhv_time_timer_virqs(ctx->d, 0), 1ULL);
	clear_port(ctx, port);
	KUNIT_EXPECT_EQ(test, singleshot(test, 0, 1ULL << 63, VCPU_SSHOTTMR_future), 0L);
	KUNIT_EXPECT_TRUE(test, port_pending(ctx, port));
	clear_port(ctx, port);
	KUNIT_EXPECT_EQ(test, singleshot(test, 0, 6000 * MS, ~0U), 0L);
	KUNIT_EXPECT_FALSE(test, port_pending(ctx, port));
	ctx->fb->now_ns = 6000 * MS;
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_TRUE(test, port_pending(ctx, port));
	KUNIT_EXPECT_EQ(test, xenhv_time_timer_virqs(ctx->d, 0), 3ULL);
}

/* set_timer_op: 0 stops; negative or >= 2^50 ns ahead becomes now + 100 ms. */
static void xenhv_timer_set_timer_op_quirks(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	const u64 now = 5000 * MS;
	u64 count;

	KUNIT_EXPECT_EQ(test, xenhv_set_timer_op(ctx->d, now + (1ULL << 50)), 0L);
	xenhv_fake_msr_writes(ctx->fb, XENHV_STIMER_COUNT_MSR(3), &count);
	KUNIT_EXPECT_EQ(test, count, (now + 100 * MS) / 100);
	KUNIT_EXPECT_EQ(test, xenhv_set_timer_op(ctx->d, 1ULL << 63), 0L);
	xenhv_fake_msr_writes(ctx->fb, XENHV_STIMER_COUNT_MSR(3), &count);
	KUNIT_EXPECT_EQ(test, count, (now + 100 * MS) / 100);
	/* Just under 2^50 ahead is taken as asked. */
	KUNIT_EXPECT_EQ(test, xenhv_set_timer_op(ctx->d, now + (1ULL << 50) - 100), 0L);
	xenhv_fake_msr_writes(ctx->fb, XENHV_STIMER_COUNT_MSR(3), &count);
	KUNIT_EXPECT_EQ(test, count, DIV_ROUND_UP_ULL(now + (1ULL << 50) - 100, 100));
	/* It shares the singleshot timer: VCPUOP_stop_singleshot_timer stops it. */
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_stop_singleshot_timer, 0, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_time_next_deadline(ctx->d, 0), U64_MAX);
	KUNIT_EXPECT_EQ(test, xenhv_set_timer_op(ctx->d, now + MS), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_time_next_deadline(ctx->d, 0), now + MS);
	KUNIT_EXPECT_EQ(test, xenhv_set_timer_op(ctx->d, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_time_next_deadline(ctx->d, 0), U64_MAX);
}

/*
 * Periodic: 1 ms <= period <= 2^62 - 1; the first tick comes at once
 * (no event for a period yet), then one per period, counted from the
 * last tick (no catch-up).
 */
static void xenhv_timer_periodic(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	u32 port = bind_virq_timer(test, 0);

	KUNIT_EXPECT_EQ(test, periodic(test, 0, MS - 1), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, periodic(test, 0, 1ULL << 62), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_set_periodic_timer, 0, 0xdead),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_FALSE(test, port_pending(ctx, port));
	KUNIT_EXPECT_EQ(test, periodic(test, 0, 10 * MS), 0L);
	KUNIT_EXPECT_TRUE(test, port_pending(ctx, port));
	KUNIT_EXPECT_EQ(test, xenhv_time_next_deadline(ctx->d, 0), 5010 * MS);
	clear_port(ctx, port);
	ctx->fb->now_ns = 5010 * MS;
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_TRUE(test, port_pending(ctx, port));
	clear_port(ctx, port);
	/* Late by 25 ms: one tick, the next a period from now. */
	ctx->fb->now_ns = 5045 * MS;
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_EQ(test, xenhv_time_timer_virqs(ctx->d, 0), 3ULL);
	KUNIT_EXPECT_EQ(test, xenhv_time_next_deadline(ctx->d, 0), 5055 * MS);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_stop_periodic_timer, 0, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_time_next_deadline(ctx->d, 0), U64_MAX);
}

/* Another vCPU's timer is programmed by that vCPU: one IPI, no MSR here. */
static void xenhv_timer_remote_periodic_one_ipi(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, periodic(test, 1, 10 * MS), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_fake_count_code(ctx->fb, HVCALL_SEND_IPI), 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].in1, (u64)0x41);	/* vCPU 1's vector */
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].in2, BIT_ULL(4));	/* its VP index */
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_msr_writes, 0U);
	/* vCPU 1 takes the interrupt and arms its own timer. */
	ctx->fb->cur_vcpu = 1;
	xenhv_time_service(ctx->d, 1);
	KUNIT_EXPECT_EQ(test, xenhv_fake_msr_writes(ctx->fb, XENHV_STIMER_COUNT_MSR(3), NULL), 1U);
}

/*
 * Event upcalls share xenhv's vector: an interrupt with no timer message
 * and no kick reads no clock and takes no lock. A timer message always
 * re-arms, even when the deadline still looks a hair ahead.
 */
static void xenhv_timer_event_interrupt_reads_no_clock(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	unsigned int counts;

	place_shared_info(test);	/* starts the refresh duty on both vCPUs */
	KUNIT_ASSERT_EQ(test, singleshot(test, 0, 5001 * MS + 50, 0), 0L);
	ctx->fb->nr_clock_reads = 0;
	xenhv_time_interrupt(ctx->d, 0, false);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_clock_reads, 0U);
	/* The timer message comes a hair early by the TSC-page clock. */
	counts = xenhv_fake_msr_writes(ctx->fb, XENHV_STIMER_COUNT_MSR(3), NULL);
	ctx->fb->now_ns = 5001 * MS;
	xenhv_time_interrupt(ctx->d, 0, true);
	KUNIT_EXPECT_GT(test, ctx->fb->nr_clock_reads, 0U);
	KUNIT_EXPECT_EQ(test, xenhv_fake_msr_writes(ctx->fb, XENHV_STIMER_COUNT_MSR(3), NULL),
			counts + 1);	/* re-armed: Hyper-V fires again */
	KUNIT_EXPECT_EQ(test, xenhv_time_timer_virqs(ctx->d, 0), 0ULL);
	/* A change kicked to vCPU 1 runs there on its next interrupt. */
	KUNIT_EXPECT_EQ(test, periodic(test, 1, 10 * MS), 0L);
	ctx->fb->cur_vcpu = 1;
	ctx->fb->nr_clock_reads = 0;
	xenhv_time_interrupt(ctx->d, 1, false);
	KUNIT_EXPECT_GT(test, ctx->fb->nr_clock_reads, 0U);
	KUNIT_EXPECT_EQ(test, xenhv_time_timer_virqs(ctx->d, 1), 1ULL);	/* first tick */
	ctx->fb->nr_clock_reads = 0;
	xenhv_time_interrupt(ctx->d, 1, false);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_clock_reads, 0U);
}

/* SCHEDOP_block with a timer pending wakes when it fires (VIRQ_TIMER). */
static void xenhv_timer_wakes_block(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct shared_info *s = place_shared_info(test);
	u32 port = bind_virq_timer(test, 0);

	s->vcpu_info[0].evtchn_upcall_pending = 0;
	KUNIT_ASSERT_EQ(test, xenhv_set_timer_op(ctx->d, 5500 * MS), 0L);
	ctx->fb->nr_blocks = 0;
	KUNIT_EXPECT_EQ(test, xenhv_sched_op(ctx->d, SCHEDOP_block, 0), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_blocks, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->last_deadline, 5500 * MS);
	KUNIT_EXPECT_TRUE(test, port_pending(ctx, port));
	KUNIT_EXPECT_EQ(test, s->vcpu_info[0].evtchn_upcall_pending, 1);
}

static struct kunit_case xenhv_timer_cases[] = {
	KUNIT_CASE(xenhv_timer_singleshot_fires_virq),
	KUNIT_CASE(xenhv_timer_singleshot_rules),
	KUNIT_CASE(xenhv_timer_singleshot_flags_ignored),
	KUNIT_CASE(xenhv_timer_set_timer_op_quirks),
	KUNIT_CASE(xenhv_timer_periodic),
	KUNIT_CASE(xenhv_timer_remote_periodic_one_ipi),
	KUNIT_CASE(xenhv_timer_event_interrupt_reads_no_clock),
	KUNIT_CASE(xenhv_timer_wakes_block),
	{}
};

static struct kunit_suite xenhv_timer_suite = {
	.name = "xenhv_timer",
	.init = xenhv_time_test_init,
	.exit = xenhv_time_test_exit,
	.test_cases = xenhv_timer_cases,
};

/* ---- runstate, vm_assist, the rest of vcpu_op ---- */

static long register_runstate(struct kunit *test, unsigned int vcpu, u64 addr, int cmd)
{
	struct xenhv_time_ctx *ctx = test->priv;

	return xenhv_vcpu_op(ctx->d, cmd, vcpu, put_arg(ctx, &addr, sizeof(addr)));
}

static struct vcpu_runstate_info *area(struct xenhv_time_ctx *ctx)
{
	return (struct vcpu_runstate_info *)(ctx->fb->mem + AREA_OFF);
}

static void expect_runstate_sane(struct kunit *test, const struct vcpu_runstate_info *rs)
{
	KUNIT_EXPECT_EQ(test, rs->state, RUNSTATE_running);
	KUNIT_EXPECT_EQ(test, rs->time[0] + rs->time[1] + rs->time[2] + rs->time[3],
			rs->state_entry_time & ~XEN_RUNSTATE_UPDATE);
}

/*
 * Registration writes the area at once. Running time is the VP's run
 * time (HV_X64_MSR_VP_RUNTIME), blocked the kernel's idle time, the rest
 * runnable (stolen); the times add up to state_entry_time.
 */
static void xenhv_runstate_registered_and_accounted(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct vcpu_runstate_info *rs = area(ctx), got;

	ctx->fb->vp_runtime = 30000000;		/* 3 s */
	ctx->fb->idle_ns[0] = 1500 * MS;
	KUNIT_ASSERT_EQ(test, register_runstate(test, 0, xenhv_fake_gva(ctx->fb, AREA_OFF),
						VCPUOP_register_runstate_memory_area), 0L);
	expect_runstate_sane(test, rs);
	KUNIT_EXPECT_EQ(test, rs->state_entry_time, 5000 * MS);
	KUNIT_EXPECT_EQ(test, rs->time[RUNSTATE_running], 3000 * MS);
	KUNIT_EXPECT_EQ(test, rs->time[RUNSTATE_blocked], 1500 * MS);
	KUNIT_EXPECT_EQ(test, rs->time[RUNSTATE_runnable], 500 * MS);
	KUNIT_EXPECT_EQ(test, rs->time[RUNSTATE_offline], 0ULL);
	/* get_runstate_info gives the same view; a bad handle is -EFAULT. */
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_get_runstate_info, 0,
					    xenhv_fake_gva(ctx->fb, 512)), 0L);
	memcpy(&got, ctx->fb->mem + 512, sizeof(got));
	KUNIT_EXPECT_EQ(test, got.time[RUNSTATE_running], 3000 * MS);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_get_runstate_info, 0, 0xdead),
			(long)-XEN_EFAULT);
	/* The refresh duty keeps it current. */
	ctx->fb->now_ns = 7000 * MS;
	ctx->fb->vp_runtime = 40000000;
	xenhv_time_service(ctx->d, 0);
	expect_runstate_sane(test, rs);
	KUNIT_EXPECT_EQ(test, rs->time[RUNSTATE_running], 4000 * MS);
}

/* With VMASST_TYPE_runstate_update_flag: flag byte set, copy, flag byte cleared. */
static void xenhv_runstate_update_flag_protocol(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct vcpu_runstate_info *rs = area(ctx);

	KUNIT_ASSERT_EQ(test, xenhv_vm_assist(ctx->d, VMASST_CMD_enable,
					      VMASST_TYPE_runstate_update_flag), 0L);
	KUNIT_ASSERT_EQ(test, register_runstate(test, 0, xenhv_fake_gva(ctx->fb, AREA_OFF),
						VCPUOP_register_runstate_memory_area), 0L);
	ctx->fb->nr_byte_writes = 0;
	ctx->fb->now_ns = 6000 * MS;
	xenhv_time_service(ctx->d, 0);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_byte_writes, 2U);
	KUNIT_EXPECT_TRUE(test, ctx->fb->byte_writes[0] & 0x80);
	KUNIT_EXPECT_FALSE(test, ctx->fb->byte_writes[1] & 0x80);
	KUNIT_EXPECT_FALSE(test, rs->state_entry_time & XEN_RUNSTATE_UPDATE);
	expect_runstate_sane(test, rs);
	/* Disabled again: one plain copy. */
	KUNIT_ASSERT_EQ(test, xenhv_vm_assist(ctx->d, VMASST_CMD_disable,
					      VMASST_TYPE_runstate_update_flag), 0L);
	ctx->fb->nr_byte_writes = 0;
	ctx->fb->now_ns = 7000 * MS;
	xenhv_time_service(ctx->d, 0);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_byte_writes, 0U);
}

/* Odd inputs (run time beyond elapsed, idle going backwards) keep it monotonic. */
static void xenhv_runstate_monotonic(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct vcpu_runstate_info *rs = area(ctx), prev;
	static const struct { u64 now_ms, run_100ns, idle_ms; } steps[] = {
		{ 5000, 10000000, 3000 }, { 5100, 90000000, 100 }, { 5200, 1, 0 },
		{ 5300, 52000000, 9000 }, { 6000, 52000000, 3200 },
	};
	unsigned int i, k;

	KUNIT_ASSERT_EQ(test, register_runstate(test, 0, xenhv_fake_gva(ctx->fb, AREA_OFF),
						VCPUOP_register_runstate_memory_area), 0L);
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		prev = *rs;
		ctx->fb->now_ns = steps[i].now_ms * MS;
		ctx->fb->vp_runtime = steps[i].run_100ns;
		ctx->fb->idle_ns[0] = steps[i].idle_ms * MS;
		xenhv_time_service(ctx->d, 0);
		expect_runstate_sane(test, rs);
		for (k = 0; k < 4; k++)
			KUNIT_EXPECT_GE(test, rs->time[k], prev.time[k]);
	}
}

/* The guest-physical variants: ~0 unregisters; crossing a page -ENXIO; not RAM -EINVAL. */
static void xenhv_runstate_phys_area(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct vcpu_runstate_info *rs = xenhv_fake_page(ctx->fb, 2) + 64;
	struct pvclock_vcpu_time_info *t = xenhv_fake_page(ctx->fb, 3) + 32;

	KUNIT_EXPECT_EQ(test, register_runstate(test, 0, 2 * PAGE_SIZE + PAGE_SIZE - 8, 14),
			(long)-XEN_ENXIO);
	KUNIT_EXPECT_EQ(test, register_runstate(test, 0, 99 * PAGE_SIZE, 14), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, register_runstate(test, 0, 2 * PAGE_SIZE + 64, 14), 0L);
	expect_runstate_sane(test, rs);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_maps, 1U);
	KUNIT_EXPECT_EQ(test, register_runstate(test, 0, 3 * PAGE_SIZE + 32, 15), 0L);
	KUNIT_EXPECT_EQ(test, t->version % 2, 0U);
	KUNIT_EXPECT_GT(test, t->version, 0U);
	KUNIT_EXPECT_EQ(test, t->tsc_to_system_mul, ctx->d->time->pv.mul);
	/* Re-registering moves it (the old page is given back); ~0 removes it. */
	KUNIT_EXPECT_EQ(test, register_runstate(test, 0, 2 * PAGE_SIZE + 128, 14), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_unmaps, 1U);
	KUNIT_EXPECT_EQ(test, register_runstate(test, 0, ~0ULL, 14), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_unmaps, 2U);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, 14, 0, 0xdead), (long)-XEN_EFAULT);
}

/* do_vm_assist(): HVM allows only runstate_update_flag; type before cmd. */
static void xenhv_vm_assist_rules(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	unsigned int type;

	for (type = 0; type < 70; type++) {
		long want = type == VMASST_TYPE_runstate_update_flag ? 0 : -XEN_EINVAL;

		KUNIT_EXPECT_EQ_MSG(test, xenhv_vm_assist(ctx->d, VMASST_CMD_enable, type),
				    want, "type %u", type);
		KUNIT_EXPECT_EQ_MSG(test, xenhv_vm_assist(ctx->d, 7, type),
				    type == VMASST_TYPE_runstate_update_flag ?
				    (long)-XEN_ENOSYS : (long)-XEN_EINVAL, "type %u", type);
	}
	KUNIT_EXPECT_EQ(test, ctx->d->vm_assist, BIT(VMASST_TYPE_runstate_update_flag));
	KUNIT_EXPECT_EQ(test, xenhv_vm_assist(ctx->d, VMASST_CMD_disable,
					      VMASST_TYPE_runstate_update_flag), 0L);
	KUNIT_EXPECT_EQ(test, ctx->d->vm_assist, 0UL);
}

static void xenhv_vcpu_op_bad_vcpu_first(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	int cmd;

	for (cmd = 0; cmd < 20; cmd++)
		KUNIT_EXPECT_EQ_MSG(test, xenhv_vcpu_op(ctx->d, cmd, 2, 0xdead),
				    (long)-XEN_ENOENT, "cmd %d", cmd);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, 16, 0, 0), (long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, -1, 0, 0), (long)-XEN_ENOSYS);
}

static void xenhv_vcpu_op_up_down_initialise(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct vcpu_hvm_context hc = { .mode = 2 };

	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_is_up, 1, 0), 1L);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_initialise, 1, 0), (long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_initialise, 1,
					    put_arg(ctx, &hc, sizeof(hc))), (long)-XEN_EEXIST);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_down, 1, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_is_up, 1, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_up, 1, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_is_up, 1, 0), 1L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_shutdowns, 0U);
	/* Downing the last vCPU that is up powers the domain off. */
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_down, 0, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_down, 1, 0), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_shutdowns, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->last_shutdown, (unsigned int)SHUTDOWN_poweroff);
}

/* VCPUOP_initialise on a vCPU >= 32 without a vcpu_info: -EINVAL first (4.17.0). */
static void xenhv_vcpu_op_initialise_high_vcpu(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 1024);
	struct xenhv_domain *d = xenhv_fake_domain(test, fb);

	fb->be.nr_vcpus = 40;
	KUNIT_ASSERT_EQ(test, xenhv_evtchn_init(d, 64), 0);
	KUNIT_ASSERT_EQ(test, xenhv_time_init(d), 0);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(d, VCPUOP_initialise, 35, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(d, VCPUOP_initialise, 31, 0), (long)-XEN_EFAULT);
	xenhv_time_destroy(d);
	xenhv_evtchn_destroy(d);
}

static void xenhv_vcpu_op_send_nmi_and_physid(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	u64 icr;

	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_send_nmi, 1, 0xdead),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_msr_writes, 0U);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_send_nmi, 1, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_fake_msr_writes(ctx->fb, HV_X64_MSR_ICR, &icr), 1U);
	KUNIT_EXPECT_EQ(test, icr, (2ULL << 56) | XENHV_ICR_DELIVERY_NMI);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
	/* Without the synthetic ICR nothing is sent; Xen's answer is still 0. */
	ctx->fb->be.synthetic_icr = false;
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_send_nmi, 0, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_fake_msr_writes(ctx->fb, HV_X64_MSR_ICR, NULL), 1U);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_get_physid, 0,
					    xenhv_fake_gva(ctx->fb, 512)), (long)-XEN_EINVAL);
}

/* The secondary time area (a guest handle) gets vcpu_info.time's contents. */
static void xenhv_vcpu_op_time_area(struct kunit *test)
{
	struct xenhv_time_ctx *ctx = test->priv;
	struct pvclock_vcpu_time_info *t = (void *)(ctx->fb->mem + AREA_OFF);
	struct shared_info *s = place_shared_info(test);

	KUNIT_EXPECT_EQ(test, register_runstate(test, 0, xenhv_fake_gva(ctx->fb, AREA_OFF),
						VCPUOP_register_vcpu_time_memory_area), 0L);
	KUNIT_EXPECT_EQ(test, t->version % 2, 0U);
	KUNIT_EXPECT_GT(test, t->version, 0U);
	KUNIT_EXPECT_EQ(test, t->system_time, s->vcpu_info[0].time.system_time);
	KUNIT_EXPECT_EQ(test, t->tsc_to_system_mul, s->vcpu_info[0].time.tsc_to_system_mul);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_register_vcpu_time_memory_area, 0,
					    0xdead), (long)-XEN_EFAULT);
}

static struct kunit_case xenhv_vcpu_cases[] = {
	KUNIT_CASE(xenhv_runstate_registered_and_accounted),
	KUNIT_CASE(xenhv_runstate_update_flag_protocol),
	KUNIT_CASE(xenhv_runstate_monotonic),
	KUNIT_CASE(xenhv_runstate_phys_area),
	KUNIT_CASE(xenhv_vm_assist_rules),
	KUNIT_CASE(xenhv_vcpu_op_bad_vcpu_first),
	KUNIT_CASE(xenhv_vcpu_op_up_down_initialise),
	KUNIT_CASE(xenhv_vcpu_op_initialise_high_vcpu),
	KUNIT_CASE(xenhv_vcpu_op_send_nmi_and_physid),
	KUNIT_CASE(xenhv_vcpu_op_time_area),
	{}
};

static struct kunit_suite xenhv_vcpu_suite = {
	.name = "xenhv_vcpu_op",
	.init = xenhv_time_test_init,
	.exit = xenhv_time_test_exit,
	.test_cases = xenhv_vcpu_cases,
};

kunit_test_suites(&xenhv_pvclock_suite, &xenhv_timer_suite, &xenhv_vcpu_suite);
