#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# L2 init, test kernel (no CONFIG_HYPERV): xenhv must set up the guest OS
# ID, hypercall page and SynIC itself, and restore them on unload.
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mount -t debugfs none /sys/kernel/debug
. /init-common.sh

snapshot /tmp/msr-before
check loads_on_hyperv insmod /xenhv.ko
check logs_own_hypercall_page sh -c 'dmesg | grep "xenhv: loaded on Microsoft Hyper-V: hypercall page set up by xenhv"'
check vector_on_every_vcpu sh -c '[ $(grep -c " 0x[0-9a-f][0-9a-f] " /sys/kernel/debug/xenhv/vcpus) = $(grep -c ^processor /proc/cpuinfo) ]'
insmod /xenhv_hv_test.ko
rmmod xenhv_hv_test
insmod /xenhv_demo.ko && rmmod xenhv_demo
# The test suite and the demo issued xen_version and sched_op calls, and
# unimplemented numbers: the per-number counters must show them.
check debugfs_counts_xen_version sh -c 'grep "^17 xen_version translated [1-9][0-9]* " /sys/kernel/debug/xenhv/hypercalls'
check debugfs_counts_enosys_errors sh -c 'grep "^0 set_trap_table enosys [1-9][0-9]* [1-9]" /sys/kernel/debug/xenhv/hypercalls'
check debugfs_counts_hyperv_spin_wait sh -c 'grep "^0x0008 [1-9][0-9]* 0$" /sys/kernel/debug/xenhv/hyperv_calls'
echo "--- /sys/kernel/debug/xenhv/vcpus"; cat /sys/kernel/debug/xenhv/vcpus
echo "--- /sys/kernel/debug/xenhv/hyperv_calls"; cat /sys/kernel/debug/xenhv/hyperv_calls
check unloads rmmod xenhv
snapshot /tmp/msr-after
check hyperv_state_restored same_msrs /tmp/msr-before /tmp/msr-after
check reloads insmod /xenhv.ko
check unloads_again rmmod xenhv
snapshot /tmp/msr-after2
check hyperv_state_restored_again same_msrs /tmp/msr-before /tmp/msr-after2
emit_suite xenhv_hv_lifecycle
poweroff -f
