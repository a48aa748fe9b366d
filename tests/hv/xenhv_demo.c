// SPDX-License-Identifier: GPL-2.0
/*
 * xenhv demo: issue Xen hypercalls through xenhv and print what each
 * became on Hyper-V, with the Hyper-V calls counted by xenhv's backend.
 * Each row also checks its result, printed as a KTAP line, so the demo
 * doubles as the stock-kernel test.
 */
#define pr_fmt(fmt) "xenhv-demo: " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include "../../shim/xenhv.h"
#include "../../xen_abi/xenhv_xen.h"
#include "../../xen_abi/xenhv_errno.h"
#include "../../hv_abi/xenhv_tlfs.h"
#include <xen/interface/event_channel.h>
#include <xen/interface/grant_table.h>

#define XENHV_DEMO_CODES	0x101	/* backend slots: codes 0-0xff, then "other" */

struct xenhv_demo_row {
	const char *xen;		/* the Xen call as a guest writes it */
	unsigned int op;
	unsigned long a1;
	bool buf;			/* a2 points at a buffer */
	long expect;
	unsigned long a2;		/* a2 when it is not a buffer */
};

static const struct xenhv_demo_row xenhv_demo_rows[] = {
	{ "xen_version(XENVER_version)", __HYPERVISOR_xen_version, XENVER_version,
	  false, 0x40011 },
	{ "xen_version(XENVER_extraversion)", __HYPERVISOR_xen_version,
	  XENVER_extraversion, true, 0 },
	{ "xen_version(XENVER_get_features)", __HYPERVISOR_xen_version,
	  XENVER_get_features, true, 0 },
	{ "xen_version(XENVER_pagesize)", __HYPERVISOR_xen_version, XENVER_pagesize,
	  false, 4096 },
	{ "xen_version(XENVER_build_id)", __HYPERVISOR_xen_version, XENVER_build_id,
	  true, -XEN_EPERM },
	{ "sched_op(SCHEDOP_yield)", __HYPERVISOR_sched_op, SCHEDOP_yield, false, 0 },
	{ "event_channel_op(EVTCHNOP_bind_ipi)", __HYPERVISOR_event_channel_op,
	  EVTCHNOP_bind_ipi, true, 0 },
	{ "event_channel_op(EVTCHNOP_send)", __HYPERVISOR_event_channel_op,
	  EVTCHNOP_send, true, 0 },
	{ "event_channel_op(EVTCHNOP_close)", __HYPERVISOR_event_channel_op,
	  EVTCHNOP_close, true, 0 },
	{ "hvm_op(HVMOP_get_time)", __HYPERVISOR_hvm_op, 10, true, 0 },
	{ "hvm_op(HVMOP_flush_tlbs)", __HYPERVISOR_hvm_op, 5, false, 0 },
	{ "set_timer_op(0)", __HYPERVISOR_set_timer_op, 0, false, 0 },
	{ "vm_assist(enable, runstate_update_flag)", __HYPERVISOR_vm_assist,
	  VMASST_CMD_enable, false, 0, VMASST_TYPE_runstate_update_flag },
	{ "vm_assist(enable, writable_pagetables)", __HYPERVISOR_vm_assist,
	  VMASST_CMD_enable, false, -XEN_EINVAL, VMASST_TYPE_writable_pagetables },
	{ "console_io(CONSOLEIO_write)", __HYPERVISOR_console_io, 0, false, -XEN_EPERM },
	{ "sched_op(SCHEDOP_pin_override)", __HYPERVISOR_sched_op, 7, false, -XEN_EPERM },
	{ "physdev_op(PHYSDEVOP_eoi)", __HYPERVISOR_physdev_op, 12, true, -XEN_ENOSYS },
	{ "xenpmu_op(...)", __HYPERVISOR_xenpmu_op, 0, false, -XEN_EOPNOTSUPP },
	{ "set_trap_table(...)", __HYPERVISOR_set_trap_table, 0, false, -XEN_ENOSYS },
	{ "grant_table_op(GNTTABOP_get_version)", __HYPERVISOR_grant_table_op,
	  GNTTABOP_get_version, true, 0 },
};

static const char *xenhv_demo_hv_name(unsigned int code)
{
	switch (code) {
	case HVCALL_NOTIFY_LONG_SPIN_WAIT:
		return "HvCallNotifyLongSpinWait";
	case HVCALL_FLUSH_VIRTUAL_ADDRESS_SPACE:
		return "HvCallFlushVirtualAddressSpace";
	case HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST:
		return "HvCallFlushVirtualAddressList";
	case HVCALL_SEND_IPI:
		return "HvCallSendSyntheticClusterIpi";
	default:
		return "HvCall";
	}
}

static void xenhv_demo_snapshot(u64 *calls, u64 *fails)
{
	unsigned int c;

	for (c = 0; c < XENHV_DEMO_CODES; c++)
		calls[c] = xenhv_hv_call_count(c, &fails[c]);
}

/* "HvCallNotifyLongSpinWait (0x0008) x1 ok" for each code that moved. */
static void xenhv_demo_describe(const u64 *c0, const u64 *f0, const u64 *c1,
				const u64 *f1, char *out, size_t size)
{
	unsigned int c;
	size_t len = 0;

	out[0] = '\0';
	for (c = 0; c < XENHV_DEMO_CODES; c++) {
		if (c1[c] == c0[c])
			continue;
		len += scnprintf(out + len, size - len, "%s%s (0x%04x) x%llu, %llu failed",
				 len ? "; " : "", xenhv_demo_hv_name(c), c,
				 c1[c] - c0[c], f1[c] - f0[c]);
	}
	if (!len)
		strscpy(out, "none", size);
}

static const char *xenhv_demo_errname(long ret)
{
	switch (ret) {
	case -XEN_EPERM:
		return "-EPERM";
	case -XEN_ENOSYS:
		return "-ENOSYS";
	case -XEN_EINVAL:
		return "-EINVAL";
	case -XEN_EFAULT:
		return "-EFAULT";
	case -XEN_EOPNOTSUPP:
		return "-EOPNOTSUPP";
	default:
		return NULL;
	}
}

static int __init xenhv_demo_init(void)
{
	u64 *c0, *f0, *c1, *f1;
	char *hv, buf[64];
	struct xenhv_info info;
	unsigned int i, failed = 0, port = 0;
	/* The IPI port goes to another vCPU when there is one: that costs an IPI. */
	unsigned int target = num_online_cpus() > 1 ? 1 : 0;
	/* struct gnttab_get_version starts with the domain asked about. */
	const u16 self = DOMID_SELF;

	c0 = kcalloc(4 * XENHV_DEMO_CODES, sizeof(u64), GFP_KERNEL);
	hv = kmalloc(256, GFP_KERNEL);
	if (!c0 || !hv) {
		kfree(c0);
		kfree(hv);
		return -ENOMEM;
	}
	f0 = c0 + XENHV_DEMO_CODES;
	c1 = f0 + XENHV_DEMO_CODES;
	f1 = c1 + XENHV_DEMO_CODES;

	xenhv_get_info(&info);
	pr_info("Xen hypercalls on Microsoft Hyper-V (hypercall page %s, SINT%u)\n",
		info.hcpage_owner == XENHV_HCPAGE_KERNEL ? "shared with the kernel" :
		"set up by xenhv", info.sint);
	pr_info("%-38s = %-12s %s\n", "Xen hypercall", "result", "what xenhv did");
	pr_info("    KTAP version 1\n");
	pr_info("    # Subtest: xenhv_demo\n");
	pr_info("    1..%zu\n", ARRAY_SIZE(xenhv_demo_rows));
	for (i = 0; i < ARRAY_SIZE(xenhv_demo_rows); i++) {
		const struct xenhv_demo_row *r = &xenhv_demo_rows[i];
		struct xen_feature_info *fi = (void *)buf;
		long ret;

		memset(buf, 0, sizeof(buf));
		/* EVTCHNOP_bind_ipi takes a vCPU; send and close the port it gave. */
		if (r->op == __HYPERVISOR_event_channel_op)
			memcpy(buf, r->a1 == EVTCHNOP_bind_ipi ? &target : &port, sizeof(u32));
		if (r->op == __HYPERVISOR_grant_table_op)
			memcpy(buf, &self, sizeof(self));
		xenhv_demo_snapshot(c0, f0);
		ret = xenhv_hypercall(r->op, r->a1, r->buf ? (unsigned long)buf : r->a2,
				      0, 0, 0);
		xenhv_demo_snapshot(c1, f1);
		xenhv_demo_describe(c0, f0, c1, f1, hv, 256);

		if (xenhv_demo_errname(ret))
			pr_info("%-38s = %-12s as Xen answers a domU; Hyper-V: %s\n", r->xen,
				xenhv_demo_errname(ret), hv);
		else if (r->a1 == XENVER_extraversion && r->op == __HYPERVISOR_xen_version)
			pr_info("%-38s = %-12ld answered in the guest (\"%s\"); Hyper-V: %s\n",
				r->xen, ret, buf, hv);
		else if (r->a1 == XENVER_get_features && r->op == __HYPERVISOR_xen_version)
			pr_info("%-38s = %-12ld answered in the guest (submap 0x%x); Hyper-V: %s\n",
				r->xen, ret, fi->submap, hv);
		else if (strcmp(hv, "none"))
			pr_info("%-38s = %-12ld translated; Hyper-V: %s\n", r->xen, ret, hv);
		else
			pr_info("%-38s = %-12ld answered in the guest; Hyper-V: %s\n", r->xen,
				ret, hv);
		if (r->op == __HYPERVISOR_event_channel_op && r->a1 == EVTCHNOP_bind_ipi && !ret) {
			memcpy(&port, buf + sizeof(u32), sizeof(u32));
			pr_info("%-38s   port %u on vCPU %u\n", "", port, target);
		}
		if (ret != r->expect)
			failed++;
		pr_info("    %s %u - %s\n", ret == r->expect ? "ok" : "not ok", i + 1, r->xen);
	}
	pr_info("%s 1 - xenhv_demo\n", failed ? "not ok" : "ok");
	kfree(c0);
	kfree(hv);
	return 0;
}

static void __exit xenhv_demo_exit(void)
{
}

module_init(xenhv_demo_init);
module_exit(xenhv_demo_exit);

MODULE_DESCRIPTION("xenhv demonstration: Xen hypercalls and what they became on Hyper-V");
MODULE_LICENSE("GPL");
