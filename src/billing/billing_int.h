/* Shared helpers of the billing use cases (billing_*.c); private. */
#ifndef CAMPUS_BILLING_INT_H
#define CAMPUS_BILLING_INT_H

#include <glib.h>
#include <jansson.h>

#include "billing/billing.h"
#include "billing/rules.h"
#include "store/store.h"
#include "store/store_billing.h"

enum { BL_DAY = 86400 };

/* The platform time zone (caller unrefs). */
GTimeZone *bl_tz(struct ctx *c);
/* Commits on ST_OK, else rolls back; returns the outcome. */
enum status bl_finish(struct ctx *c, enum status st, GString *err);
/* bl_sub <-> the pure struct of billing/subscription.h. */
void bl_to_rule(const struct bl_sub *s, struct billing_sub *b);
void bl_from_rule(struct arena *a, const struct billing_sub *b, struct bl_sub *s);
/* The subscription as audit JSON (arena string). */
char *bl_sub_json(struct arena *a, const struct bl_sub *s);
/* Audits a change of subscription s (before: JSON text or ""). */
enum status bl_audit_sub(struct ctx *c, const char *action, const struct bl_sub *s, const char *before,
			 GString *err);
/* Queues an email to u in u's language (ACC-4): subject, paragraph, an
 * optional button (link may be NULL). */
enum status bl_mail(struct ctx *c, const struct user *u, const char *subject, const char *para,
		    const char *button, const char *link, GString *err);
/* billspeed2: bl_mail by a template made once and filled per message.
 * bl_tpl_make: the payload bl_mail would queue to a placeholder address
 * for a user named name_marker, where the values to come are written as
 * their markers (bl_tpl_marker(i), i < BL_TPL_VALUES) in subject, para,
 * button and link. Caller g_frees; NULL when it cannot be encoded. */
enum { BL_TPL_VALUES = 6 };
const char *bl_tpl_marker(int i);
char *bl_tpl_make(struct ctx *c, const char *lang, const char *name_marker, const char *subject,
		  const char *para, const char *button, const char *link);
/* Queues tpl (from bl_tpl_make in u's language) to u, with values[i] in
 * place of marker i (value 0 is meant for u->name); subject: the subject
 * as filled (checked as bl_mail would). The payload is the same as
 * bl_mail's for the same message. */
enum status bl_tpl_mail(struct ctx *c, const char *tpl, const struct user *u, const char *subject,
			const char *const values[BL_TPL_VALUES], GString *err);
/* SOLO-2: the renewal email of inv (period from..to, local dates in u's
 * language): by bl_mail, and by its template (the run's way). */
enum status bl_renewal_mail_plain(struct ctx *c, const struct user *u, const char *from, const char *to,
				  const struct bl_invoice *inv, GString *err);
enum status bl_renewal_mail_tpl(struct ctx *c, const struct user *u, const char *from, const char *to,
				const struct bl_invoice *inv, GString *err);
/* An amount for people: "19.00 EUR". */
char *bl_amount(struct arena *a, int64_t cents, const char *currency);
/* A local date in lang. */
char *bl_date(struct ctx *c, const char *lang, int64_t t);
/* INV-1: issues an invoice or credit note (kind "invoice" | "credit_note")
 * with lines [n], numbering it from its series' counter in the current
 * transaction. uniq_key makes it once-only: an existing one is returned
 * (*out) with ST_OK and nothing is issued. u: the buyer, s's user (read
 * when NULL). */
enum status bl_issue(struct ctx *c, const struct bl_sub *s, const struct user *u, const char *kind,
		     const char *uniq_key, int64_t refers_to, int period, int64_t period_start,
		     int64_t period_end, const struct bl_invoice_line *lines, int n, struct bl_invoice *out,
		     GString *err);
/* Fills a tax-inclusive line (net/VAT split of PAY-1). */
void bl_line(struct bl_invoice_line *l, const char *description, int64_t gross, int vat_rate_bp);
/* The offer's display name in lang. */
const char *bl_offer_name(const struct bl_offer *o, const char *lang);
/* Reads a promo code row into the pure struct (offer ids into ids[cap]). */
void bl_promo_rule(const struct bl_promo *p, int64_t *ids, size_t cap, struct promo *out);
/* The price of period `period` of s (PROMO-1 and REF-1 applied). */
enum status bl_period_price(struct ctx *c, const struct bl_sub *s, int period, int64_t *gross,
			    int64_t *discount, GString *err);
/* Everything owed on s now: open debts plus unpaid fees. */
enum status bl_owed(struct ctx *c, const struct bl_sub *s, int64_t *owed, GString *err);

/* Payments (billing_pay.c). */
/* Calls the provider for a committed PENDING/UNKNOWN payment and applies
 * its answer in a new transaction. Outside any transaction. */
enum status bl_charge(struct ctx *c, const char *reference, const char *return_url, struct pay_response *resp,
		      GString *err);
/* The provider half of bl_charge: *asked when the provider was called
 * (the payment was still open), its answer in *resp to be applied with
 * billing_payment_outcome in a transaction of the caller's (the billing
 * run applies a batch of answers in one). Outside any transaction. */
enum status bl_charge_ask(struct ctx *c, const char *reference, const char *return_url,
			  struct pay_response *resp, bool *asked, GString *err);
/* Asks the provider to refund payment `reference` (its row is committed
 * as REFUND_PENDING first) and applies a synchronous answer. Outside any
 * transaction. */
enum status bl_refund(struct ctx *c, const char *reference, GString *err);
/* billspeed: billing_payment_outcome that also says when the billing job
 * must next look at the subscription, when the answer settled it (an
 * authorised renewal or settlement: *next_due_at, else left at 0). The
 * billing run then needs no second pass over it just to plan that. */
enum status bl_payment_outcome_next(struct ctx *c, const char *reference, const struct pay_response *resp,
				    int64_t *next_due_at, GString *err);
/* PAY-4: records the fees owed at c->now on s's open debts and not yet
 * recorded: the recovery fee at once, then the monthly rate of the
 * principal for every full month unpaid, never compounded; each once
 * (store_bl_fee_add is once-only per debt, kind and month) with its ledger
 * row. Adds the number recorded to *added. Used by the billing run for
 * live subscriptions and by billing.debts after their end (billing_run.c). */
enum status bl_accrue_fees(struct ctx *c, GTimeZone *tz, const struct bl_sub *s, int *added, GString *err);

/* When the billing job must next look at s (billing_run.c): sets
 * s->next_due_at, c->now when a step is due at once. */
enum status bl_next_visit(struct ctx *c, GTimeZone *tz, struct bl_sub *s, GString *err);

#endif
