#!/usr/bin/env bash
# The French catalogue is complete: every translatable string of the current
# sources (T(r, "..."), i18n_get(lang, "..."), N_("...")) has a translation
# in po/fr.po that is neither missing, empty nor fuzzy, and msgfmt --check
# accepts the file. A new English string without its French breaks the test;
# the fix is `scripts/update-po`, then translating the new msgstr "".
#
# Usage: tests/unit/test_catalogue.sh REPO_ROOT
# Exit 0 pass, 1 fail, 77 skip (gettext tools missing).
set -uo pipefail

root=${1:?usage: test_catalogue.sh REPO_ROOT}
cd "$root" || { echo "test_catalogue: no directory $root" >&2; exit 1; }
po=po/fr.po

for tool in xgettext msgcmp msgfmt msgattrib; do
  if ! command -v "$tool" >/dev/null; then
    echo "test_catalogue: SKIP, $tool not found (apt-get install gettext)"
    exit 77
  fi
done
[ -f "$po" ] || { echo "test_catalogue: FAIL, $po is missing"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failures=0
fail() {
  echo "test_catalogue: FAIL, $1"
  [ -s "$tmp/detail" ] && sed 's/^/  /' "$tmp/detail"
  : >"$tmp/detail"
  failures=$((failures + 1))
}
: >"$tmp/detail"

# 1. The source files, found the way scripts/update-po finds them, and
#    po/POTFILES lists them all.
grep -rlE --include='*.c' '(^|[^A-Za-z0-9_])(T|i18n_get|N_)\(' src | LC_ALL=C sort >"$tmp/files"
if [ -f po/POTFILES ]; then
  LC_ALL=C comm -23 "$tmp/files" <(LC_ALL=C sort -u po/POTFILES) >"$tmp/detail"
  [ -s "$tmp/detail" ] && fail "po/POTFILES does not list these files (run scripts/update-po):"
else
  fail "po/POTFILES is missing (run scripts/update-po)"
fi

# 2. The template of the current sources, in the temporary directory.
if ! xgettext --files-from="$tmp/files" --output="$tmp/campus.pot" \
  --keyword=T:2 --keyword=i18n_get:2 --keyword=N_ \
  --from-code=UTF-8 --language=C --add-comments=TRANSLATORS \
  --add-location=file --package-name=campus 2>"$tmp/detail"; then
  fail "xgettext could not read the sources:"
  exit 1
fi
total=$(grep -c '^msgid ' "$tmp/campus.pot")
total=$((total - 1)) # the header entry

# 3. Every msgid of the template has a translation in fr.po (msgcmp counts
#    empty and fuzzy entries as missing).
# (The entries that msgattrib keeps, less the header.)
entries() { awk 'BEGIN { RS = ""; ORS = "\n\n" } !/Content-Type: text\/plain/'; }
if ! msgcmp --no-fuzzy-matching "$po" "$tmp/campus.pot" >/dev/null 2>&1; then
  # Which ones: merge into a scratch copy and list what is left to do.
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$po" "$tmp/campus.pot" 2>"$tmp/detail"
  { msgattrib --untranslated --no-obsolete "$tmp/merged.po"; msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po"; } 2>&1 |
    entries >>"$tmp/detail"
  fail "po/fr.po lacks translations of the current sources (run scripts/update-po, then translate):"
fi

# 4. No untranslated or fuzzy entry, obsolete ones aside.
msgattrib --untranslated --no-obsolete "$po" 2>&1 | entries >"$tmp/detail"
[ -s "$tmp/detail" ] && fail "po/fr.po has untranslated messages:"
msgattrib --only-fuzzy --no-obsolete "$po" 2>&1 | entries >"$tmp/detail"
[ -s "$tmp/detail" ] && fail "po/fr.po has fuzzy messages:"

# 5. msgfmt accepts it without a warning (placeholders, header), as the
#    build does with --check.
if ! msgfmt --check --statistics -o "$tmp/fr.mo" "$po" >"$tmp/stats" 2>&1; then
  cp "$tmp/stats" "$tmp/detail"
  fail "msgfmt --check rejects po/fr.po:"
elif grep -qiE 'warning|fuzzy|untranslated' "$tmp/stats"; then
  cp "$tmp/stats" "$tmp/detail"
  fail "msgfmt --check warns about po/fr.po:"
fi

# 6. French typography: a no-break space (U+00A0), not a plain one, before
#    ? ! : ; and inside « »; the straight apostrophe throughout.
msgattrib --no-obsolete --no-wrap "$po" | grep -E '^msgstr' >"$tmp/msgstr"
grep -E ' [?!:;]|« | »' "$tmp/msgstr" >"$tmp/detail"
[ -s "$tmp/detail" ] && fail "plain space before ? ! : ; or inside « » (use U+00A0):"
grep $'\xe2\x80\x99' "$tmp/msgstr" >"$tmp/detail"
[ -s "$tmp/detail" ] && fail "curly apostrophe (use the straight ' throughout):"

if [ "$failures" -gt 0 ]; then
  echo "test_catalogue: $total messages in the sources, $failures checks failed"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "test_catalogue: $total messages in the sources, all translated in $po"
echo "1 passed, 0 failed"
exit 0
