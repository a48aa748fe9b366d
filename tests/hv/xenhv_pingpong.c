// SPDX-License-Identifier: GPL-2.0
/*
 * The wake-up round trip vchan's 2 KiB ring makes, without Xen: two
 * processes, one writes 2 KiB into a pipe and waits for a byte back on
 * another. Prints the microseconds per round trip, the floor a strictly
 * alternating transport has on this machine. A figure, not a test.
 * Static, for the busybox guests: xenhv_pingpong [round trips]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 2048

static int read_all(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n <= 0)
			return -1;
		got += n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2048, a[2], b[2], i;
	char buf[CHUNK];
	struct timespec t0, t1;
	pid_t pid;

	if (pipe(a) || pipe(b))
		return 1;
	memset(buf, 'x', sizeof(buf));
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		for (i = 0; i < n; i++)
			if (read_all(a[0], buf, CHUNK) || write(b[1], buf, 1) != 1)
				_exit(1);
		_exit(0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		if (write(a[1], buf, CHUNK) != CHUNK || read_all(b[0], buf, 1))
			return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	waitpid(pid, NULL, 0);
	printf("pingpong: %d round trips of 2 KiB between two processes, %ld us each\n", n,
	       (long)(((t1.tv_sec - t0.tv_sec) * 1000000000L + t1.tv_nsec - t0.tv_nsec) / n / 1000));
	return 0;
}
