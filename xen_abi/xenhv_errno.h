/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Xen's errno values (xen/include/public/errno.h): what xenhv returns from
 * a Xen hypercall. On x86 they equal Linux's, so they also pass through
 * kernel interfaces unchanged; the asserts keep that true.
 */
#ifndef _XENHV_XEN_ERRNO_H
#define _XENHV_XEN_ERRNO_H

#include <linux/build_bug.h>
#include <linux/errno.h>

#define XEN_EPERM	1
#define XEN_ENOENT	2
#define XEN_ESRCH	3
#define XEN_ENXIO	6
#define XEN_E2BIG	7
#define XEN_EAGAIN	11
#define XEN_ENOMEM	12
#define XEN_EACCES	13
#define XEN_EFAULT	14
#define XEN_EBUSY	16
#define XEN_EEXIST	17
#define XEN_EINVAL	22
#define XEN_ENOSPC	28
#define XEN_EDOM	33
#define XEN_ERANGE	34
#define XEN_ENOSYS	38	/* "function not implemented": Xen's unknown-op answer */
#define XEN_ENODATA	61
#define XEN_ETIME	62
#define XEN_EILSEQ	84
#define XEN_EOPNOTSUPP	95

static_assert(XEN_EPERM == EPERM && XEN_ENOENT == ENOENT && XEN_ESRCH == ESRCH &&
	      XEN_EAGAIN == EAGAIN && XEN_ENOMEM == ENOMEM && XEN_EACCES == EACCES &&
	      XEN_EFAULT == EFAULT && XEN_EBUSY == EBUSY && XEN_EEXIST == EEXIST &&
	      XEN_EINVAL == EINVAL && XEN_ENOSPC == ENOSPC && XEN_EOPNOTSUPP == EOPNOTSUPP &&
	      XEN_ENXIO == ENXIO && XEN_E2BIG == E2BIG && XEN_ETIME == ETIME &&
	      XEN_EDOM == EDOM && XEN_ERANGE == ERANGE && XEN_ENODATA == ENODATA &&
	      XEN_EILSEQ == EILSEQ);

#endif /* _XENHV_XEN_ERRNO_H */
