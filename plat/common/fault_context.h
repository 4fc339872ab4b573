/*
 * plat/common/fault_context.h - the lines a fault report shares between
 * the architectures: which thread faulted, and whether the faulting
 * address looks like a stack overflow.
 */
#ifndef UKPLAT_FAULT_CONTEXT_H
#define UKPLAT_FAULT_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Print "uk: in thread ..." (when the scheduler registered a describer)
 * and, for a data access at 'addr' (addr_valid) by code whose stack
 * pointer was 'sp', the stack-overflow line: the address is in a recorded
 * guard page, or just below the stack pointer in memory that is not
 * accessible (the guard page of a stack the application allocated, as
 * musl does for its threads).
 */
void ukplat_fault_print_context(bool addr_valid, uint64_t addr, uint64_t sp);

#endif /* UKPLAT_FAULT_CONTEXT_H */
