#!/usr/bin/env bash
# Builds everything and runs every test (1), and on request two more ways (2, 3):
#  1. Release (as install.sh builds bgprof, so -O3's warnings are errors here too) with the unit
#     tests, the round trips of the real bgprof binary, and the end-to-end run of the real Claude
#     Code client against a stand-in model on loopback (build/release);
#  2. BGPROF_SANITIZERS=1: the same suite built with ASan + UBSan (build/asan): the round trips
#     then run a sanitized bgprof, and any finding, a leak included, fails its test;
#  3. BGPROF_FUZZ=1: a fuzz smoke: each libFuzzer target of tests/fuzz for BGPROF_FUZZ_SECONDS
#     (30) seconds (scripts/fuzz.sh, clang, build/fuzz).
# Steps 2 and 3 are not yet on by default: the whole suite has not yet been seen to pass under
# the sanitizers, nor the fuzz build after the latest changes (issue 12 stays open for them).
#   BGPROF_SKIP_E2E=1         leaves the end-to-end run out (it installs Claude Code from npm)
set -euo pipefail
cd "$(dirname "$0")"

./scripts/deps.sh
jobs="$(nproc)"
claude_option=()
if [ "${BGPROF_SKIP_E2E:-0}" != 1 ]; then
  claude="$(./scripts/install-claude.sh "$PWD/build/e2e-node")"
  claude_option=(-DBGPROF_CLAUDE="$claude")
fi
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release "${claude_option[@]}" >/dev/null
cmake --build build/release -j"$jobs"
ctest --test-dir build/release --output-on-failure -j"$jobs"

if [ "${BGPROF_SANITIZERS:-0}" = 1 ]; then
  # ASan cannot link a fully static program; the benchmarks add nothing here.
  cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DBGPROF_SANITIZE=ON -DBGPROF_STATIC=OFF \
    -DBGPROF_BENCH=OFF >/dev/null
  cmake --build build/asan -j"$jobs"
  # The e2e run is left out: see README.md (Tests). The format check ran above.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure -j"$jobs" -E '^(e2e|format)\.'
fi

if [ "${BGPROF_FUZZ:-0}" = 1 ]; then
  ./scripts/fuzz.sh "${BGPROF_FUZZ_SECONDS:-30}"
fi
