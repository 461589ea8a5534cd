/* libmicrohttpd glue: one epoll thread pool, limits from DESIGN.md, bodies
 * streamed into the request with a hard cap, the application called once
 * per request with everything parsed, and one access-log line per request. */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "http/http.h"

#include "base/banned.h"

struct http_server {
	struct MHD_Daemon *d;
	struct http_options o;
	atomic_int inflight;
	int port;
};

struct req_ctx {
	struct http_req r;
	struct http_server *srv;
	struct MHD_PostProcessor *pp;
	bool answered; /* a response is queued: later calls only drain input */
	GString *cur_field; /* the form value being streamed, or NULL */
	struct http_file *cur_file;
	size_t received;
	size_t max_body; /* this request's limit (http_options.body_limit) */
};

static int64_t now_us(void)
{
	return g_get_monotonic_time();
}

static void raise_nofile(void)
{
	/* 1,024 open files capped the server at about 1,020 connections. */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
				 const char *content_type, const char *transfer_encoding, const char *data,
				 uint64_t off, size_t size)
{
	(void)kind;
	(void)transfer_encoding;
	struct req_ctx *c = cls;
	struct http_req *r = &c->r;
	if (!key)
		return MHD_YES;
	if (filename) {
		if (off == 0) {
			struct http_file *f = arena_alloc(r->arena, sizeof(*f));
			f->field = arena_strdup(r->arena, key);
			f->filename = arena_strdup(r->arena, filename);
			f->content_type = arena_strdup(r->arena, content_type ? content_type
									      : "application/octet-stream");
			f->data = g_string_sized_new(size);
			if (!r->files)
				r->files = g_ptr_array_new();
			g_ptr_array_add(r->files, f);
			c->cur_file = f;
		}
		if (c->cur_file)
			g_string_append_len(c->cur_file->data, data, (gssize)size);
		return MHD_YES;
	}
	if (off == 0) {
		if (g_hash_table_contains(r->form, key)) {
			c->cur_field = NULL; /* first value wins */
		} else {
			c->cur_field = g_string_new(NULL);
			g_hash_table_insert(r->form, arena_strdup(r->arena, key), c->cur_field);
		}
	}
	if (c->cur_field)
		g_string_append_len(c->cur_field, data, (gssize)size);
	return MHD_YES;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes one application/x-www-form-urlencoded component strictly: a '%'
 * must be followed by two hex digits, and the result may hold neither NUL
 * nor invalid UTF-8. NULL when it is malformed; owned by the arena. */
static char *form_decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%') {
			int hi = i + 1 < n ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return NULL;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return g_utf8_validate(out, (gssize)o, NULL) ? out : NULL;
}

/* Parses an urlencoded body into r->form (first value wins); false when
 * any pair is malformed. */
static bool parse_urlencoded(struct http_req *r, const char *body, size_t len)
{
	const char *p = body, *end = body + len;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *pe = amp ? amp : end;
		if (pe > p) {
			const char *eq = memchr(p, '=', (size_t)(pe - p));
			const char *ke = eq ? eq : pe;
			char *k = form_decode(r->arena, p, (size_t)(ke - p));
			char *v = eq ? form_decode(r->arena, eq + 1, (size_t)(pe - eq - 1))
				     : arena_strdup(r->arena, "");
			if (!k || !v)
				return false;
			if (!g_hash_table_contains(r->form, k))
				g_hash_table_insert(r->form, k, v);
		}
		p = pe + 1;
	}
	return true;
}

static void free_gstring(gpointer p)
{
	g_string_free(p, TRUE);
}

static void free_files(void *p)
{
	GPtrArray *files = p;
	for (guint i = 0; i < files->len; i++)
		g_string_free(((struct http_file *)files->pdata[i])->data, TRUE);
	g_ptr_array_free(files, TRUE);
}

static void free_ctx(struct req_ctx *c)
{
	if (c->pp)
		MHD_destroy_post_processor(c->pp);
	if (c->r.form)
		g_hash_table_destroy(c->r.form);
	if (c->r.files)
		free_files(c->r.files);
	if (c->r.body)
		g_string_free(c->r.body, TRUE);
	if (c->r.out)
		g_string_free(c->r.out, TRUE);
	if (c->r.resp_headers)
		g_ptr_array_free(c->r.resp_headers, TRUE);
	if (c->r.resp_fd >= 0)
		close(c->r.resp_fd); /* a file answer that was never queued */
	if (c->r.resp_bytes)
		g_bytes_unref(c->r.resp_bytes); /* a shared body that was never queued */
	arena_free(c->r.arena);
	g_free(c);
}

static void log_request(struct req_ctx *c, size_t bytes)
{
	struct http_req *r = &c->r;
	char ts[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* The path only: query strings may carry tokens, and logs hold no
	 * secrets. */
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:i, s:I, s:I}", "ts", ts, "ip", r->ip, "method",
			      r->method, "path", r->path, "status", (int)r->status, "bytes",
			      (json_int_t)bytes, "us", (json_int_t)(now_us() - r->start_us));
	if (!j)
		return;
	char *line = json_dumps(j, JSON_COMPACT);
	if (line) {
		flockfile(stderr);
		fputs(line, stderr);
		fputc('\n', stderr);
		funlockfile(stderr);
		free(line);
	}
	json_decref(j);
}

static enum MHD_Result queue(struct req_ctx *c)
{
	struct http_req *r = &c->r;
	struct MHD_Response *resp;
	size_t len;
	if (r->resp_fd >= 0) {
		/* MHD reads the file as it sends (sendfile on plain sockets)
		 * and closes it when the response is destroyed. */
		len = (size_t)r->resp_fd_len;
		resp = MHD_create_response_from_fd_at_offset64(r->resp_fd_len, r->resp_fd, r->resp_fd_offset);
		if (!resp)
			close(r->resp_fd);
		r->resp_fd = -1;
	} else if (r->resp_bytes) {
		/* A body shared with a cache: MHD holds the reference until the
		 * response is destroyed (after the last byte is sent). */
		gsize n;
		const void *data = g_bytes_get_data(r->resp_bytes, &n);
		len = n;
		resp = MHD_create_response_from_buffer_with_free_callback_cls(
			len, (void *)data, (MHD_ContentReaderFreeCallback)g_bytes_unref, r->resp_bytes);
		if (resp)
			r->resp_bytes = NULL;
	} else if (r->resp_static) {
		len = r->resp_static_len;
		resp = MHD_create_response_from_buffer(len, (void *)r->resp_static, MHD_RESPMEM_PERSISTENT);
	} else {
		/* The body is handed over, not copied: GLib allocates with
		 * malloc, so MHD may free() it. */
		len = r->out->len;
		resp = MHD_create_response_from_buffer(len, g_string_free(r->out, FALSE),
						       MHD_RESPMEM_MUST_FREE);
		r->out = NULL;
	}
	if (!resp)
		return MHD_NO;
	if (r->resp_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->resp_type);
	if (r->resp_headers)
		for (guint i = 0; i + 1 < r->resp_headers->len; i += 2)
			MHD_add_response_header(resp, r->resp_headers->pdata[i],
						r->resp_headers->pdata[i + 1]);
	c->answered = true;
	enum MHD_Result ret = MHD_queue_response(r->conn, r->status, resp);
	MHD_destroy_response(resp);
	if (c->srv->o.access_log)
		log_request(c, len);
	return ret;
}

static const char *client_ip(struct MHD_Connection *conn, struct arena *a)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "unknown";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
				  sizeof(buf));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
				  sizeof(buf));
	}
	return arena_strdup(a, buf);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	(void)version;
	struct http_server *srv = cls;
	struct req_ctx *c = *con_cls;
	if (!c) {
		c = g_new0(struct req_ctx, 1);
		c->srv = srv;
		struct http_req *r = &c->r;
		r->arena = arena_new();
		r->conn = conn;
		r->start_us = now_us();
		r->method = arena_strdup(r->arena, method);
		r->path = arena_strdup(r->arena, url);
		r->ip = client_ip(conn, r->arena);
		r->status = 200;
		r->resp_fd = -1;
		r->out = g_string_sized_new(8192);
		r->form = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, free_gstring);
		const char *ct =
			MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		r->content_type = arena_strdup(r->arena, ct);
		const char *cl =
			MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		c->max_body = srv->o.body_limit ? srv->o.body_limit(srv->o.app, method, url) : 0;
		if (!c->max_body)
			c->max_body = srv->o.max_body;
		if (cl && g_ascii_strtoull(cl, NULL, 10) > c->max_body)
			r->body_too_large = true;
		/* Multipart goes through MHD's streaming parser; urlencoded
		 * bodies are buffered and parsed strictly here (MHD's parser
		 * lets "%ZZ" and "%00" through). */
		if (ct && g_str_has_prefix(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA))
			c->pp = MHD_create_post_processor(conn, 16 * 1024, post_iter, c);
		*con_cls = c;
		atomic_fetch_add(&srv->inflight, 1);
		if (r->body_too_large) {
			/* A declared length past the limit is refused before a
			 * byte of it is read (the connection then closes). */
			r->body = g_string_new(NULL);
			srv->o.dispatch(r, srv->o.app);
			return queue(c);
		}
		return MHD_YES; /* answer on a later call: keep-alive stays possible */
	}
	struct http_req *r = &c->r;
	if (c->answered) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		c->received += n;
		if (r->body_too_large || c->received > c->max_body) {
			r->body_too_large = true; /* discard the rest */
			return MHD_YES;
		}
		if (c->pp) {
			if (MHD_post_process(c->pp, upload_data, n) != MHD_YES)
				r->body_malformed = true;
		} else {
			if (!r->body)
				r->body = g_string_sized_new(n);
			g_string_append_len(r->body, upload_data, (gssize)n);
		}
		return MHD_YES;
	}
	/* Convert streamed form values into plain strings for handlers; a
	 * value with a NUL byte or invalid UTF-8 makes the form malformed. */
	GHashTableIter it;
	gpointer k, v;
	GHashTable *plain = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_iter_init(&it, r->form);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		GString *s = v;
		if (memchr(s->str, '\0', s->len) || !g_utf8_validate(s->str, (gssize)s->len, NULL))
			r->body_malformed = true;
		g_hash_table_insert(plain, k, arena_strndup(r->arena, s->str, s->len));
	}
	g_hash_table_destroy(r->form);
	r->form = plain;
	if (!r->body)
		r->body = g_string_new(NULL);
	if (r->content_type && g_str_has_prefix(r->content_type, MHD_HTTP_POST_ENCODING_FORM_URLENCODED) &&
	    !r->body_too_large) {
		if (!parse_urlencoded(r, r->body->str, r->body->len))
			r->body_malformed = true;
		g_string_truncate(r->body, 0);
	}
	srv->o.dispatch(r, srv->o.app);
	return queue(c);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	(void)toe;
	struct http_server *srv = cls;
	struct req_ctx *c = *con_cls;
	if (!c)
		return;
	free_ctx(c);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->inflight, 1);
}

struct http_server *http_server_start(const struct http_options *o, GString *err)
{
	raise_nofile();
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST};
	struct addrinfo *ai = NULL;
	char port[16];
	g_snprintf(port, sizeof(port), "%d", o->port);
	int gai = getaddrinfo(o->host, port, &hints, &ai);
	if (gai != 0) {
		g_string_printf(err, "cannot listen on %s: %s", o->host, gai_strerror(gai));
		return NULL;
	}
	struct http_server *s = g_new0(struct http_server, 1);
	s->o = *o;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
				ai->ai_addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->max_connections,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->per_ip_connections,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->connection_timeout,
				/* Each connection reserves this much up front, and
				 * headers beyond it get 431: 16 KiB keeps 1,000 idle
				 * keep-alive connections near 16 MiB (nginx allows
				 * 4 x 8 KiB of headers by default). */
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
				MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_NOTIFY_COMPLETED,
				on_completed, s, MHD_OPTION_END);
	freeaddrinfo(ai);
	if (!s->d) {
		g_string_printf(err, "cannot listen on %s:%d (%s)", o->host, o->port,
				errno ? g_strerror(errno) : "address in use or not available");
		g_free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : o->port;
	return s;
}

int http_server_port(const struct http_server *s)
{
	return s->port;
}

void http_server_stop(struct http_server *s, int grace)
{
	if (!s)
		return;
	MHD_socket fd = MHD_quiesce_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	int64_t deadline = now_us() + (int64_t)grace * 1000000;
	while (atomic_load(&s->inflight) > 0 && now_us() < deadline)
		g_usleep(10 * 1000);
	MHD_stop_daemon(s->d);
	g_free(s);
}
