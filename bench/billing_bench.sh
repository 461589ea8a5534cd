#!/usr/bin/env bash
# bench (a) of issue 4 (DESIGN.md "Performance targets"): a billing run of
# BENCH_RENEWALS due renewals (default 1,000,000) on SQLite: each one
# charged through the in-process payment simulator (stored card, ContAuth),
# invoiced with its gapless number, emailed (outbox), audited. Target:
# <= 60 s on 2 cores, progress shown.
#   bench/billing_bench.sh          (or through bench/run, `make bench`)
# Environment: BENCH_RENEWALS, CAMPUS_BIN (default build/campus),
#   BENCH_KEEP=1 keep the data directory (its path is printed).
# Prints the seconds and renewals/s, then checks the result with
# tests/crash/billing_check.sh (one invoice per subscription and period,
# numbers contiguous, payments = invoices = simulator charges, outbox
# emails = renewals, audit entries) and says whether the target was met.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${CAMPUS_BIN:-build/campus}
N=${BENCH_RENEWALS:-1000000}
[ -x "$BIN" ] || { echo "bench: $BIN not found: build first" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 is missing" >&2; exit 2; }
DATA=$(mktemp -d "${TMPDIR:-/tmp}/campus-bench-billing.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	echo "bench: data kept in $DATA"
else
	trap 'rm -rf "$DATA"' EXIT
fi
"$BIN" init --data "$DATA" >/dev/null
bench/billing_seed.sh "sqlite:$DATA/campus.db" "$N"
# The progress bar goes to stderr when it is a terminal.
OUT=$("$BIN" billing run --data "$DATA" --now 2026-06-01T00:00:00Z)
echo "$OUT"
SECS=$(echo "$OUT" | sed -n 's/.* subscriptions in \([0-9.]*\) s .*/\1/p')
RENEWED=$(echo "$OUT" | sed -n 's/.*: \([0-9]*\) renewals,.*/\1/p')
RATE=$(awk -v n="$RENEWED" -v s="$SECS" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
VERDICT=$(awk -v s="$SECS" -v n="$N" 'BEGIN { print (s * 1000000 / n <= 60) ? "ok" : "MISSED" }')
printf '%-34s %10s s   %s renewals/s   target 1,000,000 in <= 60 s (%s/s): %s\n' \
	"billing run, $N renewals (SQLite)" "$SECS" "$RATE" "16667" "$VERDICT"
tests/crash/billing_check.sh "sqlite:$DATA/campus.db" "$N"
[ "$VERDICT" = ok ] || exit 3
