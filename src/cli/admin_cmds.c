/* Operator commands: migrate, user add, token create, terms publish|list. */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/dates.h"
#include "cli/cli.h"
#include "ops/audit.h"

#include "base/banned.h"

int migrate_cmd(int argc, char **argv)
{
	cli_parse(&argc, &argv, "",
		  "Applies the pending schema migrations (safe to run while campus serves).", NULL);
	struct cli_env e;
	cli_env_open(&e);
	printf("campus: schema at version %d (%s)\n", db_schema_version(e.db), db_backend_name(e.db));
	cli_env_close(&e);
	return 0;
}

static char *read_stdin_line(void)
{
	char buf[1024];
	if (!fgets(buf, sizeof(buf), stdin))
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	return g_strdup(buf);
}

int user_cmd(int argc, char **argv)
{
	char *email = NULL, *role = NULL, *name = NULL, *lang = NULL;
	gboolean password_stdin = FALSE;
	GOptionEntry entries[] = {
		{"email", 0, 0, G_OPTION_ARG_STRING, &email, "Email address", "EMAIL"},
		{"role", 0, 0, G_OPTION_ARG_STRING, &role,
		 "Roles, comma-separated: learner, mentor, staff, finance, exam_board, admin", "ROLES"},
		{"name", 0, 0, G_OPTION_ARG_STRING, &name,
		 "Full name (default: the part of the email before @)", "NAME"},
		{"lang", 0, 0, G_OPTION_ARG_STRING, &lang, "en or fr (default en)", "LANG"},
		{"password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
		 "Read the password from the first line of standard input", NULL},
		G_OPTION_ENTRY_NULL,
	};
	cli_parse(&argc, &argv, "add",
		  "Adds a verified account: campus user add --email E --role admin --password-stdin",
		  entries);
	if (argc < 2 || strcmp(argv[1], "add"))
		cli_die("usage: campus user add --email EMAIL --role ROLES --password-stdin");
	if (!email || !role || !password_stdin)
		cli_die("user add needs --email, --role and --password-stdin");
	int roles = roles_parse(role);
	if (roles < 0)
		cli_die("unknown role in '%s' (use learner, mentor, staff, finance, exam_board, admin)",
			role);
	char *password = read_stdin_line();
	if (!password)
		cli_die("no password on standard input");
	struct cli_env e;
	cli_env_open(&e);
	if (!name) {
		const char *at = strchr(email, '@');
		name = g_strndup(email, at ? (gsize)(at - email) : strlen(email));
	}
	struct user *u = NULL;
	if (accounts_add_user(&e.ctx, email, name, password, roles, lang ? lang : "en", &u, e.err) != ST_OK)
		cli_die("%s", e.err->str);
	printf("campus: added %s (%s), id %lld\n", u->email, roles_format(e.a, u->roles), (long long)u->id);
	g_free(password);
	g_free(email);
	g_free(role);
	g_free(name);
	g_free(lang);
	cli_env_close(&e);
	return 0;
}

int token_cmd(int argc, char **argv)
{
	char *email = NULL, *name = NULL;
	GOptionEntry entries[] = {
		{"user", 0, 0, G_OPTION_ARG_STRING, &email, "Email of the account the token acts for",
		 "EMAIL"},
		{"name", 0, 0, G_OPTION_ARG_STRING, &name, "A name to recognise the token by", "NAME"},
		G_OPTION_ENTRY_NULL,
	};
	cli_parse(&argc, &argv, "create", "Prints a new personal API token: campus token create --user EMAIL",
		  entries);
	if (argc < 2 || strcmp(argv[1], "create") || !email)
		cli_die("usage: campus token create --user EMAIL [--name NAME]");
	struct cli_env e;
	cli_env_open(&e);
	struct user *u = NULL;
	char *lower = g_ascii_strdown(email, -1);
	if (store_user_by_email(e.db, e.a, lower, &u, e.err) != ST_OK)
		cli_die("no account with the email %s", email);
	char *token = NULL;
	if (accounts_create_api_token(&e.ctx, u, name ? name : "cli", &token, e.err) != ST_OK)
		cli_die("%s", e.err->str);
	printf("%s\n", token);
	g_free(lower);
	g_free(email);
	g_free(name);
	cli_env_close(&e);
	return 0;
}

int terms_cmd(int argc, char **argv)
{
	char *title = NULL, *en = NULL, *fr = NULL;
	GOptionEntry entries[] = {
		{"title", 0, 0, G_OPTION_ARG_STRING, &title, "Title of the version", "TITLE"},
		{"en", 0, 0, G_OPTION_ARG_FILENAME, &en, "English text (Markdown headings and paragraphs)",
		 "FILE"},
		{"fr", 0, 0, G_OPTION_ARG_FILENAME, &fr, "French text", "FILE"},
		G_OPTION_ENTRY_NULL,
	};
	cli_parse(&argc, &argv, "publish|list",
		  "Publishes a new version of the terms of service (ACC-1), or lists them. A published "
		  "version never changes.",
		  entries);
	if (argc < 2 || (strcmp(argv[1], "publish") && strcmp(argv[1], "list")))
		cli_die("usage: campus terms publish --title T --en FILE --fr FILE | campus terms list");
	struct cli_env e;
	cli_env_open(&e);
	if (!strcmp(argv[1], "list")) {
		struct terms **list = NULL;
		int n = 0;
		if (store_terms_list(e.db, e.a, &list, &n, e.err) != ST_OK)
			cli_die("%s", e.err->str);
		for (int i = 0; i < n; i++) {
			char at[32];
			dates_format_rfc3339(list[i]->published_at, at, sizeof(at));
			printf("%4d  %s  %s\n", list[i]->version, at, list[i]->title);
		}
	} else {
		if (!title || !en || !fr)
			cli_die("terms publish needs --title, --en and --fr");
		gchar *ten = NULL, *tfr = NULL;
		GError *gerr = NULL;
		if (!g_file_get_contents(en, &ten, NULL, &gerr) ||
		    !g_file_get_contents(fr, &tfr, NULL, &gerr))
			cli_die("%s", gerr->message);
		if (!g_utf8_validate(ten, -1, NULL) || !g_utf8_validate(tfr, -1, NULL) || !*ten || !*tfr)
			cli_die("the texts must be non-empty UTF-8");
		int version = 0;
		enum status st = db_begin(e.db, e.err);
		if (st == ST_OK)
			st = store_terms_publish(e.db, title, ten, tfr, e.ctx.now, &version, e.err);
		if (st == ST_OK)
			st = audit_record(&e.ctx, "terms.publish", "terms", version, "",
					  arena_printf(e.a, "{\"version\":%d}", version), e.err);
		if (st == ST_OK)
			st = db_commit(e.db, e.err);
		if (st != ST_OK)
			cli_die("%s", e.err->str);
		printf("campus: published version %d; readable at /terms/%d\n", version, version);
		g_free(ten);
		g_free(tfr);
	}
	g_free(title);
	g_free(en);
	g_free(fr);
	cli_env_close(&e);
	return 0;
}
