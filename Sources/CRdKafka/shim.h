#ifndef TICKFLOW_CRDKAFKA_SHIM_H
#define TICKFLOW_CRDKAFKA_SHIM_H
/* rdkafka_mock.h needs the declarations of rdkafka.h, so the order matters. */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#endif
