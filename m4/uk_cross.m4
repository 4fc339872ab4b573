dnl uk_cross.m4: whether `make check` also builds and tests the other
dnl architecture (arm64 from an x86_64 build), from the distribution
dnl sources in a build directory of its own. Default: when the cross
dnl compiler, musl for it and its QEMU are installed.
AC_DEFUN([UK_CHECK_CROSS], [
  AC_ARG_ENABLE([cross-check],
    [AS_HELP_STRING([--enable-cross-check@<:@=HOST@:>@],
      [make check also configures, builds and tests --host=HOST (default on an x86_64 build: aarch64-linux-gnu when its gcc, musl-dev and QEMU are installed)])],
    [], [enable_cross_check=auto])
  UK_CROSS_HOST=
  AS_CASE([$enable_cross_check],
    [no], [],
    [yes|auto],
      [AS_IF([test "x$UK_ARCH" = xx86_64 && test "x$cross_compiling" != xyes &&
              command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 &&
              test -f /usr/lib/aarch64-linux-musl/libc.a &&
              command -v qemu-system-aarch64 >/dev/null 2>&1],
             [UK_CROSS_HOST=aarch64-linux-gnu],
             [AS_IF([test "x$enable_cross_check" = xyes],
                    [AC_MSG_ERROR([--enable-cross-check: aarch64-linux-gnu-gcc, musl-dev:arm64 or qemu-system-aarch64 is missing])])])],
    [UK_CROSS_HOST=$enable_cross_check])
  AC_MSG_CHECKING([for the cross configuration make check also tests])
  AC_MSG_RESULT([${UK_CROSS_HOST:-none}])
  AC_SUBST([UK_CROSS_HOST])
])
