/* Queues what must happen outside the database, in the caller's transaction. */
#ifndef CAMPUS_OUTBOX_H
#define CAMPUS_OUTBOX_H

#include "mail/mail.h"
#include "ops/ctx.h"

/* One email to one person in the layout every email shares: a greeting by
 * name, a paragraph, a button to link, an optional closing line in small
 * print, a signature; the text part says the same in plain words. */
struct email_parts {
	const char *lang; /* the email's language, "en" or "fr" */
	const char *to, *name; /* the address, the name in the greeting */
	const char *subject, *para, *button, *link;
	const char *after; /* the closing line, or NULL */
	const char *sign_off; /* after "-- " in the text part */
};

/* Fills m from e (strings translated already, except the greeting); every
 * string of m is e's or in the arena a. */
void outbox_compose(struct arena *a, const struct email_parts *e, struct mail_message *m);

/* outbox_compose to user u (address, name, language), signed "campus". */
void outbox_compose_user(struct arena *a, const struct user *u, const char *subject, const char *para,
			 const char *button, const char *link, const char *after, struct mail_message *m);

/* Queues an email (ST_INVALID when the message itself is malformed). */
enum status outbox_email(struct ctx *c, const struct mail_message *m, GString *err);

#endif
