/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xenstore xenhv keeps for the domains it hosts, answering each as
 * Xen 4.17.7's C xenstored does (tools/xenstore/), behind a narrow seam:
 * bytes of the wire protocol (struct xsd_sockmsg, docs/misc/xenstore.txt)
 * in, bytes out, per connection. The transport (a device file descriptor,
 * a shared ring page) is the caller's. Documentation/notes/
 * xenstored-xen417.txt has the rules, with their places in Xen.
 */
#ifndef _XENHV_XENSTORE_H
#define _XENHV_XENSTORE_H

#include <linux/types.h>
#include <xen/interface/xen.h>
#include <xen/interface/io/xs_wire.h>

/* Xen 4.17.7's default quotas (xenstored_core.c), for unprivileged domains. */
#define XENHV_XS_QUOTA_ENTRIES		1000	/* nodes a domain owns */
#define XENHV_XS_QUOTA_NODE_SIZE	2048	/* a node's record: header, perms, data, children */
#define XENHV_XS_QUOTA_WATCHES		128	/* watches per domain (one more fits) */
#define XENHV_XS_QUOTA_TRANSACTIONS	10	/* open transactions (one more fits) */
#define XENHV_XS_QUOTA_PERMS		5	/* permission entries per node */
#define XENHV_XS_QUOTA_PATH		2048	/* path length past a domain's home */
#define XENHV_XS_QUOTA_TRANS_NODES	1024	/* nodes one transaction touches */
#define XENHV_XS_QUOTA_MEMORY		(2560 * 1024)	/* bytes held for a domain */

/* Node permissions (tools/include/xenstore_lib.h). */
#define XENHV_XS_PERM_NONE		0
#define XENHV_XS_PERM_READ		1
#define XENHV_XS_PERM_WRITE		2
#define XENHV_XS_PERM_OWNER		8	/* internal: the owner's rights */
#define XENHV_XS_PERM_IGNORE		0x10	/* names no existing domain */

struct xenhv_xs_perm {
	u32 id;
	u32 perms;
};

struct xenhv_xs_store;
struct xenhv_xs_conn;

/* Called with the store's lock held when a connection has output to read. */
typedef void (*xenhv_xs_wake_fn)(void *priv);

struct xenhv_xs_store *xenhv_xs_store_new(void);
void xenhv_xs_store_free(struct xenhv_xs_store *s);

/* What the toolstack writes for a new domain (libxl's defaults). */
struct xenhv_xs_domain_info {
	domid_t domid;
	const char *name;
	const char *uuid;		/* "xxxxxxxx-xxxx-..." */
	unsigned long memory_kb;
	unsigned int vcpus;
};

int xenhv_xs_domain_introduce(struct xenhv_xs_store *s, const struct xenhv_xs_domain_info *di);
void xenhv_xs_domain_release(struct xenhv_xs_store *s, domid_t domid);
int xenhv_xs_init_dom0(struct xenhv_xs_store *s);

struct xenhv_xs_conn *xenhv_xs_conn_new(struct xenhv_xs_store *s, domid_t domid,
					xenhv_xs_wake_fn wake, void *priv);
void xenhv_xs_conn_free(struct xenhv_xs_conn *c);
ssize_t xenhv_xs_conn_write(struct xenhv_xs_conn *c, const void *buf, size_t len);
size_t xenhv_xs_conn_read(struct xenhv_xs_conn *c, void *buf, size_t len);
bool xenhv_xs_conn_readable(struct xenhv_xs_conn *c);
bool xenhv_xs_conn_writable(struct xenhv_xs_conn *c);
ssize_t xenhv_xs_read(struct xenhv_xs_store *s, const char *path, char *buf, size_t len);

/* What the store holds, for tests and the memory figures. */
struct xenhv_xs_stats {
	unsigned long nodes;		/* in the store and open transactions */
	unsigned long bytes;		/* all the store's allocations */
	unsigned int conns;
	unsigned int entries;		/* nodes the domain asked about owns */
	unsigned int watches;		/* of the domain asked about */
	unsigned int transactions;	/* of the domain asked about */
	unsigned long memory;		/* charged to the domain asked about */
};

void xenhv_xs_stats(struct xenhv_xs_store *s, domid_t domid, struct xenhv_xs_stats *st);

#endif /* _XENHV_XENSTORE_H */
