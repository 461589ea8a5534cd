/* Unit tests of src/billing/adyen_hmac.c: the HMAC signatures of Adyen
 * standard notifications against Adyen's own published vectors, the
 * signing string, refusals (tampered fields, wrong or malformed key, missing
 * or malformed signature) and the reading of a NotificationRequestItem.
 *
 * The vectors are copied verbatim from Adyen's MIT-licensed API libraries:
 *  - Adyen/adyen-java-api-library,
 *    src/test/java/com/adyen/util/HMACValidatorTest.java (testValidateHMAC,
 *    testValidateHMACWithoutEscaping, testCalculateHMAC) and
 *    src/test/resources/mocks/hmac-validation-webhook.json;
 *  - Adyen/adyen-node-api-library, src/__tests__/hmacValidator.spec.ts
 *    ("should get correct data to sign", "should have valid hmac", "should
 *    encrypt correctly"). */
#include <glib.h>
#include <sodium.h>
#include <string.h>

#include "billing/adyen_hmac.h"

#include "base/banned.h"

/* adyen-java-api-library HMACValidatorTest.HMAC_KEY and testValidateHMAC. */
static const char JAVA_KEY[] = "9064450A8892A093D9E97EFCC9639DE31B74F3A7803135555A3C96F5A57915D6";
static const char JAVA_SIG[] = "NuEkADFmlCC6VgX+wcoPAegIWxVPNBPCuKlM4Hzo5qc=";

static struct adyen_item java_item(void)
{
	struct adyen_item it = {
		.psp_reference = "test_REPORT_AVAILABLE",
		.merchant_account = "Magento2Rik",
		.merchant_reference = "testMerchantRef1",
		.currency = "EUR",
		.event_code = "REPORT_AVAILABLE",
		.value = 0,
		.success = true,
		.hmac_signature = JAVA_SIG,
	};
	return it;
}

/* adyen-node-api-library hmacValidator.spec.ts. */
static const char NODE_KEY[] = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00";
static const char NODE_SIG[] = "xhpHvYq2u2Np0rstbZ6QjLGu7JWhvf7Iwaa6EviJSX0=";

static struct adyen_item node_item(void)
{
	struct adyen_item it = {
		.psp_reference = "pspReference",
		.original_reference = "originalReference",
		.merchant_account = "merchantAccount",
		.merchant_reference = "reference",
		.currency = "EUR",
		.event_code = "CAPTURE",
		.value = 1000,
		.success = true,
		.hmac_signature = NODE_SIG,
	};
	return it;
}

/* adyen-java-api-library testValidateHMACWithoutEscaping: the key, and
 * src/test/resources/mocks/hmac-validation-webhook.json verbatim. */
static const char MOCK_KEY[] = "74F490DD33F7327BAECC88B2947C011FC02D014A473AAA33A8EC93E4DC069174";
static const char MOCK_JSON[] = "{\n"
				"  \"additionalData\": {\n"
				"    \"acquirerCode\": \"TestPmmAcquirer\",\n"
				"    \"acquirerReference\": \"J8DXDJ2PV6P\",\n"
				"    \"authCode\": \"052095\",\n"
				"    \"avsResult\": \"5 No AVS data provided\",\n"
				"    \"avsResultRaw\": \"5\",\n"
				"    \"cardSummary\": \"1111\",\n"
				"    \"checkout.cardAddedBrand\": \"visa\",\n"
				"    \"cvcResult\": \"1 Matches\",\n"
				"    \"cvcResultRaw\": \"M\",\n"
				"    \"expiryDate\": \"03/2030\",\n"
				"    \"hmacSignature\": \"CZErGCNQaSsxbaQfZaJlakqo7KPP+mIa8a+wx3yNs9A=\",\n"
				"    \"paymentMethod\": \"visa\",\n"
				"    \"refusalReasonRaw\": \"AUTHORISED\",\n"
				"    \"retry.attempt1.acquirer\": \"TestPmmAcquirer\",\n"
				"    \"retry.attempt1.acquirerAccount\": \"TestPmmAcquirerAccount\",\n"
				"    \"retry.attempt1.avsResultRaw\": \"5\",\n"
				"    \"retry.attempt1.rawResponse\": \"AUTHORISED\",\n"
				"    \"retry.attempt1.responseCode\": \"Approved\",\n"
				"    \"retry.attempt1.scaExemptionRequested\": \"lowValue\",\n"
				"    \"scaExemptionRequested\": \"lowValue\"\n"
				"  },\n"
				"  \"amount\": {\n"
				"    \"currency\": \"EUR\",\n"
				"    \"value\": 1000\n"
				"  },\n"
				"  \"eventCode\": \"AUTHORISATION\",\n"
				"  \"eventDate\": \"2023-01-10T13:42:29+01:00\",\n"
				"  \"merchantAccountCode\": \"AntoniStroinski\",\n"
				"  \"merchantReference\": \"\\\\:/\\\\/slashes are fun\",\n"
				"  \"operations\": [\n"
				"    \"CANCEL\",\n"
				"    \"CAPTURE\",\n"
				"    \"REFUND\"\n"
				"  ],\n"
				"  \"paymentMethod\": \"visa\",\n"
				"  \"pspReference\": \"ZVWN7D3WSMK2WN82\",\n"
				"  \"reason\": \"052095:1111:03/2030\",\n"
				"  \"success\": \"true\"\n"
				"}";

/* Adyen's vectors: the signature computed matches and verifies. */
static void test_vectors_sign_and_verify(void)
{
	struct arena *a = arena_new();
	struct adyen_item j = java_item(), n = node_item();
	g_assert_cmpstr(adyen_sign(a, JAVA_KEY, &j), ==, JAVA_SIG);
	g_assert_true(adyen_verify(JAVA_KEY, &j));
	g_assert_cmpstr(adyen_sign(a, NODE_KEY, &n), ==, NODE_SIG);
	g_assert_true(adyen_verify(NODE_KEY, &n));
	/* The key's hex digits may be lower case too. */
	char *lower = g_ascii_strdown(NODE_KEY, -1);
	g_assert_cmpstr(adyen_sign(a, lower, &n), ==, NODE_SIG);
	g_assert_true(adyen_verify(lower, &n));
	g_free(lower);
	arena_free(a);
}

/* The HMAC building block against the raw-payload vectors. */
static void test_vectors_raw_hmac(void)
{
	struct arena *a = arena_new();
	/* adyen-java-api-library testCalculateHMAC. */
	g_assert_cmpstr(adyen_hmac_base64(a, JAVA_KEY, "TestPayload"), ==,
			"YA9/UDjldIO4Gq68X4ATYYoEaPYH4f4k2uzBBzEF1PA=");
	/* adyen-node-api-library "should encrypt correctly". */
	const char *data =
		"countryCode:currencyCode:merchantAccount:merchantReference:paymentAmount:"
		"sessionValidity:skinCode:NL:EUR:MagentoMerchantTest2:TEST-PAYMENT-2017-02-01-14\\:02\\:05:"
		"199:2017-02-02T14\\:02\\:05+01\\:00:PKz2KML1";
	g_assert_cmpstr(adyen_hmac_base64(a, NODE_KEY, data), ==,
			"34oR8T1whkQWTv9P+SzKyp8zhusf9n0dpqrm9nsqSJs=");
	g_assert_null(adyen_hmac_base64(a, NODE_KEY, NULL));
	g_assert_null(adyen_hmac_base64(a, NULL, "x"));
	arena_free(a);
}

/* The signing string: the eight fields joined with ':', a missing
 * originalReference giving an empty field. */
static void test_signing_string(void)
{
	struct arena *a = arena_new();
	struct adyen_item n = node_item(), j = java_item();
	/* adyen-node-api-library "should get correct data to sign". */
	g_assert_cmpstr(adyen_signing_string(a, &n), ==,
			"pspReference:originalReference:merchantAccount:reference:1000:EUR:CAPTURE:true");
	g_assert_cmpstr(adyen_signing_string(a, &j), ==,
			"test_REPORT_AVAILABLE::Magento2Rik:testMerchantRef1:0:EUR:REPORT_AVAILABLE:true");
	/* Every string field missing, success false, a negative amount. */
	struct adyen_item empty = {.value = -12, .success = false};
	g_assert_cmpstr(adyen_signing_string(a, &empty), ==, "::::-12:::false");
	struct adyen_item big = {.value = INT64_MAX, .success = true};
	g_assert_cmpstr(adyen_signing_string(a, &big), ==, "::::9223372036854775807:::true");
	/* An empty originalReference signs like a missing one. */
	struct adyen_item e = java_item();
	e.original_reference = "";
	g_assert_cmpstr(adyen_signing_string(a, &e), ==, adyen_signing_string(a, &j));
	g_assert_true(adyen_verify(JAVA_KEY, &e));
	arena_free(a);
}

/* A change to any signed field invalidates the signature. */
static void test_tampered_fields(void)
{
	struct adyen_item it;

	it = node_item();
	it.value = 1001;
	g_assert_false(adyen_verify(NODE_KEY, &it));
	it = node_item();
	it.value = 100; /* 10.00 would not be 1000 either */
	g_assert_false(adyen_verify(NODE_KEY, &it));
	it = node_item();
	it.success = false;
	g_assert_false(adyen_verify(NODE_KEY, &it));
	it = node_item();
	it.psp_reference = "pspReferencf";
	g_assert_false(adyen_verify(NODE_KEY, &it));
	it = node_item();
	it.original_reference = NULL;
	g_assert_false(adyen_verify(NODE_KEY, &it));
	it = node_item();
	it.merchant_account = "otherAccount";
	g_assert_false(adyen_verify(NODE_KEY, &it));
	it = node_item();
	it.merchant_reference = "reference2";
	g_assert_false(adyen_verify(NODE_KEY, &it));
	it = node_item();
	it.currency = "USD";
	g_assert_false(adyen_verify(NODE_KEY, &it));
	it = node_item();
	it.event_code = "REFUND";
	g_assert_false(adyen_verify(NODE_KEY, &it));
	/* The untouched items still verify. */
	it = node_item();
	g_assert_true(adyen_verify(NODE_KEY, &it));
}

/* The right signature under another key, or another item's signature. */
static void test_wrong_key(void)
{
	struct adyen_item n = node_item(), j = java_item();
	g_assert_false(adyen_verify(JAVA_KEY, &n));
	g_assert_false(adyen_verify(NODE_KEY, &j));
	/* One hex digit changed (the last: 0 -> 1). */
	char key[sizeof(NODE_KEY)];
	memcpy(key, NODE_KEY, sizeof(key));
	key[sizeof(key) - 2] = '1';
	g_assert_false(adyen_verify(key, &n));
	/* The key with its first byte dropped. */
	g_assert_false(adyen_verify(NODE_KEY + 2, &n));
	/* HMAC pads a short key with zero bytes, so NODE_KEY without its
	 * trailing 00 byte is the same key (a property of HMAC, as in Adyen's
	 * libraries). */
	memcpy(key, NODE_KEY, sizeof(key));
	key[sizeof(key) - 3] = '\0';
	g_assert_true(adyen_verify(key, &n));
	n.hmac_signature = JAVA_SIG;
	g_assert_false(adyen_verify(NODE_KEY, &n));
}

/* A key that is not hex: refused, never treated as raw bytes. */
static void test_bad_hex_key(void)
{
	struct arena *a = arena_new();
	struct adyen_item n = node_item();
	static const char *const bad[] = {
		"", /* empty */
		"A", /* odd length */
		"DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB0", /* 63 digits */
		"DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB0G", /* not hex */
		"DFB1EB5485895CFA84146406857104AB B4CBCABDC8AAF103A624C8F6A3EAAB00", /* a space */
		"0xDFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB", /* 0x prefix */
		"BadKey", /* adyen-java-api-library testCalculateHMACInvalidKeyFormat */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_assert_false(adyen_verify(bad[i], &n));
		g_assert_null(adyen_sign(a, bad[i], &n));
		g_assert_null(adyen_hmac_base64(a, bad[i], "TestPayload"));
	}
	g_assert_false(adyen_verify(NULL, &n));
	g_assert_null(adyen_sign(a, NULL, &n));
	g_assert_null(adyen_sign(a, NODE_KEY, NULL));
	arena_free(a);
}

/* No signature, or one that is malformed. */
static void test_missing_or_malformed_signature(void)
{
	struct adyen_item n = node_item();
	n.hmac_signature = NULL;
	g_assert_false(adyen_verify(NODE_KEY, &n));
	n.hmac_signature = "";
	g_assert_false(adyen_verify(NODE_KEY, &n));
	n.hmac_signature = "notValidSign"; /* adyen-node-api-library "should have invalid hmac" */
	g_assert_false(adyen_verify(NODE_KEY, &n));
	/* The right signature truncated, extended, unpadded, or Base64url. */
	n.hmac_signature = "xhpHvYq2u2Np0rstbZ6QjLGu7JWhvf7Iwaa6EviJSX0";
	g_assert_false(adyen_verify(NODE_KEY, &n));
	n.hmac_signature = "xhpHvYq2u2Np0rstbZ6QjLGu7JWhvf7Iwaa6EviJSX0=\n";
	g_assert_false(adyen_verify(NODE_KEY, &n));
	n.hmac_signature = "xhpHvYq2u2Np0rstbZ6QjLGu7JWhvf7Iwaa6EviJSX1=";
	g_assert_false(adyen_verify(NODE_KEY, &n));
	struct adyen_item j = java_item();
	j.hmac_signature = "NuEkADFmlCC6VgX-wcoPAegIWxVPNBPCuKlM4Hzo5qc=";
	g_assert_false(adyen_verify(JAVA_KEY, &j));
	g_assert_false(adyen_verify(NODE_KEY, NULL));
}

/* Adyen's realistic AUTHORISATION item (Java mock) read and verified; its
 * merchantReference holds ':' and '\' that are signed as they are. */
static void test_json_realistic_item(void)
{
	struct arena *a = arena_new();
	GString *err = g_string_new(NULL);
	struct adyen_item it;
	g_assert_cmpint(adyen_item_from_json(a, MOCK_JSON, &it, err), ==, ST_OK);
	g_assert_cmpstr(it.psp_reference, ==, "ZVWN7D3WSMK2WN82");
	g_assert_null(it.original_reference);
	g_assert_cmpstr(it.merchant_account, ==, "AntoniStroinski");
	g_assert_cmpstr(it.merchant_reference, ==, "\\:/\\/slashes are fun");
	g_assert_cmpint(it.value, ==, 1000);
	g_assert_cmpstr(it.currency, ==, "EUR");
	g_assert_cmpstr(it.event_code, ==, "AUTHORISATION");
	g_assert_true(it.success);
	g_assert_cmpstr(it.hmac_signature, ==, "CZErGCNQaSsxbaQfZaJlakqo7KPP+mIa8a+wx3yNs9A=");
	g_assert_cmpstr(
		adyen_signing_string(a, &it), ==,
		"ZVWN7D3WSMK2WN82::AntoniStroinski:\\:/\\/slashes are fun:1000:EUR:AUTHORISATION:true");
	g_assert_true(adyen_verify(MOCK_KEY, &it));
	g_assert_false(adyen_verify(NODE_KEY, &it));
	/* A limit of Adyen's scheme (fields are not escaped): moving the
	 * boundary onto the ':' inside merchantReference gives the same
	 * signing string, so the same signature. */
	struct adyen_item moved = it;
	moved.merchant_account = "AntoniStroinski:\\";
	moved.merchant_reference = "/\\/slashes are fun";
	g_assert_cmpstr(adyen_signing_string(a, &moved), ==, adyen_signing_string(a, &it));
	g_assert_true(adyen_verify(MOCK_KEY, &moved));
	g_string_free(err, TRUE);
	arena_free(a);
}

/* A modification item (originalReference set), success "false", no
 * additionalData, a null originalReference. */
static void test_json_variants(void)
{
	struct arena *a = arena_new();
	GString *err = g_string_new(NULL);
	struct adyen_item it;

	const char *capture =
		"{\"pspReference\":\"pspReference\",\"originalReference\":\"originalReference\","
		"\"merchantAccountCode\":\"merchantAccount\",\"merchantReference\":\"reference\","
		"\"amount\":{\"currency\":\"EUR\",\"value\":1000},\"eventCode\":\"CAPTURE\","
		"\"eventDate\":\"1970-01-01T00:00:00.000Z\",\"paymentMethod\":\"VISA\","
		"\"reason\":\"reason\",\"success\":\"true\","
		"\"additionalData\":{\"hmacSignature\":\"xhpHvYq2u2Np0rstbZ6QjLGu7JWhvf7Iwaa6EviJSX0=\"}}";
	g_assert_cmpint(adyen_item_from_json(a, capture, &it, err), ==, ST_OK);
	g_assert_cmpstr(it.original_reference, ==, "originalReference");
	g_assert_true(adyen_verify(NODE_KEY, &it));

	const char *refused = "{\"pspReference\":\"P1\",\"originalReference\":null,"
			      "\"merchantAccountCode\":\"M\",\"merchantReference\":\"\","
			      "\"amount\":{\"currency\":\"USD\",\"value\":-250},\"eventCode\":\"REFUND\","
			      "\"success\":\"false\"}";
	g_assert_cmpint(adyen_item_from_json(a, refused, &it, err), ==, ST_OK);
	g_assert_null(it.original_reference);
	g_assert_cmpstr(it.merchant_reference, ==, "");
	g_assert_cmpint(it.value, ==, -250);
	g_assert_false(it.success);
	g_assert_null(it.hmac_signature);
	g_assert_cmpstr(adyen_signing_string(a, &it), ==, "P1::M::-250:USD:REFUND:false");
	/* No signature: never verified, whatever the key. */
	g_assert_false(adyen_verify(NODE_KEY, &it));
	/* An err of NULL is allowed. */
	g_assert_cmpint(adyen_item_from_json(a, refused, &it, NULL), ==, ST_OK);
	g_assert_cmpint(adyen_item_from_json(a, "[]", &it, NULL), ==, ST_INVALID);

	g_string_free(err, TRUE);
	arena_free(a);
}

/* Malformed items: ST_INVALID, a message naming the field, *out zeroed. */
static void test_json_malformed(void)
{
	static const struct {
		const char *json;
		const char *err;
	} cases[] = {
		{"{\"pspReference\":", NULL}, /* NULL: jansson's text, checked by prefix */
		{"[1,2]", "NotificationRequestItem: not a JSON object"},
		{"{\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\",\"amount\":{\"currency\":"
		 "\"EUR\",\"value\":1},"
		 "\"eventCode\":\"E\",\"success\":\"true\"}",
		 "NotificationRequestItem: pspReference is missing"},
		{"{\"pspReference\":123,\"merchantAccountCode\":\"M\"}",
		 "NotificationRequestItem: pspReference must be a string"},
		{"{\"pspReference\":\"\",\"merchantAccountCode\":\"M\"}",
		 "NotificationRequestItem: pspReference is empty"},
		{"{\"pspReference\":\"P\\u0000Q\",\"merchantAccountCode\":\"M\"}",
		 NULL}, /* \u0000: refused by jansson (no JSON_ALLOW_NUL) */
		{"{\"pspReference\":\"P\",\"originalReference\":7}",
		 "NotificationRequestItem: originalReference must be a string"},
		{"{\"pspReference\":\"P\",\"merchantReference\":\"R\"}",
		 "NotificationRequestItem: merchantAccountCode is missing"},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\"}",
		 "NotificationRequestItem: merchantReference is missing"},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\"}",
		 "NotificationRequestItem: amount is missing"},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":1000}",
		 "NotificationRequestItem: amount must be an object"},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":{\"currency\":\"EUR\"}}",
		 "NotificationRequestItem: amount.value is missing"},
		/* The Java library's testValidateHMAC payload has "value": "0". */
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":{\"currency\":\"EUR\",\"value\":\"0\"}}",
		 "NotificationRequestItem: amount.value must be an integer (minor units)"},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":{\"currency\":\"EUR\",\"value\":10.5}}",
		 "NotificationRequestItem: amount.value must be an integer (minor units)"},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":{\"value\":1}}",
		 "NotificationRequestItem: amount.currency is missing"},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":{\"currency\":\"eur\",\"value\":1}}",
		 "NotificationRequestItem: amount.currency must be an ISO 4217 code (three upper-case "
		 "letters)"},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":{\"currency\":\"EUR\",\"value\":1},\"success\":\"true\"}",
		 "NotificationRequestItem: eventCode is missing"},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":{\"currency\":\"EUR\",\"value\":1},\"eventCode\":\"E\"}",
		 "NotificationRequestItem: success is missing"},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":{\"currency\":\"EUR\",\"value\":1},\"eventCode\":\"E\",\"success\":true}",
		 "NotificationRequestItem: success must be the string \"true\" or \"false\""},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":{\"currency\":\"EUR\",\"value\":1},\"eventCode\":\"E\",\"success\":\"TRUE\"}",
		 "NotificationRequestItem: success must be the string \"true\" or \"false\""},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":{\"currency\":\"EUR\",\"value\":1},\"eventCode\":\"E\",\"success\":"
		 "\"true\\u0000\"}",
		 NULL},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":{\"currency\":\"EUR\",\"value\":1},\"eventCode\":\"E\",\"success\":\"true\","
		 "\"additionalData\":[]}",
		 "NotificationRequestItem: additionalData must be an object"},
		{"{\"pspReference\":\"P\",\"merchantAccountCode\":\"M\",\"merchantReference\":\"R\","
		 "\"amount\":{\"currency\":\"EUR\",\"value\":1},\"eventCode\":\"E\",\"success\":\"true\","
		 "\"additionalData\":{\"hmacSignature\":42}}",
		 "NotificationRequestItem: additionalData.hmacSignature must be a string"},
	};
	struct arena *a = arena_new();
	GString *err = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct adyen_item it;
		memset(&it, 0x5a, sizeof(it));
		g_string_truncate(err, 0);
		g_assert_cmpint(adyen_item_from_json(a, cases[i].json, &it, err), ==, ST_INVALID);
		if (cases[i].err)
			g_assert_cmpstr(err->str, ==, cases[i].err);
		else
			g_assert_true(g_str_has_prefix(err->str,
						       "NotificationRequestItem: invalid JSON at line 1: "));
		g_assert_null(it.psp_reference);
		g_assert_null(it.merchant_reference);
		g_assert_null(it.hmac_signature);
		g_assert_cmpint(it.value, ==, 0);
	}
	/* A duplicated member is refused (JSON_REJECT_DUPLICATES). */
	struct adyen_item it;
	g_assert_cmpint(adyen_item_from_json(a, "{\"pspReference\":\"A\",\"pspReference\":\"B\"}", &it, err),
			==, ST_INVALID);
	g_assert_true(g_str_has_prefix(err->str, "NotificationRequestItem: invalid JSON"));
	g_assert_cmpint(adyen_item_from_json(a, NULL, &it, err), ==, ST_INVALID);
	g_assert_cmpstr(err->str, ==, "NotificationRequestItem: no JSON");
	g_string_free(err, TRUE);
	arena_free(a);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_assert_cmpint(sodium_init(), >=, 0);
	g_test_add_func("/billing/adyen/vectors_sign_and_verify", test_vectors_sign_and_verify);
	g_test_add_func("/billing/adyen/vectors_raw_hmac", test_vectors_raw_hmac);
	g_test_add_func("/billing/adyen/signing_string", test_signing_string);
	g_test_add_func("/billing/adyen/tampered_fields", test_tampered_fields);
	g_test_add_func("/billing/adyen/wrong_key", test_wrong_key);
	g_test_add_func("/billing/adyen/bad_hex_key", test_bad_hex_key);
	g_test_add_func("/billing/adyen/missing_or_malformed_signature", test_missing_or_malformed_signature);
	g_test_add_func("/billing/adyen/json_realistic_item", test_json_realistic_item);
	g_test_add_func("/billing/adyen/json_variants", test_json_variants);
	g_test_add_func("/billing/adyen/json_malformed", test_json_malformed);
	return g_test_run();
}
