#!/usr/bin/env bash
# Faultline's two entry points on a fresh Debian 12 machine:
#   ./build.sh demo   install dependencies, build, open the workbench on the built-in demo dataset
#   ./build.sh test   install dependencies, build, run every test suite
# Other verbs: build (just build), asan (tests under Address+UB sanitizers),
# tsan (threading tests under ThreadSanitizer), fuzz (fixed-length libFuzzer runs).
set -euo pipefail
cd "$(dirname "$0")"
verb="${1:-demo}"
jobs="${FAULTLINE_JOBS:-$(nproc)}"

bash packaging/install-deps.sh

configure_build() { # preset
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1" -j "$jobs"
}

case "$verb" in
  build)
    configure_build release ;;
  demo)
    configure_build release
    exec ./build/release/app/faultline --demo ;;
  test)
    configure_build release
    ctest --preset release -j "$jobs" ;;
  asan)
    configure_build asan
    ASAN_OPTIONS=detect_leaks=0 ctest --preset asan -j "$jobs" -LE slow ;;
  tsan)
    # Only the tests labelled `threads` (and what they need) are built and run here.
    cmake --preset tsan >/dev/null
    targets=$(ctest --test-dir build/tsan -N -L threads | sed -n 's/.*Test *#[0-9]*: \([a-z]*\)\.\(tst_[a-z0-9_]*\).*/\1_\2/p')
    cmake --build build/tsan -j "$jobs" --target faultline-cli $targets
    TSAN_OPTIONS="suppressions=$PWD/tests/tsan.supp halt_on_error=1 second_deadlock_stack=1" \
      ctest --test-dir build/tsan --output-on-failure -L threads ;;
  fuzz)
    cmake --preset fuzz >/dev/null
    cmake --build build/fuzz -j "$jobs" --target fuzzers
    bash fuzz/run-all.sh build/fuzz ;;
  *)
    echo "usage: $0 demo|test|build|asan|tsan|fuzz" >&2; exit 1 ;;
esac
