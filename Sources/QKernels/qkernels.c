// Hot loops of the similarity engine: heap insertion and threshold-filtered scans of score tiles.
// Written in C so that the compiler emits tight SIMD compares (SSE2 on every x86-64; a scalar path elsewhere).
#include "qkernels.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline bool worse(float score_a, int32_t row_a, float score_b, int32_t row_b) {
    return score_a < score_b || (score_a == score_b && row_a > row_b);
}

void qk_offer(const qk_heaps *h, long selection, float score, int32_t row) {
    const long k = h->k;
    if (k <= 0) return;
    float *s = h->scores + selection * k;
    int32_t *r = h->rows + selection * k;
    const long size = h->sizes[selection];
    if (size < k) {
        long i = size;
        while (i > 0) {
            long parent = (i - 1) >> 1;
            if (!worse(score, row, s[parent], r[parent])) break;
            s[i] = s[parent]; r[i] = r[parent]; i = parent;
        }
        s[i] = score; r[i] = row;
        h->sizes[selection] = (int32_t)(size + 1);
        if (size + 1 == k) h->thresholds[selection] = s[0];
        return;
    }
    if (!worse(s[0], r[0], score, row)) return;
    long i = 0;
    for (;;) {
        long left = 2 * i + 1;
        if (left >= k) break;
        long child = left, right = left + 1;
        if (right < k && worse(s[right], r[right], s[left], r[left])) child = right;
        if (!worse(s[child], r[child], score, row)) break;
        s[i] = s[child]; r[i] = r[child]; i = child;
    }
    s[i] = score; r[i] = row;
    h->thresholds[selection] = s[0];
}

static inline bool admits(const qk_filter *f, long receiver, long candidate) {
    if (receiver == candidate) return false;
    if (f->eligible && !f->eligible[candidate]) return false;
    if (f->ex_offsets) {
        long low = f->ex_offsets[receiver], high = f->ex_offsets[receiver + 1];
        while (low < high) {
            long mid = (low + high) >> 1;
            int32_t value = f->ex_targets[mid];
            if (value == candidate) return false;
            if (value < candidate) low = mid + 1; else high = mid;
        }
    }
    return true;
}

void qk_scan_rows(const qk_heaps *h, const qk_filter *f, const float *tile, long ldc,
                  long rows_i, long rows_j, long i0, long j0) {
    for (long i = 0; i < rows_i; i++) {
        const long receiver = i0 + i;
        const float *line = tile + i * ldc;
        float t = h->thresholds[receiver];
        long j = 0;
#if defined(__SSE2__)
        for (; j + 16 <= rows_j; j += 16) {
            __m128 m = _mm_max_ps(_mm_max_ps(_mm_loadu_ps(line + j), _mm_loadu_ps(line + j + 4)),
                                  _mm_max_ps(_mm_loadu_ps(line + j + 8), _mm_loadu_ps(line + j + 12)));
            if (!_mm_movemask_ps(_mm_cmpge_ps(m, _mm_set1_ps(t)))) continue;
            for (long l = j; l < j + 16; l++) {
                float score = line[l];
                if (score >= t && admits(f, receiver, j0 + l)) {
                    qk_offer(h, receiver, score, (int32_t)(j0 + l));
                    t = h->thresholds[receiver];
                }
            }
        }
#endif
        for (; j < rows_j; j++) {
            float score = line[j];
            if (score >= t && admits(f, receiver, j0 + j)) {
                qk_offer(h, receiver, score, (int32_t)(j0 + j));
                t = h->thresholds[receiver];
            }
        }
    }
}

void qk_scan_columns(const qk_heaps *h, const qk_filter *f, const float *tile, long ldc,
                     long rows_i, long rows_j, long i0, long j0) {
    const float *t = h->thresholds + j0;
    for (long i = 0; i < rows_i; i++) {
        const long candidate = i0 + i;
        const float *line = tile + i * ldc;
        long j = 0;
#if defined(__SSE2__)
        for (; j + 16 <= rows_j; j += 16) {
            __m128 c0 = _mm_cmpge_ps(_mm_loadu_ps(line + j), _mm_loadu_ps(t + j));
            __m128 c1 = _mm_cmpge_ps(_mm_loadu_ps(line + j + 4), _mm_loadu_ps(t + j + 4));
            __m128 c2 = _mm_cmpge_ps(_mm_loadu_ps(line + j + 8), _mm_loadu_ps(t + j + 8));
            __m128 c3 = _mm_cmpge_ps(_mm_loadu_ps(line + j + 12), _mm_loadu_ps(t + j + 12));
            if (!_mm_movemask_ps(_mm_or_ps(_mm_or_ps(c0, c1), _mm_or_ps(c2, c3)))) continue;
            for (long l = j; l < j + 16; l++) {
                float score = line[l];
                if (score >= t[l] && admits(f, j0 + l, candidate)) qk_offer(h, j0 + l, score, (int32_t)candidate);
            }
        }
#endif
        for (; j < rows_j; j++) {
            float score = line[j];
            if (score >= t[j] && admits(f, j0 + j, candidate)) qk_offer(h, j0 + j, score, (int32_t)candidate);
        }
    }
}
