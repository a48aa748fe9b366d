// SPDX-License-Identifier: GPL-2.0
/*
 * The xenhv trace events' definitions (shim/xenhv_trace.h), in a file of
 * their own so every file that emits one only uses them.
 */
#include "xenhv_shim.h"

#define CREATE_TRACE_POINTS
#include "xenhv_trace.h"
