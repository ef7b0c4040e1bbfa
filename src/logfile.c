#include "logfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logbuf.h"
#include "fds.h"

#define TAIL_BLOCK (64 * 1024)

static bool unit_ok(const char *unit)
{
	size_t len = unit ? strlen(unit) : 0;

	return len > 0 && len <= LOGFILE_UNIT_MAX && !strchr(unit, '/') &&
	       strcmp(unit, ".") != 0 && strcmp(unit, "..") != 0;
}

/* base is "UNIT.log"; k 0 is the live file, k <= LOGFILE_KEEP_MAX (two
 * digits, which LOGFILE_UNIT_MAX leaves room for). */
/* UNIT.log, or UNIT.log.K for K > 0, into buf (NAME_MAX + 1 bytes: the
 * unit name was checked to leave room). */
static void file_name(const char *unit, unsigned k, char *buf)
{
	size_t len = strlen(unit);

	memcpy(buf, unit, len);
	memcpy(buf + len, ".log", 4);
	len += 4;
	if (k > 0) {
		buf[len++] = '.';
		if (k >= 10)
			buf[len++] = (char)('0' + k / 10 % 10);
		buf[len++] = (char)('0' + k % 10);
	}
	buf[len] = '\0';
}

static void drop(struct logfile *lf, uint64_t bytes)
{
	lf->dropped += bytes;
	lf->pending += bytes;
}

int logfile_init(struct logfile *lf, int dirfd, const char *unit,
		 uint64_t max_size, unsigned keep)
{
	if (!unit_ok(unit))
		return -EINVAL;
	memset(lf, 0, sizeof(*lf));
	lf->dirfd = dirfd;
	lf->fd = -1;
	lf->unit = unit;
	logfile_set_limits(lf, max_size, keep);
	return 0;
}

void logfile_set_unit(struct logfile *lf, const char *unit)
{
	lf->unit = unit;
}

void logfile_set_limits(struct logfile *lf, uint64_t max_size, unsigned keep)
{
	lf->max_size = max_size;
	lf->keep = keep > LOGFILE_KEEP_MAX ? LOGFILE_KEEP_MAX : keep;
	lf->rotate_at = 0;
}

void logfile_close(struct logfile *lf)
{
	if (lf->fd >= 0)
		close(lf->fd);
	lf->fd = -1;
}

/*
 * O_RDWR only to look at the last byte: a file left ending inside a record
 * (a torn write before a restart) must not have the next record glued on.
 * O_NONBLOCK and the S_ISREG check keep a FIFO planted under the name from
 * blocking the loop.
 */
int logfile_reopen(struct logfile *lf)
{
	char name[NAME_MAX + 1];
	struct stat st;
	char last = '\n';
	int fd;

	logfile_close(lf);
	file_name(lf->unit, 0, name);
	fd = openat(lf->dirfd, name,
		    O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW |
			    O_NOCTTY | O_NONBLOCK,
		    0640);
	if (fd < 0)
		return -errno;
	/* Kept open between writes: above the fds a child gets (fds.h). */
	fd = fds_lift(fd);
	if (fstat(fd, &st) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if (st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) != 1)
		last = '\n';
	lf->fd = fd;
	lf->size = (uint64_t)st.st_size;
	lf->midline = last != '\n';
	lf->rotate_at = 0;
	return 0;
}

/*
 * One write(). Returns the bytes now in the file as whole records (len on
 * success), or -errno when nothing was kept. After a short write the torn
 * record is cut off again so the file stays made of whole lines; if that
 * fails the file is marked as ending mid-record.
 */
static ssize_t put(struct logfile *lf, const char *data, size_t len)
{
	const char *nl;
	size_t whole, torn;
	struct stat st;
	ssize_t w;

	do
		w = write(lf->fd, data, len);
	while (w < 0 && errno == EINTR);
	if (w < 0)
		return -errno;
	if ((size_t)w == len) {
		lf->size += len;
		lf->midline = len > 0 && data[len - 1] != '\n';
		return (ssize_t)len;
	}
	nl = w > 0 ? memrchr(data, '\n', (size_t)w) : NULL;
	whole = nl ? (size_t)(nl - data) + 1 : 0;
	torn = (size_t)w - whole;
	if (torn > 0 && fstat(lf->fd, &st) == 0 &&
	    (uint64_t)st.st_size >= torn &&
	    ftruncate(lf->fd, st.st_size - (off_t)torn) == 0) {
		lf->size = (uint64_t)st.st_size - torn;
		if (whole > 0)
			lf->midline = false;
		return whole > 0 ? (ssize_t)whole : -ENOSPC;
	}
	lf->size += (uint64_t)w;
	if (w > 0)
		lf->midline = data[w - 1] != '\n';
	return w > 0 ? w : -ENOSPC;
}

/* Shift UNIT.log.(K-1) -> .K ... UNIT.log -> .1 and open a new UNIT.log.
 * Stops at the first failed rename so that no old file is overwritten. */
static int rotate(struct logfile *lf)
{
	char from[NAME_MAX + 1], to[NAME_MAX + 1];

	for (unsigned k = lf->keep; k >= 1; k--) {
		file_name(lf->unit, k - 1, from);
		file_name(lf->unit, k, to);
		if (renameat(lf->dirfd, from, lf->dirfd, to) < 0 &&
		    errno != ENOENT)
			return -errno;
	}
	file_name(lf->unit, 0, from);
	if (lf->keep == 0 && unlinkat(lf->dirfd, from, 0) < 0 &&
	    errno != ENOENT)
		return -errno;
	return logfile_reopen(lf);
}

/* Bytes of data[0..len) up to and including its last newline. */
static size_t whole_records(const char *data, size_t len)
{
	const char *nl = len ? memrchr(data, '\n', len) : NULL;

	return nl ? (size_t)(nl - data) + 1 : 0;
}

/*
 * Write records, rotating between them. Every pass writes something or
 * rotates to an empty file, so the loop ends. On failure the rest is not
 * tried (the disk is full); returns the bytes not written.
 */
static size_t put_records(struct logfile *lf, const char *data, size_t len)
{
	while (len > 0) {
		size_t n = len;
		ssize_t w;

		if (lf->max_size > 0 && lf->size + len > lf->max_size &&
		    lf->size >= lf->rotate_at) {
			size_t fit = lf->size < lf->max_size
					     ? lf->max_size - lf->size
					     : 0;

			n = whole_records(data, fit < len ? fit : len);
			if (n == 0 && lf->size == 0) {
				/* One record bigger than a file: alone. */
				const char *nl = memchr(data, '\n', len);

				n = nl ? (size_t)(nl - data) + 1 : len;
			}
			if (n == 0) {
				if (rotate(lf) == 0)
					continue;
				if (lf->fd < 0)
					return len;
				lf->rotate_at = lf->size + lf->max_size;
				n = len;
			}
		}
		w = put(lf, data, n);
		if (w < 0)
			return len;
		data += w;
		len -= (size_t)w;
		if ((size_t)w < n)
			return len;
	}
	return 0;
}

static int write_note(struct logfile *lf, usec_t now)
{
	char note[LOGBUF_STAMP_LEN + 64], *p = note;

	logbuf_format_stamp(now, p);
	p += LOGBUF_STAMP_LEN;
	p += snprintf(p, sizeof(note) - (size_t)(p - note),
		      " svinit: %llu bytes dropped\n",
		      (unsigned long long)lf->pending);
	if (put_records(lf, note, (size_t)(p - note)) > 0)
		return -ENOSPC;
	lf->pending = 0;
	return 0;
}

void logfile_write(struct logfile *lf, const char *data, size_t len, size_t raw,
		   usec_t now)
{
	size_t left, kept;

	if (len == 0)
		return;
	/* The end of a torn record gets its newline so nothing is glued on. */
	if ((lf->fd < 0 && logfile_reopen(lf) < 0) ||
	    (lf->midline && put_records(lf, "\n", 1) > 0) ||
	    (lf->pending > 0 && write_note(lf, now) < 0)) {
		drop(lf, raw);
		return;
	}
	left = put_records(lf, data, len);
	if (left == 0)
		return;
	/* The records written whole stand for part of raw; the rest, with a
	 * record torn at the cut, is lost. */
	kept = logbuf_raw_before(data, len, len - left);
	drop(lf, raw > kept ? raw - kept : 0);
}

void logfile_emit(void *ctx, const char *data, size_t len, size_t raw,
		  usec_t now)
{
	logfile_write(ctx, data, len, raw, now);
}

void logfile_note_dropped(struct logfile *lf, uint64_t bytes)
{
	drop(lf, bytes);
}

uint64_t logfile_dropped(const struct logfile *lf)
{
	return lf->dropped;
}

/* pread all of len at off; a file cut meanwhile reads as shorter. */
static ssize_t read_at(int fd, char *buf, size_t len, off_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = pread(fd, buf + got, len - got, off + (off_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/*
 * Find where the last *need lines of fd (size bytes) begin, reading
 * backwards a block at a time; lower *need by the lines found. A final
 * newline ends the last line rather than starting an empty one.
 */
static int find_start(int fd, off_t size, size_t *need, off_t *start, char *buf)
{
	off_t pos = size;
	size_t found = 0;

	*start = 0;
	if (size == 0)
		return 0;
	while (pos > 0) {
		size_t bl = pos < TAIL_BLOCK ? (size_t)pos : TAIL_BLOCK;
		off_t at = pos - (off_t)bl;
		ssize_t r = read_at(fd, buf, bl, at);
		size_t end;

		if (r < 0)
			return (int)r;
		if ((size_t)r < bl)
			return -EIO; /* cut while we read it */
		end = bl;
		if (pos == size && buf[bl - 1] == '\n')
			end--;
		for (;;) {
			char *nl = end ? memrchr(buf, '\n', end) : NULL;

			if (!nl)
				break;
			end = (size_t)(nl - buf);
			if (++found == *need) {
				*start = at + (off_t)end + 1;
				*need = 0;
				return 0;
			}
		}
		pos = at;
	}
	*need -= found + 1; /* the line that starts the file */
	return 0;
}

static int copy_out(int fd, off_t from, off_t to, FILE *out, char *buf)
{
	char last = '\n';

	while (from < to) {
		size_t bl = to - from < TAIL_BLOCK ? (size_t)(to - from)
						   : TAIL_BLOCK;
		ssize_t r = read_at(fd, buf, bl, from);

		if (r < 0)
			return (int)r;
		if (r == 0)
			break;
		if (fwrite(buf, 1, (size_t)r, out) != (size_t)r)
			return -EIO;
		last = buf[r - 1];
		from += r;
	}
	if (last != '\n' && fputc('\n', out) == EOF)
		return -EIO;
	return 0;
}

int logfile_tail(int dirfd, const char *unit, size_t n, FILE *out)
{
	struct {
		int fd;
		off_t start, end;
		dev_t dev;
		ino_t ino;
	} f[LOGFILE_KEEP_MAX + 1];
	char name[NAME_MAX + 1];
	size_t nf = 0, need = n;
	bool any = false;
	char *buf;
	int r = 0;

	if (!unit_ok(unit))
		return -EINVAL;
	buf = malloc(TAIL_BLOCK);
	if (!buf)
		return -ENOMEM;
	for (unsigned k = 0; k <= LOGFILE_KEEP_MAX && need > 0; k++) {
		struct stat st;
		bool seen = false;
		int fd;

		file_name(unit, k, name);
		fd = openat(dirfd, name,
			    O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY |
				    O_NONBLOCK);
		if (fd < 0 && errno == ENOENT)
			continue;
		if (fd < 0) {
			r = -errno;
			goto done;
		}
		if (fstat(fd, &st) < 0)
			r = -errno;
		else if (!S_ISREG(st.st_mode))
			r = -EINVAL;
		if (r < 0) {
			close(fd);
			goto done;
		}
		any = true;
		for (size_t i = 0; i < nf; i++)
			seen |= f[i].dev == st.st_dev && f[i].ino == st.st_ino;
		if (seen) {
			close(fd);
			continue;
		}
		f[nf].fd = fd;
		f[nf].start = 0;
		f[nf].end = st.st_size;
		f[nf].dev = st.st_dev;
		f[nf].ino = st.st_ino;
		nf++;
		if (need == SIZE_MAX)
			continue;
		r = find_start(fd, st.st_size, &need, &f[nf - 1].start, buf);
		if (r < 0)
			goto done;
	}
	if (!any && n > 0) {
		r = -ENOENT;
		goto done;
	}
	for (size_t i = nf; i-- > 0;) {
		r = copy_out(f[i].fd, f[i].start, f[i].end, out, buf);
		if (r < 0)
			goto done;
	}
	if (fflush(out) == EOF)
		r = -EIO;
done:
	for (size_t i = 0; i < nf; i++)
		close(f[i].fd);
	free(buf);
	return r;
}
