// Tests of hook/event_spool through HandleHookEvent: an event whose writes meet a busy lock is
// spooled and merged by the next run that gets it, once, whatever happens between.
#include "hook/event_spool.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/location.h"
#include "db/spool.h"
#include "db/store.h"
#include "hook/dispatch.h"
#include "tests/support/bgprof_runner.h"
#include "tests/support/hook_events.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class EventSpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(project_ + "/.git");
    environment_.database_path = scratch_.path() + "/data/bgprof.db";
    environment_.now_ms = 1'700'000'000'000;
  }

  Store Open() {
    absl::StatusOr<Store> store = Store::Open(environment_.database_path);
    EXPECT_TRUE(store.ok()) << store.status();
    return *std::move(store);
  }

  std::vector<Sample> Samples() {
    absl::StatusOr<std::vector<Sample>> samples = Open().SamplesSince(0, "");
    EXPECT_TRUE(samples.ok()) << samples.status();
    return samples.ok() ? *samples : std::vector<Sample>{};
  }

  size_t TelemetryRows() {
    absl::StatusOr<std::vector<TelemetryRow>> rows = Open().TelemetrySince(0, "");
    return rows.ok() ? rows->size() : 0;
  }

  int64_t Polls(const std::string& task_id) {
    absl::StatusOr<std::optional<Task>> task = Open().FindTask(testing::kSession, task_id);
    EXPECT_TRUE(task.ok() && task->has_value());
    return task.ok() && task->has_value() ? (*task)->polls : -1;
  }

  std::string Log() { return testing::ReadFile(LogPathFor(environment_.database_path)); }
  bool Spooled() { return SpoolWaiting(SpoolPathFor(environment_.database_path)); }

  SpooledEvent Spooling(const std::string& json, int64_t at_ms,
                        std::optional<PreToolUseDecision> decision = std::nullopt) {
    absl::StatusOr<HookEvent> event = ParseHookEvent(json);
    EXPECT_TRUE(event.ok());
    return SpooledEvent{.event = *event, .at_ms = at_ms, .decision = decision};
  }

  testing::ScratchFolder scratch_{"bgprof-event-spool"};
  const std::string project_ = scratch_.path() + "/webapp";
  HookEnvironment environment_;
};

TEST_F(EventSpoolTest, AFinishedCallMeetingABusyLockIsSpooledAndMergedByTheNextHook) {
  Store holder = Open();
  ASSERT_TRUE(holder.Begin().ok());
  EXPECT_THAT(
      HandleHookEvent(testing::PostToolUse("make all", project_, 9000, "toolu_a"), environment_),
      IsEmpty());
  EXPECT_TRUE(Spooled());
  EXPECT_THAT(Samples(), IsEmpty());
  ASSERT_TRUE(holder.Commit().ok());

  environment_.now_ms += 60'000;
  HandleHookEvent(testing::PostToolUse("make all", project_, 9500, "toolu_b"), environment_);
  const std::vector<Sample> samples = Samples();
  ASSERT_EQ(samples.size(), 2u);
  // Replayed at its own time, before the event that merged it.
  EXPECT_EQ(samples[0].tool_use_id, "toolu_a");
  EXPECT_EQ(samples[0].at_ms, 1'700'000'000'000);
  EXPECT_EQ(samples[0].duration_ms, 9000);
  EXPECT_EQ(samples[1].tool_use_id, "toolu_b");
  EXPECT_FALSE(Spooled());
  EXPECT_THAT(Log(), IsEmpty());
}

TEST_F(EventSpoolTest, APreToolUseAnswersUnderABusyLockAndItsDecisionReachesTheSample) {
  for (const char* id : {"toolu_1", "toolu_2"}) {
    HandleHookEvent(testing::PostToolUse("make all", project_, 60000, id), environment_);
  }
  Store holder = Open();
  ASSERT_TRUE(holder.Begin().ok());
  const std::string advice =
      HandleHookEvent(testing::PreToolUse("make all", project_, "toolu_3"), environment_);
  EXPECT_THAT(advice, HasSubstr("run_in_background"));
  EXPECT_TRUE(Spooled());
  ASSERT_TRUE(holder.Commit().ok());

  environment_.now_ms += 61'000;
  HandleHookEvent(testing::PostToolUse("make all", project_, 61000, "toolu_3"), environment_);
  const std::vector<Sample> samples = Samples();
  ASSERT_EQ(samples.size(), 3u);
  EXPECT_EQ(samples[2].advice, "suggested");
  EXPECT_TRUE(samples[2].predicted_ms.has_value());
  EXPECT_EQ(TelemetryRows(), 1u);
  EXPECT_FALSE(Spooled());
}

TEST_F(EventSpoolTest, ASpooledStopLeavesItsRemindersToTheNextStop) {
  HandleHookEvent(testing::BackgroundLaunch("make all", project_, "b1", "toolu_bg"), environment_);
  Store holder = Open();
  ASSERT_TRUE(holder.Begin().ok());
  EXPECT_THAT(
      HandleHookEvent(testing::Stop(project_, std::vector<std::string>{"b1"}), environment_),
      IsEmpty());
  EXPECT_TRUE(Spooled());
  ASSERT_TRUE(holder.Commit().ok());

  // The spooled Stop is merged by this one, and nobody heard its reminder: this one gives it.
  environment_.now_ms += 5'000;
  EXPECT_THAT(
      HandleHookEvent(testing::Stop(project_, std::vector<std::string>{"b1"}), environment_),
      HasSubstr("still running in the background"));
  EXPECT_FALSE(Spooled());
}

TEST_F(EventSpoolTest, AnUnreadableRecordIsSkippedAndLoggedAndTheRestMerged) {
  const std::string spool = SpoolPathFor(environment_.database_path);
  std::filesystem::create_directories(std::filesystem::path(spool).parent_path());
  ASSERT_TRUE(AppendToSpool(spool, R"({"v":1,"at_ms":"not a time"})").ok());
  ASSERT_TRUE(AppendToSpool(spool, R"({"v":99,"at_ms":1,"event":{"name":"Stop"}})").ok());
  ASSERT_TRUE(
      SpoolEvent(environment_, Spooling(testing::PostToolUse("ls", project_, 5, "toolu_ok"), 1))
          .ok());
  Store store = Open();
  ASSERT_TRUE(MergeWaitingSpool(store, environment_).ok());
  ASSERT_EQ(Samples().size(), 1u);
  EXPECT_FALSE(Spooled());
  EXPECT_THAT(Log(), HasSubstr("spooled event skipped"));
  EXPECT_THAT(Log(), HasSubstr("another version"));
}

TEST_F(EventSpoolTest, AMergerDyingBetweenCommitAndUnlinkCountsNothingTwice) {
  const PreToolUseDecision suggested{.action = CallAction::kSuggested,
                                     .predicted_ms = 60000,
                                     .telemetry = TelemetryKind::kSuggested,
                                     .family = "make",
                                     .signature = "make all",
                                     .project = project_};
  // A task, and a poll of it: an event no sample stands for, that only the merge's note of the
  // spool file keeps from counting twice.
  HandleHookEvent(testing::BackgroundLaunch("make e2e", project_, "b1", "toolu_bg"), environment_);
  ASSERT_TRUE(SpoolEvent(environment_, Spooling(testing::TaskOutputPoll("b1", "running", project_),
                                                environment_.now_ms + 1000))
                  .ok());
  ASSERT_TRUE(SpoolEvent(environment_,
                         Spooling(testing::PreToolUse("make all", project_, "t1"), 1000, suggested))
                  .ok());
  PreToolUseDecision tests = suggested;
  tests.signature = "make test";
  ASSERT_TRUE(SpoolEvent(environment_,
                         Spooling(testing::PreToolUse("make test", project_, "t2"), 1000, tests))
                  .ok());
  ASSERT_TRUE(SpoolEvent(environment_,
                         Spooling(testing::PostToolUse("make all", project_, 60000, "t1"), 61000))
                  .ok());
  {
    Store store = Open();
    ASSERT_TRUE(store.Begin().ok());
    absl::StatusOr<ClaimedSpool> claimed = MergeSpool(store, environment_);
    ASSERT_TRUE(claimed.ok());
    ASSERT_TRUE(store.Commit().ok());
    // ...and the process dies here: the claimed file is neither released nor unlinked.
  }
  ASSERT_EQ(Samples().size(), 2u);  // the launch's, and `make all`'s
  ASSERT_EQ(TelemetryRows(), 2u);
  ASSERT_EQ(Polls("b1"), 1);
  EXPECT_TRUE(Spooled());

  Store store = Open();
  ASSERT_TRUE(MergeWaitingSpool(store, environment_).ok());
  const std::vector<Sample> samples = Samples();
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[0].tool_use_id, "t1");
  EXPECT_EQ(samples[0].advice, "suggested");
  EXPECT_EQ(TelemetryRows(), 2u);
  EXPECT_EQ(Polls("b1"), 1);
  EXPECT_FALSE(Spooled());
  absl::StatusOr<bool> still_running = store.HasStart("t2");
  ASSERT_TRUE(still_running.ok());
  EXPECT_TRUE(*still_running);
}

TEST_F(EventSpoolTest, ASpoolThatCannotBeWrittenLosesTheEventQuietly) {
  // The database's folder exists but the spool's path is taken by a folder: nothing can be
  // appended, as on a full disk.
  std::filesystem::create_directories(SpoolPathFor(environment_.database_path));
  Store holder = Open();
  ASSERT_TRUE(holder.Begin().ok());
  EXPECT_THAT(
      HandleHookEvent(testing::PostToolUse("make all", project_, 9000, "toolu_a"), environment_),
      IsEmpty());
  ASSERT_TRUE(holder.Commit().ok());
  EXPECT_THAT(Log(), HasSubstr("bgprof.spool"));
  EXPECT_THAT(Samples(), IsEmpty());
}

}  // namespace
}  // namespace bgprof
