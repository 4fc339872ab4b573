#!/bin/sh
# tests/guest/wx.sh - page protections and W^X (see wx.c): each forbidden
# access is its own boot, which must end in the fault report (a page fault
# at the guest's target address, named as a page-protection fault where
# the page is present) with the fault status 112; then the mprotect and
# mmap answers, relayed from the guest's own TAP lines.
. "$top_srcdir/tests/guest/lib.sh"

# fault CASE DESCRIPTION ERROR-CODE-PATTERN [REPORT-PATTERN]
fault() {
	boot "$G/wx-pvh" -c "-- $1"
	expect_status "$2: fault status" 112
	expect_console "$2: page fault with error code $3" \
		"CPU exception #PF page fault \\(vector 14\\), error code $3"
	[ -n "${4:-}" ] && expect_console "$2: report says '$4'" "$4"
	target=$(printf '%s\n' "$out" | sed -n 's/^wx: target 0x\([0-9a-f]*\)$/\1/p')
	if [ -n "$target" ] && printf '%s\n' "$out" |
		grep -Eq "CR2 0*$target\$"; then
		ok "$2: CR2 is the target address"
	else
		not_ok "$2: CR2 is the target address (${target:-none printed})"
	fi
	expect_no_console "$2: execution stops at the fault" '^wx: survived'
}

# fault CASE DESCRIPTION ARM64-CLASS-PATTERN ARM64-FAULT-PATTERN
# (arm64: the exception class and the decoded fault status and access;
# FAR must be the guest's target address)
fault_arm64() {
	boot "$G/wx-pvh" -c "-- $1"
	expect_status "$2: fault status" 112
	expect_console "$2: $3" "CPU exception: $3"
	target=$(printf '%s\n' "$out" | sed -n 's/^wx: target 0x\([0-9a-f]*\)$/\1/p')
	if [ -n "$target" ] && printf '%s\n' "$out" |
		grep -Eq "^uk: $4 at FAR 0*$target\$"; then
		ok "$2: $4 at FAR = the target address"
	else
		not_ok "$2: $4 at FAR = the target address (${target:-none printed})"
	fi
	expect_no_console "$2: execution stops at the fault" '^wx: survived'
}

if [ "${UK_ARCH:-x86_64}" = arm64 ]; then
	dabt='data abort \(EC 0x25\)' iabt='instruction abort \(EC 0x21\)'
	fault_arm64 text "write to a function's text" "$dabt" 'permission fault, write access'
	fault_arm64 rodata "write to a const object" "$dabt" 'permission fault, write access'
	fault_arm64 nx-data "call into .data" "$iabt" 'permission fault, instruction fetch access'
	fault_arm64 nx-bss "call into .bss" "$iabt" 'permission fault, instruction fetch access'
	fault_arm64 nx-stack "call into the stack" "$iabt" 'permission fault, instruction fetch access'
	fault_arm64 nx-heap "call into malloc'ed memory" "$iabt" 'permission fault, instruction fetch access'
	fault_arm64 none "read after mprotect(PROT_NONE)" "$dabt" 'translation fault \(not mapped\), read access'
	fault_arm64 readonly "write after mprotect(PROT_READ)" "$dabt" 'permission fault, write access'
else
fault text "write to a function's text" '0x3 \[protection write\]' \
	"page-protection fault: write to read-only memory \\(the image's text\\)"
fault rodata "write to a const object" '0x3 \[protection write\]' \
	"page-protection fault: write to read-only memory \\(the image's read-only data\\)"
fault nx-data "call into .data" '0x11 \[protection read ifetch\]' \
	"page-protection fault: instruction fetch from no-execute memory \\(the image's data\\)"
fault nx-bss "call into .bss" '0x11 \[protection read ifetch\]' \
	"page-protection fault: instruction fetch from no-execute memory \\(the image's data\\)"
fault nx-stack "call into the stack" '0x11 \[protection read ifetch\]' \
	'page-protection fault: instruction fetch from no-execute memory$'
fault nx-heap "call into malloc'ed memory" '0x11 \[protection read ifetch\]' \
	'page-protection fault: instruction fetch from no-execute memory$'
fault none "read after mprotect(PROT_NONE)" '0x0 \[not-present read\]'
fault readonly "write after mprotect(PROT_READ)" '0x3 \[protection write\]' \
	'page-protection fault: write to read-only memory$'

fi

# The mprotect and mmap answers: the guest's TAP lines, relayed.
boot "$G/wx-pvh" -c "-- calls"
printf '%s\n' "$out" | grep -E '^# W\^X'
relay_guest_tap "calls"
tap_done
