#!/usr/bin/env bash
# The engine's speed and memory targets, measured on the whole command:
#   `callflow calls --json` over `callflow synth --calls 20000` must take less than a tenth of
#   `jq -c .body.telephonySessionId` on the same file, with peak memory at most half the file.
# Usage: scripts/bench-vs-jq.sh [CALLS] [RUNS]   (needs jq and GNU time: apt-get install jq time)
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-20000}
runs=${2:-5}
dir=${BENCH_DIR:-target/bench-data}
mkdir -p "$dir"
cargo build --release --quiet
bin=target/release/callflow
file="$dir/synth-$calls.ndjson"
[ -s "$file" ] || "$bin" synth --calls "$calls" --seed 1 --out "$file"
bytes=$(stat -c %s "$file")

best() { # best wall time in seconds over $runs runs, and the peak RSS (KB) of the last run
  local t best=999999 rss=0
  for _ in $(seq "$runs"); do
    t=$( { /usr/bin/time -f "%e %M" "$@" >/dev/null; } 2>&1 | tail -1)
    rss=${t#* }; t=${t% *}
    best=$(awk -v a="$t" -v b="$best" 'BEGIN { print (a < b) ? a : b }')
  done
  echo "$best $rss"
}

read -r cf_s cf_kb < <(best "$bin" calls --json "$file")
read -r jq_s jq_kb < <(best jq -c .body.telephonySessionId "$file")
awk -v f="$file" -v bytes="$bytes" -v cs="$cf_s" -v ck="$cf_kb" -v js="$jq_s" -v jk="$jq_kb" 'BEGIN {
  mb = bytes / 1e6
  printf "capture:               %s (%.0f MB)\n", f, mb
  printf "callflow calls --json: %.2f s, peak %.0f MB\n", cs, ck / 1024
  printf "jq -c .body.telephonySessionId: %.2f s, peak %.0f MB\n", js, jk / 1024
  printf "speed: callflow takes %.2f of jq'"'"'s time (target < 0.10): %s\n", cs / js, (cs / js < 0.10) ? "met" : "NOT met"
  printf "memory: peak is %.2f of the file size (target <= 0.50): %s\n", ck * 1024 / bytes, (ck * 1024 / bytes <= 0.5) ? "met" : "NOT met"
}'
