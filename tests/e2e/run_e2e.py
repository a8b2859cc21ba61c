#!/usr/bin/env python3
"""End-to-end check of bgprof inside the REAL Claude Code CLI, fully offline.

Why: unit tests feed bgprof hand-written hook JSON; only the real `claude`
binary shows whether the hooks get registered, fire, record runtimes, and
whether the model really receives what bgprof says, when it says it. The model
is replaced by fake_model.py on 127.0.0.1, so no network and no API key are
needed.

Usage: run_e2e.py --bgprof PATH --claude PATH [--keep]

Everything lives in a scratch dir (HOME, CLAUDE_CONFIG_DIR, BGPROF_DB,
CLAUDE_CODE_TMPDIR, the project folder with a Makefile whose `test` target
sleeps 6 s); the real ~/.claude is never touched. The whole run is bounded by
BUDGET seconds (normally it takes about a minute).
Scenario:
  session 1 (suggest): `make test`, `make test`, `ls` (one call per turn)
  check (a): `bgprof estimate --json -- make test` -> samples >= 2, 5000 <= predicted_ms <= 8000
  check (d): session 1 starts with no bgprof text at all (nothing is known yet)
  session 2 (suggest, prompt "Run the tests, please."): `make test`, `ls`
  check (b): text with `run_in_background` follows the tool_result of `make test`
  check (c): after the tool_result of each `ls` there is no such text
  check (d): session 2's first request holds the SessionStart context naming `make test`
  check (e): session 2's first request holds the UserPromptSubmit context naming `make test`
  session 3 (auto): `make test`, then `make test` with run_in_background: true
  check (f): the first ran in the background (launch stub; bgprof's task has origin "moved") and
             the model's next request holds bgprof's text saying so, with the expected duration;
             the launch the model asked for is followed by its usual duration (the ETA)
  session 4 (block): `make test`, `make test`
  check (g): the first call is denied with bgprof's reason; the retry runs
  check (h): after session 3 both background tasks ended by their notification, with a learned
             runtime within 15 % of the truth (the median foreground run of `make test`)
  check (i): session 3's turn ended while they ran: the user read bgprof's Stop reminder
             ("Stop says: bgprof: ... still running in the background", from stream-json)
Where hook text lands depends on the Claude Code version: 2.1.197 put a
<system-reminder> text block after the tool_result in the same user message;
2.1.330 sends a separate {"role":"system"} message "PreToolUse:Bash hook
additional context: ..." right after it. Both are accepted: the check looks at
everything between the tool_result and the next tool_result/assistant message.
Exit status 0 only when every check passes; the last line says PASS or FAIL.
"""
import argparse
import json
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MARKER = "run_in_background"
BUDGET = 240              # seconds for the whole run; every wait is cut to fit
SESSION_TIMEOUT = 60      # seconds for one `claude -p` run (normally 7-20 s)
STEP_TIMEOUT = 15         # seconds for bgprof install/estimate, git, claude --version
SERVER_LIFETIME = 120     # fake_model.py stops by itself after this
DEADLINE = time.monotonic() + BUDGET

SLOW = "make test"   # the project's Makefile: `test:` sleeps 6 s
MAKEFILE = "test:\n\t@sleep 6\n\t@echo tests passed\n"
SESSION1 = [[{"command": SLOW, "run_in_background": False}],
            [{"command": SLOW, "run_in_background": False}],
            [{"command": "ls"}]]
SESSION2 = [[{"command": SLOW, "run_in_background": False}],
            [{"command": "ls"}]]
SESSION_AUTO = [[{"command": SLOW}], [{"command": SLOW, "run_in_background": True}]]
SESSION_BLOCK = [[{"command": SLOW}], [{"command": SLOW}]]
SESSION_START_TEXT = "bgprof measured these slow commands in this project: `make test`"
PROMPT_TEXT = "bgprof: in this project `make test`"
HOOK_TEXT = "hook additional context: bgprof"


def log(msg):
    print(f"e2e: {msg}", flush=True)


def clean_env(scratch, home, config, db):
    """The caller's env minus anything Claude/Anthropic/bgprof-specific, plus scratch paths."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CLAUDE", "ANTHROPIC", "OTEL_", "BGPROF"))}
    env.update(HOME=home, CLAUDE_CONFIG_DIR=config, BGPROF_DB=db,
               CLAUDE_CODE_TMPDIR=os.path.join(scratch, "cctmp"),
               CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1", DISABLE_AUTOUPDATER="1",
               ANTHROPIC_API_KEY="e2e-dummy-key")
    os.makedirs(env["CLAUDE_CODE_TMPDIR"], exist_ok=True)
    return env


def run(cmd, env, cwd, timeout):
    """Run cmd in its own process group; on timeout kill the whole group."""
    timeout = max(1.0, min(timeout, DEADLINE - time.monotonic()))
    p = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        return 124, out, err + f"\n[e2e: killed after {timeout:.0f} s]"
    return p.returncode, out, err


def start_fake_model(log_path, script):
    p = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_model.py"), "0", log_path,
                          json.dumps(script), "--max-seconds", str(SERVER_LIFETIME)],
                         stdout=subprocess.PIPE, text=True, start_new_session=True)
    ready, _, _ = select.select([p.stdout], [], [], 10)
    line = p.stdout.readline().strip() if ready else ""
    if not line.isdigit():
        stop(p)
        raise RuntimeError("fake_model.py did not print its port within 10 s")
    return p, int(line)


def stop(p):
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(5)


def prepare_settings(bgprof, env, project):
    rc, out, err = run([bgprof, "install"], env, project, STEP_TIMEOUT)
    if rc != 0:
        raise RuntimeError(f"bgprof install exited {rc}: {err.strip()[-500:]}")
    path = os.path.join(env["CLAUDE_CONFIG_DIR"], "settings.json")
    if not os.path.exists(path):
        raise RuntimeError(f"bgprof install wrote no {path} (is CLAUDE_CONFIG_DIR honoured?)")
    with open(path) as f:
        settings = json.load(f)
    for event in ("PreToolUse", "PostToolUse", "PostToolUseFailure"):
        if not settings.get("hooks", {}).get(event):
            raise RuntimeError(f"bgprof install wrote no {event} hook into {path}")
    # As root, --permission-mode bypassPermissions is refused: allow the tools instead.
    allow = settings.setdefault("permissions", {}).setdefault("allow", [])
    allow += [t for t in ("Bash", "TaskOutput", "TaskStop") if t not in allow]
    with open(path, "w") as f:
        json.dump(settings, f, indent=2)


def run_session(name, claude, env, project, scratch, script,
                prompt="Run the scripted commands.", mode="suggest", stream=False):
    """One `claude -p` run against a fresh fake model; returns the request bodies. With
    `stream`, the run prints stream-json (what the user is shown, hook notices included) into
    <name>.claude.out."""
    log_path = os.path.join(scratch, f"{name}.requests.jsonl")
    server, port = start_fake_model(log_path, script)
    try:
        senv = dict(env, ANTHROPIC_BASE_URL=f"http://127.0.0.1:{port}", BGPROF_MODE=mode)
        t0 = time.monotonic()
        output = ["--output-format", "stream-json", "--verbose"] if stream else \
            ["--output-format", "json"]
        rc, out, err = run([claude, "-p", prompt] + output, senv, project, SESSION_TIMEOUT)
        log(f"{name}: claude exited {rc} after {time.monotonic() - t0:.1f} s")
    finally:
        stop(server)
    with open(os.path.join(scratch, f"{name}.claude.out"), "w") as f:
        f.write(out + "\n--- stderr ---\n" + err)
    try:
        result = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        result = {}
    if rc != 0 or result.get("is_error") or result.get("subtype") != "success":
        raise RuntimeError(f"{name}: claude -p failed (rc={rc}): {(out + err).strip()[-800:]}")
    with open(log_path) as f:
        return [json.loads(line)["body"] for line in f if line.strip()]


def _text(x):
    return x if isinstance(x, str) else json.dumps(x)


def items(messages):
    """Flatten a conversation into (role, block) pairs; string content counts as one text block."""
    for m in messages:
        content = m.get("content")
        for b in (content if isinstance(content, list) else [{"type": "text", "text": content}]):
            yield m.get("role"), b


def calls(bodies, command):
    """tool_use ids of Bash calls running exactly `command`, in conversation order."""
    msgs = bodies[-1].get("messages", []) if bodies else []
    return [b["id"] for role, b in items(msgs) if role == "assistant" and b.get("type") == "tool_use"
            and b.get("name") == "Bash" and (b.get("input") or {}).get("command") == command]


def after_result(bodies, tool_use_id):
    """What the model read after the tool_result of tool_use_id, up to the next
    tool_result or assistant message; None if the result never reached the model."""
    for body in reversed(bodies):
        seq = list(items(body.get("messages", [])))
        for i, (role, b) in enumerate(seq):
            if b.get("type") == "tool_result" and b.get("tool_use_id") == tool_use_id:
                seg = []
                for role2, b2 in seq[i + 1:]:
                    if role2 == "assistant" or b2.get("type") == "tool_result":
                        break
                    seg.append({"role": role2, "block": b2})
                return seg
    return None


def seg_text(seg):
    return " ".join(_text(s["block"].get("text", s["block"].get("content", ""))) for s in seg)


def has_marker(seg):
    return MARKER in seg_text(seg)


def hook_texts(dumped):
    """The hook contexts in a dumped request, cut short, for the log."""
    found, at = [], dumped.find(HOOK_TEXT)
    while at != -1:
        found.append("..." + dumped[max(0, at - 20):at + 140] + "...")
        at = dumped.find(HOOK_TEXT, at + 1)
    return found


def first_agent_request(bodies):
    """The first request that carries tools: what the model read before it did anything."""
    return next((json.dumps(b) for b in bodies if b.get("tools")), "")


def results(bodies, command):
    """(tool_result block, what followed it) for each call of `command`, in order."""
    msgs = bodies[-1].get("messages", []) if bodies else []
    found = []
    for call_id in calls(bodies, command):
        block = next((b for role, b in items(msgs)
                      if b.get("type") == "tool_result" and b.get("tool_use_id") == call_id), None)
        found.append((block, after_result(bodies, call_id)))
    return found


def query(db, sql):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def tasks(db):
    """(session, origin, ended_by, runtime_ms, runtime_bound) of every task bgprof followed."""
    return query(db, "SELECT session, origin, ended_by, runtime_ms, runtime_bound FROM tasks")


def foreground_median(db, command):
    runs = sorted(r[0] for r in query(db, "SELECT duration_ms FROM samples WHERE command = '"
                                      + command + "' AND outcome = 'ok' AND background = ''"
                                      " AND duration_ms IS NOT NULL"))
    return runs[len(runs) // 2] if runs else None


def estimate(bgprof, env, project):
    rc, out, err = run([bgprof, "estimate", "--json", "--", SLOW], env, project, STEP_TIMEOUT)
    try:
        return json.loads(out)
    except ValueError:
        return {"_error": f"rc={rc} stdout={out.strip()[:300]!r} stderr={err.strip()[:300]!r}"}


def main():
    ap = argparse.ArgumentParser(description="bgprof end-to-end test with the real claude CLI")
    ap.add_argument("--bgprof", required=True)
    ap.add_argument("--claude", required=True)
    ap.add_argument("--keep", action="store_true", help="keep the scratch dir even on success")
    args = ap.parse_args()
    bgprof, claude = os.path.abspath(args.bgprof), os.path.abspath(args.claude)
    t_start = time.monotonic()

    scratch = tempfile.mkdtemp(prefix="bgprof-e2e-")
    home = os.path.join(scratch, "home")
    # Distinct from $HOME/.claude on purpose: `bgprof install` must honour CLAUDE_CONFIG_DIR.
    config = os.path.join(scratch, "claude-config")
    project = os.path.join(scratch, "project")
    for d in (home, config, project):
        os.makedirs(d)
    env = clean_env(scratch, home, config, os.path.join(scratch, "bgprof.db"))
    failures = []

    def check(ok, what):
        log(f"{'ok  ' if ok else 'FAIL'} {what}")
        if not ok:
            failures.append(what)

    try:
        rc, version, _ = run([claude, "--version"], env, project, STEP_TIMEOUT)
        version = version.strip() or f"unknown (rc={rc})"
        log(f"claude {version}; scratch dir {scratch}")
        run(["git", "init", "-q", "."], env, project, STEP_TIMEOUT)
        prepare_settings(bgprof, env, project)

        with open(os.path.join(project, "Makefile"), "w") as f:
            f.write(MAKEFILE)

        s1 = run_session("session1", claude, env, project, scratch, SESSION1)
        est = estimate(bgprof, env, project)
        log(f"estimate after session 1: {json.dumps(est)}")
        samples, pred = est.get("samples"), est.get("predicted_ms")
        check(isinstance(samples, int) and samples >= 2
              and isinstance(pred, (int, float)) and 5000 <= pred <= 8000,
              f"(a) estimate for `{SLOW}` has samples >= 2 and 5000 <= predicted_ms <= 8000")
        first1 = first_agent_request(s1)
        check(first1 != "" and HOOK_TEXT not in first1,
              "(d) session 1 starts with no bgprof text: nothing is known yet")

        s2 = run_session("session2", claude, env, project, scratch, SESSION2,
                         prompt="Run the tests, please.")
        slow_results = results(s2, SLOW)
        seg = slow_results[0][1] if slow_results else None
        log(f"session 2, after the `{SLOW}` result: {json.dumps(seg)[:600]}")
        check(seg is not None and has_marker(seg),
              f"(b) session 2: text with `{MARKER}` follows the `{SLOW}` tool_result")
        for name, bodies in (("session 1", s1), ("session 2", s2)):
            ls_ids = calls(bodies, "ls")
            segs = [after_result(bodies, i) for i in ls_ids]
            check(bool(ls_ids) and all(s is not None and not has_marker(s) for s in segs),
                  f"(c) {name}: no `{MARKER}` text after the `ls` tool_result")
        first2 = first_agent_request(s2)
        log(f"session 2, first request: {hook_texts(first2)}")
        check(SESSION_START_TEXT in first2,
              "(d) session 2 starts with the SessionStart context naming the slow command")
        check(PROMPT_TEXT in first2,
              "(e) the prompt asking for the tests gets the UserPromptSubmit context")

        s3 = run_session("session3", claude, env, project, scratch, SESSION_AUTO, mode="auto",
                         stream=True)
        moved = results(s3, SLOW)
        stub = _text(moved[0][0].get("content", "")) if moved and moved[0][0] else ""
        after = seg_text(moved[0][1] or []) if moved else ""
        log(f"session 3 (auto): result {stub[:200]!r}; then {after[:400]!r}")
        check("in background with ID" in stub and "moved this call to the background" in after
              and "takes about" in after,
              "(f) auto: the slow call ran in the background and the model read bgprof's text")
        followed = tasks(env["BGPROF_DB"])
        origins = [task[1] for task in followed]
        check(sorted(origins) == ["asked", "moved"],
              f"(f) auto: bgprof followed the task it moved and the one asked for ({origins})")
        eta = seg_text(moved[1][1] or []) if len(moved) == 2 else ""
        log(f"session 3, after the asked launch: {eta[:300]!r}")
        check("`make test` usually takes" in eta and "A notification arrives" in eta,
              "(f) a background launch is followed by its usual duration")
        truth = foreground_median(env["BGPROF_DB"], SLOW)
        log(f"session 3 tasks: {followed}; foreground median {truth} ms")
        check(truth is not None and len(followed) == 2 and all(
            t[2] == "notified" and t[3] is not None and abs(t[3] - truth) <= 0.15 * truth
            for t in followed),
            "(h) each background task ended by its notification with a runtime within 15 % "
            "of the truth")
        with open(os.path.join(scratch, "session3.claude.out")) as f:
            shown = f.read()
        reminder = next((line for line in shown.splitlines() if "Stop says: bgprof" in line), "")
        log(f"session 3, Stop: {reminder[:300]}")
        check("still running in the background" in reminder,
              "(i) the user read bgprof's reminder of the tasks running as the turn ended")

        s4 = run_session("session4", claude, env, project, scratch, SESSION_BLOCK, mode="block")
        tries = results(s4, SLOW)
        log(f"session 4 (block): {[(_text((r or {}).get('content', ''))[:160], (r or {}).get('is_error')) for r, _ in tries]}")
        denied = len(tries) == 2 and tries[0][0] is not None and tries[0][0].get("is_error") \
            and "It did not run" in _text(tries[0][0].get("content", ""))
        ran = len(tries) == 2 and tries[1][0] is not None and not tries[1][0].get("is_error") \
            and "tests passed" in _text(tries[1][0].get("content", ""))
        check(denied, "(g) block: the first call is denied with bgprof's reason")
        check(ran, "(g) block: the same command issued again runs")
    except (RuntimeError, OSError, ValueError) as e:
        failures.append(str(e))
        log(f"FAIL {e}")

    elapsed = time.monotonic() - t_start
    if failures:
        print(f"FAIL: bgprof e2e, {len(failures)} problem(s) in {elapsed:.0f} s; "
              f"scratch dir kept: {scratch}", flush=True)
        return 1
    if args.keep:
        log(f"scratch dir kept: {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"PASS: bgprof e2e with claude {version} in {elapsed:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
