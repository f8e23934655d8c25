#ifndef QMATCH_CBLAS_SHIM_H
#define QMATCH_CBLAS_SHIM_H
#include <cblas.h>
// LAPACK, Fortran ABI (column-major, arguments by pointer, 32-bit int); exported by libopenblas.so.0.
void ssyevd_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda,
             float *w, float *work, const int *lwork, int *iwork, const int *liwork, int *info);
#endif
