/* timeoutq: same-length deadlines on one timerfd (see timeoutq.h). */
#include <errno.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "timeoutq.h"

/* CLOCK_MONOTONIC: deadlines must not move when the wall clock is set.
 * Non-blocking, so that reading a timer that was re-armed meanwhile
 * (nothing to read) cannot block the loop. */
int timeoutq_init(struct timeoutq *q, usec_t timeout)
{
	*q = (struct timeoutq){.timeout = timeout};
	q->fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	return q->fd < 0 ? -errno : 0;
}

void timeoutq_done(struct timeoutq *q)
{
	if (q->fd >= 0)
		close(q->fd);
	*q = (struct timeoutq){.fd = -1};
}

void timeoutq_arm(struct timeoutq *q)
{
	struct itimerspec its = {0};

	if (q->armed || !q->head)
		return;
	/* Absolute, so that the time spent getting here is not added. */
	its.it_value.tv_sec = (time_t)(q->head->deadline / USEC_PER_SEC);
	its.it_value.tv_nsec = (long)(q->head->deadline % USEC_PER_SEC) * 1000;
	if (timerfd_settime(q->fd, TFD_TIMER_ABSTIME, &its, NULL) == 0)
		q->armed = true;
}

static void unlink_node(struct timeoutq *q, struct timeoutq_node *n)
{
	if (!n->linked)
		return;
	if (n->prev)
		n->prev->next = n->next;
	else
		q->head = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		q->tail = n->prev;
	n->prev = n->next = NULL;
	n->linked = false;
}

/* The timer stays armed when the head goes and others remain: it fires
 * early, finds nothing due, and is armed again at the new head, which is
 * cheaper than a timerfd_settime per removal and never late. When the
 * last node goes it is disarmed, so that an idle daemon does not wake
 * once more for nothing. */
void timeoutq_remove(struct timeoutq *q, struct timeoutq_node *n)
{
	struct itimerspec off = {0};

	if (!n->linked)
		return;
	unlink_node(q, n);
	if (!q->head && q->armed && timerfd_settime(q->fd, 0, &off, NULL) == 0)
		q->armed = false;
}

/* The same timeout for every node keeps the list sorted by deadline
 * when touched nodes go last; arming only when unarmed keeps touches
 * free of system calls but the clock read. */
void timeoutq_touch(struct timeoutq *q, struct timeoutq_node *n)
{
	unlink_node(q, n);
	n->deadline = now_monotonic() + q->timeout;
	n->prev = q->tail;
	if (q->tail)
		q->tail->next = n;
	else
		q->head = n;
	q->tail = n;
	n->linked = true;
	timeoutq_arm(q);
}

void timeoutq_fired(struct timeoutq *q)
{
	uint64_t ticks;

	/* EAGAIN: it fired and was re-armed meanwhile; nothing to read. */
	if (read(q->fd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
		return; /* still readable, and so reported again */
	q->armed = false;
}

/* Only the head can be due first: the list is in deadline order. */
struct timeoutq_node *timeoutq_due(const struct timeoutq *q, usec_t now)
{
	return q->head && q->head->deadline <= now ? q->head : NULL;
}
