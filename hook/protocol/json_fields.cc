#include "hook/protocol/json_fields.h"

#include <cmath>

namespace bgprof {

using nlohmann::json;

std::string StringField(const json& object, const char* name) {
  if (!object.is_object()) return std::string();
  auto it = object.find(name);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

bool BoolField(const json& object, const char* name, bool when_absent) {
  if (!object.is_object()) return when_absent;
  auto it = object.find(name);
  if (it == object.end() || !it->is_boolean()) return when_absent;
  return it->get<bool>();
}

std::optional<int64_t> MillisField(const json& object, const char* name) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(name);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  const double value = it->get<double>();
  if (!std::isfinite(value) || value < 0 || value > 1e13) return std::nullopt;
  return static_cast<int64_t>(std::llround(value));
}

}  // namespace bgprof
