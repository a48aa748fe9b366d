#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the Debian package xenhv-dkms (debian/) from a copy of the tree,
# so the repository stays clean. The .deb lands in build/deb/; its path
# is the last line of stdout.
set -euo pipefail
. "$(dirname "$0")/common.sh"
xh_need deb

ver=$(sed -n 's/^XENHV_VERSION := //p' "$XH_TOP/Kbuild")
deb_ver=$(dpkg-parsechangelog -l "$XH_TOP/debian/changelog" -S Version)
if [ "$ver" != "$deb_ver" ]; then
	echo "xenhv: Kbuild says version $ver, debian/changelog $deb_ver: make them agree" >&2
	exit 1
fi
out="$XH_TOP/build/deb"
rm -rf "$out"
make -s -C "$XH_TOP" install-src SRCDIR="$out/xenhv-$ver" >/dev/null &&
	cp -r "$XH_TOP/dkms.conf" "$XH_TOP/debian" "$out/xenhv-$ver/" || exit 1
(cd "$out/xenhv-$ver" && dpkg-buildpackage -us -uc -b >"$out/build.log" 2>&1) ||
	{ tail -n 30 "$out/build.log" >&2; exit 1; }
ls "$out"/xenhv-dkms_"$ver"_all.deb
