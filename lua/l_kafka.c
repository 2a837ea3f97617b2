/*
 * l_kafka.c — pg.kafka: reading the playground's topics as a console consumer would.
 *
 * Records come from sim_kafka_read in chunks, ordered by partition then offset; each keeps
 * the value exactly as the playground writes it (sim_kafka_value_json) plus decoded fields.
 */
#include <string.h>

#include <lauxlib.h>

#include "lpg.h"
#include "lutil.h"

#define READ_CHUNK 256            /* records copied per sim_kafka_read call */

static const char *const isolations[] = { "read_uncommitted", "read_committed", NULL };

static int check_topic(lua_State *L, int arg, const Sim *s, const char *fname, const char **topic)
{
	*topic = lu_check_string(L, arg, fname, "a topic name");
	int parts = sim_kafka_partitions(s, *topic);
	if (parts < 0)
		luaL_error(L, "%s: unknown topic '%s' (the playground's topics are input and output)", fname, *topic);
	return parts;
}

static void set_int(lua_State *L, const char *key, int64_t v)
{
	lua_pushinteger(L, (lua_Integer)v);
	lua_setfield(L, -2, key);
}

static void push_record(lua_State *L, const char *topic, const KafkaRecordView *r)
{
	char json[512];
	size_t n = sim_kafka_value_json(topic, r, json, sizeof json);
	bool output = strcmp(topic, "output") == 0, input = strcmp(topic, "input") == 0;
	lua_createtable(L, 0, output ? 7 : 5);
	set_int(L, "partition", r->partition);
	set_int(L, "offset", r->offset);
	lua_pushlstring(L, json, n < sizeof json ? n : sizeof json - 1);
	lua_setfield(L, -2, "value");
	lua_pushstring(L, sim_page_name(r->page));
	lua_setfield(L, -2, "page");
	if (output) {
		set_int(L, "window_start", r->ts_ms);
		set_int(L, "window_end", r->end_ms);
		set_int(L, "count", r->count);
	} else if (input) {
		set_int(L, "timestamp", r->ts_ms);
	}
}

/* Where consume starts in partition p: the option `from` is "earliest", "latest" or a table
 * partition (0-based) → offset / "earliest" / "latest", like kafka-console-consumer's
 * --from-beginning, default (latest) and --partition P --offset N. Returns -1 for a partition
 * the table leaves out (not read). Raises on a bad value. */
static int64_t start_offset(lua_State *L, int t, const Sim *s, const char *topic, int parts, int p)
{
	const char *fname = "pg.kafka.consume";
	lua_getfield(L, t, "from");
	int ty = lua_type(L, -1);
	int64_t at;
	if (ty == LUA_TTABLE) {
		lua_pushnil(L);                    /* every key must be a partition of the topic */
		while (lua_next(L, -2)) {
			lua_Integer k;
			if (!lua_isinteger(L, -2) || (k = lua_tointeger(L, -2)) < 0 || k >= parts)
				luaL_error(L, "%s: option 'from': keys must be partitions 0 to %d of %s", fname, parts - 1, topic);
			lua_pop(L, 1);
		}
		lua_rawgeti(L, -1, p);
		lua_remove(L, -2);
		if (lua_isnil(L, -1)) {
			lua_pop(L, 1);
			return -1;
		}
		ty = lua_type(L, -1);
	}
	const char *word = ty == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	if (ty == LUA_TNIL || (word && strcmp(word, "earliest") == 0 && strlen(word) == lua_rawlen(L, -1))) {
		at = sim_kafka_start_offset(s, topic, p);
	} else if (word && strcmp(word, "latest") == 0 && strlen(word) == lua_rawlen(L, -1)) {
		at = sim_kafka_end_offset(s, topic, p);
	} else if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 0) {
		at = (int64_t)lua_tointeger(L, -1);
	} else {
		return luaL_error(L, "%s: option 'from' must be \"earliest\", \"latest\" or a table partition → "
		                  "offset (an integer >= 0, \"earliest\" or \"latest\")", fname);
	}
	lua_pop(L, 1);
	return at;
}

static int kafka_consume(lua_State *L)
{
	static const char *const keys[] = { "isolation", "from", "max", NULL };
	const char *topic;
	Sim *s = pg_sim(L, "pg.kafka.consume");
	int parts = check_topic(L, 1, s, "pg.kafka.consume", &topic);
	int t = lu_options(L, 2, "pg.kafka.consume", keys);
	Isolation iso = (Isolation)lu_opt_enum(L, t, "pg.kafka.consume", "isolation", isolations, 0);
	lua_Integer max = lu_opt_integer(L, t, "pg.kafka.consume", "max", LUA_MAXINTEGER, 1, LUA_MAXINTEGER);
	int64_t starts[SIM_MAX_PARTITIONS];
	for (int p = 0; p < parts; p++)          /* every argument checked before anything is read */
		starts[p] = start_offset(L, t, s, topic, parts, p);
	lua_newtable(L);
	lua_Integer k = 0;
	for (int p = 0; p < parts && k < max; p++) {
		KafkaRecordView recs[READ_CHUNK];
		for (int64_t from = starts[p]; from >= 0 && k < max;) {
			int64_t next = from;
			size_t want = max - k < READ_CHUNK ? (size_t)(max - k) : READ_CHUNK;
			size_t n = sim_kafka_read(s, topic, p, from, iso, recs, want, &next);
			for (size_t i = 0; i < n; i++) {
				push_record(L, topic, &recs[i]);
				lua_rawseti(L, -2, ++k);
			}
			if (n == 0 && next <= from)         /* the end, or nothing readable yet */
				break;
			from = next;
		}
	}
	return 1;
}

static int kafka_end_offsets(lua_State *L)
{
	const char *topic;
	Sim *s = pg_sim(L, "pg.kafka.end_offsets");
	int parts = check_topic(L, 1, s, "pg.kafka.end_offsets", &topic);
	lua_createtable(L, parts, 1);
	for (int p = 0; p < parts; p++) {
		lua_pushinteger(L, (lua_Integer)sim_kafka_end_offset(s, topic, p));
		lua_rawseti(L, -2, p);
	}
	return 1;
}

static int kafka_lag(lua_State *L)
{
	const char *group = "click-event-count";
	if (!lua_isnoneornil(L, 1))
		group = lu_check_string(L, 1, "pg.kafka.lag", "a consumer group");
	Sim *s = pg_sim(L, "pg.kafka.lag");
	int64_t lag = sim_kafka_lag(s, group);
	if (lag < 0)
		return luaL_error(L, "pg.kafka.lag: unknown consumer group '%s' (the job's group is click-event-count)", group);
	lua_pushinteger(L, (lua_Integer)lag);
	return 1;
}

static const luaL_Reg kafka_funcs[] = {
	{ "consume", kafka_consume },
	{ "end_offsets", kafka_end_offsets },
	{ "lag", kafka_lag },
	{ NULL, NULL },
};

int luaopen_pg_kafka(lua_State *L)
{
	luaL_newlib(L, kafka_funcs);
	return 1;
}
