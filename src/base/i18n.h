/* Translations: GNU gettext catalogues (po/fr.po, compiled to .mo by msgfmt
 * at build time and embedded in the binary) looked up per call with an
 * explicit language, so that two requests in two languages can run on two
 * threads at once (gettext's process-wide locale cannot do that).
 * Load all catalogues at start-up; lookups are then read-only and
 * thread-safe. */
#ifndef CAMPUS_I18N_H
#define CAMPUS_I18N_H

#include <stdbool.h>
#include <stddef.h>

/* Parses a .mo file image for lang ("fr"); the bytes are copied. false if
 * the image is not a valid .mo file. */
bool i18n_load_mo(const char *lang, const void *data, size_t len);
/* The same for an image that lives as long as the process (the catalogue
 * embedded in the binary): its strings are used in place where the image
 * ends them with NUL, as msgfmt writes them (idle RSS: about 90 KiB of
 * copies otherwise). */
bool i18n_load_mo_static(const char *lang, const void *data, size_t len);
/* The translation of msgid in lang, or msgid itself when there is none. The
 * result lives as long as the process. */
const char *i18n_get(const char *lang, const char *msgid) __attribute__((format_arg(2)));
/* "fr" or "en" from an Accept-Language header (q-values honoured), or
 * fallback when neither is acceptable. */
const char *i18n_negotiate(const char *accept_language, const char *fallback);
/* true for the languages campus speaks ("en", "fr"). */
bool i18n_supported(const char *lang);
/* Frees every catalogue (for leak-checked tests). */
void i18n_unload(void);

/* Marks a string for extraction by xgettext without translating it here. */
#define N_(s) (s)

#endif
