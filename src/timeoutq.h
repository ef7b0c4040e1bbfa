/*
 * timeoutq: deadlines that all have the same length, on one timerfd.
 *
 * Owns: a list of nodes in the order of their deadlines and the timerfd
 * armed at the earliest one. When every deadline is "the last touch +
 * the same timeout", a touched node's deadline is the latest of all, so
 * moving it to the tail keeps the list sorted: touch, remove and finding
 * the earliest are O(1), with no heap.
 *
 * The timer is re-armed only when it fires, never on a touch: touches
 * move deadlines later and new nodes come last, so the armed time stays
 * at or before the earliest deadline. It may fire early and find nothing
 * due (at most once per timeout), never late. When the last node is
 * removed the timer is disarmed, so a process with nothing to time out
 * sleeps.
 *
 * The owner watches timeoutq_fd for EPOLLIN in its own epoll set, calls
 * timeoutq_fired when it is readable, then takes timeoutq_due nodes
 * until there are none (removing each, or touching it), then calls
 * timeoutq_arm. The timeout may change only while the queue is empty.
 * Nodes are embedded in the owner's objects; nothing here allocates
 * after init.
 */
#ifndef SVINIT_TIMEOUTQ_H
#define SVINIT_TIMEOUTQ_H

#include <stdbool.h>

#include "util.h"

struct timeoutq_node {
	struct timeoutq_node *prev, *next;
	usec_t deadline;
	bool linked;
};

struct timeoutq {
	struct timeoutq_node *head, *tail;
	usec_t timeout;
	int fd; /* timerfd, CLOCK_MONOTONIC, CLOEXEC, non-blocking */
	bool armed;
};

/* 0 or -errno (from timerfd_create). */
int timeoutq_init(struct timeoutq *q, usec_t timeout);
void timeoutq_done(struct timeoutq *q);
static inline int timeoutq_fd(const struct timeoutq *q)
{
	return q->fd;
}

/* n's deadline is the timeout from now; it goes last. */
void timeoutq_touch(struct timeoutq *q, struct timeoutq_node *n);
/* n has no deadline any more (it may not be on the queue). */
void timeoutq_remove(struct timeoutq *q, struct timeoutq_node *n);
/* The timer fired: read it, so that the fd is quiet again. */
void timeoutq_fired(struct timeoutq *q);
/* The earliest node whose deadline has passed at now, or NULL. */
struct timeoutq_node *timeoutq_due(const struct timeoutq *q, usec_t now);
/* Arm the timer at the earliest deadline unless it is armed already. A
 * failed timerfd_settime leaves it unarmed and the next touch retries:
 * a deadline is then late, nothing worse. */
void timeoutq_arm(struct timeoutq *q);

#endif
