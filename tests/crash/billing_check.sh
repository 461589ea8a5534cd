#!/usr/bin/env bash
# Checks the invariants of a billing run over subscribers made by
# bench/billing_seed.sh (all due 2026-06-01, run with --now in 2026), on
# SQLite or PostgreSQL:
#   INV-1   one invoice per subscription and period; the numbers of series
#           2026 are 1..N with no gap and no duplicate, the counter at N+1
#   SOLO-2  every subscription renewed once (period 1, next due in July)
#   PAY-*   one renewal payment per invoice, all AUTHORISED; the simulator
#           charged each reference once (charges = invoices)
#   DATA-1  audit entries: one billing.invoice and one renewal per invoice
#   outbox  one email per renewal (nothing lost, nothing doubled)
#   notify  every simulator charge has its AUTHORISATION notification
#           queued: a reference in a sim.notify.batch job (billspeed2: one
#           job per batch of the run, one psp reference a line) or a
#           sim.notify job (one per charge made outside a batch)
# Usage: tests/crash/billing_check.sh DB_URL N [SERIES DUE]   (exit 1 and a
# diff when one fails); SERIES (default 2026) and DUE (default 1780264800,
# 2026-06-01T00:00:00+02:00) for renewals seeded at another instant
# (tests/crash/billing_serve_race.sh).
set -euo pipefail
URL=$1
N=$2
SERIES=${3:-2026}
DUE=${4:-1780264800}
[[ "$SERIES" =~ ^[0-9]{4}$ && "$DUE" =~ ^[0-9]+$ ]] || { echo "billing_check: bad SERIES or DUE" >&2; exit 2; }
SQL="SELECT
 (SELECT COUNT(*) FROM billing_invoices WHERE kind = 'invoice' AND period = 1),
 (SELECT COUNT(*) FROM (SELECT subscription_id FROM billing_invoices WHERE kind = 'invoice'
    GROUP BY subscription_id, period HAVING COUNT(*) > 1) d),
 (SELECT COUNT(*) FROM billing_invoices WHERE series = '$SERIES'),
 (SELECT COUNT(DISTINCT number) FROM billing_invoices WHERE series = '$SERIES'),
 (SELECT COALESCE(MIN(CAST(SUBSTR(number, 6) AS INTEGER)), 0) FROM billing_invoices WHERE series = '$SERIES'),
 (SELECT COALESCE(MAX(CAST(SUBSTR(number, 6) AS INTEGER)), 0) FROM billing_invoices WHERE series = '$SERIES'),
 (SELECT COALESCE(MAX(next), 1) FROM billing_invoice_counters WHERE series = '$SERIES'),
 (SELECT COUNT(*) FROM billing_subscriptions WHERE period = 1 AND state = 'active' AND next_due_at > $DUE),
 (SELECT COUNT(*) FROM billing_payments WHERE kind = 'renewal'),
 (SELECT COUNT(*) FROM billing_payments WHERE kind = 'renewal' AND state = 'AUTHORISED'),
 (SELECT COUNT(*) FROM billing_payments p JOIN billing_invoices i ON i.id = p.invoice_id WHERE p.kind = 'renewal'),
 (SELECT COUNT(*) FROM sim_payments WHERE kind = 'payment'),
 (SELECT COUNT(DISTINCT reference) FROM sim_payments WHERE kind = 'payment'),
 (SELECT COUNT(*) FROM outbox),
 (SELECT COUNT(*) FROM audit_log WHERE action = 'billing.invoice'),
 (SELECT COUNT(*) FROM audit_log WHERE action = 'billing.subscription.renew'),
 (SELECT COALESCE(SUM(LENGTH(payload) - LENGTH(REPLACE(payload, '
', '')) + 1), 0) FROM jobs WHERE kind = 'sim.notify.batch')
   + (SELECT COUNT(*) FROM jobs WHERE kind = 'sim.notify')"
case "$URL" in
sqlite:*) got=$(sqlite3 -separator ' ' "${URL#sqlite:}" "$SQL") ;;
*) got=$(psql "$URL" -X -q -At -F ' ' -c "$SQL") ;;
esac
names="invoices duplicate_periods numbered distinct_numbers first_number last_number counter_next renewed_subs
payments payments_authorised payments_with_invoice simulator_charges charged_references outbox_emails
audit_invoices audit_renewals notified_charges"
want="$N 0 $N $N 1 $N $((N + 1)) $N $N $N $N $N $N $N $N $N $N"
[ "$N" = 0 ] && want="0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0"
read -ra G <<<"$got"
read -ra W <<<"$want"
read -ra K <<<"$(echo $names)"
bad=0
for i in "${!K[@]}"; do
	if [ "${G[$i]:-?}" != "${W[$i]}" ]; then
		echo "billing_check: ${K[$i]} = ${G[$i]:-?}, expected ${W[$i]}" >&2
		bad=1
	fi
done
if [ $bad = 0 ]; then
	echo "billing_check: ok: $N invoices numbered $SERIES-000001..$(printf '%06d' "$N") without gap or duplicate, $N charges, $N payments, $N emails, $N audit entries"
fi
exit $bad
