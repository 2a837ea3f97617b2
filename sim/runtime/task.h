/*
 * task.h — the operator runtime: tasks, their channels, and the operators they run.
 *
 * A Task is one subtask of one vertex in one execution attempt. It runs its operator over
 * real records: it takes buffers from its input channels (round robin, skipping channels
 * blocked by barrier alignment), charges simulated CPU per record, and writes results
 * into output channels. Watermarks and checkpoint barriers travel in band. Channels are
 * bounded and credit-based (Flink's network stack): a sender ships a buffer only with
 * credit, and a task whose output channel backlog is full stops — backpressure emerges.
 *
 * One simulation event per task activation, not per record: an activation processes up
 * to a CPU quantum of records and reschedules itself at the time that work ends.
 */
#ifndef TASK_H
#define TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../internal.h"
#include "buffer.h"
#include "snapshot.h"

#define CHANNEL_EXCLUSIVE_BUFFERS 2    /* taskmanager.network.memory.buffers-per-channel */
#define GATE_FLOATING_BUFFERS     8    /* …floating-buffers-per-gate */
#define CHANNEL_MAX_BACKLOG       10   /* …max-buffers-per-channel */
#define TASK_QUANTUM_NS           (10 * 1000 * 1000)  /* CPU work per activation, 10 ms */

typedef enum OpKind { OP_SOURCE, OP_WATERMARKS, OP_BACKPRESSURE, OP_WINDOW, OP_SINK, OP_KIND_COUNT } OpKind;
typedef enum Ship { SHIP_NONE, SHIP_FORWARD, SHIP_HASH } Ship;

struct Task;

typedef struct Channel {
	struct Task *src, *dst;        /* producer and consumer subtasks */
	int      out_slot, in_slot;    /* index in src->outs / dst->ins */
	bool     remote;               /* crosses TaskManagers */
	bool     dead;                 /* torn down: arrivals are dropped */
	/* sender side (ResultSubpartition) */
	Buffer  *filling;              /* buffer being filled with records */
	Buffer  *backlog, *backlog_tail; /* finished buffers waiting for credit */
	int      nbacklog;             /* their number */
	int      credit;               /* buffers the receiver has announced */
	Buffer  *inflight, *inflight_tail; /* sent, not yet arrived (FIFO) */
	SimTime  last_arrival;         /* keeps arrivals in order */
	/* receiver side (InputChannel) */
	bool     connected;            /* receiver requested the partition */
	Buffer  *queue, *queue_tail;   /* arrived, not yet consumed */
	int      nqueue;               /* their number */
	int      pos;                  /* records of the head buffer already consumed */
	int      floating;             /* floating buffers lent by the gate */
	int64_t  watermark;            /* last watermark received, ms */
	bool     blocked;              /* barrier seen, waiting for alignment */
	bool     ended;                /* end of partition seen */
	bool     idle;                 /* the producer declared itself idle */
} Channel;

typedef struct CompletedCheckpoint CompletedCheckpoint;

typedef struct OpDef {
	const char *name;              /* for traces */
	void (*open)(struct Task *t, const CompletedCheckpoint *restore);
	void (*close)(struct Task *t);
	/* processes up to n records; returns how many (stops early when output blocks) */
	int  (*process)(struct Task *t, const Record *recs, int n);
	void (*on_watermark)(struct Task *t, int64_t wm_ms);
	void (*snapshot)(struct Task *t, int64_t cp, TaskSnapshot *snap);
	/* sink: may it acknowledge checkpoint cp now? (false: flushing, call task_barrier_ready later) */
	bool (*barrier_ready)(struct Task *t, int64_t cp);
	/* sink: may it finish now that every input has ended? (false: its commits are not all
	 * answered; task_try_end is called again when one is) */
	bool (*end_ready)(struct Task *t);
	void (*notify)(struct Task *t, int64_t cp, bool completed);
	void (*on_timer)(struct Task *t);  /* periodic or processing-time timer */
	int64_t (*cost_now_ns)(const struct Task *t); /* optional: CPU per record right now */
	/* a source's activation; returns whether fetched records are still waiting */
	bool (*run_source)(struct Task *t, int64_t budget_ns, int64_t *used_ns);
} OpDef;

typedef struct Task {
	int      id;                   /* index in sim->tasks */
	Sim     *sim;                  /* owner */
	int      job, vertex, subtask, attempt; /* identity */
	int      parallelism, max_parallelism;
	OpKind   op;                   /* what it runs */
	const OpDef *def;              /* its operator */
	int64_t  cost_ns;              /* CPU per record (the run's playground.cost.* key) */
	Ship     out_ship;             /* how it partitions its output */
	bool     event_time;           /* job option */
	bool     exactly_once_sink;    /* job option */
	int      tm, slot;             /* placement: taskmanager instance and slot */
	uint64_t alloc;                /* the slot's allocation id (the TaskManager checks it) */
	uint32_t tm_incarnation;       /* of that taskmanager */
	uint32_t conn;                 /* its Kafka client's connections (net_conn_open): from start to the end */
	TaskState state;               /* TaskManager-side state */
	bool     alive;                /* deployed and not terminal */
	Channel **ins;  int nins;      /* input gate */
	Channel **outs; int nouts;     /* output channels */
	int      next_in;              /* round-robin cursor */
	uint64_t ready;                /* bit i: ins[i] has a buffer queued and is not blocked */
	int      nlive;                /* inputs whose end of partition has not come */
	int64_t  wm_min;               /* min watermark over inputs that are not idle */
	int      wm_at_min, wm_active; /* how many of those are at it; how many there are */
	int      floating_free;        /* floating buffers left in the gate */
	EventId  run_ev, flush_ev, timer_ev; /* pending events */
	SimTime  busy_until;           /* CPU busy until, µs */
	int64_t  cpu_ns_carry;         /* sub-µs CPU not yet charged */
	bool     out_blocked;          /* an output backlog is full */
	SimTime  blocked_since;        /* when it blocked */
	bool     frozen;               /* its TaskManager is paused */
	/* checkpointing */
	int64_t  aligning;             /* checkpoint being aligned, 0 = none */
	int      aligned;              /* channels whose barrier arrived */
	SimTime  align_start;          /* µs */
	int64_t  waiting_cp;           /* barrier held until barrier_ready (sink flush) */
	int32_t  waiting_flags;
	int64_t  last_barrier;         /* newest checkpoint id seen */
	SimTime  alignment_us;         /* last checkpointAlignmentTime */
	SimTime  cp_trigger_us;        /* trigger time of the checkpoint being taken */
	SimTime  start_delay_us;       /* last checkpointStartDelay: trigger → first barrier */
	int64_t  records_lag;          /* source: records-lag-max (high watermark − position) */
	CompletedCheckpoint *restore;  /* state to restore at INITIALIZING (a reference) */
	/* watermarks */
	int64_t  in_wm;                /* min over input channels, ms */
	int64_t  out_wm;               /* last emitted, ms */
	bool     idle_out;             /* IDLE status emitted downstream */
	int64_t  stop_cp;              /* stop-with-savepoint in progress: its checkpoint id */
	bool     ending;               /* every input has ended: it finishes once end_ready allows */
	/* metrics (cumulative) */
	uint64_t rec_in, rec_out, bytes_in, bytes_out;
	uint64_t late_dropped;         /* numLateRecordsDropped (window operator) */
	SimTime  busy_us, bp_us;       /* busy and back-pressured time */
	SimTime  sample_at;            /* last per-second sample */
	SimTime  sample_busy, sample_bp;
	double   busy_ms_per_s, bp_ms_per_s; /* last second's rates */
	/* Flink 1.13's TimerGauges (idleTimeMsPerSecond, backPressuredTimeMsPerSecond): the ms
	 * measured since the view's last update, divided by its 5 s interval, at each update */
	SimTime  view_at, view_busy, view_bp;
	int64_t  idle_gauge, bp_gauge;
	int8_t   route[CLICK_PAGES];   /* HASH output: page → output channel */
	void    *opstate;              /* operator-specific state */
} Task;

/* Lifecycle (called by the TaskManager). */
Task *task_new(Sim *s, int job, int vertex, int subtask, int attempt, OpKind op);
void task_start(Task *t);             /* INITIALIZING done: open operator, connect, run */
void task_teardown(Task *t);          /* release buffers, cancel events, close operator */
void task_wake(Task *t);              /* schedule an activation */
void task_set_frozen(Task *t, bool frozen);

/* Used by operators. */
void task_emit(Task *t, const Record *r, uint32_t bytes);
/* Emits records in order, as task_emit would one by one (sizes from a table by page), and
 * stops after the record whose buffer leaves the task back-pressured. Returns how many. */
int task_emit_run(Task *t, const Record *recs, int n, const uint8_t *bytes_of_page);
/* Records first_k … first_k + n − 1 of a generator: make(first, n, out) writes them. */
typedef void (*RecordMaker)(int64_t first_k, size_t n, Record *out);
/* task_emit_run for a generator's records, made where they go (no copy in between). */
int task_emit_generated(Task *t, int64_t first_k, int n, RecordMaker make, const uint8_t *bytes_of_page);
void task_emit_watermark(Task *t, int64_t wm_ms);
void task_emit_status(Task *t, bool idle);
void task_broadcast_barrier(Task *t, int64_t cp, int32_t flags);
void task_ack_checkpoint(Task *t, int64_t cp);
void task_barrier_ready(Task *t);     /* a held barrier may now be acknowledged */
void task_fail(Task *t, const char *cause);
void task_arm_timer(Task *t, SimTime at);
void task_arm_flush(Task *t);
void task_finish(Task *t);            /* sources ended: emit end of partition */
/* A task whose inputs have all ended finishes, if its operator allows (OpDef.end_ready). */
void task_try_end(Task *t);
int64_t task_clock_ms(const Task *t);    /* its TaskManager's wall clock, ms since 1970 */
/* CPU work of cost_ns (on the model's reference machine) on the task's TaskManager
 * (pg.compose.cpu): what an operator charges per record. */
int64_t task_cpu_ns(const Task *t, int64_t cost_ns);

/* Checkpoint trigger at a source (from the TaskManager). */
void task_trigger_checkpoint(Task *t, int64_t cp, int32_t flags, SimTime triggered);
void task_notify_checkpoint(Task *t, int64_t cp, bool completed);
/* An in-band event (watermark, barrier, status) arriving at an idle task is taken at once, as
 * the activation it would wake would take it; false (nothing done) when the task is not
 * idle or b is data or an end of partition, which queue. */
bool task_event_at_arrival(Task *t, Channel *c, const struct Buffer *b);

#define TASK_MAX_INPUTS 64             /* the input gate's bitmap (SIM_MAX_PARTITIONS) */

/* Keeps t->ready true to c (after its queue or its blocked flag changed). */
static inline void task_gate_update(Task *t, const Channel *c)
{
	uint64_t bit = UINT64_C(1) << c->in_slot;
	if (c->nqueue > 0 && !c->blocked)
		t->ready |= bit;
	else
		t->ready &= ~bit;
}

/* Channels (channel.c). */
Channel *channel_new(Task *src, Task *dst);
void channel_write(Sim *s, Channel *c, const Record *r, uint32_t bytes);
/* channel_write for a run of records (sizes by page; *bytes grows by theirs); stops after a
 * finished buffer that leaves the sender back-pressured. Returns how many were taken. */
int channel_write_run(Sim *s, Channel *c, const Record *recs, int n, const uint8_t *bytes_of_page,
                      uint64_t *bytes);
/* channel_write_run for a generator's records, made in the buffer by make. */
int channel_write_generated(Sim *s, Channel *c, int64_t first_k, int n, RecordMaker make,
                            const uint8_t *bytes_of_page, uint64_t *bytes);
void channel_flush(Sim *s, Channel *c);
void channel_event(Sim *s, Channel *c, BufKind kind, int64_t value, int32_t flags, int64_t stamp);
/* channel_event on each of outs[0 … n − 1], in order; the channels it goes to at once share
 * one header. */
void channel_broadcast(Sim *s, Channel *const *outs, int n, BufKind kind, int64_t value, int32_t flags,
                       int64_t stamp);
void channel_connect(Sim *s, Channel *c);
void channel_consumed(Sim *s, Channel *c);   /* receiver finished the head buffer */
void channel_kill(Sim *s, Channel *c);       /* drop everything, stop delivering */

/* The start of the tumbling window of size_ms holding ts_ms (windows aligned to 1970). */
int64_t tumbling_window_start(int64_t ts_ms, int64_t size_ms);

extern const OpDef op_source, op_watermarks, op_backpressure, op_window, op_sink;



/* Kafka client messages delivered to a task by its TaskManager (ops/ files). */
void source_handle(Task *t, Msg *m);
void sink_handle(Task *t, Msg *m);
#endif
