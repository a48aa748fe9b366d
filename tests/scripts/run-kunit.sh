#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# KUnit suites on the fake backend, in the debug test kernel (KASAN,
# UBSAN, lockdep, kmemleak) under QEMU TCG (no Hyper-V): also checks that
# xenhv.ko refuses to load off Hyper-V. After the suites, kmemleak scans
# and prints any suspect, which fails the run like any other splat.
# Writes build/results/kunit.ktap.
set -euo pipefail
. "$(dirname "$0")/common.sh"
xh_need kunit

kdir=$(bash "$XH_TOP/tests/scripts/build-test-kernel.sh" debug | tail -n 1)
bdir=$(xh_build_modules "$kdir" debugkernel W=1)
res="$XH_TOP/build/results"
mkdir -p "$res"
root="$XH_TOP/build/root-kunit"

cat >"$res/init-kunit" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mount -t debugfs none /sys/kernel/debug
echo "    KTAP version 1"
echo "    # Subtest: xenhv_load_off_hyperv"
echo "    1..2"
err=$(insmod /xenhv.ko 2>&1) && r=0 || r=$?
if [ $r -ne 0 ] && echo "$err" | grep -q "No such device"; then
	echo "    ok 1 - refuses_with_enodev"
else
	echo "    # insmod: rc=$r $err"
	echo "    not ok 1 - refuses_with_enodev"
fi
# busybox insmod tries finit_module, then init_module: each attempt must
# log the same single line, and xenhv must log nothing else.
n=$(dmesg | grep "xenhv: " | grep -v "taints kernel" | sed 's/^\[[^]]*\] //' | sort -u | wc -l)
if [ "$n" = 1 ] && dmesg | grep -q "xenhv: not loading: .*Hyper-V"; then
	echo "    ok 2 - one_clear_log_line"
else
	echo "    not ok 2 - one_clear_log_line # $n distinct lines"
fi
echo "ok 1 - xenhv_load_off_hyperv"
# Leaks are judged against a clean slate: whatever boot left is not ours.
echo clear >/sys/kernel/debug/kmemleak
insmod /xenhv_test.ko
rmmod xenhv_test
# kmemleak needs two scans to be sure; then its suspects go to the log.
echo scan >/sys/kernel/debug/kmemleak
echo scan >/sys/kernel/debug/kmemleak
cat /sys/kernel/debug/kmemleak
echo XENHV-KUNIT-DONE
poweroff -f
INIT
xh_busybox_root "$root" "$res/init-kunit"
cp "$bdir/xenhv.ko" "$bdir/xenhv_test.ko" "$root/"
xh_cpio "$root" "$res/initramfs-kunit.gz"

echo "xenhv: KUnit in QEMU (TCG)" >&2
rc=0
xh_qemu "$res/kunit-serial.log" 60 300 -accel tcg -machine q35 -m 1024 -smp 2 \
	-nodefaults -no-user-config -display none -serial stdio -no-reboot \
	-kernel "$kdir/arch/x86/boot/bzImage" -initrd "$res/initramfs-kunit.gz" \
	-append "console=ttyS0 panic=-1 loglevel=7 kunit.enable=1" || rc=$?
[ $rc -eq 0 ] || echo "xenhv: KUnit QEMU run ended with $rc" >&2
python3 "$XH_TOP/tests/scripts/ktap_collect.py" "$res/kunit.ktap" \
	--expect "$XH_SUITES_KUNIT" \
	"$res/kunit-serial.log"
