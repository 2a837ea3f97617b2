/*
 * task.c — a task's life and its activation loop (see task.h).
 *
 * An activation takes input in round-robin order from channels that are not blocked by
 * alignment, hands data to the operator (which emits through task_emit), consumes
 * watermarks (input watermark = min over channels) and barriers (aligned when there are
 * several inputs: Flink's EXACTLY_ONCE mode), until its CPU quantum is spent, its output
 * backlog is full (back-pressured), or it runs out of input (idle). Work is charged as
 * simulated CPU time: the next activation cannot start before the previous work ends.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/keygroup.h"
#include "../flink/states.h"
#include "../flink/taskmanager.h"
#include "task.h"

Task *task_new(Sim *s, int job, int vertex, int subtask, int attempt, OpKind op)
{
	static const OpDef *defs[OP_KIND_COUNT] = {
		[OP_SOURCE] = &op_source, [OP_WATERMARKS] = &op_watermarks,
		[OP_BACKPRESSURE] = &op_backpressure, [OP_WINDOW] = &op_window, [OP_SINK] = &op_sink,
	};
	Task *t = calloc(1, sizeof *t);
	SIM_CHECK(t != NULL);
	if (s->ntasks == s->cap_tasks) {
		s->cap_tasks = s->cap_tasks ? 2 * s->cap_tasks : 64;
		s->tasks = realloc(s->tasks, (size_t)s->cap_tasks * sizeof *s->tasks);
		SIM_CHECK(s->tasks != NULL);
	}
	t->id = s->ntasks;
	s->tasks[s->ntasks++] = t;
	t->sim = s;
	t->job = job;
	t->vertex = vertex;
	t->subtask = subtask;
	t->attempt = attempt;
	t->op = op;
	t->def = defs[op];
	const SimConfig *c = &s->opt.config;                /* configurable per-record CPU */
	const int64_t costs[OP_KIND_COUNT] = {
		[OP_SOURCE] = c->cost_source_ns, [OP_WATERMARKS] = c->cost_watermarks_ns,
		[OP_BACKPRESSURE] = c->cost_backpressure_ns, [OP_WINDOW] = c->cost_counter_ns, [OP_SINK] = c->cost_sink_ns,
	};
	t->cost_ns = costs[op];
	t->state = TASK_CREATED;
	t->tm = t->slot = -1;
	t->in_wm = t->out_wm = INT64_MIN;
	t->floating_free = GATE_FLOATING_BUFFERS;
	return t;
}

/* The TaskManager machine's wall clock (System.currentTimeMillis(); pg.compose.clock skews it). */
int64_t task_clock_ms(const Task *t)
{
	const Sim *s = t->sim;
	return machine_clock_ms(&s->procs[s->tm_proc[t->tm]].machine, s->opt.epoch_ms, s->now);
}

int64_t task_cpu_ns(const Task *t, int64_t cost_ns)
{
	const Sim *s = t->sim;
	return machine_cpu_ns(&s->procs[s->tm_proc[t->tm]].machine, cost_ns);
}

/* Flink's checkpointStartDelay: this TaskManager's wall clock when the first barrier came
 * minus the JobManager's wall clock at the trigger (the barrier's timestamp;
 * CheckpointBarrierHandler.markAlignmentStart), never negative — so skew between the two
 * machines shows here. (The JobManager's clock is read with its current settings.) */
static SimTime start_delay_us(const Task *t, SimTime triggered)
{
	const Sim *s = t->sim;
	SimTime tm = s->now + machine_offset_us(&s->procs[s->tm_proc[t->tm]].machine, s->now);
	SimTime jm = triggered;
	if (s->proc_jobmanager >= 0)
		jm += machine_offset_us(&s->procs[s->proc_jobmanager].machine, triggered);
	return tm > jm ? tm - jm : 0;
}

/* ------------------------------------------------------------------ CPU accounting */

static void charge(Task *t, int64_t used_ns)
{
	Sim *s = t->sim;
	t->cpu_ns_carry += used_ns;
	SimTime us = t->cpu_ns_carry / 1000;
	t->cpu_ns_carry %= 1000;
	SimTime start = t->busy_until > s->now ? t->busy_until : s->now;
	t->busy_until = start + us;
	t->busy_us += us;
}

static void on_run(Sim *s, void *obj, uint64_t arg);

void task_wake(Task *t)
{
	if (!t->alive || t->state != TASK_RUNNING || t->run_ev || t->frozen)
		return;
	Sim *s = t->sim;
	SimTime at = t->busy_until > s->now ? t->busy_until : s->now;
	t->run_ev = sim_at(s, at, on_run, t, 0);
}

/* ------------------------------------------------------------------ output */

void task_emit(Task *t, const Record *r, uint32_t bytes)
{
	Channel *c = t->outs[t->out_ship == SHIP_HASH ? t->route[r->page] : 0];
	channel_write(t->sim, c, r, bytes);
	t->rec_out++;
	t->bytes_out += bytes;
}

/* A keyed run that finishes no buffer (the common case: ~25 clicks into buffers of 1100):
 * counted per channel first, then copied straight into the filling buffers (opened where
 * needed, as the run's first record for the channel would). Returns false, having emitted
 * nothing, when some record would finish a buffer. */
static bool emit_keyed_fast(Task *t, const Record *recs, int n, const uint8_t *bytes_of_page)
{
	enum { MAX_OUTS = 64 };
	int nouts = t->nouts;
	if (nouts > MAX_OUTS)
		return false;
	/* Per page (consecutive clicks differ in page), counted by the page's low three bits: a
	 * page of 8 or more shows in the pages' bitwise or, 6 and 7 in their counts. */
	_Static_assert(CLICK_PAGES <= 8, "pages are counted by their low three bits");
	uint32_t cnt[MAX_OUTS], add[MAX_OUTS], per_page[8] = { 0 };
	Record *dst[MAX_OUTS];
	unsigned any = 0;
	for (int i = 0; i < n; i++) {
		uint8_t page = recs[i].page;
		any |= page;
		per_page[page & 7]++;
	}
	bool bad = any >= 8;
	for (int p = CLICK_PAGES; p < 8; p++)
		bad |= per_page[p] != 0;
	if (bad)
		return false;
	for (int o = 0; o < nouts; o++)
		cnt[o] = add[o] = 0;
	for (int p = 0; p < CLICK_PAGES; p++) {
		if (!per_page[p])
			continue;
		if (!bytes_of_page[p])
			return false;
		cnt[t->route[p]] += per_page[p];
		add[t->route[p]] += per_page[p] * bytes_of_page[p];
	}
	uint64_t bytes = 0;
	for (int o = 0; o < nouts; o++) {
		if (!cnt[o])
			continue;
		const Channel *c = t->outs[o];
		const Buffer *b = c->filling;
		int32_t has = b ? b->n : 0;
		uint32_t filled = b ? b->bytes : 0;
		if (c->dead || has + (int64_t)cnt[o] >= BUFFER_RECORDS_MAX || filled + add[o] >= BUFFER_BYTES)
			return false;
		bytes += add[o];
	}
	for (int o = 0; o < nouts; o++) {
		if (!cnt[o])
			continue;
		Channel *c = t->outs[o];
		if (!c->filling) {
			c->filling = buffer_get(t->sim->pool, BUF_DATA);
			task_arm_flush(t);        /* the output flusher: execution.buffer-timeout */
		}
		dst[o] = c->filling->recs + c->filling->n;
	}
	int8_t route[CLICK_PAGES];
	memcpy(route, t->route, sizeof route);
	if (nouts == 2) {
		/* Two channels (parallelism 2): one pass, both write pointers in registers; every
		 * record is written to both, and only its channel's pointer moves on (the room
		 * checked above leaves the slot after the last one free; a channel no record goes
		 * to writes into a spare and never moves). */
		uint8_t to0[CLICK_PAGES], to1[CLICK_PAGES];
		for (int p = 0; p < CLICK_PAGES; p++) {
			to0[p] = route[p] == 0;
			to1[p] = route[p] == 1;
		}
		Record spare[2];
		Record *z0 = cnt[0] ? dst[0] : &spare[0], *z1 = cnt[1] ? dst[1] : &spare[1];
		for (int i = 0; i < n; i++) {
			uint8_t page = recs[i].page;
			*z0 = recs[i];
			*z1 = recs[i];
			z0 += to0[page];
			z1 += to1[page];
		}
	} else {
		for (int i = 0; i < n; i++)
			*dst[route[recs[i].page]]++ = recs[i];
	}
	for (int o = 0; o < nouts; o++)
		if (cnt[o]) {
			t->outs[o]->filling->n += (int32_t)cnt[o];
			t->outs[o]->filling->bytes += add[o];
		}
	t->bytes_out += bytes;
	return true;
}

/* Keyed: in chunks through emit_keyed_fast; a chunk that would finish a buffer goes record
 * by record into the channel of its key group (a record that does not finish its buffer is
 * appended here, the others go through channel_write_run). The same as record by record. */
static int emit_keyed(Task *t, const Record *recs, int n, const uint8_t *bytes_of_page)
{
	enum { CHUNK = 128 };
	int k = 0;
	while (k < n && !t->out_blocked) {
		int m = n - k < CHUNK ? n - k : CHUNK;
		if (emit_keyed_fast(t, recs + k, m, bytes_of_page)) {
			k += m;
			continue;
		}
		for (int end = k + m; k < end && !t->out_blocked;) {
			const Record *r = &recs[k];
			Channel *c = t->outs[t->route[r->page]];
			Buffer *b = c->filling;
			uint8_t sz = bytes_of_page[r->page];
			if (b && sz && !c->dead && b->n + 1 < BUFFER_RECORDS_MAX && b->bytes + sz < BUFFER_BYTES) {
				b->recs[b->n++] = *r;
				b->bytes += sz;
				t->bytes_out += sz;
				k++;
				continue;
			}
			k += channel_write_run(t->sim, c, r, 1, bytes_of_page, &t->bytes_out);
		}
	}
	return k;
}

int task_emit_run(Task *t, const Record *recs, int n, const uint8_t *bytes_of_page)
{
	int k = 0;
	if (t->out_blocked)
		return 0;
	if (t->out_ship != SHIP_HASH) {
		k = channel_write_run(t->sim, t->outs[0], recs, n, bytes_of_page, &t->bytes_out);
	} else {
		k = emit_keyed(t, recs, n, bytes_of_page);
	}
	t->rec_out += (uint64_t)k;
	return k;
}

int task_emit_generated(Task *t, int64_t first_k, int n, RecordMaker make, const uint8_t *bytes_of_page)
{
	if (t->out_blocked)
		return 0;
	if (t->out_ship != SHIP_HASH) {
		int k = channel_write_generated(t->sim, t->outs[0], first_k, n, make, bytes_of_page, &t->bytes_out);
		t->rec_out += (uint64_t)k;
		return k;
	}
	Record chunk[256];                 /* keyed: made in chunks, then routed */
	int k = 0;
	while (k < n) {
		int m = n - k < 256 ? n - k : 256;
		make(first_k + k, (size_t)m, chunk);
		int got = task_emit_run(t, chunk, m, bytes_of_page);
		k += got;
		if (got < m)
			break;
	}
	return k;
}

void task_emit_watermark(Task *t, int64_t wm_ms)
{
	if (wm_ms <= t->out_wm)
		return;
	t->out_wm = wm_ms;
	channel_broadcast(t->sim, t->outs, t->nouts, BUF_WATERMARK, wm_ms, 0, 0);
}

void task_emit_status(Task *t, bool idle)
{
	if (t->idle_out == idle)
		return;
	t->idle_out = idle;
	channel_broadcast(t->sim, t->outs, t->nouts, BUF_STATUS, idle ? 1 : 0, 0, 0);
}

void task_broadcast_barrier(Task *t, int64_t cp, int32_t flags)
{
	channel_broadcast(t->sim, t->outs, t->nouts, BUF_BARRIER, cp, flags, t->cp_trigger_us);
}

static void on_flush(Sim *s, void *obj, uint64_t arg)
{
	Task *t = obj;
	t->flush_ev = 0;
	if (!t->alive)
		return;
	for (int i = 0; i < t->nouts; i++)
		channel_flush(s, t->outs[i]);
}

void task_arm_flush(Task *t)
{
	if (t->flush_ev || !t->alive)
		return;
	Sim *s = t->sim;
	SimTime base = t->busy_until > s->now ? t->busy_until : s->now;
	t->flush_ev = sim_at(s, base + s->opt.config.buffer_timeout_ms * SIM_US_PER_MS, on_flush, t, 0);
}

static void on_timer(Sim *s, void *obj, uint64_t arg)
{
	Task *t = obj;
	t->timer_ev = 0;
	if (!t->alive || t->state != TASK_RUNNING)
		return;
	if (t->frozen)
		return;   /* re-armed by task_set_frozen(false) */
	t->def->on_timer(t);
}

void task_arm_timer(Task *t, SimTime at)
{
	Sim *s = t->sim;
	sim_cancel(s, &t->timer_ev);
	t->timer_ev = sim_at(s, at < s->now ? s->now : at, on_timer, t, 0);
}

/* ------------------------------------------------------------------ checkpoints */

void task_ack_checkpoint(Task *t, int64_t cp)
{
	TaskSnapshot *snap = snapshot_new(t->vertex, t->subtask);
	snap->watermark_ms = t->in_wm;
	if (t->def->snapshot)
		t->def->snapshot(t, cp, snap);
	snap->size_bytes = snapshot_size_bytes(snap);
	tm_ack_checkpoint(t, cp, snap);
}

static void complete_barrier(Task *t, int64_t cp, int32_t flags)
{
	t->last_barrier = cp;
	if (t->def->barrier_ready && !t->def->barrier_ready(t, cp)) {
		t->waiting_cp = cp;
		t->waiting_flags = flags;
		return;
	}
	/* Flink: prepareSnapshotPreBarrier, broadcast the barrier, then snapshot state. */
	task_broadcast_barrier(t, cp, flags);
	task_ack_checkpoint(t, cp);
}

void task_barrier_ready(Task *t)
{
	int64_t cp = t->waiting_cp;
	if (!cp)
		return;
	t->waiting_cp = 0;
	task_broadcast_barrier(t, cp, t->waiting_flags);
	task_ack_checkpoint(t, cp);
	task_wake(t);
}

/* At a source: the barrier goes in between two records. For stop-with-savepoint the
 * source emits nothing after it (the savepoint is synchronous) and ends when the savepoint
 * is complete; with --drain, MAX_WATERMARK goes first so every window fires. */
void task_trigger_checkpoint(Task *t, int64_t cp, int32_t flags, SimTime triggered)
{
	if (!t->alive || t->state != TASK_RUNNING || cp <= t->last_barrier)
		return;
	t->cp_trigger_us = triggered;
	t->start_delay_us = start_delay_us(t, triggered);
	if (flags & CP_FLAG_DRAIN)
		task_emit_watermark(t, INT64_MAX);
	if (flags & CP_FLAG_STOP)
		t->stop_cp = cp;
	complete_barrier(t, cp, flags);
}

void task_notify_checkpoint(Task *t, int64_t cp, bool completed)
{
	if (t->def->notify)
		t->def->notify(t, cp, completed);
	task_try_end(t);
	if (t->stop_cp == cp && t->alive) {
		if (completed) {
			task_finish(t);
		} else {
			t->stop_cp = 0;              /* the stop failed: carry on */
			task_wake(t);
		}
	}
}

static int live_inputs(const Task *t) { return t->nlive; }

static void unblock_all(Task *t)
{
	for (int i = 0; i < t->nins; i++) {
		t->ins[i]->blocked = false;
		task_gate_update(t, t->ins[i]);
	}
	t->aligning = 0;
	t->aligned = 0;
}

static void on_barrier(Task *t, Channel *c, int64_t cp, int32_t flags, SimTime triggered)
{
	if (cp <= t->last_barrier)
		return;                              /* an aborted checkpoint's straggler */
	if (cp > t->aligning) {                      /* the first barrier of this checkpoint */
		t->cp_trigger_us = triggered;
		t->start_delay_us = start_delay_us(t, triggered);
	}
	if (live_inputs(t) <= 1) {
		t->alignment_us = 0;
		complete_barrier(t, cp, flags);
		return;
	}
	if (cp > t->aligning) {                      /* a newer checkpoint subsumes the older */
		if (t->aligning)                     /* (none aligning: no input is blocked) */
			unblock_all(t);
		t->aligning = cp;
		t->align_start = t->sim->now;
	}
	c->blocked = true;
	task_gate_update(t, c);
	if (++t->aligned == live_inputs(t)) {
		t->alignment_us = t->sim->now - t->align_start;
		unblock_all(t);
		complete_barrier(t, cp, flags);
	}
}

/* ------------------------------------------------------------------ input */

/* The minimum over inputs that are not idle, counted from scratch (after an input's status
 * or end changed). An ended input keeps its last watermark in the minimum (see below). */
static void recount_watermarks(Task *t)
{
	t->wm_min = INT64_MAX;
	t->wm_at_min = t->wm_active = 0;
	for (int i = 0; i < t->nins; i++) {
		const Channel *c = t->ins[i];
		if (c->idle)
			continue;
		t->wm_active++;
		if (c->watermark < t->wm_min) {
			t->wm_min = c->watermark;
			t->wm_at_min = 0;
		}
		t->wm_at_min += c->watermark == t->wm_min;
	}
}

/* Input c's watermark becomes wm: the minimum moves only when the last input at it moves. */
static void set_channel_watermark(Task *t, Channel *c, int64_t wm)
{
	int64_t old = c->watermark;
	c->watermark = wm;
	if (c->idle || wm == old)
		return;
	if (wm < t->wm_min) {
		t->wm_min = wm;
		t->wm_at_min = 1;
	} else if (wm == t->wm_min) {
		t->wm_at_min++;
	} else if (old == t->wm_min && --t->wm_at_min == 0) {
		recount_watermarks(t);
	}
}

/* Flink's StatusWatermarkValve: the minimum over inputs that are not idle. An input that has
 * ended keeps its last watermark in the minimum, as the valve keeps its channel: an end of
 * partition is not a MAX_WATERMARK (a stopped job's sources end without one unless --drain),
 * so a subtask whose upstream ends early cannot fire the windows another input still fills.
 * When none is left, the watermark stays where it is. */
static void update_input_watermark(Task *t)
{
	int64_t m = t->wm_min;
	if (t->wm_active == 0 || m <= t->in_wm)
		return;
	t->in_wm = m;
	if (t->def->on_watermark)
		t->def->on_watermark(t, m);
	else
		task_emit_watermark(t, m);
}

/* The next input in round-robin order from the cursor that has a buffer and is not blocked. */
static Channel *next_input(Task *t)
{
	uint64_t m = t->ready;
	if (!m)
		return NULL;
	uint64_t from_cursor = m & (~UINT64_C(0) << t->next_in);
	int i = __builtin_ctzll(from_cursor ? from_cursor : m);
	t->next_in = i;
	return t->ins[i];
}

static bool has_input(const Task *t) { return t->ready != 0; }

static void process_data(Task *t, Channel *c, int64_t budget_ns, int64_t *used_ns)
{
	Buffer *b = c->queue;
	int64_t cost = t->def->cost_now_ns ? t->def->cost_now_ns(t) : task_cpu_ns(t, t->cost_ns);
	int avail = b->n - c->pos, max = avail;
	if (cost > 0) {
		int64_t fit = (budget_ns - *used_ns + cost - 1) / cost;
		if (fit < max)
			max = fit < 1 ? 1 : (int)fit;
	}
	int k = t->def->process(t, b->recs + c->pos, max);
	*used_ns += k * cost;
	t->rec_in += (uint64_t)k;
	c->pos += k;
	if (c->pos == b->n) {
		t->bytes_in += b->bytes;
		channel_consumed(t->sim, c);
		t->next_in = (t->next_in + 1) % t->nins;
	}
}

/* An in-band event taken from input c (already off its queue); false when the task has no
 * input left (every input has ended): its activation stops there. */
static bool take_event(Task *t, Channel *c, BufKind kind, int64_t value, int32_t flags, SimTime stamp)
{
	switch (kind) {
	case BUF_WATERMARK:
		set_channel_watermark(t, c, value);
		update_input_watermark(t);
		break;
	case BUF_BARRIER:
		on_barrier(t, c, value, flags, stamp);
		break;
	case BUF_STATUS: {
		c->idle = value != 0;
		recount_watermarks(t);
		bool all_idle = true;
		for (int i = 0; i < t->nins; i++)
			all_idle &= t->ins[i]->idle || t->ins[i]->ended;
		task_emit_status(t, all_idle);
		update_input_watermark(t);
		break;
	}
	case BUF_END:
		c->ended = true;
		t->nlive--;
		recount_watermarks(t);
		if (live_inputs(t) == 0) {
			update_input_watermark(t);
			t->ending = true;
			task_try_end(t);
			return false;
		}
		update_input_watermark(t);
		break;
	case BUF_DATA:
		SIM_CHECK(!"a data buffer is not an event");
	}
	return true;
}

static void process_inputs(Task *t, int64_t budget_ns, int64_t *used_ns)
{
	Sim *s = t->sim;
	while (*used_ns < budget_ns && !t->out_blocked && !t->waiting_cp && t->alive) {
		Channel *c = next_input(t);
		if (!c)
			break;
		Buffer *b = c->queue;
		if (b->kind == BUF_DATA) {
			if (b->n == 0)
				channel_consumed(s, c);
			else
				process_data(t, c, budget_ns, used_ns);
			continue;
		}
		BufKind kind = (BufKind)b->kind;
		int64_t value = b->value;
		int32_t flags = b->flags;
		SimTime stamp = b->stamp;
		channel_consumed(s, c);
		if (!take_event(t, c, kind, value, flags, stamp))
			return;
	}
}

/* Whether an activation now would take input c's next buffer first and do nothing else:
 * the task runs, is idle (no activation pending, no work in progress, nothing holds it) and
 * no input has a buffer it could take. */
static bool idle_now(const Task *t, const Channel *c)
{
	return t->ready == 0 && !t->run_ev && c->nqueue == 0 && !c->blocked && t->busy_until <= t->sim->now &&
	       t->alive && t->state == TASK_RUNNING && !t->frozen && !t->out_blocked && !t->waiting_cp &&
	       !t->def->run_source;
}

bool task_event_at_arrival(Task *t, Channel *c, const Buffer *b)
{
	if (b->kind == BUF_DATA || b->kind == BUF_END || !idle_now(t, c))
		return false;
	t->next_in = c->in_slot;          /* where the activation's round robin would stand */
	take_event(t, c, (BufKind)b->kind, b->value, b->flags, b->stamp);
	if (t->alive && t->ready && !t->out_blocked && !t->waiting_cp)
		task_wake(t);                /* an alignment ended: the inputs it held are ready */
	return true;
}

static void on_run(Sim *s, void *obj, uint64_t arg)
{
	Task *t = obj;
	t->run_ev = 0;
	if (!t->alive || t->state != TASK_RUNNING || t->frozen)
		return;
	int64_t used = 0;
	bool pending = false;
	if (t->def->run_source) {
		if (t->stop_cp)
			return;                      /* synchronous savepoint: nothing after the barrier */
		pending = t->def->run_source(t, TASK_QUANTUM_NS, &used);
	}
	else
		process_inputs(t, TASK_QUANTUM_NS, &used);
	charge(t, used);
	if (!t->alive)
		return;
	/* A source that emitted all it had waits for the next fetch answer (which wakes it). */
	bool more = t->def->run_source ? used > 0 && pending : has_input(t);
	if (more && !t->out_blocked && !t->waiting_cp)
		task_wake(t);
}

/* ------------------------------------------------------------------ lifecycle */

static void compute_routes(Task *t)
{
	if (t->out_ship != SHIP_HASH)
		return;
	for (int p = 0; p < CLICK_PAGES; p++) {
		int kg = keygroup_for_hash(java_string_hash(sim_page_name(p)), t->max_parallelism);
		t->route[p] = (int8_t)keygroup_operator_index(kg, t->max_parallelism, t->nouts);
	}
}

void task_start(Task *t)
{
	Sim *s = t->sim;
	SIM_CHECK(t->nins <= TASK_MAX_INPUTS);
	t->nlive = t->nins;
	recount_watermarks(t);
	compute_routes(t);
	t->busy_until = s->now;
	t->sample_at = s->now;
	t->view_at = s->now;
	t->view_busy = t->busy_us;
	t->view_bp = t->bp_us;
	t->conn = net_conn_open(s);      /* what its Kafka consumer or producer sends */
	if (t->def->open)
		t->def->open(t, t->restore);
	t->restore = NULL;
	for (int i = 0; i < t->nins; i++)
		channel_connect(s, t->ins[i]);
	task_wake(t);
}

void task_set_frozen(Task *t, bool frozen)
{
	if (t->frozen == frozen || !t->alive)
		return;
	t->frozen = frozen;
	if (frozen)
		return;
	if (t->def->on_timer && !t->timer_ev && t->state == TASK_RUNNING)
		t->def->on_timer(t);      /* timers that came due while frozen fire now */
	task_wake(t);
}

void task_teardown(Task *t)
{
	Sim *s = t->sim;
	if (!t->alive && t->state != TASK_CREATED)
		return;
	t->alive = false;
	sim_cancel(s, &t->run_ev);
	sim_cancel(s, &t->flush_ev);
	sim_cancel(s, &t->timer_ev);
	if (t->out_blocked) {
		t->bp_us += s->now - t->blocked_since;
		t->out_blocked = false;
	}
	if (t->def->close)
		t->def->close(t);
	net_conn_close(s, t->conn);      /* its Kafka client is closed with it */
	for (int i = 0; i < t->nins; i++)
		channel_kill(s, t->ins[i]);
	for (int i = 0; i < t->nouts; i++)
		channel_kill(s, t->outs[i]);
}

void task_fail(Task *t, const char *cause)
{
	if (!t->alive)
		return;
	task_teardown(t);
	tm_task_terminal(t, TASK_FAILED, cause);
}

/* Flink 1.9's synchronous savepoint (stop) holds every task after the barrier until its
 * notifyCheckpointComplete has run (StreamTask.triggerCheckpointOnBarrier waits on the
 * SynchronousSavepointLatch), and the Kafka sink's commits run in it: the end of input
 * finishes a sink only once they are done. */
void task_try_end(Task *t)
{
	if (t->ending && t->alive && (!t->def->end_ready || t->def->end_ready(t)))
		task_finish(t);
}

void task_finish(Task *t)
{
	if (!t->alive)
		return;
	channel_broadcast(t->sim, t->outs, t->nouts, BUF_END, 0, 0, 0);
	/* The end-of-partition buffers are already on their way; keep the channels. */
	t->alive = false;
	sim_cancel(t->sim, &t->run_ev);
	sim_cancel(t->sim, &t->flush_ev);
	sim_cancel(t->sim, &t->timer_ev);
	if (t->def->close)
		t->def->close(t);
	net_conn_close(t->sim, t->conn);
	tm_task_terminal(t, TASK_FINISHED, "");
}
