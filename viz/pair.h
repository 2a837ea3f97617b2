/*
 * pair.h — two runs side by side (`playground viz A.lua --compare B.lua`, or one scenario
 * at two seeds with --seeds A,B): the second run is kept at the first one's simulated
 * instant, drawn beside it, and the first event where the two part is marked — found by
 * the comparison of `playground diff` (lua/compare.c), fed by both runs' events.
 *
 * The second scenario runs in a thread of its own, handed the baton: it runs only while the
 * first waits for it (viz_pair_follow), so there is never more than one run going, and each
 * Sim sees exactly the calls it would alone — the trace hashes are those of `playground run`.
 * Going back restarts it with the first; keyboard commands act on both, at the same instant.
 */
#ifndef VIZ_PAIR_H
#define VIZ_PAIR_H

#include <stdbool.h>
#include <stddef.h>

#include "vizint.h"

/* From z->a (--compare, --seeds). NULL with the reason in err. */
VizPair *viz_pair_create(const Viz *z, char *err, size_t len);
void viz_pair_destroy(VizPair *p);             /* accepts NULL: ends the second run */
/* The first run starts (again) from its beginning: so does the second. */
void viz_pair_start(VizPair *p);
/* Brings the second run to the first one's instant, and compares what both did before it. */
void viz_pair_follow(VizPair *p, const Sim *first);
/* An event of the first run (for the comparison). */
void viz_pair_event(VizPair *p, const SimEvent *e, const char *text);
/* A keyboard command given to the first run now: given to the second too. */
void viz_pair_command(VizPair *p, const VizStroke *k);
/* Both runs, side by side, with one scrubber under them. */
void viz_pair_draw(VizPair *p, Viz *z, const VizFrame *f);
/* At the end: where the runs part and the side-by-side summary of `playground diff`.
 * False when the second scenario did not load (its message printed). */
bool viz_pair_report(VizPair *p, const Sim *first);

#endif
