/* Check suite for the privilege, limit and seccomp keys (parse_privs.c,
 * privs.h, secfilter.h): values as they land in struct privs_conf,
 * systemd's merge rules (inversion, appending, empty resets), groups,
 * the checks across keys at finish, and errors with FILE:LINE. */
#include <check.h>
#include <errno.h>
#include <linux/securebits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <unistd.h>

#include "parse.h"
#include "privs.h"
#include "skip.h"
#include "spawn.h"

#define BIT(c) (1ULL << (c))

/* Parse a [Service] section with body (after ExecStart=, so the first
 * body line is line 3) and run the checks across keys. */
static struct unit *parse(const char *body, struct diag_list *dl, int *rc)
{
	struct unit *u = unit_new("a.service", UNIT_SERVICE);
	char *text;
	int r;

	ck_assert_ptr_nonnull(u);
	ck_assert_int_gt(
		asprintf(&text, "[Service]\nExecStart=/bin/true\n%s", body), 0);
	diag_init(dl);
	r = parse_unit_string(u, "a.service", text, dl);
	if (r == 0)
		r = parse_unit_finish(u, dl);
	*rc = r;
	free(text);
	return u;
}

/* Whether dl holds an error at line whose text contains sub. */
static bool has_error(const struct diag_list *dl, unsigned line,
		      const char *sub)
{
	char buf[4096];

	for (size_t i = 0; i < dl->n; i++) {
		diag_format(&dl->items[i], buf, sizeof(buf));
		if (dl->items[i].level == DIAG_ERROR &&
		    dl->items[i].line == line && strstr(buf, sub))
			return true;
	}
	return false;
}

/* body parses clean; the unit is returned for checks. */
static struct unit *ok_unit(const char *body)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse(body, &dl, &rc);

	if (dl.n)
		diag_print(&dl, stderr);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(dl.n, 0);
	diag_free(&dl);
	return u;
}

/* body fails with an error at line containing sub. */
static void bad(const char *body, unsigned line, const char *sub)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse(body, &dl, &rc);

	if (!has_error(&dl, line, sub))
		diag_print(&dl, stderr);
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_msg(has_error(&dl, line, sub), "missing at %u: %s", line,
		      sub);
	unit_free(u);
	diag_free(&dl);
}

START_TEST(test_defaults)
{
	struct unit *u = ok_unit("");
	const struct privs_conf *p = unit_privs(u);

	ck_assert(!p->no_new_privileges);
	ck_assert_uint_eq(p->bounding, PRIVS_CAPS_ALL);
	ck_assert_uint_eq(p->ambient, 0);
	ck_assert_int_eq(p->securebits, -1);
	ck_assert_uint_eq(p->limits_set, 0);
	ck_assert(!p->has_nice && !p->has_oom_score_adjust);
	ck_assert_int_eq(p->cpu_policy, -1);
	ck_assert_int_eq(p->ioprio, -1);
	ck_assert_uint_eq(p->seccomp.n_progs, 0);
	ck_assert(!privs_sets_limit(p, RLIMIT_NOFILE));
	unit_free(u);
}
END_TEST

START_TEST(test_bounding_set)
{
	struct unit *u;

	/* Names in any case, CAP_ optional; a second line adds. */
	u = ok_unit("CapabilityBoundingSet=CAP_CHOWN net_bind_service\n"
		    "CapabilityBoundingSet=cap_kill\n");
	ck_assert_uint_eq(unit_privs(u)->bounding, BIT(0) | BIT(10) | BIT(5));
	unit_free(u);

	/* `~` keeps all but the listed. */
	u = ok_unit("CapabilityBoundingSet=~CAP_SYS_ADMIN CAP_NET_RAW\n");
	ck_assert_uint_eq(unit_privs(u)->bounding,
			  PRIVS_CAPS_ALL & ~(BIT(21) | BIT(13)));
	unit_free(u);

	/* Empty: nothing kept, and what came before is gone. */
	u = ok_unit("CapabilityBoundingSet=CAP_CHOWN\n"
		    "CapabilityBoundingSet=\n");
	ck_assert_uint_eq(unit_privs(u)->bounding, 0);
	unit_free(u);

	/* After an empty set a list replaces it (nothing to add to). */
	u = ok_unit("CapabilityBoundingSet=\n"
		    "CapabilityBoundingSet=CAP_KILL\n");
	ck_assert_uint_eq(unit_privs(u)->bounding, BIT(5));
	unit_free(u);

	bad("CapabilityBoundingSet=CAP_NOPE\n", 3,
	    "invalid CapabilityBoundingSet=: \"CAP_NOPE\": not a capability");
}
END_TEST

START_TEST(test_ambient)
{
	struct unit *u;

	u = ok_unit("AmbientCapabilities=CAP_NET_BIND_SERVICE\n"
		    "AmbientCapabilities=CAP_NET_RAW\n");
	ck_assert_uint_eq(unit_privs(u)->ambient, BIT(10) | BIT(13));
	unit_free(u);

	/* Inverted, only capabilities that exist. */
	u = ok_unit("AmbientCapabilities=~CAP_CHOWN\n");
	ck_assert_uint_eq(unit_privs(u)->ambient & BIT(0), 0);
	ck_assert_uint_ne(unit_privs(u)->ambient & BIT(40), 0);
	ck_assert_uint_eq(unit_privs(u)->ambient & BIT(63), 0);
	unit_free(u);

	u = ok_unit("AmbientCapabilities=CAP_KILL\nAmbientCapabilities=\n");
	ck_assert_uint_eq(unit_privs(u)->ambient, 0);
	unit_free(u);

	/* Outside the bounding set the kernel would refuse it: at load. */
	bad("CapabilityBoundingSet=CAP_CHOWN\n"
	    "AmbientCapabilities=CAP_NET_RAW\n",
	    4,
	    "AmbientCapabilities= holds cap_net_raw, which "
	    "CapabilityBoundingSet= removes");
}
END_TEST

START_TEST(test_simple_keys)
{
	struct unit *u = ok_unit("NoNewPrivileges=yes\n"
				 "Nice=-5\n"
				 "OOMScoreAdjust=-900\n"
				 "SecureBits=keep-caps noroot\n"
				 "SecureBits=noroot-locked\n"
				 "SupplementaryGroups=adm\n"
				 "SupplementaryGroups=%N 42\n");
	const struct privs_conf *p = unit_privs(u);

	ck_assert(p->no_new_privileges);
	ck_assert(p->has_nice);
	ck_assert_int_eq(p->nice, -5);
	ck_assert(p->has_oom_score_adjust);
	ck_assert_str_eq(p->oom_text, "-900");
	ck_assert_int_eq(p->securebits, SECBIT_KEEP_CAPS | SECBIT_NOROOT |
						SECBIT_NOROOT_LOCKED);
	ck_assert_uint_eq(strv_len(p->supplementary_groups), 3);
	ck_assert_str_eq(p->supplementary_groups[1], "a");
	ck_assert_uint_eq(p->groups_line, 9);
	unit_free(u);

	bad("Nice=20\n", 3, "invalid Nice=: \"20\": not a number from -20");
	bad("Nice=x\n", 3, "invalid Nice=");
	bad("OOMScoreAdjust=1001\n", 3, "invalid OOMScoreAdjust=");
	bad("SecureBits=keep-caps nonsense\n", 3, "not a secure bit name");
	bad("SupplementaryGroups=a:b\n", 3, "not a group name");
	bad("NoNewPrivileges=maybe\n", 3, "invalid NoNewPrivileges=");
}
END_TEST

START_TEST(test_limits)
{
	struct unit *u = ok_unit("LimitNOFILE=1024:4096\n"
				 "LimitCORE=infinity\n"
				 "LimitAS=2G\n"
				 "LimitMEMLOCK=64K:1M\n"
				 "LimitCPU=1min 30s\n"
				 "LimitRTTIME=2ms\n"
				 "LimitNICE=-5\n"
				 "LimitRTPRIO=10\n"
				 "LimitNPROC=100\n"
				 "LimitNPROC=\n");
	const struct privs_conf *p = unit_privs(u);

	ck_assert(privs_sets_limit(p, RLIMIT_NOFILE));
	ck_assert_uint_eq(p->limits[RLIMIT_NOFILE].rlim_cur, 1024);
	ck_assert_uint_eq(p->limits[RLIMIT_NOFILE].rlim_max, 4096);
	ck_assert_uint_eq(p->limits[RLIMIT_CORE].rlim_cur, RLIM_INFINITY);
	ck_assert_uint_eq(p->limits[RLIMIT_CORE].rlim_max, RLIM_INFINITY);
	ck_assert_uint_eq(p->limits[RLIMIT_AS].rlim_max, 2ULL << 30);
	ck_assert_uint_eq(p->limits[RLIMIT_MEMLOCK].rlim_cur, 64 << 10);
	ck_assert_uint_eq(p->limits[RLIMIT_MEMLOCK].rlim_max, 1 << 20);
	ck_assert_uint_eq(p->limits[RLIMIT_CPU].rlim_cur, 90);
	ck_assert_uint_eq(p->limits[RLIMIT_RTTIME].rlim_cur, 2000);
	/* A signed LimitNICE= is a nice value: 20 - nice. */
	ck_assert_uint_eq(p->limits[RLIMIT_NICE].rlim_cur, 25);
	ck_assert_uint_eq(p->limits[RLIMIT_RTPRIO].rlim_max, 10);
	ck_assert(!privs_sets_limit(p, RLIMIT_NPROC));
	unit_free(u);

	u = ok_unit("LimitNICE=30\n");
	ck_assert_uint_eq(unit_privs(u)->limits[RLIMIT_NICE].rlim_cur, 30);
	unit_free(u);

	bad("LimitNOFILE=4096:1024\n", 3, "the soft limit is above the hard");
	bad("LimitNOFILE=lots\n", 3, "invalid LimitNOFILE=: \"lots\"");
	bad("LimitNOFILE=1K\n", 3, "invalid LimitNOFILE=");
	bad("LimitAS=1X\n", 3, "invalid LimitAS=");
	bad("LimitNICE=41\n", 3, "invalid LimitNICE=");
	bad("LimitNICE=+20\n", 3, "invalid LimitNICE=");
	bad("LimitCORE=1:\n", 3, "invalid LimitCORE=");
}
END_TEST

START_TEST(test_scheduling)
{
	struct unit *u = ok_unit("CPUSchedulingPolicy=fifo\n"
				 "CPUSchedulingPriority=50\n"
				 "CPUSchedulingResetOnFork=yes\n"
				 "IOSchedulingClass=idle\n");
	const struct privs_conf *p = unit_privs(u);

	ck_assert_int_eq(p->cpu_policy, SCHED_FIFO);
	ck_assert_int_eq(p->cpu_priority, 50);
	ck_assert(p->cpu_reset_on_fork);
	ck_assert_int_eq(p->ioprio, 3 << 13);
	unit_free(u);

	/* A priority alone means best-effort, as in systemd; a real-time
	 * policy without a priority gets the lowest, 1. */
	u = ok_unit("IOSchedulingPriority=2\nCPUSchedulingPolicy=rr\n");
	ck_assert_int_eq(unit_privs(u)->ioprio, (2 << 13) | 2);
	ck_assert_int_eq(unit_privs(u)->cpu_priority, 1);
	unit_free(u);

	u = ok_unit("CPUSchedulingPriority=0\n");
	ck_assert_int_eq(unit_privs(u)->cpu_policy, SCHED_OTHER);
	unit_free(u);

	bad("CPUSchedulingPriority=5\n", 3, "needs CPUSchedulingPolicy=fifo");
	bad("CPUSchedulingPolicy=deadline\n", 3,
	    "invalid CPUSchedulingPolicy=");
	bad("CPUSchedulingPriority=100\n", 3, "invalid CPUSchedulingPriority=");
	bad("IOSchedulingClass=fast\n", 3, "invalid IOSchedulingClass=");
	bad("IOSchedulingPriority=8\n", 3, "invalid IOSchedulingPriority=");
}
END_TEST

START_TEST(test_syscall_filter)
{
	struct unit *u;
	const struct secfilter_conf *f;

	/* An allow list always has @default. */
	u = ok_unit("SystemCallFilter=@basic-io\n");
	f = &unit_privs(u)->seccomp;
	ck_assert(f->filter_set && f->allow_list);
	ck_assert(secfilter_has_syscall(f, "read"));
	ck_assert(secfilter_has_syscall(f, "execve"));
	ck_assert(secfilter_has_syscall(f, "exit_group"));
	ck_assert(!secfilter_has_syscall(f, "mount"));
	ck_assert_uint_eq(f->n_progs, 1);
	unit_free(u);

	/* A deny list; a later allow line takes a call back out. */
	u = ok_unit("SystemCallFilter=~@mount @reboot\n"
		    "SystemCallFilter=umount2\n");
	f = &unit_privs(u)->seccomp;
	ck_assert(f->filter_set && !f->allow_list);
	ck_assert(secfilter_has_syscall(f, "mount"));
	ck_assert(secfilter_has_syscall(f, "pivot_root"));
	ck_assert(secfilter_has_syscall(f, "reboot"));
	ck_assert(!secfilter_has_syscall(f, "umount2"));
	ck_assert(!secfilter_has_syscall(f, "read"));
	unit_free(u);

	/* In an allow list a `~` line takes away. */
	u = ok_unit("SystemCallFilter=@system-service\n"
		    "SystemCallFilter=~@resources\n");
	f = &unit_privs(u)->seccomp;
	ck_assert(secfilter_has_syscall(f, "openat"));
	ck_assert(secfilter_has_syscall(f, "socket"));
	ck_assert(!secfilter_has_syscall(f, "setrlimit"));
	ck_assert(!secfilter_has_syscall(f, "mount"));
	ck_assert(!secfilter_has_syscall(f, "reboot"));
	ck_assert(!secfilter_has_syscall(f, "init_module"));
	unit_free(u);

	/* Nested groups: @privileged holds @reboot and @module. */
	u = ok_unit("SystemCallFilter=~@privileged\n");
	f = &unit_privs(u)->seccomp;
	ck_assert(secfilter_has_syscall(f, "reboot"));
	ck_assert(secfilter_has_syscall(f, "init_module"));
	ck_assert(secfilter_has_syscall(f, "setuid"));
	ck_assert(!secfilter_has_syscall(f, "getuid"));
	unit_free(u);

	/* Empty forgets everything: no filter at all. */
	u = ok_unit("SystemCallFilter=~@mount\nSystemCallFilter=\n");
	ck_assert(!unit_privs(u)->seccomp.filter_set);
	ck_assert_uint_eq(unit_privs(u)->seccomp.n_progs, 0);
	unit_free(u);

	/* A call this architecture lacks is skipped, not refused. */
	u = ok_unit("SystemCallFilter=~socketcall mount\n");
	ck_assert(secfilter_has_syscall(&unit_privs(u)->seccomp, "mount"));
	unit_free(u);

	bad("SystemCallFilter=~mount\nSystemCallFilter=~no_such_call\n", 4,
	    "\"no_such_call\" is not a system call libseccomp knows");
	bad("SystemCallFilter=@nope\n", 3, "not a system call group");
	bad("SystemCallFilter=~mount:EPERM\n", 3,
	    "a per-call error number is not supported");
}
END_TEST

START_TEST(test_every_group)
{
	for (size_t i = 0; secfilter_group_names[i]; i++) {
		struct secfilter_conf f;
		size_t n = 0;

		secfilter_conf_init(&f);
		ck_assert_ptr_nonnull(
			secfilter_group(secfilter_group_names[i]));
		ck_assert_int_eq(secfilter_syscall_word(
					 &f, secfilter_group_names[i], true),
				 0);
		for (size_t w = 0; w < SECFILTER_NR_MAX / 64; w++)
			n += (size_t)__builtin_popcountll(f.syscalls[w]);
		/* Every group names at least one call of this machine,
		 * except @obsolete and the ones of other architectures. */
		if (strcmp(secfilter_group_names[i], "@obsolete") &&
		    strcmp(secfilter_group_names[i], "@cpu-emulation") &&
		    strcmp(secfilter_group_names[i], "@raw-io"))
			ck_assert_msg(n > 0, "%s is empty",
				      secfilter_group_names[i]);
		secfilter_conf_free(&f);
	}
}
END_TEST

START_TEST(test_error_number_and_archs)
{
	struct unit *u = ok_unit("SystemCallFilter=~@mount\n"
				 "SystemCallErrorNumber=EPERM\n"
				 "SystemCallArchitectures=native\n");

	ck_assert_int_eq(unit_privs(u)->seccomp.error_number, EPERM);
	ck_assert(unit_privs(u)->seccomp.arch_native);
	unit_free(u);

	u = ok_unit("SystemCallErrorNumber=13\n");
	ck_assert_int_eq(unit_privs(u)->seccomp.error_number, 13);
	unit_free(u);

	/* Architectures alone still make a program (it kills calls of
	 * another architecture). */
	u = ok_unit("SystemCallArchitectures=native\n");
	ck_assert_uint_eq(unit_privs(u)->seccomp.n_progs, 1);
	unit_free(u);

	bad("SystemCallErrorNumber=ENOPE\n", 3, "not an errno name");
	bad("SystemCallArchitectures=native arm\n", 3,
	    "only native (this machine's architecture) is supported");
}
END_TEST

START_TEST(test_restrictions)
{
	struct unit *u;
	const struct secfilter_conf *f;

	u = ok_unit("RestrictNamespaces=yes\n");
	ck_assert_uint_eq(unit_privs(u)->seccomp.ns_allowed, 0);
	ck_assert_uint_eq(unit_privs(u)->seccomp.n_progs, 1);
	unit_free(u);

	/* The first list sets what is allowed, later ones add to it. */
	u = ok_unit("RestrictNamespaces=net\nRestrictNamespaces=uts ipc\n");
	ck_assert_uint_eq(unit_privs(u)->seccomp.ns_allowed,
			  CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC);
	unit_free(u);

	u = ok_unit("RestrictNamespaces=~user net\n");
	ck_assert_uint_eq(unit_privs(u)->seccomp.ns_allowed,
			  SECFILTER_NS_ALL & ~(CLONE_NEWUSER | CLONE_NEWNET));
	unit_free(u);

	u = ok_unit("RestrictNamespaces=yes\nRestrictNamespaces=no\n");
	ck_assert_uint_eq(unit_privs(u)->seccomp.ns_allowed, SECFILTER_NS_ALL);
	ck_assert_uint_eq(unit_privs(u)->seccomp.n_progs, 0);
	unit_free(u);

	u = ok_unit("RestrictAddressFamilies=AF_UNIX AF_INET\n"
		    "RestrictAddressFamilies=~AF_INET\n"
		    "RestrictRealtime=yes\nRestrictSUIDSGID=yes\n"
		    "LockPersonality=yes\nMemoryDenyWriteExecute=yes\n");
	f = &unit_privs(u)->seccomp;
	ck_assert(f->af_set && f->af_allow_list);
	ck_assert_uint_eq(f->families, BIT(AF_UNIX));
	ck_assert(f->restrict_realtime && f->restrict_suid_sgid &&
		  f->lock_personality && f->memory_deny_write_execute);
	ck_assert_uint_eq(f->n_progs, 1);
	unit_free(u);

	u = ok_unit("RestrictAddressFamilies=none\n");
	ck_assert(unit_privs(u)->seccomp.af_allow_list);
	ck_assert_uint_eq(unit_privs(u)->seccomp.families, 0);
	unit_free(u);

	/* Both kinds of filter: two programs. */
	u = ok_unit("SystemCallFilter=~@swap\nRestrictRealtime=yes\n");
	ck_assert_uint_eq(unit_privs(u)->seccomp.n_progs, 2);
	unit_free(u);

#if defined(__x86_64__)
	u = ok_unit("Personality=x86\nLockPersonality=yes\n");
	ck_assert_int_eq(unit_privs(u)->personality, PER_LINUX32);
	ck_assert_uint_eq(unit_privs(u)->seccomp.personality, PER_LINUX32);
	unit_free(u);
	u = ok_unit("Personality=x86\nPersonality=\n");
	ck_assert_int_eq(unit_privs(u)->personality, -1);
	ck_assert_uint_eq(unit_privs(u)->seccomp.personality, PER_LINUX);
	unit_free(u);
#endif
	bad("Personality=arm64\n", 3, "not an architecture this machine runs");
	u = ok_unit("KeyringMode=shared\n");
	ck_assert_int_eq(unit_privs(u)->keyring_mode, PRIVS_KEYRING_SHARED);
	unit_free(u);
	u = ok_unit("");
	ck_assert_int_eq(unit_privs(u)->keyring_mode, PRIVS_KEYRING_INHERIT);
	unit_free(u);
	bad("KeyringMode=public\n", 3, "not inherit, private or shared");
	bad("RestrictNamespaces=net bogus\n", 3, "invalid RestrictNamespaces=");
	bad("RestrictAddressFamilies=AF_BOGUS\n", 3, "not an address family");
	bad("LockPersonality=sure\n", 3, "invalid LockPersonality=");
}
END_TEST

/* Equal requests share a cached program (each unit owns a copy);
 * different ones never get each other's. */
START_TEST(test_program_cache)
{
	struct unit *a = ok_unit("SystemCallFilter=~@mount\n");
	struct unit *b = ok_unit("SystemCallFilter=~@mount\n");
	struct unit *c = ok_unit("SystemCallFilter=~@swap\n");
	struct unit *d = ok_unit("SystemCallFilter=~@mount\n"
				 "SystemCallErrorNumber=EPERM\n");
	const struct secfilter_prog *pa = &unit_privs(a)->seccomp.progs[0],
				    *pb = &unit_privs(b)->seccomp.progs[0],
				    *pc = &unit_privs(c)->seccomp.progs[0],
				    *pd = &unit_privs(d)->seccomp.progs[0];

	ck_assert_uint_eq(pa->len, pb->len);
	ck_assert_ptr_ne(pa->insns, pb->insns);
	ck_assert_int_eq(memcmp(pa->insns, pb->insns, pa->len * 8u), 0);
	ck_assert(pa->len != pc->len ||
		  memcmp(pa->insns, pc->insns, pa->len * 8u) != 0);
	ck_assert(pa->len != pd->len ||
		  memcmp(pa->insns, pd->insns, pa->len * 8u) != 0);
	unit_free(a);
	/* b's copy outlives a's. */
	ck_assert_int_gt(pb->len, 0);
	unit_free(b);
	unit_free(c);
	unit_free(d);
}
END_TEST

/* The child's exit codes for the steps of this area are systemd's, so
 * that someone who only sees the status can tell what failed. */
START_TEST(test_step_exit_codes)
{
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_LIMITS), 205);
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_NICE), 201);
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_IO_PRIORITY), 211);
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_SECUREBITS), 213);
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_CPU_SCHEDULING),
			 214);
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_CAPABILITIES), 218);
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_NO_NEW_PRIVILEGES),
			 227);
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_SECCOMP), 228);
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_PERSONALITY), 230);
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_KEYRING), 237);
	ck_assert_str_eq(spawn_step_name(SPAWN_STEP_PERSONALITY),
			 "PERSONALITY");
	ck_assert_str_eq(spawn_step_name(SPAWN_STEP_IO_PRIORITY),
			 "IO_PRIORITY");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("privs");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_bounding_set);
	tcase_add_test(tc, test_ambient);
	tcase_add_test(tc, test_simple_keys);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_scheduling);
	tcase_add_test_if(tc, test_syscall_filter, !under_qemu_user(),
			  QEMU_USER_SKIPS ": seccomp");
	tcase_add_test(tc, test_every_group);
	tcase_add_test_if(tc, test_error_number_and_archs, !under_qemu_user(),
			  QEMU_USER_SKIPS ": seccomp");
	tcase_add_test_if(tc, test_restrictions, !under_qemu_user(),
			  QEMU_USER_SKIPS ": seccomp");
	tcase_add_test_if(tc, test_program_cache, !under_qemu_user(),
			  QEMU_USER_SKIPS ": seccomp");
	tcase_add_test(tc, test_step_exit_codes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	skip_summary("privs");
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
