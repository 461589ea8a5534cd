#!/usr/bin/env bash
# A failing item in a batch of the billing run (billspeed2): the batch's
# transaction first runs without savepoints and, when an item fails, is
# rolled back and done again with a savepoint per item. Two failures are
# injected by triggers: the invoice of subscription X (first batch) cannot
# be inserted (its renewal step fails), and the payment of subscription Y
# (second batch) cannot be set AUTHORISED (its answer cannot be recorded).
# After that run: exactly 2 errors, every other renewal done, the invoice
# numbers 1..N-1 without gap, X not charged, Y charged once and still
# PENDING. Without the triggers a second run finishes both (Y asked again
# with the same idempotency key: still one charge) and
# tests/crash/billing_check.sh holds for all N.
#   tests/crash/billing_item_error.sh [sqlite|pg] [N]
# Environment: CAMPUS_BIN (default build/campus), CAMPUS_TEST_PG_URL for pg.
set -euo pipefail
cd "$(dirname "$0")/../.."
KIND=${1:-sqlite}
N=${2:-500}
. tests/crash/lib.sh
setup "$KIND" "$N"

sql() {
	case "$DB_URL" in
	sqlite:*) sqlite3 "${DB_URL#sqlite:}" "$1" ;;
	*) psql "$DB_URL" -X -q -At -v ON_ERROR_STOP=1 -c "$1" ;;
	esac
}
fail() {
	echo "item_error: $*" >&2
	exit 1
}

FIRST=$(sql "SELECT MIN(id) FROM billing_subscriptions")
X=$((FIRST + 5))
Y=$((FIRST + 250))
if [ "$KIND" = pg ]; then
	sql "CREATE FUNCTION injected() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RAISE EXCEPTION 'injected'; END \$\$"
	sql "CREATE TRIGGER inj_invoice BEFORE INSERT ON billing_invoices FOR EACH ROW WHEN (NEW.subscription_id = $X) EXECUTE FUNCTION injected()"
	sql "CREATE TRIGGER inj_payment BEFORE UPDATE ON billing_payments FOR EACH ROW WHEN (NEW.state = 'AUTHORISED' AND OLD.reference = 'ren-$Y-1') EXECUTE FUNCTION injected()"
else
	sql "CREATE TRIGGER inj_invoice BEFORE INSERT ON billing_invoices WHEN NEW.subscription_id = $X BEGIN SELECT RAISE(ABORT, 'injected'); END"
	sql "CREATE TRIGGER inj_payment BEFORE UPDATE ON billing_payments WHEN NEW.state = 'AUTHORISED' AND OLD.reference = 'ren-$Y-1' BEGIN SELECT RAISE(ABORT, 'injected'); END"
fi

"$BIN" billing run --data "$DATA" "${DB_ARGS[@]}" --now "$NOW" >"$DATA/run1.out" 2>"$DATA/run1.err" || true
tail -n 1 "$DATA/run1.out"
grep -q ", 2 errors" "$DATA/run1.out" || { cat "$DATA/run1.err" >&2; fail "expected 2 errors"; }
grep -q "subscription $X: .*injected" "$DATA/run1.err" || fail "no error reported for subscription $X"
grep -q "subscription $Y: payment outcome: .*injected" "$DATA/run1.err" || fail "no outcome error for $Y"
got=$(sql "SELECT COUNT(*) || ' ' || COALESCE(MAX(number), '') FROM billing_invoices WHERE series = '2026'")
want="$((N - 1)) 2026-$(printf '%06d' $((N - 1)))"
[ "$got" = "$want" ] || fail "invoices after the first run: $got, expected $want"
[ "$(sql "SELECT COUNT(*) FROM billing_invoices WHERE subscription_id = $X AND period = 1")" = 0 ] ||
	fail "X was invoiced"
[ "$(sql "SELECT COUNT(*) FROM sim_payments WHERE reference = 'ren-$X-1'")" = 0 ] || fail "X was charged"
[ "$(sql "SELECT COUNT(*) FROM sim_payments WHERE reference = 'ren-$Y-1'")" = 1 ] || fail "Y not charged once"
[ "$(sql "SELECT state FROM billing_payments WHERE reference = 'ren-$Y-1'")" = PENDING ] ||
	fail "Y's payment is not PENDING"
[ "$(sql "SELECT COUNT(*) FROM billing_payments WHERE state = 'AUTHORISED' AND kind = 'renewal'")" = $((N - 2)) ] ||
	fail "expected $((N - 2)) authorised renewals"

sql "DROP TRIGGER inj_invoice$([ "$KIND" = pg ] && echo ' ON billing_invoices')"
sql "DROP TRIGGER inj_payment$([ "$KIND" = pg ] && echo ' ON billing_payments')"
"$BIN" billing run --data "$DATA" "${DB_ARGS[@]}" --now "$NOW" >"$DATA/run2.out"
tail -n 1 "$DATA/run2.out"
grep -q ", 0 errors" "$DATA/run2.out" || fail "the second run had errors"
tests/crash/billing_check.sh "$DB_URL" "$N"
