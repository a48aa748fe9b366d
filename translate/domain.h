/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vCPU kick of translate/domain.c, inline for where events are
 * raised (Xen's vcpu_kick(), xen/arch/x86/domain.c).
 */
#ifndef _XENHV_DOMAIN_H
#define _XENHV_DOMAIN_H

#include <linux/bits.h>
#include "xenhv_engine.h"

/* A VP index past 63: the sparse-set _Ex form, out of line (rare). */
void xenhv_vcpu_kick_remote_ex(struct xenhv_backend *be, u8 vector, u32 index);

/*
 * Interrupt another vCPU: one fast HvCallSendSyntheticClusterIpi to its
 * upcall vector (TLFS 10.5.2), or the sparse-set _Ex form when its VP
 * index does not fit a 64-bit mask. Both come from struct xenhv_vp, read
 * as data: no backend call before the hypercall.
 */
static __always_inline void __xenhv_vcpu_kick_remote(struct xenhv_backend *be,
						     unsigned int vcpu)
{
	const struct xenhv_vp *vp;
	u32 index;
	u8 vector;

	vp = &be->vps[vcpu];	/* @vcpu is in range: see xenhv_vcpu_kick() */
	vector = READ_ONCE(vp->upcall_vector);
	index = READ_ONCE(vp->index);
	if (unlikely(!vector))
		return;		/* nowhere to deliver: stays pending, as in Xen */
	if (likely(index < 64))
		xenhv_be_hypercall_fast(be, HVCALL_SEND_IPI, vector, BIT_ULL(index));
	else if (index != U32_MAX)
		xenhv_vcpu_kick_remote_ex(be, vector, index);
}

/* xenhv_vcpu_kick(), inline where events are raised. */
static __always_inline void __xenhv_vcpu_kick(struct xenhv_backend *be, unsigned int vcpu)
{
	if (vcpu == xenhv_be_this_vcpu(be))
		xenhv_be_kick_self(be);
	else
		__xenhv_vcpu_kick_remote(be, vcpu);
}

#endif /* _XENHV_DOMAIN_H */
