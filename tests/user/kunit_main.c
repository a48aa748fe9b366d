// SPDX-License-Identifier: GPL-2.0
/*
 * The KUnit suites of dom0/ as a userspace program, through the seam: the
 * same test files the kernel runs, in milliseconds and under ASan and
 * UBSan, as KTAP. A failed expectation aborts with its file and line.
 */
#include "xenhv_user.h"


static struct kunit_suite **xh_suites[16];
static unsigned int xh_nr_suites;

void xenhv_user_register_suites(struct kunit_suite **suites)
{
	if (xh_nr_suites == ARRAY_SIZE(xh_suites))
		abort();
	xh_suites[xh_nr_suites++] = suites;
}

int main(void)
{
	unsigned int i, n = 0, total = 0;
	struct kunit_suite **s;
	struct kunit_case *c;

	for (i = 0; i < xh_nr_suites; i++)
		for (s = xh_suites[i]; *s; s++)
			total++;
	printf("KTAP version 1\n1..%u\n", total);
	for (i = 0; i < xh_nr_suites; i++) {
		for (s = xh_suites[i]; *s; s++) {
			unsigned int k = 0, cases = 0;

			for (c = (*s)->test_cases; c->run_case; c++)
				cases++;
			printf("    KTAP version 1\n    # Subtest: %s\n    1..%u\n", (*s)->name, cases);
			for (c = (*s)->test_cases; c->run_case; c++) {
				struct kunit test = { .name = c->name };

				fprintf(stderr, "    # %s begins\n", c->name);
				if ((*s)->init && (*s)->init(&test))
					abort();
				c->run_case(&test);
				if ((*s)->exit)
					(*s)->exit(&test);
				xenhv_user_kunit_cleanup(&test);
				printf("    ok %u %s\n", ++k, c->name);
				fflush(stdout);
			}
			printf("ok %u %s\n", ++n, (*s)->name);
		}
	}
	return 0;
}
