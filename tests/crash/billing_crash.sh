#!/usr/bin/env bash
# The crash test of the billing run (issue 4; INV-1, PAY-*, DATA-1):
# N renewals due on SQLite (or PostgreSQL: second argument pg), then
# `campus billing run` killed with SIGKILL at random instants KILLS times,
# restarted each time, and finally run to its end; then
# tests/crash/billing_check.sh: one invoice per subscription and period,
# numbers 1..N without gap or duplicate, one simulator charge per invoice,
# every payment authorised, one outbox email and the audit entries per
# renewal.
#   tests/crash/billing_crash.sh [sqlite|pg] [N] [KILLS]
# Environment: CAMPUS_BIN (default build/campus), CAMPUS_TEST_PG_URL for pg.
set -euo pipefail
cd "$(dirname "$0")/../.."
KIND=${1:-sqlite}
N=${2:-5000}
KILLS=${3:-6}
. tests/crash/lib.sh
setup "$KIND" "$N"

kills=0
runs=0
SPAN=800
[ "$KIND" = pg ] && SPAN=2500
t0=$(date +%s)
while :; do
	runs=$((runs + 1))
	"$BIN" billing run --data "$DATA" "${DB_ARGS[@]}" --now "$NOW" >"$DATA/run.out" 2>&1 &
	pid=$!
	PIDS=("$pid")
	if [ "$kills" -lt "$KILLS" ]; then
		# A random instant in 0.05 s..SPAN ms (PostgreSQL is slower
		# here): early kills hit the start, later ones batches in
		# progress, provider calls or the recording of their answers.
		sleep "$(awk -v r="$RANDOM" -v span="$SPAN" 'BEGIN { printf "%.3f", 0.05 + (r % span) / 1000 }')"
		if kill -9 "$pid" 2>/dev/null; then
			wait "$pid" 2>/dev/null || true
			kills=$((kills + 1))
			echo "crash: kill -9 #$kills: $(invoices) of $N invoices issued"
			continue
		fi
	fi
	rc=0
	wait "$pid" || rc=$?
	if [ "$rc" -ne 0 ]; then
		cat "$DATA/run.out" >&2
		echo "crash: the last billing run exited $rc" >&2
		exit 1
	fi
	# Finished before the planned kills were done: the invariants must
	# hold anyway (a run with nothing left to do changes nothing).
	break
done
echo "crash: $KIND: $N renewals, $kills kill -9, $runs runs, $(($(date +%s) - t0)) s; last run: $(tail -n 1 "$DATA/run.out")"
tests/crash/billing_check.sh "$DB_URL" "$N"
