dnl uk_lwip.m4: the network stack. --with-lwip=DIR names an unpacked lwIP
dnl source tree (Debian's `apt-get source lwip`, as tools/setup.sh fetches
dnl it); the build compiles it unmodified into libuklwip.a with libuk's own
dnl port layer (lib/lwip/port). Without it libuk builds without AF_INET and
dnl AF_INET6 and the guest tests that need them are skipped. Nothing of
dnl lwIP is part of libuk's sources or its distribution tarball.
AC_DEFUN([UK_CHECK_LWIP], [
  AC_ARG_WITH([lwip],
    [AS_HELP_STRING([--with-lwip=DIR],
      [build AF_INET/AF_INET6 sockets with the lwIP source tree in DIR (e.g. from `apt-get source lwip`)])],
    [], [with_lwip=no])
  UK_LWIP_DIR=
  AS_CASE([$with_lwip],
    [no|""], [],
    [yes], [AC_MSG_ERROR([--with-lwip needs the lwIP source directory: --with-lwip=DIR])],
    [AS_IF([test -f "$with_lwip/src/include/lwip/opt.h" && test -f "$with_lwip/src/api/sockets.c"],
           [UK_LWIP_DIR=`cd "$with_lwip" && pwd`],
           [AC_MSG_ERROR([--with-lwip=$with_lwip: no lwIP source tree there (src/include/lwip/opt.h is missing)])])])
  AC_MSG_CHECKING([for the lwIP source tree])
  AC_MSG_RESULT([${UK_LWIP_DIR:-none (no AF_INET/AF_INET6)}])
  AC_SUBST([UK_LWIP_DIR])
  AM_CONDITIONAL([UK_HAVE_LWIP], [test -n "$UK_LWIP_DIR"])
])
