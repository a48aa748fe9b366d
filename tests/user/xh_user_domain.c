// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace programs' partition: the guest and the hosted backend
 * domain on the fake backend, set up and torn down as shim/main.c does.
 */
#include "xh_user_domain.h"
#include "../../translate/mm.h"

void xh_user_partition_init(struct xh_user_partition *p, unsigned int nr_vcpus)
{
	memset(p, 0, sizeof(*p));
	p->test.name = "xenhv-user";
	p->fb = xenhv_fake_new(&p->test, XH_USER_MEM);
	p->fb->be.nr_vcpus = nr_vcpus;
	p->d = xenhv_fake_domain(&p->test, p->fb);
	p->b = xenhv_fake_domain(&p->test, p->fb);
	p->b->domid = 0;
	p->b->memory_is_reservations = true;
	p->b->pv = true;
	p->d->peer = p->b;
	p->b->peer = p->d;
	if (xenhv_evtchn_init(p->d, XENHV_DEFAULT_MAX_EVTCHN_PORT) ||
	    xenhv_evtchn_init(p->b, XENHV_DEFAULT_MAX_EVTCHN_PORT) ||
	    xenhv_time_init(p->d) ||
	    xenhv_dispatcher_init(&p->disp, p->d) || xenhv_dispatcher_init(&p->bdisp, p->b))
		abort();
}

u64 xh_user_l1_table(struct xh_user_partition *p, struct xenhv_domain *d, u64 *l4_out)
{
	u64 l4 = xenhv_mm_alloc_extent(d, 0, U64_MAX), l3 = xenhv_mm_alloc_extent(d, 0, U64_MAX);
	u64 l2 = xenhv_mm_alloc_extent(d, 0, U64_MAX), l1 = xenhv_mm_alloc_extent(d, 0, U64_MAX);

	((u64 *)xenhv_fake_page(p->fb, l4))[0] = (l3 << PAGE_SHIFT) | 3;
	((u64 *)xenhv_fake_page(p->fb, l3))[0] = (l2 << PAGE_SHIFT) | 3;
	((u64 *)xenhv_fake_page(p->fb, l2))[0] = (l1 << PAGE_SHIFT) | 3;
	if (xenhv_mm_pin(d, l4, 4)) {
		fprintf(stderr, "xenhv-user: pinning the L4 failed\n");
		abort();
	}
	*l4_out = l4;
	return l1;
}

int xh_user_partition_exit(struct xh_user_partition *p)
{
	int held;

	xenhv_gnttab_drop_maps(p->b);
	xenhv_gnttab_drop_maps(p->d);
	xenhv_evtchn_destroy(p->b);
	xenhv_evtchn_destroy(p->d);
	xenhv_time_destroy(p->d);
	xenhv_dispatcher_destroy(&p->bdisp);
	xenhv_dispatcher_destroy(&p->disp);
	xenhv_user_kunit_release(&p->test);
	held = (int)p->fb->nr_maps - (int)p->fb->nr_unmaps;
	xenhv_user_kunit_cleanup(&p->test);
	return held;
}
