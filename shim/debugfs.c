// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs counters: Xen hypercalls by number, Hyper-V calls by code, and
 * the per-vCPU SynIC state (under /sys/kernel/debug/xenhv/).
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/cpumask.h>
#include "xenhv_shim.h"

static struct dentry *xenhv_debugfs_dir;

/* One line per hypercall number: "nr name status calls errors". */
static int xenhv_hypercalls_show(struct seq_file *m, void *unused)
{
	struct xenhv_dispatcher *disp = m->private;
	unsigned int op;
	u64 calls, errors;

	seq_puts(m, "# nr name status calls errors\n");
	for (op = 0; op <= XENHV_HCALL_OUT_OF_RANGE; op++) {
		const char *name = xenhv_hcall_name(op);

		xenhv_hcall_stats_sum(disp, op, &calls, &errors);
		if (op == XENHV_HCALL_OUT_OF_RANGE)
			name = "(out of range)";
		seq_printf(m, "%u %s %s %llu %llu\n", op, name ?: "(unused)",
			   xenhv_hcall_implemented(op) ? "translated" : "enosys",
			   calls, errors);
	}
	seq_printf(m, "# continuations %llu\n", xenhv_hcall_continuations(disp));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xenhv_hypercalls);

/* Hyper-V calls issued, by call code: "code calls failures" (nonzero only). */
static int xenhv_hyperv_calls_show(struct seq_file *m, void *unused)
{
	unsigned int slot;
	u64 calls, fails;

	seq_puts(m, "# code calls failures\n");
	for (slot = 0; slot <= XENHV_HV_STAT_CODES; slot++) {
		calls = xenhv_backend_calls(slot, &fails);
		if (!calls)
			continue;
		if (slot == XENHV_HV_STAT_CODES)
			seq_printf(m, "other %llu %llu\n", calls, fails);
		else
			seq_printf(m, "0x%04x %llu %llu\n", slot, calls, fails);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xenhv_hyperv_calls);

static int xenhv_vcpus_show(struct seq_file *m, void *unused)
{
	struct xenhv_vcpu_info vi;
	unsigned int cpu;

	seq_puts(m, "# cpu vp_index vector sint_irqs upcall_vector upcall_irqs timer_msgs timer_virqs time_duties time_refreshes\n");
	for_each_online_cpu(cpu) {
		if (xenhv_get_vcpu_info(cpu, &vi))
			continue;
		seq_printf(m, "%u %u 0x%02x %llu 0x%02x %llu %llu %llu %llu %llu\n", cpu, vi.vp_index,
			   vi.vector, vi.sint_irqs, vi.upcall_vector, vi.upcall_irqs,
			   vi.timer_msgs, vi.timer_virqs,
			   vi.time_duties, vi.time_refreshes);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xenhv_vcpus);

void xenhv_debugfs_init(struct xenhv_dispatcher *disp)
{
	/* debugfs is diagnostics only: xenhv works without it. */
	xenhv_debugfs_dir = debugfs_create_dir("xenhv", NULL);
	debugfs_create_file("hypercalls", 0400, xenhv_debugfs_dir, disp,
			    &xenhv_hypercalls_fops);
	debugfs_create_file("hyperv_calls", 0400, xenhv_debugfs_dir, NULL,
			    &xenhv_hyperv_calls_fops);
	debugfs_create_file("vcpus", 0400, xenhv_debugfs_dir, NULL,
			    &xenhv_vcpus_fops);
}

void xenhv_debugfs_exit(void)
{
	debugfs_remove_recursive(xenhv_debugfs_dir);
	xenhv_debugfs_dir = NULL;
}
