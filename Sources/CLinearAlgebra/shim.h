// BLAS and LAPACK for KGEmbedding: cblas.h comes from the active BLAS (OpenBLAS once
// libopenblas-dev is installed), lapacke.h from liblapacke-dev. See ../../README.md for setup.
#include <cblas.h>
#include <lapacke.h>
