#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job: build xenhv for Debian's stock kernel, boot that kernel as a
# Hyper-V guest (nested QEMU), load xenhv, issue Xen hypercalls and print
# what each became on Hyper-V.
# With --build-only it stops before booting (the install and build steps
# alone: tests/scripts/clean-root.sh runs them in a fresh Debian 12 root).
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/nested.sh"
xh_need demo

read -r rel debdir hdrdir < <(xh_debian_kernel)
echo "xenhv: building xenhv for Debian's $rel" >&2
sbuild=$(xh_build_modules "$hdrdir" "stock-$rel")
res="$XH_TOP/build/demo"
guests="$res/l2"
rm -rf "$res"
mkdir -p "$guests/1-demo"
r="$res/root-l2"
xh_busybox_root "$r" "$XH_TOP/tests/hv/init-l2-demo.sh"
cp "$sbuild"/{xenhv.ko,xenhv_demo.ko} "$r/"
xh_cpio "$r" "$guests/1-demo/initrd.gz"
cp "$debdir/boot/vmlinuz-$rel" "$guests/1-demo/kernel"
printf 'SMP=2\nAPPEND=quiet\n' >"$guests/1-demo/cmdline"
if [ "${1:-}" = --build-only ]; then
	# What the nested stack boots, on a host whose KVM has no Hyper-V.
	xh_l1_root "$res/root-l1" "$debdir" "$rel" "$guests"
	(cd "$res/root-l1" && find . | cpio -o -H newc --quiet) >"$res/initramfs-l1.cpio"
	echo "xenhv: demo built: $res/initramfs-l1.cpio (xenhv for $rel)"
	exit 0
fi
echo "xenhv: booting Debian $rel as a Hyper-V guest" >&2
xh_hv_run "$res/serial.log" "$guests" "$res" "$rel" "$debdir"
echo
grep -a "^DEMO:" "$res/serial.log" | sed -e 's/\r//' -e 's/^DEMO: \{0,1\}//'
echo
echo "(full console log: $res/serial.log)"
