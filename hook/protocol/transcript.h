// The few facts bgprof reads from a Claude Code transcript (JSON lines, fact sheet §5): the tool
// calls an assistant message issued together. Claude Code writes such a message one content block
// per line, lines sharing message.id, and every tool_use line is written before the first call's
// PreToolUse: the hook can see all the Bash calls the model just issued, not only its own.
// The format is the client's own, not an API, so every odd line is skipped rather than trusted.
#ifndef BGPROF_HOOK_PROTOCOL_TRANSCRIPT_H_
#define BGPROF_HOOK_PROTOCOL_TRANSCRIPT_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace bgprof {

struct TranscriptToolCall {
  std::string id;        // tool_use id ("toolu_...")
  std::string name;      // "Bash", "Read", ...
  nlohmann::json input;  // the tool's input object as written
};

// The tool calls of the assistant message that issued `tool_use_id`, in the order they were
// written, found in `tail`: the end of a transcript, whose first line may be cut (a line that does
// not parse is skipped). Empty when that call is not in `tail`, or the lines are odd (not JSON, not
// type "assistant", no message.id). Handles several tool_use blocks in one line as well as one per
// line. Only lines that mention the ids are parsed: this runs on a Bash call's hot path.
std::vector<TranscriptToolCall> ToolCallsOfSameMessage(std::string_view tail,
                                                       std::string_view tool_use_id);

}  // namespace bgprof

#endif  // BGPROF_HOOK_PROTOCOL_TRANSCRIPT_H_
