/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A partition as the module builds it, on the fake backend, for the
 * userspace programs: the guest (domid 1) and the hosted backend domain
 * (domid 0), each with its dispatcher.
 */
#ifndef _XH_USER_DOMAIN_H
#define _XH_USER_DOMAIN_H

#include "../kunit/xenhv_fake_backend.h"
#include "../../translate/dispatch.h"

#define XH_USER_MEM	16384	/* the guest memory hypercall arguments live in */

struct xh_user_partition {
	struct kunit test;
	struct xenhv_fake_backend *fb;
	struct xenhv_domain *d, *b;
	struct xenhv_dispatcher disp, bdisp;
};

void xh_user_partition_init(struct xh_user_partition *p, unsigned int nr_vcpus);
/*
 * L4 -> L3 -> L2 -> L1 of @d's own frames, the L4 pinned; the L1's frame,
 * and the L4's in *@l4_out. Aborts if the pin fails.
 */
u64 xh_user_l1_table(struct xh_user_partition *p, struct xenhv_domain *d, u64 *l4_out);
/* Tear down; returns the guest-page references still held (a leak if not 0). */
int xh_user_partition_exit(struct xh_user_partition *p);

#endif /* _XH_USER_DOMAIN_H */
