#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Drop xenhv into a kernel source tree as drivers/hv/xenhv, so it builds
# with the kernel as =m or =y (CONFIG_XENHV, in the "Microsoft Hyper-V
# guest support" menu).
#
#   scripts/xenhv-intree.sh <kernel source tree>
#
# The same Kbuild serves both builds; in tree it takes CONFIG_XENHV* from
# Kconfig. drivers/hv/ is entered only for CONFIG_HYPERV, and xenhv does
# not need that (it sets up Hyper-V itself when the kernel did not), so
# drivers/Makefile enters drivers/hv/xenhv/ directly. Running it again
# refreshes the sources and leaves the hooks as they are.
set -euo pipefail
tree=${1:?usage: $0 <kernel source tree>}
here=$(cd "$(dirname "$0")/.." && pwd)
for f in Makefile drivers/Makefile drivers/hv/Kconfig; do
	[ -f "$tree/$f" ] || { echo "xenhv: $tree has no $f: not a kernel source tree" >&2; exit 1; }
done

dest="$tree/drivers/hv/xenhv"
mkdir -p "$dest/tests"
# rsync -c: files whose content did not change keep their times, so an
# incremental kernel build recompiles only what changed.
if command -v rsync >/dev/null; then
	rsync -rc --delete "$here/Kbuild" "$here/Kconfig" "$here/shim" "$here/translate" "$here/dom0" \
		"$here/xen_abi" "$here/hv_abi" "$dest/"
	rsync -rc --delete "$here/tests/kunit" "$here/tests/hv" "$dest/tests/"
else
	cp -r "$here"/{Kbuild,Kconfig,shim,translate,dom0,xen_abi,hv_abi} "$dest/"
	cp -r "$here/tests/kunit" "$here/tests/hv" "$dest/tests/"
fi

if ! grep -q 'drivers/hv/xenhv/Kconfig' "$tree/drivers/hv/Kconfig"; then
	# Inside the Hyper-V menu: before its last "endmenu".
	last=$(grep -n '^endmenu' "$tree/drivers/hv/Kconfig" | tail -n 1 | cut -d: -f1)
	[ -n "$last" ] && sed -i "${last}i\\source \"drivers/hv/xenhv/Kconfig\"\n" "$tree/drivers/hv/Kconfig"
	grep -q 'drivers/hv/xenhv/Kconfig' "$tree/drivers/hv/Kconfig" || {
		echo "xenhv: could not hook drivers/hv/Kconfig" >&2
		exit 1
	}
fi
if ! grep -q 'hv/xenhv/' "$tree/drivers/Makefile"; then
	printf '%s\n' 'obj-$(CONFIG_XENHV)		+= hv/xenhv/' >>"$tree/drivers/Makefile"
fi
echo "xenhv: in $dest; enable CONFIG_XENHV (=m or =y) and build the kernel"
