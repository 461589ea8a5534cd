# Shared by the crash and concurrency tests: a fresh campus data directory
# on SQLite or on a new database of the PostgreSQL cluster
# CAMPUS_TEST_PG_URL, seeded with N due renewals (bench/billing_seed.sh).
# Sourced; sets DATA, DB_URL, DB_ARGS (for campus commands) and cleans up
# on exit.
BIN=${CAMPUS_BIN:-build/campus}
NOW=2026-06-01T00:00:00Z # after the seeded renewals' due instant
DATA=$(mktemp -d "${TMPDIR:-/tmp}/campus-crash.XXXXXX")
PG_DB=""
PIDS=()
DB_ARGS=()

crash_cleanup() {
	for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
	if [ -n "$PG_DB" ]; then
		psql "$CAMPUS_TEST_PG_URL" -X -q -c "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
	fi
	rm -rf "$DATA"
}
trap crash_cleanup EXIT

# setup sqlite|pg N
setup() {
	local kind=$1 n=$2
	if [ "$kind" = pg ]; then
		[ -n "${CAMPUS_TEST_PG_URL:-}" ] || { echo "crash: CAMPUS_TEST_PG_URL is not set" >&2; exit 2; }
		PG_DB="campus_crash_$$_$RANDOM"
		psql "$CAMPUS_TEST_PG_URL" -X -q -c "CREATE DATABASE \"$PG_DB\"" >/dev/null
		DB_URL=$(node -e 'const u=new URL(process.argv[1]);u.pathname="/"+process.argv[2];console.log(u.toString())' \
			"$CAMPUS_TEST_PG_URL" "$PG_DB")
		DB_ARGS=(--db "$DB_URL")
		"$BIN" init --data "$DATA" "${DB_ARGS[@]}" >/dev/null
	else
		"$BIN" init --data "$DATA" >/dev/null
		DB_URL="sqlite:$DATA/campus.db"
	fi
	bench/billing_seed.sh "$DB_URL" "$n" >/dev/null
}

invoices() {
	local q="SELECT COUNT(*) FROM billing_invoices WHERE series = '2026'"
	case "$DB_URL" in
	sqlite:*) sqlite3 "${DB_URL#sqlite:}" "$q" ;;
	*) psql "$DB_URL" -X -q -At -c "$q" ;;
	esac
}
