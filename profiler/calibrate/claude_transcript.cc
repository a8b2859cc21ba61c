#include "profiler/calibrate/claude_transcript.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "hook/protocol/event.h"
#include "hook/protocol/json_fields.h"
#include "hook/protocol/lone_surrogates.h"
#include "hook/protocol/task_notification.h"
#include "profiler/calibrate/iso_timestamp.h"

namespace bgprof {
namespace {

using nlohmann::json;

// A foreground call in a file that writes bash_progress but got none ran under the first tick
// (2 s); past this its gap holds more wait than run.
constexpr int64_t kProgressSilenceMs = 5000;
// A gap this long and this many times the command's median elsewhere in the file is a wait.
constexpr int64_t kPromptWaitFloorMs = 60000;
constexpr double kPromptWaitFactor = 10;
// How far into a result's text its kind shows; the rest is the command's output.
constexpr size_t kResultTextPrefix = 400;

// Only lines holding one of these can matter; the others (the model's text and thinking, file
// snapshots, attachments, most hook lines) are never parsed. A queue-operation matters
// only when it carries an envelope, and a hook_progress line only for a PreToolUse hook.
constexpr std::string_view kMarkers[] = {"\"tool_use\"", "\"tool_result\"", "task-notification",
                                         "bash-notification", "bash_progress"};

bool MayMatter(std::string_view line) {
  if (std::any_of(std::begin(kMarkers), std::end(kMarkers),
                  [&](std::string_view marker) { return line.find(marker) != line.npos; })) {
    return true;
  }
  return line.find("hook_progress") != line.npos && line.find("\"PreToolUse\"") != line.npos;
}

std::optional<int64_t> TimestampOf(const json& object) {
  const std::string text = StringField(object, "timestamp");
  if (text.empty()) return std::nullopt;
  return ParseIsoTimestampMs(text);
}

struct BashToolUse {
  std::string id;
  std::string command;
  std::string cwd;
  std::string session;
  std::string message_key;
  std::optional<int64_t> at_ms;
  bool run_in_background = false;
};

// What a tool_result says of its call, read once: the result lines can be large.
struct ToolResult {
  std::optional<int64_t> at_ms;
  bool error_form = false;  // is_error, or toolUseResult is a string ("Error: Exit code 1")
  std::string text;         // that string, else the start of the block's content text
  std::string background_task_id;
  bool backgrounded_by_user = false;
  bool interrupted = false;  // toolUseResult.interrupted
  bool denied = false;       // toolDenialKind: a rule, a hook or the user refused it
};

// A line saying a background task ended.
struct TaskEnd {
  enum class How { kNotified, kPolled, kStopped };
  int64_t at_ms = 0;
  How how = How::kNotified;
  std::string status;  // "completed", "failed", "killed", ... or empty
  std::optional<int> exit_code;
};

// Everything a pass over the file collects; calls are resolved once the whole file is read,
// since a result, a progress tick or a notice may come before or after what it belongs to.
struct Collected {
  std::vector<BashToolUse> calls;
  std::unordered_set<std::string> tool_use_ids;  // of every tool: a repeated line adds nothing
  // Per assistant message, the ids of its tool calls (every tool) in the order written.
  std::unordered_map<std::string, std::vector<std::string>> message_calls;
  std::unordered_map<std::string, ToolResult> results;
  std::unordered_map<std::string, int64_t> spawn_ms;     // from bash_progress
  std::unordered_map<std::string, int64_t> pre_hook_ms;  // first PreToolUse hook_progress
  std::unordered_map<std::string, std::vector<TaskEnd>> ends_by_task;
  std::unordered_map<std::string, std::vector<TaskEnd>> ends_by_tool_use;
  bool writes_progress = false;
};

void KeepEarliest(std::unordered_map<std::string, int64_t>& map, const std::string& key,
                  int64_t value) {
  auto [it, inserted] = map.emplace(key, value);
  if (!inserted) it->second = std::min(it->second, value);
}

// --- assistant lines: the calls -----------------------------------------------------------

void ReadAssistantLine(const json& root, size_t line_number, Collected& collected) {
  auto message = root.find("message");
  if (message == root.end() || !message->is_object()) return;
  auto content = message->find("content");
  if (content == message->end() || !content->is_array()) return;
  std::string message_key = StringField(*message, "id");
  if (message_key.empty()) message_key = "line " + std::to_string(line_number);
  const std::optional<int64_t> at_ms = TimestampOf(root);
  for (const json& block : *content) {
    if (!block.is_object() || StringField(block, "type") != "tool_use") continue;
    std::string id = StringField(block, "id");
    if (id.empty() || !collected.tool_use_ids.insert(id).second) continue;
    collected.message_calls[message_key].push_back(id);
    if (StringField(block, "name") != "Bash") continue;
    const json empty_input = json::object();
    auto input_it = block.find("input");
    const json& input = input_it != block.end() ? *input_it : empty_input;
    collected.calls.push_back(
        BashToolUse{.id = std::move(id),
                    .command = StringField(input, "command"),
                    .cwd = StringField(root, "cwd"),
                    .session = StringField(root, "sessionId"),
                    .message_key = message_key,
                    .at_ms = at_ms,
                    .run_in_background = BoolField(input, "run_in_background")});
  }
}

// --- user lines: results, and the ends of tasks that polls and stops report -------------

// The text of a tool_result's content: a string, or the first text block.
std::string ContentText(const json& block) {
  auto content = block.find("content");
  if (content == block.end()) return {};
  if (content->is_string()) {
    return content->get_ref<const std::string&>().substr(0, kResultTextPrefix);
  }
  if (!content->is_array()) return {};
  for (const json& item : *content) {
    if (item.is_object() && StringField(item, "type") == "text") {
      return StringField(item, "text").substr(0, kResultTextPrefix);
    }
  }
  return {};
}

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// The task id of a launch stub ("Command running in background with ID: b7k2m9x4q. Output
// ...", "Command was manually backgrounded by user with ID: ..."), for clients that write no
// backgroundTaskId; empty for any other text.
std::string TaskIdInStub(std::string_view text) {
  if (!text.starts_with("Command ")) return {};
  constexpr std::string_view kIdLabel = "ID: ";
  const size_t label = text.find(kIdLabel);
  if (label == std::string_view::npos || text.substr(0, label).find("background") == text.npos) {
    return {};
  }
  const size_t begin = label + kIdLabel.size();
  size_t end = begin;
  while (end < text.size() && IsIdChar(text[end])) ++end;
  return std::string(text.substr(begin, end - begin));
}

ToolResult ReadToolResult(const json& root, const json& block, bool own_line) {
  ToolResult result{.at_ms = TimestampOf(root), .error_form = BoolField(block, "is_error")};
  result.text = ContentText(block);
  // toolUseResult and toolDenialKind describe the line's one result; a line of several results
  // (older clients) cannot tell whose they are.
  if (own_line) {
    result.denied = root.contains("toolDenialKind");
    auto structured = root.find("toolUseResult");
    if (structured != root.end() && structured->is_string()) {
      result.error_form = true;
      result.text = structured->get_ref<const std::string&>().substr(0, kResultTextPrefix);
    } else if (structured != root.end() && structured->is_object()) {
      result.background_task_id = StringField(*structured, "backgroundTaskId");
      result.backgrounded_by_user = BoolField(*structured, "backgroundedByUser");
      result.interrupted = BoolField(*structured, "interrupted");
    }
  }
  if (result.background_task_id.empty() && !result.error_form) {
    result.background_task_id = TaskIdInStub(result.text);
  }
  return result;
}

// A TaskStop/KillShell result, or a TaskOutput poll that found the task done, ends its task.
void ReadTaskToolResult(const json& structured, int64_t at_ms, Collected& collected) {
  const std::string message = StringField(structured, "message");
  if (message.starts_with("Successfully stopped task") ||
      message.starts_with("Successfully killed shell")) {
    std::string task_id = StringField(structured, "task_id");
    if (task_id.empty()) task_id = StringField(structured, "shell_id");
    if (!task_id.empty()) {
      collected.ends_by_task[task_id].push_back({.at_ms = at_ms, .how = TaskEnd::How::kStopped});
    }
    return;
  }
  auto task = structured.find("task");
  if (task == structured.end() || !task->is_object()) return;
  const std::string status = StringField(*task, "status");
  const std::string task_id = StringField(*task, "task_id");
  if (task_id.empty() || (status != "completed" && status != "failed" && status != "killed")) {
    return;
  }
  TaskEnd end{.at_ms = at_ms, .how = TaskEnd::How::kPolled, .status = status};
  auto exit_code = task->find("exitCode");
  if (exit_code != task->end() && exit_code->is_number_integer()) {
    end.exit_code = static_cast<int>(std::clamp<int64_t>(exit_code->get<int64_t>(), -1, 255));
  }
  collected.ends_by_task[task_id].push_back(std::move(end));
}

void ReadUserLine(const json& root, Collected& collected) {
  auto message = root.find("message");
  if (message != root.end() && message->is_object()) {
    auto content = message->find("content");
    if (content != message->end() && content->is_array()) {
      const auto is_result = [](const json& block) {
        return block.is_object() && StringField(block, "type") == "tool_result";
      };
      const bool own_line = std::count_if(content->begin(), content->end(), is_result) == 1;
      for (const json& block : *content) {
        if (!is_result(block)) continue;
        const std::string id = StringField(block, "tool_use_id");
        if (id.empty()) continue;
        ToolResult result = ReadToolResult(root, block, own_line);
        auto [it, inserted] = collected.results.emplace(id, result);
        // A repeated line keeps the earliest: the result was there by then.
        if (!inserted && result.at_ms.has_value() &&
            (!it->second.at_ms.has_value() || *result.at_ms < *it->second.at_ms)) {
          it->second = std::move(result);
        }
      }
    }
  }
  auto structured = root.find("toolUseResult");
  const std::optional<int64_t> at_ms = TimestampOf(root);
  if (structured != root.end() && structured->is_object() && at_ms.has_value()) {
    ReadTaskToolResult(*structured, *at_ms, collected);
  }
}

// --- task notifications, wherever the client wrote them ---------------------------------

void AddNotices(std::string_view text, int64_t at_ms, Collected& collected) {
  const std::optional<std::vector<TaskNotification>> notices = ParseTaskNotifications(text);
  if (!notices.has_value()) return;
  for (const TaskNotification& notice : *notices) {
    if (notice.status == "running" || notice.status == "pending") continue;
    const TaskEnd end{.at_ms = at_ms,
                      .how = TaskEnd::How::kNotified,
                      .status = notice.status,
                      .exit_code = notice.exit_code};
    if (!notice.task_id.empty()) collected.ends_by_task[notice.task_id].push_back(end);
    if (!notice.tool_use_id.empty()) collected.ends_by_tool_use[notice.tool_use_id].push_back(end);
  }
}

// Every string of the line that is an envelope: a user line's content (a string or text
// blocks), a queue-operation's content, an attachment's prompt, and shapes yet to come. Tool
// results are left out: a command's output may quote an envelope.
void FindNotices(const json& value, int64_t at_ms, int depth, Collected& collected) {
  if (depth > 8) return;
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.find("-notification>") != std::string::npos) AddNotices(text, at_ms, collected);
  } else if (value.is_array()) {
    for (const json& item : value) FindNotices(item, at_ms, depth + 1, collected);
  } else if (value.is_object()) {
    if (StringField(value, "type") == "tool_result") return;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (it.key() == "toolUseResult") continue;
      FindNotices(it.value(), at_ms, depth + 1, collected);
    }
  }
}

// --- progress lines -------------------------------------------------------------------------

void ReadProgressLine(const json& root, Collected& collected) {
  auto data = root.find("data");
  const std::optional<int64_t> at_ms = TimestampOf(root);
  if (data == root.end() || !data->is_object() || !at_ms.has_value()) return;
  const std::string kind = StringField(*data, "type");
  if (kind == "bash_progress") collected.writes_progress = true;
  // bash_progress names its call in parentToolUseID (toolUseID is "bash-progress-N").
  std::string tool_use_id = StringField(root, "parentToolUseID");
  if (tool_use_id.empty()) tool_use_id = StringField(root, "toolUseID");
  if (tool_use_id.empty()) return;
  if (kind == "bash_progress") {
    auto elapsed = data->find("elapsedTimeSeconds");
    if (elapsed == data->end() || !elapsed->is_number()) return;
    const double seconds = elapsed->get<double>();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e7) return;
    KeepEarliest(collected.spawn_ms, tool_use_id, *at_ms - std::llround(seconds * 1000));
  } else if (kind == "hook_progress" && StringField(*data, "hookEvent") == "PreToolUse") {
    KeepEarliest(collected.pre_hook_ms, tool_use_id, *at_ms);
  }
}

void ReadLine(std::string_view line, size_t line_number, Collected& collected) {
  if (!MayMatter(line)) return;
  const std::optional<std::string> repaired = WithLoneSurrogatesReplaced(line);
  const json root = json::parse(repaired.has_value() ? std::string_view(*repaired) : line, nullptr,
                                /*allow_exceptions=*/false);
  if (!root.is_object()) return;  // not JSON, or a line cut short while the client writes it
  const std::string type = StringField(root, "type");
  if (type == "assistant") {
    ReadAssistantLine(root, line_number, collected);
    return;
  }
  if (type == "progress") {
    ReadProgressLine(root, collected);
    return;
  }
  if (type == "user") ReadUserLine(root, collected);
  if (std::optional<int64_t> at_ms = TimestampOf(root);
      at_ms.has_value() && (line.find("task-notification") != line.npos ||
                            line.find("bash-notification") != line.npos)) {
    FindNotices(root, *at_ms, 0, collected);
  }
}

// --- resolving each call --------------------------------------------------------------------

enum class ResultKind { kOk, kFailed, kTimedOut, kInterrupted, kRejected, kNotRun, kBackground };

ResultKind KindOf(const ToolResult& result) {
  std::string_view text = result.text;
  if (result.error_form) {
    if (text.starts_with("Error: ")) text.remove_prefix(7);
    if (result.denied || text.starts_with("User rejected") ||
        text.find("doesn't want to proceed") != text.npos ||
        text.starts_with("Permission to use ")) {
      return ResultKind::kRejected;
    }
    // A call the client refused before the shell: bad input, a PreToolUse hook's deny.
    if (text.starts_with("<tool_use_error>") || text.starts_with("PreToolUse:")) {
      return ResultKind::kNotRun;
    }
    if (text.find("[Request interrupted by user") != text.npos) return ResultKind::kInterrupted;
    if (ErrorSaysTimedOut(text)) return ResultKind::kTimedOut;
    return ResultKind::kFailed;
  }
  if (!result.background_task_id.empty()) return ResultKind::kBackground;
  if (result.interrupted) return ResultKind::kInterrupted;
  return ResultKind::kOk;
}

// A call being turned into a run: the run, and what the checks on waits need.
struct Candidate {
  HistoryRun run;
  bool foreground = true;      // timed to its result, not to the end of a background task
  bool start_guessed = false;  // no bash_progress: its gap may hold a wait
  bool GapTimedForeground() const { return foreground && start_guessed; }
};

// The first end at or after `start_ms` of the task `task_id` launched by `tool_use_id`.
std::optional<TaskEnd> FirstEnd(const Collected& collected, const std::string& tool_use_id,
                                const std::string& task_id, int64_t start_ms) {
  std::optional<TaskEnd> first;
  const auto consider = [&](const std::unordered_map<std::string, std::vector<TaskEnd>>& map,
                            const std::string& key) {
    auto it = map.find(key);
    if (key.empty() || it == map.end()) return;
    for (const TaskEnd& end : it->second) {
      if (end.at_ms >= start_ms && (!first.has_value() || end.at_ms < first->at_ms)) first = end;
    }
  };
  consider(collected.ends_by_tool_use, tool_use_id);
  consider(collected.ends_by_task, task_id);
  return first;
}

// A background run closed by `end`: the outcome its status says; a stop or a kill cut it short.
void CloseWith(const TaskEnd& end, HistoryRun& run) {
  run.duration_ms = end.at_ms - run.started_ms;
  if (end.how == TaskEnd::How::kStopped || end.status == "killed" || end.status == "stopped") {
    run.outcome = Outcome::kInterrupted;
    run.may_hold_wait = false;  // it ran until the stop: at least that long
    return;
  }
  run.may_hold_wait = true;  // it ended before the notice or the poll said so
  const bool failed = end.status == "failed" || (end.exit_code.has_value() && *end.exit_code != 0);
  run.outcome = failed ? Outcome::kFailed : Outcome::kOk;
}

// When the call's turn came without progress lines: its own line, or the latest result of an
// earlier call of its message that came before its own result.
int64_t TurnStart(const Collected& collected, const BashToolUse& call, int64_t result_ms) {
  int64_t start = *call.at_ms;
  auto message = collected.message_calls.find(call.message_key);
  if (message == collected.message_calls.end()) return start;
  for (const std::string& id : message->second) {
    if (id == call.id) break;
    auto result = collected.results.find(id);
    if (result == collected.results.end() || !result->second.at_ms.has_value()) continue;
    const int64_t earlier_ms = *result->second.at_ms;
    if (earlier_ms <= result_ms) start = std::max(start, earlier_ms);
  }
  return start;
}

// The run of one call, or the reason it is skipped.
std::variant<Candidate, std::string> Resolve(const Collected& collected, const BashToolUse& call) {
  if (call.command.empty()) return std::string("no command");
  auto found = collected.results.find(call.id);
  if (found == collected.results.end()) return std::string("no result");
  const ToolResult& result = found->second;
  if (!call.at_ms.has_value() || !result.at_ms.has_value()) return std::string("no timestamp");
  const int64_t result_ms = *result.at_ms;
  if (result_ms < *call.at_ms) return std::string("result before call");

  auto spawn = collected.spawn_ms.find(call.id);
  const bool progress_timed = spawn != collected.spawn_ms.end();
  ResultKind kind = KindOf(result);
  if (kind == ResultKind::kNotRun) return std::string("not run");
  if (kind == ResultKind::kRejected) {
    if (!progress_timed) return std::string("rejected");
    kind = ResultKind::kInterrupted;  // it was running when the user stopped it
  }

  Candidate candidate;
  HistoryRun& run = candidate.run;
  run.source = "claude";
  run.key = call.id;
  run.tool_use_id = call.id;
  run.session = call.session;
  run.cwd = call.cwd;
  run.command = call.command;
  run.by_agent = true;

  const bool launched =
      kind == ResultKind::kBackground && call.run_in_background && !result.backgrounded_by_user;
  if (launched) {
    run.started_ms = result_ms;
    const std::optional<TaskEnd> end =
        FirstEnd(collected, call.id, result.background_task_id, result_ms);
    if (!end.has_value()) return std::string("background, no end");
    CloseWith(*end, run);
    candidate.foreground = false;
    return candidate;
  }

  if (progress_timed) {
    run.started_ms = std::clamp(spawn->second, *call.at_ms, result_ms);
  } else if (auto hook = collected.pre_hook_ms.find(call.id); hook != collected.pre_hook_ms.end()) {
    run.started_ms = std::clamp(hook->second, *call.at_ms, result_ms);
  } else {
    run.started_ms = TurnStart(collected, call, result_ms);
  }
  run.may_hold_wait = !progress_timed;
  run.duration_ms = result_ms - run.started_ms;
  candidate.start_guessed = !progress_timed;

  switch (kind) {
    case ResultKind::kFailed:
      run.outcome = Outcome::kFailed;
      break;
    case ResultKind::kTimedOut:
      run.outcome = Outcome::kCensored;
      break;
    case ResultKind::kInterrupted:
      run.outcome = Outcome::kInterrupted;
      break;
    case ResultKind::kBackground: {
      // Moved to the background while it ran: its end, if a line tells it, else what it ran.
      const std::optional<TaskEnd> end =
          FirstEnd(collected, call.id, result.background_task_id, result_ms);
      if (end.has_value()) {
        CloseWith(*end, run);
        candidate.foreground = false;
      } else {
        run.outcome = Outcome::kCensored;
      }
      break;
    }
    default:
      run.outcome = Outcome::kOk;
  }
  return candidate;
}

double Median(std::vector<int64_t> values) {
  const size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle),
                   values.end());
  const double upper = static_cast<double>(values[middle]);
  if (values.size() % 2 == 1) return upper;
  const int64_t lower =
      *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
  return (static_cast<double>(lower) + upper) / 2;
}

// Whether a gap-timed run is far longer than the same command's other runs in the file.
bool FarBeyondItsOtherRuns(const std::vector<Candidate>& candidates, size_t index) {
  const HistoryRun& run = candidates[index].run;
  if (*run.duration_ms <= kPromptWaitFloorMs) return false;
  std::vector<int64_t> others;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& other = candidates[i];
    if (i == index || other.run.command != run.command || !other.foreground ||
        !IsCompleteRun(other.run.outcome)) {
      continue;
    }
    others.push_back(*other.run.duration_ms);
  }
  if (others.empty()) return false;
  return static_cast<double>(*run.duration_ms) > kPromptWaitFactor * Median(std::move(others));
}

}  // namespace

HistoryRead ParseClaudeTranscript(std::string_view text) {
  Collected collected;
  size_t line_number = 0;
  for (size_t begin = 0; begin < text.size(); ++line_number) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    ReadLine(text.substr(begin, end - begin), line_number, collected);
    begin = end + 1;
  }

  HistoryRead read;
  read.entries = static_cast<int64_t>(collected.calls.size());
  std::vector<Candidate> candidates;
  for (const BashToolUse& call : collected.calls) {
    std::variant<Candidate, std::string> resolved = Resolve(collected, call);
    if (auto* reason = std::get_if<std::string>(&resolved)) {
      ++read.skipped[*reason];
      continue;
    }
    Candidate& candidate = std::get<Candidate>(resolved);
    // Had it run 2 s, a client that writes bash_progress would have written some.
    if (candidate.GapTimedForeground() && collected.writes_progress &&
        *candidate.run.duration_ms > kProgressSilenceMs) {
      ++read.skipped["prompt wait"];
      continue;
    }
    candidates.push_back(std::move(candidate));
  }
  std::vector<bool> waited(candidates.size(), false);
  for (size_t i = 0; i < candidates.size(); ++i) {
    waited[i] = candidates[i].GapTimedForeground() && IsCompleteRun(candidates[i].run.outcome) &&
                FarBeyondItsOtherRuns(candidates, i);
  }
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (waited[i]) {
      ++read.skipped["prompt wait"];
    } else {
      read.runs.push_back(std::move(candidates[i].run));
    }
  }
  return read;
}

}  // namespace bgprof
