#!/usr/bin/env bash
# Builds everything and runs every test: unit tests, round trips of the real bgprof binary, and
# the end-to-end run of the real Claude Code client against a stand-in model on loopback.
# BGPROF_SKIP_E2E=1 leaves the last one out (it installs Claude Code from npm).
set -euo pipefail
cd "$(dirname "$0")"

./scripts/deps.sh
claude_option=()
if [ "${BGPROF_SKIP_E2E:-0}" != 1 ]; then
  claude="$(./scripts/install-claude.sh "$PWD/build/e2e-node")"
  claude_option=(-DBGPROF_CLAUDE="$claude")
fi
cmake -S . -B build/test -DCMAKE_BUILD_TYPE=RelWithDebInfo "${claude_option[@]}" >/dev/null
cmake --build build/test -j"$(nproc)"
ctest --test-dir build/test --output-on-failure -j"$(nproc)"
