/*
 * client.h — what every Kafka client of the model shares: request timeouts, retries and
 * back-off, so that no lost answer can wedge a client.
 *
 * Kafka's clients (the consumer in the Flink source, the producers of the sink and of the
 * generator) never wait for an answer without a deadline: a request unanswered after
 * request.timeout.ms (30 s) is abandoned (its connection closed) and sent again after
 * retry.backoff.ms (100 ms); a refused or reset connection is retried after the reconnect
 * back-off, 50 ms doubling per consecutive failure up to reconnect.backoff.max.ms (1 s).
 * A KafkaCall is one request a client keeps outstanding; answers carry the number of the
 * attempt they answer, so an answer to an abandoned attempt is recognised and dropped.
 * What a client does when it gives up for good (a producer's delivery.timeout.ms, a
 * transactional call's max.block.ms) is the client's own business: kcall_age tells it how
 * long it has been trying.
 *
 * The call does not know the message: the client's `send` callback builds and sends it
 * (with kcall_begin's number as Msg.seq); the call arms the deadline and runs the retries.
 */
#ifndef KAFKA_CLIENT_H
#define KAFKA_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "../internal.h"

#define KAFKA_REQUEST_TIMEOUT_US       (30000 * SIM_US_PER_MS)   /* request.timeout.ms */
#define KAFKA_RETRY_BACKOFF_US         (100 * SIM_US_PER_MS)     /* retry.backoff.ms */
#define KAFKA_RECONNECT_BACKOFF_US     (50 * SIM_US_PER_MS)      /* reconnect.backoff.ms */
#define KAFKA_RECONNECT_BACKOFF_MAX_US (1000 * SIM_US_PER_MS)    /* reconnect.backoff.max.ms */
#define KAFKA_DELIVERY_TIMEOUT_US      (120000 * SIM_US_PER_MS)  /* delivery.timeout.ms (producers) */
#define KAFKA_MAX_BLOCK_US             (60000 * SIM_US_PER_MS)   /* max.block.ms (initTransactions, commit) */

/* Sends (or sends again) the request of a call; `arg` is the call's own argument. */
typedef void (*KafkaSendFn)(Sim *s, void *obj, uint64_t arg);

typedef struct KafkaCall {
	uint64_t seq;              /* number of the latest attempt (Msg.seq of request and answer) */
	bool     out;              /* an attempt is on the wire, awaiting its answer */
	EventId  timer;            /* while backing off: the resend */
	SimTime  deadline;         /* while out: when request.timeout.ms expires */
	EventId  deadline_ev;      /* an event at or before the deadline (re-armed lazily: most
	                            * requests are answered, and their timeout is never cancelled) */
	int      failures;         /* consecutive refused connections (reconnect back-off) */
	int      attempts;         /* attempts since kcall_start */
	SimTime  started;          /* when the request was first sent (kcall_start) */
	KafkaSendFn send;          /* builds and sends the request */
	void    *obj;              /* its target (a task, the generator) */
	uint64_t arg;              /* its argument (e.g. which partition or slot) */
	int      proc;             /* the client's process (trace component) */
	char     who[80];          /* the request, for the trace: "ClickEvent Source (1/2): Fetch input-0" */
} KafkaCall;

/* Sets up a call of process `proc` that sends through `send(s, obj, arg)`; nothing is out yet. */
void kcall_init(KafkaCall *c, int proc, const char *who, KafkaSendFn send, void *obj, uint64_t arg);
/* A new request: sends it now (through `send`). */
void kcall_start(Sim *s, KafkaCall *c);
/* Called by `send` right before it sends: returns the attempt's number (for Msg.seq) and arms
 * request.timeout.ms. */
uint64_t kcall_begin(Sim *s, KafkaCall *c);

typedef enum KcallResult {
	KCALL_STALE,               /* not the answer to the attempt on the wire: ignore it */
	KCALL_RETRYING,            /* connection refused or reset: a resend is scheduled */
	KCALL_OK                   /* the answer: the call is done (the caller reads the message) */
} KcallResult;
/* Classifies an answer (or a bounced request) to this call. */
KcallResult kcall_answer(Sim *s, KafkaCall *c, const Msg *m);
/* The request failed with an error worth retrying (e.g. a broker that is not ready): resend
 * after retry.backoff.ms. */
void kcall_retry(Sim *s, KafkaCall *c);
/* Gives up the call (the client stops or no longer needs it); answers become stale. */
void kcall_cancel(Sim *s, KafkaCall *c);
bool kcall_busy(const KafkaCall *c);            /* out, or waiting to be sent again */
SimTime kcall_age(const Sim *s, const KafkaCall *c);   /* since kcall_start */

#endif
