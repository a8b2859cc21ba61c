#include "hook/spooled_event.h"

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "hook/protocol/json_fields.h"
#include "hook/protocol/task_notification.h"
#include "profiler/command/redact.h"

namespace bgprof {
namespace {

using nlohmann::json;

constexpr CallAction kActions[] = {CallAction::kNone, CallAction::kSuggested, CallAction::kMoved,
                                   CallAction::kDenied};
constexpr TelemetryKind kDecisionKinds[] = {TelemetryKind::kSuggested, TelemetryKind::kMoved,
                                            TelemetryKind::kDenied, TelemetryKind::kCapped,
                                            TelemetryKind::kWaitsFor};
// What stands for a failure's error text: only whether it says the command timed out is read.
constexpr std::string_view kTimedOutError = "Command timed out after its timeout";

template <typename Enum, size_t N>
std::optional<Enum> Named(std::string_view name, const Enum (&values)[N],
                          std::string_view (*name_of)(Enum)) {
  for (Enum value : values) {
    if (name_of(value) == name) return value;
  }
  return std::nullopt;
}

void PutMillis(json& object, const char* name, const std::optional<int64_t>& ms) {
  if (ms.has_value()) object[name] = *ms;
}

json EventJson(const HookEvent& event) {
  json out = {{"name", event.event_name},
              {"session", event.session_id},
              {"cwd", event.cwd},
              {"tool", event.tool_name},
              {"tool_use_id", event.tool_use_id}};
  PutMillis(out, "duration_ms", event.duration_ms);
  if (event.bash.has_value()) {
    json bash = {{"command", RedactSecrets(event.bash->command)},
                 {"background", event.bash->run_in_background}};
    PutMillis(bash, "timeout_ms", event.bash->timeout_ms);
    out["bash"] = std::move(bash);
    json response = {{"task_id", event.response.background_task_id},
                     {"by_user", event.response.backgrounded_by_user},
                     {"interrupted", event.response.interrupted}};
    PutMillis(response, "timed_out_after_ms", event.response.timed_out_after_ms);
    out["response"] = std::move(response);
  }
  if (event.task_tool.has_value()) {
    const TaskToolCall& call = *event.task_tool;
    json task = {{"task_id", call.task_id},
                 {"stops", call.stops},
                 {"status", call.status},
                 {"waits", call.waits},
                 {"output_file", call.output_file}};
    PutMillis(task, "exit_code", call.exit_code);
    out["task_tool"] = std::move(task);
  }
  if (!event.edited_file.empty()) out["edited_file"] = event.edited_file;
  if (ErrorSaysTimedOut(event.error)) out["error"] = kTimedOutError;
  if (event.is_interrupt) out["interrupt"] = true;
  if (!event.source.empty()) out["source"] = event.source;
  // A prompt is written only as the task notifications it carries: the user's own words stay out.
  if (ParseTaskNotifications(event.prompt).has_value()) out["prompt"] = event.prompt;
  if (event.stop_hook_active) out["stop_hook_active"] = true;
  if (event.background_task_ids.has_value()) out["background_tasks"] = *event.background_task_ids;
  return out;
}

std::optional<int64_t> IntField(const json& object, const char* name) {
  auto found = object.find(name);
  if (found == object.end() || !found->is_number_integer()) return std::nullopt;
  return found->get<int64_t>();
}

HookEvent EventOf(const json& in) {
  HookEvent event{.event_name = StringField(in, "name"),
                  .session_id = StringField(in, "session"),
                  .cwd = StringField(in, "cwd"),
                  .tool_name = StringField(in, "tool"),
                  .tool_use_id = StringField(in, "tool_use_id"),
                  .edited_file = StringField(in, "edited_file"),
                  .duration_ms = IntField(in, "duration_ms"),
                  .error = StringField(in, "error"),
                  .is_interrupt = BoolField(in, "interrupt"),
                  .source = StringField(in, "source"),
                  .prompt = StringField(in, "prompt"),
                  .stop_hook_active = BoolField(in, "stop_hook_active")};
  event.kind = EventKindNamed(event.event_name);
  if (auto bash = in.find("bash"); bash != in.end() && bash->is_object()) {
    event.bash = BashCall{.command = StringField(*bash, "command"),
                          .run_in_background = BoolField(*bash, "background"),
                          .timeout_ms = IntField(*bash, "timeout_ms")};
  }
  if (auto response = in.find("response"); response != in.end() && response->is_object()) {
    event.response = BashResponse{.background_task_id = StringField(*response, "task_id"),
                                  .backgrounded_by_user = BoolField(*response, "by_user"),
                                  .interrupted = BoolField(*response, "interrupted"),
                                  .timed_out_after_ms = IntField(*response, "timed_out_after_ms")};
  }
  if (auto task = in.find("task_tool"); task != in.end() && task->is_object()) {
    event.task_tool = TaskToolCall{.task_id = StringField(*task, "task_id"),
                                   .stops = BoolField(*task, "stops"),
                                   .status = StringField(*task, "status"),
                                   .exit_code = IntField(*task, "exit_code"),
                                   .waits = BoolField(*task, "waits"),
                                   .output_file = StringField(*task, "output_file")};
  }
  if (auto ids = in.find("background_tasks"); ids != in.end() && ids->is_array()) {
    event.background_task_ids.emplace();
    for (const json& id : *ids) {
      if (id.is_string()) event.background_task_ids->push_back(id.get<std::string>());
    }
  }
  return event;
}

json DecisionJson(const PreToolUseDecision& decision) {
  json out = {{"action", CallActionName(decision.action)},
              {"family", decision.family},
              {"signature", decision.signature},
              {"project", decision.project},
              {"task_id", decision.task_id}};
  PutMillis(out, "predicted_ms", decision.predicted_ms);
  if (decision.telemetry.has_value()) out["telemetry"] = TelemetryKindName(*decision.telemetry);
  return out;
}

absl::StatusOr<PreToolUseDecision> DecisionOf(const json& in) {
  std::optional<CallAction> action = Named(StringField(in, "action"), kActions, CallActionName);
  if (!action.has_value()) return absl::InvalidArgumentError("unknown action in spool record");
  PreToolUseDecision decision{.action = *action,
                              .predicted_ms = IntField(in, "predicted_ms"),
                              .family = StringField(in, "family"),
                              .signature = StringField(in, "signature"),
                              .project = StringField(in, "project"),
                              .task_id = StringField(in, "task_id")};
  if (in.contains("telemetry")) {
    decision.telemetry = Named(StringField(in, "telemetry"), kDecisionKinds, TelemetryKindName);
    if (!decision.telemetry.has_value()) {
      return absl::InvalidArgumentError("unknown telemetry kind in spool record");
    }
  }
  return decision;
}

}  // namespace

std::string EncodeSpooledEvent(const SpooledEvent& spooled) {
  json out = {{"v", kSpooledEventVersion},
              {"at_ms", spooled.at_ms},
              {"project_dir", spooled.project_dir},
              {"event", EventJson(spooled.event)}};
  if (spooled.decision.has_value()) out["decision"] = DecisionJson(*spooled.decision);
  // Invalid UTF-8 in a command is replaced rather than thrown on: the record must be written.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

absl::StatusOr<SpooledEvent> DecodeSpooledEvent(std::string_view line) {
  const json in = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!in.is_object()) return absl::InvalidArgumentError("spool record is not a JSON object");
  if (IntField(in, "v") != kSpooledEventVersion) {
    return absl::InvalidArgumentError(
        absl::StrCat("spool record of another version: ", in.value("v", json()).dump()));
  }
  auto event = in.find("event");
  std::optional<int64_t> at_ms = IntField(in, "at_ms");
  if (event == in.end() || !event->is_object() || !at_ms.has_value()) {
    return absl::InvalidArgumentError("spool record without its event or time");
  }
  SpooledEvent spooled{
      .event = EventOf(*event), .at_ms = *at_ms, .project_dir = StringField(in, "project_dir")};
  if (spooled.event.event_name.empty()) {
    return absl::InvalidArgumentError("spool record without an event name");
  }
  if (auto decision = in.find("decision"); decision != in.end()) {
    if (!decision->is_object()) return absl::InvalidArgumentError("spool record's bad decision");
    absl::StatusOr<PreToolUseDecision> read = DecisionOf(*decision);
    if (!read.ok()) return read.status();
    spooled.decision = *read;
  }
  return spooled;
}

}  // namespace bgprof
