#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# KUnit suites on the fake backend, in the debug test kernel (KASAN,
# UBSAN, lockdep, kmemleak) under QEMU TCG (no Hyper-V): also checks that
# xenhv.ko refuses to load off Hyper-V. After the suites, kmemleak scans
# and prints any suspect, which fails the run like any other splat.
# Writes build/results/kunit.ktap.
# With "kcsan": the same suites in the KCSAN kernel (two vCPUs), as one
# KTAP suite xenhv_kcsan in build/results/kcsan.log: every suite passes
# and no KCSAN report names xenhv.
set -euo pipefail
. "$(dirname "$0")/common.sh"
xh_need kunit

flavour=${1:-debug}
kdir=$(bash "$XH_TOP/tests/scripts/build-test-kernel.sh" "$flavour" | tail -n 1)
bdir=$(xh_build_modules "$kdir" "${flavour}kernel" W=1)
res="$XH_TOP/build/results"
mkdir -p "$res"
root="$XH_TOP/build/root-kunit-$flavour"

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
xh_cpio "$root" "$res/initramfs-kunit-$flavour.gz"

log="$res/kunit-serial.log"
[ "$flavour" = debug ] || log="$res/$flavour-serial.log"
echo "xenhv: KUnit in QEMU (TCG), $flavour kernel" >&2
rc=0
xh_qemu "$log" 60 600 -accel tcg -machine q35 -m 1024 -smp 2 \
	-nodefaults -no-user-config -display none -serial stdio -no-reboot \
	-kernel "$kdir/arch/x86/boot/bzImage" -initrd "$res/initramfs-kunit-$flavour.gz" \
	-append "console=ttyS0 panic=-1 loglevel=7 kunit.enable=1" || rc=$?
[ $rc -eq 0 ] || echo "xenhv: KUnit QEMU run ended with $rc" >&2
if [ "$flavour" = kcsan ]; then
	python3 "$XH_TOP/tests/scripts/ktap_collect.py" "$res/kcsan.ktap" --kcsan \
		--expect "$XH_SUITES_KUNIT" "$log" >"$res/kcsan.log"
	cat "$res/kcsan.log" >&2
	exit 0
fi
python3 "$XH_TOP/tests/scripts/ktap_collect.py" "$res/kunit.ktap" \
	--expect "$XH_SUITES_KUNIT" \
	"$res/kunit-serial.log"
