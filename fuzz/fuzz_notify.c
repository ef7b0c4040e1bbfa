/*
 * libFuzzer target for the sd_notify datagram parser, fed one datagram
 * as the socket feeds it: at most NOTIFY_DGRAM_MAX bytes in a buffer with
 * one spare byte. Checked: garbage is refused whole (no flag set); an
 * accepted datagram has no NUL byte; every value it reports is in range
 * (pid > 1, errno >= 0, times below USEC_INFINITY), a STATUS= text lies
 * inside the buffer and has no control character, an FDNAME= is one
 * LISTEN_FDNAMES= can carry; and the parser only
 * writes NULs where the input had `=` or a newline (or the spare byte).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "notify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[NOTIFY_DGRAM_MAX + 1];
	struct notify_msg m;
	int r;

	if (size > NOTIFY_DGRAM_MAX)
		return 0; /* the socket drops these before parsing */
	memcpy(buf, data, size);
	buf[size] = 'Z';
	r = notify_parse(buf, size, &m);
	if (r < 0) {
		if (r != -EBADMSG || m.flags != 0)
			abort();
		return 0;
	}
	if (r != 0 || memchr(data, 0, size))
		abort();
	for (size_t i = 0; i < size; i++)
		if (buf[i] != (char)data[i] &&
		    !(buf[i] == '\0' && (data[i] == '=' || data[i] == '\n')))
			abort();
	if ((m.flags & NOTIFY_MAINPID) && m.main_pid <= 1)
		abort();
	if ((m.flags & NOTIFY_ERRNO) && m.errno_value < 0)
		abort();
	if (m.extend_usec >= USEC_INFINITY ||
	    m.watchdog_usec >= USEC_INFINITY ||
	    m.monotonic_usec >= USEC_INFINITY)
		abort();
	/* FDNAME= goes into LISTEN_FDNAMES=: no `:`, no space, ASCII. */
	if (m.flags & NOTIFY_FDNAME) {
		if (m.fdname < buf || m.fdname > buf + size ||
		    strlen(m.fdname) > NOTIFY_FDNAME_MAX)
			abort();
		for (const char *p = m.fdname; *p; p++)
			if (*p == ':' || (unsigned char)*p <= 0x20 ||
			    (unsigned char)*p >= 0x7f)
				abort();
	}
	if (m.flags & NOTIFY_STATUS) {
		if (m.status < buf || m.status > buf + size)
			abort();
		for (const char *p = m.status; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
	}
	return 0;
}
