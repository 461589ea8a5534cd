/* The spool driver: one .eml file per message under DATA/mail/, written
 * so that a reader sees either nothing or the whole message. */
#include "mail/mail_int.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/banned.h"

enum { NAME_RANDOM_BYTES = 8 };

static bool write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/* Makes the rename durable: without it a crash may forget the new name. */
static bool sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	close(fd);
	return ok;
}

enum status mail_spool_write(const char *spool_dir, const char *msg, size_t len, int64_t now, GString *err)
{
	enum status st = ST_IO;
	int fd = -1;
	GString *rnd = g_string_new(NULL);
	char *tmp = NULL, *final = NULL;

	if (g_mkdir_with_parents(spool_dir, 0700) != 0) {
		g_string_printf(err, "mail spool: cannot create %s: %s", spool_dir, g_strerror(errno));
		goto cleanup;
	}
	mail_random_hex(rnd, NAME_RANDOM_BYTES);
	/* The temporary name starts with a dot and does not end in .eml, so
	 * that readers listing *.eml never pick up a partial file. */
	tmp = g_strdup_printf("%s/.%lld-%s.tmp", spool_dir, (long long)now, rnd->str);
	final = g_strdup_printf("%s/%lld-%s.eml", spool_dir, (long long)now, rnd->str);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		g_string_printf(err, "mail spool: cannot create %s: %s", tmp, g_strerror(errno));
		g_clear_pointer(&tmp, g_free);
		goto cleanup;
	}
	if (!write_all(fd, msg, len) || fsync(fd) != 0) {
		g_string_printf(err, "mail spool: cannot write %s: %s", tmp, g_strerror(errno));
		goto cleanup;
	}
	int rc = close(fd);
	fd = -1;
	if (rc != 0) {
		g_string_printf(err, "mail spool: cannot write %s: %s", tmp, g_strerror(errno));
		goto cleanup;
	}
	if (rename(tmp, final) != 0) {
		g_string_printf(err, "mail spool: cannot rename to %s: %s", final, g_strerror(errno));
		goto cleanup;
	}
	g_clear_pointer(&tmp, g_free); /* renamed: nothing left to remove */
	if (!sync_dir(spool_dir)) {
		g_string_printf(err, "mail spool: cannot sync %s: %s", spool_dir, g_strerror(errno));
		goto cleanup;
	}
	st = ST_OK;
cleanup:
	if (fd >= 0)
		close(fd);
	if (tmp)
		g_unlink(tmp);
	g_free(tmp);
	g_free(final);
	g_string_free(rnd, TRUE);
	return st;
}
