/*
 * ldscripts/arm64/uk-kvm.ld.S - template of the arm64 KVM linker script,
 * preprocessed into uk-kvm-image.ld (= uk-kvm.ld).
 *
 * Protocol: the arm64 Linux Image (Documentation/arch/arm64/booting.rst):
 * the 64-byte header below, little-endian, 4 KiB pages, loaded at RAM +
 * text_offset. Load address UKPLAT_LOAD_ADDR (0x40200000: QEMU virt's RAM
 * at 1 GiB + 2 MiB). QEMU -kernel accepts the ELF as well (then x0 = 0
 * and the device tree is at the RAM base) or the raw Image made with
 * `objcopy -O binary` (x0 = the device tree). Tested with QEMU 7.2 -M virt
 * (TCG; cortex-a72, max; gic-version 2 and 3; virtualization=on).
 *
 * With gcc's default -pie, entry.S applies the R_AARCH64_RELATIVE
 * relocations collected in .rela.dyn for wherever the image was loaded, so
 * the Image runs at any 2 MiB aligned base + text_offset; a -no-pie link
 * runs at its link address only.
 */
#include "../../plat/kvm/arm64/cpu_defs.h"

OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(__uk_image_start)
/* EXTERN pulls the platform's boot objects out of the archives. */
EXTERN(_ukplat_entry ukplat_arm64_boot_l0 ukplat_arm64_vectors)

PHDRS
{
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
	tls PT_TLS FLAGS(4);
}

SECTIONS
{
	. = UKPLAT_LOAD_ADDR;
	__uk_image_start = .;

	.text : {
		/* Image header: code0 = "b +64" to the entry code, code1 */
		LONG(0x14000010)
		LONG(0)
		QUAD(UKPLAT_TEXT_OFFSET)
		QUAD(__uk_image_end - __uk_image_start)   /* image_size, .bss included */
		QUAD(0xa)            /* flags: little-endian, 4 KiB pages, placed anywhere */
		QUAD(0) QUAD(0) QUAD(0)
		LONG(0x644d5241)     /* magic "ARM\x64" */
		LONG(0)
		KEEP(*(.text.boot))
		*(.text.vectors)
		*(.text .text.*)
	} :text
	.init : { KEEP(*(SORT_NONE(.init))) } :text
	.fini : { KEEP(*(SORT_NONE(.fini))) } :text
	ASSERT(_ukplat_entry == __uk_image_start + 64,
	       "the entry code (.text.boot) must follow the 64-byte Image header")

	. = ALIGN(4096);
	__uk_text_end = .;
	.rodata : {
		*(.rodata .rodata.*)
		*(.note.gnu.build-id)
	} :rodata

	/* Init steps and boot options: registered, sorted, never dropped. */
	.uk_inittab : {
		. = ALIGN(8);
		__uk_inittab_start = .;
		KEEP(*(SORT_BY_NAME(.uk_inittab.*)))
		__uk_inittab_end = .;
	} :rodata
	.uk_syscalls : {
		. = ALIGN(8);
		__uk_syscalls_start = .;
		KEEP(*(.uk_syscalls))
		__uk_syscalls_end = .;
	} :rodata
	.uk_params : {
		. = ALIGN(8);
		__uk_params_start = .;
		KEEP(*(.uk_params))
		__uk_params_end = .;
	} :rodata
	/* File system types and device files (uk/vfs.h). */
	.uk_fs : {
		. = ALIGN(8);
		__uk_fs_start = .;
		KEEP(*(.uk_fs))
		__uk_fs_end = .;
	} :rodata
	.uk_devices : {
		. = ALIGN(8);
		__uk_devices_start = .;
		KEEP(*(.uk_devices))
		__uk_devices_end = .;
	} :rodata
	/* Socket address-family drivers (uk/socket.h). */
	.uk_socket_drivers : {
		. = ALIGN(8);
		__uk_socket_drivers_start = .;
		KEEP(*(.uk_socket_drivers))
		__uk_socket_drivers_end = .;
	} :rodata
	/* Relocations of a -pie link, applied by entry.S at boot. */
	.rela.dyn : {
		. = ALIGN(8);
		__uk_rela_start = .;
		*(.rela.*)
		__uk_rela_end = .;
	} :rodata

	. = ALIGN(4096);
	__uk_rodata_end = .;
	/*
	 * The thread-local storage image. QEMU does not load the ELF
	 * headers, so libuk describes it to musl with a PT_TLS header it
	 * builds from these symbols (AT_PHDR).
	 */
	.tdata : {
		__uk_tls_start = .;
		*(.tdata .tdata.*)
		__uk_tdata_end = .;
	} :data :tls
	.tbss : {
		*(.tbss .tbss.*)
		*(.tcommon)
		__uk_tbss_end = .;
	} :data :tls
	__uk_tls_align = MAX(ALIGNOF(.tdata), ALIGNOF(.tbss));

	.data : {
		*(.data.pagetables)
		*(.data .data.*)
	} :data
	.init_array : {
		__init_array_start = .;
		KEEP(*(SORT_BY_INIT_PRIORITY(.init_array.*)))
		KEEP(*(.init_array))
		__init_array_end = .;
	} :data
	.fini_array : {
		__fini_array_start = .;
		KEEP(*(SORT_BY_INIT_PRIORITY(.fini_array.*)))
		KEEP(*(.fini_array))
		__fini_array_end = .;
	} :data
	.got : { *(.got) *(.igot) } :data
	.got.plt : { *(.got.plt) *(.igot.plt) } :data
	.dynamic : { *(.dynamic) } :data
	_edata = .;

	.bss (NOLOAD) : {
		. = ALIGN(16);
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(4096);
		__bss_end = .;
	} :data
	_end = .;
	__uk_image_end = .;

	/DISCARD/ : {
		*(.interp) *(.dynsym) *(.dynstr) *(.hash) *(.gnu.hash)
		*(.eh_frame) *(.eh_frame_hdr) *(.note.GNU-stack) *(.note.gnu.property)
		*(.comment) *(.gnu.version*)
	}
}
