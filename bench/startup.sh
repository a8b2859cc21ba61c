#!/usr/bin/env bash
# Times whole `bgprof hook` processes, as Claude Code starts them on every Bash call, and a whole
# `bgprof estimate`: the static binary against the same code linked to Debian's shared
# libraries. Uses hyperfine.
# Usage: bench/startup.sh [runs]   (builds both variants under build/bench-*)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-300}"
command -v hyperfine >/dev/null || { echo "bench/startup.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }

for variant in static shared; do
  static=ON; [ "$variant" = shared ] && static=OFF
  cmake -S . -B "build/bench-$variant" -DCMAKE_BUILD_TYPE=Release -DBGPROF_STATIC=$static \
    -DBGPROF_TESTS=OFF -DBGPROF_BENCH=OFF >/dev/null
  cmake --build "build/bench-$variant" -j"$(nproc)" --target bgprof >/dev/null
done

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export BGPROF_DB="$scratch/bgprof.db" HOME="$scratch" CLAUDE_CONFIG_DIR="$scratch/.claude"
pre='{"session_id":"s","cwd":"/tmp","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"npm test"},"tool_use_id":"toolu_1"}'
post='{"session_id":"s","cwd":"/tmp","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"npm test"},"tool_response":{"stdout":"","stderr":"","interrupted":false},"tool_use_id":"toolu_1","duration_ms":8000}'
printf '%s' "$pre" >"$scratch/pre.json"
printf '%s' "$post" >"$scratch/post.json"
build/bench-static/profiler/bgprof hook <"$scratch/post.json"  # create the database first

echo "shared libraries linked by the shared build: $(ldd build/bench-shared/profiler/bgprof | wc -l)"
# Through a shell for the redirection; hyperfine subtracts the shell's own start-up time.
hyperfine --warmup 20 --runs "$runs" --export-json "$scratch/startup.json" \
  -n "static PreToolUse" "build/bench-static/profiler/bgprof hook <$scratch/pre.json" \
  -n "shared PreToolUse" "build/bench-shared/profiler/bgprof hook <$scratch/pre.json" \
  -n "static PostToolUse" "build/bench-static/profiler/bgprof hook <$scratch/post.json" \
  -n "shared PostToolUse" "build/bench-shared/profiler/bgprof hook <$scratch/post.json" \
  -n "static estimate" "build/bench-static/profiler/bgprof estimate --json -- npm test" \
  -n "shared estimate" "build/bench-shared/profiler/bgprof estimate --json -- npm test" >/dev/null
python3 - "$scratch/startup.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"{'variant':22} {'median':>9} {'mean':>9} {'min':>9}")
for r in results:
    print(f"{r['command']:22} {r['median']*1e3:8.2f}ms {r['mean']*1e3:8.2f}ms {r['min']*1e3:8.2f}ms")
by = {r["command"]: r["median"] for r in results}
for event in ("PreToolUse", "PostToolUse", "estimate"):
    print(f"{event}: shared/static median ratio {by['shared ' + event] / by['static ' + event]:.2f}")
PY
