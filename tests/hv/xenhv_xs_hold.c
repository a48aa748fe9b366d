// SPDX-License-Identifier: GPL-2.0
/*
 * Takes a domain's xenstore resources through /dev/xen/xenbus and holds
 * them, so a test can kill it and see them come back:
 * xenhv_xs_hold TRANSACTIONS WATCHES SECONDS starts TRANSACTIONS
 * transactions (each with a write in it, left open) and sets WATCHES
 * watches, prints "held T W" when every one was granted, then sleeps.
 * Exit 0 when all were granted, 1 (with the refusal) when one was not.
 * Static, for the busybox guests.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct xsd_sockmsg {
	uint32_t type, req_id, tx_id, len;
};

enum {
	XS_TRANSACTION_START = 6, XS_WATCH = 4, XS_WRITE = 11, XS_ERROR = 16,
	XS_WATCH_EVENT = 15,
};

static int fd;
static char payload[4096 + 1];

static int read_all(void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n <= 0)
			return -1;
		got += n;
	}
	return 0;
}

/* One request; its reply's type (watch events skipped), payload in payload[]. */
static int xs(uint32_t type, uint32_t tx, const char *p, uint32_t len)
{
	struct xsd_sockmsg h = { type, 9, tx, len };
	char buf[sizeof(h) + 512];

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, len);
	if (write(fd, buf, sizeof(h) + len) != (ssize_t)(sizeof(h) + len))
		return -1;
	do {
		if (read_all(&h, sizeof(h)) || h.len > 4096 || read_all(payload, h.len))
			return -1;
		payload[h.len] = 0;
	} while (h.type == XS_WATCH_EVENT);
	return h.type;
}

int main(int argc, char **argv)
{
	int ntx = argc > 1 ? atoi(argv[1]) : 0, nw = argc > 2 ? atoi(argv[2]) : 0, i;
	char req[128];
	int len;

	fd = open("/dev/xen/xenbus", O_RDWR);
	if (fd < 0) {
		perror("open /dev/xen/xenbus");
		return 1;
	}
	for (i = 0; i < ntx; i++) {
		uint32_t tx;

		if (xs(XS_TRANSACTION_START, 0, "", 1) != XS_TRANSACTION_START) {
			printf("transaction %d refused: %s\n", i, payload);
			return 1;
		}
		tx = strtoul(payload, NULL, 10);
		len = snprintf(req, sizeof(req), "data/hold/t%d", i) + 1;
		len += snprintf(req + len, sizeof(req) - len, "x");
		if (xs(XS_WRITE, tx, req, len) != XS_WRITE) {
			printf("write in transaction %d refused: %s\n", i, payload);
			return 1;
		}
	}
	for (i = 0; i < nw; i++) {
		len = snprintf(req, sizeof(req), "data/hold/w%d", i) + 1;
		len += snprintf(req + len, sizeof(req) - len, "tok%d", i) + 1;
		if (xs(XS_WATCH, 0, req, len) != XS_WATCH) {
			printf("watch %d refused: %s\n", i, payload);
			return 1;
		}
	}
	printf("held %d %d\n", ntx, nw);
	fflush(stdout);
	sleep(argc > 3 ? atoi(argv[3]) : 0);
	return 0;
}
