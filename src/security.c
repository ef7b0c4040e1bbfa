/* security: a service's exposure from its unit file (see security.h). */
#include "security.h"

#include <linux/capability.h>

#include "ns.h"
#include "privs.h"

/* A capability bit of privs_conf's sets. */
#define CAP(c) ((uint64_t)1 << (c))

/* Each setting, its weight (the more it protects, the more it weighs; the
 * weights add up to 100) and what a service without it may do. */
static const struct {
	const char *setting, *explanation;
	unsigned weight;
} table[SECURITY_ITEMS] = {
	{"User=", "runs as root, with every right over the machine", 15},
	{"NoNewPrivileges=", "can gain privileges through set-user-ID programs",
	 7},
	{"CapabilityBoundingSet=",
	 "keeps CAP_SYS_ADMIN and the other capabilities of root", 9},
	{"AmbientCapabilities=", "is given capabilities as a non-root user", 3},
	{"PrivateTmp=", "shares /tmp with every other service", 5},
	{"PrivateDevices=", "sees every device of the machine", 5},
	{"PrivateNetwork=", "can reach every network of the machine", 3},
	{"RestrictAddressFamilies=", "can open any kind of socket", 4},
	{"ProtectSystem=", "can write /usr, /boot and /etc", 7},
	{"ProtectHome=", "can read the users' home directories", 5},
	{"ProtectKernelTunables=", "can change /proc/sys and /sys", 3},
	{"ProtectKernelModules=", "can load kernel modules", 3},
	{"ProtectKernelLogs=", "can read the kernel log", 2},
	{"ProtectClock=", "can set the clock", 2},
	{"ProtectControlGroups=", "can write the cgroup file system", 2},
	{"ProtectHostname=", "can change the host name", 1},
	{"ProtectProc=", "sees every process in /proc", 2},
	{"PrivateIPC=", "shares System V IPC with the machine", 1},
	{"RestrictNamespaces=", "can create namespaces", 4},
	{"RestrictRealtime=", "can take a real-time scheduling policy", 2},
	{"RestrictSUIDSGID=", "can create set-user-ID files", 2},
	{"LockPersonality=", "can change its execution domain", 1},
	{"MemoryDenyWriteExecute=", "can map memory writable and executable",
	 2},
	{"SystemCallFilter=", "can make every system call", 10},
};

unsigned security_assess(const struct unit *u,
			 struct security_item items[SECURITY_ITEMS])
{
	static const struct privs_conf no_privs = {
		.bounding = PRIVS_CAPS_ALL,
		.seccomp = {.ns_allowed = SECFILTER_NS_ALL},
	};
	static const struct ns_conf no_ns;
	const struct privs_conf *p = u->svc.privs ? u->svc.privs : &no_privs;
	const struct ns_conf *ns = u->svc.ns ? u->svc.ns : &no_ns;
	const struct secfilter_conf *sf = &p->seccomp;
	const struct unit_creds *cr = &u->svc.creds;
	bool exposed[SECURITY_ITEMS] = {
		!cr->has_user || cr->uid == 0,
		!p->no_new_privileges,
		(p->bounding & CAP(CAP_SYS_ADMIN)) != 0,
		p->ambient != 0,
		!ns->private_tmp,
		!ns->private_devices,
		!ns->private_network,
		!sf->af_set && !ns->private_network,
		ns->protect_system == NS_PROTECT_SYSTEM_NO,
		ns->protect_home == NS_PROTECT_HOME_NO,
		!ns->protect_kernel_tunables,
		!ns->protect_kernel_modules,
		!ns->protect_kernel_logs,
		!ns->protect_clock,
		!ns->protect_control_groups,
		!ns->protect_hostname,
		ns->protect_proc == NS_PROTECT_PROC_DEFAULT,
		!ns->private_ipc,
		sf->ns_allowed == SECFILTER_NS_ALL,
		!sf->restrict_realtime,
		!sf->restrict_suid_sgid,
		!sf->lock_personality,
		!sf->memory_deny_write_execute,
		!sf->filter_set,
	};
	unsigned sum = 0, total = 0;

	for (size_t i = 0; i < SECURITY_ITEMS; i++) {
		items[i] = (struct security_item){
			table[i].setting,
			table[i].explanation,
			table[i].weight,
			exposed[i],
		};
		total += table[i].weight;
		sum += exposed[i] ? table[i].weight : 0;
	}
	return (sum * 100 + total / 2) / total;
}

const char *security_rating(unsigned tenths)
{
	return tenths < 20   ? "OK"
	       : tenths < 50 ? "MEDIUM"
	       : tenths < 90 ? "EXPOSED"
			     : "UNSAFE";
}
