#include "tests/support/hook_events.h"

namespace bgprof::testing {

using nlohmann::json;

json BaseEvent(const std::string& event_name, const std::string& cwd) {
  return {{"session_id", kSession},
          {"transcript_path", "/tmp/none.jsonl"},
          {"cwd", cwd},
          {"permission_mode", "default"},
          {"hook_event_name", event_name}};
}

std::string EditToolUse(const std::string& file, const std::string& cwd, const std::string& tool,
                        const std::string& event_name) {
  json event = BaseEvent(event_name, cwd);
  event["tool_name"] = tool;
  event["tool_input"] = {{"file_path", file}, {"old_string", "a"}, {"new_string", "b"}};
  event["tool_response"] = {{"filePath", file}};
  event["tool_use_id"] = "toolu_edit";
  return event.dump();
}

std::string PreToolUse(const std::string& command, const std::string& cwd,
                       const std::string& tool_use_id, bool background) {
  json event = BaseEvent("PreToolUse", cwd);
  event["tool_name"] = "Bash";
  event["tool_input"] = {{"command", command}, {"description", "test"}};
  if (background) event["tool_input"]["run_in_background"] = true;
  event["tool_use_id"] = tool_use_id;
  return event.dump();
}

std::string PostToolUse(const std::string& command, const std::string& cwd,
                        std::optional<int> duration_ms, const std::string& tool_use_id) {
  json event = BaseEvent("PostToolUse", cwd);
  event["tool_name"] = "Bash";
  event["tool_input"] = {{"command", command}};
  event["tool_response"] = {{"stdout", "ok"}, {"stderr", ""}, {"interrupted", false}};
  event["tool_use_id"] = tool_use_id;
  if (duration_ms.has_value()) event["duration_ms"] = *duration_ms;
  return event.dump();
}

std::string PostToolUseFailure(const std::string& command, const std::string& cwd, int duration_ms,
                               const std::string& error, const std::string& tool_use_id) {
  json event = BaseEvent("PostToolUseFailure", cwd);
  event["tool_name"] = "Bash";
  event["tool_input"] = {{"command", command}};
  event["tool_use_id"] = tool_use_id;
  event["error"] = error;
  event["is_interrupt"] = false;
  event["duration_ms"] = duration_ms;
  return event.dump();
}

std::string BackgroundLaunch(const std::string& command, const std::string& cwd,
                             const std::string& task_id, const std::string& tool_use_id) {
  json event = BaseEvent("PostToolUse", cwd);
  event["tool_name"] = "Bash";
  event["tool_input"] = {{"command", command}, {"run_in_background", true}};
  event["tool_response"] = {{"stdout", ""},
                            {"stderr", ""},
                            {"interrupted", false},
                            {"isImage", false},
                            {"backgroundTaskId", task_id}};
  event["tool_use_id"] = tool_use_id;
  event["duration_ms"] = 41;
  return event.dump();
}

std::string TaskOutputPoll(const std::string& task_id, const std::string& status,
                           const std::string& cwd) {
  json event = BaseEvent("PostToolUse", cwd);
  event["tool_name"] = "TaskOutput";
  event["tool_input"] = {{"task_id", task_id}, {"block", false}, {"timeout", 30000}};
  event["tool_response"] = {
      {"retrieval_status", status == "running" ? "timeout" : "success"},
      {"task",
       {{"task_id", task_id}, {"task_type", "local_bash"}, {"status", status}, {"output", "..."}}}};
  event["tool_use_id"] = "toolu_poll";
  event["duration_ms"] = 6;
  return event.dump();
}

std::string BlockingTaskOutput(const std::string& task_id, const std::string& status, int exit_code,
                               int waited_ms, const std::string& cwd) {
  json event = BaseEvent("PostToolUse", cwd);
  event["tool_name"] = "TaskOutput";
  event["tool_input"] = {{"task_id", task_id}, {"timeout", 600000}};
  event["tool_response"] = {{"retrieval_status", "success"},
                            {"task",
                             {{"task_id", task_id},
                              {"task_type", "local_bash"},
                              {"status", status},
                              {"output", "done\n"},
                              {"exitCode", exit_code}}}};
  event["tool_use_id"] = "toolu_wait";
  event["duration_ms"] = waited_ms;
  return event.dump();
}

std::string TaskStop(const std::string& task_id, const std::string& cwd) {
  json event = BaseEvent("PostToolUse", cwd);
  event["tool_name"] = "TaskStop";
  event["tool_input"] = {{"task_id", task_id}};
  event["tool_response"] = {{"message", "Successfully stopped task: " + task_id},
                            {"task_id", task_id},
                            {"task_type", "local_bash"}};
  event["tool_use_id"] = "toolu_stop";
  event["duration_ms"] = 12;
  return event.dump();
}

std::string TaskNotificationPrompt(const std::string& task_id, const std::string& status,
                                   int exit_code, const std::string& output_file) {
  return "<task-notification>\n<task-id>" + task_id +
         "</task-id>\n<tool-use-id>toolu_x</tool-use-id>\n" + "<output-file>" + output_file +
         "</output-file>\n<status>" + status + "</status>\n<summary>Background command \"x\" " +
         status + " (exit code " + std::to_string(exit_code) + ")</summary>\n</task-notification>";
}

std::string SessionEnd(const std::string& cwd) {
  json event = BaseEvent("SessionEnd", cwd);
  event["reason"] = "other";
  return event.dump();
}

std::string ReadOfTaskOutput(const std::string& task_id, const std::string& content,
                             const std::string& cwd) {
  const std::string path =
      "/tmp/claude-0/-home-alex-webapp/" + std::string(kSession) + "/tasks/" + task_id + ".output";
  json event = BaseEvent("PostToolUse", cwd);
  event["tool_name"] = "Read";
  event["tool_input"] = {{"file_path", path}};
  event["tool_response"] = {{"type", "text"},
                            {"file", {{"filePath", path}, {"content", content}, {"numLines", 1}}}};
  event["tool_use_id"] = "toolu_read";
  return event.dump();
}

std::string SessionStart(const std::string& cwd, const std::string& source) {
  json event = BaseEvent("SessionStart", cwd);
  event["source"] = source;
  return event.dump();
}

std::string UserPromptSubmit(const std::string& prompt, const std::string& cwd) {
  json event = BaseEvent("UserPromptSubmit", cwd);
  event["prompt"] = prompt;
  return event.dump();
}

std::string Stop(const std::string& cwd, std::optional<std::vector<std::string>> in_flight) {
  json event = BaseEvent("Stop", cwd);
  event["stop_hook_active"] = false;
  if (in_flight.has_value()) {
    event["background_tasks"] = json::array();
    for (const std::string& id : *in_flight) {
      event["background_tasks"].push_back(
          {{"id", id}, {"type", "shell"}, {"status", "running"}, {"description", "x"}});
    }
  }
  return event.dump();
}

std::string TranscriptOf(const std::string& message_id, const std::vector<TranscriptCall>& calls) {
  std::string text;
  // Earlier history: a finished call of another message, with its result.
  text += json{{"type", "assistant"},
               {"message",
                {{"id", "msg_earlier"},
                 {"role", "assistant"},
                 {"content",
                  {{{"type", "tool_use"},
                    {"id", "toolu_earlier"},
                    {"name", "Bash"},
                    {"input", {{"command", "git status"}}}}}}}}}
              .dump() +
          "\n";
  text +=
      json{{"type", "user"},
           {"message",
            {{"role", "user"},
             {"content",
              {{{"type", "tool_result"}, {"tool_use_id", "toolu_earlier"}, {"content", "ok"}}}}}}}
          .dump() +
      "\n";
  for (const TranscriptCall& call : calls) {
    json input = {{"command", call.command}, {"description", "step"}};
    if (call.background) input["run_in_background"] = true;
    text +=
        json{{"type", "assistant"},
             {"sessionId", kSession},
             {"message",
              {{"id", message_id},
               {"role", "assistant"},
               {"content",
                {{{"type", "tool_use"}, {"id", call.id}, {"name", "Bash"}, {"input", input}}}}}}}
            .dump() +
        "\n";
  }
  return text;
}

}  // namespace bgprof::testing
