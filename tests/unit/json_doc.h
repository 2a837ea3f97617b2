/*
 * json_doc.h — whole-document comparison for the REST tests (header-only, static).
 *
 * A template is a JSON document that the answer must equal: every object with exactly the
 * template's keys in the template's order (Flink's Jackson writes @JsonCreator order), every
 * array of the same length, every value equal — except where the template holds one of
 * these placeholder strings:
 *
 *   "$any"  anything            "$str"  any string          "$bool" true or false
 *   "$int"  any integer         "$num"  any number          "$real" a number with a fraction part
 *   "$id"   32 lower-case hex   "$ms"   an integer machine-clock ms in 2020 or later
 *   "$pre:TEXT"  a string that starts with TEXT
 *
 * and an array ["$each", T] matches a non-empty array whose every element matches T.
 */
#ifndef TEST_JSON_DOC_H
#define TEST_JSON_DOC_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_DOC_MS_2020 1577836800000LL

static bool json_doc_hex32(const char *s)
{
	if (!s || strlen(s) != 32)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* The placeholder test for one value; -1 if t is no placeholder. */
static int json_doc_placeholder(const char *t, json_t *a)
{
	if (strcmp(t, "$any") == 0)
		return 1;
	if (strcmp(t, "$str") == 0)
		return json_is_string(a);
	if (strcmp(t, "$bool") == 0)
		return json_is_boolean(a);
	if (strcmp(t, "$int") == 0)
		return json_is_integer(a);
	if (strcmp(t, "$num") == 0)
		return json_is_number(a);
	if (strcmp(t, "$real") == 0)
		return json_is_real(a);
	if (strcmp(t, "$id") == 0)
		return json_is_string(a) && json_doc_hex32(json_string_value(a));
	if (strcmp(t, "$ms") == 0)
		return json_is_integer(a) && json_integer_value(a) >= JSON_DOC_MS_2020;
	if (strncmp(t, "$pre:", 5) == 0)
		return json_is_string(a) && strncmp(json_string_value(a), t + 5, strlen(t + 5)) == 0;
	return -1;
}

static bool json_doc_diff(json_t *t, json_t *a, char *where, size_t len);

static bool json_doc_diff_object(json_t *t, json_t *a, char *where, size_t len)
{
	size_t n = strlen(where);
	if (!json_is_object(a)) {
		snprintf(where + n, len - n, ": not an object");
		return true;
	}
	void *ti = json_object_iter(t), *ai = json_object_iter(a);
	for (; ti; ti = json_object_iter_next(t, ti), ai = ai ? json_object_iter_next(a, ai) : NULL) {
		const char *key = json_object_iter_key(ti);
		if (!ai || strcmp(json_object_iter_key(ai), key) != 0) {
			snprintf(where + n, len - n, ": key '%s' expected here, found %s%s%s", key, ai ? "'" : "",
			         ai ? json_object_iter_key(ai) : "the end", ai ? "'" : "");
			return true;
		}
		snprintf(where + n, len - n, ".%s", key);
		if (json_doc_diff(json_object_iter_value(ti), json_object_iter_value(ai), where, len))
			return true;
	}
	if (ai) {
		snprintf(where + n, len - n, ": extra key '%s'", json_object_iter_key(ai));
		return true;
	}
	where[n] = '\0';
	return false;
}

static bool json_doc_diff_array(json_t *t, json_t *a, char *where, size_t len)
{
	size_t n = strlen(where);
	if (!json_is_array(a)) {
		snprintf(where + n, len - n, ": not an array");
		return true;
	}
	bool each = json_array_size(t) == 2 && json_is_string(json_array_get(t, 0)) &&
	            strcmp(json_string_value(json_array_get(t, 0)), "$each") == 0;
	if (each ? json_array_size(a) == 0 : json_array_size(a) != json_array_size(t)) {
		snprintf(where + n, len - n, ": %zu elements, expected %s%zu", json_array_size(a), each ? "at least " : "",
		         each ? (size_t)1 : json_array_size(t));
		return true;
	}
	for (size_t i = 0; i < json_array_size(a); i++) {
		snprintf(where + n, len - n, "[%zu]", i);
		if (json_doc_diff(each ? json_array_get(t, 1) : json_array_get(t, i), json_array_get(a, i), where, len))
			return true;
	}
	where[n] = '\0';
	return false;
}

/* True (with the path and the reason appended to where) if a does not match template t. */
static bool json_doc_diff(json_t *t, json_t *a, char *where, size_t len)
{
	size_t n = strlen(where);
	if (!a) {
		snprintf(where + n, len - n, ": missing");
		return true;
	}
	if (json_is_string(t)) {
		int p = json_doc_placeholder(json_string_value(t), a);
		if (p >= 0) {
			if (!p)
				snprintf(where + n, len - n, ": does not match %s", json_string_value(t));
			return !p;
		}
	}
	if (json_is_object(t))
		return json_doc_diff_object(t, a, where, len);
	if (json_is_array(t))
		return json_doc_diff_array(t, a, where, len);
	/* Scalars: the same type (an integer is not a real, as in Java's serialisation) and value. */
	if (!json_equal(t, a) || json_typeof(t) != json_typeof(a)) {
		char *want = json_dumps(t, JSON_ENCODE_ANY), *got = json_dumps(a, JSON_ENCODE_ANY);
		snprintf(where + n, len - n, ": %s, expected %s", got ? got : "?", want ? want : "?");
		free(want);
		free(got);
		return true;
	}
	return false;
}

#endif
