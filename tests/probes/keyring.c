/*
 * keyring: print this process's session keyring and whether the user's
 * keyring is linked into it, as "session ID user-linked yes|no", for the
 * KeyringMode= tests. Raw keyctl calls: libkeyutils is not needed.
 */
#include <linux/keyctl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static long keyctl(int op, long a, long b, long c)
{
	return syscall(SYS_keyctl, op, a, b, c);
}

int main(void)
{
	long ses = keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0, 0);
	long user = keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0, 0);
	int ids[256];
	long n;
	int linked = 0;

	if (ses < 0 || user < 0) {
		perror("keyctl");
		return 1;
	}
	/* A keyring reads as the serial numbers of what it holds. */
	n = keyctl(KEYCTL_READ, ses, (long)ids, (long)sizeof(ids));
	for (long i = 0; n > 0 && i < n / (long)sizeof(int) && i < 256; i++)
		linked |= ids[i] == (int)user;
	printf("session %ld user-linked %s\n", ses, linked ? "yes" : "no");
	return 0;
}
