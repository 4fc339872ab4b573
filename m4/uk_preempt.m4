dnl uk_preempt.m4: the default time slice of timer-driven preemption
dnl (--with-preempt-ms=MS; 0, the default, keeps the scheduler
dnl cooperative). The boot option uk.preempt_ms overrides it per boot.
dnl It reaches lib/uksched/preempt.c as -DUK_PREEMPT_MS_DEFAULT in
dnl UK_KERNEL_CFLAGS (the project has no config.h).
AC_DEFUN([UK_CHECK_PREEMPT], [
  AC_ARG_WITH([preempt-ms],
    [AS_HELP_STRING([--with-preempt-ms=MS],
      [preempt threads after MS milliseconds (1..10000; default 0: cooperative; boot option uk.preempt_ms overrides)])],
    [], [with_preempt_ms=0])
  AC_MSG_CHECKING([the default time slice])
  AS_CASE([$with_preempt_ms],
    [no], [with_preempt_ms=0],
    [yes|""|*[[!0-9]]*],
      [AC_MSG_RESULT([?])
       AC_MSG_ERROR([--with-preempt-ms takes a number of milliseconds, not '$with_preempt_ms'])])
  AS_IF([test "$with_preempt_ms" -gt 10000],
    [AC_MSG_RESULT([?])
     AC_MSG_ERROR([--with-preempt-ms: $with_preempt_ms ms is above 10000])])
  AS_IF([test "$with_preempt_ms" = 0],
    [AC_MSG_RESULT([none (cooperative)])],
    [AC_MSG_RESULT([$with_preempt_ms ms])])
  UK_KERNEL_CFLAGS="$UK_KERNEL_CFLAGS -DUK_PREEMPT_MS_DEFAULT=$with_preempt_ms"
])
