/*
 * ldscripts/x86_64/uk-kvm.ld.S - template of the x86_64 KVM linker
 * scripts; preprocessed once per boot protocol:
 *
 *   uk-kvm-pvh.ld (= uk-kvm.ld)  PVH: ELF note XEN_ELFNOTE_PHYS32_ENTRY;
 *                                 QEMU -kernel (microvm, pc, q35),
 *                                 Firecracker >= 1.12, Cloud Hypervisor.
 *   uk-kvm-multiboot.ld           Multiboot 1 with the a.out-kludge address
 *                                 fields, so QEMU -kernel and GRUB load the
 *                                 ELF64 as a flat image.
 *   uk-kvm-linux.ld               Linux 64-bit boot protocol: e_entry is the
 *                                 64-bit entry (RSI = boot_params), no note
 *                                 and no Multiboot header; Firecracker-style
 *                                 VMMs that load an ELF vmlinux. Tested
 *                                 through tests/guest's loader on QEMU.
 *
 * Load address 1 MiB (UKPLAT_LOAD_ADDR). Tested with QEMU 7.2 (microvm,
 * pc, q35; TCG). Works with gcc's default -pie as well as -no-pie: the
 * image is always loaded at its link address.
 */
#include "../../plat/kvm/x86_64/cpu_defs.h"

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)

/* EXTERN pulls the platform's boot objects out of the archives. */
#if defined(UK_BOOT_PVH)
ENTRY(_ukplat_pvh_entry)
EXTERN(_ukplat_pvh_entry ukplat_x86_pml4)
#elif defined(UK_BOOT_MULTIBOOT)
ENTRY(_ukplat_multiboot_entry)
EXTERN(_ukplat_multiboot_entry ukplat_x86_pml4)
#elif defined(UK_BOOT_LINUX)
ENTRY(_ukplat_linux_entry)
EXTERN(_ukplat_linux_entry ukplat_x86_pml4)
#else
#error "no boot protocol selected"
#endif

/*
 * Text, read-only data and data each get a segment with their own
 * permissions. The sections are page-aligned and contiguous, so the file
 * layout matches the memory layout: Multiboot's a.out kludge copies
 * [load_addr, load_end_addr) from the file as one flat block.
 */
PHDRS
{
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
#if defined(UK_BOOT_PVH)
	note PT_NOTE FLAGS(4);
#endif
	tls PT_TLS FLAGS(4);
}
#define TEXT_PHDR :text
#define RODATA_PHDR :rodata
#define DATA_PHDR :data

SECTIONS
{
	. = UKPLAT_LOAD_ADDR;
	__uk_image_start = .;

	.text : {
		/* Read by the 32-bit entry code (cpu_defs.h). */
		LONG(ukplat_x86_pml4)
		LONG(0)
		KEEP(*(.text.boot))
#if defined(UK_BOOT_MULTIBOOT)
		/* Multiboot 1 header: must sit, 4-byte aligned, in the first 8 KiB. */
		. = ALIGN(4);
		__uk_multiboot_header = .;
		LONG(0x1BADB002)
		LONG(0x00010003)  /* page-aligned modules, memory map, addresses */
		LONG(-(0x1BADB002 + 0x00010003))
		LONG(__uk_multiboot_header)  /* header_addr */
		LONG(__uk_image_start)       /* load_addr */
		LONG(_edata)                 /* load_end_addr */
		LONG(__bss_end)              /* bss_end_addr */
		LONG(_ukplat_multiboot_entry)
#endif
		*(.text .text.*)
	} TEXT_PHDR
	.init : { KEEP(*(SORT_NONE(.init))) } TEXT_PHDR
	.fini : { KEEP(*(SORT_NONE(.fini))) } TEXT_PHDR
	ASSERT(_ukplat_boot_base == UKPLAT_BOOT_CODE,
	       "the 32-bit boot code (.text.boot) must start the image")
#if defined(UK_BOOT_MULTIBOOT)
	ASSERT(__uk_multiboot_header < UKPLAT_LOAD_ADDR + 8192 - 32,
	       "the Multiboot header must lie in the first 8 KiB")
#endif

	/*
	 * Section boundaries for the page protections set after boot
	 * (plat/kvm/x86_64/paging.c): text [__uk_image_start,
	 * __uk_rodata_start) read-only and executable, read-only data
	 * [__uk_rodata_start, __uk_data_start), data and .bss
	 * [__uk_data_start, __uk_image_end) writable, never executable.
	 */
	. = ALIGN(4096);
	__uk_rodata_start = .;
	.rodata : {
		*(.rodata .rodata.*)
		*(.note.gnu.build-id)
	} RODATA_PHDR

#if defined(UK_BOOT_PVH)
	.note.pvh : {
		LONG(4) LONG(4) LONG(18)     /* namesz, descsz, PHYS32_ENTRY */
		LONG(0x006e6558)             /* "Xen\0" */
		LONG(_ukplat_pvh_entry)
	} :rodata :note
#endif

	/* Init steps and boot options: registered, sorted, never dropped. */
	.uk_inittab : {
		. = ALIGN(8);
		__uk_inittab_start = .;
		KEEP(*(SORT_BY_NAME(.uk_inittab.*)))
		__uk_inittab_end = .;
	} RODATA_PHDR
	.uk_syscalls : {
		. = ALIGN(8);
		__uk_syscalls_start = .;
		KEEP(*(.uk_syscalls))
		__uk_syscalls_end = .;
	} RODATA_PHDR
	.uk_params : {
		. = ALIGN(8);
		__uk_params_start = .;
		KEEP(*(.uk_params))
		__uk_params_end = .;
	} RODATA_PHDR
	/* File system types and device files (uk/vfs.h). */
	.uk_fs : {
		. = ALIGN(8);
		__uk_fs_start = .;
		KEEP(*(.uk_fs))
		__uk_fs_end = .;
	} RODATA_PHDR
	.uk_devices : {
		. = ALIGN(8);
		__uk_devices_start = .;
		KEEP(*(.uk_devices))
		__uk_devices_end = .;
	} RODATA_PHDR
	/* Socket address-family drivers (uk/socket.h). */
	.uk_socket_drivers : {
		. = ALIGN(8);
		__uk_socket_drivers_start = .;
		KEEP(*(.uk_socket_drivers))
		__uk_socket_drivers_end = .;
	} RODATA_PHDR

	. = ALIGN(4096);
	__uk_data_start = .;
	/*
	 * The thread-local storage image. QEMU does not load the ELF
	 * headers, so libuk describes it to musl with a PT_TLS header it
	 * builds from these symbols (AT_PHDR).
	 */
	.tdata : {
		__uk_tls_start = .;
		*(.tdata .tdata.*)
		__uk_tdata_end = .;
	} DATA_PHDR :tls
	.tbss : {
		*(.tbss .tbss.*)
		*(.tcommon)
		__uk_tbss_end = .;
	} DATA_PHDR :tls
	__uk_tls_align = MAX(ALIGNOF(.tdata), ALIGNOF(.tbss));

	.data : {
		*(.data.pagetables)
		*(.data .data.*)
	} DATA_PHDR
	.init_array : {
		__init_array_start = .;
		KEEP(*(SORT_BY_INIT_PRIORITY(.init_array.*)))
		KEEP(*(.init_array))
		__init_array_end = .;
	} DATA_PHDR
	.fini_array : {
		__fini_array_start = .;
		KEEP(*(SORT_BY_INIT_PRIORITY(.fini_array.*)))
		KEEP(*(.fini_array))
		__fini_array_end = .;
	} DATA_PHDR
	.got : { *(.got) *(.igot) } DATA_PHDR
	.got.plt : { *(.got.plt) *(.igot.plt) } DATA_PHDR
	.dynamic : { *(.dynamic) } DATA_PHDR
	/* Dynamic relocations of a -pie link: already applied by the linker. */
	.rela.dyn : { *(.rela.*) } DATA_PHDR
	_edata = .;

	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(4096);
		__bss_end = .;
	} DATA_PHDR
	_end = .;
	__uk_image_end = .;
	ASSERT(__uk_rodata_start % 4096 == 0 && __uk_data_start % 4096 == 0 &&
	       __uk_image_end % 4096 == 0,
	       "text, read-only data and data must start on page boundaries")

	/DISCARD/ : {
		*(.interp) *(.dynsym) *(.dynstr) *(.hash) *(.gnu.hash)
		*(.eh_frame) *(.eh_frame_hdr) *(.note.GNU-stack) *(.note.gnu.property)
		*(.comment) *(.gnu.version*)
	}
}
