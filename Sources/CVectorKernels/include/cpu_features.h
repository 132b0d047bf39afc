/// The x86 instruction-set features that decide which BLAS kernels a CPU can run, read with
/// CPUID and checked against what the operating system saves on a context switch (XGETBV).
/// On other architectures every feature is 0.
#ifndef GOVBRAIN_CPU_FEATURES_H
#define GOVBRAIN_CPU_FEATURES_H

#include <stdint.h>

/// Feature bits returned by gb_cpu_features().
enum {
    GB_CPU_SSE42 = 1 << 0,
    GB_CPU_AVX = 1 << 1,
    GB_CPU_AVX2 = 1 << 2,
    GB_CPU_FMA = 1 << 3,
    /// AVX-512 F, CD, BW, DQ and VL together (the SkylakeX set), with ZMM state enabled by the OS.
    GB_CPU_AVX512 = 1 << 4,
    GB_CPU_AVX512_BF16 = 1 << 5,
    /// AMX tiles (AMX-TILE and AMX-BF16 in CPUID; whether the OS grants them is not checked).
    GB_CPU_AMX = 1 << 6,
};

/// The features of the running CPU, as a bit set of GB_CPU_* values.
uint32_t gb_cpu_features(void);

/// Writes the CPU vendor (12 characters, e.g. "GenuineIntel") and a terminating zero into
/// `out`, which must hold 13 bytes. Writes an empty string where CPUID is not available.
void gb_cpu_vendor(char *out);

/// Writes the processor brand string (at most 48 characters) and a terminating zero into
/// `out`, which must hold 49 bytes. Writes an empty string where it is not available.
void gb_cpu_brand(char *out);

#endif
