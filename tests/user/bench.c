// SPDX-License-Identifier: GPL-2.0
/*
 * Instruction counts per Xen operation, under valgrind's callgrind: each
 * operation runs XH_ITERS times through the dispatcher on the fake
 * backend with collection on only around the call itself, and each
 * op's totals are dumped under its name (tests/scripts/bench-user.sh
 * turns the dumps into the table). Outside valgrind the client requests
 * do nothing and this only checks that every operation succeeds.
 */
#include "xh_user_domain.h"
#include <valgrind/callgrind.h>
#include <xen/interface/xen.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/memory.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/version.h>
#include "../../translate/mm.h"
#include "../../translate/gnttab.h"

#define XH_ITERS	1000
#define OP_OFF		0	/* argument structs in guest memory */
#define LIST_OFF	2048	/* request lists */
#define MASK_OFF	12288	/* a vCPU mask */
#define SHINFO_GFN	1
#define GNT_FRAME	4
#define BE_VA		0x5000ULL
#define PTE(f)		(((u64)(f) << PAGE_SHIFT) | 3)

static struct xh_user_partition p;

static unsigned long gva(size_t off)
{
	return xenhv_fake_gva(p.fb, off);
}

static long call(struct xenhv_dispatcher *disp, unsigned int op, unsigned long a0,
		 unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4)
{
	const unsigned long args[5] = { a0, a1, a2, a3, a4 };

	return xenhv_dispatch(disp, op, args);
}

static void must(long ret, const char *what)
{
	if (ret) {
		fprintf(stderr, "bench: %s returned %ld\n", what, ret);
		exit(1);
	}
}

/* Collection on only inside the call; off for the bookkeeping around it. */
#define MEASURED(expr)	({ long __r; CALLGRIND_TOGGLE_COLLECT; __r = (expr); \
			   CALLGRIND_TOGGLE_COLLECT; __r; })

static u32 bind_ipi(u32 vcpu)
{
	struct evtchn_bind_ipi b = { .vcpu = vcpu };

	memcpy(p.fb->mem + OP_OFF, &b, sizeof(b));
	must(call(&p.disp, __HYPERVISOR_event_channel_op, EVTCHNOP_bind_ipi, gva(OP_OFF), 0, 0, 0),
	     "bind_ipi");
	memcpy(&b, p.fb->mem + OP_OFF, sizeof(b));
	return b.port;
}

/* What the upcall does: the event taken, so the next send goes the whole way. */
static void consume(void)
{
	struct shared_info *s = xenhv_fake_page(p.fb, SHINFO_GFN);

	memset(s->evtchn_pending, 0, sizeof(s->evtchn_pending));
	s->vcpu_info[0].evtchn_upcall_pending = 0;
	s->vcpu_info[0].evtchn_pending_sel = 0;
	s->vcpu_info[1].evtchn_upcall_pending = 0;
	s->vcpu_info[1].evtchn_pending_sel = 0;
}

static void bench_send(const char *name, u32 port)
{
	struct evtchn_send s = { .port = port };
	unsigned int i;

	memcpy(p.fb->mem + OP_OFF, &s, sizeof(s));
	for (i = 0; i < XH_ITERS; i++) {
		consume();
		must(MEASURED(call(&p.disp, __HYPERVISOR_event_channel_op, EVTCHNOP_send,
				   gva(OP_OFF), 0, 0, 0)), name);
	}
	CALLGRIND_DUMP_STATS_AT(name);
}

/*
 * @n entries of @l1 set to @va and @vb by turns; with @spread, entry j of
 * a present value names the value's frame + j % @spread.
 */
static void bench_mmu_update(const char *name, u64 l1, unsigned int n, u64 va, u64 vb,
			     unsigned int spread)
{
	u64 *req = (u64 *)(p.fb->mem + LIST_OFF);
	unsigned int i, j;

	for (i = 0; i < XH_ITERS / (n > 1 ? 10 : 1); i++) {
		for (j = 0; j < n; j++) {
			u64 v = i & 1 ? va : vb;

			if (spread && (v & XENHV_PTE_P))
				v += (u64)(j % spread) << PAGE_SHIFT;
			req[2 * j] = (l1 << PAGE_SHIFT) + j * 8;
			req[2 * j + 1] = v;
		}
		must(MEASURED(call(&p.disp, __HYPERVISOR_mmu_update, gva(LIST_OFF), n, 0,
				   DOMID_SELF, 0)), name);
	}
	CALLGRIND_DUMP_STATS_AT(name);
}

struct xh_mop {
	u32 cmd, pad;
	u64 arg1, arg2;
};

static void bench_invlpg_multi(const char *name, unsigned int n)
{
	struct xh_mop *ops = (struct xh_mop *)(p.fb->mem + LIST_OFF);
	u64 mask = BIT(0) | BIT(1);
	unsigned int i;

	memcpy(p.fb->mem + MASK_OFF, &mask, sizeof(mask));
	for (i = 0; i < n; i++)
		ops[i] = (struct xh_mop){ .cmd = MMUEXT_INVLPG_MULTI,
					  .arg1 = 0x700000000000ULL + i * PAGE_SIZE,
					  .arg2 = gva(MASK_OFF) };
	for (i = 0; i < XH_ITERS / 10; i++)
		must(MEASURED(call(&p.disp, __HYPERVISOR_mmuext_op, gva(LIST_OFF), n, 0,
				   DOMID_SELF, 0)), name);
	CALLGRIND_DUMP_STATS_AT(name);
}

static void bench_grant_map_unmap(const char *name)
{
	struct gnttab_map_grant_ref m = { .host_addr = BE_VA, .flags = GNTMAP_host_map,
					  .ref = 8, .dom = 1 };
	struct gnttab_unmap_grant_ref u = { .host_addr = BE_VA };
	unsigned int i;
	u64 l4;

	xh_user_l1_table(&p, p.b, &l4);
	must(xenhv_mm_new_baseptr(p.b, NULL, l4, false), "backend baseptr");
	*xenhv_gnt_v1(p.d->gnttab, 8) = (struct grant_entry_v1){ GTF_permit_access, 0, GNT_FRAME };
	for (i = 0; i < XH_ITERS; i++) {
		memcpy(p.fb->mem + OP_OFF, &m, sizeof(m));
		must(MEASURED(call(&p.bdisp, __HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref,
				   gva(OP_OFF), 1, 0, 0)), name);
		memcpy(&m, p.fb->mem + OP_OFF, sizeof(m));
		if (m.status)
			must(m.status, "map status");
		u.handle = m.handle;
		memcpy(p.fb->mem + OP_OFF, &u, sizeof(u));
		must(MEASURED(call(&p.bdisp, __HYPERVISOR_grant_table_op, GNTTABOP_unmap_grant_ref,
				   gva(OP_OFF), 1, 0, 0)), name);
	}
	CALLGRIND_DUMP_STATS_AT(name);
}

static void bench_xen_version(const char *name)
{
	unsigned int i;

	for (i = 0; i < XH_ITERS; i++)
		if (MEASURED(call(&p.disp, __HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0)) <= 0)
			must(-1, name);
	CALLGRIND_DUMP_STATS_AT(name);
}

int main(void)
{
	struct xen_add_to_physmap x = { .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
					.gpfn = SHINFO_GFN };
	u64 l4, l1, fa, fb, ra, rb;
	u64 saved;

	xh_user_partition_init(&p, 2);
	p.fb->nr_pages = XENHV_FAKE_RAM_MAX_PAGES;	/* room for two 64-frame ranges */
	memcpy(p.fb->mem + OP_OFF, &x, sizeof(x));
	must(call(&p.disp, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, gva(OP_OFF), 0, 0, 0),
	     "shared_info");
	p.fb->cur_vcpu = 0;
	bench_send("send_same_vcpu/1000", bind_ipi(0));
	bench_send("send_cross_vcpu/1000", bind_ipi(1));

	l1 = xh_user_l1_table(&p, p.d, &l4);
	fa = xenhv_mm_alloc_extent(p.d, 0, U64_MAX);
	fb = xenhv_mm_alloc_extent(p.d, 0, U64_MAX);
	bench_mmu_update("mmu_update_1_pte/1000", l1, 1, PTE(fa), PTE(fb), 0);
	ra = xenhv_mm_alloc_extent(p.d, 6, U64_MAX);
	rb = xenhv_mm_alloc_extent(p.d, 6, U64_MAX);
	/*
	 * 64 frames nothing maps, mapped writable and unmapped by turns
	 * (populating a range, and munmap): each its first mapping, then its
	 * last one dropped.
	 */
	bench_mmu_update("mmu_update_64_pte_map/100", l1, 64, PTE(rb), 0, 64);
	/*
	 * Every entry remapped from its frame in one 64-frame range to its
	 * frame in another: a reference dropped and one taken, in two chunks.
	 */
	bench_mmu_update("mmu_update_512_pte/100", l1, 512, PTE(ra), PTE(rb), 64);
	/* The same frames, write-protected and back: fork's and mprotect's batches. */
	bench_mmu_update("mmu_update_512_pte_rw/100", l1, 512, PTE(ra), PTE(ra) & ~XENHV_PTE_RW,
			 64);
	/* vCPU 1 runs on the tables, so the flush has somewhere to go. */
	must(xenhv_mm_new_baseptr(p.d, NULL, l4, false), "baseptr");
	p.fb->cur_vcpu = 1;
	must(xenhv_mm_new_baseptr(p.d, NULL, l4, false), "baseptr 1");
	must(xenhv_pv_enter(p.d, &saved), "enter");
	p.fb->cur_vcpu = 0;
	bench_invlpg_multi("mmuext_invlpg_multi_64/100", 64);
	bench_grant_map_unmap("grant_map_unmap/1000");
	bench_xen_version("xen_version/1000");
	p.fb->cur_vcpu = 1;
	xenhv_pv_exit(p.d, saved);
	p.fb->cur_vcpu = 0;
	if (xh_user_partition_exit(&p)) {
		fprintf(stderr, "bench: guest page references left held\n");
		return 1;
	}
	printf("bench: every operation succeeded\n");
	return 0;
}
