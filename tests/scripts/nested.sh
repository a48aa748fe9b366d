# SPDX-License-Identifier: GPL-2.0
# The nested Hyper-V stack (see Documentation/testing.rst):
#   L0  QEMU TCG on this host, emulated AMD SVM (-cpu qemu64,+svm,+npt)
#   L1  Debian's stock kernel with kvm_amd, running QEMU/KVM
#   L2  guests with KVM's Hyper-V enlightenments (kvm=off,hv-*): they see
#       "Microsoft Hv" and a real TLFS hypercall/SynIC implementation.
# Source after common.sh.

XH_HV_CPU="host,kvm=off,hv-relaxed,hv-vapic,hv-vpindex,hv-runtime,hv-time,hv-synic,hv-stimer,hv-stimer-direct,hv-tlbflush,hv-ipi,hv-frequencies,hv-reenlightenment,hv-xmm-input,hv-crash"

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
	src=$(cat "$XH_CACHE/debian-kernel-$1/.xenhv-deb" 2>/dev/null)
	echo "host: $(uname -r) $(nproc) CPUs; QEMU $(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null)" \
		"; L1 and stock L2 kernel: $1 (${src:-package unknown})"
}

# Copy module NAME (and what it depends on, per modinfo) into DEST, in load order.
xh_copy_module_tree() {
	local moddir=$1 dest=$2 name=$3 path dep
	path=$(find "$moddir" -name "$name.ko" | head -n 1)
	[ -n "$path" ] || { echo "xenhv: module $name not found" >&2; return 1; }
	for dep in $(/sbin/modinfo -F depends "$path" | tr ',' ' '); do
		xh_copy_module_tree "$moddir" "$dest" "$dep"
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
# One guest at a time, each with its own time limit (TIMEOUT in its
# cmdline file, default 300 s): a guest that hangs is killed and reported,
# and the next one still runs. A heartbeat keeps L0's silence watchdog for
# L1 itself.
for g in /l2/*; do
	name=$(basename $g)
	TIMEOUT=300
	. $g/cmdline
	echo "XENHV-L2-BEGIN $name"
	qemu-system-x86_64 -accel kvm -machine q35 -m 512 -smp $SMP \
		-cpu "$HVCPU" -nodefaults -no-user-config -display none \
		-serial stdio -no-reboot -action panic=none \
		-kernel $g/kernel -initrd $g/initrd.gz \
		-append "console=ttyS0 panic=-1 loglevel=7 $APPEND" </dev/null &
	pid=$!
	t=0
	while kill -0 $pid 2>/dev/null && [ $t -lt $TIMEOUT ]; do
		sleep 1
		t=$((t + 1))
		[ $((t % 30)) = 0 ] && echo "XENHV-L1: $name running for $t s"
	done
	if kill -0 $pid 2>/dev/null; then
		kill -9 $pid
		wait $pid
		echo "XENHV-L2-END $name rc=124 timed out after $TIMEOUT s"
	else
		wait $pid
		echo "XENHV-L2-END $name rc=$?"
	fi
done
echo XENHV-L1-DONE
poweroff -f
INIT
	xh_busybox_root "$root" "$root.init"
	mkdir -p "$root/lib/kvm"
	xh_copy_module_tree "$debdir/lib/modules/$rel" "$root/lib/kvm" kvm-amd
	xh_copy_binary "$root" "$(command -v qemu-system-x86_64)"
	mkdir -p "$root/lib64" "$root/usr/share/qemu" "$root/usr/share/seabios"
	cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
	cp -L /usr/share/qemu/{kvmvapic.bin,linuxboot.bin,linuxboot_dma.bin,multiboot.bin,multiboot_dma.bin,pvh.bin} \
		"$root/usr/share/qemu/"
	cp -L /usr/share/seabios/{bios-256k.bin,bios.bin} "$root/usr/share/seabios/"
	cp -r "$guests" "$root/l2"
	sed -i "s|^SMP=|HVCPU=$XH_HV_CPU\nSMP=|" "$root"/l2/*/cmdline
}

XH_TCG_STALL_RE="rcu: INFO: rcu_[a-z]* (self-)?detected stall|rcu_[a-z]* kthread (starved|timer wakeup)|BUG: soft lockup"

# Run L0 with a watchdog; retry a stalled run up to 3 times.
# xh_nested_run LOG L1KERNEL L1INITRD GUEST...  (the guests whose END must appear)
xh_nested_run() {
	local log=$1 kernel=$2 initrd=$3
	shift 3
	local attempt rc g complete
	for attempt in 1 2 3; do
		echo "xenhv: nested Hyper-V run, attempt $attempt" >&2
		rc=0
		xh_qemu "$log" 90 900 -accel tcg,thread=multi,tb-size=512 -machine q35 -m 3G -smp 1 \
			-cpu qemu64,+svm,+npt -nodefaults -no-user-config -display none \
			-serial stdio -no-reboot -kernel "$kernel" -initrd "$initrd" \
			-append "console=ttyS0 panic=-1 loglevel=4" || rc=$?
		complete=1
		for g in "$@"; do
			grep -q "XENHV-L2-END $g" "$log" || complete=0
		done
		grep -q XENHV-L1-DONE "$log" || complete=0
		# The same TCG/SVM issue, short of a full stall: an L2 vCPU lost
		# its interrupts for many seconds and the L2 kernel said so (an
		# RCU stall report or a soft lockup, each with a "Call Trace:").
		# Retried like a stall; on the last attempt the report stays and
		# fails xenhv_kernel_log.
		if [ $complete = 1 ] && [ $attempt -lt 3 ] && grep -qE "$XH_TCG_STALL_RE" "$log"; then
			echo "xenhv: attempt $attempt: an L2 guest logged an RCU stall or soft lockup" \
				"(the TCG/SVM lost-interrupt issue): retrying" >&2
			grep -E "$XH_TCG_STALL_RE" "$log" | head -n 3 >&2
			cp "$log" "$log.attempt$attempt"
			continue
		fi
		if [ $complete = 1 ]; then
			echo "xenhv: nested run complete (attempt $attempt)" >&2
			return 0
		fi
		if [ $rc = 124 ]; then
			echo "xenhv: attempt $attempt STALLED (no output for 90 s; a known QEMU TCG/SVM issue with 2+ L2 vCPUs)" >&2
		else
			echo "xenhv: attempt $attempt did not complete (rc=$rc)" >&2
		fi
		cp "$log" "$log.attempt$attempt"
	done
	echo "xenhv: nested run failed 3 times; its suites will be reported as not run" >&2
	return 1
}
