dnl uk_arch.m4: map the configure host triplet to a libuk architecture.
dnl Unknown hosts fail here, with a message naming what is supported.
dnl UK_ARCH names libuk's directories (plat/kvm/<arch>, ldscripts/<arch>);
dnl UK_LDSCRIPTS lists the linker scripts it installs;
dnl UK_MUSL_ARCH is the CPU part of Debian's musl multiarch paths.
AC_DEFUN([UK_CHECK_ARCH], [
  AC_MSG_CHECKING([for the libuk architecture of $host])
  AS_CASE([$host_cpu],
    [x86_64], [UK_ARCH=x86_64; UK_MUSL_ARCH=x86_64; UK_QEMU_SYSTEM=qemu-system-x86_64
              UK_LDSCRIPTS="uk-kvm.ld uk-kvm-pvh.ld uk-kvm-multiboot.ld uk-kvm-linux.ld"],
    [aarch64], [UK_ARCH=arm64; UK_MUSL_ARCH=aarch64; UK_QEMU_SYSTEM=qemu-system-aarch64
              UK_LDSCRIPTS="uk-kvm.ld uk-kvm-image.ld"],
    [AC_MSG_RESULT([unsupported])
     AC_MSG_ERROR([libuk does not support host CPU '$host_cpu' (from --host=$host); supported: x86_64-linux-gnu, aarch64-linux-gnu])])
  AC_MSG_RESULT([$UK_ARCH])
  AC_SUBST([UK_ARCH])
  AC_SUBST([UK_MUSL_ARCH])
  dnl The installed linker scripts (listed in libuk.pc's ldscripts).
  AC_SUBST([UK_LDSCRIPTS])
  AM_CONDITIONAL([ARCH_X86_64], [test "x$UK_ARCH" = xx86_64])
  AM_CONDITIONAL([ARCH_ARM64], [test "x$UK_ARCH" = xarm64])
])
