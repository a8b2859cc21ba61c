#include "profiler/calibrate/claude_transcript.h"

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"

namespace bgprof {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::Pair;

// 2026-09-02T10:00:00.000Z, from Python's calendar.timegm.
constexpr int64_t kBaseMs = 1788343200000;

// The timestamp `ms` after kBaseMs, as Claude Code writes it (under an hour).
std::string At(int64_t ms) {
  return absl::StrFormat("2026-09-02T10:%02d:%02d.%03dZ", ms / 60000, ms / 1000 % 60, ms % 1000);
}

// A tool_use line as 2.1.x clients write it: one content block per line.
std::string Use(std::string_view id, int64_t at_ms, std::string_view command,
                std::string_view message_id, json extra_input = json::object(),
                std::string_view name = "Bash") {
  json input = {{"command", command}, {"description", "a call"}};
  input.update(extra_input);
  return json{
      {"type", "assistant"},
      {"uuid", "a-" + std::string(id)},
      {"timestamp", At(at_ms)},
      {"sessionId", "7c1e5f0a"},
      {"cwd", "/home/alex/webapp"},
      {"version", "2.1.240"},
      {"isSidechain", false},
      {"message",
       {{"id", message_id},
        {"role", "assistant"},
        {"content",
         json::array({{{"type", "tool_use"}, {"id", id}, {"name", name}, {"input", input}}})}}}}
      .dump();
}

json BashOutput(json extra = json::object()) {
  json output = {{"stdout", "done"}, {"stderr", ""}, {"interrupted", false}, {"isImage", false}};
  output.update(extra);
  return output;
}

// A tool_result line: `tool_use_result` is the top-level toolUseResult (an object or a string).
std::string Result(std::string_view id, int64_t at_ms, json tool_use_result = BashOutput(),
                   bool is_error = false, std::string_view content = "done") {
  return json{{"type", "user"},
              {"uuid", "u-" + std::string(id)},
              {"timestamp", At(at_ms)},
              {"sessionId", "7c1e5f0a"},
              {"message",
               {{"role", "user"},
                {"content", json::array({{{"type", "tool_result"},
                                          {"tool_use_id", id},
                                          {"content", content},
                                          {"is_error", is_error}}})}}},
              {"toolUseResult", tool_use_result}}
      .dump();
}

// A bash_progress line of 2.1.3x clients: the command has run `elapsed_s` seconds.
std::string Progress(std::string_view id, int64_t at_ms, int elapsed_s) {
  return json{{"type", "progress"},
              {"timestamp", At(at_ms)},
              {"toolUseID", "bash-progress-0"},
              {"parentToolUseID", id},
              {"data",
               {{"type", "bash_progress"},
                {"output", ""},
                {"elapsedTimeSeconds", elapsed_s},
                {"timeoutMs", 120000}}}}
      .dump();
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

const HistoryRun* RunOf(const HistoryRead& read, std::string_view tool_use_id) {
  for (const HistoryRun& run : read.runs) {
    if (run.tool_use_id == tool_use_id) return &run;
  }
  return nullptr;
}

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(BGPROF_SOURCE_DIR) + "/tests/data/calibrate/" + name,
                   std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ClaudeTranscriptTest, JoinsAPlainPairOnItsId) {
  const HistoryRead read = ParseClaudeTranscript(
      Lines({Use("toolu_01Lint", 1120, "npm run lint", "msg_1"), Result("toolu_01Lint", 9870)}));
  ASSERT_EQ(read.runs.size(), 1u);
  const HistoryRun& run = read.runs[0];
  EXPECT_EQ(run.source, "claude");
  EXPECT_EQ(run.key, "toolu_01Lint");
  EXPECT_EQ(run.tool_use_id, "toolu_01Lint");
  EXPECT_EQ(run.session, "7c1e5f0a");
  EXPECT_EQ(run.cwd, "/home/alex/webapp");
  EXPECT_EQ(run.command, "npm run lint");
  EXPECT_EQ(run.started_ms, kBaseMs + 1120);
  EXPECT_EQ(run.duration_ms, 8750);
  EXPECT_EQ(run.outcome, Outcome::kOk);
  EXPECT_TRUE(run.by_agent);
  // Nothing but the two timestamps times it: a permission prompt may sit in the gap.
  EXPECT_TRUE(run.may_hold_wait);
  EXPECT_EQ(read.entries, 1);
  EXPECT_TRUE(read.skipped.empty());
}

TEST(ClaudeTranscriptTest, CallsOfOneMessageStartWhenTheCallBeforeEnded) {
  const HistoryRead read = ParseClaudeTranscript(Lines({
      Use("toolu_A", 1000, "make", "msg_1"),
      Use("toolu_B", 1300, "make test", "msg_1"),
      Result("toolu_A", 6000),
      Result("toolu_B", 8000),
  }));
  ASSERT_EQ(read.runs.size(), 2u);
  EXPECT_EQ(RunOf(read, "toolu_A")->duration_ms, 5000);
  EXPECT_EQ(RunOf(read, "toolu_B")->started_ms, kBaseMs + 6000);
  EXPECT_EQ(RunOf(read, "toolu_B")->duration_ms, 2000);
}

TEST(ClaudeTranscriptTest, AnEarlierCallOfTheMessageOnlyCountsWhenItEndedFirst) {
  // The Read's result was written after the Bash call's own: they ran side by side, and the
  // Bash call started at its own line. Other tools count like Bash when they did end first.
  const HistoryRead read = ParseClaudeTranscript(Lines({
      Use("toolu_Read", 1000, "", "msg_1", json::object(), "Read"),
      Use("toolu_Ls", 1200, "ls", "msg_1"),
      Use("toolu_Grep", 1300, "", "msg_2", json::object(), "Grep"),
      Use("toolu_Cat", 1400, "cat a", "msg_2"),
      Result("toolu_Ls", 1500),
      Result("toolu_Read", 1700),
      Result("toolu_Grep", 2000),
      Result("toolu_Cat", 2100),
  }));
  EXPECT_EQ(RunOf(read, "toolu_Ls")->started_ms, kBaseMs + 1200);
  EXPECT_EQ(RunOf(read, "toolu_Ls")->duration_ms, 300);
  EXPECT_EQ(RunOf(read, "toolu_Cat")->started_ms, kBaseMs + 2000);
  EXPECT_EQ(RunOf(read, "toolu_Cat")->duration_ms, 100);
  EXPECT_EQ(read.entries, 2);  // Bash calls only
}

TEST(ClaudeTranscriptTest, AFailedCallsStringResultMakesItFailed) {
  const HistoryRead read = ParseClaudeTranscript(Lines({
      Use("toolu_Test", 0, "npm test", "msg_1"),
      Result("toolu_Test", 51877, "Error: Exit code 1\nFAIL src/auth/login.test.ts", true,
             "Exit code 1\nFAIL src/auth/login.test.ts"),
      Use("toolu_Make", 60000, "make -j8", "msg_2"),
      // Only is_error says so (no toolUseResult string).
      Result("toolu_Make", 78342, BashOutput(), true, "Exit code 2\nmake: *** Error 1"),
      Use("toolu_Fetch", 80000, "git fetch --all", "msg_3"),
      Result("toolu_Fetch", 200011, "Error: Fetching origin\nCommand timed out after 2m 0s", true),
  }));
  ASSERT_EQ(read.runs.size(), 3u);
  EXPECT_EQ(RunOf(read, "toolu_Test")->outcome, Outcome::kFailed);
  EXPECT_EQ(RunOf(read, "toolu_Test")->duration_ms, 51877);
  EXPECT_EQ(RunOf(read, "toolu_Make")->outcome, Outcome::kFailed);
  // Killed at its timeout: it would have run longer, as the hook records such a run.
  EXPECT_EQ(RunOf(read, "toolu_Fetch")->outcome, Outcome::kCensored);
}

TEST(ClaudeTranscriptTest, InterruptedRunsAreLowerBoundsAndRefusedCallsAreSkipped) {
  const HistoryRead read = ParseClaudeTranscript(Lines({
      Use("toolu_Build", 0, "make build", "msg_1"),
      Result("toolu_Build", 40000, "Error: [Request interrupted by user for tool use]", true,
             "[Request interrupted by user for tool use]"),
      Use("toolu_Serve", 41000, "npm run dev", "msg_2"),
      Result("toolu_Serve", 45000, BashOutput({{"interrupted", true}})),
      Use("toolu_Rm", 50000, "rm -rf build", "msg_3"),
      Result("toolu_Rm", 58000, "User rejected tool use", true,
             "The user doesn't want to proceed with this tool use."),
      Use("toolu_Bad", 60000, "ls", "msg_4"),
      Result("toolu_Bad", 60010, "Error: <tool_use_error>InputValidationError</tool_use_error>",
             true),
  }));
  ASSERT_EQ(read.runs.size(), 2u);
  EXPECT_EQ(RunOf(read, "toolu_Build")->outcome, Outcome::kInterrupted);
  EXPECT_EQ(RunOf(read, "toolu_Build")->duration_ms, 40000);
  EXPECT_EQ(RunOf(read, "toolu_Serve")->outcome, Outcome::kInterrupted);
  EXPECT_THAT(read.skipped, ElementsAre(Pair("not run", 1), Pair("rejected", 1)));
  EXPECT_EQ(read.entries, 4);
}

TEST(ClaudeTranscriptTest, ResultsOfTwoMessagesInterleaved) {
  // A subagent's call (another message) ends first and in between; results also come before
  // their tool_use line when the file is written out of order.
  std::string sidechain = Use("toolu_Sub", 1000, "pytest -x", "msg_sub");
  sidechain.replace(sidechain.find("\"isSidechain\":false"), 19, "\"isSidechain\":true");
  const HistoryRead read = ParseClaudeTranscript(Lines({
      Use("toolu_Main", 0, "cargo build", "msg_main"),
      sidechain,
      Result("toolu_Sub", 3000),
      Result("toolu_Late", 9000),
      Result("toolu_Main", 4000),
      Use("toolu_Late", 8000, "cargo test", "msg_main2"),
  }));
  ASSERT_EQ(read.runs.size(), 3u);
  EXPECT_EQ(RunOf(read, "toolu_Main")->duration_ms, 4000);
  EXPECT_EQ(RunOf(read, "toolu_Sub")->duration_ms, 2000);
  EXPECT_EQ(RunOf(read, "toolu_Late")->duration_ms, 1000);
}

// The fact sheet's sample (§5): a lint in the foreground and a test suite launched in the
// background in one message; the suite's task-notification comes 3 1/2 minutes later.
constexpr std::string_view kBackgroundSample =
    R"({"type":"assistant","uuid":"a1","parentUuid":"u0","timestamp":"2026-09-02T10:00:01.120Z","sessionId":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","version":"2.1.240","message":{"id":"msg_01AbC","role":"assistant","content":[{"type":"tool_use","id":"toolu_01Lint","name":"Bash","input":{"command":"npm run lint","description":"Run linter"}}]},"requestId":"req_01X"}
{"type":"assistant","uuid":"a2","parentUuid":"a1","timestamp":"2026-09-02T10:00:01.410Z","sessionId":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","version":"2.1.240","message":{"id":"msg_01AbC","role":"assistant","content":[{"type":"tool_use","id":"toolu_01Test","name":"Bash","input":{"command":"npm test","run_in_background":true,"description":"Run test suite"}}]},"requestId":"req_01X"}
{"type":"user","uuid":"u1","parentUuid":"a2","timestamp":"2026-09-02T10:00:01.600Z","sessionId":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01Test","content":"Command running in background with ID: b7k2m9x4q. Output is being written to: ..."}]},"toolUseResult":{"stdout":"","stderr":"","interrupted":false,"isImage":false,"backgroundTaskId":"b7k2m9x4q"}}
{"type":"user","uuid":"u2","parentUuid":"a1","timestamp":"2026-09-02T10:00:09.870Z","sessionId":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01Lint","content":"No lint errors","is_error":false}]},"toolUseResult":{"stdout":"No lint errors","stderr":"","interrupted":false,"isImage":false}}
{"type":"user","uuid":"u3","parentUuid":"u2","timestamp":"2026-09-02T10:03:42.015Z","sessionId":"7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03","origin":{"kind":"task-notification"},"message":{"role":"user","content":"<task-notification>\n<task-id>b7k2m9x4q</task-id>\n<tool-use-id>toolu_01Test</tool-use-id>\n<status>completed</status>\n<summary>Background command \"Run test suite\" completed (exit code 0)</summary>\n</task-notification>"}}
)";

TEST(ClaudeTranscriptTest, ATaskNotificationClosesABackgroundLaunch) {
  const HistoryRead read = ParseClaudeTranscript(kBackgroundSample);
  ASSERT_EQ(read.runs.size(), 2u);
  const HistoryRun* test = RunOf(read, "toolu_01Test");
  ASSERT_NE(test, nullptr);
  // From the launch stub (the spawn) to the notice: 10:00:01.600 to 10:03:42.015.
  EXPECT_EQ(test->started_ms, kBaseMs + 1600);
  EXPECT_EQ(test->duration_ms, 220415);
  EXPECT_TRUE(test->may_hold_wait);
  EXPECT_EQ(test->outcome, Outcome::kOk);
  // The lint is the message's first call: its result came after the launch's, yet it started
  // at its own line.
  EXPECT_EQ(RunOf(read, "toolu_01Lint")->duration_ms, 8750);
}

TEST(ClaudeTranscriptTest, AQueuedNoticeNamingOnlyTheTaskClosesItAtTheEnqueue) {
  const std::string enqueue = json{
      {"type", "queue-operation"},
      {"operation", "enqueue"},
      {"timestamp", At(95000)},
      {"content",
       "<task-notification>\n<task-id>bq4n8v2ze</task-id>\n<status>failed</status>\n"
       "<summary>Background command \"Build\" failed with exit code 1</summary>\n"
       "</task-notification>"}}.dump();
  const std::string dequeued = json{{"type", "user"},
                                    {"timestamp", At(97000)},
                                    {"message",
                                     {{"role", "user"},
                                      {"content",
                                       "<task-notification>\n<task-id>bq4n8v2ze</task-id>\n"
                                       "<status>failed</status>\n</task-notification>"}}}}
                                   .dump();
  const HistoryRead read = ParseClaudeTranscript(Lines({
      Use("toolu_Dock", 0, "docker build .", "msg_1", {{"run_in_background", true}}),
      // An older client: no backgroundTaskId, only the stub's text names the task.
      Result("toolu_Dock", 5000, BashOutput({{"stdout", ""}}), false,
             "Command running in background with ID: bq4n8v2ze. Output is being written to: x"),
      enqueue,
      dequeued,
  }));
  ASSERT_EQ(read.runs.size(), 1u);
  EXPECT_EQ(read.runs[0].started_ms, kBaseMs + 5000);
  EXPECT_EQ(read.runs[0].duration_ms, 90000);
  EXPECT_EQ(read.runs[0].outcome, Outcome::kFailed);
}

TEST(ClaudeTranscriptTest, ABackgroundLaunchNothingClosesIsSkipped) {
  const HistoryRead read = ParseClaudeTranscript(Lines({
      Use("toolu_Srv", 0, "npm run dev", "msg_1", {{"run_in_background", true}}),
      Result("toolu_Srv", 60, BashOutput({{"backgroundTaskId", "bsrv1234"}})),
      // A notice for another task, and one quoted in a command's output, close nothing.
      json{{"type", "user"},
           {"timestamp", At(9000)},
           {"message",
            {{"role", "user"},
             {"content", "<task-notification><task-id>bother99</task-id></task-notification>"}}}}
          .dump(),
      Use("toolu_Cat", 10000, "cat notes.txt", "msg_2"),
      Result("toolu_Cat", 10100, BashOutput(), false,
             "<task-notification><task-id>bsrv1234</task-id></task-notification>"),
  }));
  ASSERT_EQ(read.runs.size(), 1u);
  EXPECT_EQ(read.runs[0].tool_use_id, "toolu_Cat");
  EXPECT_THAT(read.skipped, ElementsAre(Pair("background, no end", 1)));
  EXPECT_EQ(read.entries, 2);
}

TEST(ClaudeTranscriptTest, AStoppedTaskRanAtLeastUntilTheStop) {
  const HistoryRead read = ParseClaudeTranscript(Lines({
      Use("toolu_E2e", 0, "npm run e2e", "msg_1", {{"run_in_background", true}}),
      Result("toolu_E2e", 100, BashOutput({{"backgroundTaskId", "bx1c7h3pd"}})),
      Use("toolu_Stop", 30000, "", "msg_2", json::object(), "TaskStop"),
      Result("toolu_Stop", 30100,
             {{"message", "Successfully stopped task: bx1c7h3pd (npm run e2e)"},
              {"task_id", "bx1c7h3pd"},
              {"task_type", "local_bash"}}),
  }));
  ASSERT_EQ(read.runs.size(), 1u);
  EXPECT_EQ(read.runs[0].outcome, Outcome::kInterrupted);
  EXPECT_EQ(read.runs[0].duration_ms, 30000);
  EXPECT_FALSE(read.runs[0].may_hold_wait);
}

TEST(ClaudeTranscriptTest, APollThatFindsTheTaskDoneClosesIt) {
  const HistoryRead read = ParseClaudeTranscript(Lines({
      Use("toolu_Build", 0, "cargo build --release", "msg_1", {{"run_in_background", true}}),
      Result("toolu_Build", 50, BashOutput({{"backgroundTaskId", "b7k2m9x4q"}})),
      Use("toolu_Poll1", 1000, "", "msg_2", json::object(), "TaskOutput"),
      Result("toolu_Poll1", 31000,
             {{"retrieval_status", "timeout"},
              {"task", {{"task_id", "b7k2m9x4q"}, {"status", "running"}}}}),
      Use("toolu_Poll2", 32000, "", "msg_3", json::object(), "TaskOutput"),
      Result("toolu_Poll2", 183050,
             {{"retrieval_status", "success"},
              {"task", {{"task_id", "b7k2m9x4q"}, {"status", "completed"}, {"exitCode", 101}}}}),
  }));
  ASSERT_EQ(read.runs.size(), 1u);
  EXPECT_EQ(read.runs[0].duration_ms, 183000);
  EXPECT_EQ(read.runs[0].outcome, Outcome::kFailed);
  EXPECT_TRUE(read.runs[0].may_hold_wait);
}

TEST(ClaudeTranscriptTest, SurvivesCutAndForeignLines) {
  const std::string cut_use = Use("toolu_Cut", 2000, "make", "msg_2");
  const std::string ok_result = Result("toolu_Ok", 1500);
  const HistoryRead read = ParseClaudeTranscript(
      "not json at all, \"tool_use\"\n" + Use("toolu_Ok", 1000, "ls", "msg_1") + "\r\n" +
      cut_use.substr(0, cut_use.size() / 2) + "\n" + R"({"type":"summary","summary":"x"})" + "\n" +
      R"({"type":"assistant","message":{"content":"tool_use"}})" + "\n" +
      R"({"type":"user","message":{"content":[{"type":"tool_result"}]},"toolUseResult":7})" + "\n" +
      Use("toolu_Open", 3000, "npm test", "msg_3") + "\n" + ok_result + "\n" +
      Result("toolu_Open", 9000).substr(0, 40));  // the file ends inside the line
  ASSERT_EQ(read.runs.size(), 1u);
  EXPECT_EQ(read.runs[0].tool_use_id, "toolu_Ok");
  EXPECT_EQ(read.runs[0].duration_ms, 500);
  EXPECT_THAT(read.skipped, ElementsAre(Pair("no result", 1)));
  EXPECT_EQ(read.entries, 2);
}

TEST(ClaudeTranscriptTest, MissingFieldsSkipTheCallNotTheFile) {
  std::string no_time = Use("toolu_NoTime", 0, "ls", "msg_2");
  no_time.replace(no_time.find(At(0)), At(0).size(), "yesterday");
  const HistoryRead read = ParseClaudeTranscript(Lines({
      Use("toolu_NoCmd", 0, "", "msg_1"),
      Result("toolu_NoCmd", 10),
      no_time,
      Result("toolu_NoTime", 20),
      Use("toolu_Back", 5000, "ls", "msg_3"),
      Result("toolu_Back", 4000),
      Use("toolu_Fine", 6000, "pwd", "msg_4"),
      Result("toolu_Fine", 6010),
  }));
  ASSERT_EQ(read.runs.size(), 1u);
  EXPECT_THAT(read.skipped, ElementsAre(Pair("no command", 1), Pair("no timestamp", 1),
                                        Pair("result before call", 1)));
  EXPECT_EQ(read.entries, 4);
}

TEST(ClaudeTranscriptTest, BashProgressTimesTheCommandWithoutItsPermissionPrompt) {
  // The user took 30 s to allow the call; the ticks say the command spawned at 30.5 s.
  const HistoryRead read = ParseClaudeTranscript(Lines({
      Use("toolu_Slow", 0, "cargo build", "msg_1"),
      Progress("toolu_Slow", 32510, 2),
      Progress("toolu_Slow", 33500, 3),
      Result("toolu_Slow", 34000),
      // No tick, yet 40 s: it ran under 2 s and waited on the prompt the rest.
      Use("toolu_Waited", 40000, "git push", "msg_2"),
      Result("toolu_Waited", 80000),
      // No tick and quick: a run, an upper bound.
      Use("toolu_Quick", 90000, "git status", "msg_3"),
      Result("toolu_Quick", 90800),
  }));
  ASSERT_EQ(read.runs.size(), 2u);
  const HistoryRun* slow = RunOf(read, "toolu_Slow");
  EXPECT_EQ(slow->started_ms, kBaseMs + 30500);
  EXPECT_EQ(slow->duration_ms, 3500);
  EXPECT_FALSE(slow->may_hold_wait);
  EXPECT_EQ(RunOf(read, "toolu_Quick")->duration_ms, 800);
  EXPECT_TRUE(RunOf(read, "toolu_Quick")->may_hold_wait);
  EXPECT_THAT(read.skipped, ElementsAre(Pair("prompt wait", 1)));
}

TEST(ClaudeTranscriptTest, AGapFarBeyondTheCommandsOtherRunsIsAPromptWait) {
  // A client without bash_progress: `make` takes about 2 s here, once 5 minutes.
  std::vector<std::string> lines;
  const std::vector<int64_t> gaps = {2000, 2100, 1900, 300000, 50000};
  int64_t at = 0;
  for (size_t i = 0; i < gaps.size(); ++i) {
    const std::string id = "toolu_Make" + std::to_string(i);
    lines.push_back(Use(id, at, "make", "msg_" + std::to_string(i)));
    lines.push_back(Result(id, at + gaps[i]));
    at += gaps[i] + 1000;
  }
  // Another command's long run is not compared with make's.
  lines.push_back(Use("toolu_Bench", at, "make bench", "msg_bench"));
  lines.push_back(Result("toolu_Bench", at + 400000));
  const HistoryRead read = ParseClaudeTranscript(Lines(lines));
  EXPECT_EQ(RunOf(read, "toolu_Make3"), nullptr);
  ASSERT_NE(RunOf(read, "toolu_Make4"), nullptr);  // long, but under a minute
  ASSERT_NE(RunOf(read, "toolu_Bench"), nullptr);
  EXPECT_THAT(read.skipped, ElementsAre(Pair("prompt wait", 1)));
  EXPECT_EQ(read.runs.size(), 5u);
}

// --- real transcripts (tests/data/calibrate/SOURCES.md) ------------------------------------

TEST(ClaudeTranscriptRealTest, BashProgressExcerpt) {
  const std::string text = ReadData("spotter_v2.1.39_bash_progress.jsonl");
  ASSERT_FALSE(text.empty());
  const HistoryRead read = ParseClaudeTranscript(text);
  // Spawn = earliest (tick timestamp - elapsed); runtime = result - spawn:
  //   mix test subagent_live: 20:23:24.863 - 2 s = 22.863 -> 25.359 = 2496 ms
  //   mix test three files:   20:23:32.809 - 2 s = 30.809 -> 33.755 = 2946 ms
  //   mix test (full):        20:23:40.972 - 2 s = 38.972 -> 46.715 = 7743 ms
  //   mix credo: its result is past the window.
  ASSERT_EQ(read.runs.size(), 3u);
  EXPECT_EQ(RunOf(read, "toolu_01AR68uJRYFxh3aTVoBLYNWz")->duration_ms, 2496);
  EXPECT_EQ(RunOf(read, "toolu_01AR68uJRYFxh3aTVoBLYNWz")->started_ms, 1770927802863);
  EXPECT_EQ(RunOf(read, "toolu_017YQqFts9tcCAEM2SYysXR1")->duration_ms, 2946);
  const HistoryRun* full = RunOf(read, "toolu_01RkxKAkerbN7P6iLvKG8zk8");
  EXPECT_EQ(full->duration_ms, 7743);
  EXPECT_EQ(full->command, "mix test 2>&1 | tail -10");
  EXPECT_EQ(full->cwd, "/home/USER/projects/spotter-worktrees/spotter-dov");
  EXPECT_EQ(full->session, "4d5611e5-241a-462a-8d15-5122611a9569");
  for (const HistoryRun& run : read.runs) EXPECT_FALSE(run.may_hold_wait) << run.command;
  EXPECT_THAT(read.skipped, ElementsAre(Pair("no result", 1)));
  EXPECT_EQ(read.entries, 4);
}

TEST(ClaudeTranscriptRealTest, HooksSequentialExcerpt) {
  const HistoryRead read =
      ParseClaudeTranscript(ReadData("spotter_v2.1.39_hooks_sequential.jsonl"));
  // From each call's first PreToolUse hook_progress to its result. `bd ready` was written
  // while `bd show` ran; its hooks began after `bd show`'s result (30.658).
  //   bd show spotter-dov    16:02:29.115 -> 30.658 = 1543 ms
  //   bd ready               16:02:30.742 -> 31.740 =  998 ms
  //   bd show spotter-dov.1  16:02:34.483 -> 35.409 =  926 ms
  //   bd update              16:02:38.813 -> 39.753 =  940 ms
  ASSERT_EQ(read.runs.size(), 4u);
  EXPECT_EQ(RunOf(read, "toolu_01UwLnYYWGBvukzh1QE6JpfM")->duration_ms, 1543);
  EXPECT_EQ(RunOf(read, "toolu_01EqSqHoE2fyTCuK5BJ3azkA")->duration_ms, 998);
  EXPECT_EQ(RunOf(read, "toolu_019EkNmfE4exE11xktmWLjkX")->duration_ms, 926);
  EXPECT_EQ(RunOf(read, "toolu_01MrjswgnHGxv7bUELk2gRTP")->duration_ms, 940);
  for (const HistoryRun& run : read.runs) EXPECT_TRUE(run.may_hold_wait) << run.command;
  EXPECT_EQ(read.entries, 4);
}

TEST(ClaudeTranscriptRealTest, BackgroundExcerpt) {
  const HistoryRead read =
      ParseClaudeTranscript(ReadData("entireio-cli_v2.1.37_background_autobackground.jsonl"));
  // `mise run test:integration` hit its 10 s timeout and was moved to the background: ticks
  // put the spawn at 06:43:58.398 - 2 s = 56.398, the move at 06:44:06.410: 10012 ms, at least.
  const HistoryRun* moved = RunOf(read, "toolu_01ThYQLi8ryfa5S1ZARGwexE");
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->duration_ms, 10012);
  EXPECT_EQ(moved->outcome, Outcome::kCensored);
  EXPECT_FALSE(moved->may_hold_wait);
  // The first `go test` launch (stub at 06:44:14.892) was stopped by TaskStop at 06:44:41.053.
  const HistoryRun* stopped = RunOf(read, "toolu_01QczE1oqzRRNPQuexAvojBA");
  ASSERT_NE(stopped, nullptr);
  EXPECT_EQ(stopped->started_ms, 1770619454892);
  EXPECT_EQ(stopped->duration_ms, 26161);
  EXPECT_EQ(stopped->outcome, Outcome::kInterrupted);
  // Four quick foreground calls, gap-timed.
  EXPECT_EQ(RunOf(read, "toolu_01PPqPk1i44K9pGMQsfGF6yy")->duration_ms, 74);
  EXPECT_EQ(RunOf(read, "toolu_01LYiq47oNWGgJcNjg4aW9x5")->duration_ms, 39);
  EXPECT_EQ(RunOf(read, "toolu_01Qd6zP2ZqUZUvzd1qCy9GDh")->duration_ms, 61);
  EXPECT_EQ(RunOf(read, "toolu_01Sm4y3NBcdRd6F6oy9YVPUd")->duration_ms, 38);
  // The second launch (its stub 17 s after its tool_use: a prompt) is still running at the end.
  EXPECT_EQ(RunOf(read, "toolu_01NYV8BNFYNN51FB1DwJm15q"), nullptr);
  EXPECT_THAT(read.skipped, ElementsAre(Pair("background, no end", 1)));
  EXPECT_EQ(read.runs.size(), 6u);
  EXPECT_EQ(read.entries, 7);
}

TEST(ClaudeTranscriptRealTest, InterleavedSidechainsExcerpt) {
  const HistoryRead read =
      ParseClaudeTranscript(ReadData("claude-code-viewer_v1.0.98_sidechains.jsonl"));
  // Two subagents' calls, written inline and interleaved (a 1.0.98 client): each is a run.
  //   ls -la                     00:52:57.001 -> 57.047 =   46 ms
  //   mkdir -p components        00:53:00.017 -> 00.938 =  921 ms
  //   npx create-next-app ...    00:53:06.641 -> 10.081 = 3440 ms
  //   yes "" | npx ...           00:53:21.197 -> 27.837 = 6640 ms
  ASSERT_EQ(read.runs.size(), 7u);
  EXPECT_EQ(RunOf(read, "toolu_01HxbsgJQs4jsUPZiF7VXMzD")->duration_ms, 46);
  EXPECT_EQ(RunOf(read, "toolu_01BdTiruRxVrzvQ9K4h7oZ6y")->duration_ms, 921);
  EXPECT_EQ(RunOf(read, "toolu_01FNh88T7ThJ4yVfQ9rPVT23")->duration_ms, 3440);
  const HistoryRun* yes = RunOf(read, "toolu_01MBRWyohdmVNAMrKA88htDf");
  EXPECT_EQ(yes->duration_ms, 6640);
  EXPECT_EQ(yes->started_ms, 1756860801197);
  EXPECT_EQ(yes->cwd, "/path/to/Demo/todo-app/types");  // the subagent had cd'd there
  EXPECT_TRUE(read.skipped.empty());
  EXPECT_EQ(read.entries, 7);
}

TEST(ClaudeTranscriptRealTest, WindowsExcerpt) {
  const HistoryRead read =
      ParseClaudeTranscript(ReadData("oh-my-posh_v2.1.219_windows_attachments.jsonl"));
  // A 2.1.219 client writes no progress lines: six greps and seds of about 1 s, gap-timed.
  //   grep -rn "styles.label..."   21:09:17.869 -> 18.823 =  954 ms
  //   sed -n '50,60p;...' | cat -A 21:10:22.172 -> 23.185 = 1013 ms
  ASSERT_EQ(read.runs.size(), 6u);
  const HistoryRun* grep = RunOf(read, "toolu_01LRKJSHBcLQJoXDU8VtXe3P");
  EXPECT_EQ(grep->duration_ms, 954);
  EXPECT_EQ(grep->cwd, "D:\\oh-my-posh");
  EXPECT_EQ(grep->session, "6b6f4218-0b12-4d55-b930-462903683bea");
  EXPECT_EQ(RunOf(read, "toolu_01Ji9Xzxcq8Y9UWBLvWPZc91")->duration_ms, 1013);
  for (const HistoryRun& run : read.runs) EXPECT_TRUE(run.may_hold_wait) << run.command;
  EXPECT_EQ(read.entries, 6);
}

}  // namespace
}  // namespace bgprof
