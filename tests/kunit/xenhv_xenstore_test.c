// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the xenstore, over its wire protocol, as Xen 4.17.7's xenstored
 * answers dom0 and a domU (Documentation/notes/xenstored-xen417.txt), and
 * over a domain's ring page as xenstored serves it.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "../../dom0/xenstore.h"
#include "../../dom0/xs_ring.h"

#define DOMU	1

/* A watch event that arrived before the reply a request waited for. */
struct xst_ev {
	struct xenhv_xs_conn *c;
	u32 len;
	char buf[512];
};

struct xst {
	struct xenhv_xs_store *s;
	struct xenhv_xs_conn *dom0, *domu;
	char *buf;		/* the last message's payload */
	u32 len, type, req_id, tx_id;
	struct xst_ev ev[8];
	unsigned int nev;
};

static int xst_init(struct kunit *test)
{
	const struct xenhv_xs_domain_info di = {
		.domid = DOMU, .name = "guest", .uuid = "00000000-0000-0000-0000-000000000001",
		.memory_kb = 1048576, .vcpus = 2,
	};
	struct xst *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->buf = kunit_kzalloc(test, XENSTORE_PAYLOAD_MAX + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->buf);
	t->s = xenhv_xs_store_new();
	KUNIT_ASSERT_NOT_NULL(test, t->s);
	KUNIT_ASSERT_EQ(test, xenhv_xs_domain_introduce(t->s, &di), 0);
	t->dom0 = xenhv_xs_conn_new(t->s, 0, NULL, NULL);
	t->domu = xenhv_xs_conn_new(t->s, DOMU, NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, t->dom0);
	KUNIT_ASSERT_NOT_NULL(test, t->domu);
	test->priv = t;
	return 0;
}

static void xst_exit(struct kunit *test)
{
	struct xst *t = test->priv;

	xenhv_xs_conn_free(t->dom0);
	xenhv_xs_conn_free(t->domu);
	xenhv_xs_store_free(t->s);
}

/* Take one whole message from @c into t->buf; false if none is queued. */
static bool xst_take(struct kunit *test, struct xenhv_xs_conn *c)
{
	struct xst *t = test->priv;
	struct xsd_sockmsg h;

	if (xenhv_xs_conn_read(c, &h, sizeof(h)) != sizeof(h))
		return false;
	KUNIT_ASSERT_LE(test, h.len, (u32)XENSTORE_PAYLOAD_MAX);
	KUNIT_ASSERT_EQ(test, xenhv_xs_conn_read(c, t->buf, h.len), (size_t)h.len);
	t->buf[h.len] = 0;
	t->len = h.len;
	t->type = h.type;
	t->req_id = h.req_id;
	t->tx_id = h.tx_id;
	return true;
}

/* Send one request (@len bytes of @payload) and take its reply. */
static u32 xst_req(struct kunit *test, struct xenhv_xs_conn *c, u32 type, u32 tx,
		   const void *payload, u32 len)
{
	struct xst *t = test->priv;
	struct xsd_sockmsg h = { .type = type, .req_id = 0x1234, .tx_id = tx, .len = len };
	u8 *m = kmalloc(sizeof(h) + len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	memcpy(m, &h, sizeof(h));
	memcpy(m + sizeof(h), payload, len);
	KUNIT_ASSERT_EQ(test, xenhv_xs_conn_write(c, m, sizeof(h) + len), (ssize_t)(sizeof(h) + len));
	kfree(m);
	/* Events the request fired may come first, as from xenstored: keep them. */
	for (;;) {
		KUNIT_ASSERT_TRUE(test, xst_take(test, c));
		if (t->type != XS_WATCH_EVENT)
			break;
		KUNIT_ASSERT_LT(test, t->nev, (unsigned int)ARRAY_SIZE(t->ev));
		KUNIT_ASSERT_LT(test, t->len, (u32)sizeof(t->ev[0].buf));
		t->ev[t->nev].c = c;
		t->ev[t->nev].len = t->len;
		memcpy(t->ev[t->nev].buf, t->buf, t->len);
		t->nev++;
	}
	KUNIT_EXPECT_EQ(test, t->req_id, 0x1234U);
	KUNIT_EXPECT_EQ(test, t->tx_id, tx);
	return t->type;
}

/* The next watch event for @c, kept or queued, into t->buf; false if none. */
static bool xst_event(struct kunit *test, struct xenhv_xs_conn *c)
{
	struct xst *t = test->priv;
	unsigned int i;

	for (i = 0; i < t->nev; i++) {
		if (t->ev[i].c != c)
			continue;
		t->len = t->ev[i].len;
		memcpy(t->buf, t->ev[i].buf, t->len);
		t->buf[t->len] = 0;
		t->type = XS_WATCH_EVENT;
		memmove(&t->ev[i], &t->ev[i + 1], (t->nev - i - 1) * sizeof(t->ev[0]));
		t->nev--;
		return true;
	}
	if (!xst_take(test, c))
		return false;
	KUNIT_EXPECT_EQ(test, t->type, (u32)XS_WATCH_EVENT);
	return true;
}

/* No watch event for @c, kept or queued. */
static bool xst_quiet(struct kunit *test, struct xenhv_xs_conn *c)
{
	struct xst *t = test->priv;
	unsigned int i;

	for (i = 0; i < t->nev; i++)
		if (t->ev[i].c == c)
			return false;
	return !xenhv_xs_conn_readable(c);
}

/* A request whose arguments are NUL-terminated strings ("a\0b\0" as "a", "b"). */
static u32 xst_strs(struct kunit *test, struct xenhv_xs_conn *c, u32 type, u32 tx,
		    const char *a, const char *b)
{
	char *p = kunit_kmalloc(test, XENSTORE_PAYLOAD_MAX + 2, GFP_KERNEL);
	u32 len = strlen(a) + 1;

	KUNIT_ASSERT_NOT_NULL(test, p);
	memcpy(p, a, len);
	if (b) {
		memcpy(p + len, b, strlen(b) + 1);
		len += strlen(b) + 1;
	}
	len = xst_req(test, c, type, tx, p, len);
	kunit_kfree(test, p);
	return len;
}

/* An error reply named @name? */
#define EXPECT_XS_ERR(test, type, name) do {					\
	struct xst *__t = (test)->priv;						\
	KUNIT_EXPECT_EQ(test, (type), (u32)XS_ERROR);				\
	KUNIT_EXPECT_STREQ(test, __t->buf, name);				\
} while (0)

#define EXPECT_XS_OK(test, type, want) do {					\
	struct xst *__t = (test)->priv;						\
	KUNIT_EXPECT_EQ(test, (type), (u32)(want));				\
	KUNIT_EXPECT_STREQ(test, __t->buf, "OK");				\
} while (0)

static u32 xst_write(struct kunit *test, struct xenhv_xs_conn *c, u32 tx, const char *path,
		     const char *val)
{
	char *p = kunit_kmalloc(test, XENSTORE_PAYLOAD_MAX + 2, GFP_KERNEL);
	u32 pl = strlen(path) + 1, vl = strlen(val), type;

	KUNIT_ASSERT_NOT_NULL(test, p);
	memcpy(p, path, pl);
	memcpy(p + pl, val, vl);
	type = xst_req(test, c, XS_WRITE, tx, p, pl + vl);
	kunit_kfree(test, p);
	return type;
}

static u32 xst_read(struct kunit *test, struct xenhv_xs_conn *c, u32 tx, const char *path)
{
	return xst_strs(test, c, XS_READ, tx, path, NULL);
}

static void xenhv_xs_write_read_directory(struct kunit *test)
{
	struct xst *t = test->priv;

	EXPECT_XS_OK(test, xst_write(test, t->dom0, 0, "/a/b", "hello"), XS_WRITE);
	KUNIT_EXPECT_EQ(test, xst_read(test, t->dom0, 0, "/a/b"), (u32)XS_READ);
	KUNIT_EXPECT_EQ(test, t->len, 5U);
	KUNIT_EXPECT_STREQ(test, t->buf, "hello");
	/* The parent was made on the way, empty. */
	KUNIT_EXPECT_EQ(test, xst_read(test, t->dom0, 0, "/a"), (u32)XS_READ);
	KUNIT_EXPECT_EQ(test, t->len, 0U);
	/* Children in creation order, each NUL-terminated. */
	xst_write(test, t->dom0, 0, "/a/zz", "");
	xst_write(test, t->dom0, 0, "/a/aa", "");
	KUNIT_EXPECT_EQ(test, xst_strs(test, t->dom0, XS_DIRECTORY, 0, "/a", NULL),
			(u32)XS_DIRECTORY);
	KUNIT_EXPECT_EQ(test, t->len, 8U);
	KUNIT_EXPECT_EQ(test, memcmp(t->buf, "b\0zz\0aa\0", 8), 0);
	/* A value may hold NULs; it is returned as written. */
	KUNIT_EXPECT_EQ(test, xst_req(test, t->dom0, XS_WRITE, 0, "/v\0x\0y", 6), (u32)XS_WRITE);
	xst_read(test, t->dom0, 0, "/v");
	KUNIT_EXPECT_EQ(test, t->len, 3U);
	KUNIT_EXPECT_EQ(test, memcmp(t->buf, "x\0y", 3), 0);
}

static void xenhv_xs_domu_home_and_hide_rule(struct kunit *test)
{
	struct xst *t = test->priv;

	/* libxl's nodes: the home is "n0 r1", readable. */
	KUNIT_EXPECT_EQ(test, xst_read(test, t->domu, 0, "domid"), (u32)XS_READ);
	KUNIT_EXPECT_STREQ(test, t->buf, "1");
	KUNIT_EXPECT_EQ(test, xst_read(test, t->domu, 0, "/local/domain/1/name"), (u32)XS_READ);
	KUNIT_EXPECT_STREQ(test, t->buf, "guest");
	/* Missing below a readable node: ENOENT; below "/" (n0): EACCES. */
	EXPECT_XS_ERR(test, xst_read(test, t->domu, 0, "nope"), "ENOENT");
	EXPECT_XS_ERR(test, xst_read(test, t->domu, 0, "/nonexistent"), "EACCES");
	/* The home is not writable, data/ is the domain's. */
	EXPECT_XS_ERR(test, xst_write(test, t->domu, 0, "newkey", "x"), "EACCES");
	EXPECT_XS_OK(test, xst_write(test, t->domu, 0, "data/x/y", "1"), XS_WRITE);
	KUNIT_EXPECT_EQ(test, xst_strs(test, t->domu, XS_GET_PERMS, 0, "data/x", NULL),
			(u32)XS_GET_PERMS);
	KUNIT_EXPECT_EQ(test, t->len, 3U);
	KUNIT_EXPECT_STREQ(test, t->buf, "n1");
	/* Another domain's home: existence hidden. */
	EXPECT_XS_ERR(test, xst_read(test, t->domu, 0, "/local/domain/0/x"), "EACCES");
	EXPECT_XS_ERR(test, xst_read(test, t->domu, 0, "/tool/xenstored"), "EACCES");
	/* dom0 reads everything. */
	KUNIT_EXPECT_EQ(test, xst_read(test, t->dom0, 0, "/local/domain/1/data/x/y"),
			(u32)XS_READ);
}

static void xenhv_xs_privileged_and_unknown_ops(struct kunit *test)
{
	struct xst *t = test->priv;
	static const u32 priv[] = { XS_CONTROL, XS_INTRODUCE, XS_RELEASE,
				    XS_IS_DOMAIN_INTRODUCED, XS_RESUME, XS_SET_TARGET };
	unsigned int i;

	/* Refused before the transaction or the payload is looked at. */
	for (i = 0; i < ARRAY_SIZE(priv); i++)
		EXPECT_XS_ERR(test, xst_req(test, t->domu, priv[i], 77, "x", 1), "EACCES");
	EXPECT_XS_ERR(test, xst_req(test, t->domu, 20, 0, "", 0), "ENOSYS");
	EXPECT_XS_ERR(test, xst_req(test, t->domu, XS_WATCH_EVENT, 0, "", 0), "ENOSYS");
	EXPECT_XS_ERR(test, xst_req(test, t->domu, XS_ERROR, 0, "", 0), "ENOSYS");
	EXPECT_XS_ERR(test, xst_req(test, t->domu, 1000, 0, "", 0), "ENOSYS");
	/* dom0 may ask whether a domain is introduced. */
	KUNIT_EXPECT_EQ(test, xst_strs(test, t->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "1", NULL),
			(u32)XS_IS_DOMAIN_INTRODUCED);
	KUNIT_EXPECT_STREQ(test, t->buf, "T");
	xst_strs(test, t->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "9", NULL);
	KUNIT_EXPECT_STREQ(test, t->buf, "F");
	/* Any domain's path, no existence check, atoi() of the argument. */
	KUNIT_EXPECT_EQ(test, xst_strs(test, t->domu, XS_GET_DOMAIN_PATH, 0, "5", NULL),
			(u32)XS_GET_DOMAIN_PATH);
	KUNIT_EXPECT_STREQ(test, t->buf, "/local/domain/5");
	xst_strs(test, t->domu, XS_GET_DOMAIN_PATH, 0, "abc", NULL);
	KUNIT_EXPECT_STREQ(test, t->buf, "/local/domain/0");
}

static void xenhv_xs_malformed_requests(struct kunit *test)
{
	struct xst *t = test->priv;
	char *big = kunit_kmalloc(test, 2100, GFP_KERNEL);
	struct xsd_sockmsg h = { .type = XS_READ, .len = XENSTORE_PAYLOAD_MAX + 1 };

	KUNIT_ASSERT_NOT_NULL(test, big);
	EXPECT_XS_ERR(test, xst_req(test, t->dom0, XS_READ, 0, "/a", 2), "EINVAL");
	EXPECT_XS_ERR(test, xst_req(test, t->dom0, XS_READ, 0, "/a\0/b", 6), "EINVAL");
	EXPECT_XS_ERR(test, xst_req(test, t->dom0, XS_READ, 0, "", 0), "EINVAL");
	EXPECT_XS_ERR(test, xst_strs(test, t->dom0, XS_WATCH, 0, "/a", NULL), "EINVAL");
	EXPECT_XS_ERR(test, xst_strs(test, t->dom0, XS_WRITE, 0, "/a//b", NULL), "EINVAL");
	EXPECT_XS_ERR(test, xst_strs(test, t->dom0, XS_WRITE, 0, "/a/", NULL), "EINVAL");
	EXPECT_XS_ERR(test, xst_strs(test, t->dom0, XS_WRITE, 0, "/a b", NULL), "EINVAL");
	EXPECT_XS_ERR(test, xst_strs(test, t->domu, XS_WRITE, 0, "", NULL), "EINVAL");
	EXPECT_XS_ERR(test, xst_strs(test, t->dom0, XS_READ, 0, "@introduceDomain", NULL),
		      "EINVAL");
	/* 2048 bytes past a domain's home, or in all elsewhere. */
	memset(big, 'a', 2100);
	big[0] = '/';
	big[2049] = 0;
	EXPECT_XS_ERR(test, xst_strs(test, t->dom0, XS_WRITE, 0, big, NULL), "EINVAL");
	big[2048] = 0;
	EXPECT_XS_OK(test, xst_strs(test, t->dom0, XS_WRITE, 0, big, NULL), XS_WRITE);
	EXPECT_XS_ERR(test, xst_strs(test, t->dom0, XS_TRANSACTION_END, 0, "X", NULL), "EINVAL");
	EXPECT_XS_ERR(test, xst_strs(test, t->dom0, XS_TRANSACTION_END, 0, "T", NULL), "ENOENT");
	EXPECT_XS_ERR(test, xst_strs(test, t->dom0, XS_READ, 42, "/a", NULL), "ENOENT");
	/* Past the payload limit: the message is refused, and the next one works. */
	KUNIT_EXPECT_EQ(test, xenhv_xs_conn_write(t->dom0, &h, sizeof(h)), (ssize_t)-E2BIG);
	KUNIT_EXPECT_TRUE(test, xst_quiet(test, t->dom0));
	EXPECT_XS_OK(test, xst_write(test, t->dom0, 0, "/ok", "1"), XS_WRITE);
}

static void xenhv_xs_byte_at_a_time(struct kunit *test)
{
	struct xst *t = test->priv;
	struct xsd_sockmsg h = { .type = XS_WRITE, .req_id = 9, .len = 7 };
	u8 m[sizeof(h) + 7];
	unsigned int i;

	memcpy(m, &h, sizeof(h));
	memcpy(m + sizeof(h), "/q\0abcd", 7);
	for (i = 0; i < sizeof(m); i++) {
		KUNIT_EXPECT_FALSE(test, xenhv_xs_conn_readable(t->dom0));
		KUNIT_ASSERT_EQ(test, xenhv_xs_conn_write(t->dom0, m + i, 1), (ssize_t)1);
	}
	KUNIT_ASSERT_TRUE(test, xst_take(test, t->dom0));
	KUNIT_EXPECT_EQ(test, t->type, (u32)XS_WRITE);
	KUNIT_EXPECT_EQ(test, t->req_id, 9U);
	xst_read(test, t->dom0, 0, "/q");
	KUNIT_EXPECT_STREQ(test, t->buf, "abcd");
}

static void xenhv_xs_watches(struct kunit *test)
{
	struct xst *t = test->priv;

	/* OK, then one event at once with the path as given. */
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_WATCH, 0, "data", "tok"), XS_WATCH);
	KUNIT_ASSERT_TRUE(test, xst_event(test, t->domu));
	KUNIT_EXPECT_EQ(test, t->type, (u32)XS_WATCH_EVENT);
	KUNIT_EXPECT_EQ(test, memcmp(t->buf, "data\0tok\0", 9), 0);
	EXPECT_XS_ERR(test, xst_strs(test, t->domu, XS_WATCH, 0, "data", "tok"), "EEXIST");
	/* A change below it, by anyone, reported relative to the home. */
	xst_write(test, t->dom0, 0, "/local/domain/1/data/k", "v");
	KUNIT_ASSERT_TRUE(test, xst_event(test, t->domu));
	KUNIT_EXPECT_EQ(test, t->type, (u32)XS_WATCH_EVENT);
	KUNIT_EXPECT_EQ(test, memcmp(t->buf, "data/k\0tok\0", 11), 0);
	/* The same event still unread is not queued twice. */
	xst_write(test, t->dom0, 0, "/local/domain/1/data/k", "w");
	xst_write(test, t->dom0, 0, "/local/domain/1/data/k", "w");
	KUNIT_ASSERT_TRUE(test, xst_event(test, t->domu));
	KUNIT_EXPECT_EQ(test, t->type, (u32)XS_WATCH_EVENT);
	KUNIT_EXPECT_TRUE(test, xst_quiet(test, t->domu));
	/* Removal: the watch on the removed node's parent fires. */
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_RM, 0, "data/k", NULL), XS_RM);
	KUNIT_ASSERT_TRUE(test, xst_event(test, t->domu));
	KUNIT_EXPECT_EQ(test, memcmp(t->buf, "data/k\0tok\0", 11), 0);
	/* Nodes the domain cannot read fire nothing for it. */
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_WATCH, 0, "/", "root"), XS_WATCH);
	KUNIT_ASSERT_TRUE(test, xst_event(test, t->domu));
	xst_write(test, t->dom0, 0, "/secret/x", "1");
	KUNIT_EXPECT_TRUE(test, xst_quiet(test, t->domu));
	/* Special watches: dom0 hears of a domain's arrival, a domU does not. */
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_WATCH, 0, "@introduceDomain", "i"),
		     XS_WATCH);
	KUNIT_ASSERT_TRUE(test, xst_event(test, t->domu));
	xst_strs(test, t->dom0, XS_WATCH, 0, "@introduceDomain", "i");
	KUNIT_ASSERT_TRUE(test, xst_event(test, t->dom0));
	{
		const struct xenhv_xs_domain_info di = {
			.domid = 7, .name = "other", .uuid = "u", .memory_kb = 1, .vcpus = 1,
		};

		KUNIT_ASSERT_EQ(test, xenhv_xs_domain_introduce(t->s, &di), 0);
	}
	KUNIT_ASSERT_TRUE(test, xst_event(test, t->dom0));
	KUNIT_EXPECT_EQ(test, memcmp(t->buf, "@introduceDomain\0i\0", 19), 0);
	KUNIT_EXPECT_TRUE(test, xst_quiet(test, t->domu));
	/* Unwatch: relative and absolute spellings match; unknown is ENOENT. */
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_UNWATCH, 0, "/local/domain/1/data", "tok"),
		     XS_UNWATCH);
	EXPECT_XS_ERR(test, xst_strs(test, t->domu, XS_UNWATCH, 0, "data", "tok"), "ENOENT");
}

static void xenhv_xs_watch_quota(struct kunit *test)
{
	struct xst *t = test->priv;
	struct xenhv_xs_stats st;
	char tok[16];
	unsigned int i;

	/* One more than quota_nb_watch_per_domain fits (nbwatch > 128 is refused). */
	for (i = 0; i <= XENHV_XS_QUOTA_WATCHES; i++) {
		snprintf(tok, sizeof(tok), "%u", i);
		EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_WATCH, 0, "data", tok), XS_WATCH);
		KUNIT_ASSERT_TRUE(test, xst_event(test, t->domu));
	}
	EXPECT_XS_ERR(test, xst_strs(test, t->domu, XS_WATCH, 0, "data", "last"), "E2BIG");
	xenhv_xs_stats(t->s, DOMU, &st);
	KUNIT_EXPECT_EQ(test, st.watches, XENHV_XS_QUOTA_WATCHES + 1);
	/* dom0 has no quota. */
	for (i = 0; i < 200; i++) {
		snprintf(tok, sizeof(tok), "%u", i);
		EXPECT_XS_OK(test, xst_strs(test, t->dom0, XS_WATCH, 0, "/x", tok), XS_WATCH);
		KUNIT_ASSERT_TRUE(test, xst_event(test, t->dom0));
	}
	/* RESET_WATCHES drops them all. */
	EXPECT_XS_OK(test, xst_req(test, t->domu, XS_RESET_WATCHES, 0, "", 0), XS_RESET_WATCHES);
	xenhv_xs_stats(t->s, DOMU, &st);
	KUNIT_EXPECT_EQ(test, st.watches, 0U);
}

static u32 xst_tx_start(struct kunit *test, struct xenhv_xs_conn *c)
{
	struct xst *t = test->priv;
	unsigned long id;

	KUNIT_EXPECT_EQ(test, xst_req(test, c, XS_TRANSACTION_START, 0, "", 1),
			(u32)XS_TRANSACTION_START);
	KUNIT_EXPECT_EQ(test, kstrtoul(t->buf, 10, &id), 0);
	return id;
}

static void xenhv_xs_transactions(struct kunit *test)
{
	struct xst *t = test->priv;
	u32 tx;

	tx = xst_tx_start(test, t->domu);
	KUNIT_EXPECT_EQ(test, tx, 1U);
	EXPECT_XS_ERR(test, xst_req(test, t->domu, XS_TRANSACTION_START, tx, "", 1), "EBUSY");
	EXPECT_XS_OK(test, xst_write(test, t->domu, tx, "data/t", "in"), XS_WRITE);
	/* Invisible outside until commit. */
	EXPECT_XS_ERR(test, xst_read(test, t->domu, 0, "data/t"), "ENOENT");
	KUNIT_EXPECT_EQ(test, xst_read(test, t->domu, tx, "data/t"), (u32)XS_READ);
	KUNIT_EXPECT_STREQ(test, t->buf, "in");
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_TRANSACTION_END, tx, "T", NULL),
		     XS_TRANSACTION_END);
	KUNIT_EXPECT_EQ(test, xst_read(test, t->domu, 0, "data/t"), (u32)XS_READ);
	KUNIT_EXPECT_STREQ(test, t->buf, "in");
	/* The id is gone after the end. */
	EXPECT_XS_ERR(test, xst_read(test, t->domu, tx, "data/t"), "ENOENT");

	/* Read in the transaction, changed outside: EAGAIN, nothing applied. */
	tx = xst_tx_start(test, t->domu);
	xst_read(test, t->domu, tx, "data/t");
	xst_write(test, t->domu, tx, "data/u", "tx");
	xst_write(test, t->dom0, 0, "/local/domain/1/data/t", "outside");
	EXPECT_XS_ERR(test, xst_strs(test, t->domu, XS_TRANSACTION_END, tx, "T", NULL), "EAGAIN");
	EXPECT_XS_ERR(test, xst_read(test, t->domu, 0, "data/u"), "ENOENT");
	/* A change elsewhere does not conflict. */
	tx = xst_tx_start(test, t->domu);
	xst_read(test, t->domu, tx, "data/t");
	xst_write(test, t->domu, tx, "data/u", "tx");
	xst_write(test, t->dom0, 0, "/elsewhere", "x");
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_TRANSACTION_END, tx, "T", NULL),
		     XS_TRANSACTION_END);
	KUNIT_EXPECT_EQ(test, xst_read(test, t->domu, 0, "data/u"), (u32)XS_READ);
	/* "F" drops the changes. */
	tx = xst_tx_start(test, t->domu);
	xst_strs(test, t->domu, XS_RM, tx, "data/u", NULL);
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_TRANSACTION_END, tx, "F", NULL),
		     XS_TRANSACTION_END);
	KUNIT_EXPECT_EQ(test, xst_read(test, t->domu, 0, "data/u"), (u32)XS_READ);
}

static void xenhv_xs_transaction_watches_at_commit(struct kunit *test)
{
	struct xst *t = test->priv;
	u32 tx;

	xst_strs(test, t->dom0, XS_WATCH, 0, "/local/domain/1/data", "w");
	KUNIT_ASSERT_TRUE(test, xst_event(test, t->dom0));
	tx = xst_tx_start(test, t->domu);
	xst_write(test, t->domu, tx, "data/a", "1");
	KUNIT_EXPECT_TRUE(test, xst_quiet(test, t->dom0));
	xst_strs(test, t->domu, XS_TRANSACTION_END, tx, "T", NULL);
	KUNIT_ASSERT_TRUE(test, xst_event(test, t->dom0));
	KUNIT_EXPECT_EQ(test, memcmp(t->buf, "/local/domain/1/data/a\0w\0", 25), 0);
}

static void xenhv_xs_transaction_quota(struct kunit *test)
{
	struct xst *t = test->priv;
	unsigned int i;

	/* 11 open transactions fit (started > 10 is refused). */
	for (i = 0; i <= XENHV_XS_QUOTA_TRANSACTIONS; i++)
		KUNIT_EXPECT_EQ(test, xst_tx_start(test, t->domu), i + 1);
	EXPECT_XS_ERR(test, xst_req(test, t->domu, XS_TRANSACTION_START, 0, "", 1), "ENOSPC");
}

static void xenhv_xs_entry_and_size_quotas(struct kunit *test)
{
	struct xst *t = test->priv;
	struct xenhv_xs_stats st;
	char path[32], *val;
	unsigned int i, have;

	/* Record: 24 + 8 per permission + value; data/ nodes have one permission. */
	val = kunit_kzalloc(test, 2100, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, val);
	memset(val, 'v', 2015);
	EXPECT_XS_OK(test, xst_write(test, t->domu, 0, "data/big", val), XS_WRITE);
	val[2015] = 'v';
	EXPECT_XS_ERR(test, xst_write(test, t->domu, 0, "data/big", val), "ENOSPC");
	EXPECT_XS_ERR(test, xst_write(test, t->domu, 0, "data/big2", val), "ENOSPC");
	EXPECT_XS_ERR(test, xst_read(test, t->domu, 0, "data/big2"), "ENOENT");
	/* dom0 writes what it likes. */
	EXPECT_XS_OK(test, xst_write(test, t->dom0, 0, "/local/domain/1/data/big", val), XS_WRITE);
	/* A directory's record holds its children's names: it fills up too. */
	for (i = 0; i < 500; i++) {
		snprintf(path, sizeof(path), "data/dir/entry-%u", i);
		if (xst_write(test, t->domu, 0, path, "") != XS_WRITE)
			break;
	}
	EXPECT_XS_ERR(test, XS_ERROR, "ENOSPC");
	/* 24 + 8 + about 9.8 bytes a name: about 206 children fit. */
	KUNIT_EXPECT_GT(test, i, 190U);
	KUNIT_EXPECT_LT(test, i, 220U);
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_RM, 0, "data/dir", NULL), XS_RM);
	/* Nodes it owns: the toolstack's ones included; up to 1000. */
	for (i = 0; i < 10; i++) {
		snprintf(path, sizeof(path), "data/d%u", i);
		EXPECT_XS_OK(test, xst_write(test, t->domu, 0, path, ""), XS_WRITE);
	}
	xenhv_xs_stats(t->s, DOMU, &st);
	have = st.entries;
	KUNIT_EXPECT_GT(test, have, 20U);
	for (i = have; i < XENHV_XS_QUOTA_ENTRIES; i++) {
		snprintf(path, sizeof(path), "data/d%u/n%u", i % 10, i);
		EXPECT_XS_OK(test, xst_write(test, t->domu, 0, path, ""), XS_WRITE);
	}
	EXPECT_XS_ERR(test, xst_write(test, t->domu, 0, "data/one-more", ""), "ENOSPC");
	/* All or nothing: no parent left behind. */
	EXPECT_XS_ERR(test, xst_write(test, t->domu, 0, "data/p/q", ""), "ENOSPC");
	EXPECT_XS_ERR(test, xst_read(test, t->domu, 0, "data/p"), "ENOENT");
	xenhv_xs_stats(t->s, DOMU, &st);
	KUNIT_EXPECT_EQ(test, st.entries, XENHV_XS_QUOTA_ENTRIES);
	KUNIT_EXPECT_LE(test, st.memory, (unsigned long)XENHV_XS_QUOTA_MEMORY);
	/* Removing gives the count back. */
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_RM, 0, "data/d9/n999", NULL), XS_RM);
	EXPECT_XS_OK(test, xst_write(test, t->domu, 0, "data/one-more", ""), XS_WRITE);
}

static void xenhv_xs_set_perms(struct kunit *test)
{
	struct xst *t = test->priv;
	static const char six[] = "data/p\0n1\0r0\0r2\0r3\0r4\0r5";

	xst_write(test, t->domu, 0, "data/p", "x");
	/* The owner may change the default and the list. */
	EXPECT_XS_OK(test, xst_req(test, t->domu, XS_SET_PERMS, 0, "data/p\0r1\0b0", 13),
		     XS_SET_PERMS);
	xst_strs(test, t->domu, XS_GET_PERMS, 0, "data/p", NULL);
	KUNIT_EXPECT_EQ(test, t->len, 6U);
	KUNIT_EXPECT_EQ(test, memcmp(t->buf, "r1\0b0\0", 6), 0);
	/* Not the owner. */
	EXPECT_XS_ERR(test, xst_req(test, t->domu, XS_SET_PERMS, 0, "data/p\0n0", 10), "EPERM");
	/* More than five entries. */
	EXPECT_XS_ERR(test, xst_req(test, t->domu, XS_SET_PERMS, 0, six, sizeof(six)), "ENOSPC");
	/* A bad letter or domid. */
	EXPECT_XS_ERR(test, xst_req(test, t->domu, XS_SET_PERMS, 0, "data/p\0x1", 10), "EINVAL");
	EXPECT_XS_ERR(test, xst_req(test, t->domu, XS_SET_PERMS, 0, "data/p\0r", 9), "EINVAL");
	/* An owner that is no domain. */
	EXPECT_XS_ERR(test, xst_req(test, t->dom0, XS_SET_PERMS, 0, "/x\0n99", 7), "ENOENT");
	/* A node it does not own and may not write: EACCES. */
	EXPECT_XS_ERR(test, xst_req(test, t->domu, XS_SET_PERMS, 0, "domid\0r1", 9), "EACCES");
	/* Special nodes are dom0's to open. */
	EXPECT_XS_ERR(test, xst_req(test, t->domu, XS_SET_PERMS, 0, "@releaseDomain\0r1", 18),
		      "EACCES");
	EXPECT_XS_OK(test, xst_req(test, t->dom0, XS_SET_PERMS, 0, "@releaseDomain\0n0\0r1", 21),
		     XS_SET_PERMS);
	xst_strs(test, t->domu, XS_WATCH, 0, "@releaseDomain", "r");
	KUNIT_ASSERT_TRUE(test, xst_event(test, t->domu));
	xenhv_xs_domain_release(t->s, 9);
	KUNIT_ASSERT_TRUE(test, xst_event(test, t->domu));
	KUNIT_EXPECT_EQ(test, memcmp(t->buf, "@releaseDomain\0r\0", 17), 0);
}

static void xenhv_xs_rm_and_mkdir(struct kunit *test)
{
	struct xst *t = test->priv;

	/* Missing node under an existing parent: fine; under a missing one: ENOENT. */
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_RM, 0, "data/none", NULL), XS_RM);
	EXPECT_XS_ERR(test, xst_strs(test, t->domu, XS_RM, 0, "data/none/deeper", NULL), "ENOENT");
	EXPECT_XS_ERR(test, xst_strs(test, t->domu, XS_RM, 0, "/", NULL), "EACCES");
	EXPECT_XS_ERR(test, xst_strs(test, t->dom0, XS_RM, 0, "/", NULL), "EINVAL");
	/* A subtree goes whole. */
	xst_write(test, t->domu, 0, "data/d/e/f", "1");
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_RM, 0, "data/d", NULL), XS_RM);
	EXPECT_XS_ERR(test, xst_read(test, t->domu, 0, "data/d/e"), "ENOENT");
	/* mkdir of an existing node: OK, value kept. */
	xst_write(test, t->domu, 0, "data/m", "keep");
	EXPECT_XS_OK(test, xst_strs(test, t->domu, XS_MKDIR, 0, "data/m", NULL), XS_MKDIR);
	xst_read(test, t->domu, 0, "data/m");
	KUNIT_EXPECT_STREQ(test, t->buf, "keep");
	EXPECT_XS_ERR(test, xst_strs(test, t->domu, XS_MKDIR, 0, "domid", NULL), "EACCES");
}

static void xenhv_xs_directory_part(struct kunit *test)
{
	struct xst *t = test->priv;
	char gen[24];
	size_t g;

	xst_write(test, t->dom0, 0, "/d/one", "");
	xst_write(test, t->dom0, 0, "/d/two", "");
	KUNIT_EXPECT_EQ(test, xst_strs(test, t->dom0, XS_DIRECTORY_PART, 0, "/d", "0"),
			(u32)XS_DIRECTORY_PART);
	g = strlen(t->buf) + 1;
	strscpy(gen, t->buf, sizeof(gen));
	KUNIT_EXPECT_GT(test, g, 1UL);
	/* generation, names, and an empty name where the list ends */
	KUNIT_EXPECT_EQ(test, t->len, (u32)(g + 9));
	KUNIT_EXPECT_EQ(test, memcmp(t->buf + g, "one\0two\0\0", 9), 0);
	/* A byte offset: from "two". */
	xst_strs(test, t->dom0, XS_DIRECTORY_PART, 0, "/d", "4");
	KUNIT_EXPECT_EQ(test, memcmp(t->buf + g, "two\0\0", 5), 0);
	/* Past the end: the generation and the end mark. */
	xst_strs(test, t->dom0, XS_DIRECTORY_PART, 0, "/d", "100");
	KUNIT_EXPECT_EQ(test, t->len, (u32)(g + 1));
	/* The generation moves when the children change. */
	xst_write(test, t->dom0, 0, "/d/three", "");
	xst_strs(test, t->dom0, XS_DIRECTORY_PART, 0, "/d", "0");
	KUNIT_EXPECT_STRNEQ(test, t->buf, gen);
	EXPECT_XS_ERR(test, xst_strs(test, t->dom0, XS_DIRECTORY_PART, 0, "/d", NULL), "EINVAL");
}

static void xenhv_xs_close_releases_everything(struct kunit *test)
{
	struct xst *t = test->priv;
	struct xenhv_xs_stats before, after;
	struct xenhv_xs_conn *c;
	u32 tx;

	xenhv_xs_stats(t->s, DOMU, &before);
	c = xenhv_xs_conn_new(t->s, DOMU, NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	xst_strs(test, c, XS_WATCH, 0, "data", "t");
	tx = xst_tx_start(test, c);
	xst_write(test, c, tx, "data/x", "y");
	/* Unread output too. */
	xst_write(test, c, tx, "data/z", "y");
	xst_strs(test, c, XS_WATCH, 0, "data/q", "t");
	xenhv_xs_conn_free(c);
	xenhv_xs_stats(t->s, DOMU, &after);
	KUNIT_EXPECT_EQ(test, after.watches, before.watches);
	KUNIT_EXPECT_EQ(test, after.transactions, before.transactions);
	KUNIT_EXPECT_EQ(test, after.memory, before.memory);
	KUNIT_EXPECT_EQ(test, after.nodes, before.nodes);
	KUNIT_EXPECT_EQ(test, after.bytes, before.bytes);
	KUNIT_EXPECT_EQ(test, after.conns, before.conns);
}

static void xenhv_xs_unread_replies_hold_requests(struct kunit *test)
{
	struct xst *t = test->priv;
	struct xsd_sockmsg h = { .type = XS_READ, .len = 7 };
	u8 m[sizeof(h) + 7];
	unsigned int i;

	memcpy(m, &h, sizeof(h));
	memcpy(m + sizeof(h), "domid", 6);
	m[sizeof(h) + 6] = 0;
	for (i = 0; i < 20; i++)
		KUNIT_ASSERT_EQ(test, xenhv_xs_conn_write(t->domu, m, sizeof(m)), (ssize_t)sizeof(m));
	/* The 21st waits until a reply is read. */
	KUNIT_EXPECT_EQ(test, xenhv_xs_conn_write(t->domu, m, sizeof(m)), (ssize_t)0);
	KUNIT_ASSERT_TRUE(test, xst_take(test, t->domu));
	KUNIT_EXPECT_EQ(test, xenhv_xs_conn_write(t->domu, m, sizeof(m)), (ssize_t)sizeof(m));
}

/*
 * The toolstack's own read (privcmd's "target"): no permission check, the
 * value NUL-terminated, -ENOENT for no node, -E2BIG when it cannot fit;
 * and dom0's nodes as xen-init-dom0 writes them.
 */
static void xenhv_xs_toolstack_read(struct kunit *test)
{
	struct xst *t = test->priv;
	char v[8];

	EXPECT_XS_OK(test, xst_write(test, t->dom0, 0, "/local/domain/1/target",
				     "12"), XS_WRITE);
	KUNIT_EXPECT_EQ(test, xenhv_xs_read(t->s, "/local/domain/1/target",
					    v, sizeof(v)), 2L);
	KUNIT_EXPECT_STREQ(test, v, "12");
	/* dom0's own node: a domU could not read it, the toolstack can. */
	EXPECT_XS_OK(test, xst_write(test, t->dom0, 0, "/secret", "1234567"), XS_WRITE);
	KUNIT_EXPECT_EQ(test, xenhv_xs_read(t->s, "/secret", v, sizeof(v)), 7L);
	KUNIT_EXPECT_STREQ(test, v, "1234567");
	EXPECT_XS_OK(test, xst_write(test, t->dom0, 0, "/secret", "12345678"), XS_WRITE);
	KUNIT_EXPECT_EQ(test, xenhv_xs_read(t->s, "/secret", v, sizeof(v)), (long)-E2BIG);
	KUNIT_EXPECT_EQ(test, xenhv_xs_read(t->s, "/nothing/here", v, sizeof(v)),
			(long)-ENOENT);
	/* xen-init-dom0's nodes: dom0's own, hidden from a domU. */
	KUNIT_ASSERT_EQ(test, xenhv_xs_init_dom0(t->s), 0);
	KUNIT_EXPECT_EQ(test, xst_read(test, t->dom0, 0, "/local/domain/0/name"), (u32)XS_READ);
	KUNIT_EXPECT_STREQ(test, t->buf, "Domain-0");
	KUNIT_EXPECT_EQ(test, xenhv_xs_read(t->s, "/local/domain/0/domid", v, sizeof(v)), 1L);
	KUNIT_EXPECT_STREQ(test, v, "0");
	KUNIT_EXPECT_EQ(test, xst_read(test, t->domu, 0, "/local/domain/0/name"), (u32)XS_ERROR);
	KUNIT_EXPECT_STREQ(test, t->buf, "EACCES");
}

/* ---- the ring page ---- */

/* The guest's side of the page: @len bytes of requests in at req_prod. */
static void xsr_put(struct xenstore_domain_interface *intf, const void *p, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		intf->req[MASK_XENSTORE_IDX(intf->req_prod + i)] = ((const u8 *)p)[i];
	intf->req_prod += len;
}

/* Up to @len bytes of replies out from rsp_cons. */
static u32 xsr_get(struct xenstore_domain_interface *intf, void *p, u32 len)
{
	u32 i, n = min(len, intf->rsp_prod - intf->rsp_cons);

	for (i = 0; i < n; i++)
		((u8 *)p)[i] = intf->rsp[MASK_XENSTORE_IDX(intf->rsp_cons + i)];
	intf->rsp_cons += n;
	return n;
}

/* A READ of @path as a whole message into @m; its length. */
static u32 xsr_read_msg(u8 *m, const char *path, u32 req_id)
{
	struct xsd_sockmsg h = { .type = XS_READ, .req_id = req_id, .len = strlen(path) + 1 };

	memcpy(m, &h, sizeof(h));
	memcpy(m + sizeof(h), path, h.len);
	return sizeof(h) + h.len;
}

struct xsr {
	struct xenstore_domain_interface *intf;
	struct xenhv_xs_ring *r;
};

static void xsr_new(struct kunit *test, struct xsr *x, domid_t domid)
{
	struct xst *t = test->priv;
	struct xenhv_xs_conn *c = xenhv_xs_conn_new(t->s, domid, NULL, NULL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	x->intf = kunit_kzalloc(test, sizeof(*x->intf), GFP_KERNEL);
	x->r = kunit_kzalloc(test, sizeof(*x->r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x->intf);
	KUNIT_ASSERT_NOT_NULL(test, x->r);
	xenhv_xs_ring_init(x->r, x->intf, c);
}

/*
 * Requests and replies through the page, across the wrap of both rings,
 * in pieces as a guest writes them; a reply that does not fit waits for
 * room, and nothing moves without a reason to signal.
 */
static void xenhv_xs_ring_requests_and_replies(struct kunit *test)
{
	struct xsr x;
	struct xsd_sockmsg h;
	u8 m[64], out[128];
	u32 len, i, got;

	xsr_new(test, &x, DOMU);
	KUNIT_EXPECT_FALSE(test, xenhv_xs_ring_pump(x.r));
	/* Start both rings 10 bytes before their end. */
	x.intf->req_cons = 0xfffffff6U;
	x.intf->req_prod = 0xfffffff6U;
	x.intf->rsp_cons = 0xfffffff6U;
	x.intf->rsp_prod = 0xfffffff6U;
	for (i = 0; i < 3; i++) {
		len = xsr_read_msg(m, "domid", 7 + i);
		xsr_put(x.intf, m, 5);		/* half a header: nothing to answer */
		KUNIT_EXPECT_TRUE(test, xenhv_xs_ring_pump(x.r));
		KUNIT_EXPECT_EQ(test, x.intf->req_cons, x.intf->req_prod);
		KUNIT_EXPECT_EQ(test, x.intf->rsp_prod, x.intf->rsp_cons);
		xsr_put(x.intf, m + 5, len - 5);
		KUNIT_EXPECT_TRUE(test, xenhv_xs_ring_pump(x.r));
		got = xsr_get(x.intf, out, sizeof(out));
		KUNIT_ASSERT_EQ(test, got, (u32)sizeof(h) + 1);	/* "1", no NUL */
		memcpy(&h, out, sizeof(h));
		KUNIT_EXPECT_EQ(test, h.type, (u32)XS_READ);
		KUNIT_EXPECT_EQ(test, h.req_id, 7 + i);
		KUNIT_EXPECT_EQ(test, out[sizeof(h)], '1');
	}
	KUNIT_EXPECT_EQ(test, x.intf->error, 0U);
	/* A full reply ring: the reply waits, then comes when there is room. */
	x.intf->rsp_cons -= XENSTORE_RING_SIZE - 3;	/* 3 bytes free */
	len = xsr_read_msg(m, "domid", 99);
	xsr_put(x.intf, m, len);
	KUNIT_EXPECT_TRUE(test, xenhv_xs_ring_pump(x.r));
	KUNIT_EXPECT_EQ(test, x.intf->rsp_prod - x.intf->rsp_cons, (u32)XENSTORE_RING_SIZE);
	x.intf->rsp_cons = x.intf->rsp_prod;		/* the guest reads it all */
	KUNIT_EXPECT_TRUE(test, xenhv_xs_ring_pump(x.r));
	got = xsr_get(x.intf, out, sizeof(out));
	KUNIT_EXPECT_EQ(test, got, (u32)sizeof(h) + 1 - 3);
	KUNIT_EXPECT_FALSE(test, xenhv_xs_ring_pump(x.r));
	xenhv_xs_ring_destroy(x.r);
}

/*
 * A guest that writes requests and never reads: its replies fill the
 * ring and the store's queue up to 20, and then its requests stay in
 * the ring, unread, however often it signals.
 */
static void xenhv_xs_ring_flood_is_bounded(struct kunit *test)
{
	struct xst *t = test->priv;
	struct xenhv_xs_stats before, after;
	struct xsr x;
	u8 m[64];
	u32 len, i;

	xenhv_xs_stats(t->s, DOMU, &before);
	xsr_new(test, &x, DOMU);
	len = xsr_read_msg(m, "domid", 1);
	for (i = 0; i < 200; i++) {
		if (XENSTORE_RING_SIZE - (x.intf->req_prod - x.intf->req_cons) >= len)
			xsr_put(x.intf, m, len);
		xenhv_xs_ring_pump(x.r);
	}
	KUNIT_EXPECT_EQ(test, x.intf->rsp_prod - x.intf->rsp_cons, (u32)XENSTORE_RING_SIZE);
	KUNIT_EXPECT_GT(test, x.intf->req_prod - x.intf->req_cons, 0U);
	xenhv_xs_stats(t->s, DOMU, &after);
	/* At most 20 replies held (each under 40 bytes) beyond the ring. */
	KUNIT_EXPECT_LE(test, after.memory - before.memory, 20UL * 64);
	KUNIT_EXPECT_EQ(test, x.intf->error, 0U);
	xenhv_xs_ring_destroy(x.r);
	xenhv_xs_stats(t->s, DOMU, &after);
	KUNIT_EXPECT_EQ(test, after.memory, before.memory);
	KUNIT_EXPECT_EQ(test, after.conns, before.conns);
}

/*
 * Indexes a ring apart or more, and a header past XENSTORE_PAYLOAD_MAX:
 * the connection is ignored as xenstored ignores it, the reason in the
 * page's error field, its watches and transactions released, and later
 * signals do nothing.
 */
static void xenhv_xs_ring_hostile_indexes_and_header(struct kunit *test)
{
	struct xst *t = test->priv;
	struct xenhv_xs_stats before, after;
	struct xsd_sockmsg h = { .type = XS_WRITE, .len = XENSTORE_PAYLOAD_MAX + 1 };
	static const char watch[] = "data\0tok";
	struct xsd_sockmsg wh = { .type = XS_WATCH, .len = sizeof(watch) };
	struct xsr x;
	u8 out[256];

	xenhv_xs_stats(t->s, DOMU, &before);
	/* Bad request indexes, with a watch set first. */
	xsr_new(test, &x, DOMU);
	xsr_put(x.intf, &wh, sizeof(wh));
	xsr_put(x.intf, watch, sizeof(watch));
	KUNIT_EXPECT_TRUE(test, xenhv_xs_ring_pump(x.r));
	xsr_get(x.intf, out, sizeof(out));
	xenhv_xs_stats(t->s, DOMU, &after);
	KUNIT_EXPECT_EQ(test, after.watches, before.watches + 1);
	x.intf->req_prod = x.intf->req_cons + XENSTORE_RING_SIZE + 1;
	KUNIT_EXPECT_FALSE(test, xenhv_xs_ring_pump(x.r));
	KUNIT_EXPECT_EQ(test, x.intf->error, (u32)XENSTORE_ERROR_RINGIDX);
	KUNIT_EXPECT_TRUE(test, !x.r->conn);
	xenhv_xs_stats(t->s, DOMU, &after);
	KUNIT_EXPECT_EQ(test, after.watches, before.watches);
	KUNIT_EXPECT_EQ(test, after.conns, before.conns);
	x.intf->req_prod = x.intf->req_cons;
	KUNIT_EXPECT_FALSE(test, xenhv_xs_ring_pump(x.r));
	xenhv_xs_ring_destroy(x.r);
	/* Bad reply indexes (the consumer ahead of the producer). */
	xsr_new(test, &x, DOMU);
	x.intf->rsp_cons = x.intf->rsp_prod + 1;
	KUNIT_EXPECT_FALSE(test, xenhv_xs_ring_pump(x.r));
	KUNIT_EXPECT_EQ(test, x.intf->error, (u32)XENSTORE_ERROR_RINGIDX);
	xenhv_xs_ring_destroy(x.r);
	/* A header announcing too much: a protocol violation. */
	xsr_new(test, &x, DOMU);
	xsr_put(x.intf, &h, sizeof(h));
	xenhv_xs_ring_pump(x.r);
	KUNIT_EXPECT_EQ(test, x.intf->error, (u32)XENSTORE_ERROR_PROTO);
	KUNIT_EXPECT_TRUE(test, !x.r->conn);
	KUNIT_EXPECT_EQ(test, x.intf->rsp_prod, 0U);
	xenhv_xs_ring_destroy(x.r);
	xenhv_xs_stats(t->s, DOMU, &after);
	KUNIT_EXPECT_EQ(test, after.memory, before.memory);
	KUNIT_EXPECT_EQ(test, after.conns, before.conns);
}

static struct kunit_case xenhv_xenstore_cases[] = {
	KUNIT_CASE(xenhv_xs_write_read_directory),
	KUNIT_CASE(xenhv_xs_domu_home_and_hide_rule),
	KUNIT_CASE(xenhv_xs_privileged_and_unknown_ops),
	KUNIT_CASE(xenhv_xs_malformed_requests),
	KUNIT_CASE(xenhv_xs_byte_at_a_time),
	KUNIT_CASE(xenhv_xs_watches),
	KUNIT_CASE(xenhv_xs_watch_quota),
	KUNIT_CASE(xenhv_xs_transactions),
	KUNIT_CASE(xenhv_xs_transaction_watches_at_commit),
	KUNIT_CASE(xenhv_xs_transaction_quota),
	KUNIT_CASE(xenhv_xs_entry_and_size_quotas),
	KUNIT_CASE(xenhv_xs_set_perms),
	KUNIT_CASE(xenhv_xs_rm_and_mkdir),
	KUNIT_CASE(xenhv_xs_directory_part),
	KUNIT_CASE(xenhv_xs_close_releases_everything),
	KUNIT_CASE(xenhv_xs_unread_replies_hold_requests),
	KUNIT_CASE(xenhv_xs_toolstack_read),
	KUNIT_CASE(xenhv_xs_ring_requests_and_replies),
	KUNIT_CASE(xenhv_xs_ring_flood_is_bounded),
	KUNIT_CASE(xenhv_xs_ring_hostile_indexes_and_header),
	{}
};

static struct kunit_suite xenhv_xenstore_suite = {
	.name = "xenhv_xenstore",
	.init = xst_init,
	.exit = xst_exit,
	.test_cases = xenhv_xenstore_cases,
};

kunit_test_suites(&xenhv_xenstore_suite);
