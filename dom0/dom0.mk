# SPDX-License-Identifier: GPL-2.0
# What a Xen dom0 gives its guests, as pure logic: one list for Kbuild
# (the module and the KUnit suites link it) and the userspace build.
xenhv_dom0 := xenstore xs_ring
