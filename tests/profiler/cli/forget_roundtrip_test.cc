// `bgprof forget` through the real binary: runs recorded by the hook, then forgotten.
#include <algorithm>
#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/bgprof_runner.h"
#include "tests/support/hook_events.h"

namespace bgprof::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

int CountLines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

class ForgetRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = sandbox_.root() + "/webapp";
    other_project_ = sandbox_.root() + "/api";
    std::filesystem::create_directories(project_ + "/.git");
    std::filesystem::create_directories(other_project_ + "/.git");
  }
  void Record(const std::string& command, int duration_ms, const std::string& cwd) {
    RunResult result = sandbox_.Hook(
        PostToolUse(command, cwd, duration_ms, "toolu_" + std::to_string(next_id_++)));
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  json Estimate(const std::string& command, const std::string& cwd) {
    RunResult result = sandbox_.Run({"estimate", "--json", "--", command}, "", cwd);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out);
  }
  RunResult Forget(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"forget"};
    full.insert(full.end(), args.begin(), args.end());
    return sandbox_.Run(full, "", project_);
  }

  Sandbox sandbox_;
  std::string project_;
  std::string other_project_;
  int next_id_ = 0;
};

TEST_F(ForgetRoundTrip, ADryRunChangesNothingThenTheFamilyIsForgottenEverywhere) {
  Record("npm test", 9000, project_);
  Record("npm test", 9200, project_);
  Record("npm test -- --ci", 9500, project_);
  Record("npm test", 8000, other_project_);
  Record("npm run lint", 3000, project_);
  Record("npm run lint", 3100, project_);
  const json before = Estimate("npm test", project_);
  ASSERT_EQ(before["source"], "command");
  ASSERT_EQ(before["samples"], 2);

  RunResult dry = Forget({"--dry-run", "npm test"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(dry.err, IsEmpty());
  EXPECT_EQ(CountLines(dry.out), 1) << dry.out;
  EXPECT_THAT(dry.out, StartsWith("Would forget 4 samples and "));
  EXPECT_THAT(dry.out, HasSubstr("of npm test (4)"));
  EXPECT_THAT(dry.out, HasSubstr("the program level (npm)"));
  EXPECT_THAT(dry.out, HasSubstr("nothing changed"));
  EXPECT_EQ(Estimate("npm test", project_), before);

  RunResult real = Forget({"npm test"});
  EXPECT_EQ(real.exit_code, 0) << real.err;
  EXPECT_EQ(CountLines(real.out), 1) << real.out;
  // The dry run counted what went.
  auto counts = [](const std::string& line) {
    const size_t from = line.find(" samples");
    return line.substr(from, line.find(';') - from);
  };
  EXPECT_EQ(counts(real.out), counts(dry.out));
  EXPECT_THAT(real.out, StartsWith("Forgot 4 samples and "));

  // Neither the command, nor the family here or in any project, knows a run: only the program's
  // runs, which mix `npm run lint` in, are left.
  for (const std::string& cwd : {project_, other_project_}) {
    for (const char* command : {"npm test", "npm test -- --ci"}) {
      const json after = Estimate(command, cwd);
      EXPECT_EQ(after["source"], "program") << command << " in " << cwd << ": " << after.dump();
    }
  }
  const json lint = Estimate("npm run lint", project_);
  EXPECT_EQ(lint["source"], "command");
  EXPECT_EQ(lint["samples"], 2);

  RunResult top =
      sandbox_.Run({"top", "--json", "--all-projects", "--by", "command"}, "", project_);
  ASSERT_EQ(top.exit_code, 0) << top.err;
  EXPECT_EQ(json::parse(top.out).size(), 1u) << top.out;  // npm run lint alone

  RunResult again = Forget({"npm test"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(CountLines(again.err), 1) << again.err;
  EXPECT_THAT(again.err, StartsWith("bgprof: nothing learned matches \"npm test\""));
  EXPECT_THAT(again.out, IsEmpty());
}

TEST_F(ForgetRoundTrip, AGlobNamesSeveralFamilies) {
  Record("make", 40000, project_);
  Record("make -j4 all", 30000, project_);
  Record("make install", 5000, project_);
  Record("cmake --build build", 20000, project_);

  RunResult result = Forget({"make*"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, StartsWith("Forgot 3 samples and "));
  EXPECT_EQ(Estimate("cmake --build build", project_)["source"], "command");
  EXPECT_NE(Estimate("make install", project_)["source"], "command");
}

TEST_F(ForgetRoundTrip, APatternMatchingNothingFailsWithOneLine) {
  Record("npm test", 9000, project_);
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"cargo*"}, {"--dry-run", "npm"}, {""}}) {
    RunResult result = Forget(args);
    EXPECT_EQ(result.exit_code, 1) << ::testing::PrintToString(args);
    EXPECT_EQ(CountLines(result.err), 1) << result.err;
    EXPECT_THAT(result.err, StartsWith("bgprof: nothing learned matches"));
    EXPECT_THAT(result.out, IsEmpty());
  }
  EXPECT_EQ(Estimate("npm test", project_)["source"], "command");
}

}  // namespace
}  // namespace bgprof::testing
