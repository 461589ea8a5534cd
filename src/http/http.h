/* The HTTP server (libmicrohttpd, internal epoll thread pool) and the
 * request it hands to the application. This layer knows nothing of campus:
 * it parses, limits and logs; web/ routes and renders.
 *
 * A request's memory comes from its arena, freed after the response is
 * queued; handlers never free. */
#ifndef CAMPUS_HTTP_H
#define CAMPUS_HTTP_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

struct MHD_Connection;

struct http_file {
	const char *field, *filename, *content_type;
	GString *data; /* owned by the request */
};

struct http_req {
	struct arena *arena;
	struct MHD_Connection *conn;
	const char *method; /* "GET", "POST", ... */
	const char *path; /* decoded path, no query string */
	const char *ip; /* client address */
	const char *content_type; /* request Content-Type, may be NULL */
	GHashTable *form; /* field -> value (first wins), urlencoded or multipart */
	GPtrArray *files; /* struct http_file *, multipart uploads */
	GString *body; /* raw body of non-form requests (JSON) */
	bool body_too_large; /* the body passed the limit: answer 413 */
	bool body_malformed; /* the form could not be parsed: answer 400 */
	int64_t start_us;

	/* The response, filled by the handler. */
	unsigned status; /* 200 unless set */
	const char *resp_type; /* Content-Type */
	GString *out; /* body */
	const void *resp_static; /* when set: a body that outlives the request */
	size_t resp_static_len;
	GBytes *resp_bytes; /* when set: the body, shared; the request owns one reference */
	GPtrArray *resp_headers; /* name, value, name, value... (arena strings) */
	int resp_fd; /* >= 0: the body is a file range (http_respond_file); -1 otherwise */
	uint64_t resp_fd_offset, resp_fd_len;
	void *app_data; /* the application's per-request state */
};

/* Request accessors; results are owned by the request (NULL when absent). */
const char *http_header(struct http_req *r, const char *name);
const char *http_query(struct http_req *r, const char *name);
const char *http_cookie(struct http_req *r, const char *name);
const char *http_form(struct http_req *r, const char *name);

/* Response helpers; strings are copied into the request's arena. */
void http_add_header(struct http_req *r, const char *name, const char *value);
/* The same without copies, for strings that outlive the request (literals):
 * the security headers of every response stay off the allocator. */
void http_add_header_static(struct http_req *r, const char *name, const char *value);
/* Set-Cookie with Path=/, HttpOnly, SameSite=Lax and Secure when secure;
 * max_age < 0 for a session cookie, 0 to delete. */
void http_set_cookie(struct http_req *r, const char *name, const char *value, int max_age, bool secure);
void http_redirect(struct http_req *r, unsigned status, const char *location);
/* Answers with len bytes of the open file fd from offset, streamed by the
 * server without loading it in memory (sendfile where it can). The request
 * takes fd over and closes it, also when the response is replaced by
 * another http_respond_file or never sent. Status, type and headers are set
 * by the caller as for any response; r->out is ignored. */
void http_respond_file(struct http_req *r, int fd, uint64_t offset, uint64_t len);

typedef void (*http_dispatch_fn)(struct http_req *r, void *app);

struct http_options {
	const char *host; /* "127.0.0.1", "0.0.0.0", "::1" */
	int port; /* 0 picks a free port (see http_server_port) */
	int threads;
	int max_connections;
	int per_ip_connections;
	int connection_timeout; /* seconds */
	size_t max_body; /* bytes; larger bodies get 413 */
	/* The body limit of one request (e.g. larger for upload routes); NULL
	 * or 0 returned: max_body. */
	size_t (*body_limit)(void *app, const char *method, const char *path);
	bool access_log; /* one JSON line per request on stderr */
	http_dispatch_fn dispatch;
	void *app;
};

struct http_server;
/* Starts listening; NULL with err set on failure. */
struct http_server *http_server_start(const struct http_options *o, GString *err);
int http_server_port(const struct http_server *s);
/* Stops accepting, lets in-flight requests finish (up to grace seconds),
 * then stops the daemon and frees the server. */
void http_server_stop(struct http_server *s, int grace);

#endif
