#include "accounts/emails.h"

#include "base/i18n.h"
#include "http/html.h"

#include "base/banned.h"

/* One layout for every account email: a greeting, a paragraph, a button
 * link, a closing line; the text part says the same in plain words. */
static void compose(struct arena *a, const struct user *u, const char *subject, const char *para,
		    const char *button, const char *link, const char *after, struct mail_message *m)
{
	const char *l = u->lang;
	const char *hello = arena_printf(a, i18n_get(l, "Hello %s,"), u->name);
	m->to = u->email;
	m->lang = l;
	m->subject = subject;
	m->text = arena_printf(a, "%s\n\n%s\n\n%s\n\n%s\n\n-- \ncampus\n", hello, para, link, after);
	GString *h = g_string_new(NULL);
	html_lit(h, "<!doctype html><html><body "
		    "style=\"font-family:system-ui,sans-serif;color:#1f2933;max-width:560px;margin:auto;"
		    "padding:24px\">");
	html_put(h, "<p>%s</p><p>%s</p>", hello, para);
	html_put(h,
		 "<p><a href=\"%s\" style=\"display:inline-block;background:#1d4ed8;color:#fff;padding:12px "
		 "20px;border-radius:6px;text-decoration:none\">%s</a></p>",
		 link, button);
	html_put(h, "<p style=\"color:#52606d;font-size:14px\">%s</p>", after);
	html_lit(h, "</body></html>");
	m->html = arena_strndup(a, h->str, h->len);
	g_string_free(h, TRUE);
}

void email_verify(struct arena *a, const struct user *u, const char *link, struct mail_message *m)
{
	const char *l = u->lang;
	compose(a, u, i18n_get(l, "Confirm your email address"),
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
	compose(a, u, i18n_get(l, "Reset your password"),
		i18n_get(l, "Someone asked to reset the password of your campus account. If it was you, "
			    "choose a new password:"),
		i18n_get(l, "Choose a new password"), link,
		i18n_get(l, "This link works once and expires in one hour. If you did not ask for it, ignore "
			    "this email: your password stays the same."),
		m);
}
