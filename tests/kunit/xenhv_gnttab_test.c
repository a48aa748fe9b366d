// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: grant tables on the fake backend: sizes, setup and query, frame
 * placement, version switches, swap, copy, cache_flush and the
 * dispatcher's rules, with Xen 4.17's answers.
 */
#include <kunit/test.h>
#include "xenhv_fake_backend.h"
#include "../../translate/gnttab.h"
#include "../../translate/mm.h"
#include "../../translate/dispatch.h"
#include <xen/interface/memory.h>

#define OP_OFF		0
#define LIST_OFF	1024
#define MEM_SIZE	4096
#define BAD		0xdeadUL
#define SELF_ID		1	/* the fake domain's own id */

struct xenhv_gt_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d;
	struct xenhv_dispatcher disp;
};

static int xenhv_gt_test_init(struct kunit *test)
{
	struct xenhv_gt_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	ctx->fb = xenhv_fake_new(test, MEM_SIZE);
	ctx->d = xenhv_fake_domain(test, ctx->fb);
	KUNIT_ASSERT_EQ(test, xenhv_dispatcher_init(&ctx->disp, ctx->d), 0);
	test->priv = ctx;
	return 0;
}

static void xenhv_gt_test_exit(struct kunit *test)
{
	struct xenhv_gt_ctx *ctx = test->priv;

	xenhv_dispatcher_destroy(&ctx->disp);
	/* Placed frames still hold their guest pages; the rest must balance. */
	KUNIT_EXPECT_GE(test, ctx->fb->nr_maps, ctx->fb->nr_unmaps);
}

static unsigned long gva(struct xenhv_gt_ctx *ctx, size_t off)
{
	return xenhv_fake_gva(ctx->fb, off);
}

static long gnt(struct xenhv_gt_ctx *ctx, unsigned int cmd, const void *op, size_t len,
		int count)
{
	unsigned long a[5] = { cmd, gva(ctx, OP_OFF), count };

	memcpy(ctx->fb->mem + OP_OFF, op, len);
	return xenhv_grant_table_op(ctx->d, a);
}

static void out(struct xenhv_gt_ctx *ctx, void *op, size_t len)
{
	memcpy(op, ctx->fb->mem + OP_OFF, len);
}

static long place(struct xenhv_gt_ctx *ctx, u64 idx, u64 gfn)
{
	struct xen_add_to_physmap x = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_grant_table, .idx = idx, .gpfn = gfn,
	};

	memcpy(ctx->fb->mem + LIST_OFF + 512, &x, sizeof(x));
	return xenhv_memory_op(ctx->d, XENMEM_add_to_physmap, gva(ctx, LIST_OFF + 512));
}

static long unplace(struct xenhv_gt_ctx *ctx, u64 gfn)
{
	struct xen_remove_from_physmap x = { .domid = DOMID_SELF, .gpfn = gfn };

	memcpy(ctx->fb->mem + LIST_OFF + 512, &x, sizeof(x));
	return xenhv_memory_op(ctx->d, XENMEM_remove_from_physmap, gva(ctx, LIST_OFF + 512));
}

static struct grant_entry_v1 *v1(struct xenhv_gt_ctx *ctx, u32 ref)
{
	return xenhv_gnt_v1(ctx->d->gnttab, ref);
}

static union grant_entry_v2 *v2(struct xenhv_gt_ctx *ctx, u32 ref)
{
	return xenhv_gnt_v2(ctx->d->gnttab, ref);
}

static long set_version(struct xenhv_gt_ctx *ctx, u32 version, u32 *now)
{
	struct gnttab_set_version op = { .version = version };
	long rc = gnt(ctx, GNTTABOP_set_version, &op, sizeof(op), 1);

	out(ctx, &op, sizeof(op));
	*now = op.version;
	return rc;
}

/* Version 1, one frame, 16 at most: query, setup growth, the limits. */
static void xenhv_gnttab_setup_and_query(struct kunit *test)
{
	struct xenhv_gt_ctx *ctx = test->priv;
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_get_version gv = { .dom = DOMID_SELF };
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 4 };
	u64 *list = (u64 *)(ctx->fb->mem + LIST_OFF);

	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_query_size, &q, sizeof(q), 1), 0L);
	out(ctx, &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, q.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, q.nr_frames, 1U);
	KUNIT_EXPECT_EQ(test, q.max_nr_frames, (u32)XENHV_GNT_TEST_FRAMES);
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_get_version, &gv, sizeof(gv), 7), 0L);
	out(ctx, &gv, sizeof(gv));
	KUNIT_EXPECT_EQ(test, gv.version, 1U);
	gv.dom = 9;
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_get_version, &gv, sizeof(gv), 1),
			(long)-XEN_ESRCH);

	/* setup_table grows the table; unplaced frames read INVALID_GFN. */
	set_xen_guest_handle(st.frame_list, (xen_pfn_t *)gva(ctx, LIST_OFF));
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_setup_table, &st, sizeof(st), 2),
			(long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_setup_table, &st, sizeof(st), 1), 0L);
	out(ctx, &st, sizeof(st));
	KUNIT_EXPECT_EQ(test, st.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, list[0], XENHV_INVALID_GFN);
	KUNIT_EXPECT_EQ(test, list[3], XENHV_INVALID_GFN);
	KUNIT_EXPECT_EQ(test, ctx->d->gnttab->nr_frames, 4U);
	KUNIT_EXPECT_EQ(test, xenhv_gnt_nr_entries(ctx->d->gnttab), 4U * 512);
	/* Past max_grant_frames, another domain, an unwritable list. */
	st.nr_frames = XENHV_GNT_TEST_FRAMES + 1;
	gnt(ctx, GNTTABOP_setup_table, &st, sizeof(st), 1);
	out(ctx, &st, sizeof(st));
	KUNIT_EXPECT_EQ(test, st.status, (s16)GNTST_general_error);
	st.nr_frames = 1;
	st.dom = 5;
	gnt(ctx, GNTTABOP_setup_table, &st, sizeof(st), 1);
	out(ctx, &st, sizeof(st));
	KUNIT_EXPECT_EQ(test, st.status, (s16)GNTST_bad_domain);
	st.dom = SELF_ID;
	set_xen_guest_handle(st.frame_list, (xen_pfn_t *)BAD);
	gnt(ctx, GNTTABOP_setup_table, &st, sizeof(st), 1);
	out(ctx, &st, sizeof(st));
	KUNIT_EXPECT_EQ(test, st.status, (s16)GNTST_bad_virt_addr);
	/* query_size of another domain: bad_domain, inputs echoed. */
	q.dom = 5;
	q.nr_frames = 77;
	gnt(ctx, GNTTABOP_query_size, &q, sizeof(q), 1);
	out(ctx, &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, q.status, (s16)GNTST_bad_domain);
	KUNIT_EXPECT_EQ(test, q.nr_frames, 77U);
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_query_size, &q, sizeof(q), 0), (long)-XEN_EINVAL);
	{
		unsigned long a[5] = { GNTTABOP_query_size, BAD, 1 };

		KUNIT_EXPECT_EQ(test, xenhv_grant_table_op(ctx->d, a), (long)-XEN_EFAULT);
	}
}

/* add_to_physmap: frames move into guest pages and back; growth; limits. */
static void xenhv_gnttab_frame_placement(struct kunit *test)
{
	struct xenhv_gt_ctx *ctx = test->priv;
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
	u64 *list = (u64 *)(ctx->fb->mem + LIST_OFF);
	struct grant_entry_v1 *p2 = xenhv_fake_page(ctx->fb, 2);
	struct grant_entry_v1 *p3 = xenhv_fake_page(ctx->fb, 3);

	v1(ctx, 4)->frame = 0x1234;	/* written while hidden */
	KUNIT_EXPECT_EQ(test, place(ctx, 0, 2), 0L);
	KUNIT_EXPECT_EQ(test, p2[4].frame, 0x1234U);
	/* From now on the guest's page is the frame: its writes are the table. */
	p2[5].frame = 0x5678;
	KUNIT_EXPECT_EQ(test, v1(ctx, 5)->frame, 0x5678U);
	set_xen_guest_handle(st.frame_list, (xen_pfn_t *)gva(ctx, LIST_OFF));
	gnt(ctx, GNTTABOP_setup_table, &st, sizeof(st), 1);
	KUNIT_EXPECT_EQ(test, list[0], 2ULL);
	/* Moving it: the contents follow, the old page is the guest's again. */
	KUNIT_EXPECT_EQ(test, place(ctx, 0, 3), 0L);
	KUNIT_EXPECT_EQ(test, p3[5].frame, 0x5678U);
	p2[5].frame = 0;
	KUNIT_EXPECT_EQ(test, v1(ctx, 5)->frame, 0x5678U);
	/* Growth up to the limit; status frames only in version 2. */
	KUNIT_EXPECT_EQ(test, place(ctx, 5, 6), 0L);
	KUNIT_EXPECT_EQ(test, ctx->d->gnttab->nr_frames, 6U);
	KUNIT_EXPECT_EQ(test, place(ctx, XENHV_GNT_TEST_FRAMES, 7), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, place(ctx, XENHV_MAPIDX_GRANT_STATUS | 0, 7), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, place(ctx, 1, ~0ULL), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, place(ctx, 1, 1000), (long)-XEN_EINVAL);	/* not RAM */
	/* Placing frame 1 where frame 5 is: frame 5 goes hidden, keeping its data. */
	((struct grant_entry_v1 *)xenhv_fake_page(ctx->fb, 6))[0].frame = 0xabc;
	KUNIT_EXPECT_EQ(test, place(ctx, 1, 6), 0L);
	KUNIT_EXPECT_EQ(test, v1(ctx, 5 * 512)->frame, 0xabcU);
	/* remove_from_physmap: back to hidden, contents kept. */
	KUNIT_EXPECT_EQ(test, unplace(ctx, 3), 0L);
	KUNIT_EXPECT_EQ(test, v1(ctx, 5)->frame, 0x5678U);
	p3[5].frame = 0;
	KUNIT_EXPECT_EQ(test, v1(ctx, 5)->frame, 0x5678U);
	KUNIT_EXPECT_EQ(test, unplace(ctx, 3), (long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, unplace(ctx, 6), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_maps, ctx->fb->nr_unmaps);
}

/* set_version: the reserved entries carried over, the rest cleared, the rules. */
static void xenhv_gnttab_versions(struct kunit *test)
{
	struct xenhv_gt_ctx *ctx = test->priv;
	struct xenhv_gnttab *gt = ctx->d->gnttab;
	struct gnttab_get_status_frames sf = { .dom = DOMID_SELF, .nr_frames = 1 };
	unsigned long flags;
	u32 now;
	int rc;

	spin_lock_irqsave(&gt->lock, flags);
	rc = xenhv_gnt_grow(ctx->d, 8);
	spin_unlock_irqrestore(&gt->lock, flags);
	KUNIT_ASSERT_EQ(test, rc, 0);
	*v1(ctx, 3) = (struct grant_entry_v1){ GTF_permit_access | GTF_reading, 7, 0x4242 };
	*v1(ctx, 9) = (struct grant_entry_v1){ GTF_permit_access, 7, 0x99 };
	/* In use past the reserved entries: -EBUSY; reserved ones may be. */
	*xenhv_gnt_active(gt, 2) = 1;
	*xenhv_gnt_active(gt, 600) = 1;
	KUNIT_EXPECT_EQ(test, set_version(ctx, 2, &now), (long)-XEN_EBUSY);
	KUNIT_EXPECT_EQ(test, now, 1U);
	*xenhv_gnt_active(gt, 600) = 0;
	KUNIT_EXPECT_EQ(test, set_version(ctx, 3, &now), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, set_version(ctx, 0, &now), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, set_version(ctx, 2, &now), 0L);
	KUNIT_EXPECT_EQ(test, now, 2U);
	*xenhv_gnt_active(gt, 2) = 0;
	/* Entry 3 as v2, its reading bit in the status word; entry 9 gone. */
	KUNIT_EXPECT_EQ(test, v2(ctx, 3)->hdr.flags, (u16)GTF_permit_access);
	KUNIT_EXPECT_EQ(test, v2(ctx, 3)->hdr.domid, (u16)7);
	KUNIT_EXPECT_EQ(test, v2(ctx, 3)->full_page.frame, 0x4242ULL);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_status(gt, 3), (u16)GTF_reading);
	KUNIT_EXPECT_EQ(test, v2(ctx, 9)->hdr.flags, (u16)0);
	/* 8 frames of 256 entries: one status frame. */
	KUNIT_EXPECT_EQ(test, gt->nr_status, 1U);
	KUNIT_EXPECT_EQ(test, xenhv_gnt_nr_entries(gt), 8U * 256);
	/* get_status_frames is a PV caller's: hvm_grant_table_op() refuses it. */
	ctx->d->pv = true;
	/* A NULL list faults while writing: bad_virt_addr, as Xen's copy does. */
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_get_status_frames, &sf, sizeof(sf), 1), 0L);
	out(ctx, &sf, sizeof(sf));
	KUNIT_EXPECT_EQ(test, sf.status, (s16)GNTST_bad_virt_addr);
	set_xen_guest_handle(sf.frame_list, (uint64_t *)gva(ctx, LIST_OFF));
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_get_status_frames, &sf, sizeof(sf), 1), 0L);
	out(ctx, &sf, sizeof(sf));
	KUNIT_EXPECT_EQ(test, sf.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, *(u64 *)(ctx->fb->mem + LIST_OFF), XENHV_INVALID_GFN);
	sf.nr_frames = 2;
	gnt(ctx, GNTTABOP_get_status_frames, &sf, sizeof(sf), 1);
	out(ctx, &sf, sizeof(sf));
	KUNIT_EXPECT_EQ(test, sf.status, (s16)GNTST_general_error);
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_get_status_frames, &sf, sizeof(sf), 2),
			(long)-XEN_EINVAL);
	/* A status frame can be placed in v2, and past the end grows the table. */
	KUNIT_EXPECT_EQ(test, place(ctx, XENHV_MAPIDX_GRANT_STATUS | 0, 4), 0L);
	KUNIT_EXPECT_EQ(test, place(ctx, XENHV_MAPIDX_GRANT_STATUS | 1, 5), 0L);
	KUNIT_EXPECT_EQ(test, gt->nr_frames, (unsigned int)XENHV_GNT_TEST_FRAMES);
	KUNIT_EXPECT_EQ(test, place(ctx, XENHV_MAPIDX_GRANT_STATUS | 2, 5), (long)-XEN_EINVAL);
	/* Back to v1: not with a reserved entry v1 cannot hold. */
	v2(ctx, 4)->hdr.flags = GTF_permit_access;
	v2(ctx, 4)->full_page.frame = 1ULL << 32;
	KUNIT_EXPECT_EQ(test, set_version(ctx, 1, &now), (long)-XEN_ERANGE);
	v2(ctx, 4)->hdr.flags = GTF_transitive;
	KUNIT_EXPECT_EQ(test, set_version(ctx, 1, &now), (long)-XEN_ERANGE);
	KUNIT_EXPECT_EQ(test, now, 2U);
	v2(ctx, 4)->hdr.flags = 0;
	KUNIT_EXPECT_EQ(test, set_version(ctx, 1, &now), 0L);
	KUNIT_EXPECT_EQ(test, now, 1U);
	KUNIT_EXPECT_EQ(test, v1(ctx, 3)->flags, (u16)(GTF_permit_access | GTF_reading));
	KUNIT_EXPECT_EQ(test, v1(ctx, 3)->frame, 0x4242U);
	KUNIT_EXPECT_EQ(test, gt->nr_status, 0U);
	/* Same version again: nothing to do. */
	KUNIT_EXPECT_EQ(test, set_version(ctx, 1, &now), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_maps, ctx->fb->nr_unmaps + 0);
}

static void xenhv_gnttab_swap(struct kunit *test)
{
	struct xenhv_gt_ctx *ctx = test->priv;
	struct gnttab_swap_grant_ref sw[4] = {
		{ .ref_a = 10, .ref_b = 11 }, { .ref_a = 10, .ref_b = 512 },
		{ .ref_a = 12, .ref_b = 12 }, { .ref_a = 13, .ref_b = 10 },
	};
	unsigned long a[5] = { GNTTABOP_swap_grant_ref, gva(ctx, OP_OFF), 4 };
	u32 now;

	*v1(ctx, 10) = (struct grant_entry_v1){ GTF_permit_access, 3, 0x10 };
	*v1(ctx, 11) = (struct grant_entry_v1){ GTF_permit_access | GTF_readonly, 4, 0x11 };
	*xenhv_gnt_active(ctx->d->gnttab, 13) = 1;
	memcpy(ctx->fb->mem + OP_OFF, sw, sizeof(sw));
	/* Through the dispatcher, with a continuation every 2nd element. */
	ctx->fb->preempt_every = 2;
	KUNIT_EXPECT_EQ(test, xenhv_dispatch(&ctx->disp, __HYPERVISOR_grant_table_op, a), 0L);
	memcpy(sw, ctx->fb->mem + OP_OFF, sizeof(sw));
	KUNIT_EXPECT_EQ(test, sw[0].status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, sw[1].status, (s16)GNTST_bad_gntref);	/* one frame: 512 refs */
	KUNIT_EXPECT_EQ(test, sw[2].status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, sw[3].status, (s16)GNTST_eagain);
	KUNIT_EXPECT_EQ(test, v1(ctx, 10)->frame, 0x11U);
	KUNIT_EXPECT_EQ(test, v1(ctx, 11)->domid, (u16)3);
	KUNIT_EXPECT_EQ(test, v1(ctx, 10)->flags, (u16)(GTF_permit_access | GTF_readonly));
	*xenhv_gnt_active(ctx->d->gnttab, 13) = 0;
	/* v2: the status words trade places too. */
	KUNIT_ASSERT_EQ(test, set_version(ctx, 2, &now), 0L);
	v2(ctx, 20)->full_page.frame = 0x20;
	*xenhv_gnt_status(ctx->d->gnttab, 20) = GTF_reading;
	sw[0] = (struct gnttab_swap_grant_ref){ .ref_a = 20, .ref_b = 21 };
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_swap_grant_ref, sw, sizeof(sw[0]), 1), 0L);
	KUNIT_EXPECT_EQ(test, v2(ctx, 21)->full_page.frame, 0x20ULL);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_status(ctx->d->gnttab, 21), (u16)GTF_reading);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_status(ctx->d->gnttab, 20), (u16)0);
}

static s16 copy1(struct xenhv_gt_ctx *ctx, struct gnttab_copy *c)
{
	gnt(ctx, GNTTABOP_copy, c, sizeof(*c), 1);
	out(ctx, c, sizeof(*c));
	return c->status;
}

/* copy between the caller's own frames, by frame and by its own grants. */
static void xenhv_gnttab_copy(struct kunit *test)
{
	struct xenhv_gt_ctx *ctx = test->priv;
	u8 *p4 = xenhv_fake_page(ctx->fb, 4), *p5 = xenhv_fake_page(ctx->fb, 5);
	struct gnttab_copy c = {};
	u32 now;

	memset(p5, 0x5a, PAGE_SIZE);
	*v1(ctx, 8) = (struct grant_entry_v1){ GTF_permit_access, SELF_ID, 4 };
	*v1(ctx, 9) = (struct grant_entry_v1){ GTF_permit_access | GTF_readonly, SELF_ID, 5 };
	*v1(ctx, 10) = (struct grant_entry_v1){ GTF_permit_access, 7, 4 };
	/* gmfn 5 -> gref 8 (frame 4), offset 100, 50 bytes. */
	c.source.u.gmfn = 5;
	c.source.domid = DOMID_SELF;
	c.dest.u.ref = 8;
	c.dest.domid = SELF_ID;
	c.dest.offset = 100;
	c.len = 50;
	c.flags = GNTCOPY_dest_gref;
	KUNIT_EXPECT_EQ(test, copy1(ctx, &c), (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, p4[100], 0x5a);
	KUNIT_EXPECT_EQ(test, p4[149], 0x5a);
	KUNIT_EXPECT_EQ(test, p4[150], 0);
	/* The in-use bits are gone once the copy is done. */
	KUNIT_EXPECT_EQ(test, v1(ctx, 8)->flags, (u16)GTF_permit_access);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(ctx->d->gnttab, 8), 0U);
	/* Errors, each with Xen's code and nothing copied. */
	c.dest.u.ref = 9;			/* read-only grant as destination */
	KUNIT_EXPECT_EQ(test, copy1(ctx, &c), (s16)GNTST_general_error);
	c.dest.u.ref = 10;			/* granted to another domain */
	KUNIT_EXPECT_EQ(test, copy1(ctx, &c), (s16)GNTST_general_error);
	c.dest.u.ref = 512;			/* past the table */
	KUNIT_EXPECT_EQ(test, copy1(ctx, &c), (s16)GNTST_bad_gntref);
	c.dest.u.ref = 8;
	c.dest.domid = 7;
	KUNIT_EXPECT_EQ(test, copy1(ctx, &c), (s16)GNTST_bad_domain);
	c.dest.domid = SELF_ID;
	c.source.domid = SELF_ID;		/* a frame number needs DOMID_SELF */
	KUNIT_EXPECT_EQ(test, copy1(ctx, &c), (s16)GNTST_permission_denied);
	c.source.domid = DOMID_SELF;
	c.source.u.gmfn = 1000;			/* not RAM */
	KUNIT_EXPECT_EQ(test, copy1(ctx, &c), (s16)GNTST_bad_page);
	c.source.u.gmfn = 5;
	c.dest.offset = 4090;
	KUNIT_EXPECT_EQ(test, copy1(ctx, &c), (s16)GNTST_bad_copy_arg);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(ctx->d->gnttab, 8), 0U);
	KUNIT_EXPECT_EQ(test, v1(ctx, 8)->flags, (u16)GTF_permit_access);
	/* By grant on both sides: read-only source is fine. */
	c.flags = GNTCOPY_source_gref | GNTCOPY_dest_gref;
	c.source.u.ref = 9;
	c.source.domid = SELF_ID;
	c.dest.offset = 0;
	c.len = 8;
	memset(p4, 0, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, copy1(ctx, &c), (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, p4[7], 0x5a);
	/* v2: a sub-page grant allows only its window; transitive needs another domain. */
	KUNIT_ASSERT_EQ(test, set_version(ctx, 2, &now), 0L);
	v2(ctx, 8)->hdr.flags = GTF_permit_access | GTF_sub_page;
	v2(ctx, 8)->hdr.domid = SELF_ID;
	v2(ctx, 8)->sub_page.frame = 4;
	v2(ctx, 8)->sub_page.page_off = 256;
	v2(ctx, 8)->sub_page.length = 128;
	c.flags = GNTCOPY_dest_gref;
	c.source.u.gmfn = 5;
	c.source.domid = DOMID_SELF;
	c.dest.u.ref = 8;
	c.dest.offset = 256;
	c.len = 128;
	KUNIT_EXPECT_EQ(test, copy1(ctx, &c), (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_status(ctx->d->gnttab, 8), (u16)0);
	c.dest.offset = 255;
	KUNIT_EXPECT_EQ(test, copy1(ctx, &c), (s16)GNTST_general_error);
	v2(ctx, 8)->hdr.flags = GTF_transitive;
	v2(ctx, 8)->transitive.trans_domid = SELF_ID;
	c.dest.offset = 256;
	KUNIT_EXPECT_EQ(test, copy1(ctx, &c), (s16)GNTST_general_error);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_maps, ctx->fb->nr_unmaps);
}

/* The dispatcher's checks; a PV caller's cache_flush and transfer. */
static void xenhv_gnttab_dispatch_rules(struct kunit *test)
{
	struct xenhv_gt_ctx *ctx = test->priv;
	struct gnttab_cache_flush cf = { .a.dev_bus_addr = 4 << PAGE_SHIFT, .offset = 64,
					 .length = 128, .op = GNTTAB_CACHE_CLEAN };
	struct gnttab_transfer tr = { .mfn = 4, .domid = 7 };
	unsigned long a[5] = { GNTTABOP_copy, gva(ctx, OP_OFF), -1UL };

	KUNIT_EXPECT_EQ(test, xenhv_grant_table_op(ctx->d, a), (long)-XEN_EINVAL);
	/* Continuation bits: not an op hvm_grant_table_op() knows; PV: -EINVAL. */
	a[0] = GNTTABOP_copy | (1 << 12);
	a[2] = 1;
	KUNIT_EXPECT_EQ(test, xenhv_grant_table_op(ctx->d, a), (long)-XEN_ENOSYS);
	ctx->d->pv = true;
	KUNIT_EXPECT_EQ(test, xenhv_grant_table_op(ctx->d, a), (long)-XEN_EINVAL);
	ctx->d->pv = false;
	a[0] = GNTTABOP_dump_table;
	KUNIT_EXPECT_EQ(test, xenhv_grant_table_op(ctx->d, a), (long)-XEN_ENOSYS);
	a[0] = 13;
	KUNIT_EXPECT_EQ(test, xenhv_grant_table_op(ctx->d, a), (long)-XEN_ENOSYS);
	a[0] = GNTTABOP_copy;
	a[1] = BAD;
	KUNIT_EXPECT_EQ(test, xenhv_grant_table_op(ctx->d, a), (long)-XEN_EFAULT);
	a[2] = 0;
	KUNIT_EXPECT_EQ(test, xenhv_grant_table_op(ctx->d, a), 0L);
	/* cache_flush and transfer are a PV caller's (the backend domain's). */
	ctx->d->pv = true;
	/* cache_flush: CLEAN of the caller's own page writes the range back. */
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_cache_flush, &cf, sizeof(cf), 1), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_cache_cleans, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->last_clean_len, (size_t)128);
	cf.op = GNTTAB_CACHE_INVAL;
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_cache_flush, &cf, sizeof(cf), 1),
			(long)-XEN_EOPNOTSUPP);
	cf.op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_SOURCE_GREF;
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_cache_flush, &cf, sizeof(cf), 1),
			(long)-XEN_EINVAL);
	cf.op = GNTTAB_CACHE_CLEAN;
	cf.offset = 4000;
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_cache_flush, &cf, sizeof(cf), 1),
			(long)-XEN_EINVAL);
	cf.offset = 0;
	cf.a.dev_bus_addr = 1000ULL << PAGE_SHIFT;
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_cache_flush, &cf, sizeof(cf), 1),
			(long)-XEN_EINVAL);
	cf.length = 0;
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_cache_flush, &cf, sizeof(cf), 1), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_cache_cleans, 1U);
	/* transfer: xenhv gives no page away; the page stays. */
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_transfer, &tr, sizeof(tr), 1), 0L);
	out(ctx, &tr, sizeof(tr));
	KUNIT_EXPECT_EQ(test, tr.status, (s16)GNTST_general_error);
	tr.mfn = 1000;
	gnt(ctx, GNTTABOP_transfer, &tr, sizeof(tr), 1);
	out(ctx, &tr, sizeof(tr));
	KUNIT_EXPECT_EQ(test, tr.status, (s16)GNTST_bad_page);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

/* dom0 exists: naming it is XSM_TARGET's refusal, never "no such domain". */
static void xenhv_gnttab_dom0_exists(struct kunit *test)
{
	struct xenhv_gt_ctx *ctx = test->priv;
	struct gnttab_get_version gv = { .dom = 0 };
	struct gnttab_setup_table st = { .dom = 0, .nr_frames = 4 };
	struct gnttab_query_size q = { .dom = 0, .nr_frames = 77 };
	struct gnttab_get_status_frames sf = { .dom = 0, .nr_frames = 1 };

	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_get_version, &gv, sizeof(gv), 1),
			(long)-XEN_EPERM);
	set_xen_guest_handle(st.frame_list, (xen_pfn_t *)gva(ctx, LIST_OFF));
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_setup_table, &st, sizeof(st), 1), 0L);
	out(ctx, &st, sizeof(st));
	KUNIT_EXPECT_EQ(test, st.status, (s16)GNTST_permission_denied);
	KUNIT_EXPECT_EQ(test, ctx->d->gnttab->nr_frames, 1U);	/* nothing grown */
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_query_size, &q, sizeof(q), 1), 0L);
	out(ctx, &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, q.status, (s16)GNTST_permission_denied);
	KUNIT_EXPECT_EQ(test, q.nr_frames, 77U);		/* inputs echoed */
	ctx->d->pv = true;
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_get_status_frames, &sf, sizeof(sf), 1), 0L);
	out(ctx, &sf, sizeof(sf));
	KUNIT_EXPECT_EQ(test, sf.status, (s16)GNTST_permission_denied);
	/* A domain that does not exist is still missing. */
	gv.dom = 9;
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_get_version, &gv, sizeof(gv), 1),
			(long)-XEN_ESRCH);
	st.dom = 9;
	gnt(ctx, GNTTABOP_setup_table, &st, sizeof(st), 1);
	out(ctx, &st, sizeof(st));
	KUNIT_EXPECT_EQ(test, st.status, (s16)GNTST_bad_domain);
}

/*
 * hvm_grant_table_op() (4.17.7): an HVM guest reaches query_size,
 * setup_table, set/get_version, copy, map, unmap and swap; every other op,
 * and any op with continuation bits, is -ENOSYS before anything is read.
 */
static void xenhv_gnttab_hvm_op_list(struct kunit *test)
{
	struct xenhv_gt_ctx *ctx = test->priv;
	struct gnttab_cache_flush cf = { .a.dev_bus_addr = 4 << PAGE_SHIFT, .length = 8,
					 .op = GNTTAB_CACHE_CLEAN };
	struct gnttab_transfer tr = { .mfn = 4, .domid = 7, .status = 0x77 };
	struct gnttab_get_status_frames sf = { .dom = DOMID_SELF, .nr_frames = 1,
					       .status = 0x77 };
	struct gnttab_unmap_and_replace r = { .host_addr = 0x5000, .status = 0x77 };
	unsigned long a[5] = { 0, gva(ctx, OP_OFF), -1UL };
	unsigned int cmd;

	/* A negative count: do_grant_table_op()'s -EINVAL only past the filter. */
	for (cmd = 0; cmd < 16; cmd++) {
		bool hvm = cmd == GNTTABOP_query_size || cmd == GNTTABOP_setup_table ||
			   cmd == GNTTABOP_set_version || cmd == GNTTABOP_get_version ||
			   cmd == GNTTABOP_copy || cmd == GNTTABOP_map_grant_ref ||
			   cmd == GNTTABOP_unmap_grant_ref || cmd == GNTTABOP_swap_grant_ref;

		a[0] = cmd;
		KUNIT_EXPECT_EQ_MSG(test, xenhv_grant_table_op(ctx->d, a),
				    hvm ? (long)-XEN_EINVAL : (long)-XEN_ENOSYS, "op %u", cmd);
	}
	a[0] = GNTTABOP_swap_grant_ref | (1 << 12);
	KUNIT_EXPECT_EQ(test, xenhv_grant_table_op(ctx->d, a), (long)-XEN_ENOSYS);
	/* Well-formed calls of the other ops: refused, nothing written or done. */
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_get_status_frames, &sf, sizeof(sf), 1),
			(long)-XEN_ENOSYS);
	out(ctx, &sf, sizeof(sf));
	KUNIT_EXPECT_EQ(test, sf.status, (s16)0x77);
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_cache_flush, &cf, sizeof(cf), 1),
			(long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_cache_cleans, 0U);
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_transfer, &tr, sizeof(tr), 1),
			(long)-XEN_ENOSYS);
	out(ctx, &tr, sizeof(tr));
	KUNIT_EXPECT_EQ(test, tr.status, (s16)0x77);
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_unmap_and_replace, &r, sizeof(r), 1),
			(long)-XEN_ENOSYS);
	out(ctx, &r, sizeof(r));
	KUNIT_EXPECT_EQ(test, r.status, (s16)0x77);
	/* A PV caller reaches them all. */
	ctx->d->pv = true;
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_cache_flush, &cf, sizeof(cf), 1), 0L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_cache_cleans, 1U);
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_get_status_frames, &sf, sizeof(sf), 1), 0L);
	out(ctx, &sf, sizeof(sf));
	KUNIT_EXPECT_EQ(test, sf.status, (s16)GNTST_general_error);	/* v1: no status frames */
	for (cmd = 0; cmd < 16; cmd++) {
		a[0] = cmd;
		KUNIT_EXPECT_EQ_MSG(test, xenhv_grant_table_op(ctx->d, a), (long)-XEN_EINVAL,
				    "PV op %u", cmd);
	}
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

/*
 * A PV domain's table: setup_table and get_status_frames name machine
 * frames (mfn_to_gfn() is the identity without translation), each the
 * page the entries live in; the domain does not own them as RAM it could
 * give back, and they go back to the backend with the table.
 */
static void xenhv_gnttab_pv_frames_are_mfns(struct kunit *test)
{
	struct xenhv_gt_ctx *ctx = test->priv;
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 3 };
	struct gnttab_get_status_frames sf = { .dom = DOMID_SELF, .nr_frames = 1 };
	u64 *list = (u64 *)(ctx->fb->mem + LIST_OFF);
	struct xenhv_domain *d = ctx->d;
	unsigned int allocs, frees, i;
	unsigned long flags;
	bool owned;
	u32 now;

	xenhv_gnttab_destroy(d);
	d->pv = true;
	allocs = ctx->fb->nr_allocs;
	KUNIT_ASSERT_EQ(test, xenhv_gnttab_init(d, XENHV_GNT_TEST_FRAMES), 0);
	set_xen_guest_handle(st.frame_list, (xen_pfn_t *)gva(ctx, LIST_OFF));
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_setup_table, &st, sizeof(st), 1), 0L);
	out(ctx, &st, sizeof(st));
	KUNIT_EXPECT_EQ(test, st.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_allocs - allocs, 3U);
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_LT(test, list[i], (u64)ctx->fb->nr_pages);
		KUNIT_EXPECT_PTR_EQ(test, xenhv_fake_page(ctx->fb, list[i]),
				    d->gnttab->shared[i].cur);
		spin_lock_irqsave(&d->mm->lock, flags);
		owned = xenhv_owned(d->mm, list[i]);
		spin_unlock_irqrestore(&d->mm->lock, flags);
		KUNIT_EXPECT_FALSE(test, owned);
	}
	KUNIT_EXPECT_NE(test, list[0], list[1]);
	KUNIT_EXPECT_NE(test, list[1], list[2]);
	/* The guest's writes through the frame are the table. */
	((struct grant_entry_v1 *)xenhv_fake_page(ctx->fb, list[2]))[7].frame = 0x77;
	KUNIT_EXPECT_EQ(test, v1(ctx, 2 * 512 + 7)->frame, 0x77U);
	/* Version 2's status frame, named the same way. */
	KUNIT_EXPECT_EQ(test, set_version(ctx, 2, &now), 0L);
	set_xen_guest_handle(sf.frame_list, (uint64_t *)gva(ctx, LIST_OFF));
	KUNIT_EXPECT_EQ(test, gnt(ctx, GNTTABOP_get_status_frames, &sf, sizeof(sf), 1), 0L);
	out(ctx, &sf, sizeof(sf));
	KUNIT_EXPECT_EQ(test, sf.status, (s16)GNTST_okay);
	KUNIT_ASSERT_LT(test, list[0], (u64)ctx->fb->nr_pages);
	KUNIT_EXPECT_PTR_EQ(test, xenhv_fake_page(ctx->fb, list[0]), d->gnttab->status[0].cur);
	/* Every frame goes back with the table. */
	allocs = ctx->fb->nr_allocs - allocs;
	frees = ctx->fb->nr_frees;
	xenhv_gnttab_destroy(d);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_frees - frees, allocs);
	d->pv = false;
	KUNIT_ASSERT_EQ(test, xenhv_gnttab_init(d, XENHV_GNT_TEST_FRAMES), 0);
}

static struct kunit_case xenhv_gnttab_cases[] = {
	KUNIT_CASE(xenhv_gnttab_setup_and_query),
	KUNIT_CASE(xenhv_gnttab_frame_placement),
	KUNIT_CASE(xenhv_gnttab_versions),
	KUNIT_CASE(xenhv_gnttab_swap),
	KUNIT_CASE(xenhv_gnttab_copy),
	KUNIT_CASE(xenhv_gnttab_dispatch_rules),
	KUNIT_CASE(xenhv_gnttab_dom0_exists),
	KUNIT_CASE(xenhv_gnttab_hvm_op_list),
	KUNIT_CASE(xenhv_gnttab_pv_frames_are_mfns),
	{}
};

static struct kunit_suite xenhv_gnttab_suite = {
	.name = "xenhv_gnttab",
	.init = xenhv_gt_test_init,
	.exit = xenhv_gt_test_exit,
	.test_cases = xenhv_gnttab_cases,
};

/* ---- xenhv_gnttab_map: a backend domain maps and copies the guest's grants ---- */

#define BE_ID		0
#define VA		0x5000ULL
#define GNT_FRAME	4	/* the guest page it grants */

struct xenhv_gm_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d;		/* the guest, domid 1 */
	struct xenhv_domain *b;		/* the backend domain, domid 0 */
	u64 l4, l1;
};

struct mop {
	u32 cmd, pad;
	u64 arg1, arg2;
};

static long be_ext(struct xenhv_gm_ctx *ctx, u32 cmd, u64 arg1)
{
	struct mop op = { .cmd = cmd, .arg1 = arg1 };

	memcpy(ctx->fb->mem + LIST_OFF, &op, sizeof(op));
	return xenhv_fake_mmuext(ctx->b, xenhv_fake_gva(ctx->fb, LIST_OFF), 1, 0, DOMID_SELF);
}

static int xenhv_gm_test_init(struct kunit *test)
{
	struct xenhv_gm_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	u64 l3, l2;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	ctx->fb = xenhv_fake_new(test, MEM_SIZE);
	ctx->d = xenhv_fake_domain(test, ctx->fb);
	ctx->b = xenhv_fake_domain(test, ctx->fb);
	ctx->b->domid = BE_ID;
	ctx->b->memory_is_reservations = true;
	ctx->b->pv = true;
	ctx->d->peer = ctx->b;
	ctx->b->peer = ctx->d;
	test->priv = ctx;
	/* The backend's address space: L4 -> L3 -> L2 -> an empty L1 at VA. */
	ctx->l4 = xenhv_mm_alloc_extent(ctx->b, 0, U64_MAX);
	l3 = xenhv_mm_alloc_extent(ctx->b, 0, U64_MAX);
	l2 = xenhv_mm_alloc_extent(ctx->b, 0, U64_MAX);
	ctx->l1 = xenhv_mm_alloc_extent(ctx->b, 0, U64_MAX);
	KUNIT_ASSERT_NE(test, ctx->l1, XENHV_NO_FRAME);
	((u64 *)xenhv_fake_page(ctx->fb, ctx->l4))[0] = (l3 << 12) | 3;
	((u64 *)xenhv_fake_page(ctx->fb, l3))[0] = (l2 << 12) | 3;
	((u64 *)xenhv_fake_page(ctx->fb, l2))[0] = (ctx->l1 << 12) | 3;
	KUNIT_ASSERT_EQ(test, be_ext(ctx, MMUEXT_PIN_L4_TABLE, ctx->l4), 0L);
	KUNIT_ASSERT_EQ(test, be_ext(ctx, MMUEXT_NEW_BASEPTR, ctx->l4), 0L);
	memset(xenhv_fake_page(ctx->fb, GNT_FRAME), 0x47, PAGE_SIZE);
	return 0;
}

static void xenhv_gm_test_exit(struct kunit *test)
{
	struct xenhv_gm_ctx *ctx = test->priv;

	xenhv_gnttab_drop_maps(ctx->b);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_maps, ctx->fb->nr_unmaps);
}

/* One grant op as domain @dom, with @op in guest memory and copied back. */
static long dom_gnt(struct xenhv_gm_ctx *ctx, struct xenhv_domain *dom, unsigned int cmd,
		    void *op, size_t len)
{
	unsigned long a[5] = { cmd, xenhv_fake_gva(ctx->fb, OP_OFF), 1 };
	long rc;

	memcpy(ctx->fb->mem + OP_OFF, op, len);
	rc = xenhv_grant_table_op(dom, a);
	memcpy(op, ctx->fb->mem + OP_OFF, len);
	return rc;
}

static long be_gnt(struct xenhv_gm_ctx *ctx, unsigned int cmd, void *op, size_t len)
{
	return dom_gnt(ctx, ctx->b, cmd, op, len);
}

static long guest_gnt(struct xenhv_gm_ctx *ctx, unsigned int cmd, void *op, size_t len)
{
	return dom_gnt(ctx, ctx->d, cmd, op, len);
}

static struct gnttab_map_grant_ref map_op(u64 addr, u32 flags, u32 ref, domid_t dom)
{
	return (struct gnttab_map_grant_ref){ .host_addr = addr, .flags = flags, .ref = ref,
					      .dom = dom };
}

static u64 *be_l1(struct xenhv_gm_ctx *ctx)
{
	return xenhv_fake_page(ctx->fb, ctx->l1);
}

/* Map, use, unmap: real PTEs in the backend's tables, the guest's entry pinned. */
static void xenhv_gntmap_map_unmap(struct kunit *test)
{
	struct xenhv_gm_ctx *ctx = test->priv;
	struct xenhv_gnttab *gt = ctx->d->gnttab;
	struct gnttab_map_grant_ref m = map_op(VA, GNTMAP_host_map, 8, SELF_ID);
	struct gnttab_unmap_grant_ref u = { .host_addr = VA };
	struct gnttab_swap_grant_ref sw = { .ref_a = 8, .ref_b = 9 };
	unsigned long sa[5] = { GNTTABOP_swap_grant_ref, xenhv_fake_gva(ctx->fb, OP_OFF), 1 };
	struct gnttab_set_version sv = { .version = 2 };
	unsigned int was;
	u64 saved;

	*xenhv_gnt_v1(gt, 8) = (struct grant_entry_v1){ GTF_permit_access, BE_ID, GNT_FRAME };
	KUNIT_EXPECT_EQ(test, be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m)), 0L);
	KUNIT_ASSERT_EQ(test, m.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, m.handle, 0U);
	KUNIT_EXPECT_EQ(test, m.dev_bus_addr, (u64)GNT_FRAME << PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, be_l1(ctx)[VA >> PAGE_SHIFT],
			((u64)GNT_FRAME << PAGE_SHIFT) | XENHV_PTE_P | XENHV_PTE_RW | XENHV_PTE_A |
			XENHV_PTE_D | XENHV_PTE_GNTTAB | XENHV_PTE_NX);
	/* The granter sees it in use, and cannot pull it away. */
	KUNIT_EXPECT_EQ(test, xenhv_gnt_v1(gt, 8)->flags,
			(u16)(GTF_permit_access | GTF_reading | GTF_writing));
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 8), 1U);
	memcpy(ctx->fb->mem + OP_OFF, &sv, sizeof(sv));
	sa[0] = GNTTABOP_set_version;
	KUNIT_EXPECT_EQ(test, xenhv_grant_table_op(ctx->d, sa), (long)-XEN_EBUSY);
	sa[0] = GNTTABOP_swap_grant_ref;
	memcpy(ctx->fb->mem + OP_OFF, &sw, sizeof(sw));
	xenhv_grant_table_op(ctx->d, sa);
	memcpy(&sw, ctx->fb->mem + OP_OFF, sizeof(sw));
	KUNIT_EXPECT_EQ(test, sw.status, (s16)GNTST_eagain);
	/* Unmap with backend vCPU 1 on its tables: one flush of that page first. */
	was = ctx->fb->cur_vcpu;
	ctx->fb->cur_vcpu = 1;
	KUNIT_ASSERT_EQ(test, be_ext(ctx, MMUEXT_NEW_BASEPTR, ctx->l4), 0L);
	KUNIT_ASSERT_EQ(test, xenhv_pv_enter(ctx->b, &saved), 0);
	ctx->fb->cur_vcpu = was;
	u.handle = m.handle;
	KUNIT_EXPECT_EQ(test, be_gnt(ctx, GNTTABOP_unmap_grant_ref, &u, sizeof(u)), 0L);
	KUNIT_EXPECT_EQ(test, u.status, (s16)GNTST_okay);
	KUNIT_ASSERT_EQ(test, ctx->fb->nr_calls, 1U);
	KUNIT_EXPECT_EQ(test, ctx->fb->log[0].control & 0xffff,
			(u64)HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST);
	KUNIT_EXPECT_EQ(test, be_l1(ctx)[VA >> PAGE_SHIFT], 0ULL);
	KUNIT_EXPECT_EQ(test, xenhv_gnt_v1(gt, 8)->flags, (u16)GTF_permit_access);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 8), 0U);
	/* A handle is released once. */
	KUNIT_EXPECT_EQ(test, be_gnt(ctx, GNTTABOP_unmap_grant_ref, &u, sizeof(u)), 0L);
	KUNIT_EXPECT_EQ(test, u.status, (s16)GNTST_bad_handle);
	u.handle = XENHV_MAPTRACK_MAX;
	be_gnt(ctx, GNTTABOP_unmap_grant_ref, &u, sizeof(u));
	KUNIT_EXPECT_EQ(test, u.status, (s16)GNTST_bad_handle);
	ctx->fb->cur_vcpu = 1;
	xenhv_pv_exit(ctx->b, saved);
	ctx->fb->cur_vcpu = was;

	/* Read-only, by the PTE's address (contains_pte); nobody on the tables: no call. */
	m = map_op((ctx->l1 << PAGE_SHIFT) + 6 * 8,
		   GNTMAP_host_map | GNTMAP_readonly | GNTMAP_contains_pte, 8, SELF_ID);
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_ASSERT_EQ(test, m.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, be_l1(ctx)[6] & XENHV_PTE_RW, 0ULL);
	KUNIT_EXPECT_EQ(test, xenhv_gnt_v1(gt, 8)->flags, (u16)(GTF_permit_access | GTF_reading));
	/* unmap_and_replace: a PTE address cannot take a new address; without one, an unmap. */
	{
		struct gnttab_unmap_and_replace r = { .host_addr = m.host_addr, .new_addr = VA,
						      .handle = m.handle };

		be_gnt(ctx, GNTTABOP_unmap_and_replace, &r, sizeof(r));
		KUNIT_EXPECT_EQ(test, r.status, (s16)GNTST_general_error);
		r.new_addr = 0;
		be_gnt(ctx, GNTTABOP_unmap_and_replace, &r, sizeof(r));
		KUNIT_EXPECT_EQ(test, r.status, (s16)GNTST_okay);
	}
	KUNIT_EXPECT_EQ(test, be_l1(ctx)[6], 0ULL);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 8), 0U);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 1U);

	/* With a linear address: the PTE at new_addr moves into the grant's slot. */
	{
		u64 mine = xenhv_mm_alloc_extent(ctx->b, 0, U64_MAX);
		struct gnttab_unmap_and_replace r;

		be_l1(ctx)[7] = 0;
		m = map_op(VA, GNTMAP_host_map, 8, SELF_ID);
		be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
		KUNIT_ASSERT_EQ(test, m.status, (s16)GNTST_okay);
		/* The backend's own page at VA + 2 pages, through the validated path. */
		KUNIT_ASSERT_EQ(test, xenhv_update_va_mapping(ctx->b, VA + 2 * PAGE_SIZE,
							      (mine << PAGE_SHIFT) | 3, 0,
							      DOMID_SELF, false), 0L);
		r = (struct gnttab_unmap_and_replace){ .host_addr = VA,
						       .new_addr = VA + 2 * PAGE_SIZE,
						       .handle = m.handle };
		be_gnt(ctx, GNTTABOP_unmap_and_replace, &r, sizeof(r));
		KUNIT_EXPECT_EQ(test, r.status, (s16)GNTST_okay);
		KUNIT_EXPECT_EQ(test, be_l1(ctx)[VA >> PAGE_SHIFT], (mine << PAGE_SHIFT) | 3);
		KUNIT_EXPECT_EQ(test, be_l1(ctx)[(VA >> PAGE_SHIFT) + 2], 0ULL);
		KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 8), 0U);
		/* The moved entry keeps its reference: the frame is still in use. */
		KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->b, mine, 0), -XEN_EBUSY);
		/* A grant mapping that is not at host_addr: general_error, nothing moves. */
		m = map_op(VA + PAGE_SIZE, GNTMAP_host_map, 8, SELF_ID);
		be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
		r = (struct gnttab_unmap_and_replace){ .host_addr = VA, .new_addr = VA + 3 * PAGE_SIZE,
						       .handle = m.handle };
		be_gnt(ctx, GNTTABOP_unmap_and_replace, &r, sizeof(r));
		KUNIT_EXPECT_EQ(test, r.status, (s16)GNTST_general_error);
		KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 8), 1U);
	}
}

/* Every refusal, in Xen's order; nothing pinned, nothing mapped afterwards. */
static void xenhv_gntmap_refusals(struct kunit *test)
{
	struct xenhv_gm_ctx *ctx = test->priv;
	struct xenhv_gnttab *gt = ctx->d->gnttab;
	static const struct {
		u32 flags, ref;
		u16 dom;
		u64 addr;
		s16 st;
	} cases[] = {
		{ 0, 8, SELF_ID, VA, GNTST_bad_gntref },		/* neither map kind */
		{ GNTMAP_host_map, 8, DOMID_SELF, VA, GNTST_bad_domain },
		{ GNTMAP_host_map, 8, 7, VA, GNTST_bad_domain },
		{ GNTMAP_host_map, 512, SELF_ID, VA, GNTST_bad_gntref },
		{ GNTMAP_host_map, 9, SELF_ID, VA, GNTST_general_error },	/* other domid */
		{ GNTMAP_host_map, 10, SELF_ID, VA, GNTST_general_error },	/* read-only */
		{ GNTMAP_host_map, 11, SELF_ID, VA, GNTST_bad_page },	/* not RAM */
		{ GNTMAP_host_map, 12, SELF_ID, VA, GNTST_general_error },	/* sub_page */
		{ GNTMAP_host_map, 8, SELF_ID, 1ULL << 40, GNTST_general_error }, /* no L1 */
		{ GNTMAP_host_map, 8, SELF_ID, 1ULL << 47, GNTST_general_error },
	};
	struct gnttab_map_grant_ref m;
	unsigned int i;

	*xenhv_gnt_v1(gt, 8) = (struct grant_entry_v1){ GTF_permit_access, BE_ID, GNT_FRAME };
	*xenhv_gnt_v1(gt, 9) = (struct grant_entry_v1){ GTF_permit_access, 5, GNT_FRAME };
	*xenhv_gnt_v1(gt, 10) = (struct grant_entry_v1){ GTF_permit_access | GTF_readonly, BE_ID,
							 GNT_FRAME };
	*xenhv_gnt_v1(gt, 11) = (struct grant_entry_v1){ GTF_permit_access, BE_ID, 1000 };
	*xenhv_gnt_v1(gt, 12) = (struct grant_entry_v1){ GTF_permit_access | GTF_sub_page, BE_ID,
							 GNT_FRAME };
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		m = map_op(cases[i].addr, cases[i].flags, cases[i].ref, cases[i].dom);
		KUNIT_EXPECT_EQ(test, be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m)), 0L);
		KUNIT_EXPECT_EQ_MSG(test, m.status, cases[i].st, "case %u", i);
	}
	for (i = 8; i < 13; i++) {
		KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, i), 0U);
		KUNIT_EXPECT_EQ(test, xenhv_gnt_v1(gt, i)->flags & (GTF_reading | GTF_writing), 0);
	}
	KUNIT_EXPECT_EQ(test, be_l1(ctx)[VA >> PAGE_SHIFT], 0ULL);
	/* xenhv's own pages: a grant naming a hidden grant frame (either domain's). */
	ctx->fb->alias_gfn = 40;
	ctx->fb->alias_page = ctx->b->gnttab->shared[0].hidden;
	*xenhv_gnt_v1(gt, 13) = (struct grant_entry_v1){ GTF_permit_access, BE_ID, 40 };
	m = map_op(VA, GNTMAP_host_map, 13, SELF_ID);
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, m.status, (s16)GNTST_bad_page);
	ctx->fb->alias_page = gt->shared[0].hidden;
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, m.status, (s16)GNTST_bad_page);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 13), 0U);
	ctx->fb->alias_page = NULL;
	/* A read-only map of the read-only grant works; handles were not used up. */
	m = map_op(VA, GNTMAP_host_map | GNTMAP_readonly, 10, SELF_ID);
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, m.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, m.handle, 0U);
	/* The backend cannot overwrite a grant PTE through mmu_update's validation. */
	KUNIT_EXPECT_EQ(test, be_l1(ctx)[VA >> PAGE_SHIFT] & XENHV_PTE_GNTTAB, XENHV_PTE_GNTTAB);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

/* Copy across domains: the backend reads and writes through the guest's grants. */
static void xenhv_gntmap_cross_domain_copy(struct kunit *test)
{
	struct xenhv_gm_ctx *ctx = test->priv;
	struct xenhv_gnttab *gt = ctx->d->gnttab;
	u64 mine = xenhv_mm_alloc_extent(ctx->b, 0, U64_MAX);
	u8 *pm = xenhv_fake_page(ctx->fb, mine), *pg = xenhv_fake_page(ctx->fb, GNT_FRAME);
	struct gnttab_copy c = {};

	*xenhv_gnt_v1(gt, 8) = (struct grant_entry_v1){ GTF_permit_access, BE_ID, GNT_FRAME };
	*xenhv_gnt_v1(gt, 9) = (struct grant_entry_v1){ GTF_permit_access | GTF_readonly, BE_ID,
							GNT_FRAME };
	/* guest gref 8 -> the backend's own frame */
	c.source.u.ref = 8;
	c.source.domid = SELF_ID;
	c.dest.u.gmfn = mine;
	c.dest.domid = DOMID_SELF;
	c.len = 64;
	c.flags = GNTCOPY_source_gref;
	be_gnt(ctx, GNTTABOP_copy, &c, sizeof(c));
	KUNIT_EXPECT_EQ(test, c.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, pm[63], 0x47);
	/* ... and back into the guest's page through the writable grant. */
	memset(pm, 0x11, 64);
	c.source.u.gmfn = mine;
	c.source.domid = DOMID_SELF;
	c.dest.u.ref = 8;
	c.dest.domid = SELF_ID;
	c.dest.offset = 128;
	c.flags = GNTCOPY_dest_gref;
	be_gnt(ctx, GNTTABOP_copy, &c, sizeof(c));
	KUNIT_EXPECT_EQ(test, c.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, pg[128], 0x11);
	KUNIT_EXPECT_EQ(test, pg[192], 0x47);
	c.dest.u.ref = 9;	/* read-only */
	be_gnt(ctx, GNTTABOP_copy, &c, sizeof(c));
	KUNIT_EXPECT_EQ(test, c.status, (s16)GNTST_general_error);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 8) + *xenhv_gnt_active(gt, 9), 0U);
	KUNIT_EXPECT_EQ(test, xenhv_gnt_v1(gt, 8)->flags, (u16)GTF_permit_access);
}

/*
 * Only the granter's own frames: a frame another domain owns, or (for the
 * backend, whose memory is its reservations) one it never reserved, is
 * GNTST_bad_page (get_paged_frame()); a page table of the granter's can be
 * read but never written through a grant (GNTST_general_error), and a
 * frame written through a grant cannot become a page table meanwhile.
 */
static void xenhv_gntmap_frames_not_the_granters(struct kunit *test)
{
	struct xenhv_gm_ctx *ctx = test->priv;
	struct xenhv_gnttab *gt = ctx->d->gnttab, *bgt = ctx->b->gnttab;
	u64 bmine = xenhv_mm_alloc_extent(ctx->b, 0, U64_MAX);
	u64 table = xenhv_mm_alloc_extent(ctx->d, 0, U64_MAX);
	u64 data = xenhv_mm_alloc_extent(ctx->d, 0, U64_MAX);
	struct gnttab_map_grant_ref m;
	struct gnttab_unmap_grant_ref u = { .host_addr = VA };
	struct gnttab_copy c = { .len = 8 };

	KUNIT_ASSERT_NE(test, data, XENHV_NO_FRAME);
	/* The guest grants the backend's own frame back to it: not the guest's. */
	*xenhv_gnt_v1(gt, 8) = (struct grant_entry_v1){ GTF_permit_access, BE_ID, bmine };
	m = map_op(VA, GNTMAP_host_map | GNTMAP_readonly, 8, SELF_ID);
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, m.status, (s16)GNTST_bad_page);
	/* The backend grants a page it never reserved (the guest's): refused. */
	*xenhv_gnt_v1(bgt, 3) = (struct grant_entry_v1){ GTF_permit_access, SELF_ID, GNT_FRAME };
	c.source.u.ref = 3;
	c.source.domid = BE_ID;
	c.dest.u.gmfn = GNT_FRAME;
	c.dest.domid = DOMID_SELF;
	c.flags = GNTCOPY_source_gref;
	guest_gnt(ctx, GNTTABOP_copy, &c, sizeof(c));
	KUNIT_EXPECT_EQ(test, c.status, (s16)GNTST_bad_page);
	/* ...nor may it copy from it as a frame of its own. */
	c.source.u.gmfn = GNT_FRAME;
	c.source.domid = DOMID_SELF;
	c.dest.u.gmfn = bmine;
	c.flags = 0;
	be_gnt(ctx, GNTTABOP_copy, &c, sizeof(c));
	KUNIT_EXPECT_EQ(test, c.status, (s16)GNTST_bad_page);
	/* Its own reserved frame it may grant. */
	*xenhv_gnt_v1(bgt, 3) = (struct grant_entry_v1){ GTF_permit_access, SELF_ID, bmine };
	c.source.u.ref = 3;
	c.source.domid = BE_ID;
	c.dest.u.gmfn = GNT_FRAME;
	c.flags = GNTCOPY_source_gref;
	guest_gnt(ctx, GNTTABOP_copy, &c, sizeof(c));
	KUNIT_EXPECT_EQ(test, c.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(bgt, 3), 0U);

	/* The guest's page table: readable through a grant, never writable. */
	KUNIT_ASSERT_EQ(test, xenhv_mm_pin(ctx->d, table, 1), 0);
	*xenhv_gnt_v1(gt, 9) = (struct grant_entry_v1){ GTF_permit_access, BE_ID, table };
	m = map_op(VA, GNTMAP_host_map, 9, SELF_ID);
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, m.status, (s16)GNTST_general_error);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 9), 0U);
	KUNIT_EXPECT_EQ(test, xenhv_gnt_v1(gt, 9)->flags, (u16)GTF_permit_access);
	c.source.u.gmfn = bmine;
	c.source.domid = DOMID_SELF;
	c.dest.u.ref = 9;
	c.dest.domid = SELF_ID;
	c.flags = GNTCOPY_dest_gref;
	be_gnt(ctx, GNTTABOP_copy, &c, sizeof(c));
	KUNIT_EXPECT_EQ(test, c.status, (s16)GNTST_general_error);
	m = map_op(VA, GNTMAP_host_map | GNTMAP_readonly, 9, SELF_ID);
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, m.status, (s16)GNTST_okay);
	u.handle = m.handle;
	be_gnt(ctx, GNTTABOP_unmap_grant_ref, &u, sizeof(u));
	KUNIT_EXPECT_EQ(test, u.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, xenhv_mm_unpin(ctx->d, table), 0);

	/* A frame mapped writable through a grant cannot become a table... */
	*xenhv_gnt_v1(gt, 10) = (struct grant_entry_v1){ GTF_permit_access, BE_ID, data };
	m = map_op(VA, GNTMAP_host_map, 10, SELF_ID);
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_ASSERT_EQ(test, m.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, xenhv_mm_pin(ctx->d, data, 1), (int)-XEN_EINVAL);
	/* ...nor leave the guest while in use; after unmap, both work again. */
	KUNIT_EXPECT_NE(test, xenhv_mm_check_extent(ctx->d, data, 0), 0);
	u.handle = m.handle;
	be_gnt(ctx, GNTTABOP_unmap_grant_ref, &u, sizeof(u));
	KUNIT_EXPECT_EQ(test, u.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, xenhv_mm_pin(ctx->d, data, 1), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_unpin(ctx->d, data), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, data, 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->d, table, 0), 0);
	KUNIT_EXPECT_EQ(test, xenhv_mm_check_extent(ctx->b, bmine, 0), 0);
}

/*
 * Handles come in chunks as they are first needed, lowest free first, and
 * run out at XENHV_MAPTRACK_MAX (GNTST_no_space); a freed one is reused.
 */
static void xenhv_gntmap_handles_grow_and_run_out(struct kunit *test)
{
	struct xenhv_gm_ctx *ctx = test->priv;
	struct xenhv_gnttab *gt = ctx->d->gnttab, *bgt = ctx->b->gnttab;
	struct gnttab_map_grant_ref m;
	struct gnttab_unmap_grant_ref u = {};
	unsigned int i;

	*xenhv_gnt_v1(gt, 8) = (struct grant_entry_v1){ GTF_permit_access, BE_ID, GNT_FRAME };
	KUNIT_EXPECT_EQ(test, bgt->nr_maptrack_chunks, 0U);
	for (i = 0; i < XENHV_MAPTRACK_MAX; i++) {
		m = map_op(0, GNTMAP_device_map | GNTMAP_readonly, 8, SELF_ID);
		be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
		if (m.status != GNTST_okay || m.handle != i)
			break;
		if (i == 0)
			KUNIT_EXPECT_EQ(test, bgt->nr_maptrack_chunks, 1U);
	}
	KUNIT_EXPECT_EQ(test, i, (unsigned int)XENHV_MAPTRACK_MAX);
	KUNIT_EXPECT_EQ(test, bgt->nr_maptrack_chunks,
			(unsigned int)(XENHV_MAPTRACK_MAX / XENHV_MAPTRACK_CHUNK));
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 8), (u32)XENHV_MAPTRACK_MAX);
	m = map_op(0, GNTMAP_device_map | GNTMAP_readonly, 8, SELF_ID);
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, m.status, (s16)GNTST_no_space);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 8), (u32)XENHV_MAPTRACK_MAX);
	/* Give one back in the middle: it is the one handed out next. */
	u.handle = 1000;
	u.dev_bus_addr = (u64)GNT_FRAME << PAGE_SHIFT;
	be_gnt(ctx, GNTTABOP_unmap_grant_ref, &u, sizeof(u));
	KUNIT_EXPECT_EQ(test, u.status, (s16)GNTST_okay);
	m = map_op(0, GNTMAP_device_map | GNTMAP_readonly, 8, SELF_ID);
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, m.status, (s16)GNTST_okay);
	KUNIT_EXPECT_EQ(test, m.handle, 1000U);
	/* Teardown (the suite's exit) releases all 4096. */
	xenhv_gnttab_drop_maps(ctx->b);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 8), 0U);
	KUNIT_EXPECT_EQ(test, xenhv_gnt_v1(gt, 8)->flags, (u16)GTF_permit_access);
}

/* A domain going away with maps: every handle released, the granter's entry free. */
static void xenhv_gntmap_teardown_releases(struct kunit *test)
{
	struct xenhv_gm_ctx *ctx = test->priv;
	struct xenhv_gnttab *gt = ctx->d->gnttab;
	struct gnttab_map_grant_ref m = map_op(VA, GNTMAP_host_map, 8, SELF_ID);

	*xenhv_gnt_v1(gt, 8) = (struct grant_entry_v1){ GTF_permit_access, BE_ID, GNT_FRAME };
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_ASSERT_EQ(test, m.status, (s16)GNTST_okay);
	m = map_op(VA + PAGE_SIZE, GNTMAP_host_map, 8, SELF_ID);
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, m.handle, 1U);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 8), 2U);
	/* A read-only user too; the writable ones go: GTF_writing clears, reading stays. */
	m = map_op(VA + 2 * PAGE_SIZE, GNTMAP_host_map | GNTMAP_readonly, 8, SELF_ID);
	be_gnt(ctx, GNTTABOP_map_grant_ref, &m, sizeof(m));
	KUNIT_ASSERT_EQ(test, m.status, (s16)GNTST_okay);
	{
		struct gnttab_unmap_grant_ref u[2] = {
			{ .host_addr = VA, .handle = 0 },
			{ .host_addr = VA + PAGE_SIZE, .handle = 1 },
		};
		unsigned long a[5] = { GNTTABOP_unmap_grant_ref, xenhv_fake_gva(ctx->fb, OP_OFF),
				       2 };

		memcpy(ctx->fb->mem + OP_OFF, u, sizeof(u));
		KUNIT_EXPECT_EQ(test, xenhv_grant_table_op(ctx->b, a), 0L);
		memcpy(u, ctx->fb->mem + OP_OFF, sizeof(u));
		KUNIT_EXPECT_EQ(test, u[0].status, (s16)GNTST_okay);
		KUNIT_EXPECT_EQ(test, u[1].status, (s16)GNTST_okay);
	}
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 8), 1U);
	KUNIT_EXPECT_EQ(test, xenhv_gnt_v1(gt, 8)->flags, (u16)(GTF_permit_access | GTF_reading));
	xenhv_gnttab_drop_maps(ctx->b);
	KUNIT_EXPECT_EQ(test, *xenhv_gnt_active(gt, 8), 0U);
	KUNIT_EXPECT_EQ(test, xenhv_gnt_v1(gt, 8)->flags, (u16)GTF_permit_access);
}

/*
 * The table calls of the peer: it exists, and neither domain controls the
 * other (XSM_TARGET), so naming it is refused, not missing. With the
 * backend at domid 0 this is also what the guest gets for dom0.
 */
static void xenhv_gntmap_peer_tables_refused(struct kunit *test)
{
	struct xenhv_gm_ctx *ctx = test->priv;
	struct gnttab_get_version gv = { .dom = BE_ID };
	struct gnttab_setup_table st = { .dom = BE_ID, .nr_frames = 1 };
	struct gnttab_query_size q = { .dom = SELF_ID };

	KUNIT_EXPECT_EQ(test, guest_gnt(ctx, GNTTABOP_get_version, &gv, sizeof(gv)),
			(long)-XEN_EPERM);
	set_xen_guest_handle(st.frame_list, (xen_pfn_t *)xenhv_fake_gva(ctx->fb, LIST_OFF));
	KUNIT_EXPECT_EQ(test, guest_gnt(ctx, GNTTABOP_setup_table, &st, sizeof(st)), 0L);
	KUNIT_EXPECT_EQ(test, st.status, (s16)GNTST_permission_denied);
	gv.dom = SELF_ID;
	KUNIT_EXPECT_EQ(test, be_gnt(ctx, GNTTABOP_get_version, &gv, sizeof(gv)),
			(long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, be_gnt(ctx, GNTTABOP_query_size, &q, sizeof(q)), 0L);
	KUNIT_EXPECT_EQ(test, q.status, (s16)GNTST_permission_denied);
	/* Each still reads its own table, and a third domain is missing. */
	gv.dom = BE_ID;
	KUNIT_EXPECT_EQ(test, be_gnt(ctx, GNTTABOP_get_version, &gv, sizeof(gv)), 0L);
	KUNIT_EXPECT_EQ(test, gv.version, 1U);
	gv.dom = 7;
	KUNIT_EXPECT_EQ(test, be_gnt(ctx, GNTTABOP_get_version, &gv, sizeof(gv)),
			(long)-XEN_ESRCH);
	KUNIT_EXPECT_EQ(test, guest_gnt(ctx, GNTTABOP_get_version, &gv, sizeof(gv)),
			(long)-XEN_ESRCH);
}

static struct kunit_case xenhv_gntmap_cases[] = {
	KUNIT_CASE(xenhv_gntmap_map_unmap),
	KUNIT_CASE(xenhv_gntmap_refusals),
	KUNIT_CASE(xenhv_gntmap_cross_domain_copy),
	KUNIT_CASE(xenhv_gntmap_frames_not_the_granters),
	KUNIT_CASE(xenhv_gntmap_handles_grow_and_run_out),
	KUNIT_CASE(xenhv_gntmap_teardown_releases),
	KUNIT_CASE(xenhv_gntmap_peer_tables_refused),
	{}
};

static struct kunit_suite xenhv_gntmap_suite = {
	.name = "xenhv_gnttab_map",
	.init = xenhv_gm_test_init,
	.exit = xenhv_gm_test_exit,
	.test_cases = xenhv_gntmap_cases,
};

kunit_test_suites(&xenhv_gnttab_suite, &xenhv_gntmap_suite);
