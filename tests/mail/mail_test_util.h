/* Readers of formatted messages for the mail tests: written independently
 * of src/mail so that they check it rather than mirror it. Every result is
 * g_malloc'd; the caller frees it with g_free. */
#ifndef CAMPUS_MAIL_TEST_UTIL_H
#define CAMPUS_MAIL_TEST_UTIL_H

#include <glib.h>
#include <stdbool.h>

/* Decodes quoted-printable: soft breaks vanish, CRLF becomes LF. NULL when
 * s is not valid quoted-printable (bad escape, line over 76 characters,
 * whitespace before a line end, a byte that should have been escaped). */
char *qp_decode(const char *s);

/* The unfolded value of the first header field called name in the header
 * block of msg (leading space removed), or NULL. */
char *header_get(const char *msg, const char *name);

/* Decodes RFC 2047 encoded-words (B and Q, charset UTF-8) in an unfolded
 * header value; whitespace between two encoded-words is dropped. NULL on a
 * malformed word or a word whose bytes are not whole UTF-8. */
char *rfc2047_decode(const char *value);

/* The raw body of the MIME part whose Content-Type starts with type
 * (multipart/alternative), or the body of msg when it is single-part and of
 * that type; NULL when there is none. */
char *mime_body(const char *msg, const char *type);

/* True when every line of msg ends with CRLF (no bare CR or LF) and is at
 * most max characters long. */
bool lines_ok(const char *msg, size_t max);

#endif
