// hook/file_edits in-process: the agent's edits, and new sessions, tell the next build that
// files changed.
#include "hook/file_edits.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/store.h"
#include "tests/support/hook_events.h"
#include "tests/support/hook_harness.h"

namespace bgprof::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

ChangesAfter ChangesOf(HookHarness& hook, int64_t since_ms) {
  absl::StatusOr<Store> store = Store::Open(hook.environment.database_path);
  EXPECT_TRUE(store.ok()) << store.status();
  absl::StatusOr<ChangesAfter> changes = store->ChangesSince(hook.project(), since_ms);
  EXPECT_TRUE(changes.ok()) << changes.status();
  return changes.value_or(ChangesAfter{});
}

TEST(FileEditsTest, EveryEditToolIsRecordedAndNothingIsPrinted) {
  HookHarness hook;
  for (const char* tool : {"Edit", "Write", "MultiEdit"}) {
    const int64_t before = hook.environment.now_ms;
    hook.environment.now_ms += 1000;
    EXPECT_THAT(hook.Send(EditToolUse(hook.project() + "/src/" + tool, hook.project(), tool)),
                IsEmpty());
    const ChangesAfter changes = ChangesOf(hook, before);
    EXPECT_TRUE(changes.edits_followed) << tool;
    EXPECT_TRUE(changes.changed) << tool;
    EXPECT_FALSE(ChangesOf(hook, hook.environment.now_ms).changed) << tool;
  }
}

TEST(FileEditsTest, AFailedEditOrAReadIsNoChange) {
  HookHarness hook;
  hook.Send(EditToolUse(hook.project() + "/a.c", hook.project(), "Edit", "PostToolUseFailure"));
  hook.Send(EditToolUse(hook.project() + "/a.c", hook.project(), "Read"));
  EXPECT_FALSE(ChangesOf(hook, 0).edits_followed);
  EXPECT_FALSE(ChangesOf(hook, 0).changed);
}

TEST(FileEditsTest, AnEditWakesTheNextBuildAndItsAbsenceKeepsItQuiet) {
  HookHarness hook;
  for (int i = 0; i < 3; ++i) {
    hook.environment.now_ms += 1000;
    hook.Send(EditToolUse(hook.project() + "/src/main.c", hook.project()));
    hook.environment.now_ms += 1000;
    hook.Run("make -j2", 40000);
  }
  hook.environment.now_ms += 1000;
  hook.Run("make -j2", 300);  // nothing changed: a no-op
  hook.environment.now_ms += 1000;
  EXPECT_THAT(hook.Send(PreToolUse("make -j2", hook.project())), IsEmpty());
  hook.Send(EditToolUse(hook.project() + "/src/main.c", hook.project()));
  hook.environment.now_ms += 1000;
  EXPECT_THAT(hook.Send(PreToolUse("make -j2", hook.project(), "toolu_after_edit")),
              HasSubstr("run_in_background"));
}

TEST(FileEditsTest, ANewSessionCountsAsAChangeAndAResumeDoesNot) {
  HookHarness hook;
  hook.Send(EditToolUse(hook.project() + "/a.c", hook.project()));
  hook.environment.now_ms += 1000;
  const int64_t before = hook.environment.now_ms - 1;
  hook.Send(SessionStart(hook.project(), "resume"));
  EXPECT_FALSE(ChangesOf(hook, before).changed);
  hook.Send(SessionStart(hook.project(), "startup"));
  EXPECT_TRUE(ChangesOf(hook, before).changed);
}

}  // namespace
}  // namespace bgprof::testing
