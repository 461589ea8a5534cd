/* The course format on arbitrary bytes: course.ini parsing and the Markdown
 * renderer never crash, say ST_OK exactly when they report no problem, name
 * the file in every problem, and the HTML they accept carries no raw tag
 * from the input, no script URL, and images only from the course's media. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "catalog/course_format.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

/* Every tag of the output is one the renderer writes, with only the
 * attributes it writes; attribute values are quoted (and escaped by md4c),
 * so text of the input can never become a tag or an event handler. */
static void check_tags(const char *html)
{
	static const char *const tags[] = {"p",     "h1",     "h2",         "h3",  "h4",   "h5",    "h6",
					   "em",    "strong", "a",          "img", "code", "pre",   "ul",
					   "ol",    "li",     "blockquote", "hr",  "br",   "table", "thead",
					   "tbody", "tr",     "th",         "td",  "del",  NULL};
	static const char *const attrs[] = {"href", "src", "alt", "title", "class", "align", "start", NULL};
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		const char *q = p + 1 + (p[1] == '/');
		size_t n = strspn(q, "abcdefghijklmnopqrstuvwxyz0123456789");
		bool known = false;
		for (const char *const *t = tags; *t; t++)
			known = known || (strlen(*t) == n && !strncmp(q, *t, n));
		check(known);
		q += n;
		while (*q && *q != '>') {
			q += strspn(q, " /");
			if (*q == '>' || !*q)
				break;
			size_t an = strspn(q, "abcdefghijklmnopqrstuvwxyz");
			bool ok = false;
			for (const char *const *t = attrs; *t; t++)
				ok = ok || (strlen(*t) == an && !strncmp(q, *t, an));
			check(ok && q[an] == '=' && q[an + 1] == '"');
			const char *end = strchr(q + an + 2, '"');
			check(end != NULL);
			q = end + 1;
		}
		check(*q == '>');
	}
}

static void check_problems(GPtrArray *problems, const char *prefix, enum status st)
{
	check(st == ST_OK || st == ST_INVALID);
	check((st == ST_OK) == (problems->len == 0));
	for (guint i = 0; i < problems->len; i++)
		check(g_str_has_prefix(problems->pdata[i], prefix));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	GPtrArray *problems = g_ptr_array_new();
	struct course_manifest *m = NULL;
	enum status st = course_manifest_parse(a, "course.ini", (const char *)data, size, &m, problems);
	check_problems(problems, "course.ini:", st);
	check(m != NULL && m->slug && m->licence);
	if (st == ST_OK)
		check(course_slug_valid(m->slug) && course_licence_url(m->licence) != NULL);

	g_ptr_array_set_size(problems, 0);
	GPtrArray *refs = g_ptr_array_new();
	char *html = NULL, *title = NULL;
	st = course_markdown_render(a, "chapters/01-x.md", (const char *)data, size, "/courses/c/", &html,
				    &title, refs, problems);
	check_problems(problems, "chapters/01-x.md:", st);
	if (st == ST_OK) {
		char *lower = g_ascii_strdown(html, -1);
		check_tags(html);
		check(!strstr(lower, "href=\"javascript:") && !strstr(lower, "src=\"javascript:"));
		for (const char *p = html; (p = strstr(p, "<img src=\"")); p++)
			check(g_str_has_prefix(p + 10, "/courses/c/media/"));
		for (guint i = 0; i < refs->len; i++)
			check(course_media_path_valid(refs->pdata[i]));
		g_free(lower);
	}
	g_ptr_array_free(refs, TRUE);
	g_ptr_array_free(problems, TRUE);
	arena_free(a);
	return 0;
}
