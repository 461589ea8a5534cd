/* Outgoing email. A message is queued in the outbox (topic "email", payload
 * from mail_to_payload) inside the transaction of the change that causes it;
 * the sender job (ops/jobs.c) later hands it to a mailer. Two drivers:
 * "spool" writes one .eml file per message under DATA/mail/ (the embedded
 * default, read by people and tests), "smtp" sends through libcurl to a relay. */
#ifndef CAMPUS_MAIL_H
#define CAMPUS_MAIL_H

#include <glib.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/status.h"

struct mail_message {
	const char *to; /* one address: "name@example.org" */
	const char *subject; /* UTF-8; encoded as RFC 2047 when not ASCII */
	const char *text; /* UTF-8 plain text body, never NULL */
	const char *html; /* UTF-8 HTML body, may be NULL */
	const char *lang; /* "en" or "fr": Content-Language */
};

/* The outbox payload (JSON text) of a message. Caller frees with g_free. */
char *mail_to_payload(const struct mail_message *m);
/* Reads a payload back; strings are owned by the arena. ST_INVALID if the
 * payload is not a message. */
enum status mail_from_payload(struct arena *a, const char *payload, struct mail_message *m, GString *err);

/* The full RFC 5322 message (CRLF line ends, MIME multipart/alternative when
 * html is set, quoted-printable UTF-8 bodies, Date, Message-ID). Owned by
 * the arena. */
char *mail_format(struct arena *a, const char *from, const struct mail_message *m, int64_t date,
		  const char *message_id);

struct mailer;
/* A mailer for cfg->mail_driver; NULL with err set when misconfigured. */
struct mailer *mailer_new(const struct config *cfg, GString *err);
/* Delivers one message; ST_IO with err on a failure worth retrying,
 * ST_INVALID on one that is not (bad address). Thread-safe. */
enum status mailer_send(struct mailer *ml, const struct mail_message *m, int64_t now, GString *err);
void mailer_free(struct mailer *ml);

#endif
