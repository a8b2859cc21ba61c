// `bgprof hook` on hostile input, through the real binary: lines of 400,000 parts, deep nesting,
// huge words and here-documents, a message of many calls, a 50 MB event, a config that is a FIFO
// or a device, NUL bytes and broken UTF-8. Each ends with exit 0, nothing or one JSON object on
// stdout, and (the better of two runs) under a second of CPU; an input that never ends meets the
// deadline.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "hook/deadline.h"
#include "hook/event_input.h"
#include "hook/sibling_calls.h"
#include "tests/support/bgprof_runner.h"
#include "tests/support/build_speed.h"
#include "tests/support/hook_events.h"

namespace bgprof::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// What a hostile input may take at most: a fifth of the timeout `install` writes.
constexpr absl::Duration kHostileBudget = absl::Seconds(1);

// `count` parts joined by `joint`, each `part` with its number appended when `numbered`.
std::string Line(const std::string& part, const std::string& joint, size_t count,
                 bool numbered = false) {
  std::string line;
  line.reserve(count * (part.size() + joint.size() + 7));
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) line += joint;
    line += part;
    if (numbered) line += std::to_string(i);
  }
  return line;
}

class HostileInputRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = sandbox_.root() + "/webapp";
    std::filesystem::create_directories(project_ + "/.git");
    // A database that knows the families, so that each part is really looked up.
    for (const char* command : {"m1", "m2", "true", "cat log", "a", "echo x", "make"}) {
      RunResult result = sandbox_.Hook(PostToolUse(command, project_, 900, "toolu_seen"));
      ASSERT_EQ(result.exit_code, 0) << result.err;
    }
  }

  // Runs the hook on `event` twice; checks each run's exit code and stdout, and that the cheaper
  // one used less than kHostileBudget of CPU. CPU time, not wall time: the work is what an input
  // can blow up, and a loaded machine (CI runs tests in parallel) stretches only wall time. The
  // wall time is bounded by the deadline, tested below.
  void ExpectQuickAndSilentOrValid(const std::string& event, const std::string& what) {
    double best_cpu_seconds = 1e9;
    absl::Duration best_wall = absl::InfiniteDuration();
    for (int run = 0; run < 2; ++run) {
      const absl::Time start = absl::Now();
      RunResult result = sandbox_.Hook(event);
      best_wall = std::min(best_wall, absl::Now() - start);
      best_cpu_seconds = std::min(best_cpu_seconds, result.cpu_seconds);
      EXPECT_EQ(result.exit_code, 0) << what << ": " << result.err;
      if (!result.out.empty()) {
        EXPECT_EQ(result.out.back(), '\n') << what;
        EXPECT_TRUE(json::accept(result.out)) << what << ": " << result.out.substr(0, 200);
      }
    }
    EXPECT_LT(best_cpu_seconds, absl::ToDoubleSeconds(kHostileBudget) * kBuildSlowdown) << what;
    RecordProperty(
        what, absl::StrCat(best_cpu_seconds, " s CPU, ", absl::FormatDuration(best_wall), " wall"));
  }

  std::string Log() const { return ReadFile(sandbox_.home() + "/.local/share/bgprof/bgprof.log"); }

  Sandbox sandbox_;
  std::string project_;
};

TEST_F(HostileInputRoundTrip, LinesOf400kPartsAreAnsweredInUnderASecondOfCpu) {
  constexpr size_t kParts = 400000;
  ExpectQuickAndSilentOrValid(PreToolUse(Line("true", "; ", kParts), project_), "true; true");
  ExpectQuickAndSilentOrValid(PreToolUse(Line("a", " && ", kParts), project_), "a && a");
  // 400,000 different commands (m0;m1;...), in 3.2 MB: within the cap of an event.
  ExpectQuickAndSilentOrValid(PreToolUse(Line("m", ";", kParts, true), project_), "m0;m1");
  ExpectQuickAndSilentOrValid(PreToolUse(Line("cat", " | ", kParts), project_), "cat | cat");
  ExpectQuickAndSilentOrValid(PreToolUse(Line("(a", ") || ", kParts), project_), "(a) || (a");
  // Recorded as well: a PostToolUse of such a line signs and stores it.
  ExpectQuickAndSilentOrValid(PostToolUse(Line("m", ";", kParts, true), project_, 1000),
                              "PostToolUse of m0;m1");
}

TEST_F(HostileInputRoundTrip, DeepNestingHugeWordsAndHereDocumentsAreAnsweredInUnderASecondOfCpu) {
  constexpr size_t kDepth = 100000;
  ExpectQuickAndSilentOrValid(
      PreToolUse("echo " + Line("$(echo \"", "", kDepth) + "x" + Line("\")", "", kDepth), project_),
      "nested $( and quotes");
  ExpectQuickAndSilentOrValid(PreToolUse("echo " + Line("`echo \\", "", kDepth) + "x", project_),
                              "nested backquotes");
  ExpectQuickAndSilentOrValid(
      PreToolUse(Line("(", "", kDepth) + "make" + Line(")", "", kDepth), project_),
      "nested subshells");
  ExpectQuickAndSilentOrValid(
      PreToolUse(Line("bash -c \"", "", 1000) + "make" + Line("\"", "", 1000), project_),
      "nested bash -c");
  ExpectQuickAndSilentOrValid(PreToolUse("echo " + std::string(1 << 20, 'a'), project_),
                              "a 1 MB word");
  ExpectQuickAndSilentOrValid(
      PreToolUse("cat <<'EOF' > notes.txt\n" + Line("a line of the document", "\n", 100000) +
                     "\nEOF\nmake",
                 project_),
      "a 2 MB here-document");
}

TEST_F(HostileInputRoundTrip, AMessageOfManyCallsIsAnsweredInUnderASecondOfCpu) {
  const std::string transcript = sandbox_.root() + "/session.jsonl";
  // The hook runs for the message's last call: the transcript's tail holds the calls before it.
  auto message_of = [&](size_t count) {
    std::vector<TranscriptCall> calls;
    for (size_t i = 0; i < count; ++i) {
      calls.push_back({.id = "toolu_many" + std::to_string(i), .command = "m" + std::to_string(i)});
    }
    WriteFile(transcript, TranscriptOf("msg_many", calls));
    json event = json::parse(PreToolUse(calls.back().command, project_, calls.back().id));
    event["transcript_path"] = transcript;
    return event.dump();
  };
  ExpectQuickAndSilentOrValid(message_of(2000), "2000 calls in one message");
  // As many calls as a message may hold are all read and predicted.
  ExpectQuickAndSilentOrValid(message_of(kMaxSiblingCalls), "16 calls in one message");
}

TEST_F(HostileInputRoundTrip, A50MegabyteEventIsDroppedQuickly) {
  json event = json::parse(PostToolUse("make", project_, 1000, "toolu_big"));
  event["tool_response"]["stdout"] = std::string(50 << 20, 'x');
  ExpectQuickAndSilentOrValid(event.dump(), "a 50 MB event");
  EXPECT_THAT(Log(), HasSubstr("event of " + std::to_string(event.dump().size()) +
                               " bytes dropped unread: over " + std::to_string(kMaxEventBytes)));
}

TEST_F(HostileInputRoundTrip, AConfigThatIsAFifoOrADeviceIsIgnoredAtOnce) {
  const std::string fifo = sandbox_.root() + "/config-fifo.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& config : {fifo, std::string("/dev/zero")}) {
    sandbox_.env["BGPROF_CONFIG"] = config;
    ExpectQuickAndSilentOrValid(PreToolUse("make", project_), "config " + config);
    EXPECT_THAT(Log(), HasSubstr("config ignored: " + config + " is not a regular file"));
  }
  // A project's own file too.
  sandbox_.env.erase("BGPROF_CONFIG");
  std::filesystem::create_directories(project_ + "/.claude");
  ASSERT_EQ(::mkfifo((project_ + "/.claude/bgprof.json").c_str(), 0600), 0);
  for (int i = 0; i < 3; ++i) {  // slow enough to be acted on, which reads the project's file
    RunResult result = sandbox_.Hook(PostToolUse("make", project_, 60000, "toolu_slow"));
    ASSERT_EQ(result.exit_code, 0);
  }
  ExpectQuickAndSilentOrValid(PreToolUse("make", project_), "project config FIFO");
  EXPECT_THAT(Log(), HasSubstr(project_ + "/.claude/bgprof.json is not a regular file"));
  // The CLI says so in one line.
  sandbox_.env["BGPROF_CONFIG"] = fifo;
  RunResult cli = sandbox_.Run({"estimate", "make"});
  EXPECT_NE(cli.exit_code, 0);
  EXPECT_THAT(cli.err, HasSubstr(fifo + " is not a regular file"));
  EXPECT_EQ(std::count(cli.err.begin(), cli.err.end(), '\n'), 1) << cli.err;
}

TEST_F(HostileInputRoundTrip, NulBytesAndBrokenUtf8AreAnsweredInUnderASecondOfCpu) {
  ExpectQuickAndSilentOrValid(PreToolUse(std::string("echo a\0b && make", 16), project_),
                              "an escaped NUL in the command");
  std::string raw = PreToolUse("echo RAW", project_);
  raw.replace(raw.find("RAW"), 3, std::string("\0\xff\xfe\xc3", 4));
  ExpectQuickAndSilentOrValid(raw, "a raw NUL and invalid UTF-8");
  ExpectQuickAndSilentOrValid(std::string(1000, '\0'), "only NUL bytes");
}

// The binary with `event` on a pipe that stays open: its stdin never ends.
RunResult HookOnEndlessStdin(const Sandbox& sandbox, const std::string& event) {
  int in[2];
  int out[2];
  EXPECT_EQ(::pipe(in), 0);
  EXPECT_EQ(::pipe(out), 0);
  const std::string home = "HOME=" + sandbox.home();
  const std::string database = "BGPROF_DB=" + sandbox.database();
  const std::string claude = "CLAUDE_CONFIG_DIR=" + sandbox.claude_dir();
  std::vector<char*> envp = {const_cast<char*>(home.c_str()), const_cast<char*>(database.c_str()),
                             const_cast<char*>(claude.c_str()), nullptr};
  char binary[] = BGPROF_BINARY;
  char hook[] = "hook";
  char* argv[] = {binary, hook, nullptr};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
    ::execve(binary, argv, envp.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  EXPECT_EQ(::write(in[1], event.data(), event.size()), static_cast<ssize_t>(event.size()));
  RunResult result;
  char buffer[4096];
  for (ssize_t got; (got = ::read(out[0], buffer, sizeof buffer)) > 0;) {
    result.out.append(buffer, static_cast<size_t>(got));
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(in[1]);  // only now: the event never ended while the hook ran
  ::close(out[0]);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

TEST_F(HostileInputRoundTrip, AnInputThatNeverEndsMeetsTheDeadline) {
  const absl::Time start = absl::Now();
  RunResult result = HookOnEndlessStdin(sandbox_, PreToolUse("make", project_));
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "");
  EXPECT_GE(took, kHookDeadline);
  EXPECT_LT(took, absl::Seconds(5));  // the timeout `install` writes
  EXPECT_THAT(Log(), HasSubstr("gave up at its deadline of 3s, with nothing printed"));
}

}  // namespace
}  // namespace bgprof::testing
