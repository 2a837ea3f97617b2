/*
 * taskmanager.h — a TaskManager process: registration at the ResourceManager, slots,
 * heartbeat answers, and the tasks deployed into its slots (their lifecycle from
 * DEPLOYING to a terminal state, reported to the JobMaster).
 */
#ifndef TASKMANAGER_H
#define TASKMANAGER_H

#include "../internal.h"
#include "../runtime/task.h"

typedef struct TaskManager {
	int      instance;             /* taskmanager-(instance+1) */
	int      proc;                 /* process index */
	uint32_t inc;                  /* process incarnation */
	char     resource_id[40];      /* ResourceID, new on every start */
	int      rpc_port;             /* its RPC endpoint's port (random: taskmanager.rpc.port 0) */
	int      data_port;            /* its netty server's port (random: taskmanager.data.port 0) */
	int      nslots;
	int      slot_job[SIM_MAX_SLOTS]; /* job index each slot is allocated to, -1 free */
	uint64_t slot_alloc[SIM_MAX_SLOTS]; /* the ResourceManager's allocation id of each, 0 free */
	uint32_t registration;         /* bumped each time it registers anew after losing the JobManager */
	uint64_t rm_registration;      /* the ResourceManager's id of the registration it holds (Flink's
	                                * InstanceID, from the answer), 0 none: its slot messages name it */
	int      leader;               /* HA: the JobManager process its leader retrieval found, -1 none */
	int64_t  leader_session;       /* and its leader session (the generation), 0 none */
	bool     registered;
	EventId  register_ev;          /* registration retry */
	EventId  metrics_ev;           /* per-second metric sampling */
	int      metrics_ticks;        /* of them: every 5th updates the views (Flink's ViewUpdater) */
	EventId  jm_timeout_ev;        /* heartbeat.timeout of the JobManager */
	SimTime  jm_deadline;          /* when it expires (kept across a pause) */
	int     *tasks;                /* task ids deployed here (live or not) */
	int      ntasks, cap_tasks;
} TaskManager;

void tm_start(Sim *s, int instance);
void tm_kill(Sim *s, int instance);        /* process dies: tasks vanish, connections break */
void tm_set_paused(Sim *s, int instance, bool paused);
void tm_handle(Sim *s, Msg *m);
/* HA leader retrieval: the leader node names `proc` (-1: none) and its leader `session`. A TaskManager registered at
 * another JobManager disconnects from it (its tasks fail) and registers at the new one. */
void tm_set_leader(Sim *s, int instance, int proc, int64_t session);

/* Called by tasks. */
void tm_task_terminal(Task *t, TaskState st, const char *cause);
void tm_ack_checkpoint(Task *t, int64_t cp, TaskSnapshot *snap);
/* Frees what a pending event of a TaskManager owns (an acknowledgement waiting for its state to
 * be written) when the Sim is destroyed first. */
void tm_discard_event(const Event *ev);
bool tm_job_checkpointing(const Task *t);
const char *tm_vertex_id(const Task *t);
const char *tm_job_id(const Task *t);       /* the task's job id (32 hex) */   /* the task's vertex id (the operator's unique id) */

#endif
