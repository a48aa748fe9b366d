#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse from the cache) the xenhv test kernel from Debian's
# linux-source-6.1: tinyconfig + tests/kernel/xenhv-test.config, and with
# the argument "debug" + tests/kernel/xenhv-debug.config (KASAN, UBSAN,
# lockdep, kmemleak: the KUnit kernel). Prints the kernel build directory
# on the last line of stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/tests/scripts/common.sh"
xh_need_pkgs linux-source-6.1 flex bison bc libelf-dev libssl-dev xz-utils python3 kmod cpio

frags=("$here/tests/kernel/xenhv-test.config")
flavour=testkernel
if [ "${1:-}" = debug ]; then
	frags+=("$here/tests/kernel/xenhv-debug.config")
	flavour=debugkernel
fi
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
rm -rf "$kdir" "$kdir.tmp"
mkdir -p "$kdir.tmp"
echo "xenhv: building test kernel in $kdir (first run only, ~6-10 min)" >&2
tar -C "$kdir.tmp" --strip-components=1 -xf "$src_tar"
cd "$kdir.tmp"
make -s ARCH=x86_64 tinyconfig >&2
scripts/kconfig/merge_config.sh -m .config "${frags[@]}" >&2
make -s ARCH=x86_64 olddefconfig >&2
# merge_config cannot tell us when Kconfig dropped a symbol; check the ones
# the harness relies on.
for sym in KUNIT MODULES SERIAL_8250_CONSOLE BLK_DEV_INITRD DEBUG_FS SMP PCI X86_MSR DMI; do
	grep -q "^CONFIG_$sym=y" .config || { echo "xenhv: CONFIG_$sym missing from test kernel config" >&2; exit 1; }
done
if [ "$flavour" = debugkernel ]; then
	for sym in KASAN UBSAN PROVE_LOCKING DEBUG_ATOMIC_SLEEP DEBUG_KMEMLEAK; do
		grep -q "^CONFIG_$sym=y" .config || { echo "xenhv: CONFIG_$sym missing from debug kernel config" >&2; exit 1; }
	done
fi
make -s ARCH=x86_64 -j"$(nproc)" bzImage modules >&2
touch .xenhv-built
cd /
mv "$kdir.tmp" "$kdir"
echo "$kdir"
