/* The campus command line: one function per subcommand, named in the table
 * of cli/main.c. Commands may exit; request code never does. */
#ifndef CAMPUS_CLI_H
#define CAMPUS_CLI_H

#include <glib.h>

#include "base/config.h"
#include "db/db.h"
#include "ops/ctx.h"

int init_cmd(int argc, char **argv);
int serve_cmd(int argc, char **argv);
int migrate_cmd(int argc, char **argv);
int user_cmd(int argc, char **argv);
int token_cmd(int argc, char **argv);
int terms_cmd(int argc, char **argv);
int course_cmd(int argc, char **argv);
int premium_cmd(int argc, char **argv); /* cli/premium_cmd.c */
int certificate_cmd(int argc, char **argv); /* cli/certificate_cmd.c (cert) */
int version_cmd(int argc, char **argv);
int billing_cmd(int argc, char **argv);
int payment_cmd(int argc, char **argv); /* cli/payment_cmd.c (payments) */
int finance_cmd(int argc, char **argv); /* cli/finance_cmd.c: finance export */

/* Shared by the commands (cli/common.c). */
/* Parses argv with entries plus --data and --db; prints help and exits on
 * --help, an error message and exit 2 on a bad option. */
void cli_parse(int *argc, char ***argv, const char *usage, const char *summary, GOptionEntry *entries);
/* --data and --db as given (defaults ./campus-data and the config's). */
extern char *cli_data_dir;
extern char *cli_db_url;
/* Loads DATA/campus.ini, applies --db, validates; exits 1 with the reason. */
void cli_load_config(struct config *cfg);
/* Opens the database and brings its schema up to date; exits 1 on failure. */
struct db *cli_open_db(const struct config *cfg);
/* Loads the translation catalogues embedded in the binary. */
void cli_load_translations(void);
/* Reads DATA/secret.key (64 hex chars) into key; false when missing/bad. */
gboolean cli_read_secret(const char *data_dir, unsigned char *key, size_t len);
/* What most commands work with: the loaded configuration, a migrated
 * database, an arena, an error buffer, and a use-case context over them at
 * the wall-clock now. Open with cli_env_open (exits on failure), release
 * everything with cli_env_close. */
struct cli_env {
	struct config cfg;
	struct db *db;
	struct arena *a;
	GString *err;
	struct ctx ctx;
};
void cli_env_open(struct cli_env *e);
void cli_env_close(struct cli_env *e);

/* cli/course_cmd.c: imports one course folder, printing "[index/count] dir
 * ... created|updated|unchanged" or the problems; false when it failed. */
bool cli_import_course(struct cli_env *e, const char *dir, int index, int count);

/* cli/progress.c: a progress bar on standard error when it is a terminal
 * (nothing otherwise): start, draw after each step, end (a newline). */
struct cli_bar {
	int shown; /* the percentage drawn, -1 before the first */
	bool tty;
};
void cli_bar_start(struct cli_bar *b);
void cli_bar_draw(struct cli_bar *b, int64_t done, int64_t total);
void cli_bar_end(struct cli_bar *b);

/* Exits 1 after printing "campus: msg". */
G_NORETURN void cli_die(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#endif
