/* The Adyen adapter: the payment provider port over libcurl against the
 * Checkout API v71 at cfg->adyen_base_url (Adyen's test or live endpoint,
 * or campus's own simulator at http://HOST:PORT/sim/adyen).
 *
 * Every call carries X-API-Key and an Idempotency-Key (Adyen keeps the
 * first answer for a key and returns it again), so a call repeated after a
 * timeout never charges twice. A timeout, a network failure or a 5xx gives
 * PAY_UNKNOWN; a 4xx gives PAY_ERROR (the request was wrong: not retried as
 * is). Answers are read up to MAX_ANSWER bytes. */
#include <stdlib.h>
#include <string.h>

#include "base/curl_api.h"
#include "payments/adyen_json.h"
#include "payments/payments.h"

#include "base/banned.h"

enum { MAX_ANSWER = 256 * 1024 };

struct adyen_impl {
	char *base_url;
	char *api_key;
	char *merchant;
	long timeout, connect_timeout;
};

struct answer {
	GString *body;
	bool too_large;
};

static size_t on_data(char *ptr, size_t size, size_t n, void *data)
{
	struct answer *ans = data;
	size_t len = size * n;
	if (ans->body->len + len > MAX_ANSWER) {
		ans->too_large = true;
		return 0; /* aborts the transfer */
	}
	g_string_append_len(ans->body, ptr, (gssize)len);
	return len;
}

/* One POST; *code is the HTTP status, 0 when no answer came. */
static CURLcode post(struct adyen_impl *im, const char *url, const char *body, const char *idempotency_key,
		     long *code, struct answer *ans)
{
	const struct curl_api *cu = curl_api(NULL); /* loaded by adyen_provider_new */
	CURL *h = cu->curl_easy_init();
	if (!h)
		return CURLE_FAILED_INIT;
	struct curl_slist *hdr = NULL;
	char *k = g_strdup_printf("X-API-Key: %s", im->api_key);
	hdr = cu->curl_slist_append(hdr, k);
	g_free(k);
	hdr = cu->curl_slist_append(hdr, "Content-Type: application/json");
	hdr = cu->curl_slist_append(hdr, "Accept: application/json");
	if (idempotency_key && *idempotency_key) {
		char *ik = g_strdup_printf("Idempotency-Key: %s", idempotency_key);
		hdr = cu->curl_slist_append(hdr, ik);
		g_free(ik);
	}
	cu->curl_easy_setopt(h, CURLOPT_URL, url);
	cu->curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	cu->curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	cu->curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	cu->curl_easy_setopt(h, CURLOPT_TIMEOUT, im->timeout);
	cu->curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, im->connect_timeout);
	cu->curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for timeouts */
	cu->curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	cu->curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	cu->curl_easy_setopt(h, CURLOPT_WRITEDATA, ans);
	cu->curl_easy_setopt(h, CURLOPT_USERAGENT, "campus/" CAMPUS_VERSION);
	CURLcode rc = cu->curl_easy_perform(h);
	*code = 0;
	if (rc == CURLE_OK)
		cu->curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, code);
	cu->curl_slist_free_all(hdr);
	cu->curl_easy_cleanup(h);
	return rc;
}

/* Classifies the transport and HTTP outcome; true when the body is an
 * answer to parse (2xx). */
static bool classify(CURLcode rc, long code, const struct answer *ans, struct pay_response *out, GString *err)
{
	if (ans->too_large) {
		g_string_printf(err, "the provider's answer exceeds %d bytes", MAX_ANSWER);
		out->result = PAY_UNKNOWN;
		return false;
	}
	if (rc != CURLE_OK) {
		g_string_printf(err, "no answer from the provider: %s",
				curl_api(NULL)->curl_easy_strerror(rc));
		out->result = PAY_UNKNOWN;
		return false;
	}
	if (code >= 500 || code == 429 || code < 200 || (code >= 300 && code < 400)) {
		g_string_printf(err, "provider answered HTTP %ld: ", code);
		adyen_error_describe(ans->body->str, ans->body->len, err);
		out->result = PAY_UNKNOWN;
		return false;
	}
	if (code >= 400) {
		g_string_printf(err, "provider refused the request (HTTP %ld): ", code);
		adyen_error_describe(ans->body->str, ans->body->len, err);
		out->result = PAY_ERROR;
		return false;
	}
	return true;
}

static enum status ad_pay(struct payment_provider *p, const struct pay_request *req, struct pay_response *out,
			  GString *err)
{
	struct adyen_impl *im = p->impl;
	memset(out, 0, sizeof(*out));
	out->result = PAY_ERROR;
	char *body = adyen_payment_request_json(req, im->merchant);
	if (!body || !req->idempotency_key || !*req->idempotency_key) {
		free(body);
		g_string_assign(err,
				"payment request incomplete: reference, amount, currency, shopper reference, "
				"idempotency key and (first payment) return URL are required");
		return ST_INVALID;
	}
	char *url = g_strdup_printf("%s/v71/payments", im->base_url);
	struct answer ans = {.body = g_string_new(NULL)};
	long code = 0;
	CURLcode rc = post(im, url, body, req->idempotency_key, &code, &ans);
	if (classify(rc, code, &ans, out, err) &&
	    adyen_payment_response_parse(ans.body->str, ans.body->len, out, err) != ST_OK)
		out->result = PAY_UNKNOWN; /* an answer we cannot read: ask again */
	if (out->result == PAY_REFUSED)
		g_string_assign(err, out->refusal_reason);
	free(body);
	g_free(url);
	g_string_free(ans.body, TRUE);
	return ST_OK;
}

static enum status ad_refund(struct payment_provider *p, const char *psp, const char *reference,
			     const char *key, int64_t amount, const char *currency, struct pay_response *out,
			     GString *err)
{
	struct adyen_impl *im = p->impl;
	memset(out, 0, sizeof(*out));
	out->result = PAY_ERROR;
	if (!psp || !*psp || strspn(psp, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen(psp) ||
	    !reference || amount <= 0 || !currency || !key || !*key) {
		g_string_assign(err, "refund request incomplete or pspReference malformed");
		return ST_INVALID;
	}
	char *body = adyen_refund_request_json(reference, amount, currency, im->merchant);
	char *url = g_strdup_printf("%s/v71/payments/%s/refunds", im->base_url, psp);
	struct answer ans = {.body = g_string_new(NULL)};
	long code = 0;
	CURLcode rc = post(im, url, body, key, &code, &ans);
	if (classify(rc, code, &ans, out, err) &&
	    adyen_refund_response_parse(ans.body->str, ans.body->len, out, err) != ST_OK)
		out->result = PAY_UNKNOWN;
	free(body);
	g_free(url);
	g_string_free(ans.body, TRUE);
	return ST_OK;
}

/* Adyen publishes no lookup by merchant reference; campus's simulator
 * offers POST /v71/payments/lookup {merchantAccount, reference} (answering
 * like /payments). Against Adyen itself this gives 404: the payment stays
 * UNKNOWN until its AUTHORISATION notification arrives, or the caller
 * repeats /payments with the same Idempotency-Key. */
static enum status ad_lookup(struct payment_provider *p, const char *reference, struct pay_response *out,
			     GString *err)
{
	struct adyen_impl *im = p->impl;
	memset(out, 0, sizeof(*out));
	out->result = PAY_UNKNOWN;
	json_t *o = json_pack("{s:s, s:s}", "merchantAccount", im->merchant, "reference",
			      reference ? reference : "");
	char *body = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	char *url = g_strdup_printf("%s/v71/payments/lookup", im->base_url);
	struct answer ans = {.body = g_string_new(NULL)};
	long code = 0;
	CURLcode rc = post(im, url, body, NULL, &code, &ans);
	enum status st = ST_OK;
	if (rc == CURLE_OK && code == 404) {
		g_string_printf(err, "the provider knows no payment %s", reference);
		st = ST_NOTFOUND;
	} else if (classify(rc, code, &ans, out, err) &&
		   adyen_payment_response_parse(ans.body->str, ans.body->len, out, err) != ST_OK) {
		out->result = PAY_UNKNOWN;
	}
	free(body);
	g_free(url);
	g_string_free(ans.body, TRUE);
	return st;
}

static void ad_free(struct payment_provider *p)
{
	if (!p)
		return;
	struct adyen_impl *im = p->impl;
	g_free(im->base_url);
	g_free(im->api_key);
	g_free(im->merchant);
	g_free(im);
	g_free(p);
}

struct payment_provider *adyen_provider_new(const struct config *cfg, GString *err)
{
	if (!*cfg->adyen_api_key) {
		g_string_assign(err, "[payments] adyen_api_key is empty");
		return NULL;
	}
	if (!curl_api(err))
		return NULL;
	struct adyen_impl *im = g_new0(struct adyen_impl, 1);
	im->base_url = g_strdup(cfg->adyen_base_url);
	size_t n = strlen(im->base_url);
	while (n && im->base_url[n - 1] == '/')
		im->base_url[--n] = '\0';
	im->api_key = g_strdup(cfg->adyen_api_key);
	im->merchant = g_strdup(cfg->adyen_merchant_account);
	im->timeout = cfg->adyen_timeout_seconds;
	im->connect_timeout = cfg->adyen_connect_timeout_seconds;
	struct payment_provider *p = g_new0(struct payment_provider, 1);
	p->name = "adyen";
	p->pay = ad_pay;
	p->refund = ad_refund;
	p->lookup = ad_lookup;
	p->free = ad_free;
	p->impl = im;
	return p;
}

struct payment_provider *simulator_provider_new(const struct config *cfg, struct clock *clock, GString *err);

struct payment_provider *payment_provider_new(const struct config *cfg, struct clock *clock, GString *err)
{
	if (!strcmp(cfg->payment_provider, "adyen"))
		return adyen_provider_new(cfg, err);
	return simulator_provider_new(cfg, clock, err);
}
