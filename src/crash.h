/*
 * crash: what happens when svinit itself faults as the init of a machine.
 *
 * The kernel panics when process 1 dies, so a bug in svinit must not
 * kill it: a fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE) or an abort()
 * (SIGABRT) runs a handler, on a stack of its own (a stack overflow is a
 * fault too), that says so on the console and then, as the kernel
 * command line asks: starts a shell on the console
 * (svinit.crash_shell=1), reboots (svinit.crash_reboot=1), or by default
 * freezes, reaping orphans forever so that none stays a zombie, as
 * systemd's crash handler does. The services keep running; nothing
 * supervises them any more.
 *
 * The same signals sent by another process are not crashes: process 1
 * ignores them, as it ignores every signal it has no use for.
 */
#ifndef SVINIT_CRASH_H
#define SVINIT_CRASH_H

#include <stdbool.h>

/* Install the handlers and unblock the fault signals (the loop blocks
 * every signal; a blocked fault would kill svinit). 0 or -errno. */
int crash_setup(bool shell, bool reboot);

/* The test hook of the kernel command line's svinit.debug_crash=: fault
 * now, for real ("segv": a write through a null pointer; "abort":
 * abort()). Unknown kinds do nothing. */
void crash_now(const char *kind);

#endif
