#include "accounts/emails.h"

#include "base/i18n.h"
#include "ops/outbox.h"

#include "base/banned.h"

void email_verify(struct arena *a, const struct user *u, const char *link, struct mail_message *m)
{
	const char *l = u->lang;
	outbox_compose_user(
		a, u, i18n_get(l, "Confirm your email address"),
		i18n_get(l, "Welcome to campus. Please confirm your email address to finish creating your "
			    "account."),
		i18n_get(l, "Confirm my address"), link,
		i18n_get(l, "This link works once and expires in 48 hours. If you did not sign up, ignore "
			    "this email."),
		m);
}

void email_reset(struct arena *a, const struct user *u, const char *link, struct mail_message *m)
{
	const char *l = u->lang;
	outbox_compose_user(
		a, u, i18n_get(l, "Reset your password"),
		i18n_get(l, "Someone asked to reset the password of your campus account. If it was you, "
			    "choose a new password:"),
		i18n_get(l, "Choose a new password"), link,
		i18n_get(l, "This link works once and expires in one hour. If you did not ask for it, ignore "
			    "this email: your password stays the same."),
		m);
}
