/* Page and API handlers of cert (routes in web/routes_cert.inc). */
#ifndef CAMPUS_PAGES_CERT_H
#define CAMPUS_PAGES_CERT_H

#include "web/app.h"

#endif
