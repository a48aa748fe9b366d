/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xenstore's second kind of connection: a domain's ring page and
 * event channel (HVM_PARAM_STORE_PFN / STORE_EVTCHN), pumped into and out
 * of a store connection. The page mapping and the event channel are the
 * caller's.
 */
#ifndef _XENHV_XS_RING_H
#define _XENHV_XS_RING_H

#include <linux/types.h>
#include <xen/interface/io/xs_wire.h>
#include "xenstore.h"

/**
 * struct xenhv_xs_ring - one domain's ring page
 * @intf: the page (guest-writable at any time)
 * @conn: its store connection; NULL once xenstored would ignore it
 * @buf: the bytes of one step, copied out of or into the page
 */
struct xenhv_xs_ring {
	struct xenstore_domain_interface *intf;
	struct xenhv_xs_conn *conn;
	u8 buf[XENSTORE_RING_SIZE];
};

void xenhv_xs_ring_init(struct xenhv_xs_ring *r, struct xenstore_domain_interface *intf,
			struct xenhv_xs_conn *conn);
bool xenhv_xs_ring_pump(struct xenhv_xs_ring *r);
void xenhv_xs_ring_destroy(struct xenhv_xs_ring *r);

#endif /* _XENHV_XS_RING_H */
