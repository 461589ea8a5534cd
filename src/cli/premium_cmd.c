/* campus premium grant|revoke EMAIL --reason R: staff grants of Premium
 * access by hand (ops/premium.h), from the command line; audited (DATA-1)
 * as the system. Until billing lands this is how an operator (or a test)
 * makes a learner Premium. */
#include <stdio.h>
#include <string.h>

#include "base/dates.h"
#include "cli/cli.h"
#include "ops/premium.h"

#include "base/banned.h"

int premium_cmd(int argc, char **argv)
{
	char *reason = NULL, *until = NULL;
	GOptionEntry entries[] = {
		{"reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (required, recorded in the audit log)",
		 "TEXT"},
		{"until", 0, 0, G_OPTION_ARG_STRING, &until,
		 "grant: end instant, RFC 3339 (default: until revoked)", "WHEN"},
		G_OPTION_ENTRY_NULL,
	};
	cli_parse(&argc, &argv, "grant|revoke EMAIL",
		  "Grants Premium access to an account by hand, or revokes it: campus premium grant EMAIL "
		  "--reason TEXT [--until 2027-01-01T00:00:00Z]",
		  entries);
	if (argc != 3 || (strcmp(argv[1], "grant") && strcmp(argv[1], "revoke")))
		cli_die("usage: campus premium grant|revoke EMAIL --reason TEXT [--until WHEN]");
	if (!reason || !*reason)
		cli_die("--reason is required: say why");
	struct cli_env e;
	cli_env_open(&e);
	int64_t ends = 0;
	if (until && !dates_parse_rfc3339(until, &ends))
		cli_die("--until %s: give an instant such as 2027-01-01T00:00:00Z", until);
	struct user *u = NULL;
	char *lower = g_ascii_strdown(argv[2], -1);
	if (store_user_by_email(e.db, e.a, lower, &u, e.err) != ST_OK)
		cli_die("no account with the email %s", argv[2]);
	bool grant = !strcmp(argv[1], "grant");
	enum status st = db_begin(e.db, e.err);
	if (st == ST_OK)
		st = grant ? premium_grant(&e.ctx, u->id, reason, ends, e.err)
			   : premium_revoke(&e.ctx, u->id, reason, e.err);
	if (st == ST_OK)
		st = db_commit(e.db, e.err);
	else
		db_rollback(e.db);
	if (st != ST_OK)
		cli_die("%s", e.err->str);
	printf("campus: Premium %s for %s\n", grant ? "granted" : "revoked", u->email);
	g_free(lower);
	g_free(reason);
	g_free(until);
	cli_env_close(&e);
	return 0;
}
