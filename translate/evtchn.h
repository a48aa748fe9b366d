/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event channels inside the engine: port table, per-vCPU state, and the
 * ops table each ABI (2-level, FIFO) implements behind the shared core.
 */
#ifndef _XENHV_EVTCHN_H
#define _XENHV_EVTCHN_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/spinlock.h>
#include <xen/interface/event_channel.h>
#include "xenhv_engine.h"
#include "domain.h"

#ifndef EVTCHNOP_reset_cont
#define EVTCHNOP_reset_cont	14
#endif

/* Xen's channel states (xen/include/xen/sched.h ECS_*). */
enum xenhv_ecs {
	XENHV_ECS_FREE,
	XENHV_ECS_RESERVED,
	XENHV_ECS_UNBOUND,
	XENHV_ECS_INTERDOMAIN,
	XENHV_ECS_PIRQ,
	XENHV_ECS_VIRQ,
	XENHV_ECS_IPI,
	XENHV_ECS_HV_CONN,	/* interdomain, its peer a Hyper-V host connection */
};

/* The Xen domain the Hyper-V host (root partition) plays: dom0. */
#define XENHV_HOST_DOMID	0

struct xenhv_evtchn {
	u8 state;
	u8 virq;		/* XENHV_ECS_VIRQ */
	domid_t remote_dom;	/* UNBOUND: who may bind; INTERDOMAIN: peer */
	u32 remote_port;	/* INTERDOMAIN; HV_CONN: the host's event flag */
	u32 hv_connection;	/* HV_CONN: the Hyper-V connection ID */
	u32 notify_vcpu;	/* below nr_vcpus: checked where it is set */
	/* FIFO: queue it joins next, and the queue it was last linked on. */
	u8 priority;
	u8 last_priority;
	bool fifo_saved_pending;	/* raised before its event word existed */
	u32 last_vcpu;
};

/* One FIFO queue: the head is in the guest's control block, the tail ours. */
struct xenhv_fifo_queue {
	u32 tail;
	u8 priority;
};

struct xenhv_fifo_vcpu {
	struct evtchn_fifo_control_block *cb;
	struct xenhv_fifo_queue q[EVTCHN_FIFO_MAX_QUEUES];
};

/* 2^17 ports / 1024 event words per page. */
#define XENHV_FIFO_MAX_PAGES	(EVTCHN_FIFO_NR_CHANNELS / (PAGE_SIZE / sizeof(event_word_t)))

struct xenhv_evtchn_vcpu {
	/*
	 * The vcpu_info events go to: the registered one, else the slot in
	 * shared_info (hidden or mapped), else NULL. Kept current where either
	 * moves (shinfo.c), so a raise reads one word.
	 */
	struct vcpu_info *vcpu_info;
	bool vcpu_info_registered;
	u8 upcall_vector;		/* HVMOP_set_evtchn_upcall_vector, 0 = none */
};

struct xenhv_evtchn_domain;

/**
 * struct xenhv_evtchn_port_ops - one event-channel ABI (2-level or FIFO)
 * @name: for logs
 * @max_ports: the ABI's limit on port numbers
 * @set_pending: raise @port for @vcpu; returns true if the vCPU must be
 *	notified (its upcall_pending went from 0 to 1)
 * @clear_pending: on close
 * @unmask: clear the mask; returns true if that must notify
 * @is_pending: for SCHEDOP_poll
 * @is_masked: for tests and status
 * @is_busy: the port may not be reused yet (FIFO: still LINKED); optional
 */
struct xenhv_evtchn_port_ops {
	const char *name;
	unsigned int max_ports;
	bool (*set_pending)(struct xenhv_evtchn_domain *ed, unsigned int vcpu,
			    unsigned int port);
	void (*clear_pending)(struct xenhv_evtchn_domain *ed, unsigned int port);
	bool (*unmask)(struct xenhv_evtchn_domain *ed, unsigned int vcpu,
		       unsigned int port);
	bool (*is_pending)(struct xenhv_evtchn_domain *ed, unsigned int port);
	bool (*is_masked)(struct xenhv_evtchn_domain *ed, unsigned int port);
	bool (*is_busy)(struct xenhv_evtchn_domain *ed, unsigned int port);
};

extern const struct xenhv_evtchn_port_ops xenhv_evtchn_2l_ops;
extern const struct xenhv_evtchn_port_ops xenhv_evtchn_fifo_ops;

struct xenhv_evtchn_domain {
	spinlock_t *lock;		/* ports, vcpus, abi: the partition's event_lock */
	/* 2-level from the core (init, reset); FIFO from its init_control */
	const struct xenhv_evtchn_port_ops *abi;
	/* shared_info: placed by shinfo.c, read by every raise. */
	struct shared_info *shinfo;	/* where events land: guest page or hidden; never NULL */
	struct shared_info *hidden_shinfo; /* Xen's page while the guest maps none */
	u64 shinfo_gfn;			/* valid while shinfo != hidden_shinfo */
	unsigned int max_port;		/* highest port the guest may get */
	unsigned int valid_ports;	/* ports below are "valid": by bucket, <= max_port + 1 */
	struct xenhv_evtchn *ports;	/* [max_port + 1] */
	unsigned int nr_vcpus;
	/*
	 * Per vCPU: what a raise reads (16 bytes, so indexing is a shift),
	 * and apart from it, the VIRQ bindings (the port of each, 0 = none).
	 */
	struct xenhv_evtchn_vcpu *vcpus;
	u32 (*virq_to_port)[NR_VIRQS];
	u64 callback_irq;		/* HVM_PARAM_CALLBACK_IRQ as set */
	unsigned int nr_hv_conns;	/* ports bound to host connections */
	bool dying;			/* being destroyed: its peer no longer sees it */
	unsigned int nr_waiters;	/* vCPUs in SCHEDOP_poll or _block (Xen's poll_mask) */
	/* FIFO, once the guest switched to it */
	struct xenhv_fifo_vcpu *fifo_vcpus;
	event_word_t *fifo_pages[XENHV_FIFO_MAX_PAGES];
	unsigned int fifo_nr_pages;
};

/* evtchn_fifo.c: the FIFO-only operations. */
long xenhv_evtchn_fifo_init_control(struct xenhv_domain *d, void *arg);
long xenhv_evtchn_fifo_expand_array(struct xenhv_domain *d, void *arg);
void xenhv_evtchn_fifo_destroy(struct xenhv_domain *d);

/*
 * The 2-level selector lives in vcpu_info; NULL if the vCPU has none.
 * Inline: every event raised looks it up (map_vcpu_info() in Xen 4.17
 * common/domain.c switches v->vcpu_info from shared_info to the page the
 * guest registered; xenhv keeps the pointer the same way).
 */
static inline struct vcpu_info *xenhv_evtchn_vcpu_info(struct xenhv_evtchn_domain *ed,
							unsigned int vcpu)
{
	if (unlikely(vcpu >= ed->nr_vcpus))
		return NULL;
	return ed->vcpus[vcpu].vcpu_info;
}

/*
 * vcpu_mark_events_pending(): mark @vcpu's upcall pending; only a 0 -> 1
 * transition needs a notify, so true then.
 */
static inline bool xenhv_evtchn_mark_vcpu_pending(struct xenhv_evtchn_domain *ed,
						  unsigned int vcpu)
{
	struct vcpu_info *vi = xenhv_evtchn_vcpu_info(ed, vcpu);

	return vi && !xchg(&vi->evtchn_upcall_pending, 1);
}

/*
 * What follows an ABI's set_pending, event lock held: kick @vcpu if it
 * must be @notify'd, and evtchn_check_pollers(): even a masked port wakes
 * SCHEDOP_poll, and nothing is done while no vCPU waits (Xen's
 * bitmap_empty(poll_mask) test), the common case: no backend call, no
 * barrier.
 */
static __always_inline void __xenhv_evtchn_notify(struct xenhv_backend *be,
						  struct xenhv_evtchn_domain *ed,
						  unsigned int vcpu, bool notify)
{
	lockdep_assert_held(ed->lock);
	if (notify)
		__xenhv_vcpu_kick(be, vcpu);
	if (unlikely(ed->nr_waiters))
		xenhv_be_wake_blocked(be);
}

/*
 * shinfo.c: shared_info from domain creation (a hidden page), the guest
 * pages given back, the hidden page freed.
 */
int xenhv_shinfo_init(struct xenhv_evtchn_domain *ed);
void xenhv_shinfo_put_pages(struct xenhv_domain *d);
void xenhv_shinfo_free(struct xenhv_evtchn_domain *ed);

/* The 2-level ABI's word size and port count (64 x 64). */
#define XENHV_2L_BITS		(sizeof(xen_ulong_t) * 8)
#define XENHV_2L_NR_CHANNELS	(XENHV_2L_BITS * XENHV_2L_BITS)	/* 4096 */

/*
 * evtchn_2l_set_pending(): set the pending bit; stop if it was already
 * set; if the port is not masked, set its selector bit, and if that was
 * newly set, mark the vCPU pending. Each test_and_set is the guest-visible
 * atomic the guest's own clearing races with, so the order matters.
 * Here, not in evtchn_2l.c: the send path calls it directly, inline.
 */
static inline bool xenhv_2l_set_pending(struct xenhv_evtchn_domain *ed, unsigned int vcpu,
					unsigned int port)
{
	struct shared_info *s = ed->shinfo;
	struct vcpu_info *vi;

	if (port >= XENHV_2L_NR_CHANNELS)
		return false;
	if (test_and_set_bit(port, (unsigned long *)s->evtchn_pending))
		return false;
	if (test_bit(port, (unsigned long *)s->evtchn_mask))
		return false;
	/* A port's notify_vcpu is always in range: no bound check here. */
	vi = ed->vcpus[vcpu].vcpu_info;
	if (!vi)
		return false;
	if (test_and_set_bit(port / XENHV_2L_BITS,
			     (unsigned long *)&vi->evtchn_pending_sel))
		return false;
	/* vcpu_mark_events_pending() on the vcpu_info already in hand. */
	return !xchg(&vi->evtchn_upcall_pending, 1);
}

#endif /* _XENHV_EVTCHN_H */
