/* Page and API handlers of payments (routes in web/routes_payments.inc). */
#ifndef CAMPUS_PAGES_PAYMENTS_H
#define CAMPUS_PAGES_PAYMENTS_H

#include "web/app.h"

/* web/page_pay_sim.c: the simulator's hosted payment page. */
/* true when the simulator is the configured provider; else answers 404. */
bool sim_enabled(struct req *r);
void sim_pay_page(struct req *r);
void sim_pay_post(struct req *r);
void sim_challenge_page(struct req *r);
void sim_challenge_post(struct req *r);
void sim_paypal_page(struct req *r);
void sim_paypal_post(struct req *r);

/* web/api_sim_adyen.c: the simulator's Adyen-format API and test hooks. */
void sim_adyen_payments(struct req *r);
void sim_adyen_refunds(struct req *r);
void sim_adyen_lookup(struct req *r);
void sim_chargeback_api(struct req *r);
void sim_method_decline_api(struct req *r);

/* web/api_webhooks.c */
void adyen_webhook(struct req *r);
void payment_notifications_api(struct req *r);

#endif
