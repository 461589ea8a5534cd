/* campus course import DIR... | campus course list */
#include <stdio.h>
#include <string.h>

#include "catalog/courses.h"
#include "cli/cli.h"

#include "base/banned.h"

/* Imports one folder and prints what happened; false when it failed. */
bool cli_import_course(struct cli_env *e, const char *dir, int index, int count)
{
	struct course_import_report rep = {.problems = g_ptr_array_new()};
	g_string_truncate(e->err, 0);
	printf("[%d/%d] %s ... ", index, count, dir);
	fflush(stdout);
	enum status st = course_import_dir(&e->ctx, dir, &rep, e->err);
	if (st == ST_OK && rep.unchanged) {
		printf("unchanged %s\n", rep.course->slug);
	} else if (st == ST_OK) {
		printf("%s %s: %d chapter%s, %d exercise%s, %d video%s, %d media file%s",
		       rep.created ? "created" : "updated", rep.course->slug, rep.chapters,
		       rep.chapters == 1 ? "" : "s", rep.exercises, rep.exercises == 1 ? "" : "s", rep.videos,
		       rep.videos == 1 ? "" : "s", rep.media_files, rep.media_files == 1 ? "" : "s");
		if (rep.removed)
			printf(", %d removed", rep.removed);
		if (rep.watchers_told)
			printf(", %d watcher%s told of the new date", rep.watchers_told,
			       rep.watchers_told == 1 ? "" : "s");
		printf("\n");
	} else {
		printf("failed\n");
		for (guint i = 0; i < rep.problems->len; i++)
			fprintf(stderr, "%s/%s\n", dir, (const char *)rep.problems->pdata[i]);
		if (!rep.problems->len || st != ST_INVALID)
			fprintf(stderr, "%s: %s\n", dir, e->err->str);
	}
	g_ptr_array_free(rep.problems, TRUE);
	return st == ST_OK;
}

static int course_import(struct cli_env *e, int argc, char **argv)
{
	int ok = 0;
	for (int i = 0; i < argc; i++)
		ok += cli_import_course(e, argv[i], i + 1, argc);
	printf("campus: %d of %d course%s imported\n", ok, argc, argc == 1 ? "" : "s");
	return ok == argc ? 0 : 1;
}

static int course_list(struct cli_env *e)
{
	struct course **list = NULL;
	int n = 0;
	if (store_course_list(e->db, e->a, &list, &n, e->err) != ST_OK)
		cli_die("%s", e->err->str);
	for (int i = 0; i < n; i++) {
		struct course *c = list[i];
		printf("%-32s %-2s %-12s %-16s %5d min  %s", c->slug, c->lang, c->level, c->category,
		       c->duration_minutes, c->title);
		if (*c->opens_on)
			printf("  (opens %s)", c->opens_on);
		printf("\n");
	}
	printf("campus: %d course%s\n", n, n == 1 ? "" : "s");
	return 0;
}

int course_cmd(int argc, char **argv)
{
	cli_parse(
		&argc, &argv, "import COURSE_DIR... | list",
		"Imports course folders (docs/course-format.md) or lists the courses. An import validates "
		"everything and lists every problem with its file and line; importing a course again updates "
		"it and keeps learners' progress.",
		NULL);
	bool import = argc >= 3 && !strcmp(argv[1], "import");
	bool list = argc == 2 && !strcmp(argv[1], "list");
	if (!import && !list)
		cli_die("usage: campus course import [--data DIR] COURSE_DIR... | campus course list");
	cli_load_translations(); /* CRS-4 emails of a new date, in each watcher's language */
	struct cli_env e;
	cli_env_open(&e);
	int rc = import ? course_import(&e, argc - 2, argv + 2) : course_list(&e);
	cli_env_close(&e);
	return rc;
}
