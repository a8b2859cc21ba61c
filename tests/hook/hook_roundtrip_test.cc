// `bgprof hook` driven as Claude Code drives it: one event on stdin, a real SQLite file, and
// whatever the binary prints on stdout checked as the client would read it.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "db/store.h"
#include "hook/protocol/task_notification.h"
#include "tests/support/bgprof_runner.h"
#include "tests/support/build_speed.h"
#include "tests/support/hook_events.h"

namespace bgprof::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class HookRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = sandbox_.root() + "/webapp";
    std::filesystem::create_directories(project_ + "/.git");
  }

  // Records a finished call and checks the hook stayed silent, as it must after a run.
  void Record(const std::string& event) {
    RunResult result = sandbox_.Hook(event);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    ASSERT_THAT(result.out, IsEmpty());
  }

  json TopJson() {
    RunResult result = sandbox_.Run({"top", "--json", "--all-projects"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out);
  }

  Sandbox sandbox_;
  std::string project_;
};

TEST_F(HookRoundTrip, TwoSlowRunsMakeTheNextOneSuggestTheBackground) {
  Record(PostToolUse("npm test", project_, 8000, "toolu_a"));
  Record(PostToolUse("npm test", project_, 8000, "toolu_b"));

  RunResult result = sandbox_.Hook(PreToolUse("npm test", project_));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_THAT(result.out, Not(IsEmpty()));
  EXPECT_EQ(result.out.back(), '\n');
  json output = json::parse(result.out);
  ASSERT_TRUE(output.contains("hookSpecificOutput"));
  const json& specific = output["hookSpecificOutput"];
  EXPECT_EQ(specific["hookEventName"], "PreToolUse");
  const std::string context = specific["additionalContext"];
  EXPECT_THAT(context, HasSubstr("run_in_background: true"));
  EXPECT_THAT(context, HasSubstr("8.0 s"));
  EXPECT_THAT(context, HasSubstr("2 runs of this command in this project"));
  EXPECT_FALSE(specific.contains("permissionDecision"));
  EXPECT_FALSE(specific.contains("updatedInput"));
  // And one line for the user.
  EXPECT_EQ(output["systemMessage"],
            "bgprof: `npm test` usually takes 8.0 s here; it could run in the background.");
  EXPECT_EQ(output.size(), 2u);
}

TEST_F(HookRoundTrip, ACommandThatIsOftenQuickIsNotNagged) {
  // `./run.sh` sometimes finds its work done in half a second, sometimes runs for half a minute:
  // the typical runtime is over 5 s, but one run in ten would be over within 2 s.
  int id = 0;
  for (int ms : {30000, 500, 25000, 700, 40000, 600, 35000}) {
    Record(PostToolUse("./run.sh", project_, ms, "toolu_" + std::to_string(id++)));
  }
  json estimate =
      json::parse(sandbox_.Run({"estimate", "--json", "--", "./run.sh"}, "", project_).out);
  EXPECT_GT(estimate["predicted_ms"].get<double>(), 5000);
  EXPECT_EQ(estimate["decision"], "neutral");
  EXPECT_THAT(sandbox_.Run({"estimate", "--", "./run.sh"}, "", project_).out,
              HasSubstr("neutral (may well be quick: one run in ten under "));
  RunResult result = sandbox_.Hook(PreToolUse("./run.sh", project_));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, IsEmpty());
  // Once it settles on long runs, it is suggested again.
  for (int ms : {30000, 31000, 29000, 32000, 30000, 31000, 30000, 29500, 30500}) {
    Record(PostToolUse("./run.sh", project_, ms, "toolu_" + std::to_string(id++)));
  }
  EXPECT_THAT(sandbox_.Hook(PreToolUse("./run.sh", project_)).out, HasSubstr("run_in_background"));
}

TEST_F(HookRoundTrip, LinesWithOtherWorkAndSelectedTestsAreLearnedApart) {
  int id = 0;
  auto record = [&](const std::string& command, int ms) {
    Record(PostToolUse(command, project_, ms, "toolu_" + std::to_string(id++)));
  };
  auto predicted_ms = [&](const std::string& command) {
    RunResult result = sandbox_.Run({"estimate", "--json", "--", command}, "", project_);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out)["predicted_ms"].get<double>();
  };
  for (int i = 0; i < 6; ++i) {
    record("mise run fmt && mise run lint 2>&1 | tail -20", 9000);
    record("mise run fmt", 200);
    record("pytest tests", 60000);
  }
  // The pair does not teach `mise run fmt` alone that it takes 9 s, nor the other way round.
  EXPECT_LT(predicted_ms("mise run fmt"), 400);
  EXPECT_GT(predicted_ms("mise run fmt && mise run lint"), 8000);
  EXPECT_THAT(sandbox_.Hook(PreToolUse("mise run fmt", project_)).out, IsEmpty());

  // One test of a suite whose full runs take a minute: bgprof's 2 s for selected tests, and no
  // suggestion; the full suite still gets one.
  EXPECT_LT(predicted_ms("pytest tests/test_api.py::test_login"), 5000);
  EXPECT_THAT(sandbox_.Hook(PreToolUse("pytest tests/test_api.py::test_login", project_)).out,
              IsEmpty());
  EXPECT_THAT(sandbox_.Hook(PreToolUse("pytest tests", project_)).out,
              HasSubstr("run_in_background"));
}

TEST_F(HookRoundTrip, FastCommandsStayQuiet) {
  Record(PostToolUse("ls -la", project_, 15, "toolu_a"));
  Record(PostToolUse("ls -la", project_, 25, "toolu_b"));
  RunResult result = sandbox_.Hook(PreToolUse("ls -la", project_));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, IsEmpty());
  // Cold, with no history at all, `ls` is quiet too.
  Sandbox fresh;
  RunResult cold = fresh.Hook(PreToolUse("ls -la", project_));
  EXPECT_EQ(cold.exit_code, 0);
  EXPECT_THAT(cold.out, IsEmpty());
}

TEST_F(HookRoundTrip, CallsAlreadyInTheBackgroundGetNothing) {
  Record(PostToolUse("npm test", project_, 8000, "toolu_a"));
  Record(PostToolUse("npm test", project_, 8000, "toolu_b"));
  RunResult result =
      sandbox_.Hook(PreToolUse("npm test", project_, "toolu_bg", /*background=*/true));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, IsEmpty());
}

TEST_F(HookRoundTrip, NoSuggestionWhenTheClientDisabledBackgroundTasks) {
  Record(PostToolUse("npm test", project_, 8000, "toolu_a"));
  Record(PostToolUse("npm test", project_, 8000, "toolu_b"));
  sandbox_.env["CLAUDE_CODE_DISABLE_BACKGROUND_TASKS"] = "1";
  RunResult result = sandbox_.Hook(PreToolUse("npm test", project_));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, IsEmpty());
}

TEST_F(HookRoundTrip, ConfigurationChangesWhenBgprofSpeaksUp) {
  Record(PostToolUse("npm test", project_, 3500, "toolu_a"));
  Record(PostToolUse("npm test", project_, 3500, "toolu_b"));
  EXPECT_THAT(sandbox_.Hook(PreToolUse("npm test", project_)).out, IsEmpty());  // under 5 s
  const std::string config = sandbox_.home() + "/.config/bgprof/config.json";
  WriteFile(config, R"({"suggest_above_ms": 3000})");
  EXPECT_THAT(sandbox_.Hook(PreToolUse("npm test", project_)).out, HasSubstr("3.5 s"));
  sandbox_.env["BGPROF_MODE"] = "off";  // the environment overrides the file
  EXPECT_THAT(sandbox_.Hook(PreToolUse("npm test", project_)).out, IsEmpty());
  sandbox_.env["BGPROF_MODE"] = "";
  // A broken file: the defaults, and a line in the log; the agent notices nothing.
  WriteFile(config, R"({"suggest_above_ms": "soon"})");
  RunResult broken = sandbox_.Hook(PreToolUse("npm test", project_));
  EXPECT_EQ(broken.exit_code, 0);
  EXPECT_THAT(broken.out, IsEmpty());
  EXPECT_THAT(ReadFile(std::filesystem::path(sandbox_.database()).parent_path() / "bgprof.log"),
              HasSubstr("config ignored"));
  RunResult estimate = sandbox_.Run({"estimate", "--", "npm", "test"}, "", project_);
  EXPECT_NE(estimate.exit_code, 0);
  EXPECT_THAT(estimate.err, HasSubstr("suggest_above_ms"));
}

TEST_F(HookRoundTrip, ALongTimeoutAskedByTheAgentCounts) {
  for (const char* id : {"toolu_a", "toolu_b", "toolu_c"}) {
    Record(PostToolUse("./build.sh", project_, 1500, id));
  }
  EXPECT_THAT(sandbox_.Hook(PreToolUse("./build.sh", project_)).out, IsEmpty());
  json asked = json::parse(PreToolUse("./build.sh", project_));
  asked["tool_input"]["timeout"] = 600000;  // the agent expects up to 10 minutes
  EXPECT_THAT(sandbox_.Hook(asked.dump()).out, HasSubstr("run_in_background"));
  asked["tool_input"]["timeout"] = 120000;  // the default says nothing
  EXPECT_THAT(sandbox_.Hook(asked.dump()).out, IsEmpty());
}

TEST_F(HookRoundTrip, FailedRunsCountAsRuns) {
  // Each call has its own id: a PostToolUse of a call recorded already records nothing.
  Record(PostToolUseFailure("cargo test", project_, 9000, "Exit code 101", "toolu_f1"));
  Record(PostToolUseFailure("cargo test", project_, 9000, "Exit code 101", "toolu_f2"));
  RunResult result = sandbox_.Hook(PreToolUse("cargo test", project_));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("9.0 s"));
}

TEST_F(HookRoundTrip, TimedOutAndInterruptedRunsAreNotRuntimes) {
  Record(PostToolUseFailure("git fetch --all", project_, 120011,
                            "Fetching origin\nCommand timed out after 2m 0s"));
  json interrupted = json::parse(PostToolUseFailure("make", project_, 3000));
  interrupted["is_interrupt"] = true;
  Record(interrupted.dump());
  EXPECT_THAT(TopJson(), IsEmpty());
}

TEST_F(HookRoundTrip, ATimedOutRunLiftsTheEstimatePastItsDuration) {
  for (const char* id : {"toolu_a", "toolu_b", "toolu_c"}) {
    Record(PostToolUse("./integration.sh", project_, 10000, id));
  }
  Record(PostToolUseFailure("./integration.sh", project_, 120011,
                            "Exit code 143\nCommand timed out after 2m 0s"));
  RunResult result = sandbox_.Run({"estimate", "--json", "--", "./integration.sh"}, "", project_);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const double predicted = json::parse(result.out)["predicted_ms"].get<double>();
  EXPECT_GT(predicted, 120011);  // it ran at least that long
  EXPECT_LT(predicted, 200000);
}

TEST_F(HookRoundTrip, BackgroundLaunchIsNotADurationSample) {
  json launch = json::parse(PostToolUse("cargo build --release", project_, 41));
  launch["tool_input"]["run_in_background"] = true;
  launch["tool_response"]["backgroundTaskId"] = "b7k2m9x4q";
  Record(launch.dump());
  EXPECT_THAT(TopJson(), IsEmpty());
}

TEST_F(HookRoundTrip, MissingDurationFallsBackOnThePreToolUseArrival) {
  RunResult pre = sandbox_.Hook(PreToolUse("make docs", project_, "toolu_docs"));
  ASSERT_EQ(pre.exit_code, 0) << pre.err;
  Record(PostToolUse("make docs", project_, std::nullopt, "toolu_docs"));
  json top = TopJson();
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0]["family"], "make docs");
  EXPECT_EQ(top[0]["runs"], 1);
  EXPECT_GE(top[0]["median_ms"].get<int64_t>(), 0);
  EXPECT_LT(top[0]["median_ms"].get<int64_t>(), 60000);
}

TEST_F(HookRoundTrip, GarbageAndEmptyInputExitZeroSilentlyAndAreLogged) {
  for (const std::string& input :
       std::vector<std::string>{"", "not json at all {", "[1,2,3]", "{\"no_event\": true}",
                                std::string("\xff\xfe\x00garbage", 10)}) {
    RunResult result = sandbox_.Hook(input);
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_THAT(result.out, IsEmpty()) << "input: " << input;
  }
  const std::string log =
      ReadFile(std::filesystem::path(sandbox_.database()).parent_path() / "bgprof.log");
  EXPECT_THAT(log, HasSubstr("bgprof hook:"));
}

TEST_F(HookRoundTrip, UnusableDatabasePathExitsZeroSilently) {
  // A regular file where a folder should be: the database can never be created.
  WriteFile(sandbox_.root() + "/blocker", "x");
  sandbox_.env["BGPROF_DB"] = sandbox_.root() + "/blocker/sub/bgprof.db";
  RunResult pre = sandbox_.Hook(PreToolUse("npm test", project_));
  EXPECT_EQ(pre.exit_code, 0);
  EXPECT_THAT(pre.out, IsEmpty());
  RunResult post = sandbox_.Hook(PostToolUse("npm test", project_, 8000));
  EXPECT_EQ(post.exit_code, 0);
  EXPECT_THAT(post.out, IsEmpty());
  EXPECT_THAT(post.err, HasSubstr("bgprof hook:"));  // logged where it could be
}

// What Claude Code does with the hook's stdout is out of the hook's hands: the reader gone (a
// write raises SIGPIPE), no stdout at all, a full disk. The hook exits 0 every time, for an
// event it has advice for, and its advice lands nowhere it should not (fd 1 reused by a file).
TEST_F(HookRoundTrip, ABrokenStdoutNeverChangesTheExitCode) {
  Record(PostToolUse("npm test", project_, 8000, "toolu_a"));
  Record(PostToolUse("npm test", project_, 8000, "toolu_b"));
  const std::string event = PreToolUse("npm test", project_);
  ASSERT_THAT(sandbox_.Hook(event).out, HasSubstr("run_in_background"));  // it has output
  for (ChildStdout out :
       {ChildStdout::kPipeWithoutReader, ChildStdout::kClosed, ChildStdout::kDevFull}) {
    RunResult result = sandbox_.RunWith({"hook"}, event, {.out = out});
    EXPECT_EQ(result.killed_by, 0) << static_cast<int>(out);
    EXPECT_EQ(result.exit_code, 0) << static_cast<int>(out) << result.err;
  }
  const std::string folder = std::filesystem::path(sandbox_.database()).parent_path().string();
  for (const std::filesystem::directory_entry& file : std::filesystem::directory_iterator(folder)) {
    EXPECT_THAT(ReadFile(file.path().string()), Not(HasSubstr("hookSpecificOutput")))
        << file.path();
  }
  EXPECT_THAT(sandbox_.Hook(event).out, HasSubstr("run_in_background"));  // nothing broke
}

// A shell (and so a hook) can run in a folder deleted since: the hook needs none.
TEST_F(HookRoundTrip, ADeletedWorkingFolderChangesNothing) {
  const std::string gone = sandbox_.root() + "/gone";
  std::filesystem::create_directories(gone);
  RunResult post = sandbox_.RunWith({"hook"}, PostToolUse("npm test", gone, 8000, "toolu_a"),
                                    {.cwd = gone, .remove_cwd = true});
  EXPECT_EQ(post.exit_code, 0) << post.err;
  std::filesystem::create_directories(gone);
  RunResult post_again = sandbox_.RunWith({"hook"}, PostToolUse("npm test", gone, 8000, "toolu_b"),
                                          {.cwd = gone, .remove_cwd = true});
  EXPECT_EQ(post_again.exit_code, 0) << post_again.err;
  std::filesystem::create_directories(gone);
  RunResult pre =
      sandbox_.RunWith({"hook"}, PreToolUse("npm test", gone), {.cwd = gone, .remove_cwd = true});
  EXPECT_EQ(pre.exit_code, 0) << pre.err;
  EXPECT_THAT(pre.out, HasSubstr("8.0 s"));
}

// Node writes half a surrogate pair as a lone escape; the event is read with U+FFFD in its
// place, and learned and advised on like any other.
TEST_F(HookRoundTrip, ALoneSurrogateInTheCommandCostsOneCharacter) {
  auto with_lone_surrogate = [](std::string event) {
    const std::string placeholder = "npm test -- --grep ?x";
    event.replace(event.find(placeholder), placeholder.size(), R"(npm test -- --grep \ud800x)");
    return event;
  };
  Record(with_lone_surrogate(PostToolUse("npm test -- --grep ?x", project_, 8000, "toolu_a")));
  Record(with_lone_surrogate(PostToolUse("npm test -- --grep ?x", project_, 8000, "toolu_b")));
  RunResult result =
      sandbox_.Hook(with_lone_surrogate(PreToolUse("npm test -- --grep ?x", project_)));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("2 runs of this command"));
  std::string stored = ReadFile(sandbox_.database());
  for (const char* suffix : {"-wal", "-shm"}) stored += ReadFile(sandbox_.database() + suffix);
  EXPECT_THAT(stored, HasSubstr("npm test -- --grep \xEF\xBF\xBDx"));
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(sandbox_.database()).parent_path() /
                                       "bgprof.log"));
}

// A threshold the environment sets to NaN or infinity is refused: the hook logs it and goes on
// with the defaults (a NaN would have compared false everywhere and silenced every advice).
TEST_F(HookRoundTrip, AThresholdThatIsNoNumberIsLoggedAndTheDefaultsApply) {
  Record(PostToolUse("npm test", project_, 8000, "toolu_a"));
  Record(PostToolUse("npm test", project_, 8000, "toolu_b"));
  for (const char* value : {"nan", "inf", "-3"}) {
    sandbox_.env["BGPROF_SUGGEST_ABOVE_MS"] = value;
    RunResult result = sandbox_.Hook(PreToolUse("npm test", project_));
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_THAT(result.out, HasSubstr("run_in_background")) << value;
  }
  EXPECT_THAT(ReadFile(std::filesystem::path(sandbox_.database()).parent_path() / "bgprof.log"),
              HasSubstr("config ignored: BGPROF_SUGGEST_ABOVE_MS must be a finite number"));
}

// The log is private under the usual umask, and a full log (here one written by hand, readable
// by all) is set aside private too.
TEST_F(HookRoundTrip, TheLogAndItsRotatedCopyArePrivate) {
  const mode_t saved = ::umask(022);
  const std::string log = std::filesystem::path(sandbox_.database()).parent_path() / "bgprof.log";
  RunResult first = sandbox_.Hook("not json");
  EXPECT_EQ(first.exit_code, 0);
  struct stat info;
  ASSERT_EQ(::stat(log.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  WriteFile(log, std::string(1 << 20, 'x') + "\n");
  ASSERT_EQ(::chmod(log.c_str(), 0644), 0);
  RunResult second = sandbox_.Hook("still not json");
  ::umask(saved);
  EXPECT_EQ(second.exit_code, 0);
  ASSERT_EQ(::stat((log + ".1").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_EQ(info.st_size, (1 << 20) + 1);
  ASSERT_EQ(::stat(log.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_THAT(ReadFile(log), HasSubstr("bgprof hook:"));
  EXPECT_LT(info.st_size, 1000);
}

TEST_F(HookRoundTrip, OtherEventsAndToolsAreIgnored) {
  json read = BaseEvent("PostToolUse", project_);
  read["tool_name"] = "Read";
  read["tool_input"] = {{"file_path", "/etc/hosts"}};
  json prompt = BaseEvent("UserPromptSubmit", project_);
  prompt["prompt"] = "run the tests";
  for (const json& event : {read, prompt}) {
    RunResult result = sandbox_.Hook(event.dump());
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_THAT(result.out, IsEmpty());
  }
}

TEST_F(HookRoundTrip, DatabaseIsPrivateAndHoldsNoSecrets) {
  const std::string token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
  Record(PostToolUse("GITHUB_TOKEN=" + token + " gh pr list", project_, 900));
  struct stat info;
  ASSERT_EQ(::stat(sandbox_.database().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(std::filesystem::path(sandbox_.database()).parent_path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  std::string stored = ReadFile(sandbox_.database());
  for (const char* suffix : {"-wal", "-shm"}) stored += ReadFile(sandbox_.database() + suffix);
  EXPECT_THAT(stored, HasSubstr("gh pr list"));
  EXPECT_THAT(stored, Not(HasSubstr(token)));
}

// Another connection holds the write lock for 3 s (a bulk import, a CLI command, a stuck
// process): the hook neither waits for it nor loses the event.
TEST_F(HookRoundTrip, AHeldWriteLockNeitherDelaysNorLosesAnEvent) {
  using std::chrono::steady_clock;
  Record(PostToolUse("npm test", project_, 8000, "toolu_a"));
  Record(PostToolUse("npm test", project_, 8000, "toolu_b"));
  absl::StatusOr<Store> holder = Store::Open(sandbox_.database());
  ASSERT_TRUE(holder.ok()) << holder.status();
  ASSERT_TRUE(holder->Begin().ok());
  const steady_clock::time_point held_since = steady_clock::now();
  // The best of three tries: the machine running the tests may be loaded.
  auto fastest_ms = [&](const std::function<std::string(int)>& event_of_try, bool advises) {
    double best_ms = 1e9;
    for (int attempt = 0; attempt < 3; ++attempt) {
      const steady_clock::time_point start = steady_clock::now();
      RunResult result = sandbox_.Hook(event_of_try(attempt));
      best_ms = std::min(
          best_ms, std::chrono::duration<double, std::milli>(steady_clock::now() - start).count());
      EXPECT_EQ(result.exit_code, 0) << result.err;
      if (advises) {
        EXPECT_THAT(result.out, HasSubstr("run_in_background")) << result.err;
      } else {
        EXPECT_THAT(result.out, IsEmpty());
      }
    }
    return best_ms;
  };
  EXPECT_LT(fastest_ms(
                [&](int i) {
                  return PostToolUse("npm test", project_, 8000, "toolu_held" + std::to_string(i));
                },
                false),
            50 * kBuildSlowdown);
  EXPECT_LT(
      fastest_ms(
          [&](int i) { return PreToolUse("npm test", project_, "toolu_pre" + std::to_string(i)); },
          true),
      50 * kBuildSlowdown);
  std::this_thread::sleep_until(held_since + std::chrono::seconds(3));
  ASSERT_TRUE(holder->Commit().ok());

  Record(PostToolUse("ls", project_, 5, "toolu_after"));  // merges what waited
  absl::StatusOr<int64_t> samples = holder->SampleCount();
  ASSERT_TRUE(samples.ok());
  EXPECT_EQ(*samples, 6);
  absl::StatusOr<std::vector<TelemetryRow>> advice = holder->TelemetrySince(0, "");
  ASSERT_TRUE(advice.ok());
  EXPECT_EQ(advice->size(), 3u);
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(sandbox_.database()).parent_path() /
                                       "bgprof.log"));
}

TEST_F(HookRoundTrip, HistoryIsKeptPerProject) {
  const std::string other = sandbox_.root() + "/other";
  std::filesystem::create_directories(other + "/.git");
  Record(PostToolUse("npm run e2e", project_, 30000, "toolu_a"));
  Record(PostToolUse("npm run e2e", project_, 30000, "toolu_b"));
  Record(PostToolUse("npm run e2e", other, 300, "toolu_c"));
  Record(PostToolUse("npm run e2e", other, 300, "toolu_d"));
  // 30 s here, blended a little with the family's 0.3 s elsewhere.
  const std::string here = sandbox_.Hook(PreToolUse("npm run e2e", project_ + "/src")).out;
  EXPECT_THAT(here, ::testing::ContainsRegex("takes about 2[0-9] s"));
  EXPECT_THAT(here, HasSubstr("2 runs of this command in this project"));
  EXPECT_THAT(sandbox_.Hook(PreToolUse("npm run e2e", other)).out, IsEmpty());
}

// The modes and the new events through the real binary: the exact shape Claude Code reads.
class HookModesRoundTrip : public HookRoundTrip {
 protected:
  void SetUp() override {
    HookRoundTrip::SetUp();
    for (int i = 0; i < 4; ++i) {
      Record(PostToolUse("npm test", project_, 48000, "toolu_t" + std::to_string(i)));
    }
  }
  json Hook(const std::string& event) {
    RunResult result = sandbox_.Hook(event);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    if (result.out.empty()) return nullptr;
    EXPECT_EQ(result.out.back(), '\n');
    return json::parse(result.out);
  }
};

TEST_F(HookModesRoundTrip, AutoPrintsTheWholeInputInTheBackgroundAndNoDecision) {
  sandbox_.env["BGPROF_MODE"] = "auto";
  json pre = json::parse(PreToolUse("npm test", project_, "toolu_auto"));
  pre["tool_input"]["description"] = "Run the tests";
  const json output = Hook(pre.dump());
  ASSERT_TRUE(output.is_object());
  EXPECT_EQ(output["hookSpecificOutput"]["updatedInput"], (json{{"command", "npm test"},
                                                                {"description", "Run the tests"},
                                                                {"run_in_background", true}}));
  EXPECT_FALSE(output["hookSpecificOutput"].contains("permissionDecision"));
  EXPECT_THAT(output["hookSpecificOutput"]["additionalContext"].get<std::string>(),
              HasSubstr("bgprof moved this call to the background"));
  EXPECT_EQ(output["systemMessage"],
            "bgprof: moved `npm test` to the background (usually 48 s here).");
  // Its launch gets no second estimate; bgprof follows the task.
  EXPECT_TRUE(Hook(BackgroundLaunch("npm test", project_, "bj3", "toolu_auto")).is_null());
}

TEST_F(HookModesRoundTrip, BlockDeniesOnceThenTheRetryRuns) {
  sandbox_.env["BGPROF_MODE"] = "block";
  const json denied = Hook(PreToolUse("npm test", project_, "toolu_b1"));
  ASSERT_TRUE(denied.is_object());
  EXPECT_EQ(denied["hookSpecificOutput"]["permissionDecision"], "deny");
  EXPECT_THAT(denied["hookSpecificOutput"]["permissionDecisionReason"].get<std::string>(),
              HasSubstr("It did not run"));
  EXPECT_TRUE(Hook(PreToolUse("npm test", project_, "toolu_b2")).is_null());
}

TEST_F(HookModesRoundTrip, SessionStartAndAPromptForTheTestsNameTheSlowCommand) {
  const json start = Hook(SessionStart(project_));
  ASSERT_TRUE(start.is_object());
  EXPECT_EQ(start["hookSpecificOutput"]["hookEventName"], "SessionStart");
  EXPECT_THAT(start["hookSpecificOutput"]["additionalContext"].get<std::string>(),
              HasSubstr("`npm test` (about 48 s, 4 runs)"));
  const json prompt = Hook(UserPromptSubmit("please run the test suite", project_));
  ASSERT_TRUE(prompt.is_object());
  EXPECT_EQ(prompt["hookSpecificOutput"]["hookEventName"], "UserPromptSubmit");
  EXPECT_TRUE(Hook(UserPromptSubmit("explain the router", project_)).is_null());
}

TEST_F(HookModesRoundTrip, ALaunchAndAnEarlyReadOfItsOutputGetTheExpectedDuration) {
  const json launch = Hook(BackgroundLaunch("npm test", project_, "bj3nctuu6", "toolu_l"));
  ASSERT_TRUE(launch.is_object());
  EXPECT_THAT(launch["hookSpecificOutput"]["additionalContext"].get<std::string>(),
              HasSubstr("`npm test` usually takes 47 s to 49 s"));
  const json poll = Hook(ReadOfTaskOutput("bj3nctuu6", "  3 passing\n", project_));
  ASSERT_TRUE(poll.is_object());
  EXPECT_THAT(poll["hookSpecificOutput"]["additionalContext"].get<std::string>(),
              HasSubstr("more. A notification arrives when it ends."));
  // A notification ends the task: later reads get nothing.
  EXPECT_TRUE(Hook(UserPromptSubmit("<task-notification>\n<task-id>bj3nctuu6</task-id>\n"
                                    "<status>completed</status>\n</task-notification>",
                                    project_))
                  .is_null());
  EXPECT_TRUE(Hook(ReadOfTaskOutput("bj3nctuu6", "  3 passing\n", project_)).is_null());
}

TEST_F(HookModesRoundTrip, TheFirstOfSeveralCallsReadsTheTranscript) {
  for (int i = 0; i < 3; ++i) {
    Record(PostToolUse("npm run e2e", project_, 90000, "toolu_e" + std::to_string(i)));
  }
  const std::string transcript = sandbox_.root() + "/session.jsonl";
  WriteFile(transcript,
            TranscriptOf("msg_01AbC", {{"toolu_a", "npm test"}, {"toolu_b", "npm run e2e"}}));
  json pre = json::parse(PreToolUse("npm test", project_, "toolu_a"));
  pre["transcript_path"] = transcript;
  const json output = Hook(pre.dump());
  ASSERT_TRUE(output.is_object());
  EXPECT_THAT(output["hookSpecificOutput"]["additionalContext"].get<std::string>(),
              HasSubstr("They do not depend on each other"));
}

TEST_F(HookModesRoundTrip, OrdinaryReadsAndOldStopsNeverOpenTheDatabase) {
  const std::string fresh = sandbox_.root() + "/fresh/bgprof.db";
  sandbox_.env["BGPROF_DB"] = fresh;
  json read = BaseEvent("PostToolUse", project_);
  read["tool_name"] = "Read";
  read["tool_input"] = {{"file_path", project_ + "/src/app.ts"}};
  read["tool_response"] = {{"type", "text"}, {"file", {{"content", "export {}"}}}};
  EXPECT_TRUE(Hook(read.dump()).is_null());
  EXPECT_TRUE(Hook(Stop(project_, std::nullopt)).is_null());
  EXPECT_FALSE(std::filesystem::exists(fresh));
}

// Background tasks to their end through the real binary. Every end leaves its row; the ones
// that tell a runtime leave a sample (what each end teaches is in task_lifecycle_test.cc).
class TaskRoundTrip : public HookModesRoundTrip {
 protected:
  void SetUp() override {
    HookModesRoundTrip::SetUp();
    sandbox_.env["CLAUDE_CODE_TMPDIR"] = sandbox_.root() + "/cctmp";
    sandbox_.env["CLAUDE_PROJECT_DIR"] = project_;
  }
  Task TaskNamed(const std::string& id) {
    absl::StatusOr<Store> store = Store::Open(sandbox_.database());
    EXPECT_TRUE(store.ok()) << store.status();
    absl::StatusOr<std::optional<Task>> task = store->FindTask(kSession, id);
    EXPECT_TRUE(task.ok() && task->has_value()) << id;
    return task.ok() && task->has_value() ? **task : Task{};
  }
};

TEST_F(TaskRoundTrip, ANotificationEndsTheTaskTimedByItsOutputFile) {
  // Claude Code creates the output file at launch, where bgprof finds it from the event.
  const std::string path = TaskOutputPathCandidates({sandbox_.root() + "/cctmp"}, ::getuid(),
                                                    project_, kSession, "b1")[0];
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  WriteFile(path, "running\n");
  Hook(BackgroundLaunch("npm test", project_, "b1", "toolu_l"));
  WriteFile(path, "running\n3 passing\n\n[exited with code 0]\n");
  EXPECT_TRUE(Hook(UserPromptSubmit(TaskNotificationPrompt("b1", "completed", 0, path), project_))
                  .is_null());
  const Task task = TaskNamed("b1");
  EXPECT_EQ(task.end, TaskEnd::kNotified);
  EXPECT_EQ(task.output_file, path);
  EXPECT_EQ(task.runtime_bound, RuntimeBound::kExact);
  ASSERT_TRUE(task.runtime_ms.has_value());
  EXPECT_GE(*task.runtime_ms, 0);
  EXPECT_LT(*task.runtime_ms, 5000);
}

TEST_F(TaskRoundTrip, EveryOtherEndClosesItsTask) {
  Hook(BackgroundLaunch("npm test", project_, "polled", "toolu_1"));
  Hook(BackgroundLaunch("npm test", project_, "stopped", "toolu_2"));
  Hook(BackgroundLaunch("npm test", project_, "vanished", "toolu_3"));
  Hook(BackgroundLaunch("npm test", project_, "ended", "toolu_4"));
  EXPECT_TRUE(Hook(BlockingTaskOutput("polled", "completed", 0, 900, project_)).is_null());
  EXPECT_TRUE(Hook(TaskStop("stopped", project_)).is_null());
  EXPECT_EQ(Hook(Stop(project_, std::vector<std::string>{"ended"}))["systemMessage"],
            "bgprof: `npm test` is still running in the background; `npm test` finished in the "
            "background, and the agent never read its result.");
  EXPECT_TRUE(Hook(SessionEnd(project_)).is_null());
  EXPECT_EQ(TaskNamed("polled").end, TaskEnd::kPolled);
  EXPECT_EQ(TaskNamed("polled").runtime_bound, RuntimeBound::kUpper);
  EXPECT_EQ(TaskNamed("stopped").end, TaskEnd::kStopped);
  EXPECT_EQ(TaskNamed("stopped").runtime_bound, RuntimeBound::kLower);
  EXPECT_EQ(TaskNamed("vanished").end, TaskEnd::kVanished);
  EXPECT_EQ(TaskNamed("ended").end, TaskEnd::kSessionEnded);
}

TEST_F(TaskRoundTrip, GuardRailsSpeakInsteadOfAdvisingMoreBackgroundWork) {
  sandbox_.env["BGPROF_MAX_BACKGROUND"] = "1";
  sandbox_.env["BGPROF_MODE"] = "auto";
  Hook(BackgroundLaunch("npm run e2e", project_, "b1", "toolu_1"));
  const json capped = Hook(PreToolUse("npm test", project_, "toolu_2"));
  ASSERT_TRUE(capped.is_object());
  EXPECT_FALSE(capped["hookSpecificOutput"].contains("updatedInput"));
  EXPECT_THAT(capped["hookSpecificOutput"]["additionalContext"].get<std::string>(),
              HasSubstr("1 background tasks of this session are already running"));
  Hook(TaskStop("b1", project_));
  Hook(BackgroundLaunch("npm ci", project_, "b2", "toolu_3"));
  const json waits = Hook(PreToolUse("npm test", project_, "toolu_4"));
  ASSERT_TRUE(waits.is_object());
  EXPECT_FALSE(waits["hookSpecificOutput"].contains("updatedInput"));
  EXPECT_THAT(waits["hookSpecificOutput"]["additionalContext"].get<std::string>(),
              HasSubstr("`npm ci` is still running in the background"));
}

// `-h` is a host to pg_dump and psql: their runs are no help runs, and the next one is suggested.
TEST_F(HookRoundTrip, AHostGivenWithDashHIsNoHelpRequest) {
  int id = 0;
  for (const std::string command : {"pg_dump -h localhost mydb", "psql -h db -f migrate.sql"}) {
    for (int i = 0; i < 6; ++i) {
      Record(PostToolUse(command, project_, 90000, "toolu_" + std::to_string(id++)));
    }
    const std::string out = sandbox_.Hook(PreToolUse(command, project_)).out;
    EXPECT_THAT(out, HasSubstr("run_in_background")) << command;
    EXPECT_THAT(out, HasSubstr("90 s")) << command;
  }
  // Help is still help, whatever the program's runs took.
  EXPECT_THAT(sandbox_.Hook(PreToolUse("pg_dump --help", project_)).out, IsEmpty());
}

// A server is a family and what follows it: `vite` serves until stopped, `vite build` ends.
TEST_F(HookRoundTrip, AServerProgramsBuildIsNotAServer) {
  EXPECT_THAT(sandbox_.Hook(PreToolUse("npx vite --port 5173", project_)).out,
              HasSubstr("runs until it is stopped"));
  EXPECT_THAT(sandbox_.Hook(PreToolUse("npx vite build", project_)).out, IsEmpty());
  for (int i = 0; i < 6; ++i) {
    Record(PostToolUse("npx vite build", project_, 1200, "toolu_" + std::to_string(i)));
  }
  EXPECT_THAT(sandbox_.Hook(PreToolUse("npx vite build", project_)).out, IsEmpty());
}

// A package manager's `--filter` and make's `-k` select no tests: such runs are the whole suite's,
// while a selector passed on to the script's runner does select.
TEST_F(HookRoundTrip, OnlyATestRunnersOwnSelectorsSelectTests) {
  int id = 0;
  for (const char* command : {"pnpm test", "make test"}) {
    for (int i = 0; i < 6; ++i) {
      Record(PostToolUse(command, project_, 60000, "toolu_" + std::to_string(id++)));
    }
  }
  for (const char* command : {"pnpm --filter web test", "make -k test", "make test -k"}) {
    EXPECT_THAT(sandbox_.Hook(PreToolUse(command, project_)).out, HasSubstr("run_in_background"))
        << command;
  }
  EXPECT_THAT(sandbox_.Hook(PreToolUse("pnpm test -- --grep login", project_)).out, IsEmpty());
  // Their own runs are learned under the suite's family.
  Record(PostToolUse("pnpm --filter web test", project_, 60000, "toolu_" + std::to_string(id++)));
  for (const json& row : TopJson()) {
    EXPECT_THAT(row["family"].get<std::string>(), Not(HasSubstr("<selected>")));
  }
}

}  // namespace
}  // namespace bgprof::testing
