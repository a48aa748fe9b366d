// SPDX-License-Identifier: GPL-2.0
/*
 * event_channel_op (hypercall 32): the EVTCHNOP family on a port table
 * shared by the ABIs, with Xen 4.17's checks, errnos and port lifetimes
 * (xen/common/event_channel.c), and delivery through Hyper-V.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/slab.h>
#include <linux/string.h>
#include <linux/bits.h>
#include <linux/math.h>
#include <linux/atomic.h>
#include <linux/nospec.h>
#include "evtchn.h"

/*
 * Xen allocates ports in buckets and treats a port as valid once its
 * bucket exists (port_is_valid(): p < d->valid_evtchns), so "valid" and
 * "free" differ: status on a never-used bucket is -EINVAL, on a free port
 * in a used bucket EVTCHNSTAT_closed. 64 channels per bucket on x86_64.
 */
#define XENHV_EVTCHNS_PER_BUCKET	64

/* VIRQs bound per vCPU; the rest are global (xen/common/event_channel.c). */
static bool xenhv_virq_is_global(unsigned int virq)
{
	switch (virq) {
	case VIRQ_TIMER:
	case VIRQ_DEBUG:
	case VIRQ_XENOPROF:
	case VIRQ_XENPMU:
		return false;
	default:
		return true;	/* includes VIRQ_ARCH_*: arch_virq_is_global() on x86 */
	}
}

/*
 * Raise @port for @vcpu with the domain's ABI and notify as needed. The
 * 2-level ABI is called directly, and inline: every send passes here,
 * and an indirect call is a retpoline in a mitigated kernel. @ed is
 * @d's, which the caller has at hand.
 */
static __always_inline void __xenhv_evtchn_raise_port(struct xenhv_domain *d,
						      struct xenhv_evtchn_domain *ed,
						      unsigned int vcpu, unsigned int port)
{
	struct xenhv_backend *be = d->be;
	bool notify;

	if (likely(ed->abi == &xenhv_evtchn_2l_ops))
		notify = xenhv_2l_set_pending(ed, vcpu, port);
	else
		notify = ed->abi->set_pending(ed, vcpu, port);
	__xenhv_evtchn_notify(be, ed, vcpu, notify);
}

static void xenhv_evtchn_raise_port(struct xenhv_domain *d, unsigned int vcpu,
				    unsigned int port)
{
	__xenhv_evtchn_raise_port(d, d->evtchn, vcpu, port);
}

/*
 * port_is_valid(): below the valid range, which grows by bucket as ports
 * are handed out. It never passes the table (max_port + 1), and max_port
 * is below every ABI's limit (2-level's 4096, FIFO's 2^17; see
 * xenhv_evtchn_init()), so one comparison is the whole check.
 */
static bool xenhv_port_is_valid(struct xenhv_evtchn_domain *ed, u32 port)
{
	return port < ed->valid_ports;
}

static struct xenhv_evtchn *xenhv_port(struct xenhv_evtchn_domain *ed, u32 port)
{
	return &ed->ports[port];
}

/* The channel behind @port if the port is valid in Xen's sense, else NULL. */
static struct xenhv_evtchn *xenhv_valid_port(struct xenhv_evtchn_domain *ed, u32 port)
{
	return xenhv_port_is_valid(ed, port) ? xenhv_port(ed, port) : NULL;
}

/* get_free_port(): the lowest free port, growing the valid range by bucket. */
static int xenhv_get_free_port(struct xenhv_evtchn_domain *ed)
{
	unsigned int port, limit = min(ed->max_port, ed->abi->max_ports - 1);

	for (port = 0; port <= limit; port++) {
		if (ed->ports[port].state != XENHV_ECS_FREE)
			continue;
		if (ed->abi->is_busy && ed->abi->is_busy(ed, port))
			continue;	/* -EBUSY in Xen's allocator: skip it */
		/* The table's end may fall inside a bucket: never past it. */
		if (port >= ed->valid_ports)
			ed->valid_ports = min(round_up(port + 1, XENHV_EVTCHNS_PER_BUCKET),
					      ed->max_port + 1);
		return port;
	}
	return -XEN_ENOSPC;
}

/*
 * A fresh binding. The FIFO queue it was last linked on (last_vcpu,
 * last_priority) survives, as in Xen, so a stale tail can be invalidated;
 * the priority goes back to the default (evtchn_fifo_init()).
 */
static void xenhv_port_bind(struct xenhv_evtchn *chn, u8 state, u32 notify_vcpu)
{
	chn->state = state;
	chn->virq = 0;
	chn->remote_dom = 0;
	chn->remote_port = 0;
	chn->notify_vcpu = notify_vcpu;
	chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	chn->fifo_saved_pending = false;
}

/*
 * The domain @dom names for @d: itself, or the partition's other domain
 * once that has event channels. Any other id names no domain here
 * (Xen's rcu_lock_domain_by_any_id() fails: -ESRCH).
 */
static struct xenhv_domain *xenhv_evtchn_domain(struct xenhv_domain *d, domid_t dom)
{
	if (xenhv_is_self(d, dom))
		return d;
	if (d->peer && d->peer->be == d->be && d->peer->evtchn &&
	    !d->peer->evtchn->dying && dom == d->peer->domid)
		return d->peer;
	return NULL;
}

/*
 * @dom names no domain with event channels here, yet exists: dom0, when
 * the Hyper-V host plays it (xenhv_is_other_domain()). The peer exists
 * for event channels only while its channels do.
 */
static bool xenhv_evtchn_host_dom0(struct xenhv_domain *d, domid_t dom)
{
	return xenhv_is_other_domain(d, dom) && !(d->peer && dom == d->peer->domid);
}

/*
 * The ops that name the domain they act on (alloc_unbound, status,
 * reset) may name another domain only if the caller controls it:
 * XSM_TARGET in xsm/dummy.h's xsm_default_action() (the domain itself, or
 * a control domain), else -EPERM. The guest controls no other domain.
 * The backend domain, a driver domain, is also the control domain when
 * it is dom0 (@control), as Xen's initial domain is; xenhv gives that
 * privilege to the query alone (EVTCHNOP_status, what lsevtchn uses):
 * allocating or resetting the guest's ports stays -EPERM. Xen checks
 * after finding the domain and, where the op has one, the port, so the
 * errno order below is Xen's.
 */
#define XENHV_NOT_TARGET	(-XEN_EPERM)

static long xenhv_evtchn_alloc_unbound(struct xenhv_domain *d, void *arg)
{
	struct evtchn_alloc_unbound *a = arg;
	struct xenhv_domain *td = xenhv_evtchn_domain(d, a->dom);
	int port;

	if (!td)
		return xenhv_evtchn_host_dom0(d, a->dom) ? XENHV_NOT_TARGET : -XEN_ESRCH;
	port = xenhv_get_free_port(td->evtchn);
	if (port < 0)
		return port;
	if (td != d)
		return XENHV_NOT_TARGET;
	xenhv_port_bind(xenhv_port(d->evtchn, port), XENHV_ECS_UNBOUND, 0);
	xenhv_port(d->evtchn, port)->remote_dom =
		a->remote_dom == DOMID_SELF ? d->domid : a->remote_dom;
	a->port = port;
	return 0;
}

/*
 * evtchn_bind_interdomain(): the remote end may be in this domain or in
 * its peer, and must be unbound and offered to us. Both ends change
 * together; the partition's one event lock covers both domains.
 */
static long xenhv_evtchn_bind_interdomain(struct xenhv_domain *d, void *arg)
{
	struct evtchn_bind_interdomain *b = arg;
	struct xenhv_evtchn_domain *ed = d->evtchn, *red;
	struct xenhv_domain *rd = xenhv_evtchn_domain(d, b->remote_dom);
	struct xenhv_evtchn *lchn, *rchn;
	int lport;

	if (!rd && !xenhv_evtchn_host_dom0(d, b->remote_dom))
		return -XEN_ESRCH;
	if (!rd) {
		/* dom0 is found, but the host offers none of its ports: -EINVAL. */
		lport = xenhv_get_free_port(ed);
		return lport < 0 ? lport : -XEN_EINVAL;
	}
	red = rd->evtchn;
	lport = xenhv_get_free_port(ed);
	if (lport < 0)
		return lport;
	if (!xenhv_port_is_valid(red, b->remote_port))
		return -XEN_EINVAL;
	rchn = xenhv_port(red, b->remote_port);
	if (rchn->state != XENHV_ECS_UNBOUND || rchn->remote_dom != d->domid)
		return -XEN_EINVAL;

	lchn = xenhv_port(ed, lport);
	xenhv_port_bind(lchn, XENHV_ECS_INTERDOMAIN, 0);
	lchn->remote_dom = rd->domid;
	lchn->remote_port = b->remote_port;
	rchn->state = XENHV_ECS_INTERDOMAIN;
	rchn->remote_dom = d->domid;
	rchn->remote_port = lport;
	/*
	 * Xen raises the new local port at once, so an event sent before
	 * the bind is not lost (evtchn_bind_interdomain()).
	 */
	xenhv_evtchn_raise_port(d, lchn->notify_vcpu, lport);
	b->local_port = lport;
	return 0;
}

static long xenhv_evtchn_bind_virq(struct xenhv_domain *d, void *arg)
{
	struct evtchn_bind_virq *b = arg;
	struct xenhv_evtchn_domain *ed = d->evtchn;
	struct xenhv_evtchn *chn;
	int port;

	if (b->virq >= NR_VIRQS)
		return -XEN_EINVAL;
	if (xenhv_virq_is_global(b->virq) && b->vcpu != 0)
		return -XEN_EINVAL;
	if (b->vcpu >= ed->nr_vcpus)
		return -XEN_ENOENT;
	if (ed->virq_to_port[b->vcpu][b->virq])
		return -XEN_EEXIST;
	port = xenhv_get_free_port(ed);
	if (port < 0)
		return port;
	chn = xenhv_port(ed, port);
	xenhv_port_bind(chn, XENHV_ECS_VIRQ, b->vcpu);
	chn->virq = b->virq;
	ed->virq_to_port[b->vcpu][b->virq] = port;
	b->port = port;
	return 0;
}

static long xenhv_evtchn_bind_ipi(struct xenhv_domain *d, void *arg)
{
	struct evtchn_bind_ipi *b = arg;
	struct xenhv_evtchn_domain *ed = d->evtchn;
	int port;

	if (b->vcpu >= ed->nr_vcpus)
		return -XEN_ENOENT;
	port = xenhv_get_free_port(ed);
	if (port < 0)
		return port;
	xenhv_port_bind(xenhv_port(ed, port), XENHV_ECS_IPI, b->vcpu);
	b->port = port;
	return 0;
}

/*
 * EVTCHNOP_bind_pirq: Xen first rejects pirq >= d->nr_pirqs with -EINVAL.
 * xenhv's domain has no PIRQs (no emulated interrupt routing; has_pirq()
 * is false), i.e. nr_pirqs is 0, so every pirq gets that answer.
 */
static long xenhv_evtchn_bind_pirq(struct xenhv_domain *d, void *arg)
{
	return -XEN_EINVAL;
}

/* evtchn_close(): undo the binding, free the port, keep its mask bit. */
static long xenhv_evtchn_close_port(struct xenhv_domain *d, u32 port)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	struct xenhv_evtchn *chn;

	chn = xenhv_valid_port(ed, port);
	if (!chn)
		return -XEN_EINVAL;
	switch (chn->state) {
	case XENHV_ECS_FREE:
	case XENHV_ECS_RESERVED:
		return -XEN_EINVAL;
	case XENHV_ECS_UNBOUND:
	case XENHV_ECS_IPI:
		break;
	case XENHV_ECS_HV_CONN:
		ed->nr_hv_conns--;
		break;
	case XENHV_ECS_VIRQ: {
		/* A global VIRQ's binding is recorded on vCPU 0. */
		unsigned int v = xenhv_virq_is_global(chn->virq) ? 0 : chn->notify_vcpu;

		ed->virq_to_port[v][chn->virq] = 0;
		break;
	}
	case XENHV_ECS_INTERDOMAIN: {
		/* The other end goes back to waiting for a bind from us. */
		struct xenhv_domain *rd = xenhv_evtchn_domain(d, chn->remote_dom);
		struct xenhv_evtchn *peer;

		if (!rd)
			break;	/* cannot happen: a domain unbinds its peers as it goes */
		peer = xenhv_port(rd->evtchn, chn->remote_port);
		peer->state = XENHV_ECS_UNBOUND;
		peer->remote_dom = d->domid;
		peer->remote_port = 0;
		break;
	}
	default:
		return -XEN_EINVAL;
	}
	ed->abi->clear_pending(ed, port);
	xenhv_port_bind(chn, XENHV_ECS_FREE, 0);
	return 0;
}

/* Inline into the send fast path, xenhv_evtchn_send_op(). */
static __always_inline long xenhv_evtchn_send(struct xenhv_domain *d,
					      struct xenhv_evtchn_domain *ed, u32 port)
{
	struct xenhv_evtchn *chn;

	if (!xenhv_port_is_valid(ed, port))
		return -XEN_EINVAL;
	chn = xenhv_port(ed, port);
	/* The two states sends are for, tested before the rest. */
	if (likely(chn->state == XENHV_ECS_INTERDOMAIN)) {
		/* Raised in the remote domain, on the vCPU its end names. */
		struct xenhv_domain *rd = xenhv_evtchn_domain(d, chn->remote_dom);
		struct xenhv_evtchn *peer;

		if (!rd)
			return 0;
		peer = xenhv_port(rd->evtchn, chn->remote_port);
		__xenhv_evtchn_raise_port(rd, rd->evtchn, peer->notify_vcpu, chn->remote_port);
		return 0;
	}
	if (likely(chn->state == XENHV_ECS_IPI)) {
		__xenhv_evtchn_raise_port(d, ed, chn->notify_vcpu, port);
		return 0;
	}
	switch (chn->state) {
	case XENHV_ECS_HV_CONN:
		/*
		 * The peer is the host: one fast HvCallSignalEvent (TLFS 11.9.2,
		 * connection ID in bits 31:0, flag number in 47:32). A send to a
		 * peer that went away is dropped in Xen, so a refusal by
		 * Hyper-V is counted by the backend, not returned.
		 */
		xenhv_be_hypercall_fast(d->be, HVCALL_SIGNAL_EVENT,
					   chn->hv_connection | ((u64)chn->remote_port << 32), 0);
		return 0;
	case XENHV_ECS_UNBOUND:
		return 0;	/* no peer yet: silently dropped */
	default:
		return -XEN_EINVAL;
	}
}

static long xenhv_evtchn_status(struct xenhv_domain *d, void *arg)
{
	struct evtchn_status *st = arg;
	struct xenhv_domain *td = xenhv_evtchn_domain(d, st->dom);
	struct xenhv_evtchn *chn;

	if (!td)	/* dom0's ports are valid as far as we can tell: XSM's -EPERM */
		return xenhv_evtchn_host_dom0(d, st->dom) ? XENHV_NOT_TARGET : -XEN_ESRCH;
	chn = xenhv_valid_port(td->evtchn, st->port);
	if (!chn)
		return -XEN_EINVAL;
	if (td != d && !d->control)
		return XENHV_NOT_TARGET;
	switch (chn->state) {
	case XENHV_ECS_FREE:
	case XENHV_ECS_RESERVED:
		st->status = EVTCHNSTAT_closed;
		break;
	case XENHV_ECS_UNBOUND:
		st->status = EVTCHNSTAT_unbound;
		st->u.unbound.dom = chn->remote_dom;
		break;
	case XENHV_ECS_INTERDOMAIN:
	case XENHV_ECS_HV_CONN:
		st->status = EVTCHNSTAT_interdomain;
		st->u.interdomain.dom = chn->remote_dom;
		st->u.interdomain.port = chn->remote_port;
		break;
	case XENHV_ECS_VIRQ:
		st->status = EVTCHNSTAT_virq;
		st->u.virq = chn->virq;
		break;
	case XENHV_ECS_IPI:
		st->status = EVTCHNSTAT_ipi;
		break;
	}
	st->vcpu = chn->notify_vcpu;
	return 0;
}

static long xenhv_evtchn_bind_vcpu(struct xenhv_domain *d, void *arg)
{
	struct evtchn_bind_vcpu *b = arg;
	struct xenhv_evtchn_domain *ed = d->evtchn;
	struct xenhv_evtchn *chn;

	if (b->vcpu >= ed->nr_vcpus)
		return -XEN_ENOENT;
	chn = xenhv_valid_port(ed, b->port);
	if (!chn)
		return -XEN_EINVAL;
	switch (chn->state) {
	case XENHV_ECS_VIRQ:
		if (!xenhv_virq_is_global(chn->virq))
			return -XEN_EINVAL;
		fallthrough;
	case XENHV_ECS_UNBOUND:
	case XENHV_ECS_INTERDOMAIN:
	case XENHV_ECS_HV_CONN:
		chn->notify_vcpu = b->vcpu;
		return 0;
	default:
		return -XEN_EINVAL;	/* IPIs stay on their vCPU */
	}
}

static long xenhv_evtchn_unmask(struct xenhv_domain *d, u32 port)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	struct xenhv_evtchn *chn;

	chn = xenhv_valid_port(ed, port);
	if (!chn)
		return -XEN_EINVAL;
	/* evtchn_unmask() acts only on usable ports, and succeeds regardless. */
	if (chn->state > XENHV_ECS_RESERVED && ed->abi->unmask(ed, chn->notify_vcpu, port))
		xenhv_vcpu_kick(d, chn->notify_vcpu);
	return 0;
}

/* EVTCHNOP_set_priority: FIFO only; takes effect when next raised. */
static long xenhv_evtchn_set_priority(struct xenhv_domain *d, void *arg)
{
	struct evtchn_set_priority *sp = arg;
	struct xenhv_evtchn_domain *ed = d->evtchn;

	if (!xenhv_port_is_valid(ed, sp->port))
		return -XEN_EINVAL;
	if (ed->abi != &xenhv_evtchn_fifo_ops)
		return -XEN_ENOSYS;
	if (xenhv_port(ed, sp->port)->state <= XENHV_ECS_RESERVED)
		return -XEN_EACCES;
	if (sp->priority > EVTCHN_FIFO_PRIORITY_MIN)
		return -XEN_EINVAL;
	xenhv_port(ed, sp->port)->priority = sp->priority;
	return 0;
}

/*
 * Back to 2-level, as evtchn_reset() goes: evtchn_fifo_destroy() gives
 * back FIFO's guest pages, then evtchn_2l_init() puts the 2-level ABI
 * back. The choice of ABI is the core's; FIFO installs itself only when
 * the guest asks for it (EVTCHNOP_init_control).
 */
static void xenhv_evtchn_fifo_to_2l(struct xenhv_domain *d)
{
	xenhv_evtchn_fifo_destroy(d);
	d->evtchn->abi = &xenhv_evtchn_2l_ops;
}

/*
 * EVTCHNOP_reset: close every port. Xen does it preemptibly and may
 * continue as reset_cont; xenhv's table is small enough to close in one
 * go, so reset always completes and reset_cont has nothing to resume
 * (-EBUSY, as Xen answers when no reset is in progress).
 */
static long xenhv_evtchn_reset(struct xenhv_domain *d, struct evtchn_reset *r,
			       bool cont)
{
	struct xenhv_domain *td = xenhv_evtchn_domain(d, r->dom);
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned int port;

	if (!td)
		return xenhv_evtchn_host_dom0(d, r->dom) ? XENHV_NOT_TARGET : -XEN_ESRCH;
	if (td != d)
		return XENHV_NOT_TARGET;
	if (cont)
		return -XEN_EBUSY;
	for (port = 1; port < ed->valid_ports; port++)
		if (ed->ports[port].state > XENHV_ECS_RESERVED)
			xenhv_evtchn_close_port(d, port);
	/* A reset domain starts over on 2-level. */
	if (ed->abi == &xenhv_evtchn_fifo_ops)
		xenhv_evtchn_fifo_to_2l(d);
	return 0;
}

/* Adapters so every EVTCHNOP takes its argument struct. */
static long xenhv_evop_close(struct xenhv_domain *d, void *op)
{
	return xenhv_evtchn_close_port(d, ((struct evtchn_close *)op)->port);
}

static long xenhv_evop_unmask(struct xenhv_domain *d, void *op)
{
	return xenhv_evtchn_unmask(d, ((struct evtchn_unmask *)op)->port);
}

static long xenhv_evop_reset(struct xenhv_domain *d, void *op)
{
	return xenhv_evtchn_reset(d, op, false);
}

static long xenhv_evop_reset_cont(struct xenhv_domain *d, void *op)
{
	return xenhv_evtchn_reset(d, op, true);
}

#define XENHV_EVOP(cmd, type, fn, back) \
	[cmd] = { .size = sizeof(type), .copy_back = back, .handler = fn }

/* Each EVTCHNOP: its argument, whether Xen copies it back on success, its handler. */
static const struct {
	u8 size;
	bool copy_back;
	long (*handler)(struct xenhv_domain *d, void *op);
} xenhv_evtchn_ops[] = {
	XENHV_EVOP(EVTCHNOP_bind_interdomain, struct evtchn_bind_interdomain,
		   xenhv_evtchn_bind_interdomain, true),
	XENHV_EVOP(EVTCHNOP_bind_virq, struct evtchn_bind_virq, xenhv_evtchn_bind_virq, true),
	XENHV_EVOP(EVTCHNOP_bind_pirq, struct evtchn_bind_pirq, xenhv_evtchn_bind_pirq, true),
	XENHV_EVOP(EVTCHNOP_close, struct evtchn_close, xenhv_evop_close, false),
	/* EVTCHNOP_send: the fast path, xenhv_evtchn_send_op(), never here. */
	XENHV_EVOP(EVTCHNOP_status, struct evtchn_status, xenhv_evtchn_status, true),
	XENHV_EVOP(EVTCHNOP_alloc_unbound, struct evtchn_alloc_unbound,
		   xenhv_evtchn_alloc_unbound, true),
	XENHV_EVOP(EVTCHNOP_bind_ipi, struct evtchn_bind_ipi, xenhv_evtchn_bind_ipi, true),
	XENHV_EVOP(EVTCHNOP_bind_vcpu, struct evtchn_bind_vcpu, xenhv_evtchn_bind_vcpu, false),
	XENHV_EVOP(EVTCHNOP_unmask, struct evtchn_unmask, xenhv_evop_unmask, false),
	XENHV_EVOP(EVTCHNOP_reset, struct evtchn_reset, xenhv_evop_reset, false),
	XENHV_EVOP(EVTCHNOP_init_control, struct evtchn_init_control,
		   xenhv_evtchn_fifo_init_control, true),
	XENHV_EVOP(EVTCHNOP_expand_array, struct evtchn_expand_array,
		   xenhv_evtchn_fifo_expand_array, false),
	XENHV_EVOP(EVTCHNOP_set_priority, struct evtchn_set_priority,
		   xenhv_evtchn_set_priority, false),
	XENHV_EVOP(EVTCHNOP_reset_cont, struct evtchn_reset, xenhv_evop_reset_cont, false),
};

/* Every op but EVTCHNOP_send: the table, the argument copied in and out. */
static noinline long xenhv_event_channel_op_table(struct xenhv_domain *d, int cmd,
						  unsigned long arg)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	u64 op[4];	/* the largest argument, evtchn_status, is 24 bytes */
	unsigned long flags;
	size_t size;
	long ret;

	if (cmd < 0 || cmd >= (int)ARRAY_SIZE(xenhv_evtchn_ops) ||
	    !xenhv_evtchn_ops[cmd].handler || !ed)
		return -XEN_ENOSYS;
	cmd = array_index_nospec(cmd, ARRAY_SIZE(xenhv_evtchn_ops));
	size = xenhv_evtchn_ops[cmd].size;
	if (xenhv_copy_from_guest(d, op, arg, size))
		return -XEN_EFAULT;

	spin_lock_irqsave(ed->lock, flags);
	ret = xenhv_evtchn_ops[cmd].handler(d, op);
	spin_unlock_irqrestore(ed->lock, flags);

	/* Xen copies OUT fields back only on success; the op stays done. */
	if (!ret && xenhv_evtchn_ops[cmd].copy_back && xenhv_copy_to_guest(d, arg, op, size))
		return -XEN_EFAULT;
	return ret;
}

/**
 * xenhv_evtchn_send_op - HYPERVISOR_event_channel_op(EVTCHNOP_send, @arg)
 * @d: the calling domain
 * @arg: guest address of its struct evtchn_send
 *
 * The hot path (every notification): a 4-byte argument, no table walk,
 * no copy back, and none of the other ops' stack frame. Same checks and
 * answers as the table. The dispatcher calls it directly.
 *
 * Return: 0, or Xen's errno for the send.
 */
long xenhv_evtchn_send_op(struct xenhv_domain *d, unsigned long arg)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	long port, ret;

	if (unlikely(!ed))
		return -XEN_ENOSYS;	/* as the table answers a domain without events */
	/* The port, as a value: read_guest_u32() keeps it out of memory. */
	port = xenhv_be_read_guest_u32(d->be, arg);
	if (port < 0)
		return -XEN_EFAULT;
	spin_lock_irqsave(ed->lock, flags);
	ret = xenhv_evtchn_send(d, ed, port);
	spin_unlock_irqrestore(ed->lock, flags);
	return ret;
}

/**
 * xenhv_event_channel_op_args - HYPERVISOR_event_channel_op
 * @d: the calling domain
 * @args: cmd and the guest address of its argument, as the dispatcher
 *	holds them (the table calls this directly: no wrapper)
 *
 * Return: the sub-op's answer, as Xen's do_event_channel_op() gives it.
 */
long xenhv_event_channel_op_args(struct xenhv_domain *d, unsigned long *args)
{
	int cmd = (int)args[0];	/* Xen's parameter is an int: the low 32 bits */

	if (cmd == EVTCHNOP_send)
		return xenhv_evtchn_send_op(d, args[1]);
	return xenhv_event_channel_op_table(d, cmd, args[1]);
}

/**
 * xenhv_evtchn_waiting - a vCPU starts or stops waiting for an event
 * @d: the domain
 * @waiting: true before SCHEDOP_poll or SCHEDOP_block waits, false after
 *
 * Counted under the event lock, which a raise holds too: a raise either
 * sees the count and wakes the waiter, or came first and the waiter's
 * own check (after it counted itself) sees the event.
 */
void xenhv_evtchn_waiting(struct xenhv_domain *d, bool waiting)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned long flags;

	spin_lock_irqsave(ed->lock, flags);
	if (waiting)
		ed->nr_waiters++;
	else
		ed->nr_waiters--;
	spin_unlock_irqrestore(ed->lock, flags);
}

/**
 * xenhv_evtchn_connect_hv - bind a port to a host-created Hyper-V connection
 * @d: the domain
 * @port: a port the guest allocated with alloc_unbound for dom0 (the host)
 * @connection_id: the Hyper-V connection the host created for this guest
 * @flag: the event flag the host signals, and the guest signals it by
 *
 * Explicit configuration (by the administrator or an in-kernel backend):
 * Hyper-V accepts HvCallSignalEvent only for connections the host made.
 * The port becomes interdomain with dom0, its peer port being @flag.
 *
 * Return: 0; -XEN_EINVAL if @port is not unbound-for-dom0 or @flag is
 * out of range; -XEN_EEXIST if another port already has @flag.
 */
int xenhv_evtchn_connect_hv(struct xenhv_domain *d, u32 port, u32 connection_id, u32 flag)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	struct xenhv_evtchn *chn;
	unsigned long flags;
	unsigned int p;
	int ret = 0;

	if (flag >= HV_EVENT_FLAGS_COUNT)
		return -XEN_EINVAL;
	spin_lock_irqsave(ed->lock, flags);
	if (!xenhv_port_is_valid(ed, port)) {
		ret = -XEN_EINVAL;
		goto out;
	}
	chn = xenhv_port(ed, port);
	if (chn->state != XENHV_ECS_UNBOUND || chn->remote_dom != XENHV_HOST_DOMID) {
		ret = -XEN_EINVAL;
		goto out;
	}
	for (p = 1; p < ed->valid_ports; p++)
		if (ed->ports[p].state == XENHV_ECS_HV_CONN && ed->ports[p].remote_port == flag) {
			ret = -XEN_EEXIST;
			goto out;
		}
	chn->state = XENHV_ECS_HV_CONN;
	chn->hv_connection = connection_id;
	chn->remote_port = flag;
	ed->nr_hv_conns++;
out:
	spin_unlock_irqrestore(ed->lock, flags);
	return ret;
}

/**
 * xenhv_evtchn_hv_event - the host signalled event flag @flag
 * @d: the domain
 * @flag: the flag found set in xenhv's SINT event flags
 *
 * Return: true if a port is bound to @flag (and was raised).
 */
bool xenhv_evtchn_hv_event(struct xenhv_domain *d, u32 flag)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	bool found = false;
	unsigned int p;

	if (!ed)
		return false;
	spin_lock_irqsave(ed->lock, flags);
	for (p = 1; p < ed->valid_ports && ed->nr_hv_conns; p++) {
		struct xenhv_evtchn *chn = &ed->ports[p];

		if (chn->state == XENHV_ECS_HV_CONN && chn->remote_port == flag) {
			xenhv_evtchn_raise_port(d, chn->notify_vcpu, p);
			found = true;
			break;
		}
	}
	spin_unlock_irqrestore(ed->lock, flags);
	return found;
}

bool xenhv_evtchn_has_hv_conns(struct xenhv_domain *d)
{
	return d->evtchn && READ_ONCE(d->evtchn->nr_hv_conns);
}

/**
 * xenhv_evtchn_raise_virq - raise a VIRQ from one of xenhv's own sources
 * @d: the domain
 * @vcpu: the vCPU the source belongs to (any, for a global VIRQ)
 * @virq: VIRQ_*
 *
 * Return: true if the VIRQ was bound (and so raised).
 */
bool xenhv_evtchn_raise_virq(struct xenhv_domain *d, unsigned int vcpu, unsigned int virq)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	bool bound = false;
	u32 port;

	if (!ed || virq >= NR_VIRQS || vcpu >= ed->nr_vcpus)
		return false;
	spin_lock_irqsave(ed->lock, flags);
	port = ed->virq_to_port[xenhv_virq_is_global(virq) ? 0 : vcpu][virq];
	if (port) {
		xenhv_evtchn_raise_port(d, xenhv_port(ed, port)->notify_vcpu, port);
		bound = true;
	}
	spin_unlock_irqrestore(ed->lock, flags);
	return bound;
}

/* HVMOP_set_evtchn_upcall_vector: record, and deliver what is pending. */
void xenhv_evtchn_set_upcall_vector(struct xenhv_domain *d, unsigned int vcpu, u8 vector)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned long flags;

	spin_lock_irqsave(ed->lock, flags);
	ed->vcpus[vcpu].upcall_vector = vector;
	if (xenhv_evtchn_upcall_pending(d, vcpu))
		xenhv_vcpu_kick(d, vcpu);
	spin_unlock_irqrestore(ed->lock, flags);
}

/**
 * xenhv_evtchn_vcpu_up - a vCPU's upcall vector is back (its CPU came online)
 * @d: the domain
 * @vcpu: the vCPU, on which this runs
 *
 * While a vCPU had no vector its events stayed pending with no upcall,
 * and a later event in the same selector word will not kick it (its
 * upcall_pending is already 1). Xen's hvmop_set_evtchn_upcall_vector()
 * asserts the upcall when a vector is set (xen/arch/x86/hvm/hvm.c); here,
 * as in xenhv_evtchn_set_upcall_vector(), only if one is pending.
 */
void xenhv_evtchn_vcpu_up(struct xenhv_domain *d, unsigned int vcpu)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned long flags;

	if (!ed || vcpu >= ed->nr_vcpus)
		return;
	spin_lock_irqsave(ed->lock, flags);
	if (xenhv_evtchn_upcall_pending(d, vcpu))
		xenhv_vcpu_kick(d, vcpu);
	spin_unlock_irqrestore(ed->lock, flags);
}

bool xenhv_evtchn_upcall_pending(struct xenhv_domain *d, unsigned int vcpu)
{
	struct vcpu_info *vi;

	if (!d->evtchn)
		return false;
	vi = xenhv_evtchn_vcpu_info(d->evtchn, vcpu);
	return vi && READ_ONCE(vi->evtchn_upcall_pending);
}

/**
 * xenhv_evtchn_poll_ports - SCHEDOP_poll's check of its ports
 * @d: the domain
 * @ports: the ports
 * @n: how many
 *
 * Return: 1 if one is pending, 0 if none, -XEN_EINVAL if one is not a
 * valid, usable port (evtchn_port_poll(); port 0 included).
 */
int xenhv_evtchn_poll_ports(struct xenhv_domain *d, const u32 *ports, unsigned int n)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	unsigned int i;
	int ret = 0;

	spin_lock_irqsave(ed->lock, flags);
	for (i = 0; i < n; i++) {
		if (!xenhv_port_is_valid(ed, ports[i]) ||
		    xenhv_port(ed, ports[i])->state <= XENHV_ECS_RESERVED) {
			ret = -XEN_EINVAL;
			break;
		}
		if (ed->abi->is_pending(ed, ports[i])) {
			ret = 1;
			break;
		}
	}
	spin_unlock_irqrestore(ed->lock, flags);
	return ret;
}

/* vcpu_block_enable_events(): SCHEDOP_block lets the upcall through. */
void xenhv_evtchn_enable_events(struct xenhv_domain *d, unsigned int vcpu)
{
	struct vcpu_info *vi = d->evtchn ? xenhv_evtchn_vcpu_info(d->evtchn, vcpu) : NULL;

	if (vi)
		WRITE_ONCE(vi->evtchn_upcall_mask, 0);
}

int xenhv_evtchn_init(struct xenhv_domain *d, unsigned int max_port)
{
	struct xenhv_evtchn_domain *ed;

	ed = kzalloc(sizeof(*ed), GFP_KERNEL);
	if (!ed)
		return -ENOMEM;
	ed->lock = &d->be->event_lock;
	ed->abi = &xenhv_evtchn_2l_ops;
	ed->max_port = min(max_port, ed->abi->max_ports - 1);
	ed->nr_vcpus = d->be->nr_vcpus;
	ed->ports = kcalloc(ed->max_port + 1, sizeof(*ed->ports), GFP_KERNEL);
	ed->vcpus = kcalloc(ed->nr_vcpus, sizeof(*ed->vcpus), GFP_KERNEL);
	ed->virq_to_port = kcalloc(ed->nr_vcpus, sizeof(*ed->virq_to_port), GFP_KERNEL);
	if (!ed->ports || !ed->vcpus || !ed->virq_to_port || xenhv_shinfo_init(ed)) {
		kfree(ed->ports);
		kfree(ed->vcpus);
		kfree(ed->virq_to_port);
		kfree(ed);
		return -ENOMEM;
	}
	/* evtchn_init(): port 0 is reserved, so the first port handed out is 1. */
	ed->ports[0].state = XENHV_ECS_RESERVED;
	ed->ports[0].priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	ed->ports[0].last_priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	ed->valid_ports = min(XENHV_EVTCHNS_PER_BUCKET, ed->max_port + 1);
	d->evtchn = ed;
	return 0;
}

void xenhv_evtchn_destroy(struct xenhv_domain *d)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	unsigned int port;

	if (!ed)
		return;
	/*
	 * evtchn_destroy() closes every port: the peer's ends of our
	 * interdomain channels go back to unbound, waiting for us, and the
	 * peer stops seeing this domain before its state goes.
	 */
	spin_lock_irqsave(ed->lock, flags);
	for (port = 1; port < ed->valid_ports; port++)
		if (ed->ports[port].state == XENHV_ECS_INTERDOMAIN &&
		    ed->ports[port].remote_dom != d->domid)
			xenhv_evtchn_close_port(d, port);
	ed->dying = true;
	spin_unlock_irqrestore(ed->lock, flags);
	/* Give back every guest page the domain holds (Xen's put_page()s). */
	if (ed->abi == &xenhv_evtchn_fifo_ops)
		xenhv_evtchn_fifo_to_2l(d);
	xenhv_shinfo_put_pages(d);
	/*
	 * The peer reads d->evtchn (and ->dying) under the event lock: it
	 * goes under the lock too, so a peer's op holding it sees either the
	 * dying state, still allocated, or none.
	 */
	spin_lock_irqsave(ed->lock, flags);
	d->evtchn = NULL;
	spin_unlock_irqrestore(ed->lock, flags);
	kfree(ed->ports);
	kfree(ed->vcpus);
	kfree(ed->virq_to_port);
	xenhv_shinfo_free(ed);
	kfree(ed);
}
