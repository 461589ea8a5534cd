#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/secrets.h"
#include "cli/cli.h"
#include "web/assets.h"

#include "base/banned.h"

char *cli_data_dir;
char *cli_db_url;

void cli_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("campus: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

void cli_parse(int *argc, char ***argv, const char *usage, const char *summary, GOptionEntry *entries)
{
	GOptionEntry common[] = {
		{"data", 0, 0, G_OPTION_ARG_FILENAME, &cli_data_dir, "Data directory (default ./campus-data)",
		 "DIR"},
		{"db", 0, 0, G_OPTION_ARG_STRING, &cli_db_url,
		 "Database URL: sqlite:PATH or postgresql://...", "URL"},
		G_OPTION_ENTRY_NULL,
	};
	GOptionContext *ctx = g_option_context_new(usage);
	g_option_context_set_summary(ctx, summary);
	g_option_context_add_main_entries(ctx, common, NULL);
	if (entries)
		g_option_context_add_main_entries(ctx, entries, NULL);
	GError *err = NULL;
	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		fprintf(stderr, "campus: %s\n(see %s --help)\n", err->message, (*argv)[0]);
		exit(2);
	}
	g_option_context_free(ctx);
	if (!cli_data_dir)
		cli_data_dir = g_strdup("campus-data");
}

void cli_load_config(struct config *cfg)
{
	GString *err = g_string_new(NULL);
	config_defaults(cfg, cli_data_dir);
	gchar *path = g_build_filename(cli_data_dir, "campus.ini", NULL);
	if (config_load_file(cfg, path, err) != ST_OK)
		cli_die("%s", err->str);
	g_free(path);
	if (cli_db_url) {
		g_free(cfg->db_url);
		cfg->db_url = g_strdup(cli_db_url);
	}
	if (config_validate(cfg, err) != ST_OK)
		cli_die("configuration: %s", err->str);
	g_string_free(err, TRUE);
}

struct db *cli_open_db(const struct config *cfg)
{
	GString *err = g_string_new(NULL);
	struct db *db = db_open(cfg->db_url, err);
	if (!db)
		cli_die("cannot open the database: %s", err->str);
	if (db_migrate(db, err) != ST_OK)
		cli_die("cannot migrate the database: %s", err->str);
	g_string_free(err, TRUE);
	return db;
}

void cli_env_open(struct cli_env *e)
{
	cli_load_config(&e->cfg);
	e->db = cli_open_db(&e->cfg);
	e->a = arena_new();
	e->err = g_string_new(NULL);
	e->ctx = (struct ctx){
		.db = e->db, .a = e->a, .now = (int64_t)g_get_real_time() / G_USEC_PER_SEC, .cfg = &e->cfg};
}

void cli_env_close(struct cli_env *e)
{
	g_string_free(e->err, TRUE);
	arena_free(e->a);
	db_close(e->db);
	config_clear(&e->cfg);
}

void cli_load_translations(void)
{
	const struct asset *fr = asset_find("po/fr.mo");
	if (!fr || !i18n_load_mo_static("fr", fr->data, fr->len)) /* embedded: lives as long as the process */
		cli_die("the French catalogue embedded in this binary is damaged");
}

gboolean cli_read_secret(const char *data_dir, unsigned char *key, size_t len)
{
	gchar *path = g_build_filename(data_dir, "secret.key", NULL);
	gchar *text = NULL;
	gboolean ok = g_file_get_contents(path, &text, NULL, NULL);
	size_t bin_len = 0;
	if (ok)
		ok = sodium_hex2bin(key, len, g_strstrip(text), strlen(text), NULL, &bin_len, NULL) == 0 &&
		     bin_len == len;
	g_free(text);
	g_free(path);
	return ok;
}
