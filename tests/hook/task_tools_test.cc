// hook/task_tools in-process: polls of a running task get how long it has run and how much
// longer it usually takes; the end of a task, however bgprof learns it, silences them.
#include "hook/task_tools.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/hook_events.h"
#include "tests/support/hook_harness.h"

namespace bgprof::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class TaskToolsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 5; ++i) hook_.Run("npm run e2e", 180000);
    hook_.Send(BackgroundLaunch("npm run e2e", hook_.project(), "bj3nctuu6", "toolu_bg"));
  }
  std::string Context(const std::string& event) {
    const json output = hook_.SendJson(event);
    return output.is_object() ? output["hookSpecificOutput"]["additionalContext"].get<std::string>()
                              : std::string();
  }

  HookHarness hook_;
};

TEST_F(TaskToolsTest, AnEarlyPollSaysHowMuchLonger) {
  hook_.environment.now_ms += 60000;
  const std::string context = Context(TaskOutputPoll("bj3nctuu6", "running", hook_.project()));
  EXPECT_THAT(context, HasSubstr("`npm run e2e` has run 60 s; it usually takes 3.0 min here (5 "
                                 "runs), so about 2.0 min more"));
  EXPECT_THAT(context, HasSubstr("A notification arrives when it ends"));
}

TEST_F(TaskToolsTest, AReadOfTheOutputFileIsAPollToo) {
  hook_.environment.now_ms += 30000;
  EXPECT_THAT(Context(ReadOfTaskOutput("bj3nctuu6", "  12 passing\n", hook_.project())),
              HasSubstr("has run 30 s"));
}

TEST_F(TaskToolsTest, APollPastTheUsualRuntimeSaysNothing) {
  hook_.environment.now_ms += 10 * 60000;
  EXPECT_THAT(hook_.Send(TaskOutputPoll("bj3nctuu6", "running", hook_.project())), IsEmpty());
}

TEST_F(TaskToolsTest, TheEndOfTheTaskSilencesLaterPolls) {
  hook_.environment.now_ms += 20000;
  EXPECT_THAT(
      hook_.Send(ReadOfTaskOutput("bj3nctuu6", "ok\n[exited with code 0]\n", hook_.project())),
      IsEmpty());
  EXPECT_THAT(hook_.Send(TaskOutputPoll("bj3nctuu6", "running", hook_.project())), IsEmpty());
}

TEST_F(TaskToolsTest, ATerminalPollOrAStopEndsTheTask) {
  EXPECT_THAT(hook_.Send(TaskOutputPoll("bj3nctuu6", "completed", hook_.project())), IsEmpty());
  EXPECT_THAT(hook_.Send(TaskOutputPoll("bj3nctuu6", "running", hook_.project())), IsEmpty());

  hook_.Send(BackgroundLaunch("npm run e2e", hook_.project(), "b2", "toolu_bg2"));
  json stop = BaseEvent("PostToolUse", hook_.project());
  stop["tool_name"] = "TaskStop";
  stop["tool_input"] = {{"task_id", "b2"}};
  stop["tool_response"] = {{"message", "Successfully stopped task: b2"}, {"task_id", "b2"}};
  EXPECT_THAT(hook_.Send(stop.dump()), IsEmpty());
  EXPECT_THAT(hook_.Send(TaskOutputPoll("b2", "running", hook_.project())), IsEmpty());
}

TEST_F(TaskToolsTest, UnknownTasksAndOffModeSayNothing) {
  EXPECT_THAT(hook_.Send(TaskOutputPoll("not-a-task", "running", hook_.project())), IsEmpty());
  hook_.environment.config.mode = Mode::kOff;
  EXPECT_THAT(hook_.Send(TaskOutputPoll("bj3nctuu6", "running", hook_.project())), IsEmpty());
}

}  // namespace
}  // namespace bgprof::testing
