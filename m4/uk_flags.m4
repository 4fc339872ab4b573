dnl uk_flags.m4: compiler flags for libuk's kernel objects.
dnl
dnl Kernel code never touches SIMD registers (-mgeneral-regs-only), keeps
dnl frame pointers for fault backtraces and carries no hardening that needs a
dnl run-time (stack protector canary, CET, fortify). Objects are
dnl position-independent because Debian's gcc links with -pie by default and
dnl the documented recipe (gcc -nostdlib -T uk-kvm.ld app.o -luk) must work
dnl with it; the image is still loaded at its link address.
dnl
dnl On arm64, atomics are inline instructions (-mno-outline-atomics): gcc's
dnl default calls libgcc helpers that pick LSE or LL/SC from AT_HWCAP at
dnl run time, a user-space mechanism the kernel does not have.
dnl
dnl Distribution build flags that would break a kernel are removed from CFLAGS
dnl (they come after our flags on the compiler command line).
AC_DEFUN([UK_SET_KERNEL_FLAGS], [
  uk_filtered=
  uk_dropped=
  for uk_f in $CFLAGS; do
    AS_CASE([$uk_f],
      [-fstack-protector*|-fcf-protection*|-D_FORTIFY_SOURCE*|-specs=*|-fpic|-fPIC|-fno-pie|-fno-PIE|-pg|-flto*|-ffat-lto-objects|-mbranch-protection=*],
        [uk_dropped="$uk_dropped $uk_f"],
      [uk_filtered="$uk_filtered $uk_f"])
  done
  AS_IF([test -n "$uk_dropped"],
        [AC_MSG_NOTICE([dropping flags unsuitable for kernel code from CFLAGS:$uk_dropped])])
  CFLAGS="$uk_filtered"

  UK_KERNEL_CFLAGS="-std=gnu11 -fPIE -fno-plt -fno-common -fno-stack-protector -fcf-protection=none"
  UK_KERNEL_CFLAGS="$UK_KERNEL_CFLAGS -U_FORTIFY_SOURCE -fno-omit-frame-pointer"
  UK_KERNEL_CFLAGS="$UK_KERNEL_CFLAGS -fno-asynchronous-unwind-tables -fno-unwind-tables"
  UK_KERNEL_CFLAGS="$UK_KERNEL_CFLAGS -fno-tree-loop-distribute-patterns -fvisibility=hidden"
  AS_CASE([$UK_ARCH],
    [x86_64], [UK_KERNEL_CFLAGS="$UK_KERNEL_CFLAGS -mgeneral-regs-only -mno-red-zone -mno-omit-leaf-frame-pointer"],
    [arm64], [UK_KERNEL_CFLAGS="$UK_KERNEL_CFLAGS -mgeneral-regs-only -mno-omit-leaf-frame-pointer -mbranch-protection=none -mno-outline-atomics"])
  UK_WARN_CFLAGS="-Wall -Wextra -Wshadow -Wcast-qual -Wwrite-strings -Wno-unused-parameter -Werror=implicit-function-declaration"
  AC_SUBST([UK_KERNEL_CFLAGS])
  AC_SUBST([UK_WARN_CFLAGS])
])
