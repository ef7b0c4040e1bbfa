/* loop: epoll, the signalfd and the deadline heap (see loop.h). */
#include "loop.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

/* What the mask was before loop_init: a spawned child restores it, so
 * that services start with the signals their parent had, not ours. */
sigset_t loop_saved_sigmask;

/* Every queued signal is read and handed over, a batch at a time, until
 * the signalfd is empty: the fd is level-triggered, but one SIGCHLD may
 * stand for many exits and the handler reaps them all, so draining here
 * keeps the number of wakeups per burst small. */
static void signal_ready(struct loop_io *io, uint32_t events)
{
	struct loop *l =
		(struct loop *)((char *)io - offsetof(struct loop, sig_io));
	struct signalfd_siginfo si[16];

	(void)events;
	for (;;) {
		ssize_t n = read(l->sigfd, si, sizeof(si));

		if (n <= 0)
			return; /* EAGAIN: drained */
		for (size_t i = 0; i < (size_t)n / sizeof(si[0]); i++)
			if (l->on_signal)
				l->on_signal(l->signal_data, &si[i]);
	}
}

int loop_init(struct loop *l, loop_signal_fn on_signal, void *data)
{
	sigset_t all;

	memset(l, 0, sizeof(*l));
	l->epfd = l->sigfd = -1;
	l->on_signal = on_signal;
	l->signal_data = data;

	sigfillset(&all);
	/* Faults must stay deliverable: blocking them turns a bug into a
	 * silent hang or an immediate kill anyway. */
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGABRT);
	if (sigprocmask(SIG_BLOCK, &all, &loop_saved_sigmask) < 0)
		return -errno;

	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0)
		return -errno;
	l->sigfd = signalfd(-1, &all, SFD_CLOEXEC | SFD_NONBLOCK);
	if (l->sigfd < 0) {
		int r = -errno;

		loop_done(l);
		return r;
	}
	l->sig_io.fd = l->sigfd;
	l->sig_io.fn = signal_ready;
	return loop_io_add(l, &l->sig_io, EPOLLIN);
}

/* Closing the epoll fd is enough for the watched fds: they belong to
 * their owners, who close them. */
void loop_done(struct loop *l)
{
	if (l->sigfd >= 0)
		close(l->sigfd);
	if (l->epfd >= 0)
		close(l->epfd);
	free(l->heap);
	l->heap = NULL;
	l->n_heap = l->cap_heap = 0;
	l->sigfd = l->epfd = -1;
}

/* The io itself is the event's data, so dispatch needs no lookup; the
 * caller keeps io alive until loop_io_del. */
int loop_io_add(struct loop *l, struct loop_io *io, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = io};

	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, io->fd, &ev) < 0 ? -errno : 0;
}

/* Besides leaving the epoll set, an io removed while a batch is being
 * dispatched must not be called for the rest of that batch (its owner
 * may free it right after): its pending events are blanked. */
void loop_io_del(struct loop *l, struct loop_io *io)
{
	/* ENOENT/EBADF only mean it was never added or is already closed. */
	(void)epoll_ctl(l->epfd, EPOLL_CTL_DEL, io->fd, NULL);
	for (int i = l->cur_event; i < l->n_events; i++)
		if (l->events[i].data.ptr == io)
			l->events[i].data.ptr = NULL;
}

/* The deadline heap: a binary min-heap on `when`, each timer knowing its
 * slot so that cancel and re-arm are O(log n). */

static void heap_place(struct loop *l, size_t i, struct loop_timer *t)
{
	l->heap[i] = t;
	t->heap_index = i;
}

static void heap_up(struct loop *l, size_t i)
{
	struct loop_timer *t = l->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (l->heap[parent]->when <= t->when)
			break;
		heap_place(l, i, l->heap[parent]);
		i = parent;
	}
	heap_place(l, i, t);
}

/* Move the timer at i down until both children are later. */
static void heap_down(struct loop *l, size_t i)
{
	struct loop_timer *t = l->heap[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= l->n_heap)
			break;
		if (c + 1 < l->n_heap &&
		    l->heap[c + 1]->when < l->heap[c]->when)
			c++;
		if (t->when <= l->heap[c]->when)
			break;
		heap_place(l, i, l->heap[c]);
		i = c;
	}
	heap_place(l, i, t);
}

void loop_timer_init(struct loop_timer *t, void (*fn)(struct loop_timer *))
{
	t->when = 0;
	t->heap_index = SIZE_MAX;
	t->fn = fn;
}

/* The last entry fills the hole and is moved up or down to its place:
 * O(log n), and a timer that is not armed is left alone. */
void loop_timer_cancel(struct loop *l, struct loop_timer *t)
{
	size_t i = t->heap_index;
	struct loop_timer *last;

	if (i == SIZE_MAX)
		return;
	t->heap_index = SIZE_MAX;
	last = l->heap[--l->n_heap];
	if (i == l->n_heap)
		return;
	heap_place(l, i, last);
	heap_up(l, i);
	heap_down(l, last->heap_index);
}

int loop_timer_reserve(struct loop *l, size_t n)
{
	struct loop_timer **h;

	if (n <= l->cap_heap)
		return 0;
	h = realloc(l->heap, n * sizeof(*h));
	if (!h)
		return -ENOMEM;
	l->heap = h;
	l->cap_heap = n;
	return 0;
}

/* An armed timer moves in place; a new one is appended and moved up.
 * Only the append can allocate, and not while fewer timers are armed
 * than loop_timer_reserve made room for. */
int loop_timer_set(struct loop *l, struct loop_timer *t, usec_t when)
{
	if (t->heap_index != SIZE_MAX) {
		usec_t old = t->when;

		t->when = when;
		if (when < old)
			heap_up(l, t->heap_index);
		else
			heap_down(l, t->heap_index);
		return 0;
	}
	if (l->n_heap == l->cap_heap) {
		size_t cap = l->cap_heap ? l->cap_heap * 2 : 64;
		struct loop_timer **h = realloc(l->heap, cap * sizeof(*h));

		if (!h)
			return -ENOMEM;
		l->heap = h;
		l->cap_heap = cap;
	}
	t->when = when;
	heap_place(l, l->n_heap++, t);
	heap_up(l, t->heap_index);
	return 0;
}

/* The epoll_wait timeout: -1 (none) without a deadline, else the time
 * to the earliest one. This is the only place the loop decides how long
 * to sleep: with no deadline armed an idle daemon never wakes. */
static int next_timeout_ms(const struct loop *l)
{
	usec_t now, when;

	if (l->n_heap == 0)
		return -1;
	when = l->heap[0]->when;
	now = now_monotonic();
	if (when <= now)
		return 0;
	/* Round up so that we never wake before the deadline. */
	when = (when - now + USEC_PER_MSEC - 1) / USEC_PER_MSEC;
	return when > INT32_MAX ? INT32_MAX : (int)when;
}

/* Fire every timer that is due, earliest first. A callback may arm or
 * cancel timers (its own too): each is taken off the heap before it is
 * called, and `now` is read once so that a timer re-armed for "now"
 * waits for the next turn instead of looping here. */
static void run_timers(struct loop *l)
{
	usec_t now = now_monotonic();

	while (l->n_heap > 0 && l->heap[0]->when <= now) {
		struct loop_timer *t = l->heap[0];

		loop_timer_cancel(l, t);
		t->fn(t);
	}
}

/* One turn: wait, dispatch the batch (callbacks may add and delete fds,
 * see loop_io_del), then the deadlines that passed meanwhile. */
int loop_run_once(struct loop *l)
{
	struct epoll_event events[LOOP_MAX_EVENTS];
	int n = epoll_wait(l->epfd, events, LOOP_MAX_EVENTS,
			   next_timeout_ms(l));

	l->wakeups++;
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	l->events = events;
	l->n_events = n;
	for (l->cur_event = 0; l->cur_event < l->n_events;) {
		struct epoll_event *ev = &events[l->cur_event++];
		struct loop_io *io = ev->data.ptr;

		if (io)
			io->fn(io, ev->events);
	}
	l->events = NULL;
	l->n_events = l->cur_event = 0;
	run_timers(l);
	return 0;
}

int loop_run(struct loop *l)
{
	l->quit = false;
	while (!l->quit) {
		int r = loop_run_once(l);

		if (r < 0)
			return r;
	}
	return 0;
}

void loop_quit(struct loop *l)
{
	l->quit = true;
}
