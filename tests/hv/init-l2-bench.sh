#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# L2 init for make bench: Debian's stock kernel (its own Hyper-V
# enlightenments are the native baseline), xenhv in module mode.
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mount -t debugfs none /sys/kernel/debug
insmod /xenhv.ko
# The native flush runs before and after the module's: their mean is the
# baseline, so drift over the run hits both sides alike.
/xenhv_flushbench
insmod /xenhv_bench.ko
/xenhv_flushbench
dmesg | sed -n 's/.*xenhv-bench: \(BENCH: .*\)/\1/p'
rmmod xenhv_bench
rmmod xenhv
poweroff -f
