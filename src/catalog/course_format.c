/* The course folder format: manifest, Markdown chapters, licences, opening
 * dates. Pure: see course_format.h. */
#include "catalog/course_format.h"

#include <jansson.h>
#include <md4c-html.h>
#include <md4c.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"

#include "base/banned.h"

static void problem(struct arena *a, GPtrArray *problems, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Appends "file:line: message" (an arena string) to problems. */
static void problem(struct arena *a, GPtrArray *problems, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(a, fmt, ap);
	va_end(ap);
	if (problems)
		g_ptr_array_add(problems, arena_printf(a, "%s:%d: %s", file, line > 0 ? line : 1, msg));
}

bool course_slug_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static bool category_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return false;
	return true;
}

bool course_media_path_valid(const char *path)
{
	if (!g_str_has_prefix(path, "media/") || strlen(path) > 200)
		return false;
	const char *seg = path + 6;
	int depth = 0;
	while (*seg) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		if (n == 0 || seg[0] == '.' || ++depth > 1)
			return false;
		for (size_t i = 0; i < n; i++) {
			char c = seg[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			      c == '.' || c == '_' || c == '-'))
				return false;
		}
		if (!end)
			return true;
		seg = end + 1;
	}
	return false; /* ends with '/' */
}

char *course_chapter_slug(struct arena *a, const char *name)
{
	const char *p = name;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p == name || p - name > 4 || *p != '-' || !g_str_has_suffix(name, ".md"))
		return NULL;
	p++;
	size_t n = strlen(p) - 3;
	char *slug = arena_strndup(a, p, n);
	return course_slug_valid(slug) ? slug : NULL;
}

const char *course_licence_name(const char *id)
{
	if (!id)
		return NULL;
	if (!strcmp(id, "CC-BY-NC-SA-4.0"))
		return "CC BY-NC-SA 4.0";
	if (!strcmp(id, "CC-BY-SA-4.0"))
		return "CC BY-SA 4.0";
	return NULL;
}

/* CRS-3: the licence deeds. */
const char *course_licence_url(const char *id)
{
	if (!id)
		return NULL;
	if (!strcmp(id, "CC-BY-NC-SA-4.0"))
		return "https://creativecommons.org/licenses/by-nc-sa/4.0/";
	if (!strcmp(id, "CC-BY-SA-4.0"))
		return "https://creativecommons.org/licenses/by-sa/4.0/";
	return NULL;
}

/* CRS-4: both are YYYY-MM-DD, so the text order is the date order. */
bool course_open_on(const char *opens_on, const char *today)
{
	return !opens_on || !*opens_on || strcmp(today, opens_on) >= 0;
}

/* ---- course.ini ---- */

/* The line of "[group]" (key NULL) or of "key =" inside that group, found
 * in the text itself since GKeyFile keeps no positions; 1 when not found. */
static int ini_line(const char *text, size_t len, const char *group, const char *key)
{
	int line = 1, group_line = 0;
	bool in_group = false;
	size_t glen = strlen(group), klen = key ? strlen(key) : 0;
	for (size_t i = 0; i < len;) {
		size_t end = i;
		while (end < len && text[end] != '\n')
			end++;
		size_t s = i;
		while (s < end && (text[s] == ' ' || text[s] == '\t'))
			s++;
		if (s < end && text[s] == '[') {
			in_group = end - s >= glen + 2 && !strncmp(text + s + 1, group, glen) &&
				   text[s + 1 + glen] == ']';
			if (in_group && !group_line)
				group_line = line;
			if (in_group && !key)
				return line;
		} else if (in_group && key && end - s > klen && !strncmp(text + s, key, klen)) {
			size_t k = s + klen;
			while (k < end && (text[k] == ' ' || text[k] == '\t'))
				k++;
			if (k < end && text[k] == '=')
				return line;
		}
		line++;
		i = end + 1;
	}
	return group_line ? group_line : 1;
}

struct ini {
	struct arena *a;
	const char *file, *text;
	size_t len;
	GKeyFile *kf;
	GPtrArray *problems;
	int count;
};

static void ini_problem(struct ini *x, const char *group, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void ini_problem(struct ini *x, const char *group, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(x->a, fmt, ap);
	va_end(ap);
	x->count++;
	problem(x->a, x->problems, x->file, ini_line(x->text, x->len, group, key), "%s", msg);
}

/* A token value ("beginner", "42"): an author's trailing "; comment" or
 * "# comment" is dropped (GKeyFile keeps it in the value). Free-text keys
 * (title, summary, author, rubric) keep everything, since French puts a
 * space before ';'. */
static char *token(struct arena *a, const char *v)
{
	const char *sp = v;
	while (*sp && *sp != ' ' && *sp != '\t')
		sp++;
	const char *rest = sp;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (*rest == ';' || *rest == '#' || !*rest)
		return arena_strndup(a, v, (size_t)(sp - v));
	return arena_strdup(a, v);
}

/* The value of key, or NULL when absent (problem when required). */
static const char *ini_get(struct ini *x, const char *group, const char *key, bool required, bool is_token)
{
	gchar *v = g_key_file_get_string(x->kf, group, key, NULL);
	if (!v) {
		if (required)
			ini_problem(x, group, NULL, "[%s] needs %s", group, key);
		return NULL;
	}
	g_strstrip(v);
	char *out = is_token ? token(x->a, v) : arena_strdup(x->a, v);
	g_free(v);
	if (required && !*out) {
		ini_problem(x, group, key, "%s is empty", key);
		return NULL;
	}
	if (!g_utf8_validate(out, -1, NULL)) {
		ini_problem(x, group, key, "%s is not valid UTF-8", key);
		return NULL;
	}
	return out;
}

/* An integer in [lo, hi]; def when absent and not required. */
static int ini_int(struct ini *x, const char *group, const char *key, bool required, int lo, int hi, int def)
{
	const char *v = ini_get(x, group, key, required, true);
	if (!v)
		return def;
	char *end = NULL;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < lo || n > hi) {
		ini_problem(x, group, key, "%s must be a whole number from %d to %d (got \"%s\")", key, lo,
			    hi, v);
		return def;
	}
	return (int)n;
}

static const char *one_of(struct ini *x, const char *group, const char *key, const char *v,
			  const char *const *ok)
{
	if (!v)
		return "";
	for (const char *const *o = ok; *o; o++)
		if (!strcmp(v, *o))
			return v;
	GString *list = g_string_new(NULL);
	for (const char *const *o = ok; *o; o++)
		g_string_append_printf(list, "%s%s", o == ok ? "" : ", ", *o);
	ini_problem(x, group, key, "%s must be one of %s (got \"%s\")", key, list->str, v);
	g_string_free(list, TRUE);
	return "";
}

static const char *text_max(struct ini *x, const char *group, const char *key, const char *v, long max)
{
	if (!v)
		return "";
	if (g_utf8_strlen(v, -1) > max) {
		ini_problem(x, group, key, "%s is longer than %ld characters", key, max);
		return "";
	}
	return v;
}

/* "Correctness:4|Clarity:3" -> [{"criterion":"Correctness","points":4},...] */
static const char *rubric_json(struct ini *x, const char *group, const char *v)
{
	json_t *arr = json_array();
	gchar **items = g_strsplit(v, "|", 0);
	bool ok = true;
	int n = 0;
	for (gchar **it = items; *it && ok; it++) {
		char *colon = strrchr(*it, ':');
		char *end = NULL;
		long points = colon ? strtol(colon + 1, &end, 10) : 0;
		if (colon)
			*colon = '\0';
		g_strstrip(*it);
		if (!colon || !*it[0] || !colon[1] || *end || points < 1 || points > 100 ||
		    strlen(*it) > 200) {
			ini_problem(x, group, "rubric",
				    "rubric must be criterion:points items (points 1 to 100) separated by |");
			ok = false;
		} else {
			json_array_append_new(
				arr, json_pack("{s:s, s:i}", "criterion", *it, "points", (int)points));
			n++;
		}
	}
	g_strfreev(items);
	if (ok && (n < 1 || n > 20)) {
		ini_problem(x, group, "rubric", "a rubric has 1 to 20 criteria");
		ok = false;
	}
	char *s = json_dumps(arr, JSON_COMPACT);
	const char *out = ok ? arena_strdup(x->a, s) : "[]";
	free(s);
	json_decref(arr);
	return out;
}

static const char *const langs[] = {"en", "fr", NULL};
static const char *const levels[] = {"beginner", "intermediate", "advanced", NULL};

static void parse_course_group(struct ini *x, struct course_manifest *m)
{
	const char *g = "course";
	const char *slug = ini_get(x, g, "slug", true, true);
	if (slug && !course_slug_valid(slug)) {
		ini_problem(x, g, "slug", "slug must be 1 to 64 of a-z, 0-9 and - (got \"%s\")", slug);
		slug = NULL;
	}
	m->slug = slug ? slug : "";
	m->title = text_max(x, g, "title", ini_get(x, g, "title", true, false), 200);
	m->lang = one_of(x, g, "lang", ini_get(x, g, "lang", true, true), langs);
	m->summary = text_max(x, g, "summary", ini_get(x, g, "summary", false, false), 1000);
	m->level = one_of(x, g, "level", ini_get(x, g, "level", true, true), levels);
	const char *cat = ini_get(x, g, "category", true, true);
	if (cat && !category_valid(cat)) {
		ini_problem(x, g, "category", "category must be 1 to 32 of a-z and - (got \"%s\")", cat);
		cat = NULL;
	}
	m->category = cat ? cat : "";
	m->duration_minutes = ini_int(x, g, "duration_minutes", true, 1, 100000, 0);
	m->author = text_max(x, g, "author", ini_get(x, g, "author", true, false), 200);
	/* CRS-3: only the two licences of the terms. */
	const char *lic = ini_get(x, g, "licence", true, true);
	if (lic && !course_licence_url(lic)) {
		ini_problem(x, g, "licence",
			    "licence must be CC-BY-NC-SA-4.0 or CC-BY-SA-4.0 (CRS-3), not \"%s\"", lic);
		lic = NULL;
	}
	m->licence = lic ? lic : "";
	m->pass_mark = ini_int(x, g, "pass_mark", false, 1, 100, 0);
	const char *opens = ini_get(x, g, "opens_on", false, true);
	int y, mo, d;
	if (opens && *opens && (strlen(opens) != 10 || !dates_parse_ymd(opens, &y, &mo, &d))) {
		ini_problem(x, g, "opens_on", "opens_on must be a date YYYY-MM-DD (got \"%s\")", opens);
		opens = NULL;
	}
	m->opens_on = opens ? opens : "";
}

enum status course_manifest_parse(struct arena *a, const char *file, const char *text, size_t len,
				  struct course_manifest **out, GPtrArray *problems)
{
	struct course_manifest *m = arena_alloc(a, sizeof(*m));
	memset(m, 0, sizeof(*m));
	m->slug = m->title = m->lang = m->summary = m->level = m->category = m->author = m->licence = "";
	m->opens_on = "";
	*out = m;
	struct ini x = {.a = a, .file = file, .text = text, .len = len, .problems = problems};
	if (len > COURSE_MAX_MANIFEST) {
		problem(a, problems, file, 1, "the manifest is larger than %d bytes", COURSE_MAX_MANIFEST);
		return ST_INVALID;
	}
	x.kf = g_key_file_new();
	GError *gerr = NULL;
	if (!g_key_file_load_from_data(x.kf, text, len, G_KEY_FILE_NONE, &gerr)) {
		/* GKeyFile names the line in its message ("Key file contains
		 * line “x” which is not ..."); find it for file:line. */
		problem(a, problems, file, 1, "not a valid key file: %s", gerr->message);
		g_error_free(gerr);
		g_key_file_free(x.kf);
		return ST_INVALID;
	}
	if (!g_key_file_has_group(x.kf, "course")) {
		problem(a, problems, file, 1, "the [course] group is missing");
		x.count++;
	} else {
		parse_course_group(&x, m);
	}

	gsize ngroups = 0;
	gchar **groups = g_key_file_get_groups(x.kf, &ngroups);
	m->exercises = arena_alloc(a, sizeof(*m->exercises) * (ngroups + 1));
	m->videos = arena_alloc(a, sizeof(*m->videos) * (ngroups + 1));
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (gsize i = 0; i < ngroups; i++) {
		const char *g = groups[i];
		if (!strcmp(g, "course"))
			continue;
		const char *colon = strchr(g, ':');
		char *kind = colon ? arena_strndup(a, g, (size_t)(colon - g)) : arena_strdup(a, g);
		const char *slug = colon ? colon + 1 : "";
		bool is_ex = !strcmp(kind, "quiz") || !strcmp(kind, "homework");
		if (!is_ex && strcmp(kind, "video")) {
			ini_problem(&x, g, NULL,
				    "unknown group [%s] (expected [course], [quiz:slug], [homework:slug] or "
				    "[video:slug])",
				    g);
			continue;
		}
		if (!course_slug_valid(slug)) {
			ini_problem(&x, g, NULL, "[%s]: the slug after ':' must be 1 to 64 of a-z, 0-9 and -",
				    g);
			continue;
		}
		const char *key = arena_printf(a, "%s:%s", is_ex ? "exercise" : "video", slug);
		if (g_hash_table_contains(seen, key)) {
			ini_problem(&x, g, NULL, "%s slug \"%s\" is used twice", is_ex ? "exercise" : "video",
				    slug);
			continue;
		}
		g_hash_table_add(seen, (gpointer)key);
		if (is_ex) {
			if (m->n_exercises >= COURSE_MAX_EXERCISES) {
				ini_problem(&x, g, NULL, "more than %d exercises", COURSE_MAX_EXERCISES);
				continue;
			}
			struct manifest_exercise *e = &m->exercises[m->n_exercises++];
			e->kind = !strcmp(kind, "quiz") ? MANIFEST_QUIZ : MANIFEST_HOMEWORK;
			e->slug = arena_strdup(a, slug);
			e->line = ini_line(text, len, g, NULL);
			e->title = text_max(&x, g, "title", ini_get(&x, g, "title", true, false), 200);
			const char *after = ini_get(&x, g, "after", false, true);
			e->after = after ? after : "";
			e->weight = ini_int(&x, g, "weight", false, 0, 100, 1);
			e->pass_mark = ini_int(&x, g, "pass_mark", false, 0, 100, 50);
			e->rubric_json = "[]";
			const char *rubric = ini_get(&x, g, "rubric", e->kind == MANIFEST_HOMEWORK, false);
			if (rubric && e->kind == MANIFEST_QUIZ)
				ini_problem(&x, g, "rubric",
					    "a quiz has no rubric (quizzes are marked automatically)");
			else if (rubric)
				e->rubric_json = rubric_json(&x, g, rubric);
		} else {
			if (m->n_videos >= COURSE_MAX_VIDEOS) {
				ini_problem(&x, g, NULL, "more than %d videos", COURSE_MAX_VIDEOS);
				continue;
			}
			struct manifest_video *v = &m->videos[m->n_videos++];
			v->slug = arena_strdup(a, slug);
			v->line = ini_line(text, len, g, NULL);
			v->title = text_max(&x, g, "title", ini_get(&x, g, "title", true, false), 200);
			const char *f = ini_get(&x, g, "file", true, true);
			if (f && (!course_media_path_valid(f) ||
				  !(g_str_has_suffix(f, ".webm") || g_str_has_suffix(f, ".mp4")))) {
				ini_problem(&x, g, "file",
					    "file must be a .webm or .mp4 path under media/ (got \"%s\")", f);
				f = NULL;
			}
			v->file = f ? f : "";
			const char *ch = ini_get(&x, g, "chapter", false, true);
			v->chapter = ch ? ch : "";
		}
	}
	g_hash_table_destroy(seen);
	g_strfreev(groups);
	g_key_file_free(x.kf);
	return x.count ? ST_INVALID : ST_OK;
}

/* ---- Markdown ---- */

enum { MD_FLAGS = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH };

struct md_scan {
	struct arena *a;
	const char *file, *md;
	size_t len;
	GPtrArray *problems, *media_refs;
	GHashTable *refs_seen;
	int count;
	int in_h1; /* inside the first level-1 heading */
	bool have_title;
	GString *title;
};

/* The line of an attribute: md4c hands a pointer into the input when the
 * value needed no unescaping, else a copy; the copy is searched for. */
static int md_line_of(const struct md_scan *s, const char *p, size_t n)
{
	const char *at = NULL;
	if (p >= s->md && p < s->md + s->len)
		at = p;
	else if (n)
		at = g_strstr_len(s->md, (gssize)s->len, arena_strndup(s->a, p, n));
	if (!at)
		return 1;
	int line = 1;
	for (const char *q = s->md; q < at; q++)
		line += *q == '\n';
	return line;
}

static bool has_entity(const MD_ATTRIBUTE *attr)
{
	if (!attr->substr_types)
		return false;
	for (int i = 0; attr->substr_offsets[i] < attr->size; i++)
		if (attr->substr_types[i] != MD_TEXT_NORMAL)
			return true;
	return false;
}

/* Link targets an author may use: web and mail links, fragments, paths of
 * this site, media files of the course. Everything else (javascript:,
 * data:, vbscript:, protocol-relative //host) is refused. */
static bool link_allowed(const char *u)
{
	if (!g_ascii_strncasecmp(u, "https://", 8) || !g_ascii_strncasecmp(u, "http://", 7) ||
	    !g_ascii_strncasecmp(u, "mailto:", 7) || u[0] == '#')
		return true;
	if (u[0] == '/' && u[1] != '/' && u[1] != '\\')
		return true;
	return g_str_has_prefix(u, "media/") && course_media_path_valid(u);
}

static int md_enter_span(MD_SPANTYPE type, void *detail, void *user)
{
	struct md_scan *s = user;
	const MD_ATTRIBUTE *attr = NULL;
	if (type == MD_SPAN_A)
		attr = &((MD_SPAN_A_DETAIL *)detail)->href;
	else if (type == MD_SPAN_IMG)
		attr = &((MD_SPAN_IMG_DETAIL *)detail)->src;
	if (!attr)
		return 0;
	char *u = arena_strndup(s->a, attr->text, attr->size);
	int line = md_line_of(s, attr->text, attr->size);
	if (has_entity(attr) || memchr(u, '\0', attr->size) || strchr(u, '\\')) {
		s->count++;
		problem(s->a, s->problems, s->file, line,
			"character references and backslashes are not allowed in link or image targets "
			"(\"%s\")",
			u);
		return 0;
	}
	if (type == MD_SPAN_IMG) {
		if (!course_media_path_valid(u)) {
			s->count++;
			problem(s->a, s->problems, s->file, line,
				"an image must be a file of the course under media/ (got \"%s\")", u);
			return 0;
		}
	} else if (!link_allowed(u)) {
		s->count++;
		problem(s->a, s->problems, s->file, line,
			"link target \"%s\" refused: use http(s), mailto, #anchor, /path or media/ files", u);
		return 0;
	}
	if (g_str_has_prefix(u, "media/") && !g_hash_table_contains(s->refs_seen, u)) {
		g_hash_table_add(s->refs_seen, u);
		if (s->media_refs)
			g_ptr_array_add(s->media_refs, u);
	}
	return 0;
}

static int md_leave_span(MD_SPANTYPE type, void *detail, void *user)
{
	(void)type, (void)detail, (void)user;
	return 0;
}

static int md_enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	struct md_scan *s = user;
	if (type == MD_BLOCK_H && ((MD_BLOCK_H_DETAIL *)detail)->level == 1 && !s->have_title)
		s->in_h1 = 1;
	return 0;
}

static int md_leave_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	struct md_scan *s = user;
	(void)detail;
	if (type == MD_BLOCK_H && s->in_h1) {
		s->in_h1 = 0;
		s->have_title = true;
	}
	return 0;
}

static int md_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user)
{
	struct md_scan *s = user;
	if (s->in_h1) {
		if (type == MD_TEXT_ENTITY)
			g_string_append_c(s->title, ' ');
		else if (type != MD_TEXT_NULLCHAR)
			g_string_append_len(s->title, text, (gssize)size);
	}
	return 0;
}

static void md_out(const MD_CHAR *text, MD_SIZE size, void *user)
{
	g_string_append_len(user, text, (gssize)size);
}

/* Replaces every occurrence of from by to in o. */
static void replace_all(GString *o, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);
	for (size_t i = 0; i + fl <= o->len;) {
		char *hit = g_strstr_len(o->str + i, (gssize)(o->len - i), from);
		if (!hit)
			break;
		size_t at = (size_t)(hit - o->str);
		g_string_erase(o, (gssize)at, (gssize)fl);
		g_string_insert(o, (gssize)at, to);
		i = at + tl;
	}
}

enum status course_markdown_render(struct arena *a, const char *file, const char *md, size_t len,
				   const char *prefix, char **html, char **title, GPtrArray *media_refs,
				   GPtrArray *problems)
{
	*html = NULL;
	*title = NULL;
	if (len > COURSE_MAX_MARKDOWN) {
		problem(a, problems, file, 1, "the file is larger than %d bytes", COURSE_MAX_MARKDOWN);
		return ST_INVALID;
	}
	const char *bad = NULL;
	if (!g_utf8_validate(md, (gssize)len, &bad)) {
		int line = 1;
		for (const char *q = md; q < bad; q++)
			line += *q == '\n';
		problem(a, problems, file, line, "the text is not valid UTF-8");
		return ST_INVALID;
	}
	struct md_scan s = {.a = a,
			    .file = file,
			    .md = md,
			    .len = len,
			    .problems = problems,
			    .media_refs = media_refs,
			    .refs_seen = g_hash_table_new(g_str_hash, g_str_equal),
			    .title = g_string_new(NULL)};
	MD_PARSER parser = {.abi_version = 0,
			    .flags = MD_FLAGS,
			    .enter_block = md_enter_block,
			    .leave_block = md_leave_block,
			    .enter_span = md_enter_span,
			    .leave_span = md_leave_span,
			    .text = md_text};
	int rc = md_parse(md, (MD_SIZE)len, &parser, &s);
	g_hash_table_destroy(s.refs_seen);
	if (s.have_title) {
		g_strstrip(s.title->str);
		*title = arena_strdup(a, s.title->str);
	}
	g_string_free(s.title, TRUE);
	if (rc != 0) {
		problem(a, problems, file, 1, "the Markdown could not be parsed");
		return ST_INVALID;
	}
	if (s.count)
		return ST_INVALID;
	GString *o = g_string_sized_new(len + len / 4 + 64);
	if (md_html(md, (MD_SIZE)len, md_out, o, MD_FLAGS, MD_HTML_FLAG_SKIP_UTF8_BOM) != 0) {
		g_string_free(o, TRUE);
		problem(a, problems, file, 1, "the Markdown could not be rendered");
		return ST_INVALID;
	}
	/* Every image source and media link was checked to start with
	 * "media/"; text never holds a raw '"', so these patterns only
	 * match attributes. */
	replace_all(o, "<img src=\"media/", arena_printf(a, "<img src=\"%smedia/", prefix));
	replace_all(o, "<a href=\"media/", arena_printf(a, "<a href=\"%smedia/", prefix));
	*html = arena_strndup(a, o->str, o->len);
	g_string_free(o, TRUE);
	return ST_OK;
}

int course_markdown_words(const char *md)
{
	int words = 0;
	bool in = false;
	for (const char *p = md; *p; p++) {
		bool w = !(*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r');
		if (w && !in)
			words++;
		in = w;
	}
	return words;
}
