#!/usr/bin/env bash
# Builds everything and runs every test, three ways:
#  1. Release (as install.sh builds bgprof, so -O3's warnings are errors here too) with the unit
#     tests, the round trips of the real bgprof binary, and the end-to-end run of the real Claude
#     Code client against a stand-in model on loopback (build/release);
#  2. the same suite built with ASan + UBSan (build/asan): the round trips then run a sanitized
#     bgprof, and any finding, a leak included, fails its test. Left out there: the e2e run, the
#     format check (both ran in 1), and the 1M-call retention test (label `heavy`: 6 min in
#     Release, far longer sanitized; the pruning it drives is unit-tested in both builds);
#  3. a fuzz smoke: each libFuzzer target of tests/fuzz for BGPROF_FUZZ_SECONDS (30) seconds
#     (scripts/fuzz.sh, clang, build/fuzz).
# For a quicker run while developing:
#   BGPROF_SKIP_E2E=1         leaves the end-to-end run out (it installs Claude Code from npm)
#   BGPROF_SKIP_SANITIZERS=1  leaves 2 out
#   BGPROF_SKIP_FUZZ=1        leaves 3 out
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

if [ "${BGPROF_SKIP_SANITIZERS:-0}" != 1 ]; then
  # ASan cannot link a fully static program; the benchmarks add nothing here.
  cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DBGPROF_SANITIZE=ON -DBGPROF_STATIC=OFF \
    -DBGPROF_BENCH=OFF >/dev/null
  cmake --build build/asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure -j"$jobs" -E '^(e2e|format)\.' -LE heavy
fi

if [ "${BGPROF_SKIP_FUZZ:-0}" != 1 ]; then
  ./scripts/fuzz.sh "${BGPROF_FUZZ_SECONDS:-30}"
fi
