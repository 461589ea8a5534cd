/* campus course import: a course folder (or an uploaded zip of one) into
 * the database and DATA/media/<slug>/. Everything is validated first, every
 * problem reported with its file and line; then the media are copied to a
 * temporary folder, the rows are written in one transaction, and the
 * folder is swapped in by rename. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/secrets.h"
#include "catalog/course_format.h"
#include "catalog/courses.h"
#include "catalog/gift.h"
#include "catalog/zip_api.h"
#include "ops/audit.h"

#include "base/banned.h"

/* A validated course folder, ready to store. */
struct media_file {
	char *rel; /* "media/x.svg" */
	char *name; /* "x.svg" */
	gint64 bytes;
};

struct folder {
	struct arena *a;
	const char *dir;
	GPtrArray *problems;
	struct course_manifest *m;
	struct chapter **chapters;
	int n_chapters;
	struct exercise **exercises;
	int n_exercises;
	struct video **videos;
	int n_videos;
	struct media_file *media;
	int n_media;
	GString *search_body; /* chapter text for the search index */
	GChecksum *digest; /* over every file read, in a fixed order */
	gint64 total;
};

static void add_problem(struct folder *f, const char *rel, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add_problem(struct folder *f, const char *rel, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(f->a, fmt, ap);
	va_end(ap);
	g_ptr_array_add(f->problems, arena_printf(f->a, "%s:%d: %s", rel, line, msg));
}

/* Reads dir/rel (a regular file, not a link) of at most max bytes into the
 * arena, NUL-terminated. NULL with a problem otherwise. */
static char *read_rel(struct folder *f, const char *rel, size_t max, size_t *len)
{
	char *path = g_build_filename(f->dir, rel, NULL);
	struct stat sb;
	char *out = NULL;
	if (lstat(path, &sb) != 0) {
		add_problem(f, rel, 1, "the file is missing");
	} else if (!S_ISREG(sb.st_mode)) {
		add_problem(f, rel, 1, "not a regular file (links are not followed)");
	} else if ((size_t)sb.st_size > max) {
		add_problem(f, rel, 1, "the file is larger than %zu bytes", max);
	} else {
		gchar *data = NULL;
		gsize n = 0;
		GError *e = NULL;
		if (!g_file_get_contents(path, &data, &n, &e)) {
			add_problem(f, rel, 1, "cannot read: %s", e->message);
			g_error_free(e);
		} else {
			out = arena_strndup(f->a, data, n);
			*len = n;
			g_checksum_update(f->digest, (const guchar *)rel, (gssize)strlen(rel) + 1);
			g_checksum_update(f->digest, (const guchar *)data, (gssize)n);
			f->total += (gint64)n;
		}
		g_free(data);
	}
	g_free(path);
	return out;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The names in dir/rel, sorted (arena strings); n = -1 when it is absent. */
static char **list_dir(struct folder *f, const char *rel, int *n)
{
	char *path = g_build_filename(f->dir, rel, NULL);
	GDir *d = g_dir_open(path, 0, NULL);
	g_free(path);
	*n = -1;
	if (!d)
		return NULL;
	GPtrArray *names = g_ptr_array_new();
	const char *name;
	while ((name = g_dir_read_name(d)) && names->len <= COURSE_MAX_MEDIA_FILES + COURSE_MAX_CHAPTERS)
		g_ptr_array_add(names, arena_strdup(f->a, name));
	g_dir_close(d);
	qsort(names->pdata, names->len, sizeof(char *), cmp_str);
	*n = (int)names->len;
	char **out = arena_alloc(f->a, sizeof(char *) * (names->len + 1));
	memcpy(out, names->pdata, sizeof(char *) * names->len);
	out[names->len] = NULL;
	g_ptr_array_free(names, TRUE);
	return out;
}

static const char *media_mime(const char *name)
{
	static const struct {
		const char *ext, *mime;
	} types[] = {
		{".svg", "image/svg+xml"}, {".png", "image/png"}, {".jpg", "image/jpeg"},
		{".jpeg", "image/jpeg"},   {".gif", "image/gif"}, {".webp", "image/webp"},
		{".webm", "video/webm"},   {".mp4", "video/mp4"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
		if (g_str_has_suffix(name, types[i].ext))
			return types[i].mime;
	return NULL;
}

static void scan_media(struct folder *f)
{
	int n = 0;
	char **names = list_dir(f, "media", &n);
	f->media = arena_alloc(f->a, sizeof(*f->media) * (size_t)(n > 0 ? n : 1));
	for (int i = 0; i < n; i++) {
		char *rel = arena_printf(f->a, "media/%s", names[i]);
		char *path = g_build_filename(f->dir, rel, NULL);
		struct stat sb;
		int rc = lstat(path, &sb);
		g_free(path);
		const char *mime = media_mime(names[i]);
		if (rc != 0 || !S_ISREG(sb.st_mode)) {
			add_problem(f, rel, 1,
				    "media must be regular files directly in media/ (no folders, no links)");
		} else if (!course_media_path_valid(rel) || !mime) {
			add_problem(f, rel, 1,
				    "media names are letters, digits, '.', '_', '-' with a known type (svg, "
				    "png, jpg, "
				    "gif, webp, webm, mp4)");
		} else if (f->n_media >= COURSE_MAX_MEDIA_FILES) {
			add_problem(f, rel, 1, "more than %d media files", COURSE_MAX_MEDIA_FILES);
			break;
		} else if (g_str_has_prefix(mime, "image/") ? sb.st_size > COURSE_MAX_IMAGE
							    : sb.st_size > COURSE_MAX_VIDEO) {
			add_problem(f, rel, 1,
				    "the file is too large (images: %d MiB, videos: %lld MiB at most)",
				    COURSE_MAX_IMAGE >> 20, (long long)(COURSE_MAX_VIDEO >> 20));
		} else {
			struct media_file *mf = &f->media[f->n_media++];
			mf->rel = rel;
			mf->name = names[i];
			mf->bytes = sb.st_size;
			f->total += sb.st_size;
			g_checksum_update(f->digest, (const guchar *)rel, (gssize)strlen(rel) + 1);
			char size[32];
			g_snprintf(size, sizeof(size), "%lld:%lld", (long long)sb.st_size,
				   (long long)sb.st_mtime);
			g_checksum_update(f->digest, (const guchar *)size, (gssize)strlen(size));
		}
	}
	if (f->total > COURSE_MAX_TOTAL)
		add_problem(f, "media", 1, "the course is larger than %lld MiB",
			    (long long)(COURSE_MAX_TOTAL >> 20));
}

static struct media_file *find_media(struct folder *f, const char *rel)
{
	for (int i = 0; i < f->n_media; i++)
		if (!strcmp(f->media[i].rel, rel))
			return &f->media[i];
	return NULL;
}

static void check_refs(struct folder *f, const char *rel, GPtrArray *refs, const char *md)
{
	for (guint i = 0; i < refs->len; i++) {
		const char *ref = refs->pdata[i];
		if (find_media(f, ref))
			continue;
		const char *at = strstr(md, ref);
		int line = 1;
		for (const char *q = md; at && q < at; q++)
			line += *q == '\n';
		add_problem(f, rel, line, "%s is not in the course's media folder", ref);
	}
}

static void scan_chapters(struct folder *f, const char *prefix)
{
	int n = 0;
	char **names = list_dir(f, "chapters", &n);
	if (n <= 0) {
		add_problem(f, "chapters", 1, "the course has no chapters/NN-slug.md file");
		return;
	}
	f->chapters = arena_alloc(f->a, sizeof(*f->chapters) * (size_t)(n + 1));
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (int i = 0; i < n; i++) {
		char *rel = arena_printf(f->a, "chapters/%s", names[i]);
		char *slug = course_chapter_slug(f->a, names[i]);
		if (!slug) {
			add_problem(f, rel, 1, "chapter files are named NN-slug.md (slug: a-z, 0-9, -)");
			continue;
		}
		if (g_hash_table_contains(seen, slug)) {
			add_problem(f, rel, 1, "another chapter has the slug \"%s\"", slug);
			continue;
		}
		if (f->n_chapters >= COURSE_MAX_CHAPTERS) {
			add_problem(f, rel, 1, "more than %d chapters", COURSE_MAX_CHAPTERS);
			break;
		}
		g_hash_table_add(seen, slug);
		size_t len = 0;
		char *md = read_rel(f, rel, COURSE_MAX_MARKDOWN, &len);
		if (!md)
			continue;
		char *html = NULL, *title = NULL;
		GPtrArray *refs = g_ptr_array_new();
		if (course_markdown_render(f->a, rel, md, len, prefix, &html, &title, refs, f->problems) ==
		    ST_OK) {
			check_refs(f, rel, refs, md);
			if (!title || !*title)
				add_problem(f, rel, 1, "the chapter has no title (a first line \"# Title\")");
		}
		g_ptr_array_free(refs, TRUE);
		struct chapter *ch = arena_alloc(f->a, sizeof(*ch));
		memset(ch, 0, sizeof(*ch));
		ch->slug = slug;
		ch->position = f->n_chapters + 1;
		ch->title = title ? title : "";
		ch->body_md = md;
		ch->body_html = html ? html : "";
		int words = course_markdown_words(md);
		ch->minutes = words / 200 + 1;
		g_string_append_printf(f->search_body, "%s\n", md);
		f->chapters[f->n_chapters++] = ch;
	}
	g_hash_table_destroy(seen);
}

static bool has_chapter(struct folder *f, const char *slug)
{
	for (int i = 0; i < f->n_chapters; i++)
		if (!strcmp(f->chapters[i]->slug, slug))
			return true;
	return false;
}

static void scan_exercises(struct folder *f, const char *prefix)
{
	struct course_manifest *m = f->m;
	f->exercises = arena_alloc(f->a, sizeof(*f->exercises) * (size_t)(m->n_exercises + 1));
	for (int i = 0; i < m->n_exercises; i++) {
		struct manifest_exercise *me = &m->exercises[i];
		bool quiz = me->kind == MANIFEST_QUIZ;
		if (*me->after && !has_chapter(f, me->after))
			add_problem(f, "course.ini", me->line,
				    "[%s:%s] after = %s: there is no chapter \"%s\"",
				    quiz ? "quiz" : "homework", me->slug, me->after, me->after);
		char *rel = arena_printf(f->a, quiz ? "quizzes/%s.gift" : "homework/%s.md", me->slug);
		size_t len = 0;
		char *src = read_rel(f, rel, quiz ? COURSE_MAX_GIFT : COURSE_MAX_MARKDOWN, &len);
		if (!src)
			continue;
		if (quiz) {
			struct gift_question **qs = NULL;
			int nq = 0;
			gift_parse(f->a, rel, src, len, &qs, &nq, f->problems);
		} else {
			char *html = NULL, *title = NULL;
			GPtrArray *refs = g_ptr_array_new();
			if (course_markdown_render(f->a, rel, src, len, prefix, &html, &title, refs,
						   f->problems) == ST_OK)
				check_refs(f, rel, refs, src);
			g_ptr_array_free(refs, TRUE);
		}
		struct exercise *e = arena_alloc(f->a, sizeof(*e));
		memset(e, 0, sizeof(*e));
		e->slug = (char *)me->slug;
		e->position = f->n_exercises + 1;
		e->kind = quiz ? "quiz" : "homework";
		e->title = (char *)me->title;
		e->after_chapter = (char *)me->after;
		e->weight = me->weight;
		e->pass_mark = me->pass_mark;
		e->source = src;
		e->rubric = (char *)me->rubric_json;
		f->exercises[f->n_exercises++] = e;
	}
}

static void scan_videos(struct folder *f, const char *slug)
{
	struct course_manifest *m = f->m;
	f->videos = arena_alloc(f->a, sizeof(*f->videos) * (size_t)(m->n_videos + 1));
	for (int i = 0; i < m->n_videos; i++) {
		struct manifest_video *mv = &m->videos[i];
		if (*mv->chapter && !has_chapter(f, mv->chapter))
			add_problem(f, "course.ini", mv->line,
				    "[video:%s] chapter = %s: there is no such chapter", mv->slug,
				    mv->chapter);
		struct media_file *mf = *mv->file ? find_media(f, mv->file) : NULL;
		if (*mv->file && !mf) {
			add_problem(f, "course.ini", mv->line,
				    "[video:%s] file = %s: not in the media folder", mv->slug, mv->file);
			continue;
		}
		if (!mf)
			continue;
		struct video *v = arena_alloc(f->a, sizeof(*v));
		memset(v, 0, sizeof(*v));
		v->slug = (char *)mv->slug;
		v->chapter_slug = (char *)mv->chapter;
		v->title = (char *)mv->title;
		v->path = arena_printf(f->a, "%s/%s", slug, mf->name);
		v->mime = (char *)media_mime(mf->name);
		v->bytes = mf->bytes;
		f->videos[f->n_videos++] = v;
	}
}

/* Reads and validates the whole folder; problems collect in f->problems. */
static void scan_folder(struct folder *f)
{
	size_t len = 0;
	char *ini = read_rel(f, "course.ini", COURSE_MAX_MANIFEST, &len);
	if (!ini)
		return;
	course_manifest_parse(f->a, "course.ini", ini, len, &f->m, f->problems);
	const char *slug = *f->m->slug ? f->m->slug : "course";
	const char *prefix = arena_printf(f->a, "/courses/%s/", slug);
	scan_media(f);
	scan_chapters(f, prefix);
	scan_exercises(f, prefix);
	scan_videos(f, slug);
}

/* ---- media folder ---- */

/* Copies a regular file (links refused) byte for byte. */
static bool copy_file(const char *from, const char *to, GString *err)
{
	int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	int out = in < 0 ? -1 : open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	bool ok = in >= 0 && out >= 0;
	char buf[65536];
	ssize_t n;
	while (ok && (n = read(in, buf, sizeof(buf))) != 0)
		ok = n > 0 && write(out, buf, (size_t)n) == n;
	if (ok && fsync(out) != 0)
		ok = false;
	if (!ok)
		g_string_printf(err, "cannot copy %s to %s: %s", from, to, g_strerror(errno));
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ok;
}

static void remove_tree(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	if (d) {
		const char *name;
		while ((name = g_dir_read_name(d))) {
			char *p = g_build_filename(path, name, NULL);
			struct stat sb;
			if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
				remove_tree(p);
			else
				unlink(p);
			g_free(p);
		}
		g_dir_close(d);
	}
	rmdir(path);
}

/* Copies the media into a fresh DATA/media/.<slug>.new-XXXXXX; the caller
 * renames it into place after the commit. Returns the path (g_free). */
static char *stage_media(struct ctx *c, struct folder *f, GString *err)
{
	char *root = g_build_filename(c->cfg->data_dir, "media", NULL);
	if (g_mkdir_with_parents(root, 0700) != 0) {
		g_string_printf(err, "cannot create %s: %s", root, g_strerror(errno));
		g_free(root);
		return NULL;
	}
	char *tmpl = g_strdup_printf("%s/.%s.new-XXXXXX", root, f->m->slug);
	g_free(root);
	if (!g_mkdtemp_full(tmpl, 0700)) {
		g_string_printf(err, "cannot create %s: %s", tmpl, g_strerror(errno));
		g_free(tmpl);
		return NULL;
	}
	for (int i = 0; i < f->n_media; i++) {
		char *from = g_build_filename(f->dir, f->media[i].rel, NULL);
		char *to = g_build_filename(tmpl, f->media[i].name, NULL);
		bool ok = copy_file(from, to, err);
		g_free(from);
		g_free(to);
		if (!ok) {
			remove_tree(tmpl);
			g_free(tmpl);
			return NULL;
		}
	}
	return tmpl;
}

/* Puts the staged folder at DATA/media/<slug>: the old one is renamed
 * aside first, so a reader sees either the old or the new set. */
static enum status swap_media(struct ctx *c, const char *slug, const char *staged, GString *err)
{
	char *final = g_build_filename(c->cfg->data_dir, "media", slug, NULL);
	char *old = g_strdup_printf("%s.old-%lld", final, (long long)g_get_monotonic_time());
	enum status st = ST_OK;
	bool had_old = rename(final, old) == 0;
	if (rename(staged, final) != 0) {
		g_string_printf(err, "cannot move the media into %s: %s", final, g_strerror(errno));
		st = ST_IO;
		if (had_old)
			rename(old, final);
	} else if (had_old) {
		remove_tree(old);
	}
	g_free(final);
	g_free(old);
	return st;
}

/* ---- storing ---- */

static char *course_audit_json(struct arena *a, const struct course *co, int chapters, int exercises,
			       int videos)
{
	json_t *j =
		json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i}", "slug", co->slug, "title", co->title,
			  "opens_on", co->opens_on, "licence", co->licence, "digest", co->source_digest,
			  "chapters", chapters, "exercises", exercises, "videos", videos);
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	char *out = arena_strdup(a, s);
	free(s);
	json_decref(j);
	return out;
}

/* Declared in courses.c: CRS-4 emails of a changed date or an opening. */
enum status courses_tell_watchers(struct ctx *c, const struct course *co, const char *old_date, int *told,
				  GString *err);

static enum status store_folder(struct ctx *c, struct folder *f, struct course_import_report *rep,
				GString *err)
{
	struct course_manifest *m = f->m;
	struct course *old = NULL;
	enum status st = store_course_by_slug(c->db, c->a, m->slug, &old, err);
	if (st == ST_NOTFOUND)
		st = ST_OK, old = NULL;
	if (st != ST_OK)
		return st;
	struct course *co = arena_alloc(c->a, sizeof(*co));
	memset(co, 0, sizeof(*co));
	co->id = old ? old->id : 0;
	co->slug = (char *)m->slug;
	co->lang = (char *)m->lang;
	co->title = (char *)m->title;
	co->summary = (char *)m->summary;
	co->level = (char *)m->level;
	co->category = (char *)m->category;
	co->duration_minutes = m->duration_minutes;
	co->author = (char *)m->author;
	co->licence = (char *)m->licence;
	co->pass_mark = m->pass_mark;
	co->opens_on = (char *)m->opens_on;
	/* CRS-4: a changed date keeps the one it replaced for the page. */
	co->previous_opens_on = !old                                  ? ""
				: strcmp(old->opens_on, co->opens_on) ? old->opens_on
								      : old->previous_opens_on;
	co->source_digest = arena_strdup(c->a, g_checksum_get_string(f->digest));
	co->imported_at = old ? old->imported_at : c->now;
	co->updated_at = c->now;
	st = store_course_save(c->db, co, err);
	if (st == ST_OK)
		st = store_course_search_set(c->db, co->id, co->title, co->summary, f->search_body->str, err);

	/* Chapters: keep the ids of slugs that stay. */
	struct chapter **old_ch = NULL;
	int n_old = 0;
	if (st == ST_OK && old)
		st = store_chapters_of_course(c->db, c->a, co->id, false, &old_ch, &n_old, err);
	for (int i = 0; st == ST_OK && i < f->n_chapters; i++) {
		struct chapter *ch = f->chapters[i];
		ch->course_id = co->id;
		for (int j = 0; j < n_old; j++)
			if (!strcmp(old_ch[j]->slug, ch->slug))
				ch->id = old_ch[j]->id;
		st = store_chapter_save(c->db, ch, err);
	}
	for (int j = 0; st == ST_OK && j < n_old; j++) {
		bool kept = false;
		for (int i = 0; i < f->n_chapters; i++)
			kept = kept || !strcmp(old_ch[j]->slug, f->chapters[i]->slug);
		if (!kept && (st = store_chapter_delete(c->db, old_ch[j]->id, err)) == ST_OK)
			rep->removed++;
	}

	struct exercise **old_ex = NULL;
	n_old = 0;
	if (st == ST_OK && old)
		st = store_exercises_of_course(c->db, c->a, co->id, &old_ex, &n_old, err);
	for (int i = 0; st == ST_OK && i < f->n_exercises; i++) {
		struct exercise *e = f->exercises[i];
		e->course_id = co->id;
		for (int j = 0; j < n_old; j++)
			if (!strcmp(old_ex[j]->slug, e->slug))
				e->id = old_ex[j]->id;
		st = store_exercise_save(c->db, e, err);
	}
	for (int j = 0; st == ST_OK && j < n_old; j++) {
		bool kept = false;
		for (int i = 0; i < f->n_exercises; i++)
			kept = kept || !strcmp(old_ex[j]->slug, f->exercises[i]->slug);
		if (!kept && (st = store_exercise_delete(c->db, old_ex[j]->id, err)) == ST_OK)
			rep->removed++;
	}

	struct video **old_v = NULL;
	n_old = 0;
	if (st == ST_OK && old)
		st = store_videos_of_course(c->db, c->a, co->id, &old_v, &n_old, err);
	for (int i = 0; st == ST_OK && i < f->n_videos; i++) {
		struct video *v = f->videos[i];
		v->course_id = co->id;
		for (int j = 0; j < n_old; j++)
			if (!strcmp(old_v[j]->slug, v->slug))
				v->id = old_v[j]->id;
		st = store_video_save(c->db, v, err);
	}
	for (int j = 0; st == ST_OK && j < n_old; j++) {
		bool kept = false;
		for (int i = 0; i < f->n_videos; i++)
			kept = kept || !strcmp(old_v[j]->slug, f->videos[i]->slug);
		if (!kept && (st = store_video_delete(c->db, old_v[j]->id, err)) == ST_OK)
			rep->removed++;
	}

	if (st == ST_OK)
		st = audit_record(c, "course.import", "course", co->id,
				  old ? course_audit_json(c->a, old, 0, 0, 0) : "",
				  course_audit_json(c->a, co, f->n_chapters, f->n_exercises, f->n_videos),
				  err);
	/* CRS-4: a changed projected date (earlier, later, or dropped). */
	if (st == ST_OK && old && strcmp(old->opens_on, co->opens_on) && *old->opens_on)
		st = courses_tell_watchers(c, co, old->opens_on, &rep->watchers_told, err);
	if (st == ST_OK) {
		rep->course = co;
		rep->created = !old;
		rep->chapters = f->n_chapters;
		rep->exercises = f->n_exercises;
		rep->videos = f->n_videos;
		rep->media_files = f->n_media;
	}
	return st;
}

enum status course_validate_dir(struct arena *a, const char *dir, GPtrArray *problems)
{
	struct folder f = {.a = a,
			   .dir = dir,
			   .problems = problems,
			   .search_body = g_string_new(NULL),
			   .digest = g_checksum_new(G_CHECKSUM_SHA256)};
	guint before = problems->len;
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
		add_problem(&f, dir, 1, "not a folder");
	else
		scan_folder(&f);
	g_string_free(f.search_body, TRUE);
	g_checksum_free(f.digest);
	return problems->len > before ? ST_INVALID : ST_OK;
}

enum status course_import_dir(struct ctx *c, const char *dir, struct course_import_report *rep, GString *err)
{
	if (c->actor && !(c->actor->roles & ROLE_ADMIN)) {
		g_string_assign(err, "only administrators import courses");
		return ST_FORBIDDEN;
	}
	struct folder f = {.a = c->a,
			   .dir = dir,
			   .problems = rep->problems,
			   .search_body = g_string_new(NULL),
			   .digest = g_checksum_new(G_CHECKSUM_SHA256)};
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		add_problem(&f, dir, 1, "not a folder");
	} else {
		scan_folder(&f);
	}
	enum status st = ST_OK;
	char *staged = NULL;
	struct course *same = NULL;
	if (!rep->problems->len && store_course_by_slug(c->db, c->a, f.m->slug, &same, NULL) == ST_OK &&
	    !strcmp(same->source_digest, g_checksum_get_string(f.digest))) {
		rep->course = same; /* nothing changed since the last import */
		rep->unchanged = true;
	} else if (rep->problems->len) {
		g_string_printf(err, "%u problem%s in the course folder", rep->problems->len,
				rep->problems->len > 1 ? "s" : "");
		st = ST_INVALID;
	} else if (!(staged = stage_media(c, &f, err))) {
		st = ST_IO;
	} else if ((st = db_begin(c->db, err)) == ST_OK) {
		st = store_folder(c, &f, rep, err);
		if (st == ST_OK)
			st = db_commit(c->db, err);
		else
			db_rollback(c->db);
		if (st == ST_OK)
			st = swap_media(c, f.m->slug, staged, err);
		else
			remove_tree(staged);
	} else {
		remove_tree(staged);
	}
	g_free(staged);
	g_string_free(f.search_body, TRUE);
	g_checksum_free(f.digest);
	return st;
}

/* ---- zip upload ---- */

/* An entry name that stays inside the extraction folder: relative, no
 * ".." or "." segment, no backslash, no NUL, no drive letter. */
static bool zip_name_safe(const char *name)
{
	if (!*name || name[0] == '/' || strchr(name, '\\') || strchr(name, ':') || strlen(name) > 255)
		return false;
	gchar **parts = g_strsplit(name, "/", 0);
	bool ok = true;
	for (gchar **p = parts; *p && ok; p++) {
		if (!**p && p[1]) /* an empty segment "a//b" */
			ok = false;
		else if (!strcmp(*p, "..") || !strcmp(*p, "."))
			ok = false;
	}
	g_strfreev(parts);
	return ok;
}

static bool make_parents(const char *path)
{
	char *d = g_path_get_dirname(path);
	bool ok = g_mkdir_with_parents(d, 0700) == 0;
	g_free(d);
	return ok;
}

/* Extracts every entry of za under root, checking names, kinds and sizes
 * first (before any byte is written), then counting the inflated bytes
 * while writing, since the sizes in the archive may lie. */
static enum status extract_zip(const struct zip_api *z, zip_t *za, const char *root,
			       struct course_import_report *rep, struct arena *a, GString *err)
{
	zip_int64_t n = z->zip_get_num_entries(za, 0);
	if (n <= 0 || n > COURSE_ZIP_MAX_ENTRIES) {
		g_string_printf(err, "the archive must hold 1 to %d entries", COURSE_ZIP_MAX_ENTRIES);
		g_ptr_array_add(rep->problems, arena_printf(a, "upload:1: %s", err->str));
		return ST_INVALID;
	}
	zip_uint64_t declared = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t zs;
		zip_uint8_t opsys = 0;
		zip_uint32_t attr = 0;
		if (z->zip_stat_index(za, (zip_uint64_t)i, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_NAME)) {
			g_ptr_array_add(rep->problems,
					arena_printf(a, "upload:1: entry %lld cannot be read", (long long)i));
			continue;
		}
		if (!zip_name_safe(zs.name)) {
			g_ptr_array_add(
				rep->problems,
				arena_printf(a,
					     "%s:1: refused: the entry would land outside the course folder",
					     zs.name));
			continue;
		}
		/* Unix symbolic links carry S_IFLNK in the external attributes. */
		if (z->zip_file_get_external_attributes(za, (zip_uint64_t)i, 0, &opsys, &attr) == 0 &&
		    opsys == ZIP_OPSYS_UNIX && ((attr >> 16) & S_IFMT) == S_IFLNK) {
			g_ptr_array_add(rep->problems,
					arena_printf(a, "%s:1: refused: links are not allowed", zs.name));
			continue;
		}
		declared += zs.size;
	}
	if (declared > (zip_uint64_t)COURSE_ZIP_MAX_TOTAL)
		g_ptr_array_add(rep->problems,
				arena_printf(a, "upload:1: the archive inflates to more than %lld MiB",
					     (long long)(COURSE_ZIP_MAX_TOTAL >> 20)));
	if (rep->problems->len) {
		g_string_printf(err, "the archive was refused");
		return ST_INVALID;
	}
	zip_uint64_t written = 0;
	char buf[65536];
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = z->zip_get_name(za, (zip_uint64_t)i, 0);
		char *path = g_build_filename(root, name, NULL);
		if (g_str_has_suffix(name, "/")) {
			g_mkdir_with_parents(path, 0700);
			g_free(path);
			continue;
		}
		zip_file_t *zf = z->zip_fopen_index(za, (zip_uint64_t)i, 0);
		int fd = zf && make_parents(path) ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600)
						  : -1;
		enum status st = fd < 0 ? ST_INVALID : ST_OK;
		zip_int64_t got;
		while (st == ST_OK && (got = z->zip_fread(zf, buf, sizeof(buf))) > 0) {
			written += (zip_uint64_t)got;
			if (written > (zip_uint64_t)COURSE_ZIP_MAX_TOTAL)
				st = ST_INVALID; /* a bomb that lied about its sizes */
			else if (write(fd, buf, (size_t)got) != got)
				st = ST_IO;
		}
		if (st == ST_OK && got < 0)
			st = ST_INVALID;
		zip_stat_t ms;
		if (st == ST_OK && z->zip_stat_index(za, (zip_uint64_t)i, 0, &ms) == 0 &&
		    (ms.valid & ZIP_STAT_MTIME)) {
			/* The folder digest covers each media file's size and time
			 * (scan_media): the entry's own time, not the extraction's,
			 * so that the same zip uploaded again is seen unchanged. */
			struct timespec ts[2] = {{.tv_sec = ms.mtime}, {.tv_sec = ms.mtime}};
			if (futimens(fd, ts) != 0)
				st = ST_IO;
		}
		if (fd >= 0)
			close(fd);
		if (zf)
			z->zip_fclose(zf);
		g_free(path);
		if (st != ST_OK) {
			g_string_printf(
				err, "%s: the entry could not be extracted (damaged, duplicate or too large)",
				name);
			g_ptr_array_add(rep->problems,
					arena_printf(a, "%s:1: %s", name,
						     "the entry could not be extracted (damaged, "
						     "duplicate or too large)"));
			return st;
		}
	}
	return ST_OK;
}

/* The folder holding course.ini: root itself or its single subfolder. */
static char *course_root(const char *root)
{
	char *ini = g_build_filename(root, "course.ini", NULL);
	bool here = g_file_test(ini, G_FILE_TEST_IS_REGULAR);
	g_free(ini);
	if (here)
		return g_strdup(root);
	GDir *d = g_dir_open(root, 0, NULL);
	char *found = NULL;
	int dirs = 0;
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		char *p = g_build_filename(root, name, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_DIR) && strcmp(name, "__MACOSX")) {
			dirs++;
			g_free(found);
			found = p;
		} else {
			g_free(p);
		}
	}
	if (d)
		g_dir_close(d);
	if (dirs != 1) {
		g_free(found);
		return g_strdup(root);
	}
	return found;
}

enum status course_import_zip(struct ctx *c, const void *data, size_t len, struct course_import_report *rep,
			      GString *err)
{
	if (c->actor && !(c->actor->roles & ROLE_ADMIN)) {
		g_string_assign(err, "only administrators import courses");
		return ST_FORBIDDEN;
	}
	const struct zip_api *z = zip_api(err);
	if (!z)
		return ST_IO;
	zip_error_t ze;
	z->zip_error_init(&ze);
	zip_source_t *src = z->zip_source_buffer_create(data, len, 0, &ze);
	zip_t *za = src ? z->zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
	if (!za) {
		g_string_printf(err, "not a zip archive: %s", z->zip_error_strerror(&ze));
		g_ptr_array_add(rep->problems, arena_printf(c->a, "upload:1: %s", err->str));
		z->zip_error_fini(&ze);
		if (src)
			z->zip_source_free(src);
		return ST_INVALID;
	}
	z->zip_error_fini(&ze);
	char *tmp_root = g_build_filename(c->cfg->data_dir, "tmp", NULL);
	g_mkdir_with_parents(tmp_root, 0700);
	char *tmp = g_strdup_printf("%s/upload-XXXXXX", tmp_root);
	g_free(tmp_root);
	enum status st;
	if (!g_mkdtemp_full(tmp, 0700)) {
		g_string_printf(err, "cannot create a temporary folder: %s", g_strerror(errno));
		st = ST_IO;
	} else {
		st = extract_zip(z, za, tmp, rep, c->a, err);
		if (st == ST_OK) {
			char *root = course_root(tmp);
			st = course_import_dir(c, root, rep, err);
			g_free(root);
		}
		remove_tree(tmp);
	}
	z->zip_discard(za);
	g_free(tmp);
	return st;
}
