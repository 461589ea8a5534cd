/* Payment outcomes (billing_apply_event, billing_payment_outcome): what an
 * authorised, refused, refunded or reversed payment changes. Idempotent:
 * a payment in a final state ignores later news of the same outcome. */
#include "billing/billing_int.h"
#include "billing/billing_method.h"

#include <string.h>

#include "accounts/accounts.h"
#include "base/i18n.h"
#include "base/secrets.h"
#include "ops/audit.h"

#include "base/banned.h"

static bool open_state(const char *st)
{
	return !strcmp(st, "PENDING") || !strcmp(st, "UNKNOWN");
}

static enum status tx_charge(struct ctx *c, const struct bl_payment *p, const char *status, GString *err)
{
	char *key = arena_printf(c->a, "pay:%s", p->reference);
	return store_bl_tx_put(c->db, p->user_id, p->subscription_id, "charge", c->now, p->amount,
			       p->currency, status, p->reference, 0, key, err);
}

/* ACC-5: the confirmation email, with a link to set a password and sign in
 * (single use, a week), never a password in clear. */
static enum status confirm_mail(struct ctx *c, const struct user *u, const struct bl_sub *s,
				const struct bl_invoice *inv, GString *err)
{
	char *token = secrets_token(c->a, NULL);
	enum status st = store_token_insert(c->db, u->id, "reset", secrets_sha256_hex(c->a, token), c->now,
					    c->now + 7 * BL_DAY, err);
	if (st != ST_OK)
		return st;
	const char *l = u->lang;
	char *para = arena_printf(
		c->a,
		i18n_get(l,
			 "Your Premium Solo subscription is active until %s. Invoice %s: %s. You can sign in "
			 "at any time with the link below (it works once, for a week)."),
		bl_date(c, l, s->period_end), inv->number, bl_amount(c->a, inv->gross, inv->currency));
	return bl_mail(c, u, i18n_get(l, "Welcome to Premium Solo"), para, i18n_get(l, "Sign in"),
		       arena_printf(c->a, "%s/password/reset?token=%s", c->cfg->base_url, token), err);
}

/* REF-2: the sponsor of a new subscriber earns a voucher on their live
 * subscription, at most REFERRAL_MAX_VOUCHERS ever. */
static enum status sponsor_voucher(struct ctx *c, int64_t sponsor_id, int64_t invitee_id, GString *err)
{
	int64_t n = 0;
	enum status st = store_bl_referral_count_invitee(c->db, invitee_id, &n, err);
	if (st != ST_OK || n > 0) /* REF-1: once per person */
		return st;
	struct bl_sub sp;
	st = store_bl_sub_latest_by_user(c->db, c->a, sponsor_id, &sp, err);
	if (st == ST_NOTFOUND) {
		g_string_truncate(err, 0);
		return ST_OK;
	}
	int64_t ref_id = 0;
	if (st == ST_OK)
		st = store_bl_referral_insert(c->db, sponsor_id, invitee_id, c->now, &ref_id, err);
	int64_t earned = 0;
	if (st == ST_OK)
		st = store_bl_voucher_count(c->db, sp.id, &earned, err);
	struct voucher v;
	if (st == ST_OK &&
	    billing_referral_earn((int)earned, c->cfg->referral_voucher, sp.currency, c->now, &v))
		st = store_bl_voucher_insert(c->db, sp.id, ref_id, c->now, v.amount, sp.currency, err);
	if (st == ST_OK)
		st = audit_record(c, "billing.referral", "user", sponsor_id, "",
				  arena_printf(c->a, "{\"invitee\":%lld,\"voucher\":%s}",
					       (long long)invitee_id,
					       billing_referral_can_earn((int)earned) ? "true" : "false"),
				  err);
	return st;
}

/* The first payment of an order is authorised: the subscription starts
 * now (SOLO-1/2), its first invoice is issued (INV-1), the promo code is
 * redeemed (PROMO-1), the sponsor earns a voucher (REF-2), and the
 * confirmation email is queued (ACC-5). */
static enum status first_authorised(struct ctx *c, const struct bl_payment *p, const struct pay_response *r,
				    GString *err)
{
	struct bl_order o;
	enum status st = store_bl_order_by_id(c->db, c->a, p->order_id, &o, err);
	if (st != ST_OK)
		return st;
	if (!strcmp(o.state, "paid"))
		return ST_OK;
	struct bl_offer of;
	if ((st = store_bl_offer_by_id(c->db, c->a, o.offer_id, &of, err)) != ST_OK)
		return st;
	GTimeZone *tz = bl_tz(c);
	struct billing_sub b;
	billing_sub_start(&b, tz, c->now, of.months);
	g_time_zone_unref(tz);
	struct bl_sub s = {.user_id = o.user_id,
			   .order_id = o.id,
			   .offer_id = o.offer_id,
			   .months = of.months,
			   .currency = o.currency,
			   .country = o.country,
			   .vat_rate_bp = o.vat_rate_bp,
			   .price = o.price,
			   .promo_id = o.promo_id,
			   .free_first_month = o.sponsor_id != 0,
			   .anchor_day = b.anchor_day,
			   .started_at = b.started_at,
			   .ordered_at = o.confirmed_at ? o.confirmed_at : c->now,
			   .stored_method_id = (char *)r->stored_method_id,
			   .method = (char *)r->method,
			   .method_summary = (char *)r->card_summary,
			   .next_due_at = c->now, /* the job plans its visits */
			   .created_at = c->now,
			   .reminded_period = -1};
	bl_from_rule(c->a, &b, &s);
	if ((st = store_bl_sub_insert(c->db, &s, err)) != ST_OK) {
		if (st == ST_CONFLICT)
			g_string_assign(err, "the user already has a live subscription");
		return st;
	}
	/* Lines: the offer at its price, the promotion and the free month as
	 * deductions, so the invoice shows what was agreed (PAY-2). */
	struct user *u = NULL;
	if ((st = store_user_by_id(c->db, c->a, o.user_id, &u, err)) != ST_OK)
		return st;
	struct bl_invoice_line lines[3];
	int n = 0;
	bl_line(&lines[n++], bl_offer_name(&of, u->lang), o.price, o.vat_rate_bp);
	if (o.price - o.amount_now > 0)
		bl_line(&lines[n++],
			i18n_get(u->lang, o.sponsor_id ? "Invitation: one month free" : "Promotion"),
			-(o.price - o.amount_now), o.vat_rate_bp);
	struct bl_invoice inv;
	st = bl_issue(c, &s, u, "invoice", arena_printf(c->a, "sub:%lld:p0", (long long)s.id), 0, 0,
		      s.period_start, s.period_end, lines, n, &inv, err);
	if (st == ST_OK)
		st = store_bl_order_set_state(c->db, o.id, "paid", 0, 0, s.id, err);
	if (st == ST_OK)
		st = store_bl_pay_set_sub(c->db, p->id, s.id, err);
	if (st == ST_OK && o.promo_id)
		st = store_bl_promo_redeem(c->db, o.promo_id, o.user_id, s.id, c->now, err);
	if (st == ST_OK && o.sponsor_id)
		st = sponsor_voucher(c, o.sponsor_id, o.user_id, err);
	if (st == ST_OK)
		st = bl_audit_sub(c, "billing.subscription.start", &s, "", err);
	if (st == ST_OK)
		st = confirm_mail(c, u, &s, &inv, err);
	return st;
}

/* A renewal or settlement payment is authorised: everything owed is paid,
 * the suspension is lifted at once (PAY-5). */
static enum status settle_authorised(struct ctx *c, const struct bl_payment *p, const struct pay_response *r,
				     int64_t *next_due_at, GString *err)
{
	struct bl_sub s;
	enum status st = store_bl_sub_lock(c->db, c->a, p->subscription_id, &s, err);
	if (st != ST_OK)
		return st;
	char *before = bl_sub_json(c->a, &s);
	const char *was = s.state;
	if ((st = store_bl_debt_pay_all(c->db, s.id, c->now, err)) != ST_OK ||
	    (st = store_bl_fee_pay_all(c->db, s.id, c->now, err)) != ST_OK ||
	    (st = store_bl_tx_fees_paid(c->db, s.id, err)) != ST_OK)
		return st;
	struct billing_sub b;
	bl_to_rule(&s, &b);
	if (b.state == SUB_PAST_DUE || b.state == SUB_SUSPENDED) {
		if ((st = billing_sub_settled(&b, err)) != ST_OK)
			return st;
		bl_from_rule(c->a, &b, &s);
	}
	s.debt_due_at = 0;
	s.dunning_done = 0;
	s.notice_at = 0;
	s.suspended_at = 0;
	if (r->stored_method_id[0]) {
		s.stored_method_id = (char *)r->stored_method_id;
		s.method_summary = (char *)r->card_summary;
	}
	/* billspeed: the job's next visit planned here (what its next step
	 * would do at once) rather than by one more pass of the job. */
	GTimeZone *tz = bl_tz(c);
	st = bl_next_visit(c, tz, &s, err);
	g_time_zone_unref(tz);
	if (st != ST_OK || (st = store_bl_sub_update_from(c->db, &s, was, c->now, err)) != ST_OK)
		return st;
	if (next_due_at)
		*next_due_at = s.next_due_at;
	return bl_audit_sub(c, "billing.subscription.settled", &s, before, err);
}

/* A charge was refused: a first payment leaves its order open to try
 * again; a renewal makes the subscription past due and starts dunning,
 * with the PAY-4 recovery fee at once. */
static enum status refused(struct ctx *c, const struct bl_payment *p, GString *err)
{
	if (!strcmp(p->kind, "first"))
		return store_bl_order_set_state(c->db, p->order_id, "open", 0, 0, 0, err);
	struct bl_sub s;
	enum status st = store_bl_sub_lock(c->db, c->a, p->subscription_id, &s, err);
	if (st != ST_OK)
		return st;
	char *before = bl_sub_json(c->a, &s);
	struct billing_sub b;
	bl_to_rule(&s, &b);
	if (!sub_state_live(b.state))
		return ST_OK;
	if ((st = billing_sub_charge_failed(&b, err)) != ST_OK)
		return st;
	bl_from_rule(c->a, &b, &s);
	struct bl_debt *d = NULL;
	int n = 0;
	if ((st = store_bl_debt_open(c->db, c->a, s.id, &d, &n, err)) != ST_OK)
		return st;
	if (n && !s.debt_due_at) {
		s.debt_due_at = d[0].due_at;
		s.dunning_done = 0;
	}
	s.next_due_at = c->now;
	if ((st = store_bl_sub_update(c->db, &s, c->now, err)) != ST_OK)
		return st;
	/* PAY-4: not paid when due: the recovery fee is added at once (the
	 * job adds the monthly interest later). */
	for (int i = 0; st == ST_OK && i < n; i++) {
		bool added = false;
		st = store_bl_fee_add(c->db, s.id, d[i].due_at, "recovery", 0, c->cfg->late_fixed_fee,
				      s.currency, c->now, &added, err);
		if (st == ST_OK && added)
			st = store_bl_tx_add(c->db, s.user_id, s.id, "fee", c->now, c->cfg->late_fixed_fee,
					     s.currency, "due", "recovery", 0,
					     arena_printf(c->a, "fee:%lld:%lld:%s:%d", (long long)s.id,
							  (long long)d[i].due_at, "recovery", 0),
					     err);
	}
	if (st != ST_OK)
		return st;
	if (!strcmp(p->kind, "renewal")) {
		struct user *u = NULL;
		if ((st = store_user_by_id(c->db, c->a, s.user_id, &u, err)) != ST_OK)
			return st;
		const char *l = u->lang;
		st = bl_mail(
			c, u, i18n_get(l, "Your Premium Solo payment failed"),
			arena_printf(
				c->a,
				i18n_get(l,
					 "We could not charge %s for your Premium Solo subscription (%s). "
					 "We will try again in the coming days. An amount not paid when due "
					 "is overdue: a recovery fee is added (art. 3.2 of the terms)."),
				bl_amount(c->a, p->amount, p->currency), p->reason),
			i18n_get(l, "Open my Premium tab"),
			arena_printf(c->a, "%s/settings", c->cfg->base_url), err);
	}
	if (st == ST_OK)
		st = bl_audit_sub(c, "billing.subscription.charge_failed", &s, before, err);
	return st;
}

static enum status apply_result(struct ctx *c, struct bl_payment *p, const struct pay_response *r,
				int64_t *next_due_at, GString *err)
{
	if (!open_state(p->state))
		return ST_OK; /* settled already: a repeat changes nothing */
	if (r->psp_reference[0])
		p->psp_reference = arena_strdup(c->a, r->psp_reference);
	enum status st = ST_OK;
	if (!strcmp(p->kind, "method") &&
	    (r->result == PAY_AUTHORISED || r->result == PAY_REFUSED || r->result == PAY_ERROR))
		return bl_method_outcome(c, p, r, err); /* billfix: a card verification */
	switch (r->result) {
	case PAY_AUTHORISED:
		p->state = "AUTHORISED";
		p->redirect_url = "";
		if ((st = store_bl_pay_update(c->db, p, c->now, err)) == ST_OK)
			st = tx_charge(c, p, "succeeded", err);
		if (st == ST_OK)
			st = !strcmp(p->kind, "first") ? first_authorised(c, p, r, err)
						       : settle_authorised(c, p, r, next_due_at, err);
		break;
	case PAY_REFUSED:
	case PAY_ERROR:
		p->state = "REFUSED";
		p->reason = arena_strdup(c->a, r->refusal_reason[0] ? r->refusal_reason : "refused");
		if ((st = store_bl_pay_update(c->db, p, c->now, err)) == ST_OK)
			st = tx_charge(c, p, "failed", err);
		if (st == ST_OK)
			st = refused(c, p, err);
		break;
	case PAY_PENDING:
	case PAY_UNKNOWN:
		p->state = r->result == PAY_PENDING ? "PENDING" : "UNKNOWN";
		if (r->redirect_url[0])
			p->redirect_url = arena_strdup(c->a, r->redirect_url);
		st = store_bl_pay_update(c->db, p, c->now, err);
		break;
	}
	if (st == ST_OK)
		st = audit_record(c, "billing.payment", "payment", p->id, "",
				  arena_printf(c->a,
					       "{\"reference\":\"%s\",\"state\":\"%s\",\"amount\":%lld}",
					       p->reference, p->state, (long long)p->amount),
				  err);
	return st;
}

enum status bl_payment_outcome_next(struct ctx *c, const char *reference, const struct pay_response *resp,
				    int64_t *next_due_at, GString *err)
{
	struct bl_payment p;
	enum status st = store_bl_pay_by_ref(c->db, c->a, reference ? reference : "", &p, err);
	if (st != ST_OK)
		return st;
	return apply_result(c, &p, resp, next_due_at, err);
}

enum status billing_payment_outcome(struct ctx *c, const char *reference, const struct pay_response *resp,
				    GString *err)
{
	return bl_payment_outcome_next(c, reference, resp, NULL, err);
}

/* INV-1: a refund produces a credit note referring to its invoice. */
static enum status refunded(struct ctx *c, struct bl_payment *p, int64_t amount, GString *err)
{
	if (!strcmp(p->state, "REFUNDED"))
		return ST_OK;
	p->state = "REFUNDED";
	enum status st = store_bl_pay_update(c->db, p, c->now, err);
	struct bl_sub s;
	if (st == ST_OK)
		st = store_bl_sub_by_id(c->db, c->a, p->subscription_id, &s, err);
	if (st != ST_OK)
		return st;
	if (amount <= 0 || amount > p->amount)
		amount = p->amount;
	/* The invoice the payment paid: the first one, or the period's. */
	struct bl_invoice inv;
	const char *key = !strcmp(p->kind, "first")
				  ? arena_printf(c->a, "sub:%lld:p0", (long long)s.id)
				  : arena_printf(c->a, "sub:%lld:p%d", (long long)s.id, s.period);
	if ((st = store_bl_invoice_by_uniq(c->db, c->a, key, &inv, err)) != ST_OK)
		return st;
	struct user *u = NULL;
	if ((st = store_user_by_id(c->db, c->a, s.user_id, &u, err)) != ST_OK)
		return st;
	struct bl_invoice_line line;
	bl_line(&line, arena_printf(c->a, i18n_get(u->lang, "Refund of invoice %s"), inv.number), -amount,
		s.vat_rate_bp);
	struct bl_invoice cn;
	st = bl_issue(c, &s, u, "credit_note", arena_printf(c->a, "refund:%s", p->reference), inv.id,
		      inv.period, inv.period_start, inv.period_end, &line, 1, &cn, err);
	if (st == ST_OK)
		st = store_bl_tx_add(c->db, s.user_id, s.id, "refund", c->now, -amount, p->currency,
				     "succeeded", p->reference, cn.id,
				     arena_printf(c->a, "refund:%s", p->reference), err);
	if (st == ST_OK)
		st = bl_mail(c, u, i18n_get(u->lang, "Your refund"),
			     arena_printf(c->a,
					  i18n_get(u->lang,
						   "We refunded %s. Credit note %s refers to invoice %s."),
					  bl_amount(c->a, amount, p->currency), cn.number, inv.number),
			     NULL, NULL, err);
	return st;
}

/* PAY-6: a chargeback makes the reversed amount overdue again, plus the
 * chargeback fee; the subscription is past due and dunning starts. */
static enum status charged_back(struct ctx *c, struct bl_payment *p, int64_t amount, GString *err)
{
	if (!strcmp(p->state, "CHARGEBACK"))
		return ST_OK;
	p->state = "CHARGEBACK";
	enum status st = store_bl_pay_update(c->db, p, c->now, err);
	struct bl_sub s;
	if (st == ST_OK)
		st = store_bl_sub_lock(c->db, c->a, p->subscription_id, &s, err);
	if (st != ST_OK)
		return st;
	char *before = bl_sub_json(c->a, &s);
	struct chargeback_debt cb;
	billing_chargeback(amount > 0 ? amount : p->amount, c->now, c->cfg->chargeback_fee, &cb);
	st = store_bl_debt_add(c->db, s.id, 0, "chargeback", cb.principal, s.currency, cb.overdue_since,
			       arena_printf(c->a, "chargeback:%s", p->reference), err);
	bool added = false;
	if (st == ST_OK)
		st = store_bl_fee_add(c->db, s.id, cb.overdue_since, "chargeback", 0, cb.chargeback_fee,
				      s.currency, c->now, &added, err);
	if (st == ST_OK)
		st = store_bl_tx_add(c->db, s.user_id, s.id, "fee", c->now, cb.chargeback_fee, s.currency,
				     "due", p->reference, 0,
				     arena_printf(c->a, "chargeback-fee:%s", p->reference), err);
	if (st == ST_OK)
		st = store_bl_tx_add(c->db, s.user_id, s.id, "charge", c->now, -cb.principal, s.currency,
				     "reversed", p->reference, 0,
				     arena_printf(c->a, "chargeback:%s", p->reference), err);
	struct billing_sub b;
	bl_to_rule(&s, &b);
	if (st == ST_OK && sub_state_live(b.state)) {
		if (b.state == SUB_ACTIVE || b.state == SUB_CANCELLING)
			st = billing_sub_charge_failed(&b, err);
		bl_from_rule(c->a, &b, &s);
		if (!s.debt_due_at) {
			s.debt_due_at = cb.overdue_since;
			s.dunning_done = 0;
		}
		s.next_due_at = c->now;
		if (st == ST_OK)
			st = store_bl_sub_update(c->db, &s, c->now, err);
	}
	if (st == ST_OK)
		st = bl_audit_sub(c, "billing.chargeback", &s, before, err);
	return st;
}

enum status billing_apply_event(struct ctx *c, const struct pay_event *ev, GString *err)
{
	struct bl_payment p;
	enum status st;
	if (!strcmp(ev->event_code, "AUTHORISATION") || !strcmp(ev->event_code, "CANCELLATION")) {
		st = store_bl_pay_by_ref(c->db, c->a, ev->merchant_reference, &p, err);
		if (st == ST_NOTFOUND)
			st = store_bl_pay_by_psp(c->db, c->a, ev->psp_reference, &p, err);
		if (st != ST_OK)
			return st;
		struct pay_response r = {.result = ev->success && !strcmp(ev->event_code, "AUTHORISATION")
							   ? PAY_AUTHORISED
							   : PAY_REFUSED};
		g_strlcpy(r.psp_reference, ev->psp_reference, sizeof(r.psp_reference));
		g_strlcpy(r.refusal_reason, ev->reason[0] ? ev->reason : ev->event_code,
			  sizeof(r.refusal_reason));
		g_strlcpy(r.stored_method_id, ev->stored_method_id, sizeof(r.stored_method_id));
		g_strlcpy(r.method, ev->method, sizeof(r.method));
		g_strlcpy(r.card_summary, ev->card_summary, sizeof(r.card_summary));
		return apply_result(c, &p, &r, NULL, err);
	}
	bool refund = !strcmp(ev->event_code, "REFUND");
	if (!refund && strcmp(ev->event_code, "CHARGEBACK"))
		return ST_OK; /* other codes do not change billing */
	st = store_bl_pay_by_psp(c->db, c->a, ev->original_reference, &p, err);
	if (st == ST_NOTFOUND) {
		/* The refund's merchant reference is "rf-<payment reference>". */
		const char *ref = g_str_has_prefix(ev->merchant_reference, "rf-") ? ev->merchant_reference + 3
										  : ev->merchant_reference;
		g_string_truncate(err, 0);
		st = store_bl_pay_by_ref(c->db, c->a, ref, &p, err);
	}
	if (st != ST_OK)
		return st;
	if (open_state(p.state)) {
		g_string_printf(err, "payment %s is not authorised yet", p.reference);
		return ST_CONFLICT; /* out of order: the caller retries later */
	}
	if (refund) {
		if (!ev->success) {
			if (!strcmp(p.state, "REFUND_PENDING")) {
				p.state = "AUTHORISED";
				return store_bl_pay_update(c->db, &p, c->now, err);
			}
			return ST_OK;
		}
		if (strcmp(p.state, "AUTHORISED") && strcmp(p.state, "REFUND_PENDING"))
			return ST_OK;
		return refunded(c, &p, ev->amount, err);
	}
	if (strcmp(p.state, "AUTHORISED") || !p.subscription_id)
		return ST_OK;
	return charged_back(c, &p, ev->amount, err);
}

enum status billing_payments_unresolved(struct ctx *c, int64_t before, int limit, char ***refs, int *n,
					GString *err)
{
	return store_bl_pay_unresolved(c->db, c->a, before, limit, refs, n, err);
}

/* --- Calling the provider (outside transactions) -------------------------------- */

enum status bl_charge_ask(struct ctx *c, const char *reference, const char *return_url,
			  struct pay_response *resp, bool *asked, GString *err)
{
	*asked = false;
	*resp = (struct pay_response){.result = PAY_UNKNOWN};
	if (!c->provider) {
		g_string_assign(err, "no payment provider is configured");
		return ST_IO;
	}
	/* billspeed2: one read for the payment, its shopper and method. */
	struct bl_charge_info ci;
	enum status st = store_bl_pay_charge_info(c->db, c->a, reference, &ci, err);
	if (st != ST_OK || !open_state(ci.pay.state))
		return st;
	struct bl_payment p = ci.pay;
	const char *method = ci.stored_method_id;
	if (strcmp(p.kind, "first") && strcmp(p.kind, "owed") && strcmp(p.kind, "method") &&
	    (!method || !method[0])) {
		/* A renewal without a stored method (the free first month of
		 * REF-1 stored none) cannot be charged: it is refused, and the
		 * subscriber pays on the hosted page (PAY-5). */
		resp->result = PAY_REFUSED;
		g_strlcpy(resp->refusal_reason, "no stored payment method", sizeof(resp->refusal_reason));
		if ((st = db_begin(c->db, err)) != ST_OK)
			return st;
		return bl_finish(c, billing_payment_outcome(c, reference, resp, err), err);
	}
	GString *perr = g_string_new(NULL);
	/* A payment already sent (it has a psp reference) is looked up, never
	 * sent again; one never answered is sent again with the same
	 * idempotency key, which the provider deduplicates. */
	if (p.psp_reference[0] || !strcmp(p.state, "UNKNOWN"))
		st = c->provider->lookup(c->provider, p.reference, resp, perr);
	if (!(p.psp_reference[0] || !strcmp(p.state, "UNKNOWN")) || st == ST_NOTFOUND) {
		struct pay_request req = {
			.reference = p.reference,
			.idempotency_key = p.idempotency_key,
			.amount = p.amount,
			.currency = p.currency,
			.shopper_reference = arena_printf(c->a, "user-%lld", (long long)p.user_id),
			.shopper_email = ci.email,
			.shopper_locale = ci.lang,
			.country = ci.country,
			/* "owed": the subscriber pays on the hosted page (a
			 * new method), not with the stored one. */
			.verify_only = !strcmp(p.kind, "method"),
			.stored_method_id =
				strcmp(p.kind, "owed") && strcmp(p.kind, "method") && method && method[0]
					? method
					: NULL,
			.return_url = return_url};
		g_string_truncate(perr, 0);
		st = c->provider->pay(c->provider, &req, resp, perr);
	}
	/* Only the provider's answer refuses a payment (or a request it
	 * rejected as malformed); any other failure (timeout, a concurrent
	 * call with the same idempotency key) leaves it UNKNOWN, to be looked
	 * up later. */
	if (st != ST_OK && !(st == ST_INVALID && resp->result == PAY_ERROR))
		resp->result = PAY_UNKNOWN;
	/* A renewal or retry is built by campus itself: an error is not the
	 * subscriber's refusal (e.g. another process sent the same idempotency
	 * key at the same moment); look it up later rather than dun. */
	if (resp->result == PAY_ERROR && (!strcmp(p.kind, "renewal") || !strcmp(p.kind, "settle")))
		resp->result = PAY_UNKNOWN;
	if (resp->result == PAY_REFUSED || resp->result == PAY_ERROR)
		if (!resp->refusal_reason[0])
			g_strlcpy(resp->refusal_reason, perr->str, sizeof(resp->refusal_reason));
	g_string_free(perr, TRUE);
	*asked = true;
	return ST_OK;
}

enum status bl_charge(struct ctx *c, const char *reference, const char *return_url, struct pay_response *resp,
		      GString *err)
{
	bool asked = false;
	enum status st = bl_charge_ask(c, reference, return_url, resp, &asked, err);
	if (st != ST_OK || !asked)
		return st;
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = billing_payment_outcome(c, reference, resp, err);
	return bl_finish(c, st, err);
}

enum status bl_refund(struct ctx *c, const char *reference, GString *err)
{
	if (!c->provider) {
		g_string_assign(err, "no payment provider is configured");
		return ST_IO;
	}
	struct bl_payment p;
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	st = store_bl_pay_by_ref(c->db, c->a, reference, &p, err);
	if (st == ST_OK && !strcmp(p.state, "AUTHORISED")) {
		p.state = "REFUND_PENDING";
		st = store_bl_pay_update(c->db, &p, c->now, err);
	} else if (st == ST_OK && strcmp(p.state, "REFUND_PENDING")) {
		g_string_printf(err, "payment %s cannot be refunded (%s)", reference, p.state);
		st = ST_CONFLICT;
	}
	if ((st = bl_finish(c, st, err)) != ST_OK)
		return st;
	struct pay_response r = {0};
	GString *perr = g_string_new(NULL);
	st = c->provider->refund(c->provider, p.psp_reference, arena_printf(c->a, "rf-%s", p.reference),
				 arena_printf(c->a, "refund:%s", p.reference), p.amount, p.currency, &r,
				 perr);
	g_string_free(perr, TRUE);
	if (st != ST_OK || r.result != PAY_AUTHORISED)
		return ST_OK; /* the REFUND notification settles it */
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = store_bl_pay_by_ref(c->db, c->a, reference, &p, err);
	if (st == ST_OK && !strcmp(p.state, "REFUND_PENDING"))
		st = refunded(c, &p, p.amount, err);
	return bl_finish(c, st, err);
}
