# SPDX-License-Identifier: GPL-2.0
# Fresh minimal Debian 12 roots (debootstrap --variant=minbase), for the
# checks that must not see what this machine has installed. Source after
# common.sh.

# The Debian mirror this machine's apt uses (its first URI).
xh_debian_mirror() {
	local uri
	uri=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
	[ -n "$uri" ] || uri=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) bookworm .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
	[ -n "$uri" ] || { echo "xenhv: no Debian mirror in this machine's apt sources" >&2; return 1; }
	echo "$uri"
}

# A pristine minbase root, made once and cached (never changed after:
# users copy it). Prints its path.
xh_minbase_root() {
	local dir="$XH_CACHE/debian12-minbase" tmp mirror
	if [ ! -f "$dir/.xenhv-ok" ]; then
		(
			xh_need_pkgs debootstrap
			xh_cache_lock debian12-minbase
			[ -f "$dir/.xenhv-ok" ] && exit 0
			mirror=$(xh_debian_mirror) || exit 1
			tmp=$(mktemp -d "$dir.tmp.XXXXXX")
			echo "xenhv: debootstrap of a minimal Debian 12 root (first run only)" >&2
			debootstrap --variant=minbase bookworm "$tmp" "$mirror" >"$tmp.log" 2>&1 ||
				{ tail -n 20 "$tmp.log" >&2; exit 1; }
			cp /etc/apt/sources.list.d/*.sources "$tmp/etc/apt/sources.list.d/" 2>/dev/null || true
			cp /etc/apt/sources.list "$tmp/etc/apt/" 2>/dev/null || true
			cp /etc/resolv.conf "$tmp/etc/"
			rm -f "$tmp.log"
			touch "$tmp/.xenhv-ok"
			mv "$tmp" "$dir"
		) || return 1
	fi
	echo "$dir"
}

# Run make demo's install and build steps (demo.sh --build-only) as a new
# user would, in a fresh copy of the minbase root at DIR: only what the
# scripts install is there. Downloads are shared with this machine's apt
# cache. The root is removed afterwards.
xh_demo_in_fresh_root() {
	local r=$1 base rc=0 m
	base=$(xh_minbase_root) || return 1
	rm -rf --one-file-system "$r"
	cp -a "$base" "$r"
	mkdir -p "$r/root/xenhv"
	(cd "$XH_TOP" && { git ls-files 2>/dev/null || find . -path ./build -prune -o -path ./.git -prune -o -type f -print; } |
		grep -v '^build/' | cpio -pdm --quiet "$r/root/xenhv")
	mount -t proc proc "$r/proc"
	mount --bind /dev "$r/dev"
	mount --bind /var/cache/apt/archives "$r/var/cache/apt/archives"
	chroot "$r" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb \
		bash /root/xenhv/tests/scripts/demo.sh --build-only || rc=$?
	for m in var/cache/apt/archives dev proc; do umount "$r/$m" || rc=1; done
	[ $rc = 0 ] && [ -s "$r/root/xenhv/build/demo/initramfs-l1.cpio" ] || rc=1
	rm -rf --one-file-system "$r"
	return $rc
}
