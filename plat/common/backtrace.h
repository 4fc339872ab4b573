/*
 * plat/common/backtrace.h - the frame-pointer backtrace of fault reports.
 *
 * libuk is built with frame pointers, and both architectures lay a frame
 * record out the same way: at the frame pointer (RBP / x29) the caller's
 * frame pointer, then the return address.
 */
#ifndef UKPLAT_BACKTRACE_H
#define UKPLAT_BACKTRACE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Print "uk: backtrace ..." with 'pc' as frame #0, then the return
 * addresses of the frame records from 'fp' up, at most 32, stopping at
 * the first record that readable(fp) refuses, a zero return address, or a
 * frame pointer that does not move up the stack.
 */
void ukplat_print_backtrace(uint64_t pc, uint64_t fp, bool (*readable)(uint64_t fp));

#endif /* UKPLAT_BACKTRACE_H */
