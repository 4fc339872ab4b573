#!/bin/sh
# tests/pkg/dist.sh - make dist's tarball holds what a distribution
# needs and nothing built: every file under version control (when the
# sources are a git checkout), the generated build system (configure,
# Makefile.in, aclocal.m4, build-aux/), the packaging (debian/, rpm/) and
# the manual pages; no objects, archives, generated scripts or configure
# results.
. "$top_srcdir/tests/pkg/lib.sh"
pkg_begin dist
dist_tarball
tar -tJf "$tarball" | sed 's|^[^/]*/||' | grep -v '/$' | grep -v '^$' | sort >"$scratch/list" ||
	bail "list $tarball"
ok "tarball $(basename "$tarball") lists $(wc -l <"$scratch/list" | tr -d ' ') files"

for f in configure Makefile.in aclocal.m4 build-aux/install-sh build-aux/ltmain.sh \
	build-aux/tap-driver.sh build-aux/config.guess build-aux/config.sub \
	debian/control debian/rules debian/changelog debian/copyright \
	debian/source/format rpm/libuk.spec man/ukrun.1 man/uk-gcc.1 man/libuk.7 \
	libuk.pc.in tools/ukrun.in tools/uk-gcc.in tools/ukpack.pl README.md; do
	if grep -qx "$f" "$scratch/list"; then ok "ships $f"; else out=; not_ok "ships $f"; fi
done

out=$(grep -E '\.(o|lo|la|a|so|trs|log)$|(^|/)\.(deps|libs)/|^config\.(status|log)$|^libtool$|^libuk\.pc$|^Makefile$|(^|/)Makefile$|^tools/(ukrun|uk-gcc|ukpack|kvmprobe|libuk\.specs)$|^ldscripts/[^/]*\.ld$|^debian/(build|build-arm64|tmp|libuk-dev|libuk-dev-arm64-cross)/' "$scratch/list")
if [ -z "$out" ]; then ok "no build output in the tarball"; else not_ok "no build output in the tarball"; fi

if command -v git >/dev/null 2>&1 && git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1; then
	# Everything tracked, except the repository's own plumbing.
	git -C "$top_srcdir" ls-files | grep -vE '^(\.gitignore|\.ci/)' | sort >"$scratch/tracked"
	out=$(comm -23 "$scratch/tracked" "$scratch/list")
	if [ -z "$out" ]; then ok "every tracked file is in the tarball"; else not_ok "tracked files missing from the tarball"; fi
else
	echo "ok $((tap_n = tap_n + 1)) # SKIP not a git checkout: tracked files not compared"
fi
tap_done
