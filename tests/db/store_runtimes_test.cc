// Tests of db/store_runtimes and of imported samples: what `bgprof top` reads, and runs that
// `bgprof calibrate` stores once however often it imports them.
#include <sqlite3.h>

#include <optional>
#include <string>
#include <vector>

#include "db/store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

class StoreRuntimesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Store> store = Store::Open(scratch_.path() + "/bgprof.db");
    ASSERT_TRUE(store.ok()) << store.status();
    store_.emplace(std::move(*store));
  }
  static RuntimeHistogram Runs(std::initializer_list<int64_t> durations_ms, int64_t at_ms) {
    RuntimeHistogram runtimes;
    for (int64_t ms : durations_ms) AddRun(runtimes, ms, at_ms);
    return runtimes;
  }
  testing::ScratchFolder scratch_{"bgprof-runtimes"};
  std::optional<Store> store_;
};

TEST_F(StoreRuntimesTest, SavedRuntimesLoadBackPerGroupingKeyAndProject) {
  ASSERT_TRUE(store_->SaveRuntimes(Grouping::kFamily, "make", "/a", Runs({900, 61000}, 5)).ok());
  absl::StatusOr<RuntimeHistogram> loaded = store_->LoadRuntimes(Grouping::kFamily, "make", "/a");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(RunCount(*loaded), 2);
  EXPECT_EQ(PercentileMs(*loaded, 1.0), 61000);
  EXPECT_EQ(loaded->last_seen_ms, 5);
  EXPECT_EQ(RunCount(*store_->LoadRuntimes(Grouping::kCommand, "make", "/a")), 0);
  EXPECT_EQ(RunCount(*store_->LoadRuntimes(Grouping::kFamily, "make", "/b")), 0);
}

TEST_F(StoreRuntimesTest, EveryProjectSumsTheRowsOfOneKey) {
  ASSERT_TRUE(store_->SaveRuntimes(Grouping::kFamily, "make", "/a", Runs({1000, 1000}, 5)).ok());
  ASSERT_TRUE(store_->SaveRuntimes(Grouping::kFamily, "make", "/b", Runs({8000}, 9)).ok());
  ASSERT_TRUE(store_->SaveRuntimes(Grouping::kFamily, "ls", "/b", Runs({3}, 1)).ok());
  absl::StatusOr<std::vector<KeyedRuntimes>> all = store_->RuntimesOf(Grouping::kFamily, {});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].key, "make");
  EXPECT_EQ(RunCount((*all)[1].runtimes), 3);
  EXPECT_EQ((*all)[1].runtimes.last_seen_ms, 9);
  absl::StatusOr<std::vector<KeyedRuntimes>> one =
      store_->RuntimesOf(Grouping::kFamily, std::string("/a"));
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(RunCount(one->front().runtimes), 2);
}

TEST_F(StoreRuntimesTest, AnImportedSampleIsStoredOncePerSourceAndKey) {
  Sample sample{.at_ms = 10,
                .command = "make",
                .program = "make",
                .family = "make",
                .signature = "make",
                .duration_ms = 5000,
                .source = "zsh",
                .import_key = "1700000000:1f5359a2ce9388cf"};
  EXPECT_TRUE(*store_->InsertSample(sample));
  EXPECT_FALSE(*store_->InsertSample(sample));
  sample.source = "atuin";  // another history may hold the same key
  EXPECT_TRUE(*store_->InsertSample(sample));
  Sample hook_run = sample;  // bgprof's own runs have no key: each is stored
  hook_run.source.clear();
  hook_run.import_key.clear();
  EXPECT_TRUE(*store_->InsertSample(hook_run));
  EXPECT_TRUE(*store_->InsertSample(hook_run));
  EXPECT_EQ(*store_->SampleCount(), 4);
  // `bgprof stats` reports what bgprof did: imported runs are not its calls.
  EXPECT_EQ(store_->SamplesSince(0, "")->size(), 2u);
  // Nor does `bgprof doctor` ask them how Claude Code timed its calls.
  EXPECT_EQ(store_->RecentRunTiming(0, 100)->runs, 2);
}

TEST_F(StoreRuntimesTest, HasCallFindsACallByItsToolUseId) {
  EXPECT_FALSE(*store_->HookRecordedCall("s1", "toolu_1"));
  ASSERT_TRUE(
      store_->InsertSample(Sample{.at_ms = 1, .session = "s1", .tool_use_id = "toolu_1"}).ok());
  EXPECT_TRUE(*store_->HookRecordedCall("s1", "toolu_1"));
  EXPECT_FALSE(*store_->HookRecordedCall("s1", "toolu_2"));
  // Another session's call of the same id is another call.
  EXPECT_FALSE(*store_->HookRecordedCall("s2", "toolu_1"));
  // An import of a call from its transcript is not the hook's.
  ASSERT_TRUE(store_
                  ->InsertSample(Sample{.at_ms = 1,
                                        .session = "s1",
                                        .tool_use_id = "toolu_3",
                                        .source = "claude",
                                        .import_key = "toolu_3"})
                  .ok());
  EXPECT_FALSE(*store_->HookRecordedCall("s1", "toolu_3"));
}

TEST_F(StoreRuntimesTest, SignatureOfCallGivesWhatTheHookSigned) {
  EXPECT_FALSE(store_->SignatureOfCall("s1", "toolu_1")->has_value());
  ASSERT_TRUE(store_
                  ->InsertSample(Sample{.at_ms = 1,
                                        .session = "s1",
                                        .command = "echo xx [cut]",
                                        .program = "make",
                                        .family = "make test",
                                        .signature = "make test",
                                        .tool_use_id = "toolu_1"})
                  .ok());
  absl::StatusOr<std::optional<Sample>> signed_call = store_->SignatureOfCall("s1", "toolu_1");
  ASSERT_TRUE(signed_call.ok() && signed_call->has_value());
  EXPECT_EQ((*signed_call)->program, "make");
  EXPECT_EQ((*signed_call)->family, "make test");
  EXPECT_EQ((*signed_call)->signature, "make test");
  EXPECT_FALSE(store_->SignatureOfCall("s2", "toolu_1")->has_value());
}

}  // namespace
}  // namespace bgprof
