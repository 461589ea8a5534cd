/* campus certificate revoke CODE --reason R: an operator revokes a
 * certificate (CERT-1) issued by mistake or obtained by fraud; audited
 * (DATA-1) as the system and emailed to its holder. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "learning/certificates.h"

#include "base/banned.h"

int certificate_cmd(int argc, char **argv)
{
	char *reason = NULL;
	GOptionEntry entries[] = {
		{"reason", 0, 0, G_OPTION_ARG_STRING, &reason,
		 "Why (required, recorded and emailed to the holder)", "TEXT"},
		G_OPTION_ENTRY_NULL,
	};
	cli_parse(&argc, &argv, "revoke CODE",
		  "Revokes a certificate of achievement: campus certificate revoke CODE --reason TEXT. Its "
		  "public "
		  "page then says it is no longer valid.",
		  entries);
	if (argc != 3 || strcmp(argv[1], "revoke"))
		cli_die("usage: campus certificate revoke CODE --reason TEXT");
	struct cli_env e;
	cli_env_open(&e);
	cli_load_translations();
	enum status st = certificates_revoke(&e.ctx, argv[2], reason, e.err);
	if (st != ST_OK)
		cli_die("%s", e.err->str);
	printf("campus: certificate %s revoked\n", argv[2]);
	g_free(reason);
	cli_env_close(&e);
	return 0;
}
