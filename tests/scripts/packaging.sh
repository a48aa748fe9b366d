#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Packaging checks as one KTAP suite (xenhv_packaging), for distro kernel
# packagers: every Debian 12 linux-headers flavour of the oldest and the
# newest supported kernel builds W=1-clean; kernels outside the range are
# refused with the reason; modinfo tells an admin what the module is; the
# sources build in a kernel tree as =y and =m; the xenhv-dkms .deb
# installs into a clean Debian 12 root, where DKMS builds the module for
# the distro kernel (which the Hyper-V suites then load: xenhv_stock_kernel
# .dkms_built_module_loads). Writes build/results/packaging.log and
# build/results/dkms/xenhv.ko.
# No pipefail: "producer | grep -q" must not fail when grep stops reading early.
set -u
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/nested.sh"
. "$(dirname "$0")/clean-root.sh"
xh_need packaging

res="$XH_TOP/build/results"
work="$XH_TOP/build/packaging"
mkdir -p "$res"
# A run that died inside the clean root may have left its /proc mounted.
mountpoint -q "$work/root/proc" 2>/dev/null && umount "$work/root/proc"
rm -rf --one-file-system "$work" "$res/dkms"
mkdir -p "$work" "$res/dkms"
xh_ktap_begin "$res/packaging.body"
ver=$(sed -n 's/^XENHV_VERSION := //p' "$XH_TOP/Kbuild")
read -r rel _debdir _hdrdir < <(xh_debian_kernel)

# --- The headers matrix -------------------------------------------------
# Debian's headers for one kernel ABI (e.g. 6.1.0-56 or 6.12.117+deb12),
# all flavours, unpacked under the cache without installing them (their
# linux-image dependencies would pull in kernels). The flavour Makefiles
# name their common tree by absolute path: pointed at the unpacked one.
xh_headers_root() {
	local abi=$1 dir="$XH_CACHE/headers-$1" pkgs kb tmp
	if [ ! -f "$dir/.xenhv-ok" ]; then
		(
			xh_cache_lock "headers-$abi"
			[ -f "$dir/.xenhv-ok" ] && exit 0
			tmp=$(mktemp -d "$dir.tmp.XXXXXX")
			mkdir "$tmp/debs" "$tmp/root"
			kb=$(apt-cache depends "linux-headers-$abi-amd64" | sed -n 's/.*Depends: \(linux-kbuild-[^ ]*\).*/\1/p' | head -n 1)
			pkgs="linux-headers-$abi-amd64 linux-headers-$abi-cloud-amd64 linux-headers-$abi-rt-amd64"
			pkgs="$pkgs linux-headers-$abi-common linux-headers-$abi-common-rt $kb"
			# shellcheck disable=SC2086
			(cd "$tmp/debs" && apt-get download $pkgs >&2 2>/dev/null) || exit 1
			for d in "$tmp/debs"/*.deb; do dpkg -x "$d" "$tmp/root"; done
			sed -i "s|^include /usr/src/|include $dir/usr/src/|" "$tmp"/root/usr/src/linux-headers-*/Makefile
			touch "$tmp/root/.xenhv-ok"
			rm -rf "$dir"
			mv "$tmp/root" "$dir"
			rm -rf "$tmp"
		) || return 1
	fi
	echo "$dir"
}

# The newest ABI of each supported series that the archive offers.
abi61=$(apt-cache pkgnames linux-headers-6.1.0- | sed -n 's/^linux-headers-\(6\.1\.0-[0-9]*\)-amd64$/\1/p' | sort -V | tail -n 1)
abi612=$(apt-cache pkgnames linux-headers-6.12 | sed -n 's/^linux-headers-\(6\.12\.[0-9]*+deb12\)-amd64$/\1/p' | sort -V | tail -n 1)
echo "xenhv: headers matrix: $abi61 and $abi612, amd64 cloud-amd64 rt-amd64" >&2
: >"$work/matrix.txt"
for abi in $abi61 $abi612; do
	root=$(xh_headers_root "$abi") || { echo "cannot download the $abi headers" >"$work/dl-$abi.txt"; }
	for fl in amd64 cloud-amd64 rt-amd64; do
		name=$(echo "w1_clean_${abi}_$fl" | tr '.+-' '___')
		f="$work/$name.txt"
		if [ -z "${root:-}" ]; then
			cp "$work/dl-$abi.txt" "$f"
		else
			b=$(xh_build_modules "$root/usr/src/linux-headers-$abi-$fl" "matrix-$abi-$fl" W=1 -j2 2>"$f.log") || true
			grep -v -e 'Skipping BTF generation' -e '^make' "$f.log" | grep -iE 'warning|error' >"$f" || true
			[ -n "$b" ] && [ -f "$b/xenhv.ko" ] || echo "no xenhv.ko built (see $f.log)" >>"$f"
			[ -s "$f" ] || echo "$abi $fl" >>"$work/matrix.txt"
		fi
		xh_ktap_check "$name" "$f"
	done
	unset root
done

# --- Outside the range: refused, with the reason --------------------------
# The headers' own version overridden on the command line, as an older or
# newer kernel's Makefile would set it.
f="$work/refuse.txt"
: >"$f"
b="$XH_TOP/build/refuse"
rm -rf "$b" && mkdir -p "$b"
(cd "$XH_TOP" && cp -r Kbuild Makefile shim translate dom0 xen_abi hv_abi tests "$b/")
hdr="$XH_CACHE/headers-$abi61/usr/src/linux-headers-$abi61-amd64"
make -s -C "$hdr" M="$b" VERSION=5 PATCHLEVEL=15 modules >"$b/old.txt" 2>&1 && echo "5.15 built" >>"$f"
grep -q "xenhv: Linux 5.15 is older than 6.1" "$b/old.txt" || { echo "no reason given for 5.15:"; cat "$b/old.txt"; } >>"$f"
make -s -C "$hdr" M="$b" VERSION=6 PATCHLEVEL=13 modules >"$b/new.txt" 2>&1 && echo "6.13 built" >>"$f"
grep -q "xenhv: Linux 6.13 is newer than 6.12" "$b/new.txt" || { echo "no reason given for 6.13:"; cat "$b/new.txt"; } >>"$f"
make -s -C "$hdr" M="$b" VERSION=6 PATCHLEVEL=13 clean >"$b/clean.txt" 2>&1 || { echo "clean refused:"; cat "$b/clean.txt"; } >>"$f"
xh_ktap_check refuses_kernels_outside_6_1_to_6_12 "$f"

# --- modinfo: what an admin sees ---------------------------------------
f="$work/modinfo.txt"
: >"$f"
ko="$XH_TOP/build/matrix-$abi61-amd64/xenhv.ko"
if [ -f "$ko" ]; then
	for field in description author license version; do
		[ -n "$(/sbin/modinfo -F "$field" "$ko")" ] || echo "modinfo: no $field" >>"$f"
	done
	[ "$(/sbin/modinfo -F version "$ko")" = "$ver" ] || echo "modinfo version is not $ver" >>"$f"
	[ "$(/sbin/modinfo -F license "$ko")" = GPL ] || echo "modinfo license is not GPL" >>"$f"
	# Every parameter has its description ("name:description (type)").
	/sbin/modinfo -F parm "$ko" | grep -vE '^[a-z_]+:[A-Za-z].* \([a-z]+\)$' >>"$f"
	[ "$(/sbin/modinfo -F parm "$ko" | wc -l)" -ge 6 ] || echo "fewer than 6 parameters listed" >>"$f"
else
	echo "no 6.1 amd64 build to read" >>"$f"
fi
xh_ktap_check modinfo_describes_the_module "$f"

# --- In tree: drivers/hv/xenhv, =y and =m --------------------------------
# Its own tree (linux-source-6.1, tinyconfig + the test kernel's fragment),
# cached after its first full build; later runs rebuild only xenhv.
src_tar=$(ls /usr/src/linux-source-6.1.tar.xz)
key=$( (sha256sum <"$XH_TOP/tests/kernel/xenhv-test.config"; stat -c %s "$src_tar") | sha256sum | cut -c1-12)
tree="$XH_CACHE/intree-$key"
# The tree is used in place (xenhv is rebuilt in it): one run at a time.
xh_cache_lock "intree-$key"
if [ ! -f "$tree/.xenhv-configured" ]; then
	rm -rf "$tree"
	mkdir -p "$tree"
	echo "xenhv: in-tree kernel in $tree (first run: a full tinyconfig build)" >&2
	tar -C "$tree" --strip-components=1 -xf "$src_tar"
	(cd "$tree" && make -s ARCH=x86_64 tinyconfig &&
		scripts/kconfig/merge_config.sh -m .config "$XH_TOP/tests/kernel/xenhv-test.config" &&
		make -s ARCH=x86_64 olddefconfig) >"$work/intree-config.txt" 2>&1 && touch "$tree/.xenhv-configured"
fi
intree_build() { # intree_build y|m  -> findings on stdout
	local how=$1 log="$work/intree-$1.log"
	bash "$XH_TOP/scripts/xenhv-intree.sh" "$tree" >"$log" 2>&1 || { cat "$log"; return; }
	(cd "$tree" && if [ "$how" = y ]; then
		scripts/config -e XENHV -d XENHV_KUNIT_TEST
	else
		scripts/config -m XENHV -m XENHV_KUNIT_TEST -m XENHV_DEMO -m XENHV_HV_TEST
	fi && make -s ARCH=x86_64 olddefconfig && make ARCH=x86_64 -j"$(nproc)" bzImage modules) >>"$log" 2>&1 ||
		{ echo "the kernel build failed:"; grep -iE 'error' "$log" | head -n 20; return; }
	# The compiler's and modpost's findings on xenhv's files (not build
	# lines that merely pass through a path with "xenhv" in it).
	grep -E '(^|/)drivers/hv/xenhv/[^ ]*:[0-9]+:([0-9]+:)? (warning|error):|WARNING: modpost: .*xenhv' "$log"
	grep -q "^CONFIG_XENHV=$how$" "$tree/.config" || echo "CONFIG_XENHV is not $how in .config"
	if [ "$how" = y ]; then
		nm "$tree/vmlinux" | grep -q ' xenhv_hypercall$' || echo "xenhv_hypercall is not in vmlinux"
	else
		for m in xenhv xenhv_test xenhv_demo xenhv_hv_test; do
			[ -f "$tree/drivers/hv/xenhv/$m.ko" ] || echo "no drivers/hv/xenhv/$m.ko"
		done
		[ "$(/sbin/modinfo -F intree "$tree/drivers/hv/xenhv/xenhv.ko")" = Y ] ||
			echo "xenhv.ko does not say intree: Y"
		nm "$tree/vmlinux" | grep -q ' xenhv_hypercall$' && echo "xenhv_hypercall still in vmlinux"
	fi
}
if [ -f "$tree/.xenhv-configured" ]; then
	intree_build y >"$work/intree-y.txt" 2>&1
	intree_build m >"$work/intree-m.txt" 2>&1
else
	cat "$work/intree-config.txt" >"$work/intree-y.txt"
	cp "$work/intree-y.txt" "$work/intree-m.txt"
fi
xh_cache_unlock
xh_ktap_check intree_builds_built_in "$work/intree-y.txt"
xh_ktap_check intree_builds_as_module "$work/intree-m.txt"

# --- The Debian package -----------------------------------------------
f="$work/deb.txt"
: >"$f"
deb=$(bash "$XH_TOP/tests/scripts/build-deb.sh" 2>"$work/deb-build.txt" | tail -n 1)
if [ -f "$deb" ]; then
	dpkg-deb -f "$deb" Depends | grep -q dkms || echo "xenhv-dkms does not depend on dkms" >>"$f"
	dpkg-deb -c "$deb" | grep "usr/src/xenhv-$ver/dkms.conf" >/dev/null || echo "no usr/src/xenhv-$ver/dkms.conf" >>"$f"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/xenhv-$ver/dkms.conf" |
		grep -q "^PACKAGE_VERSION=\"$ver\"" || echo "dkms.conf version is not $ver" >>"$f"
else
	cat "$work/deb-build.txt" >>"$f"
fi
xh_ktap_check deb_builds "$f"

# A clean Debian 12 root with dkms and the distro kernel's headers, from
# debootstrap (cached: a pristine copy; each run installs into a fresh
# copy of it).
clean_root() {
	local dir="$XH_CACHE/debian12-root-$rel" base tmp
	if [ ! -f "$dir/.xenhv-ok" ]; then
		base=$(xh_minbase_root) || return 1
		xh_cache_lock "debian12-root-$rel"
		if [ ! -f "$dir/.xenhv-ok" ]; then
			tmp=$(mktemp -d "$dir.tmp.XXXXXX")
			cp -a "$base/." "$tmp/"
			chroot "$tmp" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends dkms linux-headers-$rel" >"$work/root-apt.txt" 2>&1 ||
				{ tail -n 20 "$work/root-apt.txt" >&2; return 1; }
			chroot "$tmp" apt-get clean
			touch "$tmp/.xenhv-ok"
			mv "$tmp" "$dir"
		fi
		xh_cache_unlock
	fi
	echo "$dir"
}
f="$work/dkms.txt"
: >"$f"
croot=
if [ -f "$deb" ] && ! croot=$(clean_root 2>"$work/clean-root.txt"); then
	grep -v '^xenhv: debootstrap' "$work/clean-root.txt" >>"$f"
	echo "no clean Debian 12 root" >>"$f"
	croot=
fi
if [ -n "$croot" ]; then
	r="$work/root"
	cp -a "$croot" "$r"
	# /proc for the maintainer scripts, where the machine allows it.
	proc_mounted=0
	mount -t proc proc "$r/proc" 2>/dev/null && proc_mounted=1
	cp "$deb" "$r/tmp/"
	# dkms's postinst builds for the running kernel (this machine's, which
	# has no headers in the root) and the newest installed one: the
	# distro kernel whose headers are there.
	chroot "$r" env DEBIAN_FRONTEND=noninteractive dpkg -i "/tmp/$(basename "$deb")" >"$work/dpkg-i.txt" 2>&1 ||
		{ echo "dpkg -i failed:"; tail -n 30 "$work/dpkg-i.txt"; } >>"$f"
	chroot "$r" dkms status >"$work/dkms-status.txt" 2>&1
	grep -q "^xenhv/$ver, $rel, x86_64: installed" "$work/dkms-status.txt" ||
		{ echo "dkms status does not show xenhv installed for $rel:"; cat "$work/dkms-status.txt"; tail -n 30 "$work/dpkg-i.txt"; } >>"$f"
	for m in xenhv xenhv_demo; do
		ko=$(find "$r/lib/modules/$rel/updates" -name "$m.ko*" 2>/dev/null | head -n 1)
		if [ -z "$ko" ]; then
			echo "no $m.ko under /lib/modules/$rel/updates" >>"$f"
			continue
		fi
		case $ko in
		*.xz) xz -dc "$ko" >"$res/dkms/$m.ko" ;;
		*.zst) zstd -qdc "$ko" >"$res/dkms/$m.ko" ;;
		*) cp "$ko" "$res/dkms/$m.ko" ;;
		esac
		[ "$(/sbin/modinfo -F vermagic "$res/dkms/$m.ko" | cut -d' ' -f1)" = "$rel" ] ||
			echo "$m.ko was not built for $rel" >>"$f"
	done
	# And it goes away cleanly.
	chroot "$r" env DEBIAN_FRONTEND=noninteractive dpkg --purge xenhv-dkms >"$work/dpkg-purge.txt" 2>&1 ||
		{ echo "dpkg --purge failed:"; tail -n 20 "$work/dpkg-purge.txt"; } >>"$f"
	[ -z "$(find "$r/lib/modules/$rel" -name 'xenhv*.ko*')" ] || echo "modules left after purge" >>"$f"
	[ $proc_mounted = 0 ] || umount "$r/proc"
	rm -rf --one-file-system "$r"
elif [ ! -f "$deb" ]; then
	echo "no .deb to install" >>"$f"
fi
xh_ktap_check deb_installs_and_dkms_builds_in_clean_debian12_root "$f"

# --- make demo's install and build steps in a fresh minimal Debian 12 --
# root: a package the scripts use but never install fails here, whatever
# this machine happens to have.
f="$work/demo-root.txt"
t=$(date +%s)
xh_demo_in_fresh_root "$work/demo-root" >"$f.log" 2>&1 || { echo "make demo's build failed in a fresh root:"; tail -n 30 "$f.log"; } >"$f"
echo "    # demo install + build in a fresh Debian 12 root: $(($(date +%s) - t)) s" >>"$res/packaging.body"
xh_ktap_check demo_builds_in_fresh_debian12_root "$f"

{
	echo "xenhv-packaging: W=1-clean on: $(tr '\n' ';' <"$work/matrix.txt")"
	xh_ktap_end xenhv_packaging
} >"$res/packaging.log"
cat "$res/packaging.log"
