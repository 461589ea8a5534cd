/* /admin/premium — staff grant and revoke Premium access by hand (until
 * billing drives it, and beside it): find an account by email, grant with
 * a reason and an optional last day, revoke; the current grants listed. */
#include <string.h>

#include "base/dates.h"
#include "media/grants.h"
#include "media/link.h"
#include "web/layout.h"
#include "web/pages_media.h"

#include "base/banned.h"

static GTimeZone *platform_tz(struct req *r)
{
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	return tz ? tz : g_time_zone_new_utc();
}

/* The date of instant t for people; for the end of a grant (last_day),
 * the day before the midnight it ends at. */
static const char *human_date(struct req *r, int64_t t, bool last_day)
{
	if (!t)
		return T(r, "until revoked");
	if (last_day)
		t -= 1;
	char buf[64];
	GTimeZone *tz = platform_tz(r);
	dates_format_human(tz, t, r->lang, buf, sizeof(buf));
	g_time_zone_unref(tz);
	return arena_strdup(r->a, buf);
}

/* The last day of a grant ("YYYY-MM-DD") as the instant it ends: the
 * following midnight in the platform time zone. */
static bool ends_on_instant(struct req *r, const char *s, int64_t *out)
{
	int y, m, d;
	if (!dates_parse_ymd(s, &y, &m, &d))
		return false;
	GTimeZone *tz = platform_tz(r);
	GDateTime *day = g_date_time_new(tz, y, m, d, 0, 0, 0);
	GDateTime *next = day ? g_date_time_add_days(day, 1) : NULL;
	*out = next ? g_date_time_to_unix(next) : 0;
	if (next)
		g_date_time_unref(next);
	if (day)
		g_date_time_unref(day);
	g_time_zone_unref(tz);
	return *out != 0;
}

struct view {
	const char *email; /* searched address */
	struct user *found; /* the account, when found */
	struct premium premium;
	const char *notice; /* success message */
	const char *alert; /* error message */
	GArray *errs; /* grant form errors */
	const char *reason, *ends_on; /* grant form values */
};

/* A revoke button; with_reason adds an optional reason field (the account
 * panel), the quick buttons of the list have none. */
static void revoke_form(struct req *r, int64_t user_id, const char *email, const char *label,
			bool with_reason)
{
	GString *o = r->h->out;
	if (with_reason)
		html_lit(o, "<form method=\"post\" action=\"/admin/premium\">");
	else
		html_lit(o, "<form class=\"inline\" method=\"post\" action=\"/admin/premium\">");
	form_csrf(r);
	html_put(o,
		 "<input type=\"hidden\" name=\"action\" value=\"revoke\"><input type=\"hidden\" "
		 "name=\"user_id\" value=\"%lld\"><input type=\"hidden\" name=\"email\" value=\"%s\">",
		 (long long)user_id, email);
	if (with_reason)
		form_input(r, NULL,
			   &(struct input){"reason", T(r, "Reason (optional)"), "text", NULL, "off",
					   T(r, "Recorded in the audit log."), false});
	html_put(o, "<button class=\"secondary\" type=\"submit\" aria-label=\"%s %s\">%s</button></form>",
		 label, email, label);
}

static void account_panel(struct req *r, struct view *v)
{
	GString *o = r->h->out;
	struct user *u = v->found;
	html_put(
		o,
		"<section class=\"panel account\" aria-labelledby=\"acc-title\"><h2 id=\"acc-title\">%s</h2>",
		u->name);
	html_put(o, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", T(r, "Email address"),
		 u->email, T(r, "Premium access"));
	if (v->premium.active && v->premium.until)
		html_put(o, "%s %s", T(r, "Yes, last day:"), human_date(r, v->premium.until, true));
	else if (v->premium.active)
		html_text(o, T(r, "Yes, until revoked"));
	else
		html_text(o, T(r, "No"));
	html_lit(o, "</dd></dl>");
	if (v->premium.active && v->premium.source && !strcmp(v->premium.source, "grant")) {
		revoke_form(r, u->id, u->email, T(r, "Revoke Premium access"), true);
	} else {
		form_error_summary(r, v->errs);
		html_lit(o, "<form method=\"post\" action=\"/admin/premium\">");
		form_csrf(r);
		html_put(
			o,
			"<input type=\"hidden\" name=\"action\" value=\"grant\"><input type=\"hidden\" "
			"name=\"user_id\" value=\"%lld\"><input type=\"hidden\" name=\"email\" value=\"%s\">",
			(long long)u->id, u->email);
		form_input(r, v->errs,
			   &(struct input){"reason", T(r, "Reason"), "text", v->reason, "off",
					   T(r, "Recorded in the audit log."), true});
		form_input(r, v->errs,
			   &(struct input){"ends_on", T(r, "Last day (optional)"), "date", v->ends_on, "off",
					   T(r, "Leave empty to grant until revoked."), false});
		html_put(o, "<button type=\"submit\">%s</button></form>", T(r, "Grant Premium access"));
	}
	html_lit(o, "</section>");
}

static void grants_table(struct req *r, int page)
{
	GString *o = r->h->out;
	struct media_grant *g = NULL;
	int n = 0;
	bool more = false;
	GString *err = g_string_new(NULL);
	enum status st = grants_list(req_ctx(r), page, &g, &n, &more, err);
	html_put(o, "<section aria-labelledby=\"list-title\"><h2 id=\"list-title\">%s</h2>",
		 T(r, "Current grants"));
	if (st != ST_OK) {
		html_put(o, "<div class=\"alert err\" role=\"alert\">%s</div>",
			 T(r, "Something went wrong on our side. Please try again in a moment."));
		g_printerr("campus: /admin/premium: %s\n", err->str);
	} else if (n == 0) {
		html_put(o, "<p>%s</p>", T(r, "Nobody has Premium access by a grant."));
	} else {
		html_put(o,
			 "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" "
			 "aria-labelledby=\"list-title\"><table class=\"data\"><thead><tr><th "
			 "scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\"><span class=\"visually-hidden\">%s"
			 "</span></th></tr></thead><tbody>",
			 T(r, "Account"), T(r, "Reason"), T(r, "Since"), T(r, "Last day"), T(r, "Granted by"),
			 T(r, "Actions"));
		for (int i = 0; i < n; i++) {
			html_lit(o, "<tr><td><a href=\"/admin/premium?email=");
			html_url(o, g[i].email);
			html_put(o,
				 "\">%s</a><br><span class=\"hint\">%s</span></td><td>%s</td><td>%s</td>"
				 "<td>%s</td><td>%s</td><td>",
				 g[i].email, g[i].name, g[i].reason, human_date(r, g[i].starts_at, false),
				 human_date(r, g[i].ends_at, true), *g[i].granted_by ? g[i].granted_by : "—");
			revoke_form(r, g[i].user_id, g[i].email, T(r, "Revoke"), false);
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table></div>");
		html_lit(o, "<p>");
		if (page > 0)
			html_put(o, "<a href=\"/admin/premium?page=%d\">%s</a> ", page - 1, T(r, "Previous"));
		if (more)
			html_put(o, "<a href=\"/admin/premium?page=%d\">%s</a>", page + 1, T(r, "Next"));
		html_lit(o, "</p>");
	}
	html_lit(o, "</section>");
	g_string_free(err, TRUE);
}

static void render(struct req *r, struct view *v, int page)
{
	GString *o = r->h->out;
	page_begin(r, T(r, "Premium access"));
	html_put(o, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Premium access"),
		 T(r, "Grant Premium access by hand, for a reason, until a date or until revoked. Every "
		      "change is recorded in the audit log."));
	if (v->notice)
		html_put(o, "<div class=\"alert ok\" role=\"status\">%s</div>", v->notice);
	if (v->alert)
		html_put(o, "<div class=\"alert err\" role=\"alert\">%s</div>", v->alert);
	html_lit(o, "<form class=\"panel find\" method=\"get\" action=\"/admin/premium\" role=\"search\">");
	form_input(r, NULL,
		   &(struct input){"email", T(r, "Find an account by email address"), "email", v->email,
				   "off", NULL, true});
	html_put(o, "<button type=\"submit\">%s</button></form>", T(r, "Find"));
	if (v->found)
		account_panel(r, v);
	grants_table(r, page);
	page_end(r);
}

/* Looks the searched address up into v; false (and v->alert) when unknown. */
static enum status find(struct req *r, struct view *v)
{
	GString *err = g_string_new(NULL);
	enum status st = grants_find(req_ctx(r), v->email, &v->found, &v->premium, err);
	if (st == ST_NOTFOUND) {
		v->alert = T(r, "No account has this email address.");
		v->found = NULL;
	} else if (st != ST_OK) {
		respond_error(r, st, err->str);
	}
	g_string_free(err, TRUE);
	return st;
}

void admin_premium_page(struct req *r)
{
	struct view v = {.email = http_query(r->h, "email")};
	const char *done = http_query(r->h, "done");
	const char *pg = http_query(r->h, "page");
	int64_t page = 0;
	if (pg && !link_parse_id(pg, &page))
		page = 0;
	if (done && !strcmp(done, "granted"))
		v.notice = T(r, "Premium access granted.");
	else if (done && !strcmp(done, "revoked"))
		v.notice = T(r, "Premium access revoked.");
	if (v.email && *v.email) {
		enum status st = find(r, &v);
		if (st != ST_OK && st != ST_NOTFOUND)
			return;
		if (st == ST_NOTFOUND)
			r->h->status = 404;
	}
	if (r->h->status != 404)
		page_ok(r);
	render(r, &v, page > 1000 ? 1000 : (int)page);
}

void admin_premium_post(struct req *r)
{
	const char *action = http_form(r->h, "action");
	const char *uid_s = http_form(r->h, "user_id");
	struct view v = {.email = http_form(r->h, "email"),
			 .reason = http_form(r->h, "reason"),
			 .ends_on = http_form(r->h, "ends_on"),
			 .errs = field_errors_new()};
	int64_t user_id = 0;
	GString *err = g_string_new(NULL);
	enum status st;
	if (!action || (strcmp(action, "grant") && strcmp(action, "revoke")) ||
	    !link_parse_id(uid_s, &user_id)) {
		respond_error_page(r, 400, T(r, "Bad request"), T(r, "The form data could not be read."));
		goto cleanup;
	}
	if (!strcmp(action, "revoke")) {
		st = grants_revoke(req_ctx(r), user_id, v.reason, err);
	} else {
		int64_t ends_at = 0;
		if (v.ends_on && *v.ends_on && !ends_on_instant(r, v.ends_on, &ends_at))
			field_error_add(v.errs, "ends_on", N_("Give the last day as a date."));
		st = v.errs->len ? ST_INVALID
				 : grants_grant(req_ctx(r), user_id, v.reason, ends_at, v.errs, err);
	}
	if (st == ST_OK) {
		GString *loc = g_string_new("/admin/premium?done=");
		g_string_append(loc, !strcmp(action, "grant") ? "granted" : "revoked");
		if (v.email) {
			g_string_append(loc, "&email=");
			g_string_append_uri_escaped(loc, v.email, NULL, FALSE);
		}
		http_redirect(r->h, 303, loc->str);
		g_string_free(loc, TRUE);
		goto cleanup;
	}
	if (st == ST_INVALID || st == ST_CONFLICT || st == ST_NOTFOUND) {
		/* Show the page again with what went wrong, nothing changed. */
		unsigned code = http_status_of(st);
		if (v.email && *v.email && find(r, &v) != ST_OK && !v.alert)
			goto cleanup;
		if (st == ST_CONFLICT)
			v.alert =
				T(r, "This account already has Premium access by a grant: revoke it first to "
				     "change it.");
		else if (st == ST_NOTFOUND && !strcmp(action, "revoke"))
			v.alert = T(r, "This account has no Premium grant to revoke.");
		else if (st == ST_NOTFOUND)
			v.alert = T(r, "No account has this email address.");
		page_ok(r);
		r->h->status = code;
		render(r, &v, 0);
		goto cleanup;
	}
	respond_error(r, st, err->str);
cleanup:
	g_array_free(v.errs, TRUE);
	g_string_free(err, TRUE);
}
