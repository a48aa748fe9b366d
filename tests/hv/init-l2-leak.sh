#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# L2 init, the debug test kernel (KASAN, UBSAN, lockdep, kmemleak): Debian's
# Xen clients on xenhv's xenstore and devices as in the stock guest, in
# short (xen-clients.sh with XH_CLIENTS_QUICK: processes killed with
# transactions, watches, ports, grants and maps live among them). Then
# kmemleak must find nothing, with xenhv still loaded (every file's state
# went back) and after it unloads: suite xenhv_clients_kmemleak.
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mount -t debugfs none /sys/kernel/debug
. /init-common.sh
uname -r
leak=/sys/kernel/debug/kmemleak
# Leaks are judged against a clean slate: whatever boot left is not ours.
insmod /xenhv.ko && echo clear >$leak
XH_CLIENTS_QUICK=1
. /xen-clients.sh
ktap_reset
# kmemleak needs two scans to be sure; its suspects go to the log.
leaks() { echo scan >$leak; echo scan >$leak; cat $leak; ! grep -q "unreferenced object" $leak; }
check xenhv_loaded sh -c 'grep "^xenhv " /proc/modules'
check clients_pass sh -c 'grep -E "^    (not )?ok" /tmp/xen-clients.ktap | grep -c "ok" &&
	! grep "^    not ok" /tmp/xen-clients.ktap'
check kmemleak_clean_with_xenhv_loaded leaks
# What still holds xenhv, if anything does.
holders() { grep "^xenhv " /proc/modules; ls -l /proc/[0-9]*/fd 2>/dev/null | grep -E "xen|gnt"; ps; }
check unloads sh -c 'rmmod xenhv || { holders; false; }'
check kmemleak_clean_after_unload leaks
emit_suite xenhv_clients_kmemleak
echo "--- the clients' checks"; sed 's/^/# /' /tmp/xen-clients.ktap
poweroff -f
