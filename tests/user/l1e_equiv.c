// SPDX-License-Identifier: GPL-2.0
/*
 * The three tiers that count an L1 entry's change, each against the
 * others. Xen's mod_l1_entry() is written once from the unpacked word
 * (xenhv_frame_load() and xenhv_frame_store(), through xenhv_get_ref(),
 * xenhv_get_type() and their puts): the reference. The general path,
 * xenhv_mod_general() with the packed get and put (xenhv_get_l1e(),
 * xenhv_put_l1e()), must do exactly what it does: the same errno, the
 * same entry written, the same words left. The fast path,
 * xenhv_l1e_fast(), must either decline with nothing changed, or do what
 * it does with success.
 *
 * The cases: every pair of entries from a set that spans each rule
 * (present or not, writable or not, a data frame, a pinned table, a
 * foreign RAM frame, a frame that is not RAM, Xen's INVALID_MFN;
 * fast-path bits, a disallowed bit, the grant bit), from every state of
 * the frames' counts (none, some, each at its limit, one a mapping would
 * find at 0). mm_update.c is included, not linked, to reach its two
 * static functions.
 */
#include "../../translate/mm_update.c"
#include "xh_user_domain.h"

static struct xh_user_partition p;
static u64 frames[4];		/* data 1, data 2, the pinned L1 table, a foreign RAM frame */
static u64 pte;

/* One tier's answer: its errno, the entry and the three owned frames' words. */
struct outcome {
	int rc;
	u64 pte;
	unsigned long words[3];
};

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
 * get_page_from_l1e() on the unpacked word: a frame the domain does not
 * own gets xenhv_l1e_foreign_errno(); every mapping takes a general
 * reference and a writable one the writable type, and either failing
 * is -EBUSY with nothing taken.
 */
static int unpacked_get_l1e(u64 e)
{
	struct xenhv_mm_domain *mm = p.d->mm;
	u64 frame = xenhv_pte_frame(e);

	if (!xenhv_owned(mm, frame))
		return xenhv_l1e_foreign_errno(p.d, frame);
	if (!xenhv_get_ref(mm, frame))
		return -XEN_EBUSY;
	if ((e & XENHV_PTE_RW) && xenhv_get_type(p.d, frame, XENHV_PGT_WRITABLE)) {
		xenhv_put_ref(mm, frame);
		return -XEN_EBUSY;
	}
	return 0;
}

/* put_page_from_l1e() on the unpacked word; a grant's mapping holds nothing. */
static void unpacked_put_l1e(u64 e)
{
	u64 frame = xenhv_pte_frame(e);

	if (e & XENHV_PTE_GNTTAB)
		return;
	if (e & XENHV_PTE_RW)
		xenhv_put_type(p.d, frame);
	xenhv_put_ref(p.d->mm, frame);
}

/*
 * Xen's mod_l1_entry(): a present entry with a disallowed bit is
 * -EINVAL; one rewritten with the same frame where only
 * FASTPATH_FLAG_WHITELIST bits differ is written with nothing taken or
 * dropped; anything else gets the new entry, writes it, then puts the
 * old one. Only a present entry loses G.
 */
static int unpacked_mod_l1_entry(u64 old, u64 val)
{
	int rc;

	if (val & XENHV_PTE_P) {
		if (val & XENHV_L1_DISALLOWED)
			return -XEN_EINVAL;
		if ((old & XENHV_PTE_P) && !((old ^ val) & ~XENHV_L1_FASTPATH)) {
			pte = val & ~XENHV_PTE_G;
			return 0;
		}
		rc = unpacked_get_l1e(val);
		if (rc)
			return rc;
		val &= ~XENHV_PTE_G;
	}
	pte = val;
	if (old & XENHV_PTE_P)
		unpacked_put_l1e(old);
	return 0;
}

/*
 * The general path as mmu_update runs it: Xen's same-frame rule is the
 * fast path's, which takes every such case, so it is applied here first.
 */
static int packed_mod_l1_entry(u64 old, u64 val)
{
	int rc;

	if ((val & XENHV_PTE_P) && !(val & XENHV_L1_DISALLOWED) && (old & XENHV_PTE_P) &&
	    !((old ^ val) & ~XENHV_L1_FASTPATH)) {
		pte = val & ~XENHV_PTE_G;
		return 0;
	}
	rc = xenhv_mod_general(p.d, p.d->mm, &pte, 1, old, val);
	return rc == XENHV_MOD_GENERAL_PUT ? 0 : rc;
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
static unsigned long nr_cases, nr_fast, nr_failing, nr_bad;

static void run(int (*tier)(u64 old, u64 val), u64 old, u64 val, const unsigned long *start,
		struct outcome *o)
{
	words_load(start);
	pte = old;
	o->rc = tier(old, val);
	o->pte = pte;
	words_save(o->words);
}

static bool same(const struct outcome *a, const struct outcome *b)
{
	return a->rc == b->rc && a->pte == b->pte && !memcmp(a->words, b->words, sizeof(a->words));
}

static void report(const char *what, u64 old, u64 val, const unsigned long *start,
		   const struct outcome *got, const struct outcome *want)
{
	if (nr_bad++ < 10)
		fprintf(stderr,
			"%s: old %#llx val %#llx words %#lx %#lx %#lx: rc %d entry %#llx words %#lx %#lx %#lx; unpacked rc %d entry %#llx words %#lx %#lx %#lx\n",
			what, (unsigned long long)old, (unsigned long long)val, start[0], start[1],
			start[2], got->rc, (unsigned long long)got->pte, got->words[0],
			got->words[1], got->words[2], want->rc, (unsigned long long)want->pte,
			want->words[0], want->words[1], want->words[2]);
}

static int fast_tier(u64 old, u64 val)
{
	return xenhv_l1e_fast(p.d->mm, &pte, old, val) ? 0 : 1;
}

/* One pair of entries from one state of the words, through each tier. */
static void check(u64 old, u64 val, const unsigned long *start)
{
	struct outcome want, general, fast;

	nr_cases++;
	run(unpacked_mod_l1_entry, old, val, start, &want);
	nr_failing += want.rc != 0;
	run(packed_mod_l1_entry, old, val, start, &general);
	if (!same(&general, &want))
		report("packed get/put differs", old, val, start, &general, &want);
	run(fast_tier, old, val, start, &fast);
	if (fast.rc) {
		/* Declined: nothing may have changed. */
		fast.rc = 0;
		if (fast.pte != old || memcmp(fast.words, start, sizeof(fast.words)))
			report("fast path declined but changed", old, val, start, &fast, &want);
		return;
	}
	nr_fast++;
	if (!same(&fast, &want))
		report("fast path differs", old, val, start, &fast, &want);
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
	/* Every tier runs as mmu_update runs it: under the lock. */
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
	printf("l1e-equiv: %lu cases (%lu refused), %lu taken by the fast path, %lu wrong\n",
	       nr_cases, nr_failing, nr_fast, nr_bad);
	if (xenhv_mm_unpin(p.d, l4) || xh_user_partition_exit(&p)) {
		fprintf(stderr, "l1e-equiv: unpin or teardown failed\n");
		return 1;
	}
	/* A set the fast path hardly takes, or one nothing fails, would prove little. */
	return nr_bad || nr_fast < nr_cases / 10 || nr_failing < nr_cases / 10;
}
