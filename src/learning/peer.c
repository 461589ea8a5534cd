/* Peer-reviewed homework use cases (CRS-1); see peer.h. */
#include "learning/peer.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/i18n.h"
#include "base/secrets.h"
#include "catalog/courses.h"
#include "learning/peer_emails.h"
#include "ops/audit.h"
#include "ops/outbox.h"
#include "ops/premium.h"

#include "base/banned.h"

enum { FORM_ROOM_KIB = 64 }; /* the rest of a multipart form around the file */

static enum status fail(GString *err, enum status st, const char *msg)
{
	if (err)
		g_string_assign(err, msg);
	return st;
}

static enum status finish(struct ctx *c, enum status st, GString *err)
{
	if (st == ST_OK)
		return db_commit(c->db, err);
	db_rollback(c->db);
	return st;
}

int64_t peer_upload_max(const struct config *cfg)
{
	int64_t want = (int64_t)cfg->homework_upload_max_kb * 1024;
	int64_t room = ((int64_t)cfg->upload_max_kib - FORM_ROOM_KIB) * 1024;
	if (room < 1024)
		room = 1024;
	return want < room ? want : room;
}

static bool is_premium(struct ctx *c, int64_t user_id, bool use, GString *err, enum status *st)
{
	struct premium p;
	*st = use ? premium_use(c, user_id, "homework", &p, err) : premium_get(c, user_id, &p, err);
	return *st == ST_OK && p.active;
}

static const char *homework_link(struct ctx *c, const struct peer_homework *hw)
{
	return arena_printf(c->a, "%s/courses/%s/homework/%s", c->cfg->base_url, hw->course_slug, hw->slug);
}

/* The homework course/slug when its course is open (CRS-4: homework of a
 * course announced for later is not readable yet); ST_NOTFOUND otherwise. */
static enum status open_homework(struct ctx *c, const char *course, const char *slug,
				 struct peer_homework **out, GString *err)
{
	enum status st = store_peer_homework(c->db, c->a, course, slug, out, err);
	struct course *co = NULL;
	if (st == ST_OK)
		st = store_course_by_id(c->db, c->a, (*out)->course_id, &co, err);
	if (st == ST_OK && !course_is_open(c, co))
		st = fail(err, ST_NOTFOUND, "this course is not open yet");
	return st;
}

/* The rubric of hw; ST_IO when the stored one is unusable (an import bug). */
static enum status rubric_of(struct ctx *c, const struct peer_homework *hw, struct peer_rubric *rb,
			     GString *err)
{
	const char *bad = peer_rubric_parse(c->a, hw->rubric_json, rb);
	if (bad) {
		if (err)
			g_string_printf(err, "homework %s/%s: %s", hw->course_slug, hw->slug, bad);
		return ST_IO;
	}
	return ST_OK;
}

enum status peer_homework_view(struct ctx *c, const char *course, const char *slug, int64_t user_id,
			       struct peer_view *out, GString *err)
{
	memset(out, 0, sizeof(*out));
	out->upload_max = peer_upload_max(c->cfg);
	enum status st = open_homework(c, course, slug, &out->hw, err);
	if (st == ST_OK)
		st = rubric_of(c, out->hw, &out->rubric, err);
	if (st != ST_OK || !user_id)
		return st;
	out->premium = is_premium(c, user_id, false, err, &st);
	if (st != ST_OK)
		return st;
	st = store_peer_sub_of(c->db, c->a, out->hw->exercise_id, user_id, &out->sub, err);
	if (st == ST_NOTFOUND) {
		out->sub = NULL;
		st = ST_OK;
	}
	if (st != ST_OK)
		return st;
	if (out->sub) {
		st = store_peer_rev_of_sub(c->db, c->a, out->sub->id, &out->reviews, &out->n_reviews, err);
		if (!strcmp(out->sub->state, "open"))
			out->fallback_at =
				peer_fallback_due(out->sub->submitted_at, c->cfg->peer_review_fallback_days);
	}
	out->can_submit = out->premium && (!out->sub || peer_can_resubmit(out->sub->state, out->sub->claims));
	return st;
}

/* Writes the upload under DATA/uploads with a random name; *rel gets the
 * name relative to that folder. */
static enum status store_file(struct ctx *c, const struct peer_upload *f, const char *mime, char **rel,
			      GString *err)
{
	const char *ext = !strcmp(mime, "application/pdf")   ? "pdf"
			  : !strcmp(mime, "image/png")       ? "png"
			  : !strcmp(mime, "image/jpeg")      ? "jpg"
			  : !strcmp(mime, "application/zip") ? "zip"
							     : "txt";
	char *dir = arena_printf(c->a, "%s/uploads", c->cfg->data_dir);
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		g_string_printf(err, "cannot create %s: %s", dir, g_strerror(errno));
		return ST_IO;
	}
	*rel = arena_printf(c->a, "%s.%s", secrets_sha256_hex(c->a, secrets_token(c->a, NULL)), ext);
	char *path = arena_printf(c->a, "%s/%s", dir, *rel);
	GError *gerr = NULL;
	if (!g_file_set_contents_full(path, (const char *)f->data, (gssize)f->len,
				      G_FILE_SET_CONTENTS_CONSISTENT, 0600, &gerr)) {
		g_string_printf(err, "cannot write %s: %s", path, gerr->message);
		g_error_free(gerr);
		return ST_IO;
	}
	return ST_OK;
}

static void remove_file(struct ctx *c, const char *rel)
{
	if (rel && *rel) {
		char *path = arena_printf(c->a, "%s/uploads/%s", c->cfg->data_dir, rel);
		g_unlink(path);
	}
}

/* Makes sure peer.fallback runs when this submission is due. */
static enum status schedule_fallback(struct ctx *c, const struct peer_submission *s, GString *err)
{
	int64_t due = peer_fallback_due(s->submitted_at, c->cfg->peer_review_fallback_days);
	char *key = arena_printf(c->a, "peer.fallback:s%lld", (long long)s->id);
	char *payload = arena_printf(c->a, "{\"submission\":%lld}", (long long)s->id);
	return store_job_add(c->db, "peer.fallback", payload, due, key, err);
}

enum status peer_submit(struct ctx *c, const char *course, const char *slug, const char *text,
			const struct peer_upload *file, struct peer_submission **out, GArray *errs,
			GString *err)
{
	if (!c->actor)
		return fail(err, ST_UNAUTHORIZED, "sign in to submit homework");
	struct peer_homework *hw = NULL;
	enum status st = open_homework(c, course, slug, &hw, err);
	if (st != ST_OK)
		return st;
	if (!is_premium(c, c->actor->id, false, err, &st))
		return st != ST_OK ? st
				   : fail(err, ST_FORBIDDEN,
					  "peer-reviewed homework is a Premium feature: subscribe to submit");
	/* Validate everything before anything is written. */
	if (!text)
		text = "";
	if (!g_utf8_validate(text, -1, NULL))
		field_error_add(errs, "answer", N_("The answer is not valid text."));
	else if (g_utf8_strlen(text, -1) > PEER_ANSWER_MAX)
		field_error_add(errs, "answer",
				N_("The answer is longer than 50,000 characters. Put long work in "
				   "a file instead."));
	char *body = g_strstrip(arena_strdup(c->a, text));
	const char *mime = NULL;
	bool has_file = file && file->name && *file->name;
	if (has_file) {
		if ((int64_t)file->len > peer_upload_max(c->cfg)) {
			field_error_add(errs, "file", N_("The file is too large for this homework."));
		} else {
			switch (peer_sniff_file(file->name, file->data, file->len, &mime)) {
			case PEER_FILE_OK: break;
			case PEER_FILE_EMPTY: field_error_add(errs, "file", N_("The file is empty.")); break;
			case PEER_FILE_BAD_EXTENSION:
				field_error_add(
					errs, "file",
					N_("This type of file is not accepted. Send a PDF, PNG, JPEG, "
					   "text (.txt) or ZIP file."));
				break;
			case PEER_FILE_MISMATCH:
				field_error_add(
					errs, "file",
					N_("The file's content does not match its extension: it is not "
					   "the type its name says."));
				break;
			}
		}
	}
	struct peer_submission *prev = NULL;
	st = store_peer_sub_of(c->db, c->a, hw->exercise_id, c->actor->id, &prev, err);
	if (st == ST_NOTFOUND)
		prev = NULL;
	else if (st != ST_OK)
		return st;
	if (!*body && !has_file && !(prev && *prev->file_path))
		field_error_add(errs, "answer", N_("Write your answer or attach a file."));
	if (errs->len)
		return fail(err, ST_INVALID, "some fields need attention");
	if (prev && !peer_can_resubmit(prev->state, prev->claims))
		return fail(err, ST_CONFLICT,
			    "your submission is already being reviewed: it can no longer change");
	char *rel = NULL;
	if (has_file && (st = store_file(c, file, mime, &rel, err)) != ST_OK)
		return st;
	struct peer_submission *s = arena_alloc(c->a, sizeof(*s));
	s->exercise_id = hw->exercise_id;
	s->user_id = c->actor->id;
	s->body = body;
	if (has_file) {
		s->file_name = peer_clean_file_name(c->a, file->name);
		s->file_path = rel;
		s->file_type = arena_strdup(c->a, mime);
		s->file_bytes = (int64_t)file->len;
	} else if (prev) {
		s->file_name = prev->file_name;
		s->file_path = prev->file_path;
		s->file_type = prev->file_type;
		s->file_bytes = prev->file_bytes;
	} else {
		s->file_name = s->file_path = s->file_type = "";
	}
	s->submitted_at = prev ? prev->submitted_at : c->now;
	s->updated_at = c->now;
	s->state = "open";
	s->grade_pct = -1;
	if ((st = db_begin(c->db, err)) != ST_OK) {
		remove_file(c, rel);
		return st;
	}
	/* The use of a Premium feature is recorded with the submission (SOLO-6
	 * counts it as a first use), in its transaction. */
	struct premium p;
	st = premium_use(c, c->actor->id, "homework", &p, err);
	if (st == ST_OK && !p.active)
		st = fail(err, ST_FORBIDDEN,
			  "peer-reviewed homework is a Premium feature: subscribe to submit");
	if (st == ST_OK && prev) {
		s->id = prev->id;
		st = store_peer_sub_replace(c->db, s, c->now, err);
	} else if (st == ST_OK) {
		st = store_peer_sub_insert(c->db, s, err);
		if (st == ST_CONFLICT)
			g_string_assign(err, "you submitted this homework already: reload the page");
		if (st == ST_OK)
			st = schedule_fallback(c, s, err);
	}
	st = finish(c, st, err);
	if (st != ST_OK) {
		remove_file(c, rel);
		return st;
	}
	/* The replaced file is no longer referenced. */
	if (prev && has_file)
		remove_file(c, prev->file_path);
	if (out)
		*out = s;
	return ST_OK;
}

/* Claims a submission of exercise_id for c->actor; *review_id 0 when none fits. */
static enum status claim_in(struct ctx *c, int64_t exercise_id, int64_t *review_id, GString *err)
{
	*review_id = 0;
	enum status st = store_peer_rev_pending_of(c->db, c->actor->id, exercise_id, c->now, review_id, err);
	if (st != ST_OK || *review_id)
		return st;
	struct peer_candidate *cand = NULL;
	int n = 0;
	st = store_peer_candidates(c->db, c->a, exercise_id, c->actor->id, &cand, &n, err);
	if (st != ST_OK)
		return st;
	int i = peer_pick(cand, (size_t)n, c->actor->id, c->cfg->peer_reviews_required);
	if (i < 0)
		return ST_OK;
	return store_peer_rev_insert(c->db, cand[i].submission_id, c->actor->id, false, c->now,
				     peer_claim_expires(c->now, c->cfg->peer_review_claim_hours), review_id,
				     err);
}

enum status peer_claim(struct ctx *c, int64_t exercise_id, int64_t *review_id, GString *err)
{
	*review_id = 0;
	if (!c->actor)
		return fail(err, ST_UNAUTHORIZED, "sign in to review homework");
	enum status st;
	if (!is_premium(c, c->actor->id, false, err, &st))
		return st != ST_OK ? st
				   : fail(err, ST_FORBIDDEN,
					  "peer-reviewed homework is a Premium feature: subscribe to review");
	int64_t *mine = NULL;
	int n = 0;
	if ((st = store_peer_sub_exercises_of(c->db, c->a, c->actor->id, &mine, &n, err)) != ST_OK)
		return st;
	bool submitted = false;
	for (int i = 0; i < n; i++)
		submitted |= !exercise_id || mine[i] == exercise_id;
	if (!submitted)
		return fail(err, ST_NOTFOUND,
			    exercise_id ? "submit this homework yourself before reviewing others' work"
					: "submit a homework yourself before reviewing others' work");
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	/* Stale claims go back to the pool before anything is assigned. */
	st = store_peer_rev_expire(c->db, c->now, NULL, err);
	for (int i = 0; st == ST_OK && i < n && !*review_id; i++)
		if (!exercise_id || mine[i] == exercise_id)
			st = claim_in(c, mine[i], review_id, err);
	if (st == ST_OK)
		st = premium_use(c, c->actor->id, "homework", &(struct premium){0}, err);
	if (st == ST_OK && !*review_id)
		st = fail(err, ST_NOTFOUND,
			  "there is no classmate's work to review right now: come back later");
	return finish(c, st, err);
}

static bool is_staff(const struct user *u)
{
	return u && (u->roles & (ROLE_STAFF | ROLE_ADMIN));
}

enum status peer_staff_claim(struct ctx *c, int64_t submission_id, int64_t *review_id, GString *err)
{
	*review_id = 0;
	if (!is_staff(c->actor))
		return fail(err, ST_FORBIDDEN, "only staff review the staff queue");
	enum status st = db_begin(c->db, err);
	if (st != ST_OK)
		return st;
	struct peer_submission *s = NULL;
	int64_t other = 0;
	st = store_peer_rev_expire(c->db, c->now, NULL, err);
	if (st == ST_OK)
		st = store_peer_sub_get(c->db, c->a, submission_id, &s, err);
	if (st == ST_OK && strcmp(s->state, "staff"))
		st = fail(err, ST_CONFLICT, "this submission is not in the staff queue");
	if (st == ST_OK)
		st = store_peer_rev_staff_pending(c->db, submission_id, c->now, &other, err);
	int64_t expires = peer_claim_expires(c->now, c->cfg->peer_review_claim_hours);
	if (st == ST_OK && other) {
		struct peer_review *o = NULL;
		st = store_peer_rev_get(c->db, c->a, other, &o, err);
		if (st == ST_OK && o->reviewer_id == c->actor->id)
			*review_id = other;
		else if (st == ST_OK)
			st = fail(err, ST_CONFLICT, "another member of staff is reviewing this submission");
	}
	if (st == ST_OK && !*review_id) {
		st = store_peer_rev_reopen_staff(c->db, submission_id, c->actor->id, c->now, expires,
						 review_id, err);
		if (st == ST_NOTFOUND)
			st = store_peer_rev_insert(c->db, submission_id, c->actor->id, true, c->now, expires,
						   review_id, err);
		if (st == ST_CONFLICT)
			g_string_assign(err, "you reviewed this submission already as a classmate");
	}
	return finish(c, st, err);
}

bool peer_review_parse_scores(struct arena *a, const char *json, int n, int **scores, char ***comments)
{
	json_t *j = json_loads(json ? json : "", 0, NULL);
	bool ok = json_is_array(j) && json_array_size(j) == (size_t)n;
	*scores = arena_alloc(a, sizeof(**scores) * ((size_t)n + 1));
	*comments = arena_alloc(a, sizeof(**comments) * ((size_t)n + 1));
	for (int i = 0; ok && i < n; i++) {
		json_t *e = json_array_get(j, (size_t)i);
		json_t *sc = json_object_get(e, "score"), *cm = json_object_get(e, "comment");
		ok = json_is_integer(sc) && json_is_string(cm);
		if (ok) {
			(*scores)[i] = (int)json_integer_value(sc);
			(*comments)[i] = arena_strdup(a, json_string_value(cm));
		}
	}
	json_decref(j);
	return ok;
}

enum status peer_review_open(struct ctx *c, int64_t review_id, struct peer_review_view *out, GString *err)
{
	memset(out, 0, sizeof(*out));
	if (!c->actor)
		return fail(err, ST_UNAUTHORIZED, "sign in to review homework");
	enum status st = store_peer_rev_get(c->db, c->a, review_id, &out->rev, err);
	if (st == ST_OK && out->rev->reviewer_id != c->actor->id)
		st = fail(err, ST_NOTFOUND, "no such review");
	bool lapsed = st == ST_OK && !strcmp(out->rev->state, "pending") && out->rev->expires_at <= c->now;
	if (st == ST_OK &&
	    (lapsed || !strcmp(out->rev->state, "expired") || !strcmp(out->rev->state, "cancelled")))
		st = fail(err, ST_NOTFOUND, "this review is closed: its time ran out or the work was graded");
	if (st == ST_OK)
		st = store_peer_sub_get(c->db, c->a, out->rev->submission_id, &out->sub, err);
	if (st == ST_OK)
		st = store_peer_homework_by_id(c->db, c->a, out->sub->exercise_id, &out->hw, err);
	if (st == ST_OK)
		st = rubric_of(c, out->hw, &out->rubric, err);
	if (st == ST_OK && !strcmp(out->rev->state, "done"))
		peer_review_parse_scores(c->a, out->rev->scores_json, out->rubric.n, &out->scores,
					 &out->comments);
	return st;
}

/* The sum of a done review's scores; -1 when its JSON is unusable. */
static int review_total(struct ctx *c, const struct peer_review *r, int n)
{
	int *scores;
	char **comments;
	if (!peer_review_parse_scores(c->a, r->scores_json, n, &scores, &comments))
		return -1;
	int t = 0;
	for (int i = 0; i < n; i++)
		t += scores[i];
	return t;
}

/* Grades the submission when it has its reviews: required peer reviews, or
 * a staff review once in the staff queue. Emails the author. */
static enum status grade_if_complete(struct ctx *c, int64_t submission_id, const struct peer_homework *hw,
				     const struct peer_rubric *rb, GString *err)
{
	struct peer_submission *s = NULL;
	struct peer_review **revs = NULL;
	int n = 0;
	enum status st = store_peer_sub_get(c->db, c->a, submission_id, &s, err);
	if (st == ST_OK)
		st = store_peer_rev_of_sub(c->db, c->a, submission_id, &revs, &n, err);
	if (st != ST_OK || !strcmp(s->state, "graded"))
		return st;
	int peers = 0;
	bool staff = false;
	int *totals = arena_alloc(c->a, sizeof(*totals) * ((size_t)n + 1));
	for (int i = 0; i < n; i++) {
		if (revs[i]->staff)
			staff = true;
		else
			peers++;
		if ((totals[i] = review_total(c, revs[i], rb->n)) < 0)
			return fail(err, ST_IO, "a stored review does not match the rubric");
	}
	if (peers < c->cfg->peer_reviews_required && !staff)
		return ST_OK;
	int pct = peer_percent(totals, n, rb->total);
	st = store_peer_sub_grade(c->db, submission_id, pct, c->now, err);
	/* A concurrent review graded it first (PostgreSQL, read committed):
	 * this review stays recorded; the grade and the email are that one's. */
	if (st == ST_CONFLICT) {
		g_string_truncate(err, 0);
		return ST_OK;
	}
	if (st == ST_OK)
		st = store_peer_rev_cancel_pending(c->db, submission_id, err);
	if (st == ST_OK)
		st = audit_record(c, "homework.graded", "submission", submission_id, "",
				  arena_printf(c->a, "{\"grade_pct\":%d,\"reviews\":%d,\"staff\":%s}", pct, n,
					       staff ? "true" : "false"),
				  err);
	struct user *author = NULL;
	if (st == ST_OK)
		st = store_user_by_id(c->db, c->a, s->user_id, &author, err);
	if (st == ST_OK) {
		struct mail_message m;
		email_peer_graded(c->a, author, hw->title, pct, homework_link(c, hw), &m);
		st = outbox_email(c, &m, err);
	}
	return st;
}

enum status peer_review_submit(struct ctx *c, int64_t review_id, const struct peer_review_input *in, int n_in,
			       GArray *errs, GString *err)
{
	struct peer_review_view v;
	enum status st = peer_review_open(c, review_id, &v, err);
	if (st != ST_OK)
		return st;
	if (strcmp(v.rev->state, "pending") || v.rev->expires_at <= c->now)
		return fail(err, ST_CONFLICT,
			    "this review is no longer open: it was sent already or its time ran out");
	if (!v.rev->staff) {
		if (!is_premium(c, c->actor->id, false, err, &st))
			return st != ST_OK ? st
					   : fail(err, ST_FORBIDDEN,
						  "peer-reviewed homework is a Premium feature: subscribe to "
						  "review");
	}
	if (n_in != v.rubric.n)
		return fail(
			err, ST_INVALID,
			arena_printf(c->a, "give exactly %d criteria, in the rubric's order", v.rubric.n));
	int *scores = arena_alloc(c->a, sizeof(*scores) * (size_t)v.rubric.n);
	struct peer_review_problem *pb = arena_alloc(c->a, sizeof(*pb) * (size_t)v.rubric.n);
	if (peer_review_check(&v.rubric, in, scores, pb) > 0) {
		for (int i = 0; i < v.rubric.n; i++) {
			if (pb[i].score)
				field_error_add(errs, arena_printf(c->a, "score_%d", i), pb[i].score);
			if (pb[i].comment)
				field_error_add(errs, arena_printf(c->a, "comment_%d", i), pb[i].comment);
		}
		return fail(err, ST_INVALID, "some criteria need attention");
	}
	json_t *arr = json_array();
	int total = 0;
	for (int i = 0; i < v.rubric.n; i++) {
		total += scores[i];
		json_array_append_new(arr, json_pack("{s:i, s:s}", "score", scores[i], "comment",
						     g_strstrip(arena_strdup(c->a, in[i].comment))));
	}
	char *js = json_dumps(arr, JSON_COMPACT);
	char *scores_json = arena_strdup(c->a, js);
	free(js);
	json_decref(arr);
	int pct = peer_percent(&total, 1, v.rubric.total);
	if ((st = db_begin(c->db, err)) != ST_OK)
		return st;
	if (!v.rev->staff)
		st = premium_use(c, c->actor->id, "homework", &(struct premium){0}, err);
	if (st == ST_OK)
		st = store_peer_rev_complete(c->db, review_id, c->now, scores_json, pct, err);
	if (st == ST_OK)
		st = grade_if_complete(c, v.sub->id, v.hw, &v.rubric, err);
	return finish(c, st, err);
}

enum status peer_my_reviews(struct ctx *c, struct peer_review_item **out, int *n,
			    struct peer_homework ***homeworks, int *n_homeworks, bool *premium, GString *err)
{
	*n = *n_homeworks = 0;
	enum status st0;
	*premium = is_premium(c, c->actor->id, false, err, &st0);
	if (st0 != ST_OK)
		return st0;
	struct peer_review **revs = NULL;
	int nr = 0;
	enum status st = store_peer_rev_of_reviewer(c->db, c->a, c->actor->id, &revs, &nr, err);
	if (st != ST_OK)
		return st;
	struct peer_review_item *items = arena_alloc(c->a, sizeof(*items) * ((size_t)nr + 1));
	int k = 0;
	for (int i = 0; i < nr && st == ST_OK; i++) {
		/* A pending claim whose time ran out is not shown as open. */
		if (!strcmp(revs[i]->state, "pending") && revs[i]->expires_at <= c->now)
			continue;
		items[k].rev = revs[i];
		st = store_peer_homework_by_id(c->db, c->a, revs[i]->exercise_id, &items[k].hw, err);
		k++;
	}
	int64_t *ex = NULL;
	int ne = 0;
	if (st == ST_OK)
		st = store_peer_sub_exercises_of(c->db, c->a, c->actor->id, &ex, &ne, err);
	struct peer_homework **hws = arena_alloc(c->a, sizeof(*hws) * ((size_t)ne + 1));
	for (int i = 0; i < ne && st == ST_OK; i++)
		st = store_peer_homework_by_id(c->db, c->a, ex[i], &hws[i], err);
	if (st != ST_OK)
		return st;
	*out = items;
	*n = k;
	*homeworks = hws;
	*n_homeworks = ne;
	return ST_OK;
}

enum status peer_staff_queue(struct ctx *c, struct peer_queue_item **out, int *n, GString *err)
{
	*n = 0;
	if (!is_staff(c->actor))
		return fail(err, ST_FORBIDDEN, "only staff see the staff queue");
	struct peer_submission **subs = NULL;
	int ns = 0;
	enum status st = store_peer_sub_staff_queue(c->db, c->a, &subs, &ns, err);
	struct peer_queue_item *items = arena_alloc(c->a, sizeof(*items) * ((size_t)ns + 1));
	for (int i = 0; i < ns && st == ST_OK; i++) {
		items[i].sub = subs[i];
		st = store_peer_homework_by_id(c->db, c->a, subs[i]->exercise_id, &items[i].hw, err);
		if (st == ST_OK)
			st = store_peer_rev_staff_pending(c->db, subs[i]->id, c->now, &items[i].staff_claim,
							  err);
	}
	if (st == ST_OK) {
		*out = items;
		*n = ns;
	}
	return st;
}

enum status peer_submission_get(struct ctx *c, int64_t id, struct peer_submission **sub,
				struct peer_homework **hw, struct peer_review ***reviews, int *n,
				GString *err)
{
	if (!c->actor)
		return fail(err, ST_UNAUTHORIZED, "sign in to see your submission");
	enum status st = store_peer_sub_get(c->db, c->a, id, sub, err);
	/* Another learner's submission does not exist for this caller. */
	if (st == ST_OK && (*sub)->user_id != c->actor->id)
		st = fail(err, ST_NOTFOUND, "no such submission");
	if (st == ST_OK)
		st = store_peer_homework_by_id(c->db, c->a, (*sub)->exercise_id, hw, err);
	if (st == ST_OK)
		st = store_peer_rev_of_sub(c->db, c->a, id, reviews, n, err);
	return st;
}

enum status peer_file(struct ctx *c, int64_t submission_id, struct peer_submission **sub, char **path,
		      GString *err)
{
	if (!c->actor)
		return fail(err, ST_UNAUTHORIZED, "sign in to download this file");
	enum status st = store_peer_sub_get(c->db, c->a, submission_id, sub, err);
	if (st != ST_OK)
		return st;
	bool allowed = (*sub)->user_id == c->actor->id || is_staff(c->actor);
	if (!allowed &&
	    (st = store_peer_rev_access(c->db, submission_id, c->actor->id, &allowed, err)) != ST_OK)
		return st;
	if (!allowed || !*(*sub)->file_path)
		return fail(err, ST_NOTFOUND, "no such file");
	*path = arena_printf(c->a, "%s/uploads/%s", c->cfg->data_dir, (*sub)->file_path);
	return ST_OK;
}

enum status peer_fallback_run(struct ctx *c, GString *err)
{
	enum status st = store_peer_rev_expire(c->db, c->now, NULL, err);
	if (st != ST_OK)
		return st;
	int64_t before = c->now - (int64_t)c->cfg->peer_review_fallback_days * 86400;
	struct peer_submission **due = NULL;
	int n = 0;
	st = store_peer_sub_fallback_due(c->db, c->a, before, c->cfg->peer_reviews_required, &due, &n, err);
	for (int i = 0; i < n && st == ST_OK; i++) {
		struct peer_submission *s = due[i];
		if (!peer_fallback_needed(s->submitted_at, s->done, c->cfg->peer_reviews_required,
					  c->cfg->peer_review_fallback_days, c->now))
			continue;
		struct peer_homework *hw = NULL;
		struct user *author = NULL;
		st = store_peer_sub_to_staff(c->db, s->id, c->now, err);
		if (st == ST_CONFLICT) {
			/* Another process moved it first (or it was just graded). */
			g_string_truncate(err, 0);
			st = ST_OK;
			continue;
		}
		if (st == ST_OK)
			st = store_peer_homework_by_id(c->db, c->a, s->exercise_id, &hw, err);
		if (st == ST_OK)
			st = store_user_by_id(c->db, c->a, s->user_id, &author, err);
		if (st == ST_OK) {
			struct mail_message m;
			email_peer_to_staff(c->a, author, hw->title, homework_link(c, hw), &m);
			st = outbox_email(c, &m, err);
		}
	}
	return st;
}

enum status peer_homework_grade(struct ctx *c, int64_t user_id, int64_t exercise_id, int *pct, bool *graded,
				GString *err)
{
	*pct = 0;
	*graded = false;
	struct peer_submission *s = NULL;
	enum status st = store_peer_sub_of(c->db, c->a, exercise_id, user_id, &s, err);
	if (st == ST_NOTFOUND)
		return ST_OK;
	if (st == ST_OK && !strcmp(s->state, "graded")) {
		*pct = s->grade_pct;
		*graded = true;
	}
	return st;
}
