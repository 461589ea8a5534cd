/* billweb: amounts, dates and messages of the billing pages (see
 * web/page_premium.h). */
#include "web/page_premium.h"

#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "billing/finance_export.h"
#include "billing/billing.h"
#include "billing/subscription.h"

#include "base/banned.h"

static bool is_fr(struct req *r)
{
	return !strcmp(r->lang, "fr");
}

/* Digits of v grouped by three with sep between the groups. */
static void grouped(GString *o, int64_t v, const char *sep)
{
	char digits[32];
	g_snprintf(digits, sizeof(digits), "%lld", (long long)v);
	size_t n = strlen(digits);
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			g_string_append(o, sep);
		g_string_append_c(o, digits[i]);
	}
}

static const char *symbol(const char *currency)
{
	if (!strcmp(currency, "EUR"))
		return "€";
	if (!strcmp(currency, "GBP"))
		return "£";
	if (!strcmp(currency, "USD"))
		return "$";
	return NULL;
}

const char *bw_money(struct req *r, int64_t amount, const char *currency)
{
	GString *o = g_string_new(NULL);
	const char *cur = currency && *currency ? currency : "EUR";
	const char *sym = symbol(cur);
	/* |amount| without overflow for INT64_MIN: amounts are far smaller. */
	uint64_t a = amount < 0 ? (uint64_t)(-(amount + 1)) + 1 : (uint64_t)amount;
	if (amount < 0)
		g_string_append(o, "−"); /* U+2212 MINUS SIGN */
	if (is_fr(r)) {
		grouped(o, (int64_t)(a / 100), "\u00a0");
		g_string_append_printf(o, ",%02u\u00a0%s", (unsigned)(a % 100), sym ? sym : cur);
	} else {
		if (sym)
			g_string_append(o, sym);
		else
			g_string_append_printf(o, "%s\u00a0", cur);
		grouped(o, (int64_t)(a / 100), ",");
		g_string_append_printf(o, ".%02u", (unsigned)(a % 100));
	}
	char *s = arena_strdup(r->a, o->str);
	g_string_free(o, TRUE);
	return s;
}

const char *bw_date(struct req *r, int64_t t)
{
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	char buf[64];
	dates_format_human(tz, t, r->lang, buf, sizeof(buf));
	g_time_zone_unref(tz);
	return arena_strdup(r->a, buf);
}

bool bw_year(struct req *r, int *year, int *current, int64_t *from, int64_t *to)
{
	GTimeZone *tz = g_time_zone_new_identifier(r->app->cfg->timezone);
	if (!tz)
		tz = g_time_zone_new_utc();
	int y, m, d;
	dates_local_ymd(tz, req_ctx(r)->now, &y, &m, &d);
	g_time_zone_unref(tz);
	if (current)
		*current = y;
	const char *q = http_query(r->h, "year");
	if (q && !finance_parse_year(q, &y))
		return false;
	*year = y;
	return finance_year_bounds(r->app->cfg, y, from, to);
}

const char *bw_rate(struct req *r, int rate_bp)
{
	int whole = rate_bp / 100, frac = rate_bp % 100;
	bool fr = is_fr(r);
	if (!frac)
		return arena_printf(r->a, fr ? "%d\u00a0%%" : "%d%%", whole);
	if (frac % 10 == 0)
		return arena_printf(r->a, fr ? "%d,%d\u00a0%%" : "%d.%d%%", whole, frac / 10);
	return arena_printf(r->a, fr ? "%d,%02d\u00a0%%" : "%d.%02d%%", whole, frac);
}

/* The billing use cases answer in English ("field: sentence"); these are
 * their sentences, listed here so that the catalogue translates them. */
static const char *const messages[] = {
	N_("sign in first"),
	N_("choose monthly or annual"),
	N_("you already have a Premium Solo subscription"),
	N_("no such offer; choose monthly or annual"),
	N_("too long"),
	N_("unknown code"),
	N_("unknown invitation link"),
	N_("you cannot invite yourself"),
	N_("the free month is for people who never subscribed (once per person)"),
	N_("order not found"),
	N_("this order has expired: start a new one"),
	N_("this order waits for your parent or guardian's consent (ACC-3)"),
	N_("please read and accept the terms of service"),
	N_("the terms changed; read and accept the current version"),
	N_("a person under 18 needs a parent or guardian's consent; give their email"),
	N_("unknown or used consent link"),
	N_("this order has expired (ACC-3)"),
	N_("you have no Premium Solo subscription"),
	N_("nothing is owed"),
	N_("staff only"),
	N_("administrators only"),
	N_("at most 2000 characters"),
	N_("record the reason of the force-majeure termination"),
	N_("say why the payment is refunded"),
	N_("the subscription has no payment to refund"),
	N_("three capital letters (ISO 4217)"),
	N_("between 0 and 1000000.00"),
	N_("1 to 200 characters"),
	N_("1 to 64 characters"),
	N_("letters, digits, - and _ only"),
	N_("must be after starts_at"),
	N_("percent or fixed"),
	N_("between 0.01 and 100"),
	N_("a positive amount with its currency"),
	N_("1 to 120"),
	N_("0 (no limit) or more"),
	N_("name at least one offer"),
	N_("this code exists already"),
	N_("at most a year ahead"),
	N_("Withdrawal is no longer possible: you have used Premium services since your order (art. 6.1 of "
	   "the terms, SOLO-6)."),
	N_("Withdrawal is no longer possible: the 14 days after your order are over (art. 6.1 of the terms, "
	   "SOLO-6)."),
};

/* PROMO-1: the reasons a promo code is refused, by verdict name. */
static const struct {
	const char *name, *msgid;
} promo_reasons[] = {
	{"not_yet_valid", N_("This promo code is not valid yet.")},
	{"expired", N_("This promo code has expired.")},
	{"exhausted", N_("This promo code has been used as many times as it may be.")},
	{"not_applicable", N_("This promo code does not apply to this offer.")},
	{"wrong_currency", N_("This promo code does not apply to prices in your currency.")},
	{"existing_subscriber", N_("This promo code is for new subscribers only.")},
};

const char *bw_message(struct req *r, const char *err, const char **field)
{
	*field = NULL;
	if (!err || !*err)
		return T(r, "Something went wrong. Please try again.");
	const char *msg = err;
	const char *colon = strstr(err, ": ");
	if (colon && colon > err && (size_t)(colon - err) < 32 &&
	    strspn(err, "abcdefghijklmnopqrstuvwxyz_") == (size_t)(colon - err)) {
		*field = arena_strndup(r->a, err, (size_t)(colon - err));
		msg = colon + 2;
	}
	if (*field && !strcmp(*field, "promo_code"))
		for (size_t i = 0; i < G_N_ELEMENTS(promo_reasons); i++)
			if (!strcmp(msg, promo_reasons[i].name))
				return T(r, promo_reasons[i].msgid);
	if (!strncmp(msg, "payment refused: ", 17))
		return arena_printf(r->a, "%s %s", T(r, "The payment was refused:"), msg + 17);
	for (size_t i = 0; i < G_N_ELEMENTS(messages); i++)
		if (!strcmp(msg, messages[i]))
			return T(r, messages[i]);
	return msg; /* not one of the known sentences: said as it is */
}

static enum sub_state state_of(const struct bl_sub *s)
{
	enum sub_state st = SUB_TERMINATED;
	if (!sub_state_parse(s->state, &st))
		st = SUB_TERMINATED;
	if (st == SUB_ACTIVE && s->cancel_at_term)
		st = SUB_CANCELLING;
	return st;
}

const char *bw_state_title(struct req *r, const struct bl_sub *s)
{
	switch (state_of(s)) {
	case SUB_ACTIVE: return T(r, "Active");
	case SUB_CANCELLING: return T(r, "Cancelling at term");
	case SUB_PAST_DUE: return T(r, "Payment overdue");
	case SUB_SUSPENDED: return T(r, "Suspended");
	case SUB_TERMINATED: return T(r, "Terminated");
	case SUB_WITHDRAWN: return T(r, "Withdrawn");
	}
	return s->state;
}

const char *bw_state_text(struct req *r, const struct bl_sub *s)
{
	switch (state_of(s)) {
	case SUB_ACTIVE:
		return arena_printf(r->a, T(r, "Your subscription renews on %s for the same period."),
				    bw_date(r, s->period_end));
	case SUB_CANCELLING:
		return arena_printf(r->a,
				    T(r,
				      "You unsubscribed: Premium stays on until %s, then ends. Nothing more "
				      "will be charged. You can undo this until then."),
				    bw_date(r, s->period_end));
	case SUB_PAST_DUE:
		return T(r,
			 "A payment failed. We will try again; you keep Premium meanwhile. Pay what is due "
			 "below to settle it now (late fees apply, art. 3.2 of the terms).");
	case SUB_SUSPENDED:
		return T(r, "Premium is suspended because an amount is still unpaid after the formal notice. "
			    "Paying everything due lifts the suspension at once.");
	case SUB_TERMINATED: return T(r, "This subscription has ended. You can subscribe again at any time.");
	case SUB_WITHDRAWN: return T(r, "You withdrew from this subscription; what you paid is refunded.");
	}
	return "";
}

bool bw_offers_prices(struct req *r, struct bl_offer **offers, int *n, struct bl_price **prices, int *np)
{
	GString *err = g_string_new(NULL);
	enum status st = store_bl_offer_list(req_db(r), r->a, offers, n, err);
	if (st == ST_OK)
		st = store_bl_price_list(req_db(r), r->a, prices, np, err);
	if (st != ST_OK)
		respond_error(r, st, err->str);
	g_string_free(err, TRUE);
	return st == ST_OK;
}

const struct bl_offer *bw_offer(struct req *r, int64_t offer_id)
{
	struct bl_offer *o = arena_alloc(r->a, sizeof(*o));
	GString *err = g_string_new(NULL);
	enum status st = store_bl_offer_by_id(req_db(r), r->a, offer_id, o, err);
	g_string_free(err, TRUE);
	return st == ST_OK ? o : NULL;
}

bool bw_require(struct req *r, int roles)
{
	if (r->user && (r->user->roles & roles))
		return true;
	respond_error_page(r, 403, T(r, "Not allowed"),
			   T(r, "Your account does not have the role this page needs."));
	return false;
}

const char *bw_tx_kind(struct req *r, const char *kind)
{
	static const struct {
		const char *kind, *msgid;
	} kinds[] = {{"charge", N_("Charge")},
		     {"refund", N_("Refund")},
		     {"fee", N_("Fee")},
		     {"late_fee", N_("Late fee")},
		     {"voucher", N_("Voucher")},
		     {"chargeback", N_("Chargeback")},
		     {"chargeback_fee", N_("Chargeback fee")}};
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
		if (!strcmp(kinds[i].kind, kind))
			return T(r, kinds[i].msgid);
	return kind;
}

const char *bw_tx_status(struct req *r, const char *status)
{
	static const struct {
		const char *status, *msgid;
	} st[] = {{"succeeded", N_("Succeeded")}, {"pending", N_("Pending")},  {"failed", N_("Failed")},
		  {"refused", N_("Refused")},     {"due", N_("Due")},          {"paid", N_("Paid")},
		  {"applied", N_("Applied")},     {"refunded", N_("Refunded")}};
	for (size_t i = 0; i < G_N_ELEMENTS(st); i++)
		if (!strcmp(st[i].status, status))
			return T(r, st[i].msgid);
	return status;
}
