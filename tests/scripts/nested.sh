# SPDX-License-Identifier: GPL-2.0
# The nested Hyper-V stack (see Documentation/testing.rst):
#   L0  QEMU TCG on this host, emulated AMD SVM (-cpu qemu64,+svm,+npt)
#   L1  Debian's stock kernel with kvm_amd, running QEMU/KVM
#   L2  guests with KVM's Hyper-V enlightenments (kvm=off,hv-*): they see
#       "Microsoft Hv" and a real TLFS hypercall/SynIC implementation.
# L1 runs the guests with tests/scripts/hv-guests.sh, the same script a
# host whose own KVM offers Hyper-V emulation runs them with directly
# (xh_hv_run picks). Source after common.sh.

# The Debian kernel matching the distro's linux-headers-amd64: its vmlinuz
# boots L1 and the stock-kernel L2, its headers build xenhv for it.
# Prints "<release> <extracted dir> <headers dir>".
xh_debian_kernel() {
	xh_need module
	local rel dir tmp deb
	rel=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 | sed -n 's/.*linux-headers-\([^ ,]*\).*/\1/p')
	[ -n "$rel" ] || { echo "xenhv: cannot tell the linux-headers-amd64 release" >&2; return 1; }
	dir="$XH_CACHE/debian-kernel-$rel"
	if [ ! -f "$dir/.xenhv-ok" ]; then
		(
			xh_cache_lock "debian-kernel-$rel"
			[ -f "$dir/.xenhv-ok" ] && exit 0
			tmp=$(mktemp -d "$dir.tmp.XXXXXX")
			echo "xenhv: downloading Debian kernel $rel" >&2
			(cd "$tmp" && { apt-get download "linux-image-$rel-unsigned" >&2 2>/dev/null ||
				apt-get download "linux-image-$rel" >&2; })
			deb=$(ls "$tmp"/linux-image-*.deb | head -n 1)
			mkdir "$tmp/x"
			dpkg -x "$deb" "$tmp/x"
			dpkg-deb -f "$deb" Package Version | tr '\n' ' ' >"$tmp/x/.xenhv-deb"
			touch "$tmp/x/.xenhv-ok"
			rm -rf "$dir"
			mv "$tmp/x" "$dir"
			rm -rf "$tmp"
		) || return 1
	fi
	echo "$rel $dir /usr/src/linux-headers-$rel"
}

# The versions everything in the nested stack comes from, for the test
# output: a run is only comparable with another on the same stack.
# xh_stack_versions REL
xh_stack_versions() {
	local src
	src=$(cat "$XH_CACHE/debian-kernel-$1/.xenhv-deb" 2>/dev/null) ||
		src="linux-image-$1-unsigned $(apt-cache policy "linux-image-$1-unsigned" 2>/dev/null |
			sed -n 's/^ *Candidate: //p')"
	echo "host: $(uname -r), $(nproc) CPUs; QEMU $(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null);" \
		"L1 and stock L2 kernel: $1 ($src)"
}

# Copy module NAME (and what it depends on, per modinfo) into DEST, in load order.
xh_copy_module_tree() {
	local moddir=$1 dest=$2 name=$3 path dep deps
	path=$(find "$moddir" -name "$name.ko" | head -n 1)
	[ -n "$path" ] || { echo "xenhv: module $name not found" >&2; return 1; }
	deps=$(/sbin/modinfo -F depends "$path") || return 1
	for dep in ${deps//,/ }; do
		xh_copy_module_tree "$moddir" "$dest" "$dep" || return 1
	done
	if [ ! -f "$dest/$name.ko" ]; then
		cp "$path" "$dest/$name.ko"
		echo "$name" >>"$dest/load-order"
	fi
}

# Copy a binary and every library it links into ROOT.
xh_copy_binary() {
	local root=$1 bin=$2 lib
	mkdir -p "$root$(dirname "$bin")"
	cp -L "$bin" "$root$bin"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		[ -f "$root$lib" ] || cp -L "$lib" "$root$lib"
	done
}

# L1 root: busybox, the KVM modules, QEMU and its firmware, and the L2
# guests. Each guest is a directory in $XH_L2_DIR with kernel, initrd.gz
# and a "cmdline" file (SMP and extra kernel arguments), run in name order.
xh_l1_root() {
	local root=$1 debdir=$2 rel=$3 guests=$4
	xh_need nested
	cat >"$root.init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mkdir -p /dev/shm /tmp
for m in $(cat /lib/kvm/load-order); do insmod /lib/kvm/$m.ko || echo "XENHV-L1: insmod $m failed"; done
[ -c /dev/kvm ] || echo "XENHV-L1: no /dev/kvm: nested SVM is not working"
XENHV_DEBUGCON=1 XENHV_ONLY=$(sed -n 's/.*xenhv_only=\([^ ]*\).*/\1/p' /proc/cmdline) sh /hv-guests.sh /l2
echo XENHV-L1-DONE
poweroff -f
INIT
	xh_busybox_root "$root" "$root.init"
	mkdir -p "$root/lib/kvm"
	xh_copy_module_tree "$debdir/lib/modules/$rel" "$root/lib/kvm" kvm-amd || return 1
	xh_copy_binary "$root" "$(command -v qemu-system-x86_64)"
	mkdir -p "$root/lib64" "$root/usr/share/qemu" "$root/usr/share/seabios"
	cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
	cp -L /usr/share/qemu/{kvmvapic.bin,linuxboot.bin,linuxboot_dma.bin,multiboot.bin,multiboot_dma.bin,pvh.bin} \
		"$root/usr/share/qemu/"
	cp -L /usr/share/seabios/{bios-256k.bin,bios.bin} "$root/usr/share/seabios/"
	cp -r "$guests" "$root/l2"
	cp "$XH_TOP/tests/scripts/hv-guests.sh" "$root/hv-guests.sh"
}

XH_TCG_STALL_RE="rcu: INFO: rcu_[a-z]* (self-)?detected stall|rcu_[a-z]* kthread (starved|timer wakeup)|BUG: soft lockup"

# Run L0 with a watchdog. L1 runs the guests still to do (its command
# line names them); when the whole stack freezes (no console output and no
# heartbeat for 90 s: the TCG/SVM issue) or an L2 logs an RCU stall or
# soft lockup, the next attempt resumes with the guests not yet done. A
# guest is tried up to 3 times; after that its last try is kept, as a
# failure, and the others still run (tests/scripts/nested_merge.py).
# xh_nested_run LOG L1KERNEL L1INITRD GUEST...
xh_nested_run() {
	local log=$1 kernel=$2 initrd=$3
	shift 3
	local attempt rc todo
	todo=$(IFS=,; echo "$*")
	: >"$log.final"
	rm -f "$log.state" "$log".attempt* "$log.kicks"
	echo "$todo" >"$log.state.todo"
	for attempt in 1 2 3 4 5 6; do
		echo "xenhv: nested Hyper-V run, attempt $attempt: $todo" >&2
		rc=0
		rm -f "$log.beat" "$log.mon"
		XH_QEMU_MON="$log.mon" \
		xh_qemu "$log" 90 3600 -accel tcg,thread=multi,tb-size=512 -machine q35 -m 3G -smp 1 \
			-chardev file,id=beat,path="$log.beat" -device isa-debugcon,iobase=0xe9,chardev=beat \
			-monitor unix:"$log.mon",server,nowait \
			-cpu qemu64,+svm,+npt -nodefaults -no-user-config -display none \
			-serial stdio -no-reboot -kernel "$kernel" -initrd "$initrd" \
			-append "console=ttyS0 panic=-1 loglevel=4 xenhv_only=$todo" || rc=$?
		[ $rc = 124 ] && echo "xenhv: attempt $attempt: the nested stack froze" \
			"(no console output, no L1 heartbeat: the TCG/SVM issue)" >&2
		grep -E "$XH_TCG_STALL_RE" "$log" | head -n 3 >&2 || true
		cp "$log" "$log.attempt$attempt"
		todo=$(python3 "$XH_TOP/tests/scripts/nested_merge.py" "$log" "$log.final" \
			"$log.state" 3 "$XH_TCG_STALL_RE")
		[ -z "$todo" ] && break
	done
	mv "$log.final" "$log"
	if [ -n "$todo" ]; then
		echo "xenhv: nested run: guests never run: $todo" >&2
		return 1
	fi
	echo "xenhv: nested run complete after $attempt attempts" >&2
}

# Run the guests in GUESTS (tests/scripts/hv-guests.sh's layout) on a
# Hyper-V ABI, their consoles into LOG: directly on this host's KVM when
# it offers Hyper-V emulation (kernel CI hosts; XENHV_NESTED=1 forces the
# nested stack), else in L1 of the nested stack, built in WORK.
# xh_hv_run LOG GUESTS WORK REL DEBDIR
xh_hv_run() {
	local log=$1 guests=$2 work=$3 rel=$4 debdir=$5 g total=0 t
	if [ "${XENHV_NESTED:-0}" != 1 ] && sh "$XH_TOP/tests/scripts/hv-guests.sh" --probe; then
		echo "xenhv: this host's KVM runs Hyper-V guests: running them directly" >&2
		for g in "$guests"/*/cmdline; do
			t=$(sed -n 's/^TIMEOUT=//p' "$g")
			total=$((total + ${t:-300} + 60))
		done
		timeout -k 10 "$total" sh "$XH_TOP/tests/scripts/hv-guests.sh" "$guests" >"$log" 2>&1 </dev/null
		return
	fi
	echo "xenhv: no Hyper-V emulation in this host's KVM: the nested stack (TCG, SVM, KVM)" >&2
	xh_l1_root "$work/root-l1" "$debdir" "$rel" "$guests" || return 1
	# Uncompressed: unpacking is faster than gunzip under TCG.
	(cd "$work/root-l1" && find . | cpio -o -H newc --quiet) >"$work/initramfs-l1.cpio"
	# shellcheck disable=SC2046
	xh_nested_run "$log" "$debdir/boot/vmlinuz-$rel" "$work/initramfs-l1.cpio" $(cd "$guests" && ls)
}
