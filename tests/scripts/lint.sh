#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static checks as a KTAP suite: checkpatch.pl --no-tree on every source
# file, and W=1 and sparse (C=2) builds against Debian's stock headers and
# the test kernel, each clean of warnings. Writes build/results/lint.log.
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/nested.sh"
xh_need lint

read -r rel _debdir hdrdir < <(xh_debian_kernel)
kdir=$(bash "$XH_TOP/tests/scripts/build-test-kernel.sh" | tail -n 1)
res="$XH_TOP/build/results"
mkdir -p "$res"
out="$res/lint.log"
xh_ktap_begin "$res/lint.body"

cd "$XH_TOP"
files=$(git ls-files '*.c' '*.h' '*.S' 2>/dev/null || find shim translate dom0 xen_abi hv_abi tests -name '*.[chS]')
# Not the userspace seam: it defines the kernel's own primitives (typedefs,
# volatile once-accessors, raw attributes) for a userspace build, which is
# exactly what checkpatch forbids kernel code to do.
files=$(echo "$files" | grep -v '^tests/user/xenhv_user.h$')
# shellcheck disable=SC2086
"$kdir/scripts/checkpatch.pl" --no-tree --terse --show-types -f $files \
	2>&1 | grep -E ': (ERROR|WARNING|CHECK):' >"$res/checkpatch.txt" || true
xh_ktap_check checkpatch_no_tree_clean "$res/checkpatch.txt"

/usr/bin/python3 "$XH_TOP/tests/scripts/doc_check.py" >"$res/docs.txt" 2>&1 || echo "doc_check.py failed" >>"$res/docs.txt"
xh_ktap_check docs_parse_and_table_tests_exist "$res/docs.txt"

for target in "debian-$rel:$hdrdir" "testkernel:$kdir"; do
	name=${target%%:*}
	dir=${target#*:}
	b=$(xh_build_modules "$dir" "lint-$name" W=1 C=2 2>"$res/build-$name.txt" || true)
	# Kbuild notes that are not warnings about our code:
	grep -v -e 'Skipping BTF generation' -e '^make' "$res/build-$name.txt" |
		grep -iE 'warning|error' >"$res/warn-$name.txt" || true
	xh_ktap_check "w1_and_sparse_clean_$name" "$res/warn-$name.txt"
	# Truncate first: a failure left by an earlier run must not stick.
	: >"$res/nobuild-$name.txt"
	ls "$b"/xenhv.ko >/dev/null 2>&1 || echo "no xenhv.ko built" >"$res/nobuild-$name.txt"
	xh_ktap_check "builds_$name" "$res/nobuild-$name.txt"
done

# Every file in shim/ and translate/ is a node, every symbol one defines
# and another uses an edge: the graph must stay a DAG (no two files
# reaching into each other). $b is the test-kernel build.
/usr/bin/python3 "$XH_TOP/tests/scripts/file_cycles.py" "$b" >"$res/cycles.txt" 2>&1 || true
xh_ktap_check no_file_cycles_in_shim_or_translate "$res/cycles.txt"

xh_ktap_end xenhv_lint >"$out"
cat "$out" >&2
