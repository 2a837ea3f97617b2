/*
 * run_summary.c — the run's JSON summary (see run_summary.h).
 *
 * Everything comes from the model's public queries after the run (sim.h), the way a
 * monitoring tool would see the playground: the output topic through a consumer's eyes
 * (the window checker, read_uncommitted like pg.check.windows, and read_committed as well
 * when a job used the exactly-once sink), and each job's Flink metrics (numRestarts,
 * numberOfCompletedCheckpoints, numberOfFailedCheckpoints).
 */
#include "run_summary.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

const char *run_summary_verdict(const PgRun *r, PgRunStatus st)
{
	if (st == PGRUN_OK)
		return "passed";
	if (st == PGRUN_UNLOADABLE || !r)
		return "unloadable";
	return pgrun_expectation_failed(r) ? "expectation-failed" : "error";
}

bool run_summary_windows(const Sim *s, Isolation iso, WindowReport *out)
{
	memset(out, 0, sizeof *out);
	int parts = sim_kafka_partitions(s, "output");
	if (parts < 0)
		return false;
	size_t cap = 0, n = 0;
	for (int p = 0; p < parts; p++)
		cap += (size_t)(sim_kafka_end_offset(s, "output", p) - sim_kafka_start_offset(s, "output", p));
	KafkaRecordView *recs = malloc((cap ? cap : 1) * sizeof *recs);
	if (!recs)
		return false;
	for (int p = 0; p < parts; p++)
		for (int64_t from = sim_kafka_start_offset(s, "output", p); n < cap;) {
			int64_t next = from;
			size_t got = sim_kafka_read(s, "output", p, from, iso, recs + n, cap - n, &next);
			n += got;
			if (got == 0 && next <= from)
				break;
			from = next;
		}
	WindowCheckOptions o;
	window_check_options_default(&o);
	bool ok = check_windows(recs, n, &o, out);
	free(recs);
	return ok;
}

/* A JSON string of text; bytes that are not UTF-8 become '?' (jansson takes UTF-8 only). */
static json_t *jtext(const char *text)
{
	json_t *j = json_string(text);
	if (j)
		return j;
	char *copy = strdup(text);
	for (char *p = copy; p && *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = copy ? json_string(copy) : NULL;
	free(copy);
	return j ? j : json_null();
}

static json_t *windows_json(const Sim *s, Isolation iso)
{
	WindowReport w;
	if (!s || !run_summary_windows(s, iso, &w))
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "ok", json_boolean(w.ok));
	json_object_set_new(o, "judged", json_integer(w.windows));
	json_object_set_new(o, "missing", json_integer(w.missing_total));
	json_object_set_new(o, "wrong", json_integer((json_int_t)w.nwrong));
	json_object_set_new(o, "duplicates", json_integer(w.duplicates));
	json_object_set_new(o, "first", w.windows > 0 ? json_integer(w.first_ms) : json_null());
	json_object_set_new(o, "last", w.windows > 0 ? json_integer(w.last_ms) : json_null());
	json_object_set_new(o, "summary", jtext(w.summary));
	window_report_free(&w);
	return o;
}

static json_int_t metric(const Sim *s, const char *jid, const char *name)
{
	double v = 0;
	return sim_job_metric(s, jid, name, &v) == SIM_OK ? (json_int_t)v : 0;
}

/* Every job in submission order; adds up restarts and checkpoints into the totals. */
static json_t *jobs_json(const Sim *s, json_int_t *restarts, json_int_t *completed, json_int_t *failed,
                         bool *exactly_once)
{
	json_t *a = json_array();
	for (int i = 0; s && i < sim_job_count(s); i++) {
		char jid[33];
		JobInfo info;
		if (!sim_job_id_at(s, i, jid) || sim_job_info(s, jid, &info) != SIM_OK)
			continue;
		json_t *o = json_object(), *cp = json_object();
		json_int_t r = metric(s, jid, "numRestarts"), c = metric(s, jid, "numberOfCompletedCheckpoints"),
		           f = metric(s, jid, "numberOfFailedCheckpoints");
		json_object_set_new(o, "id", json_string(jid));
		json_object_set_new(o, "state", json_string(job_state_name(info.state)));
		json_object_set_new(o, "sink", json_string(info.sink == SINK_EXACTLY_ONCE ? "exactly-once" : "at-least-once"));
		json_object_set_new(o, "restarts", json_integer(r));
		json_object_set_new(cp, "completed", json_integer(c));
		json_object_set_new(cp, "failed", json_integer(f));
		json_object_set_new(o, "checkpoints", cp);
		json_array_append_new(a, o);
		*restarts += r;
		*completed += c;
		*failed += f;
		*exactly_once = *exactly_once || info.sink == SINK_EXACTLY_ONCE;
	}
	return a;
}

/* The seed as a JSON integer, or as a string of digits past JSON's (and jansson's) int64. */
static json_t *seed_json(uint64_t seed)
{
	char digits[24];
	if (seed <= (uint64_t)INT64_MAX)
		return json_integer((json_int_t)seed);
	snprintf(digits, sizeof digits, "%" PRIu64, seed);
	return json_string(digits);
}

bool run_summary_write(FILE *f, const PgRun *r, PgRunStatus st, const char *file)
{
	const Sim *s = r ? pgrun_sim(r) : NULL;
	const char *msg = r ? pgrun_message(r) : "out of memory";
	const char *loc = r ? pgrun_location(r) : "";
	json_int_t restarts = 0, completed = 0, failed = 0;
	bool eos = false;
	char hash[17];
	json_t *o = json_object(), *cp = json_object();
	snprintf(hash, sizeof hash, "%016" PRIx64, r ? pgrun_trace_hash(r) : 0);
	json_object_set_new(o, "file", jtext(file));
	json_object_set_new(o, "seed", seed_json(r ? pgrun_seed(r) : 0));
	json_object_set_new(o, "verdict", json_string(run_summary_verdict(r, st)));
	json_object_set_new(o, "message", st == PGRUN_OK ? json_null() : jtext(msg));
	json_object_set_new(o, "location", *loc ? jtext(loc) : json_null());
	json_t *jobs = jobs_json(s, &restarts, &completed, &failed, &eos);
	json_object_set_new(o, "windows", windows_json(s, ISOLATION_READ_UNCOMMITTED));
	json_object_set_new(o, "windows_read_committed", eos ? windows_json(s, ISOLATION_READ_COMMITTED) : json_null());
	json_object_set_new(o, "jobs", jobs);
	json_object_set_new(o, "restarts", json_integer(restarts));
	json_object_set_new(cp, "completed", json_integer(completed));
	json_object_set_new(cp, "failed", json_integer(failed));
	json_object_set_new(o, "checkpoints", cp);
	json_object_set_new(o, "simulated_seconds", json_real(s ? (double)sim_now(s) / 1e6 : 0.0));
	json_object_set_new(o, "trace_hash", st == PGRUN_UNLOADABLE ? json_null() : json_string(hash));
	int rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(o);
	return rc == 0 && fputc('\n', f) != EOF && fflush(f) == 0 && !ferror(f);
}
