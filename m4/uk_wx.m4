dnl uk_wx.m4: W^X enforcement (--enable-wx, the default, or --disable-wx).
dnl
dnl With W^X enforced no page is ever writable and executable at once:
dnl the platform's page tables refuse such protections (pt->wx_enforce in
dnl uk/paging.h), so mmap and mprotect with PROT_WRITE|PROT_EXEC fail with
dnl EACCES, as on Linux under an SELinux policy that denies execmem. The
dnl image's sections keep their own protections either way (text read-only
dnl and executable, data never executable); --disable-wx only lets
dnl applications that generate code in place (some JITs) ask for
dnl writable and executable memory.
dnl
dnl The choice reaches the code as -DUK_WX_ENFORCE=1 or =0 in
dnl UK_KERNEL_CFLAGS (the project has no config.h), and as UK_WX_CPPFLAGS
dnl for tests that must know what to expect.
AC_DEFUN([UK_CHECK_WX], [
  AC_ARG_ENABLE([wx],
    [AS_HELP_STRING([--disable-wx],
      [let applications map memory writable and executable at once (W^X is enforced by default)])],
    [], [enable_wx=yes])
  AC_MSG_CHECKING([whether W^X is enforced])
  AS_CASE([$enable_wx],
    [yes], [UK_WX_CPPFLAGS=-DUK_WX_ENFORCE=1],
    [no], [UK_WX_CPPFLAGS=-DUK_WX_ENFORCE=0],
    [AC_MSG_RESULT([?])
     AC_MSG_ERROR([--enable-wx takes no value other than yes or no, not '$enable_wx'])])
  AC_MSG_RESULT([$enable_wx])
  UK_KERNEL_CFLAGS="$UK_KERNEL_CFLAGS $UK_WX_CPPFLAGS"
  AC_SUBST([UK_WX_CPPFLAGS])
])
