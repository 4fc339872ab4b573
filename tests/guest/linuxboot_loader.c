/*
 * tests/guest/linuxboot_loader.c - a test loader that plays a
 * Firecracker-style VMM's part for the Linux 64-bit boot protocol, since
 * QEMU cannot boot an ELF image linked with uk-kvm-linux.ld itself.
 *
 * QEMU boots this loader through PVH (-kernel) and puts the libuk image's
 * ELF file, raw, at IMAGE_PA (-device loader,file=IMAGE,addr=0x4000000,
 * force-raw=on). The loader, already in 64-bit mode (linuxboot_entry.S):
 *   - copies what it needs out of the PVH start info (memory map, command
 *     line, first module, RSDP) before it writes low memory;
 *   - copies the image's PT_LOAD segments to their p_paddr and zeroes the
 *     rest of each (p_memsz beyond p_filesz);
 *   - builds struct boot_params at 0x7000 as Firecracker does: E820 from
 *     the PVH memory map, the command line at 0x20000, the "HdrS" header
 *     with version 2.15, the initrd, acpi_rsdp_addr;
 *   - jumps to e_entry with RSI = 0x7000.
 * Loader options are leading words of the command line, removed before
 * the rest is handed on: "ldr.nomagic" leaves "HdrS" out of the zero page.
 * Its own failures print one "linuxboot:" line and exit with LOADER_FAIL
 * through isa-debug-exit. Freestanding: no libuk, no C library.
 */
#include <stddef.h>
#include <stdint.h>

#define IMAGE_PA     0x4000000ULL
#define BP_PA        0x7000ULL
#define CMDLINE_PA   0x20000ULL
#define CMDLINE_MAX  4096
/* Firecracker refuses segments below 1 MiB. */
#define LOAD_LOW     0x100000ULL
#define E820_MAX     128
#define LOADER_FAIL  100

extern uint32_t loader_start_info;
extern char loader_image_start[];
void loader_enter(uint64_t entry, uint64_t boot_params)
	__attribute__((noreturn));
void loader_main(void);

/* gcc may emit calls to these for loops and struct copies. */
void *memcpy(void *d, const void *s, size_t n)
{
	char *dp = d;
	const char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memset(void *d, int c, size_t n)
{
	char *dp = d;

	while (n--)
		*dp++ = (char)c;
	return d;
}

/* Distribution CFLAGS may turn the stack protector on. */
void __stack_chk_fail(void)
{
	for (;;)
		__asm__ volatile("hlt");
}

static void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void putc_com1(char c)
{
	while (!(inb(0x3fd) & 0x20))
		;
	outb(0x3f8, (uint8_t)c);
}

static void puts_com1(const char *s)
{
	while (*s)
		putc_com1(*s++);
}

static void puthex(uint64_t v)
{
	int i;

	puts_com1("0x");
	for (i = 60; i >= 0; i -= 4)
		putc_com1("0123456789abcdef"[(v >> i) & 15]);
}

static void __attribute__((noreturn)) fail(const char *why)
{
	puts_com1("linuxboot: ");
	puts_com1(why);
	puts_com1("\n");
	__asm__ volatile("outl %0, %1"
			 : : "a"((uint32_t)LOADER_FAIL), "Nd"((uint16_t)0xf4));
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* ---- the PVH start info (Xen start_info.h, version 1) ---- */

struct pvh_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	uint32_t memmap_entries, reserved;
};

struct pvh_mod {
	uint64_t paddr, size, cmdline_paddr, reserved;
};

struct e820 {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

struct pvh_memmap {
	uint64_t addr, size;
	uint32_t type, reserved;
};

/* What the loader keeps of it, in its own memory. */
static struct e820 mmap_copy[E820_MAX];
static uint32_t mmap_n;
static char cmdline[CMDLINE_MAX];
static uint64_t initrd_pa, initrd_len, rsdp_pa;

static void read_pvh(void)
{
	const struct pvh_start_info *si =
		(const void *)(uintptr_t)loader_start_info;
	const struct pvh_memmap *mm;
	const struct pvh_mod *mod;
	const char *s;
	uint32_t i;

	if (si->magic != 0x336ec578 || si->version < 1)
		fail("no PVH start info version 1");
	mm = (const void *)(uintptr_t)si->memmap_paddr;
	mmap_n = si->memmap_entries < E820_MAX ? si->memmap_entries : E820_MAX;
	for (i = 0; i < mmap_n; i++) {
		mmap_copy[i].addr = mm[i].addr;
		mmap_copy[i].size = mm[i].size;
		mmap_copy[i].type = mm[i].type;
	}
	s = (const char *)(uintptr_t)si->cmdline_paddr;
	for (i = 0; s && s[i] && i < CMDLINE_MAX - 1; i++)
		cmdline[i] = s[i];
	cmdline[i] = '\0';
	if (si->nr_modules) {
		mod = (const void *)(uintptr_t)si->modlist_paddr;
		initrd_pa = mod->paddr;
		initrd_len = mod->size;
	}
	rsdp_pa = si->rsdp_paddr;
}

/* ---- the image: an ELF64 executable for x86_64 ---- */

struct elf64_ehdr {
	uint8_t  ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static uint64_t load_elf(void)
{
	const struct elf64_ehdr *eh = (const void *)(uintptr_t)IMAGE_PA;
	const struct elf64_phdr *ph;
	uint64_t lim = (uint64_t)(uintptr_t)loader_image_start;
	uint16_t i;

	if (eh->ident[0] != 0x7f || eh->ident[1] != 'E' ||
	    eh->ident[2] != 'L' || eh->ident[3] != 'F' ||
	    eh->ident[4] != 2 /* ELFCLASS64 */ || eh->machine != 62)
		fail("no x86_64 ELF64 image at 0x4000000");
	if (eh->phentsize != sizeof(*ph) || eh->phnum == 0)
		fail("ELF image without program headers");
	ph = (const void *)(uintptr_t)(IMAGE_PA + eh->phoff);
	for (i = 0; i < eh->phnum; i++, ph++) {
		if (ph->type != 1 /* PT_LOAD */)
			continue;
		/* Below the loader: the raw file and the loader stay intact. */
		if (ph->paddr < LOAD_LOW || ph->memsz > lim ||
		    ph->paddr > lim - ph->memsz || ph->filesz > ph->memsz)
			fail("ELF PT_LOAD outside [1 MiB, 32 MiB)");
		memcpy((void *)(uintptr_t)ph->paddr,
		       (const void *)(uintptr_t)(IMAGE_PA + ph->offset),
		       ph->filesz);
		memset((void *)(uintptr_t)(ph->paddr + ph->filesz), 0,
		       ph->memsz - ph->filesz);
	}
	return eh->entry;
}

/* ---- boot_params (Linux zero-page.rst, boot.rst) ---- */

static void put16(uint8_t *bp, unsigned off, uint16_t v)
{
	memcpy(bp + off, &v, 2);
}

static void put32(uint8_t *bp, unsigned off, uint32_t v)
{
	memcpy(bp + off, &v, 4);
}

static void put64(uint8_t *bp, unsigned off, uint64_t v)
{
	memcpy(bp + off, &v, 8);
}

/* Length of 'word' if s starts with it as a whole word, else 0. */
static size_t word_at(const char *s, const char *word)
{
	size_t n = 0;

	while (word[n] && s[n] == word[n])
		n++;
	return !word[n] && (s[n] == ' ' || !s[n]) ? n : 0;
}

/* Drops the loader's own leading words; returns what the image gets. */
static const char *options(int *nomagic)
{
	const char *s = cmdline;
	size_t n;

	for (;;) {
		while (*s == ' ')
			s++;
		n = word_at(s, "ldr.nomagic");
		if (!n)
			return s;
		*nomagic = 1;
		s += n;
	}
}

static void build_boot_params(const char *args, int nomagic)
{
	uint8_t *bp = (uint8_t *)(uintptr_t)BP_PA;
	char *cl = (char *)(uintptr_t)CMDLINE_PA;
	uint32_t i, n = 0;

	memset(bp, 0, 4096);
	while (args[n] && n < CMDLINE_MAX - 1) {
		cl[n] = args[n];
		n++;
	}
	cl[n] = '\0';
	for (i = 0; i < mmap_n; i++)
		memcpy(bp + 0x2d0 + 20 * i, &mmap_copy[i], 20);
	bp[0x1e8] = (uint8_t)mmap_n;                 /* e820_entries */
	put16(bp, 0x1fe, 0xaa55);                    /* boot_flag */
	if (!nomagic)
		put32(bp, 0x202, 0x53726448);        /* "HdrS" */
	put16(bp, 0x206, 0x020f);                    /* version 2.15 */
	bp[0x210] = 0xff;                            /* type_of_loader: other */
	put32(bp, 0x218, (uint32_t)initrd_pa);       /* ramdisk_image */
	put32(bp, 0x21c, (uint32_t)initrd_len);      /* ramdisk_size */
	put32(bp, 0xc0, (uint32_t)(initrd_pa >> 32));
	put32(bp, 0xc4, (uint32_t)(initrd_len >> 32));
	put32(bp, 0x228, (uint32_t)CMDLINE_PA);      /* cmd_line_ptr */
	put32(bp, 0x238, CMDLINE_MAX - 1);           /* cmdline_size */
	put64(bp, 0x070, rsdp_pa);                   /* acpi_rsdp_addr */
}

void loader_main(void)
{
	int nomagic = 0;
	const char *args;
	uint64_t entry;

	read_pvh();
	args = options(&nomagic);
	entry = load_elf();
	build_boot_params(args, nomagic);
	puts_com1("linuxboot: entering ");
	puthex(entry);
	puts_com1(nomagic ? " with a zero page without HdrS\n"
			  : " with boot_params at 0x7000\n");
	loader_enter(entry, BP_PA);
}
