#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Real Hyper-V suites on the nested stack: the test kernel (KUnit
# integration suite, xenhv's own hypercall page) and Debian's stock kernel
# (module mode, the kernel's hypercall page). Writes build/results/hv.ktap.
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/nested.sh"
xh_need hv-test

read -r rel debdir hdrdir < <(xh_debian_kernel)
kdir=$(bash "$XH_TOP/tests/scripts/build-test-kernel.sh" | tail -n 1)
tbuild=$(xh_build_modules "$kdir" testkernel W=1)
sbuild=$(xh_build_modules "$hdrdir" "stock-$rel" W=1)
res="$XH_TOP/build/results"
guests="$XH_TOP/build/l2"
mkdir -p "$res"
rm -rf "$guests"
gcc -static -O2 -o "$res/xenhv_rdmsr" "$XH_TOP/tests/hv/xenhv_rdmsr.c"
gcc -static -O2 -o "$res/xenhv_xsbench" "$XH_TOP/tests/hv/xenhv_xsbench.c"
# Dynamic: it loads Debian's libxenevtchn.
gcc -O2 -o "$res/xenhv_evtchn_client" "$XH_TOP/tests/hv/xenhv_evtchn_client.c"
gcc -static -O2 -Wall -o "$res/xenhv_privcmd_client" "$XH_TOP/tests/hv/xenhv_privcmd_client.c"
gcc -static -O2 -Wall -o "$res/xenhv_xs_hold" "$XH_TOP/tests/hv/xenhv_xs_hold.c"
gcc -static -O2 -Wall -o "$res/xenhv_grant_client" "$XH_TOP/tests/hv/xenhv_grant_client.c"
gcc -static -O2 -Wall -o "$res/xenhv_pingpong" "$XH_TOP/tests/hv/xenhv_pingpong.c"

echo "xenhv: nested stack: $(xh_stack_versions "$rel")" | tee "$res/hv-versions.txt" >&2

# Guest 1: the test kernel, 2 vCPUs (cross-vCPU SINT delivery): load and
# unload checks and the xenhv_hyperv suite.
r="$XH_TOP/build/root-l2-test"
xh_busybox_root "$r" "$XH_TOP/tests/hv/init-l2-test.sh"
cp "$XH_TOP/tests/hv/init-l2-common.sh" "$r/init-common.sh"
cp "$tbuild"/{xenhv.ko,xenhv_hv_test.ko,xenhv_demo.ko,xenhv_cycle.ko} "$res/xenhv_rdmsr" "$r/"
mkdir -p "$guests/1-testkernel"
xh_cpio "$r" "$guests/1-testkernel/initrd.gz"
cp "$kdir/arch/x86/boot/bzImage" "$guests/1-testkernel/kernel"
printf 'SMP=2\nAPPEND=\nTIMEOUT=240\n' >"$guests/1-testkernel/cmdline"
# The other KUnit suites, a guest each (same kernel and initrd, 2 vCPUs).
n=4
for suite in xenhv_hyperv_evtchn xenhv_hyperv_storm xenhv_hyperv_time xenhv_hyperv_mm; do
	mkdir -p "$guests/$n-$suite"
	ln -s ../1-testkernel/kernel ../1-testkernel/initrd.gz "$guests/$n-$suite/"
	printf 'SMP=2\nAPPEND=xenhv_suite=%s\nTIMEOUT=240\n' "$suite" >"$guests/$n-$suite/cmdline"
	n=$((n + 1))
done
# Guest 8: the multi-vCPU suites again, in the KCSAN kernel with modules
# built for it; reported as one suite, xenhv_kcsan_hyperv. The event
# channel suite: its cases run both vCPUs at once. Not the storm (under
# KCSAN it froze the nested stack in 2 of 3 tries), nor the PV MMU suite,
# whose exact flush counts assume no multicall is preempted, which
# KCSAN's slowness makes happen (testing.rst).
XH_KCSAN_HV_SUITES=xenhv_hyperv_evtchn
kkdir=$(bash "$XH_TOP/tests/scripts/build-test-kernel.sh" kcsan | tail -n 1)
kbuild=$(xh_build_modules "$kkdir" kcsankernel-hv W=1)
r="$XH_TOP/build/root-l2-kcsan"
xh_busybox_root "$r" "$XH_TOP/tests/hv/init-l2-test.sh"
cp "$XH_TOP/tests/hv/init-l2-common.sh" "$r/init-common.sh"
cp "$kbuild"/{xenhv.ko,xenhv_hv_test.ko} "$res/xenhv_rdmsr" "$r/"
mkdir -p "$guests/8-kcsan"
xh_cpio "$r" "$guests/8-kcsan/initrd.gz"
cp "$kkdir/arch/x86/boot/bzImage" "$guests/8-kcsan/kernel"
printf 'SMP=2\nAPPEND=xenhv_suite=%s\nTIMEOUT=480\n' "$XH_KCSAN_HV_SUITES" >"$guests/8-kcsan/cmdline"
# Guest 3 (same kernel and initrd, one vCPU): the 100 busy load/unload cycles.
mkdir -p "$guests/3-cycles"
ln -s ../1-testkernel/kernel ../1-testkernel/initrd.gz "$guests/3-cycles/"
printf 'SMP=1\nAPPEND=xenhv_cycles\nTIMEOUT=400\n' >"$guests/3-cycles/cmdline"

# Guest 2: Debian's stock kernel, module mode.
r="$XH_TOP/build/root-l2-stock"
xh_busybox_root "$r" "$XH_TOP/tests/hv/init-l2-stock.sh"
cp "$XH_TOP/tests/hv/init-l2-common.sh" "$r/init-common.sh"
cp "$sbuild"/{xenhv.ko,xenhv_demo.ko} "$res/xenhv_rdmsr" "$r/"
cp "$XH_TOP/tests/hv/xen-clients.sh" "$res/xenhv_xsbench" "$res/xenhv_evtchn_client" \
	"$res/xenhv_privcmd_client" "$res/xenhv_xs_hold" "$res/xenhv_grant_client" \
	"$res/xenhv_pingpong" "$r/"
# The baseline vchan is measured against.
xh_copy_binary "$r" "$(command -v socat)"
mkdir -p "$r/etc"
echo 'root:x:0:0:root:/root:/bin/sh' >"$r/etc/passwd"
echo "xenhv: Debian's Xen clients $(xh_xen_clients "$r")" | tee -a "$res/hv-versions.txt" >&2
cp "$(find "$debdir/lib/modules/$rel" -name msr.ko)" "$r/"
if [ -f "$res/dkms/xenhv.ko" ]; then	# from tests/scripts/packaging.sh
	mkdir -p "$r/dkms"
	cp "$res/dkms/xenhv.ko" "$r/dkms/"
fi
mkdir -p "$guests/2-stock"
xh_cpio "$r" "$guests/2-stock/initrd.gz"
cp "$debdir/boot/vmlinuz-$rel" "$guests/2-stock/kernel"
# vchan moves 64 MiB through a 2 KiB ring: 140-400 s on the nested stack.
printf 'SMP=2\nAPPEND=\nTIMEOUT=1500\n' >"$guests/2-stock/cmdline"

# Guest 9: the debug test kernel (KASAN, lockdep, kmemleak; the KUnit
# kernel) with the stock guest's Xen clients, in short: kmemleak after
# them. Not built when the developer shortcut below leaves it out.
if [ -z "${XENHV_HV_GUESTS:-}" ] || case ",$XENHV_HV_GUESTS," in *,9-leak,*) true ;; *) false ;; esac; then
	dkdir=$(bash "$XH_TOP/tests/scripts/build-test-kernel.sh" debug | tail -n 1)
	dbuild=$(xh_build_modules "$dkdir" debugkernel W=1)
	r="$XH_TOP/build/root-l2-leak"
	xh_busybox_root "$r" "$XH_TOP/tests/hv/init-l2-leak.sh"
	cp "$XH_TOP/tests/hv/init-l2-common.sh" "$r/init-common.sh"
	cp "$dbuild/xenhv.ko" "$r/"
	cp "$XH_TOP/tests/hv/xen-clients.sh" "$res/xenhv_evtchn_client" "$res/xenhv_privcmd_client" \
		"$res/xenhv_xs_hold" "$res/xenhv_grant_client" "$r/"
	mkdir -p "$r/etc"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$r/etc/passwd"
	xh_xen_clients "$r" >/dev/null
	mkdir -p "$guests/9-leak"
	xh_cpio "$r" "$guests/9-leak/initrd.gz"
	cp "$dkdir/arch/x86/boot/bzImage" "$guests/9-leak/kernel"
	printf 'SMP=2\nAPPEND=\nTIMEOUT=1200\n' >"$guests/9-leak/cmdline"
fi

# XENHV_HV_GUESTS=2-stock,...: only these guests (a developer's shortcut;
# the suites of the others are then reported as not run).
if [ -n "${XENHV_HV_GUESTS:-}" ]; then
	for g in "$guests"/*; do
		case ",$XENHV_HV_GUESTS," in *",${g##*/},"*) ;; *) continue ;; esac
		# A kept guest's links may point into a guest about to go.
		for f in "$g"/*; do
			[ -L "$f" ] && cp --remove-destination "$(readlink -f "$f")" "$f"
		done
	done
	for g in "$guests"/*; do
		case ",$XENHV_HV_GUESTS," in *",${g##*/},"*) ;; *) rm -rf "$g" ;; esac
	done
fi
rc=0
xh_hv_run "$res/hv-serial.log" "$guests" "$XH_TOP/build" "$rel" "$debdir" || rc=$?
# How often L1 went 10 s without a heartbeat and was kicked (xh_qemu).
if [ -s "$res/hv-serial.log.kicks" ]; then
	echo "xenhv: nested stack: $(wc -l <"$res/hv-serial.log.kicks") keyboard kicks after 10 s without an L1 heartbeat" |
		tee -a "$res/hv-versions.txt" >&2
fi
# The KCSAN guest's console apart: its suites have the plain guests' names.
awk -v k="$res/kcsan-hv-serial.log" -v m="$res/hv-main.log" '
	/XENHV-L2-BEGIN 8-kcsan/ { in_k = 1 }
	{ print > (in_k ? k : m) }
	/XENHV-L2-END 8-kcsan/ { in_k = 0 }' "$res/hv-serial.log"
touch "$res/kcsan-hv-serial.log"
python3 "$XH_TOP/tests/scripts/ktap_collect.py" "$res/hv.ktap" --expect "$XH_SUITES_HV" "$res/hv-main.log"
python3 "$XH_TOP/tests/scripts/ktap_collect.py" "$res/kcsan-hv.ktap" --kcsan --suite xenhv_kcsan_hyperv \
	--expect "$XH_KCSAN_HV_SUITES" "$res/kcsan-hv-serial.log" >"$res/kcsan-hv.log"
exit 0
