#ifndef TANDEM_ALLOCATION_COUNTER_H
#define TANDEM_ALLOCATION_COUNTER_H

#include <stdint.h>

#include <stdbool.h>

/// Calls of malloc, calloc, realloc, reallocarray, posix_memalign, aligned_alloc, memalign and
/// valloc made by any code in this process while counting was on (free is not counted).
uint64_t tandem_allocation_count(void);

/// Turns counting on or off. Off (the default), the interposed functions only check the flag, so
/// timed runs do not pay for the atomic increment.
void tandem_allocation_counting(bool enabled);

#endif
