// hook/stop in-process: a task missing from Stop's list of work in flight has ended. The
// reminders are in task_lifecycle_test.cc.
#include "hook/stop.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/hook_events.h"
#include "tests/support/hook_harness.h"

namespace bgprof::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(StopTest, TasksNoLongerInFlightEnd) {
  HookHarness hook;
  for (int i = 0; i < 3; ++i) hook.Run("cargo build", 120000);
  hook.Send(BackgroundLaunch("cargo build", hook.project(), "b1", "toolu_1"));
  hook.Send(BackgroundLaunch("cargo build", hook.project(), "b2", "toolu_2"));
  hook.environment.now_ms += 10000;
  hook.Send(Stop(hook.project(), std::vector<std::string>{"b2", "a-subagent"}));
  EXPECT_THAT(hook.Send(TaskOutputPoll("b1", "running", hook.project())), IsEmpty());
  EXPECT_THAT(hook.Send(TaskOutputPoll("b2", "running", hook.project())), HasSubstr("has run"));
}

TEST(StopTest, AClientWithoutTheListEndsNothing) {
  HookHarness hook;
  for (int i = 0; i < 3; ++i) hook.Run("cargo build", 120000);
  hook.Send(BackgroundLaunch("cargo build", hook.project(), "b1", "toolu_1"));
  EXPECT_THAT(hook.Send(Stop(hook.project(), std::nullopt)), IsEmpty());
  hook.environment.now_ms += 10000;
  EXPECT_THAT(hook.Send(TaskOutputPoll("b1", "running", hook.project())), HasSubstr("has run"));
}

}  // namespace
}  // namespace bgprof::testing
