// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/hypervisor as Linux's drivers/xen/sys-hypervisor.c fills it on Xen
 * (type, uuid, guest_type, version/, compilation/, properties/), with the
 * answers the guest's own xen_version calls get from xenhv, so Debian's
 * xen-utils-wrapper and the tools that read it find the Xen they expect.
 * Only on kernels with CONFIG_SYS_HYPERVISOR (every Debian flavour).
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include "xenhv_shim.h"

#if IS_ENABLED(CONFIG_SYS_HYPERVISOR)

static long xenhv_ver(int cmd, void *arg)
{
	return xenhv_hypercall(__HYPERVISOR_xen_version, cmd, (unsigned long)arg, 0, 0, 0);
}

#define XENHV_SYS_ATTR(_name, _show) \
	static struct kobj_attribute xenhv_sys_##_name = __ATTR(_name, 0444, _show, NULL)

static ssize_t type_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "xen\n");
}
XENHV_SYS_ATTR(type, type_show);

static ssize_t guest_type_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "HVM\n");
}
XENHV_SYS_ATTR(guest_type, guest_type_show);

/* uuid_show_fallback(): the domain handle. */
static ssize_t uuid_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	xen_domain_handle_t h;

	if (xenhv_ver(XENVER_guest_handle, h))
		return -EIO;
	return sysfs_emit(buf, "%pU\n", h);
}
XENHV_SYS_ATTR(uuid, uuid_show);

static ssize_t major_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%ld\n", xenhv_ver(XENVER_version, NULL) >> 16);
}
XENHV_SYS_ATTR(major, major_show);

static ssize_t minor_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%ld\n", xenhv_ver(XENVER_version, NULL) & 0xffff);
}
XENHV_SYS_ATTR(minor, minor_show);

static ssize_t extra_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	struct xen_extraversion e = {};

	if (xenhv_ver(XENVER_extraversion, &e))
		return -EIO;
	return sysfs_emit(buf, "%.*s\n", (int)sizeof(e.extraversion), e.extraversion);
}
XENHV_SYS_ATTR(extra, extra_show);

static ssize_t xenhv_compile_show(char *buf, int which)
{
	struct xen_compile_info *ci = kzalloc(sizeof(*ci), GFP_KERNEL);
	ssize_t n = -ENOMEM;

	if (ci && !xenhv_ver(XENVER_compile_info, ci))
		n = sysfs_emit(buf, "%.*s\n", 64, which == 0 ? ci->compiler :
			       which == 1 ? ci->compile_by : ci->compile_date);
	else if (ci)
		n = -EIO;
	kfree(ci);
	return n;
}

static ssize_t compiler_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return xenhv_compile_show(buf, 0);
}
XENHV_SYS_ATTR(compiler, compiler_show);

static ssize_t compiled_by_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return xenhv_compile_show(buf, 1);
}
XENHV_SYS_ATTR(compiled_by, compiled_by_show);

static ssize_t compile_date_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return xenhv_compile_show(buf, 2);
}
XENHV_SYS_ATTR(compile_date, compile_date_show);

static ssize_t capabilities_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	struct xen_capabilities_info *c = kzalloc(sizeof(*c), GFP_KERNEL);
	ssize_t n = -ENOMEM;

	if (c && !xenhv_ver(XENVER_capabilities, c))
		n = sysfs_emit(buf, "%.*s\n", (int)sizeof(c->info), c->info);
	else if (c)
		n = -EIO;
	kfree(c);
	return n;
}
XENHV_SYS_ATTR(capabilities, capabilities_show);

static ssize_t changeset_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	struct xen_changeset_info c = {};

	if (xenhv_ver(XENVER_changeset, &c))
		return -EIO;
	return sysfs_emit(buf, "%.*s\n", (int)sizeof(c.info), c.info);
}
XENHV_SYS_ATTR(changeset, changeset_show);

static ssize_t virtual_start_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	struct xen_platform_parameters p = {};

	if (xenhv_ver(XENVER_platform_parameters, &p))
		return -EIO;
	return sysfs_emit(buf, "%lx\n", (unsigned long)p.virt_start);
}
XENHV_SYS_ATTR(virtual_start, virtual_start_show);

static ssize_t pagesize_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%lx\n", xenhv_ver(XENVER_pagesize, NULL));
}
XENHV_SYS_ATTR(pagesize, pagesize_show);

/* features_show(): the first 32-bit submap, as eight hex digits. */
static ssize_t features_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	struct xen_feature_info fi = { .submap_idx = 0 };

	if (xenhv_ver(XENVER_get_features, &fi))
		return -EIO;
	return sysfs_emit(buf, "%08x\n", fi.submap);
}
XENHV_SYS_ATTR(features, features_show);

/* buildid_show(): the raw build id (xenhv's is empty: -ENODATA, as without one). */
static ssize_t buildid_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	struct xen_build_id *b = kzalloc(sizeof(*b) + PAGE_SIZE - 64, GFP_KERNEL);
	long n;

	if (!b)
		return -ENOMEM;
	b->len = PAGE_SIZE - 64 - sizeof(*b);
	n = xenhv_ver(XENVER_build_id, b);
	if (n > 0)
		memcpy(buf, b->buf, n);
	kfree(b);
	return n < 0 ? -ENODATA : n;
}
XENHV_SYS_ATTR(buildid, buildid_show);

static struct attribute *xenhv_sys_top[] = {
	&xenhv_sys_type.attr, &xenhv_sys_guest_type.attr, &xenhv_sys_uuid.attr, NULL,
};
static const struct attribute_group xenhv_sys_top_group = { .attrs = xenhv_sys_top };

static struct attribute *xenhv_sys_version[] = {
	&xenhv_sys_major.attr, &xenhv_sys_minor.attr, &xenhv_sys_extra.attr, NULL,
};
static const struct attribute_group xenhv_sys_version_group = {
	.name = "version", .attrs = xenhv_sys_version,
};

static struct attribute *xenhv_sys_compilation[] = {
	&xenhv_sys_compiler.attr, &xenhv_sys_compiled_by.attr, &xenhv_sys_compile_date.attr,
	NULL,
};
static const struct attribute_group xenhv_sys_compilation_group = {
	.name = "compilation", .attrs = xenhv_sys_compilation,
};

static struct attribute *xenhv_sys_properties[] = {
	&xenhv_sys_capabilities.attr, &xenhv_sys_changeset.attr, &xenhv_sys_virtual_start.attr,
	&xenhv_sys_pagesize.attr, &xenhv_sys_features.attr, &xenhv_sys_buildid.attr, NULL,
};
static const struct attribute_group xenhv_sys_properties_group = {
	.name = "properties", .attrs = xenhv_sys_properties,
};

static const struct attribute_group *xenhv_sys_groups[] = {
	&xenhv_sys_top_group, &xenhv_sys_version_group, &xenhv_sys_compilation_group,
	&xenhv_sys_properties_group, NULL,
};

/* Fill /sys/hypervisor; -EEXIST if another hypervisor driver already did. */
int xenhv_sys_hypervisor_init(void)
{
	return hypervisor_kobj ? sysfs_create_groups(hypervisor_kobj, xenhv_sys_groups) : 0;
}

void xenhv_sys_hypervisor_exit(void)
{
	if (hypervisor_kobj)
		sysfs_remove_groups(hypervisor_kobj, xenhv_sys_groups);
}

#else

int xenhv_sys_hypervisor_init(void)
{
	return 0;
}

void xenhv_sys_hypervisor_exit(void)
{
}

#endif
