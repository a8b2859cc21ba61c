#include "profiler/learning/known_slow.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "profiler/learning/history.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class KnownSlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Store> store = Store::Open(scratch_.path() + "/bgprof.db");
    ASSERT_TRUE(store.ok()) << store.status();
    store_.emplace(std::move(*store));
  }
  void Record(const std::string& project, const std::string& command, int64_t ms) {
    const CommandLine line = AnalyzeCommandLine(command);
    const Signature& signature = line.signature();
    const Sample sample{.at_ms = ++clock_,
                        .project = project,
                        .command = command,
                        .program = signature.program,
                        .family = signature.family,
                        .signature = signature.command,
                        .facts = signature.facts,
                        .duration_ms = ms};
    ASSERT_TRUE(RecordSample(*store_, sample).ok());
  }
  std::vector<std::string> Families(const std::string& project, size_t limit = 5) {
    absl::StatusOr<std::vector<FamilyEstimate>> slow =
        KnownSlowFamilies(*store_, project, Thresholds{}, limit);
    EXPECT_TRUE(slow.ok()) << slow.status();
    std::vector<std::string> names;
    for (const FamilyEstimate& entry : *slow) names.push_back(entry.family);
    return names;
  }

  testing::ScratchFolder scratch_{"bgprof-known-slow"};
  std::optional<Store> store_;
  int64_t clock_ = 0;
};

TEST_F(KnownSlowTest, SlowFamiliesOfTheProjectMostWaitingFirst) {
  for (int i = 0; i < 5; ++i) Record("/w", "npm test", 20000);             // 100 s of waiting
  for (int i = 0; i < 2; ++i) Record("/w", "npm run build", 90000);        // 180 s
  for (int i = 0; i < 9; ++i) Record("/w", "git status", 30);              // quick
  for (int i = 0; i < 3; ++i) Record("/elsewhere", "cargo build", 90000);  // another project
  EXPECT_THAT(Families("/w"), ElementsAre("npm run build", "npm test"));
  EXPECT_THAT(Families("/w", 1), ElementsAre("npm run build"));
  EXPECT_THAT(Families("/elsewhere"), ElementsAre("cargo build"));
  EXPECT_THAT(Families("/nowhere"), IsEmpty());
}

TEST_F(KnownSlowTest, SelectedTestsAndCommandsThatMayWellBeQuickAreLeftOut) {
  for (int i = 0; i < 3; ++i) Record("/w", "pytest tests/a.py::test_b", 30000);
  for (int ms : {30000, 400, 25000, 600, 40000, 500}) Record("/w", "./run.sh", ms);
  EXPECT_THAT(Families("/w"), IsEmpty());
}

}  // namespace
}  // namespace bgprof
