/* Page and API handlers of peer (routes in web/routes_peer.inc). */
#ifndef CAMPUS_PAGES_PEER_H
#define CAMPUS_PAGES_PEER_H

#include "web/app.h"

#endif
