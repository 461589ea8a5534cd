/* CRS-4: projected opening dates, their watchers and the emails that tell
 * them of an opening or of a new date. */
#include <string.h>

#include "accounts/rules.h"
#include "base/dates.h"
#include "base/i18n.h"
#include "catalog/course_format.h"
#include "catalog/courses.h"
#include "http/html.h"
#include "ops/outbox.h"

#include "base/banned.h"

enum { DAY = 86400 };

/* A time zone by name (a new reference). Parsing a zone is costly (GLib
 * expands its rules year by year), far more than a catalogue page, so each
 * name is loaded once and kept for the life of the process; the names come
 * from the configuration, so there are one or two. */
static GTimeZone *tz_named(const char *name)
{
	static GMutex lock;
	static GHashTable *cache; /* name -> GTimeZone, never freed */
	g_mutex_lock(&lock);
	if (!cache)
		cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					      (GDestroyNotify)g_time_zone_unref);
	GTimeZone *tz = g_hash_table_lookup(cache, name);
	if (!tz) {
		tz = g_time_zone_new_identifier(name);
		if (!tz)
			tz = g_time_zone_new_utc();
		g_hash_table_insert(cache, g_strdup(name), tz);
	}
	tz = g_time_zone_ref(tz);
	g_mutex_unlock(&lock);
	return tz;
}

static GTimeZone *platform_tz(struct ctx *c)
{
	return tz_named(c->cfg->timezone);
}

char *course_today(struct ctx *c)
{
	GTimeZone *tz = platform_tz(c);
	int y, m, d;
	dates_local_ymd(tz, c->now, &y, &m, &d);
	g_time_zone_unref(tz);
	return arena_printf(c->a, "%04d-%02d-%02d", y, m, d);
}

bool course_is_open(struct ctx *c, const struct course *co)
{
	if (!co->opens_on || !*co->opens_on)
		return true;
	return course_open_on(co->opens_on, course_today(c)); /* CRS-4 */
}

char *course_date_label(struct arena *a, const char *tz_name, const char *ymd, const char *lang)
{
	int y, m, d;
	if (!ymd || !dates_parse_ymd(ymd, &y, &m, &d))
		return arena_strdup(a, ymd ? ymd : "");
	/* Noon UTC of that day is the same calendar day in every zone campus
	 * is used in (UTC-11..UTC+11). */
	GDateTime *dt = g_date_time_new_utc(y, m, d, 12, 0, 0);
	int64_t t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	GTimeZone *tz = tz_named(tz_name);
	char buf[64];
	dates_format_human(tz, t, lang, buf, sizeof(buf));
	g_time_zone_unref(tz);
	return arena_strdup(a, buf);
}

/* One email to a watcher in their language: a paragraph and the course link. */
static enum status email_watcher(struct ctx *c, const struct watcher *w, const struct course *co,
				 const char *subject, const char *para, GString *err)
{
	const char *l = i18n_supported(w->lang) ? w->lang : "en";
	const char *link = arena_printf(c->a, "%s/courses/%s", c->cfg->base_url, co->slug);
	const char *after =
		i18n_get(l, "You receive this email because you asked to be told when this course "
			    "opens. It is the only email campus sends you about it, unless its date "
			    "changes again.");
	struct mail_message m = {.to = w->email, .subject = subject, .lang = l};
	m.text = arena_printf(c->a, "%s\n\n%s\n\n%s\n\n-- \ncampus\n", para, link, after);
	GString *h = g_string_new(NULL);
	html_lit(h, "<!doctype html><html><body "
		    "style=\"font-family:system-ui,sans-serif;color:#1f2933;max-width:560px;margin:auto;"
		    "padding:24px\">");
	html_put(h, "<p>%s</p>", para);
	html_put(h,
		 "<p><a href=\"%s\" style=\"display:inline-block;background:#1d4ed8;color:#fff;padding:12px "
		 "20px;border-radius:6px;text-decoration:none\">%s</a></p>",
		 link, co->title);
	html_put(h, "<p style=\"color:#52606d;font-size:14px\">%s</p>", after);
	html_lit(h, "</body></html>");
	m.html = arena_strndup(c->a, h->str, h->len);
	g_string_free(h, TRUE);
	return outbox_email(c, &m, err);
}

/* The opening email to every watcher not yet told, each marked told. */
static enum status tell_opened(struct ctx *c, const struct course *co, int *told, GString *err)
{
	struct watcher **ws = NULL;
	int n = 0;
	enum status st = store_watchers_pending(c->db, c->a, co->id, &ws, &n, err);
	for (int i = 0; st == ST_OK && i < n; i++) {
		const char *l = i18n_supported(ws[i]->lang) ? ws[i]->lang : "en";
		const char *subject = arena_printf(c->a, i18n_get(l, "“%s” is open"), co->title);
		const char *para = arena_printf(c->a,
						i18n_get(l, "Good news: the course “%s” you asked about is "
							    "now open. You can start it now."),
						co->title);
		st = email_watcher(c, ws[i], co, subject, para, err);
		if (st == ST_OK)
			st = store_watcher_mark_opened(c->db, ws[i]->id, c->now, err);
		if (st == ST_OK && told)
			(*told)++;
	}
	return st;
}

/* CRS-4, called by the import inside its transaction when the projected
 * date of co changed from old_date: watchers learn the new date (earlier or
 * later), or that it is open when the new date has come or was dropped. */
enum status courses_tell_watchers(struct ctx *c, const struct course *co, const char *old_date, int *told,
				  GString *err);
enum status courses_tell_watchers(struct ctx *c, const struct course *co, const char *old_date, int *told,
				  GString *err)
{
	if (course_is_open(c, co))
		return tell_opened(c, co, told, err);
	struct watcher **ws = NULL;
	int n = 0;
	enum status st = store_watchers_pending(c->db, c->a, co->id, &ws, &n, err);
	bool earlier = strcmp(co->opens_on, old_date) < 0;
	for (int i = 0; st == ST_OK && i < n; i++) {
		const char *l = i18n_supported(ws[i]->lang) ? ws[i]->lang : "en";
		const char *subject = arena_printf(c->a, i18n_get(l, "New opening date for “%s”"), co->title);
		const char *when = course_date_label(c->a, c->cfg->timezone, co->opens_on, l);
		const char *before = course_date_label(c->a, c->cfg->timezone, old_date, l);
		const char *para = arena_printf(c->a,
						earlier ? i18n_get(l, "The course “%s” will open earlier "
								      "than planned: on %s instead of %s.")
							: i18n_get(l, "The course “%s” will open later than "
								      "planned: on %s instead of %s."),
						co->title, when, before);
		st = email_watcher(c, ws[i], co, subject, para, err);
		if (st == ST_OK && told)
			(*told)++;
	}
	return st;
}

enum status course_watch(struct ctx *c, const char *slug, const char *email, const char *lang, bool *added,
			 GString *err)
{
	*added = false;
	struct course *co = NULL;
	enum status st = store_course_by_slug(c->db, c->a, slug, &co, err);
	if (st != ST_OK)
		return st;
	if (course_is_open(c, co)) {
		g_string_assign(err, "this course is already open");
		return ST_CONFLICT;
	}
	int64_t user_id = 0;
	if (c->actor) {
		email = c->actor->email;
		lang = c->actor->lang;
		user_id = c->actor->id;
	}
	char *em = g_ascii_strdown(email ? email : "", -1);
	g_strstrip(em);
	const char *bad = rule_check_email(em);
	if (bad) {
		g_string_assign(err, bad);
		g_free(em);
		return ST_INVALID;
	}
	/* A visitor's address gets emails without any account: one IP may add
	 * only a few per hour, so that nobody floods strangers' mailboxes. */
	const char *ip = c->actor || !c->ip ? "" : c->ip;
	if (*ip) {
		int64_t recent = 0;
		st = store_watcher_count_ip(c->db, ip, c->now - 3600, &recent, err);
		if (st == ST_OK && recent >= COURSE_WATCHES_PER_IP_HOUR) {
			g_string_assign(
				err,
				"too many addresses from this network in the last hour; try again later");
			st = ST_TOOMANY;
		}
		if (st != ST_OK) {
			g_free(em);
			return st;
		}
	}
	st = store_watcher_add(c->db, co->id, em, user_id, i18n_supported(lang) ? lang : "en", ip, c->now,
			       added, err);
	g_free(em);
	return st;
}

bool course_watching(struct ctx *c, const struct course *co)
{
	bool exists = false;
	if (!c->actor)
		return false;
	GString *err = g_string_new(NULL);
	char *em = g_ascii_strdown(c->actor->email, -1);
	if (store_watcher_exists(c->db, co->id, em, &exists, err) != ST_OK)
		exists = false;
	g_free(em);
	g_string_free(err, TRUE);
	return exists;
}

/* The next local midnight after now, as a unix time. */
static int64_t next_midnight(struct ctx *c)
{
	GTimeZone *tz = platform_tz(c);
	GDateTime *now = g_date_time_new_from_unix_local(c->now);
	GDateTime *here = g_date_time_to_timezone(now, tz);
	GDateTime *mid = g_date_time_new(tz, g_date_time_get_year(here), g_date_time_get_month(here),
					 g_date_time_get_day_of_month(here), 0, 0, 0);
	GDateTime *next = g_date_time_add_days(mid, 1);
	int64_t t = g_date_time_to_unix(next);
	g_date_time_unref(now);
	g_date_time_unref(here);
	g_date_time_unref(mid);
	g_date_time_unref(next);
	g_time_zone_unref(tz);
	return t > c->now ? t : c->now + DAY;
}

enum status courses_open_job(struct ctx *c, const char *payload, GString *err)
{
	(void)payload;
	int64_t *ids = NULL;
	int n = 0;
	enum status st = store_courses_opening(c->db, c->a, course_today(c), &ids, &n, err);
	for (int i = 0; st == ST_OK && i < n; i++) {
		struct course *co = NULL;
		st = store_course_by_id(c->db, c->a, ids[i], &co, err);
		if (st == ST_OK)
			st = tell_opened(c, co, NULL, err);
	}
	if (st != ST_OK)
		return st;
	int64_t at = next_midnight(c);
	char key[64];
	g_snprintf(key, sizeof(key), "courses.open:%lld", (long long)at);
	return store_job_add(c->db, "courses.open", "", at, key, err);
}

enum status courses_open_seed(struct db *db, int64_t now, GString *err)
{
	char key[64];
	g_snprintf(key, sizeof(key), "courses.open:seed:%lld", (long long)(now / DAY));
	return store_job_add(db, "courses.open", "", now, key, err);
}
