/* svinit: main() wires the modules together; placeholder until load lands. */
#include <stdio.h>

int main(void)
{
	return 0;
}
