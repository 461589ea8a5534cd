/* campus serve: the web site, the API and the scheduler in one process,
 * until SIGTERM or SIGINT (in-flight requests finish first). */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "billing/billing.h"
#include "base/pdf_text.h"
#include "cli/cli.h"
#include "payments/payments.h"
#include "web/app.h"

#include "base/banned.h"

int serve_cmd(int argc, char **argv)
{
	char *listen = NULL, *clock_kind = NULL;
	gboolean quiet = FALSE, secure_cookies = FALSE;
	GOptionEntry entries[] = {
		{"listen", 0, 0, G_OPTION_ARG_STRING, &listen,
		 "Address to listen on (default from campus.ini: 127.0.0.1:8080; port 0 picks a free one)",
		 "HOST:PORT"},
		{"clock", 0, 0, G_OPTION_ARG_STRING, &clock_kind,
		 "real (default) or manual: time moves only through POST /api/v1/test-clock", "KIND"},
		{"quiet", 0, 0, G_OPTION_ARG_NONE, &quiet, "No access log", NULL},
		{"secure-cookies", 0, 0, G_OPTION_ARG_NONE, &secure_cookies,
		 "Mark cookies Secure (behind a TLS proxy)", NULL},
		G_OPTION_ENTRY_NULL,
	};
	cli_parse(&argc, &argv, "", "Serves campus over HTTP with its background jobs.", entries);
	struct config cfg;
	cli_load_config(&cfg);
	bool base_url_configured = strcmp(cfg.base_url, "http://127.0.0.1:8080") != 0;
	if (secure_cookies)
		cfg.secure_cookies = true;
	if (listen) {
		g_free(cfg.listen);
		cfg.listen = listen;
	}
	if (clock_kind && strcmp(clock_kind, "manual") && strcmp(clock_kind, "real"))
		cli_die("--clock takes real or manual");
	cli_load_translations();

	if (cfg.threads == 0) {
		/* One worker per CPU this process may use: more only adds
		 * context switches (taskset and cgroup limits included). */
		cpu_set_t set;
		cfg.threads = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 2;
		cfg.threads = CLAMP(cfg.threads, 1, 64);
	}
	struct app app = {.cfg = &cfg, .routes = app_routes, .nroutes = app_routes_len};
	if (!cli_read_secret(cli_data_dir, app.secret, sizeof(app.secret)))
		cli_die("%s/secret.key is missing or damaged: run campus init --data %s", cli_data_dir,
			cli_data_dir);
	db_close(cli_open_db(&cfg)); /* migrate once, before the pool opens */
	GString *err = g_string_new(NULL);
	app.pool = db_pool_new(cfg.db_url, cfg.threads + 2, err);
	if (!app.pool)
		cli_die("cannot open the database: %s", err->str);
	bool manual = clock_kind && !strcmp(clock_kind, "manual");
	app.clock = manual ? clock_manual_new((int64_t)g_get_real_time() / G_USEC_PER_SEC) : clock_real();
	app.mailer = mailer_new(&cfg, err);
	if (!app.mailer)
		cli_die("mail: %s", err->str);
	app.provider = payment_provider_new(&cfg, app.clock, err);
	if (!app.provider)
		cli_die("payments: %s", err->str);
	app.sched = scheduler_new(app.pool, &cfg, app.clock, app.mailer, true);
	scheduler_set_provider(app.sched, app.provider);
	/* Notifications and the reconciler change billing. */
	payments_set_billing(&(struct payments_billing){billing_apply_event, billing_payment_outcome,
							billing_payments_unresolved});

	/* Block the stop signals in every thread; the main thread waits for
	 * them with sigwait. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	char *colon = strrchr(cfg.listen, ':');
	char *host = g_strndup(cfg.listen, (gsize)(colon - cfg.listen));
	if (host[0] == '[') { /* [::1]:8080 */
		char *inner = g_strndup(host + 1, strlen(host) - 2);
		g_free(host);
		host = inner;
	}
	struct http_options o = {
		.host = host,
		.port = atoi(colon + 1),
		.threads = cfg.threads,
		.max_connections = cfg.max_connections,
		.per_ip_connections = cfg.per_ip_connections,
		.connection_timeout = cfg.connection_timeout,
		.max_body = (size_t)cfg.max_body_kib * 1024,
		.body_limit = app_body_limit,
		.access_log = !quiet,
		.dispatch = app_dispatch,
		.app = &app,
	};
	struct http_server *srv = http_server_start(&o, err);
	if (!srv)
		cli_die("%s", err->str);
	char *url = g_strdup_printf("http://%s%s%s:%d", strchr(host, ':') ? "[" : "", host,
				    strchr(host, ':') ? "]" : "", http_server_port(srv));
	/* Links in emails point where this server listens unless campus.ini
	 * names a public URL (behind a proxy). No request can arrive before
	 * the port is printed, so setting it here races with nothing. */
	if (!base_url_configured) {
		g_free(cfg.base_url);
		cfg.base_url = g_strdup(url);
	}
	printf("campus: listening on %s\n", url);
	g_free(url);
	printf("campus: database %s, mail %s, clock %s\n",
	       g_str_has_prefix(cfg.db_url, "sqlite:") ? "sqlite" : "postgresql", cfg.mail_driver,
	       manual ? "manual" : "real");
	fflush(stdout);
	int sig = 0;
	sigwait(&stop, &sig);
	printf("campus: stopping (%s)\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	fflush(stdout);
	http_server_stop(srv, 10);
	scheduler_free(app.sched);
	/* The font caches the invoice and certificate PDFs filled, once no
	 * thread renders any more (leak-checked runs of the HTTP suite). */
	pdf_text_release_fonts();
	app.provider->free(app.provider);
	mailer_free(app.mailer);
	db_pool_free(app.pool);
	if (manual)
		clock_free(app.clock);
	i18n_unload();
	g_free(host);
	g_free(clock_kind);
	g_string_free(err, TRUE);
	config_clear(&cfg);
	return 0;
}
