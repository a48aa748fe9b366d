// SPDX-License-Identifier: GPL-2.0
/*
 * xenhv_rdmsr: print MSRs of every online CPU (via /dev/cpu/N/msr), one
 * "cpu msr value" line each, so the harness can diff Hyper-V state
 * before xenhv loads and after it unloads.
 *
 * usage: xenhv_rdmsr MSR [MSR...]   (hex)
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int status = 0;

	for (long cpu = 0; cpu < ncpu; cpu++) {
		char path[64];
		int fd;

		snprintf(path, sizeof(path), "/dev/cpu/%ld/msr", cpu);
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			perror(path);
			return 2;
		}
		for (int i = 1; i < argc; i++) {
			uint32_t msr = strtoul(argv[i], NULL, 16);
			uint64_t val;

			if (pread(fd, &val, sizeof(val), msr) != sizeof(val)) {
				printf("%ld 0x%08x fault\n", cpu, msr);
				status = 1;
				continue;
			}
			printf("%ld 0x%08x 0x%016" PRIx64 "\n", cpu, msr, val);
		}
		close(fd);
	}
	return status;
}
