/* billfix: store functions of the billing gaps closed after the engine
 * (see store/store_billing.h for the structs). Results in arena a. */
#ifndef CAMPUS_STORE_BILLFIX_H
#define CAMPUS_STORE_BILLFIX_H

#include "store/store_billing.h"

/* PAY-2: the live subscriptions of offer_id in currency given notice of
 * price from `from` (all of them: one row per subscriber of the offer). */
enum status store_bl_sub_price_noticed(struct db *db, struct arena *a, int64_t offer_id, const char *currency,
				       int64_t price, int64_t from, struct bl_sub **out, int *n,
				       GString *err);

/* PAY-4: ids of ended subscriptions with an unpaid principal, after
 * after_id, at most limit, ascending (*ids: arena array). */
enum status store_bl_sub_ended_with_debt(struct db *db, struct arena *a, int64_t after_id, int limit,
					 int64_t **ids, int *n, GString *err);

#endif
