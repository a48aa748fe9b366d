# SPDX-License-Identifier: GPL-2.0
# Debian 12's own Xen tools, unmodified, on xenhv's xenstore and devices
# (sourced by the stock-kernel guest's init with xenhv loaded): suite
# xenhv_xen_clients. The guest is domain 1; /dev/xenhv-backend bound over
# /dev/xen in a private mount namespace makes a tool the backend domain
# (dom0 here).
export PATH=/usr/bin:$PATH
cat >/usr/bin/as_dom0 <<'SH'
#!/bin/sh
exec unshare -m sh -c 'mount --bind /dev/xenhv-backend /dev/xen && exec "$@"' as_dom0 "$@"
SH
chmod +x /usr/bin/as_dom0

ktap_reset
check xenbus_device_is_root_only sh -c '[ "$(stat -c %a /dev/xen/xenbus)" = 600 ] &&
	[ "$(stat -c %a /dev/xenhv-backend/xenbus)" = 600 ]'
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
chmod 666 /dev/xen/xenbus
check xenbus_open_refused_to_non_root sh -c \
	'su nobody -s /bin/sh -c "cat /dev/xen/xenbus" 2>&1 | grep "Operation not permitted"'
chmod 600 /dev/xen/xenbus
check sys_hypervisor_is_xen_4_17 sh -c '[ "$(cat /sys/hypervisor/type)" = xen ] &&
	[ "$(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)" = 4.17 ] &&
	grep -q hvm-3.0-x86_64 /sys/hypervisor/properties/capabilities &&
	[ "$(cat /sys/hypervisor/guest_type)" = HVM ]'
check xenstore_read_own_domid sh -c '[ "$(xenstore-read domid)" = 1 ] &&
	[ "$(xenstore-read /local/domain/1/name)" = guest ]'
check xenstore_write_then_read sh -c 'xenstore-write data/hello world &&
	[ "$(xenstore-read data/hello)" = world ]'
check xenstore_ls_and_list sh -c 'xenstore-ls /local/domain/1 | grep "^domid = \"1\"" &&
	xenstore-list /local/domain/1 | grep -x data'
check xenstore_exists_and_rm sh -c 'xenstore-exists data/hello && xenstore-rm data/hello &&
	! xenstore-exists data/hello'
check xenstore_refuses_what_a_domu_may_not sh -c '! xenstore-write domid 7 &&
	[ "$(xenstore-read domid)" = 1 ] && ! xenstore-read /tool/xenstored &&
	! xenstore-write /local/domain/0/x y'
check xenstore_chmod sh -c 'xenstore-write data/p x && xenstore-chmod data/p n1 r0 &&
	xenstore-ls -p /local/domain/1/data | grep "^p = \"x\".*(n1,r0)"'
check xenstore_node_size_quota sh -c '! xenstore-write data/big "$(head -c 2100 /dev/zero | tr "\0" a)" &&
	xenstore-write data/big "$(head -c 2000 /dev/zero | tr "\0" a)"'
check xenstore_watch sh -c '(timeout 20 xenstore-watch -n 2 data/w >/tmp/watch.out &) ; sleep 2;
	xenstore-write data/w/x 1; sleep 2; cat /tmp/watch.out;
	grep -x "data/w" /tmp/watch.out && grep -x "data/w/x" /tmp/watch.out'
check backend_domain_is_dom0 sh -c 'as_dom0 xenstore-read /local/domain/1/data/p &&
	as_dom0 xenstore-exists /tool/xenstored'
check evtchn_device_is_root_only sh -c '[ "$(stat -c %a /dev/xen/evtchn)" = 600 ]'
check evtchn_through_libxenevtchn /xenhv_evtchn_client 1 20000
echo "--- evtchn client"; cat /tmp/check.out
# privcmd and hypercall, through libxenctrl (lsevtchn) and directly. On
# Xen a domU's privcmd has no target domain, so lsevtchn fails there with
# this message; dom0 lists a domain's ports.
check privcmd_devices_are_root_only sh -c 'for d in privcmd hypercall; do
	[ "$(stat -c %a /dev/xen/$d)" = 600 ] && [ "$(stat -c %a /dev/xenhv-backend/$d)" = 600 ] ||
	exit 1; done'
chmod 666 /dev/xen/privcmd
check privcmd_open_refused_to_non_root sh -c \
	'su nobody -s /bin/sh -c "cat /dev/xen/privcmd" 2>&1 | grep "Operation not permitted"'
chmod 600 /dev/xen/privcmd
check privcmd_as_dom0 as_dom0 /xenhv_privcmd_client dom0
check privcmd_as_domu /xenhv_privcmd_client domu
check lsevtchn_as_domu_not_permitted sh -c 'lsevtchn 1 >/tmp/ls.out 2>&1; rc=$?;
	cat /tmp/ls.out; [ $rc = 1 ] && grep -x "xc_evtchn_status: Operation not permitted" /tmp/ls.out'
check lsevtchn_as_dom0_lists_guest_ports sh -c '/xenhv_evtchn_client hold 0 30 >/tmp/hold.out &
	sleep 3; p=$(cat /tmp/hold.out); as_dom0 lsevtchn 1 >/tmp/ls.out 2>&1; rc=$?;
	kill $! 2>/dev/null; cat /tmp/ls.out; [ $rc = 0 ] && [ -n "$p" ] &&
	grep -E "^ *$p: VCPU [0-9]+: Interdomain \(Waiting connection\) - Remote Domain 0\$" /tmp/ls.out'
echo "--- lsevtchn 1 as dom0"; cat /tmp/ls.out
check lsevtchn_as_dom0_own_domain as_dom0 lsevtchn 0
# A process killed with transactions open and watches set gives them
# back: the domain's whole quota (11 transactions, 129 watches) is taken
# by one process, refused to another, and granted again after the kill.
check xenstore_kill_releases_transactions_and_watches sh -c '
	/xenhv_xs_hold 11 129 120 >/tmp/h1.out & pid=$!; sleep 5; cat /tmp/h1.out
	grep -x "held 11 129" /tmp/h1.out || exit 1
	/xenhv_xs_hold 1 0 0 | grep -x "transaction 0 refused: ENOSPC" || exit 1
	/xenhv_xs_hold 0 1 0 | grep -x "watch 0 refused: E2BIG" || exit 1
	kill -9 $pid; wait $pid; /xenhv_xs_hold 11 129 0 | grep -x "held 11 129"'
# A process killed with ports bound gives them back: dom0 sees the port
# go from waiting to closed.
check evtchn_kill_releases_ports sh -c '/xenhv_evtchn_client hold 0 120 >/tmp/hold2.out &
	pid=$!; sleep 3; p=$(cat /tmp/hold2.out); [ -n "$p" ] || exit 1
	as_dom0 lsevtchn 1 | grep -E "^ *$p: .*Waiting connection" || exit 1
	kill -9 $pid; wait $pid; sleep 1; ! as_dom0 lsevtchn 1 | grep -E "^ *$p: "'
# test-xenstore works under "xenstore-test" in its home, which on Xen the
# toolstack creates and gives to the domain: as dom0, do the same.
check test_xenstore_passes sh -c 'as_dom0 xenstore-write /local/domain/1/xenstore-test "" &&
	as_dom0 xenstore-chmod /local/domain/1/xenstore-test n1 &&
	timeout 600 test-xenstore'
echo "--- test-xenstore: the tests it ran"; test-xenstore -l
# Figures, not checks: operations per second through the device.
/xenhv_xsbench 20000
emit_suite xenhv_xen_clients >/tmp/xen-clients.ktap
ktap_reset
