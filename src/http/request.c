#include <microhttpd.h>
#include <string.h>
#include <unistd.h>

#include "http/http.h"

#include "base/banned.h"

const char *http_header(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_query(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_cookie(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *http_form(struct http_req *r, const char *name)
{
	return g_hash_table_lookup(r->form, name);
}

void http_add_header(struct http_req *r, const char *name, const char *value)
{
	http_add_header_static(r, arena_strdup(r->arena, name), arena_strdup(r->arena, value));
}

void http_add_header_static(struct http_req *r, const char *name, const char *value)
{
	if (!r->resp_headers)
		r->resp_headers = g_ptr_array_new();
	g_ptr_array_add(r->resp_headers, (gpointer)name);
	g_ptr_array_add(r->resp_headers, (gpointer)value);
}

void http_set_cookie(struct http_req *r, const char *name, const char *value, int max_age, bool secure)
{
	GString *c = g_string_new(NULL);
	g_string_append_printf(c, "%s=%s; Path=/; HttpOnly; SameSite=Lax", name, value);
	if (max_age >= 0)
		g_string_append_printf(c, "; Max-Age=%d", max_age);
	if (secure)
		g_string_append(c, "; Secure");
	http_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, c->str);
	g_string_free(c, TRUE);
}

void http_redirect(struct http_req *r, unsigned status, const char *location)
{
	r->status = status;
	http_add_header(r, MHD_HTTP_HEADER_LOCATION, location);
	r->resp_type = "text/plain; charset=utf-8";
	g_string_assign(r->out, "");
}

void http_respond_file(struct http_req *r, int fd, uint64_t offset, uint64_t len)
{
	if (r->resp_fd >= 0 && r->resp_fd != fd)
		close(r->resp_fd);
	r->resp_fd = fd;
	r->resp_fd_offset = offset;
	r->resp_fd_len = len;
}
