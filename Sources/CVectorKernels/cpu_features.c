// CPUID-based feature detection for the BLAS core selection (see include/cpu_features.h).
#include "cpu_features.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

/// The OS-enabled state components (XCR0); 0 when XGETBV is not available.
static uint64_t xcr0(int osxsave) {
    if (!osxsave) return 0;
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

uint32_t gb_cpu_features(void) {
    unsigned a, b, c, d;
    uint32_t out = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (c & (1u << 20)) out |= GB_CPU_SSE42;
    int osxsave = (c & (1u << 27)) != 0;
    uint64_t state = xcr0(osxsave);
    int ymm = (state & 0x6) == 0x6;              // SSE and AVX state
    int zmm = ymm && (state & 0xE0) == 0xE0;     // opmask, ZMM_Hi256, Hi16_ZMM
    if ((c & (1u << 28)) && ymm) out |= GB_CPU_AVX;
    if ((c & (1u << 12)) && ymm) out |= GB_CPU_FMA;
    if (__get_cpuid_max(0, 0) < 7) return out;
    __cpuid_count(7, 0, a, b, c, d);
    if ((b & (1u << 5)) && ymm) out |= GB_CPU_AVX2;
    const unsigned skx = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);  // F DQ CD BW VL
    if ((b & skx) == skx && zmm) out |= GB_CPU_AVX512;
    if ((d & (1u << 24)) && (d & (1u << 22))) out |= GB_CPU_AMX;
    unsigned maxSub = a;
    if (maxSub >= 1) {
        __cpuid_count(7, 1, a, b, c, d);
        if ((a & (1u << 5)) && (out & GB_CPU_AVX512)) out |= GB_CPU_AVX512_BF16;
    }
    return out;
}

void gb_cpu_vendor(char *out) {
    unsigned a, b, c, d;
    out[0] = 0;
    if (!__get_cpuid(0, &a, &b, &c, &d)) return;
    memcpy(out, &b, 4);
    memcpy(out + 4, &d, 4);
    memcpy(out + 8, &c, 4);
    out[12] = 0;
}

void gb_cpu_brand(char *out) {
    unsigned regs[12];
    out[0] = 0;
    if (__get_cpuid_max(0x80000000u, 0) < 0x80000004u) return;
    for (unsigned i = 0; i < 3; i++)
        __get_cpuid(0x80000002u + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2], &regs[4 * i + 3]);
    memcpy(out, regs, 48);
    out[48] = 0;
}
#else
uint32_t gb_cpu_features(void) { return 0; }
void gb_cpu_vendor(char *out) { out[0] = 0; }
void gb_cpu_brand(char *out) { out[0] = 0; }
#endif
