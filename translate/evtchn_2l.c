// SPDX-License-Identifier: GPL-2.0
/*
 * The 2-level event-channel ABI: pending and mask bitmaps in shared_info,
 * a selector word in each vcpu_info (xen/common/event_2l.c).
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/bitops.h>
#include "evtchn.h"

static void xenhv_2l_clear_pending(struct xenhv_evtchn_domain *ed, unsigned int port)
{
	if (port < XENHV_2L_NR_CHANNELS)
		clear_bit(port, (unsigned long *)ed->shinfo->evtchn_pending);
}

/*
 * evtchn_2l_unmask(): clear the mask, and if the port is pending and its
 * selector bit was clear, set it and mark the vCPU pending. Without this a
 * port raised while masked would never be delivered.
 */
static bool xenhv_2l_unmask(struct xenhv_evtchn_domain *ed, unsigned int vcpu,
			    unsigned int port)
{
	struct shared_info *s = ed->shinfo;
	struct vcpu_info *vi;

	if (port >= XENHV_2L_NR_CHANNELS)
		return false;
	if (!test_and_clear_bit(port, (unsigned long *)s->evtchn_mask))
		return false;
	if (!test_bit(port, (unsigned long *)s->evtchn_pending))
		return false;
	vi = xenhv_evtchn_vcpu_info(ed, vcpu);
	if (!vi || test_and_set_bit(port / XENHV_2L_BITS,
				    (unsigned long *)&vi->evtchn_pending_sel))
		return false;
	return xenhv_evtchn_mark_vcpu_pending(ed, vcpu);
}

static bool xenhv_2l_is_pending(struct xenhv_evtchn_domain *ed, unsigned int port)
{
	return port < XENHV_2L_NR_CHANNELS &&
	       test_bit(port, (unsigned long *)ed->shinfo->evtchn_pending);
}

/* Xen: a port beyond the bitmap counts as masked. */
static bool xenhv_2l_is_masked(struct xenhv_evtchn_domain *ed, unsigned int port)
{
	return port >= XENHV_2L_NR_CHANNELS ||
	       test_bit(port, (unsigned long *)ed->shinfo->evtchn_mask);
}

const struct xenhv_evtchn_port_ops xenhv_evtchn_2l_ops = {
	.name = "2-level",
	.max_ports = XENHV_2L_NR_CHANNELS,
	.set_pending = xenhv_2l_set_pending,
	.clear_pending = xenhv_2l_clear_pending,
	.unmask = xenhv_2l_unmask,
	.is_pending = xenhv_2l_is_pending,
	.is_masked = xenhv_2l_is_masked,
};
