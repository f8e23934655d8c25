#ifndef QMATCH_QKERNELS_H
#define QMATCH_QKERNELS_H
#include <stdint.h>
#include <stdbool.h>

/// Bounded top-k selections for many rows: selection s keeps its entries in scores/rows[s*k ..< s*k+k] as a
/// binary heap whose root is the worst kept entry (lower score, then higher row). thresholds[s] is the root's
/// score once the selection is full, else -inf: a candidate below it cannot enter.
typedef struct {
    long k;
    float *scores;
    int32_t *rows;
    int32_t *sizes;
    float *thresholds;
} qk_heaps;

/// Which candidates a selection may take: eligible[c] (NULL: all), and per receiving row r a sorted list of
/// excluded candidates ex_targets[ex_offsets[r] ..< ex_offsets[r+1]] (NULL: none). A row never takes itself.
typedef struct {
    const bool *eligible;
    const long *ex_offsets;
    const int32_t *ex_targets;
} qk_filter;

/// Offers (score, row) to selection `selection`.
void qk_offer(const qk_heaps *heaps, long selection, float score, int32_t row);

/// For each tile row i (global row i0+i), offers every admitted tile[i][j] (global candidate j0+j).
void qk_scan_rows(const qk_heaps *heaps, const qk_filter *filter, const float *tile, long ldc,
                  long rows_i, long rows_j, long i0, long j0);

/// For each tile column j (global row j0+j), offers every admitted tile[i][j] (global candidate i0+i).
void qk_scan_columns(const qk_heaps *heaps, const qk_filter *filter, const float *tile, long ldc,
                     long rows_i, long rows_j, long i0, long j0);

#endif

#ifndef QMATCH_QKERNELS_F16_H
#define QMATCH_QKERNELS_F16_H
/// Whether this CPU has the F16C, AVX2 and FMA instructions the half-precision scan needs.
bool qk_has_f16c(void);
/// Converts n floats to IEEE half precision (round to nearest even).
void qk_to_f16(const float *in, uint16_t *out, long n);
/// out[r] = dot(a[r], q) for rows [row_begin, row_end) of the half-precision matrix a (rows × dim).
void qk_dot_f16(const uint16_t *a, long dim, const float *q, float *out, long row_begin, long row_end);
/// Whether this CPU has the AVX2 and FMA instructions qk_dot_f32 uses (else it sums in scalar code).
bool qk_has_avx2_fma(void);
/// The dot product of two float vectors of n values: four 8-lane FMA accumulators, combined in a fixed order,
/// so the result depends only on the inputs (the same on every call, thread and path).
float qk_dot_f32(const float *a, const float *b, long n);
#endif

#ifndef QMATCH_QKERNELS_LISTS_H
#define QMATCH_QKERNELS_LISTS_H
/// out[i] = dot(a[rows[i]], q) for i in [0, n): float32 rows of the row-major matrix a (· × dim), gathered by
/// index (the rows of an approximate index's probed lists). AVX2/FMA where the CPU has it, else scalar.
void qk_dot_rows(const float *a, long dim, const float *q, const int32_t *rows, long n, float *out);

/// For each of the m rows of the m × n row-major tile (row stride ldc), the column of its largest value
/// (the lowest such column on ties; column 0 when the row holds no number greater than -inf).
void qk_argmax_rows(const float *tile, long ldc, long m, long n, int32_t *out);
#endif
