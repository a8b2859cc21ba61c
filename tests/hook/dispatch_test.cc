// HandleHookEvent in-process: the dispatch, the silence rules, and every real command line of
// the corpus through a PostToolUse and a PreToolUse against a real SQLite file.
#include "hook/dispatch.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "db/store.h"
#include "tests/support/build_speed.h"
#include "tests/support/corpus.h"
#include "tests/support/hook_events.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class HandleHookEventTest : public ::testing::Test {
 protected:
  void SetUp() override {
    environment_.database_path = root_ + "/data/bgprof.db";
    environment_.now_ms = 1'700'000'000'000;
  }

  testing::ScratchFolder scratch_{"bgprof-hook"};
  const std::string root_ = scratch_.path();
  HookEnvironment environment_;
};

TEST_F(HandleHookEventTest, SuggestsAfterSlowRunsAndNotForBackgroundCalls) {
  for (const char* id : {"toolu_a", "toolu_b"}) {
    EXPECT_THAT(HandleHookEvent(testing::PostToolUse("make all", root_, 60000, id), environment_),
                IsEmpty());
  }
  const std::string output = HandleHookEvent(testing::PreToolUse("make all", root_), environment_);
  EXPECT_THAT(output, HasSubstr("\"hookEventName\":\"PreToolUse\""));
  EXPECT_THAT(output, HasSubstr("60 s"));
  EXPECT_THAT(
      HandleHookEvent(testing::PreToolUse("make all", root_, "toolu_c", true), environment_),
      IsEmpty());
  environment_.background_disabled = true;
  EXPECT_THAT(HandleHookEvent(testing::PreToolUse("make all", root_), environment_), IsEmpty());
}

TEST_F(HandleHookEventTest, ThresholdsComeFromTheEnvironment) {
  for (const char* id : {"toolu_a", "toolu_b"}) {
    HandleHookEvent(testing::PostToolUse("make all", root_, 3000, id), environment_);
  }
  EXPECT_THAT(HandleHookEvent(testing::PreToolUse("make all", root_), environment_), IsEmpty());
  environment_.config.thresholds.suggest_above_ms = 2500;
  EXPECT_THAT(HandleHookEvent(testing::PreToolUse("make all", root_), environment_),
              HasSubstr("3.0 s"));
}

TEST_F(HandleHookEventTest, NoDatabasePathIsSilent) {
  environment_.database_path.clear();
  EXPECT_THAT(HandleHookEvent(testing::PreToolUse("cargo build", root_), environment_), IsEmpty());
}

TEST_F(HandleHookEventTest, EveryCorpusLineRecordsAndPredictsWithoutNoise) {
  const std::vector<std::string> lines = testing::CorpusLines();
  ASSERT_GT(lines.size(), 10000u) << "corpus missing: " << testing::CorpusPath();
  const auto start = std::chrono::steady_clock::now();
  size_t suggestions = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string id = "toolu_" + std::to_string(i);
    ASSERT_THAT(HandleHookEvent(testing::PostToolUse(lines[i], root_, 100, id), environment_),
                IsEmpty())
        << lines[i];
    const std::string output =
        HandleHookEvent(testing::PreToolUse(lines[i], root_, id), environment_);
    if (!output.empty()) {
      ASSERT_TRUE(nlohmann::json::accept(output)) << lines[i];
      // Dev servers are suggested however short their last run (it surely failed to start).
      if (output.find("runs until it is stopped") == std::string::npos) {
        ++suggestions;
        ADD_FAILURE() << "suggested after a 100 ms run: " << lines[i];
      }
    }
  }
  // Every line just ran in 100 ms, so the command level speaks for it: nothing is slow.
  EXPECT_EQ(suggestions, 0u);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds / static_cast<double>(lines.size()), 0.05 * testing::kBuildSlowdown)
      << "per line, in seconds";
  // Nothing failed along the way: no error log was written.
  EXPECT_FALSE(fs::exists(root_ + "/data/bgprof.log"));
  absl::StatusOr<Store> store = Store::Open(environment_.database_path);
  ASSERT_TRUE(store.ok());
  EXPECT_GT(*store->SampleCount(), static_cast<int64_t>(lines.size() * 9 / 10));
}

}  // namespace
}  // namespace bgprof
