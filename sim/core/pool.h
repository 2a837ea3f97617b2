/*
 * pool.h — whether the model keeps free lists of its short-lived allocations (messages,
 * fetch and produce batches).
 *
 * Free lists are memory only, never model state, so they cannot change a run. Under
 * AddressSanitizer they are off: every object is freed at once, so a use after free is
 * still caught.
 */
#ifndef SIM_POOL_H
#define SIM_POOL_H

#if defined(__SANITIZE_ADDRESS__)
#define SIM_POOLS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIM_POOLS 0
#endif
#endif
#ifndef SIM_POOLS
#define SIM_POOLS 1
#endif

#endif
