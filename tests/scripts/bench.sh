#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: on the nested Hyper-V (Debian's stock kernel as the guest),
# time Xen operations through xenhv beside the same job done natively on
# Hyper-V in the same run, with the Hyper-V calls per Xen operation.
# Absolute cycles under nested emulation mean little; the ratios do.
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/nested.sh"
xh_need bench

read -r rel debdir hdrdir < <(xh_debian_kernel)
sbuild=$(xh_build_modules "$hdrdir" "stock-$rel")
res="$XH_TOP/build/bench"
guests="$res/l2"
rm -rf "$res"
mkdir -p "$guests/1-bench"
gcc -static -O2 -pthread -o "$res/xenhv_flushbench" "$XH_TOP/tests/hv/xenhv_flushbench.c"
r="$res/root-l2"
xh_busybox_root "$r" "$XH_TOP/tests/hv/init-l2-bench.sh"
cp "$sbuild"/{xenhv.ko,xenhv_bench.ko} "$res/xenhv_flushbench" "$r/"
xh_cpio "$r" "$guests/1-bench/initrd.gz"
cp "$debdir/boot/vmlinuz-$rel" "$guests/1-bench/kernel"
printf 'SMP=2\nAPPEND=quiet\n' >"$guests/1-bench/cmdline"
xh_hv_run "$res/serial.log" "$guests" "$res" "$rel" "$debdir"
sed -e 's/\r//' "$res/serial.log" | python3 -c '
import re, sys
lines = sys.stdin.read().splitlines()
natives = []
for l in lines:
    m = re.search(r"BENCH-NATIVE: flush (\d+) pages.* (\d+) cycles", l)
    if m:
        natives.append(int(m.group(2)))
native_flush = sum(natives) // len(natives) if natives else None
print("| Xen operation vs native Hyper-V | xen cycles | native cycles | ratio | Hyper-V calls per Xen op |")
print("|---|---|---|---|---|")
for l in lines:
    m = re.search(r"BENCH: (.*?) \| xen (\d+) cycles \| native (\S+)(?: cycles)? \| ratio (\S+) \| (.*) per op", l)
    if m:
        print(f"| {m.group(1)} | {m.group(2)} | {m.group(3)} | {m.group(4)} | {m.group(5)} |")
        continue
    m = re.search(r"BENCH: (\d+) remote INVLPGs .*\| xen (\d+) cycles \| (.*) per op", l)
    if m:
        xen = int(m.group(2))
        nat = native_flush or 0
        ratio = f"{xen / nat:.2f}" if nat else "n/a"
        nat_s = str(nat) if nat else "n/a"
        print(f"| {m.group(1)} remote INVLPGs (mmuext_op) vs flush_tlb_mm_range (mprotect) | {xen} | {nat_s} | {ratio} | {m.group(3)} |")
    elif "BENCH:" in l and "done" not in l:
        print("  " + l.split("BENCH:", 1)[1].strip())
'
echo "(full console log: $res/serial.log)"
