/* The GIFT parser on arbitrary bytes: it never crashes, says ST_OK exactly
 * when it reports no problem, and what it returns is well formed (every
 * question but an essay has an answer; numeric intervals are ordered).
 * Each parsed question is then marked with responses made from the input:
 * scores stay within 0..100. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "catalog/gift.h"

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

static void mark_all(struct arena *a, const struct gift_question *q, const char *text)
{
	int choices[8];
	int n = q->n_answers < 8 ? q->n_answers : 8;
	for (int i = 0; i < n; i++)
		choices[i] = (i * 7 + 3) % (q->n_answers ? q->n_answers : 1);
	const struct gift_response rs[] = {
		{NULL, 0, NULL},
		{choices, 1, NULL},
		{choices, n, NULL},
		{NULL, 0, text},
		{NULL, 0, q->n_answers ? q->answers[0].text : "x"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(rs); i++) {
		int score = -1;
		const char *fb = "unset";
		enum status st = gift_mark(a, q, &rs[i], &score, &fb);
		check(score >= 0 && score <= 100);
		check(st == ST_OK || (score == 0 && fb == NULL));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	GPtrArray *problems = g_ptr_array_new();
	struct gift_question **qs = NULL;
	int n = -1;
	enum status st = gift_parse(a, "fuzz.gift", (const char *)data, size, &qs, &n, problems);
	check(st == ST_OK || st == ST_INVALID);
	check((st == ST_OK) == (problems->len == 0));
	for (guint i = 0; i < problems->len; i++)
		check(g_str_has_prefix(problems->pdata[i], "fuzz.gift:"));
	check(qs != NULL && n >= 0 && qs[n] == NULL);
	char *text = g_strndup((const char *)data, size > 64 ? 64 : size);
	for (int i = 0; i < n; i++) {
		const struct gift_question *q = qs[i];
		check(q->text && q->before && q->line >= 1);
		if (st == ST_OK && q->kind != GIFT_ESSAY)
			check(q->n_answers >= 1);
		for (int j = 0; j < q->n_answers; j++) {
			const struct gift_answer *ans = &q->answers[j];
			check(ans->text != NULL);
			check(ans->weight >= -100 && ans->weight <= 100);
			check(q->kind != GIFT_MATCHING || ans->match != NULL);
			check(q->kind != GIFT_NUMERIC || ans->low <= ans->high);
		}
		mark_all(a, q, text);
	}
	g_free(text);
	g_ptr_array_free(problems, TRUE);
	arena_free(a);
	return 0;
}
