#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# L2 init, Debian's stock kernel: module mode, where the kernel's own
# Hyper-V core owns the hypercall page and xenhv shares it.
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mount -t debugfs none /sys/kernel/debug
. /init-common.sh

dmesg | grep -i "hypervisor detected"
insmod /msr.ko
snapshot /tmp/msr-before
check kernel_detects_hyperv sh -c 'dmesg | grep "Hypervisor detected: Microsoft Hyper-V"'
check loads_on_stock_kernel insmod /xenhv.ko
check shares_kernel_hypercall_page sh -c 'dmesg | grep "xenhv: loaded on Microsoft Hyper-V: hypercall page shared with the kernel"'
# The demo's calls, traced: SCHEDOP_yield became HvCallNotifyLongSpinWait
# (code 0x0008), which the Xen call's own event follows.
t=/sys/kernel/tracing
mount -t tracefs none $t
echo 1 >$t/events/xenhv/enable
insmod /xenhv_demo.ko && rmmod xenhv_demo
echo 0 >$t/events/xenhv/enable
check traces_xen_hypercalls sh -c "grep -q 'xenhv_xen_hypercall: dom1 vcpu[0-9]* xen_version(0x0, 0x0, 0x0, 0x0, 0x0) = 262161' $t/trace"
check traces_what_each_call_became sh -c "grep -A1 'xenhv_hv_hypercall: code 0x0008' $t/trace | grep -q 'xenhv_xen_hypercall: dom1 vcpu[0-9]* sched_op(0x0, '"
echo "--- xenhv trace (first lines)"; grep xenhv_ $t/trace | head -n 12
echo "--- /sys/kernel/debug/xenhv/hyperv_calls"; cat /sys/kernel/debug/xenhv/hyperv_calls
# Debian's Xen tools on xenhv, as a suite of their own (emitted below).
cp /tmp/ktap /tmp/ktap.stock
stock_n=$NTEST
. /xen-clients.sh
cp /tmp/ktap.stock /tmp/ktap
NTEST=$stock_n
check unloads rmmod xenhv
snapshot /tmp/msr-after
check hyperv_state_restored same_msrs /tmp/msr-before /tmp/msr-after
# The xenhv.ko that DKMS built for this kernel in a clean Debian 12 root
# from the xenhv-dkms package (tests/scripts/packaging.sh, run first by
# make check).
if [ -f /dkms/xenhv.ko ]; then
	check dkms_built_module_loads sh -c 'insmod /dkms/xenhv.ko && [ $(dmesg | grep -c "xenhv: loaded on Microsoft Hyper-V: hypercall page shared") = 2 ]'
	check dkms_built_module_unloads rmmod xenhv
else
	skip dkms_built_module_loads "no DKMS build of xenhv (make packaging-test first)"
fi
emit_suite xenhv_stock_kernel
cat /tmp/xen-clients.ktap
poweroff -f
