/*
 * int80: make one system call through the i386 entry (int 0x80), the way
 * a 32-bit program reaches the kernel, and print its result. On x86-64
 * the kernel runs it as a call of another architecture, which svinit's
 * seccomp filters must kill (secfilter.h). getpid is 20 there (and 39 on
 * x86-64): a filter that confused the two tables would let it through.
 * Prints "unsupported" and exits 2 on other architectures.
 */
#include <stdio.h>

int main(void)
{
#if defined(__x86_64__)
	long r;

	__asm__ volatile("int $0x80" : "=a"(r) : "a"(20L) : "memory");
	printf("%ld\n", r);
	return r > 0 ? 0 : 1;
#else
	puts("unsupported");
	return 2;
#endif
}
