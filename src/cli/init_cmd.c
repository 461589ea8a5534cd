/* campus init --data DIR [--demo]: everything a fresh platform needs. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "accounts/accounts.h"
#include "base/secrets.h"
#include "billing/billing.h"
#include "cli/cli.h"
#include "learning/certificates.h"
#include "cli/demo_paths.h"
#include "ops/jobs.h"
#include "web/assets.h"

#include "base/banned.h"

static void write_new_file(const char *path, const char *text, int mode)
{
	GError *err = NULL;
	if (!g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, mode, &err))
		cli_die("cannot write %s: %s", path, err->message);
}

static const struct {
	const char *role, *email, *name;
	int roles;
	const char *lang;
} demo[] = {
	{"admin", "admin@demo.campus", "Ada Admin", ROLE_ADMIN | ROLE_STAFF | ROLE_FINANCE, "en"},
	{"staff", "staff@demo.campus", "Samia Success", ROLE_STAFF, "fr"},
	{"mentor", "mentor@demo.campus", "Marc Mentor", ROLE_MENTOR, "fr"},
	{"learner", "learner@demo.campus", "Lea Learner", ROLE_LEARNER, "en"},
};

/* The folder of demo courses: --courses, else the installed copy, else the
 * source tree this binary was built from (NULL when none exists). */
static const char *demo_courses_dir(const char *option)
{
	if (option)
		return option;
	if (g_file_test(CAMPUS_DEMO_COURSES_INSTALLED, G_FILE_TEST_IS_DIR))
		return CAMPUS_DEMO_COURSES_INSTALLED;
	if (g_file_test(CAMPUS_DEMO_COURSES_SOURCE, G_FILE_TEST_IS_DIR))
		return CAMPUS_DEMO_COURSES_SOURCE;
	return NULL;
}

static gint cmp_path(gconstpointer x, gconstpointer y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Imports every folder of dir that holds a course.ini, in name order; an
 * unchanged course is left as it is. Problems are printed; they do not stop
 * the other courses. */
static void import_demo_courses(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		cli_die("cannot open the demo courses folder %s", dir);
	GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(d))) {
		char *ini = g_build_filename(dir, name, "course.ini", NULL);
		if (g_file_test(ini, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(dirs, g_build_filename(dir, name, NULL));
		g_free(ini);
	}
	g_dir_close(d);
	g_ptr_array_sort(dirs, cmp_path);
	cli_load_translations();
	struct cli_env e;
	cli_env_open(&e);
	int ok = 0;
	for (guint i = 0; i < dirs->len; i++)
		ok += cli_import_course(&e, dirs->pdata[i], (int)i + 1, (int)dirs->len);
	printf("campus: %d of %u demo course%s imported from %s\n", ok, dirs->len, dirs->len == 1 ? "" : "s",
	       dir);
	cli_env_close(&e);
	g_ptr_array_free(dirs, TRUE);
}

int init_cmd(int argc, char **argv)
{
	gboolean with_demo = FALSE;
	char *courses = NULL;
	GOptionEntry entries[] = {
		{"demo", 0, 0, G_OPTION_ARG_NONE, &with_demo,
		 "Create demo accounts and print their passwords, and import the demo courses", NULL},
		{"courses", 0, 0, G_OPTION_ARG_FILENAME, &courses,
		 "With --demo: the folder of demo course folders (default: the installed "
		 "share/campus/demo/courses, else demo/courses of the source tree)",
		 "DIR"},
		G_OPTION_ENTRY_NULL,
	};
	cli_parse(&argc, &argv, "",
		  "Creates the data directory: campus.ini, secret.key, issuer.key, the database with its "
		  "schema and the "
		  "first terms of service. Running it again changes nothing that exists.",
		  entries);
	if (g_mkdir_with_parents(cli_data_dir, 0700) != 0)
		cli_die("cannot create %s", cli_data_dir);
	struct config cfg;
	config_defaults(&cfg, cli_data_dir);
	gchar *ini = g_build_filename(cli_data_dir, "campus.ini", NULL);
	if (!g_file_test(ini, G_FILE_TEST_EXISTS)) {
		/* The built-in payment simulator signs its notifications and
		 * checks its API key like the provider does: each platform gets
		 * its own random ones (replaced by Adyen's for provider = adyen). */
		unsigned char raw[32];
		char hex[65];
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
		g_free(cfg.adyen_hmac_key);
		cfg.adyen_hmac_key = g_ascii_strup(hex, -1);
		randombytes_buf(raw, 24);
		sodium_bin2hex(hex, sizeof(hex), raw, 24);
		g_free(cfg.adyen_api_key);
		cfg.adyen_api_key = g_strdup_printf("sim_%s", hex);
		char *text = config_to_ini(&cfg);
		write_new_file(ini, text, 0600);
		g_free(text);
	}
	config_clear(&cfg);
	gchar *key = g_build_filename(cli_data_dir, "secret.key", NULL);
	if (!g_file_test(key, G_FILE_TEST_EXISTS)) {
		unsigned char raw[32];
		char hex[65];
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
		write_new_file(key, hex, 0600);
	}
	GString *key_err = g_string_new(NULL); /* cert: the signing key of the badges */
	if (certificates_issuer_key_ensure(cli_data_dir, key_err) != ST_OK)
		cli_die("%s", key_err->str);
	g_string_free(key_err, TRUE);
	cli_load_config(&cfg);
	struct db *db = cli_open_db(&cfg);
	GString *err = g_string_new(NULL);
	struct arena *a = arena_new();
	int64_t now = (int64_t)g_get_real_time() / G_USEC_PER_SEC;
	struct terms *t = NULL;
	if (store_terms_current(db, a, &t, err) == ST_NOTFOUND) {
		int version = 0;
		if (store_terms_publish(db, "Terms of service", (const char *)asset_find("terms/en.md")->data,
					(const char *)asset_find("terms/fr.md")->data, now, &version,
					err) != ST_OK)
			cli_die("cannot publish the terms: %s", err->str);
	}
	{ /* SOLO-1: the default offers and prices (kept when they exist) */
		struct ctx bc = {.db = db, .a = a, .now = now, .cfg = &cfg};
		if (billing_seed_offers(&bc, err) != ST_OK)
			cli_die("cannot create the offers: %s", err->str);
	}
	if (scheduler_seed(db, now, err) != ST_OK)
		cli_die("cannot schedule the jobs: %s", err->str);
	gchar *demo_file = g_build_filename(cli_data_dir, "demo-accounts.txt", NULL);
	if (with_demo && !g_file_test(demo_file, G_FILE_TEST_EXISTS)) {
		GString *list = g_string_new("Demo accounts:\n");
		struct ctx c = {.db = db, .a = a, .now = now, .cfg = &cfg};
		for (size_t i = 0; i < G_N_ELEMENTS(demo); i++) {
			char *password = secrets_token(a, NULL);
			password[16] = '\0';
			struct user *u = NULL;
			if (accounts_add_user(&c, demo[i].email, demo[i].name, password, demo[i].roles,
					      demo[i].lang, &u, err) != ST_OK)
				cli_die("cannot create %s: %s", demo[i].email, err->str);
			g_string_append_printf(list, "  %-8s %-22s %s\n", demo[i].role, demo[i].email,
					       password);
		}
		/* Kept (readable by the owner only) so that `make run` can
		 * show them again; delete the file to hide them. */
		write_new_file(demo_file, list->str, 0600);
		g_string_free(list, TRUE);
	}
	if (with_demo) {
		const char *dir = demo_courses_dir(courses);
		if (dir)
			import_demo_courses(dir);
		else
			printf("campus: no demo courses found (give --courses DIR)\n");
	}
	g_free(courses);
	printf("campus: %s is ready (database: %s)\n", cli_data_dir, db_backend_name(db));
	gchar *text = NULL;
	if (g_file_get_contents(demo_file, &text, NULL, NULL))
		fputs(text, stdout);
	g_free(text);
	g_free(demo_file);
	g_free(ini);
	g_free(key);
	arena_free(a);
	g_string_free(err, TRUE);
	db_close(db);
	config_clear(&cfg);
	return 0;
}
