/* Check suite for the namespace keys (parse_ns.c) and the mount plan
 * (ns.c): values, errors with FILE:LINE, and the operations a unit's
 * settings turn into, in the order the child applies them. */
#include <check.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>

#include "ns.h"
#include "nsdirs.h"
#include "nskernel.h"
#include "parse.h"
#include "skip.h"

/* Parse a [Service] section (ExecStart=/bin/true is line 2) into a unit
 * of that name and finish it, as the loader does; *rc is what the parse
 * and then parse_unit_finish returned (the first failure). */
static struct unit *load(const char *name, const char *body,
			 struct diag_list *dl, int *rc)
{
	int type = unit_type_from_name(name);
	struct unit *u = unit_new(name, (enum unit_type)type);
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');
	char *text;

	ck_assert_ptr_nonnull(u);
	if (at && at + 1 < dot)
		u->instance = strndup(at + 1, (size_t)(dot - at - 1));
	ck_assert_int_gt(
		asprintf(&text, "[Service]\nExecStart=/bin/true\n%s", body), 0);
	diag_init(dl);
	*rc = parse_unit_string(u, name, text, dl);
	if (*rc == 0)
		*rc = parse_unit_finish(u, dl);
	free(text);
	return u;
}

static bool has(const struct diag_list *dl, unsigned line, const char *sub)
{
	char buf[4096];

	for (size_t i = 0; i < dl->n; i++) {
		diag_format(&dl->items[i], buf, sizeof(buf));
		if (dl->items[i].level == DIAG_ERROR &&
		    dl->items[i].line == line && strstr(buf, sub))
			return true;
	}
	diag_print(dl, stderr);
	return false;
}

/* A unit that must load cleanly. */
static struct unit *good(const char *body)
{
	struct diag_list dl;
	int rc;
	struct unit *u = load("a.service", body, &dl, &rc);

	if (dl.n)
		diag_print(&dl, stderr);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(dl.n, 0);
	diag_free(&dl);
	return u;
}

/* A unit that must fail to load with an error at line 3 containing sub. */
static void bad(const char *body, const char *sub)
{
	struct diag_list dl;
	int rc;
	struct unit *u = load("a.service", body, &dl, &rc);

	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_msg(has(&dl, 3, sub), "no error at line 3 with: %s", sub);
	unit_free(u);
	diag_free(&dl);
}

/* The plan as one line: "KIND PATH[ attrs]; ...". */
static const char *plan_str(const struct ns_plan *p)
{
	static char buf[8192];
	static const char *const kinds[] = {"attr", "tmpfs", "bind",
					    "hide", "dev",   "proc"};
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->n_ops; i++) {
		const struct ns_op *o = &p->ops[i];

		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s %s%s%s",
				      i ? "; " : "", kinds[o->kind],
				      o->optional ? "-" : "", o->path,
				      o->src ? " <" : "");
		if (o->src)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s",
					      o->src);
		if (o->attr_set & MOUNT_ATTR_RDONLY)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " +ro");
		if (o->attr_clr & MOUNT_ATTR_RDONLY)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " -ro");
		if (o->attr_set & MOUNT_ATTR_NOEXEC)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
					      " +noexec");
		if (o->attr_clr & MOUNT_ATTR_NOEXEC)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
					      " -noexec");
		if (o->data)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %s",
					      o->data);
	}
	return buf;
}

START_TEST(test_path_ok)
{
	const char *why = NULL;

	ck_assert(ns_path_ok("/", &why));
	ck_assert(ns_path_ok("/a", &why));
	ck_assert(ns_path_ok("/a/b.c/..d", &why));
	ck_assert(!ns_path_ok("a/b", &why));
	ck_assert_str_eq(why, "not an absolute path");
	ck_assert(!ns_path_ok("", &why));
	ck_assert(!ns_path_ok("//a", &why));
	ck_assert(!ns_path_ok("/a/", &why));
	ck_assert(!ns_path_ok("/a//b", &why));
	ck_assert(!ns_path_ok("/a/./b", &why));
	ck_assert(!ns_path_ok("/a/..", &why));
	ck_assert_str_eq(why, "not a normalized path (. or ..)");
}
END_TEST

START_TEST(test_booleans_and_levels)
{
	struct unit *u = good("PrivateTmp=yes\nPrivateNetwork=true\n"
			      "PrivateIPC=1\nProtectHostname=on\n"
			      "PrivateDevices=yes\nProtectKernelTunables=yes\n"
			      "ProtectControlGroups=yes\nProtectSystem=full\n"
			      "ProtectHome=read-only\n");
	const struct ns_conf *ns = u->svc.ns;

	ck_assert(ns->private_tmp && ns->private_network && ns->private_ipc);
	ck_assert(ns->protect_hostname && ns->private_devices);
	ck_assert(ns->protect_kernel_tunables && ns->protect_control_groups);
	ck_assert_int_eq(ns->protect_system, NS_PROTECT_SYSTEM_FULL);
	ck_assert_int_eq(ns->protect_home, NS_PROTECT_HOME_READ_ONLY);
	ck_assert_int_eq(ns->plan.unshare_flags, CLONE_NEWNS | CLONE_NEWNET |
							 CLONE_NEWIPC |
							 CLONE_NEWUTS);
	ck_assert(ns->plan.loopback_up);
	unit_free(u);

	u = good("ProtectSystem=yes\nProtectSystem=strict\nProtectHome=true\n"
		 "ProtectHome=tmpfs\nPrivateTmp=no\n");
	ck_assert_int_eq(u->svc.ns->protect_system, NS_PROTECT_SYSTEM_STRICT);
	ck_assert_int_eq(u->svc.ns->protect_home, NS_PROTECT_HOME_TMPFS);
	ck_assert(!u->svc.ns->private_tmp);
	unit_free(u);

	/* Nothing asked: no namespace, no system call in the child. */
	u = good("ProtectSystem=no\nPrivateNetwork=no\n");
	ck_assert_int_eq(u->svc.ns->plan.unshare_flags, 0);
	ck_assert_uint_eq(u->svc.ns->plan.n_ops, 0);
	unit_free(u);

	/* Only a network namespace: no mount namespace either. */
	u = good("PrivateNetwork=yes\n");
	ck_assert_int_eq(u->svc.ns->plan.unshare_flags, CLONE_NEWNET);
	unit_free(u);

	bad("ProtectSystem=everything\n",
	    "invalid ProtectSystem=: \"everything\"");
	bad("ProtectHome=readonly\n", "invalid ProtectHome=: \"readonly\"");
	bad("PrivateTmp=maybe\n", "invalid PrivateTmp=");
}
END_TEST

START_TEST(test_path_lists)
{
	struct unit *u = good("ReadOnlyPaths=/a -/b +/c\n"
			      "ReadOnlyPaths=\"/d e\" -+/f +-/g\n"
			      "InaccessiblePaths=/x\nInaccessiblePaths=\n"
			      "InaccessiblePaths=/y\n"
			      "ReadWriteDirectories=/z\n");
	const struct ns_conf *ns = u->svc.ns;

	ck_assert_uint_eq(ns->read_only.n, 6);
	ck_assert_str_eq(ns->read_only.v[0].path, "/a");
	ck_assert(!ns->read_only.v[0].optional);
	ck_assert_str_eq(ns->read_only.v[1].path, "/b");
	ck_assert(ns->read_only.v[1].optional);
	ck_assert_str_eq(ns->read_only.v[2].path, "/c");
	ck_assert(!ns->read_only.v[2].optional);
	ck_assert_str_eq(ns->read_only.v[3].path, "/d e");
	ck_assert(ns->read_only.v[4].optional && ns->read_only.v[5].optional);
	/* The empty assignment emptied the list. */
	ck_assert_uint_eq(ns->inaccessible.n, 1);
	ck_assert_str_eq(ns->inaccessible.v[0].path, "/y");
	ck_assert_uint_eq(ns->read_write.n, 1);
	unit_free(u);

	/* Specifiers expand in paths. */
	struct diag_list dl;
	int rc;

	u = load("w@blue.service", "ReadWritePaths=/var/lib/%i\n", &dl, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(u->svc.ns->read_write.v[0].path, "/var/lib/blue");
	unit_free(u);
	diag_free(&dl);

	bad("ReadOnlyPaths=/a relative\n",
	    "invalid ReadOnlyPaths=: \"/a relative\": not an absolute path");
	bad("ReadWritePaths=/a/../b\n", "not a normalized path (. or ..)");
	bad("InaccessiblePaths=/a/\n", "not a normalized path");
	bad("ReadOnlyPaths=\"/a\n", "invalid ReadOnlyPaths=");
	bad("ReadOnlyPaths=/%z\n", "unknown specifier \"%z\"");

	/* A bad word leaves the list as it was. */
	u = load("a.service", "ReadOnlyPaths=/a\nReadOnlyPaths=/b c\n", &dl,
		 &rc);
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_uint_eq(u->svc.ns->read_only.n, 1);
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_binds)
{
	struct unit *u = good("BindPaths=/a -/b:/c:norbind /d:/e:rbind\n"
			      "BindReadOnlyPaths=/f\n");
	const struct ns_conf *ns = u->svc.ns;

	ck_assert_uint_eq(ns->n_binds, 4);
	ck_assert_str_eq(ns->binds[0].src, "/a");
	ck_assert_str_eq(ns->binds[0].dst, "/a");
	ck_assert(ns->binds[0].recursive && !ns->binds[0].optional);
	ck_assert_str_eq(ns->binds[1].src, "/b");
	ck_assert_str_eq(ns->binds[1].dst, "/c");
	ck_assert(ns->binds[1].optional && !ns->binds[1].recursive);
	ck_assert(ns->binds[2].recursive && !ns->binds[2].read_only);
	ck_assert(ns->binds[3].read_only);
	ck_assert_str_eq(plan_str(&ns->plan),
			 "bind /a </a; bind -/c </b; bind /e </d; "
			 "bind /f </f +ro");
	unit_free(u);

	/* Each empty assignment resets its own kind only. */
	u = good("BindPaths=/a\nBindReadOnlyPaths=/b\nBindPaths=\n");
	ck_assert_uint_eq(u->svc.ns->n_binds, 1);
	ck_assert_str_eq(u->svc.ns->binds[0].src, "/b");
	unit_free(u);

	bad("BindPaths=/a:rel\n", "not an absolute path");
	bad("BindPaths=/a:/b:ro\n", "options must be rbind or norbind");
	bad("BindReadOnlyPaths=a\n", "not an absolute path");

	/* The child holds one fd per bind: bounded at load. */
	char body[8192];
	size_t n = (size_t)snprintf(body, sizeof(body), "BindPaths=");

	for (int i = 0; i <= NS_BIND_MAX; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n, " /b%d", i);
	snprintf(body + n, sizeof(body) - n, "\n");
	bad(body, "too many bind mounts");
}
END_TEST

START_TEST(test_tmpfs)
{
	struct unit *u = good("TemporaryFileSystem=/x:ro,mode=0700,size=10M "
			      "/y\n");
	const struct ns_conf *ns = u->svc.ns;

	ck_assert_uint_eq(ns->n_tmpfs, 2);
	ck_assert_str_eq(ns->tmpfs[0].path, "/x");
	ck_assert(ns->tmpfs[0].flags & MS_RDONLY);
	ck_assert(ns->tmpfs[0].flags & MS_NODEV);
	ck_assert_str_eq(ns->tmpfs[0].data, "mode=0755,mode=0700,size=10M");
	ck_assert(!(ns->tmpfs[1].flags & MS_RDONLY));
	ck_assert_str_eq(ns->tmpfs[1].data, "mode=0755");
	unit_free(u);

	u = good("TemporaryFileSystem=/x:dev,noexec,huge=within_size\n");
	ck_assert(!(u->svc.ns->tmpfs[0].flags & MS_NODEV));
	ck_assert(u->svc.ns->tmpfs[0].flags & MS_NOEXEC);
	unit_free(u);

	bad("TemporaryFileSystem=/x:bogus\n", "unknown or bad tmpfs option");
	bad("TemporaryFileSystem=/x:mode=07,00\n", "unknown or bad tmpfs");
	bad("TemporaryFileSystem=/x:size=1;rm\n", "unknown or bad tmpfs");
	bad("TemporaryFileSystem=x\n", "not an absolute path");
}
END_TEST

START_TEST(test_plan_order)
{
	struct unit *u = good("ProtectSystem=strict\nPrivateTmp=yes\n"
			      "ReadWritePaths=/var/lib/x\n"
			      "ReadOnlyPaths=/var/lib/x/ro\n"
			      "BindPaths=/srv/a:/opt/a\n");

	/* Parents before children; the unit's own paths after the
	 * implied ones, so ReadWritePaths= punches through strict. */
	ck_assert_str_eq(plan_str(&u->svc.ns->plan),
			 "attr / +ro; attr /dev -ro; bind /opt/a </srv/a; "
			 "attr /proc -ro; attr /sys -ro; "
			 "tmpfs /tmp mode=1777; attr /var/lib/x -ro; "
			 "attr /var/lib/x/ro +ro; tmpfs -/var/tmp mode=1777");
	ck_assert_int_eq(u->svc.ns->plan.unshare_flags, CLONE_NEWNS);
	ck_assert_uint_eq(u->svc.ns->plan.n_binds, 1);
	unit_free(u);

	/* For one path, the unit's list wins over ProtectSystem=. */
	u = good("ProtectSystem=full\nReadWritePaths=/etc\n");
	ck_assert_str_eq(plan_str(&u->svc.ns->plan),
			 "attr -/boot +ro; attr -/efi +ro; attr /etc +ro; "
			 "attr /etc -ro; attr /usr +ro");
	unit_free(u);

	u = good("ProtectHome=yes\nPrivateDevices=yes\n"
		 "ProtectControlGroups=yes\n");
	ck_assert_str_eq(plan_str(&u->svc.ns->plan),
			 "dev /dev; hide -/home; hide -/root; hide -/run/user; "
			 "attr -/sys/fs/cgroup +ro");
	unit_free(u);

	u = good("ProtectHome=tmpfs\n");
	ck_assert_str_eq(plan_str(&u->svc.ns->plan),
			 "tmpfs -/home mode=0755; tmpfs -/root mode=0755; "
			 "tmpfs -/run/user mode=0755");
	ck_assert(u->svc.ns->plan.ops[0].flags & MS_RDONLY);
	unit_free(u);

	u = good("ProtectKernelModules=yes\nProtectKernelLogs=yes\n"
		 "ProtectClock=yes\nPrivateDevices=yes\n");
	ck_assert_str_eq(plan_str(&u->svc.ns->plan),
			 "dev /dev; hide -/dev/kmsg; hide -/lib/modules; "
			 "hide -/proc/kmsg; hide -/usr/lib/modules");
	ck_assert(u->svc.ns->plan.deny_syslog);
	ck_assert(u->svc.ns->plan.capbset_drop ==
		  ((UINT64_C(1) << CAP_SYS_MODULE) |
		   (UINT64_C(1) << CAP_SYSLOG) | (UINT64_C(1) << CAP_SYS_TIME) |
		   (UINT64_C(1) << CAP_WAKE_ALARM) |
		   (UINT64_C(1) << CAP_MKNOD) |
		   (UINT64_C(1) << CAP_SYS_RAWIO)));
	unit_free(u);
	/* ProtectClock= alone: no namespace, only the capabilities. */
	u = good("ProtectClock=yes\n");
	ck_assert_int_eq(u->svc.ns->plan.unshare_flags, 0);
	ck_assert(u->svc.ns->plan.capbset_drop != 0);
	unit_free(u);

	u = good("ProtectProc=invisible\nProcSubset=pid\n"
		 "NoExecPaths=/\nExecPaths=/usr -/opt\n");
	ck_assert_str_eq(plan_str(&u->svc.ns->plan),
			 "attr / +noexec; attr -/opt -noexec; "
			 "proc /proc hidepid=invisible,subset=pid; "
			 "attr /usr -noexec");
	unit_free(u);
	u = good("ProcSubset=pid\nProtectProc=default\n");
	ck_assert_str_eq(plan_str(&u->svc.ns->plan), "proc /proc subset=pid");
	unit_free(u);
	u = good("PrivateMounts=yes\n");
	ck_assert_int_eq(u->svc.ns->plan.unshare_flags, CLONE_NEWNS);
	ck_assert_uint_eq(u->svc.ns->plan.n_ops, 0);
	unit_free(u);
	bad("ProtectProc=hidden\n", "invalid ProtectProc=");
	bad("ProcSubset=some\n", "invalid ProcSubset=");
	bad("NoExecPaths=tmp\n", "not an absolute path");

	u = good("ProtectKernelTunables=yes\n");
	ck_assert(strstr(plan_str(&u->svc.ns->plan),
			 "attr -/proc/sys +ro; attr -/proc/sysrq-trigger +ro"));
	ck_assert(strstr(plan_str(&u->svc.ns->plan), "hide -/proc/kcore"));
	ck_assert(strstr(plan_str(&u->svc.ns->plan), "attr -/sys +ro"));
	unit_free(u);
}
END_TEST

START_TEST(test_outside_service)
{
	struct diag_list dl;
	struct unit *u = unit_new("a.service", UNIT_SERVICE);
	int rc;

	diag_init(&dl);
	rc = parse_unit_string(u, "a.service",
			       "[Unit]\nPrivateTmp=yes\n[Service]\n"
			       "ExecStart=/bin/true\n",
			       &dl);
	ck_assert_int_eq(rc, 0);
	/* Nothing of the table was set: no settings at all. */
	ck_assert_ptr_null(u->svc.ns);
	ck_assert_uint_eq(dl.n_warnings, 1);
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_directories)
{
	struct unit *u = good("RuntimeDirectory=a b/c\n"
			      "RuntimeDirectoryMode=0700\n"
			      "StateDirectory=a\nCacheDirectory=a\n"
			      "LogsDirectory=a\nConfigurationDirectory=a\n"
			      "RuntimeDirectoryPreserve=restart\n");
	const struct ns_plan *p = &u->svc.ns->plan;
	char buf[2048];
	size_t n = 0;

	ck_assert_int_eq(u->svc.ns->runtime_preserve, NS_PRESERVE_RESTART);
	for (size_t i = 0; i < p->n_mkdirs; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s%s %o",
				      i ? "; " : "", p->mkdirs[i].path,
				      p->mkdirs[i].leaf ? "" : " (parent)",
				      p->mkdirs[i].mode);
	ck_assert_str_eq(buf, "/run/a 700; /run/b (parent) 755; /run/b/c 700; "
			      "/var/lib/a 755; /var/cache/a 755; "
			      "/var/log/a 755; /etc/a 755");
	ck_assert_str_eq(p->env[0], "RUNTIME_DIRECTORY=/run/a:/run/b/c");
	ck_assert_str_eq(p->env[1], "STATE_DIRECTORY=/var/lib/a");
	ck_assert_str_eq(p->env[4], "CONFIGURATION_DIRECTORY=/etc/a");
	ck_assert_ptr_null(p->env[5]);
	ck_assert_str_eq(p->runtime_paths[1], "/run/b/c");
	ck_assert_ptr_null(p->runtime_paths[2]);
	/* Directories alone need no mount namespace. */
	ck_assert_uint_eq(p->n_ops, 0);
	ck_assert_int_eq(p->unshare_flags, 0);
	unit_free(u);

	/* With mounts, they are writable (the configuration is not). */
	u = good("ProtectSystem=strict\nStateDirectory=s\n"
		 "ConfigurationDirectory=c\n");
	ck_assert(strstr(plan_str(&u->svc.ns->plan), "attr /var/lib/s -ro"));
	ck_assert(!strstr(plan_str(&u->svc.ns->plan), "/etc/c"));
	unit_free(u);

	u = good("RuntimeDirectory=a\nRuntimeDirectory=\n"
		 "RuntimeDirectoryPreserve=yes\n");
	ck_assert_ptr_null(u->svc.ns->plan.env);
	ck_assert_int_eq(u->svc.ns->runtime_preserve, NS_PRESERVE_YES);
	unit_free(u);

	bad("RuntimeDirectory=/run/a\n", "must be a relative path");
	bad("StateDirectory=a/../b\n", "not a normalized path");
	bad("CacheDirectory=a//b\n", "not a normalized path");
	bad("LogsDirectoryMode=0800\n", "not an octal mode");
	bad("StateDirectoryMode=10000\n", "not an octal mode");
	bad("RuntimeDirectoryPreserve=later\n",
	    "invalid RuntimeDirectoryPreserve=");
}
END_TEST

/* The syslog rule, in a child as root: syslog(2) works before (root
 * has CAP_SYSLOG) and fails with EPERM after, other calls still work,
 * and the capabilities leave the bounding set. */
START_TEST(test_kernel_rules)
{
	struct ns_plan p = {.deny_syslog = true,
			    .capbset_drop = UINT64_C(1) << CAP_SYS_MODULE};
	int status;
	pid_t pid;

	ck_assert(nskernel_can_filter_syslog());
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (syscall(SYS_syslog, 10, NULL, 0) < 0)
			_exit(10); /* SYSLOG_ACTION_SIZE_BUFFER */
		if (nskernel_apply(&p) < 0)
			_exit(11);
		if (syscall(SYS_syslog, 10, NULL, 0) >= 0 || errno != EPERM)
			_exit(12);
		if (getppid() <= 0)
			_exit(13);
		if (prctl(PR_CAPBSET_READ, CAP_SYS_MODULE) != 0 ||
		    prctl(PR_CAPBSET_READ, CAP_SYSLOG) != 1)
			_exit(14);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* The child's directory step and the daemon's removal, on a temporary
 * tree: parents 0755, the innermost with its mode and owner, a file in
 * the way is ENOTDIR with its kind, and removal takes everything below
 * without following a link out of the tree. */
START_TEST(test_dirs_make_remove)
{
	char base[] = "/tmp/check_ns.XXXXXX", a[64], ab[64], f[64];
	char outside[] = "/tmp/check_ns_out.XXXXXX", link[256], keep[256];
	struct ns_mkdir md[2];
	struct ns_plan p = {.mkdirs = md, .n_mkdirs = 2};
	char *paths[] = {a, NULL};
	struct stat st;
	int kind = -1, fd;

	ck_assert_ptr_nonnull(mkdtemp(base));
	ck_assert_ptr_nonnull(mkdtemp(outside));
	snprintf(a, sizeof(a), "%s/a", base);
	snprintf(ab, sizeof(ab), "%s/a/b", base);
	md[0] = (struct ns_mkdir){NS_DIR_STATE, a, false, 0755};
	md[1] = (struct ns_mkdir){NS_DIR_STATE, ab, true, 0710};
	ck_assert_int_eq(nsdirs_make(&p, 65534, 65534, &kind), 0);
	ck_assert_int_eq(stat(a, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0755);
	ck_assert_uint_eq(st.st_uid, 0);
	ck_assert_int_eq(stat(ab, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0710);
	ck_assert_uint_eq(st.st_uid, 65534);
	/* Again: nothing to make, the mode is set back. */
	ck_assert_int_eq(chmod(ab, 0777), 0);
	ck_assert_int_eq(nsdirs_make(&p, 65534, 65534, &kind), 0);
	ck_assert_int_eq(stat(ab, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0710);

	/* Removal: files, a subdirectory, a link to a file outside. */
	snprintf(f, sizeof(f), "%s/a/b/c", base);
	ck_assert_int_eq(mkdir(f, 0700), 0);
	snprintf(keep, sizeof(keep), "%s/keep", outside);
	fd = open(keep, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(link, sizeof(link), "%s/a/b/link", base);
	ck_assert_int_eq(symlink(outside, link), 0);
	ck_assert_int_eq(nsdirs_remove(paths), 0);
	ck_assert_int_ne(access(a, F_OK), 0);
	ck_assert_int_eq(access(keep, F_OK), 0);
	/* Already gone is not an error. */
	ck_assert_int_eq(nsdirs_remove(paths), 0);

	/* A file where the directory should be. */
	fd = open(a, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	md[0].kind = NS_DIR_LOGS;
	ck_assert_int_eq(nsdirs_make(&p, 0, 0, &kind), -ENOTDIR);
	ck_assert_int_eq(kind, NS_DIR_LOGS);
	ck_assert_int_eq(unlink(a), 0);
	ck_assert_int_eq(unlink(keep), 0);
	ck_assert_int_eq(rmdir(outside), 0);
	ck_assert_int_eq(rmdir(base), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ns");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_path_ok);
	tcase_add_test(tc, test_booleans_and_levels);
	tcase_add_test(tc, test_path_lists);
	tcase_add_test(tc, test_binds);
	tcase_add_test(tc, test_tmpfs);
	tcase_add_test(tc, test_plan_order);
	tcase_add_test(tc, test_outside_service);
	tcase_add_test(tc, test_directories);
	tcase_add_test_if(tc, test_dirs_make_remove, geteuid() == 0,
			  "needs root (chown)");
	tcase_add_test_if(tc, test_kernel_rules,
			  geteuid() == 0 && !under_qemu_user(),
			  "needs root (CAP_SYSLOG, CAP_SETPCAP), not "
			  "qemu-user: seccomp");
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	skip_summary("ns");
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
