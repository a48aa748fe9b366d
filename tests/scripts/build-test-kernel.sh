#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse from the cache) the xenhv test kernel from Debian's
# linux-source-6.1: tinyconfig + tests/kernel/xenhv-test.config, and with
# the argument "debug" + tests/kernel/xenhv-debug.config (KASAN, UBSAN,
# lockdep, kmemleak: the KUnit kernel), with "kcsan" +
# tests/kernel/xenhv-kcsan.config (KCSAN and lockdep; KCSAN and KASAN
# exclude each other). Prints the kernel build directory on the last line
# of stdout. Cached by content; one run builds an entry at a time.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/tests/scripts/common.sh"
xh_need testkernel

frags=("$here/tests/kernel/xenhv-test.config")
flavour=testkernel
case "${1:-}" in
debug | kcsan)
	flavour=${1}kernel
	frags+=("$here/tests/kernel/xenhv-$1.config")
	;;
"") ;;
*) echo "usage: $0 [debug|kcsan]" >&2; exit 2 ;;
esac
# The cache key is the fragments and the source tarball, so a changed
# fragment or a new Debian source release rebuilds rather than reuses.
src_tar=$(ls /usr/src/linux-source-6.1.tar.xz)
key=$( (cat "${frags[@]}" | sha256sum; stat -c %s "$src_tar") | sha256sum | cut -c1-12)
[ "$flavour" = testkernel ] && key=$( (sha256sum <"${frags[0]}"; stat -c %s "$src_tar") | sha256sum | cut -c1-12)
kdir="$XH_CACHE/$flavour-$key"
if [ -f "$kdir/.xenhv-built" ]; then
	echo "$kdir"
	exit 0
fi
xh_cache_lock "$flavour-$key"
if [ -f "$kdir/.xenhv-built" ]; then
	echo "$kdir"
	exit 0
fi
tmp=$(mktemp -d "$kdir.tmp.XXXXXX")
echo "xenhv: building the $flavour in $kdir (first run only, ~6-15 min)" >&2
tar -C "$tmp" --strip-components=1 -xf "$src_tar"
cd "$tmp"
make -s ARCH=x86_64 tinyconfig >&2
scripts/kconfig/merge_config.sh -m .config "${frags[@]}" >&2
make -s ARCH=x86_64 olddefconfig >&2
# merge_config cannot tell us when Kconfig dropped a symbol; check the ones
# the harness relies on.
need="KUNIT MODULES SERIAL_8250_CONSOLE BLK_DEV_INITRD DEBUG_FS SMP PCI X86_MSR DMI"
case $flavour in
debugkernel) need="$need KASAN UBSAN PROVE_LOCKING DEBUG_ATOMIC_SLEEP DEBUG_KMEMLEAK" ;;
kcsankernel) need="$need KCSAN PROVE_LOCKING DEBUG_ATOMIC_SLEEP" ;;
esac
for sym in $need; do
	grep -q "^CONFIG_$sym=y" .config || { echo "xenhv: CONFIG_$sym missing from the $flavour config" >&2; exit 1; }
done
make -s ARCH=x86_64 -j"$(nproc)" bzImage modules >&2
touch .xenhv-built
cd /
xh_cache_done "$tmp" "$kdir"
echo "$kdir"
