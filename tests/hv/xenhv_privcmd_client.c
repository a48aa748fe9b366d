// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/xen/privcmd and /dev/xen/hypercall as libxencall uses them, and
 * the hostile input they must refuse as Linux's privcmd does.
 * "xenhv_privcmd_client dom0": as the backend domain (run it through
 * as_dom0): hypercalls with handles in a /dev/xen/hypercall buffer work,
 * handles that are not the caller's user memory fail with EFAULT, the
 * restriction and dm_op's limits answer as Linux's. "xenhv_privcmd_client
 * domu": as the guest, every hypercall ioctl is EPERM. Exit 0 when every
 * step answered as expected.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* include/uapi/xen/privcmd.h */
struct privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};

struct privcmd_dm_op_buf {
	void *uptr;
	size_t size;
};

struct privcmd_dm_op {
	uint16_t dom;
	uint16_t num;
	const struct privcmd_dm_op_buf *ubufs;
};

#define IOCTL_PRIVCMD_HYPERCALL	_IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))
#define IOCTL_PRIVCMD_DM_OP	_IOC(_IOC_NONE, 'P', 5, sizeof(struct privcmd_dm_op))
#define IOCTL_PRIVCMD_RESTRICT	_IOC(_IOC_NONE, 'P', 6, sizeof(uint16_t))

#define HYPERVISOR_xen_version	17
#define HYPERVISOR_event_channel_op 32
#define XENVER_version		0
#define XENVER_extraversion	1
#define EVTCHNOP_status		5
/* Xen's answer to a hypercall number past its table (its ENOSYS, 38). */
#define XEN_NO_SUCH_CALL	38

static int failed;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		printf("privcmd-client: FAIL " __VA_ARGS__);		\
		printf(" (errno %d)\n", errno);				\
		failed = 1;						\
	}								\
} while (0)

static long hcall(int fd, uint64_t op, uint64_t a0, uint64_t a1)
{
	struct privcmd_hypercall h = { .op = op, .arg = { a0, a1 } };

	return ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &h);
}

static void as_dom0(void)
{
	int fd = open("/dev/xen/privcmd", O_RDWR), hb = open("/dev/xen/hypercall", O_RDWR);
	struct privcmd_dm_op_buf bufs[17] = {};
	struct privcmd_dm_op dm = { .dom = 0 };
	uint16_t dom;
	char *buf;
	long r;

	if (fd < 0 || hb < 0) {
		printf("privcmd-client: FAIL open: %s\n", strerror(errno));
		exit(1);
	}
	CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, hb, 0) == MAP_FAILED &&
	      errno == EINVAL, "a private hypercall buffer is refused");
	buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, hb, 0);
	CHECK(buf != MAP_FAILED, "hypercall buffer mmap");
	if (buf == MAP_FAILED)
		exit(1);
	CHECK(buf[0] == 0 && buf[8191] == 0, "the buffer starts zeroed");

	r = hcall(fd, HYPERVISOR_xen_version, XENVER_version, 0);
	CHECK(r == ((4 << 16) | 17), "xen_version: %#lx", r);
	memset(buf, 'x', 64);
	r = hcall(fd, HYPERVISOR_xen_version, XENVER_extraversion, (uintptr_t)buf);
	CHECK(r == 0 && buf[0] == '.' && memchr(buf, 0, 16), "extraversion into the buffer");
	printf("privcmd-client: Xen 4.17%s through privcmd\n", buf);
	/* Handles that are not the caller's user memory: Xen's -EFAULT. */
	r = hcall(fd, HYPERVISOR_xen_version, XENVER_extraversion, 0xffff888000000000ull);
	CHECK(r == -1 && errno == EFAULT, "a kernel address as a handle");
	r = hcall(fd, HYPERVISOR_xen_version, XENVER_extraversion, 0x8000000000000000ull);
	CHECK(r == -1 && errno == EFAULT, "a non-canonical handle");
	r = hcall(fd, HYPERVISOR_xen_version, XENVER_extraversion, 16);
	CHECK(r == -1 && errno == EFAULT, "an unmapped handle");
	r = hcall(fd, 1ull << 40, 0, 0);
	CHECK(r == -1 && errno == XEN_NO_SUCH_CALL, "an op past the table");
	CHECK(ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, (void *)8) == -1 && errno == EFAULT,
	      "an unreadable ioctl argument");
	CHECK(ioctl(fd, _IOC(_IOC_NONE, 'P', 99, 8), 0) == -1 && errno == ENOTTY,
	      "an unknown ioctl");
	/* dm_op: Linux's checks before the call. */
	CHECK(ioctl(fd, IOCTL_PRIVCMD_DM_OP, &dm) == 0, "dm_op with no buffers");
	dm.num = 17;
	dm.ubufs = bufs;
	CHECK(ioctl(fd, IOCTL_PRIVCMD_DM_OP, &dm) == -1 && errno == E2BIG, "17 dm_op buffers");
	dm.num = 1;
	bufs[0].uptr = buf;
	bufs[0].size = 8192;
	CHECK(ioctl(fd, IOCTL_PRIVCMD_DM_OP, &dm) == -1 && errno == E2BIG,
	      "a dm_op buffer over 4096 bytes");
	bufs[0].uptr = (void *)0xffff888000000000ull;
	bufs[0].size = 16;
	CHECK(ioctl(fd, IOCTL_PRIVCMD_DM_OP, &dm) == -1 && errno == EFAULT,
	      "a kernel dm_op buffer");
	/* The restriction: hypercalls go, another domain is EINVAL. */
	dom = 1;
	CHECK(ioctl(fd, IOCTL_PRIVCMD_RESTRICT, &dom) == 0, "restrict");
	r = hcall(fd, HYPERVISOR_xen_version, XENVER_version, 0);
	CHECK(r == -1 && errno == EPERM, "a hypercall once restricted");
	CHECK(ioctl(fd, IOCTL_PRIVCMD_RESTRICT, &dom) == 0, "the same restriction again");
	dom = 2;
	CHECK(ioctl(fd, IOCTL_PRIVCMD_RESTRICT, &dom) == -1 && errno == EINVAL,
	      "another restriction");
	dm.dom = 0;
	CHECK(ioctl(fd, IOCTL_PRIVCMD_DM_OP, &dm) == -1 && errno == EPERM,
	      "dm_op for a domain outside the restriction");
	munmap(buf, 8192);
	close(hb);
	close(fd);
}

static void as_domu(void)
{
	int fd = open("/dev/xen/privcmd", O_RDWR);
	struct privcmd_dm_op dm = { .dom = 0 };

	if (fd < 0) {
		printf("privcmd-client: FAIL open: %s\n", strerror(errno));
		exit(1);
	}
	CHECK(hcall(fd, HYPERVISOR_xen_version, XENVER_version, 0) == -1 && errno == EPERM,
	      "a domU's hypercall ioctl");
	CHECK(hcall(fd, HYPERVISOR_event_channel_op, EVTCHNOP_status, 0) == -1 &&
	      errno == EPERM, "a domU's event channel op");
	CHECK(ioctl(fd, IOCTL_PRIVCMD_DM_OP, &dm) == -1 && errno == EPERM,
	      "a domU's dm_op for dom0");
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "dom0"))
		as_dom0();
	else
		as_domu();
	if (!failed)
		printf("privcmd-client: every answer as expected\n");
	return failed;
}
