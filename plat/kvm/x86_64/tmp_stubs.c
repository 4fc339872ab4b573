#include <stdint.h>
void ukplat_x86_acpi_poweroff(void) {}
int64_t ukplat_wallclock_boot_sec(void) { return 0; }
