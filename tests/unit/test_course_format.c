/* Unit tests of the course folder format: course.ini validation
 * (catalog/course_format.c), the Markdown rendering (md4c, no raw HTML,
 * refused links, media URLs), and the whole-folder check of the import
 * (catalog/course_import.c: course_validate_dir), which reports every
 * problem with its file and line. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "base/arena.h"
#include "catalog/course_format.h"
#include "catalog/courses.h"

#include "base/banned.h"

static const char *good_ini = "[course]\n"
			      "slug = demo-course\n"
			      "title = Demo course\n"
			      "lang = en\n"
			      "summary = A course.\n"
			      "level = beginner ; a comment\n"
			      "category = testing\n"
			      "duration_minutes = 30\n"
			      "author = Ada\n"
			      "licence = CC-BY-SA-4.0\n"
			      "\n"
			      "[quiz:q1]\n"
			      "title = First quiz\n"
			      "after = one\n"
			      "weight = 2\n"
			      "pass_mark = 60\n"
			      "\n"
			      "[homework:hw]\n"
			      "title = Essay\n"
			      "after =\n"
			      "rubric = Correctness:4|Clarity:3\n";

/* Whether some problem contains both needles (the second may be NULL). */
static bool has_problem(GPtrArray *problems, const char *a, const char *b)
{
	for (guint i = 0; i < problems->len; i++) {
		const char *p = problems->pdata[i];
		if (strstr(p, a) && (!b || strstr(p, b)))
			return true;
	}
	return false;
}

static void dump(GPtrArray *problems)
{
	for (guint i = 0; i < problems->len; i++)
		g_test_message("%s", (const char *)problems->pdata[i]);
}

static void test_manifest_good(void)
{
	struct arena *a = arena_new();
	GPtrArray *pr = g_ptr_array_new();
	struct course_manifest *m = NULL;
	g_assert_cmpint(course_manifest_parse(a, "course.ini", good_ini, strlen(good_ini), &m, pr), ==,
			ST_OK);
	dump(pr);
	g_assert_cmpuint(pr->len, ==, 0);
	g_assert_cmpstr(m->slug, ==, "demo-course");
	g_assert_cmpstr(m->level, ==, "beginner"); /* the "; a comment" is dropped */
	g_assert_cmpint(m->duration_minutes, ==, 30);
	g_assert_cmpint(m->pass_mark, ==, 0);
	g_assert_cmpint(m->n_exercises, ==, 2);
	g_assert_cmpstr(m->exercises[0].slug, ==, "q1");
	g_assert_cmpint(m->exercises[0].weight, ==, 2);
	g_assert_cmpint(m->exercises[0].line, ==, 12);
	g_assert_cmpstr(m->exercises[1].after, ==, "");
	g_assert_cmpstr(
		m->exercises[1].rubric_json, ==,
		"[{\"criterion\":\"Correctness\",\"points\":4},{\"criterion\":\"Clarity\",\"points\":3}]");
	g_ptr_array_free(pr, TRUE);
	arena_free(a);
}

/* CRS-3: only the two Creative Commons licences; each problem names its
 * line, and every problem is reported (not only the first). */
static void test_crs_3_manifest_problems_with_lines(void)
{
	const char *ini = "[course]\n" /* 1 */
			  "slug = Bad Slug\n" /* 2 */
			  "lang = de\n" /* 3 */
			  "level = beginner\n" /* 4 */
			  "category = testing\n" /* 5 */
			  "duration_minutes = -4\n" /* 6 */
			  "author = Ada\n" /* 7 */
			  "licence = CC-BY-4.0\n" /* 8 */
			  "opens_on = 2027-02-30\n" /* 9 */
			  "[quiz:q1]\n" /* 10 */
			  "rubric = A:1\n" /* 11 */
			  "[lesson:x]\n"; /* 12 */
	struct arena *a = arena_new();
	GPtrArray *pr = g_ptr_array_new();
	struct course_manifest *m = NULL;
	g_assert_cmpint(course_manifest_parse(a, "course.ini", ini, strlen(ini), &m, pr), ==, ST_INVALID);
	dump(pr);
	g_assert_true(has_problem(pr, "course.ini:2:", "slug"));
	g_assert_true(has_problem(pr, "course.ini:1:", "needs title")); /* missing title: at the group */
	g_assert_true(has_problem(pr, "course.ini:3:", "lang"));
	g_assert_true(has_problem(pr, "course.ini:6:", "duration_minutes"));
	g_assert_true(has_problem(pr, "course.ini:8:", "CRS-3"));
	g_assert_true(has_problem(pr, "course.ini:9:", "opens_on"));
	g_assert_true(has_problem(pr, "course.ini:10:", "needs title"));
	g_assert_true(has_problem(pr, "course.ini:11:", "rubric"));
	g_assert_true(has_problem(pr, "course.ini:12:", "unknown group"));
	g_assert_cmpuint(pr->len, >=, 9);
	g_ptr_array_free(pr, TRUE);
	arena_free(a);
}

static void test_manifest_not_ini(void)
{
	const char *ini = "this is not a key file\n";
	struct arena *a = arena_new();
	GPtrArray *pr = g_ptr_array_new();
	struct course_manifest *m = NULL;
	g_assert_cmpint(course_manifest_parse(a, "course.ini", ini, strlen(ini), &m, pr), ==, ST_INVALID);
	g_assert_true(has_problem(pr, "course.ini:1:", NULL));
	g_assert_nonnull(m);
	g_ptr_array_free(pr, TRUE);
	arena_free(a);
}

static enum status render(struct arena *a, const char *md, char **html, char **title, GPtrArray *refs,
			  GPtrArray *pr)
{
	return course_markdown_render(a, "chapters/01-x.md", md, strlen(md), "/courses/c/", html, title, refs,
				      pr);
}

static void test_markdown_render(void)
{
	struct arena *a = arena_new();
	GPtrArray *pr = g_ptr_array_new(), *refs = g_ptr_array_new();
	char *html = NULL, *title = NULL;
	const char *md = "# The *title*\n\nText with <b>bold</b> and <script>alert(1)</script>.\n\n"
			 "<div onclick=\"x()\">block</div>\n\n"
			 "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nif (a < b && c) \"q\"\n```\n\n"
			 "![pic](media/p.svg) [site](https://example.org) [mail](mailto:a@b.c) [top](#top) "
			 "[doc](media/p.svg)\n";
	g_assert_cmpint(render(a, md, &html, &title, refs, pr), ==, ST_OK);
	dump(pr);
	g_assert_cmpstr(title, ==, "The title");
	/* raw HTML is shown as text, never passed through */
	g_assert_null(strstr(html, "<script"));
	g_assert_null(strstr(html, "<b>"));
	g_assert_null(strstr(html, "<div"));
	g_assert_nonnull(strstr(html, "&lt;script&gt;"));
	g_assert_nonnull(strstr(html, "<table>"));
	g_assert_nonnull(strstr(html, "if (a &lt; b &amp;&amp; c) &quot;q&quot;"));
	g_assert_nonnull(strstr(html, "<img src=\"/courses/c/media/p.svg\""));
	g_assert_nonnull(strstr(html, "<a href=\"/courses/c/media/p.svg\""));
	g_assert_nonnull(strstr(html, "href=\"https://example.org\""));
	g_assert_cmpuint(refs->len, ==, 1); /* each media file once */
	g_assert_cmpstr(refs->pdata[0], ==, "media/p.svg");
	g_ptr_array_free(pr, TRUE);
	g_ptr_array_free(refs, TRUE);
	arena_free(a);
}

static void test_markdown_refuses_script_links(void)
{
	const char *bad[] = {
		"x\n\n[click](javascript:alert(1))\n",
		"x\n\n[click](JavaScript:alert(1))\n",
		"x\n\n<javascript:alert(1)>\n",
		"x\n\n[click](&#106;avascript:alert(1))\n",
		"x\n\n[click](data:text/html,hi)\n",
		"x\n\n[click](//evil.example/x)\n",
		"x\n\n![img](https://tracker.example/p.png)\n",
		"x\n\n![img](../secret.png)\n",
		"x\n\n[click](vbscript:x)\n",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct arena *a = arena_new();
		GPtrArray *pr = g_ptr_array_new();
		char *html = NULL, *title = NULL;
		g_test_message("case %zu: %s", i, bad[i]);
		g_assert_cmpint(render(a, bad[i], &html, &title, NULL, pr), ==, ST_INVALID);
		g_assert_null(html);
		g_assert_cmpuint(pr->len, ==, 1);
		g_assert_true(has_problem(pr, "chapters/01-x.md:3:", NULL)); /* the line of the link */
		g_ptr_array_free(pr, TRUE);
		arena_free(a);
	}
}

static void test_markdown_bad_utf8(void)
{
	struct arena *a = arena_new();
	GPtrArray *pr = g_ptr_array_new();
	char *html = NULL, *title = NULL;
	g_assert_cmpint(render(a, "# T\n\nbad \xff byte\n", &html, &title, NULL, pr), ==, ST_INVALID);
	g_assert_true(has_problem(pr, "chapters/01-x.md:3:", "UTF-8"));
	g_ptr_array_free(pr, TRUE);
	arena_free(a);
}

static void test_small_rules(void)
{
	struct arena *a = arena_new();
	g_assert_cmpstr(course_chapter_slug(a, "01-intro.md"), ==, "intro");
	g_assert_cmpstr(course_chapter_slug(a, "7-a-b.md"), ==, "a-b");
	g_assert_null(course_chapter_slug(a, "intro.md"));
	g_assert_null(course_chapter_slug(a, "01-Intro.md"));
	g_assert_null(course_chapter_slug(a, "01-.md"));
	g_assert_true(course_media_path_valid("media/a_b-1.svg"));
	g_assert_false(course_media_path_valid("media/../x.svg"));
	g_assert_false(course_media_path_valid("media/.hidden"));
	g_assert_false(course_media_path_valid("media/sub/x.svg"));
	g_assert_false(course_media_path_valid("other/x.svg"));
	/* CRS-3 */
	g_assert_cmpstr(course_licence_url("CC-BY-NC-SA-4.0"), ==,
			"https://creativecommons.org/licenses/by-nc-sa/4.0/");
	g_assert_cmpstr(course_licence_url("CC-BY-SA-4.0"), ==,
			"https://creativecommons.org/licenses/by-sa/4.0/");
	g_assert_null(course_licence_url("CC-BY-4.0"));
	/* CRS-4 */
	g_assert_true(course_open_on("", "2026-01-01"));
	g_assert_false(course_open_on("2027-03-01", "2027-02-28"));
	g_assert_true(course_open_on("2027-03-01", "2027-03-01"));
	g_assert_true(course_open_on("2027-03-01", "2027-03-02"));
	arena_free(a);
}

/* ---- whole folders ---- */

static void put(const char *root, const char *rel, const char *text)
{
	char *path = g_build_filename(root, rel, NULL);
	char *dir = g_path_get_dirname(path);
	g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	g_free(dir);
	g_free(path);
}

static void rm_rf(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	if (d) {
		const char *name;
		while ((name = g_dir_read_name(d))) {
			char *p = g_build_filename(path, name, NULL);
			if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
				rm_rf(p);
			else
				g_unlink(p);
			g_free(p);
		}
		g_dir_close(d);
	}
	g_rmdir(path);
}

static char *good_folder(void)
{
	char *root = g_dir_make_tmp("campus-course-XXXXXX", NULL);
	g_assert_nonnull(root);
	put(root, "course.ini", good_ini);
	put(root, "chapters/01-one.md", "# One\n\nText ![p](media/p.svg)\n");
	put(root, "chapters/02-two.md", "# Two\n\nMore text.\n");
	put(root, "quizzes/q1.gift", "::A::Is it? {T}\n");
	put(root, "homework/hw.md", "# Essay\n\nWrite.\n");
	put(root, "media/p.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
	return root;
}

static void test_folder_good(void)
{
	char *root = good_folder();
	struct arena *a = arena_new();
	GPtrArray *pr = g_ptr_array_new();
	enum status st = course_validate_dir(a, root, pr);
	dump(pr);
	g_assert_cmpint(st, ==, ST_OK);
	g_ptr_array_free(pr, TRUE);
	arena_free(a);
	rm_rf(root);
	g_free(root);
}

/* Every problem of the folder at once, each with its file and line: an
 * unknown chapter in "after", a GIFT error, a chapter without title, a
 * missing image, a refused link, a missing quiz file, a bad chapter name. */
static void test_folder_problems(void)
{
	char *root = good_folder();
	put(root, "course.ini",
	    "[course]\nslug = demo-course\ntitle = Demo\nlang = en\nlevel = beginner\ncategory = t\n"
	    "duration_minutes = 10\nauthor = A\nlicence = CC-BY-SA-4.0\n\n"
	    "[quiz:q1]\ntitle = Q\nafter = nowhere\n\n" /* line 11: unknown chapter */
	    "[quiz:missing]\ntitle = M\n\n" /* line 15: no quizzes/missing.gift */
	    "[video:v]\ntitle = V\nfile = media/v.webm\nchapter = one\n"); /* line 18: no such file */
	put(root, "quizzes/q1.gift", "::A::Is it? {T}\n\n::B::Broken {=yes\n");
	put(root, "chapters/02-two.md", "No title here.\n\n[x](javascript:alert(1))\n");
	put(root, "chapters/03-three.md", "# Three\n\nSee ![gone](media/gone.png)\n");
	put(root, "chapters/Bad Name.md", "# X\n");
	struct arena *a = arena_new();
	GPtrArray *pr = g_ptr_array_new();
	g_assert_cmpint(course_validate_dir(a, root, pr), ==, ST_INVALID);
	dump(pr);
	g_assert_true(has_problem(pr, "course.ini:11:", "nowhere"));
	g_assert_true(has_problem(pr, "quizzes/missing.gift:1:", "missing"));
	g_assert_true(has_problem(pr, "course.ini:18:", "media/v.webm"));
	g_assert_true(has_problem(pr, "quizzes/q1.gift:3:", NULL)); /* the GIFT parser's file:line */
	g_assert_true(has_problem(pr, "chapters/02-two.md:3:", "javascript:"));
	g_assert_true(has_problem(pr, "chapters/03-three.md:3:", "media/gone.png"));
	g_assert_true(has_problem(pr, "chapters/Bad Name.md:1:", "NN-slug.md"));
	g_ptr_array_free(pr, TRUE);
	arena_free(a);
	rm_rf(root);
	g_free(root);
}

static void test_folder_title_missing(void)
{
	char *root = good_folder();
	put(root, "chapters/02-two.md", "Just text, no heading.\n");
	struct arena *a = arena_new();
	GPtrArray *pr = g_ptr_array_new();
	g_assert_cmpint(course_validate_dir(a, root, pr), ==, ST_INVALID);
	dump(pr);
	g_assert_true(has_problem(pr, "chapters/02-two.md:1:", "no title"));
	g_assert_cmpuint(pr->len, ==, 1);
	g_ptr_array_free(pr, TRUE);
	arena_free(a);
	rm_rf(root);
	g_free(root);
}

static void test_folder_refuses_links(void)
{
	char *root = good_folder();
	char *target = g_build_filename(root, "media", "p.svg", NULL);
	char *link = g_build_filename(root, "media", "l.svg", NULL);
	g_assert_cmpint(symlink("/etc/passwd", link), ==, 0);
	struct arena *a = arena_new();
	GPtrArray *pr = g_ptr_array_new();
	g_assert_cmpint(course_validate_dir(a, root, pr), ==, ST_INVALID);
	dump(pr);
	g_assert_true(has_problem(pr, "media/l.svg:1:", "links"));
	g_ptr_array_free(pr, TRUE);
	arena_free(a);
	rm_rf(root);
	g_free(root);
	g_free(target);
	g_free(link);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/course_format/manifest_good", test_manifest_good);
	g_test_add_func("/course_format/crs_3_manifest_problems_with_lines",
			test_crs_3_manifest_problems_with_lines);
	g_test_add_func("/course_format/manifest_not_ini", test_manifest_not_ini);
	g_test_add_func("/course_format/markdown_render", test_markdown_render);
	g_test_add_func("/course_format/markdown_refuses_script_links", test_markdown_refuses_script_links);
	g_test_add_func("/course_format/markdown_bad_utf8", test_markdown_bad_utf8);
	g_test_add_func("/course_format/small_rules", test_small_rules);
	g_test_add_func("/course_format/folder_good", test_folder_good);
	g_test_add_func("/course_format/folder_problems", test_folder_problems);
	g_test_add_func("/course_format/folder_title_missing", test_folder_title_missing);
	g_test_add_func("/course_format/folder_refuses_links", test_folder_refuses_links);
	return g_test_run();
}
