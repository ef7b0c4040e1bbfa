/* crash: see crash.h. Everything the handler calls is async-signal-safe
 * (write, sync, reboot, fork, setsid, ioctl, sigprocmask, execve,
 * waitpid, pause). */
#include "crash.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
static bool crash_shell, crash_reboot;
/* The handler's own stack: big enough for it, small enough to keep. */
static char alt_stack[32768];

static void say(const char *s)
{
	(void)!write(STDERR_FILENO, s, strlen(s));
}

/* n in base (10 or 16) into the end of buf; the start of the digits. */
static char *fmt_num(char *buf, size_t size, uintptr_t n, unsigned base)
{
	char *p = buf + size - 1;

	*p = '\0';
	do {
		*--p = "0123456789abcdef"[n % base];
		n /= base;
	} while (n && p > buf);
	return p;
}

static void on_crash(int sig, siginfo_t *si, void *uc)
{
	char num[32];
	sigset_t all;

	(void)uc;
	/* Sent by someone else (si_code <= 0 and another pid): not a
	 * fault of ours; process 1 ignores such a signal. */
	if (si->si_code <= 0 && si->si_pid != getpid())
		return;
	say("svinit: crashed: signal ");
	say(fmt_num(num, sizeof(num), (uintptr_t)sig, 10));
	say(" (");
	say(sigabbrev_np(sig) ? sigabbrev_np(sig) : "?");
	say(") at 0x");
	say(fmt_num(num, sizeof(num), (uintptr_t)si->si_addr, 16));
	say(crash_reboot  ? "; rebooting\n"
	    : crash_shell ? "; starting a shell on the console, then "
			    "freezing (the services run unsupervised)\n"
			  : "; freezing (the services run unsupervised)\n");
	if (crash_reboot) {
		sync();
		reboot(RB_AUTOBOOT);
	}
	if (crash_shell && fork() == 0) {
		static char *const argv[] = {"sh", NULL};

		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		setsid();
		(void)ioctl(STDIN_FILENO, TIOCSCTTY, 1);
		execve("/bin/sh", argv, environ);
		_exit(127);
	}
	/* Freeze: never return into the broken code; reap what exits. */
	for (;;)
		if (waitpid(-1, NULL, 0) < 0 && errno == ECHILD)
			pause();
}

int crash_setup(bool shell, bool reboot_)
{
	struct sigaction sa = {.sa_sigaction = on_crash,
			       .sa_flags = SA_SIGINFO | SA_ONSTACK};
	stack_t st = {.ss_sp = alt_stack, .ss_size = sizeof(alt_stack)};
	sigset_t faults;

	crash_shell = shell;
	crash_reboot = reboot_;
	if (sigaltstack(&st, NULL) < 0)
		return -errno;
	/* Every other signal stays blocked while the handler runs. */
	sigfillset(&sa.sa_mask);
	sigemptyset(&faults);
	for (size_t i = 0; i < sizeof(fault_signals) / sizeof(int); i++) {
		if (sigaction(fault_signals[i], &sa, NULL) < 0)
			return -errno;
		sigaddset(&faults, fault_signals[i]);
	}
	/* SIGABRT stays blocked (a SIGABRT from outside then goes to the
	 * loop, which ignores it); abort() unblocks it itself. */
	if (sigaction(SIGABRT, &sa, NULL) < 0)
		return -errno;
	return sigprocmask(SIG_UNBLOCK, &faults, NULL) < 0 ? -errno : 0;
}

void crash_now(const char *kind)
{
	if (strcmp(kind, "segv") == 0) {
		volatile int *volatile p = NULL;

		*p = 1;
	} else if (strcmp(kind, "abort") == 0) {
		abort();
	}
}
