dnl uk_musl.m4: find Debian's musl-dev for the host architecture.
dnl Kernel code and applications are compiled against musl's headers (never
dnl the build machine's glibc headers).
AC_DEFUN([UK_CHECK_MUSL], [
  AC_ARG_WITH([musl],
    [AS_HELP_STRING([--with-musl=DIR], [musl prefix holding include/ and lib/ (default: Debian multiarch paths)])],
    [MUSL_INCDIR="$withval/include"; MUSL_LIBDIR="$withval/lib"],
    [MUSL_INCDIR="/usr/include/${UK_MUSL_ARCH}-linux-musl"; MUSL_LIBDIR="/usr/lib/${UK_MUSL_ARCH}-linux-musl"])
  AC_MSG_CHECKING([for musl headers])
  AS_IF([test -f "$MUSL_INCDIR/stdio.h" && test -f "$MUSL_INCDIR/bits/alltypes.h"],
        [AC_MSG_RESULT([$MUSL_INCDIR])],
        [AC_MSG_RESULT([no])
         AC_MSG_ERROR([musl headers not found in $MUSL_INCDIR: install musl-dev for $UK_ARCH (apt-get install musl-dev) or pass --with-musl])])
  AC_MSG_CHECKING([for musl libc.a])
  AS_IF([test -f "$MUSL_LIBDIR/libc.a"],
        [AC_MSG_RESULT([$MUSL_LIBDIR/libc.a])],
        [AC_MSG_RESULT([no])
         AC_MSG_ERROR([musl libc.a not found in $MUSL_LIBDIR: install musl-dev for $UK_ARCH or pass --with-musl])])
  AC_MSG_CHECKING([for musl crt1.o])
  AS_IF([test -f "$MUSL_LIBDIR/crt1.o"],
        [AC_MSG_RESULT([$MUSL_LIBDIR/crt1.o])],
        [AC_MSG_RESULT([no])
         AC_MSG_ERROR([musl crt1.o not found in $MUSL_LIBDIR: install musl-dev for $UK_ARCH])])
  dnl libgcc supplies what musl's libc.a may call for (soft-float helpers,
  dnl 128-bit division); the image links without the gcc driver's defaults.
  AC_MSG_CHECKING([for libgcc.a])
  UK_LIBGCC=`$CC -print-libgcc-file-name`
  AS_IF([test -f "$UK_LIBGCC"], [AC_MSG_RESULT([$UK_LIBGCC])],
        [AC_MSG_RESULT([no]); AC_MSG_ERROR([$CC -print-libgcc-file-name gives no libgcc.a])])
  dnl gcc's own headers (stdatomic.h, cpuid.h, intrinsics) sit after
  dnl musl's in the application's include path, as musl-gcc arranges.
  UK_GCC_INCDIR=`$CC -print-file-name=include`
  AC_SUBST([UK_GCC_INCDIR])
  AC_SUBST([MUSL_INCDIR])
  AC_SUBST([MUSL_LIBDIR])
  AC_SUBST([UK_LIBGCC])
])
