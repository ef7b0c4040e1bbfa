/* procset: a unit's processes as the set of their process groups (see
 * procset.h). */
#include "procset.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "sys.h"

void procset_clear(struct procset *p)
{
	memset(p, 0, sizeof(*p));
}

/* EPERM means the group exists but a member changed its ids: alive. */
static bool group_alive(pid_t pgid)
{
	return sys.kill(-pgid, 0) == 0 || errno == EPERM;
}

/* Drop the groups that have no process left. */
void procset_prune(struct procset *p)
{
	unsigned k = 0;

	for (unsigned i = 0; i < p->n; i++)
		if (group_alive(p->groups[i]))
			p->groups[k++] = p->groups[i];
	p->n = k;
}

int procset_add_group(struct procset *p, pid_t pgid)
{
	int r = 0;

	/* svinit's own group does not change (it never calls setsid), so
	 * it is asked once. */
	static pid_t own;

	if (own == 0)
		own = sys.getpgid(0);
	if (pgid <= 1 || pgid == own)
		return 0;
	for (unsigned i = 0; i < p->n; i++)
		if (p->groups[i] == pgid)
			return 0;
	if (p->n == PROCSET_MAX)
		procset_prune(p);
	if (p->n == PROCSET_MAX) {
		/* Every group still alive: forget the oldest rather than
		 * the newest, which is the one a stop most needs. */
		memmove(p->groups, p->groups + 1,
			(PROCSET_MAX - 1) * sizeof(*p->groups));
		p->n--;
		r = -ENOSPC;
	}
	p->groups[p->n++] = pgid;
	return r;
}

int procset_add_process(struct procset *p, pid_t pid)
{
	pid_t pgid = sys.getpgid(pid);

	return pgid < 0 ? -errno : procset_add_group(p, pgid);
}

unsigned procset_kill(struct procset *p, int sig, pid_t also)
{
	unsigned n = 0;
	bool reached = false;

	for (unsigned i = 0; i < p->n; i++) {
		if (sys.kill(-p->groups[i], sig) < 0)
			continue;
		n++;
		reached |= p->groups[i] == also;
	}
	if (also > 1 && !reached && sys.kill(also, sig) == 0)
		n++;
	return n;
}

bool procset_empty(struct procset *p)
{
	procset_prune(p);
	return p->n == 0;
}
