// Interposes the malloc family: the executable's definitions take precedence over the allocator's
// for every caller (the Swift runtime, Foundation, libc itself through the PLT), count the call and
// forward to the allocator's own entry points, __libc_malloc and the rest. glibc 2.36 exports
// them, and so does tcmalloc: in an executable that links libtcmalloc_minimal ahead of libc (the
// echo server, as the services do), they are tcmalloc's. free() is interposed too, uncounted, so
// that each pointer goes back to the allocator that made it even when another one is preloaded.
#include "CAllocationCounter.h"

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void *__libc_valloc(size_t size);
extern void __libc_free(void *pointer);

static _Atomic uint64_t allocations;
static atomic_bool counting;

static inline void count_one(void) {
    if (atomic_load_explicit(&counting, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    }
}

void tandem_allocation_counting(bool enabled) {
    atomic_store_explicit(&counting, enabled, memory_order_relaxed);
}

uint64_t tandem_allocation_count(void) {
    return atomic_load_explicit(&allocations, memory_order_relaxed);
}

void free(void *pointer) {
    __libc_free(pointer);
}

void *malloc(size_t size) {
    count_one();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    count_one();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    count_one();
    return __libc_realloc(pointer, size);
}

void *reallocarray(void *pointer, size_t count, size_t size) {
    count_one();
    size_t total;
    if (__builtin_mul_overflow(count, size, &total)) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_realloc(pointer, total);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    count_one();
    if (alignment == 0 || alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *result = pointer;
    return 0;
}

void *aligned_alloc(size_t alignment, size_t size) {
    count_one();
    return __libc_memalign(alignment, size);
}

void *memalign(size_t alignment, size_t size) {
    count_one();
    return __libc_memalign(alignment, size);
}

void *valloc(size_t size) {
    count_one();
    return __libc_valloc(size);
}
