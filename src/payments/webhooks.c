/* Provider notifications: stored first (so that "[accepted]" is only
 * answered for what is safely kept), applied later in order of event date
 * by the payments.notifications job. */
#include <string.h>

#include "ops/audit.h"
#include "payments/adyen_json.h"
#include "payments/payments.h"
#include "store/store_payments.h"

#include "base/banned.h"

enum {
	BATCH = 200,
	/* A REFUND or CHARGEBACK waits this long for the AUTHORISATION of its
	 * payment before it goes to billing anyway (which may still say
	 * "not yet"). */
	WAIT_FOR_AUTH_SECONDS = 3600,
	MAX_ATTEMPTS = 20,
};

static struct payments_billing billing;

void payments_set_billing(const struct payments_billing *b)
{
	if (b)
		billing = *b;
	else
		memset(&billing, 0, sizeof(billing));
}

/* key: what makes this run unique. A delivery schedules a run named
 * after its first stored row (a key per second would collide with a run
 * already done in that second and strand the item); a retry, one named
 * after its future second. */
static enum status schedule(struct ctx *c, int64_t at, const char *key, GString *err)
{
	return store_job_add(c->db, "payments.notifications", "", at,
			     arena_printf(c->a, "payments.notifications:%s", key), err);
}

/* Stores the verified items; with later, a run of payments.notifications
 * applies them after this transaction, else the caller applies them. */
static enum status receive(struct ctx *c, const char *body, size_t len, bool later, int *stored,
			   int *duplicates, GString *err)
{
	*stored = *duplicates = 0;
	struct adyen_notification *items = NULL;
	int n = 0;
	enum status st = adyen_notification_parse(c->a, body, len, c->cfg->adyen_hmac_key, &items, &n, err);
	if (st != ST_OK)
		return st;
	int64_t first = 0;
	for (int i = 0; i < n && st == ST_OK; i++) {
		int64_t id = 0;
		st = store_pn_insert(c->db, &items[i].ev, items[i].merchant_account, items[i].raw, c->now,
				     &id, err);
		if (st == ST_OK && id) {
			(*stored)++;
			first = first ? first : id;
		} else if (st == ST_OK) {
			(*duplicates)++;
		}
	}
	if (st == ST_OK && first && later)
		st = schedule(c, c->now, arena_printf(c->a, "n%lld", (long long)first), err);
	return st;
}

enum status payments_webhook_receive(struct ctx *c, const char *body, size_t len, int *stored,
				     int *duplicates, GString *err)
{
	return receive(c, body, len, true, stored, duplicates, err);
}

static bool is_modification(const struct pay_event *ev)
{
	return ev->original_reference[0] &&
	       (!strcmp(ev->event_code, "REFUND") || !strcmp(ev->event_code, "CHARGEBACK") ||
		!strcmp(ev->event_code, "CHARGEBACK_REVERSED") ||
		!strcmp(ev->event_code, "SECOND_CHARGEBACK") || !strcmp(ev->event_code, "REFUND_FAILED"));
}

static int64_t backoff(int attempts)
{
	int64_t s = 30;
	for (int i = 1; i < attempts && s < 3600; i++)
		s *= 2;
	return s;
}

/* One item: applied, flagged, or left pending until *retry_at. */
static enum status process_one(struct ctx *c, struct pay_notification *pn, int64_t *retry_at, GString *err)
{
	int attempts = pn->attempts + 1;
	GString *why = g_string_new(NULL);
	enum status st = ST_CONFLICT;
	if (is_modification(&pn->ev) && c->now - pn->received_at < WAIT_FOR_AUTH_SECONDS) {
		bool applied = false;
		st = store_pn_auth_applied(c->db, pn->ev.original_reference, &applied, err);
		if (st != ST_OK)
			goto out;
		if (!applied) {
			/* An AUTHORISATION flagged unknown_reference counts as
			 * settled too: billing will say the same of this one. */
			g_string_printf(why, "waiting for the AUTHORISATION of %s",
					pn->ev.original_reference);
			st = ST_CONFLICT;
		} else {
			st = ST_OK;
		}
	} else {
		st = ST_OK;
	}
	if (st == ST_OK && !billing.apply_event) {
		/* Not an attempt: nothing could apply it. Looked at again hourly. */
		g_string_assign(why, "no billing sink registered yet");
		int64_t hour = c->now + 3600;
		*retry_at = *retry_at && *retry_at < hour ? *retry_at : hour;
		st = store_pn_set(c->db, pn->id, "pending", pn->attempts, hour, why->str, 0, err);
		g_string_free(why, TRUE);
		return st;
	}
	if (st == ST_OK && (st = store_pn_savepoint(c->db, err)) != ST_OK)
		goto out;
	if (st == ST_OK) {
		/* The stored columns do not keep the card summary: read it
		 * from the item as received (PAY-3: the Premium tab shows it). */
		adyen_item_card_summary(pn->raw_json, pn->ev.card_summary, sizeof(pn->ev.card_summary));
		/* Billing's partial writes are undone when it does not apply. */
		st = billing.apply_event(c, &pn->ev, why);
		enum status sp = store_pn_savepoint_end(c->db, st == ST_OK, err);
		if (sp != ST_OK) {
			st = sp;
			goto out;
		}
	}
	const char *status = "pending";
	int64_t next = 0, done = 0;
	if (st == ST_OK) {
		status = "applied";
		done = c->now;
	} else if (st == ST_NOTFOUND) {
		/* Not one of campus's payments: kept for finance, never applied. */
		status = "unknown_reference";
		done = c->now;
	} else if (attempts >= MAX_ATTEMPTS) {
		status = "failed";
		done = c->now;
	} else {
		next = c->now + backoff(attempts);
		*retry_at = *retry_at && *retry_at < next ? *retry_at : next;
	}
	st = store_pn_set(c->db, pn->id, status, attempts, next, why->str, done, err);
	/* Anomalies go to the audit log; what billing applied, billing
	 * audited itself in this same transaction (DATA-1). */
	if (st == ST_OK && strcmp(status, "pending") && strcmp(status, "applied")) {
		char *after = arena_printf(c->a, "{\"status\":\"%s\",\"event\":\"%s\",\"success\":%s}",
					   status, pn->ev.event_code, pn->ev.success ? "true" : "false");
		st = audit_record(c, "payment.notification", "payment_notification", pn->id, "", after, err);
	}
out:
	g_string_free(why, TRUE);
	return st;
}

enum status payments_notifications_job(struct ctx *c, const char *payload, GString *err)
{
	(void)payload;
	struct pay_notification **due = NULL;
	int n = 0;
	enum status st = store_pn_due(c->db, c->a, c->now, BATCH, &due, &n, err);
	int64_t retry_at = 0;
	/* Modifications whose payment is not yet authorised go last, so that an
	 * AUTHORISATION of the same batch (later event date, earlier
	 * arrival) is applied before them. */
	GPtrArray *later = g_ptr_array_new();
	for (int i = 0; i < n && st == ST_OK; i++) {
		bool applied = true;
		if (is_modification(&due[i]->ev))
			st = store_pn_auth_applied(c->db, due[i]->ev.original_reference, &applied, err);
		if (st == ST_OK && !applied)
			g_ptr_array_add(later, due[i]);
		else if (st == ST_OK)
			st = process_one(c, due[i], &retry_at, err);
	}
	for (guint i = 0; i < later->len && st == ST_OK; i++)
		st = process_one(c, later->pdata[i], &retry_at, err);
	g_ptr_array_free(later, TRUE);
	if (st != ST_OK)
		return st;
	if (n == BATCH) /* more are due: go on at once */
		return schedule(c, c->now, arena_printf(c->a, "more%lld", (long long)due[n - 1]->id), err);
	return retry_at ? schedule(c, retry_at, arena_printf(c->a, "t%lld", (long long)retry_at), err)
			: ST_OK;
}

/* The simulator's delivery is already a job, after the payment's
 * response: it stores and applies in the same transaction (one commit per
 * notification instead of two, which the renewal runs feel). */
enum status payments_sim_notify_job(struct ctx *c, const char *payload, GString *err)
{
	int stored = 0, dup = 0;
	enum status st = receive(c, payload, strlen(payload), false, &stored, &dup, err);
	if (st == ST_OK && stored)
		st = payments_notifications_job(c, "", err);
	return st;
}

enum { RECONCILE_EVERY = 300, RECONCILE_BATCH = 100 };

enum status payments_seed_jobs(struct db *db, int64_t now, GString *err)
{
	char key[64];
	g_snprintf(key, sizeof(key), "payments.reconcile:%lld", (long long)(now / RECONCILE_EVERY));
	return store_job_add(db, "payments.reconcile", "", now, key, err);
}

enum status payments_reconcile_job(struct ctx *c, const char *payload, GString *err)
{
	(void)payload;
	enum status st = ST_OK;
	if (billing.unresolved && billing.payment_outcome && c->provider) {
		char **refs = NULL;
		int n = 0;
		int64_t before = c->now - (int64_t)c->cfg->reconcile_after_minutes * 60;
		st = billing.unresolved(c, before, RECONCILE_BATCH, &refs, &n, err);
		if (st != ST_OK)
			return st;
		/* The provider is asked outside any transaction: commit the
		 * job's, work in short ones, and open one again for the
		 * scheduler to finish. */
		if (n && (st = db_commit(c->db, err)) != ST_OK)
			return st;
		for (int i = 0; i < n; i++) {
			struct pay_response resp;
			GString *why = g_string_new(NULL);
			enum status ls = c->provider->lookup(c->provider, refs[i], &resp, why);
			if (ls == ST_OK && resp.result != PAY_UNKNOWN) {
				enum status os = db_begin(c->db, err);
				if (os == ST_OK)
					os = billing.payment_outcome(c, refs[i], &resp, err);
				if (os == ST_OK)
					os = db_commit(c->db, err);
				else
					db_rollback(c->db);
				if (os != ST_OK)
					g_printerr("campus: reconcile %s: %s\n", refs[i], err->str);
			} else if (ls != ST_OK && ls != ST_NOTFOUND) {
				g_printerr("campus: reconcile %s: %s\n", refs[i], why->str);
			}
			g_string_free(why, TRUE);
		}
		if (n && (st = db_begin(c->db, err)) != ST_OK)
			return st;
	}
	/* The next run at the next slot boundary, keyed by the slot: chains
	 * seeded at different times (campus init run again) meet in one. */
	char key[64];
	int64_t slot = c->now / RECONCILE_EVERY + 1, next = slot * RECONCILE_EVERY;
	g_snprintf(key, sizeof(key), "payments.reconcile:%lld", (long long)slot);
	return store_job_add(c->db, "payments.reconcile", "", next, key, err);
}
