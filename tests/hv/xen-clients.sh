# SPDX-License-Identifier: GPL-2.0
# Debian 12's own Xen tools, unmodified, on xenhv's xenstore and devices
# (sourced by the stock-kernel guest's init with xenhv loaded): suite
# xenhv_xen_clients. The guest is domain 1; /dev/xenhv-backend bound over
# /dev/xen in a private mount namespace makes a tool the backend domain
# (dom0 here). With XH_CLIENTS_QUICK set (the kmemleak guest), vchan
# moves 1 MiB each time and the figures are left out.
export PATH=/usr/bin:$PATH
big=67108864 small=4194304
[ -n "${XH_CLIENTS_QUICK:-}" ] && big=1048576 small=1048576
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
# (The KUnit kernel of the kmemleak guest has no /sys/hypervisor.)
if [ -n "${XH_CLIENTS_QUICK:-}" ] && [ ! -d /sys/hypervisor ]; then
	skip sys_hypervisor_is_xen_4_17 "no CONFIG_SYS_HYPERVISOR in this kernel"
else
	check sys_hypervisor_is_xen_4_17 sh -c '[ "$(cat /sys/hypervisor/type)" = xen ] &&
		[ "$(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)" = 4.17 ] &&
		grep -q hvm-3.0-x86_64 /sys/hypervisor/properties/capabilities &&
		[ "$(cat /sys/hypervisor/guest_type)" = HVM ]'
fi
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
# Two processes ping-pong events across vCPUs, then on one vCPU: no
# event lost or delivered twice (an extra or a missing one leaves the
# last round trip waiting).
pp=2048
[ -n "${XH_CLIENTS_QUICK:-}" ] && pp=512
check evtchn_pingpong_across_vcpus timeout 300 /xenhv_evtchn_client pp $pp
cat /tmp/check.out
check evtchn_pingpong_on_one_vcpu timeout 300 taskset -c 0 /xenhv_evtchn_client pp $pp
cat /tmp/check.out
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
# The grant devices, in one domain (Xen lets a domain map its own grants).
check grant_devices_are_root_only sh -c '[ "$(stat -c %a /dev/xen/gntalloc)" = 600 ] &&
	[ "$(stat -c %a /dev/xen/gntdev)" = 600 ]'
check gntalloc_gntdev_share_map_copy_notify /xenhv_grant_client
check gntalloc_gntdev_as_dom0 as_dom0 /xenhv_grant_client 0
# Across the domains: the guest shares, dom0 maps and reads.
check grant_guest_to_dom0 sh -c '/xenhv_grant_client share 0 30 >/tmp/g.ref & sleep 2
	as_dom0 /xenhv_grant_client map 1 "$(cat /tmp/g.ref)"; rc=$?; kill $!; exit $rc'
# vchan between the backend domain (dom0) and the guest, the split
# driver's two ends: vchan-socket-proxy as server in dom0 (data in on
# stdin; a grant of a page of its own and a port offered to the guest)
# and as client in the guest (data out on stdout): 64 MiB through the
# server's 2 KiB in-page ring, checksums equal. The client's stdin stays
# open (an idle writer on a FIFO); its output goes through a FIFO to the
# checksum, so nothing waits for it to exit. Then both ends are killed
# with the grant shared and mapped, and every grant must come back. Then
# the other way (server in the guest) and both ends in the guest (Xen
# lets a domain map its own grants), 4 MiB each. Last, the 64 MiB through
# socat over a Unix socket, the figure vchan is compared with.
head -c $big /dev/urandom >/tmp/vchan.in
uptime_cs() { tr -d . </proc/uptime | cut -d" " -f1; }
cat >/tmp/vchan.sh <<'SH'
# vchan.sh SERVER-AS PEER CLIENT-AS SERVER-DOMID BYTES: run both ends
# (an AS of "as_dom0" runs that end as dom0, "-" in the guest), check the bytes.
sas=$1 peer=$2 cas=$3 sdom=$4 n=$5
[ "$sas" = - ] && sas=
[ "$cas" = - ] && cas=
path=/local/domain/$sdom/data/vchan
head -c "$n" /tmp/vchan.in | md5sum | cut -d" " -f1 >/tmp/vchan.want
rm -f /tmp/vin /tmp/vout; mkfifo /tmp/vin /tmp/vout
(head -c "$n" /tmp/vchan.in; sleep 1000) |
	$sas vchan-socket-proxy -m server "$peer" "$path" - >/dev/null 2>/tmp/vsrv.err &
sleep 3; t0=$(tr -d . </proc/uptime | cut -d" " -f1)
sleep 1000 >/tmp/vin &
$cas vchan-socket-proxy "$sdom" "$path" - </tmp/vin >/tmp/vout 2>/tmp/vcli.err &
timeout 1000 head -c "$n" </tmp/vout | md5sum | cut -d" " -f1 >/tmp/vchan.got
t1=$(tr -d . </proc/uptime | cut -d" " -f1)
echo $((t1 - t0)) >/tmp/vchan.cs
cat /tmp/vsrv.err /tmp/vcli.err; echo "got $(cat /tmp/vchan.got) want $(cat /tmp/vchan.want)"
cmp /tmp/vchan.got /tmp/vchan.want
SH
check vchan_dom0_to_guest_moves_64_mib sh /tmp/vchan.sh as_dom0 1 - 0 $big
echo "--- vchan, dom0 to the guest"; cat /tmp/check.out
vcs=$(cat /tmp/vchan.cs 2>/dev/null || echo 0)
check vchan_kill_releases_grants sh -c 'killall -9 vchan-socket-proxy; killall sleep; sleep 2;
	as_dom0 /xenhv_grant_client full 1024 && /xenhv_grant_client full 1024'
check vchan_guest_to_dom0 sh /tmp/vchan.sh - 0 as_dom0 1 $small
killall -9 vchan-socket-proxy sleep 2>/dev/null
check vchan_in_one_domain sh /tmp/vchan.sh - 1 - 1 $small
killall -9 vchan-socket-proxy sleep 2>/dev/null
# The figures (not in the quick run).
if [ -z "${XH_CLIENTS_QUICK:-}" ]; then
	echo "xenhv: vchan in one domain: $(( $(cat /tmp/vchan.cs) * 10000 / 2048 )) us per 2 KiB"
	# Figures that tell xenhv's cost from the nested stack's: the same 2 KiB
	# round trips through two pipes, without Xen (the event-channel round
	# trips are above), again with every process on vCPU 0, where no
	# wake-up crosses vCPUs (on this stack both L2 vCPUs share one L1 vCPU,
	# so a cross-vCPU wake-up waits for L1 to switch them).
	timeout 300 /xenhv_pingpong 2048
	timeout 300 taskset -c 0 /xenhv_pingpong 2048
	timeout 300 taskset -c 0 sh /tmp/vchan.sh - 1 - 1 4194304 >/dev/null
	killall -9 vchan-socket-proxy sleep 2>/dev/null
	cp /tmp/vchan.cs /tmp/vchan.pin
	echo "xenhv: vchan in one domain, all on vCPU 0: $(( $(cat /tmp/vchan.pin) * 10000 / 2048 )) us per 2 KiB"
	# socat_cs [BLOCK [PREFIX]]: centiseconds socat takes to move the 64 MiB (blocks of
	# BLOCK bytes; both ends run under PREFIX, e.g. taskset).
	socat_cs() {
		local t0 t1 pid
		rm -f /tmp/b.sock
		($2 socat -u ${1:+-b $1} UNIX-LISTEN:/tmp/b.sock STDOUT | md5sum | cut -d" " -f1 >/tmp/socat.got) &
		pid=$!
		sleep 2
		t0=$(uptime_cs)
		$2 socat -u ${1:+-b $1} FILE:/tmp/vchan.in UNIX-CONNECT:/tmp/b.sock
		wait $pid
		t1=$(uptime_cs)
		echo $((t1 - t0))
	}
	scs=$(socat_cs)
	md5sum </tmp/vchan.in | cut -d" " -f1 >/tmp/vchan.want
	check socat_baseline_moves_64_mib cmp /tmp/socat.got /tmp/vchan.want
	# The same in vchan's 2 KiB steps, to tell the ring's size from xenhv's cost.
	scs2=$(socat_cs 2048)
	vpin=$(cat /tmp/vchan.pin 2>/dev/null || echo 0)
	spin=$(socat_cs "" "taskset -c 0")
	echo "xenhv: all on vCPU 0: socat over a Unix socket $((spin * 10000 / 32768)) us per 2 KiB," \
		"vchan $((vpin * 10000 / 2048)) us (vchan at $((spin * 10000 / 32768 * 1000 / (vpin ? vpin * 10000 / 2048 : 1)))/1000 of its rate)"
	echo "xenhv: 64 MiB dom0 to the guest: vchan $((vcs * 10)) ms; socat over a Unix socket $((scs * 10)) ms" \
		"(vchan at $((scs * 1000 / (vcs ? vcs : 1)))/1000 of its rate), in 2 KiB blocks $((scs2 * 10)) ms"
fi
rm -f /tmp/vchan.in
# test-xenstore works under "xenstore-test" in its home, which on Xen the
# toolstack creates and gives to the domain: as dom0, do the same.
check test_xenstore_passes sh -c 'as_dom0 xenstore-write /local/domain/1/xenstore-test "" &&
	as_dom0 xenstore-chmod /local/domain/1/xenstore-test n1 &&
	timeout 600 test-xenstore'
echo "--- test-xenstore: the tests it ran"; test-xenstore -l
# Figures, not checks: operations per second through the device.
[ -n "${XH_CLIENTS_QUICK:-}" ] || /xenhv_xsbench 20000
emit_suite xenhv_xen_clients >/tmp/xen-clients.ktap
ktap_reset
