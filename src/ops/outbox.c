#include "ops/outbox.h"

#include "base/i18n.h"
#include "http/html.h"

#include "base/banned.h"

void outbox_compose(struct arena *a, const struct email_parts *e, struct mail_message *m)
{
	const char *hello = arena_printf(a, i18n_get(e->lang, "Hello %s,"), e->name);
	m->to = e->to;
	m->lang = e->lang;
	m->subject = e->subject;
	m->text = e->after ? arena_printf(a, "%s\n\n%s\n\n%s\n\n%s\n\n-- \n%s\n", hello, e->para, e->link,
					  e->after, e->sign_off)
			   : arena_printf(a, "%s\n\n%s\n\n%s\n\n-- \n%s\n", hello, e->para, e->link,
					  e->sign_off);
	GString *h = g_string_new(NULL);
	html_lit(h, "<!doctype html><html><body "
		    "style=\"font-family:system-ui,sans-serif;color:#1f2933;max-width:560px;margin:auto;"
		    "padding:24px\">");
	html_put(h, "<p>%s</p><p>%s</p>", hello, e->para);
	html_put(h,
		 "<p><a href=\"%s\" style=\"display:inline-block;background:#1d4ed8;color:#fff;padding:12px "
		 "20px;border-radius:6px;text-decoration:none\">%s</a></p>",
		 e->link, e->button);
	if (e->after)
		html_put(h, "<p style=\"color:#52606d;font-size:14px\">%s</p>", e->after);
	html_lit(h, "</body></html>");
	m->html = arena_strndup(a, h->str, h->len);
	g_string_free(h, TRUE);
}

void outbox_compose_user(struct arena *a, const struct user *u, const char *subject, const char *para,
			 const char *button, const char *link, const char *after, struct mail_message *m)
{
	outbox_compose(a,
		       &(struct email_parts){.lang = u->lang,
					     .to = u->email,
					     .name = u->name,
					     .subject = subject,
					     .para = para,
					     .button = button,
					     .link = link,
					     .after = after,
					     .sign_off = "campus"},
		       m);
}

enum status outbox_email(struct ctx *c, const struct mail_message *m, GString *err)
{
	char *payload = mail_to_payload(m);
	if (!payload) {
		g_string_assign(err, "the email could not be encoded");
		return ST_INVALID;
	}
	enum status st = store_outbox_add(c->db, "email", payload, c->now, err);
	g_free(payload);
	return st;
}
