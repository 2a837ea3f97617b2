/*
 * rng.h — the only randomness of the model: xoshiro256** seeded by splitmix64.
 *
 * Each component draws from its own stream, derived from (run seed, stream name), so
 * adding a component or a draw in one place never shifts the numbers another sees.
 */
#ifndef RNG_H
#define RNG_H

#include <stdint.h>

typedef struct Rng { uint64_t s[4]; } Rng;   /* xoshiro256** state */

void     rng_seed(Rng *r, uint64_t seed, const char *stream);
uint64_t rng_next(Rng *r);
uint64_t rng_below(Rng *r, uint64_t n);          /* uniform in [0, n), n > 0 */
double   rng_unit(Rng *r);                       /* uniform in [0, 1) */
int64_t  rng_range(Rng *r, int64_t lo, int64_t hi);   /* uniform in [lo, hi] */
uint64_t rng_hash_str(const char *s);            /* FNV-1a 64 */

#endif
