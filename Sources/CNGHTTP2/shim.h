#ifndef TANDEM_CNGHTTP2_SHIM_H
#define TANDEM_CNGHTTP2_SHIM_H
#include <nghttp2/nghttp2.h>
#endif
