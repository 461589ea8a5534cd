/* Page and API handlers of billing (routes in web/routes_billing.inc). */
#ifndef CAMPUS_PAGES_BILLING_H
#define CAMPUS_PAGES_BILLING_H

#include "web/app.h"

#endif
