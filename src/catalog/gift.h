/* Moodle's GIFT quiz format: a parser that validates a whole file and
 * reports every problem with its file and line, and the marking of one
 * learner's response to a parsed question.
 *
 * Pure code: no I/O, no globals. Everything the parser returns is allocated
 * from the caller's arena and lives as long as it; nothing needs freeing.
 *
 * The subset understood (https://docs.moodle.org/en/GIFT_format):
 *   // comment lines             (whole lines only; "http://x" in text is text)
 *   $CATEGORY: path              (first line of a block; applies to the questions after it)
 *   ::Title::                    (optional, first thing of a question)
 *   [html] [markdown] [plain] [moodle]  (format of the question text)
 *   Text {=right ~wrong#feedback}         multiple choice, one right answer
 *   Text {~%50%a ~%50%b ~%-100%c}        multiple answers, weights add up to 100
 *   Text {T} {FALSE#if wrong#if right}   true/false
 *   Text {=one =%50%un#feedback}         short answer (case-insensitive)
 *   Text {#3.14:0.01} {#1..5} {#=3:0 =%50%3.1:0.1 ~#otherwise}  numeric
 *   Text {=a -> b =c -> d}               matching (two pairs or more)
 *   Text {}                              essay (marked by hand)
 *   Text {=x} more text                  "missing word": the blank is in the text
 *   {... ####general feedback}           general feedback of the question
 *   \~ \= \# \{ \} \: \\ \n              escapes
 * Questions are separated by blank lines; LF, CRLF and CR line ends and a
 * UTF-8 byte order mark are accepted; the text must be valid UTF-8. */
#ifndef CAMPUS_GIFT_H
#define CAMPUS_GIFT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"

enum gift_kind {
	GIFT_MULTICHOICE, /* one choice; an '=' answer is right (weights allowed for partial credit) */
	GIFT_MULTIANSWER, /* several choices; only '~' answers, positive weights add up to 100 */
	GIFT_TRUEFALSE, /* answers[0] is "true", answers[1] is "false" */
	GIFT_SHORTANSWER, /* typed text compared case-insensitively */
	GIFT_NUMERIC, /* typed number within an interval */
	GIFT_MATCHING, /* each left item is matched with one right item */
	GIFT_ESSAY, /* "{}": free text marked by a teacher; no answers */
};

enum gift_format {
	GIFT_FORMAT_MOODLE, /* the default */
	GIFT_FORMAT_HTML,
	GIFT_FORMAT_PLAIN,
	GIFT_FORMAT_MARKDOWN,
};

/* Numbers (numeric answers, weights) are stored exactly, as integers in
 * millionths: 3.14 is 3140000. Source numbers have at most 6 decimals and
 * at most 12 integer digits. */
#define GIFT_E6 INT64_C(1000000)

struct gift_answer {
	/* Choice text; short answer; for NUMERIC the answer as written
	 * ("3.14:0.01"); for MATCHING the left item ("" for a right item that
	 * only distracts); for TRUEFALSE "true" or "false". Never NULL. */
	const char *text;
	const char *match; /* MATCHING: the right item; NULL otherwise */
	const char *feedback; /* shown when this answer is given; NULL when none */
	int weight; /* percent of the mark, -100..100, rounded to a whole percent */
	int64_t weight_e6; /* the exact weight in millionths of a percent (33.33333% is 33333330) */
	/* NUMERIC only: the accepted interval [low, high] in millionths,
	 * inclusive. For "v:t" value = v and tolerance = t; for "a..b" range is
	 * true and value/tolerance are 0. */
	int64_t low, high, value, tolerance;
	bool range;
	int line; /* line of the answer in the file */
};

struct gift_question {
	enum gift_kind kind;
	enum gift_format format;
	const char *title; /* NULL when the question has none */
	const char *category; /* the $CATEGORY in force, NULL when none */
	/* The question text with the answer block taken out; for a
	 * missing-word question the block is replaced by "_____". */
	const char *text;
	/* The text before the answer block and, for a missing-word question,
	 * after it (NULL when the block ends the question). */
	const char *before, *after;
	const char *general_feedback; /* after "####", NULL when none */
	const char *other_feedback; /* NUMERIC "~#...": for any other number; NULL when none */
	bool truth; /* TRUEFALSE: the right answer */
	struct gift_answer *answers; /* n_answers of them; NULL for ESSAY */
	int n_answers;
	int line; /* first line of the question in the file */
};

/* Parses the GIFT text text[0..len) (need not be NUL-terminated). file names
 * the source in messages ("quiz.gift"; NULL gives "<input>").
 *
 * On return *out is a NULL-terminated array of the *n questions that were
 * valid, in file order; it, the questions and all their strings are owned
 * by a. Each problem found is appended to problems (when not NULL) as an
 * arena string "file:line: message", e.g. "quiz.gift:12: the answer block
 * is not closed". A question with a problem is left out; the others are
 * still returned.
 *
 * Returns ST_OK when the file has no problem, ST_INVALID when it has at
 * least one (including an empty file: "the file has no question"). */
enum status gift_parse(struct arena *a, const char *file, const char *text, size_t len,
		       struct gift_question ***out, int *n, GPtrArray *problems);

/* A learner's response to one question. */
struct gift_response {
	/* MULTICHOICE, TRUEFALSE: at most one index into answers (none: no
	 * answer given). TRUEFALSE: 0 is true, 1 is false.
	 * MULTIANSWER: the indices of the chosen answers, each at most once.
	 * MATCHING: n_choices == n_answers; choices[i] is the index j of the
	 * answer whose right item the learner put against left item i, or -1
	 * for none (and for distractor items, which have no left item). */
	const int *choices;
	int n_choices;
	/* SHORTANSWER, NUMERIC: what the learner typed (NULL: nothing). */
	const char *text;
};

/* Marks resp against q. *score_percent is 0..100: the weight of the chosen
 * answer (MULTICHOICE, TRUEFALSE), of the best matching typed answer
 * (SHORTANSWER: trimmed, Unicode case-folded and NFKC-normalised on both
 * sides; NUMERIC: the number is compared exactly, interval ends included),
 * the sum of the chosen weights clamped to 0..100 (MULTIANSWER), or the
 * share of left items matched right (MATCHING), rounded to the nearest
 * percent. *feedback is the feedback of the given answer(s), several joined
 * by "\n" (NUMERIC with no matching answer: other_feedback), or NULL; it
 * points into q or is allocated from a.
 *
 * Returns ST_OK, or ST_INVALID with a score of 0 and no feedback when the
 * response cannot be marked: an index out of range or repeated, several
 * choices for a one-choice question, a wrong number of matching choices, a
 * typed number that is not a number, text that is not UTF-8, or an ESSAY
 * (marked by a teacher). */
enum status gift_mark(struct arena *a, const struct gift_question *q, const struct gift_response *resp,
		      int *score_percent, const char **feedback);

/* Short stable name of a kind ("multichoice", "truefalse", ...). */
const char *gift_kind_name(enum gift_kind kind);

#endif
