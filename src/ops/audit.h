/* DATA-1: the helper every change to money, subscriptions, certificates,
 * awards and accounts calls, inside the change's own transaction. */
#ifndef CAMPUS_AUDIT_H
#define CAMPUS_AUDIT_H

#include <glib.h>

#include "ops/ctx.h"

/* Appends who (ctx->actor, or "system"), when (ctx->now), what (action),
 * on what (subject_type, subject_id), before and after (JSON text, "" when
 * none). */
enum status audit_record(struct ctx *c, const char *action, const char *subject_type, int64_t subject_id,
			 const char *before_json, const char *after_json, GString *err);

#endif
