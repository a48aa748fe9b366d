// SPDX-License-Identifier: GPL-2.0
/*
 * The native baseline for xenhv_bench's remote INVLPGs: Linux's own
 * flush_tlb_mm_range() of 16 pages to one other vCPU, reached from
 * userspace by mprotect() while a thread on vCPU 1 keeps the mm live
 * there (static binary for the L2 guest's initramfs).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <x86intrin.h>

#define ROUNDS	201
#define PAGES	16

static int stop;
static unsigned char *pages;

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *reader(void *arg)
{
	unsigned int sink = 0, i;

	pin(1);
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED))
		for (i = 0; i < PAGES; i++)
			sink += __atomic_load_n(&pages[i * 4096], __ATOMIC_RELAXED);
	return (void *)(unsigned long)sink;
}

static int cmp(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	unsigned long long s[ROUNDS], t;
	pthread_t th;
	unsigned int i, j;

	pin(0);
	pages = mmap(NULL, PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pages == MAP_FAILED)
		return 1;
	for (i = 0; i < PAGES; i++)
		pages[i * 4096] = 1;
	pthread_create(&th, NULL, reader, NULL);
	for (i = 0; i < ROUNDS; i++) {
		for (j = 0; j < PAGES; j++)
			__atomic_fetch_add(&pages[j * 4096], 1, __ATOMIC_RELAXED);
		t = __rdtsc();
		mprotect((void *)pages, PAGES * 4096, PROT_READ);
		s[i] = __rdtsc() - t;
		mprotect((void *)pages, PAGES * 4096, PROT_READ | PROT_WRITE);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	pthread_join(th, NULL);
	qsort(s, ROUNDS, sizeof(s[0]), cmp);
	printf("BENCH-NATIVE: flush %u pages on 1 remote vCPU (mprotect) %llu cycles\n", PAGES,
	       s[ROUNDS / 2]);
	return 0;
}
