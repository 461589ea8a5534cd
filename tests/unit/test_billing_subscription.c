/* Unit tests of src/billing/subscription.c: the subscription state machine
 * (SOLO-2..SOLO-6, PAY-5) and Premium entitlement, including a cancellation
 * while past due. */
#include <glib.h>
#include <string.h>

#include "billing/periods.h"
#include "billing/subscription.h"

#include "paris_time.h"

#include "base/banned.h"

/* A monthly subscription started on 31 Jan 2027 at 10:00 Paris. */
static void start_monthly(struct billing_sub *s)
{
	billing_sub_start(s, paris, local(2027, 1, 31, 10, 0, 0), BILLING_MONTHLY);
}

static void test_names(void)
{
	static const char *const names[] = {"active",    "cancelling", "past_due",
					    "suspended", "terminated", "withdrawn"};
	for (int i = 0; i < (int)G_N_ELEMENTS(names); i++) {
		enum sub_state st = SUB_TERMINATED;
		g_assert_cmpstr(sub_state_name((enum sub_state)i), ==, names[i]);
		g_assert_true(sub_state_parse(names[i], &st));
		g_assert_cmpint(st, ==, i);
	}
	enum sub_state st = SUB_ACTIVE;
	g_assert_false(sub_state_parse("ACTIVE", &st));
	g_assert_false(sub_state_parse("", &st));
	g_assert_false(sub_state_parse(NULL, &st));
	g_assert_cmpstr(sub_state_name((enum sub_state)42), ==, "?");
	g_assert_cmpstr(sub_end_name(SUB_END_NONE), ==, "none");
	g_assert_cmpstr(sub_end_name(SUB_END_AT_TERM), ==, "at_term");
	g_assert_cmpstr(sub_end_name(SUB_END_FORCE_MAJEURE), ==, "force_majeure");
	g_assert_cmpstr(sub_end_name(SUB_END_UNPAID), ==, "unpaid");
	g_assert_cmpstr(sub_end_name(SUB_END_EARLY_TERMINATION), ==, "early_termination");
	g_assert_cmpstr(sub_end_name(SUB_END_WITHDRAWAL), ==, "withdrawal");
	g_assert_cmpstr(sub_end_name((enum sub_end)42), ==, "?");
	g_assert_true(sub_state_live(SUB_ACTIVE));
	g_assert_true(sub_state_live(SUB_CANCELLING));
	g_assert_true(sub_state_live(SUB_PAST_DUE));
	g_assert_true(sub_state_live(SUB_SUSPENDED));
	g_assert_false(sub_state_live(SUB_TERMINATED));
	g_assert_false(sub_state_live(SUB_WITHDRAWN));
}

static void test_start(void)
{
	struct billing_sub s;
	start_monthly(&s);
	g_assert_cmpint(s.state, ==, SUB_ACTIVE);
	g_assert_false(s.cancel_at_term);
	g_assert_cmpint(s.anchor_day, ==, 31);
	g_assert_cmpint(s.period, ==, 0);
	g_assert_cmpint(s.period_start, ==, s.started_at);
	g_assert_cmpint(s.period_end, ==, local(2027, 2, 28, 10, 0, 0));
	g_assert_cmpint(s.end_reason, ==, SUB_END_NONE);

	billing_sub_start(&s, paris, local(2026, 6, 15, 8, 0, 0), BILLING_ANNUAL);
	g_assert_cmpint(s.period_end, ==, local(2027, 6, 15, 8, 0, 0));
}

/* SOLO-3 and PAY-5: who has Premium access. */
static void test_entitled(void)
{
	int64_t end = local(2027, 2, 28, 10, 0, 0);
	g_assert_true(billing_entitled(SUB_ACTIVE, end - 1, end));
	g_assert_false(billing_entitled(SUB_ACTIVE, end, end));
	g_assert_true(billing_entitled(SUB_CANCELLING, end - 1, end));
	g_assert_false(billing_entitled(SUB_CANCELLING, end, end));
	g_assert_true(billing_entitled(SUB_PAST_DUE, end - 1, end));
	g_assert_false(billing_entitled(SUB_SUSPENDED, end - 1, end));
	g_assert_false(billing_entitled(SUB_TERMINATED, end - 1, end));
	g_assert_false(billing_entitled(SUB_WITHDRAWN, end - 1, end));
}

/* SOLO-2: renewal keeps the anchor day over a year of renewals. */
static void test_solo2_renewal_keeps_anchor(void)
{
	struct billing_sub s;
	start_monthly(&s);
	g_assert_cmpint(billing_sub_renewal(&s, s.period_end - 1), ==, SUB_RENEWAL_NOT_DUE);
	static const int ends[][3] = {{2027, 3, 31},  {2027, 4, 30},  {2027, 5, 31}, {2027, 6, 30},
				      {2027, 7, 31},  {2027, 8, 31},  {2027, 9, 30}, {2027, 10, 31},
				      {2027, 11, 30}, {2027, 12, 31}, {2028, 1, 31}, {2028, 2, 29}};
	for (int i = 0; i < (int)G_N_ELEMENTS(ends); i++) {
		int64_t due = s.period_end;
		g_assert_cmpint(billing_sub_renewal(&s, due), ==, SUB_RENEWAL_RENEW);
		billing_sub_renew(&s, paris);
		g_assert_cmpint(s.period, ==, i + 1);
		g_assert_cmpint(s.period_start, ==, due);
		g_assert_cmpint(s.period_end, ==, local(ends[i][0], ends[i][1], ends[i][2], 10, 0, 0));
		g_assert_cmpint(s.state, ==, SUB_ACTIVE);
	}
}

/* SOLO-3: cancelling takes effect at term; access until then; no charge. */
static void test_solo3_cancel_takes_effect_at_term(void)
{
	struct billing_sub s;
	start_monthly(&s);
	GString *err = g_string_new(NULL);
	int64_t now = local(2027, 2, 10, 12, 0, 0);
	g_assert_cmpint(billing_sub_cancel(&s, now, err), ==, ST_OK);
	g_assert_cmpint(s.state, ==, SUB_CANCELLING);
	g_assert_true(s.cancel_at_term);
	g_assert_cmpint(s.cancelled_at, ==, now);
	g_assert_true(billing_entitled(s.state, s.period_end - 1, s.period_end));
	/* twice is a conflict */
	g_assert_cmpint(billing_sub_cancel(&s, now + 1, err), ==, ST_CONFLICT);
	g_assert_cmpstr(err->str, ==, "the subscription is already cancelled");
	/* at the due date: end, do not renew */
	g_assert_cmpint(billing_sub_renewal(&s, s.period_end - 1), ==, SUB_RENEWAL_NOT_DUE);
	g_assert_cmpint(billing_sub_renewal(&s, s.period_end), ==, SUB_RENEWAL_END);
	g_assert_cmpint(billing_sub_end_at_term(&s, s.period_end - 1, NULL), ==, ST_CONFLICT);
	g_assert_cmpint(billing_sub_end_at_term(&s, s.period_end + 60, err), ==, ST_OK);
	g_assert_cmpint(s.state, ==, SUB_TERMINATED);
	g_assert_cmpint(s.end_reason, ==, SUB_END_AT_TERM);
	g_assert_cmpint(s.ended_at, ==, s.period_end); /* the term, not when the job ran */
	g_assert_false(billing_entitled(s.state, s.period_end, s.period_end));
	g_assert_cmpint(billing_sub_renewal(&s, s.period_end + 86400 * 40), ==, SUB_RENEWAL_NONE);
	/* and nothing more can happen to it */
	g_assert_cmpint(billing_sub_cancel(&s, s.period_end + 1, err), ==, ST_CONFLICT);
	g_assert_cmpint(billing_sub_undo_cancel(&s, s.period_end + 1, err), ==, ST_CONFLICT);
	g_assert_cmpint(billing_sub_charge_failed(&s, err), ==, ST_CONFLICT);
	g_assert_cmpint(billing_sub_end_at_term(&s, s.period_end + 1, err), ==, ST_CONFLICT);
	g_string_free(err, TRUE);
}

/* SOLO-3: undo before the term, and the subscription renews as before. */
static void test_solo3_undo_cancel(void)
{
	struct billing_sub s;
	start_monthly(&s);
	GString *err = g_string_new(NULL);
	g_assert_cmpint(billing_sub_undo_cancel(&s, s.period_start + 1, err), ==, ST_CONFLICT);
	g_assert_cmpstr(err->str, ==, "the subscription is not cancelled");
	g_assert_cmpint(billing_sub_cancel(&s, s.period_start + 1, err), ==, ST_OK);
	g_assert_cmpint(billing_sub_undo_cancel(&s, s.period_end - 1, err), ==, ST_OK);
	g_assert_cmpint(s.state, ==, SUB_ACTIVE);
	g_assert_false(s.cancel_at_term);
	g_assert_cmpint(billing_sub_renewal(&s, s.period_end), ==, SUB_RENEWAL_RENEW);
	/* too late to undo once the term has come */
	g_assert_cmpint(billing_sub_cancel(&s, s.period_start + 2, err), ==, ST_OK);
	g_assert_cmpint(billing_sub_undo_cancel(&s, s.period_end, err), ==, ST_CONFLICT);
	g_assert_cmpint(s.state, ==, SUB_CANCELLING);
	/* cancelling after the period is over (renewal not run) is refused */
	struct billing_sub t;
	start_monthly(&t);
	g_assert_cmpint(billing_sub_cancel(&t, t.period_end, err), ==, ST_CONFLICT);
	g_string_free(err, TRUE);
}

/* SOLO-3 on an annual subscription renewed once: cancel in the second year,
 * access until its end. */
static void test_solo3_cancel_annual_after_renewal(void)
{
	struct billing_sub s;
	billing_sub_start(&s, paris, local(2026, 6, 15, 8, 0, 0), BILLING_ANNUAL);
	billing_sub_renew(&s, paris);
	g_assert_cmpint(s.period_end, ==, local(2028, 6, 15, 8, 0, 0));
	g_assert_cmpint(billing_sub_cancel(&s, local(2027, 7, 1, 0, 0, 0), NULL), ==, ST_OK);
	g_assert_true(billing_entitled(s.state, local(2028, 6, 15, 7, 59, 59), s.period_end));
	g_assert_cmpint(billing_sub_renewal(&s, local(2028, 6, 15, 8, 0, 0)), ==, SUB_RENEWAL_END);
}

/* PAY-5: past due -> suspended -> terminated; settling lifts at once. */
static void test_pay5_states(void)
{
	struct billing_sub s;
	start_monthly(&s);
	GString *err = g_string_new(NULL);
	g_assert_cmpint(billing_sub_suspend(&s, err), ==, ST_CONFLICT); /* not past due */
	g_assert_cmpint(billing_sub_settled(&s, err), ==, ST_CONFLICT);
	g_assert_cmpint(billing_sub_terminate_unpaid(&s, 0, err), ==, ST_CONFLICT);

	g_assert_cmpint(billing_sub_charge_failed(&s, err), ==, ST_OK);
	g_assert_cmpint(s.state, ==, SUB_PAST_DUE);
	g_assert_true(billing_entitled(s.state, s.period_end - 1, s.period_end));
	g_assert_cmpint(billing_sub_charge_failed(&s, err), ==, ST_OK); /* a second debt */
	g_assert_cmpint(s.state, ==, SUB_PAST_DUE);
	g_assert_cmpint(billing_sub_terminate_unpaid(&s, 0, err), ==, ST_CONFLICT); /* not suspended */
	g_assert_cmpint(billing_sub_suspend(&s, err), ==, ST_OK);
	g_assert_cmpint(s.state, ==, SUB_SUSPENDED);
	g_assert_false(billing_entitled(s.state, s.period_end - 1, s.period_end));
	g_assert_cmpint(billing_sub_suspend(&s, err), ==, ST_CONFLICT);
	/* paying everything lifts the suspension at once */
	g_assert_cmpint(billing_sub_settled(&s, err), ==, ST_OK);
	g_assert_cmpint(s.state, ==, SUB_ACTIVE);
	g_assert_true(billing_entitled(s.state, s.period_end - 1, s.period_end));

	/* and unpaid to the end */
	g_assert_cmpint(billing_sub_charge_failed(&s, err), ==, ST_OK);
	g_assert_cmpint(billing_sub_suspend(&s, err), ==, ST_OK);
	int64_t now = local(2027, 4, 15, 3, 0, 0);
	g_assert_cmpint(billing_sub_terminate_unpaid(&s, now, err), ==, ST_OK);
	g_assert_cmpint(s.state, ==, SUB_TERMINATED);
	g_assert_cmpint(s.end_reason, ==, SUB_END_UNPAID);
	g_assert_cmpint(s.ended_at, ==, now);
	g_assert_cmpint(billing_sub_settled(&s, err), ==, ST_CONFLICT); /* too late to revive */
	g_assert_cmpint(billing_sub_renewal(&s, now), ==, SUB_RENEWAL_NONE);
	g_string_free(err, TRUE);
}

/* SOLO-2 with PAY-5: a past-due or suspended subscription that is not
 * cancelled still renews (the contract runs until PAY-5 ends it). */
static void test_solo2_renews_while_past_due(void)
{
	struct billing_sub s;
	start_monthly(&s);
	g_assert_cmpint(billing_sub_charge_failed(&s, NULL), ==, ST_OK);
	g_assert_cmpint(billing_sub_renewal(&s, s.period_end), ==, SUB_RENEWAL_RENEW);
	billing_sub_renew(&s, paris);
	g_assert_cmpint(s.state, ==, SUB_PAST_DUE);
	g_assert_cmpint(billing_sub_suspend(&s, NULL), ==, ST_OK);
	g_assert_cmpint(billing_sub_renewal(&s, s.period_end), ==, SUB_RENEWAL_RENEW);
}

/* Interaction: a cancellation while past due. The cancellation is kept
 * through the payment standing: it stays past_due (dunning goes on), it
 * does not renew at term, and settling makes it cancelling, not active. */
static void test_solo3_pay5_cancel_while_past_due(void)
{
	struct billing_sub s;
	start_monthly(&s);
	GString *err = g_string_new(NULL);
	billing_sub_renew(&s, paris); /* period 1: 28 Feb -> 31 Mar */
	g_assert_cmpint(billing_sub_charge_failed(&s, err), ==, ST_OK);
	g_assert_cmpint(billing_sub_cancel(&s, local(2027, 3, 2, 9, 0, 0), err), ==, ST_OK);
	g_assert_cmpint(s.state, ==, SUB_PAST_DUE);
	g_assert_true(s.cancel_at_term);
	/* still entitled while past due, until the term */
	g_assert_true(billing_entitled(s.state, local(2027, 3, 2, 9, 0, 0), s.period_end));
	/* settled: the cancellation still stands */
	g_assert_cmpint(billing_sub_settled(&s, err), ==, ST_OK);
	g_assert_cmpint(s.state, ==, SUB_CANCELLING);

	/* same again but left unpaid and suspended: undo keeps it suspended */
	struct billing_sub u;
	start_monthly(&u);
	g_assert_cmpint(billing_sub_charge_failed(&u, err), ==, ST_OK);
	g_assert_cmpint(billing_sub_cancel(&u, u.period_start + 60, err), ==, ST_OK);
	g_assert_cmpint(billing_sub_suspend(&u, err), ==, ST_OK);
	g_assert_cmpint(billing_sub_undo_cancel(&u, u.period_start + 120, err), ==, ST_OK);
	g_assert_cmpint(u.state, ==, SUB_SUSPENDED);
	g_assert_false(u.cancel_at_term);
	g_assert_cmpint(billing_sub_cancel(&u, u.period_start + 180, err), ==, ST_OK);
	/* at term it ends although unpaid: no further charge; the debt stays */
	g_assert_cmpint(billing_sub_renewal(&u, u.period_end), ==, SUB_RENEWAL_END);
	g_assert_cmpint(billing_sub_end_at_term(&u, u.period_end, err), ==, ST_OK);
	g_assert_cmpint(u.state, ==, SUB_TERMINATED);
	g_assert_cmpint(u.end_reason, ==, SUB_END_AT_TERM);
	g_assert_cmpint(billing_sub_suspend(&u, err), ==, ST_CONFLICT);
	g_string_free(err, TRUE);
}

/* SOLO-5: force majeure ends it at once from every live state, with a
 * reason; nothing further is charged. */
static void test_solo5_force_majeure(void)
{
	GString *err = g_string_new(NULL);
	static const enum sub_state from[] = {SUB_ACTIVE, SUB_CANCELLING, SUB_PAST_DUE, SUB_SUSPENDED};
	for (size_t i = 0; i < G_N_ELEMENTS(from); i++) {
		struct billing_sub s;
		start_monthly(&s);
		s.state = from[i];
		s.cancel_at_term = from[i] == SUB_CANCELLING;
		int64_t now = local(2027, 2, 5, 16, 0, 0);
		g_assert_cmpint(billing_sub_force_majeure(&s, now, NULL, err), ==, ST_INVALID);
		g_assert_cmpint(billing_sub_force_majeure(&s, now, " \t\n", err), ==, ST_INVALID);
		g_assert_nonnull(strstr(err->str, "SOLO-5"));
		g_assert_cmpint(s.state, ==, from[i]);
		g_assert_cmpint(billing_sub_force_majeure(&s, now, "hospitalisation", err), ==, ST_OK);
		g_assert_cmpint(s.state, ==, SUB_TERMINATED);
		g_assert_cmpint(s.end_reason, ==, SUB_END_FORCE_MAJEURE);
		g_assert_cmpint(s.ended_at, ==, now); /* at once, not at term */
		g_assert_false(billing_entitled(s.state, now, s.period_end));
		g_assert_cmpint(billing_sub_renewal(&s, s.period_end), ==, SUB_RENEWAL_NONE);
		g_assert_cmpint(billing_sub_force_majeure(&s, now, "again", err), ==, ST_CONFLICT);
	}
	g_string_free(err, TRUE);
}

/* SOLO-6 / PLUS-3 / PLUS-4 transitions (eligibility: test_billing_withdrawal). */
static void test_solo6_withdraw_and_plus4_transitions(void)
{
	struct billing_sub s;
	start_monthly(&s);
	int64_t now = s.started_at + 3600;
	g_assert_cmpint(billing_sub_withdraw(&s, now, NULL), ==, ST_OK);
	g_assert_cmpint(s.state, ==, SUB_WITHDRAWN);
	g_assert_cmpint(s.end_reason, ==, SUB_END_WITHDRAWAL);
	g_assert_cmpint(s.ended_at, ==, now);
	g_assert_false(billing_entitled(s.state, now, s.period_end));
	g_assert_cmpint(billing_sub_renewal(&s, s.period_end), ==, SUB_RENEWAL_NONE);
	g_assert_cmpint(billing_sub_withdraw(&s, now, NULL), ==, ST_CONFLICT);
	g_assert_cmpint(billing_sub_terminate_early(&s, now, NULL), ==, ST_CONFLICT);
	g_assert_cmpint(billing_sub_force_majeure(&s, now, "x", NULL), ==, ST_CONFLICT);

	start_monthly(&s);
	g_assert_cmpint(billing_sub_charge_failed(&s, NULL), ==, ST_OK);
	g_assert_cmpint(billing_sub_terminate_early(&s, now, NULL), ==, ST_OK);
	g_assert_cmpint(s.state, ==, SUB_TERMINATED);
	g_assert_cmpint(s.end_reason, ==, SUB_END_EARLY_TERMINATION);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	paris_time_init();

	g_test_add_func("/billing/subscription/state_names", test_names);
	g_test_add_func("/billing/solo1_start", test_start);
	g_test_add_func("/billing/solo3_pay5_entitled", test_entitled);
	g_test_add_func("/billing/solo2_renewal_keeps_anchor", test_solo2_renewal_keeps_anchor);
	g_test_add_func("/billing/solo3_cancel_takes_effect_at_term", test_solo3_cancel_takes_effect_at_term);
	g_test_add_func("/billing/solo3_undo_cancel", test_solo3_undo_cancel);
	g_test_add_func("/billing/solo3_cancel_annual_after_renewal", test_solo3_cancel_annual_after_renewal);
	g_test_add_func("/billing/pay5_past_due_suspended_terminated", test_pay5_states);
	g_test_add_func("/billing/solo2_renews_while_past_due", test_solo2_renews_while_past_due);
	g_test_add_func("/billing/solo3_pay5_cancel_while_past_due", test_solo3_pay5_cancel_while_past_due);
	g_test_add_func("/billing/solo5_force_majeure_at_once", test_solo5_force_majeure);
	g_test_add_func("/billing/solo6_plus4_end_transitions", test_solo6_withdraw_and_plus4_transitions);

	int rc = g_test_run();
	g_time_zone_unref(paris);
	return rc;
}
