// SPDX-License-Identifier: GPL-2.0
/*
 * A client of Debian's unmodified libxenevtchn (loaded with dlopen, as
 * built for Xen) on xenhv's /dev/xen/evtchn, as the guest domain: an
 * unbound port and an interdomain port bound to it from a second handle
 * (loopback in one domain, as Xen allows), notify, pending, unmask, a
 * ping-pong whose rate it prints, unbind, and the restriction. Exit 0
 * when every step answered as on Xen. "hold REMOTE SECONDS" instead keeps
 * one port unbound for REMOTE that long and prints it; "pp N" prints the
 * microseconds of an event round trip between two processes (N of them),
 * the figure xenhv_pingpong gives for a pipe.
 */
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <time.h>

/* libxenevtchn's handle is opaque; its port-or-error type is an int. */
struct xenevtchn_handle;
#define xenevtchn_handle struct xenevtchn_handle
#define xenevtchn_port_or_error_t int

static xenevtchn_handle *(*ev_open)(void *logger, unsigned int flags);
static int (*ev_close)(xenevtchn_handle *h);
static int (*ev_fd)(xenevtchn_handle *h);
static int (*ev_notify)(xenevtchn_handle *h, uint32_t port);
static xenevtchn_port_or_error_t (*ev_bind_unbound)(xenevtchn_handle *h, uint32_t domid);
static xenevtchn_port_or_error_t (*ev_bind_interdomain)(xenevtchn_handle *h, uint32_t domid,
							 uint32_t port);
static int (*ev_unbind)(xenevtchn_handle *h, uint32_t port);
static xenevtchn_port_or_error_t (*ev_pending)(xenevtchn_handle *h);
static int (*ev_unmask)(xenevtchn_handle *h, uint32_t port);
static int (*ev_restrict)(xenevtchn_handle *h, uint16_t domid);

#define FAIL(...) do { printf("evtchn-client: FAIL " __VA_ARGS__); printf("\n"); exit(1); } while (0)
#define SYM(p, n) do { *(void **)&(p) = dlsym(lib, n); if (!(p)) FAIL("no %s", n); } while (0)

/* The next pending port of @h, within 30 s (the nested stack stalls for 10 s or more). */
static int wait_pending(xenevtchn_handle *h)
{
	struct pollfd pfd = { .fd = ev_fd(h), .events = POLLIN };

	if (poll(&pfd, 1, 30000) != 1)
		return -1;
	return ev_pending(h);
}

/* Wait for @port on @h and unmask it: one event received. */
static int take(xenevtchn_handle *h, int port)
{
	return wait_pending(h) == port && !ev_unmask(h, port) ? 0 : -1;
}

/* Two processes, each with its own handle and one end of a loopback channel. */
static int pingpong(int n)
{
	xenevtchn_handle *a = ev_open(NULL, 0), *b;
	struct timespec t0, t1;
	int pa, pb, i, st;
	long ns;
	pid_t pid;

	pa = a ? ev_bind_unbound(a, 1) : -1;
	if (pa <= 0)
		FAIL("pp: bind_unbound_port: errno %d", errno);
	pid = fork();
	if (pid < 0)
		FAIL("pp: fork");
	if (!pid) {
		b = ev_open(NULL, 0);
		pb = b ? ev_bind_interdomain(b, 1, pa) : -1;
		if (pb <= 0 || ev_notify(b, pb))
			_exit(1);
		for (i = 0; i < n; i++)
			if (take(b, pb) || ev_notify(b, pb))
				_exit(1);
		_exit(0);
	}
	if (take(a, pa))	/* the child is bound */
		FAIL("pp: no first event");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++)
		if (ev_notify(a, pa) || take(a, pa))
			FAIL("pp: round trip %d", i);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		FAIL("pp: the other process failed");
	ns = (t1.tv_sec - t0.tv_sec) * 1000000000L + t1.tv_nsec - t0.tv_nsec;
	printf("evtchn-client: %d event round trips between two processes, %ld us each\n", n,
	       ns / n / 1000);
	return 0;
}

int main(int argc, char **argv)
{
	int domid = argc > 1 ? atoi(argv[1]) : 1, n = argc > 2 ? atoi(argv[2]) : 20000, i;
	xenevtchn_handle *a, *b, *r;
	void *lib = dlopen("libxenevtchn.so.1", RTLD_NOW);
	int pa, pb, p;
	struct timespec t0, t1;

	if (!lib)
		FAIL("dlopen: %s", dlerror());
	SYM(ev_open, "xenevtchn_open");
	SYM(ev_close, "xenevtchn_close");
	SYM(ev_fd, "xenevtchn_fd");
	SYM(ev_notify, "xenevtchn_notify");
	SYM(ev_bind_unbound, "xenevtchn_bind_unbound_port");
	SYM(ev_bind_interdomain, "xenevtchn_bind_interdomain");
	SYM(ev_unbind, "xenevtchn_unbind");
	SYM(ev_pending, "xenevtchn_pending");
	SYM(ev_unmask, "xenevtchn_unmask");
	SYM(ev_restrict, "xenevtchn_restrict");

	/* "hold REMOTE SECONDS": keep one port unbound for REMOTE, for lsevtchn. */
	if (argc > 3 && !strcmp(argv[1], "hold")) {
		a = ev_open(NULL, 0);
		pa = a ? ev_bind_unbound(a, atoi(argv[2])) : -1;
		if (pa <= 0)
			FAIL("hold: bind_unbound_port: %d errno %d", pa, errno);
		printf("%d\n", pa);
		fflush(stdout);
		sleep(atoi(argv[3]));
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "pp"))
		return pingpong(atoi(argv[2]));
	a = ev_open(NULL, 0);
	b = ev_open(NULL, 0);
	if (!a || !b)
		FAIL("xenevtchn_open: %d", errno);
	pa = ev_bind_unbound(a, domid);
	if (pa <= 0)
		FAIL("bind_unbound_port: %d errno %d", pa, errno);
	pb = ev_bind_interdomain(b, domid, pa);
	if (pb <= 0 || pb == pa)
		FAIL("bind_interdomain: %d errno %d", pb, errno);
	printf("evtchn-client: ports %d (unbound, then bound) and %d (interdomain)\n", pa, pb);

	/* One notify, one pending port on the other end, masked until unmasked. */
	if (ev_notify(b, pb))
		FAIL("notify: errno %d", errno);
	p = wait_pending(a);
	if (p != pa)
		FAIL("pending on a: %d, want %d", p, pa);
	if (ev_notify(b, pb))
		FAIL("second notify: errno %d", errno);
	if (ev_unmask(a, pa))
		FAIL("unmask: errno %d", errno);
	/* The event sent while masked is delivered at the unmask. */
	p = wait_pending(a);
	if (p != pa)
		FAIL("pending after unmask: %d, want %d", p, pa);
	ev_unmask(a, pa);
	/* And the other way. */
	if (ev_notify(a, pa) || wait_pending(b) != pb)
		FAIL("notify a -> b");
	ev_unmask(b, pb);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		if (ev_notify(a, pa) || wait_pending(b) != pb || ev_unmask(b, pb))
			FAIL("ping %d", i);
		if (ev_notify(b, pb) || wait_pending(a) != pa || ev_unmask(a, pa))
			FAIL("pong %d", i);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("evtchn-client: ping-pong %.0f round trips/s\n",
	       n / (t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9));

	/* Bad requests: a domain that does not exist, a port nobody bound. */
	if (ev_bind_interdomain(a, 4321, pa) != -1)
		FAIL("bind_interdomain to domain 4321 succeeded");
	if (ev_unbind(a, 4000) != -1 || errno != ENOTCONN)
		FAIL("unbind of an unbound port: errno %d", errno);
	/* A port not this handle's: refused (ENOTCONN, as Linux's device). */
	if (ev_notify(a, pb) != -1 || errno != ENOTCONN)
		FAIL("notify of b's port through a: errno %d", errno);
	if (ev_unbind(b, pb) || ev_unbind(a, pa))
		FAIL("unbind: errno %d", errno);
	if (ev_notify(a, pa) != -1)
		FAIL("notify after unbind");
	/* Restricted to domain 5: no unbound port for anyone else. */
	r = ev_open(NULL, 0);
	if (!r || ev_restrict(r, 5))
		FAIL("restrict: errno %d", errno);
	if (ev_bind_unbound(r, domid) != -1 || errno != EACCES)
		FAIL("bind after restrict: errno %d", errno);
	ev_close(r);
	ev_close(a);
	ev_close(b);
	printf("evtchn-client: ok\n");
	return 0;
}
