# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the xenhv scripts: cache location and package installs.
XH_CACHE=${XENHV_CACHE:-${HOME:-/root}/.cache/xenhv}
mkdir -p "$XH_CACHE"

# Install Debian packages that are not installed yet (as root, with apt).
# apt waits for another run's dpkg lock rather than failing.
xh_need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "xenhv: installing ${missing[*]}" >&2
	local sudo= lockwait=(-o DPkg::Lock::Timeout=900)
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	if [ ! -f "$XH_CACHE/.apt-updated" ] || [ -n "$(find "$XH_CACHE/.apt-updated" -mmin +720)" ]; then
		$sudo apt-get "${lockwait[@]}" update -qq >&2 && touch "$XH_CACHE/.apt-updated"
	fi
	DEBIAN_FRONTEND=noninteractive $sudo apt-get "${lockwait[@]}" install -y -qq \
		--no-install-recommends "${missing[@]}" >&2
}

# The packages TARGET needs, from tests/needs.txt (the one list).
xh_need_list() {
	local line word
	line=$(sed -n "s/^$1: //p" "$XH_TOP/tests/needs.txt")
	[ -n "$line" ] || { echo "xenhv: tests/needs.txt has no target $1" >&2; return 1; }
	for word in $line; do
		case $word in
		@*) xh_need_list "${word#@}" ;;
		*) echo "$word" ;;
		esac
	done
}

# Install what TARGET... needs (tests/needs.txt).
xh_need() {
	local t pkgs=()
	for t in "$@"; do
		mapfile -t -O ${#pkgs[@]} pkgs < <(xh_need_list "$t" | sort -u)
	done
	# shellcheck disable=SC2046
	xh_need_pkgs $(printf '%s\n' "${pkgs[@]}" | sort -u)
}

# Cache entries are shared by every clone on the machine. Each is made by
# one run at a time (an flock per entry, held while it is made or used
# in place) and marked done only after it is complete, so two runs never
# build into the same directory and never use a half-made one.
# xh_cache_lock NAME: take the entry's lock on fd 8 (released at exit or
# with xh_cache_unlock).
xh_cache_lock() {
	exec 8>"$XH_CACHE/$1.lock"
	flock 8
}

xh_cache_unlock() {
	exec 8>&-
}

# xh_cache_ready DIR: DIR is complete (its done marker is there).
xh_cache_ready() {
	[ -f "$1/.xenhv-done" ]
}

# xh_cache_done TMPDIR DIR: publish a finished entry atomically.
xh_cache_done() {
	touch "$1/.xenhv-done"
	rm -rf --one-file-system "$2"
	mv "$1" "$2"
}

XH_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Debian 12's Xen client tools, unmodified, and what they link against,
# copied into the root ROOT: xenstore-utils (xenstore, xenstore-read,
# -write, -ls, -list, -rm, -chmod, -exists, -watch), and test-xenstore,
# lsevtchn and vchan-socket-proxy from xen-utils-4.17, with the Xen
# libraries they link (libxenctrl and libxenvchan are libxenmisc4.17's)
# and this host's glibc (Debian 12's too). The .debs are cached per
# Debian version and package list.
XH_XEN_CLIENT_DEBS="xenstore-utils libxenstore4 libxentoolcore1 libxenevtchn1 libxentoollog1 xen-utils-4.17 libxenmisc4.17 libxencall1 libxenforeignmemory1 libxendevicemodel1 libxengnttab1"
xh_xen_clients() {
	local root=$1 c ver tmp f
	ver=$(apt-cache policy xenstore-utils 2>/dev/null | sed -n 's/ *Candidate: //p')
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
		apt-get -o DPkg::Lock::Timeout=900 update -qq >&2
		ver=$(apt-cache policy xenstore-utils | sed -n 's/ *Candidate: //p')
	fi
	# Keyed by the version and the package list, so a longer list refetches.
	ver="$ver-$(echo "$XH_XEN_CLIENT_DEBS" | md5sum | cut -c1-8)"
	c="$XH_CACHE/xen-clients-$ver"
	xh_cache_lock "xen-clients-$ver"
	if ! xh_cache_ready "$c"; then
		tmp=$(mktemp -d "$XH_CACHE/.xen-clients.XXXXXX")
		# shellcheck disable=SC2086
		(cd "$tmp" && apt-get -o APT::Sandbox::User=root download $XH_XEN_CLIENT_DEBS >&2) || { rm -rf "$tmp"; return 1; }
		for f in "$tmp"/*.deb; do dpkg-deb -x "$f" "$tmp/root"; done
		xh_cache_done "$tmp" "$c"
	fi
	xh_cache_unlock
	mkdir -p "$root/usr/bin" "$root/lib64" "$root/lib/x86_64-linux-gnu"
	cp -a "$c/root/usr/bin"/xenstore* "$root/usr/bin/"
	cp "$c/root/usr/lib/xen-4.17/bin/"{test-xenstore,lsevtchn,vchan-socket-proxy} "$root/usr/bin/"
	cp -a "$c/root/usr/lib/x86_64-linux-gnu"/libxen{store,toolcore,evtchn,toollog,ctrl,call}.so* \
		"$c/root/usr/lib/x86_64-linux-gnu"/libxen{foreignmemory,devicemodel,gnttab,vchan}.so* \
		"$root/lib/x86_64-linux-gnu/"
	# libgcc_s: glibc's pthread_cancel() (libxenstore's watch thread) needs it.
	cp -L /lib/x86_64-linux-gnu/{libc.so.6,libgcc_s.so.1} "$root/lib/x86_64-linux-gnu/"
	cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
	echo "$ver"
}

# Every suite make check runs, by the script that runs it: each script and
# check.sh's total read them from here.
XH_SUITES_KUNIT=xenhv_load_off_hyperv,xenhv_fake_backend,xenhv_dispatch,xenhv_xen_version,xenhv_sched_op,xenhv_hv_call,xenhv_evtchn,xenhv_evtchn_fifo,xenhv_evtchn_interdomain,xenhv_pvclock,xenhv_timer,xenhv_vcpu_op,xenhv_sched_shutdown,xenhv_hvm_op,xenhv_flush,xenhv_pv_mmu,xenhv_mmuext,xenhv_reservation,xenhv_gnttab,xenhv_gnttab_map,xenhv_cross_domain_stress,xenhv_hypercall_table,xenhv_xenstore
XH_SUITES_HV=xenhv_hyperv,xenhv_hyperv_evtchn,xenhv_hyperv_storm,xenhv_hyperv_time,xenhv_hyperv_mm,xenhv_hv_lifecycle,xenhv_hv_cycles,xenhv_demo,xenhv_stock_kernel,xenhv_xen_clients,xenhv_clients_kmemleak
XH_SUITES_ALL=xenhv_lint,xenhv_user,xenhv_packaging,$XH_SUITES_KUNIT,xenhv_kcsan,$XH_SUITES_HV,xenhv_kcsan_hyperv

# Build the modules for one kernel in build/NAME (a copy of the sources, so
# builds for different kernels do not share objects). Extra make args follow.
xh_build_modules() {
	local kdir=$1 name=$2
	shift 2
	local out="$XH_TOP/build/$name"
	rm -rf "$out"
	mkdir -p "$out"
	(cd "$XH_TOP" && cp -r Kbuild Makefile shim translate dom0 xen_abi hv_abi tests "$out/")
	make -s -C "$out" KDIR="$kdir" "$@" >&2
	echo "$out"
}

# Boot a kernel + initramfs under QEMU with a no-output watchdog.
# xh_qemu LOG SILENCE_SECS TOTAL_SECS qemu-args...  Returns 124 on a stall.
#
# With XH_QEMU_MON set to the path of QEMU's monitor socket (-monitor
# unix:PATH,server,nowait) and a heartbeat file LOG.beat the guest writes
# every second: when the heartbeat stops for 10 s, the guest is sent one
# keyboard interrupt ("sendkey shift"), logged in LOG.kicks. QEMU 7.2's
# TCG can lose a CPU's interrupt request when VMRUN sets V_IRQ while
# another thread raises the APIC timer (helper_vmrun()'s unlocked
# interrupt_request |= CPU_INTERRUPT_VIRQ; made atomic in QEMU 10.2 by
# 27e76d010104), leaving L1 in its L2 guest with the timer pending in
# IRR forever. Any new interrupt makes QEMU look at the APIC again.
xh_qemu() {
	local log=$1 silence=$2 total=$3
	shift 3
	: >"$log"
	timeout --foreground -k 5 "$total" qemu-system-x86_64 "$@" >"$log" 2>&1 </dev/null &
	local pid=$! last now size=0 nsize quiet kicked=0
	last=$(date +%s)
	while kill -0 "$pid" 2>/dev/null; do
		sleep 2
		nsize=$(stat -c %s "$log")
		now=$(date +%s)
		# At most one kick per 10 s of heartbeat silence, once beats began
		# (L1 boots without them).
		if [ -n "${XH_QEMU_MON:-}" ] && [ -s "$log.beat" ]; then
			quiet=$((now - $(stat -c %Y "$log.beat")))
			if [ "$quiet" -ge 10 ] && [ $((now - kicked)) -ge 10 ]; then
				kicked=$now
				xh_qemu_kick "$XH_QEMU_MON" || true
				echo "$(date +%T) no heartbeat for $quiet s at console byte $nsize: sent a keyboard interrupt" >>"$log.kicks"
				echo "xenhv: no L1 heartbeat for $quiet s: kicked the nested stack with a keyboard interrupt" >&2
			fi
		fi
		if [ "$nsize" != "$size" ]; then
			size=$nsize
			last=$now
		elif [ $((now - last)) -ge "$silence" ]; then
			echo "xenhv: no console output for ${silence}s: stalled, killing QEMU" >&2
			[ -f "$log.beat" ] && echo "xenhv: heartbeats through the debug port: $(stat -c %s "$log.beat")" \
				"(last written $(($(date +%s) - $(stat -c %Y "$log.beat"))) s ago)" >&2
			pkill -P "$pid" 2>/dev/null || true
			kill "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
			return 124
		fi
	done
	wait "$pid"
}

# One key press through QEMU's human monitor at unix socket MON: IRQ 1.
xh_qemu_kick() {
	python3 - "$1" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
time.sleep(0.2)
s.recv(65536)
s.sendall(b"sendkey shift\n")
time.sleep(0.5)
s.close()
PY
}

# Minimal busybox root in DIR with the given init script.
xh_busybox_root() {
	local dir=$1 init=$2
	rm -rf "$dir"
	mkdir -p "$dir"/{bin,sbin,proc,sys,dev,tmp,root}
	cp /bin/busybox "$dir/bin/busybox"
	cp "$init" "$dir/init"
	chmod +x "$dir/init"
}

xh_cpio() {
	(cd "$1" && find . | cpio -o -H newc --quiet) | gzip -1 >"$2"
}

# Run kunit.py parse on a KTAP file; print the summary and "N passed, N failed".
xh_kunit_parse() {
	local ktap=$1 kunit_py
	kunit_py="$XH_CACHE/linux-source-6.1/tools/testing/kunit/kunit.py"
	if [ ! -f "$kunit_py" ]; then
		mkdir -p "$XH_CACHE"
		tar -C "$XH_CACHE" -xf /usr/src/linux-source-6.1.tar.xz linux-source-6.1/tools/testing/kunit
	fi
	python3 "$kunit_py" parse "$(readlink -f "$ktap")"
}

# A suite of checks made in shell, as KTAP. xh_ktap_begin BODY-FILE, then
# xh_ktap_check NAME FINDINGS-FILE per check (an empty file passes; its
# lines become comments), then xh_ktap_end SUITE > OUT.
xh_ktap_begin() {
	XH_KTAP_BODY=$1
	XH_KTAP_N=0
	: >"$XH_KTAP_BODY"
}

xh_ktap_check() {
	XH_KTAP_N=$((XH_KTAP_N + 1))
	if [ -s "$2" ]; then
		sed 's/^/    # /' "$2" | head -n 40 >>"$XH_KTAP_BODY"
		echo "    not ok $XH_KTAP_N - $1" >>"$XH_KTAP_BODY"
	else
		echo "    ok $XH_KTAP_N - $1" >>"$XH_KTAP_BODY"
	fi
}

xh_ktap_end() {
	echo "    KTAP version 1"
	echo "    # Subtest: $1"
	echo "    1..$XH_KTAP_N"
	cat "$XH_KTAP_BODY"
	if grep -q '^    not ok' "$XH_KTAP_BODY"; then echo "not ok 1 - $1"; else echo "ok 1 - $1"; fi
}
