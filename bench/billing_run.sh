#!/usr/bin/env bash
# The billing run benchmark (issue 4, make bench (a)): N monthly Premium
# Solo subscriptions due at the same instant, on SQLite, renewed by
# `campus billing run` through the built-in simulator (stored methods,
# ContAuth charges), with an invoice, a payment, a ledger entry and an
# audit record each. Prints seconds and renewals per second, then checks
# one invoice per subscription and contiguous numbers.
#
#   bench/billing_run.sh [N]   (default 10000; the issue's figure is 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
BIN=${CAMPUS_BIN:-build/campus}
D=$(mktemp -d /tmp/campus-bench-billing-XXXXXX)
trap 'rm -rf "$D"' EXIT
# PG_URL=postgresql://.../postgres: the same on a fresh PostgreSQL database,
# and RACERS=k runs k `campus billing run` processes at once on it (the
# concurrency test: rows are locked FOR UPDATE, charges idempotent).
DBARGS=()
if [ -n "${PG_URL:-}" ]; then
  PGDB="bench_billing_$$"
  psql "$PG_URL" -qc "CREATE DATABASE $PGDB" >/dev/null
  DBURL="${PG_URL%/*}/$PGDB"
  DBARGS=(--db "$DBURL")
  trap 'rm -rf "$D"; psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $PGDB" >/dev/null' EXIT
  sql() { psql "$DBURL" -qtA -F ' ' -v ON_ERROR_STOP=1 "$@"; }
else
  sql() { if [ $# -gt 0 ]; then sqlite3 -separator ' ' "$DB" "${@: -1}"; else sqlite3 "$DB"; fi; }
fi
"$BIN" init --data "$D/data" "${DBARGS[@]}" >/dev/null
DB="$D/data/campus.db"
T0=$(date -u -d 2026-10-26T10:00:00Z +%s)   # started (anchor day 26)
T1=$(date -u -d 2026-11-26T10:00:00Z +%s)   # due: the end of period 0
sql <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO users (email, name, lang, country, roles, created_at, verified_at)
  SELECT 'bench' || i || '@example.test', 'Bench ' || i, 'en', 'FR', 1, $T0, $T0 FROM n;
INSERT INTO billing_orders (public_id, user_id, offer_id, currency, country, vat_rate_bp, price, amount_now,
  review_json, state, expires_at, created_at, confirmed_at)
  SELECT 'ord_bench_' || u.id, u.id, o.id, 'EUR', 'FR', 2000, 1900, 1900, '{}', 'paid', $T0, $T0, $T0
  FROM users u, billing_offers o WHERE o.code = 'monthly' AND u.email LIKE 'bench%';
INSERT INTO billing_subscriptions (user_id, order_id, offer_id, months, currency, country, vat_rate_bp, price,
  state, anchor_day, started_at, period, period_start, period_end, ordered_at, stored_method_id, method,
  method_summary, next_due_at, created_at, updated_at)
  SELECT o.user_id, o.id, o.offer_id, 1, 'EUR', 'FR', 2000, 1900, 'active', 26, $T0, 0, $T0, $T1, $T0,
    'BENCH' || o.user_id, 'card', 'Visa 1111', $T1, $T0, $T0 FROM billing_orders o WHERE o.public_id LIKE 'ord_bench_%';
INSERT INTO sim_stored_methods (id, shopper_reference, method, card_summary, created_at)
  SELECT 'BENCH' || id, 'user-' || id, 'card', 'Visa 1111', $T0 FROM users WHERE email LIKE 'bench%';
COMMIT;
SQL
NOW=$(date -u -d @$((T1 + 3600)) +%Y-%m-%dT%H:%M:%SZ)
# KILLS=k: the crash test. The run is killed with SIGKILL k times at random
# points and restarted; the checks below must hold all the same.
for _ in $(seq 1 "${KILLS:-0}"); do
  "$BIN" billing run --data "$D/data" "${DBARGS[@]}" --now "$NOW" </dev/null >/dev/null 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 9 + 1))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
start=$(date +%s.%N)
for _ in $(seq 2 "${RACERS:-1}"); do
  "$BIN" billing run --data "$D/data" "${DBARGS[@]}" --now "$NOW" </dev/null >/dev/null &
done
${BENCH_WRAP:-} "$BIN" billing run --data "$D/data" "${DBARGS[@]}" --now "$NOW" </dev/null
wait
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
printf 'billing run: %d renewals in %.2f s: %.0f renewals/s\n' "$N" "$secs" "$(echo "$N / $secs" | bc -l)"
read -r inv first last subs paid <<<"$(sql -c "SELECT COUNT(*), MIN(CAST(substr(number, 6) AS INTEGER)), MAX(CAST(substr(number, 6) AS INTEGER)), COUNT(DISTINCT subscription_id), (SELECT COUNT(*) FROM billing_payments WHERE state = 'AUTHORISED') FROM billing_invoices")"
echo "invoices $inv (numbers $first..$last) for $subs subscriptions; $paid payments authorised"
# No double charge: the simulator saw one renewal payment per subscription.
charges=$(sql -c "SELECT COUNT(*) FROM sim_payments WHERE reference LIKE 'ren-%' AND result_code = 'Authorised'")
echo "simulator: $charges renewal charges authorised"
[ -n "${BENCH_DEBUG:-}" ] && sql -c "SELECT state, reason, psp_reference = '' AS nopsp, COUNT(*) FROM billing_payments GROUP BY 1, 2, 3"
[ "$charges" -eq "$N" ] && [ "$inv" -eq "$N" ] && [ "$subs" -eq "$N" ] && [ $((last - first + 1)) -eq "$N" ] && [ "$paid" -eq "$N" ] || { echo "FAIL: invoices, numbers or payments do not match"; exit 1; }
