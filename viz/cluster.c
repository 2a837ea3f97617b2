/*
 * cluster.c — the cluster panel: the playground's containers as pills, and one box per
 * TaskManager instance with its slots and the subtasks placed in them.
 *
 * A TaskManager's state comes from docker-compose (sim_service_info: running, paused,
 * exited) and from the ResourceManager (sim_taskmanager_info: registered or not). A killed
 * TaskManager stays registered until the JobManager's heartbeat times out; the box says so,
 * which is the tutorial's point about failure detection.
 *
 * The faults beyond docker-compose's (netview.h): a line per pair of containers with a
 * network rule, through a band under the pills — red and solid for a cut, orange and dashed
 * for a delay or loss, an arrow at the receiving end when the rule is one way — labelled
 * "cut", "+200ms ±50ms", "loss 10%"; a skewed clock or a CPU factor as a badge on the
 * container's pill or TaskManager box ("clock +30s · cpu ×0.25").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gfx.h"
#include "netview.h"

#define VIZ_MAX_SLOTS 32
#define NEW_FOR_US    (15 * SIM_US_PER_S)     /* a TaskManager is "NEW" this long after registering */
#define VIZ_MAX_PILLS 16
#define NET_CUT_COLOR  0xf5222d                /* a cut link: the Web UI's failure red */
#define NET_SLOW_COLOR 0xd46b08                /* a delayed or lossy link */
#define MACHINE_COLOR  0x531dab                /* a skewed clock, a slow CPU */
#define NET_LANES      3                       /* heights in the band for the lines' horizontal parts */

/* Where the pills of the services other than the TaskManagers were drawn (the lines of the
 * network rules start there). */
typedef struct Pills {
	int n;
	char name[VIZ_MAX_PILLS][32];
	VizRect rect[VIZ_MAX_PILLS];
} Pills;

/* What one TaskManager box shows. */
typedef struct TmView {
	bool exists;              /* the service instance exists */
	ServiceState state;       /* docker-compose state */
	bool registered;          /* known to the ResourceManager */
	TaskManagerInfo info;     /* when registered */
	const char *word;         /* RUNNING, NEW, STARTING, PAUSED, KILLED, STOPPED */
	VizColor stripe;          /* header colour */
	SimTime since;            /* when the last container event happened, -1 unknown */
	char machine[200];        /* its clock or CPU when not plain ("clock +30s · cpu ×0.25\n+30s · ×0.25"), "" */
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
			viz_machine_text(&si, out->machine, sizeof out->machine);
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

/* The machine's clock or CPU as a badge left of the state word, in the first of its texts
 * that leaves the name room; returns the width it took (0: plain machine, or no room). */
static int machine_badge(const VizCtx *c, VizRect head, int right_w, const char *alts, int k)
{
	if (!alts[0])
		return 0;
	char alt[200], name[24];
	snprintf(name, sizeof name, "taskmanager-%d", k + 1);
	int names[2] = { viz_text_width(c->t, VIZ_FONT_BOLD, name), viz_text_width(c->t, VIZ_FONT_SMALL_BOLD, "TM 10") };
	for (const char *p = alts; *p;) {            /* the words "clock", "cpu" before the whole name */
		size_t n = strcspn(p, "\n");
		snprintf(alt, sizeof alt, "%.*s", (int)n, p);
		int bw = viz_text_width(c->t, VIZ_FONT_SMALL, alt) + 10;
		for (int want = 0; want < 2; want++)
			if (head.w - right_w - bw - 16 >= names[want]) {
				int x = head.x + head.w - 6 - right_w - 6 - bw, h = viz_text_height(c->t, VIZ_FONT_SMALL) + 2;
				VizRect r = { x, head.y + (head.h - h) / 2, bw, h };
				gfx_fill(c, r, viz_rgb(MACHINE_COLOR));
				viz_text_draw(c->t, VIZ_FONT_SMALL, viz_rgb(0xffffff), x + 5, r.y + 1, 0, alt);
				return bw + 6;
			}
		p += n + (p[n] == '\n');
	}
	return 0;
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
	w += machine_badge(c, head, w, tv.machine, k);
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

/* A container's clock or CPU next to its pill, in the first of its texts that fits; the
 * width taken. */
static int machine_pill(const VizCtx *c, int x, int y, int room, const char *alts)
{
	char alt[200];
	for (const char *p = alts; *p;) {
		size_t n = strcspn(p, "\n");
		snprintf(alt, sizeof alt, "%.*s", (int)n, p);
		if (viz_text_width(c->t, VIZ_FONT_SMALL, alt) + 16 <= room)
			return gfx_badge(c, VIZ_FONT_SMALL, x, y, viz_rgb(MACHINE_COLOR), alt);
		p += n + (p[n] == '\n');
	}
	return 0;
}

static void draw_services(const VizCtx *c, Pills *pills)
{
	VizRect row = c->l->services;
	int x = row.x;
	pills->n = 0;
	for (int i = 0; i < sim_service_count(c->s); i++) {
		ServiceInfo si;
		if (!sim_service_info(c->s, i, &si) || strcmp(si.service, "taskmanager") == 0)
			continue;
		uint32_t bg = si.state == SERVICE_RUNNING ? 0x52c41a : si.state == SERVICE_PAUSED ? VIZ_COLOR_TM_PAUSED
		                                                                                 : VIZ_COLOR_TM_GONE;
		char label[64], machine[200];
		if (si.state == SERVICE_RUNNING)
			snprintf(label, sizeof label, "%s", si.name);
		else
			snprintf(label, sizeof label, "%s: %s", si.name, service_state_name(si.state));
		if (x + viz_text_width(c->t, VIZ_FONT_SMALL, label) + 16 > row.x + row.w)
			snprintf(label, sizeof label, "%s", si.name);      /* the colour says the state */
		int w = gfx_badge(c, VIZ_FONT_SMALL, x, row.y + 2, viz_rgb(bg), label);
		if (pills->n < VIZ_MAX_PILLS) {
			snprintf(pills->name[pills->n], sizeof pills->name[0], "%s", si.name);
			pills->rect[pills->n++] = (VizRect){ x, row.y + 2, w, viz_text_height(c->t, VIZ_FONT_SMALL) + 6 };
		}
		x += w;
		if (viz_machine_text(&si, machine, sizeof machine))  /* its clock, joined to the pill */
			x += machine_pill(c, x, row.y + 2, row.x + row.w - x, machine);
		x += 6;
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

/* ---------------------------------------------------------------- network rules */

/* Where a container's line ends: under its pill, or on top of its TaskManager box (a box in
 * a lower row: beside it, the line coming down the gap left of it). */
typedef struct Anchor {
	int x, y;                 /* the end on the container */
	int bend_y;               /* a box in a lower row: the line turns into the box here, else -1 */
} Anchor;

static bool anchor_of(const VizCtx *c, const Pills *pills, const char *name, Anchor *out)
{
	int k = viz_taskmanager_index(name);
	if (k >= 0) {
		VizRect h = viz_layout_taskmanager_header(c->l, k);
		if (viz_rect_empty(h))
			return false;
		bool first_row = h.y <= c->l->tm_area.y;
		*out = first_row ? (Anchor){ h.x + h.w / 2, h.y, -1 } : (Anchor){ h.x, h.y + h.h / 2, h.y + h.h / 2 };
		return true;
	}
	for (int i = 0; i < pills->n; i++)
		if (strcmp(pills->name[i], name) == 0) {
			VizRect r = pills->rect[i];
			*out = (Anchor){ r.x + r.w / 2, r.y + r.h, -1 };
			return true;
		}
	return false;
}

/* An axis-parallel segment, 2 px wide; dashed for a delay or loss. */
static void segment(const VizCtx *c, int x1, int y1, int x2, int y2, VizColor col, bool dashed)
{
	int len = abs(x2 - x1) + abs(y2 - y1), dx = (x2 > x1) - (x2 < x1), dy = (y2 > y1) - (y2 < y1);
	for (int i = 0; i <= len; i++) {
		if (dashed && i % 8 >= 5)
			continue;
		int x = x1 + dx * i, y = y1 + dy * i;
		gfx_fill(c, (VizRect){ x - (dy != 0), y - (dx != 0), dy != 0 ? 2 : 1, dx != 0 ? 2 : 1 }, col);
	}
}

/* An arrow head at (x, y) pointing down (dir 1) or up (-1): the rule's receiving end. */
static void head(const VizCtx *c, int x, int y, int dir, VizColor col)
{
	for (int i = 0; i < 5; i++)
		gfx_line(c, x - i, y - dir * i, x + i, y - dir * i, col);
}

/* One end's leg: from the lane down (or up) to the container; the head when it receives. */
static void leg(const VizCtx *c, const Anchor *a, int lane, VizColor col, bool dashed, bool receives)
{
	if (a->bend_y >= 0) {                        /* a lower row: down the gap, then into the box */
		segment(c, a->x - 3, lane, a->x - 3, a->bend_y, col, dashed);
		if (receives)
			head(c, a->x - 3, a->bend_y, 1, col);
		return;
	}
	segment(c, a->x, lane, a->x, a->y, col, dashed);
	if (receives)
		head(c, a->x, a->y + (a->y < lane ? 1 : -1), a->y < lane ? -1 : 1, col);
}

/* The label on the line's middle, in white with the line's colour around it, moved along
 * the band past the labels already drawn. */
static void net_label(const VizCtx *c, const VizNetPair *p, int mid, int lane, VizColor col, VizRect *placed, int *nplaced)
{
	static const VizStyle small[] = { { VIZ_FONT_SMALL, 1, false } };
	VizRect band = c->l->net_band;
	VizFit f;
	viz_text_fit(c->t, p->label, small, 1, band.w - 8, &f);
	int w = f.width + 8, h = viz_text_height(c->t, VIZ_FONT_SMALL) + 2;
	VizRect r = { mid - w / 2, lane - h / 2, w, h };
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < *nplaced; i++)
			if (viz_rect_overlap(r, placed[i]))
				r.x = placed[i].x + placed[i].w + 4;
	if (r.x + r.w > band.x + band.w)
		r.x = band.x + band.w - r.w;
	if (r.x < band.x)
		r.x = band.x;
	gfx_fill(c, r, viz_rgb(0xffffff));
	gfx_outline(c, r, col, 1);
	viz_text_draw_fit(c->t, &f, col, r.x + 4, r.y + 1, w - 8, 0);
	if (*nplaced < VIZ_MAX_NET_PAIRS)
		placed[(*nplaced)++] = r;
}

/* The lane of line n's horizontal part [lo, hi]: the first that none of the lines before it
 * (spans, lanes) uses where this one runs. */
static int pick_lane(int lo, int hi, int spans[][2], const int *lanes, int n)
{
	for (int j = 0; j < NET_LANES; j++) {
		bool free_lane = true;
		for (int i = 0; i < n && free_lane; i++)
			if (lanes[i] == j && !(hi + 6 < spans[i][0] || lo - 6 > spans[i][1]))
				free_lane = false;
		if (free_lane)
			return j;
	}
	return n % NET_LANES;
}

static void draw_net(const VizCtx *c, const Pills *pills)
{
	VizRect band = c->l->net_band;
	VizNetPair pairs[VIZ_MAX_NET_PAIRS];
	int n = viz_net_pairs(c->s, pairs, VIZ_MAX_NET_PAIRS), nplaced = 0;
	VizRect placed[VIZ_MAX_NET_PAIRS];
	int spans[VIZ_MAX_NET_PAIRS][2], lane_of[VIZ_MAX_NET_PAIRS], mid[VIZ_MAX_NET_PAIRS];
	bool shown[VIZ_MAX_NET_PAIRS] = { false };
	if (viz_rect_empty(band))
		return;
	for (int i = 0; i < n; i++) {                /* the lines first: no line crosses a label */
		const VizNetPair *p = &pairs[i];
		Anchor a, b;
		lane_of[i] = -1;
		if (!anchor_of(c, pills, p->a, &a) || !anchor_of(c, pills, p->b, &b))
			continue;                            /* a container the view does not draw */
		VizColor col = viz_rgb(p->cut ? NET_CUT_COLOR : NET_SLOW_COLOR);
		bool dashed = !p->cut, both = p->ab.set && p->ba.set;
		int xa = a.bend_y >= 0 ? a.x - 3 : a.x, xb = b.bend_y >= 0 ? b.x - 3 : b.x;
		int lo = xa < xb ? xa : xb, hi = xa < xb ? xb : xa;
		int j = pick_lane(lo, hi, spans, lane_of, i);
		spans[i][0] = lo;
		spans[i][1] = hi;
		lane_of[i] = j;
		int lane = band.y + 3 + j * (band.h - 6) / (NET_LANES - 1);
		leg(c, &a, lane, col, dashed, p->ba.set && !both);
		leg(c, &b, lane, col, dashed, p->ab.set && !both);
		segment(c, lo, lane, hi, lane, col, dashed);
		mid[i] = (xa + xb) / 2;
		shown[i] = true;
	}
	for (int i = 0; i < n; i++)
		if (shown[i])
			net_label(c, &pairs[i], mid[i], band.y + band.h / 2, viz_rgb(pairs[i].cut ? NET_CUT_COLOR : NET_SLOW_COLOR),
			          placed, &nplaced);
}

void viz_draw_cluster(const VizCtx *c)
{
	const VizLayout *l = c->l;
	gfx_panel(c, l->cluster, "Cluster — containers, TaskManagers and their slots\nCluster — containers and TaskManagers",
	          c->f->controls ? "keys act on the outlined TaskManager\nkeys act on the outlined one" : NULL);
	if (!c->s)
		return;
	Pills pills;
	draw_services(c, &pills);
	Placement p;                                      /* 10 KiB */
	fill_placement(c, &p);
	for (int k = 0; k < l->shape.taskmanagers; k++)
		draw_taskmanager(c, k, &p);
	draw_net(c, &pills);
	if (l->shape.taskmanagers == 0)
		gfx_text_center(c, VIZ_FONT_BODY, viz_rgb(VIZ_COLOR_TEXT_DIM), l->tm_area, "no TaskManager (scale up with u)");
}
