#!/bin/sh
# tests/symbols.sh - symbol hygiene of the installed archives:
# - each archive defines exactly the globals its reviewed exportsyms.uk
#   lists, and all of them carry a uk prefix (uk_, ukplat_, _uk...), so an
#   application may define any other non-libc name;
# - nothing in libuk refers to a symbol outside libuk (no C library calls:
#   not even the memcpy/memset gcc emits on its own), except the
#   application's entry (musl's _start) and the linker script's symbols.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}" "${UK_ARCH:=x86_64}" "${NM:=nm}"
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); fail=1; echo "not ok $n - $*"; }

exports() {
	case $1 in
	platkvm) echo "$top_srcdir/plat/kvm/$UK_ARCH/exportsyms.uk" ;;
	lwip) echo "$top_srcdir/lib/lwip/exportsyms.uk" ;;
	posix*) echo "$top_srcdir/lib/posix-${1#posix}/exportsyms.uk" ;;
	vfscore | ramfs | devfs) echo "$top_srcdir/lib/$1/exportsyms.uk" ;;
	*) echo "$top_srcdir/lib/uk$1/exportsyms.uk" ;;
	esac
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/uk-sym.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/alldef"
: >"$tmp/allundef"
# Every library of -luk (the build's UK_STD_LIBS), the platform too.
for lib in ${UK_STD_LIBS:-base boot alloc syscall paging sched lock posixconsole posixmmap posixtime posixprocess posixfutex platkvm}; do
	a=$top_builddir/.libs/libuk$lib.a
	$NM -g --defined-only "$a" | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/def"
	# A second field restricts a name to one architecture.
	awk -v arch="$UK_ARCH" '!/^#/ && (NF == 1 || $2 == arch) { print $1 }' \
		"$(exports $lib)" | sort -u >"$tmp/exp"
	if cmp -s "$tmp/def" "$tmp/exp"; then
		ok "libuk$lib.a defines exactly its export list"
	else
		not_ok "libuk$lib.a defines exactly its export list"
		diff "$tmp/exp" "$tmp/def" | sed 's/^/# /'
	fi
	bad=$(grep -Ev '^(_{0,2}uk|_?ukplat)' "$tmp/def")
	if [ -z "$bad" ]; then
		ok "libuk$lib.a: every global has a uk prefix"
	else
		not_ok "libuk$lib.a: globals without a uk prefix: $bad"
	fi
	cat "$tmp/def" >>"$tmp/alldef"
	$NM -g --undefined-only "$a" | awk '{ print $2 }' >>"$tmp/allundef"
done
sort -u "$tmp/allundef" | grep -Ev '^(main|_start|_GLOBAL_OFFSET_TABLE_|__bss_start|__bss_end|__uk_[a-z_]*)$' >"$tmp/undef"
sort -u "$tmp/alldef" >"$tmp/alldef.s"
foreign=$(comm -23 "$tmp/undef" "$tmp/alldef.s")
if [ -z "$foreign" ]; then
	ok "libuk refers to nothing outside libuk but the entry (_start), main and linker-script symbols"
else
	not_ok "libuk refers to outside symbols:" $foreign
fi
echo "1..$n"
exit 0
