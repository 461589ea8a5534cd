/* Checkout (PAY-2, ACC-1, ACC-3, ACC-5, PROMO-1, REF-1), the subscriber's
 * actions (SOLO-3, SOLO-6), staff actions (SOLO-5, refunds) and the admin
 * of offers, prices and promo codes. */
#include "billing/billing_int.h"
#include "billing/billing_notice.h"

#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/i18n.h"
#include "base/secrets.h"
#include "ops/audit.h"

#include "base/banned.h"

enum { MAX_CODE = 64, MAX_REASON = 2000 };

static enum status fail(GString *err, enum status st, const char *msg)
{
	g_string_assign(err, msg);
	return st;
}

/* PAY-1: the currency of the subscriber's country where the offer has a
 * price in it, else euros. */
static const char *country_currency(const char *country)
{
	if (!country)
		return "EUR";
	if (!g_ascii_strcasecmp(country, "CH") || !g_ascii_strcasecmp(country, "LI"))
		return "CHF";
	if (!g_ascii_strcasecmp(country, "GB"))
		return "GBP";
	return "EUR";
}

static bool has_live(struct ctx *c, int64_t user_id, GString *err, enum status *st)
{
	struct bl_sub s;
	*st = store_bl_sub_latest_by_user(c->db, c->a, user_id, &s, err);
	if (*st == ST_NOTFOUND) {
		g_string_truncate(err, 0);
		*st = ST_OK;
		return false;
	}
	enum sub_state state;
	return *st == ST_OK && sub_state_parse(s.state, &state) && sub_state_live(state);
}

enum status billing_checkout_start(struct ctx *c, const struct checkout_form *f, struct bl_order *out,
				   GString *err)
{
	const struct user *u = c->actor;
	if (!u)
		return fail(err, ST_UNAUTHORIZED, "sign in first");
	if (!f->offer || !*f->offer)
		return fail(err, ST_INVALID, "offer: choose monthly or annual");
	enum status st;
	if (has_live(c, u->id, err, &st))
		return fail(err, ST_CONFLICT, "you already have a Premium Solo subscription");
	if (st != ST_OK)
		return st;
	struct bl_offer of;
	st = store_bl_offer_by_code(c->db, c->a, f->offer, &of, err);
	if (st == ST_NOTFOUND || (st == ST_OK && !of.active))
		return fail(err, ST_INVALID, "offer: no such offer; choose monthly or annual");
	if (st != ST_OK)
		return st;
	const char *currency = country_currency(u->country);
	int64_t price = 0;
	st = store_bl_price_at(c->db, of.id, currency, c->now, &price, NULL, err);
	if (st == ST_NOTFOUND) {
		currency = "EUR";
		g_string_truncate(err, 0);
		st = store_bl_price_at(c->db, of.id, currency, c->now, &price, NULL, err);
	}
	if (st != ST_OK)
		return st;
	int vat = vat_rate_bp(u->country, VAT_FALLBACK_BP, NULL); /* PAY-1 */
	int64_t subs = 0;
	if ((st = store_bl_sub_count_by_user(c->db, u->id, &subs, err)) != ST_OK)
		return st;
	struct bl_order o = {.public_id = secrets_token(c->a, "ord_"),
			     .user_id = u->id,
			     .offer_id = of.id,
			     .currency = (char *)currency,
			     .country = u->country,
			     .vat_rate_bp = vat,
			     .price = price,
			     .state = "open",
			     .created_at = c->now,
			     .expires_at = c->now + (int64_t)c->cfg->guardian_consent_days * BL_DAY};
	/* PROMO-1: checked at registration; the reason of a refusal is said. */
	int64_t first = price, renew = price;
	const char *promo_verdict = NULL;
	struct promo pr;
	int64_t ids[16];
	if (f->promo_code && *f->promo_code) {
		if (strlen(f->promo_code) > MAX_CODE)
			return fail(err, ST_INVALID, "promo_code: too long");
		struct bl_promo p;
		char *code = g_ascii_strup(f->promo_code, -1);
		st = store_bl_promo_by_code(c->db, c->a, code, &p, err);
		g_free(code);
		if (st == ST_NOTFOUND)
			return fail(err, ST_INVALID, "promo_code: unknown code");
		if (st != ST_OK)
			return st;
		bl_promo_rule(&p, ids, G_N_ELEMENTS(ids), &pr);
		enum promo_verdict v = billing_promo_check(&pr, of.id, currency, subs > 0, c->now);
		if (v != PROMO_OK) {
			g_string_printf(err, "promo_code: %s", promo_verdict_name(v));
			return ST_INVALID;
		}
		o.promo_id = p.id;
		promo_verdict = p.code;
		first = billing_promo_price(&pr, price, 0);
		renew = billing_promo_price(&pr, price, 1);
	}
	/* REF-1: a non-subscriber invited by a subscriber gets one free month
	 * of Premium Solo, once per person (deducted from the first period). */
	if (f->invitation && *f->invitation) {
		if (strlen(f->invitation) > MAX_CODE)
			return fail(err, ST_INVALID, "invitation: unknown invitation link");
		int64_t sponsor = 0;
		st = store_bl_invite_user(c->db, f->invitation, &sponsor, err);
		if (st == ST_NOTFOUND)
			return fail(err, ST_INVALID, "invitation: unknown invitation link");
		if (st != ST_OK)
			return st;
		int64_t referred = 0;
		if ((st = store_bl_referral_count_invitee(c->db, u->id, &referred, err)) != ST_OK)
			return st;
		if (sponsor == u->id)
			return fail(err, ST_INVALID, "invitation: you cannot invite yourself");
		if (subs > 0 || referred > 0)
			return fail(err, ST_INVALID,
				    "invitation: the free month is for people who never subscribed (once per "
				    "person)");
		struct bl_offer mo;
		int64_t month = 0;
		if ((st = store_bl_offer_by_code(c->db, c->a, "monthly", &mo, err)) != ST_OK ||
		    (st = store_bl_price_at(c->db, mo.id, currency, c->now, &month, NULL, err)) != ST_OK)
			return st;
		o.sponsor_id = sponsor;
		first = first > month ? first - month : 0;
	}
	o.amount_now = first;
	GTimeZone *tz = bl_tz(c);
	int64_t end = billing_period_boundary(tz, c->now, billing_anchor_day(tz, c->now), of.months, 1);
	g_time_zone_unref(tz);
	char start_s[32], end_s[32];
	dates_format_rfc3339(c->now, start_s, sizeof(start_s));
	dates_format_rfc3339(end, end_s, sizeof(end_s));
	int64_t net = 0, vat_amount = 0;
	money_vat_split(first, vat, &net, &vat_amount);
	/* PAY-2: what the review page shows and the confirmation agrees to. */
	json_t *rv = json_pack("{ss ss sI ss sI sI sI sI sI ss ss s{ss sI} ss* sb}", "offer", of.code,
			       "offer_name", bl_offer_name(&of, u->lang), "months", (json_int_t)of.months,
			       "currency", currency, "price", (json_int_t)price, "total_now",
			       (json_int_t)first, "vat_rate_bp", (json_int_t)vat, "vat_now",
			       (json_int_t)vat_amount, "net_now", (json_int_t)net, "period_start", start_s,
			       "period_end", end_s, "renews", "at", end_s, "amount", (json_int_t)renew,
			       "promo_code", promo_verdict, "invitation_free_month", o.sponsor_id != 0);
	char *t = json_dumps(rv, JSON_COMPACT);
	json_decref(rv);
	o.review_json = arena_strdup(c->a, t);
	free(t);
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = store_bl_order_insert(c->db, &o, err);
	if (st == ST_OK)
		st = audit_record(c, "billing.order.start", "order", o.id, "", o.review_json, err);
	if ((st = bl_finish(c, st, err)) == ST_OK)
		*out = o;
	return st;
}

enum status billing_checkout_get(struct ctx *c, const char *public_id, struct bl_order *out, GString *err)
{
	if (!c->actor)
		return fail(err, ST_UNAUTHORIZED, "sign in first");
	enum status st = store_bl_order_by_public(c->db, c->a, public_id ? public_id : "", out, err);
	if (st == ST_OK && out->user_id != c->actor->id)
		return fail(err, ST_NOTFOUND, "order not found");
	return st;
}

static bool is_minor(struct ctx *c, const struct user *u)
{
	int by, bm, bd, y, m, d;
	if (!dates_parse_ymd(u->birth_date, &by, &bm, &bd))
		return false;
	GTimeZone *tz = bl_tz(c);
	dates_local_ymd(tz, c->now, &y, &m, &d);
	g_time_zone_unref(tz);
	return dates_age_on(by, bm, bd, y, m, d) < 18; /* ACC-3 */
}

enum status billing_checkout_confirm(struct ctx *c, const char *public_id, const struct checkout_confirm *f,
				     const char **state, const char **redirect_url, GString *err)
{
	*state = "open";
	*redirect_url = "";
	struct bl_order o;
	enum status st = billing_checkout_get(c, public_id, &o, err);
	if (st != ST_OK)
		return st;
	if (!strcmp(o.state, "paid")) {
		*state = "paid";
		return ST_OK;
	}
	if (o.expires_at <= c->now || !strcmp(o.state, "expired"))
		return fail(err, ST_CONFLICT, "this order has expired: start a new one");
	if (!strcmp(o.state, "awaiting_guardian")) {
		*state = o.state;
		return fail(err, ST_CONFLICT,
			    "this order waits for your parent or guardian's consent (ACC-3)");
	}
	/* ACC-1: the current terms, explicitly accepted. */
	struct terms *terms = NULL;
	if ((st = store_terms_current(c->db, c->a, &terms, err)) != ST_OK)
		return st;
	if (!f->accept_terms)
		return fail(err, ST_INVALID, "accept_terms: please read and accept the terms of service");
	if (f->terms_version != terms->version)
		return fail(err, ST_INVALID,
			    "accept_terms: the terms changed; read and accept the current version");
	bool minor = is_minor(c, c->actor) && !o.guardian_consented_at;
	if (minor &&
	    (!f->guardian_email || !strchr(f->guardian_email, '@') || strlen(f->guardian_email) > 254))
		return fail(err, ST_INVALID,
			    "guardian_email: a person under 18 needs a parent or guardian's consent; give "
			    "their email");
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	struct acceptance acc = {.user_id = c->actor->id,
				 .kind = "terms",
				 .version = terms->version,
				 .accepted_at = c->now,
				 .ip = (char *)(c->ip ? c->ip : ""),
				 .user_agent = (char *)(c->user_agent ? c->user_agent : "")};
	st = store_acceptance_insert(c->db, &acc, err);
	if (st == ST_OK && minor) {
		char *token = secrets_token(c->a, NULL);
		st = store_bl_order_set_guardian(
			c->db, o.id, f->guardian_email, secrets_sha256_hex(c->a, token), terms->version,
			c->now + (int64_t)c->cfg->guardian_consent_days * BL_DAY, err);
		struct user g = {.email = (char *)f->guardian_email, .name = "", .lang = c->actor->lang};
		const char *l = g.lang;
		if (st == ST_OK)
			st = bl_mail(
				c, &g, i18n_get(l, "Your consent is needed for a Premium Solo subscription"),
				arena_printf(
					c->a,
					i18n_get(l, "%s (%s) wants to subscribe to Premium Solo and is under "
						    "18. The order waits for your consent for %d days."),
					c->actor->name, c->actor->email, c->cfg->guardian_consent_days),
				i18n_get(l, "I consent"),
				arena_printf(c->a, "%s/guardian-consent?token=%s", c->cfg->base_url, token),
				err);
		if (st == ST_OK)
			st = audit_record(c, "billing.order.guardian_requested", "order", o.id, "",
					  o.review_json, err);
		if ((st = bl_finish(c, st, err)) == ST_OK)
			*state = "awaiting_guardian";
		return st;
	}
	/* The payment row and its idempotency key are committed before the
	 * provider is called. */
	struct bl_payment p = {.user_id = c->actor->id,
			       .order_id = o.id,
			       .kind = "first",
			       .amount = o.amount_now,
			       .currency = o.currency,
			       .attempt = 1,
			       .created_at = c->now};
	char *nonce = secrets_token(c->a, NULL);
	p.reference = arena_printf(c->a, "pay-%lld-%.10s", (long long)o.id, nonce);
	p.idempotency_key = arena_printf(c->a, "first:%s", p.reference);
	if (st == ST_OK)
		st = store_bl_pay_insert(c->db, &p, err);
	if (st == ST_OK)
		st = store_bl_order_set_state(c->db, o.id, "awaiting_payment", terms->version, c->now, 0,
					      err);
	if (st == ST_OK)
		st = audit_record(c, "billing.order.confirm", "order", o.id, "", o.review_json, err);
	if (st == ST_OK && o.amount_now == 0) {
		/* Nothing to pay now (REF-1's free month, a 100 % promotion):
		 * the order is accepted at once, without the provider. */
		struct pay_response free_r = {.result = PAY_AUTHORISED};
		st = billing_payment_outcome(c, p.reference, &free_r, err);
		if ((st = bl_finish(c, st, err)) == ST_OK)
			*state = "paid";
		return st;
	}
	if ((st = bl_finish(c, st, err)) != ST_OK)
		return st;
	struct pay_response r;
	st = bl_charge(c, p.reference,
		       arena_printf(c->a, "%s/settings?order=%s", c->cfg->base_url, o.public_id), &r, err);
	if (st != ST_OK)
		return st;
	switch (r.result) {
	case PAY_AUTHORISED: *state = "paid"; break;
	case PAY_REFUSED:
	case PAY_ERROR:
		*state = "open";
		g_string_printf(err, "payment refused: %s", r.refusal_reason);
		return ST_CONFLICT;
	default: *state = "awaiting_payment"; *redirect_url = arena_strdup(c->a, r.redirect_url);
	}
	return ST_OK;
}

enum status billing_guardian_consent(struct ctx *c, const char *token, GString *err)
{
	if (!token || !*token || strlen(token) > 128)
		return fail(err, ST_NOTFOUND, "unknown or used consent link");
	struct bl_order o;
	enum status st = store_bl_order_by_guardian(c->db, c->a, secrets_sha256_hex(c->a, token), &o, err);
	if (st != ST_OK)
		return st;
	if (o.expires_at <= c->now)
		return fail(err, ST_CONFLICT, "this order has expired (ACC-3)");
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = store_bl_order_guardian_ok(c->db, o.id, c->now, err);
	if (st == ST_OK)
		st = audit_record(c, "billing.order.guardian_consent", "order", o.id, "",
				  arena_printf(c->a, "{\"guardian\":\"%s\"}", o.guardian_email), err);
	return bl_finish(c, st, err);
}

/* --- The subscriber --------------------------------------------------------------- */

enum status billing_subscription_get(struct ctx *c, int64_t user_id, struct bl_sub *out, GString *err)
{
	return store_bl_sub_latest_by_user(c->db, c->a, user_id, out, err);
}

/* Loads the actor's subscription locked, inside a new transaction. */
static enum status begin_own(struct ctx *c, struct bl_sub *s, struct billing_sub *b, char **before,
			     GString *err)
{
	if (!c->actor)
		return fail(err, ST_UNAUTHORIZED, "sign in first");
	struct bl_sub latest;
	enum status st = store_bl_sub_latest_by_user(c->db, c->a, c->actor->id, &latest, err);
	if (st == ST_NOTFOUND)
		return fail(err, ST_NOTFOUND, "you have no Premium Solo subscription");
	if (st != ST_OK || (st = db_begin(c->db, err)) != ST_OK)
		return st;
	if ((st = store_bl_sub_lock(c->db, c->a, latest.id, s, err)) != ST_OK) {
		db_rollback(c->db);
		return st;
	}
	bl_to_rule(s, b);
	*before = bl_sub_json(c->a, s);
	return ST_OK;
}

static enum status change_mail(struct ctx *c, const struct bl_sub *s, const char *subject, const char *para,
			       GString *err)
{
	struct user *u = NULL;
	enum status st = store_user_by_id(c->db, c->a, s->user_id, &u, err);
	if (st != ST_OK)
		return st;
	/* para holds one "%s", the period end: substituted without printf,
	 * since the text is chosen at run time. */
	const char *t = i18n_get(u->lang, para);
	const char *at = strstr(t, "%s");
	char *text = at ? arena_printf(c->a, "%.*s%s%s", (int)(at - t), t, bl_date(c, u->lang, s->period_end),
				       at + 2)
			: arena_strdup(c->a, t);
	if (st == ST_OK)
		st = bl_mail(c, u, i18n_get(u->lang, subject), text, i18n_get(u->lang, "Open my Premium tab"),
			     arena_printf(c->a, "%s/settings", c->cfg->base_url), err);
	return st;
}

/* Writes the rule's new state of s back to its row and audits the change
 * as `action` (DATA-1), inside the caller's transaction. */
static enum status save_own(struct ctx *c, const struct billing_sub *b, struct bl_sub *s, const char *action,
			    const char *before, GString *err)
{
	bl_from_rule(c->a, b, s);
	enum status st = store_bl_sub_update(c->db, s, c->now, err);
	if (st == ST_OK)
		st = bl_audit_sub(c, action, s, before, err);
	return st;
}

/* One change of the actor's own subscription by the pure rule `rule`, in
 * one transaction: saved, audited as `action`, and told by email (subject,
 * para as for change_mail). */
static enum status own_change(struct ctx *c, enum status (*rule)(struct billing_sub *, int64_t, GString *),
			      const char *action, const char *subject, const char *para, GString *err)
{
	struct bl_sub s;
	struct billing_sub b;
	char *before = NULL;
	enum status st = begin_own(c, &s, &b, &before, err);
	if (st != ST_OK)
		return st;
	st = rule(&b, c->now, err);
	if (st == ST_OK)
		st = save_own(c, &b, &s, action, before, err);
	if (st == ST_OK)
		st = change_mail(c, &s, subject, para, err);
	return bl_finish(c, st, err);
}

enum status billing_cancel(struct ctx *c, GString *err)
{
	return own_change(c, billing_sub_cancel, "billing.subscription.cancel", /* SOLO-3 */
			  N_("Your Premium Solo subscription ends at term"),
			  N_("Your subscription stays active until %s and will not be charged again. "
			     "You can undo this until then from your Premium tab."),
			  err);
}

enum status billing_undo_cancel(struct ctx *c, GString *err)
{
	return own_change(c, billing_sub_undo_cancel, "billing.subscription.undo_cancel", /* SOLO-3 */
			  N_("Your Premium Solo subscription continues"),
			  N_("Your cancellation is undone: your subscription renews on %s."), err);
}

enum status billing_withdraw(struct ctx *c, GString *err)
{
	struct bl_sub s;
	struct billing_sub b;
	char *before = NULL;
	enum status st = begin_own(c, &s, &b, &before, err);
	if (st != ST_OK)
		return st;
	struct bl_payment first;
	bool paid = store_bl_pay_first_for_sub(c->db, c->a, s.id, &first, err) == ST_OK;
	g_string_truncate(err, 0);
	GTimeZone *tz = bl_tz(c);
	struct withdrawal_decision d;
	billing_solo_withdrawal(tz, s.ordered_at, s.first_premium_use_at != 0, paid ? first.amount : 0,
				c->now, &d);
	g_time_zone_unref(tz);
	if (d.verdict == WITHDRAWAL_SERVICES_USED) {
		db_rollback(c->db);
		return fail(
			err, ST_CONFLICT,
			"Withdrawal is no longer possible: you have used Premium services since your order "
			"(art. 6.1 of the terms, SOLO-6).");
	}
	if (d.verdict == WITHDRAWAL_TOO_LATE) {
		db_rollback(c->db);
		return fail(err, ST_CONFLICT,
			    "Withdrawal is no longer possible: the 14 days after your order are over (art. "
			    "6.1 of "
			    "the terms, SOLO-6).");
	}
	st = billing_sub_withdraw(&b, c->now, err); /* SOLO-6 */
	if (st == ST_OK)
		st = save_own(c, &b, &s, "billing.subscription.withdraw", before, err);
	if ((st = bl_finish(c, st, err)) != ST_OK)
		return st;
	if (!paid || first.amount == 0)
		return ST_OK;
	return bl_refund(c, first.reference, err);
}

enum status billing_pay_owed(struct ctx *c, const char **redirect_url, GString *err)
{
	*redirect_url = "";
	struct bl_sub s;
	struct billing_sub b;
	char *before = NULL;
	enum status st = begin_own(c, &s, &b, &before, err);
	if (st != ST_OK)
		return st;
	int64_t owed = 0;
	if ((st = bl_owed(c, &s, &owed, err)) == ST_OK && owed <= 0) {
		g_string_assign(err, "nothing is owed");
		st = ST_CONFLICT;
	}
	struct bl_payment p = {.user_id = s.user_id,
			       .subscription_id = s.id,
			       .kind = "owed",
			       .amount = owed,
			       .currency = s.currency,
			       .attempt = 1,
			       .created_at = c->now};
	p.reference = arena_printf(c->a, "own-%lld-%.10s", (long long)s.id, secrets_token(c->a, NULL));
	p.idempotency_key = arena_printf(c->a, "owed:%s", p.reference);
	if (st == ST_OK)
		st = store_bl_pay_insert(c->db, &p, err);
	if (st == ST_OK)
		st = audit_record(c, "billing.payment.owed", "subscription", s.id, before,
				  arena_printf(c->a, "{\"reference\":\"%s\",\"amount\":%lld}", p.reference,
					       (long long)owed),
				  err);
	if ((st = bl_finish(c, st, err)) != ST_OK)
		return st;
	struct pay_response r;
	st = bl_charge(c, p.reference, arena_printf(c->a, "%s/settings", c->cfg->base_url), &r, err);
	if (st == ST_OK)
		*redirect_url = arena_strdup(c->a, r.redirect_url);
	return st;
}

static bool staff(const struct ctx *c)
{
	return c->actor && (c->actor->roles & (ROLE_STAFF | ROLE_ADMIN | ROLE_FINANCE));
}

enum status billing_terminate(struct ctx *c, int64_t sub_id, const char *reason, GString *err)
{
	if (!staff(c))
		return fail(err, ST_FORBIDDEN, "staff only");
	if (reason && strlen(reason) > MAX_REASON)
		return fail(err, ST_INVALID, "reason: at most 2000 characters");
	struct bl_sub s;
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	st = store_bl_sub_lock(c->db, c->a, sub_id, &s, err);
	char *before = st == ST_OK ? bl_sub_json(c->a, &s) : NULL;
	struct billing_sub b;
	if (st == ST_OK) {
		bl_to_rule(&s, &b);
		st = billing_sub_force_majeure(&b, c->now, reason, err); /* SOLO-5 */
		if (st == ST_INVALID)
			g_string_assign(err, "reason: record the reason of the force-majeure termination");
	}
	if (st == ST_OK) {
		bl_from_rule(c->a, &b, &s);
		s.end_note = (char *)reason;
		st = store_bl_sub_update(c->db, &s, c->now, err);
	}
	if (st == ST_OK) {
		json_t *j = json_pack("{ss ss}", "state", "terminated", "reason", reason);
		char *t = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
		st = audit_record(c, "billing.subscription.force_majeure", "subscription", s.id, before, t,
				  err);
		free(t);
	}
	if (st == ST_OK)
		st = change_mail(
			c, &s, N_("Your Premium Solo subscription is terminated"),
			N_("As you asked, your subscription is terminated (force majeure, art. 2.1(d)); "
			   "nothing further will be charged. (Period end: %s.)"),
			err);
	return bl_finish(c, st, err);
}

enum status billing_staff_refund(struct ctx *c, int64_t sub_id, const char *reason, GString *err)
{
	if (!staff(c))
		return fail(err, ST_FORBIDDEN, "staff only");
	if (!reason || !*reason || strlen(reason) > MAX_REASON)
		return fail(err, ST_INVALID, "reason: say why the payment is refunded");
	struct bl_payment p;
	enum status st = store_bl_pay_last_authorised(c->db, c->a, sub_id, &p, err);
	if (st == ST_NOTFOUND)
		return fail(err, ST_CONFLICT, "the subscription has no payment to refund");
	if (st != ST_OK || (st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = audit_record(c, "billing.refund.request", "payment", p.id, "",
			  arena_printf(c->a, "{\"reference\":\"%s\",\"amount\":%lld}", p.reference,
				       (long long)p.amount),
			  err);
	if ((st = bl_finish(c, st, err)) != ST_OK)
		return st;
	return bl_refund(c, p.reference, err);
}

enum status billing_invitation(struct ctx *c, int64_t user_id, char **code, GString *err)
{
	char *fresh = secrets_token(c->a, NULL);
	fresh[12] = '\0';
	return store_bl_invite_code(c->db, c->a, user_id, fresh, c->now, code, err);
}

/* --- Admin -------------------------------------------------------------------- */

static bool admin(const struct ctx *c)
{
	return c->actor && (c->actor->roles & ROLE_ADMIN);
}

enum status billing_price_set(struct ctx *c, const char *offer_code, const char *currency, int64_t amount,
			      int64_t *noticed, GString *err)
{
	if (!admin(c))
		return fail(err, ST_FORBIDDEN, "administrators only");
	if (!currency || !money_currency_valid(currency))
		return fail(err, ST_INVALID, "currency: three capital letters (ISO 4217)");
	if (amount < 0 || amount > 100000000)
		return fail(err, ST_INVALID, "amount: between 0 and 1000000.00");
	struct bl_offer of;
	enum status st = store_bl_offer_by_code(c->db, c->a, offer_code ? offer_code : "", &of, err);
	if (st != ST_OK)
		return st;
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	/* New orders at once; subscribers after the notice (PAY-2: nothing is
	 * charged beyond the confirmed price without notice). */
	int64_t from = c->now + (int64_t)c->cfg->price_change_notice_days * BL_DAY;
	st = store_bl_price_insert(c->db, of.id, currency, amount, c->now, c->now, err);
	if (st == ST_OK)
		st = store_bl_sub_price_notice(c->db, of.id, currency, amount, from, noticed, err);
	if (st == ST_OK && *noticed > 0) /* PAY-2: billfix */
		st = billing_price_notify(c, of.id, currency, amount, from, err);
	if (st == ST_OK)
		st = audit_record(
			c, "billing.price.set", "offer", of.id, "",
			arena_printf(c->a, "{\"currency\":\"%s\",\"amount\":%lld,\"subscribers_from\":%lld}",
				     currency, (long long)amount, (long long)from),
			err);
	return bl_finish(c, st, err);
}

enum status billing_offer_update(struct ctx *c, const char *offer_code, const char *name_en,
				 const char *name_fr, bool active, GString *err)
{
	if (!admin(c))
		return fail(err, ST_FORBIDDEN, "administrators only");
	struct bl_offer of;
	enum status st = store_bl_offer_by_code(c->db, c->a, offer_code ? offer_code : "", &of, err);
	if (st != ST_OK)
		return st;
	if (name_en && (!*name_en || strlen(name_en) > 200))
		return fail(err, ST_INVALID, "name_en: 1 to 200 characters");
	if (name_fr && (!*name_fr || strlen(name_fr) > 200))
		return fail(err, ST_INVALID, "name_fr: 1 to 200 characters");
	if (name_en)
		of.name_en = (char *)name_en;
	if (name_fr)
		of.name_fr = (char *)name_fr;
	of.active = active;
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = store_bl_offer_update(c->db, &of, err);
	if (st == ST_OK)
		st = audit_record(c, "billing.offer.update", "offer", of.id, "",
				  arena_printf(c->a, "{\"active\":%s}", active ? "true" : "false"), err);
	return bl_finish(c, st, err);
}

enum status billing_promo_create(struct ctx *c, struct bl_promo *p, GString *err)
{
	if (!admin(c))
		return fail(err, ST_FORBIDDEN, "administrators only");
	if (!p->code || !*p->code || strlen(p->code) > MAX_CODE)
		return fail(err, ST_INVALID, "code: 1 to 64 characters");
	for (const char *q = p->code; *q; q++)
		if (!g_ascii_isalnum(*q) && *q != '-' && *q != '_')
			return fail(err, ST_INVALID, "code: letters, digits, - and _ only");
	p->code = g_ascii_strup(p->code, -1);
	arena_on_free(c->a, g_free, p->code);
	if (p->ends_at <= p->starts_at)
		return fail(err, ST_INVALID, "ends_at: must be after starts_at");
	if (!p->kind || (strcmp(p->kind, "percent") && strcmp(p->kind, "fixed")))
		return fail(err, ST_INVALID, "kind: percent or fixed");
	if (!strcmp(p->kind, "percent") && (p->percent_bp <= 0 || p->percent_bp > 10000))
		return fail(err, ST_INVALID, "percent: between 0.01 and 100");
	if (!strcmp(p->kind, "fixed") &&
	    (p->amount_off <= 0 || !p->currency || !money_currency_valid(p->currency)))
		return fail(err, ST_INVALID, "amount_off: a positive amount with its currency");
	if (p->periods < 1 || p->periods > 120)
		return fail(err, ST_INVALID, "periods: 1 to 120");
	if (p->max_redemptions < 0)
		return fail(err, ST_INVALID, "max_redemptions: 0 (no limit) or more");
	if (!p->offer_ids || !*p->offer_ids)
		return fail(err, ST_INVALID, "offers: name at least one offer");
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	st = store_bl_promo_insert(c->db, p, c->now, err);
	if (st == ST_CONFLICT)
		g_string_assign(err, "code: this code exists already");
	if (st == ST_OK)
		st = audit_record(c, "billing.promo.create", "promo", p->id, "",
				  arena_printf(c->a, "{\"code\":\"%s\"}", p->code), err);
	return bl_finish(c, st, err);
}
