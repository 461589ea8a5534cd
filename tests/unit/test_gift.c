/* Unit tests of src/catalog/gift.c: the Moodle GIFT quiz parser (every
 * question kind, escapes, line numbers, problems with file:line) and the
 * marking of a learner's response. */
#include <glib.h>
#include <string.h>

#include "base/arena.h"
#include "catalog/gift.h"

#include "base/banned.h"

struct parsed {
	struct arena *a;
	GPtrArray *problems;
	struct gift_question **qs;
	int n;
	enum status st;
};

static struct parsed parse_len(const char *text, size_t len)
{
	struct parsed p = {.a = arena_new(), .problems = g_ptr_array_new()};
	p.st = gift_parse(p.a, "quiz.gift", text, len, &p.qs, &p.n, p.problems);
	g_assert_nonnull(p.qs);
	g_assert_null(p.qs[p.n]);
	g_assert_true((p.st == ST_OK) == (p.problems->len == 0));
	return p;
}

static struct parsed parse(const char *text)
{
	return parse_len(text, strlen(text));
}

static void done(struct parsed *p)
{
	g_ptr_array_free(p->problems, TRUE);
	arena_free(p->a);
}

/* Parses text that must hold exactly one valid question, returned in *p. */
static const struct gift_question *one(struct parsed *p, const char *text)
{
	*p = parse(text);
	for (guint i = 0; i < p->problems->len; i++)
		g_test_message("unexpected problem: %s", (const char *)p->problems->pdata[i]);
	g_assert_cmpint(p->st, ==, ST_OK);
	g_assert_cmpint(p->n, ==, 1);
	return p->qs[0];
}

/* text must give exactly the problems want (NULL-terminated), in order. */
static void check_problems(const char *text, const char *const *want)
{
	struct parsed p = parse(text);
	guint n = 0;
	while (want[n])
		n++;
	for (guint i = 0; i < p.problems->len; i++)
		g_test_message("problem: %s", (const char *)p.problems->pdata[i]);
	g_assert_cmpuint(p.problems->len, ==, n);
	for (guint i = 0; i < n; i++)
		g_assert_cmpstr(p.problems->pdata[i], ==, want[i]);
	g_assert_cmpint(p.st, ==, n ? ST_INVALID : ST_OK);
	done(&p);
}

/* The one problem of a one-question text. */
static void check_problem(const char *text, const char *want)
{
	const char *const list[] = {want, NULL};
	check_problems(text, list);
}

static void check_answer(const struct gift_answer *ans, const char *text, int weight, const char *feedback)
{
	g_assert_cmpstr(ans->text, ==, text);
	g_assert_cmpint(ans->weight, ==, weight);
	g_assert_cmpstr(ans->feedback, ==, feedback);
}

/* Marks resp; checks the status, the score and the feedback. */
static void check_mark(const struct gift_question *q, const int *choices, int n, const char *text,
		       enum status want_st, int want_score, const char *want_fb)
{
	struct arena *a = arena_new();
	struct gift_response r = {choices, n, text};
	int score = -1;
	const char *fb = "unset";
	enum status st = gift_mark(a, q, &r, &score, &fb);
	g_assert_cmpint(st, ==, want_st);
	g_assert_cmpint(score, ==, want_score);
	g_assert_cmpstr(fb, ==, want_fb);
	arena_free(a);
}

static void check_choice(const struct gift_question *q, int choice, int want_score, const char *want_fb)
{
	check_mark(q, &choice, 1, NULL, ST_OK, want_score, want_fb);
}

static void check_text(const struct gift_question *q, const char *text, int want_score, const char *want_fb)
{
	check_mark(q, NULL, 0, text, ST_OK, want_score, want_fb);
}

static void test_multichoice(void)
{
	struct parsed p;
	const struct gift_question *q = one(&p, "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}");
	g_assert_cmpint(q->kind, ==, GIFT_MULTICHOICE);
	g_assert_cmpstr(gift_kind_name(q->kind), ==, "multichoice");
	g_assert_cmpint(q->format, ==, GIFT_FORMAT_MOODLE);
	g_assert_null(q->title);
	g_assert_null(q->category);
	g_assert_cmpstr(q->text, ==, "Who's buried in Grant's tomb?");
	g_assert_cmpstr(q->before, ==, q->text);
	g_assert_null(q->after);
	g_assert_null(q->general_feedback);
	g_assert_cmpint(q->line, ==, 1);
	g_assert_cmpint(q->n_answers, ==, 3);
	check_answer(&q->answers[0], "Grant", 0, NULL);
	check_answer(&q->answers[1], "Jefferson", 0, NULL);
	check_answer(&q->answers[2], "no one", 100, NULL);
	g_assert_cmpint(q->answers[2].weight_e6, ==, 100 * GIFT_E6);
	done(&p);

	/* Answers on their own lines, a partial-credit wrong answer, feedback. */
	q = one(&p, "What is 2 + 2?\n{\n\t=4#Right.\n\t~%50%four#Spell it with digits.\n\t~5#No.\n}\n");
	g_assert_cmpint(q->kind, ==, GIFT_MULTICHOICE);
	g_assert_cmpint(q->n_answers, ==, 3);
	check_answer(&q->answers[0], "4", 100, "Right.");
	check_answer(&q->answers[1], "four", 50, "Spell it with digits.");
	check_answer(&q->answers[2], "5", 0, "No.");
	g_assert_cmpint(q->answers[0].line, ==, 3);
	g_assert_cmpint(q->answers[2].line, ==, 5);
	check_choice(q, 0, 100, "Right.");
	check_choice(q, 1, 50, "Spell it with digits.");
	check_choice(q, 2, 0, "No.");
	check_mark(q, NULL, 0, NULL, ST_OK, 0, NULL); /* no answer given */
	int two[] = {0, 1};
	check_mark(q, two, 2, NULL, ST_INVALID, 0, NULL);
	check_mark(q, (int[]){3}, 1, NULL, ST_INVALID, 0, NULL);
	check_mark(q, (int[]){-1}, 1, NULL, ST_INVALID, 0, NULL);
	done(&p);

	/* A negative weight in a one-answer question scores 0, not less. */
	q = one(&p, "Pick {=a ~%-50%b#Penalty}");
	check_choice(q, 1, 0, "Penalty");
	done(&p);
}

static void test_multianswer(void)
{
	struct parsed p;
	const struct gift_question *q =
		one(&p, "Which are primes?\n{\n~%50%2#Yes\n~%50%3#Yes\n~%-100%4#No, 2 x 2\n~%-100%9}");
	g_assert_cmpint(q->kind, ==, GIFT_MULTIANSWER);
	g_assert_cmpstr(gift_kind_name(q->kind), ==, "multianswer");
	g_assert_cmpint(q->n_answers, ==, 4);
	check_answer(&q->answers[0], "2", 50, "Yes");
	check_answer(&q->answers[2], "4", -100, "No, 2 x 2");
	check_answer(&q->answers[3], "9", -100, NULL);
	check_mark(q, (int[]){0, 1}, 2, NULL, ST_OK, 100, "Yes\nYes");
	check_mark(q, (int[]){1}, 1, NULL, ST_OK, 50, "Yes");
	check_mark(q, (int[]){0, 1, 2}, 3, NULL, ST_OK, 0, "Yes\nYes\nNo, 2 x 2");
	/* negative weights clamp the total at 0 */
	check_mark(q, (int[]){2, 3}, 2, NULL, ST_OK, 0, "No, 2 x 2");
	check_mark(q, (int[]){0, 3}, 2, NULL, ST_OK, 0, "Yes");
	check_mark(q, NULL, 0, NULL, ST_OK, 0, NULL);
	check_mark(q, (int[]){0, 0}, 2, NULL, ST_INVALID, 0, NULL); /* twice the same */
	check_mark(q, (int[]){0, 4}, 2, NULL, ST_INVALID, 0, NULL);
	check_mark(q, (int[]){0, 1, 2, 3, 0}, 5, NULL, ST_INVALID, 0, NULL);
	done(&p);

	/* Thirds: 3 x 33.33333% is 100% within rounding; exact sums score 100. */
	q = one(&p, "Pick the vowels {~%33.33333%a ~%33.33333%e ~%33.33333%i ~%-100%k}");
	g_assert_cmpint(q->kind, ==, GIFT_MULTIANSWER);
	g_assert_cmpint(q->answers[0].weight, ==, 33);
	g_assert_cmpint(q->answers[0].weight_e6, ==, 33333330);
	check_mark(q, (int[]){0, 1, 2}, 3, NULL, ST_OK, 100, NULL);
	check_mark(q, (int[]){0, 1}, 2, NULL, ST_OK, 67, NULL);
	check_mark(q, (int[]){2}, 1, NULL, ST_OK, 33, NULL);
	done(&p);

	/* Weights that do not add up to 100. */
	check_problem("Q {~%50%a ~%40%b ~c}",
		      "quiz.gift:1: weights of right answers add up to 90%, not 100%");
	check_problem("Q\n{\n~%60%a\n~%60%b\n}",
		      "quiz.gift:2: weights of right answers add up to 120%, not 100%");
	check_problem("Q {~%33.3%a ~%33.3%b ~%33.3%c}",
		      "quiz.gift:1: weights of right answers add up to 99.9%, not 100%");
	check_problem("Q {~%150%a ~b}", "quiz.gift:1: the weight %150% is not between -100% and 100%");
	check_problem("Q {~%1.0000001%a ~b}",
		      "quiz.gift:1: the weight %1.0000001% has more than 6 decimal places");
	check_problem("Q {~%1-2%a ~b}", "quiz.gift:1: the weight %1-2% is not a number");
	check_problem("Q {~%10000000000000%a ~b}",
		      "quiz.gift:1: the weight %10000000000000% is not between -100% and 100%");
	/* '%' not followed by a number and '%' is text, as in Moodle */
	q = one(&p, "Q {=100% ~%done ~50 %}");
	check_answer(&q->answers[0], "100%", 100, NULL);
	check_answer(&q->answers[1], "%done", 0, NULL);
	check_answer(&q->answers[2], "50 %", 0, NULL);
	done(&p);
}

static void test_truefalse(void)
{
	struct parsed p;
	static const struct {
		const char *text;
		bool truth;
	} cases[] = {
		{"Grant is buried in Grant's tomb.{T}", true},
		{"Grant is buried in Grant's tomb.{TRUE}", true},
		{"Grant is buried in Grant's tomb.{F}", false},
		{"Grant is buried in Grant's tomb.{FALSE}", false},
		{"Grant is buried in Grant's tomb.{ false }", false},
		{"Grant is buried in Grant's tomb.{true}", true},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct gift_question *q = one(&p, cases[i].text);
		g_assert_cmpint(q->kind, ==, GIFT_TRUEFALSE);
		g_assert_cmpstr(gift_kind_name(q->kind), ==, "truefalse");
		g_assert_cmpint(q->truth, ==, cases[i].truth);
		g_assert_cmpstr(q->text, ==, "Grant is buried in Grant's tomb.");
		g_assert_cmpint(q->n_answers, ==, 2);
		check_answer(&q->answers[0], "true", cases[i].truth ? 100 : 0, NULL);
		check_answer(&q->answers[1], "false", cases[i].truth ? 0 : 100, NULL);
		check_choice(q, 0, cases[i].truth ? 100 : 0, NULL);
		check_choice(q, 1, cases[i].truth ? 0 : 100, NULL);
		done(&p);
	}

	/* {F#if wrong#if right}: the first feedback goes with the wrong answer. */
	const struct gift_question *q =
		one(&p, "The sun rises in the west.{F#No, in the east.#Yes, in the east.}");
	g_assert_false(q->truth);
	check_answer(&q->answers[0], "true", 0, "No, in the east.");
	check_answer(&q->answers[1], "false", 100, "Yes, in the east.");
	check_choice(q, 0, 0, "No, in the east.");
	check_choice(q, 1, 100, "Yes, in the east.");
	check_mark(q, (int[]){2}, 1, NULL, ST_INVALID, 0, NULL);
	done(&p);

	q = one(&p, "Two is even.{T##Yes.}");
	check_answer(&q->answers[0], "true", 100, "Yes.");
	check_answer(&q->answers[1], "false", 0, NULL);
	done(&p);
}

static void test_shortanswer(void)
{
	struct parsed p;
	const struct gift_question *q =
		one(&p, "Two plus two is? {=four#Yes. =%50%4#Write it out. =%0%five#Count again.}");
	g_assert_cmpint(q->kind, ==, GIFT_SHORTANSWER);
	g_assert_cmpstr(gift_kind_name(q->kind), ==, "shortanswer");
	g_assert_cmpint(q->n_answers, ==, 3);
	check_answer(&q->answers[0], "four", 100, "Yes.");
	check_answer(&q->answers[1], "4", 50, "Write it out.");
	check_answer(&q->answers[2], "five", 0, "Count again.");
	check_text(q, "four", 100, "Yes.");
	check_text(q, "  FOUR\n", 100, "Yes.");
	check_text(q, "Four", 100, "Yes.");
	check_text(q, "4", 50, "Write it out.");
	check_text(q, "five", 0, "Count again.");
	check_text(q, "fourr", 0, NULL);
	check_text(q, "", 0, NULL);
	check_text(q, NULL, 0, NULL);
	check_mark(q, NULL, 0, "\xff", ST_INVALID, 0, NULL);
	done(&p);

	/* Unicode case folding and normalisation (composed and decomposed). */
	q = one(&p, "Qui apprend ? {=Élève}");
	check_text(q, "élève", 100, NULL);
	check_text(q, "ÉLÈVE", 100, NULL);
	check_text(q, "E\xcc\x81le\xcc\x80ve", 100, NULL); /* E + U+0301, e + U+0300 */
	check_text(q, "eleve", 0, NULL);
	done(&p);
	q = one(&p, "Die Straße? {=STRASSE}");
	check_text(q, "straße", 100, NULL);
	done(&p);

	/* The best of several matching answers counts. */
	q = one(&p, "Q {=%50%a#half =a#full}");
	check_text(q, "A", 100, "full");
	done(&p);
}

static void test_numeric(void)
{
	struct parsed p;
	const struct gift_question *q = one(&p, "What is pi to two decimals?{#3.14:0.01}");
	g_assert_cmpint(q->kind, ==, GIFT_NUMERIC);
	g_assert_cmpstr(gift_kind_name(q->kind), ==, "numeric");
	g_assert_cmpint(q->n_answers, ==, 1);
	const struct gift_answer *ans = &q->answers[0];
	check_answer(ans, "3.14:0.01", 100, NULL);
	g_assert_false(ans->range);
	g_assert_cmpint(ans->value, ==, 3140000);
	g_assert_cmpint(ans->tolerance, ==, 10000);
	g_assert_cmpint(ans->low, ==, 3130000);
	g_assert_cmpint(ans->high, ==, 3150000);
	/* the interval ends are included, and compared exactly */
	check_text(q, "3.14", 100, NULL);
	check_text(q, "3.13", 100, NULL);
	check_text(q, "3.15", 100, NULL);
	check_text(q, " +3.150000 ", 100, NULL);
	check_text(q, "3.1500001", 0, NULL);
	check_text(q, "3.1299999", 0, NULL);
	check_text(q, "3.13000000001", 100, NULL);
	check_text(q, "3.14999999999", 100, NULL);
	check_text(q, "3", 0, NULL);
	check_text(q, "99999999999999999999", 0, NULL);
	check_mark(q, NULL, 0, "pi", ST_INVALID, 0, NULL);
	check_mark(q, NULL, 0, "3,14", ST_INVALID, 0, NULL);
	check_mark(q, NULL, 0, "", ST_INVALID, 0, NULL);
	check_mark(q, NULL, 0, "1e3", ST_INVALID, 0, NULL);
	check_text(q, NULL, 0, NULL);
	done(&p);

	/* Ranges, negative numbers, and the floor of tiny negative responses. */
	q = one(&p, "Between one and five {#1..5}");
	g_assert_true(q->answers[0].range);
	g_assert_cmpint(q->answers[0].low, ==, 1 * GIFT_E6);
	g_assert_cmpint(q->answers[0].high, ==, 5 * GIFT_E6);
	check_text(q, "1", 100, NULL);
	check_text(q, "5", 100, NULL);
	check_text(q, "5.0000001", 0, NULL);
	check_text(q, "0.9999999", 0, NULL);
	done(&p);
	q = one(&p, "Q {#-0.5..0}");
	check_text(q, "-0.5", 100, NULL);
	check_text(q, "0", 100, NULL);
	check_text(q, "-0.0000001", 100, NULL);
	check_text(q, "0.0000001", 0, NULL);
	check_text(q, "-0.5000001", 0, NULL);
	done(&p);
	q = one(&p, "Absolute zero in Celsius? {#-273.15}");
	g_assert_cmpint(q->answers[0].value, ==, -273150000);
	g_assert_cmpint(q->answers[0].tolerance, ==, 0);
	check_text(q, "-273.15", 100, NULL);
	check_text(q, "-273.14", 0, NULL);
	done(&p);

	/* Several answers with weights and feedback, and "other" feedback. */
	q = one(&p, "When was Ulysses S. Grant born?{#\n"
		    "  =1822:0#Correct!\n"
		    "  =%50%1822:2#Close.\n"
		    "  ~#Look it up.\n"
		    "}");
	g_assert_cmpint(q->n_answers, ==, 2);
	check_answer(&q->answers[0], "1822:0", 100, "Correct!");
	check_answer(&q->answers[1], "1822:2", 50, "Close.");
	g_assert_cmpint(q->answers[1].line, ==, 3);
	g_assert_cmpstr(q->other_feedback, ==, "Look it up.");
	check_text(q, "1822", 100, "Correct!");
	check_text(q, "1824", 50, "Close.");
	check_text(q, "1825", 0, "Look it up.");
	done(&p);

	/* A single answer with feedback. */
	q = one(&p, "Q {#42#The answer.}");
	check_answer(&q->answers[0], "42", 100, "The answer.");
	done(&p);

	check_problem("Q\n{#3:abc}", "quiz.gift:2: the numeric tolerance is not a number");
	check_problem("Q {#abc}", "quiz.gift:1: the numeric value is not a number");
	check_problem("Q {#3:-1}", "quiz.gift:1: the numeric tolerance is negative");
	check_problem("Q {#5..1}", "quiz.gift:1: the range minimum is larger than its maximum");
	check_problem("Q {#a..1}", "quiz.gift:1: the range minimum is not a number");
	check_problem("Q {#1..}", "quiz.gift:1: the range maximum is not a number");
	check_problem("Q {#1.0000001}", "quiz.gift:1: the numeric value has more than 6 decimal places");
	check_problem("Q {#1234567890123}",
		      "quiz.gift:1: the numeric value is too large (at most 12 digits before the point)");
	check_problem("Q {#}", "quiz.gift:1: a numeric question needs at least one answer");
	check_problem("Q {#=%50%3}", "quiz.gift:1: no answer is worth 100%");
	check_problem("Q {#=%-50%3 =4}", "quiz.gift:1: a weight of -50% is not allowed here (0% to 100%)");
	check_problem(
		"Q {#3 ~wrong}",
		"quiz.gift:1: in a numeric question '~' only gives feedback for other answers (~#feedback)");
	check_problem("Q {#3 ~#a ~#b}",
		      "quiz.gift:1: a numeric question has only one '~' (feedback for other answers)");
	/* the largest numbers fit: 12 digits, value + tolerance */
	q = one(&p, "Q {#-999999999999.999999:999999999999.999999}");
	g_assert_cmpint(q->answers[0].low, ==, -1999999999999999998);
	g_assert_cmpint(q->answers[0].high, ==, 0);
	check_text(q, "-999999999999.999999", 100, NULL);
	check_text(q, "0.0000001", 0, NULL);
	/* a response beyond 12 digits is outside every interval */
	check_text(q, "-1000000000000", 0, NULL);
	check_text(q, "0", 100, NULL);
	done(&p);
}

static void test_matching(void)
{
	struct parsed p;
	const struct gift_question *q = one(&p, "Match the countries with their capitals.\n"
						"{\n"
						"  =Canada -> Ottawa\n"
						"  =Italy -> Rome\n"
						"  =Japan->Tokyo#Not Kyoto.\n"
						"  = -> Paris\n"
						"}");
	g_assert_cmpint(q->kind, ==, GIFT_MATCHING);
	g_assert_cmpstr(gift_kind_name(q->kind), ==, "matching");
	g_assert_cmpint(q->n_answers, ==, 4);
	g_assert_cmpstr(q->answers[0].text, ==, "Canada");
	g_assert_cmpstr(q->answers[0].match, ==, "Ottawa");
	g_assert_cmpstr(q->answers[2].text, ==, "Japan");
	g_assert_cmpstr(q->answers[2].match, ==, "Tokyo");
	g_assert_cmpstr(q->answers[2].feedback, ==, "Not Kyoto.");
	g_assert_cmpstr(q->answers[3].text, ==, ""); /* a distractor */
	g_assert_cmpstr(q->answers[3].match, ==, "Paris");
	g_assert_cmpint(q->answers[3].line, ==, 6);
	check_mark(q, (int[]){0, 1, 2, -1}, 4, NULL, ST_OK, 100, "Not Kyoto.");
	check_mark(q, (int[]){0, 3, 1, -1}, 4, NULL, ST_OK, 33, NULL);
	check_mark(q, (int[]){0, 1, 3, -1}, 4, NULL, ST_OK, 67, NULL);
	check_mark(q, (int[]){-1, -1, -1, -1}, 4, NULL, ST_OK, 0, NULL);
	check_mark(q, (int[]){0, 1, 2}, 3, NULL, ST_INVALID, 0, NULL); /* one choice per answer */
	check_mark(q, (int[]){0, 1, 2, 3}, 4, NULL, ST_INVALID, 0,
		   NULL); /* the distractor has no left item */
	check_mark(q, (int[]){0, 1, 4, -1}, 4, NULL, ST_INVALID, 0, NULL);
	done(&p);

	/* Two pairs are enough; equal right items are interchangeable. */
	q = one(&p, "Q {=cat -> animal =dog -> animal}");
	check_mark(q, (int[]){1, 0}, 2, NULL, ST_OK, 100, NULL);
	done(&p);

	check_problem("Q {=a -> b}", "quiz.gift:1: a matching question needs at least two pairs");
	check_problem("Q {=a -> b\n=c d}", "quiz.gift:2: a matching pair needs 'left -> right'");
	check_problem("Q {=a -> b =c ->}", "quiz.gift:1: the right side of a matching pair is empty");
	check_problem("Q {=a -> b =%50%c -> d}", "quiz.gift:1: matching pairs cannot have weights");
}

static void test_essay(void)
{
	struct parsed p;
	const struct gift_question *q = one(&p, "Write about your holidays. {}");
	g_assert_cmpint(q->kind, ==, GIFT_ESSAY);
	g_assert_cmpstr(gift_kind_name(q->kind), ==, "essay");
	g_assert_cmpint(q->n_answers, ==, 0);
	g_assert_cmpstr(q->text, ==, "Write about your holidays.");
	check_mark(q, NULL, 0, "It was great.", ST_INVALID, 0, NULL);
	done(&p);
	q = one(&p, "Write about your holidays. {\n####Mention the weather.\n}");
	g_assert_cmpint(q->kind, ==, GIFT_ESSAY);
	g_assert_cmpstr(q->general_feedback, ==, "Mention the weather.");
	done(&p);
}

static void test_missing_word(void)
{
	struct parsed p;
	const struct gift_question *q = one(&p, "Grant is {~buried =entombed ~living} in Grant's tomb.");
	g_assert_cmpint(q->kind, ==, GIFT_MULTICHOICE);
	g_assert_cmpstr(q->text, ==, "Grant is _____ in Grant's tomb.");
	g_assert_cmpstr(q->before, ==, "Grant is");
	g_assert_cmpstr(q->after, ==, "in Grant's tomb.");
	check_choice(q, 1, 100, NULL);
	done(&p);

	q = one(&p, "{=Paris} is the capital of France.");
	g_assert_cmpint(q->kind, ==, GIFT_SHORTANSWER);
	g_assert_cmpstr(q->text, ==, "_____ is the capital of France.");
	g_assert_cmpstr(q->before, ==, "");
	g_assert_cmpstr(q->after, ==, "is the capital of France.");
	done(&p);

	q = one(&p, "Pi is about {#3.14:0.01}, or 22/7.");
	g_assert_cmpint(q->kind, ==, GIFT_NUMERIC);
	g_assert_cmpstr(q->text, ==, "Pi is about _____, or 22/7.");
	done(&p);
}

static void test_titles_comments_lines(void)
{
	struct parsed p = parse("// question: 1 name: Grant\n" /* 1 */
				"::Grant's tomb::Who's buried there?\n" /* 2 */
				"{~Grant =no one}\n" /* 3 */
				"\n" /* 4 */
				"   // an indented comment\n" /* 5 */
				"\n" /* 6 */
				"// before the title\n" /* 7 */
				"::Q\\: two:: \n" /* 8 */
				"Is http://example.org a URL?\n" /* 9 */
				"// a comment in the middle\n" /* 10 */
				"{T}\n" /* 11 */
				"\n\n\n" /* 12-14 */
				"::::Untitled {T}\n"); /* 15 */
	g_assert_cmpint(p.st, ==, ST_OK);
	g_assert_cmpint(p.n, ==, 3);
	g_assert_cmpstr(p.qs[0]->title, ==, "Grant's tomb");
	g_assert_cmpstr(p.qs[0]->text, ==, "Who's buried there?");
	g_assert_cmpint(p.qs[0]->line, ==, 2);
	g_assert_cmpint(p.qs[0]->answers[1].line, ==, 3);
	g_assert_cmpstr(p.qs[1]->title, ==, "Q: two");
	g_assert_cmpstr(p.qs[1]->text, ==, "Is http://example.org a URL?");
	g_assert_cmpint(p.qs[1]->line, ==, 8);
	g_assert_null(p.qs[2]->title);
	g_assert_cmpstr(p.qs[2]->text, ==, "Untitled");
	g_assert_cmpint(p.qs[2]->line, ==, 15);
	done(&p);

	check_problem("\n\n::Title Who? {T}", "quiz.gift:3: the title is not closed (missing '::')");
}

static void test_categories(void)
{
	struct parsed p = parse("$CATEGORY: $course$/Maths/Algebra\n"
				"\n"
				"Q1 {T}\n"
				"\n"
				"Q2 {F}\n"
				"\n"
				"// switch\n"
				"$CATEGORY:   Geography  \n"
				"Q3 {T}\n");
	g_assert_cmpint(p.st, ==, ST_OK);
	g_assert_cmpint(p.n, ==, 3);
	g_assert_cmpstr(p.qs[0]->category, ==, "$course$/Maths/Algebra");
	g_assert_cmpstr(p.qs[1]->category, ==, "$course$/Maths/Algebra");
	g_assert_cmpstr(p.qs[2]->category, ==, "Geography");
	g_assert_cmpint(p.qs[2]->line, ==, 9);
	done(&p);

	check_problem("$CATEGORY: only\n", "quiz.gift:1: the file has no question");
}

static void test_escapes(void)
{
	struct parsed p;
	const struct gift_question *q = one(&p, "::a\\:b::Is 1 \\= 1 \\{really\\}\\: yes? "
						"{=yes \\~ \\# sure#It is\\: \\= ~no\\\\}");
	g_assert_cmpstr(q->title, ==, "a:b");
	g_assert_cmpstr(q->text, ==, "Is 1 = 1 {really}: yes?");
	g_assert_cmpint(q->kind, ==, GIFT_MULTICHOICE);
	check_answer(&q->answers[0], "yes ~ # sure", 100, "It is: =");
	check_answer(&q->answers[1], "no\\", 0, NULL);
	done(&p);

	/* \n is a newline; other backslashes stay; \\{ is a backslash then a brace */
	q = one(&p, "Line one\\nline two C:\\temp \\\\{=x}");
	g_assert_cmpstr(q->text, ==, "Line one\nline two C:\\temp \\");
	check_answer(&q->answers[0], "x", 100, NULL);
	done(&p);

	/* an escaped '=' in a short answer, an escaped '#' in a feedback */
	q = one(&p, "Q {=a\\=b#c\\#d}");
	g_assert_cmpint(q->kind, ==, GIFT_SHORTANSWER);
	check_answer(&q->answers[0], "a=b", 100, "c#d");
	check_text(q, "A=B", 100, "c#d");
	done(&p);
}

static void test_formats(void)
{
	struct parsed p;
	const struct gift_question *q = one(&p, "[markdown]**Bold** claim {T}");
	g_assert_cmpint(q->format, ==, GIFT_FORMAT_MARKDOWN);
	g_assert_cmpstr(q->text, ==, "**Bold** claim");
	done(&p);
	q = one(&p, "::T::[html]<p>Hi</p>{T}");
	g_assert_cmpint(q->format, ==, GIFT_FORMAT_HTML);
	g_assert_cmpstr(q->text, ==, "<p>Hi</p>");
	done(&p);
	q = one(&p, "[plain]x {T}");
	g_assert_cmpint(q->format, ==, GIFT_FORMAT_PLAIN);
	done(&p);
	q = one(&p, "[moodle]x {T}");
	g_assert_cmpint(q->format, ==, GIFT_FORMAT_MOODLE);
	done(&p);
	q = one(&p, "[note] x {T}"); /* not a format: text */
	g_assert_cmpint(q->format, ==, GIFT_FORMAT_MOODLE);
	g_assert_cmpstr(q->text, ==, "[note] x");
	done(&p);
}

static void test_general_feedback(void)
{
	struct parsed p;
	const struct gift_question *q = one(&p, "Q {=a#right ~b#wrong ####Both are letters.}");
	g_assert_cmpstr(q->general_feedback, ==, "Both are letters.");
	g_assert_cmpint(q->n_answers, ==, 2);
	check_answer(&q->answers[1], "b", 0, "wrong");
	done(&p);
	q = one(&p, "Q {T#no#yes####general}");
	g_assert_cmpstr(q->general_feedback, ==, "general");
	check_answer(&q->answers[0], "true", 100, "yes");
	check_answer(&q->answers[1], "false", 0, "no");
	done(&p);
}

static const char crlf_quiz[] = "// CRLF file\r\n"
				"::One::Capital of France?\r\n"
				"{=Paris#Yes ~Lyon}\r\n"
				"\r\n"
				"Two?\r\n"
				"{#2:0}\r\n"
				"\r\n"
				"Three? {=three\r\n";

static void test_crlf(void)
{
	struct parsed p = parse(crlf_quiz);
	g_assert_cmpint(p.n, ==, 2);
	g_assert_cmpstr(p.qs[0]->title, ==, "One");
	g_assert_cmpstr(p.qs[0]->text, ==, "Capital of France?");
	check_answer(&p.qs[0]->answers[0], "Paris", 100, "Yes");
	check_answer(&p.qs[0]->answers[1], "Lyon", 0, NULL);
	g_assert_cmpint(p.qs[1]->line, ==, 5);
	g_assert_cmpstr(p.qs[1]->text, ==, "Two?");
	g_assert_cmpuint(p.problems->len, ==, 1);
	g_assert_cmpstr(p.problems->pdata[0], ==, "quiz.gift:8: the answer block is not closed");
	done(&p);

	/* Old Mac line ends (CR alone), and a byte order mark. */
	p = parse("\xEF\xBB\xBF"
		  "Q1 {T}\r\rQ2\r{F}\r\r\rQ3 {");
	g_assert_cmpint(p.n, ==, 2);
	g_assert_cmpint(p.qs[1]->line, ==, 3);
	g_assert_cmpstr(p.qs[1]->text, ==, "Q2");
	g_assert_cmpstr(p.problems->pdata[0], ==, "quiz.gift:7: the answer block is not closed");
	done(&p);

	/* No newline at the end, whitespace-only lines separate questions. */
	p = parse("Q1 {T}\n \t \nQ2 {F}");
	g_assert_cmpint(p.st, ==, ST_OK);
	g_assert_cmpint(p.n, ==, 2);
	done(&p);
}

static void test_french(void)
{
	struct parsed p;
	const struct gift_question *q = one(&p, "::Géographie::Quelle est la capitale de la France ?\n"
						"{\n"
						"  =Paris#Très bien !\n"
						"  ~Lyon#Non : c'est la préfecture du Rhône.\n"
						"  ~Marseille#Non, c'est la cité phocéenne.\n"
						"}\n");
	g_assert_cmpstr(q->title, ==, "Géographie");
	g_assert_cmpstr(q->text, ==, "Quelle est la capitale de la France ?");
	check_answer(&q->answers[0], "Paris", 100, "Très bien !");
	check_answer(&q->answers[1], "Lyon", 0, "Non : c'est la préfecture du Rhône.");
	check_choice(q, 2, 0, "Non, c'est la cité phocéenne.");
	done(&p);

	q = one(&p, "L'{=élève#Oui, l'élève.} apprend sa leçon.");
	g_assert_cmpstr(q->text, ==, "L'_____ apprend sa leçon.");
	check_text(q, "Élève", 100, "Oui, l'élève.");
	check_text(q, " ÉLÈVE ", 100, "Oui, l'élève.");
	check_text(q, "eleve", 0, NULL);
	done(&p);
}

static void test_errors(void)
{
	/* Every problem of a file, with its line; valid questions still parse. */
	static const char quiz[] = "// A quiz with mistakes\n" /* 1 */
				   "::ok::Fine {T}\n" /* 2 */
				   "\n" /* 3 */
				   "Unclosed {=a ~b\n" /* 4 */
				   "~c\n" /* 5 */
				   "\n" /* 6 */
				   "::empty::{=a ~b}\n" /* 7 */
				   "\n" /* 8 */
				   "No right answer\n" /* 9 */
				   "{~a ~b}\n" /* 10 */
				   "\n" /* 11 */
				   "Tolerance {\n" /* 12 */
				   "#=3:1\n" /* 13 */
				   "=%50%3:x}\n" /* 14 */
				   "\n" /* 15 */
				   "Garbage {T} }\n" /* 16 */
				   "\n" /* 17 */
				   "Two blocks {T} and {F}\n" /* 18 */
				   "\n" /* 19 */
				   "Stray {TRUE junk}\n" /* 20 */
				   "\n" /* 21 */
				   "Just a description.\n" /* 22 */
				   "\n" /* 23 */
				   "Close } first {\n" /* 24 */
				   "\n" /* 25 */
				   "Nested {=a {=b}\n" /* 26 */
				   "\n" /* 27 */
				   "Bad \xc3\x28 UTF-8 {T}\n" /* 28 */
				   "\n" /* 29 */
				   "One answer {=a ~}\n" /* 30 */
				   "\n" /* 31 */
				   "Lonely {~a}\n" /* 32 */
				   "\n" /* 33 */
				   "Before the first {x =a ~b}\n" /* 34 */
				   "\n" /* 35 */
				   "Short {=%50%half}\n" /* 36 */
				   "\n" /* 37 */
				   "Last {F}\n"; /* 38 */
	static const char *const want[] = {
		"quiz.gift:4: the answer block is not closed",
		"quiz.gift:7: the question has no text",
		"quiz.gift:10: the question has no right answer (mark one with = or give it a weight)",
		"quiz.gift:14: the numeric tolerance is not a number",
		"quiz.gift:16: '}' without a matching '{'",
		"quiz.gift:18: a question has only one answer block",
		"quiz.gift:20: unexpected text 'TRUE junk' in the answer block (answers start with = or ~)",
		"quiz.gift:22: the question has no answer block {...} (descriptions are not supported)",
		"quiz.gift:24: '}' without a matching '{'",
		"quiz.gift:26: the answer block is not closed (another '{' follows on line 26)",
		"quiz.gift:28: the line is not valid UTF-8 text",
		"quiz.gift:30: an answer has no text",
		"quiz.gift:32: a multiple-choice question needs at least two answers",
		"quiz.gift:34: unexpected text 'x' in the answer block (answers start with = or ~)",
		"quiz.gift:36: no answer is worth 100%",
		NULL,
	};
	check_problems(quiz, want);
	struct parsed p = parse(quiz);
	g_assert_cmpint(p.n, ==, 2);
	g_assert_cmpstr(p.qs[0]->title, ==, "ok");
	g_assert_cmpstr(p.qs[1]->text, ==, "Last");
	g_assert_cmpint(p.qs[1]->line, ==, 38);
	done(&p);

	check_problem("", "quiz.gift:1: the file has no question");
	check_problem("\n\n// only comments\n\n", "quiz.gift:4: the file has no question");
	check_problem("Q {=a}\nQ2 {=b}", "quiz.gift:2: a question has only one answer block");
	check_problem("Unclosed\n{\n=a\n\nQ2 {T}", "quiz.gift:2: the answer block is not closed");
	check_problem("Q {a ~b\n=c}",
		      "quiz.gift:1: unexpected text 'a' in the answer block (answers start with = or ~)");
	check_problem("Q {this is a very long text that goes on and on}",
		      "quiz.gift:1: unexpected text 'this is a very long text that ...' in the answer block "
		      "(answers start with = or ~)");
	check_problem("Q {=a =%-10%b}", "quiz.gift:1: a weight of -10% is not allowed here (0% to 100%)");
	check_problem("Q {=%50%a ~b}", "quiz.gift:1: no answer is worth 100%");
	check_problem("Q {=a# ~#x}", "quiz.gift:1: an answer has no text");

	/* a NUL byte is not text; the file name defaults to <input> */
	struct arena *a = arena_new();
	GPtrArray *problems = g_ptr_array_new();
	struct gift_question **qs = NULL;
	int n = -1;
	g_assert_cmpint(gift_parse(a, NULL, "Q {T}\n\nR\0 {T}", 13, &qs, &n, problems), ==, ST_INVALID);
	g_assert_cmpint(n, ==, 1);
	g_assert_cmpuint(problems->len, ==, 1);
	g_assert_cmpstr(problems->pdata[0], ==, "<input>:3: the line is not valid UTF-8 text");
	/* problems may be NULL: the status still tells */
	g_assert_cmpint(gift_parse(a, NULL, "Q {", 3, &qs, &n, NULL), ==, ST_INVALID);
	g_assert_cmpint(n, ==, 0);
	g_assert_cmpint(gift_parse(a, NULL, "Q {T}", 5, &qs, &n, NULL), ==, ST_OK);
	g_assert_cmpint(n, ==, 1);
	g_ptr_array_free(problems, TRUE);
	arena_free(a);
}

/* The text need not be NUL-terminated: only len bytes are read. */
static void test_not_terminated(void)
{
	char *buf = g_malloc(6);
	memcpy(buf, "Q {T}}", 6);
	struct parsed p = parse_len(buf, 5);
	g_assert_cmpint(p.st, ==, ST_OK);
	g_assert_cmpint(p.n, ==, 1);
	done(&p);
	g_free(buf);
}

/* Every kind in one file, as a teacher would bring a bank over. */
static void test_whole_bank(void)
{
	struct parsed p = parse("$CATEGORY: Bank\n"
				"\n"
				"::MC::Q {=a ~b}\n"
				"\n"
				"::MA::Q {~%50%a ~%50%b ~c}\n"
				"\n"
				"::TF::Q {T}\n"
				"\n"
				"::SA::Q {=a}\n"
				"\n"
				"::NUM::Q {#1:0.5}\n"
				"\n"
				"::MATCH::Q {=a -> 1 =b -> 2 =c -> 3}\n"
				"\n"
				"::ESSAY::Q {}\n");
	g_assert_cmpint(p.st, ==, ST_OK);
	g_assert_cmpint(p.n, ==, 7);
	static const enum gift_kind kinds[] = {GIFT_MULTICHOICE, GIFT_MULTIANSWER, GIFT_TRUEFALSE,
					       GIFT_SHORTANSWER, GIFT_NUMERIC,     GIFT_MATCHING,
					       GIFT_ESSAY};
	for (int i = 0; i < 7; i++) {
		g_assert_cmpint(p.qs[i]->kind, ==, kinds[i]);
		g_assert_cmpstr(p.qs[i]->category, ==, "Bank");
		g_assert_cmpint(p.qs[i]->line, ==, 3 + 2 * i);
	}
	done(&p);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/gift/multichoice", test_multichoice);
	g_test_add_func("/gift/multianswer", test_multianswer);
	g_test_add_func("/gift/truefalse", test_truefalse);
	g_test_add_func("/gift/shortanswer", test_shortanswer);
	g_test_add_func("/gift/numeric", test_numeric);
	g_test_add_func("/gift/matching", test_matching);
	g_test_add_func("/gift/essay", test_essay);
	g_test_add_func("/gift/missing_word", test_missing_word);
	g_test_add_func("/gift/titles_comments_lines", test_titles_comments_lines);
	g_test_add_func("/gift/categories", test_categories);
	g_test_add_func("/gift/escapes", test_escapes);
	g_test_add_func("/gift/formats", test_formats);
	g_test_add_func("/gift/general_feedback", test_general_feedback);
	g_test_add_func("/gift/crlf", test_crlf);
	g_test_add_func("/gift/french", test_french);
	g_test_add_func("/gift/errors", test_errors);
	g_test_add_func("/gift/not_terminated", test_not_terminated);
	g_test_add_func("/gift/whole_bank", test_whole_bank);
	return g_test_run();
}
