/* campus payment pay|refund|lookup: one call to the payment provider, for
 * operators checking a provider set-up and for the adapter's end-to-end
 * tests. Prints the provider's answer as one JSON object; exit 0 when the
 * provider answered (whatever it said), 1 when the call could not be made. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "cli/cli.h"
#include "payments/payments.h"

#include "base/banned.h"

static const char *result_name(enum pay_result r)
{
	switch (r) {
	case PAY_AUTHORISED: return "authorised";
	case PAY_REFUSED: return "refused";
	case PAY_PENDING: return "pending";
	case PAY_UNKNOWN: return "unknown";
	case PAY_ERROR: return "error";
	}
	return "error";
}

int payment_cmd(int argc, char **argv)
{
	char *provider = NULL, *base_url = NULL, *reference = NULL, *currency = NULL, *shopper = NULL;
	char *email = NULL, *return_url = NULL, *stored = NULL, *key = NULL, *psp = NULL;
	gint64 amount = 0;
	int timeout = 0;
	GOptionEntry entries[] = {
		{"provider", 0, 0, G_OPTION_ARG_STRING, &provider,
		 "simulator or adyen (default from campus.ini)", "NAME"},
		{"base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, "Adyen Checkout base URL (adyen_base_url)",
		 "URL"},
		{"timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Seconds before the answer counts as UNKNOWN",
		 "S"},
		{"reference", 0, 0, G_OPTION_ARG_STRING, &reference, "campus's payment reference", "REF"},
		{"amount", 0, 0, G_OPTION_ARG_INT64, &amount, "Amount in minor units (cents)", "N"},
		{"currency", 0, 0, G_OPTION_ARG_STRING, &currency, "ISO 4217 code (default EUR)", "CUR"},
		{"shopper", 0, 0, G_OPTION_ARG_STRING, &shopper, "Shopper reference (user-42)", "REF"},
		{"email", 0, 0, G_OPTION_ARG_STRING, &email, "Shopper email", "EMAIL"},
		{"return-url", 0, 0, G_OPTION_ARG_STRING, &return_url,
		 "First payment: where the shopper returns", "URL"},
		{"stored-method", 0, 0, G_OPTION_ARG_STRING, &stored, "Renewal: the stored payment method id",
		 "ID"},
		{"idempotency-key", 0, 0, G_OPTION_ARG_STRING, &key,
		 "Idempotency-Key (default: the reference)", "KEY"},
		{"psp", 0, 0, G_OPTION_ARG_STRING, &psp, "refund: the payment's pspReference", "PSP"},
		G_OPTION_ENTRY_NULL,
	};
	cli_parse(
		&argc, &argv, "pay|refund|lookup",
		"Calls the payment provider once and prints its answer as JSON (result: authorised, refused, "
		"pending, unknown or error).",
		entries);
	if (argc < 2 || (strcmp(argv[1], "pay") && strcmp(argv[1], "refund") && strcmp(argv[1], "lookup")))
		cli_die("usage: campus payment pay|refund|lookup --reference REF ...");
	if (!reference)
		cli_die("--reference is required");
	struct config cfg;
	cli_load_config(&cfg);
	if (provider) {
		g_free(cfg.payment_provider);
		cfg.payment_provider = provider;
	}
	if (base_url) {
		g_free(cfg.adyen_base_url);
		cfg.adyen_base_url = base_url;
	}
	if (timeout > 0)
		cfg.adyen_timeout_seconds = timeout;
	GString *err = g_string_new(NULL);
	if (config_validate(&cfg, err) != ST_OK)
		cli_die("configuration: %s", err->str);
	struct payment_provider *p = payment_provider_new(&cfg, clock_real(), err);
	if (!p)
		cli_die("payments: %s", err->str);
	struct pay_response out;
	enum status st;
	if (!strcmp(argv[1], "pay")) {
		struct pay_request req = {
			.reference = reference,
			.idempotency_key = key ? key : reference,
			.amount = amount,
			.currency = currency ? currency : "EUR",
			.shopper_reference = shopper,
			.shopper_email = email,
			.shopper_locale = "en",
			.country = "FR",
			.stored_method_id = stored,
			.return_url = return_url,
		};
		st = p->pay(p, &req, &out, err);
	} else if (!strcmp(argv[1], "refund")) {
		st = p->refund(p, psp, reference, key ? key : reference, amount, currency ? currency : "EUR",
			       &out, err);
	} else {
		st = p->lookup(p, reference, &out, err);
	}
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "status", status_name(st),
			      "result", result_name(out.result), "psp_reference", out.psp_reference,
			      "redirect_url", out.redirect_url, "refusal_reason", out.refusal_reason,
			      "stored_method_id", out.stored_method_id, "method", out.method, "card_summary",
			      out.card_summary, "error", err->str);
	char *s = json_dumps(j, JSON_COMPACT);
	puts(s);
	free(s);
	json_decref(j);
	p->free(p);
	g_string_free(err, TRUE);
	g_free(reference);
	g_free(currency);
	g_free(shopper);
	g_free(email);
	g_free(return_url);
	g_free(stored);
	g_free(key);
	g_free(psp);
	config_clear(&cfg);
	return st == ST_OK || st == ST_NOTFOUND ? 0 : 1;
}
