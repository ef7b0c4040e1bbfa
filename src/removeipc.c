/* removeipc: RemoveIPC= (see removeipc.h). */
#include "removeipc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

enum ipc_kind { IPC_SHM, IPC_SEM, IPC_MSG };

static bool owned(uid_t u, gid_t g, uid_t uid, gid_t gid)
{
	return (uid != 0 && u == uid) || (gid != 0 && g == gid);
}

static void note(int *first, int e)
{
	if (*first == 0)
		*first = e;
}

/* One table of /proc/sysvipc: a header line, then one object a line. The
 * owner's uid and gid are at different columns in each. */
static int sysv_clean(enum ipc_kind kind, uid_t uid, gid_t gid, int *err)
{
	static const char *const files[] = {
		"/proc/sysvipc/shm", "/proc/sysvipc/sem", "/proc/sysvipc/msg"};
	char line[512];
	int n = 0;
	FILE *f = fopen(files[kind], "re");

	if (!f)
		return errno == ENOENT ? 0 : (note(err, -errno), 0);
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		long long key;
		unsigned long u, g;
		int id, ok, r;

		/* key id perms, then: shm size cpid lpid nattch uid gid;
		 * sem nsems uid gid; msg cbytes qnum lspid lrpid uid gid. */
		if (kind == IPC_SHM)
			ok = sscanf(line, "%lld %d %*o %*u %*d %*d %*u %lu %lu",
				    &key, &id, &u, &g) == 4;
		else if (kind == IPC_SEM)
			ok = sscanf(line, "%lld %d %*o %*u %lu %lu", &key, &id,
				    &u, &g) == 4;
		else
			ok = sscanf(line, "%lld %d %*o %*u %*u %*d %*d %lu %lu",
				    &key, &id, &u, &g) == 4;
		if (!ok || !owned((uid_t)u, (gid_t)g, uid, gid))
			continue;
		if (kind == IPC_SHM)
			r = shmctl(id, IPC_RMID, NULL);
		else if (kind == IPC_SEM)
			r = semctl(id, 0, IPC_RMID);
		else
			r = msgctl(id, IPC_RMID, NULL);
		/* EIDRM/EINVAL: gone meanwhile. */
		if (r == 0)
			n++;
		else if (errno != EIDRM && errno != EINVAL)
			note(err, -errno);
	}
	fclose(f);
	return n;
}

/* Remove dfd's entry name and, for a directory, all it holds. */
static int remove_tree(int dfd, const char *name, bool is_dir)
{
	if (is_dir) {
		int fd =
			openat(dfd, name,
			       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
		struct dirent *de;

		if (!d) {
			if (fd >= 0)
				close(fd);
			return -errno;
		}
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				(void)remove_tree(dirfd(d), de->d_name,
						  de->d_type == DT_DIR);
		closedir(d);
	}
	return unlinkat(dfd, name, is_dir ? AT_REMOVEDIR : 0) < 0 &&
			       errno != ENOENT
		       ? -errno
		       : 0;
}

/* The entries of /dev/shm (POSIX shared memory, also semaphores there)
 * or /dev/mqueue that uid or gid owns. */
static int dir_clean(const char *path, uid_t uid, gid_t gid, int *err)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	if (!d)
		return errno == ENOENT ? 0 : (note(err, -errno), 0);
	while ((de = readdir(d))) {
		struct stat st;
		int r;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) <
			    0 ||
		    !owned(st.st_uid, st.st_gid, uid, gid))
			continue;
		r = remove_tree(dirfd(d), de->d_name, S_ISDIR(st.st_mode));
		if (r == 0)
			n++;
		else
			note(err, r);
	}
	closedir(d);
	return n;
}

int removeipc_owned(uid_t uid, gid_t gid)
{
	int err = 0, n = 0;

	if (uid == 0 && gid == 0)
		return 0;
	n += sysv_clean(IPC_SHM, uid, gid, &err);
	n += sysv_clean(IPC_SEM, uid, gid, &err);
	n += sysv_clean(IPC_MSG, uid, gid, &err);
	n += dir_clean("/dev/shm", uid, gid, &err);
	n += dir_clean("/dev/mqueue", uid, gid, &err);
	return err < 0 ? err : n;
}
