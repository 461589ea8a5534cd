#!/usr/bin/env bash
# The concurrency test of the billing run (issue 4; INV-1): RUNNERS
# processes of `campus billing run` (default 3) started together on one
# database race the same N due renewals; PostgreSQL by default (row locks
# on the subscription and on the invoice counter inside the invoicing
# transaction), SQLite with the argument sqlite (one writer at a time).
# Afterwards tests/crash/billing_check.sh: one invoice per subscription and
# period, numbers 1..N without gap or duplicate, one charge per invoice.
#   tests/crash/billing_race.sh [pg|sqlite] [N] [RUNNERS]
set -euo pipefail
cd "$(dirname "$0")/../.."
KIND=${1:-pg}
N=${2:-2000}
RUNNERS=${3:-3}
. tests/crash/lib.sh
setup "$KIND" "$N"
t0=$(date +%s)
PIDS=()
for i in $(seq 1 "$RUNNERS"); do
	"$BIN" billing run --data "$DATA" "${DB_ARGS[@]}" --now "$NOW" >"$DATA/run$i.out" 2>&1 &
	PIDS+=("$!")
done
bad=0
for i in "${!PIDS[@]}"; do
	rc=0
	wait "${PIDS[$i]}" || rc=$?
	echo "race: runner $((i + 1)): $(tail -n 1 "$DATA/run$((i + 1)).out")"
	if [ "$rc" -ne 0 ]; then
		echo "race: runner $((i + 1)) exited $rc" >&2
		bad=1
	fi
done
PIDS=()
echo "race: $KIND: $N renewals, $RUNNERS runners, $(($(date +%s) - t0)) s"
tests/crash/billing_check.sh "$DB_URL" "$N" || bad=1
exit $bad
