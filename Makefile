# SPDX-License-Identifier: GPL-2.0
# xenhv out-of-tree build and the project's entry points (make help).
# The module build itself is in Kbuild.

KDIR ?= /lib/modules/$(shell uname -r)/build
PWD := $(shell pwd)

.PHONY: all modules clean check demo kunit hv-test lint help headers-check fuzz bench-user user-test bench \
	dkms-install dkms-uninstall install-src deb packaging-test

all: modules

headers-check:
	@if [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "xenhv: no kernel build tree at KDIR=$(KDIR)."; \
		echo "  Install the headers of the kernel you build for, e.g."; \
		echo "    apt-get install linux-headers-\$$(uname -r)"; \
		echo "  or point KDIR at a configured kernel tree: make KDIR=/path/to/linux"; \
		exit 1; \
	fi

modules: headers-check
	$(MAKE) -C $(KDIR) M=$(PWD) modules

clean:
	@if [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C $(KDIR) M=$(PWD) clean; fi
	rm -rf build/

# The version lives in Kbuild; debian/changelog and dkms.conf follow it.
XENHV_VERSION := $(shell sed -n 's/^XENHV_VERSION := //p' Kbuild)
XENHV_DKMS_SRC := /usr/src/xenhv-$(XENHV_VERSION)
KERNELRELEASE_TARGET ?= $(shell uname -r)

# What a module build needs, and so what DKMS, the .deb and a source copy
# ship (scripts/xenhv-intree.sh takes the same minus the Makefile: in a
# kernel tree Kbuild alone drives the build).
XENHV_SRC_FILES := Kbuild Kconfig Makefile shim translate dom0 xen_abi hv_abi
XENHV_SRC_TESTS := tests/kunit tests/hv

# Copy the module source into SRCDIR (dkms-install, debian/rules, make deb).
install-src:
	@test -n "$(SRCDIR)" || { echo "usage: make install-src SRCDIR=<dir>" >&2; exit 1; }
	mkdir -p $(SRCDIR)/tests
	cp -r $(XENHV_SRC_FILES) $(SRCDIR)/
	cp -r $(XENHV_SRC_TESTS) $(SRCDIR)/tests/

# DKMS from this source tree (as root): the source goes to
# /usr/src/xenhv-<version>, DKMS builds and installs it for
# KERNELRELEASE_TARGET (default: the running kernel) and later kernels.
dkms-install:
	rm -rf $(XENHV_DKMS_SRC)
	$(MAKE) install-src SRCDIR=$(XENHV_DKMS_SRC)
	sed 's/#MODULE_VERSION#/$(XENHV_VERSION)/' dkms.conf >$(XENHV_DKMS_SRC)/dkms.conf
	dkms add -m xenhv -v $(XENHV_VERSION)
	dkms install -m xenhv -v $(XENHV_VERSION) -k $(KERNELRELEASE_TARGET)

dkms-uninstall:
	dkms remove -m xenhv -v $(XENHV_VERSION) --all
	rm -rf $(XENHV_DKMS_SRC)

# The Debian package xenhv-dkms, built from a copy of the tree into build/deb/.
deb:
	bash tests/scripts/build-deb.sh

# Packaging checks alone (header matrix, in-tree, .deb in a clean root).
packaging-test:
	bash tests/scripts/packaging.sh

# The two commands of the README.
demo:
	bash tests/scripts/demo.sh

check:
	bash tests/scripts/check.sh

# Pieces of "check", one at a time.
kunit:
	bash tests/scripts/run-kunit.sh

hv-test:
	bash tests/scripts/run-hv-tests.sh

lint:
	bash tests/scripts/lint.sh

# translate/ in userspace (tests/user): CI's smoke, the long fuzz run
# (XH_FUZZ_SECONDS per target, or XH_FUZZ_RUNS), instruction counts.
user-test:
	bash tests/scripts/run-user.sh

fuzz:
	bash tests/scripts/fuzz.sh

bench-user:
	bash tests/scripts/bench-user.sh

# The in-guest benchmark on the nested Hyper-V: Xen operations vs native.
bench:
	bash tests/scripts/bench.sh

help:
	@echo "make [KDIR=<kernel build dir>]  build xenhv.ko (and test modules if KUnit)"
	@echo "make demo    boot a Hyper-V guest (nested QEMU), load xenhv, show its translations"
	@echo "make check   run every test: lint, KUnit (QEMU), userspace engine, real Hyper-V suites"
	@echo "make fuzz    fuzz every hypercall family (libFuzzer + ASan + UBSan), XH_FUZZ_SECONDS each"
	@echo "make bench-user  instructions per Xen operation (callgrind)"
	@echo "make bench   on the nested Hyper-V: Xen operations against native Hyper-V (ratios)"
	@echo "make dkms-install [KERNELRELEASE_TARGET=<release>]  install the source and build it with DKMS"
	@echo "make install-src SRCDIR=<dir>  copy the module source (what DKMS and the .deb ship)"
	@echo "make deb     build the Debian package xenhv-dkms into build/deb/"
	@echo "make packaging-test  header matrix, in-tree =y/=m build, the .deb in a clean Debian 12 root"
