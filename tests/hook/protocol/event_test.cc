// Tests of hook/event: parsing what Claude Code sends a hook on stdin. The payloads are the
// samples of claude-code-hooks.md §6, copied verbatim.
#include "hook/protocol/event.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace bgprof {
namespace {

constexpr const char* kPreToolUseBash = R"json(
{"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","transcript_path":"/home/alex/.claude/projects/-home-alex-webapp/7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03.jsonl",
 "cwd":"/home/alex/webapp","permission_mode":"default","prompt_id":"550e8400-e29b-41d4-a716-446655440000","effort":{"level":"high"}, "hook_event_name":"PreToolUse","tool_name":"Bash",
 "tool_input":{"command":"npm test","description":"Run test suite","timeout":300000}, "tool_use_id":"toolu_01Test9a8b7c6d5e4f3g2h1i"}
)json";

constexpr const char* kPreToolUseBackground =
    R"json({"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","transcript_path":"/home/alex/.claude/projects/-home-alex-webapp/7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03.jsonl","cwd":"/home/alex/webapp","permission_mode":"acceptEdits","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"cargo build --release","description":"Build release binary","run_in_background":true},"tool_use_id":"toolu_01Build"})json";

constexpr const char* kPostToolUseForeground = R"json(
{"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","transcript_path":"/home/alex/.claude/projects/-home-alex-webapp/7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03.jsonl",
 "cwd":"/home/alex/webapp","permission_mode":"default","hook_event_name":"PostToolUse","tool_name":"Bash",
 "tool_input":{"command":"npm test","description":"Run test suite","timeout":300000},
 "tool_response":{"stdout":"Test Suites: 41 passed, 41 total\nTests: 212 passed, 212 total\nTime: 47.9 s","stderr":"","interrupted":false,"isImage":false,"noOutputExpected":false}, "tool_use_id":"toolu_01Test9a8b7c6d5e4f3g2h1i","duration_ms":48213}
)json";

constexpr const char* kPostToolUsePre2_1_119 =
    R"json({"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","transcript_path":"/home/alex/.claude/projects/-home-alex-webapp/7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03.jsonl","cwd":"/home/alex/webapp","permission_mode":"default","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"make docs","description":"Build documentation"},"tool_response":{"stdout":"Generated 118 pages","stderr":"","interrupted":false,"isImage":false},"tool_use_id":"toolu_01Docs"})json";

constexpr const char* kPostToolUseBackgroundLaunch = R"json(
{"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","transcript_path":"/home/alex/.claude/projects/-home-alex-webapp/7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03.jsonl",
 "cwd":"/home/alex/webapp","permission_mode":"acceptEdits","hook_event_name":"PostToolUse","tool_name":"Bash",
 "tool_input":{"command":"cargo build --release","description":"Build release binary","run_in_background":true},
 "tool_response":{"stdout":"","stderr":"","interrupted":false,"isImage":false,"backgroundTaskId":"b7k2m9x4q"}, "tool_use_id":"toolu_01Build","duration_ms":41}
)json";

constexpr const char* kPostToolUseBackgroundedByUser =
    R"json({"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","transcript_path":"/home/alex/.claude/projects/-home-alex-webapp/7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03.jsonl","cwd":"/home/alex/webapp","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"docker build -t webapp .","description":"Build Docker image"},"tool_response":{"stdout":"","stderr":"","interrupted":false,"isImage":false,"backgroundTaskId":"bq4n8v2ze","backgroundedByUser":true},"tool_use_id":"toolu_01Dock","duration_ms":95210})json";

constexpr const char* kPostToolUseTimedOutToBackground =
    R"json({"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","transcript_path":"/home/alex/.claude/projects/-home-alex-webapp/7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03.jsonl","cwd":"/home/alex/webapp","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"npm run e2e","description":"Run end-to-end tests"},"tool_response":{"stdout":"","stderr":"","interrupted":false,"isImage":false,"backgroundTaskId":"bx1c7h3pd","timedOutAfterMs":120000},"tool_use_id":"toolu_01E2e","duration_ms":120004})json";

constexpr const char* kPostToolUseFailure = R"json(
{"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","transcript_path":"/home/alex/.claude/projects/-home-alex-webapp/7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03.jsonl",
 "cwd":"/home/alex/webapp","permission_mode":"default","hook_event_name":"PostToolUseFailure","tool_name":"Bash",
 "tool_input":{"command":"npm test","description":"Run test suite"},"tool_use_id":"toolu_01Test2",
 "error":"Exit code 1\nFAIL src/auth/login.test.ts\n  expected 200, received 401\nTests: 1 failed, 211 passed, 212 total", "is_interrupt":false,"duration_ms":51877}
)json";

constexpr const char* kPostToolUseFailureTimedOut =
    R"json({"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","transcript_path":"/home/alex/.claude/projects/-home-alex-webapp/7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03.jsonl","cwd":"/home/alex/webapp","hook_event_name":"PostToolUseFailure","tool_name":"Bash","tool_input":{"command":"git fetch --all --prune","description":"Fetch all remotes"},"tool_use_id":"toolu_01Git","error":"Fetching origin\nCommand timed out after 2m 0s","is_interrupt":false,"duration_ms":120011})json";

// The §6 failure sample with is_interrupt set, as sent when the call was aborted.
constexpr const char* kPostToolUseFailureInterrupted =
    R"json({"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","cwd":"/home/alex/webapp","hook_event_name":"PostToolUseFailure","tool_name":"Bash","tool_input":{"command":"make -j8","description":"Compile project"},"tool_use_id":"toolu_01Make","error":"Exit code 130\nmake: *** [Makefile:42: all] Interrupt","is_interrupt":true,"duration_ms":18342})json";

constexpr const char* kPostToolUseTaskOutput =
    R"json({"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","transcript_path":"/home/alex/.claude/projects/-home-alex-webapp/7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03.jsonl","cwd":"/home/alex/webapp","hook_event_name":"PostToolUse","tool_name":"TaskOutput","tool_input":{"task_id":"bx1c7h3pd","block":true,"timeout":30000},"tool_response":{"retrieval_status":"timeout","task":{"task_id":"bx1c7h3pd","task_type":"local_bash","status":"running","description":"Run end-to-end tests","output":"  12 passing (41s)\n"}},"tool_use_id":"toolu_01Poll2","duration_ms":30008})json";

constexpr const char* kUserPromptSubmit = R"json(
{"session_id":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","transcript_path":"/home/alex/.claude/projects/-home-alex-webapp/7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03.jsonl",
 "cwd":"/home/alex/webapp","permission_mode":"default","prompt_id":"0b6f7a52-9d1e-4c3b-8f20-6a1d2e9c4b71", "hook_event_name":"UserPromptSubmit","source":"user", "prompt":"Run the full integration test suite, then rebuild the Docker image and tell me what failed."}
)json";

// Parses `json`, failing the test when that fails.
HookEvent MustParse(const std::string& json) {
  absl::StatusOr<HookEvent> event = ParseHookEvent(json);
  EXPECT_TRUE(event.ok()) << event.status() << "\n" << json;
  return event.ok() ? *event : HookEvent{};
}

// A minimal PostToolUse Bash event with `extra` spliced in as the last top-level fields.
std::string PostWith(const std::string& extra) {
  return R"({"hook_event_name":"PostToolUse","tool_name":"Bash","tool_use_id":"toolu_1",)"
         R"("tool_input":{"command":"sleep 1"},)" +
         extra + "}";
}

TEST(ParseHookEventTest, EditToolsNameTheFileTheyChanged) {
  for (const char* tool : {"Edit", "Write", "MultiEdit"}) {
    absl::StatusOr<HookEvent> event = ParseHookEvent(
        std::string(R"({"hook_event_name":"PostToolUse","tool_name":")") + tool +
        R"(","tool_input":{"file_path":"/p/src/a.c","content":"x"},"tool_response":{}})");
    ASSERT_TRUE(event.ok()) << event.status();
    EXPECT_EQ(event->edited_file, "/p/src/a.c") << tool;
    EXPECT_FALSE(event->task_tool.has_value());
  }
  absl::StatusOr<HookEvent> notebook = ParseHookEvent(
      R"({"hook_event_name":"PostToolUse","tool_name":"NotebookEdit","tool_input":{"notebook_path":"/p/a.ipynb"}})");
  ASSERT_TRUE(notebook.ok());
  EXPECT_EQ(notebook->edited_file, "/p/a.ipynb");
  // A Read names a file it did not change.
  absl::StatusOr<HookEvent> read = ParseHookEvent(
      R"({"hook_event_name":"PostToolUse","tool_name":"Read","tool_input":{"file_path":"/p/a.c"}})");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->edited_file, "");
}

TEST(ParseHookEventTest, PreToolUseBash) {
  HookEvent event = MustParse(kPreToolUseBash);
  EXPECT_EQ(event.kind, EventKind::kPreToolUse);
  EXPECT_EQ(event.event_name, "PreToolUse");
  EXPECT_EQ(event.session_id, "7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03");
  EXPECT_EQ(event.cwd, "/home/alex/webapp");
  EXPECT_EQ(event.tool_name, "Bash");
  EXPECT_EQ(event.tool_use_id, "toolu_01Test9a8b7c6d5e4f3g2h1i");
  ASSERT_TRUE(event.bash.has_value());
  EXPECT_EQ(event.bash->command, "npm test");
  EXPECT_FALSE(event.bash->run_in_background);
  EXPECT_EQ(event.bash->timeout_ms, std::optional<int64_t>(300000));
  EXPECT_EQ(event.duration_ms, std::nullopt);
  EXPECT_EQ(event.error, "");
  EXPECT_FALSE(event.is_interrupt);
}

// Node's JSON.stringify writes half a surrogate pair as a lone escape; nlohmann/json alone would
// refuse the whole event.
TEST(ParseHookEventTest, ALoneSurrogateEscapeCostsOneCharacterNotTheEvent) {
  const std::string event = R"({"hook_event_name": "PreToolUse", "tool_name": "Bash",
      "session_id": "s\ud800", "tool_input": {"command": "echo \ud800x \udc00 \ud83d\ude00"}})";
  HookEvent parsed = MustParse(event);
  ASSERT_TRUE(parsed.bash.has_value());
  EXPECT_EQ(parsed.bash->command, "echo \xEF\xBF\xBDx \xEF\xBF\xBD \xF0\x9F\x98\x80");
  EXPECT_EQ(parsed.session_id, "s\xEF\xBF\xBD");
  EXPECT_EQ(parsed.tool_input["command"], parsed.bash->command);
}

TEST(ParseHookEventTest, PreToolUseAskingForTheBackground) {
  HookEvent event = MustParse(kPreToolUseBackground);
  EXPECT_EQ(event.kind, EventKind::kPreToolUse);
  ASSERT_TRUE(event.bash.has_value());
  EXPECT_EQ(event.bash->command, "cargo build --release");
  EXPECT_TRUE(event.bash->run_in_background);
  EXPECT_EQ(event.bash->timeout_ms, std::nullopt);
}

TEST(ParseHookEventTest, PostToolUseForegroundFinished) {
  HookEvent event = MustParse(kPostToolUseForeground);
  EXPECT_EQ(event.kind, EventKind::kPostToolUse);
  EXPECT_EQ(event.tool_use_id, "toolu_01Test9a8b7c6d5e4f3g2h1i");
  EXPECT_EQ(event.duration_ms, std::optional<int64_t>(48213));
  ASSERT_TRUE(event.bash.has_value());
  EXPECT_EQ(event.bash->command, "npm test");
  EXPECT_EQ(event.response.background_task_id, "");
  EXPECT_FALSE(event.response.backgrounded_by_user);
  EXPECT_FALSE(event.response.interrupted);
  EXPECT_EQ(event.response.timed_out_after_ms, std::nullopt);
}

TEST(ParseHookEventTest, PostToolUseBeforeDurationMsExisted) {
  HookEvent event = MustParse(kPostToolUsePre2_1_119);
  EXPECT_EQ(event.kind, EventKind::kPostToolUse);
  EXPECT_EQ(event.tool_use_id, "toolu_01Docs");
  EXPECT_EQ(event.duration_ms, std::nullopt);
  ASSERT_TRUE(event.bash.has_value());
  EXPECT_EQ(event.bash->command, "make docs");
}

TEST(ParseHookEventTest, PostToolUseBackgroundLaunch) {
  HookEvent event = MustParse(kPostToolUseBackgroundLaunch);
  ASSERT_TRUE(event.bash.has_value());
  EXPECT_TRUE(event.bash->run_in_background);
  EXPECT_EQ(event.response.background_task_id, "b7k2m9x4q");
  EXPECT_FALSE(event.response.backgrounded_by_user);
  EXPECT_EQ(event.response.timed_out_after_ms, std::nullopt);
  EXPECT_EQ(event.duration_ms, std::optional<int64_t>(41));
}

TEST(ParseHookEventTest, PostToolUseBackgroundedByUser) {
  HookEvent event = MustParse(kPostToolUseBackgroundedByUser);
  ASSERT_TRUE(event.bash.has_value());
  EXPECT_FALSE(event.bash->run_in_background);
  EXPECT_EQ(event.response.background_task_id, "bq4n8v2ze");
  EXPECT_TRUE(event.response.backgrounded_by_user);
  EXPECT_EQ(event.duration_ms, std::optional<int64_t>(95210));
}

TEST(ParseHookEventTest, PostToolUseAutoBackgroundedAfterTimeout) {
  HookEvent event = MustParse(kPostToolUseTimedOutToBackground);
  EXPECT_EQ(event.response.background_task_id, "bx1c7h3pd");
  EXPECT_FALSE(event.response.backgrounded_by_user);
  EXPECT_EQ(event.response.timed_out_after_ms, std::optional<int64_t>(120000));
  EXPECT_EQ(event.duration_ms, std::optional<int64_t>(120004));
}

TEST(ParseHookEventTest, PostToolUseFailureWithExitCode) {
  HookEvent event = MustParse(kPostToolUseFailure);
  EXPECT_EQ(event.kind, EventKind::kPostToolUseFailure);
  EXPECT_EQ(event.event_name, "PostToolUseFailure");
  EXPECT_EQ(event.tool_use_id, "toolu_01Test2");
  EXPECT_EQ(event.error,
            "Exit code 1\nFAIL src/auth/login.test.ts\n  expected 200, received 401\nTests: 1 "
            "failed, 211 passed, 212 total");
  EXPECT_FALSE(event.is_interrupt);
  EXPECT_EQ(event.duration_ms, std::optional<int64_t>(51877));
  ASSERT_TRUE(event.bash.has_value());
  EXPECT_EQ(event.bash->command, "npm test");
  EXPECT_FALSE(ErrorSaysTimedOut(event.error));
}

TEST(ParseHookEventTest, PostToolUseFailureInterrupted) {
  HookEvent event = MustParse(kPostToolUseFailureInterrupted);
  EXPECT_EQ(event.kind, EventKind::kPostToolUseFailure);
  EXPECT_TRUE(event.is_interrupt);
  EXPECT_EQ(event.duration_ms, std::optional<int64_t>(18342));
}

TEST(ParseHookEventTest, PostToolUseFailureTimedOut) {
  HookEvent event = MustParse(kPostToolUseFailureTimedOut);
  EXPECT_EQ(event.kind, EventKind::kPostToolUseFailure);
  EXPECT_EQ(event.error, "Fetching origin\nCommand timed out after 2m 0s");
  EXPECT_TRUE(ErrorSaysTimedOut(event.error));
  EXPECT_FALSE(event.is_interrupt);
  EXPECT_EQ(event.duration_ms, std::optional<int64_t>(120011));
}

TEST(ParseHookEventTest, NonBashToolHasNoBashCallOrResponse) {
  HookEvent event = MustParse(kPostToolUseTaskOutput);
  EXPECT_EQ(event.kind, EventKind::kPostToolUse);
  EXPECT_EQ(event.tool_name, "TaskOutput");
  EXPECT_EQ(event.tool_use_id, "toolu_01Poll2");
  EXPECT_FALSE(event.bash.has_value());
  EXPECT_EQ(event.response.background_task_id, "");
  EXPECT_EQ(event.duration_ms, std::optional<int64_t>(30008));
}

TEST(ParseHookEventTest, ToolInputWithACommandOfAnotherToolIsNotABashCall) {
  HookEvent event = MustParse(
      R"({"hook_event_name":"PreToolUse","tool_name":"PowerShell","tool_input":{"command":"ls"}})");
  EXPECT_FALSE(event.bash.has_value());
}

TEST(ParseHookEventTest, UserPromptSubmitCarriesThePromptAndNoToolFields) {
  HookEvent event = MustParse(kUserPromptSubmit);
  EXPECT_EQ(event.kind, EventKind::kUserPromptSubmit);
  EXPECT_EQ(event.event_name, "UserPromptSubmit");
  EXPECT_EQ(event.session_id, "7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03");
  EXPECT_EQ(event.prompt,
            "Run the full integration test suite, then rebuild the Docker image and tell me what "
            "failed.");
  EXPECT_EQ(event.source, "user");
  EXPECT_EQ(event.tool_name, "");
  EXPECT_FALSE(event.bash.has_value());
  EXPECT_FALSE(event.task_tool.has_value());
  EXPECT_EQ(event.duration_ms, std::nullopt);
}

TEST(ParseHookEventTest, SessionStartCarriesItsSource) {
  HookEvent event = MustParse(
      R"({"session_id":"s","transcript_path":"/t.jsonl","cwd":"/home/alex/webapp","hook_event_name":"SessionStart","source":"compact","model":"claude"})");
  EXPECT_EQ(event.kind, EventKind::kSessionStart);
  EXPECT_EQ(event.source, "compact");
  EXPECT_EQ(event.cwd, "/home/alex/webapp");
}

TEST(ParseHookEventTest, StopListsTheTasksInFlightWhenTheClientDoes) {
  HookEvent event = MustParse(
      R"({"session_id":"s","cwd":"/w","hook_event_name":"Stop","stop_hook_active":false,"background_tasks":[{"id":"bx1c7h3pd","type":"shell","status":"running","command":"npm run e2e"},{"id":"a3f9","type":"subagent"},{"type":"shell"},7],"session_crons":[]})");
  EXPECT_EQ(event.kind, EventKind::kStop);
  EXPECT_FALSE(event.stop_hook_active);
  ASSERT_TRUE(event.background_task_ids.has_value());
  EXPECT_EQ(*event.background_task_ids, (std::vector<std::string>{"bx1c7h3pd", "a3f9"}));

  HookEvent empty = MustParse(
      R"({"session_id":"s","hook_event_name":"Stop","stop_hook_active":false,"background_tasks":[]})");
  ASSERT_TRUE(empty.background_task_ids.has_value());
  EXPECT_TRUE(empty.background_task_ids->empty());

  // Before 2.1.145 there is no list: bgprof cannot tell what ended.
  HookEvent old =
      MustParse(R"({"session_id":"s","hook_event_name":"Stop","stop_hook_active":true})");
  EXPECT_TRUE(old.stop_hook_active);
  EXPECT_FALSE(old.background_task_ids.has_value());
}

TEST(ParseHookEventTest, TheWholeToolInputIsKept) {
  HookEvent event = MustParse(kPreToolUseBash);
  EXPECT_EQ(event.transcript_path,
            "/home/alex/.claude/projects/-home-alex-webapp/"
            "7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03.jsonl");
  EXPECT_EQ(event.tool_input,
            nlohmann::json::parse(R"({"command":"npm test","description":"Run test suite",)"
                                  R"("timeout":300000})"));
}

TEST(ParseHookEventTest, TaskOutputPollsATask) {
  HookEvent running = MustParse(kPostToolUseTaskOutput);
  ASSERT_TRUE(running.task_tool.has_value());
  EXPECT_EQ(running.task_tool->task_id, "bx1c7h3pd");
  EXPECT_EQ(running.task_tool->status, "running");
  EXPECT_FALSE(running.task_tool->stops);
  EXPECT_FALSE(IsTerminalTaskStatus(running.task_tool->status));

  HookEvent done = MustParse(
      R"({"session_id":"s","hook_event_name":"PostToolUse","tool_name":"TaskOutput","tool_input":{"task_id":"b7k2m9x4q","block":true,"timeout":600000},"tool_response":{"retrieval_status":"success","task":{"task_id":"b7k2m9x4q","task_type":"local_bash","status":"completed","output":"built","exitCode":0}},"tool_use_id":"toolu_01Poll1","duration_ms":183220})");
  ASSERT_TRUE(done.task_tool.has_value());
  EXPECT_EQ(done.task_tool->status, "completed");
  EXPECT_TRUE(IsTerminalTaskStatus(done.task_tool->status));
}

TEST(ParseHookEventTest, LegacyBashOutputAndKillShell) {
  HookEvent poll = MustParse(
      R"({"hook_event_name":"PostToolUse","tool_name":"BashOutput","tool_input":{"bash_id":"a1b2c3"},"tool_response":"<status>running</status>\\n<stdout>12 passing</stdout>"})");
  ASSERT_TRUE(poll.task_tool.has_value());
  EXPECT_EQ(poll.task_tool->task_id, "a1b2c3");
  EXPECT_EQ(poll.task_tool->status, "running");

  HookEvent kill = MustParse(
      R"json({"hook_event_name":"PostToolUse","tool_name":"KillShell","tool_input":{"shell_id":"a1b2c3"},"tool_response":{"message":"Successfully killed shell: a1b2c3 (npm test)","shell_id":"a1b2c3"}})json");
  ASSERT_TRUE(kill.task_tool.has_value());
  EXPECT_EQ(kill.task_tool->task_id, "a1b2c3");
  EXPECT_TRUE(kill.task_tool->stops);

  HookEvent stop = MustParse(
      R"({"hook_event_name":"PostToolUseFailure","tool_name":"TaskStop","tool_input":{"shell_id":"bq4"},"error":"Task bq4 is not running"})");
  ASSERT_TRUE(stop.task_tool.has_value());
  EXPECT_EQ(stop.task_tool->task_id, "bq4");
  EXPECT_TRUE(stop.task_tool->stops);
}

TEST(ParseHookEventTest, ReadOfATaskOutputFileIsAPoll) {
  HookEvent read = MustParse(
      R"({"session_id":"s","hook_event_name":"PostToolUse","tool_name":"Read","tool_input":{"file_path":"/tmp/claude-0/-work-x/7c1e/tasks/bj3nctuu6.output"},"tool_response":{"type":"text","file":{"filePath":"/tmp/claude-0/-work-x/7c1e/tasks/bj3nctuu6.output","content":"  12 passing\n","numLines":1}}})");
  ASSERT_TRUE(read.task_tool.has_value());
  EXPECT_EQ(read.task_tool->task_id, "bj3nctuu6");
  EXPECT_EQ(read.task_tool->status, "");

  HookEvent ended = MustParse(
      R"({"hook_event_name":"PostToolUse","tool_name":"Read","tool_input":{"file_path":"/tmp/c/tasks/bj3nctuu6.output"},"tool_response":{"type":"text","file":{"content":"ok\n[exited with code 0]\n"}}})");
  ASSERT_TRUE(ended.task_tool.has_value());
  EXPECT_TRUE(IsTerminalTaskStatus(ended.task_tool->status));

  HookEvent ordinary = MustParse(
      R"({"hook_event_name":"PostToolUse","tool_name":"Read","tool_input":{"file_path":"/home/alex/webapp/src/tasks/output.ts"},"tool_response":{"type":"text"}})");
  EXPECT_FALSE(ordinary.task_tool.has_value());
}

TEST(ParseHookEventTest, TaskToolsWithoutAnIdOrWithOddShapesAreNotTaskCalls) {
  for (
      const char* text : {
          R"({"hook_event_name":"PostToolUse","tool_name":"TaskOutput","tool_input":{"block":true}})",
          R"({"hook_event_name":"PostToolUse","tool_name":"TaskOutput","tool_input":"b1"})",
          R"({"hook_event_name":"PostToolUse","tool_name":"TaskStop","tool_input":{"task_id":7}})",
          R"({"hook_event_name":"PostToolUse","tool_name":"Read","tool_input":{"file_path":3}})",
      }) {
    EXPECT_FALSE(MustParse(text).task_tool.has_value()) << text;
  }
  HookEvent odd = MustParse(
      R"({"hook_event_name":"PostToolUse","tool_name":"TaskOutput","tool_input":{"task_id":"b1"},"tool_response":{"task":"running"}})");
  ASSERT_TRUE(odd.task_tool.has_value());
  EXPECT_EQ(odd.task_tool->status, "");
}

TEST(ParseHookEventTest, InputThatIsNotAJsonObjectIsAnError) {
  for (const char* text : {"", "   ", "garbage", "{", "{\"hook_event_name\":\"PreToolUse\"", "[]",
                           R"([{"hook_event_name":"PreToolUse"}])", "\"PreToolUse\"", "42", "null",
                           R"({"hook_event_name":"PreToolUse"} trailing)"}) {
    absl::StatusOr<HookEvent> event = ParseHookEvent(text);
    EXPECT_FALSE(event.ok()) << "accepted: " << text;
    if (!event.ok()) {
      EXPECT_EQ(event.status().code(), absl::StatusCode::kInvalidArgument) << text;
    }
  }
}

TEST(ParseHookEventTest, ObjectWithoutAUsableHookEventNameIsAnError) {
  for (const char* text :
       {"{}", R"({"tool_name":"Bash","tool_input":{"command":"ls"}})", R"({"hook_event_name":""})",
        R"({"hook_event_name":7})", R"({"hook_event_name":null})",
        R"({"hook_event_name":["PreToolUse"]})"}) {
    absl::StatusOr<HookEvent> event = ParseHookEvent(text);
    EXPECT_FALSE(event.ok()) << "accepted: " << text;
    if (!event.ok()) {
      EXPECT_EQ(event.status().code(), absl::StatusCode::kInvalidArgument) << text;
    }
  }
}

TEST(ParseHookEventTest, MinimalObjectParses) {
  HookEvent event = MustParse(R"({"hook_event_name":"Notification"})");
  EXPECT_EQ(event.kind, EventKind::kOther);
  EXPECT_EQ(event.event_name, "Notification");
  EXPECT_EQ(event.session_id, "");
  EXPECT_FALSE(event.bash.has_value());
}

TEST(ParseHookEventTest, WrongTypedDurationIsAbsent) {
  for (const char* duration : {R"("48213")", "true", "null", "[48213]", R"({"ms":48213})"}) {
    HookEvent event = MustParse(PostWith(std::string(R"("duration_ms":)") + duration));
    EXPECT_EQ(event.duration_ms, std::nullopt) << duration;
    ASSERT_TRUE(event.bash.has_value()) << duration;
    EXPECT_EQ(event.bash->command, "sleep 1") << duration;
  }
}

TEST(ParseHookEventTest, WrongTypedCommandMeansNoBashCall) {
  for (const char* input : {R"({"command":42})", R"({"command":null})", R"({"command":["ls"]})",
                            R"({"description":"no command"})"}) {
    HookEvent event =
        MustParse(std::string(R"({"hook_event_name":"PreToolUse",)") +
                  R"("tool_name":"Bash","tool_use_id":"t","tool_input":)" + input + "}");
    EXPECT_EQ(event.kind, EventKind::kPreToolUse) << input;
    EXPECT_EQ(event.tool_use_id, "t") << input;
    EXPECT_FALSE(event.bash.has_value()) << input;
  }
}

TEST(ParseHookEventTest, WrongTypedToolInputMeansNoBashCall) {
  for (const char* input : {R"("npm test")", "[]", "null", "17"}) {
    HookEvent event = MustParse(
        std::string(R"({"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":)") + input +
        "}");
    EXPECT_FALSE(event.bash.has_value()) << input;
  }
}

TEST(ParseHookEventTest, WrongTypedFieldsElsewhereAreAbsent) {
  HookEvent event = MustParse(
      R"({"hook_event_name":"PostToolUse","session_id":5,"cwd":["/x"],"tool_name":"Bash",)"
      R"("tool_use_id":{"id":"x"},"error":false,"is_interrupt":"true",)"
      R"("tool_input":{"command":"ls","run_in_background":"yes","timeout":"300000"},)"
      R"("tool_response":{"backgroundTaskId":12,"backgroundedByUser":1,"interrupted":"true",)"
      R"("timedOutAfterMs":"120000"}})");
  EXPECT_EQ(event.session_id, "");
  EXPECT_EQ(event.cwd, "");
  EXPECT_EQ(event.tool_use_id, "");
  EXPECT_EQ(event.error, "");
  EXPECT_FALSE(event.is_interrupt);
  ASSERT_TRUE(event.bash.has_value());
  EXPECT_EQ(event.bash->command, "ls");
  EXPECT_FALSE(event.bash->run_in_background);
  EXPECT_EQ(event.bash->timeout_ms, std::nullopt);
  EXPECT_EQ(event.response.background_task_id, "");
  EXPECT_FALSE(event.response.backgrounded_by_user);
  EXPECT_FALSE(event.response.interrupted);
  EXPECT_EQ(event.response.timed_out_after_ms, std::nullopt);
}

TEST(ParseHookEventTest, ToolResponseThatIsNotAnObjectIsIgnored) {
  for (const char* response : {R"("done")", "[]", "null", "3"}) {
    HookEvent event = MustParse(PostWith(std::string(R"("tool_response":)") + response));
    EXPECT_EQ(event.response.background_task_id, "") << response;
    ASSERT_TRUE(event.bash.has_value()) << response;
  }
}

TEST(ParseHookEventTest, InterruptedResponseIsRead) {
  HookEvent event = MustParse(PostWith(R"("tool_response":{"interrupted":true})"));
  EXPECT_TRUE(event.response.interrupted);
}

TEST(ParseHookEventTest, FractionalDurationRoundsToTheNearestMillisecond) {
  EXPECT_EQ(MustParse(PostWith(R"("duration_ms":48213.4)")).duration_ms,
            std::optional<int64_t>(48213));
  EXPECT_EQ(MustParse(PostWith(R"("duration_ms":48213.5)")).duration_ms,
            std::optional<int64_t>(48214));
  EXPECT_EQ(MustParse(PostWith(R"("duration_ms":0.4)")).duration_ms, std::optional<int64_t>(0));
  EXPECT_EQ(MustParse(PostWith(R"("duration_ms":4.8213e4)")).duration_ms,
            std::optional<int64_t>(48213));
  HookEvent event = MustParse(
      R"({"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls",)"
      R"("timeout":1500.7}})");
  ASSERT_TRUE(event.bash.has_value());
  EXPECT_EQ(event.bash->timeout_ms, std::optional<int64_t>(1501));
}

TEST(ParseHookEventTest, NegativeOrAbsurdDurationsAreIgnored) {
  for (const char* duration : {"-1", "-0.6", "-48213", "1e14", "1e300", "18446744073709551615"}) {
    HookEvent event = MustParse(PostWith(std::string(R"("duration_ms":)") + duration));
    EXPECT_EQ(event.duration_ms, std::nullopt) << duration;
  }
  EXPECT_EQ(MustParse(PostWith(R"("duration_ms":0)")).duration_ms, std::optional<int64_t>(0));
  EXPECT_EQ(MustParse(PostWith(R"("duration_ms":-0.0)")).duration_ms, std::optional<int64_t>(0));
  // Ten years is still a duration.
  EXPECT_EQ(MustParse(PostWith(R"("duration_ms":315360000000)")).duration_ms,
            std::optional<int64_t>(315360000000));
}

TEST(ParseHookEventTest, UnknownFieldsAreIgnored) {
  HookEvent event = MustParse(
      PostWith(R"("duration_ms":12,"future_field":{"nested":[1,2,{"x":null}]},"agent_id":"a3f9",)"
               R"("mcp_server":{"name":"x","source":"y"},"hook_event_name_v2":"nope")"));
  EXPECT_EQ(event.kind, EventKind::kPostToolUse);
  EXPECT_EQ(event.duration_ms, std::optional<int64_t>(12));
  ASSERT_TRUE(event.bash.has_value());
  EXPECT_EQ(event.bash->command, "sleep 1");
}

TEST(ParseHookEventTest, EscapedAndNonAsciiCommandsSurvive) {
  HookEvent event = MustParse(
      R"({"hook_event_name":"PreToolUse","tool_name":"Bash",)"
      R"("tool_input":{"command":"echo \"h\u00e9\" && printf '%s\\n' \u2713\ncat <<EOF"}})");
  ASSERT_TRUE(event.bash.has_value());
  EXPECT_EQ(event.bash->command, "echo \"h\xc3\xa9\" && printf '%s\\n' \xe2\x9c\x93\ncat <<EOF");
}

TEST(ErrorSaysTimedOutTest, FindsTheTimeoutLineAnywhere) {
  EXPECT_TRUE(ErrorSaysTimedOut("Command timed out after 2m 0s"));
  EXPECT_TRUE(ErrorSaysTimedOut("Exit code 143\nsome output\nCommand timed out after 10m 0s\n"));
  EXPECT_TRUE(ErrorSaysTimedOut("Fetching origin\nCommand timed out after 2m 0s"));
}

TEST(ErrorSaysTimedOutTest, TheCommandsOwnOutputDoesNotCount) {
  EXPECT_FALSE(ErrorSaysTimedOut("Exit code 255\nssh: Command timed out after 30s"));
}

TEST(ErrorSaysTimedOutTest, OtherFailuresAreNotTimeouts) {
  EXPECT_FALSE(ErrorSaysTimedOut(""));
  EXPECT_FALSE(ErrorSaysTimedOut("Exit code 1\nFAIL src/auth/login.test.ts"));
  EXPECT_FALSE(ErrorSaysTimedOut("Exit code 2\nmake: *** [Makefile:42: all] Error 1"));
  EXPECT_FALSE(ErrorSaysTimedOut("command timed out"));  // wording is Claude Code's, exact case
  EXPECT_FALSE(ErrorSaysTimedOut("Command timed"));
}

}  // namespace
}  // namespace bgprof
