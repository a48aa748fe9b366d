// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: xen_version, every sub-op, as Xen 4.17 answers an HVM domU.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include "xenhv_fake_backend.h"

#define XENHV_VT_MEM	2048

struct xenhv_version_ctx {
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d;
};

static int xenhv_version_test_init(struct kunit *test)
{
	struct xenhv_version_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	ctx->fb = xenhv_fake_new(test, XENHV_VT_MEM);
	ctx->d = xenhv_fake_domain(test, ctx->fb);
	/* Poison guest memory so "zero padded" is really checked. */
	memset(ctx->fb->mem, 0x5a, XENHV_VT_MEM);
	test->priv = ctx;
	return 0;
}

static long ver(struct kunit *test, int cmd, unsigned long arg)
{
	struct xenhv_version_ctx *ctx = test->priv;

	return xenhv_xen_version(ctx->d, cmd, arg);
}

static void xenhv_version_number(struct kunit *test)
{
	struct xenhv_version_ctx *ctx = test->priv;

	/* 4.17 → 0x00040011; the argument is ignored, even a bad one. */
	KUNIT_EXPECT_EQ(test, ver(test, XENVER_version, 0), 0x40011L);
	KUNIT_EXPECT_EQ(test, ver(test, XENVER_version, 0xdeadbeef), 0x40011L);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

/*
 * arch_get_xen_caps() of Xen 4.17.7 with CONFIG_PV, HVM and no 32-bit PV
 * (opt_pv32 off): what every domain reads, trailing space included.
 */
#define XENHV_TEST_CAPS "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 "

static void xenhv_version_strings_zero_padded(struct kunit *test)
{
	struct xenhv_version_ctx *ctx = test->priv;
	u8 *m = ctx->fb->mem;
	unsigned long g = xenhv_fake_gva(ctx->fb, 0);
	size_t n;

	KUNIT_ASSERT_EQ(test, ver(test, XENVER_extraversion, g), 0L);
	KUNIT_EXPECT_STREQ(test, (char *)m, XENHV_XEN_EXTRAVERSION);
	n = strlen(XENHV_XEN_EXTRAVERSION);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(m + n, 0, 16 - n));
	KUNIT_EXPECT_EQ(test, m[16], 0x5a);	/* exactly 16 bytes written */

	memset(m, 0x5a, XENHV_VT_MEM);
	KUNIT_ASSERT_EQ(test, ver(test, XENVER_capabilities, g), 0L);
	KUNIT_EXPECT_STREQ(test, (char *)m, XENHV_TEST_CAPS);
	n = strlen((char *)m);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(m + n, 0, 1024 - n));
	KUNIT_EXPECT_EQ(test, m[1024], 0x5a);

	memset(m, 0x5a, XENHV_VT_MEM);
	KUNIT_ASSERT_EQ(test, ver(test, XENVER_changeset, g), 0L);
	KUNIT_EXPECT_EQ(test, strncmp((char *)m, "xenhv ", 6), 0);
	KUNIT_EXPECT_EQ(test, m[63], 0);
	KUNIT_EXPECT_EQ(test, m[64], 0x5a);
}

static void xenhv_version_compile_info(struct kunit *test)
{
	struct xenhv_version_ctx *ctx = test->priv;
	struct xen_compile_info *ci = (void *)ctx->fb->mem;

	KUNIT_ASSERT_EQ(test, ver(test, XENVER_compile_info,
				  xenhv_fake_gva(ctx->fb, 0)), 0L);
	KUNIT_EXPECT_GT(test, strnlen(ci->compiler, sizeof(ci->compiler)), (size_t)0);
	KUNIT_EXPECT_LT(test, strnlen(ci->compiler, sizeof(ci->compiler)),
			sizeof(ci->compiler));
	KUNIT_EXPECT_STREQ(test, ci->compile_by, "xenhv");
	KUNIT_EXPECT_STREQ(test, ci->compile_domain, "");
	KUNIT_EXPECT_EQ(test, ctx->fb->mem[sizeof(*ci)], 0x5a);
}

static void xenhv_version_platform_parameters(struct kunit *test)
{
	struct xenhv_version_ctx *ctx = test->priv;
	struct xen_platform_parameters *pp = (void *)ctx->fb->mem;

	KUNIT_ASSERT_EQ(test, ver(test, XENVER_platform_parameters,
				  xenhv_fake_gva(ctx->fb, 0)), 0L);
	KUNIT_EXPECT_EQ(test, (unsigned long)pp->virt_start, 0xFFFF800000000000UL);
}

static void xenhv_version_get_features(struct kunit *test)
{
	struct xenhv_version_ctx *ctx = test->priv;
	struct xen_feature_info *fi = (void *)ctx->fb->mem;
	unsigned long g = xenhv_fake_gva(ctx->fb, 0);

	fi->submap_idx = 0;
	KUNIT_ASSERT_EQ(test, ver(test, XENVER_get_features, g), 0L);
	KUNIT_EXPECT_EQ(test, fi->submap_idx, 0U);
	KUNIT_EXPECT_EQ(test, fi->submap, xenhv_xen_features(ctx->d, 0));
	/* What an HVM domU always has... */
	KUNIT_EXPECT_TRUE(test, fi->submap & BIT(XENFEAT_auto_translated_physmap));
	KUNIT_EXPECT_TRUE(test, fi->submap & BIT(XENFEAT_writable_page_tables));
	/* ...never has... */
	KUNIT_EXPECT_FALSE(test, fi->submap & BIT(XENFEAT_dom0));
	KUNIT_EXPECT_FALSE(test, fi->submap & BIT(XENFEAT_hvm_pirqs));
	KUNIT_EXPECT_FALSE(test, fi->submap & BIT(XENFEAT_mmu_pt_update_preserve_ad));
	/* ...and has now that event channels, time and memory_op exist. */
	KUNIT_EXPECT_TRUE(test, fi->submap & BIT(XENFEAT_hvm_callback_vector));
	KUNIT_EXPECT_TRUE(test, fi->submap & BIT(XENFEAT_hvm_safe_pvclock));
	/* Nothing outside Xen 4.17.7's domU set (0x12305). */
	KUNIT_EXPECT_EQ(test, fi->submap & ~0x12305U, 0U);

	/* Only submap 0 exists (XENFEAT_NR_SUBMAPS == 1). */
	fi->submap_idx = 1;
	fi->submap = 0x77;
	KUNIT_EXPECT_EQ(test, ver(test, XENVER_get_features, g), (long)-XEN_EINVAL);
	KUNIT_EXPECT_EQ(test, fi->submap, 0x77U);
	fi->submap_idx = UINT_MAX;
	KUNIT_EXPECT_EQ(test, ver(test, XENVER_get_features, g), (long)-XEN_EINVAL);
}

/*
 * Exactly what Xen 4.17.7's do_xen_version() gives an HVM domU: submap 0
 * is 0x12305 (memory_op_vnode_supported, writable_page_tables,
 * auto_translated_physmap, hvm_safe_pvclock, hvm_callback_vector,
 * not_direct_mapped), and the capabilities name 64-bit PV and the three
 * HVM kinds.
 */
static void xenhv_version_hvm_domu_view(struct kunit *test)
{
	struct xenhv_version_ctx *ctx = test->priv;
	struct xen_feature_info *fi = (void *)ctx->fb->mem;
	unsigned long g = xenhv_fake_gva(ctx->fb, 0);

	fi->submap_idx = 0;
	KUNIT_ASSERT_EQ(test, ver(test, XENVER_get_features, g), 0L);
	KUNIT_EXPECT_EQ(test, fi->submap, 0x12305U);
	KUNIT_ASSERT_EQ(test, ver(test, XENVER_capabilities, g), 0L);
	KUNIT_EXPECT_STREQ(test, (char *)ctx->fb->mem, XENHV_TEST_CAPS);
}

static void xenhv_version_pagesize(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ver(test, XENVER_pagesize, 0), 4096L);
	/* Xen: a non-NULL handle is -XEN_EINVAL, even a valid one. */
	KUNIT_EXPECT_EQ(test, ver(test, XENVER_pagesize, 0x1000), (long)-XEN_EINVAL);
}

static void xenhv_version_guest_handle(struct kunit *test)
{
	struct xenhv_version_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, ver(test, XENVER_guest_handle,
				  xenhv_fake_gva(ctx->fb, 0)), 0L);
	KUNIT_EXPECT_EQ(test, memcmp(ctx->fb->mem, ctx->d->handle, 16), 0);
	KUNIT_EXPECT_EQ(test, ctx->fb->mem[16], 0x5a);
}

static void xenhv_version_privileged_ops_denied(struct kunit *test)
{
	struct xenhv_version_ctx *ctx = test->priv;
	unsigned long g = xenhv_fake_gva(ctx->fb, 0);

	/* commandline: succeeds with only "<denied>\0" written. */
	KUNIT_EXPECT_EQ(test, ver(test, XENVER_commandline, g), 0L);
	KUNIT_EXPECT_STREQ(test, (char *)ctx->fb->mem, "<denied>");
	KUNIT_EXPECT_EQ(test, ctx->fb->mem[9], 0x5a);
	/* build_id: -XEN_EPERM before touching the guest, even with a bad handle. */
	KUNIT_EXPECT_EQ(test, ver(test, XENVER_build_id, g), (long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, ver(test, XENVER_build_id, 0), (long)-XEN_EPERM);
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_guest_faults, 0U);
}

static void xenhv_version_unknown_cmds(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ver(test, 11, 0), (long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, ver(test, -1, 0), (long)-XEN_ENOSYS);
	KUNIT_EXPECT_EQ(test, ver(test, INT_MAX, 0), (long)-XEN_ENOSYS);
}

/* Every sub-op that touches guest memory: NULL, out of range, straddling. */
static void xenhv_version_bad_handles_fault(struct kunit *test)
{
	static const int cmds[] = {
		XENVER_extraversion, XENVER_compile_info, XENVER_capabilities,
		XENVER_changeset, XENVER_platform_parameters, XENVER_get_features,
		XENVER_guest_handle, XENVER_commandline,
	};
	struct xenhv_version_ctx *ctx = test->priv;
	unsigned long straddle = xenhv_fake_gva(ctx->fb, XENHV_VT_MEM - 4);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		KUNIT_EXPECT_EQ_MSG(test, ver(test, cmds[i], 0), (long)-XEN_EFAULT,
				    "cmd %d NULL", cmds[i]);
		KUNIT_EXPECT_EQ_MSG(test, ver(test, cmds[i], 0x1000), (long)-XEN_EFAULT,
				    "cmd %d low address", cmds[i]);
		KUNIT_EXPECT_EQ_MSG(test, ver(test, cmds[i], straddle), (long)-XEN_EFAULT,
				    "cmd %d straddling", cmds[i]);
	}
	KUNIT_EXPECT_EQ(test, ctx->fb->nr_calls, 0U);
}

static struct kunit_case xenhv_version_cases[] = {
	KUNIT_CASE(xenhv_version_number),
	KUNIT_CASE(xenhv_version_strings_zero_padded),
	KUNIT_CASE(xenhv_version_compile_info),
	KUNIT_CASE(xenhv_version_platform_parameters),
	KUNIT_CASE(xenhv_version_get_features),
	KUNIT_CASE(xenhv_version_hvm_domu_view),
	KUNIT_CASE(xenhv_version_pagesize),
	KUNIT_CASE(xenhv_version_guest_handle),
	KUNIT_CASE(xenhv_version_privileged_ops_denied),
	KUNIT_CASE(xenhv_version_unknown_cmds),
	KUNIT_CASE(xenhv_version_bad_handles_fault),
	{}
};

static struct kunit_suite xenhv_version_suite = {
	.name = "xenhv_xen_version",
	.init = xenhv_version_test_init,
	.test_cases = xenhv_version_cases,
};

kunit_test_suites(&xenhv_version_suite);
