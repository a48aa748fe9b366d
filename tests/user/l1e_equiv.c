// SPDX-License-Identifier: GPL-2.0
/*
 * The L1 fast path against the general path: for every pair of entries
 * from a set that spans each rule (present or not, writable or not, a
 * data frame, a pinned table, a foreign RAM frame, a frame that is not
 * RAM, Xen's INVALID_MFN; fast-path bits, a disallowed bit, the grant
 * bit) and every state of the frames' counts (none, some, each at its
 * limit, one a mapping would find at 0), xenhv_l1e_fast() either
 * declines with nothing changed, or does exactly what Xen's
 * mod_l1_entry() does, its fast path or xenhv_mod_general() (Xen's get
 * then put): the same entry written and the same words left, with
 * success. mm_update.c is included, not linked, to reach both static
 * functions.
 */
#include "../../translate/mm_update.c"
#include "xh_user_domain.h"

static struct xh_user_partition p;
static u64 frames[4];		/* data 1, data 2, the pinned L1 table, a foreign RAM frame */
static unsigned long xen_words[3];	/* the three owned frames' words after Xen's update */
static u64 pte;

static void words_save(unsigned long *w)
{
	unsigned int i;

	for (i = 0; i < 3; i++)
		w[i] = *xenhv_fi(p.d->mm, frames[i]);
}

static void words_load(const unsigned long *w)
{
	unsigned int i;

	for (i = 0; i < 3; i++)
		*xenhv_fi(p.d->mm, frames[i]) = w[i];
}

#define XH_NR_ENTRIES	(7 * 4 * 6)

/* Entry @i of the set: a frame, P and RW, and one group of other bits. */
static u64 entry(unsigned int i)
{
	static const u64 extra[6] = {
		0, XENHV_PTE_G, XENHV_PTE_NX | XENHV_PTE_US | XENHV_PTE_A | XENHV_PTE_D,
		XENHV_PTE_PCD, XENHV_PTE_GNTTAB, BIT_ULL(9) | BIT_ULL(52),
	};
	u64 fr[7] = { frames[0], frames[1], frames[2], frames[3],
		      XENHV_FAKE_RAM_MAX_PAGES + 5, XENHV_PTE_FRAME >> PAGE_SHIFT, 0 };

	return fr[i / 24] << PAGE_SHIFT | (i / 6 % 4) | extra[i % 6];
}

/*
 * What Xen's mod_l1_entry() does: a disallowed bit is -EINVAL; a present
 * entry rewritten with the same frame where only FASTPATH_FLAG_WHITELIST
 * bits differ is written with nothing taken or dropped; anything else
 * is get_page_from_l1e() then put_page_from_l1e(), the general path.
 */
static int xen_mod_l1_entry(u64 old, u64 val)
{
	if ((val & XENHV_PTE_P) && !(val & XENHV_L1_DISALLOWED) && (old & XENHV_PTE_P) &&
	    !((old ^ val) & ~XENHV_L1_FASTPATH)) {
		pte = val & ~XENHV_PTE_G;
		return 0;
	}
	return xenhv_mod_general(p.d, p.d->mm, &pte, 1, old, val);
}

/* The counts a data frame's word starts a case with. */
static const unsigned long data_states[6] = {
	XENHV_FI_DATA_FRAME,
	2 * XENHV_FI_COUNT_ONE + 3 * XENHV_FI_REFS_ONE,
	XENHV_FI_COUNT_MASK | 7 * XENHV_FI_REFS_ONE,
	XENHV_FI_COUNT_ONE | XENHV_FI_REFS_MASK,
	XENHV_FI_REFS_ONE,
	XENHV_FI_COUNT_ONE,	/* a writable entry's reference already gone */
};
static unsigned long table_states[2];	/* the pinned L1 as pinned, and its references full */
static unsigned long nr_cases, nr_fast, nr_bad;

static void report(const char *what, u64 old, u64 val, const unsigned long *start, int rc,
		   u64 got, u64 want)
{
	if (nr_bad++ < 10)
		fprintf(stderr,
			"%s: old %#llx val %#llx words %#lx %#lx %#lx: rc %d entry %#llx, Xen's %#llx\n",
			what, (unsigned long long)old, (unsigned long long)val, start[0], start[1],
			start[2], rc, (unsigned long long)got, (unsigned long long)want);
}

/* One pair of entries from one state of the words. */
static void check(u64 old, u64 val, const unsigned long *start)
{
	unsigned long fast[3];
	u64 pte_fast;
	int rc;

	nr_cases++;
	words_load(start);
	pte = old;
	if (!xenhv_l1e_fast(p.d->mm, &pte, old, val)) {
		words_save(fast);
		if (pte != old || memcmp(fast, start, sizeof(fast)))
			report("declined but changed", old, val, start, 0, pte, old);
		return;
	}
	nr_fast++;
	pte_fast = pte;
	words_save(fast);
	words_load(start);
	pte = old;
	rc = xen_mod_l1_entry(old, val);
	words_save(xen_words);
	if ((rc && rc != XENHV_MOD_GENERAL_PUT) || pte != pte_fast ||
	    memcmp(fast, xen_words, sizeof(fast)))
		report("differs", old, val, start, rc, pte_fast, pte);
}

int main(void)
{
	unsigned long start[3];
	unsigned int o, v, i;
	u64 l4;

	xh_user_partition_init(&p, 1);
	p.fb->nr_pages = XENHV_FAKE_RAM_MAX_PAGES;
	frames[2] = xh_user_l1_table(&p, p.d, &l4);
	frames[0] = xenhv_mm_alloc_extent(p.d, 0, U64_MAX);
	frames[1] = xenhv_mm_alloc_extent(p.d, 0, U64_MAX);
	frames[3] = xenhv_mm_alloc_extent(p.b, 0, U64_MAX);	/* the other domain's */
	/* The fast and general paths run as mmu_update runs them: under the lock. */
	spin_lock(&p.d->mm->lock);
	table_states[0] = *xenhv_fi(p.d->mm, frames[2]);
	table_states[1] = table_states[0] | XENHV_FI_REFS_MASK;

	for (o = 0; o < XH_NR_ENTRIES; o++) {
		for (v = 0; v < XH_NR_ENTRIES; v++) {
			for (i = 0; i < 6 * 6 * 2; i++) {
				start[0] = data_states[i / 12];
				start[1] = data_states[i / 2 % 6];
				start[2] = table_states[i % 2];
				check(entry(o), entry(v), start);
			}
		}
	}
	start[0] = XENHV_FI_DATA_FRAME;
	start[1] = XENHV_FI_DATA_FRAME;
	start[2] = table_states[0];
	words_load(start);
	spin_unlock(&p.d->mm->lock);
	printf("l1e-equiv: %lu cases, %lu taken by the fast path, %lu wrong\n", nr_cases, nr_fast,
	       nr_bad);
	if (xenhv_mm_unpin(p.d, l4) || xh_user_partition_exit(&p)) {
		fprintf(stderr, "l1e-equiv: unpin or teardown failed\n");
		return 1;
	}
	/* A set the fast path hardly takes would prove little. */
	return nr_bad || nr_fast < nr_cases / 10;
}
