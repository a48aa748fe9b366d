// SPDX-License-Identifier: GPL-2.0
/*
 * The FIFO event-channel ABI: per-port event words in guest pages, 16
 * priority queues per vCPU whose heads live in a guest control block
 * (xen/common/event_fifo.c; xen/include/public/event_channel.h).
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/bitops.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/atomic.h>
#include "evtchn.h"

#define XENHV_FIFO_WORDS_PER_PAGE	(PAGE_SIZE / sizeof(event_word_t))

/*
 * Event words are 32-bit, but atomic bitops work on aligned longs: address
 * the containing long and shift the bit, as Linux's events_fifo.c does.
 */
static unsigned long *xenhv_word_long(event_word_t *w)
{
	return (unsigned long *)((unsigned long)w & ~(sizeof(long) - 1));
}

static unsigned int xenhv_word_bit(event_word_t *w, unsigned int bit)
{
	return ((unsigned long)w & (sizeof(long) - 1)) * 8 + bit;
}

static bool xenhv_w_test_and_set(event_word_t *w, unsigned int bit)
{
	return test_and_set_bit(xenhv_word_bit(w, bit), xenhv_word_long(w));
}

static void xenhv_w_set(event_word_t *w, unsigned int bit)
{
	set_bit(xenhv_word_bit(w, bit), xenhv_word_long(w));
}

static void xenhv_w_clear(event_word_t *w, unsigned int bit)
{
	clear_bit(xenhv_word_bit(w, bit), xenhv_word_long(w));
}

static bool xenhv_w_test(event_word_t *w, unsigned int bit)
{
	return test_bit(xenhv_word_bit(w, bit), xenhv_word_long(w));
}

static event_word_t *xenhv_fifo_word(struct xenhv_evtchn_domain *ed, unsigned int port)
{
	unsigned int page = port / XENHV_FIFO_WORDS_PER_PAGE;

	if (page >= ed->fifo_nr_pages)
		return NULL;
	return ed->fifo_pages[page] + port % XENHV_FIFO_WORDS_PER_PAGE;
}

/*
 * try_set_link(): point a LINKED word's LINK at @link, clearing BUSY.
 * 1 = linked, 0 = the word is no longer LINKED (queue drained), -EAGAIN =
 * the guest changed the word under us.
 */
static int xenhv_fifo_try_set_link(event_word_t *word, event_word_t *w, u32 link)
{
	event_word_t old, new;

	if (!(*w & BIT(EVTCHN_FIFO_LINKED)))
		return 0;
	old = *w;
	new = (old & ~(BIT(EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK)) | link;
	*w = cmpxchg(word, old, new);
	return *w == old ? 1 : -EAGAIN;
}

/*
 * evtchn_fifo_set_link(): the guest may only set/clear MASKED, clear
 * PENDING, or clear LINKED on a linked word; BUSY holds off its unmask, so
 * the cmpxchg can lose at most 4 races. Like Xen, give up then and report
 * "linked" so the event is at least not lost from the queue's view.
 */
static bool xenhv_fifo_set_link(event_word_t *word, u32 link)
{
	event_word_t w = READ_ONCE(*word);
	unsigned int try;
	int ret;

	ret = xenhv_fifo_try_set_link(word, &w, link);
	if (ret >= 0)
		return ret;
	xenhv_w_set(word, EVTCHN_FIFO_BUSY);
	w = READ_ONCE(*word);
	for (try = 0; try < 4; try++) {
		ret = xenhv_fifo_try_set_link(word, &w, link);
		if (ret >= 0) {
			if (!ret)
				xenhv_w_clear(word, EVTCHN_FIFO_BUSY);
			return ret;
		}
	}
	xenhv_w_clear(word, EVTCHN_FIFO_BUSY);
	return true;
}

/*
 * evtchn_fifo_set_pending(): PENDING; then, unless MASKED or already
 * LINKED, append the port to its priority's queue on @vcpu; an empty queue
 * gets it as head and sets the queue's READY bit, and a newly ready queue
 * marks the vCPU pending.
 */
static bool xenhv_fifo_set_pending(struct xenhv_evtchn_domain *ed, unsigned int vcpu,
				   unsigned int port)
{
	struct xenhv_evtchn *chn = &ed->ports[port];
	struct xenhv_fifo_vcpu *fv;
	struct xenhv_fifo_queue *q, *old_q;
	event_word_t *word = xenhv_fifo_word(ed, port);
	bool linked = false;

	if (!word) {
		/* No event word yet: remembered, raised when the page arrives. */
		chn->fifo_saved_pending = true;
		return false;
	}
	fv = vcpu < ed->nr_vcpus ? &ed->fifo_vcpus[vcpu] : NULL;
	if (!fv || !fv->cb)
		return false;	/* no control block on that vCPU: dropped, as in Xen */

	xenhv_w_test_and_set(word, EVTCHN_FIFO_PENDING);
	if (xenhv_w_test(word, EVTCHN_FIFO_MASKED) || xenhv_w_test(word, EVTCHN_FIFO_LINKED))
		return false;

	q = &fv->q[chn->priority];
	old_q = &ed->fifo_vcpus[chn->last_vcpu].q[chn->last_priority];
	if (xenhv_w_test_and_set(word, EVTCHN_FIFO_LINKED))
		return false;
	/*
	 * If the port was its old queue's tail, that queue is now empty: drop
	 * the stale tail so a later event there does not link onto this one.
	 */
	if (old_q->tail == port)
		old_q->tail = 0;
	chn->last_vcpu = vcpu;
	chn->last_priority = chn->priority;

	if (q->tail) {
		event_word_t *tail_word = xenhv_fifo_word(ed, q->tail);

		if (tail_word)
			linked = xenhv_fifo_set_link(tail_word, port);
	}
	if (!linked)
		WRITE_ONCE(fv->cb->head[q->priority], port);
	q->tail = port;

	if (!linked && !test_and_set_bit(q->priority, (unsigned long *)&fv->cb->ready))
		return xenhv_evtchn_mark_vcpu_pending(ed, vcpu);
	return false;
}

static void xenhv_fifo_clear_pending(struct xenhv_evtchn_domain *ed, unsigned int port)
{
	event_word_t *word = xenhv_fifo_word(ed, port);

	ed->ports[port].fifo_saved_pending = false;
	if (word)
		xenhv_w_clear(word, EVTCHN_FIFO_PENDING);
}

static bool xenhv_fifo_unmask(struct xenhv_evtchn_domain *ed, unsigned int vcpu,
			      unsigned int port)
{
	event_word_t *word = xenhv_fifo_word(ed, port);

	if (!word)
		return false;
	xenhv_w_clear(word, EVTCHN_FIFO_MASKED);
	if (!xenhv_w_test(word, EVTCHN_FIFO_PENDING))
		return false;
	return xenhv_fifo_set_pending(ed, vcpu, port);
}

static bool xenhv_fifo_is_pending(struct xenhv_evtchn_domain *ed, unsigned int port)
{
	event_word_t *word = xenhv_fifo_word(ed, port);

	return word ? xenhv_w_test(word, EVTCHN_FIFO_PENDING) :
		      ed->ports[port].fifo_saved_pending;
}

static bool xenhv_fifo_is_masked(struct xenhv_evtchn_domain *ed, unsigned int port)
{
	event_word_t *word = xenhv_fifo_word(ed, port);

	return !word || xenhv_w_test(word, EVTCHN_FIFO_MASKED);
}

/* A still-LINKED port cannot be reused until the guest has consumed it. */
static bool xenhv_fifo_is_busy(struct xenhv_evtchn_domain *ed, unsigned int port)
{
	event_word_t *word = xenhv_fifo_word(ed, port);

	return word && xenhv_w_test(word, EVTCHN_FIFO_LINKED);
}

const struct xenhv_evtchn_port_ops xenhv_evtchn_fifo_ops = {
	.name = "FIFO",
	.max_ports = EVTCHN_FIFO_NR_CHANNELS,
	.set_pending = xenhv_fifo_set_pending,
	.clear_pending = xenhv_fifo_clear_pending,
	.unmask = xenhv_fifo_unmask,
	.is_pending = xenhv_fifo_is_pending,
	.is_masked = xenhv_fifo_is_masked,
	.is_busy = xenhv_fifo_is_busy,
};

/*
 * EVTCHNOP_init_control (evtchn_fifo_init_control()): map @vcpu's control
 * block; the first call switches the domain to FIFO, carrying each bound
 * port's 2-level pending bit along (raised again once its event word
 * exists) at the default priority.
 */
long xenhv_evtchn_fifo_init_control(struct xenhv_domain *d, void *arg)
{
	struct evtchn_init_control *ic = arg;
	struct xenhv_evtchn_domain *ed = d->evtchn;
	struct xenhv_fifo_vcpu *fv;
	unsigned int i;
	u8 *page;

	ic->link_bits = EVTCHN_FIFO_LINK_BITS;
	if (ic->vcpu >= ed->nr_vcpus)
		return -XEN_ENOENT;
	if (ic->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) ||
	    (ic->offset & 7))
		return -XEN_EINVAL;
	if (ed->fifo_vcpus && ed->fifo_vcpus[ic->vcpu].cb)
		return -XEN_EINVAL;
	page = xenhv_be_map_gfn(d->be, ic->control_gfn);
	if (!page)
		return -XEN_EINVAL;

	if (!ed->fifo_vcpus) {
		fv = kcalloc(ed->nr_vcpus, sizeof(*fv), GFP_ATOMIC);
		if (!fv) {
			xenhv_be_unmap_gfn(d->be, page);
			return -XEN_ENOMEM;
		}
		for (i = 0; i < ed->nr_vcpus; i++) {
			unsigned int p;

			for (p = 0; p < EVTCHN_FIFO_MAX_QUEUES; p++)
				fv[i].q[p].priority = p;
		}
		for (i = 1; i < ed->valid_ports; i++) {
			struct xenhv_evtchn *chn = &ed->ports[i];

			chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
			chn->last_priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
			chn->last_vcpu = 0;
			chn->fifo_saved_pending = chn->state > XENHV_ECS_RESERVED &&
						  ed->abi->is_pending(ed, i);
		}
		ed->fifo_vcpus = fv;
		ed->abi = &xenhv_evtchn_fifo_ops;
	}
	ed->fifo_vcpus[ic->vcpu].cb = (struct evtchn_fifo_control_block *)(page + ic->offset);
	return 0;
}

/* EVTCHNOP_expand_array: one more page of 1024 event words. */
long xenhv_evtchn_fifo_expand_array(struct xenhv_domain *d, void *arg)
{
	struct evtchn_expand_array *ea = arg;
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned int first, port;
	void *page;

	if (ed->abi != &xenhv_evtchn_fifo_ops)
		return -XEN_EOPNOTSUPP;
	if (ed->fifo_nr_pages >= ARRAY_SIZE(ed->fifo_pages))
		return -XEN_ENOSPC;
	page = xenhv_be_map_gfn(d->be, ea->array_gfn);
	if (!page)
		return -XEN_EINVAL;
	first = ed->fifo_nr_pages * XENHV_FIFO_WORDS_PER_PAGE;
	ed->fifo_pages[ed->fifo_nr_pages++] = page;

	/* Events raised before their word existed are raised now, by FIFO. */
	for (port = first; port < first + XENHV_FIFO_WORDS_PER_PAGE &&
	     port < ed->valid_ports; port++) {
		struct xenhv_evtchn *chn = &ed->ports[port];
		unsigned int vcpu = chn->notify_vcpu;

		if (!chn->fifo_saved_pending)
			continue;
		chn->fifo_saved_pending = false;
		__xenhv_evtchn_notify(d->be, ed, vcpu, xenhv_fifo_set_pending(ed, vcpu, port));
	}
	return 0;
}

/*
 * evtchn_fifo_destroy(): give back the control blocks and event pages.
 * The core then puts the 2-level ABI back (EVTCHNOP_reset), or frees
 * the domain's event state.
 */
void xenhv_evtchn_fifo_destroy(struct xenhv_domain *d)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned int i;

	for (i = 0; ed->fifo_vcpus && i < ed->nr_vcpus; i++)
		if (ed->fifo_vcpus[i].cb)
			xenhv_be_unmap_gfn(d->be, ed->fifo_vcpus[i].cb);
	for (i = 0; i < ed->fifo_nr_pages; i++)
		xenhv_be_unmap_gfn(d->be, ed->fifo_pages[i]);
	kfree(ed->fifo_vcpus);
	ed->fifo_vcpus = NULL;
	memset(ed->fifo_pages, 0, sizeof(ed->fifo_pages));
	ed->fifo_nr_pages = 0;
}
