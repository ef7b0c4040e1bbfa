/* ctlverify: svctl analyze verify (see ctlverify.h). */
#include "ctlverify.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

/* Copy the file src to dst (created, 0644). 0 or -errno. */
static int copy_file(const char *src, const char *dst)
{
	char buf[65536];
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, r = 0;
	ssize_t n;

	if (in < 0)
		return -errno;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0)
		r = -errno;
	while (r == 0 && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 || write(out, buf, (size_t)n) != n)
			r = n < 0 ? -errno : -EIO;
	}
	close(in);
	if (out >= 0 && close(out) < 0 && r == 0)
		r = -errno;
	return r;
}

/* The *.conf of src (a drop-in directory) into dst. */
static int copy_dropins(const char *src, const char *dst)
{
	DIR *d = opendir(src);
	struct dirent *de;
	char a[PATH_MAX + 512], b[PATH_MAX + 512];
	int r = 0;

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	if (mkdir(dst, 0755) < 0)
		r = -errno;
	while (r == 0 && (de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len < 6 ||
		    strcmp(de->d_name + len - 5, ".conf") != 0)
			continue;
		snprintf(a, sizeof(a), "%s/%s", src, de->d_name);
		snprintf(b, sizeof(b), "%s/%s", dst, de->d_name);
		r = copy_file(a, b);
	}
	closedir(d);
	return r;
}

/* rm -r of the temporary directory: files, and one level of drop-in
 * directories, which is all it holds. */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[PATH_MAX + 512];

	while (d && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (unlink(p) < 0 && (errno == EISDIR || errno == EPERM))
			remove_tree(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* The svinit beside this svctl, or "svinit" (found on PATH by execvp). */
static void svinit_path(char *buf, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	snprintf(buf, size, "svinit");
	if (n <= 0)
		return;
	self[n] = '\0';
	snprintf(buf, size, "%s/svinit", dirname(self));
	if (access(buf, X_OK) < 0)
		snprintf(buf, size, "svinit");
}

/* One line of svinit's output, with tmp/NAME made the file's path. */
static void print_mapped(const char *line, const char *tmp, char *const *files,
			 char *const *names, int n)
{
	size_t tl = strlen(tmp);

	while (*line) {
		const char *hit = strstr(line, tmp);
		int k = -1;

		if (hit && hit[tl] == '/')
			for (int i = 0; i < n && k < 0; i++) {
				size_t nl = strlen(names[i]);

				if (strncmp(hit + tl + 1, names[i], nl) == 0 &&
				    strchr(":./ \n", hit[tl + 1 + nl]))
					k = i;
			}
		if (k < 0) {
			fputs(line, stdout);
			return;
		}
		fwrite(line, 1, (size_t)(hit - line), stdout);
		fputs(files[k], stdout);
		line = hit + tl + 1 + strlen(names[k]);
	}
}

int ctlverify_run(char *const *files, int n)
{
	char tmp[PATH_MAX], svinit[PATH_MAX], path[PATH_MAX + 8];
	char **names = calloc((size_t)n + 1, sizeof(*names));
	const char *td = getenv("TMPDIR");
	int pipefd[2] = {-1, -1}, status = 0, rc = 1;
	pid_t pid;
	FILE *f;

	if (n == 0 || !names) {
		fprintf(stderr, "svctl: analyze verify FILE...\n");
		free(names);
		return n == 0 ? 2 : 1;
	}
	snprintf(tmp, sizeof(tmp), "%s/svctl-verify.XXXXXX",
		 td && *td ? td : "/tmp");
	if (!mkdtemp(tmp)) {
		fprintf(stderr, "svctl: analyze verify: %s: %s\n", tmp,
			strerror(errno));
		free(names);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		char *slash = strrchr(files[i], '/');
		int r;

		names[i] = slash ? slash + 1 : files[i];
		if (!unit_name_is_valid(names[i])) {
			fprintf(stderr,
				"svctl: analyze verify: %s: not a unit file "
				"name\n",
				files[i]);
			rc = 2;
			goto out;
		}
		snprintf(path, sizeof(path), "%s/%s", tmp, names[i]);
		r = copy_file(files[i], path);
		if (r == 0) {
			char a[PATH_MAX + 8];

			snprintf(a, sizeof(a), "%s.d", files[i]);
			snprintf(path, sizeof(path), "%s/%s.d", tmp, names[i]);
			r = copy_dropins(a, path);
		}
		if (r < 0) {
			fprintf(stderr, "svctl: analyze verify: %s: %s\n",
				files[i], strerror(-r));
			goto out;
		}
	}
	svinit_path(svinit, sizeof(svinit));
	if (pipe2(pipefd, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		fprintf(stderr, "svctl: analyze verify: %s\n", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		execlp(svinit, svinit, "--verify", "--units", tmp,
		       (char *)NULL);
		fprintf(stderr, "svctl: cannot run %s: %s\n", svinit,
			strerror(errno));
		_exit(1);
	}
	close(pipefd[1]);
	pipefd[1] = -1;
	f = fdopen(pipefd[0], "r");
	if (f) {
		char *line = NULL;
		size_t cap = 0;

		pipefd[0] = -1;
		while (getline(&line, &cap, f) >= 0)
			print_mapped(line, tmp, files, names, n);
		free(line);
		fclose(f);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
out:
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	fflush(stdout);
	remove_tree(tmp);
	free(names);
	return rc;
}
