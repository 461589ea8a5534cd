/* libzip, loaded at the first course archive (base/lazy_lib.h): only an
 * administrator's zip upload needs it, and it brings OpenSSL's libcrypto
 * along (1.4 MiB of an idle `serve`'s resident memory).
 * Use: `const struct zip_api *z = zip_api(err); z->zip_fread(...)`. */
#pragma once

#include <glib.h>
#include <zip.h>

/* Every libzip function campus calls. */
#define ZIP_API(X)                                                                                           \
	X(zip_error_init)                                                                                    \
	X(zip_error_fini)                                                                                    \
	X(zip_error_strerror)                                                                                \
	X(zip_source_buffer_create)                                                                          \
	X(zip_source_free)                                                                                   \
	X(zip_open_from_source)                                                                              \
	X(zip_get_num_entries)                                                                               \
	X(zip_stat_index)                                                                                    \
	X(zip_file_get_external_attributes)                                                                  \
	X(zip_get_name)                                                                                      \
	X(zip_fopen_index)                                                                                   \
	X(zip_fread)                                                                                         \
	X(zip_fclose)                                                                                        \
	X(zip_discard)

struct zip_api {
#define ZIP_API_FIELD(f) __typeof__(f) *f;
	ZIP_API(ZIP_API_FIELD)
#undef ZIP_API_FIELD
};

/* The table, loaded at the first call; NULL with err set (when not NULL)
 * if libzip cannot be loaded. Thread-safe; the table lives as long as the
 * process. */
const struct zip_api *zip_api(GString *err);
