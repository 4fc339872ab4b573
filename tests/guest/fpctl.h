/*
 * tests/guest/fpctl.h - read and write the floating-point control
 * register (MXCSR on x86_64, FPCR on arm64), which travels with a thread's
 * FPU/SIMD state: guests use it to tell contexts' states apart.
 */
#ifndef GUEST_FPCTL_H
#define GUEST_FPCTL_H

static inline unsigned long fpctl_get(void)
{
#if defined(__x86_64__)
	unsigned int v;

	__asm__ __volatile__("stmxcsr %0" : "=m"(v));
	return v;
#else
	unsigned long v;

	__asm__ __volatile__("mrs %0, fpcr" : "=r"(v));
	return v;
#endif
}

static inline void fpctl_set(unsigned long v)
{
#if defined(__x86_64__)
	unsigned int m = (unsigned int)v;

	__asm__ __volatile__("ldmxcsr %0" : : "m"(m));
#else
	__asm__ __volatile__("msr fpcr, %0" : : "r"(v));
#endif
}

/* Distinct control values (rounding modes) by index 0-3; FPCTL(0) is the default. */
#if defined(__x86_64__)
#define FPCTL(i) (0x1f80UL | ((unsigned long)(i) << 13))
#else
#define FPCTL(i) ((unsigned long)(i) << 22)
#endif

#endif /* GUEST_FPCTL_H */
