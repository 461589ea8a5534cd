/* Internals of src/mail shared by its files and by tests/mail; the API is
 * mail.h. message.c encodes (payload, checks, RFC 5322/2045/2047), spool.c
 * and smtp.c deliver a formatted message, mailer.c picks the driver. */
#ifndef CAMPUS_MAIL_INT_H
#define CAMPUS_MAIL_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "mail/mail.h"

enum {
	MAIL_ADDRESS_MAX = 254, /* RFC 5321 path limit less the brackets */
	MAIL_SUBJECT_MAX = 900, /* bytes; keeps the header far from 998 */
	MAIL_LANG_MAX = 35,
	MAIL_NAME_MAX = 200, /* display name of From */
};

/* True when addr is one plausible address "local@domain": printable ASCII,
 * no spaces, no specials that would make it a list or a display form,
 * exactly one '@' with text on both sides, at most MAIL_ADDRESS_MAX bytes.
 * Deliberately no stricter than accounts' rule_check_email, so that every
 * address an account may have can be mailed. */
bool mail_address_ok(const char *addr);

/* Checks every field of m (to, subject, text, html, lang): ST_INVALID with
 * err naming the field and the reason. */
enum status mail_check(const struct mail_message *m, GString *err);

/* Appends 2 * nbytes random lower-case hex digits (libsodium) to out. */
void mail_random_hex(GString *out, size_t nbytes);

/* Splits a From value, "Name <addr>" or "addr", into its display name ("" when
 * there is none) and address, both owned by the arena. False when the
 * address is not plausible (mail_address_ok) or the name is not UTF-8,
 * holds a control character or is longer than MAIL_NAME_MAX bytes. */
bool mail_parse_from(struct arena *a, const char *from, char **name, char **addr);

/* Appends s (UTF-8, LF or CRLF line ends) to out as quoted-printable
 * (RFC 2045, 6.7): hard line breaks become CRLF; a soft break "=" CRLF keeps
 * every line at 76 characters at most; '=', control and non-ASCII bytes
 * become =XX, and so does a space or tab before a line end, a '.' opening a
 * line and the 'F' of a "From " opening one, so that SMTP dot-stuffing and
 * mbox quoting never alter the message. */
void mail_qp_encode(GString *out, const char *s);

/* Appends the header field "name: value" CRLF. Printable ASCII values are
 * folded at spaces before 78 columns; any other value (non-ASCII, controls,
 * or holding "=?") is written as RFC 2047 "B" encoded-words of whole UTF-8
 * characters, folded so that no line exceeds 76 columns. A CR or LF in value
 * thus never reaches the header unencoded. value must be valid UTF-8. */
void mail_put_header(GString *out, const char *name, const char *value);

/* Writes msg (len bytes) as DATA_DIR/mail/<now>-<random>.eml through a
 * temporary file, fsync and rename, creating the directory (0700) if
 * missing. ST_IO with err on failure; nothing is left behind then. */
enum status mail_spool_write(const char *spool_dir, const char *msg, size_t len, int64_t now, GString *err);

struct mail_smtp {
	const char *url; /* smtp://host:port or smtps://host:port */
	const char *user; /* NULL or "" for no authentication */
	const char *password;
	const char *from; /* envelope sender, bare address */
};

/* Sends msg (len bytes, CRLF line ends) to rcpt through the relay with
 * libcurl. ST_INVALID when the relay refuses for good (5xx), ST_IO on any
 * other failure; err says what happened. Thread-safe. */
enum status mail_smtp_send(const struct mail_smtp *s, const char *rcpt, const char *msg, size_t len,
			   GString *err);

#endif
