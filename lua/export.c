/* export.c — what the exports share: their files and the topics' sizes (see export.h). */
#include "export.h"

#include <stdio.h>
#include <string.h>

FILE *export_open(const char *path, const char *what, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (!f)
		snprintf(err, errlen, "cannot write the %s to %s", what, path);
	return f;
}

int export_close(FILE *f)
{
	if (f == stdout)
		return fflush(stdout) != 0 || ferror(stdout) ? -1 : 0;
	bool bad = ferror(f) != 0;
	return fclose(f) != 0 || bad ? -1 : 0;
}

int64_t export_topic_records(const Sim *s, const char *topic)
{
	int64_t n = 0;
	for (int p = 0; p < sim_kafka_partitions(s, topic); p++)
		n += sim_kafka_end_offset(s, topic, p);
	return n;
}
