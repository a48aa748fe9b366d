#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Instructions per Xen operation, counted by valgrind's callgrind (the
# same on every run, unlike time on these machines): tests/user/bench.c
# dumps each operation's counts; this prints them per call, for the
# engine alone (translate/ and the dispatcher) and with the stand-ins for
# the kernel (the seam's xarray and bitops, the fake backend's guest
# copies and Hyper-V calls). The engine is compiled as Kbuild compiles
# the module (tests/user/Makefile: KERNEL_FLAGS: stack protector, zeroed
# locals, thunks, no frame pointer) and counted twice: built with clang
# and with gcc, which builds Debian's kernels and so the module; a goal
# is met only if it is met with both.
set -uo pipefail
. "$(dirname "$0")/common.sh"
xh_need bench-user

kdir=$(bash "$XH_TOP/tests/scripts/build-test-kernel.sh" | tail -n 1)
out="$XH_TOP/build/user"
make -s -C "$XH_TOP/tests/user" KSRC="$kdir" CC=clang-14 bench-build || exit 1
for b in bench bench-gcc; do
	cg="$out/callgrind/$b"
	rm -rf "$cg" && mkdir -p "$cg"
	(cd "$cg" && valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file=cg.out \
		"$out/$b" >vg.log 2>&1) || { cat "$cg/vg.log"; exit 1; }
done
python3 - "$out/callgrind" <<'PY'
import glob, re, subprocess, sys
goals = {'send_same_vcpu': (100, 1), 'send_cross_vcpu': (100, 1),
         'mmu_update_512_pte': (60, 512), 'mmu_update_512_pte_rw': (60, 512),
         'mmu_update_64_pte_map': (None, 64),
         'mmu_update_1_pte': (None, 1)}

def counts(d):
    rows = []
    for path in sorted(glob.glob(d + '/cg.out.*'), key=lambda p: int(p.rsplit('.', 1)[1])):
        text = open(path).read()
        name = re.search(r'^desc: Trigger: Client Request: (\S+)', text, re.M).group(1)
        op, iters = name.split('/')
        ann = subprocess.run(['callgrind_annotate', '--threshold=100', '--auto=no', path],
                             capture_output=True, text=True).stdout
        total = engine = 0
        for line in ann.splitlines():
            m = re.match(r'\s*([\d,]+) \([ \d.]+%\)\s+(\S+):(\S+)', line)
            if not m or m.group(2) == '???' or 'below main' in line or 'libc-start' in line:
                continue
            ir, fn = int(m.group(1).replace(',', '')), m.group(2)
            if fn.endswith('tests/user/bench.c'):
                continue
            total += ir
            if re.search(r'(^|/)(translate|shim)/', fn):
                engine += ir
        rows.append((op, int(iters), total, engine))
    return rows

clang, gcc = counts(sys.argv[1] + '/bench'), counts(sys.argv[1] + '/bench-gcc')
assert [r[:2] for r in clang] == [r[:2] for r in gcc]
# The goal holds only if it holds with both compilers.
print(f"{'operation':28} {'calls':>6} {'engine clang':>13} {'engine gcc':>11} "
      f"{'all clang':>10}  goal (per call or per PTE: clang / gcc)")
missed = 0
for (op, n, total, engine), (_, _, _, gengine) in zip(clang, gcc):
    goal, per = goals.get(op, (None, 1))
    e, g_e, t = engine / n, gengine / n, total / n
    fmt = ".1f" if per > 1 else ".0f"
    pp = f"{e / per:{fmt}} / {g_e / per:{fmt}}"
    g = ''
    if goal:
        ok = e / per <= goal and g_e / per <= goal
        missed += not ok
        g = f"<= {goal}" + (' per PTE' if per > 1 else '') + \
            f": {'met' if ok else 'not met'} ({pp})"
    elif per > 1:
        g = f"({pp} per PTE)"
    print(f"{op:28} {n:>6} {e:>13.0f} {g_e:>11.0f} {t:>10.0f}  {g}")
# A regression guard: a goal missed fails the run.
sys.exit(1 if missed else 0)
PY
