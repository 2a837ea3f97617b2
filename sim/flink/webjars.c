/*
 * webjars.c — the jars of the JobManager's web submission (JarUploadHandler, JarListHandler,
 * JarDeleteHandler): files in web.upload.dir (<web.tmpdir>/flink-web-upload) named
 * "<random UUID>_<file name>". They live in the JobManager process: a new JobManager has a new
 * web.tmpdir and no jars.
 */
#include <stdio.h>
#include <string.h>

#include "jobmanager.h"

static void jar_info(const Sim *s, const UploadedJar *u, JarInfo *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->id, sizeof out->id, "%s", u->id);
	snprintf(out->name, sizeof out->name, "%s", u->name);
	snprintf(out->path, sizeof out->path, "%s/flink-web-upload/%s", s->jm->web_dir, u->id);
	out->uploaded_ms = u->uploaded_ms;
	out->playground = u->playground;
}

SimStatus sim_jar_upload(Sim *s, const char *name, bool playground, JarInfo *out)
{
	if (!sim_jobmanager_reachable(s))
		return sim_fail(s, SIM_ESTATE, "the JobManager is not running");
	JobManager *jm = s->jm;
	if (jm->njars == JM_MAX_JARS)
		return sim_fail(s, SIM_EINVAL, "the simulator keeps at most %d uploaded jars; delete one first", JM_MAX_JARS);
	UploadedJar *u = &jm->jars[jm->njars];
	char uuid[37];
	jm_random_uuid(jm, uuid);
	snprintf(u->id, sizeof u->id, "%s_%s", uuid, name);
	snprintf(u->name, sizeof u->name, "%s", name);
	u->uploaded_ms = sim_clock_now_ms(s);
	u->playground = playground;
	jm->njars++;
	jar_info(s, u, out);
	return SIM_OK;
}

int sim_jar_count(const Sim *s)
{
	return sim_jobmanager_reachable(s) ? s->jm->njars : 0;
}

bool sim_jar_at(const Sim *s, int i, JarInfo *out)
{
	if (i < 0 || i >= sim_jar_count(s))
		return false;
	jar_info(s, &s->jm->jars[s->jm->njars - 1 - i], out);    /* last modified first */
	return true;
}

bool sim_jar_find(const Sim *s, const char *id, JarInfo *out)
{
	for (int i = 0; i < sim_jar_count(s); i++)
		if (strcmp(s->jm->jars[i].id, id) == 0) {
			jar_info(s, &s->jm->jars[i], out);
			return true;
		}
	return false;
}

SimStatus sim_jar_delete(Sim *s, const char *id)
{
	for (int i = 0; i < sim_jar_count(s); i++)
		if (strcmp(s->jm->jars[i].id, id) == 0) {
			JobManager *jm = s->jm;
			memmove(&jm->jars[i], &jm->jars[i + 1], (size_t)(jm->njars - i - 1) * sizeof jm->jars[0]);
			jm->njars--;
			return SIM_OK;
		}
	return sim_fail(s, SIM_ENOENT, "no jar %s", id);
}
