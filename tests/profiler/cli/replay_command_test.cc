// Tests of profiler/replay_command: scoring bgprof and the baselines on a trace, in order.
#include "profiler/cli/replay_command.h"

#include <cmath>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

class ReplayTest : public ::testing::Test {
 protected:
  // Writes one trace line per (command, duration) and returns the file's path.
  std::string Trace(const std::vector<std::pair<std::string, int>>& runs,
                    const std::string& extra = "") {
    const std::string path = root_ + "/trace.jsonl";
    std::ofstream out(path);
    for (const auto& [command, ms] : runs) {
      out << R"({"command": ")" << command << R"(", "duration_ms": )" << ms
          << R"(, "cwd": "/w", "source": "me/repo:file"})"
          << "\n";
    }
    out << extra;
    return path;
  }

  testing::ScratchFolder scratch_{"bgprof-replay-test"};
  const std::string root_ = scratch_.path();
};

TEST_F(ReplayTest, EditsAndSessionsGoThroughTheHookAndProjectsAreScoredApart) {
  const std::string path = root_ + "/local.jsonl";
  std::ofstream(path)
      << R"({"session": "a-1", "project": "a", "cwd": ".", "command": "make", "duration_ms": 40000, "exit_code": 0}
{"session": "a-1", "project": "a", "edit": "src/x.c", "tool": "Edit"}
{"session": "a-1", "project": "a", "cwd": ".", "command": "make", "duration_ms": 40000, "exit_code": 0}
{"session": "a-1", "project": "a", "cwd": ".", "command": "make", "duration_ms": 300, "exit_code": 0}
{"session": "b-1", "project": "b", "cwd": ".", "command": "ls", "duration_ms": 10, "exit_code": 0}
{"session": "b-1", "project": "b", "cwd": ".", "command": "false", "duration_ms": 10, "exit_code": 1}
)";
  const std::string events_path = root_ + "/events.jsonl";
  std::ofstream events(events_path);
  absl::StatusOr<ReplayReport> report = ReplayTrace(path, Thresholds{}, &events);
  events.close();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->edits, 1);
  EXPECT_EQ(report->sessions, 2);
  EXPECT_EQ(report->skipped, 0);
  ASSERT_TRUE(report->by_project.contains("a"));
  ASSERT_TRUE(report->by_project.contains("b"));
  EXPECT_EQ(report->by_project.at("a").at("bgprof").n, 3);
  EXPECT_EQ(report->by_project.at("b").at("bgprof").n, 2);
  // Two 40 s builds: the first suggested from make's prior, the second from the first run after
  // the edit; the last value catches only the second.
  const ReplayScore& bgprof = report->overall.at("bgprof");
  EXPECT_EQ(bgprof.slow_ms, 80000);
  EXPECT_NEAR(bgprof.SlowSecondsCaught(), 1.0, 1e-9);
  EXPECT_NEAR(report->overall.at("last value").SlowSecondsCaught(), 0.5, 1e-9);
  // The first build found make never run there; the edit went through the hook, so the second
  // found the project changed, the third not.
  std::ifstream in(events_path);
  std::vector<std::string> states;
  for (std::string line; std::getline(in, line);) {
    states.push_back(nlohmann::json::parse(line)["state"]);
  }
  ASSERT_EQ(states.size(), 5u);
  EXPECT_EQ(states[0], "fresh");
  EXPECT_EQ(states[1], "changed");
  EXPECT_EQ(states[2], "unchanged");
}

TEST_F(ReplayTest, HindsightPredictsEachRunByTheMedianOfTheCommandsOtherRuns) {
  const std::string path = Trace({{"./build.sh", 1000},
                                  {"./build.sh", 9000},
                                  {"./build.sh", 8000},
                                  {"./lint.sh", 100},
                                  {"./build.sh", 7000}});
  absl::StatusOr<ReplayReport> report = ReplayTrace(path, Thresholds{});
  ASSERT_TRUE(report.ok()) << report.status();
  const ReplayScore& hindsight = report->overall.at("hindsight median");
  EXPECT_EQ(hindsight.n, 5);
  // build.sh runs 1, 9, 8, 7 s: the others' medians are 8, 7, 7 and 8 s, all suggested; lint.sh
  // ran once and has no prediction.
  EXPECT_EQ(hindsight.predicted, 4);
  EXPECT_EQ(hindsight.suggested, 4);
  EXPECT_EQ(hindsight.slow_suggested, 3);
  EXPECT_EQ(hindsight.fast_suggested, 1);                // the 1 s run
  EXPECT_NEAR(hindsight.abs_log2_errors[0], 3.0, 1e-9);  // 8 s for 1 s
  EXPECT_NEAR(hindsight.abs_log2_errors[1], std::log2(9.0 / 7.0), 1e-9);
}

TEST_F(ReplayTest, RepeatedRecordsAreScoredApartForEveryMethod) {
  const std::string path =
      Trace({{"make all", 10000}, {"ls -la", 40}, {"make all", 12000}, {"ls -la", 50}});
  absl::StatusOr<ReplayReport> report = ReplayTrace(path, Thresholds{});
  ASSERT_TRUE(report.ok()) << report.status();
  for (const char* method : {"bgprof", "bgprof, acting", "last value", "mean of last two",
                             "EMA per command", "hindsight median"}) {
    ASSERT_TRUE(report->repeated.contains(method)) << method;
    EXPECT_EQ(report->repeated.at(method).n, 2) << method;
    EXPECT_EQ(report->overall.at(method).n, 4) << method;
  }
  const ReplayScore& last = report->repeated.at("last value");
  EXPECT_EQ(last.slow_suggested, 1);
  EXPECT_NEAR(last.RepeatedMedianAbsLog2Error(),
              (std::log2(12000.0 / 10000.0) + std::log2(50.0 / 40.0)) / 2, 1e-9);
  // bgprof's repeated errors are those of the same two records.
  EXPECT_EQ(report->overall.at("bgprof").repeated_abs_log2_errors.size(), 2u);
}

TEST_F(ReplayTest, ActingNeedsTwoRunsThatAgree) {
  // The third and fourth steady runs are acted on; the spread command is only suggested.
  const std::string path = Trace({{"make all", 60000},
                                  {"make all", 61000},
                                  {"make all", 59000},
                                  {"make all", 60000},
                                  {"./run.sh", 6000},
                                  {"./run.sh", 60000},
                                  {"./run.sh", 8000}});
  absl::StatusOr<ReplayReport> report = ReplayTrace(path, Thresholds{});
  ASSERT_TRUE(report.ok()) << report.status();
  const ReplayScore& acting = report->overall.at("bgprof, acting");
  const ReplayScore& suggesting = report->overall.at("bgprof");
  EXPECT_EQ(acting.n, 7);
  EXPECT_EQ(acting.suggested, 2);
  EXPECT_EQ(acting.slow_suggested, 2);
  EXPECT_GT(suggesting.suggested, acting.suggested);
}

TEST_F(ReplayTest, CutShortRunsAreLearnedButNotScored) {
  const std::string path =
      Trace({{"make all", 10000}}, R"({"command": "make all", "duration_ms": 120000, )"
                                   R"("cwd": "/w", "timed_out": true})"
                                   "\n"
                                   R"({"command": "make all", "duration_ms": 200000, "cwd": "/w"})"
                                   "\n");
  absl::StatusOr<ReplayReport> report = ReplayTrace(path, Thresholds{});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->overall.at("bgprof").n, 2);
  EXPECT_EQ(report->skipped, 0);
  // The timed-out run lifted the estimate past 120 s: the last run is predicted within 2x.
  EXPECT_LT(report->overall.at("bgprof").abs_log2_errors.back(), 1.0);
}

TEST_F(ReplayTest, AMissingTraceIsAnError) {
  absl::StatusOr<ReplayReport> report = ReplayTrace(root_ + "/none.jsonl", Thresholds{});
  EXPECT_FALSE(report.ok());
}

}  // namespace
}  // namespace bgprof
