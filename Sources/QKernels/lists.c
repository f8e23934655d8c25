// Kernels of the approximate (inverted-file) index: dot products of gathered rows for single queries, and
// the nearest centroid of each row of a score tile for k-means.
#include "qkernels.h"
#include <math.h>
#if defined(__x86_64__)
#include <immintrin.h>

static bool has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

__attribute__((target("avx2,fma")))
static void dot_rows_avx2(const float *a, long dim, const float *q, const int32_t *rows, long n, float *out) {
    for (long i = 0; i < n; i++) {
        const float *row = a + (long)rows[i] * dim;
        __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
        long j = 0;
        for (; j + 16 <= dim; j += 16) {
            s0 = _mm256_fmadd_ps(_mm256_loadu_ps(row + j), _mm256_loadu_ps(q + j), s0);
            s1 = _mm256_fmadd_ps(_mm256_loadu_ps(row + j + 8), _mm256_loadu_ps(q + j + 8), s1);
        }
        __m256 s = _mm256_add_ps(s0, s1);
        __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
        h = _mm_add_ps(h, _mm_movehl_ps(h, h));
        h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 1));
        float sum = _mm_cvtss_f32(h);
        for (; j < dim; j++) sum += row[j] * q[j];
        out[i] = sum;
    }
}
#endif

static void dot_rows_scalar(const float *a, long dim, const float *q, const int32_t *rows, long n, float *out) {
    for (long i = 0; i < n; i++) {
        const float *row = a + (long)rows[i] * dim;
        float sum = 0;
        for (long j = 0; j < dim; j++) sum += row[j] * q[j];
        out[i] = sum;
    }
}

void qk_dot_rows(const float *a, long dim, const float *q, const int32_t *rows, long n, float *out) {
#if defined(__x86_64__)
    static int supported = -1;
    if (supported < 0) supported = has_avx2_fma() ? 1 : 0;
    if (supported) { dot_rows_avx2(a, dim, q, rows, n, out); return; }
#endif
    dot_rows_scalar(a, dim, q, rows, n, out);
}

void qk_argmax_rows(const float *tile, long ldc, long m, long n, int32_t *out) {
    for (long i = 0; i < m; i++) {
        const float *line = tile + i * ldc;
        float best = -INFINITY;
        int32_t at = 0;
        for (long j = 0; j < n; j++) {
            if (line[j] > best) { best = line[j]; at = (int32_t)j; }
        }
        out[i] = at;
    }
}
