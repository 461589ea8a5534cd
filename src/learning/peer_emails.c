#include "learning/peer_emails.h"

#include "base/i18n.h"
#include "http/html.h"

#include "base/banned.h"

/* The layout of the account emails: a greeting, a paragraph, a button
 * link; the text part says the same in plain words. */
static void compose(struct arena *a, const struct user *u, const char *subject, const char *para,
		    const char *button, const char *link, struct mail_message *m)
{
	const char *l = u->lang;
	const char *hello = arena_printf(a, i18n_get(l, "Hello %s,"), u->name);
	m->to = u->email;
	m->lang = l;
	m->subject = subject;
	m->text = arena_printf(a, "%s\n\n%s\n\n%s\n\n-- \ncampus\n", hello, para, link);
	GString *h = g_string_new(NULL);
	html_lit(h, "<!doctype html><html><body "
		    "style=\"font-family:system-ui,sans-serif;color:#1f2933;max-width:560px;margin:auto;"
		    "padding:24px\">");
	html_put(h, "<p>%s</p><p>%s</p>", hello, para);
	html_put(h,
		 "<p><a href=\"%s\" style=\"display:inline-block;background:#1d4ed8;color:#fff;padding:12px "
		 "20px;border-radius:6px;text-decoration:none\">%s</a></p>",
		 link, button);
	html_lit(h, "</body></html>");
	m->html = arena_strndup(a, h->str, h->len);
	g_string_free(h, TRUE);
}

void email_peer_graded(struct arena *a, const struct user *u, const char *title, int pct, const char *link,
		       struct mail_message *m)
{
	const char *l = u->lang;
	compose(a, u, arena_printf(a, i18n_get(l, "Your homework \"%s\" is graded"), title),
		arena_printf(a,
			     i18n_get(l, "Your homework \"%s\" has been reviewed. Your grade: %d%%. Read the "
					 "reviewers' comments on the homework page."),
			     title, pct),
		i18n_get(l, "Read my reviews"), link, m);
}

void email_peer_to_staff(struct arena *a, const struct user *u, const char *title, const char *link,
			 struct mail_message *m)
{
	const char *l = u->lang;
	compose(a, u, arena_printf(a, i18n_get(l, "A teacher will grade \"%s\""), title),
		arena_printf(
			a,
			i18n_get(l, "Not enough classmates reviewed your homework \"%s\" in time, so a "
				    "teacher will grade it instead. The reviews already written count too."),
			title),
		i18n_get(l, "See my homework"), link, m);
}
