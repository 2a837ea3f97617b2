/*
 * generator.h — the playground's clickevent-generator (ClickEventGenerator.java).
 *
 * Event k: page = pages[k mod 6], timestamp = 15·⌊k/6⌋ ms since the epoch; one event per
 * 2 ms of the generator's running time, so every 15 s window holds exactly 1000 events
 * per page. A Kafka producer with idempotence (a simplification: the playground's producer
 * is not idempotent, so a retried batch could be stored twice): batches (sticky
 * partitioner: one random partition per batch) are retried with Kafka's request timeout and
 * back-off until acknowledged — or dropped after delivery.timeout.ms (120 s), as the real
 * producer drops them: an outage of Kafka longer than that loses clicks.
 * A killed generator starts again from k = 0, as the real one would.
 */
#ifndef GENERATOR_H
#define GENERATOR_H

#include "../core/record.h"
#include "../internal.h"

#define GEN_DELAY_US   2000                 /* DELAY = 15000/6/1000 ms */
#define GEN_TICK_US    (50 * SIM_US_PER_MS) /* producer batching (linger) */
#define GEN_BATCH_MAX  4096

typedef struct Generator Generator;

Generator *generator_create(Sim *s);
void generator_destroy(Generator *g);       /* accepts NULL */
void generator_start(Sim *s);
void generator_stop(Sim *s);
void generator_set_paused(Sim *s, bool paused);
void generator_handle(Sim *s, Msg *m);
int64_t generator_produced(const Sim *s);   /* records acknowledged by Kafka */
/* The batches dropped after delivery.timeout.ms (sim_generator_dropped). */
size_t generator_dropped(const Sim *s, SimClickRange *out, size_t max);
/* The k-th event of the generator. */
void generator_event(int64_t k, Record *out);
/* Events first_k … first_k + n − 1 into out (what generator_event gives, without a division
 * per event). */
void generator_events(int64_t first_k, size_t n, Record *out);
/* How many of events first_k … first_k + n − 1 have each page (counts[CLICK_PAGES]). */
void generator_page_counts(int64_t first_k, int64_t n, int64_t *counts);

#endif
