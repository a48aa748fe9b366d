// SPDX-License-Identifier: GPL-2.0
/*
 * A domain's xenstore ring page (docs/misc/xenstore-ring.txt) served as
 * Xen 4.17.7's C xenstored serves it (tools/xenstore/xenstored_domain.c
 * readchn()/writechn(), xenstored_core.c handle_input()/handle_output()):
 * requests taken from the page into the store's connection, replies and
 * watch events put back. The page is guest memory, written by the guest
 * at any time: each index pair is read once and checked before use, and
 * bytes go through a buffer of ours, never parsed in place.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include "xs_ring.h"

/*
 * ignore_connection(): the error goes in the page, the connection's
 * watches, transactions and buffered replies go, and nothing more is
 * read or written.
 */
static void xenhv_xs_ring_ignore(struct xenhv_xs_ring *r, u32 err)
{
	WRITE_ONCE(r->intf->error, err);
	xenhv_xs_conn_free(r->conn);
	r->conn = NULL;
}

/*
 * One ring's indexes, each read once, before the bytes they cover. As
 * check_indexes(): a producer at most a ring ahead of its consumer, else
 * the connection is ignored (false).
 */
static bool xenhv_xs_ring_load(struct xenhv_xs_ring *r, const XENSTORE_RING_IDX *cons_p,
			       const XENSTORE_RING_IDX *prod_p, XENSTORE_RING_IDX *cons,
			       XENSTORE_RING_IDX *prod)
{
	*cons = READ_ONCE(*cons_p);
	*prod = READ_ONCE(*prod_p);
	smp_mb();	/* the indexes before the bytes they cover or free */
	if (*prod - *cons <= XENSTORE_RING_SIZE)
		return true;
	xenhv_xs_ring_ignore(r, XENSTORE_ERROR_RINGIDX);
	return false;
}

/* Requests in, as far as the store takes them. True if req_cons moved. */
static bool xenhv_xs_ring_in(struct xenhv_xs_ring *r)
{
	struct xenstore_domain_interface *intf = r->intf;
	XENSTORE_RING_IDX cons, prod;
	u32 off, len;
	ssize_t n;

	if (!xenhv_xs_ring_load(r, &intf->req_cons, &intf->req_prod, &cons, &prod))
		return false;
	/* get_input_chunk(): up to the ring's end, then again from 0. */
	off = MASK_XENSTORE_IDX(cons);
	len = min_t(u32, XENSTORE_RING_SIZE - off, prod - cons);
	if (!len || !xenhv_xs_conn_writable(r->conn))
		return false;
	memcpy(r->buf, intf->req + off, len);
	n = xenhv_xs_conn_write(r->conn, r->buf, len);
	if (n < 0) {
		/* A header announcing more than XENSTORE_PAYLOAD_MAX. */
		xenhv_xs_ring_ignore(r, XENSTORE_ERROR_PROTO);
		return false;
	}
	if (!n)
		return false;
	smp_mb();	/* the bytes taken before the slot is given back */
	WRITE_ONCE(intf->req_cons, cons + (u32)n);
	return true;
}

/* Replies out, as far as the ring has room. True if rsp_prod moved. */
static bool xenhv_xs_ring_out(struct xenhv_xs_ring *r)
{
	struct xenstore_domain_interface *intf = r->intf;
	XENSTORE_RING_IDX cons, prod;
	u32 off, len;
	size_t n;

	if (!xenhv_xs_ring_load(r, &intf->rsp_cons, &intf->rsp_prod, &cons, &prod))
		return false;
	/* get_output_chunk(): the free space up to the ring's end. */
	off = MASK_XENSTORE_IDX(prod);
	len = min_t(u32, XENSTORE_RING_SIZE - off, XENSTORE_RING_SIZE - (prod - cons));
	if (!len || !xenhv_xs_conn_readable(r->conn))
		return false;
	n = xenhv_xs_conn_read(r->conn, r->buf, len);
	if (!n)
		return false;
	memcpy(intf->rsp + off, r->buf, n);
	smp_wmb();	/* the bytes before the index that publishes them */
	WRITE_ONCE(intf->rsp_prod, prod + (u32)n);
	return true;
}

/**
 * xenhv_xs_ring_init - serve a ring page through a store connection
 * @r: the ring
 * @intf: the domain's page (its contents are the guest's: not cleared)
 * @conn: the domain's connection to the store; the ring owns it from now
 *
 * As C xenstored: no server feature advertised, the connection state
 * and error left as the page has them.
 */
void xenhv_xs_ring_init(struct xenhv_xs_ring *r, struct xenstore_domain_interface *intf,
			struct xenhv_xs_conn *conn)
{
	r->intf = intf;
	r->conn = conn;
}

/**
 * xenhv_xs_ring_pump - move requests and replies until neither moves
 * @r: the ring
 *
 * Called when the domain signals the store's event channel and when the
 * connection has output (its wake function); not concurrently for one
 * ring. Bad indexes or an oversized message end the connection, as
 * xenstored ignores it: the page's error field says why (RINGIDX,
 * PROTO), and later calls do nothing.
 *
 * Return: true if an index moved, so the domain should be signalled.
 */
bool xenhv_xs_ring_pump(struct xenhv_xs_ring *r)
{
	bool moved = false, step;

	do {
		step = false;
		if (r->conn)
			step |= xenhv_xs_ring_in(r);
		if (r->conn)
			step |= xenhv_xs_ring_out(r);
		moved |= step;
	} while (step);
	return moved;
}

/* The connection goes with the ring; the page stays the domain's. */
void xenhv_xs_ring_destroy(struct xenhv_xs_ring *r)
{
	xenhv_xs_conn_free(r->conn);
	r->conn = NULL;
}
