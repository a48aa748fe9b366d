# SPDX-License-Identifier: GPL-2.0
# Shared by the L2 guest init scripts: KTAP output and the MSR snapshot.

# The Hyper-V state xenhv may touch: guest OS ID, hypercall page, SCONTROL,
# SIEFP, SIMP, its SINT (SINT5), the reference TSC page, its STIMER3 and
# the test's STIMER2 config/count.
MSRS="40000000 40000001 40000021 40000080 40000082 40000083 40000095 400000b4 400000b5 400000b6 400000b7"
NTEST=0
: >/tmp/ktap

check() { # check NAME CONDITION-COMMAND...
	local name=$1
	shift
	NTEST=$((NTEST + 1))
	if "$@" >/tmp/check.out 2>&1; then
		echo "    ok $NTEST - $name" >>/tmp/ktap
	else
		sed 's/^/    # /' /tmp/check.out >>/tmp/ktap
		echo "    not ok $NTEST - $name" >>/tmp/ktap
	fi
}

ktap_reset() { # start a new suite's checks
	NTEST=0
	: >/tmp/ktap
}

skip() { # skip NAME REASON
	NTEST=$((NTEST + 1))
	echo "    ok $NTEST - $1 # SKIP $2" >>/tmp/ktap
}

# Print the collected checks as one KTAP suite, after any KUnit output.
emit_suite() { # emit_suite NAME
	local bad=0
	grep -q "^    not ok" /tmp/ktap && bad=1
	echo "    KTAP version 1"
	echo "    # Subtest: $1"
	echo "    1..$NTEST"
	cat /tmp/ktap
	if [ $bad = 0 ]; then echo "ok 1 - $1"; else echo "not ok 1 - $1"; fi
}

snapshot() { /xenhv_rdmsr $MSRS >"$1"; }
same_msrs() { diff -u "$1" "$2"; }
