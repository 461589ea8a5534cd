#!/usr/bin/env bash
# The concurrency test of the `billing.run` job of `campus serve` (issue 4:
# "two serve processes on one PostgreSQL racing the same renewals"; INV-1,
# PAY-*, DATA-1). Two `campus serve --clock manual` processes share one
# PostgreSQL database with N seeded due renewals; a `campus billing run`
# joins them (third argument 0 leaves it out).
#
# How they are made to race. The job is one row of the jobs table, claimed
# with a lease of 300 s (src/ops/jobs.c LEASE_SECONDS) by one process at a
# time: moving both test clocks to the due instant would let one serve run
# the renewals and the other find the job taken. But a run that outlives
# its lease is claimed again by the other serve while it goes on; that is
# what happens in production when a large run (1,000,000 renewals take more
# than 5 minutes) is shared by two serves. The test does exactly that:
#   1. serve A's clock is moved to the due instant D: A claims billing.run
#      (lease until D+300) and starts renewing;
#   2. as soon as the claim is in the database, serve B's clock is moved to
#      D+301, past A's lease: B claims the same job again and runs it while
#      A's run goes on; `campus billing run --now D+600` starts with it.
# Each process stamps its invoices with its own clock (issued_at D, D+301,
# D+600), so the test shows who renewed what: it fails unless both serves
# renewed some (B could only find renewals still due while A was running).
# Afterwards tests/crash/billing_check.sh: one invoice per subscription and
# period, numbers 1..N without gap or duplicate, one charge per invoice, one
# email and the audit entries per renewal.
#
# The test clock of serve starts at the real time and only moves forward,
# so the seeded subscriptions (bench/billing_seed.sh: due 2026-06-01) are
# moved to the first day of a coming month (00:00 Europe/Paris), D.
#
#   tests/crash/billing_serve_race.sh [N] [CLI]   (N renewals, default 1000;
#                                                  CLI 1 (default) or 0)
# Environment: CAMPUS_TEST_PG_URL (without it the test is skipped),
# CAMPUS_BIN (default build/campus).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000}
CLI=${2:-1}
if [ -z "${CAMPUS_TEST_PG_URL:-}" ]; then
	echo "serve race: skipped: CAMPUS_TEST_PG_URL is not set (two serves need one PostgreSQL database)"
	exit 0
fi
. tests/crash/lib.sh
t0=$(date +%s)
setup pg "$N"
q() { psql "$DB_URL" -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }

# D: the first day of the month after tomorrow, 00:00 in Paris (the
# platform's zone); S: a month before, the start of the seeded period 0.
month=$(TZ=Europe/Paris date -d '+1 day' +%Y-%m-01)
S=$(TZ=Europe/Paris date -d "$month 00:00" +%s)
D=$(TZ=Europe/Paris date -d "$month +1 month 00:00" +%s)
SERIES=$(TZ=Europe/Paris date -d "@$D" +%Y) # INV-1: the series of the year of issue
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
q "BEGIN;
UPDATE users SET created_at = $S - 86400, verified_at = $S - 86400 WHERE email LIKE 'bench%@bench.invalid';
UPDATE sim_stored_methods SET created_at = $S WHERE id LIKE 'pm-bench-%';
UPDATE billing_orders SET created_at = $S, confirmed_at = $S, expires_at = $S + 86400;
UPDATE billing_subscriptions SET started_at = $S, period_start = $S, ordered_at = $S,
  first_premium_use_at = $S, created_at = $S, updated_at = $S, period_end = $D, next_due_at = $D;
COMMIT;"

PW=race-admin-password-$RANDOM$RANDOM
"$BIN" user add --data "$DATA" "${DB_ARGS[@]}" --email race-admin@race.invalid --role admin \
	--password-stdin <<<"$PW" >/dev/null

# start_serve NAME: sets URL_<NAME> from its "listening on" line.
start_serve() {
	local name=$1 out="$DATA/serve-$1.out" url=""
	"$BIN" serve --data "$DATA" "${DB_ARGS[@]}" --listen 127.0.0.1:0 --clock manual --quiet \
		>"$out" 2>"$DATA/serve-$name.err" &
	PIDS+=("$!")
	eval "PID_$name=$!"
	for _ in $(seq 1 200); do
		url=$(sed -n 's/^campus: listening on \(http[^ ]*\)$/\1/p' "$out")
		[ -n "$url" ] && break
		sleep 0.1
	done
	[ -n "$url" ] || { cat "$out" "$DATA/serve-$name.err" >&2; echo "serve race: serve $name did not start" >&2; exit 1; }
	eval "URL_$name=\$url"
}
start_serve A
start_serve B

# wait_for WHAT SQL [SECONDS]: until the query answers something else than
# 0 (by default within 20 s).
wait_for() {
	for _ in $(seq 1 $((${3:-20} * 10))); do
		[ "$(q "$2")" != 0 ] && return 0
		sleep 0.1
	done
	echo "serve race: timed out waiting for $1" >&2
	exit 1
}
# The first pass of the scheduler (at the real time, nothing due) has run:
# from now on one billing.run job waits, an hour after it.
wait_for "the first billing.run" "SELECT COUNT(*) FROM jobs WHERE kind = 'billing.run' AND done_at IS NOT NULL"

TOKEN=$(curl -sS --max-time 20 -H 'content-type: application/json' \
	-d "{\"email\":\"race-admin@race.invalid\",\"password\":\"$PW\",\"name\":\"race\"}" \
	"$URL_A/api/v1/tokens" | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
[ -n "$TOKEN" ] || { echo "serve race: no API token" >&2; exit 1; }
# move URL INSTANT OUT: POST /api/v1/test-clock (answers once the jobs due
# at INSTANT have run in that serve), in the background.
move() {
	curl -sS --max-time 120 -o "$3" -w '%{http_code}\n' -H "authorization: Bearer $TOKEN" \
		-H 'content-type: application/json' -d "{\"now\":\"$(iso "$2")\"}" "$1/api/v1/test-clock" \
		>"$3.status" 2>&1 &
}

t1=$(date +%s.%N)
move "$URL_A" "$D" "$DATA/move-A"
MOVE_A=$!
PIDS+=("$MOVE_A")
wait_for "serve A's claim of billing.run" \
	"SELECT COUNT(*) FROM jobs WHERE kind = 'billing.run' AND done_at IS NULL AND locked_until = $D + 300"
move "$URL_B" "$((D + 301))" "$DATA/move-B"
MOVE_B=$!
PIDS+=("$MOVE_B")
if [ "$CLI" = 1 ]; then
	"$BIN" billing run --data "$DATA" "${DB_ARGS[@]}" --now "$(iso "$((D + 600))")" >"$DATA/cli.out" 2>&1 &
	CLI_PID=$!
	PIDS+=("$CLI_PID")
fi
bad=0
for name in A B; do
	pid=MOVE_$name
	wait "${!pid}" || true
	code=$(cat "$DATA/move-$name.status")
	if [ "$code" != 200 ]; then
		echo "serve race: serve $name's test clock answered $code: $(cat "$DATA/move-$name")" >&2
		bad=1
	fi
done
if [ "$CLI" = 1 ]; then
	rc=0
	wait "$CLI_PID" || rc=$?
	echo "serve race: billing run: $(tail -n 1 "$DATA/cli.out")"
	[ "$rc" = 0 ] || { echo "serve race: campus billing run exited $rc" >&2; bad=1; }
fi
race_s=$(awk -v a="$t1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

# Who renewed what: each process issued its invoices at its own clock.
by_a=$(q "SELECT COUNT(*) FROM billing_invoices WHERE kind = 'invoice' AND issued_at = $D")
by_b=$(q "SELECT COUNT(*) FROM billing_invoices WHERE kind = 'invoice' AND issued_at = $D + 301")
by_cli=$(q "SELECT COUNT(*) FROM billing_invoices WHERE kind = 'invoice' AND issued_at = $D + 600")
echo "serve race: $N renewals: serve A $by_a, serve B $by_b, campus billing run $by_cli; the clock moves answered in $race_s s (renewals and their emails delivered)"
if [ "$by_a" = 0 ] || [ "$by_b" = 0 ]; then
	echo "serve race: both serves must have renewed some: the runs did not overlap" >&2
	bad=1
fi

# The simulator's notifications of the charges (sim.notify jobs, applied
# by the serves' schedulers) are worked through before the serves stop.
wait_for "the notifications" \
	"SELECT CASE WHEN COUNT(*) = 0 THEN 1 ELSE 0 END FROM jobs WHERE done_at IS NULL AND run_at <= $D + 301" 60
for name in A B; do
	pid=PID_$name
	kill -TERM "${!pid}"
	rc=0
	wait "${!pid}" || rc=$?
	if [ "$rc" != 0 ]; then
		echo "serve race: serve $name exited $rc" >&2
		bad=1
	fi
	if grep -v '^campus: \(listening\|database\|stopping\)' "$DATA/serve-$name.err" | grep -q .; then
		echo "serve race: serve $name reported errors:" >&2
		head -n 20 "$DATA/serve-$name.err" >&2
		bad=1
	fi
done
PIDS=()
tests/crash/billing_check.sh "$DB_URL" "$N" "$SERIES" "$D" || bad=1
echo "serve race: $(($(date +%s) - t0)) s in all"
exit $bad
