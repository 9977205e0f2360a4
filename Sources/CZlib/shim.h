#ifndef TICKFLOW_CZLIB_SHIM_H
#define TICKFLOW_CZLIB_SHIM_H
#include <zlib.h>
#endif
