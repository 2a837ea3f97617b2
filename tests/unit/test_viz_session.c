/* test_viz_session.c — the time machine's memory (session.c) and its animations (apng.c).
 *
 * A session keeps what a re-run cannot know by itself: the keyboard commands (replayed at
 * their instants, in order, once per run), the scrubber's marks (each event marked once,
 * however many times the run is repeated), the scenario's lines (printed once) — and
 * branches: a command given while the future is known drops that future, a refused one
 * leaves it as it was. The animation: frames written as an APNG come back, decoded, with
 * their pixels; so do snapshots' PNG files (pngfile.c), whatever the surface's pixel format.
 * On a real Sim where it matters: a killed TaskManager, replayed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>

#include "apng.h"
#include "pngfile.h"
#include "record.h"
#include "session.h"

#define S(x) ((SimTime)(x) * SIM_US_PER_S)

static SimEvent container(SimTime t, const char *what)
{
	return EV(EV_CONTAINER, .t = t, .component = "compose", .name = "taskmanager-1", .what = what);
}

/* One run of a scripted history: events at 0, 10, 20 (kill), 30, and a line at each. */
static void run_history(VizSession *s, SimTime until)
{
	viz_session_run_started(s);
	static const SimTime times[] = { 0, S(10), S(20), S(30) };
	for (int i = 0; i < 4 && times[i] <= until; i++) {
		SimEvent e = i == 2 ? container(times[i], "killed") : EV(EV_JOB_ALL_RUNNING, .t = times[i], .n = 8);
		viz_session_event(s, &e);
		viz_session_line(s);
		viz_session_reached(s, times[i]);
	}
}

static void test_marks_and_lines_once_per_branch(void **state)
{
	(void)state;
	VizSession s;
	viz_session_init(&s);
	run_history(&s, S(30));
	assert_int_equal(s.nmarks, 1);                          /* the kill; all-running is not a mark */
	assert_int_equal(viz_session_mark(&s, 0)->kind, VIZ_SCRUB_KILL);
	assert_int_equal(viz_session_mark(&s, 0)->t, S(20));
	assert_string_equal(viz_session_mark(&s, 0)->label, "killed taskmanager-1");
	assert_int_equal(s.horizon, S(30));
	/* Going back: the same events again mark nothing new, the lines are not printed twice. */
	viz_session_run_started(&s);
	SimEvent e0 = EV(EV_JOB_ALL_RUNNING, .t = 0, .n = 8);
	viz_session_event(&s, &e0);
	assert_false(viz_session_line(&s));
	assert_int_equal(s.nmarks, 1);
	assert_true(viz_session_future_known(&s, 0));
	assert_int_equal(s.runs, 2);
	/* Marks to step to. */
	assert_int_equal(viz_session_step_mark(&s, S(5), +1), S(20));
	assert_int_equal(viz_session_step_mark(&s, S(20), +1), -1);
	assert_int_equal(viz_session_step_mark(&s, S(25), -1), S(20));
	assert_int_equal(viz_session_step_mark(&s, S(20), -1), -1);
	viz_session_free(&s);
}

static void test_commands_replay_and_branch(void **state)
{
	(void)state;
	VizSession s;
	viz_session_init(&s);
	run_history(&s, S(10));
	/* A command at 10 s with no known future: recorded, no branch. */
	VizBranchPoint bp = viz_session_before_command(&s, S(10));
	assert_false(bp.branched);
	char line[40] = "docker-compose kill taskmanager-2";
	VizStroke k1 = { .t = S(10), .kind = VIZ_STROKE_KEY, .cmd = VIZ_CMD_KILL_TM, .selected_tm = 1, .parallelism = 3,
		         .line = line, .call = "pg.compose.kill(\"taskmanager-2\")" };
	viz_session_after_command(&s, &bp, true, &k1);
	assert_int_equal(s.nstrokes, 1);
	assert_int_equal(s.branch, 0);
	line[0] = '\0';                                         /* the session keeps its own copy */
	assert_string_equal(s.strokes[0].line, "docker-compose kill taskmanager-2");
	assert_int_equal(s.nmarks, 1);                           /* the command's mark, from the stroke */
	assert_string_equal(viz_session_mark(&s, 0)->label, "key: docker-compose kill taskmanager-2");
	run_history(&s, S(30));                                 /* a re-run to 30 s … */
	/* … replays the command at its instant, once, with the keys' state it had. */
	viz_session_run_started(&s);
	assert_int_equal(viz_session_next_stroke_time(&s), S(10));
	assert_null(viz_session_due(&s, S(5)));
	const VizStroke *k = viz_session_due(&s, S(10));
	assert_non_null(k);
	assert_int_equal(k->cmd, VIZ_CMD_KILL_TM);
	assert_int_equal(k->selected_tm, 1);
	assert_int_equal(k->parallelism, 3);
	assert_null(viz_session_due(&s, S(10)));
	assert_int_equal(viz_session_next_stroke_time(&s), INT64_MAX);

	/* Back at 0 s with the future known: a refused command changes nothing … */
	viz_session_free(&s);
	run_history(&s, S(30));
	viz_session_run_started(&s);
	SimEvent e0 = EV(EV_JOB_ALL_RUNNING, .t = 0, .n = 8);
	viz_session_event(&s, &e0);
	bp = viz_session_before_command(&s, 0);
	assert_true(bp.branched);
	VizStroke k2 = { .t = 0, .kind = VIZ_STROKE_KEY, .cmd = VIZ_CMD_START_TM, .line = "docker-compose up -d taskmanager-1",
		         .call = "pg.compose.start(\"taskmanager-1\")" };
	viz_session_after_command(&s, &bp, false, &k2);
	assert_int_equal(s.branch, 0);
	assert_int_equal(s.nmarks, 1);
	assert_int_equal(s.horizon, S(30));
	/* … one that reaches the Sim starts branch 1: the old future's marks are gone, a branch
	 * mark stands at 0 s, and the lines from here on are new. */
	bp = viz_session_before_command(&s, 0);
	SimEvent cmd = EV(EV_COMMAND, .t = 0, .component = "command", .text = "docker-compose up -d taskmanager-1");
	viz_session_event(&s, &cmd);                            /* the command's own event: no mark of its own */
	viz_session_after_command(&s, &bp, true, &k2);
	assert_int_equal(s.branch, 1);
	assert_int_equal(s.branch_t, 0);
	assert_int_equal(s.horizon, 0);
	assert_int_equal(s.nmarks, 2);
	assert_int_equal(viz_session_mark(&s, 0)->kind, VIZ_SCRUB_BRANCH);   /* before the command's mark */
	assert_int_equal(viz_session_mark(&s, 1)->kind, VIZ_SCRUB_COMMAND);
	assert_true(viz_session_line(&s));
	assert_false(viz_session_future_known(&s, 0));
	viz_session_free(&s);
}

/* ---------------------------------------------------------------- APNG */

static SDL_Surface *solid(uint32_t argb)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 64, 40, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_FillRect(s, NULL, argb);
	return s;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Frame i of an APNG, rebuilt as a PNG of its own and decoded: its first pixel. */
static uint32_t frame_pixel(const unsigned char *f, size_t n, int want)
{
	unsigned char *png = NULL;
	size_t len = 0, ihdr_at = 0;
	int frame = -1;
	FILE *m = open_memstream((char **)&png, &len);
	fwrite(f, 1, 8, m);
	for (size_t at = 8; at + 12 <= n;) {
		uint32_t cl = be32(f + at);
		const unsigned char *type = f + at + 4, *d = f + at + 8;
		if (memcmp(type, "IHDR", 4) == 0)
			ihdr_at = at;
		if (memcmp(type, "fcTL", 4) == 0)
			frame++;
		if (frame == want && (memcmp(type, "IDAT", 4) == 0 || memcmp(type, "fdAT", 4) == 0)) {
			size_t off = type[0] == 'f' ? 4 : 0;
			unsigned char h[8] = { 0 };
			h[0] = (unsigned char)((cl - off) >> 24), h[1] = (unsigned char)((cl - off) >> 16);
			h[2] = (unsigned char)((cl - off) >> 8), h[3] = (unsigned char)(cl - off);
			memcpy(h + 4, "IDAT", 4);
			if (ftell(m) == 8)
				fwrite(f + ihdr_at, 1, 25, m);
			unsigned char crc[4];
			uint32_t c = viz_png_crc(viz_png_crc(0, h + 4, 4), d + off, cl - off);
			crc[0] = (unsigned char)(c >> 24), crc[1] = (unsigned char)(c >> 16), crc[2] = (unsigned char)(c >> 8);
			crc[3] = (unsigned char)c;
			fwrite(h, 1, 8, m);
			fwrite(d + off, 1, cl - off, m);
			fwrite(crc, 1, 4, m);
		}
		at += 12 + cl;
	}
	static const unsigned char iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };
	fwrite(iend, 1, 12, m);
	fclose(m);
	SDL_Surface *s = IMG_Load_RW(SDL_RWFromConstMem(png, (int)len), 1);
	assert_non_null(s);
	SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
	uint32_t px = *(uint32_t *)c->pixels & 0xffffff;
	SDL_FreeSurface(c);
	SDL_FreeSurface(s);
	free(png);
	return px;
}

static void test_apng_frames_come_back(void **state)
{
	(void)state;
	SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
	assert_int_equal(SDL_Init(SDL_INIT_VIDEO), 0);
	IMG_Init(IMG_INIT_PNG);
	static const uint32_t colors[] = { 0xff52c41a, 0xff722ed1, 0xfff5222d };
	VizAnim *a = viz_anim_create();
	for (int i = 0; i < 3; i++) {
		SDL_Surface *s = solid(colors[i]);
		assert_true(viz_anim_add(a, s));
		SDL_FreeSurface(s);
	}
	SDL_Surface *other = SDL_CreateRGBSurfaceWithFormat(0, 32, 40, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_false(viz_anim_add(a, other));                   /* every frame the size of the first */
	SDL_FreeSurface(other);
	assert_int_equal(viz_anim_frames(a), 3);
	char path[] = "/tmp/viz-apng-XXXXXX", err[200];
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_true(viz_anim_write(a, path, 4, err, sizeof err));
	FILE *f = fopen(path, "rb");
	static unsigned char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_memory_equal(buf + 12, "IHDR", 4);
	assert_memory_equal(buf + 37, "acTL", 4);
	assert_int_equal(be32(buf + 41), 3);                     /* frames */
	for (int i = 0; i < 3; i++)
		assert_int_equal(frame_pixel(buf, n, i), colors[i] & 0xffffff);
	assert_false(viz_anim_write(a, "/nonexistent-dir/x.png", 4, err, sizeof err));
	assert_non_null(strstr(err, "/nonexistent-dir/x.png"));
	VizAnim *none = viz_anim_create();
	assert_false(viz_anim_write(none, path, 4, err, sizeof err));
	viz_anim_destroy(none);
	viz_anim_destroy(a);
	remove(path);
	/* The CRC of the PNG specification's own example: "IEND" with no data. */
	assert_int_equal(viz_png_crc(0, (const unsigned char *)"IEND", 4), 0xae426082);
	IMG_Quit();
	SDL_Quit();
}

/* Every pixel of a surface in this format (a pattern, alpha included) comes back from the
 * PNG file viz_png_encode makes (8-bit RGBA, as IMG_SavePNG wrote), and from viz_png_save's. */
static void png_round_trip(Uint32 format, const char *path)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 37, 23, 32, format);
	assert_non_null(s);
	for (int y = 0; y < s->h; y++)
		for (int x = 0; x < s->w; x++) {
			Uint8 a = (x + y) % 5 ? 255 : (Uint8)(40 * y);
			((Uint32 *)((char *)s->pixels + y * s->pitch))[x] =
				SDL_MapRGBA(s->format, (Uint8)(7 * x), (Uint8)(11 * y), (Uint8)(x * y), a);
		}
	void *png = NULL;
	size_t len = 0;
	assert_true(viz_png_encode(s, &png, &len));
	assert_true(len > 33);
	const unsigned char *h = png;
	assert_int_equal(h[24], 8);                              /* bit depth */
	assert_int_equal(h[25], 6);                              /* colour type: RGBA */
	assert_true(viz_png_save(s, path));
	SDL_Surface *back[2] = { IMG_Load_RW(SDL_RWFromConstMem(png, (int)len), 1), IMG_Load(path) };
	for (int k = 0; k < 2; k++) {
		assert_non_null(back[k]);
		SDL_Surface *c = SDL_ConvertSurfaceFormat(back[k], format, 0);
		assert_non_null(c);
		assert_int_equal(c->w, s->w);
		assert_int_equal(c->h, s->h);
		for (int y = 0; y < s->h; y++)
			assert_memory_equal((char *)c->pixels + y * c->pitch, (char *)s->pixels + y * s->pitch, 4 * s->w);
		SDL_FreeSurface(c);
		SDL_FreeSurface(back[k]);
	}
	free(png);
	SDL_FreeSurface(s);
}

static void test_png_pixels_come_back(void **state)
{
	(void)state;
	assert_int_equal(SDL_Init(0), 0);
	IMG_Init(IMG_INIT_PNG);
	char path[] = "/tmp/viz-png-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	png_round_trip(SDL_PIXELFORMAT_ARGB8888, path);          /* what the view draws: as it is */
	png_round_trip(SDL_PIXELFORMAT_RGBA32, path);            /* libpng's own order */
	png_round_trip(SDL_PIXELFORMAT_RGBA8888, path);          /* converted first */
	remove(path);
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 8, 8, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_ClearError();
	assert_false(viz_png_save(s, "/nonexistent-dir/x.png"));
	assert_true(SDL_GetError()[0] != '\0');                 /* the snapshot's message says why */
	SDL_FreeSurface(s);
	IMG_Quit();
	SDL_Quit();
}

/* ---------------------------------------------------------------- --record's text */

/* Strings and times as the recording writes them read back exactly; the scenario's text goes
 * into a long bracket no line of it can close; a view closed early ends with a timer. */
static void test_recording_text(void **state)
{
	(void)state;
	char q[64], t[32];
	static const char raw[] = "a\"b\\c\n\001" "9\0x";
	assert_int_equal(viz_lua_quote(raw, sizeof raw - 1, q, sizeof q), strlen("\"a\\\"b\\\\c\\n\\0019\\000x\""));
	assert_string_equal(q, "\"a\\\"b\\\\c\\n\\0019\\000x\"");
	assert_int_equal(viz_lua_quote("abcdef", 6, q, 4), 8);   /* cut short, NUL-terminated, the length it needs */
	assert_string_equal(q, "\"ab");
	viz_record_time(12345678, t, sizeof t);
	assert_string_equal(t, "12.345678s");
	viz_record_time(0, t, sizeof t);
	assert_string_equal(t, "0.000000s");

	static const char src[] = "local s = [[x]] .. [==[y]==]\n";
	VizStroke k = { .t = 30 * SIM_US_PER_S + 1, .kind = VIZ_STROKE_KEY, .cmd = VIZ_CMD_KILL_TM,
		        .line = "docker-compose kill taskmanager-1", .call = "pg.compose.kill(\"taskmanager-1\")" };
	VizRecording r = { .file = "s.lua", .source = src, .source_len = sizeof src - 1, .strokes = &k, .nstrokes = 1,
		           .end = VIZ_RECORD_CLOSED, .final_t = 40 * SIM_US_PER_S };
	size_t n;
	char *text = viz_record_text(&r, &n);
	assert_non_null(text);
	assert_int_equal(strlen(text), n);
	assert_non_null(strstr(text, "\npg.time.at(\"30.000001s\", function() pg.compose.kill(\"taskmanager-1\") end)"));
	assert_non_null(strstr(text, "load([=[\nlocal s = [[x]] .. [==[y]==]\n]=], \"@s.lua\", \"t\")"));
	assert_non_null(strstr(text, "pg.time.at(\"40.000000s\", function() error("));
	assert_non_null(strstr(text, "\nscenario()\n"));
	assert_null(strstr(text, "pg.up = function"));       /* no --seed: pg.up as the scenario calls it */
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks_and_lines_once_per_branch),
		cmocka_unit_test(test_commands_replay_and_branch),
		cmocka_unit_test(test_apng_frames_come_back),
		cmocka_unit_test(test_png_pixels_come_back),
		cmocka_unit_test(test_recording_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
