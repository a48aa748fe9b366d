/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one seam that stands in for the kernel when translate/ (and the
 * fake backend that plays Hyper-V) build as a userspace program, for
 * fuzzing and instruction counts. Every <linux/...>, <asm/...> and
 * <kunit/...> header those sources include resolves to this file
 * (tests/user/include/), except the Xen and TLFS ABI headers, which come
 * from the kernel tree itself. Single-threaded: locks only count.
 */
#ifndef _XENHV_USER_H
#define _XENHV_USER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
/*
 * Not <errno.h>: glibc reaches the kernel's <linux/errno.h> from there,
 * which this build answers with this file.
 */
#include <asm-generic/errno.h>

/* ---- types ---- */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef s8 __s8;
typedef s16 __s16;
typedef s32 __s32;
typedef s64 __s64;
typedef u16 __le16;
typedef u32 __le32;
typedef u64 __le64;
typedef unsigned int gfp_t;
typedef long long time64_t;
typedef u64 phys_addr_t;
typedef u64 aligned_u64 __attribute__((aligned(8)));

#define __user
#define __iomem
#define __force
#define __percpu
#define __packed		__attribute__((packed))
#define __aligned(x)		__attribute__((aligned(x)))
#ifndef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#endif
#define __maybe_unused		__attribute__((unused))
#define __must_check		__attribute__((warn_unused_result))
#define fallthrough		__attribute__((fallthrough))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define barrier()		__asm__ __volatile__("" ::: "memory")
#define noinline		__attribute__((noinline))
#if __has_attribute(__uninitialized__)
#define __uninitialized		__attribute__((__uninitialized__))
#else
#define __uninitialized
#endif

#define U8_MAX			0xffU
#define U16_MAX			0xffffU
#define U32_MAX			0xffffffffU
#define U64_MAX			0xffffffffffffffffULL
#define S64_MAX			((s64)(U64_MAX >> 1))

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define BITS_PER_LONG		64
#define BITS_PER_BYTE		8
#define NSEC_PER_SEC		1000000000LL
#define NSEC_PER_USEC		1000L
#define NSEC_PER_MSEC		1000000L
#define USEC_PER_SEC		1000000L

#define GFP_KERNEL		0u
#define GFP_ATOMIC		1u
#define GFP_NOWAIT		2u
#define __GFP_ZERO		4u
#define __GFP_NOWARN		8u

/* ---- compile-time and arithmetic helpers ---- */
#define BUILD_BUG_ON(c)		_Static_assert(!(c), #c)
#define static_assert(c, ...)	_Static_assert(c, #c)
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define GENMASK(h, l)		(((~0UL) << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define GENMASK_ULL(h, l)	(((~0ULL) << (l)) & (~0ULL >> (63 - (h))))
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define DIV_ROUND_UP_ULL(n, d)	DIV_ROUND_UP((unsigned long long)(n), (d))
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)
#define round_up(x, y)		((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define round_down(x, y)	((x) & ~((__typeof__(x))((y) - 1)))
#define ALIGN(x, a)		(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)		((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define clamp(v, lo, hi)	min(max(v, lo), hi)
#define clamp_t(t, v, lo, hi)	min_t(t, max_t(t, v, lo), hi)
#define struct_size(p, m, n)	(sizeof(*(p)) + (n) * sizeof(*(p)->m))
#define array_size(a, b)	((a) * (b))
#define swap(a, b)		do { __typeof__(a) __t = (a); (a) = (b); (b) = __t; } while (0)
#define offsetofend(T, m)	(offsetof(T, m) + sizeof(((T *)0)->m))
#define container_of(p, T, m)	((T *)((char *)(p) - offsetof(T, m)))
#define lower_32_bits(n)	((u32)(n))
#define upper_32_bits(n)	((u32)((u64)(n) >> 32))
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)
#define array_index_nospec(i, n)	(i)
#define IS_ENABLED(x)		0

static inline u64 div_u64(u64 a, u32 b) { return a / b; }
static inline u64 div64_u64(u64 a, u64 b) { return a / b; }
static inline s64 div_s64(s64 a, s32 b) { return a / b; }
static inline u64 div_u64_rem(u64 a, u32 b, u32 *r) { *r = a % b; return a / b; }
static inline u64 mul_u64_u32_shr(u64 a, u32 m, unsigned int s)
{
	return (u64)(((unsigned __int128)a * m) >> s);
}
static inline u64 mul_u64_u64_shr(u64 a, u64 m, unsigned int s)
{
	return (u64)(((unsigned __int128)a * m) >> s);
}

/* ---- memory ordering and once-accesses (single-threaded here) ---- */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))
#define smp_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
#define virt_mb()		smp_mb()
#define virt_rmb()		smp_rmb()
#define virt_wmb()		smp_wmb()
#define smp_mb__before_atomic()	smp_mb()
#define smp_mb__after_atomic()	smp_mb()
#define xchg(p, v)		__atomic_exchange_n(p, v, __ATOMIC_SEQ_CST)
#define cmpxchg(p, o, n)	({ __typeof__(*(p)) __o = (o); \
				   __atomic_compare_exchange_n(p, &__o, n, false, \
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); __o; })

typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;
#define atomic_read(a)		READ_ONCE((a)->counter)
#define atomic_set(a, v)	WRITE_ONCE((a)->counter, v)
#define atomic_inc(a)		((void)__atomic_add_fetch(&(a)->counter, 1, __ATOMIC_SEQ_CST))
#define atomic_dec(a)		((void)__atomic_sub_fetch(&(a)->counter, 1, __ATOMIC_SEQ_CST))
#define atomic64_read(a)	READ_ONCE((a)->counter)
#define atomic64_set(a, v)	WRITE_ONCE((a)->counter, v)
#define atomic64_inc(a)		((void)__atomic_add_fetch(&(a)->counter, 1, __ATOMIC_SEQ_CST))
#define atomic64_add(n, a)	((void)__atomic_add_fetch(&(a)->counter, n, __ATOMIC_SEQ_CST))

/* ---- bit operations on unsigned long arrays ---- */
static inline void set_bit(unsigned long n, volatile unsigned long *a)
{
	__atomic_or_fetch(&a[n / BITS_PER_LONG], BIT(n % BITS_PER_LONG), __ATOMIC_SEQ_CST);
}

static inline void clear_bit(unsigned long n, volatile unsigned long *a)
{
	__atomic_and_fetch(&a[n / BITS_PER_LONG], ~BIT(n % BITS_PER_LONG), __ATOMIC_SEQ_CST);
}

static inline bool test_bit(unsigned long n, const volatile unsigned long *a)
{
	return (a[n / BITS_PER_LONG] >> (n % BITS_PER_LONG)) & 1;
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XH_ASAN 1
#endif
#endif

#if defined(__x86_64__) && !defined(XH_ASAN)
/*
 * As arch/x86/include/asm/bitops.h does it: one locked BTS/BTR, so the
 * instruction counts of the stand-ins match the kernel's (a fetch_or
 * whose old bit is tested compiles to a cmpxchg loop). Not under ASan,
 * which cannot see into an asm: the fuzzers keep the checked C form.
 */
static inline bool test_and_set_bit(unsigned long n, volatile unsigned long *a)
{
	bool old;

	asm volatile("lock btsq %2, %1" : "=@ccc" (old), "+m" (*a) : "r" (n) : "memory");
	return old;
}

static inline bool test_and_clear_bit(unsigned long n, volatile unsigned long *a)
{
	bool old;

	asm volatile("lock btrq %2, %1" : "=@ccc" (old), "+m" (*a) : "r" (n) : "memory");
	return old;
}
#else
static inline bool test_and_set_bit(unsigned long n, volatile unsigned long *a)
{
	return __atomic_fetch_or(&a[n / BITS_PER_LONG], BIT(n % BITS_PER_LONG),
				 __ATOMIC_SEQ_CST) & BIT(n % BITS_PER_LONG);
}

static inline bool test_and_clear_bit(unsigned long n, volatile unsigned long *a)
{
	return __atomic_fetch_and(&a[n / BITS_PER_LONG], ~BIT(n % BITS_PER_LONG),
				  __ATOMIC_SEQ_CST) & BIT(n % BITS_PER_LONG);
}
#endif

#define __set_bit(n, a)		set_bit(n, a)
#define __clear_bit(n, a)	clear_bit(n, a)
#define __test_and_set_bit(n, a)	test_and_set_bit(n, a)
#define __test_and_clear_bit(n, a)	test_and_clear_bit(n, a)
#define sync_set_bit(n, a)	set_bit(n, a)
#define sync_clear_bit(n, a)	clear_bit(n, a)
#define sync_test_bit(n, a)	test_bit(n, a)
#define sync_test_and_set_bit(n, a)	test_and_set_bit(n, a)
#define sync_test_and_clear_bit(n, a)	test_and_clear_bit(n, a)

static inline unsigned long __ffs(unsigned long w) { return __builtin_ctzl(w); }
static inline unsigned long __ffs64(u64 w) { return __builtin_ctzll(w); }
static inline unsigned long __fls(unsigned long w) { return 63 - __builtin_clzl(w); }
static inline int fls64(u64 w) { return w ? 64 - __builtin_clzll(w) : 0; }
static inline unsigned int hweight64(u64 w) { return __builtin_popcountll(w); }
static inline unsigned int hweight_long(unsigned long w) { return __builtin_popcountl(w); }
#define ilog2(n)		((n) ? 63 - __builtin_clzll(n) : -1)
#define is_power_of_2(n)	((n) != 0 && (((n) & ((n) - 1)) == 0))

unsigned long find_next_bit(const unsigned long *a, unsigned long size, unsigned long off);
#define find_first_bit(a, size)	find_next_bit(a, size, 0)
#define for_each_set_bit(b, a, size) \
	for ((b) = find_next_bit(a, size, 0); (b) < (size); (b) = find_next_bit(a, size, (b) + 1))
static inline bool bitmap_empty(const unsigned long *a, unsigned int n)
{
	return find_next_bit(a, n, 0) >= n;
}
static inline void bitmap_zero(unsigned long *a, unsigned int n)
{
	memset(a, 0, BITS_TO_LONGS(n) * sizeof(long));
}
static inline unsigned int bitmap_weight(const unsigned long *a, unsigned int n)
{
	unsigned int i, w = 0;

	for (i = 0; i < n; i++)
		w += test_bit(i, a);
	return w;
}

/*
 * ---- locks: one thread, so they only record that they are held ----
 * That is enough for lockdep_assert_held(): a function asserting a lock
 * its caller should have taken aborts, as the kernel's lockdep splats,
 * when nobody holds it. The bench builds with XH_USER_NO_LOCKDEP, as a
 * production kernel has no lockdep, so the counts are of what it runs.
 */
typedef struct { int held; } spinlock_t;
#define __SPIN_LOCK_UNLOCKED(n)	{ 0 }
#define DEFINE_SPINLOCK(n)	spinlock_t n = { 0 }
#define spin_lock_init(l)	((l)->held = 0)
#define spin_lock(l)		((l)->held++)
#define spin_unlock(l)		((l)->held--)
#define spin_lock_irqsave(l, f)	((f) = 0, (l)->held++)
#define spin_unlock_irqrestore(l, f)	((void)(f), (l)->held--)
#define spin_lock_irq(l)	spin_lock(l)
#define spin_unlock_irq(l)	spin_unlock(l)
#define spin_trylock(l)		((l)->held++, 1)
#ifdef XH_USER_NO_LOCKDEP
#define lockdep_assert_held(l)	((void)(l))
#else
#define lockdep_assert_held(l)	do { WARN_ON(!(l)->held); } while (0)
#endif
#define lockdep_assert_irqs_disabled()	do { } while (0)
#define local_irq_save(f)	((f) = 0)
#define local_irq_restore(f)	((void)(f))
#define preempt_disable()	do { } while (0)
#define preempt_enable()	do { } while (0)
#define might_sleep()		do { } while (0)
#define preemptible()		1
#define cond_resched()		do { } while (0)
#define need_resched()		0
#define in_interrupt()		0

/* ---- per-CPU data: one CPU ---- */
#define alloc_percpu(t)		((t *)calloc(1, sizeof(t)))
#define free_percpu(p)		free(p)
#define this_cpu_ptr(p)		(p)
#define raw_cpu_ptr(p)		(p)
#define per_cpu_ptr(p, cpu)	(p)
#define this_cpu_inc(x)		((x)++)
#define this_cpu_add(x, n)	((x) += (n))
#define raw_smp_processor_id()	0
#define smp_processor_id()	0
#define nr_cpu_ids		1U
#define for_each_possible_cpu(c)	for ((c) = 0; (c) < 1; (c)++)

/* ---- allocation ---- */
static inline void *kmalloc(size_t n, gfp_t f)
{
	return (f & __GFP_ZERO) ? calloc(1, n ? n : 1) : malloc(n ? n : 1);
}
#define kzalloc(n, f)		calloc(1, (n) ? (n) : 1)
#define kcalloc(n, s, f)	calloc((n) ? (n) : 1, (s) ? (s) : 1)
#define kmalloc_array(n, s, f)	calloc((n) ? (n) : 1, (s) ? (s) : 1)
#define kvcalloc(n, s, f)	kcalloc(n, s, f)
#define kvzalloc(n, f)		kzalloc(n, f)
#define kfree(p)		free((void *)(p))
#define kvfree(p)		free((void *)(p))
#define vfree(p)		free((void *)(p))
#define vzalloc(n)		calloc(1, n)
#define bitmap_zalloc(n, f)	((unsigned long *)calloc(BITS_TO_LONGS(n) ? BITS_TO_LONGS(n) : 1, \
							 sizeof(long)))
#define bitmap_free(p)		free(p)
static inline unsigned long get_zeroed_page(gfp_t f)
{
	void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);

	if (p)
		memset(p, 0, PAGE_SIZE);
	return (unsigned long)p;
}
#define free_page(a)		free((void *)(a))

static inline long strscpy(char *d, const char *s, size_t n)
{
	size_t l = strnlen(s, n);

	if (!n)
		return -E2BIG;
	if (l == n) {
		memcpy(d, s, n - 1);
		d[n - 1] = 0;
		return -E2BIG;
	}
	memcpy(d, s, l + 1);
	return l;
}

/* ---- logging ---- */
extern int xenhv_user_verbose;
#ifndef pr_fmt
#define pr_fmt(fmt)		fmt
#endif
#define xh_user_log(fmt, ...)	do { if (xenhv_user_verbose) \
					fprintf(stderr, fmt, ##__VA_ARGS__); } while (0)
#define pr_err(fmt, ...)	xh_user_log(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	xh_user_log(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	xh_user_log(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	xh_user_log(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...)	xh_user_log(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...)	xh_user_log(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_ratelimited(fmt, ...)	xh_user_log(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...)	xh_user_log(pr_fmt(fmt), ##__VA_ARGS__)
/* A WARN is a bug the fuzzer must report, as the kernel would splat. */
#define WARN_ON(c)		({ bool __c = !!(c); if (__c) abort(); __c; })
#define WARN_ON_ONCE(c)		WARN_ON(c)
#define BUG_ON(c)		do { if (c) abort(); } while (0)
#define BUG()			abort()

/* lib/string.c's: the first byte of @s[0..@n) that is not @c, or NULL. */
static inline void *memchr_inv(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p != (unsigned char)c)
			return (void *)p;
	return NULL;
}

/* ---- the xarray subset the engine uses: pointers and value entries ---- */
struct xarray {
	unsigned long *keys;
	void **vals;
	size_t cap, used;
};
#define XA_FLAGS_LOCK_IRQ	0
#define xa_mk_value(v)		((void *)(((unsigned long)(v) << 1) | 1))
#define xa_to_value(e)		((unsigned long)(e) >> 1)
#define xa_is_value(e)		(((unsigned long)(e)) & 1)
#define xa_is_err(e)		((void)(e), 0)
#define xa_err(e)		((void)(e), 0)
static inline void xa_init_flags(struct xarray *xa, unsigned int f) { memset(xa, 0, sizeof(*xa)); }
#define xa_init(xa)		xa_init_flags(xa, 0)
void *xa_load(struct xarray *xa, unsigned long index);
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
void *xa_erase(struct xarray *xa, unsigned long index);
void xa_destroy(struct xarray *xa);
/* Visit every present entry, in no particular order. */
void *xa_user_next(struct xarray *xa, unsigned long *index, size_t *pos);
#define xa_for_each(xa, index, entry) \
	for (size_t __pos = 0; ((entry) = xa_user_next(xa, &(index), &__pos)) != NULL; )

/* ---- what dom0/ needs too: errors, strings, a mutex ---- */
#include <ctype.h>
#define MAX_ERRNO		4095
#define ERR_PTR(e)		((void *)(long)(e))
#define PTR_ERR(p)		((long)(p))
#define IS_ERR(p)		((unsigned long)(p) >= (unsigned long)-MAX_ERRNO)
#define IS_ERR_OR_NULL(p)	(!(p) || IS_ERR(p))
struct mutex {
	int held;
};
#define mutex_init(m)		((m)->held = 0)
#define mutex_lock(m)		((m)->held++)
#define mutex_unlock(m)		((m)->held--)
#define krealloc(p, n, f)	realloc((void *)(p), (n) ? (n) : 1)
#define kstrdup(s, f)		strdup(s)
static inline void *kmemdup(const void *p, size_t n, gfp_t f)
{
	void *d = malloc(n ? n : 1);

	if (d)
		memcpy(d, p, n);
	return d;
}
static inline char *kmemdup_nul(const char *s, size_t n, gfp_t f)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}
static inline char *xh_user_strchrnul(const char *s, int c)
{
	while (*s && *s != (char)c)
		s++;
	return (char *)s;
}
#define strchrnul(s, c)		xh_user_strchrnul(s, c)
char *kasprintf(gfp_t gfp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);

/* ---- KUnit, as much as the fake backend and the dom0/ suites need ---- */
struct kunit {
	const char *name;
	void **allocs;
	size_t nr_allocs;
	struct xenhv_user_res *res;
	void *priv;
};
struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
};
#define KUNIT_CASE(f)		{ .run_case = f, .name = #f }
struct kunit_suite {
	const char name[256];
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};
void xenhv_user_register_suites(struct kunit_suite **suites);
/* Suites register themselves for tests/user/kunit_main.c to run. */
#define kunit_test_suites(...)							\
	static struct kunit_suite *xh_user_suites[] = { __VA_ARGS__, NULL };	\
	__attribute__((constructor)) static void xh_user_suites_register(void)	\
	{ xenhv_user_register_suites(xh_user_suites); }
void *kunit_kmalloc(struct kunit *test, size_t n, gfp_t gfp);
void kunit_kfree(struct kunit *test, const void *p);
struct kunit_resource {
	void *data;
};
void *kunit_kzalloc(struct kunit *test, size_t n, gfp_t gfp);
void *kunit_kcalloc(struct kunit *test, size_t n, size_t s, gfp_t gfp);
void *kunit_alloc_resource(struct kunit *test, void *init, void (*free)(struct kunit_resource *),
			   gfp_t gfp, void *data);
/* Run the test's resource destructors, newest first; then also free its allocations. */
void xenhv_user_kunit_release(struct kunit *test);
void xenhv_user_kunit_cleanup(struct kunit *test);
void xenhv_user_assert_failed(const char *file, int line, const char *what);
#define XH_USER_CHECK(c)	do { if (!(c)) xenhv_user_assert_failed(__FILE__, __LINE__, #c); } while (0)
#define KUNIT_ASSERT_TRUE(t, c)		XH_USER_CHECK(c)
#define KUNIT_ASSERT_FALSE(t, c)	XH_USER_CHECK(!(c))
#define KUNIT_ASSERT_EQ(t, a, b)	XH_USER_CHECK((a) == (b))
#define KUNIT_ASSERT_NE(t, a, b)	XH_USER_CHECK((a) != (b))
#define KUNIT_ASSERT_NOT_NULL(t, p)	XH_USER_CHECK((p) != NULL)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(t, p)	XH_USER_CHECK((p) != NULL)
#define KUNIT_EXPECT_EQ(t, a, b)	XH_USER_CHECK((a) == (b))
#define KUNIT_EXPECT_NE(t, a, b)	XH_USER_CHECK((a) != (b))
#define KUNIT_EXPECT_GT(t, a, b)	XH_USER_CHECK((a) > (b))
#define KUNIT_EXPECT_LE(t, a, b)	XH_USER_CHECK((a) <= (b))
#define KUNIT_EXPECT_LT(t, a, b)	XH_USER_CHECK((a) < (b))
#define KUNIT_ASSERT_LE(t, a, b)	XH_USER_CHECK((a) <= (b))
#define KUNIT_ASSERT_LT(t, a, b)	XH_USER_CHECK((a) < (b))
#define KUNIT_EXPECT_TRUE(t, c)		XH_USER_CHECK(c)
#define KUNIT_EXPECT_FALSE(t, c)	XH_USER_CHECK(!(c))
#define KUNIT_EXPECT_STREQ(t, a, b)	XH_USER_CHECK(!strcmp((a), (b)))
#define KUNIT_EXPECT_STRNEQ(t, a, b)	XH_USER_CHECK(strcmp((a), (b)))

#endif /* _XENHV_USER_H */
