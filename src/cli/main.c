/* campus — one binary for the web site, the API, the jobs and operators. */
#include <stdio.h>
#include <string.h>

#include "base/secrets.h"
#include "cli/cli.h"

#include "base/banned.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
	{"init", init_cmd, "Create a data directory (config, secret, database; --demo adds demo accounts)"},
	{"serve", serve_cmd, "Serve the web site, the API and the background jobs"},
	{"migrate", migrate_cmd, "Bring the database schema up to date"},
	{"user", user_cmd, "Manage accounts (user add)"},
	{"token", token_cmd, "Create personal API tokens (token create)"},
	{"terms", terms_cmd, "Publish and list versions of the terms of service"},
	{"billing", billing_cmd, "Run the billing jobs that are due (billing run [--now TIME])"},
	{"payment", payment_cmd, "Call the payment provider once (pay, refund, lookup)"},
	{"finance", finance_cmd, "Export a year of invoices as CSV or FEC (finance export --year YYYY)"},
	{"course", course_cmd,
	 "Import course folders and list the courses (course import DIR..., course list)"},
	{"premium", premium_cmd, "Grant or revoke Premium access by hand (premium grant EMAIL --reason R)"},
	{"certificate", certificate_cmd,
	 "Revoke a certificate of achievement (certificate revoke CODE --reason R)"},
	{"version", version_cmd, "Print the version"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: campus COMMAND [OPTIONS]\n\nCommands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n'campus COMMAND --help' describes each command.\n");
}

int main(int argc, char **argv)
{
	if (!secrets_init()) {
		fputs("campus: libsodium could not start\n", stderr);
		return 1;
	}
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "--version"))
		return version_cmd(argc - 1, argv + 1);
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "campus: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}

int version_cmd(int argc, char **argv)
{
	cli_parse(&argc, &argv, "", "Prints the version of campus.", NULL);
	printf("campus %s\n", CAMPUS_VERSION);
	return 0;
}
