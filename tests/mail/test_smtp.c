/* The SMTP driver against a real SMTP server on loopback: smtp_sink.py
 * (aiosmtpd) records each message it accepts as a JSON file. Without
 * python3 and aiosmtpd the tests skip, except under CI, where they fail. */
#include <arpa/inet.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/config.h"
#include "mail/mail.h"
#include "mail_test_util.h"

#include "base/banned.h"

enum { NOW = 1739440800, READY_TIMEOUT_MS = 15000 };

static struct {
	GPid pid; /* 0 when no sink runs */
	int stdin_fd; /* closing it stops the sink */
	int port;
	char *dir; /* where the sink writes messages */
	char *why; /* why there is no sink */
} sink;

static bool has_aiosmtpd(const char *python)
{
	const char *argv[] = {python, "-c", "import aiosmtpd.smtp", NULL};
	gint status = 0;
	if (!g_spawn_sync(NULL, (char **)argv, NULL,
			  G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
			  NULL, NULL, NULL, &status, NULL))
		return false;
	return g_spawn_check_wait_status(status, NULL);
}

/* The first interpreter that has aiosmtpd: $CAMPUS_PYTHON, python3 on the
 * PATH, then Debian's /usr/bin/python3 (a pyenv or venv python3 earlier on
 * the PATH may lack the Debian package). */
static const char *find_python(void)
{
	static const char *const candidates[] = {"python3", "/usr/bin/python3"};
	const char *env = g_getenv("CAMPUS_PYTHON");
	if (env && *env && has_aiosmtpd(env))
		return env;
	for (size_t i = 0; i < G_N_ELEMENTS(candidates); i++)
		if (has_aiosmtpd(candidates[i]))
			return candidates[i];
	return NULL;
}

/* Reads the sink's first line ("ready PORT") within the timeout. */
static int read_ready(int fd)
{
	char line[64];
	size_t n = 0;
	gint64 deadline = g_get_monotonic_time() + READY_TIMEOUT_MS * 1000;
	while (n < sizeof(line) - 1) {
		int left = (int)((deadline - g_get_monotonic_time()) / 1000);
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (left <= 0 || poll(&p, 1, left) <= 0)
			return -1;
		ssize_t r = read(fd, line + n, 1);
		if (r <= 0)
			return -1;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	int port = 0;
	if (!g_str_has_prefix(line, "ready "))
		return -1;
	port = atoi(line + 6);
	return port > 0 && port < 65536 ? port : -1;
}

static void sink_start(void)
{
	const char *script = g_getenv("SMTP_SINK");
	const char *python = find_python();
	int out_fd = -1;
	GError *e = NULL;

	if (!script || !g_file_test(script, G_FILE_TEST_EXISTS)) {
		sink.why = g_strdup("SMTP_SINK does not name tests/mail/smtp_sink.py");
		return;
	}
	if (!python) {
		sink.why = g_strdup("no python3 with aiosmtpd (apt-get install python3-aiosmtpd)");
		return;
	}
	sink.dir = g_dir_make_tmp("campus-smtp-XXXXXX", NULL);
	const char *argv[] = {python, script, sink.dir, NULL};
	if (!g_spawn_async_with_pipes(NULL, (char **)argv, NULL,
				      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &sink.pid,
				      &sink.stdin_fd, &out_fd, NULL, &e)) {
		sink.why = g_strdup_printf("cannot start the SMTP sink: %s", e->message);
		g_error_free(e);
		sink.pid = 0;
		return;
	}
	sink.port = read_ready(out_fd);
	close(out_fd);
	if (sink.port < 0) {
		sink.why = g_strdup("the SMTP sink did not say \"ready PORT\" in time");
		kill(sink.pid, SIGTERM);
		waitpid(sink.pid, NULL, 0);
		g_spawn_close_pid(sink.pid);
		sink.pid = 0;
	}
}

static void remove_dir(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	if (d) {
		const char *n;
		while ((n = g_dir_read_name(d))) {
			char *p = g_build_filename(path, n, NULL);
			g_unlink(p);
			g_free(p);
		}
		g_dir_close(d);
	}
	g_rmdir(path);
}

static void sink_stop(void)
{
	if (sink.pid) {
		close(sink.stdin_fd);
		kill(sink.pid, SIGTERM);
		waitpid(sink.pid, NULL, 0);
		g_spawn_close_pid(sink.pid);
		sink.pid = 0;
	}
	if (sink.dir)
		remove_dir(sink.dir);
	g_clear_pointer(&sink.dir, g_free);
	g_clear_pointer(&sink.why, g_free);
}

/* False, after skipping or failing the test, when there is no sink. */
static bool need_sink(void)
{
	if (sink.pid)
		return true;
	if (g_getenv("CI")) {
		g_test_message("CI is set and the SMTP tests cannot run: %s", sink.why);
		g_test_fail();
	} else {
		g_test_skip(sink.why);
	}
	return false;
}

static gint by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The messages the sink recorded, sorted by name (arrival order). */
static GPtrArray *received(void)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GDir *d = g_dir_open(sink.dir, 0, NULL);
	g_assert_nonnull(d);
	const char *n;
	while ((n = g_dir_read_name(d)))
		if (g_str_has_suffix(n, ".json"))
			g_ptr_array_add(names, g_build_filename(sink.dir, n, NULL));
	g_dir_close(d);
	g_ptr_array_sort(names, by_name);
	return names;
}

static struct mailer *smtp_mailer(int port)
{
	struct config cfg;
	config_defaults(&cfg, "/nonexistent");
	g_free(cfg.mail_driver);
	cfg.mail_driver = g_strdup("smtp");
	g_free(cfg.smtp_url);
	cfg.smtp_url = g_strdup_printf("smtp://127.0.0.1:%d", port);
	GString *err = g_string_new(NULL);
	struct mailer *ml = mailer_new(&cfg, err);
	if (!ml)
		g_error("mailer_new: %s", err->str);
	g_string_free(err, TRUE);
	config_clear(&cfg); /* the mailer keeps its own copies */
	return ml;
}

static const char *const TEXT = "Bonjour Élodie,\n\nVérifiez votre adresse.\n.\n-- \ncampus\n";

static void test_deliver(void)
{
	if (!need_sink())
		return;
	struct mailer *ml = smtp_mailer(sink.port);
	GString *err = g_string_new(NULL);
	struct mail_message m = {
		.to = "elodie@example.org",
		.subject = "Vérifiez votre adresse",
		.text = TEXT,
		.html = "<p>Bonjour Élodie</p>",
		.lang = "fr",
	};
	GPtrArray *before = received();
	enum status st = mailer_send(ml, &m, NOW, err);
	if (st != ST_OK)
		g_error("mailer_send: %s", err->str);
	GPtrArray *after = received();
	g_assert_cmpuint(after->len, ==, before->len + 1);

	json_error_t je;
	json_t *rec = json_load_file(g_ptr_array_index(after, after->len - 1), 0, &je);
	g_assert_nonnull(rec);
	g_assert_cmpstr(json_string_value(json_object_get(rec, "mail_from")), ==,
			"no-reply@campus.localhost");
	json_t *rcpts = json_object_get(rec, "rcpt_tos");
	g_assert_cmpuint(json_array_size(rcpts), ==, 1);
	g_assert_cmpstr(json_string_value(json_array_get(rcpts, 0)), ==, "elodie@example.org");
	const char *data = json_string_value(json_object_get(rec, "data"));
	g_assert_nonnull(data);
	char *subject = header_get(data, "Subject");
	char *dec = rfc2047_decode(subject);
	g_assert_cmpstr(dec, ==, "Vérifiez votre adresse");
	char *to = header_get(data, "To");
	g_assert_cmpstr(to, ==, "elodie@example.org");
	/* The body, line "." included, came through SMTP unchanged. */
	char *body = mime_body(data, "text/plain");
	g_assert_nonnull(body);
	char *text = qp_decode(body);
	g_assert_cmpstr(text, ==, TEXT);
	g_free(text);
	g_free(body);
	g_free(to);
	g_free(dec);
	g_free(subject);
	json_decref(rec);

	g_ptr_array_free(before, TRUE);
	g_ptr_array_free(after, TRUE);
	g_string_free(err, TRUE);
	mailer_free(ml);
}

static void test_refused_recipient(void)
{
	if (!need_sink())
		return;
	struct mailer *ml = smtp_mailer(sink.port);
	GString *err = g_string_new(NULL);
	struct mail_message m = {
		.to = "rejected@example.org", .subject = "Hello", .text = "Hi\n", .lang = "en"};
	GPtrArray *before = received();
	g_assert_cmpint(mailer_send(ml, &m, NOW, err), ==, ST_INVALID);
	g_test_message("refused: %s", err->str);
	g_assert_nonnull(strstr(err->str, "rejected@example.org"));
	g_assert_nonnull(strstr(err->str, "550"));
	GPtrArray *after = received();
	g_assert_cmpuint(after->len, ==, before->len);
	g_ptr_array_free(before, TRUE);
	g_ptr_array_free(after, TRUE);
	g_string_free(err, TRUE);
	mailer_free(ml);
}

/* A loopback port nobody listens on: bound, read, closed. */
static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	g_assert_cmpint(fd, >=, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
	socklen_t len = sizeof(sa);
	g_assert_cmpint(getsockname(fd, (struct sockaddr *)&sa, &len), ==, 0);
	close(fd);
	return ntohs(sa.sin_port);
}

static void test_unreachable(void)
{
	/* Needs no sink: nothing listens on the port. */
	struct mailer *ml = smtp_mailer(free_port());
	GString *err = g_string_new(NULL);
	struct mail_message m = {.to = "elodie@example.org", .subject = "Hello", .text = "Hi\n"};
	g_assert_cmpint(mailer_send(ml, &m, NOW, err), ==, ST_IO);
	g_test_message("unreachable: %s", err->str);
	g_assert_nonnull(strstr(err->str, "smtp:"));
	g_string_free(err, TRUE);
	mailer_free(ml);
}

static void test_credentials_not_logged(void)
{
	struct config cfg;
	config_defaults(&cfg, "/nonexistent");
	g_free(cfg.mail_driver);
	cfg.mail_driver = g_strdup("smtp");
	g_free(cfg.smtp_url);
	cfg.smtp_url = g_strdup_printf("smtp://user:s3cret@127.0.0.1:%d", free_port());
	GString *err = g_string_new(NULL);
	struct mailer *ml = mailer_new(&cfg, err);
	g_assert_nonnull(ml);
	struct mail_message m = {.to = "elodie@example.org", .subject = "Hello", .text = "Hi\n"};
	g_assert_cmpint(mailer_send(ml, &m, NOW, err), ==, ST_IO);
	g_assert_null(strstr(err->str, "s3cret"));
	g_assert_nonnull(strstr(err->str, "smtp://127.0.0.1:"));
	mailer_free(ml);
	config_clear(&cfg);
	g_string_free(err, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	/* A write to the sink after it died must fail, not kill the test. */
	signal(SIGPIPE, SIG_IGN);
	sink_start();
	g_test_add_func("/mail/smtp/deliver", test_deliver);
	g_test_add_func("/mail/smtp/refused-recipient", test_refused_recipient);
	g_test_add_func("/mail/smtp/unreachable", test_unreachable);
	g_test_add_func("/mail/smtp/credentials-not-logged", test_credentials_not_logged);
	int rc = g_test_run();
	sink_stop();
	return rc;
}
