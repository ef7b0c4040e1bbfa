/*
 * pid1: what svinit owes a machine when it is its first process.
 *
 * Owns: the early set-up of a machine that booted straight into svinit
 * (the kernel file systems, /run, the cgroup file system, the hostname,
 * the loopback interface, the console), and the end of its life: sync,
 * every file system unmounted or made read-only, then reboot(2) with the
 * action asked for. It knows nothing of units: the manager decides when
 * the units are down and which action was asked (a signal, svctl).
 *
 * Which role: process 1 of the initial PID namespace without `container=`
 * in the environment is a machine; anything else (a plain daemon, process
 * 1 of a PID namespace of a test, a container) gets none of this, so
 * tests and containers never mount, unmount or reboot anything.
 *
 * As in every init, what fails here is reported on the console and
 * svinit goes on: a machine with a missing /dev/pts still boots.
 */
#ifndef SVINIT_PID1_H
#define SVINIT_PID1_H

#include <stdbool.h>

/* What svinit does once every unit is down. */
enum pid1_action {
	PID1_EXIT,     /* not the init of a machine: leave the loop */
	PID1_POWEROFF, /* SIGUSR2, SIGPWR, svctl poweroff */
	PID1_REBOOT,   /* SIGTERM, SIGINT (ctrl-alt-del), svctl reboot */
	PID1_HALT,     /* SIGUSR1, svctl halt */
};

/* svinit is the first process of a machine (not of a container). */
bool pid1_is_machine(void);

/* The early set-up, each step only where it is missing; problems are
 * printed and skipped. Returns how many steps failed. */
int pid1_setup(void);
/* When pid1_setup began, in seconds of CLOCK_BOOTTIME (from the kernel's
 * start); -1 before it ran. */
double pid1_setup_started(void);

/* sync, unmount (deepest first, again while any succeeds; what stays
 * busy is remounted read-only), sync, then reboot(2) for a. Reports each
 * step and the time it took on the console. Does not return: if
 * reboot(2) itself fails, it waits forever (PID 1 must not exit). */
_Noreturn void pid1_final(enum pid1_action a);

/*
 * What the kernel command line asks of svinit (/proc/cmdline, read after
 * the early mounts): svinit.target=UNIT, svinit.units=DIR (may repeat;
 * replaces the unit directories), svinit.log_level=LEVEL,
 * svinit.show_status=yes|no, svinit.crash_shell=, svinit.crash_reboot=,
 * svinit.debug_crash=, and `single` or `emergency` (a shell on the
 * console instead of the units). Unknown words are left alone. The
 * strings point into a static copy of the line.
 */
struct pid1_cmdline {
	const char *target, *log_level;
	const char *units[8];
	int n_units;
	int show_status; /* -1 not given, 0, 1 */
	bool emergency;
	/* svinit.crash_shell=1, svinit.crash_reboot=1: what a crash of
	 * svinit does (crash.h); svinit.debug_crash=segv|abort: crash on
	 * purpose 3 s after the start (the VM test of the handler). */
	bool crash_shell, crash_reboot;
	const char *debug_crash;
};
void pid1_read_cmdline(struct pid1_cmdline *c);
/* Parse a command line's text (tests). */
void pid1_parse_cmdline(char *line, struct pid1_cmdline *c);

/*
 * The environment every service of a machine starts with (besides
 * PATH, which spawn always sets): TERM as the kernel gave it to process 1
 * (term, "linux" when NULL or invalid), and LANG, LANGUAGE and the LC_*
 * variables of the locale file at locale_path (Debian's
 * /etc/default/locale) when it exists. Nothing else of the kernel's
 * environment (its unknown `KEY=VALUE` words) reaches a service. Stores
 * a new vector in *env; -ENOMEM, or an error reading the file other
 * than -ENOENT.
 */
#define PID1_LOCALE_FILE "/etc/default/locale"
int pid1_service_env(const char *locale_path, const char *term, char ***env);
/* The locale variables (LANG, LANGUAGE, LC_*) of an environment file,
 * added to *env; every other line is left out. */
int pid1_read_locale(const char *path, char ***env);

/* "power off", "reboot", "halt", "exit". */
const char *pid1_action_name(enum pid1_action a);

#endif
