/* Page and API handlers of payments (routes in web/routes_payments.inc). */
#ifndef CAMPUS_PAGES_PAYMENTS_H
#define CAMPUS_PAGES_PAYMENTS_H

#include "web/app.h"

#endif
