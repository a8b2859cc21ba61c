// Tests of hook/protocol/task_notification: the envelopes Claude Code sends as a prompt when a
// background task ends (claude-code-hooks.md §4, §6, §8.5, §9.5), and task output file paths.
#include "hook/protocol/task_notification.h"

#include <string>

#include "gtest/gtest.h"

namespace bgprof {
namespace {

// §6, UserPromptSubmit, as 2.1.197 sent it (§8.5).
constexpr const char* kCompleted2_1_197 =
    "<task-notification>\n<task-id>b7k2m9x4q</task-id>\n<tool-use-id>toolu_01Build</tool-use-id>\n"
    "<output-file>…/tasks/b7k2m9x4q.output</output-file>\n<status>completed</status>\n"
    "<summary>Background command \"Build release binary\" completed (exit code 0)</summary>\n"
    "</task-notification>";

// 2.1.330 (§9.5): the same tags with the output file's full path, and a line for the model after
// the envelope.
constexpr const char* kCompleted2_1_330 =
    "<task-notification>\n<task-id>bj3nctuu6</task-id>\n<tool-use-id>toolu_01Sleep</tool-use-id>\n"
    "<output-file>/tmp/claude-0/-work-x/abc/tasks/bj3nctuu6.output</output-file>\n"
    "<status>completed</status>\n"
    "<summary>Background command \"Sleep three seconds\" completed (exit code 0)</summary>\n"
    "</task-notification>\n"
    "Read the output file to retrieve the result: /tmp/claude-0/-work-x/abc/tasks/bj3nctuu6.output";

constexpr const char* kFailed =
    "<task-notification>\n<task-id>bq4n8v2ze</task-id>\n<tool-use-id>toolu_01Dock</tool-use-id>\n"
    "<output-file>/tmp/claude-0/-home-alex-webapp/7c1e/tasks/bq4n8v2ze.output</output-file>\n"
    "<status>failed</status>\n"
    "<summary>Background command \"Build Docker image\" failed (exit code 1)</summary>\n"
    "</task-notification>";

// Clients before task ids: a shell id, no tool-use id.
constexpr const char* kLegacyBash =
    "<bash-notification>\n<shell-id>4f2a9c</shell-id>\n"
    "<output-file>/tmp/claude/-home-alex-webapp/tasks/4f2a9c.output</output-file>\n"
    "<status>completed</status>\n"
    "<summary>Background command \"npm run build\" completed (exit code 2).</summary>\n"
    "Read the output file to retrieve the output.\n</bash-notification>";

TEST(ParseTaskNotificationsTest, ReadsThe2_1_197Envelope) {
  auto notifications = ParseTaskNotifications(kCompleted2_1_197);
  ASSERT_TRUE(notifications.has_value());
  ASSERT_EQ(notifications->size(), 1u);
  const TaskNotification& notification = notifications->front();
  EXPECT_EQ(notification.task_id, "b7k2m9x4q");
  EXPECT_EQ(notification.tool_use_id, "toolu_01Build");
  EXPECT_EQ(notification.status, "completed");
  EXPECT_EQ(notification.exit_code, 0);
  EXPECT_EQ(notification.output_file, "…/tasks/b7k2m9x4q.output");
}

TEST(ParseTaskNotificationsTest, ReadsThe2_1_330EnvelopeAndIgnoresTheTextAfterIt) {
  auto notifications = ParseTaskNotifications(kCompleted2_1_330);
  ASSERT_TRUE(notifications.has_value());
  ASSERT_EQ(notifications->size(), 1u);
  EXPECT_EQ(notifications->front().task_id, "bj3nctuu6");
  EXPECT_EQ(notifications->front().tool_use_id, "toolu_01Sleep");
  EXPECT_EQ(notifications->front().output_file, "/tmp/claude-0/-work-x/abc/tasks/bj3nctuu6.output");
  EXPECT_EQ(notifications->front().exit_code, 0);
}

TEST(ParseTaskNotificationsTest, ReadsAFailure) {
  auto notifications = ParseTaskNotifications(kFailed);
  ASSERT_TRUE(notifications.has_value());
  ASSERT_EQ(notifications->size(), 1u);
  EXPECT_EQ(notifications->front().status, "failed");
  EXPECT_EQ(notifications->front().exit_code, 1);
}

TEST(ParseTaskNotificationsTest, ReadsALegacyBashNotification) {
  auto notifications = ParseTaskNotifications(kLegacyBash);
  ASSERT_TRUE(notifications.has_value());
  ASSERT_EQ(notifications->size(), 1u);
  EXPECT_EQ(notifications->front().task_id, "4f2a9c");
  EXPECT_EQ(notifications->front().tool_use_id, "");
  EXPECT_EQ(notifications->front().exit_code, 2);
  EXPECT_EQ(notifications->front().output_file,
            "/tmp/claude/-home-alex-webapp/tasks/4f2a9c.output");
}

TEST(ParseTaskNotificationsTest, ReadsEveryEnvelopeInOrder) {
  const std::string prompt = std::string(kCompleted2_1_197) + "\n\n" + kFailed;
  auto notifications = ParseTaskNotifications(prompt);
  ASSERT_TRUE(notifications.has_value());
  ASSERT_EQ(notifications->size(), 2u);
  EXPECT_EQ((*notifications)[0].task_id, "b7k2m9x4q");
  EXPECT_EQ((*notifications)[0].status, "completed");
  EXPECT_EQ((*notifications)[1].task_id, "bq4n8v2ze");
  EXPECT_EQ((*notifications)[1].status, "failed");
}

TEST(ParseTaskNotificationsTest, MixesTaskAndBashEnvelopes) {
  auto notifications = ParseTaskNotifications(std::string(kLegacyBash) + kCompleted2_1_330);
  ASSERT_TRUE(notifications.has_value());
  ASSERT_EQ(notifications->size(), 2u);
  EXPECT_EQ((*notifications)[0].task_id, "4f2a9c");
  EXPECT_EQ((*notifications)[1].task_id, "bj3nctuu6");
}

TEST(ParseTaskNotificationsTest, AllowsWhitespaceAround) {
  auto notifications = ParseTaskNotifications(std::string(" \n\t") + kCompleted2_1_197 + "\n  ");
  ASSERT_TRUE(notifications.has_value());
  ASSERT_EQ(notifications->size(), 1u);
  EXPECT_EQ(notifications->front().task_id, "b7k2m9x4q");
}

TEST(ParseTaskNotificationsTest, APersonsPromptIsNotANotification) {
  EXPECT_EQ(ParseTaskNotifications("fix the failing login test"), std::nullopt);
  EXPECT_EQ(
      ParseTaskNotifications(std::string("Why did this arrive as a prompt?\n") + kCompleted2_1_197),
      std::nullopt);
  EXPECT_EQ(ParseTaskNotifications("Parse the <task-notification> tag in hooks.py"), std::nullopt);
  EXPECT_EQ(ParseTaskNotifications("<task-notifications> are what we need"), std::nullopt);
}

TEST(ParseTaskNotificationsTest, PrefersAnExitCodeTagToTheSummary) {
  auto notifications = ParseTaskNotifications(
      "<task-notification><task-id>b1</task-id><exit_code>3</exit_code>"
      "<summary>Background command \"x\" completed (exit code 0)</summary></task-notification>");
  ASSERT_TRUE(notifications.has_value());
  ASSERT_EQ(notifications->size(), 1u);
  EXPECT_EQ(notifications->front().exit_code, 3);

  notifications = ParseTaskNotifications(
      "<task-notification><task-id>b2</task-id><exit-code> 137 </exit-code></task-notification>");
  ASSERT_TRUE(notifications.has_value());
  EXPECT_EQ(notifications->front().exit_code, 137);
}

TEST(ParseTaskNotificationsTest, TakesTheClientsExitCodeNotTheDescriptions) {
  auto notifications = ParseTaskNotifications(
      "<task-notification><task-id>b1</task-id><summary>Background command \"Expect "
      "(exit code 4)\" completed (exit code 0)</summary></task-notification>");
  ASSERT_TRUE(notifications.has_value());
  EXPECT_EQ(notifications->front().exit_code, 0);
}

TEST(ParseTaskNotificationsTest, MissingTagsGiveEmptyFields) {
  auto notifications =
      ParseTaskNotifications("<task-notification><task-id>b1</task-id></task-notification>");
  ASSERT_TRUE(notifications.has_value());
  ASSERT_EQ(notifications->size(), 1u);
  EXPECT_EQ(notifications->front().task_id, "b1");
  EXPECT_EQ(notifications->front().tool_use_id, "");
  EXPECT_EQ(notifications->front().status, "");
  EXPECT_EQ(notifications->front().exit_code, std::nullopt);
  EXPECT_EQ(notifications->front().output_file, "");
}

TEST(ParseTaskNotificationsTest, SkipsAnEnvelopeWithoutAnId) {
  auto notifications = ParseTaskNotifications(
      "<task-notification><status>completed</status></task-notification>" + std::string(kFailed));
  ASSERT_TRUE(notifications.has_value());
  ASSERT_EQ(notifications->size(), 1u);
  EXPECT_EQ(notifications->front().task_id, "bq4n8v2ze");

  notifications =
      ParseTaskNotifications("<task-notification><task-id> </task-id></task-notification>");
  ASSERT_TRUE(notifications.has_value());
  EXPECT_TRUE(notifications->empty());
}

TEST(ParseTaskNotificationsTest, UnclosedTagsEndWithTheirEnvelope) {
  auto notifications = ParseTaskNotifications(
      "<task-notification>\n<status>killed\n</task-notification>\n"
      "<task-notification><task-id>b9</task-id>");
  ASSERT_TRUE(notifications.has_value());
  ASSERT_EQ(notifications->size(), 1u);  // the first has no id
  EXPECT_EQ(notifications->front().task_id, "b9");

  notifications = ParseTaskNotifications("<task-notification><task-id>b8\n<status>killed");
  ASSERT_TRUE(notifications.has_value());
  ASSERT_EQ(notifications->size(), 1u);
  EXPECT_EQ(notifications->front().task_id, "b8\n<status>killed");
  EXPECT_EQ(notifications->front().status, "killed");
}

TEST(ParseTaskNotificationsTest, NeverCrashesOnOddInput) {
  const char* inputs[] = {"",
                          "   ",
                          "<",
                          "<task-notification",
                          "<task-notification>",
                          "<bash-notification>",
                          "<task-notification></task-notification>",
                          "<task-notification><task-id>",
                          "<task-notification><task-id></task-id>",
                          "<task-notification><summary>(exit code ",
                          "<task-notification><task-id>b</task-id><summary>(exit code )",
                          "<task-notification><task-id>b</task-id><summary>(exit code 99999999999)",
                          "<task-notification><task-id>b</task-id><exit-code>-</exit-code>",
                          "<task-notification><<<>>></task-notification><task-notification><"};
  for (const char* input : inputs) {
    SCOPED_TRACE(input);
    auto notifications = ParseTaskNotifications(input);
    if (notifications.has_value()) {
      for (const TaskNotification& notification : *notifications) {
        EXPECT_FALSE(notification.task_id.empty());
        if (notification.task_id == "b") {
          EXPECT_EQ(notification.exit_code, std::nullopt);
        }
      }
    }
  }
  EXPECT_EQ(ParseTaskNotifications(std::string("\0<task-notification>", 20)), std::nullopt);
}

TEST(ParseTaskNotificationsTest, ManyUnclosedEnvelopesTakeLinearTime) {
  std::string prompt;
  for (int i = 0; i < 20000; ++i) prompt += "<task-notification><task-id>b";
  auto notifications = ParseTaskNotifications(prompt);
  ASSERT_TRUE(notifications.has_value());
  EXPECT_EQ(notifications->size(), 20000u);
}

TEST(TaskIdOfOutputPathTest, ReadsTheIdOfATaskOutputFile) {
  EXPECT_EQ(TaskIdOfOutputPath("/tmp/claude-0/-work-x/abc/tasks/bj3nctuu6.output"), "bj3nctuu6");
  EXPECT_EQ(TaskIdOfOutputPath("/tmp/claude/-home-alex-webapp/tasks/4f2a9c.output"), "4f2a9c");
  EXPECT_EQ(TaskIdOfOutputPath("/tasks/b1.output"), "b1");
}

TEST(TaskIdOfOutputPathTest, RejectsOtherPaths) {
  EXPECT_EQ(TaskIdOfOutputPath("/tmp/claude-0/-work-x/abc/tasks/.output"), std::nullopt);
  EXPECT_EQ(TaskIdOfOutputPath("/tmp/claude-0/-work-x/abc/tasks/a/b.output"), std::nullopt);
  EXPECT_EQ(TaskIdOfOutputPath("notes.output"), std::nullopt);
  EXPECT_EQ(TaskIdOfOutputPath("/x/tasks/b.outputs"), std::nullopt);
  EXPECT_EQ(TaskIdOfOutputPath("/x/mytasks/b.output"), std::nullopt);
  EXPECT_EQ(TaskIdOfOutputPath("/x/tasks/b.log"), std::nullopt);
  EXPECT_EQ(TaskIdOfOutputPath(""), std::nullopt);
  EXPECT_EQ(TaskIdOfOutputPath(".output"), std::nullopt);
}

TEST(ExitCodeAtEndTest, TheLastLineOfAFinishedTasksOutput) {
  EXPECT_EQ(ExitCodeAtEnd("PASS\n\n[exited with code 0]\n"), std::optional<int64_t>(0));
  EXPECT_EQ(ExitCodeAtEnd("[exited with code 137]"), std::optional<int64_t>(137));
  EXPECT_EQ(ExitCodeAtEnd("partial line\n[exited with code 2]"), std::optional<int64_t>(2));
}

TEST(ExitCodeAtEndTest, AnythingElseIsNoExit) {
  for (std::string_view text :
       {"", "compiling...\n", "[exited with code 0]\nmore output\n", "[exited with code x]\n",
        "[exited with code 1\n", "[exited with code ]\n", "echo [exited with code 0]\n",
        "[exited with code 0]\n\n"}) {
    EXPECT_EQ(ExitCodeAtEnd(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace bgprof
