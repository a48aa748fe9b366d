// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/xen/gntalloc and /dev/xen/gntdev as libxengnttab uses them, in one
 * domain (Xen lets a domain map its own grants): a page shared, mapped,
 * written from each side and seen on the other, unmap notification,
 * grant copy, and the refusals Linux's devices answer. "xenhv_grant_client
 * full N" only checks that N grants can be allocated at once (the limit is
 * 1024: whatever a killed process held must have come back); "share PEER
 * SECONDS" grants a page to PEER, prints the ref and holds it; "map
 * GRANTER REF" maps that grant and reads it; "xenhv_grant_client DOMID"
 * runs the whole as domain DOMID (default 1, the guest; 0 as dom0). Exit 0
 * when every step answered as expected.
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

/* include/uapi/xen/gntalloc.h and gntdev.h */
struct alloc_gref {
	uint16_t domid, flags;
	uint32_t count;
	uint64_t index;
	uint32_t gref_ids[1];
};

struct dealloc_gref {
	uint64_t index;
	uint32_t count;
};

struct unmap_notify {
	uint64_t index;
	uint32_t action, port;
};

struct grant_ref {
	uint32_t domid, ref;
};

struct map_grant_ref {
	uint32_t count, pad;
	uint64_t index;
	struct grant_ref refs[1];
};

struct unmap_grant_ref {
	uint64_t index;
	uint32_t count, pad;
};

struct copy_segment {
	union {
		void *virt;
		struct {
			uint32_t ref;
			uint16_t offset, domid;
		} foreign;
	} source, dest;
	uint16_t len, flags;
	int16_t status;
};

struct grant_copy {
	unsigned int count;
	struct copy_segment *segments;
};

#define IOCTL_GNTALLOC_ALLOC_GREF	_IOC(_IOC_NONE, 'G', 5, sizeof(struct alloc_gref))
#define IOCTL_GNTALLOC_DEALLOC_GREF	_IOC(_IOC_NONE, 'G', 6, sizeof(struct dealloc_gref))
#define IOCTL_GNTALLOC_SET_UNMAP_NOTIFY	_IOC(_IOC_NONE, 'G', 7, sizeof(struct unmap_notify))
#define IOCTL_GNTDEV_MAP_GRANT_REF	_IOC(_IOC_NONE, 'G', 0, sizeof(struct map_grant_ref))
#define IOCTL_GNTDEV_UNMAP_GRANT_REF	_IOC(_IOC_NONE, 'G', 1, sizeof(struct unmap_grant_ref))
#define IOCTL_GNTDEV_SET_UNMAP_NOTIFY	_IOC(_IOC_NONE, 'G', 7, sizeof(struct unmap_notify))
#define IOCTL_GNTDEV_GRANT_COPY		_IOC(_IOC_NONE, 'G', 8, sizeof(struct grant_copy))
#define GNTCOPY_source_gref		1
#define UNMAP_NOTIFY_CLEAR_BYTE		1
#define UNMAP_NOTIFY_SEND_EVENT		2
#define GNTST_bad_gntref		(-3)

static int failed;
static int domid = 1;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		printf("grant-client: FAIL " __VA_ARGS__);		\
		printf(" (errno %d)\n", errno);				\
		failed = 1;						\
	}								\
} while (0)

static int gopen(const char *path)
{
	int fd = open(path, O_RDWR);

	if (fd < 0) {
		printf("grant-client: FAIL open %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fd;
}

/* One writable grant of a zeroed page to @domid: its ref, its file offset. */
static int share(int ga, uint32_t *ref, uint64_t *index)
{
	struct alloc_gref a = { .domid = domid, .flags = 1, .count = 1 };

	if (ioctl(ga, IOCTL_GNTALLOC_ALLOC_GREF, &a))
		return -1;
	*ref = a.gref_ids[0];
	*index = a.index;
	return 0;
}

/* "share PEER SECONDS": a page granted to PEER, text written in it; prints the ref. */
static void share_hold(int peer, int seconds)
{
	int ga = gopen("/dev/xen/gntalloc");
	char *p;
	uint32_t ref;
	uint64_t index;

	domid = peer;
	if (share(ga, &ref, &index)) {
		printf("grant-client: FAIL share with %d: %s\n", peer, strerror(errno));
		exit(1);
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ga, index);
	if (p == MAP_FAILED) {
		printf("grant-client: FAIL mmap the shared page: %s\n", strerror(errno));
		exit(1);
	}
	strcpy(p, "granted across domains");
	printf("%u\n", ref);
	fflush(stdout);
	sleep(seconds);
	exit(0);
}

/* "map GRANTER REF": map it and read what share wrote. */
static void map_read(int granter, uint32_t ref)
{
	int gd = gopen("/dev/xen/gntdev");
	struct map_grant_ref m = { .count = 1, .refs = { { granter, ref } } };
	char *p;

	if (ioctl(gd, IOCTL_GNTDEV_MAP_GRANT_REF, &m)) {
		printf("grant-client: FAIL map %d:%u: %s\n", granter, ref, strerror(errno));
		exit(1);
	}
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, gd, m.index);
	if (p == MAP_FAILED) {
		printf("grant-client: FAIL mmap grant %d:%u: %s\n", granter, ref, strerror(errno));
		exit(1);
	}
	if (strcmp(p, "granted across domains")) {
		printf("grant-client: FAIL grant %d:%u reads \"%.30s\"\n", granter, ref, p);
		exit(1);
	}
	printf("grant-client: grant %u of domain %d read through gntdev\n", ref, granter);
	exit(0);
}

static void full(int n)
{
	int ga = gopen("/dev/xen/gntalloc");
	struct alloc_gref *a = calloc(1, sizeof(*a) + n * sizeof(uint32_t));

	a->domid = domid;
	a->count = n;
	if (ioctl(ga, IOCTL_GNTALLOC_ALLOC_GREF, a)) {
		printf("grant-client: FAIL %d grants at once: %s\n", n, strerror(errno));
		exit(1);
	}
	printf("grant-client: %d grants at once\n", n);
	exit(0);
}

int main(int argc, char **argv)
{
	int ga, gd;
	uint32_t ref = 0;
	uint64_t index = 0;
	struct map_grant_ref m = { .count = 1 };
	struct unmap_grant_ref um = { .count = 1 };
	struct unmap_notify nt = {};
	struct dealloc_gref d = { .count = 1 };
	struct copy_segment seg = {};
	struct grant_copy gc = { .count = 1, .segments = &seg };
	uint8_t *mine, *theirs;
	char buf[64];

	if (argc > 2 && !strcmp(argv[1], "full"))
		full(atoi(argv[2]));
	if (argc > 3 && !strcmp(argv[1], "share"))
		share_hold(atoi(argv[2]), atoi(argv[3]));
	if (argc > 3 && !strcmp(argv[1], "map"))
		map_read(atoi(argv[2]), strtoul(argv[3], NULL, 10));
	if (argc == 2)		/* the domain the process is: 0 as dom0 */
		domid = atoi(argv[1]);
	ga = gopen("/dev/xen/gntalloc");
	gd = gopen("/dev/xen/gntdev");

	/* Share a page, map it back through gntdev, each side sees the other. */
	if (share(ga, &ref, &index)) {
		printf("grant-client: FAIL alloc a grant: %s\n", strerror(errno));
		return 1;
	}
	mine = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ga, index);
	CHECK(mine != MAP_FAILED, "mmap the shared page");
	if (mine == MAP_FAILED)
		return 1;
	memcpy(mine, "shared through a grant", 23);
	m.refs[0].domid = domid;
	m.refs[0].ref = ref;
	CHECK(!ioctl(gd, IOCTL_GNTDEV_MAP_GRANT_REF, &m), "map the grant");
	theirs = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, gd, m.index);
	CHECK(theirs != MAP_FAILED, "mmap the mapped grant");
	if (theirs == MAP_FAILED)
		return 1;
	CHECK(!memcmp(theirs, "shared through a grant", 23), "the mapper reads the page");
	theirs[100] = 0x5a;
	CHECK(mine[100] == 0x5a, "the granter sees the mapper's write");
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, gd, m.index) == MAP_FAILED &&
	      errno == EINVAL, "a second mmap of one map");

	/* Grant copy from the grant into this process, and a bad ref. */
	seg.flags = GNTCOPY_source_gref;
	seg.source.foreign.ref = ref;
	seg.source.foreign.domid = domid;
	seg.dest.virt = buf;
	seg.len = 23;
	CHECK(!ioctl(gd, IOCTL_GNTDEV_GRANT_COPY, &gc) && seg.status == 0 &&
	      !memcmp(buf, "shared through a grant", 23), "grant copy to this process");
	seg.source.foreign.ref = 1 << 20;
	CHECK(!ioctl(gd, IOCTL_GNTDEV_GRANT_COPY, &gc) && seg.status == GNTST_bad_gntref,
	      "grant copy from a ref past the table: status %d", seg.status);
	seg.flags = 0;
	CHECK(ioctl(gd, IOCTL_GNTDEV_GRANT_COPY, &gc) == -1 && errno == EINVAL,
	      "grant copy with no grant side");

	/* Unmap notification: the mapper's unmap clears the granter's byte. */
	nt.index = m.index + 100;
	nt.action = UNMAP_NOTIFY_CLEAR_BYTE;
	CHECK(!ioctl(gd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, &nt), "set the unmap notification");
	nt.action = 4;
	CHECK(ioctl(gd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, &nt) == -1 && errno == EINVAL,
	      "an unknown notify action");
	nt.action = UNMAP_NOTIFY_SEND_EVENT;
	nt.port = 4000;
	CHECK(ioctl(gd, IOCTL_GNTDEV_SET_UNMAP_NOTIFY, &nt) == -1 && errno == EINVAL,
	      "notify on a port nobody bound");
	um.index = m.index;
	CHECK(!ioctl(gd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &um), "unmap ioctl");
	CHECK(mine[100] == 0x5a, "still mapped while the VMA lives");
	munmap(theirs, 4096);
	CHECK(mine[100] == 0, "the unmap cleared the notify byte");
	CHECK(ioctl(gd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &um) == -1 && errno == ENOENT,
	      "unmap of what is gone");

	/* gntdev refusals. */
	m.count = 0;
	CHECK(ioctl(gd, IOCTL_GNTDEV_MAP_GRANT_REF, &m) == -1 && errno == EINVAL, "0 grants");
	m.count = 65537;
	CHECK(ioctl(gd, IOCTL_GNTDEV_MAP_GRANT_REF, &m) == -1 && errno == EINVAL,
	      "past the grant limit");
	m.count = 1;
	m.refs[0].ref = 1 << 20;
	CHECK(!ioctl(gd, IOCTL_GNTDEV_MAP_GRANT_REF, &m), "map a bad ref (checked at mmap)");
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, gd, m.index) == MAP_FAILED &&
	      errno == EINVAL, "mmap of a bad ref");
	CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, gd, 0) == MAP_FAILED &&
	      errno == EINVAL, "a private writable mapping");
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, gd, 1 << 30) == MAP_FAILED &&
	      errno == EINVAL, "an offset with no map");
	CHECK(ioctl(gd, _IOC(_IOC_NONE, 'G', 99, 8), 0) == -1 && errno == ENOTTY,
	      "an unknown gntdev ioctl");
	CHECK(ioctl(gd, IOCTL_GNTDEV_MAP_GRANT_REF, (void *)8) == -1 && errno == EFAULT,
	      "an unreadable gntdev argument");

	/* gntalloc refusals. */
	{
		struct alloc_gref a = { .domid = domid, .count = 1025 };

		CHECK(ioctl(ga, IOCTL_GNTALLOC_ALLOC_GREF, &a) == -1 && errno == ENOSPC,
		      "1025 grants");
	}
	d.index = 1 << 30;
	CHECK(ioctl(ga, IOCTL_GNTALLOC_DEALLOC_GREF, &d) == -1 && errno == EINVAL,
	      "dealloc of no grant");
	nt.index = 1 << 30;
	nt.action = UNMAP_NOTIFY_CLEAR_BYTE;
	CHECK(ioctl(ga, IOCTL_GNTALLOC_SET_UNMAP_NOTIFY, &nt) == -1 && errno == ENOENT,
	      "notify on no grant");
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, ga, index) == MAP_FAILED &&
	      errno == EINVAL, "a private gntalloc mapping");
	CHECK(ioctl(ga, _IOC(_IOC_NONE, 'G', 99, 8), 0) == -1 && errno == ENOTTY,
	      "an unknown gntalloc ioctl");
	/* libxengnttab's way: dealloc at once, the mapping keeps the grant. */
	d.index = index;
	CHECK(!ioctl(ga, IOCTL_GNTALLOC_DEALLOC_GREF, &d), "dealloc while mapped");
	CHECK(!memcmp(mine, "shared through a grant", 23), "the mapping stays");
	munmap(mine, 4096);
	close(gd);
	close(ga);
	if (!failed)
		printf("grant-client: every answer as expected\n");
	return failed;
}
