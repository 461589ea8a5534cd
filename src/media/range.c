/* RFC 9110 byte ranges; see range.h for the choices made. */
#include "media/range.h"

#include <glib.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Reads 1*DIGIT at *p, saturating at UINT64_MAX; false when there is no
 * digit. */
static bool read_digits(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	while (s < end && *s >= '0' && *s <= '9') {
		unsigned d = (unsigned)(*s - '0');
		v = v > (UINT64_MAX - d) / 10 ? UINT64_MAX : v * 10 + d;
		s++;
	}
	if (s == *p)
		return false;
	*p = s;
	*out = v;
	return true;
}

struct span {
	uint64_t first, last;
};

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* Parses one range-spec in [s, end) (OWS already trimmed). Returns false
 * when it is malformed; *ok tells whether it is satisfiable, and *sp then
 * holds it clamped to the representation. */
static bool parse_spec(const char *s, const char *end, uint64_t len, bool *ok, struct span *sp)
{
	uint64_t a = 0, b = 0;
	*ok = false;
	if (*s == '-') { /* suffix-range */
		s++;
		if (!read_digits(&s, end, &b) || s != end)
			return false;
		if (b == 0)
			return true; /* valid but unsatisfiable */
		*ok = true;
		sp->first = b >= len ? 0 : len - b;
		sp->last = len - 1;
		return true;
	}
	if (!read_digits(&s, end, &a) || s == end || *s != '-')
		return false;
	s++;
	bool has_last = s < end;
	if (has_last && (!read_digits(&s, end, &b) || s != end))
		return false;
	if (has_last && b < a)
		return false; /* an invalid int-range makes the header invalid */
	if (a >= len)
		return true; /* past the end: unsatisfiable */
	*ok = true;
	sp->first = a;
	sp->last = !has_last || b >= len ? len - 1 : b;
	return true;
}

struct range range_parse(const char *hdr, uint64_t len)
{
	const struct range full = {RANGE_FULL, 0, 0};
	if (!hdr || len == 0)
		return full;
	const char *p = hdr;
	while (is_ows(*p))
		p++;
	if (g_ascii_strncasecmp(p, "bytes=", 6) != 0)
		return full; /* another unit, or not a ranges-specifier */
	p += 6;
	const char *end = p + strlen(p);
	while (end > p && is_ows(end[-1]))
		end--;
	struct span spans[RANGE_MAX_SPECS];
	int nspecs = 0, nok = 0;
	while (p <= end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *e = comma ? comma : end;
		const char *s = p;
		while (s < e && is_ows(*s))
			s++;
		const char *t = e;
		while (t > s && is_ows(t[-1]))
			t--;
		if (t > s) { /* empty list elements are allowed (RFC 9110 §5.6.1) */
			if (++nspecs > RANGE_MAX_SPECS)
				return full;
			bool ok;
			if (!parse_spec(s, t, len, &ok, &spans[nok]))
				return full;
			if (ok)
				nok++;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	if (nspecs == 0)
		return full; /* "bytes=" has no range-spec: malformed */
	if (nok == 0)
		return (struct range){RANGE_UNSATISFIABLE, 0, 0};
	qsort(spans, (size_t)nok, sizeof(spans[0]), span_cmp);
	int n = 0;
	for (int i = 1; i < nok; i++) {
		struct span *cur = &spans[n];
		/* Overlapping, adjacent or nearly adjacent: one part. */
		if (cur->last >= UINT64_MAX - 1 - RANGE_COALESCE_GAP ||
		    spans[i].first <= cur->last + 1 + RANGE_COALESCE_GAP) {
			if (spans[i].last > cur->last)
				cur->last = spans[i].last;
		} else {
			spans[++n] = spans[i];
		}
	}
	if (n > 0)
		return full; /* several disjoint parts: the whole, not multipart */
	return (struct range){RANGE_PARTIAL, spans[0].first, spans[0].last};
}

void range_etag(uint64_t len, int64_t mtime_ns, char *buf, size_t buflen)
{
	g_snprintf(buf, buflen, "\"%" PRIx64 "-%" PRIx64 "\"", len, (uint64_t)mtime_ns);
}

void range_http_date(int64_t t, char *buf, size_t buflen)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	GDateTime *d = g_date_time_new_from_unix_utc(t);
	if (!d) {
		g_strlcpy(buf, "Thu, 01 Jan 1970 00:00:00 GMT", buflen);
		return;
	}
	g_snprintf(buf, buflen, "%s, %02d %s %04d %02d:%02d:%02d GMT",
		   days[g_date_time_get_day_of_week(d) % 7], g_date_time_get_day_of_month(d),
		   months[g_date_time_get_month(d) - 1], g_date_time_get_year(d), g_date_time_get_hour(d),
		   g_date_time_get_minute(d), g_date_time_get_second(d));
	g_date_time_unref(d);
}

bool range_if_range_ok(const char *if_range, const char *etag, const char *last_modified)
{
	if (!if_range)
		return true;
	while (is_ows(*if_range))
		if_range++;
	if (!*if_range)
		return true;
	if (if_range[0] == '"')
		return etag && !strcmp(if_range, etag); /* strong comparison */
	if (!strncmp(if_range, "W/", 2))
		return false; /* a weak tag never satisfies If-Range */
	return last_modified && !strcmp(if_range, last_modified);
}

bool range_if_none_match(const char *if_none_match, const char *etag)
{
	if (!if_none_match || !etag)
		return false;
	const char *p = if_none_match;
	size_t elen = strlen(etag);
	while (*p) {
		while (is_ows(*p) || *p == ',')
			p++;
		if (!*p)
			break;
		if (*p == '*')
			return true;
		if (!strncmp(p, "W/", 2))
			p += 2; /* weak comparison: the opaque tags only */
		const char *e = p;
		if (*e == '"') {
			e = strchr(e + 1, '"');
			if (!e)
				return false;
			e++;
		} else {
			while (*e && *e != ',')
				e++;
		}
		if ((size_t)(e - p) == elen && !strncmp(p, etag, elen))
			return true;
		p = e;
	}
	return false;
}
