// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the partition's two domains at once, each on its own thread and
 * vCPU, on the fake backend. The backend domain maps, copies and unmaps
 * the guest's grants and switches its own table's version; meanwhile the
 * guest rewrites its page tables (mmu_update), moves its grant frame in
 * and out of its physmap, takes and gives back a frame, copies through a
 * grant of its own, and both send over an interdomain channel. Every
 * cross-domain read the engine makes (whose frame it is, whether it is a
 * hidden grant frame, the granter's entry, the other end of a channel)
 * then races with the other domain's own vCPU changing that state. Run
 * under KASAN and lockdep (and KCSAN), with every result checked and the
 * counts, pins, handles and page references balanced at the end.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/string.h>
#include "xenhv_fake_backend.h"
#include "../../translate/gnttab.h"
#include "../../translate/mm.h"
#include "../../translate/evtchn.h"
#include <xen/interface/memory.h>

#define GUEST_ID	1
#define BE_ID		0
#define GUEST_VCPU	0
#define BE_VCPU		1
#define STRESS_ITERS	1000

/* Each thread's hypercall arguments, in its own half of the guest memory. */
#define HALF		8192
#define MEM_SIZE	(2 * HALF)
#define OP_OFF		0	/* a grant, event or memory op's struct */
#define REQ_OFF		1024	/* mmu_update requests, mmuext ops */
#define LIST_OFF	3072	/* an extent list */

#define NR_DATA		8	/* the guest's data frames */
#define NR_GRANTS	4	/* guest frames granted to the backend, refs 8-11 */
#define GREF		8
#define SELF_GREF	(GREF + NR_GRANTS)	/* granted by the guest to itself */
#define NR_PTES		16	/* the guest's L1 entries each batch rewrites */
#define NR_SLOTS	8	/* the backend's L1 entries its maps use */
#define GNT_GFN		6	/* where the guest places its grant frame (not a reservation) */
#define CHUNK_FRAMES	(1U << XENHV_FI_CHUNK_SHIFT)

struct stress_ctx;

/* One vCPU thread: what it runs and what it found. */
struct stress_worker {
	struct stress_ctx *ctx;
	struct xenhv_domain *dom;
	size_t mem;			/* its half of the guest memory */
	struct task_struct *task;
	struct completion done;
	unsigned int sends, upcalls;	/* EVTCHNOP_sends made, upcalls taken */
	unsigned int nr_bad;
	/* The first result that was not the expected one. */
	const char *bad_op;
	unsigned int bad_iter;
	long bad_got, bad_want;
};

struct stress_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d;		/* the guest */
	struct xenhv_domain *b;		/* the backend domain */
	u64 g_l4, g_l1, b_l4, b_l1;	/* each domain's pinned tables */
	u64 data[NR_DATA], granted[NR_GRANTS], self_src, self_dst;
	u64 mine[2];			/* the backend's copy frames, first in a chunk of their own */
	u32 gport, bport;		/* the interdomain channel's ends */
	unsigned long guest_pages;	/* the guest's tot_pages before the run */
	struct completion start;
	struct stress_worker guest, backend;
};

static unsigned int stress_vcpu_of(struct xenhv_fake_backend *fb)
{
	struct stress_ctx *ctx = fb->hook_arg;

	return current == ctx->backend.task ? BE_VCPU : GUEST_VCPU;
}

static void *w_mem(struct stress_worker *w, size_t off)
{
	return w->ctx->fb->mem + w->mem + off;
}

static unsigned long w_gva(struct stress_worker *w, size_t off)
{
	return xenhv_fake_gva(w->ctx->fb, w->mem + off);
}

static void w_expect(struct stress_worker *w, const char *op, unsigned int iter, long got,
		     long want)
{
	if (got == want)
		return;
	if (!w->nr_bad++) {
		w->bad_op = op;
		w->bad_iter = iter;
		w->bad_got = got;
		w->bad_want = want;
	}
}

/* One grant op of @w's domain, @op copied in and back. */
static long w_gnt(struct stress_worker *w, unsigned int cmd, void *op, size_t len)
{
	unsigned long a[5] = { cmd, w_gva(w, OP_OFF), 1 };
	long rc;

	memcpy(w_mem(w, OP_OFF), op, len);
	rc = xenhv_grant_table_op(w->dom, a);
	memcpy(op, w_mem(w, OP_OFF), len);
	return rc;
}

static long w_memop(struct stress_worker *w, int cmd, const void *op, size_t len)
{
	memcpy(w_mem(w, OP_OFF), op, len);
	return xenhv_memory_op(w->dom, cmd, w_gva(w, OP_OFF));
}

static long w_evop(struct stress_worker *w, int cmd, void *op, size_t len)
{
	long rc;

	memcpy(w_mem(w, OP_OFF), op, len);
	rc = xenhv_event_channel_op(w->dom, cmd, w_gva(w, OP_OFF));
	memcpy(op, w_mem(w, OP_OFF), len);
	return rc;
}

static long w_send(struct stress_worker *w, u32 port)
{
	struct evtchn_send s = { .port = port };

	w->sends++;
	return w_evop(w, EVTCHNOP_send, &s, sizeof(s));
}

/*
 * What Linux's upcall handler does with the 2-level ABI, atomically, as
 * the raise on the other vCPU runs at the same time: the upcall flag,
 * the selector, the pending words. Counts an upcall when the flag was
 * set: each is one notification the raise sent.
 */
static void w_consume(struct stress_worker *w, unsigned int vcpu)
{
	struct shared_info *s = w->dom->evtchn->shinfo;
	struct vcpu_info *vi = &s->vcpu_info[vcpu];
	unsigned long sel;
	unsigned int i;

	if (!xchg(&vi->evtchn_upcall_pending, 0))
		return;
	w->upcalls++;
	sel = xchg(&vi->evtchn_pending_sel, 0);
	for (i = 0; i < BITS_PER_LONG; i++)
		if (sel & BIT(i))
			xchg(&s->evtchn_pending[i], 0);
}

/* The guest's grant entry @ref, as it wrote it: for @dom, frame @gfn. */
static void grant(struct stress_ctx *ctx, u32 ref, domid_t dom, u64 gfn)
{
	*xenhv_gnt_v1(ctx->d->gnttab, ref) =
		(struct grant_entry_v1){ GTF_permit_access, dom, (u32)gfn };
}

/* ---- the backend domain's vCPU ---- */

static void backend_step(struct stress_worker *w, unsigned int i)
{
	struct stress_ctx *ctx = w->ctx;
	unsigned int slot = i % NR_SLOTS, g = i % NR_GRANTS;
	u64 pte_addr = (ctx->b_l1 << PAGE_SHIFT) + slot * sizeof(u64);
	u64 *l1 = xenhv_fake_page(ctx->fb, ctx->b_l1), mine = ctx->mine[i % 2];
	bool ro = i % 4 == 3;
	struct gnttab_map_grant_ref m = {
		.host_addr = pte_addr, .ref = GREF + g, .dom = GUEST_ID,
		.flags = GNTMAP_host_map | GNTMAP_contains_pte | (ro ? GNTMAP_readonly : 0),
	};
	struct gnttab_unmap_grant_ref u = { .host_addr = pte_addr };
	struct gnttab_copy c = { .len = 64 };
	struct gnttab_set_version sv;

	/* A map of the guest's frame into its own L1, through the grant. */
	w_expect(w, "map", i, w_gnt(w, GNTTABOP_map_grant_ref, &m, sizeof(m)), 0);
	w_expect(w, "map status", i, m.status, GNTST_okay);
	w_expect(w, "map pte", i, (READ_ONCE(l1[slot]) >> PAGE_SHIFT) & 0xffffffffffUL,
		 ctx->granted[g]);
	/* Copies through it both ways, with a frame of its own. */
	c.source.u.ref = GREF + g;
	c.source.domid = GUEST_ID;
	c.source.offset = (i % 32) * 64;
	c.dest.u.gmfn = mine;
	c.dest.domid = DOMID_SELF;
	c.flags = GNTCOPY_source_gref;
	w_expect(w, "copy from", i, w_gnt(w, GNTTABOP_copy, &c, sizeof(c)), 0);
	w_expect(w, "copy from status", i, c.status, GNTST_okay);
	c.source.u.gmfn = mine;
	c.source.domid = DOMID_SELF;
	c.dest.u.ref = GREF + g;
	c.dest.domid = GUEST_ID;
	c.dest.offset = (i % 32) * 64;
	c.flags = GNTCOPY_dest_gref;
	w_expect(w, "copy to", i, w_gnt(w, GNTTABOP_copy, &c, sizeof(c)), 0);
	w_expect(w, "copy to status", i, c.status, GNTST_okay);
	u.handle = m.handle;
	w_expect(w, "unmap", i, w_gnt(w, GNTTABOP_unmap_grant_ref, &u, sizeof(u)), 0);
	w_expect(w, "unmap status", i, u.status, GNTST_okay);
	w_expect(w, "unmapped pte", i, READ_ONCE(l1[slot]), 0);
	/* Its own table's status frames come and go. */
	if (i % 8 == 7) {
		sv.version = i / 8 % 2 ? 1 : 2;
		w_expect(w, "set_version", i, w_gnt(w, GNTTABOP_set_version, &sv, sizeof(sv)), 0);
		w_expect(w, "version", i, sv.version, i / 8 % 2 ? 1 : 2);
	}
	w_expect(w, "send", i, w_send(w, ctx->bport), 0);
	w_consume(w, BE_VCPU);
}

/* ---- the guest's vCPU ---- */

/* One mmu_update batch: the first NR_PTES entries of its L1, as @i picks them. */
static void guest_remap(struct stress_worker *w, unsigned int i, bool clear)
{
	struct stress_ctx *ctx = w->ctx;
	struct mmu_update *req = w_mem(w, REQ_OFF);
	unsigned long a[5] = { w_gva(w, REQ_OFF), NR_PTES, 0, DOMID_SELF };
	unsigned int j, k;
	u64 f;

	for (j = 0; j < NR_PTES; j++) {
		k = (i + j) % (NR_DATA + NR_GRANTS);
		f = k < NR_DATA ? ctx->data[k] : ctx->granted[k - NR_DATA];
		req[j].ptr = ((ctx->g_l1 << PAGE_SHIFT) + j * sizeof(u64)) | MMU_NORMAL_PT_UPDATE;
		/* Remapped, made read-only, made present and not. */
		if (clear || i % 5 == 4)
			req[j].val = 0;
		else
			req[j].val = (f << PAGE_SHIFT) | XENHV_PTE_P | (i % 3 ? XENHV_PTE_RW : 0);
	}
	w_expect(w, "mmu_update", i, xenhv_mmu_update(w->dom, a), 0);
}

static void guest_step(struct stress_worker *w, unsigned int i)
{
	struct stress_ctx *ctx = w->ctx;
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_grant_table, .idx = 0, .gpfn = GNT_GFN,
	};
	struct xen_remove_from_physmap xrfp = { .domid = DOMID_SELF, .gpfn = GNT_GFN };
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
	u64 *list = w_mem(w, LIST_OFF);
	struct gnttab_copy c = { .len = 128 };

	guest_remap(w, i, false);
	/* The frame holding the backend's grants moves into its page and back. */
	w_expect(w, "add_to_physmap", i,
		 w_memop(w, XENMEM_add_to_physmap, &xatp, sizeof(xatp)), 0);
	w_expect(w, "remove_from_physmap", i,
		 w_memop(w, XENMEM_remove_from_physmap, &xrfp, sizeof(xrfp)), 0);
	/* A frame taken and given back: the only one of its chunk. */
	set_xen_guest_handle(r.extent_start, (xen_pfn_t *)w_gva(w, LIST_OFF));
	list[0] = 0;
	w_expect(w, "increase_reservation", i,
		 w_memop(w, XENMEM_increase_reservation, &r, sizeof(r)), 1);
	w_expect(w, "its chunk", i, list[0] / CHUNK_FRAMES, ctx->mine[0] / CHUNK_FRAMES);
	w_expect(w, "decrease_reservation", i,
		 w_memop(w, XENMEM_decrease_reservation, &r, sizeof(r)), 1);
	/* A copy through its own grant: checks the backend's hidden frames too. */
	c.source.u.ref = SELF_GREF;
	c.source.domid = GUEST_ID;
	c.source.offset = (i % 32) * 128;
	c.dest.u.gmfn = ctx->self_dst;
	c.dest.domid = DOMID_SELF;
	c.dest.offset = (i % 32) * 128;
	c.flags = GNTCOPY_source_gref;
	w_expect(w, "self copy", i, w_gnt(w, GNTTABOP_copy, &c, sizeof(c)), 0);
	w_expect(w, "self copy status", i, c.status, GNTST_okay);
	w_expect(w, "send", i, w_send(w, ctx->gport), 0);
	w_consume(w, GUEST_VCPU);
}

/* ---- setup, the run, the checks ---- */

static int stress_thread(void *arg)
{
	struct stress_worker *w = arg;
	bool backend = w == &w->ctx->backend;
	unsigned int i;

	wait_for_completion(&w->ctx->start);
	for (i = 0; i < STRESS_ITERS; i++) {
		if (backend)
			backend_step(w, i);
		else
			guest_step(w, i);
		cond_resched();
	}
	if (!backend)
		guest_remap(w, i, true);
	complete(&w->done);
	return 0;
}

static long mmuext1(struct stress_ctx *ctx, struct xenhv_domain *dom, u32 cmd, u64 arg1)
{
	struct mmuext_op *op = (struct mmuext_op *)(ctx->fb->mem + REQ_OFF);

	memset(op, 0, sizeof(*op));
	op->cmd = cmd;
	op->arg1.mfn = arg1;
	return xenhv_fake_mmuext(dom, xenhv_fake_gva(ctx->fb, REQ_OFF), 1, 0, DOMID_SELF);
}

static u64 frame_of(struct kunit *test, struct xenhv_domain *dom)
{
	u64 gfn = xenhv_mm_alloc_extent(dom, 0, U64_MAX);

	KUNIT_ASSERT_NE(test, gfn, XENHV_NO_FRAME);
	return gfn;
}

/* L4 -> L3 -> L2 -> L1 of @dom's frames, the L4 pinned; the L1. */
static u64 space(struct kunit *test, struct stress_ctx *ctx, struct xenhv_domain *dom, u64 *l4)
{
	u64 l3, l2, l1;

	*l4 = frame_of(test, dom);
	l3 = frame_of(test, dom);
	l2 = frame_of(test, dom);
	l1 = frame_of(test, dom);
	((u64 *)xenhv_fake_page(ctx->fb, *l4))[0] = (l3 << PAGE_SHIFT) | 3;
	((u64 *)xenhv_fake_page(ctx->fb, l3))[0] = (l2 << PAGE_SHIFT) | 3;
	((u64 *)xenhv_fake_page(ctx->fb, l2))[0] = (l1 << PAGE_SHIFT) | 3;
	KUNIT_ASSERT_EQ(test, mmuext1(ctx, dom, MMUEXT_PIN_L4_TABLE, *l4), 0L);
	return l1;
}

static int stress_init(struct kunit *test)
{
	struct stress_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = BE_ID };
	struct evtchn_bind_interdomain bi = { .remote_dom = GUEST_ID };
	struct evtchn_bind_vcpu bv = { .vcpu = BE_VCPU };
	unsigned int i;
	u64 f;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	test->priv = ctx;
	ctx->fb = xenhv_fake_new(test, MEM_SIZE);
	/* Three chunks of frame info, so a chunk can come and go. */
	ctx->fb->nr_pages = XENHV_FAKE_RAM_MAX_PAGES;
	ctx->fb->be.nr_vcpus = 2;
	ctx->d = xenhv_fake_domain(test, ctx->fb);
	ctx->b = xenhv_fake_domain(test, ctx->fb);
	ctx->d->domid = GUEST_ID;
	ctx->b->domid = BE_ID;
	ctx->b->memory_is_reservations = true;
	ctx->b->pv = true;
	ctx->d->peer = ctx->b;
	ctx->b->peer = ctx->d;
	KUNIT_ASSERT_EQ(test, xenhv_evtchn_init(ctx->d, XENHV_DEFAULT_MAX_EVTCHN_PORT), 0);
	KUNIT_ASSERT_EQ(test, xenhv_evtchn_init(ctx->b, XENHV_DEFAULT_MAX_EVTCHN_PORT), 0);

	ctx->g_l1 = space(test, ctx, ctx->d, &ctx->g_l4);
	ctx->b_l1 = space(test, ctx, ctx->b, &ctx->b_l4);
	for (i = 0; i < NR_DATA; i++)
		ctx->data[i] = frame_of(test, ctx->d);
	for (i = 0; i < NR_GRANTS; i++) {
		ctx->granted[i] = frame_of(test, ctx->d);
		grant(ctx, GREF + i, BE_ID, ctx->granted[i]);
	}
	ctx->self_src = frame_of(test, ctx->d);
	ctx->self_dst = frame_of(test, ctx->d);
	grant(ctx, SELF_GREF, GUEST_ID, ctx->self_src);
	/*
	 * The backend's copy frames start the last chunk, which holds no
	 * frame of the guest's but the one it takes and gives back each
	 * step: the guest's info for that chunk comes and goes while the
	 * backend asks whether its frames are the guest's.
	 */
	do {
		f = frame_of(test, ctx->b);
	} while (f + 1 < 2 * CHUNK_FRAMES);
	ctx->mine[0] = frame_of(test, ctx->b);
	ctx->mine[1] = frame_of(test, ctx->b);
	KUNIT_ASSERT_EQ(test, ctx->mine[0], (u64)2 * CHUNK_FRAMES);
	ctx->guest_pages = ctx->d->mm->tot_pages;

	/* The channel: the guest offers, the backend binds and takes it on its vCPU 1. */
	memcpy(ctx->fb->mem + OP_OFF, &au, sizeof(au));
	KUNIT_ASSERT_EQ(test, xenhv_event_channel_op(ctx->d, EVTCHNOP_alloc_unbound,
						     xenhv_fake_gva(ctx->fb, OP_OFF)), 0L);
	memcpy(&au, ctx->fb->mem + OP_OFF, sizeof(au));
	ctx->gport = au.port;
	bi.remote_port = au.port;
	memcpy(ctx->fb->mem + OP_OFF, &bi, sizeof(bi));
	KUNIT_ASSERT_EQ(test, xenhv_event_channel_op(ctx->b, EVTCHNOP_bind_interdomain,
						     xenhv_fake_gva(ctx->fb, OP_OFF)), 0L);
	memcpy(&bi, ctx->fb->mem + OP_OFF, sizeof(bi));
	ctx->bport = bi.local_port;
	bv.port = ctx->bport;
	memcpy(ctx->fb->mem + OP_OFF, &bv, sizeof(bv));
	KUNIT_ASSERT_EQ(test, xenhv_event_channel_op(ctx->b, EVTCHNOP_bind_vcpu,
						     xenhv_fake_gva(ctx->fb, OP_OFF)), 0L);
	/* The bind raised the backend's port: start with nothing pending, nothing counted. */
	memset(ctx->b->evtchn->shinfo, 0, sizeof(*ctx->b->evtchn->shinfo));
	memset(ctx->d->evtchn->shinfo, 0, sizeof(*ctx->d->evtchn->shinfo));
	ctx->fb->nr_calls = 0;
	ctx->fb->nr_self_kicks = 0;

	ctx->guest.ctx = ctx;
	ctx->guest.dom = ctx->d;
	ctx->guest.mem = 0;
	ctx->backend.ctx = ctx;
	ctx->backend.dom = ctx->b;
	ctx->backend.mem = HALF;
	init_completion(&ctx->start);
	init_completion(&ctx->guest.done);
	init_completion(&ctx->backend.done);
	return 0;
}

static void stress_exit(struct kunit *test)
{
	struct stress_ctx *ctx = test->priv;

	if (!ctx || !ctx->b)
		return;
	ctx->fb->vcpu_of = NULL;
	xenhv_gnttab_drop_maps(ctx->b);
	xenhv_evtchn_destroy(ctx->b);
	xenhv_evtchn_destroy(ctx->d);
}

static void stress_report(struct kunit *test, const char *who, struct stress_worker *w)
{
	KUNIT_EXPECT_EQ_MSG(test, w->nr_bad, 0U,
			    "%s: %u unexpected results; first: %s at step %u gave %ld, not %ld",
			    who, w->nr_bad, w->bad_op ?: "-", w->bad_iter, w->bad_got, w->bad_want);
}

/* Two vCPU threads, on two CPUs where there are two. */
static void stress_run(struct kunit *test, struct stress_ctx *ctx)
{
	struct stress_worker *ws[2] = { &ctx->guest, &ctx->backend };
	unsigned int i, cpu = 0;

	ctx->fb->hook_arg = ctx;
	ctx->fb->vcpu_of = stress_vcpu_of;
	for (i = 0; i < 2; i++) {
		ws[i]->task = kthread_create(stress_thread, ws[i], "xenhv-stress/%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(ws[i]->task));
		if (num_online_cpus() > 1) {
			cpu = cpumask_next(i ? cpu : -1, cpu_online_mask);
			kthread_bind(ws[i]->task, cpu);
		}
	}
	for (i = 0; i < 2; i++)
		wake_up_process(ws[i]->task);
	complete_all(&ctx->start);
	for (i = 0; i < 2; i++)
		wait_for_completion(&ws[i]->done);
	ctx->fb->vcpu_of = NULL;
}

/*
 * The backend maps, copies and unmaps the guest's grants while the guest
 * rewrites the very frames' mappings, moves the granting frame and takes
 * a frame in the backend's chunk; both send. Then everything balances.
 */
static void xenhv_stress_grants_vs_guest_mmu(struct kunit *test)
{
	struct stress_ctx *ctx = test->priv;
	struct shared_info *bs = ctx->b->evtchn->shinfo, *gs = ctx->d->evtchn->shinfo;
	struct xenhv_gnttab *gt = ctx->d->gnttab;
	u64 *g_l1 = xenhv_fake_page(ctx->fb, ctx->g_l1), *b_l1 = xenhv_fake_page(ctx->fb, ctx->b_l1);
	struct evtchn_send s = { .port = ctx->gport };
	unsigned int i, kicks;

	stress_run(test, ctx);
	stress_report(test, "guest", &ctx->guest);
	stress_report(test, "backend", &ctx->backend);
	KUNIT_EXPECT_EQ(test, ctx->guest.sends, (unsigned int)STRESS_ITERS);
	KUNIT_EXPECT_EQ(test, ctx->backend.sends, (unsigned int)STRESS_ITERS);

	/* Nothing held: pins, reading/writing bits, handles, PTEs, counts, pages. */
	for (i = GREF; i <= SELF_GREF; i++) {
		KUNIT_EXPECT_EQ_MSG(test, *xenhv_gnt_active(gt, i), 0U, "ref %u", i);
		KUNIT_EXPECT_EQ_MSG(test, xenhv_gnt_v1(gt, i)->flags, (u16)GTF_permit_access,
				    "ref %u", i);
	}
	for (i = 0; i < ctx->b->gnttab->nr_maptrack_chunks * XENHV_MAPTRACK_CHUNK; i++)
		KUNIT_EXPECT_EQ_MSG(test, xenhv_gnt_map_at(ctx->b->gnttab, i)->flags, 0U,
				    "handle %u", i);
	for (i = 0; i < NR_SLOTS; i++)
		KUNIT_EXPECT_EQ_MSG(test, b_l1[i], 0ULL, "backend slot %u", i);
	for (i = 0; i < NR_PTES; i++)
		KUNIT_EXPECT_EQ_MSG(test, g_l1[i], 0ULL, "guest slot %u", i);
	for (i = 0; i < NR_DATA; i++)
		KUNIT_EXPECT_EQ_MSG(test, xenhv_mm_check_extent(ctx->d, ctx->data[i], 0), 0,
				    "data frame %u", i);
	for (i = 0; i < NR_GRANTS; i++)
		KUNIT_EXPECT_EQ_MSG(test, xenhv_mm_check_extent(ctx->d, ctx->granted[i], 0), 0,
				    "granted frame %u", i);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, ctx->self_src, 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, ctx->self_dst, 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->b, ctx->mine[0], 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->b, ctx->mine[1], 0), 0);
	KUNIT_EXPECT_EQ(test, ctx->d->mm->tot_pages, ctx->guest_pages);
	/* The frame the guest gave back last is nobody's, and its chunk is gone. */
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, ctx->mine[1] + 1, 0), -XEN_ENXIO);
	KUNIT_EXPECT_NULL(test, xa_load(&ctx->d->mm->frames, ctx->mine[0] / CHUNK_FRAMES));
	KUNIT_EXPECT_PTR_EQ(test, gt->shared[0].cur, gt->shared[0].hidden);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_maps, ctx->fb->nr_unmaps);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_guest_faults, 0U);

	/*
	 * Every notification was one IPI to the other vCPU (none to the
	 * sender's own), and is either an upcall taken or still pending.
	 */
	kicks = ctx->guest.upcalls + ctx->backend.upcalls +
		bs->vcpu_info[BE_VCPU].evtchn_upcall_pending +
		gs->vcpu_info[GUEST_VCPU].evtchn_upcall_pending;
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_self_kicks, 0U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, kicks);
	KUNIT_EXPECT_GE(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_LE(test, ctx->fb->nr_calls, 2U * STRESS_ITERS);
	/* And the channel still works: a send now is pending at the backend. */
	memcpy(ctx->fb->mem + OP_OFF, &s, sizeof(s));
	KUNIT_EXPECT_EQ(test, xenhv_event_channel_op(ctx->d, EVTCHNOP_send,
						     xenhv_fake_gva(ctx->fb, OP_OFF)), 0L);
	KUNIT_EXPECT_TRUE(test, test_bit(ctx->bport, (unsigned long *)bs->evtchn_pending));
}

static struct kunit_case xenhv_stress_cases[] = {
	KUNIT_CASE(xenhv_stress_grants_vs_guest_mmu),
	{}
};

static struct kunit_suite xenhv_stress_suite = {
	.name = "xenhv_cross_domain_stress",
	.init = stress_init,
	.exit = stress_exit,
	.test_cases = xenhv_stress_cases,
};

kunit_test_suites(&xenhv_stress_suite);
