/* The billing rules of RULES.md (SOLO-*, PLUS-2..4, PAY-*, PROMO-1, REF-*)
 * as pure functions over plain structs: no I/O, no clock, no hidden
 * allocation. The storage and web layers call them with `now`, the platform
 * time zone and the configured figures. One header per concern:
 *   money.h         amounts, percentages rounded half-up, VAT (PAY-1)
 *   periods.h       billing periods with the anchor day kept (SOLO-1/2)
 *   subscription.h  the subscription state machine (SOLO-2..6, PAY-5)
 *   withdrawal.h    withdrawal, cooling-off, early termination (SOLO-6,
 *                   PLUS-3, PLUS-4)
 *   dunning.h       late charges, dunning, chargebacks (PAY-4..6)
 *   promo.h         promo codes and referral vouchers (PROMO-1, REF-2) */
#ifndef CAMPUS_BILLING_RULES_H
#define CAMPUS_BILLING_RULES_H

#include "billing/dunning.h"
#include "billing/money.h"
#include "billing/periods.h"
#include "billing/promo.h"
#include "billing/subscription.h"
#include "billing/withdrawal.h"

#endif
