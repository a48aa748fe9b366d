/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenhv translation engine: the backend seam and the per-family entry points.
 *
 * translate/ holds pure logic. It reaches Hyper-V, guest memory and the
 * running kernel only through struct xenhv_backend_ops, so the same code
 * runs on the real hypercall page (shim/hv_backend.c) and on a recording
 * fake (tests/kunit/xenhv_fake_backend.c).
 */
#ifndef _XENHV_ENGINE_H
#define _XENHV_ENGINE_H

#include <linux/types.h>
#include <linux/spinlock.h>
#include "../xen_abi/xenhv_xen.h"
#include "../xen_abi/xenhv_errno.h"
#include "../hv_abi/xenhv_tlfs.h"

struct xenhv_backend;

/**
 * struct xenhv_backend_ops - how the engine reaches Hyper-V and the guest
 *
 * @hypercall: slow (memory-based) hypercall. @control is the full TLFS
 *	control word (code, rep count/start, varhead). The backend places
 *	@in_len bytes of @in in a page-aligned input page that does not cross
 *	a page boundary and copies up to @out_len bytes of output back, as
 *	TLFS 3.6 requires. Returns the raw TLFS result value.
 * @hypercall_fast: register-based hypercall (TLFS 3.7): @in1 in RDX, @in2
 *	in R8. The backend sets HV_HYPERCALL_FAST_BIT. Returns the raw result.
 * @read_msr: read a synthetic MSR; 0 or -EIO if the MSR faults.
 * @write_msr: write a synthetic MSR; 0 or -EIO if the MSR faults.
 * @this_vcpu: the vCPU the caller runs on (caller keeps itself there).
 * @copy_from_guest: fault-safe read of a guest handle; 0 or -EFAULT.
 * @read_guest_u32: fault-safe read of the u32 a guest handle points at:
 *	its value, or -EFAULT (0 and any address outside the guest's memory
 *	fault). A value in a register, as get_user() gives it: the caller
 *	keeps no local in memory for it (EVTCHNOP_send's port).
 * @copy_to_guest: fault-safe write of a guest handle; 0 or -EFAULT.
 * @map_gfn: the kernel address of guest frame @gfn, or NULL if it is not
 *	guest RAM the guest may hand to the hypervisor (shared_info,
 *	vcpu_info, FIFO pages). Like Xen's get_page_from_gfn() it holds a
 *	reference, so the guest cannot free the page while xenhv uses it.
 * @unmap_gfn: drop what @map_gfn took (any address inside the page).
 * @kick_self: make the current vCPU run its upcall without a hypercall
 *	(delivered when it next can take interrupts).
 * @system_time_ns: Xen system time, ns (Hyper-V reference time x 100).
 * @block: wait until @done(@arg) or system time passes @deadline_ns
 *	(U64_MAX: no deadline), sleeping if the caller may, else spinning.
 * @wake_blocked: an event was raised: blocked callers re-check @done.
 * @read_tsc: the TSC, ordered (rdtsc_ordered()).
 * @tsc_page: the Hyper-V reference TSC page, or NULL if there is none.
 * @tsc_khz: the kernel's TSC frequency, for when the TSC page is invalid.
 * @wallclock_ns: real (wall-clock) time, ns since the epoch.
 * @idle_ns: how long @vcpu has idled, ns (the kernel's idle accounting).
 * @apic_dest: the destination field for @vcpu in HV_X64_MSR_ICR's high
 *	dword (xAPIC: APIC ID << 24; x2APIC: the APIC ID), or U32_MAX.
 * @shutdown: end the domain (SHUTDOWN_* reason) after xenhv reported it.
 * @flush_local: flush the calling vCPU's TLB for the current address
 *	space: @nr pages of @vas (INVLPG), or everything when @full.
 * @memory_stats: the partition's RAM: pages, and the frame past the
 *	highest RAM frame.
 * @alloc_frames: 2^@order contiguous, zeroed frames of the kernel's RAM,
 *	each below @below_pfn, handed to the domain (each frame can later be
 *	freed alone); the first frame, or XENHV_NO_FRAME.
 * @free_frame: give one frame from @alloc_frames back to the kernel.
 * @ram_frame: @gfn is RAM (anybody's), not MMIO or a hole.
 * @kernel_root: the kernel's top-level page table (512 entries), whose
 *	upper half every PV root table shares, or NULL.
 * @switch_root: load @cr3 on the calling vCPU (interrupts off); returns
 *	the value it replaced.
 * @preempt_check: the caller should give the CPU away (Xen's
 *	hypercall_preempt_check()); long batches then continue later.
 * @ram_ranges: the partition's RAM as up to @max [start, end) frame
 *	ranges, in address order; how many.
 * @cache_clean: write @len bytes at @va back from the CPU caches.
 * @frame_va: the kernel address of a frame @alloc_frames gave out and
 *	xenhv still holds; no reference taken, nothing checked.
 */
struct xenhv_backend_ops {
	u64 (*hypercall)(struct xenhv_backend *be, u64 control,
			 const void *in, size_t in_len, void *out, size_t out_len);
	u64 (*hypercall_fast)(struct xenhv_backend *be, u64 control,
			      u64 in1, u64 in2);
	int (*read_msr)(struct xenhv_backend *be, u32 msr, u64 *val);
	int (*write_msr)(struct xenhv_backend *be, u32 msr, u64 val);
	unsigned int (*this_vcpu)(struct xenhv_backend *be);
	int (*copy_from_guest)(struct xenhv_backend *be, void *dst,
			       unsigned long src, size_t len);
	int (*copy_to_guest)(struct xenhv_backend *be, unsigned long dst,
			     const void *src, size_t len);
	long (*read_guest_u32)(struct xenhv_backend *be, unsigned long src);
	void *(*map_gfn)(struct xenhv_backend *be, u64 gfn);
	void (*unmap_gfn)(struct xenhv_backend *be, void *addr);
	void (*kick_self)(struct xenhv_backend *be);
	u64 (*system_time_ns)(struct xenhv_backend *be);
	void (*block)(struct xenhv_backend *be, bool (*done)(void *arg), void *arg,
		      u64 deadline_ns);
	void (*wake_blocked)(struct xenhv_backend *be);
	u64 (*read_tsc)(struct xenhv_backend *be);
	const struct ms_hyperv_tsc_page *(*tsc_page)(struct xenhv_backend *be);
	u32 (*tsc_khz)(struct xenhv_backend *be);
	u64 (*wallclock_ns)(struct xenhv_backend *be);
	u64 (*idle_ns)(struct xenhv_backend *be, unsigned int vcpu);
	u32 (*apic_dest)(struct xenhv_backend *be, unsigned int vcpu);
	void (*shutdown)(struct xenhv_backend *be, unsigned int reason);
	void (*flush_local)(struct xenhv_backend *be, const u64 *vas, unsigned int nr,
			    bool full);
	void (*memory_stats)(struct xenhv_backend *be, u64 *ram_pages, u64 *max_pfn);
	u64 (*alloc_frames)(struct xenhv_backend *be, unsigned int order, u64 below_pfn);
	void (*free_frame)(struct xenhv_backend *be, u64 gfn);
	bool (*ram_frame)(struct xenhv_backend *be, u64 gfn);
	const u64 *(*kernel_root)(struct xenhv_backend *be);
	u64 (*switch_root)(struct xenhv_backend *be, u64 cr3);
	bool (*preempt_check)(struct xenhv_backend *be);
	unsigned int (*ram_ranges)(struct xenhv_backend *be, u64 *start_pfn, u64 *end_pfn,
				   unsigned int max);
	void (*cache_clean)(struct xenhv_backend *be, void *va, size_t len);
	void *(*frame_va)(struct xenhv_backend *be, u64 gfn);
};

/* The most RAM ranges XENMEM_memory_map reports. */
#define XENHV_MAX_RAM_RANGES	32

/* No frame (alloc_frames failure, no base pointer). */
#define XENHV_NO_FRAME		(~0ULL)
/*
 * Xen's -ERESTART: a hypercall rewrote its arguments into a continuation
 * and must be issued again with them. Internal: the dispatcher re-issues
 * it (yielding first when it may), so a guest never sees this value.
 */
#define XENHV_ERESTART		85

/**
 * struct xenhv_vp - one vCPU's virtual processor, as the backend knows it
 * @index: its Hyper-V VP index (TLFS 7.8.1), U32_MAX while not known
 * @upcall_vector: the vector of xenhv's event IPIs to it, 0 while it has
 *	none (offline, or no interrupt was set up for it): a kick to it then
 *	leaves the event pending, as Xen's does for a vCPU that is down
 */
struct xenhv_vp {
	u32 index;
	u8 upcall_vector;
};

/**
 * struct xenhv_backend - one backend instance
 * @ops: its operations
 * @nr_vcpus: vCPUs the domain has
 * @vps: what the backend knows of each vCPU's virtual processor, @nr_vcpus
 *	of them, kept by the backend as Linux keeps hv_vp_index[]. Data, not
 *	an op: every cross-vCPU event and flush reads it.
 * @sint: the SynIC SINT xenhv owns (timer messages land there)
 * @stimer: the synthetic timer xenhv owns on every VP (0-3)
 * @crash_msrs: Hyper-V offers the guest crash MSRs
 * @synthetic_icr: Hyper-V offers HV_X64_MSR_ICR
 * @ext_hypercalls: Hyper-V offers extended hypercalls (0x8001 and up)
 * @can_switch_root: the kernel's paging lets a vCPU load a PV root table
 *	(4-level paging, no page-table isolation)
 * @event_lock: the event-channel state of every domain in the partition
 *	(the guest and the backend domain xenhv hosts for it). An
 *	interdomain op changes both ends, so one lock serves both domains:
 *	no lock order to get wrong between a send from either side.
 */
struct xenhv_backend {
	const struct xenhv_backend_ops *ops;
	unsigned int nr_vcpus;
	const struct xenhv_vp *vps;
	u8 sint;
	u8 stimer;
	bool crash_msrs;
	bool synthetic_icr;
	bool ext_hypercalls;
	bool can_switch_root;
	spinlock_t event_lock;
};

#include "backend_ops.h"

/* The Hyper-V VP index of @vcpu, U32_MAX if it has none (yet). */
static inline u32 xenhv_vp_index(const struct xenhv_backend *be, unsigned int vcpu)
{
	return vcpu < be->nr_vcpus ? READ_ONCE(be->vps[vcpu].index) : U32_MAX;
}

/**
 * struct xenhv_domain - the Xen domain xenhv presents to its guest
 * @be: how to reach Hyper-V and guest memory
 * @domid: what DOMID_SELF names (a domU's id; never 0, the hardware domain)
 * @handle: the domain handle (UUID) returned by XENVER_guest_handle
 * @evtchn: event-channel state
 * @time: pvclock, timers and runstate
 * @vm_assist: VMASST_TYPE_* bits the guest enabled
 * @shutdown_code: SCHEDOP_shutdown_code, XENHV_SHUTDOWN_CODE_INVALID if unset
 * @shutting_down: SCHEDOP_shutdown ran (Xen's is_shutting_down)
 * @hvm_params: HVM_PARAM_* values (HVMOP_set_param/get_param)
 * @mm: the PV MMU: the frames the domain owns, page-table types and pins,
 *	base pointers
 * @gnttab: the domain's grant table
 * @peer: the other domain in this partition, if any (the guest, or the
 *	backend domain xenhv hosts for it), which grant ops may name
 * @memory_is_reservations: the domain's memory is exactly the frames it
 *	got from reservations (the hosted backend); otherwise every RAM
 *	frame no other domain owns (the guest in module mode is the kernel)
 * @pv: a PV domain (the hosted backend, a PV driver domain); else HVM
 *	(the guest). Read only where Xen's answer depends on it:
 *	hvm_grant_table_op()'s filter, and paging_mode_translate() of a
 *	caller (acquire_resource) or of the domain an op names (physmap)
 */
struct xenhv_evtchn_domain;
struct xenhv_time_domain;
struct xenhv_mm_domain;
struct xenhv_gnttab;

struct xenhv_domain {
	struct xenhv_backend *be;
	domid_t domid;
	xen_domain_handle_t handle;
	struct xenhv_evtchn_domain *evtchn;
	struct xenhv_time_domain *time;
	unsigned long vm_assist;
	unsigned int shutdown_code;
	bool shutting_down;
	u64 hvm_params[XENHV_HVM_NR_PARAMS];
	struct xenhv_mm_domain *mm;
	struct xenhv_gnttab *gnttab;
	struct xenhv_domain *peer;
	bool memory_is_reservations;
	bool pv;
	bool control;		/* a control domain (is_control_domain()) */
};

/* translate/domain.c: the domain as a whole, and its vCPUs. */

/* d->shutdown_code before SCHEDOP_shutdown_code sets it. */
#define XENHV_SHUTDOWN_CODE_INVALID	(~0U)

/*
 * The domain a domid names: only this one exists here, so DOMID_SELF or
 * its own id, else Xen's rcu_lock_domain_by_any_id() fails (-ESRCH).
 */
static inline bool xenhv_is_self(const struct xenhv_domain *d, domid_t dom)
{
	return dom == DOMID_SELF || dom == d->domid;
}

/*
 * Whether @dom names a domain that exists but that @d may not touch:
 * dom0 (the Hyper-V host plays it, unless the hosted backend domain is
 * dom0) or @d's peer. Xen's lookup finds it, so a domU gets what comes
 * after the lookup, mostly the permission check's -EPERM (XSM_TARGET,
 * XSM_DM_PRIV in xsm/dummy.h), never -ESRCH. Where the backend is dom0,
 * dom0 is the peer and the peer's rules apply (event channels see it only
 * while its channels exist). dom0 is PV, as is the backend; the guest is
 * HVM (@pv).
 */
static inline bool xenhv_is_other_domain(const struct xenhv_domain *d, domid_t dom)
{
	return dom != d->domid && (dom == 0 || (d->peer && dom == d->peer->domid));
}

long xenhv_domain_shutdown(struct xenhv_domain *d, unsigned int reason);

/*
 * Interrupt @vcpu so it runs its upcall: the current vCPU by the backend's
 * self-kick (no Hyper-V call: delivered on the way back, as Xen does on
 * return to the guest), another by a Hyper-V IPI (inline where events
 * are raised: __xenhv_vcpu_kick() in translate/domain.h). Callers keep
 * themselves on their vCPU (the event lock, or interrupts off), so
 * this_vcpu cannot change under us, and pass a @vcpu below be->nr_vcpus
 * (a port's notify_vcpu, or one they checked): the kick does not check
 * it again.
 */
void xenhv_vcpu_kick(struct xenhv_domain *d, unsigned int vcpu);

/* translate/hv_call.c: TLFS calling helpers shared by every family. */
u64 xenhv_hv_call_rep(struct xenhv_backend *be, u16 code, unsigned int rep_count,
		      unsigned int varhead, const void *in, size_t in_len,
		      void *out, size_t out_len);
int xenhv_hv_status_to_errno(u64 status);

/* Guest-handle accessors; a NULL handle is a fault, as in Xen. */
static inline int xenhv_copy_from_guest(struct xenhv_domain *d, void *dst,
					unsigned long src, size_t len)
{
	if (!src)
		return -XEN_EFAULT;
	return xenhv_be_copy_from_guest(d->be, dst, src, len);
}

static inline int xenhv_copy_to_guest(struct xenhv_domain *d, unsigned long dst,
				      const void *src, size_t len)
{
	if (!dst)
		return -XEN_EFAULT;
	return xenhv_be_copy_to_guest(d->be, dst, src, len);
}

/* Family entry points: each takes the hypercall's own arguments. */
long xenhv_xen_version(struct xenhv_domain *d, int cmd, unsigned long arg);
u32 xenhv_xen_features(const struct xenhv_domain *d, unsigned int submap_idx);
long xenhv_sched_op(struct xenhv_domain *d, int cmd, unsigned long arg);
long xenhv_event_channel_op_args(struct xenhv_domain *d, unsigned long *args);
long xenhv_evtchn_send_op(struct xenhv_domain *d, unsigned long arg);

static inline long xenhv_event_channel_op(struct xenhv_domain *d, int cmd, unsigned long arg)
{
	unsigned long args[2] = { (unsigned int)cmd, arg };

	return xenhv_event_channel_op_args(d, args);
}

long xenhv_memory_op(struct xenhv_domain *d, int cmd, unsigned long arg);
long xenhv_memory_op_args(struct xenhv_domain *d, unsigned long *args);
/* Whether Hyper-V takes the cold-discard hint for the domain's released frames. */
bool xenhv_memory_cold_discard(const struct xenhv_domain *d);
long xenhv_vcpu_op(struct xenhv_domain *d, int cmd, unsigned int vcpu, unsigned long arg);
long xenhv_hvm_op(struct xenhv_domain *d, int cmd, unsigned long arg);

/* translate/evtchn.c: event-channel state and the hooks other families use. */
#define XENHV_DEFAULT_MAX_EVTCHN_PORT	1023	/* libxl's default max_event_channels */
int xenhv_evtchn_init(struct xenhv_domain *d, unsigned int max_port);
void xenhv_evtchn_destroy(struct xenhv_domain *d);
bool xenhv_evtchn_raise_virq(struct xenhv_domain *d, unsigned int vcpu, unsigned int virq);
bool xenhv_evtchn_upcall_pending(struct xenhv_domain *d, unsigned int vcpu);
int xenhv_evtchn_poll_ports(struct xenhv_domain *d, const u32 *ports, unsigned int n);
void xenhv_evtchn_enable_events(struct xenhv_domain *d, unsigned int vcpu);
void xenhv_evtchn_waiting(struct xenhv_domain *d, bool waiting);
int xenhv_evtchn_connect_hv(struct xenhv_domain *d, u32 port, u32 connection_id, u32 flag);
bool xenhv_evtchn_hv_event(struct xenhv_domain *d, u32 flag);
bool xenhv_evtchn_has_hv_conns(struct xenhv_domain *d);
void xenhv_evtchn_set_upcall_vector(struct xenhv_domain *d, unsigned int vcpu, u8 vector);
void xenhv_evtchn_vcpu_up(struct xenhv_domain *d, unsigned int vcpu);

/*
 * translate/shinfo.c: where shared_info and the vcpu_infos are, and the
 * time written into them (Xen's map_vcpu_info(), common/domain.c).
 */
void xenhv_evtchn_set_shared_info(struct xenhv_domain *d, u64 gfn, void *page);
bool xenhv_evtchn_unmap_shared_info(struct xenhv_domain *d, u64 gfn);
struct vcpu_info;
int xenhv_evtchn_register_vcpu_info(struct xenhv_domain *d, unsigned int vcpu,
				    struct vcpu_info *vi);
bool xenhv_evtchn_has_vcpu_info(struct xenhv_domain *d, unsigned int vcpu);
struct pvclock_vcpu_time_info;
void xenhv_evtchn_write_vcpu_time(struct xenhv_domain *d, unsigned int vcpu,
				  const struct pvclock_vcpu_time_info *t);
void xenhv_evtchn_write_wallclock(struct xenhv_domain *d, u64 sec, u32 nsec);

/* translate/time.c: Xen time on Hyper-V's clock. */
int xenhv_time_init(struct xenhv_domain *d);
void xenhv_time_destroy(struct xenhv_domain *d);
u64 xenhv_system_time(struct xenhv_domain *d);
void xenhv_time_service(struct xenhv_domain *d, unsigned int vcpu);
void xenhv_time_interrupt(struct xenhv_domain *d, unsigned int vcpu, bool timer_expired);
void xenhv_time_stop_vcpu(struct xenhv_domain *d);
void xenhv_time_vcpu_info_changed(struct xenhv_domain *d, unsigned int vcpu);
void xenhv_time_write_wallclock(struct xenhv_domain *d);
u64 xenhv_time_next_deadline(struct xenhv_domain *d, unsigned int vcpu);
u64 xenhv_time_timer_virqs(struct xenhv_domain *d, unsigned int vcpu);
void xenhv_time_stats(struct xenhv_domain *d, unsigned int vcpu, u64 *duties, u64 *refreshes);
long xenhv_set_timer_op(struct xenhv_domain *d, u64 timeout);
long xenhv_vcpu_set_singleshot_timer(struct xenhv_domain *d, unsigned int vcpu,
				     unsigned long arg);
long xenhv_vcpu_stop_singleshot_timer(struct xenhv_domain *d, unsigned int vcpu);
long xenhv_vcpu_set_periodic_timer(struct xenhv_domain *d, unsigned int vcpu,
				   unsigned long arg);
long xenhv_vcpu_stop_periodic_timer(struct xenhv_domain *d, unsigned int vcpu);
long xenhv_vcpu_get_runstate_info(struct xenhv_domain *d, unsigned int vcpu,
				  unsigned long arg);
long xenhv_vcpu_register_area(struct xenhv_domain *d, unsigned int vcpu,
			      unsigned long arg, bool runstate, bool phys);

/* translate/misc.c: vm_assist and the calls Xen refuses an HVM domU. */
long xenhv_vm_assist(struct xenhv_domain *d, unsigned int cmd, unsigned int type);
long xenhv_platform_op(struct xenhv_domain *d, unsigned long arg);
long xenhv_sysctl(struct xenhv_domain *d, unsigned long arg);
long xenhv_domctl(struct xenhv_domain *d, unsigned long arg, bool paging_cont);
long xenhv_dm_op(struct xenhv_domain *d, domid_t domid, unsigned int nr_bufs,
		 unsigned long bufs);

/*
 * translate/mm.c, mm_update.c, mmuext.c: the PV MMU. The batch calls
 * take the hypercall's argument array and, on -XENHV_ERESTART, leave
 * their continuation in it (Xen's hypercall_create_continuation()).
 */
int xenhv_mm_init(struct xenhv_domain *d);
void xenhv_mm_destroy(struct xenhv_domain *d);
long xenhv_mmu_update(struct xenhv_domain *d, unsigned long *args);
long xenhv_mmuext_op(struct xenhv_domain *d, unsigned long *args);
long xenhv_update_va_mapping(struct xenhv_domain *d, u64 va, u64 val,
			     unsigned long flags, domid_t domid, bool otherdomain);
int xenhv_pv_enter(struct xenhv_domain *d, u64 *saved);
void xenhv_pv_exit(struct xenhv_domain *d, u64 saved);
struct xenhv_flush;
void xenhv_mm_batch_begin(struct xenhv_domain *d, struct xenhv_flush *f);
int xenhv_mm_batch_end(struct xenhv_domain *d);

/* translate/gnttab.c, gnttab_op.c: grant tables. */
int xenhv_gnttab_init(struct xenhv_domain *d, unsigned int max_frames);
void xenhv_gnttab_destroy(struct xenhv_domain *d);
int xenhv_gnttab_add_to_physmap(struct xenhv_domain *d, u64 idx, u64 gfn);
bool xenhv_gnttab_remove_from_physmap(struct xenhv_domain *d, u64 gfn);
long xenhv_grant_table_op(struct xenhv_domain *d, unsigned long *args);
void xenhv_gnttab_drop_maps(struct xenhv_domain *d);

#endif /* _XENHV_ENGINE_H */
