/* billfix: PAY-4 ("interest accrues for every full month the principal
 * stays unpaid") after the end of a subscription: the job "billing.debts"
 * (ops/jobs.c job table) adds the monthly interest on the open debts of
 * terminated, withdrawn or ended subscriptions, which the billing run no
 * longer visits. */
#ifndef CAMPUS_BILLING_DEBTS_H
#define CAMPUS_BILLING_DEBTS_H

#include <glib.h>
#include <stdint.h>

#include "ops/ctx.h"

/* Runs inside the scheduler's transaction; reschedules itself a day later. */
enum status billing_debts_job(struct ctx *c, const char *payload, GString *err);
/* Queues the job at `at` (once per day: a keyed job). */
enum status billing_debts_seed(struct db *db, int64_t at, GString *err);

#endif
