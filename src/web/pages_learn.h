/* Page and API handlers of learn (routes in web/routes_learn.inc). */
#ifndef CAMPUS_PAGES_LEARN_H
#define CAMPUS_PAGES_LEARN_H

#include "web/app.h"

#endif
