/*
 * test_keygroup.c — Flink's key-group and Kafka-partition formulas against vectors printed
 * by the Java definitions (String.hashCode, MathUtils.murmurHash, KeyGroupRangeAssignment,
 * KafkaTopicPartitionAssigner) run on a JVM 17.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/keygroup.h"

typedef struct KeyVector {
	const char *key;          /* the key's text (UTF-8) */
	int32_t hash;             /* Java String.hashCode */
	int32_t murmur;           /* MathUtils.murmurHash(hash) */
	int kg[4];                /* key group for maxP 128, 256, 32768, 7 */
	int subtask128[5];        /* subtask for maxP 128 and p = 1, 2, 3, 4, 128 */
} KeyVector;

static const int max_ps[4] = { 128, 256, 32768, 7 };
static const int ps[5] = { 1, 2, 3, 4, 128 };

static const KeyVector vectors[] = {
	{ "/help", 46604272, 1050976111, { 111, 111, 8047, 3 }, { 0, 1, 2, 3, 111 } },
	{ "/index", 1445916163, 1256445584, { 16, 144, 22160, 2 }, { 0, 0, 0, 0, 16 } },
	{ "/shop", 46934949, 1442300617, { 73, 201, 17097, 2 }, { 0, 1, 1, 2, 73 } },
	{ "/jobs", 46673157, 159051023, { 15, 15, 27919, 5 }, { 0, 0, 0, 0, 15 } },
	{ "/about", 1438181566, 1564131005, { 61, 189, 16061, 3 }, { 0, 0, 1, 1, 61 } },
	{ "/news", 46783362, 1526248998, { 38, 38, 13862, 1 }, { 0, 0, 0, 1, 38 } },
	{ "", 0, 593689054, { 94, 222, 31198, 0 }, { 0, 1, 2, 2, 94 } },
	{ "input", 100358090, 424880564, { 52, 180, 10676, 3 }, { 0, 0, 1, 1, 52 } },
	{ "output", -1005512447, 601231171, { 67, 67, 3907, 2 }, { 0, 1, 1, 2, 67 } },
	{ "\xc3\xbc" "ber", 7604755, 1864126153, { 73, 201, 20169, 1 }, { 0, 1, 1, 2, 73 } },
	{ "\xe2\x82\xac" "100", 249220549, 842872654, { 78, 78, 14158, 1 }, { 0, 1, 1, 2, 78 } },
	{ "\xf0\x9f\x98\x80", 1772899, 1934073014, { 54, 182, 7350, 6 }, { 0, 0, 1, 1, 54 } },
	{ "Click Event Count", 818698513, 808913414, { 6, 6, 2566, 1 }, { 0, 0, 0, 0, 6 } },
};
#define NVEC (sizeof vectors / sizeof vectors[0])

static void java_string_hash_matches_jvm(void **state)
{
	for (size_t i = 0; i < NVEC; i++)
		assert_int_equal(java_string_hash(vectors[i].key), vectors[i].hash);
}

static void java_string_hash_treats_bad_utf8_as_replacement_char(void **state)
{
	/* One U+FFFD (0xFFFD = 65533) per ill-formed byte. */
	assert_int_equal(java_string_hash("\xff"), 65533);
	assert_int_equal(java_string_hash("a\xc3"), 97 * 31 + 65533);
}

static void murmur_hash_matches_jvm(void **state)
{
	for (size_t i = 0; i < NVEC; i++)
		assert_int_equal(flink_murmur_hash(vectors[i].hash), vectors[i].murmur);
	assert_int_equal(flink_murmur_hash(0), 593689054);
	assert_int_equal(flink_murmur_hash(1), 68075478);
	assert_int_equal(flink_murmur_hash(-1), 1982413648);
	assert_int_equal(flink_murmur_hash(42), 1134849565);
	assert_int_equal(flink_murmur_hash(INT32_MIN), 1718298732);
	assert_int_equal(flink_murmur_hash(INT32_MAX), 1653689534);
	assert_int_equal(flink_murmur_hash(123456789), 1088346449);
}

static void murmur_hash_is_never_negative(void **state)
{
	for (int64_t v = INT32_MIN; v <= INT32_MAX; v += 65537)
		assert_true(flink_murmur_hash((int32_t)v) >= 0);
}

static void key_groups_match_jvm_for_several_max_parallelisms(void **state)
{
	for (size_t i = 0; i < NVEC; i++)
		for (int m = 0; m < 4; m++)
			assert_int_equal(keygroup_for_hash(vectors[i].hash, max_ps[m]), vectors[i].kg[m]);
}

static void subtasks_match_jvm_for_max_parallelism_128(void **state)
{
	for (size_t i = 0; i < NVEC; i++)
		for (int j = 0; j < 5; j++)
			assert_int_equal(keygroup_operator_index(vectors[i].kg[0], 128, ps[j]),
			                 vectors[i].subtask128[j]);
}

static void playground_pages_split_four_to_two_at_parallelism_two(void **state)
{
	/* With p = 2, maxP = 128: /help and /shop on subtask 1, the other four on subtask 0. */
	int on[2] = { 0, 0 };
	for (int i = 0; i < 6; i++)
		on[keygroup_operator_index(keygroup_for_hash(java_string_hash(vectors[i].key), 128), 128, 2)]++;
	assert_int_equal(on[0], 4);
	assert_int_equal(on[1], 2);
}

typedef struct RangeVector {
	int p, max_p, subtask, first, last;   /* computeKeyGroupRangeForOperatorIndex */
} RangeVector;

static void key_group_ranges_match_jvm(void **state)
{
	static const RangeVector rv[] = {
		{ 1, 128, 0, 0, 127 },
		{ 2, 128, 0, 0, 63 }, { 2, 128, 1, 64, 127 },
		{ 3, 128, 0, 0, 42 }, { 3, 128, 1, 43, 85 }, { 3, 128, 2, 86, 127 },
		{ 4, 128, 0, 0, 31 }, { 4, 128, 1, 32, 63 }, { 4, 128, 2, 64, 95 }, { 4, 128, 3, 96, 127 },
		{ 5, 128, 0, 0, 25 }, { 5, 128, 1, 26, 51 }, { 5, 128, 2, 52, 76 },
		{ 5, 128, 3, 77, 102 }, { 5, 128, 4, 103, 127 },
		{ 7, 128, 0, 0, 18 }, { 7, 128, 3, 55, 73 }, { 7, 128, 6, 110, 127 },
		{ 128, 128, 0, 0, 0 }, { 128, 128, 7, 7, 7 }, { 128, 128, 127, 127, 127 },
		{ 3, 7, 0, 0, 2 }, { 3, 7, 1, 3, 4 }, { 3, 7, 2, 5, 6 },
		{ 2, 256, 0, 0, 127 }, { 2, 256, 1, 128, 255 },
		{ 10, 32768, 0, 0, 3276 }, { 10, 32768, 1, 3277, 6553 }, { 10, 32768, 9, 29492, 32767 },
	};
	for (size_t i = 0; i < sizeof rv / sizeof rv[0]; i++) {
		int first = -1, last = -1;
		keygroup_range(rv[i].max_p, rv[i].p, rv[i].subtask, &first, &last);
		assert_int_equal(first, rv[i].first);
		assert_int_equal(last, rv[i].last);
	}
}

static void ranges_partition_key_groups_consistently_with_operator_index(void **state)
{
	static const int cfg[][2] = { { 1, 128 }, { 2, 128 }, { 3, 128 }, { 5, 128 }, { 7, 128 },
	                              { 128, 128 }, { 3, 7 }, { 100, 256 }, { 13, 32768 } };
	for (size_t c = 0; c < sizeof cfg / sizeof cfg[0]; c++) {
		int p = cfg[c][0], max_p = cfg[c][1], expect_first = 0;
		for (int i = 0; i < p; i++) {
			int first, last;
			keygroup_range(max_p, p, i, &first, &last);
			assert_int_equal(first, expect_first);        /* contiguous, no gaps */
			for (int kg = first; kg <= last; kg++)
				assert_int_equal(keygroup_operator_index(kg, max_p, p), i);
			expect_first = last + 1;
		}
		assert_int_equal(expect_first, max_p);              /* covers every key group */
	}
}

static void default_max_parallelism_matches_jvm(void **state)
{
	static const int v[][2] = { { 1, 128 }, { 2, 128 }, { 3, 128 }, { 4, 128 }, { 85, 128 },
	                            { 86, 256 }, { 100, 256 }, { 128, 256 }, { 200, 512 },
	                            { 1000, 2048 }, { 20000, 32768 }, { 30000, 32768 } };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		assert_int_equal(keygroup_default_max_parallelism(v[i][0]), v[i][1]);
}

static void kafka_partition_owner_matches_jvm(void **state)
{
	/* owner[topic][N-1][partition] for N readers = 1..4, partitions 0..3 */
	static const int owner[2][4][4] = {
		{ { 0, 0, 0, 0 }, { 0, 1, 0, 1 }, { 0, 1, 2, 0 }, { 2, 3, 0, 1 } },   /* input */
		{ { 0, 0, 0, 0 }, { 1, 0, 1, 0 }, { 1, 2, 0, 1 }, { 3, 0, 1, 2 } },   /* output */
	};
	static const char *const topics[2] = { "input", "output" };
	for (int t = 0; t < 2; t++)
		for (int n = 1; n <= 4; n++)
			for (int part = 0; part < 4; part++)
				assert_int_equal(kafka_partition_owner(topics[t], part, n), owner[t][n - 1][part]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(java_string_hash_matches_jvm),
		cmocka_unit_test(java_string_hash_treats_bad_utf8_as_replacement_char),
		cmocka_unit_test(murmur_hash_matches_jvm),
		cmocka_unit_test(murmur_hash_is_never_negative),
		cmocka_unit_test(key_groups_match_jvm_for_several_max_parallelisms),
		cmocka_unit_test(subtasks_match_jvm_for_max_parallelism_128),
		cmocka_unit_test(playground_pages_split_four_to_two_at_parallelism_two),
		cmocka_unit_test(key_group_ranges_match_jvm),
		cmocka_unit_test(ranges_partition_key_groups_consistently_with_operator_index),
		cmocka_unit_test(default_max_parallelism_matches_jvm),
		cmocka_unit_test(kafka_partition_owner_matches_jvm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
