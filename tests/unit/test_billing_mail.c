/* billspeed2: the billing run queues its renewal emails (SOLO-2) from a
 * template made once per language (bl_renewal_mail_tpl); each payload must
 * be byte for byte the one bl_mail makes for the same message
 * (bl_renewal_mail_plain), whatever the subscriber's name holds (HTML and
 * JSON specials, quotes, non-ASCII, a marker look-alike), in English and
 * French; an address bl_mail refuses is refused too, queuing nothing. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "billing/billing_int.h"

#include "base/banned.h"

struct fx {
	char *dir;
	struct config cfg;
	struct db *db;
	struct arena *a;
	GString *err;
	struct ctx c;
};

static void setup(struct fx *fx)
{
	fx->dir = g_dir_make_tmp("campus-billmail-XXXXXX", NULL);
	config_defaults(&fx->cfg, fx->dir);
	fx->err = g_string_new(NULL);
	fx->db = db_open(fx->cfg.db_url, fx->err);
	g_assert_nonnull(fx->db);
	g_assert_cmpint(db_migrate(fx->db, fx->err), ==, ST_OK);
	fx->a = arena_new();
	fx->c = (struct ctx){.db = fx->db, .a = fx->a, .now = 1780264800, .cfg = &fx->cfg};
}

static void teardown(struct fx *fx)
{
	arena_free(fx->a);
	db_close(fx->db);
	g_string_free(fx->err, TRUE);
	char *cmd[] = {"rm", "-rf", fx->dir, NULL};
	g_spawn_sync(NULL, cmd, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
	g_free(fx->dir);
	config_clear(&fx->cfg);
}

/* The payloads queued since the last call, in order. */
static struct outbox_item **queued(struct fx *fx, int *n)
{
	struct outbox_item **items = NULL;
	g_assert_cmpint(store_outbox_claim(fx->db, fx->a, fx->c.now, 600, 100, &items, n, fx->err), ==,
			ST_OK);
	return items;
}

static void test_template_is_bl_mail(void)
{
	struct fx fx;
	setup(&fx);
	const char *names[] = {"Ada Lovelace",
			       "Zoë \"Q\" <b>O'Brien</b> & Sons \\ / tab\there",
			       "Jean-François Dupré, 日本",
			       "@@campus-1@@ not a marker @@campus-9@@",
			       "",
			       "ctrl \x01\x1f\b\f\r\n\x7f end",
			       "U+2028 \xe2\x80\xa8 and 😀"};
	const char *langs[] = {"en", "fr"};
	struct bl_invoice inv = {.number = "2026-000042", .gross = 1900, .currency = "EUR"};
	for (size_t l = 0; l < G_N_ELEMENTS(langs); l++) {
		for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
			struct user u = {.id = 7,
					 .email = "bench7@bench.invalid",
					 .name = (char *)names[i],
					 .lang = (char *)langs[l]};
			g_assert_cmpint(db_begin(fx.db, fx.err), ==, ST_OK);
			g_assert_cmpint(bl_renewal_mail_plain(&fx.c, &u, "1 juin 2026", "1 juillet 2026",
							      &inv, fx.err),
					==, ST_OK);
			g_assert_cmpint(
				bl_renewal_mail_tpl(&fx.c, &u, "1 juin 2026", "1 juillet 2026", &inv, fx.err),
				==, ST_OK);
			g_assert_cmpint(db_commit(fx.db, fx.err), ==, ST_OK);
			int n = 0;
			struct outbox_item **items = queued(&fx, &n);
			g_assert_cmpint(n, ==, 2);
			g_assert_cmpstr(items[1]->payload, ==, items[0]->payload);
			g_assert_nonnull(strstr(items[0]->payload, "2026-000042"));
		}
	}
	/* An address bl_mail refuses: refused the same, nothing queued. */
	struct user bad = {.id = 8, .email = "no address", .name = "X", .lang = "en"};
	g_assert_cmpint(db_begin(fx.db, fx.err), ==, ST_OK);
	g_assert_cmpint(bl_renewal_mail_plain(&fx.c, &bad, "a", "b", &inv, fx.err), ==, ST_INVALID);
	g_assert_cmpint(bl_renewal_mail_tpl(&fx.c, &bad, "a", "b", &inv, fx.err), ==, ST_INVALID);
	/* A name that is not UTF-8: refused the same. */
	struct user latin1 = {.id = 9, .email = "bench9@bench.invalid", .name = "Zo\xeb", .lang = "en"};
	g_assert_cmpint(bl_renewal_mail_plain(&fx.c, &latin1, "a", "b", &inv, fx.err), ==, ST_INVALID);
	g_assert_cmpint(bl_renewal_mail_tpl(&fx.c, &latin1, "a", "b", &inv, fx.err), ==, ST_INVALID);
	g_assert_cmpint(db_commit(fx.db, fx.err), ==, ST_OK);
	int n = 0;
	queued(&fx, &n);
	g_assert_cmpint(n, ==, 0);
	teardown(&fx);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/billing/mail/template-is-bl-mail", test_template_is_bl_mail);
	return g_test_run();
}
