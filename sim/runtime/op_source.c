/*
 * op_source.c — "ClickEvent Source": the Kafka consumer of topic `input`.
 *
 * Flink's FlinkKafkaConsumer (the playground's releases up to 1.12): subtask i reads the
 * partitions Flink's assignment formula gives it. Start position: the offsets in the
 * restored checkpoint or savepoint; without one, the group's committed offsets, earliest
 * if the group has none. A fetcher keeps up to two fetched batches ahead of the task
 * (the handover); the task emits records one by one, so a checkpoint barrier injected
 * between two records carries exactly the next offset of every partition.
 * Offsets are committed to Kafka when a checkpoint completes (checkpointing on) or every
 * 5 s from the fetch position (auto-commit, checkpointing off) — which can run ahead of
 * what the job has processed: the tutorial's "data is lost" variant.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/keygroup.h"
#include "../flink/checkpoint.h"
#include "../flink/taskmanager.h"
#include "../gen/generator.h"
#include "../kafka/broker.h"
#include "../kafka/client.h"
#include "../kafka/codec.h"
#include "task.h"

#define SRC_QUEUE 2                      /* batches fetched ahead */

typedef struct SrcPart {
	int      partition;                  /* of `input` */
	int64_t  position;                   /* next offset to emit (checkpointed) */
	int64_t  fetch_pos;                  /* next offset to fetch; -1 = earliest */
	bool     ready;                      /* start position known */
	KafkaCall call;                      /* the fetch or committed-offsets request */
	FetchBatch *q[SRC_QUEUE];            /* fetched, not yet emitted */
	int      nq;                         /* batches queued */
	int      idx;                        /* records of q[0] emitted */
	int      run;                        /* q[0] as runs of generator events: the current run, */
	int64_t  run_pos;                    /* and how many of it were emitted */
	int64_t  high_watermark;             /* from the last fetch answer */
	struct Task *task;                   /* owner (the call's target) */
} SrcPart;

typedef struct SourceState {
	SrcPart *parts;                      /* assigned partitions */
	int      nparts;
	int      next;                       /* round-robin cursor */
	int64_t  snap_cp;                    /* checkpoint whose offsets are held below */
	PartitionOffset *snap;               /* offsets to commit when it completes */
	EventId  commit_ev;                  /* auto-commit timer (checkpointing off) */
	bool     checkpointing;
} SourceState;

static int proc_of(const Task *t) { return t->sim->tm_proc[t->tm]; }

/* The call's send: a ListOffsets-like committed-offsets lookup until the start position is
 * known, then fetches. Sent only while the task lives (a dead task's call is cancelled). */
static void send_request(Sim *s, void *obj, uint64_t arg)
{
	SrcPart *p = obj;
	Task *t = p->task;
	if (!t->alive)
		return;
	Msg *m = msg_new(p->ready ? MSG_KAFKA_FETCH : MSG_KAFKA_OFFSETS, t->job);
	m->a = t->id;
	m->b = (int64_t)arg;
	m->c = p->fetch_pos;
	m->partition = p->partition;
	m->bounce = true;
	m->seq = kcall_begin(s, &p->call);      /* echoed back: stale answers are ignored */
	m->conn = t->conn;
	net_send(s, proc_of(t), s->proc_kafka, m);
}

static void maybe_fetch(Task *t)
{
	SourceState *st = t->opstate;
	for (int i = 0; i < st->nparts; i++) {
		SrcPart *p = &st->parts[i];
		if (!kcall_busy(&p->call) && p->nq < SRC_QUEUE)
			kcall_start(t->sim, &p->call);
	}
}

/* OFFSET_OUT_OF_RANGE: the position is outside the retained log (restored from another world,
 * or deleted by retention). The playground's consumer sets no auto.offset.reset, so Kafka's
 * default, latest, applies: the fetch position moves to the log end, and the consumer says so. */
static void reset_out_of_range(Task *t, SrcPart *p, const FetchBatch *fb)
{
	Sim *s = t->sim;
	SIM_EMIT(s, EV_OFFSET_RESET, .component = s->procs[proc_of(t)].name, .tm = t->tm, .job = tm_job_id(t),
	         .name = t->def->name, .subtask = t->subtask, .parallelism = t->parallelism, .id = p->partition,
	         .n = p->fetch_pos, .m = fb->log_start, .k = fb->high_watermark);
	p->fetch_pos = p->position = fb->high_watermark;
}

void source_handle(Task *t, Msg *m)
{
	SourceState *st = t->opstate;
	if (!st || m->b < 0 || m->b >= st->nparts)
		return;
	SrcPart *p = &st->parts[m->b];
	if (kcall_answer(t->sim, &p->call, m) != KCALL_OK)
		return;                           /* stale, or refused: the call retries */
	if (m->type == MSG_KAFKA_OFFSETS_RESP) {
		p->ready = true;
		p->fetch_pos = m->c;                /* committed offset, or -1: earliest */
		p->position = m->c;
	} else {
		FetchBatch *fb = m->payload;
		if (fb->out_of_range) {
			reset_out_of_range(t, p, fb);
		} else {
			m->payload = NULL;
			if (p->position < 0 && fb->n > 0)
				p->position = fetch_batch_offset(fb, 0);
			p->fetch_pos = fb->next_offset;
			p->high_watermark = fb->high_watermark;
			if (fb->n > 0)
				p->q[p->nq++] = fb;
			else
				fetch_batch_free(fb);
			task_wake(t);
		}
	}
	maybe_fetch(t);
}

static void on_auto_commit(Sim *s, void *obj, uint64_t arg)
{
	Task *t = obj;
	SourceState *st = t->opstate;
	st->commit_ev = 0;
	if (!t->alive)
		return;
	if (!t->frozen)
		for (int i = 0; i < st->nparts; i++) {
			SrcPart *p = &st->parts[i];
			if (p->ready && p->fetch_pos >= 0) {
				Msg *m = msg_new(MSG_KAFKA_COMMIT, t->job);
				m->partition = p->partition;
				m->c = p->fetch_pos;
				m->conn = t->conn;
				net_send(s, proc_of(t), s->proc_kafka, m);
			}
		}
	st->commit_ev = sim_after(s, KAFKA_AUTO_COMMIT_US, on_auto_commit, t, 0);
}

static void source_open(Task *t, const CompletedCheckpoint *restore)
{
	Sim *s = t->sim;
	SourceState *st = calloc(1, sizeof *st);
	SIM_CHECK(st != NULL);
	t->opstate = st;
	int nparts = s->opt.partitions;
	st->parts = calloc((size_t)nparts, sizeof *st->parts);
	SIM_CHECK(st->parts != NULL);
	st->checkpointing = tm_job_checkpointing(t);
	for (int p = 0; p < nparts; p++) {
		if (kafka_partition_owner("input", p, t->parallelism) != t->subtask)
			continue;
		SrcPart *sp = &st->parts[st->nparts];
		sp->partition = p;
		sp->task = t;
		sp->fetch_pos = sp->position = -1;
		char who[80];
		snprintf(who, sizeof who, "%s (%d/%d): Fetch input-%d", t->def->name, t->subtask + 1, t->parallelism, p);
		kcall_init(&sp->call, proc_of(t), who, send_request, sp, (uint64_t)st->nparts);
		st->nparts++;
		int64_t off;
		if (restore && checkpoint_find_offset(restore, p, &off)) {
			sp->ready = true;
			sp->fetch_pos = sp->position = off;
		}
	}
	SIM_EMIT(s, EV_SOURCE_ASSIGNED, .component = "source", .job = tm_job_id(t), .subtask = t->subtask,
	         .parallelism = t->parallelism, .k = t->job, .n = st->nparts ? st->parts[0].partition : -1,
	         .m = st->nparts, .flag = restore != NULL);
	if (!st->checkpointing)
		st->commit_ev = sim_after(s, KAFKA_AUTO_COMMIT_US, on_auto_commit, t, 0);
	if (st->nparts == 0)
		task_emit_status(t, true);   /* markAsTemporarilyIdle: no partition to read */
	maybe_fetch(t);
}

static void source_close(Task *t)
{
	SourceState *st = t->opstate;
	if (!st)
		return;
	for (int i = 0; i < st->nparts; i++) {
		SrcPart *p = &st->parts[i];
		for (int k = 0; k < p->nq; k++)
			fetch_batch_free(p->q[k]);
		kcall_cancel(t->sim, &p->call);
	}
	sim_cancel(t->sim, &st->commit_ev);
	free(st->parts);
	free(st->snap);
	free(st);
	t->opstate = NULL;
}

static int emit_records(Task *t, const FetchBatch *fb, int idx, int want)
{
	const Record *r = &fb->recs[idx];
	int k = task_emit_run(t, r, want, codec_input_bytes_of_page);
	t->bytes_in += codec_input_json_len_run(r, (size_t)k);
	return k;
}

/* The JSON bytes of generator events first_k … + n − 1: by page (their timestamps all have
 * four-digit years, so a value's length depends on its page alone). */
static uint64_t generated_json_bytes(int64_t first_k, int64_t n)
{
	SIM_CHECK(15 * ((first_k + n - 1) / 6) < 253402300800000LL);
	int64_t counts[CLICK_PAGES];
	generator_page_counts(first_k, n, counts);
	uint64_t sum = 0;
	for (int p = 0; p < CLICK_PAGES; p++)
		sum += (uint64_t)counts[p] * codec_input_json_bytes_of_page[p];
	return sum;
}

/* Emits up to `want` records of a batch of generator runs from the part's cursor. */
static int emit_generated(Task *t, SrcPart *p, const FetchBatch *fb, int want)
{
	int done = 0;
	while (done < want && p->run < fb->nruns) {
		const KafkaGenRun *r = &fb->runs[p->run];
		int64_t left = r->count - p->run_pos;
		int chunk = left < want - done ? (int)left : want - done;
		int64_t first = r->first_k + p->run_pos;
		int k = task_emit_generated(t, first, chunk, generator_events, codec_input_bytes_of_page);
		t->bytes_in += generated_json_bytes(first, k);
		done += k;
		p->run_pos += k;
		if (p->run_pos == r->count) {
			p->run++;
			p->run_pos = 0;
		}
		if (k < chunk)
			break;                   /* back-pressured */
	}
	return done;
}

static bool source_run(Task *t, int64_t budget_ns, int64_t *used_ns)
{
	SourceState *st = t->opstate;
	int64_t cost = task_cpu_ns(t, t->cost_ns);
	int idle_rounds = 0;
	if (st->nparts == 0)
		return false;
	while (*used_ns < budget_ns && !t->out_blocked && idle_rounds < st->nparts) {
		SrcPart *p = &st->parts[st->next];
		st->next = (st->next + 1) % st->nparts;
		if (p->nq == 0) {
			idle_rounds++;
			continue;
		}
		idle_rounds = 0;
		FetchBatch *fb = p->q[0];
		if (p->idx < fb->n && *used_ns < budget_ns && !t->out_blocked) {
			/* The records the CPU budget allows (the last may overrun it), emitted as a run. */
			int64_t fit = (budget_ns - *used_ns + cost - 1) / cost;
			int want = fb->n - p->idx < fit ? fb->n - p->idx : (int)fit;
			int k = fb->nruns > 0 ? emit_generated(t, p, fb, want) : emit_records(t, fb, p->idx, want);
			t->rec_in += (uint64_t)k;
			if (k > 0)
				p->position = fetch_batch_offset(fb, p->idx + k - 1) + 1;
			p->idx += k;
			*used_ns += k * cost;
		}
		if (p->idx == fb->n) {
			fetch_batch_free(fb);
			p->q[0] = p->q[1];
			p->q[1] = NULL;
			p->nq--;
			p->idx = 0;
			p->run = 0;
			p->run_pos = 0;
		}
	}
	maybe_fetch(t);
	/* records-lag-max: Kafka's consumer metric, from the last fetch's high watermark. */
	int64_t lag = 0;
	bool pending = false;
	for (int i = 0; i < st->nparts; i++) {
		SrcPart *p = &st->parts[i];
		int64_t l = p->high_watermark - (p->position < 0 ? 0 : p->position);
		if (l > lag)
			lag = l;
		pending |= p->nq > 0;
	}
	t->records_lag = lag;
	return pending;
}

static void source_snapshot(Task *t, int64_t cp, TaskSnapshot *snap)
{
	SourceState *st = t->opstate;
	snap->noffsets = (size_t)st->nparts;
	snap->offsets = calloc((size_t)st->nparts + 1, sizeof *snap->offsets);
	SIM_CHECK(snap->offsets != NULL);
	for (int i = 0; i < st->nparts; i++) {
		snap->offsets[i].partition = st->parts[i].partition;
		snap->offsets[i].offset = st->parts[i].position;
	}
	free(st->snap);
	st->snap = calloc((size_t)st->nparts + 1, sizeof *st->snap);
	SIM_CHECK(st->snap != NULL);
	memcpy(st->snap, snap->offsets, (size_t)st->nparts * sizeof *st->snap);
	st->snap_cp = cp;
}

/* Flink commits the offsets of a checkpoint to Kafka when it completes. */
static void source_notify(Task *t, int64_t cp, bool completed)
{
	SourceState *st = t->opstate;
	if (!completed || cp != st->snap_cp || !st->snap)
		return;
	for (int i = 0; i < st->nparts; i++) {
		if (st->snap[i].offset < 0)
			continue;
		Msg *m = msg_new(MSG_KAFKA_COMMIT, t->job);
		m->partition = st->snap[i].partition;
		m->c = st->snap[i].offset;
		m->conn = t->conn;
		net_send(t->sim, proc_of(t), t->sim->proc_kafka, m);
	}
}

const OpDef op_source = {
	.name = "ClickEvent Source",
	.open = source_open,
	.close = source_close,
	.snapshot = source_snapshot,
	.notify = source_notify,
	.run_source = source_run,
};
