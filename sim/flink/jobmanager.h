/*
 * jobmanager.h — the JobManager process: Dispatcher (accepts jobs), ResourceManager
 * (registered TaskManagers and their slots, pending slot requests) and the heartbeat
 * monitor of the TaskManagers. Each job's JobMaster is in job.h / jobmaster.c.
 *
 * Everything here is the process's memory: a killed JobManager forgets its TaskManagers
 * and (no HA in the playground) its jobs.
 */
#ifndef JOBMANAGER_H
#define JOBMANAGER_H

#include "../internal.h"
#include "job.h"

#define TM_MAX_SLOTS SIM_MAX_SLOTS

/* A TaskManager registration at the ResourceManager, keyed as Flink keys it by ResourceID:
 * one per TaskManager process. A container restarted quickly registers anew (a new process, a
 * new ResourceID) while the dead process's registration stays until its heartbeat times out. */
typedef struct RmTaskManager {
	bool     registered;           /* known to the ResourceManager */
	int      instance;             /* the taskmanager container */
	uint32_t inc;                  /* its process incarnation */
	int      nslots;
	int      slot_job[TM_MAX_SLOTS]; /* job index a slot is requested for or allocated to, -1 free */
	uint64_t slot_alloc[TM_MAX_SLOTS]; /* its allocation id, 0 free */
	EventId  hb_timeout_ev;        /* heartbeat.timeout since the last answer */
	char     resource_id[40];
	SimTime  registered_at;        /* µs */
	uint32_t registration;         /* the TaskManager's registration number */
	uint64_t id;                   /* this registration's id (Flink's InstanceID), unique in the run:
	                                * the slot messages name it, so that none of an earlier
	                                * registration of the same TaskManager is taken for this one's */
} RmTaskManager;

/* A slot request of a JobMaster at the ResourceManager (Flink's PendingSlotRequest, keyed by
 * its AllocationID). It is pending until a free slot is found, then assigned to that slot
 * while the TaskManager is asked to offer it; it is fulfilled — and removed — only when the
 * JobMaster accepts the offer. A lost TaskManager's assigned requests are pending again. */
typedef struct SlotRequest {
	uint64_t alloc;                /* allocation id, > 0, in request order */
	int      job;                  /* job index */
	int      tm, slot;             /* the registration (tms[] index) and slot it is assigned to, -1 while pending */
} SlotRequest;

#define RM_MAX_REGISTRATIONS (2 * SIM_MAX_TMS)   /* live and not yet timed-out registrations */

#define JM_MAX_JARS 16             /* jars the web upload directory holds in this model */

/* A jar uploaded through the Web UI's REST API (POST /jars/upload). */
typedef struct UploadedJar {
	char     id[160];              /* "<uuid>_<file name>": its name in web.upload.dir */
	char     name[128];            /* the file name it was uploaded with */
	int64_t  uploaded_ms;          /* machine clock */
	bool     playground;           /* it is the playground's ClickCountJob.jar */
} UploadedJar;

typedef struct JobManager {
	uint32_t inc;                  /* process incarnation */
	UploadedJar jars[JM_MAX_JARS]; /* web.upload.dir, newest last; gone with the process */
	int      njars;
	RmTaskManager tms[RM_MAX_REGISTRATIONS]; /* registrations, in the order they came */
	SlotRequest *reqs;             /* requests not yet fulfilled, in request order */
	int      nreqs, cap_reqs;      /* used / allocated */
	uint64_t next_alloc;           /* allocation ids handed out */
	uint32_t next_id;              /* registration ids handed out */
	EventId  hb_ev;                /* next heartbeat round */
	Rng      rng_web;              /* the web monitor's UUIDs (its tmp dir, uploaded jars) */
	SimTime  ready_at;             /* when its REST endpoint and RPC services answer */
	bool     ready;                /* they do */
	EventId  ready_ev;
	char     web_dir[64];          /* web.tmpdir: /tmp/flink-web-<uuid> */
} JobManager;

/* A random UUID as Java prints it (8-4-4-4-12 hex digits), from the JobManager's web stream. */
void jm_random_uuid(JobManager *jm, char out[37]);

void jm_start(Sim *s);
/* The process is gone and its memory with it; graceful (docker-compose stop): it suspends its
 * jobs and says so, killed: silently. */
void jm_stop(Sim *s, bool graceful);
/* HA: the leader's Dispatcher and ResourceManager start, at once (its JVM is up); `inc`, the
 * leadership's generation, tells its jobs from those of earlier leaders. */
void jm_start_leader(Sim *s, uint32_t inc);
void jm_revoke(Sim *s, bool cancel);/* HA: leadership lost; `cancel`: it runs and cancels its tasks */
void jm_set_paused(Sim *s, bool paused);
void jm_handle(Sim *s, Msg *m);
void rm_request_slots(Sim *s, Job *j, int n);
void rm_cancel_requests(Sim *s, Job *j);
int  rm_outstanding(const Sim *s, const Job *j);   /* the job's requests not yet fulfilled */
void rm_release_slot(Sim *s, Job *j, const SlotRef *slot);
int  rm_free_slots(const Sim *s);
int  rm_total_slots(const Sim *s);

#endif
