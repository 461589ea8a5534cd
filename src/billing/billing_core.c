/* Billing use cases: shared helpers, invoices (INV-1), offers seeding,
 * Premium rights (SOLO-2..6) and the first use of Premium services. */
#include "billing/billing_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/i18n.h"
#include "http/html.h"
#include "ops/audit.h"
#include "ops/outbox.h"

#include "base/banned.h"

GTimeZone *bl_tz(struct ctx *c)
{
	return g_time_zone_new_identifier(c->cfg->timezone);
}

enum status bl_finish(struct ctx *c, enum status st, GString *err)
{
	if (st == ST_OK)
		return db_commit(c->db, err);
	db_rollback(c->db);
	return st;
}

static const struct {
	const char *name;
	enum sub_end e;
} end_names[] = {
	{"none", SUB_END_NONE},
	{"at_term", SUB_END_AT_TERM},
	{"force_majeure", SUB_END_FORCE_MAJEURE},
	{"unpaid", SUB_END_UNPAID},
	{"early_termination", SUB_END_EARLY_TERMINATION},
	{"withdrawal", SUB_END_WITHDRAWAL},
};

void bl_to_rule(const struct bl_sub *s, struct billing_sub *b)
{
	*b = (struct billing_sub){.cancel_at_term = s->cancel_at_term,
				  .months = s->months,
				  .anchor_day = s->anchor_day,
				  .started_at = s->started_at,
				  .period = s->period,
				  .period_start = s->period_start,
				  .period_end = s->period_end,
				  .cancelled_at = s->cancelled_at,
				  .ended_at = s->ended_at};
	if (!sub_state_parse(s->state, &b->state))
		b->state = SUB_TERMINATED;
	for (size_t i = 0; i < G_N_ELEMENTS(end_names); i++)
		if (!strcmp(end_names[i].name, s->end_reason))
			b->end_reason = end_names[i].e;
}

void bl_from_rule(struct arena *a, const struct billing_sub *b, struct bl_sub *s)
{
	s->state = arena_strdup(a, sub_state_name(b->state));
	s->cancel_at_term = b->cancel_at_term;
	s->period = b->period;
	s->period_start = b->period_start;
	s->period_end = b->period_end;
	s->cancelled_at = b->cancelled_at;
	s->ended_at = b->ended_at;
	s->end_reason = arena_strdup(a, sub_end_name(b->end_reason));
}

/* t JSON-escaped as jansson's json_dumps escapes a string (no ASCII
 * escaping, no slash escaping: the other characters as they are, UTF-8
 * included), without the quotes; false when t is NULL or not UTF-8
 * (jansson refuses it too). billspeed3: the renewal email's values went
 * through jansson (a json_t and a dump per value), a fortieth of a billing
 * run's instructions; tests/unit/test_billing_mail.c holds this to
 * jansson's bytes. */
static bool json_inside(GString *o, const char *t)
{
	if (!t || !g_utf8_validate(t, -1, NULL))
		return false;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		switch (*p) {
		case '"': g_string_append(o, "\\\""); break;
		case '\\': g_string_append(o, "\\\\"); break;
		case '\b': g_string_append(o, "\\b"); break;
		case '\f': g_string_append(o, "\\f"); break;
		case '\n': g_string_append(o, "\\n"); break;
		case '\r': g_string_append(o, "\\r"); break;
		case '\t': g_string_append(o, "\\t"); break;
		default:
			if (*p < 0x20)
				g_string_append_printf(o, "\\u%04X", *p);
			else
				g_string_append_c(o, (char)*p);
		}
	}
	return true;
}

/* A JSON string of t as jansson writes it; false as json_inside. */
static bool json_str(GString *o, const char *t)
{
	g_string_append_c(o, '"');
	bool ok = json_inside(o, t);
	g_string_append_c(o, '"');
	return ok;
}

/* billspeed: written directly, byte for byte what json_pack + json_dumps
 * (JSON_COMPACT | JSON_SORT_KEYS) made, "{}" where jansson failed; the
 * billing run writes it four times per renewal and jansson's packing and
 * key sorting were a tenth of the run's CPU. */
/* ",\"key\":" and v in decimal onto o. billspeed3: g_string_append_printf
 * for the subscription's audit JSON (four per renewal) was a fortieth of a
 * billing run's instructions. */
static void json_int(GString *o, const char *key, int64_t v)
{
	char buf[24];
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	size_t n = sizeof(buf);
	do {
		buf[--n] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--n] = '-';
	g_string_append_c(o, ',');
	g_string_append_c(o, '"');
	g_string_append(o, key);
	g_string_append(o, "\":");
	g_string_append_len(o, buf + n, (gssize)(sizeof(buf) - n));
}

char *bl_sub_json(struct arena *a, const struct bl_sub *s)
{
	GString *o = g_string_sized_new(256);
	g_string_append(o, s->cancel_at_term ? "{\"cancel_at_term\":true" : "{\"cancel_at_term\":false");
	json_int(o, "debt_due_at", s->debt_due_at);
	json_int(o, "dunning_done", (int)s->dunning_done);
	g_string_append(o, ",\"end_reason\":");
	bool ok = json_str(o, s->end_reason);
	json_int(o, "first_premium_use_at", s->first_premium_use_at);
	json_int(o, "id", s->id);
	json_int(o, "period", (int)s->period);
	json_int(o, "period_end", s->period_end);
	json_int(o, "price", s->price);
	g_string_append(o, ",\"state\":");
	ok = ok && json_str(o, s->state);
	g_string_append_c(o, '}');
	char *out = arena_strdup(a, ok ? o->str : "{}");
	g_string_free(o, TRUE);
	return out;
}

enum status bl_audit_sub(struct ctx *c, const char *action, const struct bl_sub *s, const char *before,
			 GString *err)
{
	return audit_record(c, action, "subscription", s->id, before ? before : "", bl_sub_json(c->a, s),
			    err);
}

/* The message bl_mail queues (strings in c->a). */
static void mail_build(struct ctx *c, const struct user *u, const char *subject, const char *para,
		       const char *button, const char *link, struct mail_message *out)
{
	const char *l = u->lang;
	const char *hello = arena_printf(c->a, i18n_get(l, "Hello %s,"), u->name);
	struct mail_message m = {.to = u->email, .lang = l, .subject = subject};
	m.text = arena_printf(c->a, "%s\n\n%s\n\n%s\n\n-- \ncampus\n", hello, para, link ? link : "");
	GString *h = g_string_new(NULL);
	html_lit(h, "<!doctype html><html><body "
		    "style=\"font-family:system-ui,sans-serif;color:#1f2933;max-width:560px;margin:auto;"
		    "padding:24px\">");
	html_put(h, "<p>%s</p><p>%s</p>", hello, para);
	if (link && button)
		html_put(h,
			 "<p><a href=\"%s\" "
			 "style=\"display:inline-block;background:#1d4ed8;color:#fff;padding:12px "
			 "20px;border-radius:6px;text-decoration:none\">%s</a></p>",
			 link, button);
	html_lit(h, "</body></html>");
	m.html = arena_strndup(c->a, h->str, h->len);
	g_string_free(h, TRUE);
	*out = m;
}

enum status bl_mail(struct ctx *c, const struct user *u, const char *subject, const char *para,
		    const char *button, const char *link, GString *err)
{
	struct mail_message m;
	mail_build(c, u, subject, para, button, link, &m);
	return outbox_email(c, &m, err);
}

/* billspeed2: mail templates. A template is the payload of bl_mail
 * (mail_to_payload: compact JSON, keys sorted html, lang, subject, text,
 * to) made once with markers for the values and a placeholder address;
 * filling it puts each value JSON-escaped as jansson escapes it, and
 * HTML-escaped first inside "html", as bl_mail would have. */
static const char TPL_TO[] = "template@campus.invalid";
static const char *const TPL_MARK[BL_TPL_VALUES] = {"@@campus-0@@", "@@campus-1@@", "@@campus-2@@",
						    "@@campus-3@@", "@@campus-4@@", "@@campus-5@@"};

const char *bl_tpl_marker(int i)
{
	return TPL_MARK[i];
}

char *bl_tpl_make(struct ctx *c, const char *lang, const char *name_marker, const char *subject,
		  const char *para, const char *button, const char *link)
{
	struct user u = {.email = (char *)TPL_TO, .name = (char *)name_marker, .lang = (char *)lang};
	struct mail_message m;
	mail_build(c, &u, subject, para, button, link, &m);
	return mail_to_payload(&m);
}

/* s as the inside of a JSON string, exactly as jansson writes it; false
 * when s is not UTF-8. */
enum status bl_tpl_mail(struct ctx *c, const char *tpl, const struct user *u, const char *subject,
			const char *const values[BL_TPL_VALUES], GString *err)
{
	/* What mail_to_payload checks of the values (the address, UTF-8,
	 * the subject), on a small message. */
	struct mail_message check = {.to = u->email, .subject = subject, .text = u->name, .lang = u->lang};
	char *ok = mail_to_payload(&check);
	g_free(ok);
	const char *html_end = strstr(tpl, "\",\"lang\":\"");
	char *to_at = g_strrstr(tpl, "\",\"to\":\"");
	size_t to_len = sizeof(TPL_TO) - 1;
	if (!ok || !html_end || !to_at || strncmp(to_at + 8, TPL_TO, to_len) ||
	    strcmp(to_at + 8 + to_len, "\"}")) {
		g_string_assign(err, "the email could not be encoded");
		return ST_INVALID;
	}
	GString *o = g_string_sized_new(strlen(tpl) + 256);
	GString *h = g_string_new(NULL);
	bool good = true;
	const char *p = tpl, *end = to_at + 8;
	while (good && p < end) {
		const char *at = strstr(p, "@@campus-");
		if (!at || at >= end) {
			g_string_append_len(o, p, (gssize)(end - p));
			break;
		}
		g_string_append_len(o, p, (gssize)(at - p));
		int k = at[9] - '0';
		if (k < 0 || k >= BL_TPL_VALUES || strncmp(at, TPL_MARK[k], strlen(TPL_MARK[k]))) {
			good = false;
			break;
		}
		const char *v = values[k] ? values[k] : "";
		if (at < html_end) {
			g_string_truncate(h, 0);
			html_text(h, v);
			good = json_inside(o, h->str);
		} else {
			good = json_inside(o, v);
		}
		p = at + strlen(TPL_MARK[k]);
	}
	good = good && json_inside(o, u->email);
	g_string_append(o, "\"}");
	enum status st = ST_INVALID;
	if (good)
		st = store_outbox_add(c->db, "email", o->str, c->now, err);
	else
		g_string_assign(err, "the email could not be encoded");
	g_string_free(h, TRUE);
	g_string_free(o, TRUE);
	return st;
}

char *bl_amount(struct arena *a, int64_t cents, const char *currency)
{
	int64_t v = cents < 0 ? -cents : cents;
	return arena_printf(a, "%s%lld.%02lld %s", cents < 0 ? "-" : "", (long long)(v / 100),
			    (long long)(v % 100), currency);
}

char *bl_date(struct ctx *c, const char *lang, int64_t t)
{
	char buf[64];
	GTimeZone *tz = bl_tz(c);
	dates_format_human(tz, t, lang, buf, sizeof(buf));
	g_time_zone_unref(tz);
	return arena_strdup(c->a, buf);
}

const char *bl_offer_name(const struct bl_offer *o, const char *lang)
{
	return lang && !strcmp(lang, "fr") ? o->name_fr : o->name_en;
}

void bl_line(struct bl_invoice_line *l, const char *description, int64_t gross, int vat_rate_bp)
{
	*l = (struct bl_invoice_line){.description = (char *)description,
				      .quantity = 1,
				      .unit_price = gross,
				      .gross = gross,
				      .vat_rate_bp = vat_rate_bp};
	money_vat_split(gross, vat_rate_bp, &l->net, &l->vat); /* PAY-1 */
}

enum status bl_issue(struct ctx *c, const struct bl_sub *s, const struct user *u, const char *kind,
		     const char *uniq_key, int64_t refers_to, int period, int64_t period_start,
		     int64_t period_end, const struct bl_invoice_line *lines, int n, struct bl_invoice *out,
		     GString *err)
{
	enum status st = store_bl_invoice_by_uniq(c->db, c->a, uniq_key, out, err);
	if (st != ST_NOTFOUND)
		return st; /* already issued (or a database error) */
	g_string_truncate(err, 0);
	if (!u || u->id != s->user_id) {
		struct user *r = NULL;
		if ((st = store_user_by_id(c->db, c->a, s->user_id, &r, err)) != ST_OK)
			return st;
		u = r;
	}
	int y, m, d;
	GTimeZone *tz = bl_tz(c);
	dates_local_ymd(tz, c->now, &y, &m, &d);
	g_time_zone_unref(tz);
	/* INV-1: one series per year, credit notes in their own. */
	const char *series = !strcmp(kind, "credit_note") ? arena_printf(c->a, "AV-%04d", y)
							  : arena_printf(c->a, "%04d", y);
	int64_t num = 0;
	if ((st = store_bl_counter_take(c->db, series, &num, err)) != ST_OK)
		return st;
	struct bl_invoice v = {.number = arena_printf(c->a, "%s-%06lld", series, (long long)num),
			       .series = (char *)series,
			       .kind = (char *)kind,
			       .uniq_key = (char *)uniq_key,
			       .refers_to = refers_to,
			       .user_id = s->user_id,
			       .subscription_id = s->id,
			       .period = period,
			       .period_start = period_start,
			       .period_end = period_end,
			       .issued_at = c->now,
			       .currency = s->currency,
			       .buyer_name = u->name,
			       .buyer_email = u->email,
			       .buyer_country = s->country,
			       .lang = u->lang};
	for (int i = 0; i < n; i++) {
		v.net += lines[i].net;
		v.vat += lines[i].vat;
		v.gross += lines[i].gross;
	}
	if ((st = store_bl_invoice_insert(c->db, &v, lines, n, err)) != ST_OK)
		return st;
	*out = v;
	return audit_record(c, !strcmp(kind, "credit_note") ? "billing.credit_note" : "billing.invoice",
			    "invoice", v.id, "",
			    arena_printf(c->a, "{\"number\":\"%s\",\"gross\":%lld,\"currency\":\"%s\"}",
					 v.number, (long long)v.gross, v.currency),
			    err);
}

void bl_promo_rule(const struct bl_promo *p, int64_t *ids, size_t cap, struct promo *out)
{
	size_t n = 0;
	for (const char *q = p->offer_ids; *q && n < cap;) {
		char *end = NULL;
		long long v = strtoll(q, &end, 10);
		if (end == q)
			break;
		ids[n++] = v;
		q = *end == ',' ? end + 1 : end;
	}
	*out = (struct promo){.starts_at = p->starts_at,
			      .ends_at = p->ends_at,
			      .offer_ids = ids,
			      .n_offer_ids = n,
			      .kind = !strcmp(p->kind, "fixed") ? PROMO_FIXED : PROMO_PERCENT,
			      .percent_bp = p->percent_bp,
			      .amount_off = p->amount_off,
			      .periods = p->periods,
			      .max_redemptions = p->max_redemptions,
			      .redemptions = p->redemptions,
			      .new_subscribers_only = p->new_only};
	g_strlcpy(out->currency, p->currency, sizeof(out->currency));
}

enum status bl_period_price(struct ctx *c, const struct bl_sub *s, int period, int64_t *gross,
			    int64_t *discount, GString *err)
{
	int64_t price = s->price;
	int64_t due = price;
	if (s->promo_id) { /* PROMO-1: the promotional price for its periods */
		struct bl_promo p;
		enum status st = store_bl_promo_by_id(c->db, c->a, s->promo_id, &p, err);
		if (st != ST_OK)
			return st;
		int64_t ids[16];
		struct promo pr;
		bl_promo_rule(&p, ids, G_N_ELEMENTS(ids), &pr);
		due = billing_promo_price(&pr, price, period);
	}
	*gross = price;
	*discount = price - due;
	return ST_OK;
}

enum status bl_owed(struct ctx *c, const struct bl_sub *s, int64_t *owed, GString *err)
{
	struct bl_debt *d = NULL;
	int n = 0;
	int64_t fees = 0;
	enum status st = store_bl_debt_open(c->db, c->a, s->id, &d, &n, err);
	if (st == ST_OK)
		st = store_bl_fee_open_sum(c->db, s->id, &fees, err);
	if (st != ST_OK)
		return st;
	*owed = fees;
	for (int i = 0; i < n; i++)
		*owed += d[i].principal;
	return ST_OK;
}

/* --- Offers --------------------------------------------------------------------- */

enum status billing_seed_offers(struct ctx *c, GString *err)
{
	static const struct {
		const char *code, *en, *fr;
		int months;
		int64_t eur, chf, gbp;
	} defaults[] = {
		{"monthly", "Premium Solo, monthly", "Premium Solo, mensuel", BILLING_MONTHLY, 1900, 1900,
		 1700},
		{"annual", "Premium Solo, annual", "Premium Solo, annuel", BILLING_ANNUAL, 19000, 19000,
		 17000},
	};
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	int64_t n = 0;
	st = store_bl_offer_count(c->db, &n, err);
	for (size_t i = 0; st == ST_OK && n == 0 && i < G_N_ELEMENTS(defaults); i++) {
		struct bl_offer o = {.code = (char *)defaults[i].code,
				     .months = defaults[i].months,
				     .name_en = (char *)defaults[i].en,
				     .name_fr = (char *)defaults[i].fr,
				     .active = true};
		int64_t id = 0;
		st = store_bl_offer_insert(c->db, &o, c->now, &id, err);
		if (st == ST_OK)
			st = store_bl_price_insert(c->db, id, "EUR", defaults[i].eur, 0, c->now, err);
		if (st == ST_OK)
			st = store_bl_price_insert(c->db, id, "CHF", defaults[i].chf, 0, c->now, err);
		if (st == ST_OK)
			st = store_bl_price_insert(c->db, id, "GBP", defaults[i].gbp, 0, c->now, err);
		if (st == ST_OK)
			st = audit_record(c, "billing.offer.create", "offer", id, "",
					  arena_printf(c->a, "{\"code\":\"%s\",\"EUR\":%lld}", o.code,
						       (long long)defaults[i].eur),
					  err);
	}
	return bl_finish(c, st, err);
}

/* --- Premium rights (ops/premium.c) -------------------------------------------- */

enum status billing_premium_get(struct ctx *c, int64_t user_id, bool *active, int64_t *until, GString *err)
{
	*active = false;
	*until = 0;
	struct bl_sub s;
	enum status st = store_bl_sub_latest_by_user(c->db, c->a, user_id, &s, err);
	if (st == ST_NOTFOUND) {
		g_string_truncate(err, 0);
		return ST_OK;
	}
	if (st != ST_OK)
		return st;
	enum sub_state state;
	/* SOLO-3, PAY-5: entitlement follows from the state and the period. */
	if (sub_state_parse(s.state, &state) && billing_entitled(state, c->now, s.period_end)) {
		*active = true;
		*until = s.period_end;
	}
	return ST_OK;
}

enum status billing_record_first_use(struct ctx *c, int64_t user_id, const char *feature, GString *err)
{
	(void)feature;
	return store_bl_sub_first_use(c->db, user_id, c->now, err); /* SOLO-6 */
}

const char *billing_offer_name(const struct bl_offer *o, const char *lang)
{
	return bl_offer_name(o, lang);
}

enum status billing_owed(struct ctx *c, const struct bl_sub *s, int64_t *owed, GString *err)
{
	return bl_owed(c, s, owed, err);
}
