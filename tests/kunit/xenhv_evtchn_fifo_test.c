// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the FIFO event-channel ABI on the fake backend: control blocks,
 * event arrays, queues and priorities, and the switch from 2-level.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include "xenhv_fake_backend.h"
#include "../../translate/evtchn.h"
#include <xen/interface/memory.h>

#define SHINFO_GFN	1
#define CB_GFN		2	/* control blocks: vCPU n at offset n * 128 */
#define ARRAY_GFN	3	/* event words for ports 0-1023 */

struct fifo_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d;
};

static long evop(struct kunit *test, int cmd, void *op, size_t size)
{
	struct fifo_ctx *ctx = test->priv;
	long ret;

	memcpy(ctx->fb->mem, op, size);
	ret = xenhv_event_channel_op(ctx->d, cmd, xenhv_fake_gva(ctx->fb, 0));
	memcpy(op, ctx->fb->mem, size);
	return ret;
}

static long init_control(struct kunit *test, u32 vcpu, u64 gfn, u32 offset, u8 *link_bits)
{
	struct evtchn_init_control ic = { .control_gfn = gfn, .offset = offset, .vcpu = vcpu };
	long ret = evop(test, EVTCHNOP_init_control, &ic, sizeof(ic));

	if (link_bits)
		*link_bits = ic.link_bits;
	return ret;
}

static long expand(struct kunit *test, u64 gfn)
{
	struct evtchn_expand_array ea = { .array_gfn = gfn };

	return evop(test, EVTCHNOP_expand_array, &ea, sizeof(ea));
}

static long set_prio(struct kunit *test, u32 port, u32 prio)
{
	struct evtchn_set_priority sp = { .port = port, .priority = prio };

	return evop(test, EVTCHNOP_set_priority, &sp, sizeof(sp));
}

static long bind_ipi(struct kunit *test, u32 vcpu)
{
	struct evtchn_bind_ipi b = { .vcpu = vcpu };
	long ret = evop(test, EVTCHNOP_bind_ipi, &b, sizeof(b));

	return ret ? ret : b.port;
}

static long port_op(struct kunit *test, int cmd, u32 port)
{
	struct evtchn_send p = { .port = port };

	return evop(test, cmd, &p, sizeof(p));
}

static struct evtchn_fifo_control_block *cb(struct fifo_ctx *ctx, unsigned int vcpu)
{
	return xenhv_fake_page(ctx->fb, CB_GFN) + vcpu * 128;
}

static event_word_t *word(struct fifo_ctx *ctx, unsigned int port)
{
	return (event_word_t *)xenhv_fake_page(ctx->fb, ARRAY_GFN) + port;
}

static int fifo_test_init(struct kunit *test)
{
	struct fifo_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .gpfn = SHINFO_GFN,
	};

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	test->priv = ctx;
	ctx->fb = xenhv_fake_new(test, 256);
	ctx->fb->be.nr_vcpus = 2;
	ctx->d = xenhv_fake_domain(test, ctx->fb);
	KUNIT_ASSERT_EQ(test, xenhv_evtchn_init(ctx->d, XENHV_DEFAULT_MAX_EVTCHN_PORT), 0);
	memcpy(ctx->fb->mem, &xatp, sizeof(xatp));
	KUNIT_ASSERT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_add_to_physmap,
					      xenhv_fake_gva(ctx->fb, 0)), 0L);
	return 0;
}

static void fifo_test_exit(struct kunit *test)
{
	struct fifo_ctx *ctx = test->priv;

	xenhv_evtchn_destroy(ctx->d);
	/* Every guest page xenhv took a reference on was given back. */
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_unmaps, ctx->fb->nr_maps);
}

/* Switch to FIFO the way Linux does: control block per vCPU, one array page. */
static void fifo_setup(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, init_control(test, 0, CB_GFN, 0, NULL), 0L);
	KUNIT_ASSERT_EQ(test, init_control(test, 1, CB_GFN, 128, NULL), 0L);
	KUNIT_ASSERT_EQ(test, expand(test, ARRAY_GFN), 0L);
}

/*
 * What Linux's consume_one_event() does: take the head of queue @prio,
 * follow LINK, clear LINKED and PENDING. Returns the port, 0 if empty.
 */
static unsigned int consume(struct fifo_ctx *ctx, unsigned int vcpu, unsigned int prio)
{
	struct evtchn_fifo_control_block *c = cb(ctx, vcpu);
	unsigned int port = c->head[prio] & EVTCHN_FIFO_LINK_MASK;
	event_word_t w;

	if (!port)
		return 0;
	w = xchg(word(ctx, port), *word(ctx, port) & ~(BIT(EVTCHN_FIFO_LINKED) |
						       EVTCHN_FIFO_LINK_MASK));
	c->head[prio] = w & EVTCHN_FIFO_LINK_MASK;
	if (!c->head[prio])
		clear_bit(prio, (unsigned long *)&c->ready);
	*word(ctx, port) &= ~BIT(EVTCHN_FIFO_PENDING);
	return port;
}

static void xenhv_fifo_init_control_rules(struct kunit *test)
{
	u8 link_bits = 0;

	KUNIT_EXPECT_EQ(test, init_control(test, 2, CB_GFN, 0, NULL), (long)-XEN_ENOENT);
	KUNIT_EXPECT_EQ(test, init_control(test, 0, CB_GFN,
					   PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) + 8,
					   NULL), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, init_control(test, 0, CB_GFN, 4, NULL), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, init_control(test, 0, 77, 0, NULL), (long)-XEN_EINVAL);
	/* Still 2-level after the failures: set_priority does not exist there. */
	KUNIT_EXPECT_EQ(test, bind_ipi(test, 0), 1L);
	KUNIT_EXPECT_EQ(test, set_prio(test, 1, 3), (long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, set_prio(test, 5000, 3), (long)-XEN_EINVAL);	/* invalid first */

	KUNIT_EXPECT_EQ(test, init_control(test, 0, CB_GFN, 0, &link_bits), 0L);
	KUNIT_EXPECT_EQ(test, link_bits, (u8)EVTCHN_FIFO_LINK_BITS);
	/* Once per vCPU. */
	KUNIT_EXPECT_EQ(test, init_control(test, 0, CB_GFN, 256, NULL), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, init_control(test, 1, CB_GFN, 128, NULL), 0L);
}

static void xenhv_fifo_expand_array_rules(struct kunit *test)
{
	unsigned int i;

	KUNIT_EXPECT_EQ(test, expand(test, ARRAY_GFN), (long)-XEN_EOPNOTSUPP);
	KUNIT_ASSERT_EQ(test, init_control(test, 0, CB_GFN, 0, NULL), 0L);
	KUNIT_EXPECT_EQ(test, expand(test, 99), (long)-XEN_EINVAL);
	for (i = 0; i < XENHV_FIFO_MAX_PAGES; i++)
		KUNIT_ASSERT_EQ(test, expand(test, ARRAY_GFN), 0L);
	KUNIT_EXPECT_EQ(test, expand(test, ARRAY_GFN), (long)-XEN_ENOSPC);
}

static void xenhv_fifo_send_links_and_notifies_once(struct kunit *test)
{
	struct fifo_ctx *ctx = test->priv;
	struct shared_info *s = xenhv_fake_page(ctx->fb, SHINFO_GFN);
	long p1, p2;

	fifo_setup(test);
	p1 = bind_ipi(test, 1);
	p2 = bind_ipi(test, 1);
	ctx->fb->cur_vcpu = 0;
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p1), 0L);
	KUNIT_EXPECT_EQ(test, *word(ctx, p1), (event_word_t)(BIT(EVTCHN_FIFO_PENDING) |
							     BIT(EVTCHN_FIFO_LINKED)));
	KUNIT_EXPECT_EQ(test, cb(ctx, 1)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], (u32)p1);
	KUNIT_EXPECT_EQ(test, cb(ctx, 1)->ready, (u32)BIT(EVTCHN_FIFO_PRIORITY_DEFAULT));
	KUNIT_EXPECT_EQ(test, s->vcpu_info[1].evtchn_upcall_pending, 1);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].control & 0xffff, (u64)HVCALL_SEND_IPI);

	/* Second event: linked behind the first, queue already ready: no IPI. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p2), 0L);
	KUNIT_EXPECT_EQ(test, *word(ctx, p1) & EVTCHN_FIFO_LINK_MASK, (u32)p2);
	KUNIT_EXPECT_EQ(test, cb(ctx, 1)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], (u32)p1);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);
	/* Sending a pending, linked port again changes nothing. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p1), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);

	/* The guest drains them in order. */
	KUNIT_EXPECT_EQ(test, consume(ctx, 1, EVTCHN_FIFO_PRIORITY_DEFAULT), (unsigned int)p1);
	KUNIT_EXPECT_EQ(test, consume(ctx, 1, EVTCHN_FIFO_PRIORITY_DEFAULT), (unsigned int)p2);
	KUNIT_EXPECT_EQ(test, consume(ctx, 1, EVTCHN_FIFO_PRIORITY_DEFAULT), 0U);
	KUNIT_EXPECT_EQ(test, cb(ctx, 1)->ready, 0U);
}

static void xenhv_fifo_drained_queue_starts_again(struct kunit *test)
{
	struct fifo_ctx *ctx = test->priv;
	struct shared_info *s = xenhv_fake_page(ctx->fb, SHINFO_GFN);
	long p;

	fifo_setup(test);
	p = bind_ipi(test, 1);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_EQ(test, consume(ctx, 1, EVTCHN_FIFO_PRIORITY_DEFAULT), (unsigned int)p);
	s->vcpu_info[1].evtchn_upcall_pending = 0;
	/* The stale tail is not LINKED any more: the port becomes the head again. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_EQ(test, cb(ctx, 1)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], (u32)p);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 2U);
}

static void xenhv_fifo_mask_and_unmask(struct kunit *test)
{
	struct fifo_ctx *ctx = test->priv;
	long p;

	fifo_setup(test);
	p = bind_ipi(test, 1);
	*word(ctx, p) = BIT(EVTCHN_FIFO_MASKED);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_EQ(test, *word(ctx, p), (event_word_t)(BIT(EVTCHN_FIFO_MASKED) |
							    BIT(EVTCHN_FIFO_PENDING)));
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_unmask, p), 0L);
	KUNIT_EXPECT_EQ(test, *word(ctx, p), (event_word_t)(BIT(EVTCHN_FIFO_PENDING) |
							    BIT(EVTCHN_FIFO_LINKED)));
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);
}

static void xenhv_fifo_priorities(struct kunit *test)
{
	struct fifo_ctx *ctx = test->priv;
	long p;

	fifo_setup(test);
	p = bind_ipi(test, 1);
	KUNIT_EXPECT_EQ(test, set_prio(test, p, EVTCHN_FIFO_PRIORITY_MIN + 1), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, set_prio(test, 40, 3), (long)-XEN_EACCES);	/* free port */
	KUNIT_EXPECT_EQ(test, set_prio(test, 5000, 3), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, set_prio(test, p, 3), 0L);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_EQ(test, cb(ctx, 1)->head[3], (u32)p);
	KUNIT_EXPECT_EQ(test, cb(ctx, 1)->ready, (u32)BIT(3));
}

static void xenhv_fifo_carries_2l_pending(struct kunit *test)
{
	struct fifo_ctx *ctx = test->priv;
	long p = bind_ipi(test, 1);

	/* Raised under 2-level, then the guest switches to FIFO. */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_ASSERT_EQ(test, init_control(test, 0, CB_GFN, 0, NULL), 0L);
	KUNIT_ASSERT_EQ(test, init_control(test, 1, CB_GFN, 128, NULL), 0L);
	KUNIT_EXPECT_EQ(test, cb(ctx, 1)->ready, 0U);
	/* The event surfaces as soon as its word exists. */
	KUNIT_ASSERT_EQ(test, expand(test, ARRAY_GFN), 0L);
	KUNIT_EXPECT_EQ(test, cb(ctx, 1)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], (u32)p);
	KUNIT_EXPECT_TRUE(test, *word(ctx, p) & BIT(EVTCHN_FIFO_PENDING));
}

static void xenhv_fifo_linked_port_not_reused(struct kunit *test)
{
	struct fifo_ctx *ctx = test->priv;
	struct evtchn_reset r = { .dom = DOMID_SELF };
	long p;

	fifo_setup(test);
	p = bind_ipi(test, 1);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_close, p), 0L);
	/* Closed but still LINKED in the guest's queue: not handed out again. */
	KUNIT_EXPECT_NE(test, bind_ipi(test, 0), p);
	KUNIT_EXPECT_EQ(test, consume(ctx, 1, EVTCHN_FIFO_PRIORITY_DEFAULT), (unsigned int)p);
	KUNIT_EXPECT_EQ(test, bind_ipi(test, 0), p);

	/* Reset takes the domain back to 2-level. */
	KUNIT_EXPECT_EQ(test, evop(test, EVTCHNOP_reset, &r, sizeof(r)), 0L);
	KUNIT_EXPECT_EQ(test, bind_ipi(test, 0), 1L);
	KUNIT_EXPECT_EQ(test, set_prio(test, 1, 3), (long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, init_control(test, 0, CB_GFN, 0, NULL), 0L);
}

static void xenhv_fifo_no_control_block_drops(struct kunit *test)
{
	struct fifo_ctx *ctx = test->priv;
	long p;

	KUNIT_ASSERT_EQ(test, init_control(test, 0, CB_GFN, 0, NULL), 0L);
	KUNIT_ASSERT_EQ(test, expand(test, ARRAY_GFN), 0L);
	p = bind_ipi(test, 1);		/* vCPU 1 never registered a control block */
	KUNIT_EXPECT_EQ(test, port_op(test, EVTCHNOP_send, p), 0L);
	KUNIT_EXPECT_EQ(test, *word(ctx, p), 0U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

static struct kunit_case xenhv_fifo_cases[] = {
	KUNIT_CASE(xenhv_fifo_init_control_rules),
	KUNIT_CASE(xenhv_fifo_expand_array_rules),
	KUNIT_CASE(xenhv_fifo_send_links_and_notifies_once),
	KUNIT_CASE(xenhv_fifo_drained_queue_starts_again),
	KUNIT_CASE(xenhv_fifo_mask_and_unmask),
	KUNIT_CASE(xenhv_fifo_priorities),
	KUNIT_CASE(xenhv_fifo_carries_2l_pending),
	KUNIT_CASE(xenhv_fifo_linked_port_not_reused),
	KUNIT_CASE(xenhv_fifo_no_control_block_drops),
	{}
};

static struct kunit_suite xenhv_fifo_suite = {
	.name = "xenhv_evtchn_fifo",
	.init = fifo_test_init,
	.exit = fifo_test_exit,
	.test_cases = xenhv_fifo_cases,
};

kunit_test_suites(&xenhv_fifo_suite);
