/* Page and API handlers of media (routes in web/routes_media.inc). */
#ifndef CAMPUS_PAGES_MEDIA_H
#define CAMPUS_PAGES_MEDIA_H

#include "web/app.h"

#endif
