/* Page and API handlers of billing (routes in web/routes_billing.inc). */
#ifndef CAMPUS_PAGES_BILLING_H
#define CAMPUS_PAGES_BILLING_H

#include "web/app.h"

/* web/api_billing.c */
void offers_api(struct req *r);
void checkout_api_start(struct req *r);
void checkout_api_get(struct req *r);
void checkout_api_confirm(struct req *r);
void guardian_consent_api(struct req *r);
void subscription_api_get(struct req *r);
void subscription_api_cancel(struct req *r);
void subscription_api_undo(struct req *r);
void subscription_api_withdraw(struct req *r);
void subscription_api_pay(struct req *r);
void invoices_api(struct req *r);
void invoice_api_pdf(struct req *r);
void transactions_api(struct req *r);
void invitation_api(struct req *r);
void finance_csv_api(struct req *r);
void finance_fec_api(struct req *r);
void subscriptions_api_list(struct req *r);
void subscription_api_terminate(struct req *r);
void subscription_api_refund(struct req *r);
void admin_offer_api(struct req *r);
void admin_price_api(struct req *r);
void admin_promos_api(struct req *r);
void admin_promo_create_api(struct req *r);

/* billweb: web/page_checkout.c */
void premium_offer_page(struct req *r);
void invite_page(struct req *r);
void checkout_details_page(struct req *r);
void checkout_details_post(struct req *r);
void checkout_status_page(struct req *r);
void checkout_terms_page(struct req *r);
void checkout_terms_post(struct req *r);
void checkout_review_page(struct req *r);
void checkout_confirm_post(struct req *r);
void guardian_consent_page(struct req *r);
void guardian_consent_post(struct req *r);
/* billweb: web/page_premium.c */
void settings_premium_page(struct req *r);
void settings_premium_cancel(struct req *r);
void settings_premium_undo(struct req *r);
void settings_premium_withdraw(struct req *r);
void settings_premium_pay(struct req *r);
void settings_premium_method(struct req *r); /* billfix */
/* billweb: web/page_admin_billing.c */
void admin_offers_page(struct req *r);
void admin_offer_post(struct req *r);
void admin_price_post(struct req *r);
void admin_promos_page(struct req *r);
void admin_promo_post(struct req *r);
void staff_subscribers_page(struct req *r);
void staff_subscriber_page(struct req *r);
void staff_terminate_post(struct req *r);
void staff_refund_post(struct req *r);
/* billweb: web/page_finance.c */
void finance_page(struct req *r);

#endif
