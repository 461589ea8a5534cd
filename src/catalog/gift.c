/* Moodle GIFT parser and marker; see gift.h for the subset understood.
 *
 * The file is cut into blocks at blank lines. Each block is unescaped into
 * a question buffer that keeps, for every byte, whether it came from an
 * escape (and so is never syntax) and its line in the file, so that every
 * later step can search for syntax characters directly and still report
 * exact line numbers. */
#include "catalog/gift.h"

#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "base/banned.h"

/* An unescaped question block. c->str[i] is a byte of the text, lit[i] is 1
 * when it was written escaped, ln[i] is its line. */
struct qbuf {
	GString *c;
	GByteArray *lit;
	GArray *ln; /* of int */
	bool bad; /* a line of the block was already reported; skip the block */
	bool has_text; /* a line other than comments and $CATEGORY was added */
};

struct ctx {
	struct arena *a;
	const char *file;
	GPtrArray *problems; /* may be NULL */
	int n_problems;
	const char *category;
};

/* One answer of an answer block: its marker ('=', '~' or 0 for text before
 * the first marker) and the byte range after the marker. */
struct tok {
	char mark;
	size_t b, e;
	int line;
};

static void problem(struct ctx *x, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Records "file:line: message" (arena string) in x->problems. */
static void problem(struct ctx *x, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(x->a, fmt, ap);
	va_end(ap);
	x->n_problems++;
	if (x->problems)
		g_ptr_array_add(x->problems, arena_printf(x->a, "%s:%d: %s", x->file, line, msg));
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static char ch(const struct qbuf *q, size_t i)
{
	return q->c->str[i];
}

/* True when byte i is the syntax character c (not written escaped). */
static bool special(const struct qbuf *q, size_t i, char c)
{
	return q->c->str[i] == c && !q->lit->data[i];
}

static int line_at(const struct qbuf *q, size_t i)
{
	if (q->c->len == 0)
		return 0;
	if (i >= q->c->len)
		i = q->c->len - 1;
	return g_array_index(q->ln, int, i);
}

/* First unescaped c in [b, e), or e. */
static size_t find(const struct qbuf *q, size_t b, size_t e, char c)
{
	for (size_t i = b; i < e; i++)
		if (special(q, i, c))
			return i;
	return e;
}

/* First unescaped pair "c1c2" in [b, e), or e. */
static size_t find2(const struct qbuf *q, size_t b, size_t e, char c1, char c2)
{
	for (size_t i = b; i + 1 < e; i++)
		if (special(q, i, c1) && special(q, i + 1, c2))
			return i;
	return e;
}

static void trim(const struct qbuf *q, size_t *b, size_t *e)
{
	while (*b < *e && is_space(ch(q, *b)))
		(*b)++;
	while (*e > *b && is_space(ch(q, *e - 1)))
		(*e)--;
}

/* The trimmed text of [b, e) as an arena string (never NULL). */
static const char *piece(struct ctx *x, const struct qbuf *q, size_t b, size_t e)
{
	trim(q, &b, &e);
	return arena_strndup(x->a, q->c->str + b, e - b);
}

/* At most about 30 bytes of s, cut at a character boundary, for messages.
 * s is valid UTF-8 (every line was validated). */
static const char *snippet(struct ctx *x, const char *s)
{
	const char *p = s;
	while (*p && p - s < 30)
		p = g_utf8_next_char(p);
	if (!*p)
		return s;
	return arena_printf(x->a, "%.*s...", (int)(p - s), s);
}

/* v (millionths) as a decimal with the trailing zeros of its fraction left out ("99.5"). */
static const char *fmt_e6(struct ctx *x, int64_t v)
{
	const char *sign = v < 0 ? "-" : "";
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t ip = m / 1000000, fp = m % 1000000;
	if (fp == 0)
		return arena_printf(x->a, "%s%llu", sign, (unsigned long long)ip);
	int digits = 6;
	while (fp % 10 == 0) {
		fp /= 10;
		digits--;
	}
	return arena_printf(x->a, "%s%llu.%0*llu", sign, (unsigned long long)ip, digits,
			    (unsigned long long)fp);
}

enum num { NUM_OK, NUM_BAD, NUM_BIG, NUM_PRECISE };

/* Parses [+-]digits[.digits] (no spaces, no exponent) from s[0..n) into
 * millionths in *out. At most 12 integer digits (leading zeros aside), else
 * NUM_BIG. Non-zero digits after the sixth decimal give NUM_PRECISE, unless
 * rest is not NULL: then *out is the floor of the number in millionths and
 * *rest tells that the number is a little larger than *out (by less than
 * one millionth). */
static enum num parse_e6(const char *s, size_t n, int64_t *out, bool *rest)
{
	size_t i = 0;
	bool neg = false, any = false, more = false;
	int64_t ip = 0, fp = 0;
	int idigits = 0, fdigits = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	for (; i < n && g_ascii_isdigit(s[i]); i++) {
		any = true;
		if (ip == 0 && s[i] == '0')
			continue;
		if (++idigits > 12)
			return NUM_BIG;
		ip = ip * 10 + (s[i] - '0');
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && g_ascii_isdigit(s[i]); i++) {
			any = true;
			if (fdigits < 6) {
				fp = fp * 10 + (s[i] - '0');
				fdigits++;
			} else if (s[i] != '0') {
				more = true;
			}
		}
	}
	if (!any || i != n)
		return NUM_BAD;
	for (; fdigits < 6; fdigits++)
		fp *= 10;
	if (more && !rest)
		return NUM_PRECISE;
	if (rest)
		*rest = more;
	int64_t v = ip * GIFT_E6 + fp;
	*out = neg ? -v : v;
	/* Cut a negative number to its floor, so that the rest is positive. */
	if (more && neg)
		(*out)--;
	return NUM_OK;
}

/* Parses a number of the source text [s, s+n) after trimming; reports
 * "<what> is not a number" and the like at line. */
static bool source_number(struct ctx *x, int line, const char *what, const char *s, size_t n, int64_t *out)
{
	while (n > 0 && is_space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_space(s[n - 1]))
		n--;
	switch (parse_e6(s, n, out, NULL)) {
	case NUM_OK: return true;
	case NUM_BAD: problem(x, line, "%s is not a number", what); return false;
	case NUM_BIG:
		problem(x, line, "%s is too large (at most 12 digits before the point)", what);
		return false;
	case NUM_PRECISE: problem(x, line, "%s has more than 6 decimal places", what); return false;
	}
	return false;
}

/* Appends one line of the file to the block, resolving escapes: \~ \= \#
 * \{ \} \: and \\ give the character itself, \n a newline; any other
 * backslash is kept as it is. A newline (not an escape) ends the line. */
static void qbuf_add_line(struct qbuf *q, const char *s, size_t n, int line)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		guint8 lit = 0;
		if (c == '\\' && i + 1 < n && s[i + 1] != '\0' && strchr("~=#{}:\\n", s[i + 1])) {
			c = s[++i] == 'n' ? '\n' : s[i];
			lit = 1;
		}
		g_string_append_c(q->c, c);
		g_byte_array_append(q->lit, &lit, 1);
		g_array_append_val(q->ln, line);
	}
	guint8 zero = 0;
	g_string_append_c(q->c, '\n');
	g_byte_array_append(q->lit, &zero, 1);
	g_array_append_val(q->ln, line);
}

static void qbuf_reset(struct qbuf *q)
{
	g_string_truncate(q->c, 0);
	g_byte_array_set_size(q->lit, 0);
	g_array_set_size(q->ln, 0);
	q->bad = false;
	q->has_text = false;
}

/* Cuts the answer block [b, e) at the unescaped marker characters in marks.
 * Text before the first marker becomes a token with mark 0 when it is not
 * blank. Returns a GArray of struct tok the caller frees. */
static GArray *split(const struct qbuf *q, size_t b, size_t e, const char *marks)
{
	GArray *toks = g_array_new(FALSE, TRUE, sizeof(struct tok));
	struct tok t = {0, b, e, line_at(q, b)};
	for (size_t i = b; i < e; i++) {
		if (q->lit->data[i] || ch(q, i) == '\0' || !strchr(marks, ch(q, i)))
			continue;
		t.e = i;
		size_t tb = t.b, te = t.e;
		trim(q, &tb, &te);
		if (t.mark || tb < te)
			g_array_append_val(toks, t);
		t = (struct tok){ch(q, i), i + 1, e, line_at(q, i)};
	}
	t.e = e;
	size_t tb = t.b, te = t.e;
	trim(q, &tb, &te);
	if (t.mark || tb < te)
		g_array_append_val(toks, t);
	return toks;
}

/* Reads an optional "%weight%" at the start of the token [*b, e) into
 * *weight (millionths of a percent) and moves *b past it. A '%' not
 * followed by a number and a '%' is answer text (as in Moodle). Returns
 * false after reporting a weight that is a number but not a valid one. */
static bool weight_prefix(struct ctx *x, const struct qbuf *q, size_t *b, size_t e, bool *has,
			  int64_t *weight)
{
	size_t p = *b;
	*has = false;
	while (p < e && is_space(ch(q, p)))
		p++;
	if (p >= e || ch(q, p) != '%')
		return true;
	size_t close = p + 1;
	while (close < e && ch(q, close) != '%') {
		if (ch(q, close) == '\0' || !strchr("+-.0123456789", ch(q, close)))
			return true;
		close++;
	}
	if (close >= e || close == p + 1)
		return true;
	int line = line_at(q, p);
	const char *s = q->c->str + p + 1;
	int n = (int)(close - p - 1);
	enum num st = parse_e6(s, (size_t)n, weight, NULL);
	if (st == NUM_BAD) {
		problem(x, line, "the weight %%%.*s%% is not a number", n, s);
		return false;
	}
	if (st == NUM_PRECISE) {
		problem(x, line, "the weight %%%.*s%% has more than 6 decimal places", n, s);
		return false;
	}
	if (st == NUM_BIG || *weight < -100 * GIFT_E6 || *weight > 100 * GIFT_E6) {
		problem(x, line, "the weight %%%.*s%% is not between -100%% and 100%%", n, s);
		return false;
	}
	*has = true;
	*b = close + 1;
	return true;
}

/* Rounds millionths of a percent to a whole percent, halves away from 0. */
static int round_percent(int64_t w)
{
	int64_t r = w >= 0 ? (w + GIFT_E6 / 2) / GIFT_E6 : -((-w + GIFT_E6 / 2) / GIFT_E6);
	return (int)r;
}

/* Splits the token body [b, e) at its first unescaped '#' into the answer
 * text and the feedback (NULL when there is no '#'). */
static void text_feedback(struct ctx *x, const struct qbuf *q, size_t b, size_t e, const char **text,
			  const char **feedback)
{
	size_t h = find(q, b, e, '#');
	*text = piece(x, q, b, h);
	*feedback = h < e ? piece(x, q, h + 1, e) : NULL;
}

static void set_weight(struct gift_answer *ans, int64_t w)
{
	ans->weight_e6 = w;
	ans->weight = round_percent(w);
}

/* Copies the answers gathered in arr into the question (arena). */
static void take_answers(struct ctx *x, struct gift_question *qu, GArray *arr)
{
	qu->n_answers = (int)arr->len;
	qu->answers = arena_alloc(x->a, sizeof(struct gift_answer) * (arr->len ? arr->len : 1));
	if (arr->len)
		memcpy(qu->answers, arr->data, sizeof(struct gift_answer) * arr->len);
}

/* Text before the first answer marker that is not an answer. */
static void stray_text(struct ctx *x, const struct qbuf *q, const struct tok *t)
{
	problem(x, t->line, "unexpected text '%s' in the answer block (answers start with = or ~)",
		snippet(x, piece(x, q, t->b, t->e)));
}

/* What every answer token starts with: a marker (else stray text) and an
 * optional %weight%. On success *tb is where the answer text begins and
 * has and w tell the weight (w keeps its value when there is none); false
 * after reporting the problem. */
static bool answer_start(struct ctx *x, const struct qbuf *q, const struct tok *t, size_t *tb, bool *has,
			 int64_t *w)
{
	if (t->mark == 0) {
		stray_text(x, q, t);
		return false;
	}
	*tb = t->b;
	*has = false;
	return weight_prefix(x, q, tb, t->e, has, w);
}

/* Multiple choice with one or several right answers: {=a ~b ~%50%c#fb}.
 * line is the line of the '{'. */
static bool parse_choice(struct ctx *x, const struct qbuf *q, size_t b, size_t e, int line,
			 struct gift_question *qu)
{
	GArray *toks = split(q, b, e, "=~");
	GArray *arr = g_array_new(FALSE, TRUE, sizeof(struct gift_answer));
	bool ok = true, single = false;
	int64_t positive = 0, best = INT64_MIN;
	for (guint i = 0; i < toks->len; i++) {
		const struct tok *t = &g_array_index(toks, struct tok, i);
		struct gift_answer ans = {.line = t->line};
		size_t tb;
		bool has;
		int64_t w = 0;
		if (!answer_start(x, q, t, &tb, &has, &w)) {
			ok = false;
			continue;
		}
		if (t->mark == '=') {
			single = true;
			if (!has)
				w = 100 * GIFT_E6;
		}
		text_feedback(x, q, tb, t->e, &ans.text, &ans.feedback);
		if (!*ans.text) {
			problem(x, t->line, "an answer has no text");
			ok = false;
		}
		set_weight(&ans, w);
		if (w > 0)
			positive += w;
		if (w > best)
			best = w;
		g_array_append_val(arr, ans);
	}
	if (ok && arr->len < 2) {
		problem(x, line, "a multiple-choice question needs at least two answers");
		ok = false;
	}
	if (ok && positive == 0) {
		problem(x, line, "the question has no right answer (mark one with = or give it a weight)");
		ok = false;
	}
	if (ok && single && best != 100 * GIFT_E6) {
		problem(x, line, "no answer is worth 100%%");
		ok = false;
	}
	/* Several right answers: Moodle accepts weights that add up to 100
	 * within rounding (3 x 33.33333%). */
	if (ok && !single && (positive < 100 * GIFT_E6 - 10000 || positive > 100 * GIFT_E6 + 10000)) {
		problem(x, line, "weights of right answers add up to %s%%, not 100%%", fmt_e6(x, positive));
		ok = false;
	}
	qu->kind = single ? GIFT_MULTICHOICE : GIFT_MULTIANSWER;
	take_answers(x, qu, arr);
	g_array_free(arr, TRUE);
	g_array_free(toks, TRUE);
	return ok;
}

/* Checks a weight of an answer that cannot be negative (short answer,
 * numeric). */
static bool weight_0_100(struct ctx *x, int line, int64_t w)
{
	if (w >= 0)
		return true;
	problem(x, line, "a weight of %s%% is not allowed here (0%% to 100%%)", fmt_e6(x, w));
	return false;
}

/* Short answer: {=one =%50%un#feedback}. */
static bool parse_short(struct ctx *x, const struct qbuf *q, size_t b, size_t e, int line,
			struct gift_question *qu)
{
	GArray *toks = split(q, b, e, "=");
	GArray *arr = g_array_new(FALSE, TRUE, sizeof(struct gift_answer));
	bool ok = true;
	int64_t best = INT64_MIN;
	for (guint i = 0; i < toks->len; i++) {
		const struct tok *t = &g_array_index(toks, struct tok, i);
		struct gift_answer ans = {.line = t->line};
		size_t tb;
		bool has;
		int64_t w = 100 * GIFT_E6;
		if (!answer_start(x, q, t, &tb, &has, &w) || !weight_0_100(x, t->line, w)) {
			ok = false;
			continue;
		}
		text_feedback(x, q, tb, t->e, &ans.text, &ans.feedback);
		if (!*ans.text) {
			problem(x, t->line, "an answer has no text");
			ok = false;
		}
		set_weight(&ans, w);
		if (w > best)
			best = w;
		g_array_append_val(arr, ans);
	}
	if (ok && best != 100 * GIFT_E6) {
		problem(x, line, "no answer is worth 100%%");
		ok = false;
	}
	qu->kind = GIFT_SHORTANSWER;
	take_answers(x, qu, arr);
	g_array_free(arr, TRUE);
	g_array_free(toks, TRUE);
	return ok;
}

/* The value of a numeric answer as written: "v", "v:t" or "a..b". */
static bool numeric_value(struct ctx *x, int line, struct gift_answer *ans)
{
	const char *s = ans->text;
	const char *dots = strstr(s, "..");
	const char *colon = strchr(s, ':');
	if (!*s) {
		problem(x, line, "a numeric answer has no number");
		return false;
	}
	if (dots && dots > s) {
		size_t n1 = (size_t)(dots - s);
		if (!source_number(x, line, "the range minimum", s, n1, &ans->low) ||
		    !source_number(x, line, "the range maximum", dots + 2, strlen(dots + 2), &ans->high))
			return false;
		if (ans->low > ans->high) {
			problem(x, line, "the range minimum is larger than its maximum");
			return false;
		}
		ans->range = true;
		return true;
	}
	if (colon) {
		if (!source_number(x, line, "the numeric value", s, (size_t)(colon - s), &ans->value) ||
		    !source_number(x, line, "the numeric tolerance", colon + 1, strlen(colon + 1),
				   &ans->tolerance))
			return false;
		if (ans->tolerance < 0) {
			problem(x, line, "the numeric tolerance is negative");
			return false;
		}
	} else if (!source_number(x, line, "the numeric value", s, strlen(s), &ans->value)) {
		return false;
	}
	/* |value|, tolerance < 10^18 each: the sums fit in int64_t. */
	ans->low = ans->value - ans->tolerance;
	ans->high = ans->value + ans->tolerance;
	return true;
}

/* Numeric: {#3.14:0.01}, {#1..5}, {#=3:0 =%50%3.1:0.1#fb ~#otherwise}.
 * [b, e) starts after the '#'. */
static bool parse_numeric(struct ctx *x, const struct qbuf *q, size_t b, size_t e, int line,
			  struct gift_question *qu)
{
	GArray *toks = split(q, b, e, "=~");
	GArray *arr = g_array_new(FALSE, TRUE, sizeof(struct gift_answer));
	bool ok = true, other = false;
	int64_t best = INT64_MIN;
	for (guint i = 0; i < toks->len; i++) {
		const struct tok *t = &g_array_index(toks, struct tok, i);
		if (t->mark == '~') {
			size_t tb = t->b, te = t->e;
			trim(q, &tb, &te);
			if (other) {
				problem(x, t->line,
					"a numeric question has only one '~' (feedback for other answers)");
				ok = false;
			} else if (tb < te && !special(q, tb, '#')) {
				problem(x, t->line,
					"in a numeric question '~' only gives feedback for other answers "
					"(~#feedback)");
				ok = false;
			} else if (tb < te) {
				qu->other_feedback = piece(x, q, tb + 1, te);
			}
			other = true;
			continue;
		}
		struct gift_answer ans = {.line = t->line};
		size_t tb = t->b;
		bool has = false;
		int64_t w = 100 * GIFT_E6;
		if (!weight_prefix(x, q, &tb, t->e, &has, &w) || !weight_0_100(x, t->line, w)) {
			ok = false;
			continue;
		}
		text_feedback(x, q, tb, t->e, &ans.text, &ans.feedback);
		if (!numeric_value(x, t->line, &ans)) {
			ok = false;
			continue;
		}
		set_weight(&ans, w);
		if (w > best)
			best = w;
		g_array_append_val(arr, ans);
	}
	if (ok && arr->len == 0) {
		problem(x, line, "a numeric question needs at least one answer");
		ok = false;
	}
	if (ok && best != 100 * GIFT_E6) {
		problem(x, line, "no answer is worth 100%%");
		ok = false;
	}
	qu->kind = GIFT_NUMERIC;
	take_answers(x, qu, arr);
	g_array_free(arr, TRUE);
	g_array_free(toks, TRUE);
	return ok;
}

/* Matching: {=a -> b =c -> d = -> distractor}. */
static bool parse_matching(struct ctx *x, const struct qbuf *q, size_t b, size_t e, int line,
			   struct gift_question *qu)
{
	GArray *toks = split(q, b, e, "=");
	GArray *arr = g_array_new(FALSE, TRUE, sizeof(struct gift_answer));
	bool ok = true;
	int pairs = 0;
	for (guint i = 0; i < toks->len; i++) {
		const struct tok *t = &g_array_index(toks, struct tok, i);
		struct gift_answer ans = {.line = t->line};
		size_t tb;
		bool has;
		int64_t w = 0;
		if (!answer_start(x, q, t, &tb, &has, &w)) {
			ok = false;
			continue;
		}
		if (has) {
			problem(x, t->line, "matching pairs cannot have weights");
			ok = false;
			continue;
		}
		size_t arrow = find2(q, tb, t->e, '-', '>');
		if (arrow == t->e) {
			problem(x, t->line, "a matching pair needs 'left -> right'");
			ok = false;
			continue;
		}
		size_t h = find(q, arrow + 2, t->e, '#');
		ans.text = piece(x, q, tb, arrow);
		ans.match = piece(x, q, arrow + 2, h);
		ans.feedback = h < t->e ? piece(x, q, h + 1, t->e) : NULL;
		if (!*ans.match) {
			problem(x, t->line, "the right side of a matching pair is empty");
			ok = false;
			continue;
		}
		if (*ans.text)
			pairs++;
		g_array_append_val(arr, ans);
	}
	if (ok && pairs < 2) {
		problem(x, line, "a matching question needs at least two pairs");
		ok = false;
	}
	qu->kind = GIFT_MATCHING;
	take_answers(x, qu, arr);
	g_array_free(arr, TRUE);
	g_array_free(toks, TRUE);
	return ok;
}

/* When [b, e) up to its first '#' is T, TRUE, F or FALSE (any case), sets
 * *truth and returns true. */
static bool truefalse_word(const struct qbuf *q, size_t b, size_t e, bool *truth)
{
	size_t h = find(q, b, e, '#');
	trim(q, &b, &h);
	const char *s = q->c->str + b;
	size_t n = h - b;
	if ((n == 1 && g_ascii_strncasecmp(s, "T", 1) == 0) ||
	    (n == 4 && g_ascii_strncasecmp(s, "TRUE", 4) == 0)) {
		*truth = true;
		return true;
	}
	if ((n == 1 && g_ascii_strncasecmp(s, "F", 1) == 0) ||
	    (n == 5 && g_ascii_strncasecmp(s, "FALSE", 5) == 0)) {
		*truth = false;
		return true;
	}
	return false;
}

/* True/false: {T}, {FALSE#feedback if wrong#feedback if right}. */
static void parse_truefalse(struct ctx *x, const struct qbuf *q, size_t b, size_t e, int line, bool truth,
			    struct gift_question *qu)
{
	size_t h1 = find(q, b, e, '#');
	size_t h2 = h1 < e ? find(q, h1 + 1, e, '#') : e;
	const char *wrong = h1 < e ? piece(x, q, h1 + 1, h2) : NULL;
	const char *right = h2 < e ? piece(x, q, h2 + 1, e) : NULL;
	if (wrong && !*wrong)
		wrong = NULL;
	if (right && !*right)
		right = NULL;
	qu->kind = GIFT_TRUEFALSE;
	qu->truth = truth;
	qu->n_answers = 2;
	qu->answers = arena_alloc(x->a, 2 * sizeof(struct gift_answer));
	struct gift_answer *t = &qu->answers[0], *f = &qu->answers[1];
	t->text = "true";
	f->text = "false";
	t->line = f->line = line;
	set_weight(truth ? t : f, 100 * GIFT_E6);
	t->feedback = truth ? right : wrong;
	f->feedback = truth ? wrong : right;
}

/* Parses one question block. Returns the question (arena) or NULL after
 * reporting its problems. */
static struct gift_question *parse_block(struct ctx *x, const struct qbuf *q)
{
	size_t p = 0, e = q->c->len;
	trim(q, &p, &e);
	if (p == e)
		return NULL;
	struct gift_question *qu = arena_alloc(x->a, sizeof(*qu));
	qu->line = line_at(q, p);
	qu->category = x->category;
	qu->format = GIFT_FORMAT_MOODLE;

	if (p + 1 < e && special(q, p, ':') && special(q, p + 1, ':')) {
		size_t t = find2(q, p + 2, e, ':', ':');
		if (t == e) {
			problem(x, qu->line, "the title is not closed (missing '::')");
			return NULL;
		}
		qu->title = piece(x, q, p + 2, t);
		if (!*qu->title)
			qu->title = NULL;
		p = t + 2;
		while (p < e && is_space(ch(q, p)))
			p++;
	}
	if (p < e && special(q, p, '[')) {
		static const struct {
			const char *name;
			enum gift_format format;
		} formats[] = {{"[moodle]", GIFT_FORMAT_MOODLE},
			       {"[html]", GIFT_FORMAT_HTML},
			       {"[plain]", GIFT_FORMAT_PLAIN},
			       {"[markdown]", GIFT_FORMAT_MARKDOWN}};
		for (size_t i = 0; i < G_N_ELEMENTS(formats); i++) {
			size_t n = strlen(formats[i].name);
			if (e - p >= n && memcmp(q->c->str + p, formats[i].name, n) == 0) {
				qu->format = formats[i].format;
				p += n;
				break;
			}
		}
	}

	size_t ob = find(q, p, e, '{'), cb = find(q, p, e, '}');
	if (ob == e && cb == e) {
		problem(x, qu->line,
			"the question has no answer block {...} (descriptions are not supported)");
		return NULL;
	}
	if (cb < ob) {
		problem(x, line_at(q, cb), "'}' without a matching '{'");
		return NULL;
	}
	if (cb == e) {
		problem(x, line_at(q, ob), "the answer block is not closed");
		return NULL;
	}
	size_t nested = find(q, ob + 1, cb, '{');
	if (nested < cb) {
		problem(x, line_at(q, ob), "the answer block is not closed (another '{' follows on line %d)",
			line_at(q, nested));
		return NULL;
	}
	size_t more_open = find(q, cb + 1, e, '{'), more_close = find(q, cb + 1, e, '}');
	if (more_close < more_open) {
		problem(x, line_at(q, more_close), "'}' without a matching '{'");
		return NULL;
	}
	if (more_open < e) {
		problem(x, line_at(q, more_open), "a question has only one answer block");
		return NULL;
	}

	int line = line_at(q, ob);
	qu->before = piece(x, q, p, ob);
	qu->after = piece(x, q, cb + 1, e);
	if (!*qu->after) {
		qu->after = NULL;
		qu->text = qu->before;
	} else {
		size_t b1 = p, e1 = ob, b2 = cb + 1, e2 = e;
		trim(q, &b1, &e1);
		trim(q, &b2, &e2);
		/* Keep the spaces around the blank as written. */
		qu->text = arena_printf(x->a, "%.*s_____%.*s", (int)(ob - b1), q->c->str + b1,
					(int)(e2 - cb - 1), q->c->str + cb + 1);
	}
	if (!*qu->before && !qu->after) {
		problem(x, qu->line, "the question has no text");
		return NULL;
	}

	size_t ab = ob + 1, ae = cb;
	trim(q, &ab, &ae);
	for (size_t i = ae; i >= ab + 4; i--) {
		if (special(q, i - 4, '#') && special(q, i - 3, '#') && special(q, i - 2, '#') &&
		    special(q, i - 1, '#')) {
			qu->general_feedback = piece(x, q, i, ae);
			ae = i - 4;
			trim(q, &ab, &ae);
			break;
		}
	}

	bool ok = true, truth = false;
	if (ab == ae) {
		qu->kind = GIFT_ESSAY;
	} else if (special(q, ab, '#')) {
		ok = parse_numeric(x, q, ab + 1, ae, line, qu);
	} else if (find(q, ab, ae, '~') < ae) {
		ok = parse_choice(x, q, ab, ae, line, qu);
	} else if (find(q, ab, ae, '=') < ae && find2(q, ab, ae, '-', '>') < ae) {
		ok = parse_matching(x, q, ab, ae, line, qu);
	} else if (truefalse_word(q, ab, ae, &truth)) {
		parse_truefalse(x, q, ab, ae, line, truth, qu);
	} else if (find(q, ab, ae, '=') < ae) {
		ok = parse_short(x, q, ab, ae, line, qu);
	} else {
		struct tok t = {0, ab, ae, line_at(q, ab)};
		stray_text(x, q, &t);
		ok = false;
	}
	return ok ? qu : NULL;
}

/* Ends the block in q: parses it when it holds a question. */
static void flush(struct ctx *x, struct qbuf *q, GPtrArray *questions)
{
	if (q->has_text && !q->bad) {
		struct gift_question *qu = parse_block(x, q);
		if (qu)
			g_ptr_array_add(questions, qu);
	}
	qbuf_reset(q);
}

/* The line s[0..n) is blank (white space only). */
static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_space(s[i]))
			return false;
	return true;
}

enum status gift_parse(struct arena *a, const char *file, const char *text, size_t len,
		       struct gift_question ***out, int *n, GPtrArray *problems)
{
	struct ctx x = {.a = a, .file = file ? file : "<input>", .problems = problems};
	struct qbuf q = {
		.c = g_string_new(NULL),
		.lit = g_byte_array_new(),
		.ln = g_array_new(FALSE, FALSE, sizeof(int)),
	};
	GPtrArray *questions = g_ptr_array_new();
	size_t pos = 0;
	int line = 0;

	*out = NULL;
	*n = 0;
	if (len > INT_MAX) {
		problem(&x, 1, "the file is too large");
		goto cleanup;
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		/* One line: up to LF, CRLF or CR. */
		size_t ls = pos, le = pos;
		while (le < len && text[le] != '\n' && text[le] != '\r')
			le++;
		pos = le;
		if (pos < len && text[pos] == '\r')
			pos++;
		if (pos < len && text[pos] == '\n')
			pos++;
		line++;

		const char *s = text + ls;
		size_t sn = le - ls;
		if (blank(s, sn)) {
			flush(&x, &q, questions);
			continue;
		}
		if (!g_utf8_validate_len(s, sn, NULL)) {
			problem(&x, line, "the line is not valid UTF-8 text");
			q.bad = true;
			continue;
		}
		size_t i = 0;
		while (i < sn && is_space(s[i]))
			i++;
		if (sn - i >= 2 && s[i] == '/' && s[i + 1] == '/')
			continue;
		if (!q.has_text && sn - i >= 10 && memcmp(s + i, "$CATEGORY:", 10) == 0) {
			size_t cb = i + 10, ce = sn;
			while (cb < ce && is_space(s[cb]))
				cb++;
			while (ce > cb && is_space(s[ce - 1]))
				ce--;
			x.category = cb < ce ? arena_strndup(a, s + cb, ce - cb) : NULL;
			continue;
		}
		qbuf_add_line(&q, s, sn, line);
		q.has_text = true;
	}
	flush(&x, &q, questions);
	if (questions->len == 0 && x.n_problems == 0)
		problem(&x, line > 0 ? line : 1, "the file has no question");

	*n = (int)questions->len;
	*out = arena_alloc(a, sizeof(struct gift_question *) * (questions->len + 1));
	if (questions->len)
		memcpy(*out, questions->pdata, sizeof(struct gift_question *) * questions->len);
cleanup:
	g_ptr_array_free(questions, TRUE);
	g_string_free(q.c, TRUE);
	g_byte_array_free(q.lit, TRUE);
	g_array_free(q.ln, TRUE);
	return x.n_problems ? ST_INVALID : ST_OK;
}

/* --- Marking ----------------------------------------------------------- */

/* A typed text made comparable: trimmed, case-folded and NFKC-normalised.
 * NULL when s is not valid UTF-8. The caller g_free()s it. */
static char *fold(const char *s)
{
	if (!g_utf8_validate(s, -1, NULL))
		return NULL;
	while (is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	char *cf = g_utf8_casefold(s, (gssize)n);
	char *norm = g_utf8_normalize(cf, -1, G_NORMALIZE_ALL_COMPOSE);
	g_free(cf);
	return norm;
}

/* Joins the feedback of the given answers with "\n": NULL when none has
 * any, the answer's own string when one has, else an arena string. */
static const char *join_feedback(struct arena *a, const struct gift_question *q, const int *idx, int n)
{
	const char *only = NULL;
	GString *all = NULL;
	for (int i = 0; i < n; i++) {
		if (idx[i] < 0)
			continue;
		const char *fb = q->answers[idx[i]].feedback;
		if (!fb || !*fb)
			continue;
		if (!only) {
			only = fb;
			continue;
		}
		if (!all)
			all = g_string_new(only);
		g_string_append_c(all, '\n');
		g_string_append(all, fb);
	}
	if (!all)
		return only;
	const char *r = arena_strndup(a, all->str, all->len);
	g_string_free(all, TRUE);
	return r;
}

/* Clamps millionths of a percent to 0..100 and rounds to a whole percent. */
static int clamp_score(int64_t w)
{
	if (w < 0)
		return 0;
	if (w > 100 * GIFT_E6)
		return 100;
	return round_percent(w);
}

/* MULTICHOICE and TRUEFALSE: one choice at most. */
static enum status mark_one(const struct gift_question *q, const struct gift_response *r, int *score,
			    const char **feedback)
{
	if (r->n_choices == 0)
		return ST_OK;
	if (r->n_choices != 1 || r->choices[0] < 0 || r->choices[0] >= q->n_answers)
		return ST_INVALID;
	const struct gift_answer *ans = &q->answers[r->choices[0]];
	*score = clamp_score(ans->weight_e6);
	*feedback = ans->feedback;
	return ST_OK;
}

/* MULTIANSWER: distinct choices; the weights add up, clamped to 0..100. */
static enum status mark_many(struct arena *a, const struct gift_question *q, const struct gift_response *r,
			     int *score, const char **feedback)
{
	if (r->n_choices > q->n_answers)
		return ST_INVALID;
	int64_t sum = 0;
	for (int i = 0; i < r->n_choices; i++) {
		int c = r->choices[i];
		if (c < 0 || c >= q->n_answers)
			return ST_INVALID;
		for (int j = 0; j < i; j++)
			if (r->choices[j] == c)
				return ST_INVALID;
		sum += q->answers[c].weight_e6;
	}
	*score = clamp_score(sum);
	*feedback = join_feedback(a, q, r->choices, r->n_choices);
	return ST_OK;
}

/* SHORTANSWER: the best weight among the answers equal to the typed text. */
static enum status mark_short(const struct gift_question *q, const struct gift_response *r, int *score,
			      const char **feedback)
{
	if (!r->text)
		return ST_OK;
	char *typed = fold(r->text);
	if (!typed)
		return ST_INVALID;
	const struct gift_answer *best = NULL;
	for (int i = 0; i < q->n_answers; i++) {
		char *want = fold(q->answers[i].text);
		if (want && strcmp(want, typed) == 0 && (!best || q->answers[i].weight_e6 > best->weight_e6))
			best = &q->answers[i];
		g_free(want);
	}
	g_free(typed);
	if (best) {
		*score = clamp_score(best->weight_e6);
		*feedback = best->feedback;
	}
	return ST_OK;
}

/* NUMERIC: the best weight among the intervals holding the typed number,
 * compared exactly (digits after the sixth decimal included). */
static enum status mark_numeric(const struct gift_question *q, const struct gift_response *r, int *score,
				const char **feedback)
{
	if (!r->text)
		return ST_OK;
	const char *s = r->text;
	while (is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	int64_t v = 0;
	bool rest = false;
	enum num st = parse_e6(s, n, &v, &rest);
	if (st == NUM_BAD)
		return ST_INVALID;
	const struct gift_answer *best = NULL;
	if (st == NUM_OK) {
		/* The typed number is v + rest (0 <= rest < 1 millionth), with v
		 * the floor: then v + rest >= low iff v >= low, and when rest > 0,
		 * v + rest <= high iff v < high. */
		for (int i = 0; i < q->n_answers; i++) {
			const struct gift_answer *ans = &q->answers[i];
			bool in = v >= ans->low && (rest ? v < ans->high : v <= ans->high);
			if (in && (!best || ans->weight_e6 > best->weight_e6))
				best = ans;
		}
	}
	/* NUM_BIG: beyond every interval the parser accepts. */
	if (best) {
		*score = clamp_score(best->weight_e6);
		*feedback = best->feedback;
	} else {
		*feedback = q->other_feedback;
	}
	return ST_OK;
}

/* MATCHING: the share of left items given a right item equal to their own. */
static enum status mark_matching(struct arena *a, const struct gift_question *q,
				 const struct gift_response *r, int *score, const char **feedback)
{
	if (r->n_choices != q->n_answers)
		return ST_INVALID;
	int right = 0, items = 0;
	for (int i = 0; i < q->n_answers; i++) {
		int c = r->choices[i];
		if (c < -1 || c >= q->n_answers)
			return ST_INVALID;
		if (!*q->answers[i].text) {
			if (c != -1)
				return ST_INVALID;
			continue;
		}
		items++;
		if (c >= 0 && strcmp(q->answers[c].match, q->answers[i].match) == 0)
			right++;
	}
	*score = items ? (int)((200 * right + items) / (2 * items)) : 0;
	*feedback = join_feedback(a, q, r->choices, r->n_choices);
	return ST_OK;
}

enum status gift_mark(struct arena *a, const struct gift_question *q, const struct gift_response *resp,
		      int *score_percent, const char **feedback)
{
	enum status st = ST_INVALID;
	int score = 0;
	const char *fb = NULL;
	if (resp->n_choices < 0 || (resp->n_choices > 0 && !resp->choices))
		goto done;
	switch (q->kind) {
	case GIFT_MULTICHOICE:
	case GIFT_TRUEFALSE: st = mark_one(q, resp, &score, &fb); break;
	case GIFT_MULTIANSWER: st = mark_many(a, q, resp, &score, &fb); break;
	case GIFT_SHORTANSWER: st = mark_short(q, resp, &score, &fb); break;
	case GIFT_NUMERIC: st = mark_numeric(q, resp, &score, &fb); break;
	case GIFT_MATCHING: st = mark_matching(a, q, resp, &score, &fb); break;
	case GIFT_ESSAY: st = ST_INVALID; break;
	}
done:
	if (st != ST_OK) {
		score = 0;
		fb = NULL;
	}
	*score_percent = score;
	*feedback = fb;
	return st;
}

const char *gift_kind_name(enum gift_kind kind)
{
	switch (kind) {
	case GIFT_MULTICHOICE: return "multichoice";
	case GIFT_MULTIANSWER: return "multianswer";
	case GIFT_TRUEFALSE: return "truefalse";
	case GIFT_SHORTANSWER: return "shortanswer";
	case GIFT_NUMERIC: return "numeric";
	case GIFT_MATCHING: return "matching";
	case GIFT_ESSAY: return "essay";
	}
	return "unknown";
}
