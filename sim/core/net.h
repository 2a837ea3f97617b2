/*
 * net.h — processes (the playground's containers) and the messages between them.
 *
 * Every service instance is a Process that is running, exited or paused, with an
 * incarnation number bumped on each start. Control messages (registration, heartbeats,
 * slot offers, deploy/cancel, checkpoint trigger/ack/notify, Kafka requests) travel
 * through net_send with a simulated latency. A message to a process that is not running
 * in the same incarnation when it arrives is dropped — a killed process simply stops
 * answering — and one to a paused process waits until it is unpaused. Nobody calls
 * across processes directly.
 */
#ifndef NET_H
#define NET_H

#include <stdbool.h>
#include <stdint.h>

#include "../sim.h"
#include "evq.h"
#include "machine.h"

typedef enum ProcKind {
	PROC_ZOOKEEPER, PROC_KAFKA, PROC_JOBMANAGER, PROC_TASKMANAGER, PROC_GENERATOR
} ProcKind;
#define PROC_KINDS (PROC_GENERATOR + 1)

typedef enum MsgType {
	MSG_TM_REGISTER,        /* TM → RM: register, a = slots, b = TM resource number */
	MSG_TM_REGISTERED,      /* RM → TM: accepted, b = the TM's registration number, c = the RM's id of the
	                         * registration (InstanceID); seq = the RM's fencing token */
	MSG_TM_DISCONNECT,      /* RM → TM: you were declared lost (c = registration id); drop everything */
	MSG_HEARTBEAT,          /* JM → TM: heartbeat request */
	MSG_HEARTBEAT_REPLY,    /* TM → JM */
	MSG_SLOT_REQUEST,       /* RM → TM: offer slot a to the job, b = registration id, c = allocation */
	MSG_SLOT_OFFER,         /* TM → JobMaster (through the RM): slot a, b = registration id, c = allocation */
	MSG_SLOT_FREE,          /* RM → TM: slot a (b = registration id, c = allocation) no longer used */
	MSG_SUBMIT_TASK,        /* JobMaster → TM: deploy; payload DeployInfo */
	MSG_CANCEL_TASK,        /* JobMaster → TM: a = task id */
	MSG_TASK_STATE,         /* TM → JobMaster: a = task id, b = new TaskState, text = cause */
	MSG_TRIGGER_CP,         /* JobMaster → TM: a = task id, b = checkpoint id, c = flags, seq = trigger time */
	MSG_ACK_CP,             /* TM → JobMaster: a = task id, b = checkpoint id; payload TaskSnapshot */
	MSG_NOTIFY_CP,          /* JobMaster → TM: a = task id, b = checkpoint id (complete) */
	MSG_ABORT_CP,           /* JobMaster → TM: a = task id, b = checkpoint id (aborted) */
	MSG_KAFKA_FETCH,        /* consumer → broker: a = task id, b = partition, c = offset */
	MSG_KAFKA_FETCH_RESP,   /* broker → consumer: payload FetchBatch */
	MSG_KAFKA_OFFSETS,      /* consumer → broker: committed offsets request, a = task id, b = partition */
	MSG_KAFKA_OFFSETS_RESP, /* broker → consumer: a = task id, b = partition, c = offset (-1 none) */
	MSG_KAFKA_COMMIT,       /* consumer → broker: a = partition, c = offset (group click-event-count) */
	MSG_KAFKA_PRODUCE,      /* producer → broker: payload ProduceBatch */
	MSG_KAFKA_PRODUCE_RESP, /* broker → producer: a = requester id, b = partition, c = batch seq */
	MSG_KAFKA_TXN,          /* producer → broker: payload TxnRequest (InitProducerId, EndTxn, fence a range) */
	MSG_KAFKA_TXN_RESP,     /* broker → producer: a = requester task id, b = producer id, c = epoch, error */
	MSG_TYPE_COUNT
} MsgType;

typedef struct Msg {
	MsgType  type;          /* what it is */
	int      from, to;      /* process indices */
	uint32_t to_inc;        /* destination incarnation at send time */
	uint32_t from_inc;      /* sender's incarnation at send time */
	int      job;           /* job index, -1 if none */
	int64_t  a, b, c;       /* arguments, meaning per type */
	int32_t  partition;     /* Kafka requests: the topic partition */
	bool     opens;         /* the first request of a new client connection (a new KafkaProducer's):
	                         * the client writes it once TCP's handshake is done (net.c: resend) */
	void    *payload;       /* owned by the message; freed by msg_free */
	void   (*payload_free)(void *payload);  /* its destructor (NULL: free()) */
	uint64_t seq;           /* requester's request number, echoed in the answer */
	bool     bounce;        /* a request: if undeliverable, comes back with failed set */
	bool     failed;        /* connection refused or reset (bounced request) */
	int16_t  error;         /* an answer's Kafka error code (KafkaError; INT16 on the wire), 0 = none */
	uint32_t conn;          /* the sender's client connection (net_conn_open), 0: the process's own */
	char     text[160];     /* failure causes and the like */
	struct Msg *next;       /* held-message queue link */
} Msg;

typedef struct Process {
	char      name[32];     /* "taskmanager-1" */
	char      service[32];  /* "taskmanager" */
	ProcKind  kind;         /* what runs in it */
	int       instance;     /* taskmanager instance index (0-based), else 0 */
	ServiceState state;     /* running / exited / paused */
	uint32_t  incarnation;  /* bumped on every start */
	int       starts;       /* times started */
	Msg      *held, *held_tail; /* messages that arrived while paused */
	struct Deferred *deferred, *deferred_tail; /* its timers that came due while paused */
	Machine   machine;      /* its wall clock and CPU speed (pg.compose.clock / cpu) */
	SimTime   exited_at;    /* when it last exited (killed or stopped) */
} Process;

struct Sim;
/* What a process of one kind does with a message delivered to it (Sim.msg_handlers, set by
 * sim.c: the network knows no component by name; NULL: the message is dropped). */
typedef void (*MsgHandler)(struct Sim *s, Msg *m);
Msg *msg_new(MsgType type, int job);
void msg_free(Msg *m);                    /* frees the payload too; accepts NULL */
void net_send_inc(struct Sim *s, int from, int to, uint32_t to_inc, Msg *m); /* to one incarnation only */
/* Sends m from process `from` to process `to`; takes ownership of m. */
void net_send(struct Sim *s, int from, int to, Msg *m);
/* A client's connections, such as a task's Kafka consumer or producer, which close with the
 * client while its process runs on: what a cut link still holds of a closed connection is
 * never delivered (netfault.h). Messages with conn 0 belong to the process itself. */
uint32_t net_conn_open(struct Sim *s);
void net_conn_close(struct Sim *s, uint32_t conn);
/* A timer of process `proc` is due: true when the process is paused — the timer is kept
 * and fires when the process runs again (a frozen JVM runs nothing; on resume its overdue
 * timers fire at once), and the handler returns; false when it may run now. */
bool proc_defer(struct Sim *s, int proc, EventFn fn, void *obj, uint64_t arg);
/* Delivers the messages a process held while paused and fires its deferred timers, in the
 * order they came (called on unpause). */
void net_release_held(struct Sim *s, int proc);
void net_drop_held(struct Sim *s, int proc);
bool proc_running(const struct Sim *s, int proc);
const char *msg_type_name(MsgType t);
/* Frees what a queued event owns when the Sim is destroyed with events pending. */
void net_discard_event(const Event *ev);

#endif
