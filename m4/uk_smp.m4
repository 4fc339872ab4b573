dnl uk_smp.m4: the largest number of CPUs libuk drives (--with-max-cpus=N,
dnl 1..1024, default 64). Processors the firmware lists beyond it stay
dnl unused, with a console line. It reaches the platforms as -DUK_MAX_CPUS
dnl in UK_KERNEL_CFLAGS (the project has no config.h).
AC_DEFUN([UK_CHECK_SMP], [
  AC_ARG_WITH([max-cpus],
    [AS_HELP_STRING([--with-max-cpus=N],
      [drive at most N CPUs (1..1024; default 64)])],
    [], [with_max_cpus=64])
  AC_MSG_CHECKING([the maximum number of CPUs])
  AS_CASE([$with_max_cpus],
    [yes|no|""|*[[!0-9]]*],
      [AC_MSG_RESULT([?])
       AC_MSG_ERROR([--with-max-cpus takes a number of CPUs, not '$with_max_cpus'])])
  AS_IF([test "$with_max_cpus" -lt 1 || test "$with_max_cpus" -gt 1024],
    [AC_MSG_RESULT([?])
     AC_MSG_ERROR([--with-max-cpus: $with_max_cpus is not in 1..1024])])
  AC_MSG_RESULT([$with_max_cpus])
  UK_KERNEL_CFLAGS="$UK_KERNEL_CFLAGS -DUK_MAX_CPUS=$with_max_cpus"
])
