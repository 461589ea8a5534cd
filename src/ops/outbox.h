/* Queues what must happen outside the database, in the caller's transaction. */
#ifndef CAMPUS_OUTBOX_H
#define CAMPUS_OUTBOX_H

#include "mail/mail.h"
#include "ops/ctx.h"

/* Queues an email (ST_INVALID when the message itself is malformed). */
enum status outbox_email(struct ctx *c, const struct mail_message *m, GString *err);

#endif
