/* parentnotify: see parentnotify.h. */
#include "parentnotify.h"

#include <errno.h>
#include <stdlib.h>
#ifndef SVINIT_STATIC
#include <dlfcn.h>
#endif

typedef int sd_notify_fn(int unset_environment, const char *state);

/* Set once, by parentnotify_open; the library stays loaded for svinit's
 * life (its handle is never needed again). */
static sd_notify_fn *notify_fn;

#ifdef SVINIT_STATIC
/* A static glibc's dlopen needs the shared libc of the same version at
 * run time (the linker warns): not what a static build is for. The
 * option fails, whatever NOTIFY_SOCKET says, rather than do nothing. */
int parentnotify_open(const char **why)
{
	*why = "not available in a static build (make STATIC=1)";
	return -ELIBACC;
}
#else
int parentnotify_open(const char **why)
{
	void *lib;

	*why = NULL;
	if (!getenv("NOTIFY_SOCKET"))
		return -ENOENT;
	/* The soname, not the -dev package's libsystemd.so link. */
	lib = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		*why = dlerror();
		return -ELIBACC;
	}
	notify_fn = (sd_notify_fn *)dlsym(lib, "sd_notify");
	if (!notify_fn) {
		*why = dlerror();
		return -ELIBACC;
	}
	return 0;
}
#endif

int parentnotify_send(const char *state)
{
	int r;

	if (!notify_fn)
		return 0;
	/* 0: NOTIFY_SOCKET stays, for the next message. Services never see
	 * it: their environment is built from scratch (spawn.c). */
	r = notify_fn(0, state);
	return r < 0 ? r : 0;
}
