#!/usr/bin/env bash
# Times whole `bgprof hook` processes, as Claude Code starts them, for every event kind bgprof is
# registered for, and a whole `bgprof estimate`: the static binary, the same code linked to
# Debian's shared libraries, and optionally an earlier revision's static binary (its PreToolUse
# is the floor each event is held to). Uses hyperfine. The database is seeded with a few hundred
# calls of a dozen commands first, so that reads find real rows.
# Usage: bench/startup.sh [runs]   (builds the variants under build/bench-*)
#        BGPROF_BASELINE=<git revision> bench/startup.sh   also times that revision's PreToolUse
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-300}"
command -v hyperfine >/dev/null || { echo "bench/startup.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }

build() {  # build <source dir> <build dir> <static ON|OFF>
  cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release -DBGPROF_STATIC="$3" \
    -DBGPROF_TESTS=OFF -DBGPROF_BENCH=OFF >/dev/null
  cmake --build "$2" -j"$(nproc)" --target bgprof >/dev/null
}
build . build/bench-static ON
build . build/bench-shared OFF
baseline=""
if [ -n "${BGPROF_BASELINE:-}" ]; then
  rm -rf build/bench-baseline-src
  git worktree add -f --detach build/bench-baseline-src "$BGPROF_BASELINE" >/dev/null 2>&1
  build build/bench-baseline-src build/bench-baseline ON
  git worktree remove --force build/bench-baseline-src
  baseline=build/bench-baseline/profiler/bgprof
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch" CLAUDE_CONFIG_DIR="$scratch/.claude" BGPROF_DB="$scratch/bgprof.db"
project="$scratch/webapp"
mkdir -p "$project/.git"
event() {  # event <name> <json>: one hook input, in the project
  printf '%s' "$2" | sed "s#@PROJECT@#$project#g; s#@SCRATCH@#$scratch#g" >"$scratch/$1.json"
}
base='"session_id":"s","transcript_path":"@SCRATCH@/transcript.jsonl","cwd":"@PROJECT@"'
event pre "{$base,\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"npm test\"},\"tool_use_id\":\"toolu_1\"}"
event post "{$base,\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"npm test\"},\"tool_response\":{\"stdout\":\"\",\"stderr\":\"\",\"interrupted\":false},\"tool_use_id\":\"toolu_1\",\"duration_ms\":8000}"
event launch "{$base,\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"npm test\",\"run_in_background\":true},\"tool_response\":{\"stdout\":\"\",\"stderr\":\"\",\"interrupted\":false,\"backgroundTaskId\":\"bj3nctuu6\"},\"tool_use_id\":\"toolu_2\",\"duration_ms\":41}"
event poll "{$base,\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"TaskOutput\",\"tool_input\":{\"task_id\":\"bj3nctuu6\",\"block\":false},\"tool_response\":{\"retrieval_status\":\"timeout\",\"task\":{\"task_id\":\"bj3nctuu6\",\"status\":\"running\",\"output\":\"\"}},\"tool_use_id\":\"toolu_3\"}"
# A Read of an ordinary 20 KB source file: the most frequent event the new matchers bring.
content="$(head -c 15000 /dev/urandom | base64 -w 100 | sed 's/$/\\n/' | tr -d '\n')"
event read "{$base,\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":\"@PROJECT@/src/app.ts\"},\"tool_response\":{\"type\":\"text\",\"file\":{\"filePath\":\"@PROJECT@/src/app.ts\",\"content\":\"$content\"}},\"tool_use_id\":\"toolu_4\"}"
event read_task "{$base,\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Read\",\"tool_input\":{\"file_path\":\"/tmp/claude-0/x/s/tasks/bj3nctuu6.output\"},\"tool_response\":{\"type\":\"text\",\"file\":{\"content\":\"12 passing\\n\"}},\"tool_use_id\":\"toolu_5\"}"
event session_start "{$base,\"hook_event_name\":\"SessionStart\",\"source\":\"startup\"}"
event prompt "{$base,\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"Fix the login bug, then run the tests.\"}"
event notification "{$base,\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"<task-notification>\\n<task-id>bj3nctuu6</task-id>\\n<status>completed</status>\\n</task-notification>\"}"
event stop "{$base,\"hook_event_name\":\"Stop\",\"stop_hook_active\":false,\"background_tasks\":[{\"id\":\"bj3nctuu6\",\"type\":\"shell\",\"status\":\"running\"}]}"
# The transcript's last lines: the message that issued toolu_1, with a sibling call.
{
  for i in $(seq 1 40); do
    printf '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_old%d","content":"%s"}]}}\n' "$i" "$(head -c 3000 /dev/zero | tr '\0' x)"
  done
  printf '{"type":"assistant","message":{"id":"msg_1","role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"npm test"}}]}}\n'
  printf '{"type":"assistant","message":{"id":"msg_1","role":"assistant","content":[{"type":"tool_use","id":"toolu_9","name":"Bash","input":{"command":"npm run lint"}}]}}\n'
} >"$scratch/transcript.jsonl"

seed() {  # seed <bgprof>: a few hundred finished calls, npm test the slowest
  local i command
  for i in $(seq 1 25); do
    for command in "npm test:48000" "npm run build:70000" "npm run lint:900" "git status:20" \
      "ls -la:10" "cargo build:90000" "pytest -x tests:30000" "make -j8:40000" \
      "go test ./...:25000" "rg TODO:40" "cat README.md:5" "docker compose up -d:8000"; do
      printf '{"session_id":"seed","cwd":"%s","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"%s"},"tool_response":{"stdout":"","stderr":"","interrupted":false},"tool_use_id":"toolu_seed","duration_ms":%s}' \
        "$project" "${command%%:*}" "${command##*:}" | "$1" hook
    done
  done
}
seed build/bench-static/profiler/bgprof
build/bench-static/profiler/bgprof hook <"$scratch/launch.json" >/dev/null  # the polled task
if [ -n "$baseline" ]; then BGPROF_DB="$scratch/baseline.db" seed "$baseline"; fi

static=build/bench-static/profiler/bgprof
shared=build/bench-shared/profiler/bgprof
echo "shared libraries linked by the shared build: $(ldd $shared | wc -l)"
commands=()
add() { commands+=(-n "$1" "$2"); }
[ -n "$baseline" ] && add "baseline PreToolUse" "BGPROF_DB=$scratch/baseline.db $baseline hook <$scratch/pre.json"
add "static PreToolUse" "$static hook <$scratch/pre.json"
add "shared PreToolUse" "$shared hook <$scratch/pre.json"
add "static PreToolUse auto" "BGPROF_MODE=auto $static hook <$scratch/pre.json"
add "static PostToolUse" "$static hook <$scratch/post.json"
add "shared PostToolUse" "$shared hook <$scratch/post.json"
add "static launch" "$static hook <$scratch/launch.json"
add "static poll" "$static hook <$scratch/poll.json"
add "static Read, file" "$static hook <$scratch/read.json"
add "static Read, task" "$static hook <$scratch/read_task.json"
add "static SessionStart" "$static hook <$scratch/session_start.json"
add "static prompt" "$static hook <$scratch/prompt.json"
add "static notification" "$static hook <$scratch/notification.json"
add "static Stop" "$static hook <$scratch/stop.json"
add "static estimate" "$static estimate --json -- npm test"
add "shared estimate" "$shared estimate --json -- npm test"
# Each process start rebuilds SQLite's WAL index by reading the whole WAL (store.cc empties it at
# about 128 pages), so a run's time depends on how full the WAL is. Each run starts from an
# empty one, so that events are compared on their own work. Through a shell for the redirection;
# hyperfine subtracts the shell's own start-up time.
checkpoint="python3 -c \"import sqlite3,sys
for db in sys.argv[1:]: sqlite3.connect(db).execute('PRAGMA wal_checkpoint(TRUNCATE)')\" $scratch/*.db"
hyperfine --warmup 20 --runs "$runs" --prepare "$checkpoint" --export-json "$scratch/startup.json" \
  "${commands[@]}" >/dev/null
python3 - "$scratch/startup.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
by = {r["command"]: r["median"] for r in results}
floor = by.get("baseline PreToolUse")
print(f"{'process':24} {'median':>9} {'mean':>9} {'min':>9}" + ("  vs baseline PreToolUse" if floor else ""))
for r in results:
    ratio = f"  {r['median'] / floor:.2f}x" if floor else ""
    print(f"{r['command']:24} {r['median']*1e3:8.2f}ms {r['mean']*1e3:8.2f}ms {r['min']*1e3:8.2f}ms{ratio}")
for event in ("PreToolUse", "PostToolUse", "estimate"):
    print(f"{event}: shared/static median ratio {by['shared ' + event] / by['static ' + event]:.2f}")
PY
