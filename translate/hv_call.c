// SPDX-License-Identifier: GPL-2.0
/*
 * TLFS calling discipline shared by every family: rep-call continuation
 * and the mapping of Hyper-V status codes to Xen errnos.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include "xenhv_engine.h"

/**
 * xenhv_hv_call_rep - issue a rep hypercall until every rep is done
 * @be: backend
 * @code: TLFS call code
 * @rep_count: number of reps (1..XENHV_HV_MAX_REP_COUNT)
 * @varhead: variable header size in 8-byte units
 * @in: the whole input (fixed header, variable header, all reps)
 * @in_len: its length; the backend places it in one input page
 * @out: output (one element per rep), or NULL
 * @out_len: its length
 *
 * Hyper-V may return success having completed only some reps (TLFS 3.8,
 * "rep hypercall restarting"); the caller then reissues the same input
 * with RepStartIndex set to the reps completed. Reps completed is in bits
 * 43:32 of the result, so a plain "status == 0" test would be wrong.
 *
 * Return: the final raw result. An error result reports the reps completed
 * before the failing one.
 */
u64 xenhv_hv_call_rep(struct xenhv_backend *be, u16 code, unsigned int rep_count,
		      unsigned int varhead, const void *in, size_t in_len,
		      void *out, size_t out_len)
{
	unsigned int done = 0;
	u64 status;

	if (!rep_count || rep_count > XENHV_HV_MAX_REP_COUNT)
		return HV_STATUS_INVALID_PARAMETER;

	for (;;) {
		unsigned int now;

		status = xenhv_be_hypercall(be,
					    xenhv_hv_control(code, rep_count, done, varhead),
					    in, in_len, out, out_len);
		if (xenhv_hv_result(status) != HV_STATUS_SUCCESS)
			return status;
		now = xenhv_hv_reps_done(status);
		/*
		 * A hypervisor that reports no progress, or progress beyond
		 * the count, would loop us forever or past the input: treat
		 * it as an invalid result rather than trusting it.
		 */
		if (now <= done || now > rep_count)
			return HV_STATUS_INVALID_HYPERCALL_INPUT |
			       ((u64)done << HV_HYPERCALL_REP_COMP_OFFSET);
		done = now;
		if (done == rep_count)
			return status;
	}
}

/**
 * xenhv_hv_status_to_errno - the Xen errno for a failed Hyper-V call
 * @status: raw TLFS result
 *
 * Used where Xen itself would have failed the operation; callers whose Xen
 * counterpart cannot fail (e.g. SCHEDOP_yield) ignore the status instead.
 */
int xenhv_hv_status_to_errno(u64 status)
{
	switch (xenhv_hv_result(status)) {
	case HV_STATUS_SUCCESS:
		return 0;
	case HV_STATUS_INVALID_HYPERCALL_CODE:
		return -XEN_ENOSYS;
	case HV_STATUS_ACCESS_DENIED:
	case HV_STATUS_OPERATION_DENIED:
		return -XEN_EPERM;
	case HV_STATUS_INSUFFICIENT_MEMORY:
	case HV_STATUS_INSUFFICIENT_BUFFERS:
		return -XEN_ENOMEM;
	case HV_STATUS_INVALID_CONNECTION_ID:
	case HV_STATUS_INVALID_PORT_ID:
		return -XEN_ENOENT;
	default:
		return -XEN_EINVAL;
	}
}
