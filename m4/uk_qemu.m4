dnl uk_qemu.m4: locate the QEMU system emulator that boots guest tests.
dnl Its absence is not an error: guest tests then report SKIP.
AC_DEFUN([UK_CHECK_QEMU], [
  AC_PATH_PROG([UK_QEMU], [$UK_QEMU_SYSTEM], [])
  AC_PATH_PROG([UK_TIMEOUT], [timeout], [])
  AS_IF([test -z "$UK_TIMEOUT"],
        [AC_MSG_ERROR([coreutils' timeout is required to bound guest test runs])])
])
