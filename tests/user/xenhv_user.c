// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace seam's runtime: the few kernel services xenhv_user.h
 * declares (bit search, an xarray of values, KUnit allocations and
 * asserts) for the engine and the fake backend outside the kernel.
 */
#include "xenhv_user.h"

int xenhv_user_verbose;

unsigned long find_next_bit(const unsigned long *a, unsigned long size, unsigned long off)
{
	for (; off < size; off++)
		if (test_bit(off, a))
			return off;
	return size;
}

/* An open-addressing table of index -> entry; deleted slots keep probing alive. */
#define XA_USER_EMPTY	NULL
#define XA_USER_GONE	((void *)2)

static size_t xa_user_slot(const struct xarray *xa, unsigned long index)
{
	return (index * 0x9e3779b97f4a7c15ULL >> 7) & (xa->cap - 1);
}

static void *xa_user_find(struct xarray *xa, unsigned long index, size_t *slot)
{
	size_t i, n;

	if (!xa->cap)
		return NULL;
	for (i = xa_user_slot(xa, index), n = 0; n < xa->cap; i = (i + 1) & (xa->cap - 1), n++) {
		if (xa->vals[i] == XA_USER_EMPTY)
			return NULL;
		if (xa->vals[i] != XA_USER_GONE && xa->keys[i] == index) {
			*slot = i;
			return xa->vals[i];
		}
	}
	return NULL;
}

static void xa_user_grow(struct xarray *xa)
{
	struct xarray old = *xa;
	size_t i;

	xa->cap = old.cap ? old.cap * 2 : 64;
	xa->used = 0;
	xa->keys = calloc(xa->cap, sizeof(*xa->keys));
	xa->vals = calloc(xa->cap, sizeof(*xa->vals));
	if (!xa->keys || !xa->vals)
		abort();
	for (i = 0; i < old.cap; i++)
		if (old.vals[i] != XA_USER_EMPTY && old.vals[i] != XA_USER_GONE)
			xa_store(xa, old.keys[i], old.vals[i], 0);
	free(old.keys);
	free(old.vals);
}

void *xa_load(struct xarray *xa, unsigned long index)
{
	size_t slot;

	return xa_user_find(xa, index, &slot);
}

void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	size_t slot, i;
	void *old;

	if (!entry)
		return xa_erase(xa, index);
	old = xa_user_find(xa, index, &slot);
	if (old) {
		xa->vals[slot] = entry;
		return old;
	}
	if ((xa->used + 1) * 2 > xa->cap)
		xa_user_grow(xa);
	for (i = xa_user_slot(xa, index); xa->vals[i] != XA_USER_EMPTY &&
	     xa->vals[i] != XA_USER_GONE; i = (i + 1) & (xa->cap - 1))
		;
	xa->keys[i] = index;
	xa->vals[i] = entry;
	xa->used++;
	return NULL;
}

void *xa_erase(struct xarray *xa, unsigned long index)
{
	size_t slot;
	void *old = xa_user_find(xa, index, &slot);

	if (old)
		xa->vals[slot] = XA_USER_GONE;
	return old;
}

void xa_destroy(struct xarray *xa)
{
	free(xa->keys);
	free(xa->vals);
	memset(xa, 0, sizeof(*xa));
}

void *xa_user_next(struct xarray *xa, unsigned long *index, size_t *pos)
{
	for (; *pos < xa->cap; (*pos)++) {
		void *v = xa->vals[*pos];

		if (v != XA_USER_EMPTY && v != XA_USER_GONE) {
			*index = xa->keys[(*pos)++];
			return v;
		}
	}
	return NULL;
}

struct xenhv_user_res {
	struct xenhv_user_res *next;
	void (*free)(struct kunit_resource *res);
	struct kunit_resource res;
};

static void *xenhv_user_track(struct kunit *test, void *p)
{
	void **a;

	if (!p)
		return NULL;
	a = realloc(test->allocs, (test->nr_allocs + 1) * sizeof(*a));
	if (!a)
		abort();
	test->allocs = a;
	test->allocs[test->nr_allocs++] = p;
	return p;
}

void *kunit_kzalloc(struct kunit *test, size_t n, gfp_t gfp)
{
	return xenhv_user_track(test, calloc(1, n ? n : 1));
}

void *kunit_kcalloc(struct kunit *test, size_t n, size_t s, gfp_t gfp)
{
	return xenhv_user_track(test, calloc(n ? n : 1, s ? s : 1));
}

void *kunit_alloc_resource(struct kunit *test, void *init, void (*free)(struct kunit_resource *),
			   gfp_t gfp, void *data)
{
	struct xenhv_user_res *r = calloc(1, sizeof(*r));

	if (!r)
		abort();
	r->free = free;
	r->res.data = data;
	r->next = test->res;
	test->res = r;
	return r;
}

void xenhv_user_kunit_release(struct kunit *test)
{
	while (test->res) {
		struct xenhv_user_res *r = test->res;

		test->res = r->next;
		if (r->free)
			r->free(&r->res);
		free(r);
	}
}

void xenhv_user_kunit_cleanup(struct kunit *test)
{
	xenhv_user_kunit_release(test);
	while (test->nr_allocs)
		free(test->allocs[--test->nr_allocs]);
	free(test->allocs);
	test->allocs = NULL;
}

void *kunit_kmalloc(struct kunit *test, size_t n, gfp_t gfp)
{
	return xenhv_user_track(test, malloc(n ? n : 1));
}

void kunit_kfree(struct kunit *test, const void *p)
{
	size_t i;

	for (i = 0; i < test->nr_allocs; i++)
		if (test->allocs[i] == p) {
			test->allocs[i] = test->allocs[--test->nr_allocs];
			free((void *)p);
			return;
		}
	abort();
}

char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = malloc(n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* As lib/kstrtox.c: the whole string, a trailing newline allowed (range unchecked). */
static int xh_user_kstrto(const char *s, unsigned int base, bool sign, long long *v)
{
	char *end;

	if (!*s || isspace((unsigned char)*s) || (!sign && *s == '-'))
		return -EINVAL;
	*v = sign ? strtoll(s, &end, base) : (long long)strtoull(s, &end, base);
	if (end == s || (*end && !(end[0] == '\n' && !end[1])))
		return -EINVAL;
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	long long v;
	int rc = xh_user_kstrto(s, base, false, &v);

	if (!rc)
		*res = v;
	return rc;
}

int kstrtol(const char *s, unsigned int base, long *res)
{
	long long v;
	int rc = xh_user_kstrto(s, base, true, &v);

	if (!rc)
		*res = v;
	return rc;
}

void xenhv_user_assert_failed(const char *file, int line, const char *what)
{
	fprintf(stderr, "xenhv-user: %s:%d: %s\n", file, line, what);
	abort();
}
