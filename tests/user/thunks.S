/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's return and indirect-call thunks, for the bench built with
 * Kbuild's flags: each as booted on a CPU that needs no retpoline or
 * return untraining (alternatives patch the call sites there to the
 * plain instruction, one per call as here).
 */
	.text
	.globl	__x86_return_thunk
__x86_return_thunk:
	ret
	int3

	.irp	reg, rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15
	.globl	__x86_indirect_thunk_\reg
__x86_indirect_thunk_\reg:
	jmp	*%\reg
	int3
	.endr

	.section .note.GNU-stack, "", @progbits
