#include "base/status.h"

const char *status_name(enum status st)
{
	switch (st) {
	case ST_OK: return "ok";
	case ST_NOTFOUND: return "not-found";
	case ST_INVALID: return "invalid";
	case ST_UNAUTHORIZED: return "unauthorized";
	case ST_FORBIDDEN: return "forbidden";
	case ST_CONFLICT: return "conflict";
	case ST_TOOMANY: return "too-many-requests";
	case ST_IO: return "io-error";
	case ST_DB: return "database-error";
	}
	return "unknown";
}
