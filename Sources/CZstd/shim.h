#ifndef TICKFLOW_CZSTD_SHIM_H
#define TICKFLOW_CZSTD_SHIM_H
#include <zstd.h>
#endif
