/// Small CPU kernels for vector search: dot products, squared L2 distances, a threshold filter
/// for top-k selection, prefetch, and byte spin locks. Chosen at run time: AVX2+FMA when the
/// CPU has them, portable C otherwise.
#ifndef GOVBRAIN_VECTOR_KERNELS_H
#define GOVBRAIN_VECTOR_KERNELS_H

#include <stdint.h>

/// Inner product of two float vectors of length d.
float gb_dot(const float *a, const float *b, int32_t d);

/// out[r] = dot(rows + r·d, q) for r in 0..<n: one query against a block of row-major rows,
/// streamed row by row (memory-bound; on this machine's OpenBLAS 2–2.5× faster than sgemv).
void gb_dots(const float *rows, int32_t n, int32_t d, const float *q, float *out);

/// Squared Euclidean distance of two float vectors of length d.
float gb_l2sq(const float *a, const float *b, int32_t d);

/// Writes to `out` the positions i < n with scores[i] > threshold, in order; returns how many.
/// `out` must have room for n entries.
int32_t gb_above(const float *scores, int32_t n, float threshold, int32_t *out);

/// Hints the CPU to fetch the cache lines of `bytes` bytes at p.
void gb_prefetch(const void *p, int32_t bytes);

/// Acquires / releases a one-byte spin lock (0 = free).
void gb_spin_lock(uint8_t *lock);
void gb_spin_unlock(uint8_t *lock);

/// Atomically adds `delta` to *counter and returns the previous value.
int64_t gb_fetch_add(int64_t *counter, int64_t delta);

#endif
