/*
 * svinit: the command line, then one mode. main() holds no policy: it
 * parses options into struct svinit_opts and hands them to a mode
 * (--verify today; the service runtime later).
 *
 * Exit status: 0 success; 1 a failure (--verify found an error, or a
 * warning with --strict; or the mode failed); 2 a usage error, reported
 * as one line on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "crash.h"
#include "ctlcmd.h"
#include "export.h"
#include "nsmount.h"
#include "diag.h"
#include "graph.h"
#include "load.h"
#include "logfile.h"
#include "manager.h"
#include "parentnotify.h"
#include "pid1.h"
#include "parse.h"
#include "slog.h"
#include "spawn.h"
#include "unit.h"
#include "util.h"
#include "version.h"

enum {
	EXIT_USAGE = 2,
};

struct svinit_opts {
	char **unit_dirs; /* strv, in precedence order */
	const char *runtime_dir;
	const char *log_dir;
	const char *state_dir;
	const char *target;
	const char *export_to; /* --export ENGINE */
	const char *image;     /* --image */
	char **export_units;   /* argv's words after the options */
	bool verify;
	bool strict;		 /* --verify counts warnings as failures */
	int log_level;		 /* enum slog_level */
	uint64_t log_max_size;	 /* rotation threshold of unit logs, bytes */
	unsigned log_keep;	 /* rotated files kept per unit */
	const char *cgroup_root; /* NULL: svinit's own cgroup */
	bool container;		 /* --container */
	bool notify_parent;	 /* --notify-parent */
	bool no_cgroups;
};

static const char *const default_unit_dirs[] = {
	"/etc/svinit/units",
	"/usr/lib/svinit/units",
};

static void usage(FILE *out)
{
	fputs("usage: svinit [--units DIR]... [--runtime-dir DIR] "
	      "[--log-dir DIR]\n"
	      "              [--state-dir DIR] [--target UNIT] [--container] "
	      "[--verify]\n"
	      "              [--strict] [--log-level LEVEL] "
	      "[--log-max-size BYTES]\n"
	      "              [--log-keep N] [--cgroup-root PATH] "
	      "[--no-cgroups]\n"
	      "              [--notify-parent] [--help] [--version]\n"
	      "       svinit --export kubernetes [--units DIR]... [--image "
	      "IMAGE] UNIT...\n"
	      "\n"
	      "  --units DIR        a unit directory, in precedence order "
	      "(repeatable;\n"
	      "                     default /etc/svinit/units "
	      "/usr/lib/svinit/units)\n"
	      "  --runtime-dir DIR  control and notify sockets (default "
	      "/run/svinit)\n"
	      "  --log-dir DIR      unit logs (default /var/log/svinit)\n"
	      "  --state-dir DIR    persistent state (default "
	      "/var/lib/svinit)\n"
	      "  --target UNIT      the unit to start (default "
	      "default.target)\n"
	      "  --container        the init of a container: exit with the "
	      "status of\n"
	      "                     its Essential=yes unit (also when "
	      "process 1 has\n"
	      "                     container= in its environment)\n"
	      "  --verify           load and check every unit, print every "
	      "problem,\n"
	      "                     start nothing; exit 0 unless there is an "
	      "error\n"
	      "  --strict           with --verify: warnings fail it too "
	      "(exit 1)\n"
	      "  --log-level LEVEL  error, warning, info or debug (default "
	      "info)\n"
	      "  --log-max-size BYTES\n"
	      "                     rotate a unit log before it would pass "
	      "BYTES (K, M\n"
	      "                     or G suffix; 0 never rotates; default "
	      "10M)\n"
	      "  --log-keep N       rotated files kept per unit, 0 to 99 "
	      "(default 5)\n"
	      "  --cgroup-root PATH the cgroup the units' cgroups go under: "
	      "absolute,\n"
	      "                     or relative to svinit's own (default: "
	      "its own)\n"
	      "  --no-cgroups       track services by process groups only; "
	      "units\n"
	      "                     that set a resource limit cannot start\n"
	      "  --notify-parent    tell the supervisor running svinit "
	      "(NOTIFY_SOCKET)\n"
	      "                     READY=1 once the target's start ended "
	      "(libsystemd)\n",
	      out);
}

static void opts_free(struct svinit_opts *o)
{
	strv_free(o->unit_dirs);
	o->unit_dirs = NULL;
	strv_free(o->export_units);
	o->export_units = NULL;
}

/* Fill o from argv. 0; 1 when --help or --version was answered (exit 0);
 * -EINVAL after printing a one-line usage error; -ENOMEM. */
static int opts_parse(struct svinit_opts *o, int argc, char **argv)
{
	enum {
		OPT_UNITS = 0x100,
		OPT_RUNTIME_DIR,
		OPT_LOG_DIR,
		OPT_STATE_DIR,
		OPT_TARGET,
		OPT_CONTAINER,
		OPT_VERIFY,
		OPT_STRICT,
		OPT_LOG_LEVEL,
		OPT_LOG_MAX_SIZE,
		OPT_LOG_KEEP,
		OPT_CGROUP_ROOT,
		OPT_NO_CGROUPS,
		OPT_NOTIFY_PARENT,
		OPT_EXPORT,
		OPT_IMAGE,
		OPT_HELP,
		OPT_VERSION,
	};
	static const struct option longopts[] = {
		{"units", required_argument, NULL, OPT_UNITS},
		{"runtime-dir", required_argument, NULL, OPT_RUNTIME_DIR},
		{"log-dir", required_argument, NULL, OPT_LOG_DIR},
		{"state-dir", required_argument, NULL, OPT_STATE_DIR},
		{"target", required_argument, NULL, OPT_TARGET},
		{"container", no_argument, NULL, OPT_CONTAINER},
		{"verify", no_argument, NULL, OPT_VERIFY},
		{"strict", no_argument, NULL, OPT_STRICT},
		{"log-level", required_argument, NULL, OPT_LOG_LEVEL},
		{"log-max-size", required_argument, NULL, OPT_LOG_MAX_SIZE},
		{"log-keep", required_argument, NULL, OPT_LOG_KEEP},
		{"cgroup-root", required_argument, NULL, OPT_CGROUP_ROOT},
		{"no-cgroups", no_argument, NULL, OPT_NO_CGROUPS},
		{"notify-parent", no_argument, NULL, OPT_NOTIFY_PARENT},
		{"export", required_argument, NULL, OPT_EXPORT},
		{"image", required_argument, NULL, OPT_IMAGE},
		{"help", no_argument, NULL, OPT_HELP},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0},
	};
	int c;

	*o = (struct svinit_opts){
		.runtime_dir = "/run/svinit",
		.log_dir = "/var/log/svinit",
		.state_dir = "/var/lib/svinit",
		.target = "default.target",
		.log_level = SLOG_INFO,
		.log_max_size = LOGFILE_MAX_SIZE_DEFAULT,
		.log_keep = LOGFILE_KEEP_DEFAULT,
	};
	opterr = 0; /* our own one-line messages */
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_UNITS:
			if (strv_push_dup(&o->unit_dirs, optarg) < 0)
				return -ENOMEM;
			break;
		case OPT_RUNTIME_DIR:
			o->runtime_dir = optarg;
			break;
		case OPT_LOG_DIR:
			o->log_dir = optarg;
			break;
		case OPT_STATE_DIR:
			o->state_dir = optarg;
			break;
		case OPT_TARGET:
			if (!unit_name_is_valid(optarg)) {
				fprintf(stderr,
					"svinit: --target %s: not a unit "
					"name\n",
					optarg);
				return -EINVAL;
			}
			o->target = optarg;
			break;
		case OPT_CONTAINER:
			o->container = true;
			break;
		case OPT_NOTIFY_PARENT:
			o->notify_parent = true;
			break;
		case OPT_EXPORT:
			if (strcmp(optarg, "kubernetes") != 0) {
				fprintf(stderr,
					"svinit: --export %s: only kubernetes "
					"is supported\n",
					optarg);
				return -EINVAL;
			}
			o->export_to = optarg;
			break;
		case OPT_IMAGE:
			o->image = optarg;
			break;
		case OPT_VERIFY:
			o->verify = true;
			break;
		case OPT_STRICT:
			o->strict = true;
			break;
		case OPT_LOG_LEVEL:
			o->log_level = slog_level_from_string(optarg);
			if (o->log_level < 0) {
				fprintf(stderr,
					"svinit: --log-level %s: expected "
					"error, warning, info or debug\n",
					optarg);
				return -EINVAL;
			}
			break;
		case OPT_LOG_MAX_SIZE:
			if (parse_size(optarg, &o->log_max_size) < 0) {
				fprintf(stderr,
					"svinit: --log-max-size %s: expected "
					"a byte count (K, M or G suffix)\n",
					optarg);
				return -EINVAL;
			}
			break;
		case OPT_LOG_KEEP: {
			uint64_t keep;

			if (parse_size(optarg, &keep) < 0 ||
			    strpbrk(optarg, "KMG") || keep > LOGFILE_KEEP_MAX) {
				fprintf(stderr,
					"svinit: --log-keep %s: expected a "
					"number from 0 to %d\n",
					optarg, LOGFILE_KEEP_MAX);
				return -EINVAL;
			}
			o->log_keep = (unsigned)keep;
			break;
		}
		case OPT_CGROUP_ROOT:
			/* A name, not a way out of the hierarchy. */
			if (!optarg[0] || strstr(optarg, "..") ||
			    strchr(optarg, '\n')) {
				fprintf(stderr,
					"svinit: --cgroup-root %s: expected a "
					"cgroup path without \"..\"\n",
					optarg);
				return -EINVAL;
			}
			o->cgroup_root = optarg;
			break;
		case OPT_NO_CGROUPS:
			o->no_cgroups = true;
			break;
		case OPT_HELP:
			usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("svinit %s\n", SVINIT_VERSION);
			return 1;
		case ':':
			fprintf(stderr, "svinit: %s needs an argument\n",
				argv[optind - 1]);
			return -EINVAL;
		default:
			fprintf(stderr,
				"svinit: unknown option %s (see --help)\n",
				argv[optind - 1]);
			return -EINVAL;
		}
	}
	/* The kernel hands the init of a machine the words of its command
	 * line it does not know (`single`, `emergency`): process 1 reads
	 * them from /proc/cmdline instead (pid1.h), and must not fail on
	 * them. */
	if (o->export_to) {
		for (; optind < argc; optind++)
			if (strv_push_dup(&o->export_units, argv[optind]) < 0)
				return -ENOMEM;
		if (!o->export_units) {
			fprintf(stderr, "svinit: --export needs UNIT...\n");
			return -EINVAL;
		}
	}
	if (optind < argc && getpid() != 1) {
		fprintf(stderr, "svinit: unexpected argument %s (see --help)\n",
			argv[optind]);
		return -EINVAL;
	}
	/* Refused rather than ignored: a daemon started with --strict would
	 * suggest that it refuses units with warnings, which it does not. */
	if (o->strict && !o->verify) {
		fprintf(stderr, "svinit: --strict needs --verify\n");
		return -EINVAL;
	}
	/* --units replaces the defaults as soon as it is given once. */
	for (size_t i = 0; !o->unit_dirs && i < ARRAY_SIZE(default_unit_dirs);
	     i++)
		if (strv_push_dup(&o->unit_dirs, default_unit_dirs[i]) < 0)
			return -ENOMEM;
	return 0;
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* Load and check everything that a start would, print every problem to
 * stderr and a summary to stdout. The exit status is 1 when a unit would
 * not load (an error) and 0 otherwise: a warning (an unknown key, a
 * dependency on a unit type svinit lacks) does not stop a unit from
 * running, so it fails only with --strict, as -Werror does for a
 * compiler. */
static int run_verify(const struct svinit_opts *o)
{
	struct unitset set;
	struct diag_list dl;
	struct cgroups cg;
	struct graph g;
	size_t loaded = 0;
	bool failed;
	int r;

	diag_init(&dl);
	/* Limits are checked against the hierarchies this machine has, as
	 * the daemon would (without making anything in them). */
	if (o->no_cgroups || cgroups_probe(&cg) < 0)
		cgroups_init(&cg);
	/* The same load as the daemon's: cycles and missing hard
	 * dependencies are found too. */
	r = mgr_load(o->unit_dirs, &cg, NULL, &set, &g, &dl);
	cgroups_close(&cg);
	graph_free(&g);
	if (r >= 0 && !unitset_get(&set, o->target))
		diag_add(&dl, DIAG_ERROR, NULL, 0,
			 "target %s: no such unit (--target)", o->target);
	diag_print(&dl, stderr);
	if (r < 0)
		fprintf(stderr, "svinit: cannot check the units: %s\n",
			strerror(-r));
	/* Units that failed to load are in the set, to be shown: not
	 * counted as loaded. */
	for (size_t i = 0; i < set.n; i++)
		loaded += !unit_load_error(set.units[i]);
	printf("svinit: %zu unit%s loaded, %zu error%s, %zu warning%s\n",
	       loaded, plural(loaded), dl.n_errors, plural(dl.n_errors),
	       dl.n_warnings, plural(dl.n_warnings));
	failed = r < 0 || dl.oom || dl.n_errors || (o->strict && dl.n_warnings);
	diag_free(&dl);
	unitset_free(&set);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* What the kernel command line of a machine asks (pid1.h); a bad value is
 * reported and left out, as a machine must still boot. */
static void apply_cmdline(const struct pid1_cmdline *kc, struct mgr_config *cfg)
{
	static char *units[ARRAY_SIZE(kc->units) + 1];

	slog_set_status(kc->show_status != 0);
	if (kc->log_level) {
		int l = slog_level_from_string(kc->log_level);

		if (l < 0)
			slog(SLOG_ERR, "svinit.log_level=%s: not a level",
			     kc->log_level);
		else
			slog_set_level((enum slog_level)l);
	}
	if (kc->target && unit_name_is_valid(kc->target))
		cfg->target = kc->target;
	else if (kc->target)
		slog(SLOG_ERR, "svinit.target=%s: not a unit name", kc->target);
	for (int i = 0; i < kc->n_units; i++)
		units[i] = (char *)kc->units[i];
	if (kc->n_units > 0)
		cfg->unit_dirs = units;
	/* As init=/bin/sh would: a shell on the console, to repair the
	 * machine by hand; exit from it powers off. */
	if (kc->emergency) {
		slog(SLOG_ERR, "emergency: starting a shell on the console");
		pid_t pid = fork(), w;

		if (pid == 0) {
			execl("/bin/sh", "sh", (char *)NULL);
			_exit(127);
		}
		/* Reaping every child meanwhile, as process 1 must. */
		while (pid > 0 && (w = waitpid(-1, NULL, 0)) != pid)
			if (w < 0 && errno != EINTR)
				break;
		pid1_final(PID1_POWEROFF);
	}
}

/* --export: the units as a cluster engine's objects on stdout (export.h),
 * loaded as --verify loads them; 0, or 1 with the reason on stderr. */
static int run_export(const struct svinit_opts *o)
{
	struct unitset set;
	struct diag_list dl;
	struct graph g;
	int r;

	diag_init(&dl);
	/* Limits unchecked: they are for the cluster's machines. */
	r = mgr_load(o->unit_dirs, NULL, NULL, &set, &g, &dl);
	graph_free(&g);
	if (r >= 0)
		r = export_kubernetes(&set, o->export_units, o->image, stdout,
				      stderr);
	else
		fprintf(stderr, "svinit: cannot load the units: %s\n",
			strerror(-r));
	diag_free(&dl);
	unitset_free(&set);
	return r < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* svinit.debug_crash=KIND: crash for real 3 s after the start, for the
 * VM test of the crash handler (crash.h). */
static const char *debug_crash_kind;
static void debug_crash_fired(struct loop_timer *t)
{
	(void)t;
	slog(SLOG_WARNING, "svinit.debug_crash=%s: crashing on purpose",
	     debug_crash_kind);
	crash_now(debug_crash_kind);
}

static void arm_debug_crash(struct mgr *m, const char *kind)
{
	static struct loop_timer t;

	debug_crash_kind = kind;
	loop_timer_init(&t, debug_crash_fired);
	if (loop_timer_reserve(&m->loop, m->loop.cap_heap + 1) == 0)
		(void)loop_timer_set(&m->loop, &t,
				     now_monotonic() + 3 * USEC_PER_SEC);
}

/* The service runtime: load, start the target, run until stopped. */
static int run_daemon(const struct svinit_opts *o)
{
	struct mgr_config cfg = {
		.unit_dirs = o->unit_dirs,
		.runtime_dir = o->runtime_dir,
		.log_dir = o->log_dir,
		.target = o->target,
		.log_max_size = o->log_max_size,
		.log_keep = o->log_keep,
		.cgroup_root = o->cgroup_root,
		.no_cgroups = o->no_cgroups,
	};
	struct ctlcmd *ctl = NULL;
	enum pid1_action action;
	struct pid1_cmdline kc = {0};
	struct mgr m;
	int r, e;

	slog_set_level((enum slog_level)o->log_level);
	if (o->notify_parent) {
		const char *why;

		r = parentnotify_open(&why);
		if (r == -ENOENT)
			fprintf(stderr, "svinit: --notify-parent: NOTIFY_SOCKET "
					"is not set: nothing to notify\n");
		if (r == -ELIBACC) {
			fprintf(stderr,
				"svinit: --notify-parent needs libsystemd: "
				"%s\n",
				why);
			return EXIT_FAILURE;
		}
		cfg.notify_parent = r == 0;
	}
	/* The first process of a machine mounts what it needs first. */
	cfg.container = o->container || (getpid() == 1 && getenv("container"));
	cfg.machine = !cfg.container && pid1_is_machine();
	if (cfg.machine) {
		char **senv = NULL;

		(void)pid1_setup();
		if ((e = slog_open_kmsg()) < 0)
			slog(SLOG_ERR, "no kernel log: /dev/kmsg: %s",
			     strerror(-e));
		/* The first line of svinit in dmesg, as systemd's "systemd
		 * 252 running in system mode". */
		slog(SLOG_INFO, "svinit %s, the init of this machine",
		     SVINIT_VERSION);
		/* Kept for the life of process 1, which never returns. */
		if ((e = pid1_service_env(PID1_LOCALE_FILE, getenv("TERM"),
					  &senv)) < 0)
			slog(SLOG_ERR, "%s: %s: services get no locale",
			     PID1_LOCALE_FILE, strerror(-e));
		else
			spawn_set_base_env(senv);
		pid1_read_cmdline(&kc);
		apply_cmdline(&kc, &cfg);
	}
	r = mgr_init(&m, &cfg);
	/* The control socket beside the manager: it answers svctl through
	 * the manager's interface, which knows nothing of it. */
	if (r >= 0)
		r = ctlcmd_open(&ctl, &m);
	/* InaccessiblePaths= on a file needs it; without it such a unit
	 * fails to start, so a warning is enough here. */
	if (r >= 0 && (e = nsmount_prepare(o->runtime_dir)) < 0)
		fprintf(stderr,
			"svinit: cannot create %s/inaccessible: %s: units "
			"that hide a file will fail to start\n",
			o->runtime_dir, strerror(-e));
	if (r < 0) {
		fprintf(stderr, "svinit: cannot start: %s\n", strerror(-r));
		ctlcmd_close(ctl);
		mgr_free(&m);
		/* The init of a machine must not exit (the kernel would
		 * panic): a shell on the console, to repair what failed. */
		if (cfg.machine) {
			fprintf(stderr,
				"svinit: starting an emergency shell\n");
			execl("/bin/sh", "sh", (char *)NULL);
			fprintf(stderr, "svinit: no shell: %s\n",
				strerror(errno));
			pid1_final(PID1_HALT);
		}
		return EXIT_FAILURE;
	}
	/* A bug in svinit must not panic the kernel (crash.h). */
	if (cfg.machine && (e = crash_setup(kc.crash_shell, kc.crash_reboot)) <
				   0)
		slog(SLOG_ERR, "no crash handler: %s", strerror(-e));
	if (cfg.machine && kc.debug_crash)
		arm_debug_crash(&m, kc.debug_crash);
	r = mgr_run(&m);
	/* A container's exit status is its essential unit's. */
	if (r == 0 && cfg.container)
		r = m.exit_status;
	ctlcmd_close(ctl);
	action = m.action;
	mgr_free(&m);
	/* Everything is closed: nothing of svinit's own keeps a file
	 * system busy. */
	if (cfg.machine)
		pid1_final(action);
	return r;
}

int main(int argc, char **argv)
{
	struct svinit_opts o;
	int r = opts_parse(&o, argc, argv);

	if (r != 0) {
		opts_free(&o);
		if (r == -ENOMEM)
			fprintf(stderr, "svinit: out of memory\n");
		return r == 1	      ? EXIT_SUCCESS
		       : r == -EINVAL ? EXIT_USAGE
				      : EXIT_FAILURE;
	}
	if (o.export_to) {
		r = run_export(&o);
	} else if (o.verify) {
		r = run_verify(&o);
	} else {
		r = run_daemon(&o);
	}
	opts_free(&o);
	return r;
}
