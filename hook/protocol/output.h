// What bgprof prints back to Claude Code. Only safe channels are produced here: context for the
// model, never a permission decision or rewritten input.
#ifndef BGPROF_HOOK_PROTOCOL_OUTPUT_H_
#define BGPROF_HOOK_PROTOCOL_OUTPUT_H_

#include <string>
#include <string_view>

namespace bgprof {

// One JSON line for a PreToolUse hook whose `additionalContext` the model reads next to the
// call's result.
std::string PreToolUseContext(std::string_view text);

}  // namespace bgprof

#endif  // BGPROF_HOOK_PROTOCOL_OUTPUT_H_
