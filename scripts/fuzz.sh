#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz in build/fuzz (clang, ASan + UBSan) and runs each for
# SECONDS (default 30) on one core, starting from its seed corpus in tests/fuzz/corpus/<target>/
# and its dictionary. Fails on the first crash, leak, sanitizer report or broken property; the
# input that did it is left in build/fuzz/findings/. New inputs the runs find stay in
# build/fuzz/corpus/<target>/ (not the repository's seeds), so later runs go on from there.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 600 fuzz_zsh_history
# BGPROF_FUZZ_CXX picks the compiler (default clang++); extra cmake options may follow in
# BGPROF_FUZZ_CMAKE_OPTIONS (e.g. -DCMAKE_CXX_COMPILER_LAUNCHER=ccache).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(fuzz_command_line fuzz_redact fuzz_hook_event fuzz_transcript fuzz_claude_transcript
           fuzz_zsh_history fuzz_bash_history fuzz_fish_history fuzz_atuin_history)
fi

# shellcheck disable=SC2086
cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="${BGPROF_FUZZ_CXX:-clang++}" \
  -DBGPROF_FUZZ=ON -DBGPROF_STATIC=OFF -DBGPROF_TESTS=OFF -DBGPROF_BENCH=OFF \
  ${BGPROF_FUZZ_CMAKE_OPTIONS:-} >/dev/null
cmake --build build/fuzz --target "${targets[@]}" -j"$(nproc)"

mkdir -p build/fuzz/findings
for target in "${targets[@]}"; do
  corpus="build/fuzz/corpus/$target"
  mkdir -p "$corpus"
  # One process, so one core (no -jobs: that forks workers and sends their output to fuzz-N.log).
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="build/fuzz/findings/$target-")
  [ -f "tests/fuzz/$target.dict" ] && options+=(-dict="tests/fuzz/$target.dict")
  echo "fuzz: $target for ${seconds}s" >&2
  if ! "build/fuzz/tests/fuzz/$target" "${options[@]}" "$corpus" "tests/fuzz/corpus/$target" \
    >"build/fuzz/$target.log" 2>&1; then
    tail -60 "build/fuzz/$target.log" >&2
    echo "fuzz: $target FAILED; the input is in build/fuzz/findings/" >&2
    exit 1
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)|cov: " "build/fuzz/$target.log" | tail -3 >&2
done
