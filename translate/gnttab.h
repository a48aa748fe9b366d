/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Grant-table state: shared and status frames, the version, and which
 * entries are in use.
 */
#ifndef _XENHV_GNTTAB_H
#define _XENHV_GNTTAB_H

#include <linux/spinlock.h>
#include "xenhv_engine.h"
#include <xen/interface/grant_table.h>

/* Entries per 4 KiB frame: v1 8 bytes, v2 16 bytes, status 2 bytes. */
#define XENHV_GNT_V1_PER_FRAME		(PAGE_SIZE / sizeof(struct grant_entry_v1))
#define XENHV_GNT_V2_PER_FRAME		(PAGE_SIZE / sizeof(union grant_entry_v2))
#define XENHV_GNT_STATUS_PER_FRAME	(PAGE_SIZE / sizeof(u16))
/* The most shared frames xenhv supports (Xen 4.17's default limit is 64). */
#define XENHV_GNT_MAX_FRAMES		64
#define XENHV_GNT_DEFAULT_FRAMES	64
#define XENHV_GNT_MAX_STATUS		DIV_ROUND_UP(XENHV_GNT_MAX_FRAMES * \
						     XENHV_GNT_V2_PER_FRAME, \
						     XENHV_GNT_STATUS_PER_FRAME)
/* XENMAPIDX_grant_table_status: a status frame in add_to_physmap's idx. */
#define XENHV_MAPIDX_GRANT_STATUS	(1ULL << 31)
/* Xen's INVALID_GFN as a 64-bit guest sees it. */
#define XENHV_INVALID_GFN		(~0ULL)

/**
 * struct xenhv_gnt_frame - one shared or status frame
 * @cur: where its contents live: @hidden, or the guest page it is placed at
 * @hidden: xenhv's own page, used until the guest places the frame
 * @gfn: the guest frame it is placed at
 * @mfn: a PV domain's frame: the machine frame @hidden is (from the
 *	backend's alloc_frames), which setup_table names as Xen names a PV
 *	domain's grant frames; XENHV_NO_FRAME for an HVM domain's
 */
struct xenhv_gnt_frame {
	void *cur;
	void *hidden;
	u64 gfn;
	u64 mfn;
};

/* Grant handles per mapping domain (Xen's maptrack; its default allows 256K). */
#define XENHV_MAPTRACK_MAX		4096
/* Handles per maptrack chunk. */
#define XENHV_MAPTRACK_CHUNK		128

/* The pin counts of one shared frame's entries (v1 has the most per frame). */
struct xenhv_gnt_pins {
	u32 active[XENHV_GNT_V1_PER_FRAME];
	u32 wactive[XENHV_GNT_V1_PER_FRAME];
};

/**
 * struct xenhv_gnt_claim - an entry in use by a copy or a map
 * @owner: the granting domain
 * @page: the granted frame, mapped (held until release)
 * @frame: its frame number
 * @start: the window a sub-page grant allows
 * @len: its length
 * @ref: the entry pinned, or -1 for a plain frame
 * @write: a writable use (it holds the entry's GTF_writing)
 * @held: the owner's PV memory holds the frame for it (a reference, and
 *	the writable type for a writable use)
 */
struct xenhv_gnt_claim {
	struct xenhv_domain *owner;
	void *page;
	u64 frame;
	unsigned int start;
	unsigned int len;
	s32 ref;
	bool write;
	bool held;
};

/**
 * struct xenhv_gnt_map - one grant handle of a mapping domain
 * @claim: the granter's entry and frame
 * @host_addr: where the host mapping is (GNTMAP_host_map)
 * @flags: GNTMAP_* still mapped; 0 when the handle is free
 */
struct xenhv_gnt_map {
	struct xenhv_gnt_claim claim;
	u64 host_addr;
	u32 flags;
};

/**
 * struct xenhv_gnttab - a domain's grant table
 * @lock: serialises everything below
 * @version: 1 or 2 (Xen 4.17 starts every domain at 1)
 * @nr_frames: shared frames
 * @nr_status: status frames (version 2)
 * @max_frames: max_grant_frames
 * @pins: per shared frame, the pin counts of its entries, allocated with
 *	the frame: how many maps or copies use each entry now (Xen's pin),
 *	and how many of those are writable
 * @maptrack: the grant handles this domain holds on others' entries, in
 *	chunks allocated as handles are first needed (Xen grows its maptrack
 *	the same way)
 * @nr_maptrack_chunks: chunks allocated
 * @shared: the shared frames
 * @status: the status frames
 */
struct xenhv_gnttab {
	spinlock_t lock;
	unsigned int version;
	unsigned int nr_frames;
	unsigned int nr_status;
	unsigned int max_frames;
	struct xenhv_gnt_pins *pins[XENHV_GNT_MAX_FRAMES];
	struct xenhv_gnt_map *maptrack[XENHV_MAPTRACK_MAX / XENHV_MAPTRACK_CHUNK];
	unsigned int nr_maptrack_chunks;
	struct xenhv_gnt_frame shared[XENHV_GNT_MAX_FRAMES];
	struct xenhv_gnt_frame status[XENHV_GNT_MAX_STATUS];
};

/* Entry @ref's pin counts; @ref below xenhv_gnt_nr_entries(). */
static inline u32 *xenhv_gnt_active(struct xenhv_gnttab *gt, u32 ref)
{
	return &gt->pins[ref / XENHV_GNT_V1_PER_FRAME]->active[ref % XENHV_GNT_V1_PER_FRAME];
}

static inline u32 *xenhv_gnt_wactive(struct xenhv_gnttab *gt, u32 ref)
{
	return &gt->pins[ref / XENHV_GNT_V1_PER_FRAME]->wactive[ref % XENHV_GNT_V1_PER_FRAME];
}

/* Handle @h's slot, or NULL if no chunk holds it yet. */
static inline struct xenhv_gnt_map *xenhv_gnt_map_at(struct xenhv_gnttab *gt, u32 h)
{
	if (h >= gt->nr_maptrack_chunks * XENHV_MAPTRACK_CHUNK)
		return NULL;
	return &gt->maptrack[h / XENHV_MAPTRACK_CHUNK][h % XENHV_MAPTRACK_CHUNK];
}

unsigned int xenhv_gnt_nr_entries(const struct xenhv_gnttab *gt);
struct grant_entry_v1 *xenhv_gnt_v1(struct xenhv_gnttab *gt, u32 ref);
union grant_entry_v2 *xenhv_gnt_v2(struct xenhv_gnttab *gt, u32 ref);
u16 *xenhv_gnt_status(struct xenhv_gnttab *gt, u32 ref);
int xenhv_gnt_grow(struct xenhv_domain *d, unsigned int nr);
int xenhv_gnttab_set_version_locked(struct xenhv_domain *d, unsigned int version);
u64 xenhv_gnttab_shared_gfn(struct xenhv_domain *d, unsigned int i);
u64 xenhv_gnttab_status_gfn(struct xenhv_domain *d, unsigned int i);

#endif /* _XENHV_GNTTAB_H */
