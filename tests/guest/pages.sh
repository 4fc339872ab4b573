#!/bin/sh
# tests/guest/pages.sh - boots the self-checking pages guest (see pages.c),
# then again with 5 GiB, where the page allocator must own the RAM above
# 4 GiB too (the platform maps it at boot).
. "$top_srcdir/tests/guest/lib.sh"

boot "$G/pages-pvh"
relay_guest_tap "64 MiB"

boot "$G/pages-pvh" -m 5G
relay_guest_tap "5 GiB"
total=$(printf '%s\n' "$out" | sed -n 's/^ok 1 - free pages at start: [0-9]* of \([0-9]*\)$/\1/p')
# 4.5 GiB in pages: more than the RAM below 4 GiB can hold.
if [ -n "$total" ] && [ "$total" -gt 1179648 ]; then
	ok "5 GiB: the allocator manages $total pages, RAM above 4 GiB included"
else
	not_ok "5 GiB: the allocator manages ${total:-no} pages"
fi
tap_done
