#!/usr/bin/env bash
# Sets bgprof up for the current user: missing packages, a Release build, the binary in
# $PREFIX/bin (default ~/.local/bin), bgprof's hooks in Claude Code's settings.json (honouring
# CLAUDE_CONFIG_DIR), what your shell and agent histories already say (`bgprof calibrate`), then
# `bgprof top`.
set -euo pipefail
cd "$(dirname "$0")"

./scripts/deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DBGPROF_TESTS=OFF -DBGPROF_BENCH=OFF >/dev/null
cmake --build build/release -j"$(nproc)"

prefix="${PREFIX:-$HOME/.local}"
# install(1) replaces the file rather than writing into it, so a hook running right now keeps
# its old copy intact.
install -D -m 0755 build/release/profiler/bgprof "$prefix/bin/bgprof"
echo "bgprof: installed $prefix/bin/bgprof"
"$prefix/bin/bgprof" install
# A history bgprof cannot read is named on stderr; the install stands either way.
"$prefix/bin/bgprof" calibrate --from auto || echo "bgprof: calibrate did not finish; run \`bgprof calibrate\` again any time"
"$prefix/bin/bgprof" top --all-projects
