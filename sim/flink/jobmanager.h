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

typedef struct RmTaskManager {
	bool     registered;           /* known to the ResourceManager */
	uint32_t inc;                  /* its process incarnation */
	int      nslots;
	int      slot_job[TM_MAX_SLOTS]; /* job index a slot is requested for or allocated to, -1 free */
	uint64_t slot_alloc[TM_MAX_SLOTS]; /* its allocation id, 0 free */
	EventId  hb_timeout_ev;        /* heartbeat.timeout since the last answer */
	char     resource_id[40];
	SimTime  registered_at;        /* µs */
	uint32_t registration;         /* the TaskManager's registration number */
} RmTaskManager;

/* A slot request of a JobMaster at the ResourceManager (Flink's PendingSlotRequest, keyed by
 * its AllocationID). It is pending until a free slot is found, then assigned to that slot
 * while the TaskManager is asked to offer it; it is fulfilled — and removed — only when the
 * JobMaster accepts the offer. A lost TaskManager's assigned requests are pending again. */
typedef struct SlotRequest {
	uint64_t alloc;                /* allocation id, > 0, in request order */
	int      job;                  /* job index */
	int      tm, slot;             /* the slot it is assigned to, -1 while pending */
} SlotRequest;

typedef struct JobManager {
	uint32_t inc;                  /* process incarnation */
	RmTaskManager tms[SIM_MAX_TMS];/* by taskmanager instance */
	SlotRequest *reqs;             /* requests not yet fulfilled, in request order */
	int      nreqs, cap_reqs;      /* used / allocated */
	uint64_t next_alloc;           /* allocation ids handed out */
	EventId  hb_ev;                /* next heartbeat round */
} JobManager;

/* Dispatcher + ResourceManager start (the process started, or with HA it was granted
 * leadership); `inc` tells its jobs from those of earlier ones. */
void jm_start(Sim *s, uint32_t inc);
void jm_stop(Sim *s);               /* process gone: memory lost, jobs SUSPENDED */
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
