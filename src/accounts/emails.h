/* The account emails, in the account's language (ACC-4). */
#ifndef CAMPUS_ACCOUNT_EMAILS_H
#define CAMPUS_ACCOUNT_EMAILS_H

#include "mail/mail.h"
#include "store/store.h"

/* Strings of the message are owned by the arena. */
void email_verify(struct arena *a, const struct user *u, const char *link, struct mail_message *m);
void email_reset(struct arena *a, const struct user *u, const char *link, struct mail_message *m);

#endif
