#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# L2 init for "make demo": Debian's stock kernel, xenhv in module mode.
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mount -t debugfs none /sys/kernel/debug
echo "DEMO: kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) vCPUs"
dmesg | grep -E "Hypervisor detected|Hyper-V:" | sed 's/^\[[^]]*\] /DEMO: /'
insmod /xenhv.ko
dmesg | grep "xenhv: " | grep -v taint | sed 's/^\[[^]]*\] /DEMO: /'
insmod /xenhv_demo.ko && rmmod xenhv_demo
echo "DEMO:"
dmesg | grep "xenhv-demo: " | grep -v -e "KTAP" -e "Subtest" -e "xenhv-demo:  *1\.\." -e " ok [0-9]" |
	sed 's/^\[[^]]*\] xenhv-demo: /DEMO: /'
echo "DEMO:"
echo "DEMO: /sys/kernel/debug/xenhv/vcpus:"
sed 's/^/DEMO:   /' /sys/kernel/debug/xenhv/vcpus
echo "DEMO: /sys/kernel/debug/xenhv/hyperv_calls:"
sed 's/^/DEMO:   /' /sys/kernel/debug/xenhv/hyperv_calls
rmmod xenhv && echo "DEMO: xenhv unloaded"
poweroff -f
