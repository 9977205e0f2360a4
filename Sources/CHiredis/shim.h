#ifndef TICKFLOW_CHIREDIS_SHIM_H
#define TICKFLOW_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#endif
