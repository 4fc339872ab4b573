dnl uk_musl.m4: find Debian's musl-dev for the host architecture.
dnl Kernel code and applications are compiled against musl's headers (never
dnl the build machine's glibc headers).
AC_DEFUN([UK_CHECK_MUSL], [
  AC_ARG_WITH([musl],
    [AS_HELP_STRING([--with-musl=DIR], [musl prefix holding include/ and lib/ (default: Debian multiarch paths)])],
    [MUSL_INCDIR="$withval/include"; MUSL_LIBDIR="$withval/lib"],
    [MUSL_INCDIR="/usr/include/${UK_ARCH}-linux-musl"; MUSL_LIBDIR="/usr/lib/${UK_ARCH}-linux-musl"])
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
  AC_SUBST([MUSL_INCDIR])
  AC_SUBST([MUSL_LIBDIR])
])
