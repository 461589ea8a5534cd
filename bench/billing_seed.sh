#!/usr/bin/env bash
# Creates N Premium Solo subscribers whose monthly renewal is due at one
# instant, for the billing bench (bench/billing_run.sh) and the crash and
# concurrency tests (tests/crash/). Each subscriber has:
#   - a user (bench<i>@bench.invalid, language en or fr, country FR),
#   - a paid order and an active monthly subscription (offer "monthly",
#     19.00 EUR tax included, VAT 20%) started 2026-05-01 00:00 Europe/Paris,
#     first period paid, period 1 due 2026-06-01 00:00 Europe/Paris
#     (2026-05-31T22:00:00Z): `campus billing run --now 2026-06-01T00:00:00Z`
#     renews all of them,
#   - a card stored at the payment simulator (sim_stored_methods, "Visa
#     ending 1111", never declined) that the renewal charges (ContAuth).
# The database must have been created by `campus init` (offers seeded) with
# the platform zone Europe/Paris (the default).
#
# Usage: bench/billing_seed.sh DB_URL N
#   DB_URL  sqlite:PATH or postgresql://...
# Rows are made by set-based INSERT ... SELECT over a sequence (one
# transaction; SQLite with synchronous=OFF for the load only): 1,000,000
# subscribers take about 20 s on SQLite here. Running it twice adds N more
# subscribers after the existing users.
set -euo pipefail

if [ $# -ne 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]] || [ "$2" -lt 1 ]; then
	echo "usage: bench/billing_seed.sh DB_URL N   (DB_URL: sqlite:PATH or postgresql://...)" >&2
	exit 2
fi
URL=$1
N=$2

START=1777586400 # 2026-05-01T00:00:00+02:00: the subscriptions' start (anchor day 1)
DUE=1780264800   # 2026-06-01T00:00:00+02:00: the end of period 0, when the renewal is due

# The rows, in SQL common to both dialects; seq(i) holds 1..N and base the
# last id used (the ids of users, orders and subscriptions are
# base+i so that they line up).
rows_sql() {
	local over=$1 # "OVERRIDING SYSTEM VALUE" on PostgreSQL (identity columns)
	cat <<EOF
INSERT INTO users (id, email, name, lang, country, birth_date, roles, created_at, verified_at) $over
  SELECT b.base + i, 'bench' || (b.base + i) || '@bench.invalid', 'Bench Subscriber ' || (b.base + i),
         CASE WHEN i % 2 = 0 THEN 'fr' ELSE 'en' END, 'FR', '1990-01-01', 1, $START - 86400, $START - 86400
  FROM seq, base b;
INSERT INTO sim_stored_methods (id, shopper_reference, method, card_summary, declines, created_at)
  SELECT 'pm-bench-' || (b.base + i), 'user-' || (b.base + i), 'card', 'Visa •••• 1111', 0, $START
  FROM seq, base b;
INSERT INTO billing_orders (id, public_id, user_id, offer_id, currency, country, vat_rate_bp, price, amount_now,
                            review_json, state, expires_at, created_at, confirmed_at, subscription_id) $over
  SELECT b.base + i, 'bench-order-' || (b.base + i), b.base + i, o.id, 'EUR', 'FR', 2000, 1900, 1900,
         '{}', 'paid', $START + 86400, $START, $START, b.base + i
  FROM seq, base b, billing_offers o WHERE o.code = 'monthly';
INSERT INTO billing_subscriptions (id, user_id, order_id, offer_id, months, currency, country, vat_rate_bp, price,
                                   state, anchor_day, started_at, period, period_start, period_end, ordered_at,
                                   first_premium_use_at, stored_method_id, method, method_summary,
                                   next_due_at, created_at, updated_at) $over
  SELECT b.base + i, b.base + i, b.base + i, o.id, 1, 'EUR', 'FR', 2000, 1900,
         'active', 1, $START, 0, $START, $DUE, $START,
         $START, 'pm-bench-' || (b.base + i), 'card', 'Visa •••• 1111',
         $DUE, $START, $START
  FROM seq, base b, billing_offers o WHERE o.code = 'monthly';
EOF
}

t0=$(date +%s.%N)
case "$URL" in
sqlite:*)
	DBF=${URL#sqlite:}
	[ -f "$DBF" ] || { echo "billing_seed: $DBF does not exist (campus init first)" >&2; exit 2; }
	{
		echo "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;"
		echo "PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;"
		echo "BEGIN;"
		echo "CREATE TEMP TABLE seq (i INTEGER PRIMARY KEY);"
		echo "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $N) INSERT INTO seq SELECT i FROM s;"
		echo "CREATE TEMP TABLE base AS SELECT COALESCE(MAX(m), 0) AS base FROM (SELECT MAX(id) AS m FROM users UNION ALL SELECT MAX(id) FROM billing_orders UNION ALL SELECT MAX(id) FROM billing_subscriptions) x;"
		rows_sql ""
		echo "COMMIT;"
		echo "PRAGMA foreign_key_check;"
	} | sqlite3 -bail "$DBF" >/dev/null
	;;
postgres://* | postgresql://*)
	{
		echo "\\set ON_ERROR_STOP 1"
		echo "BEGIN;"
		echo "CREATE TEMP TABLE seq AS SELECT generate_series(1, $N)::bigint AS i;"
		echo "CREATE TEMP TABLE base AS SELECT COALESCE(MAX(m), 0) AS base FROM (SELECT MAX(id) AS m FROM users UNION ALL SELECT MAX(id) FROM billing_orders UNION ALL SELECT MAX(id) FROM billing_subscriptions) x;"
		rows_sql "OVERRIDING SYSTEM VALUE"
		for t in users billing_orders billing_subscriptions; do
			echo "SELECT setval(pg_get_serial_sequence('$t', 'id'), (SELECT MAX(id) FROM $t));"
		done
		echo "COMMIT;"
		echo "ANALYZE;"
	} | psql "$URL" -q -X -v ON_ERROR_STOP=1 >/dev/null
	;;
*)
	echo "billing_seed: DB_URL must be sqlite:PATH or postgresql://..." >&2
	exit 2
	;;
esac
t1=$(date +%s.%N)
awk -v n="$N" -v a="$t0" -v b="$t1" 'BEGIN { printf "billing_seed: %d subscribers due 2026-06-01T00:00:00+02:00 in %.1f s\n", n, b - a }'
