// SPDX-License-Identifier: GPL-2.0
/*
 * xenhv module parameters, load and unload: Hyper-V, the backend ops, the
 * SynIC, the domains, then what their dom0 serves (xenstore, devices,
 * /sys/hypervisor) come up in that order and go in the reverse.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/err.h>
#include "xenhv_shim.h"

static unsigned int sint = 5;
module_param(sint, uint, 0444);
MODULE_PARM_DESC(sint, "SynIC SINT owned by xenhv (0-15, not 2: hv_vmbus uses it; default 5)");

static unsigned short domid = 1;
module_param(domid, ushort, 0444);
MODULE_PARM_DESC(domid, "Xen domain id the guest sees as DOMID_SELF (1-32751; default 1)");

static unsigned int stimer = 3;
module_param(stimer, uint, 0444);
MODULE_PARM_DESC(stimer, "Hyper-V synthetic timer owned by xenhv on every vCPU (1-3; default 3; Linux's clockevent uses 0)");

static struct xenhv_hyperv xenhv_hv;

static unsigned int max_evtchn_port = XENHV_DEFAULT_MAX_EVTCHN_PORT;
module_param(max_evtchn_port, uint, 0444);
MODULE_PARM_DESC(max_evtchn_port, "Highest event-channel port (default 1023, libxl's default)");

/* Xen 4.17's default (opt_max_grant_frames); libxl's -1 means the same. */
static unsigned int max_grant_frames = 64;
module_param(max_grant_frames, uint, 0444);
MODULE_PARM_DESC(max_grant_frames, "grant-table frames the domain may have (1-64, default 64)");

/*
 * The backend domain xenhv hosts in the guest, as QEMU's Xen emulation
 * hosts its own: in-kernel backends call Xen hypercalls as it
 * (xenhv_backend_hypercall()) to map and copy the guest's grants.
 */
static unsigned short backend_domid;
module_param(backend_domid, ushort, 0444);
MODULE_PARM_DESC(backend_domid, "domid of the backend domain xenhv hosts (default 0)");

void xenhv_get_info(struct xenhv_info *info)
{
	info->hcpage_owner = xenhv_hv.hcpage_owner;
	info->hv_features_eax = xenhv_hv.features_eax;
	info->sint = sint;
	info->cold_discard = xenhv_domain_cold_discard();
	info->can_switch_root = xenhv_real_backend.can_switch_root;
	info->domid = domid;
	info->backend_domid = backend_domid;
	info->isolation = xenhv_hv.isolation;
}
EXPORT_SYMBOL_GPL(xenhv_get_info);

static int __init xenhv_init(void)
{
	const struct xenhv_domain_params dp = {
		.domid = domid,
		.backend_domid = backend_domid,
		.max_evtchn_port = max_evtchn_port,
		.max_grant_frames = max_grant_frames,
	};
	void *hcpage;
	int ret;

	if (sint >= HV_SYNIC_SINT_COUNT || sint == XENHV_VMBUS_SINT) {
		pr_err("sint=%u is invalid (0-15, not %u)\n", sint, XENHV_VMBUS_SINT);
		return -EINVAL;
	}
	if (stimer < 1 || stimer > 3) {
		pr_err("stimer=%u is invalid (1-3)\n", stimer);
		return -EINVAL;
	}
	if (domid == 0 || domid >= DOMID_FIRST_RESERVED) {
		pr_err("domid=%u is invalid (1-%u)\n", domid, DOMID_FIRST_RESERVED - 1);
		return -EINVAL;
	}
	if (backend_domid == domid || backend_domid >= DOMID_FIRST_RESERVED) {
		pr_err("backend_domid=%u is invalid (0-%u, not domid)\n", backend_domid,
		       DOMID_FIRST_RESERVED - 1);
		return -EINVAL;
	}

	hcpage = xenhv_hyperv_init(&xenhv_hv);
	if (IS_ERR(hcpage))
		return PTR_ERR(hcpage);
	ret = xenhv_backend_init(hcpage, xenhv_hv.features_eax, xenhv_hv.features_edx,
				 sint, stimer);
	if (ret)
		goto err_hyperv;
	ret = xenhv_synic_init(sint);
	if (ret)
		goto err_backend;
	ret = xenhv_domains_init(&dp);
	if (ret)
		goto err_synic;
	ret = xenhv_xenbus_init(domid, backend_domid);
	if (ret)
		goto err_domains;
	ret = xenhv_evtchn_dev_init();
	if (ret)
		goto err_xenbus;
	ret = xenhv_privcmd_init(domid, backend_domid);
	if (ret)
		goto err_evtchn_dev;
	ret = xenhv_grant_dev_init();
	if (ret)
		goto err_privcmd;
	ret = xenhv_sys_hypervisor_init();
	if (ret)
		goto err_grant_dev;
	xenhv_debugfs_init(xenhv_domain_dispatcher());

	pr_info("loaded on Microsoft Hyper-V: hypercall page %s, SynIC SINT%u, domid %u\n",
		xenhv_hv.hcpage_owner == XENHV_HCPAGE_KERNEL ? "shared with the kernel" :
		"set up by xenhv", sint, domid);
	return 0;

err_grant_dev:
	xenhv_grant_dev_exit();
err_privcmd:
	xenhv_privcmd_exit();
err_evtchn_dev:
	xenhv_evtchn_dev_exit();
err_xenbus:
	xenhv_xenbus_exit();
err_domains:
	xenhv_domains_stop();
	xenhv_synic_exit();
	xenhv_domains_exit();
	goto err_backend;
err_synic:
	xenhv_synic_exit();
err_backend:
	xenhv_backend_exit();
err_hyperv:
	xenhv_hyperv_exit(&xenhv_hv);
	return ret;
}

static void __exit xenhv_exit(void)
{
	xenhv_debugfs_exit();
	xenhv_sys_hypervisor_exit();
	xenhv_grant_dev_exit();
	xenhv_privcmd_exit();
	xenhv_evtchn_dev_exit();
	xenhv_xenbus_exit();
	/* Timers off, then vectors: no upcall may run while the state goes. */
	xenhv_domains_stop();
	xenhv_synic_exit();
	xenhv_domains_exit();
	xenhv_backend_exit();
	xenhv_hyperv_exit(&xenhv_hv);
	pr_info("unloaded; Hyper-V state restored\n");
}

module_init(xenhv_init);
module_exit(xenhv_exit);

MODULE_DESCRIPTION("Xen hypercalls translated to Microsoft Hyper-V");
MODULE_AUTHOR("The xenhv developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(XENHV_VERSION);
