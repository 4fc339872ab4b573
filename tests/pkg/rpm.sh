#!/bin/sh
# tests/pkg/rpm.sh - rpm/libuk.spec (%configure, %make_build,
# %make_install and a complete %files list) builds the source and binary
# packages from make dist's tarball with rpmbuild -ba (Debian's rpm;
# --nodeps, as its database knows none of the build requirements), and the
# binary package holds the kit: headers, libraries, linker scripts, the
# pkg-config file, uk-gcc, ukrun and the manual pages. An image links
# against the files from the RPM (unpacked with rpm2cpio) and boots.
. "$top_srcdir/tests/pkg/lib.sh"

command -v rpmbuild >/dev/null 2>&1 || skip_all "rpmbuild not found (apt-get install rpm)"
pkg_begin rpm
dist_tarball
top=$scratch/rpmbuild
mkdir -p "$top/SOURCES" "$top/SPECS" || exit 99
cp "$tarball" "$top/SOURCES/" || exit 99
tar -xJf "$tarball" -O --wildcards '*/rpm/libuk.spec' >"$top/SPECS/libuk.spec" ||
	bail "the tarball holds rpm/libuk.spec"
ok "the tarball holds rpm/libuk.spec"
for m in '%configure' '%make_build' '%make_install'; do
	if grep -q "^$m" "$top/SPECS/libuk.spec"; then ok "the spec uses $m"; else out=; not_ok "the spec uses $m"; fi
done

started=$(date +%s)
if (cd "$top" && rpmbuild --define "_topdir $top" --define "_smp_mflags -j$(nproc 2>/dev/null || echo 1)" \
	--nodeps -ba SPECS/libuk.spec) >"$scratch/rpmbuild.log" 2>&1; then
	ok "rpmbuild -ba rpm/libuk.spec ($(($(date +%s) - started))s)"
else
	out=$(cat "$scratch/rpmbuild.log")
	bail "rpmbuild -ba rpm/libuk.spec"
fi
srpm=$(ls "$top"/SRPMS/libuk-*.src.rpm 2>/dev/null)
rpm=$(ls "$top"/RPMS/*/libuk-devel-*.rpm 2>/dev/null)
[ -f "$srpm" ] && ok "source package $(basename "$srpm")" || { out=$(find "$top"); not_ok "a source package"; }
[ -f "$rpm" ] || { out=$(find "$top"); bail "a libuk-devel binary package"; }
ok "binary package $(basename "$rpm")"
# rpm's own warnings (libtool's reminder to run libtool --finish, which
# concerns shared libraries, is not one).
out=$(grep -E '^warning:|^RPM build warnings' "$scratch/rpmbuild.log")
if [ -z "$out" ]; then ok "rpmbuild gave no warnings"; else not_ok "rpmbuild gave no warnings"; fi

out=$(rpm -qlp "$rpm" 2>&1)
for f in /usr/bin/uk-gcc /usr/bin/ukrun libuk.pc /uk-kvm.ld /libuk.a /libukboot.a \
	/libuk.specs /include/libuk/uk/init.h /libuk/ukpack /man1/ukrun.1 /man1/uk-gcc.1 /man7/libuk.7; do
	if printf '%s\n' "$out" | grep -q -- "$f"; then ok "the RPM holds $f"; else not_ok "the RPM holds $f"; fi
done

# Link and boot against the files from the RPM.
mkdir "$scratch/root" && (cd "$scratch/root" && rpm2cpio "$rpm" | cpio -idm --quiet 2>/dev/null ||
	rpm2archive - <"$rpm" | tar -xzf -) 2>/dev/null
pc=$(find "$scratch/root" -name libuk.pc | head -n 1)
if [ -z "$pc" ]; then out=$(find "$scratch/root"); bail "the RPM unpacks"; fi
root=$scratch/root
libdir=$(dirname "$(dirname "$pc")")
cflags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --define-variable=prefix="$root/usr" --cflags libuk)
check "compile hello with the RPM's libuk.pc" ${CC:-gcc} $cflags -c "$top_srcdir/examples/hello/hello.c" -o "$scratch/hello.o" &&
check "link hello with -T uk-kvm.ld -luk from the RPM" ${CC:-gcc} -nostdlib -L"$libdir" -T uk-kvm.ld "$scratch/hello.o" -luk -o "$scratch/hello"
if [ -f "$scratch/hello" ]; then
	out=$(UKRUN_PROBE_IMAGE=$(find "$root" -name kvmprobe | head -n 1) "$root/usr/bin/ukrun" -q -t 120 -A rpm "$scratch/hello" 2>&1)
	st=$?
	if [ "$st" = 77 ]; then echo "ok $((tap_n = tap_n + 1)) # SKIP no QEMU"
	elif [ "$st" = 0 ] && printf '%s\n' "$out" | grep -qx 'argv\[1\] = "rpm"'; then ok "the image boots with the RPM's ukrun"
	else not_ok "the image boots with the RPM's ukrun (status $st)"; fi
fi
tap_done
