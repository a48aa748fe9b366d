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
 */
#include "xenhv_user.h"
#include "../../dom0/xenstore.h"

#define XH_CLIENTS	3

static const domid_t xh_domid[XH_CLIENTS] = { 0, 1, 1 };

static void xh_drain(struct xenhv_xs_conn *c)
{
	u8 buf[512];

	while (xenhv_xs_conn_read(c, buf, sizeof(buf)))
		;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
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
	while (off + 3 <= size) {
		u8 ctl = data[off];
		size_t n = data[off + 1] | (size_t)data[off + 2] << 8;
		struct xenhv_xs_conn **cl = &c[(ctl & 3) % XH_CLIENTS];

		off += 3;
		n = min(n, size - off);
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
