// SPDX-License-Identifier: GPL-2.0
/*
 * xenstore operations per second through /dev/xen/xenbus, as a client
 * library issues them (one request, then its reply): WRITE, READ, and a
 * transaction of one write. A benchmark figure, not a test. Static, for
 * the busybox guests: xenhv_xsbench [iterations]
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct xsd_sockmsg {
	uint32_t type, req_id, tx_id, len;
};

enum { XS_READ = 2, XS_TRANSACTION_START = 6, XS_TRANSACTION_END = 7, XS_WRITE = 11 };

static int fd;
static char reply[4096 + 16];

/* One request and its reply; the reply's type, or -1. */
static int xs(uint32_t type, uint32_t tx, const void *p, uint32_t len)
{
	struct xsd_sockmsg h = { type, 7, tx, len };
	char buf[sizeof(h) + 256];
	size_t got = 0;

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, len);
	if (write(fd, buf, sizeof(h) + len) != (ssize_t)(sizeof(h) + len))
		return -1;
	while (got < sizeof(h) || got < sizeof(h) + ((struct xsd_sockmsg *)reply)->len) {
		ssize_t n = read(fd, reply + got, sizeof(reply) - got);

		if (n <= 0)
			return -1;
		got += n;
	}
	reply[got] = 0;
	return ((struct xsd_sockmsg *)reply)->type;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20000, i;
	static const char w[] = "data/bench\0value";
	double t;

	fd = open("/dev/xen/xenbus", O_RDWR);
	if (fd < 0) {
		perror("/dev/xen/xenbus");
		return 1;
	}
	t = now();
	for (i = 0; i < n; i++)
		if (xs(XS_WRITE, 0, w, sizeof(w) - 1) != XS_WRITE)
			return 1;
	printf("xsbench: write %.0f ops/s\n", n / (now() - t));
	t = now();
	for (i = 0; i < n; i++)
		if (xs(XS_READ, 0, "data/bench", 11) != XS_READ)
			return 1;
	printf("xsbench: read %.0f ops/s\n", n / (now() - t));
	t = now();
	for (i = 0; i < n / 4; i++) {
		uint32_t tx;

		if (xs(XS_TRANSACTION_START, 0, "", 1) != XS_TRANSACTION_START)
			return 1;
		tx = strtoul(reply + sizeof(struct xsd_sockmsg), NULL, 10);
		if (xs(XS_WRITE, tx, w, sizeof(w) - 1) != XS_WRITE ||
		    xs(XS_TRANSACTION_END, tx, "T", 2) != XS_TRANSACTION_END)
			return 1;
	}
	printf("xsbench: transaction (start, write, commit) %.0f /s\n", (n / 4) / (now() - t));
	return 0;
}
