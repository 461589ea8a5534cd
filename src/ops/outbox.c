#include "ops/outbox.h"

#include "base/banned.h"

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
