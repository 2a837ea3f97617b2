/*
 * cluster.c — the cluster panel: the playground's containers as pills, and one box per
 * TaskManager instance with its slots and the subtasks placed in them.
 *
 * A TaskManager's state comes from docker-compose (sim_service_info: running, paused,
 * exited) and from the ResourceManager (sim_taskmanager_info: registered or not). A killed
 * TaskManager stays registered until the JobManager's heartbeat times out; the box says so,
 * which is the tutorial's point about failure detection.
 */
#include <stdio.h>
#include <string.h>

#include "gfx.h"

#define VIZ_MAX_SLOTS 32
#define NEW_FOR_US    (15 * SIM_US_PER_S)     /* a TaskManager is "NEW" this long after registering */

/* What one TaskManager box shows. */
typedef struct TmView {
	bool exists;              /* the service instance exists */
	ServiceState state;       /* docker-compose state */
	bool registered;          /* known to the ResourceManager */
	TaskManagerInfo info;     /* when registered */
	const char *word;         /* RUNNING, NEW, STARTING, PAUSED, KILLED, STOPPED */
	VizColor stripe;          /* header colour */
	SimTime since;            /* when the last container event happened, -1 unknown */
} TmView;

/* Task state + 1 of the subtask of vertex v placed in (TaskManager k, slot s); 0 none. */
typedef struct Placement {
	unsigned char state[VIZ_MAX_TASKMANAGERS][VIZ_MAX_SLOTS][VIZ_MAX_VERTICES];
	short subtask[VIZ_MAX_TASKMANAGERS][VIZ_MAX_SLOTS];   /* subtask index + 1 in the slot, -1 mixed */
} Placement;

static void tm_view(const VizCtx *c, int k, TmView *out)
{
	memset(out, 0, sizeof *out);
	out->since = -1;
	char name[32];
	snprintf(name, sizeof name, "taskmanager-%d", k + 1);
	for (int i = 0; i < sim_service_count(c->s); i++) {
		ServiceInfo si;
		if (sim_service_info(c->s, i, &si) && strcmp(si.name, name) == 0) {
			out->exists = true;
			out->state = si.state;
		}
	}
	for (int i = 0; i < sim_taskmanager_count(c->s); i++)
		if (sim_taskmanager_info(c->s, i, &out->info) && strcmp(out->info.name, name) == 0) {
			out->registered = true;
			break;
		}
	const VizContainerEvent *ev = viz_observer_container(c->o, name);
	out->since = ev ? ev->t : -1;
	if (out->state == SERVICE_EXITED) {
		out->word = ev && strcmp(ev->verb, "stopped") == 0 ? "STOPPED" : ev && strcmp(ev->verb, "killed") == 0 ? "KILLED" : "EXITED";
		out->stripe = viz_rgb(VIZ_COLOR_TM_GONE);
	} else if (out->state == SERVICE_PAUSED) {
		out->word = "PAUSED";
		out->stripe = viz_rgb(VIZ_COLOR_TM_PAUSED);
	} else if (!out->registered) {
		out->word = "STARTING";
		out->stripe = viz_rgb(VIZ_COLOR_TM_NEW);
	} else if (c->now - out->info.registered_at < NEW_FOR_US && out->info.registered_at > 0) {
		out->word = "NEW";
		out->stripe = viz_rgb(VIZ_COLOR_TM_NEW);
	} else {
		out->word = "RUNNING";
		out->stripe = viz_rgb(VIZ_COLOR_TM_RUNNING);
	}
}

static void fill_placement(const VizCtx *c, Placement *p)
{
	memset(p->state, 0, sizeof p->state);
	memset(p->subtask, 0, sizeof p->subtask);
	if (!c->has_job)
		return;
	for (int v = 0; v < c->job_info.vertex_count && v < VIZ_MAX_VERTICES; v++) {
		VertexInfo vi;
		if (sim_vertex_info(c->s, c->job, v, &vi) != SIM_OK)
			continue;
		for (int i = 0; i < vi.parallelism; i++) {
			TaskInfo ti;
			if (sim_task_info(c->s, c->job, v, i, &ti) != SIM_OK || ti.taskmanager < 0 || ti.slot < 0 ||
			    ti.taskmanager >= VIZ_MAX_TASKMANAGERS || ti.slot >= VIZ_MAX_SLOTS)
				continue;
			p->state[ti.taskmanager][ti.slot][v] = (unsigned char)(ti.state + 1);
			short *st = &p->subtask[ti.taskmanager][ti.slot];
			*st = *st == 0 ? (short)(i + 1) : *st == i + 1 ? *st : -1;
		}
	}
}

static void draw_slots(const VizCtx *c, int k, const Placement *p)
{
	const VizLayout *l = c->l;
	for (int s = 0; s < l->shape.slots && s < VIZ_MAX_SLOTS; s++) {
		VizRect sl = viz_layout_slot(l, k, s);
		if (viz_rect_empty(sl))
			continue;
		gfx_fill(c, sl, viz_rgb(0xfafafa));
		gfx_outline(c, sl, viz_rgb(VIZ_COLOR_BORDER), 1);
		bool used = false;
		for (int v = 0; v < l->shape.vertices; v++) {
			int st = p->state[k][s][v];
			VizRect sq = viz_layout_slot_task(l, k, s, v);
			if (!st || viz_rect_empty(sq))
				continue;
			gfx_fill(c, sq, viz_task_color((TaskState)(st - 1)));
			used = true;
		}
		if (sl.h >= 30) {
			static const VizStyle small[] = { { VIZ_FONT_SMALL, 1, false } };
			int sub = p->subtask[k][s];
			VizColor dim = viz_rgb(VIZ_COLOR_TEXT_DIM);
			if (used && sub > 0)
				gfx_fitf(c, small, 1, dim, sl.x + 3, sl.y + 1, sl.w - 6, 0,
				         "slot %d · subtasks #%d\nslot %d · #%d\n%d · #%d\n#%d", s + 1, sub, s + 1, sub, s + 1, sub, sub);
			else
				gfx_fitf(c, small, 1, dim, sl.x + 3, sl.y + 1, sl.w - 6, 0, "slot %d%s\nslot %d\n%d", s + 1,
				         used ? "" : " · empty", s + 1, s + 1);
		}
	}
}

/* A box with a cross through it: the process and its slots are gone. */
static void draw_gone(const VizCtx *c, VizRect box, const TmView *tv)
{
	VizRect body = { box.x, box.y + c->l->tm_header_px, box.w, box.h - c->l->tm_header_px };
	gfx_fill(c, body, viz_rgb(VIZ_COLOR_TM_GONE_BODY));
	gfx_line(c, body.x, body.y, body.x + body.w - 1, body.y + body.h - 1, viz_rgb(0xa6a6a6));
	gfx_line(c, body.x + body.w - 1, body.y, body.x, body.y + body.h - 1, viz_rgb(0xa6a6a6));
	if (body.h < 34)
		return;
	static const VizStyle bold[] = { { VIZ_FONT_BOLD, 1, false }, { VIZ_FONT_SMALL_BOLD, 1, false } };
	static const VizStyle small[] = { { VIZ_FONT_SMALL, 1, false } };
	const char *verb = tv->word[0] == 'S' ? "stopped" : "killed";
	VizColor ink = viz_rgb(0x262626);
	if (tv->since >= 0)
		gfx_fitf(c, bold, 2, ink, body.x + 4, body.y + body.h / 2 - 16, body.w - 8, 1, "%s at %.1f s — process gone\n%s at %.1f s",
		         verb, (double)tv->since / 1e6, verb, (double)tv->since / 1e6);
	else
		gfx_fit(c, "process gone", bold, 2, ink, body.x + 4, body.y + body.h / 2 - 16, body.w - 8, 1);
	gfx_fit(c, tv->registered ? "JobManager has not noticed yet (heartbeat timeout)\nnot noticed yet (heartbeat timeout)\n"
	                            "not noticed yet" : "its slots are lost\nslots lost",
	        small, 1, ink, body.x + 4, body.y + body.h / 2 + 2, body.w - 8, 1);
}

static void draw_taskmanager(const VizCtx *c, int k, const Placement *p)
{
	VizRect box = viz_layout_taskmanager(c->l, k), head = viz_layout_taskmanager_header(c->l, k);
	TmView tv;
	tm_view(c, k, &tv);
	if (viz_rect_empty(box) || !tv.exists)
		return;
	gfx_fill(c, box, viz_rgb(0xffffff));
	gfx_fill(c, head, tv.stripe);
	VizColor fg = viz_text_on(tv.stripe);
	int w = gfx_text_right(c, VIZ_FONT_BOLD, fg, head.x + head.w - 6, head.y + 2, tv.word);
	static const VizStyle bold[] = { { VIZ_FONT_BOLD, 1, false }, { VIZ_FONT_SMALL_BOLD, 1, false } };
	char id[16] = "";
	if (tv.registered && strlen(tv.info.resource_id) > 6)
		snprintf(id, sizeof id, " · id …%s", tv.info.resource_id + strlen(tv.info.resource_id) - 6);
	gfx_fitf(c, bold, 2, fg, head.x + 6, head.y + 2, head.w - w - 16, 0, "taskmanager-%d%s\ntaskmanager-%d\nTM %d", k + 1,
	         id, k + 1, k + 1);
	if (tv.state == SERVICE_EXITED)
		draw_gone(c, box, &tv);
	else
		draw_slots(c, k, p);
	bool selected = c->f->controls && c->f->controls->selected_tm == k;
	gfx_outline(c, box, selected ? viz_rgb(0x000000) : viz_rgb(VIZ_COLOR_BORDER), selected ? 2 : 1);
}

static void draw_services(const VizCtx *c)
{
	VizRect row = c->l->services;
	int x = row.x;
	for (int i = 0; i < sim_service_count(c->s); i++) {
		ServiceInfo si;
		if (!sim_service_info(c->s, i, &si) || strcmp(si.service, "taskmanager") == 0)
			continue;
		uint32_t bg = si.state == SERVICE_RUNNING ? 0x52c41a : si.state == SERVICE_PAUSED ? VIZ_COLOR_TM_PAUSED
		                                                                                 : VIZ_COLOR_TM_GONE;
		char label[64];
		if (si.state == SERVICE_RUNNING)
			snprintf(label, sizeof label, "%s", si.name);
		else
			snprintf(label, sizeof label, "%s: %s", si.name, service_state_name(si.state));
		if (x + viz_text_width(c->t, VIZ_FONT_SMALL, label) + 16 > row.x + row.w)
			snprintf(label, sizeof label, "%s", si.name);      /* the colour says the state */
		x += gfx_badge(c, VIZ_FONT_SMALL, x, row.y + 2, viz_rgb(bg), label) + 6;
	}
	int slots = 0, free_slots = 0;
	for (int i = 0; i < sim_taskmanager_count(c->s); i++) {
		TaskManagerInfo tm;
		if (sim_taskmanager_info(c->s, i, &tm)) {
			slots += tm.slots;
			free_slots += tm.free_slots;
		}
	}
	static const VizStyle small[] = { { VIZ_FONT_SMALL, 1, false } };
	char right[400];
	int n = sim_taskmanager_count(c->s);
	snprintf(right, sizeof right, "ResourceManager: %d TaskManager%s, %d slots, %d free\n%d TaskManager%s, %d slots, %d free\n"
	         "%d slots, %d free", n, n == 1 ? "" : "s", slots, free_slots, n, n == 1 ? "" : "s", slots, free_slots, slots,
	         free_slots);
	int room = row.x + row.w - x - 8;
	if (room > 60)
		gfx_fit(c, right, small, 1, viz_rgb(VIZ_COLOR_TEXT), row.x + row.w - room, row.y + 5, room, 2);
}

void viz_draw_cluster(const VizCtx *c)
{
	const VizLayout *l = c->l;
	gfx_panel(c, l->cluster, "Cluster — containers, TaskManagers and their slots\nCluster — containers and TaskManagers",
	          c->f->controls ? "keys act on the outlined TaskManager\nkeys act on the outlined one" : NULL);
	if (!c->s)
		return;
	draw_services(c);
	Placement p;                                      /* 10 KiB */
	fill_placement(c, &p);
	for (int k = 0; k < l->shape.taskmanagers; k++)
		draw_taskmanager(c, k, &p);
	if (l->shape.taskmanagers == 0)
		gfx_text_center(c, VIZ_FONT_BODY, viz_rgb(VIZ_COLOR_TEXT_DIM), l->tm_area, "no TaskManager (scale up with u)");
}
