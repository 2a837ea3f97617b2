/*
 * palette.h — the view's colours: Flink's Web UI colours for task, job and checkpoint
 * states (flink-runtime-web config.service.ts), the job-graph node tint, and the few
 * colours of the view's own chrome. Display-free, so tests can name the colour a pixel
 * must have.
 */
#ifndef VIZ_PALETTE_H
#define VIZ_PALETTE_H

#include <stdint.h>

#include "sim.h"

typedef struct VizColor {
	uint8_t r, g, b, a;       /* 0..255 each; a = 255 opaque */
} VizColor;

/* 0xRRGGBB, opaque. */
VizColor viz_rgb(uint32_t hex);
VizColor viz_rgba(uint32_t hex, uint8_t alpha);
uint32_t viz_hex(VizColor c);
/* Linear mix: t = 0 gives a, t = 1 gives b (t is clamped). */
VizColor viz_mix(VizColor a, VizColor b, double t);
/* Black or white, whichever reads better on bg. */
VizColor viz_text_on(VizColor bg);

/* Flink: ExecutionState colours (SCHEDULED #722ed1, RUNNING #52c41a, …). */
VizColor viz_task_color(TaskState st);
/* Flink: JobStatus colours (RESTARTING #13c2c2, …). */
VizColor viz_job_color(JobState st);
/* Flink: checkpoint IN_PROGRESS #faad14, COMPLETED #1890ff; failed #f5222d. */
VizColor viz_checkpoint_color(CheckpointStatus st);
/* Flink: a job-graph node is #5db1ff, tinted toward red by busy time and toward
 * dark grey by back-pressured time (ratios 0..1). */
VizColor viz_vertex_tint(double busy_ratio, double backpressured_ratio);
/* Backpressure level of a ratio (Flink: ≤ 0.10 ok, ≤ 0.5 low, else high). */
const char *viz_backpressure_level(double ratio);
VizColor viz_backpressure_color(double ratio);

/* Output cells: a window count equal to the expected count (1000) is green, anything else
 * red; a cell not written yet is light grey; a cell written twice or more gets a marker. */
#define VIZ_COLOR_COUNT_OK      0x52c41a
#define VIZ_COLOR_COUNT_WRONG   0xf5222d
#define VIZ_COLOR_COUNT_PENDING 0xf0f0f0
#define VIZ_COLOR_DUPLICATE     0xfa8c16

/* TaskManager status stripes. */
#define VIZ_COLOR_TM_RUNNING    0x1890ff   /* registered and running */
#define VIZ_COLOR_TM_NEW        0x13c2c2   /* started, registering, or registered < 15 s ago */
#define VIZ_COLOR_TM_PAUSED     0xfaad14   /* docker-compose pause */
#define VIZ_COLOR_TM_GONE       0x434343   /* exited: killed or stopped */
#define VIZ_COLOR_TM_GONE_BODY  0xd9d9d9   /* the box of a TaskManager that is gone */

/* Chrome. */
#define VIZ_COLOR_BACKGROUND    0xf0f2f5
#define VIZ_COLOR_PANEL         0xffffff
#define VIZ_COLOR_BORDER        0xd9d9d9
#define VIZ_COLOR_TEXT          0x262626
#define VIZ_COLOR_TEXT_DIM      0x8c8c8c
#define VIZ_COLOR_TOP_BAR       0x001529   /* Flink's dark header */
#define VIZ_COLOR_NODE          0x5db1ff
#define VIZ_COLOR_NODE_BORDER   0x1890ff
#define VIZ_COLOR_LAG           0xfa8c16
#define VIZ_COLOR_COMMITTED     0x1890ff
#define VIZ_COLOR_RESTORE       0x52c41a
#define VIZ_COLOR_RESTART       0xf5222d
#define VIZ_COLOR_SAVEPOINT     0x722ed1
#define VIZ_COLOR_NET_FAULT     0xa8071a   /* a network rule, skewed clock or slow CPU set (the scrubber's tick) */
#define VIZ_COLOR_NET_HEAL      0x7cb305   /* … and taken back */

#endif
