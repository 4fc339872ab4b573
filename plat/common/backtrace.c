/*
 * plat/common/backtrace.c - the frame-pointer backtrace (backtrace.h).
 */
#include <uk/console.h>
#include "backtrace.h"

void ukplat_print_backtrace(uint64_t pc, uint64_t fp, bool (*readable)(uint64_t fp))
{
	uk_printf("uk: backtrace (resolve with addr2line -e <image>):\n");
	uk_printf("uk:   #0  0x%016lx\n", pc);
	for (int depth = 1; depth < 32 && (fp & 7) == 0 && readable(fp); depth++) {
		const uint64_t *frame = (const uint64_t *)(uintptr_t)fp;

		if (frame[1] == 0)
			break;
		uk_printf("uk:   #%-2d 0x%016lx\n", depth, frame[1]);
		if (frame[0] <= fp) /* frames only move up the stack */
			break;
		fp = frame[0];
	}
}
