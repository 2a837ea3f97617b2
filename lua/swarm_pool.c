/*
 * swarm_pool.c — swarm trials in forked children (see swarm_pool.h).
 *
 * Each child gets two pipes: its stdout and stderr both write into the first, so the
 * parent sees them in the order written (a SIM_CHECK message, the scenario's output under
 * --verbose); its result record goes into the second. The parent polls every pipe of every
 * child; a child is finished when both pipes are closed, and is then reaped. A result
 * counts only when the child exited with status 0 after sending a complete record;
 * anything else is a crash, or a timeout when the parent killed it at its deadline.
 *
 * The record is a private format between this file's two sides (same binary, same
 * machine): "PGSWARM1", then verdict, check, message, planned, setup, the steps (time,
 * code) and "END!"; integers native u32, times native doubles, strings a u32 length
 * (UINT32_MAX for none) and their bytes.
 *
 * Wall-clock time lives here (deadlines, seconds per trial); the model never sees it.
 */
#define _DEFAULT_SOURCE                            /* strsignal, prctl's PR_ constants */
#include "swarm_pool.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define RECORD_MAGIC  "PGSWARM1"
#define RECORD_END    "END!"
#define RECORD_MAX    ((size_t)64 << 20)        /* a larger record is a malformed one */
#define NO_STRING     UINT32_MAX

typedef struct Buf {
	char *p;                      /* bytes (not NUL-terminated) */
	size_t len, cap;              /* used and allocated */
	bool overflow;                /* bytes past the limit were dropped */
} Buf;

typedef struct Slot {
	pid_t pid;                    /* the child, 0 when the slot is free */
	uint64_t tag;                 /* the caller's name for the trial */
	uint64_t seed;                /* for messages */
	int out_fd, rec_fd;           /* read ends of output and record pipes; -1 once closed */
	Buf out;                      /* output from the start (keep_output) */
	char tail[SWARM_TAIL_BYTES];  /* the last bytes of output */
	size_t tail_len;              /* bytes in tail */
	bool tail_cut;                /* output was dropped before tail */
	Buf rec;                      /* the record as received */
	double started_s, deadline_s; /* monotonic wall-clock seconds */
	bool killed;                  /* the deadline passed and SIGKILL was sent */
} Slot;

struct SwarmPool {
	SwarmPoolOptions o;           /* as given */
	Slot *slots;                  /* o.jobs of them */
	int running;                  /* slots with a child */
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

/* ---------------------------------------------------------------- the child's side */

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

void swarm_child_send(SwarmChild *c, const SwarmReply *r)
{
	Buf b = { 0 };
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
	size_t at = 0;
	while (!b.overflow && at < b.len) {             /* an overflowing record is not sent: a crash */
		ssize_t n = write(c->fd, b.p + at, b.len - at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		at += (size_t)n;
	}
	c->sent = !b.overflow && at == b.len;
	free(b.p);
}

/* Never returns: runs the trial with stdout and stderr on the output pipe. */
static void child_main(SwarmPool *p, const SwarmTrial *t, int out_w, int rec_w)
{
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);              /* a killed runner leaves no workers behind */
#endif
	for (int i = 0; i < p->o.jobs; i++) {          /* read ends: the parent's, not ours */
		if (p->slots[i].out_fd >= 0)
			close(p->slots[i].out_fd);
		if (p->slots[i].rec_fd >= 0)
			close(p->slots[i].rec_fd);
	}
	int null = open("/dev/null", O_RDONLY);
	if (null >= 0)
		dup2(null, 0);
	dup2(out_w, 1);
	dup2(out_w, 2);
	close(out_w);
	SwarmChild c = { rec_w, false };
	p->o.fn(p->o.ctx, t, &c);
	fflush(stdout);
	fflush(stderr);
	_exit(c.sent ? 0 : 3);
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
		p->slots[i].out_fd = p->slots[i].rec_fd = -1;
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

bool swarm_pool_start(SwarmPool *p, const SwarmTrial *t, uint64_t tag, char *err, size_t errlen)
{
	Slot *s = NULL;
	for (int i = 0; i < p->o.jobs && !s; i++)
		if (!p->slots[i].pid)
			s = &p->slots[i];
	int out[2], rec[2];
	if (!s) {
		snprintf(err, errlen, "all %d workers are busy", p->o.jobs);
		return false;
	}
	if (pipe(out) != 0) {
		snprintf(err, errlen, "cannot create a pipe: %s", strerror(errno));
		return false;
	}
	if (pipe(rec) != 0) {
		snprintf(err, errlen, "cannot create a pipe: %s", strerror(errno));
		close(out[0]);
		close(out[1]);
		return false;
	}
	fflush(stdout);                                /* else the child would write our buffers too */
	fflush(stderr);
	s->out_fd = out[0];
	s->rec_fd = rec[0];
	pid_t pid = fork();
	if (pid == 0)
		child_main(p, t, out[1], rec[1]);
	close(out[1]);
	close(rec[1]);
	if (pid < 0) {
		snprintf(err, errlen, "cannot start a process: %s", strerror(errno));
		close(out[0]);
		close(rec[0]);
		s->out_fd = s->rec_fd = -1;
		return false;
	}
	s->pid = pid;
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

static void read_pipe(const SwarmPool *p, Slot *s, bool output)
{
	char buf[65536];
	int *fd = output ? &s->out_fd : &s->rec_fd;
	ssize_t n = read(*fd, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(*fd);
		*fd = -1;
	} else if (output) {
		output_add(p, s, buf, (size_t)n);
	} else {
		buf_add(&s->rec, buf, (size_t)n, RECORD_MAX);
	}
}

/* Polls every open pipe until something arrives or the next deadline; kills the late. */
static void poll_once(SwarmPool *p)
{
	struct pollfd fds[2 * SWARM_MAX_JOBS];
	Slot *owner[2 * SWARM_MAX_JOBS];
	bool output[2 * SWARM_MAX_JOBS];
	nfds_t n = 0;
	double now = now_s(), next = -1;
	for (int i = 0; i < p->o.jobs; i++) {
		Slot *s = &p->slots[i];
		if (!s->pid)
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
		if (s->pid && !s->killed && now >= s->deadline_s) {
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

static bool decode(const Buf *b, SwarmResult *res)
{
	Reader r = { b->p, b->len, b->overflow };
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
static void describe_death(const SwarmPool *p, const Slot *s, int status, bool record, char *msg, size_t len)
{
	if (s->killed)
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

static SwarmResult *finish(SwarmPool *p, Slot *s, uint64_t *tag)
{
	int status = 0;
	while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
		;
	SwarmResult *res = calloc(1, sizeof *res);
	if (!res)
		abort();                                   /* the runner itself is out of memory */
	bool exited_ok = !s->killed && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (!(exited_ok && decode(&s->rec, res))) {
		char msg[SWARM_TAIL_BYTES + 512];
		swarm_result_free(res);
		res = calloc(1, sizeof *res);
		describe_death(p, s, status, s->rec.len > 0, msg, sizeof msg);
		if (!res || !(res->check = strdup(s->killed ? "timeout" : "crash")) || !(res->message = strdup(msg)))
			abort();
		res->verdict = SWARM_FAILED;
	}
	if (p->o.keep_output) {
		res->output = s->out.p;
		res->output_len = s->out.len;
		s->out.p = NULL;
	}
	res->seconds = now_s() - s->started_s;
	*tag = s->tag;
	free(s->out.p);
	free(s->rec.p);
	*s = (Slot){ .out_fd = -1, .rec_fd = -1 };
	p->running--;
	return res;
}

SwarmResult *swarm_pool_wait(SwarmPool *p, uint64_t *tag)
{
	while (p->running > 0) {
		for (int i = 0; i < p->o.jobs; i++) {
			Slot *s = &p->slots[i];
			if (s->pid && s->out_fd < 0 && s->rec_fd < 0)
				return finish(p, s, tag);
		}
		poll_once(p);
	}
	return NULL;
}

void swarm_pool_kill_all(SwarmPool *p)
{
	for (int i = 0; i < p->o.jobs; i++)
		if (p->slots[i].pid) {
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
