#!/usr/bin/env bash
# Runs every fuzz target for a fixed number of executions from its seed corpus.
# usage: fuzz/run-all.sh BUILD_DIR [RUNS]
set -euo pipefail
build="${1:?usage: run-all.sh BUILD_DIR [RUNS]}"
runs="${2:-${FAULTLINE_FUZZ_RUNS:-20000}}"
here="$(cd "$(dirname "$0")" && pwd)"
status=0
for bin in "$build"/fuzz/fuzz_*; do
  [ -f "$bin" ] && [ -x "$bin" ] || continue
  name="$(basename "$bin")"
  n="$runs"
  # The scanner builds a real file tree per input (~40 ms each): fewer runs keep CI short.
  [ "$name" = fuzz_dataset_scan ] && n=$(( runs / 10 ))
  # The bundle reader writes a file per input (~0.9 ms each under ASan): half the runs keep it under ~10 s.
  [ "$name" = fuzz_bundle ] && n=$(( runs / 2 ))
  # Each project open is a real SQLite open and schema check (~2.5 ms under ASan).
  [ "$name" = fuzz_projectstore ] && n=$(( runs / 10 ))
  # Each checkpoint input is a file write plus a LibTorch archive parse and a network build.
  [ "$name" = fuzz_checkpoint ] && n=$(( runs / 10 ))
  corpus="$here/corpus/${name#fuzz_}"
  work="$(mktemp -d)"
  cp -r "$corpus"/. "$work"/ 2>/dev/null || true
  echo "fuzz: $name, $n runs"
  if ! ASAN_OPTIONS=detect_leaks=0 "$bin" -runs="$n" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
       -print_final_stats=1 "$work" >"$work.log" 2>&1; then
    echo "fuzz: $name FAILED"; tail -40 "$work.log"; status=1
  else
    grep -E 'stat::number_of_executed_units' "$work.log" || true
  fi
  rm -rf "$work" "$work.log"
done
exit $status
