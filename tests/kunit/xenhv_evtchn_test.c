// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: event channels (2-level) on the fake backend: every EVTCHNOP's
 * success and error paths, shared_info/vcpu_info placement, and the
 * Hyper-V calls each delivery costs.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include "xenhv_fake_backend.h"
#include "../../translate/evtchn.h"
#include <xen/interface/memory.h>
#include <xen/interface/vcpu.h>
#include <xen/interface/hvm/hvm_op.h>
#include <xen/interface/hvm/params.h>
#include <xen/interface/sched.h>
#include <linux/limits.h>

#define SHINFO_GFN	1
#define ARG_OFF		0	/* hypercall argument structs go here in guest memory */

struct xenhv_evtchn_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d;
	struct shared_info *s;
};

static long memop_shinfo(struct kunit *test, domid_t dom, unsigned long idx, u64 gpfn)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct xen_add_to_physmap xatp = {
		.domid = dom, .space = XENMAPSPACE_shared_info, .idx = idx, .gpfn = gpfn,
	};

	memcpy(ctx->fb->mem + ARG_OFF, &xatp, sizeof(xatp));
	return xenhv_memory_op(ctx->d, XENMEM_add_to_physmap, xenhv_fake_gva(ctx->fb, ARG_OFF));
}

static int xenhv_evtchn_test_init(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	test->priv = ctx;
	ctx->fb = xenhv_fake_new(test, 256);
	ctx->fb->be.nr_vcpus = 4;
	ctx->d = xenhv_fake_domain(test, ctx->fb);
	KUNIT_ASSERT_EQ(test, xenhv_evtchn_init(ctx->d, XENHV_DEFAULT_MAX_EVTCHN_PORT), 0);
	memset(xenhv_fake_page(ctx->fb, SHINFO_GFN), 0x77, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, memop_shinfo(test, DOMID_SELF, 0, SHINFO_GFN), 0L);
	ctx->s = xenhv_fake_page(ctx->fb, SHINFO_GFN);
	return 0;
}

static void xenhv_evtchn_test_exit(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;

	xenhv_evtchn_destroy(ctx->d);
	/* Every guest page xenhv took a reference on was given back. */
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_unmaps, ctx->fb->nr_maps);
}

/* Run one EVTCHNOP with @op in guest memory; copy the result back into @op. */
static long evop(struct kunit *test, int cmd, void *op, size_t size)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	long ret;

	memcpy(ctx->fb->mem + ARG_OFF, op, size);
	ret = xenhv_event_channel_op(ctx->d, cmd, xenhv_fake_gva(ctx->fb, ARG_OFF));
	memcpy(op, ctx->fb->mem + ARG_OFF, size);
	return ret;
}

static long alloc_unbound(struct kunit *test, domid_t remote)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote };
	long ret = evop(test, EVTCHNOP_alloc_unbound, &a, sizeof(a));

	return ret ? ret : a.port;
}

static long bind_ipi(struct kunit *test, u32 vcpu)
{
	struct evtchn_bind_ipi b = { .vcpu = vcpu };
	long ret = evop(test, EVTCHNOP_bind_ipi, &b, sizeof(b));

	return ret ? ret : b.port;
}

static long bind_virq(struct kunit *test, u32 virq, u32 vcpu)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
	long ret = evop(test, EVTCHNOP_bind_virq, &b, sizeof(b));

	return ret ? ret : b.port;
}

static long port_op(struct kunit *test, int cmd, u32 port)
{
	struct evtchn_send p = { .port = port };	/* close/send/unmask share the layout */

	return evop(test, cmd, &p, sizeof(p));
}

static struct evtchn_status status_of(struct kunit *test, u32 port, long *ret)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

	*ret = evop(test, EVTCHNOP_status, &st, sizeof(st));
	return st;
}

static bool pending(struct xenhv_evtchn_ctx *ctx, u32 port)
{
	return test_bit(port, (unsigned long *)ctx->s->evtchn_pending);
}

static void xenhv_evtchn_shared_info_placement(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct shared_info *moved = xenhv_fake_page(ctx->fb, 3);

	/* Xen's page starts clean: the guest's old bytes are gone. */
	KUNIT_EXPECT_EQ(test, ctx->s->evtchn_pending[0], 0UL);
	KUNIT_EXPECT_EQ(test, memop_shinfo(test, DOMID_SELF, 1, 2), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, memop_shinfo(test, DOMID_SELF, 0, 99), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, memop_shinfo(test, 5, 0, 2), (long)-XEN_ESRCH);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_add_to_physmap, 0),
			(long)-XEN_EFAULT);
	/* Moving it carries its state along, as Xen's page would. */
	ctx->s->evtchn_mask[1] = 0xabcd;
	KUNIT_EXPECT_EQ(test, memop_shinfo(test, DOMID_SELF, 0, 3), 0L);
	KUNIT_EXPECT_EQ(test, moved->evtchn_mask[1], 0xabcdUL);
}

static void xenhv_evtchn_alloc_unbound_ports(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct evtchn_alloc_unbound a = { .dom = 7, .remote_dom = DOMID_SELF };
	struct evtchn_status st;
	long ret;

	/* Port 0 is reserved: ports are handed out from 1, lowest first. */
	KUNIT_EXPECT_EQ(test, alloc_unbound(test, DOMID_SELF), 1L);
	KUNIT_EXPECT_EQ(test, alloc_unbound(test, 0), 2L);
	st = status_of(test, 1, &ret);
	KUNIT_EXPECT_EQ(test, ret, 0L);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_unbound);
	KUNIT_EXPECT_EQ(test, st.u.unbound.dom, ctx->d->domid);	/* DOMID_SELF resolved */
	st = status_of(test, 2, &ret);
	KUNIT_EXPECT_EQ(test, st.u.unbound.dom, (domid_t)0);
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_alloc_unbound, &a, sizeof(a)),
			(long)-XEN_ESRCH);
	/* A freed port is reused first. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_close, 1), 0L);
	KUNIT_EXPECT_EQ(test, alloc_unbound(test, DOMID_SELF), 1L);
}

static void xenhv_evtchn_loopback_interdomain(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct evtchn_bind_interdomain b = { .remote_dom = DOMID_SELF };
	struct evtchn_status st;
	long p1, ret;

	p1 = alloc_unbound(test, DOMID_SELF);
	b.remote_port = p1;
	KUNIT_ASSERT_EQ(test, evop(test, EVTCHNOP_bind_interdomain, &b, sizeof(b)), 0L);
	KUNIT_EXPECT_EQ(test, b.local_port, 2U);
	/* Xen raises the new local end at bind time. */
	KUNIT_EXPECT_TRUE(test, pending(ctx, 2));
	KUNIT_EXPECT_FALSE(test, pending(ctx, p1));
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, 2), 0L);
	KUNIT_EXPECT_TRUE(test, pending(ctx, p1));
	st = status_of(test, p1, &ret);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_interdomain);
	KUNIT_EXPECT_EQ(test, st.u.interdomain.port, 2U);
	KUNIT_EXPECT_EQ(test, st.u.interdomain.dom, ctx->d->domid);

	/* Closing one end leaves the other waiting for a new bind. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_close, 2), 0L);
	KUNIT_EXPECT_FALSE(test, pending(ctx, 2));
	st = status_of(test, p1, &ret);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_unbound);
	KUNIT_EXPECT_EQ(test, st.u.unbound.dom, ctx->d->domid);
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_interdomain, &b, sizeof(b)), 0L);
}

static void xenhv_evtchn_interdomain_errors(struct kunit *test)
{
	struct evtchn_bind_interdomain b = { .remote_dom = DOMID_SELF };
	long other = alloc_unbound(test, 7);	/* offered to domain 7, not us */
	long ipi = bind_ipi(test, 0);

	b.remote_port = other;
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_interdomain, &b, sizeof(b)),
			(long)-XEN_EINVAL);
	b.remote_port = ipi;
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_interdomain, &b, sizeof(b)),
			(long)-XEN_EINVAL);
	b.remote_port = 5000;
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_interdomain, &b, sizeof(b)),
			(long)-XEN_EINVAL);
	b.remote_dom = 9;
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_interdomain, &b, sizeof(b)),
			(long)-XEN_ESRCH);
	/* The failed binds consumed no port. */
	KUNIT_EXPECT_EQ(test, alloc_unbound(test, DOMID_SELF), 3L);
}

/*
 * dom0 exists even when no backend domain is hosted (the Hyper-V host
 * plays it): the ops that act on a named domain get XSM_TARGET's -EPERM,
 * a bind finds no port dom0 offered us (-EINVAL), never -ESRCH.
 */
static void xenhv_evtchn_dom0_exists(struct kunit *test)
{
	struct evtchn_alloc_unbound a = { .dom = 0, .remote_dom = DOMID_SELF };
	struct evtchn_bind_interdomain b = { .remote_dom = 0, .remote_port = 1 };
	struct evtchn_status st = { .dom = 0, .port = 1 };
	struct evtchn_reset r = { .dom = 0 };
	long ret, port = alloc_unbound(test, 0);	/* offered to dom0: fine */

	KUNIT_EXPECT_EQ(test, port, 1L);
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_alloc_unbound, &a, sizeof(a)),
			(long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_interdomain, &b, sizeof(b)),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_status, &st, sizeof(st)), (long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_reset, &r, sizeof(r)), (long)-XEN_EPERM);
	/* None of it took a port or closed ours. */
	KUNIT_EXPECT_EQ(test, alloc_unbound(test, DOMID_SELF), 2L);
	st = status_of(test, port, &ret);
	KUNIT_EXPECT_EQ(test, ret, 0L);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_unbound);
	/* Another id is still no domain. */
	b.remote_dom = 9;
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_interdomain, &b, sizeof(b)),
			(long)-XEN_ESRCH);
}

static void xenhv_evtchn_close_rules(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	long p = bind_ipi(test, 1);

	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_close, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_close, 40), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_close, 5000), (long)-XEN_EINVAL);
	set_bit(p, (unsigned long *)ctx->s->evtchn_mask);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_close, p), 0L);
	KUNIT_EXPECT_FALSE(test, pending(ctx, p));
	/* evtchn_free() leaves the mask bit alone. */
	KUNIT_EXPECT_TRUE(test, test_bit(p, (unsigned long *)ctx->s->evtchn_mask));
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_close, p), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), (long)-XEN_EINVAL);
}

static void xenhv_evtchn_bind_virq_rules(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	long p;

	p = bind_virq(test, VIRQ_TIMER, 1);
	KUNIT_EXPECT_EQ(test, p, 1L);
	KUNIT_EXPECT_EQ(test, bind_virq(test, VIRQ_TIMER, 1), (long)-XEN_EEXIST);
	KUNIT_EXPECT_EQ(test, bind_virq(test, VIRQ_TIMER, 0), 2L);	/* per-vCPU */
	KUNIT_EXPECT_EQ(test, bind_virq(test, NR_VIRQS, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, bind_virq(test, VIRQ_CONSOLE, 1), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, bind_virq(test, VIRQ_TIMER, 9), (long)-XEN_ENOENT);
	KUNIT_EXPECT_EQ(test, bind_virq(test, VIRQ_CONSOLE, 0), 3L);
	/* A VIRQ port cannot be sent to. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), (long)-XEN_EINVAL);
	/* Raised from xenhv's own source: lands on its vCPU. */
	KUNIT_EXPECT_TRUE(test, xenhv_evtchn_raise_virq(ctx->d, 1, VIRQ_TIMER));
	KUNIT_EXPECT_TRUE(test, pending(ctx, p));
	KUNIT_EXPECT_FALSE(test, xenhv_evtchn_raise_virq(ctx->d, 2, VIRQ_TIMER));
	/* Closing unbinds: the VIRQ can be bound again. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_close, p), 0L);
	KUNIT_EXPECT_EQ(test, bind_virq(test, VIRQ_TIMER, 1), 1L);
}

static void xenhv_evtchn_ipi_cross_vcpu_is_one_hypercall(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct xenhv_fake_backend *fb = ctx->fb;
	long p = bind_ipi(test, 1);

	KUNIT_EXPECT_EQ(test, bind_ipi(test, 9), (long)-XEN_ENOENT);
	fb->cur_vcpu = 0;
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_TRUE(test, pending(ctx, p));
	KUNIT_EXPECT_TRUE(test, ctx->s->vcpu_info[1].evtchn_pending_sel & BIT(p / 64));
	KUNIT_EXPECT_EQ(test, ctx->s->vcpu_info[1].evtchn_upcall_pending, 1);
	KUNIT_ASSERT_EQ(test, fb->nr_calls, 1U);
	KUNIT_EXPECT_TRUE(test, fb->log[0].fast);
	KUNIT_EXPECT_EQ(test, fb->log[0].control & 0xffff, (u64)HVCALL_SEND_IPI);
	KUNIT_EXPECT_EQ(test, fb->log[0].in1, 0x41ULL);		/* vCPU 1's vector */
	KUNIT_EXPECT_EQ(test, fb->log[0].in2, BIT_ULL(fb->vps[1].index));
	KUNIT_EXPECT_EQ(test, fb->nr_self_kicks, 0U);

	/* Still pending: a second send costs nothing (Xen stops at the bit). */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 1U);
}

static void xenhv_evtchn_same_vcpu_no_hypercall(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct xenhv_fake_backend *fb = ctx->fb;
	long p = bind_ipi(test, 2);

	fb->cur_vcpu = 2;
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 0U);
	KUNIT_EXPECT_EQ(test, fb->nr_self_kicks, 1U);
	KUNIT_EXPECT_EQ(test, fb->last_self_kick_vcpu, 2U);
}

static void xenhv_evtchn_upcall_already_pending_no_notify(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	long p1 = bind_ipi(test, 1), p2 = bind_ipi(test, 1);

	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p1), 0L);
	/* The guest has not run its upcall yet: the next port needs no kick. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p2), 0L);
	KUNIT_EXPECT_TRUE(test, pending(ctx, p2));
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);
	/* After the guest clears upcall_pending, a new event kicks again. */
	ctx->s->vcpu_info[1].evtchn_upcall_pending = 0;
	ctx->s->vcpu_info[1].evtchn_pending_sel = 0;
	clear_bit(p1, (unsigned long *)ctx->s->evtchn_pending);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p1), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 2U);
}

static void xenhv_evtchn_masked_then_unmask_renotifies(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	long p = bind_ipi(test, 1);

	set_bit(p, (unsigned long *)ctx->s->evtchn_mask);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_TRUE(test, pending(ctx, p));
	KUNIT_EXPECT_EQ(test, ctx->s->vcpu_info[1].evtchn_pending_sel, 0UL);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
	/* Unmasking a pending port must deliver it, or it is lost. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_unmask, p), 0L);
	KUNIT_EXPECT_FALSE(test, test_bit(p, (unsigned long *)ctx->s->evtchn_mask));
	KUNIT_EXPECT_EQ(test, ctx->s->vcpu_info[1].evtchn_upcall_pending, 1);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);
	/* Unmask of a non-pending, or unusable, port: nothing, and no error. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_unmask, 30), 0L);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_unmask, 5000), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);
}

static void xenhv_evtchn_vp_above_63_uses_ex(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct xenhv_fake_backend *fb = ctx->fb;
	long p = bind_ipi(test, 3);
	u64 in[4];

	fb->vps[3].index = 70;
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_ASSERT_EQ(test, fb->nr_calls, 1U);
	KUNIT_EXPECT_FALSE(test, fb->log[0].fast);
	KUNIT_EXPECT_EQ(test, fb->log[0].control, xenhv_hv_control(HVCALL_SEND_IPI_EX, 0, 0, 1));
	KUNIT_ASSERT_EQ(test, fb->log[0].in_len, sizeof(in));
	memcpy(in, fb->log[0].in, sizeof(in));
	KUNIT_EXPECT_EQ(test, in[0], 0x43ULL);			/* vector */
	KUNIT_EXPECT_EQ(test, in[1], (u64)HV_GENERIC_SET_SPARSE_4K);
	KUNIT_EXPECT_EQ(test, in[2], BIT_ULL(1));		/* bank 70 / 64 */
	KUNIT_EXPECT_EQ(test, in[3], BIT_ULL(6));		/* bit 70 % 64 */
}

/*
 * From vCPU 0, send @p (bound to vCPU 1) while vCPU 1 has no upcall
 * vector: the event and the upcall stay pending, and no IPI goes.
 */
static void send_to_vcpu1_without_vector(struct kunit *test, long p)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct xenhv_fake_backend *fb = ctx->fb;

	fb->cur_vcpu = 0;
	fb->vps[1].upcall_vector = 0;
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_TRUE(test, pending(ctx, p));
	KUNIT_EXPECT_EQ(test, ctx->s->vcpu_info[1].evtchn_upcall_pending, 1);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 0U);
}

/*
 * A vCPU with no upcall vector (down, or no interrupt set up for it) or
 * no known VP index gets no IPI: the event stays pending, as Xen leaves
 * it for a vCPU that is down, and a later send to it, once it has both,
 * kicks as usual.
 */
static void xenhv_evtchn_kick_needs_vector_and_vp(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct xenhv_fake_backend *fb = ctx->fb;
	long p = bind_ipi(test, 1);

	send_to_vcpu1_without_vector(test, p);
	KUNIT_EXPECT_EQ(test, fb->nr_self_kicks, 0U);

	/* A vector but no VP index: still nothing to send. */
	ctx->s->vcpu_info[1].evtchn_upcall_pending = 0;
	ctx->s->vcpu_info[1].evtchn_pending_sel = 0;
	clear_bit(p, (unsigned long *)ctx->s->evtchn_pending);
	fb->vps[1].upcall_vector = 0x41;
	fb->vps[1].index = U32_MAX;
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_TRUE(test, pending(ctx, p));
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 0U);

	/* Both known again: the next 0 -> 1 transition sends one IPI. */
	ctx->s->vcpu_info[1].evtchn_upcall_pending = 0;
	ctx->s->vcpu_info[1].evtchn_pending_sel = 0;
	clear_bit(p, (unsigned long *)ctx->s->evtchn_pending);
	fb->vps[1].index = 9;
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_ASSERT_EQ(test, fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, fb->log[0].in1, 0x41ULL);
	KUNIT_EXPECT_EQ(test, fb->log[0].in2, BIT_ULL(9));
}

/*
 * A vCPU whose events went pending while it had no vector gets its
 * upcall when the vector is back: at once if it is the calling vCPU (a
 * self-kick), by IPI otherwise; nothing if nothing is pending, nothing
 * for a vCPU past the domain's.
 */
static void xenhv_evtchn_vcpu_up_delivers_pending(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct xenhv_fake_backend *fb = ctx->fb;
	long p = bind_ipi(test, 1);

	send_to_vcpu1_without_vector(test, p);
	/* A second send to the vCPU finds its upcall pending: still no kick. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, bind_ipi(test, 1)), 0L);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 0U);

	/* The vector is back; vCPU 1 itself comes up: a self-kick. */
	fb->vps[1].upcall_vector = 0x41;
	fb->cur_vcpu = 1;
	xenhv_evtchn_vcpu_up(ctx->d, 1);
	KUNIT_EXPECT_EQ(test, fb->nr_self_kicks, 1U);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 0U);
	/* Run from another vCPU: the IPI. */
	fb->cur_vcpu = 0;
	xenhv_evtchn_vcpu_up(ctx->d, 1);
	KUNIT_ASSERT_EQ(test, fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, fb->log[0].in1, 0x41ULL);
	KUNIT_EXPECT_EQ(test, fb->log[0].in2, BIT_ULL(fb->vps[1].index));

	/* Nothing pending, or no such vCPU: nothing. */
	ctx->s->vcpu_info[1].evtchn_upcall_pending = 0;
	fb->cur_vcpu = 1;
	xenhv_evtchn_vcpu_up(ctx->d, 1);
	xenhv_evtchn_vcpu_up(ctx->d, XENHV_FAKE_VCPUS);
	xenhv_evtchn_vcpu_up(ctx->d, U32_MAX);
	KUNIT_EXPECT_EQ(test, fb->nr_self_kicks, 1U);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 1U);
}

static void xenhv_evtchn_port_exhaustion(struct kunit *test)
{
	long p, last = 0;
	unsigned int n = 0;

	while ((p = alloc_unbound(test, DOMID_SELF)) > 0) {
		last = p;
		n++;
	}
	KUNIT_EXPECT_EQ(test, p, (long)-XEN_ENOSPC);
	KUNIT_EXPECT_EQ(test, n, (unsigned int)XENHV_DEFAULT_MAX_EVTCHN_PORT);
	KUNIT_EXPECT_EQ(test, last, (long)XENHV_DEFAULT_MAX_EVTCHN_PORT);
	KUNIT_EXPECT_EQ(test, bind_ipi(test, 0), (long)-XEN_ENOSPC);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_close, 500), 0L);
	KUNIT_EXPECT_EQ(test, bind_ipi(test, 0), 500L);
}

/*
 * A port table that is not a whole number of 64-port buckets
 * (max_evtchn_port=10 or 100): the valid range grows by bucket but never
 * past the table. Found reading the send path: the range once grew to the
 * bucket's end, and every walk of it (reset, FIFO setup, unload) read
 * past the table; KASAN in the debug kernel reports that as a splat.
 */
static void xenhv_evtchn_small_port_table(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	static const unsigned int maxes[] = { 10, 100 };
	struct xenhv_domain *saved = ctx->d;
	struct evtchn_reset r = { .dom = DOMID_SELF };
	unsigned int i, n;
	long p, last, ret;

	for (i = 0; i < ARRAY_SIZE(maxes); i++) {
		ctx->d = xenhv_fake_domain(test, ctx->fb);
		KUNIT_ASSERT_EQ(test, xenhv_evtchn_init(ctx->d, maxes[i]), 0);
		KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, maxes[i] + 1),
				(long)-XEN_EINVAL);
		status_of(test, 63, &ret);
		KUNIT_EXPECT_EQ(test, ret, maxes[i] < 63 ? (long)-XEN_EINVAL : 0L);
		n = 0;
		last = 0;
		while ((p = bind_ipi(test, 0)) > 0) {
			last = p;
			n++;
		}
		KUNIT_EXPECT_EQ(test, p, (long)-XEN_ENOSPC);
		KUNIT_EXPECT_EQ(test, n, maxes[i]);
		KUNIT_EXPECT_EQ(test, last, (long)maxes[i]);
		status_of(test, maxes[i] + 1, &ret);
		KUNIT_EXPECT_EQ(test, ret, (long)-XEN_EINVAL);
		KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, maxes[i]), 0L);
		KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_reset, &r, sizeof(r)), 0L);
		KUNIT_EXPECT_EQ(test, bind_ipi(test, 0), 1L);
		xenhv_evtchn_destroy(ctx->d);
	}
	ctx->d = saved;
}

static void xenhv_evtchn_bind_vcpu_rules(struct kunit *test)
{
	struct evtchn_bind_vcpu b;
	struct evtchn_status st;
	long ipi = bind_ipi(test, 0), timer = bind_virq(test, VIRQ_TIMER, 0);
	long console = bind_virq(test, VIRQ_CONSOLE, 0), unb = alloc_unbound(test, 0);
	long ret;

	b = (struct evtchn_bind_vcpu){ .port = ipi, .vcpu = 1 };
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_vcpu, &b, sizeof(b)), (long)-XEN_EINVAL);
	b = (struct evtchn_bind_vcpu){ .port = timer, .vcpu = 1 };
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_vcpu, &b, sizeof(b)), (long)-XEN_EINVAL);
	b = (struct evtchn_bind_vcpu){ .port = console, .vcpu = 3 };
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_vcpu, &b, sizeof(b)), 0L);
	st = status_of(test, console, &ret);
	KUNIT_EXPECT_EQ(test, st.vcpu, 3U);
	b = (struct evtchn_bind_vcpu){ .port = unb, .vcpu = 2 };
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_vcpu, &b, sizeof(b)), 0L);
	b = (struct evtchn_bind_vcpu){ .port = unb, .vcpu = 4 };
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_vcpu, &b, sizeof(b)), (long)-XEN_ENOENT);
	b = (struct evtchn_bind_vcpu){ .port = 5000, .vcpu = 0 };
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_vcpu, &b, sizeof(b)), (long)-XEN_EINVAL);
	b = (struct evtchn_bind_vcpu){ .port = 0, .vcpu = 0 };
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_vcpu, &b, sizeof(b)), (long)-XEN_EINVAL);
}

static void xenhv_evtchn_status_validity(struct kunit *test)
{
	struct evtchn_status st = { .dom = 3, .port = 1 };
	long ret;

	bind_ipi(test, 2);
	st = status_of(test, 1, &ret);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_ipi);
	KUNIT_EXPECT_EQ(test, st.vcpu, 2U);
	/* Port 0 (reserved) and a free port in a used bucket read "closed"... */
	st = status_of(test, 0, &ret);
	KUNIT_EXPECT_EQ(test, ret, 0L);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_closed);
	st = status_of(test, 63, &ret);
	KUNIT_EXPECT_EQ(test, ret, 0L);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_closed);
	/* ...a port in a bucket never used is not valid at all. */
	st = status_of(test, 64, &ret);
	KUNIT_EXPECT_EQ(test, ret, (long)-XEN_EINVAL);
	st = (struct evtchn_status){ .dom = 3, .port = 1 };
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_status, &st, sizeof(st)), (long)-XEN_ESRCH);
}

static void xenhv_evtchn_reset_closes_all(struct kunit *test)
{
	struct evtchn_reset r = { .dom = DOMID_SELF };
	struct evtchn_status st;
	long ret, p = bind_ipi(test, 1), v = bind_virq(test, VIRQ_TIMER, 0);

	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_reset, &r, sizeof(r)), 0L);
	st = status_of(test, p, &ret);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_closed);
	st = status_of(test, v, &ret);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_closed);
	KUNIT_EXPECT_EQ(test, bind_virq(test, VIRQ_TIMER, 0), 1L);
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_reset_cont, &r, sizeof(r)), (long)-XEN_EBUSY);
	r.dom = 4;
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_reset, &r, sizeof(r)), (long)-XEN_ESRCH);
}

static void xenhv_evtchn_unsupported_and_bad_input(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct evtchn_bind_pirq bp = { .pirq = 1 };
	u8 junk[24] = {};

	/* FIFO-only ops while the domain is 2-level. */
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_set_priority, junk, sizeof(junk)),
			(long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_expand_array, junk, sizeof(junk)),
			(long)-XEN_EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, evop(test, 15, junk, sizeof(junk)), (long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, evop(test, -1, junk, sizeof(junk)), (long)-XEN_ENOSYS);
	/* No PIRQs in this domain. */
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_pirq, &bp, sizeof(bp)), (long)-XEN_EINVAL);
	/* Bad handles: NULL and one that runs off guest memory. */
	KUNIT_EXPECT_EQ(test, xenhv_event_channel_op(ctx->d, EVTCHNOP_send, 0),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_event_channel_op(ctx->d, EVTCHNOP_send,
						     xenhv_fake_gva(ctx->fb, ctx->fb->mem_size - 2)),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_event_channel_op(ctx->d, EVTCHNOP_status,
						     xenhv_fake_gva(ctx->fb, 250)),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

static void xenhv_evtchn_vcpu_info_registration(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct vcpu_register_vcpu_info info = { .mfn = 2, .offset = 64 };
	struct vcpu_info *vi = xenhv_fake_page(ctx->fb, 2) + 64;
	long p;

	memcpy(ctx->fb->mem, &info, sizeof(info));
	KUNIT_ASSERT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_register_vcpu_info, 1,
					    xenhv_fake_gva(ctx->fb, 0)), 0L);
	/* Everything is marked pending so nothing is lost, and the vCPU kicked. */
	KUNIT_EXPECT_EQ(test, vi->evtchn_upcall_pending, 1);
	KUNIT_EXPECT_EQ(test, vi->evtchn_pending_sel, ~0UL);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);
	/* Once only. */
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_register_vcpu_info, 1,
					    xenhv_fake_gva(ctx->fb, 0)), (long)-XEN_EINVAL);
	/* Events for vCPU 1 now use the registered copy, not shared_info's. */
	vi->evtchn_upcall_pending = 0;
	vi->evtchn_pending_sel = 0;
	p = bind_ipi(test, 1);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_EQ(test, vi->evtchn_upcall_pending, 1);
	KUNIT_EXPECT_EQ(test, ctx->s->vcpu_info[1].evtchn_upcall_pending, 0);

	info.offset = PAGE_SIZE - sizeof(struct vcpu_info) + 1;
	memcpy(ctx->fb->mem, &info, sizeof(info));
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_register_vcpu_info, 2,
					    xenhv_fake_gva(ctx->fb, 0)), (long)-XEN_EINVAL);
	/*
	 * Regression (found by the fuzzer): a misaligned vcpu_info is refused,
	 * as XSA-327 made Xen do, and no page reference is kept for it.
	 */
	info = (struct vcpu_register_vcpu_info){ .mfn = 3, .offset = 1 };
	memcpy(ctx->fb->mem, &info, sizeof(info));
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_register_vcpu_info, 2,
					    xenhv_fake_gva(ctx->fb, 0)), (long)-XEN_EINVAL);
	info.offset = 68;
	memcpy(ctx->fb->mem, &info, sizeof(info));
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_register_vcpu_info, 2,
					    xenhv_fake_gva(ctx->fb, 0)), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_maps, ctx->fb->nr_unmaps + 2);	/* shinfo, vCPU 1 */
	info = (struct vcpu_register_vcpu_info){ .mfn = 77 };
	memcpy(ctx->fb->mem, &info, sizeof(info));
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_register_vcpu_info, 2,
					    xenhv_fake_gva(ctx->fb, 0)), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_vcpu_op(ctx->d, VCPUOP_register_vcpu_info, 4,
					    xenhv_fake_gva(ctx->fb, 0)), (long)-XEN_ENOENT);
}

static void xenhv_evtchn_hvm_upcall_settings(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct xen_hvm_evtchn_upcall_vector uv = { .vcpu = 1, .vector = 0x0f };
	struct xen_hvm_param hp = { .domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ,
				    .value = (2ULL << 56) | 0xf3 };

	memcpy(ctx->fb->mem, &uv, sizeof(uv));
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_set_evtchn_upcall_vector,
					   xenhv_fake_gva(ctx->fb, 0)), (long)-XEN_EINVAL);
	uv = (struct xen_hvm_evtchn_upcall_vector){ .vcpu = 4, .vector = 0xf3 };
	memcpy(ctx->fb->mem, &uv, sizeof(uv));
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_set_evtchn_upcall_vector,
					   xenhv_fake_gva(ctx->fb, 0)), (long)-XEN_ENOENT);
	uv.vcpu = 1;
	memcpy(ctx->fb->mem, &uv, sizeof(uv));
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_set_evtchn_upcall_vector,
					   xenhv_fake_gva(ctx->fb, 0)), 0L);
	memcpy(ctx->fb->mem, &hp, sizeof(hp));
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_set_param,
					   xenhv_fake_gva(ctx->fb, 0)), 0L);
	KUNIT_EXPECT_EQ(test, ctx->d->evtchn->callback_irq, hp.value);
	hp.domid = 6;
	memcpy(ctx->fb->mem, &hp, sizeof(hp));
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_set_param,
					   xenhv_fake_gva(ctx->fb, 0)), (long)-XEN_ESRCH);
	KUNIT_EXPECT_EQ(test, xenhv_hvm_op(ctx->d, HVMOP_set_param, 0), (long)-XEN_EFAULT);
}

/*
 * Before the guest maps shared_info, and while it is unmapped, events
 * collect in Xen's own page; mapping it shows them.
 */
static void xenhv_evtchn_shared_info_hidden_state(struct kunit *test)
{
	struct xenhv_fake_backend *fb = xenhv_fake_new(test, 64);
	struct xenhv_domain *d = xenhv_fake_domain(test, fb);
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .gpfn = 2,
	};
	struct xen_remove_from_physmap xrfp = { .domid = DOMID_SELF, .gpfn = 2 };
	struct shared_info *page = xenhv_fake_page(fb, 2), *moved;
	struct evtchn_bind_ipi b = { .vcpu = 1 };
	struct evtchn_send s;

	KUNIT_ASSERT_EQ(test, xenhv_evtchn_init(d, 63), 0);
	memcpy(fb->mem, &b, sizeof(b));
	KUNIT_ASSERT_EQ(test, xenhv_event_channel_op(d, EVTCHNOP_bind_ipi,
						     xenhv_fake_gva(fb, 0)), 0L);
	memcpy(&b, fb->mem, sizeof(b));
	s.port = b.port;
	memcpy(fb->mem, &s, sizeof(s));
	KUNIT_EXPECT_EQ(test, xenhv_event_channel_op(d, EVTCHNOP_send, xenhv_fake_gva(fb, 0)),
			0L);
	/* Delivered as Xen would (one IPI), though the guest sees no page yet. */
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 1U);
	memcpy(fb->mem, &xatp, sizeof(xatp));
	KUNIT_ASSERT_EQ(test, xenhv_memory_op(d, XENMEM_add_to_physmap, xenhv_fake_gva(fb, 0)),
			0L);
	KUNIT_EXPECT_TRUE(test, test_bit(b.port, (unsigned long *)page->evtchn_pending));
	KUNIT_EXPECT_EQ(test, page->vcpu_info[1].evtchn_upcall_pending, 1);

	/* Unmapped: later events are kept, and shown again on the next map. */
	memcpy(fb->mem, &xrfp, sizeof(xrfp));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(d, XENMEM_remove_from_physmap,
					      xenhv_fake_gva(fb, 0)), 0L);
	memset(page, 0, PAGE_SIZE);
	clear_bit(b.port, (unsigned long *)d->evtchn->shinfo->evtchn_pending);
	memset(&d->evtchn->shinfo->vcpu_info[1], 0, sizeof(struct vcpu_info));
	memcpy(fb->mem, &s, sizeof(s));
	KUNIT_EXPECT_EQ(test, xenhv_event_channel_op(d, EVTCHNOP_send, xenhv_fake_gva(fb, 0)),
			0L);
	/* The vCPU's vcpu_info went back to Xen's page too: the old frame is untouched. */
	KUNIT_EXPECT_FALSE(test, test_bit(b.port, (unsigned long *)page->evtchn_pending));
	KUNIT_EXPECT_EQ(test, page->vcpu_info[1].evtchn_upcall_pending, 0);
	memcpy(fb->mem, &xatp, sizeof(xatp));
	KUNIT_ASSERT_EQ(test, xenhv_memory_op(d, XENMEM_add_to_physmap, xenhv_fake_gva(fb, 0)),
			0L);
	KUNIT_EXPECT_TRUE(test, test_bit(b.port, (unsigned long *)page->evtchn_pending));
	KUNIT_EXPECT_EQ(test, page->vcpu_info[1].evtchn_upcall_pending, 1);
	/* Removing a frame that is not shared_info is not supported yet. */
	xrfp.gpfn = 3;
	memcpy(fb->mem, &xrfp, sizeof(xrfp));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(d, XENMEM_remove_from_physmap,
					      xenhv_fake_gva(fb, 0)), (long)-XEN_ENOSYS);
	/* Moved to another frame: the next event's vcpu_info is the new page's. */
	xatp.gpfn = 3;
	memcpy(fb->mem, &xatp, sizeof(xatp));
	KUNIT_ASSERT_EQ(test, xenhv_memory_op(d, XENMEM_add_to_physmap, xenhv_fake_gva(fb, 0)),
			0L);
	moved = xenhv_fake_page(fb, 3);
	memset(moved, 0, PAGE_SIZE);
	memset(page, 0, PAGE_SIZE);
	memcpy(fb->mem, &s, sizeof(s));
	KUNIT_EXPECT_EQ(test, xenhv_event_channel_op(d, EVTCHNOP_send, xenhv_fake_gva(fb, 0)),
			0L);
	KUNIT_EXPECT_TRUE(test, test_bit(b.port, (unsigned long *)moved->evtchn_pending));
	KUNIT_EXPECT_EQ(test, moved->vcpu_info[1].evtchn_upcall_pending, 1);
	KUNIT_EXPECT_EQ(test, moved->vcpu_info[1].evtchn_pending_sel, BIT(b.port / 64));
	KUNIT_EXPECT_EQ(test, page->vcpu_info[1].evtchn_upcall_pending, 0);
	xenhv_evtchn_destroy(d);
	/* Mapped three times, moved once, unmapped once, mapped at destroy: all given back. */
	KUNIT_EXPECT_EQ(test, fb->nr_maps, 3U);
	KUNIT_EXPECT_EQ(test, fb->nr_unmaps, 3U);
}

/* ---- SCHEDOP_poll and SCHEDOP_block ---- */

static struct xenhv_evtchn_ctx *poll_ctx;
static u32 poll_send_port;

/* "Another vCPU" sends while the poller is blocked. */
static void poll_send_meanwhile(struct xenhv_fake_backend *fb)
{
	poll_ctx->fb->cur_vcpu = 1;
	xenhv_evtchn_raise_virq(poll_ctx->d, 0, VIRQ_DEBUG);	/* unbound: nothing */
	{
		struct evtchn_send snd = { .port = poll_send_port };

		memcpy(poll_ctx->fb->mem + 128, &snd, sizeof(snd));
		xenhv_event_channel_op(poll_ctx->d, EVTCHNOP_send,
				       xenhv_fake_gva(poll_ctx->fb, 128));
	}
	poll_ctx->fb->cur_vcpu = 0;
}

/*
 * SCHEDOP_poll with @nr_ports in the struct; only the @given ports the
 * caller has are placed in guest memory (at offset 64; the struct at 0),
 * so a too-large nr_ports can be tested without writing past the buffer.
 */
static long do_poll_n(struct kunit *test, const u32 *ports, unsigned int given,
		      unsigned int nr_ports, u64 timeout)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct sched_poll sp = { .nr_ports = nr_ports, .timeout = timeout };

	KUNIT_ASSERT_LE(test, 64 + given * sizeof(u32), ctx->fb->mem_size);
	memcpy(ctx->fb->mem + 64, ports, given * sizeof(u32));
	sp.ports = (evtchn_port_t *)xenhv_fake_gva(ctx->fb, 64);
	memcpy(ctx->fb->mem, &sp, sizeof(sp));
	return xenhv_sched_op(ctx->d, SCHEDOP_poll, xenhv_fake_gva(ctx->fb, 0));
}

static long do_poll(struct kunit *test, const u32 *ports, unsigned int n, u64 timeout)
{
	return do_poll_n(test, ports, n, n, timeout);
}

static void xenhv_poll_bad_input(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct sched_poll sp = { .nr_ports = 1 };
	u32 ports[2] = { 0, 0 };
	long p = bind_ipi(test, 0);

	KUNIT_EXPECT_EQ(test, do_poll_n(test, ports, 2, 129, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, do_poll(test, ports, 1, 0), (long)-XEN_EINVAL);	/* port 0 */
	ports[0] = 40;								/* free */
	KUNIT_EXPECT_EQ(test, do_poll(test, ports, 1, 0), (long)-XEN_EINVAL);
	ports[0] = p;
	ports[1] = 5000;					/* the second is invalid */
	KUNIT_EXPECT_EQ(test, do_poll(test, ports, 2, 0), (long)-XEN_EINVAL);
	memcpy(ctx->fb->mem, &sp, sizeof(sp));			/* ports handle NULL */
	KUNIT_EXPECT_EQ(test, xenhv_sched_op(ctx->d, SCHEDOP_poll, xenhv_fake_gva(ctx->fb, 0)),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_sched_op(ctx->d, SCHEDOP_poll, 0), (long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_blocks, 0U);
}

static void xenhv_poll_pending_returns_at_once(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	u32 ports[2];

	ports[0] = bind_ipi(test, 1);
	ports[1] = bind_ipi(test, 1);
	set_bit(ports[1], (unsigned long *)ctx->s->evtchn_mask);
	/* Masked but pending counts: the poller watches the pending bit. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, ports[1]), 0L);
	KUNIT_EXPECT_EQ(test, do_poll(test, ports, 2, 12345), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_blocks, 0U);
}

static void xenhv_poll_times_out(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	u32 port = bind_ipi(test, 1);

	ctx->fb->now_ns = 1000;
	KUNIT_EXPECT_EQ(test, do_poll(test, &port, 1, 5000), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_blocks, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->last_deadline, 5000ULL);
	KUNIT_EXPECT_FALSE(test, ctx->fb->done_after);
	/* timeout 0: no deadline at all. */
	ctx->fb->while_blocked = poll_send_meanwhile;
	poll_ctx = ctx;
	poll_send_port = port;
	KUNIT_EXPECT_EQ(test, do_poll(test, &port, 1, 0), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->last_deadline, U64_MAX);
}

static void xenhv_poll_woken_by_send(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	u32 port = bind_ipi(test, 1);
	unsigned int wakes;

	poll_ctx = ctx;
	poll_send_port = port;
	/* No vCPU waits: a send wakes nobody (Xen's empty poll_mask). */
	wakes = ctx->fb->nr_wakes;
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, port), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_wakes, wakes);
	clear_bit(port, (unsigned long *)ctx->s->evtchn_pending);	/* taken */

	ctx->fb->while_blocked = poll_send_meanwhile;
	KUNIT_EXPECT_EQ(test, do_poll(test, &port, 1, 1ULL << 40), 0L);
	KUNIT_EXPECT_FALSE(test, ctx->fb->done_at_block);
	KUNIT_EXPECT_TRUE(test, ctx->fb->done_after);
	KUNIT_EXPECT_GT(test, ctx->fb->nr_wakes, wakes);
	KUNIT_EXPECT_TRUE(test, pending(ctx, port));
	/* The poll is over: nobody waits again. */
	wakes = ctx->fb->nr_wakes;
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, port), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_wakes, wakes);
	KUNIT_EXPECT_EQ(test, ctx->d->evtchn->nr_waiters, 0U);
}

static void xenhv_block_waits_for_an_event(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	u32 port = bind_ipi(test, 0);

	/* An event already due: block returns at once and unmasks upcalls. */
	ctx->s->vcpu_info[0].evtchn_upcall_mask = 1;
	ctx->s->vcpu_info[0].evtchn_upcall_pending = 1;
	KUNIT_EXPECT_EQ(test, xenhv_sched_op(ctx->d, SCHEDOP_block, 0), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_blocks, 0U);
	KUNIT_EXPECT_EQ(test, ctx->s->vcpu_info[0].evtchn_upcall_mask, 0);
	/* Otherwise it sleeps, with no deadline, until one arrives. */
	ctx->s->vcpu_info[0].evtchn_upcall_pending = 0;
	poll_ctx = ctx;
	poll_send_port = port;
	ctx->fb->while_blocked = poll_send_meanwhile;
	KUNIT_EXPECT_EQ(test, xenhv_sched_op(ctx->d, SCHEDOP_block, 0), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_blocks, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->last_deadline, U64_MAX);
	KUNIT_EXPECT_TRUE(test, ctx->fb->done_after);
}

/* ---- Ports bound to Hyper-V host connections ---- */

static void xenhv_hv_conn_rules(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	long for_dom0 = alloc_unbound(test, 0), for_dom7 = alloc_unbound(test, 7);
	long ipi = bind_ipi(test, 0), other = alloc_unbound(test, 0);

	KUNIT_EXPECT_EQ(test, xenhv_evtchn_connect_hv(ctx->d, ipi, 0x2002, 5), -XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_evtchn_connect_hv(ctx->d, for_dom7, 0x2002, 5), -XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_evtchn_connect_hv(ctx->d, 5000, 0x2002, 5), -XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_evtchn_connect_hv(ctx->d, for_dom0, 0x2002, 2048), -XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_evtchn_connect_hv(ctx->d, for_dom0, 0x2002, 5), 0);
	KUNIT_EXPECT_EQ(test, xenhv_evtchn_connect_hv(ctx->d, for_dom0, 0x2002, 6), -XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_evtchn_connect_hv(ctx->d, other, 0x3003, 5), -XEN_EEXIST);
}

static void xenhv_hv_conn_send_is_signal_event(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	struct evtchn_status st;
	long p = alloc_unbound(test, 0), ret;

	KUNIT_ASSERT_EQ(test, xenhv_evtchn_connect_hv(ctx->d, p, 0x2002, 5), 0);
	st = status_of(test, p, &ret);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_interdomain);
	KUNIT_EXPECT_EQ(test, st.u.interdomain.dom, (domid_t)0);
	KUNIT_EXPECT_EQ(test, st.u.interdomain.port, 5U);

	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_TRUE(test, ctx->fb->log[0].fast);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].control & 0xffff, (u64)HVCALL_SIGNAL_EVENT);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].in1, 0x2002ULL | (5ULL << 32));
	/* The host refusing it (peer gone) is not the sender's error in Xen. */
	xenhv_fake_push_status(ctx->fb, HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
}

static void xenhv_hv_conn_incoming_raises_port(struct kunit *test)
{
	struct xenhv_evtchn_ctx *ctx = test->priv;
	long p = alloc_unbound(test, 0);
	struct evtchn_bind_vcpu b;

	KUNIT_ASSERT_EQ(test, xenhv_evtchn_connect_hv(ctx->d, p, 0x2002, 9), 0);
	b = (struct evtchn_bind_vcpu){ .port = p, .vcpu = 1 };
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_bind_vcpu, &b, sizeof(b)), 0L);
	KUNIT_EXPECT_TRUE(test, xenhv_evtchn_has_hv_conns(ctx->d));
	KUNIT_EXPECT_FALSE(test, xenhv_evtchn_hv_event(ctx->d, 8));
	KUNIT_EXPECT_TRUE(test, xenhv_evtchn_hv_event(ctx->d, 9));
	KUNIT_EXPECT_TRUE(test, pending(ctx, p));
	KUNIT_EXPECT_EQ(test, ctx->s->vcpu_info[1].evtchn_upcall_pending, 1);
	/* Closed: the flag no longer maps to anything. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_close, p), 0L);
	KUNIT_EXPECT_FALSE(test, xenhv_evtchn_has_hv_conns(ctx->d));
	KUNIT_EXPECT_FALSE(test, xenhv_evtchn_hv_event(ctx->d, 9));
}

static struct kunit_case xenhv_evtchn_cases[] = {
	KUNIT_CASE(xenhv_evtchn_shared_info_placement),
	KUNIT_CASE(xenhv_evtchn_alloc_unbound_ports),
	KUNIT_CASE(xenhv_evtchn_loopback_interdomain),
	KUNIT_CASE(xenhv_evtchn_interdomain_errors),
	KUNIT_CASE(xenhv_evtchn_dom0_exists),
	KUNIT_CASE(xenhv_evtchn_close_rules),
	KUNIT_CASE(xenhv_evtchn_bind_virq_rules),
	KUNIT_CASE(xenhv_evtchn_ipi_cross_vcpu_is_one_hypercall),
	KUNIT_CASE(xenhv_evtchn_same_vcpu_no_hypercall),
	KUNIT_CASE(xenhv_evtchn_upcall_already_pending_no_notify),
	KUNIT_CASE(xenhv_evtchn_masked_then_unmask_renotifies),
	KUNIT_CASE(xenhv_evtchn_vp_above_63_uses_ex),
	KUNIT_CASE(xenhv_evtchn_kick_needs_vector_and_vp),
	KUNIT_CASE(xenhv_evtchn_vcpu_up_delivers_pending),
	KUNIT_CASE(xenhv_evtchn_port_exhaustion),
	KUNIT_CASE(xenhv_evtchn_small_port_table),
	KUNIT_CASE(xenhv_evtchn_bind_vcpu_rules),
	KUNIT_CASE(xenhv_evtchn_status_validity),
	KUNIT_CASE(xenhv_evtchn_reset_closes_all),
	KUNIT_CASE(xenhv_evtchn_unsupported_and_bad_input),
	KUNIT_CASE(xenhv_evtchn_vcpu_info_registration),
	KUNIT_CASE(xenhv_evtchn_hvm_upcall_settings),
	KUNIT_CASE(xenhv_evtchn_shared_info_hidden_state),
	KUNIT_CASE(xenhv_poll_bad_input),
	KUNIT_CASE(xenhv_poll_pending_returns_at_once),
	KUNIT_CASE(xenhv_poll_times_out),
	KUNIT_CASE(xenhv_poll_woken_by_send),
	KUNIT_CASE(xenhv_block_waits_for_an_event),
	KUNIT_CASE(xenhv_hv_conn_rules),
	KUNIT_CASE(xenhv_hv_conn_send_is_signal_event),
	KUNIT_CASE(xenhv_hv_conn_incoming_raises_port),
	{}
};

static struct kunit_suite xenhv_evtchn_suite = {
	.name = "xenhv_evtchn",
	.init = xenhv_evtchn_test_init,
	.exit = xenhv_evtchn_test_exit,
	.test_cases = xenhv_evtchn_cases,
};

kunit_test_suites(&xenhv_evtchn_suite);
