/* The course import and the course store (store/store_courses.h) on both
 * backends: import, re-import keeping ids, deletions, full-text search and
 * filters, refusal without change, and the CRS-4 watchers and emails.
 * Backend as in fixture.h. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "base/i18n.h"
#include "catalog/courses.h"
#include "store/store_courses.h"
#include "web/assets.h"

#include "fixture.h"

#include "base/banned.h"

struct fx {
	struct fixture_db t;
	struct db *db; /* t.db */
	struct arena *a;
	GString *err;
	const char *dir; /* t.dir: the data directory (and the SQLite file) */
	char *course; /* a course folder */
	struct ctx c;
};

static void put(const char *root, const char *rel, const char *text)
{
	char *path = g_build_filename(root, rel, NULL);
	char *dir = g_path_get_dirname(path);
	g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	g_free(dir);
	g_free(path);
}

static const char *ini_v1 = "[course]\nslug = store-course\ntitle = Store course\nlang = en\n"
			    "summary = Learn about lighthouses.\nlevel = beginner\ncategory = testing\n"
			    "duration_minutes = 30\nauthor = Ada\nlicence = CC-BY-SA-4.0\n"
			    "opens_on = 2030-06-01\n\n"
			    "[quiz:q1]\ntitle = Quiz one\nafter = one\n\n"
			    "[homework:hw]\ntitle = Essay\nrubric = Clarity:5\n\n"
			    "[video:v1]\ntitle = Film\nfile = media/v.webm\nchapter = one\n";

static void setup(struct fx *fx, gconstpointer data)
{
	(void)data;
	fx->err = g_string_new(NULL);
	fx->a = arena_new();
	fx->db = fixture_open(&fx->t, true);
	fx->dir = fx->t.dir;
	fx->c = fixture_ctx(&fx->t, fx->a, 1893456000 /* 2030-01-01 */);
	fx->course = g_build_filename(fx->dir, "src", NULL);
	put(fx->course, "course.ini", ini_v1);
	put(fx->course, "chapters/01-one.md", "# One\n\nThe lighthouse keeper ![p](media/p.svg)\n");
	put(fx->course, "chapters/02-two.md", "# Two\n\nFog horns.\n");
	put(fx->course, "quizzes/q1.gift", "::A::Is it? {T}\n");
	put(fx->course, "homework/hw.md", "# Essay\n\nWrite.\n");
	put(fx->course, "media/p.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
	put(fx->course, "media/v.webm", "webm bytes");
}

static void teardown(struct fx *fx, gconstpointer data)
{
	(void)data;
	fixture_close(&fx->t);
	g_free(fx->course);
	arena_free(fx->a);
	g_string_free(fx->err, TRUE);
}

static struct course_import_report import(struct fx *fx, enum status want)
{
	struct course_import_report rep = {.problems = g_ptr_array_new()};
	enum status st = course_import_dir(&fx->c, fx->course, &rep, fx->err);
	for (guint i = 0; i < rep.problems->len; i++)
		g_test_message("%s", (const char *)rep.problems->pdata[i]);
	if (st != want)
		g_error("import gave %s, want %s: %s", status_name(st), status_name(want), fx->err->str);
	g_ptr_array_free(rep.problems, TRUE);
	rep.problems = NULL;
	return rep;
}

static int64_t chapter_id(struct fx *fx, int64_t course, const char *slug)
{
	struct chapter *ch = NULL;
	OK(fx, store_chapter_by_slug(fx->db, fx->a, course, slug, &ch, fx->err));
	return ch->id;
}

static int64_t exercise_id(struct fx *fx, int64_t course, const char *slug)
{
	struct exercise *e = NULL;
	OK(fx, store_exercise_by_slug(fx->db, fx->a, course, slug, &e, fx->err));
	return e->id;
}

static void test_import_reimport_keeps_ids(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct course_import_report rep = import(fx, ST_OK);
	g_assert_true(rep.created);
	g_assert_cmpint(rep.chapters, ==, 2);
	g_assert_cmpint(rep.exercises, ==, 2);
	g_assert_cmpint(rep.videos, ==, 1);
	int64_t cid = rep.course->id;
	int64_t one = chapter_id(fx, cid, "one"), two = chapter_id(fx, cid, "two");
	int64_t q1 = exercise_id(fx, cid, "q1");
	struct video *v = NULL;
	OK(fx, store_video_by_slug(fx->db, fx->a, cid, "v1", &v, fx->err));
	g_assert_cmpstr(v->path, ==, "store-course/v.webm");
	g_assert_cmpstr(v->mime, ==, "video/webm");
	g_assert_cmpint(v->bytes, ==, 10);
	int64_t vid = v->id;
	char *media = g_build_filename(fx->dir, "media", "store-course", "p.svg", NULL);
	g_assert_true(g_file_test(media, G_FILE_TEST_IS_REGULAR));

	/* Again, unchanged: nothing written. */
	rep = import(fx, ST_OK);
	g_assert_true(rep.unchanged);

	/* Changed: a chapter renamed in title, one added, the homework and the
	 * video removed, chapters reordered. */
	put(fx->course, "course.ini",
	    "[course]\nslug = store-course\ntitle = Store course, second edition\nlang = en\n"
	    "summary = Learn about lighthouses.\nlevel = beginner\ncategory = testing\n"
	    "duration_minutes = 30\nauthor = Ada\nlicence = CC-BY-SA-4.0\nopens_on = 2030-06-01\n\n"
	    "[quiz:q1]\ntitle = Quiz one again\nafter = two\n");
	put(fx->course, "chapters/01-two.md", "# Two, first now\n\nFog horns.\n");
	put(fx->course, "chapters/02-one.md", "# One\n\nThe lighthouse keeper.\n");
	put(fx->course, "chapters/03-three.md", "# Three\n\nBeacons.\n");
	char *old = g_build_filename(fx->course, "chapters", "02-two.md", NULL);
	g_unlink(old);
	g_free(old);
	old = g_build_filename(fx->course, "chapters", "01-one.md", NULL);
	g_unlink(old);
	g_free(old);
	fx->c.now += 60;
	rep = import(fx, ST_OK);
	g_assert_false(rep.created);
	g_assert_cmpint(rep.course->id, ==, cid);
	g_assert_cmpint(rep.removed, ==, 2); /* homework and video */
	g_assert_cmpint(chapter_id(fx, cid, "one"), ==, one);
	g_assert_cmpint(chapter_id(fx, cid, "two"), ==, two);
	g_assert_cmpint(exercise_id(fx, cid, "q1"), ==, q1);
	struct chapter **chs = NULL;
	int n = 0;
	OK(fx, store_chapters_of_course(fx->db, fx->a, cid, true, &chs, &n, fx->err));
	g_assert_cmpint(n, ==, 3);
	g_assert_cmpstr(chs[0]->slug, ==, "two");
	g_assert_cmpstr(chs[0]->title, ==, "Two, first now");
	g_assert_cmpstr(chs[2]->slug, ==, "three");
	g_assert_nonnull(strstr(chs[0]->body_html, "<h1>Two, first now</h1>"));
	struct exercise *e = NULL;
	g_assert_cmpint(store_exercise_by_slug(fx->db, fx->a, cid, "hw", &e, fx->err), ==, ST_NOTFOUND);
	g_assert_cmpint(store_video_by_id(fx->db, fx->a, vid, &v, fx->err), ==, ST_NOTFOUND);
	OK(fx, store_exercise_by_id(fx->db, fx->a, q1, &e, fx->err));
	g_assert_cmpstr(e->title, ==, "Quiz one again");
	g_assert_cmpstr(e->after_chapter, ==, "two");
	struct course *co = NULL;
	OK(fx, store_course_by_id(fx->db, fx->a, cid, &co, fx->err));
	g_assert_cmpstr(co->title, ==, "Store course, second edition");

	/* DATA-1 style trail: one audit entry per import that changed something. */
	struct audit_entry **entries = NULL;
	OK(fx, store_audit_list(fx->db, fx->a, "course", cid, 10, &entries, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
	g_assert_cmpstr(entries[0]->action, ==, "course.import");
	g_free(media);
}

static void test_invalid_changes_nothing(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct course_import_report rep = import(fx, ST_OK);
	int64_t cid = rep.course->id;
	put(fx->course, "chapters/02-two.md", "# Two\n\n[x](javascript:alert(1))\n");
	put(fx->course, "chapters/03-new.md", "# New\n");
	fx->c.now += 60;
	import(fx, ST_INVALID);
	struct chapter **chs = NULL;
	int n = 0;
	OK(fx, store_chapters_of_course(fx->db, fx->a, cid, true, &chs, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
	g_assert_null(strstr(chs[1]->body_md, "javascript"));
}

static void test_search_and_filters(struct fx *fx, gconstpointer data)
{
	(void)data;
	import(fx, ST_OK);
	put(fx->course, "course.ini",
	    "[course]\nslug = autre-cours\ntitle = Un autre cours\nlang = fr\nsummary = Les phares.\n"
	    "level = advanced\ncategory = essais\nduration_minutes = 240\nauthor = Bea\nlicence = "
	    "CC-BY-NC-SA-4.0\n");
	put(fx->course, "chapters/01-one.md", "# Un\n\nBalises.\n");
	put(fx->course, "chapters/02-two.md", "# Deux\n\nBrume.\n");
	import(fx, ST_OK);
	struct course **list = NULL;
	int n = 0;
	int64_t total = 0;
	struct course_query q = {
		.q = "", .category = "", .level = "", .lang = "", .max_minutes = 100000, .limit = 12};
	OK(fx, store_course_search(fx->db, fx->a, &q, &list, &n, &total, fx->err));
	g_assert_cmpint(n, ==, 2);
	g_assert_cmpint(total, ==, 2);
	g_assert_cmpstr(list[0]->slug, ==, "store-course"); /* "Store..." < "Un..." */
	/* Full text, in the chapters too; a word only in a chapter. */
	q.q = fixture_pg() ? "horns" : "\"horns\"";
	OK(fx, store_course_search(fx->db, fx->a, &q, &list, &n, &total, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpstr(list[0]->slug, ==, "store-course");
	q.q = fixture_pg() ? "phares" : "\"phares\"";
	OK(fx, store_course_search(fx->db, fx->a, &q, &list, &n, &total, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpstr(list[0]->slug, ==, "autre-cours");
	q.q = "";
	q.lang = "fr";
	OK(fx, store_course_search(fx->db, fx->a, &q, &list, &n, &total, fx->err));
	g_assert_cmpint(total, ==, 1);
	q.lang = "";
	q.min_minutes = 180;
	OK(fx, store_course_search(fx->db, fx->a, &q, &list, &n, &total, fx->err));
	g_assert_cmpint(total, ==, 1);
	g_assert_cmpstr(list[0]->slug, ==, "autre-cours");
	/* Pages: one per page, and past the end the total is still known. */
	q.min_minutes = 0;
	q.limit = 1;
	q.offset = 1;
	OK(fx, store_course_search(fx->db, fx->a, &q, &list, &n, &total, fx->err));
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpstr(list[0]->slug, ==, "autre-cours");
	q.offset = 5;
	OK(fx, store_course_search(fx->db, fx->a, &q, &list, &n, &total, fx->err));
	g_assert_cmpint(n, ==, 0);
	g_assert_cmpint(total, ==, 2);
	char **cats = NULL;
	OK(fx, store_course_categories(fx->db, fx->a, &cats, &n, fx->err));
	g_assert_cmpint(n, ==, 2);
	g_assert_cmpstr(cats[0], ==, "essais");
}

static int outbox_count(struct fx *fx, const char *needle)
{
	struct outbox_item **items = NULL;
	int n = 0, found = 0;
	OK(fx, store_outbox_claim(fx->db, fx->a, fx->c.now + 86400 * 3650, 1, 100, &items, &n, fx->err));
	for (int i = 0; i < n; i++) {
		if (strstr(items[i]->payload, needle))
			found++;
		OK(fx, store_outbox_done(fx->db, items[i]->id, fx->c.now, fx->err));
	}
	return found;
}

/* CRS-4: watchers are told of a new date (later), then once of the opening. */
static void test_crs_4_watchers(struct fx *fx, gconstpointer data)
{
	(void)data;
	struct course_import_report rep = import(fx, ST_OK);
	g_assert_false(course_is_open(&fx->c, rep.course));
	bool added = false;
	OK(fx, course_watch(&fx->c, "store-course", "Visitor@Example.org", "fr", &added, fx->err));
	g_assert_true(added);
	OK(fx, course_watch(&fx->c, "store-course", "visitor@example.org", "fr", &added, fx->err));
	g_assert_false(added); /* idempotent */
	g_assert_cmpint(course_watch(&fx->c, "store-course", "not an email", "en", &added, fx->err), ==,
			ST_INVALID);
	g_assert_cmpint(course_watch(&fx->c, "nope", "a@b.org", "en", &added, fx->err), ==, ST_NOTFOUND);
	/* A visitor's IP adds at most COURSE_WATCHES_PER_IP_HOUR addresses an hour. */
	fx->c.ip = "192.0.2.7";
	for (int i = 0; i < COURSE_WATCHES_PER_IP_HOUR; i++) {
		char *em = g_strdup_printf("flood%d@example.org", i);
		OK(fx, course_watch(&fx->c, "store-course", em, "en", &added, fx->err));
		g_free(em);
	}
	g_assert_cmpint(course_watch(&fx->c, "store-course", "one-more@example.org", "en", &added, fx->err),
			==, ST_TOOMANY);
	fx->c.now += 3601;
	OK(fx, course_watch(&fx->c, "store-course", "one-more@example.org", "en", &added, fx->err));
	fx->c.now -= 3601;
	fx->c.ip = NULL;

	/* A later date: one email, in French, naming the new date. */
	char **parts = g_strsplit(ini_v1, "opens_on = 2030-06-01", 2);
	char *ini = g_strjoinv("opens_on = 2030-09-15", parts);
	g_strfreev(parts);
	put(fx->course, "course.ini", ini);
	g_free(ini);
	rep = import(fx, ST_OK);
	g_assert_cmpint(rep.watchers_told, ==,
			2 + COURSE_WATCHES_PER_IP_HOUR); /* the visitor and the flood */
	g_assert_cmpint(outbox_count(fx, "ouvrira plus tard"), ==, 1);
	g_assert_cmpstr(rep.course->previous_opens_on, ==, "2030-06-01");
	struct course *co = NULL;
	OK(fx, store_course_by_slug(fx->db, fx->a, "store-course", &co, fx->err));
	g_assert_cmpstr(co->opens_on, ==, "2030-09-15");
	g_assert_cmpstr(co->previous_opens_on, ==, "2030-06-01");

	/* Before the date the job tells nobody; after it, once. */
	OK(fx, courses_open_job(&fx->c, "", fx->err));
	g_assert_cmpint(outbox_count(fx, "visitor@example.org"), ==, 0);
	fx->c.now = 1915000000; /* 2030-09-06 */
	OK(fx, courses_open_job(&fx->c, "", fx->err));
	g_assert_cmpint(outbox_count(fx, "visitor@example.org"), ==, 0);
	fx->c.now = 1916000000; /* 2030-09-18 */
	g_assert_true(course_is_open(&fx->c, rep.course));
	OK(fx, courses_open_job(&fx->c, "", fx->err));
	g_assert_cmpint(outbox_count(fx, "est ouvert"), ==, 1);
	OK(fx, courses_open_job(&fx->c, "", fx->err));
	g_assert_cmpint(outbox_count(fx, "visitor@example.org"), ==, 0);
	/* An open course takes no watcher. */
	g_assert_cmpint(course_watch(&fx->c, "store-course", "late@example.org", "en", &added, fx->err), ==,
			ST_CONFLICT);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	const struct asset *fr = asset_find("po/fr.mo"); /* the emails in French */
	g_assert_true(fr && i18n_load_mo("fr", fr->data, fr->len));
	int code = fixture_start("store_courses");
	if (code >= 0)
		return code;
#define ADD(path, fn) g_test_add(path, struct fx, NULL, setup, fn, teardown)
	ADD("/courses/import/reimport-keeps-ids", test_import_reimport_keeps_ids);
	ADD("/courses/import/invalid-changes-nothing", test_invalid_changes_nothing);
	ADD("/courses/search/filters-pages", test_search_and_filters);
	ADD("/courses/crs-4/watchers", test_crs_4_watchers);
	return fixture_end(g_test_run());
}
