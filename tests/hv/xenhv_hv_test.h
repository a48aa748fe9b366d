/* SPDX-License-Identifier: GPL-2.0 */
/* What the files of the xenhv_hv_test module share. */
#ifndef XENHV_HV_TEST_H
#define XENHV_HV_TEST_H

#include <kunit/test.h>

extern struct kunit_suite xenhv_hv_mm_suite;

bool xenhv_hv_case_chosen(const char *name);

/*
 * Every case says when it begins (or is skipped when the module's "cases"
 * parameter leaves it out): a guest that hangs is then reported
 * with the case it hung in (tests/scripts/ktap_collect.py).
 */
static inline int xenhv_hv_case_begins(struct kunit *test)
{
	if (!xenhv_hv_case_chosen(test->name))
		kunit_skip(test, "not chosen (the module's \"cases\" parameter)");
	pr_info("xenhv-hv: case %s begins\n", test->name);
	return 0;
}

#endif
