// hook/post_tool_use in-process: a launch opens a task and tells its usual runtime; a slow
// foreground run bgprof did not foresee is named at once.
#include "hook/post_tool_use.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "db/store.h"
#include "tests/support/hook_events.h"
#include "tests/support/hook_harness.h"

namespace bgprof::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class PostToolUseTest : public ::testing::Test {
 protected:
  std::optional<Task> TaskNamed(const std::string& id) {
    absl::StatusOr<Store> store = Store::Open(hook_.environment.database_path);
    EXPECT_TRUE(store.ok()) << store.status();
    absl::StatusOr<std::optional<Task>> task = store->FindTask(kSession, id);
    EXPECT_TRUE(task.ok()) << task.status();
    return task.ok() ? *task : std::nullopt;
  }

  HookHarness hook_;
};

TEST_F(PostToolUseTest, ALaunchTellsHowLongTheCommandUsuallyTakes) {
  for (int ms : {170000, 180000, 200000, 185000}) hook_.Run("npm run e2e", ms);
  hook_.Send(PreToolUse("npm run e2e", hook_.project(), "toolu_bg", /*background=*/true));
  const json output =
      hook_.SendJson(BackgroundLaunch("npm run e2e", hook_.project(), "bj3nctuu6", "toolu_bg"));
  ASSERT_TRUE(output.is_object());
  EXPECT_EQ(output["hookSpecificOutput"]["hookEventName"], "PostToolUse");
  const std::string context = output["hookSpecificOutput"]["additionalContext"];
  EXPECT_THAT(context, HasSubstr("`npm run e2e` usually takes 2.9 min to 3.2 min"));
  EXPECT_THAT(context, HasSubstr("4 runs of this command in this project"));
  EXPECT_THAT(context, HasSubstr("A notification arrives when it ends"));
  EXPECT_FALSE(output.contains("systemMessage"));

  std::optional<Task> task = TaskNamed("bj3nctuu6");
  ASSERT_TRUE(task.has_value());
  EXPECT_EQ(task->origin, TaskOrigin::kAsked);
  EXPECT_EQ(task->family, "npm run e2e");
  EXPECT_EQ(task->runs, 4);
  ASSERT_TRUE(task->predicted_ms.has_value());
  EXPECT_GT(*task->predicted_ms, 170000);
  EXPECT_LT(*task->predicted_ms, 200000);
}

TEST_F(PostToolUseTest, ALaunchOfSomethingUnmeasuredSaysNothingButOpensATask) {
  EXPECT_THAT(hook_.Send(BackgroundLaunch("cargo build", hook_.project(), "b1", "toolu_bg")),
              IsEmpty());
  std::optional<Task> task = TaskNamed("b1");
  ASSERT_TRUE(task.has_value());
  EXPECT_EQ(task->predicted_ms, std::nullopt);  // a prior is not a measurement
}

TEST_F(PostToolUseTest, AToolUseIdAnotherSessionUsedIsANewCall) {
  // The stand-in model of the e2e run numbers its calls the same way in every session.
  json earlier = json::parse(PostToolUse("make test", hook_.project(), 6000, "toolu_1"));
  earlier["session_id"] = "an-earlier-session";
  hook_.Send(earlier.dump());
  hook_.Send(BackgroundLaunch("make test", hook_.project(), "b9", "toolu_1"));
  std::optional<Task> task = TaskNamed("b9");
  ASSERT_TRUE(task.has_value());
  EXPECT_EQ(task->origin, TaskOrigin::kAsked);
}

TEST_F(PostToolUseTest, ACallBgprofMovedGetsNoSecondEstimate) {
  for (int i = 0; i < 4; ++i) hook_.Run("npm run e2e", 180000);
  hook_.environment.config.mode = Mode::kAuto;
  const json moved = hook_.SendJson(PreToolUse("npm run e2e", hook_.project(), "toolu_auto"));
  ASSERT_TRUE(moved["hookSpecificOutput"].contains("updatedInput"));
  EXPECT_THAT(hook_.Send(BackgroundLaunch("npm run e2e", hook_.project(), "b2", "toolu_auto")),
              IsEmpty());
  std::optional<Task> task = TaskNamed("b2");
  ASSERT_TRUE(task.has_value());
  EXPECT_EQ(task->origin, TaskOrigin::kMoved);
}

TEST_F(PostToolUseTest, CtrlBAndTimeoutMovesAreTasksThatStartedEarlier) {
  json user = json::parse(PostToolUse("docker build -t web .", hook_.project(), 95210, "toolu_u"));
  user["tool_response"]["backgroundTaskId"] = "bq4";
  user["tool_response"]["backgroundedByUser"] = true;
  hook_.Send(user.dump());
  std::optional<Task> task = TaskNamed("bq4");
  ASSERT_TRUE(task.has_value());
  EXPECT_EQ(task->origin, TaskOrigin::kUser);
  EXPECT_EQ(task->started_ms, hook_.environment.now_ms - 95210);

  json timeout = json::parse(PostToolUse("npm run e2e", hook_.project(), 120004, "toolu_t"));
  timeout["tool_response"]["backgroundTaskId"] = "bx1";
  timeout["tool_response"]["timedOutAfterMs"] = 120000;
  hook_.Send(timeout.dump());
  ASSERT_TRUE(TaskNamed("bx1").has_value());
  EXPECT_EQ(TaskNamed("bx1")->origin, TaskOrigin::kTimeout);
}

TEST_F(PostToolUseTest, AnUnforeseenSlowRunIsNamedAtOnce) {
  hook_.Send(PreToolUse("./scripts/migrate.sh", hook_.project(), "toolu_m"));
  hook_.environment.now_ms += 48000;
  const json output =
      hook_.SendJson(PostToolUse("./scripts/migrate.sh", hook_.project(), 48213, "toolu_m"));
  ASSERT_TRUE(output.is_object());
  EXPECT_THAT(output["hookSpecificOutput"]["additionalContext"].get<std::string>(),
              HasSubstr("ran 48 s in the foreground, which bgprof had not foreseen"));
  // Failures carry it too, under their own event name.
  hook_.Send(PreToolUse("./scripts/slow-fail.sh", hook_.project(), "toolu_fail"));
  const json failed =
      hook_.SendJson(PostToolUseFailure("./scripts/slow-fail.sh", hook_.project(), 9000));
  ASSERT_TRUE(failed.is_object());
  EXPECT_EQ(failed["hookSpecificOutput"]["hookEventName"], "PostToolUseFailure");
}

TEST_F(PostToolUseTest, AForeseenOrQuickRunIsNotNamed) {
  for (int i = 0; i < 3; ++i) hook_.Run("make all", 30000);
  hook_.Send(PreToolUse("make all", hook_.project(), "toolu_s"));  // suggested
  EXPECT_THAT(hook_.Send(PostToolUse("make all", hook_.project(), 31000, "toolu_s")), IsEmpty());
  hook_.Send(PreToolUse("ls", hook_.project(), "toolu_ls"));
  EXPECT_THAT(hook_.Send(PostToolUse("ls", hook_.project(), 12, "toolu_ls")), IsEmpty());
  // Without its PreToolUse bgprof cannot tell what it would have said.
  EXPECT_THAT(hook_.Send(PostToolUse("./other.sh", hook_.project(), 30000, "toolu_x")), IsEmpty());
  // Nor in off mode.
  hook_.environment.config.mode = Mode::kOff;
  hook_.Send(PreToolUse("./quiet.sh", hook_.project(), "toolu_q"));
  EXPECT_THAT(hook_.Send(PostToolUse("./quiet.sh", hook_.project(), 30000, "toolu_q")), IsEmpty());
}

}  // namespace
}  // namespace bgprof::testing
