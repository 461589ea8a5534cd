/* Pure rules of peer-reviewed homework (CRS-1); see peer_rules.h. */
#include "learning/peer_rules.h"

#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "base/i18n.h"

#include "base/banned.h"

const char *peer_rubric_parse(struct arena *a, const char *json, struct peer_rubric *out)
{
	memset(out, 0, sizeof(*out));
	json_error_t jerr;
	json_t *j = json_loads(json ? json : "", JSON_REJECT_DUPLICATES, &jerr);
	const char *bad = NULL;
	if (!j || !json_is_array(j)) {
		bad = "the rubric is not a JSON array";
		goto cleanup;
	}
	size_t n = json_array_size(j);
	if (n < 1 || n > PEER_CRITERIA_MAX) {
		bad = "the rubric needs from 1 to 20 criteria";
		goto cleanup;
	}
	out->names = arena_alloc(a, sizeof(*out->names) * n);
	out->points = arena_alloc(a, sizeof(*out->points) * n);
	for (size_t i = 0; i < n; i++) {
		json_t *c = json_array_get(j, i);
		json_t *name = json_object_get(c, "criterion"), *pts = json_object_get(c, "points");
		if (!json_is_string(name) || !json_string_length(name) ||
		    json_string_length(name) > PEER_CRITERION_NAME_MAX) {
			bad = "each criterion needs a name of 1 to 200 bytes";
			goto cleanup;
		}
		if (!json_is_integer(pts) || json_integer_value(pts) < 1 ||
		    json_integer_value(pts) > PEER_POINTS_MAX) {
			bad = "each criterion needs from 1 to 100 points";
			goto cleanup;
		}
		out->names[i] = arena_strdup(a, json_string_value(name));
		out->points[i] = (int)json_integer_value(pts);
		out->total += out->points[i];
	}
	out->n = (int)n;
cleanup:
	if (bad)
		memset(out, 0, sizeof(*out));
	json_decref(j);
	return bad;
}

/* A plain decimal integer 0..max: digits only, no leading zero but "0". */
static bool parse_score(const char *s, int max, int *v, bool *range)
{
	*range = false;
	if (!s || !*s || strlen(s) > 3 || (s[0] == '0' && s[1]))
		return false;
	int x = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		x = x * 10 + (*p - '0');
	}
	if (x > max) {
		*range = true;
		return false;
	}
	*v = x;
	return true;
}

/* Characters of s without surrounding white space (-1 for invalid UTF-8). */
static long trimmed_chars(const char *s)
{
	if (!g_utf8_validate(s, -1, NULL))
		return -1;
	const char *b = s, *e = s + strlen(s);
	while (*b && g_ascii_isspace(*b))
		b++;
	while (e > b && g_ascii_isspace(e[-1]))
		e--;
	return g_utf8_strlen(b, e - b);
}

int peer_review_check(const struct peer_rubric *rb, const struct peer_review_input *in, int *scores,
		      struct peer_review_problem *problems)
{
	int bad = 0;
	for (int i = 0; i < rb->n; i++) {
		problems[i] = (struct peer_review_problem){0};
		scores[i] = 0;
		bool range = false;
		if (!in[i].score || !*in[i].score)
			problems[i].score = N_("Give a score for this criterion.");
		else if (!parse_score(in[i].score, rb->points[i], &scores[i], &range))
			problems[i].score = range ? N_("The score is higher than this criterion's points.")
						  : N_("The score must be a whole number from 0 to the "
						       "criterion's points.");
		long len = in[i].comment ? trimmed_chars(in[i].comment) : 0;
		if (len < 0)
			problems[i].comment = N_("The comment is not valid text.");
		else if (len < PEER_COMMENT_MIN)
			problems[i].comment = N_("Explain your score in at least 20 characters: what works, "
						 "what to improve.");
		else if (len > PEER_COMMENT_MAX)
			problems[i].comment = N_("The comment is longer than 4000 characters.");
		bad += (problems[i].score != NULL) + (problems[i].comment != NULL);
	}
	return bad;
}

int peer_percent(const int *totals, int n, int points)
{
	if (n < 1 || points < 1)
		return -1;
	int64_t sum = 0;
	for (int i = 0; i < n; i++)
		sum += totals[i];
	int64_t num = 100 * sum, den = (int64_t)n * points;
	/* Half-up: floor(num/den + 1/2) = floor((2 num + den) / (2 den)),
	 * scores are never negative. */
	return (int)((2 * num + den) / (2 * den));
}

int peer_pick(const struct peer_candidate *c, size_t n, int64_t reviewer, int required)
{
	int best = -1;
	for (size_t i = 0; i < n; i++) {
		if (c[i].author_id == reviewer || c[i].seen || c[i].reviews >= required)
			continue;
		if (best >= 0) {
			const struct peer_candidate *b = &c[best];
			if (c[i].reviews > b->reviews)
				continue;
			if (c[i].reviews == b->reviews &&
			    (c[i].submitted_at > b->submitted_at ||
			     (c[i].submitted_at == b->submitted_at && c[i].submission_id > b->submission_id)))
				continue;
		}
		best = (int)i;
	}
	return best;
}

int64_t peer_claim_expires(int64_t claimed_at, int hours)
{
	return claimed_at + (int64_t)hours * 3600;
}

int64_t peer_fallback_due(int64_t submitted_at, int days)
{
	return submitted_at + (int64_t)days * 86400;
}

bool peer_fallback_needed(int64_t submitted_at, int done, int required, int days, int64_t now)
{
	return done < required && now >= peer_fallback_due(submitted_at, days);
}

static const char *extension(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	return dot ? dot + 1 : "";
}

static bool is_text(const unsigned char *d, size_t len)
{
	if (!g_utf8_validate((const char *)d, (gssize)len, NULL))
		return false;
	for (size_t i = 0; i < len; i++)
		if (d[i] < 0x20 && d[i] != '\t' && d[i] != '\n' && d[i] != '\r' && d[i] != '\f')
			return false;
	return d[len - 1] != 0x7f;
}

static bool starts(const unsigned char *d, size_t len, const char *magic, size_t n)
{
	return len >= n && !memcmp(d, magic, n);
}

enum peer_file_kind peer_sniff_file(const char *name, const unsigned char *data, size_t len,
				    const char **mime)
{
	*mime = NULL;
	const char *ext = extension(name);
	const char *want = NULL;
	bool ok = false;
	if (!g_ascii_strcasecmp(ext, "pdf")) {
		want = "application/pdf";
		ok = starts(data, len, "%PDF-", 5);
	} else if (!g_ascii_strcasecmp(ext, "png")) {
		want = "image/png";
		ok = starts(data, len, "\x89PNG\r\n\x1a\n", 8);
	} else if (!g_ascii_strcasecmp(ext, "jpg") || !g_ascii_strcasecmp(ext, "jpeg")) {
		want = "image/jpeg";
		ok = starts(data, len, "\xff\xd8\xff", 3);
	} else if (!g_ascii_strcasecmp(ext, "zip")) {
		want = "application/zip";
		ok = starts(data, len, "PK\x03\x04", 4) || starts(data, len, "PK\x05\x06", 4);
	} else if (!g_ascii_strcasecmp(ext, "txt")) {
		want = "text/plain";
		ok = len > 0 && is_text(data, len);
	} else {
		return PEER_FILE_BAD_EXTENSION;
	}
	if (len == 0)
		return PEER_FILE_EMPTY;
	if (!ok)
		return PEER_FILE_MISMATCH;
	*mime = want;
	return PEER_FILE_OK;
}

char *peer_clean_file_name(struct arena *a, const char *name)
{
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	GString *s = g_string_new(NULL);
	for (const char *p = base; *p; p++) {
		char ch = *p;
		bool keep = g_ascii_isalnum(ch) || ch == '.' || ch == '-' || ch == '_';
		g_string_append_c(s, keep ? ch : '_');
	}
	/* No hidden or relative names. */
	while (s->len && s->str[0] == '.')
		g_string_erase(s, 0, 1);
	if (s->len > PEER_FILE_NAME_MAX) {
		const char *dot = strrchr(s->str, '.');
		size_t ext = dot ? strlen(dot) : 0;
		if (ext > 10)
			ext = 0;
		g_string_erase(s, (gssize)(PEER_FILE_NAME_MAX - ext),
			       (gssize)(s->len - ext - (PEER_FILE_NAME_MAX - ext)));
	}
	char *out = arena_strdup(a, s->len ? s->str : "file");
	g_string_free(s, TRUE);
	return out;
}

bool peer_can_resubmit(const char *state, int claims)
{
	return state && !strcmp(state, "open") && claims == 0;
}
