// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: interdomain event channels between the partition's two domains
 * (the guest and the backend xenhv hosts), on the fake backend: binding,
 * sends both ways, Xen's errnos, close, reset and teardown of either end.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include "xenhv_fake_backend.h"
#include "../../translate/evtchn.h"
#include <xen/interface/memory.h>

#define GUEST_ID	1
#define BE_ID		0
#define GUEST_SHINFO	1
#define BE_SHINFO	2
#define CB_GFN		3	/* the guest's FIFO control blocks */
#define ARRAY_GFN	4	/* the guest's FIFO event words */

struct idc_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d;		/* the guest */
	struct xenhv_domain *b;		/* the backend domain */
};

/* Run one EVTCHNOP as domain @dom; the result comes back into @op. */
static long evop(struct kunit *test, struct xenhv_domain *dom, int cmd, void *op, size_t size)
{
	struct idc_ctx *ctx = test->priv;
	long ret;

	memcpy(ctx->fb->mem, op, size);
	ret = xenhv_event_channel_op(dom, cmd, xenhv_fake_gva(ctx->fb, 0));
	memcpy(op, ctx->fb->mem, size);
	return ret;
}

static long alloc_unbound(struct kunit *test, struct xenhv_domain *dom, domid_t remote)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote };
	long ret = evop(test, dom, EVTCHNOP_alloc_unbound, &a, sizeof(a));

	return ret ? ret : a.port;
}

static long bind_idc(struct kunit *test, struct xenhv_domain *dom, domid_t remote, u32 rport)
{
	struct evtchn_bind_interdomain b = { .remote_dom = remote, .remote_port = rport };
	long ret = evop(test, dom, EVTCHNOP_bind_interdomain, &b, sizeof(b));

	return ret ? ret : b.local_port;
}

static long port_op(struct kunit *test, struct xenhv_domain *dom, int cmd, u32 port)
{
	struct evtchn_send p = { .port = port };	/* close/send/unmask share the layout */

	return evop(test, dom, cmd, &p, sizeof(p));
}

static struct evtchn_status status_of(struct kunit *test, struct xenhv_domain *dom,
				      domid_t of, u32 port, long *ret)
{
	struct evtchn_status st = { .dom = of, .port = port };

	*ret = evop(test, dom, EVTCHNOP_status, &st, sizeof(st));
	return st;
}

static struct shared_info *shinfo(struct idc_ctx *ctx, unsigned int gfn)
{
	return xenhv_fake_page(ctx->fb, gfn);
}

static bool pending_in(struct idc_ctx *ctx, unsigned int gfn, u32 port)
{
	return test_bit(port, (unsigned long *)shinfo(ctx, gfn)->evtchn_pending);
}

/* What an upcall handler does: take the events, so new ones notify again. */
static void consume_all(struct idc_ctx *ctx, unsigned int gfn)
{
	struct shared_info *s = shinfo(ctx, gfn);
	unsigned int v;

	memset(s->evtchn_pending, 0, sizeof(s->evtchn_pending));
	for (v = 0; v < 4; v++) {
		s->vcpu_info[v].evtchn_upcall_pending = 0;
		s->vcpu_info[v].evtchn_pending_sel = 0;
	}
}

static void place_shinfo(struct kunit *test, struct xenhv_domain *dom, u64 gfn)
{
	struct idc_ctx *ctx = test->priv;
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .gpfn = gfn,
	};

	memcpy(ctx->fb->mem, &xatp, sizeof(xatp));
	KUNIT_ASSERT_EQ(test, xenhv_memory_op(dom, XENMEM_add_to_physmap,
					      xenhv_fake_gva(ctx->fb, 0)), 0L);
}

static int idc_test_init(struct kunit *test)
{
	struct idc_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	test->priv = ctx;
	ctx->fb = xenhv_fake_new(test, 256);
	ctx->fb->be.nr_vcpus = 4;
	ctx->d = xenhv_fake_domain(test, ctx->fb);
	ctx->b = xenhv_fake_domain(test, ctx->fb);
	ctx->d->domid = GUEST_ID;
	ctx->b->domid = BE_ID;
	ctx->d->peer = ctx->b;
	ctx->b->peer = ctx->d;
	KUNIT_ASSERT_EQ(test, xenhv_evtchn_init(ctx->d, XENHV_DEFAULT_MAX_EVTCHN_PORT), 0);
	KUNIT_ASSERT_EQ(test, xenhv_evtchn_init(ctx->b, XENHV_DEFAULT_MAX_EVTCHN_PORT), 0);
	place_shinfo(test, ctx->d, GUEST_SHINFO);
	place_shinfo(test, ctx->b, BE_SHINFO);
	/*
	 * The guest's port 1 is taken, so its ports and the backend's differ
	 * in number and a raise in the wrong domain shows.
	 */
	KUNIT_ASSERT_EQ(test, alloc_unbound(test, ctx->d, DOMID_SELF), 1L);
	return 0;
}

static void idc_test_exit(struct kunit *test)
{
	struct idc_ctx *ctx = test->priv;

	xenhv_evtchn_destroy(ctx->b);
	xenhv_evtchn_destroy(ctx->d);
	/* Every guest page xenhv took a reference on was given back. */
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_unmaps, ctx->fb->nr_maps);
}

/* The shape of every split driver: the guest offers a port, the backend binds it. */
static void connect(struct kunit *test, long *gport, long *bport)
{
	struct idc_ctx *ctx = test->priv;

	*gport = alloc_unbound(test, ctx->d, BE_ID);
	KUNIT_ASSERT_GT(test, *gport, 0L);
	*bport = bind_idc(test, ctx->b, GUEST_ID, *gport);
	KUNIT_ASSERT_GT(test, *bport, 0L);
}

static void xenhv_idc_bind_and_send_both_ways(struct kunit *test)
{
	struct idc_ctx *ctx = test->priv;
	struct xenhv_fake_backend *fb = ctx->fb;
	struct evtchn_bind_vcpu bv = { .vcpu = 1 };
	struct evtchn_status st;
	long gport, bport, ret;

	connect(test, &gport, &bport);
	/* Xen raises the binder's new port, in the binder's domain only. */
	KUNIT_EXPECT_TRUE(test, pending_in(ctx, BE_SHINFO, bport));
	KUNIT_EXPECT_FALSE(test, pending_in(ctx, GUEST_SHINFO, gport));
	st = status_of(test, ctx->d, DOMID_SELF, gport, &ret);
	KUNIT_EXPECT_EQ(test, ret, 0L);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_interdomain);
	KUNIT_EXPECT_EQ(test, st.u.interdomain.dom, (domid_t)BE_ID);
	KUNIT_EXPECT_EQ(test, st.u.interdomain.port, (u32)bport);
	st = status_of(test, ctx->b, DOMID_SELF, bport, &ret);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_interdomain);
	KUNIT_EXPECT_EQ(test, st.u.interdomain.dom, (domid_t)GUEST_ID);
	KUNIT_EXPECT_EQ(test, st.u.interdomain.port, (u32)gport);

	/* The backend takes its events on vCPU 1; the guest sends from vCPU 0. */
	bv.port = bport;
	KUNIT_ASSERT_EQ(test, evop(test, ctx->b, EVTCHNOP_bind_vcpu, &bv, sizeof(bv)), 0L);
	consume_all(ctx, BE_SHINFO);
	fb->cur_vcpu = 0;
	fb->nr_calls = 0;
	fb->nr_self_kicks = 0;	/* the bind's own raise kicked vCPU 0 */
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->d, EVTCHNOP_send, gport), 0L);
	KUNIT_EXPECT_TRUE(test, pending_in(ctx, BE_SHINFO, bport));
	KUNIT_EXPECT_FALSE(test, pending_in(ctx, GUEST_SHINFO, gport));
	KUNIT_EXPECT_FALSE(test, pending_in(ctx, GUEST_SHINFO, bport));
	KUNIT_EXPECT_EQ(test, shinfo(ctx, BE_SHINFO)->vcpu_info[1].evtchn_upcall_pending, 1);
	KUNIT_EXPECT_EQ(test, shinfo(ctx, GUEST_SHINFO)->vcpu_info[1].evtchn_upcall_pending, 0);
	/* One fast IPI to vCPU 1's vector: the cost of any cross-vCPU event. */
	KUNIT_ASSERT_EQ(test, fb->nr_calls, 1U);
	KUNIT_EXPECT_TRUE(test, fb->log[0].fast);
	KUNIT_EXPECT_EQ(test, fb->log[0].control & 0xffff, (u64)HVCALL_SEND_IPI);
	KUNIT_EXPECT_EQ(test, fb->log[0].in1, 0x41ULL);
	KUNIT_EXPECT_EQ(test, fb->log[0].in2, BIT_ULL(fb->vps[1].index));
	/* Still pending: the second send notifies nobody. */
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->d, EVTCHNOP_send, gport), 0L);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 1U);

	/* The answer: the backend sends from vCPU 1 to the guest's vCPU 0. */
	fb->cur_vcpu = 1;
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->b, EVTCHNOP_send, bport), 0L);
	KUNIT_EXPECT_TRUE(test, pending_in(ctx, GUEST_SHINFO, gport));
	KUNIT_EXPECT_EQ(test, shinfo(ctx, GUEST_SHINFO)->vcpu_info[0].evtchn_upcall_pending, 1);
	KUNIT_ASSERT_EQ(test, fb->nr_calls, 2U);
	KUNIT_EXPECT_EQ(test, fb->log[1].in1, 0x40ULL);
	KUNIT_EXPECT_EQ(test, fb->log[1].in2, BIT_ULL(fb->vps[0].index));
	/* On the vCPU it targets, an event costs no hypercall at all. */
	consume_all(ctx, GUEST_SHINFO);
	fb->cur_vcpu = 0;
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->b, EVTCHNOP_send, bport), 0L);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 2U);
	KUNIT_EXPECT_EQ(test, fb->nr_self_kicks, 1U);
	/* A masked end takes the event but is not notified (2-level rule). */
	consume_all(ctx, GUEST_SHINFO);
	set_bit(gport, (unsigned long *)shinfo(ctx, GUEST_SHINFO)->evtchn_mask);
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->b, EVTCHNOP_send, bport), 0L);
	KUNIT_EXPECT_TRUE(test, pending_in(ctx, GUEST_SHINFO, gport));
	KUNIT_EXPECT_EQ(test, shinfo(ctx, GUEST_SHINFO)->vcpu_info[0].evtchn_upcall_pending, 0);
	KUNIT_EXPECT_EQ(test, fb->nr_self_kicks, 1U);
}

static void xenhv_idc_errors(struct kunit *test)
{
	struct idc_ctx *ctx = test->priv;
	struct evtchn_alloc_unbound a = { .dom = BE_ID, .remote_dom = DOMID_SELF };
	struct evtchn_reset r = { .dom = BE_ID };
	struct evtchn_status st;
	long offered, other, ipi, gport, bport, ret;
	struct evtchn_bind_ipi bi = { .vcpu = 0 };

	offered = alloc_unbound(test, ctx->d, BE_ID);
	other = alloc_unbound(test, ctx->d, 5);		/* offered to a domain 5 */
	KUNIT_ASSERT_EQ(test, evop(test, ctx->d, EVTCHNOP_bind_ipi, &bi, sizeof(bi)), 0L);
	ipi = bi.port;
	/* No such domain: -ESRCH, before anything else is looked at. */
	KUNIT_EXPECT_EQ(test, bind_idc(test, ctx->b, 7, offered), (long)-XEN_ESRCH);
	KUNIT_EXPECT_EQ(test, bind_idc(test, ctx->b, DOMID_IO, offered), (long)-XEN_ESRCH);
	/* A remote port that is not valid, not unbound, or not offered to us. */
	KUNIT_EXPECT_EQ(test, bind_idc(test, ctx->b, GUEST_ID, 600), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, bind_idc(test, ctx->b, GUEST_ID, U32_MAX), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, bind_idc(test, ctx->b, GUEST_ID, other), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, bind_idc(test, ctx->b, GUEST_ID, ipi), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, bind_idc(test, ctx->b, GUEST_ID, 0), (long)-XEN_EINVAL);
	/* The guest's own port offered to the backend is not the guest's to bind. */
	KUNIT_EXPECT_EQ(test, bind_idc(test, ctx->d, GUEST_ID, offered), (long)-XEN_EINVAL);
	/* Bound once; the second bind finds it interdomain already. */
	bport = bind_idc(test, ctx->b, GUEST_ID, offered);
	KUNIT_EXPECT_GT(test, bport, 0L);
	KUNIT_EXPECT_EQ(test, bind_idc(test, ctx->b, GUEST_ID, offered), (long)-XEN_EINVAL);
	/* Failed binds took no port: the next one is the lowest free. */
	gport = alloc_unbound(test, ctx->b, GUEST_ID);
	KUNIT_EXPECT_EQ(test, gport, bport + 1);

	/* Naming the peer in ops that act on a domain: it exists, we do not control it. */
	KUNIT_EXPECT_EQ(test, evop(test, ctx->d, EVTCHNOP_alloc_unbound, &a, sizeof(a)),
			(long)-XEN_EPERM);
	a.dom = 7;
	KUNIT_EXPECT_EQ(test, evop(test, ctx->d, EVTCHNOP_alloc_unbound, &a, sizeof(a)),
			(long)-XEN_ESRCH);
	st = status_of(test, ctx->d, BE_ID, bport, &ret);
	KUNIT_EXPECT_EQ(test, ret, (long)-XEN_EPERM);
	st = status_of(test, ctx->d, BE_ID, 600, &ret);	/* port checked before XSM */
	KUNIT_EXPECT_EQ(test, ret, (long)-XEN_EINVAL);
	st = status_of(test, ctx->d, 7, 1, &ret);
	KUNIT_EXPECT_EQ(test, ret, (long)-XEN_ESRCH);
	KUNIT_EXPECT_EQ(test, evop(test, ctx->d, EVTCHNOP_reset, &r, sizeof(r)), (long)-XEN_EPERM);
	/* None of that touched the channel. */
	st = status_of(test, ctx->b, DOMID_SELF, bport, &ret);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_interdomain);
	KUNIT_EXPECT_EQ(test, st.u.interdomain.port, (u32)offered);
}

static void xenhv_idc_close_either_end(struct kunit *test)
{
	struct idc_ctx *ctx = test->priv;
	struct evtchn_status st;
	long gport, bport, again, ret;

	connect(test, &gport, &bport);
	/* The backend closes: the guest's end waits for a new bind by it. */
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->b, EVTCHNOP_close, bport), 0L);
	st = status_of(test, ctx->d, DOMID_SELF, gport, &ret);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_unbound);
	KUNIT_EXPECT_EQ(test, st.u.unbound.dom, (domid_t)BE_ID);
	st = status_of(test, ctx->b, DOMID_SELF, bport, &ret);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_closed);
	/* A send into the void is dropped silently, raising nothing. */
	consume_all(ctx, BE_SHINFO);
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->d, EVTCHNOP_send, gport), 0L);
	KUNIT_EXPECT_FALSE(test, pending_in(ctx, BE_SHINFO, bport));
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->b, EVTCHNOP_send, bport), (long)-XEN_EINVAL);
	/* Rebinding works, and reuses the freed port. */
	again = bind_idc(test, ctx->b, GUEST_ID, gport);
	KUNIT_EXPECT_EQ(test, again, bport);

	/* The guest closes: the backend's end waits for the guest. */
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->d, EVTCHNOP_close, gport), 0L);
	st = status_of(test, ctx->b, DOMID_SELF, bport, &ret);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_unbound);
	KUNIT_EXPECT_EQ(test, st.u.unbound.dom, (domid_t)GUEST_ID);
	/* ...and the guest may bind to it in turn. */
	gport = bind_idc(test, ctx->d, BE_ID, bport);
	KUNIT_EXPECT_GT(test, gport, 0L);
	consume_all(ctx, BE_SHINFO);
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->d, EVTCHNOP_send, gport), 0L);
	KUNIT_EXPECT_TRUE(test, pending_in(ctx, BE_SHINFO, bport));
}

static void xenhv_idc_reset_and_destroy_unbind_the_peer(struct kunit *test)
{
	struct idc_ctx *ctx = test->priv;
	struct evtchn_reset r = { .dom = DOMID_SELF };
	struct evtchn_status st;
	long gport, bport, ret;

	connect(test, &gport, &bport);
	/* The guest resets: every port closes, the backend's end unbinds. */
	KUNIT_EXPECT_EQ(test, evop(test, ctx->d, EVTCHNOP_reset, &r, sizeof(r)), 0L);
	st = status_of(test, ctx->b, DOMID_SELF, bport, &ret);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_unbound);
	KUNIT_EXPECT_EQ(test, st.u.unbound.dom, (domid_t)GUEST_ID);
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->b, EVTCHNOP_close, bport), 0L);

	/* The backend domain goes away: the guest's end unbinds, and dom 0 is gone. */
	connect(test, &gport, &bport);
	xenhv_evtchn_destroy(ctx->b);
	st = status_of(test, ctx->d, DOMID_SELF, gport, &ret);
	KUNIT_EXPECT_EQ(test, ret, 0L);
	KUNIT_EXPECT_EQ(test, st.status, (u32)EVTCHNSTAT_unbound);
	KUNIT_EXPECT_EQ(test, st.u.unbound.dom, (domid_t)BE_ID);
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->d, EVTCHNOP_send, gport), 0L);
	KUNIT_EXPECT_EQ(test, bind_idc(test, ctx->d, BE_ID, 1), (long)-XEN_ESRCH);
	st = status_of(test, ctx->d, BE_ID, 1, &ret);
	KUNIT_EXPECT_EQ(test, ret, (long)-XEN_ESRCH);
	/* A port offered to an absent domain is still fine to allocate (Xen's rule). */
	KUNIT_EXPECT_GT(test, alloc_unbound(test, ctx->d, BE_ID), 0L);
}

/* The remote end's ABI decides how it is raised: a FIFO guest, a 2-level backend. */
static void xenhv_idc_fifo_guest(struct kunit *test)
{
	struct idc_ctx *ctx = test->priv;
	struct evtchn_init_control ic = { .control_gfn = CB_GFN, .vcpu = 0 };
	struct evtchn_expand_array ea = { .array_gfn = ARRAY_GFN };
	struct evtchn_fifo_control_block *cb = xenhv_fake_page(ctx->fb, CB_GFN);
	event_word_t *words = xenhv_fake_page(ctx->fb, ARRAY_GFN);
	long gport, bport;

	connect(test, &gport, &bport);
	KUNIT_ASSERT_EQ(test, evop(test, ctx->d, EVTCHNOP_init_control, &ic, sizeof(ic)), 0L);
	ic.vcpu = 1;
	ic.offset = 128;
	KUNIT_ASSERT_EQ(test, evop(test, ctx->d, EVTCHNOP_init_control, &ic, sizeof(ic)), 0L);
	KUNIT_ASSERT_EQ(test, evop(test, ctx->d, EVTCHNOP_expand_array, &ea, sizeof(ea)), 0L);
	ctx->fb->cur_vcpu = 1;
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->b, EVTCHNOP_send, bport), 0L);
	/* Linked at the head of the default-priority queue of the guest's vCPU 0. */
	KUNIT_EXPECT_TRUE(test, words[gport] & BIT(EVTCHN_FIFO_PENDING));
	KUNIT_EXPECT_TRUE(test, words[gport] & BIT(EVTCHN_FIFO_LINKED));
	KUNIT_EXPECT_EQ(test, cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], (u32)gport);
	KUNIT_EXPECT_TRUE(test, cb->ready & BIT(EVTCHN_FIFO_PRIORITY_DEFAULT));
	/* Nothing went to the guest's 2-level bitmap or to the backend. */
	KUNIT_EXPECT_FALSE(test, pending_in(ctx, GUEST_SHINFO, gport));
	KUNIT_EXPECT_FALSE(test, words[bport] & BIT(EVTCHN_FIFO_PENDING));	/* the guest's port 1 */
	/* The other way, the backend's 2-level page takes it. */
	consume_all(ctx, BE_SHINFO);
	KUNIT_EXPECT_EQ(test, port_op(test, ctx->d, EVTCHNOP_send, gport), 0L);
	KUNIT_EXPECT_TRUE(test, pending_in(ctx, BE_SHINFO, bport));
}

static struct kunit_case xenhv_idc_cases[] = {
	KUNIT_CASE(xenhv_idc_bind_and_send_both_ways),
	KUNIT_CASE(xenhv_idc_errors),
	KUNIT_CASE(xenhv_idc_close_either_end),
	KUNIT_CASE(xenhv_idc_reset_and_destroy_unbind_the_peer),
	KUNIT_CASE(xenhv_idc_fifo_guest),
	{}
};

static struct kunit_suite xenhv_idc_suite = {
	.name = "xenhv_evtchn_interdomain",
	.init = idc_test_init,
	.exit = idc_test_exit,
	.test_cases = xenhv_idc_cases,
};

kunit_test_suites(&xenhv_idc_suite);
