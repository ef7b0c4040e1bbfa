/*
 * notifier: a test daemon that speaks sd_notify through libsystemd, as a
 * real daemon does (tests only: svinit itself never links libsystemd).
 * Its arguments are a small script, run in order:
 *
 *   sleep MS          wait MS milliseconds
 *   notify TEXT       sd_notify(0, TEXT); "\n" in TEXT separates lines
 *   child TEXT        a child sends TEXT and lives on for 3 s (so that the
 *                     receiver can still find its cgroup)
 *   fork              a child runs the rest of the script; the parent
 *                     says MAINPID=child and exits 0
 *   watchdog          ping WATCHDOG=1 every WATCHDOG_USEC/4, forever
 *   reload-on-hup     on SIGHUP: RELOADING=1 with MONOTONIC_USEC, then
 *                     READY=1 (the loop of `pause` or `watchdog` does it)
 *   store NAME TEXT   put a memfd holding TEXT in the descriptor store
 *                     (FDSTORE=1, FDNAME=NAME)
 *   show-fds          print LISTEN_FDS=, LISTEN_FDNAMES= and what the
 *                     descriptors passed hold (memfds from `store`)
 *   pause             wait for signals forever
 *   exit N            exit with status N
 *
 * Every sd_notify result is checked: a message that did not go out fails
 * the test daemon (exit 99), so a test never passes on a silent helper.
 */
#include <errno.h>
#include <sys/mman.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_hup;

static void on_hup(int sig)
{
	got_hup = 1;
}

static void msleep(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void say(const char *text)
{
	char buf[4096];
	size_t o = 0;

	/* "\n" as two characters becomes a newline. */
	for (const char *p = text; *p && o + 1 < sizeof(buf); p++) {
		if (p[0] == '\\' && p[1] == 'n') {
			buf[o++] = '\n';
			p++;
		} else {
			buf[o++] = *p;
		}
	}
	buf[o] = '\0';
	if (sd_notify(0, buf) <= 0) {
		fprintf(stderr, "notifier: sd_notify(%s) failed\n", buf);
		exit(99);
	}
}

static void reload_if_asked(void)
{
	struct timespec ts;
	char buf[128];

	if (!got_hup)
		return;
	got_hup = 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(buf, sizeof(buf), "RELOADING=1\\nMONOTONIC_USEC=%llu",
		 (unsigned long long)ts.tv_sec * 1000000ULL +
			 (unsigned long long)ts.tv_nsec / 1000);
	say(buf);
	msleep(200);
	say("READY=1\\nSTATUS=reloaded");
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		const char *c = argv[i];
		const char *arg = i + 1 < argc ? argv[i + 1] : "";

		if (strcmp(c, "sleep") == 0) {
			msleep(atol(arg));
			i++;
		} else if (strcmp(c, "notify") == 0) {
			say(arg);
			i++;
		} else if (strcmp(c, "child") == 0) {
			pid_t p = fork();

			if (p == 0) {
				say(arg);
				msleep(3000);
				_exit(0);
			}
			if (p < 0)
				return 99;
			i++;
		} else if (strcmp(c, "fork") == 0) {
			pid_t p = fork();
			char buf[64];

			if (p < 0)
				return 99;
			if (p > 0) {
				snprintf(buf, sizeof(buf), "MAINPID=%d",
					 (int)p);
				say(buf);
				return 0;
			}
			msleep(300); /* the parent's word goes first */
		} else if (strcmp(c, "watchdog") == 0) {
			uint64_t usec = 0;

			if (sd_watchdog_enabled(0, &usec) <= 0) {
				fprintf(stderr, "notifier: no watchdog\n");
				return 99;
			}
			for (;;) {
				reload_if_asked();
				say("WATCHDOG=1");
				msleep((long)(usec / 4000));
			}
		} else if (strcmp(c, "store") == 0 && i + 2 < argc) {
			const char *text = argv[i + 2];
			int fd = memfd_create("notifier", MFD_CLOEXEC);
			char buf[300];

			if (fd < 0 || write(fd, text, strlen(text)) < 0)
				return 99;
			snprintf(buf, sizeof(buf), "FDSTORE=1\nFDNAME=%s", arg);
			if (sd_pid_notify_with_fds(0, 0, buf, &fd, 1) <= 0)
				return 99;
			close(fd);
			i += 2;
		} else if (strcmp(c, "show-fds") == 0) {
			const char *n = getenv("LISTEN_FDS");
			const char *names = getenv("LISTEN_FDNAMES");

			printf("LISTEN_FDS=%s LISTEN_FDNAMES=%s\n",
			       n ? n : "unset", names ? names : "unset");
			for (int k = 0; n && k < atoi(n); k++) {
				char buf[256];
				ssize_t got =
					pread(3 + k, buf, sizeof(buf) - 1, 0);

				buf[got > 0 ? got : 0] = '\0';
				printf("fd %d holds: %s\n", 3 + k, buf);
			}
		} else if (strcmp(c, "reload-on-hup") == 0) {
			signal(SIGHUP, on_hup);
		} else if (strcmp(c, "pause") == 0) {
			for (;;) {
				reload_if_asked();
				msleep(50);
			}
		} else if (strcmp(c, "exit") == 0) {
			return atoi(arg);
		} else {
			fprintf(stderr, "notifier: unknown command %s\n", c);
			return 2;
		}
	}
	return 0;
}
