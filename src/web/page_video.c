/* Videos (CRS-2): the player page, the byte-range stream, personal
 * download links and the signed download itself.
 *
 *   GET  /courses/{slug}/videos/{video}  player page
 *   GET  /videos/{id}/stream             anyone who can read the course
 *   POST /videos/{id}/download-link      a Premium user: a personal link
 *   GET  /videos/{id}/download?u&exp&sig the signed link (bearer, expiring)
 *
 * Files are sent from DATA/media by the server without being loaded in
 * memory (http_respond_file), with Range, If-Range and If-None-Match. */
#include <string.h>
#include <unistd.h>

#include "base/dates.h"
#include "media/media.h"
#include "media/range.h"
#include "ops/premium.h"
#include "web/layout.h"
#include "web/pages_media.h"

#include "base/banned.h"

/* The {id} of the route as a video id; 404 when it is not one. */
static bool video_id_param(struct req *r, int64_t *id)
{
	if (link_parse_id(r->params[0], id))
		return true;
	respond_error(r, ST_NOTFOUND, T(r, "There is no such video."));
	return false;
}

/* Sends the video file with the conditional and range rules of RFC 9110.
 * attachment: a download (Content-Disposition: attachment). */
static void serve_file(struct req *r, const struct media_video *v, bool attachment)
{
	struct http_req *h = r->h;
	struct media_file f;
	GString *err = g_string_new(NULL);
	enum status st = media_file_open(req_ctx(r), v, &f, err);
	if (st != ST_OK) {
		respond_error(r, st, err->str);
		g_string_free(err, TRUE);
		return;
	}
	g_string_free(err, TRUE);
	http_add_header_static(h, "Accept-Ranges", "bytes");
	http_add_header(h, "ETag", f.etag);
	http_add_header(h, "Last-Modified", f.last_modified);
	/* Personal answers (a download link, a course only staff may see yet)
	 * stay out of shared caches; browsers revalidate with the ETag. */
	http_add_header_static(h, "Cache-Control", attachment ? "private, no-store" : "private, no-cache");
	if (attachment) {
		const char *ext = strrchr(v->path, '.');
		const char *name = arena_printf(r->a, "%s%s", v->slug, ext && !strchr(ext, '/') ? ext : "");
		/* The slug is [a-z0-9-] and the extension comes from the import:
		 * nothing there needs quoting but quotes and backslashes. */
		if (strpbrk(name, "\"\\\r\n"))
			name = "video";
		http_add_header(h, "Content-Disposition",
				arena_printf(r->a, "attachment; filename=\"%s\"", name));
	}
	h->resp_type = arena_strdup(r->a, v->mime && *v->mime ? v->mime : "application/octet-stream");
	if (range_if_none_match(http_header(h, "If-None-Match"), f.etag)) {
		close(f.fd);
		h->status = 304;
		h->resp_type = NULL;
		g_string_truncate(h->out, 0);
		return;
	}
	/* Range applies to GET only (RFC 9110 §14.2: HEAD ignores it). */
	struct range rg = {RANGE_FULL, 0, 0};
	if (!strcmp(h->method, "GET") &&
	    range_if_range_ok(http_header(h, "If-Range"), f.etag, f.last_modified))
		rg = range_parse(http_header(h, "Range"), f.size);
	switch (rg.kind) {
	case RANGE_FULL:
		h->status = 200;
		http_respond_file(h, f.fd, 0, f.size);
		break;
	case RANGE_PARTIAL:
		h->status = 206;
		http_add_header(h, "Content-Range",
				arena_printf(r->a,
					     "bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
					     "/%" G_GUINT64_FORMAT,
					     rg.first, rg.last, f.size));
		http_respond_file(h, f.fd, rg.first, rg.last - rg.first + 1);
		break;
	case RANGE_UNSATISFIABLE:
		close(f.fd);
		h->status = 416;
		http_add_header(h, "Content-Range", arena_printf(r->a, "bytes */%" G_GUINT64_FORMAT, f.size));
		h->resp_type = "text/plain; charset=utf-8";
		g_string_assign(h->out, "Range Not Satisfiable\n");
		break;
	}
}

void video_stream(struct req *r)
{
	int64_t id;
	if (!video_id_param(r, &id))
		return;
	struct media_video *v = NULL;
	GString *err = g_string_new(NULL);
	enum status st = media_video_get(req_ctx(r), id, &v, err); /* CRS-2: no Premium needed */
	if (st == ST_OK)
		serve_file(r, v, false);
	else
		respond_error(r, st, st == ST_NOTFOUND ? T(r, "There is no such video.") : err->str);
	g_string_free(err, TRUE);
}

void video_download(struct req *r)
{
	int64_t id;
	if (!video_id_param(r, &id))
		return;
	struct media_video *v = NULL;
	enum link_check why = LINK_VALID;
	GString *err = g_string_new(NULL);
	enum status st =
		media_download_check(req_ctx(r), r->app->secret, SECRET_BYTES, id, http_query(r->h, "u"),
				     http_query(r->h, "exp"), http_query(r->h, "sig"), &v, &why, err);
	if (st == ST_OK)
		serve_file(r, v, true);
	else if (why == LINK_EXPIRED)
		respond_error_page(r, 410, T(r, "This link has expired"),
				   T(r, "This download link has expired. Open the video page again to get a "
					"new one."));
	else if (why != LINK_VALID)
		respond_error(r, ST_FORBIDDEN,
			      T(r, "This download link is not valid. Download links are personal: open the "
				   "video page to get your own."));
	else if (st == ST_FORBIDDEN)
		respond_error(r, st,
			      T(r,
				"This download link belongs to an account that no longer has Premium. "
				"Downloads for offline viewing are a Premium feature; streaming stays open "
				"to everyone."));
	else
		respond_error(r, st, st == ST_NOTFOUND ? T(r, "There is no such video.") : err->str);
	g_string_free(err, TRUE);
}

/* "28 February 2026, 14:05" in the platform time zone. */
static const char *human_time(struct req *r, int64_t t)
{
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	if (!tz)
		tz = g_time_zone_new_utc();
	char date[64];
	dates_format_human(tz, t, r->lang, date, sizeof(date));
	GDateTime *d = g_date_time_new_from_unix_utc(t);
	GDateTime *l = g_date_time_to_timezone(d, tz);
	const char *out =
		arena_printf(r->a, "%s, %02d:%02d", date, g_date_time_get_hour(l), g_date_time_get_minute(l));
	g_date_time_unref(l);
	g_date_time_unref(d);
	g_time_zone_unref(tz);
	return out;
}

static void video_header(struct req *r, const struct media_video *v, const char *chapter_title)
{
	GString *o = r->h->out;
	html_put(o,
		 "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/courses\">%s</a> › <a href=\"/courses/",
		 T(r, "Breadcrumb"), T(r, "Courses"));
	html_url(o, v->course_slug);
	html_put(o, "\">%s</a>", v->course_title);
	if (chapter_title) {
		html_lit(o, " › <a href=\"/courses/");
		html_url(o, v->course_slug);
		html_lit(o, "/chapters/");
		html_url(o, v->chapter_slug);
		html_put(o, "\">%s</a>", chapter_title);
	}
	html_lit(o, "</nav>");
}

void video_page(struct req *r)
{
	struct media_video *v = NULL;
	char *chapter_title = NULL;
	GString *err = g_string_new(NULL);
	struct ctx *c = req_ctx(r);
	enum status st = media_video_find(c, r->params[0], r->params[1], &v, &chapter_title, err);
	struct premium p = {0};
	if (st == ST_OK && r->user)
		st = premium_get(c, r->user->id, &p, err);
	if (st != ST_OK) {
		respond_error(r, st, st == ST_NOTFOUND ? T(r, "There is no such video.") : err->str);
		g_string_free(err, TRUE);
		return;
	}
	g_string_free(err, TRUE);
	GString *o = r->h->out;
	page_ok(r);
	page_begin(r, v->title);
	video_header(r, v, chapter_title);
	html_put(o, "<h1>%s</h1>", v->title);
	if (media_course_coming_soon(c, v))
		html_put(o, "<div class=\"alert info\" role=\"status\">%s</div>",
			 T(r, "This course is not open yet: only staff can see this video."));
	html_put(o,
		 "<div class=\"video\"><video controls preload=\"metadata\" src=\"/videos/%lld/stream\" "
		 "aria-label=\"%s\"><a href=\"/videos/%lld/stream\">%s</a></video></div>",
		 (long long)v->id, v->title, (long long)v->id, T(r, "Watch the video"));
	html_put(o,
		 "<section class=\"panel download\" aria-labelledby=\"dl-title\"><h2 id=\"dl-title\">%s</h2>",
		 T(r, "Offline viewing"));
	if (p.active) { /* CRS-2 */
		html_put(o, "<p>%s</p>",
			 T(r, "As a Premium member you can download this video. The link is personal and "
			      "works for a limited time."));
		html_put(o, "<form method=\"post\" action=\"/videos/%lld/download-link\">", (long long)v->id);
		form_csrf(r);
		html_put(o, "<button type=\"submit\">%s</button></form>",
			 T(r, "Download for offline viewing"));
	} else {
		html_put(o, "<p>%s</p>",
			 T(r, "Downloading videos for offline viewing is a Premium feature. Everyone can "
			      "stream every video."));
		if (!r->user) {
			html_lit(o, "<p><a href=\"/signin?next=");
			html_url(o, r->h->path);
			html_put(o, "\">%s</a></p>", T(r, "Sign in"));
		}
	}
	html_lit(o, "</section>");
	page_end(r);
}

void video_download_link_post(struct req *r)
{
	int64_t id;
	if (!video_id_param(r, &id))
		return;
	char *path = NULL;
	int64_t exp = 0;
	GString *err = g_string_new(NULL);
	struct ctx *c = req_ctx(r);
	enum status st = media_download_link(c, r->app->secret, SECRET_BYTES, id, &path, &exp, err);
	struct media_video *v = NULL;
	if (st == ST_OK)
		st = media_video_get(c, id, &v, err);
	if (st == ST_FORBIDDEN) {
		respond_error(r, st,
			      T(r,
				"Downloading videos for offline viewing is a Premium feature. Everyone can "
				"stream every video."));
	} else if (st != ST_OK) {
		respond_error(r, st, st == ST_NOTFOUND ? T(r, "There is no such video.") : err->str);
	} else {
		GString *o = r->h->out;
		page_ok(r);
		page_begin(r, T(r, "Your download link"));
		video_header(r, v, NULL);
		html_put(o, "<div class=\"panel\"><h1>%s</h1><p>%s</p>", T(r, "Your download link"),
			 v->title);
		html_put(o, "<p><a class=\"button\" href=\"%s\" download>%s</a></p>", path,
			 T(r, "Download the video"));
		html_put(o, "<p class=\"hint\">%s %s. %s</p>", T(r, "This link works until"),
			 human_time(r, exp),
			 T(r, "It is personal: it stops working if your Premium access ends."));
		html_lit(o, "<p><a href=\"/courses/");
		html_url(o, v->course_slug);
		html_lit(o, "/videos/");
		html_url(o, v->slug);
		html_put(o, "\">%s</a></p></div>", T(r, "Back to the video"));
		page_end(r);
	}
	g_string_free(err, TRUE);
}
