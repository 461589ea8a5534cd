/* The billing jobs (SOLO-2..4, PAY-4..6, REF-2, ACC-3): renewals charged
 * and invoiced on their due date, dunning (retries, formal notice,
 * suspension, termination), late fees, the annual reminder, the expiry of
 * orders. Each due item is processed in its own transaction; a charge is
 * committed as a PENDING payment with its idempotency key before the
 * provider is called, so a crash never charges twice. */
#include "billing/billing_int.h"

#include <string.h>

#include "base/dates.h"
#include "base/i18n.h"
#include "ops/audit.h"

#include "base/banned.h"

enum { MAX_STEPS = 400, BATCH = 200, RUN_EVERY = 3600 };

static enum status fee(struct ctx *c, const struct bl_sub *s, int64_t due_at, const char *kind, int month,
		       int64_t amount, int *added_n, GString *err)
{
	bool added = false;
	enum status st =
		store_bl_fee_add(c->db, s->id, due_at, kind, month, amount, s->currency, c->now, &added, err);
	if (st == ST_OK && added) {
		(*added_n)++;
		st = store_bl_tx_add(c->db, s->user_id, s->id, "fee", c->now, amount, s->currency, "due",
				     kind, 0,
				     arena_printf(c->a, "fee:%lld:%lld:%s:%d", (long long)s->id,
						  (long long)due_at, kind, month),
				     err);
	}
	return st;
}

enum status bl_accrue_fees(struct ctx *c, GTimeZone *tz, const struct bl_sub *s, int *added, GString *err)
{
	struct bl_debt *d = NULL;
	int n = 0;
	enum status st = store_bl_debt_open(c->db, c->a, s->id, &d, &n, err);
	for (int i = 0; st == ST_OK && i < n; i++) {
		struct late_charges lc;
		billing_late_charges(tz, d[i].principal, d[i].due_at, c->now, c->cfg->late_fixed_fee,
				     c->cfg->late_monthly_rate, &lc);
		if (!lc.overdue)
			continue;
		st = fee(c, s, d[i].due_at, "recovery", 0, lc.fixed_fee, added, err);
		int64_t monthly = money_share_pct(d[i].principal, c->cfg->late_monthly_rate);
		for (int m = 1; st == ST_OK && m <= lc.full_months; m++)
			st = fee(c, s, d[i].due_at, "interest", m, monthly, added, err);
	}
	return st;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* SOLO-4: one month before an annual period ends. */
static int64_t reminder_at(GTimeZone *tz, const struct bl_sub *s)
{
	return billing_period_boundary(tz, s->started_at, s->anchor_day, 1, 12 * (s->period + 1) - 1);
}

/* When the job must look at s again. */
static enum status plan_next(struct ctx *c, GTimeZone *tz, struct bl_sub *s, GString *err)
{
	struct billing_sub b;
	bl_to_rule(s, &b);
	int64_t next = INT64_MAX;
	if (sub_state_live(b.state))
		next = s->period_end;
	if (s->months == BILLING_ANNUAL && s->reminded_period != s->period && !s->cancel_at_term &&
	    sub_state_live(b.state)) {
		int64_t r = reminder_at(tz, s);
		if (r > c->now)
			next = min64(next, r);
	}
	if (s->debt_due_at) {
		struct dunning_terms t;
		dunning_terms_from_config(&t, c->cfg);
		struct dunning_progress p = {
			.done = s->dunning_done, .notice_at = s->notice_at, .suspended_at = s->suspended_at};
		struct dunning_step step;
		if (billing_dunning_next(tz, &t, s->debt_due_at, &p, false, sub_state_live(b.state),
					 INT64_MAX / 4, &step))
			next = min64(next, step.at);
		/* PAY-4: the next full month of interest. */
		struct bl_debt *d = NULL;
		int n = 0;
		enum status st = store_bl_debt_open(c->db, c->a, s->id, &d, &n, err);
		if (st != ST_OK)
			return st;
		for (int i = 0; i < n; i++) {
			int k = billing_full_months(tz, d[i].due_at, c->now) + 1;
			next = min64(next, dates_add_months(tz, d[i].due_at, k,
							    billing_anchor_day(tz, d[i].due_at)));
		}
	}
	s->next_due_at = next == INT64_MAX ? INT64_C(1) << 62 : next;
	return ST_OK;
}

/* plan_next, and at once when the SOLO-4 reminder is due now (plan_next
 * only plans it ahead: step_in sends a due one before planning). */
enum status bl_next_visit(struct ctx *c, GTimeZone *tz, struct bl_sub *s, GString *err)
{
	enum status st = plan_next(c, tz, s, err);
	if (st == ST_OK && s->months == BILLING_ANNUAL && s->reminded_period != s->period &&
	    !s->cancel_at_term && c->now >= reminder_at(tz, s) && c->now < s->period_end)
		s->next_due_at = c->now;
	return st;
}

/* SOLO-2: the renewal's invoice announced to the subscriber, in the same
 * transaction as the invoice (an outbox row), so that no renewal loses
 * its email and none sends it twice, even across crashes. */
static const char *renewal_subject(struct ctx *c, const char *lang, const char *number)
{
	return arena_printf(c->a, i18n_get(lang, "Your Premium Solo invoice %s"), number);
}

static const char *renewal_para(struct ctx *c, const char *lang, const char *from, const char *to,
				const char *number, const char *amount)
{
	return arena_printf(c->a,
			    i18n_get(lang, "Your Premium Solo subscription is renewed from %s to %s. "
					   "Invoice %s: %s, tax included."),
			    from, to, number, amount);
}

/* billspeed2: the renewal email as bl_mail makes it (the reference the
 * template is tested against, tests/unit/test_billing_mail.c). */
enum status bl_renewal_mail_plain(struct ctx *c, const struct user *u, const char *from, const char *to,
				  const struct bl_invoice *inv, GString *err)
{
	return bl_mail(
		c, u, renewal_subject(c, u->lang, inv->number),
		renewal_para(c, u->lang, from, to, inv->number, bl_amount(c->a, inv->gross, inv->currency)),
		i18n_get(u->lang, "Open my Premium tab"), arena_printf(c->a, "%s/settings", c->cfg->base_url),
		err);
}

/* The renewal email's templates, one per language and site address, made
 * once per process (bl_tpl_make: rendering and encoding the whole email
 * was a tenth of a run's CPU); g_strdup'ed keys and values, never freed. */
static GHashTable *renewal_tpls;
G_LOCK_DEFINE_STATIC(renewal_tpls);

enum status bl_renewal_mail_tpl(struct ctx *c, const struct user *u, const char *from, const char *to,
				const struct bl_invoice *inv, GString *err)
{
	char *key = arena_printf(c->a, "%s\n%s", u->lang, c->cfg->base_url);
	G_LOCK(renewal_tpls);
	if (!renewal_tpls)
		renewal_tpls = g_hash_table_new(g_str_hash, g_str_equal);
	const char *tpl = g_hash_table_lookup(renewal_tpls, key);
	if (!tpl) {
		const char *num = bl_tpl_marker(1);
		char *t = bl_tpl_make(
			c, u->lang, bl_tpl_marker(0), renewal_subject(c, u->lang, num),
			renewal_para(c, u->lang, bl_tpl_marker(2), bl_tpl_marker(3), num, bl_tpl_marker(4)),
			i18n_get(u->lang, "Open my Premium tab"),
			arena_printf(c->a, "%s/settings", c->cfg->base_url));
		if (t) {
			g_hash_table_insert(renewal_tpls, g_strdup(key), t);
			tpl = t;
		}
	}
	G_UNLOCK(renewal_tpls);
	if (!tpl) /* a language the template cannot serve: made whole */
		return bl_renewal_mail_plain(c, u, from, to, inv, err);
	const char *values[BL_TPL_VALUES] = {
		u->name, inv->number, from, to, bl_amount(c->a, inv->gross, inv->currency), ""};
	return bl_tpl_mail(c, tpl, u, renewal_subject(c, u->lang, inv->number), values, err);
}

static enum status renewal_mail(struct ctx *c, GTimeZone *tz, const struct user *u, const struct bl_sub *s,
				const struct bl_invoice *inv, GString *err)
{
	char from[64], to[64];
	dates_format_human(tz, s->period_start, u->lang, from, sizeof(from));
	dates_format_human(tz, s->period_end, u->lang, to, sizeof(to));
	return bl_renewal_mail_tpl(c, u, from, to, inv, err);
}

/* SOLO-2: charges and invoices the next period on its due date. */
static enum status renew(struct ctx *c, GTimeZone *tz, struct bl_sub *s, struct billing_sub *b,
			 struct billing_run_stats *stats, GString *err)
{
	billing_sub_renew(b, tz);
	bl_from_rule(c->a, b, s);
	if (s->price_next && s->period_start >= s->price_next_from) { /* noticed price change */
		s->price = s->price_next;
		s->price_next = 0;
		s->price_next_from = 0;
	}
	int64_t gross = 0, discount = 0;
	enum status st = bl_period_price(c, s, s->period, &gross, &discount, err);
	if (st != ST_OK)
		return st;
	int64_t due = gross - discount;
	struct user *u = NULL;
	struct bl_offer of;
	if ((st = store_user_by_id(c->db, c->a, s->user_id, &u, err)) != ST_OK ||
	    (st = store_bl_offer_by_id(c->db, c->a, s->offer_id, &of, err)) != ST_OK)
		return st;
	/* REF-2: at most one voucher per invoice, never below zero. */
	struct bl_voucher *bv = NULL;
	int nv = 0;
	if ((st = store_bl_voucher_list(c->db, c->a, s->id, &bv, &nv, err)) != ST_OK)
		return st;
	struct voucher *vs = arena_alloc(c->a, sizeof(*vs) * (size_t)(nv ? nv : 1));
	for (int i = 0; i < nv; i++) {
		vs[i] = (struct voucher){
			.earned_at = bv[i].earned_at, .amount = bv[i].amount, .remaining = bv[i].remaining};
		g_strlcpy(vs[i].currency, bv[i].currency, sizeof(vs[i].currency));
	}
	struct voucher_use use = {.index = -1, .due = due};
	if (nv)
		billing_voucher_apply(tz, due, s->currency, c->now, vs, (size_t)nv, &use);
	struct bl_invoice_line lines[3];
	int n = 0;
	bl_line(&lines[n++], bl_offer_name(&of, u->lang), gross, s->vat_rate_bp);
	if (discount > 0)
		bl_line(&lines[n++], i18n_get(u->lang, "Promotion"), -discount, s->vat_rate_bp);
	if (use.index >= 0 && use.deduction > 0)
		bl_line(&lines[n++], i18n_get(u->lang, "Referral voucher"), -use.deduction, s->vat_rate_bp);
	struct bl_invoice inv;
	st = bl_issue(c, s, u, "invoice", arena_printf(c->a, "sub:%lld:p%d", (long long)s->id, s->period), 0,
		      s->period, s->period_start, s->period_end, lines, n, &inv, err);
	if (st == ST_OK)
		st = renewal_mail(c, tz, u, s, &inv, err);
	if (st == ST_OK && use.index >= 0 && use.deduction > 0) {
		st = store_bl_voucher_set_remaining(c->db, bv[use.index].id, vs[use.index].remaining, err);
		if (st == ST_OK)
			st = store_bl_tx_add(c->db, s->user_id, s->id, "voucher", c->now, -use.deduction,
					     s->currency, "applied", inv.number, inv.id,
					     arena_printf(c->a, "voucher:%lld", (long long)inv.id), err);
	}
	if (st == ST_OK && use.due > 0) {
		st = store_bl_debt_add(c->db, s->id, inv.id, "unpaid", use.due, s->currency, s->period_start,
				       arena_printf(c->a, "inv:%lld", (long long)inv.id), err);
		struct bl_payment p = {.user_id = s->user_id,
				       .subscription_id = s->id,
				       .invoice_id = inv.id,
				       .kind = "renewal",
				       .amount = use.due,
				       .currency = s->currency,
				       .attempt = 1,
				       .created_at = c->now};
		p.reference = arena_printf(c->a, "ren-%lld-%d", (long long)s->id, s->period);
		p.idempotency_key = arena_printf(c->a, "renewal:%lld:%d", (long long)s->id, s->period);
		if (st == ST_OK)
			st = store_bl_pay_insert(c->db, &p, err);
	}
	stats->renewals++;
	return st;
}

/* Formal notice, suspension and termination emails (PAY-5). */
static enum status dunning_mail(struct ctx *c, const struct bl_sub *s, enum dunning_action a, int64_t owed,
				GString *err)
{
	struct user *u = NULL;
	enum status st = store_user_by_id(c->db, c->a, s->user_id, &u, err);
	if (st != ST_OK)
		return st;
	const char *l = u->lang, *subject, *para;
	if (a == DUNNING_FORMAL_NOTICE) {
		subject = i18n_get(l, "Formal notice: your Premium Solo subscription is unpaid");
		para = arena_printf(
			c->a,
			i18n_get(l,
				 "Formal notice: %s is overdue on your Premium Solo subscription (art. "
				 "3.2 of the terms). If everything owed is not paid within %d days, Premium "
				 "services will be suspended until it is."),
			bl_amount(c->a, owed, s->currency), c->cfg->suspend_after_notice_days);
	} else if (a == DUNNING_SUSPEND) {
		subject = i18n_get(l, "Premium services suspended");
		para = arena_printf(
			c->a,
			i18n_get(l, "Premium services are suspended until %s owed is paid. Without payment "
				    "within %d days the subscription will be terminated."),
			bl_amount(c->a, owed, s->currency), c->cfg->terminate_after_suspension_days);
	} else {
		subject = i18n_get(l, "Your Premium Solo subscription is terminated");
		para = arena_printf(
			c->a,
			i18n_get(l, "Your subscription is terminated for non-payment; %s is still owed."),
			bl_amount(c->a, owed, s->currency));
	}
	return bl_mail(c, u, subject, para, i18n_get(l, "Open my Premium tab"),
		       arena_printf(c->a, "%s/settings", c->cfg->base_url), err);
}

/* One step for subscription id inside the caller's transaction; *more
 * when another step may be due at once. */
static enum status step_in(struct ctx *c, GTimeZone *tz, int64_t id, struct billing_run_stats *stats,
			   bool *more, GString *err)
{
	*more = false;
	struct bl_sub s;
	enum status st = store_bl_sub_lock(c->db, c->a, id, &s, err);
	if (st != ST_OK)
		return st;
	struct billing_sub b;
	bl_to_rule(&s, &b);
	if (s.next_due_at > c->now || !sub_state_live(b.state))
		return ST_OK;
	const char *was = s.state;
	char *before = bl_sub_json(c->a, &s);
	const char *action = NULL;
	switch (billing_sub_renewal(&b, c->now)) {
	case SUB_RENEWAL_END: /* SOLO-3: ends at term, nothing charged */
		st = billing_sub_end_at_term(&b, c->now, err);
		bl_from_rule(c->a, &b, &s);
		action = "billing.subscription.end_at_term";
		stats->ended++;
		*more = true;
		break;
	case SUB_RENEWAL_RENEW:
		st = renew(c, tz, &s, &b, stats, err);
		action = "billing.subscription.renew";
		*more = true;
		break;
	default: break;
	}
	if (st == ST_OK && !action && s.debt_due_at) {
		st = bl_accrue_fees(c, tz, &s, &stats->fees, err);
		struct dunning_terms t;
		dunning_terms_from_config(&t, c->cfg);
		struct dunning_progress p = {
			.done = s.dunning_done, .notice_at = s.notice_at, .suspended_at = s.suspended_at};
		struct dunning_step next;
		int64_t owed = 0;
		if (st == ST_OK)
			st = bl_owed(c, &s, &owed, err);
		if (st == ST_OK &&
		    billing_dunning_next(tz, &t, s.debt_due_at, &p, owed <= 0, true, c->now, &next)) {
			billing_dunning_record(&p, &next, c->now);
			s.dunning_done = p.done;
			s.notice_at = p.notice_at;
			s.suspended_at = p.suspended_at;
			*more = true;
			switch (next.action) {
			case DUNNING_RETRY: { /* PAY-5: charge everything owed again */
				struct bl_payment pay = {.user_id = s.user_id,
							 .subscription_id = s.id,
							 .kind = "settle",
							 .amount = owed,
							 .currency = s.currency,
							 .attempt = next.retry + 1,
							 .created_at = c->now};
				pay.reference = arena_printf(c->a, "set-%lld-%lld-%d", (long long)s.id,
							     (long long)s.debt_due_at, next.index);
				pay.idempotency_key = arena_printf(c->a, "settle:%s", pay.reference);
				st = store_bl_pay_insert(c->db, &pay, err);
				action = "billing.dunning.retry";
				break;
			}
			case DUNNING_FORMAL_NOTICE:
				st = dunning_mail(c, &s, next.action, owed, err);
				action = "billing.dunning.formal_notice";
				stats->notices++;
				break;
			case DUNNING_SUSPEND:
				st = billing_sub_suspend(&b, err);
				bl_from_rule(c->a, &b, &s);
				if (st == ST_OK)
					st = dunning_mail(c, &s, next.action, owed, err);
				action = "billing.dunning.suspend";
				stats->suspensions++;
				break;
			case DUNNING_TERMINATE:
				st = billing_sub_terminate_unpaid(&b, c->now, err);
				bl_from_rule(c->a, &b, &s);
				if (st == ST_OK)
					st = dunning_mail(c, &s, next.action, owed, err);
				action = "billing.dunning.terminate";
				stats->terminations++;
				break;
			}
		}
	}
	if (st == ST_OK && !action && s.months == BILLING_ANNUAL && s.reminded_period != s.period &&
	    !s.cancel_at_term && c->now >= reminder_at(tz, &s) && c->now < s.period_end) {
		/* SOLO-4: once per period, in the subscriber's language. */
		struct user *u = NULL;
		st = store_user_by_id(c->db, c->a, s.user_id, &u, err);
		if (st == ST_OK)
			st = bl_mail(
				c, u,
				i18n_get(u->lang, "Your annual Premium Solo subscription renews in a month"),
				arena_printf(c->a,
					     i18n_get(u->lang,
						      "Your annual period ends on %s; it then renews for a "
						      "year at %s. You may end it before then from "
						      "your Premium tab (art. 2.1(d) of the terms)."),
					     bl_date(c, u->lang, s.period_end),
					     bl_amount(c->a, s.price, s.currency)),
				i18n_get(u->lang, "Open my Premium tab"),
				arena_printf(c->a, "%s/settings", c->cfg->base_url), err);
		s.reminded_period = s.period;
		action = "billing.subscription.annual_reminder";
		stats->reminders++;
		*more = true;
	}
	if (st == ST_OK)
		st = plan_next(c, tz, &s, err);
	if (*more)
		s.next_due_at = min64(s.next_due_at, c->now);
	if (st == ST_OK)
		st = store_bl_sub_update_from(c->db, &s, was, c->now, err);
	if (st == ST_OK && action)
		st = bl_audit_sub(c, action, &s, before, err);
	return st;
}

/* The run works in batches of BATCH due subscriptions, in rounds:
 *   1. one transaction: a step of every subscription of the batch still
 *      active (renewal, dunning, reminder...), each inside a savepoint;
 *   2. the provider is called for the open payments of those
 *      subscriptions (outside transactions: the payment rows were
 *      committed by 1 or by an earlier run);
 *   3. one transaction: every answer applied, each inside a savepoint;
 * and again for the subscriptions whose step said another may be due at
 * once (the first round only charges what an earlier run left open).
 * Crash safety is that of one transaction per item: a savepoint is kept
 * only when its item succeeded whole, so a batch commits whole items or,
 * killed before its commit, none; a payment row is always committed
 * before the provider is asked, and an answer never recorded is asked
 * again with the same idempotency key (the provider answers the same,
 * never charges twice). A failed item is undone to its savepoint, counted
 * in errors, and its subscription left for the next run. Fewer commits
 * are what makes a large run fast (one per batch instead of three per
 * renewal). */
struct batch {
	int n;
	int64_t *ids;
	bool *active; /* still to be worked on in this round */
	bool *claimed;
};

static void item_error(struct batch *bt, int i, struct billing_run_stats *stats, const char *what, GString *e)
{
	stats->errors++;
	bt->active[i] = false;
	g_printerr("campus: billing: subscription %lld: %s%s\n", (long long)bt->ids[i], what, e->str);
	g_string_truncate(e, 0);
}

/* billspeed2: a batch's transaction first runs without savepoints (each
 * one journals every page its item touches again: an eighth of the run's
 * CPU); if any item fails, the transaction is rolled back whole, the
 * counts and flags put back, and the batch done again with a savepoint
 * per item, so that the failed item alone is undone. Either way the
 * commit holds only whole items. */
enum pass { FAST, SAFE };

/* Round phase 1: a step of every active subscription, one transaction. */
static enum status steps_pass(struct ctx *c, GTimeZone *tz, struct batch *bt, struct billing_run_stats *stats,
			      enum pass pass, bool *redo, GString *err)
{
	*redo = false;
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	GString *e = g_string_new(NULL);
	for (int i = 0; st == ST_OK && i < bt->n; i++) {
		if (!bt->active[i])
			continue;
		if (pass == SAFE && (st = store_bl_item_begin(c->db, err)) != ST_OK)
			break;
		bool more = false;
		struct billing_run_stats before = *stats;
		enum status ist = step_in(c, tz, bt->ids[i], stats, &more, e);
		if (pass == FAST && ist != ST_OK) {
			*redo = true;
			break;
		}
		if (ist != ST_OK)
			*stats = before; /* undone */
		if (pass == SAFE)
			st = store_bl_item_end(c->db, ist == ST_OK, err);
		if (ist != ST_OK)
			item_error(bt, i, stats, "", e);
		else
			bt->active[i] = more;
	}
	g_string_free(e, TRUE);
	if (*redo) {
		db_rollback(c->db);
		return ST_OK;
	}
	return bl_finish(c, st, err);
}

static enum status steps(struct ctx *c, GTimeZone *tz, struct batch *bt, struct billing_run_stats *stats,
			 GString *err)
{
	bool *active = arena_alloc(c->a, sizeof(bool) * (size_t)bt->n);
	memcpy(active, bt->active, sizeof(bool) * (size_t)bt->n);
	struct billing_run_stats before = *stats;
	bool redo = false;
	enum status st = steps_pass(c, tz, bt, stats, FAST, &redo, err);
	if (st != ST_OK || !redo)
		return st;
	*stats = before;
	memcpy(bt->active, active, sizeof(bool) * (size_t)bt->n);
	return steps_pass(c, tz, bt, stats, SAFE, &redo, err);
}

struct answer {
	int item;
	char *reference;
	struct pay_response r;
};

/* billspeed: after the answers of a round, an item stays active only if
 * one of its answers left it possibly due at once (not settled with its
 * next visit planned after now): a renewal authorised needs no further
 * pass of this run. */

/* Round phase 3: the answers applied in one transaction (see enum pass). */
static enum status answers_pass(struct ctx *c, struct batch *bt, GArray *ans, struct billing_run_stats *stats,
				signed char *settled, enum pass pass, bool *redo, GString *e, GString *err)
{
	*redo = false;
	memset(settled, -1, (size_t)bt->n);
	enum status st = db_begin(c->db, err);
	for (guint k = 0; st == ST_OK && k < ans->len; k++) {
		struct answer *an = &g_array_index(ans, struct answer, k);
		if (pass == SAFE && (st = store_bl_item_begin(c->db, err)) != ST_OK)
			break;
		int64_t next = 0;
		enum status ist = bl_payment_outcome_next(c, an->reference, &an->r, &next, e);
		if (pass == FAST && ist != ST_OK) {
			g_string_truncate(e, 0);
			*redo = true;
			break;
		}
		if (pass == SAFE)
			st = store_bl_item_end(c->db, ist == ST_OK, err);
		if (ist == ST_OK && settled[an->item] != 0)
			settled[an->item] = next > c->now ? 1 : 0;
		if (ist != ST_OK) {
			item_error(bt, an->item, stats, "payment outcome: ", e);
			continue;
		}
		if (an->r.result == PAY_AUTHORISED)
			stats->charges_ok++;
		else if (an->r.result == PAY_REFUSED || an->r.result == PAY_ERROR)
			stats->charges_failed++;
	}
	if (*redo) {
		db_rollback(c->db);
		return ST_OK;
	}
	return bl_finish(c, st, err);
}

/* Round phases 2 and 3: the provider asked for the open payments of the
 * subscriptions in `which`, then the answers applied in one transaction. */
static enum status charges(struct ctx *c, struct batch *bt, const bool *which,
			   struct billing_run_stats *stats, GString *err)
{
	if (!c->provider)
		return ST_OK; /* no provider: the payments stay pending */
	GArray *ans = g_array_new(FALSE, FALSE, sizeof(struct answer));
	GString *e = g_string_new(NULL);
	enum status st = ST_OK;
	/* A provider that keeps its records in one transaction per batch (the
	 * simulator) commits them before any answer is recorded; if that
	 * fails, none of the charges took place and none is recorded. */
	bool batched = c->provider->batch_begin && c->provider->batch_end;
	if (batched && c->provider->batch_begin(c->provider, err) != ST_OK) {
		batched = false; /* one transaction per charge then */
		g_string_truncate(err, 0);
	}
	/* billspeed2: the open payments of the whole batch in one read (its
	 * ids ascend); those of subscriptions not in `which` are left. */
	int64_t *subs = NULL;
	char **refs = NULL;
	int n = 0;
	enum status rst =
		store_bl_pay_open_in_range(c->db, c->a, bt->ids[0], bt->ids[bt->n - 1], &subs, &refs, &n, e);
	GString *why = g_string_new(e->str); /* each item's message when rst failed */
	for (int i = 0, k = 0; i < bt->n; i++) {
		if (rst != ST_OK) {
			if (which[i])
				item_error(bt, i, stats, "charge: open payments: ", e);
			g_string_assign(e, why->str);
			continue;
		}
		while (k < n && subs[k] < bt->ids[i])
			k++; /* not in this batch */
		enum status ist = ST_OK;
		for (; k < n && subs[k] == bt->ids[i]; k++) {
			if (!which[i] || ist != ST_OK)
				continue;
			struct answer an = {.item = i, .reference = refs[k]};
			bool asked = false;
			ist = bl_charge_ask(c, refs[k], NULL, &an.r, &asked, e);
			if (ist == ST_OK && asked)
				g_array_append_val(ans, an);
		}
		if (ist != ST_OK)
			item_error(bt, i, stats, "charge: ", e);
	}
	g_string_free(why, TRUE);
	g_string_truncate(e, 0);
	if (batched && (st = c->provider->batch_end(c->provider, true, err)) != ST_OK) {
		g_printerr(
			"campus: billing: the provider's batch failed, its %u charges did not happen: %s\n",
			ans->len, err->str);
		g_string_truncate(err, 0);
		g_array_set_size(ans, 0); /* left pending: asked again by the next run */
		st = ST_OK;
		for (int i = 0; i < bt->n; i++)
			bt->active[i] = bt->active[i] && !which[i];
	}
	/* settled[i]: every answer of item i settled it until later. */
	signed char *settled = arena_alloc(c->a, (size_t)bt->n);
	bool *active = arena_alloc(c->a, sizeof(bool) * (size_t)bt->n);
	memcpy(active, bt->active, sizeof(bool) * (size_t)bt->n);
	struct billing_run_stats before = *stats;
	bool redo = false;
	if (st == ST_OK && ans->len) {
		st = answers_pass(c, bt, ans, stats, settled, FAST, &redo, e, err);
		if (st == ST_OK && redo) {
			*stats = before;
			memcpy(bt->active, active, sizeof(bool) * (size_t)bt->n);
			st = answers_pass(c, bt, ans, stats, settled, SAFE, &redo, e, err);
		}
	}
	for (int i = 0; st == ST_OK && ans->len && i < bt->n; i++)
		if (settled[i] == 1)
			bt->active[i] = false;
	g_string_free(e, TRUE);
	g_array_free(ans, TRUE);
	return st;
}

static enum status run_batch(struct ctx *c, GTimeZone *tz, struct batch *bt, struct billing_run_stats *stats,
			     GString *err)
{
	/* Two runs (two serve processes, or campus billing run beside serve)
	 * must not charge one payment at the same time: a provider may answer
	 * the second call of an idempotency key in progress with an error,
	 * which would be recorded as a refusal of a charge that succeeded. */
	enum status st = ST_OK;
	memset(bt->claimed, 0, sizeof(bool) * (size_t)bt->n);
	memset(bt->active, 0, sizeof(bool) * (size_t)bt->n);
	for (int i = 0; st == ST_OK && i < bt->n; i++) {
		st = store_bl_sub_claim(c->db, bt->ids[i], &bt->claimed[i], err);
		bt->active[i] = bt->claimed[i]; /* else another run is processing it */
	}
	if (st == ST_OK)
		st = charges(c, bt, bt->active, stats, err); /* left open by an earlier run */
	bool *stepped = arena_alloc(c->a, sizeof(bool) * (size_t)bt->n);
	for (int round = 0; st == ST_OK && round < MAX_STEPS; round++) {
		bool any = false;
		for (int i = 0; i < bt->n; i++)
			any |= stepped[i] = bt->active[i];
		if (!any)
			break;
		if ((st = steps(c, tz, bt, stats, err)) != ST_OK)
			break;
		st = charges(c, bt, stepped, stats, err);
	}
	for (int i = 0; i < bt->n; i++) {
		if (!bt->claimed[i])
			continue;
		GString *e = g_string_new(NULL);
		store_bl_sub_unclaim(c->db, bt->ids[i], e); /* else at the end of the session */
		g_string_free(e, TRUE);
		stats->subscriptions++;
	}
	return st;
}

enum status billing_run(struct ctx *c, struct billing_run_stats *stats, void (*progress)(void *, int),
			void *progress_data, GString *err)
{
	*stats = (struct billing_run_stats){0};
	int64_t expired = 0;
	enum status st = db_begin(c->db, err);
	if (st == ST_OK)
		st = store_bl_order_expire(c->db, c->now, &expired, err); /* ACC-3 */
	if ((st = bl_finish(c, st, err)) != ST_OK)
		return st;
	stats->expired_orders = (int)expired;
	if ((st = store_bl_batch_tune(c->db, err)) != ST_OK)
		return st;
	GTimeZone *tz = bl_tz(c);
	int64_t after = 0;
	struct arena *outer = c->a;
	for (;;) {
		int64_t *ids = NULL;
		int n = 0;
		if ((st = store_bl_sub_due(c->db, outer, c->now, after, BATCH, &ids, &n, err)) != ST_OK)
			break;
		if (n == 0)
			break;
		/* Each batch with its own arena, so a long run stays small. */
		struct arena *a = arena_new();
		struct ctx one = *c;
		one.a = a;
		struct batch bt = {.n = n,
				   .ids = ids,
				   .active = arena_alloc(a, sizeof(bool) * (size_t)n),
				   .claimed = arena_alloc(a, sizeof(bool) * (size_t)n)};
		st = run_batch(&one, tz, &bt, stats, err);
		arena_free(a);
		if (progress)
			progress(progress_data, stats->subscriptions);
		if (st != ST_OK || n < BATCH)
			break;
		after = ids[n - 1];
	}
	g_time_zone_unref(tz);
	/* Charges left UNKNOWN by this run (a timeout, another process racing
	 * on the same payment) are looked up once more before the end. */
	char **refs = NULL;
	int n = 0;
	if (st == ST_OK &&
	    (st = store_bl_pay_unresolved(c->db, outer, c->now + 1, BATCH, &refs, &n, err)) == ST_OK) {
		for (int i = 0; i < n; i++) {
			struct bl_payment p;
			if (store_bl_pay_by_ref(c->db, outer, refs[i], &p, err) != ST_OK ||
			    !strcmp(p.kind, "first") || !strcmp(p.kind, "owed") || strcmp(p.state, "UNKNOWN"))
				continue;
			struct pay_response r;
			if (bl_charge(c, refs[i], NULL, &r, err) == ST_OK && r.result == PAY_AUTHORISED)
				stats->charges_ok++;
		}
		g_string_truncate(err, 0);
	}
	return st;
}

enum status billing_job_run(struct ctx *c, const char *payload, GString *err)
{
	(void)payload;
	/* The scheduler opened a transaction; charges must be committed
	 * before the provider is called, so the run works in its own. */
	enum status st = db_commit(c->db, err);
	if (st != ST_OK)
		return st;
	struct billing_run_stats stats;
	st = billing_run(c, &stats, NULL, NULL, err);
	enum status st2 = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	if (st2 != ST_OK)
		return st2;
	int64_t next = c->now + RUN_EVERY;
	char key[64];
	g_snprintf(key, sizeof(key), "billing.run:%lld", (long long)(next / RUN_EVERY));
	return store_job_add(c->db, "billing.run", "", next, key, err);
}
