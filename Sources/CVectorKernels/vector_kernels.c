// Vector kernels with run-time dispatch between AVX2+FMA and portable C (see vector_kernels.h).
// Built with the package's default flags (no `unsafeFlags`, so the library products can be used
// as dependencies); release builds optimise it, and the AVX2 path is explicit intrinsics.
#include "vector_kernels.h"
#include <stddef.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define GB_X86 1
#endif

static float dot_portable(const float *a, const float *b, int32_t d) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int32_t i = 0;
    for (; i + 4 <= d; i += 4) {
        s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]; s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3];
    }
    for (; i < d; i++) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

static float l2sq_portable(const float *a, const float *b, int32_t d) {
    float s0 = 0, s1 = 0;
    int32_t i = 0;
    for (; i + 2 <= d; i += 2) {
        float x = a[i] - b[i], y = a[i + 1] - b[i + 1];
        s0 += x * x; s1 += y * y;
    }
    for (; i < d; i++) { float x = a[i] - b[i]; s0 += x * x; }
    return s0 + s1;
}

static int32_t above_portable(const float *scores, int32_t n, float threshold, int32_t *out) {
    int32_t c = 0;
    for (int32_t i = 0; i < n; i++) if (scores[i] > threshold) out[c++] = i;
    return c;
}

#ifdef GB_X86
__attribute__((target("avx2,fma")))
static inline float hsum256(__m256 v) {
    __m128 lo = _mm256_castps256_ps128(v), hi = _mm256_extractf128_ps(v, 1);
    lo = _mm_add_ps(lo, hi);
    __m128 sh = _mm_movehdup_ps(lo);
    __m128 sums = _mm_add_ps(lo, sh);
    sh = _mm_movehl_ps(sh, sums);
    sums = _mm_add_ss(sums, sh);
    return _mm_cvtss_f32(sums);
}

__attribute__((target("avx2,fma")))
static float dot_avx2(const float *a, const float *b, int32_t d) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    int32_t i = 0;
    for (; i + 32 <= d; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), s3);
    }
    for (; i + 8 <= d; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    float s = hsum256(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    for (; i < d; i++) s += a[i] * b[i];
    return s;
}

__attribute__((target("avx2,fma")))
static float l2sq_avx2(const float *a, const float *b, int32_t d) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    int32_t i = 0;
    for (; i + 16 <= d; i += 16) {
        __m256 x = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        __m256 y = _mm256_sub_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
        s0 = _mm256_fmadd_ps(x, x, s0);
        s1 = _mm256_fmadd_ps(y, y, s1);
    }
    for (; i + 8 <= d; i += 8) {
        __m256 x = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        s0 = _mm256_fmadd_ps(x, x, s0);
    }
    float s = hsum256(_mm256_add_ps(s0, s1));
    for (; i < d; i++) { float x = a[i] - b[i]; s += x * x; }
    return s;
}

__attribute__((target("avx2,fma")))
static int32_t above_avx2(const float *scores, int32_t n, float threshold, int32_t *out) {
    __m256 t = _mm256_set1_ps(threshold);
    int32_t c = 0, i = 0;
    for (; i + 32 <= n; i += 32) {
        int m0 = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(scores + i), t, _CMP_GT_OQ));
        int m1 = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(scores + i + 8), t, _CMP_GT_OQ));
        int m2 = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(scores + i + 16), t, _CMP_GT_OQ));
        int m3 = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(scores + i + 24), t, _CMP_GT_OQ));
        uint32_t m = (uint32_t)m0 | ((uint32_t)m1 << 8) | ((uint32_t)m2 << 16) | ((uint32_t)m3 << 24);
        while (m) {
            int bit = __builtin_ctz(m);
            out[c++] = i + bit;
            m &= m - 1;
        }
    }
    for (; i < n; i++) if (scores[i] > threshold) out[c++] = i;
    return c;
}
#endif

typedef float (*distance_fn)(const float *, const float *, int32_t);
typedef int32_t (*above_fn)(const float *, int32_t, float, int32_t *);

static int has_avx2(void) {
#ifdef GB_X86
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return cached;
#else
    return 0;
#endif
}

float gb_dot(const float *a, const float *b, int32_t d) {
#ifdef GB_X86
    if (has_avx2()) return dot_avx2(a, b, d);
#endif
    return dot_portable(a, b, d);
}

#ifdef GB_X86
__attribute__((target("avx2,fma")))
static void dots_avx2(const float *rows, int32_t n, int32_t d, const float *q, float *out) {
    for (int32_t r = 0; r < n; r++) out[r] = dot_avx2(rows + (size_t)r * (size_t)d, q, d);
}
#endif

void gb_dots(const float *rows, int32_t n, int32_t d, const float *q, float *out) {
#ifdef GB_X86
    if (has_avx2()) { dots_avx2(rows, n, d, q, out); return; }
#endif
    for (int32_t r = 0; r < n; r++) out[r] = dot_portable(rows + (size_t)r * (size_t)d, q, d);
}

float gb_l2sq(const float *a, const float *b, int32_t d) {
#ifdef GB_X86
    if (has_avx2()) return l2sq_avx2(a, b, d);
#endif
    return l2sq_portable(a, b, d);
}

int32_t gb_above(const float *scores, int32_t n, float threshold, int32_t *out) {
#ifdef GB_X86
    if (has_avx2()) return above_avx2(scores, n, threshold, out);
#endif
    return above_portable(scores, n, threshold, out);
}

void gb_prefetch(const void *p, int32_t bytes) {
    const char *c = (const char *)p;
    for (int32_t off = 0; off < bytes; off += 64) __builtin_prefetch(c + off, 0, 3);
}

void gb_spin_lock(uint8_t *lock) {
    while (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(lock, __ATOMIC_RELAXED)) {
#ifdef GB_X86
            _mm_pause();
#endif
        }
    }
}

void gb_spin_unlock(uint8_t *lock) { __atomic_store_n(lock, 0, __ATOMIC_RELEASE); }

int64_t gb_fetch_add(int64_t *counter, int64_t delta) { return __atomic_fetch_add(counter, delta, __ATOMIC_RELAXED); }
