#include "ops/audit.h"

#include "base/banned.h"

enum status audit_record(struct ctx *c, const char *action, const char *subject_type, int64_t subject_id,
			 const char *before_json, const char *after_json, GString *err)
{
	struct audit_entry e = {
		.at = c->now,
		.actor_id = c->actor ? c->actor->id : 0,
		.actor = (char *)(c->actor ? c->actor->email : "system"),
		.action = (char *)action,
		.subject_type = (char *)subject_type,
		.subject_id = subject_id,
		.before_json = (char *)(before_json ? before_json : ""),
		.after_json = (char *)(after_json ? after_json : ""),
		.ip = (char *)(c->ip ? c->ip : ""),
	};
	return store_audit_append(c->db, &e, err);
}
