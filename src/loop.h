/*
 * loop: the daemon's one event loop.
 *
 * Owns: the epoll instance, the signalfd (every catchable signal is blocked
 * at loop_init, so signals arrive only as readable data), and one min-heap
 * of deadlines whose earliest entry becomes the epoll_wait timeout. Nothing
 * else in svinit waits: no sleep, no polling, no periodic rescan.
 *
 * Callers embed `struct loop_io` and `struct loop_timer` in their own
 * objects, so registering an fd or arming a timer allocates only when the
 * heap grows. A watched fd must be removed with loop_io_del before it is
 * closed; removal during dispatch is safe (pending events for it are
 * discarded). Timers use CLOCK_MONOTONIC microseconds.
 */
#ifndef SVINIT_LOOP_H
#define SVINIT_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/signalfd.h>

#include "util.h"

struct loop;

struct loop_io {
	int fd;
	void (*fn)(struct loop_io *io, uint32_t events);
};

struct loop_timer {
	usec_t when;
	size_t heap_index; /* position in the heap; SIZE_MAX when idle */
	void (*fn)(struct loop_timer *t);
};

typedef void (*loop_signal_fn)(void *data, const struct signalfd_siginfo *si);

#define LOOP_MAX_EVENTS 64

struct loop {
	int epfd;
	int sigfd;
	struct loop_io sig_io;
	loop_signal_fn on_signal;
	void *signal_data;
	struct loop_timer **heap;
	size_t n_heap, cap_heap;
	struct epoll_event *events; /* the batch being dispatched */
	int n_events, cur_event;
	bool quit;
	uint64_t wakeups; /* epoll_wait returns, for the idle benchmark */
};

/* Block every signal and open epoll and the signalfd. 0 or -errno. */
int loop_init(struct loop *l, loop_signal_fn on_signal, void *data);
void loop_done(struct loop *l);

int loop_io_add(struct loop *l, struct loop_io *io, uint32_t events);
/* Safe to call from any callback, including io's own. */
void loop_io_del(struct loop *l, struct loop_io *io);

void loop_timer_init(struct loop_timer *t, void (*fn)(struct loop_timer *));
/* Make room for n armed timers at once, so that arming up to n never
 * allocates (and so never fails). 0 or -ENOMEM. */
int loop_timer_reserve(struct loop *l, size_t n);
/* Arm (or move) t to fire at `when`. 0, or -ENOMEM when more timers are
 * armed than were reserved and the heap cannot grow. */
int loop_timer_set(struct loop *l, struct loop_timer *t, usec_t when);
void loop_timer_cancel(struct loop *l, struct loop_timer *t);
static inline bool loop_timer_armed(const struct loop_timer *t)
{
	return t->heap_index != SIZE_MAX;
}

/* Wait for one batch of events and dispatch it, then every expired
 * timer. 0, or -errno when epoll_wait failed (EINTR is not an error). */
int loop_run_once(struct loop *l);
/* Run until loop_quit. */
int loop_run(struct loop *l);
void loop_quit(struct loop *l);

/* The signal mask the daemon had before loop_init blocked everything;
 * children restore it (spawn) before exec. */
extern sigset_t loop_saved_sigmask;

#endif
