/*
 * palette.c — colours (see palette.h). Values from Flink's Web UI
 * (flink-runtime-web/web-dashboard/src/app/services/config.service.ts).
 */
#include "palette.h"

VizColor viz_rgba(uint32_t hex, uint8_t alpha)
{
	VizColor c = { (uint8_t)(hex >> 16), (uint8_t)(hex >> 8), (uint8_t)hex, alpha };
	return c;
}

VizColor viz_rgb(uint32_t hex)
{
	return viz_rgba(hex, 255);
}

uint32_t viz_hex(VizColor c)
{
	return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

static uint8_t lerp8(uint8_t a, uint8_t b, double t)
{
	return (uint8_t)(a + (b - a) * t + 0.5);
}

VizColor viz_mix(VizColor a, VizColor b, double t)
{
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	VizColor c = { lerp8(a.r, b.r, t), lerp8(a.g, b.g, t), lerp8(a.b, b.b, t), lerp8(a.a, b.a, t) };
	return c;
}

VizColor viz_text_on(VizColor bg)
{
	/* Perceived luminance (ITU-R BT.601 weights). */
	double y = 0.299 * bg.r + 0.587 * bg.g + 0.114 * bg.b;
	return viz_rgb(y > 150 ? 0x262626 : 0xffffff);
}

VizColor viz_task_color(TaskState st)
{
	static const uint32_t colors[TASK_STATE_COUNT] = {
		[TASK_CREATED] = 0x2f54eb, [TASK_SCHEDULED] = 0x722ed1, [TASK_DEPLOYING] = 0x13c2c2,
		[TASK_INITIALIZING] = 0x738df8, [TASK_RUNNING] = 0x52c41a, [TASK_FINISHED] = 0x1890ff,
		[TASK_CANCELING] = 0xfaad14, [TASK_CANCELED] = 0xfa8c16, [TASK_FAILED] = 0xf5222d,
		[TASK_RECONCILING] = 0xeb2f96,
	};
	return viz_rgb((unsigned)st < TASK_STATE_COUNT ? colors[st] : 0x8c8c8c);
}

VizColor viz_job_color(JobState st)
{
	static const uint32_t colors[JOB_STATE_COUNT] = {
		[JOB_INITIALIZING] = 0x738df8, [JOB_CREATED] = 0x2f54eb, [JOB_RUNNING] = 0x52c41a,
		[JOB_FAILING] = 0xfaad14, [JOB_FAILED] = 0xf5222d, [JOB_CANCELLING] = 0xfaad14,
		[JOB_CANCELED] = 0xfa8c16, [JOB_FINISHED] = 0x1890ff, [JOB_RESTARTING] = 0x13c2c2,
		[JOB_SUSPENDED] = 0x8c8c8c, [JOB_RECONCILING] = 0xeb2f96,
	};
	return viz_rgb((unsigned)st < JOB_STATE_COUNT ? colors[st] : 0x8c8c8c);
}

VizColor viz_checkpoint_color(CheckpointStatus st)
{
	return viz_rgb(st == CP_COMPLETED ? 0x1890ff : st == CP_IN_PROGRESS ? 0xfaad14 : 0xf5222d);
}

VizColor viz_vertex_tint(double busy, double backpressured)
{
	VizColor c = viz_mix(viz_rgb(VIZ_COLOR_NODE), viz_rgb(0xf5222d), busy);
	return viz_mix(c, viz_rgb(0x3a3a3a), backpressured);
}

const char *viz_backpressure_level(double ratio)
{
	return ratio <= 0.10 ? "ok" : ratio <= 0.5 ? "low" : "high";
}

VizColor viz_backpressure_color(double ratio)
{
	return viz_rgb(ratio <= 0.10 ? 0x52c41a : ratio <= 0.5 ? 0xfaad14 : 0xf5222d);
}
