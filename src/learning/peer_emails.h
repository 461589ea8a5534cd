/* The emails of peer-reviewed homework, in the author's language (ACC-4). */
#ifndef CAMPUS_PEER_EMAILS_H
#define CAMPUS_PEER_EMAILS_H

#include "mail/mail.h"
#include "store/store.h"

/* The submission to title is graded pct %; link opens it. Strings of the
 * message are owned by the arena. */
void email_peer_graded(struct arena *a, const struct user *u, const char *title, int pct, const char *link,
		       struct mail_message *m);
/* Too few classmates reviewed it in time: a teacher will grade it. */
void email_peer_to_staff(struct arena *a, const struct user *u, const char *title, const char *link,
			 struct mail_message *m);

#endif
