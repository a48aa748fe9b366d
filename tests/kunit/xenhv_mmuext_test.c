// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the PV MMU on the fake backend: page-table validation and
 * pinning, mmu_update, update_va_mapping, mmuext_op, continuations,
 * multicall flush coalescing, and the reservations that own frames.
 */
#include <kunit/test.h>
#include "xenhv_fake_backend.h"
#include <xen/interface/memory.h>
#include "../../translate/mm.h"
#include "../../translate/dispatch.h"

#define OPS_OFF		0	/* op or request lists */
#define MASK_OFF	8192
#define DONE_OFF	8448
#define LIST_OFF	9216	/* extent lists */
#define LIST2_OFF	10240
#define ARG_OFF		11264	/* a struct argument */
#define MC_OFF		12288	/* multicall entries */
#define MEM_SIZE	16384
#define BAD		0xdeadUL

#define PRW		(XENHV_PTE_P | XENHV_PTE_RW)
#define PTE(f, fl)	(((u64)(f) << PAGE_SHIFT) | (fl))
#define VA		0x5000ULL	/* L1 slot 5 of the test space */

struct xenhv_mm_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d;
	struct xenhv_dispatcher disp;
};

/* The test address space: L4 -> L3 -> L2 -> L1 -> data at VA, pinned at L4. */
struct xenhv_space {
	u64 l4, l3, l2, l1, data;
};

struct mop {
	u32 cmd, pad;
	u64 arg1, arg2;
};

static int xenhv_mm_test_init(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	ctx->fb = xenhv_fake_new(test, MEM_SIZE);
	ctx->d = xenhv_fake_domain(test, ctx->fb);
	KUNIT_ASSERT_EQ(test, xenhv_dispatcher_init(&ctx->disp, ctx->d), 0);
	test->priv = ctx;
	return 0;
}

static void xenhv_mm_test_exit(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;

	xenhv_dispatcher_destroy(&ctx->disp);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_unmaps, ctx->fb->nr_maps);
}

static u64 *pg(struct xenhv_mm_ctx *ctx, u64 gfn)
{
	return xenhv_fake_page(ctx->fb, gfn);
}

static unsigned long gva(struct xenhv_mm_ctx *ctx, size_t off)
{
	return xenhv_fake_gva(ctx->fb, off);
}

static u64 frame(struct kunit *test, struct xenhv_mm_ctx *ctx)
{
	u64 gfn = xenhv_mm_alloc_extent(ctx->d, 0, U64_MAX);

	KUNIT_ASSERT_NE(test, gfn, XENHV_NO_FRAME);
	return gfn;
}

static void put_op(struct xenhv_mm_ctx *ctx, unsigned int i, u32 cmd, u64 arg1, u64 arg2)
{
	struct mop op = { .cmd = cmd, .arg1 = arg1, .arg2 = arg2 };

	memcpy(ctx->fb->mem + OPS_OFF + i * sizeof(op), &op, sizeof(op));
}

static long ext1(struct xenhv_mm_ctx *ctx, u32 cmd, u64 arg1, u64 arg2)
{
	put_op(ctx, 0, cmd, arg1, arg2);
	return xenhv_fake_mmuext(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_SELF);
}

static long extn(struct xenhv_mm_ctx *ctx, unsigned int n, u32 *done)
{
	long rc = xenhv_fake_mmuext(ctx->d, gva(ctx, OPS_OFF), n, gva(ctx, DONE_OFF),
				    DOMID_SELF);

	memcpy(done, ctx->fb->mem + DONE_OFF, sizeof(*done));
	return rc;
}

static void put_req(struct xenhv_mm_ctx *ctx, unsigned int i, u64 ptr, u64 val)
{
	u64 r[2] = { ptr, val };

	memcpy(ctx->fb->mem + OPS_OFF + i * sizeof(r), r, sizeof(r));
}

/* An mmu_update of @n requests at @list; *@done is what *pdone says after. */
static long mmun(struct xenhv_mm_ctx *ctx, unsigned long list, unsigned int n, u32 *done)
{
	long rc = xenhv_fake_mmu_update(ctx->d, list, n, gva(ctx, DONE_OFF), DOMID_SELF);

	memcpy(done, ctx->fb->mem + DONE_OFF, sizeof(*done));
	return rc;
}

/* One mmu_update of entry @idx of table @table. */
static long mmu1(struct xenhv_mm_ctx *ctx, u64 table, unsigned int idx, u64 val)
{
	put_req(ctx, 0, (table << PAGE_SHIFT) + idx * 8, val);
	return xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_SELF);
}

/* A list call's arguments: @n entries at OPS_OFF, *pdone at DONE_OFF set to 0. */
static void list_args(struct xenhv_mm_ctx *ctx, unsigned long *a, unsigned int n)
{
	u32 zero = 0;

	a[0] = gva(ctx, OPS_OFF);
	a[1] = n;
	a[2] = gva(ctx, DONE_OFF);
	a[3] = DOMID_SELF;
	memcpy(ctx->fb->mem + DONE_OFF, &zero, sizeof(zero));
}

static unsigned long vcpumask(struct xenhv_mm_ctx *ctx, u64 bits)
{
	memcpy(ctx->fb->mem + MASK_OFF, &bits, sizeof(bits));
	return gva(ctx, MASK_OFF);
}

static void build(struct kunit *test, struct xenhv_mm_ctx *ctx, struct xenhv_space *s)
{
	const u64 up = PRW | XENHV_PTE_US;

	s->l4 = frame(test, ctx);
	s->l3 = frame(test, ctx);
	s->l2 = frame(test, ctx);
	s->l1 = frame(test, ctx);
	s->data = frame(test, ctx);
	pg(ctx, s->l4)[0] = PTE(s->l3, up);
	pg(ctx, s->l3)[0] = PTE(s->l2, up);
	pg(ctx, s->l2)[0] = PTE(s->l1, up);
	pg(ctx, s->l1)[VA >> PAGE_SHIFT] = PTE(s->data, PRW);
	KUNIT_ASSERT_EQ(test, ext1(ctx, MMUEXT_PIN_L4_TABLE, s->l4, 0), 0L);
}

/* @vcpu switches to the space's root: its TLB now holds the domain's entries. */
static void enter(struct kunit *test, struct xenhv_mm_ctx *ctx, struct xenhv_space *s,
		  unsigned int vcpu)
{
	unsigned int was = ctx->fb->cur_vcpu;
	u64 saved;

	ctx->fb->cur_vcpu = vcpu;
	KUNIT_ASSERT_EQ(test, ext1(ctx, MMUEXT_NEW_BASEPTR, s->l4, 0), 0L);
	KUNIT_ASSERT_EQ(test, xenhv_pv_enter(ctx->d, &saved), 0);
	KUNIT_EXPECT_EQ(test, saved, 0xc3000ULL);
	KUNIT_EXPECT_EQ(test, ctx->fb->cr3[vcpu], s->l4 << PAGE_SHIFT);
	ctx->fb->cur_vcpu = was;
}

static void leave(struct xenhv_mm_ctx *ctx, unsigned int vcpu)
{
	unsigned int was = ctx->fb->cur_vcpu;

	ctx->fb->cur_vcpu = vcpu;
	xenhv_pv_exit(ctx->d, 0xc3000);
	ctx->fb->cur_vcpu = was;
}

static u16 code(struct xenhv_mm_ctx *ctx, unsigned int i)
{
	return ctx->fb->log[i].control & 0xffff;
}

static unsigned int reps(struct xenhv_mm_ctx *ctx, unsigned int i)
{
	return (ctx->fb->log[i].control & HV_HYPERCALL_REP_COMP_MASK) >>
	       HV_HYPERCALL_REP_COMP_OFFSET;
}

/* ---- xenhv_pv_mmu: tables ---- */

/* Pinning the root validates the whole tree; types then forbid writable tables. */
static void xenhv_pv_pin_promotes_the_tree(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	struct xenhv_space s;

	build(test, ctx, &s);
	/* The kernel's half is installed, the guest's half kept. */
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l4)[256], ctx->fb->kernel_root[256]);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l4)[511], ctx->fb->kernel_root[511]);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l4)[0], PTE(s.l3, PRW | XENHV_PTE_US));
	KUNIT_EXPECT_EQ(test, ctx->d->mm->promotions, 4ULL);
	/* Pinned twice: -EINVAL. A frame mapped writable cannot become a table. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L4_TABLE, s.l4, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, s.data, 0), (long)-XEN_EINVAL);
	/* A table in use cannot be mapped writable (-EBUSY), read-only it can. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 6, PTE(s.l1, PRW)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 6, PTE(s.l2, PRW)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 6, PTE(s.l2, XENHV_PTE_P)), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 6, 0), 0L);
	/* An L1 table that is in use cannot be pinned as another level. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L2_TABLE, s.l1, 0), (long)-XEN_EINVAL);
	/* A table in use is not plain memory: no release. */
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, s.l2, 0), -XEN_EBUSY);

	/* Unpin: the tree is demoted, the kernel's half wiped, every count back to 0. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_UNPIN_TABLE, s.l4, 0), 0L);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_UNPIN_TABLE, s.l4, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l4)[256], 0ULL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, s.data, 0), 0L);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_UNPIN_TABLE, s.data, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, s.l4, 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, s.l3, 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, s.l2, 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, s.l1, 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, s.data, 0), 0);
	/* Not the domain's any more. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, s.data, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_frees, 5U);
}

/* Xen's entry rules, one by one: the errno, and nothing written on failure. */
static void xenhv_pv_entry_validation(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	static const struct { u64 flags; long rc; } l1_flags[] = {
		{ XENHV_PTE_PCD, -XEN_EINVAL }, { XENHV_PTE_PWT, -XEN_EINVAL },
		{ XENHV_PTE_PSE /* PAT */, -XEN_EINVAL },
		{ XENHV_PTE_AVAIL | XENHV_PTE_NX | BIT_ULL(52) | XENHV_PTE_A | XENHV_PTE_D, 0 },
	};
	struct xenhv_space s;
	u64 fresh, v;
	unsigned int i;

	build(test, ctx, &s);
	for (i = 0; i < ARRAY_SIZE(l1_flags); i++) {
		KUNIT_EXPECT_EQ_MSG(test, mmu1(ctx, s.l1, 7, PTE(s.data, PRW | l1_flags[i].flags)),
				    l1_flags[i].rc, "flags %llx", l1_flags[i].flags);
		v = pg(ctx, s.l1)[7];
		KUNIT_EXPECT_EQ(test, v, l1_flags[i].rc ? 0 : PTE(s.data, PRW | l1_flags[i].flags));
		KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 7, 0), 0L);
	}
	/* G is allowed in an L1 and stored cleared. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 7, PTE(s.data, PRW | XENHV_PTE_G)), 0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[7], PTE(s.data, PRW));
	/*
	 * RAM the domain does not own: -EBUSY; not RAM at all: -EPERM; the
	 * all-ones frame (Xen's INVALID_MFN): -EINVAL, as Xen.
	 */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 8, PTE(3, PRW)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 8, PTE(1000, XENHV_PTE_P)), (long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 8, PTE(0xfffffffffeULL, XENHV_PTE_P)),
			(long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 8, PTE(0xffffffffffULL, XENHV_PTE_P)),
			(long)-XEN_EINVAL);
	/* A non-present entry is not validated. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 8, 0xfffffffffffff0ULL), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 8, 0), 0L);

	/* Upper levels: no superpages, no G, only owned frames of the next level. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l2, 1, PTE(s.l1, PRW | XENHV_PTE_PSE)),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l2, 1, PTE(s.l1, PRW | XENHV_PTE_G)),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l2, 1, PTE(3, PRW)), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l2, 1, PTE(s.l2, PRW)), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l2, 1, PTE(s.data, PRW)), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l4, 1, PTE(s.l4, PRW)), (long)-XEN_EINVAL);
	/* The kernel's half of the root is not the guest's. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l4, 256, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l4)[256], ctx->fb->kernel_root[256]);
	/* A new table whose contents are bad: the inner errno, all undone. */
	fresh = frame(test, ctx);
	pg(ctx, fresh)[0] = PTE(s.data, XENHV_PTE_P);
	pg(ctx, fresh)[1] = PTE(3, XENHV_PTE_P);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l2, 1, PTE(fresh, PRW)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l2)[1], 0ULL);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, fresh, 0), 0);
	KUNIT_EXPECT_EQ(test, ctx->d->mm->promotions, 4ULL);
	/* A good new table links in. */
	fresh = frame(test, ctx);
	pg(ctx, fresh)[0] = PTE(s.data, XENHV_PTE_P);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l2, 1, PTE(fresh, PRW)), 0L);
	KUNIT_EXPECT_EQ(test, ctx->d->mm->promotions, 5ULL);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, fresh, 0), -XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l2, 1, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, fresh, 0), 0);
}

/*
 * mmu_update takes requests XENHV_MMU_BATCH at a time (one copy, one lock,
 * one preemption check), and within a batch an L1 table's lookup is reused.
 * None of that may show: a list that becomes unreadable at request 20
 * still runs the 20 before it; a continuation resumes at the exact
 * request; an L2 change inside a batch that leaves an L1 untyped makes
 * the next write to it plain memory, as in Xen.
 */
static void xenhv_pv_mmu_update_long_batches(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	const unsigned long tail = MEM_SIZE - 20 * 2 * sizeof(u64);
	const unsigned int n = 2 * XENHV_MMU_BATCH + XENHV_MMU_BATCH / 2;
	unsigned long a[6] = {};
	struct xenhv_space s;
	unsigned int i;
	u32 done = 0;

	build(test, ctx, &s);
	/* 40 requests whose list runs off the guest's memory after 20. */
	for (i = 0; i < 20; i++) {
		u64 r[2] = { (s.l1 << PAGE_SHIFT) + (100 + i) * 8, PTE(s.data, XENHV_PTE_P) };

		memcpy(ctx->fb->mem + tail + i * sizeof(r), r, sizeof(r));
	}
	memcpy(ctx->fb->mem + DONE_OFF, &done, sizeof(done));
	KUNIT_EXPECT_EQ(test, mmun(ctx, gva(ctx, tail), 40, &done), (long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, done, 20U);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[119], PTE(s.data, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[120], 0ULL);

	/* Two and a half batches and the CPU wanted at every check: one batch per call. */
	for (i = 0; i < n; i++)
		put_req(ctx, i, (s.l1 << PAGE_SHIFT) + (200 + i) * 8, PTE(s.data, XENHV_PTE_P));
	ctx->fb->preempt_every = 1;
	list_args(ctx, a, n);
	KUNIT_EXPECT_EQ(test, xenhv_mmu_update(ctx->d, a), (long)-XENHV_ERESTART);
	KUNIT_EXPECT_EQ(test, a[0], gva(ctx, OPS_OFF) + XENHV_MMU_BATCH * 2 * sizeof(u64));
	KUNIT_EXPECT_EQ(test, a[1], (unsigned long)((n - XENHV_MMU_BATCH) | XENHV_MMU_UPDATE_PREEMPTED));
	memcpy(&done, ctx->fb->mem + DONE_OFF, sizeof(done));
	KUNIT_EXPECT_EQ(test, done, (u32)XENHV_MMU_BATCH);
	/* Through the dispatcher the guest sees one call that did them all. */
	list_args(ctx, a, n);
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_mmu_update, a), 0L);
	memcpy(&done, ctx->fb->mem + DONE_OFF, sizeof(done));
	KUNIT_EXPECT_EQ(test, done, n);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[200 + n - 1], PTE(s.data, XENHV_PTE_P));
	ctx->fb->preempt_every = 0;

	/*
	 * One batch: an L1 entry (the table's lookup kept), the L2 entry
	 * that held the L1's type (it is plain memory now), then the L1
	 * again: a frame not the domain's is written as is, not refused.
	 */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 51, PTE(3, XENHV_PTE_P)), (long)-XEN_EBUSY);
	put_req(ctx, 0, (s.l1 << PAGE_SHIFT) + 50 * 8, PTE(s.data, XENHV_PTE_P));
	put_req(ctx, 1, (s.l2 << PAGE_SHIFT) + 0 * 8, 0);
	put_req(ctx, 2, (s.l1 << PAGE_SHIFT) + 51 * 8, PTE(3, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 3, 0, DOMID_SELF),
			0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[50], PTE(s.data, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l2)[0], 0ULL);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[51], PTE(3, XENHV_PTE_P));
}

/*
 * Rewrites that keep an entry's frame, changing only RW and Xen's
 * fast-path bits (fork's and mprotect's batches): the writable count
 * follows RW, so a frame write-protected everywhere can become a table
 * and a table never becomes writable; fast-path bits move nothing; a
 * disallowed bit is Xen's -EINVAL. At the end every reference is back:
 * the frame can be given back.
 */
static void xenhv_pv_mmu_update_same_frame(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	const u64 p = XENHV_PTE_P;
	struct xenhv_space s;
	u64 x;

	build(test, ctx, &s);
	x = frame(test, ctx);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, PRW)), 0L);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, x, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, p)), 0L);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, x, 0), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, PRW)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[20], PTE(x, p));

	/* Fast-path bits only; G is dropped as in every L1 entry. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, p | XENHV_PTE_NX | XENHV_PTE_A |
						       XENHV_PTE_G)), 0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[20], PTE(x, p | XENHV_PTE_NX | XENHV_PTE_A));
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, p | XENHV_PTE_PCD)), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, p | XENHV_PTE_GNTTAB)), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[20], PTE(x, p | XENHV_PTE_NX | XENHV_PTE_A));
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_UNPIN_TABLE, x, 0), 0L);

	/* Two writable entries, one write-protected: still writable by the other. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, PRW)), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 21, PTE(x, PRW)), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 21, PTE(x, p)), 0L);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, x, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, p)), 0L);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, x, 0), 0L);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_UNPIN_TABLE, x, 0), 0L);

	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, x, 0), -XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, 0), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 21, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, x, 0), 0);
}

/* Entries @first.. of the L1 to frames @frames[i] (0: cleared), one call. */
static long map_run(struct xenhv_mm_ctx *ctx, u64 l1, unsigned int first, const u64 *frames,
		    unsigned int n, u64 flags)
{
	unsigned int i;
	u32 done;
	long rc;

	for (i = 0; i < n; i++)
		put_req(ctx, i, (l1 << PAGE_SHIFT) + (first + i) * 8,
			frames[i] ? PTE(frames[i], flags) : 0);
	rc = mmun(ctx, gva(ctx, OPS_OFF), n, &done);
	return rc ? rc : (long)done - n;
}

/*
 * The frame information is kept in chunks of 64 frames: runs of entries
 * whose frames cross from chunk to chunk, both for the references taken
 * and the ones dropped; counts exact to the last (the extents go back);
 * a chunk freed with its last frame and made again with the next.
 */
static void xenhv_pv_frame_table_chunks(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	u64 *frames = kunit_kcalloc(test, 128, sizeof(u64), GFP_KERNEL);
	unsigned int frees, i;
	struct xenhv_space s;
	u64 a, b;

	KUNIT_ASSERT_NOT_NULL(test, frames);
	ctx->fb->nr_pages = XENHV_FAKE_RAM_MAX_PAGES;
	build(test, ctx, &s);
	a = xenhv_mm_alloc_extent(ctx->d, 6, U64_MAX);
	b = xenhv_mm_alloc_extent(ctx->d, 6, U64_MAX);
	KUNIT_ASSERT_EQ(test, a, 64ULL);
	KUNIT_ASSERT_EQ(test, b, 128ULL);

	for (i = 0; i < 128; i++)
		frames[i] = a + i;
	KUNIT_EXPECT_EQ(test, map_run(ctx, s.l1, 100, frames, 128, PRW), 0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[100 + 63], PTE(a + 63, PRW));
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[100 + 64], PTE(b, PRW));
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, a, 6), -XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, b, 6), -XEN_EBUSY);

	/* Each entry to a frame of the other chunk, read-only: both chunks every time. */
	for (i = 0; i < 128; i++)
		frames[i] = i < 64 ? b + 63 - i : s.data;
	KUNIT_EXPECT_EQ(test, map_run(ctx, s.l1, 100, frames, 128, XENHV_PTE_P), 0L);
	/* The writable counts went with the old entries: a frame of b can be a table. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, b + 5, 0), 0L);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_UNPIN_TABLE, b + 5, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, a, 6), 0);

	memset(frames, 0, 128 * sizeof(u64));
	KUNIT_EXPECT_EQ(test, map_run(ctx, s.l1, 100, frames, 128, 0), 0L);
	frees = ctx->fb->nr_frees;
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, b, 6), 0);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_frees, frees + 64);
	/* Given back: RAM that is not the domain's. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 100, PTE(b, XENHV_PTE_P)), (long)-XEN_EBUSY);

	/* The chunk comes back with the frames. */
	KUNIT_EXPECT_EQ(test, xenhv_mm_alloc_extent(ctx->d, 6, U64_MAX), a);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 100, PTE(a + 1, PRW)), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 100, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, a, 6), 0);
}

/* @gfn's packed frame word (translate/mm.h), for setting a count near its limit. */
static unsigned long *fi_word(struct kunit *test, struct xenhv_mm_ctx *ctx, u64 gfn)
{
	struct xenhv_frame_chunk *c = xa_load(&ctx->d->mm->frames, gfn >> XENHV_FI_CHUNK_SHIFT);

	KUNIT_ASSERT_NOT_NULL(test, c);
	return &c->fi[gfn % XENHV_FI_PER_CHUNK];
}

/*
 * Each count stops at its maximum: the mapping past it is -EBUSY (Xen's
 * get_page() failing on overflow) and changes nothing, and the other
 * count still moves. A count found at 0 under a writable entry (a table
 * changed behind xenhv's back) stays 0 when the entry goes. The
 * writable type is a count and nothing else in the word.
 */
static void xenhv_pv_frame_count_limits(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	const unsigned long refs_near = (XENHV_FI_REFS_MAX - 1) << XENHV_FI_REFS_SHIFT;
	const unsigned long count_near = (XENHV_FI_COUNT_MAX - 1) << XENHV_FI_COUNT_SHIFT;
	struct xenhv_space s;
	unsigned long *w;
	u64 x;

	build(test, ctx, &s);
	x = frame(test, ctx);
	w = fi_word(test, ctx, x);

	/* References: one below the maximum. */
	*w = XENHV_FI_DATA_FRAME | refs_near;
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, XENHV_PTE_P)), 0L);
	KUNIT_EXPECT_EQ(test, *w, XENHV_FI_DATA_FRAME | XENHV_FI_REFS_MASK);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 21, PTE(x, XENHV_PTE_P)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 21, PTE(x, PRW)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[21], 0ULL);
	KUNIT_EXPECT_EQ(test, *w, XENHV_FI_DATA_FRAME | XENHV_FI_REFS_MASK);
	/*
	 * At the maximum, the entry cannot change its RW either way: Xen gets
	 * the new entry before it puts the old (tests/user/l1e_equiv.c found
	 * the fast path letting it).
	 */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, PRW)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[20], PTE(x, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, *w, XENHV_FI_DATA_FRAME | XENHV_FI_REFS_MASK);
	*w = XENHV_FI_DATA_FRAME | XENHV_FI_COUNT_ONE | XENHV_FI_REFS_MASK;
	pg(ctx, s.l1)[21] = PTE(x, PRW);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 21, PTE(x, XENHV_PTE_P)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[21], PTE(x, PRW));
	pg(ctx, s.l1)[21] = 0;
	*w = XENHV_FI_DATA_FRAME | XENHV_FI_REFS_MASK;
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, 0), 0L);
	KUNIT_EXPECT_EQ(test, *w, XENHV_FI_DATA_FRAME | refs_near);

	/* The writable type count: one below the maximum, references to spare. */
	*w = XENHV_FI_DATA_FRAME | count_near | XENHV_FI_REFS_ONE * 100;
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, PRW)), 0L);
	KUNIT_EXPECT_EQ(test, *w, XENHV_FI_DATA_FRAME | XENHV_FI_COUNT_MASK |
				  XENHV_FI_REFS_ONE * 101);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 21, PTE(x, PRW)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[21], 0ULL);
	/* Write-protecting the entry: only the type count moves. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, XENHV_PTE_P)), 0L);
	KUNIT_EXPECT_EQ(test, *w, XENHV_FI_DATA_FRAME | count_near | XENHV_FI_REFS_ONE * 101);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, PRW)), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 21, PTE(x, XENHV_PTE_P)), 0L);
	KUNIT_EXPECT_EQ(test, *w, XENHV_FI_DATA_FRAME | XENHV_FI_COUNT_MASK |
				  XENHV_FI_REFS_ONE * 102);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 21, 0), 0L);

	/* Corrupted: the last writable entry's reference already gone. */
	*w = XENHV_FI_DATA_FRAME | XENHV_FI_COUNT_ONE;
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, 0), 0L);
	KUNIT_EXPECT_EQ(test, *w, XENHV_FI_DATA_FRAME);

	/* A first writable mapping and the last: only the counts move. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, PRW)), 0L);
	KUNIT_EXPECT_EQ(test, *w, XENHV_FI_DATA_FRAME | XENHV_FI_COUNT_ONE | XENHV_FI_REFS_ONE);
	/* Corrupted: the writable type count already 0 under a writable entry. */
	*w = XENHV_FI_DATA_FRAME | XENHV_FI_REFS_ONE;
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, 0), 0L);
	KUNIT_EXPECT_EQ(test, *w, XENHV_FI_DATA_FRAME);
	/* Once no count holds, the frame can take a table's type. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, x, 0), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 20, PTE(x, PRW)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_UNPIN_TABLE, x, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, x, 0), 0);
}

/*
 * A writable entry rewritten to name another frame, writable too (the
 * remap's fast path): the new frame's counts go up and the old frame's
 * down, exactly; with high flag bits as Linux sets them. Where the fast
 * path does not hold, the general get and put give Xen's answer and
 * change nothing on failure: the new frame at a count's limit or a
 * table (-EBUSY), not the domain's (-EBUSY); the old frame's count found
 * at 0 under the writable entry stays at 0.
 */
static void xenhv_pv_mmu_update_remap(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	const unsigned long refs_max = XENHV_FI_REFS_MASK;
	const unsigned long count_max = XENHV_FI_COUNT_MASK;
	const u64 nx = PRW | XENHV_PTE_NX | XENHV_PTE_US | XENHV_PTE_A | XENHV_PTE_D;
	const unsigned long one = XENHV_FI_COUNT_ONE | XENHV_FI_REFS_ONE;
	unsigned long *wx, *wy, *wz;
	struct xenhv_space s;
	u64 x, y, z;

	build(test, ctx, &s);
	x = frame(test, ctx);
	y = frame(test, ctx);
	z = frame(test, ctx);
	wx = fi_word(test, ctx, x);
	wy = fi_word(test, ctx, y);
	wz = fi_word(test, ctx, z);

	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 30, PTE(x, nx)), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 31, PTE(x, PRW)), 0L);
	KUNIT_EXPECT_EQ(test, *wx, XENHV_FI_DATA_FRAME | 2 * one);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 30, PTE(y, nx | XENHV_PTE_G)), 0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[30], PTE(y, nx));
	KUNIT_EXPECT_EQ(test, *wx, XENHV_FI_DATA_FRAME | one);
	KUNIT_EXPECT_EQ(test, *wy, XENHV_FI_DATA_FRAME | one);

	/* The new frame at each limit: -EBUSY, the entry and both words as they were. */
	*wz = XENHV_FI_DATA_FRAME | count_max | XENHV_FI_REFS_ONE * 5;
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 30, PTE(z, nx)), (long)-XEN_EBUSY);
	*wz = XENHV_FI_DATA_FRAME | XENHV_FI_COUNT_ONE | refs_max;
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 30, PTE(z, nx)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[30], PTE(y, nx));
	KUNIT_EXPECT_EQ(test, *wy, XENHV_FI_DATA_FRAME | one);
	KUNIT_EXPECT_EQ(test, *wz, XENHV_FI_DATA_FRAME | XENHV_FI_COUNT_ONE | refs_max);
	*wz = XENHV_FI_DATA_FRAME;

	/* A table is never mapped writable; RAM not the domain's is not mapped. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, z, 0), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 30, PTE(z, PRW)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_UNPIN_TABLE, z, 0), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 30, PTE(3, PRW)), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, *wy, XENHV_FI_DATA_FRAME | one);

	/* The old frame's type count already 0 (corrupted): it stays 0. */
	*wy = XENHV_FI_DATA_FRAME | XENHV_FI_REFS_ONE;
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 30, PTE(z, PRW)), 0L);
	KUNIT_EXPECT_EQ(test, *wy, XENHV_FI_DATA_FRAME);
	KUNIT_EXPECT_EQ(test, *wz, XENHV_FI_DATA_FRAME | one);

	/* Every reference back: all three frames can be given back. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 30, 0), 0L);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 31, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, x, 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, y, 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, z, 0), 0);
}

/*
 * Linux's PROT_NONE entry: not present, bit 8 (_PAGE_PROTNONE, G's bit)
 * set, the frame bits inverted (its L1TF mitigation). Xen adjusts only
 * present L1 entries (adjust_guest_l1e()), so a non-present entry is
 * written as the guest gave it, by a single request, by a run and by
 * PRESERVE_AD; the references of the present entry it replaces go. A
 * present entry still loses G. Without that rule mprotect(PROT_NONE)
 * would turn the page into what Linux reads as a swap entry.
 */
static void xenhv_pv_l1_protnone_kept(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	const u64 none = XENHV_PTE_G | XENHV_PTE_A | XENHV_PTE_NX;
	struct xenhv_space s;
	u32 done;
	u64 x, pn;

	build(test, ctx, &s);
	x = frame(test, ctx);
	pn = (~(x << PAGE_SHIFT) & XENHV_PTE_FRAME) | none;

	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 40, PTE(x, PRW | XENHV_PTE_G)), 0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[40], PTE(x, PRW));
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 40, pn), 0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[40], pn);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, x, 0), 0);

	/* A run of two, then PRESERVE_AD over a present entry with A and D set. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 43, PTE(x, PRW | XENHV_PTE_A | XENHV_PTE_D)), 0L);
	put_req(ctx, 0, (s.l1 << PAGE_SHIFT) + 41 * 8, pn);
	put_req(ctx, 1, (s.l1 << PAGE_SHIFT) + 42 * 8, pn ^ XENHV_PTE_NX);
	put_req(ctx, 2, ((s.l1 << PAGE_SHIFT) + 43 * 8) | MMU_PT_UPDATE_PRESERVE_AD, pn);
	KUNIT_EXPECT_EQ(test, mmun(ctx, gva(ctx, OPS_OFF), 3, &done), 0L);
	KUNIT_EXPECT_EQ(test, done, 3U);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[41], pn);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[42], pn ^ XENHV_PTE_NX);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[43], pn | XENHV_PTE_D);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, x, 0), 0);

	/* Made accessible again: a present entry, the frame referenced, G dropped. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 40, PTE(x, PRW | XENHV_PTE_G)), 0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[40], PTE(x, PRW));
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, x, 0), -XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 40, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_mm_release_extent(ctx->d, x, 0), 0);
}

/* Another vCPU, between two batches: the L2 entry over the test's L1 goes. */
static void drop_l1_type(struct xenhv_fake_backend *fb)
{
	struct xenhv_mm_ctx *ctx = fb->hook_arg;
	u64 r[2] = {};

	/* The L2 entry's address, which the test left at ARG_OFF. */
	memcpy(&r[0], ctx->fb->mem + ARG_OFF, sizeof(r[0]));
	memcpy(ctx->fb->mem + LIST2_OFF, r, sizeof(r));
	xenhv_fake_mmu_update(ctx->d, gva(ctx, LIST2_OFF), 1, 0, DOMID_SELF);
}

/*
 * A run of L1 requests goes on into the next batch only if its table is
 * still an L1 table when the lock is taken again: here it stopped being
 * one in between, so the next request writes plain memory (a frame not
 * the domain's is no longer refused).
 */
static void xenhv_pv_mmu_update_run_across_batches(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	struct xenhv_space s;
	unsigned int i;
	u64 l2e;

	build(test, ctx, &s);
	for (i = 0; i < XENHV_MMU_BATCH; i++)
		put_req(ctx, i, (s.l1 << PAGE_SHIFT) + (100 + i) * 8, PTE(s.data, XENHV_PTE_P));
	/* The first request of the second batch. */
	put_req(ctx, XENHV_MMU_BATCH, (s.l1 << PAGE_SHIFT) + 200 * 8, PTE(3, XENHV_PTE_P));
	l2e = s.l2 << PAGE_SHIFT;
	memcpy(ctx->fb->mem + ARG_OFF, &l2e, sizeof(l2e));
	ctx->fb->hook_arg = ctx;
	ctx->fb->on_preempt_check = drop_l1_type;
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF),
						    XENHV_MMU_BATCH + 1, 0, DOMID_SELF), 0L);
	KUNIT_EXPECT_PTR_EQ(test, ctx->fb->on_preempt_check, NULL);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l2)[0], 0ULL);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[115], PTE(s.data, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[200], PTE(3, XENHV_PTE_P));
}

/*
 * A run of L1 requests ends at the first request for another table or
 * with another command, even where the request's ptr is within a few
 * bytes of the run's: the next frame's first entry, the previous frame's
 * last, the same table with PRESERVE_AD, MACHPHYS or a command Xen does
 * not know. Frame 3 is not the domain's, so only a plain write of a
 * table not in use takes it.
 */
static void xenhv_pv_mmu_update_run_ends(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	struct xenhv_space s;
	u64 a, t;
	u32 done;

	build(test, ctx, &s);
	a = xenhv_mm_alloc_extent(ctx->d, 2, U64_MAX);
	KUNIT_ASSERT_NE(test, a, XENHV_NO_FRAME);
	t = a + 1;
	KUNIT_ASSERT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, t, 0), 0L);

	/* The table's last entry, then the next frame's first: plain memory. */
	put_req(ctx, 0, (t << PAGE_SHIFT) + 510 * 8, PTE(s.data, XENHV_PTE_P));
	put_req(ctx, 1, (t << PAGE_SHIFT) + 511 * 8, PTE(s.data, XENHV_PTE_P));
	put_req(ctx, 2, (t + 1) << PAGE_SHIFT, PTE(3, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, mmun(ctx, gva(ctx, OPS_OFF), 3, &done), 0L);
	KUNIT_EXPECT_EQ(test, done, 3U);
	KUNIT_EXPECT_EQ(test, pg(ctx, t + 1)[0], PTE(3, XENHV_PTE_P));
	/* The table's first entry, then the previous frame's last. */
	put_req(ctx, 0, (t << PAGE_SHIFT) + 1 * 8, PTE(s.data, XENHV_PTE_P));
	put_req(ctx, 1, t << PAGE_SHIFT, PTE(s.data, XENHV_PTE_P));
	put_req(ctx, 2, (a << PAGE_SHIFT) + 511 * 8, PTE(3, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, mmun(ctx, gva(ctx, OPS_OFF), 3, &done), 0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, a)[511], PTE(3, XENHV_PTE_P));
	/* And an entry of the table past the run is still checked. */
	put_req(ctx, 0, (t << PAGE_SHIFT) + 2 * 8, PTE(s.data, XENHV_PTE_P));
	put_req(ctx, 1, (t << PAGE_SHIFT) + 3 * 8, PTE(3, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, mmun(ctx, gva(ctx, OPS_OFF), 2, &done), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, done, 1U);

	/* PRESERVE_AD after NORMAL keeps A/D; NORMAL after it does not. */
	pg(ctx, t)[10] |= XENHV_PTE_A | XENHV_PTE_D;
	pg(ctx, t)[11] |= XENHV_PTE_A | XENHV_PTE_D;
	put_req(ctx, 0, (t << PAGE_SHIFT) + 9 * 8, PTE(s.data, XENHV_PTE_P));
	put_req(ctx, 1, ((t << PAGE_SHIFT) + 10 * 8) | MMU_PT_UPDATE_PRESERVE_AD,
		PTE(s.data, XENHV_PTE_P));
	put_req(ctx, 2, (t << PAGE_SHIFT) + 11 * 8, PTE(s.data, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, mmun(ctx, gva(ctx, OPS_OFF), 3, &done), 0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, t)[10],
			PTE(s.data, XENHV_PTE_P | XENHV_PTE_A | XENHV_PTE_D));
	KUNIT_EXPECT_EQ(test, pg(ctx, t)[11], PTE(s.data, XENHV_PTE_P));

	/* MACHPHYS on the run's table writes no entry; command 4 is -ENOSYS. */
	put_req(ctx, 0, (t << PAGE_SHIFT) + 12 * 8, PTE(s.data, XENHV_PTE_P));
	put_req(ctx, 1, ((t << PAGE_SHIFT) + 13 * 8) | MMU_MACHPHYS_UPDATE,
		PTE(s.data, XENHV_PTE_P));
	put_req(ctx, 2, (t << PAGE_SHIFT) + 14 * 8, PTE(s.data, XENHV_PTE_P));
	put_req(ctx, 3, ((t << PAGE_SHIFT) + 15 * 8) | 4, PTE(s.data, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, mmun(ctx, gva(ctx, OPS_OFF), 4, &done), (long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, done, 3U);
	KUNIT_EXPECT_EQ(test, pg(ctx, t)[13], 0ULL);
	KUNIT_EXPECT_EQ(test, pg(ctx, t)[14], PTE(s.data, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, pg(ctx, t)[15], 0ULL);
}

/* mmu_update's batch: success count, commands, owners, PRESERVE_AD, the probe. */
static void xenhv_pv_mmu_update_batch(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	struct xenhv_space s;
	u64 plain;
	u32 done;

	build(test, ctx, &s);
	plain = frame(test, ctx);
	put_req(ctx, 0, (s.l1 << PAGE_SHIFT) + 9 * 8, PTE(s.data, XENHV_PTE_P));
	put_req(ctx, 1, (s.l1 << PAGE_SHIFT) + 10 * 8, PTE(3, XENHV_PTE_P));
	put_req(ctx, 2, (s.l1 << PAGE_SHIFT) + 11 * 8, PTE(s.data, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, mmun(ctx, gva(ctx, OPS_OFF), 3, &done), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, done, 1U);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[9], PTE(s.data, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[11], 0ULL);
	/* A frame that is no table in use is plain memory: written as is. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, plain, 3, 0x1234567ULL), 0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, plain)[3], 0x1234567ULL);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, 3, 0, 1), (long)-XEN_EINVAL);	/* not owned */
	/* cmd = ptr & 7: 1 MACHPHYS (owned frame), 4-7 -ENOSYS. */
	put_req(ctx, 0, (plain << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 77);
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_SELF),
			0L);
	put_req(ctx, 0, (3ULL << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 77);
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_SELF),
			(long)-XEN_EINVAL);
	put_req(ctx, 0, (plain << PAGE_SHIFT) | 4, 0);
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_SELF),
			(long)-XEN_ENOSYS);
	/* Owners: DOMID_XEN fails XSM; own id and unknown ids -ESRCH (pdone written). */
	put_req(ctx, 0, (s.l1 << PAGE_SHIFT) + 12 * 8, 0);
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_XEN),
			(long)-XEN_EPERM);
	done = 9;
	memcpy(ctx->fb->mem + DONE_OFF, &done, sizeof(done));
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1,
						    gva(ctx, DONE_OFF), 1),
			(long)-XEN_ESRCH);
	memcpy(&done, ctx->fb->mem + DONE_OFF, sizeof(done));
	KUNIT_EXPECT_EQ(test, done, 0U);
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0,
						    (5 << 16) | DOMID_SELF),
			(long)-XEN_ESRCH);
	/* pt owner = own id + 1 is this domain. */
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0,
						    (2 << 16) | DOMID_SELF), 0L);
	/*
	 * DOMID_IO, in mod_l1_entry()'s order: a disallowed flag -EINVAL;
	 * fast-path bits on the same frame change; then no frame is
	 * DOMID_IO's: the domain's RAM -EBUSY (XSM), I/O memory -EPERM,
	 * INVALID_MFN -EINVAL.
	 */
	put_req(ctx, 0, (s.l1 << PAGE_SHIFT) + 12 * 8, PTE(s.data, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_IO),
			(long)-XEN_EBUSY);
	put_req(ctx, 0, (s.l1 << PAGE_SHIFT) + 12 * 8, PTE(1000, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_IO),
			(long)-XEN_EPERM);
	put_req(ctx, 0, (s.l1 << PAGE_SHIFT) + 12 * 8, PTE(0xffffffffffULL, XENHV_PTE_P));
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_IO),
			(long)-XEN_EINVAL);
	put_req(ctx, 0, (s.l1 << PAGE_SHIFT) + 12 * 8, PTE(1000, XENHV_PTE_P | XENHV_PTE_PCD));
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_IO),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[12], 0ULL);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 12, PTE(s.data, XENHV_PTE_P)), 0L);
	put_req(ctx, 0, (s.l1 << PAGE_SHIFT) + 12 * 8,
		PTE(s.data, XENHV_PTE_P | XENHV_PTE_A | XENHV_PTE_NX | XENHV_PTE_G));
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_IO),
			0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[12],
			PTE(s.data, XENHV_PTE_P | XENHV_PTE_A | XENHV_PTE_NX));
	put_req(ctx, 0, (s.l1 << PAGE_SHIFT) + 12 * 8, PTE(s.data, PRW));
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_IO),
			(long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 12, 0), 0L);
	/* PRESERVE_AD keeps what the hardware set. */
	pg(ctx, s.l1)[9] |= XENHV_PTE_A | XENHV_PTE_D;
	put_req(ctx, 0, ((s.l1 << PAGE_SHIFT) + 9 * 8) | MMU_PT_UPDATE_PRESERVE_AD,
		PTE(s.data, XENHV_PTE_P | XENHV_PTE_NX));
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, gva(ctx, OPS_OFF), 1, 0, DOMID_SELF),
			0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[9],
			PTE(s.data, XENHV_PTE_P | XENHV_PTE_NX | XENHV_PTE_A | XENHV_PTE_D));
	/* The continuation probe; an unreadable list. */
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, 0, XENHV_MMU_UPDATE_PREEMPTED, 0, 7),
			7L);
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, BAD, 0x7fffffff, 0, DOMID_SELF),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

/* Flushes go to the vCPUs on the domain's tables; L1 updates leave them to the guest. */
static void xenhv_pv_flushes_follow_dirty_vcpus(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	struct xenhv_space s;
	u64 l1b;

	build(test, ctx, &s);
	l1b = frame(test, ctx);
	enter(test, ctx, &s, 1);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l1, 9, PTE(s.data, XENHV_PTE_P)), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
	/* An L2 change: one space flush, non-global entries only, on vCPU 1. */
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l2, 1, PTE(l1b, PRW)), 0L);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, code(ctx, 0), (u16)HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE);
	KUNIT_EXPECT_EQ(test, ((u64 *)ctx->fb->log[0].in)[1],
			(u64)(HV_FLUSH_ALL_VIRTUAL_ADDRESS_SPACES | HV_FLUSH_NON_GLOBAL_MAPPINGS_ONLY));
	KUNIT_EXPECT_EQ(test, ((u64 *)ctx->fb->log[0].in)[2], BIT_ULL(4));	/* VP 4 */
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_local_flushes, 0U);	/* vCPU 0 is not inside */
	/* vCPU 1 back on the kernel's tables: nothing to flush anywhere. */
	leave(ctx, 1);
	KUNIT_EXPECT_EQ(test, ctx->fb->cr3[1], 0xc3000ULL);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l2, 1, 0), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);
	/* The caller itself inside: a local flush, still no hypercall. */
	enter(test, ctx, &s, 0);
	KUNIT_EXPECT_EQ(test, mmu1(ctx, s.l2, 1, PTE(l1b, PRW)), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_local_flushes, 1U);
	KUNIT_EXPECT_TRUE(test, ctx->fb->last_local_full);
	leave(ctx, 0);
}

static long uvm(struct xenhv_mm_ctx *ctx, u64 va, u64 val, unsigned long flags)
{
	return xenhv_update_va_mapping(ctx->d, va, val, flags, DOMID_SELF, false);
}

static void xenhv_pv_update_va_mapping(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	struct xenhv_space s;
	u64 data2;

	build(test, ctx, &s);
	data2 = frame(test, ctx);
	/* No base pointer yet on vCPU 0. */
	KUNIT_EXPECT_EQ(test, uvm(ctx, VA, 0, UVMF_NONE), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_NEW_BASEPTR, s.l4, 0), 0L);
	enter(test, ctx, &s, 1);
	/* INVLPG on every dirty vCPU: one list flush of one page, for VP 4. */
	KUNIT_EXPECT_EQ(test, uvm(ctx, VA, PTE(data2, PRW), UVMF_INVLPG | UVMF_ALL), 0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[VA >> PAGE_SHIFT], PTE(data2, PRW));
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, code(ctx, 0), (u16)HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST);
	KUNIT_EXPECT_EQ(test, reps(ctx, 0), 1U);
	KUNIT_EXPECT_EQ(test, ((u64 *)ctx->fb->log[0].in)[3], VA);
	/* The old frame is free of its mapping now. */
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, s.data, 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, data2, 0), -XEN_EBUSY);
	/* LOCAL: this vCPU only, no hypercall. */
	KUNIT_EXPECT_EQ(test, uvm(ctx, VA, PTE(s.data, PRW), UVMF_TLB_FLUSH | UVMF_LOCAL), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_local_flushes, 1U);
	/* A vCPU bitmap: vCPU 1's VP. A bad bitmap: -EFAULT, entry already written. */
	KUNIT_EXPECT_EQ(test, uvm(ctx, VA, PTE(data2, PRW), UVMF_INVLPG | vcpumask(ctx, BIT(1))),
			0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 2U);
	KUNIT_EXPECT_EQ(test, uvm(ctx, VA, PTE(s.data, PRW), UVMF_INVLPG | (BAD << 3)),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[VA >> PAGE_SHIFT], PTE(s.data, PRW));
	/* Bad addresses and entries: -EINVAL, nothing flushed. */
	KUNIT_EXPECT_EQ(test, uvm(ctx, 1ULL << 47, 0, UVMF_INVLPG | UVMF_ALL), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, uvm(ctx, 0xffff800000000000ULL, 0, UVMF_NONE), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, uvm(ctx, 1ULL << 30, 0, UVMF_NONE), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, uvm(ctx, VA, PTE(3, PRW), UVMF_INVLPG | UVMF_ALL),
			(long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 2U);
	/* The other-domain form: own id -ESRCH, DOMID_IO -EPERM, DOMID_SELF fine. */
	KUNIT_EXPECT_EQ(test, xenhv_update_va_mapping(ctx->d, VA, 0, 0, 1, true),
			(long)-XEN_ESRCH);
	KUNIT_EXPECT_EQ(test, xenhv_update_va_mapping(ctx->d, VA, 0, 0, DOMID_IO, true),
			(long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, xenhv_update_va_mapping(ctx->d, VA, 0, 0, DOMID_SELF, true), 0L);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[VA >> PAGE_SHIFT], 0ULL);
	leave(ctx, 1);
}

/* NEW_BASEPTR / NEW_USER_BASEPTR / SET_LDT / CLEAR_PAGE / COPY_PAGE. */
static void xenhv_pv_baseptr_ldt_and_pages(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	struct xenhv_space s, t;
	u8 *src, *dst;

	build(test, ctx, &s);
	build(test, ctx, &t);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_NEW_BASEPTR, 3, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_NEW_BASEPTR, s.l1, 0), (long)-XEN_EINVAL);
	enter(test, ctx, &s, 0);
	/* Switching while inside loads the new root at once. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_NEW_BASEPTR, t.l4, 0), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->cr3[0], t.l4 << PAGE_SHIFT);
	/* s's root lost its base reference: unpinned, it is plain memory again. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_UNPIN_TABLE, s.l4, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, s.l4, 0), 0);
	/* t's root is held by the base pointer even unpinned. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_UNPIN_TABLE, t.l4, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, t.l4, 0), -XEN_EBUSY);
	leave(ctx, 0);
	/* The user root: any L4; 0 clears it. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_NEW_USER_BASEPTR, t.l1, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_NEW_USER_BASEPTR, t.l4, 0), 0L);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_NEW_USER_BASEPTR, 0, 0), 0L);
	/* SET_LDT: at most 8192 entries, page aligned, in the guest's half. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_SET_LDT, 0x10000, 8193), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_SET_LDT, 0x10008, 16), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_SET_LDT, 1ULL << 47, 16), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_SET_LDT, 0x10000, 16), 0L);
	KUNIT_EXPECT_EQ(test, ctx->d->mm->vcpu[0].ldt_ents, 16U);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_SET_LDT, BAD, 0), 0L);
	KUNIT_EXPECT_EQ(test, ctx->d->mm->vcpu[0].ldt_base, 0ULL);
	/* COPY_PAGE from a table is fine; onto a table in use, or unowned, -EINVAL. */
	src = (u8 *)pg(ctx, t.l1);
	dst = (u8 *)pg(ctx, s.data);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_COPY_PAGE, s.data, t.l1), 0L);
	KUNIT_EXPECT_EQ(test, memcmp(dst, src, PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_COPY_PAGE, t.l1, s.data), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_COPY_PAGE, s.data, 3), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_CLEAR_PAGE, t.l2, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_CLEAR_PAGE, 3, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_CLEAR_PAGE, s.data, 0), 0L);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(dst, 0, PAGE_SIZE));
}

/* ---- xenhv_mmuext: TLB commands and what they cost on Hyper-V ---- */

static void xenhv_mmuext_invlpg_coalescing(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	unsigned long m = vcpumask(ctx, BIT(0) | BIT(1));
	struct xenhv_space s;
	unsigned int i;
	u32 done;

	build(test, ctx, &s);
	/* vCPU 1 holds none of the domain's translations: nothing to do. */
	for (i = 0; i < 8; i++)
		put_op(ctx, i, MMUEXT_INVLPG_MULTI, 0x700000000000ULL + i * 0x1000, m);
	KUNIT_EXPECT_EQ(test, extn(ctx, 8, &done), 0L);
	KUNIT_EXPECT_EQ(test, done, 8U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_local_flushes, 1U);	/* vCPU 0 is named */
	KUNIT_EXPECT_EQ(test, ctx->fb->last_local_nr, 8U);
	/* Inside: 8 INVLPGs, one list flush with 8 entries. */
	enter(test, ctx, &s, 1);
	for (i = 0; i < 8; i++)
		put_op(ctx, i, MMUEXT_INVLPG_MULTI, 0x700000000000ULL + i * 0x1000, m);
	KUNIT_EXPECT_EQ(test, extn(ctx, 8, &done), 0L);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, code(ctx, 0), (u16)HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST);
	KUNIT_EXPECT_EQ(test, reps(ctx, 0), 8U);
	/* Past the threshold: one space flush. */
	for (i = 0; i < XENHV_FLUSH_LIST_MAX + 5; i++)
		put_op(ctx, i, MMUEXT_INVLPG_MULTI, i * 0x1000ULL, m);
	KUNIT_EXPECT_EQ(test, extn(ctx, XENHV_FLUSH_LIST_MAX + 5, &done), 0L);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 2U);
	KUNIT_EXPECT_EQ(test, code(ctx, 1), (u16)HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE);
	/* TLB_FLUSH_ALL + INVLPG_ALL: the dirty vCPUs, once. */
	put_op(ctx, 0, MMUEXT_TLB_FLUSH_ALL, 0, 0);
	put_op(ctx, 1, MMUEXT_INVLPG_ALL, 0x1000, 0);
	KUNIT_EXPECT_EQ(test, extn(ctx, 2, &done), 0L);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 3U);
	KUNIT_EXPECT_EQ(test, code(ctx, 2), (u16)HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE);
	KUNIT_EXPECT_EQ(test, ((u64 *)ctx->fb->log[2].in)[2], BIT_ULL(4));
	/* A VP index of 64 or more: the _Ex form with a sparse set. */
	ctx->fb->vps[1].index = 70;
	put_op(ctx, 0, MMUEXT_INVLPG_ALL, 0x1000, 0);
	KUNIT_EXPECT_EQ(test, extn(ctx, 1, &done), 0L);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 4U);
	KUNIT_EXPECT_EQ(test, code(ctx, 3), (u16)HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST_EX);
	KUNIT_EXPECT_EQ(test, ((u64 *)ctx->fb->log[3].in)[3], BIT_ULL(1));	/* bank 1 */
	/* The caller's own vCPU only: no hypercall; an address not the guest's: nothing. */
	put_op(ctx, 0, MMUEXT_INVLPG_LOCAL, 0x5000, 0);
	put_op(ctx, 1, MMUEXT_INVLPG_LOCAL, 0x9000000000000000ULL, 0);
	put_op(ctx, 2, MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
	KUNIT_EXPECT_EQ(test, extn(ctx, 3, &done), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 4U);
	KUNIT_EXPECT_TRUE(test, ctx->fb->last_local_full);
	leave(ctx, 1);
}

/* Failing ops, *pdone, and continuations through the dispatcher. */
static void xenhv_mmuext_errors_and_continuations(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	static const struct { u32 cmd; long rc; } refusals[] = {
		{ MMUEXT_FLUSH_CACHE, -XEN_EACCES }, { MMUEXT_FLUSH_CACHE_GLOBAL, -XEN_EINVAL },
		{ 19, -XEN_EOPNOTSUPP }, { 20, -XEN_EOPNOTSUPP }, { 14, -XEN_ENOSYS },
		{ 99, -XEN_ENOSYS }, { MMUEXT_PIN_L1_TABLE, -XEN_EINVAL },
		{ MMUEXT_UNPIN_TABLE, -XEN_EINVAL },
	};
	unsigned long a[5];
	unsigned int i;
	u64 calls, errors;
	u32 done;

	put_op(ctx, 0, MMUEXT_INVLPG_LOCAL, 0x5000, 0);
	put_op(ctx, 1, MMUEXT_INVLPG_MULTI, 0x6000, BAD);	/* unreadable vcpumask */
	KUNIT_EXPECT_EQ(test, extn(ctx, 2, &done), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, done, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_local_flushes, 1U);	/* the first op's flush */
	for (i = 0; i < ARRAY_SIZE(refusals); i++) {
		put_op(ctx, 0, refusals[i].cmd, 3, 0);
		KUNIT_EXPECT_EQ_MSG(test, extn(ctx, 1, &done), refusals[i].rc, "cmd %u",
				    refusals[i].cmd);
		KUNIT_EXPECT_EQ(test, done, 0U);
	}
	/* The continuation probe returns foreigndom whole, an unsigned int in Xen. */
	a[0] = 0;
	a[1] = XENHV_MMU_UPDATE_PREEMPTED;
	a[2] = 0;
	a[3] = 0x12345;
	KUNIT_EXPECT_EQ(test, xenhv_mmuext_op(ctx->d, a), 0x12345L);
	/* count | PREEMPTED resumes the running count in *pdone. */
	put_op(ctx, 0, MMUEXT_INVLPG_LOCAL, 0x5000, 0);
	done = 5;
	memcpy(ctx->fb->mem + DONE_OFF, &done, sizeof(done));
	KUNIT_EXPECT_EQ(test, extn(ctx, 1 | XENHV_MMU_UPDATE_PREEMPTED, &done), 0L);
	KUNIT_EXPECT_EQ(test, done, 6U);

	/* The CPU is wanted every 3rd check: Xen's continuation, rewritten arguments. */
	for (i = 0; i < 10; i++)
		put_op(ctx, i, MMUEXT_INVLPG_LOCAL, 0x5000 + i * 0x1000, 0);
	ctx->fb->preempt_every = 3;
	list_args(ctx, a, 10);
	KUNIT_EXPECT_EQ(test, xenhv_mmuext_op(ctx->d, a), (long)-XENHV_ERESTART);
	KUNIT_EXPECT_EQ(test, a[0], gva(ctx, OPS_OFF) + 3 * sizeof(struct mop));
	KUNIT_EXPECT_EQ(test, a[1], 7UL | XENHV_MMU_UPDATE_PREEMPTED);
	memcpy(&done, ctx->fb->mem + DONE_OFF, sizeof(done));
	KUNIT_EXPECT_EQ(test, done, 3U);
	/* Through the dispatcher the guest sees one call that did all 10. */
	list_args(ctx, a, 10);
	ctx->fb->nr_preempt_checks = 0;
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_mmuext_op, a), 0L);
	memcpy(&done, ctx->fb->mem + DONE_OFF, sizeof(done));
	KUNIT_EXPECT_EQ(test, done, 10U);
	/* 3 + 3 + 3 ops, then the last one: 9 checks, 3 continuations. */
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_preempt_checks, 9U);
	xenhv_hcall_stats_sum(&ctx->disp, __HYPERVISOR_mmuext_op, &calls, &errors);
	KUNIT_EXPECT_EQ(test, calls, 1ULL);
	KUNIT_EXPECT_EQ(test, errors, 0ULL);
	calls = 0;
	for_each_possible_cpu(i)
		calls += per_cpu_ptr(ctx->disp.stats, i)->continuations;
	KUNIT_EXPECT_EQ(test, calls, 3ULL);
}

struct mc_entry {
	unsigned long op, result, args[6];
};

/* A run of MMU entries in a multicall flushes once; any other entry ends the run. */
static void xenhv_mmuext_multicall_coalesces(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	struct mc_entry mc[4] = {};
	unsigned long args[5] = { gva(ctx, MC_OFF), 3 };
	struct xenhv_space s;
	u64 data2;

	build(test, ctx, &s);
	data2 = frame(test, ctx);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_NEW_BASEPTR, s.l4, 0), 0L);
	enter(test, ctx, &s, 1);
	put_op(ctx, 0, MMUEXT_INVLPG_ALL, 0x6000, 0);
	put_req(ctx, 4, (s.l1 << PAGE_SHIFT) + 7 * 8, PTE(data2, XENHV_PTE_P));
	mc[0] = (struct mc_entry){ __HYPERVISOR_update_va_mapping, 1,
				   { VA, PTE(data2, PRW), UVMF_INVLPG | UVMF_ALL } };
	mc[1] = (struct mc_entry){ __HYPERVISOR_mmuext_op, 1,
				   { gva(ctx, OPS_OFF), 1, 0, DOMID_SELF } };
	mc[2] = (struct mc_entry){ __HYPERVISOR_mmu_update, 1,
				   { gva(ctx, OPS_OFF + 64), 1, 0, DOMID_SELF } };
	memcpy(ctx->fb->mem + MC_OFF, mc, sizeof(mc));
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_multicall, args), 0L);
	memcpy(mc, ctx->fb->mem + MC_OFF, sizeof(mc));
	KUNIT_EXPECT_EQ(test, mc[0].result, 0UL);
	KUNIT_EXPECT_EQ(test, mc[1].result, 0UL);
	KUNIT_EXPECT_EQ(test, mc[2].result, 0UL);
	KUNIT_EXPECT_EQ(test, pg(ctx, s.l1)[7], PTE(data2, XENHV_PTE_P));
	/* Two pages from two entries: one list flush of 2. */
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, code(ctx, 0), (u16)HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST);
	KUNIT_EXPECT_EQ(test, reps(ctx, 0), 2U);
	/* An event or version call between them: the run's flush goes first. */
	mc[1] = (struct mc_entry){ __HYPERVISOR_xen_version, 1, { XENVER_version } };
	mc[2] = (struct mc_entry){ __HYPERVISOR_update_va_mapping, 1,
				   { VA, PTE(s.data, PRW), UVMF_INVLPG | UVMF_ALL } };
	memcpy(ctx->fb->mem + MC_OFF, mc, sizeof(mc));
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_multicall, args), 0L);
	memcpy(mc, ctx->fb->mem + MC_OFF, sizeof(mc));
	KUNIT_EXPECT_EQ(test, mc[1].result, (unsigned long)((4 << 16) | 17));
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 3U);
	/* A sub-call continuation inside a multicall: the entry is rewritten and finished. */
	ctx->fb->preempt_every = 2;
	put_op(ctx, 0, MMUEXT_INVLPG_LOCAL, 0x5000, 0);
	put_op(ctx, 1, MMUEXT_INVLPG_LOCAL, 0x6000, 0);
	put_op(ctx, 2, MMUEXT_INVLPG_LOCAL, 0x7000, 0);
	mc[0] = (struct mc_entry){ __HYPERVISOR_mmuext_op, 1,
				   { gva(ctx, OPS_OFF), 3, gva(ctx, DONE_OFF), DOMID_SELF } };
	memcpy(ctx->fb->mem + MC_OFF, mc, sizeof(mc));
	memset(ctx->fb->mem + DONE_OFF, 0, 4);
	args[1] = 1;
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_multicall, args), 0L);
	memcpy(mc, ctx->fb->mem + MC_OFF, sizeof(mc));
	KUNIT_EXPECT_EQ(test, mc[0].result, 0UL);
	KUNIT_EXPECT_EQ(test, mc[0].args[1] & XENHV_MMU_UPDATE_PREEMPTED,
			(unsigned long)XENHV_MMU_UPDATE_PREEMPTED);
	KUNIT_EXPECT_EQ(test, *(u32 *)(ctx->fb->mem + DONE_OFF), 3U);
	leave(ctx, 1);
}

/* Hostile input: nothing mapped, nothing leaked, no Hyper-V call. */
static void xenhv_pv_hostile_input(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	struct xenhv_space s;
	unsigned int i;
	u64 loop;

	build(test, ctx, &s);
	/* An L3 whose entry names the root that holds it: a type loop, -EINVAL. */
	loop = frame(test, ctx);
	pg(ctx, loop)[0] = PTE(loop, PRW);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L4_TABLE, loop, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L3_TABLE, loop, 0), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L2_TABLE, loop, 0), (long)-XEN_EINVAL);
	/* ...but as an L1 it is just a read-write mapping of a plain page: -EBUSY (itself). */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, loop, 0), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, loop, 0), 0);
	/* Frames past any RAM, all-ones frames, huge counts on an unreadable list. */
	for (i = 0; i < 4; i++) {
		static const u64 frames[] = { 1ULL << 40, ~0ULL >> 12, 64, 1000 };

		KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, frames[i], 0),
				(long)-XEN_EINVAL);
		KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_NEW_BASEPTR, frames[i], 0),
				(long)-XEN_EINVAL);
		KUNIT_EXPECT_EQ(test, mmu1(ctx, frames[i] & ((1ULL << 40) - 1), 0, 0),
				(long)-XEN_EINVAL);
	}
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmuext(ctx->d, BAD, 0x7fffffff, BAD, DOMID_SELF),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, xenhv_fake_mmu_update(ctx->d, 0, 0x7fffffff, BAD, DOMID_SELF),
			(long)-XEN_EFAULT);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
	/* The good tree is intact and comes apart cleanly. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_UNPIN_TABLE, s.l4, 0), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, s.l1, 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, s.data, 0), 0);
}

static struct kunit_case xenhv_pv_mmu_cases[] = {
	KUNIT_CASE(xenhv_pv_pin_promotes_the_tree),
	KUNIT_CASE(xenhv_pv_entry_validation),
	KUNIT_CASE(xenhv_pv_mmu_update_batch),
	KUNIT_CASE(xenhv_pv_mmu_update_long_batches),
	KUNIT_CASE(xenhv_pv_mmu_update_same_frame),
	KUNIT_CASE(xenhv_pv_frame_table_chunks),
	KUNIT_CASE(xenhv_pv_frame_count_limits),
	KUNIT_CASE(xenhv_pv_mmu_update_remap),
	KUNIT_CASE(xenhv_pv_l1_protnone_kept),
	KUNIT_CASE(xenhv_pv_mmu_update_run_across_batches),
	KUNIT_CASE(xenhv_pv_mmu_update_run_ends),
	KUNIT_CASE(xenhv_pv_flushes_follow_dirty_vcpus),
	KUNIT_CASE(xenhv_pv_update_va_mapping),
	KUNIT_CASE(xenhv_pv_baseptr_ldt_and_pages),
	KUNIT_CASE(xenhv_pv_hostile_input),
	{}
};

static struct kunit_suite xenhv_pv_mmu_suite = {
	.name = "xenhv_pv_mmu",
	.init = xenhv_mm_test_init,
	.exit = xenhv_mm_test_exit,
	.test_cases = xenhv_pv_mmu_cases,
};

static struct kunit_case xenhv_mmuext_cases[] = {
	KUNIT_CASE(xenhv_mmuext_invlpg_coalescing),
	KUNIT_CASE(xenhv_mmuext_errors_and_continuations),
	KUNIT_CASE(xenhv_mmuext_multicall_coalesces),
	{}
};

static struct kunit_suite xenhv_mmuext_suite = {
	.name = "xenhv_mmuext",
	.init = xenhv_mm_test_init,
	.exit = xenhv_mm_test_exit,
	.test_cases = xenhv_mmuext_cases,
};

/* ---- xenhv_reservation: memory_op's frame-owning sub-ops ---- */

static long resv(struct xenhv_mm_ctx *ctx, unsigned int op, unsigned long list,
		 unsigned long n, unsigned int order, unsigned int bits, domid_t dom)
{
	struct xen_memory_reservation r = {
		.nr_extents = n, .extent_order = order, .address_bits = bits, .domid = dom,
	};

	set_xen_guest_handle(r.extent_start, (xen_pfn_t *)list);
	memcpy(ctx->fb->mem + ARG_OFF, &r, sizeof(r));
	return xenhv_memory_op(ctx->d, op, gva(ctx, ARG_OFF));
}

static u64 *list(struct xenhv_mm_ctx *ctx, size_t off)
{
	return (u64 *)(ctx->fb->mem + off);
}

static void xenhv_resv_increase_decrease_populate(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	unsigned long l = gva(ctx, LIST_OFF);
	u64 *f = list(ctx, LIST_OFF);

	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_increase_reservation, l, 3, 0, 0, DOMID_SELF), 3L);
	KUNIT_EXPECT_NE(test, f[0], f[1]);
	KUNIT_EXPECT_GE(test, f[0], (u64)XENHV_FAKE_FIRST_FREE);
	KUNIT_EXPECT_EQ(test, ctx->d->mm->tot_pages, 3UL);
	/* Owned frames can be tables. */
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_PIN_L1_TABLE, f[2], 0), 0L);
	/* Give back: the pinned one stops the batch (the count says so). */
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_decrease_reservation, l, 3, 0, 0, DOMID_SELF), 2L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_frees, 2U);
	KUNIT_EXPECT_EQ(test, ext1(ctx, MMUEXT_UNPIN_TABLE, f[2], 0), 0L);
	/* Already given back: -ENXIO inside, 0 done. */
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_decrease_reservation, l, 1, 0, 0, DOMID_SELF), 0L);
	f[0] = f[2];
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_decrease_reservation, l, 1, 0, 0, DOMID_SELF), 1L);
	KUNIT_EXPECT_EQ(test, ctx->d->mm->tot_pages, 0UL);
	/* A NULL list is allowed for increase. */
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_increase_reservation, 0, 2, 0, 0, DOMID_SELF), 2L);
	/* populate: gpfns in, frames out; order 1 gives 2-aligned pairs. */
	f[0] = 0x100;
	f[1] = 0x102;
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_populate_physmap, l, 2, 1, 0, DOMID_SELF), 2L);
	KUNIT_EXPECT_EQ(test, f[0] % 2, 0ULL);
	KUNIT_EXPECT_EQ(test, f[1] % 2, 0ULL);
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_decrease_reservation, l, 2, 1, 0, DOMID_SELF), 2L);
	/* The answers that are counts, not errnos. */
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_increase_reservation, l, 1, 10, 0, DOMID_SELF), 0L);
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_increase_reservation, l, 1, 0, 0, 1), 1L);
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_increase_reservation, l, 1, 0, 0, 0), 0L);
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_increase_reservation, l, 1, 0, 12, DOMID_SELF), 0L);
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_increase_reservation, l, 1, 0, 1U << 17,
				   DOMID_SELF), 0L);
	/* address_bits: frames below 2^18 bytes (frame 64) fit the fake; 2^16 does not. */
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_increase_reservation, l, 1, 0, 18, DOMID_SELF), 1L);
	KUNIT_EXPECT_LT(test, f[0], 64ULL);
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_increase_reservation, l, 1, 0, 15, DOMID_SELF), 0L);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_increase_reservation |
					      (5 << 6), gva(ctx, ARG_OFF)), 5L);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_increase_reservation, BAD), 0L);
	/* Out of memory: the count of what was done. */
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_increase_reservation, 0, 100, 0, 0, DOMID_SELF),
			(long)(XENHV_FAKE_RAM_PAGES - XENHV_FAKE_FIRST_FREE - 4));
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_increase_reservation, 0, 1, 0, 0, DOMID_SELF), 0L);
}

/* A continuation of a reservation: cmd carries where to resume. */
static void xenhv_resv_continuation_and_cold_discard(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	struct xenhv_fake_backend *fb = ctx->fb;
	unsigned long a[5];
	u64 *f = list(ctx, LIST_OFF), gfn;

	fb->preempt_every = 2;
	resv(ctx, XENMEM_increase_reservation, gva(ctx, LIST_OFF), 5, 0, 0, DOMID_SELF);
	a[0] = XENMEM_increase_reservation;
	a[1] = gva(ctx, ARG_OFF);
	fb->nr_preempt_checks = 0;
	KUNIT_EXPECT_EQ(test, xenhv_memory_op_args(ctx->d, a), (long)-XENHV_ERESTART);
	KUNIT_EXPECT_EQ(test, a[0], (unsigned long)XENMEM_increase_reservation | (2 << 6));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op_args(ctx->d, a), (long)-XENHV_ERESTART);
	KUNIT_EXPECT_EQ(test, a[0], (unsigned long)XENMEM_increase_reservation | (4 << 6));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op_args(ctx->d, a), 5L);
	KUNIT_EXPECT_EQ(test, ctx->d->mm->tot_pages, 10UL);
	fb->preempt_every = 0;
	/* Without extended hypercalls: no hint, the frame just goes back. */
	KUNIT_EXPECT_FALSE(test, ctx->d->mm->cold_discard);
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_decrease_reservation, gva(ctx, LIST_OFF), 1, 0, 0,
				   DOMID_SELF), 1L);
	KUNIT_EXPECT_EQ(test, fb->nr_calls, 0U);

	/* Hyper-V with the cold-discard capability: one hint per extent. */
	xenhv_mm_destroy(ctx->d);
	fb->be.ext_hypercalls = true;
	fb->hv_out = HV_EXT_CAPABILITY_MEMORY_COLD_DISCARD_HINT;
	KUNIT_ASSERT_EQ(test, xenhv_mm_init(ctx->d), 0);
	KUNIT_EXPECT_TRUE(test, ctx->d->mm->cold_discard);
	KUNIT_ASSERT_EQ(test, fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, code(ctx, 0), (u16)HV_EXT_CALL_QUERY_CAPABILITIES);
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_increase_reservation, gva(ctx, LIST_OFF), 1, 2, 0,
				   DOMID_SELF), 1L);
	gfn = f[0];
	KUNIT_EXPECT_EQ(test, resv(ctx, XENMEM_decrease_reservation, gva(ctx, LIST_OFF), 1, 2, 0,
				   DOMID_SELF), 1L);
	KUNIT_ASSERT_EQ(test, fb->nr_calls, 2U);
	KUNIT_EXPECT_EQ(test, code(ctx, 1), (u16)HV_EXT_CALL_MEMORY_HEAT_HINT);
	KUNIT_EXPECT_EQ(test, reps(ctx, 1), 1U);
	KUNIT_EXPECT_EQ(test, ((u64 *)fb->log[1].in)[0],
			(u64)HV_EXT_MEMORY_HEAT_HINT_TYPE_COLD_DISCARD);
	KUNIT_EXPECT_EQ(test, ((u64 *)fb->log[1].in)[1], (gfn << 12) | 3);	/* 4 pages */
	KUNIT_EXPECT_EQ(test, ctx->d->mm->hints, 1ULL);
	/* A capability query that fails: no hints. */
	xenhv_mm_destroy(ctx->d);
	xenhv_fake_push_status(fb, HV_STATUS_INVALID_HYPERCALL_CODE);
	KUNIT_ASSERT_EQ(test, xenhv_mm_init(ctx->d), 0);
	KUNIT_EXPECT_FALSE(test, ctx->d->mm->cold_discard);
}

static void xenhv_resv_exchange_map_batch(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	struct xen_memory_exchange x = {};
	struct xen_memory_map map = {};
	struct xen_add_to_physmap_range b = {};
	u64 *in = list(ctx, LIST_OFF), *out = list(ctx, LIST2_OFF), e820[6];
	int errs[2];

	/* Two single frames for one 2-frame extent. */
	KUNIT_ASSERT_EQ(test, resv(ctx, XENMEM_increase_reservation, gva(ctx, LIST_OFF), 2, 0, 0,
				   DOMID_SELF), 2L);
	x.in.nr_extents = 2;
	x.in.domid = DOMID_SELF;
	set_xen_guest_handle(x.in.extent_start, (xen_pfn_t *)gva(ctx, LIST_OFF));
	x.out.nr_extents = 1;
	x.out.extent_order = 1;
	x.out.domid = DOMID_SELF;
	set_xen_guest_handle(x.out.extent_start, (xen_pfn_t *)gva(ctx, LIST2_OFF));
	memcpy(ctx->fb->mem + ARG_OFF, &x, sizeof(x));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_exchange, gva(ctx, ARG_OFF)), 0L);
	memcpy(&x, ctx->fb->mem + ARG_OFF, sizeof(x));
	KUNIT_EXPECT_EQ(test, x.nr_exchanged, 2UL);
	KUNIT_EXPECT_EQ(test, out[0] % 2, 0ULL);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, out[0], 1), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, in[0], 0), -XEN_ENXIO);
	KUNIT_EXPECT_EQ(test, ctx->d->mm->tot_pages, 2UL);
	/* Inputs no longer owned: -EINVAL, nothing exchanged, nothing allocated. */
	x.nr_exchanged = 0;
	memcpy(ctx->fb->mem + ARG_OFF, &x, sizeof(x));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_exchange, gva(ctx, ARG_OFF)),
			(long)-XEN_EINVAL);
	memcpy(&x, ctx->fb->mem + ARG_OFF, sizeof(x));
	KUNIT_EXPECT_EQ(test, x.nr_exchanged, 0UL);
	KUNIT_EXPECT_EQ(test, ctx->d->mm->tot_pages, 2UL);
	/* Xen's argument checks, in order. */
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_exchange | (1 << 6),
					      gva(ctx, ARG_OFF)), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_exchange, BAD), (long)-XEN_EFAULT);
	x.out.extent_order = 10;
	memcpy(ctx->fb->mem + ARG_OFF, &x, sizeof(x));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_exchange, gva(ctx, ARG_OFF)),
			(long)-XEN_EPERM);
	x.out.extent_order = 2;
	memcpy(ctx->fb->mem + ARG_OFF, &x, sizeof(x));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_exchange, gva(ctx, ARG_OFF)),
			(long)-XEN_EINVAL);
	x.out.extent_order = 1;
	/* dom0 exists: XSM_TARGET's -EPERM; a domain that does not, -ESRCH. */
	x.in.domid = x.out.domid = 0;
	memcpy(ctx->fb->mem + ARG_OFF, &x, sizeof(x));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_exchange, gva(ctx, ARG_OFF)),
			(long)-XEN_EPERM);
	x.in.domid = x.out.domid = 7;
	memcpy(ctx->fb->mem + ARG_OFF, &x, sizeof(x));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_exchange, gva(ctx, ARG_OFF)),
			(long)-XEN_ESRCH);

	/* memory_map: the partition's RAM as e820, truncated to the room given. */
	map.nr_entries = 3;
	set_xen_guest_handle(map.buffer, (void *)gva(ctx, LIST_OFF));
	memcpy(ctx->fb->mem + ARG_OFF, &map, sizeof(map));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_memory_map, gva(ctx, ARG_OFF)), 0L);
	memcpy(&map, ctx->fb->mem + ARG_OFF, sizeof(map));
	KUNIT_EXPECT_EQ(test, map.nr_entries, 2U);
	memcpy(e820, ctx->fb->mem + LIST_OFF, 40);
	KUNIT_EXPECT_EQ(test, e820[0], 0ULL);
	KUNIT_EXPECT_EQ(test, e820[1], 0x9fULL << PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, (u32)e820[2], 1U);	/* addr, size, type: 20 bytes */
	map.nr_entries = 1;
	memcpy(ctx->fb->mem + ARG_OFF, &map, sizeof(map));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_memory_map, gva(ctx, ARG_OFF)), 0L);
	KUNIT_EXPECT_EQ(test, *(u32 *)(ctx->fb->mem + ARG_OFF), 1U);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, XENMEM_memory_map, BAD), (long)-XEN_EFAULT);

	/* add_to_physmap_batch: each item's errno in errs[], the call 0. */
	b.domid = DOMID_SELF;
	b.space = XENMAPSPACE_shared_info;
	b.size = 2;
	in[0] = 1;	/* shared_info has only index 0 */
	in[1] = 5;
	out[0] = 0;
	out[1] = 0;
	set_xen_guest_handle(b.idxs, (xen_ulong_t *)gva(ctx, LIST_OFF));
	set_xen_guest_handle(b.gpfns, (xen_pfn_t *)gva(ctx, LIST2_OFF));
	set_xen_guest_handle(b.errs, (int *)gva(ctx, MASK_OFF));
	memcpy(ctx->fb->mem + ARG_OFF, &b, sizeof(b));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 23, gva(ctx, ARG_OFF)), 0L);
	memcpy(errs, ctx->fb->mem + MASK_OFF, sizeof(errs));
	KUNIT_EXPECT_EQ(test, errs[0], -XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, errs[1], -XEN_EINVAL);
	b.space = XENMAPSPACE_gmfn_range;
	memcpy(ctx->fb->mem + ARG_OFF, &b, sizeof(b));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 23, gva(ctx, ARG_OFF)),
			(long)-XEN_EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 23 | (65536 << 6), gva(ctx, ARG_OFF)),
			(long)-XEN_EDOM);
	b.space = XENMAPSPACE_shared_info;
	/* dom0 exists but is not translated: xatp_permission_check()'s -EACCES. */
	b.domid = 0;
	memcpy(ctx->fb->mem + ARG_OFF, &b, sizeof(b));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 23, gva(ctx, ARG_OFF)), (long)-XEN_EACCES);
	b.domid = 7;
	memcpy(ctx->fb->mem + ARG_OFF, &b, sizeof(b));
	KUNIT_EXPECT_EQ(test, xenhv_memory_op(ctx->d, 23, gva(ctx, ARG_OFF)), (long)-XEN_ESRCH);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

static long xatp(struct xenhv_mm_ctx *ctx, unsigned int cmd, const void *arg, size_t len)
{
	memcpy(ctx->fb->mem + ARG_OFF, arg, len);
	return xenhv_memory_op(ctx->d, cmd, gva(ctx, ARG_OFF));
}

/*
 * add_to_physmap(_batch) and remove_from_physmap in Xen 4.17.7's order
 * (do_memory_op(), xatp_permission_check(), xenmem_add_to_physmap(),
 * xenmem_add_to_physmap_one()): an unknown space names no frame (-EINVAL),
 * dev_mmio is the hardware domain's (-EACCES), INVALID_GFN is -EINVAL
 * before the space is looked at, and removing a gfn with nothing mapped
 * finds no page (-ENOENT). dom0 exists but is not translated (-EACCES).
 */
static void xenhv_resv_physmap_rules(struct kunit *test)
{
	struct xenhv_mm_ctx *ctx = test->priv;
	struct xen_add_to_physmap x = { .domid = DOMID_SELF, .space = 99, .gpfn = 5 };
	struct xen_remove_from_physmap rm = { .domid = DOMID_SELF, .gpfn = 1000 };
	struct xen_add_to_physmap_range b = {
		.domid = DOMID_SELF, .space = 99, .size = 2,
	};
	u64 *idxs = list(ctx, LIST_OFF), *gpfns = list(ctx, LIST2_OFF);
	int errs[2] = { 1, 1 };

	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_add_to_physmap, &x, sizeof(x)),
			(long)-XEN_EINVAL);
	x.space = XENMAPSPACE_dev_mmio;
	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_add_to_physmap, &x, sizeof(x)),
			(long)-XEN_EACCES);
	x.space = XENMAPSPACE_gmfn;	/* moving RAM: not done here */
	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_add_to_physmap, &x, sizeof(x)),
			(long)-XEN_ENOSYS);
	x.gpfn = ~0ULL;			/* INVALID_GFN, before the space */
	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_add_to_physmap, &x, sizeof(x)),
			(long)-XEN_EINVAL);
	x.space = XENMAPSPACE_gmfn_foreign;	/* batch only, before the lookup */
	x.domid = 7;
	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_add_to_physmap, &x, sizeof(x)),
			(long)-XEN_ENOSYS);
	x.space = XENMAPSPACE_shared_info;
	x.gpfn = 5;
	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_add_to_physmap, &x, sizeof(x)),
			(long)-XEN_ESRCH);
	x.domid = 0;
	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_add_to_physmap, &x, sizeof(x)),
			(long)-XEN_EACCES);
	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_add_to_physmap | (65536 << 6), &x, sizeof(x)),
			(long)-XEN_EDOM);

	/* remove_from_physmap: nothing mapped -ENOENT; RAM stays (-ENOSYS). */
	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_remove_from_physmap, &rm, sizeof(rm)),
			(long)-XEN_ENOENT);
	rm.gpfn = 5;
	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_remove_from_physmap, &rm, sizeof(rm)),
			(long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_remove_from_physmap | (1 << 6), &rm, sizeof(rm)),
			(long)-XEN_EINVAL);
	rm.domid = 0;
	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_remove_from_physmap, &rm, sizeof(rm)),
			(long)-XEN_EACCES);
	rm.domid = 7;
	KUNIT_EXPECT_EQ(test, xatp(ctx, XENMEM_remove_from_physmap, &rm, sizeof(rm)),
			(long)-XEN_ESRCH);

	/* The batch: an unknown space per item; INVALID_GFN ends the call. */
	idxs[0] = 0;
	idxs[1] = 0;
	gpfns[0] = 5;
	gpfns[1] = ~0ULL;
	set_xen_guest_handle(b.idxs, (xen_ulong_t *)gva(ctx, LIST_OFF));
	set_xen_guest_handle(b.gpfns, (xen_pfn_t *)gva(ctx, LIST2_OFF));
	set_xen_guest_handle(b.errs, (int *)gva(ctx, MASK_OFF));
	memcpy(ctx->fb->mem + MASK_OFF, errs, sizeof(errs));
	KUNIT_EXPECT_EQ(test, xatp(ctx, 23, &b, sizeof(b)), (long)-XEN_EINVAL);
	memcpy(errs, ctx->fb->mem + MASK_OFF, sizeof(errs));
	KUNIT_EXPECT_EQ(test, errs[0], -XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, errs[1], 1);
	b.space = XENMAPSPACE_dev_mmio;
	KUNIT_EXPECT_EQ(test, xatp(ctx, 23, &b, sizeof(b)), (long)-XEN_EACCES);
	/* A start at or past the size: -EILSEQ (xenmem_add_to_physmap_batch()). */
	b.space = XENMAPSPACE_shared_info;
	KUNIT_EXPECT_EQ(test, xatp(ctx, 23 | (2 << 6), &b, sizeof(b)), (long)-XEN_EILSEQ);
	KUNIT_EXPECT_EQ(test, xatp(ctx, 23 | (3 << 6), &b, sizeof(b)), (long)-XEN_EILSEQ);
	b.size = 0;
	KUNIT_EXPECT_EQ(test, xatp(ctx, 23, &b, sizeof(b)), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

static struct kunit_case xenhv_reservation_cases[] = {
	KUNIT_CASE(xenhv_resv_increase_decrease_populate),
	KUNIT_CASE(xenhv_resv_continuation_and_cold_discard),
	KUNIT_CASE(xenhv_resv_exchange_map_batch),
	KUNIT_CASE(xenhv_resv_physmap_rules),
	{}
};

static struct kunit_suite xenhv_reservation_suite = {
	.name = "xenhv_reservation",
	.init = xenhv_mm_test_init,
	.exit = xenhv_mm_test_exit,
	.test_cases = xenhv_reservation_cases,
};

kunit_test_suites(&xenhv_pv_mmu_suite, &xenhv_mmuext_suite, &xenhv_reservation_suite);
