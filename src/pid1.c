/* pid1: a machine's early set-up and final shutdown (see pid1.h). */
#include "pid1.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "env.h"
#include "slog.h"
#include "util.h"

/* The inode of the initial PID namespace, fixed by the kernel
 * (PROC_PID_INIT_INO). */
#define INITIAL_PID_NS_INO 0xEFFFFFFCU

/*
 * Process 1 of the initial PID namespace, and not told it is a container.
 * Process 1 of any other PID namespace (a test, a container runtime that
 * does not set container=) must never mount, unmount or reboot: the
 * mounts and the read-only remount would reach file systems shared with
 * the host. A machine that booted into svinit has no /proc yet; once
 * /proc is there, its PID namespace says.
 */
bool pid1_is_machine(void)
{
	struct stat st;

	if (getpid() != 1 || getenv("container"))
		return false;
	if (stat("/proc/self/ns/pid", &st) < 0)
		return errno == ENOENT; /* no /proc (yet): a booting machine */
	return st.st_ino == INITIAL_PID_NS_INO;
}

const char *pid1_action_name(enum pid1_action a)
{
	static const char *const names[] = {
		[PID1_EXIT] = "exit",
		[PID1_POWEROFF] = "power off",
		[PID1_REBOOT] = "reboot",
		[PID1_HALT] = "halt",
	};
	return (unsigned)a < ARRAY_SIZE(names) ? names[a] : "?";
}

/* Whether path is a mount point: on another device than its parent, or
 * the root of its device. */
static bool mounted(const char *path)
{
	char parent[256];
	struct stat a, b;

	if (stat(path, &a) < 0)
		return false;
	snprintf(parent, sizeof(parent), "%s/..", path);
	if (stat(parent, &b) < 0)
		return false;
	return a.st_dev != b.st_dev || a.st_ino == b.st_ino;
}

/* The early mounts, in order: each needs the one before it. */
static const struct {
	const char *what, *where, *type, *opts;
	unsigned long flags;
} early[] = {
	{"proc", "/proc", "proc", NULL, MS_NOSUID | MS_NOEXEC | MS_NODEV},
	{"sysfs", "/sys", "sysfs", NULL, MS_NOSUID | MS_NOEXEC | MS_NODEV},
	{"devtmpfs", "/dev", "devtmpfs", "mode=0755", MS_NOSUID},
	{"devpts", "/dev/pts", "devpts", "mode=0620,gid=5,ptmxmode=0666",
	 MS_NOSUID | MS_NOEXEC},
	{"tmpfs", "/dev/shm", "tmpfs", "mode=1777", MS_NOSUID | MS_NODEV},
	{"tmpfs", "/run", "tmpfs", "mode=0755", MS_NOSUID | MS_NODEV},
	/* cgroup v2, as current distributions have it (the cgroup module
	 * finds what is mounted; a kernel without cgroup2 gets none). */
	{"cgroup2", "/sys/fs/cgroup", "cgroup2", NULL,
	 MS_NOSUID | MS_NOEXEC | MS_NODEV},
};

/* The console for svinit's own messages when the kernel gave none (an
 * initramfs /init may start with fds 0-2 closed). */
static void console(void)
{
	int fd;

	if (fcntl(2, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i); /* dup2 clears close-on-exec on 0-2 */
	if (fd > 2)
		close(fd);
}

/* /etc/hostname's first line, when there is one. */
static int hostname(void)
{
	char name[256];
	FILE *f = fopen("/etc/hostname", "re");
	size_t n;

	if (!f)
		return errno == ENOENT ? 0 : -errno;
	if (!fgets(name, sizeof(name), f)) {
		fclose(f);
		return 0;
	}
	fclose(f);
	n = strcspn(name, " \t\n#");
	if (n == 0)
		return 0;
	return sethostname(name, n) < 0 ? -errno : 0;
}

/* The loopback interface up, as every service expects it. */
static int loopback(void)
{
	struct ifreq ifr = {0};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		r = -errno;
	else if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			r = -errno;
	}
	close(fd);
	return r;
}

static double setup_started = -1;

double pid1_setup_started(void)
{
	return setup_started;
}

int pid1_setup(void)
{
	int failed = 0, r;
	struct timespec t;

	/* svinit's first step as the init of a machine: the boot time it
	 * reports counts from here (manager). */
	if (clock_gettime(CLOCK_BOOTTIME, &t) == 0)
		setup_started = (double)t.tv_sec + (double)t.tv_nsec / 1e9;

	for (size_t i = 0; i < ARRAY_SIZE(early); i++) {
		if (mounted(early[i].where))
			continue;
		(void)mkdir(early[i].where, 0755);
		if (mount(early[i].what, early[i].where, early[i].type,
			  early[i].flags, early[i].opts) < 0) {
			slog(SLOG_ERR, "cannot mount %s on %s: %s",
			     early[i].type, early[i].where, strerror(errno));
			failed++;
		}
	}
	/* After /dev, where the console is. */
	console();
	/* After /proc and /sys, which cgroups and much else need. */
	if ((r = hostname()) < 0) {
		slog(SLOG_ERR, "cannot set the hostname: %s", strerror(-r));
		failed++;
	}
	if ((r = loopback()) < 0) {
		slog(SLOG_ERR, "cannot bring up lo: %s", strerror(-r));
		failed++;
	}
	/* Ctrl-alt-del becomes SIGINT to us instead of an instant reboot. */
	if (reboot(RB_DISABLE_CAD) < 0) {
		slog(SLOG_ERR, "cannot catch ctrl-alt-del: %s",
		     strerror(errno));
		failed++;
	}
	return failed;
}

/* The variables of locale(7): LANG, LANGUAGE and the LC_* categories
 * (LC_ALL too, which a locale file should not set but may). */
static bool locale_var(const char *assignment)
{
	return str_has_prefix(assignment, "LANG=") ||
	       str_has_prefix(assignment, "LANGUAGE=") ||
	       str_has_prefix(assignment, "LC_");
}

int pid1_read_locale(const char *path, char ***env)
{
	char **all = NULL;
	/* The shell syntax of an environment file is what Debian's
	 * update-locale writes (LANG=C.UTF-8, or quoted); a line that is
	 * not an assignment is skipped, as in EnvironmentFile=. */
	int r = env_read_file(path, &all, NULL);

	for (size_t i = 0; r >= 0 && all && all[i]; i++)
		if (locale_var(all[i]))
			r = env_set(env, all[i]);
	strv_free(all);
	return r;
}

int pid1_service_env(const char *locale_path, const char *term, char ***env)
{
	char **e = NULL;
	int r;

	/* The kernel gives process 1 TERM=linux, or what `TERM=` on its
	 * command line says (vt220 for a serial console): the one thing of
	 * its environment that describes the machine rather than a typo. */
	if (!term || !*term || strchr(term, '/') || strlen(term) > 64)
		term = "linux";
	r = env_set_kv(&e, "TERM", term);
	if (r >= 0) {
		r = pid1_read_locale(locale_path, &e);
		if (r == -ENOENT)
			r = 0;
	}
	if (r < 0) {
		strv_free(e);
		return r;
	}
	*env = e;
	return 0;
}

/* A boolean of the command line: 1, yes, true or on. */
static bool yes(const char *v)
{
	return strcmp(v, "1") == 0 || strcmp(v, "yes") == 0 ||
	       strcmp(v, "true") == 0 || strcmp(v, "on") == 0;
}

void pid1_parse_cmdline(char *line, struct pid1_cmdline *c)
{
	char *save = NULL;

	*c = (struct pid1_cmdline){.show_status = -1};
	for (char *w = strtok_r(line, " \t\n", &save); w;
	     w = strtok_r(NULL, " \t\n", &save)) {
		if (str_has_prefix(w, "svinit.target="))
			c->target = w + strlen("svinit.target=");
		else if (str_has_prefix(w, "svinit.log_level="))
			c->log_level = w + strlen("svinit.log_level=");
		else if (str_has_prefix(w, "svinit.units=") &&
			 c->n_units < (int)ARRAY_SIZE(c->units))
			c->units[c->n_units++] = w + strlen("svinit.units=");
		else if (str_has_prefix(w, "svinit.show_status="))
			c->show_status =
				strcmp(w + strlen("svinit.show_status="),
				       "no") != 0 &&
				strcmp(w + strlen("svinit.show_status="),
				       "0") != 0;
		else if (str_has_prefix(w, "svinit.crash_shell="))
			c->crash_shell = yes(w + strlen("svinit.crash_shell="));
		else if (str_has_prefix(w, "svinit.crash_reboot="))
			c->crash_reboot =
				yes(w + strlen("svinit.crash_reboot="));
		else if (str_has_prefix(w, "svinit.debug_crash="))
			c->debug_crash = w + strlen("svinit.debug_crash=");
		else if (strcmp(w, "single") == 0 ||
			 strcmp(w, "emergency") == 0 || strcmp(w, "S") == 0)
			c->emergency = true;
	}
}

void pid1_read_cmdline(struct pid1_cmdline *c)
{
	static char line[4096];
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, line, sizeof(line) - 1) : -1;

	if (fd >= 0)
		close(fd);
	line[n > 0 ? n : 0] = '\0';
	pid1_parse_cmdline(line, c);
}

/* One pass over the mounts, last mounted first (the deepest of a stack
 * comes after its parent in mountinfo): how many were unmounted. The
 * root is left for the read-only remount. */
static int unmount_pass(void)
{
	char *lines[1024];
	char buf[4096];
	size_t n = 0;
	int done = 0;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return 0;
	while (n < ARRAY_SIZE(lines) && fgets(buf, sizeof(buf), f)) {
		char mnt[4096];

		if (sscanf(buf, "%*s %*s %*s %*s %4095s", mnt) == 1 &&
		    strcmp(mnt, "/") != 0)
			lines[n++] = strdup(mnt);
	}
	fclose(f);
	while (n > 0) {
		char *m = lines[--n];

		/* mountinfo escapes blanks as \040: such names are rare on
		 * a machine's own mounts; they stay mounted, then read-only
		 * with the rest. */
		if (m && umount2(m, 0) == 0)
			done++;
		free(m);
	}
	return done;
}

static void say(const char *what, struct timespec t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	slog(SLOG_ERR, "%s (%.3f s into the shutdown)", what,
	     (double)(t.tv_sec - t0.tv_sec) +
		     (double)(t.tv_nsec - t0.tv_nsec) / 1e9);
}

_Noreturn void pid1_final(enum pid1_action a)
{
	static const int cmd[] = {
		[PID1_EXIT] = RB_POWER_OFF,
		[PID1_POWEROFF] = RB_POWER_OFF,
		[PID1_REBOOT] = RB_AUTOBOOT,
		[PID1_HALT] = RB_HALT_SYSTEM,
	};
	struct timespec t0;
	int passes = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	sync();
	/* Again while a pass frees something: an inner mount can keep its
	 * parent busy only until it is gone itself. */
	while (passes++ < 16 && unmount_pass() > 0)
		;
	/* What is still busy (/, the kernel's own) goes read-only, so that
	 * nothing is lost when the power goes. */
	if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0 &&
	    errno != EINVAL)
		slog(SLOG_ERR, "cannot remount / read-only: %s",
		     strerror(errno));
	sync();
	say(a == PID1_REBOOT ? "rebooting"
	    : a == PID1_HALT ? "halting"
			     : "powering off",
	    t0);
	reboot(cmd[a]);
	/* Only when reboot(2) failed: never exit, the kernel would panic. */
	slog(SLOG_ERR, "reboot(2) failed: %s; waiting forever",
	     strerror(errno));
	for (;;)
		pause();
}
