#include "outpipe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "fds.h"

/* Read this much per wakeup. One read buffer and one formatting scratch
 * serve every pipe: the loop handles one pipe at a time, and logbuf keeps
 * nothing in the scratch between calls. Escaping may grow a chunk four
 * times. */
#define CHUNK (256 * 1024)
static char readbuf[CHUNK];
static char scratch[4 * CHUNK + LOGBUF_RECORD_MAX];

void outpipe_init(struct outpipe *p, struct loop *l, struct logfile *log,
		  enum logbuf_stream stream)
{
	*p = (struct outpipe){
		.io.fd = -1,
		.stream = stream,
		.loop = l,
		.log = log,
	};
}

/* Read once: 1 when bytes came (there may be more), 0 when the pipe is
 * empty for now or was found at end of file. End of file means no
 * process holds a write end any more: stop watching (a pipe at EOF is
 * always readable) until the next writer. */
static int read_once(struct outpipe *p)
{
	ssize_t n = read(p->io.fd, readbuf, sizeof(readbuf));

	if (n > 0) {
		/* A read that emptied a full pipe: the service writes faster
		 * than svinit reads, so give it room (once). */
		if (!p->grown && (size_t)n >= OUTPIPE_INITIAL) {
			(void)fcntl(p->io.fd, F_SETPIPE_SZ, OUTPIPE_SIZE);
			p->grown = true;
		}
		logbuf_feed(&p->lb, readbuf, (size_t)n, now_realtime());
		return 1;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	loop_io_del(p->loop, &p->io);
	p->watched = false;
	return 0;
}

static void readable(struct loop_io *io, uint32_t events)
{
	read_once((struct outpipe *)io);
}

static int watch(struct outpipe *p)
{
	if (p->watched)
		return 0;
	if (loop_io_add(p->loop, &p->io, EPOLLIN) < 0)
		return -errno;
	p->watched = true;
	return 0;
}

/* The first writer makes the pipe. svinit keeps only the read end, high
 * among its fds (fds.h): every fd svinit holds below that is one more
 * for each child to copy and close. Later writers are opened again through
 * /proc/self/fd of the read end. */
static int create(struct outpipe *p)
{
	int fds[2], r;

	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	/* The service's end blocks as pipes normally do; ours never. */
	if (fcntl(fds[1], F_SETFL, 0) < 0) {
		r = -errno;
		close(fds[0]);
		close(fds[1]);
		return r;
	}
	/* It starts at the kernel's default size and grows when it is
	 * found full (read_once): most services write little, and a pipe's
	 * size is kernel memory held, and walked when it is freed. */
	p->grown = false;
	p->io.fd = fds_lift(fds[0]);
	p->io.fn = readable;
	logbuf_init(&p->lb, p->stream, scratch, sizeof(scratch), logfile_emit,
		    p->log);
	r = watch(p);
	if (r < 0) {
		close(p->io.fd);
		close(fds[1]);
		p->io.fd = -1;
		return r;
	}
	return fds[1];
}

int outpipe_writer(struct outpipe *p)
{
	char path[64];
	int fd, r;

	if (p->io.fd < 0)
		return create(p);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p->io.fd);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = watch(p);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* Read what the pipe holds now. Bounded by the pipe's size, so that a
 * process still writing cannot keep the loop here. */
static void drain(struct outpipe *p)
{
	for (int i = 0; i <= OUTPIPE_SIZE / CHUNK && read_once(p); i++)
		;
}

void outpipe_flush(struct outpipe *p)
{
	if (p->io.fd < 0)
		return;
	/* A pipe out of the loop is at end of file: every byte was read. */
	if (p->watched)
		drain(p);
	logbuf_flush(&p->lb, now_realtime());
}

void outpipe_close(struct outpipe *p)
{
	if (p->io.fd < 0)
		return;
	outpipe_flush(p);
	if (p->watched)
		loop_io_del(p->loop, &p->io);
	p->watched = false;
	logbuf_free(&p->lb);
	close(p->io.fd);
	p->io.fd = -1;
}
