/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenhv register-level entry: a Xen-style hypercall page whose stubs take
 * the Xen x86_64 hypercall ABI, and the page Hyper-V fills with its own
 * hypercall code when xenhv, not the kernel, enables it.
 */
#include <linux/linkage.h>
#include <linux/objtool.h>
#include <asm/asm.h>
#include <asm/page_types.h>
#include <asm/unwind_hints.h>
#include <asm/nospec-branch.h>

	.text

/*
 * xenhv_hypercall_entry: EAX = hypercall number; RDI, RSI, RDX, R10, R8 =
 * arguments; result in RAX (docs/guest-guide/x86/hypercall-abi.rst).
 * A Xen guest expects every other register preserved; its argument
 * registers may be clobbered. The C side is xenhv_hypercall(op, a1..a5),
 * i.e. RDI, RSI, RDX, RCX, R8, R9 in the SysV ABI, so shuffle the
 * arguments up one register and save the caller-saved registers the Xen
 * ABI promises to keep (RCX, R9, R11). Three pushes also realign the stack
 * to 16 bytes for the C call.
 */
SYM_FUNC_START(xenhv_hypercall_entry)
	push	%rcx
	push	%r9
	push	%r11
	mov	%r8, %r9
	mov	%r10, %r8
	mov	%rdx, %rcx
	mov	%rsi, %rdx
	mov	%rdi, %rsi
	mov	%eax, %edi
	call	xenhv_hypercall
	pop	%r11
	pop	%r9
	pop	%rcx
	RET
SYM_FUNC_END(xenhv_hypercall_entry)

/*
 * Stub N of the page: "mov $N, %eax; jmp xenhv_hypercall_entry", padded to
 * 32 bytes like Xen's, so a caller of "hypercall_page + N * 32" works
 * unchanged.
 */
	.balign PAGE_SIZE, 0xcc
SYM_CODE_START(xenhv_hypercall_page)
	.set	xenhv_nr, 0
	.rept	(PAGE_SIZE / 32)
	UNWIND_HINT_FUNC
	ENDBR
	mov	$xenhv_nr, %eax
	jmp	xenhv_hypercall_entry
	.balign	32, 0xcc
	.set	xenhv_nr, xenhv_nr + 1
	.endr
SYM_CODE_END(xenhv_hypercall_page)

/*
 * Hyper-V writes its hypercall sequence here when xenhv points
 * HV_X64_MSR_HYPERCALL at this page's GPA (TLFS 3.13); until then it is
 * "ret" + int3 padding, like the kernel's own Xen hypercall_page.
 */
	.balign PAGE_SIZE, 0xcc
SYM_CODE_START(xenhv_hv_hypercall_area)
	.rept	(PAGE_SIZE / 32)
	UNWIND_HINT_FUNC
	ANNOTATE_NOENDBR
	ANNOTATE_UNRET_SAFE
	ret
	.skip	31, 0xcc
	.endr
SYM_CODE_END(xenhv_hv_hypercall_area)
