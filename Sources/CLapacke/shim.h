// OpenBLAS (CBLAS) and LAPACKE for the Analytics linear algebra (Sources/Analytics/LinearAlgebra only).
#ifndef CLAPACKE_SHIM_H
#define CLAPACKE_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
