/*
 * secfilter: the syscall groups of SystemCallFilter= (see secfilter.h).
 *
 * systemd's group names, with members chosen here from what each call
 * does. A group lists calls of every architecture Linux has; the ones
 * this architecture (or this libseccomp) lacks are skipped when a group
 * is used. A member starting with `@` is another group; groups nest at
 * most a few levels and never in a cycle.
 */
#include "secfilter.h"

#include <string.h>

#include "util.h"

#define G(...) ((const char *const[]){__VA_ARGS__, NULL})

struct group {
	const char *name;
	const char *const *calls;
};

static const struct group groups[] = {
	/* What every process needs to start, run as itself and exit:
	 * always allowed by an allow list. */
	{"@default",
	 G("arch_prctl", "brk", "cacheflush", "clock_getres",
	   "clock_getres_time64", "clock_gettime", "clock_gettime64",
	   "clock_nanosleep", "clock_nanosleep_time64", "execve", "exit",
	   "exit_group", "futex", "futex_time64", "futex_waitv",
	   "get_robust_list", "get_thread_area", "getegid", "getegid32",
	   "geteuid", "geteuid32", "getgid", "getgid32", "getgroups",
	   "getgroups32", "getpgid", "getpgrp", "getpid", "getppid",
	   "getrandom", "getresgid", "getresgid32", "getresuid", "getresuid32",
	   "getrlimit", "getsid", "gettid", "gettimeofday", "getuid",
	   "getuid32", "membarrier", "mmap", "mmap2", "mprotect", "munmap",
	   "nanosleep", "pause", "prlimit64", "restart_syscall", "rseq",
	   "rt_sigreturn", "sched_getaffinity", "sched_yield",
	   "set_robust_list", "set_thread_area", "set_tid_address", "set_tls",
	   "sigreturn", "time", "ugetrlimit", "uname")},
	/* Asynchronous I/O: POSIX AIO's kernel side and io_uring. */
	{"@aio", G("io_cancel", "io_destroy", "io_getevents", "io_pgetevents",
		   "io_pgetevents_time64", "io_setup", "io_submit",
		   "io_uring_enter", "io_uring_register", "io_uring_setup")},
	/* Reading, writing and closing fds already open. */
	{"@basic-io",
	 G("_llseek", "close", "close_range", "dup", "dup2", "dup3", "lseek",
	   "pread64", "preadv", "preadv2", "pwrite64", "pwritev", "pwritev2",
	   "read", "readv", "write", "writev")},
	/* Changing the owner of files. */
	{"@chown", G("chown", "chown32", "fchown", "fchown32", "fchownat",
		     "lchown", "lchown32")},
	/* Setting the system clock. */
	{"@clock",
	 G("adjtimex", "clock_adjtime", "clock_adjtime64", "clock_settime",
	   "clock_settime64", "settimeofday", "stime")},
	/* Emulating other CPUs or modes: segment tables, vm86. */
	{"@cpu-emulation",
	 G("modify_ldt", "subpage_prot", "switch_endian", "vm86", "vm86old")},
	/* Watching or steering other processes, and profiling. */
	{"@debug",
	 G("lookup_dcookie", "perf_event_open", "pidfd_getfd", "ptrace", "rtas",
	   "s390_runtime_instr", "sys_debug_setcontext")},
	/* Files by name: open, stat, create, link, rename, remove, change
	 * attributes, watch, and map them. */
	{"@file-system",
	 G("access", "chdir", "chmod", "close", "creat", "faccessat",
	   "faccessat2", "fallocate", "fchdir", "fchmod", "fchmodat", "fcntl",
	   "fcntl64", "fgetxattr", "flistxattr", "fremovexattr", "fsetxattr",
	   "fstat", "fstat64", "fstatat64", "fstatfs", "fstatfs64", "ftruncate",
	   "ftruncate64", "futimesat", "getcwd", "getdents", "getdents64",
	   "getxattr", "inotify_add_watch", "inotify_init", "inotify_init1",
	   "inotify_rm_watch", "lgetxattr", "link", "linkat", "listxattr",
	   "llistxattr", "lremovexattr", "lsetxattr", "lstat", "lstat64",
	   "mkdir", "mkdirat", "mknod", "mknodat", "mmap", "mmap2", "munmap",
	   "newfstatat", "oldfstat", "oldlstat", "oldstat", "open", "openat",
	   "openat2", "readlink", "readlinkat", "removexattr", "rename",
	   "renameat", "renameat2", "rmdir", "setxattr", "stat", "stat64",
	   "statfs", "statfs64", "statx", "symlink", "symlinkat", "truncate",
	   "truncate64", "unlink", "unlinkat", "utime", "utimensat",
	   "utimensat_time64", "utimes")},
	/* Waiting for events on fds. */
	{"@io-event",
	 G("_newselect", "epoll_create", "epoll_create1", "epoll_ctl",
	   "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait",
	   "epoll_wait_old", "eventfd", "eventfd2", "poll", "ppoll",
	   "ppoll_time64", "pselect6", "pselect6_time64", "select")},
	/* Talking to other processes other than by sockets and signals:
	 * pipes, SysV and POSIX IPC, another process's memory. */
	{"@ipc",
	 G("ipc", "memfd_create", "mq_getsetattr", "mq_notify", "mq_open",
	   "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend",
	   "mq_timedsend_time64", "mq_unlink", "msgctl", "msgget", "msgrcv",
	   "msgsnd", "pipe", "pipe2", "process_madvise", "process_vm_readv",
	   "process_vm_writev", "semctl", "semget", "semop", "semtimedop",
	   "semtimedop_time64", "shmat", "shmctl", "shmdt", "shmget")},
	/* The kernel's key store. */
	{"@keyring", G("add_key", "keyctl", "request_key")},
	/* Locking memory in RAM. */
	{"@memlock", G("mlock", "mlock2", "mlockall", "munlock", "munlockall")},
	/* Loading and unloading kernel modules. */
	{"@module", G("delete_module", "finit_module", "init_module")},
	/* Mounting, unmounting and changing the root. */
	{"@mount", G("chroot", "fsconfig", "fsmount", "fsopen", "fspick",
		     "mount", "mount_setattr", "move_mount", "open_tree",
		     "pivot_root", "umount", "umount2")},
	/* Sockets: make, connect, listen, send and receive. */
	{"@network-io", G("accept", "accept4", "bind", "connect", "getpeername",
			  "getsockname", "getsockopt", "listen", "recv",
			  "recvfrom", "recvmmsg", "recvmmsg_time64", "recvmsg",
			  "send", "sendmmsg", "sendmsg", "sendto", "setsockopt",
			  "shutdown", "socket", "socketcall", "socketpair")},
	/* Calls nothing current uses, kept by the kernel for old binaries
	 * or never implemented. */
	{"@obsolete",
	 G("_sysctl", "afs_syscall", "bdflush", "break", "create_module",
	   "ftime", "get_kernel_syms", "getpmsg", "gtty", "idle", "lock", "mpx",
	   "prof", "profil", "putpmsg", "query_module", "security", "sgetmask",
	   "ssetmask", "stty", "sysfs", "tuxcall", "ulimit", "uselib", "ustat",
	   "vserver")},
	/* Memory protection keys. */
	{"@pkey", G("pkey_alloc", "pkey_free", "pkey_mprotect")},
	/* What needs privileges a service should rarely have: ids of others,
	 * the host's names, accounting, quotas, raw handles, BPF. */
	{"@privileged",
	 G("@chown", "@clock", "@module", "@raw-io", "@reboot", "@swap",
	   "_sysctl", "acct", "bpf", "capset", "chroot", "fanotify_init",
	   "fanotify_mark", "nfsservctl", "open_by_handle_at", "pivot_root",
	   "quotactl", "quotactl_fd", "setdomainname", "setfsuid", "setfsuid32",
	   "setgroups", "setgroups32", "sethostname", "setresuid",
	   "setresuid32", "setreuid", "setreuid32", "setuid", "setuid32",
	   "vhangup")},
	/* Making, waiting for, signalling and changing processes, and
	 * entering or making namespaces. */
	{"@process",
	 G("capget", "clone", "clone3", "execveat", "fork", "getrusage", "kill",
	   "pidfd_open", "pidfd_send_signal", "prctl", "rt_sigqueueinfo",
	   "rt_tgsigqueueinfo", "setns", "swapcontext", "tgkill", "times",
	   "tkill", "unshare", "vfork", "wait4", "waitid", "waitpid")},
	/* Direct access to I/O ports and PCI configuration. */
	{"@raw-io",
	 G("ioperm", "iopl", "pciconfig_iobase", "pciconfig_read",
	   "pciconfig_write", "s390_pci_mmio_read", "s390_pci_mmio_write")},
	/* Rebooting, or loading a kernel to reboot into. */
	{"@reboot", G("kexec_file_load", "kexec_load", "reboot")},
	/* Changing limits, priorities, CPU and memory placement. */
	{"@resources",
	 G("ioprio_set", "mbind", "migrate_pages", "move_pages", "nice",
	   "sched_setaffinity", "sched_setattr", "sched_setparam",
	   "sched_setscheduler", "set_mempolicy", "set_mempolicy_home_node",
	   "setpriority", "setrlimit")},
	/* Confining oneself further: seccomp and Landlock. */
	{"@sandbox", G("landlock_add_rule", "landlock_create_ruleset",
		       "landlock_restrict_self", "seccomp")},
	/* Changing one's user and group ids. */
	{"@setuid",
	 G("setgid", "setgid32", "setgroups", "setgroups32", "setregid",
	   "setregid32", "setresgid", "setresgid32", "setresuid", "setresuid32",
	   "setreuid", "setreuid32", "setuid", "setuid32")},
	/* Signal handlers, masks and waiting for signals. */
	{"@signal",
	 G("rt_sigaction", "rt_sigpending", "rt_sigprocmask", "rt_sigsuspend",
	   "rt_sigtimedwait", "rt_sigtimedwait_time64", "sigaction",
	   "sigaltstack", "signal", "signalfd", "signalfd4", "sigpending",
	   "sigprocmask", "sigsuspend")},
	/* Swap on and off. */
	{"@swap", G("swapoff", "swapon")},
	/* Flushing files to disk. */
	{"@sync", G("fdatasync", "fsync", "msync", "sync", "sync_file_range",
		    "sync_file_range2", "syncfs")},
	/* Timers and alarms. */
	{"@timer", G("alarm", "getitimer", "setitimer", "timer_create",
		     "timer_delete", "timer_getoverrun", "timer_gettime",
		     "timer_gettime64", "timer_settime", "timer_settime64",
		     "timerfd_create", "timerfd_gettime", "timerfd_gettime64",
		     "timerfd_settime", "timerfd_settime64", "times")},
	/* What an ordinary system service needs: the groups above that do
	 * not reach beyond the service itself, and the usual odds and ends
	 * (ioctl, splice, scheduling queries, sessions). Not in it: @clock,
	 * @cpu-emulation, @debug, @module, @mount, @obsolete, @raw-io,
	 * @reboot, @swap, and the rest of @privileged. */
	{"@system-service",
	 G("@aio", "@basic-io", "@chown", "@default", "@file-system",
	   "@io-event", "@ipc", "@keyring", "@memlock", "@network-io",
	   "@process", "@resources", "@setuid", "@signal", "@sync", "@timer",
	   "arm_fadvise64_64", "capget", "capset", "copy_file_range",
	   "fadvise64", "fadvise64_64", "flock", "get_mempolicy", "getcpu",
	   "getpriority", "ioctl", "ioprio_get", "kcmp", "madvise", "mremap",
	   "name_to_handle_at", "oldolduname", "olduname", "personality",
	   "readahead", "readdir", "remap_file_pages", "sched_get_priority_max",
	   "sched_get_priority_min", "sched_getattr", "sched_getparam",
	   "sched_getscheduler", "sched_rr_get_interval",
	   "sched_rr_get_interval_time64", "sendfile", "sendfile64", "setfsgid",
	   "setfsgid32", "setfsuid", "setfsuid32", "setpgid", "setsid",
	   "splice", "sysinfo", "tee", "umask", "uname", "userfaultfd",
	   "vmsplice")},
};

const char *const secfilter_group_names[] = {
	"@default",	   "@aio",
	"@basic-io",	   "@chown",
	"@clock",	   "@cpu-emulation",
	"@debug",	   "@file-system",
	"@io-event",	   "@ipc",
	"@keyring",	   "@memlock",
	"@module",	   "@mount",
	"@network-io",	   "@obsolete",
	"@pkey",	   "@privileged",
	"@process",	   "@raw-io",
	"@reboot",	   "@resources",
	"@sandbox",	   "@setuid",
	"@signal",	   "@swap",
	"@sync",	   "@timer",
	"@system-service", NULL,
};

_Static_assert(ARRAY_SIZE(secfilter_group_names) == ARRAY_SIZE(groups) + 1,
	       "every group is named once");

const char *const *secfilter_group(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(groups); i++)
		if (strcmp(groups[i].name, name) == 0)
			return groups[i].calls;
	return NULL;
}
