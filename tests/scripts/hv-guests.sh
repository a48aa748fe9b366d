#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run Hyper-V guests directly on this host's KVM (its Hyper-V emulation):
# the entry point for kernel CI hosts whose KVM offers it, and what L1 of
# the nested stack runs (tests/scripts/nested.sh). POSIX sh, so busybox
# runs it too.
#
#   hv-guests.sh --probe         exit 0 if this host's KVM runs Hyper-V guests
#   hv-guests.sh GUESTS-DIR      run each guest in GUESTS-DIR, in name order
#
# A guest is a directory with "kernel", "initrd.gz" and a "cmdline" file
# of shell assignments: SMP (vCPUs), APPEND (kernel arguments), TIMEOUT
# (seconds, default 300). Each guest's serial console goes to stdout
# between "XENHV-L2-BEGIN name" and "XENHV-L2-END name rc=N"; a guest past
# its time limit is killed (rc=124) and the next one still runs. A line
# every 30 s says which guest is running. XENHV_ONLY, if set, names the
# guests to run (comma-separated).

# What the guests see: "Microsoft Hv" and KVM's TLFS implementation
# (kvm=off hides KVM's own leaves, which Linux would pick first).
HV_CPU="host,kvm=off,hv-relaxed,hv-vapic,hv-vpindex,hv-runtime,hv-time,hv-synic,hv-stimer,hv-stimer-direct,hv-tlbflush,hv-ipi,hv-frequencies,hv-reenlightenment,hv-xmm-input,hv-crash"
QEMU=${QEMU:-qemu-system-x86_64}
MEM=${XENHV_GUEST_MEM:-512}

if [ "${1:-}" = --print-cpu ]; then
	echo "$HV_CPU"
	exit 0
fi

if [ "${1:-}" = --probe ]; then
	# QEMU refuses at start-up the hv-* flags a KVM cannot set; a guest
	# that is still there after 3 s (paused, no kernel) was accepted.
	[ -c /dev/kvm ] || exit 1
	command -v "$QEMU" >/dev/null 2>&1 || exit 1
	"$QEMU" -accel kvm -machine q35 -m 64 -cpu "$HV_CPU" -nodefaults -no-user-config \
		-display none -S </dev/null >/dev/null 2>&1 &
	pid=$!
	sleep 3
	if kill -0 $pid 2>/dev/null; then
		kill $pid
		wait $pid 2>/dev/null
		exit 0
	fi
	exit 1
fi

[ -d "${1:-}" ] || { echo "usage: $0 --probe | GUESTS-DIR" >&2; exit 2; }
for g in "$1"/*; do
	[ -f "$g/kernel" ] || continue
	name=$(basename "$g")
	# XENHV_ONLY: the comma-separated guests to run (default: all).
	case ",${XENHV_ONLY:-$name}," in *",$name,"*) ;; *) continue ;; esac
	SMP=1 APPEND= TIMEOUT=300
	. "$g/cmdline"
	echo "XENHV-L2-BEGIN $name"
	"$QEMU" -accel kvm -machine q35 -m "$MEM" -smp "$SMP" \
		-cpu "$HV_CPU" -nodefaults -no-user-config -display none \
		-serial stdio -no-reboot -action panic=none \
		-kernel "$g/kernel" -initrd "$g/initrd.gz" \
		-append "console=ttyS0 panic=-1 loglevel=7 $APPEND" </dev/null &
	pid=$!
	t=0
	while kill -0 $pid 2>/dev/null && [ $t -lt "$TIMEOUT" ]; do
		sleep 1
		t=$((t + 1))
		# In L1 of the nested stack: a heartbeat through the debug port
		# too, which needs no interrupt (tests/scripts/nested.sh).
		[ -n "${XENHV_DEBUGCON:-}" ] &&
			printf . | dd of=/dev/port bs=1 seek=233 count=1 2>/dev/null
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
echo XENHV-L2-ALL-DONE
