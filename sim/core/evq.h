/*
 * evq.h — the discrete-event queue: events ordered by (time, insertion sequence).
 *
 * The sequence number is a counter of insertions, so ties break the same way on every
 * run. Events are cancelled by id (slot index + generation, so a stale id is harmless).
 * The queue owns its slots; an event carries a handler and two opaque words.
 */
#ifndef EVQ_H
#define EVQ_H

#include <stdbool.h>
#include <stdint.h>

typedef int64_t SimTime;
typedef uint64_t EventId;          /* 0 = no event */
struct Sim;
typedef void (*EventFn)(struct Sim *s, void *obj, uint64_t arg);

typedef struct Event {
	SimTime  time;                 /* when it fires, µs */
	EventFn  fn;                   /* handler */
	void    *obj;                  /* the entity it targets */
	uint64_t arg;                  /* handler argument */
} Event;

typedef struct EventQueue EventQueue;

EventQueue *evq_create(void);
void evq_destroy(EventQueue *q);                 /* accepts NULL */
EventId evq_push(EventQueue *q, SimTime t, EventFn fn, void *obj, uint64_t arg);
/* An event nobody cancels: when the event pushed last (nothing since) is one of these with
 * the same time and handler and still pending, (obj, arg) joins it and runs right after it —
 * where it would have run anyway — without a place in the heap of its own. */
void evq_push_batch(EventQueue *q, SimTime t, EventFn fn, void *obj, uint64_t arg);
bool evq_cancel(EventQueue *q, EventId id);      /* false if already fired or cancelled */
bool evq_pending(const EventQueue *q, EventId id);
bool evq_pop(EventQueue *q, Event *out);         /* earliest event; false when empty */
/* The events that joined the one popped last (evq_push_batch): its handler runs them next, in
 * this order, with (obj, arg) from *members; the queue forgets them. 0 when none. Call it
 * before the next pop (the array lives until then). */
typedef struct EventMember {
	void    *obj;
	uint64_t arg;
} EventMember;
uint32_t evq_take_batch(EventQueue *q, const EventMember **members);
/* The earliest event if it is due at or before limit; false (nothing taken) otherwise. */
bool evq_pop_until(EventQueue *q, SimTime limit, Event *out);
bool evq_peek_time(const EventQueue *q, SimTime *t);
uint64_t evq_size(const EventQueue *q);
uint64_t evq_pushed(const EventQueue *q);        /* events ever pushed */

#endif
