/* shutdown: stop everything, sweep what is left, leave (see shutdown.h). */
#include "shutdown.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slog.h"
#include "sys.h"

/* The sweep: what each phase sends to the children left, how long it
 * waits for them before the next row, and which row comes next. A grace
 * of 0 waits for the last child however long it takes (after SIGKILL,
 * only a process stuck in the kernel can make it wait). */
static const struct sweep_row {
	int sig;
	usec_t grace;
	enum shutdown_phase next;
} sweep[] = {
	[SHUTDOWN_TERM] = {SIGTERM, SHUTDOWN_GRACE, SHUTDOWN_KILL},
	[SHUTDOWN_KILL] = {SIGKILL, 0, SHUTDOWN_DONE},
};

long shutdown_signal_children(int sig)
{
	char path[64], buf[8192];
	long n = 0;
	ssize_t len;
	int fd;

	/* The children file of svinit's one thread lists exactly the
	 * processes it would reap: its own and the reparented ones. */
	snprintf(path, sizeof(path), "/proc/self/task/%d/children",
		 (int)sys.getpid());
	fd = sys.open(path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* Read to the end: the kernel gives the list in pieces, each piece
	 * ends at a whole number. */
	while ((len = sys.read(fd, buf, sizeof(buf) - 1)) > 0) {
		char *p = buf, *end;

		buf[len] = '\0';
		for (long pid; (pid = strtol(p, &end, 10)) > 0; p = end)
			if (sys.kill((pid_t)pid, sig) == 0)
				n++;
	}
	sys.close(fd);
	return n;
}

static void finish(struct shutdown *sd)
{
	loop_timer_cancel(sd->loop, &sd->timer);
	sd->phase = SHUTDOWN_DONE;
	sd->ops->done(sd->ctx);
}

/* Enter a sweep row: signal, then wait for the children to go (reaping
 * calls shutdown_reaped) or for the grace period. */
static void enter(struct shutdown *sd, enum shutdown_phase ph)
{
	const struct sweep_row *row = &sweep[ph];
	long n;

	sd->phase = ph;
	n = shutdown_signal_children(row->sig);
	if (n < 0) {
		/* Without /proc nothing can be listed: there is nothing
		 * more svinit can do for them. */
		slog(SLOG_WARNING, "cannot list leftover processes: %s",
		     strerror((int)-n));
		finish(sd);
		return;
	}
	if (n == 0) {
		finish(sd);
		return;
	}
	slog(SLOG_WARNING, "%ld leftover process%s: sending SIG%s", n,
	     n == 1 ? "" : "es", sigabbrev_np(row->sig));
	if (row->grace &&
	    loop_timer_set(sd->loop, &sd->timer, sys.now() + row->grace) < 0)
		/* No deadline: do not wait on processes that ignore the
		 * signal, go on with the next row at once. */
		enter(sd, row->next);
}

static void grace_over(struct loop_timer *t)
{
	struct shutdown *sd =
		(struct shutdown *)((char *)t -
				    offsetof(struct shutdown, timer));

	if (sd->phase == SHUTDOWN_TERM)
		enter(sd, sweep[SHUTDOWN_TERM].next);
}

void shutdown_init(struct shutdown *sd, struct loop *l,
		   const struct shutdown_ops *ops, void *ctx)
{
	*sd = (struct shutdown){.loop = l, .ops = ops, .ctx = ctx};
	loop_timer_init(&sd->timer, grace_over);
}

void shutdown_begin(struct shutdown *sd)
{
	if (sd->phase != SHUTDOWN_RUNNING)
		return;
	sd->phase = SHUTDOWN_UNITS;
	shutdown_check(sd);
}

void shutdown_check(struct shutdown *sd)
{
	if (sd->phase == SHUTDOWN_UNITS && sd->ops->units_down(sd->ctx))
		enter(sd, SHUTDOWN_TERM);
}

void shutdown_reaped(struct shutdown *sd, bool no_children, bool orphans)
{
	if (sd->phase != SHUTDOWN_TERM && sd->phase != SHUTDOWN_KILL)
		return;
	if (no_children) {
		finish(sd);
		return;
	}
	/* Processes orphaned since the SIGKILL (their parent was killed)
	 * were not listed then: kill them too. */
	if (orphans && sd->phase == SHUTDOWN_KILL)
		(void)shutdown_signal_children(SIGKILL);
}

void shutdown_free(struct shutdown *sd)
{
	if (sd->loop)
		loop_timer_cancel(sd->loop, &sd->timer);
}
