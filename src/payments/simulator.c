/* The built-in payment simulator: the provider campus ships with. It keeps
 * its own state (sim_payments, sim_stored_methods), answers in Adyen's
 * Checkout v71 terms, serves a hosted payment page with test cards
 * (web/page_pay_sim.c) and sends signed standard notifications through a
 * durable job, after the response, as the provider would.
 *
 * Test cards (any future expiry, any 3-4 digit CVC):
 *   4111 1111 1111 1111  authorised
 *   4000 0000 0000 0002  refused ("Refused")
 *   4000 0000 0000 9995  refused ("Not enough balance", insufficient funds)
 *   4000 0000 0000 3220  3-D Secure challenge (Complete / Fail)
 * and PayPal (approve / cancel). Only the brand and the last four digits
 * are kept (PAY-3). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/secrets.h"
#include "db/db.h"
#include "payments/adyen_json.h"
#include "payments/payments.h"
#include "store/store_billing.h"
#include "store/store_payments.h"

#include "base/banned.h"

enum { SESSION_SECONDS = 86400 };

static void put(char *dst, size_t size, const char *src)
{
	g_strlcpy(dst, src ? src : "", size);
}

static const char ref_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
enum { REF_LEN = 16, REF_TIME = 9, REF_BASE = sizeof(ref_alphabet) - 1 };

/* s[from..REF_LEN) of [0-9A-Z], each uniform. billspeed2: random bytes
 * drawn 64 at a time (randombytes_uniform per character was 16 getrandom
 * calls per charge, most of a billing run's system time); a byte of 252
 * or more is skipped (252 = 7 * 36, so that none of the 36 characters is
 * likelier). */
static void random_chars(char *s, int from)
{
	enum { LIMIT = 256 / REF_BASE * REF_BASE };
	unsigned char pool[64];
	size_t used = sizeof(pool);
	for (int i = from; i < REF_LEN;) {
		if (used == sizeof(pool)) {
			randombytes_buf(pool, sizeof(pool));
			used = 0;
		}
		unsigned char b = pool[used++];
		if (b < LIMIT)
			s[i++] = ref_alphabet[b % REF_BASE];
	}
	s[REF_LEN] = '\0';
}

/* A stored method's id: 16 random characters of [0-9A-Z]. */
static char *new_ref(struct arena *a)
{
	char *s = arena_alloc(a, REF_LEN + 1);
	random_chars(s, 0);
	return s;
}

/* A psp reference: 16 characters of [0-9A-Z] like Adyen's, which grow with
 * time as Adyen's do: the real time in milliseconds in base 36 (9
 * characters, enough until the year 5000), then 7 random ones. billspeed3:
 * uniformly random references put every charge at a random place of two
 * indexes (sim_payments' and billing_payments'), a page the cache seldom
 * holds once there are a million; increasing ones are appended. */
static char *new_psp_ref(struct arena *a)
{
	char *s = arena_alloc(a, REF_LEN + 1);
	uint64_t ms = (uint64_t)(g_get_real_time() / 1000);
	for (int i = REF_TIME - 1; i >= 0; i--, ms /= REF_BASE)
		s[i] = ref_alphabet[ms % REF_BASE];
	random_chars(s, REF_TIME);
	return s;
}

static char *digest(struct arena *a, const char *kind, const char *reference, int64_t amount,
		    const char *currency, const char *who, const char *method)
{
	char *text = arena_printf(a, "%s\n%s\n%lld\n%s\n%s\n%s", kind, reference ? reference : "",
				  (long long)amount, currency ? currency : "", who ? who : "",
				  method ? method : "");
	gchar *h = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);
	char *out = arena_strdup(a, h);
	g_free(h);
	return out;
}

/* What a stored simulator payment looks like as a /payments answer. */
static void response_of(struct ctx *c, const struct sim_payment *p, struct pay_response *out,
			const char **result_code)
{
	memset(out, 0, sizeof(*out));
	out->result = adyen_result_of(p->result_code);
	put(out->psp_reference, sizeof(out->psp_reference), p->psp_reference);
	put(out->refusal_reason, sizeof(out->refusal_reason), p->refusal_reason);
	put(out->stored_method_id, sizeof(out->stored_method_id), p->stored_method_id);
	put(out->method, sizeof(out->method), p->method);
	put(out->card_summary, sizeof(out->card_summary), p->card_summary);
	if (!strcmp(p->result_code, "RedirectShopper") || !strcmp(p->result_code, "ChallengeShopper")) {
		char *url = arena_printf(c->a, "%s/sim/pay/%s", c->cfg->base_url, p->session_token);
		put(out->redirect_url, sizeof(out->redirect_url), url);
	}
	if (result_code)
		*result_code = arena_strdup(c->a, p->result_code);
}

/* Queues the signed notification, delivered after this transaction. */
static enum status notify(struct ctx *c, const struct pay_event *ev, const char *merchant, GString *err)
{
	if (!c->cfg->adyen_hmac_key || !*c->cfg->adyen_hmac_key) {
		g_string_assign(
			err, "the payment simulator needs [payments] adyen_hmac_key (campus init sets one)");
		return ST_INVALID;
	}
	char *body = adyen_notification_json(ev, merchant, c->cfg->adyen_hmac_key);
	if (!body) {
		g_string_assign(err, "[payments] adyen_hmac_key is not valid hex");
		return ST_INVALID;
	}
	char *key = arena_printf(c->a, "sim.notify:%s:%s:%d", ev->psp_reference, ev->event_code, ev->success);
	enum status st = store_job_add(c->db, "sim.notify", body, c->now, key, err);
	free(body);
	return st;
}

static void event_of(struct pay_event *ev, const struct sim_payment *p, const char *code, bool success)
{
	memset(ev, 0, sizeof(*ev));
	put(ev->event_code, sizeof(ev->event_code), code);
	ev->success = success;
	put(ev->psp_reference, sizeof(ev->psp_reference), p->psp_reference);
	put(ev->merchant_reference, sizeof(ev->merchant_reference), p->reference);
	ev->amount = p->amount;
	put(ev->currency, sizeof(ev->currency), p->currency);
	put(ev->reason, sizeof(ev->reason), p->refusal_reason);
	put(ev->stored_method_id, sizeof(ev->stored_method_id), p->stored_method_id);
	put(ev->method, sizeof(ev->method), p->method);
	put(ev->card_summary, sizeof(ev->card_summary), p->card_summary);
}

/* billspeed2: the key must sign at delivery what is deferred now. */
static enum status hmac_key_ok(struct ctx *c, GString *err)
{
	const char *k = c->cfg->adyen_hmac_key;
	size_t n = k ? strlen(k) : 0;
	if (n && n % 2 == 0 && strspn(k, "0123456789abcdefABCDEF") == n)
		return ST_OK;
	g_string_assign(err,
			n ? "[payments] adyen_hmac_key is not valid hex"
			  : "the payment simulator needs [payments] adyen_hmac_key (campus init sets one)");
	return ST_INVALID;
}

/* sim_pay; with notes (a batch of the billing run), the AUTHORISATION
 * notification of a ContAuth charge is not built and signed now: its psp
 * reference is added to notes (g_strdup, owned by notes) and the batch
 * queues one sim.notify.batch job for all of them in its transaction. */
static enum status pay_in(struct ctx *c, const struct pay_request *req, const char *merchant_account,
			  bool store_method, struct pay_response *out, const char **result_code,
			  GPtrArray *notes, GString *err)
{
	memset(out, 0, sizeof(*out));
	out->result = PAY_ERROR;
	bool verify = req->verify_only && req->amount == 0 && store_method &&
		      g_str_has_prefix(req->reference ? req->reference : "", PAY_VERIFY_PREFIX) &&
		      !(req->stored_method_id && *req->stored_method_id);
	if (req->verify_only && !verify) {
		g_string_assign(err, "a card verification has amount 0, stores the method and is no renewal");
		return ST_INVALID;
	}
	if (!req->reference || !*req->reference || (req->amount <= 0 && !verify) || !req->currency ||
	    strlen(req->currency) != 3 || !req->shopper_reference || !*req->shopper_reference) {
		g_string_assign(err,
				"reference, a positive amount, currency and shopperReference are required");
		return ST_INVALID;
	}
	const char *key = req->idempotency_key && *req->idempotency_key ? req->idempotency_key : NULL;
	if (key && strlen(key) > 64)
		return g_string_assign(err, "Idempotency-Key: at most 64 characters"), ST_INVALID;
	char *dg = digest(c->a, "payment", req->reference, req->amount, req->currency, req->shopper_reference,
			  req->stored_method_id);
	struct sim_payment *p = NULL;
	if (key) {
		enum status st = store_sim_get(c->db, c->a, "key", key, &p, err);
		if (st == ST_OK) {
			if (strcmp(p->request_digest, dg)) {
				g_string_assign(err, "Idempotency-Key already used with another request");
				return ST_CONFLICT;
			}
			response_of(c, p, out, result_code); /* the same answer again */
			return ST_OK;
		}
		if (st != ST_NOTFOUND)
			return st;
		g_string_truncate(err, 0);
	}
	p = arena_alloc(c->a, sizeof(*p));
	memset(p, 0, sizeof(*p));
	p->psp_reference = new_psp_ref(c->a);
	p->idempotency_key = (char *)(key ? key : "");
	p->request_digest = dg;
	p->kind = "payment";
	p->original_psp = "";
	p->merchant_account = (char *)(merchant_account ? merchant_account : "");
	p->reference = (char *)req->reference;
	p->amount = req->amount;
	p->currency = (char *)req->currency;
	p->shopper_reference = (char *)req->shopper_reference;
	p->shopper_email = (char *)(req->shopper_email ? req->shopper_email : "");
	p->shopper_locale = (char *)(req->shopper_locale ? req->shopper_locale : "");
	p->return_url = (char *)(req->return_url ? req->return_url : "");
	p->store_method = store_method;
	p->session_token = "";
	p->refusal_reason = "";
	p->stored_method_id = "";
	p->method = "";
	p->card_summary = "";
	bool renewal = req->stored_method_id && *req->stored_method_id;
	if (renewal) {
		/* ContAuth: the stored method is charged at once. */
		struct sim_method *m = NULL;
		enum status st = store_sim_method_get(c->db, c->a, req->stored_method_id, &m, err);
		if (st == ST_NOTFOUND ||
		    (st == ST_OK && strcmp(m->shopper_reference, req->shopper_reference))) {
			g_string_assign(err,
					"paymentMethod.storedPaymentMethodId: no such stored method for this "
					"shopperReference");
			return ST_INVALID;
		}
		if (st != ST_OK)
			return st;
		p->stored_method_id = m->id;
		p->method = m->method;
		p->card_summary = m->card_summary;
		p->result_code = m->declines ? "Refused" : "Authorised";
		p->refusal_reason = m->declines ? "Refused" : "";
	} else {
		if (!req->return_url || !*req->return_url)
			return g_string_assign(err, "returnUrl is required for a first payment"), ST_INVALID;
		p->session_token = secrets_token(c->a, NULL);
		p->result_code = "RedirectShopper";
	}
	/* With notes the insert is the only write and the last step that
	 * can fail (SIM_CALL's one_write). */
	enum status st = renewal && notes ? hmac_key_ok(c, err) : ST_OK;
	if (st == ST_OK)
		st = store_sim_insert(c->db, p, c->now, err);
	if (st == ST_OK && renewal && notes) {
		g_ptr_array_add(notes, g_strdup(p->psp_reference));
	} else if (st == ST_OK && renewal) {
		struct pay_event ev;
		event_of(&ev, p, "AUTHORISATION", !strcmp(p->result_code, "Authorised"));
		ev.event_date = c->now;
		st = notify(c, &ev, p->merchant_account, err);
	}
	if (st == ST_OK)
		response_of(c, p, out, result_code);
	return st;
}

enum status sim_pay(struct ctx *c, const struct pay_request *req, const char *merchant_account,
		    bool store_method, struct pay_response *out, const char **result_code, GString *err)
{
	return pay_in(c, req, merchant_account, store_method, out, result_code, NULL, err);
}

/* sim.notify.batch: the AUTHORISATION notifications of a batch's ContAuth
 * charges (payload: their psp references, one a line), each built from the
 * stored payment, signed and delivered as sim.notify delivers one; the
 * event date is the charge's. */
enum status payments_sim_notify_batch_job(struct ctx *c, const char *payload, GString *err)
{
	enum status st = hmac_key_ok(c, err);
	char **refs = g_strsplit(payload ? payload : "", "\n", -1);
	for (int i = 0; st == ST_OK && refs[i]; i++) {
		if (!*refs[i])
			continue;
		struct sim_payment *p = NULL;
		if ((st = store_sim_get(c->db, c->a, "psp", refs[i], &p, err)) != ST_OK)
			break;
		struct pay_event ev;
		event_of(&ev, p, "AUTHORISATION", !strcmp(p->result_code, "Authorised"));
		ev.event_date = p->created_at;
		char *body = adyen_notification_json(&ev, p->merchant_account, c->cfg->adyen_hmac_key);
		if (!body) {
			g_string_assign(err, "[payments] adyen_hmac_key is not valid hex");
			st = ST_INVALID;
			break;
		}
		st = payments_sim_notify_job(c, body, err);
		free(body);
	}
	g_strfreev(refs);
	return st;
}

enum status sim_refund(struct ctx *c, const char *psp_reference, const char *reference,
		       const char *idempotency_key, int64_t amount, const char *currency,
		       const char *merchant_account, struct pay_response *out, GString *err)
{
	memset(out, 0, sizeof(*out));
	out->result = PAY_ERROR;
	if (!psp_reference || !reference || !*reference || amount <= 0 || !currency)
		return g_string_assign(err, "pspReference, reference, amount and currency are required"),
		       ST_INVALID;
	const char *key = idempotency_key && *idempotency_key ? idempotency_key : NULL;
	char *dg = digest(c->a, "refund", reference, amount, currency, psp_reference, NULL);
	struct sim_payment *p = NULL;
	if (key) {
		enum status st = store_sim_get(c->db, c->a, "key", key, &p, err);
		if (st == ST_OK) {
			if (strcmp(p->request_digest, dg))
				return g_string_assign(err,
						       "Idempotency-Key already used with another request"),
				       ST_CONFLICT;
			out->result = PAY_PENDING;
			put(out->psp_reference, sizeof(out->psp_reference), p->psp_reference);
			return ST_OK;
		}
		if (st != ST_NOTFOUND)
			return st;
		g_string_truncate(err, 0);
	}
	struct sim_payment *orig = NULL;
	enum status st = store_sim_get(c->db, c->a, "psp", psp_reference, &orig, err);
	if (st != ST_OK)
		return st;
	if (strcmp(orig->kind, "payment") || strcmp(orig->result_code, "Authorised"))
		return g_string_assign(err, "only an authorised payment can be refunded"), ST_CONFLICT;
	if (strcmp(orig->currency, currency))
		return g_string_assign(err, "amount.currency differs from the payment's"), ST_INVALID;
	int64_t done = 0;
	if ((st = store_sim_refunded(c->db, psp_reference, &done, err)) != ST_OK)
		return st;
	if (done + amount > orig->amount)
		return g_string_assign(err, "the refunds would exceed the payment"), ST_INVALID;
	p = arena_alloc(c->a, sizeof(*p));
	*p = *orig;
	p->psp_reference = new_psp_ref(c->a);
	p->idempotency_key = (char *)(key ? key : "");
	p->request_digest = dg;
	p->kind = "refund";
	p->original_psp = orig->psp_reference;
	p->merchant_account = (char *)(merchant_account ? merchant_account : orig->merchant_account);
	p->reference = (char *)reference;
	p->amount = amount;
	p->session_token = "";
	p->result_code = "Received";
	p->store_method = false;
	if ((st = store_sim_insert(c->db, p, c->now, err)) != ST_OK)
		return st;
	struct pay_event ev;
	event_of(&ev, p, "REFUND", true);
	put(ev.original_reference, sizeof(ev.original_reference), orig->psp_reference);
	ev.event_date = c->now;
	if ((st = notify(c, &ev, p->merchant_account, err)) != ST_OK)
		return st;
	out->result = PAY_PENDING;
	put(out->psp_reference, sizeof(out->psp_reference), p->psp_reference);
	return ST_OK;
}

enum status sim_lookup(struct ctx *c, const char *reference, struct pay_response *out,
		       const char **result_code, GString *err)
{
	memset(out, 0, sizeof(*out));
	out->result = PAY_ERROR;
	struct sim_payment *p = NULL;
	enum status st = store_sim_get(c->db, c->a, "reference", reference ? reference : "", &p, err);
	if (st == ST_OK)
		response_of(c, p, out, result_code);
	return st;
}

enum status sim_session(struct ctx *c, const char *session, struct sim_payment **out, GString *err)
{
	if (!session || strlen(session) < 20 || strlen(session) > 64)
		return g_string_assign(err, "no such payment session"), ST_NOTFOUND;
	enum status st = store_sim_get(c->db, c->a, "session", session, out, err);
	/* Like a provider's session, a page left waiting expires: the
	 * payment then never happens (billing's order expires too). */
	if (st == ST_OK && c->now - (*out)->created_at > SESSION_SECONDS &&
	    (!strcmp((*out)->result_code, "RedirectShopper") ||
	     !strcmp((*out)->result_code, "ChallengeShopper"))) {
		g_string_assign(err, N_("This payment session has expired."));
		return ST_NOTFOUND;
	}
	return st;
}

static const char *return_to(struct ctx *c, const struct sim_payment *p, const char *result_code)
{
	GString *u = g_string_new(p->return_url);
	g_string_append_c(u, strchr(p->return_url, '?') ? '&' : '?');
	g_string_append(u, "resultCode=");
	g_string_append_uri_escaped(u, result_code, NULL, FALSE);
	g_string_append(u, "&merchantReference=");
	g_string_append_uri_escaped(u, p->reference, NULL, FALSE);
	g_string_append(u, "&pspReference=");
	g_string_append(u, p->psp_reference);
	char *s = arena_strdup(c->a, u->str);
	g_string_free(u, TRUE);
	return s;
}

/* Settles a waiting payment: stores the method when asked and authorised,
 * queues AUTHORISATION. A second settlement (back button, double click)
 * changes nothing and sends the shopper back with the first outcome. */
static enum status settle(struct ctx *c, struct sim_payment *p, const char *rc, const char *refusal,
			  const char *method, const char *summary, const char **next, GString *err)
{
	bool ok = !strcmp(rc, "Authorised");
	const char *sid = ok && p->store_method ? new_ref(c->a) : "";
	bool changed = false;
	enum status st = store_sim_settle(c->db, p->psp_reference, rc, refusal, sid, method, summary, c->now,
					  &changed, err);
	if (st != ST_OK)
		return st;
	if (!changed) {
		*next = return_to(c, p, p->result_code);
		return ST_OK;
	}
	if (*sid) {
		struct sim_method m = {.id = (char *)sid,
				       .shopper_reference = p->shopper_reference,
				       .method = (char *)method,
				       .card_summary = (char *)summary};
		if ((st = store_sim_method_insert(c->db, &m, c->now, err)) != ST_OK)
			return st;
	}
	p->result_code = (char *)rc;
	p->refusal_reason = (char *)refusal;
	p->stored_method_id = (char *)sid;
	p->method = (char *)method;
	p->card_summary = (char *)summary;
	struct pay_event ev;
	event_of(&ev, p, "AUTHORISATION", ok);
	ev.event_date = c->now;
	if ((st = notify(c, &ev, p->merchant_account, err)) != ST_OK)
		return st;
	*next = return_to(c, p, rc);
	return ST_OK;
}

static bool luhn(const char *d)
{
	int sum = 0;
	size_t n = strlen(d);
	for (size_t i = 0; i < n; i++) {
		int v = d[n - 1 - i] - '0';
		if (i % 2) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

static bool all_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	return n >= min && n <= max && strspn(s, "0123456789") == n;
}

static enum status waiting(struct ctx *c, const char *session, const char *state, struct sim_payment **p,
			   const char **next, GString *err)
{
	enum status st = sim_session(c, session, p, err);
	if (st != ST_OK)
		return st;
	if (strcmp((*p)->result_code, state)) {
		/* Already settled (or not at this step): back to the merchant
		 * with what happened. */
		*next = return_to(c, *p, (*p)->result_code);
		return ST_CONFLICT;
	}
	return ST_OK;
}

enum status sim_pay_card(struct ctx *c, const char *session, const char *number, const char *expiry,
			 const char *cvc, const char **next, const char **field, GString *err)
{
	struct sim_payment *p = NULL;
	*field = NULL;
	enum status st = waiting(c, session, "RedirectShopper", &p, next, err);
	if (st == ST_CONFLICT)
		return ST_OK;
	if (st != ST_OK)
		return st;
	/* The card number: digits, spaces and dashes as typed. */
	char digits[20];
	size_t nd = 0;
	for (const char *s = number ? number : ""; *s; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		if (*s < '0' || *s > '9' || nd >= sizeof(digits) - 1) {
			nd = 0;
			break;
		}
		digits[nd++] = *s;
	}
	digits[nd] = '\0';
	if (nd < 12 || !luhn(digits)) {
		*field = "number";
		return g_string_assign(err, N_("Enter a valid card number.")), ST_INVALID;
	}
	unsigned mm = 0, yy = 0;
	char tail = 0;
	if (!expiry || sscanf(expiry, "%2u/%4u%c", &mm, &yy, &tail) != 2 || mm < 1 || mm > 12) {
		*field = "expiry";
		return g_string_assign(err, N_("Enter the expiry date as MM/YY.")), ST_INVALID;
	}
	if (yy < 100)
		yy += 2000;
	GDateTime *now = g_date_time_new_from_unix_utc(c->now);
	int cy = g_date_time_get_year(now), cm = g_date_time_get_month(now);
	g_date_time_unref(now);
	if ((int)yy < cy || ((int)yy == cy && (int)mm < cm)) {
		*field = "expiry";
		return g_string_assign(err, N_("This card has expired.")), ST_INVALID;
	}
	if (!cvc || !all_digits(cvc, 3, 4)) {
		*field = "cvc";
		return g_string_assign(err, N_("Enter the 3 or 4 digits of the security code.")), ST_INVALID;
	}
	/* PAY-3: from here on only the brand and the last four digits. */
	const char *summary = arena_printf(c->a, "Visa \xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2 %s",
					   digits + nd - 4);
	if (!strcmp(digits, "4111111111111111"))
		return settle(c, p, "Authorised", "", "card", summary, next, err);
	if (!strcmp(digits, "4000000000000002"))
		return settle(c, p, "Refused", "Refused", "card", summary, next, err);
	if (!strcmp(digits, "4000000000009995"))
		return settle(c, p, "Refused", "Not enough balance", "card", summary, next, err);
	if (!strcmp(digits, "4000000000003220")) {
		if ((st = store_sim_challenge(c->db, p->psp_reference, summary, c->now, err)) != ST_OK)
			return st;
		*next = arena_printf(c->a, "/sim/pay/%s/challenge", session);
		return ST_OK;
	}
	*field = "number";
	return g_string_assign(err, N_("This is not one of the simulator's test cards.")), ST_INVALID;
}

enum status sim_challenge_done(struct ctx *c, const char *session, bool complete, const char **next,
			       GString *err)
{
	struct sim_payment *p = NULL;
	enum status st = waiting(c, session, "ChallengeShopper", &p, next, err);
	if (st == ST_CONFLICT)
		return ST_OK;
	if (st != ST_OK)
		return st;
	return complete ? settle(c, p, "Authorised", "", "card", p->card_summary, next, err)
			: settle(c, p, "Refused", "3D Not Authenticated", "card", p->card_summary, next, err);
}

enum status sim_paypal_done(struct ctx *c, const char *session, bool approve, const char **next, GString *err)
{
	struct sim_payment *p = NULL;
	enum status st = waiting(c, session, "RedirectShopper", &p, next, err);
	if (st == ST_CONFLICT)
		return ST_OK;
	if (st != ST_OK)
		return st;
	return approve ? settle(c, p, "Authorised", "", "paypal", "PayPal", next, err)
		       : settle(c, p, "Cancelled", "Cancelled by shopper", "paypal", "PayPal", next, err);
}

/* For PAY-5 scenarios: renewals of this method fail from now on. */
enum status sim_method_decline(struct ctx *c, const char *stored_method_id, GString *err)
{
	return store_sim_method_decline(c->db, stored_method_id, err);
}

/* CHARGEBACK for PAY-6 scenarios, REFUND, CANCELLATION... */
enum status sim_send_event(struct ctx *c, const char *psp_reference, const char *event_code, bool success,
			   int64_t amount, const char *reason, GString *err)
{
	static const char *const codes[] = {"CHARGEBACK",       "CHARGEBACK_REVERSED", "REFUND",
					    "REFUND_FAILED",    "CANCELLATION",        "AUTHORISATION",
					    "SECOND_CHARGEBACK"};
	bool known = false;
	for (size_t i = 0; i < G_N_ELEMENTS(codes); i++)
		known = known || (event_code && !strcmp(codes[i], event_code));
	if (!known)
		return g_string_assign(err, "eventCode: not one the simulator sends"), ST_INVALID;
	struct sim_payment *p = NULL;
	enum status st = store_sim_get(c->db, c->a, "psp", psp_reference ? psp_reference : "", &p, err);
	if (st != ST_OK)
		return st;
	if (amount < 0 || amount > p->amount)
		return g_string_assign(err, "amount must be from 0 to the payment's amount"), ST_INVALID;
	struct pay_event ev;
	event_of(&ev, p, event_code, success);
	if (strcmp(event_code, "AUTHORISATION")) {
		/* A modification: its own reference, pointing at the payment. */
		put(ev.psp_reference, sizeof(ev.psp_reference), new_psp_ref(c->a));
		put(ev.original_reference, sizeof(ev.original_reference), p->psp_reference);
	}
	if (amount)
		ev.amount = amount;
	put(ev.reason, sizeof(ev.reason), reason);
	ev.event_date = c->now;
	return notify(c, &ev, p->merchant_account, err);
}

/* ---- the in-process provider: the same logic, no HTTP ---- */

struct sim_impl {
	const struct config *cfg;
	struct clock *clock;
	struct db_pool *pool;
	struct db *batch; /* billops: the connection of a batch, in its transaction */
	GPtrArray *notes; /* billspeed2: psp references to notify when the batch commits */
};

/* Runs fn in its own transaction on the simulator's own connection, or,
 * during a batch (billops), inside a savepoint of the batch's transaction.
 * billspeed2: one_write: fn writes at most one row, by its last statement;
 * on SQLite a failed statement undoes itself and leaves the transaction
 * open, so no savepoint is needed (PostgreSQL aborts the transaction). */
#define SIM_CALL(p, one_write, call)                                                                         \
	do {                                                                                                 \
		struct sim_impl *im = (p)->impl;                                                             \
		struct arena *a = arena_new();                                                               \
		struct db *db = im->batch ? im->batch : db_pool_get(im->pool);                               \
		struct ctx c = {.db = db, .a = a, .now = clock_now(im->clock), .cfg = im->cfg};              \
		bool sp_none_ = im->batch && (one_write) && !db_is_pg(db);                                   \
		st = sp_none_ ? ST_OK : im->batch ? store_pn_savepoint(db, err) : db_begin(db, err);         \
		if (st == ST_OK && sp_none_) {                                                               \
			st = (call);                                                                         \
		} else if (st == ST_OK && im->batch) {                                                       \
			st = (call);                                                                         \
			enum status sp_ = store_pn_savepoint_end(db, st == ST_OK, err);                      \
			if (st == ST_OK)                                                                     \
				st = sp_;                                                                    \
		} else if (st == ST_OK) {                                                                    \
			st = (call);                                                                         \
			if (st == ST_OK)                                                                     \
				st = db_commit(db, err);                                                     \
			else                                                                                 \
				db_rollback(db);                                                             \
		}                                                                                            \
		if (!im->batch)                                                                              \
			db_pool_put(im->pool, db);                                                           \
		arena_free(a);                                                                               \
	} while (0)

/* billops: a batch of the billing run in one transaction of the simulator
 * (one commit instead of one per charge). */
static enum status sp_batch_begin(struct payment_provider *p, GString *err)
{
	struct sim_impl *im = p->impl;
	if (im->batch)
		return ST_OK;
	struct db *db = db_pool_get(im->pool);
	/* billspeed: the savepoint of each charge journaled in memory. */
	enum status st = store_bl_batch_tune(db, err);
	if (st == ST_OK)
		st = db_begin(db, err);
	if (st != ST_OK) {
		db_pool_put(im->pool, db);
		return st;
	}
	im->batch = db;
	g_ptr_array_set_size(im->notes, 0);
	return ST_OK;
}

/* billspeed2: one job notifies all the batch's charges, queued in the
 * batch's transaction (so a charge committed always has its notification
 * and one rolled back has none). */
static enum status queue_notes(struct sim_impl *im, struct db *db, GString *err)
{
	if (!im->notes->len)
		return ST_OK;
	GString *payload = g_string_new(NULL);
	for (guint i = 0; i < im->notes->len; i++) {
		if (i)
			g_string_append_c(payload, '\n');
		g_string_append(payload, im->notes->pdata[i]);
	}
	char *key = g_strdup_printf("sim.notify.batch:%s", (const char *)im->notes->pdata[0]);
	enum status st = store_job_add(db, "sim.notify.batch", payload->str, clock_now(im->clock), key, err);
	g_free(key);
	g_string_free(payload, TRUE);
	return st;
}

static enum status sp_batch_end(struct payment_provider *p, bool commit, GString *err)
{
	struct sim_impl *im = p->impl;
	struct db *db = im->batch;
	if (!db)
		return ST_OK;
	im->batch = NULL;
	enum status st = commit ? queue_notes(im, db, err) : ST_OK;
	if (commit && st == ST_OK)
		st = db_commit(db, err);
	else
		db_rollback(db);
	g_ptr_array_set_size(im->notes, 0);
	db_pool_put(im->pool, db);
	return st;
}

static enum status sp_pay(struct payment_provider *p, const struct pay_request *req, struct pay_response *out,
			  GString *err)
{
	enum status st;
	struct sim_impl *si = p->impl;
	/* A charge undone (its savepoint rolled back) leaves no note. */
	guint notes = si->notes->len;
	SIM_CALL(p, true,
		 pay_in(&c, req, si->cfg->adyen_merchant_account, true, out, NULL,
			si->batch ? si->notes : NULL, err));
	if (st != ST_OK)
		g_ptr_array_set_size(si->notes, notes);
	if (st == ST_DB || st == ST_IO) {
		out->result = PAY_UNKNOWN;
		return ST_OK;
	}
	if (st != ST_OK)
		out->result = PAY_ERROR;
	return st == ST_CONFLICT ? ST_INVALID : st;
}

static enum status sp_refund(struct payment_provider *p, const char *psp, const char *reference,
			     const char *key, int64_t amount, const char *currency, struct pay_response *out,
			     GString *err)
{
	enum status st;
	struct sim_impl *si = p->impl;
	SIM_CALL(p, false,
		 sim_refund(&c, psp, reference, key, amount, currency, si->cfg->adyen_merchant_account, out,
			    err));
	if (st == ST_DB || st == ST_IO) {
		out->result = PAY_UNKNOWN;
		return ST_OK;
	}
	if (st != ST_OK) {
		out->result = PAY_ERROR;
		return ST_OK; /* the provider's refusal of the refund, explained in err */
	}
	return st;
}

/* A read: no transaction, so that it never waits behind a caller's write
 * transaction (the reconciler runs inside a job's). */
static enum status sp_lookup(struct payment_provider *p, const char *reference, struct pay_response *out,
			     GString *err)
{
	struct sim_impl *im = p->impl;
	struct arena *a = arena_new();
	struct db *db = db_pool_get(im->pool);
	struct ctx c = {.db = db, .a = a, .now = clock_now(im->clock), .cfg = im->cfg};
	enum status st = sim_lookup(&c, reference, out, NULL, err);
	db_pool_put(im->pool, db);
	arena_free(a);
	if (st == ST_DB) {
		out->result = PAY_UNKNOWN;
		return ST_OK;
	}
	return st;
}

static void sp_free(struct payment_provider *p)
{
	if (!p)
		return;
	struct sim_impl *im = p->impl;
	sp_batch_end(p, false, NULL); /* a batch never ended: it did not happen */
	db_pool_free(im->pool);
	g_ptr_array_free(im->notes, TRUE);
	g_free(im);
	g_free(p);
}

struct payment_provider *simulator_provider_new(const struct config *cfg, struct clock *clock, GString *err);
struct payment_provider *simulator_provider_new(const struct config *cfg, struct clock *clock, GString *err)
{
	struct db_pool *pool = db_pool_new(cfg->db_url, 4, err);
	if (!pool)
		return NULL;
	struct sim_impl *im = g_new0(struct sim_impl, 1);
	im->cfg = cfg;
	im->clock = clock;
	im->pool = pool;
	im->notes = g_ptr_array_new_with_free_func(g_free);
	struct payment_provider *p = g_new0(struct payment_provider, 1);
	p->name = "simulator";
	p->pay = sp_pay;
	p->refund = sp_refund;
	p->lookup = sp_lookup;
	p->free = sp_free;
	p->batch_begin = sp_batch_begin;
	p->batch_end = sp_batch_end;
	p->impl = im;
	return p;
}
