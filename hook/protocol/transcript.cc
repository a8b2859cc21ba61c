#include "hook/protocol/transcript.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "hook/protocol/json_fields.h"
#include "hook/protocol/lone_surrogates.h"

namespace bgprof {
namespace {

using nlohmann::json;

// The lines of `text` that hold `needle`, each once. Finding the needle before parsing keeps the
// cost of a long tail to one scan: only the few lines of the message are parsed.
std::vector<std::string_view> LinesWith(std::string_view text, std::string_view needle) {
  std::vector<std::string_view> lines;
  for (size_t at = text.find(needle); at != std::string_view::npos;) {
    const size_t newline_before = text.rfind('\n', at);
    const size_t begin = newline_before == std::string_view::npos ? 0 : newline_before + 1;
    const size_t end = std::min(text.find('\n', at + needle.size()), text.size());
    lines.push_back(text.substr(begin, end - begin));
    at = end == text.size() ? std::string_view::npos : text.find(needle, end + 1);
  }
  return lines;
}

// Ids are written as JSON strings: the quotes keep "toolu_01Test" from matching "toolu_01Test2".
std::string Quoted(std::string_view id) {
  std::string quoted = "\"";  // appended: GCC 12 -O3 warns of a false overlap in `"\"" + ...`
  quoted.append(id).append("\"");
  return quoted;
}

// The `message` object of an assistant line, or null for any other line (a cut first line, a
// user line whose tool_result names the call, garbage).
json AssistantMessage(std::string_view line) {
  const std::optional<std::string> repaired = WithLoneSurrogatesReplaced(line);
  json root = json::parse(repaired.has_value() ? std::string_view(*repaired) : line, nullptr,
                          /*allow_exceptions=*/false);
  if (!root.is_object() || StringField(root, "type") != "assistant") return json();
  auto message = root.find("message");
  if (message == root.end() || !message->is_object()) return json();
  return std::move(*message);
}

std::vector<TranscriptToolCall> ToolUses(const json& message) {
  std::vector<TranscriptToolCall> calls;
  auto content = message.find("content");
  if (content == message.end() || !content->is_array()) return calls;
  for (const json& block : *content) {
    if (!block.is_object() || StringField(block, "type") != "tool_use") continue;
    TranscriptToolCall call{.id = StringField(block, "id"), .name = StringField(block, "name")};
    if (call.id.empty()) continue;
    if (auto input = block.find("input"); input != block.end()) call.input = *input;
    calls.push_back(std::move(call));
  }
  return calls;
}

bool Issues(const json& message, std::string_view tool_use_id) {
  const std::vector<TranscriptToolCall> calls = ToolUses(message);
  return std::any_of(calls.begin(), calls.end(),
                     [&](const TranscriptToolCall& call) { return call.id == tool_use_id; });
}

// The id of the assistant message holding the tool_use `tool_use_id`, or empty.
std::string MessageIdOf(std::string_view tail, std::string_view tool_use_id) {
  for (std::string_view line : LinesWith(tail, Quoted(tool_use_id))) {
    const json message = AssistantMessage(line);
    if (message.is_object() && Issues(message, tool_use_id)) return StringField(message, "id");
  }
  return {};
}

}  // namespace

std::vector<TranscriptToolCall> ToolCallsOfSameMessage(std::string_view tail,
                                                       std::string_view tool_use_id) {
  if (tool_use_id.empty()) return {};
  const std::string message_id = MessageIdOf(tail, tool_use_id);
  if (message_id.empty()) return {};
  std::vector<TranscriptToolCall> calls;
  // The format is no API and lines are not known to be unique: a repeated call adds nothing. A
  // set, as a tail can hold thousands of calls.
  absl::flat_hash_set<std::string> seen;
  for (std::string_view line : LinesWith(tail, Quoted(message_id))) {
    const json message = AssistantMessage(line);
    if (!message.is_object() || StringField(message, "id") != message_id) continue;
    for (TranscriptToolCall& call : ToolUses(message)) {
      if (seen.insert(call.id).second) calls.push_back(std::move(call));
    }
  }
  return calls;
}

}  // namespace bgprof
