#!/bin/sh
# gen-syscalls.sh LIST HEADER CFILE - from one architecture's list of
# system call numbers and names, write uk/syscall_nr.h (UK_NR_<name>) and
# the number-to-name table used for "not implemented" messages.
set -eu
list=$1
header=$2
cfile=$3

max=$(awk '!/^#/ && NF == 2 { if ($1 > m) m = $1 } END { print m + 1 }' "$list")
{
	echo "/* uk/syscall_nr.h - generated from $(basename "$(dirname "$list")")/$(basename "$list") by gen-syscalls.sh; do not edit. */"
	echo "#ifndef UK_SYSCALL_NR_H"
	echo "#define UK_SYSCALL_NR_H"
	echo "#define UK_SYSCALL_COUNT $max"
	awk '!/^#/ && NF == 2 { printf "#define UK_NR_%s %s\n", $2, $1 }' "$list"
	echo "#endif"
} >"$header.tmp"
mv "$header.tmp" "$header"
{
	echo "/* Generated from $(basename "$list") by gen-syscalls.sh; do not edit. */"
	echo "#include <uk/syscall.h>"
	echo "const char *const uk_syscall_names[UK_SYSCALL_COUNT] = {"
	awk '!/^#/ && NF == 2 { printf "\t[%s] = \"%s\",\n", $1, $2 }' "$list"
	echo "};"
} >"$cfile.tmp"
mv "$cfile.tmp" "$cfile"
