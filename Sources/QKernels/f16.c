// Half-precision copy of the interest matrix for single-query scans: half the bytes of float32, so a
// memory-bound scan runs about twice as fast; the caller re-ranks the close candidates in float32.
#include "qkernels.h"
#if defined(__x86_64__)
#include <immintrin.h>
#include <pthread.h>

bool qk_has_f16c(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("f16c") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

__attribute__((target("avx2,f16c,fma")))
void qk_to_f16(const float *in, uint16_t *out, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm_storeu_si128((__m128i *)(out + i), h);
    }
    for (; i < n; i++) {
        __m128i h = _mm_cvtps_ph(_mm_set_ss(in[i]), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        out[i] = (uint16_t)_mm_extract_epi16(h, 0);
    }
}

__attribute__((target("avx2,f16c,fma")))
void qk_dot_f16(const uint16_t *a, long dim, const float *q, float *out, long row_begin, long row_end) {
    for (long r = row_begin; r < row_end; r++) {
        const uint16_t *row = a + r * dim;
        __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
        long j = 0;
        for (; j + 16 <= dim; j += 16) {
            __m256 x0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + j)));
            __m256 x1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + j + 8)));
            s0 = _mm256_fmadd_ps(x0, _mm256_loadu_ps(q + j), s0);
            s1 = _mm256_fmadd_ps(x1, _mm256_loadu_ps(q + j + 8), s1);
        }
        __m256 s = _mm256_add_ps(s0, s1);
        __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
        h = _mm_add_ps(h, _mm_movehl_ps(h, h));
        h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 1));
        float sum = _mm_cvtss_f32(h);
        for (; j < dim; j++) {
            __m128 x = _mm_cvtph_ps(_mm_cvtsi32_si128(row[j]));
            sum += _mm_cvtss_f32(x) * q[j];
        }
        out[r] = sum;
    }
}
bool qk_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

__attribute__((target("avx2,fma")))
static float dot_avx2(const float *a, const float *b, long n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    long j = 0;
    for (; j + 32 <= n; j += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j + 8), _mm256_loadu_ps(b + j + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j + 16), _mm256_loadu_ps(b + j + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j + 24), _mm256_loadu_ps(b + j + 24), s3);
    }
    for (; j + 8 <= n; j += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j), s0);
    __m256 s = _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3));
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 1));
    float sum = _mm_cvtss_f32(h);
    for (; j < n; j++) sum += a[j] * b[j];
    return sum;
}

static float dot_scalar(const float *a, const float *b, long n) {
    float sum = 0;
    for (long j = 0; j < n; j++) sum += a[j] * b[j];
    return sum;
}

static float (*dot_kernel)(const float *, const float *, long) = dot_scalar;
static pthread_once_t dot_kernel_once = PTHREAD_ONCE_INIT;

// Chosen once for the process, under pthread_once: a racy first call could read the CPU features before another
// thread's __builtin_cpu_init finished writing them, and two kernels in one process would disagree in the last
// bit.
static void choose_dot_kernel(void) {
    if (qk_has_avx2_fma()) dot_kernel = dot_avx2;
}

float qk_dot_f32(const float *a, const float *b, long n) {
    pthread_once(&dot_kernel_once, choose_dot_kernel);
    return dot_kernel(a, b, n);
}
#else
bool qk_has_avx2_fma(void) { return false; }
float qk_dot_f32(const float *a, const float *b, long n) {
    float sum = 0;
    for (long j = 0; j < n; j++) sum += a[j] * b[j];
    return sum;
}
bool qk_has_f16c(void) { return false; }
void qk_to_f16(const float *in, uint16_t *out, long n) { (void)in; (void)out; (void)n; }
void qk_dot_f16(const uint16_t *a, long dim, const float *q, float *out, long row_begin, long row_end) {
    (void)a; (void)dim; (void)q; (void)out; (void)row_begin; (void)row_end;
}
#endif
