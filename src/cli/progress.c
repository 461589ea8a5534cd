/* The progress bar of long commands (cli.h): one line on standard error,
 * redrawn in place, only when standard error is a terminal. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

#include "base/banned.h"

void cli_bar_start(struct cli_bar *b)
{
	*b = (struct cli_bar){.shown = -1, .tty = isatty(STDERR_FILENO) != 0};
}

void cli_bar_draw(struct cli_bar *b, int64_t done, int64_t total)
{
	if (!b->tty)
		return;
	int pct = total > 0 ? (int)(done * 100 / total) : 100;
	if (pct > 100)
		pct = 100;
	/* Redrawn when the percentage moves, and every 1000 items for the count. */
	if (pct == b->shown && done % 1000)
		return;
	b->shown = pct;
	char bar[41];
	int fill = pct * 40 / 100;
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, '.', (size_t)(40 - fill));
	bar[40] = '\0';
	fprintf(stderr, "\r[%s] %3d%% %lld/%lld", bar, pct, (long long)done, (long long)total);
	fflush(stderr);
}

void cli_bar_end(struct cli_bar *b)
{
	if (b->tty && b->shown >= 0)
		fputc('\n', stderr);
}
