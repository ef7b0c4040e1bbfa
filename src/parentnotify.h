/*
 * parentnotify: svinit's own readiness, told to the supervisor that runs
 * it (systemd, another svinit, anything that speaks sd_notify), with
 * `--notify-parent`.
 *
 * Owns: the one link to libsystemd, the optional library of the design,
 * loaded with dlopen only when the option is given: a svinit that is not
 * asked to notify neither needs the library installed nor pays for it in
 * memory. sd_notify() reads NOTIFY_SOCKET and sends one datagram; it does
 * not block (a datagram to a socket whose queue is full fails at once).
 *
 * What is said: READY=1 once the start job of the target has ended
 * (whether every unit came up or not, as systemd does), with a STATUS=
 * line saying how it ended; STOPPING=1 when the stop of everything
 * begins.
 */
#ifndef SVINIT_PARENTNOTIFY_H
#define SVINIT_PARENTNOTIFY_H

/* Load libsystemd and check NOTIFY_SOCKET. 0; -ENOENT when no
 * NOTIFY_SOCKET is set (nothing would be sent); -ELIBACC when the
 * library or its sd_notify cannot be loaded (why in *why), always in a
 * static build (SVINIT_STATIC: no dlopen there). */
int parentnotify_open(const char **why);
/* Send state ("READY=1\nSTATUS=..."); 0 or -errno. Nothing (0) when
 * parentnotify_open did not succeed. */
int parentnotify_send(const char *state);

#endif
