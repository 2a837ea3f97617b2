/*
 * swarm_pool.c — swarm trials in forked worker processes (see swarm_pool.h).
 *
 * A worker is forked on a slot's first trial and runs trial after trial, each with a fresh
 * simulation and Lua state (the trial function makes them), until it has run
 * WORKER_TRIALS_MAX, dies, or is killed. Reusing the process is what makes a trial cheap:
 * a fork per trial paid for the fork, the exit and a page fault on every page the trial's
 * heap touched (an eighth of a swarm seed's time); a worker's heap is already mapped.
 *
 * Each worker has a command socket (the parent sends a trial: seed, flags, file, shrink
 * mask) and two pipes: its stdout and stderr both write into the first, so the parent sees
 * them in the order written (a SIM_CHECK message, the scenario's output under --verbose);
 * its result record goes into the second, followed by DONE once the trial function has
 * returned (teardown included) and the output is flushed. A trial counts only when its
 * DONE arrives after a complete record; a worker that dies first is a crash, or a timeout
 * when the parent killed it at the trial's deadline, and the next trial gets a new worker.
 * A worker whose trial sent no record exits with status 3 (a crash, as before).
 *
 * The record is a private format between this file's two sides (same binary, same
 * machine): its length (u64), "PGSWARM1", then verdict, check, message, planned, setup, the
 * steps (time, code) and "END!"; integers native u32, times native doubles, strings a u32
 * length (UINT32_MAX for none) and their bytes. A command: its length (u32), the seed
 * (u64), seed_forced (u32), the file (a string) and the mask (u32 count, a byte each).
 *
 * Wall-clock time lives here (deadlines, seconds per trial); the model never sees it.
 */
#define _DEFAULT_SOURCE                            /* strsignal, prctl's PR_ constants */
#include "swarm_pool.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define RECORD_MAGIC  "PGSWARM1"
#define RECORD_END    "END!"
#define RECORD_DONE   "DONE"
#define RECORD_MAX    ((size_t)64 << 20)        /* a larger record is a malformed one */
#define COMMAND_MAX   ((size_t)64 << 20)        /* a larger command is a malformed one */
#define NO_STRING     UINT32_MAX
#define WORKER_TRIALS_MAX 200                   /* then a fresh worker: what a trial leaks stays bounded */

typedef struct Buf {
	char *p;                      /* bytes (not NUL-terminated) */
	size_t len, cap;              /* used and allocated */
	bool overflow;                /* bytes past the limit were dropped */
} Buf;

typedef struct Slot {
	pid_t pid;                    /* the worker, 0 when there is none */
	int cmd_fd;                   /* our end of its command socket; -1 none */
	int out_fd, rec_fd;           /* read ends of its output and record pipes; -1 once closed */
	int trials;                   /* trials it has started */
	bool busy;                    /* a trial runs */
	uint64_t tag;                 /* the caller's name for the trial */
	uint64_t seed;                /* for messages */
	Buf out;                      /* the trial's output from its start (keep_output) */
	char tail[SWARM_TAIL_BYTES];  /* the last bytes of the trial's output */
	size_t tail_len;              /* bytes in tail */
	bool tail_cut;                /* output was dropped before tail */
	Buf rec;                      /* the trial's record as received, and DONE */
	double started_s, deadline_s; /* monotonic wall-clock seconds */
	bool killed;                  /* the deadline passed and SIGKILL was sent */
} Slot;

struct SwarmPool {
	SwarmPoolOptions o;           /* as given */
	Slot *slots;                  /* o.jobs of them */
	int running;                  /* slots with a trial */
};

struct SwarmChild {
	int fd;                       /* write end of the record pipe */
	bool sent;                    /* swarm_child_send was called */
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool buf_add(Buf *b, const void *data, size_t n, size_t max)
{
	if (b->len + n > max) {
		b->overflow = true;
		n = max > b->len ? max - b->len : 0;
	}
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->overflow = true;
			return false;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	return !b->overflow;
}

static void put_u32(Buf *b, uint32_t v)
{
	buf_add(b, &v, sizeof v, RECORD_MAX);
}

static void put_str(Buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	put_u32(b, s && n < NO_STRING ? (uint32_t)n : NO_STRING);
	if (s)
		buf_add(b, s, n, RECORD_MAX);
}

/* Writes all n bytes (MSG_NOSIGNAL on a socket: a dead reader is an error, not SIGPIPE). */
static bool write_all(int fd, const void *data, size_t n, bool socket)
{
	const char *p = data;
	while (n > 0) {
		ssize_t k = socket ? send(fd, p, n, MSG_NOSIGNAL) : write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		p += k;
		n -= (size_t)k;
	}
	return true;
}

static bool read_all(int fd, void *data, size_t n)
{
	char *p = data;
	while (n > 0) {
		ssize_t k = read(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		p += k;
		n -= (size_t)k;
	}
	return true;
}

/* ---------------------------------------------------------------- the worker's side */

void swarm_child_send(SwarmChild *c, const SwarmReply *r)
{
	Buf b = { 0 };
	uint64_t len = 0;
	buf_add(&b, &len, sizeof len, RECORD_MAX);    /* filled in below */
	buf_add(&b, RECORD_MAGIC, 8, RECORD_MAX);
	put_u32(&b, (uint32_t)r->verdict);
	put_str(&b, r->check);
	put_str(&b, r->message);
	put_u32(&b, r->planned);
	put_str(&b, r->setup);
	put_u32(&b, (uint32_t)r->nsteps);
	for (size_t i = 0; i < r->nsteps; i++) {
		buf_add(&b, &r->steps[i].t_s, sizeof(double), RECORD_MAX);
		put_str(&b, r->steps[i].code);
	}
	buf_add(&b, RECORD_END, 4, RECORD_MAX);
	len = b.len - sizeof len;
	if (!b.overflow)                               /* an overflowing record is not sent: a crash */
		memcpy(b.p, &len, sizeof len);
	c->sent = !b.overflow && !c->sent && write_all(c->fd, b.p, b.len, false);
	free(b.p);
}

/* A trial as swarm_pool_start encoded it; false on a malformed command. */
static bool decode_trial(const char *p, size_t n, SwarmTrial *t, char **file, bool **keep)
{
	uint32_t forced, flen, nkeep;
	if (n < 8 + 4 + 4)
		return false;
	memcpy(&t->seed, p, 8);
	memcpy(&forced, p + 8, 4);
	memcpy(&flen, p + 12, 4);
	p += 16;
	n -= 16;
	if (flen != NO_STRING && (flen > n || !(*file = strndup(p, flen))))
		return false;
	if (flen != NO_STRING) {
		p += flen;
		n -= flen;
	}
	if (n < 4)
		return false;
	memcpy(&nkeep, p, 4);
	if (nkeep != n - 4 || (nkeep && !(*keep = malloc(nkeep))))
		return false;
	for (uint32_t i = 0; i < nkeep; i++)
		(*keep)[i] = p[4 + i] != 0;
	*t = (SwarmTrial){ t->seed, forced != 0, *file, *keep, nkeep };
	return true;
}

/* Runs the next trial the parent sends; false when the parent closed the socket. */
static bool worker_trial(SwarmPool *p, int cmd, int rec_w)
{
	uint32_t n;
	if (!read_all(cmd, &n, sizeof n) || n > COMMAND_MAX)
		return false;
	char *msg = malloc(n ? n : 1), *file = NULL;
	bool *keep = NULL;
	SwarmTrial t = { 0 };
	if (!msg || !read_all(cmd, msg, n) || !decode_trial(msg, n, &t, &file, &keep))
		_exit(4);                                  /* the parent sees a crash */
	free(msg);
	SwarmChild c = { rec_w, false };
	p->o.fn(p->o.ctx, &t, &c);
	free(file);
	free(keep);
	fflush(stdout);
	fflush(stderr);
	if (!c.sent)
		_exit(3);
	return write_all(rec_w, RECORD_DONE, 4, false);
}

/* Never returns: runs trials with stdout and stderr on the output pipe until told to stop. */
static void worker_main(SwarmPool *p, int cmd, int out_w, int rec_w)
{
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);              /* a killed runner leaves no workers behind */
#endif
	for (int i = 0; i < p->o.jobs; i++) {          /* the other workers' ends: the parent's, not ours */
		Slot *s = &p->slots[i];
		if (s->cmd_fd >= 0)
			close(s->cmd_fd);
		if (s->out_fd >= 0)
			close(s->out_fd);
		if (s->rec_fd >= 0)
			close(s->rec_fd);
	}
	int null = open("/dev/null", O_RDONLY);
	if (null >= 0)
		dup2(null, 0);
	dup2(out_w, 1);
	dup2(out_w, 2);
	close(out_w);
#ifdef M_MMAP_THRESHOLD
	/* Keep what one trial frees for the next (glibc would give large free blocks back and
	 * raise its threshold, so that big zeroed blocks came from the heap and were cleared
	 * by hand); blocks from 256 KiB on stay mmapped, zero pages touched only where used. */
	mallopt(M_MMAP_THRESHOLD, 256 << 10);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
	while (worker_trial(p, cmd, rec_w))
		;
	_exit(0);
}

/* ---------------------------------------------------------------- the parent's side */

SwarmPool *swarm_pool_create(const SwarmPoolOptions *o)
{
	if (o->jobs < 1 || o->jobs > SWARM_MAX_JOBS || !o->fn)
		return NULL;
	SwarmPool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->o = *o;
	p->slots = calloc((size_t)o->jobs, sizeof *p->slots);
	if (!p->slots) {
		free(p);
		return NULL;
	}
	for (int i = 0; i < o->jobs; i++)
		p->slots[i].cmd_fd = p->slots[i].out_fd = p->slots[i].rec_fd = -1;
	signal(SIGCHLD, SIG_DFL);                      /* an inherited SIG_IGN would reap them for us */
	return p;
}

int swarm_pool_running(const SwarmPool *p)
{
	return p->running;
}

bool swarm_pool_has_room(const SwarmPool *p)
{
	return p->running < p->o.jobs;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Forks the slot's worker. */
static bool spawn(SwarmPool *p, Slot *s, char *err, size_t errlen)
{
	int cmd[2], out[2], rec[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, cmd) != 0) {
		snprintf(err, errlen, "cannot create a socket: %s", strerror(errno));
		return false;
	}
	if (pipe(out) != 0 || (pipe(rec) != 0 && (close(out[0]), close(out[1]), true))) {
		snprintf(err, errlen, "cannot create a pipe: %s", strerror(errno));
		close(cmd[0]);
		close(cmd[1]);
		return false;
	}
	fflush(stdout);                                /* else the worker would write our buffers too */
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		close(cmd[0]);
		close(out[0]);
		close(rec[0]);
		worker_main(p, cmd[1], out[1], rec[1]);
	}
	close(cmd[1]);
	close(out[1]);
	close(rec[1]);
	if (pid < 0) {
		snprintf(err, errlen, "cannot start a process: %s", strerror(errno));
		close(cmd[0]);
		close(out[0]);
		close(rec[0]);
		return false;
	}
	fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK);   /* drained after each trial */
	*s = (Slot){ .pid = pid, .cmd_fd = cmd[0], .out_fd = out[0], .rec_fd = rec[0] };
	return true;
}

static bool send_trial(const Slot *s, const SwarmTrial *t)
{
	Buf b = { 0 };
	uint32_t len = 0, forced = t->seed_forced, nkeep = (uint32_t)t->nkeep;
	buf_add(&b, &len, sizeof len, COMMAND_MAX);
	buf_add(&b, &t->seed, sizeof t->seed, COMMAND_MAX);
	buf_add(&b, &forced, sizeof forced, COMMAND_MAX);
	put_str(&b, t->file);
	buf_add(&b, &nkeep, sizeof nkeep, COMMAND_MAX);
	for (size_t i = 0; t->keep && i < t->nkeep; i++) {
		char k = t->keep[i] ? 1 : 0;
		buf_add(&b, &k, 1, COMMAND_MAX);
	}
	len = (uint32_t)(b.len - sizeof len);
	bool ok = !b.overflow && t->nkeep < UINT32_MAX && (t->keep || !t->nkeep);
	if (ok) {
		memcpy(b.p, &len, sizeof len);
		ok = write_all(s->cmd_fd, b.p, b.len, true);
	}
	free(b.p);
	return ok;
}

/* The slot's worker is gone or retired: reaps it. */
static int reap(Slot *s)
{
	int status = 0;
	close_fd(&s->cmd_fd);
	close_fd(&s->out_fd);
	close_fd(&s->rec_fd);
	while (s->pid > 0 && waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
		;
	s->pid = 0;
	return status;
}

bool swarm_pool_start(SwarmPool *p, const SwarmTrial *t, uint64_t tag, char *err, size_t errlen)
{
	Slot *s = NULL;
	for (int i = 0; i < p->o.jobs && !s; i++)      /* an idle worker first, else an empty slot */
		if (!p->slots[i].busy && p->slots[i].pid)
			s = &p->slots[i];
	for (int i = 0; i < p->o.jobs && !s; i++)
		if (!p->slots[i].busy)
			s = &p->slots[i];
	if (!s) {
		snprintf(err, errlen, "all %d workers are busy", p->o.jobs);
		return false;
	}
	if (s->pid && !send_trial(s, t)) {             /* it died idle: a new one */
		kill(s->pid, SIGKILL);
		reap(s);
	}
	if (!s->pid && (!spawn(p, s, err, errlen) || !send_trial(s, t))) {
		if (s->pid) {
			kill(s->pid, SIGKILL);
			reap(s);
			snprintf(err, errlen, "cannot hand a trial to a new worker");
		}
		return false;
	}
	s->busy = true;
	s->trials++;
	s->tag = tag;
	s->seed = t->seed;
	s->started_s = now_s();
	s->deadline_s = s->started_s + p->o.timeout_s;
	p->running++;
	return true;
}

static void output_add(const SwarmPool *p, Slot *s, const char *data, size_t n)
{
	if (p->o.keep_output)
		buf_add(&s->out, data, n, p->o.output_max);
	if (n >= SWARM_TAIL_BYTES) {
		s->tail_cut = s->tail_cut || s->tail_len > 0 || n > SWARM_TAIL_BYTES;
		memcpy(s->tail, data + n - SWARM_TAIL_BYTES, SWARM_TAIL_BYTES);
		s->tail_len = SWARM_TAIL_BYTES;
		return;
	}
	if (s->tail_len + n > SWARM_TAIL_BYTES) {
		size_t drop = s->tail_len + n - SWARM_TAIL_BYTES;
		memmove(s->tail, s->tail + drop, s->tail_len - drop);
		s->tail_len -= drop;
		s->tail_cut = true;
	}
	memcpy(s->tail + s->tail_len, data, n);
	s->tail_len += n;
}

/* Reads what is there; false when nothing was (EAGAIN). */
static bool read_pipe(const SwarmPool *p, Slot *s, bool output)
{
	char buf[65536];
	int *fd = output ? &s->out_fd : &s->rec_fd;
	ssize_t n = read(*fd, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return errno == EINTR;
	if (n <= 0)
		close_fd(fd);
	else if (output)
		output_add(p, s, buf, (size_t)n);
	else
		buf_add(&s->rec, buf, (size_t)n, RECORD_MAX + 16);
	return n > 0;
}

/* Polls every open pipe of every trial until something arrives or the next deadline; kills the late. */
static void poll_once(SwarmPool *p)
{
	struct pollfd fds[2 * SWARM_MAX_JOBS];
	Slot *owner[2 * SWARM_MAX_JOBS];
	bool output[2 * SWARM_MAX_JOBS];
	nfds_t n = 0;
	double now = now_s(), next = -1;
	for (int i = 0; i < p->o.jobs; i++) {
		Slot *s = &p->slots[i];
		if (!s->busy)
			continue;
		if (!s->killed && (next < 0 || s->deadline_s < next))
			next = s->deadline_s;
		for (int k = 0; k < 2; k++) {
			int fd = k == 0 ? s->out_fd : s->rec_fd;
			if (fd >= 0) {
				fds[n] = (struct pollfd){ .fd = fd, .events = POLLIN };
				owner[n] = s;
				output[n++] = k == 0;
			}
		}
	}
	int wait_ms = next < 0 ? -1 : next <= now ? 0 : (int)((next - now) * 1000) + 1;
	int ready = poll(fds, n, wait_ms);
	now = now_s();
	for (int i = 0; i < p->o.jobs; i++) {
		Slot *s = &p->slots[i];
		if (s->busy && !s->killed && now >= s->deadline_s) {
			kill(s->pid, SIGKILL);
			s->killed = true;
		}
	}
	for (nfds_t i = 0; ready > 0 && i < n; i++)
		if (fds[i].revents)
			read_pipe(p, owner[i], output[i]);
}

/* ---------------------------------------------------------------- decoding a result */

typedef struct Reader {
	const char *p;                /* next byte */
	size_t left;                  /* bytes left */
	bool bad;                     /* ran past the end or found nonsense */
} Reader;

static void get(Reader *r, void *out, size_t n)
{
	if (r->bad || r->left < n) {
		r->bad = true;
		memset(out, 0, n);
		return;
	}
	memcpy(out, r->p, n);
	r->p += n;
	r->left -= n;
}

static uint32_t get_u32(Reader *r)
{
	uint32_t v;
	get(r, &v, sizeof v);
	return v;
}

static char *get_str(Reader *r)
{
	uint32_t n = get_u32(r);
	if (r->bad || n == NO_STRING)
		return NULL;
	if (n > r->left) {
		r->bad = true;
		return NULL;
	}
	char *s = malloc((size_t)n + 1);
	if (!s) {
		r->bad = true;
		return NULL;
	}
	get(r, s, n);
	s[n] = '\0';
	if (strlen(s) != n)                            /* a NUL inside: not what the child wrote */
		r->bad = true;
	return s;
}

/* The record inside what trial_done accepted: its length, the record, DONE. */
static bool decode(const Buf *b, SwarmResult *res)
{
	Reader r = { b->p + sizeof(uint64_t), b->len - sizeof(uint64_t) - 4, b->overflow };
	char magic[8], end[4];
	get(&r, magic, 8);
	if (r.bad || memcmp(magic, RECORD_MAGIC, 8) != 0)
		return false;
	uint32_t verdict = get_u32(&r);
	res->check = get_str(&r);
	res->message = get_str(&r);
	res->planned = get_u32(&r) != 0;
	res->setup = get_str(&r);
	uint32_t n = get_u32(&r);
	if (r.bad || verdict > SWARM_UNLOADABLE || n > r.left / (sizeof(double) + 4))
		return false;
	res->verdict = (SwarmVerdict)verdict;
	res->steps = calloc(n ? n : 1, sizeof *res->steps);
	if (!res->steps)
		return false;
	for (uint32_t i = 0; i < n && !r.bad; i++) {
		get(&r, &res->steps[i].t_s, sizeof(double));
		res->steps[i].code = get_str(&r);
		res->nsteps = i + 1;
		r.bad = r.bad || !res->steps[i].code;
	}
	get(&r, end, 4);
	bool failed_fields = (res->verdict == SWARM_FAILED && !res->check) || (res->verdict != SWARM_PASSED && !res->message);
	return !r.bad && r.left == 0 && memcmp(end, RECORD_END, 4) == 0 && !failed_fields;
}

/* The output's last lines, from a line start, indented: appended to crash messages. */
static void append_tail(char *msg, size_t len, const Slot *s)
{
	const char *t = s->tail, *end = s->tail + s->tail_len;
	if (s->tail_cut)
		while (t < end && *t++ != '\n')
			;
	while (end > t && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if (t == end)
		return;
	size_t n = strlen(msg);
	n += (size_t)snprintf(msg + n, len - n, "; its last output:");
	for (const char *line = t; line < end && n + 8 < len;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		int l = (int)((nl ? nl : end) - line);
		n += (size_t)snprintf(msg + n, len - n, "\n    %.*s", l, line);
		line += l + 1;
	}
}

/* What the parent saw when there is no usable record. */
static void describe_death(const SwarmPool *p, const Slot *s, int status, bool malformed, char *msg, size_t len)
{
	bool record = s->rec.len > 0;
	if (malformed)
		snprintf(msg, len, "crashed: reported a malformed result (seed %llu)", (unsigned long long)s->seed);
	else if (s->killed)
		snprintf(msg, len, "timed out: still running after %g s (--seed-timeout), killed (seed %llu)",
		         p->o.timeout_s, (unsigned long long)s->seed);
	else if (WIFSIGNALED(status))
		snprintf(msg, len, "crashed: killed by signal %d (%s) (seed %llu)", WTERMSIG(status),
		         strsignal(WTERMSIG(status)), (unsigned long long)s->seed);
	else if (WIFEXITED(status) && (WEXITSTATUS(status) != 0 || !record))
		snprintf(msg, len, "crashed: exited with status %d %s (seed %llu)", WEXITSTATUS(status),
		         record ? "after reporting" : "without reporting a result", (unsigned long long)s->seed);
	else
		snprintf(msg, len, "crashed: reported a malformed result (seed %llu)", (unsigned long long)s->seed);
	append_tail(msg, len, s);
}

/* How far the slot's trial is: its record and DONE arrived, more is to come, or its
 * worker sent what no trial sends (then it is killed: its state is unknown). */
typedef enum TrialState { TRIAL_RUNNING, TRIAL_DONE, TRIAL_GARBLED } TrialState;

static TrialState trial_state(const Slot *s)
{
	uint64_t n;
	if (s->rec.len < sizeof n)
		return TRIAL_RUNNING;
	memcpy(&n, s->rec.p, sizeof n);
	if (n > RECORD_MAX || s->rec.len > sizeof n + n + 4)
		return TRIAL_GARBLED;
	if (s->rec.len < sizeof n + n + 4)
		return TRIAL_RUNNING;
	return memcmp(s->rec.p + s->rec.len - 4, RECORD_DONE, 4) == 0 ? TRIAL_DONE : TRIAL_GARBLED;
}

/* The trial's result: the record when it is whole and its worker finished the trial,
 * else a crash or a timeout; a worker that will not run another trial is reaped. */
static SwarmResult *trial_result(SwarmPool *p, Slot *s)
{
	TrialState st = s->killed ? TRIAL_RUNNING : trial_state(s);
	SwarmResult *res = calloc(1, sizeof *res);
	if (!res)
		abort();                                   /* the runner itself is out of memory */
	bool ok = st == TRIAL_DONE && decode(&s->rec, res);
	if (ok) {
		while (s->out_fd >= 0 && read_pipe(p, s, true))   /* what it wrote before DONE */
			;
	} else if (s->pid && (s->out_fd >= 0 || s->rec_fd >= 0)) {
		kill(s->pid, SIGKILL);                     /* garbled, or DONE after a bad record */
	}
	int status = !ok || s->out_fd < 0 || s->trials >= WORKER_TRIALS_MAX ? reap(s) : 0;
	if (!ok) {
		char msg[SWARM_TAIL_BYTES + 512];
		swarm_result_free(res);
		res = calloc(1, sizeof *res);
		describe_death(p, s, status, st != TRIAL_RUNNING, msg, sizeof msg);
		if (!res || !(res->check = strdup(s->killed ? "timeout" : "crash")) || !(res->message = strdup(msg)))
			abort();
		res->verdict = SWARM_FAILED;
	}
	return res;
}

static SwarmResult *finish(SwarmPool *p, Slot *s, uint64_t *tag)
{
	SwarmResult *res = trial_result(p, s);
	if (p->o.keep_output) {
		res->output = s->out.p;
		res->output_len = s->out.len;
		s->out.p = NULL;
	}
	res->seconds = now_s() - s->started_s;
	*tag = s->tag;
	free(s->out.p);
	free(s->rec.p);
	*s = (Slot){ .pid = s->pid, .cmd_fd = s->cmd_fd, .out_fd = s->out_fd, .rec_fd = s->rec_fd, .trials = s->trials };
	p->running--;
	return res;
}

SwarmResult *swarm_pool_wait(SwarmPool *p, uint64_t *tag)
{
	while (p->running > 0) {
		for (int i = 0; i < p->o.jobs; i++) {
			Slot *s = &p->slots[i];
			if (s->busy && ((s->out_fd < 0 && s->rec_fd < 0) || (!s->killed && trial_state(s) != TRIAL_RUNNING)))
				return finish(p, s, tag);
		}
		poll_once(p);
	}
	return NULL;
}

void swarm_pool_kill_all(SwarmPool *p)
{
	for (int i = 0; i < p->o.jobs; i++)
		if (p->slots[i].busy) {
			kill(p->slots[i].pid, SIGKILL);
			p->slots[i].killed = true;
		}
	uint64_t tag;
	while (p->running > 0)
		swarm_result_free(swarm_pool_wait(p, &tag));
}

void swarm_pool_destroy(SwarmPool *p)
{
	if (!p)
		return;
	swarm_pool_kill_all(p);
	for (int i = 0; i < p->o.jobs; i++)            /* idle workers read the closed socket and exit */
		reap(&p->slots[i]);
	free(p->slots);
	free(p);
}

void swarm_result_free(SwarmResult *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nsteps; i++)
		free(r->steps[i].code);
	free(r->steps);
	free(r->check);
	free(r->message);
	free(r->setup);
	free(r->output);
	free(r);
}
