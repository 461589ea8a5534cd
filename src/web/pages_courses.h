/* Page and API handlers of courses (routes in web/routes_courses.inc). */
#ifndef CAMPUS_PAGES_COURSES_H
#define CAMPUS_PAGES_COURSES_H

#include "web/app.h"

#endif
