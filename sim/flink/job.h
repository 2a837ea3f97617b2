/*
 * job.h — a submitted job as the JobMaster sees it: the execution graph (vertices and the
 * current execution of every subtask), the slot pool, the restart strategy and the
 * checkpoint coordinator. Scheduling and failover live in jobmaster.c.
 */
#ifndef JOB_H
#define JOB_H

#include "../internal.h"
#include "../runtime/task.h"
#include "backpressure.h"
#include "checkpoint.h"
#include "restart.h"

#define JOB_MAX_VERTICES SIM_MAX_VERTICES
#define JOB_MAX_PARALLELISM SIM_MAX_PARALLELISM  /* slots a job can hold at most in this model */

typedef struct Execution {
	TaskState state;               /* JobMaster's view */
	int      task;                 /* task id of the current attempt, -1 none */
	int      tm, slot;             /* placement, -1 none */
	uint32_t inc;                  /* the incarnation of the taskmanager process it is placed in */
	SimTime  state_time[TASK_STATE_COUNT]; /* when this attempt entered each state, -1 never */
	char     failure[160];         /* why this attempt FAILED, "" if it did not */
} Execution;

typedef struct Vertex {
	char     id[33];               /* stable JobVertexID (hex) */
	const char *name;              /* "ClickEvent Source", … */
	OpKind   op;
	Ship     in_ship, out_ship;    /* edges in and out */
	int      parallelism;
	Execution *ex;                 /* [parallelism] */
	SimTime  start_time;           /* first DEPLOYING of the current attempt, -1 (JobDetailsHandler) */
} Vertex;

typedef struct SlotRef {
	int      tm, slot;             /* taskmanager instance and slot index */
	uint32_t inc;                  /* taskmanager incarnation */
	uint64_t alloc;                /* the ResourceManager's allocation id */
} SlotRef;

typedef struct Job {
	int      index;                /* in sim->jobs */
	char     jid[33];              /* 32 hex */
	char     name[64];
	JobOptions opt;                /* as submitted (savepoint path copied below) */
	char     savepoint_path[512];
	int      parallelism, max_parallelism;
	JobState state;
	SimTime  state_time[JOB_STATE_COUNT]; /* when each state was entered, -1 never */
	SimTime  start_time, end_time;
	uint32_t jm_incarnation;       /* JobManager that runs it */
	Vertex   v[JOB_MAX_VERTICES];
	int      nv;
	int      attempt;              /* execution attempt (restarts + 1) */
	SlotRef  slots[JOB_MAX_PARALLELISM]; /* slot pool: slots offered to this job */
	int      nslots;
	EventId  slot_timeout_ev;
	RestartStrategy restart;
	EventId  restart_ev;
	bool     restart_due;          /* the back-off has passed */
	bool     restart_ok;           /* 1.9: the failure being handled may restart (FAILING → RESTARTING) */
	bool     started;              /* its JobMaster has started (scheduling began) */
	bool     received;             /* the Dispatcher has its JobGraph (the client's submission arrived) */
	int64_t  dispatcher;           /* sim_jm_process of that Dispatcher's process, 0 before */
	int64_t  num_restarts;
	CheckpointCoordinator cc;
	BpState  bp[JOB_MAX_VERTICES]; /* 1.9's back-pressure samples, by vertex */
	Channel **channels;            /* every channel ever created for it (freed at the end) */
	int      nchannels, cap_channels;
	char     failure[320];         /* root cause of the last failure */
	SimTime  failure_time;         /* when it happened, -1 never */
} Job;

Job *job_create(Sim *s, const JobOptions *o, const char *jid);
void job_destroy(Sim *s, Job *j);
void job_set_state(Sim *s, Job *j, JobState to);
/* The same without an event: for a process that dies without a word (a killed JobManager). */
void job_set_state_quietly(Sim *s, Job *j, JobState to);
void execution_set_state(Sim *s, Job *j, int v, int i, TaskState to);

/* JobMaster (jobmaster.c) */
void jobmaster_start(Sim *s, Job *j);
/* Does the job's slot pool hold this allocation? */
bool jobmaster_holds(const Job *j, int tm, uint32_t inc, int slot, uint64_t alloc);
/* The ResourceManager hands over a slot a TaskManager offered; false: not wanted (freed). */
bool jobmaster_slot_offered(Sim *s, Job *j, SlotRef slot);
void jobmaster_task_state(Sim *s, Job *j, int task, TaskState st, const char *cause);
/* The ResourceManager lost the TaskManager process (container tm, incarnation inc). */
void jobmaster_tm_lost(Sim *s, Job *j, int tm, uint32_t inc, const char *cause);
void jobmaster_cancel(Sim *s, Job *j);
void jobmaster_suspend(Sim *s, Job *j, bool cancel, bool quietly);
/* Starts the job's JobMaster after `delay_us` (api.c): a submission, or an HA recovery. */
void job_schedule_start(Sim *s, Job *j, SimTime delay_us);
void jobmaster_fail(Sim *s, Job *j, const char *cause);
bool job_all_running(const Job *j);
int  job_task_count(const Job *j);

#endif
