#include "hook/sibling_calls.h"

#include <algorithm>
#include <cstddef>

#include "absl/strings/str_join.h"
#include "hook/protocol/json_fields.h"
#include "hook/protocol/transcript.h"
#include "profiler/base/file_tail.h"
#include "profiler/command/redact.h"
#include "profiler/command/work_kind.h"
#include "profiler/learning/advice.h"
#include "profiler/learning/history.h"

namespace bgprof {
namespace {

// The tool calls of the message that issued `tool_use_id`, from the transcript's tail: the last
// few KiB, or more when the message may begin before them (its first call found is on the
// window's first line).
std::vector<TranscriptToolCall> CallsOfTheMessage(const std::string& transcript_path,
                                                  std::string_view tool_use_id) {
  for (size_t bytes : {kTranscriptFirstTailBytes, kTranscriptTailBytes}) {
    absl::StatusOr<std::string> tail = ReadFileTail(transcript_path, bytes);
    if (!tail.ok()) return {};
    std::vector<TranscriptToolCall> calls = ToolCallsOfSameMessage(*tail, tool_use_id);
    const std::string_view first_line = std::string_view(*tail).substr(0, tail->find('\n'));
    std::string first_id = "\"";  // appended: GCC 12 -O3 warns of a false overlap otherwise
    if (!calls.empty()) first_id.append(calls.front().id).append("\"");
    const bool may_begin_earlier =
        calls.empty() || first_line.find(first_id) != std::string_view::npos;
    if (!may_begin_earlier || bytes == kTranscriptTailBytes) return calls;
  }
  return {};
}

FamilyEstimate Named(const SiblingCall& call) {
  return FamilyEstimate{.family = call.line.signature().family, .estimate = call.estimate};
}

}  // namespace

size_t SiblingCalls::SlowCount() const {
  return static_cast<size_t>(
      std::count_if(calls.begin(), calls.end(), [](const SiblingCall& call) { return call.slow; }));
}

bool SiblingCalls::LaterCallWaitsForSelf() const {
  for (size_t j = self + 1; j < calls.size(); ++j) {
    if (waits[j][self]) return true;
  }
  return false;
}

std::vector<bool> SiblingCalls::TiedToSlowCalls() const {
  std::vector<bool> tied(calls.size(), false);
  for (size_t j = 0; j < calls.size(); ++j) {
    for (size_t i = 0; i < j; ++i) {
      if (waits[j][i] && (calls[i].slow || calls[j].slow)) tied[i] = tied[j] = true;
    }
  }
  return tied;
}

bool SiblingCalls::SelfInIndependentSlowGroup() const {
  if (calls.empty() || !calls[self].slow || SlowCount() < 2) return false;
  const std::vector<bool> tied = TiedToSlowCalls();
  return std::none_of(tied.begin(), tied.end(), [](bool is_tied) { return is_tied; });
}

std::string SiblingCalls::FirstCallContext(bool name_independent) const {
  if (calls.size() < 2 || self != 0 || SlowCount() == 0) return std::string();
  const std::vector<bool> tied = TiedToSlowCalls();
  std::vector<FamilyEstimate> named;
  std::vector<std::string> chain;
  for (size_t i = 0; i < calls.size(); ++i) {
    if (!tied[i]) continue;
    named.push_back(Named(calls[i]));
    chain.push_back(calls[i].command);
  }
  if (!named.empty()) return DependentCallsContext(named, absl::StrJoin(chain, " && "));
  if (!name_independent || SlowCount() < 2) return std::string();
  double total_ms = 0;
  for (const SiblingCall& call : calls) {
    total_ms += call.estimate.median_ms.value_or(0);
    if (call.slow) named.push_back(Named(call));
  }
  return IndependentCallsContext(named, total_ms);
}

SiblingCalls FindSiblingCalls(Store& store, const HookEvent& event, const SiblingCall& self,
                              std::string_view project, const Thresholds& thresholds) {
  SiblingCalls siblings;
  if (event.transcript_path.empty() || event.tool_use_id.empty()) return siblings;
  const std::vector<TranscriptToolCall> message =
      CallsOfTheMessage(event.transcript_path, event.tool_use_id);
  const auto is_bash = [](const TranscriptToolCall& call) {
    return call.name == "Bash" && call.input.is_object();
  };
  if (std::count_if(message.begin(), message.end(), is_bash) >
      static_cast<std::ptrdiff_t>(kMaxSiblingCalls)) {
    return siblings;
  }
  ReadScope snapshot(store);
  std::vector<SiblingCall> calls;
  std::optional<size_t> self_at;
  for (const TranscriptToolCall& call : message) {
    if (!is_bash(call)) continue;
    if (call.id == event.tool_use_id) {
      self_at = calls.size();
      calls.push_back(self);
      continue;
    }
    auto command = call.input.find("command");
    if (command == call.input.end() || !command->is_string()) continue;
    SiblingCall sibling{.command = RedactSecrets(command->get<std::string>())};
    sibling.line = AnalyzeCommandLine(sibling.command);
    absl::StatusOr<Estimate> estimate =
        PredictCommandLine(store, sibling.line, project,
                           CallHints{.requested_timeout_ms = MillisField(call.input, "timeout")});
    if (!estimate.ok()) return siblings;
    sibling.estimate = *estimate;
    sibling.slow = !BoolField(call.input, "run_in_background") &&
                   Decide(sibling.estimate, thresholds) == Decision::kSuggest;
    calls.push_back(std::move(sibling));
  }
  if (calls.size() < 2 || !self_at.has_value()) return siblings;
  siblings.waits.assign(calls.size(), std::vector<bool>(calls.size(), false));
  for (size_t j = 0; j < calls.size(); ++j) {
    for (size_t i = 0; i < j; ++i) siblings.waits[j][i] = MustWaitFor(calls[i].line, calls[j].line);
  }
  siblings.calls = std::move(calls);
  siblings.self = *self_at;
  return siblings;
}

}  // namespace bgprof
