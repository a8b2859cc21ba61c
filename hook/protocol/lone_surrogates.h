// JSON text as Node writes it. JSON.stringify escapes half of a UTF-16 surrogate pair on its own
// (`"\ud800"`, from a string cut mid-character), and nlohmann/json refuses such an escape, which
// would make a whole hook event or transcript line unreadable for one character.
#ifndef BGPROF_HOOK_PROTOCOL_LONE_SURROGATES_H_
#define BGPROF_HOOK_PROTOCOL_LONE_SURROGATES_H_

#include <optional>
#include <string>
#include <string_view>

namespace bgprof {

// `json_text` with every lone surrogate escape (a `\uD800`-`\uDBFF` not followed by a
// `\uDC00`-`\uDFFF`, or such a low one alone) replaced by `\ufffd`, the replacement character;
// escaped backslashes and valid pairs are left alone. One pass, same length. nullopt when
// there is nothing to replace, so that the usual event is not copied.
std::optional<std::string> WithLoneSurrogatesReplaced(std::string_view json_text);

}  // namespace bgprof

#endif  // BGPROF_HOOK_PROTOCOL_LONE_SURROGATES_H_
