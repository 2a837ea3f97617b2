/*
 * ha.h — JobManager high availability with ZooKeeper (high-availability: zookeeper; off in the
 * playground, and then nothing here exists: s->ha is NULL).
 *
 * Each JobManager process ("jobmanager", "jobmanager-2", …) has a ZooKeeper client with a
 * session and a Curator LeaderLatch node (an ephemeral sequential znode under
 * /flink/default/leaderlatch). The owner of the first node whose client is connected is
 * granted leadership: its Dispatcher, ResourceManager and JobMasters start, it recovers every
 * job of the job graph store from the latest completed checkpoint in the checkpoint store, and
 * writes the leader node the TaskManagers watch (leader retrieval). A leader whose connection
 * is SUSPENDED loses leadership at once (Curator's LeaderLatch); a node of a session the server
 * has not expired yet keeps everybody behind it waiting (a killed leader: the session timeout).
 *
 * The stores: the job graphs are the jobs that are not globally terminal, the checkpoint store
 * and counter are the retained checkpoint and next id of the job's last JobMaster — the model
 * keeps those (job.h) exactly as long as ZooKeeper and the storage directory would.
 */
#ifndef HA_H
#define HA_H

#include "../internal.h"

#define SIM_MAX_JMS 3                /* jobmanager, jobmanager-2, jobmanager-3 */

typedef enum ZkConn {
	ZK_DISCONNECTED,               /* no session (not started, or the server expired it) */
	ZK_CONNECTED,
	ZK_SUSPENDED                   /* Curator: the connection is gone, the session may live on */
} ZkConn;

typedef struct HaClient {
	int      proc;                 /* the JobManager process, -1 unused */
	bool     up;                   /* its JVM has started (the client exists) */
	ZkConn   conn;                 /* the client's view of its connection */
	bool     session;              /* the server holds its session (and its latch node) */
	int64_t  latch;                /* sequence number of its latch node, 0 none */
	bool     leader;               /* granted */
	int64_t  session_gen;          /* the generation of its last grant (its /leader node's session id) */
	bool     lost;                 /* Curator declared the session LOST (SUSPENDED for a session timeout) */
	EventId  notice_ev;            /* it notices a silent (paused) ZooKeeper: 2/3 of the session timeout */
	EventId  lost_ev;              /* SUSPENDED for a whole session timeout: LOST */
	EventId  expire_ev;            /* the server expires its session: no contact for the session timeout */
	int64_t  ghost;                /* latch node of the session of a killed earlier process, 0 none:
	                                * it stays in the queue until the server expires that session */
	EventId  ghost_ev;             /* that expiry */
} HaClient;

typedef struct Ha {
	HaClient c[SIM_MAX_JMS];       /* by JobManager instance */
	int64_t  next_latch;           /* ZooKeeper's sequence numbers */
	int64_t  generation;           /* leaderships granted so far: the fencing token of each */
	int      leader;               /* client whose /leader node exists (the last one granted, while
	                                * its session lives), -1 none */
	bool     tms_connected;        /* the TaskManagers' retrieval sees ZooKeeper */
	EventId  tm_notice_ev;         /* they notice a silent ZooKeeper */
	SimTime  session_us;           /* negotiated session timeout, µs */
	SimTime  zk_paused_at;         /* when ZooKeeper was frozen, -1 not paused */
} Ha;

void ha_create(Sim *s);               /* sim_up with high-availability: zookeeper */
void ha_destroy(Sim *s);
void ha_jm_started(Sim *s, int proc);
void ha_jm_exited(Sim *s, int proc, bool graceful);   /* killed, or stopped (SIGTERM: the session is closed) */
void ha_jm_paused(Sim *s, int proc, bool paused);
void ha_zk_changed(Sim *s);           /* the zookeeper container started, exited, paused or unpaused */
/* The JobManager a TaskManager's leader retrieval finds now, -1 none; *session: the
 * leadership's generation (0 none), which tells a restarted leader from its predecessor. */
int  ha_visible_leader(const Sim *s, int64_t *session);

#endif
