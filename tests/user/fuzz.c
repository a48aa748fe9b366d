// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer targets, one per hypercall family (XH_FUZZ_<family>): the
 * input is a program of hypercalls, with their arguments and the guest
 * memory they point at, run through the dispatcher on the fake backend.
 * ASan and UBSan catch memory and arithmetic errors; the harness also
 * fails on a continuation code reaching the guest and on a guest page
 * reference left held after teardown.
 *
 * Input: one byte N, then N 8-byte words preloaded into guest memory,
 * then records until the input ends:
 *   0x00-0xef  a hypercall: byte op (chosen from the family's table by
 *              this value), byte flags (bit 0: as the backend domain,
 *              bit 1: on vCPU 1), u16 argument kinds (2 bits each), then
 *              each argument: kind 0 u16 value, 1 u16 guest-memory
 *              offset (a pointer), 2 u64 raw, 3 u8 frame number of the
 *              fake's RAM
 *   0xf0-0xf7  u16 offset, u64 value: store into guest memory
 *   0xf8-0xff  u16 word index, u64 value: store into the fake's RAM
 *              (page tables, shared pages)
 */
#include "xh_user_domain.h"
#include <xen/interface/xen.h>
#include <xen/interface/sched.h>

#if defined(XH_FUZZ_EVTCHN)
static const unsigned int xh_ops[] = {
	__HYPERVISOR_event_channel_op, __HYPERVISOR_memory_op, __HYPERVISOR_vcpu_op,
	__HYPERVISOR_hvm_op, __HYPERVISOR_sched_op,
};
#elif defined(XH_FUZZ_GNTTAB)
static const unsigned int xh_ops[] = {
	__HYPERVISOR_grant_table_op, __HYPERVISOR_memory_op, __HYPERVISOR_mmuext_op,
	__HYPERVISOR_mmu_update,
};
#elif defined(XH_FUZZ_MMU)
static const unsigned int xh_ops[] = {
	__HYPERVISOR_mmu_update, __HYPERVISOR_mmuext_op, __HYPERVISOR_update_va_mapping,
	__HYPERVISOR_update_va_mapping_otherdomain, __HYPERVISOR_memory_op,
	__HYPERVISOR_multicall,
};
#elif defined(XH_FUZZ_MEMORY)
static const unsigned int xh_ops[] = { __HYPERVISOR_memory_op };
#elif defined(XH_FUZZ_MISC)
/* Every number 0-63: version, sched, vcpu, hvm, timers and the refusals. */
#define XH_OPS_ALL	64
#else
#error "define one XH_FUZZ_<family>"
#endif

#ifdef XH_OPS_ALL
#define XH_NR_OPS	XH_OPS_ALL
#define XH_OP(i)	(i)
#else
#define XH_NR_OPS	ARRAY_SIZE(xh_ops)
#define XH_OP(i)	xh_ops[i]
#endif

/*
 * A guest may block its own vCPU until an event that never comes, on Xen
 * as here: SCHEDOP_block, and SCHEDOP_poll without a timeout or with one
 * far away. On the fake backend time moves from one timer deadline to the
 * next, so a periodic timer with nothing bound to it keeps such a wait
 * going for as many periods as the timeout holds (both long runs found
 * this, as timeouts). Those calls are not issued; a poll that ends within
 * a second of fake time is.
 */
static bool xh_blocks_for_ever(struct xh_user_partition *p, unsigned int op,
			       const unsigned long *args)
{
	struct sched_poll sp;
	int cmd = (int)args[0];	/* as the dispatcher passes it: Xen's int cmd */

	if (op != __HYPERVISOR_sched_op)
		return false;
	if (cmd == SCHEDOP_block)
		return true;
	if (cmd != SCHEDOP_poll)
		return false;
	/* Read the argument as the engine will; an unreadable one fails fast. */
	if (p->fb->be.ops->copy_from_guest(&p->fb->be, &sp, args[1], sizeof(sp)))
		return false;
	return sp.timeout == 0 ||
	       sp.timeout > p->fb->be.ops->system_time_ns(&p->fb->be) + NSEC_PER_SEC;
}

/*
 * The same wait can come inside a multicall, where the filter above does
 * not look. So a wait the fake backend has blocked in this often for one
 * input ends the way a vCPU's last timer going would end it: the
 * domain's timers stop (the unload path's switch), the wait finds no
 * timer due before its deadline, and the call returns 0 as Xen's poll
 * does on every way out.
 */
#define XH_MAX_BLOCKS	4096

static unsigned int xh_blocks;

static void xh_while_blocked(struct xenhv_fake_backend *fb)
{
	struct xh_user_partition *p = fb->hook_arg;

	if (++xh_blocks == XH_MAX_BLOCKS) {
		xenhv_time_stop_vcpu(p->d);
		if (p->b)
			xenhv_time_stop_vcpu(p->b);
	}
}

struct xh_in {
	const u8 *p;
	size_t left;
};

static bool xh_take(struct xh_in *in, void *dst, size_t n)
{
	if (in->left < n)
		return false;
	memcpy(dst, in->p, n);
	in->p += n;
	in->left -= n;
	return true;
}

static bool xh_arg(struct xh_in *in, struct xh_user_partition *p, unsigned int kind,
		   unsigned long *arg)
{
	u16 v16;
	u64 v64;
	u8 v8;

	switch (kind) {
	case 0:
		if (!xh_take(in, &v16, 2))
			return false;
		*arg = v16;
		return true;
	case 1:
		if (!xh_take(in, &v16, 2))
			return false;
		*arg = xenhv_fake_gva(p->fb, v16 % XH_USER_MEM);
		return true;
	case 2:
		if (!xh_take(in, &v64, 8))
			return false;
		*arg = v64;
		return true;
	default:
		if (!xh_take(in, &v8, 1))
			return false;
		*arg = v8 % XENHV_FAKE_RAM_MAX_PAGES;
		return true;
	}
}

static void xh_run(struct xh_user_partition *p, struct xh_in *in)
{
	unsigned long args[5];
	u8 kind, op, flags;
	u16 kinds, off;
	unsigned int i;
	u64 val;
	long ret;

	while (xh_take(in, &kind, 1)) {
		if (kind >= 0xf0) {
			if (!xh_take(in, &off, 2) || !xh_take(in, &val, 8))
				return;
			if (kind < 0xf8)
				memcpy(p->fb->mem + (off % (XH_USER_MEM - 7)), &val, 8);
			else
				memcpy(p->fb->ram + (off % (XENHV_FAKE_RAM_MAX_PAGES * PAGE_SIZE / 8)) * 8,
				       &val, 8);
			continue;
		}
		op = XH_OP(kind % XH_NR_OPS);
		if (!xh_take(in, &flags, 1) || !xh_take(in, &kinds, 2))
			return;
		for (i = 0; i < 5; i++)
			if (!xh_arg(in, p, (kinds >> (2 * i)) & 3, &args[i]))
				return;
		p->fb->cur_vcpu = (flags >> 1) & 1;
		if (xh_blocks_for_ever(p, op, args))
			continue;
		if ((flags & 1) && xenhv_backend_may_call(op))
			ret = xenhv_dispatch(&p->bdisp, op, args);
		else
			ret = xenhv_dispatch(&p->disp, op, args);
		/* The continuation code is internal: a guest never sees it. */
		if (ret == -XENHV_ERESTART)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xh_user_partition p;
	struct xh_in in = { data, size };
	u8 words = 0;

	xh_user_partition_init(&p, 2);
	/* All the fake's RAM: three chunks of the PV MMU's frame info, not one. */
	p.fb->nr_pages = XENHV_FAKE_RAM_MAX_PAGES;
	p.fb->hook_arg = &p;
	p.fb->while_blocked = xh_while_blocked;
	xh_blocks = 0;
	if (xh_take(&in, &words, 1)) {
		size_t n = min_t(size_t, (size_t)words * 8, in.left);

		memcpy(p.fb->mem, in.p, n);
		in.p += n;
		in.left -= n;
	}
	xh_run(&p, &in);
	/* Every guest page xenhv took a reference on was given back. */
	if (xh_user_partition_exit(&p))
		abort();
	return 0;
}
