# SPDX-License-Identifier: GPL-2.0
# The engine's source files, one list for Kbuild (the module and the KUnit
# suites link them) and the userspace build (tests/user/Makefile).
xenhv_engine := dispatch hv_call version sched evtchn evtchn_2l evtchn_fifo \
		domain shinfo pvclock \
		memory vcpu hvm time misc flush mmuext mm mm_frame \
		mm_update mm_grant gnttab gnttab_op
