// Fields of Claude Code's JSON read leniently: a missing field or one of the wrong type is
// absent, never an error, because clients from 2.0.x to 2.1.3xx differ.
#ifndef BGPROF_HOOK_PROTOCOL_JSON_FIELDS_H_
#define BGPROF_HOOK_PROTOCOL_JSON_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace bgprof {

// The string `object[name]`, or "" (also when `object` is not an object).
std::string StringField(const nlohmann::json& object, const char* name);

// `object[name]` when it is a boolean, else `when_absent`.
bool BoolField(const nlohmann::json& object, const char* name, bool when_absent = false);

// `object[name]` as whole milliseconds: a finite number from 0 to 1e13, rounded.
std::optional<int64_t> MillisField(const nlohmann::json& object, const char* name);

}  // namespace bgprof

#endif  // BGPROF_HOOK_PROTOCOL_JSON_FIELDS_H_
