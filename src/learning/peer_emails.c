#include "learning/peer_emails.h"

#include "base/i18n.h"
#include "ops/outbox.h"

#include "base/banned.h"

void email_peer_graded(struct arena *a, const struct user *u, const char *title, int pct, const char *link,
		       struct mail_message *m)
{
	const char *l = u->lang;
	outbox_compose_user(
		a, u, arena_printf(a, i18n_get(l, "Your homework \"%s\" is graded"), title),
		arena_printf(a,
			     i18n_get(l, "Your homework \"%s\" has been reviewed. Your grade: %d%%. Read the "
					 "reviewers' comments on the homework page."),
			     title, pct),
		i18n_get(l, "Read my reviews"), link, NULL, m);
}

void email_peer_to_staff(struct arena *a, const struct user *u, const char *title, const char *link,
			 struct mail_message *m)
{
	const char *l = u->lang;
	outbox_compose_user(
		a, u, arena_printf(a, i18n_get(l, "A teacher will grade \"%s\""), title),
		arena_printf(
			a,
			i18n_get(l, "Not enough classmates reviewed your homework \"%s\" in time, so a "
				    "teacher will grade it instead. The reviews already written count too."),
			title),
		i18n_get(l, "See my homework"), link, NULL, m);
}
