/* HTTP byte ranges (RFC 9110 §14) for video streaming and downloads (CRS-2).
 * Pure: no I/O; the caller gives the representation's length and validators.
 *
 * Decisions where the RFC lets the server choose:
 * - a malformed Range header, another range unit, or more than RANGE_MAX_SPECS
 *   range-specs is ignored: the whole representation is served (200);
 * - several satisfiable ranges are merged when they overlap or are close
 *   (gap under RANGE_COALESCE_GAP bytes, the overhead of a multipart part);
 *   if one range remains it is served as a single-part 206, otherwise the
 *   whole representation is served (200) rather than multipart/byteranges:
 *   video players never ask for several ranges, and a 200 is always allowed;
 * - a zero-length representation is always served whole.
 * Numbers too large for 64 bits saturate: a huge first-pos is past the end
 * (unsatisfiable), a huge last-pos or suffix-length reaches the end. */
#ifndef CAMPUS_MEDIA_RANGE_H
#define CAMPUS_MEDIA_RANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { RANGE_MAX_SPECS = 16, RANGE_COALESCE_GAP = 80 };

enum range_kind {
	RANGE_FULL, /* serve everything with 200 (no Range, ignored, or not single) */
	RANGE_PARTIAL, /* serve [first, last] with 206 and Content-Range */
	RANGE_UNSATISFIABLE, /* 416 with Content-Range: bytes star/length */
};

struct range {
	enum range_kind kind;
	uint64_t first, last; /* inclusive; only for RANGE_PARTIAL */
};

/* Decides what to serve for the Range header value hdr (NULL when absent)
 * of a representation of len bytes. */
struct range range_parse(const char *hdr, uint64_t len);

/* The strong entity tag of a file of len bytes modified at mtime_ns
 * (nanoseconds since the epoch), quotes included, into buf (>= 40 bytes). */
void range_etag(uint64_t len, int64_t mtime_ns, char *buf, size_t buflen);

/* Formats t (unix seconds) as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37
 * GMT", RFC 9110 §5.6.7), locale-independent, into buf (>= 30 bytes). */
void range_http_date(int64_t t, char *buf, size_t buflen);

/* RFC 9110 §13.1.5: whether an If-Range value lets the Range apply. An
 * entity tag must match etag with the strong comparison (a weak tag never
 * matches); an HTTP-date must equal last_modified exactly (the formatted
 * Last-Modified value). NULL or empty if_range: true (no condition). */
bool range_if_range_ok(const char *if_range, const char *etag, const char *last_modified);

/* RFC 9110 §13.1.2 for GET/HEAD: whether If-None-Match (may be NULL) matches
 * etag with the weak comparison ("*" matches any), i.e. a 304 is due. */
bool range_if_none_match(const char *if_none_match, const char *etag);

#endif
