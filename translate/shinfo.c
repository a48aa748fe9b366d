// SPDX-License-Identifier: GPL-2.0
/*
 * Where shared_info and each vcpu_info are: placing them where the guest
 * asks (XENMEM_add_to_physmap, VCPUOP_register_vcpu_info; Xen's
 * map_vcpu_info() in xen/common/domain.c) and writing the time they
 * carry. Events and time both land there; the pointers live in struct
 * xenhv_evtchn_domain, which every raise reads, under the event lock.
 */
#define pr_fmt(fmt) "xenhv: " fmt

#include <linux/slab.h>
#include <linux/string.h>
#include <asm/barrier.h>
#include "evtchn.h"
#include "pvclock.h"

/*
 * Point every vCPU without a registered vcpu_info at its slot in the
 * current shared_info (Xen's v->vcpu_info starts there, and only the
 * first MAX_VIRT_CPUS have one). Event lock held, or not yet shared.
 */
static void xenhv_shinfo_point_vcpu_infos(struct xenhv_evtchn_domain *ed)
{
	unsigned int v;

	for (v = 0; v < ed->nr_vcpus; v++)
		if (!ed->vcpus[v].vcpu_info_registered)
			ed->vcpus[v].vcpu_info = v < MAX_VIRT_CPUS ?
						 &ed->shinfo->vcpu_info[v] : NULL;
}

/**
 * xenhv_shinfo_init - shared_info before the guest places it
 * @ed: the domain's event-channel state, its vcpus allocated
 *
 * Xen's shared_info exists from domain creation: xenhv's starts in a
 * hidden page, and each vCPU's vcpu_info in its slot there.
 *
 * Return: 0, or -ENOMEM.
 */
int xenhv_shinfo_init(struct xenhv_evtchn_domain *ed)
{
	ed->hidden_shinfo = kzalloc(sizeof(*ed->hidden_shinfo), GFP_KERNEL);
	if (!ed->hidden_shinfo)
		return -ENOMEM;
	ed->shinfo = ed->hidden_shinfo;
	xenhv_shinfo_point_vcpu_infos(ed);
	return 0;
}

/* Give back the guest pages shared_info and the vcpu_infos are in. */
void xenhv_shinfo_put_pages(struct xenhv_domain *d)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned int v;

	for (v = 0; v < ed->nr_vcpus; v++)
		if (ed->vcpus[v].vcpu_info_registered)
			xenhv_be_unmap_gfn(d->be, ed->vcpus[v].vcpu_info);
	if (ed->shinfo != ed->hidden_shinfo)
		xenhv_be_unmap_gfn(d->be, ed->shinfo);
}

void xenhv_shinfo_free(struct xenhv_evtchn_domain *ed)
{
	kfree(ed->hidden_shinfo);
}

/**
 * xenhv_evtchn_set_shared_info - XENMEM_add_to_physmap(XENMAPSPACE_shared_info)
 * @d: the domain
 * @gfn: the guest frame
 * @page: its kernel address
 *
 * Xen's shared_info page exists before the guest maps it and keeps
 * collecting events while unmapped; mapping it shows the guest what it
 * holds. xenhv keeps that state in a hidden page until the guest gives it
 * one, and moves the contents along whenever the mapping moves.
 */
void xenhv_evtchn_set_shared_info(struct xenhv_domain *d, u64 gfn, void *page)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	void *old = NULL;

	spin_lock_irqsave(ed->lock, flags);
	if (page == ed->shinfo) {
		old = page;	/* mapped there already: drop the new reference */
	} else {
		memcpy(page, ed->shinfo, sizeof(struct shared_info));
		if (ed->shinfo != ed->hidden_shinfo)
			old = ed->shinfo;
		ed->shinfo = page;
		ed->shinfo_gfn = gfn;
		xenhv_shinfo_point_vcpu_infos(ed);
	}
	spin_unlock_irqrestore(ed->lock, flags);
	if (old)
		xenhv_be_unmap_gfn(d->be, old);
}

/**
 * xenhv_evtchn_unmap_shared_info - the guest removes shared_info's frame
 * @d: the domain
 * @gfn: the frame being removed
 *
 * Return: true if @gfn held shared_info (its state is now hidden again).
 */
bool xenhv_evtchn_unmap_shared_info(struct xenhv_domain *d, u64 gfn)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	void *old = NULL;

	spin_lock_irqsave(ed->lock, flags);
	if (ed->shinfo != ed->hidden_shinfo && ed->shinfo_gfn == gfn) {
		memcpy(ed->hidden_shinfo, ed->shinfo, sizeof(struct shared_info));
		old = ed->shinfo;
		ed->shinfo = ed->hidden_shinfo;
		xenhv_shinfo_point_vcpu_infos(ed);
	}
	spin_unlock_irqrestore(ed->lock, flags);
	if (old)
		xenhv_be_unmap_gfn(d->be, old);
	return old != NULL;
}

/**
 * xenhv_evtchn_register_vcpu_info - VCPUOP_register_vcpu_info, map_vcpu_info()
 * @d: the domain
 * @vcpu: which vCPU
 * @vi: the guest's vcpu_info for it
 *
 * Return: 0, or -XEN_EINVAL if one is already registered (Xen allows it once).
 */
int xenhv_evtchn_register_vcpu_info(struct xenhv_domain *d, unsigned int vcpu,
				    struct vcpu_info *vi)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	struct vcpu_info *old;
	unsigned long flags;

	spin_lock_irqsave(ed->lock, flags);
	if (ed->vcpus[vcpu].vcpu_info_registered) {
		spin_unlock_irqrestore(ed->lock, flags);
		xenhv_be_unmap_gfn(d->be, vi);
		return -XEN_EINVAL;
	}
	/* map_vcpu_info(): the new copy starts as the old one, and is pending. */
	old = xenhv_evtchn_vcpu_info(ed, vcpu);
	if (old)
		memcpy(vi, old, sizeof(*vi));
	else
		memset(vi, 0, sizeof(*vi));
	vi->evtchn_upcall_pending = 1;
	vi->evtchn_pending_sel = ~0UL;
	ed->vcpus[vcpu].vcpu_info = vi;
	ed->vcpus[vcpu].vcpu_info_registered = true;
	/* "Mark everything pending so nothing is lost", then inject. */
	xenhv_vcpu_kick(d, vcpu);
	spin_unlock_irqrestore(ed->lock, flags);
	return 0;
}

/* Whether the guest can see a vcpu_info for @vcpu (registered or in shared_info). */
bool xenhv_evtchn_has_vcpu_info(struct xenhv_domain *d, unsigned int vcpu)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;

	if (!ed || vcpu >= ed->nr_vcpus)
		return false;
	return ed->vcpus[vcpu].vcpu_info_registered ||
	       (ed->shinfo != ed->hidden_shinfo && vcpu < MAX_VIRT_CPUS);
}

/*
 * Write vcpu_info.time with Xen's version protocol (xenhv_pvclock_publish()).
 * Under the event lock, so the vcpu_info cannot move meanwhile; a
 * vcpu_info still in the hidden shared_info is kept current too.
 */
void xenhv_evtchn_write_vcpu_time(struct xenhv_domain *d, unsigned int vcpu,
				  const struct pvclock_vcpu_time_info *t)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	struct vcpu_info *vi;
	unsigned long flags;

	if (!ed)
		return;
	spin_lock_irqsave(ed->lock, flags);
	vi = xenhv_evtchn_vcpu_info(ed, vcpu);
	if (vi)
		xenhv_pvclock_publish(&vi->time, t);
	spin_unlock_irqrestore(ed->lock, flags);
}

/* update_domain_wallclock_time(): wc_version odd while wc_* change. */
void xenhv_evtchn_write_wallclock(struct xenhv_domain *d, u64 sec, u32 nsec)
{
	struct xenhv_evtchn_domain *ed = d->evtchn;
	struct shared_info *sh;
	unsigned long flags;
	u32 version;

	if (!ed)
		return;
	spin_lock_irqsave(ed->lock, flags);
	sh = ed->shinfo;
	version = (READ_ONCE(sh->wc.version) + 1) | 1;
	WRITE_ONCE(sh->wc.version, version);
	smp_wmb();	/* odd version visible before wc_* change */
	sh->wc.sec = (u32)sec;
	sh->wc.nsec = nsec;
	sh->wc_sec_hi = (u32)(sec >> 32);
	smp_wmb();	/* wc_* visible before the even version */
	WRITE_ONCE(sh->wc.version, version + 1);
	spin_unlock_irqrestore(ed->lock, flags);
}
