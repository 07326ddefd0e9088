/*
 * Two-lane vectors of GCC and Clang, the width of the SSE2 and NEON
 * registers that every x86-64 and AArch64 processor has.
 */
#ifndef VECTOR_H
#define VECTOR_H

#include <stdint.h>

#if defined(__GNUC__)
typedef double vec2_double __attribute__((vector_size(16)));
typedef uint64_t vec2_bits __attribute__((vector_size(16)));
typedef int64_t vec2_mask __attribute__((vector_size(16)));
#endif

#endif
