/* billfix: payment method update (see billing/billing_method.h). */
#include "billing/billing_method.h"

#include <string.h>

#include "base/secrets.h"
#include "billing/billing_int.h"
#include "billing/subscription.h"
#include "ops/audit.h"

#include "base/banned.h"

enum status billing_method_update(struct ctx *c, const char **redirect_url, GString *err)
{
	*redirect_url = "";
	if (!c->actor) {
		g_string_assign(err, "sign in first");
		return ST_UNAUTHORIZED;
	}
	struct bl_sub s;
	enum status st = store_bl_sub_latest_by_user(c->db, c->a, c->actor->id, &s, err);
	if (st == ST_NOTFOUND)
		g_string_assign(err, "you have no Premium Solo subscription");
	if (st != ST_OK)
		return st;
	enum sub_state state;
	if (!sub_state_parse(s.state, &state) || !sub_state_live(state)) {
		g_string_assign(err, "your subscription has ended: there is no payment method to update");
		return ST_CONFLICT;
	}
	struct bl_payment p = {.user_id = s.user_id,
			       .subscription_id = s.id,
			       .kind = "method",
			       .amount = 0, /* a zero-value authorisation */
			       .currency = s.currency,
			       .attempt = 1,
			       .created_at = c->now};
	p.reference = arena_printf(c->a, PAY_VERIFY_PREFIX "%lld-%.10s", (long long)s.id,
				   secrets_token(c->a, NULL));
	p.idempotency_key = arena_printf(c->a, "method:%s", p.reference);
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	st = store_bl_pay_insert(c->db, &p, err);
	if (st == ST_OK)
		st = audit_record(c, "billing.method.verify", "subscription", s.id, "",
				  arena_printf(c->a, "{\"reference\":\"%s\"}", p.reference), err);
	if ((st = bl_finish(c, st, err)) != ST_OK)
		return st;
	struct pay_response r;
	st = bl_charge(c, p.reference, arena_printf(c->a, "%s/settings/premium", c->cfg->base_url), &r, err);
	if (st == ST_OK)
		*redirect_url = arena_strdup(c->a, r.redirect_url);
	return st;
}

enum status bl_method_outcome(struct ctx *c, struct bl_payment *p, const struct pay_response *r, GString *err)
{
	bool ok = r->result == PAY_AUTHORISED && r->stored_method_id[0];
	p->state = ok ? "VERIFIED" : "REFUSED";
	p->redirect_url = "";
	if (!ok)
		p->reason = arena_strdup(c->a, r->refusal_reason[0] ? r->refusal_reason : "refused");
	enum status st = store_bl_pay_update(c->db, p, c->now, err);
	if (st == ST_OK)
		st = audit_record(c, "billing.payment", "payment", p->id, "",
				  arena_printf(c->a, "{\"reference\":\"%s\",\"state\":\"%s\",\"amount\":0}",
					       p->reference, p->state),
				  err);
	if (st != ST_OK || !ok)
		return st; /* refused: the old method stays */
	struct bl_sub s;
	if ((st = store_bl_sub_lock(c->db, c->a, p->subscription_id, &s, err)) != ST_OK)
		return st;
	char *before = bl_sub_json(c->a, &s);
	s.stored_method_id = arena_strdup(c->a, r->stored_method_id);
	s.method = arena_strdup(c->a, r->method[0] ? r->method : "card");
	s.method_summary = arena_strdup(c->a, r->card_summary);
	if ((st = store_bl_sub_update(c->db, &s, c->now, err)) != ST_OK)
		return st;
	return bl_audit_sub(c, "billing.subscription.method", &s, before, err);
}
