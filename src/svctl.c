/* svctl: the command line client (verbs arrive with the runtime). */
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "svctl: not implemented yet\n");
	return 1;
}
