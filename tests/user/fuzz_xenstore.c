// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the xenstore's wire parser and store (dom0/), driven
 * by three clients at once, dom0 and two connections of a domU, as the
 * byte streams a hostile client could write. ASan and UBSan catch memory
 * and arithmetic errors; the harness also fails when closing a client
 * leaves any of its watches or transactions charged to its domain, and
 * (through ASan's leak check) when anything outlives the store.
 *
 * Input: records until the input ends: byte c (bits 0-1: the client;
 * bit 2: read all output first; bit 3: close and reopen the client
 * first), u16 n, then n bytes written to the client. A record's bytes
 * are often a header followed by a payload; the fuzzer finds them.
 * Inputs starting with "XS" get each record's header built from its
 * first 13 bytes (type, tx id, length) so deep paths are reached fast.
 * A record with bit 4 of c set goes to a fourth client, a domU ring page
 * (dom0/xs_ring.c) instead: its bytes are written at req_prod as far as
 * the ring has room (bit 5: its first 8 bytes overwrite req_prod and
 * rsp_cons, as a hostile guest may), the ring is pumped, and bit 6 has
 * the guest consume every reply first.
 */
#include "xenhv_user.h"
#include "../../dom0/xenstore.h"
#include "../../dom0/xs_ring.h"

#define XH_CLIENTS	3

static const domid_t xh_domid[XH_CLIENTS] = { 0, 1, 1 };

static void xh_drain(struct xenhv_xs_conn *c)
{
	u8 buf[512];

	while (xenhv_xs_conn_read(c, buf, sizeof(buf)))
		;
}

/* One record for the ring page, as the guest's side writes it. */
static void xh_ring_record(struct xenhv_xs_ring *r, u8 ctl, const u8 *p, size_t n)
{
	struct xenstore_domain_interface *intf = r->intf;
	u32 i, room;

	if (ctl & 0x40)
		intf->rsp_cons = intf->rsp_prod;
	if ((ctl & 0x20) && n >= 8) {
		memcpy(&intf->req_prod, p, 4);
		memcpy(&intf->rsp_cons, p + 4, 4);
		p += 8;
		n -= 8;
	}
	room = XENSTORE_RING_SIZE - min_t(u32, intf->req_prod - intf->req_cons,
					  XENSTORE_RING_SIZE);
	for (i = 0; i < n && i < room; i++)
		intf->req[MASK_XENSTORE_IDX(intf->req_prod + i)] = p[i];
	intf->req_prod += i;
	xenhv_xs_ring_pump(r);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct xenstore_domain_interface intf;
	static struct xenhv_xs_ring ring;
	const struct xenhv_xs_domain_info di = {
		.domid = 1, .name = "guest", .uuid = "00000000-0000-0000-0000-000000000001",
		.memory_kb = 1024, .vcpus = 2,
	};
	struct xenhv_xs_conn *c[XH_CLIENTS];
	struct xenhv_xs_stats now;
	struct xenhv_xs_store *s;
	bool framed = size >= 2 && data[0] == 'X' && data[1] == 'S';
	size_t off = framed ? 2 : 0;
	unsigned int i;

	s = xenhv_xs_store_new();
	if (!s || xenhv_xs_domain_introduce(s, &di))
		abort();
	for (i = 0; i < XH_CLIENTS; i++)
		c[i] = xenhv_xs_conn_new(s, xh_domid[i], NULL, NULL);
	memset(&intf, 0, sizeof(intf));
	xenhv_xs_ring_init(&ring, &intf, xenhv_xs_conn_new(s, 1, NULL, NULL));
	while (off + 3 <= size) {
		u8 ctl = data[off];
		size_t n = data[off + 1] | (size_t)data[off + 2] << 8;
		struct xenhv_xs_conn **cl = &c[(ctl & 3) % XH_CLIENTS];

		off += 3;
		n = min(n, size - off);
		if (ctl & 0x10) {
			xh_ring_record(&ring, ctl, data + off, n);
			off += n;
			continue;
		}
		if (ctl & 4)
			xh_drain(*cl);
		if (ctl & 8) {
			xenhv_xs_conn_free(*cl);
			*cl = xenhv_xs_conn_new(s, xh_domid[(ctl & 3) % XH_CLIENTS], NULL, NULL);
		}
		if (framed && n >= 13) {
			struct xsd_sockmsg h;
			u8 msg[sizeof(h) + XENSTORE_PAYLOAD_MAX];
			u16 plen = data[off + 9] | data[off + 10] << 8;

			h.type = data[off] % (XS_TYPE_COUNT + 1);
			h.req_id = data[off + 1];
			memcpy(&h.tx_id, data + off + 2, 4);
			h.tx_id %= 16;
			h.len = min_t(size_t, plen, min_t(size_t, n - 13, XENSTORE_PAYLOAD_MAX));
			if (data[off + 11] & 1)
				h.len = plen + (data[off + 12] << 16);	/* a lying header */
			memcpy(msg, &h, sizeof(h));
			memcpy(msg + sizeof(h), data + off + 13, min_t(size_t, n - 13,
								      XENSTORE_PAYLOAD_MAX));
			xenhv_xs_conn_write(*cl, msg, sizeof(h) + min_t(size_t, n - 13,
									XENSTORE_PAYLOAD_MAX));
		} else {
			xenhv_xs_conn_write(*cl, data + off, n);
		}
		off += n;
	}
	/* The domU's clients gone: nothing of theirs may stay charged. */
	xenhv_xs_ring_destroy(&ring);
	xenhv_xs_conn_free(c[1]);
	xenhv_xs_conn_free(c[2]);
	xenhv_xs_stats(s, 1, &now);
	if (now.watches || now.transactions)
		abort();
	xenhv_xs_conn_free(c[0]);
	xenhv_xs_stats(s, 0, &now);
	if (now.conns)
		abort();
	xenhv_xs_store_free(s);
	return 0;
}
