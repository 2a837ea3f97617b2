/*
 * keygroup.h — Flink's key and partition assignment formulas, bit for bit.
 *
 * Models KeyGroupRangeAssignment (key → key group → operator subtask, and the key-group
 * range a subtask owns), MathUtils.murmurHash, Java's String.hashCode, the default
 * maximum parallelism, and the Kafka connector's KafkaTopicPartitionAssigner. These decide
 * which subtask counts which page and which source subtask reads which partition, so a
 * rescale from a savepoint moves exactly the state Flink would move.
 *
 * Pure functions of their arguments; exported prefixes: keygroup_, java_, flink_, kafka_.
 */
#ifndef KEYGROUP_H
#define KEYGROUP_H

#include <stdint.h>

#define KEYGROUP_MAX_PARALLELISM 32768   /* Flink's UPPER_BOUND_MAX_PARALLELISM (1 << 15) */

/* Java String.hashCode of a UTF-8 string: h = 31·h + c over its UTF-16 code units, 32-bit
 * wrap. Characters outside the BMP count as two surrogate units. Each byte that does not
 * start a well-formed sequence counts as one U+FFFD (Java's decoder may fold a truncated
 * sequence into a single U+FFFD; the model only hashes well-formed names). */
int32_t java_string_hash(const char *utf8);

/* MathUtils.murmurHash(int): one murmur3 round plus fmix32, made non-negative (≥ 0). */
int32_t flink_murmur_hash(int32_t code);

/* Key group of a key with the given hashCode: murmurHash(hash) % max_parallelism. */
int keygroup_for_hash(int32_t key_hash, int max_parallelism);

/* Subtask that owns key group kg: kg · p / max_p. */
int keygroup_operator_index(int kg, int max_p, int p);

/* Inclusive key-group range [*first, *last] of subtask `subtask` of p
 * (computeKeyGroupRangeForOperatorIndex). Requires 0 < p ≤ max_p, 0 ≤ subtask < p. */
void keygroup_range(int max_p, int p, int subtask, int *first, int *last);

/* Default max parallelism: min(max(roundUpToPowerOfTwo(p + p/2), 128), 32768). */
int keygroup_default_max_parallelism(int p);

/* Source subtask (of num_readers) that reads partition `partition` of `topic`:
 * (((topic.hashCode() · 31) & 0x7fffffff) % N + partition) % N. */
int kafka_partition_owner(const char *topic, int partition, int num_readers);

#endif
